//! Accounts, sessions, invitations, password resets, throttling, audit and outbox, each
//! checked on SQLite and on PostgreSQL with a fresh database per test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::{AppError, Email, PersonId, Role, Scope};
use services::platform::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use services::{accounts::auth, accounts::orgs, accounts::people, demo, platform::audit, platform::mail, testing, AppState, Db};

async fn admin(state: &AppState) -> PersonId {
    let mut tx = state.db.begin_write().await.unwrap();
    let id = people::create_person(&mut tx, 0, &Email::parse("ops@cjp.example").unwrap(), "Operator").await.unwrap();
    people::assign_role(&mut tx, 0, id, Role::PlatformAdmin, &Scope::Platform).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn location(state: &AppState, brin: &str) -> Scope {
    let mut tx = state.db.begin_write().await.unwrap();
    let inst = orgs::create_institution(&mut tx, 0, brin, &format!("ROC {brin}")).await.unwrap();
    let loc = orgs::create_location(
        &mut tx,
        0,
        inst,
        &orgs::NewLocation {
            vestiging_number: "00",
            name: &format!("ROC {brin} Centrum"),
            street: "Stationsplein 1",
            postcode: "1012 AB",
            city: "Amsterdam",
            cjp_school_number: &format!("CJP-{brin}"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    Scope::Location(loc)
}

/// The token in the newest mail to `to` whose link contains `path` (as a person would click it).
async fn link_token(db: &Db, to: &str, path: &str) -> String {
    let page = mail::list(db, domain::PageRequest::new(1, 10), Some(to)).await.unwrap();
    let body = &page.rows.first().expect("a mail").body;
    let start = body.find(path).expect("a link in the mail") + path.len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

/// Invites Anna as teacher and lets her accept with `password`; returns her id and session.
async fn active_teacher(state: &AppState, password: &str) -> (PersonId, String) {
    let actor = admin(state).await;
    let scope = location(state, "30AB").await;
    let email = Email::parse("anna@roc.example").unwrap();
    let id = auth::invite(state, actor, &email, "Anna de Vries", Role::Teacher, &scope).await.unwrap();
    let token = link_token(&state.db, "anna@roc.example", "/invite/").await;
    let (user, session) = auth::set_password_with_token(state, &token, "invitation", password).await.unwrap();
    assert_eq!(user.person_id, id);
    (id, session)
}

const PASSWORD: &str = "fietsen langs de Amstel";

#[tokio::test]
async fn an_invited_person_activates_with_the_mailed_link_and_then_logs_in() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let (id, session) = active_teacher(&state, PASSWORD).await;
        let me = auth::session_user(&state, &session).await.unwrap().unwrap();
        assert_eq!(me.person_id, id);
        assert!(me.has_role(Role::Teacher));
        let (user, other_session) = auth::login(&state, " Anna@ROC.example ", PASSWORD, "10.0.0.1").await.unwrap();
        assert_eq!(user.person_id, id);
        assert_ne!(session, other_session, "every login gets a new session id");
    }
}

#[tokio::test]
async fn an_invitation_link_works_once() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let actor = admin(&state).await;
        let scope = location(&state, "30AC").await;
        auth::invite(&state, actor, &Email::parse("bo@roc.example").unwrap(), "Bo", Role::Student, &scope).await.unwrap();
        let token = link_token(&state.db, "bo@roc.example", "/invite/").await;
        auth::set_password_with_token(&state, &token, "invitation", PASSWORD).await.unwrap();
        let again = auth::set_password_with_token(&state, &token, "invitation", "een ander wachtwoord").await;
        assert_eq!(again.unwrap_err(), AppError::Conflict(Problem::LinkInvalidOrExpired));
        // The first password still holds.
        assert!(auth::login(&state, "bo@roc.example", PASSWORD, "x").await.is_ok());
    }
}

/// Two activations with the same invitation link at once (each a task on the multi-threaded
/// runtime): exactly one succeeds, and only its password signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_racing_activations_with_one_link_succeed_once() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let actor = admin(&state).await;
        let scope = location(&state, "30AD").await;
        auth::invite(&state, actor, &Email::parse("cem@roc.example").unwrap(), "Cem", Role::Student, &scope).await.unwrap();
        let token = link_token(&state.db, "cem@roc.example", "/invite/").await;
        let activate = |password: &'static str| {
            let (state, token) = (state.clone(), token.clone());
            tokio::spawn(async move { auth::set_password_with_token(&state, &token, "invitation", password).await })
        };
        let (a, b) = (activate("eerste wachtwoord"), activate("tweede wachtwoord"));
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        assert_eq!(usize::from(a.is_ok()) + usize::from(b.is_ok()), 1, "exactly one activation: {a:?} {b:?}");
        let (won, lost) =
            if a.is_ok() { ("eerste wachtwoord", "tweede wachtwoord") } else { ("tweede wachtwoord", "eerste wachtwoord") };
        assert!(auth::login(&state, "cem@roc.example", won, "10.2.0.1").await.is_ok());
        assert!(auth::login(&state, "cem@roc.example", lost, "10.2.0.2").await.is_err());
    }
}

#[tokio::test]
async fn an_invitation_expires_after_fourteen_days() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        let actor = admin(&state).await;
        let scope = location(&state, "30AE").await;
        auth::invite(&state, actor, &Email::parse("dex@roc.example").unwrap(), "Dex", Role::Student, &scope).await.unwrap();
        let token = link_token(&state.db, "dex@roc.example", "/invite/").await;
        clock.advance(14 * DAY_MS);
        let late = auth::set_password_with_token(&state, &token, "invitation", PASSWORD).await;
        assert_eq!(late.unwrap_err(), AppError::Conflict(Problem::LinkInvalidOrExpired));
        assert!(services::platform::tokens::peek_token(&state.db, clock_now(&state), &token, "invitation")
            .await
            .unwrap()
            .is_none());
    }
}

fn clock_now(state: &AppState) -> i64 {
    state.clock.now_ms()
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_answer_alike() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        active_teacher(&state, PASSWORD).await;
        let wrong = auth::login(&state, "anna@roc.example", "niet het wachtwoord", "a").await.unwrap_err();
        let unknown = auth::login(&state, "niemand@roc.example", PASSWORD, "b").await.unwrap_err();
        assert_eq!(wrong, unknown);
        assert_eq!(wrong.problem_for("email"), Some(Problem::WrongCredentials));
    }
}

#[tokio::test]
async fn five_wrong_passwords_pause_the_account_for_a_quarter_of_an_hour() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        active_teacher(&state, PASSWORD).await;
        for i in 0..auth::ACCOUNT_FAILURES {
            let e = auth::login(&state, "anna@roc.example", "fout fout fout", &format!("10.0.0.{i}")).await.unwrap_err();
            assert!(matches!(e, AppError::Invalid(_)));
        }
        // Even the right password is refused while the pause lasts, from any address.
        assert_eq!(auth::login(&state, "anna@roc.example", PASSWORD, "10.9.9.9").await.unwrap_err(), AppError::RateLimited);
        clock.advance(services::platform::throttle::THROTTLE_WINDOW_MS);
        assert!(auth::login(&state, "anna@roc.example", PASSWORD, "10.9.9.9").await.is_ok());
    }
}

/// Twenty wrong passwords for one account sent at once (each task on the multi-threaded
/// runtime, from its own address): the limit holds, five passwords are checked, and the
/// right password is refused after them too.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_passwords_sent_at_once_get_no_more_checks_than_the_limit() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        active_teacher(&state, PASSWORD).await;
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let state = state.clone();
                tokio::spawn(
                    async move { auth::login(&state, "anna@roc.example", "fout fout fout", &format!("10.1.0.{i}")).await },
                )
            })
            .collect();
        let (mut checked, mut paused) = (0, 0);
        for t in tasks {
            match t.await.unwrap().unwrap_err() {
                AppError::RateLimited => paused += 1,
                e => {
                    assert_eq!(e.problem_for("email"), Some(Problem::WrongCredentials));
                    checked += 1;
                }
            }
        }
        assert_eq!((checked, paused), (auth::ACCOUNT_FAILURES, 20 - auth::ACCOUNT_FAILURES));
        assert_eq!(auth::login(&state, "anna@roc.example", PASSWORD, "10.9.9.9").await.unwrap_err(), AppError::RateLimited);
    }
}

/// Signing in from one school network does not use up the address's allowance: only
/// failures count.
#[tokio::test]
async fn successful_sign_ins_from_one_address_are_not_counted_against_it() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        active_teacher(&state, PASSWORD).await;
        for _ in 0..auth::ADDRESS_FAILURES + 5 {
            auth::login(&state, "anna@roc.example", PASSWORD, "192.0.2.1").await.unwrap();
        }
        for _ in 0..auth::ACCOUNT_FAILURES - 1 {
            let _ = auth::login(&state, "anna@roc.example", "fout fout fout", "192.0.2.1").await.unwrap_err();
        }
        assert!(auth::login(&state, "anna@roc.example", PASSWORD, "192.0.2.1").await.is_ok(), "four failures, then in");
    }
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_paused() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        active_teacher(&state, PASSWORD).await;
        for i in 0..auth::ADDRESS_FAILURES {
            let _ = auth::login(&state, &format!("guess{i}@roc.example"), "raden raden", "203.0.113.7").await;
        }
        assert_eq!(auth::login(&state, "anna@roc.example", PASSWORD, "203.0.113.7").await.unwrap_err(), AppError::RateLimited);
        assert!(auth::login(&state, "anna@roc.example", PASSWORD, "198.51.100.1").await.is_ok());
    }
}

#[tokio::test]
async fn a_session_ends_after_two_idle_hours() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        let (_, session) = active_teacher(&state, PASSWORD).await;
        clock.advance(2 * HOUR_MS - MINUTE_MS);
        assert!(auth::session_user(&state, &session).await.unwrap().is_some(), "still within the idle limit");
        clock.advance(2 * HOUR_MS + 1);
        assert!(auth::session_user(&state, &session).await.unwrap().is_none(), "idle too long");
    }
}

#[tokio::test]
async fn a_busy_session_still_ends_after_twelve_hours() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        let (_, session) = active_teacher(&state, PASSWORD).await;
        for _ in 0..11 {
            clock.advance(HOUR_MS);
            assert!(auth::session_user(&state, &session).await.unwrap().is_some());
        }
        clock.advance(HOUR_MS + 1);
        assert!(auth::session_user(&state, &session).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn logging_out_ends_the_session_on_the_server() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let (_, session) = active_teacher(&state, PASSWORD).await;
        auth::end_session(&state.db, &session).await.unwrap();
        assert!(auth::session_user(&state, &session).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_and_refuses_login() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let (id, session) = active_teacher(&state, PASSWORD).await;
        let operator = PersonId(1);
        auth::disable_account(&state, operator, id).await.unwrap();
        assert!(auth::session_user(&state, &session).await.unwrap().is_none());
        assert!(matches!(auth::login(&state, "anna@roc.example", PASSWORD, "x").await, Err(AppError::Invalid(_))));
        assert_eq!(
            auth::disable_account(&state, operator, operator).await.unwrap_err(),
            AppError::Conflict(Problem::CannotDisableYourself)
        );
        assert_eq!(auth::disable_account(&state, operator, PersonId(9999)).await.unwrap_err(), AppError::NotFound);
    }
}

#[tokio::test]
async fn a_password_reset_mails_a_link_that_replaces_the_password_and_ends_old_sessions() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        let (_, old_session) = active_teacher(&state, PASSWORD).await;
        auth::request_password_reset(&state, &Email::parse("anna@roc.example").unwrap()).await.unwrap();
        let token = link_token(&state.db, "anna@roc.example", "/password/reset/").await;
        clock.advance(30 * MINUTE_MS);
        auth::set_password_with_token(&state, &token, "password_reset", "nieuw en beter wachtwoord").await.unwrap();
        assert!(auth::session_user(&state, &old_session).await.unwrap().is_none());
        assert!(auth::login(&state, "anna@roc.example", PASSWORD, "x").await.is_err());
        assert!(auth::login(&state, "anna@roc.example", "nieuw en beter wachtwoord", "x").await.is_ok());
    }
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour_and_unknown_addresses_get_no_mail() {
    for db in testing::both().await {
        let (state, clock) = testing::state(db);
        active_teacher(&state, PASSWORD).await;
        auth::request_password_reset(&state, &Email::parse("onbekend@roc.example").unwrap()).await.unwrap();
        let none = mail::list(&state.db, domain::PageRequest::new(1, 10), Some("onbekend@roc.example")).await.unwrap();
        assert_eq!(none.total, 0);
        auth::request_password_reset(&state, &Email::parse("anna@roc.example").unwrap()).await.unwrap();
        let token = link_token(&state.db, "anna@roc.example", "/password/reset/").await;
        clock.advance(HOUR_MS);
        let late = auth::set_password_with_token(&state, &token, "password_reset", "nieuw en beter wachtwoord").await;
        assert_eq!(late.unwrap_err(), AppError::Conflict(Problem::LinkInvalidOrExpired));
    }
}

#[tokio::test]
async fn a_second_role_for_an_active_person_sends_a_notice_not_a_new_link() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let (id, _) = active_teacher(&state, PASSWORD).await;
        let scope = location(&state, "30AF").await;
        let email = Email::parse("anna@roc.example").unwrap();
        let again = auth::invite(&state, PersonId(1), &email, "Anna", Role::BudgetHolder, &scope).await.unwrap();
        assert_eq!(again, id, "the same person, not a duplicate");
        let newest = &mail::list(&state.db, domain::PageRequest::new(1, 1), Some("anna@roc.example")).await.unwrap().rows[0];
        assert!(!newest.body.contains("/invite/"));
        let user = people::current_user(&state.db, id).await.unwrap().unwrap();
        assert_eq!(user.portals().len(), 2, "teacher and school portals");
        let dup = auth::invite(&state, PersonId(1), &email, "Anna", Role::BudgetHolder, &scope).await.unwrap_err();
        assert_eq!(dup.problem_for("role"), Some(Problem::RoleAlreadyHeld));
    }
}

#[tokio::test]
async fn the_audit_trail_records_role_changes_and_cannot_be_edited() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let (id, _) = active_teacher(&state, PASSWORD).await;
        let trail = audit::list(&state.db, domain::PageRequest::new(1, 50)).await.unwrap();
        let actions: Vec<&str> = trail.rows.iter().map(|r| r.action.as_str()).collect();
        assert!(actions.contains(&"role_granted"));
        assert!(actions.contains(&"invitation_accepted"));
        assert!(trail.rows.iter().all(|r| !r.detail.contains(PASSWORD)));
        let update =
            sqlx::query("UPDATE audit_log SET action = 'nothing' WHERE subject_id = $1").bind(id.0).execute(&state.db.pool).await;
        assert!(update.is_err(), "updates are refused");
        let delete = sqlx::query("DELETE FROM audit_log").execute(&state.db.pool).await;
        assert!(delete.is_err(), "deletes are refused");
        let after = audit::list(&state.db, domain::PageRequest::new(1, 50)).await.unwrap();
        assert_eq!(after.total, trail.total);
    }
}

/// Two mail workers at once (each a task on the multi-threaded runtime) share the outbox:
/// every mail is claimed and sent exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_mail_workers_never_claim_the_same_mail() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let mut tx = state.db.begin_write().await.unwrap();
        for i in 0..20 {
            mail::enqueue(&mut tx, 0, &format!("p{i}@roc.example"), "Onderwerp", "Tekst").await.unwrap();
        }
        tx.commit().await.unwrap();
        let worker = |db: Db| async move {
            let mut got = Vec::new();
            while let Some(m) = mail::claim_next(&db, 1_000).await.unwrap() {
                mail::mark_sent(&db, m.id, 1_000).await.unwrap();
                got.push(m.id);
            }
            got
        };
        let (a, b) = (tokio::spawn(worker(state.db.clone())), tokio::spawn(worker(state.db.clone())));
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        let mut all: Vec<i64> = a.iter().chain(b.iter()).copied().collect();
        all.sort_unstable();
        let before = all.len();
        all.dedup();
        assert_eq!(before, all.len(), "a mail was claimed twice");
        assert_eq!(all.len(), 20);
        assert_eq!(services::accounts::orgs::platform_counts(&state.db).await.unwrap().unsent_mail, 0);
    }
}

#[tokio::test]
async fn without_smtp_the_outbox_keeps_the_mail_for_the_operator() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let mut tx = state.db.begin_write().await.unwrap();
        mail::enqueue(&mut tx, 0, "p@roc.example", "Onderwerp", "Tekst").await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(mail::deliver_pending(&state.db, &state.settings, || 0).await.unwrap(), 0);
        let listed = mail::list(&state.db, domain::PageRequest::new(1, 10), None).await.unwrap();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.rows[0].sent_at_ms, None);
    }
}

#[tokio::test]
async fn a_mail_written_in_a_rolled_back_change_does_not_exist() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let mut tx = state.db.begin_write().await.unwrap();
        mail::enqueue(&mut tx, 0, "p@roc.example", "Onderwerp", "Tekst").await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(mail::list(&state.db, domain::PageRequest::new(1, 10), None).await.unwrap().total, 0);
    }
}

#[tokio::test]
async fn the_demo_data_loads_once_with_an_account_per_role() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        assert!(demo::load(&state.db, 0).await.unwrap());
        assert!(!demo::load(&state.db, 0).await.unwrap(), "loading again changes nothing");
        let counts = orgs::platform_counts(&state.db).await.unwrap();
        assert_eq!((counts.institutions, counts.locations, counts.providers), (2, 3, 5));
        assert!(counts.people >= 200);
        for (email, role) in demo::DEMO_ACCOUNTS {
            let (user, _) = auth::login(&state, email, demo::DEMO_PASSWORD, "127.0.0.1").await.unwrap();
            assert!(user.has_role(role), "{email} should be {role:?}");
        }
    }
}

#[test]
fn both_backends_have_the_same_migrations() {
    let [(_, sqlite), (_, postgres)] = Db::migration_lists();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

/// Both backends' migrations build the same schema: the same tables, with the same columns, of
/// the same types (SQLite's INTEGER and BIGINT are PostgreSQL's integers),
/// the same nullability, primary keys, unique constraints and indexes (partial or not). The
/// only differences are the full-text search's own, each named here.
#[tokio::test]
async fn both_backends_build_the_same_tables_columns_keys_and_indexes() {
    let mut sqlite = testing::schema(&testing::sqlite().await).await;
    let mut postgres = testing::schema(&testing::postgres().await).await;
    // SQLite searches with FTS5 tables (the virtual table and the tables it keeps itself)…
    let fts: Vec<String> = sqlite.keys().filter(|t| t.starts_with("offers_fts")).cloned().collect();
    assert!(fts.contains(&"offers_fts".to_owned()), "{fts:?}");
    for table in fts {
        sqlite.remove(&table);
    }
    // …PostgreSQL with a text vector column and a GIN index over it beside the words.
    for (table, columns) in [("offer_search", vec!["search_vector", "facets"])] {
        let shape = postgres.get_mut(table).unwrap();
        for column in &columns {
            let at = shape.columns.iter().position(|c| c.0 == *column).unwrap_or_else(|| panic!("{table}.{column}"));
            shape.columns.remove(at);
        }
        let gin: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
        assert!(shape.indexes.remove(&(gin, false, false)), "{table}: the GIN index over {columns:?}");
    }
    assert_eq!(sqlite.keys().collect::<Vec<_>>(), postgres.keys().collect::<Vec<_>>(), "the same tables");
    let differ: Vec<String> = sqlite
        .iter()
        .filter(|(table, shape)| *shape != &postgres[*table])
        .map(|(table, shape)| format!("{table}:\n  SQLite     {shape:?}\n  PostgreSQL {:?}", postgres[table]))
        .collect();
    assert!(differ.is_empty(), "{} tables differ:\n{}", differ.len(), differ.join("\n"));
}
