//! What every server function does first: find the state, establish who is asking from the
//! session cookie, check the role, and answer errors with the right status and nothing
//! internal in the body.

use super::auth::{self, SESSION_COOKIE};
use super::state::AppState;
use crate::domain::{AppError, CurrentUser, Portal, Role};
use axum::extract::ConnectInfo;
use http::header::{ACCEPT, COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::net::SocketAddr;

/// The request id the HTTP layer gave this request (for log lines and error answers).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Logs an unexpected failure with the request id and returns the client-safe error.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let request_id = request_id();
    tracing::error!(request_id = %request_id, error = %err, "internal error");
    AppError::Internal { request_id }
}

fn request_id() -> String {
    use_context::<Parts>().and_then(|p| p.extensions.get::<RequestId>().map(|r| r.0.clone())).unwrap_or_else(|| "-".to_owned())
}

/// The shared state, provided to every render and server function.
///
/// It is only missing for a resource fetch whose render was already thrown away (Leptos'
/// server renderer can start a resource in a branch it then discards; pages avoid this by
/// making their resources outside `PortalLayout`, see there). Nobody waits for such an
/// answer, so it is logged at debug level, not as an error.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::debug!("server function ran outside a request (discarded render)");
        AppError::Internal { request_id: "-".to_owned() }
    })
}

/// The value of a cookie on this request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The value of a cookie in these request headers.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

/// The client's address, for throttling: the socket peer, or the first `X-Forwarded-For`
/// hop when the deployment says a trusted load balancer sits in front.
pub fn client_address(state: &AppState) -> String {
    let Some(parts) = use_context::<Parts>() else { return "unknown".to_owned() };
    if state.settings.trust_proxy {
        if let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            if let Some(first) = forwarded.split(',').next() {
                return first.trim().to_owned();
            }
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
}

/// The signed-in person, or `None`.
pub async fn signed_in() -> Result<Option<CurrentUser>, AppError> {
    let state = state()?;
    let Some(token) = cookie(SESSION_COOKIE) else { return Ok(None) };
    auth::session_user(&state, &token).await.map_err(internal)
}

/// The signed-in person, or 401.
pub async fn caller() -> Result<CurrentUser, AppError> {
    signed_in().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in person when they may use `portal`; 401 or 403 otherwise.
pub async fn require_portal(portal: Portal) -> Result<CurrentUser, AppError> {
    let user = caller().await?;
    if user.can_use(portal) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in person when they hold one of `roles`; 401 or 403 otherwise.
pub async fn require_role(roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = caller().await?;
    if roles.iter().any(|r| user.has_role(*r)) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Finishes a server function: an error gets its HTTP status, except for a plain HTML form
/// post (no JavaScript), which is answered with a redirect back to the form carrying the error.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        let html_form = use_context::<Parts>()
            .and_then(|p| p.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
            .unwrap_or(false);
        if !html_form {
            if let Some(opts) = use_context::<ResponseOptions>() {
                opts.set_status(StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            }
        }
    }
    result
}

/// Sets the session cookie on the response.
pub fn set_session_cookie(state: &AppState, token: &str) {
    let secure = if state.settings.is_https() { "; Secure" } else { "" };
    let max_age = state.settings.session_absolute_ms / 1000;
    set_cookie(&format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"));
}

/// Removes the session cookie from the browser.
pub fn clear_session_cookie() {
    set_cookie(&format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
}

fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        opts.append_header(SET_COOKIE, v);
    }
}

/// A same-site path to return to after signing in; anything else (another host, `//evil`,
/// a scheme) becomes `None`, so the login form cannot be used as an open redirect.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    let ok = n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && !n.contains("://") && n.len() < 512;
    ok.then(|| n.to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/admin/mail")), Some("/admin/mail".to_owned()));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("javascript:alert(1)")), None);
        assert_eq!(safe_next(None), None);
    }
}
