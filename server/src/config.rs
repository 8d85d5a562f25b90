//! Configuration from the environment, read once at start.

use app::server::state::SmtpSettings;
use app::server::{SellerDetails, Settings};
use std::net::SocketAddr;

/// Everything the binary needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub site_root: String,
    pub load_demo: bool,
    pub settings: Settings,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl Config {
    /// Reads the configuration; the error names the variable that is wrong.
    pub fn from_env() -> Result<Config, String> {
        let bind: SocketAddr =
            var("CK_BIND").unwrap_or_else(|| "127.0.0.1:3000".to_owned()).parse().map_err(|e| format!("CK_BIND: {e}"))?;
        let public_base_url =
            var("CK_PUBLIC_URL").unwrap_or_else(|| format!("http://localhost:{}", bind.port())).trim_end_matches('/').to_owned();
        if !(public_base_url.starts_with("http://") || public_base_url.starts_with("https://")) {
            return Err("CK_PUBLIC_URL must start with http:// or https://".to_owned());
        }
        let smtp = match var("SMTP_HOST") {
            None => None,
            Some(host) => Some(SmtpSettings {
                host,
                port: var("SMTP_PORT").map(|p| p.parse().map_err(|e| format!("SMTP_PORT: {e}"))).transpose()?.unwrap_or(587),
                username: var("SMTP_USERNAME"),
                password: var("SMTP_PASSWORD"),
                from: var("SMTP_FROM").ok_or("SMTP_FROM is required with SMTP_HOST")?,
                security: var("SMTP_SECURITY").unwrap_or_else(|| "starttls".to_owned()),
            }),
        };
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/cultuurkaart.db".to_owned()),
            bind,
            site_root: var("CK_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            load_demo: var("CK_DEMO").is_some_and(|v| v == "1" || v == "true"),
            settings: Settings {
                public_base_url,
                smtp,
                trust_proxy: var("CK_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true"),
                session_idle_ms: minutes("CK_SESSION_IDLE_MINUTES", 120)?,
                session_absolute_ms: minutes("CK_SESSION_MAX_MINUTES", 12 * 60)?,
                seller: seller(),
                weborder_decision_ms: minutes("CK_WEBORDER_DECISION_DAYS", 14)? * 24 * 60,
                cooling_off_ms: hours_or_none("CK_COOLING_OFF_HOURS", 48)?,
            },
        })
    }
}

fn minutes(name: &str, default: i64) -> Result<i64, String> {
    let m = var(name).map(|v| v.parse::<i64>().map_err(|e| format!("{name}: {e}"))).transpose()?.unwrap_or(default);
    if m < 1 {
        return Err(format!("{name} must be at least 1"));
    }
    Ok(m * 60_000)
}

/// Hours as milliseconds, where 0 is allowed (no waiting at all).
fn hours_or_none(name: &str, default: i64) -> Result<i64, String> {
    let h = var(name).map(|v| v.parse::<i64>().map_err(|e| format!("{name}: {e}"))).transpose()?.unwrap_or(default);
    if !(0..=24 * 60).contains(&h) {
        return Err(format!("{name} must be between 0 and 1440"));
    }
    Ok(h * 3_600_000)
}

/// The seller on invoices from `CK_SELLER_*`, each falling back to the demo's fictional value.
fn seller() -> SellerDetails {
    let demo = SellerDetails::demo();
    SellerDetails {
        name: var("CK_SELLER_NAME").unwrap_or(demo.name),
        street: var("CK_SELLER_STREET").unwrap_or(demo.street),
        postcode: var("CK_SELLER_POSTCODE").unwrap_or(demo.postcode),
        city: var("CK_SELLER_CITY").unwrap_or(demo.city),
        kvk: var("CK_SELLER_KVK").unwrap_or(demo.kvk),
        vat_id: var("CK_SELLER_VAT").unwrap_or(demo.vat_id),
        iban: var("CK_SELLER_IBAN").unwrap_or(demo.iban),
        email: var("CK_SELLER_EMAIL").unwrap_or(demo.email),
    }
}
