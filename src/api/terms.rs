//! The terms endpoints.

use arkki_api::account::Locale;
use arkki_api::terms::{
    AdminDocument, AskAgain, Decision, DiffLine, DraftTexts, NewDocument, NewNotice, Notices,
    PendingTerms, Publication, PublishedVersion, TermsEvent, VersionReport, VersionText,
};
use gloo_net::http::Request;
use serde::{Deserialize, Serialize};

use super::{get, send_empty, send_json, url, ApiResult};

pub async fn pending() -> ApiResult<Vec<PendingTerms>> {
    get("/terms/pending").await
}

pub async fn version(id: i64, locale: Locale) -> ApiResult<VersionText> {
    get(&format!("/terms/versions/{id}?locale={}", locale.code())).await
}

pub async fn diff(id: i64, from: i64, locale: Locale) -> ApiResult<Vec<DiffLine>> {
    get(&format!(
        "/terms/versions/{id}/diff?from={from}&locale={}",
        locale.code()
    ))
    .await
}

pub async fn accept(id: i64, decision: Decision) -> ApiResult<Vec<PendingTerms>> {
    send_json(
        || Request::post(&url(&format!("/terms/versions/{id}/accept"))),
        &decision,
    )
    .await
}

pub async fn decline(id: i64, decision: Decision) -> ApiResult<Vec<PendingTerms>> {
    send_json(
        || Request::post(&url(&format!("/terms/versions/{id}/decline"))),
        &decision,
    )
    .await
}

pub async fn withdraw(document_id: i64) -> ApiResult<Vec<PendingTerms>> {
    send_empty(|| Request::post(&url(&format!("/terms/documents/{document_id}/withdraw")))).await
}

pub async fn students(
    after: Option<String>,
) -> ApiResult<arkki_api::paging::Page<arkki_api::terms::StudentTerms>> {
    let after = after
        .map(|a| format!("&after={}", super::encode(&a)))
        .unwrap_or_default();
    get(&format!("/terms/students?limit=50{after}")).await
}

pub async fn accept_on_behalf(
    version_id: i64,
    acceptance: arkki_api::terms::OnBehalfAcceptance,
) -> ApiResult<serde::de::IgnoredAny> {
    send_json(
        || Request::post(&url(&format!("/terms/versions/{version_id}/on-behalf"))),
        &acceptance,
    )
    .await
}

pub async fn history() -> ApiResult<Vec<TermsEvent>> {
    get("/terms/history").await
}

pub fn receipt_url(event_id: i64) -> String {
    format!("{}/terms/events/{event_id}/receipt", super::BASE)
}

pub async fn request_deletion() -> ApiResult<()> {
    send_empty(|| Request::post(&url("/me/deletion-request"))).await
}

pub async fn notices() -> ApiResult<Notices> {
    get("/notices").await
}

pub async fn dismiss_notice(id: i64) -> ApiResult<()> {
    send_empty(|| Request::post(&url(&format!("/notices/{id}/dismiss")))).await
}

// --- administration ---

pub async fn publish_notice(notice: NewNotice) -> ApiResult<Created> {
    send_json(|| Request::post(&url("/admin/notices")), &notice).await
}

#[derive(Clone, Debug, Deserialize)]
pub struct Created {
    pub id: i64,
}

pub async fn documents() -> ApiResult<Vec<AdminDocument>> {
    get("/admin/terms/documents").await
}

pub async fn create_document(new: NewDocument) -> ApiResult<Created> {
    send_json(|| Request::post(&url("/admin/terms/documents")), &new).await
}

pub async fn create_draft(document_id: i64, texts: DraftTexts) -> ApiResult<Created> {
    send_json(
        || {
            Request::post(&url(&format!(
                "/admin/terms/documents/{document_id}/versions"
            )))
        },
        &texts,
    )
    .await
}

pub async fn publish(version_id: i64, publication: Publication) -> ApiResult<PublishedVersion> {
    send_json(
        || Request::post(&url(&format!("/admin/terms/versions/{version_id}/publish"))),
        &publication,
    )
    .await
}

pub async fn retire(version_id: i64) -> ApiResult<()> {
    send_empty(|| Request::post(&url(&format!("/admin/terms/versions/{version_id}/retire")))).await
}

pub async fn report(version_id: i64) -> ApiResult<VersionReport> {
    get(&format!("/admin/terms/versions/{version_id}/report")).await
}

pub fn report_csv_url(version_id: i64) -> String {
    format!(
        "{}/admin/terms/versions/{version_id}/report?format=csv",
        super::BASE
    )
}

pub async fn ask_again(document_id: i64, request: AskAgain) -> ApiResult<()> {
    send_json(
        || {
            Request::post(&url(&format!(
                "/admin/terms/documents/{document_id}/ask-again"
            )))
        },
        &request,
    )
    .await
}

#[derive(Serialize)]
struct PreviewRequest<'a> {
    markdown: &'a str,
}

#[derive(Deserialize)]
struct Preview {
    html: String,
}

pub async fn preview(markdown: String) -> ApiResult<String> {
    let preview: Preview = send_json(
        || Request::post(&url("/admin/terms/preview")),
        &PreviewRequest {
            markdown: &markdown,
        },
    )
    .await?;
    Ok(preview.html)
}
