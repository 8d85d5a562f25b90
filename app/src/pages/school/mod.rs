//! The school portal (board, budget holders): home and school details, budget and ledger,
//! teachers and Docent+, weborders to approve. Passes and classes are in `pages::passes`,
//! which the teacher portal shares.

pub mod budget;
pub mod home;
pub mod teachers;
pub mod weborders;

use crate::components::SectionNav;
use crate::i18n::T;
use leptos::prelude::*;

/// The pages of the school portal that only a budget holder may use (a board member is
/// refused them, so they are not offered).
const HOLDER_ONLY: [&str; 3] = ["/school/roster", "/school/classes", "/school/teachers"];

/// The sub-navigation of the school portal.
#[component]
pub fn SchoolNav(current: &'static str) -> impl IntoView {
    let holder = use_context::<domain::CurrentUser>().is_some_and(|u| u.has_role(domain::Role::BudgetHolder));
    let items = [
        ("/school", T::Overview),
        ("/school/budget", T::Budget),
        ("/school/weborders", T::Weborders),
        ("/school/roster", T::Roster),
        ("/school/classes", T::Classes),
        ("/school/teachers", T::Teachers),
        ("/school/details", T::SchoolDetails),
    ];
    let items = items.into_iter().filter(|(href, _)| holder || !HOLDER_ONLY.contains(href)).collect();
    view! { <SectionNav label=T::PortalSchool items=items current=current/> }
}
