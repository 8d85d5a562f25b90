//! Counting attempts (passwords, counter codes, reset requests) per key within a window, so
//! that guessing is paused. A leaf: it imports only the database and the error mapping.

use crate::platform::clock::MINUTE_MS;
use crate::platform::db::{int, Db};
use domain::AppError;

/// The throttling window.
pub const THROTTLE_WINDOW_MS: i64 = 15 * MINUTE_MS;

/// Takes one attempt for `key` before the work it guards (checking a password, a code):
/// counted first, in one statement, so requests arriving together cannot all pass a check
/// made before any of them was counted. A window starts with the first attempt and lasts
/// [`THROTTLE_WINDOW_MS`]; true while this attempt is within the `limit` of its window.
/// An attempt that turns out well is handed back with [`give_back`], so only failures stay
/// counted.
#[tracing::instrument(skip_all)]
pub async fn take_attempt(db: &Db, key: &str, limit: i64, now_ms: i64) -> Result<bool, AppError> {
    let row = sqlx::query(
        "INSERT INTO login_throttle (throttle_key, window_start, failures) VALUES ($1, $2, 1)
         ON CONFLICT (throttle_key) DO UPDATE SET
           failures = CASE WHEN $2 - login_throttle.window_start >= $3 THEN 1 ELSE login_throttle.failures + 1 END,
           window_start = CASE WHEN $2 - login_throttle.window_start >= $3 THEN $2 ELSE login_throttle.window_start END
         RETURNING failures",
    )
    .bind(key)
    .bind(now_ms)
    .bind(THROTTLE_WINDOW_MS)
    .fetch_one(&db.pool)
    .await?;
    Ok(int(&row, "failures")? <= limit)
}

/// Hands back an attempt taken with [`take_attempt`] that was not a failure (the right
/// password, a code that exists, a request refused for another reason).
#[tracing::instrument(skip_all)]
pub async fn give_back(db: &Db, key: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0")
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}
