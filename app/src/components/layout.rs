//! The page frame: header with the portals a person may switch between, the language switch
//! and sign-out; the portal guard that sends strangers to the login and refuses wrong roles.

use super::encode_query;
use super::forms::{load_error, loading};
use crate::api::auth::{who_am_i, Logout};
use crate::i18n::{lang, portal_name, role_name, t, T};
use domain::{AppError, CurrentUser, Portal};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The link that switches the language and comes back to this page. A plain link to the
/// server (`rel=external`), so it works without JavaScript and re-renders everything.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let location = use_location();
    let href = move || {
        let here = format!(
            "{}{}",
            location.pathname.get(),
            location.search.get().is_empty().then(String::new).unwrap_or_else(|| format!("?{}", location.search.get()))
        );
        format!("/lang/{}?back={}", lang().other().code(), encode_query(&here))
    };
    view! {
        <a class="lang-switch" href=href rel="external" hreflang=lang().other().code() aria-label=t(T::SwitchLanguageLabel)>
            {t(T::SwitchLanguage)}
        </a>
    }
}

/// The sign-out button: a form, so it works without JavaScript.
#[component]
fn LogoutButton() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=logout attr:class="inline-form">
            <button type="submit" class="button-link">{t(T::Logout)}</button>
        </ActionForm>
    }
}

/// The header shared by all pages.
#[component]
fn Header(user: Option<CurrentUser>, #[prop(optional)] current: Option<Portal>) -> impl IntoView {
    let portals = user.as_ref().map(|u| u.portals()).unwrap_or_default();
    let signed_in = user.is_some();
    view! {
        <a class="skip-link" href="#main">{t(T::SkipToContent)}</a>
        <header class="site-header">
            <div class="header-row">
                <a class="brand" href="/">{t(T::AppName)}</a>
                <div class="header-actions">
                    <LanguageSwitch/>
                    {if signed_in {
                        view! { <LogoutButton/> }.into_any()
                    } else {
                        view! { <a href="/login" class="button-link">{t(T::Login)}</a> }.into_any()
                    }}
                </div>
            </div>
            {(!portals.is_empty()).then(|| view! {
                <nav class="portal-nav" aria-label=t(T::PortalsNav)>
                    <ul>
                        {portals.into_iter().map(|p| {
                            let is_current = current == Some(p);
                            view! {
                                <li>
                                    <a href=p.path() aria-current=is_current.then_some("page")>{t(portal_name(p))}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </nav>
            })}
        </header>
    }
}

/// A portal's menu of sections (`items`: address and name; `current`: the section of this
/// page). On a phone it is one line, the current section with a menu button, that opens to
/// the list (a `<details>`, so it works without JavaScript); on a wide screen the list itself.
#[component]
pub fn SectionNav(label: T, items: Vec<(&'static str, T)>, current: &'static str) -> impl IntoView {
    let here = items.iter().find(|(href, _)| *href == current).map_or(label, |(_, key)| *key);
    view! {
        <nav class="sub-nav" aria-label=t(label)>
            <details class="sub-nav-menu">
                <summary>
                    <span class="sub-nav-here">{t(here)}</span>
                    <span class="sub-nav-toggle">{t(T::Menu)}</span>
                </summary>
                <ul>
                    {items.into_iter().map(|(href, key)| view! {
                        <li><a href=href aria-current=(href == current).then_some("page")>{t(key)}</a></li>
                    }).collect_view()}
                </ul>
            </details>
        </nav>
    }
}

fn footer() -> impl IntoView {
    view! { <footer class="site-footer"><p>{t(T::FooterText)}</p></footer> }
}

/// The frame of the public pages; shows who is signed in, if anyone.
#[component]
pub fn PublicLayout(children: ChildrenFn) -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Suspense fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move {
                        let user = me.await.ok().flatten();
                        view! {
                            <Header user=user/>
                            <main id="main" class="content">{children()}</main>
                            {footer()}
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_page_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(opts), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code)) {
        opts.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// The frame of a portal page. Strangers are sent to the login (and come back after it);
/// people without a role for this portal see a 403 page with links to their own portals.
///
/// Pages create their resources before this component, not inside its children: the children
/// are built inside a Suspense that the server may render more than once, and a resource made
/// in a render it throws away would be loaded again for nothing.
#[component]
pub fn PortalLayout(portal: Portal, children: ChildrenFn) -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    let location = use_location();
    view! {
        <Suspense fallback=loading>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    let here = location.pathname.get_untracked();
                    Suspend::new(async move {
                        match me.await {
                            Ok(Some(user)) if user.can_use(portal) => {
                                // The page below reads who is asking from context.
                                provide_context(user.clone());
                                view! {
                                    <Header user=Some(user) current=portal/>
                                    <main id="main" class="content">{children()}</main>
                                    {footer()}
                                }.into_any()
                            }
                            Ok(Some(user)) => {
                                set_page_status(403);
                                view! {
                                    <Header user=Some(user.clone())/>
                                    <main id="main" class="content">
                                        <h1>{t(T::Forbidden)}</h1>
                                        <p>{t(T::ForbiddenText)}</p>
                                        <ul class="link-list">
                                            {user.portals().into_iter().map(|p| view! {
                                                <li><a href=p.path()>{t(portal_name(p))}</a></li>
                                            }).collect_view()}
                                        </ul>
                                    </main>
                                    {footer()}
                                }.into_any()
                            }
                            Ok(None) | Err(AppError::Unauthenticated) => {
                                view! { <Redirect path=format!("/login?next={}", encode_query(&here))/> }.into_any()
                            }
                            Err(e) => view! {
                                <Header user=None/>
                                <main id="main" class="content">{load_error(&e)}</main>
                            }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// The list of a person's roles with the places they hold them.
#[component]
pub fn RoleList(user: CurrentUser) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="roles-title">
            <h2 id="roles-title">{t(T::YourRoles)}</h2>
            <ul class="plain-list">
                {user.roles.into_iter().map(|r| view! {
                    <li>
                        <strong>{t(role_name(r.role))}</strong>
                        {(!r.scope_name.is_empty()).then(|| format!(" — {}", r.scope_name))}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
