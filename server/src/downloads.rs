//! File downloads that are plain GET routes (so a link works without JavaScript): the
//! e-invoice of a school's invoice. Same rules as server functions: the caller comes from
//! the session, and only the school's own staff and the operator get the file.

use crate::ServerState;
use app::domain::Role;
use app::server::auth::{self, SESSION_COOKIE};
use app::server::request::cookie_in;
use app::server::{einvoice, orgs};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};

/// `GET /invoices/{id}/ubl`: the invoice as a Peppol BIS Billing 3.0 UBL file.
pub async fn invoice_ubl(State(s): State<ServerState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let Some(token) = cookie_in(&headers, SESSION_COOKIE) else { return StatusCode::UNAUTHORIZED.into_response() };
    let user = match auth::session_user(&s.app, &token).await {
        Ok(Some(u)) => u,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "session lookup");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let is_admin = user.has_role(Role::PlatformAdmin);
    if !is_admin && !user.has_role(Role::Board) && !user.has_role(Role::BudgetHolder) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let doc = match einvoice::document(&s.app.db, id).await {
        Ok(Some(doc)) => doc,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if !is_admin {
        // Another school's invoice answers exactly like a missing one.
        match orgs::school_locations_of(&s.app.db, &user).await {
            Ok(mine) if mine.iter().any(|l| l.id == doc.location_id) => {}
            Ok(_) => return StatusCode::NOT_FOUND.into_response(),
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    if doc.buyer_kvk.is_empty() {
        return (StatusCode::CONFLICT, "De KvK-gegevens van de instelling ontbreken; CJP vult ze aan.").into_response();
    }
    let mut res = einvoice::ubl(&doc, &s.app.settings.seller).into_response();
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.xml\"", doc.number)) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res
}
