//! The school portal's budget page: order, amend or withdraw; invoices; available budget.

use super::SchoolNav;
use crate::api::budget::{
    location_ledger, school_budget, AmendBudgetOrder, LocationBudget, SubmitBudgetOrder, WithdrawBudgetOrder,
};
use crate::components::forms::{action_error, load_error, loading};
use crate::components::pager::{page_param, paged, ListAt};
use crate::components::{encode_query, ErrorSummary, FieldProblem, InvoiceLinks, PortalLayout};
use crate::i18n::{account_name, counted, date_text, ledger_kind_name, order_status_name, t, Noun, T};
use crate::islands::OrderPreview;
use domain::budget::{AccountKind, LedgerLine, OrderAmounts, OrderCounts, OrderRow, OrderStatus, PeriodRow, Rates};
use domain::time::{format_local, local_date};
use domain::AppError;
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
    let draft = move || query.with(OrderDraft::from_query);
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
                        Ok(list) => {
                            let draft = draft();
                            list.into_iter()
                                .map(|b| {
                                    let draft = draft.clone().filter(|d| d.location == b.location.id.0);
                                    view! { <LocationBudgetCard budget=b draft=draft submit=submit amend=amend/> }
                                })
                                .collect_view()
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

fn money_text(m: Money) -> String {
    m.display_nl()
}

/// Counts typed into an order form (a new order, or the change of a submitted one), carried in
/// the address so the order can be looked over before it is sent, also without JavaScript:
/// `?review=<location>` shows what the counts cost and release with a button that sends them;
/// `?edit=<location>` puts them back in the form. `order=<id>` makes it a change of that order.
#[derive(Clone, Debug, PartialEq)]
struct OrderDraft {
    location: i64,
    order: Option<i64>,
    collective: String,
    individual: String,
    review: bool,
}

impl OrderDraft {
    fn from_query(q: &leptos_router::params::ParamsMap) -> Option<OrderDraft> {
        let id = |key: &str| q.get(key).and_then(|v| v.parse::<i64>().ok());
        let (location, review) = match (id("review"), id("edit")) {
            (Some(l), _) => (l, true),
            (None, Some(l)) => (l, false),
            (None, None) => return None,
        };
        let field = |key: &str| q.get(key).map(|v| v.chars().take(20).collect::<String>()).unwrap_or_default();
        Some(OrderDraft {
            location,
            order: id("order"),
            collective: field("collective"),
            individual: field("individual"),
            review,
        })
    }

    /// The counts when they are a valid order for `duo_count`, or what is wrong with them.
    fn counts(&self, duo_count: i64) -> Result<OrderCounts, AppError> {
        OrderCounts::parse(&self.collective, &self.individual, duo_count)
    }

    /// This draft back in its form: the address of the "change the counts" link.
    fn edit_href(&self) -> String {
        let order = self.order.map(|o| format!("&order={o}")).unwrap_or_default();
        format!(
            "/school/budget?edit={}{order}&collective={}&individual={}#order-{}",
            self.location,
            encode_query(&self.collective),
            encode_query(&self.individual),
            self.location
        )
    }
}

#[component]
fn LocationBudgetCard(
    budget: LocationBudget,
    draft: Option<OrderDraft>,
    submit: ServerAction<SubmitBudgetOrder>,
    amend: ServerAction<AmendBudgetOrder>,
) -> AnyView {
    let LocationBudget { location, can_order, details_ready, duo_count, school_year, period, orders, summary, now_ms } = budget;
    let has_open = orders.iter().any(|o| {
        matches!(o.status, OrderStatus::Submitted | OrderStatus::Approved) && Some(o.period_id) == period.as_ref().map(|p| p.id)
    });
    let new_order = draft.clone().filter(|d| d.order.is_none());
    let order_form = match (&period, duo_count) {
        (Some(p), Some(duo)) if can_order && !has_open && details_ready => Some(match new_order {
            Some(d) if d.review && d.counts(duo).is_ok() => view! {
                <OrderReview draft=d period=p.clone() duo_count=duo deadline_ms=None submit=Some(submit) amend=None/>
            }
            .into_any(),
            d => view! {
                <OrderForm location_id=location.id.0 rates=p.rates duo_count=duo draft=d submit=submit/>
            }
            .into_any(),
        }),
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
                    {orders.into_iter().map(|o| {
                        let draft = draft.clone().filter(|d| d.order == Some(o.id));
                        let period = period.clone().filter(|p| p.id == o.period_id);
                        view! { <OrderItem order=o period=period draft=draft can_order=can_order now_ms=now_ms amend=amend/> }
                    }).collect_view()}
                </ul>
            })}
            {order_form}
            <p><a href=format!("/school/ledger?location={}", location.id)>{t(T::LedgerHistory)}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn OrderItem(
    order: OrderRow,
    /// The order's period, while it is the one open for ordering.
    period: Option<PeriodRow>,
    /// Counts typed to change this order.
    draft: Option<OrderDraft>,
    can_order: bool,
    now_ms: i64,
    amend: ServerAction<AmendBudgetOrder>,
) -> AnyView {
    let open_for_change = can_order && order.status == OrderStatus::Submitted && now_ms < order.amend_deadline_ms;
    let id = order.id;
    let location_id = order.location_id.0;
    let duo_count = order.duo_count;
    let deadline_ms = order.amend_deadline_ms;
    let draft_problem = draft.as_ref().and_then(|d| d.counts(duo_count).err());
    let error = Signal::derive(move || action_error(amend.value().get()).or_else(|| draft_problem.clone()));
    let reviewing = draft.as_ref().is_some_and(|d| d.review && d.counts(duo_count).is_ok());
    let (collective, individual) = match &draft {
        Some(d) => (d.collective.clone(), d.individual.clone()),
        None => (order.counts.collective.to_string(), order.counts.individual.to_string()),
    };
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
            {match (open_for_change, period, draft) {
                (true, Some(p), Some(d)) if reviewing => view! {
                    <OrderReview draft=d period=p duo_count=duo_count deadline_ms=Some(deadline_ms) submit=None amend=Some(amend)/>
                }
                .into_any(),
                (true, _, draft) => view! {
                    <details open=draft.is_some()>
                        <summary>{t(T::Amend)}</summary>
                        <ErrorSummary error=error/>
                        <form method="get" action=format!("/school/budget#order-{location_id}") class="form">
                            <input type="hidden" name="review" value=location_id.to_string()/>
                            <input type="hidden" name="order" value=id.to_string()/>
                            <label for=format!("amend-c-{id}")>{t(T::CollectiveStudents)}</label>
                            <input id=format!("amend-c-{id}") name="collective" type="number" min="0" max=duo_count.to_string() step="1" inputmode="numeric" required value=collective/>
                            <FieldProblem error=error field="collective"/>
                            <label for=format!("amend-i-{id}")>{t(T::IndividualStudents)}</label>
                            <input id=format!("amend-i-{id}") name="individual" type="number" min="0" max=duo_count.to_string() step="1" inputmode="numeric" required value=individual/>
                            <FieldProblem error=error field="individual"/>
                            <p class="hint">{format!("{} {duo_count}.", t(T::TogetherAtMost))}</p>
                            <button type="submit" class="button">{t(T::ReviewChange)}</button>
                        </form>
                    </details>
                    <a class="button-link danger-link" href=format!("/school/budget?confirm_withdraw={id}")>{t(T::Withdraw)}</a>
                }
                .into_any(),
                (false, _, _) => ().into_any(),
            }}
        </li>
    }
    .into_any()
}

/// The order form, with the amounts shown as the counts are typed (an island). It sends the
/// counts to the review step (a plain form, also without JavaScript), where the order is sent.
#[component]
fn OrderForm(
    location_id: i64,
    rates: Rates,
    duo_count: i64,
    /// Counts typed earlier: back from the review step, or refused there.
    draft: Option<OrderDraft>,
    submit: ServerAction<SubmitBudgetOrder>,
) -> AnyView {
    let draft_problem = draft.as_ref().and_then(|d| d.counts(duo_count).err());
    let error = Signal::derive(move || action_error(submit.value().get()).or_else(|| draft_problem.clone()));
    let (collective, individual) = draft.map(|d| (d.collective, d.individual)).unwrap_or_default();
    let c_id = format!("collective-{location_id}");
    let i_id = format!("individual-{location_id}");
    let labels = [T::InvoiceAmount, T::CollectiveBudget, T::IndividualCredit, T::StudentsTogether, T::ErrMoreThanDuoCount]
        .map(|k| t(k).to_owned());
    view! {
        <h3 id=format!("order-{location_id}")>{t(T::YourOrder)}</h3>
        <ErrorSummary error=error/>
        // The review step opens at the order, not at the top of the page.
        <form method="get" action=format!("/school/budget#order-{location_id}") class="form">
            <input type="hidden" name="review" value=location_id.to_string()/>
            <OrderPreview rates=rates duo_count=duo_count labels=labels>
                <label for=c_id.clone()>{t(T::CollectiveStudents)}</label>
                <p class="hint">{t(T::CollectiveHint)}</p>
                <input id=c_id.clone() name="collective" type="number" min="0" max=duo_count.to_string() step="1" inputmode="numeric" required value=collective/>
                <FieldProblem error=error field="collective"/>
                <label for=i_id.clone()>{t(T::IndividualStudents)}</label>
                <p class="hint">{t(T::IndividualHint)}</p>
                <input id=i_id.clone() name="individual" type="number" min="0" max=duo_count.to_string() step="1" inputmode="numeric" required value=individual/>
                <FieldProblem error=error field="individual"/>
                <p class="hint">{format!("{} {duo_count}.", t(T::TogetherAtMost))}</p>
            </OrderPreview>
            <button type="submit" class="button">{t(T::ReviewOrder)}</button>
        </form>
    }
    .into_any()
}

/// The review step of an order or of a change to one: what the counts cost and release, the
/// DUO rule, what happens next, and the button that sends it (the only step that changes
/// anything). `deadline_ms` is the changed order's deadline; a new order gets the period's.
#[component]
fn OrderReview(
    draft: OrderDraft,
    period: PeriodRow,
    duo_count: i64,
    deadline_ms: Option<i64>,
    submit: Option<ServerAction<SubmitBudgetOrder>>,
    amend: Option<ServerAction<AmendBudgetOrder>>,
) -> AnyView {
    let Ok(counts) = draft.counts(duo_count) else { return ().into_any() };
    let Some(OrderAmounts { invoice, collective_budget, individual_credit }) = counts.amounts(period.rates) else {
        return ().into_any();
    };
    let error = Signal::derive(move || {
        submit.and_then(|a| action_error(a.value().get())).or_else(|| amend.and_then(|a| action_error(a.value().get())))
    });
    let heading = format!("review-{}", draft.location);
    let window = match deadline_ms {
        Some(ms) => view! { <dt>{t(T::AmendUntil)}</dt><dd>{format_local(ms)}</dd> }.into_any(),
        None => view! { <dt>{t(T::AmendWindow)}</dt><dd>{counted(period.amendment_days, Noun::Day)}</dd> }.into_any(),
    };
    let fields = view! {
        <input type="hidden" name="collective" value=counts.collective.to_string()/>
        <input type="hidden" name="individual" value=counts.individual.to_string()/>
    };
    let send = match (submit, amend, draft.order) {
        (_, Some(amend), Some(order)) => view! {
            <ActionForm action=amend attr:class="inline-form">
                <input type="hidden" name="order_id" value=order.to_string()/>
                {fields}
                <button type="submit" class="button">{t(T::SaveChange)}</button>
            </ActionForm>
        }
        .into_any(),
        (Some(submit), _, _) => view! {
            <ActionForm action=submit attr:class="inline-form">
                <input type="hidden" name="location_id" value=draft.location.to_string()/>
                {fields}
                <button type="submit" class="button">{t(T::SubmitOrder)}</button>
            </ActionForm>
        }
        .into_any(),
        _ => ().into_any(),
    };
    let labelled_by = heading.clone();
    view! {
        <section class="order-review" id=format!("order-{}", draft.location) aria-labelledby=labelled_by>
            <h3 id=heading>{t(if draft.order.is_some() { T::CheckYourChange } else { T::CheckYourOrder })}</h3>
            <ErrorSummary error=error/>
            <dl class="facts">
                <dt>{t(T::CollectiveStudents)}</dt><dd>{counts.collective}</dd>
                <dt>{t(T::IndividualStudents)}</dt><dd>{counts.individual}</dd>
                <dt>{t(T::StudentsTogether)}</dt>
                <dd>{format!("{} {} {duo_count} ({})", counted(counts.collective + counts.individual, Noun::Student), t(T::OutOfAtMost), t(T::TheDuoCount))}</dd>
                <dt>{t(T::InvoiceAmount)}</dt><dd><strong>{invoice.display_nl()}</strong></dd>
                <dt>{t(T::CollectiveBudget)}</dt><dd>{collective_budget.display_nl()}</dd>
                <dt>{t(T::IndividualCredit)}</dt><dd>{individual_credit.display_nl()}</dd>
                {window}
            </dl>
            <p>{t(T::OrderAfterWindow)}</p>
            <div class="actions">
                {send}
                <a href=draft.edit_href() class="button-link">{t(T::ChangeCounts)}</a>
            </div>
        </section>
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
