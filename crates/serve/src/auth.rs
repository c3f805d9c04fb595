//! API keys: a file of keys, one a line (blank lines and lines starting with `#` left out).
//! A request carries its key as `Authorization: Bearer KEY`, `X-API-Key: KEY`, or the cookie
//! the web app's sign-in sets. Keys are kept as their SHA-256 and never logged. Without a key
//! file (only allowed on a loopback address) every request is let in.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::problem::Problem;
use crate::AppState;

/// The cookie the web app's sign-in sets.
pub const COOKIE: &str = "roadmap_key";

pub struct Keys {
    digests: Vec<[u8; 32]>,
}

impl Keys {
    pub fn load(path: &Path) -> Result<Keys, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the API keys: {e}", path.display()))?;
        let keys = Keys::parse(&text);
        if keys.digests.is_empty() {
            return Err(format!("{}: no API key in the file", path.display()));
        }
        Ok(keys)
    }

    pub fn parse(text: &str) -> Keys {
        let digests = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|key| Sha256::digest(key.as_bytes()).into())
            .collect();
        Keys { digests }
    }

    pub fn allows(&self, key: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(key.trim().as_bytes()).into();
        // compared as digests: a key's bytes never steer how long the comparison takes
        self.digests.iter().fold(false, |found, d| found | (*d == digest))
    }
}

/// The key a request carries, if any.
pub fn key_of(headers: &HeaderMap) -> Option<String> {
    if let Some(bearer) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")) {
        return Some(bearer.trim().to_string());
    }
    if let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(key.trim().to_string());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE).and_then(|rest| rest.strip_prefix('=')).map(str::to_string))
}

/// Paths open without a key: health checks, and what the sign-in page needs.
fn is_open(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/ui/login" | "/ui/app.css")
}

/// Let in requests with a key (when keys are required); a person's browser without one gets
/// the sign-in page, a program a 401 problem.
pub async fn require_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(keys) = &state.keys else { return next.run(request).await };
    if is_open(request.uri().path()) || key_of(request.headers()).is_some_and(|k| keys.allows(&k)) {
        return next.run(request).await;
    }
    let page = request.method() == Method::GET && (request.uri().path() == "/" || request.uri().path().starts_with("/ui/"));
    if page {
        return (StatusCode::UNAUTHORIZED, axum::response::Html(crate::app::SIGN_IN)).into_response();
    }
    Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "give an API key: Authorization: Bearer KEY").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_and_checked() {
        let keys = Keys::parse("# the pipeline\nk-one\n\n  k-two  \n");
        assert!(keys.allows("k-one") && keys.allows("k-two"));
        assert!(!keys.allows("k-three") && !keys.allows("") && !keys.allows("# the pipeline"));
    }

    #[test]
    fn a_key_is_found_where_clients_put_it() {
        let mut headers = HeaderMap::new();
        assert_eq!(key_of(&headers), None);
        headers.insert(header::COOKIE, "theme=dark; roadmap_key=abc".parse().unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(key_of(&headers).as_deref(), Some("abc"));
        headers.insert("x-api-key", "xyz".parse().unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(key_of(&headers).as_deref(), Some("xyz"));
        headers.insert(header::AUTHORIZATION, "Bearer tok".parse().unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(key_of(&headers).as_deref(), Some("tok"));
    }
}
