//! Sessions: the cookie, the database row, idle expiry and the CSRF check, and the
//! extractors that every handler uses to say who may call it.

use arkki_api::account::{User, CSRF_HEADER};
use arkki_api::ErrorCode;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use sha2::{Digest, Sha256};

use super::store;
use crate::error::ApiError;
use crate::{now, AppState};

pub const COOKIE_NAME: &str = "arkki_session";

/// A valid session and its account.
#[derive(Clone, Debug)]
pub struct Session {
    /// The stored id: the SHA-256 of the cookie's token.
    pub id: String,
    pub csrf_token: String,
    pub user: User,
}

/// The caller is signed in with an active account. Unsafe methods carried the CSRF token.
/// Only the endpoints a person needs before passing the gates take this alone: signing
/// out, the own profile and password, and exporting the own data.
pub struct SignedIn(pub Session);

/// The caller has passed every gate: signed in, own password set (and, with the terms
/// feature, compulsory terms accepted). Everything else takes this.
pub struct Gated(pub Session);

pub fn token_id(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; HttpOnly; SameSite=Lax; Path=/{secure}"
    ))
    .expect("token is URL-safe base64")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn cleared_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}"
    ))
    .expect("static cookie")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    csrf_token: String,
    last_seen_at: i64,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = cookie_token(&parts.headers).ok_or(ErrorCode::Unauthenticated)?;
        let id = token_id(&token);
        let row: Option<SessionRow> =
            sqlx::query_as("SELECT user_id, csrf_token, last_seen_at FROM sessions WHERE id = ?")
                .bind(&id)
                .fetch_optional(&state.db)
                .await?;
        let row = row.ok_or(ErrorCode::Unauthenticated)?;
        let now = now();
        if now - row.last_seen_at > state.config.session_idle.as_secs() as i64 {
            sqlx::query("DELETE FROM sessions WHERE id = ?")
                .bind(&id)
                .execute(&state.db)
                .await?;
            return Err(ApiError::from(
                arkki_api::Problem::new(ErrorCode::Unauthenticated).with_detail("session_expired"),
            ));
        }
        let user = store::user_by_id(&state.db, row.user_id)
            .await?
            .ok_or(ErrorCode::Unauthenticated)?;
        if !user.active {
            sqlx::query("DELETE FROM sessions WHERE user_id = ?")
                .bind(user.id)
                .execute(&state.db)
                .await?;
            return Err(ErrorCode::AccountInactive.into());
        }
        if is_unsafe(&parts.method) {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !constant_time_eq(sent.as_bytes(), row.csrf_token.as_bytes()) {
                return Err(ErrorCode::CsrfFailed.into());
            }
        }
        // Touch at most once a minute: one write per request would serialise SQLite.
        if now - row.last_seen_at >= 60 {
            sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
                .bind(now)
                .bind(&id)
                .execute(&state.db)
                .await?;
        }
        Ok(SignedIn(Session {
            id,
            csrf_token: row.csrf_token,
            user,
        }))
    }
}

impl FromRequestParts<AppState> for Gated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let SignedIn(session) = SignedIn::from_request_parts(parts, state).await?;
        if session.user.must_change_password {
            return Err(ErrorCode::PasswordChangeRequired.into());
        }
        // Checked in the same request: the gate costs no extra round trip, and a version
        // that took effect a moment ago applies at once.
        let pending = crate::terms::store::pending(&state.db, &session.user, now()).await?;
        if crate::terms::store::any_blocking(&pending) {
            let mut problem = arkki_api::Problem::new(ErrorCode::TermsPending);
            problem.pending = Some(pending);
            return Err(ApiError::from(problem));
        }
        Ok(Gated(session))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; arkki_session=abc_-9; b=2"),
        );
        assert_eq!(cookie_token(&headers).as_deref(), Some("abc_-9"));
        assert_eq!(cookie_token(&HeaderMap::new()), None);
    }

    #[test]
    fn cookie_is_http_only_and_lax() {
        let v = session_cookie("tok", true);
        let v = v.to_str().unwrap();
        assert!(v.contains("HttpOnly") && v.contains("SameSite=Lax") && v.contains("Secure"));
        assert!(!session_cookie("tok", false)
            .to_str()
            .unwrap()
            .contains("Secure"));
    }

    #[test]
    fn token_ids_are_hashes() {
        assert_eq!(token_id("x").len(), 64);
        assert_ne!(token_id("x"), "x");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
