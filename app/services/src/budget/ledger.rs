//! The append-only double-entry ledger. Every movement of money is one transaction whose
//! entries sum to zero; each account keeps a balance projection that is updated in the same
//! database transaction, with a conditional update so that an account that may not go
//! negative never does (and a CHECK constraint as the backstop).

use crate::platform::db::{int, placeholders, text, value_rows, Tx};
use domain::{LocationId, PersonId, ProviderId};

pub use domain::budget::AccountKind;

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

/// An account as [`open`] finds or creates it: its kind, its unique key and whose it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRef {
    pub kind: AccountKind,
    pub key: String,
    location: Option<LocationId>,
    period: Option<i64>,
    provider: Option<ProviderId>,
}

impl AccountRef {
    /// A location's (or with no location the platform's) account of `kind` for a period.
    pub fn of(kind: AccountKind, location: Option<LocationId>, period: Option<i64>) -> AccountRef {
        let key = format!("{}:{}:{}", kind.code(), location.map(|l| l.0).unwrap_or(0), period.unwrap_or(0));
        AccountRef { kind, key, location, period, provider: None }
    }

    /// The account of one hold.
    pub fn hold(hold: i64, location: LocationId, period: i64) -> AccountRef {
        AccountRef {
            kind: AccountKind::Hold,
            key: format!("hold:{hold}"),
            location: Some(location),
            period: Some(period),
            provider: None,
        }
    }

    /// The key of a student's credit account (one pass, one period).
    pub fn credit_key(pass: i64, period: i64) -> String {
        format!("student_credit:{pass}:{period}")
    }

    /// A student's credit: the account of one pass in one period.
    pub fn credit(pass: i64, location: LocationId, period: i64) -> AccountRef {
        AccountRef {
            kind: AccountKind::StudentCredit,
            key: AccountRef::credit_key(pass, period),
            location: Some(location),
            period: Some(period),
            provider: None,
        }
    }

    /// What the platform owes `provider`.
    pub fn provider(provider: ProviderId) -> AccountRef {
        AccountRef {
            kind: AccountKind::ProviderPayable,
            key: format!("provider_payable:{}", provider.0),
            location: None,
            period: None,
            provider: Some(provider),
        }
    }
}

/// The id of a location's or the platform's account, created on first use.
#[tracing::instrument(skip_all)]
pub async fn account(
    tx: &mut Tx,
    kind: AccountKind,
    location: Option<LocationId>,
    period: Option<i64>,
) -> Result<i64, sqlx::Error> {
    open(tx, &AccountRef::of(kind, location, period)).await
}

/// The account of one hold, created on first use.
#[tracing::instrument(skip_all)]
pub async fn hold_account(tx: &mut Tx, hold: i64, location: LocationId, period: i64) -> Result<i64, sqlx::Error> {
    open(tx, &AccountRef::hold(hold, location, period)).await
}

/// What the platform owes `provider`, created on first use.
#[tracing::instrument(skip_all)]
pub async fn provider_account(tx: &mut Tx, provider: ProviderId) -> Result<i64, sqlx::Error> {
    open(tx, &AccountRef::provider(provider)).await
}

/// The id of an account, created on first use.
#[tracing::instrument(skip_all)]
pub async fn open(tx: &mut Tx, account: &AccountRef) -> Result<i64, sqlx::Error> {
    // Accounts exist after their first use: look first, and create only when missing.
    let find = "SELECT id FROM ledger_accounts WHERE account_key = $1";
    if let Some(r) = sqlx::query(find).bind(&account.key).fetch_optional(&mut **tx).await? {
        return int(&r, "id");
    }
    sqlx::query(
        "INSERT INTO ledger_accounts (kind, location_id, period_id, provider_id, account_key, may_go_negative) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_key) DO NOTHING",
    )
    .bind(account.kind.code())
    .bind(account.location.map(|l| l.0))
    .bind(account.period)
    .bind(account.provider.map(|p| p.0))
    .bind(&account.key)
    .bind(i64::from(account.kind == AccountKind::Funding))
    .execute(&mut **tx)
    .await?;
    int(&sqlx::query(find).bind(&account.key).fetch_one(&mut **tx).await?, "id")
}

/// Opens several accounts and reads their balances in one query: key → (id, balance in
/// cents). With `lock` (PostgreSQL) the rows stay locked, taken in id order, until the
/// transaction ends, so the balances hold while the caller decides what to post; on SQLite
/// the write transaction holds the whole database already.
#[tracing::instrument(skip_all)]
pub async fn open_with_balances(
    tx: &mut Tx,
    accounts: &[AccountRef],
    lock: bool,
) -> Result<std::collections::HashMap<String, (i64, i64)>, sqlx::Error> {
    let mut found = std::collections::HashMap::new();
    if accounts.is_empty() {
        return Ok(found);
    }
    let sql = format!(
        "SELECT id, account_key, balance_cents FROM ledger_accounts WHERE account_key IN ({}) ORDER BY id{}",
        placeholders(1, accounts.len()),
        if lock { " FOR UPDATE" } else { "" }
    );
    let mut query = sqlx::query(&sql);
    for a in accounts {
        query = query.bind(&a.key);
    }
    for r in query.fetch_all(&mut **tx).await? {
        found.insert(text(&r, "account_key")?, (int(&r, "id")?, int(&r, "balance_cents")?));
    }
    for missing in accounts {
        if !found.contains_key(&missing.key) {
            let id = open(tx, missing).await?;
            found.insert(missing.key.clone(), (id, 0));
        }
    }
    Ok(found)
}

/// The balance of an account in cents, inside `tx`.
#[tracing::instrument(skip_all)]
pub async fn balance(tx: &mut Tx, account: i64) -> Result<i64, sqlx::Error> {
    int(
        &sqlx::query("SELECT balance_cents FROM ledger_accounts WHERE id = $1").bind(account).fetch_one(&mut **tx).await?,
        "balance_cents",
    )
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
#[tracing::instrument(skip_all)]
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
#[tracing::instrument(skip_all)]
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
        insert =
            insert.bind(&t.kind).bind(&t.reference).bind(t.idempotency_key.as_deref()).bind(now_ms).bind(t.actor.map(|p| p.0));
    }
    let mut ids = match insert.fetch_all(&mut **tx).await {
        Ok(rows) => rows.iter().map(|r| int(r, "id")).collect::<Result<Vec<_>, _>>()?,
        Err(e) if crate::platform::db::is_unique_violation(&e) => return Err(LedgerError::Duplicate),
        Err(e) => return Err(e.into()),
    };
    // RETURNING promises no order, but the ids of one multi-row insert grow in the order of
    // its VALUES on both engines (SQLite takes the next rowid per row; PostgreSQL evaluates
    // the column's nextval row by row), so sorted ids line up with `transactions`.
    ids.sort_unstable();
    // Every balance in one conditional statement: it must touch each account, or one of them
    // would go below zero.
    let moving: Vec<(i64, i64)> = deltas.into_iter().filter(|(_, c)| *c != 0).collect();
    if !moving.is_empty() {
        let case = (0..moving.len()).map(|i| format!("WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2)).collect::<Vec<_>>().join(" ");
        let ids = (0..moving.len()).map(|i| format!("${}", 2 * i + 1)).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "UPDATE ledger_accounts SET balance_cents = balance_cents + CASE id {case} END
             WHERE id IN ({ids}) AND (may_go_negative = 1 OR balance_cents + CASE id {case} END >= 0)"
        );
        let mut update = sqlx::query(&sql);
        for (account, cents) in &moving {
            update = update.bind(account).bind(cents);
        }
        if update.execute(&mut **tx).await?.rows_affected() != u64::try_from(moving.len()).unwrap_or(u64::MAX) {
            return Err(LedgerError::Insufficient);
        }
    }
    let entries: Vec<(i64, i64, i64)> =
        transactions.iter().zip(&ids).flat_map(|(t, id)| t.entries.iter().map(move |(a, c)| (*id, *a, *c))).collect();
    let sql = format!(
        "INSERT INTO ledger_entries (transaction_id, account_id, amount_cents) VALUES {}",
        value_rows(1, entries.len(), 3)
    );
    let mut insert = sqlx::query(&sql);
    for (transaction, account, cents) in &entries {
        insert = insert.bind(transaction).bind(account).bind(cents);
    }
    insert.execute(&mut **tx).await?;
    Ok(ids)
}

/// Checks the ledger's invariants: every transaction sums to zero and every balance equals the
/// sum of its entries. Returns a description of each violation (empty when all is well).
#[tracing::instrument(skip_all)]
pub async fn verify(db: &crate::platform::db::Db) -> Result<Vec<String>, sqlx::Error> {
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
