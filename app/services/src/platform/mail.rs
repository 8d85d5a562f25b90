//! The mail outbox. A mail is written in the same transaction as the change that causes it,
//! so it exists exactly when the change does; a worker delivers each one once. Without SMTP
//! the mail stays here and the operator reads it at `/admin/mail`.

use crate::platform::db::{int, opt_int, opt_text, text, value_rows, Db, Tx};
use crate::platform::state::{Settings, SmtpSettings};
use domain::records::MailRow;
use domain::{Page, PageRequest};

/// A file sent along with a mail (an invoice as PDF and as e-invoice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Puts a mail in the outbox inside `tx`.
#[tracing::instrument(skip_all)]
pub async fn enqueue(tx: &mut Tx, now_ms: i64, recipient: &str, subject: &str, body: &str) -> Result<(), sqlx::Error> {
    enqueue_with(tx, now_ms, recipient, subject, body, &[]).await
}

/// Puts mails without attachments in the outbox inside `tx`, in one statement: (recipient,
/// subject, body) each.
#[tracing::instrument(skip_all)]
pub async fn enqueue_many(tx: &mut Tx, now_ms: i64, mails: &[(String, String, String)]) -> Result<(), sqlx::Error> {
    if mails.is_empty() {
        return Ok(());
    }
    let sql = format!("INSERT INTO outbox_mail (recipient, subject, body, created_at) VALUES {}", value_rows(1, mails.len(), 4));
    let mut insert = sqlx::query(&sql);
    for (recipient, subject, body) in mails {
        insert = insert.bind(recipient).bind(subject).bind(body).bind(now_ms);
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// Puts a mail with attachments in the outbox inside `tx`.
#[tracing::instrument(skip_all)]
pub async fn enqueue_with(
    tx: &mut Tx,
    now_ms: i64,
    recipient: &str,
    subject: &str,
    body: &str,
    attachments: &[Attachment],
) -> Result<(), sqlx::Error> {
    use base64::Engine;
    let r = sqlx::query("INSERT INTO outbox_mail (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(now_ms)
        .fetch_one(&mut **tx)
        .await?;
    let id = int(&r, "id")?;
    for a in attachments {
        sqlx::query("INSERT INTO outbox_attachments (mail_id, filename, content_type, content_base64) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(&a.filename)
            .bind(&a.content_type)
            .bind(base64::engine::general_purpose::STANDARD.encode(&a.bytes))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The attachments of a mail, in the order they were added.
#[tracing::instrument(skip_all)]
pub async fn attachments(db: &Db, mail_id: i64) -> Result<Vec<Attachment>, sqlx::Error> {
    use base64::Engine;
    let rows =
        sqlx::query("SELECT filename, content_type, content_base64 FROM outbox_attachments WHERE mail_id = $1 ORDER BY id")
            .bind(mail_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(Attachment {
                filename: text(r, "filename")?,
                content_type: text(r, "content_type")?,
                bytes: base64::engine::general_purpose::STANDARD
                    .decode(text(r, "content_base64")?)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            })
        })
        .collect()
}

/// The newest mails first, optionally only those to one address.
#[tracing::instrument(skip_all)]
pub async fn list(db: &Db, page: PageRequest, recipient: Option<&str>) -> Result<Page<MailRow>, sqlx::Error> {
    let filter = recipient.map(|r| r.trim().to_lowercase()).unwrap_or_default();
    let total = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM outbox_mail WHERE ($1 = '' OR recipient = $1)")
            .bind(&filter)
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    let rows: Vec<MailRow> = sqlx::query_as(
        "SELECT id, recipient, subject, body, created_at AS created_at_ms, sent_at AS sent_at_ms, last_error FROM outbox_mail
         WHERE ($1 = '' OR recipient = $1) ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(&filter)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let mut rows = rows;
    if let (Some(first), Some(last)) = (rows.last().map(|m| m.id), rows.first().map(|m| m.id)) {
        let names = sqlx::query("SELECT mail_id, filename FROM outbox_attachments WHERE mail_id BETWEEN $1 AND $2 ORDER BY id")
            .bind(first)
            .bind(last)
            .fetch_all(&db.pool)
            .await?;
        for n in names {
            let mail_id = int(&n, "mail_id")?;
            if let Some(m) = rows.iter_mut().find(|m| m.id == mail_id) {
                m.attachments.push(text(&n, "filename")?);
            }
        }
    }
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}

/// How long a worker may hold a claimed mail before another worker may retry it.
const CLAIM_MS: i64 = 120_000;
/// Attempts before a mail is left for the operator to look at.
const MAX_ATTEMPTS: i64 = 8;

/// Claims the oldest deliverable mail for this worker: a conditional update, so two
/// instances never claim the same mail at the same time.
#[tracing::instrument(skip_all)]
pub async fn claim_next(db: &Db, now_ms: i64) -> Result<Option<MailRow>, sqlx::Error> {
    loop {
        let candidate = sqlx::query(
            "SELECT id FROM outbox_mail WHERE sent_at IS NULL AND attempts < $1
             AND (locked_until IS NULL OR locked_until < $2) ORDER BY id LIMIT 1",
        )
        .bind(MAX_ATTEMPTS)
        .bind(now_ms)
        .fetch_optional(&db.pool)
        .await?;
        let Some(candidate) = candidate else { return Ok(None) };
        let id = int(&candidate, "id")?;
        let claimed = sqlx::query(
            "UPDATE outbox_mail SET locked_until = $1, attempts = attempts + 1
             WHERE id = $2 AND sent_at IS NULL AND (locked_until IS NULL OR locked_until < $3)
             RETURNING id, recipient, subject, body, created_at, sent_at, last_error",
        )
        .bind(now_ms + CLAIM_MS)
        .bind(id)
        .bind(now_ms)
        .fetch_optional(&db.pool)
        .await?;
        if let Some(r) = claimed {
            return Ok(Some(MailRow {
                id: int(&r, "id")?,
                recipient: text(&r, "recipient")?,
                subject: text(&r, "subject")?,
                body: text(&r, "body")?,
                created_at_ms: int(&r, "created_at")?,
                sent_at_ms: opt_int(&r, "sent_at")?,
                last_error: opt_text(&r, "last_error")?,
                attachments: Vec::new(),
            }));
        }
        // Another worker took it between our look and our claim: look again.
    }
}

/// Marks a claimed mail delivered.
#[tracing::instrument(skip_all)]
pub async fn mark_sent(db: &Db, id: i64, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox_mail SET sent_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2 AND sent_at IS NULL")
        .bind(now_ms)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Records why delivery failed; the mail is retried after its claim runs out.
#[tracing::instrument(skip_all)]
pub async fn mark_failed(db: &Db, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox_mail SET last_error = $1 WHERE id = $2")
        .bind(error.chars().take(500).collect::<String>())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Delivers every deliverable mail over SMTP; returns how many were sent. Does nothing
/// without SMTP settings: the outbox is then the mailbox.
#[tracing::instrument(skip_all)]
pub async fn deliver_pending(db: &Db, settings: &Settings, now_ms: impl Fn() -> i64) -> Result<usize, sqlx::Error> {
    let Some(smtp) = &settings.smtp else { return Ok(0) };
    let mut sent = 0;
    while let Some(mail) = claim_next(db, now_ms()).await? {
        let files = attachments(db, mail.id).await?;
        match send_smtp(smtp, &mail, files).await {
            Ok(()) => {
                mark_sent(db, mail.id, now_ms()).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(mail_id = mail.id, error = %e, "mail delivery failed");
                mark_failed(db, mail.id, &e).await?;
            }
        }
    }
    Ok(sent)
}

/// The mail as sent: plain text, or plain text with the attachments in a multipart/mixed.
pub fn message(from: &str, mail: &MailRow, files: Vec<Attachment>) -> Result<lettre::Message, String> {
    use lettre::message::header::ContentType;
    use lettre::message::{Attachment as Part, MultiPart, SinglePart};
    let builder = lettre::Message::builder()
        .from(from.parse().map_err(|e| format!("from address: {e}"))?)
        .to(mail.recipient.parse().map_err(|e| format!("recipient: {e}"))?)
        .subject(mail.subject.clone());
    if files.is_empty() {
        return builder.header(ContentType::TEXT_PLAIN).body(mail.body.clone()).map_err(|e| e.to_string());
    }
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
    for f in files {
        let kind = ContentType::parse(&f.content_type).map_err(|e| format!("content type: {e}"))?;
        parts = parts.singlepart(Part::new(f.filename).body(f.bytes, kind));
    }
    builder.multipart(parts).map_err(|e| e.to_string())
}

async fn send_smtp(smtp: &SmtpSettings, mail: &MailRow, files: Vec<Attachment>) -> Result<(), String> {
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

    let message = message(&smtp.from, mail, files)?;
    let builder = match smtp.security.as_str() {
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?,
        "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(|e| e.to_string())?,
    };
    let mut builder = builder.port(smtp.port);
    if let (Some(user), Some(pass)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    builder.build().send(message).await.map(|_| ()).map_err(|e| e.to_string())
}
