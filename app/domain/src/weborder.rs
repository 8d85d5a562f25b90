//! Weborders: a provider's order against a school location's budget, and the states it moves
//! through. The transitions are the rules; the server applies each one as a conditional update.

use super::error::{AppError, Problem, Problems};
use super::ids::{LocationId, ProviderId};
use super::money::Money;
use serde::{Deserialize, Serialize};

/// Where a weborder stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeborderStatus {
    /// Created by the provider; waits for the budget holder until the decision deadline.
    Pending,
    /// Approved: the budget is debited; waits out the cooling-off period before payout.
    Approved,
    /// Refused by the budget holder, with a reason.
    Rejected,
    /// Nobody decided before the deadline.
    Expired,
    /// Approved and then cancelled before payout; the money went back to the budget.
    Cancelled,
    /// In a payout batch that has not been paid yet.
    InPayout,
    /// Paid to the provider.
    Paid,
}

/// Something that happens to a weborder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeborderEvent {
    Approve,
    Reject,
    Expire,
    /// The budget holder takes an approval back during the cooling-off period.
    Undo,
    Cancel,
    EnterPayout,
    Pay,
}

impl WeborderStatus {
    /// Every status, in the order lists offer them as filters.
    pub const ALL: [WeborderStatus; 7] = [
        WeborderStatus::Pending,
        WeborderStatus::Approved,
        WeborderStatus::InPayout,
        WeborderStatus::Paid,
        WeborderStatus::Rejected,
        WeborderStatus::Expired,
        WeborderStatus::Cancelled,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            WeborderStatus::Pending => "pending",
            WeborderStatus::Approved => "approved",
            WeborderStatus::Rejected => "rejected",
            WeborderStatus::Expired => "expired",
            WeborderStatus::Cancelled => "cancelled",
            WeborderStatus::InPayout => "in_payout",
            WeborderStatus::Paid => "paid",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<WeborderStatus> {
        WeborderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state `event` leads to from this one, or `None` when the rules do not allow it.
    pub fn after(self, event: WeborderEvent) -> Option<WeborderStatus> {
        use WeborderEvent as E;
        use WeborderStatus as S;
        match (self, event) {
            (S::Pending, E::Approve) => Some(S::Approved),
            (S::Pending, E::Reject) => Some(S::Rejected),
            (S::Pending, E::Expire) => Some(S::Expired),
            (S::Approved, E::Undo) => Some(S::Pending),
            (S::Approved, E::Cancel) => Some(S::Cancelled),
            (S::Approved, E::EnterPayout) => Some(S::InPayout),
            (S::InPayout, E::Pay) => Some(S::Paid),
            _ => None,
        }
    }

    /// True when the weborder's amount is taken from the budget in this state.
    pub fn holds_budget(self) -> bool {
        matches!(self, WeborderStatus::Approved | WeborderStatus::InPayout | WeborderStatus::Paid)
    }

    /// True when nothing more can happen to the weborder.
    pub fn is_final(self) -> bool {
        WeborderEvent::ALL.into_iter().all(|e| self.after(e).is_none())
    }
}

impl WeborderEvent {
    /// Every event.
    pub const ALL: [WeborderEvent; 7] = [
        WeborderEvent::Approve,
        WeborderEvent::Reject,
        WeborderEvent::Expire,
        WeborderEvent::Undo,
        WeborderEvent::Cancel,
        WeborderEvent::EnterPayout,
        WeborderEvent::Pay,
    ];
}

/// A weborder as the portals list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeborderRow {
    pub id: i64,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub cjp_school_number: String,
    pub offer_id: i64,
    pub offer_title: String,
    pub activity_date: String,
    pub students: i64,
    pub amount: Money,
    pub teacher_name: String,
    pub teacher_email: String,
    pub status: WeborderStatus,
    pub reason: String,
    /// The decision deadline (UTC ms) while pending.
    pub approve_by_ms: i64,
    /// The end of the cooling-off period (UTC ms) once approved.
    pub cooling_until_ms: Option<i64>,
    /// The part paid from a hold.
    pub from_hold: Money,
    pub hold_id: Option<i64>,
    pub payout_batch: Option<String>,
    pub created_at_ms: i64,
}

/// A state change in a weborder's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeborderHistoryLine {
    pub at_ms: i64,
    pub from: Option<WeborderStatus>,
    pub to: WeborderStatus,
    pub reason: String,
    pub actor: Option<String>,
}

/// The most students one weborder may cover.
pub const MAX_STUDENTS: i64 = 10_000;

/// A provider's new weborder, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWeborder {
    pub cjp_school_number: String,
    pub offer_id: i64,
    pub activity_date: String,
    pub students: i64,
    pub amount: Money,
    pub teacher_name: String,
    pub teacher_email: String,
    /// A key the provider's system chooses so a retry never creates a second weborder.
    pub client_key: Option<String>,
    pub request_id: Option<i64>,
}

/// The weborder form as typed (every field text, so the form works without JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeborderForm {
    pub cjp_school_number: String,
    pub offer_id: String,
    pub activity_date: String,
    pub students: String,
    pub amount: String,
    pub teacher_name: String,
    pub teacher_email: String,
    #[serde(default)]
    pub client_key: String,
    #[serde(default)]
    pub request_id: String,
}

impl WeborderForm {
    /// Parses the form, reporting every problem at once.
    pub fn parse(&self) -> Result<NewWeborder, AppError> {
        let mut problems = Problems::default();
        let cjp = cjp_school_number(&self.cjp_school_number);
        if cjp.is_empty() {
            problems.add("cjp_school_number", Problem::Required);
        } else if cjp.chars().count() > 32 || !cjp.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            problems.add("cjp_school_number", Problem::InvalidValue);
        }
        let offer_id = match self.offer_id.trim().parse::<i64>() {
            Ok(n) if n > 0 => n,
            _ => {
                problems.add("offer_id", Problem::Required);
                0
            }
        };
        let activity_date = self.activity_date.trim().to_owned();
        if !super::time::is_valid_date(&activity_date) {
            problems.add("activity_date", Problem::NotADate);
        }
        let students = match self.students.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_STUDENTS).contains(&n) => n,
            _ => {
                problems.add("students", Problem::NotAWholeNumber);
                0
            }
        };
        let amount = match Money::parse(&self.amount) {
            Ok(m) if m.cents() > 0 => m,
            _ => {
                problems.add("amount", Problem::InvalidAmount);
                Money::ZERO
            }
        };
        let teacher_name = super::error::required_text(&mut problems, "teacher_name", &self.teacher_name, 200);
        let teacher_email = match super::email::Email::parse(&self.teacher_email) {
            Some(e) => e.as_str().to_owned(),
            None => {
                problems.add("teacher_email", Problem::InvalidEmail);
                String::new()
            }
        };
        let key = self.client_key.trim();
        if key.chars().count() > 100 {
            problems.add("client_key", Problem::TooLong);
        }
        let request_id = self.request_id.trim().parse::<i64>().ok().filter(|n| *n > 0);
        problems.finish(|| NewWeborder {
            cjp_school_number: cjp,
            offer_id,
            activity_date,
            students,
            amount,
            teacher_name,
            teacher_email,
            client_key: (!key.is_empty()).then(|| key.to_owned()),
            request_id,
        })
    }
}

/// Earmarked budget for a planned activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldRow {
    pub id: i64,
    pub location_id: LocationId,
    pub description: String,
    /// What was earmarked.
    pub amount: Money,
    /// What is still earmarked (the hold's balance).
    pub remaining: Money,
    pub expires_on: String,
    pub status: HoldStatus,
    pub created_at_ms: i64,
}

code_enum!(
    /// Where a hold stands.
    HoldStatus {
        /// Still earmarks budget.
        Active => "active",
        /// Given back by the school; what was left returned to the budget.
        Released => "released",
        /// Past its date; what was left returned to the budget.
        Expired => "expired",
    }
);

code_enum!(
    /// Where a payout batch stands.
    PayoutStatus {
        /// Made, its payment file not yet sent to the bank.
        Created => "created",
        Sent => "sent",
        /// The bank statement shows it paid.
        Paid => "paid",
    }
);

/// A payout batch as the operator lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutBatchRow {
    pub id: i64,
    pub number: String,
    pub status: PayoutStatus,
    pub execution_date: String,
    pub total: Money,
    pub transfers: i64,
    pub weborders: i64,
    pub created_at_ms: i64,
}

/// One provider's part of a payout batch, as their statement shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutStatement {
    pub batch_id: i64,
    pub batch_number: String,
    pub batch_status: PayoutStatus,
    pub execution_date: String,
    pub provider_name: String,
    pub iban: String,
    pub total: Money,
    pub lines: Vec<WeborderRow>,
    /// Payments with students' credit at the counter in this transfer.
    pub counter_payments: Vec<super::credit::CounterPaymentRow>,
}

/// A CJP school number as people type it: "CJP-250001", "cjp 250001", "CJP250001" or just
/// "250001" all read as "CJP-250001"; anything else is kept (trimmed, in capitals) for the
/// checks to judge.
pub fn cjp_school_number(typed: &str) -> String {
    let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let digits = compact.strip_prefix("CJP").map(|rest| rest.strip_prefix('-').unwrap_or(rest)).unwrap_or(&compact);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("CJP-{digits}")
    } else {
        compact
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cjp_school_number_is_read_with_or_without_its_prefix() {
        for typed in ["CJP-250001", "cjp-250001", " CJP 250001 ", "CJP250001", "250001", "250 001"] {
            assert_eq!(super::cjp_school_number(typed), "CJP-250001", "{typed:?}");
        }
        assert_eq!(super::cjp_school_number("abc-1"), "ABC-1");
        assert_eq!(super::cjp_school_number(""), "");
    }

    use super::*;

    #[test]
    fn a_pending_weborder_can_be_approved_rejected_or_expire() {
        assert_eq!(WeborderStatus::Pending.after(WeborderEvent::Approve), Some(WeborderStatus::Approved));
        assert_eq!(WeborderStatus::Pending.after(WeborderEvent::Reject), Some(WeborderStatus::Rejected));
        assert_eq!(WeborderStatus::Pending.after(WeborderEvent::Expire), Some(WeborderStatus::Expired));
        assert_eq!(WeborderStatus::Pending.after(WeborderEvent::Pay), None);
    }

    #[test]
    fn an_approved_weborder_can_be_undone_cancelled_or_paid_out_but_not_rejected() {
        assert_eq!(WeborderStatus::Approved.after(WeborderEvent::Undo), Some(WeborderStatus::Pending));
        assert_eq!(WeborderStatus::Approved.after(WeborderEvent::Cancel), Some(WeborderStatus::Cancelled));
        assert_eq!(WeborderStatus::Approved.after(WeborderEvent::EnterPayout), Some(WeborderStatus::InPayout));
        assert_eq!(WeborderStatus::Approved.after(WeborderEvent::Reject), None);
        assert_eq!(WeborderStatus::InPayout.after(WeborderEvent::Cancel), None);
        assert_eq!(WeborderStatus::InPayout.after(WeborderEvent::Pay), Some(WeborderStatus::Paid));
    }

    #[test]
    fn paid_rejected_expired_and_cancelled_are_final() {
        for s in [WeborderStatus::Paid, WeborderStatus::Rejected, WeborderStatus::Expired, WeborderStatus::Cancelled] {
            assert!(s.is_final(), "{s:?}");
        }
        assert!(!WeborderStatus::Pending.is_final());
        assert!(!WeborderStatus::InPayout.is_final());
    }

    #[test]
    fn codes_read_back() {
        for s in WeborderStatus::ALL {
            assert_eq!(WeborderStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(WeborderStatus::from_code("nonsense"), None);
    }

    #[test]
    fn the_form_reports_every_problem_at_once() {
        let err = WeborderForm {
            cjp_school_number: "  ".into(),
            offer_id: "x".into(),
            activity_date: "31-02-2027".into(),
            students: "0".into(),
            amount: "-5".into(),
            teacher_name: String::new(),
            teacher_email: "nope".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        for field in ["cjp_school_number", "offer_id", "activity_date", "students", "amount", "teacher_name", "teacher_email"] {
            assert!(err.problem_for(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_good_form_parses_with_a_decimal_comma() {
        let w = WeborderForm {
            cjp_school_number: "cjp-1001".into(),
            offer_id: "7".into(),
            activity_date: "2027-03-15".into(),
            students: "25".into(),
            amount: "312,50".into(),
            teacher_name: "Sanne de Vries".into(),
            teacher_email: "s.devries@school.example".into(),
            client_key: " abc ".into(),
            request_id: String::new(),
        }
        .parse()
        .unwrap();
        assert_eq!(w.cjp_school_number, "CJP-1001");
        assert_eq!(w.amount.cents(), 31_250);
        assert_eq!(w.client_key.as_deref(), Some("abc"));
        assert_eq!(w.request_id, None);
    }
}
