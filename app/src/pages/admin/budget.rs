//! The operator's budget pages: programme periods, and orders with approval, rejection and
//! payments.

use super::AdminNav;
use crate::api::admin::{
    admin_link_preview, admin_orders, admin_periods, admin_unmatched, ApproveOrderNow, CreatePeriod, CreditInvoice, LinkCredit,
    RegisterPayment, RejectOrder,
};
use crate::components::forms::{action_error, load_error, loading, today};
use crate::components::pager::{page_param, paged, query_pair, ListAt};
use crate::components::{ErrorSummary, FieldProblem, InvoiceLinks, PortalLayout};
use crate::i18n::{counted, date_text, order_status_name, t, Noun, T};
use domain::budget::{LinkPreview, OrderRow, OrderStatus, UnmatchedLine};
use domain::time::{format_local, local_date};
use domain::{AppError, Money, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Programme periods and a form for a new one.
#[component]
pub fn AdminPeriods() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let create = ServerAction::<CreatePeriod>::new();
    let periods = Resource::new(move || (query.with(|q| q.get("done")), create.version().get()), |_| admin_periods());
    let error = Signal::derive(move || action_error(create.value().get()));
    let created = move || query.with(|q| q.get("done").is_some());
    view! {
        <Title text=t(T::Periods)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/periods"/>
            <h1>{t(T::Periods)}</h1>
            <p class="lead">{t(T::PeriodsIntro)}</p>
            <Show when=created><div class="alert alert-success" role="status">{t(T::PeriodCreated)}</div></Show>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match periods.await {
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::PeriodsEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="rows">
                                {list.into_iter().map(|p| view! {
                                    <li class="row-card">
                                        <div class="row-main">
                                            <strong>{p.name}</strong>
                                            <span>{format!("{} – {}", date_text(&p.starts_on), date_text(&p.ends_on))}</span>
                                            <span>{format!("{}: {} · {}: {}", t(T::ContributionPerStudent), p.rates.contribution.display_nl(), t(T::MatchPerStudent), p.rates.government_match.display_nl())}</span>
                                            <span class="muted">{format!("{}: {} · {}: {}", t(T::AmendmentDays), p.amendment_days, t(T::PaymentTermDays), p.payment_term_days)}</span>
                                            {p.in_use.then(|| view! { <span class="badge badge-active">{t(T::InUse)}</span> })}
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <section class="card" aria-labelledby="new-period">
                <h2 id="new-period">{t(T::NewPeriod)}</h2>
                <ErrorSummary error=error/>
                <ActionForm action=create attr:class="form">
                    <label for="name">{t(T::Name)}</label>
                    <input id="name" name="period[name]" required maxlength="100"/>
                    <FieldProblem error=error field="name"/>
                    <label for="starts_on">{t(T::StartsOn)}</label>
                    <input id="starts_on" name="period[starts_on]" required pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="2026-08-01"/>
                    <FieldProblem error=error field="starts_on"/>
                    <label for="ends_on">{t(T::EndsOn)}</label>
                    <input id="ends_on" name="period[ends_on]" required pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="2028-07-31"/>
                    <FieldProblem error=error field="ends_on"/>
                    <label for="contribution">{t(T::ContributionPerStudent)}</label>
                    <input id="contribution" name="period[contribution]" required inputmode="decimal" value="10,50"/>
                    <FieldProblem error=error field="contribution"/>
                    <label for="government_match">{t(T::MatchPerStudent)}</label>
                    <input id="government_match" name="period[government_match]" required inputmode="decimal" value="10,50"/>
                    <FieldProblem error=error field="government_match"/>
                    <label for="amendment_days">{t(T::AmendmentDays)}</label>
                    <input id="amendment_days" name="period[amendment_days]" type="number" min="0" max="60" required value="5"/>
                    <FieldProblem error=error field="amendment_days"/>
                    <label for="payment_term_days">{t(T::PaymentTermDays)}</label>
                    <input id="payment_term_days" name="period[payment_term_days]" type="number" min="0" max="365" required value="30"/>
                    <FieldProblem error=error field="payment_term_days"/>
                    <label for="vat_category">{t(T::VatCategory)}</label>
                    <select id="vat_category" name="period[vat_category]">
                        <option value="E">{t(T::VatExempt)}</option>
                        <option value="O">{t(T::VatOutside)}</option>
                    </select>
                    <button type="submit" class="button" disabled=move || create.pending().get()>{t(T::CreatePeriod)}</button>
                </ActionForm>
            </section>
        </PortalLayout>
    }
}

/// Budget orders by status, with early approval, rejection and payment registration.
#[component]
pub fn AdminOrders() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let page = move || page_param(query.with(|q| q.get("page")));
    let approve = ServerAction::<ApproveOrderNow>::new();
    let reject = ServerAction::<RejectOrder>::new();
    let pay = ServerAction::<RegisterPayment>::new();
    let credit = ServerAction::<CreditInvoice>::new();
    let orders = Resource::new(
        move || {
            (
                status(),
                page(),
                query.with(|q| q.get("done")),
                approve.version().get(),
                reject.version().get(),
                pay.version().get(),
                credit.version().get(),
            )
        },
        |(s, p, ..)| admin_orders(domain::budget::OrderStatus::from_code(&s), p),
    );
    let error = Signal::derive(move || {
        action_error(approve.value().get())
            .or_else(|| action_error(reject.value().get()))
            .or_else(|| action_error(pay.value().get()))
            .or_else(|| action_error(credit.value().get()))
    });
    let done = move || {
        query.with(|q| q.get("done")).and_then(|d| match d.as_str() {
            "approved" => Some(T::OrderApproved),
            "rejected" => Some(T::OrderRejected),
            "paid" => Some(T::PaymentRegistered),
            "credited" => Some(T::InvoiceCreditedDone),
            _ => None,
        })
    };
    let filters = [
        ("", T::AllStatuses),
        ("submitted", T::OrderStatusSubmitted),
        ("approved", T::OrderStatusApproved),
        ("rejected", T::OrderStatusRejected),
        ("withdrawn", T::OrderStatusWithdrawn),
        ("credited", T::OrderStatusCredited),
    ];
    view! {
        <Title text=t(T::Orders)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/orders"/>
            <h1>{t(T::Orders)}</h1>
            <nav class="filters" aria-label=t(T::Filter)>
                {filters.into_iter().map(|(code, key)| view! {
                    <a href=format!("/admin/orders?status={code}") aria-current=move || (status() == code).then_some("page")>{t(key)}</a>
                }).collect_view()}
            </nav>
            {move || done().map(|key| view! { <div class="alert alert-success" role="status">{t(key)}</div> })}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged(orders.await, T::OrdersEmpty, ListAt::new("/admin/orders", query_pair("status", &status())), |_, rows| view! {
                        <ul class="rows">
                            {rows.into_iter().map(|o| view! { <AdminOrderItem order=o approve=approve reject=reject pay=pay credit=credit/> }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn AdminOrderItem(
    order: OrderRow,
    approve: ServerAction<ApproveOrderNow>,
    reject: ServerAction<RejectOrder>,
    pay: ServerAction<RegisterPayment>,
    credit: ServerAction<CreditInvoice>,
) -> AnyView {
    let id = order.id;
    let pending = order.status == OrderStatus::Submitted;
    let invoice_text = format!("{}: {} ({}).", t(T::InvoiceAmount), order.amounts.invoice.display_nl(), order.location_name);
    view! {
        <li class="row-card order">
            <div class="row-main">
                <strong>{order.location_name.clone()}</strong>
                <span class=format!("badge badge-order-{}", order.status.code())>{t(order_status_name(order.status))}</span>
                <span>{format!("{} · {}: {} · {}: {}", order.period_name, t(T::CollectiveBudget), order.counts.collective, t(T::IndividualCredit), order.counts.individual)}</span>
                <span>{format!("{}: {}", t(T::InvoiceAmount), order.amounts.invoice.display_nl())}</span>
                {pending.then(|| view! { <span class="muted">{format!("{}: {}", t(T::AmendUntil), format_local(order.amend_deadline_ms))}</span> })}
                {order.reason.clone().map(|r| view! { <span>{format!("{}: {r}", t(T::Reason))}</span> })}
            </div>
            {pending.then(|| view! {
                <details>
                    <summary>{t(T::ApproveNow)}</summary>
                    <div class="alert alert-warning" role="alertdialog" aria-labelledby=format!("approve-text-{id}")>
                        <p id=format!("approve-text-{id}")>{format!("{} {}", t(T::ApproveNowConfirm), invoice_text)}</p>
                        <ActionForm action=approve attr:class="inline-form">
                            <input type="hidden" name="order_id" value=id.to_string()/>
                            <button type="submit" class="button">{t(T::YesApproveAndInvoice)}</button>
                        </ActionForm>
                    </div>
                </details>
                <details>
                    <summary>{t(T::Reject)}</summary>
                    <ActionForm action=reject attr:class="form">
                        <input type="hidden" name="order_id" value=id.to_string()/>
                        <label for=format!("reason-{id}")>{t(T::Reason)}</label>
                        <input id=format!("reason-{id}") name="reason" required maxlength="500"/>
                        <button type="submit" class="button button-danger">{t(T::Reject)}</button>
                    </ActionForm>
                </details>
            })}
            {order.invoice.clone().map(|i| {
                let invoice_id = i.id;
                let open = !i.paid_in_full && i.credit_note.is_none();
                let creditable = open && i.paid.cents() == 0;
                view! {
                    <div class="invoice">
                        <strong>{format!("{} {}", t(T::Invoice), i.number)}</strong>
                        <InvoiceLinks invoice=i.clone()/>
                        <span>{format!("{}: {} · {}: {} · {}: {}", t(T::Amount), i.amount.display_nl(), t(T::Paid), i.paid.display_nl(), t(T::Outstanding), i.outstanding().display_nl())}</span>
                        <span class="muted">{format!("{} {}", t(T::DueOn), date_text(&local_date(i.due_at_ms)))}</span>
                        {open.then(|| view! {
                            <details>
                                <summary>{t(T::RegisterPayment)}</summary>
                                <ActionForm action=pay attr:class="form">
                                    <input type="hidden" name="invoice_id" value=invoice_id.to_string()/>
                                    <label for=format!("amount-{invoice_id}")>{t(T::Amount)}</label>
                                    <input id=format!("amount-{invoice_id}") name="amount" required inputmode="decimal" value=i.outstanding().to_string()/>
                                    <label for=format!("paid-on-{invoice_id}")>{t(T::PaidOn)}</label>
                                    <input id=format!("paid-on-{invoice_id}") name="paid_on" type="date" required max=today()/>
                                    <label for=format!("ref-{invoice_id}")>{t(T::Reference)}</label>
                                    <input id=format!("ref-{invoice_id}") name="reference" required maxlength="140" value=i.number.clone()/>
                                    <div class="checkbox">
                                        <input id=format!("above-{invoice_id}") name="confirm_above_outstanding" type="checkbox" value="yes"/>
                                        <label for=format!("above-{invoice_id}")>{t(T::ConfirmAboveOutstanding)}</label>
                                    </div>
                                    <button type="submit" class="button">{t(T::RegisterPayment)}</button>
                                </ActionForm>
                            </details>
                        })}
                        {creditable.then(|| view! {
                            <details>
                                <summary>{t(T::CreditInvoiceAction)}</summary>
                                <ActionForm action=credit attr:class="form">
                                    <p class="hint">{t(T::CreditInvoiceHint)}</p>
                                    <input type="hidden" name="invoice_id" value=invoice_id.to_string()/>
                                    <label for=format!("credit-reason-{invoice_id}")>{t(T::Reason)}</label>
                                    <input id=format!("credit-reason-{invoice_id}") name="reason" required maxlength="500"/>
                                    <button type="submit" class="button button-danger">{t(T::CreditInvoiceConfirm)}</button>
                                </ActionForm>
                            </details>
                        })}
                    </div>
                }
            })}
        </li>
    }
    .into_any()
}

/// Importing bank statements, and the credits that matched no invoice, each of which the
/// operator can link to an invoice by hand (after seeing what that does).
#[component]
pub fn AdminPayments() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let link = ServerAction::<LinkCredit>::new();
    let unmatched =
        Resource::new(move || (page(), query.with(|q| q.get("lines")), link.version().get()), |(p, _, _)| admin_unmatched(p));
    // `?link=<line>&invoice=<typed>`: the credit the operator is linking and the number typed.
    let linking = move || {
        query.with(|q| q.get("link").and_then(|l| l.parse::<i64>().ok()).map(|l| (l, q.get("invoice").unwrap_or_default())))
    };
    let preview = Resource::new(linking, |l| async move {
        match l {
            Some((line, invoice)) => Some(admin_link_preview(line, invoice).await),
            None => None,
        }
    });
    let count = move |key: &str| query.with(|q| q.get(key).and_then(|v| v.parse::<i64>().ok()));
    // A failed upload comes back (without JavaScript) as the error in the address.
    let upload_error = Signal::derive(move || {
        use leptos::server_fn::error::ServerFnUrlError;
        query.with(|q| q.get("__err")).map(|e| ServerFnUrlError::<AppError>::decode_err(&e))
    });
    let link_error = Signal::derive(move || action_error(link.value().get()));
    let linked = move || query.with(|q| q.get("done")).as_deref() == Some("linked");
    view! {
        <Title text=t(T::Payments)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/payments"/>
            <h1>{t(T::Payments)}</h1>
            <p class="lead">{t(T::PaymentsIntro)}</p>
            {move || linked().then(|| view! { <div class="alert alert-success" role="status">{t(T::CreditLinked)}</div> })}
            {move || count("lines").map(|lines| view! {
                <div class="alert alert-success" role="status">
                    <p>{format!("{}: {}", t(T::ImportResult), counted(lines, Noun::BankCredit))}</p>
                    <ul class="plain-list small">
                        <li>{format!("{} {}", count("matched").unwrap_or(0), t(T::ImportMatched))}</li>
                        <li>{counted(count("partial").unwrap_or(0), Noun::PartialPayment)}</li>
                        <li>{format!("{} {}", count("overpaid").unwrap_or(0), t(T::ImportOverpaid))}</li>
                        <li>{format!("{} {}", count("unmatched").unwrap_or(0), t(T::ImportUnmatched))}</li>
                        <li>{format!("{} {}", count("duplicates").unwrap_or(0), t(T::ImportDuplicates))}</li>
                    </ul>
                </div>
            })}
            <ErrorSummary error=upload_error/>
            <ErrorSummary error=link_error/>
            <form class="form" method="post" enctype="multipart/form-data" action="/api/admin/import_statement">
                <label for="statement">{t(T::StatementFile)}</label>
                <input id="statement" name="file" type="file" accept=".xml,application/xml,text/xml" required/>
                <button type="submit" class="button">{t(T::Import)}</button>
            </form>
            <h2>{t(T::Unmatched)}</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let preview = preview.await;
                    let linking = linking();
                    // A problem that is not about the number typed (the credit was linked
                    // meanwhile) is said above the list; the line is no longer in it.
                    let elsewhere = match &preview {
                        Some(Err(e)) if e.problem_for("invoice").is_none() => Some(load_error(e)),
                        _ => None,
                    };
                    let list = paged(unmatched.await, T::UnmatchedEmpty, ListAt::new("/admin/payments", String::new()), move |p, rows| view! {
                        <ul class="rows">
                            {rows.into_iter().map(|l| {
                                let here = linking.clone().filter(|(id, _)| *id == l.id);
                                let result = here.as_ref().and_then(|_| preview.clone());
                                view! { <UnmatchedItem line=l page=p typed=here.map(|(_, typed)| typed) preview=result link=link/> }
                            }).collect_view()}
                        </ul>
                    }.into_any());
                    view! { {elsewhere} {list} }.into_any()
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// A credit without an invoice: what the bank said, and linking it to an invoice in two steps
/// (type the number and see what it does, then confirm).
#[component]
fn UnmatchedItem(
    line: UnmatchedLine,
    page: u32,
    /// The invoice number typed for this line, when it is the one being linked.
    typed: Option<String>,
    preview: Option<Result<LinkPreview, AppError>>,
    link: ServerAction<LinkCredit>,
) -> AnyView {
    let id = line.id;
    let field_problem = match &preview {
        Some(Err(e)) if e.problem_for("invoice").is_some() => Some(e.clone()),
        _ => None,
    };
    let error = Signal::derive(move || field_problem.clone());
    let input_id = format!("invoice-{id}");
    let back = format!("/admin/payments?page={page}");
    let confirm = match preview {
        Some(Ok(p)) => {
            let difference = p.difference();
            let outcome = if difference.cents() == 0 {
                view! { <p>{t(T::LinkSettles)}</p> }.into_any()
            } else if difference.is_negative() {
                let open = Money::ZERO.checked_sub(difference).unwrap_or(Money::ZERO);
                view! { <p>{format!("{} {}", t(T::LinkLeavesOpen), open.display_nl())}</p> }.into_any()
            } else {
                view! { <p>{format!("{} {}", t(T::LinkPaysTooMuch), difference.display_nl())}</p> }.into_any()
            };
            Some(view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby=format!("link-title-{id}")>
                    <p id=format!("link-title-{id}")><strong>{t(T::LinkConfirmTitle)}</strong></p>
                    <dl class="facts">
                        <dt>{t(T::Amount)}</dt><dd>{p.line.amount.display_nl()}</dd>
                        <dt>{t(T::Invoice)}</dt><dd>{format!("{} · {}", p.invoice_number, p.location_name)}</dd>
                        <dt>{t(T::InvoiceAmount)}</dt><dd>{p.invoice_amount.display_nl()}</dd>
                        <dt>{t(T::Outstanding)}</dt><dd>{p.outstanding.display_nl()}</dd>
                    </dl>
                    {outcome}
                    <p>{t(T::LinkConfirmText)}</p>
                    <div class="actions">
                        <ActionForm action=link attr:class="inline-form">
                            <input type="hidden" name="line_id" value=id.to_string()/>
                            <input type="hidden" name="invoice" value=p.invoice_number.clone()/>
                            <button type="submit" class="button">{t(T::YesLink)}</button>
                        </ActionForm>
                        <a href=back.clone() class="button-link">{t(T::GoBack)}</a>
                    </div>
                </div>
            })
        }
        _ => None,
    };
    view! {
        <li class="row-card">
            <div class="row-main">
                <strong>{line.amount.display_nl()}</strong>
                <span>{format!("{} {} · {}", t(T::BookedOn), date_text(&line.booked_on), line.counterparty)}</span>
                <span class="muted">{line.remittance}</span>
            </div>
            {match confirm {
                Some(c) => c.into_any(),
                None => view! {
                    <details open=typed.is_some()>
                        <summary>{t(T::LinkToInvoice)}</summary>
                        <form method="get" action="/admin/payments" class="form">
                            <input type="hidden" name="link" value=id.to_string()/>
                            <input type="hidden" name="page" value=page.to_string()/>
                            <label for=input_id.clone()>{t(T::LinkInvoiceNumber)}</label>
                            <p class="hint">{t(T::LinkInvoiceHint)}</p>
                            <input id=input_id.clone() name="invoice" type="text" required maxlength="40" autocomplete="off"
                                value=typed.clone().unwrap_or_default() aria-describedby="invoice-error"/>
                            <FieldProblem error=error field="invoice"/>
                            <button type="submit" class="button">{t(T::LinkCheck)}</button>
                        </form>
                    </details>
                }
                .into_any(),
            }}
        </li>
    }
    .into_any()
}
