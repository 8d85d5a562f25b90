//! The Cultuurkaart application: server functions, pages and components. The shared types
//! and rules are the `domain` crate; on the server, the functions call the data layer in the
//! `services` crate. Built with `ssr` for the server and with `hydrate` for the browser,
//! never both, in Leptos' islands mode: pages render on the server only, and the browser
//! runs just the islands (`islands.rs`).

pub mod api;
pub mod components;
pub mod i18n;
pub mod islands;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod request;

use i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server only. The stylesheet and the
/// island loader name the built files by their content-hashed names (see [`Assets`]).
pub fn shell(assets: Assets) -> impl IntoView {
    let lang = request_lang();
    let nonce = leptos::nonce::use_nonce();
    let loader = island_loader(&assets);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=format!("/pkg/{}", assets.css)/>
                <script type="module" nonce=nonce>{loader}</script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The files a page links to, under `/pkg/`: the stylesheet, the WASM's JavaScript glue and
/// the WASM. `.ci/build` names each after a hash of its content and lists the names in
/// `pkg/assets.txt` of the site root, so a browser may keep each for a year: a new build is a
/// new name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl Default for Assets {
    /// The names before hashing (a site root without `assets.txt`, as in the HTTP tests).
    fn default() -> Self {
        Assets { css: "cultuurkaart.css".into(), js: "cultuurkaart.js".into(), wasm: "cultuurkaart_bg.wasm".into() }
    }
}

impl Assets {
    /// The list's file name in `pkg/`.
    pub const LIST: &'static str = "assets.txt";

    /// Reads `assets.txt` (lines `css <name>`, `js <name>`, `wasm <name>`); a missing list or
    /// line keeps the unhashed name.
    pub fn parse(list: &str) -> Self {
        let mut assets = Assets::default();
        for line in list.lines() {
            match line.split_once(' ').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("css", name)) if !name.is_empty() => assets.css = name.to_owned(),
                Some(("js", name)) if !name.is_empty() => assets.js = name.to_owned(),
                Some(("wasm", name)) if !name.is_empty() => assets.wasm = name.to_owned(),
                _ => {}
            }
        }
        assets
    }
}

/// The page's one script (`loader.js`): loads the WASM only for a page with an island, and
/// keeps forms from being sent twice or losing what was typed when the server refuses them.
/// Its comments and indentation stay in the source: every page carries the script.
fn island_loader(assets: &Assets) -> String {
    include_str!("loader.js")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("__JS__", &assets.js)
        .replace("__WASM__", &assets.wasm)
}

#[cfg(test)]
mod tests {
    use super::{island_loader, Assets};

    #[test]
    fn the_asset_list_names_the_hashed_files_and_keeps_defaults_for_what_it_lacks() {
        let list = "css cultuurkaart.69759eb979f2e296.css\njs cultuurkaart.11c157fc003e8b4e.js\nwasm cultuurkaart_bg.a38ab8bb0a6192ea.wasm\n";
        let assets = Assets::parse(list);
        assert_eq!(assets.css, "cultuurkaart.69759eb979f2e296.css");
        assert_eq!(assets.js, "cultuurkaart.11c157fc003e8b4e.js");
        assert_eq!(assets.wasm, "cultuurkaart_bg.a38ab8bb0a6192ea.wasm");
        let partial = Assets::parse("css main.0123456789abcdef.css\nwasm \nonzin\n");
        assert_eq!(partial, Assets { css: "main.0123456789abcdef.css".into(), ..Assets::default() });
        assert_eq!(Assets::parse(""), Assets::default());
    }

    #[test]
    fn the_loader_names_the_built_files_and_carries_no_comments() {
        let assets = Assets::parse("js a.0123456789abcdef.js\nwasm b.0123456789abcdef.wasm");
        let script = island_loader(&assets);
        assert!(script.contains("import('/pkg/a.0123456789abcdef.js')"), "{script}");
        assert!(script.contains("module_or_path: '/pkg/b.0123456789abcdef.wasm'"), "{script}");
        assert!(!script.contains("__JS__") && !script.contains("__WASM__"));
        assert!(!script.lines().any(|l| l.trim_start().starts_with("//")), "{script}");
        assert!(!script.to_ascii_lowercase().contains("</script"), "the script cannot end its element early");
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
