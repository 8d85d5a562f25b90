//! A provider's colleagues on SQLite and PostgreSQL: an address with an account is asked, not
//! given the role; the provider sees only what it typed until the person accepts; the person
//! accepts or declines; colleagues and invitations can be removed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::provider::ColleagueStatus;
use domain::{AppError, Email, PersonId, ProviderId, Role};
use services::{accounts::colleagues, accounts::people, demo, platform::mail, testing, AppState};

struct Setup {
    state: AppState,
    kolk: ProviderId,
    kolk_user: PersonId,
    museum_user: PersonId,
    /// The demo teacher: an existing, active account.
    teacher: PersonId,
}

async fn person(state: &AppState, email: &str) -> PersonId {
    people::account_by_email(&state.db, &Email::parse(email).unwrap()).await.unwrap().unwrap().id
}

async fn setup(db: services::Db) -> Setup {
    let (state, _clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let kolk_user = person(&state, "aanbieder@theaterdekolk.demo").await;
    let kolk = people::current_user(&state.db, kolk_user).await.unwrap().unwrap().providers()[0];
    Setup {
        kolk,
        kolk_user,
        museum_user: person(&state, "educatie@museumaandeschelde.demo").await,
        teacher: person(&state, "docent@roc-amstelland.demo").await,
        state,
    }
}

async fn is_colleague(s: &Setup, who: PersonId) -> bool {
    people::current_user(&s.state.db, who).await.unwrap().unwrap().providers().contains(&s.kolk)
}

#[tokio::test]
async fn an_existing_account_is_asked_and_the_provider_sees_only_what_it_typed() {
    for db in testing::both().await {
        let s = setup(db).await;
        let teacher_email = Email::parse("docent@roc-amstelland.demo").unwrap();
        let real_name = people::account_by_email(&s.state.db, &teacher_email).await.unwrap().unwrap().display_name;
        colleagues::invite(&s.state, s.kolk_user, s.kolk, &teacher_email, "Kassamedewerker").await.unwrap();
        colleagues::invite(&s.state, s.kolk_user, s.kolk, &Email::parse("nieuw@kolk.example").unwrap(), "Nieuwe Collega")
            .await
            .unwrap();
        assert!(!is_colleague(&s, s.teacher).await, "no role without a yes");

        let list = colleagues::list(&s.state, s.kolk, s.kolk_user).await.unwrap();
        let shown = format!("{list:?}");
        assert!(!shown.contains(&real_name), "the account's own name stays hidden: {shown}");
        let invited = list.iter().find(|c| c.email == "docent@roc-amstelland.demo").unwrap();
        assert_eq!((invited.name.as_str(), invited.status), ("Kassamedewerker", ColleagueStatus::Invited));
        let new = list.iter().find(|c| c.email == "nieuw@kolk.example").unwrap();
        assert_eq!((new.name.as_str(), new.status), ("Nieuwe Collega", ColleagueStatus::Activating));
        assert!(list.iter().any(|c| c.is_you && c.status == ColleagueStatus::Member));

        // The person is asked by mail, at their own address, with a link to answer.
        let mails = mail::list(&s.state.db, domain::PageRequest::new(1, 10), Some("docent@roc-amstelland.demo")).await.unwrap();
        let body = &mails.rows[0].body;
        assert!(
            body.contains("/account/invitations") && body.contains("Theater De Kolk") && !body.contains("/invite/"),
            "{body}"
        );

        // Another person cannot answer it; the invited person declines.
        let mine = colleagues::invitations_of(&s.state, s.teacher).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].provider_name, "Theater De Kolk");
        assert_eq!(colleagues::answer(&s.state, s.museum_user, mine[0].id, true).await.unwrap_err(), AppError::NotFound);
        colleagues::answer(&s.state, s.teacher, mine[0].id, false).await.unwrap();
        colleagues::answer(&s.state, s.teacher, mine[0].id, false).await.unwrap();
        assert_eq!(colleagues::answer(&s.state, s.teacher, mine[0].id, true).await.unwrap_err(), AppError::NotFound, "answered");
        assert!(!is_colleague(&s, s.teacher).await);
        assert!(colleagues::invitations_of(&s.state, s.teacher).await.unwrap().is_empty());
        let list = colleagues::list(&s.state, s.kolk, s.kolk_user).await.unwrap();
        assert_eq!(list.iter().find(|c| c.name == "Kassamedewerker").unwrap().status, ColleagueStatus::Declined);

        // Asked again, accepted: the role is there, and the person shows under their own name.
        colleagues::invite(&s.state, s.kolk_user, s.kolk, &teacher_email, "Kassamedewerker").await.unwrap();
        colleagues::invite(&s.state, s.kolk_user, s.kolk, &teacher_email, "Nog een keer").await.unwrap();
        let mine = colleagues::invitations_of(&s.state, s.teacher).await.unwrap();
        assert_eq!(mine.len(), 1, "one open invitation per provider");
        assert_eq!(colleagues::answer(&s.state, s.teacher, mine[0].id, true).await.unwrap(), s.kolk);
        assert_eq!(colleagues::answer(&s.state, s.teacher, mine[0].id, true).await.unwrap(), s.kolk, "a second click");
        assert!(is_colleague(&s, s.teacher).await);
        let user = people::current_user(&s.state.db, s.teacher).await.unwrap().unwrap();
        assert!(user.has_role(Role::Teacher) && user.has_role(Role::Provider), "the teacher role stays");
        let list = colleagues::list(&s.state, s.kolk, s.kolk_user).await.unwrap();
        let member = list.iter().find(|c| c.email == "docent@roc-amstelland.demo" && c.is_member()).unwrap();
        assert_eq!((member.name.as_str(), member.status), (real_name.as_str(), ColleagueStatus::Member));
        let dup = colleagues::invite(&s.state, s.kolk_user, s.kolk, &teacher_email, "X").await.unwrap_err();
        assert_eq!(dup.problem_for("email"), Some(Problem::RoleAlreadyHeld));
    }
}

#[tokio::test]
async fn a_provider_removes_colleagues_and_withdraws_invitations_of_its_own_portal_only() {
    for db in testing::both().await {
        let s = setup(db).await;
        let teacher_email = Email::parse("docent@roc-amstelland.demo").unwrap();
        colleagues::invite(&s.state, s.kolk_user, s.kolk, &teacher_email, "Kassa").await.unwrap();
        let invitation = colleagues::invitations_of(&s.state, s.teacher).await.unwrap()[0].id;
        let museum = ProviderId(sqlx::Row::get::<i64, _>(
            &sqlx::query("SELECT provider_id FROM role_assignments WHERE person_id = $1 AND role = 'provider'")
                .bind(s.museum_user.0)
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap(),
            "provider_id",
        ));
        // Another provider can neither withdraw it nor remove Kolk's people.
        assert_eq!(colleagues::withdraw(&s.state, s.museum_user, museum, invitation).await.unwrap_err(), AppError::NotFound);
        assert_eq!(
            colleagues::remove_member(&s.state, s.museum_user, museum, s.kolk_user).await.unwrap_err(),
            AppError::NotFound
        );
        colleagues::withdraw(&s.state, s.kolk_user, s.kolk, invitation).await.unwrap();
        assert!(colleagues::invitations_of(&s.state, s.teacher).await.unwrap().is_empty(), "withdrawn: nothing to answer");
        assert_eq!(colleagues::answer(&s.state, s.teacher, invitation, true).await.unwrap_err(), AppError::NotFound);
        assert!(!is_colleague(&s, s.teacher).await);

        colleagues::invite(&s.state, s.kolk_user, s.kolk, &teacher_email, "Kassa").await.unwrap();
        let invitation = colleagues::invitations_of(&s.state, s.teacher).await.unwrap()[0].id;
        colleagues::answer(&s.state, s.teacher, invitation, true).await.unwrap();
        assert_eq!(
            colleagues::remove_member(&s.state, s.kolk_user, s.kolk, s.kolk_user).await.unwrap_err(),
            AppError::Conflict(Problem::CannotRemoveYourself)
        );
        colleagues::remove_member(&s.state, s.kolk_user, s.kolk, s.teacher).await.unwrap();
        assert!(!is_colleague(&s, s.teacher).await);
        assert_eq!(colleagues::remove_member(&s.state, s.kolk_user, s.kolk, s.teacher).await.unwrap_err(), AppError::NotFound);
        let list = colleagues::list(&s.state, s.kolk, s.kolk_user).await.unwrap();
        assert!(list.iter().all(|c| c.email != "docent@roc-amstelland.demo"), "{list:?}");
    }
}
