//! The catalogue search on SQLite (FTS5) and PostgreSQL (full-text search): the same results
//! for Dutch words with diacritics, prefixes and every filter; only published offers of
//! approved providers; providers edit only their own offers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/support/search.rs"]
mod search;

use domain::error::Problem;
use domain::offer::{OfferForm, OfferStatus, SearchForm};
use domain::{AppError, Email, PersonId, ProviderId};
use services::{accounts::people, demo, market::offers, market::providers, testing, AppState};

async fn provider(state: &AppState, name: &str) -> ProviderId {
    let r = sqlx::query("SELECT id FROM providers WHERE name = $1").bind(name).fetch_one(&state.db.pool).await.unwrap();
    ProviderId(sqlx::Row::get::<i64, _>(&r, "id"))
}

/// The demo data on `db`, with its operator and Theater De Kolk (an approved provider).
async fn demo_catalogue(db: services::Db) -> (AppState, std::sync::Arc<services::ManualClock>, PersonId, ProviderId) {
    let (state, clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let admin =
        people::account_by_email(&state.db, &Email::parse("beheer@cultuurkaart.demo").unwrap()).await.unwrap().unwrap().id;
    let kolk = provider(&state, "Theater De Kolk").await;
    (state, clock, admin, kolk)
}

struct Seed<'a> {
    title: &'a str,
    description: &'a str,
    discipline: &'a str,
    levels: &'a str,
    format: &'a str,
    region: &'a str,
    price: &'a str,
    position: (&'a str, &'a str),
    dates: &'a str,
    wheelchair: bool,
}

impl Seed<'static> {
    /// A theatre offer at the venue in Noord-Holland, level 2, € 5, with no position or dates.
    fn plain(title: &'static str) -> Seed<'static> {
        Seed {
            title,
            description: "Theater.",
            discipline: "theatre",
            levels: "2",
            format: "venue",
            region: "NH",
            price: "5",
            position: ("", ""),
            dates: "",
            wheelchair: false,
        }
    }
}

async fn add(state: &AppState, actor: PersonId, p: ProviderId, s: &Seed<'_>, publish: bool) -> i64 {
    let form = OfferForm {
        title: s.title.into(),
        description: s.description.into(),
        disciplines: s.discipline.into(),
        levels: s.levels.into(),
        format: s.format.into(),
        city: "Plaats".into(),
        region: s.region.into(),
        latitude: s.position.0.into(),
        longitude: s.position.1.into(),
        duration_minutes: "60".into(),
        price: s.price.into(),
        price_unit: "student".into(),
        capacity: "30".into(),
        dates: s.dates.into(),
        wheelchair: if s.wheelchair { "on".into() } else { String::new() },
        ..Default::default()
    };
    let id = offers::save(state, actor, p, None, &form.parse().unwrap()).await.unwrap();
    if publish {
        offers::set_status(state, actor, p, id, OfferStatus::Published).await.unwrap();
    }
    id
}

async fn titles(state: &AppState, form: SearchForm, origin: Option<(i64, i64)>) -> Vec<String> {
    offers::search(state, &form.query(), origin).await.unwrap().rows.into_iter().map(|o| o.title).collect()
}

fn q(text: &str) -> SearchForm {
    SearchForm { q: text.into(), ..Default::default() }
}

/// Offers with a date from `from` to `to` or on request, cheapest first.
fn dates(from: &str, to: &str) -> SearchForm {
    SearchForm { date_from: from.into(), date_to: to.into(), sort: "price".into(), ..Default::default() }
}

/// Amsterdam Centraal, where the test school is.
const AMSTERDAM: (i64, i64) = (52_378_900, 4_900_400);

#[tokio::test]
async fn both_databases_find_the_same_offers_for_dutch_words_prefixes_and_filters() {
    let mut per_backend = Vec::new();
    for db in testing::both().await {
        let (state, _, admin, kolk) = demo_catalogue(db).await;
        let seeds = [
            Seed {
                title: "Café-théâtre: De Storm",
                description: "Shakespeare in een café, met nagesprek.",
                discipline: "theatre",
                levels: "3,4",
                format: "venue",
                region: "NH",
                price: "12,50",
                position: ("52.3731", "4.8922"),
                dates: "2027-01-20",
                wheelchair: true,
            },
            Seed {
                title: "Muziektheater op school",
                description: "Een muzikale voorstelling in de aula.",
                discipline: "music,theatre",
                levels: "1,2",
                format: "in_school",
                region: "UT",
                price: "6",
                position: ("52.0907", "5.1214"),
                dates: "",
                wheelchair: false,
            },
            Seed {
                title: "Beeldende kunst in het museum",
                description: "Rondleiding en workshop schilderen.",
                discipline: "visual_arts",
                levels: "2,3",
                format: "venue",
                region: "ZE",
                price: "9,75",
                position: ("51.4988", "3.6136"),
                dates: "2027-03-03 2027-04-14",
                wheelchair: true,
            },
            Seed {
                title: "Filmles online",
                description: "Een zelfstudie over de geschiedenis van de Nederlandse film.",
                discipline: "film",
                levels: "1,2,3,4",
                format: "online",
                region: "GR",
                price: "0",
                position: ("", ""),
                dates: "",
                wheelchair: true,
            },
        ];
        for s in &seeds {
            add(&state, admin, kolk, s, true).await;
        }
        add(&state, admin, kolk, &Seed { title: "Concept: muziekquiz", ..seeds[1] }, false).await;
        let results = vec![
            titles(&state, q("theatre"), None).await,
            titles(&state, q("THÉÂTRE"), None).await,
            titles(&state, q("muziek"), None).await,
            titles(&state, q("muz voorst"), None).await,
            titles(&state, q("nederlandse film"), None).await,
            titles(&state, q("\"; DROP TABLE offers; --"), None).await,
            titles(&state, SearchForm { discipline: "theatre".into(), sort: "price".into(), ..Default::default() }, None).await,
            titles(&state, SearchForm { level: "1".into(), sort: "price".into(), ..Default::default() }, None).await,
            titles(&state, SearchForm { format: "venue".into(), region: "ZE".into(), ..Default::default() }, None).await,
            titles(
                &state,
                SearchForm { min_price: "5".into(), max_price: "10".into(), sort: "price".into(), ..Default::default() },
                None,
            )
            .await,
            titles(
                &state,
                SearchForm {
                    date_from: "2027-03-01".into(),
                    date_to: "2027-03-31".into(),
                    sort: "price".into(),
                    ..Default::default()
                },
                None,
            )
            .await,
            titles(&state, SearchForm { wheelchair: "on".into(), sort: "price".into(), ..Default::default() }, None).await,
            titles(&state, SearchForm { max_km: "60".into(), sort: "distance".into(), ..Default::default() }, Some(AMSTERDAM))
                .await,
            titles(&state, SearchForm { sort: "distance".into(), ..Default::default() }, Some(AMSTERDAM)).await,
            // A range across months, and one across years.
            titles(&state, dates("2027-01-01", "2027-02-28"), None).await,
            titles(&state, dates("2026-12-01", "2029-12-31"), None).await,
            // Ranges open at one end.
            titles(&state, dates("2027-04-01", ""), None).await,
            titles(&state, dates("", "2027-01-31"), None).await,
        ];
        let near = offers::search(&state, &SearchForm { q: "storm".into(), ..Default::default() }.query(), Some(AMSTERDAM))
            .await
            .unwrap();
        let metres = near.rows[0].distance_m.unwrap();
        assert!((500..1_500).contains(&metres), "Amsterdam Centraal to the Nieuwmarkt is about 1 km, got {metres} m");
        per_backend.push(results);
    }
    let expected: Vec<Vec<&str>> = vec![
        vec!["Café-théâtre: De Storm"],
        vec!["Café-théâtre: De Storm"],
        vec!["Muziektheater op school"],
        vec!["Muziektheater op school"],
        vec!["Filmles online"],
        vec![],
        vec!["Muziektheater op school", "Café-théâtre: De Storm"],
        vec!["Filmles online", "Muziektheater op school"],
        vec!["Beeldende kunst in het museum"],
        vec!["Muziektheater op school", "Beeldende kunst in het museum"],
        vec!["Filmles online", "Muziektheater op school", "Beeldende kunst in het museum"],
        vec!["Filmles online", "Beeldende kunst in het museum", "Café-théâtre: De Storm"],
        vec!["Café-théâtre: De Storm", "Muziektheater op school"],
        vec!["Café-théâtre: De Storm", "Muziektheater op school", "Beeldende kunst in het museum", "Filmles online"],
        vec!["Filmles online", "Muziektheater op school", "Café-théâtre: De Storm"],
        vec!["Filmles online", "Muziektheater op school", "Beeldende kunst in het museum", "Café-théâtre: De Storm"],
        vec!["Filmles online", "Muziektheater op school", "Beeldende kunst in het museum"],
        vec!["Filmles online", "Muziektheater op school", "Café-théâtre: De Storm"],
    ];
    for (i, want) in expected.iter().enumerate() {
        let mut got = per_backend[0][i].clone();
        let mut got_pg = per_backend[1][i].clone();
        // Relevance ties may order differently per engine; the set must be the same.
        if i < 6 {
            got.sort();
            got_pg.sort();
            let mut want = want.clone();
            want.sort();
            assert_eq!(got, want, "query {i} on SQLite");
            assert_eq!(got_pg, want, "query {i} on PostgreSQL");
        } else {
            assert_eq!(got, *want, "query {i} on SQLite");
            assert_eq!(got_pg, *want, "query {i} on PostgreSQL");
        }
    }
}

#[tokio::test]
async fn sorting_by_date_uses_each_offers_next_date_once_its_first_has_passed() {
    for db in testing::both().await {
        let (state, clock, admin, kolk) = demo_catalogue(db).await;
        let seed = |title, dates| Seed { description: "Een middag voor de klas.", dates, ..Seed::plain(title) };
        add(&state, admin, kolk, &seed("Vroeg en laat", "2027-01-10 2027-06-01"), true).await;
        add(&state, admin, kolk, &seed("In maart", "2027-03-01"), true).await;
        add(&state, admin, kolk, &seed("Op aanvraag", ""), true).await;
        let by_date = || SearchForm { q: "middag".into(), sort: "date".into(), ..Default::default() };
        assert_eq!(titles(&state, by_date(), None).await, ["Vroeg en laat", "In maart", "Op aanvraag"], "{:?}", state.db.backend);
        // In February the January date has passed: that offer's next date is in June.
        clock.set(testing::TEST_NOW_MS + 70 * 24 * 3_600_000);
        assert_eq!(titles(&state, by_date(), None).await, ["In maart", "Vroeg en laat", "Op aanvraag"], "{:?}", state.db.backend);
    }
}

#[tokio::test]
async fn only_approved_providers_publish_and_a_provider_edits_only_its_own_offers() {
    for db in testing::both().await {
        let (state, _) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        let admin =
            people::account_by_email(&state.db, &Email::parse("beheer@cultuurkaart.demo").unwrap()).await.unwrap().unwrap().id;
        let signup = domain::provider::SignupForm {
            organisation: "Theater Het Lichtpunt".into(),
            kvk_number: "87654321".into(),
            city: "Zwolle".into(),
            iban: "NL91ABNA0417164300".into(),
            account_holder: "Stichting Het Lichtpunt".into(),
            contact_name: "Eva Smit".into(),
            contact_email: "eva@lichtpunt.example".into(),
            terms: "on".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        let newcomer = providers::signup(&state, &signup).await.unwrap();
        let again = providers::signup(&state, &signup).await.unwrap_err();
        assert_eq!(again.problem_for("kvk_number"), Some(Problem::KvkTaken));
        let seed = Seed { format: "in_school", region: "OV", ..Seed::plain("Lichtpunt op tournee") };
        let id = add(&state, admin, newcomer, &seed, false).await;
        let err = offers::set_status(&state, admin, newcomer, id, OfferStatus::Published).await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::OfferNotPublishable));
        let err = providers::decide(&state, admin, newcomer, false, " ").await.unwrap_err();
        assert_eq!(err.problem_for("reason"), Some(Problem::Required));
        providers::decide(&state, admin, newcomer, true, "").await.unwrap();
        offers::set_status(&state, admin, newcomer, id, OfferStatus::Published).await.unwrap();
        assert_eq!(titles(&state, q("lichtpunt"), None).await, vec!["Lichtpunt op tournee"]);
        let detail = providers::detail(&state, newcomer).await.unwrap();
        assert_eq!(detail.provider.iban.as_deref(), Some("NL91ABNA0417164300"), "approval vets the account");
        // Another provider can neither edit nor see the draft of this one.
        let kolk = provider(&state, "Theater De Kolk").await;
        assert_eq!(offers::set_status(&state, admin, kolk, id, OfferStatus::Archived).await.unwrap_err(), AppError::NotFound);
        let draft = add(&state, admin, newcomer, &Seed { title: "Nog geheim", ..seed }, false).await;
        assert_eq!(offers::offer(&state, draft, Some(kolk)).await.unwrap_err(), AppError::NotFound);
        assert_eq!(offers::offer(&state, draft, None).await.unwrap_err(), AppError::NotFound);
        assert_eq!(offers::offer(&state, draft, Some(newcomer)).await.unwrap().title, "Nog geheim");
        // Rejecting a provider takes its offers out of the catalogue.
        providers::decide(&state, admin, newcomer, false, "KvK klopt niet").await.unwrap();
        assert!(titles(&state, q("lichtpunt"), None).await.is_empty());
    }
}

#[tokio::test]
async fn the_demo_marketplace_loads_with_searchable_offers_and_spendable_budget() {
    for db in testing::both().await {
        let (state, _) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        demo::load_marketplace(&state).await.unwrap();
        let zuid = services::market::weborders::school_by_cjp(&state, "CJP-250001").await.unwrap().unwrap().0;
        let amsterdam = offers::location_position(&state, zuid).await.unwrap();
        let found = offers::search(&state, &q("storm").query(), amsterdam).await.unwrap();
        assert_eq!(found.total, 1);
        assert!(found.rows[0].distance_m.is_some());
        let all = offers::search(&state, &SearchForm::default().query(), None).await.unwrap();
        assert_eq!(all.total, 8);
        let middelburg = services::market::weborders::school_by_cjp(&state, "CJP-270001").await.unwrap().unwrap().0;
        let period = services::budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
        let summary = services::budget::payments::summary(&state.db, middelburg, period).await.unwrap();
        assert_eq!(summary.available.cents(), 400 * 2_100, "400 students × (10.50 + 10.50)");
        for email in demo::DEMO_MARKET_ACCOUNTS {
            let login = services::accounts::auth::login(&state, email, demo::DEMO_PASSWORD, "127.0.0.1").await;
            assert!(login.is_ok(), "{email} signs in with the demo password");
        }
        // A payout file pays from the platform's account to each provider's own: no provider
        // shares an account with the platform or with another provider.
        let ibans: Vec<String> = sqlx::query_scalar("SELECT iban FROM providers WHERE iban IS NOT NULL ORDER BY kvk_number")
            .fetch_all(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(ibans.len(), demo::DEMO_PROVIDER_IBANS.len(), "{ibans:?}");
        for iban in &ibans {
            assert!(domain::iban::Iban::parse(iban).is_ok(), "{iban} is a valid account number");
            assert_ne!(iban, &state.settings.seller.iban, "a provider paid into the platform's own account");
            assert_eq!(ibans.iter().filter(|other| *other == iban).count(), 1, "{iban} belongs to one provider");
        }
    }
}

/// A PNG of `w`×`h` pixels, as a provider's camera or editor would make it.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([u8::try_from(x % 256).unwrap(), u8::try_from(y % 256).unwrap(), 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn offer_pictures_are_re_encoded_limited_and_shown_only_with_their_offer() {
    for db in testing::both().await {
        let (state, _, admin, kolk) = demo_catalogue(db).await;
        let seed = Seed::plain("Met plaatjes");
        let offer = add(&state, admin, kolk, &seed, false).await;
        let id = offers::add_image(&state, admin, kolk, offer, png(2400, 1200), "Het podium met publiek").await.unwrap();
        let stored = offers::image(&state, id, Some(kolk)).await.unwrap().unwrap();
        assert_eq!(&stored[..3], &[0xFF, 0xD8, 0xFF], "stored as JPEG");
        let decoded = image::load_from_memory(&stored).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1600, 800), "resized to at most 1600 px");
        // A draft's picture is the provider's own; published, it is anyone's.
        assert_eq!(offers::image(&state, id, None).await.unwrap(), None);
        offers::set_status(&state, admin, kolk, offer, OfferStatus::Published).await.unwrap();
        assert!(offers::image(&state, id, None).await.unwrap().is_some());
        let shown = offers::offer(&state, offer, None).await.unwrap();
        assert_eq!(shown.images.len(), 1);
        assert_eq!(shown.images[0].alt, "Het podium met publiek");
        // Not an image, no description, another provider's offer, too many pictures.
        let err = offers::add_image(&state, admin, kolk, offer, b"<svg onload=alert(1)>".to_vec(), "x").await.unwrap_err();
        assert_eq!(err.problem_for("file"), Some(Problem::NotAnImage));
        let err = offers::add_image(&state, admin, kolk, offer, png(10, 10), " ").await.unwrap_err();
        assert_eq!(err.problem_for("alt_text"), Some(Problem::Required));
        let vonk = provider(&state, "Poppodium De Vonk").await;
        assert_eq!(offers::add_image(&state, admin, vonk, offer, png(10, 10), "x").await.unwrap_err(), AppError::NotFound);
        assert_eq!(offers::remove_image(&state, admin, vonk, id).await.unwrap_err(), AppError::NotFound);
        for _ in 0..4 {
            offers::add_image(&state, admin, kolk, offer, png(10, 10), "klein").await.unwrap();
        }
        let err = offers::add_image(&state, admin, kolk, offer, png(10, 10), "te veel").await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Problem::TooManyImages));
        assert_eq!(offers::remove_image(&state, admin, kolk, id).await.unwrap(), offer);
        assert_eq!(offers::image(&state, id, Some(kolk)).await.unwrap(), None);
    }
}

#[tokio::test]
async fn the_catalogue_follows_an_offers_edits_and_status_at_once() {
    for db in testing::both().await {
        let (state, _, admin, kolk) = demo_catalogue(db).await;
        let seed = Seed { price: "8", ..Seed::plain("Lantaarnfeest in de stad") };
        let id = add(&state, admin, kolk, &seed, true).await;
        let cheap = SearchForm { max_price: "10".into(), discipline: "theatre".into(), ..q("lantaarn") };
        assert_eq!(titles(&state, cheap.clone(), None).await, vec!["Lantaarnfeest in de stad"]);
        // A new title, price, discipline and level are what the search sees next.
        let edit = |title: &str, price: &str, discipline: &str, levels: &str| OfferForm {
            title: title.into(),
            description: "Theater.".into(),
            disciplines: discipline.into(),
            levels: levels.into(),
            format: "venue".into(),
            city: "Plaats".into(),
            region: "NH".into(),
            duration_minutes: "60".into(),
            price: price.into(),
            price_unit: "student".into(),
            capacity: "30".into(),
            ..Default::default()
        };
        let changed = edit("Lichtjesavond in de stad", "12", "music", "4");
        offers::save(&state, admin, kolk, Some(id), &changed.parse().unwrap()).await.unwrap();
        assert!(titles(&state, q("lantaarn"), None).await.is_empty(), "the old title is no longer found");
        assert!(titles(&state, SearchForm { q: "lichtjes".into(), ..cheap.clone() }, None).await.is_empty());
        let now = SearchForm { q: "lichtjes".into(), discipline: "music".into(), level: "4".into(), ..Default::default() };
        assert_eq!(titles(&state, now.clone(), None).await, vec!["Lichtjesavond in de stad"]);
        assert!(titles(&state, SearchForm { level: "2".into(), ..now.clone() }, None).await.is_empty());
        // Archived it is gone; published again it is back.
        offers::set_status(&state, admin, kolk, id, OfferStatus::Archived).await.unwrap();
        assert!(titles(&state, now.clone(), None).await.is_empty());
        assert_eq!(offers::search(&state, &now.query(), None).await.unwrap().total, 0);
        offers::set_status(&state, admin, kolk, id, OfferStatus::Published).await.unwrap();
        assert_eq!(titles(&state, now, None).await, vec!["Lichtjesavond in de stad"]);
    }
}

#[tokio::test]
async fn a_word_in_more_than_a_thousand_offers_fills_every_page_the_pager_offers() {
    for db in testing::both().await {
        let (state, _, admin, kolk) = demo_catalogue(db).await;
        let first = add(&state, admin, kolk, &Seed::plain("Stadswandeling met verhalen"), true).await;
        // 1,049 copies of it, written at once (saving each would only take longer).
        let mut tx = state.db.begin_write().await.unwrap();
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1049)
             INSERT INTO offers (provider_id, title, description, disciplines, levels, format, street, postcode, city, region, lat_e6,
                 lon_e6, duration_minutes, price_cents, price_unit, capacity, on_request, first_date, last_date, wheelchair,
                 accessibility, status, search_text, created_at, updated_at)
             SELECT o.provider_id, o.title, o.description, o.disciplines, o.levels, o.format, o.street, o.postcode, o.city, o.region,
                 o.lat_e6, o.lon_e6, o.duration_minutes, o.price_cents, o.price_unit, o.capacity, o.on_request, o.first_date,
                 o.last_date, o.wheelchair, o.accessibility, o.status, o.search_text, o.created_at, o.updated_at
             FROM offers o CROSS JOIN n WHERE o.id = $1",
        )
        .bind(first)
        .execute(&mut *tx)
        .await
        .unwrap();
        for sql in [
            "INSERT INTO offer_disciplines (offer_id, discipline) SELECT id, 'theatre' FROM offers WHERE id > $1",
            "INSERT INTO offer_levels (offer_id, level) SELECT id, 2 FROM offers WHERE id > $1",
        ] {
            sqlx::query(sql).bind(first).execute(&mut *tx).await.unwrap();
        }
        if state.db.backend == services::Backend::Sqlite {
            sqlx::query("INSERT INTO offers_fts (rowid, search_text) SELECT id, search_text FROM offers WHERE id > $1")
                .bind(first)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        offers::refresh_search(&mut tx, state.db.backend, offers::Searchable::All).await.unwrap();
        tx.commit().await.unwrap();
        let page = |n: u32| SearchForm { page: n.to_string(), discipline: "theatre".into(), ..q("stadswandel") };
        let one = offers::search(&state, &page(1).query(), None).await.unwrap();
        assert_eq!(one.total, 1_001, "counted to one past the cap ({:?})", state.db.backend);
        let last = offers::search(&state, &page(50).query(), None).await.unwrap();
        for p in [&one, &last] {
            assert_eq!(p.rows.len(), 20, "page {} is full ({:?})", p.page, state.db.backend);
            assert!(p.rows.iter().all(|o| o.title == "Stadswandeling met verhalen"));
        }
        let ids: std::collections::HashSet<i64> = one.rows.iter().chain(&last.rows).map(|o| o.id).collect();
        assert_eq!(ids.len(), 40, "the first and the fiftieth page show other offers");
        let beyond = offers::search(&state, &page(60).query(), None).await.unwrap();
        assert!(beyond.rows.is_empty());
        assert_eq!(beyond.total, 1_001, "a page past the results still says how many there are");
    }
}

/// The search benchmark's check, small, so that a wrong search result fails the tests: 2,000
/// generated offers beside the demo's, and the first 300 queries of the benchmark's mix (a
/// word, a word and a half-typed one, discipline + region, word + level + maximum price by
/// price, discipline + March by date, within 25 km by distance; pages 1 and 2), each answering
/// what a plain scan of the offers in memory says: the same total (counted to one past the
/// cap); where the order is fixed, the same page id for id; by relevance, only offers the scan
/// finds, as many as the page holds.
#[tokio::test]
async fn the_search_answers_the_benchmarks_query_mix_as_a_plain_scan_of_the_offers_does() {
    for db in testing::both().await {
        let (state, _) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        demo::load_marketplace(&state).await.unwrap();
        let kolk = provider(&state, "Theater De Kolk").await;
        let middelburg = services::market::weborders::school_by_cjp(&state, "CJP-270001").await.unwrap().unwrap().0;
        let origin = offers::location_position(&state, middelburg).await.unwrap();
        assert!(origin.is_some(), "the distance queries have a position to start from");
        let catalogue = search::generate(&state, kolk, 2_000).await;
        assert!(catalogue.len() > 2_000, "the demo's offers and the generated ones");
        let checked = search::check_mix(&state, &catalogue, origin, 300).await;
        let backend = state.db.backend;
        assert!(
            checked.wrong.is_empty(),
            "{} of {} queries answer other than the scan ({backend:?}):\n{}",
            checked.wrong.len(),
            checked.queries(),
            checked.wrong.join("\n")
        );
        assert!(checked.page_for_page >= 50 && checked.count_and_members >= 100, "both kinds of comparison ran: {checked:?}");
    }
}
