//! Cultural providers: signing up, the platform's vetting, and the bank account payouts go to.

use super::email::Email;
use super::error::{required_text, AppError, Problem, Problems};
use super::iban::Iban;
use super::ids::ProviderId;
use serde::{Deserialize, Serialize};

/// Where a provider's vetting stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    Pending,
    Approved,
    Rejected,
}

impl ProviderStatus {
    /// Every status, as the operator's filter lists them.
    pub const ALL: [ProviderStatus; 3] = [ProviderStatus::Pending, ProviderStatus::Approved, ProviderStatus::Rejected];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ProviderStatus::Pending => "pending",
            ProviderStatus::Approved => "approved",
            ProviderStatus::Rejected => "rejected",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<ProviderStatus> {
        ProviderStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// The sign-up form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupForm {
    pub organisation: String,
    pub kvk_number: String,
    #[serde(default)]
    pub vat_number: String,
    pub city: String,
    #[serde(default)]
    pub website: String,
    pub iban: String,
    pub account_holder: String,
    pub contact_name: String,
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub terms: String,
}

/// A validated sign-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signup {
    pub organisation: String,
    pub kvk_number: String,
    pub vat_number: String,
    pub city: String,
    pub website: String,
    pub iban: Iban,
    pub account_holder: String,
    pub contact_name: String,
    pub contact_email: Email,
    pub contact_phone: String,
}

/// A Chamber of Commerce number: exactly eight digits (spaces and dots allowed in the input).
pub fn parse_kvk(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    (digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// A VAT identification number: two letters then 2 to 13 letters or digits; a Dutch one must be
/// `NL` + 9 digits + `B` + 2 digits. Empty is allowed (not every provider charges VAT).
pub fn parse_vat(input: &str) -> Option<String> {
    let v: String = input.chars().filter(|c| !matches!(c, ' ' | '.')).collect::<String>().to_uppercase();
    if v.is_empty() {
        return Some(v);
    }
    let (country, rest) = (v.get(..2)?, v.get(2..)?);
    if !country.chars().all(|c| c.is_ascii_uppercase())
        || !(2..=13).contains(&rest.len())
        || !rest.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    if country == "NL" {
        let b = rest.as_bytes();
        let ok = b.len() == 12
            && b.get(..9)?.iter().all(u8::is_ascii_digit)
            && b.get(9) == Some(&b'B')
            && b.get(10..)?.iter().all(u8::is_ascii_digit);
        if !ok {
            return None;
        }
    }
    Some(v)
}

impl SignupForm {
    /// Parses the form, reporting every problem at once.
    pub fn parse(&self) -> Result<Signup, AppError> {
        let mut p = Problems::default();
        let organisation = required_text(&mut p, "organisation", &self.organisation, 200);
        let kvk_number = parse_kvk(&self.kvk_number).unwrap_or_else(|| {
            p.add("kvk_number", Problem::InvalidKvk);
            String::new()
        });
        let vat_number = parse_vat(&self.vat_number).unwrap_or_else(|| {
            p.add("vat_number", Problem::InvalidVat);
            String::new()
        });
        let city = required_text(&mut p, "city", &self.city, 100);
        let website = self.website.trim().to_owned();
        if website.chars().count() > 200
            || !(website.is_empty() || website.starts_with("https://") || website.starts_with("http://"))
        {
            p.add("website", Problem::InvalidValue);
        }
        let iban = Iban::parse(&self.iban).ok();
        if iban.is_none() {
            p.add("iban", Problem::InvalidIban);
        }
        let account_holder = required_text(&mut p, "account_holder", &self.account_holder, 70);
        let contact_name = required_text(&mut p, "contact_name", &self.contact_name, 200);
        let contact_email = Email::parse(&self.contact_email);
        if contact_email.is_none() {
            p.add("contact_email", Problem::InvalidEmail);
        }
        if !super::address::is_valid_phone(&self.contact_phone) {
            p.add("contact_phone", Problem::InvalidPhone);
        }
        if !matches!(self.terms.trim(), "on" | "true" | "1" | "yes") {
            p.add("terms", Problem::TermsNotAccepted);
        }
        let checked = p.finish(|| ());
        match (iban, contact_email, checked) {
            (Some(iban), Some(contact_email), Ok(())) => Ok(Signup {
                organisation,
                kvk_number,
                vat_number,
                city,
                website,
                iban,
                account_holder,
                contact_name,
                contact_email,
                contact_phone: self.contact_phone.trim().to_owned(),
            }),
            (_, _, Err(e)) => Err(e),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// A provider as the operator's vetting list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: ProviderId,
    pub name: String,
    pub kvk_number: String,
    pub vat_number: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub status: ProviderStatus,
    pub status_reason: String,
    pub account_holder: String,
    /// The vetted account payouts go to.
    pub iban: Option<String>,
    /// A new account waiting for the operator's check.
    pub iban_pending: Option<String>,
    pub created_at_ms: i64,
}

/// One line of a provider's vetting history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderEvent {
    pub at_ms: i64,
    pub kind: String,
    pub detail: String,
    pub actor: Option<String>,
}

/// What a provider takes out of its portal: a colleague (by person) or an open invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    Member,
    Invitation,
}

impl Removal {
    /// The form value.
    pub fn code(self) -> &'static str {
        match self {
            Removal::Member => "member",
            Removal::Invitation => "invitation",
        }
    }
}

/// Where someone stands in a provider's portal, as its colleagues see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColleagueStatus {
    /// Works in the portal.
    Member,
    /// Invited with a new account that is not activated yet.
    Activating,
    /// Invited and not answered yet (an existing account decides itself).
    Invited,
    /// Declined the invitation.
    Declined,
}

/// A colleague in a provider's portal, or an invitation to become one. Until the person
/// accepts, `name` and `email` are what the inviting provider typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    /// The person (members) or the invitation (invited, declined).
    pub id: i64,
    pub status: ColleagueStatus,
    pub name: String,
    pub email: String,
    /// The one looking at the list.
    pub is_you: bool,
}

impl Colleague {
    /// True for a membership (a person's role), false for an invitation.
    pub fn is_member(&self) -> bool {
        matches!(self.status, ColleagueStatus::Member | ColleagueStatus::Activating)
    }
}

/// An invitation to work in a provider's portal, as the invited person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColleagueInvitation {
    pub id: i64,
    pub provider_name: String,
    pub invited_by: String,
    pub invited_at_ms: i64,
}

/// A provider with its history, for the operator's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderDetail {
    pub provider: ProviderRow,
    pub events: Vec<ProviderEvent>,
    pub users: Vec<(String, String)>,
}

/// A key as the provider's list shows it (never the key itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRow {
    pub id: i64,
    pub prefix: String,
    pub label: String,
    pub created_at_ms: i64,
    pub last_used_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kvk_numbers_are_eight_digits() {
        assert_eq!(parse_kvk("1234 5678"), Some("12345678".into()));
        assert_eq!(parse_kvk("1234567"), None);
        assert_eq!(parse_kvk("1234567a"), None);
    }

    #[test]
    fn dutch_vat_numbers_have_their_own_shape() {
        assert_eq!(parse_vat("nl 123456789 b01"), Some("NL123456789B01".into()));
        assert_eq!(parse_vat("NL123456789"), None);
        assert_eq!(parse_vat("BE0123456789"), Some("BE0123456789".into()));
        assert_eq!(parse_vat(""), Some(String::new()));
        assert_eq!(parse_vat("1234"), None);
    }

    #[test]
    fn a_signup_reports_every_problem() {
        let err =
            SignupForm { iban: "NL00BANK0123456789".into(), kvk_number: "12".into(), ..Default::default() }.parse().unwrap_err();
        for f in ["organisation", "kvk_number", "city", "iban", "account_holder", "contact_name", "contact_email", "terms"] {
            assert!(err.problem_for(f).is_some(), "{f}");
        }
    }

    #[test]
    fn a_good_signup_parses() {
        let s = SignupForm {
            organisation: "Theater Het Lichtpunt".into(),
            kvk_number: "87654321".into(),
            vat_number: "NL987654321B01".into(),
            city: "Zwolle".into(),
            website: "https://lichtpunt.example".into(),
            iban: "NL91 ABNA 0417 1643 00".into(),
            account_holder: "Stichting Het Lichtpunt".into(),
            contact_name: "Eva Smit".into(),
            contact_email: "eva@lichtpunt.example".into(),
            contact_phone: "038-1234567".into(),
            terms: "on".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(s.iban.as_str(), "NL91ABNA0417164300");
    }
}
