//! Approving weborders: a budget holder's approval debits the location's budget (or first a
//! hold) in the same transaction as the state change, the ledger lines, the events, the mail
//! to the provider and the audit line. Approvals arriving together are written together (group
//! commit through the state's approval queue) and still decided one by one, in order.

use crate::budget::ledger::{self, AccountKind, AccountRef};
use crate::market::weborders::{
    events, ledger_problem, provider_emails_of, requesters, summary_line, teacher_mails, weborder_from_row, Event,
    WEBORDER_SELECT,
};
pub use crate::platform::approval_queue::Approval;
use crate::platform::approval_queue::{ApprovalJob, ApproveRequest};
use crate::platform::audit;
use crate::platform::db::{int, placeholders, text, Backend, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::error::Problem;
use domain::failure::internal;
use domain::time::format_local;
use domain::weborder::{WeborderRow, WeborderStatus};
use domain::{AppError, LocationId, PersonId, ProviderId};

/// Approves a pending weborder of one of `locations` and debits the location's budget (or
/// first the given hold) in the same transaction. `client_key` identifies this request: a
/// retry with the same key debits nothing and answers [`Approval::AlreadyDone`].
///
/// Approvals that arrive while earlier ones are being written wait in the state's
/// [`ApprovalQueue`](crate::platform::approval_queue::ApprovalQueue) and are then written together in one transaction (group commit): on one
/// budget each approval has to wait for the one before it anyway, and one transaction of many
/// approvals costs about as many statements as one of a single approval. Each approval is
/// still decided on its own, in the order they arrived; if the shared transaction fails, each
/// is tried again alone.
#[tracing::instrument(skip_all)]
pub async fn approve(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    id: i64,
    hold: Option<i64>,
    client_key: &str,
) -> Result<Approval, AppError> {
    let request = ApproveRequest { actor, locations: locations.to_vec(), id, hold, client_key: client_key.trim().to_owned() };
    // SQLite has one writer, so one lane; on PostgreSQL approvers of different locations
    // write side by side.
    let lane = match state.db.backend {
        Backend::Sqlite => Vec::new(),
        Backend::Postgres => {
            let mut ids: Vec<i64> = locations.iter().map(|l| l.0).collect();
            ids.sort_unstable();
            ids
        }
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let start_writer = {
        let mut lanes = state.approvals.lock();
        match lanes.get_mut(&lane) {
            Some(waiting) => {
                waiting.push((request, reply));
                false
            }
            None => {
                lanes.insert(lane.clone(), vec![(request, reply)]);
                true
            }
        }
    };
    if start_writer {
        // A task of its own, so that a caller who goes away does not take the others' work with it.
        tokio::spawn(write_lane(state.clone(), lane));
    }
    answer.await.map_err(|_| internal("the approval writer stopped"))?
}

/// The most approvals written in one transaction.
const APPROVAL_BATCH: usize = 64;

/// Writes the lane's waiting approvals, a batch at a time, until none are left.
async fn write_lane(state: AppState, lane: Vec<i64>) {
    // Adaptive group commit: when the last batch held several approvals, their approvers are
    // likely to send the next ones at once, so the writer waits a moment (never longer than
    // `GATHER`) for as many to queue; a lone approver never waits.
    const GATHER: std::time::Duration = std::time::Duration::from_micros(300);
    let mut expect = 1;
    loop {
        let started = std::time::Instant::now();
        loop {
            tokio::task::yield_now().await;
            let queued = state.approvals.lock().get(&lane).map_or(0, Vec::len);
            if queued >= expect || started.elapsed() >= GATHER {
                break;
            }
        }
        let jobs: Vec<ApprovalJob> = {
            let mut lanes = state.approvals.lock();
            let Some(waiting) = lanes.get_mut(&lane) else { return };
            if waiting.is_empty() {
                lanes.remove(&lane);
                return;
            }
            let n = waiting.len().min(APPROVAL_BATCH);
            waiting.drain(..n).collect()
        };
        expect = jobs.len();
        let (requests, replies): (Vec<ApproveRequest>, Vec<_>) = jobs.into_iter().unzip();
        let s = state.clone();
        // A panic in one batch answers its approvers with an error and leaves the lane working.
        match tokio::spawn(async move { approve_batch_or_each(&s, &requests).await }).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(e) => {
                for reply in replies {
                    let _ = reply.send(Err(internal(format!("approval failed: {e}"))));
                }
            }
        }
    }
}

/// Writes the batch in one transaction; if that transaction fails, each approval alone.
async fn approve_batch_or_each(state: &AppState, requests: &[ApproveRequest]) -> Vec<Result<Approval, AppError>> {
    match approve_batch(state, requests).await {
        Ok(results) => results,
        Err(e) if requests.len() == 1 => vec![Err(e)],
        Err(e) => {
            tracing::warn!(error = %e, approvals = requests.len(), "an approval batch failed; writing each alone");
            let mut results = Vec::with_capacity(requests.len());
            for r in requests {
                results.push(match approve_batch(state, std::slice::from_ref(r)).await {
                    Ok(mut one) => one.pop().unwrap_or_else(|| Err(internal("no approval result"))),
                    Err(e) => Err(e),
                });
            }
            results
        }
    }
}

/// What one accepted approval writes.
struct Accepted {
    id: i64,
    actor: PersonId,
    hold: Option<i64>,
    from_hold: i64,
    idempotency_key: String,
    entries: Vec<(i64, i64)>,
}

/// Decides and writes `requests` in one write transaction with a fixed number of statements.
/// The weborders (and on PostgreSQL the balances) are locked first, then each request is
/// decided in order against the balances as the requests before it left them. The outer
/// error means nothing was written.
async fn approve_batch(state: &AppState, requests: &[ApproveRequest]) -> Result<Vec<Result<Approval, AppError>>, AppError> {
    use std::collections::{HashMap, HashSet};
    let now = state.clock.now_ms();
    let postgres = state.db.backend == Backend::Postgres;
    let mut tx = state.db.begin_write().await?;

    let mut ids: Vec<i64> = requests.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let sql = format!(
        "{} WHERE w.id IN ({}) ORDER BY w.id{}",
        WEBORDER_SELECT.replacen("SELECT ", "SELECT w.period_id, w.approval_count, pr.status AS provider_status, ", 1),
        placeholders(1, ids.len()),
        if postgres { " FOR UPDATE OF w" } else { "" }
    );
    let mut query = sqlx::query(&sql);
    for id in &ids {
        query = query.bind(id);
    }
    let mut found: HashMap<i64, (WeborderRow, i64, i64)> = HashMap::new();
    // Providers the platform rejected after they made the weborder are not paid.
    let mut provider_rejected: HashSet<i64> = HashSet::new();
    for r in query.fetch_all(&mut *tx).await? {
        let w = weborder_from_row(&r)?;
        if text(&r, "provider_status")? != "approved" {
            provider_rejected.insert(w.id);
        }
        found.insert(w.id, (w, int(&r, "period_id")?, int(&r, "approval_count")?));
    }

    // The accounts every approval that may go ahead needs (the budget, what is owed to the
    // provider, the hold it asks to use), opened and read (on PostgreSQL locked) in one query.
    let mut refs: Vec<AccountRef> = Vec::new();
    let mut holds: HashMap<i64, Option<String>> = HashMap::new();
    for r in requests {
        let Some((w, period, _)) = found.get(&r.id) else { continue };
        if !r.locations.contains(&w.location_id) || w.status != WeborderStatus::Pending || w.approve_by_ms <= now {
            continue;
        }
        refs.push(AccountRef::of(AccountKind::LocationBudget, Some(w.location_id), Some(*period)));
        refs.push(AccountRef::provider(w.provider_id));
        if let Some(hold) = r.hold.filter(|h| !holds.contains_key(h)) {
            let active =
                sqlx::query("SELECT period_id FROM budget_holds WHERE id = $1 AND location_id = $2 AND status = 'active'")
                    .bind(hold)
                    .bind(w.location_id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            let key = match active {
                Some(h) => {
                    let account = AccountRef::hold(hold, w.location_id, int(&h, "period_id")?);
                    let key = account.key.clone();
                    refs.push(account);
                    Some(key)
                }
                None => None,
            };
            holds.insert(hold, key);
        }
    }
    refs.sort_by(|a, b| a.key.cmp(&b.key));
    refs.dedup();
    let opened = ledger::open_with_balances(&mut tx, &refs, postgres).await?;
    let id_of = |key: &str| opened.get(key).map(|(id, _)| *id).ok_or_else(|| internal(format!("account {key} not opened")));
    let mut balances: HashMap<i64, i64> = opened.values().copied().collect();

    // Each request in turn, against what the ones before it left.
    let mut results: Vec<Option<Result<Approval, AppError>>> = Vec::with_capacity(requests.len());
    let mut approved_now: HashSet<i64> = HashSet::new();
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut retried: Vec<usize> = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        let Some((w, period, count)) = found.get(&r.id).filter(|(w, _, _)| r.locations.contains(&w.location_id)) else {
            results.push(Some(Err(AppError::NotFound)));
            continue;
        };
        if approved_now.contains(&r.id) || w.status != WeborderStatus::Pending || w.approve_by_ms <= now {
            // Answered below: a retry of work already done, or a refusal.
            results.push(None);
            retried.push(i);
            continue;
        }
        if provider_rejected.contains(&r.id) {
            results.push(Some(Err(AppError::Conflict(Problem::ProviderNoLongerApproved))));
            continue;
        }
        let hold_account = match r.hold {
            Some(hold) => match holds.get(&hold).cloned().flatten() {
                Some(key) => Some(id_of(&key)?),
                None => {
                    results.push(Some(Err(AppError::Conflict(Problem::HoldNotActive))));
                    continue;
                }
            },
            None => None,
        };
        let amount = w.amount.cents();
        let budget = id_of(&AccountRef::of(AccountKind::LocationBudget, Some(w.location_id), Some(*period)).key)?;
        let from_hold = hold_account.map(|a| balances.get(&a).copied().unwrap_or(0).clamp(0, amount)).unwrap_or(0);
        let from_budget = amount - from_hold;
        if from_budget > balances.get(&budget).copied().unwrap_or(0) {
            results.push(Some(Err(AppError::Conflict(Problem::InsufficientBudget))));
            continue;
        }
        let mut entries = vec![(id_of(&AccountRef::provider(w.provider_id).key)?, amount)];
        if let Some(account) = hold_account.filter(|_| from_hold > 0) {
            entries.push((account, -from_hold));
            *balances.entry(account).or_insert(0) -= from_hold;
        }
        if from_budget > 0 {
            entries.push((budget, -from_budget));
            *balances.entry(budget).or_insert(0) -= from_budget;
        }
        approved_now.insert(r.id);
        accepted.push(Accepted {
            id: r.id,
            actor: r.actor,
            hold: r.hold.filter(|_| from_hold > 0),
            from_hold,
            idempotency_key: if r.client_key.is_empty() {
                format!("weborder:{}:approval:{}", r.id, count + 1)
            } else {
                format!("weborder:{}:approve:{}", r.id, r.client_key)
            },
            entries,
        });
        results.push(Some(Ok(Approval::Approved)));
    }

    // A request for a weborder that is no longer pending is a retry when its key was used.
    let keys: Vec<String> = retried
        .iter()
        .map(|&i| &requests[i])
        .filter(|r| !r.client_key.is_empty())
        .map(|r| format!("weborder:{}:approve:{}", r.id, r.client_key))
        .collect();
    let mut used: HashSet<String> = accepted.iter().map(|a| a.idempotency_key.clone()).collect();
    if !keys.is_empty() {
        let sql =
            format!("SELECT idempotency_key FROM ledger_transactions WHERE idempotency_key IN ({})", placeholders(1, keys.len()));
        let mut query = sqlx::query(&sql);
        for k in &keys {
            query = query.bind(k);
        }
        for r in query.fetch_all(&mut *tx).await? {
            used.insert(text(&r, "idempotency_key")?);
        }
    }
    for &i in &retried {
        let r = &requests[i];
        let key = format!("weborder:{}:approve:{}", r.id, r.client_key);
        results[i] = Some(if !r.client_key.is_empty() && used.contains(&key) {
            Ok(Approval::AlreadyDone)
        } else if !approved_now.contains(&r.id) && found[&r.id].0.status == WeborderStatus::Pending {
            Err(AppError::Conflict(Problem::DecisionDeadlinePassed))
        } else {
            Err(AppError::Conflict(Problem::WeborderNotPending))
        });
    }

    if !accepted.is_empty() {
        write_approvals(state, &mut tx, now, &accepted, &found).await?;
    }
    tx.commit().await?;
    Ok(results.into_iter().map(|r| r.unwrap_or_else(|| Err(internal("undecided approval")))).collect())
}

/// The writes of the accepted approvals, each kind in one statement.
async fn write_approvals(
    state: &AppState,
    tx: &mut Tx,
    now: i64,
    accepted: &[Accepted],
    found: &std::collections::HashMap<i64, (WeborderRow, i64, i64)>,
) -> Result<(), AppError> {
    let cooling_until = now + state.settings.cooling_off_ms;
    let mut actors: Vec<PersonId> = accepted.iter().map(|a| a.actor).collect();
    actors.sort_unstable_by_key(|p| p.0);
    actors.dedup();
    for actor in actors {
        let ids: Vec<i64> = accepted.iter().filter(|a| a.actor == actor).map(|a| a.id).collect();
        let sql = format!(
            "UPDATE weborders SET status = 'approved', approved_at = $1, approved_by = $2, cooling_until = $3,
                approval_count = approval_count + 1, updated_at = $1
             WHERE status = 'pending' AND id IN ({})",
            placeholders(4, ids.len())
        );
        let mut update = sqlx::query(&sql).bind(now).bind(actor.0).bind(cooling_until);
        for id in &ids {
            update = update.bind(id);
        }
        if update.execute(&mut **tx).await?.rows_affected() != u64::try_from(ids.len()).unwrap_or(u64::MAX) {
            return Err(internal("a weborder changed while its approval was written"));
        }
    }
    for a in accepted.iter().filter(|a| a.hold.is_some()) {
        sqlx::query("UPDATE weborders SET hold_id = $1, from_hold_cents = $2 WHERE id = $3")
            .bind(a.hold)
            .bind(a.from_hold)
            .bind(a.id)
            .execute(&mut **tx)
            .await?;
    }
    let transactions: Vec<ledger::NewTransaction> = accepted
        .iter()
        .map(|a| ledger::NewTransaction {
            kind: "weborder_approved".to_owned(),
            reference: format!("W{}", a.id),
            idempotency_key: Some(a.idempotency_key.clone()),
            actor: Some(a.actor),
            entries: a.entries.clone(),
        })
        .collect();
    ledger::post_many(tx, now, &transactions).await.map_err(ledger_problem)?;
    let history: Vec<Event> = accepted
        .iter()
        .map(|a| Event {
            id: a.id,
            from: Some(WeborderStatus::Pending),
            to: WeborderStatus::Approved,
            reason: String::new(),
            actor: Some(a.actor),
        })
        .collect();
    events(tx, now, &history).await?;
    let mut providers: Vec<ProviderId> = accepted.iter().map(|a| found[&a.id].0.provider_id).collect();
    providers.sort_unstable_by_key(|p| p.0);
    providers.dedup();
    let addresses = provider_emails_of(tx, &providers).await?;
    let asked = requesters(tx, &accepted.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    let until = format_local(cooling_until);
    let subject = "Weborder goedgekeurd / Weborder approved — MBO Cultuurkaart";
    let mut mails = Vec::new();
    for a in accepted {
        let w = &found[&a.id].0;
        let body = format!(
            "Je weborder is goedgekeurd:\n\n{line}\n\nNa de bedenktijd (tot {until}) komt hij in de volgende uitbetaling.\n\n---\n\nYour weborder has been approved:\n\n{line}\n\nAfter the cooling-off period (until {until}) it goes into the next payout.\n",
            line = summary_line(w),
        );
        for to in addresses.get(&w.provider_id).into_iter().flatten() {
            mails.push((to.clone(), subject.to_owned(), body.clone()));
        }
        mails.extend(teacher_mails(
            &state.settings.public_base_url,
            w,
            asked.get(&a.id).map(String::as_str),
            subject,
            "De school heeft deze weborder goedgekeurd; het bedrag is van het budget afgeschreven.",
            "The school has approved this weborder; the amount has been taken from the budget.",
        ));
    }
    mail::enqueue_many(tx, now, &mails).await?;
    let lines: Vec<audit::AuditLine> = accepted
        .iter()
        .map(|a| audit::AuditLine {
            actor: Some(a.actor),
            action: "weborder_approved".to_owned(),
            subject_type: "weborder".to_owned(),
            subject_id: Some(a.id),
            detail: format!("amount {}", found[&a.id].0.amount),
        })
        .collect();
    audit::record_many(tx, now, &lines).await?;
    Ok(())
}
