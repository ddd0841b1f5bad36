//! Service notices and the advance notice of terms that take effect later.

use arkki_api::account::{Locale, Role};
use arkki_api::terms::{
    pick_locale, upcoming_version, Audience, NewNotice, Notice, NoticeKind, Notices, UpcomingTerms,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::BTreeMap;

use super::store;
use crate::account::SignedIn;
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{now, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices", get(list))
        .route("/notices/{id}/dismiss", post(dismiss))
        .route("/admin/notices", post(publish))
}

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    kind: String,
    audience: String,
    texts: String,
    starts_at: Option<i64>,
    ends_at: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<Json<Notices>> {
    let user = &session.user;
    let now = now();
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT n.id, n.kind, n.audience, n.texts, n.starts_at, n.ends_at FROM notices n \
         WHERE (n.ends_at IS NULL OR n.ends_at > ?) AND NOT EXISTS \
         (SELECT 1 FROM notice_dismissals d WHERE d.notice_id = n.id AND d.user_id = ?) \
         ORDER BY n.published_at DESC LIMIT 20",
    )
    .bind(now)
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    let notices = rows
        .into_iter()
        .filter(|r| {
            serde_json::from_str::<Audience>(&r.audience)
                .map(|a| a.includes(user))
                .unwrap_or(false)
        })
        .filter_map(|r| {
            let texts: BTreeMap<Locale, String> = serde_json::from_str(&r.texts).ok()?;
            let available: Vec<Locale> = texts.keys().copied().collect();
            let locale = pick_locale(&available, user.locale)?;
            Some(Notice {
                id: r.id,
                kind: if r.kind == "maintenance" {
                    NoticeKind::Maintenance
                } else {
                    NoticeKind::Information
                },
                text: texts.get(&locale).cloned().unwrap_or_default(),
                starts_at: r.starts_at,
                ends_at: r.ends_at,
            })
        })
        .collect();
    let mut upcoming_terms = Vec::new();
    let versions = store::versions(&state.db).await?;
    for document in store::documents(&state.db).await? {
        if !document.audience().includes(user) {
            continue;
        }
        let facts = store::facts_of(&versions, document.id);
        if let Some(next) = upcoming_version(&facts, now) {
            upcoming_terms.push(UpcomingTerms {
                version_id: next.id,
                title: store::title(&state.db, next.id, user.locale).await?,
                effective_at: next.effective_at.unwrap_or_default(),
            });
        }
    }
    Ok(Json(Notices {
        notices,
        upcoming_terms,
    }))
}

async fn dismiss(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM notices WHERE id = ?")
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    exists.ok_or_else(ApiError::not_found)?;
    sqlx::query("INSERT INTO notice_dismissals (user_id, notice_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(session.user.id)
        .bind(id)
        .bind(now())
        .execute(&state.db)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn publish(
    State(state): State<AppState>,
    crate::account::Gated(session): crate::account::Gated,
    ApiJson(notice): ApiJson<NewNotice>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    if !session.user.has_role(Role::Administrator) {
        return Err(ApiError::denied());
    }
    if !notice.texts.contains_key(&Locale::Fi) {
        return Err(ApiError::field("text_fi", "required"));
    }
    for (locale, text) in &notice.texts {
        if let Err(problem) = arkki_api::validation::check_name(text, 500) {
            return Err(ApiError::validation(vec![
                problem.on(&format!("text_{}", locale.code()))
            ]));
        }
    }
    if notice.kind == NoticeKind::Maintenance
        && !matches!((notice.starts_at, notice.ends_at), (Some(s), Some(e)) if s < e)
    {
        return Err(ApiError::field("ends_at", "invalid_format"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notices (kind, audience, texts, starts_at, ends_at, published_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(if notice.kind == NoticeKind::Maintenance {
        "maintenance"
    } else {
        "information"
    })
    .bind(serde_json::to_string(&notice.audience).unwrap_or_default())
    .bind(serde_json::to_string(&notice.texts).unwrap_or_default())
    .bind(notice.starts_at)
    .bind(notice.ends_at)
    .bind(now())
    .fetch_one(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))))
}
