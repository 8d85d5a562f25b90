//! Benchmarks of the marketplace's hot paths, on SQLite and on PostgreSQL (`TEST_POSTGRES_URL`,
//! else the local server), printed as Markdown for `docs/BENCHMARKS.md`:
//! - weborder approvals per second with 1, 8 and 32 concurrent approvers on one budget, beside
//!   the raw database floor: the same conditional debit without the application around it;
//! - catalogue search latency (p50/p95/p99) over 50,000 generated offers with a query mix.
//!
//! Run: `cargo bench -p app --features ssr --bench marketplace`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]

use app::domain::offer::SearchForm;
use app::domain::{Email, LocationId, PersonId, ProviderId};
use app::server::ledger::{self, AccountKind};
use app::server::weborders::{self, Approval};
use app::server::{budget, demo, offers, people, testing, AppState, Backend, Db};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const APPROVALS: usize = 2_000;
const FLOOR_DEBITS: usize = 10_000;
const OFFERS: usize = 50_000;
const SEARCHES: usize = 1_000;

struct Setup {
    state: AppState,
    holder: PersonId,
    location: LocationId,
    provider: ProviderId,
    offer: i64,
    period: i64,
}

async fn setup(db: Db) -> Setup {
    let (state, _) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    demo::load_marketplace(&state).await.unwrap();
    let holder =
        people::account_by_email(&state.db, &Email::parse("budgethouder@deltacollege.demo").unwrap()).await.unwrap().unwrap().id;
    let (location, _) = weborders::school_by_cjp(&state, "CJP-270001").await.unwrap().unwrap();
    let r = sqlx::query("SELECT id, provider_id FROM offers ORDER BY id LIMIT 1").fetch_one(&state.db.pool).await.unwrap();
    let (offer, provider) = (sqlx::Row::get::<i64, _>(&r, "id"), ProviderId(sqlx::Row::get::<i64, _>(&r, "provider_id")));
    let period = budget::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
    Setup { state, holder, location, provider, offer, period }
}

/// Puts `cents` on the location's budget through the ledger.
async fn fund(s: &Setup, cents: i64) {
    let mut tx = s.state.db.begin_write().await.unwrap();
    let funding = ledger::account(&mut tx, AccountKind::Funding, None, Some(s.period)).await.unwrap();
    let budget = ledger::account(&mut tx, AccountKind::LocationBudget, Some(s.location), Some(s.period)).await.unwrap();
    ledger::post(&mut tx, 0, None, "budget_released", "bench", None, &[(funding, -cents), (budget, cents)]).await.unwrap();
    tx.commit().await.unwrap();
}

/// `n` pending weborders of one euro each, inserted in one go (creating them is not what is
/// measured).
async fn pending_weborders(s: &Setup, n: usize) -> Vec<i64> {
    let mut tx = s.state.db.begin_write().await.unwrap();
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let r = sqlx::query(
            "INSERT INTO weborders (provider_id, location_id, period_id, offer_id, activity_date, students, amount_cents, teacher_name,
                teacher_email, status, approve_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, '2027-03-01', 20, 100, 'Docent', 'docent@school.example', 'pending', $5, 0, 0) RETURNING id",
        )
        .bind(s.provider.0)
        .bind(s.location.0)
        .bind(s.period)
        .bind(s.offer)
        .bind(i64::MAX / 2)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        ids.push(sqlx::Row::get::<i64, _>(&r, "id"));
    }
    tx.commit().await.unwrap();
    ids
}

/// Approves every id with `workers` concurrent approvers; returns approvals per second.
async fn approvals_per_second(s: &Arc<Setup>, ids: Vec<i64>, workers: usize) -> f64 {
    let ids = Arc::new(ids);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (s, ids, next) = (s.clone(), ids.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(id) = ids.get(i) else { break };
                    let done =
                        weborders::approve(&s.state, s.holder, &[s.location], *id, None, &format!("bench-{id}")).await.unwrap();
                    assert_eq!(done, Approval::Approved);
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    ids.len() as f64 / start.elapsed().as_secs_f64()
}

/// The floor: the same conditional debit of a balance, each in its own write transaction, with
/// nothing of the application around it (on a table of the ledger's shape, so the ledger itself
/// stays balanced).
async fn floor_per_second(s: &Arc<Setup>, n: usize, workers: usize) -> f64 {
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_balances (id BIGINT PRIMARY KEY, balance_cents BIGINT NOT NULL CHECK (balance_cents >= 0))")
        .execute(&s.state.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM bench_balances").execute(&s.state.db.pool).await.unwrap();
    sqlx::query("INSERT INTO bench_balances (id, balance_cents) VALUES (1, 1000000000)").execute(&s.state.db.pool).await.unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (s, next) = (s.clone(), next.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < n {
                    let mut tx = s.state.db.begin_write().await.unwrap();
                    let moved = sqlx::query(
                        "UPDATE bench_balances SET balance_cents = balance_cents - $1 WHERE id = $2 AND balance_cents >= $1",
                    )
                    .bind(1_i64)
                    .bind(1_i64)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                    assert_eq!(moved.rows_affected(), 1);
                    tx.commit().await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

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
fn vocabulary() -> Vec<String> {
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
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below
    }
}

/// 50,000 published offers with Dutch words, disciplines, levels, regions, prices, positions
/// and dates, written the way the offer service writes them (index rows included).
async fn generate_offers(s: &Setup) {
    let mut rng = Lcg(42);
    let words = vocabulary();
    let mut tx = s.state.db.begin_write().await.unwrap();
    for i in 0..OFFERS {
        let title = (0..4).map(|_| zipf_word(&mut rng, &words)).collect::<Vec<_>>().join(" ");
        let description = (0..25).map(|_| zipf_word(&mut rng, &words)).collect::<Vec<_>>().join(" ");
        let discipline = DISCIPLINES[rng.next(10)];
        let level = 1 + rng.next(4) as i64;
        let region = REGIONS[rng.next(12)];
        let price = (rng.next(40) * 100) as i64;
        let lat = 50_750_000 + (rng.next(2_800_000) as i64);
        let lon = 3_350_000 + (rng.next(3_850_000) as i64);
        let search = app::domain::offer::fold(&format!("{title} {description}"));
        let date = (i % 3 != 0).then(|| format!("2027-0{}-{:02}", 1 + rng.next(6), 1 + rng.next(28)));
        let r = sqlx::query(
            "INSERT INTO offers (provider_id, title, description, disciplines, levels, format, street, postcode, city, region, lat_e6, lon_e6,
                duration_minutes, price_cents, price_unit, capacity, on_request, first_date, last_date, wheelchair, accessibility, status,
                search_text, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'venue', '', '', 'Plaats', $6, $7, $8, 60, $9, 'student', 30, $10, $11, $11, $12, '', 'published', $13, 0, 0)
             RETURNING id",
        )
        .bind(s.provider.0)
        .bind(&title)
        .bind(&description)
        .bind(discipline)
        .bind(level.to_string())
        .bind(region)
        .bind(lat)
        .bind(lon)
        .bind(price)
        .bind(i64::from(i % 3 == 0))
        .bind(date.as_deref())
        .bind(i64::from(i % 2 == 0))
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
        if let Some(date) = date {
            sqlx::query("INSERT INTO offer_dates (offer_id, date) VALUES ($1, $2)")
                .bind(id)
                .bind(date)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        if s.state.db.backend == Backend::Sqlite {
            sqlx::query("INSERT INTO offers_fts (rowid, search_text) VALUES ($1, $2)")
                .bind(id)
                .bind(&search)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    offers::refresh_search(&mut tx, s.state.db.backend, offers::Searchable::All).await.unwrap();
    tx.commit().await.unwrap();
    // As the server's worker does after data changes.
    s.state.db.optimize().await.unwrap();
}

/// A realistic mix: mostly a word or two (often half typed), some filters only, some
/// combinations with a price or date, and some nearest-first with a radius.
fn query_mix(rng: &mut Lcg, words: &[String]) -> (SearchForm, bool, &'static str) {
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

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Latencies of the query mix: overall (p50, p95, p99, results per page) and p95 per kind of query.
async fn search_latencies(s: &Setup) -> ((f64, f64, f64, f64), Vec<(&'static str, f64)>) {
    let origin = offers::location_position(&s.state, s.location).await.unwrap();
    let mut rng = Lcg(7);
    let words = vocabulary();
    // Warm the caches as a running server would be.
    for _ in 0..100 {
        let (f, near, _) = query_mix(&mut rng, &words);
        offers::search(&s.state, &f.query(), if near { origin } else { None }).await.unwrap();
    }
    let mut times = Vec::with_capacity(SEARCHES);
    let mut by_kind = std::collections::BTreeMap::<&'static str, Vec<Duration>>::new();
    let mut hits = 0usize;
    for _ in 0..SEARCHES {
        let (f, near, kind) = query_mix(&mut rng, &words);
        let start = Instant::now();
        let page = offers::search(&s.state, &f.query(), if near { origin } else { None }).await.unwrap();
        let took = start.elapsed();
        times.push(took);
        by_kind.entry(kind).or_default().push(took);
        hits += page.rows.len();
    }
    times.sort();
    let kinds = by_kind
        .into_iter()
        .map(|(kind, mut t)| {
            t.sort();
            (kind, percentile(&t, 0.95))
        })
        .collect();
    ((percentile(&times, 0.50), percentile(&times, 0.95), percentile(&times, 0.99), hits as f64 / SEARCHES as f64), kinds)
}

async fn run(db: Db) {
    let name = db.backend.name();
    let s = Arc::new(setup(db).await);
    fund(&s, 10_000_000).await;
    println!("\n### {name}\n");
    // `CK_BENCH_PART=approvals` or `=search` runs one half.
    let part = std::env::var("CK_BENCH_PART").unwrap_or_default();
    if part != "search" {
        println!("| concurrent approvers | approvals/s (app) | conditional debits/s (database floor) |");
        println!("|---:|---:|---:|");
        for workers in [1, 8, 32] {
            let ids = pending_weborders(&s, APPROVALS).await;
            let app = approvals_per_second(&s, ids, workers).await;
            let floor = floor_per_second(&s, FLOOR_DEBITS, workers).await;
            println!("| {workers} | {app:.0} | {floor:.0} |");
        }
        assert!(ledger::verify(&s.state.db).await.unwrap().is_empty(), "the ledger balances after the run");
    }
    if part == "approvals" {
        return;
    }
    let start = Instant::now();
    generate_offers(&s).await;
    let generated = start.elapsed().as_secs_f64();
    let ((p50, p95, p99, per_page), kinds) = search_latencies(&s).await;
    println!("\nCatalogue search over {OFFERS} offers (generated in {generated:.1} s), {SEARCHES} queries of the mix, {per_page:.1} results per page on average:\n");
    println!("| p50 | p95 | p99 |");
    println!("|---:|---:|---:|");
    println!("| {p50:.2} ms | {p95:.2} ms | {p99:.2} ms |");
    println!("\n| kind of query | p95 |");
    println!("|---|---:|");
    for (kind, p95) in kinds {
        println!("| {kind} | {p95:.2} ms |");
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|c| {
                c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
            })
            .unwrap_or_default();
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
        println!("Machine: {cores} cores, {cpu}. Release build.");
        run(testing::sqlite().await).await;
        run(testing::postgres().await).await;
    });
}
