//! The public site: home, login, invitation, password reset, not found.

use crate::api::auth::{check_invitation, who_am_i, AcceptInvitation, Login, RequestPasswordReset, ResetPassword};
use crate::components::forms::{action_error, loading, url_error};
use crate::components::layout::set_page_status;
use crate::components::{ErrorSummary, FieldProblem, PublicLayout};
use crate::i18n::{t, T};
use domain::password::MAX_CHARS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The public home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Title text=""/>
        <PublicLayout>
            <section class="hero">
                <h1>{t(T::HomeTitle)}</h1>
                <p class="lead">{t(T::HomeIntro)}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me.await.ok().flatten() {
                            Some(user) => view! { <a class="button" href=user.home()>{t(T::GoToPortal)}</a> }.into_any(),
                            None => view! { <a class="button" href="/login">{t(T::Login)}</a> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <ul class="cards">
                <li class="card"><h2>{t(T::HomeForSchools)}</h2><p>{t(T::HomeForSchoolsText)}</p></li>
                <li class="card"><h2>{t(T::HomeForStudents)}</h2><p>{t(T::HomeForStudentsText)}</p></li>
                <li class="card"><h2>{t(T::HomeForProviders)}</h2><p>{t(T::HomeForProvidersText)}</p><p><a href="/provider/signup">{t(T::SignupTitle)}</a></p></li>
            </ul>
        </PublicLayout>
    }
}

/// E-mail and password; works without JavaScript (a plain form post with a redirect).
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = Signal::derive(move || action_error(login.value().get()));
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text=t(T::LoginTitle)/>
        <PublicLayout>
            <div class="narrow">
                <h1>{t(T::LoginTitle)}</h1>
                <p>{t(T::LoginIntro)}</p>
                <ErrorSummary error=error/>
                <ActionForm action=login attr:class="form">
                    <input type="hidden" name="next" value=next/>
                    <label for="email">{t(T::Email)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"
                        aria-describedby="email-error"/>
                    <FieldProblem error=error field="email"/>
                    <label for="password">{t(T::Password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"/>
                    <button type="submit" class="button" disabled=move || login.pending().get()>{t(T::Login)}</button>
                </ActionForm>
                <p><a href="/password/forgot">{t(T::ForgotPassword)}</a></p>
            </div>
        </PublicLayout>
    }
}

/// Password and repeat fields for setting a new password.
#[component]
fn NewPasswordFields(error: Signal<Option<domain::AppError>>) -> impl IntoView {
    view! {
        <label for="password">{t(T::Password)}</label>
        <p class="hint" id="password-hint">{t(T::PasswordHint)}</p>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8"
            maxlength=MAX_CHARS.to_string() aria-describedby="password-hint password-error"/>
        <FieldProblem error=error field="password"/>
        <label for="password_repeat">{t(T::PasswordRepeat)}</label>
        <input id="password_repeat" name="password_repeat" type="password" autocomplete="new-password" required
            maxlength=MAX_CHARS.to_string() aria-describedby="password_repeat-error"/>
        <FieldProblem error=error field="password_repeat"/>
    }
}

/// Accepting an invitation: greet the person, set a password, accept the terms.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(token, check_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = Signal::derive(move || action_error(accept.value().get()));
    view! {
        <Title text=t(T::InviteTitle)/>
        <PublicLayout>
            <div class="narrow">
                <h1>{t(T::InviteTitle)}</h1>
                <Suspense fallback=loading>
                    {move || Suspend::new(async move {
                        match info.await {
                            Ok(inv) => view! {
                                <p>{format!("{}, ", inv.display_name)}{t(T::InviteIntro)}" "<strong>{inv.email}</strong></p>
                                <ErrorSummary error=error/>
                                <ActionForm action=accept attr:class="form">
                                    <input type="hidden" name="token" value=token()/>
                                    <NewPasswordFields error=error/>
                                    <div class="checkbox">
                                        <input id="accept_terms" name="accept_terms" type="checkbox" value="yes" required/>
                                        <label for="accept_terms">{t(T::AcceptTerms)}</label>
                                    </div>
                                    <FieldProblem error=error field="accept_terms"/>
                                    <button type="submit" class="button" disabled=move || accept.pending().get()>{t(T::Activate)}</button>
                                </ActionForm>
                            }.into_any(),
                            Err(_) => {
                                set_page_status(404);
                                view! { <div class="alert alert-error" role="alert">{t(T::LinkInvalid)}</div> }.into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
        </PublicLayout>
    }
}

/// Asking for a password-reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let request = ServerAction::<RequestPasswordReset>::new();
    // Without JavaScript the form's answer comes back in the address: `?done=sent` or `?__err=`.
    let query = use_query_map();
    let returned = url_error(query);
    let error = Signal::derive(move || action_error(request.value().get()).or_else(|| returned.get()));
    let sent =
        move || matches!(request.value().get(), Some(Ok(()))) || query.with(|q| q.get("done").is_some_and(|d| d == "sent"));
    view! {
        <Title text=t(T::ForgotTitle)/>
        <PublicLayout>
            <div class="narrow">
                <h1>{t(T::ForgotTitle)}</h1>
                <p>{t(T::ForgotIntro)}</p>
                <Show when=sent>
                    <div class="alert alert-success" role="status">{t(T::ForgotSent)}</div>
                </Show>
                <ErrorSummary error=error/>
                <ActionForm action=request attr:class="form">
                    <label for="email">{t(T::Email)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"/>
                    <FieldProblem error=error field="email"/>
                    <button type="submit" class="button" disabled=move || request.pending().get()>{t(T::SendLink)}</button>
                </ActionForm>
            </div>
        </PublicLayout>
    }
}

/// Choosing a new password from a reset link.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let reset = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action_error(reset.value().get()));
    view! {
        <Title text=t(T::ResetTitle)/>
        <PublicLayout>
            <div class="narrow">
                <h1>{t(T::ResetTitle)}</h1>
                <ErrorSummary error=error/>
                <ActionForm action=reset attr:class="form">
                    <input type="hidden" name="token" value=token/>
                    <NewPasswordFields error=error/>
                    <button type="submit" class="button" disabled=move || reset.pending().get()>{t(T::SavePassword)}</button>
                </ActionForm>
            </div>
        </PublicLayout>
    }
}

/// Anything without a page: 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_page_status(404);
    view! {
        <Title text=t(T::NotFound)/>
        <PublicLayout>
            <h1>{t(T::NotFound)}</h1>
            <p>{t(T::NotFoundText)}</p>
            <p><a href="/">{t(T::BackHome)}</a></p>
        </PublicLayout>
    }
}
