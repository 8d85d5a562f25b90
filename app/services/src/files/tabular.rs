//! Safe reading of uploaded spreadsheets that were saved as CSV.
//!
//! Operators upload files exported from Excel or downloaded from DUO. This module turns the raw
//! bytes into a [`Table`] of trimmed text cells, with limits on size and row count, detection of
//! the character encoding (UTF-8, UTF-16 with byte order mark, or Windows-1252) and of the
//! separator (`;`, `,` or tab), and Dutch error messages that say what to fix. Problems in
//! individual rows found by later validation are reported as [`RowProblem`]s.

use std::collections::HashMap;
use std::fmt;

/// Largest accepted upload, in bytes (5 MiB).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// Largest accepted number of data rows (not counting the header or empty rows).
pub const MAX_ROWS: usize = 100_000;

const NOT_CSV_MESSAGE: &str = "Dit lijkt geen CSV-bestand (maar bijvoorbeeld een Excel-bestand). Sla het op als CSV.";

/// Why an uploaded file could not be read as a table at all.
///
/// The [`Display`](fmt::Display) text is a Dutch message meant for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabularError {
    /// The file contains no bytes (or only a byte order mark).
    Empty,
    /// The file is larger than [`MAX_BYTES`].
    TooLarge {
        /// Size of the upload in bytes.
        bytes: usize,
    },
    /// The file is binary (a zip container such as `.xlsx`, or text containing NUL characters).
    NotCsv,
    /// The file contains no header line with column names.
    NoHeader,
    /// A column in the header line has no name.
    EmptyHeader {
        /// 1-based line number of the header line.
        line: usize,
        /// 1-based position of the nameless column.
        column: usize,
    },
    /// Two columns in the header line have the same name (ignoring case, spaces and underscores).
    DuplicateHeader {
        /// The second occurrence of the name, as written in the file.
        name: String,
    },
    /// A data row has a different number of fields than the header line.
    FieldCount {
        /// 1-based line number where the row starts.
        line: usize,
        /// Number of columns in the header line.
        expected: usize,
        /// Number of fields found in the row.
        found: usize,
    },
    /// The file has more than [`MAX_ROWS`] data rows.
    TooManyRows,
    /// The file has a header line but no data rows.
    NoRows,
    /// The CSV parser could not read a line.
    Unreadable {
        /// 1-based line number, when known.
        line: Option<usize>,
    },
}

impl fmt::Display for TabularError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Het bestand is leeg."),
            Self::TooLarge { bytes } => write!(
                f,
                "Het bestand is te groot ({} MB); de grens is {} MB.",
                group_thousands(bytes.div_ceil(1024 * 1024)),
                MAX_BYTES / (1024 * 1024)
            ),
            Self::NotCsv => f.write_str(NOT_CSV_MESSAGE),
            Self::NoHeader => f.write_str("Het bestand bevat geen kopregel met kolomnamen."),
            Self::EmptyHeader { line, column } => {
                write!(f, "Kolom {column} in de kopregel (regel {line}) heeft geen naam.")
            }
            Self::DuplicateHeader { name } => {
                write!(f, "De kolomnaam \"{name}\" komt meer dan één keer voor in de kopregel.")
            }
            Self::FieldCount { line, expected, found } => write!(
                f,
                "Regel {line} heeft {found} velden, maar de kopregel heeft er {expected}. \
                 Controleer scheidingstekens en aanhalingstekens op die regel."
            ),
            Self::TooManyRows => {
                write!(f, "Het bestand heeft meer dan {} gegevensregels.", group_thousands(MAX_ROWS))
            }
            Self::NoRows => f.write_str("Het bestand bevat geen gegevensregels"),
            Self::Unreadable { line: Some(line) } => write!(f, "Regel {line} kan niet worden gelezen."),
            Self::Unreadable { line: None } => f.write_str("Het bestand kan niet worden gelezen."),
        }
    }
}

impl std::error::Error for TabularError {}

/// A problem with one cell or row of an otherwise readable file, for the per-row error report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line number as the user sees it in the file (the header is line 1).
    pub line: usize,
    /// Column name as written in the file's header (or the expected name when it is missing).
    pub column: String,
    /// Short Dutch explanation of what is wrong.
    pub message: String,
}

impl RowProblem {
    /// Creates a problem report for `line` and `column`.
    pub fn new(line: usize, column: impl Into<String>, message: impl Into<String>) -> Self {
        Self { line, column: column.into(), message: message.into() }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Regel {}, kolom {}: {}", self.line, self.column, self.message)
    }
}

/// One data row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line number where the row starts in the file (the header is line 1).
    pub line: usize,
    /// Trimmed cell values, exactly one per header.
    pub cells: Vec<String>,
}

impl Row {
    /// The trimmed value in column `index`, or `""` when there is no such column.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// A parsed CSV file: unique, non-empty headers and rows of equal width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Trimmed column names as written in the file.
    pub headers: Vec<String>,
    /// Data rows in file order, without fully empty rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// Finds a column by name; see [`find_column`] for how names are compared.
    pub fn column(&self, name: &str) -> Option<usize> {
        find_column(&self.headers, name)
    }
}

/// Finds `name` in `headers`, ignoring case, surrounding whitespace, and the difference between
/// spaces, underscores and hyphens (so `"BRIN NUMMER"` matches `"brin_nummer"`).
pub fn find_column(headers: &[String], name: &str) -> Option<usize> {
    let wanted = header_key(name);
    headers.iter().position(|header| header_key(header) == wanted)
}

/// The comparison key for a column name: lowercase, `_`/`-` read as spaces, whitespace collapsed.
fn header_key(name: &str) -> String {
    let spaced: String = name.chars().map(|c| if c == '_' || c == '-' { ' ' } else { c }).collect::<String>().to_lowercase();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An uploaded file's name as it may be stored and shown: control characters dropped, at most
/// 200 characters, `fallback` when nothing is left.
pub fn upload_name(filename: &str, fallback: &str) -> String {
    let name: String = filename.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.trim().is_empty() {
        fallback.to_owned()
    } else {
        name
    }
}

/// Turns uploaded bytes into text.
///
/// Rejects empty and oversized files and binary files (zip containers such as `.xlsx`, or
/// anything with NUL characters). Decodes UTF-16 when it starts with a UTF-16 byte order mark
/// (Excel's "Unicode-tekst"). Otherwise strips a UTF-8 byte order mark, keeps valid UTF-8 as it is
/// and decodes anything else as Windows-1252 (what Excel on Windows writes for "CSV (gescheiden door lijstscheidingsteken)").
pub fn decode(bytes: &[u8]) -> Result<String, TabularError> {
    if bytes.len() > MAX_BYTES {
        return Err(TabularError::TooLarge { bytes: bytes.len() });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(TabularError::NotCsv);
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_utf16(encoding_rs::UTF_16LE, rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_utf16(encoding_rs::UTF_16BE, rest)?
    } else {
        let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(rest) {
            Ok(text) => text.to_owned(),
            Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(rest).0.into_owned(),
        }
    };
    if text.is_empty() {
        return Err(TabularError::Empty);
    }
    if text.contains('\0') {
        return Err(TabularError::NotCsv);
    }
    Ok(text)
}

fn decode_utf16(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String, TabularError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(TabularError::NotCsv);
    }
    Ok(text.into_owned())
}

/// Guesses the separator from the first non-empty line: whichever of `;`, tab and `,` occurs most
/// often outside double quotes. Ties and lines without any of them give `;` (Dutch Excel's default).
pub fn sniff_separator(text: &str) -> u8 {
    let mut in_quotes = false;
    let mut counts = [0usize; 3]; // ';', '\t', ','
    let mut has_content = false;
    for c in text.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                has_content = true;
            }
            '\n' | '\r' if !in_quotes => {
                if has_content {
                    break;
                }
                counts = [0; 3];
            }
            ';' if !in_quotes => counts[0] += 1,
            '\t' if !in_quotes => counts[1] += 1,
            ',' if !in_quotes => counts[2] += 1,
            c if !c.is_whitespace() => has_content = true,
            _ => {}
        }
    }
    let [semicolons, tabs, commas] = counts;
    if commas > semicolons && commas > tabs {
        b','
    } else if tabs > semicolons {
        b'\t'
    } else {
        b';'
    }
}

/// Reads an uploaded CSV file into a [`Table`].
///
/// The first non-empty line holds the column names; they are trimmed, must be non-empty and unique
/// (compared like [`find_column`] does). Empty trailing header cells are ignored, as are trailing
/// empty fields in rows. Every other row must have as many fields as the header. Cells are
/// trimmed; rows whose cells are all empty are skipped. Fails when there are no data rows or more
/// than [`MAX_ROWS`].
pub fn read(bytes: &[u8]) -> Result<Table, TabularError> {
    let text = decode(bytes)?;
    let separator = sniff_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());

    let mut headers: Option<Vec<String>> = None;
    let mut rows: Vec<Row> = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter { text: text.as_bytes(), offset: 0, line: 1 };
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                let line = error.position().and_then(|position| usize::try_from(position.line()).ok());
                return Err(TabularError::Unreadable { line });
            }
        }
        let start = record.position().and_then(|position| usize::try_from(position.byte()).ok()).unwrap_or(0);
        let line = lines.line_at(start);
        let cells: Vec<String> = record.iter().map(|cell| cell.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => headers = Some(check_headers(cells, line)?),
            Some(names) => {
                if rows.len() >= MAX_ROWS {
                    return Err(TabularError::TooManyRows);
                }
                rows.push(Row { line, cells: fit_row(cells, names.len(), line)? });
            }
        }
    }
    let headers = headers.ok_or(TabularError::NoHeader)?;
    if rows.is_empty() {
        return Err(TabularError::NoRows);
    }
    Ok(Table { headers, rows })
}

/// Turns byte offsets of record starts into 1-based line numbers, counting `\n`, `\r\n` and a lone
/// `\r` as one line break each. (The csv crate's own line numbers are off by one after `\r\n`
/// and after empty lines.) Offsets must be asked for in increasing order, which keeps the
/// counting linear in the size of the file.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn line_at(&mut self, start: usize) -> usize {
        // A record's reported start may lie before the line breaks (and skipped empty lines)
        // preceding its first character.
        let mut start = start.max(self.offset);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let segment = self.text.get(self.offset..start).unwrap_or_default();
        for (index, byte) in segment.iter().enumerate() {
            let next = self.text.get(self.offset + index + 1);
            if *byte == b'\n' || (*byte == b'\r' && next != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.offset = start;
        self.line
    }
}

fn check_headers(mut cells: Vec<String>, line: usize) -> Result<Vec<String>, TabularError> {
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, name) in cells.iter().enumerate() {
        let key = header_key(name);
        if key.is_empty() {
            return Err(TabularError::EmptyHeader { line, column: index + 1 });
        }
        if seen.insert(key, index).is_some() {
            return Err(TabularError::DuplicateHeader { name: name.clone() });
        }
    }
    Ok(cells)
}

fn fit_row(mut cells: Vec<String>, width: usize, line: usize) -> Result<Vec<String>, TabularError> {
    let found = cells.len();
    if found > width && cells.get(width..).is_some_and(|extra| extra.iter().all(String::is_empty)) {
        cells.truncate(width);
    }
    if cells.len() != width {
        return Err(TabularError::FieldCount { line, expected: width, found });
    }
    Ok(cells)
}

/// Formats a number with Dutch thousands separators: `100000` → `"100.000"`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(bytes: &[u8]) -> TabularError {
        read(bytes).unwrap_err()
    }

    #[test]
    fn decode_rejects_empty_and_too_large() {
        assert_eq!(decode(b""), Err(TabularError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(TabularError::Empty));
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(decode(&big), Err(TabularError::TooLarge { bytes: MAX_BYTES + 1 }));
        assert_eq!(
            TabularError::TooLarge { bytes: MAX_BYTES + 1 }.to_string(),
            "Het bestand is te groot (6 MB); de grens is 5 MB."
        );
        assert!(decode(&vec![b'a'; MAX_BYTES]).is_ok());
    }

    #[test]
    fn decode_rejects_binary() {
        assert_eq!(decode(b"PK\x03\x04\x14\x00\x06\x00"), Err(TabularError::NotCsv));
        assert_eq!(decode(b"PK\x03\x04abc"), Err(TabularError::NotCsv));
        assert_eq!(decode(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), Err(TabularError::NotCsv));
        assert_eq!(decode(b"a;b\n1\x002"), Err(TabularError::NotCsv));
        assert_eq!(
            TabularError::NotCsv.to_string(),
            "Dit lijkt geen CSV-bestand (maar bijvoorbeeld een Excel-bestand). Sla het op als CSV."
        );
    }

    #[test]
    fn decode_handles_encodings() {
        assert_eq!(decode("\u{feff}Naam;Plaats".as_bytes()).unwrap(), "Naam;Plaats");
        assert_eq!(decode("Café – één".as_bytes()).unwrap(), "Café – één");
        // Windows-1252: é = E9, en dash = 96, ë = EB
        assert_eq!(decode(b"Caf\xE9 \x96 \xE9\xE9n").unwrap(), "Café – één");
        // UTF-16LE with BOM, as written by Excel's "Unicode-tekst".
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "BRIN\tNaam\r\n25LX\tCafé".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), "BRIN\tNaam\r\n25LX\tCafé");
        // A UTF-8 BOM followed by text that is not UTF-8 after all: Windows-1252.
        assert_eq!(decode(b"\xEF\xBB\xBFCaf\xE9").unwrap(), "Café");
    }

    #[test]
    fn sniffs_separator() {
        assert_eq!(sniff_separator("a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_separator("a,b,c\n"), b',');
        assert_eq!(sniff_separator("a\tb\tc"), b'\t');
        assert_eq!(sniff_separator("\n  \r\n\"x;y;z\",b,c\n"), b',');
        assert_eq!(sniff_separator("\"a,\nb\";c\n1,2,3,4"), b';');
        assert_eq!(sniff_separator("naam"), b';');
        assert_eq!(sniff_separator(""), b';');
        assert_eq!(sniff_separator("a;b,c"), b';');
    }

    #[test]
    fn reads_simple_table_with_line_numbers() {
        let table = read(b"\xEF\xBB\xBF BRIN ; Naam \r\n25LX;\" Caf\xC3\xA9 \"\r\n\r\n;;\r\n00GT;\"met ; en \"\"quote\"\"\"\r\n")
            .unwrap();
        assert_eq!(table.headers, vec!["BRIN", "Naam"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0], Row { line: 2, cells: vec!["25LX".into(), "Café".into()] });
        assert_eq!(table.rows[1], Row { line: 5, cells: vec!["00GT".into(), "met ; en \"quote\"".into()] });
        assert_eq!(table.rows[1].cell(7), "");
    }

    #[test]
    fn line_numbers_follow_multiline_cells() {
        let table = read(b"a,b\n1,\"x\ny\"\n2,z\n").unwrap();
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4);
        assert_eq!(table.rows[0].cells[1], "x\ny");
    }

    #[test]
    fn line_numbers_with_various_line_endings() {
        for data in ["a;b\n1;2\n\n3;4\n", "a;b\r\n1;2\r\n\r\n3;4\r\n", "a;b\r1;2\r\r3;4\r", "a;b\n1;2\r\n\r3;4"] {
            let table = read(data.as_bytes()).unwrap();
            assert_eq!(table.rows.iter().map(|row| row.line).collect::<Vec<_>>(), vec![2, 4], "{data:?}");
        }
        let table = read(b"a;b\r\n1;\"x\r\ny\"\r\n\r\n;\r\n2;z\r\n").unwrap();
        assert_eq!(table.rows.iter().map(|row| row.line).collect::<Vec<_>>(), vec![2, 6]);
    }

    #[test]
    fn leading_empty_lines_before_header() {
        let table = read(b"\n;;\nA;B\n1;2\n").unwrap();
        assert_eq!(table.headers, vec!["A", "B"]);
        assert_eq!(table.rows[0].line, 4);
    }

    #[test]
    fn field_count_mismatch_names_line() {
        assert_eq!(err(b"a;b;c\n1;2;3\n1;2\n"), TabularError::FieldCount { line: 3, expected: 3, found: 2 });
        assert_eq!(err(b"a;b\n1;2;3\n"), TabularError::FieldCount { line: 2, expected: 2, found: 3 });
        assert!(err(b"a;b\n1;2;3\n").to_string().starts_with("Regel 2 heeft 3 velden, maar de kopregel heeft er 2."));
    }

    #[test]
    fn trailing_empty_columns_are_tolerated() {
        let table = read(b"a;b;;\n1;2;;\n3;4\n5;6;\n").unwrap();
        assert_eq!(table.headers, vec!["a", "b"]);
        assert_eq!(table.rows.len(), 3);
        assert!(table.rows.iter().all(|row| row.cells.len() == 2));
    }

    #[test]
    fn header_problems() {
        assert_eq!(err(b"a;;c\n1;2;3\n"), TabularError::EmptyHeader { line: 1, column: 2 });
        assert_eq!(err(b"Naam;NAAM \n1;2\n"), TabularError::DuplicateHeader { name: "NAAM".into() });
        assert_eq!(err(b"brin nummer;BRIN_NUMMER\n1;2\n"), TabularError::DuplicateHeader { name: "BRIN_NUMMER".into() });
        assert_eq!(err(b"\n ; \n"), TabularError::NoHeader);
        assert_eq!(err(b"a;b\n;\n"), TabularError::NoRows);
        assert_eq!(TabularError::NoRows.to_string(), "Het bestand bevat geen gegevensregels");
    }

    #[test]
    fn too_many_rows() {
        let mut data = String::from("a\n");
        for i in 0..MAX_ROWS {
            data.push_str(&format!("{i}\n"));
        }
        assert_eq!(read(data.as_bytes()).unwrap().rows.len(), MAX_ROWS);
        data.push_str("x\n");
        assert_eq!(read(data.as_bytes()), Err(TabularError::TooManyRows));
        assert_eq!(TabularError::TooManyRows.to_string(), "Het bestand heeft meer dan 100.000 gegevensregels.");
    }

    #[test]
    fn column_lookup_is_lenient() {
        let table = Table { headers: vec!["brin_nummer".into(), "CJP-schoolnummer".into(), "  Aantal  ".into()], rows: vec![] };
        assert_eq!(table.column("BRIN NUMMER"), Some(0));
        assert_eq!(table.column(" brin  nummer "), Some(0));
        assert_eq!(table.column("cjp schoolnummer"), Some(1));
        assert_eq!(table.column("aantal"), Some(2));
        assert_eq!(table.column("brinnummer"), None);
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1.000");
        assert_eq!(group_thousands(1234567), "1.234.567");
    }

    #[test]
    fn row_problem_display() {
        assert_eq!(RowProblem::new(3, "BRIN", "BRIN ontbreekt.").to_string(), "Regel 3, kolom BRIN: BRIN ontbreekt.");
    }

    /// Line breaks as [`read`] counts them (`\n`, `\r\n` and a lone `\r` each one break).
    fn line_count(text: &str) -> usize {
        let bytes = text.as_bytes();
        let breaks =
            bytes.iter().enumerate().filter(|(i, b)| **b == b'\n' || (**b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).count();
        breaks + 1
    }

    /// What a caller of [`read`] relies on, for any input: an error is one of the typed
    /// errors that can describe this input, consistent with [`decode`], with a Dutch message
    /// that names the line (and column or counts) to fix; a table has unique, named, trimmed
    /// headers and at least one row, each row as wide as the header, trimmed, not empty, on a
    /// line after the header and within the file, in file order.
    fn check_read(bytes: &[u8]) -> Result<(), TestCaseError> {
        let outcome = read(bytes);
        prop_assert_eq!(&read(bytes), &outcome, "the same file reads the same");
        let decoded = decode(bytes);
        match outcome {
            Err(error) => {
                let message = error.to_string();
                prop_assert!(message.len() > 10, "{:?}: {:?}", error, message);
                match &decoded {
                    Err(decode_error) => prop_assert_eq!(&error, decode_error, "decoding decides first"),
                    Ok(text) => {
                        let lines = line_count(text);
                        match &error {
                            TabularError::NoHeader => {
                                prop_assert!(text.split([';', ',', '\t', '"']).all(|p| p.trim().is_empty()), "{:?}", text);
                            }
                            TabularError::NoRows => {}
                            TabularError::EmptyHeader { line, column } => {
                                prop_assert!(*line >= 1 && *line <= lines && *column >= 1, "{:?}", error);
                                let (names_column, names_line) = (format!("Kolom {column}"), format!("regel {line}"));
                                prop_assert!(message.contains(&names_column) && message.contains(&names_line), "{}", message);
                            }
                            TabularError::DuplicateHeader { name } => {
                                prop_assert!(!header_key(name).is_empty(), "{:?}", error);
                                let quoted = format!("\"{name}\"");
                                prop_assert!(message.contains(&quoted), "{}", message);
                            }
                            TabularError::FieldCount { line, expected, found } => {
                                prop_assert!(*line >= 2 && *line <= lines, "{:?} of {} lines", error, lines);
                                prop_assert!(*expected >= 1 && found != expected, "{:?}", error);
                                let start = format!("Regel {line} heeft {found} velden, maar de kopregel heeft er {expected}.");
                                prop_assert!(message.starts_with(&start), "{}", message);
                            }
                            TabularError::Unreadable { line } => {
                                if let Some(line) = line {
                                    let names_line = format!("Regel {line}");
                                    prop_assert!(*line >= 1 && *line <= lines && message.contains(&names_line), "{}", message);
                                }
                            }
                            TabularError::Empty | TabularError::NotCsv | TabularError::TooLarge { .. } => {
                                prop_assert!(false, "{:?} for text that decodes", error);
                            }
                            TabularError::TooManyRows => prop_assert!(false, "too many rows in {} bytes", bytes.len()),
                        }
                    }
                }
            }
            Ok(table) => {
                let text = match decoded {
                    Ok(text) => text,
                    Err(e) => return Err(TestCaseError::fail(format!("a table from bytes that do not decode: {e:?}"))),
                };
                let lines = line_count(&text);
                prop_assert!(!table.headers.is_empty());
                for (index, header) in table.headers.iter().enumerate() {
                    prop_assert!(!header.is_empty() && header.trim() == header, "{:?}", header);
                    prop_assert_eq!(table.column(header), Some(index), "headers are unique");
                }
                prop_assert!(!table.rows.is_empty() && table.rows.len() <= MAX_ROWS);
                let mut previous = 1;
                for row in &table.rows {
                    prop_assert_eq!(row.cells.len(), table.headers.len());
                    prop_assert!(row.line > previous && row.line <= lines, "line {} after {} of {}", row.line, previous, lines);
                    prop_assert!(row.cells.iter().any(|c| !c.is_empty()), "an empty row is skipped");
                    prop_assert!(row.cells.iter().all(|c| c.trim() == c), "{:?}", row.cells);
                    previous = row.line;
                }
            }
        }
        Ok(())
    }

    proptest! {
        /// Any bytes at all: `read` answers a table or a typed error that fits (see
        /// [`check_read`]), never a panic.
        #[test]
        fn read_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            check_read(&bytes)?;
        }

        /// Text made of separators, quotes, line breaks and a few letters, where every kind of
        /// outcome occurs: the same checks in both branches.
        #[test]
        fn read_never_panics_on_csvish_text(text in "[a-c;,\t\"\r\n ]{0,200}") {
            check_read(text.as_bytes())?;
        }

        /// Bytes after a zip signature or with a NUL inside are refused as not CSV.
        #[test]
        fn binary_uploads_are_not_csv(tail in proptest::collection::vec(any::<u8>(), 0..200), at in 0usize..200) {
            let mut zip = b"PK\x03\x04".to_vec();
            zip.extend_from_slice(&tail);
            prop_assert_eq!(read(&zip), Err(TabularError::NotCsv));
            let mut text = b"a;b\n1;2\n".to_vec();
            text.insert(at.min(text.len()), 0);
            prop_assert_eq!(read(&text), Err(TabularError::NotCsv));
        }
    }
}
