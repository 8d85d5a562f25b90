//! Providers: sign-up, vetting by the operator (with history), and bank accounts. A new or
//! changed account waits in `iban_pending` until the operator has checked it; payouts only ever
//! go to the vetted `iban`.

use crate::accounts::people;
use crate::market::offers;
use crate::market::weborders::provider_emails;
use crate::platform::audit;
use crate::platform::db::{int, opt_text, text, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use crate::platform::tokens::{issue_token, INVITATION_TTL_MS};
use domain::error::Problem;
use domain::failure::internal;
use domain::iban::Iban;
use domain::provider::{ProviderDetail, ProviderEvent, ProviderRow, ProviderStatus, Signup};
use domain::{AppError, Page, PageRequest, PersonId, ProviderId, Role, Scope};

/// What waits for a provider on its home page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// Requests from teachers not yet answered.
    pub open_requests: i64,
    /// Weborders the school has not approved yet.
    pub pending_weborders: i64,
    /// Offers teachers can find in the catalogue.
    pub published_offers: i64,
}

/// The counts on the provider's home page, in one round trip (each an indexed count of the
/// provider's own rows).
#[tracing::instrument(skip_all)]
pub async fn waiting(state: &AppState, provider: ProviderId) -> Result<Waiting, AppError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM offer_requests WHERE provider_id = $1 AND status = 'open') AS open_requests,
                (SELECT COUNT(*) FROM weborders WHERE provider_id = $1 AND status = 'pending') AS pending_weborders,
                (SELECT COUNT(*) FROM offers WHERE provider_id = $1 AND status = 'published') AS published_offers",
    )
    .bind(provider.0)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(Waiting {
        open_requests: int(&row, "open_requests")?,
        pending_weborders: int(&row, "pending_weborders")?,
        published_offers: int(&row, "published_offers")?,
    })
}

async fn event(
    tx: &mut Tx,
    now: i64,
    provider: ProviderId,
    kind: &str,
    detail: &str,
    actor: Option<PersonId>,
) -> Result<(), AppError> {
    sqlx::query("INSERT INTO provider_events (provider_id, kind, detail, actor, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(provider.0)
        .bind(kind)
        .bind(detail)
        .bind(actor.map(|p| p.0))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Registers a provider as pending, with its contact person as its first user (invited to
/// choose a password), and tells the contact what happens next. The bank account waits for
/// the operator's check like any change.
#[tracing::instrument(skip_all)]
pub async fn signup(state: &AppState, s: &Signup) -> Result<ProviderId, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let taken =
        sqlx::query("SELECT id FROM providers WHERE kvk_number = $1").bind(&s.kvk_number).fetch_optional(&mut *tx).await?;
    if taken.is_some() {
        return Err(AppError::field("kvk_number", Problem::KvkTaken));
    }
    let provider = ProviderId(
        int(
            &sqlx::query(
                "INSERT INTO providers (name, kvk_number, city, created_at, vat_number, email, phone, website, status, account_holder, iban_pending)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
            )
            .bind(&s.organisation)
            .bind(&s.kvk_number)
            .bind(&s.city)
            .bind(now)
            .bind(&s.vat_number)
            .bind(s.contact_email.as_str())
            .bind(&s.contact_phone)
            .bind(&s.website)
            .bind(&s.account_holder)
            .bind(s.iban.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if crate::platform::db::is_unique_violation(&e) { AppError::field("kvk_number", Problem::KvkTaken) } else { internal(e) })?,
            "id",
        )
        ?,
    );
    sqlx::query("INSERT INTO provider_contacts (provider_id, name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(provider.0)
        .bind(&s.contact_name)
        .bind(s.contact_email.as_str())
        .bind(&s.contact_phone)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let existing = sqlx::query("SELECT id, status FROM people WHERE email = $1")
        .bind(s.contact_email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let (person, active) = match existing {
        Some(r) => (PersonId(int(&r, "id")?), text(&r, "status")? == "active"),
        None => (people::create_person(&mut tx, now, &s.contact_email, &s.contact_name).await?, false),
    };
    people::assign_role(&mut tx, now, person, Role::Provider, &Scope::Provider(provider)).await?;
    let access = if active {
        format!("Log in met je bestaande account: {base}/login\n", base = state.settings.public_base_url)
    } else {
        let token = issue_token(&mut tx, now, person, "invitation", INVITATION_TTL_MS).await?;
        format!("Kies je wachtwoord via deze link (14 dagen geldig): {}/invite/{token}\n", state.settings.public_base_url)
    };
    let body = format!(
        "Hallo {name},\n\nBedankt voor de aanmelding van {org} als culturele aanbieder bij de MBO Cultuurkaart.\n{access}\nHet platform controleert je gegevens en bankrekening; je krijgt bericht zodra je aanbod kunt publiceren.\n\n---\n\nHello {name},\n\nThank you for signing up {org} as a cultural provider with the MBO Cultuurkaart.\nUse the link above to choose your password. The platform checks your details and bank account; you will hear from us as soon as you can publish offers.\n",
        name = s.contact_name,
        org = s.organisation
    );
    mail::enqueue(&mut tx, now, s.contact_email.as_str(), "Aanmelding ontvangen / Sign-up received — MBO Cultuurkaart", &body)
        .await?;
    event(&mut tx, now, provider, "signed_up", &format!("IBAN {}", s.iban), None).await?;
    audit::record(&mut tx, now, Some(person), "provider_signed_up", "provider", Some(provider.0), &s.organisation).await?;
    tx.commit().await?;
    Ok(provider)
}

/// The operator approves or rejects a provider (with a reason). Approving also accepts the
/// bank account that waits for a check.
#[tracing::instrument(skip_all)]
pub async fn decide(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::field("reason", Problem::Required));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::field("reason", Problem::TooLong));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let (sql, kind) = if approve {
        (
            "UPDATE providers SET status = 'approved', status_reason = $1, iban = COALESCE(iban_pending, iban), iban_pending = NULL
             WHERE id = $2 AND status <> 'approved'",
            "approved",
        )
    } else {
        ("UPDATE providers SET status = 'rejected', status_reason = $1 WHERE id = $2 AND status <> 'rejected'", "rejected")
    };
    let changed = sqlx::query(sql).bind(reason).bind(provider.0).execute(&mut *tx).await?;
    if changed.rows_affected() != 1 {
        let exists = sqlx::query("SELECT id FROM providers WHERE id = $1").bind(provider.0).fetch_optional(&mut *tx).await?;
        return Err(if exists.is_some() { AppError::Conflict(Problem::InvalidChoice) } else { AppError::NotFound });
    }
    if !approve {
        // A rejected provider's offers leave the catalogue.
        sqlx::query("UPDATE offers SET status = 'archived', updated_at = $1 WHERE provider_id = $2 AND status = 'published'")
            .bind(now)
            .bind(provider.0)
            .execute(&mut *tx)
            .await?;
    }
    offers::refresh_search(&mut tx, state.db.backend, offers::Searchable::Provider(provider)).await?;
    event(&mut tx, now, provider, kind, reason, Some(actor)).await?;
    let body = if approve {
        format!(
            "Je organisatie is goedgekeurd als aanbieder bij de MBO Cultuurkaart. Je kunt nu aanbod publiceren en weborders maken: {base}/provider\n\n---\n\nYour organisation has been approved as a provider with the MBO Cultuurkaart. You can now publish offers and create weborders: {base}/provider\n",
            base = state.settings.public_base_url
        )
    } else {
        format!("Je aanmelding als aanbieder is afgewezen.\nReden: {reason}\n\n---\n\nYour sign-up as a provider has been rejected.\nReason: {reason}\n")
    };
    for to in provider_emails(&mut tx, provider).await? {
        mail::enqueue(&mut tx, now, &to, "Beoordeling aanbieder / Provider review — MBO Cultuurkaart", &body).await?;
    }
    audit::record(&mut tx, now, Some(actor), &format!("provider_{kind}"), "provider", Some(provider.0), reason).await?;
    tx.commit().await?;
    Ok(())
}

/// A provider asks to be paid to another account; it waits for the operator's check, and
/// payouts keep using the vetted account until then.
#[tracing::instrument(skip_all)]
pub async fn request_iban(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    iban: &str,
    holder: &str,
) -> Result<(), AppError> {
    let iban = Iban::parse(iban).map_err(|_| AppError::field("iban", Problem::InvalidIban))?;
    let holder = domain::error::required_field("account_holder", holder, 70)?;
    let holder = holder.as_str();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE providers SET iban_pending = $1, account_holder = $2 WHERE id = $3")
        .bind(iban.as_str())
        .bind(holder)
        .bind(provider.0)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, now, provider, "iban_requested", &format!("{iban} ({holder})"), Some(actor)).await?;
    audit::record(&mut tx, now, Some(actor), "provider_iban_requested", "provider", Some(provider.0), iban.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

/// The operator accepts or refuses a provider's new bank account.
#[tracing::instrument(skip_all)]
pub async fn decide_iban(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let sql = if approve {
        "UPDATE providers SET iban = iban_pending, iban_pending = NULL WHERE id = $1 AND iban_pending IS NOT NULL"
    } else {
        "UPDATE providers SET iban_pending = NULL WHERE id = $1 AND iban_pending IS NOT NULL"
    };
    let changed = sqlx::query(sql).bind(provider.0).execute(&mut *tx).await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::InvalidChoice));
    }
    let kind = if approve { "iban_approved" } else { "iban_rejected" };
    event(&mut tx, now, provider, kind, reason.trim(), Some(actor)).await?;
    audit::record(&mut tx, now, Some(actor), &format!("provider_{kind}"), "provider", Some(provider.0), reason.trim()).await?;
    tx.commit().await?;
    Ok(())
}

const PROVIDER_SELECT: &str = "SELECT id, name, kvk_number, vat_number, city, email, phone, website, status, status_reason,
    account_holder, iban, iban_pending, created_at FROM providers";

fn provider_from_row(r: &sqlx::any::AnyRow) -> Result<ProviderRow, AppError> {
    let status = text(r, "status")?;
    Ok(ProviderRow {
        id: ProviderId(int(r, "id")?),
        name: text(r, "name")?,
        kvk_number: text(r, "kvk_number")?,
        vat_number: text(r, "vat_number")?,
        city: text(r, "city")?,
        email: text(r, "email")?,
        phone: text(r, "phone")?,
        website: text(r, "website")?,
        status: ProviderStatus::from_code(&status).ok_or_else(|| internal("provider status"))?,
        status_reason: text(r, "status_reason")?,
        account_holder: text(r, "account_holder")?,
        iban: opt_text(r, "iban")?,
        iban_pending: opt_text(r, "iban_pending")?,
        created_at_ms: int(r, "created_at")?,
    })
}

/// Providers for the operator, optionally of one status; those with something to check first.
#[tracing::instrument(skip_all)]
pub async fn list(state: &AppState, status: Option<ProviderStatus>, page: PageRequest) -> Result<Page<ProviderRow>, AppError> {
    let filter = if status.is_some() { "status = $1" } else { "$1 = $1" };
    let code = status.map(|s| s.code()).unwrap_or("");
    let total = int(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM providers WHERE {filter}")).bind(code).fetch_one(&state.db.pool).await?,
        "n",
    )?;
    let rows = sqlx::query(&format!(
        "{PROVIDER_SELECT} WHERE {filter} ORDER BY CASE WHEN status = 'pending' OR iban_pending IS NOT NULL THEN 0 ELSE 1 END, name LIMIT $2 OFFSET $3"
    ))
    .bind(code)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await
    ?;
    Ok(Page {
        rows: rows.iter().map(provider_from_row).collect::<Result<_, _>>()?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// One provider with its history and users.
#[tracing::instrument(skip_all)]
pub async fn detail(state: &AppState, provider: ProviderId) -> Result<ProviderDetail, AppError> {
    let r = sqlx::query(&format!("{PROVIDER_SELECT} WHERE id = $1"))
        .bind(provider.0)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let events = sqlx::query(
        "SELECT e.created_at, e.kind, e.detail, p.display_name FROM provider_events e LEFT JOIN people p ON p.id = e.actor
         WHERE e.provider_id = $1 ORDER BY e.id DESC LIMIT 100",
    )
    .bind(provider.0)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ProviderEvent {
            at_ms: int(r, "created_at")?,
            kind: text(r, "kind")?,
            detail: text(r, "detail")?,
            actor: opt_text(r, "display_name")?,
        })
    })
    .collect::<Result<_, AppError>>()?;
    let users = sqlx::query(
        "SELECT p.display_name, p.email FROM role_assignments r JOIN people p ON p.id = r.person_id
         WHERE r.provider_id = $1 AND r.role = 'provider' ORDER BY p.display_name",
    )
    .bind(provider.0)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| Ok((text(r, "display_name")?, text(r, "email")?)))
    .collect::<Result<_, AppError>>()?;
    Ok(ProviderDetail { provider: provider_from_row(&r)?, events, users })
}
