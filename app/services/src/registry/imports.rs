//! Imports by the operator: the registry of institutions and locations, and DUO student
//! counts. An upload is first held as it is (`staged_uploads`), checked and shown as a
//! preview; only the operator's confirmation changes anything, in one transaction, and only
//! when the whole file is valid.

use crate::budget::periods::duo_count;
use crate::files::tabular::{self, RowProblem, Table};
use crate::platform::audit;
use crate::platform::db::{int, text, Db};
use crate::platform::state::AppState;
use crate::registry::duo::{self, Mapping};
use crate::registry::{self, LocationRecord};
use domain::error::Problem;
use domain::failure::internal;
use domain::imports::{DuoColumns, DuoImportRow, DuoLine, DuoPreview, RegistryLine, RegistryPreview, RowChange, RowIssue};
use domain::{AppError, LocationId, Page, PageRequest, PersonId};
use std::collections::HashMap;

/// How long an upload waits for its confirmation.
pub const STAGED_FOR_MS: i64 = 24 * crate::platform::clock::HOUR_MS;

/// The kinds of file the operator imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Registry,
    Duo,
}

impl ImportKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Registry => "registry",
            ImportKind::Duo => "duo",
        }
    }
}

fn issue(p: &RowProblem) -> RowIssue {
    RowIssue { line: i64::try_from(p.line).unwrap_or(i64::MAX), column: p.column.clone(), message: p.message.clone() }
}

fn file_issue(message: String) -> Vec<RowIssue> {
    vec![RowIssue { line: 0, column: String::new(), message }]
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Holds an upload for its preview; the text is decoded (UTF-8 or Windows-1252) on the way in,
/// so a file that is not text is refused at once.
#[tracing::instrument(skip_all)]
pub async fn stage(state: &AppState, actor: PersonId, kind: ImportKind, filename: &str, bytes: &[u8]) -> Result<i64, AppError> {
    let text = tabular::decode(bytes).map_err(|e| {
        tracing::info!(error = %e, "upload refused");
        AppError::field("file", if bytes.len() > tabular::MAX_BYTES { Problem::FileTooLarge } else { Problem::NotACsvFile })
    })?;
    let name = tabular::upload_name(filename, "upload.csv");
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    sqlx::query("DELETE FROM staged_uploads WHERE created_at < $1").bind(now - STAGED_FOR_MS).execute(&mut *tx).await?;
    let id = int(
        &sqlx::query(
            "INSERT INTO staged_uploads (kind, filename, content, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(kind.code())
        .bind(name)
        .bind(&text)
        .bind(now)
        .bind(actor.0)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    tx.commit().await?;
    Ok(id)
}

/// A held upload of `kind` (NotFound when it expired, was used, or is of another kind).
async fn staged(state: &AppState, id: i64, kind: ImportKind) -> Result<(String, Table), AppError> {
    let r = sqlx::query("SELECT filename, content FROM staged_uploads WHERE id = $1 AND kind = $2 AND created_at >= $3")
        .bind(id)
        .bind(kind.code())
        .bind(state.clock.now_ms() - STAGED_FOR_MS)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let filename = text(&r, "filename")?;
    let content = text(&r, "content")?;
    match tabular::read(content.as_bytes()) {
        Ok(table) => Ok((filename, table)),
        // An unreadable file still gets a preview: the problem is the whole file.
        Err(e) => Ok((filename, Table { headers: vec![format!("\u{0}{e}")], rows: Vec::new() })),
    }
}

/// The message of a file that could not be read at all (see `staged`).
fn unreadable(table: &Table) -> Option<String> {
    table.headers.first().and_then(|h| h.strip_prefix('\u{0}')).map(str::to_owned)
}

// ---------------------------------------------------------------------------------------
// Registry

/// The registered location with this BRIN and number: (id, name, street, postcode, city, cjp,
/// institution name, kvk).
type Registered = HashMap<(String, String), RegisteredLocation>;

/// A registered location's id and its fields (see `Registered`).
type RegisteredLocation = (i64, [String; 7]);

async fn registered(db: &Db) -> Result<Registered, AppError> {
    let rows = sqlx::query(
        "SELECT l.id, i.brin, l.vestiging_number, l.name, l.street, l.postcode, l.city, l.cjp_school_number, i.name AS institution_name,
                i.kvk_number FROM locations l JOIN institutions i ON i.id = l.institution_id",
    )
    .fetch_all(&db.pool)
    .await
    ?;
    let mut out = HashMap::new();
    for r in rows {
        let t = |c: &str| text(&r, c).map_err(internal);
        out.insert(
            (t("brin")?, t("vestiging_number")?),
            (
                int(&r, "id")?,
                [
                    t("name")?,
                    t("street")?,
                    t("postcode")?,
                    t("city")?,
                    t("cjp_school_number")?,
                    t("institution_name")?,
                    t("kvk_number")?,
                ],
            ),
        );
    }
    Ok(out)
}

/// Checks registry records against what is registered: new, changed or unchanged, and CJP
/// school numbers that belong to another location.
async fn check_registry(
    db: &Db,
    records: &[LocationRecord],
    lines: &[i64],
) -> Result<(Vec<RegistryLine>, Vec<RowIssue>), AppError> {
    let known = registered(db).await?;
    let cjp_owner: HashMap<&str, &(String, String)> = known.iter().map(|(k, v)| (v.1[4].as_str(), k)).collect();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (rec, line) in records.iter().zip(lines) {
        let key = (rec.brin.clone(), rec.vestiging_number.clone());
        if let Some(owner) = cjp_owner.get(rec.cjp_school_number.as_str()) {
            if **owner != key {
                problems.push(RowIssue {
                    line: *line,
                    column: "CJP-schoolnummer".to_owned(),
                    message: format!(
                        "CJP-schoolnummer {} hoort al bij vestiging {} {} van een andere instelling of vestiging.",
                        rec.cjp_school_number, owner.0, owner.1
                    ),
                });
            }
        }
        let change = match known.get(&key) {
            None => RowChange::New,
            Some((_, v)) => {
                let kvk = rec.kvk.clone().unwrap_or_else(|| v[6].clone());
                let same =
                    [&rec.name, &rec.street, &rec.postcode, &rec.city, &rec.cjp_school_number, &rec.institution_name, &kvk]
                        .iter()
                        .zip(v.iter())
                        .all(|(a, b)| *a == b);
                if same {
                    RowChange::Unchanged
                } else {
                    RowChange::Changed
                }
            }
        };
        out.push(RegistryLine {
            brin: rec.brin.clone(),
            institution_name: rec.institution_name.clone(),
            vestiging_number: rec.vestiging_number.clone(),
            name: rec.name.clone(),
            city: rec.city.clone(),
            cjp_school_number: rec.cjp_school_number.clone(),
            change,
        });
    }
    Ok((out, problems))
}

/// Reads and checks a table of locations; the records and their lines, or every problem.
async fn registry_table(db: &Db, table: &Table) -> Result<(Vec<LocationRecord>, Vec<RegistryLine>), Vec<RowIssue>> {
    if let Some(message) = unreadable(table) {
        return Err(file_issue(message));
    }
    let records = registry::parse(table).map_err(|p| p.iter().map(issue).collect::<Vec<_>>())?;
    let lines: Vec<i64> = table.rows.iter().map(|r| count(r.line)).collect();
    let (out, problems) = check_registry(db, &records, &lines).await.map_err(|_| file_issue("Interne fout".to_owned()))?;
    if problems.is_empty() {
        Ok((records, out))
    } else {
        Err(problems)
    }
}

/// The preview of a held registry file.
#[tracing::instrument(skip_all)]
pub async fn registry_preview(state: &AppState, staged_id: i64) -> Result<RegistryPreview, AppError> {
    let (filename, table) = staged(state, staged_id, ImportKind::Registry).await?;
    Ok(match registry_table(&state.db, &table).await {
        Ok((_, lines)) => RegistryPreview { staged_id, filename, problems: Vec::new(), lines },
        Err(problems) => RegistryPreview { staged_id, filename, problems, lines: Vec::new() },
    })
}

/// Registers institutions and locations: new ones added, existing ones (by BRIN and
/// vestiging number) updated, all in one transaction. Returns (new, changed).
async fn apply_registry(
    state: &AppState,
    actor: PersonId,
    records: &[LocationRecord],
    lines: &[RegistryLine],
    source: &str,
) -> Result<(usize, usize), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    for rec in records {
        let inst = int(
            &sqlx::query(
                "INSERT INTO institutions (brin, name, kvk_number, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (brin) DO UPDATE SET name = excluded.name,
                    kvk_number = CASE WHEN excluded.kvk_number <> '' THEN excluded.kvk_number ELSE institutions.kvk_number END
                 RETURNING id",
            )
            .bind(&rec.brin)
            .bind(&rec.institution_name)
            .bind(rec.kvk.as_deref().unwrap_or(""))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?,
            "id",
        )?;
        let done = sqlx::query(
            "INSERT INTO locations (institution_id, vestiging_number, name, street, postcode, city, cjp_school_number, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (institution_id, vestiging_number) DO UPDATE SET name = excluded.name, street = excluded.street,
                postcode = excluded.postcode, city = excluded.city, cjp_school_number = excluded.cjp_school_number",
        )
        .bind(inst)
        .bind(&rec.vestiging_number)
        .bind(&rec.name)
        .bind(&rec.street)
        .bind(&rec.postcode)
        .bind(&rec.city)
        .bind(&rec.cjp_school_number)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match done {
            Ok(_) => {}
            // Another import took the CJP number between preview and confirmation.
            Err(e) if crate::platform::db::is_unique_violation(&e) => return Err(AppError::Conflict(Problem::ImportHasProblems)),
            Err(e) => return Err(internal(e)),
        }
    }
    let new = lines.iter().filter(|l| l.change == RowChange::New).count();
    let changed = lines.iter().filter(|l| l.change == RowChange::Changed).count();
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "registry_imported",
        "registry",
        None,
        &format!("{source}: {new} new, {changed} changed"),
    )
    .await?;
    tx.commit().await?;
    Ok((new, changed))
}

/// Confirms a held registry file: all of it or nothing. Returns (new, changed).
#[tracing::instrument(skip_all)]
pub async fn commit_registry(state: &AppState, actor: PersonId, staged_id: i64) -> Result<(usize, usize), AppError> {
    let (filename, table) = staged(state, staged_id, ImportKind::Registry).await?;
    let (records, lines) = registry_table(&state.db, &table).await.map_err(|_| AppError::Conflict(Problem::ImportHasProblems))?;
    let result = apply_registry(state, actor, &records, &lines, &filename).await?;
    drop_staged(&state.db, staged_id).await?;
    Ok(result)
}

/// Registers or updates one location from the operator's form, with the same checks as a file
/// row. Problems come back as issues (line 1 is the form).
#[tracing::instrument(skip_all)]
pub async fn register_location(
    state: &AppState,
    actor: PersonId,
    cells: Vec<String>,
) -> Result<Result<RowChange, Vec<RowIssue>>, AppError> {
    let headers =
        ["BRIN", "Instelling", "KvK", "Vestigingsnummer", "Vestiging", "Straat", "Postcode", "Plaats", "CJP-schoolnummer"];
    let table = Table { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows: vec![tabular::Row { line: 1, cells }] };
    match registry_table(&state.db, &table).await {
        Err(problems) => Ok(Err(problems)),
        Ok((records, lines)) => {
            apply_registry(state, actor, &records, &lines, "formulier").await?;
            Ok(Ok(lines.first().map(|l| l.change).unwrap_or(RowChange::Unchanged)))
        }
    }
}

async fn drop_staged(db: &Db, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM staged_uploads WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// DUO counts

fn mapping_of(c: &DuoColumns) -> Option<Mapping> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    Some(Mapping { brin: opt(&c.brin)?, vestiging: opt(&c.vestiging), count: opt(&c.count)?, masked_flag: opt(&c.masked) })
}

fn columns_of(m: &Mapping) -> DuoColumns {
    DuoColumns {
        brin: m.brin.clone(),
        vestiging: m.vestiging.clone().unwrap_or_default(),
        count: m.count.clone(),
        masked: m.masked_flag.clone().unwrap_or_default(),
    }
}

async fn remembered(db: &Db) -> Result<Option<Mapping>, AppError> {
    let r = sqlx::query("SELECT mapping FROM import_mappings WHERE kind = 'duo'").fetch_optional(&db.pool).await?;
    Ok(r.and_then(|r| text(&r, "mapping").ok()).and_then(|m| Mapping::from_line(&m)))
}

/// The preview of a held DUO file with `columns` (empty: the remembered mapping or a guess).
#[tracing::instrument(skip_all)]
pub async fn duo_preview(state: &AppState, staged_id: i64, columns: &DuoColumns) -> Result<DuoPreview, AppError> {
    let (filename, table) = staged(state, staged_id, ImportKind::Duo).await?;
    let mut preview = DuoPreview {
        staged_id,
        filename,
        headers: Vec::new(),
        columns: None,
        problems: Vec::new(),
        rows_read: 0,
        masked_rows: 0,
        lines: Vec::new(),
        not_registered: 0,
        ambiguous: Vec::new(),
    };
    if let Some(message) = unreadable(&table) {
        preview.problems = file_issue(message);
        return Ok(preview);
    }
    preview.headers = table.headers.clone();
    let mapping = match mapping_of(columns) {
        Some(m) => Some(m),
        None => duo::suggest(&table.headers, remembered(&state.db).await?.as_ref()),
    };
    let Some(mapping) = mapping else { return Ok(preview) };
    preview.columns = Some(columns_of(&mapping));
    let counts = match duo::aggregate(&table, &mapping) {
        Ok(c) => c,
        Err(problems) => {
            preview.problems = problems.iter().map(issue).collect();
            return Ok(preview);
        }
    };
    preview.rows_read = count(counts.rows);
    preview.masked_rows = count(counts.masked_rows);
    let known = registered(&state.db).await?;
    let mut by_brin: HashMap<&str, Vec<(&String, &RegisteredLocation)>> = HashMap::new();
    for ((brin, number), v) in &known {
        by_brin.entry(brin.as_str()).or_default().push((number, v));
    }
    for c in &counts.per_location {
        let found = match &c.vestiging {
            Some(v) => known.get(&(c.brin.clone(), v.clone())).map(|l| (v.clone(), l)),
            None => match by_brin.get(c.brin.as_str()).map(Vec::as_slice) {
                Some([(number, l)]) => Some(((*number).clone(), *l)),
                Some(_) => {
                    preview.ambiguous.push(c.brin.clone());
                    None
                }
                None => None,
            },
        };
        let Some((number, (id, fields))) = found else {
            if !preview.ambiguous.contains(&c.brin) {
                preview.not_registered += 1;
            }
            continue;
        };
        let location = LocationId(*id);
        preview.lines.push(DuoLine {
            location_id: location,
            location_name: fields[0].clone(),
            brin: c.brin.clone(),
            vestiging_number: number,
            current: duo_count(&state.db, location).await?,
            students: c.students,
            masked_rows: count(c.masked_rows),
        });
    }
    preview.lines.sort_by(|a, b| (&a.brin, &a.vestiging_number).cmp(&(&b.brin, &b.vestiging_number)));
    Ok(preview)
}

/// True for a school year written as `2026-2027`.
pub fn is_school_year(s: &str) -> bool {
    match s.split_once('-') {
        Some((a, b)) if a.len() == 4 && b.len() == 4 => {
            matches!((a.parse::<i64>(), b.parse::<i64>()), (Ok(x), Ok(y)) if y == x + 1 && (2000..2100).contains(&x))
        }
        _ => false,
    }
}

/// Confirms a held DUO file for `school_year` with `columns`: every registered location in it
/// gets its new count (history kept: a count is added, never overwritten); the mapping is
/// remembered for next time. Returns how many locations' counts changed.
#[tracing::instrument(skip_all)]
pub async fn commit_duo(
    state: &AppState,
    actor: PersonId,
    staged_id: i64,
    school_year: &str,
    columns: &DuoColumns,
) -> Result<usize, AppError> {
    let school_year = school_year.trim();
    if !is_school_year(school_year) {
        return Err(AppError::field("school_year", Problem::NotASchoolYear));
    }
    let preview = duo_preview(state, staged_id, columns).await?;
    let mapping = preview.columns.as_ref().and_then(mapping_of).ok_or(AppError::field("brin", Problem::Required))?;
    if !preview.problems.is_empty() || preview.lines.is_empty() {
        return Err(AppError::Conflict(Problem::ImportHasProblems));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let import = int(
        &sqlx::query(
            "INSERT INTO duo_imports (school_year, filename, mapping, rows_read, masked_rows, locations, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(school_year)
        .bind(&preview.filename)
        .bind(mapping.to_line())
        .bind(preview.rows_read)
        .bind(preview.masked_rows)
        .bind(count(preview.lines.len()))
        .bind(now)
        .bind(actor.0)
        .fetch_one(&mut *tx)
        .await?,
        "id",
    )?;
    let mut changed = 0;
    for line in &preview.lines {
        if line.current.as_ref().is_some_and(|(n, y)| *n == line.students && y == school_year) {
            continue;
        }
        sqlx::query(
            "INSERT INTO student_counts (location_id, school_year, student_count, source, reason, created_at, created_by, import_id, masked_rows)
             VALUES ($1, $2, $3, 'duo_import', $4, $5, $6, $7, $8)",
        )
        .bind(line.location_id.0)
        .bind(school_year)
        .bind(line.students)
        .bind(format!("DUO-import {}", preview.filename))
        .bind(now)
        .bind(actor.0)
        .bind(import)
        .bind(line.masked_rows)
        .execute(&mut *tx)
        .await
        ?;
        changed += 1;
    }
    sqlx::query(
        "INSERT INTO import_mappings (kind, mapping, updated_at) VALUES ('duo', $1, $2)
         ON CONFLICT (kind) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
    )
    .bind(mapping.to_line())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM staged_uploads WHERE id = $1").bind(staged_id).execute(&mut *tx).await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "duo_imported",
        "duo_import",
        Some(import),
        &format!(
            "{} {school_year}: {} locations, {changed} changed, {} masked rows",
            preview.filename,
            preview.lines.len(),
            preview.masked_rows
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// The confirmed DUO imports, newest first.
#[tracing::instrument(skip_all)]
pub async fn duo_history(db: &Db, page: PageRequest) -> Result<Page<DuoImportRow>, AppError> {
    let total = int(&sqlx::query("SELECT COUNT(*) AS n FROM duo_imports").fetch_one(&db.pool).await?, "n")?;
    let rows = sqlx::query(
        "SELECT d.id, d.school_year, d.filename, d.rows_read, d.masked_rows, d.locations, d.created_at, p.email
         FROM duo_imports d JOIN people p ON p.id = d.created_by ORDER BY d.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(DuoImportRow {
                id: int(r, "id")?,
                school_year: text(r, "school_year")?,
                filename: text(r, "filename")?,
                rows_read: int(r, "rows_read")?,
                masked_rows: int(r, "masked_rows")?,
                locations: int(r, "locations")?,
                created_at_ms: int(r, "created_at")?,
                created_by: text(r, "email")?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}
