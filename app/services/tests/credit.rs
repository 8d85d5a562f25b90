//! Individual credit on SQLite and PostgreSQL: handed to activated students while the pool
//! lasts, spent at the counter with a code that works once, debited once however often or
//! however many counters send the payment, never below zero, refundable for 14 days.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::roster::InviteTarget;
use domain::{AppError, Email, LocationId, Money, PersonId, ProviderId};
use services::budget::ledger::{self, AccountKind};
use services::platform::db::{int, text};
use services::{
    accounts::auth, accounts::people, budget, budget::credit, demo, passes, passes::roster, platform::mail, testing, AppState,
};
use std::sync::Arc;

const ZUID: LocationId = LocationId(1);
/// Contribution plus match of the demo period: € 21.00.
const PER_STUDENT: i64 = 2_100;

struct Setup {
    state: AppState,
    clock: Arc<services::platform::clock::ManualClock>,
    holder: PersonId,
    period: i64,
    provider: ProviderId,
    cashier: PersonId,
}

async fn setup(db: services::Db) -> Setup {
    let (state, clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let holder = people::account_by_email(&state.db, &Email::parse("budgethouder@roc-amstelland.demo").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let cashier =
        people::account_by_email(&state.db, &Email::parse("aanbieder@theaterdekolk.demo").unwrap()).await.unwrap().unwrap().id;
    let provider = ProviderId(
        int(
            &sqlx::query("SELECT provider_id FROM role_assignments WHERE person_id = $1 AND role = 'provider'")
                .bind(cashier.0)
                .fetch_one(&state.db.pool)
                .await
                .unwrap(),
            "provider_id",
        )
        .unwrap(),
    );
    let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
    let file = "Voornaam;Achternaam;E-mail;Rol;Klas\n\
        Sanne;de Vries;sanne@student.example;student;2A\n\
        Daan;Bakker;daan@student.example;student;2A\n\
        Noor;El Amrani;noor@student.example;student;2A\n";
    let id = roster::stage(&state, holder, &[ZUID], ZUID, "2A.csv", file.as_bytes()).await.unwrap();
    roster::commit(&state, holder, &[ZUID], id, false).await.unwrap();
    passes::invite(&state, holder, ZUID, &InviteTarget::Class("2A".into()), None).await.unwrap();
    Setup { state, clock, holder, period, provider, cashier }
}

/// Puts credit for `students` students in Amsterdam Zuid's pool, through the ledger.
async fn fund_pool(s: &Setup, students: i64) {
    let mut tx = s.state.db.begin_write().await.unwrap();
    let funding = ledger::account(&mut tx, AccountKind::Funding, None, Some(s.period)).await.unwrap();
    let pool = ledger::account(&mut tx, AccountKind::IndividualPool, Some(ZUID), Some(s.period)).await.unwrap();
    let cents = students * PER_STUDENT;
    ledger::post(&mut tx, s.state.clock.now_ms(), None, "budget_released", "test", None, &[(funding, -cents), (pool, cents)])
        .await
        .unwrap();
    credit::grant_after_release(&mut tx, s.state.clock.now_ms(), ZUID, s.period).await.unwrap();
    tx.commit().await.unwrap();
}

/// `email` activates from the invitation in the outbox; their person id.
async fn activate(s: &Setup, email: &str) -> PersonId {
    let rows = mail::list(&s.state.db, domain::PageRequest::new(1, 10), Some(email)).await.unwrap().rows;
    let body = &rows[0].body;
    let start = body.find("/invite/").unwrap() + "/invite/".len();
    let token = body[start..].split_whitespace().next().unwrap();
    auth::set_password_with_token(&s.state, token, "invitation", "een goed wachtwoord").await.unwrap().0.person_id
}

/// A counter payment sent as its own task (so that payments sent together run at once).
fn charge(
    s: &Setup,
    code: &str,
    amount: &'static str,
    what: &'static str,
    key: &str,
) -> tokio::task::JoinHandle<Result<domain::credit::CounterReceipt, AppError>> {
    let (state, cashier, provider, code, key) = (s.state.clone(), s.cashier, s.provider, code.to_owned(), key.to_owned());
    tokio::spawn(async move { credit::charge(&state, cashier, provider, &code, amount, what, &key).await })
}

async fn balance(s: &Setup, person: PersonId) -> Money {
    passes::my_passes(&s.state, person).await.unwrap()[0].credit
}

#[tokio::test]
async fn activated_students_get_credit_while_the_pool_lasts_and_later_ones_when_it_grows() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 2).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let daan = activate(&s, "daan@student.example").await;
        let noor = activate(&s, "noor@student.example").await;
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT);
        assert_eq!(balance(&s, daan).await.cents(), PER_STUDENT);
        assert_eq!(balance(&s, noor).await.cents(), 0, "the pool held two");
        // More pool: Noor, who was waiting, gets hers; nobody gets it twice.
        fund_pool(&s, 1).await;
        assert_eq!(balance(&s, noor).await.cents(), PER_STUDENT);
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT);
        let card = &passes::my_passes(&s.state, noor).await.unwrap()[0];
        assert_eq!(card.credit_lines.len(), 1);
        assert_eq!(card.credit_lines[0].kind, "credit_granted");
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_counter_payment_is_debited_once_however_often_it_is_sent() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let seen = credit::lookup(&s.state, s.provider, &format!("CK{}", code.code)).await.unwrap();
        assert_eq!((seen.first_name.as_str(), seen.balance.cents()), ("Sanne", PER_STUDENT));
        let receipt = credit::charge(&s.state, s.cashier, s.provider, &code.code, "7,50", "Kaartje", "kassa-1").await.unwrap();
        assert_eq!(receipt.amount.cents(), 750);
        assert_eq!(receipt.balance_after.cents(), PER_STUDENT - 750);
        let again = credit::charge(&s.state, s.cashier, s.provider, &code.code, "7,50", "Kaartje", "kassa-1").await.unwrap();
        assert_eq!(again, receipt, "a retry answers the first receipt");
        let receipts =
            mail::list(&s.state.db, domain::PageRequest::new(1, 10), Some("sanne@student.example")).await.unwrap().rows;
        let sent: Vec<_> = receipts.iter().filter(|m| m.subject.starts_with("Betaalbewijs")).collect();
        assert_eq!(sent.len(), 1, "one receipt for one payment");
        assert!(sent[0].body.contains("Theater De Kolk — Kaartje") && sent[0].body.contains("€ 7,50"), "{}", sent[0].body);
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT - 750, "debited once");
        let reused = credit::charge(&s.state, s.cashier, s.provider, &code.code, "1", "Nog een", "kassa-2").await.unwrap_err();
        assert_eq!(reused, AppError::Conflict(Problem::CodeInvalidOrUsed), "a code works once");
        // Too much: refused, nothing debited, and the code still works for a smaller amount.
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let much = credit::charge(&s.state, s.cashier, s.provider, &code.code, "50", "Te veel", "kassa-3").await.unwrap_err();
        assert_eq!(much, AppError::Conflict(Problem::InsufficientCredit));
        credit::charge(&s.state, s.cashier, s.provider, &code.code, "13,50", "Precies genoeg", "kassa-4").await.unwrap();
        assert_eq!(balance(&s, sanne).await.cents(), 0);
        let lines = &passes::my_passes(&s.state, sanne).await.unwrap()[0].credit_lines;
        assert_eq!(lines[0].what, "Theater De Kolk — Precies genoeg", "the student sees where it went");
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

/// Two counters with the same code at once (each a task on the multi-threaded runtime): one
/// payment; the same payment sent twice at once debits once and answers the same receipt;
/// no balance below zero and the ledger balances.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_counters_with_the_same_code_at_once_make_one_payment() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        for round in 0..5 {
            let code = credit::new_code(&s.state, sanne).await.unwrap();
            let (a, b) = (
                charge(&s, &code.code, "1", "Kassa A", &format!("a-{round}")),
                charge(&s, &code.code, "1", "Kassa B", &format!("b-{round}")),
            );
            let (a, b) = (a.await.unwrap(), b.await.unwrap());
            assert_eq!(usize::from(a.is_ok()) + usize::from(b.is_ok()), 1, "round {round}: {a:?} {b:?}");
        }
        // The same payment sent twice at once: one debit, the same receipt twice.
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let (a, b) =
            (charge(&s, &code.code, "2", "Dubbel verstuurd", "same"), charge(&s, &code.code, "2", "Dubbel verstuurd", "same"));
        assert_eq!(a.await.unwrap().unwrap(), b.await.unwrap().unwrap());
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT - 500 - 200);
        let negative = int(
            &sqlx::query("SELECT COUNT(*) AS n FROM ledger_accounts WHERE balance_cents < 0 AND kind <> 'funding'")
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap(),
            "n",
        )
        .unwrap();
        assert_eq!(negative, 0);
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_provider_refunds_its_own_payment_within_fourteen_days_once() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let r = credit::charge(&s.state, s.cashier, s.provider, &code.code, "10", "Workshop", "k1").await.unwrap();
        let other = ProviderId(s.provider.0 + 1);
        assert_eq!(credit::refund(&s.state, s.cashier, other, r.payment_id).await.unwrap_err(), AppError::NotFound);
        credit::refund(&s.state, s.cashier, s.provider, r.payment_id).await.unwrap();
        credit::refund(&s.state, s.cashier, s.provider, r.payment_id).await.unwrap();
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT, "refunded once");
        // The student gets one mail about it, naming the payment.
        let mails: Vec<(String, String)> =
            sqlx::query_as("SELECT recipient, body FROM outbox_mail WHERE subject LIKE 'Betaling teruggedraaid%' ORDER BY id")
                .fetch_all(&s.state.db.pool)
                .await
                .unwrap();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].0, "sanne@student.example");
        assert!(mails[0].1.contains("Workshop") && mails[0].1.contains("€ 10,00"), "{}", mails[0].1);
        assert!(mails[0].1.contains(&format!("Bon: {}", r.payment_id)), "{}", mails[0].1);
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let late = credit::charge(&s.state, s.cashier, s.provider, &code.code, "4", "Film", "k2").await.unwrap();
        s.clock.advance(15 * 24 * 3_600_000);
        let refused = credit::refund(&s.state, s.cashier, s.provider, late.payment_id).await.unwrap_err();
        assert_eq!(refused, AppError::Conflict(Problem::RefundWindowClosed));
        let rows = credit::provider_payments(&s.state, s.provider, domain::PageRequest::new(1, 10)).await.unwrap().rows;
        assert_eq!(rows.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(), vec!["paid", "refunded"]);
        // A paid one says when it goes into a payout (after its 14 days); a refunded one never.
        assert_eq!(rows[0].payable_from_ms, Some(rows[0].at_ms + 14 * 24 * 3_600_000));
        assert_eq!(rows[1].payable_from_ms, None);
        assert!(rows.iter().all(|r| !r.refundable));
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

/// Guessed codes sent at once from one provider's counters (multi-threaded): no more than the
/// limit are looked up, the rest are paused, and a real code is paused after them too.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guessed_codes_sent_at_once_are_stopped_at_the_limit() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let state = s.state.clone();
                let provider = s.provider;
                tokio::spawn(async move { credit::lookup(&state, provider, &format!("{:06}", 100_000 + i)).await })
            })
            .collect();
        let mut answers = std::collections::BTreeMap::new();
        for t in tasks {
            *answers.entry(format!("{:?}", t.await.unwrap().unwrap_err())).or_insert(0) += 1;
        }
        let looked_up = answers.get(&format!("{:?}", AppError::Conflict(Problem::CodeInvalidOrUsed))).copied().unwrap_or(0);
        assert_eq!(looked_up, credit::WRONG_CODES, "{answers:?}");
        assert_eq!(answers.get(&format!("{:?}", AppError::RateLimited)).copied(), Some(50 - credit::WRONG_CODES), "{answers:?}");
        let fresh = credit::new_code(&s.state, sanne).await.unwrap();
        assert_eq!(credit::lookup(&s.state, s.provider, &fresh.code).await.unwrap_err(), AppError::RateLimited);
    }
}

#[tokio::test]
async fn codes_expire_and_guessing_them_is_stopped() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        assert_eq!(code.expires_at_ms - s.state.clock.now_ms(), credit::CODE_TTL_MS);
        s.clock.advance(credit::CODE_TTL_MS + 1);
        let expired = credit::lookup(&s.state, s.provider, &code.code).await.unwrap_err();
        assert_eq!(expired, AppError::Conflict(Problem::CodeInvalidOrUsed));
        assert_eq!(
            credit::lookup(&s.state, s.provider, "12ab").await.unwrap_err().problem_for("code"),
            Some(Problem::InvalidCode)
        );
        for _ in 0..40 {
            let _ = credit::lookup(&s.state, s.provider, "000001").await;
        }
        let fresh = credit::new_code(&s.state, sanne).await.unwrap();
        assert_eq!(credit::lookup(&s.state, s.provider, &fresh.code).await.unwrap_err(), AppError::RateLimited);
        // Without an active student pass there is no code.
        assert_eq!(credit::new_code(&s.state, s.holder).await.unwrap_err(), AppError::Conflict(Problem::NoActivePass));
    }
}

#[tokio::test]
async fn counter_payments_are_paid_out_with_the_weborders_once_their_refund_window_closes() {
    use services::market::payouts;
    for db in testing::both().await {
        let s = setup(db).await;
        demo::load_marketplace(&s.state).await.unwrap();
        let admin =
            people::account_by_email(&s.state.db, &Email::parse("beheer@cultuurkaart.demo").unwrap()).await.unwrap().unwrap().id;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let paid = credit::charge(&s.state, s.cashier, s.provider, &code.code, "12,50", "Voorstelling", "k1").await.unwrap();
        let waiting = payouts::payable(&s.state).await.unwrap();
        assert!(waiting.iter().all(|p| p.counter_payments == 0), "not within the 14 days for refunds");
        s.clock.advance(15 * 24 * 3_600_000);
        let ready = payouts::payable(&s.state).await.unwrap();
        let kolk = ready.iter().find(|p| p.provider_id == s.provider).unwrap();
        assert_eq!(kolk.counter_payments, 1);
        let batch = payouts::create_batch(&s.state, admin, "").await.unwrap();
        let statement = payouts::statement(&s.state, s.provider, batch).await.unwrap();
        assert_eq!(statement.counter_payments.len(), 1);
        assert_eq!(statement.counter_payments[0].payment_id, paid.payment_id);
        let lines: i64 = statement.lines.iter().map(|w| w.amount.cents()).sum::<i64>() + 1_250;
        assert_eq!(statement.total.cents(), lines, "the transfer pays weborders and counter payments together");
        assert!(payouts::statement_csv(&statement).contains("pasbetaling"));
        let late = credit::refund(&s.state, s.cashier, s.provider, paid.payment_id).await.unwrap_err();
        assert_eq!(late, AppError::Conflict(Problem::RefundWindowClosed));
        payouts::mark_sent(&s.state, admin, batch).await.unwrap();
        payouts::mark_paid(&s.state, admin, batch).await.unwrap();
        let rows = credit::provider_payments(&s.state, s.provider, domain::PageRequest::new(1, 10)).await.unwrap().rows;
        assert_eq!(rows[0].status, "paid_out");
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_person_can_take_their_data_and_the_operator_can_erase_it_leaving_the_books_whole() {
    use services::accounts::privacy;
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        credit::charge(&s.state, s.cashier, s.provider, &code.code, "3", "Film", "k1").await.unwrap();
        let data = privacy::export(&s.state, sanne).await.unwrap();
        assert_eq!(data["account"]["email"], "sanne@student.example");
        assert_eq!(data["passes"][0]["class"], "2A");
        assert_eq!(data["passes"][0]["credit"].as_array().unwrap().len(), 2, "the grant and the payment");
        assert_eq!(data["passes"][0]["counter_payments"][0]["description"], "Film");
        assert!(data["audit"].as_array().unwrap().iter().any(|a| a["action"] == "invitation_accepted"));

        let admin =
            people::account_by_email(&s.state.db, &Email::parse("beheer@cultuurkaart.demo").unwrap()).await.unwrap().unwrap().id;
        assert_eq!(privacy::erase(&s.state, admin, admin).await.unwrap_err(), AppError::Conflict(Problem::CannotDisableYourself));
        privacy::erase(&s.state, admin, sanne).await.unwrap();
        privacy::erase(&s.state, admin, sanne).await.unwrap();
        let after = privacy::export(&s.state, sanne).await.unwrap();
        assert_eq!(after["account"]["email"], format!("verwijderd-{}@cultuurkaart.invalid", sanne.0));
        assert_eq!(after["account"]["status"], "disabled");
        assert_eq!(after["roles"].as_array().unwrap().len(), 0);
        assert_eq!(after["passes"][0]["first_name"], "Verwijderd");
        assert_eq!(after["passes"][0]["class"], "");
        assert_eq!(after["passes"][0]["counter_payments"].as_array().unwrap().len(), 1, "the books keep the payment");
        assert!(mail::list(&s.state.db, domain::PageRequest::new(1, 10), Some("sanne@student.example"))
            .await
            .unwrap()
            .rows
            .is_empty());
        assert!(auth::login(&s.state, "sanne@student.example", "een goed wachtwoord", "127.0.0.1").await.is_err());
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
        let other_admin = privacy::erase(&s.state, sanne, admin).await.unwrap_err();
        assert_eq!(other_admin, AppError::Conflict(Problem::CannotEraseOperator));
    }
}

/// Every text column of every table, as the database describes its own schema.
async fn text_columns(state: &AppState) -> Vec<(String, String)> {
    let sql = match state.db.backend {
        services::Backend::Sqlite => {
            "SELECT m.name AS t, c.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%fts%' AND UPPER(c.type) LIKE '%TEXT%'"
        }
        services::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns
             WHERE table_schema = current_schema() AND data_type = 'text'"
        }
    };
    sqlx::query(sql)
        .fetch_all(&state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (text(r, "t").unwrap(), text(r, "c").unwrap()))
        .collect()
}

/// The places (table.column) where any of `needles` still stands, in any case.
async fn still_there(state: &AppState, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in text_columns(state).await {
        for needle in needles {
            let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE LOWER({column}) LIKE '%' || $1 || '%'");
            let n = int(&sqlx::query(&sql).bind(needle.to_lowercase()).fetch_one(&state.db.pool).await.unwrap(), "n").unwrap();
            if n > 0 {
                found.push(format!("{table}.{column} ({needle})"));
            }
        }
    }
    found
}

/// A Docent+ who asked a provider something, is the teacher of a weborder, is a school's
/// contact person and has a pass: after erasure neither the address nor the name stands in
/// any text column of any table (searched in every one, in any case).
#[tokio::test]
async fn after_erasure_no_text_column_holds_the_address_or_the_name() {
    use domain::offer_request::NewRequest;
    use domain::weborder::WeborderForm;
    use services::{accounts::privacy, budget::school, market::offer_requests, market::weborders};
    for db in testing::both().await {
        let s = setup(db).await;
        demo::load_marketplace(&s.state).await.unwrap();
        let email = "docentplus@roc-amstelland.demo";
        let karim = people::account_by_email(&s.state.db, &Email::parse(email).unwrap()).await.unwrap().unwrap();
        let name = karim.display_name.clone();
        let offer = int(
            &sqlx::query("SELECT MIN(id) AS id FROM offers WHERE provider_id = $1 AND status = 'published'")
                .bind(s.provider.0)
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap(),
            "id",
        )
        .unwrap();
        let asked = NewRequest {
            offer_id: offer,
            preferred_dates: "maart".into(),
            students: 20,
            message: format!("Kan dat in maart? Groet, {name} ({email})"),
        };
        let request = offer_requests::create(&s.state, karim.id, ZUID, &asked).await.unwrap();
        let form = WeborderForm {
            cjp_school_number: "CJP-250001".into(),
            offer_id: offer.to_string(),
            activity_date: "2027-03-10".into(),
            students: "20".into(),
            amount: "100.00".into(),
            teacher_name: name.clone(),
            teacher_email: email.to_uppercase(),
            request_id: request.to_string(),
            ..Default::default()
        };
        weborders::create(&s.state, s.provider, Some(s.cashier), &form.parse().unwrap()).await.unwrap();
        school::add_contact(&s.state, s.holder, ZUID, "culture", &name, email, "020 555 0101").await.unwrap();
        let needles = [email, name.as_str()];
        assert!(still_there(&s.state, &needles).await.len() >= 5, "the scenario writes the person down in many places");

        let admin =
            people::account_by_email(&s.state.db, &Email::parse("beheer@cultuurkaart.demo").unwrap()).await.unwrap().unwrap().id;
        privacy::erase(&s.state, admin, karim.id).await.unwrap();
        assert_eq!(still_there(&s.state, &needles).await, Vec::<String>::new());
        // What others wrote stays readable, with the pseudonym in the person's place.
        let message = text(
            &sqlx::query("SELECT body FROM request_messages WHERE request_id = $1")
                .bind(request)
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap(),
            "body",
        )
        .unwrap();
        assert_eq!(
            message,
            format!("Kan dat in maart? Groet, Verwijderd account {0} (verwijderd-{0}@cultuurkaart.invalid)", karim.id.0)
        );
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_blocked_pass_cannot_pay_until_the_block_is_lifted() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let pass = int(
            &sqlx::query("SELECT id FROM passes WHERE person_id = $1").bind(sanne.0).fetch_one(&s.state.db.pool).await.unwrap(),
            "id",
        )
        .unwrap();
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        let class = text(
            &sqlx::query("SELECT class_name FROM passes WHERE id = $1").bind(pass).fetch_one(&s.state.db.pool).await.unwrap(),
            "class_name",
        )
        .unwrap();
        assert_eq!(
            passes::set_blocked(&s.state, s.holder, LocationId(3), &class, pass, true).await.unwrap_err(),
            AppError::NotFound
        );
        // A class the pass is not in: not found, and the pass keeps working.
        for other in [String::new(), "9Z".to_owned(), format!("{class}x"), format!("{class},9Z")] {
            let refused = passes::set_blocked(&s.state, s.holder, ZUID, &other, pass, true).await.unwrap_err();
            assert_eq!(refused, AppError::NotFound, "class {other:?}");
        }
        assert!(credit::lookup(&s.state, s.provider, &code.code).await.is_ok(), "not blocked by a wrong class");
        passes::set_blocked(&s.state, s.holder, ZUID, &class, pass, true).await.unwrap();
        let refused = credit::charge(&s.state, s.cashier, s.provider, &code.code, "1", "Film", "k1").await.unwrap_err();
        assert_eq!(refused, AppError::Conflict(Problem::CodeInvalidOrUsed), "the code went with the block");
        assert_eq!(credit::new_code(&s.state, sanne).await.unwrap_err(), AppError::Conflict(Problem::NoActivePass));
        passes::set_blocked(&s.state, s.holder, ZUID, &class, pass, false).await.unwrap();
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        credit::charge(&s.state, s.cashier, s.provider, &code.code, "1", "Film", "k2").await.unwrap();
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT - 100);
    }
}

#[tokio::test]
async fn unspent_credit_expires_with_the_period() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 1).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let code = credit::new_code(&s.state, sanne).await.unwrap();
        credit::charge(&s.state, s.cashier, s.provider, &code.code, "5", "Film", "k1").await.unwrap();
        assert_eq!(budget::periods::expire_ended_periods(&s.state).await.unwrap(), 0, "the period runs until 2028-07-31");
        // 2028-08-01 12:00 UTC: the day after the pilot period.
        s.clock.set(1_848_744_000_000);
        assert_eq!(domain::time::local_date(s.state.clock.now_ms()), "2028-08-01");
        assert_eq!(budget::periods::expire_ended_periods(&s.state).await.unwrap(), 1, "Sanne's remaining credit");
        let r = sqlx::query("SELECT balance_cents FROM ledger_accounts WHERE kind = 'expired' AND period_id = $1")
            .bind(s.period)
            .fetch_one(&s.state.db.pool)
            .await
            .unwrap();
        assert_eq!(int(&r, "balance_cents").unwrap(), PER_STUDENT - 500);
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_student_back_on_the_list_gets_credit_at_once() {
    for db in testing::both().await {
        let s = setup(db).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let without: &str = "Voornaam;Achternaam;E-mail;Rol;Klas\nDaan;Bakker;daan@student.example;student;2A\nNoor;El Amrani;noor@student.example;student;2A\n";
        let id = roster::stage(&s.state, s.holder, &[ZUID], ZUID, "x.csv", without.as_bytes()).await.unwrap();
        assert_eq!(roster::commit(&s.state, s.holder, &[ZUID], id, true).await.unwrap().left, 1);
        fund_pool(&s, 1).await;
        assert!(passes::my_passes(&s.state, sanne).await.unwrap().is_empty(), "not on the list: no pass, no credit");
        let back = "Voornaam;Achternaam;E-mail;Rol;Klas\nSanne;de Vries;sanne@student.example;student;2A\n";
        let id = roster::stage(&s.state, s.holder, &[ZUID], ZUID, "y.csv", back.as_bytes()).await.unwrap();
        roster::commit(&s.state, s.holder, &[ZUID], id, false).await.unwrap();
        assert_eq!(balance(&s, sanne).await.cents(), PER_STUDENT);
    }
}

/// Each kind of account at a location reads as its own statement: the balance after every
/// line, from the oldest (starting at zero) to the newest (the balance now), across pages,
/// and a grant of credit moves money from the pool to a student without touching the
/// collective budget.
#[tokio::test]
async fn each_account_of_a_location_adds_up_to_its_own_balance_page_after_page() {
    for db in testing::both().await {
        let s = setup(db).await;
        fund_pool(&s, 3).await;
        let sanne = activate(&s, "sanne@student.example").await;
        let daan = activate(&s, "daan@student.example").await;
        for (who, key, amount) in [(sanne, "h1", "10"), (daan, "h2", "4,50"), (sanne, "h3", "2")] {
            let code = credit::new_code(&s.state, who).await.unwrap();
            let paid = credit::charge(&s.state, s.cashier, s.provider, &code.code, amount, "Workshop", key).await.unwrap();
            if key == "h2" {
                credit::refund(&s.state, s.cashier, s.provider, paid.payment_id).await.unwrap();
            }
        }
        let collective_before =
            budget::payments::account_history(&s.state.db, ZUID, AccountKind::LocationBudget, domain::PageRequest::new(1, 100))
                .await
                .unwrap();
        for account in domain::budget::AccountKind::OF_LOCATION {
            let mut lines = Vec::new();
            let mut balance = None;
            for page in 1..=10 {
                let h = budget::payments::account_history(&s.state.db, ZUID, account, domain::PageRequest::new(page, 2))
                    .await
                    .unwrap();
                assert_eq!(h.account, account);
                balance = Some(h.balance);
                let last = h.lines.page >= h.lines.page_count();
                lines.extend(h.lines.rows);
                if last {
                    break;
                }
            }
            let balance = balance.unwrap();
            let mut after = balance.cents();
            for line in &lines {
                assert_eq!(line.account, account, "{account:?}: only its own lines");
                assert_eq!(line.balance_after.map(Money::cents), Some(after), "{account:?}: {line:?}");
                after -= line.amount.cents();
            }
            assert_eq!(after, 0, "{account:?}: the lines add up to the balance {balance}");
        }
        let pool =
            budget::payments::account_history(&s.state.db, ZUID, AccountKind::IndividualPool, domain::PageRequest::new(1, 100))
                .await
                .unwrap();
        assert_eq!(pool.balance.cents(), PER_STUDENT, "three funded, two given out");
        assert_eq!(pool.lines.rows.iter().filter(|l| l.kind == "credit_granted").count(), 2);
        let credit =
            budget::payments::account_history(&s.state.db, ZUID, AccountKind::StudentCredit, domain::PageRequest::new(1, 100))
                .await
                .unwrap();
        assert_eq!(credit.balance.cents(), 2 * PER_STUDENT - 1_000 - 200, "the refund came back");
        let kinds: Vec<&str> = credit.lines.rows.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["counter_payment", "counter_refund", "counter_payment", "counter_payment", "credit_granted", "credit_granted"]
        );
        assert!(
            collective_before.lines.rows.iter().all(|l| !l.kind.starts_with("credit") && !l.kind.starts_with("counter")),
            "credit and counter payments are not collective budget: {:?}",
            collective_before.lines.rows
        );
    }
}
