//! The teacher portal (teachers, Docent+): home with the classes' passes, the catalogue, an
//! offer and the requests to providers. A Docent+'s classes are in `pages::passes`.

pub mod catalogue;
pub mod home;

use crate::components::SectionNav;
use crate::i18n::T;
use leptos::prelude::*;

/// The sub-navigation of the teacher portal.
#[component]
pub fn TeacherNav(current: &'static str) -> impl IntoView {
    // Only a Docent+ sees their classes' activations.
    let plus = use_context::<domain::CurrentUser>().is_some_and(|u| u.has_role(domain::Role::TeacherPlus));
    let items = [("/teacher", T::Overview), ("/teacher/catalogue", T::Catalogue), ("/teacher/requests", T::Requests)]
        .into_iter()
        .chain(plus.then_some(("/teacher/classes", T::MyClasses)))
        .collect();
    view! { <SectionNav label=T::PortalTeacher items=items current=current/> }
}
