//! The Cultuurkaart application: server functions, pages and components. The shared types
//! and rules are the `domain` crate; on the server, the functions call the data layer in the
//! `services` crate. Built with `ssr` for the server and with `hydrate` for the browser,
//! never both.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod request;

use i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language of this request: the language cookie on the server, `<html lang>` in the
/// browser (which the server wrote), so both render the same.
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        request::cookie(i18n::LANG_COOKIE).map(|c| Lang::from_code(&c)).unwrap_or(Lang::Nl)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .map(|l| Lang::from_code(&l))
            .unwrap_or(Lang::Nl)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::Nl
    }
}

/// The application: routes for the public site and the five portals.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(request_lang());
    use pages::*;
    view! {
        <Stylesheet id="leptos" href="/pkg/cultuurkaart.css"/>
        <Link rel="icon" href="/favicon.ico"/>
        <Meta name="description" content=i18n::t(i18n::T::HomeIntro)/>
        <Title formatter=|text: String| if text.is_empty() { "MBO Cultuurkaart".to_owned() } else { format!("{text} — MBO Cultuurkaart") }/>
        <Router>
            <Routes fallback=public::NotFoundPage>
                <Route path=path!("/") view=public::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=public::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=public::InvitationPage ssr=SsrMode::Async/>
                <Route path=path!("/password/forgot") view=public::ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/password/reset/:token") view=public::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/school") view=school::home::SchoolHome ssr=SsrMode::Async/>
                <Route path=path!("/school/budget") view=school::budget::SchoolBudget ssr=SsrMode::Async/>
                <Route path=path!("/school/ledger") view=school::budget::SchoolLedger ssr=SsrMode::Async/>
                <Route path=path!("/school/details") view=school::home::SchoolDetailsPage ssr=SsrMode::Async/>
                <Route path=path!("/school/teachers") view=school::teachers::SchoolTeachersPage ssr=SsrMode::Async/>
                <Route path=path!("/school/roster") view=passes::SchoolRosterPage ssr=SsrMode::Async/>
                <Route path=path!("/school/classes") view=passes::SchoolClassesPage ssr=SsrMode::Async/>
                <Route path=path!("/school/weborders") view=school::weborders::SchoolWebordersPage ssr=SsrMode::Async/>
                <Route path=path!("/school/weborders/:id") view=school::weborders::SchoolWeborderPage ssr=SsrMode::Async/>
                <Route path=path!("/teacher") view=teacher::home::TeacherHome ssr=SsrMode::Async/>
                <Route path=path!("/teacher/catalogue") view=teacher::catalogue::TeacherCatalogue ssr=SsrMode::Async/>
                <Route path=path!("/teacher/catalogue/:id") view=teacher::catalogue::TeacherOffer ssr=SsrMode::Async/>
                <Route path=path!("/teacher/requests") view=teacher::catalogue::TeacherRequests ssr=SsrMode::Async/>
                <Route path=path!("/teacher/requests/:id") view=teacher::catalogue::TeacherRequestPage ssr=SsrMode::Async/>
                <Route path=path!("/teacher/classes") view=passes::TeacherClassesPage ssr=SsrMode::Async/>
                <Route path=path!("/student") view=student::StudentHome ssr=SsrMode::Async/>
                <Route path=path!("/provider") view=provider::home::ProviderDashboard ssr=SsrMode::Async/>
                <Route path=path!("/provider/signup") view=provider::signup::ProviderSignup ssr=SsrMode::Async/>
                <Route path=path!("/provider/offers") view=provider::offers::ProviderOffers ssr=SsrMode::Async/>
                <Route path=path!("/provider/offers/:id") view=provider::offers::ProviderOfferPage ssr=SsrMode::Async/>
                <Route path=path!("/provider/weborders") view=provider::weborders::ProviderWeborders ssr=SsrMode::Async/>
                <Route path=path!("/provider/weborders/new") view=provider::weborders::ProviderNewWeborder ssr=SsrMode::Async/>
                <Route path=path!("/provider/weborders/:id") view=provider::weborders::ProviderWeborderPage ssr=SsrMode::Async/>
                <Route path=path!("/provider/requests") view=provider::requests::ProviderRequests ssr=SsrMode::Async/>
                <Route path=path!("/provider/requests/:id") view=provider::requests::ProviderRequestPage ssr=SsrMode::Async/>
                <Route path=path!("/provider/payouts") view=provider::payouts::ProviderPayouts ssr=SsrMode::Async/>
                <Route path=path!("/provider/api") view=provider::api_keys::ProviderApiKeys ssr=SsrMode::Async/>
                <Route path=path!("/provider/counter") view=provider::counter::ProviderCounterPage ssr=SsrMode::Async/>
                <Route path=path!("/account/invitations") view=account::InvitationsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=admin::home::AdminHome ssr=SsrMode::Async/>
                <Route path=path!("/admin/people") view=admin::home::AdminPeople ssr=SsrMode::Async/>
                <Route path=path!("/admin/organisations") view=admin::home::AdminOrganisations ssr=SsrMode::Async/>
                <Route path=path!("/admin/registry") view=admin::imports::AdminRegistry ssr=SsrMode::Async/>
                <Route path=path!("/admin/duo") view=admin::imports::AdminDuo ssr=SsrMode::Async/>
                <Route path=path!("/admin/mail") view=admin::home::AdminMail ssr=SsrMode::Async/>
                <Route path=path!("/admin/periods") view=admin::budget::AdminPeriods ssr=SsrMode::Async/>
                <Route path=path!("/admin/orders") view=admin::budget::AdminOrders ssr=SsrMode::Async/>
                <Route path=path!("/admin/payments") view=admin::budget::AdminPayments ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=admin::home::AdminAudit ssr=SsrMode::Async/>
                <Route path=path!("/admin/providers") view=admin::market::AdminProviders ssr=SsrMode::Async/>
                <Route path=path!("/admin/providers/:id") view=admin::market::AdminProviderPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/payouts") view=admin::market::AdminPayouts ssr=SsrMode::Async/>
                <Route path=path!("/admin/weborders") view=admin::market::AdminWeborders ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
