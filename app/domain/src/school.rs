//! A school location's own details: the board's decision to take part, where invoices go,
//! and the contact persons the platform may reach.

use super::address::normalise_postcode;
use super::email::Email;
use super::error::{required_text, AppError, Problem, Problems};
use super::ids::LocationId;
use super::money::Money;
use super::records::LocationSummary;
use super::time::is_valid_date;
use serde::{Deserialize, Serialize};

/// The board's decision and the invoice details of one location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationProfile {
    pub location_id: LocationId,
    /// The board decided to take part in the programme.
    pub taking_part: bool,
    /// The contribution per student the board decided on.
    pub contribution: Money,
    /// The date of the board's decision (YYYY-MM-DD).
    pub decision_date: String,
    /// Who the invoice is addressed to, e.g. the accounts-payable department.
    pub invoice_addressee: String,
    pub invoice_street: String,
    pub invoice_postcode: String,
    pub invoice_city: String,
    /// Where invoices are mailed, with the PDF and the e-invoice attached.
    pub invoice_email: String,
    /// The school's purchase-order reference, printed on the invoice (may be empty).
    pub po_reference: String,
    pub updated_at_ms: i64,
}

/// The highest contribution per student a board can record (a typo guard).
const MAX_CONTRIBUTION_CENTS: i64 = 100_000;

/// A location's details form as typed; fields arrive as `details[...]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsForm {
    pub taking_part: String,
    pub contribution: String,
    pub decision_date: String,
    pub invoice_addressee: String,
    pub invoice_street: String,
    pub invoice_postcode: String,
    pub invoice_city: String,
    pub invoice_email: String,
    #[serde(default)]
    pub po_reference: String,
}

impl DetailsForm {
    /// Checks the form for `location`; every problem at once.
    pub fn parse(&self, location: LocationId) -> Result<LocationProfile, AppError> {
        let f = self;
        let mut p = Problems::default();
        let taking_part = match f.taking_part.trim() {
            "yes" => true,
            "no" => false,
            "" => {
                p.add("taking_part", Problem::Required);
                false
            }
            _ => {
                p.add("taking_part", Problem::InvalidChoice);
                false
            }
        };
        let contribution = match Money::parse(&f.contribution) {
            Ok(m) if !m.is_negative() && m.cents() <= MAX_CONTRIBUTION_CENTS => m,
            _ => {
                p.add("contribution", Problem::InvalidAmount);
                Money::ZERO
            }
        };
        let decision_date = f.decision_date.trim().to_owned();
        if !is_valid_date(&decision_date) {
            p.add("decision_date", Problem::NotADate);
        }
        let invoice_addressee = required_text(&mut p, "invoice_addressee", &f.invoice_addressee, 200);
        let invoice_street = required_text(&mut p, "invoice_street", &f.invoice_street, 200);
        let invoice_city = required_text(&mut p, "invoice_city", &f.invoice_city, 100);
        let invoice_postcode = match normalise_postcode(&f.invoice_postcode) {
            Some(pc) => pc,
            None if f.invoice_postcode.trim().is_empty() => {
                p.add("invoice_postcode", Problem::Required);
                String::new()
            }
            None => {
                p.add("invoice_postcode", Problem::InvalidPostcode);
                String::new()
            }
        };
        let invoice_email = match Email::parse(&f.invoice_email) {
            Some(e) => e.as_str().to_owned(),
            None => {
                p.add("invoice_email", Problem::InvalidEmail);
                String::new()
            }
        };
        let po_reference = f.po_reference.trim().to_owned();
        if po_reference.chars().count() > 50 {
            p.add("po_reference", Problem::TooLong);
        }
        p.finish(|| LocationProfile {
            location_id: location,
            taking_part,
            contribution,
            decision_date,
            invoice_addressee,
            invoice_street,
            invoice_postcode,
            invoice_city,
            invoice_email,
            po_reference,
            updated_at_ms: 0,
        })
    }
}

/// What a contact person is the contact for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactRole {
    Board,
    BudgetHolder,
    Finance,
    Culture,
    Ict,
}

impl ContactRole {
    pub const ALL: [ContactRole; 5] =
        [ContactRole::Board, ContactRole::BudgetHolder, ContactRole::Finance, ContactRole::Culture, ContactRole::Ict];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ContactRole::Board => "board",
            ContactRole::BudgetHolder => "budget_holder",
            ContactRole::Finance => "finance",
            ContactRole::Culture => "culture",
            ContactRole::Ict => "ict",
        }
    }

    /// The role of a stored code.
    pub fn from_code(code: &str) -> Option<ContactRole> {
        ContactRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// One contact person of a location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: i64,
    pub role: ContactRole,
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// A location with its details, as the school portal shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolDetails {
    pub location: LocationSummary,
    pub profile: Option<LocationProfile>,
    pub contacts: Vec<ContactRow>,
}

impl SchoolDetails {
    /// True when the school may order budget: the board takes part and invoices have an address.
    pub fn ready_to_order(&self) -> bool {
        self.profile.as_ref().is_some_and(|p| p.taking_part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_roles_round_trip_their_codes() {
        for role in ContactRole::ALL {
            assert_eq!(ContactRole::from_code(role.code()), Some(role));
        }
        assert_eq!(ContactRole::from_code("admin"), None);
    }
}
