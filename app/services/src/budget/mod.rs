//! Budget orders: submitted against the open programme period and the location's DUO count,
//! amended or withdrawn within their window, approved (automatically after the window, exactly
//! once) or rejected, invoiced with gap-free numbers, and credited.
//!
//! The folder holds the rest of the money of a location and what a budget order needs:
//! programme periods, DUO counts and expiry (`periods`), payments and the release of the
//! budget (`payments`), the school's onboarding (taking part, invoice details, contacts), the
//! ledger, holds, individual credit on students' passes, the e-invoice, bank statements and
//! spending reports.

pub mod camt;
pub mod credit;
pub mod einvoice;
pub mod holds;
pub mod ledger;
pub mod payments;
pub mod periods;
pub mod reports;
pub mod school;

use crate::platform::audit;
use crate::platform::clock::amendment_deadline;
use crate::platform::db::{int, money, opt_int, opt_text, text, Db, Tx};

use crate::budget::periods::{duo_count, open_period};
use crate::budget::school::budget_holder_emails;
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::budget::{InvoiceRow, OrderCounts, OrderRow, OrderStatus, Rates};
use domain::error::Problem;
use domain::failure::internal;
use domain::time::{format_local, local_date};
use domain::{AppError, LocationId, Page, PageRequest, PersonId};
use sqlx::any::AnyRow;

// ---------------------------------------------------------------------------------------
// Orders

/// An order's status as shown: a credited order keeps `approved` in its row, with a cancellation time.
const STATUS: &str = "(CASE WHEN o.cancelled_at IS NOT NULL THEN 'credited' ELSE o.status END)";

const ORDER_SELECT: &str = "SELECT o.id, o.location_id, l.name AS location_name, o.period_id, p.name AS period_name,
        o.collective_students, o.individual_students, o.duo_count,
        CASE WHEN o.cancelled_at IS NOT NULL THEN 'credited' ELSE o.status END AS status, o.submitted_at, o.amend_deadline,
        o.decided_at, o.reason, p.contribution_cents, p.match_cents,
        (SELECT cn.number FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credit_note_number,
        i.id AS invoice_id, i.number AS invoice_number, i.amount_cents AS invoice_amount, i.issued_at, i.due_at,
        i.status AS invoice_status,
        CAST(COALESCE((SELECT SUM(pm.amount_cents) FROM payments pm WHERE pm.invoice_id = i.id), 0) AS BIGINT) AS paid_cents
     FROM budget_orders o JOIN locations l ON l.id = o.location_id JOIN programme_periods p ON p.id = o.period_id
     LEFT JOIN invoices i ON i.order_id = o.id";

fn order_from_row(r: &AnyRow) -> Result<OrderRow, AppError> {
    let e = internal;
    let counts = OrderCounts {
        collective: int(r, "collective_students").map_err(e)?,
        individual: int(r, "individual_students").map_err(e)?,
    };
    let rates = Rates {
        contribution: money(int(r, "contribution_cents").map_err(e)?)?,
        government_match: money(int(r, "match_cents").map_err(e)?)?,
    };
    let invoice = match opt_int(r, "invoice_id").map_err(e)? {
        None => None,
        Some(id) => Some(InvoiceRow {
            id,
            number: text(r, "invoice_number").map_err(e)?,
            amount: money(int(r, "invoice_amount").map_err(e)?)?,
            paid: money(int(r, "paid_cents").map_err(e)?)?,
            issued_at_ms: int(r, "issued_at").map_err(e)?,
            due_at_ms: int(r, "due_at").map_err(e)?,
            paid_in_full: text(r, "invoice_status").map_err(e)? == "paid",
            credit_note: opt_text(r, "credit_note_number").map_err(e)?,
        }),
    };
    Ok(OrderRow {
        id: int(r, "id").map_err(e)?,
        location_id: LocationId(int(r, "location_id").map_err(e)?),
        location_name: text(r, "location_name").map_err(e)?,
        period_id: int(r, "period_id").map_err(e)?,
        period_name: text(r, "period_name").map_err(e)?,
        counts,
        duo_count: int(r, "duo_count").map_err(e)?,
        amounts: counts.amounts(rates).ok_or_else(|| internal("order amounts out of range"))?,
        status: OrderStatus::from_code(&text(r, "status").map_err(e)?).ok_or_else(|| internal("unknown order status"))?,
        submitted_at_ms: int(r, "submitted_at").map_err(e)?,
        amend_deadline_ms: int(r, "amend_deadline").map_err(e)?,
        decided_at_ms: opt_int(r, "decided_at").map_err(e)?,
        reason: opt_text(r, "reason").map_err(e)?,
        invoice,
    })
}

/// One order, if it belongs to one of `locations` (`None` = any location, for the operator).
#[tracing::instrument(skip_all)]
pub async fn order(db: &Db, id: i64, locations: Option<&[LocationId]>) -> Result<Option<OrderRow>, AppError> {
    let sql = format!("{ORDER_SELECT} WHERE o.id = $1");
    let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await? else { return Ok(None) };
    let order = order_from_row(&row)?;
    Ok(match locations {
        Some(allowed) if !allowed.contains(&order.location_id) => None,
        _ => Some(order),
    })
}

/// The orders of the given locations, newest first.
#[tracing::instrument(skip_all)]
pub async fn orders_of(db: &Db, locations: &[LocationId]) -> Result<Vec<OrderRow>, AppError> {
    let mut out = Vec::new();
    for l in locations {
        let sql = format!("{ORDER_SELECT} WHERE o.location_id = $1 ORDER BY o.id DESC");
        for r in sqlx::query(&sql).bind(l.0).fetch_all(&db.pool).await? {
            out.push(order_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Every order (optionally with one status), newest first, a page at a time.
#[tracing::instrument(skip_all)]
pub async fn all_orders(db: &Db, status: Option<OrderStatus>, page: PageRequest) -> Result<Page<OrderRow>, AppError> {
    let code = status.map(|s| s.code()).unwrap_or("");
    let total = int(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM budget_orders o WHERE ($1 = '' OR {STATUS} = $1)"))
            .bind(code)
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    let sql = format!("{ORDER_SELECT} WHERE ($1 = '' OR {STATUS} = $1) ORDER BY o.id DESC LIMIT $2 OFFSET $3");
    let rows = sqlx::query(&sql).bind(code).bind(page.limit()).bind(page.offset()).fetch_all(&db.pool).await?;
    Ok(Page { rows: rows.iter().map(order_from_row).collect::<Result<_, _>>()?, page: page.page, per_page: page.per_page, total })
}

fn order_mail(order: &OrderRow, heading_nl: &str, heading_en: &str) -> String {
    format!(
        "{heading_nl}\n\nVestiging: {loc}\nPeriode: {period}\nStudenten met bijdrage (collectief budget): {c}\nStudenten met individueel tegoed: {i}\nFactuurbedrag: {amount}\nWijzigen of intrekken kan tot: {deadline}\n\n---\n\n{heading_en}\n\nLocation: {loc}\nPeriod: {period}\nStudents with contribution (collective budget): {c}\nStudents with individual credit: {i}\nInvoice amount: {amount}\nYou can amend or withdraw until: {deadline}\n",
        loc = order.location_name,
        period = order.period_name,
        c = order.counts.collective,
        i = order.counts.individual,
        amount = order.amounts.invoice.display_nl(),
        deadline = format_local(order.amend_deadline_ms),
    )
}

/// Submits a budget order for `location` in the open period. The caller must already be
/// known to be the location's budget holder.
#[tracing::instrument(skip_all)]
pub async fn submit_order(
    state: &AppState,
    actor: PersonId,
    actor_email: &str,
    location: LocationId,
    collective: &str,
    individual: &str,
) -> Result<OrderRow, AppError> {
    let now = state.clock.now_ms();
    let period = open_period(&state.db, &local_date(now)).await?.ok_or(AppError::Conflict(Problem::NoOpenPeriod))?;
    let (duo, _) = duo_count(&state.db, location).await?.ok_or(AppError::Conflict(Problem::NoDuoCount))?;
    if !crate::budget::school::profile(&state.db, location).await?.is_some_and(|p| p.taking_part) {
        return Err(AppError::Conflict(Problem::SchoolDetailsMissing));
    }
    let counts = OrderCounts::parse(collective, individual, duo)?;
    let deadline = amendment_deadline(now, period.amendment_days);
    let mut tx = state.db.begin_write().await?;
    let inserted = sqlx::query(
        "INSERT INTO budget_orders (location_id, period_id, collective_students, individual_students, duo_count, status,
            submitted_at, amend_deadline, created_by) VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8) RETURNING id",
    )
    .bind(location.0)
    .bind(period.id)
    .bind(counts.collective)
    .bind(counts.individual)
    .bind(duo)
    .bind(now)
    .bind(deadline)
    .bind(actor.0)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(r) => int(&r, "id")?,
        Err(e) if crate::platform::db::is_unique_violation(&e) => return Err(AppError::Conflict(Problem::OrderAlreadyOpen)),
        Err(e) => return Err(internal(e)),
    };
    let amounts = counts.amounts(period.rates).ok_or_else(|| internal("amounts out of range"))?;
    let row = OrderRow {
        id,
        location_id: location,
        location_name: location_name(&mut tx, location).await?,
        period_id: period.id,
        period_name: period.name.clone(),
        counts,
        duo_count: duo,
        amounts,
        status: OrderStatus::Submitted,
        submitted_at_ms: now,
        amend_deadline_ms: deadline,
        decided_at_ms: None,
        reason: None,
        invoice: None,
    };
    let body = order_mail(&row, "Je bestelling van cultuurbudget is ontvangen.", "Your culture budget order has been received.");
    mail::enqueue(&mut tx, now, actor_email, "Bestelling ontvangen / Order received — MBO Cultuurkaart", &body).await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "order_submitted",
        "budget_order",
        Some(id),
        &format!("{}+{}", counts.collective, counts.individual),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub(crate) async fn location_name(tx: &mut Tx, location: LocationId) -> Result<String, AppError> {
    let r = sqlx::query("SELECT name FROM locations WHERE id = $1").bind(location.0).fetch_one(&mut **tx).await?;
    text(&r, "name").map_err(internal)
}

/// Changes the counts of a submitted order before its deadline.
#[tracing::instrument(skip_all)]
pub async fn amend_order(
    state: &AppState,
    actor: PersonId,
    actor_email: &str,
    locations: &[LocationId],
    order_id: i64,
    collective: &str,
    individual: &str,
) -> Result<OrderRow, AppError> {
    let now = state.clock.now_ms();
    let current = order(&state.db, order_id, Some(locations)).await?.ok_or(AppError::NotFound)?;
    let counts = OrderCounts::parse(collective, individual, current.duo_count)?;
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE budget_orders SET collective_students = $1, individual_students = $2
         WHERE id = $3 AND status = 'submitted' AND amend_deadline > $4",
    )
    .bind(counts.collective)
    .bind(counts.individual)
    .bind(order_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::AmendmentWindowClosed));
    }
    let mut row = current;
    row.amounts = counts.amounts(rates_of(&mut tx, row.period_id).await?).ok_or_else(|| internal("amounts out of range"))?;
    row.counts = counts;
    let body = order_mail(&row, "Je bestelling van cultuurbudget is gewijzigd.", "Your culture budget order has been amended.");
    mail::enqueue(&mut tx, now, actor_email, "Bestelling gewijzigd / Order amended — MBO Cultuurkaart", &body).await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "order_amended",
        "budget_order",
        Some(order_id),
        &format!("{}+{}", counts.collective, counts.individual),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

async fn rates_of(tx: &mut Tx, period: i64) -> Result<Rates, AppError> {
    let r = sqlx::query("SELECT contribution_cents, match_cents FROM programme_periods WHERE id = $1")
        .bind(period)
        .fetch_one(&mut **tx)
        .await?;
    Ok(Rates { contribution: money(int(&r, "contribution_cents")?)?, government_match: money(int(&r, "match_cents")?)? })
}

/// Withdraws a submitted order before its deadline.
#[tracing::instrument(skip_all)]
pub async fn withdraw_order(
    state: &AppState,
    actor: PersonId,
    actor_email: &str,
    locations: &[LocationId],
    order_id: i64,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let current = order(&state.db, order_id, Some(locations)).await?.ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE budget_orders SET status = 'withdrawn', decided_at = $1 WHERE id = $2 AND status = 'submitted' AND amend_deadline > $1",
    )
    .bind(now)
    .bind(order_id)
    .execute(&mut *tx)
    .await
    ?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::AmendmentWindowClosed));
    }
    let body = format!(
        "Je bestelling van cultuurbudget voor {loc} is ingetrokken. Er komt geen factuur.\n\n---\n\nYour culture budget order for {loc} has been withdrawn. No invoice will follow.\n",
        loc = current.location_name
    );
    mail::enqueue(&mut tx, now, actor_email, "Bestelling ingetrokken / Order withdrawn — MBO Cultuurkaart", &body).await?;
    audit::record(&mut tx, now, Some(actor), "order_withdrawn", "budget_order", Some(order_id), "").await?;
    tx.commit().await?;
    Ok(())
}

/// The numbered document series: invoices `CK-YYYY-NNNNNN`, credit notes `CN-YYYY-NNNNNN`,
/// payout batches `PB-YYYY-NNNNNN`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Series {
    Invoice,
    CreditNote,
    Payout,
}

/// Takes the next number of `series` in `year` inside `tx`: one row per year, incremented
/// with a single UPDATE, so concurrent approvals queue on the row and numbers have no gaps
/// (a rolled-back approval rolls its number back too).
pub(crate) async fn next_number(tx: &mut Tx, series: Series, year: i64) -> Result<String, AppError> {
    let (table, prefix) = match series {
        Series::Invoice => ("invoice_sequences", "CK"),
        Series::CreditNote => ("credit_note_sequences", "CN"),
        Series::Payout => ("payout_sequences", "PB"),
    };
    sqlx::query(&format!("INSERT INTO {table} (year, last_number) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING"))
        .bind(year)
        .execute(&mut **tx)
        .await?;
    let r = sqlx::query(&format!("UPDATE {table} SET last_number = last_number + 1 WHERE year = $1 RETURNING last_number"))
        .bind(year)
        .fetch_one(&mut **tx)
        .await?;
    Ok(format!("{prefix}-{year}-{:06}", int(&r, "last_number")?))
}

/// The calendar year (Europe/Amsterdam) of a moment, for document numbers.
pub(crate) fn local_year(ms: i64) -> Result<i64, AppError> {
    local_date(ms).get(0..4).and_then(|y| y.parse().ok()).ok_or_else(|| internal("year"))
}

/// Approves a submitted order and invoices it, exactly once however many workers try: the
/// status change is conditional. `early` lets the operator approve before the deadline.
/// Returns false when there was nothing (left) to approve.
#[tracing::instrument(skip_all)]
pub async fn approve_order(state: &AppState, order_id: i64, actor: Option<PersonId>, early: bool) -> Result<bool, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let sql = if early {
        "UPDATE budget_orders SET status = 'approved', decided_at = $1 WHERE id = $2 AND status = 'submitted'"
    } else {
        "UPDATE budget_orders SET status = 'approved', decided_at = $1 WHERE id = $2 AND status = 'submitted' AND amend_deadline <= $1"
    };
    let changed = sqlx::query(sql).bind(now).bind(order_id).execute(&mut *tx).await?;
    if changed.rows_affected() != 1 {
        return Ok(false);
    }
    let r = sqlx::query(
        "SELECT o.location_id, o.collective_students + o.individual_students AS students, p.contribution_cents, p.payment_term_days
         FROM budget_orders o JOIN programme_periods p ON p.id = o.period_id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await
    ?;
    let location = LocationId(int(&r, "location_id")?);
    let amount = money(int(&r, "contribution_cents")?)?
        .checked_mul(int(&r, "students")?)
        .ok_or_else(|| internal("invoice amount out of range"))?;
    let due = now + int(&r, "payment_term_days")? * crate::platform::clock::DAY_MS;
    let number = next_number(&mut tx, Series::Invoice, local_year(now)?).await?;
    // The buyer as the invoice names it, fixed at issue: the school's invoice details when it
    // recorded them, the location's own address otherwise.
    let buyer = sqlx::query(
        "SELECT inst.name AS institution_name, inst.kvk_number, l.name AS location_name, l.cjp_school_number,
                COALESCE(lp.invoice_street, l.street) AS street, COALESCE(lp.invoice_postcode, l.postcode) AS postcode,
                COALESCE(lp.invoice_city, l.city) AS city, COALESCE(lp.invoice_email, '') AS invoice_email,
                COALESCE(lp.po_reference, '') AS po_reference
         FROM locations l JOIN institutions inst ON inst.id = l.institution_id
         LEFT JOIN location_profiles lp ON lp.location_id = l.id WHERE l.id = $1",
    )
    .bind(location.0)
    .fetch_one(&mut *tx)
    .await?;
    let invoice_email = text(&buyer, "invoice_email")?;
    let holders = budget_holder_emails(&mut tx, location).await?;
    let sent_to = if invoice_email.is_empty() { holders.join(", ") } else { invoice_email.clone() };
    let invoice_id = int(
        &sqlx::query(
            "INSERT INTO invoices (number, order_id, location_id, amount_cents, issued_at, due_at, status, buyer_name, buyer_location,
                buyer_street, buyer_postcode, buyer_city, buyer_kvk, buyer_reference, po_reference, sent_to)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(&number)
        .bind(order_id)
        .bind(location.0)
        .bind(amount.cents())
        .bind(now)
        .bind(due)
        .bind(text(&buyer, "institution_name")?)
        .bind(text(&buyer, "location_name")?)
        .bind(text(&buyer, "street")?)
        .bind(text(&buyer, "postcode")?)
        .bind(text(&buyer, "city")?)
        .bind(text(&buyer, "kvk_number")?)
        .bind(text(&buyer, "cjp_school_number")?)
        .bind(text(&buyer, "po_reference")?)
        .bind(&sent_to)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    let doc = einvoice::document_in(&mut tx, invoice_id).await?.ok_or_else(|| internal("invoice just issued"))?;
    let files = einvoice::attachments(&doc, &state.settings.seller, None);
    let body = format!(
        "Je bestelling van cultuurbudget is goedgekeurd. In de bijlage vind je factuur {number} over {amount} als pdf en als e-factuur (UBL). Betaal uiterlijk {due_on} onder vermelding van {number}. Zodra de betaling binnen is, komt het budget beschikbaar.\n\n---\n\nYour culture budget order has been approved. Attached is invoice {number} for {amount} as PDF and as e-invoice (UBL). Please pay by {due_on}, quoting {number}. Once payment arrives, the budget becomes available.\n",
        amount = amount.display_nl(),
        due_on = local_date(due),
    );
    let subject = format!("Factuur / Invoice {number} — MBO Cultuurkaart");
    if !invoice_email.is_empty() {
        mail::enqueue_with(&mut tx, now, &invoice_email, &subject, &body, &files).await?;
    }
    for to in holders.iter().filter(|h| **h != invoice_email) {
        // Budget holders get the invoice too when no invoice address is known; otherwise a copy.
        mail::enqueue_with(&mut tx, now, to, &subject, &body, &files).await?;
    }
    let action = if early { "order_approved_early" } else { "order_approved" };
    audit::record(&mut tx, now, actor, action, "budget_order", Some(order_id), &number).await?;
    tx.commit().await?;
    Ok(true)
}

/// Approves every order whose amendment window has passed; returns how many this call did.
#[tracing::instrument(skip_all)]
pub async fn approve_due(state: &AppState) -> Result<usize, AppError> {
    let due = sqlx::query("SELECT id FROM budget_orders WHERE status = 'submitted' AND amend_deadline <= $1 ORDER BY id")
        .bind(state.clock.now_ms())
        .fetch_all(&state.db.pool)
        .await?;
    let mut approved = 0;
    for r in due {
        if approve_order(state, int(&r, "id")?, None, false).await? {
            approved += 1;
        }
    }
    Ok(approved)
}

/// Rejects a submitted order with a reason (the operator).
#[tracing::instrument(skip_all)]
pub async fn reject_order(state: &AppState, actor: PersonId, order_id: i64, reason: &str) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let current = order(&state.db, order_id, None).await?.ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE budget_orders SET status = 'rejected', decided_at = $1, reason = $2 WHERE id = $3 AND status = 'submitted'",
    )
    .bind(now)
    .bind(reason)
    .bind(order_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::OrderNotPending));
    }
    let creator = sqlx::query("SELECT p.email FROM budget_orders o JOIN people p ON p.id = o.created_by WHERE o.id = $1")
        .bind(order_id)
        .fetch_one(&mut *tx)
        .await?;
    let body = format!(
        "Je bestelling van cultuurbudget voor {loc} is afgewezen.\nReden: {reason}\n\n---\n\nYour culture budget order for {loc} has been rejected.\nReason: {reason}\n",
        loc = current.location_name
    );
    mail::enqueue(&mut tx, now, &text(&creator, "email")?, "Bestelling afgewezen / Order rejected — MBO Cultuurkaart", &body)
        .await?;
    audit::record(&mut tx, now, Some(actor), "order_rejected", "budget_order", Some(order_id), reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Credits an invoice in full with a reason: the only correction of an issued invoice. Only an
/// open invoice without payments can be credited (money received is settled first); its order
/// is cancelled, so the school can order again. The credit note is mailed where the invoice went.
#[tracing::instrument(skip_all)]
pub async fn credit_invoice(state: &AppState, actor: PersonId, invoice_id: i64, reason: &str) -> Result<String, AppError> {
    let reason = domain::error::required_field("reason", reason, 500)?;
    let reason = reason.as_str();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let inv = sqlx::query(
        "SELECT i.order_id, i.amount_cents, i.status, i.sent_to,
                (SELECT COUNT(*) FROM payments pm WHERE pm.invoice_id = i.id) AS payments,
                (SELECT COUNT(*) FROM credit_notes cn WHERE cn.invoice_id = i.id) AS credited
         FROM invoices i WHERE i.id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if int(&inv, "credited")? > 0 {
        return Err(AppError::Conflict(Problem::InvoiceAlreadyCredited));
    }
    if int(&inv, "payments")? > 0 || text(&inv, "status")? != "open" {
        return Err(AppError::Conflict(Problem::InvoiceHasPayments));
    }
    let cancelled = sqlx::query("UPDATE budget_orders SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL")
        .bind(now)
        .bind(int(&inv, "order_id")?)
        .execute(&mut *tx)
        .await?;
    if cancelled.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::InvoiceAlreadyCredited));
    }
    let number = next_number(&mut tx, Series::CreditNote, local_year(now)?).await?;
    let inserted = sqlx::query(
        "INSERT INTO credit_notes (number, invoice_id, amount_cents, reason, issued_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&number)
    .bind(invoice_id)
    .bind(int(&inv, "amount_cents")?)
    .bind(reason)
    .bind(now)
    .bind(actor.0)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::platform::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict(Problem::InvoiceAlreadyCredited))
        }
        Err(e) => return Err(internal(e)),
    }
    let doc = einvoice::document_in(&mut tx, invoice_id).await?.ok_or_else(|| internal("credited invoice"))?;
    let note = doc.credit_note.clone().ok_or_else(|| internal("credit note just issued"))?;
    let files = einvoice::attachments(&doc, &state.settings.seller, Some(&note));
    let body = format!(
        "Factuur {invoice} is gecrediteerd met creditnota {number} over {amount}; je hoeft deze factuur niet (meer) te betalen. Reden: {reason}\nDe bestelling is daarmee vervallen; je kunt in het schoolportaal opnieuw bestellen.\n\n---\n\nInvoice {invoice} has been credited with credit note {number} for {amount}; you need not pay this invoice. Reason: {reason}\nThe order is cancelled; you can order again in the school portal.\n",
        invoice = doc.number,
        amount = note.amount.display_nl(),
    );
    let subject = format!("Creditnota / Credit note {number} — MBO Cultuurkaart");
    for to in text(&inv, "sent_to")?.split(", ").filter(|t| !t.is_empty()) {
        mail::enqueue_with(&mut tx, now, to, &subject, &body, &files).await?;
    }
    audit::record(&mut tx, now, Some(actor), "invoice_credited", "invoice", Some(invoice_id), &format!("{number}: {reason}"))
        .await?;
    tx.commit().await?;
    Ok(number)
}
