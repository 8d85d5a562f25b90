//! The school portal (board and budget holders): home, and the school's own details.

use crate::api::portal::school_locations;
use crate::api::school::{school_details, AddSchoolContact, RemoveSchoolContact, SaveSchoolDetails};
use crate::components::forms::{action_error, load_error, loading, today};
use crate::components::layout::RoleList;
use crate::components::{ErrorSummary, FieldProblem, LocationCards, PortalLayout};
use crate::i18n::{contact_role_name, date_text, t, T};
use domain::school::{ContactRole, LocationProfile, SchoolDetails};
use domain::time::format_local;
use domain::{AppError, CurrentUser, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The school portal's home: the caller's roles and the locations they manage.
#[component]
pub fn SchoolHome() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let locations = Resource::new(|| (), |_| school_locations());
    view! {
        <Title text=t(T::PortalSchool)/>
        <PortalLayout portal=Portal::School>
            <super::SchoolNav current="/school"/>
            <SchoolContent locations=locations/>
        </PortalLayout>
    }
}

#[component]
fn SchoolContent(locations: Resource<Result<Vec<domain::records::LocationSummary>, domain::AppError>>) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    view! {
        <h1>{format!("{}, {}", t(T::Welcome), user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default())}</h1>
        <p class="lead">{t(T::SchoolIntro)}</p>
        {user.map(|u| view! { <RoleList user=u/> })}
        <h2>{t(T::YourLocations)}</h2>
        <p class="hint">{t(T::CjpSchoolNumberHint)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move { view! { <LocationCards result=locations.await show_counts=true/> } })}
        </Suspense>
    }
}

/// The school's own details per location: the board's decision, where invoices go, and the
/// contact persons. Kept by the board and the budget holders; every change is audited.
#[component]
pub fn SchoolDetailsPage() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let save = ServerAction::<SaveSchoolDetails>::new();
    let add = ServerAction::<AddSchoolContact>::new();
    let remove = ServerAction::<RemoveSchoolContact>::new();
    let details = Resource::new(
        move || (query.with(|q| q.get("done")), save.version().get(), add.version().get(), remove.version().get()),
        |_| school_details(),
    );
    let save_error = Signal::derive(move || action_error(save.value().get()));
    let contact_error = Signal::derive(move || action_error(add.value().get()).or_else(|| action_error(remove.value().get())));
    let done = move || {
        query.with(|q| q.get("done")).and_then(|d| match d.as_str() {
            "saved" => Some(T::SchoolDetailsSaved),
            "contact_added" => Some(T::ContactAdded),
            "contact_removed" => Some(T::ContactRemoved),
            _ => None,
        })
    };
    view! {
        <Title text=t(T::SchoolDetails)/>
        <PortalLayout portal=Portal::School>
            <super::SchoolNav current="/school/details"/>
            <h1>{t(T::SchoolDetails)}</h1>
            <p class="lead">{t(T::SchoolDetailsIntro)}</p>
            {move || done().map(|key| view! { <div class="alert alert-success" role="status">{t(key)}</div> })}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match details.await {
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::NoLocations)}</p> }.into_any(),
                        Ok(list) => list
                            .into_iter()
                            .map(|d| view! { <DetailsCard details=d save=save add=add remove=remove save_error=save_error contact_error=contact_error/> })
                            .collect_view()
                            .into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn DetailsCard(
    details: SchoolDetails,
    save: ServerAction<SaveSchoolDetails>,
    add: ServerAction<AddSchoolContact>,
    remove: ServerAction<RemoveSchoolContact>,
    save_error: Signal<Option<AppError>>,
    contact_error: Signal<Option<AppError>>,
) -> AnyView {
    let SchoolDetails { location, profile, contacts } = details;
    let id = location.id.0;
    let p = profile.clone();
    let v = move |f: fn(&LocationProfile) -> String| p.as_ref().map(f).unwrap_or_default();
    let taking_part = profile.as_ref().map(|p| p.taking_part);
    let f = move |name: &str| format!("{name}-{id}");
    let is_new = profile.is_none();
    // Only the board decides taking part and the contribution (the data layer holds to it too).
    let board = use_context::<domain::CurrentUser>().is_some_and(|u| u.has_role(domain::Role::Board));
    let contribution =
        profile.as_ref().map(|p| p.contribution.to_string().replace('.', ",")).unwrap_or_else(|| "10,50".to_owned());
    let summary = match &profile {
                None => view! { <p class="empty">{t(T::SchoolDetailsEmpty)}</p> }.into_any(),
                Some(p) => view! {
                    <dl class="facts">
                        <dt>{t(T::TakingPart)}</dt><dd>{t(if p.taking_part { T::Yes } else { T::No })}</dd>
                        <dt>{t(T::BoardContribution)}</dt><dd>{p.contribution.display_nl()}</dd>
                        <dt>{t(T::DecisionDate)}</dt><dd>{date_text(&p.decision_date)}</dd>
                        <dt>{t(T::InvoiceAddress)}</dt>
                        <dd>{format!("{}, {}, {} {}", p.invoice_addressee, p.invoice_street, p.invoice_postcode, p.invoice_city)}</dd>
                        <dt>{t(T::InvoiceEmail)}</dt><dd>{p.invoice_email.clone()}</dd>
                        <dt>{t(T::PoReference)}</dt><dd>{if p.po_reference.is_empty() { "—".to_owned() } else { p.po_reference.clone() }}</dd>
                        <dt>{t(T::LastChanged)}</dt><dd>{format_local(p.updated_at_ms)}</dd>
                    </dl>
                }.into_any(),
            };
    view! {
        <section class="card budget-card" aria-labelledby=f("details")>
            <h2 id=f("details")>{location.name.clone()}</h2>
            {summary}
            {(is_new && !board).then(|| view! { <p class="hint">{t(T::BoardNotDecidedYet)}</p> })}
            <details open=is_new hidden=is_new && !board>
                <summary>{t(if is_new { T::RecordDetails } else { T::ChangeDetails })}</summary>
                <ErrorSummary error=save_error/>
                <ActionForm action=save attr:class="form">
                    <input type="hidden" name="location_id" value=id.to_string()/>
                    {if board {
                        view! {
                            <fieldset>
                                <legend>{t(T::TakingPart)}</legend>
                                <label class="checkbox"><input type="radio" name="details[taking_part]" value="yes" required checked=taking_part == Some(true)/>{t(T::TakingPartYes)}</label>
                                <label class="checkbox"><input type="radio" name="details[taking_part]" value="no" checked=taking_part == Some(false)/>{t(T::TakingPartNo)}</label>
                            </fieldset>
                            <FieldProblem error=save_error field="taking_part"/>
                            <label for=f("contribution")>{t(T::BoardContribution)}</label>
                            <input id=f("contribution") name="details[contribution]" required inputmode="decimal"
                                value=contribution.clone()/>
                            <FieldProblem error=save_error field="contribution"/>
                            <label for=f("decision_date")>{t(T::DecisionDate)}</label>
                            <input id=f("decision_date") name="details[decision_date]" type="date" required max=today() value=v(|p| p.decision_date.clone())/>
                            <FieldProblem error=save_error field="decision_date"/>
                        }.into_any()
                    } else {
                        // The board's decision travels unchanged; the budget holder sees it above.
                        view! {
                            <p class="hint">{t(T::BoardDecidesHint)}</p>
                            <input type="hidden" name="details[taking_part]" value=if taking_part == Some(true) { "yes" } else { "no" }/>
                            <input type="hidden" name="details[contribution]" value=contribution.clone()/>
                            <input type="hidden" name="details[decision_date]" value=v(|p| p.decision_date.clone())/>
                            <FieldProblem error=save_error field="contribution"/>
                        }.into_any()
                    }}
                    <label for=f("invoice_addressee")>{t(T::InvoiceAddressee)}</label>
                    <input id=f("invoice_addressee") name="details[invoice_addressee]" required maxlength="200" value=v(|p| p.invoice_addressee.clone())/>
                    <FieldProblem error=save_error field="invoice_addressee"/>
                    <label for=f("invoice_street")>{t(T::StreetAndNumber)}</label>
                    <input id=f("invoice_street") name="details[invoice_street]" required maxlength="200" autocomplete="street-address" value=v(|p| p.invoice_street.clone())/>
                    <FieldProblem error=save_error field="invoice_street"/>
                    <label for=f("invoice_postcode")>{t(T::Postcode)}</label>
                    <input id=f("invoice_postcode") name="details[invoice_postcode]" required maxlength="7" autocomplete="postal-code" placeholder="1234 AB" value=v(|p| p.invoice_postcode.clone())/>
                    <FieldProblem error=save_error field="invoice_postcode"/>
                    <label for=f("invoice_city")>{t(T::City)}</label>
                    <input id=f("invoice_city") name="details[invoice_city]" required maxlength="100" value=v(|p| p.invoice_city.clone())/>
                    <FieldProblem error=save_error field="invoice_city"/>
                    <label for=f("invoice_email")>{t(T::InvoiceEmail)}</label>
                    <input id=f("invoice_email") name="details[invoice_email]" type="email" required value=v(|p| p.invoice_email.clone())/>
                    <FieldProblem error=save_error field="invoice_email"/>
                    <label for=f("po_reference")>{t(T::PoReference)}</label>
                    <input id=f("po_reference") name="details[po_reference]" maxlength="50" value=v(|p| p.po_reference.clone())/>
                    <p class="hint">{t(T::PoReferenceHint)}</p>
                    <FieldProblem error=save_error field="po_reference"/>
                    <button type="submit" class="button" disabled=move || save.pending().get()>{t(T::SaveDetails)}</button>
                </ActionForm>
            </details>
            <h3>{t(T::ContactPersons)}</h3>
            <ErrorSummary error=contact_error/>
            {if contacts.is_empty() {
                view! { <p class="empty">{t(T::ContactsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {contacts.into_iter().map(|c| view! {
                            <li class="row-card">
                                <div class="row-main">
                                    <strong>{c.name.clone()}</strong>
                                    <span>{t(contact_role_name(c.role))}</span>
                                    <span>{c.email.clone()}</span>
                                    {(!c.phone.is_empty()).then(|| view! { <span>{c.phone.clone()}</span> })}
                                </div>
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="location_id" value=id.to_string()/>
                                    <input type="hidden" name="contact_id" value=c.id.to_string()/>
                                    <button type="submit" class="button-link danger-link" aria-label=format!("{} {}", t(T::Remove), c.name)>{t(T::Remove)}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <details>
                <summary>{t(T::AddContact)}</summary>
                <ActionForm action=add attr:class="form">
                    <input type="hidden" name="location_id" value=id.to_string()/>
                    <label for=f("contact-role")>{t(T::ContactRoleLabel)}</label>
                    <select id=f("contact-role") name="role">
                        {ContactRole::ALL.into_iter().map(|r| view! { <option value=r.code()>{t(contact_role_name(r))}</option> }).collect_view()}
                    </select>
                    <label for=f("contact-name")>{t(T::Name)}</label>
                    <input id=f("contact-name") name="name" required maxlength="200" autocomplete="off"/>
                    <FieldProblem error=contact_error field="name"/>
                    <label for=f("contact-email")>{t(T::Email)}</label>
                    <input id=f("contact-email") name="email" type="email" required autocomplete="off"/>
                    <FieldProblem error=contact_error field="email"/>
                    <label for=f("contact-phone")>{t(T::Phone)}</label>
                    <input id=f("contact-phone") name="phone" type="tel" maxlength="30" autocomplete="off"/>
                    <FieldProblem error=contact_error field="phone"/>
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t(T::AddContact)}</button>
                </ActionForm>
            </details>
        </section>
    }
    .into_any()
}
