//! A provider's weborders: the list, a new weborder for a school, one weborder and its cancellation.

use super::{select_options, ProviderNav};
use crate::api::provider::{
    lookup_school, provider_offers, provider_request, provider_weborder, provider_weborders, CreateWeborder,
    ProviderWeborderDetail,
};
use crate::api::weborders::CancelWeborder;
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::pager::{page_param, paged_list, query_pair};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{date_text, t, weborder_status_name, T};
use domain::offer::{OfferRow, OfferStatus};
use domain::offer_request::RequestRow;
use domain::time::format_local;
use domain::weborder::{WeborderRow, WeborderStatus};
use domain::{AppError, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The provider's weborders, filtered by status.
#[component]
pub fn ProviderWeborders() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let weborders = Resource::new(move || (status(), page()), |(s, p)| provider_weborders(WeborderStatus::from_code(&s), p));
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
            <Suspense fallback=loading>
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
            <span>{format!("{}: {} · {}: {}", t(T::ActivityDate), date_text(&w.activity_date), t(T::Students), w.students)}</span>
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
                provider_offers(Some(OfferStatus::Published), 1).await.map(|p| p.rows)
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
            <Suspense fallback=loading>
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
            <Suspense fallback=loading>
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
    // Waiting for the school: the provider may still withdraw it (no money has moved).
    let withdrawable = w.status == WeborderStatus::Pending;
    view! {
        <section class="card" aria-labelledby="wo-title">
            <h1 id="wo-title">{format!("{} {} · {}", t(T::Weborder), w.id, w.offer_title)}</h1>
            <p><span class=format!("badge badge-weborder-{}", w.status.code())>{t(weborder_status_name(w.status))}</span></p>
            <dl class="facts">
                <dt>{t(T::Location)}</dt>
                <dd>{format!("{} ({}: {})", w.location_name, t(T::CjpSchoolNumber), w.cjp_school_number)}</dd>
                <dt>{t(T::ActivityDate)}</dt><dd>{date_text(&w.activity_date)}</dd>
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
        {(cancellable || withdrawable).then(|| view! { {move || cancel_block(id, withdrawable, confirm.get(), cancel, error)} })}
    }
    .into_any()
}

/// The cancel (or, while the school has not decided, withdraw) link, or after it the warning
/// with the form.
fn cancel_block(
    id: i64,
    pending: bool,
    confirm: bool,
    cancel: ServerAction<CancelWeborder>,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let (action, warning, yes) = if pending {
        (T::WithdrawWeborder, T::WithdrawWeborderWarning, T::YesWithdrawWeborder)
    } else {
        (T::CancelWeborder, T::CancelWeborderWarning, T::YesCancelWeborder)
    };
    if !confirm {
        return view! {
            <p><a class="button-link danger-link" href=format!("/provider/weborders/{id}?confirm_cancel=1")>{t(action)}</a></p>
        }
        .into_any();
    }
    view! {
        <section class="alert alert-warning" role="alertdialog" aria-labelledby="cancel-text">
            <p id="cancel-text"><strong>{t(warning)}</strong></p>
            <ActionForm action=cancel attr:class="form">
                <input type="hidden" name="weborder_id" value=id.to_string()/>
                {pending.then(|| view! { <input type="hidden" name="withdraw" value="true"/> })}
                <label for="cancel-reason">{t(T::Reason)}</label>
                <textarea id="cancel-reason" name="reason" required maxlength="500" rows="3" aria-describedby="reason-error"></textarea>
                <FieldProblem error=error field="reason"/>
                <button type="submit" class="button button-danger" disabled=move || cancel.pending().get()>{t(yes)}</button>
            </ActionForm>
            <a href=format!("/provider/weborders/{id}") class="button-link">{t(T::GoBack)}</a>
        </section>
    }
    .into_any()
}
