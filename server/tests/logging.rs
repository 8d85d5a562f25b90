//! What the server log says about a failure: enough to find the request and the endpoint it
//! happened in, nothing a person typed. A test binary of its own, because it installs the
//! process-wide log subscriber.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use common::{fixture, send};
use http::{Method, StatusCode};
use services::testing;
use std::sync::{Arc, Mutex};

/// The log lines written so far, as one text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

/// A sign-in that fails inside the data layer (the database is gone) is logged as an internal
/// error inside the spans of its request (with the request's id and endpoint) and of the data
/// layer's function; the e-mail address and password that were sent appear nowhere in the log.
#[test]
fn an_internal_error_is_logged_with_its_request_and_endpoint_and_without_what_was_typed() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt().with_ansi(false).with_max_level(tracing::Level::INFO).with_writer(move || writer.clone()).init();
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            f.state.db.pool.close().await;
            log.take();
            let (email, password) = ("anna.de.vries@example.org", "Zomer-Regen-2026");
            let req = common::request(Method::POST, "/api/auth/login", None, "")
                .header("x-request-id", "lb-login-1")
                .body(Body::from(format!("email={}&password={password}", email.replace('@', "%40"))))
                .unwrap();
            let answer = send(&f.router, req).await;
            assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", answer.body);
            let text = log.take();
            let line = text
                .lines()
                .find(|l| l.contains("internal error"))
                .unwrap_or_else(|| panic!("no internal error logged:\n{text}"));
            assert!(line.contains("request_id=lb-login-1"), "{line}");
            assert!(line.contains("area=/api/auth/login"), "the endpoint's span: {line}");
            assert!(line.contains(":login"), "the data layer's span: {line}");
            assert!(!text.contains("anna.de.vries") && !text.contains(password), "nothing typed in the log:\n{text}");
        }
    })
}
