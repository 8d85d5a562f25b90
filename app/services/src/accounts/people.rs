//! People, their accounts and their roles.

use crate::platform::db::{int, opt_int, text, Db, Tx};
use domain::records::{AccountStatus, PersonRow};
use domain::{
    CurrentUser, Email, InstitutionId, LocationId, Page, PageRequest, PersonId, ProviderId, Role, RoleAssignment, Scope,
};

/// The parts of a person the auth code needs.
#[derive(Clone, Debug)]
pub struct Account {
    pub id: PersonId,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub status: AccountStatus,
}

fn account_from_row(r: &sqlx::any::AnyRow) -> Result<Account, sqlx::Error> {
    Ok(Account {
        id: PersonId(int(r, "id")?),
        email: text(r, "email")?,
        display_name: text(r, "display_name")?,
        password_hash: crate::platform::db::opt_text(r, "password_hash")?,
        status: AccountStatus::from_code(&text(r, "status")?).unwrap_or(AccountStatus::Disabled),
    })
}

/// Finds an account by its (normalised) e-mail address.
#[tracing::instrument(skip_all)]
pub async fn account_by_email(db: &Db, email: &Email) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query("SELECT id, email, display_name, password_hash, status FROM people WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(account_from_row)
        .transpose()
}

/// Finds an account by id.
#[tracing::instrument(skip_all)]
pub async fn account_by_id(db: &Db, id: PersonId) -> Result<Option<Account>, sqlx::Error> {
    sqlx::query("SELECT id, email, display_name, password_hash, status FROM people WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(account_from_row)
        .transpose()
}

/// Creates a person (invited, without password) inside `tx`.
#[tracing::instrument(skip_all)]
pub async fn create_person(tx: &mut Tx, now_ms: i64, email: &Email, display_name: &str) -> Result<PersonId, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO people (email, display_name, status, created_at, updated_at) VALUES ($1, $2, 'invited', $3, $3) RETURNING id",
    )
    .bind(email.as_str())
    .bind(display_name)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    Ok(PersonId(int(&row, "id")?))
}

/// Gives `person` a role in a place inside `tx`. A duplicate is a unique violation.
#[tracing::instrument(skip_all)]
pub async fn assign_role(tx: &mut Tx, now_ms: i64, person: PersonId, role: Role, scope: &Scope) -> Result<(), sqlx::Error> {
    let (institution, location, provider) = match scope {
        Scope::Platform => (None, None, None),
        Scope::Institution(InstitutionId(id)) => (Some(*id), None, None),
        Scope::Location(LocationId(id)) => (None, Some(*id), None),
        Scope::Provider(ProviderId(id)) => (None, None, Some(*id)),
    };
    sqlx::query(
        "INSERT INTO role_assignments (person_id, role, scope_key, institution_id, location_id, provider_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(person.0)
    .bind(role.code())
    .bind(scope.key())
    .bind(institution)
    .bind(location)
    .bind(provider)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets a password hash and makes the account active, inside `tx`. Refuses (returns false)
/// for a disabled account.
#[tracing::instrument(skip_all)]
pub async fn set_password(tx: &mut Tx, now_ms: i64, person: PersonId, hash: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE people SET password_hash = $1, status = 'active', updated_at = $2 WHERE id = $3 AND status <> 'disabled'",
    )
    .bind(hash)
    .bind(now_ms)
    .bind(person.0)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The signed-in view of a person: name, e-mail and every role with its place's name.
#[tracing::instrument(skip_all)]
pub async fn current_user(db: &Db, person: PersonId) -> Result<Option<CurrentUser>, sqlx::Error> {
    let Some(account) = account_by_id(db, person).await? else { return Ok(None) };
    if account.status != AccountStatus::Active {
        return Ok(None);
    }
    let rows = sqlx::query(
        "SELECT r.role, r.institution_id, r.location_id, r.provider_id,
                COALESCE(i.name, l.name, p.name, '') AS scope_name
         FROM role_assignments r
         LEFT JOIN institutions i ON i.id = r.institution_id
         LEFT JOIN locations l ON l.id = r.location_id
         LEFT JOIN providers p ON p.id = r.provider_id
         WHERE r.person_id = $1 ORDER BY r.id",
    )
    .bind(person.0)
    .fetch_all(&db.pool)
    .await?;
    let mut roles = Vec::with_capacity(rows.len());
    for r in &rows {
        let Some(role) = Role::from_code(&text(r, "role")?) else { continue };
        let scope = match (opt_int(r, "institution_id")?, opt_int(r, "location_id")?, opt_int(r, "provider_id")?) {
            (Some(id), _, _) => Scope::Institution(InstitutionId(id)),
            (_, Some(id), _) => Scope::Location(LocationId(id)),
            (_, _, Some(id)) => Scope::Provider(ProviderId(id)),
            _ => Scope::Platform,
        };
        roles.push(RoleAssignment { role, scope, scope_name: text(r, "scope_name")? });
    }
    Ok(Some(CurrentUser { person_id: account.id, display_name: account.display_name, email: account.email, roles }))
}

/// People whose name or e-mail contains `query`, by name, one page at a time.
#[tracing::instrument(skip_all)]
pub async fn list(db: &Db, page: PageRequest, query: &str) -> Result<Page<PersonRow>, sqlx::Error> {
    let pattern = format!("%{}%", query.trim().to_lowercase().replace(['\\', '%', '_'], ""));
    let total = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM people WHERE LOWER(display_name) LIKE $1 OR email LIKE $1")
            .bind(&pattern)
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(
        "SELECT id, email, display_name, status FROM people WHERE LOWER(display_name) LIKE $1 OR email LIKE $1
         ORDER BY display_name, id LIMIT $2 OFFSET $3",
    )
    .bind(&pattern)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = PersonId(int(r, "id")?);
        let role_rows = sqlx::query(
            "SELECT r.role, COALESCE(i.name, l.name, p.name, '') AS scope_name FROM role_assignments r
             LEFT JOIN institutions i ON i.id = r.institution_id LEFT JOIN locations l ON l.id = r.location_id
             LEFT JOIN providers p ON p.id = r.provider_id WHERE r.person_id = $1 ORDER BY r.id",
        )
        .bind(id.0)
        .fetch_all(&db.pool)
        .await?;
        let mut roles = Vec::new();
        for rr in &role_rows {
            if let Some(role) = Role::from_code(&text(rr, "role")?) {
                roles.push((role, text(rr, "scope_name")?));
            }
        }
        out.push(PersonRow {
            id,
            email: text(r, "email")?,
            display_name: text(r, "display_name")?,
            status: AccountStatus::from_code(&text(r, "status")?).unwrap_or(AccountStatus::Disabled),
            roles,
        });
    }
    Ok(Page { rows: out, page: page.page, per_page: page.per_page, total })
}

/// Switches an account off inside `tx`; returns false when it was already off or absent.
#[tracing::instrument(skip_all)]
pub async fn disable(tx: &mut Tx, now_ms: i64, person: PersonId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE people SET status = 'disabled', updated_at = $1 WHERE id = $2 AND status <> 'disabled'")
        .bind(now_ms)
        .bind(person.0)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
