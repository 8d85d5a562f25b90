//! The provider API for ticketing systems: JSON over HTTPS with a per-provider key in
//! `Authorization: Bearer ck_…`. Create a weborder (a retry with the same `Idempotency-Key`
//! returns the first one), list weborders and read one's state. Session cookies are ignored
//! here, so the routes need no CSRF check; the OpenAPI document describes them.

use crate::extract::{api_error as error, ApiPath, ApiQuery};
use crate::ServerState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::weborder::{WeborderForm, WeborderStatus};
use domain::{AppError, PageRequest, ProviderId};
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;
use services::accounts::api_keys;
use services::market::weborders::{self, Viewer};

/// The OpenAPI 3.1 description of these routes, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    let mut res = OPENAPI.into_response();
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

async fn provider(s: &ServerState, headers: &HeaderMap) -> Result<ProviderId, Response> {
    let key = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        // The scheme is case-insensitive (RFC 9110, 11.1): `Bearer`, `bearer`, `BEARER`.
        .and_then(|(scheme, key)| scheme.eq_ignore_ascii_case("bearer").then(|| key.trim()))
        .ok_or_else(|| error(&AppError::Unauthenticated))?;
    match api_keys::authenticate(&s.app, key).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(error(&AppError::Unauthenticated)),
        Err(e) => Err(error(&e)),
    }
}

/// A weborder as a ticketing system sends it (amount as a string: "312.50").
#[derive(Debug, Deserialize)]
pub struct NewWeborderJson {
    pub cjp_school_number: String,
    pub offer_id: i64,
    pub activity_date: String,
    pub students: i64,
    pub amount: String,
    pub teacher_name: String,
    pub teacher_email: String,
    #[serde(default)]
    pub request_id: Option<i64>,
}

/// `POST /api/v1/weborders`: 201 with the new weborder, 200 with the existing one for a
/// repeated `Idempotency-Key`, 422 with the fields that are wrong.
pub async fn create_weborder(State(s): State<ServerState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let provider = match provider(&s, &headers).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let Ok(input) = serde_json::from_slice::<NewWeborderJson>(&body) else {
        return error(&AppError::BadRequest);
    };
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let form = WeborderForm {
        cjp_school_number: input.cjp_school_number,
        offer_id: input.offer_id.to_string(),
        activity_date: input.activity_date,
        students: input.students.to_string(),
        amount: input.amount,
        teacher_name: input.teacher_name,
        teacher_email: input.teacher_email,
        client_key: key,
        request_id: input.request_id.map(|r| r.to_string()).unwrap_or_default(),
    };
    let parsed = match form.parse() {
        Ok(p) => p,
        Err(e) => return error(&e),
    };
    let (id, created) = match weborders::create(&s.app, provider, None, &parsed).await {
        Ok(r) => r,
        Err(e) => return error(&e),
    };
    match weborders::weborder(&s.app, &Viewer::Provider(provider), id).await {
        Ok(w) => (if created { StatusCode::CREATED } else { StatusCode::OK }, Json(w)).into_response(),
        Err(e) => error(&e),
    }
}

/// Query of the weborder list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub page: Option<u32>,
}

/// `GET /api/v1/weborders?status=&page=`: the provider's weborders, newest first, 50 a page.
pub async fn list_weborders(State(s): State<ServerState>, headers: HeaderMap, ApiQuery(q): ApiQuery<ListQuery>) -> Response {
    let provider = match provider(&s, &headers).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let status = WeborderStatus::from_code(&q.status);
    match weborders::list(&s.app, &Viewer::Provider(provider), status, PageRequest::new(q.page.unwrap_or(1), 50)).await {
        Ok(page) => Json(page).into_response(),
        Err(e) => error(&e),
    }
}

/// `GET /api/v1/weborders/{id}`: one of the provider's weborders (404 for anyone else's).
pub async fn get_weborder(State(s): State<ServerState>, headers: HeaderMap, ApiPath(id): ApiPath<i64>) -> Response {
    let provider = match provider(&s, &headers).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    match weborders::weborder(&s.app, &Viewer::Provider(provider), id).await {
        Ok(w) => Json(w).into_response(),
        Err(e) => error(&e),
    }
}
