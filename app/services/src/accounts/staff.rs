//! A location's teachers, and which of them the budget holder has designated Docent+: a
//! Docent+ sends requests to providers and sees their classes' activations. Designating and
//! revoking are audited and the teacher is told by mail.

use crate::accounts::people;
use crate::platform::audit;
use crate::platform::db::{int, placeholders, text};
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::records::TeacherRow;
use domain::{AppError, LocationId, Page, PageRequest, PersonId, Role, Scope};

/// A page of the teachers of `locations`, by location and name.
#[tracing::instrument(skip_all)]
pub async fn teachers(state: &AppState, locations: &[LocationId], page: PageRequest) -> Result<Page<TeacherRow>, AppError> {
    if locations.is_empty() {
        return Ok(Page { rows: Vec::new(), page: page.page, per_page: page.per_page, total: 0 });
    }
    let n = locations.len();
    let scope = format!(
        "FROM role_assignments r JOIN people p ON p.id = r.person_id JOIN locations l ON l.id = r.location_id
         WHERE r.role = 'teacher' AND r.location_id IN ({}) AND p.status <> 'disabled'",
        placeholders(1, n)
    );
    let count_sql = format!("SELECT COUNT(*) AS n {scope}");
    let mut count = sqlx::query(&count_sql);
    for l in locations {
        count = count.bind(l.0);
    }
    let total = int(&count.fetch_one(&state.db.pool).await?, "n")?;
    let sql = format!(
        "SELECT p.id, p.display_name, p.email, r.location_id, l.name AS location_name,
            CASE WHEN EXISTS (SELECT 1 FROM role_assignments t
                WHERE t.person_id = p.id AND t.role = 'teacher_plus' AND t.location_id = r.location_id) THEN 1 ELSE 0 END AS plus
         {scope} ORDER BY l.name, p.display_name, p.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query(&sql);
    for l in locations {
        query = query.bind(l.0);
    }
    let rows = query.bind(page.limit()).bind(page.offset()).fetch_all(&state.db.pool).await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(TeacherRow {
                person_id: PersonId(int(r, "id")?),
                display_name: text(r, "display_name")?,
                email: text(r, "email")?,
                location_id: LocationId(int(r, "location_id")?),
                location_name: text(r, "location_name")?,
                teacher_plus: int(r, "plus")? == 1,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}

/// Designates (`grant`) or revokes a teacher of `location` as Docent+ there. `locations` are
/// the budget holder's; a teacher elsewhere, or someone who is no teacher here, is not found.
/// Doing what is already so changes nothing and succeeds.
#[tracing::instrument(skip_all)]
pub async fn set_teacher_plus(
    state: &AppState,
    actor: PersonId,
    locations: &[LocationId],
    location: LocationId,
    person: PersonId,
    grant: bool,
) -> Result<(), AppError> {
    if !locations.contains(&location) {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let teacher = sqlx::query(
        "SELECT p.email, p.display_name, l.name AS location_name FROM role_assignments r
         JOIN people p ON p.id = r.person_id JOIN locations l ON l.id = r.location_id
         WHERE r.person_id = $1 AND r.role = 'teacher' AND r.location_id = $2 AND p.status <> 'disabled'",
    )
    .bind(person.0)
    .bind(location.0)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (email, location_name) = (text(&teacher, "email")?, text(&teacher, "location_name")?);
    let scope = Scope::Location(location);
    let already =
        sqlx::query("SELECT id FROM role_assignments WHERE person_id = $1 AND role = 'teacher_plus' AND scope_key = $2")
            .bind(person.0)
            .bind(scope.key())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
    if already == grant {
        return Ok(());
    }
    let (action, subject, body) = if grant {
        people::assign_role(&mut tx, now, person, Role::TeacherPlus, &scope).await?;
        (
            "teacher_plus_granted",
            "Je bent Docent+ / You are now Docent+ — MBO Cultuurkaart",
            format!(
                "Je bent aangewezen als Docent+ voor {location_name}. Je kunt nu in de catalogus aanvragen doen bij aanbieders: {base}/teacher/catalogue\n\n---\n\nYou have been designated Docent+ for {location_name}. You can now send requests to providers from the catalogue: {base}/teacher/catalogue\n",
                base = state.settings.public_base_url
            ),
        )
    } else {
        sqlx::query("DELETE FROM role_assignments WHERE person_id = $1 AND role = 'teacher_plus' AND scope_key = $2")
            .bind(person.0)
            .bind(scope.key())
            .execute(&mut *tx)
            .await?;
        (
            "teacher_plus_revoked",
            "Docent+ ingetrokken / Docent+ withdrawn — MBO Cultuurkaart",
            format!(
                "Je aanwijzing als Docent+ voor {location_name} is ingetrokken. Je blijft docent op het platform.\n\n---\n\nYour designation as Docent+ for {location_name} has been withdrawn. You remain a teacher on the platform.\n"
            ),
        )
    };
    mail::enqueue(&mut tx, now, &email, subject, &body).await?;
    audit::record(&mut tx, now, Some(actor), action, "person", Some(person.0), &format!("location {}", location.0)).await?;
    tx.commit().await?;
    Ok(())
}
