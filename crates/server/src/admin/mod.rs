//! Administration: organisations (administrators) and accounts (administrators, and
//! organisation admins within their own organisation). Every rule comes from
//! `arkki_api::admin` and is enforced here, whatever the app shows.

use arkki_api::account::{Role, User};
use arkki_api::admin::{
    account_capabilities, may_administer_accounts, may_administer_accounts_in,
    may_administer_organisations, may_assign_roles, AccountUpdate, AdministeredAccount,
    InitialPassword, NewAccount, NewOrganisation, Organisation, OrganisationCapabilities,
    OrganisationKind, OrganisationRename,
};
use arkki_api::paging::{clamp_limit, Page};
use arkki_api::validation::{
    check_display_name, check_email, check_organisation_name, check_username, FieldErrors,
};
use arkki_api::ErrorCode;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::account::store::{self, format_roles, UserRow, USER_COLUMNS, USER_FROM};
use crate::account::{password, Gated};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{now, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/organisations",
            get(list_organisations).post(create_organisation),
        )
        .route("/admin/organisations/{id}", patch(rename_organisation))
        .route("/admin/users", get(list_accounts).post(create_account))
        .route("/admin/users/{id}", get(get_account).patch(update_account))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/deletion-requests", get(deletion_requests))
        .route(
            "/admin/deletion-requests/{id}/complete",
            post(complete_deletion),
        )
}

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    organisation_id: Option<i64>,
    after: Option<String>,
    limit: Option<u32>,
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    name: String,
    kind: String,
    version: i64,
}

fn organisation(actor: &User, row: OrganisationRow) -> Organisation {
    Organisation {
        can: OrganisationCapabilities {
            rename: may_administer_organisations(actor),
            manage_users: may_administer_accounts_in(actor, Some(row.id)),
        },
        id: row.id,
        name: row.name,
        kind: OrganisationKind::parse(&row.kind).unwrap_or(OrganisationKind::School),
        version: row.version,
    }
}

async fn organisation_kind(
    state: &AppState,
    id: Option<i64>,
) -> ApiResult<Option<OrganisationKind>> {
    let Some(id) = id else { return Ok(None) };
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = ?")
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    let kind = kind.ok_or_else(|| ApiError::field("organisation_id", "unknown"))?;
    Ok(OrganisationKind::parse(&kind))
}

async fn list_organisations(
    State(state): State<AppState>,
    Gated(session): Gated,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Page<Organisation>>> {
    let actor = &session.user;
    if !may_administer_accounts(actor) {
        return Err(ApiError::denied());
    }
    let limit = clamp_limit(query.limit);
    let after: i64 = query.after.and_then(|a| a.parse().ok()).unwrap_or(0);
    // An organisation admin sees their own organisation only.
    let only: Option<i64> = if may_administer_organisations(actor) {
        None
    } else {
        actor.organisation.as_ref().map(|o| o.id)
    };
    let rows: Vec<OrganisationRow> = sqlx::query_as(
        "SELECT id, name, kind, version FROM organisations \
         WHERE id > ? AND (? IS NULL OR id = ?) ORDER BY id LIMIT ?",
    )
    .bind(after)
    .bind(only)
    .bind(only)
    .bind(limit as i64 + 1)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(page(
        rows,
        limit,
        |r| r.id.to_string(),
        |r| organisation(actor, r),
    )))
}

fn page<R, T>(
    mut rows: Vec<R>,
    limit: u32,
    cursor: impl Fn(&R) -> String,
    map: impl FnMut(R) -> T,
) -> Page<T> {
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(cursor)
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        next,
    }
}

async fn create_organisation(
    State(state): State<AppState>,
    Gated(session): Gated,
    ApiJson(new): ApiJson<NewOrganisation>,
) -> ApiResult<(StatusCode, Json<Organisation>)> {
    if !may_administer_organisations(&session.user) {
        return Err(ApiError::denied());
    }
    if let Err(problem) = check_organisation_name(&new.name) {
        return Err(ApiError::validation(vec![problem.on("name")]));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(new.name.trim())
    .bind(new.kind.as_str())
    .bind(now())
    .fetch_one(&state.db)
    .await?;
    let row = OrganisationRow {
        id,
        name: new.name.trim().to_owned(),
        kind: new.kind.as_str().to_owned(),
        version: 1,
    };
    Ok((StatusCode::CREATED, Json(organisation(&session.user, row))))
}

async fn rename_organisation(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
    ApiJson(rename): ApiJson<OrganisationRename>,
) -> ApiResult<Json<Organisation>> {
    if !may_administer_organisations(&session.user) {
        return Err(ApiError::denied());
    }
    if let Err(problem) = check_organisation_name(&rename.name) {
        return Err(ApiError::validation(vec![problem.on("name")]));
    }
    let changed = sqlx::query(
        "UPDATE organisations SET name = ?, version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(rename.name.trim())
    .bind(id)
    .bind(rename.version)
    .execute(&state.db)
    .await?
    .rows_affected();
    let row: Option<OrganisationRow> =
        sqlx::query_as("SELECT id, name, kind, version FROM organisations WHERE id = ?")
            .bind(id)
            .fetch_optional(&state.db)
            .await?;
    let row = row.ok_or_else(ApiError::not_found)?;
    if changed == 0 {
        return Err(ApiError::conflict());
    }
    Ok(Json(organisation(&session.user, row)))
}

fn administered(actor: &User, user: User) -> AdministeredAccount {
    AdministeredAccount {
        can: account_capabilities(actor, &user),
        user,
    }
}

/// LIKE pattern for a search term, with the wildcards in the term taken literally.
fn like_pattern(term: &str) -> String {
    let escaped = term
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

async fn list_accounts(
    State(state): State<AppState>,
    Gated(session): Gated,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Page<AdministeredAccount>>> {
    let actor = &session.user;
    if !may_administer_accounts(actor) {
        return Err(ApiError::denied());
    }
    let limit = clamp_limit(query.limit);
    let organisation_id = if actor.has_role(Role::Administrator) {
        query.organisation_id
    } else {
        actor.organisation.as_ref().map(|o| o.id)
    };
    if let Some(requested) = query.organisation_id {
        if !may_administer_accounts_in(actor, Some(requested)) {
            return Err(ApiError::denied());
        }
    }
    let search = query
        .q
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty())
        .map(|q| like_pattern(&q.chars().take(100).collect::<String>()));
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM {USER_FROM} \
         WHERE u.username > ? AND (? IS NULL OR u.organisation_id = ?) \
         AND (? IS NULL OR lower(u.username) LIKE ? ESCAPE '\\' \
              OR lower(u.display_name) LIKE ? ESCAPE '\\' OR lower(u.email) LIKE ? ESCAPE '\\') \
         ORDER BY u.username LIMIT ?"
    );
    let rows: Vec<UserRow> = sqlx::query_as(&sql)
        .bind(query.after.unwrap_or_default())
        .bind(organisation_id)
        .bind(organisation_id)
        .bind(&search)
        .bind(&search)
        .bind(&search)
        .bind(&search)
        .bind(limit as i64 + 1)
        .fetch_all(&state.db)
        .await?;
    let users: Vec<User> = rows.into_iter().map(User::from).collect();
    Ok(Json(page(
        users,
        limit,
        |u| u.username.clone(),
        |u| administered(actor, u),
    )))
}

/// Loads an account that `actor` may see, or says why not.
async fn administered_account(state: &AppState, actor: &User, id: i64) -> ApiResult<User> {
    let user = store::user_by_id(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !may_administer_accounts_in(actor, user.organisation.as_ref().map(|o| o.id)) {
        return Err(ApiError::denied());
    }
    Ok(user)
}

async fn get_account(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
) -> ApiResult<Json<AdministeredAccount>> {
    let user = administered_account(&state, &session.user, id).await?;
    Ok(Json(administered(&session.user, user)))
}

async fn create_account(
    State(state): State<AppState>,
    Gated(session): Gated,
    ApiJson(new): ApiJson<NewAccount>,
) -> ApiResult<(StatusCode, Json<InitialPassword>)> {
    let actor = &session.user;
    if !may_administer_accounts_in(actor, new.organisation_id) {
        return Err(ApiError::denied());
    }
    let username = new.username.trim().to_lowercase();
    let mut errors = FieldErrors::default();
    errors
        .check("username", check_username(&username))
        .check("display_name", check_display_name(&new.display_name))
        .check("email", check_email(&new.email));
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    let kind = organisation_kind(&state, new.organisation_id).await?;
    if !may_assign_roles(actor, kind, &new.roles) {
        return Err(ApiError::field("roles", "not_allowed"));
    }
    let initial = password::initial_password();
    let hash = password::hash(initial.clone()).await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, email, locale, organisation_id, roles, \
         password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) \
         ON CONFLICT (username) DO NOTHING RETURNING id",
    )
    .bind(&username)
    .bind(new.display_name.trim())
    .bind(new.email.trim())
    .bind(new.locale.code())
    .bind(new.organisation_id)
    .bind(format_roles(&new.roles))
    .bind(hash)
    .bind(now())
    .fetch_optional(&state.db)
    .await?;
    let id = inserted.ok_or_else(|| ApiError::field("username", "taken"))?;
    let user = store::user_by_id(&state.db, id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    Ok((
        StatusCode::CREATED,
        Json(InitialPassword {
            user,
            initial_password: initial,
        }),
    ))
}

async fn update_account(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
    ApiJson(update): ApiJson<AccountUpdate>,
) -> ApiResult<Json<AdministeredAccount>> {
    let actor = &session.user;
    let target = administered_account(&state, actor, id).await?;
    let can = account_capabilities(actor, &target);
    let mut errors = FieldErrors::default();
    if let Some(name) = &update.display_name {
        errors.check("display_name", check_display_name(name));
    }
    if let Some(email) = &update.email {
        errors.check("email", check_email(email));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    if !can.edit
        || (update.active.is_some_and(|a| a != target.active) && !can.deactivate)
        || (update.roles.is_some() && !can.change_roles)
    {
        return Err(ApiError::denied());
    }
    if let Some(roles) = &update.roles {
        let kind = organisation_kind(&state, target.organisation.as_ref().map(|o| o.id)).await?;
        // Roles the target already has that the actor may not hand out stay as they are.
        if !may_assign_roles(actor, kind, roles) {
            return Err(ApiError::field("roles", "not_allowed"));
        }
    }
    let changed = sqlx::query(
        "UPDATE users SET display_name = ?, email = ?, roles = ?, active = ?, \
         version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(
        update
            .display_name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&target.display_name),
    )
    .bind(
        update
            .email
            .as_deref()
            .map(str::trim)
            .unwrap_or(&target.email),
    )
    .bind(format_roles(
        update.roles.as_deref().unwrap_or(&target.roles),
    ))
    .bind(update.active.unwrap_or(target.active))
    .bind(id)
    .bind(update.version)
    .execute(&state.db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict());
    }
    if update.active == Some(false) {
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(id)
            .execute(&state.db)
            .await?;
    }
    let user = store::user_by_id(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(administered(actor, user)))
}

async fn reset_password(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
) -> ApiResult<Json<InitialPassword>> {
    let actor = &session.user;
    let target = administered_account(&state, actor, id).await?;
    if !account_capabilities(actor, &target).reset_password {
        return Err(ApiError::denied());
    }
    let initial = password::initial_password();
    let hash = password::hash(initial.clone()).await?;
    store::set_password(&state.db, id, &hash, true).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(id)
        .execute(&state.db)
        .await?;
    let user = store::user_by_id(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(InitialPassword {
        user,
        initial_password: initial,
    }))
}

#[derive(sqlx::FromRow)]
struct DeletionRow {
    id: i64,
    user_id: i64,
    requested_at: i64,
}

/// Open deletion requests of the accounts the caller administers, oldest first.
async fn deletion_requests(
    State(state): State<AppState>,
    Gated(session): Gated,
) -> ApiResult<Json<Vec<arkki_api::admin::DeletionRequest>>> {
    let actor = &session.user;
    if !may_administer_accounts(actor) {
        return Err(ApiError::denied());
    }
    let rows: Vec<DeletionRow> = sqlx::query_as(
        "SELECT id, user_id, requested_at FROM account_deletion_requests \
         WHERE completed_at IS NULL ORDER BY requested_at, id LIMIT 200",
    )
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let Some(user) = store::user_by_id(&state.db, row.user_id).await? else {
            continue;
        };
        if may_administer_accounts_in(actor, user.organisation.as_ref().map(|o| o.id))
            && account_capabilities(actor, &user).deactivate
        {
            out.push(arkki_api::admin::DeletionRequest {
                id: row.id,
                user,
                requested_at: row.requested_at,
            });
        }
    }
    Ok(Json(out))
}

/// Completes a deletion request by anonymising the account: name, email and username are
/// replaced, it can no longer sign in, and its sessions end. Terms events stay as proof.
async fn complete_deletion(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let actor = &session.user;
    let row: Option<DeletionRow> = sqlx::query_as(
        "SELECT id, user_id, requested_at FROM account_deletion_requests \
         WHERE id = ? AND completed_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?;
    let row = row.ok_or_else(ApiError::not_found)?;
    let target = administered_account(&state, actor, row.user_id).await?;
    if !account_capabilities(actor, &target).deactivate {
        return Err(ApiError::denied());
    }
    let unusable = password::hash(password::random_token()).await?;
    // A colon is not allowed in usernames, so the placeholder can never collide with one.
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE users SET username = ?, display_name = ?, email = '', active = 0, \
         password_hash = ?, must_change_password = 0, version = version + 1 WHERE id = ?",
    )
    .bind(format!("deleted:{}", target.id))
    .bind(format!("— {} —", target.id))
    .bind(unusable)
    .bind(target.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(target.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE account_deletion_requests SET completed_at = ?, completed_by = ? WHERE user_id = ? AND completed_at IS NULL")
        .bind(now())
        .bind(actor.id)
        .bind(target.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn search_wildcards_are_literal() {
        assert_eq!(like_pattern("a%b_c"), "%a\\%b\\_c%");
        assert_eq!(like_pattern("maija"), "%maija%");
    }
}
