//! Configuration from the environment, read once at start.

use services::platform::state::SmtpSettings;
use services::{SellerDetails, Settings};
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

/// The seller variables; each must be set unless the demo is on.
const SELLER_VARS: [&str; 8] = [
    "CK_SELLER_NAME",
    "CK_SELLER_STREET",
    "CK_SELLER_POSTCODE",
    "CK_SELLER_CITY",
    "CK_SELLER_KVK",
    "CK_SELLER_VAT",
    "CK_SELLER_IBAN",
    "CK_SELLER_EMAIL",
];

/// A source of settings by name, trimmed, with empty values as unset.
struct Vars<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v == "1" || v == "true")
    }

    /// A whole number from `min` to `max`; `default` when unset.
    fn number(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, String> {
        let n = self.get(name).map(|v| v.parse::<i64>().map_err(|e| format!("{name}: {e}"))).transpose()?.unwrap_or(default);
        if !(min..=max).contains(&n) {
            return Err(format!("{name} must be between {min} and {max}"));
        }
        Ok(n)
    }
}

impl Config {
    /// Reads the configuration from the process environment; the error names the variable
    /// that is wrong.
    pub fn from_env() -> Result<Config, String> {
        Config::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads the configuration from `var` (the environment, or a test's own table).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let vars = Vars(var);
        let bind: SocketAddr =
            vars.get("CK_BIND").unwrap_or_else(|| "127.0.0.1:3000".to_owned()).parse().map_err(|e| format!("CK_BIND: {e}"))?;
        let public_base_url = vars
            .get("CK_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://localhost:{}", bind.port()))
            .trim_end_matches('/')
            .to_owned();
        if !(public_base_url.starts_with("http://") || public_base_url.starts_with("https://")) {
            return Err("CK_PUBLIC_URL must start with http:// or https://".to_owned());
        }
        let smtp = match vars.get("SMTP_HOST") {
            None => None,
            Some(host) => Some(SmtpSettings {
                host,
                port: vars.get("SMTP_PORT").map(|p| p.parse().map_err(|e| format!("SMTP_PORT: {e}"))).transpose()?.unwrap_or(587),
                username: vars.get("SMTP_USERNAME"),
                password: vars.get("SMTP_PASSWORD"),
                from: vars.get("SMTP_FROM").ok_or("SMTP_FROM is required with SMTP_HOST")?,
                security: vars.get("SMTP_SECURITY").unwrap_or_else(|| "starttls".to_owned()),
            }),
        };
        let load_demo = vars.flag("CK_DEMO");
        const MINUTE_MS: i64 = 60_000;
        const HOUR_MS: i64 = 60 * MINUTE_MS;
        Ok(Config {
            database_url: vars.get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/cultuurkaart.db".to_owned()),
            bind,
            site_root: vars.get("CK_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            load_demo,
            settings: Settings {
                public_base_url,
                smtp,
                trust_proxy: vars.flag("CK_TRUST_PROXY"),
                session_idle_ms: vars.number("CK_SESSION_IDLE_MINUTES", 120, 1, 7 * 24 * 60)? * MINUTE_MS,
                session_absolute_ms: vars.number("CK_SESSION_MAX_MINUTES", 12 * 60, 1, 31 * 24 * 60)? * MINUTE_MS,
                seller: seller(&vars, load_demo)?,
                weborder_decision_ms: vars.number("CK_WEBORDER_DECISION_DAYS", 14, 1, 365)? * 24 * HOUR_MS,
                // 0 is allowed: no waiting at all (as the browser tests run).
                cooling_off_ms: vars.number("CK_COOLING_OFF_HOURS", 48, 0, 24 * 60)? * HOUR_MS,
            },
        })
    }
}

/// The seller on invoices from `CK_SELLER_*`. Only the demo may fall back to its fictional
/// seller: real invoices with a made-up KvK number and IBAN must never leave, so without the
/// demo every variable is required and the error names those missing.
fn seller<F: Fn(&str) -> Option<String>>(vars: &Vars<F>, demo_on: bool) -> Result<SellerDetails, String> {
    let missing: Vec<&str> = SELLER_VARS.into_iter().filter(|name| vars.get(name).is_none()).collect();
    if !demo_on && !missing.is_empty() {
        return Err(format!(
            "the seller on invoices is not configured: set {} (or CK_DEMO=1 for the demo's fictional seller)",
            missing.join(", ")
        ));
    }
    let demo = SellerDetails::demo();
    Ok(SellerDetails {
        name: vars.get("CK_SELLER_NAME").unwrap_or(demo.name),
        street: vars.get("CK_SELLER_STREET").unwrap_or(demo.street),
        postcode: vars.get("CK_SELLER_POSTCODE").unwrap_or(demo.postcode),
        city: vars.get("CK_SELLER_CITY").unwrap_or(demo.city),
        kvk: vars.get("CK_SELLER_KVK").unwrap_or(demo.kvk),
        vat_id: vars.get("CK_SELLER_VAT").unwrap_or(demo.vat_id),
        iban: vars.get("CK_SELLER_IBAN").unwrap_or(demo.iban),
        email: vars.get("CK_SELLER_EMAIL").unwrap_or(demo.email),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Config;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let table: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_vars(move |name| table.get(name).cloned())
    }

    const SELLER: [(&str, &str); 8] = [
        ("CK_SELLER_NAME", "Stichting CJP"),
        ("CK_SELLER_STREET", "Piet Heinkade 5"),
        ("CK_SELLER_POSTCODE", "1019 BR"),
        ("CK_SELLER_CITY", "Amsterdam"),
        ("CK_SELLER_KVK", "41197561"),
        ("CK_SELLER_VAT", "NL001234567B01"),
        ("CK_SELLER_IBAN", "NL02ABNA0123456789"),
        ("CK_SELLER_EMAIL", "facturen@cjp.example"),
    ];

    #[test]
    fn the_demo_starts_with_the_documented_defaults() {
        let c = config(&[("CK_DEMO", "1")]).unwrap();
        assert!(c.load_demo);
        assert_eq!(c.database_url, "sqlite://data/cultuurkaart.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(c.site_root, "target/site");
        let s = &c.settings;
        assert_eq!(s.public_base_url, "http://localhost:3000");
        assert_eq!(s.cooling_off_ms, 48 * 3_600_000, "48 hours to undo an approval");
        assert_eq!(s.session_idle_ms, 120 * 60_000, "two idle hours");
        assert_eq!(s.session_absolute_ms, 12 * 3_600_000, "twelve hours after sign-in");
        assert_eq!(s.weborder_decision_ms, 14 * 24 * 3_600_000, "fourteen days to decide on a weborder");
        assert!(!s.trust_proxy && s.smtp.is_none());
        assert_eq!(s.seller.kvk, services::SellerDetails::demo().kvk, "the demo's fictional seller");
    }

    #[test]
    fn without_the_demo_the_seller_must_be_configured_in_full() {
        let err = config(&[]).unwrap_err();
        assert!(err.contains("CK_SELLER_KVK") && err.contains("CK_SELLER_IBAN"), "{err}");
        let mut almost: Vec<(&str, &str)> = SELLER.to_vec();
        almost.retain(|(k, _)| *k != "CK_SELLER_IBAN");
        let err = config(&almost).unwrap_err();
        assert!(err.contains("CK_SELLER_IBAN") && !err.contains("CK_SELLER_KVK"), "names only what is missing: {err}");
        let c = config(&SELLER).unwrap();
        assert!(!c.load_demo);
        assert_eq!((c.settings.seller.kvk.as_str(), c.settings.seller.iban.as_str()), ("41197561", "NL02ABNA0123456789"));
    }

    #[test]
    fn each_setting_is_read_and_checked() {
        let mut pairs: Vec<(&str, &str)> = SELLER.to_vec();
        pairs.extend([
            ("CK_BIND", "0.0.0.0:8080"),
            ("CK_PUBLIC_URL", "https://cultuurkaart.example/"),
            ("CK_SESSION_IDLE_MINUTES", " 30 "),
            ("CK_SESSION_MAX_MINUTES", "240"),
            ("CK_WEBORDER_DECISION_DAYS", "7"),
            ("CK_COOLING_OFF_HOURS", "0"),
            ("CK_TRUST_PROXY", "true"),
            ("SMTP_HOST", "smtp.example"),
            ("SMTP_FROM", "noreply@cultuurkaart.example"),
        ]);
        let c = config(&pairs).unwrap();
        let s = &c.settings;
        assert_eq!(c.bind.port(), 8080);
        assert_eq!(s.public_base_url, "https://cultuurkaart.example", "without the trailing slash");
        assert!(s.is_https() && s.trust_proxy);
        assert_eq!((s.session_idle_ms, s.session_absolute_ms), (30 * 60_000, 240 * 60_000));
        assert_eq!((s.weborder_decision_ms, s.cooling_off_ms), (7 * 24 * 3_600_000, 0));
        let smtp = s.smtp.as_ref().unwrap();
        assert_eq!((smtp.port, smtp.security.as_str()), (587, "starttls"));

        for (name, value) in [
            ("CK_BIND", "nergens"),
            ("CK_PUBLIC_URL", "ftp://x"),
            ("CK_SESSION_IDLE_MINUTES", "0"),
            ("CK_SESSION_MAX_MINUTES", "veel"),
            ("CK_WEBORDER_DECISION_DAYS", "-1"),
            ("CK_COOLING_OFF_HOURS", "1441"),
            ("SMTP_PORT", "99999"),
        ] {
            let mut wrong = pairs.clone();
            wrong.retain(|(k, _)| *k != name);
            wrong.push((name, value));
            let err = config(&wrong).unwrap_err();
            assert!(err.contains(name), "{name}={value}: {err}");
        }
        let mut no_from = pairs.clone();
        no_from.retain(|(k, _)| *k != "SMTP_FROM");
        assert!(config(&no_from).unwrap_err().contains("SMTP_FROM"));
    }
}
