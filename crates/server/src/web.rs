//! Serving the built app: deep links fall back to `index.html`, hashed assets are cached
//! for good, and `index.html` is always revalidated so a deploy reaches everyone.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// trunk names assets `name-<hash>.ext`, the hash a 64-bit number in hex without leading
/// zeros (so usually 16 digits, sometimes fewer); only those are safe to cache forever.
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _ext)) = file.rsplit_once('.') else {
        return false;
    };
    // `.wasm` files are `name_bg.wasm` after the hash in some trunk versions.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (10..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => false,
    }
}

async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

pub fn service<S: Clone + Send + Sync + 'static>(dist: &Path) -> Router<S> {
    let index = dist.join("index.html");
    // The build writes `.br` and `.gz` beside each asset (scripts/post-build.mjs); they
    // are sent as they are, better compressed than the response layer would on the fly.
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(index)
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("/arkki-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/arkki-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(
            is_hashed_asset("/arkki-adbb85af572fff.js"),
            "a hash with leading zeros dropped"
        );
        assert!(!is_hashed_asset("/arkki-cafe.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/admin/users"));
        assert!(!is_hashed_asset("/my-file.css"));
    }
}
