//! Benchmarks of the marketplace's hot paths, on SQLite and on PostgreSQL (`TEST_POSTGRES_URL`,
//! else the local server), printed as Markdown for `docs/BENCHMARKS.md`:
//! - weborder approvals per second with 1, 8 and 32 concurrent approvers on one budget, beside
//!   the raw database floor: the same conditional debit without the application around it;
//! - catalogue search latency (p50/p95/p99) over 50,000 generated offers with a query mix,
//!   after every query of the mix was compared with a plain scan of the offers in memory
//!   (`support/search.rs`; a wrong answer fails the run before anything is timed).
//!
//! Run: `cargo bench -p app --features ssr --bench marketplace` (`CK_BENCH_PART=approvals` or
//! `=search` for one half; `CK_BENCH_OFFERS` for another number of offers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]

#[path = "support/search.rs"]
mod search;

use domain::{Email, LocationId, PersonId, ProviderId};
use services::budget::ledger::{self, AccountKind};
use services::market::approvals::{self, Approval};
use services::market::weborders;
use services::{accounts::people, budget, demo, market::offers, testing, AppState, Db};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const APPROVALS: usize = 2_000;
const FLOOR_DEBITS: usize = 10_000;
const OFFERS: usize = 50_000;
const WARM_UP: usize = 100;
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
    let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
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
                        approvals::approve(&s.state, s.holder, &[s.location], *id, None, &format!("bench-{id}")).await.unwrap();
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

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Latencies of the query mix: overall (p50, p95, p99, results per page) and p95 per kind of query.
async fn search_latencies(s: &Setup) -> ((f64, f64, f64, f64), Vec<(&'static str, f64)>) {
    let origin = offers::location_position(&s.state, s.location).await.unwrap();
    let mut rng = search::Lcg(search::QUERY_SEED);
    let words = search::vocabulary();
    // Warm the caches as a running server would be.
    for _ in 0..WARM_UP {
        let (f, near, _) = search::query_mix(&mut rng, &words);
        offers::search(&s.state, &f.query(), if near { origin } else { None }).await.unwrap();
    }
    let mut times = Vec::with_capacity(SEARCHES);
    let mut by_kind = std::collections::BTreeMap::<&'static str, Vec<Duration>>::new();
    let mut hits = 0usize;
    for _ in 0..SEARCHES {
        let (f, near, kind) = search::query_mix(&mut rng, &words);
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
    let count = std::env::var("CK_BENCH_OFFERS").ok().and_then(|n| n.parse().ok()).unwrap_or(OFFERS);
    let start = Instant::now();
    let catalogue = search::generate(&s.state, s.provider, count).await;
    let generated = start.elapsed().as_secs_f64();
    // Every query the timed run sends (warm-up included) first answers what a plain scan of
    // the offers in memory says it must, in a pass of its own.
    let start = Instant::now();
    let origin = offers::location_position(&s.state, s.location).await.unwrap();
    let checked = search::check_mix(&s.state, &catalogue, origin, WARM_UP + SEARCHES).await;
    assert!(
        checked.wrong.is_empty(),
        "{} of {} queries answer other than the scan of the offers:\n{}",
        checked.wrong.len(),
        checked.queries(),
        checked.wrong.join("\n")
    );
    println!(
        "\nChecked in {:.1} s: all {} queries of the mix (warm-up included) answer what a scan of the {} offers in memory says: \
         {} pages compared id for id (price, date, distance, newest), {} by relevance compared by total and membership.",
        start.elapsed().as_secs_f64(),
        checked.queries(),
        catalogue.len(),
        checked.page_for_page,
        checked.count_and_members
    );
    let ((p50, p95, p99, per_page), kinds) = search_latencies(&s).await;
    println!("\nCatalogue search over {count} offers (generated in {generated:.1} s), {SEARCHES} queries of the mix, {per_page:.1} results per page on average:\n");
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
