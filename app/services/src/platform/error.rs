//! Unexpected failures: logged with the id of the request they happened in, answered to the
//! client without anything internal. A leaf: it imports no other module of this crate.

use domain::AppError;
use std::sync::OnceLock;

/// The request id the HTTP layer gave this request (for log lines and error answers).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// How to find the id of the request being served. The web layer knows it (this crate has
/// no requests of its own) and says so once at start-up with [`find_request_ids_with`].
static REQUEST_ID: OnceLock<fn() -> Option<String>> = OnceLock::new();

/// Tells this crate where the current request's id is to be found. The first call wins:
/// there is one web layer per process.
pub fn find_request_ids_with(find: fn() -> Option<String>) {
    let _ = REQUEST_ID.set(find);
}

/// Logs an unexpected failure with the request id and returns the client-safe error.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let request_id = REQUEST_ID.get().and_then(|find| find()).unwrap_or_else(|| "-".to_owned());
    tracing::error!(request_id = %request_id, error = %err, "internal error");
    AppError::Internal { request_id }
}
