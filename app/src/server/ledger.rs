//! The append-only double-entry ledger. Every movement of money is one transaction whose
//! entries sum to zero; each account keeps a balance projection that is updated in the same
//! database transaction, with a conditional update so that an account that may not go
//! negative never does (and a CHECK constraint as the backstop).

use super::db::{int, Tx};
use crate::domain::{LocationId, PersonId, ProviderId};

/// What an account holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountKind {
    /// Where money enters the platform: school contributions and the government match.
    /// The only account that may go negative (it mirrors all money ever released).
    Funding,
    /// A location's collective budget for a period.
    LocationBudget,
    /// A location's individual-credit pool for a period, before it is handed to students.
    IndividualPool,
    /// Budget left unspent when its period ended.
    Expired,
    /// Budget a location earmarked for a planned activity (one account per hold).
    Hold,
    /// What the platform owes a provider for approved weborders, until it is paid out.
    ProviderPayable,
    /// Money that left the platform to providers' bank accounts.
    PaidOut,
}

impl AccountKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AccountKind::Funding => "funding",
            AccountKind::LocationBudget => "location_budget",
            AccountKind::IndividualPool => "individual_pool",
            AccountKind::Expired => "expired",
            AccountKind::Hold => "hold",
            AccountKind::ProviderPayable => "provider_payable",
            AccountKind::PaidOut => "paid_out",
        }
    }
}

/// Why a posting was refused.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("entries do not sum to zero")]
    Unbalanced,
    #[error("insufficient balance")]
    Insufficient,
    #[error("this idempotency key was used already")]
    Duplicate,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The id of a location's or the platform's account, created on first use.
pub async fn account(
    tx: &mut Tx,
    kind: AccountKind,
    location: Option<LocationId>,
    period: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let key = format!("{}:{}:{}", kind.code(), location.map(|l| l.0).unwrap_or(0), period.unwrap_or(0));
    open_account(tx, kind, &key, location, period, None).await
}

/// The account of one hold, created on first use.
pub async fn hold_account(tx: &mut Tx, hold: i64, location: LocationId, period: i64) -> Result<i64, sqlx::Error> {
    open_account(tx, AccountKind::Hold, &format!("hold:{hold}"), Some(location), Some(period), None).await
}

/// What the platform owes `provider`, created on first use.
pub async fn provider_account(tx: &mut Tx, provider: ProviderId) -> Result<i64, sqlx::Error> {
    open_account(tx, AccountKind::ProviderPayable, &format!("provider_payable:{}", provider.0), None, None, Some(provider)).await
}

async fn open_account(
    tx: &mut Tx,
    kind: AccountKind,
    key: &str,
    location: Option<LocationId>,
    period: Option<i64>,
    provider: Option<ProviderId>,
) -> Result<i64, sqlx::Error> {
    // Accounts exist after their first use: look first, and create only when missing.
    let find = "SELECT id FROM ledger_accounts WHERE account_key = $1";
    if let Some(r) = sqlx::query(find).bind(key).fetch_optional(&mut **tx).await? {
        return int(&r, "id");
    }
    sqlx::query(
        "INSERT INTO ledger_accounts (kind, location_id, period_id, provider_id, account_key, may_go_negative) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_key) DO NOTHING",
    )
    .bind(kind.code())
    .bind(location.map(|l| l.0))
    .bind(period)
    .bind(provider.map(|p| p.0))
    .bind(key)
    .bind(i64::from(kind == AccountKind::Funding))
    .execute(&mut **tx)
    .await?;
    int(&sqlx::query(find).bind(key).fetch_one(&mut **tx).await?, "id")
}

/// The balance of an account in cents, inside `tx`.
pub async fn balance(tx: &mut Tx, account: i64) -> Result<i64, sqlx::Error> {
    int(
        &sqlx::query("SELECT balance_cents FROM ledger_accounts WHERE id = $1").bind(account).fetch_one(&mut **tx).await?,
        "balance_cents",
    )
}

/// True when a transaction with this idempotency key exists (a retry of work already done).
pub async fn was_posted(tx: &mut Tx, idempotency_key: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM ledger_transactions WHERE idempotency_key = $1")
        .bind(idempotency_key)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

/// Posts one balanced transaction inside `tx`; returns its id.
pub async fn post(
    tx: &mut Tx,
    now_ms: i64,
    actor: Option<PersonId>,
    kind: &str,
    reference: &str,
    idempotency_key: Option<&str>,
    postings: &[(i64, i64)],
) -> Result<i64, LedgerError> {
    let sum = postings.iter().try_fold(0i64, |acc, (_, cents)| acc.checked_add(*cents)).ok_or(LedgerError::Unbalanced)?;
    if sum != 0 || postings.iter().any(|(_, c)| *c == 0) {
        return Err(LedgerError::Unbalanced);
    }
    let inserted = sqlx::query(
        "INSERT INTO ledger_transactions (kind, reference, idempotency_key, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(kind)
    .bind(reference)
    .bind(idempotency_key)
    .bind(now_ms)
    .bind(actor.map(|p| p.0))
    .fetch_one(&mut **tx)
    .await;
    let transaction = match inserted {
        Ok(row) => int(&row, "id")?,
        Err(e) if super::db::is_unique_violation(&e) => return Err(LedgerError::Duplicate),
        Err(e) => return Err(e.into()),
    };
    for (account, cents) in postings {
        let moved = sqlx::query(
            "UPDATE ledger_accounts SET balance_cents = balance_cents + $1
             WHERE id = $2 AND (may_go_negative = 1 OR balance_cents + $1 >= 0)",
        )
        .bind(cents)
        .bind(account)
        .execute(&mut **tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Err(LedgerError::Insufficient);
        }
    }
    // All entries in one statement: fewer round trips inside the write transaction.
    let values: Vec<String> = (0..postings.len()).map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3)).collect();
    let sql = format!("INSERT INTO ledger_entries (transaction_id, account_id, amount_cents) VALUES {}", values.join(", "));
    let mut insert = sqlx::query(&sql).bind(transaction);
    for (account, cents) in postings {
        insert = insert.bind(account).bind(cents);
    }
    insert.execute(&mut **tx).await?;
    Ok(transaction)
}

/// Checks the ledger's invariants: every transaction sums to zero and every balance equals the
/// sum of its entries. Returns a description of each violation (empty when all is well).
pub async fn verify(db: &super::db::Db) -> Result<Vec<String>, sqlx::Error> {
    let mut problems = Vec::new();
    for r in sqlx::query(
        "SELECT transaction_id, CAST(SUM(amount_cents) AS BIGINT) AS total FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount_cents) <> 0",
    )
    .fetch_all(&db.pool)
    .await?
    {
        problems.push(format!("transaction {} sums to {}", int(&r, "transaction_id")?, int(&r, "total")?));
    }
    for r in sqlx::query(
        "SELECT a.id, a.balance_cents, CAST(COALESCE((SELECT SUM(e.amount_cents) FROM ledger_entries e WHERE e.account_id = a.id), 0) AS BIGINT) AS total
         FROM ledger_accounts a",
    )
    .fetch_all(&db.pool)
    .await?
    {
        let (id, balance, total) = (int(&r, "id")?, int(&r, "balance_cents")?, int(&r, "total")?);
        if balance != total {
            problems.push(format!("account {id} has balance {balance} but entries sum to {total}"));
        }
    }
    Ok(problems)
}
