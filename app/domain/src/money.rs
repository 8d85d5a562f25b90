//! Money: exact euros with two decimal places. Travels as a string ("10.50"), is stored as
//! integer cents, and never passes through a float.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount in euros, always exactly two decimal places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Money(Decimal);

/// Why a text or number is not a valid amount of money.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimal places")]
    TooPrecise,
    #[error("amount out of range")]
    OutOfRange,
    /// A point before three digits and no comma ("1.500"): 1500 to a Dutch reader, 1.5 to an
    /// English one.
    #[error("ambiguous thousands or decimals")]
    Ambiguous,
}

/// The largest amount the platform handles: 10 million euros less a cent, far above any
/// budget, so that sums of many amounts still fit in an i64 of cents.
const MAX_CENTS: i64 = 99_999_999_999;

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Builds an amount from integer cents (as stored in the database).
    pub fn from_cents(cents: i64) -> Result<Money, MoneyError> {
        if cents.abs() > MAX_CENTS {
            return Err(MoneyError::OutOfRange);
        }
        Ok(Money(Decimal::new(cents, 2)))
    }

    /// The amount in integer cents (for the database).
    pub fn cents(self) -> i64 {
        let scaled = self.0 * Decimal::ONE_HUNDRED;
        // Exact: the value has two places and is within MAX_CENTS by construction.
        i64::try_from(scaled).unwrap_or(0)
    }

    /// Parses a user's or a client's text as people type amounts: "10.50", "10,50", "10",
    /// "1500,5", "€ 1.500,00", "1,500.00", "1 500". With both a point and a comma the last one
    /// separates the cents and the other groups thousands (in threes); a comma alone separates
    /// the cents; a point alone does too, unless it is followed by three digits: "1.500" is
    /// refused, because a Dutch reader means 1500 and an English one 1.5. At most two decimals.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let spaced = text.trim().trim_start_matches('€').trim();
        let body: String = spaced.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
        let (sign, digits) = match body.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", body.as_str()),
        };
        // Whole euros with `group` between thousands: "1.500.000" → "1500000".
        let ungrouped = |whole: &str, group: char| -> Result<String, MoneyError> {
            let parts: Vec<&str> = whole.split(group).collect();
            let first_ok = (1..=3).contains(&parts[0].len());
            if parts.len() > 1 && !(first_ok && parts[1..].iter().all(|p| p.len() == 3)) {
                return Err(MoneyError::NotANumber);
            }
            Ok(parts.concat())
        };
        let cleaned = match (digits.rfind(','), digits.rfind('.')) {
            (Some(comma), Some(point)) => {
                let (at, group) = if comma > point { (comma, '.') } else { (point, ',') };
                format!("{sign}{}.{}", ungrouped(&digits[..at], group)?, &digits[at + 1..])
            }
            (Some(_), None) if digits.matches(',').count() == 1 => format!("{sign}{}", digits.replace(',', ".")),
            (None, Some(point)) if digits.matches('.').count() == 1 && digits.len() - point - 1 != 3 => format!("{sign}{digits}"),
            (None, Some(_)) => return Err(MoneyError::Ambiguous),
            (None, None) => format!("{sign}{digits}"),
            _ => return Err(MoneyError::NotANumber),
        };
        Money::parse_plain(&cleaned)
    }

    /// Parses an amount as machines write it (a bank statement, an API): digits, optionally a
    /// point and decimals (trailing zeros beyond two are harmless); no comma, no grouping.
    pub fn parse_plain(cleaned: &str) -> Result<Money, MoneyError> {
        if cleaned.is_empty() || cleaned == "-" || cleaned.matches('.').count() > 1 {
            return Err(MoneyError::NotANumber);
        }
        if !cleaned.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')) {
            return Err(MoneyError::NotANumber);
        }
        let value = Decimal::from_str(cleaned).map_err(|_| MoneyError::NotANumber)?;
        if value.scale() > 2 && value.normalize().scale() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let mut value = value.normalize();
        value.rescale(2);
        let money = Money(value);
        if money.0.abs() > Decimal::new(MAX_CENTS, 2) {
            return Err(MoneyError::OutOfRange);
        }
        Ok(money)
    }

    /// Adds two amounts; `None` when the result leaves the platform's range.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        Money::from_cents(self.cents().checked_add(other.cents())?).ok()
    }

    /// Subtracts; `None` when the result leaves the platform's range.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        Money::from_cents(self.cents().checked_sub(other.cents())?).ok()
    }

    /// Multiplies by a count (students, tickets); `None` when out of range.
    pub fn checked_mul(self, count: i64) -> Option<Money> {
        Money::from_cents(self.cents().checked_mul(count)?).ok()
    }

    /// True for amounts below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Dutch notation for the UI: "€ 1.234,56".
    pub fn display_nl(self) -> String {
        let cents = self.cents();
        let sign = if cents < 0 { "-" } else { "" };
        let abs = cents.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{sign}€ {grouped},{:02}", abs % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<String> for Money {
    type Error = MoneyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Money::parse(&value)
    }
}

impl From<Money> for String {
    fn from(value: Money) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_pilot_contribution_parses_and_stores_as_cents() {
        let m = Money::parse("10.50").unwrap();
        assert_eq!(m.cents(), 1050);
        assert_eq!(m.to_string(), "10.50");
        assert_eq!(Money::parse("10,5").unwrap().cents(), 1050);
        assert_eq!(Money::parse("€ 7").unwrap().to_string(), "7.00");
    }

    #[test]
    fn a_third_decimal_or_garbage_is_refused() {
        assert_eq!(Money::parse("10,505"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("10.5051"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("ten"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1.23,56"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1,2,3"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1.500"), Err(MoneyError::Ambiguous));
        assert_eq!(Money::parse("-"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse(""), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1e5"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("99999999999.99"), Err(MoneyError::OutOfRange));
    }

    #[test]
    fn trailing_zeros_beyond_two_places_are_harmless() {
        assert_eq!(Money::parse("3,100").unwrap().cents(), 310);
        assert_eq!(Money::parse("3.1000").unwrap().cents(), 310);
        assert_eq!(Money::parse_plain("100.000").unwrap().cents(), 10_000, "a bank's five decimals");
        assert_eq!(Money::parse_plain("1,50"), Err(MoneyError::NotANumber));
    }

    #[test]
    fn amounts_are_read_as_dutch_people_type_them() {
        for (typed, cents) in [
            ("1.500,00", 150_000),
            ("€ 1.500,00", 150_000),
            ("1500,5", 150_050),
            ("1500,50", 150_050),
            ("1 500", 150_000),
            ("1.234.567,89", 123_456_789),
            ("1,500.00", 150_000),
            ("12.5", 1_250),
            ("-2,50", -250),
        ] {
            assert_eq!(Money::parse(typed).map(Money::cents), Ok(cents), "{typed}");
        }
    }

    #[test]
    fn dutch_display_groups_thousands_and_uses_a_decimal_comma() {
        assert_eq!(Money::from_cents(123_456).unwrap().display_nl(), "€ 1.234,56");
        assert_eq!(Money::from_cents(-5).unwrap().display_nl(), "-€ 0,05");
        assert_eq!(Money::from_cents(100_000_000).unwrap().display_nl(), "€ 1.000.000,00");
    }

    #[test]
    fn money_travels_as_a_string() {
        let m = Money::from_cents(1050).unwrap();
        let json = serde_json_like(&m);
        assert_eq!(json, "\"10.50\"");
    }

    fn serde_json_like(m: &Money) -> String {
        format!("\"{}\"", String::from(*m))
    }

    proptest! {
        #[test]
        fn cents_round_trip_exactly(cents in -MAX_CENTS..=MAX_CENTS) {
            let m = Money::from_cents(cents).unwrap();
            prop_assert_eq!(m.cents(), cents);
            prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
        }

        #[test]
        fn addition_matches_integer_cents(a in -1_000_000_000i64..1_000_000_000, b in -1_000_000_000i64..1_000_000_000) {
            let sum = Money::from_cents(a).unwrap().checked_add(Money::from_cents(b).unwrap()).unwrap();
            prop_assert_eq!(sum.cents(), a + b);
            let diff = Money::from_cents(a).unwrap().checked_sub(Money::from_cents(b).unwrap()).unwrap();
            prop_assert_eq!(diff.cents(), a - b);
        }

        #[test]
        fn multiplying_by_a_student_count_is_exact(rate in 0i64..100_000, count in 0i64..500_000) {
            let total = Money::from_cents(rate).unwrap().checked_mul(count).unwrap();
            prop_assert_eq!(total.cents(), rate * count);
        }
    }

    #[test]
    fn overflow_is_refused_not_wrapped() {
        let big = Money::from_cents(MAX_CENTS).unwrap();
        assert!(big.checked_add(Money::from_cents(1).unwrap()).is_none());
        assert!(big.checked_mul(2).is_none());
        assert!(Money::from_cents(i64::MAX).is_err());
    }
}
