//! The platform operator's tools: overview, people and invitations, organisations, the mail
//! outbox and the audit trail. Every function requires the `platform_admin` role.

use domain::records::{AuditRow, LocationSummary, MailRow, PersonRow, PlatformCounts, ProviderSummary};
use domain::{AppError, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page in the operator's lists.
pub const PER_PAGE: u32 = 25;

/// Counts for the operator's home page.
#[server(endpoint = "admin/overview")]
pub async fn admin_overview() -> Result<PlatformCounts, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::failure::internal;
    use domain::Role;
    use services::accounts::orgs;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            orgs::platform_counts(&state()?.db).await.map_err(internal)
        }
        .await,
    )
}

/// Every location and provider, for the organisations page and the invitation form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisations {
    pub locations: Vec<LocationSummary>,
    pub providers: Vec<ProviderSummary>,
    /// The latest student count per location: (location, count, school year).
    pub student_counts: Vec<(domain::LocationId, i64, String)>,
}

/// The registry of locations (with their institutions) and providers.
#[server(endpoint = "admin/organisations")]
pub async fn admin_organisations() -> Result<Organisations, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::accounts::orgs;

    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            let db = &state()?.db;
            let locations = orgs::all_locations(db).await?;
            let mut student_counts = Vec::new();
            for l in &locations {
                if let Some((count, year)) = services::budget::periods::duo_count(db, l.id).await? {
                    student_counts.push((l.id, count, year));
                }
            }
            Ok(Organisations { locations, providers: orgs::all_providers(db).await?, student_counts })
        }
        .await,
    )
}

/// People, searched by name or e-mail, one page at a time.
#[server(endpoint = "admin/people")]
pub async fn admin_people(page: u32, query: String) -> Result<Page<PersonRow>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::failure::internal;
    use domain::{PageRequest, Role};
    use services::accounts::people;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            let query: String = query.chars().take(100).collect();
            people::list(&state()?.db, PageRequest::new(page, PER_PAGE), &query).await.map_err(internal)
        }
        .await,
    )
}

/// Invites a person to a role in a place. `scope` is `platform`, `institution:ID`,
/// `location:ID` or `provider:ID`, and must fit the role.
#[server(endpoint = "admin/invite")]
pub async fn invite_person(email: String, display_name: String, role: String, scope: String) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::{required_text, Problem, Problems};
    use domain::{Email, InstitutionId, LocationId, ProviderId, Role, Scope};

    use services::{accounts::auth, accounts::orgs};
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let state = state()?;
            let mut problems = Problems::default();
            let name = required_text(&mut problems, "display_name", &display_name, 120);
            let email = Email::parse(&email);
            if email.is_none() {
                problems.add("email", Problem::InvalidEmail);
            }
            let role = Role::from_code(&role);
            if role.is_none() {
                problems.add("role", Problem::InvalidChoice);
            }
            let parsed_scope = match scope.split_once(':') {
                None if scope == "platform" => Some(Scope::Platform),
                Some(("institution", id)) => id.parse().ok().map(|id| Scope::Institution(InstitutionId(id))),
                Some(("location", id)) => id.parse().ok().map(|id| Scope::Location(LocationId(id))),
                Some(("provider", id)) => id.parse().ok().map(|id| Scope::Provider(ProviderId(id))),
                _ => None,
            };
            let scope_ok = match (role, &parsed_scope) {
                (Some(r), Some(s)) => r.accepts_scope(s) && orgs::scope_exists(&state.db, s).await?,
                _ => false,
            };
            if !scope_ok {
                problems.add("scope", Problem::InvalidChoice);
            }
            let checked = match (email, role, parsed_scope) {
                (Some(e), Some(r), Some(s)) if scope_ok => Some((e, r, s)),
                _ => None,
            };
            let (email, role, scope) =
                problems.finish(|| checked)?.ok_or_else(|| AppError::field("scope", Problem::InvalidChoice))?;
            auth::invite(&state, actor.person_id, &email, &name, role, &scope).await?;
            // Back to a fresh form with a confirmation, with or without JavaScript.
            leptos_axum::redirect("/admin/people?invited=1");
            Ok(())
        }
        .await,
    )
}

/// Switches an account off and ends all its sessions.
#[server(endpoint = "admin/disable")]
pub async fn disable_person(person_id: i64) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::{PersonId, Role};
    use services::accounts::auth;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            auth::disable_account(&state()?, actor.person_id, PersonId(person_id)).await?;
            leptos_axum::redirect("/admin/people?disabled=1");
            Ok(())
        }
        .await,
    )
}

/// Erases a person's data (after confirmation): a pseudonym stays where the books need one.
#[server(endpoint = "admin/erase")]
pub async fn erase_person(person_id: i64) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::{PersonId, Role};
    use services::accounts::privacy;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            privacy::erase(&state()?, actor.person_id, PersonId(person_id)).await?;
            leptos_axum::redirect("/admin/people?erased=1");
            Ok(())
        }
        .await,
    )
}

/// The mail outbox, newest first, optionally for one recipient.
#[server(endpoint = "admin/mail")]
pub async fn admin_mail(page: u32, recipient: String) -> Result<Page<MailRow>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::failure::internal;
    use domain::{PageRequest, Role};
    use services::platform::mail;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            let filter = Some(recipient.as_str()).filter(|r| !r.trim().is_empty());
            mail::list(&state()?.db, PageRequest::new(page, PER_PAGE), filter).await.map_err(internal)
        }
        .await,
    )
}

/// The audit trail, newest first.
#[server(endpoint = "admin/audit")]
pub async fn admin_audit(page: u32) -> Result<Page<AuditRow>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::failure::internal;
    use domain::{PageRequest, Role};
    use services::platform::audit;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            audit::list(&state()?.db, PageRequest::new(page, PER_PAGE)).await.map_err(internal)
        }
        .await,
    )
}

/// Every programme period, newest first.
#[server(endpoint = "admin/periods")]
pub async fn admin_periods() -> Result<Vec<domain::budget::PeriodRow>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            budget::periods::periods(&state()?.db).await
        }
        .await,
    )
}

/// The programme-period form as typed (fields arrive as `period[name]` and so on).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodForm {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub contribution: String,
    pub government_match: String,
    pub amendment_days: String,
    pub payment_term_days: String,
    pub vat_category: String,
}

/// Registers a programme period with its rates.
#[server(endpoint = "admin/create_period")]
pub async fn create_period(period: PeriodForm) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::budget::Rates;
    use domain::error::{required_text, Problem, Problems};
    use domain::time::is_valid_date;
    use domain::{Money, Role};
    use services::budget::{self, periods::NewPeriod};
    let PeriodForm { name, starts_on, ends_on, contribution, government_match, amendment_days, payment_term_days, vat_category } =
        period;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let mut p = Problems::default();
            let name = required_text(&mut p, "name", &name, 100);
            for (field, value) in [("starts_on", &starts_on), ("ends_on", &ends_on)] {
                if !is_valid_date(value.trim()) {
                    p.add(field, Problem::NotADate);
                }
            }
            if is_valid_date(starts_on.trim()) && is_valid_date(ends_on.trim()) && ends_on.trim() <= starts_on.trim() {
                p.add("ends_on", Problem::EndBeforeStart);
            }
            let mut amount = |field: &str, text: &str| match Money::parse(text) {
                Ok(m) if !m.is_negative() => m,
                _ => {
                    p.add(field, Problem::InvalidAmount);
                    Money::ZERO
                }
            };
            let rates = Rates {
                contribution: amount("contribution", &contribution),
                government_match: amount("government_match", &government_match),
            };
            let mut days = |field: &str, text: &str, max: i64| match text.trim().parse::<i64>() {
                Ok(n) if (0..=max).contains(&n) => n,
                _ => {
                    p.add(field, Problem::NotAWholeNumber);
                    0
                }
            };
            let amendment_days = days("amendment_days", &amendment_days, 60);
            let payment_term_days = days("payment_term_days", &payment_term_days, 365);
            if !matches!(vat_category.as_str(), "E" | "O") {
                p.add("vat_category", Problem::InvalidChoice);
            }
            p.finish(|| ())?;
            let period = NewPeriod {
                name,
                starts_on: starts_on.trim().to_owned(),
                ends_on: ends_on.trim().to_owned(),
                rates,
                amendment_days,
                payment_term_days,
                vat_category,
                vat_rate_bp: 0,
            };
            budget::periods::create_period(&state()?, actor.person_id, &period).await?;
            leptos_axum::redirect("/admin/periods?done=created");
            Ok(())
        }
        .await,
    )
}

/// Records a location's student count by hand (a DUO figure or a correction), with a reason.
#[server(endpoint = "admin/student_count")]
pub async fn set_student_count(location_id: i64, school_year: String, count: String, reason: String) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::{required_text, Problem, Problems};
    use domain::{LocationId, Role, Scope};

    use services::{accounts::orgs, budget};
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let state = state()?;
            let mut p = Problems::default();
            let year = required_text(&mut p, "school_year", &school_year, 20);
            let reason = required_text(&mut p, "reason", &reason, 300);
            let count = match count.trim().parse::<i64>() {
                Ok(n) if (0..=1_000_000).contains(&n) => n,
                _ => {
                    p.add("count", Problem::NotAWholeNumber);
                    0
                }
            };
            p.finish(|| ())?;
            let location = LocationId(location_id);
            if !orgs::scope_exists(&state.db, &Scope::Location(location)).await? {
                return Err(AppError::NotFound);
            }
            budget::periods::set_student_count(&state, actor.person_id, location, &year, count, &reason).await?;
            leptos_axum::redirect("/admin/organisations?done=count");
            Ok(())
        }
        .await,
    )
}

/// Budget orders, optionally of one status, newest first.
#[server(endpoint = "admin/orders")]
pub async fn admin_orders(
    #[server(default)] status: Option<domain::budget::OrderStatus>,
    page: u32,
) -> Result<Page<domain::budget::OrderRow>, AppError> {
    use crate::request::{require_role, respond, state};

    use domain::{PageRequest, Role};
    use services::budget;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            budget::all_orders(&state()?.db, status, PageRequest::new(page, PER_PAGE)).await
        }
        .await,
    )
}

/// Approves a submitted order before its amendment deadline and invoices it.
#[server(endpoint = "admin/approve_order")]
pub async fn approve_order_now(order_id: i64) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::Problem;
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            if !budget::approve_order(&state()?, order_id, Some(actor.person_id), true).await? {
                return Err(AppError::Conflict(Problem::OrderNotPending));
            }
            leptos_axum::redirect("/admin/orders?done=approved");
            Ok(())
        }
        .await,
    )
}

/// Rejects a submitted order with a reason the school sees.
#[server(endpoint = "admin/reject_order")]
pub async fn reject_order(order_id: i64, reason: String) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::{required_text, Problems};
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let mut p = Problems::default();
            let reason = required_text(&mut p, "reason", &reason, 500);
            p.finish(|| ())?;
            budget::reject_order(&state()?, actor.person_id, order_id, &reason).await?;
            leptos_axum::redirect("/admin/orders?done=rejected");
            Ok(())
        }
        .await,
    )
}

/// Credits an unpaid invoice in full with a reason; the order is cancelled and the school
/// receives the credit note.
#[server(endpoint = "admin/credit_invoice")]
pub async fn credit_invoice(invoice_id: i64, reason: String) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            budget::credit_invoice(&state()?, actor.person_id, invoice_id, &reason).await?;
            leptos_axum::redirect("/admin/orders?done=credited");
            Ok(())
        }
        .await,
    )
}

/// Registers a payment received on an invoice; a full payment releases the budget. An amount
/// above what is still open needs `confirm_above_outstanding`.
#[server(endpoint = "admin/payment")]
pub async fn register_payment(
    invoice_id: i64,
    amount: String,
    paid_on: String,
    reference: String,
    #[server(default)] confirm_above_outstanding: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::{required_text, Problem, Problems};
    use domain::time::is_valid_date;
    use domain::{Money, Role};
    use services::budget;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let mut p = Problems::default();
            let amount = match Money::parse(&amount) {
                Ok(m) if m.cents() > 0 => m,
                _ => {
                    p.add("amount", Problem::InvalidAmount);
                    Money::ZERO
                }
            };
            if !is_valid_date(paid_on.trim()) {
                p.add("paid_on", Problem::NotADate);
            }
            let reference = required_text(&mut p, "reference", &reference, 140);
            p.finish(|| ())?;
            let confirmed = confirm_above_outstanding.is_some_and(|c| !c.is_empty());
            budget::payments::register_manual_payment(
                &state()?,
                actor.person_id,
                invoice_id,
                amount,
                paid_on.trim(),
                &reference,
                confirmed,
            )
            .await?;
            leptos_axum::redirect("/admin/orders?done=paid");
            Ok(())
        }
        .await,
    )
}

/// Imports a bank statement (camt.053.001.02 XML, sent as a file in a form): credit lines
/// that name an invoice become payments, the rest are kept as unmatched. Answers with the
/// counts, also as query parameters on the page it returns to.
#[server(input = server_fn::codec::MultipartFormData, endpoint = "admin/import_statement")]
pub async fn import_statement(data: server_fn::codec::MultipartData) -> Result<domain::budget::ImportSummary, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::Problem;
    use domain::Role;
    use services::budget::camt;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let mut data = data.into_inner().ok_or(AppError::BadRequest)?;
            let mut xml = Vec::new();
            while let Ok(Some(mut field)) = data.next_field().await {
                if field.name() != Some("file") {
                    continue;
                }
                while let Ok(Some(chunk)) = field.chunk().await {
                    if xml.len() + chunk.len() > MAX_STATEMENT_BYTES {
                        return Err(AppError::field("file", Problem::FileTooLarge));
                    }
                    xml.extend_from_slice(&chunk);
                }
            }
            if xml.is_empty() {
                return Err(AppError::field("file", Problem::Required));
            }
            let xml = String::from_utf8(xml).map_err(|_| AppError::field("file", Problem::NotACamtStatement))?;
            let s = camt::import(&state()?, actor.person_id, &xml).await?;
            leptos_axum::redirect(&format!(
                "/admin/payments?lines={}&matched={}&partial={}&overpaid={}&unmatched={}&duplicates={}",
                s.lines, s.matched, s.partial, s.overpaid, s.unmatched, s.duplicates
            ));
            Ok(s)
        }
        .await,
    )
}

/// Largest bank statement accepted (the request as a whole is limited to 1 MiB).
pub const MAX_STATEMENT_BYTES: usize = 1_000_000;

/// Statement lines that matched no invoice, newest first.
#[server(endpoint = "admin/unmatched")]
pub async fn admin_unmatched(page: u32) -> Result<Page<domain::budget::UnmatchedLine>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::{PageRequest, Role};
    use services::budget::camt;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            camt::unmatched(&state()?.db, PageRequest::new(page, PER_PAGE)).await
        }
        .await,
    )
}

/// What linking an unmatched credit to the invoice number the operator typed would do.
#[server(endpoint = "admin/link_preview")]
pub async fn admin_link_preview(line_id: i64, invoice: String) -> Result<domain::budget::LinkPreview, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget::camt;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            camt::link_preview(&state()?.db, line_id, &invoice).await
        }
        .await,
    )
}

/// Links an unmatched credit to an invoice by hand: it becomes a payment on that invoice.
#[server(endpoint = "admin/link_credit")]
pub async fn link_credit(line_id: i64, invoice: String) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::budget::camt;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            camt::link(&state()?, actor.person_id, line_id, &invoice).await?;
            leptos_axum::redirect("/admin/payments?done=linked");
            Ok(())
        }
        .await,
    )
}
