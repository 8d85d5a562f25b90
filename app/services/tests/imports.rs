//! The operator's imports on SQLite and PostgreSQL: the registry of institutions and
//! locations and DUO student counts, each checked as a whole before anything changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use domain::error::Problem;
use domain::imports::{DuoColumns, RowChange};
use domain::{AppError, LocationId, PageRequest, PersonId};
use services::registry::imports::{self, ImportKind};
use services::{budget, demo, testing, AppState};

const ADMIN: PersonId = PersonId(1);

async fn demo_state(db: services::Db) -> AppState {
    let (state, _clock) = testing::state(db);
    demo::load(&state.db, state.clock.now_ms()).await.unwrap();
    state
}

async fn location_count(state: &AppState) -> i64 {
    sqlx::Row::get(&sqlx::query("SELECT COUNT(*) AS n FROM locations").fetch_one(&state.db.pool).await.unwrap(), "n")
}

/// A registry file is previewed (new, changed, unchanged) without changing anything, then
/// recorded as a whole; a file with any problem is refused whole.
#[tokio::test]
async fn a_registry_file_is_previewed_then_recorded_whole_and_a_bad_one_changes_nothing() {
    for db in testing::both().await {
        let state = demo_state(db).await;
        let before = location_count(&state).await;
        let good = "BRIN;Instelling;KvK;Vestigingsnummer;Vestiging;Straat;Postcode;Plaats;CJP-schoolnummer\r\n\
                    25XA;ROC Amstelland;40123456;00;ROC Amstelland — Amsterdam Zuid;Europaboulevard 12;1083 AD;Amsterdam;CJP-250001\r\n\
                    25XA;ROC Amstelland;40123456;01;ROC Amstelland — Amstelveen;Stadshart 41;1181 ZM;Amstelveen;CJP-250002\r\n\
                    31KZ;Scalda;;02;Scalda Vlissingen;Edisonweg 2;4382nw;Vlissingen;CJP-310002\r\n";
        let id = imports::stage(&state, ADMIN, ImportKind::Registry, "vestigingen.csv", good.as_bytes()).await.unwrap();
        let preview = imports::registry_preview(&state, id).await.unwrap();
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        assert_eq!(
            (preview.count(RowChange::New), preview.count(RowChange::Changed), preview.count(RowChange::Unchanged)),
            (1, 1, 1)
        );
        assert_eq!(location_count(&state).await, before, "a preview changes nothing");
        assert_eq!(imports::commit_registry(&state, ADMIN, id).await.unwrap(), (1, 1));
        assert_eq!(location_count(&state).await, before + 1);
        assert_eq!(imports::registry_preview(&state, id).await.unwrap_err(), AppError::NotFound, "a confirmed upload is gone");

        // A CJP number of another location and a bad postcode: the whole file is refused.
        let bad = "BRIN;Instelling;Vestigingsnummer;Vestiging;Straat;Postcode;Plaats;CJP-schoolnummer\n\
                   40AB;Nova College;00;Haarlem;Zijlweg 1;2013 DK;Haarlem;CJP-250001\n\
                   40AB;Nova College;01;Hoofddorp;Markt 2;2132 SS;Hoofddorp;CJP-400001\n";
        let id = imports::stage(&state, ADMIN, ImportKind::Registry, "fout.csv", bad.as_bytes()).await.unwrap();
        let preview = imports::registry_preview(&state, id).await.unwrap();
        let lines: Vec<_> = preview.problems.iter().map(|p| (p.line, p.column.as_str())).collect();
        assert!(lines.contains(&(3, "Postcode")), "{lines:?}");
        assert_eq!(
            imports::commit_registry(&state, ADMIN, id).await.unwrap_err(),
            AppError::Conflict(Problem::ImportHasProblems)
        );
        assert_eq!(location_count(&state).await, before + 1);
    }
}

/// An Excel file (a zip) or a file with NUL bytes given as a DUO or registry upload is
/// refused at once with the reason, and nothing is staged or changed.
#[tokio::test]
async fn uploads_that_are_not_csv_are_refused_at_once() {
    for db in testing::both().await {
        let state = demo_state(db).await;
        let before = testing::content(&state.db).await;
        let zip: &[u8] = b"PK\x03\x04\x14\x00\x00\x00binary";
        let nul: &[u8] = b"BRIN;AANTAL\n25XA;1\x002\n";
        for kind in [ImportKind::Duo, ImportKind::Registry] {
            for (name, bytes) in [("aantallen.xlsx", zip), ("aantallen.csv", nul)] {
                let err = imports::stage(&state, ADMIN, kind, name, bytes).await.unwrap_err();
                assert_eq!(err.problem_for("file"), Some(Problem::NotACsvFile), "{name} ({:?})", state.db.backend);
            }
        }
        assert_eq!(testing::content(&state.db).await, before, "nothing staged ({:?})", state.db.backend);
    }
}

/// DUO's counts are summed per location (masked rows counted apart), recorded for the
/// school year, the same file again changes nothing, and a bad count refuses the file.
#[tokio::test]
async fn duo_counts_are_summed_per_location_with_masked_rows_and_a_reimport_changes_nothing() {
    for db in testing::both().await {
        let state = demo_state(db).await;
        // As DUO publishes it: `;`, a byte-order mark, rows per qualification and age, a masked row.
        let file = "\u{feff}PROVINCIE;BRIN NUMMER;INSTELLINGSNAAM;VESTIGINGSNUMMER;OPLEIDING;LEEFTIJD;AANTAL;INDICATIEAVG\r\n\
                    Noord-Holland;25XA;ROC Amstelland;00;Zorg;16-18;1.200;N\r\n\
                    Noord-Holland;25XA;ROC Amstelland;00;Techniek;19-20;36;N\r\n\
                    Noord-Holland;25XA;ROC Amstelland;00;Kunst;21+;4;J\r\n\
                    Noord-Holland;25XA;ROC Amstelland;01;Zorg;16-18;861;N\r\n\
                    Zeeland;27ZD;Deltacollege Zeeland;00;Zorg;16-18;1525;N\r\n\
                    Utrecht;99QQ;Niet geregistreerd;00;Zorg;16-18;10;N\r\n";
        let id = imports::stage(&state, ADMIN, ImportKind::Duo, "duo-2026.csv", file.as_bytes()).await.unwrap();
        let preview = imports::duo_preview(&state, id, &DuoColumns::default()).await.unwrap();
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        let columns = preview.columns.clone().unwrap();
        assert_eq!((columns.brin.as_str(), columns.count.as_str()), ("BRIN NUMMER", "AANTAL"));
        assert_eq!((preview.rows_read, preview.masked_rows, preview.not_registered), (6, 1, 1));
        let zuid = preview.lines.iter().find(|l| l.location_id == LocationId(1)).unwrap();
        assert_eq!((zuid.students, zuid.masked_rows, zuid.current.clone()), (1240, 1, Some((1240, "2026-2027".to_owned()))));

        assert_eq!(
            imports::commit_duo(&state, ADMIN, id, "2026/27", &columns).await.unwrap_err().problem_for("school_year"),
            Some(Problem::NotASchoolYear)
        );
        assert_eq!(imports::commit_duo(&state, ADMIN, id, "2026-2027", &columns).await.unwrap(), 1, "only Amstelveen changed");
        assert_eq!(budget::periods::duo_count(&state.db, LocationId(2)).await.unwrap(), Some((861, "2026-2027".to_owned())));

        // The same file again: the remembered mapping is used and nothing changes.
        let again = imports::stage(&state, ADMIN, ImportKind::Duo, "duo-2026.csv", file.as_bytes()).await.unwrap();
        let preview = imports::duo_preview(&state, again, &DuoColumns::default()).await.unwrap();
        assert_eq!(preview.columns.as_ref(), Some(&columns));
        assert_eq!(imports::commit_duo(&state, ADMIN, again, "2026-2027", &columns).await.unwrap(), 0);
        let history = imports::duo_history(&state.db, PageRequest::new(1, 10)).await.unwrap();
        assert_eq!(history.total, 2);
        assert_eq!((history.rows[0].locations, history.rows[0].masked_rows), (3, 1));

        // A bad count anywhere refuses the whole file.
        let bad = "BRIN NUMMER;VESTIGINGSNUMMER;AANTAL\n25XA;00;veel\n25XA;01;12\n";
        let id = imports::stage(&state, ADMIN, ImportKind::Duo, "fout.csv", bad.as_bytes()).await.unwrap();
        let preview = imports::duo_preview(&state, id, &DuoColumns::default()).await.unwrap();
        assert_eq!(preview.problems.len(), 1);
        assert_eq!(preview.problems[0].line, 2);
        assert_eq!(
            imports::commit_duo(&state, ADMIN, id, "2027-2028", &preview.columns.clone().unwrap()).await.unwrap_err(),
            AppError::Conflict(Problem::ImportHasProblems)
        );
        assert_eq!(budget::periods::duo_count(&state.db, LocationId(1)).await.unwrap(), Some((1240, "2026-2027".to_owned())));
    }
}
