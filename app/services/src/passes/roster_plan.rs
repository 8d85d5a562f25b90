//! What a checked roster file would change at a location: for each record a new pass (for an
//! existing account or a new one), a change to a pass matched by student number and then by
//! e-mail address, or nothing; the passes the file does not have; and the problems. Reads the
//! database, changes nothing.

use crate::passes::roster_file::RosterRecord;
use crate::passes::CHUNK;
use crate::platform::db::{int, opt_int, opt_text, text, Tx};
use domain::imports::RowIssue;
use domain::roster::{PassKind, PassStatus, RosterField};
use domain::LocationId;
use std::collections::HashMap;

/// A pass on the roster, as the plan compares it.
#[derive(Clone, Debug)]
pub(crate) struct Existing {
    pub(crate) pass_id: i64,
    pub(crate) person_id: i64,
    pub(crate) email: String,
    pub(crate) person_active: bool,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) kind: PassKind,
    pub(crate) class_name: String,
    pub(crate) extra: [Option<String>; 4],
    pub(crate) status: PassStatus,
    pub(crate) left: bool,
}

/// What one record does.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    /// A new pass; for an existing account (`Some`) or a new one.
    Create(Option<i64>),
    /// A change to the pass at this index of `existing`.
    Update(usize),
    Unchanged,
}

pub(crate) struct Plan {
    pub(crate) existing: Vec<Existing>,
    pub(crate) actions: Vec<Action>,
    /// Indexes into `existing` of passes the file does not have.
    pub(crate) leavers: Vec<usize>,
    pub(crate) problems: Vec<RowIssue>,
}

pub(crate) fn field_names() -> String {
    RosterField::ALL.iter().map(|f| format!("s.{}", f.code())).collect::<Vec<_>>().join(", ")
}

pub(crate) async fn load_existing(tx: &mut Tx, location: LocationId) -> Result<Vec<Existing>, sqlx::Error> {
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
pub(crate) async fn accounts(
    tx: &mut Tx,
    location: LocationId,
    emails: &[&str],
) -> Result<HashMap<String, (i64, bool)>, sqlx::Error> {
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

pub(crate) fn issue(line: usize, column: &str, message: String) -> RowIssue {
    RowIssue { line: i64::try_from(line).unwrap_or(i64::MAX), column: column.to_owned(), message }
}

pub(crate) async fn plan(tx: &mut Tx, location: LocationId, records: &[RosterRecord]) -> Result<Plan, sqlx::Error> {
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
                            "E-mailadres {} hoort bij een account van een andere school of organisatie. Gebruik het adres dat je school voor deze persoon heeft.",
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
