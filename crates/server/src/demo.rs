//! Demo data for `--demo`: organisations and accounts a newcomer can sign in with.
//! Loading twice changes nothing.

use arkki_api::account::Role;
use sqlx::SqlitePool;

use crate::account::{password, store::format_roles};
use crate::now;

/// The password of every demo account. Never created without `--demo`.
pub const DEMO_PASSWORD: &str = "arkki-demo";

pub const SCHOOL: &str = "Demo School";
pub const COMPANY: &str = "Demo Builders Ltd";

struct DemoAccount {
    username: &'static str,
    display_name: &'static str,
    organisation: Option<&'static str>,
    roles: &'static [Role],
    must_change_password: bool,
}

const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "admin",
        display_name: "Ada Ylläpitäjä",
        organisation: None,
        roles: &[Role::Administrator],
        must_change_password: false,
    },
    DemoAccount {
        username: "rehtori",
        display_name: "Riitta Rehtori",
        organisation: Some(SCHOOL),
        roles: &[Role::OrganisationAdmin],
        must_change_password: false,
    },
    DemoAccount {
        username: "opettaja",
        display_name: "Olli Opettaja",
        organisation: Some(SCHOOL),
        roles: &[Role::Teacher],
        must_change_password: false,
    },
    DemoAccount {
        username: "oppilas",
        display_name: "Oona Oppilas",
        organisation: Some(SCHOOL),
        roles: &[Role::Student],
        must_change_password: false,
    },
    DemoAccount {
        username: "avainkayttaja",
        display_name: "Aki Avainkäyttäjä",
        organisation: Some(COMPANY),
        roles: &[Role::KeyUser],
        must_change_password: false,
    },
    DemoAccount {
        username: "jasen",
        display_name: "Jenni Jäsen",
        organisation: Some(COMPANY),
        roles: &[Role::Member],
        must_change_password: false,
    },
    DemoAccount {
        username: "uusi",
        display_name: "Urho Uusi",
        organisation: Some(SCHOOL),
        roles: &[Role::Student],
        must_change_password: true,
    },
];

async fn organisation_id(db: &SqlitePool, name: &str, kind: &str) -> Result<i64, sqlx::Error> {
    if let Some(id) = sqlx::query_scalar("SELECT id FROM organisations WHERE name = ?")
        .bind(name)
        .fetch_optional(db)
        .await?
    {
        return Ok(id);
    }
    sqlx::query_scalar(
        "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(kind)
    .bind(now())
    .fetch_one(db)
    .await
}

pub async fn load(db: &SqlitePool) -> Result<(), sqlx::Error> {
    let school = organisation_id(db, SCHOOL, "school").await?;
    let company = organisation_id(db, COMPANY, "company").await?;
    let hash = password::hash_now(DEMO_PASSWORD);
    for account in ACCOUNTS {
        let org = account
            .organisation
            .map(|name| if name == SCHOOL { school } else { company });
        sqlx::query(
            "INSERT INTO users (username, display_name, organisation_id, roles, password_hash, \
             must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (username) DO NOTHING",
        )
        .bind(account.username)
        .bind(account.display_name)
        .bind(org)
        .bind(format_roles(account.roles))
        .bind(&hash)
        .bind(account.must_change_password)
        .bind(now())
        .execute(db)
        .await?;
    }
    Ok(())
}
