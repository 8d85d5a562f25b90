//! Rosters and passes on SQLite and PostgreSQL: the field choice, templates, uploads in CSV
//! and Excel (and hostile ones), preview and one-transaction commit, updates without
//! duplicates, leavers only after confirmation, invitations that work once and expire, and a
//! Docent+ who reaches only their own classes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::roster::{InviteTarget, PassNumber, PassStatus, RosterField, RosterOutcome};
use domain::{AppError, Email, LocationId, PageRequest, PersonId};
use services::platform::db::{int, text};
use services::{accounts::auth, accounts::people, demo, passes, passes::roster, platform::mail, testing, AppState};
use std::io::Read;

const HOLDER: &str = "budgethouder@roc-amstelland.demo";
const ZUID: LocationId = LocationId(1);
const MIDDELBURG: LocationId = LocationId(3);

async fn demo_state(db: services::Db) -> (AppState, std::sync::Arc<services::platform::clock::ManualClock>, PersonId) {
    let (state, clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    let holder = people::account_by_email(&state.db, &Email::parse(HOLDER).unwrap()).await.unwrap().unwrap().id;
    (state, clock, holder)
}

/// Stages `content` for Amsterdam Zuid and confirms it; the outcome.
async fn import(state: &AppState, holder: PersonId, content: &[u8], full: bool) -> Result<RosterOutcome, AppError> {
    let id = roster::stage(state, holder, &[ZUID], ZUID, "lijst.csv", content).await?;
    roster::commit(state, holder, &[ZUID], id, full).await
}

async fn count(state: &AppState, sql: &str) -> i64 {
    int(&sqlx::query(sql).fetch_one(&state.db.pool).await.unwrap(), "n").unwrap()
}

const CLASS_2A: &str = "Voornaam;Achternaam;E-mail;Rol;Klas;Studentnummer\n\
    Sanne;de Vries;sanne@student.example;student;2a;S100\n\
    Daan;Bakker;daan@student.example;student;2A;S101\n\
    Noor;El Amrani;noor@student.example;student;2A;S102\n\
    Piet;Jansen;piet@docent.example;docent;2A, 2B;\n";

#[tokio::test]
async fn a_field_choice_is_audited_and_fields_no_longer_chosen_are_erased() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::StudentNumber, RosterField::Phone]).await.unwrap();
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::StudentNumber, RosterField::Phone]).await.unwrap();
        let choices = roster::field_choices(&state.db, &[ZUID]).await.unwrap();
        assert_eq!(choices[0].fields, vec![RosterField::StudentNumber, RosterField::Phone]);
        assert_eq!(choices[0].updated_by.as_deref(), Some("Ingrid Hoekstra"));
        import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes WHERE student_number IS NOT NULL").await, 3);
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::Phone]).await.unwrap();
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes WHERE student_number IS NOT NULL").await, 0, "erased");
        assert_eq!(
            count(&state, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'roster_fields_chosen'").await,
            2,
            "one entry per real change"
        );
        // Another location's choice is not this budget holder's to make.
        let other = roster::set_fields(&state, holder, &[ZUID], MIDDELBURG, &[]).await.unwrap_err();
        assert_eq!(other, AppError::NotFound);
    }
}

#[tokio::test]
async fn templates_carry_the_chosen_columns_checks_and_instructions() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::DateOfBirth]).await.unwrap();
        let csv = roster::template_csv(&state.db, ZUID).await.unwrap();
        assert_eq!(csv, "\u{feff}Voornaam;Achternaam;E-mail;Rol;Klas;Geboortedatum\r\n");
        let bytes = roster::template_xlsx(&state.db, ZUID).await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let strings = part("xl/sharedStrings.xml");
        for header in ["Voornaam", "E-mail", "Geboortedatum", "Zo vul je de lijst"] {
            assert!(strings.contains(header), "{header} in the template");
        }
        assert!(!strings.contains("Studentnummer\u{3c}"), "an unchosen field has no column");
        let sheet = part("xl/worksheets/sheet1.xml");
        assert!(sheet.contains("\"student,docent\""), "the role column offers a list: {sheet}");
        assert!(sheet.contains("<pane"), "the header row stays in view");
    }
}

#[tokio::test]
async fn an_upload_is_previewed_then_committed_in_full_with_pass_numbers_and_roles() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::StudentNumber]).await.unwrap();
        let id = roster::stage(&state, holder, &[ZUID], ZUID, "2A.csv", CLASS_2A.as_bytes()).await.unwrap();
        let preview = roster::preview(&state, &[ZUID], id).await.unwrap();
        assert_eq!(preview.problems, vec![]);
        assert_eq!((preview.creates, preview.updates, preview.unchanged, preview.leaver_count), (4, 0, 0, 0));
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes").await, 0, "a preview changes nothing");
        // Another location's budget holder does not see the upload.
        assert_eq!(roster::preview(&state, &[MIDDELBURG], id).await.unwrap_err(), AppError::NotFound);
        let outcome = roster::commit(&state, holder, &[ZUID], id, false).await.unwrap();
        assert_eq!(outcome, RosterOutcome { created: 4, updated: 0, left: 0 });
        let again = roster::commit(&state, holder, &[ZUID], id, false).await.unwrap();
        assert_eq!(again, outcome, "a second confirmation answers the first's outcome");
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes").await, 4, "and creates nothing");
        let rows = sqlx::query("SELECT pass_number, status, class_name FROM passes ORDER BY id")
            .fetch_all(&state.db.pool)
            .await
            .unwrap();
        let numbers: std::collections::HashSet<String> = rows.iter().map(|r| text(r, "pass_number").unwrap()).collect();
        assert_eq!(numbers.len(), 4, "every pass its own number");
        assert!(numbers.iter().all(|n| PassNumber::parse(n).is_some()), "each with a valid check digit: {numbers:?}");
        assert!(rows.iter().all(|r| text(r, "status").unwrap() == "not_invited"));
        assert_eq!(text(&rows[3], "class_name").unwrap(), "2A, 2B");
        let roles = "SELECT COUNT(*) AS n FROM role_assignments r JOIN people p ON p.id = r.person_id
            WHERE r.location_id = 1 AND p.email LIKE";
        assert_eq!(count(&state, &format!("{roles} '%@student.example' AND r.role = 'student'")).await, 3);
        assert_eq!(count(&state, &format!("{roles} 'piet@docent.example' AND r.role = 'teacher'")).await, 1);
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'roster_imported'").await, 1);
        assert_eq!(
            count(&state, "SELECT COUNT(*) AS n FROM roster_uploads WHERE content <> ''").await,
            0,
            "no copy of the file is kept"
        );
        assert!(roster::preview(&state, &[ZUID], id).await.unwrap().committed);
    }
}

#[tokio::test]
async fn the_same_file_again_changes_nothing_and_a_later_file_updates_without_duplicates() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::StudentNumber]).await.unwrap();
        import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        let people_before = count(&state, "SELECT COUNT(*) AS n FROM people").await;
        let same = import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        assert_eq!(same, RosterOutcome::default());
        // Sanne changes class and e-mail address (found by student number); Daan's number is
        // new to the file (found by e-mail address).
        let later = "Voornaam;Achternaam;E-mail;Rol;Klas;Studentnummer\n\
            Sanne;de Vries;s.devries@student.example;student;3B;S100\n\
            Daan;Bakker;daan@student.example;student;2A;S101\n\
            Noor;El Amrani;noor@student.example;student;2A;S102\n\
            Piet;Jansen;piet@docent.example;docent;2A, 2B;\n";
        let outcome = import(&state, holder, later.as_bytes(), false).await.unwrap();
        assert_eq!(outcome, RosterOutcome { created: 0, updated: 1, left: 0 });
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM people").await, people_before, "nobody twice");
        let sanne = sqlx::query(
            "SELECT p.email, s.class_name FROM passes s JOIN people p ON p.id = s.person_id WHERE s.student_number = 'S100'",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(text(&sanne, "email").unwrap(), "s.devries@student.example");
        assert_eq!(text(&sanne, "class_name").unwrap(), "3B");
    }
}

#[tokio::test]
async fn people_missing_from_a_full_list_leave_only_when_the_budget_holder_confirms() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        roster::set_fields(&state, holder, &[ZUID], ZUID, &[RosterField::StudentNumber]).await.unwrap();
        import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        let without_noor: String = CLASS_2A.lines().filter(|l| !l.contains("Noor")).map(|l| format!("{l}\n")).collect();
        let id = roster::stage(&state, holder, &[ZUID], ZUID, "lijst.csv", without_noor.as_bytes()).await.unwrap();
        let preview = roster::preview(&state, &[ZUID], id).await.unwrap();
        assert_eq!((preview.leaver_count, preview.leavers.clone()), (1, vec!["Noor El Amrani".to_owned()]));
        let kept = roster::commit(&state, holder, &[ZUID], id, false).await.unwrap();
        assert_eq!(kept.left, 0, "without the confirmation nobody leaves");
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes WHERE left_at IS NULL").await, 4);
        let outcome = import(&state, holder, without_noor.as_bytes(), true).await.unwrap();
        assert_eq!(outcome.left, 1);
        let noor = sqlx::query(
            "SELECT s.status, s.class_name, s.student_number, p.status AS account FROM passes s JOIN people p ON p.id = s.person_id
             WHERE p.email = 'noor@student.example'",
        )
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
        assert_eq!(text(&noor, "status").unwrap(), "expired");
        assert_eq!(text(&noor, "class_name").unwrap(), "", "the school's data is erased");
        assert_eq!(services::platform::db::opt_text(&noor, "student_number").unwrap(), None);
        assert_eq!(text(&noor, "account").unwrap(), "invited", "the account itself stays");
        assert_eq!(
            count(&state, "SELECT COUNT(*) AS n FROM role_assignments r JOIN people p ON p.id = r.person_id WHERE p.email = 'noor@student.example'").await,
            0
        );
        // Back on the list: the same pass returns, nobody twice.
        let back = import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        assert_eq!(back, RosterOutcome { created: 0, updated: 1, left: 0 });
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes WHERE left_at IS NULL").await, 4);
    }
}

#[tokio::test]
async fn a_file_with_any_problem_imports_nothing_and_says_what_is_wrong_per_line() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        let file = "Voornaam;Achternaam;E-mail;Rol;Klas\n\
            Sanne;de Vries;sanne@student.example;student;2A\n\
            Daan;Bakker;sanne@student.example;student;2A\n\
            Marieke;Verhoeven;beheer@cultuurkaart.demo;docent;2A\n\
            =cmd|'/C calc'!A0;X;x@student.example;student;2A\n";
        let id = roster::stage(&state, holder, &[ZUID], ZUID, "fout.csv", file.as_bytes()).await.unwrap();
        let preview = roster::preview(&state, &[ZUID], id).await.unwrap();
        let lines: Vec<i64> = preview.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5], "{:?}", preview.problems);
        assert!(preview.problems[1].message.contains("andere school of organisatie"), "{}", preview.problems[1].message);
        let before = count(&state, "SELECT COUNT(*) AS n FROM people").await;
        let refused = roster::commit(&state, holder, &[ZUID], id, false).await.unwrap_err();
        assert_eq!(refused, AppError::Conflict(Problem::ImportHasProblems));
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM people").await, before);
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes").await, 0);
    }
}

#[tokio::test]
async fn files_in_windows_1252_with_commas_or_utf8_with_a_byte_order_mark_read_the_same() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        let utf8 = "\u{feff}Voornaam;Achternaam;E-mail;Rol;Klas\nZoë;Öztürk;zoe@student.example;student;1A\n";
        let (latin, _, _) =
            encoding_rs::WINDOWS_1252.encode("Voornaam,Achternaam,E-mail,Rol,Klas\nZoë,Öztürk,zoe@student.example,student,1A\n");
        import(&state, holder, utf8.as_bytes(), false).await.unwrap();
        let again = import(&state, holder, &latin, false).await.unwrap();
        assert_eq!(again, RosterOutcome::default(), "the same person, read the same way");
        let name = sqlx::query("SELECT display_name FROM people WHERE email = 'zoe@student.example'")
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(text(&name, "display_name").unwrap(), "Zoë Öztürk");
    }
}

/// An Excel workbook with a header row and these data rows.
fn workbook(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Voornaam", "Achternaam", "E-mail", "Rol", "Klas"].iter().enumerate() {
        sheet.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r + 1).unwrap(), u16::try_from(c).unwrap(), *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn an_excel_workbook_imports_like_a_csv_file() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        let bytes = workbook(&[
            ["Sanne", "de Vries", "sanne@student.example", "student", "2A"],
            ["Piet", "Jansen", "piet@docent.example", "docent", "2A"],
        ]);
        let outcome = import(&state, holder, &bytes, false).await.unwrap();
        assert_eq!(outcome.created, 2);
        let bad = workbook(&[["Sanne", "de Vries", "geen adres", "student", "2A"]]);
        let id = roster::stage(&state, holder, &[ZUID], ZUID, "lijst.xlsx", &bad).await.unwrap();
        let preview = roster::preview(&state, &[ZUID], id).await.unwrap();
        assert_eq!(preview.problems.len(), 1);
        assert_eq!((preview.problems[0].line, preview.problems[0].column.as_str()), (2, "E-mail"), "Excel's own row number");
    }
}

#[tokio::test]
async fn hostile_files_are_refused_with_a_reason_and_change_nothing() {
    use std::io::Write;
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        // A zip bomb: 300 MB of one repeated byte, a few hundred kilobytes packed.
        let mut bomb = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
            zip.start_file("xl/worksheets/sheet1.xml", zip::write::SimpleFileOptions::default()).unwrap();
            let block = vec![b' '; 1024 * 1024];
            for _ in 0..300 {
                zip.write_all(&block).unwrap();
            }
            zip.finish().unwrap();
        }
        let id = roster::stage(&state, holder, &[ZUID], ZUID, "bom.xlsx", &bomb).await.unwrap();
        let preview = roster::preview(&state, &[ZUID], id).await.unwrap();
        assert_eq!(preview.problems.len(), 1);
        assert!(preview.problems[0].message.contains("pakt uit tot veel meer"), "{}", preview.problems[0].message);
        assert_eq!(preview.leaver_count, 0, "an unreadable file proposes no leavers");
        assert!(roster::commit(&state, holder, &[ZUID], id, true).await.is_err());
        // A million rows is far over the size limit.
        let mut huge = String::from("Voornaam;Achternaam;E-mail;Rol;Klas\n");
        for i in 0..1_000_000 {
            huge.push_str(&format!("A;B;a{i}@x.nl;student;1A\n"));
        }
        let err = roster::stage(&state, holder, &[ZUID], ZUID, "groot.csv", huge.as_bytes()).await.unwrap_err();
        assert_eq!(err.problem_for("file"), Some(Problem::FileTooLarge));
        // Empty files, pictures and formulas in Excel cells: each its own reason.
        for (bytes, says) in [(Vec::new(), "leeg"), (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "geen CSV- of Excel-bestand")] {
            let id = roster::stage(&state, holder, &[ZUID], ZUID, "x", &bytes).await.unwrap();
            let p = roster::preview(&state, &[ZUID], id).await.unwrap();
            assert!(p.problems[0].message.contains(says), "{}", p.problems[0].message);
        }
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes").await, 0);
    }
}

async fn mails_to(state: &AppState, to: &str) -> Vec<domain::records::MailRow> {
    mail::list(&state.db, PageRequest::new(1, 100), Some(to)).await.unwrap().rows
}

fn link_token(body: &str) -> String {
    let start = body.find("/invite/").unwrap() + "/invite/".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn pass_status(state: &AppState, email: &str) -> String {
    let r = sqlx::query("SELECT s.status FROM passes s JOIN people p ON p.id = s.person_id WHERE p.email = $1")
        .bind(email)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    text(&r, "status").unwrap()
}

#[tokio::test]
async fn an_invitation_link_activates_the_pass_once_and_expires() {
    for db in testing::both().await {
        let (state, clock, holder) = demo_state(db).await;
        // Without the field choice, the student-number column is read past.
        import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        let invited = passes::invite(&state, holder, ZUID, &InviteTarget::Class("2A".into()), None).await.unwrap();
        assert_eq!(invited, 3, "the class's students, not its teacher");
        assert_eq!(passes::invite(&state, holder, ZUID, &InviteTarget::Class("2A".into()), None).await.unwrap(), 0, "not twice");
        assert_eq!(pass_status(&state, "sanne@student.example").await, "invited");
        let mails = mails_to(&state, "sanne@student.example").await;
        assert_eq!(mails.len(), 1);
        let first = link_token(&mails[0].body);
        // Sending again makes a new link; the old one stops working.
        let sanne_pass = int(
            &sqlx::query("SELECT s.id FROM passes s JOIN people p ON p.id = s.person_id WHERE p.email = 'sanne@student.example'")
                .fetch_one(&state.db.pool)
                .await
                .unwrap(),
            "id",
        )
        .unwrap();
        passes::invite(&state, holder, ZUID, &InviteTarget::Pass(sanne_pass), None).await.unwrap();
        let second = link_token(&mails_to(&state, "sanne@student.example").await[0].body);
        assert_ne!(first, second);
        let old = auth::set_password_with_token(&state, &first, "invitation", "een goed wachtwoord").await.unwrap_err();
        assert_eq!(old, AppError::Conflict(Problem::LinkInvalidOrExpired));
        auth::set_password_with_token(&state, &second, "invitation", "een goed wachtwoord").await.unwrap();
        assert_eq!(pass_status(&state, "sanne@student.example").await, "active");
        let reused = auth::set_password_with_token(&state, &second, "invitation", "nog een wachtwoord").await.unwrap_err();
        assert_eq!(reused, AppError::Conflict(Problem::LinkInvalidOrExpired), "single use");
        // Daan waits fifteen days: his link has expired.
        let daan = link_token(&mails_to(&state, "daan@student.example").await[0].body);
        clock.advance(15 * 24 * 3_600_000);
        let late = auth::set_password_with_token(&state, &daan, "invitation", "een goed wachtwoord").await.unwrap_err();
        assert_eq!(late, AppError::Conflict(Problem::LinkInvalidOrExpired));
        assert_eq!(pass_status(&state, "daan@student.example").await, "invited");
        // The class overview counts it all.
        let classes = passes::classes(&state, &[ZUID], None).await.unwrap();
        let a = classes.iter().find(|c| c.class_name == "2A").unwrap();
        assert_eq!((a.active, a.invited, a.not_invited), (1, 2, 0));
        // Sanne's own pass.
        let sanne = people::account_by_email(&state.db, &Email::parse("sanne@student.example").unwrap()).await.unwrap().unwrap();
        let cards = passes::my_passes(&state, sanne.id).await.unwrap();
        assert_eq!(cards.len(), 1);
        assert_eq!(cards[0].status, PassStatus::Active);
        assert!(cards[0].qr_svg.starts_with("<svg"));
    }
}

#[tokio::test]
async fn a_docent_plus_reaches_only_their_own_classes() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        let plus = people::account_by_email(&state.db, &Email::parse("docentplus@roc-amstelland.demo").unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
        let file = "Voornaam;Achternaam;E-mail;Rol;Klas\n\
            Karim;Benali;docentplus@roc-amstelland.demo;docent;2A\n\
            Sanne;de Vries;sanne@student.example;student;2A\n\
            Daan;Bakker;daan@student.example;student;3C\n";
        import(&state, holder, file.as_bytes(), false).await.unwrap();
        passes::invite(&state, holder, ZUID, &InviteTarget::Location, None).await.unwrap();
        let own = passes::own_classes(&state, plus, &[ZUID]).await.unwrap();
        assert_eq!(own, vec!["2A".to_owned()]);
        let seen = passes::classes(&state, &[ZUID], Some(&own)).await.unwrap();
        assert_eq!(seen.iter().map(|c| c.class_name.as_str()).collect::<Vec<_>>(), vec!["2A"]);
        let daan = int(
            &sqlx::query("SELECT s.id FROM passes s JOIN people p ON p.id = s.person_id WHERE p.email = 'daan@student.example'")
                .fetch_one(&state.db.pool)
                .await
                .unwrap(),
            "id",
        )
        .unwrap();
        let refused = passes::invite(&state, plus, ZUID, &InviteTarget::Pass(daan), Some(&own)).await.unwrap_err();
        assert_eq!(refused, AppError::NotFound, "a student outside their classes is not theirs");
        assert_eq!(passes::invite(&state, plus, ZUID, &InviteTarget::ClassAgain("2A".into()), Some(&own)).await.unwrap(), 1);
    }
}

/// Two confirmations of one upload at once (each a task on the multi-threaded runtime)
/// import it once and both answer the same outcome; two uploads of the same person
/// confirmed at once create that person once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_confirmations_at_once_import_the_file_once() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        let id = roster::stage(&state, holder, &[ZUID], ZUID, "2A.csv", CLASS_2A.as_bytes()).await.unwrap();
        let commit = |id: i64| {
            let state = state.clone();
            tokio::spawn(async move { roster::commit(&state, holder, &[ZUID], id, false).await })
        };
        let (a, b) = (commit(id), commit(id));
        assert_eq!(a.await.unwrap().unwrap(), b.await.unwrap().unwrap());
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM passes").await, 4);
        // Two different uploads of the same people at once: one creates, the other finds them.
        let x = roster::stage(
            &state,
            holder,
            &[ZUID],
            ZUID,
            "x.csv",
            b"Voornaam;Achternaam;E-mail;Rol;Klas\nA;B;ab@student.example;student;1A\n",
        )
        .await
        .unwrap();
        let y = roster::stage(
            &state,
            holder,
            &[ZUID],
            ZUID,
            "y.csv",
            b"Voornaam;Achternaam;E-mail;Rol;Klas\nA;B;ab@student.example;student;1A\n",
        )
        .await
        .unwrap();
        let (x, y) = (commit(x), commit(y));
        let created = x.await.unwrap().unwrap().created + y.await.unwrap().unwrap().created;
        assert_eq!(created, 1);
        assert_eq!(count(&state, "SELECT COUNT(*) AS n FROM people WHERE email = 'ab@student.example'").await, 1);
    }
}

#[tokio::test]
async fn a_class_sheet_has_a_working_link_per_student_not_yet_active_and_only_for_own_classes() {
    for db in testing::both().await {
        let (state, _, holder) = demo_state(db).await;
        import(&state, holder, CLASS_2A.as_bytes(), false).await.unwrap();
        let pdf = passes::class_sheet(&state, holder, ZUID, "2A", None).await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let text = doc.extract_text(&[1]).unwrap();
        for name in ["Sanne de Vries", "Daan Bakker", "Noor El Amrani"] {
            assert!(text.contains(name), "{name} on the sheet: {text}");
        }
        assert!(!text.contains("Piet"), "the teacher needs no card");
        assert_eq!(pass_status(&state, "sanne@student.example").await, "invited");
        // Each card's link is a live invitation; the first used ends the person's others.
        let live = count(
            &state,
            "SELECT COUNT(*) AS n FROM auth_tokens t JOIN people p ON p.id = t.person_id
             WHERE p.email LIKE '%@student.example' AND t.purpose = 'invitation' AND t.used_at IS NULL",
        )
        .await;
        assert_eq!(live, 3);
        // A Docent+ prints only the classes they teach.
        let plus = people::account_by_email(&state.db, &Email::parse("docentplus@roc-amstelland.demo").unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
        let refused = passes::class_sheet(&state, plus, ZUID, "2A", Some(&["3C".to_owned()])).await.unwrap_err();
        assert_eq!(refused, AppError::NotFound);
    }
}
