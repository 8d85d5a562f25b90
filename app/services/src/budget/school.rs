//! School onboarding: the board's decision to take part, the invoice details and the contact
//! persons of a location. Every change is audited with what it changed.

use crate::platform::audit;
use crate::platform::db::money;
use crate::platform::db::{int, text, Db, Tx};
use crate::platform::state::AppState;
use domain::error::{required_text, Problem, Problems};
use domain::failure::internal;
use domain::school::{ContactRole, ContactRow, LocationProfile};
use domain::time::local_date;
use domain::{AppError, Email, LocationId, PersonId};

/// A location's details, if the school recorded them.
#[tracing::instrument(skip_all)]
pub async fn profile(db: &Db, location: LocationId) -> Result<Option<LocationProfile>, AppError> {
    let r = sqlx::query(
        "SELECT taking_part, contribution_cents, decision_date, invoice_addressee, invoice_street, invoice_postcode, invoice_city,
                invoice_email, po_reference, updated_at FROM location_profiles WHERE location_id = $1",
    )
    .bind(location.0)
    .fetch_optional(&db.pool)
    .await
    ?;
    let Some(r) = r else { return Ok(None) };
    let e = internal;
    Ok(Some(LocationProfile {
        location_id: location,
        taking_part: int(&r, "taking_part").map_err(e)? == 1,
        contribution: money(int(&r, "contribution_cents").map_err(e)?)?,
        decision_date: text(&r, "decision_date").map_err(e)?,
        invoice_addressee: text(&r, "invoice_addressee").map_err(e)?,
        invoice_street: text(&r, "invoice_street").map_err(e)?,
        invoice_postcode: text(&r, "invoice_postcode").map_err(e)?,
        invoice_city: text(&r, "invoice_city").map_err(e)?,
        invoice_email: text(&r, "invoice_email").map_err(e)?,
        po_reference: text(&r, "po_reference").map_err(e)?,
        updated_at_ms: int(&r, "updated_at").map_err(e)?,
    }))
}

/// The fields of a profile by name, for the audit trail's "what changed".
fn fields(p: &LocationProfile) -> [(&'static str, String); 9] {
    [
        ("taking_part", if p.taking_part { "yes" } else { "no" }.to_owned()),
        ("contribution", p.contribution.to_string()),
        ("decision_date", p.decision_date.clone()),
        ("invoice_addressee", p.invoice_addressee.clone()),
        ("invoice_street", p.invoice_street.clone()),
        ("invoice_postcode", p.invoice_postcode.clone()),
        ("invoice_city", p.invoice_city.clone()),
        ("invoice_email", p.invoice_email.clone()),
        ("po_reference", p.po_reference.clone()),
    ]
}

/// Records or changes a location's details. The audit entry names each changed field with
/// its old and new value; saving the same details again changes and records nothing.
#[tracing::instrument(skip_all)]
pub async fn save_profile(state: &AppState, actor: PersonId, new: &LocationProfile) -> Result<bool, AppError> {
    let now = state.clock.now_ms();
    let old = profile(&state.db, new.location_id).await?;
    let changes: Vec<String> = match &old {
        None => fields(new).iter().map(|(k, v)| format!("{k}: {v}")).collect(),
        Some(old) => fields(old)
            .iter()
            .zip(fields(new).iter())
            .filter(|(a, b)| a.1 != b.1)
            .map(|((k, a), (_, b))| format!("{k}: {a} → {b}"))
            .collect(),
    };
    if changes.is_empty() {
        return Ok(false);
    }
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO location_profiles (location_id, taking_part, contribution_cents, decision_date, invoice_addressee, invoice_street,
            invoice_postcode, invoice_city, invoice_email, po_reference, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (location_id) DO UPDATE SET taking_part = excluded.taking_part, contribution_cents = excluded.contribution_cents,
            decision_date = excluded.decision_date, invoice_addressee = excluded.invoice_addressee,
            invoice_street = excluded.invoice_street, invoice_postcode = excluded.invoice_postcode,
            invoice_city = excluded.invoice_city, invoice_email = excluded.invoice_email, po_reference = excluded.po_reference,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(new.location_id.0)
    .bind(i64::from(new.taking_part))
    .bind(new.contribution.cents())
    .bind(&new.decision_date)
    .bind(&new.invoice_addressee)
    .bind(&new.invoice_street)
    .bind(&new.invoice_postcode)
    .bind(&new.invoice_city)
    .bind(&new.invoice_email)
    .bind(&new.po_reference)
    .bind(now)
    .bind(actor.0)
    .execute(&mut *tx)
    .await
    ?;
    let action = if old.is_none() { "school_details_recorded" } else { "school_details_changed" };
    audit::record(&mut tx, now, Some(actor), action, "location", Some(new.location_id.0), &changes.join("; ")).await?;
    tx.commit().await?;
    Ok(true)
}

/// Saves a location's details as a person of the school: only the board (`may_decide`)
/// decides and records taking part, the contribution per student and the decision date; a
/// budget holder keeps the invoice details and sees the board's decision as it is.
#[tracing::instrument(skip_all)]
pub async fn save_details(state: &AppState, actor: PersonId, may_decide: bool, new: &LocationProfile) -> Result<bool, AppError> {
    if may_decide && new.decision_date > local_date(state.clock.now_ms()) {
        return Err(AppError::field("decision_date", Problem::DateInFuture));
    }
    if !may_decide {
        let decided = |p: &LocationProfile| (p.taking_part, p.contribution, p.decision_date.clone());
        match profile(&state.db, new.location_id).await? {
            None => return Err(AppError::field("taking_part", Problem::BoardDecides)),
            Some(old) if decided(&old) != decided(new) => return Err(AppError::field("contribution", Problem::BoardDecides)),
            Some(_) => {}
        }
    }
    save_profile(state, actor, new).await
}

/// A location's contact persons, in the order they were added.
#[tracing::instrument(skip_all)]
pub async fn contacts(db: &Db, location: LocationId) -> Result<Vec<ContactRow>, AppError> {
    let rows = sqlx::query("SELECT id, role, name, email, phone FROM location_contacts WHERE location_id = $1 ORDER BY id")
        .bind(location.0)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ContactRow {
                id: int(r, "id")?,
                role: ContactRole::from_code(&text(r, "role")?).ok_or_else(|| internal("contact role"))?,
                name: text(r, "name")?,
                email: text(r, "email")?,
                phone: text(r, "phone")?,
            })
        })
        .collect()
}

/// The most contact persons one location keeps.
pub const MAX_CONTACTS: i64 = 20;

/// Adds a contact person after checking the input; returns its id.
#[tracing::instrument(skip_all)]
pub async fn add_contact(
    state: &AppState,
    actor: PersonId,
    location: LocationId,
    role: &str,
    name: &str,
    email: &str,
    phone: &str,
) -> Result<i64, AppError> {
    let mut p = Problems::default();
    let role = ContactRole::from_code(role.trim());
    if role.is_none() {
        p.add("role", Problem::InvalidChoice);
    }
    let name = required_text(&mut p, "name", name, 200);
    let email = Email::parse(email);
    if email.is_none() {
        p.add("email", Problem::InvalidEmail);
    }
    let phone = phone.trim().to_owned();
    if !domain::address::is_valid_phone(&phone) {
        p.add("phone", Problem::InvalidPhone);
    }
    let checked = p.finish(|| ());
    let (Some(role), Some(email)) = (role, email) else {
        return Err(checked.err().unwrap_or(AppError::BadRequest));
    };
    checked?;
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let count = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM location_contacts WHERE location_id = $1")
            .bind(location.0)
            .fetch_one(&mut *tx)
            .await?,
        "n",
    )?;
    if count >= MAX_CONTACTS {
        return Err(AppError::Conflict(Problem::TooManyContacts));
    }
    let id = int(
        &sqlx::query(
            "INSERT INTO location_contacts (location_id, role, name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(location.0)
        .bind(role.code())
        .bind(&name)
        .bind(email.as_str())
        .bind(&phone)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    // The audit trail cannot be changed, so it names the contact by number, never by name or
    // address (an erasure could not reach them there).
    let detail = format!("{}: contact {id}", role.code());
    audit::record(&mut tx, now, Some(actor), "school_contact_added", "location", Some(location.0), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a contact person of `location` (NotFound for another location's contact).
#[tracing::instrument(skip_all)]
pub async fn remove_contact(state: &AppState, actor: PersonId, location: LocationId, contact: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let gone = sqlx::query("DELETE FROM location_contacts WHERE id = $1 AND location_id = $2 RETURNING role")
        .bind(contact)
        .bind(location.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let detail = format!("{}: contact {contact}", text(&gone, "role")?);
    audit::record(&mut tx, now, Some(actor), "school_contact_removed", "location", Some(location.0), &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// The addresses of a location's budget holders whose accounts are not disabled.
pub(crate) async fn budget_holder_emails(tx: &mut Tx, location: LocationId) -> Result<Vec<String>, AppError> {
    let rows = sqlx::query(
        "SELECT p.email FROM role_assignments r JOIN people p ON p.id = r.person_id
         WHERE r.location_id = $1 AND r.role = 'budget_holder' AND p.status <> 'disabled' ORDER BY p.id",
    )
    .bind(location.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| text(r, "email").map_err(internal)).collect()
}
