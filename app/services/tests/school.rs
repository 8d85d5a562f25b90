//! School onboarding and invoicing on SQLite and PostgreSQL: the board's decision and invoice
//! details (validated, audited, required before ordering), invoices that keep the details they
//! were issued with and travel by mail as PDF and e-invoice, and credit notes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::budget::OrderStatus;
use domain::error::Problem;
use domain::school::DetailsForm;
use domain::{AppError, Email, LocationId, Money, PageRequest, PersonId};
use services::budget::school;
use services::budget::{self, payments::PaymentOutcome};
use services::{accounts::people, budget::einvoice, demo, platform::mail, testing, AppState};

const HOLDER: &str = "budgethouder@roc-amstelland.demo";
const ZUID: LocationId = LocationId(1);

async fn demo_state(db: services::Db) -> (AppState, PersonId) {
    let (state, _clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let holder = people::account_by_email(&state.db, &Email::parse(HOLDER).unwrap()).await.unwrap().unwrap().id;
    (state, holder)
}

fn form() -> DetailsForm {
    DetailsForm {
        taking_part: "yes".into(),
        contribution: "10,50".into(),
        decision_date: "2026-06-15".into(),
        invoice_addressee: "Crediteurenadministratie".into(),
        invoice_street: "Postbus 2222".into(),
        invoice_postcode: "1000ce".into(),
        invoice_city: "Amsterdam".into(),
        invoice_email: "Facturen@ROC-Amstelland.demo".into(),
        po_reference: "PO-77".into(),
    }
}

async fn mails_to(state: &AppState, to: &str) -> Vec<domain::records::MailRow> {
    mail::list(&state.db, PageRequest::new(1, 100), Some(to)).await.unwrap().rows
}

#[test]
fn every_problem_in_the_details_form_is_reported_at_once() {
    let bad = DetailsForm {
        taking_part: String::new(),
        contribution: "-1".into(),
        decision_date: "15-06-2026".into(),
        invoice_addressee: " ".into(),
        invoice_street: "Postbus 1".into(),
        invoice_postcode: "1000 SS".into(),
        invoice_city: "Amsterdam".into(),
        invoice_email: "facturen@".into(),
        po_reference: "x".repeat(51),
    };
    let err = bad.parse(ZUID).unwrap_err();
    assert_eq!(err.problem_for("taking_part"), Some(Problem::Required));
    assert_eq!(err.problem_for("contribution"), Some(Problem::InvalidAmount));
    assert_eq!(err.problem_for("decision_date"), Some(Problem::NotADate));
    assert_eq!(err.problem_for("invoice_addressee"), Some(Problem::Required));
    assert_eq!(err.problem_for("invoice_postcode"), Some(Problem::InvalidPostcode));
    assert_eq!(err.problem_for("invoice_email"), Some(Problem::InvalidEmail));
    assert_eq!(err.problem_for("po_reference"), Some(Problem::TooLong));
    let ok = form().parse(ZUID).unwrap();
    assert_eq!(ok.invoice_postcode, "1000 CE");
    assert_eq!(ok.invoice_email, "facturen@roc-amstelland.demo");
    assert_eq!(ok.contribution, Money::parse("10.50").unwrap());
}

#[tokio::test]
async fn details_changes_are_audited_field_by_field_and_an_unchanged_save_records_nothing() {
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        let mut p = form().parse(ZUID).unwrap();
        assert!(school::save_profile(&state, holder, &p).await.unwrap());
        assert!(!school::save_profile(&state, holder, &p).await.unwrap(), "the same details again change nothing");
        p.invoice_email = "crediteuren@roc-amstelland.demo".into();
        assert!(school::save_profile(&state, holder, &p).await.unwrap());
        let stored = school::profile(&state.db, ZUID).await.unwrap().unwrap();
        assert_eq!(stored.invoice_email, "crediteuren@roc-amstelland.demo");
        let audit = services::platform::audit::list(&state.db, PageRequest::new(1, 10)).await.unwrap().rows;
        let changes: Vec<_> = audit.iter().filter(|a| a.action == "school_details_changed").collect();
        assert_eq!(changes.len(), 2, "one entry per real change");
        assert_eq!(
            changes[0].detail, "invoice_email: facturen@roc-amstelland.demo → crediteuren@roc-amstelland.demo",
            "the newest entry names only the changed field"
        );
    }
}

#[tokio::test]
async fn contacts_are_validated_capped_and_only_removable_from_their_own_location() {
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        let bad = school::add_contact(&state, holder, ZUID, "treasurer", "", "x", "06-1234<script>").await.unwrap_err();
        assert_eq!(bad.problem_for("role"), Some(Problem::InvalidChoice));
        assert_eq!(bad.problem_for("name"), Some(Problem::Required));
        assert_eq!(bad.problem_for("email"), Some(Problem::InvalidEmail));
        assert_eq!(bad.problem_for("phone"), Some(Problem::InvalidPhone));
        let id = school::add_contact(&state, holder, ZUID, "ict", "Noor Bakker", "ict@roc-amstelland.demo", "+31 20 555 0199")
            .await
            .unwrap();
        assert_eq!(
            school::remove_contact(&state, holder, LocationId(3), id).await.unwrap_err(),
            AppError::NotFound,
            "another location's contact is not there"
        );
        school::remove_contact(&state, holder, ZUID, id).await.unwrap();
        assert!(school::contacts(&state.db, ZUID).await.unwrap().iter().all(|c| c.id != id));
        // The demo location already has 3 contacts; the 21st is refused.
        for i in 3..20 {
            school::add_contact(&state, holder, ZUID, "culture", &format!("Docent {i}"), "cultuur@roc-amstelland.demo", "")
                .await
                .unwrap();
        }
        let full = school::add_contact(&state, holder, ZUID, "culture", "Eén te veel", "x@roc-amstelland.demo", "").await;
        assert_eq!(full.unwrap_err(), AppError::Conflict(Problem::TooManyContacts));
    }
}

#[tokio::test]
async fn a_school_that_has_not_recorded_taking_part_cannot_order() {
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        let mut p = form().parse(ZUID).unwrap();
        p.taking_part = false;
        school::save_profile(&state, holder, &p).await.unwrap();
        let refused = budget::submit_order(&state, holder, HOLDER, ZUID, "10", "0").await.unwrap_err();
        assert_eq!(refused, AppError::Conflict(Problem::SchoolDetailsMissing));
        p.taking_part = true;
        school::save_profile(&state, holder, &p).await.unwrap();
        budget::submit_order(&state, holder, HOLDER, ZUID, "10", "0").await.unwrap();
    }
}

#[tokio::test]
async fn the_invoice_goes_to_the_invoice_address_with_pdf_and_ubl_and_keeps_the_details_it_was_issued_with() {
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        let order = budget::submit_order(&state, holder, HOLDER, ZUID, "300", "200").await.unwrap();
        assert!(budget::approve_order(&state, order.id, None, true).await.unwrap());
        let invoice = budget::order(&state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap();

        let to_finance = mails_to(&state, "facturen@roc-amstelland.demo").await;
        assert_eq!(to_finance.len(), 1);
        assert_eq!(to_finance[0].attachments, vec![format!("{}.pdf", invoice.number), format!("{}.xml", invoice.number)]);
        assert_eq!(mails_to(&state, HOLDER).await.iter().filter(|m| m.subject.contains(&invoice.number)).count(), 1);
        let files = mail::attachments(&state.db, to_finance[0].id).await.unwrap();
        assert!(files[0].bytes.starts_with(b"%PDF-"));
        let pdf = lopdf::Document::load_mem(&files[0].bytes).unwrap();
        let text = pdf.extract_text(&[1]).unwrap();
        assert!(text.contains(&invoice.number) && text.contains("€ 5.250,00") && text.contains("PO-2026-0147"), "{text}");
        let xml = String::from_utf8(files[1].bytes.clone()).unwrap();
        assert!(xml.contains("<cac:OrderReference><cbc:ID>PO-2026-0147</cbc:ID></cac:OrderReference>"));
        assert!(xml.contains("<cbc:StreetName>Postbus 2222</cbc:StreetName>"));

        // The school moves its accounts department: the issued invoice does not change.
        let mut p = school::profile(&state.db, ZUID).await.unwrap().unwrap();
        p.invoice_street = "Nieuwe Weg 1".into();
        p.po_reference = String::new();
        school::save_profile(&state, holder, &p).await.unwrap();
        let doc = einvoice::document(&state.db, invoice.id).await.unwrap().unwrap();
        assert_eq!(doc.buyer_street, "Postbus 2222");
        assert_eq!(doc.po_reference, "PO-2026-0147");
        assert_eq!(einvoice::ubl(&doc, &state.settings.seller), xml, "the e-invoice is the same document as mailed");

        // The mail as SMTP would carry it: multipart with both files named.
        let sent = mail::message("noreply@cultuurkaart.demo", &to_finance[0], files).unwrap();
        let raw = String::from_utf8_lossy(&sent.formatted()).to_string();
        assert!(raw.contains("multipart/mixed"));
        assert!(raw.contains(&format!("filename=\"{}.pdf\"", invoice.number)));
        assert!(raw.contains("Content-Type: application/pdf"));
    }
}

#[tokio::test]
async fn a_credit_note_cancels_an_unpaid_invoice_once_and_later_money_is_never_released() {
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        let admin = PersonId(1);
        let order = budget::submit_order(&state, holder, HOLDER, ZUID, "300", "200").await.unwrap();
        assert!(budget::approve_order(&state, order.id, None, true).await.unwrap());
        let invoice = budget::order(&state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap();

        assert_eq!(
            budget::credit_invoice(&state, admin, invoice.id, "  ").await.unwrap_err().problem_for("reason"),
            Some(Problem::Required)
        );
        let number = budget::credit_invoice(&state, admin, invoice.id, "Verkeerd aantal studenten").await.unwrap();
        assert_eq!(number, "CN-2026-000001");
        assert_eq!(
            budget::credit_invoice(&state, admin, invoice.id, "nog eens").await.unwrap_err(),
            AppError::Conflict(Problem::InvoiceAlreadyCredited)
        );
        let credited = budget::order(&state.db, order.id, None).await.unwrap().unwrap();
        assert_eq!(credited.status, OrderStatus::Credited);
        assert_eq!(credited.invoice.unwrap().credit_note.as_deref(), Some("CN-2026-000001"));
        let mails = mails_to(&state, "facturen@roc-amstelland.demo").await;
        assert_eq!(mails[0].attachments, vec!["CN-2026-000001.pdf".to_owned(), "CN-2026-000001.xml".to_owned()]);

        // A payment that still arrives is kept for a refund, never turned into budget.
        let late = budget::payments::register_payment(
            &state,
            Some(admin),
            invoice.id,
            Money::parse("5250.00").unwrap(),
            "2026-12-02",
            "x",
            "manual",
        )
        .await
        .unwrap();
        assert_eq!(late, PaymentOutcome::Overpaid);
        let period = budget::periods::open_period(&state.db, "2026-11-29").await.unwrap().unwrap();
        assert_eq!(budget::payments::summary(&state.db, ZUID, period.id).await.unwrap().available, Money::ZERO);

        // The school can order again for the same period.
        let again = budget::submit_order(&state, holder, HOLDER, ZUID, "250", "200").await.unwrap();
        assert_eq!(again.status, OrderStatus::Submitted);
        assert!(budget::approve_order(&state, again.id, None, true).await.unwrap());
        let paid = budget::order(&state.db, again.id, None).await.unwrap().unwrap().invoice.unwrap();
        budget::payments::register_payment(
            &state,
            Some(admin),
            paid.id,
            Money::parse("10.00").unwrap(),
            "2026-12-03",
            "y",
            "manual",
        )
        .await
        .unwrap();
        assert_eq!(
            budget::credit_invoice(&state, admin, paid.id, "te laat").await.unwrap_err(),
            AppError::Conflict(Problem::InvoiceHasPayments),
            "an invoice with money on it is settled first"
        );
    }
}

#[tokio::test]
async fn a_budget_holder_designates_and_withdraws_docent_plus_for_teachers_of_their_own_location_only() {
    use domain::Role;
    use services::accounts::staff;
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        let backend = state.db.backend;
        let teacher =
            people::account_by_email(&state.db, &Email::parse("docent@roc-amstelland.demo").unwrap()).await.unwrap().unwrap().id;
        let student =
            people::account_by_email(&state.db, &Email::parse("student@roc-amstelland.demo").unwrap()).await.unwrap().unwrap().id;
        let list = staff::teachers(&state, &[ZUID], PageRequest::new(1, 25)).await.unwrap();
        let row = list.rows.iter().find(|r| r.person_id == teacher).expect("the demo teacher is listed");
        assert!(!row.teacher_plus, "{backend:?}");
        assert!(list.rows.iter().all(|r| r.location_id == ZUID));

        staff::set_teacher_plus(&state, holder, &[ZUID], ZUID, teacher, true).await.unwrap();
        // Designating twice changes nothing more.
        staff::set_teacher_plus(&state, holder, &[ZUID], ZUID, teacher, true).await.unwrap();
        let user = people::current_user(&state.db, teacher).await.unwrap().unwrap();
        assert_eq!(user.locations_with(&[Role::TeacherPlus]), vec![ZUID], "{backend:?}");
        let list = staff::teachers(&state, &[ZUID], PageRequest::new(1, 25)).await.unwrap();
        assert!(list.rows.iter().any(|r| r.person_id == teacher && r.teacher_plus));
        let mails = mails_to(&state, "docent@roc-amstelland.demo").await;
        assert_eq!(mails.iter().filter(|m| m.subject.contains("Docent+")).count(), 1, "one mail for one change");

        // Only teachers, only of the holder's own locations.
        let err = staff::set_teacher_plus(&state, holder, &[ZUID], ZUID, student, true).await.unwrap_err();
        assert_eq!(err, AppError::NotFound, "a student is no teacher");
        let err = staff::set_teacher_plus(&state, holder, &[ZUID], LocationId(2), teacher, true).await.unwrap_err();
        assert_eq!(err, AppError::NotFound, "another location");
        assert!(staff::teachers(&state, &[], PageRequest::new(1, 25)).await.unwrap().rows.is_empty());

        staff::set_teacher_plus(&state, holder, &[ZUID], ZUID, teacher, false).await.unwrap();
        let user = people::current_user(&state.db, teacher).await.unwrap().unwrap();
        assert!(user.locations_with(&[Role::TeacherPlus]).is_empty());
        assert_eq!(user.locations_with(&[Role::Teacher]), vec![ZUID], "still a teacher");
        let mails = mails_to(&state, "docent@roc-amstelland.demo").await;
        assert_eq!(mails.iter().filter(|m| m.subject.contains("Docent+")).count(), 2);
    }
}

/// Taking part, the contribution and the decision date are the board's: a budget holder's
/// save that changes them is refused with the field named and nothing stored; the same save
/// with the board's decision unchanged keeps the invoice details; a location without a board
/// decision cannot be recorded by a budget holder at all.
#[tokio::test]
async fn only_the_board_decides_taking_part_and_the_contribution() {
    for db in testing::both().await {
        let (state, holder) = demo_state(db).await;
        // A location whose board has not recorded anything yet.
        sqlx::query("DELETE FROM location_profiles WHERE location_id = $1").bind(ZUID.0).execute(&state.db.pool).await.unwrap();
        let board_decision = form().parse(ZUID).unwrap();
        let err = school::save_details(&state, holder, false, &board_decision).await.unwrap_err();
        assert_eq!(err.problem_for("taking_part"), Some(Problem::BoardDecides), "no decision yet: the board first");
        assert!(school::profile(&state.db, ZUID).await.unwrap().is_none());
        assert!(school::save_details(&state, holder, true, &board_decision).await.unwrap());

        let mut raised = board_decision.clone();
        raised.contribution = Money::parse("12,00").unwrap();
        let err = school::save_details(&state, holder, false, &raised).await.unwrap_err();
        assert_eq!(err.problem_for("contribution"), Some(Problem::BoardDecides));
        let mut not_taking_part = board_decision.clone();
        not_taking_part.taking_part = false;
        assert!(school::save_details(&state, holder, false, &not_taking_part).await.is_err());
        let stored = school::profile(&state.db, ZUID).await.unwrap().unwrap();
        assert_eq!((stored.contribution, stored.taking_part), (board_decision.contribution, true), "nothing changed");

        let mut invoice = board_decision.clone();
        invoice.invoice_email = "crediteuren@roc-amstelland.demo".into();
        assert!(school::save_details(&state, holder, false, &invoice).await.unwrap());
        assert_eq!(school::profile(&state.db, ZUID).await.unwrap().unwrap().invoice_email, "crediteuren@roc-amstelland.demo");
        assert!(school::save_details(&state, holder, true, &raised).await.unwrap(), "the board may");
        // A decision is recorded once taken: a day still to come is refused with that said.
        let mut ahead = raised.clone();
        ahead.decision_date = "2026-11-30".into();
        let err = school::save_details(&state, holder, true, &ahead).await.unwrap_err();
        assert_eq!(err.problem_for("decision_date"), Some(Problem::DateInFuture));
        assert_eq!(school::profile(&state.db, ZUID).await.unwrap().unwrap().decision_date, raised.decision_date);
    }
}
