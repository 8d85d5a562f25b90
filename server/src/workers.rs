//! Background work every instance runs: delivering the mail outbox, approving budget orders
//! whose amendment window has passed, expiring undecided weborders and past holds, warning before and expiring after a period's end, clearing expired sessions and throttle windows, and refreshing the query planner's statistics. Safe with several instances: mail is claimed with a
//! conditional update, and the clean-ups are idempotent deletes.

use services::{platform::mail, AppState};
use std::time::Duration;

/// Runs the workers until the process ends.
pub fn spawn(state: AppState) {
    let mail_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            let clock = mail_state.clock.clone();
            match mail::deliver_pending(&mail_state.db, &mail_state.settings, || clock.now_ms()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "mail delivered"),
                Err(e) => tracing::error!(error = %e, "mail worker"),
            }
        }
    });
    let approval_state = state.clone();
    tokio::spawn(async move {
        // Orders whose amendment window has passed are approved and invoiced. Every instance
        // runs this; the conditional status change makes each approval happen once.
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match services::budget::approve_due(&approval_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(approved = n, "budget orders approved"),
                Err(e) => tracing::error!(error = ?e, "approval worker"),
            }
            // Weborders nobody decided on in time, and holds past their date (before a period's
            // expiry, so what a hold kept returns to the budget first).
            match services::market::weborders::expire_due(&approval_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(weborders = n, "weborders expired"),
                Err(e) => tracing::error!(error = ?e, "weborder expiry worker"),
            }
            match services::budget::holds::expire_due(&approval_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(holds = n, "holds expired"),
                Err(e) => tracing::error!(error = ?e, "hold expiry worker"),
            }
            // Warnings before a period ends, and the expiry after it: idempotent, cheap.
            match services::budget::periods::warn_before_expiry(&approval_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(mails = n, "expiry warnings"),
                Err(e) => tracing::error!(error = ?e, "expiry warning worker"),
            }
            match services::budget::periods::expire_ended_periods(&approval_state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(accounts = n, "budget expired"),
                Err(e) => tracing::error!(error = ?e, "expiry worker"),
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = clean_up(&state).await {
                tracing::error!(error = %e, "clean-up worker");
            }
            // Planner statistics, so searches keep using the right indexes as data grows.
            if let Err(e) = state.db.optimize().await {
                tracing::error!(error = %e, "statistics worker");
            }
        }
    });
}

/// Deletes sessions past their limits and throttle windows that have passed.
pub async fn clean_up(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.clock.now_ms();
    sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(now - state.settings.session_idle_ms)
        .bind(now - state.settings.session_absolute_ms)
        .execute(&state.db.pool)
        .await?;
    sqlx::query("DELETE FROM login_throttle WHERE window_start < $1")
        .bind(now - services::platform::throttle::THROTTLE_WINDOW_MS)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
