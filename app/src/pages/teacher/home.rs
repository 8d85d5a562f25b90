//! The teacher portal (Docent+ and teachers).

use crate::api::credit::NewCounterCode;
use crate::api::portal::teacher_locations;
use crate::components::forms::loading;
use crate::components::layout::RoleList;
use crate::components::{LocationCards, PortalLayout};
use crate::i18n::{t, T};
use crate::pages::passes::{pass_resource, PassCards};
use domain::{CurrentUser, Portal};
use leptos::prelude::*;
use leptos_meta::Title;

/// The teacher portal's home: roles and the locations where the caller teaches.
#[component]
pub fn TeacherHome() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let locations = Resource::new(|| (), |_| teacher_locations());
    // Staff have a pass too; they do not pay with credit, so the code action stays unused.
    let new_code = ServerAction::<NewCounterCode>::new();
    let passes = pass_resource(|| 0);
    view! {
        <Title text=t(T::PortalTeacher)/>
        <PortalLayout portal=Portal::Teacher>
            <super::TeacherNav current="/teacher"/>
            <TeacherContent locations=locations passes=passes new_code=new_code/>
        </PortalLayout>
    }
}

#[component]
fn TeacherContent(
    locations: Resource<Result<Vec<domain::records::LocationSummary>, domain::AppError>>,
    passes: Resource<Result<Vec<domain::roster::PassCard>, domain::AppError>>,
    new_code: ServerAction<NewCounterCode>,
) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    view! {
        <h1>{format!("{}, {}", t(T::Welcome), user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default())}</h1>
        <p class="lead">{t(T::TeacherIntro)}</p>
        {user.map(|u| view! { <RoleList user=u/> })}
        <h2>{t(T::YourLocations)}</h2>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let passes = passes.await;
                let has_pass = passes.as_ref().is_ok_and(|p| !p.is_empty());
                view! {
                    <LocationCards result=locations.await/>
                    {has_pass.then(|| view! { <h2>{t(T::YourPass)}</h2><PassCards passes=passes new_code=new_code/> })}
                }
            })}
        </Suspense>
    }
}
