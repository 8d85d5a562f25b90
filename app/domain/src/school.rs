//! A school location's own details: the board's decision to take part, where invoices go,
//! and the contact persons the platform may reach.

use super::ids::LocationId;
use super::money::Money;
use super::records::LocationSummary;
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
