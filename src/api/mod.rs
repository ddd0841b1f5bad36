//! The typed REST client: one function per endpoint, one error type.
//!
//! Every failure arrives as an [`ApiError`] with the server's stable code, so the app can
//! translate it; a request that never got an answer is `ErrorCode::Network`.

use std::cell::RefCell;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::Arc;

mod resource;
pub mod terms;

pub use resource::{ApiAction, ApiResource};

use arkki_api::account::{
    Me, PasswordChange, ProfileUpdate, SessionCreated, SignInRequest, CSRF_HEADER,
};
use arkki_api::admin::{
    AccountUpdate, AdministeredAccount, InitialPassword, NewAccount, NewOrganisation, Organisation,
    OrganisationRename,
};
use arkki_api::json::{FromJson, ToJson};
use arkki_api::paging::Page;
use arkki_api::{ErrorCode, FieldError, Problem};
use futures::future::LocalBoxFuture;
use gloo_net::http::Request;

pub const BASE: &str = "/api/v1";

/// A refused or failed request, as the app handles it.
#[derive(Clone, PartialEq)]
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

// By its code only: the derived form would bring the names of every field and code into
// the bundle, for messages only a developer's console shows.
impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiError({})", self.code.as_str())
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

/// The HTTP methods the API uses.
#[derive(Clone, Copy)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// One request as plain data. The transport below handles every endpoint with the same
/// compiled code; only decoding the answer is per type. Sharing it keeps the bundle small.
#[derive(Clone)]
pub(crate) struct Outgoing {
    method: Method,
    path: String,
    body: Option<String>,
    /// Off for the quiet calls whose failures are normal answers, not events.
    announce: bool,
}

impl Outgoing {
    fn request(&self) -> Result<Request, gloo_net::Error> {
        let url = url(&self.path);
        let builder = match self.method {
            Method::Get => return Request::get(&url).build(),
            Method::Post => Request::post(&url),
            Method::Patch => Request::patch(&url),
            Method::Delete => Request::delete(&url),
        };
        let token = CSRF_TOKEN.with(|t| t.borrow().clone());
        let builder = builder.header(CSRF_HEADER, &token);
        match &self.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.as_str()),
            None => builder.build(),
        }
    }
}

/// A call to one endpoint, typed by its answer. Awaiting it sends it; [`ApiResource`] and
/// [`ApiAction`] send it for views.
pub struct ApiCall<T> {
    pub(crate) outgoing: Outgoing,
    answer: PhantomData<fn() -> T>,
}

impl<T> ApiCall<T> {
    pub(crate) fn get(path: impl Into<String>) -> Self {
        ApiCall {
            outgoing: Outgoing {
                method: Method::Get,
                path: path.into(),
                body: None,
                announce: true,
            },
            answer: PhantomData,
        }
    }

    pub(crate) fn new(method: Method, path: impl Into<String>) -> Self {
        let mut call = ApiCall::get(path);
        call.outgoing.method = method;
        call
    }

    pub(crate) fn with_json(method: Method, path: impl Into<String>, body: &impl ToJson) -> Self {
        let mut call = ApiCall::new(method, path);
        call.outgoing.body = Some(arkki_api::json::to_json(body));
        call
    }

    fn quietly(mut self) -> Self {
        self.outgoing.announce = false;
        self
    }
}

impl<T: FromJson + 'static> IntoFuture for ApiCall<T> {
    type Output = ApiResult<T>;
    type IntoFuture = LocalBoxFuture<'static, ApiResult<T>>;

    fn into_future(self) -> Self::IntoFuture {
        let answer = exchange(self.outgoing);
        Box::pin(async move { decode(&answer.await?) })
    }
}

/// The body of a successful answer, shared rather than copied between readers.
pub(crate) type AnswerText = Arc<str>;

/// Sends a call and answers with the body of a successful response. A request met by the
/// terms gate waits until the person has accepted the terms and is then sent again, so
/// nothing they were doing is lost. Boxed so that no endpoint carries its own copy.
pub(crate) fn exchange(outgoing: Outgoing) -> LocalBoxFuture<'static, ApiResult<AnswerText>> {
    Box::pin(async move {
        loop {
            let result = exchange_once(&outgoing).await;
            let Err(error) = &result else {
                return result;
            };
            if !outgoing.announce {
                return result;
            }
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
    })
}

async fn exchange_once(outgoing: &Outgoing) -> ApiResult<AnswerText> {
    let request = outgoing
        .request()
        .map_err(|_| ApiError::new(ErrorCode::Internal))?;
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
        return Ok(text.into());
    }
    Err(match arkki_api::json::from_json::<Problem>(&text) {
        Ok(problem) => problem.into(),
        // A proxy or a crashed server answered: say so without its text.
        Err(_) if status == 502 || status == 503 || status == 504 => {
            ApiError::new(ErrorCode::Network)
        }
        Err(_) => ApiError::new(ErrorCode::Internal),
    })
}

/// Reads an answer as the type its endpoint promises. Never inlined: each type's decoder
/// is compiled once however many places read that type.
#[inline(never)]
pub(crate) fn decode<T: FromJson>(text: &str) -> ApiResult<T> {
    let text = if text.is_empty() { "null" } else { text };
    arkki_api::json::from_json(text).map_err(|_| ApiError::new(ErrorCode::Internal))
}

pub(crate) fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

/// Encodes a query value.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

// --- account ---

pub fn me() -> ApiCall<Me> {
    // Quiet: "not signed in" is the normal answer on a first visit, not an event.
    ApiCall::get("/me").quietly()
}

pub async fn sign_in(username: String, password: String) -> ApiResult<SessionCreated> {
    let body = SignInRequest { username, password };
    let created = ApiCall::<SessionCreated>::with_json(Method::Post, "/session", &body)
        .quietly()
        .await?;
    set_csrf_token(&created.csrf_token);
    Ok(created)
}

pub fn sign_out() -> ApiCall<()> {
    ApiCall::new(Method::Delete, "/session")
}

pub fn sign_out_everywhere() -> ApiCall<()> {
    ApiCall::new(Method::Delete, "/me/sessions")
}

pub fn update_profile(update: &ProfileUpdate) -> ApiCall<Me> {
    ApiCall::with_json(Method::Patch, "/me", update)
}

pub fn change_password(change: &PasswordChange) -> ApiCall<Me> {
    ApiCall::with_json(Method::Post, "/me/password", change)
}

/// A plain link downloads the export: the browser sends the session cookie itself.
pub const EXPORT_URL: &str = "/api/v1/me/export";

// --- administration ---

/// `&after=…` for the next page of a cursor-paged list, or nothing for the first.
pub(crate) fn after_query(after: Option<String>) -> String {
    after
        .map(|a| format!("&after={}", encode(&a)))
        .unwrap_or_default()
}

pub fn organisations(after: Option<String>) -> ApiCall<Page<Organisation>> {
    let after = after_query(after);
    ApiCall::get(format!("/admin/organisations?limit=100{after}"))
}

pub fn create_organisation(new: &NewOrganisation) -> ApiCall<Organisation> {
    ApiCall::with_json(Method::Post, "/admin/organisations", new)
}

pub fn rename_organisation(id: i64, rename: &OrganisationRename) -> ApiCall<Organisation> {
    ApiCall::with_json(Method::Patch, format!("/admin/organisations/{id}"), rename)
}

pub fn accounts(query: String, after: Option<String>) -> ApiCall<Page<AdministeredAccount>> {
    let after = after_query(after);
    ApiCall::get(format!("/admin/users?limit=50&q={}{after}", encode(&query)))
}

pub fn create_account(new: &NewAccount) -> ApiCall<InitialPassword> {
    ApiCall::with_json(Method::Post, "/admin/users", new)
}

pub fn update_account(id: i64, update: &AccountUpdate) -> ApiCall<AdministeredAccount> {
    ApiCall::with_json(Method::Patch, format!("/admin/users/{id}"), update)
}

pub fn deletion_requests() -> ApiCall<Vec<arkki_api::admin::DeletionRequest>> {
    ApiCall::get("/admin/deletion-requests")
}

pub fn complete_deletion(id: i64) -> ApiCall<()> {
    ApiCall::new(
        Method::Post,
        format!("/admin/deletion-requests/{id}/complete"),
    )
}

pub fn reset_password(id: i64) -> ApiCall<InitialPassword> {
    ApiCall::new(Method::Post, format!("/admin/users/{id}/password"))
}
