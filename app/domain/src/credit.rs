//! Individual credit as students and providers see it: the counter code, a provider's look
//! at a code, the receipt of a counter payment, and the lines of a student's credit.

use super::money::Money;
use serde::{Deserialize, Serialize};

/// The code a student shows at the counter, as digits and as a QR code (an SVG document).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterCode {
    pub code: String,
    pub expires_at_ms: i64,
    pub qr_svg: String,
}

/// What a provider sees of a code before charging: the first name and the credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterLookup {
    pub code: String,
    pub first_name: String,
    pub balance: Money,
    /// A fresh key for the charge form: sending the form again (a retry) reuses it, so the
    /// payment is made once.
    pub client_key: String,
}

/// The receipt of a counter payment, for the provider's screen and the student's pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterReceipt {
    pub payment_id: i64,
    pub first_name: String,
    pub provider_name: String,
    pub amount: Money,
    pub description: String,
    pub at_ms: i64,
    /// The student's credit after this payment.
    pub balance_after: Money,
}

/// A counter payment in a provider's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterPaymentRow {
    pub payment_id: i64,
    pub first_name: String,
    pub amount: Money,
    pub description: String,
    /// `paid`, `refunded`, `in_payout` or `paid_out`.
    pub status: String,
    pub at_ms: i64,
    pub refunded_at_ms: Option<i64>,
    /// Still within the 14 days in which the provider may refund it.
    pub refundable: bool,
    /// For a paid one not yet in a payout: when those 14 days are over and it goes into the
    /// next payout batch.
    pub payable_from_ms: Option<i64>,
}

/// One movement of a student's credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditLine {
    /// `credit_granted`, `counter_payment`, `counter_refund` or `budget_expired`.
    pub kind: String,
    pub at_ms: i64,
    /// Positive when credit came in.
    pub amount: Money,
    /// Where it was spent (provider and description), when at a counter.
    pub what: String,
}
