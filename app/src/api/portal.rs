//! What each portal's home page shows, scoped to the signed-in person's own places.

use domain::records::{LocationSummary, ProviderSummary};
use domain::AppError;
use leptos::prelude::*;

/// The school portal: the locations of the caller's institutions (board) and the locations
/// where the caller is budget holder.
#[server(endpoint = "portal/school")]
pub async fn school_locations() -> Result<Vec<LocationSummary>, AppError> {
    use crate::request::{require_portal, respond, state};
    use domain::failure::internal;
    use domain::Portal;
    use services::accounts::orgs;
    respond(
        async move {
            let user = require_portal(Portal::School).await?;
            orgs::school_locations_of(&state()?.db, &user).await.map_err(internal)
        }
        .await,
    )
}

/// The teacher portal: the locations where the caller teaches.
#[server(endpoint = "portal/teacher")]
pub async fn teacher_locations() -> Result<Vec<LocationSummary>, AppError> {
    use crate::request::{require_portal, respond, state};
    use domain::failure::internal;
    use domain::{Portal, Role};
    use services::accounts::orgs;
    respond(
        async move {
            let user = require_portal(Portal::Teacher).await?;
            let state = state()?;
            orgs::locations_by_ids(&state.db, &user.locations_with(&[Role::Teacher, Role::TeacherPlus])).await.map_err(internal)
        }
        .await,
    )
}

/// The student portal: the caller's school location(s).
#[server(endpoint = "portal/student")]
pub async fn student_locations() -> Result<Vec<LocationSummary>, AppError> {
    use crate::request::{require_portal, respond, state};
    use domain::failure::internal;
    use domain::{Portal, Role};
    use services::accounts::orgs;
    respond(
        async move {
            let user = require_portal(Portal::Student).await?;
            let state = state()?;
            orgs::locations_by_ids(&state.db, &user.locations_with(&[Role::Student])).await.map_err(internal)
        }
        .await,
    )
}

/// The provider portal: the organisations the caller works for.
#[server(endpoint = "portal/provider")]
pub async fn provider_organisations() -> Result<Vec<ProviderSummary>, AppError> {
    use crate::request::{require_portal, respond, state};
    use domain::failure::internal;
    use domain::Portal;
    use services::accounts::orgs;
    respond(
        async move {
            let user = require_portal(Portal::Provider).await?;
            let state = state()?;
            orgs::providers_by_ids(&state.db, &user.providers()).await.map_err(internal)
        }
        .await,
    )
}
