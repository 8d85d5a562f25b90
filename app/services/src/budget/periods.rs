//! Programme periods (rates, amendment window, dates), DUO student counts per location, and the
//! end of a period: warnings to budget holders with unspent budget, then expiry.

use crate::platform::audit;
use crate::platform::db::{int, money, text, Db};

use crate::budget::ledger::{self, AccountKind, LedgerError};
use crate::budget::school::budget_holder_emails;
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::budget::{PeriodRow, Rates};
use domain::error::Problem;
use domain::failure::internal;
use domain::time::{add_days, local_date};
use domain::{AppError, LocationId, PersonId};
use sqlx::any::AnyRow;

// ---------------------------------------------------------------------------------------
// Programme periods

/// A new programme period as the operator enters it.
#[derive(Clone, Debug)]
pub struct NewPeriod {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub rates: Rates,
    pub amendment_days: i64,
    pub payment_term_days: i64,
    pub vat_category: String,
    pub vat_rate_bp: i64,
}

fn period_from_row(r: &AnyRow) -> Result<PeriodRow, AppError> {
    Ok(PeriodRow {
        id: int(r, "id")?,
        name: text(r, "name")?,
        starts_on: text(r, "starts_on")?,
        ends_on: text(r, "ends_on")?,
        rates: Rates { contribution: money(int(r, "contribution_cents")?)?, government_match: money(int(r, "match_cents")?)? },
        amendment_days: int(r, "amendment_days")?,
        payment_term_days: int(r, "payment_term_days")?,
        vat_category: text(r, "vat_category")?,
        vat_rate_bp: int(r, "vat_rate_bp")?,
        in_use: int(r, "orders")? > 0,
    })
}

const PERIOD_SELECT: &str =
    "SELECT p.*, (SELECT COUNT(*) FROM budget_orders o WHERE o.period_id = p.id) AS orders FROM programme_periods p";

/// Registers a programme period.
#[tracing::instrument(skip_all)]
pub async fn create_period(state: &AppState, actor: PersonId, p: &NewPeriod) -> Result<i64, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let row = sqlx::query(
        "INSERT INTO programme_periods (name, starts_on, ends_on, contribution_cents, match_cents, amendment_days, vat_category,
            vat_rate_bp, payment_term_days, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(&p.name)
    .bind(&p.starts_on)
    .bind(&p.ends_on)
    .bind(p.rates.contribution.cents())
    .bind(p.rates.government_match.cents())
    .bind(p.amendment_days)
    .bind(&p.vat_category)
    .bind(p.vat_rate_bp)
    .bind(p.payment_term_days)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id = match row {
        Ok(r) => int(&r, "id")?,
        Err(e) if crate::platform::db::is_unique_violation(&e) => return Err(AppError::field("name", Problem::NameTaken)),
        Err(e) => return Err(internal(e)),
    };
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "period_created",
        "programme_period",
        Some(id),
        &format!("{} {}..{} {}+{}", p.name, p.starts_on, p.ends_on, p.rates.contribution, p.rates.government_match),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Every period, newest first.
#[tracing::instrument(skip_all)]
pub async fn periods(db: &Db) -> Result<Vec<PeriodRow>, AppError> {
    let sql = format!("{PERIOD_SELECT} ORDER BY p.starts_on DESC");
    sqlx::query(&sql).fetch_all(&db.pool).await?.iter().map(period_from_row).collect()
}

/// The period running on `today` (`YYYY-MM-DD`), the latest-starting one if several overlap.
#[tracing::instrument(skip_all)]
pub async fn open_period(db: &Db, today: &str) -> Result<Option<PeriodRow>, AppError> {
    let sql = format!("{PERIOD_SELECT} WHERE p.starts_on <= $1 AND p.ends_on >= $1 ORDER BY p.starts_on DESC LIMIT 1");
    sqlx::query(&sql).bind(today).fetch_optional(&db.pool).await?.as_ref().map(period_from_row).transpose()
}

// ---------------------------------------------------------------------------------------
// DUO student counts

/// Records a location's student count (from DUO, or corrected by hand with a reason).
#[tracing::instrument(skip_all)]
pub async fn set_student_count(
    state: &AppState,
    actor: PersonId,
    location: LocationId,
    school_year: &str,
    count: i64,
    reason: &str,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO student_counts (location_id, school_year, student_count, source, reason, created_at, created_by)
         VALUES ($1, $2, $3, 'manual', $4, $5, $6)",
    )
    .bind(location.0)
    .bind(school_year)
    .bind(count)
    .bind(reason)
    .bind(now)
    .bind(actor.0)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "student_count_set",
        "location",
        Some(location.0),
        &format!("{school_year}: {count} ({reason})"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The location's latest student count and its school year.
#[tracing::instrument(skip_all)]
pub async fn duo_count(db: &Db, location: LocationId) -> Result<Option<(i64, String)>, AppError> {
    let row =
        sqlx::query("SELECT student_count, school_year FROM student_counts WHERE location_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(location.0)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|r| Ok((int(&r, "student_count")?, text(&r, "school_year")?))).transpose()
}

// ---------------------------------------------------------------------------------------
// Expiry at the end of a period

/// Days before a period ends on which budget holders with unspent budget are warned.
pub const WARN_DAYS_BEFORE: [i64; 2] = [30, 7];

/// Mails the budget holders of every location with unspent collective budget 30 and 7 days
/// before its period ends, once per location, period and warning. Returns the mails sent.
#[tracing::instrument(skip_all)]
pub async fn warn_before_expiry(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now_ms();
    let today = local_date(now);
    let mut sent = 0;
    for days in WARN_DAYS_BEFORE {
        let Some(warn_from) = add_days(&today, days) else { continue };
        // Periods ending within `days` days that have not ended yet.
        let due = sqlx::query(
            "SELECT a.location_id, a.period_id, a.balance_cents, p.name, p.ends_on, l.name AS location_name
             FROM ledger_accounts a JOIN programme_periods p ON p.id = a.period_id JOIN locations l ON l.id = a.location_id
             WHERE a.kind = 'location_budget' AND a.balance_cents > 0 AND p.ends_on >= $1 AND p.ends_on <= $2",
        )
        .bind(&today)
        .bind(&warn_from)
        .fetch_all(&state.db.pool)
        .await?;
        for r in due {
            let location = int(&r, "location_id")?;
            let period = int(&r, "period_id")?;
            let mut tx = state.db.begin_write().await?;
            let fresh = sqlx::query(
                "INSERT INTO expiry_warnings (period_id, location_id, days_before, sent_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (period_id, location_id, days_before) DO NOTHING",
            )
            .bind(period)
            .bind(location)
            .bind(days)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if fresh.rows_affected() != 1 {
                continue;
            }
            let amount = money(int(&r, "balance_cents")?)?.display_nl();
            let ends_on = text(&r, "ends_on")?;
            let body = format!(
                "Je vestiging {loc} heeft nog {amount} cultuurbudget. De periode {period} eindigt op {ends_on}; wat dan niet is besteed, vervalt. Plan nu een activiteit met je klassen.\n\n---\n\nYour location {loc} still has {amount} of culture budget. The period {period} ends on {ends_on}; what is not spent by then expires. Plan an activity with your classes now.\n",
                loc = text(&r, "location_name")?,
                period = text(&r, "name")?,
            );
            for to in budget_holder_emails(&mut tx, LocationId(location)).await? {
                mail::enqueue(&mut tx, now, &to, "Budget vervalt binnenkort / Budget expires soon — MBO Cultuurkaart", &body)
                    .await?;
                sent += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(sent)
}

/// Moves what is left on the budget and individual-credit accounts of every ended period to
/// that period's expired account. Once per account (an idempotency key), so running it again,
/// or on two instances at once, moves nothing twice. Returns the accounts emptied.
#[tracing::instrument(skip_all)]
pub async fn expire_ended_periods(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now_ms();
    let today = local_date(now);
    let accounts = sqlx::query(
        "SELECT a.id, a.period_id FROM ledger_accounts a JOIN programme_periods p ON p.id = a.period_id
         WHERE a.kind IN ('location_budget', 'individual_pool', 'student_credit') AND a.balance_cents > 0 AND p.ends_on < $1
         ORDER BY a.id",
    )
    .bind(&today)
    .fetch_all(&state.db.pool)
    .await?;
    let mut emptied = 0;
    for r in accounts {
        let account = int(&r, "id")?;
        let period = int(&r, "period_id")?;
        let mut tx = state.db.begin_write().await?;
        let balance = int(
            &sqlx::query("SELECT balance_cents FROM ledger_accounts WHERE id = $1").bind(account).fetch_one(&mut *tx).await?,
            "balance_cents",
        )?;
        if balance <= 0 {
            continue;
        }
        let expired = ledger::account(&mut tx, AccountKind::Expired, None, Some(period)).await?;
        // One expiry per state of the account: two workers that read the same state use the
        // same key, and money that arrives later gets a new one.
        let last_entry = int(
            &sqlx::query("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS last FROM ledger_entries WHERE account_id = $1")
                .bind(account)
                .fetch_one(&mut *tx)
                .await?,
            "last",
        )?;
        let key = format!("expire:{account}:{last_entry}");
        match ledger::post(
            &mut tx,
            now,
            None,
            "budget_expired",
            &format!("period {period}"),
            Some(&key),
            &[(account, -balance), (expired, balance)],
        )
        .await
        {
            Ok(_) => {
                tx.commit().await?;
                emptied += 1;
            }
            // Another instance did it, or the balance moved meanwhile: leave it to the next run.
            Err(LedgerError::Duplicate | LedgerError::Insufficient) => {}
            Err(LedgerError::Db(e)) => return Err(internal(e)),
            Err(e) => return Err(internal(e)),
        }
    }
    Ok(emptied)
}
