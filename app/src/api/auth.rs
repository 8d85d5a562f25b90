//! Signing in and out, invitations and password resets.

use domain::{AppError, CurrentUser};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest password text we even look at when signing in (new ones are checked stricter).
pub const MAX_LOGIN_PASSWORD: usize = 1024;

/// Who is signed in on this request, if anyone. Open to everyone.
#[server(endpoint = "auth/me")]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    use crate::request::{respond, signed_in};
    respond(signed_in().await)
}

/// Signs in with e-mail and password; on success sets the session cookie and goes to `next`
/// (a local path) or the person's first portal.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::request::{client_address, cookie, respond, safe_next, set_session_cookie, state};
    use services::{accounts::auth, accounts::auth::SESSION_COOKIE};
    respond(
        async move {
            let state = state()?;
            if password.len() > MAX_LOGIN_PASSWORD {
                return Err(AppError::field("email", domain::error::Problem::WrongCredentials));
            }
            let client = client_address(&state);
            let (user, token) = auth::login(&state, &email, &password, &client).await?;
            // A new session id on every sign-in: a session id planted before login is worthless.
            if let Some(old) = cookie(SESSION_COOKIE) {
                auth::end_session(&state.db, &old).await.map_err(domain::failure::internal)?;
            }
            set_session_cookie(&state, &token);
            leptos_axum::redirect(&safe_next(next.as_deref()).unwrap_or_else(|| user.home().to_owned()));
            Ok(())
        }
        .await,
    )
}

/// Ends this session on the server and in the browser.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::request::{clear_session_cookie, cookie, respond, state};

    use services::{accounts::auth, accounts::auth::SESSION_COOKIE};
    respond(
        async move {
            let state = state()?;
            if let Some(token) = cookie(SESSION_COOKIE) {
                auth::end_session(&state.db, &token).await?;
            }
            clear_session_cookie();
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// What the invitation page shows before the person sets a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub display_name: String,
    pub email: String,
}

/// Looks up an invitation link without using it. Answers 409 for an unknown, used or
/// expired link.
#[server(endpoint = "auth/invitation")]
pub async fn check_invitation(token: String) -> Result<InvitationInfo, AppError> {
    use crate::request::{respond, state};
    use domain::error::Problem;
    use services::accounts::people;

    respond(
        async move {
            let state = state()?;
            let person = services::platform::tokens::peek_token(&state.db, state.clock.now_ms(), &token, "invitation")
                .await?
                .ok_or(AppError::Conflict(Problem::LinkInvalidOrExpired))?;
            let account = people::account_by_id(&state.db, person).await?.ok_or(AppError::NotFound)?;
            Ok(InvitationInfo { display_name: account.display_name, email: account.email })
        }
        .await,
    )
}

/// Activates an invited account: sets the password (after the terms are accepted) and signs
/// the person in.
#[server(endpoint = "auth/accept_invitation")]
pub async fn accept_invitation(
    token: String,
    password: String,
    password_repeat: String,
    accept_terms: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{respond, set_session_cookie, state};
    use domain::error::Problem;
    use services::accounts::auth;
    respond(
        async move {
            let state = state()?;
            auth::check_password_pair(&password, &password_repeat)?;
            if accept_terms.is_none() {
                return Err(AppError::field("accept_terms", Problem::TermsNotAccepted));
            }
            let (user, session) = auth::set_password_with_token(&state, &token, "invitation", &password).await?;
            set_session_cookie(&state, &session);
            leptos_axum::redirect(user.home());
            Ok(())
        }
        .await,
    )
}

/// Mails a password-reset link if the address has an active account. Always answers the
/// same, and is rate limited per client address.
#[server(endpoint = "auth/request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::request::{client_address, respond, state};
    use domain::error::Problem;
    use domain::Email;
    use services::accounts::auth;
    respond(
        async move {
            let state = state()?;
            let email = Email::parse(&email).ok_or_else(|| AppError::field("email", Problem::InvalidEmail))?;
            let key = format!("reset:{}", client_address(&state));
            if !services::platform::throttle::take_attempt(&state.db, &key, 10, state.clock.now_ms()).await? {
                return Err(AppError::RateLimited);
            }
            auth::request_password_reset(&state, &email).await?;
            leptos_axum::redirect("/password/forgot?done=sent");
            Ok(())
        }
        .await,
    )
}

/// Sets a new password from a reset link, ends every other session and signs in.
#[server(endpoint = "auth/reset_password")]
pub async fn reset_password(token: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use crate::request::{respond, set_session_cookie, state};
    use services::accounts::auth;
    respond(
        async move {
            let state = state()?;
            auth::check_password_pair(&password, &password_repeat)?;
            let (user, session) = auth::set_password_with_token(&state, &token, "password_reset", &password).await?;
            set_session_cookie(&state, &session);
            leptos_axum::redirect(user.home());
            Ok(())
        }
        .await,
    )
}
