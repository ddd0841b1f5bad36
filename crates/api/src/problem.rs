//! RFC 9457 problem details with Arkki's stable machine codes.

use serde::{Deserialize, Serialize};

use crate::json::{FromJson, ToJson};

/// The stable, machine-readable reason of a refused request. The app translates these;
/// it never shows a server's text to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum ErrorCode {
    Unauthenticated,
    InvalidCredentials,
    RateLimited,
    CsrfFailed,
    PasswordChangeRequired,
    TermsPending,
    PermissionDenied,
    NotFound,
    MethodNotAllowed,
    Conflict,
    Validation,
    MalformedRequest,
    PayloadTooLarge,
    UnsupportedMediaType,
    AccountInactive,
    Internal,
    /// Not sent by the server: the app uses it when no answer arrived at all.
    Network,
}

crate::wire::wire_code! {
    ErrorCode, as_str, parse {
        Unauthenticated => "unauthenticated",
        InvalidCredentials => "invalid_credentials",
        RateLimited => "rate_limited",
        CsrfFailed => "csrf_failed",
        PasswordChangeRequired => "password_change_required",
        TermsPending => "terms_pending",
        PermissionDenied => "permission_denied",
        NotFound => "not_found",
        MethodNotAllowed => "method_not_allowed",
        Conflict => "conflict",
        Validation => "validation",
        MalformedRequest => "malformed_request",
        PayloadTooLarge => "payload_too_large",
        UnsupportedMediaType => "unsupported_media_type",
        AccountInactive => "account_inactive",
        Internal => "internal",
        Network => "network",
    }
}

impl ErrorCode {
    /// Every code, for exhaustive checks (translations, status mapping).
    /// The HTTP status the server answers with for this code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => 401,
            ErrorCode::RateLimited => 429,
            ErrorCode::CsrfFailed
            | ErrorCode::PasswordChangeRequired
            | ErrorCode::TermsPending
            | ErrorCode::PermissionDenied
            | ErrorCode::AccountInactive => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Validation => 422,
            ErrorCode::MalformedRequest => 400,
            ErrorCode::Internal => 500,
            ErrorCode::Network => 503,
        }
    }
}

/// Which input was refused and why, so the app can place the message by the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson, ToJson)]
pub struct FieldError {
    pub field: String,
    /// A stable code such as `too_long` or `required`; see [`crate::validation::FieldProblem`].
    pub code: String,
}

/// An `application/problem+json` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds until a rate-limited request may be tried again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// The documents awaiting the user's choice, for `terms_pending`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Vec<crate::terms::PendingTerms>>,
}

impl Problem {
    pub fn new(code: ErrorCode) -> Self {
        Problem {
            type_uri: format!("https://arkki.invalid/problems/{}", code.as_str()),
            title: code.as_str().replace('_', " "),
            status: code.status(),
            code,
            detail: None,
            errors: Vec::new(),
            retry_after: None,
            pending: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_json_with_its_wire_name() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, code);
        }
    }

    #[test]
    fn statuses_follow_http_meaning() {
        assert_eq!(ErrorCode::Unauthenticated.status(), 401);
        assert_eq!(ErrorCode::TermsPending.status(), 403);
        assert_eq!(ErrorCode::RateLimited.status(), 429);
        assert_eq!(ErrorCode::PayloadTooLarge.status(), 413);
        assert_eq!(ErrorCode::MalformedRequest.status(), 400);
        for code in ErrorCode::ALL {
            assert!((400..600).contains(&code.status()), "{code:?}");
        }
    }

    #[test]
    fn problem_serialises_type_and_omits_empty_parts() {
        let p = Problem::new(ErrorCode::Conflict);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["code"], "conflict");
        assert_eq!(v["status"], 409);
        assert!(v["type"].as_str().unwrap().ends_with("/conflict"));
        assert!(v.get("errors").is_none());
        assert!(v.get("retry_after").is_none());
    }
}
