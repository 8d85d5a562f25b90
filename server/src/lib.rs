//! The HTTP server: router and middleware around the Leptos app, health check, language
//! switch, static files, and the background workers. Knows HTTP, not business rules.

mod built;
pub mod config;
pub mod downloads;
pub mod extract;
pub mod provider_api;
pub mod security;
pub mod workers;

use app::i18n::{Lang, LANG_COOKIE};
use app::request::safe_next;
use app::{shell, App, Assets};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRef, Path, Query, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::header::{self, CACHE_CONTROL, LOCATION, SET_COOKIE};
use http::{HeaderValue, StatusCode};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use services::AppState;
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// Largest request body: forms and JSON are small; uploads get their own limits per route.
pub const MAX_BODY_BYTES: usize = app::api::MAX_FORM_BYTES;

/// The largest body any route accepts (an offer picture or a roster upload).
const MAX_ANY_BODY_BYTES: usize = {
    let mut max = MAX_BODY_BYTES;
    let mut i = 0;
    while i < app::api::UPLOADS.len() {
        if app::api::UPLOADS[i].1 > max {
            max = app::api::UPLOADS[i].1;
        }
        i += 1;
    }
    max
};

/// The upload a server function path takes, with its body limit; `None` for a form or JSON.
fn upload_limit(path: &str) -> Option<usize> {
    app::api::UPLOADS.iter().find(|(p, _)| *p == path).map(|(_, limit)| *limit)
}

/// True when the request says `multipart/form-data` with a boundary the multipart reader
/// accepts (the same parser the server functions use).
fn has_multipart_boundary(headers: &http::HeaderMap) -> bool {
    headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| multer::parse_boundary(ct).is_ok())
}

/// The axum routes besides the Leptos pages, each path with its handler: the router takes
/// them from here and nowhere else, and the authorisation matrix test walks [`PLAIN_ROUTES`]
/// together with every page and server function, so no plain route escapes it.
fn plain_routes() -> [(&'static str, axum::routing::MethodRouter<ServerState>); 13] {
    use axum::routing::post;
    [
        ("/healthz", get(healthz)),
        ("/lang/{code}", get(switch_language)),
        ("/invoices/{id}/{file}", get(downloads::invoice_file)),
        ("/school/ledger.csv", get(downloads::ledger_csv)),
        ("/provider/payouts/{batch}/{file}", get(downloads::payout_statement)),
        ("/admin/payouts/{batch}/pain001.xml", get(downloads::payout_file)),
        ("/api/v1/openapi.json", get(provider_api::openapi)),
        ("/api/v1/weborders", get(provider_api::list_weborders).post(provider_api::create_weborder)),
        ("/api/v1/weborders/{id}", get(provider_api::get_weborder)),
        ("/offers/images/{id}", get(downloads::offer_image)),
        ("/school/roster/{location}/{file}", get(downloads::roster_template)),
        ("/account/export.json", get(downloads::personal_data)),
        ("/school/classes/sheet", post(downloads::class_sheet)),
    ]
}

/// The paths of [`plain_routes`], in its order.
pub static PLAIN_ROUTES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| plain_routes().into_iter().map(|(path, _)| path).collect());

/// The router's state: the application state, Leptos' options, the built files' names and
/// the built files themselves, held in memory.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub app: AppState,
    pub leptos: LeptosOptions,
    pub assets: Assets,
    built: Arc<built::BuiltFiles>,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(s: &ServerState) -> Self {
        s.leptos.clone()
    }
}

/// Leptos' options for a site served from `site_root` (where `pkg/` holds the WASM build).
pub fn leptos_options(site_root: &str) -> LeptosOptions {
    LeptosOptions::builder().output_name("cultuurkaart").site_root(site_root).site_pkg_dir("pkg").build()
}

/// What every render and server function gets in its context: the app state and the CSP
/// nonce of this response.
fn context(app: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(app.clone());
        if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
            if let Some(n) = parts.extensions.get::<security::CspNonce>() {
                provide_context(leptos::nonce::Nonce::from_value(n.0.clone()));
            }
        }
    }
}

/// The page routes, worked out once per process. Working them out renders the app with
/// resource loading switched off by a process-wide flag: a page render whose resources first
/// ran while another thread did this would wait forever (in the HTTP tests, where every test
/// builds a router, a page now and then never finished). Once per process, before any router
/// exists, no render can overlap it.
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application as an axum router (used by `main` and by the HTTP tests).
pub fn router(app: AppState, leptos: LeptosOptions) -> Router {
    app::request::provide_request_ids();
    let routes = page_routes();
    let public_origin: Arc<str> = origin_of(&app.settings.public_base_url).into();
    let assets = Assets::parse(
        &std::fs::read_to_string(std::path::Path::new(&*leptos.site_root).join("pkg").join(Assets::LIST)).unwrap_or_default(),
    );
    let built = Arc::new(built::BuiltFiles::load(std::path::Path::new(&*leptos.site_root), &assets));
    tracing::debug!(files = built.len(), "built files held in memory");
    let state = ServerState { app: app.clone(), leptos: leptos.clone(), assets: assets.clone(), built };
    let ctx = context(app.clone());
    plain_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| router.route(path, handler))
        .leptos_routes_with_context(&state, routes, ctx.clone(), move || shell(assets.clone()))
        .fallback(static_or_not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(api_guard))
        .layer(DefaultBodyLimit::max(MAX_ANY_BODY_BYTES))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_ANY_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(public_origin, security::csrf))
        .layer(axum::middleware::from_fn_with_state(app.settings.is_https(), security::headers))
        // Pages and answers are compressed as they go out; static files never are (they are
        // served as built: precompressed, see `static_or_not_found`).
        .layer(
            CompressionLayer::new()
                .quality(tower_http::compression::CompressionLevel::Precise(PAGE_COMPRESSION))
                .compress_when(DefaultPredicate::new().and(not_static)),
        )
        .layer(axum::middleware::from_fn(security::request_id))
}

/// Serves `router` on `listener` until `shutdown` finishes. Every accepted connection gets
/// `TCP_NODELAY`: an answer is written in pieces (headers, then body), and without it the
/// second piece waits for the client's delayed acknowledgement, ~40 ms on every request of a
/// kept-alive connection (Nagle's algorithm), which is how a browser fetches the stylesheet
/// and the WASM after the page.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not switch off Nagle's algorithm on a connection");
        }
    });
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Around every server function (Leptos registers one route per function under `/api/`): the
/// body is read up front within the size limit (413 beyond it, whether or not the client
/// announced its length), an upload that is not `multipart/form-data` with a boundary is
/// answered 400, and a request whose arguments cannot be read is answered 400, not 500.
async fn api_guard(req: Request, next: axum::middleware::Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let upload = upload_limit(req.uri().path());
    if upload.is_some() && !has_multipart_boundary(req.headers()) {
        return bad_request();
    }
    let limit = upload.unwrap_or(MAX_BODY_BYTES);
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response(),
    };
    if upload.is_none() {
        if let Some(refused) = unreadable_fields(&parts.headers, &bytes) {
            return refused;
        }
    }
    let req = Request::from_parts(parts, Body::from(bytes));
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES).await.unwrap_or_default();
    if serde_json::from_slice::<domain::AppError>(&bytes).is_ok_and(|e| e == domain::AppError::BadRequest) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A form whose fields hold something that is no text (a NUL byte, another control
/// character, bytes that are not UTF-8) is refused for every server function at once: 422
/// naming each such field, the same answer the services give ([`domain::error::is_unreadable`]).
fn unreadable_fields(headers: &http::HeaderMap, body: &[u8]) -> Option<Response> {
    let form = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if !form {
        return None;
    }
    let mut problems = domain::error::Problems::default();
    for (key, value) in form_urlencoded::parse(body) {
        if domain::error::is_unreadable(&value) || domain::error::is_unreadable(&key) {
            problems.add(&key, domain::error::Problem::UnreadableText);
        }
    }
    problems.finish(|| ()).err().map(|e| (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(e)).into_response())
}

/// 400 with the body every server function answers an unreadable request with.
fn bad_request() -> Response {
    (StatusCode::BAD_REQUEST, axum::Json(domain::AppError::BadRequest)).into_response()
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    format!("{scheme}://{}", rest.split('/').next().unwrap_or(""))
}

/// Liveness and readiness: 200 with the database backend when the database answers.
async fn healthz(State(s): State<ServerState>) -> Response {
    let backend = s.app.db.backend.name();
    match sqlx::query("SELECT 1").execute(&s.app.db.pool).await {
        Ok(_) => (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ok", "database": backend }))).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({ "status": "unavailable", "database": backend })))
                .into_response()
        }
    }
}

/// Sets the language cookie and goes back to the page the person came from.
async fn switch_language(
    State(s): State<ServerState>,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let lang = Lang::from_code(&code);
    let back = safe_next(q.get("back").map(String::as_str)).unwrap_or_else(|| "/".to_owned());
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(&back) {
        res.headers_mut().insert(LOCATION, v);
    }
    let secure = if s.app.settings.is_https() { "; Secure" } else { "" };
    if let Ok(v) =
        HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code()))
    {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    res
}

/// Static files from the site root (the built stylesheet, JavaScript and WASM under `/pkg/`,
/// the favicon); anything else is the app's not-found page with status 404.
///
/// Files are served as `.ci/build` left them: with a `.br` or `.gz` beside a file, a browser
/// that accepts it gets that (quality 11 brotli, made once at build time, never per request).
/// A file whose name carries its content's hash ([`is_content_hashed`]) may be kept for a
/// year; any other file for five minutes. The files every page links to are answered from
/// memory ([`built::BuiltFiles`]); the file server reads the rest from disk.
async fn static_or_not_found(State(s): State<ServerState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    if let Some(res) = s.built.answer(&parts.method, parts.uri.path(), &parts.headers) {
        return res;
    }
    if parts.method == http::Method::GET || parts.method == http::Method::HEAD {
        // The file server sees the method and the headers that make an answer conditional,
        // partial or compressed (so a browser's revalidation gets its 304), nothing else.
        let mut probe = Request::builder().method(parts.method.clone()).uri(parts.uri.clone());
        for name in [header::IF_MODIFIED_SINCE, header::IF_NONE_MATCH, header::IF_RANGE, header::RANGE, header::ACCEPT_ENCODING] {
            if let Some(value) = parts.headers.get(&name) {
                probe = probe.header(name, value);
            }
        }
        if let Ok(probe) = probe.body(Body::empty()) {
            let files = ServeDir::new(&*s.leptos.site_root).precompressed_br().precompressed_gzip();
            let Ok(res) = files.oneshot(probe).await;
            if matches!(
                res.status(),
                StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT | StatusCode::RANGE_NOT_SATISFIABLE
            ) {
                let mut res = res.into_response();
                let cache = if is_content_hashed(parts.uri.path()) { IMMUTABLE } else { "public, max-age=300" };
                res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(cache));
                // The same address answers brotli, gzip or the file itself: caches keep one per kind.
                res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                res.extensions_mut().insert(StaticFile);
                return res;
            }
        }
    }
    not_found_page(&s, parts).await
}

/// The compression level for pages and answers (brotli, gzip or zstd, whichever the browser
/// takes first). The layer's default is brotli's highest level, 11: measured with the brotli
/// command on the operator's people list (29 KB of HTML), 11 gave 3,926 B in about 36 ms of
/// CPU, 5 gives 4,349 B in about 0.4 ms (levels 6 to 9 were no smaller, 4 was 7% larger).
/// Static files are compressed once, at build time, at the highest levels.
const PAGE_COMPRESSION: i32 = 5;

/// How long a browser or proxy may keep a file whose name changes with its content.
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Marks a response as a static file, which the compression layer leaves as it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StaticFile;

/// The compression layer's rule beside its defaults: anything but a static file.
fn not_static(_: StatusCode, _: http::Version, _: &http::HeaderMap, extensions: &http::Extensions) -> bool {
    extensions.get::<StaticFile>().is_none()
}

/// True for a file under `/pkg/` named `<name>.<16 hex digits>.<extension>`, the content hash
/// `.ci/build` puts in the names of the files it builds.
pub(crate) fn is_content_hashed(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/") else { return false };
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3
        && !parts[0].is_empty()
        && !parts[2].is_empty()
        && parts[1].len() == 16
        && parts[1].bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The app's not-found page, with status 404, for the request with these parts.
pub(crate) async fn not_found_page(s: &ServerState, parts: http::request::Parts) -> Response {
    let assets = s.assets.clone();
    let handler = leptos_axum::render_app_async_with_context(context(s.app.clone()), move || shell(assets.clone()));
    let mut res = handler(Request::from_parts(parts, Body::empty())).await.into_response();
    if res.status() == StatusCode::OK {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}
