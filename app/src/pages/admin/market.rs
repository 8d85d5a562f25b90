//! The operator's marketplace pages: vetting providers and their bank accounts, payout batches,
//! and every weborder on the platform.

use super::AdminNav;
use crate::api::market_admin::{
    admin_payouts, admin_provider, admin_providers, CreatePayoutBatch, DecideProvider, PayoutBatchStep,
};
use crate::api::weborders::{admin_weborders, CancelWeborder};
use crate::components::forms::{action_error, done_notice, load_error, loading, today};
use crate::components::pager::{page_param, paged_list, query_pair};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{date_text, payout_status_name, provider_status_name, t, weborder_status_name, T};
use domain::provider::{ProviderDetail, ProviderEvent, ProviderRow, ProviderStatus};
use domain::time::format_local;
use domain::weborder::{PayoutBatchRow, PayoutStatus, WeborderRow, WeborderStatus};
use domain::{AppError, Money, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The words for a line in a provider's vetting history (`None` for a kind this page does not
/// know; the stored kind is shown then).
fn provider_event_name(kind: &str) -> Option<T> {
    match kind {
        "signed_up" => Some(T::ProviderEventSignedUp),
        "approved" => Some(T::ProviderEventApproved),
        "rejected" => Some(T::ProviderEventRejected),
        "iban_requested" => Some(T::ProviderEventIbanRequested),
        "iban_approved" => Some(T::ProviderEventIbanApproved),
        "iban_rejected" => Some(T::ProviderEventIbanRejected),
        _ => None,
    }
}

/// The text itself, or "not given" when it is empty.
fn or_not_given(text: String) -> String {
    if text.trim().is_empty() {
        t(T::NotGiven).to_owned()
    } else {
        text
    }
}

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

/// Providers by vetting status, those waiting for a check first.
#[component]
pub fn AdminProviders() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let providers =
        Resource::new(move || (status(), page()), |(s, p)| admin_providers(domain::provider::ProviderStatus::from_code(&s), p));
    let filters = [
        ("", T::AllStatuses),
        ("pending", T::ProviderStatusPending),
        ("approved", T::ProviderStatusApproved),
        ("rejected", T::ProviderStatusRejected),
    ];
    view! {
        <Title text=t(T::Providers)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/providers"/>
            <h1>{t(T::Providers)}</h1>
            <p class="lead">{t(T::ProvidersIntro)}</p>
            <nav class="filters" aria-label=t(T::Filter)>
                {filters.into_iter().map(|(code, key)| view! {
                    <a href=format!("/admin/providers?status={code}") aria-current=move || (status() == code).then_some("page")>{t(key)}</a>
                }).collect_view()}
            </nav>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged_list(providers.await, T::ProvidersEmpty, "/admin/providers", query_pair("status", &status()), provider_item)
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One provider in the list: name (to its page), KvK number, city, status.
fn provider_item(provider: ProviderRow) -> AnyView {
    let ProviderRow { id, name, kvk_number, city, status, iban_pending, .. } = provider;
    view! {
        <div class="row-main">
            <strong><a href=format!("/admin/providers/{id}")>{name}</a></strong>
            <span>{format!("{}: {kvk_number} · {city}", t(T::KvkNumber))}</span>
            <span class=format!("badge badge-provider-{}", status.code())>{t(provider_status_name(status))}</span>
            {iban_pending.is_some().then(|| view! { <span class="badge badge-iban-pending">{t(T::IbanToCheck)}</span> })}
        </div>
    }
    .into_any()
}

/// One provider: details, users and history, and the operator's decisions on the provider and
/// on a new bank account.
#[component]
pub fn AdminProviderPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let provider_id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let decide = ServerAction::<DecideProvider>::new();
    let detail = Resource::new(
        move || (provider_id(), query.with(|q| q.get("done")), decide.version().get()),
        |(id, ..)| admin_provider(id),
    );
    let error = Signal::derive(move || action_error(decide.value().get()));
    let done = move || done_notice(query.with(|q| q.get("done")), &[("decided", T::ProviderDecided)]);
    let confirm_reject = move || query.with(|q| q.get("confirm_reject").is_some_and(|v| v == "1"));
    view! {
        <Title text=t(T::Providers)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/providers"/>
            <p><a href="/admin/providers">{t(T::BackToProviders)}</a></p>
            {done}
            <Suspense fallback=loading>
                {move || {
                    let confirm = confirm_reject();
                    Suspend::new(async move {
                        match detail.await {
                            Err(e) => load_error(&e),
                            Ok(d) => view! { <ProviderView detail=d decide=decide confirm_reject=confirm error=error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn ProviderView(
    detail: ProviderDetail,
    decide: ServerAction<DecideProvider>,
    confirm_reject: bool,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let ProviderDetail { provider, events, users } = detail;
    let id = provider.id.0;
    let status = provider.status;
    let reason = provider.status_reason.clone();
    let iban_pending = provider.iban_pending.clone();
    view! {
        <h1>{provider.name.clone()}</h1>
        <p>
            <span class=format!("badge badge-provider-{}", status.code())>{t(provider_status_name(status))}</span>
            {iban_pending.is_some().then(|| view! { " "<span class="badge badge-iban-pending">{t(T::IbanToCheck)}</span> })}
        </p>
        {(!reason.trim().is_empty()).then(|| view! { <p>{format!("{}: {reason}", t(T::Reason))}</p> })}
        <ProviderFacts provider=provider/>
        <ProviderDecisions provider_id=id status=status iban_pending=iban_pending decide=decide confirm_reject=confirm_reject error=error/>
        <section class="card" aria-labelledby="users-title">
            <h2 id="users-title">{t(T::Users)}</h2>
            {if users.is_empty() {
                view! { <p class="empty">{t(T::ProviderUsersEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {users.into_iter().map(|(name, email)| view! {
                            <li><strong>{name}</strong>" — "<a href=format!("mailto:{email}")>{email.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <ProviderHistory events=events/>
    }
    .into_any()
}

#[component]
fn ProviderFacts(provider: ProviderRow) -> AnyView {
    let ProviderRow {
        kvk_number,
        vat_number,
        city,
        email,
        phone,
        website,
        account_holder,
        iban,
        iban_pending,
        created_at_ms,
        ..
    } = provider;
    let website_view = if website.starts_with("https://") || website.starts_with("http://") {
        {
            let href = website.clone();
            view! { <a href=href rel="external noopener noreferrer">{website}</a> }.into_any()
        }
    } else {
        view! { <span>{or_not_given(website)}</span> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="facts-title">
            <h2 id="facts-title">{t(T::ProviderDetails)}</h2>
            <dl class="facts">
                <dt>{t(T::KvkNumber)}</dt><dd>{kvk_number}</dd>
                <dt>{t(T::ProviderVatNumber)}</dt><dd>{or_not_given(vat_number)}</dd>
                <dt>{t(T::City)}</dt><dd>{city}</dd>
                <dt>{t(T::Email)}</dt><dd><a href=format!("mailto:{email}")>{email.clone()}</a></dd>
                <dt>{t(T::ProviderPhone)}</dt><dd>{or_not_given(phone)}</dd>
                <dt>{t(T::ProviderWebsite)}</dt><dd>{website_view}</dd>
                <dt>{t(T::ProviderAccountHolder)}</dt><dd>{or_not_given(account_holder)}</dd>
                <dt>{t(T::VettedIban)}</dt><dd>{iban.unwrap_or_else(|| t(T::IbanNone).to_owned())}</dd>
                {iban_pending.map(|i| view! { <dt>{t(T::PendingIban)}</dt><dd><strong>{i}</strong></dd> })}
                <dt>{t(T::SignedUpOn)}</dt><dd>{format_local(created_at_ms)}</dd>
            </dl>
        </section>
    }
    .into_any()
}

#[component]
fn ProviderDecisions(
    provider_id: i64,
    status: ProviderStatus,
    iban_pending: Option<String>,
    decide: ServerAction<DecideProvider>,
    confirm_reject: bool,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let here = format!("/admin/providers/{provider_id}");
    let approve = (status != ProviderStatus::Approved).then(|| {
        view! {
            <ActionForm action=decide attr:class="form">
                <p class="hint">{t(T::ApproveProviderHint)}</p>
                <input type="hidden" name="provider_id" value=provider_id.to_string()/>
                <input type="hidden" name="subject" value="provider"/>
                <input type="hidden" name="decision" value="approve"/>
                <input type="hidden" name="reason" value=""/>
                <button type="submit" class="button" disabled=move || decide.pending().get()>{t(T::ApproveProvider)}</button>
            </ActionForm>
        }
    });
    let reject = (status != ProviderStatus::Rejected).then(|| {
        if confirm_reject {
            view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="reject-text">
                    <p id="reject-text">{t(T::RejectProviderConfirm)}</p>
                    <ActionForm action=decide attr:class="form">
                        <input type="hidden" name="provider_id" value=provider_id.to_string()/>
                        <input type="hidden" name="subject" value="provider"/>
                        <input type="hidden" name="decision" value="reject"/>
                        <label for="reject-reason">{t(T::Reason)}</label>
                        <input id="reject-reason" name="reason" required maxlength="500"/>
                        <FieldProblem error=error field="reason"/>
                        <button type="submit" class="button button-danger" disabled=move || decide.pending().get()>{t(T::YesReject)}</button>
                    </ActionForm>
                    <a href=here.clone() class="button-link">{t(T::GoBack)}</a>
                </div>
            }
            .into_any()
        } else {
            view! {
                <p><a class="button-link danger-link" href=format!("{here}?confirm_reject=1#decision")>{t(T::RejectProvider)}</a></p>
            }
            .into_any()
        }
    });
    let iban = iban_pending.map(|iban| {
        view! {
            <h3>{t(T::PendingIban)}</h3>
            <p><strong>{iban}</strong></p>
            <p class="hint">{t(T::IbanCheckHint)}</p>
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="provider_id" value=provider_id.to_string()/>
                <input type="hidden" name="subject" value="iban"/>
                <input type="hidden" name="decision" value="approve"/>
                <input type="hidden" name="reason" value=""/>
                <button type="submit" class="button" disabled=move || decide.pending().get()>{t(T::ApproveIban)}</button>
            </ActionForm>
            <details>
                <summary>{t(T::RejectIban)}</summary>
                <ActionForm action=decide attr:class="form">
                    <input type="hidden" name="provider_id" value=provider_id.to_string()/>
                    <input type="hidden" name="subject" value="iban"/>
                    <input type="hidden" name="decision" value="reject"/>
                    <label for="iban-reason">{t(T::Reason)}</label>
                    <input id="iban-reason" name="reason" required maxlength="500"/>
                    <button type="submit" class="button button-danger" disabled=move || decide.pending().get()>{t(T::RejectIban)}</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <section class="card" id="decision" aria-labelledby="decision-title">
            <h2 id="decision-title">{t(T::ProviderDecision)}</h2>
            <ErrorSummary error=error/>
            {approve}
            {reject}
            {iban}
        </section>
    }
    .into_any()
}

#[component]
fn ProviderHistory(events: Vec<ProviderEvent>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t(T::ProviderHistory)}</h2>
            {if events.is_empty() {
                view! { <p class="empty">{t(T::ProviderHistoryEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows">
                        {events.into_iter().map(|e| {
                            let kind = provider_event_name(&e.kind).map_or_else(|| e.kind.clone(), |k| t(k).to_owned());
                            let when = match e.actor {
                                Some(actor) => format!("{} · {actor}", format_local(e.at_ms)),
                                None => format_local(e.at_ms),
                            };
                            view! {
                                <li class="row-card">
                                    <div class="row-main">
                                        <strong>{kind}</strong>
                                        {(!e.detail.trim().is_empty()).then(|| view! { <span>{e.detail.clone()}</span> })}
                                        <span class="muted">{when}</span>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Payouts
// ---------------------------------------------------------------------------------------------

/// Payouts: what the next batch would pay and making it, then the batches with their SEPA file
/// and their steps (sent to the bank, paid).
#[component]
pub fn AdminPayouts() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let create = ServerAction::<CreatePayoutBatch>::new();
    let step = ServerAction::<PayoutBatchStep>::new();
    let overview = Resource::new(
        move || (page(), query.with(|q| q.get("done")), create.version().get(), step.version().get()),
        |(p, ..)| admin_payouts(p),
    );
    let create_error = Signal::derive(move || action_error(create.value().get()));
    let step_error = Signal::derive(move || action_error(step.value().get()));
    let confirm_batch = move || query.with(|q| q.get("confirm_batch").is_some_and(|v| v == "1"));
    let confirm_paid = move || query.with(|q| q.get("confirm_paid").and_then(|v| v.parse::<i64>().ok()));
    let done = move || {
        done_notice(
            query.with(|q| q.get("done")),
            &[("created", T::BatchCreated), ("sent", T::BatchSent), ("paid", T::BatchPaid)],
        )
    };
    view! {
        <Title text=t(T::PayoutBatches)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/payouts"/>
            <h1>{t(T::PayoutBatches)}</h1>
            <p class="lead">{t(T::PayoutsIntro)}</p>
            {done}
            <ErrorSummary error=step_error/>
            <Suspense fallback=loading>
                {move || {
                    let (confirm_batch, confirm_paid, page) = (confirm_batch(), confirm_paid(), page());
                    Suspend::new(async move {
                        match overview.await {
                            Err(e) => load_error(&e),
                            Ok(o) => view! {
                                <PayableSection payable=o.payable create=create confirm=confirm_batch page=page error=create_error/>
                                <section aria-labelledby="batches-title">
                                    <h2 id="batches-title">{t(T::BatchesSoFar)}</h2>
                                    {paged_list(Ok(o.batches), T::BatchesEmpty, "/admin/payouts", String::new(), move |b| {
                                        batch_item(b, step, confirm_paid, page)
                                    })}
                                </section>
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </PortalLayout>
    }
}

/// What the next batch would pay, per provider, with the form that makes the batch (behind a
/// confirmation).
#[component]
fn PayableSection(
    payable: Vec<(String, i64, i64, Money)>,
    create: ServerAction<CreatePayoutBatch>,
    confirm: bool,
    page: u32,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let body = if payable.is_empty() {
        view! { <p class="empty">{t(T::PayableEmpty)}</p> }.into_any()
    } else {
        let total = payable.iter().try_fold(Money::ZERO, |sum, (_, _, _, amount)| sum.checked_add(*amount));
        let count: i64 = payable.iter().map(|(_, n, _, _)| *n).sum();
        let back = format!("/admin/payouts?page={page}");
        let action = if confirm {
            view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="batch-text">
                    <p id="batch-text">{t(T::BatchConfirm)}</p>
                    <ErrorSummary error=error/>
                    <ActionForm action=create attr:class="form">
                        <label for="execution_date">{t(T::BatchExecutionDate)}</label>
                        <p class="hint" id="execution_date-hint">{t(T::BatchExecutionDateHint)}</p>
                        <input id="execution_date" name="execution_date" type="date" min=today() aria-describedby="execution_date-hint"/>
                        <FieldProblem error=error field="execution_date"/>
                        <button type="submit" class="button" disabled=move || create.pending().get()>{t(T::YesMakeBatch)}</button>
                    </ActionForm>
                    <a href=back class="button-link">{t(T::GoBack)}</a>
                </div>
            }
            .into_any()
        } else {
            view! { <p><a class="button" href=format!("{back}&confirm_batch=1#payable")>{t(T::MakePayoutBatch)}</a></p> }
                .into_any()
        };
        view! {
            <ul class="rows">
                {payable.into_iter().map(|(name, weborders, counter, amount)| view! {
                    <li class="row-card">
                        <div class="row-main">
                            <strong>{name}</strong>
                            <span>{format!("{}: {weborders} · {}: {counter} · {}", t(T::WebordersInBatch), t(T::CounterPayments), amount.display_nl())}</span>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
            <p>
                <strong>{format!("{}: {}", t(T::PayoutTotal), total.map(Money::display_nl).unwrap_or_default())}</strong>
                {format!(" · {}: {count}", t(T::WebordersInBatch))}
            </p>
            {action}
        }
        .into_any()
    };
    view! {
        <section class="card" id="payable" aria-labelledby="payable-title">
            <h2 id="payable-title">{t(T::ReadyForPayout)}</h2>
            {body}
        </section>
    }
    .into_any()
}

/// One payout batch: its facts, the SEPA file, and the next step.
fn batch_item(batch: PayoutBatchRow, step: ServerAction<PayoutBatchStep>, confirm_paid: Option<i64>, page: u32) -> AnyView {
    let PayoutBatchRow { id, number, status, execution_date, total, transfers, weborders, created_at_ms } = batch;
    let status_text = t(payout_status_name(status)).to_owned();
    let back = format!("/admin/payouts?page={page}");
    let next = match status {
        PayoutStatus::Created => Some(
            view! {
                <ActionForm action=step attr:class="inline-form">
                    <input type="hidden" name="batch_id" value=id.to_string()/>
                    <input type="hidden" name="step" value=PayoutStatus::Sent.code()/>
                    <button type="submit" class="button" disabled=move || step.pending().get()>{t(T::MarkSent)}</button>
                </ActionForm>
            }
            .into_any(),
        ),
        PayoutStatus::Sent if confirm_paid == Some(id) => Some(
            view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby=format!("paid-text-{id}")>
                    <p id=format!("paid-text-{id}")>{t(T::MarkPaidConfirm)}</p>
                    <ActionForm action=step attr:class="inline-form">
                        <input type="hidden" name="batch_id" value=id.to_string()/>
                        <input type="hidden" name="step" value=PayoutStatus::Paid.code()/>
                        <button type="submit" class="button button-danger" disabled=move || step.pending().get()>{t(T::YesMarkPaid)}</button>
                    </ActionForm>
                    <a href=back.clone() class="button-link">{t(T::GoBack)}</a>
                </div>
            }
            .into_any(),
        ),
        PayoutStatus::Sent => Some(
            view! {
                <a class="button-link" href=format!("{back}&confirm_paid={id}#batch-{id}")>{t(T::MarkPaid)}</a>
            }
            .into_any(),
        ),
        PayoutStatus::Paid => None,
    };
    view! {
        <div class="row-main" id=format!("batch-{id}")>
            <strong>{number}</strong>
            <span class=format!("badge badge-batch-{}", status.code())>{status_text}</span>
            <span>{format!("{}: {}", t(T::BatchExecutionDate), date_text(&execution_date))}</span>
            <span>{format!("{}: {}", t(T::PayoutTotal), total.display_nl())}</span>
            <span>{format!("{}: {transfers} · {}: {weborders}", t(T::BatchTransfers), t(T::WebordersInBatch))}</span>
            <span class="muted">{format_local(created_at_ms)}</span>
            <a href=format!("/admin/payouts/{id}/pain001.xml") rel="external" download>{t(T::DownloadSepa)}</a>
        </div>
        {next}
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// Weborders
// ---------------------------------------------------------------------------------------------

/// The status filter: all, then every weborder status.
fn weborder_filters() -> Vec<(&'static str, T)> {
    std::iter::once(("", T::AllStatuses))
        .chain(WeborderStatus::ALL.into_iter().map(|s| (s.code(), weborder_status_name(s))))
        .collect()
}

/// The weborders list at `page` with the status filter `status`.
fn weborders_href(status: &str, page: u32) -> String {
    let pair = query_pair("status", status);
    if pair.is_empty() {
        format!("/admin/weborders?page={page}")
    } else {
        format!("/admin/weborders?page={page}&{pair}")
    }
}

/// Every weborder on the platform by status, with cancelling an approved one before payout
/// (behind a confirmation).
#[component]
pub fn AdminWeborders() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let confirm_cancel = move || query.with(|q| q.get("confirm_cancel").and_then(|v| v.parse::<i64>().ok()));
    let cancel = ServerAction::<CancelWeborder>::new();
    let weborders = Resource::new(
        move || (status(), page(), query.with(|q| q.get("done")), cancel.version().get()),
        |(s, p, ..)| admin_weborders(WeborderStatus::from_code(&s), p),
    );
    let error = Signal::derive(move || action_error(cancel.value().get()));
    let done = move || done_notice(query.with(|q| q.get("done")), &[("cancelled", T::WeborderCancelledByOperator)]);
    view! {
        <Title text=t(T::AllWeborders)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/weborders"/>
            <h1>{t(T::AllWeborders)}</h1>
            <p class="lead">{t(T::AdminWebordersIntro)}</p>
            <nav class="filters" aria-label=t(T::Filter)>
                {weborder_filters().into_iter().map(|(code, key)| view! {
                    <a href=format!("/admin/weborders?status={code}") aria-current=move || (status() == code).then_some("page")>{t(key)}</a>
                }).collect_view()}
            </nav>
            {done}
            <Suspense fallback=loading>
                {move || {
                    let (status, page, confirm) = (status(), page(), confirm_cancel());
                    Suspend::new(async move {
                        let back = weborders_href(&status, page);
                        paged_list(weborders.await, T::NoWebordersFound, "/admin/weborders", query_pair("status", &status), move |w| {
                            weborder_item(w, cancel, confirm, back.clone(), error)
                        })
                    })
                }}
            </Suspense>
        </PortalLayout>
    }
}

/// One weborder: what, who, where, when, how much, where it stands; and cancelling it while it
/// is approved and not yet in a payout batch.
fn weborder_item(
    weborder: WeborderRow,
    cancel: ServerAction<CancelWeborder>,
    confirm: Option<i64>,
    back: String,
    error: Signal<Option<AppError>>,
) -> AnyView {
    let WeborderRow {
        id,
        provider_name,
        location_name,
        cjp_school_number,
        offer_title,
        activity_date,
        students,
        amount,
        status,
        reason,
        payout_batch,
        ..
    } = weborder;
    let cancellable = status == WeborderStatus::Approved && payout_batch.is_none();
    let cancel_view = cancellable.then(|| {
        if confirm == Some(id) {
            view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby=format!("cancel-text-{id}")>
                    <p id=format!("cancel-text-{id}")>{t(T::OperatorCancelConfirm)}</p>
                    <ErrorSummary error=error/>
                    <ActionForm action=cancel attr:class="form">
                        <input type="hidden" name="weborder_id" value=id.to_string()/>
                        <label for=format!("cancel-reason-{id}")>{t(T::Reason)}</label>
                        <input id=format!("cancel-reason-{id}") name="reason" required maxlength="500"/>
                        <FieldProblem error=error field="reason"/>
                        <button type="submit" class="button button-danger" disabled=move || cancel.pending().get()>{t(T::YesCancelIt)}</button>
                    </ActionForm>
                    <a href=back.clone() class="button-link">{t(T::NoGoBack)}</a>
                </div>
            }
            .into_any()
        } else {
            view! {
                <a class="button-link danger-link" href=format!("{back}&confirm_cancel={id}#weborder-{id}")>{t(T::CancelThisWeborder)}</a>
            }
            .into_any()
        }
    });
    view! {
        <div class="row-main" id=format!("weborder-{id}")>
            <strong>{offer_title}</strong>
            <span class=format!("badge badge-weborder-{}", status.code())>{t(weborder_status_name(status))}</span>
            <span>{provider_name}</span>
            <span>{format!("{location_name} · {}: {cjp_school_number}", t(T::CjpSchoolNumber))}</span>
            <span>{format!("{} {} · {}: {students} · {}", t(T::ActivityOn), date_text(&activity_date), t(T::Students), amount.display_nl())}</span>
            {(!reason.trim().is_empty()).then(|| view! { <span>{format!("{}: {reason}", t(T::Reason))}</span> })}
            {payout_batch.map(|n| view! { <span class="muted">{format!("{}: {n}", t(T::PayoutBatchLabel))}</span> })}
        </div>
        {cancel_view}
    }
    .into_any()
}
