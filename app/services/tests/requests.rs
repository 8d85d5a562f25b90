//! Requests from a Docent+ to a provider, on SQLite and PostgreSQL: the thread, the mails to
//! the other side, closing, turning a request into a weborder, and that nobody else reads it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::offer::{OfferForm, OfferStatus};
use domain::offer_request::{RequestForm, RequestStatus};
use domain::weborder::{WeborderForm, WeborderStatus};
use domain::{AppError, Email, PageRequest, PersonId, ProviderId};
use services::market::offer_requests::{self, Side};
use services::{accounts::people, demo, market::offers, market::weborders, platform::mail, testing, AppState};

async fn person(state: &AppState, email: &str) -> PersonId {
    people::account_by_email(&state.db, &Email::parse(email).unwrap()).await.unwrap().unwrap().id
}

async fn provider(state: &AppState, name: &str) -> ProviderId {
    let r = sqlx::query("SELECT id FROM providers WHERE name = $1").bind(name).fetch_one(&state.db.pool).await.unwrap();
    ProviderId(sqlx::Row::get::<i64, _>(&r, "id"))
}

#[tokio::test]
async fn a_request_becomes_a_thread_and_then_a_weborder_and_stays_between_its_two_sides() {
    for db in testing::both().await {
        let (state, _) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        let teacher = person(&state, "docentplus@roc-amstelland.demo").await;
        let kolk_user = person(&state, "aanbieder@theaterdekolk.demo").await;
        let kolk = provider(&state, "Theater De Kolk").await;
        let (zuid, _) = weborders::school_by_cjp(&state, "CJP-250001").await.unwrap().unwrap();
        let form = OfferForm {
            title: "De Storm".into(),
            description: "Voorstelling".into(),
            disciplines: "theatre".into(),
            levels: "3".into(),
            format: "venue".into(),
            city: "Amsterdam".into(),
            region: "NH".into(),
            duration_minutes: "90".into(),
            price: "12,50".into(),
            price_unit: "student".into(),
            capacity: "100".into(),
            ..Default::default()
        };
        let offer = offers::save(&state, kolk_user, kolk, None, &form.parse().unwrap()).await.unwrap();
        // A draft cannot be asked about.
        let ask = RequestForm {
            offer_id: offer.to_string(),
            preferred_dates: "maart".into(),
            students: "25".into(),
            message: "Kan het op een dinsdag?".into(),
        };
        let err = offer_requests::create(&state, teacher, zuid, &ask.parse().unwrap()).await.unwrap_err();
        assert_eq!(err.problem_for("offer_id"), Some(Problem::UnknownOffer));
        offers::set_status(&state, kolk_user, kolk, offer, OfferStatus::Published).await.unwrap();
        // More students than the offer takes (100): refused, with the field named, nothing sent.
        let mails =
            || async { mail::list(&state.db, PageRequest::new(1, 1), Some("aanbieder@theaterdekolk.demo")).await.unwrap().total };
        let before = mails().await;
        let crowd = RequestForm { students: "500".into(), ..ask.clone() };
        let err = offer_requests::create(&state, teacher, zuid, &crowd.parse().unwrap()).await.unwrap_err();
        assert_eq!(err.problem_for("students"), Some(Problem::MoreThanCapacity));
        assert_eq!(mails().await, before, "no mail about a refused request");
        let id = offer_requests::create(&state, teacher, zuid, &ask.parse().unwrap()).await.unwrap();
        let to_provider =
            &mail::list(&state.db, PageRequest::new(1, 1), Some("aanbieder@theaterdekolk.demo")).await.unwrap().rows[0];
        assert!(to_provider.body.contains("CJP-250001") && to_provider.body.contains("dinsdag"), "{}", to_provider.body);

        offer_requests::reply(&state, kolk_user, Side::Provider(kolk), id, "Dinsdag 16 maart kan.").await.unwrap();
        let to_teacher =
            &mail::list(&state.db, PageRequest::new(1, 1), Some("docentplus@roc-amstelland.demo")).await.unwrap().rows[0];
        assert!(to_teacher.body.contains("16 maart"), "{}", to_teacher.body);
        let thread = offer_requests::thread(&state, Side::Teacher(teacher), id).await.unwrap();
        assert_eq!(thread.request.status, RequestStatus::Answered);
        assert_eq!(thread.messages.iter().map(|m| m.from_provider).collect::<Vec<_>>(), vec![false, true]);

        // Another provider and another teacher see nothing of it.
        let vonk = provider(&state, "Poppodium De Vonk").await;
        assert_eq!(offer_requests::thread(&state, Side::Provider(vonk), id).await.unwrap_err(), AppError::NotFound);
        let other_teacher = person(&state, "docent@roc-amstelland.demo").await;
        assert_eq!(offer_requests::thread(&state, Side::Teacher(other_teacher), id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(
            offer_requests::reply(&state, other_teacher, Side::Teacher(other_teacher), id, "ik ook").await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(offer_requests::list(&state, Side::Provider(vonk), PageRequest::new(1, 10)).await.unwrap().total, 0);
        let err = offer_requests::reply(&state, kolk_user, Side::Provider(kolk), id, "   ").await.unwrap_err();
        assert_eq!(err.problem_for("message"), Some(Problem::Required));

        // The provider makes the weborder from the request; the request is then converted.
        let w = WeborderForm {
            cjp_school_number: "CJP-250001".into(),
            offer_id: offer.to_string(),
            activity_date: "2027-03-16".into(),
            students: "25".into(),
            amount: "312,50".into(),
            teacher_name: "Karim Benali".into(),
            teacher_email: "docentplus@roc-amstelland.demo".into(),
            client_key: String::new(),
            request_id: id.to_string(),
        };
        let (weborder, _) = weborders::create(&state, kolk, Some(kolk_user), &w.parse().unwrap()).await.unwrap();
        assert_eq!(
            offer_requests::thread(&state, Side::Provider(kolk), id).await.unwrap().request.status,
            RequestStatus::Converted
        );
        // The teacher sees the booking on the request, and hears what the school decides.
        let booked = offer_requests::thread(&state, Side::Teacher(teacher), id).await.unwrap().bookings;
        assert_eq!(booked.len(), 1);
        assert_eq!((booked[0].weborder_id, booked[0].students, booked[0].amount.cents()), (weborder, 25, 31_250));
        assert_eq!(booked[0].status, WeborderStatus::Pending);
        let holder = person(&state, "budgethouder@roc-amstelland.demo").await;
        weborders::reject(&state, holder, &[zuid], weborder, "Te duur voor dit jaar").await.unwrap();
        let booked = offer_requests::thread(&state, Side::Teacher(teacher), id).await.unwrap().bookings;
        assert_eq!(booked[0].status, WeborderStatus::Rejected);
        let told = mail::list(&state.db, PageRequest::new(1, 10), Some("docentplus@roc-amstelland.demo")).await.unwrap().rows;
        let rejected: Vec<_> = told.iter().filter(|m| m.subject.starts_with("Weborder afgewezen")).collect();
        assert_eq!(rejected.len(), 1, "one mail, though the teacher asked and was agreed with");
        assert!(
            rejected[0].body.contains("Te duur voor dit jaar") && rejected[0].body.contains("/teacher/requests"),
            "{}",
            rejected[0].body
        );
        // Another provider cannot attach its weborder to this request.
        let mut theirs = w.clone();
        theirs.offer_id = offers::save(&state, kolk_user, vonk, None, &form.parse().unwrap()).await.unwrap().to_string();
        let err = weborders::create(&state, vonk, None, &theirs.parse().unwrap()).await.unwrap_err();
        assert_eq!(err.problem_for("request_id"), Some(Problem::RequestClosed), "{err:?}");

        // Closed: no more messages.
        offer_requests::close(&state, Side::Teacher(teacher), id).await.unwrap();
        let err = offer_requests::reply(&state, teacher, Side::Teacher(teacher), id, "nog iets").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::RequestClosed));
    }
}
