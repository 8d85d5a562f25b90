//! The HTTP safety layer through the real router: CSRF refusal, headers, body limits,
//! health check, the no-JavaScript login, cookies and the language switch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use common::{fingerprint, fixture, get, post, send, ORIGIN};
use domain::Role;
use http::{Method, Request, StatusCode};
use services::{accounts::auth, demo, testing};

fn login_body() -> String {
    format!("email=beheer%40cultuurkaart.demo&password={}", demo::DEMO_PASSWORD)
}

#[test]
fn a_cross_site_post_to_any_server_function_is_refused_and_changes_nothing() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let admin = f.sessions[&Role::PlatformAdmin].clone();
            let before = fingerprint(&f.state.db).await;
            for (path, _) in server_fn::axum::server_fn_paths() {
                let body = "email=nieuw%40roc.example&display_name=X&role=teacher&scope=location%3A1&person_id=210";
                let cases = [
                    ("cross-site", Some("https://evil.example")),
                    ("same-site", Some("https://sub.localhost")),
                    ("", Some("https://evil.example")),
                    ("", Some("null")),
                    ("", None),
                ];
                for (fetch_site, origin) in cases {
                    let mut req = Request::builder()
                        .method(Method::POST)
                        .uri(path)
                        .header("host", "localhost:3000")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("cookie", format!("ck_session={admin}"));
                    if !fetch_site.is_empty() {
                        req = req.header("sec-fetch-site", fetch_site);
                    }
                    if let Some(o) = origin {
                        req = req.header("origin", o);
                    }
                    let answer = send(&f.router, req.body(Body::from(body)).unwrap()).await;
                    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path} with {fetch_site:?} {origin:?}");
                }
            }
            assert_eq!(fingerprint(&f.state.db).await, before);
        }
    })
}

/// The headers every response must carry, whatever produced it (a page, a redirect, the
/// not-found page, a server function, a plain route, a download, a static file, a refusal):
/// no framing, no sniffing, no referrer to other sites, a CSP with a nonce, a request id, and
/// no HSTS on a plain-HTTP deployment. `cache` is the `Cache-Control` the answer must have.
fn assert_security_headers(what: &str, answer: &common::Answer, cache: &str) {
    let csp = answer.headers.get("content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP")).to_str().unwrap();
    for directive in
        ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "'nonce-"]
    {
        assert!(csp.contains(directive), "{what}: CSP without {directive}: {csp}");
    }
    assert!(!csp.contains("'unsafe-inline'"), "{what}: {csp}");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cache-control", cache),
    ] {
        assert_eq!(answer.headers.get(name).map(|v| v.to_str().unwrap()), Some(value), "{what}: {name}");
    }
    assert!(answer.headers.get("permissions-policy").is_some(), "{what}: permissions-policy");
    assert!(
        answer.headers.get("strict-transport-security").is_none(),
        "{what}: plain HTTP gets no HSTS (see hsts_and_secure_cookies_follow_the_public_address)"
    );
    assert!(answer.headers.get("x-request-id").is_some_and(|v| !v.is_empty()), "{what}: x-request-id");
}

/// The nonce of the response's CSP: every `<script>` of the page (there is at least one, the
/// hydration script) and every other element with a nonce carries exactly that nonce.
fn assert_nonce_matches_the_scripts(what: &str, answer: &common::Answer) -> String {
    let csp = answer.headers.get("content-security-policy").unwrap().to_str().unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    assert!(nonce.len() >= 16, "{what}: nonce {nonce:?}");
    let page = scraper::Html::parse_document(&answer.body);
    let scripts: Vec<_> = page.select(&scraper::Selector::parse("script").unwrap()).collect();
    assert!(!scripts.is_empty(), "{what}: the page has its hydration script");
    for script in scripts {
        assert_eq!(script.value().attr("nonce"), Some(nonce.as_str()), "{what}: {}", script.html());
    }
    for element in page.select(&scraper::Selector::parse("[nonce]").unwrap()) {
        assert_eq!(element.value().attr("nonce"), Some(nonce.as_str()), "{what}: {}", element.html());
    }
    nonce
}

/// A file in the test site's `pkg/` directory with a name no other test uses; its path on
/// the site and its content.
fn static_file(extension: &str, content: &str) -> (String, String) {
    let name = format!("ck-static-{}-{}.{extension}", std::process::id(), rand::random::<u64>());
    let dir = std::env::temp_dir().join("ck-test-site").join("pkg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(&name), content).unwrap();
    (format!("/pkg/{name}"), content.to_owned())
}

/// Every kind of answer carries the security headers: a public page, a portal page signed
/// in, a redirect to the login, the language switch's redirect, the not-found page, a server
/// function's answer and its error, a refused cross-site post, the health check, a download
/// and a static file. Personal answers are never cached; static files are, briefly. Every
/// page's scripts carry the nonce its CSP allows, and each response has a fresh nonce.
#[test]
fn every_answer_carries_the_security_headers_and_the_csp_nonce_matches_the_scripts() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let admin = f.sessions[&Role::PlatformAdmin].clone();
            let student = f.sessions[&Role::Student].clone();

            let public = get(&f.router, "/login", None).await;
            assert_eq!(public.status, StatusCode::OK);
            assert_security_headers("public page", &public, "no-store");
            let nonce = assert_nonce_matches_the_scripts("public page", &public);
            let again = get(&f.router, "/login", None).await;
            assert_ne!(assert_nonce_matches_the_scripts("public page again", &again), nonce, "a fresh nonce per response");

            let portal = get(&f.router, "/admin", Some(&admin)).await;
            assert_eq!(portal.status, StatusCode::OK);
            assert!(portal.body.contains("Marieke Verhoeven") || portal.body.contains("Beheer"));
            assert_security_headers("portal page", &portal, "no-store");
            assert_nonce_matches_the_scripts("portal page", &portal);

            let to_login = get(&f.router, "/admin", None).await;
            assert!(to_login.status.is_redirection(), "a stranger is sent to the login: {}", to_login.status);
            let location = to_login.headers.get("location").unwrap().to_str().unwrap();
            assert!(location.starts_with("/login"), "{location}");
            assert_security_headers("redirect to the login", &to_login, "no-store");

            let switch = get(&f.router, "/lang/en?back=%2Flogin", None).await;
            assert_eq!(switch.status, StatusCode::SEE_OTHER);
            assert_security_headers("language switch", &switch, "no-store");

            let missing = get(&f.router, "/bestaat/niet", None).await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND);
            assert!(missing.body.contains("Pagina niet gevonden"));
            assert_security_headers("not-found page", &missing, "no-store");
            assert_nonce_matches_the_scripts("not-found page", &missing);

            let answer = post(&f.router, "/api/portal/student", Some(&student), "").await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            assert_security_headers("server function", &answer, "no-store");
            let refused = post(&f.router, "/api/portal/student", None, "").await;
            assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
            assert_security_headers("server function error", &refused, "no-store");
            let invalid = post(
                &f.router,
                "/api/admin/invite",
                Some(&admin),
                "email=geen-adres&display_name=X&role=teacher&scope=location%3A1",
            )
            .await;
            assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_security_headers("server function problem", &invalid, "no-store");

            let mut req = common::request(Method::POST, "/api/portal/student", Some(&student), "").body(Body::empty()).unwrap();
            req.headers_mut().insert("sec-fetch-site", http::HeaderValue::from_static("cross-site"));
            let cross_site = send(&f.router, req).await;
            assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
            assert_security_headers("refused cross-site post", &cross_site, "no-store");

            let health = get(&f.router, "/healthz", None).await;
            assert_eq!(health.status, StatusCode::OK);
            assert_security_headers("plain route", &health, "no-store");

            let download = get(&f.router, "/account/export.json", Some(&student)).await;
            assert_eq!(download.status, StatusCode::OK);
            assert!(download.headers.get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment"));
            assert!(serde_json::from_str::<serde_json::Value>(&download.body).is_ok());
            assert_security_headers("download", &download, "no-store");

            let (path, content) = static_file("css", "body { color: #123456; }\n");
            let file = get(&f.router, &path, None).await;
            assert_eq!((file.status, file.body.as_str()), (StatusCode::OK, content.as_str()));
            assert_security_headers("static file", &file, "public, max-age=300");
        }
    })
}

#[test]
fn the_health_check_names_the_database_backend() {
    common::run(async {
        for (db, name) in [(testing::sqlite().await, "sqlite"), (testing::postgres().await, "postgres")] {
            let f = fixture(db).await;
            let answer = get(&f.router, "/healthz", None).await;
            assert_eq!(answer.status, StatusCode::OK);
            let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
            assert_eq!(json["database"], name);
            assert_eq!(json["status"], "ok");
        }
    })
}

/// A body over the form limit is answered 413 and never reaches the login (no attempt is
/// counted, no session made).
#[test]
fn an_oversized_body_is_refused_before_it_reaches_a_server_function() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let before = fingerprint(&f.state.db).await;
            let huge = format!("{}&filler={}", login_body(), "a".repeat(server::MAX_BODY_BYTES + 10));
            let answer = post(&f.router, "/api/auth/login", None, &huge).await;
            assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
            assert!(answer.headers.get("set-cookie").is_none(), "no session from a refused body");
            assert_eq!(fingerprint(&f.state.db).await, before);
        }
    })
}

/// A plain form post of the login (no JavaScript) is answered with a redirect to the
/// portal and an `HttpOnly`, `SameSite=Lax` session cookie that opens it.
#[test]
fn logging_in_without_javascript_sets_a_safe_cookie_and_goes_to_the_portal() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let answer = common::post_without_js(&f.router, "/api/auth/login", "/login", &login_body()).await;
            assert!(answer.status.is_redirection(), "{}", answer.status);
            assert_eq!(answer.headers.get("location").unwrap(), "/admin");
            let cookie = answer.headers.get("set-cookie").unwrap().to_str().unwrap();
            assert!(
                cookie.starts_with("ck_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
                "{cookie}"
            );
            let token = cookie.trim_start_matches("ck_session=").split(';').next().unwrap();
            let portal = get(&f.router, "/admin", Some(token)).await;
            assert_eq!(portal.status, StatusCode::OK);
            assert!(portal.body.contains("Marieke Verhoeven") || portal.body.contains("Beheer"));
        }
    })
}

/// A wrong password posted without JavaScript goes back to the login form, which shows the
/// error; no cookie is set.
#[test]
fn a_failed_login_without_javascript_returns_to_the_form_with_the_error() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let answer = common::post_without_js(
                &f.router,
                "/api/auth/login",
                "/login",
                "email=beheer%40cultuurkaart.demo&password=helemaal%20fout",
            )
            .await;
            assert!(answer.status.is_redirection());
            let location = answer.headers.get("location").unwrap().to_str().unwrap().to_owned();
            assert!(location.contains("/login") && location.contains("__err="), "{location}");
            assert!(answer.headers.get("set-cookie").is_none());
            let page = get(&f.router, location.trim_start_matches(ORIGIN), None).await;
            assert!(page.body.contains("E-mailadres of wachtwoord klopt niet."), "the form shows the error");
        }
    })
}

/// After signing in, `next` is followed when it is a path of this site, and replaced by the
/// portal when it leads elsewhere.
#[test]
fn after_login_the_next_parameter_is_followed_only_within_the_site() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            for (next, expected) in
                [("%2Fadmin%2Fmail", "/admin/mail"), ("%2F%2Fevil.example", "/admin"), ("https%3A%2F%2Fevil.example", "/admin")]
            {
                let body = format!("{}&next={next}", login_body());
                let req = common::request(Method::POST, "/api/auth/login", None, "")
                    .header("accept", "text/html")
                    .body(Body::from(body))
                    .unwrap();
                let answer = send(&f.router, req).await;
                assert_eq!(answer.headers.get("location").unwrap(), expected);
            }
        }
    })
}

/// The session id in the cookie after a login's answer.
fn session_from(answer: &common::Answer) -> String {
    let cookie = answer.headers.get("set-cookie").unwrap_or_else(|| panic!("no cookie: {}", answer.status)).to_str().unwrap();
    assert!(cookie.starts_with("ck_session="), "{cookie}");
    cookie.trim_start_matches("ck_session=").split(';').next().unwrap().to_owned()
}

/// Session fixation: signing in always gives a new session id. A session the browser held
/// before (someone else's, left on a shared computer) ends with the login, on the server
/// too; an id planted in the cookie by someone else is never taken over as the new session.
#[test]
fn a_session_id_from_before_login_is_worthless_after_it() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let old = f.sessions[&Role::Teacher].clone();
            assert_eq!(post(&f.router, "/api/portal/teacher", Some(&old), "").await.status, StatusCode::OK);
            let answer = post(&f.router, "/api/auth/login", Some(&old), &login_body()).await;
            let new = session_from(&answer);
            assert_ne!(new, old);
            assert_eq!(
                post(&f.router, "/api/admin/overview", Some(&new), "").await.status,
                StatusCode::OK,
                "the new session works"
            );
            assert_eq!(post(&f.router, "/api/portal/teacher", Some(&old), "").await.status, StatusCode::UNAUTHORIZED);
            assert!(auth::session_user(&f.state, &old).await.unwrap().is_none(), "the old session is gone on the server");
            let page = get(&f.router, "/teacher", Some(&old)).await;
            assert!(page.status.is_redirection(), "the old id opens no portal page: {}", page.status);

            let planted = "planted-by-someone-else-0123456789";
            let answer = post(&f.router, "/api/auth/login", Some(planted), &login_body()).await;
            let new = session_from(&answer);
            assert_ne!(new, planted);
            assert!(auth::session_user(&f.state, planted).await.unwrap().is_none());
            assert_eq!(post(&f.router, "/api/admin/overview", Some(planted), "").await.status, StatusCode::UNAUTHORIZED);
        }
    })
}

/// Logging out ends this session on the server (for server functions and pages alike) and
/// clears the cookie with the same attributes it was set with; other sessions stay.
#[test]
fn logout_ends_the_session_and_clears_the_cookie() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let session = f.sessions[&Role::Student].clone();
            let teacher = f.sessions[&Role::Teacher].clone();
            assert_eq!(get(&f.router, "/student", Some(&session)).await.status, StatusCode::OK);
            let answer = post(&f.router, "/api/auth/logout", Some(&session), "").await;
            let cookie = answer.headers.get("set-cookie").unwrap().to_str().unwrap();
            assert!(
                cookie.starts_with("ck_session=;")
                    && cookie.contains("Max-Age=0")
                    && cookie.contains("Path=/")
                    && cookie.contains("HttpOnly"),
                "{cookie}"
            );
            assert_eq!(post(&f.router, "/api/portal/student", Some(&session), "").await.status, StatusCode::UNAUTHORIZED);
            assert!(auth::session_user(&f.state, &session).await.unwrap().is_none(), "ended on the server");
            let page = get(&f.router, "/student", Some(&session)).await;
            assert!(page.status.is_redirection(), "the portal page sends to the login: {}", page.status);
            assert!(page.headers.get("location").unwrap().to_str().unwrap().starts_with("/login"));
            assert_eq!(post(&f.router, "/api/portal/teacher", Some(&teacher), "").await.status, StatusCode::OK, "others stay in");
        }
    })
}

#[test]
fn bad_input_gets_a_clear_error_and_creates_nothing() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let admin = f.sessions[&Role::PlatformAdmin].clone();
            let before = fingerprint(&f.state.db).await;
            for body in [
                "email=geen-adres&display_name=X&role=teacher&scope=location%3A1",
                "email=x%40roc.example&display_name=&role=teacher&scope=location%3A1",
                "email=x%40roc.example&display_name=X&role=emperor&scope=location%3A1",
                "email=x%40roc.example&display_name=X&role=teacher&scope=provider%3A1",
                "email=x%40roc.example&display_name=X&role=teacher&scope=location%3A99999",
                "email=x%40roc.example&display_name=X&role=platform_admin&scope=location%3A1",
            ] {
                let answer = post(&f.router, "/api/admin/invite", Some(&admin), body).await;
                assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", answer.body);
            }
            let missing = post(&f.router, "/api/admin/invite", Some(&admin), "email=x%40roc.example").await;
            assert_eq!(
                missing.status.as_u16() / 100,
                4,
                "missing fields are the client's fault: {} {}",
                missing.status,
                missing.body
            );
            let long_name = format!("email=x%40roc.example&display_name={}&role=teacher&scope=location%3A1", "n".repeat(500));
            assert_eq!(
                post(&f.router, "/api/admin/invite", Some(&admin), &long_name).await.status,
                StatusCode::UNPROCESSABLE_ENTITY
            );
            assert_eq!(fingerprint(&f.state.db).await, before);
            let weak = post(
                &f.router,
                "/api/auth/accept_invitation",
                None,
                "token=x&password=wachtwoord&password_repeat=wachtwoord&accept_terms=yes",
            )
            .await;
            assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(weak.body.contains("password_too_common"), "{}", weak.body);
        }
    })
}

/// An unknown address is the app's not-found page with status 404 (for a page and for a
/// file under `/pkg/` alike). A file in the site root is served as it is, with its content
/// type and date, briefly cached, answered with a 304 when the browser's copy is current and in
/// part when a range is asked. No path, however its dots and slashes are written or
/// encoded, reaches a file outside the site root.
#[test]
fn an_unknown_page_is_a_404_page_and_static_files_are_served() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            for path in ["/bestaat/niet", "/pkg/bestaat-niet.js"] {
                let missing = get(&f.router, path, None).await;
                assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
                assert!(missing.body.contains("Pagina niet gevonden"), "{path}");
            }

            for (extension, content_type, content) in [
                ("css", "text/css", "body { color: #123456; }\n"),
                ("js", "text/javascript", "export const answer = 42;\n"),
                ("txt", "text/plain", "gewone tekst\n"),
            ] {
                let (path, content) = static_file(extension, content);
                let file = get(&f.router, &path, None).await;
                assert_eq!(file.status, StatusCode::OK, "{path}");
                assert_eq!(file.body, content, "{path}: served as it is");
                let served_type = file.headers.get("content-type").unwrap().to_str().unwrap();
                assert!(served_type.starts_with(content_type), "{path}: {served_type}");
                assert_eq!(file.headers.get("cache-control").unwrap(), "public, max-age=300", "{path}");
                assert_eq!(file.headers.get("x-content-type-options").unwrap(), "nosniff", "{path}");
                // A browser revalidating what it holds gets a 304 without the body.
                let modified = file.headers.get("last-modified").expect("a date to revalidate with").clone();
                let again = common::request(Method::GET, &path, None, "")
                    .header("if-modified-since", modified)
                    .body(Body::empty())
                    .unwrap();
                let again = send(&f.router, again).await;
                assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
                assert!(again.body.is_empty(), "{path}");
                // A part of it, as a media player or a resumed download asks.
                let part =
                    common::request(Method::GET, &path, None, "").header("range", "bytes=0-3").body(Body::empty()).unwrap();
                let part = send(&f.router, part).await;
                assert_eq!((part.status, part.body.as_str()), (StatusCode::PARTIAL_CONTENT, &content[..4]), "{path}");
            }

            // A secret beside the site root, and the system's password file.
            let secret_name = format!("ck-test-secret-{}-{}.txt", std::process::id(), rand::random::<u64>());
            let secret = "not for the web";
            std::fs::write(std::env::temp_dir().join(&secret_name), secret).unwrap();
            let site = std::env::temp_dir().join("ck-test-site");
            assert!(site.join("pkg").join("..").join("..").join(&secret_name).exists(), "the paths below would reach it");
            let mut paths = Vec::new();
            for target in [secret_name.as_str(), "etc/passwd"] {
                for (up, slash) in [
                    ("..", "/"),
                    ("%2e%2e", "/"),
                    ("%2E%2E", "/"),
                    ("..", "%2f"),
                    ("..", "%2F"),
                    ("%2e%2e", "%2f"),
                    ("..", "%5c"),
                    ("..", "\\"),
                    ("%252e%252e", "%252f"),
                    (".%2e", "/"),
                    ("%2e.", "/"),
                    ("....", "/"),
                    ("%c0%ae%c0%ae", "/"),
                ] {
                    for depth in [1, 2, 6] {
                        let ups = format!("{up}{slash}").repeat(depth);
                        paths.push(format!("/pkg/{ups}{target}"));
                        paths.push(format!("/{ups}{target}"));
                        paths.push(format!("/pkg{slash}{ups}{target}"));
                    }
                }
                paths.push(format!("//{target}"));
                paths.push(format!("/pkg//{target}"));
            }
            paths.push("/pkg/../../../../../../../../etc/passwd".to_owned());
            paths.push("/pkg/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_owned());
            let mut tried = 0;
            for path in &paths {
                let Ok(uri) = path.parse::<http::Uri>() else { continue };
                let req = common::request(Method::GET, "/", None, "")
                    .uri(uri)
                    .header("accept", "text/html")
                    .body(Body::empty())
                    .unwrap();
                let answer = send(&f.router, req).await;
                tried += 1;
                assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
                assert!(answer.body.contains("Pagina niet gevonden"), "{path}: the not-found page");
                assert!(!answer.body.contains(secret) && !answer.body.contains("root:"), "{path} left the site root");
                assert_ne!(answer.headers.get("cache-control").unwrap(), "public, max-age=300", "{path}: not served as a file");
            }
            assert!(tried > 200, "{tried} paths");
            std::fs::remove_file(std::env::temp_dir().join(&secret_name)).unwrap();
        }
    })
}

/// The built files are served as the build left them: a browser that accepts brotli or gzip
/// gets the copy compressed at build time, one that accepts neither gets the file itself, and
/// a file with no compressed copy is sent as it is (the server compresses no static file per
/// request). A file whose name carries its content's hash may be kept for a year; any other
/// file for five minutes. Pages are still compressed as they go out.
#[test]
fn built_files_are_served_precompressed_and_hashed_ones_are_immutable() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let with = |path: &str, encoding: Option<&str>| {
                let mut req = common::request(Method::GET, path, None, "");
                if let Some(e) = encoding {
                    req = req.header("accept-encoding", e);
                }
                req.body(Body::empty()).unwrap()
            };
            let dir = std::env::temp_dir().join("ck-test-site").join("pkg");
            let name = format!("ck-built-{}-{}.0123456789abcdef.css", std::process::id(), rand::random::<u32>());
            std::fs::write(dir.join(&name), "body { color: #123456; }").unwrap();
            std::fs::write(dir.join(format!("{name}.br")), "de brotli-kopie").unwrap();
            std::fs::write(dir.join(format!("{name}.gz")), "de gzip-kopie").unwrap();
            let path = format!("/pkg/{name}");
            for (accepts, body, encoding) in [
                (Some("gzip, deflate, br, zstd"), "de brotli-kopie", Some("br")),
                (Some("gzip"), "de gzip-kopie", Some("gzip")),
                (None, "body { color: #123456; }", None),
            ] {
                let answer = send(&f.router, with(&path, accepts)).await;
                assert_eq!(answer.status, StatusCode::OK, "{accepts:?}");
                assert_eq!(answer.body, body, "{accepts:?}");
                assert_eq!(answer.headers.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accepts:?}");
                assert!(answer.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/css"), "{accepts:?}");
                assert_eq!(answer.headers.get("cache-control").unwrap(), "public, max-age=31536000, immutable", "{accepts:?}");
                assert!(
                    answer.headers.get_all("vary").iter().any(|v| v
                        .to_str()
                        .unwrap()
                        .to_ascii_lowercase()
                        .contains("accept-encoding")),
                    "{accepts:?}: caches keep one copy per encoding"
                );
            }

            // Large enough to be worth compressing, but no copy was built: sent as it is.
            let big = "p { margin: 0; }\n".repeat(2_000);
            let (plain, content) = static_file("css", &big);
            let answer = send(&f.router, with(&plain, Some("br, gzip"))).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.headers.get("content-encoding"), None, "no compression per request");
            assert_eq!(answer.body, content);
            assert_eq!(answer.headers.get("cache-control").unwrap(), "public, max-age=300", "no hash in the name");

            // Names that only look hashed are kept briefly.
            for look_alike in
                ["ck-built-x.0123456789ABCDEF.css", "ck-built-x.0123456789abcde.css", "ck-built-x.0123456789abcdef.min.css"]
            {
                std::fs::write(dir.join(look_alike), "a {}").unwrap();
                let answer = send(&f.router, with(&format!("/pkg/{look_alike}"), None)).await;
                assert_eq!(answer.status, StatusCode::OK, "{look_alike}");
                assert_eq!(answer.headers.get("cache-control").unwrap(), "public, max-age=300", "{look_alike}");
            }

            // A page is compressed as it goes out.
            let page = send(&f.router, with("/login", Some("br"))).await;
            assert_eq!(page.status, StatusCode::OK);
            assert_eq!(page.headers.get("content-encoding").unwrap(), "br");
            assert_eq!(page.headers.get("cache-control").unwrap(), "no-store");
        }
    })
}

/// The language switch sets the cookie and goes back to the page it came from when that is
/// on this site (else to the home page); with the cookie, pages are in English.
#[test]
fn the_language_switch_sets_a_cookie_and_returns_only_within_the_site() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let answer = get(&f.router, "/lang/en?back=%2Flogin", None).await;
            assert_eq!(answer.status, StatusCode::SEE_OTHER);
            assert_eq!(answer.headers.get("location").unwrap(), "/login");
            assert!(answer.headers.get("set-cookie").unwrap().to_str().unwrap().starts_with("ck_lang=en"));
            let evil = get(&f.router, "/lang/en?back=%2F%2Fevil.example", None).await;
            assert_eq!(evil.headers.get("location").unwrap(), "/");
            let req =
                common::request(Method::GET, "/login", None, "").header("cookie", "ck_lang=en").body(Body::empty()).unwrap();
            let english = send(&f.router, req).await;
            assert!(english.body.contains("<html lang=\"en\"") && english.body.contains("Log in with your e-mail address"));
        }
    })
}

/// The text of a page's `<main>`, as a person reads it.
fn main_text(answer: &common::Answer) -> String {
    let page = scraper::Html::parse_document(&answer.body);
    let main =
        page.select(&scraper::Selector::parse("main").unwrap()).next().unwrap_or_else(|| panic!("no main: {}", answer.body));
    main.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asking for a new password with the plain form (no JavaScript) answers the same for an
/// address with an account and for one without: the same redirect and the same page. Only
/// the account gets a mail, with a link to choose a new password.
#[test]
fn asking_for_a_new_password_without_javascript_answers_the_same_for_any_address() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let mails = |to: &'static str| {
                let db = f.state.db.clone();
                async move { services::platform::mail::list(&db, domain::PageRequest::new(1, 50), Some(to)).await.unwrap().rows }
            };
            let known = "docent@roc-amstelland.demo";
            let unknown = "niemand@nergens.example";
            let before = mails(known).await.len();
            let mut pages = Vec::new();
            for email in [known, unknown] {
                let answer = common::post_without_js(
                    &f.router,
                    "/api/auth/request_password_reset",
                    "/password/forgot",
                    &format!("email={}", email.replace('@', "%40")),
                )
                .await;
                assert!(answer.status.is_redirection(), "{email}: {}", answer.status);
                let location = answer.headers.get("location").unwrap().to_str().unwrap().to_owned();
                assert!(!location.contains("__err"), "{email}: {location}");
                let page = get(&f.router, location.trim_start_matches(ORIGIN), None).await;
                assert_eq!(page.status, StatusCode::OK);
                pages.push((location, main_text(&page)));
            }
            assert_eq!(pages[0], pages[1], "the answer gives nothing away");
            assert!(pages[0].1.contains("Nieuw wachtwoord aanvragen"), "{}", pages[0].1);
            assert!(pages[0].1.contains("Als dit adres bij een account hoort, is er nu een mail onderweg"), "{}", pages[0].1);
            // A mistake comes back on the same page, named.
            let answer =
                common::post_without_js(&f.router, "/api/auth/request_password_reset", "/password/forgot", "email=geen-adres")
                    .await;
            let location = answer.headers.get("location").unwrap().to_str().unwrap().to_owned();
            assert!(location.contains("__err"), "{location}");
            let page = main_text(&get(&f.router, location.trim_start_matches(ORIGIN), None).await);
            assert!(!page.contains("is er nu een mail onderweg") && page.contains("Dit is geen geldig e-mailadres."), "{page}");
            let to_known = mails(known).await;
            assert_eq!(to_known.len(), before + 1, "a mail for the account");
            assert!(to_known[0].subject.starts_with("Nieuw wachtwoord") && to_known[0].body.contains("/password/reset/"));
            assert!(mails(unknown).await.is_empty(), "no mail for an address without an account");
        }
    })
}

/// Every hostile piece (each ASCII control character raw and percent-encoded, backslashes,
/// encoded slashes) in every position of a few targets, through both redirect targets a
/// client chooses (the language switch's `back` and the login's `next`): the `Location` a
/// browser gets resolves to this site, and carries no control character.
#[test]
fn no_redirect_target_leads_off_site_whatever_characters_it_holds() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let site = url::Url::parse(ORIGIN).unwrap();
            let mut pieces: Vec<String> = (0u8..=31).chain([127]).map(|b| format!("%{b:02X}")).collect();
            pieces.extend(["%5C", "%255C", "%2509", "%252F", "%2F", "%20"].map(str::to_owned));
            let targets = ["/", "/evil.example", "//evil.example", "/admin/mail"];
            let stays = |location: &str| {
                let resolved = site.join(location).unwrap();
                resolved.origin() == site.origin() && !location.chars().any(char::is_control)
            };
            let mut tried = 0;
            for target in targets {
                for piece in &pieces {
                    for at in 0..=target.len() {
                        let encoded =
                            format!("{}{piece}{}", &target[..at].replace('/', "%2F"), &target[at..].replace('/', "%2F"));
                        let answer = get(&f.router, &format!("/lang/nl?back={encoded}"), None).await;
                        assert_eq!(answer.status, StatusCode::SEE_OTHER);
                        let location = answer.headers.get("location").unwrap().to_str().unwrap();
                        assert!(stays(location), "back={encoded} went to {location:?}");
                        tried += 1;
                    }
                }
            }
            // Through the login (each one a real sign-in, so fewer: every piece in the middle).
            for piece in &pieces {
                let next = format!("%2F{piece}%2Fevil.example");
                let req = common::request(Method::POST, "/api/auth/login", None, "")
                    .header("accept", "text/html")
                    .body(Body::from(format!("{}&next={next}", login_body())))
                    .unwrap();
                let answer = send(&f.router, req).await;
                tried += 1;
                if answer.status == StatusCode::UNPROCESSABLE_ENTITY {
                    // A control character in a form field is refused before anything else.
                    assert!(
                        answer.body.contains("unreadable_text") && answer.headers.get("location").is_none(),
                        "{}",
                        answer.body
                    );
                    continue;
                }
                let location =
                    answer.headers.get("location").unwrap_or_else(|| panic!("next={next}: {}", answer.status)).to_str().unwrap();
                assert!(stays(location), "next={next} went to {location:?}");
            }
            assert!(tried > 1_000, "{tried} cases");
        }
    })
}

/// Every server function, sent every kind of content type (none, multipart without or with a
/// broken boundary, JSON, text, nonsense, bytes that are no text) with every kind of body
/// (empty, form, JSON, binary with NUL bytes and invalid UTF-8, a multipart body that stops
/// halfway), as a stranger and as the operator: an answer for each — 4xx, or 200 where the
/// request happens to be readable — never a dropped connection or a 5xx. The uploads answer
/// a body that is not multipart with a boundary with 400 and the usual error body.
#[test]
fn every_server_function_answers_any_content_type_and_body_without_failing() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let admin = f.sessions[&Role::PlatformAdmin].clone();
            let content_types: Vec<Option<http::HeaderValue>> = vec![
                None,
                Some(http::HeaderValue::from_static("multipart/form-data")),
                Some(http::HeaderValue::from_static("multipart/form-data; boundary=")),
                Some(http::HeaderValue::from_static("multipart/form-data; boundary=\"\"")),
                Some(http::HeaderValue::from_static("multipart/form-data; charset=utf-8")),
                Some(http::HeaderValue::from_static("multipart/form-data; boundary=ckboundary")),
                Some(http::HeaderValue::from_static("multipart/mixed; boundary=ckboundary")),
                Some(http::HeaderValue::from_static("application/x-www-form-urlencoded")),
                Some(http::HeaderValue::from_static("application/json")),
                Some(http::HeaderValue::from_static("text/plain; charset=utf-8")),
                Some(http::HeaderValue::from_static(";;;=")),
                Some(http::HeaderValue::from_bytes(b"multipart/form-data; boundary=\xff\xfe").unwrap()),
            ];
            let bodies: Vec<Vec<u8>> = vec![
                Vec::new(),
                b"a=b&c=%FF%FE&d".to_vec(),
                b"{\"email\": 1, \"password\": [null]}".to_vec(),
                vec![0, 159, 146, 150, 0xff, 0xfe, b'=', 0, b'&'],
                b"--ckboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\nhalf".to_vec(),
                b"--ckboundary--\r\n".to_vec(),
                format!("{}=1", "x".repeat(10_000)).into_bytes(),
            ];
            let mut tried = 0;
            for (path, _) in server_fn::axum::server_fn_paths() {
                // Logging out as the operator would end the session the other cases use.
                let sessions: &[Option<&str>] = if path == "/api/auth/logout" { &[None] } else { &[None, Some(admin.as_str())] };
                for session in sessions {
                    for content_type in &content_types {
                        for body in &bodies {
                            let mut req = common::request(Method::POST, path, *session, "");
                            let headers = req.headers_mut().unwrap();
                            headers.remove("content-type");
                            if let Some(ct) = content_type {
                                headers.insert("content-type", ct.clone());
                            }
                            let answer = send(&f.router, req.body(Body::from(body.clone())).unwrap()).await;
                            tried += 1;
                            assert!(
                                answer.status.is_client_error() || answer.status == StatusCode::OK,
                                "{path} with {content_type:?} and {} bytes: {} {}",
                                body.len(),
                                answer.status,
                                answer.body
                            );
                            let upload = app::api::UPLOADS.iter().any(|(p, _)| *p == path);
                            let no_boundary =
                                content_type.as_ref().is_none_or(|c| !c.as_bytes().windows(9).any(|w| w == b"boundary="));
                            if upload && no_boundary {
                                assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path} with {content_type:?}");
                                assert_eq!(answer.body, "\"BadRequest\"", "{path}: the usual error body");
                            }
                        }
                    }
                }
            }
            assert!(tried > 15_000, "{tried} cases");
        }
    })
}

/// Path and query arguments that do not parse get our own answer: the not-found page in a
/// browser, the JSON error on the API; never the framework's text.
#[test]
fn arguments_that_do_not_parse_get_our_own_error_answer() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let admin = f.sessions[&Role::PlatformAdmin].clone();
            let bad = ["abc", "-", "1.5", "99999999999999999999", "%00", "%FF", "1%20OR%201"];
            for route in
                server::PLAIN_ROUTES.iter().filter(|r| r.contains("{id}") || r.contains("{batch}") || r.contains("{location}"))
            {
                for value in bad {
                    let path = route
                        .replace("{id}", value)
                        .replace("{batch}", value)
                        .replace("{location}", value)
                        .replace("{file}", "pdf");
                    let answer = get(&f.router, &path, Some(&admin)).await;
                    let framework = ["Invalid URL", "Cannot parse", "Failed to deserialize"];
                    assert!(!framework.iter().any(|t| answer.body.contains(t)), "{path}: {}", answer.body);
                    if route.starts_with("/api/v1/") {
                        // An id that cannot be one names nothing, with or without a key.
                        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
                        assert_eq!(answer.body, "\"NotFound\"", "{path}: the API's own error body");
                    } else {
                        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
                        assert!(answer.body.contains("Pagina niet gevonden"), "{path}: {}", answer.body);
                    }
                }
            }
        }
    })
}

/// HSTS and `Secure` cookies only when the public address is https: a deployment on plain
/// HTTP (a school's own test server) must not be told to use https, nor lose its cookies.
#[test]
fn hsts_and_secure_cookies_follow_the_public_address() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            for (base, https) in [("http://localhost:3000", false), ("https://localhost:3000", true)] {
                let mut state = f.state.clone();
                state.settings =
                    std::sync::Arc::new(services::Settings { public_base_url: base.to_owned(), ..(*f.state.settings).clone() });
                let router =
                    server::router(state, server::leptos_options(&std::env::temp_dir().join("ck-test-site").to_string_lossy()));
                let page = get(&router, "/login", None).await;
                assert_eq!(page.headers.get("strict-transport-security").is_some(), https, "{base}");
                let login = post(&router, "/api/auth/login", None, &login_body()).await;
                let cookie = login.headers.get("set-cookie").unwrap().to_str().unwrap();
                assert_eq!(cookie.contains("; Secure"), https, "{base}: {cookie}");
                let lang = get(&router, "/lang/en?back=%2F", None).await;
                let cookie = lang.headers.get("set-cookie").unwrap().to_str().unwrap();
                assert_eq!(cookie.contains("; Secure"), https, "{base}: {cookie}");
            }
        }
    })
}

/// An unexpected failure (here: the database is gone) answers 500 with nothing internal in
/// the body but the id of the request, the same id the answer's `x-request-id` carries and
/// the log line has; a load balancer's sane `X-Request-Id` is kept.
#[test]
fn an_unexpected_failure_answers_with_the_id_of_its_request() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let admin = f.sessions[&Role::PlatformAdmin].clone();
            f.state.db.pool.close().await;
            for sent in [None, Some("lb-7f3a-42")] {
                let mut req = common::request(Method::POST, "/api/auth/me", Some(&admin), "");
                if let Some(id) = sent {
                    req = req.header("x-request-id", id);
                }
                let answer = send(&f.router, req.body(Body::empty()).unwrap()).await;
                assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", answer.body);
                let id = answer.headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
                if let Some(sent) = sent {
                    assert_eq!(id, sent);
                }
                let error: domain::AppError = serde_json::from_str(&answer.body).unwrap();
                assert_eq!(error, domain::AppError::Internal { request_id: id.clone() }, "{}", answer.body);
                assert!(!answer.body.to_lowercase().contains("pool"), "nothing internal in the answer: {}", answer.body);
            }
        }
    })
}
