//! The school side of the budget: what each location has ordered, been invoiced, paid and
//! has available, and the budget holder's order, amendment and withdrawal.

use domain::budget::{AccountHistory, AccountKind, BudgetSummary, OrderRow, PeriodRow};
use domain::records::LocationSummary;
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One location's budget page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationBudget {
    pub location: LocationSummary,
    /// True when the caller is this location's budget holder (a board member only reads).
    pub can_order: bool,
    /// True when the board's decision and the invoice details are recorded (needed to order).
    pub details_ready: bool,
    pub duo_count: Option<i64>,
    pub school_year: Option<String>,
    /// The period open for ordering now.
    pub period: Option<PeriodRow>,
    pub orders: Vec<OrderRow>,
    /// The money of the open period.
    pub summary: Option<BudgetSummary>,
    /// The server's "now", so the page decides what can still be amended by the server's clock.
    pub now_ms: i64,
}

/// The locations a school-portal user may see, and those where they are budget holder.
#[cfg(feature = "ssr")]
async fn school_scope() -> Result<(domain::CurrentUser, Vec<LocationSummary>), AppError> {
    use crate::request::{require_portal, state};
    use domain::Portal;
    use services::accounts::orgs;

    let user = require_portal(Portal::School).await?;
    let locations = orgs::school_locations_of(&state()?.db, &user).await?;
    Ok((user, locations))
}

/// Every location of the caller with its budget, orders and invoices.
#[server(endpoint = "budget/school")]
pub async fn school_budget() -> Result<Vec<LocationBudget>, AppError> {
    use crate::request::{respond, state};
    use domain::time::local_date;
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let (user, locations) = school_scope().await?;
            let state = state()?;
            let now = state.clock.now_ms();
            let period = budget::periods::open_period(&state.db, &local_date(now)).await?;
            let holder_of = user.locations_with(&[Role::BudgetHolder]);
            let mut out = Vec::with_capacity(locations.len());
            for location in locations {
                let count = budget::periods::duo_count(&state.db, location.id).await?;
                let orders = budget::orders_of(&state.db, &[location.id]).await?;
                let summary = match &period {
                    Some(p) => Some(budget::payments::summary(&state.db, location.id, p.id).await?),
                    None => None,
                };
                let details_ready =
                    services::budget::school::profile(&state.db, location.id).await?.is_some_and(|p| p.taking_part);
                out.push(LocationBudget {
                    can_order: holder_of.contains(&location.id),
                    details_ready,
                    duo_count: count.as_ref().map(|c| c.0),
                    school_year: count.map(|c| c.1),
                    period: period.clone(),
                    orders,
                    summary,
                    location,
                    now_ms: now,
                });
            }
            Ok(out)
        }
        .await,
    )
}

/// The budget holder orders budget for one of their locations in the open period.
#[server(endpoint = "budget/submit")]
pub async fn submit_budget_order(location_id: i64, collective: String, individual: String) -> Result<(), AppError> {
    use crate::request::{require_location, respond, state};
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let (user, location) = require_location(&[Role::BudgetHolder], location_id).await?;
            budget::submit_order(&state()?, user.person_id, &user.email, location, &collective, &individual).await?;
            leptos_axum::redirect("/school/budget?done=submitted");
            Ok(())
        }
        .await,
    )
}

/// The budget holder changes the counts of their submitted order before the deadline.
#[server(endpoint = "budget/amend")]
pub async fn amend_budget_order(order_id: i64, collective: String, individual: String) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            let mine = user.locations_with(&[Role::BudgetHolder]);
            budget::amend_order(&state()?, user.person_id, &user.email, &mine, order_id, &collective, &individual).await?;
            leptos_axum::redirect("/school/budget?done=amended");
            Ok(())
        }
        .await,
    )
}

/// The budget holder withdraws their submitted order before the deadline.
#[server(endpoint = "budget/withdraw")]
pub async fn withdraw_budget_order(order_id: i64) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            let mine = user.locations_with(&[Role::BudgetHolder]);
            budget::withdraw_order(&state()?, user.person_id, &user.email, &mine, order_id).await?;
            leptos_axum::redirect("/school/budget?done=withdrawn");
            Ok(())
        }
        .await,
    )
}

/// The movements of one kind of account (the collective budget when none is named) at one of
/// the caller's locations, with its balance.
#[server(endpoint = "budget/ledger")]
pub async fn location_ledger(
    location_id: i64,
    #[server(default)] account: Option<AccountKind>,
    page: u32,
) -> Result<AccountHistory, AppError> {
    use crate::request::{respond, state};
    use domain::{LocationId, PageRequest};
    use services::budget;
    respond(
        async move {
            let (_, locations) = school_scope().await?;
            let location = LocationId(location_id);
            if !locations.iter().any(|l| l.id == location) {
                return Err(AppError::NotFound);
            }
            let account = account.filter(|a| AccountKind::OF_LOCATION.contains(a)).unwrap_or(AccountKind::LocationBudget);
            budget::payments::account_history(&state()?.db, location, account, PageRequest::new(page, 25)).await
        }
        .await,
    )
}
