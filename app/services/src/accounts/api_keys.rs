//! Providers' API keys for their ticketing systems. A key is shown once when it is made; only
//! its SHA-256 is stored, with a short prefix to tell keys apart in lists. Revoked keys stop
//! working at once.

use crate::platform::audit;
use crate::platform::db::{int, opt_int, text};
use crate::platform::state::AppState;
use crate::platform::tokens::{hash_token, new_token};
use domain::error::{required_field, Problem};
pub use domain::provider::ApiKeyRow;
use domain::{AppError, PersonId, ProviderId};

/// The most active keys one provider may have.
pub const MAX_ACTIVE_KEYS: i64 = 10;

/// What the key prefix looks like before the secret part.
const KEY_PREFIX: &str = "ck_";

/// Makes a key for `provider` and returns its id and the key, which is never shown again.
#[tracing::instrument(skip_all)]
pub async fn create(state: &AppState, actor: PersonId, provider: ProviderId, label: &str) -> Result<(i64, String), AppError> {
    let label = required_field("label", label, 100)?;
    let label = label.as_str();
    let (secret, _) = new_token();
    let key = format!("{KEY_PREFIX}{secret}");
    let prefix: String = key.chars().take(KEY_PREFIX.len() + 6).collect();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let active = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM api_keys WHERE provider_id = $1 AND revoked_at IS NULL")
            .bind(provider.0)
            .fetch_one(&mut *tx)
            .await?,
        "n",
    )?;
    if active >= MAX_ACTIVE_KEYS {
        return Err(AppError::Conflict(Problem::TooManyKeys));
    }
    let id = int(
        &sqlx::query(
            "INSERT INTO api_keys (provider_id, prefix, key_hash, label, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(provider.0)
        .bind(&prefix)
        .bind(hash_token(&key))
        .bind(label)
        .bind(actor.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    audit::record(&mut tx, now, Some(actor), "api_key_created", "api_key", Some(id), &format!("{prefix}… {label}")).await?;
    tx.commit().await?;
    Ok((id, key))
}

/// Revokes one of the provider's keys.
#[tracing::instrument(skip_all)]
pub async fn revoke(state: &AppState, actor: PersonId, provider: ProviderId, id: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND provider_id = $3 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(provider.0)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, Some(actor), "api_key_revoked", "api_key", Some(id), "").await?;
    tx.commit().await?;
    Ok(())
}

/// The provider's keys, newest first.
#[tracing::instrument(skip_all)]
pub async fn list(state: &AppState, provider: ProviderId) -> Result<Vec<ApiKeyRow>, AppError> {
    let rows = sqlx::query(
        "SELECT id, prefix, label, created_at, last_used_at, revoked_at FROM api_keys WHERE provider_id = $1 ORDER BY id DESC LIMIT 100",
    )
    .bind(provider.0)
    .fetch_all(&state.db.pool)
    .await
    ?;
    rows.iter()
        .map(|r| {
            Ok(ApiKeyRow {
                id: int(r, "id")?,
                prefix: text(r, "prefix")?,
                label: text(r, "label")?,
                created_at_ms: int(r, "created_at")?,
                last_used_at_ms: opt_int(r, "last_used_at")?,
                revoked_at_ms: opt_int(r, "revoked_at")?,
            })
        })
        .collect()
}

/// The provider a presented key belongs to, if it is a live key of an approved provider.
/// Records when the key was last used (at most once a minute, to spare the database).
#[tracing::instrument(skip_all)]
pub async fn authenticate(state: &AppState, key: &str) -> Result<Option<ProviderId>, AppError> {
    if !key.starts_with(KEY_PREFIX) || key.len() > 200 {
        return Ok(None);
    }
    let r = sqlx::query(
        "SELECT k.id, k.provider_id, k.last_used_at FROM api_keys k JOIN providers p ON p.id = k.provider_id
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND p.status = 'approved'",
    )
    .bind(hash_token(key))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(r) = r else { return Ok(None) };
    let now = state.clock.now_ms();
    if opt_int(&r, "last_used_at")?.is_none_or(|t| now - t > 60_000) {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(int(&r, "id")?)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(Some(ProviderId(int(&r, "provider_id")?)))
}
