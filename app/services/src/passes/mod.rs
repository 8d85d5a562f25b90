//! Passes after the roster: class overviews, invitations (everyone, a class, or one person),
//! activation through the invitation link, and the holder's own pass card.
//!
//! The folder holds what passes come from: the roster. What a pass pays with, individual
//! credit, is money and sits in `budget`.

pub mod roster;
pub mod roster_file;
pub mod roster_plan;

use crate::platform::audit;
use crate::platform::db::{int, opt_text, placeholders, text, value_rows, Tx};
use crate::platform::mail;
use crate::platform::qr;
use crate::platform::state::AppState;
use crate::platform::tokens::{new_token, INVITATION_TTL_MS};
use domain::failure::internal;
use domain::roster::{ClassSummary, InviteTarget, PassCard, PassKind, PassNumber, PassRow, PassStatus};
use domain::time::local_date;
use domain::{AppError, LocationId, Page, PageRequest, PersonId};

/// Rows per multi-row statement (SQLite allows 32,766 bound values, PostgreSQL 65,535).
const CHUNK: usize = 500;

/// The classes of `locations` with their students' pass statuses; only `only` when given
/// (a Docent+'s own classes).
#[tracing::instrument(skip_all)]
pub async fn classes(state: &AppState, locations: &[LocationId], only: Option<&[String]>) -> Result<Vec<ClassSummary>, AppError> {
    if locations.is_empty() || only.is_some_and(<[String]>::is_empty) {
        return Ok(Vec::new());
    }
    let n = locations.len();
    let mut sql = format!(
        "SELECT s.location_id, l.name AS location_name, s.class_name, s.status, COUNT(*) AS n
         FROM passes s JOIN locations l ON l.id = s.location_id
         WHERE s.kind = 'student' AND s.left_at IS NULL AND s.location_id IN ({})",
        placeholders(1, n)
    );
    if let Some(list) = only {
        sql.push_str(&format!(" AND s.class_name IN ({})", placeholders(n + 1, list.len())));
    }
    sql.push_str(" GROUP BY s.location_id, l.name, s.class_name, s.status ORDER BY l.name, s.class_name");
    let mut q = sqlx::query(&sql);
    for l in locations {
        q = q.bind(l.0);
    }
    for c in only.unwrap_or_default() {
        q = q.bind(c.clone());
    }
    let rows = q.fetch_all(&state.db.pool).await?;
    let mut out: Vec<ClassSummary> = Vec::new();
    for r in rows {
        let location_id = LocationId(int(&r, "location_id")?);
        let class_name = text(&r, "class_name")?;
        let count = int(&r, "n")?;
        let status = PassStatus::from_code(&text(&r, "status")?);
        if out.last().is_none_or(|c| c.location_id != location_id || c.class_name != class_name) {
            out.push(ClassSummary {
                location_id,
                location_name: text(&r, "location_name")?,
                class_name,
                not_invited: 0,
                invited: 0,
                active: 0,
                blocked: 0,
                expired: 0,
            });
        }
        if let Some(c) = out.last_mut() {
            match status {
                Some(PassStatus::NotInvited) => c.not_invited += count,
                Some(PassStatus::Invited) => c.invited += count,
                Some(PassStatus::Active) => c.active += count,
                Some(PassStatus::Blocked) => c.blocked += count,
                Some(PassStatus::Expired) | None => c.expired += count,
            }
        }
    }
    Ok(out)
}

/// The pass holders of one class of `location` (students, and the staff who teach it), by
/// name.
#[tracing::instrument(skip_all)]
pub async fn class_people(
    state: &AppState,
    location: LocationId,
    class: &str,
    page: PageRequest,
) -> Result<Page<PassRow>, AppError> {
    // A teacher's classes are stored as "4A, 4B": match the class as a whole item of the list.
    let filter = "s.location_id = $1 AND s.left_at IS NULL AND (s.class_name = $2 OR (s.kind = 'staff' AND
        (', ' || s.class_name || ', ') LIKE $3))";
    let like = format!("%, {}, %", class.replace(['%', '_'], ""));
    let total = int(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM passes s WHERE {filter}"))
            .bind(location.0)
            .bind(class)
            .bind(&like)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!(
        "SELECT s.id, s.first_name, s.last_name, p.email, s.kind, s.class_name, s.pass_number, s.status
         FROM passes s JOIN people p ON p.id = s.person_id WHERE {filter}
         ORDER BY s.kind DESC, s.last_name, s.first_name, s.id LIMIT $4 OFFSET $5"
    ))
    .bind(location.0)
    .bind(class)
    .bind(&like)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(PassRow {
                pass_id: int(r, "id")?,
                name: format!("{} {}", text(r, "first_name")?, text(r, "last_name")?),
                email: text(r, "email")?,
                kind: PassKind::from_code(&text(r, "kind")?).unwrap_or(PassKind::Student),
                class_name: text(r, "class_name")?,
                pass_number: PassNumber::parse(&text(r, "pass_number")?).unwrap_or_else(|| PassNumber::from_serial(0)),
                status: PassStatus::from_code(&text(r, "status")?).unwrap_or(PassStatus::NotInvited),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}

/// The classes a staff member teaches at `locations`, from their passes there.
#[tracing::instrument(skip_all)]
pub async fn own_classes(state: &AppState, person: PersonId, locations: &[LocationId]) -> Result<Vec<String>, AppError> {
    if locations.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT class_name FROM passes WHERE person_id = $1 AND kind = 'staff' AND left_at IS NULL AND location_id IN ({})",
        placeholders(2, locations.len())
    );
    let mut q = sqlx::query(&sql).bind(person.0);
    for l in locations {
        q = q.bind(l.0);
    }
    let mut out: Vec<String> = Vec::new();
    for r in q.fetch_all(&state.db.pool).await? {
        for c in text(&r, "class_name")?.split(", ").filter(|c| !c.is_empty()) {
            if !out.iter().any(|o| o == c) {
                out.push(c.to_owned());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Sends invitations at `location`: to everyone or a class not invited yet, a class's
/// invited students again, or one person (first time or again). Each mail has a new
/// single-use link that expires in 14 days; earlier links of the same people stop working.
/// Someone whose account is already active gets an active pass without a mail. `classes`,
/// when given, limits it to those classes (a Docent+). Returns how many were invited.
#[tracing::instrument(skip_all)]
pub async fn invite(
    state: &AppState,
    actor: PersonId,
    location: LocationId,
    target: &InviteTarget,
    classes: Option<&[String]>,
) -> Result<i64, AppError> {
    if let (Some(mine), InviteTarget::Class(c) | InviteTarget::ClassAgain(c)) = (classes, target) {
        if !mine.contains(c) {
            return Err(AppError::NotFound);
        }
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let base = "SELECT s.id, s.person_id, s.first_name, s.class_name, p.email, p.status AS person_status
         FROM passes s JOIN people p ON p.id = s.person_id
         WHERE s.location_id = $1 AND s.left_at IS NULL AND p.status <> 'disabled'";
    let (sql, arg) = match target {
        InviteTarget::Location => (format!("{base} AND s.status = 'not_invited'"), None),
        InviteTarget::Class(c) => {
            (format!("{base} AND s.status = 'not_invited' AND s.kind = 'student' AND s.class_name = $2"), Some(c.clone()))
        }
        InviteTarget::ClassAgain(c) => {
            (format!("{base} AND s.status = 'invited' AND s.kind = 'student' AND s.class_name = $2"), Some(c.clone()))
        }
        InviteTarget::Pass(id) => {
            (format!("{base} AND s.status IN ('not_invited', 'invited') AND s.id = $2"), Some(id.to_string()))
        }
    };
    let mut q = sqlx::query(&sql).bind(location.0);
    q = match (target, arg) {
        (InviteTarget::Pass(id), _) => q.bind(*id),
        (_, Some(c)) => q.bind(c),
        (_, None) => q,
    };
    let rows = q.fetch_all(&mut *tx).await?;
    if let InviteTarget::Pass(_) = target {
        if rows.is_empty() {
            return Err(AppError::NotFound);
        }
    }
    let mut to_invite: Vec<(i64, i64, String, String)> = Vec::new();
    let mut already_active: Vec<i64> = Vec::new();
    for r in &rows {
        let class = text(r, "class_name")?;
        if let Some(mine) = classes {
            if !mine.contains(&class) {
                if let InviteTarget::Pass(_) = target {
                    return Err(AppError::NotFound);
                }
                continue;
            }
        }
        let pass = int(r, "id")?;
        if text(r, "person_status")? == "active" {
            already_active.push(pass);
        } else {
            to_invite.push((pass, int(r, "person_id")?, text(r, "first_name")?, text(r, "email")?));
        }
    }
    let location_name =
        text(&sqlx::query("SELECT name FROM locations WHERE id = $1").bind(location.0).fetch_one(&mut *tx).await?, "name")?;
    for chunk in to_invite.chunks(CHUNK) {
        let people: Vec<i64> = chunk.iter().map(|c| c.1).collect();
        let sql = format!(
            "UPDATE auth_tokens SET used_at = $1 WHERE purpose = 'invitation' AND used_at IS NULL AND person_id IN ({})",
            placeholders(2, people.len())
        );
        let mut q = sqlx::query(&sql).bind(now);
        for p in &people {
            q = q.bind(*p);
        }
        q.execute(&mut *tx).await?;
        let tokens: Vec<(String, String)> = chunk.iter().map(|_| new_token()).collect();
        let sql = format!(
            "INSERT INTO auth_tokens (token_hash, person_id, purpose, created_at, expires_at) VALUES {}",
            value_rows(1, chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for ((_, person, _, _), (_, hash)) in chunk.iter().zip(&tokens) {
            q = q.bind(hash.clone()).bind(*person).bind("invitation").bind(now).bind(now + INVITATION_TTL_MS);
        }
        q.execute(&mut *tx).await?;
        let mails: Vec<(String, String, String)> = chunk
            .iter()
            .zip(&tokens)
            .map(|((_, _, name, email), (token, _))| {
                (
                    email.clone(),
                    "Activeer je CJP-pas / Activate your CJP pass — MBO Cultuurkaart".to_owned(),
                    invitation_body(state, name, &location_name, token),
                )
            })
            .collect();
        mail::enqueue_many(&mut tx, now, &mails).await?;
        set_status(&mut tx, now, &chunk.iter().map(|c| c.0).collect::<Vec<_>>(), PassStatus::Invited).await?;
    }
    for chunk in already_active.chunks(CHUNK) {
        set_status(&mut tx, now, chunk, PassStatus::Active).await?;
    }
    if !already_active.is_empty() {
        crate::budget::credit::grant_current(&mut tx, now, location).await?;
    }
    let count = i64::try_from(to_invite.len() + already_active.len()).unwrap_or(i64::MAX);
    if count > 0 {
        let what = match target {
            InviteTarget::Location => "everyone".to_owned(),
            InviteTarget::Class(c) => format!("class {c}"),
            InviteTarget::ClassAgain(c) => format!("class {c} again"),
            InviteTarget::Pass(id) => format!("pass {id}"),
        };
        audit::record(&mut tx, now, Some(actor), "passes_invited", "location", Some(location.0), &format!("{what}: {count}"))
            .await?;
    }
    tx.commit().await?;
    Ok(count)
}

fn invitation_body(state: &AppState, name: &str, location: &str, token: &str) -> String {
    let link = format!("{}/invite/{token}", state.settings.public_base_url);
    format!(
        "Hallo {name},\n\n{location} geeft je een MBO Cultuurkaart: je CJP-pas voor culturele activiteiten met school en op eigen gelegenheid. Activeer je pas met deze link (14 dagen geldig, één keer te gebruiken):\n{link}\n\nJe kiest een wachtwoord; je e-mailadres is je inlognaam. Daarna staat je pas op je telefoon.\n\n---\n\nHello {name},\n\n{location} gives you an MBO Cultuurkaart: your CJP pass for cultural activities with school and on your own. Activate your pass with this link (valid for 14 days, works once):\n{link}\n\nYou choose a password; your e-mail address is your login name. Your pass is then on your phone.\n"
    )
}

async fn set_status(tx: &mut Tx, now: i64, passes: &[i64], status: PassStatus) -> Result<(), sqlx::Error> {
    if passes.is_empty() {
        return Ok(());
    }
    let invited = if status == PassStatus::Invited { ", invited_at = $2" } else { ", activated_at = $2" };
    let sql = format!(
        "UPDATE passes SET status = $1{invited}, updated_at = $2 WHERE status IN ('not_invited', 'invited') AND id IN ({})",
        placeholders(3, passes.len())
    );
    let mut q = sqlx::query(&sql).bind(status.code()).bind(now);
    for p in passes {
        q = q.bind(*p);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// Blocks a pass of `location` (lost, or misused) or lifts the block. A blocked pass cannot
/// show a payment code or pay; lifting the block returns it to where the person stands
/// (active once they have activated). Doing what is already so changes nothing. Audited.
///
/// The pass must be in `class` (a staff pass lists its classes): the form acts on the class
/// list the budget holder sees, and a pass id from elsewhere is not found.
#[tracing::instrument(skip_all)]
pub async fn set_blocked(
    state: &AppState,
    actor: PersonId,
    location: LocationId,
    class: &str,
    pass: i64,
    block: bool,
) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let r = sqlx::query(
        "SELECT s.status, s.invited_at, s.class_name, p.status AS person_status FROM passes s JOIN people p ON p.id = s.person_id
         WHERE s.id = $1 AND s.location_id = $2 AND s.left_at IS NULL",
    )
    .bind(pass)
    .bind(location.0)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if !text(&r, "class_name")?.split(',').any(|c| c.trim() == class.trim()) {
        return Err(AppError::NotFound);
    }
    let status = text(&r, "status")?;
    let next = if block {
        if status == "blocked" {
            return Ok(());
        }
        PassStatus::Blocked
    } else if status != "blocked" {
        return Ok(());
    } else if text(&r, "person_status")? == "active" {
        PassStatus::Active
    } else if crate::platform::db::opt_int(&r, "invited_at")?.is_some() {
        PassStatus::Invited
    } else {
        PassStatus::NotInvited
    };
    sqlx::query("UPDATE passes SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(next.code())
        .bind(now)
        .bind(pass)
        .execute(&mut *tx)
        .await?;
    if block {
        sqlx::query("DELETE FROM counter_codes WHERE pass_id = $1").bind(pass).execute(&mut *tx).await?;
    }
    let action = if block { "pass_blocked" } else { "pass_unblocked" };
    audit::record(&mut tx, now, Some(actor), action, "pass", Some(pass), "").await?;
    tx.commit().await?;
    Ok(())
}

/// Inside the transaction that accepts an invitation: the person's passes become active, and
/// as students they get their credit while their location's pool lasts.
#[tracing::instrument(skip_all)]
pub async fn activate(tx: &mut Tx, now: i64, person: PersonId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE passes SET status = 'active', activated_at = $1, updated_at = $1
         WHERE person_id = $2 AND left_at IS NULL AND status IN ('not_invited', 'invited')",
    )
    .bind(now)
    .bind(person.0)
    .execute(&mut **tx)
    .await?;
    crate::budget::credit::grant_after_activation(tx, now, person).await
}

/// The signed-in person's passes (usually one), newest school first, with a QR code of the
/// pass number and the end of the programme period it is valid in.
#[tracing::instrument(skip_all)]
pub async fn my_passes(state: &AppState, person: PersonId) -> Result<Vec<PassCard>, AppError> {
    let today = local_date(state.clock.now_ms());
    let rows = sqlx::query(
        "SELECT s.id, s.first_name, s.last_name, s.pass_number, s.status, s.kind, s.class_name, l.name AS location_name,
            (SELECT MAX(g.ends_on) FROM programme_periods g WHERE g.starts_on <= $2 AND g.ends_on >= $2) AS valid_until
         FROM passes s JOIN locations l ON l.id = s.location_id
         WHERE s.person_id = $1 AND s.left_at IS NULL ORDER BY s.id DESC",
    )
    .bind(person.0)
    .bind(&today)
    .fetch_all(&state.db.pool)
    .await?;
    let mut cards = Vec::with_capacity(rows.len());
    for r in &rows {
        let card = (|| {
            let number = PassNumber::parse(&text(r, "pass_number")?).unwrap_or_else(|| PassNumber::from_serial(0));
            Ok::<_, sqlx::Error>((
                int(r, "id")?,
                PassCard {
                    first_name: text(r, "first_name")?,
                    last_name: text(r, "last_name")?,
                    qr_svg: qr::qr_svg(number.as_str()),
                    pass_number: number,
                    status: PassStatus::from_code(&text(r, "status")?).unwrap_or(PassStatus::NotInvited),
                    kind: PassKind::from_code(&text(r, "kind")?).unwrap_or(PassKind::Student),
                    location_name: text(r, "location_name")?,
                    class_name: text(r, "class_name")?,
                    valid_until: opt_text(r, "valid_until")?,
                    credit: domain::Money::ZERO,
                    credit_lines: Vec::new(),
                    counter_code: None,
                },
            ))
        })()?;
        let (pass, mut card) = card;
        if card.kind == PassKind::Student && card.status == PassStatus::Active {
            let (credit, lines) = crate::budget::credit::credit_of(state, pass).await?;
            card.credit = credit;
            card.credit_lines = lines;
            card.counter_code = crate::budget::credit::live_code(&state.db, pass, state.clock.now_ms()).await?;
        }
        cards.push(card);
    }
    Ok(cards)
}

/// A class's activation sheet (PDF): a card with a QR code of a fresh activation link for
/// each student of `class` at `location` whose account is not active yet. The links work
/// once, for 14 days, beside any link mailed before (the first one used ends the others).
/// `classes`, when given, limits it to those classes (a Docent+). Audited.
#[tracing::instrument(skip_all)]
pub async fn class_sheet(
    state: &AppState,
    actor: PersonId,
    location: LocationId,
    class: &str,
    classes: Option<&[String]>,
) -> Result<Vec<u8>, AppError> {
    if classes.is_some_and(|mine| !mine.iter().any(|c| c == class)) {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let location_name = text(
        &sqlx::query("SELECT name FROM locations WHERE id = $1")
            .bind(location.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?,
        "name",
    )?;
    let rows = sqlx::query(
        "SELECT s.id, s.person_id, s.first_name, s.last_name, s.pass_number FROM passes s JOIN people p ON p.id = s.person_id
         WHERE s.location_id = $1 AND s.class_name = $2 AND s.kind = 'student' AND s.left_at IS NULL
           AND s.status IN ('not_invited', 'invited') AND p.status = 'invited'
         ORDER BY s.last_name, s.first_name, s.id",
    )
    .bind(location.0)
    .bind(class)
    .fetch_all(&mut *tx)
    .await?;
    let mut cards = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    for r in &rows {
        let person = PersonId(int(r, "person_id")?);
        let token = crate::platform::tokens::issue_token(&mut tx, now, person, "invitation", INVITATION_TTL_MS).await?;
        let link = format!("{}/invite/{token}", state.settings.public_base_url);
        let (modules, width) = qr::qr_modules(&link).ok_or_else(|| internal("qr"))?;
        let number = PassNumber::parse(&text(r, "pass_number")?).map(|n| n.to_string()).unwrap_or_default();
        cards.push(crate::files::pdf::SheetCard {
            name: format!("{} {}", text(r, "first_name")?, text(r, "last_name")?),
            detail: format!("Klas {class} · pas {number}\nScan met je telefoon en kies een wachtwoord (14 dagen geldig)."),
            modules,
            width,
        });
        ids.push(int(r, "id")?);
    }
    for chunk in ids.chunks(CHUNK) {
        set_status(&mut tx, now, chunk, PassStatus::Invited).await?;
    }
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "class_sheet_printed",
        "location",
        Some(location.0),
        &format!("class {class}: {}", ids.len()),
    )
    .await?;
    tx.commit().await?;
    Ok(crate::files::pdf::class_sheet(
        &format!("Activeringsblad klas {class} — {location_name}"),
        "Knip de kaartjes los en geef iedere student het eigen kaartje. De student scant de QR-code met de telefoon, kiest een wachtwoord en heeft dan de pas. Elke code werkt één keer. Bewaar dit blad niet: het geeft toegang tot nog niet geactiveerde accounts.",
        &cards,
    ))
}
