//! Payments of budget invoices (by hand or from a bank statement), the release of the budget
//! through the ledger when an invoice is paid, and what a location has: its summary and ledger
//! history.

use crate::platform::audit;
use crate::platform::db::{int, money, text, Db, Tx};

use crate::budget::ledger::{self, AccountKind, LedgerError};
use crate::platform::state::AppState;
use domain::budget::{AccountHistory, BudgetSummary, LedgerLine, OrderCounts, Rates};
use domain::error::Problem;
use domain::failure::internal;
use domain::time::local_date;
use domain::{AppError, LocationId, Money, Page, PageRequest, PersonId};
use sqlx::any::AnyRow;

// ---------------------------------------------------------------------------------------
// Payments and release

/// What registering a payment led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// Recorded; the invoice is not yet paid in full.
    Partial,
    /// Recorded; the invoice is now paid in full and the budget was released.
    Released,
    /// Recorded on an invoice that was already paid (an overpayment, shown to the operator).
    Overpaid,
}

/// Records a payment on an invoice. When the invoice becomes paid in full, the budget is
/// released through the ledger in the same transaction: the collective part to the
/// location's budget, the individual part to its individual-credit pool.
#[tracing::instrument(skip_all)]
pub async fn register_payment(
    state: &AppState,
    actor: Option<PersonId>,
    invoice_id: i64,
    amount: Money,
    paid_on: &str,
    reference: &str,
    source: &str,
) -> Result<PaymentOutcome, AppError> {
    let mut tx = state.db.begin_write().await?;
    let outcome =
        register_payment_in(&mut tx, state.clock.now_ms(), actor, invoice_id, amount, paid_on, reference, source).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// A payment the operator types in: like [`register_payment`], but an amount above what is
/// still open on the invoice (a typing slip, or money that must be refunded) is refused
/// unless `confirmed_above_outstanding` says the operator saw it and meant it. Bank
/// statements record what the bank booked and do not ask.
#[tracing::instrument(skip_all)]
pub async fn register_manual_payment(
    state: &AppState,
    actor: PersonId,
    invoice_id: i64,
    amount: Money,
    paid_on: &str,
    reference: &str,
    confirmed_above_outstanding: bool,
) -> Result<PaymentOutcome, AppError> {
    if paid_on > local_date(state.clock.now_ms()).as_str() {
        return Err(AppError::field("paid_on", Problem::DateInFuture));
    }
    let mut tx = state.db.begin_write().await?;
    let open = sqlx::query(
        "SELECT i.amount_cents - COALESCE((SELECT CAST(SUM(p.amount_cents) AS BIGINT) FROM payments p WHERE p.invoice_id = i.id), 0)
         AS outstanding FROM invoices i WHERE i.id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut *tx)
    .await
    ?
    .ok_or(AppError::NotFound)?;
    if amount.cents() > int(&open, "outstanding")? && !confirmed_above_outstanding {
        return Err(AppError::field("amount", Problem::PaymentAboveOutstanding));
    }
    let outcome =
        register_payment_in(&mut tx, state.clock.now_ms(), Some(actor), invoice_id, amount, paid_on, reference, "manual").await?;
    tx.commit().await?;
    Ok(outcome)
}

/// [`register_payment`] inside the caller's transaction (the bank-statement import stores the
/// statement line in the same transaction).
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all)]
pub async fn register_payment_in(
    tx: &mut Tx,
    now: i64,
    actor: Option<PersonId>,
    invoice_id: i64,
    amount: Money,
    paid_on: &str,
    reference: &str,
    source: &str,
) -> Result<PaymentOutcome, AppError> {
    if amount.cents() <= 0 {
        return Err(AppError::field("amount", Problem::InvalidAmount));
    }
    let inv = sqlx::query(
        "SELECT i.id, i.number, i.amount_cents, i.status, i.location_id, o.period_id, o.collective_students, o.individual_students,
                p.contribution_cents, p.match_cents
         FROM invoices i JOIN budget_orders o ON o.id = i.order_id JOIN programme_periods p ON p.id = o.period_id WHERE i.id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut **tx)
    .await
    ?
    .ok_or(AppError::NotFound)?;
    sqlx::query(
        "INSERT INTO payments (invoice_id, amount_cents, paid_on, reference, source, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(invoice_id)
    .bind(amount.cents())
    .bind(paid_on)
    .bind(reference)
    .bind(source)
    .bind(now)
    .bind(actor.map(|a| a.0))
    .execute(&mut **tx)
    .await
    ?;
    let paid = int(
        &sqlx::query("SELECT CAST(SUM(amount_cents) AS BIGINT) AS paid FROM payments WHERE invoice_id = $1")
            .bind(invoice_id)
            .fetch_one(&mut **tx)
            .await?,
        "paid",
    )?;
    let number = text(&inv, "number")?;
    audit::record(tx, now, actor, "payment_registered", "invoice", Some(invoice_id), &format!("{} {amount} {reference}", number))
        .await?;
    let credited = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM credit_notes WHERE invoice_id = $1")
            .bind(invoice_id)
            .fetch_one(&mut **tx)
            .await?,
        "n",
    )? > 0;
    let outcome = if credited || text(&inv, "status")? == "paid" {
        // Money on a paid or credited invoice is shown to the operator to refund, never released.
        PaymentOutcome::Overpaid
    } else if paid < int(&inv, "amount_cents")? {
        PaymentOutcome::Partial
    } else {
        // Conditional: only the payment that completes the invoice releases the budget.
        let done = sqlx::query("UPDATE invoices SET status = 'paid' WHERE id = $1 AND status = 'open'")
            .bind(invoice_id)
            .execute(&mut **tx)
            .await?;
        if done.rows_affected() == 1 {
            release(tx, now, actor, &inv, &number).await?;
            PaymentOutcome::Released
        } else {
            PaymentOutcome::Overpaid
        }
    };
    Ok(outcome)
}

async fn release(tx: &mut Tx, now: i64, actor: Option<PersonId>, inv: &AnyRow, number: &str) -> Result<(), AppError> {
    let location = LocationId(int(inv, "location_id")?);
    let period = int(inv, "period_id")?;
    let counts = OrderCounts { collective: int(inv, "collective_students")?, individual: int(inv, "individual_students")? };
    let rates =
        Rates { contribution: money(int(inv, "contribution_cents")?)?, government_match: money(int(inv, "match_cents")?)? };
    let amounts = counts.amounts(rates).ok_or_else(|| internal("amounts out of range"))?;
    let funding = ledger::account(tx, AccountKind::Funding, None, Some(period)).await?;
    let budget = ledger::account(tx, AccountKind::LocationBudget, Some(location), Some(period)).await?;
    let pool = ledger::account(tx, AccountKind::IndividualPool, Some(location), Some(period)).await?;
    let mut postings = Vec::new();
    let total = amounts.collective_budget.cents() + amounts.individual_credit.cents();
    if total > 0 {
        postings.push((funding, -total));
    }
    if amounts.collective_budget.cents() > 0 {
        postings.push((budget, amounts.collective_budget.cents()));
    }
    if amounts.individual_credit.cents() > 0 {
        postings.push((pool, amounts.individual_credit.cents()));
    }
    if postings.is_empty() {
        return Ok(());
    }
    ledger::post(tx, now, actor, "budget_released", number, Some(&format!("release:{number}")), &postings).await.map_err(
        |e| match e {
            LedgerError::Db(e) => internal(e),
            other => internal(other),
        },
    )?;
    if amounts.individual_credit.cents() > 0 {
        // Students who activated their pass before the pool came get their credit now.
        crate::budget::credit::grant_after_release(tx, now, location, period).await?;
    }
    Ok(())
}

/// The money of a location in a period.
#[tracing::instrument(skip_all)]
pub async fn summary(db: &Db, location: LocationId, period: i64) -> Result<BudgetSummary, AppError> {
    let balance = |kind: AccountKind| {
        let key = format!("{}:{}:{}", kind.code(), location.0, period);
        async move {
            let r = sqlx::query("SELECT balance_cents FROM ledger_accounts WHERE account_key = $1")
                .bind(key)
                .fetch_optional(&db.pool)
                .await?;
            r.map(|r| int(&r, "balance_cents").map_err(internal)).transpose().map(|b| b.unwrap_or(0))
        }
    };
    let inv = sqlx::query(
        "SELECT CAST(COALESCE(SUM(i.amount_cents), 0) AS BIGINT) AS invoiced,
                CAST(COALESCE((SELECT SUM(pm.amount_cents) FROM payments pm JOIN invoices i2 ON i2.id = pm.invoice_id
                    JOIN budget_orders o2 ON o2.id = i2.order_id WHERE i2.location_id = $1 AND o2.period_id = $2), 0) AS BIGINT) AS paid
         FROM invoices i JOIN budget_orders o ON o.id = i.order_id WHERE i.location_id = $1 AND o.period_id = $2",
    )
    .bind(location.0)
    .bind(period)
    .fetch_one(&db.pool)
    .await
    ?;
    let expired = sqlx::query(
        "SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) AS moved FROM ledger_entries e
         JOIN ledger_accounts a ON a.id = e.account_id JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE a.location_id = $1 AND a.period_id = $2 AND t.kind = 'budget_expired'",
    )
    .bind(location.0)
    .bind(period)
    .fetch_one(&db.pool)
    .await?;
    Ok(BudgetSummary {
        expired: money(-int(&expired, "moved")?)?,
        available: money(balance(AccountKind::LocationBudget).await?)?,
        individual_pool: money(balance(AccountKind::IndividualPool).await?)?,
        invoiced: money(int(&inv, "invoiced")?)?,
        paid: money(int(&inv, "paid")?)?,
    })
}

/// The ledger lines of a location's accounts, newest first (every kind of account, for the
/// download).
#[tracing::instrument(skip_all)]
pub async fn ledger_history(db: &Db, location: LocationId, page: PageRequest) -> Result<Page<LedgerLine>, AppError> {
    ledger_lines(db, location, None, page).await
}

/// The movements of one kind of account at a location, newest first, each with the balance
/// just after it, and the balance now.
#[tracing::instrument(skip_all)]
pub async fn account_history(
    db: &Db,
    location: LocationId,
    account: AccountKind,
    page: PageRequest,
) -> Result<AccountHistory, AppError> {
    let balance = int(
        &sqlx::query("SELECT CAST(COALESCE(SUM(balance_cents), 0) AS BIGINT) AS n FROM ledger_accounts WHERE location_id = $1 AND kind = $2")
            .bind(location.0)
            .bind(account.code())
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    let mut lines = ledger_lines(db, location, Some(account), page).await?;
    // What the newer lines (on earlier pages) moved, to start this page's running balance.
    let newer = match lines.rows.first() {
        None => 0,
        Some(_) => int(
            &sqlx::query(
                "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS n FROM (
                    SELECT e.amount_cents FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                    WHERE a.location_id = $1 AND a.kind = $2 ORDER BY e.id DESC LIMIT $3) newer",
            )
            .bind(location.0)
            .bind(account.code())
            .bind(page.offset())
            .fetch_one(&db.pool)
            .await?,
            "n",
        )?,
    };
    let mut after = balance - newer;
    for line in &mut lines.rows {
        line.balance_after = Some(money(after)?);
        after -= line.amount.cents();
    }
    Ok(AccountHistory { account, balance: money(balance)?, lines })
}

/// A location's ledger lines, of one kind of account or all, newest first.
async fn ledger_lines(
    db: &Db,
    location: LocationId,
    account: Option<AccountKind>,
    page: PageRequest,
) -> Result<Page<LedgerLine>, AppError> {
    let kind = account.map(AccountKind::code);
    let total = int(
        &sqlx::query(
            "SELECT COUNT(*) AS n FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
             WHERE a.location_id = $1 AND (CAST($2 AS TEXT) IS NULL OR a.kind = $2)",
        )
        .bind(location.0)
        .bind(kind)
        .fetch_one(&db.pool)
        .await?,
        "n",
    )?;
    let rows = sqlx::query(
        "SELECT t.created_at, t.kind AS tkind, t.reference, a.kind AS akind, e.amount_cents
         FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE a.location_id = $1 AND (CAST($2 AS TEXT) IS NULL OR a.kind = $2) ORDER BY e.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(location.0)
    .bind(kind)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(LedgerLine {
                at_ms: int(r, "created_at")?,
                kind: text(r, "tkind")?,
                reference: text(r, "reference")?,
                account: {
                    let code = text(r, "akind")?;
                    AccountKind::from_code(&code).ok_or_else(|| internal(format!("unknown account kind {code}")))?
                },
                amount: money(int(r, "amount_cents")?)?,
                balance_after: None,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}
