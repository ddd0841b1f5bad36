//! Terms acceptance through the router: the gate on every route, immutability, publishing,
//! material and minor changes, the append-only history and its proof.

mod common;

use axum::http::{Method, StatusCode};
use common::{entry, Client, TestApp};
use serde_json::{json, Value};

const TERMS_OF_SERVICE: i64 = 1;
const RESEARCH_CONSENT: i64 = 3;

async fn text(app: &TestApp, client: &Client, version: i64, locale: &str) -> Value {
    app.get(
        &format!("/api/v1/terms/versions/{version}?locale={locale}"),
        client,
    )
    .await
    .json()
}

async fn accept(app: &TestApp, client: &Client, version: i64) -> common::Reply {
    let t = text(app, client, version, "fi").await;
    app.send_json(
        Method::POST,
        &format!("/api/v1/terms/versions/{version}/accept"),
        client,
        json!({"locale": t["locale"], "content_sha256": t["content_sha256"]}),
    )
    .await
}

fn texts(title: &str, body: &str, locales: &[&str]) -> Value {
    json!({"texts": locales.iter().map(|l| json!({
        "locale": l, "title": format!("{title} ({l})"), "body_markdown": format!("{body}\n\n({l})")
    })).collect::<Vec<_>>()})
}

/// Publishes a new version of `document`; returns its id.
async fn publish(
    app: &TestApp,
    admin: &Client,
    document: i64,
    body: &str,
    material: bool,
    effective_at: Option<i64>,
) -> i64 {
    let draft = app
        .send_json(
            Method::POST,
            &format!("/api/v1/admin/terms/documents/{document}/versions"),
            admin,
            texts("Käyttöehdot", body, &["fi", "sv", "en"]),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.json());
    let id = draft.json()["id"].as_i64().unwrap();
    let published = app
        .send_json(
            Method::POST,
            &format!("/api/v1/admin/terms/versions/{id}/publish"),
            admin,
            json!({"material": material, "effective_at": effective_at}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.json());
    id
}

async fn change_password(app: &TestApp, client: &Client) {
    let reply = app
        .send_json(
            Method::POST,
            "/api/v1/me/password",
            client,
            json!({"current_password": "arkki-demo", "new_password": "kissa-koira-hevonen"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

/// Every route of the API, from the published contract, with a concrete id.
fn every_route(app_doc: &Value) -> Vec<(Method, String)> {
    let mut routes = Vec::new();
    for (path, methods) in app_doc["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            routes.push((
                Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                format!("/api/v1{}", path.replace("{id}", "1")),
            ));
        }
    }
    routes
}

/// What a person with pending compulsory terms may still do: read and decide on terms,
/// their own account and data, and sign out.
fn allowed_before_acceptance(method: &Method, path: &str) -> bool {
    let p = path.trim_start_matches("/api/v1");
    matches!(
        p,
        "/health"
            | "/openapi.json"
            | "/session"
            | "/me"
            | "/me/password"
            | "/me/export"
            | "/me/sessions"
            | "/me/deletion-request"
            | "/notices"
            | "/notices/1/dismiss"
    ) || (p.starts_with("/terms/")
        && p != "/terms/students"
        && !(method == Method::POST && p.ends_with("/on-behalf")))
}

#[tokio::test]
async fn every_route_but_the_allowlist_answers_terms_pending() {
    let app = TestApp::new().await;
    let doc = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .json();
    let uusi = app.sign_in("uusi").await;
    change_password(&app, &uusi).await;
    let routes = every_route(&doc);
    assert!(routes.len() >= 39, "{}", routes.len());
    for (method, path) in &routes {
        // Signing out is allowed and checked last, so the session survives the walk.
        if *method == Method::DELETE {
            continue;
        }
        let body = (*method != Method::GET).then(|| json!({}));
        let reply = app.call(method.clone(), path, Some(&uusi), body).await;
        if allowed_before_acceptance(method, path) {
            assert_ne!(
                reply.code(),
                "terms_pending",
                "{method} {path} must stay open"
            );
        } else {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
            assert_eq!(reply.code(), "terms_pending", "{method} {path}");
            let pending = reply.json()["pending"].as_array().unwrap().clone();
            assert_eq!(pending.len(), 3, "{method} {path}");
            assert_eq!(pending[0]["kind"], "terms_of_service");
        }
    }
    // Someone who has accepted everything never meets the gate.
    let oppilas = app.sign_in("oppilas").await;
    for (method, path) in &routes {
        if *method == Method::DELETE {
            continue;
        }
        let body = (*method != Method::GET).then(|| json!({}));
        let reply = app.call(method.clone(), path, Some(&oppilas), body).await;
        assert_ne!(reply.code(), "terms_pending", "{method} {path}");
    }
    let out = app.act(Method::DELETE, "/api/v1/session", &uusi).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn first_login_shows_pending_in_order_in_the_users_language_then_opens() {
    let app = TestApp::new().await;
    let uusi = app.sign_in("uusi").await;
    change_password(&app, &uusi).await;
    app.send_json(Method::PATCH, "/api/v1/me", &uusi, json!({"locale": "sv"}))
        .await;
    let pending = app.get("/api/v1/terms/pending", &uusi).await.json();
    let titles: Vec<&str> = pending
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Arkkis användarvillkor",
            "Dataskyddsbeskrivning",
            "Samtycke till forskning"
        ]
    );
    assert_eq!(pending[2]["compulsory"], false);
    let sv = text(&app, &uusi, 1, "sv").await;
    assert_eq!(sv["locale"], "sv");
    assert!(sv["html"]
        .as_str()
        .unwrap()
        .contains("<h2>Arkkis användarvillkor</h2>"));
    assert_eq!(sv["content_sha256"].as_str().unwrap().len(), 64);
    // Accepting both compulsory documents opens the service; the optional one is still asked.
    for version in [1, 2] {
        assert_eq!(accept(&app, &uusi, version).await.status, StatusCode::OK);
    }
    let pending = app.get("/api/v1/terms/pending", &uusi).await.json();
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(pending[0]["document_id"], RESEARCH_CONSENT);
    assert_eq!(
        app.get("/api/v1/admin/users", &uusi).await.code(),
        "permission_denied"
    );
}

#[tokio::test]
async fn a_decision_must_name_the_exact_text_shown() {
    let app = TestApp::new().await;
    let uusi = app.sign_in("uusi").await;
    change_password(&app, &uusi).await;
    let wrong = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/accept",
            &uusi,
            json!({"locale": "fi", "content_sha256": "0".repeat(64)}),
        )
        .await;
    assert_eq!(wrong.code(), "conflict");
    let sv = text(&app, &uusi, 1, "sv").await;
    let mismatched = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/accept",
            &uusi,
            json!({"locale": "fi", "content_sha256": sv["content_sha256"]}),
        )
        .await;
    assert_eq!(mismatched.code(), "conflict");
    let draft = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/999/accept",
            &uusi,
            json!({"locale": "fi", "content_sha256": "x"}),
        )
        .await;
    assert_eq!(draft.code(), "not_found");
}

#[tokio::test]
async fn declining_leaves_a_limited_mode_with_own_data_deletion_and_sign_out() {
    let app = TestApp::new().await;
    let uusi = app.sign_in("uusi").await;
    change_password(&app, &uusi).await;
    let t = text(&app, &uusi, 1, "fi").await;
    let declined = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/decline",
            &uusi,
            json!({"locale": "fi", "content_sha256": t["content_sha256"]}),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK);
    assert_eq!(declined.json()[0]["status"], "declined");
    assert_eq!(
        app.get("/api/v1/admin/users", &uusi).await.code(),
        "terms_pending"
    );
    assert_eq!(
        app.get("/api/v1/me/export", &uusi).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/terms/versions/1", &uusi).await.status,
        StatusCode::OK
    );
    let deletion = app
        .act(Method::POST, "/api/v1/me/deletion-request", &uusi)
        .await;
    assert_eq!(deletion.status, StatusCode::ACCEPTED);
    // Changing one's mind is possible.
    assert_eq!(accept(&app, &uusi, 1).await.json()[0]["document_id"], 2);
    assert_eq!(
        app.act(Method::DELETE, "/api/v1/session", &uusi)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn a_material_change_takes_effect_mid_session_and_a_minor_one_does_not() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let rehtori = app.sign_in("rehtori").await;
    assert_eq!(
        app.get("/api/v1/admin/users", &rehtori).await.status,
        StatusCode::OK
    );

    let minor = publish(
        &app,
        &admin,
        TERMS_OF_SERVICE,
        "# Käyttöehdot\n\nKirjoitusvirhe korjattu.",
        false,
        None,
    )
    .await;
    assert_eq!(
        app.get("/api/v1/admin/users", &rehtori).await.status,
        StatusCode::OK,
        "minor: nothing required"
    );
    assert!(app
        .get("/api/v1/terms/pending", &rehtori)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    let material = publish(
        &app,
        &admin,
        TERMS_OF_SERVICE,
        "# Käyttöehdot\n\nUusi kohta.",
        true,
        None,
    )
    .await;
    let gated = app.get("/api/v1/admin/users", &rehtori).await;
    assert_eq!(gated.code(), "terms_pending");
    assert_eq!(gated.json()["pending"][0]["version_id"], material);
    assert_eq!(
        gated.json()["pending"][0]["previously_accepted_version_id"],
        1
    );
    // The diff against the version accepted before.
    let diff = app
        .get(
            &format!("/api/v1/terms/versions/{material}/diff?from=1&locale=fi"),
            &rehtori,
        )
        .await
        .json();
    let kinds: Vec<&str> = diff
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"added") && kinds.contains(&"removed"));
    assert!(diff
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "added" && l["text"] == "Uusi kohta."));
    // Only the version in force can be accepted: not the superseded minor one.
    let t = text(&app, &rehtori, minor, "fi").await;
    assert_eq!(t["state"], "retired");
    assert_eq!(accept(&app, &rehtori, minor).await.code(), "conflict");
    assert_eq!(
        accept(&app, &rehtori, material).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/admin/users", &rehtori).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn published_versions_are_immutable_and_publishing_needs_every_language() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let draft = app
        .send_json(
            Method::POST,
            "/api/v1/admin/terms/documents/1/versions",
            &admin,
            texts("Ehdot", "Teksti", &["fi", "en"]),
        )
        .await;
    let id = draft.json()["id"].as_i64().unwrap();
    let refused = app
        .send_json(
            Method::POST,
            &format!("/api/v1/admin/terms/versions/{id}/publish"),
            &admin,
            json!({"material": true}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["errors"],
        json!([{"field": "text_sv", "code": "required"}])
    );
    // A draft can be rewritten until it is complete.
    let rewritten = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/admin/terms/versions/{id}/texts"),
            &admin,
            texts("Ehdot", "Teksti", &["fi", "sv", "en"]),
        )
        .await;
    assert_eq!(rewritten.status, StatusCode::NO_CONTENT);
    let published = app
        .send_json(
            Method::POST,
            &format!("/api/v1/admin/terms/versions/{id}/publish"),
            &admin,
            json!({"material": false}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK);
    let again = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/admin/terms/versions/{id}/texts"),
            &admin,
            texts("Muutettu", "Muutettu", &["fi", "sv", "en"]),
        )
        .await;
    assert_eq!(again.code(), "conflict");
    let republish = app
        .send_json(
            Method::POST,
            &format!("/api/v1/admin/terms/versions/{id}/publish"),
            &admin,
            json!({"material": true}),
        )
        .await;
    assert_eq!(republish.code(), "conflict");
    // Even the database refuses to rewrite published text.
    let db = &app.state.db;
    assert!(
        sqlx::query("UPDATE terms_texts SET body_markdown = 'x' WHERE version_id = ?")
            .bind(id)
            .execute(db)
            .await
            .is_err()
    );
    assert!(sqlx::query("DELETE FROM terms_texts WHERE version_id = ?")
        .bind(id)
        .execute(db)
        .await
        .is_err());
    assert!(
        sqlx::query("UPDATE terms_versions SET material = 1 WHERE id = ?")
            .bind(id)
            .execute(db)
            .await
            .is_err()
    );
    // Retiring is the one change a published version allows.
    let retired = app
        .act(
            Method::POST,
            &format!("/api/v1/admin/terms/versions/{id}/retire"),
            &admin,
        )
        .await;
    assert_eq!(retired.status, StatusCode::NO_CONTENT);
    let list = app
        .get("/api/v1/admin/terms/documents", &admin)
        .await
        .json();
    let states: Vec<&str> = list[0]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["active", "retired"]);
}

#[tokio::test]
async fn the_history_is_append_only_with_a_retention_purge() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM terms_events")
            .fetch_one(db)
            .await
            .unwrap()
    };
    let before = count().await;
    assert!(before > 0);
    assert!(sqlx::query("UPDATE terms_events SET kind = 'declined'")
        .execute(db)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM terms_events")
        .execute(db)
        .await
        .is_err());
    assert_eq!(count().await, before);
    // Demo events are a day old: a 2-day retention keeps them, a 0-day one removes them.
    assert_eq!(
        arkki_server::terms::purge_expired_events(db, 2)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        arkki_server::terms::purge_expired_events(db, 0)
            .await
            .unwrap() as i64,
        before
    );
    assert!(
        sqlx::query("DELETE FROM terms_events")
            .execute(db)
            .await
            .is_ok(),
        "empty delete"
    );
    let flag: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM settings")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(flag, 0, "the purge flag does not outlive its transaction");
}

#[tokio::test]
async fn events_record_proof_without_the_ip_address_by_default() {
    let app = TestApp::new().await;
    let uusi = app.sign_in("uusi").await;
    change_password(&app, &uusi).await;
    accept(&app, &uusi, 1).await;
    let row: (String, String, Option<String>, i64) = sqlx::query_as(
        "SELECT kind, content_sha256, ip_address, acting_user_id FROM terms_events ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    assert_eq!(row.0, "accepted");
    assert_eq!(row.1.len(), 64);
    assert_eq!(row.2, None);
    assert_eq!(row.3, app.user_id("uusi").await);
    let history = app.get("/api/v1/terms/history", &uusi).await.json();
    let event = history[0]["id"].as_i64().unwrap();
    let receipt = app
        .get(&format!("/api/v1/terms/events/{event}/receipt"), &uusi)
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    let body = String::from_utf8(receipt.body.clone()).unwrap();
    assert!(body.contains(&row.1) && body.contains("# Arkin käyttöehdot") && body.contains("UTC"));
    assert!(receipt
        .header("content-disposition")
        .unwrap()
        .contains("attachment"));
    // Nobody reads another person's receipt.
    let oppilas = app.sign_in("oppilas").await;
    assert_eq!(
        app.get(&format!("/api/v1/terms/events/{event}/receipt"), &oppilas)
            .await
            .code(),
        "not_found"
    );
}

#[tokio::test]
async fn an_optional_consent_is_withdrawn_as_easily_as_given() {
    let app = TestApp::new().await;
    let oppilas = app.sign_in("oppilas").await;
    let history = app.get("/api/v1/terms/history", &oppilas).await.json();
    let consent = entry(&history, |e| e["document_id"] == RESEARCH_CONSENT);
    assert_eq!(consent["can_withdraw"], true);
    let compulsory = entry(&history, |e| e["document_id"] == TERMS_OF_SERVICE);
    assert_eq!(compulsory["can_withdraw"], false);
    let refused = app
        .act(Method::POST, "/api/v1/terms/documents/1/withdraw", &oppilas)
        .await;
    assert_eq!(refused.code(), "permission_denied");
    let withdrawn = app
        .act(
            Method::POST,
            &format!("/api/v1/terms/documents/{RESEARCH_CONSENT}/withdraw"),
            &oppilas,
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK);
    assert!(
        withdrawn.json().as_array().unwrap().is_empty(),
        "a withdrawn consent is a decision"
    );
    let history = app.get("/api/v1/terms/history", &oppilas).await.json();
    assert_eq!(history[0]["kind"], "withdrawn");
    let twice = app
        .act(
            Method::POST,
            &format!("/api/v1/terms/documents/{RESEARCH_CONSENT}/withdraw"),
            &oppilas,
        )
        .await;
    assert_eq!(twice.code(), "conflict");
    // The service stays open: the consent was optional.
    assert_eq!(
        app.get("/api/v1/admin/users", &oppilas).await.code(),
        "permission_denied"
    );
}

#[tokio::test]
async fn acceptance_on_behalf_of_a_student_is_limited_and_recorded_as_such() {
    let app = TestApp::new().await;
    let opettaja = app.sign_in("opettaja").await;
    let uusi_id = app.user_id("uusi").await;
    let jasen_id = app.user_id("jasen").await;
    let t = text(&app, &opettaja, 1, "fi").await;
    let body = |user: i64, note: &str| json!({"user_id": user, "locale": "fi", "content_sha256": t["content_sha256"], "note": note});
    let ok = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/on-behalf",
            &opettaja,
            body(uusi_id, "Huoltajan allekirjoitus 1.9."),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let no_note = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/on-behalf",
            &opettaja,
            body(uusi_id, " "),
        )
        .await;
    assert_eq!(no_note.json()["errors"][0]["field"], "note");
    let other_org = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/on-behalf",
            &opettaja,
            body(jasen_id, "x"),
        )
        .await;
    assert_eq!(other_org.code(), "permission_denied");
    let oppilas = app.sign_in("oppilas").await;
    let student = app
        .send_json(
            Method::POST,
            "/api/v1/terms/versions/1/on-behalf",
            &oppilas,
            body(uusi_id, "x"),
        )
        .await;
    assert_eq!(student.code(), "permission_denied");
    // The list of students awaiting terms: own school only, and uusi's terms of service
    // are no longer among the pending.
    let students = app.get("/api/v1/terms/students", &opettaja).await.json();
    let listed: Vec<&str> = students["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["username"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["uusi"]);
    let pending_docs: Vec<i64> = students["items"][0]["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["document_id"].as_i64().unwrap())
        .collect();
    assert_eq!(pending_docs, [2, RESEARCH_CONSENT]);
    assert_eq!(
        app.get("/api/v1/terms/students", &oppilas).await.code(),
        "permission_denied"
    );
    let jasen = app.sign_in("jasen").await;
    assert_eq!(
        app.get("/api/v1/terms/students", &jasen).await.code(),
        "permission_denied"
    );
    let uusi = app.sign_in("uusi").await;
    change_password(&app, &uusi).await;
    let history = app.get("/api/v1/terms/history", &uusi).await.json();
    assert_eq!(history[0]["kind"], "accepted_on_behalf");
    assert_eq!(history[0]["acting_user"], "Olli Opettaja");
    assert_eq!(history[0]["note"], "Huoltajan allekirjoitus 1.9.");
    let pending = app.get("/api/v1/terms/pending", &uusi).await.json();
    assert!(pending
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["document_id"] != TERMS_OF_SERVICE));
}

#[tokio::test]
async fn the_report_counts_by_organisation_and_role_and_exports_csv() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let report = app
        .get("/api/v1/admin/terms/versions/1/report", &admin)
        .await
        .json();
    assert_eq!(
        report["total"],
        json!({"segment": "all", "accepted": 6, "declined": 0, "pending": 1})
    );
    let school = entry(&report["by_organisation"], |c| {
        c["segment"] == "Demo School"
    });
    assert_eq!(
        (school["accepted"].as_i64(), school["pending"].as_i64()),
        (Some(3), Some(1))
    );
    let students = entry(&report["by_role"], |c| c["segment"] == "student");
    assert_eq!(
        (students["accepted"].as_i64(), students["pending"].as_i64()),
        (Some(1), Some(1))
    );
    let uusi = entry(&report["users"], |u| u["username"] == "uusi");
    assert_eq!(uusi["status"], "pending");
    let csv = app
        .get("/api/v1/admin/terms/versions/1/report?format=csv", &admin)
        .await;
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let text = String::from_utf8(csv.body).unwrap();
    assert!(text.starts_with("username,display_name,organisation,roles,status\r\n"));
    assert!(text.contains("\"uusi\",\"Urho Uusi\",\"Demo School\",\"student\",\"pending\""));
    // Only administrators see reports.
    let rehtori = app.sign_in("rehtori").await;
    assert_eq!(
        app.get("/api/v1/admin/terms/versions/1/report", &rehtori)
            .await
            .code(),
        "permission_denied"
    );
}

#[tokio::test]
async fn asking_a_segment_again_and_administration_is_for_administrators_only() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let opettaja = app.sign_in("opettaja").await;
    let oppilas = app.sign_in("oppilas").await;
    let asked = app
        .send_json(
            Method::POST,
            "/api/v1/admin/terms/documents/1/ask-again",
            &admin,
            json!({"audience": {"kind": "role", "role": "teacher"}}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/terms/pending", &opettaja).await.json()[0]["document_id"],
        1
    );
    assert!(app
        .get("/api/v1/terms/pending", &oppilas)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    for (method, path, body) in [
        (Method::GET, "/api/v1/admin/terms/documents", None),
        (
            Method::POST,
            "/api/v1/admin/terms/documents",
            Some(
                json!({"name": "X", "kind": "privacy_notice", "compulsory": true, "audience": {"kind": "everyone"}}),
            ),
        ),
        (
            Method::POST,
            "/api/v1/admin/terms/documents/1/versions",
            Some(texts("X", "Y", &["fi"])),
        ),
        (
            Method::POST,
            "/api/v1/admin/terms/documents/1/ask-again",
            Some(json!({"audience": {"kind": "everyone"}})),
        ),
        (
            Method::PUT,
            "/api/v1/admin/terms/versions/1/texts",
            Some(texts("X", "Y", &["fi"])),
        ),
        (
            Method::POST,
            "/api/v1/admin/terms/versions/1/publish",
            Some(json!({"material": true})),
        ),
        (Method::POST, "/api/v1/admin/terms/versions/1/retire", None),
        (
            Method::POST,
            "/api/v1/admin/terms/preview",
            Some(json!({"markdown": "x"})),
        ),
        (
            Method::POST,
            "/api/v1/admin/notices",
            Some(
                json!({"kind": "information", "audience": {"kind": "everyone"}, "texts": {"fi": "x"}}),
            ),
        ),
    ] {
        let reply = app.call(method.clone(), path, Some(&oppilas), body).await;
        assert_eq!(reply.code(), "permission_denied", "{method} {path}");
    }
}

#[tokio::test]
async fn scheduled_versions_are_announced_then_take_effect() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let rehtori = app.sign_in("rehtori").await;
    let soon = arkki_server::now() + 2;
    let id = publish(
        &app,
        &admin,
        TERMS_OF_SERVICE,
        "# Käyttöehdot\n\nTulossa.",
        true,
        Some(soon),
    )
    .await;
    let notices = app.get("/api/v1/notices", &rehtori).await.json();
    assert_eq!(notices["upcoming_terms"][0]["version_id"], id);
    assert_eq!(notices["upcoming_terms"][0]["effective_at"], soon);
    assert_eq!(
        app.get("/api/v1/admin/users", &rehtori).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(
        app.get("/api/v1/admin/users", &rehtori).await.code(),
        "terms_pending"
    );
    assert!(
        app.get("/api/v1/notices", &rehtori).await.json()["upcoming_terms"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn notices_reach_their_audience_and_stay_dismissed() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let now = arkki_server::now();
    let maintenance = app
        .send_json(
            Method::POST,
            "/api/v1/admin/notices",
            &admin,
            json!({
                "kind": "maintenance", "audience": {"kind": "role", "role": "student"},
                "texts": {"fi": "Huoltokatko lauantaina", "en": "Maintenance on Saturday"},
                "starts_at": now + 3600, "ends_at": now + 7200
            }),
        )
        .await;
    assert_eq!(maintenance.status, StatusCode::CREATED);
    let backwards = app
        .send_json(
            Method::POST,
            "/api/v1/admin/notices",
            &admin,
            json!({
                "kind": "maintenance", "audience": {"kind": "everyone"}, "texts": {"fi": "x"},
                "starts_at": now + 7200, "ends_at": now + 3600
            }),
        )
        .await;
    assert_eq!(backwards.code(), "validation");
    let oppilas = app.sign_in("oppilas").await;
    let opettaja = app.sign_in("opettaja").await;
    let seen = app.get("/api/v1/notices", &oppilas).await.json();
    assert_eq!(seen["notices"][0]["text"], "Huoltokatko lauantaina");
    assert_eq!(seen["notices"][0]["kind"], "maintenance");
    assert!(
        app.get("/api/v1/notices", &opettaja).await.json()["notices"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let id = seen["notices"][0]["id"].as_i64().unwrap();
    let dismissed = app
        .act(
            Method::POST,
            &format!("/api/v1/notices/{id}/dismiss"),
            &oppilas,
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::NO_CONTENT);
    let oppilas_again = app.sign_in("oppilas").await;
    assert!(
        app.get("/api/v1/notices", &oppilas_again).await.json()["notices"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn long_legal_texts_render_and_hostile_markdown_is_inert() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let mut long = String::from("# Yleiset sopimusehdot\n\n");
    let mut section = 0;
    while long.len() < 60_000 {
        section += 1;
        long.push_str(&format!(
            "## {section}. Sopimuksen kohde ja soveltamisala\n\n"
        ));
        for item in 1..=4 {
            long.push_str(&format!("{item}. Käyttäjä sitoutuu noudattamaan näitä ehtoja, jotka koskevat myös ääkkösiä ja öljyä.\n"));
            long.push_str(
                "   1. Alakohta, jossa täsmennetään velvollisuuksia.\n   2. Toinen alakohta.\n",
            );
        }
        long.push('\n');
    }
    let hostile = "<script>alert(1)</script> [x](javascript:alert(1)) <iframe src=x></iframe>";
    let body = format!("{long}\n\n{hostile}");
    let draft = app
        .send_json(
            Method::POST,
            "/api/v1/admin/terms/documents/1/versions",
            &admin,
            json!({"texts": [
                {"locale": "fi", "title": "Pitkät ehdot", "body_markdown": body},
                {"locale": "sv", "title": "Långa villkor", "body_markdown": body},
                {"locale": "en", "title": "Long terms", "body_markdown": body},
            ]}),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED);
    let id = draft.json()["id"].as_i64().unwrap();
    app.send_json(
        Method::POST,
        &format!("/api/v1/admin/terms/versions/{id}/publish"),
        &admin,
        json!({"material": false}),
    )
    .await;
    let t = text(&app, &admin, id, "fi").await;
    let html = t["html"].as_str().unwrap();
    assert_eq!(html.matches("<h3>").count(), section);
    assert_eq!(html.matches("<ol>").count(), section * 5);
    assert!(html.contains("ääkkösiä ja öljyä"));
    assert!(
        !html.contains("<script")
            && !html.contains("<iframe")
            && !html.contains("href=\"javascript")
    );
    let preview = app
        .send_json(
            Method::POST,
            "/api/v1/admin/terms/preview",
            &admin,
            json!({"markdown": hostile}),
        )
        .await;
    assert!(!preview.json()["html"].as_str().unwrap().contains("<script"));
}

#[tokio::test]
async fn audiences_and_codes_the_api_does_not_know_are_refused() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let before = app
        .get("/api/v1/admin/terms/documents", &admin)
        .await
        .json();
    let document = |kind: &str, audience: Value| json!({"name": "X", "kind": kind, "compulsory": true, "audience": audience});
    for body in [
        document("privacy_notice", json!({"kind": "role"})),
        document(
            "privacy_notice",
            json!({"kind": "role", "organisation_id": 1}),
        ),
        document(
            "privacy_notice",
            json!({"kind": "everyone", "role": "teacher"}),
        ),
        document("privacy_notice", json!({"kind": "role", "role": "wizard"})),
        document("privacy_notice", json!({"kind": "nobody"})),
        document("love_letter", json!({"kind": "everyone"})),
    ] {
        let refused = app
            .send_json(
                Method::POST,
                "/api/v1/admin/terms/documents",
                &admin,
                body.clone(),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(refused.code(), "malformed_request", "{body}");
    }
    let asked = app
        .send_json(
            Method::POST,
            "/api/v1/admin/terms/documents/1/ask-again",
            &admin,
            json!({"audience": {"kind": "organisation"}}),
        )
        .await;
    assert_eq!(asked.code(), "malformed_request");
    assert_eq!(
        app.get("/api/v1/admin/terms/documents", &admin)
            .await
            .json(),
        before
    );
}
