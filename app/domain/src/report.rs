//! Spending reports: what a location spent, by provider and by art form, and what a provider
//! was ordered and paid.

use super::ids::LocationId;
use super::money::Money;
use serde::{Deserialize, Serialize};

/// One line of a report: a label, how many weborders and their amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub label: String,
    pub weborders: i64,
    pub amount: Money,
}

/// A location's spending (approved, in payout and paid weborders).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationSpend {
    pub location_id: LocationId,
    pub location_name: String,
    pub total: Money,
    pub by_provider: Vec<ReportLine>,
    /// Labelled with the offer's discipline codes, comma separated (the page names them).
    pub by_discipline: Vec<ReportLine>,
}

/// A provider's weborders by status and by school location, and what was paid out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderReport {
    /// Labelled with the weborder status code.
    pub by_status: Vec<ReportLine>,
    pub by_location: Vec<ReportLine>,
    pub paid_out: Money,
    pub payouts: i64,
}
