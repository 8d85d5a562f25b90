//! The school portal (board and budget holders).

use crate::api::portal::school_locations;
use crate::components::layout::RoleList;
use crate::components::{LocationCards, PortalLayout};
use crate::domain::{CurrentUser, Portal};
use crate::i18n::{t, T};
use leptos::prelude::*;
use leptos_meta::Title;

/// The school portal's home: the caller's roles and the locations they manage.
#[component]
pub fn SchoolHome() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let locations = Resource::new(|| (), |_| school_locations());
    view! {
        <Title text=t(T::PortalSchool)/>
        <PortalLayout portal=Portal::School>
            <crate::pages::budget::SchoolNav current="/school"/>
            <SchoolContent locations=locations/>
        </PortalLayout>
    }
}

#[component]
fn SchoolContent(
    locations: Resource<Result<Vec<crate::domain::records::LocationSummary>, crate::domain::AppError>>,
) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    view! {
        <h1>{format!("{}, {}", t(T::Welcome), user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default())}</h1>
        <p class="lead">{t(T::SchoolIntro)}</p>
        {user.map(|u| view! { <RoleList user=u/> })}
        <h2>{t(T::YourLocations)}</h2>
        <p class="hint">{t(T::CjpSchoolNumberHint)}</p>
        <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
            {move || Suspend::new(async move { view! { <LocationCards result=locations.await show_counts=true/> } })}
        </Suspense>
    }
}
