//! The student portal.

use crate::api::portal::student_locations;
use crate::components::{LocationCards, PortalLayout};
use crate::domain::{CurrentUser, Portal};
use crate::i18n::{t, T};
use leptos::prelude::*;
use leptos_meta::Title;

/// The student portal's home: a greeting and the student's school.
#[component]
pub fn StudentHome() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let locations = Resource::new(|| (), |_| student_locations());
    view! {
        <Title text=t(T::PortalStudent)/>
        <PortalLayout portal=Portal::Student>
            <StudentContent locations=locations/>
        </PortalLayout>
    }
}

#[component]
fn StudentContent(
    locations: Resource<Result<Vec<crate::domain::records::LocationSummary>, crate::domain::AppError>>,
) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    view! {
        <h1>{format!("{}, {}", t(T::Welcome), user.map(|u| u.display_name).unwrap_or_default())}</h1>
        <p class="lead">{t(T::StudentIntro)}</p>
        <h2>{t(T::YourSchool)}</h2>
        <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
            {move || Suspend::new(async move { view! { <LocationCards result=locations.await/> } })}
        </Suspense>
    }
}
