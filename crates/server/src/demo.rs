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

/// Original sample terms, written for Arkki's demo: (name, kind, compulsory, audience,
/// [(locale, markdown)]).
type DemoDocument = (
    &'static str,
    &'static str,
    bool,
    &'static str,
    [(&'static str, &'static str); 3],
);

const DOCUMENTS: [DemoDocument; 3] = [
    (
        "Käyttöehdot",
        "terms_of_service",
        true,
        r#"{"kind":"everyone"}"#,
        [
            ("fi", include_str!("demo_terms/terms_fi.md")),
            ("sv", include_str!("demo_terms/terms_sv.md")),
            ("en", include_str!("demo_terms/terms_en.md")),
        ],
    ),
    (
        "Tietosuojaseloste",
        "privacy_notice",
        true,
        r#"{"kind":"everyone"}"#,
        [
            ("fi", include_str!("demo_terms/privacy_fi.md")),
            ("sv", include_str!("demo_terms/privacy_sv.md")),
            ("en", include_str!("demo_terms/privacy_en.md")),
        ],
    ),
    (
        "Tutkimussuostumus",
        "research_consent",
        false,
        r#"{"kind":"role","role":"student"}"#,
        [
            ("fi", include_str!("demo_terms/research_fi.md")),
            ("sv", include_str!("demo_terms/research_sv.md")),
            ("en", include_str!("demo_terms/research_en.md")),
        ],
    ),
];

/// The title is the Markdown's first heading.
fn heading(markdown: &str) -> &str {
    markdown
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or("Arkki")
}

/// Publishes the sample terms once; every demo account but `uusi` has accepted the
/// compulsory ones, and `oppilas` everything, so `uusi` alone meets the gate.
async fn load_terms(db: &SqlitePool) -> Result<(), sqlx::Error> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM terms_documents")
        .fetch_one(db)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let published = now() - 86_400;
    for (position, (name, kind, compulsory, audience, texts)) in DOCUMENTS.iter().enumerate() {
        let document: i64 = sqlx::query_scalar(
            "INSERT INTO terms_documents (name, kind, position, compulsory, audience, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(kind)
        .bind(position as i64)
        .bind(compulsory)
        .bind(audience)
        .bind(published)
        .fetch_one(db)
        .await?;
        let version: i64 = sqlx::query_scalar(
            "INSERT INTO terms_versions (document_id, created_at) VALUES (?, ?) RETURNING id",
        )
        .bind(document)
        .bind(published)
        .fetch_one(db)
        .await?;
        for (locale, markdown) in texts {
            sqlx::query(
                "INSERT INTO terms_texts (version_id, locale, title, body_markdown, body_html, sha256) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(version)
            .bind(locale)
            .bind(heading(markdown))
            .bind(markdown)
            .bind(crate::terms::markdown::render(markdown))
            .bind(crate::terms::admin::sha256_hex(markdown))
            .execute(db)
            .await?;
        }
        sqlx::query(
            "UPDATE terms_versions SET effective_at = ?, published_at = ?, material = 1 WHERE id = ?",
        )
        .bind(published)
        .bind(published)
        .bind(version)
        .execute(db)
        .await?;
        let fi_hash = crate::terms::admin::sha256_hex(texts[0].1);
        let accepting: &[&str] = if *compulsory {
            &[
                "admin",
                "rehtori",
                "opettaja",
                "oppilas",
                "avainkayttaja",
                "jasen",
            ]
        } else {
            &["oppilas"]
        };
        for username in accepting {
            sqlx::query(
                "INSERT INTO terms_events (user_id, acting_user_id, document_id, version_id, kind, \
                 locale, content_sha256, at, user_agent) SELECT id, id, ?, ?, 'accepted', 'fi', ?, ?, \
                 'demo data' FROM users WHERE username = ?",
            )
            .bind(document)
            .bind(version)
            .bind(&fi_hash)
            .bind(published)
            .bind(username)
            .execute(db)
            .await?;
        }
    }
    Ok(())
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
    load_terms(db).await
}
