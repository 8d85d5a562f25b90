//! Spending reports from the weborders: per location by provider and by art form, and per
//! provider by status, by school location and paid out. Every query is scoped by its caller's
//! location or provider.

use crate::platform::db::money;
use crate::platform::db::{int, text};
use crate::platform::state::AppState;
use domain::failure::internal;
use domain::records::LocationSummary;
use domain::report::{LocationSpend, ProviderReport, ReportLine};
use domain::{AppError, ProviderId};

/// Weborders whose amount left the budget (and was not given back).
const SPENT: &str = "w.status IN ('approved', 'in_payout', 'paid')";

async fn lines(state: &AppState, sql: &str, id: i64) -> Result<Vec<ReportLine>, AppError> {
    let rows = sqlx::query(sql).bind(id).fetch_all(&state.db.pool).await?;
    rows.iter()
        .map(|r| Ok(ReportLine { label: text(r, "label")?, weborders: int(r, "n")?, amount: money(int(r, "total")?)? }))
        .collect()
}

/// What each of `locations` spent, by provider and by art form, largest first.
#[tracing::instrument(skip_all)]
pub async fn location_spend(state: &AppState, locations: &[LocationSummary]) -> Result<Vec<LocationSpend>, AppError> {
    let mut out = Vec::with_capacity(locations.len());
    for l in locations {
        let by_provider = lines(
            state,
            &format!(
                "SELECT pr.name AS label, COUNT(*) AS n, CAST(SUM(w.amount_cents) AS BIGINT) AS total FROM weborders w
                 JOIN providers pr ON pr.id = w.provider_id WHERE w.location_id = $1 AND {SPENT} GROUP BY pr.name ORDER BY total DESC, pr.name"
            ),
            l.id.0,
        )
        .await?;
        let by_discipline = lines(
            state,
            &format!(
                "SELECT o.disciplines AS label, COUNT(*) AS n, CAST(SUM(w.amount_cents) AS BIGINT) AS total FROM weborders w
                 JOIN offers o ON o.id = w.offer_id WHERE w.location_id = $1 AND {SPENT} GROUP BY o.disciplines ORDER BY total DESC, o.disciplines"
            ),
            l.id.0,
        )
        .await?;
        let total = by_provider
            .iter()
            .try_fold(0i64, |acc, line| acc.checked_add(line.amount.cents()))
            .ok_or_else(|| internal("total"))?;
        out.push(LocationSpend {
            location_id: l.id,
            location_name: l.name.clone(),
            total: money(total)?,
            by_provider,
            by_discipline,
        });
    }
    Ok(out)
}

/// A provider's weborders by status and by school location, and what it was paid.
#[tracing::instrument(skip_all)]
pub async fn provider_report(state: &AppState, provider: ProviderId) -> Result<ProviderReport, AppError> {
    let by_status = lines(
        state,
        "SELECT w.status AS label, COUNT(*) AS n, CAST(SUM(w.amount_cents) AS BIGINT) AS total FROM weborders w
         WHERE w.provider_id = $1 GROUP BY w.status ORDER BY w.status",
        provider.0,
    )
    .await?;
    let by_location = lines(
        state,
        &format!(
            "SELECT l.name AS label, COUNT(*) AS n, CAST(SUM(w.amount_cents) AS BIGINT) AS total FROM weborders w
             JOIN locations l ON l.id = w.location_id WHERE w.provider_id = $1 AND {SPENT} GROUP BY l.name ORDER BY total DESC, l.name"
        ),
        provider.0,
    )
    .await?;
    let paid = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(t.amount_cents), 0) AS BIGINT) AS total FROM payout_transfers t
         JOIN payout_batches b ON b.id = t.batch_id WHERE t.provider_id = $1 AND b.status = 'paid'",
    )
    .bind(provider.0)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(ProviderReport { by_status, by_location, paid_out: money(int(&paid, "total")?)?, payouts: int(&paid, "n")? })
}
