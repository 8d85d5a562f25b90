//! Requests from a Docent+ to a provider about an offer, with the thread that follows. The
//! school's CJP school number is filled in from the teacher's location, so the provider can
//! make the weborder from it. Each message mails the other side.

use crate::market::offers;
use crate::market::weborders::provider_emails;
use crate::platform::db::{int, money, text, Tx};
use crate::platform::mail;
use crate::platform::state::AppState;
use domain::error::Problem;
use domain::failure::internal;
use domain::offer_request::{
    NewRequest, RequestBooking, RequestMessage, RequestRow, RequestStatus, RequestThread, MAX_MESSAGE_CHARS,
};
use domain::weborder::WeborderStatus;
use domain::{AppError, LocationId, Page, PageRequest, PersonId, ProviderId};

/// Which side of a thread is asking.
#[derive(Clone, Copy, Debug)]
pub enum Side {
    /// The teacher who made the request.
    Teacher(PersonId),
    /// The provider the request is for.
    Provider(ProviderId),
}

const REQUEST_SELECT: &str = "SELECT r.id, r.offer_id, o.title, r.provider_id, pr.name AS provider_name, r.location_id,
    l.name AS location_name, l.cjp_school_number, t.display_name AS teacher_name, t.email AS teacher_email, r.preferred_dates,
    r.students, r.status, r.updated_at, r.teacher_id
    FROM offer_requests r JOIN offers o ON o.id = r.offer_id JOIN providers pr ON pr.id = r.provider_id
    JOIN locations l ON l.id = r.location_id JOIN people t ON t.id = r.teacher_id";

fn request_from_row(r: &sqlx::any::AnyRow) -> Result<RequestRow, AppError> {
    Ok(RequestRow {
        id: int(r, "id")?,
        offer_id: int(r, "offer_id")?,
        offer_title: text(r, "title")?,
        provider_id: ProviderId(int(r, "provider_id")?),
        provider_name: text(r, "provider_name")?,
        location_id: LocationId(int(r, "location_id")?),
        location_name: text(r, "location_name")?,
        cjp_school_number: text(r, "cjp_school_number")?,
        teacher_name: text(r, "teacher_name")?,
        teacher_email: text(r, "teacher_email")?,
        preferred_dates: text(r, "preferred_dates")?,
        students: int(r, "students")?,
        status: RequestStatus::from_code(&text(r, "status")?).ok_or_else(|| internal("request status"))?,
        updated_at_ms: int(r, "updated_at")?,
    })
}

fn scope(side: Side) -> (&'static str, i64) {
    match side {
        Side::Teacher(p) => ("r.teacher_id = $1", p.0),
        Side::Provider(p) => ("r.provider_id = $1", p.0),
    }
}

async fn message(tx: &mut Tx, now: i64, request: i64, author: PersonId, from_provider: bool, body: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO request_messages (request_id, author_id, from_provider, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request)
    .bind(author.0)
    .bind(i64::from(from_provider))
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A Docent+ of `location` asks about a published offer; the provider's users get a mail.
#[tracing::instrument(skip_all)]
pub async fn create(state: &AppState, teacher: PersonId, location: LocationId, r: &NewRequest) -> Result<i64, AppError> {
    let offer = offers::offer(state, r.offer_id, None).await.map_err(|_| AppError::field("offer_id", Problem::UnknownOffer))?;
    if offer.capacity > 0 && r.students > offer.capacity {
        return Err(AppError::field("students", Problem::MoreThanCapacity));
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let id = int(
        &sqlx::query(
            "INSERT INTO offer_requests (offer_id, provider_id, location_id, teacher_id, preferred_dates, students, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7) RETURNING id",
        )
        .bind(offer.id)
        .bind(offer.provider_id.0)
        .bind(location.0)
        .bind(teacher.0)
        .bind(&r.preferred_dates)
        .bind(r.students)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        ?,
        "id",
    )
    ?;
    message(&mut tx, now, id, teacher, false, &r.message).await?;
    let row = row_in(&mut tx, id).await?;
    let body = format!(
        "Nieuwe aanvraag voor \"{offer}\" van {teacher} ({location}, CJP-schoolnummer {cjp}).\nVoorkeursdata: {dates}\nAantal leerlingen: {students}\n\n{message}\n\nBeantwoord de aanvraag op {base}/provider/requests/{id}\n\n---\n\nNew request for \"{offer}\" from {teacher} ({location}, CJP school number {cjp}). Answer it at {base}/provider/requests/{id}\n",
        offer = row.offer_title,
        teacher = row.teacher_name,
        location = row.location_name,
        cjp = row.cjp_school_number,
        dates = row.preferred_dates,
        students = row.students,
        message = r.message,
        base = state.settings.public_base_url
    );
    for to in provider_emails(&mut tx, offer.provider_id).await? {
        mail::enqueue(&mut tx, now, &to, "Nieuwe aanvraag / New request — MBO Cultuurkaart", &body).await?;
    }
    tx.commit().await?;
    Ok(id)
}

async fn row_in(tx: &mut Tx, id: i64) -> Result<RequestRow, AppError> {
    let r = sqlx::query(&format!("{REQUEST_SELECT} WHERE r.id = $1")).bind(id).fetch_optional(&mut **tx).await?;
    r.as_ref().map(request_from_row).transpose()?.ok_or(AppError::NotFound)
}

fn may_see(side: Side, r: &RequestRow, teacher_id: i64) -> bool {
    match side {
        Side::Teacher(p) => p.0 == teacher_id,
        Side::Provider(p) => p == r.provider_id,
    }
}

/// Adds a message to a thread the author takes part in and mails the other side. The provider
/// answering marks the request answered; the teacher writing again reopens it.
#[tracing::instrument(skip_all)]
pub async fn reply(state: &AppState, author: PersonId, side: Side, id: i64, body: &str) -> Result<(), AppError> {
    let body = domain::error::required_field("message", body, MAX_MESSAGE_CHARS)?;
    let body = body.as_str();
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let teacher_id = teacher_of(&mut tx, id).await?;
    let row = row_in(&mut tx, id).await?;
    if !may_see(side, &row, teacher_id) {
        return Err(AppError::NotFound);
    }
    if row.status == RequestStatus::Closed {
        return Err(AppError::Conflict(Problem::RequestClosed));
    }
    let from_provider = matches!(side, Side::Provider(_));
    message(&mut tx, now, id, author, from_provider, body).await?;
    let status = match (from_provider, row.status) {
        (_, RequestStatus::Converted) => RequestStatus::Converted,
        (true, _) => RequestStatus::Answered,
        (false, _) => RequestStatus::Open,
    };
    sqlx::query("UPDATE offer_requests SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.code())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let (to, link) = if from_provider {
        (vec![row.teacher_email.clone()], format!("{}/teacher/requests/{id}", state.settings.public_base_url))
    } else {
        (provider_emails(&mut tx, row.provider_id).await?, format!("{}/provider/requests/{id}", state.settings.public_base_url))
    };
    let mail_body = format!(
        "Nieuw bericht over \"{offer}\":\n\n{body}\n\nLees en antwoord op {link}\n\n---\n\nNew message about \"{offer}\". Read and answer at {link}\n",
        offer = row.offer_title
    );
    for address in to {
        mail::enqueue(
            &mut tx,
            now,
            &address,
            "Bericht over een aanvraag / Message about a request — MBO Cultuurkaart",
            &mail_body,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn teacher_of(tx: &mut Tx, id: i64) -> Result<i64, AppError> {
    let r = sqlx::query("SELECT teacher_id FROM offer_requests WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    int(&r.ok_or(AppError::NotFound)?, "teacher_id").map_err(internal)
}

/// Closes a thread (either side); no more messages after that.
#[tracing::instrument(skip_all)]
pub async fn close(state: &AppState, side: Side, id: i64) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let teacher_id = teacher_of(&mut tx, id).await?;
    let row = row_in(&mut tx, id).await?;
    if !may_see(side, &row, teacher_id) {
        return Err(AppError::NotFound);
    }
    sqlx::query("UPDATE offer_requests SET status = 'closed', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The requests of one side, most recently active first.
#[tracing::instrument(skip_all)]
pub async fn list(state: &AppState, side: Side, page: PageRequest) -> Result<Page<RequestRow>, AppError> {
    let (filter, id) = scope(side);
    let total = int(
        &sqlx::query(&format!("SELECT COUNT(*) AS n FROM offer_requests r WHERE {filter}"))
            .bind(id)
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    let rows = sqlx::query(&format!("{REQUEST_SELECT} WHERE {filter} ORDER BY r.updated_at DESC, r.id DESC LIMIT $2 OFFSET $3"))
        .bind(id)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Page {
        rows: rows.iter().map(request_from_row).collect::<Result<_, _>>()?,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// One thread, if the side takes part in it.
#[tracing::instrument(skip_all)]
pub async fn thread(state: &AppState, side: Side, id: i64) -> Result<RequestThread, AppError> {
    let (filter, owner) = scope(side);
    let r = sqlx::query(&format!("{REQUEST_SELECT} WHERE {filter} AND r.id = $2"))
        .bind(owner)
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let messages = sqlx::query(
        "SELECT m.created_at, p.display_name, m.from_provider, m.body FROM request_messages m JOIN people p ON p.id = m.author_id
         WHERE m.request_id = $1 ORDER BY m.id",
    )
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|m| {
        Ok(RequestMessage {
            at_ms: int(m, "created_at")?,
            author: text(m, "display_name")?,
            from_provider: int(m, "from_provider")? == 1,
            body: text(m, "body")?,
        })
    })
    .collect::<Result<_, AppError>>()?;
    let bookings =
        sqlx::query("SELECT id, activity_date, students, amount_cents, status FROM weborders WHERE request_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&state.db.pool)
            .await?
            .iter()
            .map(|w| {
                let status = text(w, "status")?;
                Ok(RequestBooking {
                    weborder_id: int(w, "id")?,
                    activity_date: text(w, "activity_date")?,
                    students: int(w, "students")?,
                    amount: money(int(w, "amount_cents")?)?,
                    status: WeborderStatus::from_code(&status).ok_or_else(|| internal(format!("weborder status {status}")))?,
                })
            })
            .collect::<Result<_, AppError>>()?;
    Ok(RequestThread { request: request_from_row(&r)?, messages, bookings })
}
