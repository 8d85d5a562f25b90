//! The catalogue for teachers, and the requests a Docent+ sends to providers.

use domain::offer::{OfferRow, SearchForm};
use domain::offer_request::{RequestForm, RequestRow, RequestThread};
use domain::{AppError, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueResults {
    /// At most [`SEARCH_COUNT_CAP`](domain::offer::SEARCH_COUNT_CAP) as total.
    pub offers: Page<OfferRow>,
    /// True when more offers match than the total says.
    pub more: bool,
    /// True when the teacher's location has a position, so distance works.
    pub distance_known: bool,
}

/// An offer as a teacher sees it, and whether they may send a request about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForTeacher {
    pub offer: OfferRow,
    /// The Docent+'s locations to request for (empty for other teachers).
    pub request_locations: Vec<(i64, String)>,
}

#[cfg(feature = "ssr")]
async fn teacher_caller() -> Result<domain::CurrentUser, AppError> {
    crate::request::require_portal(domain::Portal::Teacher).await
}

/// Searches the catalogue (teachers and Docent+).
#[server(endpoint = "catalogue/search")]
pub async fn catalogue_search(search: SearchForm) -> Result<CatalogueResults, AppError> {
    use crate::request::{respond, state};
    use domain::Role;
    use services::market::offers;
    respond(
        async move {
            let user = teacher_caller().await?;
            search.check()?;
            let state = state()?;
            let origin = match user.locations_with(&[Role::TeacherPlus, Role::Teacher]).first() {
                Some(l) => offers::location_position(&state, *l).await?,
                None => None,
            };
            let mut offers = offers::search(&state, &search.query(), origin).await?;
            let cap = domain::offer::SEARCH_COUNT_CAP;
            let more = offers.total > cap;
            offers.total = offers.total.min(cap);
            Ok(CatalogueResults { offers, more, distance_known: origin.is_some() })
        }
        .await,
    )
}

/// One published offer (teachers and Docent+).
#[server(endpoint = "catalogue/offer")]
pub async fn catalogue_offer(offer_id: i64) -> Result<OfferForTeacher, AppError> {
    use crate::request::{respond, state};
    use domain::Role;
    use services::{accounts::orgs, market::offers};
    respond(
        async move {
            let user = teacher_caller().await?;
            let state = state()?;
            let offer = offers::offer(&state, offer_id, None).await?;
            let ids = user.locations_with(&[Role::TeacherPlus]);
            let request_locations = orgs::locations_by_ids(&state.db, &ids)
                .await
                .map_err(domain::failure::internal)?
                .into_iter()
                .map(|l| (l.id.0, l.name))
                .collect();
            Ok(OfferForTeacher { offer, request_locations })
        }
        .await,
    )
}

/// A Docent+ sends a request about an offer for one of their locations.
#[server(endpoint = "catalogue/request")]
pub async fn send_request(location_id: i64, request: RequestForm) -> Result<(), AppError> {
    use crate::request::{require_location, respond, state};
    use domain::Role;
    use services::market::offer_requests;
    respond(
        async move {
            let (user, location) = require_location(&[Role::TeacherPlus], location_id).await?;
            let parsed = request.parse()?;
            let id = offer_requests::create(&state()?, user.person_id, location, &parsed).await?;
            leptos_axum::redirect(&format!("/teacher/requests/{id}?done=sent"));
            Ok(())
        }
        .await,
    )
}

/// The caller's own requests.
#[server(endpoint = "catalogue/requests")]
pub async fn teacher_requests(page: u32) -> Result<Page<RequestRow>, AppError> {
    use crate::request::{respond, state};
    use domain::PageRequest;
    use services::market::offer_requests::{self, Side};
    respond(
        async move {
            let user = teacher_caller().await?;
            offer_requests::list(&state()?, Side::Teacher(user.person_id), PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// One of the caller's own request threads.
#[server(endpoint = "catalogue/request_thread")]
pub async fn teacher_request(request_id: i64) -> Result<RequestThread, AppError> {
    use crate::request::{respond, state};
    use services::market::offer_requests::{self, Side};
    respond(
        async move {
            let user = teacher_caller().await?;
            offer_requests::thread(&state()?, Side::Teacher(user.person_id), request_id).await
        }
        .await,
    )
}

/// The teacher writes in their own thread, or closes it (`close` = "1").
#[server(endpoint = "catalogue/reply")]
pub async fn teacher_reply(request_id: i64, message: String, close: String) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::offer_requests::{self, Side};
    respond(
        async move {
            let user = teacher_caller().await?;
            let state = state()?;
            let side = Side::Teacher(user.person_id);
            if close == "1" {
                offer_requests::close(&state, side, request_id).await?;
            } else {
                offer_requests::reply(&state, user.person_id, side, request_id, &message).await?;
            }
            leptos_axum::redirect(&format!("/teacher/requests/{request_id}?done=sent"));
            Ok(())
        }
        .await,
    )
}
