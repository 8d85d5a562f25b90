//! Path and query arguments of the plain routes, read so that a value that does not parse
//! gets our own answer — the not-found page in a browser, the API's JSON error for a
//! ticketing system — and never the framework's text (`Invalid URL: Cannot parse …`).

use crate::ServerState;
use axum::extract::{FromRequestParts, Path, Query};
use axum::response::{IntoResponse, Response};
use domain::AppError;
use http::request::Parts;
use http::StatusCode;
use serde::de::DeserializeOwned;

/// The path arguments of a browser route; ones that do not parse are a page that does not
/// exist (404, the app's not-found page).
#[derive(Debug)]
pub struct PagePath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<ServerState> for PagePath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, Response> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(t)) => Ok(PagePath(t)),
            Err(_) => Err(crate::not_found_page(state, parts.clone()).await),
        }
    }
}

/// The path arguments of an API route; ones that do not parse name nothing there (404 with
/// the API's JSON error body).
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(t)) => Ok(ApiPath(t)),
            Err(_) => Err(api_error(&AppError::NotFound)),
        }
    }
}

/// The query of an API route; one that does not parse is a request we cannot read (400 with
/// the API's JSON error body).
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(t)) => Ok(ApiQuery(t)),
            Err(_) => Err(api_error(&AppError::BadRequest)),
        }
    }
}

/// An API error: its status and the error as JSON; a 401 names the scheme it wants.
pub fn api_error(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, axum::Json(e)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(http::header::WWW_AUTHENTICATE, http::HeaderValue::from_static("Bearer"));
    }
    res
}
