//! E-mail addresses: the login name of every account.

use serde::{Deserialize, Serialize};

/// A syntactically plausible e-mail address, trimmed and lower-cased so that one address is
/// one account however it is typed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Parses what a person typed. Deliberately modest: one `@`, a dot in the domain, no
    /// spaces or control characters, at most 254 characters (RFC 5321).
    pub fn parse(text: &str) -> Option<Email> {
        let e = text.trim().to_lowercase();
        if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        let (local, domain) = e.split_once('@')?;
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return None;
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-')) {
            return None;
        }
        Some(Email(e))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_to_one_spelling() {
        assert_eq!(Email::parse("  Anna.de.Vries@ROC-Example.NL ").unwrap().as_str(), "anna.de.vries@roc-example.nl");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in ["", "anna", "anna@", "@roc.nl", "anna@roc", "an na@roc.nl", "a@b@roc.nl", "anna@.nl", "anna@roc..nl"] {
            assert!(Email::parse(bad).is_none(), "{bad} should be refused");
        }
        assert!(Email::parse(&format!("{}@roc.nl", "a".repeat(65))).is_none());
    }
}
