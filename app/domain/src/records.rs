//! Rows the portals show: shared by server functions and the frontend.

use super::ids::{InstitutionId, LocationId, PersonId, ProviderId};
use super::role::Role;
use serde::{Deserialize, Serialize};

/// A location as the portals show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationSummary {
    pub id: LocationId,
    pub institution_id: InstitutionId,
    pub institution_name: String,
    pub brin: String,
    pub vestiging_number: String,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub cjp_school_number: String,
    pub students: i64,
    pub staff: i64,
}

/// A provider as the portals show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSummary {
    pub id: ProviderId,
    pub name: String,
    pub kvk_number: String,
    pub city: String,
    pub users: i64,
}

/// Counts for the operator's overview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformCounts {
    pub institutions: i64,
    pub locations: i64,
    pub providers: i64,
    pub people: i64,
    pub unsent_mail: i64,
}

/// An account's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Created, waiting for the person to set a password.
    Invited,
    Active,
    /// Switched off by the operator; cannot sign in.
    Disabled,
}

impl AccountStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Invited => "invited",
            AccountStatus::Active => "active",
            AccountStatus::Disabled => "disabled",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<AccountStatus> {
        [AccountStatus::Invited, AccountStatus::Active, AccountStatus::Disabled].into_iter().find(|s| s.code() == code)
    }
}

/// A person as the operator's list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: PersonId,
    pub email: String,
    pub display_name: String,
    pub status: AccountStatus,
    /// Role codes with place names, e.g. "budget_holder: ROC Amsterdam Zuid".
    pub roles: Vec<(Role, String)>,
}

/// A teacher of one of the budget holder's locations, and whether they are Docent+ there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherRow {
    pub person_id: PersonId,
    pub display_name: String,
    pub email: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub teacher_plus: bool,
}

/// A mail as the operator sees it in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct MailRow {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at_ms: i64,
    pub sent_at_ms: Option<i64>,
    pub last_error: Option<String>,
    /// The names of the files attached (read separately).
    #[cfg_attr(feature = "server", sqlx(skip))]
    pub attachments: Vec<String>,
}

/// One line of the audit trail as the operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct AuditRow {
    pub id: i64,
    pub at_ms: i64,
    pub actor: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<i64>,
    pub detail: String,
}
