//! The provider portal: sign-up (public), the provider's own offers, weborders, requests,
//! payout statements, bank account and API keys. Every function works on the caller's provider
//! from the session, never on one named in the request.

use domain::offer::{OfferForm, OfferRow};
use domain::offer_request::{RequestRow, RequestThread};
use domain::provider::{ProviderRow, SignupForm};
use domain::weborder::{PayoutBatchRow, WeborderForm, WeborderHistoryLine, WeborderRow};
use domain::{AppError, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The provider's home: who they are and what waits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderOverview {
    pub provider: ProviderRow,
    pub open_requests: i64,
    pub pending_weborders: i64,
    pub published_offers: i64,
    /// Everyone who works in the portal for this provider, and open invitations.
    pub colleagues: Vec<domain::provider::Colleague>,
}

/// A weborder of the provider with its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderWeborderDetail {
    pub weborder: WeborderRow,
    pub history: Vec<WeborderHistoryLine>,
}

/// A new API key, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub id: i64,
    pub key: String,
}

#[cfg(feature = "ssr")]
pub(crate) async fn provider_caller() -> Result<(domain::CurrentUser, domain::ProviderId), AppError> {
    use crate::request::require_role;
    use domain::Role;
    let user = require_role(&[Role::Provider]).await?;
    let provider = *user.providers().first().ok_or(AppError::Forbidden)?;
    Ok((user, provider))
}

/// Signs a new provider up (public, rate-limited per address); the contact gets a mail with a
/// link to choose a password.
#[server(endpoint = "provider/signup")]
pub async fn provider_signup(signup: SignupForm) -> Result<(), AppError> {
    use crate::request::{client_address, respond, state};
    use services::market::providers;
    respond(
        async move {
            let state = state()?;
            let key = format!("signup:{}", client_address(&state));
            if !services::platform::throttle::take_attempt(&state.db, &key, 10, state.clock.now_ms()).await? {
                return Err(AppError::RateLimited);
            }
            let parsed = signup.parse()?;
            providers::signup(&state, &parsed).await?;
            leptos_axum::redirect("/provider/signup?done=signed_up");
            Ok(())
        }
        .await,
    )
}

/// The provider's home page.
#[server(endpoint = "provider/home")]
pub async fn provider_home() -> Result<ProviderOverview, AppError> {
    use crate::request::{respond, state};
    use services::{accounts::colleagues, market::providers};
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let state = state()?;
            let detail = providers::detail(&state, provider).await?;
            let waiting = providers::waiting(&state, provider).await?;
            Ok(ProviderOverview {
                provider: detail.provider,
                colleagues: colleagues::list(&state, provider, user.person_id).await?,
                open_requests: waiting.open_requests,
                pending_weborders: waiting.pending_weborders,
                published_offers: waiting.published_offers,
            })
        }
        .await,
    )
}

/// The provider's offers.
#[server(endpoint = "provider/offers")]
pub async fn provider_offers(
    #[server(default)] status: Option<domain::offer::OfferStatus>,
    page: u32,
) -> Result<Page<OfferRow>, AppError> {
    use crate::request::{respond, state};

    use domain::PageRequest;
    use services::market::offers;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            offers::own_offers(&state()?, provider, status, PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// One of the provider's offers, in any state.
#[server(endpoint = "provider/offer")]
pub async fn provider_offer(offer_id: i64) -> Result<OfferRow, AppError> {
    use crate::request::{respond, state};
    use services::market::offers;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            let o = offers::offer(&state()?, offer_id, Some(provider)).await?;
            if o.provider_id != provider {
                return Err(AppError::NotFound);
            }
            Ok(o)
        }
        .await,
    )
}

/// Saves an offer: new (as a draft) when `offer_id` is empty, otherwise the provider's own.
#[server(endpoint = "provider/save_offer")]
pub async fn save_offer(offer_id: String, offer: OfferForm) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::offers;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let parsed = offer.parse()?;
            let existing = offer_id.trim().parse::<i64>().ok();
            let id = offers::save(&state()?, user.person_id, provider, existing, &parsed).await?;
            leptos_axum::redirect(&format!("/provider/offers/{id}?done=saved"));
            Ok(())
        }
        .await,
    )
}

/// Publishes, archives or returns one of the provider's offers to draft.
#[server(endpoint = "provider/offer_status")]
pub async fn set_offer_status(offer_id: i64, status: domain::offer::OfferStatus) -> Result<(), AppError> {
    use crate::request::{respond, state};

    use services::market::offers;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            offers::set_status(&state()?, user.person_id, provider, offer_id, status).await?;
            leptos_axum::redirect(&format!("/provider/offers/{offer_id}?done={}", status.code()));
            Ok(())
        }
        .await,
    )
}

/// The name of the school location with this CJP school number, so the provider can check it.
#[server(endpoint = "provider/school")]
pub async fn lookup_school(cjp_school_number: String) -> Result<Option<String>, AppError> {
    use crate::request::{respond, state};
    use services::market::weborders;
    respond(
        async move {
            provider_caller().await?;
            Ok(weborders::school_by_cjp(&state()?, &cjp_school_number).await?.map(|(_, name)| name))
        }
        .await,
    )
}

/// The provider's weborders.
#[server(endpoint = "provider/weborders")]
pub async fn provider_weborders(
    #[server(default)] status: Option<domain::weborder::WeborderStatus>,
    page: u32,
) -> Result<Page<WeborderRow>, AppError> {
    use crate::request::{respond, state};

    use domain::PageRequest;
    use services::market::weborders::{self, Viewer};
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            weborders::list(&state()?, &Viewer::Provider(provider), status, PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// One of the provider's weborders with its history.
#[server(endpoint = "provider/weborder")]
pub async fn provider_weborder(weborder_id: i64) -> Result<ProviderWeborderDetail, AppError> {
    use crate::request::{respond, state};
    use services::market::weborders::{self, Viewer};
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            let state = state()?;
            let viewer = Viewer::Provider(provider);
            Ok(ProviderWeborderDetail {
                weborder: weborders::weborder(&state, &viewer, weborder_id).await?,
                history: weborders::history(&state, &viewer, weborder_id).await?,
            })
        }
        .await,
    )
}

/// Creates a weborder for a school location by its CJP school number.
#[server(endpoint = "provider/create_weborder")]
pub async fn create_weborder(weborder: WeborderForm) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::weborders;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let parsed = weborder.parse()?;
            let (id, _) = weborders::create(&state()?, provider, Some(user.person_id), &parsed).await?;
            leptos_axum::redirect(&format!("/provider/weborders/{id}?done=created"));
            Ok(())
        }
        .await,
    )
}

/// The provider's requests, most recently active first.
#[server(endpoint = "provider/requests")]
pub async fn provider_requests(page: u32) -> Result<Page<RequestRow>, AppError> {
    use crate::request::{respond, state};
    use domain::PageRequest;
    use services::market::offer_requests::{self, Side};
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            offer_requests::list(&state()?, Side::Provider(provider), PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// One of the provider's request threads.
#[server(endpoint = "provider/request")]
pub async fn provider_request(request_id: i64) -> Result<RequestThread, AppError> {
    use crate::request::{respond, state};
    use services::market::offer_requests::{self, Side};
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            offer_requests::thread(&state()?, Side::Provider(provider), request_id).await
        }
        .await,
    )
}

/// The provider answers in a request thread, or closes it (`close` = "1").
#[server(endpoint = "provider/reply")]
pub async fn provider_reply(request_id: i64, message: String, close: String) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::offer_requests::{self, Side};
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let state = state()?;
            if close == "1" {
                offer_requests::close(&state, Side::Provider(provider), request_id).await?;
            } else {
                offer_requests::reply(&state, user.person_id, Side::Provider(provider), request_id, &message).await?;
            }
            leptos_axum::redirect(&format!("/provider/requests/{request_id}?done=sent"));
            Ok(())
        }
        .await,
    )
}

/// The provider's payout statements, newest first.
#[server(endpoint = "provider/payouts")]
pub async fn provider_payouts(page: u32) -> Result<Page<PayoutBatchRow>, AppError> {
    use crate::request::{respond, state};
    use domain::PageRequest;
    use services::market::payouts;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            payouts::statements_of(&state()?, provider, PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// The provider asks to be paid to another account (checked by the operator first).
#[server(endpoint = "provider/iban")]
pub async fn request_iban_change(iban: String, account_holder: String) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::providers;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            providers::request_iban(&state()?, user.person_id, provider, &iban, &account_holder).await?;
            leptos_axum::redirect("/provider?done=iban");
            Ok(())
        }
        .await,
    )
}

/// The provider's API keys.
#[server(endpoint = "provider/api_keys")]
pub async fn provider_api_keys() -> Result<Vec<domain::provider::ApiKeyRow>, AppError> {
    use crate::request::{respond, state};
    use services::accounts::api_keys;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            api_keys::list(&state()?, provider).await
        }
        .await,
    )
}

/// Makes an API key; the answer holds the key, which is never shown again. A form post is
/// sent on to the keys page, which shows it once (handed over in a cookie for that page).
#[server(endpoint = "provider/create_api_key")]
pub async fn create_api_key(label: String) -> Result<NewApiKey, AppError> {
    use crate::request::{respond, state};
    use services::accounts::api_keys;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let state = state()?;
            let (id, key) = api_keys::create(&state, user.person_id, provider, &label).await?;
            // A form post follows the redirect to the page, which shows the key once.
            crate::request::hand_over_new_key(&state, &key);
            leptos_axum::redirect(&format!("{}?done=created", crate::request::NEW_KEY_PAGE));
            Ok(NewApiKey { id, key })
        }
        .await,
    )
}

/// Revokes one of the provider's API keys.
#[server(endpoint = "provider/revoke_api_key")]
pub async fn revoke_api_key(key_id: i64) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::accounts::api_keys;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            api_keys::revoke(&state()?, user.person_id, provider, key_id).await?;
            leptos_axum::redirect("/provider/api?done=revoked");
            Ok(())
        }
        .await,
    )
}

/// The provider's weborders by status and by school location, and what was paid out.
#[server(endpoint = "provider/figures")]
pub async fn provider_figures() -> Result<domain::report::ProviderReport, AppError> {
    use crate::request::{respond, state};
    use services::budget::reports;
    respond(
        async move {
            let (_, provider) = provider_caller().await?;
            reports::provider_report(&state()?, provider).await
        }
        .await,
    )
}

/// Adds a picture to one of the provider's offers (multipart: `offer_id`, `alt_text`, `file`).
#[server(input = server_fn::codec::MultipartFormData, endpoint = "provider/offer_image")]
pub async fn upload_offer_image(data: server_fn::codec::MultipartData) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use domain::Problem;
    use services::market::offer_image::MAX_UPLOAD_BYTES;
    use services::market::offers;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let mut data = data.into_inner().ok_or(AppError::BadRequest)?;
            let (mut offer_id, mut alt, mut bytes) = (None, String::new(), Vec::new());
            while let Ok(Some(mut field)) = data.next_field().await {
                match field.name() {
                    Some("offer_id") => offer_id = field.text().await.ok().and_then(|v| v.trim().parse::<i64>().ok()),
                    Some("alt_text") => alt = field.text().await.unwrap_or_default(),
                    Some("file") => {
                        while let Ok(Some(chunk)) = field.chunk().await {
                            if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                                return Err(AppError::field("file", Problem::ImageTooLarge));
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                    }
                    _ => {}
                }
            }
            let offer_id = offer_id.ok_or(AppError::NotFound)?;
            offers::add_image(&state()?, user.person_id, provider, offer_id, bytes, &alt).await?;
            leptos_axum::redirect(&format!("/provider/offers/{offer_id}?done=image_added"));
            Ok(())
        }
        .await,
    )
}

/// Removes a picture of one of the provider's offers.
#[server(endpoint = "provider/remove_offer_image")]
pub async fn remove_offer_image(image_id: i64) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::market::offers;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let offer_id = offers::remove_image(&state()?, user.person_id, provider, image_id).await?;
            leptos_axum::redirect(&format!("/provider/offers/{offer_id}?done=image_removed"));
            Ok(())
        }
        .await,
    )
}

/// Invites a colleague to work in the portal for the caller's provider. An address that has
/// an account already is asked to accept; the answer is the same either way.
#[server(endpoint = "provider/invite_colleague")]
pub async fn invite_colleague(email: String, display_name: String) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use domain::{Email, Problem};
    use services::accounts::colleagues;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let email = Email::parse(&email).ok_or_else(|| AppError::field("email", Problem::InvalidEmail))?;
            let name = domain::error::required_field("display_name", &display_name, 200)?;
            colleagues::invite(&state()?, user.person_id, provider, &email, &name).await?;
            leptos_axum::redirect("/provider?done=invited");
            Ok(())
        }
        .await,
    )
}

/// Takes a colleague out of the caller's provider's portal (`kind` `member`, by person), or
/// withdraws an invitation (`kind` `invitation`).
#[server(endpoint = "provider/remove_colleague")]
pub async fn remove_colleague(colleague_id: i64, kind: domain::provider::Removal) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use domain::provider::Removal;
    use domain::PersonId;
    use services::accounts::colleagues;
    respond(
        async move {
            let (user, provider) = provider_caller().await?;
            let state = state()?;
            match kind {
                Removal::Member => colleagues::remove_member(&state, user.person_id, provider, PersonId(colleague_id)).await?,
                Removal::Invitation => colleagues::withdraw(&state, user.person_id, provider, colleague_id).await?,
            }
            leptos_axum::redirect("/provider?done=colleague_removed");
            Ok(())
        }
        .await,
    )
}
