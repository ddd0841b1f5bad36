//! The typed REST client: one function per endpoint, one error type.
//!
//! Every failure arrives as an [`ApiError`] with the server's stable code, so the app can
//! translate it; a request that never got an answer is `ErrorCode::Network`.

use std::cell::RefCell;
use std::rc::Rc;

pub mod terms;

use arkki_api::account::{
    Me, PasswordChange, ProfileUpdate, SessionCreated, SignInRequest, CSRF_HEADER,
};
use arkki_api::admin::{
    AccountUpdate, AdministeredAccount, InitialPassword, NewAccount, NewOrganisation, Organisation,
    OrganisationRename,
};
use arkki_api::paging::Page;
use arkki_api::{ErrorCode, FieldError, Problem};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const BASE: &str = "/api/v1";

/// A refused or failed request, as the app handles it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub fields: Vec<FieldError>,
    pub retry_after: Option<u64>,
    pub detail: Option<String>,
    /// With `terms_pending`: what awaits the person's decision.
    pub pending: Vec<arkki_api::terms::PendingTerms>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        ApiError {
            code,
            fields: Vec::new(),
            retry_after: None,
            detail: None,
            pending: Vec::new(),
        }
    }

    /// The problem on one input, if the server named it.
    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.fields.iter().find(|f| f.field == name)
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError {
            code: p.code,
            fields: p.errors,
            retry_after: p.retry_after,
            detail: p.detail,
            pending: p.pending.unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code.as_str())
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

type ProblemListener = Rc<dyn Fn(&ApiError)>;

thread_local! {
    static CSRF_TOKEN: RefCell<String> = const { RefCell::new(String::new()) };
    static LISTENER: RefCell<Option<ProblemListener>> = const { RefCell::new(None) };
}

pub fn set_csrf_token(token: &str) {
    CSRF_TOKEN.with(|t| *t.borrow_mut() = token.to_owned());
}

/// Hears every failed request, wherever it was made: the session gate uses it to catch an
/// expired session or a new gate mid-use.
pub fn set_problem_listener(listener: impl Fn(&ApiError) + 'static) {
    LISTENER.with(|l| *l.borrow_mut() = Some(Rc::new(listener)));
}

fn notify(error: &ApiError) {
    let listener = LISTENER.with(|l| l.borrow().clone());
    if let Some(listener) = listener {
        listener(error);
    }
}

fn with_csrf(builder: RequestBuilder) -> RequestBuilder {
    let token = CSRF_TOKEN.with(|t| t.borrow().clone());
    builder.header(CSRF_HEADER, &token)
}

thread_local! {
    /// Requests parked by `terms_pending`, waiting for the person's decision.
    static WAITING_FOR_TERMS: RefCell<Vec<futures::channel::oneshot::Sender<bool>>> =
        const { RefCell::new(Vec::new()) };
}

/// Called by the terms gate when the person has decided: accepted requests are sent
/// again, others fail with the original `terms_pending`.
pub fn terms_settled(accepted: bool) {
    let waiting = WAITING_FOR_TERMS.with(|w| std::mem::take(&mut *w.borrow_mut()));
    for sender in waiting {
        let _ = sender.send(accepted);
    }
}

/// Sends a request built by `make`. A request met by the terms gate waits until the person
/// has accepted the terms and is then sent again, so nothing they were doing is lost.
async fn run<T: DeserializeOwned>(
    make: impl Fn() -> Result<Request, gloo_net::Error>,
) -> ApiResult<T> {
    loop {
        let result = run_quietly(make()).await;
        let Err(error) = &result else {
            return result;
        };
        notify(error);
        if error.code != ErrorCode::TermsPending {
            return result;
        }
        let (sender, receiver) = futures::channel::oneshot::channel();
        WAITING_FOR_TERMS.with(|w| w.borrow_mut().push(sender));
        if !receiver.await.unwrap_or(false) {
            return result;
        }
    }
}

async fn run_quietly<T: DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
) -> ApiResult<T> {
    let request = request.map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let response = request
        .send()
        .await
        .map_err(|_| ApiError::new(ErrorCode::Network))?;
    if let Some(token) = response.headers().get(CSRF_HEADER) {
        set_csrf_token(&token);
    }
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|_| ApiError::new(ErrorCode::Network))?;
    if (200..300).contains(&status) {
        let text = if text.is_empty() { "null" } else { &text };
        return serde_json::from_str(text).map_err(|_| ApiError::new(ErrorCode::Internal));
    }
    Err(match serde_json::from_str::<Problem>(&text) {
        Ok(problem) => problem.into(),
        // A proxy or a crashed server answered: say so without its text.
        Err(_) if status == 502 || status == 503 || status == 504 => {
            ApiError::new(ErrorCode::Network)
        }
        Err(_) => ApiError::new(ErrorCode::Internal),
    })
}

pub(crate) fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    let url = url(path);
    run(|| Request::get(&url).build()).await
}

pub(crate) async fn send_json<T: DeserializeOwned>(
    builder: impl Fn() -> RequestBuilder,
    body: &impl Serialize,
) -> ApiResult<T> {
    run(|| with_csrf(builder()).json(body)).await
}

pub(crate) async fn send_empty<T: DeserializeOwned>(
    builder: impl Fn() -> RequestBuilder,
) -> ApiResult<T> {
    run(|| with_csrf(builder()).build()).await
}

/// Encodes a query value.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

// --- account ---

pub async fn me() -> ApiResult<Me> {
    // Quiet: "not signed in" is the normal answer on a first visit, not an event.
    run_quietly(Request::get(&url("/me")).build()).await
}

pub async fn sign_in(username: String, password: String) -> ApiResult<SessionCreated> {
    let created: SessionCreated =
        run_quietly(Request::post(&url("/session")).json(&SignInRequest { username, password }))
            .await?;
    set_csrf_token(&created.csrf_token);
    Ok(created)
}

pub async fn sign_out() -> ApiResult<()> {
    send_empty(|| Request::delete(&url("/session"))).await
}

pub async fn sign_out_everywhere() -> ApiResult<()> {
    send_empty(|| Request::delete(&url("/me/sessions"))).await
}

pub async fn update_profile(update: ProfileUpdate) -> ApiResult<Me> {
    send_json(|| Request::patch(&url("/me")), &update).await
}

pub async fn change_password(change: PasswordChange) -> ApiResult<Me> {
    send_json(|| Request::post(&url("/me/password")), &change).await
}

/// A plain link downloads the export: the browser sends the session cookie itself.
pub const EXPORT_URL: &str = "/api/v1/me/export";

// --- administration ---

pub async fn organisations(after: Option<String>) -> ApiResult<Page<Organisation>> {
    let after = after
        .map(|a| format!("&after={}", encode(&a)))
        .unwrap_or_default();
    get(&format!("/admin/organisations?limit=100{after}")).await
}

pub async fn create_organisation(new: NewOrganisation) -> ApiResult<Organisation> {
    send_json(|| Request::post(&url("/admin/organisations")), &new).await
}

pub async fn rename_organisation(id: i64, rename: OrganisationRename) -> ApiResult<Organisation> {
    send_json(
        || Request::patch(&url(&format!("/admin/organisations/{id}"))),
        &rename,
    )
    .await
}

pub async fn accounts(
    query: String,
    after: Option<String>,
) -> ApiResult<Page<AdministeredAccount>> {
    let after = after
        .map(|a| format!("&after={}", encode(&a)))
        .unwrap_or_default();
    get(&format!(
        "/admin/users?limit=50&q={}{after}",
        encode(&query)
    ))
    .await
}

pub async fn create_account(new: NewAccount) -> ApiResult<InitialPassword> {
    send_json(|| Request::post(&url("/admin/users")), &new).await
}

pub async fn update_account(id: i64, update: AccountUpdate) -> ApiResult<AdministeredAccount> {
    send_json(
        || Request::patch(&url(&format!("/admin/users/{id}"))),
        &update,
    )
    .await
}

pub async fn deletion_requests() -> ApiResult<Vec<arkki_api::admin::DeletionRequest>> {
    get("/admin/deletion-requests").await
}

pub async fn complete_deletion(id: i64) -> ApiResult<()> {
    send_empty(|| Request::post(&url(&format!("/admin/deletion-requests/{id}/complete")))).await
}

pub async fn reset_password(id: i64) -> ApiResult<InitialPassword> {
    send_empty(|| Request::post(&url(&format!("/admin/users/{id}/password")))).await
}
