//! A location's roster: the personal fields it delivers, the template, uploads checked in a
//! preview and confirmed in one transaction, the passes that come with it, and leavers.
//!
//! A roster file matches people by student number first, then by e-mail address: a later file
//! updates them and never makes a second account. Nobody leaves because a file lacks them
//! unless the budget holder confirms the file is the whole list.

use crate::files::tabular::{self, Table};
use crate::files::xlsx::{self, TemplateColumn};
use crate::platform::audit;
use crate::platform::db::{int, opt_int, opt_text, text, value_rows, Backend, Db, Tx};
use crate::platform::error::internal;
use crate::platform::state::AppState;
use domain::imports::{RowChange, RowIssue};
use domain::roster::{
    roster_headers, PassKind, PassNumber, PassStatus, RosterField, RosterFieldChoice, RosterLine, RosterOutcome, RosterPreview,
    PREVIEW_LINES, PREVIEW_NAMES,
};
use domain::{AppError, Email, LocationId, PersonId, Problem};
use std::collections::{HashMap, HashSet};

/// Rows per multi-row statement (SQLite allows 32,766 bound values, PostgreSQL 65,535).
const CHUNK: usize = 500;
/// The longest name, class or programme kept, in characters.
const MAX_TEXT: usize = 100;
/// The most problems a preview lists (the rest are counted).
const MAX_PROBLEMS: usize = 1_000;
/// The longest student number.
const MAX_STUDENT_NUMBER: usize = 30;

// ---------------------------------------------------------------------------------------
// Field choice

/// The fields `location` delivers.
pub async fn fields_of(db: &Db, location: LocationId) -> Result<Vec<RosterField>, AppError> {
    let row = sqlx::query("SELECT fields FROM roster_fields WHERE location_id = $1")
        .bind(location.0)
        .fetch_optional(&db.pool)
        .await
        .map_err(internal)?;
    Ok(row.map(|r| text(&r, "fields").map(|f| RosterField::parse_list(&f))).transpose().map_err(internal)?.unwrap_or_default())
}

/// The field choice of each of `locations`, by location name.
pub async fn field_choices(db: &Db, locations: &[LocationId]) -> Result<Vec<RosterFieldChoice>, AppError> {
    let mut out = Vec::new();
    for location in locations {
        let r = sqlx::query(
            "SELECT l.name, f.fields, f.updated_at, p.display_name FROM locations l
             LEFT JOIN roster_fields f ON f.location_id = l.id LEFT JOIN people p ON p.id = f.updated_by WHERE l.id = $1",
        )
        .bind(location.0)
        .fetch_optional(&db.pool)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
        out.push(RosterFieldChoice {
            location_id: *location,
            location_name: text(&r, "name").map_err(internal)?,
            fields: opt_text(&r, "fields").map_err(internal)?.map(|f| RosterField::parse_list(&f)).unwrap_or_default(),
            updated_at_ms: opt_int(&r, "updated_at").map_err(internal)?,
            updated_by: opt_text(&r, "display_name").map_err(internal)?,
        });
    }
    out.sort_by(|a, b| a.location_name.cmp(&b.location_name));
    Ok(out)
}

/// Records which fields `location` delivers. Fields it no longer delivers are erased from its
/// passes at once: what is not chosen is not stored. Audited; choosing the same again changes
/// nothing.
pub async fn set_fields(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    location: LocationId,
    fields: &[RosterField],
) -> Result<(), AppError> {
    if !locations.contains(&location) {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now_ms();
    let list = RosterField::list_code(fields);
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let before = sqlx::query("SELECT fields FROM roster_fields WHERE location_id = $1")
        .bind(location.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal)?
        .map(|r| text(&r, "fields"))
        .transpose()
        .map_err(internal)?;
    if before.as_deref() == Some(list.as_str()) {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO roster_fields (location_id, fields, updated_at, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (location_id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by",
    )
    .bind(location.0)
    .bind(&list)
    .bind(now)
    .bind(actor.0)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    let dropped: Vec<RosterField> = RosterField::ALL.into_iter().filter(|f| !fields.contains(f)).collect();
    if !dropped.is_empty() {
        let sets = dropped.iter().map(|f| format!("{} = NULL", f.code())).collect::<Vec<_>>().join(", ");
        sqlx::query(&format!("UPDATE passes SET {sets} WHERE location_id = $1"))
            .bind(location.0)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
    }
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "roster_fields_chosen",
        "location",
        Some(location.0),
        &format!("{} -> {}", before.unwrap_or_default(), list),
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Templates

const TEMPLATE_INSTRUCTIONS: [&str; 12] = [
    "Zo vult u de lijst met studenten en medewerkers in",
    "Vul op het werkblad Gegevens per persoon één regel in. Laat de kopregel staan zoals hij is.",
    "Voornaam, Achternaam en E-mail zijn verplicht. Het e-mailadres wordt de inlognaam van de persoon.",
    "Rol: student of docent. Klas: de klas of groep van de student; bij een docent de klassen waar hij of zij les aan geeft, gescheiden door komma's (bijvoorbeeld 4A, 4B).",
    "Vul alleen de kolommen in die op het werkblad staan: uw vestiging levert alleen deze gegevens.",
    "Studentnummer (als het op het werkblad staat): unieke code binnen uw vestiging. Een latere lijst werkt personen bij op studentnummer, anders op e-mailadres.",
    "Geboortedatum (als het op het werkblad staat): dd-mm-jjjj, bijvoorbeeld 01-09-2008.",
    "Gebruik geen formules: het systeem leest alleen waarden.",
    "Upload het bestand als Excel-werkmap (.xlsx) of als CSV (puntkomma of komma).",
    "U ziet eerst een voorbeeld met per regel wat er mis is en wat er verandert. Pas na uw bevestiging wordt de lijst verwerkt, in zijn geheel of helemaal niet.",
    "Staat iemand niet meer in een volledige lijst, dan ziet u dat in het voorbeeld; hij of zij vertrekt alleen als u dat bevestigt.",
    "Voorbeeld: Sanne | de Vries | sanne.devries@student.example.nl | student | 2A",
];

/// The column hint of a template column.
fn hint(header: &str) -> &'static str {
    match header {
        "Voornaam" | "Achternaam" => "Verplicht, ten hoogste 100 tekens.",
        "E-mail" => "Verplicht: het e-mailadres van de persoon, ook de inlognaam.",
        "Rol" => "Kies student of docent.",
        "Klas" => "Klas of groep; bij een docent de klassen, gescheiden door komma's.",
        "Studentnummer" => "Uniek binnen de vestiging, ten hoogste 30 tekens.",
        "Geboortedatum" => "dd-mm-jjjj",
        "Telefoonnummer" => "Bijvoorbeeld 06 12345678.",
        _ => "Ten hoogste 100 tekens.",
    }
}

/// The Excel template of `location`: its columns, checks and the instructions sheet.
pub async fn template_xlsx(db: &Db, location: LocationId) -> Result<Vec<u8>, AppError> {
    let headers = roster_headers(&fields_of(db, location).await?);
    let columns: Vec<TemplateColumn<'_>> = headers
        .iter()
        .map(|h| TemplateColumn {
            header: h,
            width: if *h == "E-mail" { 34.0 } else { 18.0 },
            allowed: if *h == "Rol" { &["student", "docent"] } else { &[] },
            max_length: Some(if *h == "E-mail" { 254 } else { 100 }),
            hint: hint(h),
        })
        .collect();
    xlsx::template("Gegevens", &columns, &TEMPLATE_INSTRUCTIONS).map_err(internal)
}

/// The CSV template of `location`: its header line, as Dutch Excel opens it.
pub async fn template_csv(db: &Db, location: LocationId) -> Result<String, AppError> {
    let headers = roster_headers(&fields_of(db, location).await?);
    Ok(crate::files::csv::file(&headers, Vec::<Vec<String>>::new()))
}

// ---------------------------------------------------------------------------------------
// Reading a file

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
    fn student_number(&self) -> Option<&str> {
        self.extra[0].as_deref()
    }

    fn display_name(&self) -> String {
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

// ---------------------------------------------------------------------------------------
// Staging

/// Reads an uploaded CSV or Excel file into a table (or the file's one problem).
fn read_upload(bytes: &[u8]) -> Result<Table, String> {
    if xlsx::is_zip(bytes) {
        xlsx::read(bytes).map_err(|e| e.to_string())
    } else {
        tabular::read(bytes).map_err(|e| match e {
            tabular::TabularError::NotCsv => {
                "Dit is geen CSV- of Excel-bestand (.xlsx). Gebruik het sjabloon en sla het op als Excel-werkmap of CSV."
                    .to_owned()
            }
            other => other.to_string(),
        })
    }
}

/// The table as CSV text, with a line per Excel row so line numbers stay the file's own.
fn table_csv(table: &Table) -> Result<String, AppError> {
    let mut w = ::csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(Vec::new());
    w.write_record(&table.headers).map_err(internal)?;
    let mut line = 1usize;
    let blank: Vec<&str> = vec![""; table.headers.len()];
    for row in &table.rows {
        while line + 1 < row.line {
            w.write_record(&blank).map_err(internal)?;
            line += 1;
        }
        w.write_record(&row.cells).map_err(internal)?;
        line += 1;
    }
    String::from_utf8(w.into_inner().map_err(internal)?).map_err(internal)
}

/// Holds an upload for its preview, where every problem shows: those of its rows, or the one
/// that keeps the whole file from being read. Only a file over the size limit is refused here.
pub async fn stage(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    location: LocationId,
    filename: &str,
    bytes: &[u8],
) -> Result<i64, AppError> {
    if !locations.contains(&location) {
        return Err(AppError::NotFound);
    }
    if bytes.len() > tabular::MAX_BYTES {
        return Err(AppError::field("file", Problem::FileTooLarge));
    }
    // A file that cannot be read is held too: its preview says what is wrong with it.
    let (content, problem) = match read_upload(bytes) {
        Ok(table) => (table_csv(&table)?, None),
        Err(message) => (String::new(), Some(message)),
    };
    let name = tabular::upload_name(filename, "lijst");
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    sqlx::query("DELETE FROM roster_uploads WHERE committed_at IS NULL AND created_at < $1")
        .bind(now - crate::registry::imports::STAGED_FOR_MS)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    let id = int(
        &sqlx::query(
            "INSERT INTO roster_uploads (location_id, filename, content, problem, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(location.0)
        .bind(name)
        .bind(&content)
        .bind(problem)
        .bind(now)
        .bind(actor.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?,
        "id",
    )
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------
// Planning: what a file would change

/// A pass on the roster, as the plan compares it.
#[derive(Clone, Debug)]
struct Existing {
    pass_id: i64,
    person_id: i64,
    email: String,
    person_active: bool,
    first_name: String,
    last_name: String,
    kind: PassKind,
    class_name: String,
    extra: [Option<String>; 4],
    status: PassStatus,
    left: bool,
}

/// What one record does.
#[derive(Clone, Debug)]
enum Action {
    /// A new pass; for an existing account (`Some`) or a new one.
    Create(Option<i64>),
    /// A change to the pass at this index of `existing`.
    Update(usize),
    Unchanged,
}

struct Plan {
    existing: Vec<Existing>,
    actions: Vec<Action>,
    /// Indexes into `existing` of passes the file does not have.
    leavers: Vec<usize>,
    problems: Vec<RowIssue>,
}

fn field_names() -> String {
    RosterField::ALL.iter().map(|f| format!("s.{}", f.code())).collect::<Vec<_>>().join(", ")
}

async fn load_existing(tx: &mut Tx, location: LocationId) -> Result<Vec<Existing>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT s.id, s.person_id, p.email, p.status AS person_status, s.first_name, s.last_name, s.kind, s.class_name,
            {}, s.status, s.left_at
         FROM passes s JOIN people p ON p.id = s.person_id WHERE s.location_id = $1 ORDER BY s.id",
        field_names()
    ))
    .bind(location.0)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            let mut extra: [Option<String>; 4] = Default::default();
            for (i, f) in RosterField::ALL.iter().enumerate() {
                extra[i] = opt_text(r, f.code())?;
            }
            Ok(Existing {
                pass_id: int(r, "id")?,
                person_id: int(r, "person_id")?,
                email: text(r, "email")?,
                person_active: text(r, "person_status")? == "active",
                first_name: text(r, "first_name")?,
                last_name: text(r, "last_name")?,
                kind: PassKind::from_code(&text(r, "kind")?).unwrap_or(PassKind::Student),
                class_name: text(r, "class_name")?,
                extra,
                status: PassStatus::from_code(&text(r, "status")?).unwrap_or(PassStatus::NotInvited),
                left: opt_int(r, "left_at")?.is_some(),
            })
        })
        .collect()
}

/// Accounts with these addresses: id, and whether they hold a role anywhere but `location`.
async fn accounts(tx: &mut Tx, location: LocationId, emails: &[&str]) -> Result<HashMap<String, (i64, bool)>, sqlx::Error> {
    let mut out = HashMap::new();
    for chunk in emails.chunks(CHUNK) {
        let sql = format!(
            "SELECT p.id, p.email, CASE WHEN EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id
                AND (r.location_id IS NULL OR r.location_id <> $1)) THEN 1 ELSE 0 END AS elsewhere
             FROM people p WHERE p.email IN ({})",
            crate::platform::db::placeholders(2, chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(location.0);
        for e in chunk {
            q = q.bind(*e);
        }
        for r in q.fetch_all(&mut **tx).await? {
            out.insert(text(&r, "email")?, (int(&r, "id")?, int(&r, "elsewhere")? == 1));
        }
    }
    Ok(out)
}

fn issue(line: usize, column: &str, message: String) -> RowIssue {
    RowIssue { line: i64::try_from(line).unwrap_or(i64::MAX), column: column.to_owned(), message }
}

async fn plan(tx: &mut Tx, location: LocationId, records: &[RosterRecord]) -> Result<Plan, sqlx::Error> {
    let existing = load_existing(tx, location).await?;
    let by_email: HashMap<&str, usize> = existing.iter().enumerate().map(|(i, e)| (e.email.as_str(), i)).collect();
    let by_number: HashMap<&str, usize> =
        existing.iter().enumerate().filter_map(|(i, e)| e.extra[0].as_deref().map(|n| (n, i))).collect();
    // Addresses that are not (yet) those of the pass they belong to.
    let mut unknown: Vec<&str> = Vec::new();
    for r in records {
        let matched = r.student_number().and_then(|n| by_number.get(n)).or_else(|| by_email.get(r.email.as_str()));
        if matched.is_none_or(|i| existing[*i].email != r.email.as_str()) {
            unknown.push(r.email.as_str());
        }
    }
    let known = accounts(tx, location, &unknown).await?;
    let mut actions = Vec::with_capacity(records.len());
    let mut problems = Vec::new();
    // Passes matched so far, with the line that matched them.
    let mut matched: HashMap<usize, usize> = HashMap::new();
    for r in records {
        let by_n = r.student_number().and_then(|n| by_number.get(n)).copied();
        let by_e = by_email.get(r.email.as_str()).copied();
        let target = match (by_n, by_e) {
            (Some(n), Some(e)) if n != e => {
                problems.push(issue(
                    r.line,
                    "E-mail",
                    format!(
                        "Studentnummer {} hoort bij {} {}, maar {} bij {} {}.",
                        r.student_number().unwrap_or_default(),
                        existing[n].first_name,
                        existing[n].last_name,
                        r.email.as_str(),
                        existing[e].first_name,
                        existing[e].last_name
                    ),
                ));
                actions.push(Action::Unchanged);
                continue;
            }
            (Some(i), _) | (None, Some(i)) => Some(i),
            (None, None) => None,
        };
        match target {
            Some(i) if matched.contains_key(&i) => {
                problems.push(issue(
                    r.line,
                    "E-mail",
                    format!(
                        "Dit is dezelfde persoon als op regel {} ({} {}): studentnummer of e-mailadres staat dubbel.",
                        matched[&i], existing[i].first_name, existing[i].last_name
                    ),
                ));
                actions.push(Action::Unchanged);
            }
            Some(i) => {
                let e = &existing[i];
                if e.email != r.email.as_str() {
                    if let Some((other, _)) = known.get(r.email.as_str()) {
                        if *other != e.person_id {
                            problems.push(issue(
                                r.line,
                                "E-mail",
                                format!("E-mailadres {} hoort al bij een ander account in de Cultuurkaart.", r.email.as_str()),
                            ));
                            actions.push(Action::Unchanged);
                            continue;
                        }
                    }
                }
                matched.insert(i, r.line);
                let same = !e.left
                    && e.email == r.email.as_str()
                    && e.first_name == r.first_name
                    && e.last_name == r.last_name
                    && e.kind == r.kind
                    && e.class_name == r.class_name
                    && e.extra == r.extra;
                actions.push(if same { Action::Unchanged } else { Action::Update(i) });
            }
            None => match known.get(r.email.as_str()) {
                Some((_, true)) => {
                    problems.push(issue(
                        r.line,
                        "E-mail",
                        format!(
                            "E-mailadres {} hoort bij een account van een andere school of organisatie. Gebruik het adres dat uw school voor deze persoon heeft.",
                            r.email.as_str()
                        ),
                    ));
                    actions.push(Action::Unchanged);
                }
                Some((id, false)) => actions.push(Action::Create(Some(*id))),
                None => actions.push(Action::Create(None)),
            },
        }
    }
    let leavers = (0..existing.len()).filter(|i| !matched.contains_key(i) && !existing[*i].left).collect();
    Ok(Plan { existing, actions, leavers, problems })
}

// ---------------------------------------------------------------------------------------
// Preview and commit

struct Upload {
    location: LocationId,
    location_name: String,
    filename: String,
    content: String,
    /// Why the file could not be read, when it could not.
    problem: Option<String>,
    committed: bool,
}

async fn upload(tx: &mut Tx, locations: &[LocationId], id: i64, now: i64) -> Result<Upload, AppError> {
    let r = sqlx::query(
        "SELECT u.location_id, l.name, u.filename, u.content, u.problem, u.committed_at FROM roster_uploads u
         JOIN locations l ON l.id = u.location_id WHERE u.id = $1 AND (u.committed_at IS NOT NULL OR u.created_at >= $2)",
    )
    .bind(id)
    .bind(now - crate::registry::imports::STAGED_FOR_MS)
    .fetch_optional(&mut **tx)
    .await
    .map_err(internal)?
    .ok_or(AppError::NotFound)?;
    let location = LocationId(int(&r, "location_id").map_err(internal)?);
    if !locations.contains(&location) {
        return Err(AppError::NotFound);
    }
    Ok(Upload {
        location,
        location_name: text(&r, "name").map_err(internal)?,
        filename: text(&r, "filename").map_err(internal)?,
        content: text(&r, "content").map_err(internal)?,
        problem: opt_text(&r, "problem").map_err(internal)?,
        committed: opt_int(&r, "committed_at").map_err(internal)?.is_some(),
    })
}

/// Reads a held upload and plans it inside `tx`.
async fn read_and_plan(tx: &mut Tx, db: &Db, upload: &Upload) -> Result<(Vec<RosterRecord>, Plan, Vec<String>), AppError> {
    if let Some(message) = &upload.problem {
        let problems = vec![RowIssue { line: 0, column: String::new(), message: message.clone() }];
        return Ok((Vec::new(), Plan { existing: Vec::new(), actions: Vec::new(), leavers: Vec::new(), problems }, Vec::new()));
    }
    let fields = fields_of(db, upload.location).await?;
    let table = tabular::read(upload.content.as_bytes()).map_err(internal)?;
    let (records, mut problems, ignored) = parse(&table, &fields);
    let mut plan = plan(tx, upload.location, &records).await.map_err(internal)?;
    problems.append(&mut plan.problems);
    problems.sort_by_key(|p| p.line);
    plan.problems = problems;
    Ok((records, plan, ignored))
}

/// The preview of a held roster file: every problem, and what it would create, update and
/// leave out. Changes nothing.
pub async fn preview(state: &AppState, locations: &[LocationId], id: i64) -> Result<RosterPreview, AppError> {
    let mut tx = state.db.pool.begin().await.map_err(internal)?;
    let upload = upload(&mut tx, locations, id, state.clock.now_ms()).await?;
    if upload.committed {
        // Imported already: its content is gone; say so.
        tx.rollback().await.map_err(internal)?;
        return Ok(RosterPreview {
            upload_id: id,
            location_id: upload.location,
            location_name: upload.location_name,
            filename: upload.filename,
            problems: Vec::new(),
            ignored_columns: Vec::new(),
            rows: 0,
            creates: 0,
            updates: 0,
            unchanged: 0,
            leavers: Vec::new(),
            leaver_count: 0,
            lines: Vec::new(),
            committed: true,
        });
    }
    let (records, plan, ignored) = read_and_plan(&mut tx, &state.db, &upload).await?;
    tx.rollback().await.map_err(internal)?;
    let count = |f: fn(&Action) -> bool| i64::try_from(plan.actions.iter().filter(|a| f(a)).count()).unwrap_or(i64::MAX);
    let lines = records
        .iter()
        .zip(&plan.actions)
        .filter_map(|(r, a)| {
            let change = match a {
                Action::Create(_) => RowChange::New,
                Action::Update(_) => RowChange::Changed,
                Action::Unchanged => return None,
            };
            Some(RosterLine {
                line: i64::try_from(r.line).unwrap_or(i64::MAX),
                name: r.display_name(),
                email: r.email.as_str().to_owned(),
                kind: r.kind,
                class_name: r.class_name.clone(),
                change,
            })
        })
        .take(PREVIEW_LINES)
        .collect();
    let rows = i64::try_from(records.len() + plan.problems.iter().map(|p| p.line).collect::<HashSet<_>>().len()).unwrap_or(0);
    let mut problems = plan.problems;
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(RowIssue { line: 0, column: String::new(), message: format!("… en nog {more} fouten.") });
    }
    Ok(RosterPreview {
        upload_id: id,
        location_id: upload.location,
        location_name: upload.location_name,
        filename: upload.filename,
        rows,
        creates: count(|a| matches!(a, Action::Create(_))),
        updates: count(|a| matches!(a, Action::Update(_))),
        unchanged: count(|a| matches!(a, Action::Unchanged)),
        leavers: plan
            .leavers
            .iter()
            .take(PREVIEW_NAMES)
            .map(|i| format!("{} {}", plan.existing[*i].first_name, plan.existing[*i].last_name))
            .collect(),
        leaver_count: i64::try_from(plan.leavers.len()).unwrap_or(0),
        problems,
        ignored_columns: ignored,
        lines,
        committed: upload.committed,
    })
}

/// Confirms a held roster file: all of it in one transaction, or nothing when any row has a
/// problem. With `full`, people not in the file leave. A second confirmation of the same
/// upload changes nothing and answers what the first did.
pub async fn commit(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    id: i64,
    full: bool,
) -> Result<RosterOutcome, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let up = upload(&mut tx, locations, id, now).await?;
    if state.db.backend == Backend::Postgres {
        // One roster change per location at a time: both would plan against the same roster.
        sqlx::query("SELECT id FROM locations WHERE id = $1 FOR UPDATE")
            .bind(up.location.0)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
    }
    let claimed = sqlx::query("UPDATE roster_uploads SET committed_at = $1 WHERE id = $2 AND committed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?
        .rows_affected()
        == 1;
    if !claimed {
        let r = sqlx::query("SELECT created_count, updated_count, leaver_count FROM roster_uploads WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(internal)?;
        return Ok(RosterOutcome {
            created: opt_int(&r, "created_count").map_err(internal)?.unwrap_or(0),
            updated: opt_int(&r, "updated_count").map_err(internal)?.unwrap_or(0),
            left: opt_int(&r, "leaver_count").map_err(internal)?.unwrap_or(0),
        });
    }
    let (records, plan, _) = read_and_plan(&mut tx, &state.db, &up).await?;
    if !plan.problems.is_empty() {
        return Err(AppError::Conflict(Problem::ImportHasProblems));
    }
    let outcome = apply(&mut tx, now, up.location, &records, &plan, full).await.map_err(|e| {
        if crate::platform::db::is_unique_violation(&e) {
            // Another school's upload took one of these addresses a moment ago: the preview
            // of this file now says which.
            AppError::Conflict(Problem::ImportHasProblems)
        } else {
            internal(e)
        }
    })?;
    // Students who are back on the list with an active account get their credit if the pool has it.
    crate::budget::credit::grant_current(&mut tx, now, up.location).await.map_err(internal)?;
    // What the file said is in the roster now; the copy is not kept.
    sqlx::query(
        "UPDATE roster_uploads SET created_count = $1, updated_count = $2, leaver_count = $3, content = '' WHERE id = $4",
    )
    .bind(outcome.created)
    .bind(outcome.updated)
    .bind(outcome.left)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "roster_imported",
        "location",
        Some(up.location.0),
        &format!("upload {id}: {} new, {} changed, {} left", outcome.created, outcome.updated, outcome.left),
    )
    .await
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(outcome)
}

fn role_of(kind: PassKind) -> &'static str {
    match kind {
        PassKind::Student => "student",
        PassKind::Staff => "teacher",
    }
}

/// Writes a plan: new accounts and passes in multi-row statements, changes one by one,
/// leavers (with `full`) in one statement each for passes and roles.
async fn apply(
    tx: &mut Tx,
    now: i64,
    location: LocationId,
    records: &[RosterRecord],
    plan: &Plan,
    full: bool,
) -> Result<RosterOutcome, sqlx::Error> {
    let scope = domain::Scope::Location(location).key();
    // New accounts.
    let new_people: Vec<&RosterRecord> =
        records.iter().zip(&plan.actions).filter(|(_, a)| matches!(a, Action::Create(None))).map(|(r, _)| r).collect();
    let mut ids: HashMap<String, i64> = HashMap::new();
    for chunk in new_people.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO people (email, display_name, status, created_at, updated_at) VALUES {} RETURNING id, email",
            value_rows(1, chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q.bind(r.email.as_str()).bind(r.display_name()).bind("invited").bind(now).bind(now);
        }
        for row in q.fetch_all(&mut **tx).await? {
            ids.insert(text(&row, "email")?, int(&row, "id")?);
        }
    }
    // New passes, numbered from the sequence.
    let creates: Vec<(&RosterRecord, i64)> = records
        .iter()
        .zip(&plan.actions)
        .filter_map(|(r, a)| match a {
            Action::Create(Some(id)) => Some((r, *id)),
            Action::Create(None) => ids.get(r.email.as_str()).map(|id| (r, *id)),
            _ => None,
        })
        .collect();
    if !creates.is_empty() {
        let n = i64::try_from(creates.len()).unwrap_or(i64::MAX);
        let next = int(
            &sqlx::query("UPDATE pass_sequence SET next_serial = next_serial + $1 WHERE id = 1 RETURNING next_serial")
                .bind(n)
                .fetch_one(&mut **tx)
                .await?,
            "next_serial",
        )?;
        let first = next - n;
        for (c, chunk) in creates.chunks(CHUNK).enumerate() {
            let sql = format!(
                "INSERT INTO passes (pass_number, person_id, location_id, kind, first_name, last_name, class_name,
                    student_number, date_of_birth, phone, programme, status, created_at, updated_at) VALUES {}",
                value_rows(1, chunk.len(), 14)
            );
            let mut q = sqlx::query(&sql);
            for (i, (r, person)) in chunk.iter().enumerate() {
                let serial = first + i64::try_from(c * CHUNK + i).unwrap_or(0);
                let number = PassNumber::from_serial(u64::try_from(serial).unwrap_or(0));
                q = q
                    .bind(number.as_str().to_owned())
                    .bind(*person)
                    .bind(location.0)
                    .bind(r.kind.code())
                    .bind(r.first_name.clone())
                    .bind(r.last_name.clone())
                    .bind(r.class_name.clone())
                    .bind(r.extra[0].clone())
                    .bind(r.extra[1].clone())
                    .bind(r.extra[2].clone())
                    .bind(r.extra[3].clone())
                    .bind(PassStatus::NotInvited.code())
                    .bind(now)
                    .bind(now);
            }
            q.execute(&mut **tx).await?;
        }
        grant_roles(tx, now, location, &scope, &creates.iter().map(|(r, p)| (*p, r.kind)).collect::<Vec<_>>()).await?;
    }
    // Changes.
    let mut updated = 0i64;
    let mut regranted = Vec::new();
    for (r, a) in records.iter().zip(&plan.actions) {
        let Action::Update(i) = a else { continue };
        let e = &plan.existing[*i];
        let status = if e.left {
            if e.person_active {
                PassStatus::Active
            } else {
                PassStatus::NotInvited
            }
        } else {
            e.status
        };
        sqlx::query(
            "UPDATE passes SET kind = $1, first_name = $2, last_name = $3, class_name = $4, student_number = $5,
                date_of_birth = $6, phone = $7, programme = $8, status = $9, left_at = NULL, updated_at = $10 WHERE id = $11",
        )
        .bind(r.kind.code())
        .bind(&r.first_name)
        .bind(&r.last_name)
        .bind(&r.class_name)
        .bind(&r.extra[0])
        .bind(&r.extra[1])
        .bind(&r.extra[2])
        .bind(&r.extra[3])
        .bind(status.code())
        .bind(now)
        .bind(e.pass_id)
        .execute(&mut **tx)
        .await?;
        if e.email != r.email.as_str() || e.first_name != r.first_name || e.last_name != r.last_name {
            sqlx::query("UPDATE people SET email = $1, display_name = $2, updated_at = $3 WHERE id = $4")
                .bind(r.email.as_str())
                .bind(r.display_name())
                .bind(now)
                .bind(e.person_id)
                .execute(&mut **tx)
                .await?;
        }
        if e.kind != r.kind || e.left {
            sqlx::query("DELETE FROM role_assignments WHERE person_id = $1 AND role = $2 AND scope_key = $3")
                .bind(e.person_id)
                .bind(role_of(e.kind))
                .bind(&scope)
                .execute(&mut **tx)
                .await?;
            regranted.push((e.person_id, r.kind));
        }
        updated += 1;
    }
    grant_roles(tx, now, location, &scope, &regranted).await?;
    // Leavers.
    let mut left = 0i64;
    if full && !plan.leavers.is_empty() {
        let passes: Vec<i64> = plan.leavers.iter().map(|i| plan.existing[*i].pass_id).collect();
        let people: Vec<i64> = plan.leavers.iter().map(|i| plan.existing[*i].person_id).collect();
        left = leave(tx, now, location, &passes, &people).await?;
    }
    Ok(RosterOutcome { created: i64::try_from(creates.len()).unwrap_or(0), updated, left })
}

/// Gives each (person, kind) its role at the location, unless they hold it already.
async fn grant_roles(
    tx: &mut Tx,
    now: i64,
    location: LocationId,
    scope: &str,
    people: &[(i64, PassKind)],
) -> Result<(), sqlx::Error> {
    for chunk in people.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO role_assignments (person_id, role, scope_key, location_id, created_at) VALUES {}
             ON CONFLICT (person_id, role, scope_key) DO NOTHING",
            value_rows(1, chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for (person, kind) in chunk {
            q = q.bind(*person).bind(role_of(*kind)).bind(scope.to_owned()).bind(location.0).bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Marks passes as left: the school's data fields are erased, the pass expires, and the
/// people lose their roles at the location. Their accounts stay.
pub async fn leave(tx: &mut Tx, now: i64, location: LocationId, passes: &[i64], people: &[i64]) -> Result<i64, sqlx::Error> {
    let mut left = 0;
    for chunk in passes.chunks(CHUNK) {
        let sql = format!(
            "UPDATE passes SET left_at = $1, status = 'expired', class_name = '', student_number = NULL, date_of_birth = NULL,
                phone = NULL, programme = NULL, updated_at = $1 WHERE location_id = $2 AND left_at IS NULL AND id IN ({})",
            crate::platform::db::placeholders(3, chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(now).bind(location.0);
        for p in chunk {
            q = q.bind(*p);
        }
        left += i64::try_from(q.execute(&mut **tx).await?.rows_affected()).unwrap_or(0);
    }
    for chunk in people.chunks(CHUNK) {
        let sql = format!(
            "DELETE FROM role_assignments WHERE location_id = $1 AND role IN ('student', 'teacher', 'teacher_plus')
             AND person_id IN ({})",
            crate::platform::db::placeholders(2, chunk.len())
        );
        let mut q = sqlx::query(&sql).bind(location.0);
        for p in chunk {
            q = q.bind(*p);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(left)
}

#[cfg(test)]
mod tests {
    use super::*;

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
