//! Pages every signed-in person has, whatever their roles: invitations to work in a
//! provider's portal.

use crate::api::account::{my_invitations, AnswerInvitation};
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::{ErrorSummary, PublicLayout};
use crate::i18n::{t, T};
use domain::provider::ColleagueInvitation;
use domain::time::format_local;
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// The caller's open invitations to a provider's portal, each to accept or decline.
/// Strangers are sent to the login and come back here.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    // Made here, once, outside the layout's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let answer = ServerAction::<AnswerInvitation>::new();
    let invitations = Resource::new(move || answer.version().get(), |_| my_invitations());
    let error = Signal::derive(move || action_error(answer.value().get()));
    view! {
        <Title text=t(T::MyInvitations)/>
        <PublicLayout>
            <h1>{t(T::MyInvitations)}</h1>
            {move || done_notice(query.with(|q| q.get("done")), &[("declined", T::InvitationDeclined)])}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match invitations.await {
                        Err(AppError::Unauthenticated) => {
                            view! { <Redirect path="/login?next=%2Faccount%2Finvitations"/> }.into_any()
                        }
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p>{t(T::NoInvitations)}</p> }.into_any(),
                        Ok(list) => view! {
                            <p class="lead">{t(T::MyInvitationsIntro)}</p>
                            <ul class="rows">
                                {list.into_iter().map(|i| invitation_item(i, answer)).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PublicLayout>
    }
}

/// One invitation: which provider, who asked and when, and the two answers.
fn invitation_item(i: ColleagueInvitation, answer: ServerAction<AnswerInvitation>) -> AnyView {
    let (accept_id, decline_id) = (i.id.to_string(), i.id.to_string());
    view! {
        <li class="row-card">
            <div class="row-main">
                <strong>{i.provider_name}</strong>
                <span>{format!("{} {} · {}", t(T::InvitedBy), i.invited_by, format_local(i.invited_at_ms))}</span>
            </div>
            <ActionForm action=answer attr:class="inline-form">
                <input type="hidden" name="invitation_id" value=accept_id/>
                <input type="hidden" name="answer" value="accept"/>
                <button type="submit" class="button">{t(T::AcceptInvitation)}</button>
            </ActionForm>
            <ActionForm action=answer attr:class="inline-form">
                <input type="hidden" name="invitation_id" value=decline_id/>
                <input type="hidden" name="answer" value="decline"/>
                <button type="submit" class="button button-secondary">{t(T::DeclineInvitation)}</button>
            </ActionForm>
        </li>
    }
    .into_any()
}
