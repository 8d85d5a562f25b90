//! A provider's offers: the list, one offer with its pictures, and the editor.

use super::{select_options, ProviderNav};
use crate::api::provider::{provider_offer, provider_offers, SaveOffer, SetOfferStatus};
use crate::components::forms::{action_error, done_notice, load_error, loading, textarea_text, url_error};
use crate::components::pager::{page_param, paged_list, query_pair};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{dates_text, discipline_name, offer_format_name, offer_status_name, price_unit_name, t, T};
use domain::offer::{Discipline, OfferForm, OfferFormat, OfferRow, OfferStatus, PriceUnit, Region, LEVELS};
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

/// The provider's offers, filtered by status.
#[component]
pub fn ProviderOffers() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let offers = Resource::new(move || (status(), page()), |(s, p)| provider_offers(OfferStatus::from_code(&s), p));
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
            <Suspense fallback=loading>
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
            <Suspense fallback=loading>
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
    let dates = if offer.on_request || offer.dates.is_empty() { t(T::OnRequest).to_owned() } else { dates_text(&offer.dates) };
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
