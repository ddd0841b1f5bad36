//! The one place where failures become HTTP responses.

use arkki_api::{ErrorCode, FieldError, Problem};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

/// A refused or failed request. Handlers return `Result<_, ApiError>`.
#[derive(Debug)]
pub struct ApiError(pub Box<Problem>);

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        ApiError(Box::new(problem))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        ApiError::from(Problem::new(code))
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        ApiError::from(Problem::new(ErrorCode::Validation).with_errors(errors))
    }

    pub fn field(field: &str, code: &str) -> Self {
        Self::validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
        }])
    }

    pub fn denied() -> Self {
        Self::new(ErrorCode::PermissionDenied)
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }

    pub fn conflict() -> Self {
        Self::new(ErrorCode::Conflict)
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        ApiError::new(code)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        // The cause goes to the operator's log, never to the person.
        eprintln!("database error: {err}");
        ApiError::new(ErrorCode::Internal)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&*self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.0.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// JSON input whose every rejection is a problem+json answer, not axum's plain text.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let code = match &rejection {
        JsonRejection::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
        JsonRejection::BytesRejection(_) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ErrorCode::PayloadTooLarge
        }
        _ => ErrorCode::MalformedRequest,
    };
    ApiError::new(code)
}

/// Answers for paths and methods the API does not have.
pub async fn unknown_route() -> ApiError {
    ApiError::not_found()
}

pub async fn unknown_method() -> ApiError {
    ApiError::new(ErrorCode::MethodNotAllowed)
}

/// A file for the person to save: its type, its name, and never cached on the way.
pub fn attachment(
    body: Vec<u8>,
    content_type: &'static str,
    filename: &str,
) -> ApiResult<Response> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|_| ApiError::new(ErrorCode::Internal))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
