//! Location cards (name, registry numbers, address, CJP school number) and provider cards.

use super::forms::load_error;
use crate::i18n::{t, T};
use domain::records::{LocationSummary, ProviderSummary};
use domain::AppError;
use leptos::prelude::*;

/// A card per location; `show_counts` adds students and staff (for school staff only).
#[component]
pub fn LocationCards(
    result: Result<Vec<LocationSummary>, AppError>,
    #[prop(default = false)] show_counts: bool,
) -> impl IntoView {
    match result {
        Err(e) => load_error(&e),
        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::NoLocations)}</p> }.into_any(),
        Ok(list) => view! {
            <ul class="cards">
                {list.into_iter().map(|l| view! {
                    <li class="card location-card">
                        <h3>{l.name.clone()}</h3>
                        <dl class="facts">
                            <dt>{t(T::Institution)}</dt><dd>{l.institution_name.clone()}</dd>
                            <dt>{t(T::Brin)}</dt><dd>{l.brin.clone()}</dd>
                            <dt>{t(T::VestigingNumber)}</dt><dd>{l.vestiging_number.clone()}</dd>
                            <dt>{t(T::Address)}</dt><dd>{format!("{}, {} {}", l.street, l.postcode, l.city)}</dd>
                            <dt>{t(T::CjpSchoolNumber)}</dt><dd><strong class="cjp-number">{l.cjp_school_number.clone()}</strong></dd>
                            {show_counts.then(|| view! {
                                <dt>{t(T::StudentAccounts)}</dt><dd>{l.students}</dd>
                                <dt>{t(T::StaffAccounts)}</dt><dd>{l.staff}</dd>
                            })}
                        </dl>
                    </li>
                }).collect_view()}
            </ul>
        }.into_any(),
    }
}

/// A card per provider: name, KvK number, city and number of users.
#[component]
pub fn ProviderCards(providers: Vec<ProviderSummary>) -> impl IntoView {
    view! {
        <ul class="cards">
            {providers.into_iter().map(|p| view! {
                <li class="card">
                    <h3>{p.name}</h3>
                    <dl class="facts">
                        <dt>{t(T::KvkNumber)}</dt><dd>{p.kvk_number}</dd>
                        <dt>{t(T::City)}</dt><dd>{p.city}</dd>
                        <dt>{t(T::Users)}</dt><dd>{p.users}</dd>
                    </dl>
                </li>
            }).collect_view()}
        </ul>
    }
}
