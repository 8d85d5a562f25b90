//! Weborders, holds and payouts on SQLite and PostgreSQL: approval debits the budget exactly
//! once under races and retries, undo and cancel put the money back through the ledger, holds
//! earmark and return budget, and payout batches produce a valid SEPA file whose sums equal
//! the ledger, with no weborder paid twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::offer::OfferForm;
use domain::offer::OfferStatus;
use domain::weborder::{WeborderForm, WeborderStatus};
use domain::{AppError, Email, LocationId, PageRequest, PersonId, ProviderId};
use services::budget::ledger::{self, AccountKind};
use services::market::approvals::{self, Approval};
use services::market::weborders::{self, Viewer};
use services::platform::clock::HOUR_MS;
use services::{
    accounts::people, budget, budget::holds, demo, market::offers, market::payouts, market::providers, platform::mail, testing,
    AppState, ManualClock,
};
use std::sync::Arc;

struct Market {
    state: AppState,
    clock: Arc<ManualClock>,
    admin: PersonId,
    holder: PersonId,
    zuid: LocationId,
    amstelveen: LocationId,
    kolk: ProviderId,
    kolk_user: PersonId,
    offer: i64,
}

async fn person(state: &AppState, email: &str) -> PersonId {
    people::account_by_email(&state.db, &Email::parse(email).unwrap()).await.unwrap().unwrap().id
}

async fn location(state: &AppState, cjp: &str) -> LocationId {
    weborders::school_by_cjp(state, cjp).await.unwrap().unwrap().0
}

async fn provider_named(state: &AppState, name: &str) -> ProviderId {
    let r = sqlx::query("SELECT id FROM providers WHERE name = $1").bind(name).fetch_one(&state.db.pool).await.unwrap();
    ProviderId(sqlx::Row::get::<i64, _>(&r, "id"))
}

fn offer_form(title: &str) -> OfferForm {
    OfferForm {
        title: title.into(),
        description: "Een voorstelling met nagesprek voor mbo-klassen.".into(),
        disciplines: "theatre".into(),
        levels: "2,3,4".into(),
        format: "venue".into(),
        street: "Kolkstraat 1".into(),
        postcode: "1012 AB".into(),
        city: "Amsterdam".into(),
        region: "NH".into(),
        duration_minutes: "90".into(),
        price: "12,50".into(),
        price_unit: "student".into(),
        capacity: "120".into(),
        ..Default::default()
    }
}

/// A published offer of `provider`, made through the service as the provider would.
async fn published_offer(state: &AppState, actor: PersonId, provider: ProviderId, title: &str) -> i64 {
    let id = offers::save(state, actor, provider, None, &offer_form(title).parse().unwrap()).await.unwrap();
    offers::set_status(state, actor, provider, id, OfferStatus::Published).await.unwrap();
    id
}

/// Puts `cents` on a location's budget for the open period through the ledger, as a paid
/// budget order would.
async fn fund(state: &AppState, location: LocationId, cents: i64) {
    let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
    let mut tx = state.db.begin_write().await.unwrap();
    let funding = ledger::account(&mut tx, AccountKind::Funding, None, Some(period)).await.unwrap();
    let account = ledger::account(&mut tx, AccountKind::LocationBudget, Some(location), Some(period)).await.unwrap();
    ledger::post(&mut tx, 0, None, "budget_released", "test", None, &[(funding, -cents), (account, cents)]).await.unwrap();
    tx.commit().await.unwrap();
}

async fn available(state: &AppState, location: LocationId) -> i64 {
    let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
    budget::payments::summary(&state.db, location, period).await.unwrap().available.cents()
}

async fn market(db: services::Db) -> Market {
    let (state, clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let admin = person(&state, "beheer@cultuurkaart.demo").await;
    let holder = person(&state, "budgethouder@roc-amstelland.demo").await;
    let kolk_user = person(&state, "aanbieder@theaterdekolk.demo").await;
    let kolk = provider_named(&state, "Theater De Kolk").await;
    let offer = published_offer(&state, kolk_user, kolk, "Voorstelling De Storm").await;
    providers::request_iban(&state, kolk_user, kolk, "NL91ABNA0417164300", "Stichting Theater De Kolk").await.unwrap();
    providers::decide_iban(&state, admin, kolk, true, "checked").await.unwrap();
    let zuid = location(&state, "CJP-250001").await;
    let amstelveen = location(&state, "CJP-250002").await;
    Market { state, clock, admin, holder, zuid, amstelveen, kolk, kolk_user, offer }
}

fn form(m: &Market, cents: i64, key: &str) -> WeborderForm {
    WeborderForm {
        cjp_school_number: "CJP-250001".into(),
        offer_id: m.offer.to_string(),
        activity_date: "2027-03-15".into(),
        students: "25".into(),
        amount: format!("{}.{:02}", cents / 100, cents % 100),
        teacher_name: "Sanne de Vries".into(),
        teacher_email: "docentplus@roc-amstelland.demo".into(),
        client_key: key.into(),
        request_id: String::new(),
    }
}

async fn weborder(m: &Market, cents: i64) -> i64 {
    weborders::create(&m.state, m.kolk, Some(m.kolk_user), &form(m, cents, "").parse().unwrap()).await.unwrap().0
}

async fn assert_ledger_balances(state: &AppState) {
    assert_eq!(ledger::verify(&state.db).await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn approval_debits_the_budget_at_once_and_tells_the_provider() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 100_000).await;
        let id = weborder(&m, 31_250).await;
        let holder_mail =
            &mail::list(&m.state.db, PageRequest::new(1, 1), Some("budgethouder@roc-amstelland.demo")).await.unwrap().rows[0];
        assert!(
            holder_mail.body.contains("Voorstelling De Storm") && holder_mail.body.contains("312.50"),
            "{}",
            holder_mail.body
        );
        let outcome = approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "k1").await.unwrap();
        assert_eq!(outcome, Approval::Approved);
        assert_eq!(available(&m.state, m.zuid).await, 100_000 - 31_250);
        let w = weborders::weborder(&m.state, &Viewer::Provider(m.kolk), id).await.unwrap();
        assert_eq!(w.status, WeborderStatus::Approved);
        assert_eq!(w.cooling_until_ms, Some(testing::TEST_NOW_MS + 48 * HOUR_MS));
        let provider_mail =
            &mail::list(&m.state.db, PageRequest::new(1, 1), Some("aanbieder@theaterdekolk.demo")).await.unwrap().rows[0];
        assert!(provider_mail.subject.contains("goedgekeurd"), "{}", provider_mail.subject);
        let history = weborders::history(&m.state, &Viewer::School(vec![m.zuid]), id).await.unwrap();
        assert_eq!(history.iter().map(|h| h.to).collect::<Vec<_>>(), vec![WeborderStatus::Pending, WeborderStatus::Approved]);
        assert_ledger_balances(&m.state).await;
    }
}

/// A provider withdraws its own weborder while the school has not decided: it is cancelled,
/// no money moves, the budget holder and the teacher are told, and the school can no longer
/// approve it. Another provider cannot, and an approved one is cancelled the usual way.
#[tokio::test]
async fn a_provider_withdraws_its_pending_weborder_and_the_school_is_told() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 100_000).await;
        let id = weborder(&m, 31_250).await;
        let vonk = provider_named(&m.state, "Poppodium De Vonk").await;
        let err = weborders::withdraw(&m.state, m.kolk_user, vonk, id, "niet van ons").await.unwrap_err();
        assert_eq!(err, AppError::NotFound);
        let err = weborders::withdraw(&m.state, m.kolk_user, m.kolk, id, "  ").await.unwrap_err();
        assert_eq!(err.problem_for("reason"), Some(Problem::Required));
        weborders::withdraw(&m.state, m.kolk_user, m.kolk, id, "Voorstelling gaat niet door").await.unwrap();
        let w = weborders::weborder(&m.state, &Viewer::Operator, id).await.unwrap();
        assert_eq!(w.status, WeborderStatus::Cancelled);
        assert_eq!(available(&m.state, m.zuid).await, 100_000, "no money moved");
        let err = approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "late").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::WeborderNotPending));
        let told =
            &mail::list(&m.state.db, PageRequest::new(1, 1), Some("budgethouder@roc-amstelland.demo")).await.unwrap().rows[0];
        assert!(
            told.subject.starts_with("Weborder ingetrokken") && told.body.contains("Voorstelling gaat niet door"),
            "{told:?}"
        );
        let teacher = &mail::list(&m.state.db, PageRequest::new(1, 1), Some(&w.teacher_email)).await.unwrap().rows[0];
        assert!(teacher.subject.starts_with("Weborder ingetrokken"), "{teacher:?}");
        // Withdrawn once: a second try finds nothing left to withdraw.
        let again = weborders::withdraw(&m.state, m.kolk_user, m.kolk, id, "nogmaals").await.unwrap_err();
        assert_eq!(again, AppError::Conflict(Problem::WeborderNotPending));
        // An approved weborder is not withdrawn: the school decided; it is cancelled instead.
        let approved = weborder(&m, 1_000).await;
        approvals::approve(&m.state, m.holder, &[m.zuid], approved, None, "k").await.unwrap();
        let err = weborders::withdraw(&m.state, m.kolk_user, m.kolk, approved, "te laat").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::WeborderNotPending));
        let history = weborders::history(&m.state, &Viewer::Provider(m.kolk), id).await.unwrap();
        assert_eq!(history.iter().map(|h| h.to).collect::<Vec<_>>(), vec![WeborderStatus::Pending, WeborderStatus::Cancelled]);
        assert_ledger_balances(&m.state).await;
    }
}

#[tokio::test]
async fn an_approval_the_budget_cannot_cover_is_refused_and_changes_nothing() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 10_000).await;
        let id = weborder(&m, 10_001).await;
        let err = approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "k").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::InsufficientBudget));
        assert_eq!(available(&m.state, m.zuid).await, 10_000);
        let w = weborders::weborder(&m.state, &Viewer::Operator, id).await.unwrap();
        assert_eq!(w.status, WeborderStatus::Pending, "still waiting for a decision");
        assert_ledger_balances(&m.state).await;
    }
}

/// Two hundred approvals of 25 € against a budget of 100 × 25 €, each a task on the
/// multi-threaded runtime: exactly a hundred are approved, a hundred refused for the budget,
/// nothing is left and the ledger balances.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_racing_approvals_spend_exactly_the_budget() {
    for db in testing::both().await {
        let m = Arc::new(market(db).await);
        fund(&m.state, m.zuid, 100 * 2_500).await;
        let mut ids = Vec::new();
        for _ in 0..200 {
            ids.push(weborder(&m, 2_500).await);
        }
        let tasks: Vec<_> = ids
            .iter()
            .map(|id| {
                let (m, id) = (m.clone(), *id);
                tokio::spawn(
                    async move { approvals::approve(&m.state, m.holder, &[m.zuid], id, None, &format!("key-{id}")).await },
                )
            })
            .collect();
        let (mut approved, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(Approval::Approved) => approved += 1,
                Err(AppError::Conflict(Problem::InsufficientBudget)) => refused += 1,
                other => panic!("unexpected outcome {other:?} on {:?}", m.state.db.backend),
            }
        }
        assert_eq!((approved, refused), (100, 100), "{:?}", m.state.db.backend);
        assert_eq!(available(&m.state, m.zuid).await, 0);
        let page =
            weborders::list(&m.state, &Viewer::School(vec![m.zuid]), Some(WeborderStatus::Approved), PageRequest::new(1, 10))
                .await
                .unwrap();
        assert_eq!(page.total, 100);
        assert_ledger_balances(&m.state).await;
    }
}

/// Ten retries of one click (same key) at once, each a task on the multi-threaded runtime:
/// one approval, nine answers that it is done, one debit; another click is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retries_with_the_same_key_debit_once() {
    for db in testing::both().await {
        let m = Arc::new(market(db).await);
        fund(&m.state, m.zuid, 50_000).await;
        let id = weborder(&m, 20_000).await;
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let m = m.clone();
                tokio::spawn(async move { approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "same-click").await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for t in tasks {
            outcomes.push(t.await.unwrap().unwrap());
        }
        assert_eq!(outcomes.iter().filter(|o| **o == Approval::Approved).count(), 1);
        assert_eq!(outcomes.iter().filter(|o| **o == Approval::AlreadyDone).count(), 9);
        assert_eq!(available(&m.state, m.zuid).await, 30_000);
        // A second, different click on a decided weborder is a clear refusal.
        let err = approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "other-click").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::WeborderNotPending));
    }
}

/// Approvals that arrive together (each a task on the multi-threaded runtime, so they are
/// written together, in an order nobody chooses) are each decided on their own: a retry, a
/// foreign, unknown or decided weborder, a missing hold and the budget each give their own
/// answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn approvals_arriving_together_are_each_decided_on_their_own() {
    for db in testing::both().await {
        let m = Arc::new(market(db).await);
        fund(&m.state, m.zuid, 10_000).await;
        // a (30 €) fits beside either of b (60 €) and c (50 €), but b and c do not fit together:
        // the answers below hold whichever of them arrives first.
        let (a, b, c) = (weborder(&m, 3_000).await, weborder(&m, 6_000).await, weborder(&m, 5_000).await);
        let rejected = weborder(&m, 1_000).await;
        weborders::reject(&m.state, m.holder, &[m.zuid], rejected, "niet nodig").await.unwrap();
        let mut elsewhere = form(&m, 1_000, "");
        elsewhere.cjp_school_number = "CJP-250002".into();
        let elsewhere = weborders::create(&m.state, m.kolk, Some(m.kolk_user), &elsewhere.parse().unwrap()).await.unwrap().0;
        let with_gone_hold = weborder(&m, 1_000).await;
        // All at once, so they are written together: a retry of a, a foreign and an unknown
        // weborder, a decided one and a hold that does not exist.
        let asks: Vec<(i64, Option<i64>, String)> = vec![
            (a, None, "a".into()),
            (a, None, "a".into()),
            (b, None, "b".into()),
            (c, None, "c".into()),
            (elsewhere, None, "x".into()),
            (rejected, None, "r".into()),
            (999_999, None, "n".into()),
            (with_gone_hold, Some(999_999), "h".into()),
        ];
        let tasks: Vec<_> = asks
            .into_iter()
            .map(|(id, hold, key)| {
                let m = m.clone();
                tokio::spawn(async move { approvals::approve(&m.state, m.holder, &[m.zuid], id, hold, &key).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for t in tasks {
            outcomes.push(t.await.unwrap());
        }
        let backend = m.state.db.backend;
        let a_approved = outcomes[..2].iter().filter(|o| **o == Ok(Approval::Approved)).count();
        let a_done = outcomes[..2].iter().filter(|o| **o == Ok(Approval::AlreadyDone)).count();
        assert_eq!((a_approved, a_done), (1, 1), "the same click twice debits once ({backend:?}): {outcomes:?}");
        // Of b (60 €) and c (50 €) only one fits in the 70 € that a left.
        let approved_bc = [&outcomes[2], &outcomes[3]].iter().filter(|o| ***o == Ok(Approval::Approved)).count();
        let refused_bc =
            [&outcomes[2], &outcomes[3]].iter().filter(|o| ***o == Err(AppError::Conflict(Problem::InsufficientBudget))).count();
        assert_eq!((approved_bc, refused_bc), (1, 1), "{backend:?}: {outcomes:?}");
        assert_eq!(outcomes[4], Err(AppError::NotFound), "another location's weborder does not exist for this holder");
        assert_eq!(outcomes[5], Err(AppError::Conflict(Problem::WeborderNotPending)));
        assert_eq!(outcomes[6], Err(AppError::NotFound));
        assert_eq!(outcomes[7], Err(AppError::Conflict(Problem::HoldNotActive)));
        let spent = 3_000 + if outcomes[2].is_ok() { 6_000 } else { 5_000 };
        assert_eq!(available(&m.state, m.zuid).await, 10_000 - spent);
        for (id, approved) in [(a, true), (b, outcomes[2].is_ok()), (c, outcomes[3].is_ok()), (with_gone_hold, false)] {
            let w = weborders::weborder(&m.state, &Viewer::Operator, id).await.unwrap();
            let expected = if approved { WeborderStatus::Approved } else { WeborderStatus::Pending };
            assert_eq!(w.status, expected, "weborder {id} on {backend:?}");
            let history = weborders::history(&m.state, &Viewer::Operator, id).await.unwrap();
            assert_eq!(history.len(), if approved { 2 } else { 1 }, "one history line per change");
        }
        let to_provider = mail::list(&m.state.db, PageRequest::new(1, 50), Some("aanbieder@theaterdekolk.demo")).await.unwrap();
        let approval_mails = to_provider.rows.iter().filter(|r| r.subject.contains("goedgekeurd")).count();
        assert_eq!(approval_mails, 2, "one mail per approval");
        assert_ledger_balances(&m.state).await;
    }
}

#[tokio::test]
async fn a_weborder_of_a_provider_rejected_since_cannot_be_approved_only_rejected() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 50_000).await;
        let id = weborder(&m, 5_000).await;
        providers::decide(&m.state, m.admin, m.kolk, false, "KvK-inschrijving klopt niet").await.unwrap();
        let err = approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "k").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::ProviderNoLongerApproved), "{:?}", m.state.db.backend);
        assert_eq!(available(&m.state, m.zuid).await, 50_000, "nothing was debited");
        weborders::reject(&m.state, m.holder, &[m.zuid], id, "aanbieder afgewezen").await.unwrap();
        let w = weborders::weborder(&m.state, &Viewer::Operator, id).await.unwrap();
        assert_eq!(w.status, WeborderStatus::Rejected);
        assert_ledger_balances(&m.state).await;
    }
}

/// Undo racing cancel, then approve racing reject, for twenty weborders (each a task on the
/// multi-threaded runtime): one wins each time and the money moves once each way.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_undo_cancel_and_approve_move_the_money_once_each() {
    for db in testing::both().await {
        let m = Arc::new(market(db).await);
        fund(&m.state, m.zuid, 100_000).await;
        let mut ids = Vec::new();
        for _ in 0..20 {
            let id = weborder(&m, 1_000).await;
            approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "first").await.unwrap();
            ids.push(id);
        }
        assert_eq!(available(&m.state, m.zuid).await, 80_000);
        // For each weborder the budget holder undoes while the provider cancels, at once.
        let mut tasks = Vec::new();
        for id in &ids {
            let (a, b, id) = (m.clone(), m.clone(), *id);
            tasks.push(tokio::spawn(async move {
                weborders::undo_approval(&a.state, a.holder, &[a.zuid], id, "verkeerd").await.is_ok()
            }));
            tasks.push(tokio::spawn(async move {
                weborders::cancel(&b.state, b.kolk_user, &Viewer::Provider(b.kolk), id, "gaat niet door").await.is_ok()
            }));
        }
        let mut wins = 0;
        for t in tasks {
            wins += usize::from(t.await.unwrap());
        }
        assert_eq!(wins, 20, "exactly one of undo and cancel wins per weborder");
        assert_eq!(available(&m.state, m.zuid).await, 100_000, "every euro came back exactly once");
        // Approve again what was undone, racing a rejection: one decision wins each time.
        let pending =
            weborders::list(&m.state, &Viewer::School(vec![m.zuid]), Some(WeborderStatus::Pending), PageRequest::new(1, 100))
                .await
                .unwrap();
        let mut tasks = Vec::new();
        for w in &pending.rows {
            let (a, b, id) = (m.clone(), m.clone(), w.id);
            tasks.push(tokio::spawn(async move {
                approvals::approve(&a.state, a.holder, &[a.zuid], id, None, "again").await.is_ok()
            }));
            tasks.push(tokio::spawn(
                async move { weborders::reject(&b.state, b.holder, &[b.zuid], id, "toch niet").await.is_ok() },
            ));
        }
        let mut decided = 0;
        for t in tasks {
            decided += usize::from(t.await.unwrap());
        }
        assert_eq!(decided, pending.rows.len());
        let approved =
            weborders::list(&m.state, &Viewer::School(vec![m.zuid]), Some(WeborderStatus::Approved), PageRequest::new(1, 100))
                .await
                .unwrap();
        assert_eq!(available(&m.state, m.zuid).await, 100_000 - 1_000 * approved.total);
        assert_ledger_balances(&m.state).await;
    }
}

#[tokio::test]
async fn an_approval_can_be_undone_during_the_cooling_off_period_only() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 50_000).await;
        let a = weborder(&m, 5_000).await;
        let b = weborder(&m, 7_000).await;
        approvals::approve(&m.state, m.holder, &[m.zuid], a, None, "a").await.unwrap();
        approvals::approve(&m.state, m.holder, &[m.zuid], b, None, "b").await.unwrap();
        m.clock.advance(47 * HOUR_MS);
        weborders::undo_approval(&m.state, m.holder, &[m.zuid], a, "verkeerde klas").await.unwrap();
        assert_eq!(weborders::weborder(&m.state, &Viewer::Operator, a).await.unwrap().status, WeborderStatus::Pending);
        m.clock.advance(2 * HOUR_MS);
        let err = weborders::undo_approval(&m.state, m.holder, &[m.zuid], b, "te laat").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::CoolingOffOver));
        assert_eq!(available(&m.state, m.zuid).await, 50_000 - 7_000);
        // Without a reason nothing happens.
        let err = weborders::cancel(&m.state, m.holder, &Viewer::School(vec![m.zuid]), b, "  ").await.unwrap_err();
        assert_eq!(err.problem_for("reason"), Some(Problem::Required));
    }
}

#[tokio::test]
async fn a_weborder_nobody_decides_on_expires_at_its_deadline() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 50_000).await;
        let id = weborder(&m, 5_000).await;
        m.clock.advance(14 * 24 * HOUR_MS - 1);
        assert_eq!(weborders::expire_due(&m.state).await.unwrap(), 0);
        m.clock.advance(1);
        let err = approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "late").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::DecisionDeadlinePassed));
        assert_eq!(weborders::expire_due(&m.state).await.unwrap(), 1);
        assert_eq!(weborders::expire_due(&m.state).await.unwrap(), 0, "once");
        assert_eq!(weborders::weborder(&m.state, &Viewer::Operator, id).await.unwrap().status, WeborderStatus::Expired);
        assert_eq!(available(&m.state, m.zuid).await, 50_000);
    }
}

#[tokio::test]
async fn nobody_sees_or_decides_on_another_tenants_weborders() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 50_000).await;
        let id = weborder(&m, 5_000).await;
        let vonk = provider_named(&m.state, "Poppodium De Vonk").await;
        assert_eq!(weborders::weborder(&m.state, &Viewer::Provider(vonk), id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(weborders::weborder(&m.state, &Viewer::School(vec![m.amstelveen]), id).await.unwrap_err(), AppError::NotFound);
        let err = approvals::approve(&m.state, m.holder, &[m.amstelveen], id, None, "x").await.unwrap_err();
        assert_eq!(err, AppError::NotFound);
        let other = weborders::list(&m.state, &Viewer::Provider(vonk), None, PageRequest::new(1, 10)).await.unwrap();
        assert_eq!(other.total, 0);
        // A provider cannot make a weborder for another provider's offer.
        let mut f = form(&m, 1_000, "");
        f.offer_id = m.offer.to_string();
        let err = weborders::create(&m.state, vonk, None, &f.parse().unwrap()).await.unwrap_err();
        assert_eq!(err.problem_for("offer_id"), Some(Problem::UnknownOffer));
    }
}

#[tokio::test]
async fn a_provider_system_retrying_a_weborder_creates_it_once_and_unknown_schools_are_named() {
    for db in testing::both().await {
        let m = market(db).await;
        let w = form(&m, 1_000, "ticket-778").parse().unwrap();
        let (first, created) = weborders::create(&m.state, m.kolk, None, &w).await.unwrap();
        let (again, created_again) = weborders::create(&m.state, m.kolk, None, &w).await.unwrap();
        assert!(created && !created_again);
        assert_eq!(first, again);
        let mut f = form(&m, 1_000, "");
        f.cjp_school_number = "CJP-000000".into();
        let err = weborders::create(&m.state, m.kolk, None, &f.parse().unwrap()).await.unwrap_err();
        assert_eq!(err.problem_for("cjp_school_number"), Some(Problem::UnknownSchool));
    }
}

#[tokio::test]
async fn a_hold_earmarks_budget_pays_a_weborder_first_and_returns_the_rest() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 100_000).await;
        // A day that has passed is named as such, not as a wrongly written date.
        let err = holds::create(&m.state, m.holder, m.zuid, "300", "Theaterbezoek klas 2B", "2026-11-28").await.unwrap_err();
        assert_eq!(err.problem_for("expires_on"), Some(Problem::DateInPast));
        let err = holds::create(&m.state, m.holder, m.zuid, "300", "Theaterbezoek klas 2B", "31-03-2027").await.unwrap_err();
        assert_eq!(err.problem_for("expires_on"), Some(Problem::NotADate));
        let hold = holds::create(&m.state, m.holder, m.zuid, "300", "Theaterbezoek klas 2B", "2027-03-31").await.unwrap();
        assert_eq!(available(&m.state, m.zuid).await, 70_000);
        let err = holds::create(&m.state, m.holder, m.zuid, "800", "Te veel", "2027-03-31").await.unwrap_err();
        assert_eq!(err.problem_for("amount"), Some(Problem::InsufficientBudget));
        let id = weborder(&m, 25_000).await;
        approvals::approve(&m.state, m.holder, &[m.zuid], id, Some(hold), "h").await.unwrap();
        let listed = holds::of_location(&m.state, m.zuid).await.unwrap();
        assert_eq!(listed[0].remaining.cents(), 5_000);
        assert_eq!(available(&m.state, m.zuid).await, 70_000, "paid from the hold, not the budget");
        // A weborder larger than what is left on the hold takes the rest from the budget.
        let big = weborder(&m, 8_000).await;
        approvals::approve(&m.state, m.holder, &[m.zuid], big, Some(hold), "h2").await.unwrap();
        assert_eq!(holds::of_location(&m.state, m.zuid).await.unwrap()[0].remaining.cents(), 0);
        assert_eq!(available(&m.state, m.zuid).await, 67_000);
        // Undoing puts the hold's part back on the hold.
        weborders::undo_approval(&m.state, m.holder, &[m.zuid], big, "andere datum").await.unwrap();
        assert_eq!(holds::of_location(&m.state, m.zuid).await.unwrap()[0].remaining.cents(), 5_000);
        assert_eq!(available(&m.state, m.zuid).await, 70_000);
        // Another location cannot release it; when it expires, the rest returns to the budget.
        assert_eq!(holds::release(&m.state, m.holder, &[m.amstelveen], hold).await.unwrap_err(), AppError::NotFound);
        m.clock.advance(130 * 24 * HOUR_MS);
        assert_eq!(holds::expire_due(&m.state).await.unwrap(), 1);
        assert_eq!(holds::expire_due(&m.state).await.unwrap(), 0);
        assert_eq!(holds::of_location(&m.state, m.zuid).await.unwrap()[0].status, domain::weborder::HoldStatus::Expired);
        assert_eq!(available(&m.state, m.zuid).await, 75_000);
        assert_ledger_balances(&m.state).await;
    }
}

fn validator() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/validate")
}

#[tokio::test]
async fn a_payout_batch_pays_each_ready_weborder_once_with_a_valid_sepa_file_matching_the_ledger() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 500_000).await;
        let vonk = provider_named(&m.state, "Poppodium De Vonk").await;
        let vonk_offer = published_offer(&m.state, m.admin, vonk, "Popworkshop").await;
        providers::request_iban(&m.state, m.admin, vonk, "DE89 3704 0044 0532 0130 00", "Poppodium De Vonk e.V.").await.unwrap();
        providers::decide_iban(&m.state, m.admin, vonk, true, "").await.unwrap();
        let a = weborder(&m, 12_345).await;
        let b = weborder(&m, 1).await;
        let mut f = form(&m, 99_999, "");
        f.offer_id = vonk_offer.to_string();
        let c = weborders::create(&m.state, vonk, None, &f.parse().unwrap()).await.unwrap().0;
        let late = weborder(&m, 5_000).await;
        for id in [a, b, c] {
            approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "ok").await.unwrap();
        }
        m.clock.advance(48 * HOUR_MS);
        approvals::approve(&m.state, m.holder, &[m.zuid], late, None, "ok").await.unwrap();
        let ready = payouts::payable(&m.state).await.unwrap();
        assert_eq!(ready.iter().map(|p| p.total.cents()).sum::<i64>(), 12_345 + 1 + 99_999, "the late one is still cooling off");
        let err = payouts::create_batch(&m.state, m.admin, "2026-11-28").await.unwrap_err();
        assert_eq!(err.problem_for("execution_date"), Some(Problem::DateInPast), "a day that has passed");
        let batch = payouts::create_batch(&m.state, m.admin, "2026-12-02").await.unwrap();
        let err = payouts::create_batch(&m.state, m.admin, "2026-12-02").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::NothingToPay), "building again pays nothing twice");
        let (number, xml) = payouts::document(&m.state, batch).await.unwrap();
        assert_eq!(number, "PB-2026-000001");
        assert!(xml.contains("<NbOfTxs>2</NbOfTxs>") && xml.contains("<CtrlSum>1123.45</CtrlSum>"), "{xml}");
        let path = std::env::temp_dir().join(format!("payout-{}-{:?}.xml", std::process::id(), m.state.db.backend));
        std::fs::write(&path, &xml).unwrap();
        let out = std::process::Command::new(validator()).arg("pain001").arg(&path).output().unwrap();
        assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        // In a batch: no longer cancellable.
        let err = weborders::cancel(&m.state, m.admin, &Viewer::Operator, a, "te laat").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::NotCancellable));
        assert_eq!(payouts::mark_paid(&m.state, m.admin, batch).await.unwrap_err(), AppError::Conflict(Problem::BatchNotInState));
        payouts::mark_sent(&m.state, m.admin, batch).await.unwrap();
        payouts::mark_paid(&m.state, m.admin, batch).await.unwrap();
        assert_eq!(payouts::mark_paid(&m.state, m.admin, batch).await.unwrap_err(), AppError::Conflict(Problem::BatchNotInState));
        let paid_out: i64 = sqlx::Row::get(
            &sqlx::query(
                "SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) AS s FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                 JOIN ledger_transactions t ON t.id = e.transaction_id WHERE a.kind = 'paid_out' AND t.reference = $1",
            )
            .bind(&number)
            .fetch_one(&m.state.db.pool)
            .await
            .unwrap(),
            "s",
        );
        assert_eq!(paid_out, 112_345, "the control sum equals what the ledger paid out");
        for id in [a, b, c] {
            assert_eq!(weborders::weborder(&m.state, &Viewer::Operator, id).await.unwrap().status, WeborderStatus::Paid);
        }
        let statement = payouts::statement(&m.state, m.kolk, batch).await.unwrap();
        assert_eq!(statement.total.cents(), 12_346);
        assert_eq!(statement.lines.len(), 2);
        let csv = payouts::statement_csv(&statement);
        assert!(csv.contains("PB-2026-000001") && csv.contains("123,45"), "{csv}");
        assert!(payouts::statement_pdf(&statement, &m.state.settings.seller).starts_with(b"%PDF"));
        assert_eq!(payouts::statement(&m.state, vonk, batch).await.unwrap().lines.len(), 1);
        let other = provider_named(&m.state, "Filmhuis Noorderlicht").await;
        assert_eq!(payouts::statement(&m.state, other, batch).await.unwrap_err(), AppError::NotFound);
        assert_ledger_balances(&m.state).await;
    }
}

/// Two operators building a payout batch at once (each a task on the multi-threaded
/// runtime): one batch with all ten weborders, the other is told there is nothing to pay.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_operators_building_a_batch_at_once_never_pay_a_weborder_twice() {
    for db in testing::both().await {
        let m = Arc::new(market(db).await);
        fund(&m.state, m.zuid, 500_000).await;
        for _ in 0..10 {
            let id = weborder(&m, 1_000).await;
            approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "ok").await.unwrap();
        }
        m.clock.advance(49 * HOUR_MS);
        let (x, y) = (m.clone(), m.clone());
        let one = tokio::spawn(async move { payouts::create_batch(&x.state, x.admin, "").await });
        let two = tokio::spawn(async move { payouts::create_batch(&y.state, y.admin, "").await });
        let results = [one.await.unwrap(), two.await.unwrap()];
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
        assert!(results.contains(&Err(AppError::Conflict(Problem::NothingToPay))));
        let batches = payouts::batches(&m.state, PageRequest::new(1, 10)).await.unwrap();
        assert_eq!(batches.total, 1);
        assert_eq!(batches.rows[0].weborders, 10);
        assert_eq!(batches.rows[0].total.cents(), 10_000);
    }
}

#[tokio::test]
async fn payouts_wait_for_a_vetted_bank_account() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 50_000).await;
        let id = weborder(&m, 5_000).await;
        approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "ok").await.unwrap();
        // The provider changes its account: payouts keep going to the vetted one until checked.
        providers::request_iban(&m.state, m.kolk_user, m.kolk, "NL44 RABO 0123 4567 89", "Theater De Kolk").await.unwrap();
        m.clock.advance(49 * HOUR_MS);
        let batch = payouts::create_batch(&m.state, m.admin, "").await.unwrap();
        let (_, xml) = payouts::document(&m.state, batch).await.unwrap();
        assert!(xml.contains("NL91ABNA0417164300") && !xml.contains("NL44RABO0123456789"), "{xml}");
        let detail = providers::detail(&m.state, m.kolk).await.unwrap();
        assert_eq!(detail.provider.iban_pending.as_deref(), Some("NL44RABO0123456789"));
        assert!(detail.events.iter().any(|e| e.kind == "iban_requested"));
        // A bad account number is refused at once.
        let err = providers::request_iban(&m.state, m.kolk_user, m.kolk, "NL00 RABO 0123 4567 89", "x").await.unwrap_err();
        assert_eq!(err.problem_for("iban"), Some(Problem::InvalidIban));
    }
}

/// The provider's home counts what waits for that provider: its published offers, its open
/// requests and its weborders the school has not decided on. A new weborder adds one, its
/// approval takes it away again, and another provider's counts never move.
#[tokio::test]
async fn the_provider_home_counts_what_waits_for_that_provider_only() {
    for db in testing::both().await {
        let m = market(db).await;
        fund(&m.state, m.zuid, 100_000).await;
        let museum = provider_named(&m.state, "Museum aan de Schelde").await;
        let count = |sql: &'static str, provider: ProviderId| {
            let pool = m.state.db.pool.clone();
            async move {
                let row = sqlx::query(sql).bind(provider.0).fetch_one(&pool).await.unwrap();
                services::platform::db::int(&row, "n").unwrap()
            }
        };
        let published = "SELECT COUNT(*) AS n FROM offers WHERE provider_id = $1 AND status = 'published'";
        let open = "SELECT COUNT(*) AS n FROM offer_requests WHERE provider_id = $1 AND status = 'open'";
        let before = providers::waiting(&m.state, m.kolk).await.unwrap();
        assert!(before.published_offers >= 1, "the offer published above counts: {before:?}");
        assert_eq!(before.published_offers, count(published, m.kolk).await);
        assert_eq!(before.open_requests, count(open, m.kolk).await);
        let museum_before = providers::waiting(&m.state, museum).await.unwrap();

        let id = weborder(&m, 12_500).await;
        let waiting = providers::waiting(&m.state, m.kolk).await.unwrap();
        assert_eq!(waiting.pending_weborders, before.pending_weborders + 1);
        assert_eq!((waiting.published_offers, waiting.open_requests), (before.published_offers, before.open_requests));
        assert_eq!(providers::waiting(&m.state, museum).await.unwrap(), museum_before);

        approvals::approve(&m.state, m.holder, &[m.zuid], id, None, "home").await.unwrap();
        assert_eq!(providers::waiting(&m.state, m.kolk).await.unwrap(), before);
        assert_eq!(providers::waiting(&m.state, museum).await.unwrap(), museum_before);
    }
}
