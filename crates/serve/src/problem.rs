//! Errors as problem details (RFC 9457, `application/problem+json`), each carrying a code: a
//! document's error code as `_errors.jsonl` writes it (`zip_bomb`, `timeout` …), or one of the
//! service's own (`queue_full`, `unauthorized` …).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:roadmap:code:CODE`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The code, as the command line reports it.
    pub code: String,
    /// Seconds to wait before trying again (429, 503).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:roadmap:code:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_string(),
            retry_after: None,
        }
    }

    /// A document that was not read, with the status its code calls for.
    pub fn document(code: &str, message: impl Into<String>) -> Problem {
        Problem::new(status_of_document_code(code), code, message)
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    pub fn storage(error: impl std::fmt::Display) -> Problem {
        tracing::error!(%error, "storage");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "storage", "the database failed; the error is in the service's log")
    }

    pub fn retry_after(mut self, seconds: u64) -> Problem {
        self.retry_after = Some(seconds.max(1));
        self
    }
}

/// The HTTP status of a document's error code: the document was too large (413), not a
/// format read (415), took too long (504), broke a reader (500), or could not be read (422).
pub fn status_of_document_code(code: &str) -> StatusCode {
    match code {
        "too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        "unknown_format" | "unsupported_format" => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "timeout" => StatusCode::GATEWAY_TIMEOUT,
        "not_found" => StatusCode::NOT_FOUND,
        "internal" | "io" | "storage" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_codes_have_their_statuses() {
        assert_eq!(status_of_document_code("too_large"), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(status_of_document_code("unknown_format"), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(status_of_document_code("timeout"), StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(status_of_document_code("not_found"), StatusCode::NOT_FOUND);
        assert_eq!(status_of_document_code("zip_bomb"), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(status_of_document_code("memory_limit"), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_problem_is_problem_json_with_its_code() {
        let response = Problem::new(StatusCode::TOO_MANY_REQUESTS, "queue_full", "full").retry_after(3).into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("application/problem+json"));
        assert_eq!(response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("3"));
    }
}
