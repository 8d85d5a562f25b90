//! Payouts to providers. The operator builds a batch from every weborder that has waited out
//! its cooling-off period and whose provider is approved with a vetted bank account; the batch
//! claims those weborders in one conditional update (so no weborder can enter two batches) and
//! is stored with its SEPA credit transfer file (pain.001.001.03), one transfer per provider.
//! Marking the batch paid moves the money from what the platform owes each provider to paid out,
//! in the ledger, and tells the providers.

use crate::budget::credit::{payment_from_row, PAYMENT_SELECT, REFUND_MS};
use crate::budget::ledger::{self, AccountKind};
use crate::budget::{local_year, next_number, Series};
use crate::files::csv;
use crate::files::pdf::{self, PdfDocument, PdfLine};
use crate::market::pain001;
use crate::market::weborders::{provider_emails, weborder_from_row, WEBORDER_SELECT};
use crate::platform::audit;
use crate::platform::db::money;
use crate::platform::db::{int, text, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::error::Problem;
use domain::failure::internal;
use domain::time::{add_days, is_valid_date, local_date};
use domain::weborder::{PayoutBatchRow, PayoutStatement, PayoutStatus};
use domain::{AppError, Money, Page, PageRequest, PersonId, ProviderId};

/// What the next batch would pay one provider.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PayableProvider {
    pub provider_id: ProviderId,
    pub name: String,
    pub weborders: i64,
    pub counter_payments: i64,
    pub total: Money,
}

const ELIGIBLE: &str = "w.status = 'approved' AND w.payout_batch_id IS NULL AND w.cooling_until <= $1
    AND w.provider_id IN (SELECT id FROM providers WHERE status = 'approved' AND iban IS NOT NULL)";

/// Counter payments made before the cutoff in placeholder `$n` (their 14 days for refunds
/// are over), of providers that can be paid.
fn counter_eligible(n: usize) -> String {
    format!(
        "c.status = 'paid' AND c.payout_batch_id IS NULL AND c.created_at <= ${n}
         AND c.provider_id IN (SELECT id FROM providers WHERE status = 'approved' AND iban IS NOT NULL)"
    )
}

/// The providers the next batch would pay, with what is ready for each.
#[tracing::instrument(skip_all)]
pub async fn payable(state: &AppState) -> Result<Vec<PayableProvider>, AppError> {
    let sql = format!(
        "SELECT x.provider_id, pr.name, CAST(SUM(x.w) AS BIGINT) AS n, CAST(SUM(x.c) AS BIGINT) AS counter,
            CAST(SUM(x.amount) AS BIGINT) AS total
         FROM (SELECT w.provider_id, 1 AS w, 0 AS c, w.amount_cents AS amount FROM weborders w WHERE {ELIGIBLE}
               UNION ALL
               SELECT c.provider_id, 0, 1, c.amount_cents FROM counter_payments c WHERE {}) x
         JOIN providers pr ON pr.id = x.provider_id GROUP BY x.provider_id, pr.name ORDER BY pr.name",
        counter_eligible(2)
    );
    let now = state.clock.now_ms();
    let rows = sqlx::query(&sql).bind(now).bind(now - REFUND_MS).fetch_all(&state.db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(PayableProvider {
                provider_id: ProviderId(int(r, "provider_id")?),
                name: text(r, "name")?,
                weborders: int(r, "n")?,
                counter_payments: int(r, "counter")?,
                total: money(int(r, "total")?)?,
            })
        })
        .collect()
}

/// Builds a batch of everything payable now, to be executed on `execution_date` (at least
/// today). Refuses an empty batch. Returns the batch id.
#[tracing::instrument(skip_all)]
pub async fn create_batch(state: &AppState, actor: PersonId, execution_date: &str) -> Result<i64, AppError> {
    let now = state.clock.now_ms();
    let today = local_date(now);
    let execution_date = execution_date.trim();
    let execution_date =
        if execution_date.is_empty() { add_days(&today, 1).unwrap_or(today.clone()) } else { execution_date.to_owned() };
    if !is_valid_date(&execution_date) {
        return Err(AppError::field("execution_date", Problem::NotADate));
    }
    if execution_date < today {
        return Err(AppError::field("execution_date", Problem::DateInPast));
    }
    let mut tx = state.db.begin_write().await?;
    let number = next_number(&mut tx, Series::Payout, local_year(now)?).await?;
    let batch = int(
        &sqlx::query(
            "INSERT INTO payout_batches (number, status, execution_date, total_cents, transfers, document, created_by, created_at)
             VALUES ($1, 'created', $2, 0, 0, '', $3, $4) RETURNING id",
        )
        .bind(&number)
        .bind(&execution_date)
        .bind(actor.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    // One statement claims every eligible weborder; a concurrent batch finds them taken.
    let claim = format!("UPDATE weborders SET status = 'in_payout', payout_batch_id = $2, updated_at = $1 WHERE id IN (SELECT w.id FROM weborders w WHERE {ELIGIBLE}) AND status = 'approved' AND payout_batch_id IS NULL");
    let claimed = sqlx::query(&claim).bind(now).bind(batch).execute(&mut *tx).await?;
    // Counter payments join once their 14 days for refunds are over.
    let claim_counter = format!(
        "UPDATE counter_payments SET status = 'in_payout', payout_batch_id = $2 WHERE id IN (SELECT c.id FROM counter_payments c
         WHERE {}) AND status = 'paid' AND payout_batch_id IS NULL",
        counter_eligible(1)
    );
    let counter = sqlx::query(&claim_counter).bind(now - REFUND_MS).bind(batch).execute(&mut *tx).await?;
    if claimed.rows_affected() == 0 && counter.rows_affected() == 0 {
        // Nothing to pay: the number goes back with the rollback, so the series keeps no gap.
        return Err(AppError::Conflict(Problem::NothingToPay));
    }
    sqlx::query(
        "INSERT INTO weborder_events (weborder_id, from_status, to_status, reason, actor, created_at)
         SELECT id, 'approved', 'in_payout', $1, $2, $3 FROM weborders WHERE payout_batch_id = $4",
    )
    .bind(&number)
    .bind(actor.0)
    .bind(now)
    .bind(batch)
    .execute(&mut *tx)
    .await?;
    let per_provider = sqlx::query(
        "SELECT x.provider_id, pr.name, pr.iban, CAST(SUM(x.amount) AS BIGINT) AS total, CAST(SUM(x.w) AS BIGINT) AS n,
            CAST(SUM(x.c) AS BIGINT) AS counter
         FROM (SELECT provider_id, amount_cents AS amount, 1 AS w, 0 AS c FROM weborders WHERE payout_batch_id = $1
               UNION ALL
               SELECT provider_id, amount_cents, 0, 1 FROM counter_payments WHERE payout_batch_id = $1) x
         JOIN providers pr ON pr.id = x.provider_id GROUP BY x.provider_id, pr.name, pr.iban ORDER BY x.provider_id",
    )
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    let mut transfers = Vec::new();
    for r in &per_provider {
        let provider = int(r, "provider_id")?;
        let amount = int(r, "total")?;
        let iban = text(r, "iban")?;
        let end_to_end_id = format!("{number}-{provider}");
        sqlx::query(
            "INSERT INTO payout_transfers (batch_id, provider_id, amount_cents, iban, end_to_end_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(batch)
        .bind(provider)
        .bind(amount)
        .bind(&iban)
        .bind(&end_to_end_id)
        .execute(&mut *tx)
        .await?;
        transfers.push(pain001::Transfer {
            end_to_end_id,
            amount_cents: amount,
            creditor_name: text(r, "name")?,
            creditor_iban: iban,
            creditor_bic: None,
            remittance: format!(
                "MBO Cultuurkaart uitbetaling {number}, {} weborder(s), {} pasbetaling(en)",
                int(r, "n")?,
                int(r, "counter")?
            ),
        });
    }
    let total =
        transfers.iter().try_fold(0i64, |acc, t| acc.checked_add(t.amount_cents)).ok_or_else(|| internal("payout total"))?;
    let seller = &state.settings.seller;
    let document = pain001::document(&pain001::Batch {
        message_id: number.clone(),
        created_at: format_iso(now),
        execution_date: execution_date.clone(),
        initiating_party: seller.name.clone(),
        debtor: pain001::Debtor { name: seller.name.clone(), iban: seller.iban.clone(), bic: None },
        payment_info_id: number.clone(),
        transfers,
    })
    .map_err(|e| internal(format!("pain.001: {e:?}")))?;
    sqlx::query("UPDATE payout_batches SET total_cents = $1, transfers = $2, document = $3 WHERE id = $4")
        .bind(total)
        .bind(i64::try_from(per_provider.len()).map_err(internal)?)
        .bind(&document)
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Some(actor),
        "payout_batch_created",
        "payout_batch",
        Some(batch),
        &format!("{number}: {}", money(total)?),
    )
    .await?;
    tx.commit().await?;
    Ok(batch)
}

/// `2026-11-29T12:00:00` in UTC, as the pain.001 creation time.
fn format_iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let date = add_days("1970-01-01", days).unwrap_or_else(|| "1970-01-01".to_owned());
    format!("{date}T{:02}:{:02}:{:02}", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Marks a created batch as handed to the bank.
#[tracing::instrument(skip_all)]
pub async fn mark_sent(state: &AppState, actor: PersonId, batch: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query("UPDATE payout_batches SET status = 'sent', sent_at = $1 WHERE id = $2 AND status = 'created'")
        .bind(now)
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(batch_problem(&mut tx, batch).await);
    }
    audit::record(&mut tx, now, Some(actor), "payout_batch_sent", "payout_batch", Some(batch), "").await?;
    tx.commit().await?;
    Ok(())
}

async fn batch_problem(tx: &mut Tx, batch: i64) -> AppError {
    match sqlx::query("SELECT id FROM payout_batches WHERE id = $1").bind(batch).fetch_optional(&mut **tx).await {
        Ok(Some(_)) => AppError::Conflict(Problem::BatchNotInState),
        Ok(None) => AppError::NotFound,
        Err(e) => internal(e),
    }
}

/// Marks a sent batch as paid: its weborders become paid, the ledger moves each provider's
/// transfer from owed to paid out, and the providers get a mail with their statement.
#[tracing::instrument(skip_all)]
pub async fn mark_paid(state: &AppState, actor: PersonId, batch: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let changed = sqlx::query("UPDATE payout_batches SET status = 'paid', paid_at = $1 WHERE id = $2 AND status = 'sent'")
        .bind(now)
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(batch_problem(&mut tx, batch).await);
    }
    let number =
        text(&sqlx::query("SELECT number FROM payout_batches WHERE id = $1").bind(batch).fetch_one(&mut *tx).await?, "number")?;
    sqlx::query(
        "INSERT INTO weborder_events (weborder_id, from_status, to_status, reason, actor, created_at)
         SELECT id, 'in_payout', 'paid', $1, $2, $3 FROM weborders WHERE payout_batch_id = $4 AND status = 'in_payout'",
    )
    .bind(&number)
    .bind(actor.0)
    .bind(now)
    .bind(batch)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE weborders SET status = 'paid', updated_at = $1 WHERE payout_batch_id = $2 AND status = 'in_payout'")
        .bind(now)
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE counter_payments SET status = 'paid_out' WHERE payout_batch_id = $1 AND status = 'in_payout'")
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    let transfers =
        sqlx::query("SELECT provider_id, amount_cents FROM payout_transfers WHERE batch_id = $1 ORDER BY provider_id")
            .bind(batch)
            .fetch_all(&mut *tx)
            .await?;
    let paid_out = ledger::account(&mut tx, AccountKind::PaidOut, None, None).await?;
    for r in &transfers {
        let provider = ProviderId(int(r, "provider_id")?);
        let amount = int(r, "amount_cents")?;
        let payable = ledger::provider_account(&mut tx, provider).await?;
        ledger::post(
            &mut tx,
            now,
            Some(actor),
            "payout",
            &number,
            Some(&format!("payout:{batch}:{}", provider.0)),
            &[(payable, -amount), (paid_out, amount)],
        )
        .await
        .map_err(internal)?;
        let body = format!(
            "Uitbetaling {number} van {amount} is verwerkt. Het overzicht per weborder staat op {base}/provider/payouts\n\n---\n\nPayout {number} of {amount} has been made. The statement per weborder is at {base}/provider/payouts\n",
            amount = money(amount)?.display_nl(),
            base = state.settings.public_base_url
        );
        for address in provider_emails(&mut tx, provider).await? {
            mail::enqueue(&mut tx, now, &address, &format!("Uitbetaling / Payout {number} — MBO Cultuurkaart"), &body).await?;
        }
    }
    audit::record(&mut tx, now, Some(actor), "payout_batch_paid", "payout_batch", Some(batch), &number).await?;
    tx.commit().await?;
    Ok(())
}

const BATCH_SELECT: &str = "SELECT b.id, b.number, b.status, b.execution_date, b.total_cents, b.transfers, b.created_at,
    (SELECT COUNT(*) FROM weborders w WHERE w.payout_batch_id = b.id) AS weborders FROM payout_batches b";

fn batch_from_row(r: &sqlx::any::AnyRow) -> Result<PayoutBatchRow, AppError> {
    Ok(PayoutBatchRow {
        id: int(r, "id")?,
        number: text(r, "number")?,
        status: PayoutStatus::from_code(&text(r, "status")?).ok_or_else(|| internal("payout status"))?,
        execution_date: text(r, "execution_date")?,
        total: money(int(r, "total_cents")?)?,
        transfers: int(r, "transfers")?,
        weborders: int(r, "weborders")?,
        created_at_ms: int(r, "created_at")?,
    })
}

/// Every batch, newest first (the operator).
#[tracing::instrument(skip_all)]
pub async fn batches(state: &AppState, page: PageRequest) -> Result<Page<PayoutBatchRow>, AppError> {
    let total = int(&sqlx::query("SELECT COUNT(*) AS n FROM payout_batches").fetch_one(&state.db.pool).await?, "n")?;
    let rows = sqlx::query(&format!("{BATCH_SELECT} ORDER BY b.id DESC LIMIT $1 OFFSET $2"))
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Page { rows: rows.iter().map(batch_from_row).collect::<Result<_, _>>()?, page: page.page, per_page: page.per_page, total })
}

/// The stored SEPA file of a batch and its number (the operator).
#[tracing::instrument(skip_all)]
pub async fn document(state: &AppState, batch: i64) -> Result<(String, String), AppError> {
    let r = sqlx::query("SELECT number, document FROM payout_batches WHERE id = $1")
        .bind(batch)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((text(&r, "number")?, text(&r, "document")?))
}

/// The batches that paid (or will pay) `provider`, newest first, as their statements.
#[tracing::instrument(skip_all)]
pub async fn statements_of(state: &AppState, provider: ProviderId, page: PageRequest) -> Result<Page<PayoutBatchRow>, AppError> {
    let total = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM payout_transfers WHERE provider_id = $1")
            .bind(provider.0)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(
        "SELECT b.id, b.number, b.status, b.execution_date, t.amount_cents AS total_cents, 1 AS transfers, b.created_at,
            (SELECT COUNT(*) FROM weborders w WHERE w.payout_batch_id = b.id AND w.provider_id = $1) AS weborders
         FROM payout_transfers t JOIN payout_batches b ON b.id = t.batch_id WHERE t.provider_id = $1 ORDER BY b.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(provider.0)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db.pool)
    .await
    ?;
    Ok(Page { rows: rows.iter().map(batch_from_row).collect::<Result<_, _>>()?, page: page.page, per_page: page.per_page, total })
}

/// One provider's statement for one batch: the transfer and each weborder in it.
#[tracing::instrument(skip_all)]
pub async fn statement(state: &AppState, provider: ProviderId, batch: i64) -> Result<PayoutStatement, AppError> {
    let r = sqlx::query(
        "SELECT b.number, b.status, b.execution_date, t.amount_cents, t.iban, pr.name FROM payout_transfers t
         JOIN payout_batches b ON b.id = t.batch_id JOIN providers pr ON pr.id = t.provider_id
         WHERE t.batch_id = $1 AND t.provider_id = $2",
    )
    .bind(batch)
    .bind(provider.0)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let lines = sqlx::query(&format!(
        "{WEBORDER_SELECT} WHERE w.payout_batch_id = $1 AND w.provider_id = $2 ORDER BY w.activity_date, w.id"
    ))
    .bind(batch)
    .bind(provider.0)
    .fetch_all(&state.db.pool)
    .await?;
    let counter = sqlx::query(&format!("{PAYMENT_SELECT} WHERE c.payout_batch_id = $1 AND c.provider_id = $2 ORDER BY c.id"))
        .bind(batch)
        .bind(provider.0)
        .fetch_all(&state.db.pool)
        .await?;
    let now = state.clock.now_ms();
    let counter_payments = counter.iter().map(|c| payment_from_row(c, now)).collect::<Result<_, sqlx::Error>>()?;
    Ok(PayoutStatement {
        counter_payments,
        batch_id: batch,
        batch_number: text(&r, "number")?,
        batch_status: PayoutStatus::from_code(&text(&r, "status")?).ok_or_else(|| internal("payout status"))?,
        execution_date: text(&r, "execution_date")?,
        provider_name: text(&r, "name")?,
        iban: text(&r, "iban")?,
        total: money(int(&r, "amount_cents")?)?,
        lines: lines.iter().map(weborder_from_row).collect::<Result<_, _>>()?,
    })
}

/// The statement as a CSV file (Dutch spreadsheet conventions, formulas neutralised).
pub fn statement_csv(s: &PayoutStatement) -> String {
    csv::file(
        &["uitbetaling", "weborder", "datum activiteit", "vestiging", "cjp-schoolnummer", "aanbod", "leerlingen", "bedrag"],
        s.lines
            .iter()
            .map(|w| {
                vec![
                    csv::cell(&s.batch_number),
                    csv::cell(&format!("W{}", w.id)),
                    csv::cell(&w.activity_date),
                    csv::cell(&w.location_name),
                    csv::cell(&w.cjp_school_number),
                    csv::cell(&w.offer_title),
                    w.students.to_string(),
                    w.amount.to_string().replace('.', ","),
                ]
            })
            .chain(s.counter_payments.iter().map(|c| {
                vec![
                    csv::cell(&s.batch_number),
                    csv::cell(&format!("K{}", c.payment_id)),
                    csv::cell(&domain::time::local_date(c.at_ms)),
                    csv::cell("pasbetaling"),
                    String::new(),
                    csv::cell(&c.description),
                    "1".to_owned(),
                    c.amount.to_string().replace('.', ","),
                ]
            })),
    )
}

/// The statement as a PDF.
pub fn statement_pdf(s: &PayoutStatement, seller: &crate::platform::state::SellerDetails) -> Vec<u8> {
    pdf::render(&PdfDocument {
        title: "Uitbetalingsoverzicht".to_owned(),
        number: s.batch_number.clone(),
        seller_lines: vec![
            seller.name.clone(),
            seller.street.clone(),
            format!("{} {}", seller.postcode, seller.city),
            seller.email.clone(),
        ],
        buyer_lines: vec![s.provider_name.clone(), format!("IBAN {}", s.iban)],
        facts: vec![
            ("Uitbetaling".to_owned(), s.batch_number.clone()),
            ("Uitvoeringsdatum".to_owned(), s.execution_date.clone()),
            ("Weborders".to_owned(), s.lines.len().to_string()),
            ("Pasbetalingen".to_owned(), s.counter_payments.len().to_string()),
        ],
        lines: s
            .lines
            .iter()
            .map(|w| PdfLine {
                description: format!(
                    "W{} {} — {} ({}), {}",
                    w.id, w.offer_title, w.location_name, w.cjp_school_number, w.activity_date
                ),
                quantity: w.students.to_string(),
                unit_price: String::new(),
                amount: w.amount.display_nl(),
            })
            .chain(s.counter_payments.iter().map(|c| PdfLine {
                description: format!("K{} pasbetaling — {}, {}", c.payment_id, c.description, domain::time::local_date(c.at_ms)),
                quantity: "1".to_owned(),
                unit_price: String::new(),
                amount: c.amount.display_nl(),
            }))
            .collect(),
        total_label: "Totaal uitbetaald".to_owned(),
        total: s.total.display_nl(),
        notes: vec![format!("Overgemaakt naar IBAN {} met kenmerk {}.", s.iban, s.batch_number)],
    })
}
