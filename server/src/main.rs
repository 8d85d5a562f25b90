//! `cultuurkaart`: the app server. Reads its configuration from the environment, migrates the
//! database, optionally loads the demo data, and serves.

use server::config::Config;
use services::{AppState, Db, SystemClock};
use std::sync::Arc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    if let Err(e) = run().await {
        tracing::error!("{e}");
        eprintln!("cultuurkaart: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env()?;
    if config.database_url.starts_with("sqlite://") {
        let path = config.database_url.trim_start_matches("sqlite://");
        if let Some(dir) = std::path::Path::new(path.split('?').next().unwrap_or(path)).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
            }
        }
    }
    let db = Db::connect(&config.database_url, 16).await.map_err(|e| format!("database: {e}"))?;
    db.migrate().await.map_err(|e| format!("migrations: {e}"))?;
    let state = AppState::new(db.clone(), Arc::new(SystemClock), config.settings.clone());
    if config.load_demo {
        let loaded = services::demo::load(&db, state.clock.now_ms()).await.map_err(|e| format!("demo data: {e}"))?;
        if loaded {
            services::demo::load_marketplace(&state).await.map_err(|e| format!("demo marketplace: {e}"))?;
        }
        services::demo::load_roster(&state).await.map_err(|e| format!("demo roster: {e}"))?;
        tracing::info!(loaded, "demo data");
    }
    server::workers::spawn(state.clone());
    let router = server::router(state, server::leptos_options(&config.site_root));
    let listener = tokio::net::TcpListener::bind(config.bind).await.map_err(|e| format!("bind {}: {e}", config.bind))?;
    tracing::info!(database = db.backend.name(), "listening on {}", config.bind);
    println!("Cultuurkaart is running at {}", config.settings.public_base_url);
    server::serve(listener, router, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("server: {e}"))
}
