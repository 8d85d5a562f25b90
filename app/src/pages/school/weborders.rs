//! The school portal's weborders: decide on what providers ask, undo within the cooling-off
//! period, cancel before payout, and earmark budget in holds.

use super::SchoolNav;
use crate::api::weborders::{
    school_spend, school_weborder, school_weborders, ApproveWeborder, CancelWeborder, CreateHold, LocationMoney, RejectWeborder,
    ReleaseHold, UndoWeborder, WeborderDetail,
};
use crate::components::forms::{action_error, done_notice, load_error, loading, today};
use crate::components::pager::{page_param, paged_list, query_pair};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{date_text, discipline_name, hold_status_name, t, weborder_status_name, T};
use domain::offer::Discipline;
use domain::report::ReportLine;
use domain::time::format_local;
use domain::weborder::{HoldStatus, WeborderRow, WeborderStatus};
use domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const DONE: [(&str, T); 6] = [
    ("approved", T::WeborderApproved),
    ("rejected", T::WeborderRejected),
    ("undone", T::WeborderUndone),
    ("cancelled", T::WeborderCancelled),
    ("held", T::HoldCreated),
    ("released", T::HoldReleased),
];

/// A status filter as plain links (works without JavaScript).
#[component]
pub fn StatusFilter(path: &'static str, current: String) -> impl IntoView {
    let link = move |code: &str, label: &'static str| {
        let href = if code.is_empty() { path.to_owned() } else { format!("{path}?status={code}") };
        view! { <li><a href=href aria-current=(current == code).then_some("page")>{label}</a></li> }
    };
    view! {
        <nav class="filters" aria-label=t(T::Filter)>
            <ul>
                {link("", t(T::AllStatuses))}
                {WeborderStatus::ALL.into_iter().map(|s| link(s.code(), t(weborder_status_name(s)))).collect_view()}
            </ul>
        </nav>
    }
}

/// One weborder as a list row; `href` leads to its detail page.
pub fn weborder_summary(w: WeborderRow, href: String) -> AnyView {
    view! {
        <div class="row-main">
            <a href=href><strong>{w.offer_title.clone()}</strong></a>
            <span class=format!("badge badge-weborder-{}", w.status.code())>{t(weborder_status_name(w.status))}</span>
            <span>{format!("{} · {} ({})", w.provider_name, w.location_name, w.cjp_school_number)}</span>
            <span>{format!("{}: {} · {} {} · {}", t(T::ActivityDate), date_text(&w.activity_date), w.students, t(T::Students).to_lowercase(), w.amount.display_nl())}</span>
            {(w.status == WeborderStatus::Pending).then(|| view! {
                <span class="muted">{format!("{}: {}", t(T::DecideBefore), format_local(w.approve_by_ms))}</span>
            })}
            {(!w.reason.is_empty() && w.reason != "deadline").then(|| view! { <span>{format!("{}: {}", t(T::Reason), w.reason)}</span> })}
            {w.payout_batch.clone().map(|b| view! { <span class="muted">{format!("{}: {b}", t(T::PayoutBatch))}</span> })}
        </div>
    }
    .into_any()
}

/// The weborders and holds of the caller's locations.
#[component]
pub fn SchoolWebordersPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let create_hold = ServerAction::<CreateHold>::new();
    let release = ServerAction::<ReleaseHold>::new();
    let data = Resource::new(
        move || (status(), page(), query.with(|q| q.get("done")), create_hold.version().get(), release.version().get()),
        |(s, p, _, _, _)| school_weborders(WeborderStatus::from_code(&s), p),
    );
    let spend = Resource::new(|| (), |_| school_spend());
    let hold_error = Signal::derive(move || action_error(create_hold.value().get()));
    let release_error = Signal::derive(move || action_error(release.value().get()));
    view! {
        <Title text=t(T::Weborders)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/weborders"/>
            <h1>{t(T::Weborders)}</h1>
            <p class="lead">{t(T::SchoolWebordersIntro)}</p>
            {move || done_notice(query.with(|q| q.get("done")), &DONE)}
            <ErrorSummary error=release_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let spent = spend.await;
                    match data.await {
                        Err(e) => load_error(&e),
                        Ok(d) => {
                            let extra = query_pair("status", &status());
                            view! {
                                <StatusFilter path="/school/weborders" current=status()/>
                                {paged_list(Ok(d.weborders), T::WebordersEmpty, "/school/weborders", extra, |w| {
                                    let href = format!("/school/weborders/{}", w.id);
                                    weborder_summary(w, href)
                                })}
                                <h2>{t(T::Holds)}</h2>
                                <p class="hint">{t(T::HoldsIntro)}</p>
                                {d.locations.into_iter().map(|l| view! { <LocationHolds money=l create=create_hold release=release error=hold_error/> }).collect_view()}
                                <h2>{t(T::Spent)}</h2>
                                <p class="hint">{t(T::SpentIntro)}</p>
                                {spent_view(spent)}
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn LocationHolds(
    money: LocationMoney,
    create: ServerAction<CreateHold>,
    release: ServerAction<ReleaseHold>,
    error: Signal<Option<domain::AppError>>,
) -> AnyView {
    let LocationMoney { location, summary, holds, is_holder } = money;
    let id = location.id.0;
    let held: i64 = holds.iter().filter(|h| h.status == HoldStatus::Active).map(|h| h.remaining.cents()).sum();
    let held = domain::Money::from_cents(held).unwrap_or(domain::Money::ZERO);
    view! {
        <section class="card" aria-labelledby=format!("holds-{id}")>
            <h3 id=format!("holds-{id}")>{location.name.clone()}</h3>
            {summary.map(|s| view! {
                <ul class="stats money-stats">
                    <li><span class="stat">{s.available.display_nl()}</span>{t(T::Available)}</li>
                    <li><span class="stat">{held.display_nl()}</span>{t(T::Held)}</li>
                </ul>
            })}
            {if holds.is_empty() {
                view! { <p class="empty">{t(T::HoldsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {holds.into_iter().map(|h| view! {
                            <li class="row-card">
                                <div class="row-main">
                                    <strong>{h.description.clone()}</strong>
                                    <span class=format!("badge badge-hold-{}", h.status.code())>{t(hold_status_name(h.status))}</span>
                                    <span>{format!("{} · {} {}", h.amount.display_nl(), h.remaining.display_nl(), t(T::Remaining))}</span>
                                    <span class="muted">{format!("{}: {}", t(T::ExpiresOn), date_text(&h.expires_on))}</span>
                                </div>
                                {(is_holder && h.status == HoldStatus::Active).then(|| view! {
                                    <ActionForm action=release attr:class="inline-form">
                                        <input type="hidden" name="hold_id" value=h.id.to_string()/>
                                        <button type="submit" class="button-link">{t(T::ReleaseHold)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {is_holder.then(|| view! {
                <details>
                    <summary>{t(T::NewHold)}</summary>
                    <ErrorSummary error=error/>
                    <ActionForm action=create attr:class="form">
                        <input type="hidden" name="location_id" value=id.to_string()/>
                        <label for=format!("hold-amount-{id}")>{t(T::Amount)}</label>
                        <input id=format!("hold-amount-{id}") name="amount" inputmode="decimal" required/>
                        <FieldProblem error=error field="amount"/>
                        <label for=format!("hold-desc-{id}")>{t(T::Description)}</label>
                        <input id=format!("hold-desc-{id}") name="description" maxlength="200" required/>
                        <FieldProblem error=error field="description"/>
                        <label for=format!("hold-exp-{id}")>{t(T::ExpiresOn)}</label>
                        <input id=format!("hold-exp-{id}") name="expires_on" type="date" required min=today()/>
                        <FieldProblem error=error field="expires_on"/>
                        <button type="submit" class="button">{t(T::NewHold)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
    .into_any()
}

/// One weborder: decide, undo or cancel.
#[component]
pub fn SchoolWeborderPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let approve = ServerAction::<ApproveWeborder>::new();
    let reject = ServerAction::<RejectWeborder>::new();
    let undo = ServerAction::<UndoWeborder>::new();
    let cancel = ServerAction::<CancelWeborder>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                query.with(|q| q.get("done")),
                approve.version().get(),
                reject.version().get(),
                undo.version().get(),
                cancel.version().get(),
            )
        },
        |(id, ..)| school_weborder(id),
    );
    let error = Signal::derive(move || {
        action_error(approve.value().get())
            .or_else(|| action_error(reject.value().get()))
            .or_else(|| action_error(undo.value().get()))
            .or_else(|| action_error(cancel.value().get()))
    });
    let confirm_cancel = move || query.with(|q| q.get("confirm_cancel").is_some());
    view! {
        <Title text=t(T::Weborders)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/weborders"/>
            <p><a href="/school/weborders">{t(T::BackToList)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &DONE)}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => load_error(&e),
                        Ok(d) => view! { <WeborderDecision detail=d approve=approve reject=reject undo=undo cancel=cancel error=error confirm_cancel=confirm_cancel()/> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn WeborderDecision(
    detail: WeborderDetail,
    approve: ServerAction<ApproveWeborder>,
    reject: ServerAction<RejectWeborder>,
    undo: ServerAction<UndoWeborder>,
    cancel: ServerAction<CancelWeborder>,
    error: Signal<Option<domain::AppError>>,
    confirm_cancel: bool,
) -> AnyView {
    let WeborderDetail { weborder: w, history, holds, available, can_decide, now_ms } = detail;
    let id = w.id;
    let pending = w.status == WeborderStatus::Pending && now_ms < w.approve_by_ms;
    let undoable = w.status == WeborderStatus::Approved && w.cooling_until_ms.is_some_and(|c| now_ms < c);
    let cancellable = w.status == WeborderStatus::Approved && w.payout_batch.is_none();
    // A key per rendering of the form: a double click or a retried post approves once.
    let client_key = format!("{id}-{now_ms}");
    view! {
        <h1>{w.offer_title.clone()}</h1>
        <p><span class=format!("badge badge-weborder-{}", w.status.code())>{t(weborder_status_name(w.status))}</span></p>
        <dl class="facts">
            <dt>{t(T::PortalProvider)}</dt><dd>{w.provider_name.clone()}</dd>
            <dt>{t(T::YourSchool)}</dt><dd>{format!("{} ({})", w.location_name, w.cjp_school_number)}</dd>
            <dt>{t(T::ActivityDate)}</dt><dd>{date_text(&w.activity_date)}</dd>
            <dt>{t(T::Students)}</dt><dd>{w.students}</dd>
            <dt>{t(T::Amount)}</dt><dd><strong>{w.amount.display_nl()}</strong></dd>
            <dt>{t(T::AgreedWith)}</dt><dd>{format!("{} <{}>", w.teacher_name, w.teacher_email)}</dd>
            {pending.then(|| view! { <dt>{t(T::DecideBefore)}</dt><dd>{format_local(w.approve_by_ms)}</dd> })}
            {w.cooling_until_ms.map(|c| view! { <dt>{t(T::CoolingOffUntil)}</dt><dd>{format_local(c)}</dd> })}
            {(w.from_hold.cents() > 0).then(|| view! { <dt>{t(T::PayFromHold)}</dt><dd>{w.from_hold.display_nl()}</dd> })}
            {(!w.reason.is_empty()).then(|| view! { <dt>{t(T::Reason)}</dt><dd>{w.reason.clone()}</dd> })}
            {w.payout_batch.clone().map(|b| view! { <dt>{t(T::PayoutBatch)}</dt><dd>{b}</dd> })}
            {available.map(|s| view! { <dt>{t(T::Available)}</dt><dd>{s.available.display_nl()}</dd> })}
        </dl>
        {(can_decide && pending).then(|| view! {
            <section class="card">
                <h2>{t(T::Approve)}</h2>
                <p class="hint">{t(T::ApproveHint)}</p>
                <ActionForm action=approve attr:class="form">
                    <input type="hidden" name="weborder_id" value=id.to_string()/>
                    <input type="hidden" name="client_key" value=client_key.clone()/>
                    <label for="hold_id">{t(T::PayFromHold)}</label>
                    <select id="hold_id" name="hold_id">
                        <option value="">{t(T::NoHoldChoice)}</option>
                        {holds.iter().map(|h| view! {
                            <option value=h.id.to_string()>{format!("{} ({} {})", h.description, h.remaining.display_nl(), t(T::Remaining))}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button" disabled=move || approve.pending().get()>{t(T::Approve)}</button>
                </ActionForm>
                <details>
                    <summary>{t(T::Reject)}</summary>
                    <ActionForm action=reject attr:class="form">
                        <input type="hidden" name="weborder_id" value=id.to_string()/>
                        <label for="reject-reason">{t(T::Reason)}</label>
                        <textarea id="reject-reason" name="reason" maxlength="500" required></textarea>
                        <FieldProblem error=error field="reason"/>
                        <button type="submit" class="button button-danger">{t(T::Reject)}</button>
                    </ActionForm>
                </details>
            </section>
        })}
        {(can_decide && undoable).then(|| view! {
            <details class="card">
                <summary>{t(T::UndoApproval)}</summary>
                <p class="hint">{t(T::UndoHint)}</p>
                <ActionForm action=undo attr:class="form">
                    <input type="hidden" name="weborder_id" value=id.to_string()/>
                    <label for="undo-reason">{t(T::Reason)}</label>
                    <textarea id="undo-reason" name="reason" maxlength="500" required></textarea>
                    <button type="submit" class="button">{t(T::UndoApproval)}</button>
                </ActionForm>
            </details>
        })}
        {(can_decide && cancellable).then(|| if confirm_cancel {
            view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="cancel-text">
                    <p id="cancel-text">{t(T::CancelWeborderConfirm)}</p>
                    <ActionForm action=cancel attr:class="form">
                        <input type="hidden" name="weborder_id" value=id.to_string()/>
                        <label for="cancel-reason">{t(T::Reason)}</label>
                        <textarea id="cancel-reason" name="reason" maxlength="500" required></textarea>
                        <button type="submit" class="button button-danger">{t(T::YesCancelWeborder)}</button>
                    </ActionForm>
                    <a href=format!("/school/weborders/{id}") class="button-link">{t(T::GoBack)}</a>
                </div>
            }.into_any()
        } else {
            view! { <p><a class="button-link danger-link" href=format!("/school/weborders/{id}?confirm_cancel=1")>{t(T::CancelWeborder)}</a></p> }.into_any()
        })}
        <WeborderHistory history=history/>
    }
    .into_any()
}

fn spent_view(spent: Result<Vec<domain::report::LocationSpend>, domain::AppError>) -> AnyView {
    match spent {
        Err(e) => load_error(&e),
        Ok(list) => list
            .into_iter()
            .map(|l| {
                view! {
                    <section class="card" aria-label=format!("{}: {}", t(T::Spent), l.location_name)>
                        <h3>{format!("{} · {}", l.location_name, l.total.display_nl())}</h3>
                        {report_lines(T::ByProvider, l.by_provider, |label| label.to_owned())}
                        {report_lines(T::ByDiscipline, l.by_discipline, |codes| {
                            codes.split(',').filter_map(Discipline::from_code).map(|d| t(discipline_name(d))).collect::<Vec<_>>().join(", ")
                        })}
                    </section>
                }
            })
            .collect_view()
            .into_any(),
    }
}

/// A report's lines under a heading: label, number of weborders and amount.
pub fn report_lines(title: T, lines: Vec<ReportLine>, label: impl Fn(&str) -> String) -> AnyView {
    view! {
        <h4>{t(title)}</h4>
        {if lines.is_empty() {
            view! { <p class="empty">{t(T::NothingSpent)}</p> }.into_any()
        } else {
            view! {
                <dl class="facts">
                    {lines.into_iter().map(|l| view! {
                        <dt>{label(&l.label)}</dt>
                        <dd>{format!("{} · {} {}", l.amount.display_nl(), l.weborders, t(T::Weborders).to_lowercase())}</dd>
                    }).collect_view()}
                </dl>
            }
            .into_any()
        }}
    }
    .into_any()
}

/// The state changes of a weborder, oldest first.
#[component]
pub fn WeborderHistory(history: Vec<domain::weborder::WeborderHistoryLine>) -> impl IntoView {
    view! {
        <h2>{t(T::History)}</h2>
        <ol class="history">
            {history.into_iter().map(|h| view! {
                <li>
                    <span class="muted">{format_local(h.at_ms)}</span>" "
                    <strong>{t(weborder_status_name(h.to))}</strong>
                    {h.actor.map(|a| format!(" · {a}"))}
                    {(!h.reason.is_empty()).then(|| format!(" · {}", h.reason))}
                </li>
            }).collect_view()}
        </ol>
    }
}
