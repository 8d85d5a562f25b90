//! A person's own data: everything the platform holds about them, as one JSON document; and
//! erasure by the operator, which leaves only a pseudonym where records must stay (the
//! ledger, payments and the audit trail refer to a pass or person number, never a name).

use crate::platform::audit;
use crate::platform::db::{int, opt_int, opt_text, text, Tx};
use crate::platform::state::AppState;
use domain::error::Problem;
use domain::failure::internal;
use domain::{AppError, PersonId};
use serde_json::{json, Value};

/// Everything about `person`: account, roles, passes with their school data, credit
/// movements, counter payments, and the audit entries about them or by them.
#[tracing::instrument(skip_all)]
pub async fn export(state: &AppState, person: PersonId) -> Result<Value, AppError> {
    let db = &state.db.pool;
    let account = sqlx::query("SELECT email, display_name, status, created_at, updated_at FROM people WHERE id = $1")
        .bind(person.0)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = sqlx::query(
        "SELECT r.role, r.scope_key, COALESCE(l.name, i.name, pr.name, '') AS place, r.created_at FROM role_assignments r
         LEFT JOIN locations l ON l.id = r.location_id LEFT JOIN institutions i ON i.id = r.institution_id
         LEFT JOIN providers pr ON pr.id = r.provider_id WHERE r.person_id = $1 ORDER BY r.id",
    )
    .bind(person.0)
    .fetch_all(db)
    .await?;
    let passes = sqlx::query(
        "SELECT s.id, s.pass_number, l.name AS location, s.kind, s.first_name, s.last_name, s.class_name, s.student_number,
            s.date_of_birth, s.phone, s.programme, s.status, s.invited_at, s.activated_at, s.left_at, s.created_at
         FROM passes s JOIN locations l ON l.id = s.location_id WHERE s.person_id = $1 ORDER BY s.id",
    )
    .bind(person.0)
    .fetch_all(db)
    .await?;
    let mut pass_list = Vec::new();
    for p in &passes {
        let pass = int(p, "id")?;
        let credit = sqlx::query(
            "SELECT t.kind, t.reference, t.created_at, e.amount_cents FROM ledger_entries e
             JOIN ledger_transactions t ON t.id = e.transaction_id JOIN ledger_accounts a ON a.id = e.account_id
             WHERE a.kind = 'student_credit' AND a.account_key LIKE $1 ORDER BY e.id",
        )
        .bind(format!("student_credit:{pass}:%"))
        .fetch_all(db)
        .await?;
        let payments = sqlx::query(
            "SELECT c.id, pr.name AS provider, c.amount_cents, c.description, c.status, c.created_at, c.refunded_at
             FROM counter_payments c JOIN providers pr ON pr.id = c.provider_id WHERE c.pass_id = $1 ORDER BY c.id",
        )
        .bind(pass)
        .fetch_all(db)
        .await?;
        let t = |c: &str| text(p, c).map_err(internal);
        let o = |c: &str| opt_text(p, c).map_err(internal);
        let n = |c: &str| opt_int(p, c).map_err(internal);
        pass_list.push(json!({
            "pass_number": t("pass_number")?,
            "location": t("location")?,
            "kind": t("kind")?,
            "first_name": t("first_name")?,
            "last_name": t("last_name")?,
            "class": t("class_name")?,
            "student_number": o("student_number")?,
            "date_of_birth": o("date_of_birth")?,
            "phone": o("phone")?,
            "programme": o("programme")?,
            "status": t("status")?,
            "invited_at_ms": n("invited_at")?,
            "activated_at_ms": n("activated_at")?,
            "left_at_ms": n("left_at")?,
            "created_at_ms": int(p, "created_at")?,
            "credit": credit.iter().map(|c| Ok(json!({
                "kind": text(c, "kind")?,
                "what": text(c, "reference")?,
                "at_ms": int(c, "created_at")?,
                "amount_cents": int(c, "amount_cents")?,
            }))).collect::<Result<Vec<_>, sqlx::Error>>()?,
            "counter_payments": payments.iter().map(|c| Ok(json!({
                "receipt": int(c, "id")?,
                "provider": text(c, "provider")?,
                "amount_cents": int(c, "amount_cents")?,
                "description": text(c, "description")?,
                "status": text(c, "status")?,
                "at_ms": int(c, "created_at")?,
                "refunded_at_ms": opt_int(c, "refunded_at")?,
            }))).collect::<Result<Vec<_>, sqlx::Error>>()?,
        }));
    }
    let audit = sqlx::query(
        "SELECT at, action, subject_type, detail FROM audit_log
         WHERE actor_person_id = $1 OR (subject_type = 'person' AND subject_id = $1) ORDER BY id LIMIT 10000",
    )
    .bind(person.0)
    .fetch_all(db)
    .await?;
    Ok(json!({
        "exported_at_ms": state.clock.now_ms(),
        "account": {
            "email": text(&account, "email")?,
            "name": text(&account, "display_name")?,
            "status": text(&account, "status")?,
            "created_at_ms": int(&account, "created_at")?,
            "updated_at_ms": int(&account, "updated_at")?,
        },
        "roles": roles.iter().map(|r| Ok(json!({
            "role": text(r, "role")?,
            "place": text(r, "place")?,
            "since_ms": int(r, "created_at")?,
        }))).collect::<Result<Vec<_>, sqlx::Error>>()?,
        "passes": pass_list,
        "audit": audit.iter().map(|a| Ok(json!({
            "at_ms": int(a, "at")?,
            "action": text(a, "action")?,
            "about": text(a, "subject_type")?,
            "detail": text(a, "detail")?,
        }))).collect::<Result<Vec<_>, sqlx::Error>>()?,
    }))
}

/// Where others wrote down a person by address or name, the erased person's pseudonym takes
/// their place: weborders (the teacher they are for), contact persons of schools and
/// providers, mails to others and request messages that name them, and roster files waiting
/// for confirmation. A name is replaced only when it is a full name (two words, or at least
/// six letters), so that a short name does not change other words.
async fn forget_elsewhere(tx: &mut Tx, email: &str, name: &str, pseudonym: &str, pseudo_name: &str) -> Result<(), AppError> {
    for sql in [
        "UPDATE weborders SET teacher_email = $1, teacher_name = $2 WHERE LOWER(teacher_email) = LOWER($3)",
        "UPDATE location_contacts SET email = $1, name = $2, phone = '' WHERE LOWER(email) = LOWER($3)",
        "UPDATE provider_contacts SET email = $1, name = $2, phone = '' WHERE LOWER(email) = LOWER($3)",
    ] {
        sqlx::query(sql).bind(pseudonym).bind(pseudo_name).bind(email).execute(&mut **tx).await?;
    }
    let full_name = name.split_whitespace().count() >= 2 || name.chars().count() >= 6;
    for (table, column) in
        [("outbox_mail", "subject"), ("outbox_mail", "body"), ("request_messages", "body"), ("roster_uploads", "content")]
    {
        let sql = format!("UPDATE {table} SET {column} = REPLACE({column}, $1, $2) WHERE {column} LIKE '%' || $1 || '%'");
        sqlx::query(&sql).bind(email).bind(pseudonym).execute(&mut **tx).await?;
        if full_name {
            sqlx::query(&sql).bind(name).bind(pseudo_name).execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// Erases a person: name, address, password and the school's data fields go; the account is
/// switched off and loses its roles, sessions, links, codes and mails. What must stay for the
/// books (ledger, counter payments, audit) keeps only the pass or person number. Erasing an
/// erased person changes nothing; the operator cannot erase themself or another operator.
#[tracing::instrument(skip_all)]
pub async fn erase(state: &AppState, actor: PersonId, person: PersonId) -> Result<(), AppError> {
    if actor == person {
        return Err(AppError::Conflict(Problem::CannotDisableYourself));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let r = sqlx::query(
        "SELECT p.email, p.display_name, CASE WHEN EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = p.id AND r.role = 'platform_admin')
            THEN 1 ELSE 0 END AS operator FROM people p WHERE p.id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *tx)
    .await
    ?
    .ok_or(AppError::NotFound)?;
    let email = text(&r, "email")?;
    let pseudonym = format!("verwijderd-{}@cultuurkaart.invalid", person.0);
    if email == pseudonym {
        return Ok(());
    }
    if int(&r, "operator")? == 1 {
        return Err(AppError::Conflict(Problem::CannotEraseOperator));
    }
    sqlx::query(
        "UPDATE people SET email = $1, display_name = $2, password_hash = NULL, status = 'disabled', updated_at = $3 WHERE id = $4",
    )
    .bind(&pseudonym)
    .bind(format!("Verwijderd account {}", person.0))
    .bind(now)
    .bind(person.0)
    .execute(&mut *tx)
    .await
    ?;
    sqlx::query(
        "UPDATE passes SET first_name = 'Verwijderd', last_name = '', class_name = '', student_number = NULL, date_of_birth = NULL,
            phone = NULL, programme = NULL, status = 'expired', left_at = COALESCE(left_at, $1), updated_at = $1 WHERE person_id = $2",
    )
    .bind(now)
    .bind(person.0)
    .execute(&mut *tx)
    .await
    ?;
    for sql in [
        "DELETE FROM role_assignments WHERE person_id = $1",
        "DELETE FROM sessions WHERE person_id = $1",
        "DELETE FROM counter_codes WHERE pass_id IN (SELECT id FROM passes WHERE person_id = $1)",
    ] {
        sqlx::query(sql).bind(person.0).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE auth_tokens SET used_at = $1 WHERE person_id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
    let name = text(&r, "display_name")?;
    forget_elsewhere(&mut tx, &email, &name, &pseudonym, &format!("Verwijderd account {}", person.0)).await?;
    // Invitations to a provider's portal keep what the provider typed: that goes too.
    sqlx::query(
        "UPDATE colleague_invitations SET email = $1, display_name = $2,
            status = CASE WHEN status = 'pending' THEN 'withdrawn' ELSE status END, decided_at = COALESCE(decided_at, $3)
         WHERE person_id = $4",
    )
    .bind(&pseudonym)
    .bind(format!("Verwijderd account {}", person.0))
    .bind(now)
    .bind(person.0)
    .execute(&mut *tx)
    .await?;
    // The mails to the old address (invitations, notices) go too.
    sqlx::query("DELETE FROM outbox_attachments WHERE mail_id IN (SELECT id FROM outbox_mail WHERE recipient = $1)")
        .bind(&email)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM outbox_mail WHERE recipient = $1").bind(&email).execute(&mut *tx).await?;
    audit::record(&mut tx, now, Some(actor), "person_erased", "person", Some(person.0), "").await?;
    tx.commit().await?;
    Ok(())
}
