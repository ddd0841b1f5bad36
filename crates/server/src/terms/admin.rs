//! Administration of terms: documents, drafts, previews, publishing, retiring, the report
//! and asking a segment to accept again. Administrators only.

use arkki_api::account::{Locale, Role, User};
use arkki_api::terms::{
    csv_field, missing_languages, status, version_state, AdminDocument, AdminVersion, AskAgain,
    DraftTexts, EventFacts, NewDocument, Publication, ReportCounts, ReportRow, TermsStatus,
    VersionReport,
};
use arkki_api::validation::check_name;
use arkki_api::FieldError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

use super::{markdown, store};
use crate::account::store::{UserRow, USER_COLUMNS, USER_FROM};
use crate::account::Gated;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{now, AppState};

/// Longest Markdown text accepted for one language of a version.
pub const MAX_TEXT_BYTES: usize = 200 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/terms/documents", get(list).post(create_document))
        .route("/admin/terms/documents/{id}/versions", post(create_draft))
        .route("/admin/terms/documents/{id}/ask-again", post(ask_again))
        .route("/admin/terms/versions/{id}/texts", put(replace_texts))
        .route("/admin/terms/versions/{id}/publish", post(publish))
        .route("/admin/terms/versions/{id}/retire", post(retire))
        .route("/admin/terms/versions/{id}/report", get(report))
        .route("/admin/terms/preview", post(preview))
}

/// Published versions never change: any edit of one is a `conflict`.
fn refuse_if_published(version: &store::VersionRow) -> ApiResult<()> {
    if version.published_at.is_some() {
        return Err(ApiError::from(
            arkki_api::Problem::new(arkki_api::ErrorCode::Conflict).with_detail("published"),
        ));
    }
    Ok(())
}

fn require_admin(user: &User) -> ApiResult<()> {
    if user.has_role(Role::Administrator) {
        Ok(())
    } else {
        Err(ApiError::denied())
    }
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn list(
    State(state): State<AppState>,
    Gated(session): Gated,
) -> ApiResult<Json<Vec<AdminDocument>>> {
    require_admin(&session.user)?;
    let versions = store::versions(&state.db).await?;
    let texts: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT version_id, locale, title FROM terms_texts ORDER BY version_id")
            .fetch_all(&state.db)
            .await?;
    let now = now();
    let mut out = Vec::new();
    for d in store::documents(&state.db).await? {
        let facts = store::facts_of(&versions, d.id);
        let document_versions = versions
            .iter()
            .filter(|v| v.document_id == d.id)
            .map(|v| {
                let mine: Vec<&(i64, String, String)> =
                    texts.iter().filter(|t| t.0 == v.id).collect();
                AdminVersion {
                    id: v.id,
                    state: version_state(&facts, v.id, now),
                    effective_at: v.effective_at,
                    material: v.material,
                    languages: mine
                        .iter()
                        .filter_map(|t| Locale::from_code(&t.1))
                        .collect(),
                    title: mine
                        .iter()
                        .find(|t| t.1 == session.user.locale.code())
                        .or(mine.first())
                        .map(|t| t.2.clone())
                        .unwrap_or_default(),
                }
            })
            .collect();
        out.push(AdminDocument {
            id: d.id,
            name: d.name.clone(),
            kind: d.kind(),
            position: d.position,
            compulsory: d.compulsory,
            audience: d.audience(),
            languages: d.languages(),
            versions: document_versions,
        });
    }
    Ok(Json(out))
}

async fn create_document(
    State(state): State<AppState>,
    Gated(session): Gated,
    ApiJson(new): ApiJson<NewDocument>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    require_admin(&session.user)?;
    if let Err(p) = check_name(&new.name, 120) {
        return Err(ApiError::validation(vec![p.on("name")]));
    }
    if new.languages.is_empty() {
        return Err(ApiError::field("languages", "required"));
    }
    let languages: Vec<&str> = new.languages.iter().map(|l| l.code()).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO terms_documents (name, kind, position, compulsory, audience, languages, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.name.trim())
    .bind(new.kind.as_str())
    .bind(new.position)
    .bind(new.compulsory)
    .bind(serde_json::to_string(&new.audience).unwrap_or_default())
    .bind(languages.join(","))
    .bind(now())
    .fetch_one(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

fn check_texts(texts: &DraftTexts) -> ApiResult<()> {
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for t in &texts.texts {
        let code = t.locale.code();
        if seen.contains(&t.locale) {
            errors.push(FieldError {
                field: format!("text_{code}"),
                code: "duplicate".into(),
            });
        }
        seen.push(t.locale);
        if let Err(p) = check_name(&t.title, 200) {
            errors.push(p.on(&format!("title_{code}")));
        }
        if t.body_markdown.trim().is_empty() {
            errors.push(FieldError {
                field: format!("text_{code}"),
                code: "required".into(),
            });
        } else if t.body_markdown.len() > MAX_TEXT_BYTES {
            errors.push(FieldError {
                field: format!("text_{code}"),
                code: "too_long".into(),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

async fn write_texts(state: &AppState, version_id: i64, texts: &DraftTexts) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query("DELETE FROM terms_texts WHERE version_id = ?")
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
    for t in &texts.texts {
        sqlx::query(
            "INSERT INTO terms_texts (version_id, locale, title, body_markdown, body_html, sha256) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(version_id)
        .bind(t.locale.code())
        .bind(t.title.trim())
        .bind(&t.body_markdown)
        .bind(markdown::render(&t.body_markdown))
        .bind(sha256_hex(&t.body_markdown))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn create_draft(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(document_id): Path<i64>,
    ApiJson(texts): ApiJson<DraftTexts>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    require_admin(&session.user)?;
    store::document(&state.db, document_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    check_texts(&texts)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO terms_versions (document_id, created_at) VALUES (?, ?) RETURNING id",
    )
    .bind(document_id)
    .bind(now())
    .fetch_one(&state.db)
    .await?;
    write_texts(&state, id, &texts).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}

/// Drafts can be rewritten; a published version never changes (`conflict`).
async fn replace_texts(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
    ApiJson(texts): ApiJson<DraftTexts>,
) -> ApiResult<StatusCode> {
    require_admin(&session.user)?;
    let version = store::version(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    refuse_if_published(&version)?;
    check_texts(&texts)?;
    write_texts(&state, id, &texts).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct PreviewRequest {
    markdown: String,
}

async fn preview(
    Gated(session): Gated,
    ApiJson(request): ApiJson<PreviewRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    require_admin(&session.user)?;
    if request.markdown.len() > MAX_TEXT_BYTES {
        return Err(ApiError::field("markdown", "too_long"));
    }
    Ok(Json(
        serde_json::json!({ "html": markdown::render(&request.markdown) }),
    ))
}

async fn publish(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
    ApiJson(publication): ApiJson<Publication>,
) -> ApiResult<Json<arkki_api::terms::PublishedVersion>> {
    require_admin(&session.user)?;
    let (version, document) = store::version_with_document(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    refuse_if_published(&version)?;
    let written: Vec<Locale> =
        sqlx::query_scalar::<_, String>("SELECT locale FROM terms_texts WHERE version_id = ?")
            .bind(id)
            .fetch_all(&state.db)
            .await?
            .iter()
            .filter_map(|l| Locale::from_code(l))
            .collect();
    let missing = missing_languages(&document.languages(), &written);
    if !missing.is_empty() {
        return Err(ApiError::validation(
            missing
                .iter()
                .map(|l| FieldError {
                    field: format!("text_{}", l.code()),
                    code: "required".into(),
                })
                .collect(),
        ));
    }
    let now = now();
    let effective_at = publication.effective_at.unwrap_or(now).max(now);
    sqlx::query(
        "UPDATE terms_versions SET effective_at = ?, published_at = ?, material = ? WHERE id = ?",
    )
    .bind(effective_at)
    .bind(now)
    .bind(publication.material)
    .bind(id)
    .execute(&state.db)
    .await?;
    Ok(Json(arkki_api::terms::PublishedVersion {
        id,
        effective_at,
    }))
}

async fn retire(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    require_admin(&session.user)?;
    let version = store::version(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if version.published_at.is_none() || version.retired_at.is_some() {
        return Err(ApiError::conflict());
    }
    sqlx::query("UPDATE terms_versions SET retired_at = ? WHERE id = ?")
        .bind(now())
        .bind(id)
        .execute(&state.db)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn ask_again(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<AskAgain>,
) -> ApiResult<StatusCode> {
    require_admin(&session.user)?;
    store::document(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    sqlx::query(
        "INSERT INTO terms_reacceptance (document_id, audience, requested_at, requested_by) VALUES (?, ?, ?, ?)",
    )
    .bind(id)
    .bind(serde_json::to_string(&request.audience).unwrap_or_default())
    .bind(now())
    .bind(session.user.id)
    .execute(&state.db)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct ReportQuery {
    format: Option<String>,
}

/// Who has accepted, declined or not yet decided on a version, by organisation and role.
async fn report(
    State(state): State<AppState>,
    Gated(session): Gated,
    Path(id): Path<i64>,
    Query(query): Query<ReportQuery>,
) -> ApiResult<Response> {
    require_admin(&session.user)?;
    let (version, document) = store::version_with_document(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let versions = store::versions(&state.db).await?;
    // The report is about this version: it counts as if it were the one in force.
    let facts: Vec<_> = store::facts_of(&versions, document.id)
        .into_iter()
        .filter(|v| v.effective_at.is_some() && v.id <= id)
        .collect();
    let at = version.effective_at.unwrap_or(now()).max(now());
    let audience = document.audience();
    let sql =
        format!("SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE u.active = 1 ORDER BY u.username");
    let users: Vec<User> = sqlx::query_as::<_, UserRow>(&sql)
        .fetch_all(&state.db)
        .await?
        .into_iter()
        .map(User::from)
        .filter(|u| audience.includes(u))
        .collect();
    let events: Vec<store::EventRow> = sqlx::query_as(&format!(
        "SELECT {} FROM terms_events WHERE document_id = ?",
        store::EVENT_COLUMNS
    ))
    .bind(document.id)
    .fetch_all(&state.db)
    .await?;
    let ask_again = store::ask_again_rows(&state.db).await?;
    let mut total = ReportCounts {
        segment: "all".into(),
        ..Default::default()
    };
    let mut by_org: BTreeMap<String, ReportCounts> = BTreeMap::new();
    let mut by_role: BTreeMap<String, ReportCounts> = BTreeMap::new();
    let mut rows = Vec::new();
    for user in users {
        let mine: Vec<EventFacts> = events
            .iter()
            .filter(|e| e.user_id == user.id)
            .filter_map(store::EventRow::facts)
            .collect();
        let since = store::ask_again_since(&ask_again, &user, document.id);
        let status = status(&facts, &mine, since, at).unwrap_or(TermsStatus::Pending);
        total.add(status);
        let org = user
            .organisation
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "—".into());
        by_org
            .entry(org.clone())
            .or_insert_with(|| ReportCounts {
                segment: org.clone(),
                ..Default::default()
            })
            .add(status);
        for role in &user.roles {
            by_role
                .entry(role.as_str().to_owned())
                .or_insert_with(|| ReportCounts {
                    segment: role.as_str().into(),
                    ..Default::default()
                })
                .add(status);
        }
        rows.push(ReportRow {
            user_id: user.id,
            username: user.username,
            display_name: user.display_name,
            organisation: org,
            roles: user.roles,
            status,
        });
    }
    let report = VersionReport {
        version_id: id,
        title: store::title(&state.db, id, session.user.locale).await?,
        total,
        by_organisation: by_org.into_values().collect(),
        by_role: by_role.into_values().collect(),
        users: rows,
    };
    if query.format.as_deref() == Some("csv") {
        let mut csv = String::from("username,display_name,organisation,roles,status\r\n");
        for r in &report.users {
            let roles: Vec<&str> = r.roles.iter().map(|x| x.as_str()).collect();
            let status = match r.status {
                TermsStatus::Accepted => "accepted",
                TermsStatus::Declined => "declined",
                TermsStatus::Pending => "pending",
            };
            csv.push_str(
                &[
                    csv_field(&r.username),
                    csv_field(&r.display_name),
                    csv_field(&r.organisation),
                    csv_field(&roles.join(" ")),
                    csv_field(status),
                ]
                .join(","),
            );
            csv.push_str("\r\n");
        }
        return crate::error::attachment(
            csv.into_bytes(),
            "text/csv; charset=utf-8",
            &format!("arkki-terms-report-{id}.csv"),
        );
    }
    Ok(Json(report).into_response())
}
