//! The operator's side of the marketplace: vetting providers and their bank accounts, and
//! payout batches.

use domain::provider::{ProviderDetail, ProviderRow};
use domain::weborder::PayoutBatchRow;
use domain::{AppError, Money, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The payouts page: what the next batch would pay, and the batches so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutsOverview {
    /// (provider name, weborders, amount) ready for the next batch.
    /// Per provider: name, weborders, counter payments, total.
    pub payable: Vec<(String, i64, i64, Money)>,
    pub batches: Page<PayoutBatchRow>,
}

#[cfg(feature = "ssr")]
async fn operator() -> Result<domain::CurrentUser, AppError> {
    crate::request::require_role(&[domain::Role::PlatformAdmin]).await
}

/// Providers, optionally of one status; those waiting for a check first.
#[server(endpoint = "market/providers")]
pub async fn admin_providers(
    #[server(default)] status: Option<domain::provider::ProviderStatus>,
    page: u32,
) -> Result<Page<ProviderRow>, AppError> {
    use crate::request::{respond, state};

    use domain::PageRequest;
    use services::market::providers;
    respond(
        async move {
            operator().await?;
            providers::list(&state()?, status, PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// One provider with its history.
#[server(endpoint = "market/provider")]
pub async fn admin_provider(provider_id: i64) -> Result<ProviderDetail, AppError> {
    use crate::request::{respond, state};
    use domain::ProviderId;
    use services::market::providers;
    respond(
        async move {
            operator().await?;
            providers::detail(&state()?, ProviderId(provider_id)).await
        }
        .await,
    )
}

/// Approves (`decision` = "approve") or rejects a provider, or its new bank account when
/// `subject` is "iban".
#[server(endpoint = "market/decide_provider")]
pub async fn decide_provider(provider_id: i64, subject: String, decision: String, reason: String) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use domain::{Problem, ProviderId};
    use services::market::providers;
    respond(
        async move {
            let user = operator().await?;
            let approve = match decision.as_str() {
                "approve" => true,
                "reject" => false,
                _ => return Err(AppError::field("decision", Problem::InvalidChoice)),
            };
            let state = state()?;
            let provider = ProviderId(provider_id);
            if subject == "iban" {
                providers::decide_iban(&state, user.person_id, provider, approve, &reason).await?;
            } else {
                providers::decide(&state, user.person_id, provider, approve, &reason).await?;
            }
            leptos_axum::redirect(&format!("/admin/providers/{provider_id}?done=decided"));
            Ok(())
        }
        .await,
    )
}

/// What the next payout would pay and the batches so far.
#[server(endpoint = "market/payouts")]
pub async fn admin_payouts(page: u32) -> Result<PayoutsOverview, AppError> {
    use crate::request::{respond, state};
    use domain::PageRequest;
    use services::market::payouts;
    respond(
        async move {
            operator().await?;
            let state = state()?;
            Ok(PayoutsOverview {
                payable: payouts::payable(&state)
                    .await?
                    .into_iter()
                    .map(|p| (p.name, p.weborders, p.counter_payments, p.total))
                    .collect(),
                batches: payouts::batches(&state, PageRequest::new(page, 25)).await?,
            })
        }
        .await,
    )
}

/// Builds a payout batch of everything ready now.
#[server(endpoint = "market/create_batch")]
pub async fn create_payout_batch(execution_date: String) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::payouts;
    respond(
        async move {
            let user = operator().await?;
            payouts::create_batch(&state()?, user.person_id, &execution_date).await?;
            leptos_axum::redirect("/admin/payouts?done=created");
            Ok(())
        }
        .await,
    )
}

/// Moves a batch on: `step` "sent" (handed to the bank) or "paid" (the bank executed it).
#[server(endpoint = "market/batch_step")]
pub async fn payout_batch_step(batch_id: i64, step: domain::weborder::PayoutStatus) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use domain::weborder::PayoutStatus;
    use domain::Problem;
    use services::market::payouts;
    respond(
        async move {
            let user = operator().await?;
            let state = state()?;
            match step {
                PayoutStatus::Sent => payouts::mark_sent(&state, user.person_id, batch_id).await?,
                PayoutStatus::Paid => payouts::mark_paid(&state, user.person_id, batch_id).await?,
                PayoutStatus::Created => return Err(AppError::field("step", Problem::InvalidChoice)),
            }
            leptos_axum::redirect(&format!("/admin/payouts?done={}", step.code()));
            Ok(())
        }
        .await,
    )
}
