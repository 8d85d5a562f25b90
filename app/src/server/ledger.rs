//! The append-only double-entry ledger. Every movement of money is one transaction whose
//! entries sum to zero; each account keeps a balance projection that is updated in the same
//! database transaction, with a conditional update so that an account that may not go
//! negative never does (and a CHECK constraint as the backstop).

use super::db::{int, value_rows, Tx};
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

/// One balanced ledger transaction to post with [`post_many`].
#[derive(Clone, Debug)]
pub struct NewTransaction {
    pub kind: String,
    pub reference: String,
    /// A retry with the same key is refused as [`LedgerError::Duplicate`].
    pub idempotency_key: Option<String>,
    pub actor: Option<PersonId>,
    /// (account, cents) pairs that sum to zero, none of them zero.
    pub entries: Vec<(i64, i64)>,
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
    let one = NewTransaction {
        kind: kind.to_owned(),
        reference: reference.to_owned(),
        idempotency_key: idempotency_key.map(str::to_owned),
        actor,
        entries: postings.to_vec(),
    };
    Ok(post_many(tx, now_ms, std::slice::from_ref(&one)).await?[0])
}

/// Posts several balanced transactions inside `tx` with a fixed number of statements: one
/// insert of the transactions, one conditional balance update per account (with the sum of
/// its entries, in account order so concurrent writers lock alike), one insert of the entries.
/// Returns the transactions' ids in the order given. All or nothing: on an error the caller
/// rolls `tx` back.
pub async fn post_many(tx: &mut Tx, now_ms: i64, transactions: &[NewTransaction]) -> Result<Vec<i64>, LedgerError> {
    if transactions.is_empty() {
        return Ok(Vec::new());
    }
    let mut deltas = std::collections::BTreeMap::<i64, i64>::new();
    for t in transactions {
        let sum = t.entries.iter().try_fold(0i64, |acc, (_, cents)| acc.checked_add(*cents)).ok_or(LedgerError::Unbalanced)?;
        if sum != 0 || t.entries.iter().any(|(_, c)| *c == 0) {
            return Err(LedgerError::Unbalanced);
        }
        for (account, cents) in &t.entries {
            let d = deltas.entry(*account).or_insert(0);
            *d = d.checked_add(*cents).ok_or(LedgerError::Unbalanced)?;
        }
    }
    let sql = format!(
        "INSERT INTO ledger_transactions (kind, reference, idempotency_key, created_at, created_by) VALUES {} RETURNING id",
        value_rows(1, transactions.len(), 5)
    );
    let mut insert = sqlx::query(&sql);
    for t in transactions {
        insert = insert.bind(&t.kind).bind(&t.reference).bind(t.idempotency_key.as_deref()).bind(now_ms).bind(t.actor.map(|p| p.0));
    }
    let mut ids = match insert.fetch_all(&mut **tx).await {
        Ok(rows) => rows.iter().map(|r| int(r, "id")).collect::<Result<Vec<_>, _>>()?,
        Err(e) if super::db::is_unique_violation(&e) => return Err(LedgerError::Duplicate),
        Err(e) => return Err(e.into()),
    };
    // RETURNING promises no order, but the ids of one multi-row insert grow in the order of
    // its VALUES on both engines (SQLite takes the next rowid per row; PostgreSQL evaluates
    // the column's nextval row by row), so sorted ids line up with `transactions`.
    ids.sort_unstable();
    for (account, cents) in deltas.iter().filter(|(_, c)| **c != 0) {
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
    let entries: Vec<(i64, i64, i64)> =
        transactions.iter().zip(&ids).flat_map(|(t, id)| t.entries.iter().map(move |(a, c)| (*id, *a, *c))).collect();
    let sql = format!("INSERT INTO ledger_entries (transaction_id, account_id, amount_cents) VALUES {}", value_rows(1, entries.len(), 3));
    let mut insert = sqlx::query(&sql);
    for (transaction, account, cents) in &entries {
        insert = insert.bind(transaction).bind(account).bind(cents);
    }
    insert.execute(&mut **tx).await?;
    Ok(ids)
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
