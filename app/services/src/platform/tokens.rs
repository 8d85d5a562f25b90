//! Single-use tokens for links (invitations, password resets, activation sheets): random,
//! stored only as their hash, used up exactly once. A leaf: it imports only the database.

use crate::platform::clock::{DAY_MS, HOUR_MS};
use crate::platform::db::{int, Db, Tx};
use base64::Engine;
use domain::PersonId;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long an invitation link works.
pub const INVITATION_TTL_MS: i64 = 14 * DAY_MS;
/// How long a password-reset link works.
pub const RESET_TTL_MS: i64 = HOUR_MS;

/// A fresh random token (256 bits, URL-safe) and the hash under which it is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token: its SHA-256, so a database leak yields no usable links.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Stores a single-use token for `person` inside `tx`; returns the token for the link.
#[tracing::instrument(skip_all)]
pub async fn issue_token(tx: &mut Tx, now_ms: i64, person: PersonId, purpose: &str, ttl_ms: i64) -> Result<String, sqlx::Error> {
    let (token, hash) = new_token();
    sqlx::query("INSERT INTO auth_tokens (token_hash, person_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&hash)
        .bind(person.0)
        .bind(purpose)
        .bind(now_ms)
        .bind(now_ms + ttl_ms)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

/// Uses up a token inside `tx`: a conditional update, so it works exactly once even when two
/// requests race. Returns the person it was for, or `None` when unknown, used or expired.
#[tracing::instrument(skip_all)]
pub async fn consume_token(tx: &mut Tx, now_ms: i64, token: &str, purpose: &str) -> Result<Option<PersonId>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE auth_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING person_id",
    )
    .bind(now_ms)
    .bind(hash_token(token))
    .bind(purpose)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| int(&r, "person_id").map(PersonId)).transpose()
}

/// Who an unused, unexpired token belongs to, without using it up (to greet the person).
#[tracing::instrument(skip_all)]
pub async fn peek_token(db: &Db, now_ms: i64, token: &str, purpose: &str) -> Result<Option<PersonId>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT person_id FROM auth_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash_token(token))
    .bind(purpose)
    .bind(now_ms)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| int(&r, "person_id").map(PersonId)).transpose()
}
