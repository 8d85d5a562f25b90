//! The provider portal: dashboard, offers, weborders, requests, the counter, payouts and API
//! keys; and the public sign-up for new providers. One file per screen; the navigation and
//! the helpers the screens share are here.

pub mod api_keys;
pub mod counter;
pub mod home;
pub mod offers;
pub mod payouts;
pub mod requests;
pub mod signup;
pub mod weborders;

use crate::components::SectionNav;
use crate::i18n::{t, T};
use leptos::prelude::*;

/// `<option>`s for a select: a "choose one" first, then the choices; `selected` is chosen.
fn select_options(choices: Vec<(String, String)>, selected: &str) -> AnyView {
    let chosen = selected.to_owned();
    let none_chosen = chosen.is_empty();
    view! {
        <option value="" selected=none_chosen>{t(T::ChooseOne)}</option>
        {choices.into_iter().map(|(value, label)| {
            let is_chosen = value == chosen;
            view! { <option value=value selected=is_chosen>{label}</option> }
        }).collect_view()}
    }
    .into_any()
}

/// The sub-navigation of the provider portal.
#[component]
pub fn ProviderNav(current: &'static str) -> impl IntoView {
    let items = vec![
        ("/provider", T::Overview),
        ("/provider/offers", T::Offers),
        ("/provider/weborders", T::Weborders),
        ("/provider/counter", T::Counter),
        ("/provider/requests", T::Requests),
        ("/provider/payouts", T::Payouts),
        ("/provider/api", T::Api),
    ];
    view! { <SectionNav label=T::PortalProvider items=items current=current/> }
}
