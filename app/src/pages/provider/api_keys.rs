//! Keys for the provider API: create, show once, revoke.

use super::ProviderNav;
use crate::api::provider::{provider_api_keys, CreateApiKey, RevokeApiKey};
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{t, T};
use domain::provider::ApiKeyRow;
use domain::time::format_local;
use domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The provider's API keys: how the API works, the keys, making and revoking them.
#[component]
pub fn ProviderApiKeys() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (query.with(|q| q.get("done")), create.version().get(), revoke.version().get()),
        |_| provider_api_keys(),
    );
    let create_error = Signal::derive(move || action_error(create.value().get()));
    let revoke_error = Signal::derive(move || action_error(revoke.value().get()));
    // The key made by the form that led here (see `request::hand_over_new_key`): shown once.
    #[cfg(feature = "ssr")]
    let new_key = crate::request::take_new_key();
    #[cfg(not(feature = "ssr"))]
    let new_key: Option<String> = None;
    view! {
        <Title text=t(T::ApiTitle)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/api"/>
            <h1>{t(T::ApiTitle)}</h1>
            <p class="lead">{t(T::ApiIntro)}</p>
            <p><code>{t(T::ApiAuthHeader)}</code></p>
            <p><a href="/api/v1/openapi.json" rel="external">{t(T::ApiSpec)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[("revoked", T::ApiKeyRevoked)])}
            {new_key.clone().map(|key| view! {
                <div class="alert alert-warning" role="status">
                    <p><strong>{t(T::NewKeyWarning)}</strong></p>
                    <p><code class="api-key">{key}</code></p>
                </div>
            })}
            <section class="card" aria-labelledby="new-key-title">
                <h2 id="new-key-title">{t(T::CreateKey)}</h2>
                <p class="hint">{t(T::CreateKeyHint)}</p>
                <ErrorSummary error=create_error/>
                <ActionForm action=create attr:class="form">
                    <label for="key-label">{t(T::KeyLabel)}</label>
                    <p class="hint" id="key-label-hint">{t(T::KeyLabelHint)}</p>
                    <input id="key-label" name="label" required maxlength="100" autocomplete="off" aria-describedby="key-label-hint label-error"/>
                    <FieldProblem error=create_error field="label"/>
                    <button type="submit" class="button" disabled=move || create.pending().get()>{t(T::CreateKey)}</button>
                </ActionForm>
            </section>
            <h2>{t(T::ApiKeys)}</h2>
            <ErrorSummary error=revoke_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::ApiKeysEmpty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="rows">{list.into_iter().map(|k| api_key_row(k, revoke)).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One API key: its prefix, label and use, and the revoke button while it is active.
fn api_key_row(k: ApiKeyRow, revoke: ServerAction<RevokeApiKey>) -> AnyView {
    let id = k.id;
    let used = k
        .last_used_at_ms
        .map(|ms| format!("{}: {}", t(T::LastUsed), format_local(ms)))
        .unwrap_or_else(|| t(T::NeverUsed).to_owned());
    let revoke_label = format!("{} {}", t(T::Revoke), k.label);
    view! {
        <li class="row-card">
            <div class="row-main">
                <strong><code>{format!("{}…", k.prefix)}</code></strong>
                <span>{k.label.clone()}</span>
                <span class="muted">{format!("{}: {}", t(T::Created), format_local(k.created_at_ms))}</span>
                <span class="muted">{used}</span>
                {k.revoked_at_ms.map(|ms| view! {
                    <span class="badge badge-revoked">{format!("{} {}", t(T::Revoked), format_local(ms))}</span>
                })}
            </div>
            {k.revoked_at_ms.is_none().then(|| view! {
                <ActionForm action=revoke attr:class="inline-form">
                    <input type="hidden" name="key_id" value=id.to_string()/>
                    <button type="submit" class="button-link danger-link" aria-label=revoke_label
                        disabled=move || revoke.pending().get()>{t(T::Revoke)}</button>
                </ActionForm>
            })}
        </li>
    }
    .into_any()
}
