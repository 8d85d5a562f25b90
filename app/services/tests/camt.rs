//! Registering payments from a bank statement (camt.053.001.02) on SQLite and PostgreSQL:
//! full, partial, over- and unmatched payments, debits ignored, and a re-import that
//! changes nothing. The statement used is first checked against the ISO 20022 schema.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::{AppError, Email, LocationId, Money, PersonId};
use services::budget::payments::PaymentOutcome;
use services::{accounts::people, budget, budget::camt, budget::ledger, demo, testing};
use std::process::Command;

struct Entry<'a> {
    amount: &'a str,
    credit: bool,
    reference: &'a str,
    remittance: &'a str,
}

/// A statement as a Dutch bank would send it, with one entry per item.
fn statement(entries: &[Entry]) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>CK-TEST-0001</MsgId><CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>NL91ABNA0417164300-20261201</Id>
      <CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>
"#,
    );
    for e in entries {
        xml.push_str(&format!(
            r#"      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>{cd}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-01</Dt></BookgDt>
        <ValDt><Dt>2026-12-01</Dt></ValDt>
        <AcctSvcrRef>{reference}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>Stichting ROC Amstelland</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>{remittance}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
"#,
            amount = e.amount,
            cd = if e.credit { "CRDT" } else { "DBIT" },
            reference = e.reference,
            remittance = e.remittance,
        ));
    }
    xml.push_str("    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n");
    xml
}

fn assert_schema_valid(xml: &str) {
    let path = std::env::temp_dir().join(format!("ck-camt-{}-{}.xml", std::process::id(), xml.len()));
    std::fs::write(&path, xml).unwrap();
    let validator = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/validate");
    let out = Command::new(validator).args(["camt053"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// A statement's credits pay the invoices their remittance names (in full, in part, too
/// much), a credit that names no invoice waits for the operator, a debit is ignored, and the
/// same statement again changes nothing.
#[tokio::test]
async fn a_statement_pays_invoices_keeps_unmatched_credits_and_imports_once() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        let holder = people::account_by_email(&state.db, &Email::parse("budgethouder@roc-amstelland.demo").unwrap())
            .await
            .unwrap()
            .unwrap();
        let mut invoices = Vec::new();
        for (location, students) in [(LocationId(1), "100"), (LocationId(2), "200")] {
            if location != LocationId(1) {
                let mut tx = state.db.begin_write().await.unwrap();
                people::assign_role(&mut tx, 0, holder.id, domain::Role::BudgetHolder, &domain::Scope::Location(location))
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
            let order = budget::submit_order(&state, holder.id, &holder.email, location, students, "0").await.unwrap();
            assert!(budget::approve_order(&state, order.id, None, true).await.unwrap());
            invoices.push(budget::order(&state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap());
        }
        let (a, b) = (&invoices[0], &invoices[1]);
        assert_eq!((a.amount.to_string().as_str(), b.amount.to_string().as_str()), ("1050.00", "2100.00"));
        let xml = statement(&[
            Entry {
                amount: "1050.00",
                credit: true,
                reference: "REF-1",
                remittance: &format!("Factuur {} Cultuurkaart", a.number),
            },
            Entry {
                amount: "1000.00",
                credit: true,
                reference: "REF-2",
                remittance: &format!("{} eerste deel", b.number.to_lowercase()),
            },
            Entry { amount: "25.00", credit: true, reference: "REF-3", remittance: "Gift voor CJP" },
            Entry { amount: "99.99", credit: false, reference: "REF-4", remittance: "Bankkosten" },
            Entry { amount: "5.00", credit: true, reference: "REF-5", remittance: &format!("nogmaals {}", a.number) },
        ]);
        assert_schema_valid(&xml);

        let first = camt::import(&state, PersonId(1), &xml).await.unwrap();
        assert_eq!(
            (first.lines, first.matched, first.partial, first.overpaid, first.unmatched, first.duplicates),
            (4, 3, 1, 1, 1, 0)
        );
        let paid_a = budget::order(&state.db, 1, None).await.unwrap().unwrap().invoice.unwrap();
        assert!(paid_a.paid_in_full);
        assert_eq!(paid_a.paid.to_string(), "1055.00", "the overpayment is shown, not lost");
        let part_b = budget::order(&state.db, 2, None).await.unwrap().unwrap().invoice.unwrap();
        assert!(!part_b.paid_in_full);
        assert_eq!(part_b.outstanding(), Money::parse("1100.00").unwrap());
        let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
        assert_eq!(budget::payments::summary(&state.db, LocationId(1), period).await.unwrap().available.to_string(), "2100.00");
        assert_eq!(budget::payments::summary(&state.db, LocationId(2), period).await.unwrap().available, Money::ZERO);
        let unmatched = camt::unmatched(&state.db, domain::PageRequest::new(1, 10)).await.unwrap();
        assert_eq!(unmatched.total, 1);
        assert_eq!(unmatched.rows[0].amount.to_string(), "25.00");
        assert_eq!(unmatched.rows[0].counterparty, "Stichting ROC Amstelland");

        let again = camt::import(&state, PersonId(1), &xml).await.unwrap();
        assert_eq!((again.lines, again.matched, again.duplicates), (4, 0, 4), "a re-import changes nothing");
        assert_eq!(budget::order(&state.db, 1, None).await.unwrap().unwrap().invoice.unwrap().paid, paid_a.paid);
        assert!(ledger::verify(&state.db).await.unwrap().is_empty());
    }
}

/// A credit whose remittance names no invoice is linked by the operator by hand: the preview
/// says what is open and what the credit does; two operators linking it at once make one
/// payment; an unknown number is refused with the field named; a credit on a paid invoice is
/// recorded as paid too much, not released twice.
#[tokio::test]
async fn a_credit_without_an_invoice_number_is_linked_by_hand_once() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let invoice = testing::approved_invoice(&state, "100", "0").await;
        let order = 1; // the demo data's first order: the one just approved
        let xml = statement(&[
            Entry { amount: "1050.00", credit: true, reference: "REF-A", remittance: "Cultuurbudget ROC Amstelland" },
            Entry { amount: "30.00", credit: true, reference: "REF-B", remittance: "Cultuur" },
        ]);
        assert_eq!(camt::import(&state, PersonId(1), &xml).await.unwrap().unmatched, 2);
        let lines = camt::unmatched(&state.db, domain::PageRequest::new(1, 10)).await.unwrap().rows;
        let (small, full) = (lines[0].id, lines[1].id);

        for typed in ["CK-2099-000999", "factuur 12", ""] {
            let err = camt::link_preview(&state.db, full, typed).await.unwrap_err();
            assert_eq!(err.problem_for("invoice"), Some(Problem::UnknownInvoice), "{typed:?}");
        }
        assert_eq!(camt::link_preview(&state.db, 999_999, &invoice.number).await.unwrap_err(), AppError::NotFound);
        // Typed as people do: lower case, with words around it.
        let preview = camt::link_preview(&state.db, full, &format!("factuur {}", invoice.number.to_lowercase())).await.unwrap();
        assert_eq!(preview.invoice_number, invoice.number);
        assert_eq!(preview.location_name, "ROC Amstelland — Amsterdam Zuid");
        assert_eq!((preview.outstanding.to_string(), preview.difference()), ("1050.00".to_owned(), Money::ZERO));

        let (one, two) = tokio::join!(
            camt::link(&state, PersonId(1), full, &invoice.number),
            camt::link(&state, PersonId(1), full, &invoice.number)
        );
        let mut outcomes = [one, two];
        outcomes.sort_by_key(|o| o.is_err());
        assert_eq!(outcomes[0], Ok(PaymentOutcome::Released));
        assert_eq!(outcomes[1], Err(AppError::Conflict(Problem::CreditAlreadyLinked)));
        let paid = budget::order(&state.db, order, None).await.unwrap().unwrap().invoice.unwrap();
        assert!(paid.paid_in_full);
        assert_eq!(paid.paid.to_string(), "1050.00", "paid once");
        let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap().id;
        assert_eq!(budget::payments::summary(&state.db, LocationId(1), period).await.unwrap().available.to_string(), "2100.00");
        assert_eq!(
            camt::link_preview(&state.db, full, &invoice.number).await.unwrap_err(),
            AppError::Conflict(Problem::CreditAlreadyLinked)
        );

        // Thirty euros more on the paid invoice: shown as money to refund, no second release.
        let preview = camt::link_preview(&state.db, small, &invoice.number).await.unwrap();
        assert_eq!((preview.outstanding, preview.difference().to_string()), (Money::ZERO, "30.00".to_owned()));
        assert_eq!(camt::link(&state, PersonId(1), small, &invoice.number).await.unwrap(), PaymentOutcome::Overpaid);
        assert_eq!(budget::order(&state.db, order, None).await.unwrap().unwrap().invoice.unwrap().paid.to_string(), "1080.00");
        assert_eq!(budget::payments::summary(&state.db, LocationId(1), period).await.unwrap().available.to_string(), "2100.00");
        assert_eq!(camt::unmatched(&state.db, domain::PageRequest::new(1, 10)).await.unwrap().total, 0);
        assert!(ledger::verify(&state.db).await.unwrap().is_empty());
    }
}

/// Files that are no camt.053 statement (empty, not XML, another ISO 20022 message) and a
/// statement with an amount of three decimals are refused with the reason, and the database
/// is left exactly as it was: no line booked, no payment, nothing in the ledger.
#[tokio::test]
async fn a_file_that_is_not_a_statement_is_refused_and_nothing_is_booked() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        demo::load(&state.db, state.clock.now_ms()).await.unwrap();
        let before = testing::content(&state.db).await;
        for bad in ["", "not xml", "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"/>"] {
            let err = camt::import(&state, PersonId(1), bad).await.unwrap_err();
            assert_eq!(err.problem_for("file"), Some(domain::Problem::NotACamtStatement), "{bad:?}");
        }
        let three_decimals = statement(&[Entry { amount: "10.505", credit: true, reference: "X", remittance: "CK-2026-000001" }]);
        assert_eq!(
            camt::import(&state, PersonId(1), &three_decimals).await.unwrap_err().problem_for("file"),
            Some(domain::Problem::InvalidAmount)
        );
        let count: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) AS n FROM bank_statement_lines").fetch_one(&state.db.pool).await.unwrap(),
            "n",
        );
        assert_eq!(count, 0, "{:?}", state.db.backend);
        assert_eq!(testing::content(&state.db).await, before, "nothing changed ({:?})", state.db.backend);
    }
}
