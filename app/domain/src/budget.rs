//! Budget orders: how many students a school pays the contribution for (collective budget)
//! and how many get individual credit, what that costs and what it releases.

use super::error::{AppError, Problem, Problems};
use super::money::Money;
use serde::{Deserialize, Serialize};

/// The rates of a programme period (data, not code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    /// What the school pays per student (EUR 10.50 in the pilot).
    pub contribution: Money,
    /// What the government adds per student (the pilot matched the contribution).
    pub government_match: Money,
}

/// The two counts of a budget order, validated against the location's DUO count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCounts {
    /// Students for whom the school pays the contribution into the collective budget.
    pub collective: i64,
    /// Students who get individual credit on their pass.
    pub individual: i64,
}

/// What an order costs and what it releases once paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderAmounts {
    /// The invoice to the school: all ordered students × contribution.
    pub invoice: Money,
    /// Released to the location's budget: collective students × (contribution + match).
    pub collective_budget: Money,
    /// Released to the individual-credit pool: individual students × (contribution + match).
    pub individual_credit: Money,
}

impl OrderCounts {
    /// Parses the two numbers as typed; both whole and not negative, at least one student,
    /// together at most the DUO count.
    pub fn parse(collective: &str, individual: &str, duo_count: i64) -> Result<OrderCounts, AppError> {
        let mut problems = Problems::default();
        let mut read = |field: &str, text: &str| match text.trim().parse::<i64>() {
            Ok(n) if n >= 0 => n,
            _ => {
                problems.add(field, Problem::NotAWholeNumber);
                0
            }
        };
        let collective = read("collective", collective);
        let individual = read("individual", individual);
        let counts = OrderCounts { collective, individual };
        problems.finish(|| ())?;
        counts.check(duo_count)?;
        Ok(counts)
    }

    /// Checks the counts against the DUO count of the location.
    pub fn check(self, duo_count: i64) -> Result<(), AppError> {
        if self.collective < 0 || self.individual < 0 {
            return Err(AppError::field("collective", Problem::NotAWholeNumber));
        }
        let total = self.collective.checked_add(self.individual).unwrap_or(i64::MAX);
        if total == 0 {
            return Err(AppError::field("collective", Problem::NoStudents));
        }
        if total > duo_count {
            return Err(AppError::field("collective", Problem::MoreThanDuoCount));
        }
        Ok(())
    }

    /// The amounts for these counts at `rates`; `None` only beyond the platform's range.
    pub fn amounts(self, rates: Rates) -> Option<OrderAmounts> {
        let per_student = rates.contribution.checked_add(rates.government_match)?;
        Some(OrderAmounts {
            invoice: rates.contribution.checked_mul(self.collective.checked_add(self.individual)?)?,
            collective_budget: per_student.checked_mul(self.collective)?,
            individual_credit: per_student.checked_mul(self.individual)?,
        })
    }
}

/// Where a budget order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Submitted; the budget holder may amend or withdraw it until the deadline.
    Submitted,
    /// Withdrawn by the budget holder before the deadline.
    Withdrawn,
    /// Approved (automatically after the deadline, or early by the operator); invoiced.
    Approved,
    /// Rejected by the operator, with a reason.
    Rejected,
    /// Approved and invoiced, then cancelled by a credit note.
    Credited,
}

impl OrderStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Submitted => "submitted",
            OrderStatus::Withdrawn => "withdrawn",
            OrderStatus::Approved => "approved",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Credited => "credited",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<OrderStatus> {
        [OrderStatus::Submitted, OrderStatus::Withdrawn, OrderStatus::Approved, OrderStatus::Rejected, OrderStatus::Credited]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pilot() -> Rates {
        Rates { contribution: Money::parse("10.50").unwrap(), government_match: Money::parse("10.50").unwrap() }
    }

    #[test]
    fn the_pilot_order_costs_the_contribution_and_releases_double() {
        let counts = OrderCounts::parse("300", "200", 600).unwrap();
        let a = counts.amounts(pilot()).unwrap();
        assert_eq!(a.invoice.to_string(), "5250.00");
        assert_eq!(a.collective_budget.to_string(), "6300.00");
        assert_eq!(a.individual_credit.to_string(), "4200.00");
    }

    #[test]
    fn together_the_counts_may_not_exceed_the_duo_count() {
        assert_eq!(OrderCounts::parse("400", "201", 600).unwrap_err().problem_for("collective"), Some(Problem::MoreThanDuoCount));
        assert!(OrderCounts::parse("400", "200", 600).is_ok());
    }

    #[test]
    fn counts_must_be_whole_non_negative_and_not_both_zero() {
        let e = OrderCounts::parse("-1", "2.5", 600).unwrap_err();
        assert_eq!(e.problem_for("collective"), Some(Problem::NotAWholeNumber));
        assert_eq!(e.problem_for("individual"), Some(Problem::NotAWholeNumber));
        assert_eq!(OrderCounts::parse("0", "0", 600).unwrap_err().problem_for("collective"), Some(Problem::NoStudents));
        assert_eq!(OrderCounts::parse("", "1", 600).unwrap_err().problem_for("collective"), Some(Problem::NotAWholeNumber));
    }

    proptest! {
        #[test]
        fn amounts_are_exact_for_every_count_up_to_the_duo_maximum(
            duo in 1i64..=60_000, a in 0i64..=60_000, b in 0i64..=60_000, contribution in 0i64..=10_000, matching in 0i64..=10_000
        ) {
            let rates = Rates { contribution: Money::from_cents(contribution).unwrap(), government_match: Money::from_cents(matching).unwrap() };
            let counts = OrderCounts { collective: a, individual: b };
            match counts.check(duo) {
                Ok(()) => {
                    prop_assert!(a + b <= duo && a + b > 0);
                    let x = counts.amounts(rates).unwrap();
                    prop_assert_eq!(x.invoice.cents(), (a + b) * contribution);
                    prop_assert_eq!(x.collective_budget.cents(), a * (contribution + matching));
                    prop_assert_eq!(x.individual_credit.cents(), b * (contribution + matching));
                }
                Err(_) => prop_assert!(a + b > duo || a + b == 0),
            }
        }
    }

    #[test]
    fn every_status_code_reads_back() {
        for s in
            [OrderStatus::Submitted, OrderStatus::Withdrawn, OrderStatus::Approved, OrderStatus::Rejected, OrderStatus::Credited]
        {
            assert_eq!(OrderStatus::from_code(s.code()), Some(s));
        }
    }
}

/// A programme period as the portals show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub rates: Rates,
    pub amendment_days: i64,
    pub payment_term_days: i64,
    /// VAT category of the invoice (UNCL 5305: E exempt, O outside scope, Z zero, S standard).
    pub vat_category: String,
    /// VAT rate in basis points (2100 = 21 %).
    pub vat_rate_bp: i64,
    /// True once an order uses the period: its rates can no longer change.
    pub in_use: bool,
}

/// A budget order with what it costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i64,
    pub location_id: super::LocationId,
    pub location_name: String,
    pub period_id: i64,
    pub period_name: String,
    pub counts: OrderCounts,
    pub duo_count: i64,
    pub amounts: OrderAmounts,
    pub status: OrderStatus,
    pub submitted_at_ms: i64,
    pub amend_deadline_ms: i64,
    pub decided_at_ms: Option<i64>,
    pub reason: Option<String>,
    pub invoice: Option<InvoiceRow>,
}

/// An invoice to a school, with what has been paid on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub amount: Money,
    pub paid: Money,
    pub issued_at_ms: i64,
    pub due_at_ms: i64,
    pub paid_in_full: bool,
    /// The number of the credit note that cancelled this invoice.
    pub credit_note: Option<String>,
}

impl InvoiceRow {
    /// What is still to be paid (negative when more was paid than invoiced).
    pub fn outstanding(&self) -> Money {
        self.amount.checked_sub(self.paid).unwrap_or(Money::ZERO)
    }
}

/// The money of one location in one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetSummary {
    /// Released to the location's collective budget and not yet spent.
    pub available: Money,
    /// The individual-credit pool not yet handed out to students.
    pub individual_pool: Money,
    /// Invoiced to the school.
    pub invoiced: Money,
    /// Paid by the school.
    pub paid: Money,
    /// Left unspent when the period ended, and moved to the expired account.
    pub expired: Money,
}

/// What an account holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Where money enters the platform: school contributions and the government match.
    /// The only account that may go negative (it mirrors all money ever released).
    Funding,
    /// A location's collective budget for a period.
    LocationBudget,
    /// A location's individual-credit pool for a period, before it is handed to students.
    IndividualPool,
    /// Budget left unspent when its period ended.
    Expired,
    /// Budget a location earmarked for a planned activity (one account per hold).
    Hold,
    /// What the platform owes a provider for approved weborders, until it is paid out.
    ProviderPayable,
    /// Money that left the platform to providers' bank accounts.
    PaidOut,
    /// A student's individual credit at a location in a period (one account per pass).
    StudentCredit,
}

impl AccountKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AccountKind::Funding => "funding",
            AccountKind::LocationBudget => "location_budget",
            AccountKind::IndividualPool => "individual_pool",
            AccountKind::Expired => "expired",
            AccountKind::Hold => "hold",
            AccountKind::ProviderPayable => "provider_payable",
            AccountKind::PaidOut => "paid_out",
            AccountKind::StudentCredit => "student_credit",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<AccountKind> {
        use AccountKind as A;
        [A::Funding, A::LocationBudget, A::IndividualPool, A::Expired, A::Hold, A::ProviderPayable, A::PaidOut, A::StudentCredit]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

impl AccountKind {
    /// The kinds of account a location holds, in the order its budget pages show them: the
    /// collective budget, the individual credit not yet given to students, the students'
    /// credit, the holds, and what expired.
    pub const OF_LOCATION: [AccountKind; 5] = [
        AccountKind::LocationBudget,
        AccountKind::IndividualPool,
        AccountKind::StudentCredit,
        AccountKind::Hold,
        AccountKind::Expired,
    ];
}

/// One line of a location's ledger history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub at_ms: i64,
    /// What happened, as stored (`weborder_approved`, `credit_granted`, …).
    pub kind: String,
    pub reference: String,
    pub account: AccountKind,
    pub amount: Money,
    /// The balance of this kind of account at the location just after this line (in a
    /// history of one kind of account).
    pub balance_after: Option<Money>,
}

/// The movements of one kind of account at a location, newest first, and their balance now:
/// each line's `balance_after` minus its amount is the next (older) line's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountHistory {
    pub account: AccountKind,
    pub balance: Money,
    pub lines: crate::Page<LedgerLine>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// Credit lines in the file.
    pub lines: i64,
    /// Registered as payments on an invoice (including partial and over-payments).
    pub matched: i64,
    /// Of those, the ones that left the invoice not yet fully paid.
    pub partial: i64,
    /// Of those, the ones on an invoice that was already paid.
    pub overpaid: i64,
    /// Lines whose remittance named no known invoice: kept for the operator.
    pub unmatched: i64,
    /// Lines imported before (the same file again, or overlapping statements).
    pub duplicates: i64,
}

/// A statement line that matched no invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedLine {
    pub id: i64,
    pub booked_on: String,
    pub amount: Money,
    pub remittance: String,
    pub counterparty: String,
}

/// What linking an unmatched credit to an invoice by hand would do, for the operator to
/// confirm: the credit, the invoice and what is still open on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkPreview {
    pub line: UnmatchedLine,
    pub invoice_number: String,
    pub location_name: String,
    pub invoice_amount: Money,
    /// What is still to be paid on the invoice before this credit (0 when paid or credited).
    pub outstanding: Money,
}

impl LinkPreview {
    /// The credit against what is open: negative when it leaves part of the invoice open,
    /// positive when it pays more than is open (money to refund), zero when it settles it.
    pub fn difference(&self) -> Money {
        self.line.amount.checked_sub(self.outstanding).unwrap_or(Money::ZERO)
    }
}
