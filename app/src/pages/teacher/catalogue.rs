//! The teacher portal's catalogue: search (a GET form that works without JavaScript and
//! filters as you change it with), an offer's page with the Docent+'s request form, and the
//! teacher's request threads.

use super::TeacherNav;
use crate::api::catalogue::{
    catalogue_offer, catalogue_search, teacher_request, teacher_requests, OfferForTeacher, SendRequest, TeacherReply,
};
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::pager::{page_param, paged, paged_list, ListAt};
use crate::components::{encode_query, ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{
    date_text, dates_text, discipline_name, offer_format_name, price_unit_name, request_status_name, t, weborder_status_name, T,
};
use crate::islands::SubmitOnChange;
use domain::offer::{Discipline, OfferFormat, OfferRow, Region, SearchForm, SortOrder, LEVELS};
use domain::offer_request::{RequestBooking, RequestRow, RequestThread};
use domain::time::format_local;
use domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

/// The search fields of the query string.
const FIELDS: [&str; 12] = [
    "q",
    "discipline",
    "level",
    "format",
    "region",
    "min_price",
    "max_price",
    "date_from",
    "date_to",
    "wheelchair",
    "max_km",
    "sort",
];

fn search_form(q: &ParamsMap) -> SearchForm {
    let get = |k: &str| q.get(k).unwrap_or_default();
    SearchForm {
        q: get("q"),
        discipline: get("discipline"),
        level: get("level"),
        format: get("format"),
        region: get("region"),
        min_price: get("min_price"),
        max_price: get("max_price"),
        date_from: get("date_from"),
        date_to: get("date_to"),
        wheelchair: get("wheelchair"),
        max_km: get("max_km"),
        sort: get("sort"),
        page: get("page"),
    }
}

/// The catalogue search.
#[component]
pub fn TeacherCatalogue() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let results = Resource::new(move || query.with(search_form), catalogue_search);
    view! {
        <Title text=t(T::Catalogue)/>
        <PortalLayout portal=Portal::Teacher>
            <TeacherNav current="/teacher/catalogue"/>
            <h1>{t(T::Catalogue)}</h1>
            <p class="lead">{t(T::CatalogueIntro)}</p>
            {move || view! { <SearchFields form=query.with(search_form)/> }}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let extra = query.with(|q| search_query(q, &FIELDS));
                    // An offer's page leads back to this list as it is: its search and page.
                    let back = query.with(|q| search_query(q, &[&FIELDS[..], &["page"]].concat()));
                    let (capped, offers) = match results.await {
                        Ok(r) => (r.more, Ok(r.offers)),
                        Err(e) => (false, Err(e)),
                    };
                    paged(offers, T::NoOffers, ListAt { capped, ..ListAt::new("/teacher/catalogue", extra) }, move |_, rows| view! {
                        <ul class="rows offer-list">
                            {rows.into_iter().map(|o| view! { <li class="row-card">{offer_card(o, &back)}</li> }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// `fields` of the query string that have a value, as a query string (`q=dans&level=2`).
fn search_query(q: &ParamsMap, fields: &[&str]) -> String {
    fields
        .iter()
        .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", encode_query(&v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// `path`, with `query` if there is one.
fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

fn option(value: &str, label: &str, selected: &str) -> AnyView {
    view! { <option value=value.to_owned() selected={value == selected}>{label.to_owned()}</option> }.into_any()
}

#[component]
fn SearchFields(form: SearchForm) -> AnyView {
    view! {
        <SubmitOnChange>
        <form method="get" action="/teacher/catalogue" class="form search-form" role="search">
            <label for="q">{t(T::SearchWords)}</label>
            <input id="q" name="q" type="search" value=form.q.clone() maxlength="200"/>
            <details open={!form.discipline.is_empty() || !form.level.is_empty() || !form.format.is_empty() || !form.region.is_empty()}>
                <summary>{t(T::Filter)}</summary>
                <label for="discipline">{t(T::DisciplineLabel)}</label>
                <select id="discipline" name="discipline">
                    {option("", t(T::AnyChoice), &form.discipline)}
                    {Discipline::ALL.iter().map(|d| option(d.code(), t(discipline_name(*d)), &form.discipline)).collect_view()}
                </select>
                <label for="level">{t(T::LevelLabel)}</label>
                <select id="level" name="level">
                    {option("", t(T::AnyChoice), &form.level)}
                    {LEVELS.iter().map(|l| option(&l.to_string(), &format!("{} {l}", t(T::LevelLabel)), &form.level)).collect_view()}
                </select>
                <label for="format">{t(T::FormatLabel)}</label>
                <select id="format" name="format">
                    {option("", t(T::AnyChoice), &form.format)}
                    {OfferFormat::ALL.iter().map(|f| option(f.code(), t(offer_format_name(*f)), &form.format)).collect_view()}
                </select>
                <label for="region">{t(T::RegionLabel)}</label>
                <select id="region" name="region">
                    {option("", t(T::AnyChoice), &form.region)}
                    {Region::ALL.iter().map(|r| option(r.code(), r.name(), &form.region)).collect_view()}
                </select>
                <label for="min_price">{t(T::MinPrice)}</label>
                <input id="min_price" name="min_price" inputmode="decimal" value=form.min_price.clone()/>
                <label for="max_price">{t(T::MaxPrice)}</label>
                <input id="max_price" name="max_price" inputmode="decimal" value=form.max_price.clone()/>
                <label for="date_from">{t(T::DateFrom)}</label>
                <input id="date_from" name="date_from" type="date" value=form.date_from.clone()/>
                <label for="date_to">{t(T::DateTo)}</label>
                <input id="date_to" name="date_to" type="date" value=form.date_to.clone()/>
                <label for="max_km">{t(T::MaxDistance)}</label>
                <input id="max_km" name="max_km" type="number" min="1" max="500" inputmode="numeric" value=form.max_km.clone()/>
                <label class="check"><input type="checkbox" name="wheelchair" value="on" checked={form.wheelchair == "on"}/>" "{t(T::WheelchairAccessible)}</label>
            </details>
            <label for="sort">{t(T::SortBy)}</label>
            <select id="sort" name="sort">
                {[(SortOrder::Relevance, T::SortRelevance), (SortOrder::Distance, T::SortDistance), (SortOrder::PriceLow, T::SortPrice), (SortOrder::Date, T::SortDate), (SortOrder::Newest, T::SortNewest)]
                    .into_iter().map(|(s, k)| option(s.code(), t(k), &form.sort)).collect_view()}
            </select>
            <button type="submit" class="button">{t(T::Search)}</button>
        </form>
        </SubmitOnChange>
    }
    .into_any()
}

/// An offer in the list; its link carries the list's search (`back`) for the way back.
fn offer_card(o: OfferRow, back: &str) -> AnyView {
    let facts = [
        o.disciplines.iter().map(|d| t(discipline_name(*d))).collect::<Vec<_>>().join(", "),
        format!("{} {}", t(T::LevelLabel), o.levels.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")),
        t(offer_format_name(o.format)).to_owned(),
        if o.city.is_empty() { o.region.name().to_owned() } else { format!("{}, {}", o.city, o.region.name()) },
    ]
    .join(" · ");
    view! {
        <div class="row-main">
            <a href=with_query(&format!("/teacher/catalogue/{}", o.id), back)><strong>{o.title.clone()}</strong></a>
            <span>{o.provider_name.clone()}</span>
            <span>{facts}</span>
            <span>
                <strong>{o.price.display_nl()}</strong>" "{t(price_unit_name(o.price_unit))}
                {o.distance_m.map(|m| format!(" · {} {}", distance_text(m), t(T::DistanceAway)))}
                {o.on_request.then(|| format!(" · {}", t(T::OnRequest)))}
            </span>
        </div>
    }
    .into_any()
}

fn distance_text(metres: i64) -> String {
    if metres < 1_000 {
        format!("{metres} m")
    } else {
        format!("{},{} km", metres / 1_000, metres % 1_000 / 100)
    }
}

/// One offer, with the Docent+'s request form.
#[component]
pub fn TeacherOffer() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let send = ServerAction::<SendRequest>::new();
    let offer = Resource::new(id, catalogue_offer);
    // Back to the list with the search the teacher came from (only the search's own fields).
    let back = move || with_query("/teacher/catalogue", &query.with(|q| search_query(q, &[&FIELDS[..], &["page"]].concat())));
    let error = Signal::derive(move || action_error(send.value().get()));
    view! {
        <Title text=t(T::Catalogue)/>
        <PortalLayout portal=Portal::Teacher>
            <TeacherNav current="/teacher/catalogue"/>
            <p><a href=back>{t(T::BackToList)}</a></p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match offer.await {
                        Err(e) => load_error(&e),
                        Ok(o) => view! { <OfferDetail offer=o send=send error=error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn OfferDetail(offer: OfferForTeacher, send: ServerAction<SendRequest>, error: Signal<Option<domain::AppError>>) -> AnyView {
    let OfferForTeacher { offer: o, request_locations } = offer;
    let id = o.id;
    view! {
        <h1>{o.title.clone()}</h1>
        <p class="lead">{o.provider_name.clone()}</p>
        <ul class="pictures">
            {o.images.iter().map(|img| view! { <li><img src=format!("/offers/images/{}", img.id) alt=img.alt.clone() loading="lazy"/></li> }).collect_view()}
        </ul>
        <p class="description">{o.description.clone()}</p>
        <dl class="facts">
            <dt>{t(T::DisciplineLabel)}</dt><dd>{o.disciplines.iter().map(|d| t(discipline_name(*d))).collect::<Vec<_>>().join(", ")}</dd>
            <dt>{t(T::LevelLabel)}</dt><dd>{o.levels.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")}</dd>
            <dt>{t(T::FormatLabel)}</dt><dd>{t(offer_format_name(o.format))}</dd>
            <dt>{t(T::Address)}</dt><dd>{[o.street.clone(), o.postcode.clone(), o.city.clone(), o.region.name().to_owned()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")}</dd>
            <dt>{t(T::Amount)}</dt><dd>{format!("{} {}", o.price.display_nl(), t(price_unit_name(o.price_unit)))}</dd>
            <dt>{t(T::CapacityLabel)}</dt><dd>{o.capacity}</dd>
            <dt>{t(T::DatesLabel)}</dt><dd>{if o.dates.is_empty() { t(T::OnRequest).to_owned() } else { dates_text(&o.dates) }}</dd>
            <dt>{t(T::AccessibilityLabel)}</dt>
            <dd>{if o.wheelchair { format!("{}. {}", t(T::WheelchairAccessible), o.accessibility) } else { o.accessibility.clone() }}</dd>
        </dl>
        {if request_locations.is_empty() {
            view! { <p class="hint">{t(T::OnlyDocentPlus)}</p> }.into_any()
        } else {
            view! {
                <section class="card">
                    <h2>{t(T::SendRequest)}</h2>
                    <p class="hint">{t(T::RequestHint)}</p>
                    <ErrorSummary error=error/>
                    <ActionForm action=send attr:class="form">
                        <input type="hidden" name="request[offer_id]" value=id.to_string()/>
                        <label for="location_id">{t(T::ForLocation)}</label>
                        <select id="location_id" name="location_id">
                            {request_locations.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                        </select>
                        <label for="preferred_dates">{t(T::PreferredDates)}</label>
                        <input id="preferred_dates" name="request[preferred_dates]" maxlength="300" required/>
                        <FieldProblem error=error field="preferred_dates"/>
                        <label for="students">{t(T::Students)}</label>
                        <input id="students" name="request[students]" type="number" min="1" max=(o.capacity > 0).then(|| o.capacity.to_string()) inputmode="numeric" required/>
                        <FieldProblem error=error field="students"/>
                        <label for="message">{t(T::MessageLabel)}</label>
                        <textarea id="message" name="request[message]" maxlength="4000" required></textarea>
                        <FieldProblem error=error field="message"/>
                        <button type="submit" class="button" disabled=move || send.pending().get()>{t(T::SendRequest)}</button>
                    </ActionForm>
                </section>
            }
            .into_any()
        }}
    }
    .into_any()
}

/// A request row in a list; `href` leads to the thread.
pub fn request_summary(r: RequestRow, href: String) -> AnyView {
    view! {
        <div class="row-main">
            <a href=href><strong>{r.offer_title.clone()}</strong></a>
            <span class=format!("badge badge-request-{}", r.status.code())>{t(request_status_name(r.status))}</span>
            <span>{format!("{} · {} ({}) · {}", r.provider_name, r.location_name, r.cjp_school_number, r.teacher_name)}</span>
            <span>{format!("{} {} · {}: {}", r.students, t(T::Students).to_lowercase(), t(T::PreferredDates), r.preferred_dates)}</span>
            <span class="muted">{format_local(r.updated_at_ms)}</span>
        </div>
    }
    .into_any()
}

/// The teacher's requests.
#[component]
pub fn TeacherRequests() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let list = Resource::new(page, teacher_requests);
    view! {
        <Title text=t(T::Requests)/>
        <PortalLayout portal=Portal::Teacher>
            <TeacherNav current="/teacher/requests"/>
            <h1>{t(T::Requests)}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged_list(list.await, T::RequestsEmpty, "/teacher/requests", String::new(), |r| {
                        let href = format!("/teacher/requests/{}", r.id);
                        request_summary(r, href)
                    })
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One of the teacher's request threads.
#[component]
pub fn TeacherRequestPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let reply = ServerAction::<TeacherReply>::new();
    let thread =
        Resource::new(move || (id(), reply.version().get(), query.with(|q| q.get("done"))), |(id, ..)| teacher_request(id));
    let error = Signal::derive(move || action_error(reply.value().get()));
    view! {
        <Title text=t(T::Requests)/>
        <PortalLayout portal=Portal::Teacher>
            <TeacherNav current="/teacher/requests"/>
            <p><a href="/teacher/requests">{t(T::BackToList)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[("sent", T::RequestSent)])}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match thread.await {
                        Err(e) => load_error(&e),
                        Ok(th) => view! { <Thread thread=th reply=reply error=error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// The weborders made from a request: date, students, amount and where each stands (a
/// provider's links lead to its weborder).
pub fn bookings_view(bookings: Vec<RequestBooking>, link_base: Option<&'static str>) -> AnyView {
    if bookings.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card" aria-labelledby="bookings-title">
            <h2 id="bookings-title">{t(T::Bookings)}</h2>
            <ul class="rows">
                {bookings.into_iter().map(|b| {
                    let what = format!("{} · {} {} · {}", date_text(&b.activity_date), b.students, t(T::Students).to_lowercase(), b.amount.display_nl());
                    view! {
                        <li class="row-card">
                            <div class="row-main">
                                {match link_base {
                                    Some(base) => view! { <a href=format!("{base}/{}", b.weborder_id)><strong>{what}</strong></a> }.into_any(),
                                    None => view! { <strong>{what}</strong> }.into_any(),
                                }}
                                <span class=format!("badge badge-weborder-{}", b.status.code())>{t(weborder_status_name(b.status))}</span>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// A request thread's facts and messages, as teachers and providers both see them.
pub fn thread_view(thread: RequestThread) -> AnyView {
    let RequestThread { request: r, messages, bookings } = thread;
    view! {
        <h1>{r.offer_title.clone()}</h1>
        <p><span class=format!("badge badge-request-{}", r.status.code())>{t(request_status_name(r.status))}</span></p>
        <dl class="facts">
            <dt>{t(T::PortalProvider)}</dt><dd>{r.provider_name.clone()}</dd>
            <dt>{t(T::YourSchool)}</dt><dd>{format!("{} ({})", r.location_name, r.cjp_school_number)}</dd>
            <dt>{t(T::AgreedWith)}</dt><dd>{r.teacher_name.clone()}</dd>
            <dt>{t(T::Students)}</dt><dd>{r.students}</dd>
            <dt>{t(T::PreferredDates)}</dt><dd>{r.preferred_dates.clone()}</dd>
        </dl>
        {bookings_view(bookings, None)}
        <ol class="thread">
            {messages.into_iter().map(|m| view! {
                <li class=if m.from_provider { "message message-provider" } else { "message" }>
                    <p class="muted">{format!("{} · {}", m.author, format_local(m.at_ms))}</p>
                    <p>{m.body}</p>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Thread(thread: RequestThread, reply: ServerAction<TeacherReply>, error: Signal<Option<domain::AppError>>) -> AnyView {
    let id = thread.request.id;
    let open = thread.request.status != domain::offer_request::RequestStatus::Closed;
    view! {
        {thread_view(thread)}
        {open.then(|| view! {
            <ActionForm action=reply attr:class="form">
                <input type="hidden" name="request_id" value=id.to_string()/>
                <input type="hidden" name="close" value=""/>
                <label for="reply-message">{t(T::Reply)}</label>
                <textarea id="reply-message" name="message" maxlength="4000" required></textarea>
                <FieldProblem error=error field="message"/>
                <button type="submit" class="button">{t(T::Reply)}</button>
            </ActionForm>
            <ActionForm action=reply attr:class="inline-form">
                <input type="hidden" name="request_id" value=id.to_string()/>
                <input type="hidden" name="message" value=""/>
                <input type="hidden" name="close" value="1"/>
                <button type="submit" class="button-link">{t(T::CloseRequest)}</button>
            </ActionForm>
        })}
    }
    .into_any()
}
