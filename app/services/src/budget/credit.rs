//! Individual credit: each activated student's own account at their location, filled from the
//! location's individual-credit pool of the period while the pool lasts, spent at a
//! provider's counter with a short code that rotates, and refundable by the provider for 14
//! days. Counter payments are owed to the provider like approved weborders and paid out with
//! them once the refund window has passed.

use crate::budget::ledger::{self, AccountKind, AccountRef, LedgerError, NewTransaction};
use crate::platform::audit;
use crate::platform::clock::{DAY_MS, MINUTE_MS};
use crate::platform::db::{int, opt_int, text, Tx};
use crate::platform::state::AppState;
use domain::credit::{CounterCode, CounterLookup, CounterPaymentRow, CounterReceipt, CreditLine};
use domain::error::Problem;
use domain::failure::internal;
use domain::time::local_date;
use domain::{AppError, LocationId, Money, Page, PageRequest, PersonId, ProviderId};
use rand::Rng;

/// How long a counter code works.
pub const CODE_TTL_MS: i64 = 5 * MINUTE_MS;
/// How long a provider may refund a counter payment (and how long it waits for its payout).
pub const REFUND_MS: i64 = 14 * DAY_MS;
/// Wrong codes a provider may enter per window before lookups pause.
pub const WRONG_CODES: i64 = 30;
/// The largest single counter payment.
const MAX_PAYMENT_CENTS: i64 = 100_000;

/// The programme period that holds `today`, with the credit a student gets in it
/// (contribution plus government match).
async fn current_period(tx: &mut Tx, today: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT id, contribution_cents + match_cents AS per_student FROM programme_periods
         WHERE starts_on <= $1 AND ends_on >= $1 ORDER BY id LIMIT 1",
    )
    .bind(today)
    .fetch_optional(&mut **tx)
    .await?;
    r.map(|r| Ok((int(&r, "id")?, int(&r, "per_student")?))).transpose()
}

/// Inside `tx`: hands `period`'s credit to each active student of `location` who has none
/// yet, earliest activation first, while the location's pool lasts. Returns how many got it.
#[tracing::instrument(skip_all)]
pub async fn grant(tx: &mut Tx, now: i64, location: LocationId, period: i64, per_student: i64) -> Result<usize, sqlx::Error> {
    if per_student <= 0 {
        return Ok(0);
    }
    let pool = AccountRef::of(AccountKind::IndividualPool, Some(location), Some(period));
    let lock = tx.backend_name() == "PostgreSQL";
    let accounts = ledger::open_with_balances(tx, std::slice::from_ref(&pool), lock).await?;
    let (pool_id, balance) = accounts.get(&pool.key).copied().unwrap_or((0, 0));
    let room = usize::try_from(balance / per_student).unwrap_or(0);
    if room == 0 {
        return Ok(0);
    }
    let waiting = sqlx::query(
        "SELECT s.id FROM passes s WHERE s.location_id = $1 AND s.kind = 'student' AND s.status = 'active' AND s.left_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM ledger_transactions t WHERE t.idempotency_key = 'credit:' || CAST(s.id AS TEXT) || ':' || $2)
         ORDER BY s.activated_at, s.id LIMIT $3",
    )
    .bind(location.0)
    .bind(period.to_string())
    .bind(i64::try_from(room).unwrap_or(i64::MAX))
    .fetch_all(&mut **tx)
    .await?;
    let mut postings = Vec::with_capacity(waiting.len());
    for r in &waiting {
        let pass = int(r, "id")?;
        let credit = ledger::open(tx, &AccountRef::credit(pass, location, period)).await?;
        postings.push(NewTransaction {
            kind: "credit_granted".to_owned(),
            reference: format!("pass {pass}"),
            idempotency_key: Some(format!("credit:{pass}:{period}")),
            actor: None,
            entries: vec![(pool_id, -per_student), (credit, per_student)],
        });
    }
    for chunk in postings.chunks(200) {
        ledger::post_many(tx, now, chunk).await.map_err(|e| match e {
            LedgerError::Db(e) => e,
            other => sqlx::Error::Protocol(other.to_string()),
        })?;
    }
    Ok(postings.len())
}

/// Inside `tx`: credit of the current period for `location`'s active students who have none.
#[tracing::instrument(skip_all)]
pub async fn grant_current(tx: &mut Tx, now: i64, location: LocationId) -> Result<usize, sqlx::Error> {
    let Some((period, per_student)) = current_period(tx, &local_date(now)).await? else { return Ok(0) };
    grant(tx, now, location, period, per_student).await
}

/// Inside the transaction that activates `person`'s passes: credit for each location where
/// they are now an active student, in the current period.
#[tracing::instrument(skip_all)]
pub async fn grant_after_activation(tx: &mut Tx, now: i64, person: PersonId) -> Result<(), sqlx::Error> {
    let Some((period, per_student)) = current_period(tx, &local_date(now)).await? else { return Ok(()) };
    let locations = sqlx::query(
        "SELECT DISTINCT location_id FROM passes WHERE person_id = $1 AND kind = 'student' AND status = 'active' AND left_at IS NULL",
    )
    .bind(person.0)
    .fetch_all(&mut **tx)
    .await?;
    for r in locations {
        grant(tx, now, LocationId(int(&r, "location_id")?), period, per_student).await?;
    }
    Ok(())
}

/// Inside the transaction that releases a location's pool for `period`: credit for its
/// students who are active already.
#[tracing::instrument(skip_all)]
pub async fn grant_after_release(tx: &mut Tx, now: i64, location: LocationId, period: i64) -> Result<(), sqlx::Error> {
    let r = sqlx::query("SELECT contribution_cents + match_cents AS per_student FROM programme_periods WHERE id = $1")
        .bind(period)
        .fetch_one(&mut **tx)
        .await?;
    grant(tx, now, location, period, int(&r, "per_student")?).await?;
    Ok(())
}

/// A student's pass behind a live code.
struct CounterPass {
    pass: i64,
    first_name: String,
}

/// The credit balance of a pass in the current period (0 without one).
async fn balance_in(tx: &mut Tx, pass: i64, today: &str) -> Result<(Option<i64>, i64), sqlx::Error> {
    let Some((period, _)) = current_period(tx, today).await? else { return Ok((None, 0)) };
    let r = sqlx::query("SELECT balance_cents FROM ledger_accounts WHERE account_key = $1")
        .bind(AccountRef::credit_key(pass, period))
        .fetch_optional(&mut **tx)
        .await?;
    Ok((Some(period), r.map(|r| int(&r, "balance_cents")).transpose()?.unwrap_or(0)))
}

/// A new counter code for the caller's active student pass; the pass's earlier code stops
/// working.
#[tracing::instrument(skip_all)]
pub async fn new_code(state: &AppState, person: PersonId) -> Result<CounterCode, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let pass = sqlx::query(
        "SELECT id FROM passes WHERE person_id = $1 AND kind = 'student' AND status = 'active' AND left_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(person.0)
    .fetch_optional(&mut *tx)
    .await
    ?
    .ok_or(AppError::Conflict(Problem::NoActivePass))?;
    let pass = int(&pass, "id")?;
    sqlx::query("DELETE FROM counter_codes WHERE pass_id = $1 OR expires_at < $2").bind(pass).bind(now).execute(&mut *tx).await?;
    // Six digits; a live code is unique, so a clash with another pass's code draws again.
    for _ in 0..20 {
        let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
        let inserted = sqlx::query(
            "INSERT INTO counter_codes (code, pass_id, created_at, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING",
        )
        .bind(&code)
        .bind(pass)
        .bind(now)
        .bind(now + CODE_TTL_MS)
        .execute(&mut *tx)
        .await
        ?
        .rows_affected();
        if inserted == 1 {
            tx.commit().await?;
            return Ok(CounterCode {
                qr_svg: crate::platform::qr::qr_svg(&format!("CK{code}")),
                code,
                expires_at_ms: now + CODE_TTL_MS,
            });
        }
    }
    Err(internal("no free counter code"))
}

/// The pass's code while it is live and unused.
#[tracing::instrument(skip_all)]
pub async fn live_code(db: &crate::platform::db::Db, pass: i64, now: i64) -> Result<Option<CounterCode>, sqlx::Error> {
    let r = sqlx::query("SELECT code, expires_at FROM counter_codes WHERE pass_id = $1 AND used_at IS NULL AND expires_at > $2")
        .bind(pass)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?;
    r.map(|r| {
        let code = text(&r, "code")?;
        Ok(CounterCode { qr_svg: crate::platform::qr::qr_svg(&format!("CK{code}")), code, expires_at_ms: int(&r, "expires_at")? })
    })
    .transpose()
}

/// Reads a code as typed or scanned (`CK123456` from the QR code, spaces allowed).
fn normalise_code(code: &str) -> Option<String> {
    let digits: String = code.trim().trim_start_matches("CK").chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

async fn live_pass(tx: &mut Tx, code: &str, now: i64) -> Result<Option<CounterPass>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT s.id, s.first_name FROM counter_codes c JOIN passes s ON s.id = c.pass_id
         WHERE c.code = $1 AND c.used_at IS NULL AND c.expires_at > $2 AND s.status = 'active' AND s.left_at IS NULL",
    )
    .bind(code)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    r.map(|r| Ok(CounterPass { pass: int(&r, "id")?, first_name: text(&r, "first_name")? })).transpose()
}

/// A provider looks up a code: the student's first name and credit, nothing else. Wrong codes
/// count towards a limit per provider, so codes cannot be guessed.
#[tracing::instrument(skip_all)]
pub async fn lookup(state: &AppState, provider: ProviderId, code: &str) -> Result<CounterLookup, AppError> {
    let now = state.clock.now_ms();
    let Some(code) = normalise_code(code) else { return Err(AppError::field("code", Problem::InvalidCode)) };
    let throttle = format!("counter:{}", provider.0);
    if !crate::platform::throttle::take_attempt(&state.db, &throttle, WRONG_CODES, now).await? {
        return Err(AppError::RateLimited);
    }
    let mut tx = state.db.pool.begin().await?;
    let found = live_pass(&mut tx, &code, now).await?;
    let Some(p) = found else {
        tx.rollback().await?;
        return Err(AppError::Conflict(Problem::CodeInvalidOrUsed));
    };
    let (_, balance) = balance_in(&mut tx, p.pass, &local_date(now)).await?;
    tx.rollback().await?;
    crate::platform::throttle::give_back(&state.db, &throttle).await?;
    Ok(CounterLookup {
        code,
        first_name: p.first_name,
        balance: Money::from_cents(balance).map_err(internal)?,
        client_key: crate::platform::tokens::new_token().0,
    })
}

/// The receipt of a counter payment by its provider and the provider's key.
async fn receipt_by_key(tx: &mut Tx, provider: ProviderId, client_key: &str) -> Result<Option<CounterReceipt>, sqlx::Error> {
    let r = sqlx::query(
        "SELECT c.id, s.first_name, c.amount_cents, c.description, c.created_at, c.balance_after_cents, pr.name AS provider_name
         FROM counter_payments c JOIN passes s ON s.id = c.pass_id JOIN providers pr ON pr.id = c.provider_id
         WHERE c.provider_id = $1 AND c.client_key = $2",
    )
    .bind(provider.0)
    .bind(client_key)
    .fetch_optional(&mut **tx)
    .await?;
    r.map(|r| {
        Ok(CounterReceipt {
            payment_id: int(&r, "id")?,
            first_name: text(&r, "first_name")?,
            provider_name: text(&r, "provider_name")?,
            amount: Money::from_cents(int(&r, "amount_cents")?).unwrap_or(Money::ZERO),
            description: text(&r, "description")?,
            at_ms: int(&r, "created_at")?,
            balance_after: Money::from_cents(int(&r, "balance_after_cents")?).unwrap_or(Money::ZERO),
        })
    })
    .transpose()
}

/// A provider charges a student's credit with the code the student shows. The code works
/// once: two counters with the same code get one payment between them. A retry with the same
/// `client_key` (the provider's device sending again) answers the first receipt.
#[tracing::instrument(skip_all)]
pub async fn charge(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    code: &str,
    amount: &str,
    description: &str,
    client_key: &str,
) -> Result<CounterReceipt, AppError> {
    let now = state.clock.now_ms();
    let client_key: String = client_key.trim().chars().take(100).collect();
    if client_key.is_empty() {
        return Err(AppError::BadRequest);
    }
    let amount = Money::parse(amount)
        .ok()
        .filter(|m| m.cents() > 0 && m.cents() <= MAX_PAYMENT_CENTS)
        .ok_or_else(|| AppError::field("amount", Problem::InvalidAmount))?;
    let description = domain::error::required_field("description", description, 200)?;
    let code = normalise_code(code).ok_or_else(|| AppError::field("code", Problem::InvalidCode))?;
    let mut tx = state.db.begin_write().await?;
    if let Some(done) = receipt_by_key(&mut tx, provider, &client_key).await? {
        return Ok(done);
    }
    let used = sqlx::query(
        "UPDATE counter_codes SET used_at = $1 WHERE code = $2 AND used_at IS NULL AND expires_at > $1 RETURNING pass_id",
    )
    .bind(now)
    .bind(&code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(used) = used else {
        // The same payment sent twice at once: the first took the code; answer its receipt.
        if let Some(done) = receipt_by_key(&mut tx, provider, &client_key).await? {
            return Ok(done);
        }
        return Err(AppError::Conflict(Problem::CodeInvalidOrUsed));
    };
    let pass = int(&used, "pass_id")?;
    let r = sqlx::query(
        "SELECT s.location_id, pr.name AS provider_name FROM passes s, providers pr
         WHERE s.id = $1 AND s.status = 'active' AND s.left_at IS NULL AND pr.id = $2",
    )
    .bind(pass)
    .bind(provider.0)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict(Problem::CodeInvalidOrUsed))?;
    let location = LocationId(int(&r, "location_id")?);
    let reference = format!("{} — {description}", text(&r, "provider_name")?);
    let Some((period, _)) = current_period(&mut tx, &local_date(now)).await? else {
        return Err(AppError::Conflict(Problem::InsufficientCredit));
    };
    let credit = AccountRef::credit(pass, location, period);
    let payable = AccountRef::provider(provider);
    let lock = state.db.backend == crate::platform::db::Backend::Postgres;
    let accounts = ledger::open_with_balances(&mut tx, &[credit.clone(), payable.clone()], lock).await?;
    let (credit_id, balance) = accounts.get(&credit.key).copied().unwrap_or((0, 0));
    let payable_id = accounts.get(&payable.key).map(|a| a.0).unwrap_or(0);
    if balance < amount.cents() {
        return Err(AppError::Conflict(Problem::InsufficientCredit));
    }
    let posted = ledger::post(
        &mut tx,
        now,
        Some(actor),
        "counter_payment",
        &reference,
        Some(&format!("counter:{}:{client_key}", provider.0)),
        &[(credit_id, -amount.cents()), (payable_id, amount.cents())],
    )
    .await;
    match posted {
        Ok(_) => {}
        Err(LedgerError::Insufficient) => return Err(AppError::Conflict(Problem::InsufficientCredit)),
        Err(e) => return Err(internal(e)),
    }
    let balance_after = balance - amount.cents();
    sqlx::query(
        "INSERT INTO counter_payments (provider_id, pass_id, period_id, amount_cents, description, client_key, status,
            balance_after_cents, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, 'paid', $7, $8, $9)",
    )
    .bind(provider.0)
    .bind(pass)
    .bind(period)
    .bind(amount.cents())
    .bind(&description)
    .bind(&client_key)
    .bind(balance_after)
    .bind(now)
    .bind(actor.0)
    .execute(&mut *tx)
    .await?;
    let receipt = receipt_by_key(&mut tx, provider, &client_key).await?.ok_or_else(|| internal("receipt"))?;
    // The student's receipt, by mail.
    let to = text(
        &sqlx::query("SELECT p.email FROM passes s JOIN people p ON p.id = s.person_id WHERE s.id = $1")
            .bind(pass)
            .fetch_one(&mut *tx)
            .await?,
        "email",
    )?;
    let body = format!(
        "Hallo {name},\n\nJe hebt met je MBO Cultuurkaart betaald.\n\n{what}\nBedrag: {amount}\nBon: {id}\nTegoed over: {left}\n\nKlopt dit niet? Neem contact op met de aanbieder; die kan de betaling 14 dagen terugdraaien.\n\n---\n\nHello {name},\n\nYou paid with your MBO Cultuurkaart.\n\n{what}\nAmount: {amount}\nReceipt: {id}\nCredit left: {left}\n\nSomething wrong? Contact the provider, who can refund the payment within 14 days.\n",
        name = receipt.first_name,
        what = reference,
        amount = receipt.amount.display_nl(),
        id = receipt.payment_id,
        left = receipt.balance_after.display_nl()
    );
    crate::platform::mail::enqueue(&mut tx, now, &to, "Betaalbewijs / Receipt — MBO Cultuurkaart", &body).await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "counter_payment",
        "pass",
        Some(pass),
        &format!("{amount} at provider {}", provider.0),
    )
    .await?;
    tx.commit().await?;
    Ok(receipt)
}

/// A provider refunds one of its counter payments within 14 days: the credit goes back to
/// the student. Refunding twice changes nothing the second time.
#[tracing::instrument(skip_all)]
pub async fn refund(state: &AppState, actor: PersonId, provider: ProviderId, payment: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let r = sqlx::query(
        "SELECT c.pass_id, c.period_id, c.amount_cents, c.status, c.created_at, c.description, s.location_id, pr.name AS provider_name
         FROM counter_payments c JOIN passes s ON s.id = c.pass_id JOIN providers pr ON pr.id = c.provider_id
         WHERE c.id = $1 AND c.provider_id = $2",
    )
    .bind(payment)
    .bind(provider.0)
    .fetch_optional(&mut *tx)
    .await
    ?
    .ok_or(AppError::NotFound)?;
    let status = text(&r, "status")?;
    if status == "refunded" {
        return Ok(());
    }
    if status != "paid" || int(&r, "created_at")? + REFUND_MS < now {
        return Err(AppError::Conflict(Problem::RefundWindowClosed));
    }
    let claimed =
        sqlx::query("UPDATE counter_payments SET status = 'refunded', refunded_at = $1 WHERE id = $2 AND status = 'paid'")
            .bind(now)
            .bind(payment)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Ok(());
    }
    let pass = int(&r, "pass_id")?;
    let period = int(&r, "period_id")?;
    let amount = int(&r, "amount_cents")?;
    let location = LocationId(int(&r, "location_id")?);
    let credit = ledger::open(&mut tx, &AccountRef::credit(pass, location, period)).await?;
    let payable = ledger::provider_account(&mut tx, provider).await?;
    ledger::post(
        &mut tx,
        now,
        Some(actor),
        "counter_refund",
        &format!("{} — {}", text(&r, "provider_name")?, text(&r, "description")?),
        Some(&format!("counter_refund:{payment}")),
        &[(payable, -amount), (credit, amount)],
    )
    .await
    .map_err(internal)?;
    // The student hears of it: the payment that was undone and the credit it gave back.
    let student = sqlx::query("SELECT p.email, s.first_name FROM passes s JOIN people p ON p.id = s.person_id WHERE s.id = $1")
        .bind(pass)
        .fetch_one(&mut *tx)
        .await?;
    let body = format!(
        "Hallo {name},\n\n{provider} heeft een betaling met je MBO Cultuurkaart teruggedraaid. Het bedrag staat weer op je tegoed.\n\n{what}\nBedrag: {amount}\nBon: {payment}\n\n---\n\nHello {name},\n\n{provider} has refunded a payment made with your MBO Cultuurkaart. The amount is back on your credit.\n\n{what}\nAmount: {amount}\nReceipt: {payment}\n",
        name = text(&student, "first_name")?,
        provider = text(&r, "provider_name")?,
        what = text(&r, "description")?,
        amount = Money::from_cents(amount).unwrap_or(Money::ZERO).display_nl(),
    );
    crate::platform::mail::enqueue(
        &mut tx,
        now,
        &text(&student, "email")?,
        "Betaling teruggedraaid / Payment refunded — MBO Cultuurkaart",
        &body,
    )
    .await?;
    audit::record(&mut tx, now, Some(actor), "counter_refund", "pass", Some(pass), &format!("payment {payment}")).await?;
    tx.commit().await?;
    Ok(())
}

/// The columns of a counter payment as lists show it (`payment_from_row` reads them).
pub const PAYMENT_SELECT: &str = "SELECT c.id, s.first_name, c.amount_cents, c.description, c.status, c.created_at, c.refunded_at
    FROM counter_payments c JOIN passes s ON s.id = c.pass_id";

/// A counter payment from a row of [`PAYMENT_SELECT`]; refundable when still paid and
/// within 14 days of `now`.
pub fn payment_from_row(r: &sqlx::any::AnyRow, now: i64) -> Result<CounterPaymentRow, sqlx::Error> {
    let at = int(r, "created_at")?;
    let status = text(r, "status")?;
    Ok(CounterPaymentRow {
        payment_id: int(r, "id")?,
        first_name: text(r, "first_name")?,
        amount: Money::from_cents(int(r, "amount_cents")?).unwrap_or(Money::ZERO),
        description: text(r, "description")?,
        refundable: status == "paid" && at + REFUND_MS >= now,
        payable_from_ms: (status == "paid").then_some(at + REFUND_MS),
        status,
        at_ms: at,
        refunded_at_ms: opt_int(r, "refunded_at")?,
    })
}

/// A provider's counter payments, newest first.
#[tracing::instrument(skip_all)]
pub async fn provider_payments(
    state: &AppState,
    provider: ProviderId,
    page: PageRequest,
) -> Result<Page<CounterPaymentRow>, AppError> {
    let now = state.clock.now_ms();
    let total = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM counter_payments WHERE provider_id = $1")
            .bind(provider.0)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("{PAYMENT_SELECT} WHERE c.provider_id = $1 ORDER BY c.id DESC LIMIT $2 OFFSET $3"))
        .bind(provider.0)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&state.db.pool)
        .await?;
    let rows = rows.iter().map(|r| payment_from_row(r, now)).collect::<Result<_, sqlx::Error>>()?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}

/// A pass's credit balance in the current period and its latest movements.
#[tracing::instrument(skip_all)]
pub async fn credit_of(state: &AppState, pass: i64) -> Result<(Money, Vec<CreditLine>), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.pool.begin().await?;
    let (period, balance) = balance_in(&mut tx, pass, &local_date(now)).await?;
    let mut lines = Vec::new();
    if let Some(period) = period {
        let rows = sqlx::query(
            "SELECT t.kind, t.created_at, t.reference, e.amount_cents FROM ledger_entries e
             JOIN ledger_transactions t ON t.id = e.transaction_id JOIN ledger_accounts a ON a.id = e.account_id
             WHERE a.account_key = $1 ORDER BY e.id DESC LIMIT 10",
        )
        .bind(AccountRef::credit_key(pass, period))
        .fetch_all(&mut *tx)
        .await?;
        for r in rows {
            lines.push(CreditLine {
                kind: text(&r, "kind")?,
                at_ms: int(&r, "created_at")?,
                amount: Money::from_cents(int(&r, "amount_cents")?).map_err(internal)?,
                what: text(&r, "reference")?,
            });
        }
    }
    tx.rollback().await?;
    Ok((Money::from_cents(balance).map_err(internal)?, lines))
}
