//! Reading terms documents, versions and events, and deciding what a user must accept.

use arkki_api::account::{Locale, User};
use arkki_api::terms::{
    asks_for_choice, blocks_use, current_version, pick_locale, required_version, status, Audience,
    DocumentKind, EventFacts, EventKind, PendingTerms, TermsStatus, VersionFacts,
};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct DocumentRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub position: i64,
    pub compulsory: bool,
    pub audience: String,
    pub languages: String,
}

impl DocumentRow {
    pub fn kind(&self) -> DocumentKind {
        DocumentKind::parse(&self.kind).unwrap_or(DocumentKind::TermsOfService)
    }

    pub fn audience(&self) -> Audience {
        serde_json::from_str(&self.audience).unwrap_or(Audience::Everyone)
    }

    pub fn languages(&self) -> Vec<Locale> {
        self.languages
            .split(',')
            .filter_map(Locale::from_code)
            .collect()
    }
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct VersionRow {
    pub id: i64,
    pub document_id: i64,
    pub effective_at: Option<i64>,
    pub published_at: Option<i64>,
    pub material: bool,
    pub retired_at: Option<i64>,
}

impl VersionRow {
    pub fn facts(&self) -> VersionFacts {
        VersionFacts {
            id: self.id,
            effective_at: self.effective_at,
            retired: self.retired_at.is_some(),
            material: self.material,
        }
    }
}

pub async fn documents(db: &SqlitePool) -> Result<Vec<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, kind, position, compulsory, audience, languages FROM terms_documents \
         ORDER BY position, id",
    )
    .fetch_all(db)
    .await
}

pub async fn document(db: &SqlitePool, id: i64) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, kind, position, compulsory, audience, languages FROM terms_documents \
         WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn versions(db: &SqlitePool) -> Result<Vec<VersionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, document_id, effective_at, published_at, material, retired_at \
         FROM terms_versions ORDER BY id",
    )
    .fetch_all(db)
    .await
}

pub async fn version(db: &SqlitePool, id: i64) -> Result<Option<VersionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, document_id, effective_at, published_at, material, retired_at \
         FROM terms_versions WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub fn facts_of(versions: &[VersionRow], document_id: i64) -> Vec<VersionFacts> {
    versions
        .iter()
        .filter(|v| v.document_id == document_id)
        .map(VersionRow::facts)
        .collect()
}

/// A version with the document it belongs to.
pub async fn version_with_document(
    db: &SqlitePool,
    id: i64,
) -> Result<Option<(VersionRow, DocumentRow)>, sqlx::Error> {
    let Some(version) = version(db, id).await? else {
        return Ok(None);
    };
    Ok(document(db, version.document_id)
        .await?
        .map(|document| (version, document)))
}

/// One recorded decision, as read for the rules.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub user_id: i64,
    pub document_id: i64,
    pub version_id: i64,
    pub kind: String,
    pub at: i64,
}

impl EventRow {
    pub fn facts(&self) -> Option<EventFacts> {
        Some(EventFacts {
            id: self.id,
            kind: EventKind::parse(&self.kind)?,
            version_id: self.version_id,
            at: self.at,
        })
    }
}

pub const EVENT_COLUMNS: &str = "id, user_id, document_id, version_id, kind, at";

/// An administrator's request that a segment accept a document again.
#[derive(sqlx::FromRow)]
pub struct AskAgainRow {
    pub document_id: i64,
    pub audience: String,
    pub requested_at: i64,
}

pub async fn ask_again_rows(db: &SqlitePool) -> Result<Vec<AskAgainRow>, sqlx::Error> {
    sqlx::query_as("SELECT document_id, audience, requested_at FROM terms_reacceptance")
        .fetch_all(db)
        .await
}

/// When the user's segment was last asked to accept `document_id` again, if ever.
pub fn ask_again_since(rows: &[AskAgainRow], user: &User, document_id: i64) -> Option<i64> {
    rows.iter()
        .filter(|r| r.document_id == document_id)
        .filter(|r| {
            serde_json::from_str::<Audience>(&r.audience)
                .map(|a| a.includes(user))
                .unwrap_or(false)
        })
        .map(|r| r.requested_at)
        .max()
}

/// Where `user` stands with every document meant for them that has a version in force.
pub struct Standing {
    pub document: DocumentRow,
    pub version_id: i64,
    pub status: TermsStatus,
    pub previously_accepted_version_id: Option<i64>,
}

pub async fn standings(
    db: &SqlitePool,
    user: &User,
    now: i64,
) -> Result<Vec<Standing>, sqlx::Error> {
    let documents = documents(db).await?;
    if documents.is_empty() {
        return Ok(Vec::new());
    }
    let versions = versions(db).await?;
    let events: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM terms_events WHERE user_id = ?"
    ))
    .bind(user.id)
    .fetch_all(db)
    .await?;
    let ask_again = ask_again_rows(db).await?;
    let mut out = Vec::new();
    for document in documents {
        if !document.audience().includes(user) {
            continue;
        }
        let facts = facts_of(&versions, document.id);
        let Some(current) = current_version(&facts, now) else {
            continue;
        };
        let facts_events: Vec<EventFacts> = events
            .iter()
            .filter(|e| e.document_id == document.id)
            .filter_map(EventRow::facts)
            .collect();
        let since = ask_again_since(&ask_again, user, document.id);
        let Some(status) = status(&facts, &facts_events, since, now) else {
            continue;
        };
        let required = required_version(&facts, now).map(|v| v.id);
        let previously_accepted_version_id = facts_events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Accepted | EventKind::AcceptedOnBehalf))
            .max_by_key(|e| (e.at, e.id))
            .map(|e| e.version_id)
            .filter(|id| Some(*id) != required && *id != current.id);
        out.push(Standing {
            version_id: current.id,
            document,
            status,
            previously_accepted_version_id,
        });
    }
    Ok(out)
}

/// The title of a version in the reader's language (with the usual fallbacks).
pub async fn title(
    db: &SqlitePool,
    version_id: i64,
    preferred: Locale,
) -> Result<String, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT locale, title FROM terms_texts WHERE version_id = ?")
            .bind(version_id)
            .fetch_all(db)
            .await?;
    let available: Vec<Locale> = rows
        .iter()
        .filter_map(|(l, _)| Locale::from_code(l))
        .collect();
    let chosen = pick_locale(&available, preferred);
    Ok(rows
        .into_iter()
        .find(|(l, _)| Some(l.as_str()) == chosen.map(Locale::code))
        .map(|(_, t)| t)
        .unwrap_or_default())
}

/// The documents awaiting `user`'s choice, in order.
pub async fn pending(
    db: &SqlitePool,
    user: &User,
    now: i64,
) -> Result<Vec<PendingTerms>, sqlx::Error> {
    let mut out = Vec::new();
    for s in standings(db, user, now).await? {
        if !asks_for_choice(s.document.compulsory, s.status) {
            continue;
        }
        out.push(PendingTerms {
            document_id: s.document.id,
            version_id: s.version_id,
            kind: s.document.kind(),
            compulsory: s.document.compulsory,
            title: title(db, s.version_id, user.locale).await?,
            status: s.status,
            previously_accepted_version_id: s.previously_accepted_version_id,
        });
    }
    Ok(out)
}

/// Whether anything in `pending` keeps the user from the service.
pub fn any_blocking(pending: &[PendingTerms]) -> bool {
    pending.iter().any(|p| blocks_use(p.compulsory, p.status))
}
