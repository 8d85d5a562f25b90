//! File downloads that are plain GET routes (so a link works without JavaScript): a school's
//! invoices and credit notes (PDF and e-invoice), a location's ledger history as CSV, providers'
//! payout statements and the operator's SEPA payout files. Same rules as server functions: the caller comes from
//! the session, and only the school's own staff and the operator get the file.

use crate::extract::PagePath;
use crate::ServerState;
use app::request::cookie_in;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use domain::Role;
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use services::accounts::auth::{self, SESSION_COOKIE};
use services::{accounts::orgs, budget::einvoice, files::csv, market::payouts, passes::roster};

/// `GET /invoices/{id}/{file}`: an invoice as `pdf` or as Peppol BIS Billing 3.0 `ubl`, and
/// its credit note (if credited) as `credit-note.pdf` or `credit-note.xml`.
pub async fn invoice_file(
    State(s): State<ServerState>,
    PagePath((id, file)): PagePath<(i64, String)>,
    headers: HeaderMap,
) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let is_admin = user.has_role(Role::PlatformAdmin);
    if !is_admin && !user.has_role(Role::Board) && !user.has_role(Role::BudgetHolder) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let doc = match einvoice::document(&s.app.db, id).await {
        Ok(Some(doc)) => doc,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Err(status) = may_see_location(&s, &user, doc.location_id).await {
        return status.into_response();
    }
    let seller = &s.app.settings.seller;
    let note = doc.credit_note.as_ref();
    let needs_kvk = file == "ubl" || file == "credit-note.xml";
    if needs_kvk && doc.buyer_kvk.is_empty() {
        return (StatusCode::CONFLICT, "De KvK-gegevens van de instelling ontbreken; CJP vult ze aan.").into_response();
    }
    let (body, content_type, name) = match (file.as_str(), note) {
        ("pdf", _) => (einvoice::pdf(&doc, seller, None), "application/pdf", format!("{}.pdf", doc.number)),
        ("ubl", _) => (einvoice::ubl(&doc, seller).into_bytes(), "application/xml; charset=utf-8", format!("{}.xml", doc.number)),
        ("credit-note.pdf", Some(n)) => (einvoice::pdf(&doc, seller, Some(n)), "application/pdf", format!("{}.pdf", n.number)),
        ("credit-note.xml", Some(n)) => (
            einvoice::credit_note_ubl(&doc, n, seller).into_bytes(),
            "application/xml; charset=utf-8",
            format!("{}.xml", n.number),
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut res = body.into_response();
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res
}

/// `GET /school/ledger.csv?location=ID`: a location's ledger history as CSV, for its board
/// and budget holders and for the operator.
pub async fn ledger_csv(
    State(s): State<ServerState>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let is_admin = user.has_role(Role::PlatformAdmin);
    if !is_admin && !user.has_role(Role::Board) && !user.has_role(Role::BudgetHolder) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(location) = q.get("location").and_then(|l| l.parse::<i64>().ok()).map(domain::LocationId) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(status) = may_see_location(&s, &user, location).await {
        return status.into_response();
    }
    // The whole history, a page at a time (it grows by a few lines per order and activity).
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let Ok(chunk) =
            services::budget::payments::ledger_history(&s.app.db, location, domain::PageRequest::new(page, 100)).await
        else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let done = chunk.page >= chunk.page_count();
        rows.extend(chunk.rows.into_iter().map(|l| {
            vec![
                csv::cell(&domain::time::format_local(l.at_ms)),
                csv::cell(&l.kind),
                csv::cell(&l.reference),
                csv::cell(l.account.code()),
                l.amount.to_string().replace('.', ","),
            ]
        }));
        if done {
            break;
        }
        page += 1;
    }
    let body = csv::file(&["datum", "soort", "kenmerk", "rekening", "bedrag"], rows);
    let mut res = body.into_response();
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"mutaties-vestiging-{}.csv\"", location.0)) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res
}

/// The signed-in person behind the session cookie, or the status to answer with.
async fn caller(s: &ServerState, headers: &HeaderMap) -> Result<domain::CurrentUser, StatusCode> {
    let token = cookie_in(headers, SESSION_COOKIE).ok_or(StatusCode::UNAUTHORIZED)?;
    match auth::session_user(&s.app, &token).await {
        Ok(Some(u)) => Ok(u),
        Ok(None) => Err(StatusCode::UNAUTHORIZED),
        Err(e) => {
            tracing::error!(error = %e, "session lookup");
            Err(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// The operator sees every location; school staff only their own. Another school's location
/// answers exactly like a missing one (404).
async fn may_see_location(s: &ServerState, user: &domain::CurrentUser, location: domain::LocationId) -> Result<(), StatusCode> {
    if user.has_role(Role::PlatformAdmin) {
        return Ok(());
    }
    match orgs::school_locations_of(&s.app.db, user).await {
        Ok(mine) if mine.iter().any(|l| l.id == location) => Ok(()),
        Ok(_) => Err(StatusCode::NOT_FOUND),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn attachment(body: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res
}

/// `GET /provider/payouts/{batch}/{file}`: the caller's provider's statement of a payout batch
/// as `statement.pdf` or `statement.csv` (another provider's batch answers 404).
pub async fn payout_statement(
    State(s): State<ServerState>,
    PagePath((batch, file)): PagePath<(i64, String)>,
    headers: HeaderMap,
) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let Some(provider) = user.providers().first().copied() else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let statement = match payouts::statement(&s.app, provider, batch).await {
        Ok(st) => st,
        Err(domain::AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match file.as_str() {
        "statement.pdf" => attachment(
            payouts::statement_pdf(&statement, &s.app.settings.seller),
            "application/pdf",
            &format!("{}.pdf", statement.batch_number),
        ),
        "statement.csv" => attachment(
            payouts::statement_csv(&statement).into_bytes(),
            "text/csv; charset=utf-8",
            &format!("{}.csv", statement.batch_number),
        ),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /admin/payouts/{batch}/pain001.xml`: a batch's SEPA credit transfer file, for the
/// operator to upload to the bank.
pub async fn payout_file(State(s): State<ServerState>, PagePath(batch): PagePath<i64>, headers: HeaderMap) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    if !user.has_role(Role::PlatformAdmin) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match payouts::document(&s.app, batch).await {
        Ok((number, xml)) => attachment(xml.into_bytes(), "application/xml; charset=utf-8", &format!("{number}.xml")),
        Err(domain::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /offers/images/{id}`: an offer's picture (JPEG, re-encoded at upload) — for anyone when
/// the offer is in the catalogue, otherwise only for the offer's own provider.
pub async fn offer_image(State(s): State<ServerState>, PagePath(id): PagePath<i64>, headers: HeaderMap) -> Response {
    let viewer = caller(&s, &headers).await.ok().and_then(|u| u.providers().first().copied());
    match services::market::offers::image(&s.app, id, viewer).await {
        Ok(Some(bytes)) => {
            let mut res = bytes.into_response();
            res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            res
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /school/roster/{location}/{file}`: a location's roster template as `sjabloon.xlsx` or
/// `sjabloon.csv`, with the columns of its field choice; for its budget holders.
pub async fn roster_template(
    State(s): State<ServerState>,
    PagePath((location, file)): PagePath<(i64, String)>,
    headers: HeaderMap,
) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    if !user.has_role(Role::BudgetHolder) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let location = domain::LocationId(location);
    if !user.locations_with(&[Role::BudgetHolder]).contains(&location) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let name = format!("cultuurkaart-lijst-vestiging-{}", location.0);
    match file.as_str() {
        "sjabloon.xlsx" => match roster::template_xlsx(&s.app.db, location).await {
            Ok(bytes) => {
                attachment(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &format!("{name}.xlsx"))
            }
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        "sjabloon.csv" => match roster::template_csv(&s.app.db, location).await {
            Ok(text) => attachment(text.into_bytes(), "text/csv; charset=utf-8", &format!("{name}.csv")),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /account/export.json`: everything the platform holds about the signed-in person, as
/// JSON; the operator may ask for anyone's with `?person=ID`.
pub async fn personal_data(
    State(s): State<ServerState>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let person = match q.get("person").map(|p| p.parse::<i64>()) {
        None => user.person_id,
        Some(Ok(id)) if user.has_role(Role::PlatformAdmin) => domain::PersonId(id),
        Some(Ok(_)) => return StatusCode::FORBIDDEN.into_response(),
        Some(Err(_)) => return StatusCode::NOT_FOUND.into_response(),
    };
    match services::accounts::privacy::export(&s.app, person).await {
        Ok(data) => match serde_json::to_vec_pretty(&data) {
            Ok(bytes) => attachment(bytes, "application/json", &format!("cultuurkaart-gegevens-{}.json", person.0)),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Err(domain::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The form of a class sheet.
#[derive(serde::Deserialize)]
pub struct SheetForm {
    location_id: i64,
    class: String,
}

/// `POST /school/classes/sheet`: a class's activation sheet as PDF, for a budget holder of
/// the location or a Docent+ who teaches the class. A POST: making it issues new links.
pub async fn class_sheet(State(s): State<ServerState>, headers: HeaderMap, axum::Form(form): axum::Form<SheetForm>) -> Response {
    let user = match caller(&s, &headers).await {
        Ok(u) => u,
        Err(status) => return status.into_response(),
    };
    let location = domain::LocationId(form.location_id);
    let sheet = if user.locations_with(&[Role::BudgetHolder]).contains(&location) {
        services::passes::class_sheet(&s.app, user.person_id, location, &form.class, None).await
    } else if user.locations_with(&[Role::TeacherPlus]).contains(&location) {
        match services::passes::own_classes(&s.app, user.person_id, &[location]).await {
            Ok(own) => services::passes::class_sheet(&s.app, user.person_id, location, &form.class, Some(&own)).await,
            Err(e) => Err(e),
        }
    } else if user.has_role(Role::BudgetHolder) || user.has_role(Role::TeacherPlus) {
        Err(domain::AppError::NotFound)
    } else {
        Err(domain::AppError::Forbidden)
    };
    match sheet {
        Ok(pdf) => attachment(
            pdf,
            "application/pdf",
            &format!("activeringsblad-{}.pdf", form.class.replace(|c: char| !c.is_ascii_alphanumeric(), "-")),
        ),
        Err(e) => StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}
