//! The HTTP safety layer: request ids, CSRF refusal of cross-site writes, security headers
//! with a per-response CSP nonce, and no caching of personal pages.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use domain::failure::RequestId;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, ORIGIN, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use http::{HeaderValue, Method, StatusCode};
use rand::RngCore;
use std::sync::Arc;
use tracing::Instrument;

/// The nonce that this response's inline scripts carry and its CSP allows.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

fn random_b64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Gives every request an id (kept from a trusted `X-Request-Id` of the load balancer when it
/// looks sane) and logs one line per request with it.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
        .unwrap_or_else(|| random_b64(12));
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    // Page paths can hold tokens (invitation links): log only their first segment. A server
    // function's or the provider API's path names the endpoint and holds no personal data.
    let path = req.uri().path();
    let area = if path.starts_with("/api/") { path.to_owned() } else { path.split('/').nth(1).unwrap_or("").to_owned() };
    let started = std::time::Instant::now();
    // Everything logged while the request is served (an internal error, a slow query) carries
    // its id and endpoint, and the data layer's spans nest inside this one.
    let span = tracing::info_span!("request", request_id = %id, %method, area = %area);
    let mut res = next.run(req).instrument(span).await;
    tracing::info!(request_id = %id, %method, area = %area, status = res.status().as_u16(), ms = started.elapsed().as_millis(), "request");
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Refuses state-changing requests that a browser marks as cross-site, or that carry an
/// `Origin` other than ours. Requests without either header are refused too: every browser
/// sends `Origin` on a POST, so only non-browser clients lack it, and they have no business
/// with cookie-authenticated endpoints.
pub async fn csrf(State(public_origin): State<Arc<str>>, req: Request, next: Next) -> Response {
    // The provider API authenticates with a bearer key and never with the session cookie, so
    // a cross-site request cannot borrow anyone's rights there.
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.uri().path().starts_with("/api/v1/") {
        return next.run(req).await;
    }
    let headers = req.headers();
    let allowed = if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        site == "same-origin" || site == "none"
    } else if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers.get(http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        origin == &*public_origin || origin == format!("http://{host}") || origin == format!("https://{host}")
    } else {
        false
    };
    if allowed {
        next.run(req).await
    } else {
        (StatusCode::FORBIDDEN, "Cross-site request refused").into_response()
    }
}

/// Security headers on every response; the CSP nonce is made here and handed to the renderer
/// through the request's extensions. `https` says whether the public URL is https: only
/// then is HSTS sent (a deployment on plain HTTP must not tell browsers otherwise).
pub async fn headers(State(https): State<bool>, mut req: Request, next: Next) -> Response {
    let nonce = random_b64(18);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(CONTENT_SECURITY_POLICY, v);
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(self), geolocation=(), microphone=()"));
    if https {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    // Pages and API answers hold personal data: never cached. Static files set their own.
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
