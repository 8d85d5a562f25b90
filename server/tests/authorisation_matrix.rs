//! The authorisation matrix: every server function, every page and every plain route is
//! listed here with who may use it. The test fails when an endpoint exists that the matrix
//! does not name, and calls each one as a stranger, as every wrong role, and as the right
//! role, on SQLite and on PostgreSQL, in a platform in use (`common::world`): bodies and paths
//! name real things, refusals must leave every row of every table as it was, and the right
//! role must get a 200.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::world::world;
use common::{fingerprint, fixture, get, post, post_bytes};
use domain::Role;
use http::StatusCode;
use services::testing;
use std::collections::BTreeSet;

/// Who may call an endpoint.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Anyone, signed in or not (login, invitation links, the public pages).
    Anyone,
    /// Only people holding one of these roles.
    Roles(&'static [Role]),
    /// Only a provider's system with an API key; a browser session counts for nothing.
    ApiKey,
}

const SCHOOL: &[Role] = &[Role::Board, Role::BudgetHolder];
const TEACHERS: &[Role] = &[Role::TeacherPlus, Role::Teacher];
const ADMIN: &[Role] = &[Role::PlatformAdmin];
const PROVIDER: &[Role] = &[Role::Provider];

/// Server functions: path, access, a well-formed request body naming real things of the
/// world (`common::world`), which the right role gets a 200 for.
const SERVER_FUNCTIONS: &[(&str, Access, &str)] = &[
    ("/api/auth/me", Access::Anyone, ""),
    ("/api/auth/login", Access::Anyone, "email=niemand%40roc.example&password=verkeerd%20wachtwoord"),
    ("/api/auth/logout", Access::Anyone, ""),
    ("/api/auth/invitation", Access::Anyone, "token=onbekend"),
    (
        "/api/auth/accept_invitation",
        Access::Anyone,
        "token=onbekend&password=lang%20genoeg%20wachtwoord&password_repeat=lang%20genoeg%20wachtwoord&accept_terms=yes",
    ),
    ("/api/auth/request_password_reset", Access::Anyone, "email=niemand%40roc.example"),
    (
        "/api/auth/reset_password",
        Access::Anyone,
        "token=onbekend&password=lang%20genoeg%20wachtwoord&password_repeat=lang%20genoeg%20wachtwoord",
    ),
    ("/api/portal/school", Access::Roles(SCHOOL), ""),
    ("/api/portal/teacher", Access::Roles(TEACHERS), ""),
    ("/api/portal/student", Access::Roles(&[Role::Student]), ""),
    ("/api/portal/provider", Access::Roles(&[Role::Provider]), ""),
    ("/api/admin/overview", Access::Roles(ADMIN), ""),
    ("/api/admin/organisations", Access::Roles(ADMIN), ""),
    ("/api/admin/people", Access::Roles(ADMIN), "page=1&query="),
    ("/api/admin/invite", Access::Roles(ADMIN), "email=nieuw%40roc.example&display_name=Nieuw&role=teacher&scope=location%3A1"),
    ("/api/admin/disable", Access::Roles(ADMIN), "person_id={person_disable}"),
    ("/api/admin/mail", Access::Roles(ADMIN), "page=1&recipient="),
    ("/api/admin/audit", Access::Roles(ADMIN), "page=1"),
    ("/api/admin/periods", Access::Roles(ADMIN), ""),
    ("/api/admin/create_period", Access::Roles(ADMIN), "period%5Bname%5D=Test&period%5Bstarts_on%5D=2029-01-01&period%5Bends_on%5D=2029-12-31&period%5Bcontribution%5D=10.50&period%5Bgovernment_match%5D=10.50&period%5Bamendment_days%5D=5&period%5Bpayment_term_days%5D=30&period%5Bvat_category%5D=E"),
    ("/api/admin/student_count", Access::Roles(ADMIN), "location_id=1&school_year=2026-2027&count=1300&reason=correctie"),
    ("/api/admin/orders", Access::Roles(ADMIN), "status=&page=1"),
    ("/api/admin/approve_order", Access::Roles(ADMIN), "order_id={order_approve}"),
    ("/api/admin/reject_order", Access::Roles(ADMIN), "order_id={order_reject}&reason=onjuist"),
    ("/api/admin/payment", Access::Roles(ADMIN), "invoice_id={invoice_pay}&amount=10.00&paid_on=2026-11-28&reference=x"),
    ("/api/admin/import_statement", Access::Roles(ADMIN), "{statement_upload}"),
    ("/api/admin/unmatched", Access::Roles(ADMIN), "page=1"),
    ("/api/admin/link_preview", Access::Roles(ADMIN), "line_id={credit_unmatched}&invoice={invoice_pay_number}"),
    ("/api/admin/link_credit", Access::Roles(ADMIN), "line_id={credit_unmatched}&invoice={invoice_pay_number}"),
    ("/api/budget/school", Access::Roles(SCHOOL), ""),
    ("/api/budget/submit", Access::Roles(&[Role::BudgetHolder]), "location_id={location_submit}&collective=10&individual=5"),
    ("/api/budget/amend", Access::Roles(&[Role::BudgetHolder]), "order_id={order_amend}&collective=12&individual=5"),
    ("/api/budget/withdraw", Access::Roles(&[Role::BudgetHolder]), "order_id={order_withdraw}"),
    ("/api/budget/ledger", Access::Roles(SCHOOL), "location_id=1&page=1"),
    ("/api/admin/credit_invoice", Access::Roles(ADMIN), "invoice_id={invoice_credit}&reason=verkeerd%20aantal"),
    ("/api/school/details", Access::Roles(SCHOOL), ""),
    ("/api/admin/stage_upload", Access::Roles(ADMIN), "{registry_upload}"),
    ("/api/admin/registry_preview", Access::Roles(ADMIN), "staged_id={staged_registry}"),
    ("/api/admin/commit_registry", Access::Roles(ADMIN), "staged_id={staged_registry}"),
    ("/api/admin/register_location", Access::Roles(ADMIN), "location%5Bbrin%5D=25XA&location%5Binstitution%5D=ROC%20Amstelland&location%5Bkvk%5D=40123456&location%5Bvestiging_number%5D=08&location%5Bname%5D=ROC%20Amstelland%20Haarlem&location%5Bstreet%5D=Zijlweg%201&location%5Bpostcode%5D=2013%20DA&location%5Bcity%5D=Haarlem&location%5Bcjp_school_number%5D=CJP-250008"),
    ("/api/admin/duo_preview", Access::Roles(ADMIN), "staged_id={staged_duo}&columns%5Bbrin%5D=&columns%5Bvestiging%5D=&columns%5Bcount%5D=&columns%5Bmasked%5D="),
    ("/api/admin/commit_duo", Access::Roles(ADMIN), "staged_id={staged_duo}&school_year=2026-2027&columns%5Bbrin%5D=&columns%5Bvestiging%5D=&columns%5Bcount%5D=&columns%5Bmasked%5D="),
    ("/api/admin/duo_history", Access::Roles(ADMIN), "page=1"),
    ("/api/school/save_details", Access::Roles(SCHOOL), "location_id=1&details%5Btaking_part%5D=yes&details%5Bcontribution%5D=10%2C50&details%5Bdecision_date%5D=2026-06-01&details%5Binvoice_addressee%5D=Crediteuren&details%5Binvoice_street%5D=Postbus%201&details%5Binvoice_postcode%5D=1000AA&details%5Binvoice_city%5D=Amsterdam&details%5Binvoice_email%5D=facturen%40roc.example&details%5Bpo_reference%5D="),
    ("/api/school/add_contact", Access::Roles(SCHOOL), "location_id=1&role=finance&name=Bureau%20Crediteuren&email=crediteuren%40roc.example&phone=020%20555%200000"),
    ("/api/school/remove_contact", Access::Roles(SCHOOL), "location_id=1&contact_id={contact@}"),
    ("/api/school/teachers", Access::Roles(&[Role::BudgetHolder]), "page=1"),
    ("/api/school/grant_teacher_plus", Access::Roles(&[Role::BudgetHolder]), "location_id=1&person_id={teacher}"),
    ("/api/school/revoke_teacher_plus", Access::Roles(&[Role::BudgetHolder]), "location_id=1&person_id={teacher}"),
    ("/api/provider/signup", Access::Anyone, "signup%5Borganisation%5D=Stichting%20Klankbord&signup%5Bkvk_number%5D=97345678&signup%5Bcity%5D=Delft&signup%5Biban%5D=NL44RABO0123456789&signup%5Baccount_holder%5D=Stichting%20Klankbord&signup%5Bcontact_name%5D=Ruben%20Smit&signup%5Bcontact_email%5D=ruben%40klankbord.example&signup%5Bterms%5D=yes"),
    ("/api/provider/home", Access::Roles(PROVIDER), ""),
    ("/api/provider/offers", Access::Roles(PROVIDER), "status=&page=1"),
    ("/api/provider/offer", Access::Roles(PROVIDER), "offer_id={offer}"),
    ("/api/provider/save_offer", Access::Roles(PROVIDER), "offer_id=&{offer_form}"),
    ("/api/provider/offer_status", Access::Roles(PROVIDER), "offer_id={offer_draft}&status=published"),
    ("/api/provider/school", Access::Roles(PROVIDER), "cjp_school_number=CJP-250001"),
    ("/api/provider/weborders", Access::Roles(PROVIDER), "status=&page=1"),
    ("/api/provider/weborder", Access::Roles(PROVIDER), "weborder_id={weborder_approve}"),
    ("/api/provider/create_weborder", Access::Roles(PROVIDER), "{weborder_form}"),
    ("/api/provider/requests", Access::Roles(PROVIDER), "page=1"),
    ("/api/provider/request", Access::Roles(PROVIDER), "request_id={request}"),
    ("/api/provider/reply", Access::Roles(PROVIDER), "request_id={request}&message=hallo&close="),
    ("/api/provider/payouts", Access::Roles(PROVIDER), "page=1"),
    ("/api/provider/iban", Access::Roles(PROVIDER), "iban=NL20INGB0001234567&account_holder=Theater%20De%20Kolk"),
    ("/api/provider/api_keys", Access::Roles(PROVIDER), ""),
    ("/api/provider/create_api_key", Access::Roles(PROVIDER), "label=Kassa%202"),
    ("/api/provider/revoke_api_key", Access::Roles(PROVIDER), "key_id={api_key}"),
    ("/api/provider/offer_image", Access::Roles(PROVIDER), "{picture_upload}"),
    ("/api/provider/remove_offer_image", Access::Roles(PROVIDER), "image_id={image}"),
    ("/api/provider/invite_colleague", Access::Roles(PROVIDER), "email=nog.een%40theaterdekolk.example&display_name=Collega"),
    ("/api/provider/remove_colleague", Access::Roles(PROVIDER), "colleague_id={colleague}&kind=member"),
    ("/api/account/invitations", Access::Roles(&Role::ALL), ""),
    ("/api/account/answer_invitation", Access::Roles(&Role::ALL), "invitation_id={invitation@}&answer=decline"),
    ("/api/catalogue/search", Access::Roles(TEACHERS), "search%5Bq%5D=theater"),
    ("/api/catalogue/offer", Access::Roles(TEACHERS), "offer_id={offer}"),
    ("/api/catalogue/request", Access::Roles(&[Role::TeacherPlus]), "location_id=1&request%5Boffer_id%5D={offer}&request%5Bpreferred_dates%5D=maart&request%5Bstudents%5D=20&request%5Bmessage%5D=hallo"),
    ("/api/catalogue/requests", Access::Roles(TEACHERS), "page=1"),
    ("/api/catalogue/request_thread", Access::Roles(TEACHERS), "request_id={request@}"),
    ("/api/catalogue/reply", Access::Roles(TEACHERS), "request_id={request@}&message=hallo&close="),
    ("/api/weborders/school", Access::Roles(SCHOOL), "status=&page=1"),
    ("/api/weborders/school_detail", Access::Roles(SCHOOL), "weborder_id={weborder_approve}"),
    ("/api/weborders/approve", Access::Roles(&[Role::BudgetHolder]), "weborder_id={weborder_approve}&hold_id=&client_key=x"),
    ("/api/weborders/reject", Access::Roles(&[Role::BudgetHolder]), "weborder_id={weborder_reject}&reason=nee"),
    ("/api/weborders/undo", Access::Roles(&[Role::BudgetHolder]), "weborder_id={weborder_approve}&reason=nee"),
    ("/api/weborders/cancel", Access::Roles(&[Role::BudgetHolder, Role::Provider, Role::PlatformAdmin]), "weborder_id={weborder_cancel@}&reason=nee"),
    // The same endpoint as the provider's withdrawal of its own weborder before the school decided.
    ("/api/weborders/cancel", Access::Roles(&[Role::Provider]), "weborder_id={weborder_withdraw}&reason=vergissing&withdraw=true"),
    ("/api/weborders/hold", Access::Roles(&[Role::BudgetHolder]), "location_id=1&amount=10&description=x&expires_on=2027-01-01"),
    ("/api/weborders/release_hold", Access::Roles(&[Role::BudgetHolder]), "hold_id={hold}"),
    ("/api/weborders/all", Access::Roles(ADMIN), "status=&page=1"),
    ("/api/weborders/spend", Access::Roles(SCHOOL), ""),
    ("/api/provider/figures", Access::Roles(PROVIDER), ""),
    ("/api/market/providers", Access::Roles(ADMIN), "status=&page=1"),
    ("/api/market/provider", Access::Roles(ADMIN), "provider_id={kolk}"),
    ("/api/market/decide_provider", Access::Roles(ADMIN), "provider_id={pending_provider}&subject=provider&decision=approve&reason="),
    ("/api/market/payouts", Access::Roles(ADMIN), "page=1"),
    ("/api/market/create_batch", Access::Roles(ADMIN), "execution_date="),
    ("/api/market/batch_step", Access::Roles(ADMIN), "batch_id={batch}&step=sent"),
    ("/api/school/roster_fields", Access::Roles(&[Role::BudgetHolder]), ""),
    ("/api/school/set_roster_fields", Access::Roles(&[Role::BudgetHolder]), "location_id=1&student_number=on"),
    ("/api/school/stage_roster", Access::Roles(&[Role::BudgetHolder]), "{roster_file_upload}"),
    ("/api/school/roster_preview", Access::Roles(&[Role::BudgetHolder]), "upload_id={roster_upload}"),
    ("/api/school/commit_roster", Access::Roles(&[Role::BudgetHolder]), "upload_id={roster_upload}"),
    ("/api/school/classes", Access::Roles(&[Role::BudgetHolder]), ""),
    ("/api/school/class_people", Access::Roles(&[Role::BudgetHolder]), "location_id=1&class=2A&page=1"),
    ("/api/school/invite_passes", Access::Roles(&[Role::BudgetHolder]), "location_id=1&to=pass&pass_id={pass_invite}"),
    ("/api/teacher/classes", Access::Roles(&[Role::TeacherPlus]), ""),
    ("/api/teacher/class_people", Access::Roles(&[Role::TeacherPlus]), "location_id=1&class=2A&page=1"),
    ("/api/teacher/invite_again", Access::Roles(&[Role::TeacherPlus]), "location_id=1&to=pass&pass_id={pass_invite}"),
    ("/api/pass/mine", Access::Roles(&Role::ALL), ""),
    ("/api/admin/erase", Access::Roles(ADMIN), "person_id={person_erase}"),
    ("/api/school/block_pass", Access::Roles(&[Role::BudgetHolder]), "location_id=1&pass_id={pass_block}&class=2A"),
    ("/api/school/unblock_pass", Access::Roles(&[Role::BudgetHolder]), "location_id=1&pass_id={pass_block}&class=2A"),
    ("/api/provider/counter_lookup", Access::Roles(PROVIDER), "code={code}"),
    ("/api/provider/counter_charge", Access::Roles(PROVIDER), "code={code}&amount=5&description=kaartje&client_key=matrix"),
    ("/api/provider/counter_payments", Access::Roles(PROVIDER), "page=1"),
    ("/api/provider/counter_refund", Access::Roles(PROVIDER), "payment_id={counter_payment}"),
    // Last: a new code ends the one the counter rows above use.
    ("/api/pass/new_code", Access::Roles(&[Role::Student]), ""),
];

/// Pages: path (with sample parameters), access.
const PAGES: &[(&str, &str, Access)] = &[
    ("/", "/", Access::Anyone),
    ("/login", "/login", Access::Anyone),
    ("/invite/{token}", "/invite/onbekend", Access::Anyone),
    ("/password/forgot", "/password/forgot", Access::Anyone),
    ("/password/reset/{token}", "/password/reset/onbekend", Access::Anyone),
    ("/school", "/school", Access::Roles(SCHOOL)),
    ("/school/budget", "/school/budget", Access::Roles(SCHOOL)),
    ("/school/ledger", "/school/ledger?location=1", Access::Roles(SCHOOL)),
    ("/school/details", "/school/details", Access::Roles(SCHOOL)),
    ("/teacher", "/teacher", Access::Roles(TEACHERS)),
    ("/student", "/student", Access::Roles(&[Role::Student])),
    ("/provider", "/provider", Access::Roles(&[Role::Provider])),
    ("/admin", "/admin", Access::Roles(ADMIN)),
    ("/admin/people", "/admin/people", Access::Roles(ADMIN)),
    ("/admin/organisations", "/admin/organisations", Access::Roles(ADMIN)),
    ("/admin/registry", "/admin/registry", Access::Roles(ADMIN)),
    ("/admin/duo", "/admin/duo?staged=1", Access::Roles(ADMIN)),
    ("/admin/mail", "/admin/mail", Access::Roles(ADMIN)),
    ("/admin/audit", "/admin/audit", Access::Roles(ADMIN)),
    ("/admin/periods", "/admin/periods", Access::Roles(ADMIN)),
    ("/admin/orders", "/admin/orders", Access::Roles(ADMIN)),
    ("/admin/payments", "/admin/payments", Access::Roles(ADMIN)),
    ("/school/teachers", "/school/teachers", Access::Roles(SCHOOL)),
    ("/school/weborders", "/school/weborders", Access::Roles(SCHOOL)),
    ("/school/weborders/{id}", "/school/weborders/{weborder_approve}", Access::Roles(SCHOOL)),
    ("/teacher/catalogue", "/teacher/catalogue?q=theater&discipline=theatre", Access::Roles(TEACHERS)),
    ("/teacher/catalogue/{id}", "/teacher/catalogue/{offer}", Access::Roles(TEACHERS)),
    ("/teacher/requests", "/teacher/requests", Access::Roles(TEACHERS)),
    ("/teacher/requests/{id}", "/teacher/requests/{request}", Access::Roles(TEACHERS)),
    ("/admin/providers", "/admin/providers", Access::Roles(ADMIN)),
    ("/admin/providers/{id}", "/admin/providers/{kolk}", Access::Roles(ADMIN)),
    ("/admin/payouts", "/admin/payouts", Access::Roles(ADMIN)),
    ("/admin/weborders", "/admin/weborders", Access::Roles(ADMIN)),
    ("/provider/signup", "/provider/signup", Access::Anyone),
    ("/provider/offers", "/provider/offers?status=draft", Access::Roles(PROVIDER)),
    ("/provider/offers/{id}", "/provider/offers/{offer}", Access::Roles(PROVIDER)),
    ("/provider/weborders", "/provider/weborders", Access::Roles(PROVIDER)),
    ("/provider/weborders/new", "/provider/weborders/new?cjp=CJP-250001", Access::Roles(PROVIDER)),
    ("/provider/weborders/{id}", "/provider/weborders/{weborder_approve}", Access::Roles(PROVIDER)),
    ("/provider/requests", "/provider/requests", Access::Roles(PROVIDER)),
    ("/provider/requests/{id}", "/provider/requests/{request}", Access::Roles(PROVIDER)),
    ("/provider/payouts", "/provider/payouts", Access::Roles(PROVIDER)),
    ("/provider/api", "/provider/api", Access::Roles(PROVIDER)),
    ("/school/roster", "/school/roster", Access::Roles(SCHOOL)),
    ("/school/classes", "/school/classes?location=1&class=2A", Access::Roles(SCHOOL)),
    ("/teacher/classes", "/teacher/classes", Access::Roles(TEACHERS)),
    ("/provider/counter", "/provider/counter?code={code}", Access::Roles(PROVIDER)),
    ("/account/invitations", "/account/invitations", Access::Roles(&Role::ALL)),
];

/// Plain axum routes: route, sample path, access.
const PLAIN: &[(&str, &str, Access)] = &[
    ("/healthz", "/healthz", Access::Anyone),
    ("/lang/{code}", "/lang/en", Access::Anyone),
    ("/invoices/{id}/{file}", "/invoices/{invoice}/pdf", Access::Roles(SCHOOL_AND_ADMIN)),
    ("/school/ledger.csv", "/school/ledger.csv?location=1", Access::Roles(SCHOOL_AND_ADMIN)),
    ("/provider/payouts/{batch}/{file}", "/provider/payouts/{batch}/statement.pdf", Access::Roles(PROVIDER)),
    ("/admin/payouts/{batch}/pain001.xml", "/admin/payouts/{batch}/pain001.xml", Access::Roles(ADMIN)),
    ("/api/v1/openapi.json", "/api/v1/openapi.json", Access::Anyone),
    ("/api/v1/weborders", "/api/v1/weborders", Access::ApiKey),
    ("/api/v1/weborders/{id}", "/api/v1/weborders/{weborder_approve}", Access::ApiKey),
    ("/offers/images/{id}", "/offers/images/{image}", Access::Anyone),
    ("/school/roster/{location}/{file}", "/school/roster/1/sjabloon.xlsx", Access::Roles(&[Role::BudgetHolder])),
    ("/account/export.json", "/account/export.json", Access::Roles(&Role::ALL)),
    ("/school/classes/sheet", "/school/classes/sheet", Access::Roles(&[Role::BudgetHolder, Role::TeacherPlus])),
];

/// Plain routes that take a form POST (they change something), with a well-formed body.
const PLAIN_POST: &[(&str, &str)] = &[("/school/classes/sheet", "location_id=1&class=2A")];

/// Calls a plain route as a browser would: a page load, or the form post it takes.
async fn plain(router: &axum::Router, sample: &str, session: Option<&str>) -> common::Answer {
    match PLAIN_POST.iter().find(|(path, _)| *path == sample) {
        Some((_, body)) => post(router, sample, session, body).await,
        None => get(router, sample, session).await,
    }
}

const SCHOOL_AND_ADMIN: &[Role] = &[Role::Board, Role::BudgetHolder, Role::PlatformAdmin];

#[test]
fn every_server_function_page_and_route_is_in_the_matrix() {
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect();
    let listed: BTreeSet<String> = SERVER_FUNCTIONS.iter().map(|(p, _, _)| (*p).to_owned()).collect();
    assert_eq!(registered, listed, "server functions and the matrix differ");

    let pages: BTreeSet<String> = leptos_axum::generate_route_list(app::App).iter().map(|r| r.path().to_owned()).collect();
    let listed: BTreeSet<String> = PAGES.iter().map(|(p, _, _)| (*p).to_owned()).collect();
    assert_eq!(pages, listed, "pages and the matrix differ");

    let plain: BTreeSet<&str> = server::PLAIN_ROUTES.iter().copied().collect();
    let listed: BTreeSet<&str> = PLAIN.iter().map(|(p, _, _)| *p).collect();
    assert_eq!(plain, listed, "plain routes and the matrix differ");
}

/// Every server function, with a body naming real things: a stranger gets 401 and every role
/// it is not for gets 403, and none of those calls changes any row of any table; every role
/// it is for gets a 200.
#[test]
fn server_functions_refuse_strangers_and_wrong_roles_and_serve_the_right_role() {
    common::run(async {
        for db in testing::both().await {
            let w = world(db).await;
            let router = &w.f.router;
            let mut not_served = Vec::new();
            for (path, access, template) in SERVER_FUNCTIONS {
                let Access::Roles(allowed) = access else { continue };
                let body = w.fill(template.as_bytes(), Some(allowed[0]));
                let before = fingerprint(&w.f.state.db).await;
                let anonymous = post_bytes(router, path, None, body.clone()).await;
                assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path} as a stranger: {}", anonymous.body);
                for role in Role::ALL.into_iter().filter(|r| !allowed.contains(r)) {
                    let answer = post_bytes(router, path, w.session(role), body.clone()).await;
                    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path} as {role:?}: {}", answer.body);
                }
                let changed = common::changed_tables(&before, &fingerprint(&w.f.state.db).await);
                assert!(changed.is_empty(), "a refused call to {path} changed {changed:?}");
                for role in allowed.iter() {
                    let answer = post_bytes(router, path, w.session(*role), w.fill(template.as_bytes(), Some(*role))).await;
                    if answer.status != StatusCode::OK {
                        not_served.push(format!("{path} as {role:?}: {} {}", answer.status, answer.body));
                    }
                }
            }
            assert!(not_served.is_empty(), "the right role was not served:\n{}", not_served.join("\n"));
        }
    })
}

/// The "nothing changed" check of the tests above sees a change to one column of one row of
/// any table, and names that table.
#[test]
fn the_fingerprint_sees_one_changed_value_and_names_its_table() {
    common::run(async {
        for db in testing::both().await {
            let w = world(db).await;
            let pool = &w.f.state.db.pool;
            let before = fingerprint(&w.f.state.db).await;
            assert!(before.len() > 40 && before["weborders"].0 == 8, "{before:?}");
            let id = w.id("weborder_reject");
            sqlx::query("UPDATE weborders SET students = students + 1 WHERE id = $1").bind(id).execute(pool).await.unwrap();
            assert_eq!(common::changed_tables(&before, &fingerprint(&w.f.state.db).await), ["weborders"]);
            sqlx::query("UPDATE weborders SET students = students - 1 WHERE id = $1").bind(id).execute(pool).await.unwrap();
            assert!(common::changed_tables(&before, &fingerprint(&w.f.state.db).await).is_empty());
            sqlx::query("UPDATE passes SET phone = '0612345678' WHERE id = $1")
                .bind(w.id("pass_block"))
                .execute(pool)
                .await
                .unwrap();
            assert_eq!(common::changed_tables(&before, &fingerprint(&w.f.state.db).await), ["passes"]);
        }
    })
}

/// Every field of every server function's well-formed form, given a NUL byte, an escape, a
/// DEL or bytes that are not UTF-8, as a caller the function serves: refused with 422 naming
/// that field, and nothing changes.
#[test]
fn no_form_field_of_any_server_function_takes_text_that_is_no_text() {
    common::run(async {
        for db in testing::both().await {
            let w = world(db).await;
            let before = fingerprint(&w.f.state.db).await;
            let mut tried = 0;
            for (path, access, template) in SERVER_FUNCTIONS {
                let (session, role) = match access {
                    Access::Anyone => (None, None),
                    Access::Roles(roles) => (w.session(roles[0]), Some(roles[0])),
                    Access::ApiKey => continue,
                };
                let body = String::from_utf8(w.fill(template.as_bytes(), role)).unwrap_or_default();
                if body.is_empty() || body.starts_with(common::MULTIPART) {
                    continue;
                }
                let pairs: Vec<&str> = body.split('&').collect();
                for (i, pair) in pairs.iter().enumerate() {
                    let field = url::form_urlencoded::parse(pair.as_bytes()).next().unwrap().0.into_owned();
                    for bad in ["%00", "%1B", "%7F", "%FF", "%C3%28"] {
                        let mut changed = pairs.clone();
                        let spoiled = format!("{pair}{bad}");
                        changed[i] = &spoiled;
                        let answer = post(&w.f.router, path, session, &changed.join("&")).await;
                        tried += 1;
                        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{path} {field}{bad}: {}", answer.body);
                        assert!(
                            answer.body.contains("unreadable_text") && answer.body.contains(&format!("\"{field}\"")),
                            "{path} {field}{bad}: {}",
                            answer.body
                        );
                    }
                }
            }
            let changed = common::changed_tables(&before, &fingerprint(&w.f.state.db).await);
            assert!(changed.is_empty(), "refused calls changed {changed:?}");
            assert!(tried > 1_000, "{tried} cases");
        }
    })
}

#[test]
fn open_server_functions_answer_strangers_without_an_internal_error() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            for (path, access, body) in SERVER_FUNCTIONS {
                let Access::Anyone = access else { continue };
                let answer = post(&f.router, path, None, body).await;
                assert!(
                    answer.status.is_success() || answer.status.is_client_error(),
                    "{path}: {} {}",
                    answer.status,
                    answer.body
                );
                assert!(
                    !answer.body.to_lowercase().contains("sqlx") && !answer.body.contains("SELECT"),
                    "{path} leaks internals"
                );
            }
        }
    })
}

#[test]
fn portal_pages_send_strangers_to_login_and_refuse_wrong_roles() {
    common::run(async {
        for db in testing::both().await {
            let w = world(db).await;
            let f = &w.f;
            for (_, sample, access) in PAGES {
                let sample = &w.text(sample, None);
                match access {
                    Access::Anyone => {
                        let answer = get(&f.router, sample, None).await;
                        let expected = if sample.starts_with("/invite/") { StatusCode::NOT_FOUND } else { StatusCode::OK };
                        assert_eq!(answer.status, expected, "{sample}");
                    }
                    Access::ApiKey => panic!("{sample}: pages are for browsers, not API keys"),
                    Access::Roles(allowed) => {
                        let anonymous = get(&f.router, sample, None).await;
                        assert_eq!(anonymous.status, StatusCode::FOUND, "{sample} as a stranger");
                        let location = anonymous.headers.get("location").unwrap().to_str().unwrap();
                        assert!(location.starts_with("/login?next="), "{sample} redirects to {location}");
                        for role in Role::ALL {
                            let answer = get(&f.router, sample, Some(&f.sessions[&role])).await;
                            let expected = if allowed.contains(&role) { StatusCode::OK } else { StatusCode::FORBIDDEN };
                            assert_eq!(answer.status, expected, "{sample} as {role:?}");
                        }
                    }
                }
            }
            for (_, sample, access) in PLAIN {
                let sample = &w.text(sample, None);
                let answer = plain(&f.router, sample, None).await;
                match access {
                    Access::Anyone => {
                        let expected = if sample.starts_with("/lang/") { StatusCode::SEE_OTHER } else { StatusCode::OK };
                        assert_eq!(answer.status, expected, "{sample}: {}", answer.body)
                    }
                    Access::ApiKey => {
                        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{sample} as a stranger");
                        for role in Role::ALL {
                            let answer = plain(&f.router, sample, Some(&f.sessions[&role])).await;
                            assert_eq!(
                                answer.status,
                                StatusCode::UNAUTHORIZED,
                                "{sample} with a {role:?} session instead of a key"
                            );
                        }
                    }
                    Access::Roles(allowed) => {
                        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{sample} as a stranger");
                        for role in Role::ALL {
                            let answer = plain(&f.router, sample, Some(&f.sessions[&role])).await;
                            if allowed.contains(&role) {
                                assert_eq!(answer.status, StatusCode::OK, "{sample} as {role:?}: {}", answer.body);
                            } else {
                                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{sample} as {role:?}");
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Portal answers hold only the caller's own places: another school's locations or another
/// provider never appear.
#[test]
fn each_role_sees_only_its_own_tenant() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let body = |role: Role, path: &'static str| {
                let router = f.router.clone();
                let session = f.sessions[&role].clone();
                async move { post(&router, path, Some(&session), "").await.body }
            };
            let budget = body(Role::BudgetHolder, "/api/portal/school").await;
            assert!(
                budget.contains("CJP-250001") && !budget.contains("CJP-250002") && !budget.contains("CJP-270001"),
                "{budget}"
            );
            let board = body(Role::Board, "/api/portal/school").await;
            assert!(board.contains("CJP-250001") && board.contains("CJP-250002") && !board.contains("CJP-270001"), "{board}");
            let teacher = body(Role::Teacher, "/api/portal/teacher").await;
            assert!(teacher.contains("CJP-250001") && !teacher.contains("CJP-270001"));
            let student = body(Role::Student, "/api/portal/student").await;
            assert!(student.contains("CJP-250001") && !student.contains("CJP-250002"));
            let provider = body(Role::Provider, "/api/portal/provider").await;
            assert!(provider.contains("Theater De Kolk") && !provider.contains("Museum aan de Schelde"), "{provider}");
            let board_budget = body(Role::Board, "/api/budget/school").await;
            assert!(board_budget.contains("CJP-250002") && !board_budget.contains("CJP-270001"), "{board_budget}");
            let holder_budget = body(Role::BudgetHolder, "/api/budget/school").await;
            assert!(holder_budget.contains("CJP-250001") && !holder_budget.contains("CJP-250002"));
        }
    })
}

/// A budget holder cannot order for, or read the ledger of, a location that is not theirs.
#[test]
fn budget_endpoints_refuse_other_locations_and_change_nothing() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let holder = f.sessions[&Role::BudgetHolder].clone();
            let board = f.sessions[&Role::Board].clone();
            let middelburg = 3;
            let before = fingerprint(&f.state.db).await;
            let order = post(
                &f.router,
                "/api/budget/submit",
                Some(&holder),
                &format!("location_id={middelburg}&collective=10&individual=0"),
            )
            .await;
            assert_eq!(order.status, StatusCode::NOT_FOUND);
            let ledger = post(&f.router, "/api/budget/ledger", Some(&board), &format!("location_id={middelburg}&page=1")).await;
            assert_eq!(ledger.status, StatusCode::NOT_FOUND);
            assert_eq!(fingerprint(&f.state.db).await, before);
            // The board of the same school reads but does not order.
            let board_order =
                post(&f.router, "/api/budget/submit", Some(&board), "location_id=1&collective=10&individual=0").await;
            assert_eq!(board_order.status, StatusCode::FORBIDDEN);
            assert_eq!(fingerprint(&f.state.db).await, before);
        }
    })
}

/// An invoice file goes to its own school's board and budget holder and to the operator; a
/// budget holder of another school gets the same answer as for a missing invoice.
#[test]
fn an_invoice_file_is_only_for_its_school_and_the_operator() {
    common::run(async {
        use domain::{Email, LocationId, Scope};
        use services::accounts::people;
        for db in testing::both().await {
            let f = fixture(db).await;
            let invoice = common::invoiced_order(&f, "100", "50").await;
            let path = format!("/invoices/{}/ubl", invoice.id);
            for role in [Role::BudgetHolder, Role::Board, Role::PlatformAdmin] {
                let answer = get(&f.router, &path, Some(&f.sessions[&role])).await;
                assert_eq!(answer.status, StatusCode::OK, "{role:?}");
                assert!(answer.body.contains("<Invoice") && answer.body.contains(&invoice.number));
                assert!(answer
                    .headers
                    .get("content-disposition")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .contains(&format!("{}.xml", invoice.number)));
            }
            // The demo teacher becomes budget holder of Deltacollege Middelburg: not their invoice.
            let teacher = people::account_by_email(&f.state.db, &Email::parse("docent@roc-amstelland.demo").unwrap())
                .await
                .unwrap()
                .unwrap();
            let mut tx = f.state.db.begin_write().await.unwrap();
            people::assign_role(&mut tx, 0, teacher.id, Role::BudgetHolder, &Scope::Location(LocationId(3))).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(get(&f.router, &path, Some(&f.sessions[&Role::Teacher])).await.status, StatusCode::NOT_FOUND);
            assert_eq!(get(&f.router, &path, Some(&f.sessions[&Role::Provider])).await.status, StatusCode::FORBIDDEN);
            assert_eq!(get(&f.router, &path, None).await.status, StatusCode::UNAUTHORIZED);
        }
    })
}

/// The ledger export holds only the caller's own location (cells are neutralised against
/// formulas by `services::files::csv`, tested there).
#[test]
fn the_ledger_export_is_for_its_own_school_only() {
    common::run(async {
        use services::budget;
        for db in testing::both().await {
            let f = fixture(db).await;
            let invoice = common::invoiced_order(&f, "10", "0").await;
            budget::payments::register_payment(&f.state, None, invoice.id, invoice.amount, "2026-12-01", "bank", "manual")
                .await
                .unwrap();
            let mine = get(&f.router, "/school/ledger.csv?location=1", Some(&f.sessions[&Role::BudgetHolder])).await;
            assert_eq!(mine.status, StatusCode::OK);
            assert!(
                mine.body.starts_with('\u{feff}') && mine.body.contains("budget_released") && mine.body.contains("210,00"),
                "{}",
                mine.body
            );
            let theirs = get(&f.router, "/school/ledger.csv?location=3", Some(&f.sessions[&Role::BudgetHolder])).await;
            assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        }
    })
}
