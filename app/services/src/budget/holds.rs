//! Holds: budget a location earmarks for a planned activity. The money moves from the budget to
//! the hold's own ledger account, so it can no longer be spent on something else; a weborder can
//! be paid from the hold, and what is left returns to the budget when the hold is released or
//! expires.

use crate::budget::ledger::{self, AccountKind, LedgerError};
use crate::budget::periods::open_period;
use crate::platform::audit;
use crate::platform::db::money;
use crate::platform::db::{int, text};
use crate::platform::state::AppState;
use domain::error::{required_text, Problem, Problems};
use domain::failure::internal;
use domain::time::{is_valid_date, local_date};
use domain::weborder::{HoldRow, HoldStatus};
use domain::{AppError, LocationId, Money, PersonId};

/// Earmarks `amount` of the location's budget in the open period until `expires_on`.
#[tracing::instrument(skip_all)]
pub async fn create(
    state: &AppState,
    actor: PersonId,
    location: LocationId,
    amount: &str,
    description: &str,
    expires_on: &str,
) -> Result<i64, AppError> {
    let now = state.clock.now_ms();
    let today = local_date(now);
    let mut problems = Problems::default();
    let amount = match Money::parse(amount) {
        Ok(m) if m.cents() > 0 => m,
        _ => {
            problems.add("amount", Problem::InvalidAmount);
            Money::ZERO
        }
    };
    let description = required_text(&mut problems, "description", description, 200);
    let expires_on = expires_on.trim().to_owned();
    if !is_valid_date(&expires_on) {
        problems.add("expires_on", Problem::NotADate);
    } else if expires_on < today {
        problems.add("expires_on", Problem::DateInPast);
    }
    let period = open_period(&state.db, &today).await?.ok_or(AppError::Conflict(Problem::NoOpenPeriod))?;
    if expires_on > period.ends_on {
        problems.add("expires_on", Problem::DateOutsidePeriod);
    }
    problems.finish(|| ())?;
    let mut tx = state.db.begin_write().await?;
    let id = int(
        &sqlx::query(
            "INSERT INTO budget_holds (location_id, period_id, amount_cents, description, expires_on, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, 'active', $6, $7) RETURNING id",
        )
        .bind(location.0)
        .bind(period.id)
        .bind(amount.cents())
        .bind(&description)
        .bind(&expires_on)
        .bind(actor.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    let budget = ledger::account(&mut tx, AccountKind::LocationBudget, Some(location), Some(period.id)).await?;
    let hold = ledger::hold_account(&mut tx, id, location, period.id).await?;
    ledger::post(
        &mut tx,
        now,
        Some(actor),
        "hold_created",
        &format!("H{id}"),
        Some(&format!("hold:{id}:create")),
        &[(budget, -amount.cents()), (hold, amount.cents())],
    )
    .await
    .map_err(|e| match e {
        LedgerError::Insufficient => AppError::field("amount", Problem::InsufficientBudget),
        other => internal(other),
    })?;
    audit::record(&mut tx, now, Some(actor), "hold_created", "budget_hold", Some(id), &format!("amount {amount}; {description}"))
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Ends an active hold (`released` by the budget holder, or `expired`) and returns what is
/// left on it to the budget. False when the hold was not active (any more).
async fn close(
    state: &AppState,
    actor: Option<PersonId>,
    id: i64,
    location: Option<LocationId>,
    status: HoldStatus,
) -> Result<bool, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let Some(r) =
        sqlx::query("SELECT location_id, period_id FROM budget_holds WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?
    else {
        return Err(AppError::NotFound);
    };
    let hold_location = LocationId(int(&r, "location_id")?);
    if location.is_some_and(|l| l != hold_location) {
        return Err(AppError::NotFound);
    }
    let period = int(&r, "period_id")?;
    let changed = sqlx::query("UPDATE budget_holds SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'active'")
        .bind(status.code())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Ok(false);
    }
    let hold = ledger::hold_account(&mut tx, id, hold_location, period).await?;
    let left = ledger::balance(&mut tx, hold).await?;
    if left > 0 {
        let budget = ledger::account(&mut tx, AccountKind::LocationBudget, Some(hold_location), Some(period)).await?;
        ledger::post(
            &mut tx,
            now,
            actor,
            &format!("hold_{}", status.code()),
            &format!("H{id}"),
            Some(&format!("hold:{id}:close")),
            &[(hold, -left), (budget, left)],
        )
        .await
        .map_err(internal)?;
    }
    audit::record(
        &mut tx,
        now,
        actor,
        &format!("hold_{}", status.code()),
        "budget_hold",
        Some(id),
        &format!("returned {}", money(left)?),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The budget holder ends a hold of one of their locations early.
#[tracing::instrument(skip_all)]
pub async fn release(state: &AppState, actor: PersonId, locations: &[LocationId], id: i64) -> Result<(), AppError> {
    let location = sqlx::query("SELECT location_id FROM budget_holds WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?
        .map(|r| int(&r, "location_id").map(LocationId))
        .transpose()?
        .filter(|l| locations.contains(l))
        .ok_or(AppError::NotFound)?;
    if close(state, Some(actor), id, Some(location), HoldStatus::Released).await? {
        Ok(())
    } else {
        Err(AppError::Conflict(Problem::HoldNotActive))
    }
}

/// Expires the holds whose date has passed; what is left returns to the budget. Returns how
/// many expired now; safe to run on every instance.
#[tracing::instrument(skip_all)]
pub async fn expire_due(state: &AppState) -> Result<usize, AppError> {
    let today = local_date(state.clock.now_ms());
    let due = sqlx::query("SELECT id FROM budget_holds WHERE status = 'active' AND expires_on < $1 ORDER BY id LIMIT 500")
        .bind(&today)
        .fetch_all(&state.db.pool)
        .await?;
    let mut n = 0;
    for r in due {
        if close(state, None, int(&r, "id")?, None, HoldStatus::Expired).await? {
            n += 1;
        }
    }
    Ok(n)
}

/// The holds of a location, active first, then the newest.
#[tracing::instrument(skip_all)]
pub async fn of_location(state: &AppState, location: LocationId) -> Result<Vec<HoldRow>, AppError> {
    let rows = sqlx::query(
        "SELECT h.id, h.location_id, h.description, h.amount_cents, h.expires_on, h.status, h.created_at,
                CAST(COALESCE(a.balance_cents, 0) AS BIGINT) AS remaining
         FROM budget_holds h LEFT JOIN ledger_accounts a ON a.account_key = 'hold:' || CAST(h.id AS TEXT)
         WHERE h.location_id = $1 ORDER BY CASE WHEN h.status = 'active' THEN 0 ELSE 1 END, h.id DESC LIMIT 200",
    )
    .bind(location.0)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HoldRow {
                id: int(r, "id")?,
                location_id: LocationId(int(r, "location_id")?),
                description: text(r, "description")?,
                amount: money(int(r, "amount_cents")?)?,
                remaining: money(int(r, "remaining")?)?,
                expires_on: text(r, "expires_on")?,
                status: HoldStatus::from_code(&text(r, "status")?).ok_or_else(|| internal("hold status"))?,
                created_at_ms: int(r, "created_at")?,
            })
        })
        .collect()
}
