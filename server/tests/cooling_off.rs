//! Undoing a weborder approval over HTTP with the cooling-off period the configuration gives
//! by default (48 hours): a millisecond before it ends the budget holder undoes the approval,
//! at its end no longer. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::post;
use domain::Role;
use http::StatusCode;
use services::{accounts::auth, budget, demo, testing, AppState, ManualClock};
use std::sync::Arc;

const HOUR_MS: i64 = 3_600_000;

#[test]
fn an_approval_can_be_undone_until_the_default_cooling_off_period_ends_and_not_at_its_end() {
    common::run(async {
        for db in testing::both().await {
            let config = server::config::Config::from_vars(|name| (name == "CK_DEMO").then(|| "1".to_owned())).unwrap();
            assert_eq!(config.settings.cooling_off_ms, 48 * HOUR_MS, "the default");
            let clock = Arc::new(ManualClock::at(testing::TEST_NOW_MS));
            let f = common::fixture_of(AppState::new(db, clock.clone(), config.settings)).await;
            let pool = &f.state.db.pool;
            services::demo::load_marketplace(&f.state).await.unwrap();
            let invoice = common::invoiced_order(&f, "500", "0").await;
            budget::payments::register_payment(&f.state, None, invoice.id, invoice.amount, "2026-12-01", "bank", "manual")
                .await
                .unwrap();
            let offer: i64 = sqlx::Row::get(
                &sqlx::query(
                    "SELECT MIN(o.id) AS id FROM offers o JOIN providers p ON p.id = o.provider_id
                     WHERE p.name = 'Theater De Kolk' AND o.status = 'published'",
                )
                .fetch_one(pool)
                .await
                .unwrap(),
                "id",
            );
            let made = post(
                &f.router,
                "/api/provider/create_weborder",
                Some(&f.sessions[&Role::Provider]),
                &format!("weborder%5Bcjp_school_number%5D=CJP-250001&weborder%5Boffer_id%5D={offer}&weborder%5Bactivity_date%5D=2027-03-10&weborder%5Bstudents%5D=20&weborder%5Bamount%5D=100.00&weborder%5Bteacher_name%5D=Sanne&weborder%5Bteacher_email%5D=docentplus%40roc-amstelland.demo"),
            )
            .await;
            assert_eq!(made.status, StatusCode::OK, "{}", made.body);
            let id: i64 =
                sqlx::Row::get(&sqlx::query("SELECT MAX(id) AS id FROM weborders").fetch_one(pool).await.unwrap(), "id");
            let status = || async move {
                let r = sqlx::query("SELECT status FROM weborders WHERE id = $1").bind(id).fetch_one(pool).await.unwrap();
                sqlx::Row::get::<String, _>(&r, "status")
            };
            // Two days outlast any session: the budget holder signs in again each time.
            let sign_in = || async {
                let (_, session) =
                    auth::login(&f.state, "budgethouder@roc-amstelland.demo", demo::DEMO_PASSWORD, "127.0.0.1").await.unwrap();
                session
            };
            let approve = |session: String, key: &'static str| {
                let router = f.router.clone();
                async move {
                    post(
                        &router,
                        "/api/weborders/approve",
                        Some(&session),
                        &format!("weborder_id={id}&hold_id=&client_key={key}"),
                    )
                    .await
                }
            };
            let undo_body = format!("weborder_id={id}&reason=Verkeerde%20datum");
            let undo = |session: String| {
                let router = f.router.clone();
                let body = undo_body.clone();
                async move { post(&router, "/api/weborders/undo", Some(&session), &body).await }
            };

            assert_eq!(approve(sign_in().await, "a1").await.status, StatusCode::OK);
            clock.advance(48 * HOUR_MS - 1);
            let undone = undo(sign_in().await).await;
            assert_eq!(undone.status, StatusCode::OK, "a millisecond before the end: {}", undone.body);
            assert_eq!(status().await, "pending");

            assert_eq!(approve(sign_in().await, "a2").await.status, StatusCode::OK);
            clock.advance(48 * HOUR_MS);
            let late = undo(sign_in().await).await;
            assert_eq!(late.status, StatusCode::CONFLICT, "at the end: {}", late.body);
            assert_eq!(status().await, "approved");
            assert!(services::budget::ledger::verify(&f.state.db).await.unwrap().is_empty());
        }
    })
}
