//! What a roster file says: its columns matched to the fields the location delivers, each row
//! read into a record (names, student number, e-mail, date of birth, classes) or reported as
//! an issue with its line and column. Pure: no database.

use crate::files::tabular::Table;
use domain::imports::RowIssue;
use domain::roster::{PassKind, RosterField};
use domain::Email;
use std::collections::{HashMap, HashSet};

/// The longest name, class or programme kept, in characters.
const MAX_TEXT: usize = 100;
/// The longest student number.
const MAX_STUDENT_NUMBER: usize = 30;

/// One person of a roster file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRecord {
    pub line: usize,
    pub first_name: String,
    pub last_name: String,
    pub email: Email,
    pub kind: PassKind,
    /// A student's class, or a staff member's classes as `4A, 4B`.
    pub class_name: String,
    /// The delivered fields, by `RosterField::ALL` position.
    pub extra: [Option<String>; 4],
}

impl RosterRecord {
    pub(crate) fn student_number(&self) -> Option<&str> {
        self.extra[0].as_deref()
    }

    pub(crate) fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Where each column of a roster file is, and which the location does not store.
struct Columns {
    base: [usize; 5],
    extra: [Option<usize>; 4],
    ignored: Vec<String>,
}

fn columns(table: &Table, fields: &[RosterField]) -> Result<Columns, Vec<RowIssue>> {
    let mut missing = Vec::new();
    let mut base = [0usize; 5];
    for (i, h) in domain::roster::ROSTER_BASE_HEADERS.iter().enumerate() {
        match table.column(h).or_else(|| {
            if *h == "E-mail" {
                table.column("Email").or_else(|| table.column("E-mailadres"))
            } else {
                None
            }
        }) {
            Some(c) => base[i] = c,
            None => missing.push(RowIssue {
                line: 1,
                column: (*h).to_owned(),
                message: format!("De kolom \"{h}\" ontbreekt. Gebruik de kopregel van het sjabloon."),
            }),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut extra = [None; 4];
    for (i, f) in RosterField::ALL.iter().enumerate() {
        if fields.contains(f) {
            extra[i] = table.column(f.header());
        }
    }
    let used: HashSet<usize> = base.iter().copied().chain(extra.iter().flatten().copied()).collect();
    let ignored = table.headers.iter().enumerate().filter(|(i, _)| !used.contains(i)).map(|(_, h)| h.clone()).collect();
    Ok(Columns { base, extra, ignored })
}

/// A name cell: required, not too long, and not starting like a spreadsheet formula.
fn name_cell(value: &str, label: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err(format!("{label} is leeg."));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(format!("{label} is langer dan {MAX_TEXT} tekens."));
    }
    if domain::error::is_unreadable(value) {
        return Err(format!("{label} bevat tekens die geen tekst zijn (een stuurteken of onleesbare bytes)."));
    }
    if value.starts_with(['=', '+', '@', '-']) {
        return Err(format!("{label} begint met een teken waarmee een formule begint ({}).", &value[..1]));
    }
    Ok(value.to_owned())
}

/// A date of birth as dd-mm-jjjj, jjjj-mm-dd, or an Excel day number; stored as jjjj-mm-dd.
fn date_of_birth(value: &str) -> Option<String> {
    let iso = if let Ok(serial) = value.parse::<i64>() {
        // Excel counts days from 1899-12-30 (in its 1900 date system, after its leap-year slip).
        let date = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(serial))?;
        date.format("%Y-%m-%d").to_string()
    } else if let Some((d, rest)) = value.split_once(['-', '/', '.']) {
        let (m, y) = rest.split_once(['-', '/', '.'])?;
        if d.len() == 4 {
            format!("{d}-{m:0>2}-{y:0>2}")
        } else {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
    } else {
        return None;
    };
    let date = chrono::NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    (1900..=2100).contains(&date.year()).then_some(iso)
}

/// A student's class or a teacher's classes, normalised (`4a , 4B` becomes `4A, 4B`).
fn classes(value: &str, kind: PassKind) -> Result<String, String> {
    let mut list: Vec<String> = Vec::new();
    for class in value.split([',', ';']).map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()) {
        if !class.is_empty() && !list.contains(&class) {
            list.push(class);
        }
    }
    if list.iter().any(|c| c.chars().count() > 40) {
        return Err("Een klas heeft ten hoogste 40 tekens.".to_owned());
    }
    if list.iter().any(|c| c.starts_with(['=', '+', '@'])) {
        return Err("Een klas begint met een teken waarmee een formule begint.".to_owned());
    }
    if list.iter().any(|c| domain::error::is_unreadable(c)) {
        return Err("Een klas bevat tekens die geen tekst zijn (een stuurteken of onleesbare bytes).".to_owned());
    }
    match kind {
        PassKind::Student if list.is_empty() => Err("Klas is leeg; een student hoort bij een klas of groep.".to_owned()),
        PassKind::Student if list.len() > 1 => Err("Een student hoort bij één klas.".to_owned()),
        _ => {
            let joined = list.join(", ");
            if joined.chars().count() > 400 {
                Err("Te veel klassen in één cel.".to_owned())
            } else {
                Ok(joined)
            }
        }
    }
}

/// Reads and checks every row: all problems at once, with their lines. Duplicates within the
/// file are reported on their second line.
pub fn parse(table: &Table, fields: &[RosterField]) -> (Vec<RosterRecord>, Vec<RowIssue>, Vec<String>) {
    let cols = match columns(table, fields) {
        Ok(c) => c,
        Err(problems) => return (Vec::new(), problems, Vec::new()),
    };
    let header = |i: usize| table.headers.get(i).cloned().unwrap_or_default();
    let mut records = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    let mut emails: HashMap<String, usize> = HashMap::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let line = row.line;
        let mut found: Vec<(usize, String)> = Vec::new();
        let mut keep = |col: usize, r: Result<String, String>| match r {
            Ok(v) => Some(v),
            Err(m) => {
                found.push((col, m));
                None
            }
        };
        let [c_first, c_last, c_email, c_role, c_class] = cols.base;
        let first = keep(c_first, name_cell(row.cell(c_first), "Voornaam"));
        let last = keep(c_last, name_cell(row.cell(c_last), "Achternaam"));
        let email = keep(
            c_email,
            Email::parse(row.cell(c_email)).map(|e| e.as_str().to_owned()).ok_or_else(|| {
                if row.cell(c_email).is_empty() {
                    "E-mail is leeg.".to_owned()
                } else {
                    format!("\"{}\" is geen geldig e-mailadres.", row.cell(c_email))
                }
            }),
        );
        let kind = keep(
            c_role,
            PassKind::from_cell(row.cell(c_role))
                .map(|k| k.code().to_owned())
                .ok_or_else(|| format!("Rol \"{}\" is onbekend; vul student of docent in.", row.cell(c_role))),
        )
        .and_then(|k| PassKind::from_code(&k));
        let class = kind.and_then(|k| keep(c_class, classes(row.cell(c_class), k)));
        let mut extra: [Option<String>; 4] = Default::default();
        for (i, field) in RosterField::ALL.iter().enumerate() {
            let Some(col) = cols.extra[i] else { continue };
            let v = row.cell(col);
            if v.is_empty() {
                continue;
            }
            let checked = match field {
                RosterField::StudentNumber => {
                    if v.chars().count() > MAX_STUDENT_NUMBER || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        Err(format!(
                            "Studentnummer \"{v}\" mag alleen letters, cijfers en - bevatten (ten hoogste {MAX_STUDENT_NUMBER})."
                        ))
                    } else {
                        Ok(v.to_owned())
                    }
                }
                RosterField::DateOfBirth => date_of_birth(v).ok_or_else(|| format!("\"{v}\" is geen datum; schrijf dd-mm-jjjj.")),
                RosterField::Phone => {
                    if domain::address::is_valid_phone(v) {
                        Ok(v.to_owned())
                    } else {
                        Err(format!("\"{v}\" is geen telefoonnummer."))
                    }
                }
                RosterField::Programme => name_cell(v, "Opleiding"),
            };
            extra[i] = keep(col, checked);
        }
        if let Some(e) = &email {
            if let Some(first_line) = emails.insert(e.clone(), line) {
                found.push((c_email, format!("E-mailadres {e} staat ook al op regel {first_line}.")));
                emails.insert(e.clone(), first_line);
            }
        }
        if let (Some(n), Some(col)) = (&extra[0], cols.extra[0]) {
            if let Some(first_line) = numbers.insert(n.clone(), line) {
                found.push((col, format!("Studentnummer {n} staat ook al op regel {first_line}.")));
                numbers.insert(n.clone(), first_line);
            }
        }
        if found.is_empty() {
            if let (Some(first_name), Some(last_name), Some(email), Some(kind), Some(class_name)) =
                (first, last, email, kind, class)
            {
                if let Some(email) = Email::parse(&email) {
                    records.push(RosterRecord { line, first_name, last_name, email, kind, class_name, extra });
                }
            }
        } else {
            problems.extend(found.into_iter().map(|(col, message)| RowIssue {
                line: i64::try_from(line).unwrap_or(i64::MAX),
                column: header(col),
                message,
            }));
        }
    }
    (records, problems, cols.ignored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::tabular;

    fn table(csv: &str) -> Table {
        tabular::read(csv.as_bytes()).unwrap()
    }

    #[test]
    fn a_good_file_reads_into_records_with_normalised_classes() {
        let t = table("Voornaam;Achternaam;E-mail;Rol;Klas\nSanne;de Vries;Sanne@Example.NL;Leerling;2a\nPiet;Jansen;piet@example.nl;docent;4b, 2A,4B\n");
        let (records, problems, ignored) = parse(&t, &[]);
        assert_eq!(problems, vec![]);
        assert!(ignored.is_empty());
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].email.as_str(), "sanne@example.nl");
        assert_eq!(records[0].class_name, "2A");
        assert_eq!(records[1].kind, PassKind::Staff);
        assert_eq!(records[1].class_name, "4B, 2A");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let t = table(
            "Voornaam;Achternaam;E-mail;Rol;Klas\n=HYPERLINK(1);A;a@example.nl;student;1A\nB;B;geen-adres;student;1A\nC;C;c@example.nl;ouder;1A\nD;D;a@example.nl;student;\n",
        );
        let (records, problems, _) = parse(&t, &[]);
        assert!(records.is_empty());
        let got: Vec<(i64, &str)> = problems.iter().map(|p| (p.line, p.column.as_str())).collect();
        assert_eq!(got, vec![(2, "Voornaam"), (3, "E-mail"), (4, "Rol"), (5, "Klas"), (5, "E-mail")]);
        assert!(problems[4].message.contains("regel 2"), "{}", problems[4].message);
    }

    #[test]
    fn fields_the_location_does_not_deliver_are_ignored_and_named() {
        let t = table("Voornaam;Achternaam;E-mail;Rol;Klas;Geboortedatum;Studentnummer;Hobby\nA;B;a@example.nl;student;1A;01-09-2008;S1;tekenen\n");
        let (records, problems, ignored) = parse(&t, &[RosterField::StudentNumber]);
        assert_eq!(problems, vec![]);
        assert_eq!(ignored, vec!["Geboortedatum".to_owned(), "Hobby".to_owned()]);
        assert_eq!(records[0].extra, [Some("S1".to_owned()), None, None, None]);
    }

    #[test]
    fn dates_of_birth_are_read_as_dutch_iso_or_excel_day_numbers() {
        assert_eq!(date_of_birth("01-09-2008").as_deref(), Some("2008-09-01"));
        assert_eq!(date_of_birth("1-9-2008").as_deref(), Some("2008-09-01"));
        assert_eq!(date_of_birth("2008-09-01").as_deref(), Some("2008-09-01"));
        assert_eq!(date_of_birth("39692").as_deref(), Some("2008-09-01"));
        assert_eq!(date_of_birth("31-02-2008"), None);
        assert_eq!(date_of_birth("morgen"), None);
    }

    #[test]
    fn a_missing_column_is_named() {
        let (_, problems, _) = parse(&table("Voornaam;Achternaam;Rol;Klas\nA;B;student;1A\n"), &[]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].column, "E-mail");
    }
}
