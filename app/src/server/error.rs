//! Unexpected failures: logged with the id of the request they happened in, answered to the
//! client without anything internal. A leaf: it imports no other server module.

use crate::domain::AppError;
use http::request::Parts;
use leptos::prelude::use_context;

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
