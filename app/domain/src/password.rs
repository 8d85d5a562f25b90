//! The password rule: long enough, not absurdly long, and not a common password. No
//! composition rules (NIST SP 800-63B).

/// Shortest password accepted.
pub const MIN_CHARS: usize = 8;
/// Longest password accepted (far above what anyone types; bounds the hashing work).
pub const MAX_CHARS: usize = 128;

/// Why a new password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    TooCommon,
}

/// Checks a new password against the length rule and the list of common passwords.
pub fn check_new_password(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lowered = password.to_lowercase();
    if COMMON.lines().any(|c| c == lowered) || is_one_repeated_character(&lowered) {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

fn is_one_repeated_character(p: &str) -> bool {
    let mut chars = p.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

/// Passwords from public lists of the most used and leaked passwords, including Dutch ones,
/// lower-cased, 8 characters or more (shorter ones fail the length rule anyway).
const COMMON: &str = include_str!("common_passwords.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_characters_are_enough_and_seven_are_not() {
        assert_eq!(check_new_password("kort123"), Err(PasswordProblem::TooShort));
        assert_eq!(check_new_password("zonnebloem-aan-zee"), Ok(()));
        assert_eq!(check_new_password("Gx7!pq2z"), Ok(()));
    }

    #[test]
    fn long_passphrases_are_welcome_up_to_the_limit() {
        assert_eq!(check_new_password(&"fiets ".repeat(20)), Ok(()));
        assert_eq!(check_new_password(&"x".repeat(MAX_CHARS + 1)), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for p in ["password", "Wachtwoord", "welkom123", "12345678", "qwertyuiop", "aaaaaaaaaa"] {
            assert_eq!(check_new_password(p), Err(PasswordProblem::TooCommon), "{p}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(check_new_password("ééééééé"), Err(PasswordProblem::TooShort));
    }
}
