//! Individual credit at the counter: a student asks for a fresh code; a provider looks the
//! code up, charges the credit, lists its counter payments and refunds within 14 days.

use domain::credit::{CounterCode, CounterLookup, CounterPaymentRow, CounterReceipt};
use domain::{AppError, Page};
use leptos::prelude::*;

/// A new counter code for the caller's active student pass (the earlier one stops working).
#[server(endpoint = "pass/new_code")]
pub async fn new_counter_code() -> Result<CounterCode, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget::credit;
    respond(
        async move {
            let user = require_role(&[Role::Student]).await?;
            let code = credit::new_code(&state()?, user.person_id).await?;
            leptos_axum::redirect("/student#code");
            Ok(code)
        }
        .await,
    )
}

/// A provider looks up a student's code: first name and credit.
#[server(endpoint = "provider/counter_lookup")]
pub async fn look_up_code(code: String) -> Result<CounterLookup, AppError> {
    use crate::api::provider::provider_caller;
    use crate::request::{respond, state};
    use services::budget::credit;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            credit::lookup(&state()?, provider, &code).await
        }
        .await,
    )
}

/// A provider charges a student's credit with the student's code.
#[server(endpoint = "provider/counter_charge")]
pub async fn counter_charge(
    code: String,
    amount: String,
    description: String,
    client_key: String,
) -> Result<CounterReceipt, AppError> {
    use crate::api::provider::provider_caller;
    use crate::request::{respond, state};
    use services::budget::credit;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let receipt = credit::charge(&state()?, user.person_id, provider, &code, &amount, &description, &client_key).await?;
            leptos_axum::redirect(&format!("/provider/counter?paid={}", receipt.payment_id));
            Ok(receipt)
        }
        .await,
    )
}

/// The caller's provider's counter payments, newest first.
#[server(endpoint = "provider/counter_payments")]
pub async fn list_counter_payments(page: u32) -> Result<Page<CounterPaymentRow>, AppError> {
    use crate::api::provider::provider_caller;
    use crate::request::{respond, state};
    use domain::PageRequest;
    use services::budget::credit;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            credit::provider_payments(&state()?, provider, PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// A provider refunds one of its counter payments (within 14 days).
#[server(endpoint = "provider/counter_refund")]
pub async fn counter_refund(payment_id: i64) -> Result<(), AppError> {
    use crate::api::provider::provider_caller;
    use crate::request::{respond, state};
    use services::budget::credit;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            credit::refund(&state()?, user.person_id, provider, payment_id).await?;
            leptos_axum::redirect("/provider/counter?done=refunded");
            Ok(())
        }
        .await,
    )
}
