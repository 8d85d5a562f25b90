//! The database: SQLite embedded by default, PostgreSQL when `DATABASE_URL` says so. One pool
//! type (sqlx `Any`) and one set of portable SQL; values are i64 and text only, so both
//! backends bind and decode them alike (money as cents, time as UTC milliseconds).

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::time::Duration;

/// Which database engine is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine's name, as `/healthz` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A connection pool and the engine it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// A write transaction; see [`Db::begin_write`].
pub type Tx = Transaction<'static, Any>;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite file if needed.
    #[tracing::instrument(skip_all)]
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration("DATABASE_URL must start with sqlite: or postgres://".into()));
        };
        let mut options = AnyPoolOptions::new().max_connections(max_connections).acquire_timeout(Duration::from_secs(30));
        if backend == Backend::Sqlite {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers run beside the one writer; foreign keys are off by default
                    // in SQLite; writers wait for each other instead of failing at once. Reads
                    // go through a memory map of the file (shared by all connections through
                    // the OS) and a 16 MiB page cache per connection instead of 2 MB.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;
                         PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384;",
                    )
                    .await?;
                    Ok(())
                })
            });
        }
        if backend == Backend::Postgres {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // Short queries only: compiling one to machine code (PostgreSQL's JIT, on by
                    // default) costs far more than it saves, and a misjudged plan would pay it.
                    conn.execute("SET jit = off").await?;
                    Ok(())
                })
            });
        }
        let url = if backend == Backend::Sqlite && !url.contains("mode=") && !url.contains(":memory:") {
            format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
        } else {
            url.to_owned()
        };
        let pool = options.connect(&url).await?;
        Ok(Db { pool, backend })
    }

    /// Brings the schema up to date with the migrations of this backend.
    /// On SQLite they run on one connection with foreign-key enforcement off, as SQLite's
    /// procedure for rebuilding a table asks, and the keys are checked before it is turned on
    /// again.
    #[tracing::instrument(skip_all)]
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let ran = SQLITE_MIGRATOR.run(&mut *conn).await;
                let dangling = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *conn).await;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                ran?;
                if !dangling?.is_empty() {
                    return Err(sqlx::migrate::MigrateError::Execute(sqlx::Error::Protocol(
                        "a migration left rows that break a foreign key".into(),
                    )));
                }
                Ok(())
            }
            Backend::Postgres => POSTGRES_MIGRATOR.run(&self.pool).await,
        }
    }

    /// Refreshes the statistics the query planner uses to pick indexes (SQLite keeps none
    /// until asked; without them it may scan where an index would do). Bounded work, run by a
    /// worker now and then and after bulk loads.
    #[tracing::instrument(skip_all)]
    pub async fn optimize(&self) -> Result<(), sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.execute("PRAGMA analysis_limit = 10000; ANALYZE;").await?,
            Backend::Postgres => self.pool.execute("ANALYZE").await?,
        };
        Ok(())
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write never fails half way with SQLITE_BUSY; on
    /// PostgreSQL callers lock what they read with `FOR UPDATE` or use conditional updates.
    #[tracing::instrument(skip_all)]
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// The migrations of both backends, as (version, description) lists, for the parity test.
    pub fn migration_lists() -> [(Backend, Vec<(i64, String)>); 2] {
        let list = |m: &sqlx::migrate::Migrator| m.iter().map(|x| (x.version, x.description.to_string())).collect();
        [(Backend::Sqlite, list(&SQLITE_MIGRATOR)), (Backend::Postgres, list(&POSTGRES_MIGRATOR))]
    }
}

/// Numbered placeholders `$first, $first+1, …` for `n` values, e.g. for `IN (…)`.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Numbered placeholders for a multi-row `VALUES` list of `rows` rows of `columns` values,
/// starting at `$first`: `($1, $2), ($3, $4)`.
pub fn value_rows(first: usize, rows: usize, columns: usize) -> String {
    (0..rows).map(|r| format!("({})", placeholders(first + r * columns, columns))).collect::<Vec<_>>().join(", ")
}

/// Stored cents as `Money`; out-of-range cents are our fault, not the caller's.
pub fn money(cents: i64) -> Result<domain::Money, domain::AppError> {
    domain::Money::from_cents(cents).map_err(domain::failure::internal)
}

/// Reads an i64 column by name.
pub fn int(row: &AnyRow, column: &str) -> Result<i64, sqlx::Error> {
    sqlx::Row::try_get::<i64, _>(row, column)
}

/// Reads a text column by name.
pub fn text(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    sqlx::Row::try_get::<String, _>(row, column)
}

/// Reads a nullable text column by name.
pub fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::Row::try_get::<Option<String>, _>(row, column)
}

/// Reads a nullable i64 column by name.
pub fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::Row::try_get::<Option<i64>, _>(row, column)
}

/// True when `err` is a unique-constraint violation (a duplicate), on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() || db.code().is_some_and(|c| c == "23505" || c == "2067" || c == "1555")
        }
        _ => false,
    }
}
