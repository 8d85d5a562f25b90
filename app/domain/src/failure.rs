//! Unexpected failures, on the server only (feature `server`): logged with the id of the
//! request they happened in, answered to the client as [`AppError::Internal`] with nothing
//! internal in it. A database error becomes one through `?` ([`From<sqlx::Error>`]), any
//! other unexpected error through [`internal`].

use crate::error::AppError;
use std::sync::OnceLock;

/// The request id the HTTP layer gave this request (for log lines and error answers).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// How to find the id of the request being served. The web layer knows it (nothing below it
/// has requests of its own) and says so once at start-up with [`find_request_ids_with`].
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

/// A failed query is never the client's fault: it is logged with the request id, and the
/// client learns only that id.
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> AppError {
        internal(err)
    }
}
