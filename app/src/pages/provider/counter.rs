//! The provider's counter: look up the code a student shows, charge the credit, see the
//! receipt; the list of counter payments with refunds within 14 days (after confirming).

use super::ProviderNav;
use crate::api::credit::{list_counter_payments, look_up_code, CounterCharge, CounterRefund};
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::pager::{page_param, paged_list};
use crate::components::{ErrorSummary, PortalLayout};
use crate::i18n::{date_text, t, T};
use crate::islands::CodeScanner;
use domain::credit::CounterPaymentRow;
use domain::time::{format_local, local_date};
use domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/provider/counter`.
#[component]
pub fn ProviderCounterPage() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let charge = ServerAction::<CounterCharge>::new();
    let refund = ServerAction::<CounterRefund>::new();
    let code = move || query.with(|q| q.get("code")).filter(|c| !c.trim().is_empty());
    let page = move || page_param(query.with(|q| q.get("page")));
    let paid = move || query.with(|q| q.get("paid").and_then(|p| p.parse::<i64>().ok()));
    let confirm = move || query.with(|q| q.get("refund").and_then(|p| p.parse::<i64>().ok()));
    let lookup = Resource::new(code, |c| async move {
        match c {
            Some(c) => look_up_code(c).await.map(Some),
            None => Ok(None),
        }
    });
    let payments = Resource::new(
        move || (page(), paid(), query.with(|q| q.get("done")), charge.version().get(), refund.version().get()),
        |(page, _, _, _, _)| list_counter_payments(page),
    );
    let error = Signal::derive(move || action_error(charge.value().get()).or_else(|| action_error(refund.value().get())));
    view! {
        <Title text=t(T::Counter)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/counter"/>
            <h1>{t(T::Counter)}</h1>
            <p class="lead">{t(T::CounterIntro)}</p>
            {move || done_notice(query.with(|q| q.get("done")), &[("refunded", T::PaymentRefunded)])}
            <ErrorSummary error=error/>
            // Its island is loaded only where the browser reads QR codes (see loader.js).
            <div class="card scanner-card" data-needs="BarcodeDetector">
                <CodeScanner labels=[T::ScanCode, T::StopScanning, T::CameraUnavailable].map(|k| t(k).to_owned())>
                    <form class="form" method="get" action="/provider/counter">
                        <label for="counter-code">{t(T::PaymentCode)}</label>
                        <input id="counter-code" name="code" inputmode="numeric" autocomplete="off" maxlength="12" required
                            placeholder="123456" value=move || code().unwrap_or_default()/>
                        <button type="submit" class="button">{t(T::LookUpCode)}</button>
                    </form>
                </CodeScanner>
            </div>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let found = lookup.await;
                    let list = payments.await;
                    let current = paid();
                    // The payment to refund, named: amount, student, what for, receipt and time.
                    let confirming = confirm().map(|id| {
                        let row = list.as_ref().ok().and_then(|l| l.rows.iter().find(|r| r.payment_id == id).cloned());
                        let named = row.map_or_else(
                            || format!("{} {id}", t(T::Receipt)),
                            |r| format!("{} · {} · {} · {} {id} · {}", r.amount.display_nl(), r.first_name, r.description, t(T::Receipt), format_local(r.at_ms)),
                        );
                        view! {
                            <div class="alert alert-warning" role="alertdialog" aria-labelledby="refund-text">
                                <p id="refund-text">{t(T::RefundConfirm)}</p>
                                <p><strong>{named}</strong></p>
                                <ActionForm action=refund attr:class="inline-form">
                                    <input type="hidden" name="payment_id" value=id.to_string()/>
                                    <button type="submit" class="button button-danger">{t(T::YesRefund)}</button>
                                </ActionForm>
                                <a href=format!("/provider/counter?page={}", page()) class="button-link">{t(T::GoBack)}</a>
                            </div>
                        }
                    });
                    view! {
                        {confirming}
                        {match found {
                            Ok(None) => ().into_any(),
                            Err(e) => load_error(&e),
                            Ok(Some(l)) => view! {
                                <section class="card" aria-labelledby="charge-heading">
                                    <h2 id="charge-heading">{format!("{} {}", t(T::ChargeCreditOf), l.first_name)}</h2>
                                    <p class="summary">{format!("{}: {}", t(T::Credit), l.balance.display_nl())}</p>
                                    <ActionForm action=charge attr:class="form">
                                        <input type="hidden" name="code" value=l.code.clone()/>
                                        <input type="hidden" name="client_key" value=l.client_key.clone()/>
                                        <label for="charge-amount">{t(T::AmountEuro)}</label>
                                        <input id="charge-amount" name="amount" inputmode="decimal" required placeholder="12,50"/>
                                        <label for="charge-description">{t(T::WhatFor)}</label>
                                        <input id="charge-description" name="description" required maxlength="200"/>
                                        <button type="submit" class="button" disabled=move || charge.pending().get()>{t(T::ConfirmPayment)}</button>
                                    </ActionForm>
                                </section>
                            }.into_any(),
                        }}
                        <section aria-labelledby="payments-heading">
                            <h2 id="payments-heading">{t(T::CounterPayments)}</h2>
                            {paged_list(list, T::CounterPaymentsEmpty, "/provider/counter", String::new(), move |p| payment_row(p, current, page()))}
                        </section>
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// A payment in the list; its refund link keeps the list's `page`, where the confirmation shows.
fn payment_row(p: CounterPaymentRow, just_paid: Option<i64>, page: u32) -> AnyView {
    let receipt = just_paid == Some(p.payment_id);
    let status = match p.status.as_str() {
        "refunded" => T::Refunded,
        "in_payout" | "paid_out" => T::InPayout,
        _ => T::CounterPaid,
    };
    view! {
        <div class="row-main">
            <strong>{format!("{} · {}", p.amount.display_nl(), p.first_name)}</strong>
            <span>{p.description.clone()}</span>
            <span class="muted">{format!("{} {} · {}", t(T::Receipt), p.payment_id, format_local(p.at_ms))}</span>
            <span class="badge">{t(status)}</span>
            {p.payable_from_ms.map(|ms| view! {
                <span class="muted">{format!("{} {} ({})", t(T::PayableFrom), date_text(&local_date(ms)), t(T::PayableWhy))}</span>
            })}
            {receipt.then(|| view! { <span class="alert alert-success" role="status">{t(T::PaymentDone)}</span> })}
        </div>
        {p.refundable.then(|| view! {
            <a class="button-link danger-link" href=format!("/provider/counter?refund={}&page={page}", p.payment_id)
                aria-label=format!("{} — {} {}", t(T::Refund), t(T::Receipt), p.payment_id)>{t(T::Refund)}</a>
        })}
    }
    .into_any()
}
