//! The catalogue search's benchmark data and its answer key, shared by the benchmark
//! (`benches/marketplace.rs`, 50,000 offers) and the catalogue tests (`tests/catalogue.rs`,
//! 2,000 offers on both databases):
//! - generated offers, written the way the offer service writes them and kept in memory;
//! - the query mix;
//! - a plain scan of the offers in memory that says, with the search's rules and none of its
//!   SQL, what `offers::search` must answer for a query, and a comparison of each answer with it.
//!
//! The rules the scan follows (from `SearchForm::query` and `offers::search`):
//! - words are folded (`fold`) and every word of the query must be found, each as the start of
//!   a word of the offer's folded text (so the last, half-typed word is a prefix, and so is
//!   every other);
//! - discipline and level: one of the offer's; format, region: the offer's; prices inclusive;
//!   wheelchair: accessible offers only;
//! - a date range: offers with a date in it (both ends inclusive, a missing end open), and
//!   offers on request, which have no dates and can be booked for any;
//! - a distance: with the teacher's position only; offers with a position within the radius,
//!   measured as the search measures (micro-degrees, the longitude scaled by cos(latitude) of
//!   the teacher's position in whole thousandths);
//! - the order: price, date (each offer's next date from today, offers without one last) and
//!   distance (offers without a position last) with the newest offer first among equals;
//!   newest first without words (also for a distance order without a position); relevance
//!   with words, which is the engine's (BM25 on SQLite, `ts_rank` of the first 1,001 matches
//!   found on PostgreSQL) and not reproduced here;
//! - pages of 20; the total counts up to one past 1,000 (the catalogue then shows "1000+").
#![allow(clippy::as_conversions)]

use domain::offer::{fold, Discipline, OfferFormat, OfferRow, Region, SearchForm, SearchQuery, SortOrder, SEARCH_COUNT_CAP};
use domain::{Page, ProviderId};
use services::market::offers::{self, PER_PAGE};
use services::{AppState, Backend};
use std::collections::{HashMap, HashSet};

const WORDS: [&str; 24] = [
    "theater",
    "muziek",
    "dans",
    "film",
    "museum",
    "workshop",
    "voorstelling",
    "rondleiding",
    "erfgoed",
    "beeldende",
    "kunst",
    "hiphop",
    "poëzie",
    "literatuur",
    "ontwerp",
    "fotografie",
    "café",
    "orkest",
    "koor",
    "cabaret",
    "geschiedenis",
    "stad",
    "zee",
    "jeugd",
];
const DISCIPLINES: [&str; 10] =
    ["music", "dance", "theatre", "visual_arts", "film", "literature", "heritage", "design", "media", "multidisciplinary"];
const REGIONS: [&str; 12] = ["DR", "FL", "FR", "GE", "GR", "LI", "NB", "NH", "OV", "UT", "ZE", "ZH"];

/// Made-up words for the rest of the vocabulary: a catalogue's texts use thousands of words, and
/// most of them are rare.
pub fn vocabulary() -> Vec<String> {
    const SYLLABLES: [&str; 20] = [
        "ka", "mo", "ter", "van", "lo", "dri", "sen", "pa", "ne", "rik", "bo", "ul", "ge", "zan", "fi", "dor", "me", "tra", "wi",
        "es",
    ];
    let mut words: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
    for a in SYLLABLES {
        for b in SYLLABLES {
            for c in ["", "en", "st", "ing"] {
                words.push(format!("{a}{b}{c}"));
            }
        }
    }
    words
}

/// A word drawn with a skew like real text: the first words of the vocabulary (the common
/// Dutch ones) often, the made-up tail rarely.
fn zipf_word<'a>(rng: &mut Lcg, words: &'a [String]) -> &'a str {
    let u = (rng.next(1_000_000) as f64) / 1_000_000.0;
    let i = ((words.len() as f64) * u.powf(1.5)) as usize;
    &words[i.min(words.len() - 1)]
}

/// A small, repeatable pseudo-random sequence (no dependency needed).
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below
    }
}

/// The seed of the generated offers.
const OFFER_SEED: u64 = 42;
/// The seed of the query mix: the benchmark's warm-up and timed queries are its first ones.
pub const QUERY_SEED: u64 = 7;

/// An offer teachers may find, as the scan sees it.
struct Offer {
    id: i64,
    disciplines: Vec<Discipline>,
    levels: Vec<i64>,
    format: OfferFormat,
    region: Region,
    price_cents: i64,
    position: Option<(i64, i64)>,
    /// Sorted; empty for an offer on request.
    dates: Vec<String>,
    on_request: bool,
    wheelchair: bool,
    /// The words of its folded text, as indexes into [`Catalogue::words`], sorted, once each.
    words: Vec<u32>,
}

/// Every offer teachers may find (published, by an approved provider), in memory.
#[derive(Default)]
pub struct Catalogue {
    offers: Vec<Offer>,
    /// Every word of any offer's folded text.
    words: Vec<String>,
    word_ids: HashMap<String, u32>,
}

impl Catalogue {
    /// The offers teachers may find.
    pub fn len(&self) -> usize {
        self.offers.len()
    }

    fn add(&mut self, mut offer: Offer, folded_text: &str) {
        for word in folded_text.split_whitespace() {
            let next = u32::try_from(self.words.len()).unwrap();
            let id = *self.word_ids.entry(word.to_owned()).or_insert(next);
            if id == next {
                self.words.push(word.to_owned());
            }
            offer.words.push(id);
        }
        offer.words.sort_unstable();
        offer.words.dedup();
        offer.dates.sort();
        self.offers.push(offer);
    }

    /// The offers teachers may find in `state`'s database now, read from the offers' own tables
    /// (not from the search's): published offers of approved providers with their folded text,
    /// disciplines, levels and dates.
    async fn read(state: &AppState) -> Catalogue {
        let pool = &state.db.pool;
        let get_int = |r: &sqlx::any::AnyRow, c: &str| sqlx::Row::get::<i64, _>(r, c);
        let get_text = |r: &sqlx::any::AnyRow, c: &str| sqlx::Row::get::<String, _>(r, c);
        let mut disciplines = HashMap::<i64, Vec<Discipline>>::new();
        for r in sqlx::query("SELECT offer_id, discipline FROM offer_disciplines").fetch_all(pool).await.unwrap() {
            let d = Discipline::from_code(&get_text(&r, "discipline")).unwrap();
            disciplines.entry(get_int(&r, "offer_id")).or_default().push(d);
        }
        let mut levels = HashMap::<i64, Vec<i64>>::new();
        for r in sqlx::query("SELECT offer_id, level FROM offer_levels").fetch_all(pool).await.unwrap() {
            levels.entry(get_int(&r, "offer_id")).or_default().push(get_int(&r, "level"));
        }
        let mut dates = HashMap::<i64, Vec<String>>::new();
        for r in sqlx::query("SELECT offer_id, date FROM offer_dates").fetch_all(pool).await.unwrap() {
            dates.entry(get_int(&r, "offer_id")).or_default().push(get_text(&r, "date"));
        }
        let mut catalogue = Catalogue::default();
        let rows = sqlx::query(
            "SELECT o.id, o.search_text, o.format, o.region, o.price_cents, o.lat_e6, o.lon_e6, o.on_request, o.wheelchair
             FROM offers o JOIN providers p ON p.id = o.provider_id WHERE o.status = 'published' AND p.status = 'approved'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        for r in rows {
            let id = get_int(&r, "id");
            let lat = sqlx::Row::get::<Option<i64>, _>(&r, "lat_e6");
            let lon = sqlx::Row::get::<Option<i64>, _>(&r, "lon_e6");
            let offer = Offer {
                id,
                disciplines: disciplines.remove(&id).unwrap_or_default(),
                levels: levels.remove(&id).unwrap_or_default(),
                format: OfferFormat::from_code(&get_text(&r, "format")).unwrap(),
                region: Region::from_code(&get_text(&r, "region")).unwrap(),
                price_cents: get_int(&r, "price_cents"),
                position: lat.zip(lon),
                dates: dates.remove(&id).unwrap_or_default(),
                on_request: get_int(&r, "on_request") == 1,
                wheelchair: get_int(&r, "wheelchair") == 1,
                words: Vec::new(),
            };
            catalogue.add(offer, &get_text(&r, "search_text"));
        }
        catalogue
    }
}

/// Writes `count` published offers of `provider` (an approved one) with Dutch words,
/// disciplines, levels, regions, prices, positions and dates the way the offer service writes
/// them (index rows included), refreshes the planner's statistics as the server's worker does,
/// and returns every offer teachers may now find: those already there (read from the offers'
/// tables) and the generated ones (kept in memory as they were generated).
pub async fn generate(state: &AppState, provider: ProviderId, count: usize) -> Catalogue {
    let status =
        sqlx::query("SELECT status FROM providers WHERE id = $1").bind(provider.0).fetch_one(&state.db.pool).await.unwrap();
    assert_eq!(sqlx::Row::get::<String, _>(&status, "status"), "approved", "the generated offers' provider is approved");
    let mut catalogue = Catalogue::read(state).await;
    let mut rng = Lcg(OFFER_SEED);
    let words = vocabulary();
    let mut tx = state.db.begin_write().await.unwrap();
    for i in 0..count {
        let title = (0..4).map(|_| zipf_word(&mut rng, &words)).collect::<Vec<_>>().join(" ");
        let description = (0..25).map(|_| zipf_word(&mut rng, &words)).collect::<Vec<_>>().join(" ");
        let discipline = DISCIPLINES[rng.next(10)];
        let level = 1 + rng.next(4) as i64;
        let region = REGIONS[rng.next(12)];
        let price = (rng.next(40) * 100) as i64;
        let lat = 50_750_000 + (rng.next(2_800_000) as i64);
        let lon = 3_350_000 + (rng.next(3_850_000) as i64);
        let search = fold(&format!("{title} {description}"));
        let date = (i % 3 != 0).then(|| format!("2027-0{}-{:02}", 1 + rng.next(6), 1 + rng.next(28)));
        let (on_request, wheelchair) = (i % 3 == 0, i % 2 == 0);
        let r = sqlx::query(
            "INSERT INTO offers (provider_id, title, description, disciplines, levels, format, street, postcode, city, region, lat_e6, lon_e6,
                duration_minutes, price_cents, price_unit, capacity, on_request, first_date, last_date, wheelchair, accessibility, status,
                search_text, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'venue', '', '', 'Plaats', $6, $7, $8, 60, $9, 'student', 30, $10, $11, $11, $12, '', 'published', $13, 0, 0)
             RETURNING id",
        )
        .bind(provider.0)
        .bind(&title)
        .bind(&description)
        .bind(discipline)
        .bind(level.to_string())
        .bind(region)
        .bind(lat)
        .bind(lon)
        .bind(price)
        .bind(i64::from(on_request))
        .bind(date.as_deref())
        .bind(i64::from(wheelchair))
        .bind(&search)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let id = sqlx::Row::get::<i64, _>(&r, "id");
        sqlx::query("INSERT INTO offer_disciplines (offer_id, discipline) VALUES ($1, $2)")
            .bind(id)
            .bind(discipline)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO offer_levels (offer_id, level) VALUES ($1, $2)")
            .bind(id)
            .bind(level)
            .execute(&mut *tx)
            .await
            .unwrap();
        if let Some(date) = &date {
            sqlx::query("INSERT INTO offer_dates (offer_id, date) VALUES ($1, $2)")
                .bind(id)
                .bind(date)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        if state.db.backend == Backend::Sqlite {
            sqlx::query("INSERT INTO offers_fts (rowid, search_text) VALUES ($1, $2)")
                .bind(id)
                .bind(&search)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        let offer = Offer {
            id,
            disciplines: vec![Discipline::from_code(discipline).unwrap()],
            levels: vec![level],
            format: OfferFormat::Venue,
            region: Region::from_code(region).unwrap(),
            price_cents: price,
            position: Some((lat, lon)),
            dates: date.into_iter().collect(),
            on_request,
            wheelchair,
            words: Vec::new(),
        };
        catalogue.add(offer, &search);
    }
    offers::refresh_search(&mut tx, state.db.backend, offers::Searchable::All).await.unwrap();
    tx.commit().await.unwrap();
    // As the server's worker does after data changes.
    state.db.optimize().await.unwrap();
    catalogue
}

/// A realistic mix: mostly a word or two (often half typed), some filters only, some
/// combinations with a price or date, and some nearest-first with a radius. Returns the form,
/// whether the search gets the teacher's position, and the kind of query.
pub fn query_mix(rng: &mut Lcg, words: &[String]) -> (SearchForm, bool, &'static str) {
    let word = |rng: &mut Lcg| zipf_word(rng, words).to_owned();
    let mut f = SearchForm::default();
    let mut near = false;
    let kind = match rng.next(10) {
        0..=3 => {
            f.q = word(rng);
            "one word"
        }
        4 | 5 => {
            let w = word(rng);
            f.q = format!("{} {}", word(rng), &w[..w.char_indices().nth(3).map_or(w.len(), |(i, _)| i)]);
            "word + prefix"
        }
        6 => {
            f.discipline = DISCIPLINES[rng.next(10)].to_owned();
            f.region = REGIONS[rng.next(12)].to_owned();
            "discipline + region"
        }
        7 => {
            f.q = word(rng);
            f.level = (1 + rng.next(4)).to_string();
            f.max_price = "15".to_owned();
            f.sort = "price".to_owned();
            "word + level + price"
        }
        8 => {
            f.discipline = DISCIPLINES[rng.next(10)].to_owned();
            f.date_from = "2027-03-01".to_owned();
            f.date_to = "2027-03-31".to_owned();
            f.sort = "date".to_owned();
            "discipline + dates"
        }
        _ => {
            f.max_km = "25".to_owned();
            f.sort = "distance".to_owned();
            near = true;
            "within 25 km"
        }
    };
    if rng.next(5) == 0 {
        f.page = "2".to_owned();
    }
    (f, near, kind)
}

/// Metres per micro-degree of latitude, times 100,000 (the search's measure).
const METRES_PER_MICRO_DEGREE_E5: i64 = 11_132;

/// The squared distance in micro-degrees of latitude from `from` to `to`: the longitude
/// difference scaled by cos(latitude of `from`) in whole thousandths, rounded toward zero.
fn squared_distance((lat, lon): (i64, i64), (to_lat, to_lon): (i64, i64)) -> i64 {
    let degree = (lat / 1_000_000).abs().min(90);
    let cos_per_mille = ((degree as f64).to_radians().cos() * 1000.0).round() as i64;
    let dlat = to_lat - lat;
    let dlon = (to_lon - lon) * cos_per_mille / 1000;
    dlat * dlat + dlon * dlon
}

/// How a search's page was compared with the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compared {
    /// A fully determined order: the page's ids are the scan's page, in order.
    PageForPage,
    /// Relevance: the total, and every offer of the page one the scan found (the page as full as
    /// the matches allow, each offer once).
    CountAndMembers,
}

impl Catalogue {
    /// The offers `q` finds, by the rules, in the order the rules fix (newest first for a
    /// relevance order, which the engines decide).
    fn scan(&self, q: &SearchQuery, origin: Option<(i64, i64)>, today: &str) -> Vec<i64> {
        // Per query word, which words of the catalogue start with it.
        let starts: Vec<Vec<bool>> =
            q.terms.iter().map(|t| self.words.iter().map(|w| w.starts_with(t.as_str())).collect()).collect();
        let radius = q.max_km.map(|km| km * 1000 * 100_000 / METRES_PER_MICRO_DEGREE_E5);
        let within = |o: &Offer| match (radius, origin) {
            (Some(r), Some(from)) => o.position.is_some_and(|to| squared_distance(from, to) <= r * r),
            _ => true,
        };
        let in_range = |o: &Offer| {
            let (from, to) = (q.date_from.as_deref(), q.date_to.as_deref());
            if from.is_none() && to.is_none() {
                return true;
            }
            o.on_request || o.dates.iter().any(|d| from.is_none_or(|f| d.as_str() >= f) && to.is_none_or(|t| d.as_str() <= t))
        };
        let mut found: Vec<&Offer> = self
            .offers
            .iter()
            .filter(|o| q.discipline.is_none_or(|d| o.disciplines.contains(&d)))
            .filter(|o| q.level.is_none_or(|l| o.levels.contains(&l)))
            .filter(|o| q.format.is_none_or(|f| o.format == f))
            .filter(|o| q.region.is_none_or(|r| o.region == r))
            .filter(|o| q.min_price_cents.is_none_or(|p| o.price_cents >= p))
            .filter(|o| q.max_price_cents.is_none_or(|p| o.price_cents <= p))
            .filter(|o| !q.wheelchair || o.wheelchair)
            .filter(|o| in_range(o))
            .filter(|o| within(o))
            .filter(|o| starts.iter().all(|s| o.words.iter().any(|w| s[*w as usize])))
            .collect();
        let newest = |o: &Offer| std::cmp::Reverse(o.id);
        match (q.sort.unwrap_or(SortOrder::Relevance), origin) {
            (SortOrder::PriceLow, _) => found.sort_by_key(|o| (o.price_cents, newest(o))),
            (SortOrder::Date, _) => found.sort_by_key(|o| {
                let next = o.dates.iter().find(|d| d.as_str() >= today).map_or("9999-12-31", String::as_str);
                (next, newest(o))
            }),
            (SortOrder::Distance, Some(from)) => {
                found.sort_by_key(|o| (o.position.is_none(), o.position.map_or(0, |to| squared_distance(from, to)), newest(o)))
            }
            _ => found.sort_by_key(|o| newest(o)),
        }
        found.into_iter().map(|o| o.id).collect()
    }

    /// Compares a search's answer with the scan; the error says how they differ.
    fn compare(
        &self,
        q: &SearchQuery,
        origin: Option<(i64, i64)>,
        today: &str,
        got: &Page<OfferRow>,
    ) -> Result<Compared, String> {
        let found = self.scan(q, origin, today);
        let n = i64::try_from(found.len()).unwrap();
        let total = n.min(SEARCH_COUNT_CAP + 1);
        let per_page = usize::try_from(PER_PAGE).unwrap();
        let offset = usize::try_from(q.page - 1).unwrap() * per_page;
        let ids: Vec<i64> = got.rows.iter().map(|o| o.id).collect();
        let mut problems = Vec::new();
        if got.total != total {
            problems.push(format!("total {} where the scan finds {n} (so {total})", got.total));
        }
        if (got.page, got.per_page) != (q.page, PER_PAGE) {
            problems.push(format!("page {} of {} where {} of {PER_PAGE} was asked", got.page, got.per_page, q.page));
        }
        let ranked = q.sort.unwrap_or(SortOrder::Relevance) == SortOrder::Relevance && !q.terms.is_empty();
        let compared = if ranked {
            let set: HashSet<i64> = found.iter().copied().collect();
            let strangers: Vec<i64> = ids.iter().copied().filter(|id| !set.contains(id)).collect();
            if !strangers.is_empty() {
                problems.push(format!("offers the scan does not find: {strangers:?}"));
            }
            if ids.iter().collect::<HashSet<_>>().len() != ids.len() {
                problems.push(format!("an offer twice: {ids:?}"));
            }
            // On the pages the pager offers (up to the cap) a page is full while matches last.
            if offset + per_page <= usize::try_from(SEARCH_COUNT_CAP).unwrap() {
                let want = found.len().saturating_sub(offset).min(per_page);
                if ids.len() != want {
                    problems.push(format!(
                        "{} offers on the page where the scan's {} matches fill {want}",
                        ids.len(),
                        found.len()
                    ));
                }
            }
            Compared::CountAndMembers
        } else {
            let want: Vec<i64> = found.iter().skip(offset).take(per_page).copied().collect();
            if ids != want {
                let missing: Vec<i64> = want.iter().copied().filter(|id| !ids.contains(id)).collect();
                let extra: Vec<i64> = ids.iter().copied().filter(|id| !want.contains(id)).collect();
                problems.push(format!(
                    "page {ids:?} where the scan's page is {want:?} (missing {missing:?}, not found by the scan or not on this page {extra:?})"
                ));
            }
            Compared::PageForPage
        };
        // The distance the page shows is within the radius asked for.
        if let (Some(km), Some(_)) = (q.max_km, origin) {
            let far: Vec<(i64, Option<i64>)> =
                got.rows.iter().filter(|o| o.distance_m.is_none_or(|m| m > km * 1000)).map(|o| (o.id, o.distance_m)).collect();
            if !far.is_empty() {
                problems.push(format!("offers shown farther than {km} km: {far:?}"));
            }
        }
        if problems.is_empty() {
            Ok(compared)
        } else {
            Err(problems.join("; "))
        }
    }
}

/// What [`check_mix`] saw.
#[derive(Debug, Default)]
pub struct Checked {
    /// Queries whose page was compared id for id, in order.
    pub page_for_page: usize,
    /// Relevance-ordered queries, compared by total and membership.
    pub count_and_members: usize,
    /// Each query whose answer differs from the scan, with the difference.
    pub wrong: Vec<String>,
}

impl Checked {
    /// Every query checked.
    pub fn queries(&self) -> usize {
        self.page_for_page + self.count_and_members + self.wrong.len()
    }
}

/// Runs the first `queries` queries of the mix (seed [`QUERY_SEED`]) through `offers::search`
/// and compares each answer with the scan of `catalogue`. `origin` is the teacher's position
/// for the queries that use one.
pub async fn check_mix(state: &AppState, catalogue: &Catalogue, origin: Option<(i64, i64)>, queries: usize) -> Checked {
    let today = domain::time::local_date(state.clock.now_ms());
    let mut rng = Lcg(QUERY_SEED);
    let words = vocabulary();
    let mut checked = Checked::default();
    for i in 0..queries {
        let (form, near, kind) = query_mix(&mut rng, &words);
        let q = form.query();
        let origin = if near { origin } else { None };
        let got = offers::search(state, &q, origin).await.unwrap();
        match catalogue.compare(&q, origin, &today, &got) {
            Ok(Compared::PageForPage) => checked.page_for_page += 1,
            Ok(Compared::CountAndMembers) => checked.count_and_members += 1,
            Err(difference) => checked.wrong.push(format!(
                "query {i} ({kind}) on {}: q {:?}, terms {:?}, discipline {:?}, level {:?}, region {:?}, max price {:?}, dates {:?} to {:?}, \
                 max km {:?}, sort {:?}, page {}, origin {origin:?}: {difference}",
                state.db.backend.name(),
                form.q,
                q.terms,
                q.discipline,
                q.level,
                q.region,
                q.max_price_cents,
                q.date_from,
                q.date_to,
                q.max_km,
                q.sort,
                q.page
            )),
        }
    }
    checked
}
