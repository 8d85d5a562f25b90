//! The platform operator's tools: overview, people and invitations, organisations, the mail
//! outbox and the audit trail. Every function requires the `platform_admin` role.

use crate::domain::records::{AuditRow, LocationSummary, MailRow, PersonRow, PlatformCounts, ProviderSummary};
use crate::domain::{AppError, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page in the operator's lists.
pub const PER_PAGE: u32 = 25;

/// Counts for the operator's home page.
#[server(endpoint = "admin/overview")]
pub async fn admin_overview() -> Result<PlatformCounts, AppError> {
    use crate::domain::Role;
    use crate::server::orgs;
    use crate::server::request::{internal, require_role, respond, state};
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
}

/// The registry of locations (with their institutions) and providers.
#[server(endpoint = "admin/organisations")]
pub async fn admin_organisations() -> Result<Organisations, AppError> {
    use crate::domain::Role;
    use crate::server::orgs;
    use crate::server::request::{internal, require_role, respond, state};
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            let db = &state()?.db;
            Ok(Organisations {
                locations: orgs::all_locations(db).await.map_err(internal)?,
                providers: orgs::all_providers(db).await.map_err(internal)?,
            })
        }
        .await,
    )
}

/// People, searched by name or e-mail, one page at a time.
#[server(endpoint = "admin/people")]
pub async fn admin_people(page: u32, query: String) -> Result<Page<PersonRow>, AppError> {
    use crate::domain::{PageRequest, Role};
    use crate::server::people;
    use crate::server::request::{internal, require_role, respond, state};
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
    use crate::domain::error::{required_text, Problem, Problems};
    use crate::domain::{Email, InstitutionId, LocationId, ProviderId, Role, Scope};
    use crate::server::request::{internal, require_role, respond, state};
    use crate::server::{auth, orgs};
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
                (Some(r), Some(s)) => r.accepts_scope(s) && orgs::scope_exists(&state.db, s).await.map_err(internal)?,
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
    use crate::domain::{PersonId, Role};
    use crate::server::auth;
    use crate::server::request::{require_role, respond, state};
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

/// The mail outbox, newest first, optionally for one recipient.
#[server(endpoint = "admin/mail")]
pub async fn admin_mail(page: u32, recipient: String) -> Result<Page<MailRow>, AppError> {
    use crate::domain::{PageRequest, Role};
    use crate::server::mail;
    use crate::server::request::{internal, require_role, respond, state};
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
    use crate::domain::{PageRequest, Role};
    use crate::server::audit;
    use crate::server::request::{internal, require_role, respond, state};
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            audit::list(&state()?.db, PageRequest::new(page, PER_PAGE)).await.map_err(internal)
        }
        .await,
    )
}
