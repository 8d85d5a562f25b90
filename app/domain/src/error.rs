//! The one client-facing error type. Its variants carry only what is safe to show: a kind and,
//! for bad input, which field and which problem. Details stay in the server log.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A problem with one input field, named by the form field it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

/// What is wrong, in words the UI translates (see `i18n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong,
    /// The text holds characters that are no text: a control character (a NUL byte, an
    /// escape), or bytes that were not UTF-8.
    UnreadableText,
    /// A search text longer than the search field allows.
    SearchTooLong,
    /// A search word too long to be in any offer.
    SearchWordTooLong,
    /// More search words than one search looks for.
    TooManySearchWords,
    /// A payment above what is still open on the invoice, not confirmed.
    PaymentAboveOutstanding,
    InvalidEmail,
    InvalidChoice,
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    PasswordsDiffer,
    TermsNotAccepted,
    WrongCredentials,
    LinkInvalidOrExpired,
    RoleAlreadyHeld,
    CannotDisableYourself,
    /// A provider user tried to remove themselves from the portal.
    CannotRemoveYourself,
    NotAWholeNumber,
    NoStudents,
    MoreThanDuoCount,
    /// More students than the offer takes.
    MoreThanCapacity,
    /// Taking part and the contribution are the board's to decide.
    BoardDecides,
    NoDuoCount,
    NoOpenPeriod,
    OrderAlreadyOpen,
    AmendmentWindowClosed,
    NotADate,
    /// No invoice has the number typed.
    UnknownInvoice,
    /// The bank credit is already linked to an invoice.
    CreditAlreadyLinked,
    /// A day that should be today or later lies before today.
    DateInPast,
    /// A day that has to have happened lies after today.
    DateInFuture,
    EndBeforeStart,
    InvalidAmount,
    OrderNotPending,
    NameTaken,
    NotACamtStatement,
    FileTooLarge,
    InvalidPostcode,
    InvalidPhone,
    TooManyContacts,
    SchoolDetailsMissing,
    InvoiceAlreadyCredited,
    InvoiceHasPayments,
    NotACsvFile,
    ImportHasProblems,
    NotASchoolYear,
    InvalidValue,
    CjpNumberTaken,
    UnknownSchool,
    InsufficientBudget,
    WeborderNotPending,
    DecisionDeadlinePassed,
    CoolingOffOver,
    NotCancellable,
    ProviderNotApproved,
    /// The weborder's provider was rejected by the platform after making it.
    ProviderNoLongerApproved,
    UnknownOffer,
    NothingToPay,
    HoldNotActive,
    InvalidIban,
    InvalidKvk,
    InvalidVat,
    KvkTaken,
    BatchNotInState,
    OfferNotPublishable,
    RequestClosed,
    DateOutsidePeriod,
    NotAnImage,
    ImageTooLarge,
    TooManyImages,
    TooManyKeys,
    NoActivePass,
    InvalidCode,
    CodeInvalidOrUsed,
    InsufficientCredit,
    RefundWindowClosed,
    CannotEraseOperator,
}

/// Everything a server function can answer instead of a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session ended (401).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but this is not yours to see or do (403).
    #[error("forbidden")]
    Forbidden,
    /// Nothing there, or nothing there that is yours (404).
    #[error("not found")]
    NotFound,
    /// The input is wrong; each field says why (422).
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request is fine but the current state refuses it (409).
    #[error("conflict")]
    Conflict(Problem),
    /// Too many attempts; try again later (429).
    #[error("too many attempts")]
    RateLimited,
    /// The request could not be read (400).
    #[error("bad request")]
    BadRequest,
    /// Our fault; the log has the details under this request id (500).
    #[error("internal error")]
    Internal { request_id: String },
    /// The request never reached the server or the answer could not be read (client side).
    #[error("network problem")]
    Network,
}

impl AppError {
    /// One field with one problem.
    pub fn field(field: &str, problem: Problem) -> AppError {
        AppError::Invalid(vec![FieldError { field: field.to_owned(), problem }])
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::BadRequest => 400,
            AppError::Internal { .. } | AppError::Network => 500,
        }
    }

    /// The problem reported for `field`, if any (for showing it beside the input).
    pub fn problem_for(&self, field: &str) -> Option<Problem> {
        match self {
            AppError::Invalid(fields) => fields.iter().find(|f| f.field == field).map(|f| f.problem),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest
            }
            _ => AppError::Network,
        }
    }
}

/// Collects field problems while parsing a form, so all of them are reported at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// Notes a problem with `field`.
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError { field: field.to_owned(), problem });
    }

    /// `Ok(value)` when nothing was noted, otherwise every problem at once.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, AppError> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// True when `value` holds something that is no text a person typed: a control character
/// other than tab and line breaks (a NUL byte, an escape), or U+FFFD, which stands where bytes
/// were not UTF-8. Such text is refused, never stored.
pub fn is_unreadable(value: &str) -> bool {
    value.chars().any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == char::REPLACEMENT_CHARACTER)
}

/// Trims a required text field, noting a problem when it is empty, longer than `max` chars or
/// unreadable ([`is_unreadable`]).
pub fn required_text(problems: &mut Problems, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        problems.add(field, Problem::Required);
    } else if v.chars().count() > max {
        problems.add(field, Problem::TooLong);
    } else if is_unreadable(v) {
        problems.add(field, Problem::UnreadableText);
    }
    v.to_owned()
}

/// One required text field on its own: trimmed, or the field's problem (empty, or longer than
/// `max` characters).
pub fn required_field(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let mut problems = Problems::default();
    let v = required_text(&mut problems, field, value, max);
    problems.finish(|| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_broken_bytes_are_not_text() {
        for bad in ["a\0b", "\u{1b}[31m", "naam\u{7f}", "a\u{85}b", "J\u{fffd}rgen"] {
            assert!(is_unreadable(bad), "{bad:?}");
            assert_eq!(required_field("name", bad, 100).unwrap_err().problem_for("name"), Some(Problem::UnreadableText));
        }
        for good in ["Zoë van 't Hek", "regel 1\nregel 2\r\n\tingesprongen", "Ñandú", "😀"] {
            assert!(!is_unreadable(good), "{good:?}");
        }
    }

    #[test]
    fn problems_are_reported_together() {
        let mut p = Problems::default();
        let name = required_text(&mut p, "name", "   ", 10);
        let city = required_text(&mut p, "city", "Zwolle-Zuid-Oost", 5);
        assert_eq!(name, "");
        assert_eq!(city, "Zwolle-Zuid-Oost");
        let err = p.finish(|| ()).unwrap_err();
        assert_eq!(err.problem_for("name"), Some(Problem::Required));
        assert_eq!(err.problem_for("city"), Some(Problem::TooLong));
        assert_eq!(err.status(), 422);
    }

    #[test]
    fn unreadable_arguments_are_a_bad_request_not_a_crash() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field".into()));
        assert_eq!(e, AppError::BadRequest);
        assert_eq!(e.status(), 400);
    }
}
