//! Sign-in, sessions, CSRF, rate limiting, password changes and the own data.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::TestApp;
use serde_json::json;

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_returns_the_user_and_csrf_token() {
    let app = TestApp::new().await;
    let reply = app.sign_in_reply("oppilas", "arkki-demo").await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let cookie = reply.header("set-cookie").unwrap();
    assert!(cookie.starts_with("arkki_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let body = reply.json();
    assert_eq!(body["user"]["username"], "oppilas");
    assert_eq!(body["user"]["roles"], json!(["student"]));
    assert!(body["csrf_token"].as_str().unwrap().len() >= 32);
    assert!(body["user"].get("password_hash").is_none());

    // Usernames are not case sensitive at sign-in.
    assert_eq!(
        app.sign_in_reply(" OPPILAS ", "arkki-demo").await.status,
        StatusCode::CREATED
    );

    let client = app.sign_in("oppilas").await;
    let me = app.get("/api/v1/me", &client).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["user"]["display_name"], "Oona Oppilas");
    assert_eq!(
        me.header("x-csrf-token").as_deref(),
        Some(client.csrf.as_str())
    );
    assert_eq!(me.json()["can"]["administer_users"], false);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = TestApp::new().await;
    let wrong = app.sign_in_reply("oppilas", "wrong-password").await;
    let unknown = app.sign_in_reply("nobody-here", "wrong-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(
        wrong.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert!(wrong.header("set-cookie").is_none());
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_with_retry_after() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        assert_eq!(
            app.sign_in_reply("oppilas", "nope-nope").await.code(),
            "invalid_credentials"
        );
    }
    let limited = app.sign_in_reply("oppilas", "nope-nope").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.code(), "rate_limited");
    let retry: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 15 * 60);
    // Even the right password waits: otherwise guessing would go on.
    let right = app.sign_in_reply("oppilas", "arkki-demo").await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    // Unknown usernames are throttled alike, so the limit reveals nothing.
    for _ in 0..5 {
        app.sign_in_reply("ghost", "nope-nope").await;
    }
    assert_eq!(
        app.sign_in_reply("ghost", "nope-nope").await.code(),
        "rate_limited"
    );
    // Other accounts are not affected.
    assert_eq!(
        app.sign_in_reply("opettaja", "arkki-demo").await.status,
        StatusCode::CREATED
    );
    // After the window the account can sign in again.
    sqlx::query("UPDATE sign_in_failures SET at = at - 3600")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        app.sign_in_reply("oppilas", "arkki-demo").await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn unsafe_requests_without_the_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let client = app.sign_in("oppilas").await;
    for token in [None, Some("forged")] {
        let mut request = Request::builder()
            .method(Method::PATCH)
            .uri("/api/v1/me")
            .header(header::COOKIE, &client.cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            request = request.header("X-CSRF-Token", t);
        }
        let reply = app
            .send(
                request
                    .body(Body::from(r#"{"display_name":"Hacked"}"#))
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(reply.code(), "csrf_failed");
    }
    let sign_out = Request::builder()
        .method(Method::DELETE)
        .uri("/api/v1/session")
        .header(header::COOKIE, &client.cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(sign_out).await.code(), "csrf_failed");
    assert_eq!(
        app.get("/api/v1/me", &client).await.json()["user"]["display_name"],
        "Oona Oppilas"
    );
    let ok = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"display_name": "Oona O."}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json()["user"]["display_name"], "Oona O.");
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::new().await;
    let client = app.sign_in("oppilas").await;
    assert_eq!(app.get("/api/v1/me", &client).await.status, StatusCode::OK);
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .execute(&app.state.db)
        .await
        .unwrap();
    let expired = app.get("/api/v1/me", &client).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.code(), "unauthenticated");
    assert_eq!(expired.json()["detail"], "session_expired");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    // Activity keeps a session alive.
    let client = app.sign_in("oppilas").await;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 29 * 60")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(app.get("/api/v1/me", &client).await.status, StatusCode::OK);
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 29 * 60")
        .execute(&app.state.db)
        .await
        .unwrap();
    assert_eq!(app.get("/api/v1/me", &client).await.status, StatusCode::OK);
}

#[tokio::test]
async fn sign_out_ends_this_session_and_sign_out_everywhere_ends_all() {
    let app = TestApp::new().await;
    let a = app.sign_in("oppilas").await;
    let b = app.sign_in("oppilas").await;
    let c = app.sign_in("oppilas").await;
    let out = app.act(Method::DELETE, "/api/v1/session", &a).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.get("/api/v1/me", &a).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/api/v1/me", &b).await.status, StatusCode::OK);
    let all = app.act(Method::DELETE, "/api/v1/me/sessions", &b).await;
    assert_eq!(all.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", &b).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me", &c).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_forced_password_change_blocks_everything_else_until_done() {
    let app = TestApp::new().await;
    let uusi = app.sign_in("uusi").await;
    let me = app.get("/api/v1/me", &uusi).await;
    assert_eq!(me.json()["user"]["must_change_password"], true);
    let blocked = app.get("/api/v1/admin/users", &uusi).await;
    assert_eq!(blocked.status, StatusCode::FORBIDDEN);
    assert_eq!(blocked.code(), "password_change_required");
    // The export stays open: a person's own data is theirs before any gate.
    assert_eq!(
        app.get("/api/v1/me/export", &uusi).await.status,
        StatusCode::OK
    );

    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let wrong = app
        .send_json(
            Method::POST,
            "/api/v1/me/password",
            &uusi,
            change("bad", "kissa-koira-hevonen"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["errors"][0]["field"], "current_password");
    let weak = app
        .send_json(
            Method::POST,
            "/api/v1/me/password",
            &uusi,
            change("arkki-demo", "short"),
        )
        .await;
    assert_eq!(weak.code(), "validation");
    assert_eq!(weak.json()["errors"][0]["code"], "min_length");
    let with_name = app
        .send_json(
            Method::POST,
            "/api/v1/me/password",
            &uusi,
            change("arkki-demo", "uusi-on-paras-2026"),
        )
        .await;
    assert_eq!(with_name.json()["errors"][0]["code"], "not_username");

    let other_session = app.sign_in("uusi").await;
    let done = app
        .send_json(
            Method::POST,
            "/api/v1/me/password",
            &uusi,
            change("arkki-demo", "kissa-koira-hevonen"),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.json()["user"]["must_change_password"], false);
    // Past this gate the next one answers: uusi has not accepted the terms yet.
    let next_gate = app.get("/api/v1/admin/users", &uusi).await;
    assert_eq!(next_gate.code(), "terms_pending");
    assert_eq!(
        app.get("/api/v1/me", &uusi).await.json()["pending_terms"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // The other session ended with the old password.
    assert_eq!(
        app.get("/api/v1/me", &other_session).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_reply("uusi", "arkki-demo").await.code(),
        "invalid_credentials"
    );
    assert_eq!(
        app.sign_in_reply("uusi", "kissa-koira-hevonen")
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn profile_edits_validate_store_literally_and_detect_conflicts() {
    let app = TestApp::new().await;
    let client = app.sign_in("oppilas").await;
    for name in [
        "<script>alert('x')</script>",
        "O'Brien \"Bob\"",
        "Åsa 🚀 Öberg",
    ] {
        let reply = app
            .send_json(
                Method::PATCH,
                "/api/v1/me",
                &client,
                json!({"display_name": name}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            app.get("/api/v1/me", &client).await.json()["user"]["display_name"],
            name
        );
    }
    let long = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"display_name": "x".repeat(10_000)}),
        )
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        long.json()["errors"][0],
        json!({"field": "display_name", "code": "too_long"})
    );
    let bad = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"email": "not-an-email", "locale": "sv"}),
        )
        .await;
    assert_eq!(bad.json()["errors"][0]["field"], "email");
    let locale = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"locale": "sv"}),
        )
        .await;
    assert_eq!(locale.json()["user"]["locale"], "sv");
    let unknown_locale = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"locale": "de"}),
        )
        .await;
    assert_eq!(unknown_locale.status, StatusCode::BAD_REQUEST);
    let version = app.get("/api/v1/me", &client).await.json()["user"]["version"]
        .as_i64()
        .unwrap();
    let stale = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"display_name": "A", "version": version - 1}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.code(), "conflict");
    let fresh = app
        .send_json(
            Method::PATCH,
            "/api/v1/me",
            &client,
            json!({"display_name": "A", "version": version}),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::OK);
}

#[tokio::test]
async fn export_contains_own_data_and_no_secrets() {
    let app = TestApp::new().await;
    let client = app.sign_in("oppilas").await;
    let reply = app.get("/api/v1/me/export", &client).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-disposition").as_deref(),
        Some("attachment; filename=\"arkki-oppilas.json\"")
    );
    let data = reply.json();
    assert_eq!(data["account"]["username"], "oppilas");
    assert_eq!(data["account"]["organisation"]["name"], "Demo School");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 1);
    let text = String::from_utf8(reply.body.clone()).unwrap();
    assert!(!text.contains("argon2") && !text.contains(&client.csrf));
}

#[tokio::test]
async fn problems_for_unauthenticated_unknown_oversized_and_malformed_requests() {
    let app = TestApp::new().await;
    let anonymous = app.call(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.code(), "unauthenticated");
    assert_eq!(
        anonymous.header("content-type").as_deref(),
        Some("application/problem+json")
    );

    let forged_cookie = Request::builder()
        .uri("/api/v1/me")
        .header(header::COOKIE, "arkki_session=made-up")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(forged_cookie).await.code(), "unauthenticated");

    let client = app.sign_in("oppilas").await;
    let denied = app.get("/api/v1/admin/users", &client).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(denied.code(), "permission_denied");

    for path in ["/api/v1/no-such-thing", "/api/v2/me", "/api/nothing"] {
        let missing = app.call(Method::GET, path, None, None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(missing.code(), "not_found");
    }
    let wrong_method = app.call(Method::PUT, "/api/v1/health", None, None).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.code(), "method_not_allowed");

    let huge = format!(
        r#"{{"username":"{}","password":"x"}}"#,
        "a".repeat(2_000_000)
    );
    let oversized = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(huge))
        .unwrap();
    let reply = app.send(oversized).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.code(), "payload_too_large");

    for body in ["{not json", r#"{"username": 5}"#, ""] {
        let malformed = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let reply = app.send(malformed).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.code(), "malformed_request");
    }
    let not_json = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(app.send(not_json).await.code(), "unsupported_media_type");
}

#[tokio::test]
async fn health_and_a_complete_openapi_document() {
    let app = TestApp::new().await;
    let health = app.call(Method::GET, "/api/v1/health", None, None).await;
    assert_eq!(health.json()["status"], "ok");
    let doc = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    // Every route of the router, each with its methods, is documented, and no more.
    let routes: &[(&str, &[&str])] = &[
        ("/health", &["get"]),
        ("/openapi.json", &["get"]),
        ("/session", &["post", "delete"]),
        ("/me", &["get", "patch"]),
        ("/me/password", &["post"]),
        ("/me/export", &["get"]),
        ("/me/sessions", &["delete"]),
        ("/admin/organisations", &["get", "post"]),
        ("/admin/organisations/{id}", &["patch"]),
        ("/admin/users", &["get", "post"]),
        ("/admin/users/{id}", &["get", "patch"]),
        ("/admin/users/{id}/password", &["post"]),
        ("/me/deletion-request", &["post"]),
        ("/terms/pending", &["get"]),
        ("/terms/history", &["get"]),
        ("/terms/versions/{id}", &["get"]),
        ("/terms/versions/{id}/diff", &["get"]),
        ("/terms/versions/{id}/accept", &["post"]),
        ("/terms/versions/{id}/decline", &["post"]),
        ("/terms/versions/{id}/on-behalf", &["post"]),
        ("/terms/documents/{id}/withdraw", &["post"]),
        ("/terms/events/{id}/receipt", &["get"]),
        ("/terms/students", &["get"]),
        ("/admin/deletion-requests", &["get"]),
        ("/admin/deletion-requests/{id}/complete", &["post"]),
        ("/notices", &["get"]),
        ("/notices/{id}/dismiss", &["post"]),
        ("/admin/notices", &["post"]),
        ("/admin/terms/documents", &["get", "post"]),
        ("/admin/terms/documents/{id}/versions", &["post"]),
        ("/admin/terms/documents/{id}/ask-again", &["post"]),
        ("/admin/terms/versions/{id}/texts", &["put"]),
        ("/admin/terms/versions/{id}/publish", &["post"]),
        ("/admin/terms/versions/{id}/retire", &["post"]),
        ("/admin/terms/versions/{id}/report", &["get"]),
        ("/admin/terms/preview", &["post"]),
    ];
    assert_eq!(paths.len(), routes.len());
    for (path, methods) in routes {
        let documented = paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} undocumented"));
        assert_eq!(
            documented.as_object().unwrap().len(),
            methods.len(),
            "{path}"
        );
        for method in *methods {
            assert!(documented.get(*method).is_some(), "{method} {path}");
            // And the router answers it (anything but an unknown route).
            let concrete = path.replace("{id}", "1");
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let reply = app.call(m, &format!("/api/v1{concrete}"), None, None).await;
            assert_ne!(reply.code(), "not_found", "{method} {path}");
            assert_ne!(reply.code(), "method_not_allowed", "{method} {path}");
        }
    }
}

#[tokio::test]
async fn demo_data_loads_idempotently() {
    let app = TestApp::new().await;
    arkki_server::demo::load(&app.state.db).await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let orgs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!((users, orgs), (7, 2));
}

#[tokio::test]
async fn a_server_without_demo_has_no_demo_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let pool = arkki_server::db::open(dir.path()).await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(users, 0);
}

#[tokio::test]
async fn many_failures_from_one_address_are_limited_across_usernames() {
    let app = TestApp::new().await;
    let from =
        |username: &str, password: &str, ip: [u8; 4]| {
            let mut request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"username": username, "password": password}).to_string(),
                ))
                .unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((ip, 4000)),
            ));
            request
        };
    // 30 guesses spread over many usernames, each below its own limit.
    for i in 0..30 {
        let reply = app
            .send(from(&format!("guess{i}"), "wrong-guess", [127, 0, 0, 1]))
            .await;
        assert_eq!(reply.code(), "invalid_credentials");
    }
    let limited = app
        .send(from("oppilas", "arkki-demo", [127, 0, 0, 1]))
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.header("retry-after").is_some());
    // Another address is not affected.
    let other = app
        .send(from("oppilas", "arkki-demo", [127, 0, 0, 2]))
        .await;
    assert_eq!(other.status, StatusCode::CREATED);
}
