//! Student counts from DUO open data for mbo ("Ingeschreven studenten mbo").
//!
//! DUO publishes one row per institution (BRIN) × sometimes location (vestiging) × qualification,
//! age group and so on, each with a number of students. Counts below 5 are published as 4 with the
//! privacy flag `INDICATIEAVG` = `J`; older releases write `<5` or leave the count empty with the
//! flag set, and both are read as a masked 4. Column names differ between releases, so the operator
//! confirms a [`Mapping`] (suggested by [`suggest`], remembered between imports via
//! [`Mapping::to_line`]) and [`aggregate`] sums the students per location, all-or-nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::files::tabular::{find_column, RowProblem, Table};
use crate::registry::{normalise_brin, normalise_vestiging_number};

/// The count DUO publishes for a masked (fewer than 5) number of students.
pub const MASKED_COUNT: i64 = 4;

const BRIN_NAMES: &[&str] = &["BRIN NUMMER", "BRINNUMMER", "BRIN", "INSTELLINGSCODE", "BRIN CODE", "BRINCODE"];
const VESTIGING_NAMES: &[&str] = &[
    "VESTIGINGSNUMMER",
    "BRIN VESTIGINGSNUMMER",
    "BRINVESTIGINGSNUMMER",
    "VESTIGINGNUMMER",
    "VESTIGINGSCODE",
    "VESTIGING NUMMER",
];
const COUNT_NAMES: &[&str] =
    &["AANTAL STUDENTEN", "AANTAL", "TOTAAL", "AANTAL INGESCHREVENEN", "AANTAL DEELNEMERS", "AANTAL LEERLINGEN", "TOTAAL AANTAL"];
const MASKED_NAMES: &[&str] = &["INDICATIEAVG", "INDICATIE AVG", "AVG INDICATIE", "AVG"];

/// Which columns of a DUO file hold what, by column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// Column with the institution's BRIN code.
    pub brin: String,
    /// Column with the location number (`01`) or BRIN + location number (`25LX01`); `None` when the
    /// file has counts per institution only.
    pub vestiging: Option<String>,
    /// Column with the number of students.
    pub count: String,
    /// Column with the privacy flag (`J` when the count is masked), if the file has one.
    pub masked_flag: Option<String>,
}

impl Mapping {
    /// Encodes the mapping as one line of text for storage, e.g.
    /// `brin=BRIN NUMMER;vestiging=VESTIGINGSNUMMER;count=AANTAL;masked=INDICATIEAVG`.
    ///
    /// Absent optional columns are written as an empty value. `%`, `;`, `=` and control characters
    /// in column names are percent-encoded, so [`Mapping::from_line`] gives back the same mapping.
    pub fn to_line(&self) -> String {
        format!(
            "brin={};vestiging={};count={};masked={}",
            escape(&self.brin),
            escape(self.vestiging.as_deref().unwrap_or_default()),
            escape(&self.count),
            escape(self.masked_flag.as_deref().unwrap_or_default())
        )
    }

    /// Decodes a line written by [`Mapping::to_line`]. Returns `None` when the text is not such a
    /// line (unknown or repeated keys, bad escapes, or an empty BRIN or count column).
    pub fn from_line(line: &str) -> Option<Self> {
        let mut brin = None;
        let mut vestiging = None;
        let mut count = None;
        let mut masked = None;
        for part in line.split(';') {
            let (key, value) = part.split_once('=')?;
            let slot = match key {
                "brin" => &mut brin,
                "vestiging" => &mut vestiging,
                "count" => &mut count,
                "masked" => &mut masked,
                _ => return None,
            };
            if slot.replace(unescape(value)?).is_some() {
                return None;
            }
        }
        let non_empty = |value: Option<String>| value.filter(|v| !v.is_empty());
        Some(Self {
            brin: non_empty(brin)?,
            vestiging: non_empty(vestiging),
            count: non_empty(count)?,
            masked_flag: non_empty(masked),
        })
    }
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | ';' | '=') || c.is_ascii_control() {
            let mut buffer = [0u8; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Suggests a [`Mapping`] for a file with these column names.
///
/// Uses `remembered` (the mapping confirmed at a previous import) when all its columns occur in
/// this file, and otherwise guesses from the names DUO has used over the years. The result uses
/// this file's spelling of the column names. Returns `None` when no BRIN or count column is found.
pub fn suggest(table_headers: &[String], remembered: Option<&Mapping>) -> Option<Mapping> {
    if let Some(adapted) = remembered.and_then(|remembered| adapt(table_headers, remembered)) {
        return Some(adapted);
    }
    let first = |names: &[&str]| names.iter().find_map(|name| spelled_as_in(table_headers, name));
    Some(Mapping {
        brin: first(BRIN_NAMES)?,
        vestiging: first(VESTIGING_NAMES),
        count: first(COUNT_NAMES)?,
        masked_flag: first(MASKED_NAMES),
    })
}

/// `remembered` with this file's spelling of its column names, if they all occur.
fn adapt(table_headers: &[String], remembered: &Mapping) -> Option<Mapping> {
    let optional = |name: &Option<String>| match name {
        Some(name) => spelled_as_in(table_headers, name).map(Some),
        None => Some(None),
    };
    Some(Mapping {
        brin: spelled_as_in(table_headers, &remembered.brin)?,
        vestiging: optional(&remembered.vestiging)?,
        count: spelled_as_in(table_headers, &remembered.count)?,
        masked_flag: optional(&remembered.masked_flag)?,
    })
}

/// The header matching `name` (see [`find_column`]), as spelled in the file.
fn spelled_as_in(table_headers: &[String], name: &str) -> Option<String> {
    find_column(table_headers, name).and_then(|index| table_headers.get(index).cloned())
}

/// Students at one location (or one institution, when the file has no location column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationCount {
    /// BRIN code, uppercase.
    pub brin: String,
    /// Two-digit location number, or `None` when the mapping has no location column.
    pub vestiging: Option<String>,
    /// Sum of the students over all rows for this location, masked rows counted as 4.
    pub students: i64,
    /// How many of those rows had a masked count.
    pub masked_rows: usize,
}

/// The result of [`aggregate`]: totals per location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuoCounts {
    /// One entry per location, sorted by BRIN and then location number.
    pub per_location: Vec<LocationCount>,
    /// Number of data rows read.
    pub rows: usize,
    /// Number of data rows with a masked count.
    pub masked_rows: usize,
}

/// Sums the students per location (BRIN + vestigingsnummer, or BRIN alone when the mapping has
/// no vestiging column).
///
/// All-or-nothing: if any row has a problem (missing or invalid BRIN, location number or count,
/// an unknown privacy flag, or a total too large) the result is the list of every problem, with
/// line numbers, and no counts. A mapped column that is not in the file is reported on line 1.
pub fn aggregate(table: &Table, mapping: &Mapping) -> Result<DuoCounts, Vec<RowProblem>> {
    let missing_column = |name: &str| RowProblem::new(1, name, "Deze kolom staat niet in het bestand.");
    let mut problems = Vec::new();
    let mut resolve = |name: &str| {
        let index = table.column(name);
        if index.is_none() {
            problems.push(missing_column(name));
        }
        index
    };
    let brin_column = resolve(&mapping.brin);
    let vestiging_column = mapping.vestiging.as_deref().map(&mut resolve);
    let count_column = resolve(&mapping.count);
    let masked_column = mapping.masked_flag.as_deref().map(&mut resolve);
    let (Some(brin_column), Some(count_column)) = (brin_column, count_column) else {
        return Err(problems);
    };
    let vestiging_column = match vestiging_column {
        Some(Some(index)) => Some(index),
        Some(None) => return Err(problems),
        None => None,
    };
    let masked_column = match masked_column {
        Some(Some(index)) => Some(index),
        Some(None) => return Err(problems),
        None => None,
    };
    let header = |index: usize| table.headers.get(index).cloned().unwrap_or_default();

    let mut totals: BTreeMap<(String, Option<String>), (i64, usize)> = BTreeMap::new();
    let mut masked_rows = 0usize;
    for row in &table.rows {
        // (column index, message) for this row, reported in column order.
        let mut found: Vec<(usize, String)> = Vec::new();
        let mut keep = |index: usize, result: Result<_, String>| match result {
            Ok(value) => Some(value),
            Err(message) => {
                found.push((index, message));
                None
            }
        };
        let brin = keep(brin_column, parse_brin(row.cell(brin_column)));
        let vestiging = match vestiging_column {
            Some(index) => keep(index, parse_vestiging(row.cell(index), brin.as_deref())).map(Some),
            None => Some(None),
        };
        let flagged = match masked_column {
            Some(index) => parse_flag(row.cell(index)).map_err(|message| found.push((index, message))).ok(),
            None => Some(false),
        };
        // With an unreadable flag, still check the count but do not complain about it being empty.
        let count = match parse_count(row.cell(count_column), flagged.unwrap_or(true)) {
            Ok(count) => flagged.map(|_| count),
            Err(message) => {
                found.push((count_column, message));
                None
            }
        };
        if !found.is_empty() {
            found.sort_by_key(|(index, _)| *index);
            problems.extend(found.into_iter().map(|(index, message)| RowProblem::new(row.line, header(index), message)));
            continue;
        }
        let (Some(brin), Some(vestiging), Some((students, masked))) = (brin, vestiging, count) else {
            continue;
        };
        let total = totals.entry((brin, vestiging)).or_insert((0, 0));
        match total.0.checked_add(students) {
            Some(sum) => total.0 = sum,
            None => {
                problems.push(RowProblem::new(row.line, header(count_column), "Het totaal wordt te groot om op te tellen."));
                continue;
            }
        }
        if masked {
            total.1 += 1;
            masked_rows += 1;
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(DuoCounts {
        per_location: totals
            .into_iter()
            .map(|((brin, vestiging), (students, masked_rows))| LocationCount { brin, vestiging, students, masked_rows })
            .collect(),
        rows: table.rows.len(),
        masked_rows,
    })
}

fn parse_brin(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("BRIN-code ontbreekt.".to_owned());
    }
    normalise_brin(value)
        .ok_or_else(|| format!("Ongeldige BRIN-code \"{value}\": verwacht 2 cijfers en 2 letters of cijfers, zoals 25LX."))
}

/// Reads `01`, `1` or `25LX01`; with the BRIN prefix it must match the row's BRIN (when valid).
fn parse_vestiging(value: &str, brin: Option<&str>) -> Result<String, String> {
    if value.is_empty() {
        return Err("Vestigingsnummer ontbreekt.".to_owned());
    }
    let invalid = || format!("Ongeldig vestigingsnummer \"{value}\": verwacht 2 cijfers (01) of BRIN met 2 cijfers (25LX01).");
    if value.len() == 6 {
        let prefix = value.get(..4).and_then(normalise_brin).ok_or_else(invalid)?;
        let number = value.get(4..).filter(|n| n.bytes().all(|b| b.is_ascii_digit())).ok_or_else(invalid)?;
        if let Some(brin) = brin {
            if prefix != brin {
                return Err(format!("Vestigingscode \"{value}\" hoort niet bij BRIN {brin}."));
            }
        }
        return Ok(number.to_owned());
    }
    normalise_vestiging_number(value).ok_or_else(invalid)
}

fn parse_flag(value: &str) -> Result<bool, String> {
    match value.to_uppercase().as_str() {
        "J" | "JA" | "Y" => Ok(true),
        "" | "N" | "NEE" => Ok(false),
        _ => Err(format!("Onbekende AVG-indicatie \"{value}\": verwacht J of N.")),
    }
}

/// Returns the number of students and whether the row is masked.
fn parse_count(value: &str, flagged: bool) -> Result<(i64, bool), String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if compact == "<5" {
        return Ok((MASKED_COUNT, true));
    }
    if value.is_empty() {
        return if flagged { Ok((MASKED_COUNT, true)) } else { Err("Aantal ontbreekt.".to_owned()) };
    }
    if value.starts_with('-') {
        return Err(format!("Negatief aantal \"{value}\": verwacht 0 of meer."));
    }
    let invalid = || format!("Ongeldig aantal \"{value}\": verwacht een heel getal, zoals 12 of 1.240.");
    let mut groups = value.split('.');
    let first = groups.next().unwrap_or_default();
    let grouped = value.contains('.');
    let first_ok = !first.is_empty() && (!grouped || first.len() <= 3);
    if !first_ok || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        digits.push_str(group);
    }
    let count = digits.parse::<i64>().map_err(|_| format!("Aantal \"{value}\" is te groot."))?;
    Ok((count, flagged))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]
mod tests {
    use super::*;
    use crate::files::tabular::read;
    use proptest::prelude::*;

    const SAMPLE: &str = "BRIN NUMMER;INSTELLINGSNAAM;BRIN VESTIGINGSNUMMER;VESTIGINGSNAAM;GEMEENTENAAM;\
KWALIFICATIECODE;KWALIFICATIENAAM;LEERWEG;NIVEAU;LEEFTIJDSCATEGORIE;AANTAL;INDICATIEAVG\r\n\
25LX;Scalda;25LX01;\"Cultuur & Techniek – Zeeland\";VLISSINGEN;25173;\"Medewerker café\";BOL;2;\"18 - 20\";1.240;N\r\n\
25LX;Scalda;25LX01;\"Cultuur & Techniek – Zeeland\";VLISSINGEN;25173;\"Medewerker café\";BBL;2;\"> 20\";4;J\r\n\
25LX;Scalda;25LX02;\"Locatie Goes; Zuid\";GOES;25180;\"Artiest \"\"drama\"\"\";BOL;4;\"< 18\";37;N\r\n\
25LX;Scalda;25LX02;\"Locatie Goes; Zuid\";GOES;25180;\"Artiest \"\"drama\"\"\";BBL;4;\"< 18\";<5;\r\n\
00GT;\"Zadkine é\";00GT01;Rotterdam Centrum;ROTTERDAM;25651;Podiumtechnicus;BOL;3;\"18 - 20\";;J\r\n\
;;;;;;;;;;;\r\n\
00gt;\"Zadkine é\";00GT01;Rotterdam Centrum;ROTTERDAM;25651;Podiumtechnicus;BOL;3;\"> 20\";10;N\r\n";

    fn expected_sample() -> DuoCounts {
        DuoCounts {
            per_location: vec![
                LocationCount { brin: "00GT".into(), vestiging: Some("01".into()), students: 14, masked_rows: 1 },
                LocationCount { brin: "25LX".into(), vestiging: Some("01".into()), students: 1244, masked_rows: 1 },
                LocationCount { brin: "25LX".into(), vestiging: Some("02".into()), students: 41, masked_rows: 1 },
            ],
            rows: 6,
            masked_rows: 3,
        }
    }

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    fn mapping(brin: &str, vestiging: Option<&str>, count: &str, masked: Option<&str>) -> Mapping {
        Mapping {
            brin: brin.into(),
            vestiging: vestiging.map(Into::into),
            count: count.into(),
            masked_flag: masked.map(Into::into),
        }
    }

    fn cp1252(text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    }

    #[test]
    fn sample_utf8_with_bom() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let table = read(&bytes).unwrap();
        assert_eq!(table.rows[2].cells[3], "Locatie Goes; Zuid");
        let mapping = suggest(&table.headers, None).unwrap();
        assert_eq!(mapping, mapping_full());
        assert_eq!(aggregate(&table, &mapping).unwrap(), expected_sample());
    }

    fn mapping_full() -> Mapping {
        mapping("BRIN NUMMER", Some("BRIN VESTIGINGSNUMMER"), "AANTAL", Some("INDICATIEAVG"))
    }

    #[test]
    fn sample_windows_1252() {
        let bytes = cp1252(SAMPLE);
        assert!(bytes.contains(&0x96) && bytes.contains(&0xE9), "en dash and é are cp1252 single bytes");
        let table = read(&bytes).unwrap();
        assert_eq!(table.rows[0].cells[3], "Cultuur & Techniek – Zeeland");
        assert_eq!(table.rows[4].cells[1], "Zadkine é");
        assert_eq!(aggregate(&table, &suggest(&table.headers, None).unwrap()).unwrap(), expected_sample());
    }

    #[test]
    fn file_without_vestiging_column_counts_per_brin() {
        let data = cp1252(
            "BRINNUMMER;INSTELLINGSNAAM;AANTAL STUDENTEN;INDICATIEAVG\n\
             25LX;Scalda;100;N\n25LX;Scalda;4;J\n00GT;\"Zadkine, Rotterdam\";2.001;N\n",
        );
        let table = read(&data).unwrap();
        let mapping = suggest(&table.headers, None).unwrap();
        assert_eq!(mapping, self::mapping("BRINNUMMER", None, "AANTAL STUDENTEN", Some("INDICATIEAVG")));
        let counts = aggregate(&table, &mapping).unwrap();
        assert_eq!(
            counts,
            DuoCounts {
                per_location: vec![
                    LocationCount { brin: "00GT".into(), vestiging: None, students: 2001, masked_rows: 0 },
                    LocationCount { brin: "25LX".into(), vestiging: None, students: 104, masked_rows: 1 },
                ],
                rows: 3,
                masked_rows: 1,
            }
        );
    }

    #[test]
    fn short_vestiging_numbers_and_no_flag_column() {
        let table = read(b"INSTELLINGSCODE,VESTIGINGSNUMMER,TOTAAL\n25LX,1,5\n25LX,01,6\n25LX,2,<5\n").unwrap();
        let mapping = suggest(&table.headers, None).unwrap();
        assert_eq!(mapping, self::mapping("INSTELLINGSCODE", Some("VESTIGINGSNUMMER"), "TOTAAL", None));
        let counts = aggregate(&table, &mapping).unwrap();
        assert_eq!(counts.per_location.len(), 2);
        assert_eq!(counts.per_location[0].students, 11);
        assert_eq!(
            counts.per_location[1],
            LocationCount { brin: "25LX".into(), vestiging: Some("02".into()), students: 4, masked_rows: 1 }
        );
        assert_eq!(counts.masked_rows, 1);
    }

    #[test]
    fn bad_rows_give_problems_with_line_numbers_and_nothing_else() {
        let data = "BRIN NUMMER;BRIN VESTIGINGSNUMMER;AANTAL;INDICATIEAVG\n\
                    25LX;25LX01;12;N\n\
                    25LX;25LX01;1a;N\n\
                    \n\
                    ;25LX01;3;N\n\
                    25LX;00GT01;3;N\n\
                    25LX;25LX01;-3;X\n\
                    2ALX;01;1,5;N\n\
                    25LX;25LX01;;N\n";
        let table = read(data.as_bytes()).unwrap();
        let problems = aggregate(&table, &mapping_full()).unwrap_err();
        let summary: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.column.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (3, "AANTAL"),
                (5, "BRIN NUMMER"),
                (6, "BRIN VESTIGINGSNUMMER"),
                (7, "AANTAL"),
                (7, "INDICATIEAVG"),
                (8, "BRIN NUMMER"),
                (8, "AANTAL"),
                (9, "AANTAL"),
            ]
        );
        assert_eq!(problems[0].message, "Ongeldig aantal \"1a\": verwacht een heel getal, zoals 12 of 1.240.");
        assert_eq!(problems[1].message, "BRIN-code ontbreekt.");
        assert_eq!(problems[2].message, "Vestigingscode \"00GT01\" hoort niet bij BRIN 25LX.");
        assert_eq!(problems[3].message, "Negatief aantal \"-3\": verwacht 0 of meer.");
        assert_eq!(problems[4].message, "Onbekende AVG-indicatie \"X\": verwacht J of N.");
        assert_eq!(problems[7].message, "Aantal ontbreekt.");
    }

    #[test]
    fn only_the_bad_rows_are_reported() {
        let table = read(b"BRIN;AANTAL\n25LX;3\n25LX;drie\n00GT;7\n").unwrap();
        let problems = aggregate(&table, &mapping("BRIN", None, "AANTAL", None)).unwrap_err();
        assert_eq!(
            problems,
            vec![RowProblem::new(3, "AANTAL", "Ongeldig aantal \"drie\": verwacht een heel getal, zoals 12 of 1.240.")]
        );
    }

    #[test]
    fn missing_mapped_columns_are_reported_on_line_one() {
        let table = read(b"BRIN;AANTAL\n25LX;3\n").unwrap();
        let problems = aggregate(&table, &mapping("BRIN", Some("VESTIGING"), "TOTAAL", None)).unwrap_err();
        assert_eq!(
            problems,
            vec![
                RowProblem::new(1, "VESTIGING", "Deze kolom staat niet in het bestand."),
                RowProblem::new(1, "TOTAAL", "Deze kolom staat niet in het bestand."),
            ]
        );
    }

    #[test]
    fn overflow_is_a_problem_not_a_panic() {
        let table = read(b"BRIN;AANTAL\n25LX;9223372036854775807\n25LX;1\n00GT;99999999999999999999\n").unwrap();
        let problems = aggregate(&table, &mapping("BRIN", None, "AANTAL", None)).unwrap_err();
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(problems[1].message, "Aantal \"99999999999999999999\" is te groot.");
    }

    #[test]
    fn counts_with_thousands_separators() {
        for (input, expected) in [("0", 0), ("7", 7), ("1.240", 1240), ("12.345.678", 12_345_678), ("001", 1)] {
            assert_eq!(parse_count(input, false), Ok((expected, false)), "{input}");
        }
        for input in ["1.24", "1,5", "12.5", "1.2345", ".240", "1240.", "1..240", "1 240", "+3", "3e2", "-3", "١٢"] {
            assert!(parse_count(input, false).is_err(), "{input}");
        }
        assert_eq!(parse_count("< 5", false), Ok((4, true)));
        assert_eq!(parse_count("4", true), Ok((4, true)));
        assert_eq!(parse_count("", true), Ok((4, true)));
    }

    #[test]
    fn remembered_mapping_is_used_when_its_columns_exist() {
        let names = headers(&["brin_nummer", "VESTIGINGSNUMMER", "AANTAL", "TOTAAL", "INDICATIEAVG"]);
        let remembered = mapping("BRIN NUMMER", None, "totaal", Some("INDICATIEAVG"));
        // The file's own spelling is returned.
        assert_eq!(suggest(&names, Some(&remembered)), Some(mapping("brin_nummer", None, "TOTAAL", Some("INDICATIEAVG"))));
        // Without a remembered mapping the guess prefers AANTAL and picks up the vestiging column.
        assert_eq!(suggest(&names, None), Some(mapping("brin_nummer", Some("VESTIGINGSNUMMER"), "AANTAL", Some("INDICATIEAVG"))));
    }

    #[test]
    fn falls_back_to_guess_when_remembered_columns_are_missing() {
        let names = headers(&["INSTELLINGSCODE", "BRIN VESTIGINGSNUMMER", "AANTAL STUDENTEN"]);
        let remembered = mapping("BRIN NUMMER", Some("VESTIGINGSNUMMER"), "AANTAL", Some("INDICATIEAVG"));
        assert_eq!(
            suggest(&names, Some(&remembered)),
            Some(mapping("INSTELLINGSCODE", Some("BRIN VESTIGINGSNUMMER"), "AANTAL STUDENTEN", None))
        );
        assert_eq!(suggest(&headers(&["INSTELLINGSNAAM", "AANTAL"]), Some(&remembered)), None);
        assert_eq!(suggest(&headers(&["BRIN", "NAAM"]), None), None);
    }

    #[test]
    fn mapping_line_round_trip() {
        let full = mapping_full();
        assert_eq!(full.to_line(), "brin=BRIN NUMMER;vestiging=BRIN VESTIGINGSNUMMER;count=AANTAL;masked=INDICATIEAVG");
        assert_eq!(Mapping::from_line(&full.to_line()), Some(full));
        let sparse = mapping("BRIN", None, "a;b=c%d\n", None);
        assert_eq!(sparse.to_line(), "brin=BRIN;vestiging=;count=a%3Bb%3Dc%25d%0A;masked=");
        assert_eq!(Mapping::from_line(&sparse.to_line()), Some(sparse));
    }

    #[test]
    fn mapping_line_rejects_garbage() {
        for line in [
            "",
            "brin=BRIN",
            "brin=;count=AANTAL",
            "brin=BRIN;count=AANTAL;brin=X",
            "brin=BRIN;count=AANTAL;extra=1",
            "brin=BRIN;count=AAN%2",
            "brin=BRIN;count=%ZZ",
            "brin=BRIN;count=%FF",
        ] {
            assert_eq!(Mapping::from_line(line), None, "{line}");
        }
        assert_eq!(Mapping::from_line("count=AANTAL;brin=BRIN"), Some(mapping("BRIN", None, "AANTAL", None)));
    }

    proptest! {
        #[test]
        fn mapping_round_trips(brin in "\\PC{1,20}", vestiging in proptest::option::of(".{1,20}"), count in ".{1,20}", masked in proptest::option::of("[;=%a-z ]{1,10}")) {
            let mapping = Mapping { brin, vestiging, count, masked_flag: masked };
            prop_assert_eq!(Mapping::from_line(&mapping.to_line()), Some(mapping));
        }

        #[test]
        fn parse_count_accepts_any_grouped_number(n in 0i64..=i64::MAX) {
            let plain = n.to_string();
            let mut grouped = String::new();
            for (index, digit) in plain.chars().enumerate() {
                if index > 0 && (plain.len() - index) % 3 == 0 {
                    grouped.push('.');
                }
                grouped.push(digit);
            }
            prop_assert_eq!(parse_count(&plain, false), Ok((n, false)));
            prop_assert_eq!(parse_count(&grouped, false), Ok((n, false)));
        }
    }
}
