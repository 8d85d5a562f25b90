//! The HTTP safety layer through the real router: CSRF refusal, headers, body limits,
//! health check, the no-JavaScript login, cookies and the language switch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::domain::Role;
use app::server::{demo, testing};
use axum::body::Body;
use common::{fingerprint, fixture, get, post, send, ORIGIN};
use http::{Method, Request, StatusCode};

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

#[test]
fn every_answer_carries_the_security_headers_and_the_csp_nonce_matches_the_scripts() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let page = get(&f.router, "/login", None).await;
        assert_eq!(page.status, StatusCode::OK);
        let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap().to_owned();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert!(nonce.len() >= 16);
        assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the inline hydration script carries the nonce");
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
            ("cache-control", "no-store"),
        ] {
            assert_eq!(page.headers.get(name).unwrap(), value, "{name}");
        }
        assert!(
            page.headers.get("strict-transport-security").is_none(),
            "plain HTTP: no HSTS (see hsts_and_secure_cookies_follow_the_public_address)"
        );
        assert!(page.headers.get("x-request-id").is_some());
        let again = get(&f.router, "/login", None).await;
        assert_ne!(
            again.headers.get("content-security-policy"),
            page.headers.get("content-security-policy"),
            "a fresh nonce per response"
        );
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

#[test]
fn an_oversized_body_is_refused_before_it_reaches_a_server_function() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let huge = format!("email={}&password=x", "a".repeat(server::MAX_BODY_BYTES + 10));
        let answer = post(&f.router, "/api/auth/login", None, &huge).await;
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", answer.body);
    })
}

#[test]
fn logging_in_without_javascript_sets_a_safe_cookie_and_goes_to_the_portal() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let req = common::request(Method::POST, "/api/auth/login", None, "")
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", format!("{ORIGIN}/login"))
                .body(Body::from(login_body()))
                .unwrap();
            let answer = send(&f.router, req).await;
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

#[test]
fn a_failed_login_without_javascript_returns_to_the_form_with_the_error() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let req = common::request(Method::POST, "/api/auth/login", None, "")
            .header("accept", "text/html")
            .header("referer", format!("{ORIGIN}/login"))
            .body(Body::from("email=beheer%40cultuurkaart.demo&password=helemaal%20fout"))
            .unwrap();
        let answer = send(&f.router, req).await;
        assert!(answer.status.is_redirection());
        let location = answer.headers.get("location").unwrap().to_str().unwrap().to_owned();
        assert!(location.contains("/login") && location.contains("__err="), "{location}");
        assert!(answer.headers.get("set-cookie").is_none());
        let page = get(&f.router, location.trim_start_matches(ORIGIN), None).await;
        assert!(page.body.contains("E-mailadres of wachtwoord klopt niet."), "the form shows the error");
    })
}

#[test]
fn after_login_the_next_parameter_is_followed_only_within_the_site() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
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
    })
}

#[test]
fn a_session_id_from_before_login_is_worthless_after_it() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let old = f.sessions[&Role::Teacher].clone();
        let answer = post(&f.router, "/api/auth/login", Some(&old), &login_body()).await;
        let cookie = answer.headers.get("set-cookie").unwrap().to_str().unwrap();
        let new = cookie.trim_start_matches("ck_session=").split(';').next().unwrap();
        assert_ne!(new, old);
        assert_eq!(post(&f.router, "/api/portal/teacher", Some(&old), "").await.status, StatusCode::UNAUTHORIZED);
    })
}

#[test]
fn logout_ends_the_session_and_clears_the_cookie() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let session = f.sessions[&Role::Student].clone();
        let answer = post(&f.router, "/api/auth/logout", Some(&session), "").await;
        assert!(answer.headers.get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
        assert_eq!(post(&f.router, "/api/portal/student", Some(&session), "").await.status, StatusCode::UNAUTHORIZED);
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

#[test]
fn an_unknown_page_is_a_404_page_and_static_files_are_served() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let missing = get(&f.router, "/bestaat/niet", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("Pagina niet gevonden"));
    })
}

#[test]
fn the_language_switch_sets_a_cookie_and_returns_only_within_the_site() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
        let answer = get(&f.router, "/lang/en?back=%2Flogin", None).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
        assert_eq!(answer.headers.get("location").unwrap(), "/login");
        assert!(answer.headers.get("set-cookie").unwrap().to_str().unwrap().starts_with("ck_lang=en"));
        let evil = get(&f.router, "/lang/en?back=%2F%2Fevil.example", None).await;
        assert_eq!(evil.headers.get("location").unwrap(), "/");
        let req = common::request(Method::GET, "/login", None, "").header("cookie", "ck_lang=en").body(Body::empty()).unwrap();
        let english = send(&f.router, req).await;
        assert!(english.body.contains("<html lang=\"en\"") && english.body.contains("Log in with your e-mail address"));
    })
}

/// Every hostile piece (each ASCII control character raw and percent-encoded, backslashes,
/// encoded slashes) in every position of a few targets, through both redirect targets a
/// client chooses (the language switch's `back` and the login's `next`): the `Location` a
/// browser gets resolves to this site, and carries no control character.
#[test]
fn no_redirect_target_leads_off_site_whatever_characters_it_holds() {
    common::run(async {
        let f = fixture(testing::sqlite().await).await;
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
                    let encoded = format!("{}{piece}{}", &target[..at].replace('/', "%2F"), &target[at..].replace('/', "%2F"));
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
                assert!(answer.body.contains("unreadable_text") && answer.headers.get("location").is_none(), "{}", answer.body);
                continue;
            }
            let location =
                answer.headers.get("location").unwrap_or_else(|| panic!("next={next}: {}", answer.status)).to_str().unwrap();
            assert!(stays(location), "next={next} went to {location:?}");
        }
        assert!(tried > 1_000, "{tried} cases");
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
        let f = fixture(testing::sqlite().await).await;
        for (base, https) in [("http://localhost:3000", false), ("https://localhost:3000", true)] {
            let mut state = f.state.clone();
            state.settings =
                std::sync::Arc::new(app::server::Settings { public_base_url: base.to_owned(), ..(*f.state.settings).clone() });
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
    })
}
