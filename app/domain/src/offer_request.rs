//! Requests: a Docent+ asks a provider about an offer; the two write in a thread until the
//! provider turns it into a weborder or either side closes it.

use super::error::{required_text, AppError, Problem, Problems};
use super::ids::{LocationId, ProviderId};
use serde::{Deserialize, Serialize};

/// The longest message in a thread.
pub const MAX_MESSAGE_CHARS: usize = 4000;

/// A request as the lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    pub offer_id: i64,
    pub offer_title: String,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub cjp_school_number: String,
    pub teacher_name: String,
    pub teacher_email: String,
    pub preferred_dates: String,
    pub students: i64,
    pub status: RequestStatus,
    pub updated_at_ms: i64,
}

code_enum!(
    /// Where a request thread stands.
    RequestStatus {
        /// Waiting for the provider.
        Open => "open",
        /// The provider answered last.
        Answered => "answered",
        /// A weborder was made from it.
        Converted => "converted",
        Closed => "closed",
    }
);

/// One message of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestMessage {
    pub at_ms: i64,
    pub author: String,
    pub from_provider: bool,
    pub body: String,
}

/// A weborder the provider made from a request: what the teacher books and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBooking {
    pub weborder_id: i64,
    pub activity_date: String,
    pub students: i64,
    pub amount: super::money::Money,
    pub status: super::weborder::WeborderStatus,
}

/// A request with its messages, oldest first, and the weborders made from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestThread {
    pub request: RequestRow,
    pub messages: Vec<RequestMessage>,
    pub bookings: Vec<RequestBooking>,
}

/// The request form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub offer_id: String,
    pub preferred_dates: String,
    pub students: String,
    pub message: String,
}

/// A validated request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRequest {
    pub offer_id: i64,
    pub preferred_dates: String,
    pub students: i64,
    pub message: String,
}

impl RequestForm {
    /// Parses the form, reporting every problem at once.
    pub fn parse(&self) -> Result<NewRequest, AppError> {
        let mut p = Problems::default();
        let offer_id = self.offer_id.trim().parse::<i64>().ok().filter(|n| *n > 0).unwrap_or_else(|| {
            p.add("offer_id", Problem::Required);
            0
        });
        let preferred_dates = required_text(&mut p, "preferred_dates", &self.preferred_dates, 300);
        let students = match self.students.trim().parse::<i64>() {
            Ok(n) if (1..=super::weborder::MAX_STUDENTS).contains(&n) => n,
            _ => {
                p.add("students", Problem::NotAWholeNumber);
                0
            }
        };
        let message = required_text(&mut p, "message", &self.message, MAX_MESSAGE_CHARS);
        p.finish(|| NewRequest { offer_id, preferred_dates, students, message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_dates_students_and_a_message() {
        let err = RequestForm { offer_id: "3".into(), students: "0".into(), ..Default::default() }.parse().unwrap_err();
        for f in ["preferred_dates", "students", "message"] {
            assert!(err.problem_for(f).is_some(), "{f}");
        }
        assert!(err.problem_for("offer_id").is_none());
    }
}
