//! A cultural provider signs up through the public form, over HTTP as a browser without
//! JavaScript posts it, on SQLite and PostgreSQL: what is stored (a pending provider whose
//! bank account waits for the operator's check, its contact, the contact's account with the
//! provider role), who is mailed (the contact, with a link to choose a password; an existing
//! account is told to log in), what the operator sees, and what a refused sign-up leaves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{changed_tables, fingerprint, fixture, get, post};
use domain::error::Problem;
use domain::provider::ProviderStatus;
use domain::records::AccountStatus;
use domain::{Email, PageRequest, ProviderId, Role};
use http::StatusCode;
use services::platform::tokens::INVITATION_TTL_MS;
use services::{accounts::people, market::providers, platform::mail, testing, AppState};
use sqlx::Row;

const KVK: &str = "87654321";
const IBAN: &str = "NL91ABNA0417164300";

/// The sign-up form's fields as the page names them (`signup[...]`), with these values.
fn form(fields: &[(&str, &str)]) -> String {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        body.append_pair(&format!("signup[{name}]"), value);
    }
    body.finish()
}

/// A sign-up as a provider fills it in, with `contact_email` as the contact's address.
fn good_signup(contact_email: &str) -> String {
    form(&[
        ("organisation", "Theater Het Lichtpunt"),
        ("kvk_number", "8765 4321"),
        ("vat_number", "NL987654321B01"),
        ("city", "Zwolle"),
        ("website", "https://lichtpunt.example"),
        ("iban", "NL91 ABNA 0417 1643 00"),
        ("account_holder", "Stichting Het Lichtpunt"),
        ("contact_name", "Eva Smit"),
        ("contact_email", contact_email),
        ("contact_phone", "038 123 4567"),
        ("terms", "on"),
    ])
}

/// Posts the form as a browser without JavaScript does.
async fn submit(f: &common::Fixture, body: &str) -> common::Answer {
    common::post_without_js(&f.router, "/api/provider/signup", "/provider/signup", body).await
}

async fn count(state: &AppState, sql: &str, bind: &str) -> i64 {
    sqlx::query(sql).bind(bind).fetch_one(&state.db.pool).await.unwrap().get::<i64, _>("n")
}

async fn all_mail(state: &AppState) -> i64 {
    mail::list(&state.db, PageRequest::new(1, 1), None).await.unwrap().total
}

/// The provider with the sign-up's KvK number.
async fn signed_up(state: &AppState) -> ProviderId {
    let row = sqlx::query("SELECT id FROM providers WHERE kvk_number = $1").bind(KVK).fetch_one(&state.db.pool).await.unwrap();
    ProviderId(row.get::<i64, _>("id"))
}

/// A good sign-up: the browser lands on the thank-you page; the provider is stored as
/// pending with every detail, its bank account waiting for the check (nothing is paid to it
/// yet); the contact is its first user, invited (no password yet) with the provider role
/// for this provider only, and gets one mail with a link that works for 14 days; nobody
/// else is mailed. The history and the audit trail record the sign-up. The operator finds
/// the provider among those waiting for a check, and the contact who follows the link is
/// in the provider portal of a provider that is still pending.
#[test]
fn a_good_signup_is_stored_pending_and_the_contact_is_mailed_a_link_to_choose_a_password() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let mails_before = all_mail(&f.state).await;
            let answer = submit(&f, &good_signup("Eva@Lichtpunt.example")).await;
            assert!(answer.status.is_redirection(), "{} {}", answer.status, answer.body);
            assert_eq!(answer.headers.get("location").unwrap(), "/provider/signup?done=signed_up");
            let thanks = get(&f.router, "/provider/signup?done=signed_up", None).await;
            assert!(thanks.body.contains("Bedankt voor je aanmelding!"), "the page confirms the sign-up");

            let id = signed_up(&f.state).await;
            let detail = providers::detail(&f.state, id).await.unwrap();
            let p = &detail.provider;
            assert_eq!(
                (p.name.as_str(), p.kvk_number.as_str(), p.vat_number.as_str(), p.city.as_str(), p.website.as_str()),
                ("Theater Het Lichtpunt", KVK, "NL987654321B01", "Zwolle", "https://lichtpunt.example")
            );
            assert_eq!((p.email.as_str(), p.phone.as_str()), ("eva@lichtpunt.example", "038 123 4567"));
            assert_eq!(p.status, ProviderStatus::Pending);
            assert_eq!(p.account_holder, "Stichting Het Lichtpunt");
            assert_eq!((p.iban.as_deref(), p.iban_pending.as_deref()), (None, Some(IBAN)), "the account waits for the check");
            assert_eq!(detail.events.len(), 1);
            assert_eq!(detail.events[0].kind, "signed_up");
            assert_eq!(detail.events[0].detail, "IBAN NL91 ABNA 0417 1643 00");

            let contact = sqlx::query("SELECT name, email, phone FROM provider_contacts WHERE provider_id = $1")
                .bind(id.0)
                .fetch_all(&f.state.db.pool)
                .await
                .unwrap();
            assert_eq!(contact.len(), 1);
            let contact =
                (contact[0].get::<String, _>("name"), contact[0].get::<String, _>("email"), contact[0].get::<String, _>("phone"));
            assert_eq!(contact, ("Eva Smit".to_owned(), "eva@lichtpunt.example".to_owned(), "038 123 4567".to_owned()));

            let eva = people::account_by_email(&f.state.db, &Email::parse("eva@lichtpunt.example").unwrap())
                .await
                .unwrap()
                .expect("the contact has an account");
            assert_eq!(
                (eva.display_name.as_str(), eva.status, eva.password_hash.is_none()),
                ("Eva Smit", AccountStatus::Invited, true)
            );
            let roles = sqlx::query("SELECT role, provider_id FROM role_assignments WHERE person_id = $1")
                .bind(eva.id.0)
                .fetch_all(&f.state.db.pool)
                .await
                .unwrap();
            let roles: Vec<(String, Option<i64>)> = roles.iter().map(|r| (r.get("role"), r.get("provider_id"))).collect();
            assert_eq!(roles, vec![(Role::Provider.code().to_owned(), Some(id.0))]);
            let tokens = sqlx::query("SELECT purpose, created_at, expires_at, used_at FROM auth_tokens WHERE person_id = $1")
                .bind(eva.id.0)
                .fetch_all(&f.state.db.pool)
                .await
                .unwrap();
            assert_eq!(tokens.len(), 1);
            assert_eq!(tokens[0].get::<String, _>("purpose"), "invitation");
            let (created, expires) = (tokens[0].get::<i64, _>("created_at"), tokens[0].get::<i64, _>("expires_at"));
            assert_eq!(expires - created, INVITATION_TTL_MS);
            assert!(tokens[0].get::<Option<i64>, _>("used_at").is_none());
            assert_eq!(count(&f.state, "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1", "provider_signed_up").await, 1);

            assert_eq!(all_mail(&f.state).await, mails_before + 1, "one mail, to the contact only");
            let mails = mail::list(&f.state.db, PageRequest::new(1, 10), Some("eva@lichtpunt.example")).await.unwrap().rows;
            assert_eq!(mails.len(), 1);
            assert!(mails[0].subject.starts_with("Aanmelding ontvangen"), "{}", mails[0].subject);
            assert!(mails[0].body.contains("Theater Het Lichtpunt") && mails[0].body.contains("Hallo Eva Smit"));
            let link = "http://localhost:3000/invite/";
            let start = mails[0].body.find(link).expect("a link to choose a password") + link.len();
            let token = mails[0].body[start..].split_whitespace().next().unwrap().to_owned();

            let admin = f.sessions[&Role::PlatformAdmin].clone();
            let waiting = get(&f.router, "/admin/providers?status=pending", Some(&admin)).await;
            assert_eq!(waiting.status, StatusCode::OK);
            assert!(waiting.body.contains("Theater Het Lichtpunt") && waiting.body.contains(KVK), "the operator sees it waiting");
            let pending = providers::list(&f.state, Some(ProviderStatus::Pending), PageRequest::new(1, 100)).await.unwrap();
            assert_eq!(pending.rows.iter().filter(|r| r.id == id).count(), 1);

            let accept = format!(
                "token={token}&password=een%20goede%20lange%20zin&password_repeat=een%20goede%20lange%20zin&accept_terms=on"
            );
            let activated = post(&f.router, "/api/auth/accept_invitation", None, &accept).await;
            assert!(activated.status.is_success() || activated.status.is_redirection(), "{}", activated.body);
            assert_eq!(activated.headers.get("location").unwrap(), "/provider");
            let cookie = activated.headers.get("set-cookie").unwrap().to_str().unwrap();
            let session = cookie.trim_start_matches("ck_session=").split(';').next().unwrap().to_owned();
            let home = post(&f.router, "/api/provider/home", Some(&session), "").await;
            assert_eq!(home.status, StatusCode::OK, "{}", home.body);
            let home: serde_json::Value = serde_json::from_str(&home.body).unwrap();
            assert_eq!(home["provider"]["id"], id.0);
            assert_eq!(home["provider"]["status"], "pending");
        }
    })
}

/// A contact who already has an active account (a teacher who also runs a theatre) keeps it:
/// no second account and no password link, but the provider role for the new provider and a
/// mail that says to log in with the existing account.
#[test]
fn a_contact_with_an_account_is_told_to_log_in_and_gets_the_provider_role() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            let teacher = "docent@roc-amstelland.demo";
            let before = people::account_by_email(&f.state.db, &Email::parse(teacher).unwrap()).await.unwrap().unwrap();
            assert_eq!(before.status, AccountStatus::Active);
            let tokens_before = count(&f.state, "SELECT COUNT(*) AS n FROM auth_tokens WHERE purpose = $1", "invitation").await;
            let answer = submit(&f, &good_signup(teacher)).await;
            assert_eq!(answer.headers.get("location").unwrap(), "/provider/signup?done=signed_up", "{}", answer.body);

            let id = signed_up(&f.state).await;
            let after = people::account_by_email(&f.state.db, &Email::parse(teacher).unwrap()).await.unwrap().unwrap();
            assert_eq!((after.id, after.status, after.password_hash), (before.id, AccountStatus::Active, before.password_hash));
            assert_eq!(count(&f.state, "SELECT COUNT(*) AS n FROM people WHERE email = $1", teacher).await, 1);
            let provider_roles =
                sqlx::query("SELECT provider_id FROM role_assignments WHERE person_id = $1 AND role = 'provider'")
                    .bind(before.id.0)
                    .fetch_all(&f.state.db.pool)
                    .await
                    .unwrap();
            assert_eq!(
                provider_roles.iter().map(|r| r.get::<Option<i64>, _>("provider_id")).collect::<Vec<_>>(),
                vec![Some(id.0)]
            );
            assert_eq!(
                count(&f.state, "SELECT COUNT(*) AS n FROM auth_tokens WHERE purpose = $1", "invitation").await,
                tokens_before,
                "no password link for an account that has a password"
            );
            let mails = mail::list(&f.state.db, PageRequest::new(1, 10), Some(teacher)).await.unwrap().rows;
            let signup_mail =
                mails.iter().find(|m| m.subject.starts_with("Aanmelding ontvangen")).expect("a mail to the contact");
            assert!(
                signup_mail.body.contains("Log in met je bestaande account: http://localhost:3000/login"),
                "{}",
                signup_mail.body
            );
            assert!(!signup_mail.body.contains("/invite/"));
            assert_eq!(providers::detail(&f.state, id).await.unwrap().provider.status, ProviderStatus::Pending);
        }
    })
}

/// A sign-up with problems names every field at once and stores nothing; one with a KvK
/// number that is already signed up is refused on that field and stores nothing either (no
/// provider, account, mail, token or history; only the sign-up counter of the address moves).
#[test]
fn a_refused_signup_names_its_problems_and_stores_nothing() {
    common::run(async {
        for db in testing::both().await {
            let f = fixture(db).await;
            assert!(submit(&f, &good_signup("eva@lichtpunt.example")).await.status.is_redirection());
            // The address's sign-up counter counts every attempt; everything else must stay.
            let counter_only = vec!["login_throttle".to_owned()];
            let before = fingerprint(&f.state.db).await;
            let bad = form(&[
                ("organisation", "Theater Het Lichtpunt"),
                ("kvk_number", "1234"),
                ("city", "Zwolle"),
                ("iban", "NL00 RABO 0000 0000 00"),
                ("account_holder", "Stichting Het Lichtpunt"),
                ("contact_name", "Eva Smit"),
                ("contact_email", "geen adres"),
                ("website", "lichtpunt.example"),
            ]);
            let answer = post(&f.router, "/api/provider/signup", None, &bad).await;
            assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
            let error: domain::AppError = serde_json::from_str(&answer.body).unwrap();
            for (field, problem) in [
                ("kvk_number", Problem::InvalidKvk),
                ("iban", Problem::InvalidIban),
                ("contact_email", Problem::InvalidEmail),
                ("website", Problem::InvalidValue),
                ("terms", Problem::TermsNotAccepted),
            ] {
                assert_eq!(error.problem_for(field), Some(problem), "{field}: {}", answer.body);
            }
            let after = fingerprint(&f.state.db).await;
            assert_eq!(changed_tables(&before, &after), counter_only, "nothing stored");

            let before = after;
            let again = good_signup("iemand@anders.example").replace("Theater+Het+Lichtpunt", "Lichtpunt+Twee");
            let answer = post(&f.router, "/api/provider/signup", None, &again).await;
            assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
            let error: domain::AppError = serde_json::from_str(&answer.body).unwrap();
            assert_eq!(error.problem_for("kvk_number"), Some(Problem::KvkTaken));
            assert_eq!(changed_tables(&before, &fingerprint(&f.state.db).await), counter_only, "nothing stored");
            assert_eq!(count(&f.state, "SELECT COUNT(*) AS n FROM providers WHERE kvk_number = $1", KVK).await, 1);
        }
    })
}
