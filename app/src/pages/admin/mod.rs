//! The operator's portal: home, people, organisations, mail and audit; budget periods, orders
//! and payments; the register and DUO imports; providers, payouts and weborders.

pub mod budget;
pub mod home;
pub mod imports;
pub mod market;

use crate::components::SectionNav;
use crate::i18n::T;
use leptos::prelude::*;

/// The sub-navigation of the operator's portal.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    let items = vec![
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
    view! { <SectionNav label=T::PortalAdmin items=items current=current/> }
}
