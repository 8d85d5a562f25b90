//! Excel workbooks: reading the first sheet of an uploaded `.xlsx` into a [`Table`] safely, and
//! writing a template with column checks and an instructions sheet.
//!
//! An `.xlsx` file is a zip of XML parts. Before anything is unpacked the zip's directory is
//! checked (number of parts, announced sizes and compression ratio), and every part is then
//! read through a hard cap on the bytes it actually unpacks to, so a file whose directory lies
//! cannot blow up either. The sheet is read as a stream of XML events, never as a whole tree:
//! memory stays bounded by the row limit.

use crate::files::tabular::{Row, Table, MAX_BYTES, MAX_ROWS};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::fmt;
use std::io::{BufReader, Cursor, Read};

/// The most parts a workbook may have (a plain one has about a dozen).
const MAX_PARTS: usize = 1_000;
/// The most bytes any one part, or all parts read together, may unpack to (64 MiB).
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// The highest compression ratio a part may announce; XML compresses about 10 to 20 times.
const MAX_RATIO: u64 = 200;
/// The most columns read from a sheet.
const MAX_COLUMNS: usize = 50;
/// The longest cell kept, in characters.
const MAX_CELL_CHARS: usize = 1_000;

/// Why a workbook could not be read. The text is a Dutch message for the person uploading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxError {
    /// Larger than the upload limit.
    TooLarge,
    /// Not a readable zip, or no worksheet in it.
    NotAWorkbook,
    /// It unpacks to far more than any roster needs: a zip bomb, or a mistake.
    Unpacks,
    /// More rows than [`MAX_ROWS`].
    TooManyRows,
    /// A cell holds a formula (`cell` as Excel names it, e.g. `C4`).
    Formula { cell: String },
    /// The first sheet has no header row.
    NoHeader,
    /// The header row has two columns of the same name, or a nameless one before a named one.
    BadHeader { message: String },
    /// A header and no data rows.
    NoRows,
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::TooLarge => write!(f, "Het bestand is te groot; de grens is {} MB.", MAX_BYTES / (1024 * 1024)),
            XlsxError::NotAWorkbook => {
                f.write_str("Dit Excel-bestand kan niet worden gelezen. Sla het opnieuw op als Excel-werkmap (.xlsx) of als CSV.")
            }
            XlsxError::Unpacks => f.write_str(
                "Dit Excel-bestand pakt uit tot veel meer gegevens dan een lijst met personen kan bevatten en wordt niet geopend.",
            ),
            XlsxError::TooManyRows => write!(f, "Het bestand heeft meer dan {MAX_ROWS} regels. Splits het per vestiging."),
            XlsxError::Formula { cell } => write!(
                f,
                "Cel {cell} bevat een formule. Vervang formules door hun waarden (kopiëren, plakken speciaal, waarden) en upload opnieuw."
            ),
            XlsxError::NoHeader => f.write_str("Het eerste werkblad heeft geen kopregel met kolomnamen."),
            XlsxError::BadHeader { message } => f.write_str(message),
            XlsxError::NoRows => f.write_str("Het bestand heeft een kopregel maar geen regels met personen."),
        }
    }
}

impl std::error::Error for XlsxError {}

/// True when the bytes start like a zip file (as `.xlsx` files do).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the first worksheet into a table: the first non-empty row is the header, every later
/// non-empty row a data row numbered as Excel numbers it.
pub fn read(bytes: &[u8]) -> Result<Table, XlsxError> {
    if bytes.len() > MAX_BYTES {
        return Err(XlsxError::TooLarge);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| XlsxError::NotAWorkbook)?;
    check_directory(&mut zip)?;
    let sheet = first_sheet_path(&mut zip)?;
    let shared = match zip.index_for_name("xl/sharedStrings.xml") {
        Some(i) => shared_strings(&mut zip, i)?,
        None => Vec::new(),
    };
    let index = zip.index_for_name(&sheet).ok_or(XlsxError::NotAWorkbook)?;
    let part = zip.by_index(index).map_err(|_| XlsxError::NotAWorkbook)?;
    let rows = sheet_rows(BufReader::new(part.take(MAX_UNPACKED)), &shared)?;
    into_table(rows)
}

/// Refuses a zip whose directory announces too many parts, too many bytes, or a ratio no
/// spreadsheet has.
fn check_directory(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), XlsxError> {
    if zip.len() > MAX_PARTS {
        return Err(XlsxError::Unpacks);
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| XlsxError::NotAWorkbook)?;
        let (packed, unpacked) = (part.compressed_size(), part.size());
        total = total.saturating_add(unpacked);
        if unpacked > MAX_UNPACKED || total > MAX_UNPACKED || unpacked > packed.max(1).saturating_mul(MAX_RATIO) {
            return Err(XlsxError::Unpacks);
        }
    }
    Ok(())
}

/// A small XML part (workbook, relationships), read whole within the cap.
fn small_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, XlsxError> {
    let part = zip.by_name(name).map_err(|_| XlsxError::NotAWorkbook)?;
    let mut text = String::new();
    part.take(MAX_UNPACKED).read_to_string(&mut text).map_err(|_| XlsxError::NotAWorkbook)?;
    Ok(text)
}

/// The zip path of the workbook's first sheet, through the workbook and its relationships.
fn first_sheet_path(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, XlsxError> {
    let workbook = small_part(zip, "xl/workbook.xml")?;
    let doc = roxmltree::Document::parse(&workbook).map_err(|_| XlsxError::NotAWorkbook)?;
    let rel = doc
        .descendants()
        .find(|n| n.has_tag_name("sheet"))
        .and_then(|n| n.attributes().find(|a| a.name() == "id").map(|a| a.value().to_owned()))
        .ok_or(XlsxError::NotAWorkbook)?;
    let rels = small_part(zip, "xl/_rels/workbook.xml.rels")?;
    let doc = roxmltree::Document::parse(&rels).map_err(|_| XlsxError::NotAWorkbook)?;
    let target = doc
        .descendants()
        .find(|n| n.has_tag_name("Relationship") && n.attribute("Id") == Some(rel.as_str()))
        .and_then(|n| n.attribute("Target"))
        .ok_or(XlsxError::NotAWorkbook)?;
    Ok(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    })
}

/// The workbook's shared strings, in order.
fn shared_strings(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize) -> Result<Vec<String>, XlsxError> {
    let part = zip.by_index(index).map_err(|_| XlsxError::NotAWorkbook)?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_UNPACKED)));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    // Phonetic hints (`rPh`) repeat the text in another script; they are not part of the value.
    let mut in_phonetic = false;
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| XlsxError::NotAWorkbook)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => current = Some(String::new()),
                "t" => in_text = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Event::End(e) => match e.local_name().as_ref() {
                "si" => out.push(current.take().unwrap_or_default()),
                "t" => in_text = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if in_text && !in_phonetic => push_capped(&mut current, &t.xml10_content()),
            Event::CData(t) if in_text && !in_phonetic => push_capped(&mut current, &t),
            Event::GeneralRef(r) if in_text && !in_phonetic => push_capped(&mut current, &resolve_ref(&r)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn push_capped(target: &mut Option<String>, text: &str) {
    if let Some(s) = target {
        if s.chars().count() < MAX_CELL_CHARS {
            s.push_str(text);
        }
    }
}

/// The text an entity or character reference stands for.
fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).unwrap_or_default().to_owned()
}

/// A cell being read: where it is, its type attribute, whether it has a formula, its text.
#[derive(Default)]
struct Cell {
    reference: String,
    kind: String,
    formula: bool,
    value: Option<String>,
}

/// The column (0-based) of a cell reference such as `AB12`.
fn column_of(reference: &str) -> Option<usize> {
    let letters: Vec<u8> = reference.bytes().take_while(u8::is_ascii_alphabetic).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    letters.iter().try_fold(0usize, |acc, b| Some(acc * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1)).map(|n| n - 1)
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.into_owned())
}

/// The non-empty rows of a sheet as (Excel row number, cells by column).
fn sheet_rows(source: impl std::io::BufRead, shared: &[String]) -> Result<Vec<(usize, Vec<String>)>, XlsxError> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let mut buf = Vec::new();
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut cell: Option<Cell> = None;
    let mut in_value = false;
    let mut next_row = 1usize;
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| XlsxError::NotAWorkbook)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let number = attribute(&e, "r").and_then(|r| r.parse::<usize>().ok()).unwrap_or(next_row);
                next_row = number + 1;
                row = Some((number, Vec::new()));
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                cell = Some(Cell {
                    reference: attribute(&e, "r").unwrap_or_default(),
                    kind: attribute(&e, "t").unwrap_or_default(),
                    ..Cell::default()
                });
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "f" => {
                if let Some(c) = cell.as_mut() {
                    c.formula = true;
                }
            }
            Event::Start(e) if matches!(e.local_name().as_ref(), "v" | "t") => {
                in_value = true;
                if let Some(c) = cell.as_mut() {
                    c.value.get_or_insert_with(String::new);
                }
            }
            Event::Text(t) if in_value => push_cell(&mut cell, &t.xml10_content()),
            Event::CData(t) if in_value => push_cell(&mut cell, &t),
            Event::GeneralRef(r) if in_value => push_cell(&mut cell, &resolve_ref(&r)),
            Event::End(e) => match e.local_name().as_ref() {
                "v" | "t" => in_value = false,
                "c" => {
                    if let (Some(c), Some((_, cells))) = (cell.take(), row.as_mut()) {
                        place(cells, c, shared)?;
                    }
                }
                "row" => {
                    if let Some((number, cells)) = row.take() {
                        if cells.iter().any(|c| !c.is_empty()) {
                            if rows.len() > MAX_ROWS {
                                return Err(XlsxError::TooManyRows);
                            }
                            rows.push((number, cells));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(rows)
}

fn push_cell(cell: &mut Option<Cell>, text: &str) {
    if let Some(c) = cell.as_mut() {
        push_capped(&mut c.value, text);
    }
}

/// Puts a finished cell in its column: shared strings looked up, booleans as text, a formula
/// refused (its cached result may be stale, and a roster has no reason to compute).
fn place(cells: &mut Vec<String>, cell: Cell, shared: &[String]) -> Result<(), XlsxError> {
    if cell.formula {
        return Err(XlsxError::Formula { cell: cell.reference });
    }
    let Some(column) = column_of(&cell.reference).or(Some(cells.len())) else { return Ok(()) };
    if column >= MAX_COLUMNS {
        return Ok(());
    }
    let raw = cell.value.unwrap_or_default();
    let value = match cell.kind.as_str() {
        "s" => raw.trim().parse::<usize>().ok().and_then(|i| shared.get(i)).cloned().unwrap_or_default(),
        "b" => if raw.trim() == "1" { "WAAR" } else { "ONWAAR" }.to_owned(),
        _ => raw,
    };
    if cells.len() <= column {
        cells.resize(column + 1, String::new());
    }
    if let Some(slot) = cells.get_mut(column) {
        // Line breaks inside a cell would shift the line numbers of the stored CSV.
        *slot = value.replace(['\r', '\n'], " ").trim().to_owned();
    }
    Ok(())
}

/// The header (first non-empty row) and data rows, widened to the header's width.
fn into_table(rows: Vec<(usize, Vec<String>)>) -> Result<Table, XlsxError> {
    let mut rows = rows.into_iter();
    let (_, mut headers) = rows.next().ok_or(XlsxError::NoHeader)?;
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let mut seen: HashSet<String> = HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            return Err(XlsxError::BadHeader { message: format!("Kolom {} van de kopregel heeft geen naam.", i + 1) });
        }
        if !seen.insert(h.to_lowercase()) {
            return Err(XlsxError::BadHeader { message: format!("De kolom \"{h}\" staat twee keer in de kopregel.") });
        }
    }
    let width = headers.len();
    let rows: Vec<Row> = rows
        .map(|(line, mut cells)| {
            cells.resize(width, String::new());
            Row { line, cells }
        })
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(XlsxError::NoRows);
    }
    Ok(Table { headers, rows })
}

/// One column of a template: its header, a width, an optional list of allowed values, an
/// optional maximum length, and the hint Excel shows when the cell is selected.
pub struct TemplateColumn<'a> {
    pub header: &'a str,
    pub width: f64,
    pub allowed: &'a [&'a str],
    pub max_length: Option<u32>,
    pub hint: &'a str,
}

/// A workbook with one data sheet (bold, frozen header; every column text, so Excel keeps
/// leading zeros and does not turn numbers into dates; checks on the first 20,000 rows) and an
/// instructions sheet.
pub fn template(
    sheet: &str,
    columns: &[TemplateColumn<'_>],
    instructions: &[&str],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let data = book.add_worksheet();
    data.set_name(sheet)?;
    for (i, column) in columns.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        data.write_string_with_format(0, c, column.header, &bold)?;
        data.set_column_width(c, column.width)?;
        data.set_column_format(c, &text)?;
        let mut check = DataValidation::new();
        if !column.allowed.is_empty() {
            check = check.allow_list_strings(column.allowed)?;
        } else if let Some(max) = column.max_length {
            check = check.allow_text_length(DataValidationRule::LessThanOrEqualTo(max));
        }
        let check = check
            .set_input_title(column.header)?
            .set_input_message(column.hint)?
            .set_error_title(column.header)?
            .set_error_message(column.hint)?;
        data.add_data_validation(1, c, 20_000, c, &check)?;
    }
    data.set_freeze_panes(1, 0)?;
    let help = book.add_worksheet();
    help.set_name("Uitleg")?;
    help.set_column_width(0, 110)?;
    for (i, line) in instructions.iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(u32::MAX);
        if i == 0 {
            help.write_string_with_format(r, 0, *line, &bold)?;
        } else {
            help.write_string(r, 0, *line)?;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn columns() -> Vec<TemplateColumn<'static>> {
        vec![
            TemplateColumn { header: "Voornaam", width: 18.0, allowed: &[], max_length: Some(100), hint: "Verplicht." },
            TemplateColumn {
                header: "Rol",
                width: 12.0,
                allowed: &["student", "docent"],
                max_length: None,
                hint: "student of docent",
            },
        ]
    }

    /// A workbook like Excel writes it, with the given sheet XML and shared strings.
    fn workbook(sheet: &str, shared: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut out));
            let options = zip::write::SimpleFileOptions::default();
            let mut put = |name: &str, body: &str| {
                zip.start_file(name, options).unwrap();
                zip.write_all(body.as_bytes()).unwrap();
            };
            put(
                "xl/workbook.xml",
                r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Gegevens" sheetId="1" r:id="rId7"/></sheets></workbook>"#,
            );
            put(
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId7" Target="worksheets/data.xml"/></Relationships>"#,
            );
            let si: String = shared.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
            put("xl/sharedStrings.xml", &format!("<sst>{si}</sst>"));
            put("xl/worksheets/data.xml", &format!("<worksheet><sheetData>{sheet}</sheetData></worksheet>"));
            zip.finish().unwrap();
        }
        out
    }

    #[test]
    fn the_template_reads_back_as_its_own_header() {
        let bytes = template("Gegevens", &columns(), &["Uitleg", "Vul per persoon één regel in."]).unwrap();
        assert!(is_zip(&bytes));
        // The template has no data rows: reading it says so, after finding the header.
        assert_eq!(read(&bytes), Err(XlsxError::NoRows));
    }

    #[test]
    fn shared_strings_numbers_and_entities_are_read_in_their_columns_with_excel_row_numbers() {
        let sheet = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Nummer</t></is></c></row>
            <row r="3"><c r="A3" t="s"><v>2</v></c><c r="C3"><v>12345</v></c></row>"#;
        let table = read(&workbook(sheet, &["Voornaam", "Achternaam", "Jan &amp; Piet"])).unwrap();
        assert_eq!(table.headers, vec!["Voornaam", "Achternaam", "Nummer"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 3);
        assert_eq!(table.rows[0].cells, vec!["Jan & Piet", "", "12345"]);
    }

    #[test]
    fn a_formula_is_refused_with_its_cell() {
        let sheet =
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><f>HYPERLINK("http://x")</f><v>x</v></c></row>"#;
        assert_eq!(read(&workbook(sheet, &["Voornaam"])), Err(XlsxError::Formula { cell: "A2".to_owned() }));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        // 200 MB of zeros compresses to a few hundred kilobytes.
        let mut out = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut out));
            let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            let block = vec![b'0'; 1024 * 1024];
            for _ in 0..200 {
                zip.write_all(&block).unwrap();
            }
            zip.finish().unwrap();
        }
        assert!(out.len() < MAX_BYTES, "the bomb itself is small: {} bytes", out.len());
        assert_eq!(read(&out), Err(XlsxError::Unpacks));
    }

    #[test]
    fn bytes_that_are_no_workbook_are_refused() {
        assert_eq!(read(b"PK\x03\x04 not really a zip"), Err(XlsxError::NotAWorkbook));
        assert_eq!(read(&workbook("", &[])), Err(XlsxError::NoHeader));
    }

    #[test]
    fn column_letters_count_from_zero() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("Z9"), Some(25));
        assert_eq!(column_of("AA10"), Some(26));
        assert_eq!(column_of("12"), None);
    }
}
