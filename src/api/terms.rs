//! The terms endpoints.

use arkki_api::account::Locale;
use arkki_api::json::{FromJson, ToJson};
use arkki_api::paging::Page;
use arkki_api::terms::{
    AdminDocument, AskAgain, Decision, DiffLine, DraftTexts, NewDocument, NewNotice, Notices,
    OnBehalfAcceptance, PendingTerms, Publication, PublishedVersion, StudentTerms, TermsEvent,
    VersionReport, VersionText,
};

use super::{after_query, ApiCall, Method, BASE};

pub fn pending() -> ApiCall<Vec<PendingTerms>> {
    ApiCall::get("/terms/pending")
}

pub fn version(id: i64, locale: Locale) -> ApiCall<VersionText> {
    ApiCall::get(format!("/terms/versions/{id}?locale={}", locale.code()))
}

pub fn diff(id: i64, from: i64, locale: Locale) -> ApiCall<Vec<DiffLine>> {
    ApiCall::get(format!(
        "/terms/versions/{id}/diff?from={from}&locale={}",
        locale.code()
    ))
}

pub fn accept(id: i64, decision: &Decision) -> ApiCall<Vec<PendingTerms>> {
    ApiCall::with_json(
        Method::Post,
        format!("/terms/versions/{id}/accept"),
        decision,
    )
}

pub fn decline(id: i64, decision: &Decision) -> ApiCall<Vec<PendingTerms>> {
    ApiCall::with_json(
        Method::Post,
        format!("/terms/versions/{id}/decline"),
        decision,
    )
}

pub fn withdraw(document_id: i64) -> ApiCall<Vec<PendingTerms>> {
    ApiCall::new(
        Method::Post,
        format!("/terms/documents/{document_id}/withdraw"),
    )
}

pub fn students(after: Option<String>) -> ApiCall<Page<StudentTerms>> {
    let after = after_query(after);
    ApiCall::get(format!("/terms/students?limit=50{after}"))
}

/// The event recorded for an acceptance on someone's behalf.
#[derive(Clone, Debug, FromJson)]
pub struct OnBehalfRecorded {
    pub event_id: i64,
}

pub fn accept_on_behalf(
    version_id: i64,
    acceptance: &OnBehalfAcceptance,
) -> ApiCall<OnBehalfRecorded> {
    let path = format!("/terms/versions/{version_id}/on-behalf");
    ApiCall::with_json(Method::Post, path, acceptance)
}

pub fn history() -> ApiCall<Vec<TermsEvent>> {
    ApiCall::get("/terms/history")
}

pub fn receipt_url(event_id: i64) -> String {
    format!("{BASE}/terms/events/{event_id}/receipt")
}

pub fn request_deletion() -> ApiCall<()> {
    ApiCall::new(Method::Post, "/me/deletion-request")
}

pub fn notices() -> ApiCall<Notices> {
    ApiCall::get("/notices")
}

pub fn dismiss_notice(id: i64) -> ApiCall<()> {
    ApiCall::new(Method::Post, format!("/notices/{id}/dismiss"))
}

// --- administration ---

/// The id of something just created.
#[derive(Clone, Debug, FromJson)]
pub struct Created {
    pub id: i64,
}

pub fn publish_notice(notice: &NewNotice) -> ApiCall<Created> {
    ApiCall::with_json(Method::Post, "/admin/notices", notice)
}

pub fn documents() -> ApiCall<Vec<AdminDocument>> {
    ApiCall::get("/admin/terms/documents")
}

pub fn create_document(new: &NewDocument) -> ApiCall<Created> {
    ApiCall::with_json(Method::Post, "/admin/terms/documents", new)
}

pub fn create_draft(document_id: i64, texts: &DraftTexts) -> ApiCall<Created> {
    let path = format!("/admin/terms/documents/{document_id}/versions");
    ApiCall::with_json(Method::Post, path, texts)
}

pub fn publish(version_id: i64, publication: &Publication) -> ApiCall<PublishedVersion> {
    let path = format!("/admin/terms/versions/{version_id}/publish");
    ApiCall::with_json(Method::Post, path, publication)
}

pub fn retire(version_id: i64) -> ApiCall<()> {
    let path = format!("/admin/terms/versions/{version_id}/retire");
    ApiCall::new(Method::Post, path)
}

pub fn report(version_id: i64) -> ApiCall<VersionReport> {
    ApiCall::get(format!("/admin/terms/versions/{version_id}/report"))
}

pub fn report_csv_url(version_id: i64) -> String {
    format!("{BASE}/admin/terms/versions/{version_id}/report?format=csv")
}

pub fn ask_again(document_id: i64, request: &AskAgain) -> ApiCall<()> {
    let path = format!("/admin/terms/documents/{document_id}/ask-again");
    ApiCall::with_json(Method::Post, path, request)
}

#[derive(ToJson)]
struct PreviewRequest<'a> {
    markdown: &'a str,
}

/// Markdown rendered by the server exactly as readers will see it.
#[derive(Clone, FromJson)]
pub struct Preview {
    pub html: String,
}

pub fn preview(markdown: &str) -> ApiCall<Preview> {
    ApiCall::with_json(
        Method::Post,
        "/admin/terms/preview",
        &PreviewRequest { markdown },
    )
}
