//! Test support: a fresh, migrated database per test on SQLite and on PostgreSQL, and an
//! `AppState` around it with a clock the test controls. Used by this crate's and the
//! server crate's tests; PostgreSQL must be reachable (tests never skip it silently).

use super::clock::ManualClock;
use super::db::Db;
use super::state::{AppState, Settings};
use rand::RngCore;
use std::sync::Arc;

/// Where the tests find PostgreSQL: `TEST_POSTGRES_URL`, else the local server.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn unique_name() -> String {
    let mut b = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    format!("ck_test_{}", hex::encode(b))
}

/// A fresh migrated SQLite database in a temporary file.
pub async fn sqlite() -> Db {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
    let db = Db::connect(&format!("sqlite://{}", path.display()), 8).await.unwrap_or_else(|e| panic!("sqlite: {e}"));
    db.migrate().await.unwrap_or_else(|e| panic!("migrate sqlite: {e}"));
    db
}

/// A fresh migrated PostgreSQL database. Panics when PostgreSQL cannot be reached: the
/// PostgreSQL half of the tests must run, not vanish.
pub async fn postgres() -> Db {
    let admin_url = postgres_admin_url();
    let admin =
        Db::connect(&admin_url, 1).await.unwrap_or_else(|e| panic!("PostgreSQL is required for the tests ({admin_url}): {e}"));
    let name = unique_name();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap_or_else(|e| panic!("create database: {e}"));
    admin.pool.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap_or(admin_url);
    let db = Db::connect(&format!("{base}/{name}"), 8).await.unwrap_or_else(|e| panic!("postgres: {e}"));
    db.migrate().await.unwrap_or_else(|e| panic!("migrate postgres: {e}"));
    db
}

/// One fresh database of each backend.
pub async fn both() -> Vec<Db> {
    vec![sqlite().await, postgres().await]
}

/// 2026-11-29 12:00 UTC, the tests' "now" unless they move it.
pub const TEST_NOW_MS: i64 = 1_795_953_600_000;

/// An application state around `db` with a manual clock, as the tests use it.
pub fn state(db: Db) -> (AppState, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(TEST_NOW_MS));
    let state = AppState::new(
        db,
        clock.clone(),
        Settings {
            public_base_url: "http://localhost:3000".to_owned(),
            smtp: None,
            trust_proxy: false,
            session_idle_ms: 2 * super::clock::HOUR_MS,
            session_absolute_ms: 12 * super::clock::HOUR_MS,
            seller: super::state::SellerDetails::demo(),
            weborder_decision_ms: 14 * 24 * super::clock::HOUR_MS,
            cooling_off_ms: 48 * super::clock::HOUR_MS,
        },
    );
    (state, clock)
}

/// Records, as the school would, that `location`'s board takes part, with invoice details
/// (needed before the location can order budget).
pub async fn taking_part(state: &AppState, location: crate::domain::LocationId) {
    use super::school::{self, ProfileText};
    let text = |s: &str| s.to_owned();
    let profile = school::parse_profile(
        location,
        &ProfileText {
            taking_part: text("yes"),
            contribution: text("10,50"),
            decision_date: text("2026-06-01"),
            invoice_addressee: text("Crediteurenadministratie"),
            invoice_street: text("Postbus 1"),
            invoice_postcode: text("1000 AA"),
            invoice_city: text("Amsterdam"),
            invoice_email: format!("facturen{}@school.example", location.0),
            po_reference: String::new(),
        },
    )
    .unwrap_or_else(|e| panic!("test profile: {e:?}"));
    school::save_profile(state, crate::domain::PersonId(1), &profile).await.unwrap_or_else(|e| panic!("save profile: {e:?}"));
}
