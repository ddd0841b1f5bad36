//! Arkki's reference backend. `app(state)` builds the whole service as a router so tests
//! call it directly, exactly as the binary serves it.

pub mod account;
pub mod admin;
pub mod db;
pub mod demo;
pub mod error;
pub mod openapi;
pub mod terms;
pub mod web;

use std::path::PathBuf;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use sqlx::SqlitePool;
use tower_http::compression::CompressionLayer;

pub use error::{ApiError, ApiJson, ApiResult};

/// How the server runs. Every field has a flag and an environment variable in `main.rs`.
#[derive(Clone, Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub dist: Option<PathBuf>,
    /// A session unused for this long is over.
    pub session_idle: Duration,
    /// Set the cookie's `Secure` attribute; on whenever the service is behind HTTPS.
    pub secure_cookies: bool,
    /// Failed sign-ins per username allowed within `sign_in_window`.
    pub sign_in_attempts: u32,
    /// Failed sign-ins from one client address, whatever the usernames, in the window.
    pub sign_in_attempts_per_address: u32,
    pub sign_in_window: Duration,
    /// Largest JSON body accepted.
    pub max_body_bytes: usize,
    /// Store the client's address with terms events (off unless configured).
    pub terms_store_ip: bool,
    /// Terms events older than this many days are purged at start; `None` keeps them.
    pub terms_retention_days: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./data"),
            dist: None,
            session_idle: Duration::from_secs(30 * 60),
            secure_cookies: false,
            sign_in_attempts: 5,
            sign_in_attempts_per_address: 30,
            sign_in_window: Duration::from_secs(15 * 60),
            // Room for a long legal text in three languages.
            max_body_bytes: 1024 * 1024,
            terms_store_ip: false,
            terms_retention_days: None,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub config: std::sync::Arc<Config>,
}

impl AppState {
    pub fn new(db: SqlitePool, config: Config) -> Self {
        AppState {
            db,
            config: std::sync::Arc::new(config),
        }
    }
}

/// The REST API under `/api/v1`.
fn api(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi::document))
        .merge(account::routes())
        .merge(admin::routes())
        .merge(terms::routes())
        .fallback(error::unknown_route)
        .method_not_allowed_fallback(error::unknown_method)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
}

/// The whole service: the API, and the built app with deep-link fallback when `dist` is set.
pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .nest("/api/v1", api(&state))
        .route("/api", get(error::unknown_route))
        .route("/api/{*rest}", axum::routing::any(error::unknown_route));
    if let Some(dist) = &state.config.dist {
        router = router.fallback_service(web::service(dist));
    } else {
        router = router.fallback(error::unknown_route);
    }
    router.layer(CompressionLayer::new()).with_state(state)
}

#[derive(serde::Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> ApiResult<Json<Health>> {
    sqlx::query("SELECT 1").execute(&state.db).await?;
    Ok(Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    }))
}

/// Seconds since the Unix epoch; all stored times are UTC seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
