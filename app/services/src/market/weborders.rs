//! Weborders: created by a provider against a location's CJP school number, decided by the
//! location's budget holder. Approval debits the budget in the same transaction as the state
//! change and the mail; an approval can be undone during the cooling-off period, and an
//! approved weborder cancelled until it enters a payout batch, each time through a reversing
//! ledger transaction. Every change is a conditional update, so retries and races are harmless.

use crate::budget::ledger::{self, AccountKind, LedgerError};
use crate::budget::periods::open_period;
use crate::budget::school::budget_holder_emails;
use crate::platform::audit;
use crate::platform::db::money;
use crate::platform::db::{int, opt_int, opt_text, placeholders, text, value_rows, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::error::{required_field, Problem};
use domain::failure::internal;
use domain::time::{format_local, local_date};
use domain::weborder::{NewWeborder, WeborderHistoryLine, WeborderRow, WeborderStatus};
use domain::{AppError, LocationId, Page, PageRequest, PersonId, ProviderId};
use sqlx::any::AnyRow;

/// The columns every weborder list reads.
pub(crate) const WEBORDER_SELECT: &str =
    "SELECT w.id, w.provider_id, pr.name AS provider_name, w.location_id, l.name AS location_name,
    l.cjp_school_number, w.offer_id, o.title AS offer_title, w.activity_date, w.students, w.amount_cents, w.teacher_name,
    w.teacher_email, w.status, w.reason, w.approve_by, w.cooling_until, w.from_hold_cents, w.hold_id, b.number AS batch_number,
    w.created_at
    FROM weborders w JOIN providers pr ON pr.id = w.provider_id JOIN locations l ON l.id = w.location_id
    JOIN offers o ON o.id = w.offer_id LEFT JOIN payout_batches b ON b.id = w.payout_batch_id";

/// Reads a row of [`WEBORDER_SELECT`].
pub(crate) fn weborder_from_row(r: &AnyRow) -> Result<WeborderRow, AppError> {
    let status = text(r, "status")?;
    Ok(WeborderRow {
        id: int(r, "id")?,
        provider_id: ProviderId(int(r, "provider_id")?),
        provider_name: text(r, "provider_name")?,
        location_id: LocationId(int(r, "location_id")?),
        location_name: text(r, "location_name")?,
        cjp_school_number: text(r, "cjp_school_number")?,
        offer_id: int(r, "offer_id")?,
        offer_title: text(r, "offer_title")?,
        activity_date: text(r, "activity_date")?,
        students: int(r, "students")?,
        amount: money(int(r, "amount_cents")?)?,
        teacher_name: text(r, "teacher_name")?,
        teacher_email: text(r, "teacher_email")?,
        status: WeborderStatus::from_code(&status).ok_or_else(|| internal(format!("weborder status {status}")))?,
        reason: text(r, "reason")?,
        approve_by_ms: int(r, "approve_by")?,
        cooling_until_ms: opt_int(r, "cooling_until")?,
        from_hold: money(int(r, "from_hold_cents")?)?,
        hold_id: opt_int(r, "hold_id")?,
        payout_batch: opt_text(r, "batch_number")?,
        created_at_ms: int(r, "created_at")?,
    })
}

/// Who is looking at or acting on weborders; every query is scoped by it.
#[derive(Clone, Debug)]
pub enum Viewer {
    /// The platform operator sees everything.
    Operator,
    /// A provider's users see their provider's weborders.
    Provider(ProviderId),
    /// School staff see the weborders of their locations.
    School(Vec<LocationId>),
}

impl Viewer {
    fn may_see(&self, w: &WeborderRow) -> bool {
        match self {
            Viewer::Operator => true,
            Viewer::Provider(p) => w.provider_id == *p,
            Viewer::School(locations) => locations.contains(&w.location_id),
        }
    }
}

/// One weborder, if the viewer may see it.
#[tracing::instrument(skip_all)]
pub async fn weborder(state: &AppState, viewer: &Viewer, id: i64) -> Result<WeborderRow, AppError> {
    let sql = format!("{WEBORDER_SELECT} WHERE w.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&state.db.pool).await?;
    let w = row.as_ref().map(weborder_from_row).transpose()?.ok_or(AppError::NotFound)?;
    if viewer.may_see(&w) {
        Ok(w)
    } else {
        Err(AppError::NotFound)
    }
}

/// A page of the weborders the viewer may see, newest first, optionally of one status.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: &AppState,
    viewer: &Viewer,
    status: Option<WeborderStatus>,
    page: PageRequest,
) -> Result<Page<WeborderRow>, AppError> {
    let (scope, ids): (String, Vec<i64>) = match viewer {
        Viewer::Operator => ("1 = 1".to_owned(), Vec::new()),
        Viewer::Provider(p) => ("w.provider_id = $1".to_owned(), vec![p.0]),
        Viewer::School(locations) if locations.is_empty() => {
            return Ok(Page { rows: Vec::new(), page: page.page, per_page: page.per_page, total: 0 })
        }
        Viewer::School(locations) => {
            (format!("w.location_id IN ({})", placeholders(1, locations.len())), locations.iter().map(|l| l.0).collect())
        }
    };
    let mut filter = scope;
    let mut next = ids.len() + 1;
    if status.is_some() {
        filter.push_str(&format!(" AND w.status = ${next}"));
        next += 1;
    }
    let count_sql = format!("SELECT COUNT(*) AS n FROM weborders w WHERE {filter}");
    let mut count = sqlx::query(&count_sql);
    for id in &ids {
        count = count.bind(*id);
    }
    if let Some(s) = status {
        count = count.bind(s.code());
    }
    let total = int(&count.fetch_one(&state.db.pool).await?, "n")?;
    let sql = format!("{WEBORDER_SELECT} WHERE {filter} ORDER BY w.id DESC LIMIT ${next} OFFSET ${}", next + 1);
    let mut q = sqlx::query(&sql);
    for id in &ids {
        q = q.bind(*id);
    }
    if let Some(s) = status {
        q = q.bind(s.code());
    }
    let rows = q.bind(page.limit()).bind(page.offset()).fetch_all(&state.db.pool).await?;
    Ok(Page {
        rows: rows.iter().map(weborder_from_row).collect::<Result<_, _>>()?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// The state changes of a weborder the viewer may see, oldest first.
#[tracing::instrument(skip_all)]
pub async fn history(state: &AppState, viewer: &Viewer, id: i64) -> Result<Vec<WeborderHistoryLine>, AppError> {
    weborder(state, viewer, id).await?;
    let rows = sqlx::query(
        "SELECT e.created_at, e.from_status, e.to_status, e.reason, p.display_name FROM weborder_events e
         LEFT JOIN people p ON p.id = e.actor WHERE e.weborder_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let to = text(r, "to_status")?;
            Ok(WeborderHistoryLine {
                at_ms: int(r, "created_at")?,
                from: opt_text(r, "from_status")?.as_deref().and_then(WeborderStatus::from_code),
                to: WeborderStatus::from_code(&to).ok_or_else(|| internal("event status"))?,
                reason: text(r, "reason")?,
                actor: opt_text(r, "display_name")?,
            })
        })
        .collect()
}

/// The name of the location with this CJP school number, for the provider to confirm.
#[tracing::instrument(skip_all)]
pub async fn school_by_cjp(state: &AppState, cjp: &str) -> Result<Option<(LocationId, String)>, AppError> {
    let r = sqlx::query("SELECT id, name FROM locations WHERE cjp_school_number = $1")
        .bind(domain::weborder::cjp_school_number(cjp))
        .fetch_optional(&state.db.pool)
        .await?;
    r.map(|r| Ok((LocationId(int(&r, "id")?), text(&r, "name")?))).transpose()
}

async fn event(
    tx: &mut Tx,
    now: i64,
    id: i64,
    from: Option<WeborderStatus>,
    to: WeborderStatus,
    reason: &str,
    actor: Option<PersonId>,
) -> Result<(), AppError> {
    events(tx, now, &[Event { id, from, to, reason: reason.to_owned(), actor }]).await
}

/// One line of a weborder's history, for [`events`].
pub(crate) struct Event {
    pub(crate) id: i64,
    pub(crate) from: Option<WeborderStatus>,
    pub(crate) to: WeborderStatus,
    pub(crate) reason: String,
    pub(crate) actor: Option<PersonId>,
}

/// History lines in one statement.
pub(crate) async fn events(tx: &mut Tx, now: i64, lines: &[Event]) -> Result<(), AppError> {
    let sql = format!(
        "INSERT INTO weborder_events (weborder_id, from_status, to_status, reason, actor, created_at) VALUES {}",
        value_rows(1, lines.len(), 6)
    );
    let mut insert = sqlx::query(&sql);
    for e in lines {
        insert = insert
            .bind(e.id)
            .bind(e.from.map(|s| s.code()))
            .bind(e.to.code())
            .bind(&e.reason)
            .bind(e.actor.map(|p| p.0))
            .bind(now);
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// The addresses of a provider's active users.
pub(crate) async fn provider_emails(tx: &mut Tx, provider: ProviderId) -> Result<Vec<String>, AppError> {
    Ok(provider_emails_of(tx, &[provider]).await?.remove(&provider).unwrap_or_default())
}

/// The addresses of the active users of each of `providers`, in one query.
pub(crate) async fn provider_emails_of(
    tx: &mut Tx,
    providers: &[ProviderId],
) -> Result<std::collections::HashMap<ProviderId, Vec<String>>, AppError> {
    let mut by_provider = std::collections::HashMap::new();
    if providers.is_empty() {
        return Ok(by_provider);
    }
    let sql = format!(
        "SELECT DISTINCT r.provider_id, p.email FROM role_assignments r JOIN people p ON p.id = r.person_id
         WHERE r.provider_id IN ({}) AND r.role = 'provider' AND p.status <> 'disabled' ORDER BY r.provider_id, p.email",
        placeholders(1, providers.len())
    );
    let mut query = sqlx::query(&sql);
    for p in providers {
        query = query.bind(p.0);
    }
    for r in query.fetch_all(&mut **tx).await? {
        by_provider.entry(ProviderId(int(&r, "provider_id")?)).or_insert_with(Vec::new).push(text(&r, "email")?);
    }
    Ok(by_provider)
}

async fn mail_all(tx: &mut Tx, now: i64, to: &[String], subject: &str, body: &str) -> Result<(), AppError> {
    let mails: Vec<(String, String, String)> = to.iter().map(|a| (a.clone(), subject.to_owned(), body.to_owned())).collect();
    mail::enqueue_many(tx, now, &mails).await.map_err(internal)
}

/// The Docent+ who asked for each of these weborders (those made from a request): their
/// address by weborder, in one query.
pub(crate) async fn requesters(tx: &mut Tx, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>, AppError> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let sql = format!(
        "SELECT w.id, p.email FROM weborders w JOIN offer_requests r ON r.id = w.request_id JOIN people p ON p.id = r.teacher_id
         WHERE w.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(&mut **tx).await?.iter().map(|r| Ok((int(r, "id")?, text(r, "email")?))).collect()
}

/// What the teachers of a weborder hear when it is decided: the teacher it was agreed with
/// and the Docent+ who asked (`requester`), each address once; `nl` and `en` say what
/// happened.
pub(crate) fn teacher_mails(
    base_url: &str,
    w: &WeborderRow,
    requester: Option<&str>,
    subject: &str,
    nl: &str,
    en: &str,
) -> Vec<(String, String, String)> {
    let mut to: Vec<String> =
        [Some(w.teacher_email.as_str()), requester].into_iter().flatten().map(|e| e.trim().to_lowercase()).collect();
    to.retain(|e| !e.is_empty());
    to.sort();
    to.dedup();
    let body = format!(
        "Hallo,\n\n{nl}\n\n{line}\n\nJe aanvragen en hun boekingen: {base_url}/teacher/requests\n\n---\n\nHello,\n\n{en}\n\n{line}\n\nYour requests and their bookings: {base_url}/teacher/requests\n",
        line = summary_line(w),
    );
    to.into_iter().map(|a| (a, subject.to_owned(), body.clone())).collect()
}

/// Mails the teachers of one decided weborder ([`teacher_mails`], with its asker from
/// [`requesters`]) inside `tx`.
async fn tell_teachers(
    tx: &mut Tx,
    state: &AppState,
    now: i64,
    w: &WeborderRow,
    subject: &str,
    nl: &str,
    en: &str,
) -> Result<(), AppError> {
    let asked = requesters(tx, &[w.id]).await?;
    let mails = teacher_mails(&state.settings.public_base_url, w, asked.get(&w.id).map(String::as_str), subject, nl, en);
    mail::enqueue_many(tx, now, &mails).await?;
    Ok(())
}

pub(crate) fn summary_line(w: &WeborderRow) -> String {
    format!(
        "{offer} — {provider}\n{location} ({cjp}), {date}, {students} leerlingen/students, € {amount}",
        offer = w.offer_title,
        provider = w.provider_name,
        location = w.location_name,
        cjp = w.cjp_school_number,
        date = w.activity_date,
        students = w.students,
        amount = w.amount
    )
}

async fn row_in(tx: &mut Tx, id: i64) -> Result<WeborderRow, AppError> {
    let sql = format!("{WEBORDER_SELECT} WHERE w.id = $1");
    weborder_from_row(&sqlx::query(&sql).bind(id).fetch_one(&mut **tx).await?)
}

/// Whether the provider may create weborders and publish offers.
pub(crate) async fn provider_is_approved(tx: &mut Tx, provider: ProviderId) -> Result<bool, AppError> {
    let r = sqlx::query("SELECT status FROM providers WHERE id = $1").bind(provider.0).fetch_optional(&mut **tx).await?;
    Ok(r.map(|r| text(&r, "status")).transpose()?.as_deref() == Some("approved"))
}

/// Creates a pending weborder for the location with the given CJP school number and mails its
/// budget holders. With a `client_key` a retry returns the weborder made the first time.
/// Returns the weborder's id and whether it was created now.
#[tracing::instrument(skip_all)]
pub async fn create(
    state: &AppState,
    provider: ProviderId,
    actor: Option<PersonId>,
    w: &NewWeborder,
) -> Result<(i64, bool), AppError> {
    let now = state.clock.now_ms();
    let today = local_date(now);
    let mut tx = state.db.begin_write().await?;
    if let Some(key) = &w.client_key {
        let existing = sqlx::query("SELECT id FROM weborders WHERE provider_id = $1 AND client_key = $2")
            .bind(provider.0)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(r) = existing {
            return Ok((int(&r, "id")?, false));
        }
    }
    if !provider_is_approved(&mut tx, provider).await? {
        return Err(AppError::Conflict(Problem::ProviderNotApproved));
    }
    let location = sqlx::query("SELECT id FROM locations WHERE cjp_school_number = $1")
        .bind(&w.cjp_school_number)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| int(&r, "id"))
        .transpose()?
        .ok_or_else(|| AppError::field("cjp_school_number", Problem::UnknownSchool))?;
    let offer_ok = sqlx::query("SELECT id FROM offers WHERE id = $1 AND provider_id = $2 AND status <> 'archived'")
        .bind(w.offer_id)
        .bind(provider.0)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !offer_ok {
        return Err(AppError::field("offer_id", Problem::UnknownOffer));
    }
    let period = open_period(&state.db, &today).await?.ok_or(AppError::Conflict(Problem::NoOpenPeriod))?;
    if w.activity_date < period.starts_on || w.activity_date > period.ends_on {
        return Err(AppError::field("activity_date", Problem::DateOutsidePeriod));
    }
    if let Some(request) = w.request_id {
        let converted = sqlx::query(
            "UPDATE offer_requests SET status = 'converted', updated_at = $1
             WHERE id = $2 AND provider_id = $3 AND location_id = $4 AND status <> 'closed'",
        )
        .bind(now)
        .bind(request)
        .bind(provider.0)
        .bind(location)
        .execute(&mut *tx)
        .await?;
        if converted.rows_affected() != 1 {
            return Err(AppError::field("request_id", Problem::RequestClosed));
        }
    }
    let inserted = sqlx::query(
        "INSERT INTO weborders (provider_id, location_id, period_id, offer_id, request_id, activity_date, students, amount_cents,
            teacher_name, teacher_email, status, approve_by, client_key, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(provider.0)
    .bind(location)
    .bind(period.id)
    .bind(w.offer_id)
    .bind(w.request_id)
    .bind(&w.activity_date)
    .bind(w.students)
    .bind(w.amount.cents())
    .bind(&w.teacher_name)
    .bind(&w.teacher_email)
    .bind(now + state.settings.weborder_decision_ms)
    .bind(w.client_key.as_deref())
    .bind(actor.map(|p| p.0))
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(r) => int(&r, "id")?,
        Err(e) if crate::platform::db::is_unique_violation(&e) => {
            // The same client key raced in from a retry: the other one made it.
            drop(tx);
            let r = sqlx::query("SELECT id FROM weborders WHERE provider_id = $1 AND client_key = $2")
                .bind(provider.0)
                .bind(w.client_key.as_deref())
                .fetch_one(&state.db.pool)
                .await?;
            return Ok((int(&r, "id")?, false));
        }
        Err(e) => return Err(internal(e)),
    };
    event(&mut tx, now, id, None, WeborderStatus::Pending, "", actor).await?;
    let row = row_in(&mut tx, id).await?;
    let body = format!(
        "Er staat een nieuwe weborder klaar om goed te keuren:\n\n{line}\n\nBeslis vóór {deadline} op {base}/school/weborders\n\n---\n\nA new weborder awaits your approval:\n\n{line}\n\nDecide before {deadline} at {base}/school/weborders\n",
        line = summary_line(&row),
        deadline = format_local(row.approve_by_ms),
        base = state.settings.public_base_url
    );
    let to = budget_holder_emails(&mut tx, LocationId(location)).await?;
    mail_all(&mut tx, now, &to, "Nieuwe weborder / New weborder — MBO Cultuurkaart", &body).await?;
    audit::record(&mut tx, now, actor, "weborder_created", "weborder", Some(id), &format!("amount {}", w.amount)).await?;
    tx.commit().await?;
    Ok((id, true))
}

pub(crate) fn ledger_problem(e: LedgerError) -> AppError {
    match e {
        LedgerError::Insufficient => AppError::Conflict(Problem::InsufficientBudget),
        other => internal(other),
    }
}

/// Rejects a pending weborder of one of `locations` with a reason and tells the provider.
#[tracing::instrument(skip_all)]
pub async fn reject(state: &AppState, actor: PersonId, locations: &[LocationId], id: i64, reason: &str) -> Result<(), AppError> {
    let reason = required_field("reason", reason, 500)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let current = row_in(&mut tx, id).await.map_err(|_| AppError::NotFound)?;
    if !locations.contains(&current.location_id) {
        return Err(AppError::NotFound);
    }
    let changed = sqlx::query(
        "UPDATE weborders SET status = 'rejected', reason = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'",
    )
    .bind(&reason)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::WeborderNotPending));
    }
    event(&mut tx, now, id, Some(WeborderStatus::Pending), WeborderStatus::Rejected, &reason, Some(actor)).await?;
    let body = format!(
        "Je weborder is afgewezen:\n\n{line}\n\nReden: {reason}\n\n---\n\nYour weborder has been rejected:\n\n{line}\n\nReason: {reason}\n",
        line = summary_line(&current)
    );
    let subject = "Weborder afgewezen / Weborder rejected — MBO Cultuurkaart";
    let to = provider_emails(&mut tx, current.provider_id).await?;
    mail_all(&mut tx, now, &to, subject, &body).await?;
    tell_teachers(
        &mut tx,
        state,
        now,
        &current,
        subject,
        &format!("De school heeft deze weborder afgewezen. Reden: {reason}"),
        &format!("The school has rejected this weborder. Reason: {reason}"),
    )
    .await?;
    audit::record(&mut tx, now, Some(actor), "weborder_rejected", "weborder", Some(id), &reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Puts an approved weborder's money back where it came from: the hold's part to the hold
/// while it is active (otherwise to the budget), the rest to the location's budget.
async fn reverse(tx: &mut Tx, now: i64, actor: Option<PersonId>, id: i64, kind: &str) -> Result<(), AppError> {
    let r = sqlx::query(
        "SELECT w.location_id, w.period_id, w.provider_id, w.amount_cents, w.hold_id, w.from_hold_cents, w.approval_count, h.status AS hold_status,
                h.period_id AS hold_period
         FROM weborders w LEFT JOIN budget_holds h ON h.id = w.hold_id WHERE w.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await
    ?;
    let location = LocationId(int(&r, "location_id")?);
    let amount = int(&r, "amount_cents")?;
    let from_hold = int(&r, "from_hold_cents")?;
    let payable = ledger::provider_account(tx, ProviderId(int(&r, "provider_id")?)).await?;
    let budget = ledger::account(tx, AccountKind::LocationBudget, Some(location), Some(int(&r, "period_id")?)).await?;
    let mut postings = vec![(payable, -amount)];
    let hold_active = opt_text(&r, "hold_status")?.as_deref() == Some("active");
    match (opt_int(&r, "hold_id")?, opt_int(&r, "hold_period")?) {
        (Some(hold), Some(hold_period)) if hold_active && from_hold > 0 => {
            let account = ledger::hold_account(tx, hold, location, hold_period).await?;
            postings.push((account, from_hold));
            if amount > from_hold {
                postings.push((budget, amount - from_hold));
            }
        }
        _ => postings.push((budget, amount)),
    }
    let n = int(&r, "approval_count")?;
    ledger::post(tx, now, actor, kind, &format!("W{id}"), Some(&format!("weborder:{id}:reverse:{n}")), &postings)
        .await
        .map_err(ledger_problem)?;
    Ok(())
}

/// Takes back an approval during the cooling-off period (the budget holder); the money returns
/// and the weborder waits for a decision again.
#[tracing::instrument(skip_all)]
pub async fn undo_approval(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = required_field("reason", reason, 500)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let current = row_in(&mut tx, id).await.map_err(|_| AppError::NotFound)?;
    if !locations.contains(&current.location_id) {
        return Err(AppError::NotFound);
    }
    // The decision deadline gets at least a day more, so undoing never expires it at once.
    let changed = sqlx::query(
        "UPDATE weborders SET status = 'pending', approved_at = NULL, approved_by = NULL, cooling_until = NULL,
            approve_by = CASE WHEN approve_by > $1 THEN approve_by ELSE $2 END, updated_at = $3
         WHERE id = $4 AND status = 'approved' AND cooling_until > $3 AND payout_batch_id IS NULL",
    )
    .bind(now + crate::platform::clock::HOUR_MS * 24)
    .bind(now + crate::platform::clock::HOUR_MS * 24)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(if current.status == WeborderStatus::Approved {
            Problem::CoolingOffOver
        } else {
            Problem::NotCancellable
        }));
    }
    reverse(&mut tx, now, Some(actor), id, "weborder_undone").await?;
    sqlx::query("UPDATE weborders SET hold_id = NULL, from_hold_cents = 0 WHERE id = $1").bind(id).execute(&mut *tx).await?;
    event(&mut tx, now, id, Some(WeborderStatus::Approved), WeborderStatus::Pending, &reason, Some(actor)).await?;
    let body = format!(
        "De goedkeuring van je weborder is ingetrokken (binnen de bedenktijd):\n\n{line}\n\nReden: {reason}\n\n---\n\nThe approval of your weborder was withdrawn (within the cooling-off period):\n\n{line}\n\nReason: {reason}\n",
        line = summary_line(&current)
    );
    let subject = "Goedkeuring ingetrokken / Approval withdrawn — MBO Cultuurkaart";
    let to = provider_emails(&mut tx, current.provider_id).await?;
    mail_all(&mut tx, now, &to, subject, &body).await?;
    tell_teachers(
        &mut tx,
        state,
        now,
        &current,
        subject,
        &format!("De school heeft haar goedkeuring van deze weborder ingetrokken (binnen de bedenktijd). Reden: {reason}"),
        &format!("The school has withdrawn its approval of this weborder (within the cooling-off period). Reason: {reason}"),
    )
    .await?;
    audit::record(&mut tx, now, Some(actor), "weborder_undone", "weborder", Some(id), &reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels an approved weborder before it enters a payout batch, with a reason; the money goes
/// back to the budget. The provider, the location's staff and the operator may cancel.
#[tracing::instrument(skip_all)]
pub async fn cancel(state: &AppState, actor: PersonId, viewer: &Viewer, id: i64, reason: &str) -> Result<(), AppError> {
    let reason = required_field("reason", reason, 500)?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let current = row_in(&mut tx, id).await.map_err(|_| AppError::NotFound)?;
    if !viewer.may_see(&current) {
        return Err(AppError::NotFound);
    }
    let changed = sqlx::query(
        "UPDATE weborders SET status = 'cancelled', reason = $1, updated_at = $2 WHERE id = $3 AND status = 'approved' AND payout_batch_id IS NULL",
    )
    .bind(&reason)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await
    ?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::NotCancellable));
    }
    reverse(&mut tx, now, Some(actor), id, "weborder_cancelled").await?;
    event(&mut tx, now, id, Some(WeborderStatus::Approved), WeborderStatus::Cancelled, &reason, Some(actor)).await?;
    let body = format!(
        "Deze weborder is geannuleerd; het bedrag staat weer op het budget van de school:\n\n{line}\n\nReden: {reason}\n\n---\n\nThis weborder has been cancelled; the amount is back on the school's budget:\n\n{line}\n\nReason: {reason}\n",
        line = summary_line(&current)
    );
    let mut to = provider_emails(&mut tx, current.provider_id).await?;
    to.extend(budget_holder_emails(&mut tx, current.location_id).await?);
    to.sort();
    to.dedup();
    let subject = "Weborder geannuleerd / Weborder cancelled — MBO Cultuurkaart";
    mail_all(&mut tx, now, &to, subject, &body).await?;
    tell_teachers(
        &mut tx,
        state,
        now,
        &current,
        subject,
        &format!("Deze weborder is geannuleerd; het bedrag staat weer op het budget van de school. Reden: {reason}"),
        &format!("This weborder has been cancelled; the amount is back on the school's budget. Reason: {reason}"),
    )
    .await?;
    audit::record(&mut tx, now, Some(actor), "weborder_cancelled", "weborder", Some(id), &reason).await?;
    tx.commit().await?;
    Ok(())
}

/// A provider withdraws its own weborder while it waits for the school (no money has moved):
/// it becomes cancelled, with a reason, and the school's budget holders and the teachers hear
/// of it. Only a pending weborder: one the school approved meanwhile is cancelled the usual
/// way, so a withdrawal racing an approval or an undo never counts twice.
#[tracing::instrument(skip_all)]
pub async fn withdraw(state: &AppState, actor: PersonId, provider: ProviderId, id: i64, reason: &str) -> Result<(), AppError> {
    let reason = required_field("reason", reason, 500)?;
    let reason = reason.as_str();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let current = row_in(&mut tx, id).await.map_err(|_| AppError::NotFound)?;
    if current.provider_id != provider {
        return Err(AppError::NotFound);
    }
    let changed = sqlx::query(
        "UPDATE weborders SET status = 'cancelled', reason = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'",
    )
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::WeborderNotPending));
    }
    event(&mut tx, now, id, Some(WeborderStatus::Pending), WeborderStatus::Cancelled, reason, Some(actor)).await?;
    let subject = "Weborder ingetrokken / Weborder withdrawn — MBO Cultuurkaart";
    let body = format!(
        "De aanbieder heeft deze weborder ingetrokken; er hoeft niets meer te worden goedgekeurd:\n\n{line}\n\nReden: {reason}\n\n---\n\nThe provider has withdrawn this weborder; nothing is left to approve:\n\n{line}\n\nReason: {reason}\n",
        line = summary_line(&current)
    );
    let to = budget_holder_emails(&mut tx, current.location_id).await?;
    mail_all(&mut tx, now, &to, subject, &body).await?;
    tell_teachers(
        &mut tx,
        state,
        now,
        &current,
        subject,
        &format!("De aanbieder heeft deze weborder ingetrokken. Reden: {reason}"),
        &format!("The provider has withdrawn this weborder. Reason: {reason}"),
    )
    .await?;
    audit::record(&mut tx, now, Some(actor), "weborder_withdrawn", "weborder", Some(id), reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Expires pending weborders whose decision deadline has passed and tells their providers.
/// Returns how many expired now; safe to run on every instance.
#[tracing::instrument(skip_all)]
pub async fn expire_due(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now_ms();
    let due = sqlx::query("SELECT id FROM weborders WHERE status = 'pending' AND approve_by <= $1 ORDER BY id LIMIT 500")
        .bind(now)
        .fetch_all(&state.db.pool)
        .await?;
    let mut expired = 0;
    for r in due {
        let id = int(&r, "id")?;
        let mut tx = state.db.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE weborders SET status = 'expired', reason = 'deadline', updated_at = $1 WHERE id = $2 AND status = 'pending' AND approve_by <= $1",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        ?;
        if changed.rows_affected() != 1 {
            continue;
        }
        let current = row_in(&mut tx, id).await?;
        event(&mut tx, now, id, Some(WeborderStatus::Pending), WeborderStatus::Expired, "deadline", None).await?;
        let body = format!(
            "Over deze weborder is niet op tijd beslist; hij is vervallen. Maak zo nodig een nieuwe.\n\n{line}\n\n---\n\nNo decision was made on this weborder in time; it has expired. Create a new one if needed.\n\n{line}\n",
            line = summary_line(&current)
        );
        let to = provider_emails(&mut tx, current.provider_id).await?;
        mail_all(&mut tx, now, &to, "Weborder vervallen / Weborder expired — MBO Cultuurkaart", &body).await?;
        tx.commit().await?;
        expired += 1;
    }
    Ok(expired)
}
