//! Invoices as Peppol BIS Billing 3.0 UBL, checked with the official validation artefacts in
//! `shared/standards` (UBL 2.1 XSD, EN 16931 and Peppol schematron, Dutch rules included).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use services::{budget, budget::einvoice, testing, SellerDetails};
use std::path::PathBuf;
use std::process::Command;

fn validator() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards/validate");
    assert!(path.exists(), "the standards validator is needed for this test: {}", path.display());
    path
}

/// An approved order's invoice as UBL passes UBL 2.1, EN 16931 and Peppol BIS 3 with the
/// Dutch rules, both VAT-exempt and outside the scope of VAT, with a buyer name that needs
/// escaping.
#[tokio::test]
async fn an_approved_order_yields_a_ubl_invoice_that_passes_peppol_bis_3_and_the_dutch_rules() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let invoice = testing::approved_invoice(&state, "300", "200").await;
        let doc = einvoice::document(&state.db, invoice.id).await.unwrap().unwrap();
        assert_eq!(doc.total.to_string(), "5250.00");
        assert_eq!(doc.students, 500);

        let dir = std::env::temp_dir().join(format!("ck-ubl-{}", invoice.number));
        std::fs::create_dir_all(&dir).unwrap();
        let exempt = dir.join("exempt.xml");
        std::fs::write(&exempt, einvoice::ubl(&doc, &SellerDetails::demo())).unwrap();
        let outside = dir.join("outside-scope.xml");
        let mut o = doc.clone();
        o.vat_category = "O".to_owned();
        o.buyer_name = "ROC <Amstelland> & \"partners\"".to_owned();
        std::fs::write(&outside, einvoice::ubl(&o, &SellerDetails::demo())).unwrap();

        let out = Command::new(validator()).args(["--json", "ubl-invoice"]).arg(&exempt).arg(&outside).output().unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        for result in report["results"].as_array().unwrap() {
            let fatal: Vec<_> = result["findings"].as_array().unwrap().iter().filter(|f| f["flag"] == "fatal").collect();
            assert!(fatal.is_empty(), "{}: {fatal:#?}", result["file"]);
        }
        assert!(out.status.success());
        assert!(std::fs::read_to_string(&exempt).unwrap().contains("<cbc:ID>CK-2026-000001</cbc:ID>"));
    }
}

/// A document whose quantity times price no longer equals its line amount fails the
/// validator with the Peppol rule for it: the validator is not a rubber stamp.
#[tokio::test]
async fn a_broken_total_is_caught_by_the_validator_so_the_check_above_means_something() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let invoice = testing::approved_invoice(&state, "10", "0").await;
        let mut doc = einvoice::document(&state.db, invoice.id).await.unwrap().unwrap();
        doc.students += 1; // quantity × price no longer equals the line amount
        let path = std::env::temp_dir().join(format!("ck-ubl-broken-{}-{:?}.xml", std::process::id(), state.db.backend));
        std::fs::write(&path, einvoice::ubl(&doc, &SellerDetails::demo())).unwrap();
        let out = Command::new(validator()).args(["ubl-invoice"]).arg(&path).output().unwrap();
        assert!(!out.status.success(), "{:?}", state.db.backend);
        assert!(String::from_utf8_lossy(&out.stdout).contains("PEPPOL-EN16931-R120"), "{:?}", state.db.backend);
    }
}

/// Crediting an invoice yields a UBL credit note that refers to the invoice by its number and
/// passes Peppol BIS 3 with the Dutch rules (with a reason that needs escaping).
#[tokio::test]
async fn a_credit_note_passes_peppol_bis_3_and_the_dutch_rules_and_refers_to_its_invoice() {
    for db in testing::both().await {
        let (state, _clock) = testing::state(db);
        let invoice = testing::approved_invoice(&state, "40", "0").await;
        budget::credit_invoice(&state, domain::PersonId(1), invoice.id, "Dubbel besteld & <fout>").await.unwrap();
        let doc = einvoice::document(&state.db, invoice.id).await.unwrap().unwrap();
        let note = doc.credit_note.clone().unwrap();
        let xml = einvoice::credit_note_ubl(&doc, &note, &SellerDetails::demo());
        assert!(xml.contains("<CreditNote "));
        assert!(xml.contains(&format!("<cac:InvoiceDocumentReference><cbc:ID>{}</cbc:ID>", invoice.number)));
        let path = std::env::temp_dir().join(format!("ck-creditnote-{}-{:?}.xml", std::process::id(), state.db.backend));
        std::fs::write(&path, &xml).unwrap();
        let out = Command::new(validator()).args(["--json", "ubl-invoice"]).arg(&path).output().unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        for result in report["results"].as_array().unwrap() {
            let fatal: Vec<_> = result["findings"].as_array().unwrap().iter().filter(|f| f["flag"] == "fatal").collect();
            assert!(fatal.is_empty(), "{:?} {}: {fatal:#?}", state.db.backend, result["file"]);
        }
        assert!(out.status.success(), "{:?}", state.db.backend);
    }
}
