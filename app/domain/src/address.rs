//! Dutch address parts that need a canonical form before they are stored or compared.
//!
//! Pure and `std`-only, so it can be compiled for the browser (wasm) as well as the server.

/// Normalises a Dutch postcode to the canonical form `"1234 AB"`.
///
/// Accepts four digits (the first not `0`), an optional single space and two letters, in any case,
/// with surrounding whitespace ignored. The letter combinations `SA`, `SD` and `SS` are never issued
/// by PostNL and are rejected. Returns `None` for anything else.
pub fn normalise_postcode(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let bytes = trimmed.as_bytes();
    let (digits, letters) = match bytes.len() {
        6 => (bytes.get(..4)?, bytes.get(4..)?),
        7 if bytes.get(4) == Some(&b' ') => (bytes.get(..4)?, bytes.get(5..)?),
        _ => return None,
    };
    if !digits.iter().all(u8::is_ascii_digit) || digits.first() == Some(&b'0') {
        return None;
    }
    if !letters.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let letters = letters.to_ascii_uppercase();
    if matches!(letters.as_slice(), b"SA" | b"SD" | b"SS") {
        return None;
    }
    let mut out = String::with_capacity(7);
    out.push_str(std::str::from_utf8(digits).ok()?);
    out.push(' ');
    out.push_str(std::str::from_utf8(&letters).ok()?);
    Some(out)
}

/// True for a phone number as people write it: digits, `+`, spaces, `-` and brackets, at
/// most 30 characters (empty is allowed: the field is optional).
pub fn is_valid_phone(input: &str) -> bool {
    let phone = input.trim();
    phone.chars().count() <= 30 && phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]
mod tests {
    use super::normalise_postcode;
    use proptest::prelude::*;

    #[test]
    fn accepts_common_spellings() {
        for input in ["1234 AB", "1234AB", "1234ab", " 1234 aB ", "9999 zz", "1000AA"] {
            let expected = format!("{} {}", &input.trim()[..4], input.trim()[input.trim().len() - 2..].to_uppercase());
            assert_eq!(normalise_postcode(input), Some(expected), "{input}");
        }
        assert_eq!(normalise_postcode("4331 ab").as_deref(), Some("4331 AB"));
    }

    #[test]
    fn rejects_invalid() {
        for input in [
            "",
            "1234",
            "0123 AB",
            "123 AB",
            "12345 AB",
            "1234  AB",
            "1234-AB",
            "1234 A",
            "1234 ABC",
            "1234 A1",
            "ABCD 12",
            "1234 SA",
            "1234 sd",
            "1234SS",
            "1234 ÄB",
            "１２３４ AB",
            "1234\tAB",
        ] {
            assert_eq!(normalise_postcode(input), None, "{input:?}");
        }
    }

    #[test]
    fn allows_other_s_combinations() {
        assert_eq!(normalise_postcode("1234 SB").as_deref(), Some("1234 SB"));
        assert_eq!(normalise_postcode("1234 as").as_deref(), Some("1234 AS"));
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_canonical(input in ".{0,12}") {
            if let Some(out) = normalise_postcode(&input) {
                prop_assert_eq!(out.len(), 7);
                prop_assert_eq!(normalise_postcode(&out), Some(out.clone()));
            }
        }

        #[test]
        fn valid_generated_postcodes_round_trip(n in 1000u32..10000, a in "[A-Za-z]", b in "[A-Za-z]", space in any::<bool>()) {
            let letters = format!("{a}{b}").to_uppercase();
            let input = format!("{n}{}{a}{b}", if space { " " } else { "" });
            let expected = if ["SA", "SD", "SS"].contains(&letters.as_str()) { None } else { Some(format!("{n} {letters}")) };
            prop_assert_eq!(normalise_postcode(&input), expected);
        }
    }
}
