//! Weborders and holds for the school portal (decide, undo, cancel, earmark) and the operator's
//! view. Every function scopes by the caller's locations from the session.

use domain::budget::BudgetSummary;
use domain::records::LocationSummary;
use domain::weborder::{HoldRow, WeborderHistoryLine, WeborderRow};
use domain::{AppError, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The school's weborders page: the caller's locations with what they have, and a page of
/// weborders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolWeborderList {
    pub locations: Vec<LocationMoney>,
    pub weborders: Page<WeborderRow>,
    /// True when the caller may decide (budget holder of at least one location).
    pub can_decide: bool,
    pub now_ms: i64,
}

/// A location with its money in the open period and its holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationMoney {
    pub location: LocationSummary,
    pub summary: Option<BudgetSummary>,
    pub holds: Vec<HoldRow>,
    /// True when the caller is this location's budget holder.
    pub is_holder: bool,
}

/// One weborder with its history and the holds it could be paid from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeborderDetail {
    pub weborder: WeborderRow,
    pub history: Vec<WeborderHistoryLine>,
    pub holds: Vec<HoldRow>,
    pub available: Option<BudgetSummary>,
    pub can_decide: bool,
    pub now_ms: i64,
}

#[cfg(feature = "ssr")]
async fn school_caller() -> Result<(domain::CurrentUser, Vec<LocationSummary>), AppError> {
    use crate::request::{require_portal, state};
    use domain::Portal;
    use services::accounts::orgs;

    let user = require_portal(Portal::School).await?;
    let locations = orgs::school_locations_of(&state()?.db, &user).await?;
    Ok((user, locations))
}

#[cfg(feature = "ssr")]
fn holder_locations(user: &domain::CurrentUser) -> Result<Vec<domain::LocationId>, AppError> {
    let mine = user.locations_with(&[domain::Role::BudgetHolder]);
    if mine.is_empty() {
        Err(AppError::Forbidden)
    } else {
        Ok(mine)
    }
}

/// The caller's locations with budget and holds, and their weborders (optionally of one status).
#[server(endpoint = "weborders/school")]
pub async fn school_weborders(
    #[server(default)] status: Option<domain::weborder::WeborderStatus>,
    page: u32,
) -> Result<SchoolWeborderList, AppError> {
    use crate::request::{respond, state};
    use domain::time::local_date;

    use domain::{PageRequest, Role};
    use services::market::weborders::{self, Viewer};
    use services::{budget, budget::holds};
    respond(
        async move {
            let (user, locations) = school_caller().await?;
            let state = state()?;
            let now = state.clock.now_ms();
            let period = budget::periods::open_period(&state.db, &local_date(now)).await?;
            let holder_of = user.locations_with(&[Role::BudgetHolder]);
            let mut out = Vec::with_capacity(locations.len());
            for location in &locations {
                out.push(LocationMoney {
                    summary: match &period {
                        Some(p) => Some(budget::payments::summary(&state.db, location.id, p.id).await?),
                        None => None,
                    },
                    holds: holds::of_location(&state, location.id).await?,
                    is_holder: holder_of.contains(&location.id),
                    location: location.clone(),
                });
            }
            let viewer = Viewer::School(locations.iter().map(|l| l.id).collect());
            let weborders = weborders::list(&state, &viewer, status, PageRequest::new(page, 25)).await?;
            Ok(SchoolWeborderList { locations: out, weborders, can_decide: !holder_of.is_empty(), now_ms: now })
        }
        .await,
    )
}

/// One weborder of the caller's locations.
#[server(endpoint = "weborders/school_detail")]
pub async fn school_weborder(weborder_id: i64) -> Result<WeborderDetail, AppError> {
    use crate::request::{respond, state};
    use domain::time::local_date;
    use domain::Role;
    use services::market::weborders::{self, Viewer};
    use services::{budget, budget::holds};
    respond(
        async move {
            let (user, locations) = school_caller().await?;
            let state = state()?;
            let viewer = Viewer::School(locations.iter().map(|l| l.id).collect());
            let weborder = weborders::weborder(&state, &viewer, weborder_id).await?;
            let history = weborders::history(&state, &viewer, weborder_id).await?;
            let now = state.clock.now_ms();
            let available = match budget::periods::open_period(&state.db, &local_date(now)).await? {
                Some(p) => Some(budget::payments::summary(&state.db, weborder.location_id, p.id).await?),
                None => None,
            };
            let holds = holds::of_location(&state, weborder.location_id)
                .await?
                .into_iter()
                .filter(|h| h.status == domain::weborder::HoldStatus::Active)
                .collect();
            let can_decide = user.locations_with(&[Role::BudgetHolder]).contains(&weborder.location_id);
            Ok(WeborderDetail { weborder, history, holds, available, can_decide, now_ms: now })
        }
        .await,
    )
}

/// The budget holder approves a weborder; the budget (or the chosen hold first) is debited at
/// once. `client_key` makes a repeated click harmless.
#[server(endpoint = "weborders/approve")]
pub async fn approve_weborder(weborder_id: i64, hold_id: String, client_key: String) -> Result<(), AppError> {
    use crate::request::{require_portal, respond, state};
    use services::market::approvals;
    respond(
        async move {
            let user = require_portal(domain::Portal::School).await?;
            let mine = holder_locations(&user)?;
            let hold = hold_id.trim().parse::<i64>().ok().filter(|h| *h > 0);
            approvals::approve(&state()?, user.person_id, &mine, weborder_id, hold, &client_key).await?;
            leptos_axum::redirect(&format!("/school/weborders/{weborder_id}?done=approved"));
            Ok(())
        }
        .await,
    )
}

/// The budget holder rejects a weborder with a reason.
#[server(endpoint = "weborders/reject")]
pub async fn reject_weborder(weborder_id: i64, reason: String) -> Result<(), AppError> {
    use crate::request::{require_portal, respond, state};
    use services::market::weborders;
    respond(
        async move {
            let user = require_portal(domain::Portal::School).await?;
            let mine = holder_locations(&user)?;
            weborders::reject(&state()?, user.person_id, &mine, weborder_id, &reason).await?;
            leptos_axum::redirect(&format!("/school/weborders/{weborder_id}?done=rejected"));
            Ok(())
        }
        .await,
    )
}

/// The budget holder takes back an approval during the cooling-off period.
#[server(endpoint = "weborders/undo")]
pub async fn undo_weborder(weborder_id: i64, reason: String) -> Result<(), AppError> {
    use crate::request::{require_portal, respond, state};
    use services::market::weborders;
    respond(
        async move {
            let user = require_portal(domain::Portal::School).await?;
            let mine = holder_locations(&user)?;
            weborders::undo_approval(&state()?, user.person_id, &mine, weborder_id, &reason).await?;
            leptos_axum::redirect(&format!("/school/weborders/{weborder_id}?done=undone"));
            Ok(())
        }
        .await,
    )
}

/// Cancels an approved weborder before payout: the budget holder, the provider or the
/// operator, each for what they may see. With `withdraw`, a provider withdraws its own
/// weborder before the school decides (only a pending one; anyone else is refused).
#[server(endpoint = "weborders/cancel")]
pub async fn cancel_weborder(weborder_id: i64, reason: String, #[server(default)] withdraw: bool) -> Result<(), AppError> {
    use crate::request::{caller, respond, state};
    use domain::{Portal, Role};
    use services::market::weborders::{self, Viewer};
    respond(
        async move {
            let user = caller().await?;
            let (viewer, back) = if user.has_role(Role::PlatformAdmin) {
                (Viewer::Operator, "/admin/weborders?done=cancelled".to_owned())
            } else if let Some(p) = user.providers().first() {
                (Viewer::Provider(*p), format!("/provider/weborders/{weborder_id}?done=cancelled"))
            } else if user.can_use(Portal::School) {
                (Viewer::School(holder_locations(&user)?), format!("/school/weborders/{weborder_id}?done=cancelled"))
            } else {
                return Err(AppError::Forbidden);
            };
            match (&viewer, withdraw) {
                (Viewer::Provider(p), true) => weborders::withdraw(&state()?, user.person_id, *p, weborder_id, &reason).await?,
                (_, true) => return Err(AppError::Forbidden),
                (_, false) => weborders::cancel(&state()?, user.person_id, &viewer, weborder_id, &reason).await?,
            }
            leptos_axum::redirect(&back);
            Ok(())
        }
        .await,
    )
}

/// The budget holder earmarks part of a location's budget.
#[server(endpoint = "weborders/hold")]
pub async fn create_hold(location_id: i64, amount: String, description: String, expires_on: String) -> Result<(), AppError> {
    use crate::request::{require_portal, respond, state};
    use domain::LocationId;
    use services::budget::holds;
    respond(
        async move {
            let user = require_portal(domain::Portal::School).await?;
            let location = LocationId(location_id);
            if !holder_locations(&user)?.contains(&location) {
                return Err(AppError::NotFound);
            }
            holds::create(&state()?, user.person_id, location, &amount, &description, &expires_on).await?;
            leptos_axum::redirect("/school/weborders?done=held");
            Ok(())
        }
        .await,
    )
}

/// The budget holder ends a hold early; what is left returns to the budget.
#[server(endpoint = "weborders/release_hold")]
pub async fn release_hold(hold_id: i64) -> Result<(), AppError> {
    use crate::request::{require_portal, respond, state};
    use services::budget::holds;
    respond(
        async move {
            let user = require_portal(domain::Portal::School).await?;
            holds::release(&state()?, user.person_id, &holder_locations(&user)?, hold_id).await?;
            leptos_axum::redirect("/school/weborders?done=released");
            Ok(())
        }
        .await,
    )
}

/// Every weborder on the platform (the operator), optionally of one status.
#[server(endpoint = "weborders/all")]
pub async fn admin_weborders(
    #[server(default)] status: Option<domain::weborder::WeborderStatus>,
    page: u32,
) -> Result<Page<WeborderRow>, AppError> {
    use crate::request::{require_role, respond, state};

    use domain::{PageRequest, Role};
    use services::market::weborders::{self, Viewer};
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            weborders::list(&state()?, &Viewer::Operator, status, PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// What each of the caller's locations spent, by provider and by art form.
#[server(endpoint = "weborders/spend")]
pub async fn school_spend() -> Result<Vec<domain::report::LocationSpend>, AppError> {
    use crate::request::{respond, state};
    use services::budget::reports;
    respond(
        async move {
            let (_, locations) = school_caller().await?;
            reports::location_spend(&state()?, &locations).await
        }
        .await,
    )
}
