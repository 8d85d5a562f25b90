//! Bank statements (ISO 20022 camt.053.001.02, as Dutch banks deliver them): the credit lines
//! are read, matched to invoices by the invoice number in the remittance information, and
//! registered as payments. Each line is stored once (a re-import changes nothing), in the
//! same transaction as its payment, so no money is lost or counted twice; lines that match
//! no invoice stay visible to the operator.

use crate::budget::{payments::register_payment_in, payments::PaymentOutcome};
use crate::platform::audit;
use crate::platform::db::money;
use crate::platform::db::Tx;
use crate::platform::db::{int, is_unique_violation, text, Db};
use crate::platform::state::AppState;
use domain::budget::{ImportSummary, LinkPreview, UnmatchedLine};
use domain::error::Problem;
use domain::failure::internal;
use domain::{AppError, Money, Page, PageRequest, PersonId};

const NS: &str = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

/// One incoming amount from a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// Unique per line across imports: account, the bank's reference, the transaction's place.
    pub line_key: String,
    pub account_iban: String,
    pub amount: Money,
    pub booked_on: String,
    pub remittance: String,
    pub counterparty: String,
}

/// Why a file could not be read as a statement.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CamtError {
    #[error("not well-formed XML")]
    NotXml,
    #[error("not a camt.053.001.02 statement")]
    NotCamt053,
    #[error("an amount is not a valid euro amount")]
    BadAmount,
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn path<'a>(node: roxmltree::Node<'a, 'a>, names: &[&str]) -> Option<roxmltree::Node<'a, 'a>> {
    names.iter().try_fold(node, |n, name| child(n, name))
}

fn text_at(node: roxmltree::Node<'_, '_>, names: &[&str]) -> String {
    path(node, names).and_then(|n| n.text()).map(|t| t.trim().to_owned()).unwrap_or_default()
}

fn descendants_text(node: roxmltree::Node<'_, '_>, name: &str) -> Vec<String> {
    node.descendants()
        .filter(|d| d.is_element() && d.tag_name().name() == name)
        .filter_map(|d| d.text())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && t != "NOTPROVIDED")
        .collect()
}

/// Reads the booked euro credit lines of every statement in the file. Debits, reversals,
/// pending entries and other currencies are left out: they are not payments to us.
pub fn parse(xml: &str) -> Result<Vec<StatementLine>, CamtError> {
    let doc = roxmltree::Document::parse(xml).map_err(|_| CamtError::NotXml)?;
    let root = doc.root_element();
    if root.tag_name().name() != "Document" || root.tag_name().namespace() != Some(NS) {
        return Err(CamtError::NotCamt053);
    }
    let statements = child(root, "BkToCstmrStmt").ok_or(CamtError::NotCamt053)?;
    let mut lines = Vec::new();
    for stmt in statements.children().filter(|c| c.is_element() && c.tag_name().name() == "Stmt") {
        let iban = text_at(stmt, &["Acct", "Id", "IBAN"]);
        for (entry_index, entry) in stmt.children().filter(|c| c.is_element() && c.tag_name().name() == "Ntry").enumerate() {
            let credit = text_at(entry, &["CdtDbtInd"]) == "CRDT";
            let reversal = text_at(entry, &["RvslInd"]) == "true";
            let status = text_at(entry, &["Sts"]);
            let amount_node = child(entry, "Amt");
            let euro = amount_node.and_then(|a| a.attribute("Ccy")) == Some("EUR");
            if !credit || reversal || !(status.is_empty() || status == "BOOK") || !euro {
                continue;
            }
            let booked_on = {
                let d = text_at(entry, &["BookgDt", "Dt"]);
                if d.is_empty() {
                    text_at(entry, &["BookgDt", "DtTm"]).chars().take(10).collect()
                } else {
                    d
                }
            };
            let bank_ref = [text_at(entry, &["AcctSvcrRef"]), text_at(entry, &["NtryRef"])].into_iter().find(|r| !r.is_empty());
            let entry_info = text_at(entry, &["AddtlNtryInf"]);
            let details: Vec<_> = entry.descendants().filter(|d| d.is_element() && d.tag_name().name() == "TxDtls").collect();
            let parts: Vec<(Option<roxmltree::Node>, Option<roxmltree::Node>)> = if details.len() > 1 {
                details.iter().map(|d| (Some(*d), path(*d, &["AmtDtls", "TxAmt", "Amt"]).or_else(|| child(*d, "Amt")))).collect()
            } else {
                vec![(details.first().copied(), amount_node)]
            };
            for (tx_index, (tx, amount)) in parts.into_iter().enumerate() {
                let amount = amount.and_then(|a| a.text()).ok_or(CamtError::BadAmount)?;
                let amount = Money::parse_plain(amount.trim()).map_err(|_| CamtError::BadAmount)?;
                let mut remittance: Vec<String> = Vec::new();
                let mut counterparty = String::new();
                if let Some(tx) = tx {
                    remittance.extend(descendants_text(tx, "Ustrd"));
                    remittance.extend(descendants_text(tx, "Ref").into_iter().filter(|r| r.contains("CK-")));
                    remittance.extend(descendants_text(tx, "EndToEndId"));
                    remittance.extend(descendants_text(tx, "AddtlTxInf"));
                    counterparty = text_at(tx, &["RltdPties", "Dbtr", "Nm"]);
                }
                if !entry_info.is_empty() {
                    remittance.push(entry_info.clone());
                }
                let reference = bank_ref.clone().unwrap_or_else(|| format!("{booked_on}/{amount}/{entry_index}"));
                lines.push(StatementLine {
                    line_key: format!("{iban}:{reference}:{tx_index}"),
                    account_iban: iban.clone(),
                    amount,
                    booked_on: booked_on.clone(),
                    remittance: remittance.join(" ").chars().take(500).collect(),
                    counterparty: counterparty.chars().take(140).collect(),
                });
            }
        }
    }
    Ok(lines)
}

/// The first invoice number (`CK-YYYY-NNNNNN`) in a remittance text.
pub fn invoice_number_in(text: &str) -> Option<String> {
    let upper = text.to_uppercase();
    let bytes = upper.as_bytes();
    (0..bytes.len().saturating_sub(13)).find_map(|i| {
        let candidate = upper.get(i..i + 14)?;
        let b = candidate.as_bytes();
        let ok = candidate.starts_with("CK-")
            && b[3..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..14].iter().all(u8::is_ascii_digit)
            && bytes.get(i + 14).is_none_or(|c| !c.is_ascii_digit());
        ok.then(|| candidate.to_owned())
    })
}

/// Imports a statement: every line in its own transaction together with its payment.
#[tracing::instrument(skip_all)]
pub async fn import(state: &AppState, actor: PersonId, xml: &str) -> Result<ImportSummary, AppError> {
    let lines = parse(xml).map_err(|e| match e {
        CamtError::NotXml | CamtError::NotCamt053 => AppError::field("file", domain::Problem::NotACamtStatement),
        CamtError::BadAmount => AppError::field("file", domain::Problem::InvalidAmount),
    })?;
    let mut summary = ImportSummary { lines: i64::try_from(lines.len()).unwrap_or(i64::MAX), ..ImportSummary::default() };
    let now = state.clock.now_ms();
    for line in lines {
        let mut tx = state.db.begin_write().await?;
        let invoice = match invoice_number_in(&line.remittance) {
            Some(number) => sqlx::query("SELECT id FROM invoices WHERE number = $1")
                .bind(number)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| int(&r, "id"))
                .transpose()?,
            None => None,
        };
        let inserted = sqlx::query(
            "INSERT INTO bank_statement_lines (line_key, account_iban, amount_cents, booked_on, remittance, counterparty, invoice_id,
                status, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&line.line_key)
        .bind(&line.account_iban)
        .bind(line.amount.cents())
        .bind(&line.booked_on)
        .bind(&line.remittance)
        .bind(&line.counterparty)
        .bind(invoice)
        .bind(if invoice.is_some() { "matched" } else { "unmatched" })
        .bind(now)
        .bind(actor.0)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                summary.duplicates += 1;
                continue;
            }
            Err(e) => return Err(internal(e)),
        }
        match invoice {
            Some(id) => {
                let reference = format!("camt.053 {}", line.line_key);
                match register_payment_in(&mut tx, now, Some(actor), id, line.amount, &line.booked_on, &reference, "camt053")
                    .await?
                {
                    PaymentOutcome::Partial => summary.partial += 1,
                    PaymentOutcome::Overpaid => summary.overpaid += 1,
                    PaymentOutcome::Released => {}
                }
                summary.matched += 1;
            }
            None => summary.unmatched += 1,
        }
        tx.commit().await?;
    }
    Ok(summary)
}

/// Unmatched lines, newest first.
#[tracing::instrument(skip_all)]
pub async fn unmatched(db: &Db, page: PageRequest) -> Result<Page<UnmatchedLine>, AppError> {
    let total = int(
        &sqlx::query("SELECT COUNT(*) AS n FROM bank_statement_lines WHERE status = 'unmatched'").fetch_one(&db.pool).await?,
        "n",
    )?;
    let rows = sqlx::query(
        "SELECT id, booked_on, amount_cents, remittance, counterparty FROM bank_statement_lines WHERE status = 'unmatched'
         ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&db.pool)
    .await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(UnmatchedLine {
                id: int(r, "id")?,
                booked_on: text(r, "booked_on")?,
                amount: money(int(r, "amount_cents")?)?,
                remittance: text(r, "remittance")?,
                counterparty: text(r, "counterparty")?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Page { rows, page: page.page, per_page: page.per_page, total })
}

/// The unmatched line `line_id` and the invoice the operator typed (`CK-2026-000123`, found
/// anywhere in the text, in any case), as linking would use them.
async fn link_parts(tx: &mut Tx, line_id: i64, typed: &str) -> Result<(LinkPreview, i64, String), AppError> {
    let line = sqlx::query(
        "SELECT id, booked_on, amount_cents, remittance, counterparty, line_key, status FROM bank_statement_lines WHERE id = $1",
    )
    .bind(line_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if text(&line, "status")? != "unmatched" {
        return Err(AppError::Conflict(Problem::CreditAlreadyLinked));
    }
    let number = invoice_number_in(typed).ok_or_else(|| AppError::field("invoice", Problem::UnknownInvoice))?;
    let invoice = sqlx::query(
        "SELECT i.id, i.amount_cents, i.status, l.name AS location_name,
                (SELECT COUNT(*) FROM credit_notes c WHERE c.invoice_id = i.id) AS credited,
                COALESCE((SELECT CAST(SUM(p.amount_cents) AS BIGINT) FROM payments p WHERE p.invoice_id = i.id), 0) AS paid
         FROM invoices i JOIN locations l ON l.id = i.location_id WHERE i.number = $1",
    )
    .bind(&number)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::field("invoice", Problem::UnknownInvoice))?;
    let amount = int(&invoice, "amount_cents")?;
    let settled = int(&invoice, "credited")? > 0 || text(&invoice, "status")? != "open";
    let outstanding = if settled { 0 } else { (amount - int(&invoice, "paid")?).max(0) };
    let preview = LinkPreview {
        line: UnmatchedLine {
            id: int(&line, "id")?,
            booked_on: text(&line, "booked_on")?,
            amount: money(int(&line, "amount_cents")?)?,
            remittance: text(&line, "remittance")?,
            counterparty: text(&line, "counterparty")?,
        },
        invoice_number: number,
        location_name: text(&invoice, "location_name")?,
        invoice_amount: money(amount)?,
        outstanding: money(outstanding)?,
    };
    Ok((preview, int(&invoice, "id")?, text(&line, "line_key")?))
}

/// What linking the unmatched credit `line_id` to the typed invoice number would do.
#[tracing::instrument(skip_all)]
pub async fn link_preview(db: &Db, line_id: i64, typed: &str) -> Result<LinkPreview, AppError> {
    let mut tx = db.pool.begin().await?;
    let (preview, _, _) = link_parts(&mut tx, line_id, typed).await?;
    tx.rollback().await?;
    Ok(preview)
}

/// Links an unmatched credit to an invoice by hand (a school that paid without the invoice
/// number): the line becomes matched and its amount a payment on the invoice, in one
/// transaction, exactly as if the statement had named it. Only one of two operators linking
/// the same line at once succeeds; the other is told it is already linked.
#[tracing::instrument(skip_all)]
pub async fn link(state: &AppState, actor: PersonId, line_id: i64, typed: &str) -> Result<PaymentOutcome, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let (preview, invoice_id, line_key) = link_parts(&mut tx, line_id, typed).await?;
    let linked =
        sqlx::query("UPDATE bank_statement_lines SET status = 'matched', invoice_id = $1 WHERE id = $2 AND status = 'unmatched'")
            .bind(invoice_id)
            .bind(line_id)
            .execute(&mut *tx)
            .await?;
    if linked.rows_affected() != 1 {
        return Err(AppError::Conflict(Problem::CreditAlreadyLinked));
    }
    let reference = format!("camt.053 {line_key}");
    let outcome = register_payment_in(
        &mut tx,
        now,
        Some(actor),
        invoice_id,
        preview.line.amount,
        &preview.line.booked_on,
        &reference,
        "camt053",
    )
    .await?;
    audit::record(&mut tx, now, Some(actor), "bank_line_linked", "bank_statement_line", Some(line_id), &preview.invoice_number)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_numbers_are_found_in_free_text() {
        assert_eq!(invoice_number_in("Factuur ck-2026-000012 ROC"), Some("CK-2026-000012".to_owned()));
        assert_eq!(invoice_number_in("CK-2026-0000123"), None, "one digit too many");
        assert_eq!(invoice_number_in("CK-26-000012"), None);
        assert_eq!(invoice_number_in(""), None);
    }

    #[test]
    fn the_official_examples_parse_and_only_booked_euro_credits_count() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/iso20022/examples");
        let multi = std::fs::read_to_string(dir.join("camt.053.001.02-genkgo-multi-statement.xml")).unwrap();
        let lines = parse(&multi).unwrap();
        assert!(!lines.is_empty());
        assert!(lines.iter().all(|l| l.amount.cents() > 0));
        let nvb = std::fs::read_to_string(dir.join("camt.053.001.02-nvb-ig-annexH.xml")).unwrap();
        // The NVB example is in Swedish kronor: nothing in it is a euro payment to us.
        assert!(parse(&nvb).unwrap().is_empty());
        assert_eq!(parse("<a>"), Err(CamtError::NotXml));
        assert_eq!(parse("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"/>"), Err(CamtError::NotCamt053));
    }
}
