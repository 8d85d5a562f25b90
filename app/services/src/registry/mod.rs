//! The operator's CSV import of school institutions and their locations (vestigingen).
//!
//! Each row describes one location: the institution (BRIN code, name, optional KvK number) and
//! the location itself (vestigingsnummer, name, address and CJP school number). [`parse`]
//! validates the whole file and returns either every record or every problem, never a mix, so an
//! import is all-or-nothing.
//!
//! The folder holds the other imports of the operator: DUO student counts and the staged
//! import files.

pub mod duo;
pub mod imports;

use std::collections::HashMap;

use crate::files::tabular::{RowProblem, Table};
use domain::address::normalise_postcode;

/// Maximum length, in characters, of names and other free-text fields.
pub const MAX_TEXT_CHARS: usize = 200;

/// One validated row of the import file: a location and the institution it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationRecord {
    /// BRIN code of the institution, uppercase, e.g. `"25LX"`.
    pub brin: String,
    /// Name of the institution.
    pub institution_name: String,
    /// The institution's 8-digit Chamber of Commerce (KvK) number, when given.
    pub kvk: Option<String>,
    /// Two-digit location number within the BRIN, e.g. `"01"`.
    pub vestiging_number: String,
    /// Name of the location.
    pub name: String,
    /// Street and house number.
    pub street: String,
    /// Postcode in the form `"1234 AB"`.
    pub postcode: String,
    /// Town or city.
    pub city: String,
    /// CJP school number: 4 to 20 digits, letters or hyphens (uppercased), leading zeros kept.
    pub cjp_school_number: String,
}

/// A column of the import file: its canonical name, accepted alternative spellings and whether
/// it must be present.
struct ColumnSpec {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const BRIN: ColumnSpec = ColumnSpec { name: "BRIN", aliases: &["BRIN-nummer", "BRIN-code", "BRINnummer"], required: true };
const INSTITUTION: ColumnSpec =
    ColumnSpec { name: "Instelling", aliases: &["Instellingsnaam", "Naam instelling"], required: true };
const KVK: ColumnSpec = ColumnSpec { name: "KvK", aliases: &["KvK-nummer", "KvKnummer"], required: false };
const VESTIGING_NUMBER: ColumnSpec =
    ColumnSpec { name: "Vestigingsnummer", aliases: &["Vestigingnummer", "Vestigingscode"], required: true };
const VESTIGING: ColumnSpec = ColumnSpec { name: "Vestiging", aliases: &["Vestigingsnaam", "Naam vestiging"], required: true };
const STREET: ColumnSpec = ColumnSpec { name: "Straat", aliases: &["Adres", "Straat en huisnummer"], required: true };
const POSTCODE: ColumnSpec = ColumnSpec { name: "Postcode", aliases: &[], required: true };
const CITY: ColumnSpec = ColumnSpec { name: "Plaats", aliases: &["Woonplaats", "Plaatsnaam"], required: true };
const CJP: ColumnSpec = ColumnSpec { name: "CJP-schoolnummer", aliases: &["CJP-nummer", "Schoolnummer CJP"], required: true };

const COLUMNS: [&ColumnSpec; 9] = [&BRIN, &INSTITUTION, &KVK, &VESTIGING_NUMBER, &VESTIGING, &STREET, &POSTCODE, &CITY, &CJP];

/// Normalises a BRIN code: trimmed and uppercased, it must be two digits followed by two letters
/// or digits (`"25LX"`, `"00GT"`). Returns `None` otherwise.
pub fn normalise_brin(input: &str) -> Option<String> {
    let brin = input.trim().to_ascii_uppercase();
    let bytes = brin.as_bytes();
    let valid = bytes.len() == 4
        && bytes.iter().take(2).all(u8::is_ascii_digit)
        && bytes.iter().skip(2).all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    valid.then_some(brin)
}

/// Normalises a location number (vestigingsnummer) to two digits.
///
/// A single digit is padded with a leading zero, because spreadsheet programs drop it
/// (`"01"` becomes `1`). Returns `None` for anything that is not one or two digits.
pub fn normalise_vestiging_number(input: &str) -> Option<String> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.len() > 2 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{trimmed:0>2}"))
}

/// Resolved column positions in a particular file.
struct Columns {
    brin: usize,
    institution: usize,
    kvk: Option<usize>,
    vestiging_number: usize,
    vestiging: usize,
    street: usize,
    postcode: usize,
    city: usize,
    cjp: usize,
}

fn find(table: &Table, spec: &ColumnSpec) -> Option<usize> {
    std::iter::once(spec.name).chain(spec.aliases.iter().copied()).find_map(|name| table.column(name))
}

fn resolve_columns(table: &Table) -> Result<Columns, RowProblem> {
    let missing: Vec<&str> =
        COLUMNS.iter().filter(|spec| spec.required && find(table, spec).is_none()).map(|spec| spec.name).collect();
    let missing_problem = || {
        let expected: Vec<String> = COLUMNS
            .iter()
            .map(|spec| if spec.required { spec.name.to_owned() } else { format!("{} (optioneel)", spec.name) })
            .collect();
        RowProblem::new(
            1,
            missing.join(", "),
            format!(
                "{} ontbreekt in de kopregel. Verwachte kolommen: {}.",
                if missing.len() == 1 { "Deze kolom" } else { "Deze kolommen" },
                expected.join(", ")
            ),
        )
    };
    let required = |spec: &ColumnSpec| find(table, spec).ok_or_else(missing_problem);
    Ok(Columns {
        brin: required(&BRIN)?,
        institution: required(&INSTITUTION)?,
        kvk: find(table, &KVK),
        vestiging_number: required(&VESTIGING_NUMBER)?,
        vestiging: required(&VESTIGING)?,
        street: required(&STREET)?,
        postcode: required(&POSTCODE)?,
        city: required(&CITY)?,
        cjp: required(&CJP)?,
    })
}

/// Checks a required free-text cell: non-empty, at most [`MAX_TEXT_CHARS`], no control characters.
fn text(value: &str, what: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err(format!("{what} ontbreekt."));
    }
    if value.chars().any(char::is_control) || domain::error::is_unreadable(value) {
        return Err(format!("{what} bevat een regelovergang, tab of ander stuurteken."));
    }
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("{what} is langer dan {MAX_TEXT_CHARS} tekens."));
    }
    Ok(value.to_owned())
}

fn brin(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("BRIN-code ontbreekt.".to_owned());
    }
    normalise_brin(value)
        .ok_or_else(|| format!("Ongeldige BRIN-code \"{value}\": verwacht 2 cijfers en 2 letters of cijfers, zoals 25LX."))
}

fn kvk(value: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let digits: String = value.chars().filter(|c| *c != ' ').collect();
    if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(digits))
    } else {
        Err(format!("Ongeldig KvK-nummer \"{value}\": verwacht 8 cijfers."))
    }
}

fn vestiging_number(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("Vestigingsnummer ontbreekt.".to_owned());
    }
    normalise_vestiging_number(value)
        .ok_or_else(|| format!("Ongeldig vestigingsnummer \"{value}\": verwacht 2 cijfers, zoals 01."))
}

fn street(value: &str) -> Result<String, String> {
    let street = text(value, "Straat")?;
    if !street.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("Geen huisnummer in \"{street}\": vul straat en huisnummer in."));
    }
    Ok(street)
}

fn postcode(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("Postcode ontbreekt.".to_owned());
    }
    normalise_postcode(value).ok_or_else(|| format!("Ongeldige postcode \"{value}\": verwacht bijvoorbeeld 1234 AB."))
}

fn cjp(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("CJP-schoolnummer ontbreekt.".to_owned());
    }
    let upper = value.to_ascii_uppercase();
    if (4..=20).contains(&upper.len())
        && upper.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && upper.bytes().any(|b| b.is_ascii_digit())
    {
        Ok(upper)
    } else {
        Err(format!("Ongeldig CJP-schoolnummer \"{value}\": verwacht 4 tot 20 cijfers, letters of streepjes, zoals CJP-250001."))
    }
}

/// The first row seen for a BRIN, to check later rows of the same institution against.
#[derive(Default)]
struct InstitutionSeen {
    /// Line and value of the first valid institution name.
    name: Option<(usize, String)>,
    /// Line and value of the first valid KvK cell (`None` inside when it was empty).
    kvk: Option<(usize, Option<String>)>,
}

/// Validates the import file and returns one [`LocationRecord`] per data row, in file order.
///
/// Columns are found by name (case, spaces, underscores and hyphens do not matter); `KvK` may be
/// absent, all others are required. When anything is wrong the result is every problem found,
/// each with its line number, and no records: a missing column, an invalid cell, a location
/// (BRIN + vestigingsnummer) or CJP school number that occurs twice, or one BRIN with different
/// institution names or KvK numbers. Duplicates are reported on the later row, naming the first.
pub fn parse(table: &Table) -> Result<Vec<LocationRecord>, Vec<RowProblem>> {
    let columns = resolve_columns(table).map_err(|problem| vec![problem])?;

    let mut problems: Vec<RowProblem> = Vec::new();
    let mut records: Vec<LocationRecord> = Vec::with_capacity(table.rows.len());
    let mut locations: HashMap<(String, String), usize> = HashMap::new();
    let mut cjp_numbers: HashMap<String, usize> = HashMap::new();
    let mut institutions: HashMap<String, InstitutionSeen> = HashMap::new();

    for row in &table.rows {
        let line = row.line;
        // (column index, message) for this row; turned into RowProblems at the end of the row.
        let mut found: Vec<(usize, String)> = Vec::new();

        let brin_value = keep(&mut found, columns.brin, brin(row.cell(columns.brin)));
        let institution = keep(&mut found, columns.institution, text(row.cell(columns.institution), "Naam van de instelling"));
        let kvk_value = match columns.kvk {
            Some(index) => keep(&mut found, index, kvk(row.cell(index))),
            None => Some(None),
        };
        let number = keep(&mut found, columns.vestiging_number, vestiging_number(row.cell(columns.vestiging_number)));
        let name = keep(&mut found, columns.vestiging, text(row.cell(columns.vestiging), "Naam van de vestiging"));
        let street_value = keep(&mut found, columns.street, street(row.cell(columns.street)));
        let postcode_value = keep(&mut found, columns.postcode, postcode(row.cell(columns.postcode)));
        let city = keep(&mut found, columns.city, text(row.cell(columns.city), "Plaats"));
        let cjp_value = keep(&mut found, columns.cjp, cjp(row.cell(columns.cjp)));

        if let (Some(brin_value), Some(number)) = (&brin_value, &number) {
            match locations.get(&(brin_value.clone(), number.clone())) {
                Some(first) => found
                    .push((columns.vestiging_number, format!("Vestiging {brin_value} {number} staat ook al op regel {first}."))),
                None => {
                    locations.insert((brin_value.clone(), number.clone()), line);
                }
            }
        }
        if let Some(cjp_value) = &cjp_value {
            match cjp_numbers.get(cjp_value) {
                Some(first) => found.push((columns.cjp, format!("CJP-schoolnummer {cjp_value} staat ook al op regel {first}."))),
                None => {
                    cjp_numbers.insert(cjp_value.clone(), line);
                }
            }
        }
        if let Some(brin_value) = &brin_value {
            let seen = institutions.entry(brin_value.clone()).or_default();
            match (&seen.name, &institution) {
                (None, Some(this)) => seen.name = Some((line, this.clone())),
                (Some((first_line, first)), Some(this)) if first != this => found.push((
                    columns.institution,
                    format!("BRIN {brin_value} heeft op regel {first_line} de naam \"{first}\"; gebruik overal dezelfde naam."),
                )),
                _ => {}
            }
            if let Some(index) = columns.kvk {
                match (&seen.kvk, &kvk_value) {
                    (None, Some(this)) => seen.kvk = Some((line, this.clone())),
                    (Some((first_line, first)), Some(this)) if first != this => {
                        let first = first.as_ref().map_or_else(|| "geen KvK-nummer".to_owned(), |k| format!("KvK-nummer {k}"));
                        found.push((
                            index,
                            format!(
                                "BRIN {brin_value} heeft op regel {first_line} {first}; gebruik overal hetzelfde KvK-nummer."
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }

        if !found.is_empty() {
            found.sort_by_key(|(index, _)| *index);
            problems.extend(
                found.into_iter().map(|(index, message)| {
                    RowProblem::new(line, table.headers.get(index).cloned().unwrap_or_default(), message)
                }),
            );
            continue;
        }
        if let (
            Some(brin),
            Some(institution_name),
            Some(kvk),
            Some(vestiging_number),
            Some(name),
            Some(street),
            Some(postcode),
            Some(city),
            Some(cjp_school_number),
        ) = (brin_value, institution, kvk_value, number, name, street_value, postcode_value, city, cjp_value)
        {
            records.push(LocationRecord {
                brin,
                institution_name,
                kvk,
                vestiging_number,
                name,
                street,
                postcode,
                city,
                cjp_school_number,
            });
        }
    }

    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// Returns the value of a valid cell, or records the problem for `index` and returns `None`.
fn keep<T>(found: &mut Vec<(usize, String)>, index: usize, result: Result<T, String>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(message) => {
            found.push((index, message));
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]
mod tests {
    use super::*;
    use crate::files::tabular::read;

    const HEADER: &str = "BRIN;Instelling;KvK;Vestigingsnummer;Vestiging;Straat;Postcode;Plaats;CJP-schoolnummer\n";

    fn parse_text(body: &str) -> Result<Vec<LocationRecord>, Vec<RowProblem>> {
        parse(&read(format!("{HEADER}{body}").as_bytes()).unwrap())
    }

    fn lines_and_columns(problems: &[RowProblem]) -> Vec<(usize, &str)> {
        problems.iter().map(|p| (p.line, p.column.as_str())).collect()
    }

    #[test]
    fn parses_valid_file() {
        let data = encoding_rs::WINDOWS_1252
            .encode(
                "brin_nummer;Instelling;KvK-nummer;Vestigingsnummer;Vestiging;Straat;Postcode;Plaats;CJP schoolnummer\r\n\
                 25lx;Scalda;12345678;01;\"Cultuur & Techniek – Zeeland\";Edisonweg 2;4382nw;Vlissingen;0012345\r\n\
                 25LX;Scalda;1234 5678;2;Locatie Goes;\"Stationspark 30; ingang B\";4462 DZ;Goes;0012346\r\n\
                 00GT;Zadkine é;;01;Centrum;Benthemstraat 17;3032 CB;Rotterdam;9876\r\n",
            )
            .0
            .into_owned();
        let records = parse(&read(&data).unwrap()).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[0],
            LocationRecord {
                brin: "25LX".into(),
                institution_name: "Scalda".into(),
                kvk: Some("12345678".into()),
                vestiging_number: "01".into(),
                name: "Cultuur & Techniek – Zeeland".into(),
                street: "Edisonweg 2".into(),
                postcode: "4382 NW".into(),
                city: "Vlissingen".into(),
                cjp_school_number: "0012345".into(),
            }
        );
        assert_eq!(records[1].vestiging_number, "02");
        assert_eq!(records[1].kvk.as_deref(), Some("12345678"));
        assert_eq!(records[1].street, "Stationspark 30; ingang B");
        assert_eq!(records[2].institution_name, "Zadkine é");
        assert_eq!(records[2].kvk, None);
    }

    #[test]
    fn kvk_column_is_optional() {
        let table = read(
            b"BRIN;Instelling;Vestigingsnummer;Vestiging;Straat;Postcode;Plaats;CJP-schoolnummer\n\
              25LX;Scalda;01;Hoofd;Edisonweg 2;4382 NW;Vlissingen;1234\n",
        )
        .unwrap();
        assert_eq!(parse(&table).unwrap()[0].kvk, None);
    }

    #[test]
    fn missing_columns_give_one_problem() {
        let table = read(b"BRIN;Instelling;Vestiging;Straat;Plaats\n25LX;Scalda;Hoofd;Edisonweg 2;Vlissingen\n").unwrap();
        let problems = parse(&table).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 1);
        assert_eq!(problems[0].column, "Vestigingsnummer, Postcode, CJP-schoolnummer");
        assert_eq!(
            problems[0].message,
            "Deze kolommen ontbreekt in de kopregel. Verwachte kolommen: BRIN, Instelling, KvK (optioneel), \
             Vestigingsnummer, Vestiging, Straat, Postcode, Plaats, CJP-schoolnummer."
        );
    }

    #[test]
    fn invalid_cells_are_all_reported() {
        let long = "x".repeat(201);
        let body = format!(
            "25LX;Scalda;12345678;01;Hoofd;Edisonweg 2;4382 NW;Vlissingen;1234\n\
             2XLX;Scalda;1234567;001;Hoofd;Edisonweg;0382 NW;Vlissingen;123\n\
             ;;;;;;;;\n\
             25LX;;;03;{long};Edisonweg 2;4382 SA;;123456789012345678901\n\
             25LX;Scalda;;04;\"Twee\nregels\";Edisonweg 2;4382 NW;Vlissingen;12_4\n"
        );
        let problems = parse_text(&body).unwrap_err();
        assert_eq!(
            lines_and_columns(&problems),
            vec![
                (3, "BRIN"),
                (3, "KvK"),
                (3, "Vestigingsnummer"),
                (3, "Straat"),
                (3, "Postcode"),
                (3, "CJP-schoolnummer"),
                (5, "Instelling"),
                (5, "KvK"),
                (5, "Vestiging"),
                (5, "Postcode"),
                (5, "Plaats"),
                (5, "CJP-schoolnummer"),
                (6, "KvK"),
                (6, "Vestiging"),
                (6, "CJP-schoolnummer"),
            ]
        );
        let message = |line: usize, column: &str| {
            problems.iter().find(|p| p.line == line && p.column == column).map(|p| p.message.as_str()).unwrap()
        };
        assert_eq!(message(3, "BRIN"), "Ongeldige BRIN-code \"2XLX\": verwacht 2 cijfers en 2 letters of cijfers, zoals 25LX.");
        assert_eq!(message(3, "KvK"), "Ongeldig KvK-nummer \"1234567\": verwacht 8 cijfers.");
        assert_eq!(message(3, "Straat"), "Geen huisnummer in \"Edisonweg\": vul straat en huisnummer in.");
        assert_eq!(message(3, "Postcode"), "Ongeldige postcode \"0382 NW\": verwacht bijvoorbeeld 1234 AB.");
        assert_eq!(
            message(3, "CJP-schoolnummer"),
            "Ongeldig CJP-schoolnummer \"123\": verwacht 4 tot 20 cijfers, letters of streepjes, zoals CJP-250001."
        );
        assert_eq!(message(5, "Instelling"), "Naam van de instelling ontbreekt.");
        assert_eq!(message(5, "Vestiging"), "Naam van de vestiging is langer dan 200 tekens.");
        assert_eq!(message(6, "KvK"), "BRIN 25LX heeft op regel 2 KvK-nummer 12345678; gebruik overal hetzelfde KvK-nummer.");
        assert_eq!(message(6, "Vestiging"), "Naam van de vestiging bevat een regelovergang, tab of ander stuurteken.");
    }

    #[test]
    fn duplicates_refer_to_the_first_line() {
        let body = "25LX;Scalda;12345678;01;Hoofd;Edisonweg 2;4382 NW;Vlissingen;1234\n\
                    25LX;Scalda;12345678;02;Goes;Stationspark 30;4462 DZ;Goes;5678\n\
                    25lx;Scalda;12345678;1;Hoofd 2;Edisonweg 4;4382 NW;Vlissingen;9999\n\
                    00GT;Zadkine;87654321;01;Centrum;Benthemstraat 17;3032 CB;Rotterdam;5678\n\
                    25LX;Scalda College;87654321;03;Middelburg;Kruisweg 1;4331 AB;Middelburg;4321\n";
        let problems = parse_text(body).unwrap_err();
        assert_eq!(
            problems,
            vec![
                RowProblem::new(4, "Vestigingsnummer", "Vestiging 25LX 01 staat ook al op regel 2."),
                RowProblem::new(5, "CJP-schoolnummer", "CJP-schoolnummer 5678 staat ook al op regel 3."),
                RowProblem::new(6, "Instelling", "BRIN 25LX heeft op regel 2 de naam \"Scalda\"; gebruik overal dezelfde naam."),
                RowProblem::new(6, "KvK", "BRIN 25LX heeft op regel 2 KvK-nummer 12345678; gebruik overal hetzelfde KvK-nummer."),
            ]
        );
    }

    #[test]
    fn empty_kvk_conflicts_with_a_filled_one() {
        let body = "25LX;Scalda;;01;Hoofd;Edisonweg 2;4382 NW;Vlissingen;1234\n\
                    25LX;Scalda;12345678;02;Goes;Stationspark 30;4462 DZ;Goes;5678\n";
        let problems = parse_text(body).unwrap_err();
        assert_eq!(
            problems,
            vec![RowProblem::new(3, "KvK", "BRIN 25LX heeft op regel 2 geen KvK-nummer; gebruik overal hetzelfde KvK-nummer.")]
        );
    }

    #[test]
    fn normalisers() {
        assert_eq!(normalise_brin(" 25lx ").as_deref(), Some("25LX"));
        assert_eq!(normalise_brin("0012").as_deref(), Some("0012"));
        for bad in ["", "25L", "25LXX", "A5LX", "2ALX", "25L-", "25 LX", "２５LX"] {
            assert_eq!(normalise_brin(bad), None, "{bad}");
        }
        assert_eq!(normalise_vestiging_number("1").as_deref(), Some("01"));
        assert_eq!(normalise_vestiging_number("12").as_deref(), Some("12"));
        for bad in ["", "123", "a1", "-1", " "] {
            assert_eq!(normalise_vestiging_number(bad), None, "{bad}");
        }
    }
}
