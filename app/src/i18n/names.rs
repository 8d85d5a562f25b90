//! The text key for each value of the domain's enums: statuses, roles, portals, art forms
//! and the problems a form can have. One `match` per enum, so a new value fails to compile
//! until it has its text.

use super::T;
use domain::error::Problem;
use domain::records::AccountStatus;
use domain::{Portal, Role};

/// The translated status of a weborder.
pub fn weborder_status_name(status: domain::weborder::WeborderStatus) -> T {
    use domain::weborder::WeborderStatus as S;
    match status {
        S::Pending => T::WeborderStatusPending,
        S::Approved => T::WeborderStatusApproved,
        S::Rejected => T::WeborderStatusRejected,
        S::Expired => T::WeborderStatusExpired,
        S::Cancelled => T::WeborderStatusCancelled,
        S::InPayout => T::WeborderStatusInPayout,
        S::Paid => T::WeborderStatusPaid,
    }
}

/// The translated name of an art form.
pub fn discipline_name(d: domain::offer::Discipline) -> T {
    use domain::offer::Discipline as D;
    match d {
        D::Music => T::DisciplineMusic,
        D::Dance => T::DisciplineDance,
        D::Theatre => T::DisciplineTheatre,
        D::VisualArts => T::DisciplineVisualArts,
        D::Film => T::DisciplineFilm,
        D::Literature => T::DisciplineLiterature,
        D::Heritage => T::DisciplineHeritage,
        D::Design => T::DisciplineDesign,
        D::Media => T::DisciplineMedia,
        D::Multidisciplinary => T::DisciplineMultidisciplinary,
    }
}

/// The translated name of where an activity takes place.
pub fn offer_format_name(f: domain::offer::OfferFormat) -> T {
    use domain::offer::OfferFormat as F;
    match f {
        F::InSchool => T::FormatInSchool,
        F::Venue => T::FormatVenue,
        F::Online => T::FormatOnline,
    }
}

/// The translated unit of a price.
pub fn price_unit_name(u: domain::offer::PriceUnit) -> T {
    match u {
        domain::offer::PriceUnit::Student => T::PriceUnitStudent,
        domain::offer::PriceUnit::Group => T::PriceUnitGroup,
    }
}

/// The translated status of an offer.
pub fn offer_status_name(s: domain::offer::OfferStatus) -> T {
    use domain::offer::OfferStatus as S;
    match s {
        S::Draft => T::OfferStatusDraft,
        S::Published => T::OfferStatusPublished,
        S::Archived => T::OfferStatusArchived,
    }
}

/// The translated status of a request thread.
pub fn request_status_name(s: domain::offer_request::RequestStatus) -> T {
    use domain::offer_request::RequestStatus as S;
    match s {
        S::Open => T::RequestStatusOpen,
        S::Answered => T::RequestStatusAnswered,
        S::Converted => T::RequestStatusConverted,
        S::Closed => T::RequestStatusClosed,
    }
}

/// The translated vetting status of a provider.
pub fn provider_status_name(s: domain::provider::ProviderStatus) -> T {
    use domain::provider::ProviderStatus as S;
    match s {
        S::Pending => T::ProviderStatusPending,
        S::Approved => T::ProviderStatusApproved,
        S::Rejected => T::ProviderStatusRejected,
    }
}

/// The translated status of a payout batch.
pub fn payout_status_name(s: domain::weborder::PayoutStatus) -> T {
    use domain::weborder::PayoutStatus as S;
    match s {
        S::Created => T::BatchStatusCreated,
        S::Sent => T::BatchStatusSent,
        S::Paid => T::BatchStatusPaid,
    }
}

/// The translated status of a hold.
pub fn hold_status_name(s: domain::weborder::HoldStatus) -> T {
    use domain::weborder::HoldStatus as S;
    match s {
        S::Active => T::HoldStatusActive,
        S::Released => T::HoldStatusReleased,
        S::Expired => T::HoldStatusExpired,
    }
}

/// The translated name of a role.
pub fn role_name(role: Role) -> T {
    match role {
        Role::PlatformAdmin => T::RolePlatformAdmin,
        Role::Board => T::RoleBoard,
        Role::BudgetHolder => T::RoleBudgetHolder,
        Role::TeacherPlus => T::RoleTeacherPlus,
        Role::Teacher => T::RoleTeacher,
        Role::Student => T::RoleStudent,
        Role::Provider => T::RoleProvider,
    }
}

/// The translated name of a portal.
pub fn portal_name(portal: Portal) -> T {
    match portal {
        Portal::School => T::PortalSchool,
        Portal::Teacher => T::PortalTeacher,
        Portal::Student => T::PortalStudent,
        Portal::Provider => T::PortalProvider,
        Portal::Admin => T::PortalAdmin,
    }
}

/// The translated account status.
pub fn status_name(status: AccountStatus) -> T {
    match status {
        AccountStatus::Invited => T::StatusInvited,
        AccountStatus::Active => T::StatusActive,
        AccountStatus::Disabled => T::StatusDisabled,
    }
}

/// The translated status of a budget order.
pub fn order_status_name(status: domain::budget::OrderStatus) -> T {
    use domain::budget::OrderStatus;
    match status {
        OrderStatus::Submitted => T::OrderStatusSubmitted,
        OrderStatus::Withdrawn => T::OrderStatusWithdrawn,
        OrderStatus::Approved => T::OrderStatusApproved,
        OrderStatus::Rejected => T::OrderStatusRejected,
        OrderStatus::Credited => T::OrderStatusCredited,
    }
}

/// The name of a kind of account a location holds.
pub fn account_name(account: domain::budget::AccountKind) -> T {
    use domain::budget::AccountKind as A;
    match account {
        A::LocationBudget => T::CollectiveBudget,
        A::IndividualPool => T::AccountIndividualPool,
        A::StudentCredit => T::AccountStudentCredit,
        A::Hold => T::AccountHolds,
        A::Expired => T::Expired,
        A::Funding | A::ProviderPayable | A::PaidOut => T::AccountPlatform,
    }
}

/// What a ledger movement was, in words, from its stored kind (`weborder_approved`, …).
pub fn ledger_kind_name(kind: &str) -> T {
    match kind {
        "budget_released" => T::LedgerBudgetReleased,
        "budget_expired" => T::LedgerBudgetExpired,
        "credit_granted" => T::LedgerCreditGranted,
        "counter_payment" => T::LedgerCounterPayment,
        "counter_refund" => T::LedgerCounterRefund,
        "weborder_approved" => T::LedgerWeborderApproved,
        "weborder_undone" => T::LedgerWeborderUndone,
        "weborder_cancelled" => T::LedgerWeborderCancelled,
        "hold_created" => T::LedgerHoldCreated,
        "hold_released" => T::LedgerHoldReleased,
        "hold_expired" => T::LedgerHoldExpired,
        "payout" => T::LedgerPayout,
        _ => T::LedgerOther,
    }
}

/// The translated name of a contact person's role.
pub fn contact_role_name(role: domain::school::ContactRole) -> T {
    use domain::school::ContactRole;
    match role {
        ContactRole::Board => T::ContactBoard,
        ContactRole::BudgetHolder => T::ContactBudgetHolder,
        ContactRole::Finance => T::ContactFinance,
        ContactRole::Culture => T::ContactCulture,
        ContactRole::Ict => T::ContactIct,
    }
}

/// The translated text of an input problem.
pub fn problem_text(problem: Problem) -> T {
    match problem {
        Problem::Required => T::ErrRequired,
        Problem::TooLong => T::ErrTooLong,
        Problem::UnreadableText => T::ErrUnreadableText,
        Problem::SearchTooLong => T::ErrSearchTooLong,
        Problem::SearchWordTooLong => T::ErrSearchWordTooLong,
        Problem::TooManySearchWords => T::ErrTooManySearchWords,
        Problem::PaymentAboveOutstanding => T::ErrPaymentAboveOutstanding,
        Problem::InvalidEmail => T::ErrInvalidEmail,
        Problem::InvalidChoice => T::ErrInvalidChoice,
        Problem::PasswordTooShort => T::ErrPasswordTooShort,
        Problem::PasswordTooLong => T::ErrPasswordTooLong,
        Problem::PasswordTooCommon => T::ErrPasswordTooCommon,
        Problem::PasswordsDiffer => T::ErrPasswordsDiffer,
        Problem::TermsNotAccepted => T::ErrTermsNotAccepted,
        Problem::WrongCredentials => T::ErrWrongCredentials,
        Problem::LinkInvalidOrExpired => T::ErrLinkInvalid,
        Problem::RoleAlreadyHeld => T::ErrRoleAlreadyHeld,
        Problem::CannotDisableYourself => T::ErrCannotDisableYourself,
        Problem::CannotRemoveYourself => T::ErrCannotRemoveYourself,
        Problem::NotAWholeNumber => T::ErrNotAWholeNumber,
        Problem::NoStudents => T::ErrNoStudents,
        Problem::MoreThanDuoCount => T::ErrMoreThanDuoCount,
        Problem::MoreThanCapacity => T::ErrMoreThanCapacity,
        Problem::BoardDecides => T::ErrBoardDecides,
        Problem::NoDuoCount => T::ErrNoDuoCount,
        Problem::NoOpenPeriod => T::ErrNoOpenPeriod,
        Problem::OrderAlreadyOpen => T::ErrOrderAlreadyOpen,
        Problem::AmendmentWindowClosed => T::ErrAmendmentWindowClosed,
        Problem::NotADate => T::ErrNotADate,
        Problem::EndBeforeStart => T::ErrEndBeforeStart,
        Problem::InvalidAmount => T::ErrInvalidAmount,
        Problem::OrderNotPending => T::ErrOrderNotPending,
        Problem::NameTaken => T::ErrNameTaken,
        Problem::NotACamtStatement => T::ErrNotACamtStatement,
        Problem::FileTooLarge => T::ErrFileTooLarge,
        Problem::InvalidPostcode => T::ErrInvalidPostcode,
        Problem::InvalidPhone => T::ErrInvalidPhone,
        Problem::TooManyContacts => T::ErrTooManyContacts,
        Problem::SchoolDetailsMissing => T::ErrSchoolDetailsMissing,
        Problem::InvoiceAlreadyCredited => T::ErrInvoiceAlreadyCredited,
        Problem::InvoiceHasPayments => T::ErrInvoiceHasPayments,
        Problem::NotACsvFile => T::ErrNotACsvFile,
        Problem::ImportHasProblems => T::ErrImportHasProblems,
        Problem::NotASchoolYear => T::ErrNotASchoolYear,
        Problem::InvalidValue => T::ErrInvalidValue,
        Problem::CjpNumberTaken => T::ErrCjpNumberTaken,
        Problem::UnknownSchool => T::ErrUnknownSchool,
        Problem::InsufficientBudget => T::ErrInsufficientBudget,
        Problem::WeborderNotPending => T::ErrWeborderNotPending,
        Problem::DecisionDeadlinePassed => T::ErrDecisionDeadlinePassed,
        Problem::CoolingOffOver => T::ErrCoolingOffOver,
        Problem::NotCancellable => T::ErrNotCancellable,
        Problem::ProviderNotApproved => T::ErrProviderNotApproved,
        Problem::ProviderNoLongerApproved => T::ErrProviderNoLongerApproved,
        Problem::UnknownOffer => T::ErrUnknownOffer,
        Problem::NothingToPay => T::ErrNothingToPay,
        Problem::HoldNotActive => T::ErrHoldNotActive,
        Problem::InvalidIban => T::ErrInvalidIban,
        Problem::InvalidKvk => T::ErrInvalidKvk,
        Problem::InvalidVat => T::ErrInvalidVat,
        Problem::KvkTaken => T::ErrKvkTaken,
        Problem::BatchNotInState => T::ErrBatchNotInState,
        Problem::OfferNotPublishable => T::ErrOfferNotPublishable,
        Problem::RequestClosed => T::ErrRequestClosed,
        Problem::DateOutsidePeriod => T::ErrDateOutsidePeriod,
        Problem::DateInPast => T::ErrDateInPast,
        Problem::UnknownInvoice => T::ErrUnknownInvoice,
        Problem::CreditAlreadyLinked => T::ErrCreditAlreadyLinked,
        Problem::DateInFuture => T::ErrDateInFuture,
        Problem::NotAnImage => T::ErrNotAnImage,
        Problem::ImageTooLarge => T::ErrImageTooLarge,
        Problem::TooManyImages => T::ErrTooManyImages,
        Problem::TooManyKeys => T::ErrTooManyKeys,
        Problem::NoActivePass => T::ErrNoActivePass,
        Problem::InvalidCode => T::ErrInvalidCode,
        Problem::CodeInvalidOrUsed => T::ErrCodeInvalidOrUsed,
        Problem::InsufficientCredit => T::ErrInsufficientCredit,
        Problem::RefundWindowClosed => T::ErrRefundWindowClosed,
        Problem::CannotEraseOperator => T::ErrCannotEraseOperator,
    }
}
