//! What every signed-in person has, whatever their roles: invitations to work in a
//! provider's portal, to accept or decline.

use domain::provider::ColleagueInvitation;
use domain::AppError;
use leptos::prelude::*;

/// The caller's open invitations to a provider's portal.
#[server(endpoint = "account/invitations")]
pub async fn my_invitations() -> Result<Vec<ColleagueInvitation>, AppError> {
    use crate::request::{caller, respond, state};
    use services::accounts::colleagues;
    respond(
        async move {
            let user = caller().await?;
            colleagues::invitations_of(&state()?, user.person_id).await
        }
        .await,
    )
}

/// Accepts (`answer` `accept`) or declines (`decline`) one of the caller's invitations;
/// accepting opens the provider portal.
#[server(endpoint = "account/answer_invitation")]
pub async fn answer_invitation(invitation_id: i64, answer: String) -> Result<(), AppError> {
    use crate::request::{caller, respond, state};
    use domain::Problem;
    use services::accounts::colleagues;
    respond(
        async move {
            let user = caller().await?;
            let accept = match answer.as_str() {
                "accept" => true,
                "decline" => false,
                _ => return Err(AppError::field("answer", Problem::InvalidChoice)),
            };
            colleagues::answer(&state()?, user.person_id, invitation_id, accept).await?;
            leptos_axum::redirect(if accept { "/provider?done=joined" } else { "/account/invitations?done=declined" });
            Ok(())
        }
        .await,
    )
}
