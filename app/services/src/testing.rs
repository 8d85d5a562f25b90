//! Test support: a fresh, migrated database per test on SQLite and on PostgreSQL, and an
//! `AppState` around it with a clock the test controls. Used by this crate's and the
//! server crate's tests; PostgreSQL must be reachable (tests never skip it silently).

use crate::platform::clock::ManualClock;
use crate::platform::db::Db;
use crate::platform::state::{AppState, Settings};
use rand::RngCore;
use std::sync::Arc;

/// Where the tests find PostgreSQL: `TEST_POSTGRES_URL`, else the local server.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn unique_name() -> String {
    let mut b = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut b);
    format!("ck_test_{}", hex::encode(b))
}

/// A fresh migrated SQLite database in a temporary file.
pub async fn sqlite() -> Db {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
    let db = Db::connect(&format!("sqlite://{}", path.display()), 8).await.unwrap_or_else(|e| panic!("sqlite: {e}"));
    db.migrate().await.unwrap_or_else(|e| panic!("migrate sqlite: {e}"));
    db
}

/// A fresh migrated PostgreSQL database. Panics when PostgreSQL cannot be reached: the
/// PostgreSQL half of the tests must run, not vanish.
pub async fn postgres() -> Db {
    let admin_url = postgres_admin_url();
    let admin =
        Db::connect(&admin_url, 1).await.unwrap_or_else(|e| panic!("PostgreSQL is required for the tests ({admin_url}): {e}"));
    let name = unique_name();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap_or_else(|e| panic!("create database: {e}"));
    admin.pool.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap_or(admin_url);
    let db = Db::connect(&format!("{base}/{name}"), 8).await.unwrap_or_else(|e| panic!("postgres: {e}"));
    db.migrate().await.unwrap_or_else(|e| panic!("migrate postgres: {e}"));
    db
}

/// One fresh database of each backend.
pub async fn both() -> Vec<Db> {
    vec![sqlite().await, postgres().await]
}

/// 2026-11-29 12:00 UTC, the tests' "now" unless they move it.
pub const TEST_NOW_MS: i64 = 1_795_953_600_000;

/// An application state around `db` with a manual clock, as the tests use it.
pub fn state(db: Db) -> (AppState, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(TEST_NOW_MS));
    let state = AppState::new(
        db,
        clock.clone(),
        Settings {
            public_base_url: "http://localhost:3000".to_owned(),
            smtp: None,
            trust_proxy: false,
            session_idle_ms: 2 * crate::platform::clock::HOUR_MS,
            session_absolute_ms: 12 * crate::platform::clock::HOUR_MS,
            seller: crate::platform::state::SellerDetails::demo(),
            weborder_decision_ms: 14 * 24 * crate::platform::clock::HOUR_MS,
            cooling_off_ms: 48 * crate::platform::clock::HOUR_MS,
        },
    );
    (state, clock)
}

/// Records, as the school would, that `location`'s board takes part, with invoice details
/// (needed before the location can order budget).
pub async fn taking_part(state: &AppState, location: domain::LocationId) {
    use crate::budget::school;
    let text = |s: &str| s.to_owned();
    let profile = domain::school::DetailsForm {
        taking_part: text("yes"),
        contribution: text("10,50"),
        decision_date: text("2026-06-01"),
        invoice_addressee: text("Crediteurenadministratie"),
        invoice_street: text("Postbus 1"),
        invoice_postcode: text("1000 AA"),
        invoice_city: text("Amsterdam"),
        invoice_email: format!("facturen{}@school.example", location.0),
        po_reference: String::new(),
    }
    .parse(location)
    .unwrap_or_else(|e| panic!("test profile: {e:?}"));
    school::save_profile(state, domain::PersonId(1), &profile).await.unwrap_or_else(|e| panic!("save profile: {e:?}"));
}

/// The demo data, and the demo budget holder's order for Amsterdam Zuid approved at once: its
/// invoice.
pub async fn approved_invoice(state: &AppState, collective: &str, individual: &str) -> domain::budget::InvoiceRow {
    use crate::{accounts::people, budget, demo};
    demo::load(&state.db, state.clock.now_ms()).await.unwrap_or_else(|e| panic!("demo: {e:?}"));
    let email = domain::Email::parse("budgethouder@roc-amstelland.demo").unwrap_or_else(|| panic!("the demo holder's address"));
    let holder = people::account_by_email(&state.db, &email).await.ok().flatten().unwrap_or_else(|| panic!("no demo holder"));
    let location = domain::LocationId(1);
    let order = budget::submit_order(state, holder.id, &holder.email, location, collective, individual)
        .await
        .unwrap_or_else(|e| panic!("order: {e:?}"));
    assert!(budget::approve_order(state, order.id, None, true).await.unwrap_or(false), "approved");
    budget::order(&state.db, order.id, None).await.ok().flatten().and_then(|o| o.invoice).unwrap_or_else(|| panic!("no invoice"))
}

/// What every table of `db` holds: per table, its row count and a hash of all its rows' values
/// (in any order), read through the database's own description of its schema. Two answers
/// differ when any row of any table was added, removed or changed in any column. Derived
/// full-text tables are left out (they follow their source table).
pub async fn content(db: &Db) -> std::collections::BTreeMap<String, (usize, u64)> {
    use crate::platform::db::Backend;
    use sqlx::Row;
    use std::hash::{Hash, Hasher};
    let columns_sql = match db.backend {
        Backend::Sqlite => {
            "SELECT m.name AS t, c.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%fts%' AND m.name NOT LIKE '_sqlx%'
             ORDER BY m.name, c.cid"
        }
        Backend::Postgres => {
            "SELECT CAST(c.table_name AS TEXT) AS t, CAST(c.column_name AS TEXT) AS c FROM information_schema.columns c
             JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '_sqlx%'
             ORDER BY c.table_name, c.ordinal_position"
        }
    };
    let mut tables: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for row in sqlx::query(columns_sql).fetch_all(&db.pool).await.unwrap_or_else(|e| panic!("schema: {e}")) {
        let (table, column): (String, String) = (row.get("t"), row.get("c"));
        tables.entry(table).or_default().push(column);
    }
    let mut out = std::collections::BTreeMap::new();
    for (table, columns) in tables {
        let cell = |c: &String| match db.backend {
            Backend::Sqlite => format!("quote({c})"),
            Backend::Postgres => format!("COALESCE(CAST({c} AS TEXT), '<null>')"),
        };
        let row_text =
            if columns.is_empty() { "''".to_owned() } else { columns.iter().map(cell).collect::<Vec<_>>().join(" || '|' || ") };
        let rows = sqlx::query(&format!("SELECT {row_text} AS r FROM {table}"))
            .fetch_all(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("read {table}: {e}"));
        let mut texts: Vec<String> = rows.iter().map(|r| r.get::<String, _>("r")).collect();
        texts.sort_unstable();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        texts.hash(&mut hasher);
        out.insert(table, (texts.len(), hasher.finish()));
    }
    out
}

/// The shape of one table as its database describes it, in terms both backends share.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TableShape {
    /// Each column, by name: name, type (`integer` for SQLite's INTEGER and BIGINT and
    /// PostgreSQL's integer types, else the type's own name in lower case) and whether it may
    /// be NULL. By name, not by place: a column added later stands last on one backend and
    /// in place on the other, and every statement names its columns.
    pub columns: Vec<(String, String, bool)>,
    /// The primary key's columns, in order.
    pub primary_key: Vec<String>,
    /// Every other index and unique constraint: its columns (`expr` for an expression), whether
    /// it is unique and whether it is partial (has a WHERE).
    pub indexes: std::collections::BTreeSet<(Vec<String>, bool, bool)>,
}

/// Every table of `db`'s schema (the migration bookkeeping left out), as [`TableShape`]s.
pub async fn schema(db: &Db) -> std::collections::BTreeMap<String, TableShape> {
    use crate::platform::db::Backend;
    use sqlx::Row;
    let fail = |what: &str, e: sqlx::Error| -> ! { panic!("{what}: {e}") };
    let mut out = std::collections::BTreeMap::new();
    let tables_sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS t FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx%'"
        }
    };
    let tables: Vec<String> = sqlx::query(tables_sql)
        .fetch_all(&db.pool)
        .await
        .unwrap_or_else(|e| fail("tables", e))
        .iter()
        .map(|r| r.get("t"))
        .collect();
    for table in tables {
        let mut shape = TableShape::default();
        match db.backend {
            Backend::Sqlite => {
                let columns = sqlx::query(&format!(
                    "SELECT name, UPPER(type) AS type, \"notnull\" AS not_null, pk FROM pragma_table_info('{table}') ORDER BY cid"
                ))
                .fetch_all(&db.pool)
                .await
                .unwrap_or_else(|e| fail(&table, e));
                let mut key: Vec<(i64, String)> = Vec::new();
                for c in &columns {
                    let (name, kind, not_null, pk): (String, String, i64, i64) =
                        (c.get("name"), c.get("type"), c.get("not_null"), c.get("pk"));
                    let kind =
                        if matches!(kind.as_str(), "INTEGER" | "BIGINT") { "integer".to_owned() } else { kind.to_lowercase() };
                    shape.columns.push((name.clone(), kind, not_null == 0 && pk == 0));
                    if pk > 0 {
                        key.push((pk, name));
                    }
                }
                key.sort();
                shape.primary_key = key.into_iter().map(|(_, n)| n).collect();
                let indexes = sqlx::query(&format!(
                    "SELECT name, \"unique\" AS is_unique, origin, partial FROM pragma_index_list('{table}') WHERE origin <> 'pk'"
                ))
                .fetch_all(&db.pool)
                .await
                .unwrap_or_else(|e| fail(&table, e));
                for i in &indexes {
                    let (name, unique, partial): (String, i64, i64) = (i.get("name"), i.get("is_unique"), i.get("partial"));
                    let columns = sqlx::query(&format!("SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"))
                        .fetch_all(&db.pool)
                        .await
                        .unwrap_or_else(|e| fail(&name, e))
                        .iter()
                        .map(|c| c.get::<Option<String>, _>("name").unwrap_or_else(|| "expr".to_owned()))
                        .collect();
                    shape.indexes.insert((columns, unique == 1, partial == 1));
                }
            }
            Backend::Postgres => {
                let columns = sqlx::query(
                    "SELECT CAST(column_name AS TEXT) AS name, CAST(data_type AS TEXT) AS type,
                            CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable
                     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                )
                .bind(&table)
                .fetch_all(&db.pool)
                .await
                .unwrap_or_else(|e| fail(&table, e));
                for c in &columns {
                    let (name, kind, nullable): (String, String, i32) = (c.get("name"), c.get("type"), c.get("nullable"));
                    let kind =
                        if matches!(kind.as_str(), "bigint" | "integer" | "smallint") { "integer".to_owned() } else { kind };
                    shape.columns.push((name, kind, nullable == 1));
                }
                let indexes = sqlx::query(
                    "SELECT CASE WHEN ix.indisprimary THEN 1 ELSE 0 END AS is_primary,
                            CASE WHEN ix.indisunique THEN 1 ELSE 0 END AS is_unique,
                            CASE WHEN ix.indpred IS NULL THEN 0 ELSE 1 END AS partial,
                            CAST(array_to_string(ARRAY(
                                SELECT COALESCE(CAST(a.attname AS TEXT), 'expr')
                                FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                                LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                                ORDER BY k.n), ',') AS TEXT) AS columns
                     FROM pg_index ix
                     JOIN pg_class t ON t.oid = ix.indrelid
                     JOIN pg_namespace ns ON ns.oid = t.relnamespace
                     WHERE ns.nspname = current_schema() AND t.relname = $1",
                )
                .bind(&table)
                .fetch_all(&db.pool)
                .await
                .unwrap_or_else(|e| fail(&table, e));
                for i in &indexes {
                    let (primary, unique, partial, columns): (i32, i32, i32, String) =
                        (i.get("is_primary"), i.get("is_unique"), i.get("partial"), i.get("columns"));
                    let columns: Vec<String> = columns.split(',').map(str::to_owned).collect();
                    if primary == 1 {
                        shape.primary_key = columns;
                    } else {
                        shape.indexes.insert((columns, unique == 1, partial == 1));
                    }
                }
            }
        }
        shape.columns.sort();
        out.insert(table, shape);
    }
    out
}
