//! The roster import at school size, on SQLite and on PostgreSQL: a 20,000-row file as CSV and
//! as an Excel workbook, each staged (read and stored), previewed (every row checked against
//! the roster) and confirmed (20,000 accounts, passes and roles in one transaction); then the
//! same file again (nothing changes) and a class change for everyone. Time and the process's
//! peak memory per step, printed as Markdown for `docs/BENCHMARKS.md`.
//!
//! Run: `cargo bench -p app --features ssr --bench roster`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]

use domain::roster::RosterField;
use domain::{Email, LocationId};
use services::{accounts::people, demo, passes::roster, testing, Db};
use std::time::Instant;

const ROWS: usize = 20_000;

fn file(rows: usize, class_prefix: &str) -> Vec<Vec<String>> {
    let mut out = vec![["Voornaam", "Achternaam", "E-mail", "Rol", "Klas", "Studentnummer"].map(str::to_owned).to_vec()];
    for i in 0..rows {
        out.push(vec![
            format!("Voornaam{i}"),
            format!("Achternaam {}", i % 977),
            format!("student{i}@bench.example"),
            "student".to_owned(),
            format!("{class_prefix}{}", i % 700),
            format!("B{i:06}"),
        ]);
    }
    out
}

fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    rows.iter().map(|r| r.join(";")).collect::<Vec<_>>().join("\n").into_bytes()
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Resets the process's peak-memory mark (Linux), so the next reading is this step's.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident memory since the last reset, in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

async fn step<T>(name: &str, f: impl std::future::Future<Output = T>) -> T {
    reset_peak();
    let start = Instant::now();
    let out = f.await;
    println!("| {name} | {:.2} s | {:.0} MiB |", start.elapsed().as_secs_f64(), peak_mib());
    out
}

async fn run(db: Db) {
    let name = db.backend.name();
    let (state, _) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let holder = people::account_by_email(&state.db, &Email::parse("budgethouder@roc-amstelland.demo").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let zuid = LocationId(1);
    roster::set_fields(&state, holder, &[zuid], zuid, &[RosterField::StudentNumber]).await.unwrap();
    let rows = file(ROWS, "K");
    let (csv_bytes, xlsx_bytes) = (csv(&rows), xlsx(&rows));
    println!("\n### {name}\n");
    println!("{ROWS} rows: CSV {:.1} MB, Excel {:.1} MB.\n", csv_bytes.len() as f64 / 1e6, xlsx_bytes.len() as f64 / 1e6);
    println!("| step | time | peak memory |");
    println!("|---|---:|---:|");
    let mine = [zuid];
    let id = step("stage Excel (unpack, read, store)", roster::stage(&state, holder, &mine, zuid, "lijst.xlsx", &xlsx_bytes))
        .await
        .unwrap();
    let preview = step("preview of the Excel file (all new)", roster::preview(&state, &mine, id)).await.unwrap();
    assert_eq!((preview.creates, preview.problems.len()), (ROWS as i64, 0));
    let id = step("stage CSV", roster::stage(&state, holder, &mine, zuid, "lijst.csv", &csv_bytes)).await.unwrap();
    let outcome =
        step("confirm: 20,000 new accounts and passes", roster::commit(&state, holder, &mine, id, false)).await.unwrap();
    assert_eq!(outcome.created, ROWS as i64);
    let id = roster::stage(&state, holder, &mine, zuid, "lijst.csv", &csv_bytes).await.unwrap();
    let outcome = step("the same file again: preview and confirm", async {
        roster::preview(&state, &mine, id).await.unwrap();
        roster::commit(&state, holder, &mine, id, false).await
    })
    .await
    .unwrap();
    assert_eq!(outcome.updated + outcome.created, 0);
    let moved = csv(&file(ROWS, "L"));
    let id = roster::stage(&state, holder, &mine, zuid, "lijst.csv", &moved).await.unwrap();
    let outcome = step("everyone to a new class: preview and confirm", async {
        roster::preview(&state, &mine, id).await.unwrap();
        roster::commit(&state, holder, &mine, id, false).await
    })
    .await
    .unwrap();
    assert_eq!(outcome.updated, ROWS as i64);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
        println!("Machine: {cores} cores. Release build.");
        run(testing::sqlite().await).await;
        run(testing::postgres().await).await;
    });
}
