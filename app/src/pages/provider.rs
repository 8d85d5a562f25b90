//! The provider portal.

use crate::api::portal::provider_organisations;
use crate::components::forms::error_text;
use crate::components::{PortalLayout, ProviderCards};
use crate::domain::{CurrentUser, Portal};
use crate::i18n::{t, T};
use leptos::prelude::*;
use leptos_meta::Title;

/// The provider portal's home: the organisations the caller works for.
#[component]
pub fn ProviderHome() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let orgs = Resource::new(|| (), |_| provider_organisations());
    view! {
        <Title text=t(T::PortalProvider)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderContent orgs=orgs/>
        </PortalLayout>
    }
}

#[component]
fn ProviderContent(
    orgs: Resource<Result<Vec<crate::domain::records::ProviderSummary>, crate::domain::AppError>>,
) -> impl IntoView {
    let user = use_context::<CurrentUser>();
    view! {
        <h1>{format!("{}, {}", t(T::Welcome), user.map(|u| u.display_name).unwrap_or_default())}</h1>
        <p class="lead">{t(T::ProviderIntro)}</p>
        <h2>{t(T::YourOrganisation)}</h2>
        <Suspense fallback=|| view! { <p class="loading">{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match orgs.await {
                    Err(e) => view! { <div class="alert alert-error" role="alert">{error_text(&e)}</div> }.into_any(),
                    Ok(list) => view! {
                        <ProviderCards providers=list/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
