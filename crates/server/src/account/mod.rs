//! Sign-in, sign-out, the own profile and password, export, and sessions.

pub mod password;
pub mod session;
pub mod store;

use arkki_api::account::{
    broken_password_rules, AccountCapabilities, Me, PasswordChange, ProfileUpdate, SessionCreated,
    SignInRequest, User, CSRF_HEADER,
};
use arkki_api::admin::{may_administer_accounts, may_administer_organisations};
use arkki_api::validation::{check_display_name, check_email, FieldErrors};
use arkki_api::{ErrorCode, FieldError, Problem};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{now, AppState};
pub use session::{Gated, Session, SignedIn};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/me", get(me).patch(update_profile))
        .route("/me/password", post(change_password))
        .route("/me/export", get(export))
        .route("/me/sessions", delete(sign_out_everywhere))
        .route("/me/deletion-request", post(request_deletion))
}

pub fn capabilities(user: &User) -> AccountCapabilities {
    AccountCapabilities {
        administer_organisations: may_administer_organisations(user),
        administer_users: may_administer_accounts(user),
        administer_terms: user.has_role(arkki_api::account::Role::Administrator),
        record_terms_on_behalf: arkki_api::terms::records_on_behalf(user),
    }
}

/// The client's address when the server knows it (the socket's peer); behind a proxy
/// every request shares the proxy's address, so the per-address limit is generous.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Seconds a throttled key must still wait, if it has used up its `attempts`.
async fn throttled_for(state: &AppState, key: &str, attempts: u32) -> ApiResult<Option<u64>> {
    let window = state.config.sign_in_window.as_secs() as i64;
    let since = now() - window;
    let (count, oldest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE key = ? AND at > ?")
            .bind(key)
            .bind(since)
            .fetch_one(&state.db)
            .await?;
    if count >= attempts as i64 {
        let wait = oldest.unwrap_or(now()) + window - now();
        return Ok(Some(wait.max(1) as u64));
    }
    Ok(None)
}

async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SignInRequest>,
) -> ApiResult<Response> {
    let username = request.username.trim().to_lowercase();
    // The key is the username as typed, whether or not it exists: throttling only known
    // usernames would tell an attacker which ones are real.
    let key = format!("user:{username}");
    let address_key = address.map(|a| format!("address:{a}"));
    let mut wait = throttled_for(&state, &key, state.config.sign_in_attempts).await?;
    if let Some(address_key) = &address_key {
        let by_address = throttled_for(
            &state,
            address_key,
            state.config.sign_in_attempts_per_address,
        )
        .await?;
        wait = wait.max(by_address);
    }
    if let Some(wait) = wait {
        let mut problem = Problem::new(ErrorCode::RateLimited);
        problem.retry_after = Some(wait);
        return Err(ApiError::from(problem));
    }
    let found = if username.len() <= 64 {
        store::credentials(&state.db, &username).await?
    } else {
        None
    };
    let password_ok = request.password.len() <= 1024
        && password::verify(request.password, found.as_ref().map(|f| f.1.clone())).await;
    let (user_id, active) = match (found, password_ok) {
        (Some((id, _, active)), true) => (id, active),
        _ => {
            for key in std::iter::once(&key).chain(address_key.as_ref()) {
                sqlx::query("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)")
                    .bind(key)
                    .bind(now())
                    .execute(&state.db)
                    .await?;
            }
            return Err(ErrorCode::InvalidCredentials.into());
        }
    };
    if !active {
        return Err(ErrorCode::AccountInactive.into());
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE key = ? OR at < ?")
        .bind(&key)
        .bind(now() - state.config.sign_in_window.as_secs() as i64)
        .execute(&state.db)
        .await?;

    let token = password::random_token();
    let csrf_token = password::random_token();
    let user_agent: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let idle = state.config.session_idle.as_secs() as i64;
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND last_seen_at < ?")
        .bind(user_id)
        .bind(now() - idle)
        .execute(&state.db)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, user_agent) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(session::token_id(&token))
    .bind(user_id)
    .bind(&csrf_token)
    .bind(now())
    .bind(now())
    .bind(user_agent)
    .execute(&state.db)
    .await?;
    let user = store::user_by_id(&state.db, user_id)
        .await?
        .ok_or(ErrorCode::Internal)?;
    let body = SessionCreated {
        can: capabilities(&user),
        pending_terms: crate::terms::store::pending(&state.db, &user, now()).await?,
        user,
        csrf_token,
    };
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::session_cookie(&token, state.config.secure_cookies),
    );
    Ok(response)
}

async fn sign_out(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<Response> {
    sqlx::query("DELETE FROM sessions WHERE id = ?")
        .bind(&session.id)
        .execute(&state.db)
        .await?;
    Ok(signed_out(&state))
}

fn signed_out(state: &AppState) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::cleared_cookie(state.config.secure_cookies),
    );
    response
}

async fn sign_out_everywhere(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<Response> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(session.user.id)
        .execute(&state.db)
        .await?;
    Ok(signed_out(&state))
}

/// The signed-in user. The CSRF token travels in a header so that a reloaded app can
/// continue the session without signing in again.
async fn me(State(state): State<AppState>, SignedIn(session): SignedIn) -> ApiResult<Response> {
    let body = Me {
        can: capabilities(&session.user),
        pending_terms: crate::terms::store::pending(&state.db, &session.user, now()).await?,
        user: session.user,
    };
    let mut response = Json(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&session.csrf_token) {
        response.headers_mut().insert(CSRF_HEADER, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn update_profile(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> ApiResult<Json<Me>> {
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
    let user = &session.user;
    if update.version.is_some_and(|v| v != user.version) {
        return Err(ApiError::conflict());
    }
    let display_name = update
        .display_name
        .map(|n| n.trim().to_owned())
        .unwrap_or_else(|| user.display_name.clone());
    let email = update
        .email
        .map(|e| e.trim().to_owned())
        .unwrap_or_else(|| user.email.clone());
    let locale = update.locale.unwrap_or(user.locale);
    let changed = sqlx::query(
        "UPDATE users SET display_name = ?, email = ?, locale = ?, version = version + 1 \
         WHERE id = ? AND version = ?",
    )
    .bind(display_name)
    .bind(email)
    .bind(locale.code())
    .bind(user.id)
    .bind(user.version)
    .execute(&state.db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict());
    }
    let user = store::user_by_id(&state.db, user.id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    Ok(Json(Me {
        can: capabilities(&user),
        pending_terms: crate::terms::store::pending(&state.db, &user, now()).await?,
        user,
    }))
}

async fn change_password(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    ApiJson(change): ApiJson<PasswordChange>,
) -> ApiResult<Json<Me>> {
    let user = &session.user;
    let stored = store::password_hash(&state.db, user.id).await?;
    if change.current_password.len() > 1024
        || !password::verify(change.current_password.clone(), Some(stored)).await
    {
        return Err(ApiError::field("current_password", "incorrect"));
    }
    let broken = broken_password_rules(&change.new_password, &user.username);
    if !broken.is_empty() {
        return Err(ApiError::validation(
            broken
                .into_iter()
                .map(|rule| FieldError {
                    field: "new_password".into(),
                    code: rule.code().into(),
                })
                .collect(),
        ));
    }
    if change.new_password == change.current_password {
        return Err(ApiError::field("new_password", "unchanged"));
    }
    let hash = password::hash(change.new_password).await?;
    store::set_password(&state.db, user.id, &hash, false).await?;
    // A changed password ends every other session: whoever knew the old one is out.
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND id <> ?")
        .bind(user.id)
        .bind(&session.id)
        .execute(&state.db)
        .await?;
    let user = store::user_by_id(&state.db, user.id)
        .await?
        .ok_or(ErrorCode::NotFound)?;
    Ok(Json(Me {
        can: capabilities(&user),
        pending_terms: crate::terms::store::pending(&state.db, &user, now()).await?,
        user,
    }))
}

#[derive(sqlx::FromRow, serde::Serialize)]
struct ExportedSession {
    created_at: i64,
    last_seen_at: i64,
    user_agent: String,
}

/// Everything stored about the caller, as one JSON file (GDPR art. 15 and 20).
async fn export(State(state): State<AppState>, SignedIn(session): SignedIn) -> ApiResult<Response> {
    let user = &session.user;
    let sessions: Vec<ExportedSession> = sqlx::query_as(
        "SELECT created_at, last_seen_at, user_agent FROM sessions WHERE user_id = ? \
         ORDER BY created_at",
    )
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    let created_at: i64 = sqlx::query_scalar("SELECT created_at FROM users WHERE id = ?")
        .bind(user.id)
        .fetch_one(&state.db)
        .await?;
    let body = json!({
        "format": "arkki-personal-data-export/1",
        "exported_at": now(),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "locale": user.locale,
            "organisation": user.organisation,
            "roles": user.roles,
            "active": user.active,
            "created_at": created_at,
        },
        "sessions": sessions,
    });
    let filename = format!("arkki-{}.json", user.username);
    let bytes = serde_json::to_vec_pretty(&body).map_err(|_| ApiError::new(ErrorCode::Internal))?;
    crate::error::attachment(bytes, "application/json", &filename)
}

/// Asking for the account to be deleted: recorded for the organisation's administrators,
/// and open even to someone who declined the terms.
async fn request_deletion(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<StatusCode> {
    sqlx::query("INSERT INTO account_deletion_requests (user_id, requested_at) VALUES (?, ?)")
        .bind(session.user.id)
        .bind(now())
        .execute(&state.db)
        .await?;
    Ok(StatusCode::ACCEPTED)
}
