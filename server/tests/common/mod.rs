//! Shared by the HTTP tests: the real router in-process around a fresh database with the
//! demo data, and a session for each demo role.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod world;

use axum::body::Body;
use axum::Router;
use domain::Role;
use http::{HeaderMap, Method, Request, StatusCode};
use services::{accounts::auth, demo, testing, AppState, Db};
use std::collections::HashMap;
use tower::ServiceExt;

/// The origin the test app believes it is served from.
pub const ORIGIN: &str = "http://localhost:3000";

/// One runtime for every test of a binary. Leptos hands the tasks of a page render to a
/// spawner set up once per process; with a runtime per test, a render could hand its tasks to
/// a test's runtime that had already finished and then wait for them forever.
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> =
    std::sync::LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap());

/// Runs a test's body on the shared runtime.
pub fn run<F: std::future::Future>(test: F) -> F::Output {
    RUNTIME.block_on(test)
}

pub struct Fixture {
    pub state: AppState,
    pub router: Router,
    /// A session cookie value per demo role.
    pub sessions: HashMap<Role, String>,
}

pub async fn fixture(db: Db) -> Fixture {
    fixture_of(testing::state(db).0).await
}

/// The fixture around a state of the test's own making (its own settings or clock).
pub async fn fixture_of(state: AppState) -> Fixture {
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let mut sessions = HashMap::new();
    for (email, role) in demo::DEMO_ACCOUNTS {
        let (_, token) = auth::login(&state, email, demo::DEMO_PASSWORD, "127.0.0.1").await.unwrap();
        sessions.insert(role, token);
    }
    let site = std::env::temp_dir().join("ck-test-site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let router = server::router(state.clone(), server::leptos_options(&site.to_string_lossy()));
    Fixture { state, router, sessions }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

/// A request as a same-origin browser page would send it (fetch from our own page).
pub fn request(method: Method, path: &str, session: Option<&str>, body: &str) -> http::request::Builder {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost:3000")
        .header("origin", ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(s) = session {
        b = b.header("cookie", format!("{}={s}", auth::SESSION_COOKIE));
    }
    let _ = body;
    b
}

pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024).await.unwrap();
    Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// A body that starts with this is sent as `multipart/form-data` with this boundary.
pub const MULTIPART: &str = "--ckboundary\r\n";

pub async fn post(router: &Router, path: &str, session: Option<&str>, body: &str) -> Answer {
    post_bytes(router, path, session, body.as_bytes().to_vec()).await
}

/// [`post`] with a body that need not be text (an upload of a picture).
pub async fn post_bytes(router: &Router, path: &str, session: Option<&str>, body: Vec<u8>) -> Answer {
    let mut req = request(Method::POST, path, session, "");
    if body.starts_with(MULTIPART.as_bytes()) {
        if let Some(h) = req.headers_mut() {
            h.insert("content-type", http::HeaderValue::from_static("multipart/form-data; boundary=ckboundary"));
        }
    }
    send(router, req.body(Body::from(body)).unwrap()).await
}

/// A plain form post from the page at `from` (a browser without JavaScript): the answer is
/// a redirect back to a page, with `?__err=` when something was wrong.
pub async fn post_without_js(router: &Router, path: &str, from: &str, body: &str) -> Answer {
    let req = request(Method::POST, path, None, "")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{ORIGIN}{from}"))
        .body(Body::from(body.to_owned()))
        .unwrap();
    send(router, req).await
}

/// A page load as a browser makes it (it accepts HTML).
pub async fn get(router: &Router, path: &str, session: Option<&str>) -> Answer {
    send(router, request(Method::GET, path, session, "").header("accept", "text/html").body(Body::empty()).unwrap()).await
}

/// What every table holds (row count and a hash of every row's values), as
/// [`testing::content`] reads it: a refused request must leave all of it alone.
pub async fn fingerprint(db: &Db) -> std::collections::BTreeMap<String, (usize, u64)> {
    testing::content(db).await
}

/// The tables whose content differs between two [`fingerprint`]s.
pub fn changed_tables(
    before: &std::collections::BTreeMap<String, (usize, u64)>,
    after: &std::collections::BTreeMap<String, (usize, u64)>,
) -> Vec<String> {
    let mut names: Vec<&String> = before.keys().chain(after.keys()).collect();
    names.sort();
    names.dedup();
    names.into_iter().filter(|t| before.get(*t) != after.get(*t)).cloned().collect()
}

/// The demo budget holder's order for location 1, approved, and its invoice.
pub async fn invoiced_order(f: &Fixture, collective: &str, individual: &str) -> domain::budget::InvoiceRow {
    use domain::{Email, LocationId};
    use services::{accounts::people, budget};
    let holder =
        people::account_by_email(&f.state.db, &Email::parse("budgethouder@roc-amstelland.demo").unwrap()).await.unwrap().unwrap();
    let order = budget::submit_order(&f.state, holder.id, &holder.email, LocationId(1), collective, individual).await.unwrap();
    assert!(budget::approve_order(&f.state, order.id, None, true).await.unwrap());
    budget::order(&f.state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap()
}
