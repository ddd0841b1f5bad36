//! Administration, and every limit on it made as a direct API request.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{entry, TestApp};
use serde_json::json;

async fn org_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM organisations WHERE name = ?")
        .bind(name)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn administrators_create_and_rename_organisations_with_conflict_detection() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let created = app
        .send_json(
            Method::POST,
            "/api/v1/admin/organisations",
            &admin,
            json!({"name": "Kallion koulu", "kind": "school"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/organisations/{id}");
    let renamed = app
        .send_json(
            Method::PATCH,
            &path,
            &admin,
            json!({"name": "Kallion yläkoulu", "version": 1}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(renamed.json()["name"], "Kallion yläkoulu");
    let stale = app
        .send_json(
            Method::PATCH,
            &path,
            &admin,
            json!({"name": "Overwrite", "version": 1}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let missing = app
        .send_json(
            Method::PATCH,
            "/api/v1/admin/organisations/9999",
            &admin,
            json!({"name": "X", "version": 1}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let empty = app
        .send_json(
            Method::POST,
            "/api/v1/admin/organisations",
            &admin,
            json!({"name": "  ", "kind": "school"}),
        )
        .await;
    assert_eq!(
        empty.json()["errors"][0],
        json!({"field": "name", "code": "required"})
    );
    let list = app.get("/api/v1/admin/organisations", &admin).await;
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn organisation_admins_and_others_cannot_manage_organisations() {
    let app = TestApp::new().await;
    let school = org_id(&app, "Demo School").await;
    for who in ["rehtori", "opettaja", "oppilas", "avainkayttaja"] {
        let client = app.sign_in(who).await;
        let create = app
            .send_json(
                Method::POST,
                "/api/v1/admin/organisations",
                &client,
                json!({"name": "Mine", "kind": "school"}),
            )
            .await;
        assert_eq!(create.code(), "permission_denied", "{who}");
        let rename = app
            .send_json(
                Method::PATCH,
                &format!("/api/v1/admin/organisations/{school}"),
                &client,
                json!({"name": "Mine", "version": 1}),
            )
            .await;
        assert_eq!(rename.code(), "permission_denied", "{who}");
    }
    // An organisation admin lists only their own organisation.
    let rehtori = app.sign_in("rehtori").await;
    let list = app
        .get("/api/v1/admin/organisations", &rehtori)
        .await
        .json();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["name"], "Demo School");
    assert_eq!(list["items"][0]["can"]["rename"], false);
}

#[tokio::test]
async fn an_organisation_admin_manages_own_organisation_only() {
    let app = TestApp::new().await;
    let school = org_id(&app, "Demo School").await;
    let company = org_id(&app, "Demo Builders Ltd").await;
    let rehtori = app.sign_in("rehtori").await;

    let created = app
        .send_json(Method::POST, "/api/v1/admin/users", &rehtori, json!({
            "username": "maija", "display_name": "Maija Meikäläinen", "organisation_id": school, "roles": ["student"]
        }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let initial = created.json()["initial_password"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(created.json()["user"]["must_change_password"], true);
    // The initial password works once, and forces a change.
    let first = app.sign_in_reply("maija", &initial).await;
    assert_eq!(first.json()["user"]["must_change_password"], true);

    let duplicate = app
        .send_json(
            Method::POST,
            "/api/v1/admin/users",
            &rehtori,
            json!({
                "username": "maija", "display_name": "Other", "organisation_id": school, "roles": []
            }),
        )
        .await;
    assert_eq!(
        duplicate.json()["errors"][0],
        json!({"field": "username", "code": "taken"})
    );

    let elsewhere = app
        .send_json(Method::POST, "/api/v1/admin/users", &rehtori, json!({
            "username": "pekka", "display_name": "Pekka", "organisation_id": company, "roles": ["member"]
        }))
        .await;
    assert_eq!(elsewhere.code(), "permission_denied");
    let orgless = app
        .send_json(
            Method::POST,
            "/api/v1/admin/users",
            &rehtori,
            json!({
                "username": "pekka", "display_name": "Pekka", "organisation_id": null, "roles": []
            }),
        )
        .await;
    assert_eq!(orgless.code(), "permission_denied");
    let make_admin = app
        .send_json(Method::POST, "/api/v1/admin/users", &rehtori, json!({
            "username": "pekka", "display_name": "Pekka", "organisation_id": school, "roles": ["administrator"]
        }))
        .await;
    assert_eq!(
        make_admin.json()["errors"][0],
        json!({"field": "roles", "code": "not_allowed"})
    );

    let jasen = app.user_id("jasen").await;
    let admin_id = app.user_id("admin").await;
    let opettaja = app.user_id("opettaja").await;
    for target in [jasen, admin_id] {
        let path = format!("/api/v1/admin/users/{target}");
        assert_eq!(app.get(&path, &rehtori).await.code(), "permission_denied");
        let patch = app
            .send_json(
                Method::PATCH,
                &path,
                &rehtori,
                json!({"active": false, "version": 1}),
            )
            .await;
        assert_eq!(patch.code(), "permission_denied");
        let reset = app
            .act(Method::POST, &format!("{path}/password"), &rehtori)
            .await;
        assert_eq!(reset.code(), "permission_denied");
    }
    let cross_filter = app
        .get(
            &format!("/api/v1/admin/users?organisation_id={company}"),
            &rehtori,
        )
        .await;
    assert_eq!(cross_filter.code(), "permission_denied");

    // The list holds own organisation only.
    let list = app
        .get("/api/v1/admin/users?limit=200", &rehtori)
        .await
        .json();
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["maija", "opettaja", "oppilas", "rehtori", "uusi"]);
    // Own account: editable, but not deactivatable.
    let own = entry(&list["items"], |u| u["username"] == "rehtori");
    assert_eq!(own["can"]["deactivate"], false);
    assert_eq!(own["can"]["reason"], "own_account");

    // Change a teacher's roles within the school's roles.
    let path = format!("/api/v1/admin/users/{opettaja}");
    let roles = app
        .send_json(
            Method::PATCH,
            &path,
            &rehtori,
            json!({"roles": ["teacher", "organisation_admin"], "version": 1}),
        )
        .await;
    assert_eq!(roles.status, StatusCode::OK);
    assert_eq!(
        roles.json()["roles"],
        json!(["organisation_admin", "teacher"])
    );
    let wrong_kind = app
        .send_json(
            Method::PATCH,
            &path,
            &rehtori,
            json!({"roles": ["key_user"], "version": 2}),
        )
        .await;
    assert_eq!(wrong_kind.json()["errors"][0]["code"], "not_allowed");
    let own_id = app.user_id("rehtori").await;
    let self_deactivate = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/admin/users/{own_id}"),
            &rehtori,
            json!({"active": false, "version": 1}),
        )
        .await;
    assert_eq!(self_deactivate.code(), "permission_denied");
}

#[tokio::test]
async fn deactivation_ends_sessions_and_reset_forces_a_new_password() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let oppilas = app.sign_in("oppilas").await;
    let id = app.user_id("oppilas").await;
    let path = format!("/api/v1/admin/users/{id}");
    let off = app
        .send_json(
            Method::PATCH,
            &path,
            &admin,
            json!({"active": false, "version": 1}),
        )
        .await;
    assert_eq!(off.json()["active"], false);
    assert_eq!(
        app.get("/api/v1/me", &oppilas).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_reply("oppilas", "arkki-demo").await.code(),
        "account_inactive"
    );
    // A wrong password on an inactive account still says only "invalid".
    assert_eq!(
        app.sign_in_reply("oppilas", "wrong-one").await.code(),
        "invalid_credentials"
    );
    let on = app
        .send_json(
            Method::PATCH,
            &path,
            &admin,
            json!({"active": true, "version": 2}),
        )
        .await;
    assert_eq!(on.json()["active"], true);

    let reset = app
        .act(Method::POST, &format!("{path}/password"), &admin)
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    let initial = reset.json()["initial_password"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.sign_in_reply("oppilas", "arkki-demo").await.code(),
        "invalid_credentials"
    );
    let again = app.sign_in_reply("oppilas", &initial).await;
    assert_eq!(again.json()["user"]["must_change_password"], true);
}

#[tokio::test]
async fn users_are_searchable_and_paged_by_cursor() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let first = app.get("/api/v1/admin/users?limit=3", &admin).await.json();
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    let mut seen: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect();
    let mut next = first["next"].as_str().map(str::to_owned);
    while let Some(cursor) = next {
        let page = app
            .get(
                &format!("/api/v1/admin/users?limit=3&after={cursor}"),
                &admin,
            )
            .await
            .json();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["username"].as_str().unwrap().to_owned()),
        );
        next = page["next"].as_str().map(str::to_owned);
    }
    assert_eq!(
        seen,
        [
            "admin",
            "avainkayttaja",
            "jasen",
            "opettaja",
            "oppilas",
            "rehtori",
            "uusi"
        ]
    );

    let found = app
        .get("/api/v1/admin/users?q=J%C3%A4sen", &admin)
        .await
        .json();
    assert_eq!(found["items"][0]["username"], "jasen");
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let wildcard = app.get("/api/v1/admin/users?q=%25", &admin).await.json();
    assert_eq!(wildcard["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn hostile_and_oversized_account_input_is_stored_literally_or_refused() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let school = org_id(&app, "Demo School").await;
    let hostile = "<img src=x onerror=alert(1)> \"quoted\" 'single' 😀";
    let created = app
        .send_json(Method::POST, "/api/v1/admin/users", &admin, json!({
            "username": "hostile", "display_name": hostile, "organisation_id": school, "roles": ["student"]
        }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.json()["user"]["display_name"], hostile);
    for (field, value) in [
        ("display_name", "x".repeat(10_000)),
        ("username", "<script>".to_owned()),
        ("username", "a".repeat(10_000)),
        ("email", "nope".to_owned()),
    ] {
        let mut body = json!({"username": "valid-name", "display_name": "Valid", "organisation_id": school, "roles": []});
        body[field] = json!(value);
        let reply = app
            .send_json(Method::POST, "/api/v1/admin/users", &admin, body)
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(reply.json()["errors"][0]["field"], field);
    }
    let org = app
        .send_json(
            Method::POST,
            "/api/v1/admin/organisations",
            &admin,
            json!({"name": "z".repeat(10_000), "kind": "company"}),
        )
        .await;
    assert_eq!(org.json()["errors"][0]["code"], "too_long");
    let bad_kind = app
        .send_json(
            Method::POST,
            "/api/v1/admin/organisations",
            &admin,
            json!({"name": "Ok", "kind": "castle"}),
        )
        .await;
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_built_app_is_served_with_deep_links_caching_and_compression() {
    let dist = tempfile::tempdir().unwrap();
    let index = format!(
        "<!doctype html><html><body>{}</body></html>",
        "Arkki ".repeat(200)
    );
    std::fs::write(dist.path().join("index.html"), &index).unwrap();
    std::fs::write(
        dist.path().join("arkki-0123456789abcdef_bg.wasm"),
        vec![0u8; 2048],
    )
    .unwrap();
    let config = arkki_server::Config {
        dist: Some(dist.path().to_path_buf()),
        ..Default::default()
    };
    let app = TestApp::with_config(config).await;
    for path in ["/", "/account", "/admin/users/5"] {
        let reply = app.call(Method::GET, path, None, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("cache-control").as_deref(), Some("no-cache"));
        assert!(String::from_utf8_lossy(&reply.body).contains("Arkki"));
    }
    let asset = app
        .call(Method::GET, "/arkki-0123456789abcdef_bg.wasm", None, None)
        .await;
    assert_eq!(
        asset.header("cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    // The API keeps its own 404s rather than falling back to the app.
    assert_eq!(
        app.call(Method::GET, "/api/v1/nope", None, None)
            .await
            .code(),
        "not_found"
    );
    for encoding in ["br", "gzip"] {
        let request = Request::builder()
            .uri("/")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.header("content-encoding").as_deref(), Some(encoding));
        assert!(reply.body.len() < index.len());
    }
}

#[tokio::test]
async fn precompressed_assets_are_sent_as_built() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    let wasm = "arkki-0123456789abcdef_bg.wasm";
    std::fs::write(dist.path().join(wasm), vec![0u8; 4096]).unwrap();
    // Stand-ins for what the build writes: the server must not touch them.
    std::fs::write(dist.path().join(format!("{wasm}.br")), b"built-br").unwrap();
    std::fs::write(dist.path().join(format!("{wasm}.gz")), b"built-gz").unwrap();
    let config = arkki_server::Config {
        dist: Some(dist.path().to_path_buf()),
        ..Default::default()
    };
    let app = TestApp::with_config(config).await;
    for (encoding, body) in [("br", &b"built-br"[..]), ("gzip", &b"built-gz"[..])] {
        let request = Request::builder()
            .uri(format!("/{wasm}"))
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("content-encoding").as_deref(), Some(encoding));
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some("application/wasm")
        );
        assert_eq!(
            reply.header("cache-control").as_deref(),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(reply.body, body);
    }
    // A client that asks for no compression gets the file itself.
    let plain = app.call(Method::GET, &format!("/{wasm}"), None, None).await;
    assert_eq!(plain.body.len(), 4096);
}

#[tokio::test]
async fn deletion_requests_are_completed_by_anonymising_within_the_organisation() {
    let app = TestApp::new().await;
    let oppilas = app.sign_in("oppilas").await;
    let jasen = app.sign_in("jasen").await;
    for client in [&oppilas, &jasen] {
        let asked = app
            .act(Method::POST, "/api/v1/me/deletion-request", client)
            .await;
        assert_eq!(asked.status, StatusCode::ACCEPTED);
    }
    let rehtori = app.sign_in("rehtori").await;
    let listed = app
        .get("/api/v1/admin/deletion-requests", &rehtori)
        .await
        .json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user"]["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["oppilas"], "own organisation only");
    let admin = app.sign_in("admin").await;
    let all = app
        .get("/api/v1/admin/deletion-requests", &admin)
        .await
        .json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let jasen_request = entry(&all, |r| r["user"]["username"] == "jasen")["id"]
        .as_i64()
        .unwrap();
    let oppilas_request = listed[0]["id"].as_i64().unwrap();
    // Another organisation's request is refused to an organisation admin.
    let refused = app
        .act(
            Method::POST,
            &format!("/api/v1/admin/deletion-requests/{jasen_request}/complete"),
            &rehtori,
        )
        .await;
    assert_eq!(refused.code(), "permission_denied");
    let student = app.sign_in("opettaja").await;
    assert_eq!(
        app.get("/api/v1/admin/deletion-requests", &student)
            .await
            .code(),
        "permission_denied"
    );
    let done = app
        .act(
            Method::POST,
            &format!("/api/v1/admin/deletion-requests/{oppilas_request}/complete"),
            &rehtori,
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/me", &oppilas).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_reply("oppilas", "arkki-demo").await.code(),
        "invalid_credentials"
    );
    let id = app.user_id("deleted:4").await;
    let (name, email, active): (String, String, bool) =
        sqlx::query_as("SELECT display_name, email, active FROM users WHERE id = ?")
            .bind(id)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), email.as_str(), active),
        ("— 4 —", "", false)
    );
    let proof: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM terms_events WHERE user_id = ?")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(proof, 3, "the terms history stays as proof");
    assert!(app
        .get("/api/v1/admin/deletion-requests", &rehtori)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    let again = app
        .act(
            Method::POST,
            &format!("/api/v1/admin/deletion-requests/{oppilas_request}/complete"),
            &rehtori,
        )
        .await;
    assert_eq!(again.code(), "not_found");
}
