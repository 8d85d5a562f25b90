//! The school portal's budget page: order, amend or withdraw; invoices; available budget.

use super::SchoolNav;
use crate::api::budget::{
    location_ledger, school_budget, AmendBudgetOrder, LocationBudget, SubmitBudgetOrder, WithdrawBudgetOrder,
};
use crate::components::forms::{action_error, load_error, loading};
use crate::components::pager::{page_param, paged, ListAt};
use crate::components::{ErrorSummary, FieldProblem, InvoiceLinks, PortalLayout};
use crate::i18n::{account_name, date_text, ledger_kind_name, order_status_name, t, T};
use crate::islands::OrderPreview;
use domain::budget::{AccountKind, LedgerLine, OrderRow, OrderStatus, Rates};
use domain::time::{format_local, local_date};
use domain::{Money, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The budget page.
#[component]
pub fn SchoolBudget() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let submit = ServerAction::<SubmitBudgetOrder>::new();
    let amend = ServerAction::<AmendBudgetOrder>::new();
    let withdraw = ServerAction::<WithdrawBudgetOrder>::new();
    let budgets = Resource::new(
        move || (query.with(|q| q.get("done")), submit.version().get(), amend.version().get(), withdraw.version().get()),
        |_| school_budget(),
    );
    let done = move || {
        query.with(|q| q.get("done")).and_then(|d| match d.as_str() {
            "submitted" => Some(T::OrderSubmitted),
            "amended" => Some(T::OrderAmended),
            "withdrawn" => Some(T::OrderWithdrawn),
            _ => None,
        })
    };
    let confirm_withdraw = move || query.with(|q| q.get("confirm_withdraw").and_then(|v| v.parse::<i64>().ok()));
    let amend_error = Signal::derive(move || action_error(amend.value().get()));
    let withdraw_error = Signal::derive(move || action_error(withdraw.value().get()));
    view! {
        <Title text=t(T::Budget)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/budget"/>
            <h1>{t(T::Budget)}</h1>
            <p class="lead">{t(T::BudgetIntro)}</p>
            {move || done().map(|key| view! { <div class="alert alert-success" role="status">{t(key)}</div> })}
            {move || confirm_withdraw().map(|id| view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="withdraw-text">
                    <p id="withdraw-text">{t(T::WithdrawConfirm)}</p>
                    <ActionForm action=withdraw attr:class="inline-form">
                        <input type="hidden" name="order_id" value=id.to_string()/>
                        <button type="submit" class="button button-danger">{t(T::YesWithdraw)}</button>
                    </ActionForm>
                    <a href="/school/budget" class="button-link">{t(T::GoBack)}</a>
                </div>
            })}
            <ErrorSummary error=withdraw_error/>
            <ErrorSummary error=amend_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match budgets.await {
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::NoLocations)}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|b| view! { <LocationBudgetCard budget=b submit=submit amend=amend/> }).collect_view().into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

fn money_text(m: Money) -> String {
    m.display_nl()
}

#[component]
fn LocationBudgetCard(
    budget: LocationBudget,
    submit: ServerAction<SubmitBudgetOrder>,
    amend: ServerAction<AmendBudgetOrder>,
) -> AnyView {
    let LocationBudget { location, can_order, details_ready, duo_count, school_year, period, orders, summary, now_ms } = budget;
    let has_open = orders.iter().any(|o| {
        matches!(o.status, OrderStatus::Submitted | OrderStatus::Approved) && Some(o.period_id) == period.as_ref().map(|p| p.id)
    });
    let order_form = match (&period, duo_count) {
        (Some(p), Some(duo)) if can_order && !has_open && details_ready => Some(
            view! {
                <OrderForm location_id=location.id.0 rates=p.rates duo_count=duo submit=submit/>
            }
            .into_any(),
        ),
        (Some(_), Some(_)) if can_order && !has_open => Some(
            view! {
                <div class="alert alert-warning" role="status">
                    <p>{t(T::ErrSchoolDetailsMissing)}" "<a href="/school/details">{t(T::SchoolDetails)}</a></p>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    };
    let heading_id = format!("loc-{}", location.id);
    let labelled_by = heading_id.clone();
    view! {
        <section class="card budget-card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{location.name.clone()}</h2>
            <dl class="facts">
                <dt>{t(T::Period)}</dt>
                <dd>{period.as_ref().map(|p| format!("{} ({} – {})", p.name, date_text(&p.starts_on), date_text(&p.ends_on))).unwrap_or_else(|| t(T::NoOpenPeriodText).to_owned())}</dd>
                <dt>{t(T::DuoCount)}</dt>
                <dd>{duo_count.map(|c| format!("{c} ({})", school_year.clone().unwrap_or_default())).unwrap_or_else(|| t(T::NoDuoCountText).to_owned())}</dd>
                {period.as_ref().map(|p| view! {
                    <dt>{t(T::ContributionPerStudent)}</dt><dd>{money_text(p.rates.contribution)}</dd>
                    <dt>{t(T::MatchPerStudent)}</dt><dd>{money_text(p.rates.government_match)}</dd>
                })}
            </dl>
            {summary.map(|s| view! {
                <ul class="stats money-stats">
                    <li><span class="stat">{money_text(s.available)}</span>{t(T::Available)}</li>
                    <li><span class="stat">{money_text(s.individual_pool)}</span>{t(T::IndividualPool)}</li>
                    <li><span class="stat">{money_text(s.invoiced)}</span>{t(T::Invoiced)}</li>
                    <li><span class="stat">{money_text(s.paid)}</span>{t(T::Paid)}</li>
                    {(s.expired.cents() > 0).then(|| view! {
                        <li><span class="stat">{money_text(s.expired)}</span>{t(T::Expired)}</li>
                    })}
                </ul>
            })}
            {(!orders.is_empty()).then(|| view! {
                <h3>{t(T::Orders)}</h3>
                <ul class="rows">
                    {orders.into_iter().map(|o| view! { <OrderItem order=o can_order=can_order now_ms=now_ms amend=amend/> }).collect_view()}
                </ul>
            })}
            {order_form}
            <p><a href=format!("/school/ledger?location={}", location.id)>{t(T::LedgerHistory)}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn OrderItem(order: OrderRow, can_order: bool, now_ms: i64, amend: ServerAction<AmendBudgetOrder>) -> AnyView {
    let open_for_change = can_order && order.status == OrderStatus::Submitted && now_ms < order.amend_deadline_ms;
    let id = order.id;
    view! {
        <li class="row-card order">
            <div class="row-main">
                <strong>{format!("{} · {}", order.period_name, date_text(&local_date(order.submitted_at_ms)))}</strong>
                <span class=format!("badge badge-order-{}", order.status.code())>{t(order_status_name(order.status))}</span>
                <span>{format!("{}: {} · {}: {}", t(T::CollectiveBudget), order.counts.collective, t(T::IndividualCredit), order.counts.individual)}</span>
                <span>{format!("{}: {}", t(T::InvoiceAmount), order.amounts.invoice.display_nl())}</span>
                {(order.status == OrderStatus::Submitted).then(|| view! {
                    <span class="muted">{format!("{}: {}", t(T::AmendUntil), format_local(order.amend_deadline_ms))}</span>
                })}
                {order.reason.clone().map(|r| view! { <span>{format!("{}: {r}", t(T::Reason))}</span> })}
                {order.invoice.clone().map(|i| view! {
                    <div class="invoice">
                        <strong>{format!("{} {}", t(T::Invoice), i.number)}</strong>
                        <InvoiceLinks invoice=i.clone()/>
                        <span>{format!("{}: {} · {}: {}", t(T::Amount), i.amount.display_nl(), t(T::Paid), i.paid.display_nl())}</span>
                        <span>{if i.credit_note.is_some() { t(T::InvoiceCredited).to_owned() } else if i.paid_in_full { t(T::PaidInFull).to_owned() } else {
                            format!("{}: {} · {} {}", t(T::Outstanding), i.outstanding().display_nl(), t(T::DueOn), date_text(&local_date(i.due_at_ms)))
                        }}</span>
                    </div>
                })}
            </div>
            {open_for_change.then(|| view! {
                <details>
                    <summary>{t(T::Amend)}</summary>
                    <ActionForm action=amend attr:class="form">
                        <input type="hidden" name="order_id" value=id.to_string()/>
                        <label for=format!("amend-c-{id}")>{t(T::CollectiveStudents)}</label>
                        <input id=format!("amend-c-{id}") name="collective" type="number" min="0" step="1" inputmode="numeric" required value=order.counts.collective.to_string()/>
                        <label for=format!("amend-i-{id}")>{t(T::IndividualStudents)}</label>
                        <input id=format!("amend-i-{id}") name="individual" type="number" min="0" step="1" inputmode="numeric" required value=order.counts.individual.to_string()/>
                        <button type="submit" class="button">{t(T::Amend)}</button>
                    </ActionForm>
                </details>
                <a class="button-link danger-link" href=format!("/school/budget?confirm_withdraw={id}")>{t(T::Withdraw)}</a>
            })}
        </li>
    }
    .into_any()
}

/// The order form with a live preview of the invoice and the budget it releases (an island:
/// the rest of the form is plain HTML that posts without JavaScript).
#[component]
fn OrderForm(location_id: i64, rates: Rates, duo_count: i64, submit: ServerAction<SubmitBudgetOrder>) -> AnyView {
    let error = Signal::derive(move || action_error(submit.value().get()));
    let c_id = format!("collective-{location_id}");
    let i_id = format!("individual-{location_id}");
    let labels = [T::InvoiceAmount, T::CollectiveBudget, T::IndividualCredit].map(|k| t(k).to_owned());
    view! {
        <h3>{t(T::YourOrder)}</h3>
        <ErrorSummary error=error/>
        <ActionForm action=submit attr:class="form">
            <input type="hidden" name="location_id" value=location_id.to_string()/>
            <OrderPreview rates=rates duo_count=duo_count labels=labels>
                <label for=c_id.clone()>{t(T::CollectiveStudents)}</label>
                <p class="hint">{t(T::CollectiveHint)}</p>
                <input id=c_id.clone() name="collective" type="number" min="0" max=duo_count.to_string() step="1" inputmode="numeric" required/>
                <FieldProblem error=error field="collective"/>
                <label for=i_id.clone()>{t(T::IndividualStudents)}</label>
                <p class="hint">{t(T::IndividualHint)}</p>
                <input id=i_id.clone() name="individual" type="number" min="0" max=duo_count.to_string() step="1" inputmode="numeric" required/>
                <FieldProblem error=error field="individual"/>
            </OrderPreview>
            <button type="submit" class="button">{t(T::SubmitOrder)}</button>
        </ActionForm>
    }
    .into_any()
}

/// A location's ledger history, one kind of account at a time: its movements in words, the
/// balance after each, and the balance now.
#[component]
pub fn SchoolLedger() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let location = move || query.with(|q| q.get("location").and_then(|l| l.parse::<i64>().ok()).unwrap_or(0));
    let account = move || {
        query.with(|q| q.get("account").and_then(|a| AccountKind::from_code(&a))).filter(|a| AccountKind::OF_LOCATION.contains(a))
    };
    let page = move || page_param(query.with(|q| q.get("page")));
    let lines = Resource::new(move || (location(), account(), page()), |(l, a, p)| location_ledger(l, a, p));
    view! {
        <Title text=t(T::LedgerHistory)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/budget"/>
            <h1>{t(T::LedgerHistory)}</h1>
            <nav class="filters" aria-label=t(T::LedgerAccountsNav)>
                {AccountKind::OF_LOCATION.into_iter().map(|a| view! {
                    <a href=move || format!("/school/ledger?location={}&account={}", location(), a.code())
                        aria-current=move || (account().unwrap_or(AccountKind::LocationBudget) == a).then_some("page")>{t(account_name(a))}</a>
                }).collect_view()}
            </nav>
            <p><a href=move || format!("/school/ledger.csv?location={}", location()) rel="external" download>{t(T::DownloadCsv)}</a></p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match lines.await {
                        Err(e) => load_error(&e),
                        Ok(history) => {
                            let extra = format!("location={}&account={}", location(), history.account.code());
                            view! {
                                <h2>{t(account_name(history.account))}</h2>
                                <p class="summary">{format!("{}: {}", t(T::BalanceNow), history.balance.display_nl())}</p>
                                <p class="hint">{t(T::LedgerAccountHint)}</p>
                                {paged(Ok(history.lines), T::LedgerEmpty, ListAt::new("/school/ledger", extra), |_, rows| view! {
                                    <ul class="rows">
                                        {rows.into_iter().map(|l| view! { <li class="row-card">{ledger_line(l)}</li> }).collect_view()}
                                    </ul>
                                }.into_any())}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One movement: the amount, what it was in words, its reference and the balance after it.
fn ledger_line(l: LedgerLine) -> AnyView {
    // Weborders are stored as `W<id>`, holds as `H<id>`, credit given to a student as
    // `pass <id>` (the words say enough); anything else (an invoice number, a provider and
    // what was paid for) is shown as it is.
    let number = |prefix: &str| {
        l.reference.strip_prefix(prefix).filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).map(str::to_owned)
    };
    let reference = if let Some(id) = number("W") {
        view! { <a href=format!("/school/weborders/{id}")>{format!("{} {id}", t(T::Weborder))}</a> }.into_any()
    } else if let Some(id) = number("H") {
        format!("{} {id}", t(T::HoldNumber)).into_any()
    } else if number("pass ").is_some() {
        ().into_any()
    } else {
        l.reference.clone().into_any()
    };
    view! {
        <div class="row-main">
            <strong>{l.amount.display_nl()}</strong>
            <span>{t(ledger_kind_name(&l.kind))}</span>
            <span class="muted">{format_local(l.at_ms)}" "{reference}</span>
            {l.balance_after.map(|b| view! { <span>{format!("{}: {}", t(T::BalanceAfter), b.display_nl())}</span> })}
        </div>
    }
    .into_any()
}
