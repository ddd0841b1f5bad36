//! Reading and writing accounts.

use arkki_api::account::{Locale, OrganisationRef, Role, User};
use sqlx::SqlitePool;

/// The columns every account query selects, joined with the organisation's name.
pub const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.email, u.locale, \
     u.organisation_id, o.name AS organisation_name, u.roles, u.must_change_password, \
     u.active, u.version";
pub const USER_FROM: &str = "users u LEFT JOIN organisations o ON o.id = u.organisation_id";

#[derive(sqlx::FromRow)]
pub struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    email: String,
    locale: String,
    organisation_id: Option<i64>,
    organisation_name: Option<String>,
    roles: String,
    must_change_password: bool,
    active: bool,
    version: i64,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            email: row.email,
            locale: Locale::from_code(&row.locale).unwrap_or_default(),
            organisation: match (row.organisation_id, row.organisation_name) {
                (Some(id), Some(name)) => Some(OrganisationRef { id, name }),
                _ => None,
            },
            roles: parse_roles(&row.roles),
            must_change_password: row.must_change_password,
            active: row.active,
            version: row.version,
        }
    }
}

pub fn parse_roles(text: &str) -> Vec<Role> {
    let mut roles: Vec<Role> = text.split(',').filter_map(Role::parse).collect();
    roles.sort();
    roles.dedup();
    roles
}

pub fn format_roles(roles: &[Role]) -> String {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub async fn user_by_id(db: &SqlitePool, id: i64) -> Result<Option<User>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE u.id = ?");
    let row: Option<UserRow> = sqlx::query_as(&sql).bind(id).fetch_optional(db).await?;
    Ok(row.map(User::from))
}

/// An account's id, password hash and whether it may sign in, by username.
pub async fn credentials(
    db: &SqlitePool,
    username: &str,
) -> Result<Option<(i64, String, bool)>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, active FROM users WHERE username = ?")
        .bind(username)
        .fetch_optional(db)
        .await
}

pub async fn password_hash(db: &SqlitePool, user_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_one(db)
        .await
}

/// Stores a new password hash. `must_change` marks an administrator-issued password.
pub async fn set_password(
    db: &SqlitePool,
    user_id: i64,
    hash: &str,
    must_change: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = ?, must_change_password = ?, version = version + 1 \
         WHERE id = ?",
    )
    .bind(hash)
    .bind(must_change)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(())
}
