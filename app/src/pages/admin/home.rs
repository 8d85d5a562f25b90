//! The operator's portal: overview, people and invitations, organisations, mail, audit.

use super::AdminNav;
use crate::api::admin::{
    admin_audit, admin_mail, admin_organisations, admin_overview, admin_people, DisablePerson, ErasePerson, InvitePerson,
    SetStudentCount,
};
use crate::components::forms::{action_error, load_error, loading};
use crate::components::pager::{page_param, paged, query_pair, ListAt};
use crate::components::{ErrorSummary, FieldProblem, LocationCards, PortalLayout, ProviderCards};
use crate::i18n::{noun_for, role_name, status_name, t, Noun, T};
use domain::time::format_local;
use domain::{Portal, Role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Platform counts.
#[component]
pub fn AdminHome() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let counts = Resource::new(|| (), |_| admin_overview());
    view! {
        <Title text=t(T::PortalAdmin)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin"/>
            <h1>{t(T::PortalAdmin)}</h1>
            <p class="lead">{t(T::AdminIntro)}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match counts.await {
                        Err(e) => load_error(&e),
                        Ok(c) => view! {
                            <ul class="stats">
                                <li><a href="/admin/organisations"><span class="stat">{c.institutions}</span><span class="stat-label">{noun_for(c.institutions, Noun::Institution)}</span></a></li>
                                <li><a href="/admin/organisations"><span class="stat">{c.locations}</span><span class="stat-label">{noun_for(c.locations, Noun::Location)}</span></a></li>
                                <li><a href="/admin/organisations"><span class="stat">{c.providers}</span><span class="stat-label">{noun_for(c.providers, Noun::Provider)}</span></a></li>
                                <li><a href="/admin/people"><span class="stat">{c.people}</span><span class="stat-label">{noun_for(c.people, Noun::Person)}</span></a></li>
                                <li><a href="/admin/mail"><span class="stat">{c.unsent_mail}</span><span class="stat-label">{noun_for(c.unsent_mail, Noun::QueuedMail)}</span></a></li>
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// People: search, invite, disable (after confirmation).
#[component]
pub fn AdminPeople() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let confirm = move || query.with(|m| m.get("confirm_disable").and_then(|v| v.parse::<i64>().ok()));
    let confirm_erase = move || query.with(|m| m.get("confirm_erase").and_then(|v| v.parse::<i64>().ok()));
    let erase = ServerAction::<ErasePerson>::new();
    let erased = move || query.with(|m| m.get("erased").is_some());
    let invite = ServerAction::<InvitePerson>::new();
    let disable = ServerAction::<DisablePerson>::new();
    let people = Resource::new(
        move || (page(), q(), invite.version().get(), disable.version().get()),
        |(page, q, _, _)| admin_people(page, q),
    );
    let orgs = Resource::new(|| (), |_| admin_organisations());
    let invite_error = Signal::derive(move || action_error(invite.value().get()));
    let disable_error = Signal::derive(move || action_error(disable.value().get()));
    let invited = move || query.with(|m| m.get("invited").is_some());
    let disabled = move || query.with(|m| m.get("disabled").is_some());
    view! {
        <Title text=t(T::People)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/people"/>
            <h1>{t(T::People)}</h1>
            <form method="get" action="/admin/people" class="search-form" role="search">
                <label for="q">{t(T::SearchPeople)}</label>
                <div class="inline-fields">
                    <input id="q" name="q" type="search" value=q maxlength="100"/>
                    <button type="submit" class="button">{t(T::Search)}</button>
                </div>
            </form>
            {move || confirm().map(|id| view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{t(T::DisableConfirm)}</p>
                    <ActionForm action=disable attr:class="inline-form">
                        <input type="hidden" name="person_id" value=id.to_string()/>
                        <button type="submit" class="button button-danger">{t(T::YesDisable)}</button>
                    </ActionForm>
                    <a href=format!("/admin/people?page={}&{}", page(), query_pair("q", &q())) class="button-link">{t(T::GoBack)}</a>
                </div>
            })}
            {move || confirm_erase().map(|id| view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="erase-text">
                    <p id="erase-text">{t(T::EraseConfirm)}</p>
                    <ActionForm action=erase attr:class="inline-form">
                        <input type="hidden" name="person_id" value=id.to_string()/>
                        <button type="submit" class="button button-danger">{t(T::YesErase)}</button>
                    </ActionForm>
                    <a href=format!("/admin/people?page={}&{}", page(), query_pair("q", &q())) class="button-link">{t(T::GoBack)}</a>
                </div>
            })}
            <Show when=erased><div class="alert alert-success" role="status">{t(T::Erased)}</div></Show>
            <ErrorSummary error=Signal::derive(move || action_error(erase.value().get()))/>
            <Show when=disabled><div class="alert alert-success" role="status">{t(T::Disabled)}</div></Show>
            <Show when=invited><div class="alert alert-success" role="status">{t(T::InvitationSent)}</div></Show>
            <ErrorSummary error=disable_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged(people.await, T::PeopleEmpty, ListAt::new("/admin/people", query_pair("q", &q())), |page, rows| view! {
                        <ul class="rows" aria-label=t(T::People)>
                            {rows.into_iter().map(|p| {
                                let id = p.id.0;
                                let active = p.status != domain::records::AccountStatus::Disabled;
                                view! {
                                    <li class="row-card">
                                        <div class="row-main">
                                            <strong>{p.display_name}</strong>
                                            <span class="muted">{p.email}</span>
                                            <span class=format!("badge badge-{}", p.status.code())>{t(status_name(p.status))}</span>
                                        </div>
                                        <ul class="plain-list small">
                                            {p.roles.into_iter().map(|(role, place)| view! {
                                                <li>{t(role_name(role))}{(!place.is_empty()).then(|| format!(" — {place}"))}</li>
                                            }).collect_view()}
                                        </ul>
                                        <div class="actions">
                                            {active.then(|| view! {
                                                <a class="button-link danger-link" href=format!("/admin/people?page={}&confirm_disable={id}&{}", page, query_pair("q", &q()))>
                                                    {t(T::Disable)}
                                                </a>
                                            })}
                                            <a class="button-link" href=format!("/account/export.json?person={id}") download>{t(T::ExportData)}</a>
                                            <a class="button-link danger-link" href=format!("/admin/people?page={}&confirm_erase={id}&{}", page, query_pair("q", &q()))>
                                                {t(T::EraseData)}
                                            </a>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let (locations, providers) = orgs.await.map(|o| (o.locations, o.providers)).unwrap_or_default();
                    let mut institutions: Vec<(i64, String)> =
                        locations.iter().map(|l| (l.institution_id.0, l.institution_name.clone())).collect();
                    institutions.dedup();
                    view! {
                        <section class="card" aria-labelledby="invite-title">
                            <h2 id="invite-title">{t(T::InvitePerson)}</h2>
                            <p class="hint">{t(T::InviteHint)}</p>
                            <ErrorSummary error=invite_error/>
                            <ActionForm action=invite attr:class="form">
                                <label for="display_name">{t(T::Name)}</label>
                                <input id="display_name" name="display_name" required maxlength="120" autocomplete="off"/>
                                <FieldProblem error=invite_error field="display_name"/>
                                <label for="invite_email">{t(T::Email)}</label>
                                <input id="invite_email" name="email" type="email" required maxlength="254" autocomplete="off"/>
                                <FieldProblem error=invite_error field="email"/>
                                <label for="role">{t(T::Role)}</label>
                                <select id="role" name="role" required>
                                    <option value="">{t(T::ChooseOne)}</option>
                                    {Role::ALL.into_iter().map(|r| view! { <option value=r.code()>{t(role_name(r))}</option> }).collect_view()}
                                </select>
                                <FieldProblem error=invite_error field="role"/>
                                <label for="scope">{t(T::Where)}</label>
                                <select id="scope" name="scope" required>
                                    <option value="">{t(T::ChooseOne)}</option>
                                    <option value="platform">{t(T::WholePlatform)}</option>
                                    <optgroup label=t(T::Institutions)>
                                        {institutions.into_iter().map(|(id, name)| view! { <option value=format!("institution:{id}")>{name}</option> }).collect_view()}
                                    </optgroup>
                                    <optgroup label=t(T::Locations)>
                                        {locations.into_iter().map(|l| view! { <option value=format!("location:{}", l.id)>{l.name}</option> }).collect_view()}
                                    </optgroup>
                                    <optgroup label=t(T::Providers)>
                                        {providers.into_iter().map(|p| view! { <option value=format!("provider:{}", p.id)>{p.name}</option> }).collect_view()}
                                    </optgroup>
                                </select>
                                <FieldProblem error=invite_error field="scope"/>
                                <button type="submit" class="button" disabled=move || invite.pending().get()>{t(T::SendInvitation)}</button>
                            </ActionForm>
                        </section>
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// Institutions with their locations, and providers.
#[component]
pub fn AdminOrganisations() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let set_count = ServerAction::<SetStudentCount>::new();
    let orgs = Resource::new(move || (query.with(|q| q.get("done")), set_count.version().get()), |_| admin_organisations());
    let count_error = Signal::derive(move || action_error(set_count.value().get()));
    let saved = move || query.with(|q| q.get("done").is_some_and(|d| d == "count"));
    view! {
        <Title text=t(T::Organisations)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/organisations"/>
            <h1>{t(T::Organisations)}</h1>
            <Show when=saved><div class="alert alert-success" role="status">{t(T::CountSaved)}</div></Show>
            <ErrorSummary error=count_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match orgs.await {
                        Err(e) => load_error(&e),
                        Ok(o) => view! {
                            <h2>{t(T::Locations)}</h2>
                            <LocationCards result=Ok(o.locations.clone()) show_counts=true/>
                            <h2>{t(T::StudentCount)}</h2>
                            <ul class="rows">
                                {o.locations.into_iter().map(|l| {
                                    let current = o.student_counts.iter().find(|(id, _, _)| *id == l.id).map(|(_, c, y)| format!("{c} ({y})"));
                                    let id = l.id.0;
                                    view! {
                                        <li class="row-card">
                                            <strong>{l.name}</strong>
                                            <span class="muted">{current.unwrap_or_else(|| t(T::NoDuoCountText).to_owned())}</span>
                                            <details>
                                                <summary>{t(T::SaveCount)}</summary>
                                                <ActionForm action=set_count attr:class="form">
                                                    <input type="hidden" name="location_id" value=id.to_string()/>
                                                    <label for=format!("count-{id}")>{t(T::StudentCount)}</label>
                                                    <input id=format!("count-{id}") name="count" type="number" min="0" step="1" inputmode="numeric" required/>
                                                    <label for=format!("year-{id}")>{t(T::SchoolYear)}</label>
                                                    <input id=format!("year-{id}") name="school_year" required maxlength="20" value="2026-2027"/>
                                                    <label for=format!("reason-{id}")>{t(T::Reason)}</label>
                                                    <input id=format!("reason-{id}") name="reason" required maxlength="300"/>
                                                    <button type="submit" class="button">{t(T::SaveCount)}</button>
                                                </ActionForm>
                                            </details>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <h2>{t(T::Providers)}</h2>
                            <ProviderCards providers=o.providers/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// The mail outbox, where the demo's invitation links can be followed.
#[component]
pub fn AdminMail() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let to = move || query.with(|q| q.get("to").unwrap_or_default());
    let mail = Resource::new(move || (page(), to()), |(page, to)| admin_mail(page, to));
    view! {
        <Title text=t(T::Mail)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/mail"/>
            <h1>{t(T::Mail)}</h1>
            <p class="lead">{t(T::MailIntro)}</p>
            <form method="get" action="/admin/mail" class="search-form" role="search">
                <label for="to">{t(T::FilterRecipient)}</label>
                <div class="inline-fields">
                    <input id="to" name="to" type="search" value=to maxlength="254"/>
                    <button type="submit" class="button">{t(T::Filter)}</button>
                </div>
            </form>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged(mail.await, T::MailEmpty, ListAt::new("/admin/mail", query_pair("to", &to())), |_, rows| view! {
                        <ul class="rows" aria-label=t(T::Mail)>
                            {rows.into_iter().map(|m| view! {
                                <li class="row-card mail">
                                    <div class="row-main">
                                        <strong>{m.subject}</strong>
                                        <span class="muted">{format!("{}: {}", t(T::Recipient), m.recipient)}</span>
                                        <span class="muted">{format_local(m.created_at_ms)}</span>
                                        {(!m.attachments.is_empty()).then(|| view! {
                                            <span class="attachments">{format!("{}: {}", t(T::Attachments), m.attachments.join(", "))}</span>
                                        })}
                                        <span class=if m.sent_at_ms.is_some() { "badge badge-active" } else { "badge badge-invited" }>
                                            {if m.sent_at_ms.is_some() { t(T::Sent) } else { t(T::NotSent) }}
                                        </span>
                                    </div>
                                    <details>
                                        <summary>{t(T::ShowMessage)}</summary>
                                        {mail_body(m.body)}
                                    </details>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// A mail body with its links made clickable, wherever they stand in a line.
fn mail_body(body: String) -> impl IntoView {
    view! { <div class="mail-body">{body.lines().map(|line| view! { <p>{mail_line(line)}</p> }).collect_view()}</div> }
}

/// One line of a mail: its text, with each `http://` or `https://` address (up to the next
/// space, without a closing punctuation mark) as a link.
fn mail_line(line: &str) -> Vec<AnyView> {
    let mut parts = Vec::new();
    let mut rest = line;
    while let Some(at) = ["https://", "http://"].iter().filter_map(|scheme| rest.find(scheme)).min() {
        let (before, from) = rest.split_at(at);
        let end = from.find(char::is_whitespace).unwrap_or(from.len());
        let link = from[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        parts.push(before.to_owned().into_any());
        parts.push(view! { <a href=link.to_owned() rel="external">{link.to_owned()}</a> }.into_any());
        rest = &from[link.len()..];
    }
    parts.push(rest.to_owned().into_any());
    parts
}

/// The audit trail.
#[component]
pub fn AdminAudit() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let audit = Resource::new(page, admin_audit);
    view! {
        <Title text=t(T::Audit)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/audit"/>
            <h1>{t(T::Audit)}</h1>
            <p class="lead">{t(T::AuditIntro)}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged(audit.await, T::AuditEmpty, ListAt::new("/admin/audit", String::new()), |_, rows| view! {
                        <ul class="rows" aria-label=t(T::Audit)>
                            {rows.into_iter().map(|a| view! {
                                <li class="row-card">
                                    <div class="row-main">
                                        <strong>{a.action}</strong>
                                        <span class="muted">{format_local(a.at_ms)}</span>
                                        <span>{a.actor.unwrap_or_else(|| "—".to_owned())}</span>
                                        <span class="muted">{format!("{} {}", a.subject_type, a.subject_id.map(|i| i.to_string()).unwrap_or_default())}</span>
                                        {(!a.detail.is_empty()).then(|| view! { <code>{a.detail}</code> })}
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Suspense>
        </PortalLayout>
    }
}
