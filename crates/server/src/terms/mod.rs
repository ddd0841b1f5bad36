//! Terms acceptance: reading, accepting, declining and withdrawing, the proof of it, and
//! service notices. Administration of documents lives in `admin`.

pub mod admin;
pub mod markdown;
pub mod notices;
pub mod store;

use arkki_api::account::{Locale, Role};
use arkki_api::terms::{
    diff_lines, pick_locale, version_state, Decision, DiffLine, EventKind, OnBehalfAcceptance,
    PendingTerms, TermsEvent, TermsStatus, VersionState, VersionText,
};
use arkki_api::ErrorCode;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::account::{store as accounts, SignedIn};
use crate::error::{ApiError, ApiJson, ApiResult};
use crate::{now, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/terms/pending", get(pending))
        .route("/terms/history", get(history))
        .route("/terms/versions/{id}", get(read_version))
        .route("/terms/versions/{id}/diff", get(diff))
        .route("/terms/versions/{id}/accept", post(accept))
        .route("/terms/versions/{id}/decline", post(decline))
        .route("/terms/versions/{id}/on-behalf", post(accept_on_behalf))
        .route("/terms/documents/{id}/withdraw", post(withdraw))
        .route("/terms/students", get(students_awaiting))
        .route("/terms/events/{id}/receipt", get(receipt))
        .merge(notices::routes())
        .merge(admin::routes())
}

#[derive(Deserialize)]
pub struct LocaleQuery {
    locale: Option<Locale>,
    from: Option<i64>,
}

/// One language's text of a published version (drafts only for administrators).
pub async fn version_text(
    state: &AppState,
    version_id: i64,
    preferred: Locale,
    include_drafts: bool,
) -> ApiResult<VersionText> {
    let (version, document) = store::version_with_document(&state.db, version_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if version.published_at.is_none() && !include_drafts {
        return Err(ApiError::not_found());
    }
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT locale, title, body_html, sha256 FROM terms_texts WHERE version_id = ?",
    )
    .bind(version_id)
    .fetch_all(&state.db)
    .await?;
    let available: Vec<Locale> = rows
        .iter()
        .filter_map(|r| Locale::from_code(&r.0))
        .collect();
    let locale = pick_locale(&available, preferred).ok_or_else(ApiError::not_found)?;
    let (_, title, html, sha) = rows
        .into_iter()
        .find(|r| r.0 == locale.code())
        .ok_or_else(ApiError::not_found)?;
    let versions = store::versions(&state.db).await?;
    let facts = store::facts_of(&versions, document.id);
    Ok(VersionText {
        version_id,
        document_id: document.id,
        kind: document.kind(),
        compulsory: document.compulsory,
        locale,
        title,
        html,
        content_sha256: sha,
        effective_at: version.effective_at,
        state: version_state(&facts, version_id, now()),
    })
}

async fn pending(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<Json<Vec<PendingTerms>>> {
    Ok(Json(store::pending(&state.db, &session.user, now()).await?))
}

async fn read_version(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<i64>,
    Query(query): Query<LocaleQuery>,
) -> ApiResult<Json<VersionText>> {
    let preferred = query.locale.unwrap_or(session.user.locale);
    let admin = session.user.has_role(Role::Administrator);
    Ok(Json(version_text(&state, id, preferred, admin).await?))
}

/// What changed from `from` (a version the user accepted) to this one, line by line.
async fn diff(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(id): Path<i64>,
    Query(query): Query<LocaleQuery>,
) -> ApiResult<Json<Vec<DiffLine>>> {
    let from = query
        .from
        .ok_or_else(|| ApiError::field("from", "required"))?;
    let new = store::version(&state.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let old = store::version(&state.db, from)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if new.published_at.is_none()
        || old.published_at.is_none()
        || new.document_id != old.document_id
    {
        return Err(ApiError::not_found());
    }
    let locale = query.locale.unwrap_or(session.user.locale);
    let new_text = version_text(&state, id, locale, false).await?;
    let markdown = |version: i64, locale: Locale| {
        let db = state.db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT body_markdown FROM terms_texts WHERE version_id = ? AND locale = ?",
            )
            .bind(version)
            .bind(locale.code())
            .fetch_optional(&db)
            .await
        }
    };
    let new_md = markdown(id, new_text.locale).await?.unwrap_or_default();
    let old_md = markdown(from, new_text.locale).await?.unwrap_or_default();
    Ok(Json(diff_lines(&old_md, &new_md)))
}

fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(120)
        .collect()
}

fn client_ip(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if !state.config.terms_store_ip {
        return None;
    }
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().chars().take(45).collect())
}

struct NewEvent<'a> {
    user_id: i64,
    acting_user_id: i64,
    version_id: i64,
    kind: EventKind,
    locale: Locale,
    content_sha256: &'a str,
    note: &'a str,
}

async fn record(state: &AppState, headers: &HeaderMap, event: NewEvent<'_>) -> ApiResult<i64> {
    let version = store::version(&state.db, event.version_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let id = sqlx::query_scalar(
        "INSERT INTO terms_events (user_id, acting_user_id, document_id, version_id, kind, locale, \
         content_sha256, at, user_agent, ip_address, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         RETURNING id",
    )
    .bind(event.user_id)
    .bind(event.acting_user_id)
    .bind(version.document_id)
    .bind(event.version_id)
    .bind(event.kind.as_str())
    .bind(event.locale.code())
    .bind(event.content_sha256)
    .bind(now())
    .bind(user_agent(headers))
    .bind(client_ip(state, headers))
    .bind(event.note)
    .fetch_one(&state.db)
    .await?;
    Ok(id)
}

/// A decision is only about the version in force for the user, and about the exact text
/// they were shown.
async fn check_decision(state: &AppState, version_id: i64, decision: &Decision) -> ApiResult<()> {
    let version = store::version(&state.db, version_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let versions = store::versions(&state.db).await?;
    let facts = store::facts_of(&versions, version.document_id);
    if version_state(&facts, version_id, now()) != VersionState::Active {
        return Err(ApiError::conflict());
    }
    let sha: Option<String> =
        sqlx::query_scalar("SELECT sha256 FROM terms_texts WHERE version_id = ? AND locale = ?")
            .bind(version_id)
            .bind(decision.locale.code())
            .fetch_optional(&state.db)
            .await?;
    if sha.as_deref() != Some(decision.content_sha256.as_str()) {
        return Err(ApiError::conflict());
    }
    Ok(())
}

async fn decide(
    state: AppState,
    session: crate::account::Session,
    headers: HeaderMap,
    id: i64,
    decision: Decision,
    kind: EventKind,
) -> ApiResult<Json<Vec<PendingTerms>>> {
    check_decision(&state, id, &decision).await?;
    record(
        &state,
        &headers,
        NewEvent {
            user_id: session.user.id,
            acting_user_id: session.user.id,
            version_id: id,
            kind,
            locale: decision.locale,
            content_sha256: &decision.content_sha256,
            note: "",
        },
    )
    .await?;
    Ok(Json(store::pending(&state.db, &session.user, now()).await?))
}

async fn accept(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiJson(decision): ApiJson<Decision>,
) -> ApiResult<Json<Vec<PendingTerms>>> {
    decide(state, session, headers, id, decision, EventKind::Accepted).await
}

async fn decline(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiJson(decision): ApiJson<Decision>,
) -> ApiResult<Json<Vec<PendingTerms>>> {
    decide(state, session, headers, id, decision, EventKind::Declined).await
}

/// Withdrawing an optional consent: as easy as giving it, and recorded the same way.
async fn withdraw(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(document_id): Path<i64>,
) -> ApiResult<Json<Vec<PendingTerms>>> {
    let standing = store::standings(&state.db, &session.user, now())
        .await?
        .into_iter()
        .find(|s| s.document.id == document_id)
        .ok_or_else(ApiError::not_found)?;
    if standing.document.compulsory {
        return Err(ApiError::denied());
    }
    if standing.status != TermsStatus::Accepted {
        return Err(ApiError::conflict());
    }
    let (locale, sha): (String, String) = sqlx::query_as(
        "SELECT locale, content_sha256 FROM terms_events WHERE user_id = ? AND document_id = ? \
         ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(session.user.id)
    .bind(document_id)
    .fetch_one(&state.db)
    .await?;
    record(
        &state,
        &headers,
        NewEvent {
            user_id: session.user.id,
            acting_user_id: session.user.id,
            version_id: standing.version_id,
            kind: EventKind::Withdrawn,
            locale: Locale::from_code(&locale).unwrap_or_default(),
            content_sha256: &sha,
            note: "",
        },
    )
    .await?;
    Ok(Json(store::pending(&state.db, &session.user, now()).await?))
}

/// A teacher or organisation admin records acceptance for a student (a minor) of their own
/// organisation, with a note; administrators for anyone.
async fn accept_on_behalf(
    State(state): State<AppState>,
    crate::account::Gated(session): crate::account::Gated,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<OnBehalfAcceptance>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    let actor = &session.user;
    let student = accounts::user_by_id(&state.db, request.user_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !arkki_api::terms::may_accept_on_behalf(actor, &student) {
        return Err(ApiError::denied());
    }
    let note = request.note.trim();
    if note.is_empty() || note.chars().count() > 500 {
        return Err(ApiError::field(
            "note",
            if note.is_empty() {
                "required"
            } else {
                "too_long"
            },
        ));
    }
    check_decision(
        &state,
        id,
        &Decision {
            locale: request.locale,
            content_sha256: request.content_sha256.clone(),
        },
    )
    .await?;
    let event = record(
        &state,
        &headers,
        NewEvent {
            user_id: student.id,
            acting_user_id: actor.id,
            version_id: id,
            kind: EventKind::AcceptedOnBehalf,
            locale: request.locale,
            content_sha256: &request.content_sha256,
            note,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "event_id": event })),
    ))
}

#[derive(Deserialize)]
pub struct StudentsQuery {
    after: Option<String>,
    limit: Option<u32>,
}

/// Students of the caller's organisation whose terms await a decision, for recording
/// acceptance on their behalf. Paged by username.
async fn students_awaiting(
    State(state): State<AppState>,
    crate::account::Gated(session): crate::account::Gated,
    Query(query): Query<StudentsQuery>,
) -> ApiResult<Json<arkki_api::paging::Page<arkki_api::terms::StudentTerms>>> {
    let actor = &session.user;
    if !arkki_api::terms::records_on_behalf(actor) {
        return Err(ApiError::denied());
    }
    let limit = arkki_api::paging::clamp_limit(query.limit);
    let organisation = if actor.has_role(Role::Administrator) {
        None
    } else {
        actor.organisation.as_ref().map(|o| o.id)
    };
    let sql = format!(
        "SELECT {} FROM {} WHERE u.active = 1 AND u.username > ? AND (? IS NULL OR u.organisation_id = ?) \
         AND (',' || u.roles || ',') LIKE '%,student,%' ORDER BY u.username",
        accounts::USER_COLUMNS,
        accounts::USER_FROM
    );
    let rows: Vec<accounts::UserRow> = sqlx::query_as(&sql)
        .bind(query.after.unwrap_or_default())
        .bind(organisation)
        .bind(organisation)
        .fetch_all(&state.db)
        .await?;
    let mut items = Vec::new();
    let mut next = None;
    for row in rows {
        let student = arkki_api::account::User::from(row);
        if !arkki_api::terms::may_accept_on_behalf(actor, &student) {
            continue;
        }
        let pending = store::pending(&state.db, &student, now()).await?;
        if pending.is_empty() {
            continue;
        }
        if items.len() == limit as usize {
            next = items
                .last()
                .map(|s: &arkki_api::terms::StudentTerms| s.username.clone());
            break;
        }
        items.push(arkki_api::terms::StudentTerms {
            user_id: student.id,
            username: student.username,
            display_name: student.display_name,
            pending,
        });
    }
    Ok(Json(arkki_api::paging::Page { items, next }))
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    kind: String,
    document_id: i64,
    version_id: i64,
    locale: String,
    content_sha256: String,
    at: i64,
    note: String,
    acting_username: Option<String>,
}

async fn history_of(
    state: &AppState,
    user: &arkki_api::account::User,
) -> ApiResult<Vec<TermsEvent>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT e.id, e.kind, e.document_id, e.version_id, e.locale, e.content_sha256, e.at, e.note, \
         CASE WHEN e.acting_user_id <> e.user_id THEN a.display_name END AS acting_username \
         FROM terms_events e JOIN users a ON a.id = e.acting_user_id \
         WHERE e.user_id = ? ORDER BY e.at DESC, e.id DESC LIMIT 500",
    )
    .bind(user.id)
    .fetch_all(&state.db)
    .await?;
    let standings = store::standings(&state.db, user, now()).await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut latest_seen = std::collections::HashSet::new();
    for row in rows {
        let document = store::document(&state.db, row.document_id)
            .await?
            .ok_or(ErrorCode::Internal)?;
        let kind = EventKind::parse(&row.kind).unwrap_or(EventKind::Accepted);
        // Only the latest event of an optional document that stands accepted can be withdrawn.
        let is_latest = latest_seen.insert(row.document_id);
        let can_withdraw = is_latest
            && !document.compulsory
            && matches!(kind, EventKind::Accepted | EventKind::AcceptedOnBehalf)
            && standings
                .iter()
                .any(|s| s.document.id == row.document_id && s.status == TermsStatus::Accepted);
        out.push(TermsEvent {
            id: row.id,
            kind,
            document_id: row.document_id,
            version_id: row.version_id,
            document_kind: document.kind(),
            compulsory: document.compulsory,
            title: store::title(
                &state.db,
                row.version_id,
                Locale::from_code(&row.locale).unwrap_or_default(),
            )
            .await?,
            locale: Locale::from_code(&row.locale).unwrap_or_default(),
            content_sha256: row.content_sha256,
            at: row.at,
            acting_user: row.acting_username,
            note: row.note,
            can_withdraw,
        });
    }
    Ok(out)
}

async fn history(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> ApiResult<Json<Vec<TermsEvent>>> {
    Ok(Json(history_of(&state, &session.user).await?))
}

/// A receipt of one of the user's own events: the exact text, its hash and the time.
async fn receipt(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(event_id): Path<i64>,
) -> ApiResult<Response> {
    let row: Option<(i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT version_id, kind, locale, content_sha256, at, user_id FROM terms_events WHERE id = ?",
    )
    .bind(event_id)
    .fetch_optional(&state.db)
    .await?;
    let (version_id, kind, locale, sha, at, owner) = row.ok_or_else(ApiError::not_found)?;
    if owner != session.user.id {
        return Err(ApiError::not_found());
    }
    let (title, markdown): (String, String) = sqlx::query_as(
        "SELECT title, body_markdown FROM terms_texts WHERE version_id = ? AND locale = ?",
    )
    .bind(version_id)
    .bind(&locale)
    .fetch_one(&state.db)
    .await?;
    let body = format!(
        "Arkki — receipt / kuitti / kvitto\n\
         ================================\n\
         User: {username}\n\
         Event: {kind}\n\
         Time (UTC): {time}\n\
         Document version: {version_id}\n\
         Language: {locale}\n\
         SHA-256 of the text: {sha}\n\
         \n\
         ----- {title} -----\n\n{markdown}\n",
        username = session.user.username,
        time = format_utc(at),
    );
    crate::error::attachment(
        body.into_bytes(),
        "text/plain; charset=utf-8",
        &format!("arkki-receipt-{event_id}.txt"),
    )
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, without a date library.
pub fn format_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Removes terms events older than `days` days. The history is otherwise append-only: the
/// delete trigger lets this through only while the purge flag is set in its transaction.
pub async fn purge_expired_events(db: &sqlx::SqlitePool, days: u32) -> Result<u64, sqlx::Error> {
    let cutoff = now() - i64::from(days) * 86_400;
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ('terms_retention_purge', '1')")
        .execute(&mut *tx)
        .await?;
    let removed = sqlx::query("DELETE FROM terms_events WHERE at < ?")
        .bind(cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM settings WHERE key = 'terms_retention_purge'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_formatting() {
        assert_eq!(super::format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(super::format_utc(1_795_315_661), "2026-11-22 02:47:41");
        assert_eq!(super::format_utc(951_782_400), "2000-02-29 00:00:00");
    }
}
