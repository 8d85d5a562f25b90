//! The download links of an invoice, and of its credit note once it is credited.

use crate::i18n::{t, T};
use domain::budget::InvoiceRow;
use leptos::prelude::*;

/// Links to an invoice as PDF and e-invoice, and to its credit note when there is one.
#[component]
pub fn InvoiceLinks(invoice: InvoiceRow) -> impl IntoView {
    let id = invoice.id;
    view! {
        <span class="downloads">
            <a href=format!("/invoices/{id}/pdf") rel="external" download>{t(T::DownloadPdf)}</a>
            " · "
            <a href=format!("/invoices/{id}/ubl") rel="external" download>{t(T::DownloadUbl)}</a>
        </span>
        {invoice.credit_note.map(|number| view! {
            <span class="downloads">
                {format!("{} {number}: ", t(T::CreditNote))}
                <a href=format!("/invoices/{id}/credit-note.pdf") rel="external" download>{t(T::DownloadPdf)}</a>
                " · "
                <a href=format!("/invoices/{id}/credit-note.xml") rel="external" download>{t(T::DownloadUbl)}</a>
            </span>
        })}
    }
}
