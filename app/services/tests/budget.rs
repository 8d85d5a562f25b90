//! The budget lifecycle on SQLite and PostgreSQL: ordering within the DUO count, the
//! amendment window to the second across a DST change, approval exactly once by racing
//! workers, gap-free invoice numbers, payments and the release through the ledger.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::budget::OrderStatus;
use domain::error::Problem;
use domain::{AppError, Email, LocationId, Money, PersonId, Role, Scope};
use services::budget::ledger::{self, AccountKind, LedgerError};
use services::budget::{self, payments::PaymentOutcome};
use services::platform::clock::{amendment_deadline, DAY_MS};
use services::{accounts::orgs, accounts::people, demo, platform::mail, testing, AppState, ManualClock};
use std::sync::Arc;

struct School {
    state: AppState,
    clock: Arc<ManualClock>,
    holder: PersonId,
    zuid: LocationId,
    amstelveen: LocationId,
}

async fn school(db: services::Db) -> School {
    let (state, clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let holder = people::account_by_email(&state.db, &Email::parse("budgethouder@roc-amstelland.demo").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let id = |cjp: &'static str| {
        let db = state.db.clone();
        async move {
            let r =
                sqlx::query("SELECT id FROM locations WHERE cjp_school_number = $1").bind(cjp).fetch_one(&db.pool).await.unwrap();
            LocationId(sqlx::Row::get::<i64, _>(&r, "id"))
        }
    };
    let zuid = id("CJP-250001").await;
    let amstelveen = id("CJP-250002").await;
    School { state, clock, holder, zuid, amstelveen }
}

const HOLDER: &str = "budgethouder@roc-amstelland.demo";

/// Extra locations with a budget holder and a DUO count, for the concurrency tests.
async fn more_locations(s: &School, n: usize) -> Vec<LocationId> {
    let mut out = Vec::new();
    let mut tx = s.state.db.begin_write().await.unwrap();
    let inst = orgs::create_institution(&mut tx, 0, "99ZZ", "ROC Test").await.unwrap();
    for i in 0..n {
        let cjp = format!("CJP-99{i:04}");
        let l = orgs::create_location(
            &mut tx,
            0,
            inst,
            &orgs::NewLocation {
                vestiging_number: &format!("{i:02}"),
                name: &format!("Test {i}"),
                street: "Weg 1",
                postcode: "1234 AB",
                city: "Ede",
                cjp_school_number: &cjp,
            },
        )
        .await
        .unwrap();
        people::assign_role(&mut tx, 0, s.holder, Role::BudgetHolder, &Scope::Location(l)).await.unwrap();
        out.push(l);
    }
    tx.commit().await.unwrap();
    for l in &out {
        budget::periods::set_student_count(&s.state, PersonId(1), *l, "2026-2027", 100, "test").await.unwrap();
        testing::taking_part(&s.state, *l).await;
    }
    out
}

#[tokio::test]
async fn an_order_within_the_duo_count_is_confirmed_by_mail_with_amount_and_deadline() {
    for db in testing::both().await {
        let s = school(db).await;
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "600", "400").await.unwrap();
        assert_eq!(order.amounts.invoice.to_string(), "10500.00");
        assert_eq!(order.amounts.collective_budget.to_string(), "12600.00");
        assert_eq!(order.status, OrderStatus::Submitted);
        let mail = &mail::list(&s.state.db, domain::PageRequest::new(1, 1), Some(HOLDER)).await.unwrap().rows[0];
        assert!(mail.body.contains("€ 10.500,00"), "{}", mail.body);
        assert!(mail.body.contains("04-12-2026 13:00"), "deadline in Amsterdam time: {}", mail.body);
        let too_many = budget::submit_order(&s.state, s.holder, HOLDER, s.amstelveen, "800", "61").await.unwrap_err();
        assert_eq!(too_many.problem_for("collective"), Some(Problem::MoreThanDuoCount));
        let second = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "1", "1").await.unwrap_err();
        assert_eq!(second, AppError::Conflict(Problem::OrderAlreadyOpen));
    }
}

#[tokio::test]
async fn amending_works_until_one_second_before_the_deadline_across_the_change_to_summer_time() {
    for db in testing::both().await {
        let s = school(db).await;
        // Thursday 2027-03-25 10:00 CET; the clocks go forward on Sunday 2027-03-28.
        let submitted = 1_805_965_200_000;
        s.clock.set(submitted);
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "100", "100").await.unwrap();
        let deadline = amendment_deadline(submitted, 5);
        assert_eq!(order.amend_deadline_ms, deadline);
        assert_eq!(domain::time::format_local(deadline), "30-03-2027 10:00");
        s.clock.set(deadline - 1000);
        let amended = budget::amend_order(&s.state, s.holder, HOLDER, &[s.zuid], order.id, "120", "80").await.unwrap();
        assert_eq!(amended.counts.collective, 120);
        s.clock.set(deadline + 1000);
        let late = budget::amend_order(&s.state, s.holder, HOLDER, &[s.zuid], order.id, "130", "70").await.unwrap_err();
        assert_eq!(late, AppError::Conflict(Problem::AmendmentWindowClosed));
        let late_withdraw = budget::withdraw_order(&s.state, s.holder, HOLDER, &[s.zuid], order.id).await.unwrap_err();
        assert_eq!(late_withdraw, AppError::Conflict(Problem::AmendmentWindowClosed));
        let stored = budget::order(&s.state.db, order.id, None).await.unwrap().unwrap();
        assert_eq!((stored.counts.collective, stored.status), (120, OrderStatus::Submitted));
    }
}

/// The automatic approval waits for the end of the amendment window: a millisecond before it
/// nothing is approved, at the deadline the order is, once.
#[tokio::test]
async fn automatic_approval_comes_at_the_deadline_and_not_a_millisecond_before() {
    for db in testing::both().await {
        let s = school(db).await;
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "100", "100").await.unwrap();
        let status = || async { budget::order(&s.state.db, order.id, None).await.unwrap().unwrap().status };
        s.clock.set(order.amend_deadline_ms - 1);
        assert_eq!(budget::approve_due(&s.state).await.unwrap(), 0);
        assert!(!budget::approve_order(&s.state, order.id, None, false).await.unwrap(), "not before the deadline");
        assert_eq!(status().await, OrderStatus::Submitted);
        s.clock.set(order.amend_deadline_ms);
        assert_eq!(budget::approve_due(&s.state).await.unwrap(), 1);
        assert_eq!(status().await, OrderStatus::Approved);
        assert_eq!(budget::approve_due(&s.state).await.unwrap(), 0, "once");
    }
}

/// Invoice numbers count per calendar year in Amsterdam: the last invoice of 2026 comes
/// straight after the ones before it, and the first at midnight on New Year's Eve (CET) is
/// CK-2027-000001.
#[tokio::test]
async fn invoice_numbers_start_again_at_one_when_the_year_changes_in_amsterdam() {
    for db in testing::both().await {
        let s = school(db).await;
        let extra = more_locations(&s, 3).await;
        // 2027-01-01 00:00 in Amsterdam is 2026-12-31 23:00 UTC.
        let new_year = 1_798_758_000_000;
        let mut numbers = Vec::new();
        for (i, location) in extra.iter().enumerate() {
            s.clock.set(if i < 2 { new_year - 2 + i64::try_from(i).unwrap() } else { new_year });
            let order = budget::submit_order(&s.state, s.holder, HOLDER, *location, "10", "0").await.unwrap();
            assert!(budget::approve_order(&s.state, order.id, Some(PersonId(1)), true).await.unwrap());
            numbers.push(budget::order(&s.state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap().number);
        }
        let before = sqlx::query("SELECT COUNT(*) AS n FROM invoices WHERE number LIKE 'CK-2026-%'")
            .fetch_one(&s.state.db.pool)
            .await
            .unwrap();
        let in_2026 = sqlx::Row::get::<i64, _>(&before, "n");
        assert_eq!(numbers[0], format!("CK-2026-{:06}", in_2026 - 1));
        assert_eq!(numbers[1], format!("CK-2026-{in_2026:06}"), "no gap");
        assert_eq!(numbers[2], "CK-2027-000001");
    }
}

#[tokio::test]
async fn a_withdrawn_order_makes_room_for_a_new_one_and_is_never_invoiced() {
    for db in testing::both().await {
        let s = school(db).await;
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "10", "0").await.unwrap();
        budget::withdraw_order(&s.state, s.holder, HOLDER, &[s.zuid], order.id).await.unwrap();
        s.clock.advance(6 * DAY_MS);
        assert_eq!(budget::approve_due(&s.state).await.unwrap(), 0);
        let again = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "20", "0").await.unwrap();
        assert_ne!(again.id, order.id);
    }
}

#[tokio::test]
async fn another_locations_order_cannot_be_touched() {
    for db in testing::both().await {
        let s = school(db).await;
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "10", "0").await.unwrap();
        let other = PersonId(999);
        assert_eq!(
            budget::amend_order(&s.state, other, "x@y.nl", &[s.amstelveen], order.id, "1", "1").await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            budget::withdraw_order(&s.state, other, "x@y.nl", &[s.amstelveen], order.id).await.unwrap_err(),
            AppError::NotFound
        );
        assert!(budget::order(&s.state.db, order.id, Some(&[s.amstelveen])).await.unwrap().is_none());
    }
}

/// Two approval workers at once (each a task on the multi-threaded runtime) approve each due
/// order exactly once: six orders, six invoices, two mails per order, nothing left.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_approval_workers_at_once_approve_each_order_once_with_one_invoice_and_one_mail() {
    for db in testing::both().await {
        let s = school(db).await;
        let locations = more_locations(&s, 6).await;
        for l in &locations {
            budget::submit_order(&s.state, s.holder, HOLDER, *l, "50", "50").await.unwrap();
        }
        s.clock.advance(5 * DAY_MS + 1);
        let mails_before = mail::list(&s.state.db, domain::PageRequest::new(1, 1), None).await.unwrap().total;
        let worker = || {
            let state = s.state.clone();
            tokio::spawn(async move { budget::approve_due(&state).await })
        };
        let (a, b) = (worker(), worker());
        assert_eq!(a.await.unwrap().unwrap() + b.await.unwrap().unwrap(), 6);
        let invoices: i64 =
            sqlx::Row::get(&sqlx::query("SELECT COUNT(*) AS n FROM invoices").fetch_one(&s.state.db.pool).await.unwrap(), "n");
        assert_eq!(invoices, 6);
        let mails_after = mail::list(&s.state.db, domain::PageRequest::new(1, 1), None).await.unwrap().total;
        assert_eq!(
            mails_after - mails_before,
            12,
            "per order one invoice mail to the invoice address and one to its budget holder"
        );
        assert_eq!(budget::approve_due(&s.state).await.unwrap(), 0);
    }
}

/// Ten approvals at once (each a task on the multi-threaded runtime) give ten invoices
/// numbered 1 to 10 of the year: no gap, no number twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn invoice_numbers_are_gap_free_and_unique_under_concurrent_approvals() {
    for db in testing::both().await {
        let s = school(db).await;
        let locations = more_locations(&s, 10).await;
        let mut ids = Vec::new();
        for l in &locations {
            ids.push(budget::submit_order(&s.state, s.holder, HOLDER, *l, "10", "0").await.unwrap().id);
        }
        let approvals: Vec<_> = ids
            .iter()
            .map(|id| {
                let (state, id) = (s.state.clone(), *id);
                tokio::spawn(async move { budget::approve_order(&state, id, Some(PersonId(1)), true).await })
            })
            .collect();
        let mut results = Vec::new();
        for approval in approvals {
            results.push(approval.await.unwrap());
        }
        assert!(results.iter().all(|r| matches!(r, Ok(true))), "{results:?}");
        let rows = sqlx::query("SELECT number FROM invoices ORDER BY number").fetch_all(&s.state.db.pool).await.unwrap();
        let numbers: Vec<String> = rows.iter().map(|r| sqlx::Row::get(r, "number")).collect();
        let expected: Vec<String> = (1..=10).map(|n| format!("CK-2026-{n:06}")).collect();
        assert_eq!(numbers, expected);
    }
}

#[tokio::test]
async fn a_full_payment_releases_the_budget_once_and_a_partial_one_does_not() {
    for db in testing::both().await {
        let s = school(db).await;
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "300", "200").await.unwrap();
        assert!(budget::approve_order(&s.state, order.id, Some(PersonId(1)), true).await.unwrap());
        assert!(!budget::approve_order(&s.state, order.id, Some(PersonId(1)), true).await.unwrap(), "approved once");
        let invoice = budget::order(&s.state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap();
        assert_eq!(invoice.amount.to_string(), "5250.00");
        let period = budget::periods::open_period(&s.state.db, "2026-11-29").await.unwrap().unwrap().id;

        let part = budget::payments::register_payment(
            &s.state,
            None,
            invoice.id,
            Money::parse("5000.00").unwrap(),
            "2026-12-01",
            "deel 1",
            "manual",
        )
        .await
        .unwrap();
        assert_eq!(part, PaymentOutcome::Partial);
        assert_eq!(budget::payments::summary(&s.state.db, s.zuid, period).await.unwrap().available, Money::ZERO);

        let rest = budget::payments::register_payment(
            &s.state,
            None,
            invoice.id,
            Money::parse("250.00").unwrap(),
            "2026-12-02",
            "deel 2",
            "manual",
        )
        .await
        .unwrap();
        assert_eq!(rest, PaymentOutcome::Released);
        let summary = budget::payments::summary(&s.state.db, s.zuid, period).await.unwrap();
        assert_eq!(summary.available.to_string(), "6300.00");
        assert_eq!(summary.individual_pool.to_string(), "4200.00");
        assert_eq!(summary.paid.to_string(), "5250.00");

        let extra = budget::payments::register_payment(
            &s.state,
            None,
            invoice.id,
            Money::parse("10.00").unwrap(),
            "2026-12-03",
            "dubbel",
            "manual",
        )
        .await
        .unwrap();
        assert_eq!(extra, PaymentOutcome::Overpaid);
        assert_eq!(
            budget::payments::summary(&s.state.db, s.zuid, period).await.unwrap().available.to_string(),
            "6300.00",
            "released once"
        );
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
        let history = budget::payments::ledger_history(&s.state.db, s.zuid, domain::PageRequest::new(1, 10)).await.unwrap();
        assert_eq!(history.total, 2);
    }
}

/// A typed-in payment above what is still open is refused until the operator confirms it
/// (nothing stored); up to the open amount needs no confirmation; confirmed, it is recorded
/// and shown as paid too much.
#[tokio::test]
async fn a_typed_payment_above_the_open_amount_needs_a_confirmation() {
    for db in testing::both().await {
        let s = school(db).await;
        let order = budget::submit_order(&s.state, s.holder, HOLDER, s.zuid, "10", "0").await.unwrap();
        assert!(budget::approve_order(&s.state, order.id, Some(PersonId(1)), true).await.unwrap());
        let invoice = budget::order(&s.state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap();
        assert_eq!(invoice.amount.to_string(), "105.00");
        let pay = |amount: &'static str, confirmed: bool| {
            let state = s.state.clone();
            async move {
                budget::payments::register_manual_payment(
                    &state,
                    PersonId(1),
                    invoice.id,
                    Money::parse(amount).unwrap(),
                    "2026-11-28",
                    "ref",
                    confirmed,
                )
                .await
            }
        };
        let payments = |state: AppState| async move {
            let r = sqlx::query("SELECT COUNT(*) AS n FROM payments").fetch_one(&state.db.pool).await.unwrap();
            sqlx::Row::get::<i64, _>(&r, "n")
        };
        for amount in ["105.01", "1050.00", "10500.00"] {
            let refused = pay(amount, false).await.unwrap_err();
            assert_eq!(refused.problem_for("amount"), Some(Problem::PaymentAboveOutstanding), "{amount}");
        }
        assert_eq!(payments(s.state.clone()).await, 0, "nothing stored");
        // Paid on a day still to come: refused with that said, nothing stored.
        let future = budget::payments::register_manual_payment(
            &s.state,
            PersonId(1),
            invoice.id,
            Money::parse("10.00").unwrap(),
            "2026-11-30",
            "ref",
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(future.problem_for("paid_on"), Some(Problem::DateInFuture));
        assert_eq!(payments(s.state.clone()).await, 0, "nothing stored");
        assert_eq!(pay("100.00", false).await.unwrap(), PaymentOutcome::Partial);
        let refused = pay("5.01", false).await.unwrap_err();
        assert_eq!(refused.problem_for("amount"), Some(Problem::PaymentAboveOutstanding), "the open amount is now 5.00");
        assert_eq!(pay("5.00", false).await.unwrap(), PaymentOutcome::Released);
        assert_eq!(pay("0.01", true).await.unwrap(), PaymentOutcome::Overpaid, "confirmed: recorded, shown as paid too much");
        assert_eq!(payments(s.state.clone()).await, 3);
        assert_eq!(pay("1.00", false).await.unwrap_err().problem_for("amount"), Some(Problem::PaymentAboveOutstanding));
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_ledger_refuses_unbalanced_postings_overdrafts_and_edits() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let mut tx = state.db.begin_write().await.unwrap();
        let inst = orgs::create_institution(&mut tx, 0, "11AA", "ROC").await.unwrap();
        let location = orgs::NewLocation {
            vestiging_number: "00",
            name: "L",
            street: "S",
            postcode: "1234 AB",
            city: "C",
            cjp_school_number: "CJP-1",
        };
        let l = orgs::create_location(&mut tx, 0, inst, &location).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = state.db.begin_write().await.unwrap();
        let funding = ledger::account(&mut tx, AccountKind::Funding, None, None).await.unwrap();
        let budget_acc = ledger::account(&mut tx, AccountKind::LocationBudget, Some(l), None).await.unwrap();
        assert!(matches!(
            ledger::post(&mut tx, 0, None, "x", "r", None, &[(funding, -100), (budget_acc, 99)]).await,
            Err(LedgerError::Unbalanced)
        ));
        ledger::post(&mut tx, 0, None, "release", "r1", Some("k1"), &[(funding, -100), (budget_acc, 100)]).await.unwrap();
        assert!(matches!(
            ledger::post(&mut tx, 0, None, "spend", "r2", None, &[(budget_acc, -101), (funding, 101)]).await,
            Err(LedgerError::Insufficient)
        ));
        tx.rollback().await.unwrap();

        let mut tx = state.db.begin_write().await.unwrap();
        let funding = ledger::account(&mut tx, AccountKind::Funding, None, None).await.unwrap();
        let budget_acc = ledger::account(&mut tx, AccountKind::LocationBudget, Some(l), None).await.unwrap();
        ledger::post(&mut tx, 0, None, "release", "r1", Some("k1"), &[(funding, -100), (budget_acc, 100)]).await.unwrap();
        assert!(matches!(
            ledger::post(&mut tx, 0, None, "release", "r1", Some("k1"), &[(funding, -100), (budget_acc, 100)]).await,
            Err(LedgerError::Duplicate)
        ));
        tx.rollback().await.unwrap();
        let mut tx = state.db.begin_write().await.unwrap();
        let funding = ledger::account(&mut tx, AccountKind::Funding, None, None).await.unwrap();
        let budget_acc = ledger::account(&mut tx, AccountKind::LocationBudget, Some(l), None).await.unwrap();
        ledger::post(&mut tx, 0, None, "release", "r1", Some("k1"), &[(funding, -100), (budget_acc, 100)]).await.unwrap();
        tx.commit().await.unwrap();
        assert!(sqlx::query("UPDATE ledger_entries SET amount_cents = 1").execute(&state.db.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM ledger_transactions").execute(&state.db.pool).await.is_err());
        assert!(
            sqlx::query("UPDATE ledger_accounts SET balance_cents = -1 WHERE kind = 'location_budget'")
                .execute(&state.db.pool)
                .await
                .is_err(),
            "the CHECK is the backstop"
        );
        assert!(ledger::verify(&state.db).await.unwrap().is_empty());
    }
}

/// A seeded random walk through orders, amendments, withdrawals, approvals and payments; after
/// every step the ledger balances and the released budget equals a simple model's.
#[tokio::test]
async fn the_ledger_invariants_hold_after_every_step_of_a_random_sequence() {
    for db in testing::both().await {
        let s = school(db).await;
        let locations = more_locations(&s, 4).await;
        let period = budget::periods::open_period(&s.state.db, "2026-11-29").await.unwrap().unwrap().id;
        let mut seed: u64 = 0x5eed_cafe;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        // The model: the collective budget each location should have available.
        let mut expected: std::collections::HashMap<LocationId, i64> = locations.iter().map(|l| (*l, 0)).collect();
        for _step in 0..60 {
            let l = locations[usize::try_from(next(4)).unwrap()];
            let orders = budget::orders_of(&s.state.db, &[l]).await.unwrap();
            let open = orders.iter().find(|o| matches!(o.status, OrderStatus::Submitted | OrderStatus::Approved));
            match (next(5), open) {
                (0, None) => {
                    let c = next(60).to_string();
                    let i = next(40).to_string();
                    let _ = budget::submit_order(&s.state, s.holder, HOLDER, l, &c, &i).await;
                }
                (1, Some(o)) if o.status == OrderStatus::Submitted => {
                    let _ =
                        budget::amend_order(&s.state, s.holder, HOLDER, &[l], o.id, &next(60).to_string(), &next(40).to_string())
                            .await;
                }
                (2, Some(o)) if o.status == OrderStatus::Submitted && next(3) == 0 => {
                    budget::withdraw_order(&s.state, s.holder, HOLDER, &[l], o.id).await.unwrap();
                }
                (3, Some(o)) if o.status == OrderStatus::Submitted => {
                    assert!(budget::approve_order(&s.state, o.id, None, true).await.unwrap());
                }
                (4, Some(o)) if o.status == OrderStatus::Approved => {
                    let inv = o.invoice.clone().unwrap();
                    let pay = if next(2) == 0 {
                        inv.outstanding()
                    } else {
                        Money::from_cents(inv.outstanding().cents() / 2 + 1).unwrap()
                    };
                    if pay.cents() > 0 {
                        let outcome =
                            budget::payments::register_payment(&s.state, None, inv.id, pay, "2026-12-01", "x", "manual")
                                .await
                                .unwrap();
                        if outcome == PaymentOutcome::Released {
                            *expected.get_mut(&l).unwrap() += o.amounts.collective_budget.cents();
                        }
                    }
                }
                _ => {}
            }
            assert_eq!(ledger::verify(&s.state.db).await.unwrap(), Vec::<String>::new());
            for (loc, cents) in &expected {
                assert_eq!(budget::payments::summary(&s.state.db, *loc, period).await.unwrap().available.cents(), *cents);
            }
        }
        assert!(expected.values().any(|c| *c > 0), "the walk released budget at least once");
    }
}
