//! A location's roster of students and staff and their CJP passes: pass numbers with a check
//! digit, pass statuses, the personal fields a location chooses to deliver, and what a roster
//! file would change.

use super::imports::{RowChange, RowIssue};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest prime below 10^9: pass numbers permute serials modulo it.
const PASS_MODULUS: u64 = 999_999_937;
/// 3^18, coprime with the modulus, so `serial -> serial * MULTIPLIER + OFFSET` is a bijection.
const PASS_MULTIPLIER: u64 = 387_420_489;
const PASS_OFFSET: u64 = 271_828_182;

/// A CJP pass number: nine digits and a Luhn check digit, shown as `1234 5678 90`. Pass
/// numbers identify a pass; they never authorise a payment (the rotating counter code does).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PassNumber(String);

impl PassNumber {
    /// The number of the `serial`-th pass. Different serials below 999,999,937 give different
    /// numbers, and neighbouring serials give numbers far apart.
    pub fn from_serial(serial: u64) -> PassNumber {
        let body = ((serial % PASS_MODULUS) * PASS_MULTIPLIER + PASS_OFFSET) % PASS_MODULUS;
        let body = format!("{body:09}");
        let check = luhn_check_digit(&body);
        PassNumber(format!("{body}{check}"))
    }

    /// Reads a pass number as people type it (spaces and dashes allowed); `None` unless it has
    /// ten digits whose last is the check digit of the others.
    pub fn parse(text: &str) -> Option<PassNumber> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (body, check) = digits.split_at(9);
        (check.as_bytes().first().map(|b| b - b'0') == Some(luhn_check_digit(body))).then_some(PassNumber(digits))
    }

    /// The ten digits, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PassNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        match (s.get(..4), s.get(4..8), s.get(8..)) {
            (Some(a), Some(b), Some(c)) => write!(f, "{a} {b} {c}"),
            _ => f.write_str(s),
        }
    }
}

/// The Luhn (mod 10) check digit of a string of ASCII digits: it catches every single wrong
/// digit and nearly every swap of neighbours.
pub fn luhn_check_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.saturating_sub(b'0'));
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

/// Where a pass stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PassStatus {
    NotInvited,
    Invited,
    Active,
    Blocked,
    Expired,
}

impl PassStatus {
    pub const ALL: [PassStatus; 5] =
        [PassStatus::NotInvited, PassStatus::Invited, PassStatus::Active, PassStatus::Blocked, PassStatus::Expired];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            PassStatus::NotInvited => "not_invited",
            PassStatus::Invited => "invited",
            PassStatus::Active => "active",
            PassStatus::Blocked => "blocked",
            PassStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<PassStatus> {
        PassStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Whether a pass holder is a student or a member of staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PassKind {
    Student,
    Staff,
}

impl PassKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            PassKind::Student => "student",
            PassKind::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<PassKind> {
        match code {
            "student" => Some(PassKind::Student),
            "staff" => Some(PassKind::Staff),
            _ => None,
        }
    }

    /// The role column of a roster file, as schools write it.
    pub fn from_cell(cell: &str) -> Option<PassKind> {
        match cell.trim().to_lowercase().as_str() {
            "student" | "leerling" | "deelnemer" => Some(PassKind::Student),
            "docent" | "medewerker" | "teacher" | "staff" => Some(PassKind::Staff),
            _ => None,
        }
    }

    /// How the template writes it.
    pub fn cell(self) -> &'static str {
        match self {
            PassKind::Student => "student",
            PassKind::Staff => "docent",
        }
    }
}

/// A personal field a location may deliver beyond the minimum (name, e-mail, role, class).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RosterField {
    StudentNumber,
    DateOfBirth,
    Phone,
    Programme,
}

impl RosterField {
    pub const ALL: [RosterField; 4] =
        [RosterField::StudentNumber, RosterField::DateOfBirth, RosterField::Phone, RosterField::Programme];

    /// The stored code (also the form field's name).
    pub fn code(self) -> &'static str {
        match self {
            RosterField::StudentNumber => "student_number",
            RosterField::DateOfBirth => "date_of_birth",
            RosterField::Phone => "phone",
            RosterField::Programme => "programme",
        }
    }

    /// Its column in a roster file.
    pub fn header(self) -> &'static str {
        match self {
            RosterField::StudentNumber => "Studentnummer",
            RosterField::DateOfBirth => "Geboortedatum",
            RosterField::Phone => "Telefoonnummer",
            RosterField::Programme => "Opleiding",
        }
    }

    pub fn from_code(code: &str) -> Option<RosterField> {
        RosterField::ALL.into_iter().find(|f| f.code() == code)
    }

    /// A stored list (`student_number,phone`); unknown codes are dropped, the order is fixed.
    pub fn parse_list(list: &str) -> Vec<RosterField> {
        let codes: Vec<&str> = list.split(',').map(str::trim).collect();
        RosterField::ALL.into_iter().filter(|f| codes.contains(&f.code())).collect()
    }

    /// The stored form of a list.
    pub fn list_code(fields: &[RosterField]) -> String {
        RosterField::ALL.into_iter().filter(|f| fields.contains(f)).map(RosterField::code).collect::<Vec<_>>().join(",")
    }
}

/// The columns every roster file has, in the template's order.
pub const ROSTER_BASE_HEADERS: [&str; 5] = ["Voornaam", "Achternaam", "E-mail", "Rol", "Klas"];

/// The columns of a location's template: the minimum, then its chosen fields.
pub fn roster_headers(fields: &[RosterField]) -> Vec<&'static str> {
    ROSTER_BASE_HEADERS
        .into_iter()
        .chain(RosterField::ALL.into_iter().filter(|f| fields.contains(f)).map(RosterField::header))
        .collect()
}

/// A location's field choice as the budget holder sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFieldChoice {
    pub location_id: super::LocationId,
    pub location_name: String,
    pub fields: Vec<RosterField>,
    /// When and by whom it was last chosen; `None` while the location has not chosen yet.
    pub updated_at_ms: Option<i64>,
    pub updated_by: Option<String>,
}

/// One line of a roster file as it would change the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterLine {
    pub line: i64,
    pub name: String,
    pub email: String,
    pub kind: PassKind,
    pub class_name: String,
    pub change: RowChange,
}

/// A roster file checked against the location's roster; nothing changes until confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPreview {
    pub upload_id: i64,
    pub location_id: super::LocationId,
    pub location_name: String,
    pub filename: String,
    /// Problems with the file; when there are any, nothing can be imported.
    pub problems: Vec<RowIssue>,
    /// Columns the file has that are not stored (unknown, or a field the location does not deliver).
    pub ignored_columns: Vec<String>,
    pub rows: i64,
    pub creates: i64,
    pub updates: i64,
    pub unchanged: i64,
    /// People on the roster who are not in the file: they leave only when the budget holder
    /// confirms that the file is the whole list. Their names, at most [`PREVIEW_NAMES`].
    pub leavers: Vec<String>,
    pub leaver_count: i64,
    /// The new and changed lines, at most [`PREVIEW_LINES`].
    pub lines: Vec<RosterLine>,
    /// Set once the file was imported (a second confirmation changes nothing).
    pub committed: bool,
}

/// How many leavers' names a preview lists.
pub const PREVIEW_NAMES: usize = 200;
/// How many new or changed lines a preview lists.
pub const PREVIEW_LINES: usize = 200;

/// What a confirmed roster file changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterOutcome {
    pub created: i64,
    pub updated: i64,
    pub left: i64,
}

/// A class of a location with how far its students are on the way to an active pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub location_id: super::LocationId,
    pub location_name: String,
    pub class_name: String,
    pub not_invited: i64,
    pub invited: i64,
    pub active: i64,
    pub blocked: i64,
    pub expired: i64,
}

impl ClassSummary {
    pub fn total(&self) -> i64 {
        self.not_invited + self.invited + self.active + self.blocked + self.expired
    }
}

/// A pass holder in a class list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassRow {
    pub pass_id: i64,
    pub name: String,
    pub email: String,
    pub kind: PassKind,
    pub class_name: String,
    pub pass_number: PassNumber,
    pub status: PassStatus,
}

/// Who gets an invitation: everyone not yet invited at a location, a class not yet invited,
/// a class's invited students again, or one person (first time or again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteTarget {
    Location,
    Class(String),
    ClassAgain(String),
    Pass(i64),
}

/// A student's own pass, as the pass page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassCard {
    pub first_name: String,
    pub last_name: String,
    pub pass_number: PassNumber,
    pub status: PassStatus,
    pub kind: PassKind,
    pub location_name: String,
    pub class_name: String,
    /// The last day of the programme period the pass is valid in, when there is one.
    pub valid_until: Option<String>,
    /// The pass number as a QR code (an SVG document).
    pub qr_svg: String,
    /// A student's individual credit in the current period, and its latest movements.
    pub credit: super::Money,
    pub credit_lines: Vec<super::credit::CreditLine>,
    /// The counter code while one is live.
    pub counter_code: Option<super::credit::CounterCode>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_pass_number_has_ten_digits_and_shows_in_groups() {
        let n = PassNumber::from_serial(1);
        assert_eq!(n.as_str().len(), 10);
        assert!(n.as_str().bytes().all(|b| b.is_ascii_digit()));
        let shown = n.to_string();
        assert_eq!(shown.len(), 12);
        assert_eq!(PassNumber::parse(&shown), Some(n));
    }

    #[test]
    fn the_luhn_digit_matches_the_published_example() {
        // The standard worked example: 7992739871 has check digit 3.
        assert_eq!(luhn_check_digit("7992739871"), 3);
    }

    #[test]
    fn neighbouring_serials_give_unrelated_numbers() {
        let a = PassNumber::from_serial(41);
        let b = PassNumber::from_serial(42);
        assert_ne!(a.as_str()[..6], b.as_str()[..6]);
    }

    #[test]
    fn text_that_is_no_pass_number_is_refused() {
        assert_eq!(PassNumber::parse(""), None);
        assert_eq!(PassNumber::parse("123456789"), None);
        assert_eq!(PassNumber::parse("12345678901"), None);
        assert_eq!(PassNumber::parse("12345abc90"), None);
    }

    #[test]
    fn field_lists_keep_a_fixed_order_and_drop_unknown_codes() {
        let fields = RosterField::parse_list("phone, nonsense,student_number");
        assert_eq!(fields, vec![RosterField::StudentNumber, RosterField::Phone]);
        assert_eq!(RosterField::list_code(&fields), "student_number,phone");
        assert_eq!(RosterField::parse_list(""), Vec::<RosterField>::new());
        assert_eq!(
            roster_headers(&fields),
            vec!["Voornaam", "Achternaam", "E-mail", "Rol", "Klas", "Studentnummer", "Telefoonnummer"]
        );
    }

    #[test]
    fn schools_may_write_the_role_in_their_own_words() {
        assert_eq!(PassKind::from_cell(" Leerling "), Some(PassKind::Student));
        assert_eq!(PassKind::from_cell("DOCENT"), Some(PassKind::Staff));
        assert_eq!(PassKind::from_cell("ouder"), None);
    }

    proptest! {
        #[test]
        fn every_pass_number_passes_its_own_check(serial in 0u64..PASS_MODULUS) {
            let n = PassNumber::from_serial(serial);
            prop_assert_eq!(PassNumber::parse(n.as_str()), Some(n));
        }

        #[test]
        fn different_serials_never_share_a_number(a in 0u64..PASS_MODULUS, b in 0u64..PASS_MODULUS) {
            prop_assume!(a != b);
            prop_assert_ne!(PassNumber::from_serial(a), PassNumber::from_serial(b));
        }

        #[test]
        fn one_mistyped_digit_is_always_caught(serial in 0u64..PASS_MODULUS, at in 0usize..10, add in 1u8..10) {
            let n = PassNumber::from_serial(serial);
            let mut bytes = n.as_str().as_bytes().to_vec();
            bytes[at] = b'0' + (bytes[at] - b'0' + add) % 10;
            let typo = String::from_utf8(bytes).unwrap_or_default();
            prop_assert_eq!(PassNumber::parse(&typo), None);
        }
    }
}
