//! The operator's portal: home, people, organisations, mail and audit; budget periods, orders
//! and payments; the register and DUO imports; providers, payouts and weborders.

pub mod budget;
pub mod home;
pub mod imports;
pub mod market;

use crate::i18n::{t, T};
use leptos::prelude::*;

/// The sub-navigation of the operator's portal.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    let items = [
        ("/admin", T::Overview),
        ("/admin/orders", T::Orders),
        ("/admin/payments", T::Payments),
        ("/admin/weborders", T::Weborders),
        ("/admin/payouts", T::PayoutBatches),
        ("/admin/providers", T::Providers),
        ("/admin/periods", T::Periods),
        ("/admin/people", T::People),
        ("/admin/organisations", T::Organisations),
        ("/admin/registry", T::Registry),
        ("/admin/duo", T::DuoCounts),
        ("/admin/mail", T::Mail),
        ("/admin/audit", T::Audit),
    ];
    view! {
        <nav class="sub-nav" aria-label=t(T::PortalAdmin)>
            <ul>
                {items.into_iter().map(|(href, key)| view! {
                    <li><a href=href aria-current=(href == current).then_some("page")>{t(key)}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}
