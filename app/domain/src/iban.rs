//! Bank account validation: IBAN (ISO 13616) for SEPA countries and BIC (ISO 9362).
//!
//! Plain std only, no allocation beyond the returned strings, safe for wasm.

use std::fmt;

/// A validated IBAN in electronic format (uppercase, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iban(String);

/// Why an input is not a valid SEPA IBAN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IbanProblem {
    /// Nothing left after removing whitespace.
    Empty,
    /// A character outside A-Z/0-9, or one not allowed at its position (e.g. digits in a Dutch bank code).
    InvalidCharacters,
    /// The country code is not a SEPA country.
    UnknownCountry,
    /// The length does not match the country's IBAN length.
    WrongLength {
        /// The IBAN length for this country.
        expected: usize,
    },
    /// The check digits do not match (mod-97 check failed).
    WrongCheckDigits,
}

/// Why an input is not a valid BIC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BicProblem {
    /// Not 8 or 11 characters of the shape BBBB CC LL (BBB).
    InvalidFormat,
}

/// SEPA countries (EPC list of countries in the SEPA schemes' geographical scope) and their IBAN lengths.
///
/// Territories that use another country's IBAN prefix (French overseas departments, Åland, Jersey,
/// Guernsey, Isle of Man, Azores, Madeira, Canary Islands, ...) are covered by that prefix.
const SEPA_COUNTRIES: &[(&str, usize)] = &[
    // EU member states
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IT", 27),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MT", 31),
    ("NL", 18),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    // EEA, not EU
    ("IS", 26),
    ("LI", 21),
    ("NO", 15),
    // other SEPA countries and territories
    ("AD", 24),
    ("CH", 21),
    ("GB", 22),
    ("GI", 23),
    ("MC", 27),
    ("SM", 27),
    ("VA", 22),
    // joined the SEPA scope 2024-2025
    ("AL", 28),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("RS", 22),
];

/// Returns the IBAN length for a SEPA country code, if it is one.
fn sepa_iban_length(country: &str) -> Option<usize> {
    SEPA_COUNTRIES.iter().find(|(code, _)| *code == country).map(|(_, len)| *len)
}

/// Whitespace and invisible characters people paste along with an IBAN or BIC.
fn is_ignorable(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Removes whitespace (incl. tabs and non-breaking spaces) and uppercases ASCII letters.
fn compact_upper(input: &str) -> String {
    input.chars().filter(|c| !is_ignorable(*c)).map(|c| c.to_ascii_uppercase()).collect()
}

/// ISO 7064 mod 97-10 over the rearranged IBAN, one digit (or letter = two digits) at a time.
fn mod97(rearranged: &str) -> Option<u32> {
    let mut remainder: u32 = 0;
    for c in rearranged.chars() {
        // '0'-'9' -> 0-9, 'A'-'Z' -> 10-35
        let value = c.to_digit(36)?;
        remainder = if value < 10 { (remainder * 10 + value) % 97 } else { (remainder * 100 + value) % 97 };
    }
    Some(remainder)
}

impl Iban {
    /// Parses and validates an IBAN from user input (spaces allowed, any case).
    pub fn parse(input: &str) -> Result<Iban, IbanProblem> {
        let iban = compact_upper(input);
        if iban.is_empty() {
            return Err(IbanProblem::Empty);
        }
        if !iban.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
            return Err(IbanProblem::InvalidCharacters);
        }
        let country = iban.get(0..2).ok_or(IbanProblem::UnknownCountry)?;
        let expected = sepa_iban_length(country).ok_or(IbanProblem::UnknownCountry)?;
        if iban.len() != expected {
            return Err(IbanProblem::WrongLength { expected });
        }
        let check_digits = iban.get(2..4).ok_or(IbanProblem::WrongCheckDigits)?;
        if !check_digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(IbanProblem::InvalidCharacters);
        }
        if country == "NL" && !dutch_bban_is_well_formed(&iban) {
            return Err(IbanProblem::InvalidCharacters);
        }
        // 00, 01 and 99 can never be produced by the check digit algorithm.
        if matches!(check_digits, "00" | "01" | "99") {
            return Err(IbanProblem::WrongCheckDigits);
        }
        let (head, bban) = iban.split_at(4);
        let rearranged = format!("{bban}{head}");
        if mod97(&rearranged) != Some(1) {
            return Err(IbanProblem::WrongCheckDigits);
        }
        Ok(Iban(iban))
    }

    /// The IBAN in electronic format, e.g. "NL91ABNA0417164300".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country code, e.g. "NL".
    pub fn country(&self) -> &str {
        self.0.get(0..2).unwrap_or_default()
    }

    /// The IBAN in print format: groups of four, e.g. "NL91 ABNA 0417 1643 00".
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + self.0.len() / 4);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

/// Dutch BBAN: 4 letters bank code, then 10 digits account number.
fn dutch_bban_is_well_formed(iban: &str) -> bool {
    let bank_ok = iban.get(4..8).is_some_and(|s| s.chars().all(|c| c.is_ascii_uppercase()));
    let account_ok = iban.get(8..).is_some_and(|s| s.chars().all(|c| c.is_ascii_digit()));
    bank_ok && account_ok
}

impl fmt::Display for Iban {
    /// Prints the grouped (print) format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// Validates a BIC (8 or 11 characters) and returns it uppercase without spaces.
///
/// Besides the basic shape (4 letters bank, 2 letters country, 2 alphanumeric location, optional
/// 3 alphanumeric branch) it applies the ISO 9362 location rules the pain.001 XSD checks: the first
/// location character is not '0' or '1', the second is not the letter 'O'.
pub fn parse_bic(input: &str) -> Result<String, BicProblem> {
    let bic = compact_upper(input);
    if bic.len() != 8 && bic.len() != 11 {
        return Err(BicProblem::InvalidFormat);
    }
    let ok = bic.chars().enumerate().all(|(i, c)| match i {
        0..=5 => c.is_ascii_uppercase(),
        6 => c.is_ascii_uppercase() || matches!(c, '2'..='9'),
        7 => (c.is_ascii_uppercase() && c != 'O') || c.is_ascii_digit(),
        _ => c.is_ascii_uppercase() || c.is_ascii_digit(),
    });
    if ok {
        Ok(bic)
    } else {
        Err(BicProblem::InvalidFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dutch_iban_is_accepted() {
        let iban = Iban::parse("NL91ABNA0417164300").unwrap();
        assert_eq!(iban.as_str(), "NL91ABNA0417164300");
        assert_eq!(iban.country(), "NL");
    }

    #[test]
    fn a_dutch_iban_with_spaces_and_lowercase_is_accepted() {
        let iban = Iban::parse(" nl91 abna\t0417\u{00A0}1643 00 ").unwrap();
        assert_eq!(iban.as_str(), "NL91ABNA0417164300");
    }

    #[test]
    fn german_belgian_and_british_ibans_are_accepted() {
        for s in ["DE89370400440532013000", "BE68539007547034", "GB82WEST12345698765432"] {
            assert_eq!(Iban::parse(s).map(|i| i.as_str().to_owned()), Ok(s.to_owned()), "{s}");
        }
    }

    #[test]
    fn the_grouped_form_has_blocks_of_four() {
        let iban = Iban::parse("NL91ABNA0417164300").unwrap();
        assert_eq!(iban.grouped(), "NL91 ABNA 0417 1643 00");
        assert_eq!(iban.to_string(), "NL91 ABNA 0417 1643 00");
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert_eq!(Iban::parse("NL92ABNA0417164300"), Err(IbanProblem::WrongCheckDigits));
        assert_eq!(Iban::parse("DE88370400440532013000"), Err(IbanProblem::WrongCheckDigits));
    }

    #[test]
    fn a_typo_in_the_account_number_is_refused() {
        assert_eq!(Iban::parse("NL91ABNA0417164301"), Err(IbanProblem::WrongCheckDigits));
    }

    #[test]
    fn check_digits_00_01_and_99_are_refused() {
        for cd in ["00", "01", "99"] {
            let s = format!("NL{cd}ABNA0417164300");
            assert_eq!(Iban::parse(&s), Err(IbanProblem::WrongCheckDigits), "{s}");
        }
    }

    #[test]
    fn a_wrong_length_is_refused_with_the_expected_length() {
        assert_eq!(Iban::parse("NL91ABNA041716430"), Err(IbanProblem::WrongLength { expected: 18 }));
        assert_eq!(Iban::parse("DE8937040044053201300"), Err(IbanProblem::WrongLength { expected: 22 }));
    }

    #[test]
    fn an_unknown_country_is_refused() {
        assert_eq!(Iban::parse("US12345678901234"), Err(IbanProblem::UnknownCountry));
        assert_eq!(Iban::parse("1234"), Err(IbanProblem::UnknownCountry));
        assert_eq!(Iban::parse("N"), Err(IbanProblem::UnknownCountry));
    }

    #[test]
    fn empty_input_is_refused() {
        assert_eq!(Iban::parse(""), Err(IbanProblem::Empty));
        assert_eq!(Iban::parse(" \t\u{00A0}"), Err(IbanProblem::Empty));
    }

    #[test]
    fn punctuation_and_non_ascii_letters_are_refused() {
        assert_eq!(Iban::parse("NL91-ABNA-0417-1643-00"), Err(IbanProblem::InvalidCharacters));
        assert_eq!(Iban::parse("NL91ÅBNA0417164300"), Err(IbanProblem::InvalidCharacters));
    }

    #[test]
    fn a_dutch_iban_with_digits_in_the_bank_code_is_refused() {
        // Both pass the mod-97 check, but a Dutch BBAN is 4 letters + 10 digits.
        assert_eq!(Iban::parse("NL77AB1A0417164300"), Err(IbanProblem::InvalidCharacters));
        assert_eq!(Iban::parse("NL92ABNA04171643AB"), Err(IbanProblem::InvalidCharacters));
    }

    #[test]
    fn letters_as_check_digits_are_refused() {
        assert_eq!(Iban::parse("NLAAABNA0417164300"), Err(IbanProblem::InvalidCharacters));
    }

    #[test]
    fn every_sepa_country_code_appears_once() {
        for (i, (code, _)) in SEPA_COUNTRIES.iter().enumerate() {
            assert!(!SEPA_COUNTRIES.iter().skip(i + 1).any(|(c, _)| c == code), "{code} twice");
        }
    }

    #[test]
    fn bics_of_8_and_11_characters_are_accepted_and_uppercased() {
        assert_eq!(parse_bic("ABNANL2A"), Ok("ABNANL2A".to_owned()));
        assert_eq!(parse_bic(" rabonl2u "), Ok("RABONL2U".to_owned()));
        assert_eq!(parse_bic("DEUTDEFF500"), Ok("DEUTDEFF500".to_owned()));
        assert_eq!(parse_bic("INGB NL 2A"), Ok("INGBNL2A".to_owned()));
    }

    #[test]
    fn malformed_bics_are_refused() {
        for bad in
            ["", "ABNANL2", "ABNANL2AX", "ABNANL2AXXXX", "AB1ANL2A", "ABNA1L2A", "ABNANL-A", "ABNANL1A", "ABNANL2O", "ABNÄNL2A"]
        {
            assert_eq!(parse_bic(bad), Err(BicProblem::InvalidFormat), "{bad}");
        }
    }
}
