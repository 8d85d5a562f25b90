//! Stored free text is text on every page: every free-text column of the database holds a
//! hostile string, every page is rendered for every role in Dutch and English, and the
//! browser's own HTML parser (html5ever) finds none of the markup that string tries to
//! inject. Runs on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::body::Body;
use common::world::world;
use common::{post, send};
use domain::Role;
use http::{Method, StatusCode};
use services::testing;
use std::collections::BTreeMap;

/// Tries every context a text can land in: a textarea, a title, a script (the hydration
/// data), a style, an attribute in either quotes, and plain text.
const HOSTILE: &str = "</textarea></title></script></style>\"'><b id=\"xss-probe\">x</b><img src=\"x\" onerror=\"xss()\">&amp;";

/// Every free-text column: what a person typed or a file brought, shown back on pages. Each
/// gets [`HOSTILE`] appended in every row. A TEXT column that is in neither this list nor
/// [`NOT_FREE_TEXT`] fails the test, so a new column is decided on when it is added.
const FREE_TEXT: &[(&str, &[&str])] = &[
    ("api_keys", &["label"]),
    ("bank_statement_lines", &["remittance", "counterparty"]),
    ("budget_holds", &["description"]),
    ("budget_orders", &["reason"]),
    ("colleague_invitations", &["display_name"]),
    ("counter_payments", &["description"]),
    ("credit_notes", &["reason"]),
    ("duo_imports", &["filename"]),
    ("institutions", &["name"]),
    (
        "invoices",
        &["buyer_name", "buyer_location", "buyer_street", "buyer_postcode", "buyer_city", "buyer_reference", "po_reference"],
    ),
    ("location_contacts", &["name", "phone"]),
    ("location_profiles", &["invoice_addressee", "invoice_street", "invoice_postcode", "invoice_city", "po_reference"]),
    ("locations", &["name", "street", "postcode", "city"]),
    ("offer_images", &["alt_text"]),
    ("offer_requests", &["preferred_dates"]),
    ("offers", &["title", "description", "street", "postcode", "city", "accessibility"]),
    ("outbox_mail", &["subject", "body"]),
    ("passes", &["first_name", "last_name", "class_name", "programme", "phone"]),
    ("payments", &["reference"]),
    ("people", &["display_name"]),
    ("programme_periods", &["name"]),
    ("provider_contacts", &["name", "phone"]),
    ("provider_events", &["detail"]),
    ("providers", &["name", "city", "phone", "website", "status_reason", "account_holder"]),
    ("request_messages", &["body"]),
    ("roster_uploads", &["filename", "problem"]),
    ("staged_uploads", &["filename"]),
    ("student_counts", &["reason"]),
    ("weborder_events", &["reason"]),
    ("weborders", &["teacher_name", "reason"]),
];

/// TEXT columns that are not free text: codes and states (checked or parsed), keys, hashes,
/// dates, validated addresses, numbers and file contents that pages do not show as text.
/// The audit trail cannot be changed at all (the database refuses).
const NOT_FREE_TEXT: &[(&str, &[&str])] = &[
    ("api_keys", &["prefix", "key_hash"]),
    ("audit_log", &["action", "subject_type", "detail"]),
    ("auth_tokens", &["token_hash", "purpose"]),
    ("bank_statement_lines", &["line_key", "account_iban", "booked_on", "status"]),
    ("budget_holds", &["expires_on", "status"]),
    ("budget_orders", &["status"]),
    ("colleague_invitations", &["email", "status"]),
    ("counter_codes", &["code"]),
    ("counter_payments", &["client_key", "status"]),
    ("credit_notes", &["number"]),
    ("duo_imports", &["school_year", "mapping"]),
    ("import_mappings", &["kind", "mapping"]),
    ("institutions", &["brin", "kvk_number"]),
    ("invoices", &["number", "status", "buyer_kvk", "sent_to"]),
    ("ledger_accounts", &["kind", "account_key"]),
    ("ledger_transactions", &["kind", "reference", "idempotency_key"]),
    ("location_contacts", &["role", "email"]),
    ("location_profiles", &["decision_date", "invoice_email"]),
    ("locations", &["vestiging_number", "cjp_school_number"]),
    ("login_throttle", &["throttle_key"]),
    ("offer_dates", &["date"]),
    ("offer_disciplines", &["discipline"]),
    ("offer_images", &["content_type", "content"]),
    ("offer_requests", &["status"]),
    ("offer_search", &["region", "format", "first_date", "last_date"]),
    ("offers", &["disciplines", "levels", "format", "region", "price_unit", "first_date", "last_date", "status", "search_text"]),
    ("outbox_attachments", &["filename", "content_type", "content_base64"]),
    ("outbox_mail", &["recipient", "last_error"]),
    ("passes", &["pass_number", "kind", "student_number", "date_of_birth", "status"]),
    ("payments", &["paid_on", "source"]),
    ("payout_batches", &["number", "status", "execution_date", "document"]),
    ("payout_transfers", &["iban", "end_to_end_id"]),
    ("people", &["email", "password_hash", "status"]),
    ("programme_periods", &["starts_on", "ends_on", "vat_category"]),
    ("provider_contacts", &["email"]),
    ("provider_events", &["kind"]),
    ("providers", &["kvk_number", "vat_number", "email", "status", "iban", "iban_pending"]),
    ("role_assignments", &["role", "scope_key"]),
    ("roster_fields", &["fields"]),
    ("roster_uploads", &["content"]),
    ("sessions", &["id_hash"]),
    ("staged_uploads", &["kind", "content"]),
    ("student_counts", &["school_year", "source"]),
    ("weborder_events", &["from_status", "to_status"]),
    ("weborders", &["activity_date", "teacher_email", "status", "client_key"]),
];

/// Every TEXT column of the migrated schema, by table (SQLite's own description of it).
async fn text_columns(db: &services::Db) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let tables = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'
         AND name NOT LIKE '%_fts%'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for t in tables {
        let table: String = sqlx::Row::get(&t, "name");
        let cols =
            sqlx::query(&format!("SELECT name, type FROM pragma_table_info('{table}')")).fetch_all(&db.pool).await.unwrap();
        let text: Vec<String> = cols
            .iter()
            .filter(|c| sqlx::Row::get::<String, _>(*c, "type").to_uppercase().contains("TEXT"))
            .map(|c| sqlx::Row::get::<String, _>(c, "name"))
            .collect();
        if !text.is_empty() {
            out.insert(table, text);
        }
    }
    out
}

#[test]
fn every_text_column_is_either_free_text_or_named_as_not() {
    common::run(async {
        let db = testing::sqlite().await;
        for (table, columns) in text_columns(&db).await {
            for column in columns {
                let listed = |list: &[(&str, &[&str])]| list.iter().any(|(t, cs)| *t == table && cs.contains(&column.as_str()));
                assert!(
                    listed(FREE_TEXT) != listed(NOT_FREE_TEXT),
                    "{table}.{column}: put it in exactly one of FREE_TEXT and NOT_FREE_TEXT"
                );
            }
        }
    })
}

/// The token at the end of the newest mail link to `path` for `to`.
async fn mailed_token(f: &common::Fixture, to: &str, path: &str) -> String {
    let page = services::platform::mail::list(&f.state.db, domain::PageRequest::new(1, 10), Some(to)).await.unwrap();
    let body = &page.rows.first().expect("a mail").body;
    let start = body.find(path).expect("a link") + path.len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

#[test]
fn every_stored_free_text_is_escaped_on_every_page_in_both_languages() {
    common::run(async {
        for db in testing::both().await {
            // The platform in use, with a request answered and links that greet a person by name.
            let w = world(db).await;
            let f = &w.f;
            let s = |role: Role| Some(f.sessions[&role].clone());
            let pool = &f.state.db.pool;
            let request = w.id("request");
            let reply = post(
                &f.router,
                "/api/provider/reply",
                w.session(Role::Provider),
                &format!("request_id={request}&message=Ja&close="),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let invitation = mailed_token(f, "disable@roc.example", "/invite/").await;
            post(&f.router, "/api/auth/request_password_reset", None, "email=docent%40roc-amstelland.demo").await;
            let reset = mailed_token(f, "docent@roc-amstelland.demo", "/password/reset/").await;
            let (offer, kolk, weborder) = (w.id("offer"), w.id("kolk"), w.id("weborder_batch_first"));

            // Every free-text value gets the hostile string.
            let mut filled = 0;
            for (table, columns) in FREE_TEXT {
                for column in *columns {
                    let done = sqlx::query(&format!("UPDATE {table} SET {column} = {column} || $1 WHERE {column} IS NOT NULL"))
                        .bind(HOSTILE)
                        .execute(pool)
                        .await
                        .unwrap();
                    if done.rows_affected() > 0 {
                        filled += 1;
                    }
                }
            }
            assert!(filled >= 45, "only {filled} free-text columns hold rows in this test");

            let class = app::components::encode_query(&format!("2A{HOSTILE}"));
            let samples: BTreeMap<&str, String> = [
                ("/invite/{token}", format!("/invite/{invitation}")),
                ("/password/reset/{token}", format!("/password/reset/{reset}")),
                ("/school/ledger", "/school/ledger?location=1".to_owned()),
                ("/admin/duo", "/admin/duo?staged=1".to_owned()),
                ("/school/weborders/{id}", format!("/school/weborders/{weborder}")),
                ("/teacher/catalogue", "/teacher/catalogue?q=theater".to_owned()),
                ("/teacher/catalogue/{id}", format!("/teacher/catalogue/{offer}")),
                ("/teacher/requests/{id}", format!("/teacher/requests/{request}")),
                ("/admin/providers/{id}", format!("/admin/providers/{kolk}")),
                ("/provider/offers/{id}", format!("/provider/offers/{offer}")),
                ("/provider/weborders/new", "/provider/weborders/new?cjp=CJP-250001".to_owned()),
                ("/provider/weborders/{id}", format!("/provider/weborders/{weborder}")),
                ("/provider/requests/{id}", format!("/provider/requests/{request}")),
                ("/school/classes", format!("/school/classes?location=1&class={class}")),
                ("/teacher/classes", format!("/teacher/classes?location=1&class={class}")),
            ]
            .into_iter()
            .collect();
            let mut sessions: Vec<Option<String>> = Role::ALL.iter().map(|r| s(*r)).collect();
            sessions.push(None);
            let probe = scraper::Selector::parse("#xss-probe, [onerror]").unwrap();
            let (mut rendered, mut shown) = (0, 0);
            for route in leptos_axum::generate_route_list(app::App) {
                let route = route.path().to_owned();
                let path = match samples.get(route.as_str()) {
                    Some(p) => p.clone(),
                    None if route.contains('{') => panic!("{route}: give it a sample with real ids above"),
                    None => route.clone(),
                };
                for session in &sessions {
                    for lang in ["nl", "en"] {
                        let mut cookie = format!("ck_lang={lang}");
                        if let Some(token) = session {
                            cookie.push_str(&format!("; ck_session={token}"));
                        }
                        let req = common::request(Method::GET, &path, None, "")
                            .header("accept", "text/html")
                            .header("cookie", cookie)
                            .body(Body::empty())
                            .unwrap();
                        let answer = send(&f.router, req).await;
                        assert!(!answer.status.is_server_error(), "{path}: {}", answer.status);
                        if answer.status != StatusCode::OK {
                            continue;
                        }
                        rendered += 1;
                        let page = scraper::Html::parse_document(&answer.body);
                        let injected: Vec<String> = page.select(&probe).map(|e| e.html()).collect();
                        assert!(injected.is_empty(), "{path} ({lang}) lets stored text become markup: {injected:?}");
                        if page.root_element().text().any(|t| t.contains("<b id=\"xss-probe\">")) {
                            shown += 1;
                        }
                    }
                }
            }
            // Not an empty check: the hostile text is on the pages, as text.
            assert!(rendered > 100, "{rendered} pages rendered");
            assert!(shown > 40, "the stored text showed (as text) on only {shown} of {rendered} pages");
        }
    })
}
