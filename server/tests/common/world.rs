//! The platform in use: the demo data with the marketplace and a roster, paid budgets, a
//! request, weborders in every state, a hold, an API key, a picture, invitations, staged
//! uploads, payout batches and counter payments, each made through the same server functions
//! a browser calls. Tests name what they need by key (`{offer}`, `{weborder_approve}`) in
//! request bodies and paths; a key ending in `@` stands for one per role
//! (`{contact@}` is `contact@board` for the board and `contact@budgetholder` for the budget
//! holder), for actions each role must do to a thing of its own.
#![allow(dead_code)]

use super::{fixture_of, post, post_bytes, Answer, Fixture, MULTIPART};
use domain::{Email, LocationId, PersonId, Role, Scope};
use http::StatusCode;
use services::platform::clock::{ManualClock, HOUR_MS};
use services::{
    accounts::auth, accounts::orgs, accounts::people, budget, budget::credit, demo, market::offer_requests, registry::imports,
    testing,
};
use std::collections::HashMap;
use std::sync::Arc;

/// A 1×1 PNG picture.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08,
    0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A registry file with one new location of ROC Amstelland.
pub const REGISTRY_CSV: &str = "BRIN;Instelling;KvK;Vestigingsnummer;Vestiging;Straat;Postcode;Plaats;CJP-schoolnummer\r\n\
    25XA;ROC Amstelland;40123456;07;ROC Amstelland — Hoofddorp;Polderplein 3;2132 BA;Hoofddorp;CJP-250007\r\n";

/// DUO's student counts for the demo locations.
pub const DUO_CSV: &str =
    "\u{feff}PROVINCIE;BRIN NUMMER;INSTELLINGSNAAM;VESTIGINGSNUMMER;OPLEIDING;LEEFTIJD;AANTAL;INDICATIEAVG\r\n\
    Noord-Holland;25XA;ROC Amstelland;00;Zorg;16-18;1.200;N\r\n\
    Noord-Holland;25XA;ROC Amstelland;01;Zorg;16-18;861;N\r\n";

/// A class list for Amsterdam Zuid with two new students.
pub const ROSTER_CSV: &str = "Voornaam;Achternaam;E-mail;Rol;Klas\n\
    Iris;Jansen;iris@student.example;student;2A\n\
    Ravi;Kumar;ravi@student.example;student;2A\n";

/// A bank statement with one credit the platform cannot match.
pub const STATEMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>CK-WORLD-0001</MsgId><CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>NL91ABNA0417164300-20261201</Id>
      <CreDtTm>2026-12-02T06:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>
      <Ntry>
        <Amt Ccy="EUR">12.34</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-01</Dt></BookgDt>
        <ValDt><Dt>2026-12-01</Dt></ValDt>
        <AcctSvcrRef>WORLD-1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>Onbekende betaler</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>gift zonder kenmerk</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
"#;

/// A multipart body of `fields` and one file.
pub fn multipart(fields: &[(&str, &str)], file: (&str, &str, &str, &[u8])) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("{MULTIPART}Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    let (name, filename, content_type, bytes) = file;
    body.extend_from_slice(
        format!("{MULTIPART}Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--ckboundary--\r\n");
    body
}

/// A weborder form for the demo school Amsterdam Zuid.
pub fn weborder_form(offer: i64, date: &str) -> String {
    format!(
        "weborder%5Bcjp_school_number%5D=CJP-250001&weborder%5Boffer_id%5D={offer}&weborder%5Bactivity_date%5D={date}\
         &weborder%5Bstudents%5D=20&weborder%5Bamount%5D=100.00&weborder%5Bteacher_name%5D=Karim%20Benali\
         &weborder%5Bteacher_email%5D=docentplus%40roc-amstelland.demo"
    )
}

/// A complete, valid offer form (a new offer when `offer_id` is empty).
pub const OFFER_FORM: &str = "offer%5Btitle%5D=Workshop%20stemgebruik&offer%5Bdescription%5D=Een%20workshop%20over%20je%20stem.\
    &offer%5Bdisciplines%5D=theatre&offer%5Blevels%5D=2%2C3&offer%5Bformat%5D=in_school&offer%5Bstreet%5D=&offer%5Bpostcode%5D=\
    &offer%5Bcity%5D=Amsterdam&offer%5Bregion%5D=NH&offer%5Blatitude%5D=&offer%5Blongitude%5D=&offer%5Bduration_minutes%5D=60\
    &offer%5Bprice%5D=250&offer%5Bprice_unit%5D=group&offer%5Bcapacity%5D=30&offer%5Bdates%5D=&offer%5Bwheelchair%5D=\
    &offer%5Baccessibility%5D=";

/// The lower-case name of a role as keys use it (`contact@board`).
pub fn role_key(role: Role) -> String {
    format!("{role:?}").to_lowercase()
}

pub struct World {
    pub f: Fixture,
    pub clock: Arc<ManualClock>,
    values: HashMap<String, Vec<u8>>,
}

impl World {
    /// `template` with each `{key}` replaced by its value; `{key@}` takes `role`'s own.
    pub fn fill(&self, template: &[u8], role: Option<Role>) -> Vec<u8> {
        let mut out = Vec::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.iter().position(|b| *b == b'{') {
            let Some(len) = rest[open..].iter().position(|b| *b == b'}') else { break };
            let key = String::from_utf8_lossy(&rest[open + 1..open + len]).into_owned();
            if !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'@') {
                out.extend_from_slice(&rest[..=open]);
                rest = &rest[open + 1..];
                continue;
            }
            let key = match (key.strip_suffix('@'), role) {
                (Some(stem), Some(role)) => format!("{stem}@{}", role_key(role)),
                (Some(_), None) => panic!("{{{key}}} needs a role"),
                (None, _) => key,
            };
            let value = self.values.get(&key).unwrap_or_else(|| panic!("the world has no {{{key}}}"));
            out.extend_from_slice(&rest[..open]);
            out.extend_from_slice(value);
            rest = &rest[open + len + 1..];
        }
        out.extend_from_slice(rest);
        out
    }

    /// [`World::fill`] for a text template (a path or a form body).
    pub fn text(&self, template: &str, role: Option<Role>) -> String {
        String::from_utf8(self.fill(template.as_bytes(), role)).unwrap()
    }

    /// The value of `key`, as a number.
    pub fn id(&self, key: &str) -> i64 {
        String::from_utf8_lossy(&self.values[key]).parse().unwrap()
    }

    /// Remembers under `key` the number `sql` reads (the id of what was just made).
    async fn keep(&mut self, key: impl Into<String>, sql: &str) {
        let value = self.newest(sql).await;
        self.set(key, value);
    }

    fn set(&mut self, key: impl Into<String>, value: impl ToString) {
        self.values.insert(key.into(), value.to_string().into_bytes());
    }

    pub fn session(&self, role: Role) -> Option<&str> {
        Some(self.f.sessions[&role].as_str())
    }

    async fn call(&self, path: &str, role: Role, body: &str) -> Answer {
        let answer = post(&self.f.router, path, self.session(role), body).await;
        assert_eq!(answer.status, StatusCode::OK, "making the world: {path} as {role:?}: {}", answer.body);
        answer
    }

    async fn newest(&self, sql: &str) -> i64 {
        let row = sqlx::query(sql).fetch_one(&self.f.state.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        sqlx::Row::get(&row, 0)
    }

    async fn person(&self, email: &str) -> PersonId {
        people::account_by_email(&self.f.state.db, &Email::parse(email).unwrap()).await.unwrap().unwrap().id
    }

    /// Signs every demo role in again (after the clock moved past the sessions' idle time).
    async fn sign_in_again(&mut self) {
        for (email, role) in demo::DEMO_ACCOUNTS {
            let (_, token) = auth::login(&self.f.state, email, demo::DEMO_PASSWORD, "127.0.0.1").await.unwrap();
            self.f.sessions.insert(role, token);
        }
    }

    /// Moves the clock on by `hours` and signs everyone in again.
    async fn later(&mut self, hours: i64) {
        self.clock.advance(hours * HOUR_MS);
        self.sign_in_again().await;
    }
}

/// The platform in use on `db` (see the module's description).
pub async fn world(db: services::Db) -> World {
    let (state, clock) = testing::state(db);
    let f = fixture_of(state).await;
    let mut w = World { f, clock, values: HashMap::new() };
    let uploads: [(&str, Vec<u8>); 4] = [
        ("statement_upload", multipart(&[], ("file", "afschrift.xml", "text/xml", STATEMENT_XML.as_bytes()))),
        ("registry_upload", multipart(&[("kind", "registry")], ("file", "vestigingen.csv", "text/csv", REGISTRY_CSV.as_bytes()))),
        ("roster_file_upload", multipart(&[("location_id", "1")], ("file", "2A.csv", "text/csv", ROSTER_CSV.as_bytes()))),
        ("offer_form", OFFER_FORM.as_bytes().to_vec()),
    ];
    for (key, value) in uploads {
        w.values.insert(key.to_owned(), value);
    }
    let state = w.f.state.clone();
    demo::load_marketplace(&state).await.unwrap();
    demo::load_roster(&state).await.unwrap();
    let admin = w.person(demo::DEMO_ACCOUNTS[0].0).await;
    let holder = w.person(demo::DEMO_ACCOUNTS[2].0).await;
    let teacher = w.person(demo::DEMO_ACCOUNTS[4].0).await;
    let student = w.person(demo::DEMO_ACCOUNTS[5].0).await;

    // Amsterdam Zuid's budget, paid: collective for weborders and holds, individual credit.
    let invoice = super::invoiced_order(&w.f, "1000", "200").await;
    budget::payments::register_payment(&state, None, invoice.id, invoice.amount, "2026-12-01", "world", "manual").await.unwrap();
    w.set("invoice", invoice.id);

    // The marketplace: an offer of the demo provider's, a request about it, weborders.
    let offer = w
        .newest(
            "SELECT MIN(o.id) FROM offers o JOIN providers p ON p.id = o.provider_id
             WHERE p.name = 'Theater De Kolk' AND o.status = 'published'",
        )
        .await;
    w.set("offer", offer);
    w.set("weborder_form", weborder_form(offer, "2027-04-01"));
    let picture =
        multipart(&[("offer_id", &offer.to_string()), ("alt_text", "Het podium")], ("file", "podium.png", "image/png", PNG));
    w.values.insert("picture_upload".to_owned(), picture);
    w.keep("kolk", "SELECT id FROM providers WHERE name = 'Theater De Kolk'").await;
    w.call(
        "/api/catalogue/request",
        Role::TeacherPlus,
        &format!("location_id=1&request%5Boffer_id%5D={offer}&request%5Bpreferred_dates%5D=maart&request%5Bstudents%5D=20&request%5Bmessage%5D=Kan%20het%3F"),
    )
    .await;
    let request = w.newest("SELECT MAX(id) FROM offer_requests").await;
    w.set("request", request);
    w.set("request@teacherplus", request);
    // A plain teacher keeps the threads they started while they were Docent+.
    let new = domain::offer_request::NewRequest {
        offer_id: offer,
        preferred_dates: "april".to_owned(),
        students: 18,
        message: "Nog plaats?".to_owned(),
    };
    let earlier = offer_requests::create(&state, teacher, LocationId(1), &new).await.unwrap();
    w.set("request@teacher", earlier);
    // Each waits for the school's decision; "withdraw" stays waiting for its provider to withdraw it.
    let kinds = [
        "approve",
        "reject",
        "cancel@budgetholder",
        "cancel@provider",
        "cancel@platformadmin",
        "batch_first",
        "batch_second",
        "withdraw",
    ];
    for (n, kind) in kinds.into_iter().enumerate() {
        w.call("/api/provider/create_weborder", Role::Provider, &weborder_form(offer, &format!("2027-03-{:02}", n + 10))).await;
        w.keep(format!("weborder_{kind}"), "SELECT MAX(id) FROM weborders").await;
    }
    w.call("/api/weborders/hold", Role::BudgetHolder, "location_id=1&amount=10&description=Excursie&expires_on=2027-06-01").await;
    w.keep("hold", "SELECT MAX(id) FROM budget_holds").await;

    // Payouts: a batch made of the first approved weborder, and a second weborder past its
    // cooling-off period waiting for the next batch.
    let first = w.id("weborder_batch_first");
    w.call("/api/weborders/approve", Role::BudgetHolder, &format!("weborder_id={first}&hold_id=&client_key=world-1")).await;
    w.later(72).await;
    w.call("/api/market/create_batch", Role::PlatformAdmin, "execution_date=").await;
    w.keep("batch", "SELECT MAX(id) FROM payout_batches").await;
    let second = w.id("weborder_batch_second");
    w.call("/api/weborders/approve", Role::BudgetHolder, &format!("weborder_id={second}&hold_id=&client_key=world-2")).await;
    w.later(72).await;

    // The provider's own things: an API key, a picture, a draft offer, a colleague.
    w.call("/api/provider/create_api_key", Role::Provider, "label=Kassa").await;
    w.keep("api_key", "SELECT MAX(id) FROM api_keys").await;
    let picture =
        multipart(&[("offer_id", &offer.to_string()), ("alt_text", "Het podium")], ("file", "podium.png", "image/png", PNG));
    let answer = post_bytes(&w.f.router, "/api/provider/offer_image", w.session(Role::Provider), picture).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    w.keep("image", "SELECT MAX(id) FROM offer_images").await;
    w.call("/api/provider/save_offer", Role::Provider, &format!("offer_id=&{OFFER_FORM}")).await;
    w.keep("offer_draft", "SELECT MAX(id) FROM offers").await;
    w.call("/api/provider/invite_colleague", Role::Provider, "email=collega%40theaterdekolk.example&display_name=Collega").await;
    let value = w.person("collega@theaterdekolk.example").await.0;
    w.set("colleague", value);

    // An invitation to work for a provider waiting for every demo role.
    let museum = demo::DEMO_MARKET_ACCOUNTS[2];
    let (_, museum_session) = auth::login(&state, museum, demo::DEMO_PASSWORD, "127.0.0.1").await.unwrap();
    for (email, role) in demo::DEMO_ACCOUNTS {
        let body = format!("email={}&display_name=Gast", email.replace('@', "%40"));
        let from = if role == Role::Provider { Some(museum_session.as_str()) } else { w.session(Role::Provider) };
        let answer = post(&w.f.router, "/api/provider/invite_colleague", from, &body).await;
        assert_eq!(answer.status, StatusCode::OK, "{email}: {}", answer.body);
        let person = w.person(email).await;
        w.keep(
            format!("invitation@{}", role_key(role)),
            &format!("SELECT MAX(id) FROM colleague_invitations WHERE person_id = {}", person.0),
        )
        .await;
    }

    // Each school role's own contact person, to remove.
    for role in [Role::Board, Role::BudgetHolder] {
        w.call(
            "/api/school/add_contact",
            role,
            "location_id=1&role=finance&name=Bureau%20Crediteuren&email=crediteuren%40roc.example&phone=020%20555%200000",
        )
        .await;
        w.keep(format!("contact@{}", role_key(role)), "SELECT MAX(id) FROM location_contacts").await;
    }

    // Passes: one to invite again, one to block; a class list waiting to be committed.
    let pass_of = |offset: i64| {
        format!("SELECT id FROM passes WHERE location_id = 1 AND kind = 'student' AND class_name = '2A' AND status IN ('not_invited', 'invited') ORDER BY id LIMIT 1 OFFSET {offset}")
    };
    w.keep("pass_invite", &pass_of(0)).await;
    w.keep("pass_block", &pass_of(1)).await;
    let upload = w.values["roster_file_upload"].clone();
    let answer = post_bytes(&w.f.router, "/api/school/stage_roster", w.session(Role::BudgetHolder), upload).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    w.keep("roster_upload", "SELECT MAX(id) FROM roster_uploads").await;

    // The operator's staged files, a provider waiting for a decision, people to disable and erase.
    let registry = imports::stage(&state, admin, imports::ImportKind::Registry, "vestigingen.csv", REGISTRY_CSV.as_bytes());
    w.set("staged_registry", registry.await.unwrap());
    let duo = imports::stage(&state, admin, imports::ImportKind::Duo, "duo.csv", DUO_CSV.as_bytes());
    w.set("staged_duo", duo.await.unwrap());
    let signup = "signup%5Borganisation%5D=Stichting%20Klankkast&signup%5Bkvk_number%5D=96345678&signup%5Bcity%5D=Leiden\
        &signup%5Biban%5D=NL20INGB0001234567&signup%5Baccount_holder%5D=Stichting%20Klankkast\
        &signup%5Bcontact_name%5D=Eva%20de%20Boer&signup%5Bcontact_email%5D=eva%40klankkast.example&signup%5Bterms%5D=yes";
    let answer = post(&w.f.router, "/api/provider/signup", None, signup).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    w.keep("pending_provider", "SELECT id FROM providers WHERE name = 'Stichting Klankkast'").await;
    for key in ["disable", "erase"] {
        let body = format!("email={key}%40roc.example&display_name=Tijdelijk&role=teacher&scope=location%3A1");
        w.call("/api/admin/invite", Role::PlatformAdmin, &body).await;
        let value = w.person(&format!("{key}@roc.example")).await.0;
        w.set(format!("person_{key}"), value);
    }
    w.set("teacher", teacher.0);

    // Counter payments with the student's credit: one to refund, and a fresh code to use.
    let code = credit::new_code(&state, student).await.unwrap();
    let charge = format!("code={}&amount=5&description=Kaartje&client_key=world", code.code);
    w.call("/api/provider/counter_charge", Role::Provider, &charge).await;
    w.keep("counter_payment", "SELECT MAX(id) FROM counter_payments").await;
    w.set("code", credit::new_code(&state, student).await.unwrap().code);
    // Approved weborders to cancel, one for each role that may.
    for role in ["budgetholder", "provider", "platformadmin"] {
        let id = w.id(&format!("weborder_cancel@{role}"));
        w.call("/api/weborders/approve", Role::BudgetHolder, &format!("weborder_id={id}&hold_id=&client_key=cancel-{role}"))
            .await;
    }

    // Last, so that no deadline passes before the tests: seven more locations of ROC Amstelland, each with a budget order in its own state.
    let institution =
        domain::InstitutionId(w.newest("SELECT institution_id FROM locations WHERE cjp_school_number = 'CJP-250001'").await);
    for (n, name) in ["submit", "amend", "withdraw", "approve", "reject", "pay", "credit"].into_iter().enumerate() {
        let mut tx = state.db.begin_write().await.unwrap();
        let location = orgs::create_location(
            &mut tx,
            state.clock.now_ms(),
            institution,
            &orgs::NewLocation {
                vestiging_number: &format!("2{n}"),
                name: &format!("ROC Amstelland — locatie {name}"),
                street: "Europaboulevard 12",
                postcode: "1083 AD",
                city: "Amsterdam",
                cjp_school_number: &format!("CJP-2500{}", 20 + n),
            },
        )
        .await
        .unwrap();
        people::assign_role(&mut tx, 0, holder, Role::BudgetHolder, &Scope::Location(location)).await.unwrap();
        tx.commit().await.unwrap();
        testing::taking_part(&state, location).await;
        let count = format!("location_id={}&school_year=2026-2027&count=100&reason=telling", location.0);
        w.call("/api/admin/student_count", Role::PlatformAdmin, &count).await;
        w.set(format!("location_{name}"), location.0);
        if name == "submit" {
            continue;
        }
        let email = demo::DEMO_ACCOUNTS[2].0;
        let order = budget::submit_order(&state, holder, email, location, "100", "0").await.unwrap();
        w.set(format!("order_{name}"), order.id);
        if name == "pay" || name == "credit" {
            assert!(budget::approve_order(&state, order.id, None, true).await.unwrap());
            let invoice = budget::order(&state.db, order.id, None).await.unwrap().unwrap().invoice.unwrap();
            w.set(format!("invoice_{name}"), invoice.id);
        }
    }

    // A bank credit that named no invoice, to link by hand to the invoice of the order above.
    let number = sqlx::query("SELECT number FROM invoices WHERE id = $1").bind(w.id("invoice_pay")).fetch_one(&state.db.pool);
    let number: String = sqlx::Row::get(&number.await.unwrap(), 0);
    w.set("invoice_pay_number", number);
    sqlx::query(
        "INSERT INTO bank_statement_lines (line_key, account_iban, amount_cents, booked_on, remittance, counterparty, status, imported_at)
         VALUES ('world:unmatched:0', 'NL91ABNA0417164300', 1000, '2026-11-28', 'cultuur', 'ROC Amstelland', 'unmatched', 0)",
    )
    .execute(&state.db.pool)
    .await
    .unwrap();
    w.keep("credit_unmatched", "SELECT MAX(id) FROM bank_statement_lines WHERE status = 'unmatched'").await;

    w
}
