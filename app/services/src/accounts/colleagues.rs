//! A provider's colleagues in its portal: who works there, inviting someone, and removing a
//! colleague or withdrawing an invitation.
//!
//! An address that is new gets an account and an invitation link, as every invitation does.
//! An address that already has an account gets nothing attached: the person is asked by mail
//! and accepts or declines when signed in. Until they accept, the provider sees only the
//! name and address it typed, the same as for a new address, so inviting does not tell
//! whether an address has an account, nor whose it is.

use crate::accounts::auth;
use crate::accounts::people;
use crate::platform::audit;
use crate::platform::db::{int, is_unique_violation, opt_int, text, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::error::Problem;
use domain::failure::internal;
use domain::provider::{Colleague, ColleagueInvitation, ColleagueStatus};
use domain::{AppError, Email, PersonId, ProviderId, Role, Scope};

/// Invites `email` to work in `provider`'s portal, under the name the inviter typed.
#[tracing::instrument(skip_all)]
pub async fn invite(
    state: &AppState,
    actor: PersonId,
    provider: ProviderId,
    email: &Email,
    typed_name: &str,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let existing =
        sqlx::query("SELECT id, display_name FROM people WHERE email = $1").bind(email.as_str()).fetch_optional(&mut *tx).await?;
    let scope = Scope::Provider(provider);
    match existing {
        None => {
            auth::invite_in(&mut tx, state, actor, email, typed_name, Role::Provider, &scope).await?;
        }
        Some(r) => {
            let person = PersonId(int(&r, "id")?);
            let member = sqlx::query(
                "SELECT 1 AS x FROM role_assignments WHERE person_id = $1 AND role = 'provider' AND provider_id = $2",
            )
            .bind(person.0)
            .bind(provider.0)
            .fetch_optional(&mut *tx)
            .await?;
            if member.is_some() {
                return Err(AppError::field("email", Problem::RoleAlreadyHeld));
            }
            let inserted = sqlx::query(
                "INSERT INTO colleague_invitations (provider_id, person_id, email, display_name, invited_by, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING id",
            )
            .bind(provider.0)
            .bind(person.0)
            .bind(email.as_str())
            .bind(typed_name)
            .bind(actor.0)
            .bind(now)
            .fetch_one(&mut *tx)
            .await;
            let id = match inserted {
                Ok(row) => int(&row, "id")?,
                // Invited already and not answered: the first invitation stands.
                Err(e) if is_unique_violation(&e) => return Ok(()),
                Err(e) => return Err(internal(e)),
            };
            let names = sqlx::query(
                "SELECT pr.name AS provider_name, p.display_name AS inviter FROM providers pr, people p WHERE pr.id = $1 AND p.id = $2",
            )
            .bind(provider.0)
            .bind(actor.0)
            .fetch_one(&mut *tx)
            .await
            ?;
            let body = format!(
                "Hallo {name},\n\n{inviter} nodigt je uit om mee te werken in het portaal van {provider_name} in de MBO Cultuurkaart. Log in zoals altijd en kies of je dat wilt:\n{base}/account/invitations\n\nWil je dit niet? Weiger dan op die pagina, of negeer deze mail: zonder jouw ja verandert er niets.\n\n---\n\nHello {name},\n\n{inviter} invites you to work in the portal of {provider_name} in the MBO Cultuurkaart. Sign in as usual and choose whether you want to:\n{base}/account/invitations\n\nNot for you? Decline on that page, or ignore this mail: nothing changes without your yes.\n",
                name = text(&r, "display_name")?,
                inviter = text(&names, "inviter")?,
                provider_name = text(&names, "provider_name")?,
                base = state.settings.public_base_url,
            );
            mail::enqueue(
                &mut tx,
                now,
                email.as_str(),
                "Uitnodiging om mee te werken / Invitation to join — MBO Cultuurkaart",
                &body,
            )
            .await?;
            audit::record(&mut tx, now, Some(actor), "colleague_invited", "colleague_invitation", Some(id), &scope.key()).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Everyone in `provider`'s portal, then the open and declined invitations. Members who
/// joined through an invitation to their existing account show their own name; everything
/// else shows what the inviter typed.
#[tracing::instrument(skip_all)]
pub async fn list(state: &AppState, provider: ProviderId, viewer: PersonId) -> Result<Vec<Colleague>, AppError> {
    let members = sqlx::query(
        "SELECT p.id, p.display_name, p.email, p.status FROM role_assignments r JOIN people p ON p.id = r.person_id
         WHERE r.provider_id = $1 AND r.role = 'provider' ORDER BY p.display_name, p.id",
    )
    .bind(provider.0)
    .fetch_all(&state.db.pool)
    .await?;
    let invitations = sqlx::query(
        "SELECT id, display_name, email, status FROM colleague_invitations
         WHERE provider_id = $1 AND status IN ('pending', 'declined') ORDER BY created_at, id",
    )
    .bind(provider.0)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::with_capacity(members.len() + invitations.len());
    for r in &members {
        let id = int(r, "id")?;
        out.push(Colleague {
            id,
            status: if text(r, "status")? == "invited" { ColleagueStatus::Activating } else { ColleagueStatus::Member },
            name: text(r, "display_name")?,
            email: text(r, "email")?,
            is_you: id == viewer.0,
        });
    }
    for r in &invitations {
        out.push(Colleague {
            id: int(r, "id")?,
            status: if text(r, "status")? == "declined" { ColleagueStatus::Declined } else { ColleagueStatus::Invited },
            name: text(r, "display_name")?,
            email: text(r, "email")?,
            is_you: false,
        });
    }
    Ok(out)
}

/// Takes a colleague out of `provider`'s portal (their other roles stay). Nobody removes
/// themselves, so a portal always keeps the person who removes. Audited.
#[tracing::instrument(skip_all)]
pub async fn remove_member(state: &AppState, actor: PersonId, provider: ProviderId, person: PersonId) -> Result<(), AppError> {
    if actor == person {
        return Err(AppError::Conflict(Problem::CannotRemoveYourself));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let done = sqlx::query("DELETE FROM role_assignments WHERE person_id = $1 AND role = 'provider' AND provider_id = $2")
        .bind(person.0)
        .bind(provider.0)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "role_revoked",
        "person",
        Some(person.0),
        &format!("provider {}", Scope::Provider(provider).key()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws an open or declined invitation of `provider`. Audited.
#[tracing::instrument(skip_all)]
pub async fn withdraw(state: &AppState, actor: PersonId, provider: ProviderId, invitation: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE colleague_invitations SET status = 'withdrawn', decided_at = $1
         WHERE id = $2 AND provider_id = $3 AND status IN ('pending', 'declined')",
    )
    .bind(now)
    .bind(invitation)
    .bind(provider.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, Some(actor), "colleague_invitation_withdrawn", "colleague_invitation", Some(invitation), "")
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The open invitations to the person, newest first.
#[tracing::instrument(skip_all)]
pub async fn invitations_of(state: &AppState, person: PersonId) -> Result<Vec<ColleagueInvitation>, AppError> {
    sqlx::query(
        "SELECT i.id, i.created_at, pr.name AS provider_name, p.display_name AS inviter
         FROM colleague_invitations i JOIN providers pr ON pr.id = i.provider_id JOIN people p ON p.id = i.invited_by
         WHERE i.person_id = $1 AND i.status = 'pending' ORDER BY i.created_at DESC, i.id DESC",
    )
    .bind(person.0)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ColleagueInvitation {
            id: int(r, "id")?,
            provider_name: text(r, "provider_name")?,
            invited_by: text(r, "inviter")?,
            invited_at_ms: int(r, "created_at")?,
        })
    })
    .collect()
}

/// The person answers an invitation of theirs: accepting adds the role in the same
/// transaction. Answering again the same way changes nothing; an invitation that was
/// withdrawn, or answered the other way, is not found. Audited.
#[tracing::instrument(skip_all)]
pub async fn answer(state: &AppState, person: PersonId, invitation: i64, accept: bool) -> Result<ProviderId, AppError> {
    let now = state.clock.now_ms();
    let status = if accept { "accepted" } else { "declined" };
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE colleague_invitations SET status = $1, decided_at = $2 WHERE id = $3 AND person_id = $4 AND status = 'pending'
         RETURNING provider_id",
    )
    .bind(status)
    .bind(now)
    .bind(invitation)
    .bind(person.0)
    .fetch_optional(&mut *tx)
    .await?;
    let provider = match changed {
        Some(r) => ProviderId(int(&r, "provider_id")?),
        None => return already_answered(&mut tx, person, invitation, status).await,
    };
    if accept {
        match people::assign_role(&mut tx, now, person, Role::Provider, &Scope::Provider(provider)).await {
            Ok(()) => {}
            // Made a member some other way meanwhile: accepting changes nothing more.
            Err(e) if is_unique_violation(&e) => {}
            Err(e) => return Err(internal(e)),
        }
    }
    let action = if accept { "colleague_invitation_accepted" } else { "colleague_invitation_declined" };
    audit::record(&mut tx, now, Some(person), action, "colleague_invitation", Some(invitation), "").await?;
    tx.commit().await?;
    Ok(provider)
}

/// The answer to a repeated click: the same answer again is fine, anything else not found.
async fn already_answered(tx: &mut Tx, person: PersonId, invitation: i64, status: &str) -> Result<ProviderId, AppError> {
    let row = sqlx::query("SELECT provider_id, status, decided_at FROM colleague_invitations WHERE id = $1 AND person_id = $2")
        .bind(invitation)
        .bind(person.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if text(&row, "status")? == status && opt_int(&row, "decided_at")?.is_some() {
        Ok(ProviderId(int(&row, "provider_id")?))
    } else {
        Err(AppError::NotFound)
    }
}
