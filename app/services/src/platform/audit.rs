//! The audit trail: who did what to money, roles and personal data. Append-only (the
//! database refuses updates and deletes); details never hold passwords or tokens.

use crate::platform::db::{int, value_rows, Db, Tx};
use domain::records::AuditRow;
use domain::{Page, PageRequest, PersonId};

/// One line of the audit log, for [`record_many`].
#[derive(Clone, Debug)]
pub struct AuditLine {
    pub actor: Option<PersonId>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<i64>,
    pub detail: String,
}

/// Records one action inside the transaction that performs it.
#[tracing::instrument(skip_all)]
pub async fn record(
    tx: &mut Tx,
    now_ms: i64,
    actor: Option<PersonId>,
    action: &str,
    subject_type: &str,
    subject_id: Option<i64>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let line = AuditLine {
        actor,
        action: action.to_owned(),
        subject_type: subject_type.to_owned(),
        subject_id,
        detail: detail.to_owned(),
    };
    record_many(tx, now_ms, &[line]).await
}

/// Records several actions inside the transaction that performs them, in one statement.
#[tracing::instrument(skip_all)]
pub async fn record_many(tx: &mut Tx, now_ms: i64, lines: &[AuditLine]) -> Result<(), sqlx::Error> {
    if lines.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO audit_log (at, actor_person_id, action, subject_type, subject_id, detail) VALUES {}",
        value_rows(1, lines.len(), 6)
    );
    let mut insert = sqlx::query(&sql);
    for l in lines {
        insert = insert
            .bind(now_ms)
            .bind(l.actor.map(|p| p.0))
            .bind(&l.action)
            .bind(&l.subject_type)
            .bind(l.subject_id)
            .bind(&l.detail);
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// The newest entries first.
#[tracing::instrument(skip_all)]
pub async fn list(db: &Db, page: PageRequest) -> Result<Page<AuditRow>, sqlx::Error> {
    let total = int(&sqlx::query("SELECT COUNT(*) AS n FROM audit_log").fetch_one(&db.pool).await?, "n")?;
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.id, a.at AS at_ms, p.email AS actor, a.action, a.subject_type, a.subject_id, a.detail
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_person_id
         ORDER BY a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}
