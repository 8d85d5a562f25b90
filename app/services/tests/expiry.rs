//! The end of a programme period: warnings 30 and 7 days before to budget holders with
//! unspent budget (once each), and the move of what is left to the expired account, once,
//! on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::{Email, LocationId, Money};
use services::budget;
use services::platform::clock::DAY_MS;
use services::{accounts::people, budget::ledger, demo, platform::mail, testing};

/// Unspent budget is announced 30 and 7 days before the end (once each), and at the end two
/// expiry runs at once (each a task on the multi-threaded runtime) move the budget and the
/// individual pool to the expired account once each.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unspent_budget_is_announced_twice_and_then_expires_once() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        let holder = people::account_by_email(&state.db, &Email::parse("budgethouder@roc-amstelland.demo").unwrap())
            .await
            .unwrap()
            .unwrap();
        let order = budget::submit_order(&state, holder.id, &holder.email, LocationId(1), "100", "20").await.unwrap();
        assert!(budget::approve_order(&state, order.id, None, true).await.unwrap());
        let invoice = budget::order(&state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap();
        budget::payments::register_payment(&state, None, invoice.id, invoice.amount, "2026-12-01", "betaald", "manual")
            .await
            .unwrap();
        let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap();
        assert_eq!(period.ends_on, "2028-07-31");
        let mails = |state: services::AppState| async move {
            mail::list(&state.db, domain::PageRequest::new(1, 50), Some("budgethouder@roc-amstelland.demo"))
                .await
                .unwrap()
                .rows
                .into_iter()
                .filter(|m| m.subject.starts_with("Budget vervalt"))
                .count()
        };

        assert_eq!(budget::periods::warn_before_expiry(&state).await.unwrap(), 0, "far from the end: no warning");
        // 2028-07-01 12:00 UTC: 30 days before the end.
        clock.set(1_846_065_600_000);
        assert_eq!(domain::time::local_date(clock_now(&state)), "2028-07-01");
        assert_eq!(budget::periods::warn_before_expiry(&state).await.unwrap(), 1);
        assert_eq!(budget::periods::warn_before_expiry(&state).await.unwrap(), 0, "once per warning");
        clock.advance(23 * DAY_MS);
        assert_eq!(budget::periods::warn_before_expiry(&state).await.unwrap(), 1, "the 7-day warning");
        assert_eq!(mails(state.clone()).await, 2);
        assert_eq!(budget::periods::expire_ended_periods(&state).await.unwrap(), 0, "not ended yet");

        clock.advance(8 * DAY_MS);
        let before = budget::payments::summary(&state.db, LocationId(1), period.id).await.unwrap();
        assert_eq!(before.available.to_string(), "2100.00");
        let run = || {
            let state = state.clone();
            tokio::spawn(async move { budget::periods::expire_ended_periods(&state).await })
        };
        let (a, b) = (run(), run());
        assert_eq!(a.await.unwrap().unwrap() + b.await.unwrap().unwrap(), 2, "the budget and the individual pool, once each");
        let after = budget::payments::summary(&state.db, LocationId(1), period.id).await.unwrap();
        assert_eq!((after.available, after.individual_pool), (Money::ZERO, Money::ZERO));
        assert_eq!(after.expired.to_string(), "2520.00");
        assert_eq!(budget::periods::expire_ended_periods(&state).await.unwrap(), 0);
        assert!(ledger::verify(&state.db).await.unwrap().is_empty());
    }
}

fn clock_now(state: &services::AppState) -> i64 {
    state.clock.now_ms()
}
