//! The student portal: the pass, which is what students open most (at the counter, on a
//! cheap phone), so it is the home page and loads one small resource.

use super::passes::{pass_resource, PassCards};
use crate::api::credit::NewCounterCode;
use crate::components::forms::{action_error, loading};
use crate::components::{ErrorSummary, PortalLayout};
use crate::i18n::{t, T};
use domain::roster::PassCard;
use domain::{AppError, CurrentUser, Portal};
use leptos::prelude::*;
use leptos_meta::Title;

/// The student portal's home: a greeting and the student's pass.
#[component]
pub fn StudentHome() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let new_code = ServerAction::<NewCounterCode>::new();
    let passes = pass_resource(move || new_code.version().get());
    view! {
        <Title text=t(T::YourPass)/>
        <PortalLayout portal=Portal::Student>
            <StudentContent passes=passes new_code=new_code/>
        </PortalLayout>
    }
}

#[component]
fn StudentContent(passes: Resource<Result<Vec<PassCard>, AppError>>, new_code: ServerAction<NewCounterCode>) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    view! {
        <h1>{format!("{}, {}", t(T::Welcome), user.map(|u| u.display_name).unwrap_or_default())}</h1>
        <p class="lead">{t(T::StudentIntro)}</p>
        <ErrorSummary error=Signal::derive(move || action_error(new_code.value().get()))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move { view! { <PassCards passes=passes.await new_code=new_code/> } })}
        </Suspense>
        <p><a href="/account/export.json" download>{t(T::DownloadMyData)}</a></p>
    }
}
