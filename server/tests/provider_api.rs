//! The provider API over HTTP, as a ticketing system uses it: a bearer key, JSON in and out,
//! idempotent creation, and nothing of another provider's. Runs on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use common::{fixture, send};
use domain::offer::{OfferForm, OfferStatus};
use domain::{Email, ProviderId};
use http::{Method, Request, StatusCode};
use services::{accounts::api_keys, accounts::people, market::offers, testing};

fn api(method: Method, path: &str, key: Option<&str>, idempotency: Option<&str>, body: &str) -> Request<Body> {
    // A server-to-server call: no Origin, no cookies.
    let mut b =
        Request::builder().method(method).uri(path).header("host", "localhost:3000").header("content-type", "application/json");
    if let Some(k) = key {
        b = b.header("authorization", format!("Bearer {k}"));
    }
    if let Some(i) = idempotency {
        b = b.header("idempotency-key", i);
    }
    b.body(Body::from(body.to_owned())).unwrap()
}

async fn provider(state: &services::AppState, name: &str) -> ProviderId {
    let r = sqlx::query("SELECT id FROM providers WHERE name = $1").bind(name).fetch_one(&state.db.pool).await.unwrap();
    ProviderId(sqlx::Row::get::<i64, _>(&r, "id"))
}

#[test]
fn a_ticketing_system_creates_a_weborder_once_and_reads_only_its_own() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let user = people::account_by_email(&f.state.db, &Email::parse("aanbieder@theaterdekolk.demo").unwrap())
                .await
                .unwrap()
                .unwrap()
                .id;
            let kolk = provider(&f.state, "Theater De Kolk").await;
            let form = OfferForm {
                title: "Schoolvoorstelling".into(),
                description: "Voor niveau 2.".into(),
                disciplines: "theatre".into(),
                levels: "2".into(),
                format: "in_school".into(),
                city: "Amsterdam".into(),
                region: "NH".into(),
                duration_minutes: "60".into(),
                price: "8".into(),
                price_unit: "student".into(),
                capacity: "30".into(),
                ..Default::default()
            };
            let offer = offers::save(&f.state, user, kolk, None, &form.parse().unwrap()).await.unwrap();
            offers::set_status(&f.state, user, kolk, offer, OfferStatus::Published).await.unwrap();
            let (key_id, key) = api_keys::create(&f.state, user, kolk, "Kassasysteem").await.unwrap();
            let body = format!(
                r#"{{"cjp_school_number":"CJP-250001","offer_id":{offer},"activity_date":"2027-02-10","students":24,"amount":"192.00","teacher_name":"Sanne de Vries","teacher_email":"docentplus@roc-amstelland.demo"}}"#
            );
            let created = send(&f.router, api(Method::POST, "/api/v1/weborders", Some(&key), Some("ticket-1"), &body)).await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
            let w: serde_json::Value = serde_json::from_str(&created.body).unwrap();
            assert_eq!(w["status"], "pending");
            assert_eq!(w["amount"], "192.00");
            let again = send(&f.router, api(Method::POST, "/api/v1/weborders", Some(&key), Some("ticket-1"), &body)).await;
            assert_eq!(again.status, StatusCode::OK, "a retry returns the first weborder");
            let again: serde_json::Value = serde_json::from_str(&again.body).unwrap();
            assert_eq!(again["id"], w["id"]);
            let list = send(&f.router, api(Method::GET, "/api/v1/weborders?status=pending", Some(&key), None, "")).await;
            let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
            assert_eq!(list["total"], 1);
            let one = send(&f.router, api(Method::GET, &format!("/api/v1/weborders/{}", w["id"]), Some(&key), None, "")).await;
            assert_eq!(one.status, StatusCode::OK);

            // Wrong input: a clear answer per field, and nothing made.
            let bad = body.replace("\"192.00\"", "\"-5\"").replace("CJP-250001", "");
            let refused = send(&f.router, api(Method::POST, "/api/v1/weborders", Some(&key), None, &bad)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
            assert!(refused.body.contains("amount") && refused.body.contains("cjp_school_number"), "{}", refused.body);
            let garbage = send(&f.router, api(Method::POST, "/api/v1/weborders", Some(&key), None, "{not json")).await;
            assert_eq!(garbage.status, StatusCode::BAD_REQUEST);

            // Another provider's key sees nothing of this one's.
            let vonk = provider(&f.state, "Poppodium De Vonk").await;
            let admin = people::account_by_email(&f.state.db, &Email::parse("beheer@cultuurkaart.demo").unwrap())
                .await
                .unwrap()
                .unwrap()
                .id;
            let (_, other) = api_keys::create(&f.state, admin, vonk, "Ander systeem").await.unwrap();
            let theirs =
                send(&f.router, api(Method::GET, &format!("/api/v1/weborders/{}", w["id"]), Some(&other), None, "")).await;
            assert_eq!(theirs.status, StatusCode::NOT_FOUND);

            // No key, a made-up key, a revoked key: 401 with a Bearer challenge.
            for k in [None, Some("ck_made-up")] {
                let no = send(&f.router, api(Method::GET, "/api/v1/weborders", k, None, "")).await;
                assert_eq!(no.status, StatusCode::UNAUTHORIZED);
                assert_eq!(no.headers.get("www-authenticate").unwrap(), "Bearer");
            }
            // The scheme is case-insensitive (RFC 9110); anything else is no bearer key.
            let with_header = |value: String| {
                Request::builder()
                    .method(Method::GET)
                    .uri("/api/v1/weborders")
                    .header("host", "localhost:3000")
                    .header("authorization", value)
                    .body(Body::empty())
                    .unwrap()
            };
            for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
                let ok = send(&f.router, with_header(format!("{scheme} {key}"))).await;
                assert_eq!(ok.status, StatusCode::OK, "{scheme}");
            }
            for value in
                [format!("Basic {key}"), format!("Bearer{key}"), key.clone(), format!("Token {key}"), "Bearer ".to_owned()]
            {
                let refused = send(&f.router, with_header(value.clone())).await;
                assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{value}");
            }
            api_keys::revoke(&f.state, user, kolk, key_id).await.unwrap();
            let revoked = send(&f.router, api(Method::GET, "/api/v1/weborders", Some(&key), None, "")).await;
            assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
            let listed = api_keys::list(&f.state, kolk).await.unwrap();
            assert!(listed[0].revoked_at_ms.is_some() && listed[0].last_used_at_ms.is_some());
            // The list shows the key's start, never the whole key.
            let prefix = &listed[0].prefix;
            assert!(!prefix.is_empty() && key.starts_with(prefix.as_str()) && prefix.len() + 16 <= key.len(), "{prefix}");
        }
    })
}

#[test]
fn the_openapi_document_describes_every_api_route() {
    common::run(async {
        let doc: serde_json::Value = serde_json::from_str(server::provider_api::OPENAPI).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let documented: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
        let routes: Vec<&str> =
            server::PLAIN_ROUTES.iter().copied().filter(|r| r.starts_with("/api/v1/") && !r.ends_with("openapi.json")).collect();
        assert_eq!(documented, routes);
    })
}

/// A key made with the plain form (no JavaScript): the post is sent on to the keys page,
/// which shows the key once; a reload, or any other page, never shows it again.
#[test]
fn a_key_made_with_the_plain_form_is_shown_once_on_the_keys_page() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let session = f.sessions[&domain::Role::Provider].clone();
            let made = common::request(Method::POST, "/api/provider/create_api_key", Some(&session), "")
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", format!("{}/provider/api", common::ORIGIN))
                .body(Body::from("label=Kassa%20zonder%20JS"))
                .unwrap();
            let made = send(&f.router, made).await;
            assert_eq!(made.status, StatusCode::FOUND);
            assert_eq!(made.headers.get("location").unwrap(), "/provider/api?done=created");
            let handed = made.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
            let cookie = handed.iter().find(|c| c.starts_with("ck_new_key=")).expect("the key is handed to the page");
            assert!(
                cookie.contains("Path=/provider/api") && cookie.contains("HttpOnly") && cookie.contains("Max-Age=120"),
                "{cookie}"
            );
            let key = cookie.trim_start_matches("ck_new_key=").split(';').next().unwrap().to_owned();
            assert!(key.starts_with("ck_") && key.len() > 20, "{key}");
            // The key works on the API.
            let listed = send(&f.router, api(Method::GET, "/api/v1/weborders", Some(&key), None, "")).await;
            assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);

            let page = |cookies: String| {
                common::request(Method::GET, "/provider/api?done=created", None, "")
                    .header("accept", "text/html")
                    .header("cookie", cookies)
                    .body(Body::empty())
                    .unwrap()
            };
            let shown = send(&f.router, page(format!("ck_session={session}; ck_new_key={key}"))).await;
            assert_eq!(shown.status, StatusCode::OK);
            assert!(shown.body.contains(&key), "the page shows the new key");
            let forget = shown.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
            assert!(forget.iter().any(|c| c.starts_with("ck_new_key=;") && c.contains("Max-Age=0")), "{forget:?}");
            // Reloaded, the browser no longer sends it, and the page does not know it.
            let again = send(&f.router, page(format!("ck_session={session}"))).await;
            assert!(!again.body.contains(&key));
            // The key is stored only as its hash.
            let stored: Vec<String> =
                sqlx::query_scalar("SELECT key_hash FROM api_keys").fetch_all(&f.state.db.pool).await.unwrap();
            assert!(!stored.iter().any(|h| h.contains(&key)));
        }
    })
}
