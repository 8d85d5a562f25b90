//! The provider portal's home: vetting status, what waits, colleagues and the bank account.

use super::ProviderNav;
use crate::api::provider::{
    provider_figures, provider_home, InviteColleague, ProviderOverview, RemoveColleague, RequestIbanChange,
};
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{noun_for, provider_status_name, t, weborder_status_name, Noun, T};
use crate::pages::school::weborders::report_lines;
use domain::provider::{Colleague, ColleagueStatus, ProviderRow, ProviderStatus, Removal};
use domain::weborder::WeborderStatus;
use domain::{AppError, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The provider portal's home: vetting status, what waits, and the bank account.
#[component]
pub fn ProviderDashboard() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let iban = ServerAction::<RequestIbanChange>::new();
    let invite = ServerAction::<InviteColleague>::new();
    let remove = ServerAction::<RemoveColleague>::new();
    let home = Resource::new(
        move || (query.with(|q| q.get("done")), iban.version().get(), invite.version().get(), remove.version().get()),
        |_| provider_home(),
    );
    let figures = Resource::new(|| (), |_| provider_figures());
    let invite_error = Signal::derive(move || action_error(invite.value().get()).or_else(|| action_error(remove.value().get())));
    let iban_error = Signal::derive(move || action_error(iban.value().get()));
    view! {
        <Title text=t(T::PortalProvider)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider"/>
            {move || {
                done_notice(
                    query.with(|q| q.get("done")),
                    &[
                        ("iban", T::IbanRequested),
                        ("invited", T::ColleagueInvited),
                        ("colleague_removed", T::ColleagueRemoved),
                        ("joined", T::JoinedProvider),
                    ],
                )
            }}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let figures = figures.await;
                    match home.await {
                        Err(e) => load_error(&e),
                        Ok(overview) => view! {
                            <DashboardOverview overview=overview.clone()/>
                            <IbanChangeForm iban=iban error=iban_error/>
                            <Colleagues colleagues=overview.colleagues invite=invite remove=remove error=invite_error/>
                            <h2>{t(T::Figures)}</h2>
                            {match figures {
                                Err(e) => load_error(&e),
                                Ok(f) => view! {
                                    <p><strong>{format!("{}: {} ({} {})", t(T::PaidOutTotal), f.paid_out.display_nl(), f.payouts, t(T::PayoutBatches).to_lowercase())}</strong></p>
                                    {report_lines(T::ByStatus, f.by_status, |code| {
                                        WeborderStatus::from_code(code).map(|s| t(weborder_status_name(s)).to_owned()).unwrap_or_else(|| code.to_owned())
                                    })}
                                    {report_lines(T::BySchool, f.by_location, |name| name.to_owned())}
                                }.into_any(),
                            }}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn DashboardOverview(overview: ProviderOverview) -> AnyView {
    let ProviderOverview { provider, open_requests, pending_weborders, published_offers, .. } = overview;
    let ProviderRow { name, status, status_reason, account_holder, iban, iban_pending, .. } = provider;
    let reason = (!status_reason.is_empty()).then(|| view! { <p>{format!("{}: {status_reason}", t(T::Reason))}</p> });
    let notice = match status {
        ProviderStatus::Pending => {
            Some(view! { <div class="alert alert-warning" role="status"><p>{t(T::VettingPendingNotice)}</p></div> }.into_any())
        }
        ProviderStatus::Rejected => Some(
            view! { <div class="alert alert-error" role="status"><p>{t(T::VettingRejectedNotice)}</p>{reason}</div> }.into_any(),
        ),
        ProviderStatus::Approved => None,
    };
    view! {
        <h1>{name}</h1>
        <p class="lead">{t(T::ProviderIntro)}</p>
        <p>
            {format!("{}: ", t(T::VettingStatus))}
            <span class=format!("badge badge-provider-{}", status.code())>{t(provider_status_name(status))}</span>
        </p>
        {notice}
        <ul class="stats">
            <li><a href="/provider/requests"><span class="stat">{open_requests}</span><span class="stat-label">{noun_for(open_requests, Noun::OpenRequest)}</span></a></li>
            <li><a href="/provider/weborders?status=pending"><span class="stat">{pending_weborders}</span><span class="stat-label">{noun_for(pending_weborders, Noun::PendingWeborder)}</span></a></li>
            <li><a href="/provider/offers?status=published"><span class="stat">{published_offers}</span><span class="stat-label">{noun_for(published_offers, Noun::PublishedOffer)}</span></a></li>
        </ul>
        <p>
            <a class="button" href="/provider/offers/new">{t(T::NewOffer)}</a>" "
            <a class="button" href="/provider/weborders/new">{t(T::NewWeborder)}</a>
        </p>
        <section class="card" aria-labelledby="bank-title">
            <h2 id="bank-title">{t(T::BankAccount)}</h2>
            <dl class="facts">
                <dt>{t(T::VettedIban)}</dt>
                <dd>{iban.unwrap_or_else(|| t(T::NoVettedIban).to_owned())}</dd>
                <dt>{t(T::AccountHolder)}</dt>
                <dd>{account_holder}</dd>
                {iban_pending.map(|p| view! { <dt>{t(T::PendingIban)}</dt><dd>{p}</dd> })}
            </dl>
        </section>
    }
    .into_any()
}

/// Who works in the portal for the provider and who is invited, with removing a colleague or
/// withdrawing an invitation (each confirmed first), and a form to invite a colleague.
#[component]
fn Colleagues(
    colleagues: Vec<Colleague>,
    invite: ServerAction<InviteColleague>,
    remove: ServerAction<RemoveColleague>,
    error: Signal<Option<AppError>>,
) -> AnyView {
    view! {
        <section class="card" aria-labelledby="colleagues-title">
            <h2 id="colleagues-title">{t(T::Colleagues)}</h2>
            <ul class="plain-list colleagues">
                {colleagues.into_iter().map(|c| colleague_item(c, remove)).collect_view()}
            </ul>
            <details>
                <summary>{t(T::InviteColleague)}</summary>
                <ErrorSummary error=error/>
                <p class="hint">{t(T::InviteColleagueHint)}</p>
                <ActionForm action=invite attr:class="form">
                    <label for="colleague-name">{t(T::Name)}</label>
                    <input id="colleague-name" name="display_name" maxlength="200" required/>
                    <FieldProblem error=error field="display_name"/>
                    <label for="colleague-email">{t(T::Email)}</label>
                    <input id="colleague-email" name="email" type="email" maxlength="254" required/>
                    <FieldProblem error=error field="email"/>
                    <button type="submit" class="button" disabled=move || invite.pending().get()>{t(T::InviteColleague)}</button>
                </ActionForm>
            </details>
        </section>
    }
    .into_any()
}

/// One colleague or invitation: name, address, where they stand, and removing (confirmed).
fn colleague_item(c: Colleague, remove: ServerAction<RemoveColleague>) -> AnyView {
    let (badge, label) = match c.status {
        ColleagueStatus::Member => ("active", T::ColleagueMember),
        ColleagueStatus::Activating | ColleagueStatus::Invited => ("invited", T::ColleagueInvitedStatus),
        ColleagueStatus::Declined => ("disabled", T::ColleagueDeclined),
    };
    let kind = if c.is_member() { Removal::Member } else { Removal::Invitation }.code();
    let (action, question, confirm) = if c.is_member() {
        (T::RemoveColleague, T::RemoveColleagueQuestion, T::RemoveColleagueConfirm)
    } else {
        (T::WithdrawInvitation, T::WithdrawInvitationQuestion, T::WithdrawInvitationConfirm)
    };
    let name = c.name.clone();
    view! {
        <li>
            <span>{format!("{} ({})", c.name, c.email)}</span>" "
            <span class=format!("badge badge-{badge}")>{t(label)}</span>
            {c.is_you.then(|| view! { " "<span class="muted">{t(T::ThatIsYou)}</span> })}
            {(!c.is_you).then(|| view! {
                <details class="confirm">
                    <summary>{t(action)}</summary>
                    <ActionForm action=remove attr:class="form">
                        <p>{format!("{} {}", t(question), name)}</p>
                        <input type="hidden" name="colleague_id" value=c.id.to_string()/>
                        <input type="hidden" name="kind" value=kind/>
                        <button type="submit" class="button button-danger">{format!("{} {}", t(confirm), name)}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn IbanChangeForm(iban: ServerAction<RequestIbanChange>, error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="iban-title">
            <h2 id="iban-title">{t(T::ChangeIban)}</h2>
            <p class="hint">{t(T::ChangeIbanHint)}</p>
            <ErrorSummary error=error/>
            <ActionForm action=iban attr:class="form">
                <label for="iban">{t(T::Iban)}</label>
                <input id="iban" name="iban" required maxlength="42" autocomplete="off" spellcheck="false" aria-describedby="iban-error"/>
                <FieldProblem error=error field="iban"/>
                <label for="account_holder">{t(T::AccountHolder)}</label>
                <input id="account_holder" name="account_holder" required maxlength="70" aria-describedby="account_holder-error"/>
                <FieldProblem error=error field="account_holder"/>
                <button type="submit" class="button" disabled=move || iban.pending().get()>{t(T::RequestIbanChangeButton)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
