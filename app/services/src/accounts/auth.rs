//! Accounts: password hashing (argon2id), sessions kept in the database (so several app
//! instances share them), single-use hashed tokens for invitations and password resets, and
//! login throttling per account and per address.

use crate::accounts::people;
use crate::platform::audit;
use crate::platform::clock::MINUTE_MS;
use crate::platform::db::{int, Db, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use crate::platform::throttle::{give_back, take_attempt};
use crate::platform::tokens::{consume_token, hash_token, issue_token, new_token, INVITATION_TTL_MS, RESET_TTL_MS};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use domain::error::Problem;
use domain::failure::internal;
use domain::password::{check_new_password, PasswordProblem};
use domain::records::AccountStatus;
use domain::{AppError, CurrentUser, Email, PersonId, Role, Scope};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "ck_session";
/// Failed logins per account within the window before the account is paused.
pub const ACCOUNT_FAILURES: i64 = 5;
/// Failed logins per client address within the window before the address is paused.
pub const ADDRESS_FAILURES: i64 = 30;

/// Hashes a password with argon2id (OWASP parameters), off the async threads.
#[tracing::instrument(skip_all)]
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(internal)?
    .map_err(internal)
}

/// True when `password` matches `hash`.
#[tracing::instrument(skip_all)]
pub async fn verify_password(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

fn password_problem(p: PasswordProblem) -> Problem {
    match p {
        PasswordProblem::TooShort => Problem::PasswordTooShort,
        PasswordProblem::TooLong => Problem::PasswordTooLong,
        PasswordProblem::TooCommon => Problem::PasswordTooCommon,
    }
}

/// Checks a new password and its repetition as typed in a form.
pub fn check_password_pair(password: &str, repeat: &str) -> Result<(), AppError> {
    check_new_password(password).map_err(|p| AppError::field("password", password_problem(p)))?;
    if password != repeat {
        return Err(AppError::field("password_repeat", Problem::PasswordsDiffer));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Sessions

/// Starts a session for `person`; returns the cookie value (only its hash is stored).
#[tracing::instrument(skip_all)]
pub async fn create_session(tx: &mut Tx, now_ms: i64, person: PersonId) -> Result<String, sqlx::Error> {
    let (token, hash) = new_token();
    sqlx::query("INSERT INTO sessions (id_hash, person_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
        .bind(&hash)
        .bind(person.0)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

/// The person behind a session cookie, if the session is still valid: not idle too long,
/// not too old, and the account still active. Touches the session at most once a minute.
#[tracing::instrument(skip_all)]
pub async fn session_user(state: &AppState, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    let now = state.clock.now_ms();
    let hash = hash_token(token);
    let Some(row) = sqlx::query("SELECT person_id, created_at, last_seen_at FROM sessions WHERE id_hash = $1")
        .bind(&hash)
        .fetch_optional(&state.db.pool)
        .await?
    else {
        return Ok(None);
    };
    let (person, created, seen) = (int(&row, "person_id")?, int(&row, "created_at")?, int(&row, "last_seen_at")?);
    if now - seen > state.settings.session_idle_ms || now - created > state.settings.session_absolute_ms {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(&hash).execute(&state.db.pool).await?;
        return Ok(None);
    }
    if now - seen > MINUTE_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&state.db.pool)
            .await?;
    }
    people::current_user(&state.db, PersonId(person)).await
}

/// Ends one session (logout).
#[tracing::instrument(skip_all)]
pub async fn end_session(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(hash_token(token)).execute(&db.pool).await?;
    Ok(())
}

/// Ends every session of a person (password reset, account disabled).
#[tracing::instrument(skip_all)]
pub async fn end_all_sessions(tx: &mut Tx, person: PersonId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE person_id = $1").bind(person.0).execute(&mut **tx).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Login, invitations, password reset

/// A hash of a random password, verified against when the e-mail is unknown, so that a
/// wrong address takes as long as a wrong password.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

async fn dummy_hash() -> String {
    if let Some(h) = DUMMY_HASH.get() {
        return h.clone();
    }
    let h = hash_password(new_token().0).await.unwrap_or_default();
    DUMMY_HASH.get_or_init(|| h).clone()
}

/// Checks e-mail and password and starts a session; returns the user and the cookie value.
/// Unknown address, wrong password and inactive account all answer the same.
#[tracing::instrument(skip_all)]
pub async fn login(state: &AppState, email: &str, password: &str, client: &str) -> Result<(CurrentUser, String), AppError> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let email = Email::parse(email).ok_or_else(|| AppError::field("email", Problem::InvalidEmail))?;
    let account_key = format!("account:{}", email.as_str());
    let address_key = format!("address:{client}");
    if !take_attempt(db, &account_key, ACCOUNT_FAILURES, now).await? {
        return Err(AppError::RateLimited);
    }
    if !take_attempt(db, &address_key, ADDRESS_FAILURES, now).await? {
        give_back(db, &account_key).await?;
        return Err(AppError::RateLimited);
    }
    let account = people::account_by_email(db, &email).await?;
    let hash = match account.as_ref().and_then(|a| a.password_hash.clone()) {
        Some(h) => h,
        None => dummy_hash().await,
    };
    let matches = verify_password(hash, password.to_owned()).await;
    // A failure keeps both attempts counted; a sign-in clears the account's count and hands
    // the address its attempt back (many people sign in from one school network).
    let account = match account {
        Some(a) if matches && a.status == AccountStatus::Active => a,
        _ => return Err(AppError::field("email", Problem::WrongCredentials)),
    };
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1").bind(&account_key).execute(&db.pool).await?;
    give_back(db, &address_key).await?;
    let mut tx = db.begin_write().await?;
    let token = create_session(&mut tx, now, account.id).await?;
    audit::record(&mut tx, now, Some(account.id), "login", "person", Some(account.id.0), "").await?;
    tx.commit().await?;
    let user = people::current_user(db, account.id).await?.ok_or(AppError::Unauthenticated)?;
    Ok((user, token))
}

/// Sets the password from an invitation or reset link, ends older sessions, and signs the
/// person in. Returns the user and the new session's cookie value.
#[tracing::instrument(skip_all)]
pub async fn set_password_with_token(
    state: &AppState,
    token: &str,
    purpose: &str,
    password: &str,
) -> Result<(CurrentUser, String), AppError> {
    let now = state.clock.now_ms();
    let hash = hash_password(password.to_owned()).await?;
    let mut tx = state.db.begin_write().await?;
    let person = consume_token(&mut tx, now, token, purpose).await?.ok_or(AppError::Conflict(Problem::LinkInvalidOrExpired))?;
    if !people::set_password(&mut tx, now, person, &hash).await? {
        return Err(AppError::Conflict(Problem::LinkInvalidOrExpired));
    }
    // Other links of the same kind for this person stop working now too.
    sqlx::query("UPDATE auth_tokens SET used_at = $1 WHERE person_id = $2 AND purpose = $3 AND used_at IS NULL")
        .bind(now)
        .bind(person.0)
        .bind(purpose)
        .execute(&mut *tx)
        .await?;
    end_all_sessions(&mut tx, person).await?;
    if purpose == "invitation" {
        crate::passes::activate(&mut tx, now, person).await?;
    }
    let action = if purpose == "invitation" { "invitation_accepted" } else { "password_reset" };
    audit::record(&mut tx, now, Some(person), action, "person", Some(person.0), "").await?;
    let session = create_session(&mut tx, now, person).await?;
    tx.commit().await?;
    let user = people::current_user(&state.db, person).await?.ok_or(AppError::Unauthenticated)?;
    Ok((user, session))
}

/// Sends a password-reset link when the address belongs to an active account. Says nothing
/// either way, so the form cannot be used to find out who has an account.
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(state: &AppState, email: &Email) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let Some(account) = people::account_by_email(&state.db, email).await? else { return Ok(()) };
    if account.status != AccountStatus::Active {
        return Ok(());
    }
    let mut tx = state.db.begin_write().await?;
    let token = issue_token(&mut tx, now, account.id, "password_reset", RESET_TTL_MS).await?;
    let link = format!("{}/password/reset/{token}", state.settings.public_base_url);
    let body = format!(
        "Hallo {name},\n\nJe hebt gevraagd om een nieuw wachtwoord voor de MBO Cultuurkaart. Kies een nieuw wachtwoord via deze link (1 uur geldig):\n{link}\n\nHeb je dit niet gevraagd? Dan kun je deze mail negeren.\n\n---\n\nHello {name},\n\nYou asked for a new password for the MBO Cultuurkaart. Choose one with this link (valid for 1 hour):\n{link}\n\nDid not ask for it? Then ignore this mail.\n",
        name = account.display_name
    );
    mail::enqueue(&mut tx, now, &account.email, "Nieuw wachtwoord / New password — MBO Cultuurkaart", &body).await?;
    audit::record(&mut tx, now, Some(account.id), "password_reset_requested", "person", Some(account.id.0), "").await?;
    tx.commit().await?;
    Ok(())
}

/// Invites a person to a role in a place: creates the account when the address is new, adds
/// the role, and mails an invitation link (or, for an active account, a notice of the new
/// role). All in one transaction with the audit entry and the mail.
#[tracing::instrument(skip_all)]
pub async fn invite(
    state: &AppState,
    actor: PersonId,
    email: &Email,
    display_name: &str,
    role: Role,
    scope: &Scope,
) -> Result<PersonId, AppError> {
    let mut tx = state.db.begin_write().await?;
    let person = invite_in(&mut tx, state, actor, email, display_name, role, scope).await?;
    tx.commit().await?;
    Ok(person)
}

/// [`invite`] inside the caller's transaction.
#[tracing::instrument(skip_all)]
pub async fn invite_in(
    tx: &mut Tx,
    state: &AppState,
    actor: PersonId,
    email: &Email,
    display_name: &str,
    role: Role,
    scope: &Scope,
) -> Result<PersonId, AppError> {
    let now = state.clock.now_ms();
    let existing = sqlx::query("SELECT id, status, display_name FROM people WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    // An account made at the same moment by another invitation: the address has a role now.
    let taken = |e: sqlx::Error| {
        if crate::platform::db::is_unique_violation(&e) {
            AppError::field("email", Problem::RoleAlreadyHeld)
        } else {
            internal(e)
        }
    };
    let (person, status, name) = match existing {
        Some(r) => {
            (PersonId(int(&r, "id")?), crate::platform::db::text(&r, "status")?, crate::platform::db::text(&r, "display_name")?)
        }
        None => (
            people::create_person(tx, now, email, display_name).await.map_err(taken)?,
            "invited".to_owned(),
            display_name.to_owned(),
        ),
    };
    if let Err(e) = people::assign_role(tx, now, person, role, scope).await {
        return Err(if crate::platform::db::is_unique_violation(&e) {
            AppError::field("role", Problem::RoleAlreadyHeld)
        } else {
            internal(e)
        });
    }
    let body = if status == "active" {
        format!(
            "Hallo {name},\n\nJe hebt een nieuwe rol in de MBO Cultuurkaart. Log in zoals altijd: {base}/login\n\n---\n\nHello {name},\n\nYou have a new role in the MBO Cultuurkaart. Sign in as usual: {base}/login\n",
            base = state.settings.public_base_url
        )
    } else {
        let token = issue_token(tx, now, person, "invitation", INVITATION_TTL_MS).await?;
        invitation_mail(&state.settings.public_base_url, &name, &token)
    };
    mail::enqueue(tx, now, email.as_str(), "Uitnodiging / Invitation — MBO Cultuurkaart", &body).await?;
    audit::record(tx, now, Some(actor), "role_granted", "person", Some(person.0), &format!("{} {}", role.code(), scope.key()))
        .await?;
    Ok(person)
}

/// The mail that invites a new account: a link to choose a password.
fn invitation_mail(base: &str, name: &str, token: &str) -> String {
    let link = format!("{base}/invite/{token}");
    format!(
        "Hallo {name},\n\nJe bent uitgenodigd voor de MBO Cultuurkaart. Kies je wachtwoord via deze link (14 dagen geldig):\n{link}\n\nJe e-mailadres is je inlognaam.\n\n---\n\nHello {name},\n\nYou are invited to the MBO Cultuurkaart. Choose your password with this link (valid for 14 days):\n{link}\n\nYour e-mail address is your login name.\n"
    )
}

/// Switches an account off and ends its sessions at once.
#[tracing::instrument(skip_all)]
pub async fn disable_account(state: &AppState, actor: PersonId, person: PersonId) -> Result<(), AppError> {
    if actor == person {
        return Err(AppError::Conflict(Problem::CannotDisableYourself));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let exists = sqlx::query("SELECT id FROM people WHERE id = $1").bind(person.0).fetch_optional(&mut *tx).await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    if people::disable(&mut tx, now, person).await? {
        end_all_sessions(&mut tx, person).await?;
        audit::record(&mut tx, now, Some(actor), "account_disabled", "person", Some(person.0), "").await?;
    }
    tx.commit().await?;
    Ok(())
}
