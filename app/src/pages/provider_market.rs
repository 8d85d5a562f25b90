//! The provider portal: dashboard, offers, weborders, requests, payouts and API keys; and the
//! public sign-up for new providers.

use crate::api::provider::{
    lookup_school, provider_api_keys, provider_figures, provider_home, provider_offer, provider_offers, provider_payouts,
    provider_request, provider_requests, provider_weborder, provider_weborders, CreateApiKey, CreateWeborder, InviteColleague,
    ProviderOverview, ProviderReply, ProviderSignup as SignupAction, ProviderWeborderDetail, RemoveColleague, RequestIbanChange,
    RevokeApiKey, SaveOffer, SetOfferStatus,
};
use crate::api::weborders::CancelWeborder;
use crate::components::encode_query;
use crate::components::forms::{action_error, done_notice, error_text, textarea_text, url_error};
use crate::components::pager::{page_param, paged_list, query_pair};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout, PublicLayout};
use crate::i18n::{
    discipline_name, offer_format_name, offer_status_name, payout_status_name, price_unit_name, provider_status_name,
    request_status_name, t, weborder_status_name, T,
};
use crate::pages::school_weborders::report_lines;
use domain::offer::{Discipline, OfferForm, OfferFormat, OfferRow, OfferStatus, PriceUnit, Region, LEVELS};
use domain::offer_request::{RequestRow, RequestThread, MAX_MESSAGE_CHARS};
use domain::provider::{ApiKeyRow, Colleague, ColleagueStatus, ProviderRow, ProviderStatus};
use domain::time::format_local;
use domain::weborder::{PayoutBatchRow, WeborderRow, WeborderStatus};
use domain::{AppError, Money, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The disciplines of an offer in words, comma separated.
fn discipline_list(list: &[Discipline]) -> String {
    list.iter().map(|d| t(discipline_name(*d))).collect::<Vec<_>>().join(", ")
}

/// Levels in words: "Niveau 2 en 3", or "Alle niveaus" for all four.
fn levels_label(levels: &[i64]) -> String {
    if levels == LEVELS.as_slice() {
        return t(T::LevelsAll).to_owned();
    }
    let words: Vec<String> = levels.iter().map(ToString::to_string).collect();
    let list = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {} {last}", rest.join(", "), t(T::And)),
        Some((last, _)) => last.clone(),
        None => String::new(),
    };
    format!("{} {list}", t(T::Level))
}

/// Levels as the form sends them ("2,3").
fn join_levels(levels: &[i64]) -> String {
    levels.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// The level combinations the offer form offers.
const LEVEL_CHOICES: [&[i64]; 8] = [&[1, 2, 3, 4], &[1, 2], &[2, 3], &[3, 4], &[1], &[2], &[3], &[4]];

/// A price with its unit: "€ 7,50 per student".
fn price_text(price: Money, unit: PriceUnit) -> String {
    format!("{} {}", price.display_nl(), t(price_unit_name(unit)))
}

/// Micro-degrees as decimal degrees for the form ("52.090700"); empty when unknown.
fn degrees_text(e6: Option<i64>) -> String {
    e6.map(|v| {
        let sign = if v < 0 { "-" } else { "" };
        let abs = v.unsigned_abs();
        format!("{sign}{}.{:06}", abs / 1_000_000, abs % 1_000_000)
    })
    .unwrap_or_default()
}

/// The loading error box.
fn load_error(e: &AppError) -> AnyView {
    view! { <div class="alert alert-error" role="alert">{error_text(e)}</div> }.into_any()
}

/// `<option>`s for a select: a "choose one" first, then the choices; `selected` is chosen.
fn select_options(choices: Vec<(String, String)>, selected: &str) -> AnyView {
    let chosen = selected.to_owned();
    let none_chosen = chosen.is_empty();
    view! {
        <option value="" selected=none_chosen>{t(T::ChooseOne)}</option>
        {choices.into_iter().map(|(value, label)| {
            let is_chosen = value == chosen;
            view! { <option value=value selected=is_chosen>{label}</option> }
        }).collect_view()}
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Navigation and dashboard
// ---------------------------------------------------------------------------------------------

/// The sub-navigation of the provider portal.
#[component]
pub fn ProviderNav(current: &'static str) -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label=t(T::PortalProvider)>
            <ul>
                {[
                    ("/provider", T::Overview),
                    ("/provider/offers", T::Offers),
                    ("/provider/weborders", T::Weborders),
                    ("/provider/counter", T::Counter),
                    ("/provider/requests", T::Requests),
                    ("/provider/payouts", T::Payouts),
                    ("/provider/api", T::Api),
                ].into_iter().map(|(href, key)| view! {
                    <li><a href=href aria-current=(href == current).then_some("page")>{t(key)}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// The provider portal's home: vetting status, what waits, and the bank account.
#[component]
pub fn ProviderDashboard() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense: made inside it,
    // a render the server throws away would shift the resource ids the browser hydrates by.
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
            // One Suspense, last in the page: content after a resolved Suspense would not hydrate.
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
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
            <li><a href="/provider/requests"><span class="stat">{open_requests}</span>{t(T::OpenRequests)}</a></li>
            <li><a href="/provider/weborders?status=pending"><span class="stat">{pending_weborders}</span>{t(T::PendingWeborders)}</a></li>
            <li><a href="/provider/offers?status=published"><span class="stat">{published_offers}</span>{t(T::PublishedOffers)}</a></li>
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
    let kind = if c.is_member() { "member" } else { "invitation" };
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

// ---------------------------------------------------------------------------------------------
// Offers
// ---------------------------------------------------------------------------------------------

/// The provider's offers, filtered by status.
#[component]
pub fn ProviderOffers() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let offers = Resource::new(move || (status(), page()), |(s, p)| provider_offers(s, p));
    let filters = [
        ("", T::AllStatuses),
        ("draft", T::OfferStatusDraft),
        ("published", T::OfferStatusPublished),
        ("archived", T::OfferStatusArchived),
    ];
    view! {
        <Title text=t(T::Offers)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/offers"/>
            <h1>{t(T::Offers)}</h1>
            <p class="lead">{t(T::OffersIntro)}</p>
            <p><a class="button" href="/provider/offers/new">{t(T::NewOffer)}</a></p>
            <nav class="filters" aria-label=t(T::Filter)>
                {filters.into_iter().map(|(code, key)| view! {
                    <a href=format!("/provider/offers?status={code}") aria-current=move || (status() == code).then_some("page")>{t(key)}</a>
                }).collect_view()}
            </nav>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || {
                    let extra = query_pair("status", &status());
                    Suspend::new(async move { paged_list(offers.await, T::OffersEmpty, "/provider/offers", extra, offer_row) })
                }}
            </Suspense>
        </PortalLayout>
    }
}

/// One offer in the provider's list.
fn offer_row(o: OfferRow) -> AnyView {
    view! {
        <div class="row-main">
            <strong><a href=format!("/provider/offers/{}", o.id)>{o.title.clone()}</a></strong>
            <span class=format!("badge badge-offer-{}", o.status.code())>{t(offer_status_name(o.status))}</span>
            <span>{price_text(o.price, o.price_unit)}</span>
            <span>{t(offer_format_name(o.format))}</span>
            <span class="muted">{discipline_list(&o.disciplines)}</span>
        </div>
    }
    .into_any()
}

/// One offer (`/provider/offers/:id`): details, status buttons and the edit form; `new` gives an
/// empty form.
#[component]
pub fn ProviderOfferPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id_param = move || params.with(|p| p.get("id").unwrap_or_default());
    let offer_id = move || id_param().parse::<i64>().ok();
    let is_new = move || id_param() == "new";
    let save = ServerAction::<SaveOffer>::new();
    let set_status = ServerAction::<SetOfferStatus>::new();
    // Refetch after a successful action only: a failed one must not reset what was typed.
    let saved = move || save.value().with(|v| matches!(v, Some(Ok(())))).then(|| save.version().get());
    let status_set = move || set_status.value().with(|v| matches!(v, Some(Ok(())))).then(|| set_status.version().get());
    let offer = Resource::new(
        move || (offer_id(), query.with(|q| q.get("done")), saved(), status_set()),
        |(id, ..)| async move {
            match id {
                Some(id) => provider_offer(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let status_error = Signal::derive(move || action_error(set_status.value().get()));
    // The picture forms are plain posts; their errors come back in the address.
    let picture_error = url_error(query);
    view! {
        <Title text=t(T::Offers)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/offers"/>
            <p><a href="/provider/offers" class="button-link">{t(T::BackToList)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[
                ("saved", T::OfferSaved), ("image_added", T::PictureAdded), ("image_removed", T::PictureRemoved),
                ("published", T::OfferPublished),
                ("archived", T::OfferArchived),
                ("draft", T::OfferBackToDraft),
            ])}
            <ErrorSummary error=status_error/>
            <ErrorSummary error=picture_error/>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || {
                    let creating = is_new();
                    Suspend::new(async move {
                        match offer.await {
                            Err(e) => load_error(&e),
                            Ok(Some(o)) => view! {
                                <OfferDetails offer=o.clone() set_status=set_status/>
                                <OfferEditor offer=Some(o) save=save/>
                            }.into_any(),
                            Ok(None) if creating => view! {
                                <h1>{t(T::NewOffer)}</h1>
                                <p class="lead">{t(T::NewOfferIntro)}</p>
                                <OfferEditor offer=None save=save/>
                            }.into_any(),
                            Ok(None) => view! { <div class="alert alert-error" role="alert">{t(T::ErrNotFound)}</div> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn OfferDetails(offer: OfferRow, set_status: ServerAction<SetOfferStatus>) -> AnyView {
    let id = offer.id;
    let actions: Vec<(OfferStatus, T)> =
        [(OfferStatus::Published, T::Publish), (OfferStatus::Draft, T::BackToDraft), (OfferStatus::Archived, T::Archive)]
            .into_iter()
            .filter(|(s, _)| *s != offer.status)
            .collect();
    let place = [offer.street.clone(), format!("{} {}", offer.postcode, offer.city).trim().to_owned()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let place = if place.is_empty() { offer.region.name().to_owned() } else { format!("{place} ({})", offer.region.name()) };
    let dates = if offer.on_request || offer.dates.is_empty() { t(T::OnRequest).to_owned() } else { offer.dates.join(", ") };
    view! {
        <section class="card" aria-labelledby="offer-heading">
            <h1 id="offer-heading">{offer.title.clone()}</h1>
            <p><span class=format!("badge badge-offer-{}", offer.status.code())>{t(offer_status_name(offer.status))}</span></p>
            <p class="description">{offer.description.clone()}</p>
            <dl class="facts">
                <dt>{t(T::Disciplines)}</dt><dd>{discipline_list(&offer.disciplines)}</dd>
                <dt>{t(T::Levels)}</dt><dd>{levels_label(&offer.levels)}</dd>
                <dt>{t(T::Format)}</dt><dd>{t(offer_format_name(offer.format))}</dd>
                <dt>{t(T::Address)}</dt><dd>{place}</dd>
                <dt>{t(T::DurationMinutes)}</dt><dd>{offer.duration_minutes}</dd>
                <dt>{t(T::Price)}</dt><dd>{price_text(offer.price, offer.price_unit)}</dd>
                <dt>{t(T::Capacity)}</dt><dd>{offer.capacity}</dd>
                <dt>{t(T::Dates)}</dt><dd>{dates}</dd>
                <dt>{t(T::Wheelchair)}</dt><dd>{t(if offer.wheelchair { T::Yes } else { T::No })}</dd>
                {(!offer.accessibility.is_empty()).then(|| view! {
                    <dt>{t(T::Accessibility)}</dt><dd>{offer.accessibility.clone()}</dd>
                })}
            </dl>
            <div class="actions">
                {actions.into_iter().map(|(s, key)| {
                    let class = if s == OfferStatus::Archived { "button button-danger" } else { "button" };
                    view! {
                        <ActionForm action=set_status attr:class="inline-form">
                            <input type="hidden" name="offer_id" value=id.to_string()/>
                            <input type="hidden" name="status" value=s.code()/>
                            <button type="submit" class=class disabled=move || set_status.pending().get()>{t(key)}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
        </section>
        <OfferPictures offer_id=id images=offer.images.clone()/>
    }
    .into_any()
}

/// The offer's pictures with a remove button each, and the upload form (plain multipart
/// forms, so they work without JavaScript).
#[component]
fn OfferPictures(offer_id: i64, images: Vec<domain::offer::OfferImage>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="pictures-heading">
            <h2 id="pictures-heading">{t(T::Pictures)}</h2>
            <ul class="pictures">
                {images.into_iter().map(|img| view! {
                    <li>
                        <img src=format!("/offers/images/{}", img.id) alt=img.alt.clone() loading="lazy"/>
                        <form method="post" action="/api/provider/remove_offer_image" class="inline-form">
                            <input type="hidden" name="image_id" value=img.id.to_string()/>
                            <button type="submit" class="button-link danger-link">{t(T::RemovePicture)}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action="/api/provider/offer_image" enctype="multipart/form-data" class="form">
                <input type="hidden" name="offer_id" value=offer_id.to_string()/>
                <p class="hint">{t(T::PicturesHint)}</p>
                <label for="picture-file">{t(T::PictureFile)}</label>
                <input id="picture-file" name="file" type="file" accept="image/jpeg,image/png,image/webp" required/>
                <label for="picture-alt">{t(T::AltText)}</label>
                <input id="picture-alt" name="alt_text" maxlength="200" required/>
                <button type="submit" class="button">{t(T::AddPicture)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// The form's text for an existing offer.
fn form_from_offer(o: &OfferRow) -> OfferForm {
    OfferForm {
        title: o.title.clone(),
        description: o.description.clone(),
        disciplines: o.disciplines.iter().map(|d| d.code()).collect::<Vec<_>>().join(","),
        levels: join_levels(&o.levels),
        format: o.format.code().to_owned(),
        street: o.street.clone(),
        postcode: o.postcode.clone(),
        city: o.city.clone(),
        region: o.region.code().to_owned(),
        latitude: degrees_text(o.lat_e6),
        longitude: degrees_text(o.lon_e6),
        duration_minutes: o.duration_minutes.to_string(),
        price: o.price.to_string().replace('.', ","),
        price_unit: o.price_unit.code().to_owned(),
        capacity: o.capacity.to_string(),
        dates: o.dates.join("\n"),
        wheelchair: if o.wheelchair { "on".to_owned() } else { String::new() },
        accessibility: o.accessibility.clone(),
    }
}

#[component]
fn OfferEditor(offer: Option<OfferRow>, save: ServerAction<SaveOffer>) -> AnyView {
    let error = Signal::derive(move || action_error(save.value().get()));
    let id_value = offer.as_ref().map(|o| o.id.to_string()).unwrap_or_default();
    let is_new = offer.is_none();
    let form = offer
        .as_ref()
        .map(form_from_offer)
        .unwrap_or_else(|| OfferForm { price_unit: PriceUnit::Student.code().to_owned(), ..OfferForm::default() });
    view! {
        <section class="card" aria-labelledby="offer-form-title">
            <h2 id="offer-form-title">{t(if is_new { T::NewOffer } else { T::EditOffer })}</h2>
            <ErrorSummary error=error/>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="offer_id" value=id_value/>
                <fieldset>
                    <legend>{t(T::LegendWhat)}</legend>
                    <OfferWhatFields form=form.clone() error=error/>
                </fieldset>
                <fieldset>
                    <legend>{t(T::LegendWhere)}</legend>
                    <OfferWhereFields form=form.clone() error=error/>
                </fieldset>
                <fieldset>
                    <legend>{t(T::LegendTerms)}</legend>
                    <OfferTermsFields form=form error=error/>
                </fieldset>
                <button type="submit" class="button" disabled=move || save.pending().get()>{t(T::SaveOffer)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
fn OfferWhatFields(form: OfferForm, error: Signal<Option<AppError>>) -> AnyView {
    let mut disciplines: Vec<(String, String)> =
        Discipline::ALL.iter().map(|d| (d.code().to_owned(), t(discipline_name(*d)).to_owned())).collect();
    // An offer saved with several disciplines keeps them as one choice, so saving loses none.
    if form.disciplines.contains(',') {
        let label = form
            .disciplines
            .split(',')
            .filter_map(Discipline::from_code)
            .map(|d| t(discipline_name(d)))
            .collect::<Vec<_>>()
            .join(", ");
        disciplines.insert(0, (form.disciplines.clone(), label));
    }
    let mut levels: Vec<(String, String)> = LEVEL_CHOICES.iter().map(|l| (join_levels(l), levels_label(l))).collect();
    if !form.levels.is_empty() && !levels.iter().any(|(v, _)| *v == form.levels) {
        let parsed: Vec<i64> = form.levels.split(',').filter_map(|l| l.trim().parse().ok()).collect();
        levels.insert(0, (form.levels.clone(), levels_label(&parsed)));
    }
    let formats: Vec<(String, String)> =
        OfferFormat::ALL.iter().map(|f| (f.code().to_owned(), t(offer_format_name(*f)).to_owned())).collect();
    view! {
        <label for="of-title">{t(T::OfferTitle)}</label>
        <input id="of-title" name="offer[title]" required maxlength="120" value=form.title.clone() aria-describedby="title-error"/>
        <FieldProblem error=error field="title"/>
        <label for="of-description">{t(T::Description)}</label>
        <textarea id="of-description" name="offer[description]" required maxlength="5000" rows="8"
            aria-describedby="description-error" inner_html=textarea_text(&form.description)></textarea>
        <FieldProblem error=error field="description"/>
        <label for="of-disciplines">{t(T::Disciplines)}</label>
        <p class="hint" id="of-disciplines-hint">{t(T::DisciplinesHint)}</p>
        <select id="of-disciplines" name="offer[disciplines]" required aria-describedby="of-disciplines-hint disciplines-error">
            {select_options(disciplines, &form.disciplines)}
        </select>
        <FieldProblem error=error field="disciplines"/>
        <label for="of-levels">{t(T::Levels)}</label>
        <select id="of-levels" name="offer[levels]" required aria-describedby="levels-error">
            {select_options(levels, &form.levels)}
        </select>
        <FieldProblem error=error field="levels"/>
        <label for="of-format">{t(T::Format)}</label>
        <select id="of-format" name="offer[format]" required aria-describedby="format-error">
            {select_options(formats, &form.format)}
        </select>
        <FieldProblem error=error field="format"/>
    }
    .into_any()
}

#[component]
fn OfferWhereFields(form: OfferForm, error: Signal<Option<AppError>>) -> AnyView {
    let regions: Vec<(String, String)> = Region::ALL.iter().map(|r| (r.code().to_owned(), r.name().to_owned())).collect();
    view! {
        <label for="of-street">{t(T::Street)}</label>
        <input id="of-street" name="offer[street]" maxlength="200" autocomplete="street-address" value=form.street.clone()
            aria-describedby="street-error"/>
        <FieldProblem error=error field="street"/>
        <label for="of-postcode">{t(T::Postcode)}</label>
        <input id="of-postcode" name="offer[postcode]" maxlength="10" autocomplete="postal-code" value=form.postcode.clone()
            aria-describedby="postcode-error"/>
        <FieldProblem error=error field="postcode"/>
        <label for="of-city">{t(T::City)}</label>
        <p class="hint" id="of-city-hint">{t(T::CityHint)}</p>
        <input id="of-city" name="offer[city]" maxlength="100" autocomplete="address-level2" value=form.city.clone()
            aria-describedby="of-city-hint city-error"/>
        <FieldProblem error=error field="city"/>
        <label for="of-region">{t(T::Region)}</label>
        <select id="of-region" name="offer[region]" required aria-describedby="region-error">
            {select_options(regions, &form.region)}
        </select>
        <FieldProblem error=error field="region"/>
        <p class="hint" id="of-coordinates-hint">{t(T::CoordinatesHint)}</p>
        <label for="of-latitude">{t(T::Latitude)}</label>
        <input id="of-latitude" name="offer[latitude]" inputmode="decimal" maxlength="12" value=form.latitude.clone()
            aria-describedby="of-coordinates-hint latitude-error"/>
        <FieldProblem error=error field="latitude"/>
        <label for="of-longitude">{t(T::Longitude)}</label>
        <input id="of-longitude" name="offer[longitude]" inputmode="decimal" maxlength="12" value=form.longitude.clone()
            aria-describedby="of-coordinates-hint longitude-error"/>
        <FieldProblem error=error field="longitude"/>
    }
    .into_any()
}

#[component]
fn OfferTermsFields(form: OfferForm, error: Signal<Option<AppError>>) -> AnyView {
    let units: Vec<(String, String)> =
        PriceUnit::ALL.iter().map(|u| (u.code().to_owned(), t(price_unit_name(*u)).to_owned())).collect();
    let wheelchair = !form.wheelchair.is_empty();
    view! {
        <label for="of-duration">{t(T::DurationMinutes)}</label>
        <input id="of-duration" name="offer[duration_minutes]" type="number" min="1" step="1" inputmode="numeric" required
            value=form.duration_minutes.clone() aria-describedby="duration_minutes-error"/>
        <FieldProblem error=error field="duration_minutes"/>
        <label for="of-price">{t(T::Price)}</label>
        <p class="hint" id="of-price-hint">{t(T::PriceHint)}</p>
        <input id="of-price" name="offer[price]" inputmode="decimal" required maxlength="12" value=form.price.clone()
            aria-describedby="of-price-hint price-error"/>
        <FieldProblem error=error field="price"/>
        <label for="of-price-unit">{t(T::PriceUnit)}</label>
        <select id="of-price-unit" name="offer[price_unit]" required aria-describedby="price_unit-error">
            {select_options(units, &form.price_unit)}
        </select>
        <FieldProblem error=error field="price_unit"/>
        <label for="of-capacity">{t(T::Capacity)}</label>
        <input id="of-capacity" name="offer[capacity]" type="number" min="1" step="1" inputmode="numeric" required
            value=form.capacity.clone() aria-describedby="capacity-error"/>
        <FieldProblem error=error field="capacity"/>
        <label for="of-dates">{t(T::Dates)}</label>
        <p class="hint" id="of-dates-hint">{t(T::DatesHint)}</p>
        <textarea id="of-dates" name="offer[dates]" rows="4" aria-describedby="of-dates-hint dates-error"
            inner_html=textarea_text(&form.dates)></textarea>
        <FieldProblem error=error field="dates"/>
        <div class="checkbox">
            <input id="of-wheelchair" name="offer[wheelchair]" type="checkbox" value="on" checked=wheelchair/>
            <label for="of-wheelchair">{t(T::Wheelchair)}</label>
        </div>
        <label for="of-accessibility">{t(T::Accessibility)}</label>
        <textarea id="of-accessibility" name="offer[accessibility]" rows="3" maxlength="1000"
            aria-describedby="accessibility-error" inner_html=textarea_text(&form.accessibility)></textarea>
        <FieldProblem error=error field="accessibility"/>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Weborders
// ---------------------------------------------------------------------------------------------

/// The provider's weborders, filtered by status.
#[component]
pub fn ProviderWeborders() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let weborders = Resource::new(move || (status(), page()), |(s, p)| provider_weborders(s, p));
    view! {
        <Title text=t(T::Weborders)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/weborders"/>
            <h1>{t(T::Weborders)}</h1>
            <p class="lead">{t(T::WebordersIntro)}</p>
            <p><a class="button" href="/provider/weborders/new">{t(T::NewWeborder)}</a></p>
            <nav class="filters" aria-label=t(T::Filter)>
                <a href="/provider/weborders?status=" aria-current=move || status().is_empty().then_some("page")>{t(T::AllStatuses)}</a>
                {WeborderStatus::ALL.into_iter().map(|s| view! {
                    <a href=format!("/provider/weborders?status={}", s.code()) aria-current=move || (status() == s.code()).then_some("page")>
                        {t(weborder_status_name(s))}
                    </a>
                }).collect_view()}
            </nav>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || {
                    let extra = query_pair("status", &status());
                    Suspend::new(async move { paged_list(weborders.await, T::WebordersEmpty, "/provider/weborders", extra, weborder_row) })
                }}
            </Suspense>
        </PortalLayout>
    }
}

/// One weborder in the provider's list.
fn weborder_row(w: WeborderRow) -> AnyView {
    view! {
        <div class="row-main">
            <strong><a href=format!("/provider/weborders/{}", w.id)>{w.offer_title.clone()}</a></strong>
            <span class=format!("badge badge-weborder-{}", w.status.code())>{t(weborder_status_name(w.status))}</span>
            <span>{format!("{} · {}: {}", w.location_name, t(T::CjpSchoolNumber), w.cjp_school_number)}</span>
            <span>{format!("{}: {} · {}: {}", t(T::ActivityDate), w.activity_date, t(T::Students), w.students)}</span>
            <span><strong>{w.amount.display_nl()}</strong></span>
        </div>
    }
    .into_any()
}

/// Making a weborder: find the school location by its CJP school number, then fill in the order.
#[component]
pub fn ProviderNewWeborder() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let cjp = move || query.with(|q| q.get("cjp").unwrap_or_default()).trim().to_owned();
    let request = move || query.with(|q| q.get("request").unwrap_or_default());
    let offer = move || query.with(|q| q.get("offer").unwrap_or_default());
    let create = ServerAction::<CreateWeborder>::new();
    let school = Resource::new(cjp, |code| async move {
        if code.is_empty() {
            Ok(None)
        } else {
            lookup_school(code).await
        }
    });
    let offers = Resource::new(
        move || !cjp().is_empty(),
        |wanted| async move {
            if wanted {
                provider_offers("published".to_owned(), 1).await.map(|p| p.rows)
            } else {
                Ok(Vec::new())
            }
        },
    );
    let from_request = Resource::new(
        move || request().trim().parse::<i64>().ok(),
        |id| async move {
            match id {
                Some(id) => provider_request(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=t(T::NewWeborder)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/weborders"/>
            <h1>{t(T::NewWeborder)}</h1>
            <p class="lead">{t(T::NewWeborderIntro)}</p>
            <form method="get" action="/provider/weborders/new" class="form">
                <input type="hidden" name="request" value=request/>
                <input type="hidden" name="offer" value=offer/>
                <label for="cjp">{t(T::CjpSchoolNumber)}</label>
                <div class="inline-fields">
                    <input id="cjp" name="cjp" required maxlength="32" autocomplete="off" spellcheck="false" value=cjp/>
                    <button type="submit" class="button">{t(T::FindSchool)}</button>
                </div>
            </form>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || {
                    let (code, request_id, offer_id) = (cjp(), request(), offer());
                    Suspend::new(async move {
                        let found = school.await;
                        let offer_list = offers.await;
                        let prefill = from_request.await.ok().flatten().map(|thread| thread.request);
                        if code.is_empty() {
                            return ().into_any();
                        }
                        match found {
                            Err(e) => load_error(&e),
                            Ok(None) => view! {
                                <div class="alert alert-error" role="alert"><p>{t(T::ErrUnknownSchool)}</p></div>
                            }.into_any(),
                            Ok(Some(name)) => view! {
                                <div class="alert alert-success" role="status">
                                    <p>{t(T::SchoolFound)}" "<strong>{name}</strong></p>
                                </div>
                                <NewWeborderForm cjp=code request_id=request_id offer_id=offer_id offers=offer_list prefill=prefill create=create/>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn NewWeborderForm(
    cjp: String,
    request_id: String,
    offer_id: String,
    offers: Result<Vec<OfferRow>, AppError>,
    prefill: Option<RequestRow>,
    create: ServerAction<CreateWeborder>,
) -> AnyView {
    let offers = match offers {
        Err(e) => return load_error(&e),
        Ok(list) if list.is_empty() => {
            return view! {
                <div class="alert alert-warning" role="status">
                    <p>{t(T::NoPublishedOffers)}" "<a href="/provider/offers">{t(T::Offers)}</a></p>
                </div>
            }
            .into_any()
        }
        Ok(list) => list,
    };
    let error = Signal::derive(move || action_error(create.value().get()));
    let (teacher_name, teacher_email, students) =
        prefill.map(|r| (r.teacher_name, r.teacher_email, r.students.to_string())).unwrap_or_default();
    let choices: Vec<(String, String)> = offers.into_iter().map(|o| (o.id.to_string(), o.title)).collect();
    view! {
        <section class="card" aria-labelledby="wo-form-title">
            <h2 id="wo-form-title">{t(T::WeborderDetails)}</h2>
            <ErrorSummary error=error/>
            <ActionForm action=create attr:class="form">
                <input type="hidden" name="weborder[cjp_school_number]" value=cjp/>
                <input type="hidden" name="weborder[request_id]" value=request_id/>
                <input type="hidden" name="weborder[client_key]" value=""/>
                <FieldProblem error=error field="cjp_school_number"/>
                <label for="wo-offer">{t(T::Offer)}</label>
                <select id="wo-offer" name="weborder[offer_id]" required aria-describedby="offer_id-error">
                    {select_options(choices, &offer_id)}
                </select>
                <FieldProblem error=error field="offer_id"/>
                <label for="wo-date">{t(T::ActivityDate)}</label>
                <input id="wo-date" name="weborder[activity_date]" type="date" required aria-describedby="activity_date-error"/>
                <FieldProblem error=error field="activity_date"/>
                <label for="wo-students">{t(T::StudentsCount)}</label>
                <input id="wo-students" name="weborder[students]" type="number" min="1" max="10000" step="1" inputmode="numeric"
                    required value=students aria-describedby="students-error"/>
                <FieldProblem error=error field="students"/>
                <label for="wo-amount">{t(T::Amount)}</label>
                <p class="hint" id="wo-amount-hint">{t(T::WeborderAmountHint)}</p>
                <input id="wo-amount" name="weborder[amount]" inputmode="decimal" required maxlength="12"
                    aria-describedby="wo-amount-hint amount-error"/>
                <FieldProblem error=error field="amount"/>
                <label for="wo-teacher">{t(T::TeacherName)}</label>
                <input id="wo-teacher" name="weborder[teacher_name]" required maxlength="200" value=teacher_name
                    aria-describedby="teacher_name-error"/>
                <FieldProblem error=error field="teacher_name"/>
                <label for="wo-teacher-email">{t(T::TeacherEmail)}</label>
                <input id="wo-teacher-email" name="weborder[teacher_email]" type="email" required maxlength="254" value=teacher_email
                    aria-describedby="teacher_email-error"/>
                <FieldProblem error=error field="teacher_email"/>
                <p class="hint">{t(T::SendWeborderHint)}</p>
                <button type="submit" class="button" disabled=move || create.pending().get()>{t(T::SendWeborder)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// One weborder (`/provider/weborders/:id`): where it stands, its history, and cancelling it.
#[component]
pub fn ProviderWeborderPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let cancel = ServerAction::<CancelWeborder>::new();
    let detail = Resource::new(move || (id(), query.with(|q| q.get("done"))), |(id, _)| provider_weborder(id));
    let confirm = Signal::derive(move || query.with(|q| q.get("confirm_cancel")).is_some_and(|v| v == "1"));
    let error = Signal::derive(move || action_error(cancel.value().get()));
    view! {
        <Title text=t(T::Weborder)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/weborders"/>
            <p><a href="/provider/weborders" class="button-link">{t(T::BackToList)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[("created", T::WeborderCreated), ("cancelled", T::WeborderCancelled)])}
            <ErrorSummary error=error/>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => load_error(&e),
                        Ok(d) => view! { <WeborderDetailView detail=d confirm=confirm cancel=cancel error=error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn WeborderDetailView(
    detail: ProviderWeborderDetail,
    confirm: Signal<bool>,
    cancel: ServerAction<CancelWeborder>,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let ProviderWeborderDetail { weborder: w, history } = detail;
    let id = w.id;
    let cancellable = w.status == WeborderStatus::Approved && w.payout_batch.is_none();
    view! {
        <section class="card" aria-labelledby="wo-title">
            <h1 id="wo-title">{format!("{} {} · {}", t(T::Weborder), w.id, w.offer_title)}</h1>
            <p><span class=format!("badge badge-weborder-{}", w.status.code())>{t(weborder_status_name(w.status))}</span></p>
            <dl class="facts">
                <dt>{t(T::Location)}</dt>
                <dd>{format!("{} ({}: {})", w.location_name, t(T::CjpSchoolNumber), w.cjp_school_number)}</dd>
                <dt>{t(T::ActivityDate)}</dt><dd>{w.activity_date.clone()}</dd>
                <dt>{t(T::Students)}</dt><dd>{w.students}</dd>
                <dt>{t(T::Amount)}</dt><dd>{w.amount.display_nl()}</dd>
                <dt>{t(T::RoleTeacher)}</dt><dd>{format!("{} ({})", w.teacher_name, w.teacher_email)}</dd>
                <dt>{t(T::Created)}</dt><dd>{format_local(w.created_at_ms)}</dd>
                {(!w.reason.is_empty()).then(|| view! { <dt>{t(T::Reason)}</dt><dd>{w.reason.clone()}</dd> })}
                {(w.status == WeborderStatus::Pending).then(|| view! {
                    <dt>{t(T::DecideBy)}</dt><dd>{format_local(w.approve_by_ms)}</dd>
                })}
                {w.cooling_until_ms.map(|ms| view! { <dt>{t(T::CoolingOffUntil)}</dt><dd>{format_local(ms)}</dd> })}
                {w.payout_batch.clone().map(|b| view! { <dt>{t(T::PayoutBatch)}</dt><dd>{b}</dd> })}
            </dl>
        </section>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t(T::History)}</h2>
            <ul class="rows">
                {history.into_iter().map(|h| {
                    let when = match &h.actor {
                        Some(a) => format!("{} · {a}", format_local(h.at_ms)),
                        None => format_local(h.at_ms),
                    };
                    let reason = (!h.reason.is_empty()).then(|| format!("{}: {}", t(T::Reason), h.reason));
                    view! {
                        <li class="row-card">
                            <div class="row-main">
                                <strong>{t(weborder_status_name(h.to))}</strong>
                                <span class="muted">{when}</span>
                                {reason.map(|r| view! { <span>{r}</span> })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {cancellable.then(|| view! { {move || cancel_block(id, confirm.get(), cancel, error)} })}
    }
    .into_any()
}

/// The cancel link, or after it the warning with the cancel form.
fn cancel_block(id: i64, confirm: bool, cancel: ServerAction<CancelWeborder>, error: Signal<Option<AppError>>) -> AnyView {
    if !confirm {
        return view! {
            <p><a class="button-link danger-link" href=format!("/provider/weborders/{id}?confirm_cancel=1")>{t(T::CancelWeborder)}</a></p>
        }
        .into_any();
    }
    view! {
        <section class="alert alert-warning" role="alertdialog" aria-labelledby="cancel-text">
            <p id="cancel-text"><strong>{t(T::CancelWeborderWarning)}</strong></p>
            <ActionForm action=cancel attr:class="form">
                <input type="hidden" name="weborder_id" value=id.to_string()/>
                <label for="cancel-reason">{t(T::Reason)}</label>
                <textarea id="cancel-reason" name="reason" required maxlength="500" rows="3" aria-describedby="reason-error"></textarea>
                <FieldProblem error=error field="reason"/>
                <button type="submit" class="button button-danger" disabled=move || cancel.pending().get()>{t(T::YesCancelWeborder)}</button>
            </ActionForm>
            <a href=format!("/provider/weborders/{id}") class="button-link">{t(T::Cancel)}</a>
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// The requests teachers sent the provider, most recently active first.
#[component]
pub fn ProviderRequests() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let requests = Resource::new(page, provider_requests);
    view! {
        <Title text=t(T::Requests)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/requests"/>
            <h1>{t(T::Requests)}</h1>
            <p class="lead">{t(T::RequestsIntro)}</p>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    paged_list(requests.await, T::RequestsEmpty, "/provider/requests", String::new(), request_row)
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One request in the provider's list.
fn request_row(r: RequestRow) -> AnyView {
    view! {
        <div class="row-main">
            <strong><a href=format!("/provider/requests/{}", r.id)>{r.offer_title.clone()}</a></strong>
            <span class=format!("badge badge-request-{}", r.status)>{t(request_status_name(&r.status))}</span>
            <span>{format!("{}: {}", t(T::RoleTeacher), r.teacher_name)}</span>
            <span>{format!("{} · {}: {}", r.location_name, t(T::CjpSchoolNumber), r.cjp_school_number)}</span>
            <span>{format!("{}: {} · {}: {}", t(T::Students), r.students, t(T::PreferredDates), r.preferred_dates)}</span>
            <span class="muted">{format!("{}: {}", t(T::LastChanged), format_local(r.updated_at_ms))}</span>
        </div>
    }
    .into_any()
}

/// One request thread (`/provider/requests/:id`): messages, a reply, closing it, and making a
/// weborder from it.
#[component]
pub fn ProviderRequestPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let reply = ServerAction::<ProviderReply>::new();
    // Refetch after a successful reply only: a failed one must not wipe the typed message.
    let replied = move || reply.value().with(|v| matches!(v, Some(Ok(())))).then(|| reply.version().get());
    let thread = Resource::new(move || (id(), query.with(|q| q.get("done")), replied()), |(id, ..)| provider_request(id));
    let error = Signal::derive(move || action_error(reply.value().get()));
    view! {
        <Title text=t(T::Request)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/requests"/>
            <p><a href="/provider/requests" class="button-link">{t(T::BackToList)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[("sent", T::ReplyDone)])}
            <ErrorSummary error=error/>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match thread.await {
                        Err(e) => load_error(&e),
                        Ok(th) => view! { <RequestThreadView thread=th reply=reply error=error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn RequestThreadView(thread: RequestThread, reply: ServerAction<ProviderReply>, error: Signal<Option<AppError>>) -> AnyView {
    let RequestThread { request: r, messages } = thread;
    let id = r.id;
    let closed = r.status == "closed";
    let can_convert = !matches!(r.status.as_str(), "closed" | "converted");
    let weborder_href =
        format!("/provider/weborders/new?cjp={}&request={id}&offer={}", encode_query(&r.cjp_school_number), r.offer_id);
    view! {
        <section class="card" aria-labelledby="request-title">
            <h1 id="request-title">{format!("{}: {}", t(T::Request), r.offer_title)}</h1>
            <p><span class=format!("badge badge-request-{}", r.status)>{t(request_status_name(&r.status))}</span></p>
            <dl class="facts">
                <dt>{t(T::RoleTeacher)}</dt><dd>{format!("{} ({})", r.teacher_name, r.teacher_email)}</dd>
                <dt>{t(T::Location)}</dt><dd>{format!("{} ({}: {})", r.location_name, t(T::CjpSchoolNumber), r.cjp_school_number)}</dd>
                <dt>{t(T::Students)}</dt><dd>{r.students}</dd>
                <dt>{t(T::PreferredDates)}</dt><dd>{r.preferred_dates.clone()}</dd>
                <dt>{t(T::LastChanged)}</dt><dd>{format_local(r.updated_at_ms)}</dd>
            </dl>
            {can_convert.then(|| view! { <p><a class="button" href=weborder_href>{t(T::MakeWeborderFromRequest)}</a></p> })}
        </section>
        <section class="card" aria-labelledby="messages-title">
            <h2 id="messages-title">{t(T::Messages)}</h2>
            {if messages.is_empty() {
                view! { <p class="empty">{t(T::NoMessages)}</p> }.into_any()
            } else {
                view! {
                    <ul class="messages">
                        {messages.into_iter().map(|m| {
                            let class = if m.from_provider { "message message-provider" } else { "message" };
                            view! {
                                <li class=class>
                                    <p class="message-meta"><strong>{m.author}</strong>" · "<span class="muted">{format_local(m.at_ms)}</span></p>
                                    <p class="message-body">{m.body}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!closed).then(|| view! { <RequestReplyForms id=id reply=reply error=error/> })}
    }
    .into_any()
}

#[component]
fn RequestReplyForms(id: i64, reply: ServerAction<ProviderReply>, error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title">{t(T::Reply)}</h2>
            <ActionForm action=reply attr:class="form">
                <input type="hidden" name="request_id" value=id.to_string()/>
                <input type="hidden" name="close" value=""/>
                <label for="reply-message">{t(T::YourMessage)}</label>
                <textarea id="reply-message" name="message" required maxlength=MAX_MESSAGE_CHARS.to_string() rows="5"
                    aria-describedby="message-error"></textarea>
                <FieldProblem error=error field="message"/>
                <button type="submit" class="button" disabled=move || reply.pending().get()>{t(T::SendReply)}</button>
            </ActionForm>
            <p class="hint">{t(T::CloseRequestHint)}</p>
            <ActionForm action=reply attr:class="inline-form">
                <input type="hidden" name="request_id" value=id.to_string()/>
                <input type="hidden" name="message" value=""/>
                <input type="hidden" name="close" value="1"/>
                <button type="submit" class="button-link danger-link" disabled=move || reply.pending().get()>{t(T::CloseRequest)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Payouts and API keys
// ---------------------------------------------------------------------------------------------

/// The provider's payout statements, newest first.
#[component]
pub fn ProviderPayouts() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let payouts = Resource::new(page, provider_payouts);
    view! {
        <Title text=t(T::Payouts)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/payouts"/>
            <h1>{t(T::Payouts)}</h1>
            <p class="lead">{t(T::ProviderPayoutsIntro)}</p>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    paged_list(payouts.await, T::PayoutsEmpty, "/provider/payouts", String::new(), payout_row)
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One payout batch in the provider's list, with its statement downloads.
fn payout_row(b: PayoutBatchRow) -> AnyView {
    let id = b.id;
    view! {
        <div class="row-main">
            <strong>{format!("{} {}", t(T::PayoutBatch), b.number)}</strong>
            <span class=format!("badge badge-payout-{}", b.status)>{t(payout_status_name(&b.status))}</span>
            <span>{format!("{}: {}", t(T::ExecutionDate), b.execution_date)}</span>
            <span><strong>{b.total.display_nl()}</strong>{format!(" · {}: {}", t(T::Weborders), b.weborders)}</span>
            <span class="downloads">
                <a href=format!("/provider/payouts/{id}/statement.pdf") rel="external" download>{t(T::StatementPdf)}</a>
                " · "
                <a href=format!("/provider/payouts/{id}/statement.csv") rel="external" download>{t(T::StatementCsv)}</a>
            </span>
        </div>
    }
    .into_any()
}

/// The provider's API keys: how the API works, the keys, making and revoking them.
#[component]
pub fn ProviderApiKeys() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (query.with(|q| q.get("done")), create.version().get(), revoke.version().get()),
        |_| provider_api_keys(),
    );
    let create_error = Signal::derive(move || action_error(create.value().get()));
    let revoke_error = Signal::derive(move || action_error(revoke.value().get()));
    let new_key = move || create.value().get().and_then(Result::ok);
    view! {
        <Title text=t(T::ApiTitle)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/api"/>
            <h1>{t(T::ApiTitle)}</h1>
            <p class="lead">{t(T::ApiIntro)}</p>
            <p><code>{t(T::ApiAuthHeader)}</code></p>
            <p><a href="/api/v1/openapi.json" rel="external">{t(T::ApiSpec)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[("revoked", T::ApiKeyRevoked)])}
            {move || new_key().map(|k| view! {
                <div class="alert alert-warning" role="status">
                    <p><strong>{t(T::NewKeyWarning)}</strong></p>
                    <p><code class="api-key">{k.key}</code></p>
                </div>
            })}
            <section class="card" aria-labelledby="new-key-title">
                <h2 id="new-key-title">{t(T::CreateKey)}</h2>
                <p class="hint">{t(T::CreateKeyJsHint)}</p>
                <ErrorSummary error=create_error/>
                <ActionForm action=create attr:class="form">
                    <label for="key-label">{t(T::KeyLabel)}</label>
                    <p class="hint" id="key-label-hint">{t(T::KeyLabelHint)}</p>
                    <input id="key-label" name="label" required maxlength="100" autocomplete="off" aria-describedby="key-label-hint label-error"/>
                    <FieldProblem error=create_error field="label"/>
                    <button type="submit" class="button" disabled=move || create.pending().get()>{t(T::CreateKey)}</button>
                </ActionForm>
            </section>
            <h2>{t(T::ApiKeys)}</h2>
            <ErrorSummary error=revoke_error/>
            <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::ApiKeysEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="rows">{list.into_iter().map(|k| api_key_row(k, revoke)).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One API key: its prefix, label and use, and the revoke button while it is active.
fn api_key_row(k: ApiKeyRow, revoke: ServerAction<RevokeApiKey>) -> AnyView {
    let id = k.id;
    let used = k
        .last_used_at_ms
        .map(|ms| format!("{}: {}", t(T::LastUsed), format_local(ms)))
        .unwrap_or_else(|| t(T::NeverUsed).to_owned());
    let revoke_label = format!("{} {}", t(T::Revoke), k.label);
    view! {
        <li class="row-card">
            <div class="row-main">
                <strong><code>{format!("{}…", k.prefix)}</code></strong>
                <span>{k.label.clone()}</span>
                <span class="muted">{format!("{}: {}", t(T::Created), format_local(k.created_at_ms))}</span>
                <span class="muted">{used}</span>
                {k.revoked_at_ms.map(|ms| view! {
                    <span class="badge badge-revoked">{format!("{} {}", t(T::Revoked), format_local(ms))}</span>
                })}
            </div>
            {k.revoked_at_ms.is_none().then(|| view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="key_id" value=id.to_string()/>
                    <button type="submit" class="button-link danger-link" aria-label=revoke_label
                        disabled=move || revoke.pending().get()>{t(T::Revoke)}</button>
                </ActionForm>
            })}
        </li>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Public sign-up
// ---------------------------------------------------------------------------------------------

/// The public sign-up for cultural providers (`/provider/signup`).
#[component]
pub fn ProviderSignup() -> impl IntoView {
    let query = use_query_map();
    let signup = ServerAction::<SignupAction>::new();
    let error = Signal::derive(move || action_error(signup.value().get()));
    let done = move || query.with(|q| q.get("done")).is_some_and(|d| d == "signed_up");
    view! {
        <Title text=t(T::SignupTitle)/>
        <PublicLayout>
            <div class="narrow">
                <h1>{t(T::SignupTitle)}</h1>
                {move || if done() {
                    view! { <div class="alert alert-success" role="status"><p>{t(T::SignedUpText)}</p></div> }.into_any()
                } else {
                    view! { <SignupFormView signup=signup error=error/> }.into_any()
                }}
            </div>
        </PublicLayout>
    }
}

#[component]
fn SignupFormView(signup: ServerAction<SignupAction>, error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <p class="lead">{t(T::SignupIntro)}</p>
        <p class="hint">{t(T::SignupNextSteps)}</p>
        <ErrorSummary error=error/>
        <ActionForm action=signup attr:class="form">
            <fieldset>
                <legend>{t(T::YourOrganisation)}</legend>
                <SignupOrganisationFields error=error/>
            </fieldset>
            <fieldset>
                <legend>{t(T::BankAccount)}</legend>
                <SignupBankFields error=error/>
            </fieldset>
            <fieldset>
                <legend>{t(T::ContactPerson)}</legend>
                <SignupContactFields error=error/>
            </fieldset>
            <div class="checkbox">
                <input id="su-terms" name="signup[terms]" type="checkbox" value="on" required aria-describedby="terms-error"/>
                <label for="su-terms">{t(T::AcceptTerms)}</label>
            </div>
            <FieldProblem error=error field="terms"/>
            <button type="submit" class="button" disabled=move || signup.pending().get()>{t(T::SignupSubmit)}</button>
        </ActionForm>
        <p><a href="/login">{t(T::Login)}</a></p>
    }
    .into_any()
}

#[component]
fn SignupOrganisationFields(error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <label for="su-organisation">{t(T::Organisation)}</label>
        <input id="su-organisation" name="signup[organisation]" required maxlength="200" autocomplete="organization"
            aria-describedby="organisation-error"/>
        <FieldProblem error=error field="organisation"/>
        <label for="su-kvk">{t(T::KvkNumber)}</label>
        <p class="hint" id="su-kvk-hint">{t(T::KvkHint)}</p>
        <input id="su-kvk" name="signup[kvk_number]" required inputmode="numeric" maxlength="12" autocomplete="off"
            aria-describedby="su-kvk-hint kvk_number-error"/>
        <FieldProblem error=error field="kvk_number"/>
        <label for="su-vat">{t(T::VatNumber)}</label>
        <input id="su-vat" name="signup[vat_number]" maxlength="20" autocomplete="off" spellcheck="false" aria-describedby="vat_number-error"/>
        <FieldProblem error=error field="vat_number"/>
        <label for="su-city">{t(T::City)}</label>
        <input id="su-city" name="signup[city]" required maxlength="100" autocomplete="address-level2" aria-describedby="city-error"/>
        <FieldProblem error=error field="city"/>
        <label for="su-website">{t(T::Website)}</label>
        <p class="hint" id="su-website-hint">{t(T::WebsiteHint)}</p>
        <input id="su-website" name="signup[website]" type="url" maxlength="200" autocomplete="url"
            aria-describedby="su-website-hint website-error"/>
        <FieldProblem error=error field="website"/>
    }
    .into_any()
}

#[component]
fn SignupBankFields(error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <p class="hint" id="su-iban-hint">{t(T::IbanHint)}</p>
        <label for="su-iban">{t(T::Iban)}</label>
        <input id="su-iban" name="signup[iban]" required maxlength="42" autocomplete="off" spellcheck="false"
            aria-describedby="su-iban-hint iban-error"/>
        <FieldProblem error=error field="iban"/>
        <label for="su-holder">{t(T::AccountHolder)}</label>
        <input id="su-holder" name="signup[account_holder]" required maxlength="70" aria-describedby="account_holder-error"/>
        <FieldProblem error=error field="account_holder"/>
    }
    .into_any()
}

#[component]
fn SignupContactFields(error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <label for="su-contact-name">{t(T::ContactName)}</label>
        <input id="su-contact-name" name="signup[contact_name]" required maxlength="200" autocomplete="name"
            aria-describedby="contact_name-error"/>
        <FieldProblem error=error field="contact_name"/>
        <label for="su-contact-email">{t(T::ContactEmail)}</label>
        <p class="hint" id="su-contact-email-hint">{t(T::ContactEmailHint)}</p>
        <input id="su-contact-email" name="signup[contact_email]" type="email" required maxlength="254" autocomplete="email"
            aria-describedby="su-contact-email-hint contact_email-error"/>
        <FieldProblem error=error field="contact_email"/>
        <label for="su-contact-phone">{t(T::Phone)}</label>
        <input id="su-contact-phone" name="signup[contact_phone]" type="tel" maxlength="30" autocomplete="tel"
            aria-describedby="contact_phone-error"/>
        <FieldProblem error=error field="contact_phone"/>
    }
    .into_any()
}
