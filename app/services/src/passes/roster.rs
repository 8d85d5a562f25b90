//! A location's roster: the personal fields it delivers, the template, uploads checked in a
//! preview and confirmed in one transaction, the passes that come with it, and leavers.
//!
//! A roster file matches people by student number first, then by e-mail address: a later file
//! updates them and never makes a second account. Nobody leaves because a file lacks them
//! unless the budget holder confirms the file is the whole list.

use crate::files::tabular::{self, Table};
use crate::files::xlsx::{self, TemplateColumn};
use crate::passes::roster_file::{parse, RosterRecord};
use crate::passes::roster_plan::{plan, Action, Plan};
use crate::passes::CHUNK;
use crate::platform::audit;
use crate::platform::db::{int, opt_int, opt_text, text, value_rows, Backend, Db, Tx};
use crate::platform::state::AppState;
use domain::failure::internal;
use domain::imports::{RowChange, RowIssue};
use domain::roster::{
    roster_headers, PassKind, PassNumber, PassStatus, RosterField, RosterFieldChoice, RosterLine, RosterOutcome, RosterPreview,
    PREVIEW_LINES, PREVIEW_NAMES,
};
use domain::{AppError, LocationId, PersonId, Problem};
use std::collections::{HashMap, HashSet};

/// The most problems a preview lists (the rest are counted).
const MAX_PROBLEMS: usize = 1_000;

// ---------------------------------------------------------------------------------------
// Field choice

/// The fields `location` delivers.
#[tracing::instrument(skip_all)]
pub async fn fields_of(db: &Db, location: LocationId) -> Result<Vec<RosterField>, AppError> {
    let row =
        sqlx::query("SELECT fields FROM roster_fields WHERE location_id = $1").bind(location.0).fetch_optional(&db.pool).await?;
    Ok(row.map(|r| text(&r, "fields").map(|f| RosterField::parse_list(&f))).transpose()?.unwrap_or_default())
}

/// The field choice of each of `locations`, by location name.
#[tracing::instrument(skip_all)]
pub async fn field_choices(db: &Db, locations: &[LocationId]) -> Result<Vec<RosterFieldChoice>, AppError> {
    let mut out = Vec::new();
    for location in locations {
        let r = sqlx::query(
            "SELECT l.name, f.fields, f.updated_at, p.display_name FROM locations l
             LEFT JOIN roster_fields f ON f.location_id = l.id LEFT JOIN people p ON p.id = f.updated_by WHERE l.id = $1",
        )
        .bind(location.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
        out.push(RosterFieldChoice {
            location_id: *location,
            location_name: text(&r, "name")?,
            fields: opt_text(&r, "fields")?.map(|f| RosterField::parse_list(&f)).unwrap_or_default(),
            updated_at_ms: opt_int(&r, "updated_at")?,
            updated_by: opt_text(&r, "display_name")?,
        });
    }
    out.sort_by(|a, b| a.location_name.cmp(&b.location_name));
    Ok(out)
}

/// Records which fields `location` delivers. Fields it no longer delivers are erased from its
/// passes at once: what is not chosen is not stored. Audited; choosing the same again changes
/// nothing.
#[tracing::instrument(skip_all)]
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
    let mut tx = state.db.begin_write().await?;
    let before = sqlx::query("SELECT fields FROM roster_fields WHERE location_id = $1")
        .bind(location.0)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| text(&r, "fields"))
        .transpose()?;
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
    .await?;
    let dropped: Vec<RosterField> = RosterField::ALL.into_iter().filter(|f| !fields.contains(f)).collect();
    if !dropped.is_empty() {
        let sets = dropped.iter().map(|f| format!("{} = NULL", f.code())).collect::<Vec<_>>().join(", ");
        sqlx::query(&format!("UPDATE passes SET {sets} WHERE location_id = $1")).bind(location.0).execute(&mut *tx).await?;
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
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Templates

const TEMPLATE_INSTRUCTIONS: [&str; 12] = [
    "Zo vul je de lijst met studenten en medewerkers in",
    "Vul op het werkblad Gegevens per persoon één regel in. Laat de kopregel staan zoals hij is.",
    "Voornaam, Achternaam en E-mail zijn verplicht. Het e-mailadres wordt de inlognaam van de persoon.",
    "Rol: student of docent. Klas: de klas of groep van de student; bij een docent de klassen waar hij of zij les aan geeft, gescheiden door komma's (bijvoorbeeld 4A, 4B).",
    "Vul alleen de kolommen in die op het werkblad staan: je vestiging levert alleen deze gegevens.",
    "Studentnummer (als het op het werkblad staat): unieke code binnen je vestiging. Een latere lijst werkt personen bij op studentnummer, anders op e-mailadres.",
    "Geboortedatum (als het op het werkblad staat): dd-mm-jjjj, bijvoorbeeld 01-09-2008.",
    "Gebruik geen formules: het systeem leest alleen waarden.",
    "Upload het bestand als Excel-werkmap (.xlsx) of als CSV (puntkomma of komma).",
    "Je ziet eerst een voorbeeld met per regel wat er mis is en wat er verandert. Pas na je bevestiging wordt de lijst verwerkt, in zijn geheel of helemaal niet.",
    "Staat iemand niet meer in een volledige lijst, dan zie je dat in het voorbeeld; hij of zij vertrekt alleen als je dat bevestigt.",
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
#[tracing::instrument(skip_all)]
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
#[tracing::instrument(skip_all)]
pub async fn template_csv(db: &Db, location: LocationId) -> Result<String, AppError> {
    let headers = roster_headers(&fields_of(db, location).await?);
    Ok(crate::files::csv::file(&headers, Vec::<Vec<String>>::new()))
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
#[tracing::instrument(skip_all)]
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
    let mut tx = state.db.begin_write().await?;
    sqlx::query("DELETE FROM roster_uploads WHERE committed_at IS NULL AND created_at < $1")
        .bind(now - crate::registry::imports::STAGED_FOR_MS)
        .execute(&mut *tx)
        .await?;
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
        .await?,
        "id",
    )?;
    tx.commit().await?;
    Ok(id)
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
    .await?
    .ok_or(AppError::NotFound)?;
    let location = LocationId(int(&r, "location_id")?);
    if !locations.contains(&location) {
        return Err(AppError::NotFound);
    }
    Ok(Upload {
        location,
        location_name: text(&r, "name")?,
        filename: text(&r, "filename")?,
        content: text(&r, "content")?,
        problem: opt_text(&r, "problem")?,
        committed: opt_int(&r, "committed_at")?.is_some(),
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
    let mut plan = plan(tx, upload.location, &records).await?;
    problems.append(&mut plan.problems);
    problems.sort_by_key(|p| p.line);
    plan.problems = problems;
    Ok((records, plan, ignored))
}

/// The preview of a held roster file: every problem, and what it would create, update and
/// leave out. Changes nothing.
#[tracing::instrument(skip_all)]
pub async fn preview(state: &AppState, locations: &[LocationId], id: i64) -> Result<RosterPreview, AppError> {
    let mut tx = state.db.pool.begin().await?;
    let upload = upload(&mut tx, locations, id, state.clock.now_ms()).await?;
    if upload.committed {
        // Imported already: its content is gone; say so.
        tx.rollback().await?;
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
    tx.rollback().await?;
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
#[tracing::instrument(skip_all)]
pub async fn commit(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    id: i64,
    full: bool,
) -> Result<RosterOutcome, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let up = upload(&mut tx, locations, id, now).await?;
    if state.db.backend == Backend::Postgres {
        // One roster change per location at a time: both would plan against the same roster.
        sqlx::query("SELECT id FROM locations WHERE id = $1 FOR UPDATE").bind(up.location.0).execute(&mut *tx).await?;
    }
    let claimed = sqlx::query("UPDATE roster_uploads SET committed_at = $1 WHERE id = $2 AND committed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !claimed {
        let r = sqlx::query("SELECT created_count, updated_count, leaver_count FROM roster_uploads WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        return Ok(RosterOutcome {
            created: opt_int(&r, "created_count")?.unwrap_or(0),
            updated: opt_int(&r, "updated_count")?.unwrap_or(0),
            left: opt_int(&r, "leaver_count")?.unwrap_or(0),
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
    crate::budget::credit::grant_current(&mut tx, now, up.location).await?;
    // What the file said is in the roster now; the copy is not kept.
    sqlx::query(
        "UPDATE roster_uploads SET created_count = $1, updated_count = $2, leaver_count = $3, content = '' WHERE id = $4",
    )
    .bind(outcome.created)
    .bind(outcome.updated)
    .bind(outcome.left)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "roster_imported",
        "location",
        Some(up.location.0),
        &format!("upload {id}: {} new, {} changed, {} left", outcome.created, outcome.updated, outcome.left),
    )
    .await?;
    tx.commit().await?;
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
#[tracing::instrument(skip_all)]
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
