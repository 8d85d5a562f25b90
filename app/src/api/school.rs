//! School onboarding: a location's board decision, invoice details and contact persons, kept
//! by its board and budget holders.

use domain::school::{DetailsForm, SchoolDetails as Details};
use domain::AppError;
use leptos::prelude::*;

/// The caller's school-portal location `location_id`, or NotFound (also for other schools').
#[cfg(feature = "ssr")]
async fn my_location(location_id: i64) -> Result<(domain::CurrentUser, domain::LocationId), AppError> {
    use crate::request::{require_portal, state};
    use domain::{LocationId, Portal};
    use services::accounts::orgs;

    let user = require_portal(Portal::School).await?;
    let location = LocationId(location_id);
    let mine = orgs::school_locations_of(&state()?.db, &user).await?;
    if !mine.iter().any(|l| l.id == location) {
        return Err(AppError::NotFound);
    }
    Ok((user, location))
}

/// Every location of the caller with its details and contact persons.
#[server(endpoint = "school/details")]
pub async fn school_details() -> Result<Vec<Details>, AppError> {
    use crate::request::{require_portal, respond, state};
    use domain::Portal;

    use services::{accounts::orgs, budget::school};
    respond(
        async move {
            let user = require_portal(Portal::School).await?;
            let state = state()?;
            let mut out = Vec::new();
            for location in orgs::school_locations_of(&state.db, &user).await? {
                out.push(Details {
                    profile: school::profile(&state.db, location.id).await?,
                    contacts: school::contacts(&state.db, location.id).await?,
                    location,
                });
            }
            Ok(out)
        }
        .await,
    )
}

/// Records or changes a location's board decision and invoice details.
#[server(endpoint = "school/save_details")]
pub async fn save_school_details(location_id: i64, details: DetailsForm) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::budget::school;
    respond(
        async move {
            let (user, location) = my_location(location_id).await?;
            let profile = details.parse(location)?;
            let may_decide = user.has_role(domain::Role::Board);
            school::save_details(&state()?, user.person_id, may_decide, &profile).await?;
            leptos_axum::redirect("/school/details?done=saved");
            Ok(())
        }
        .await,
    )
}

/// Adds a contact person to a location.
#[server(endpoint = "school/add_contact")]
pub async fn add_school_contact(
    location_id: i64,
    role: String,
    name: String,
    email: String,
    phone: String,
) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::budget::school;
    respond(
        async move {
            let (user, location) = my_location(location_id).await?;
            school::add_contact(&state()?, user.person_id, location, &role, &name, &email, &phone).await?;
            leptos_axum::redirect("/school/details?done=contact_added");
            Ok(())
        }
        .await,
    )
}

/// Removes a contact person from a location.
#[server(endpoint = "school/remove_contact")]
pub async fn remove_school_contact(location_id: i64, contact_id: i64) -> Result<(), AppError> {
    use crate::request::{respond, state};
    use services::budget::school;
    respond(
        async move {
            let (user, location) = my_location(location_id).await?;
            school::remove_contact(&state()?, user.person_id, location, contact_id).await?;
            leptos_axum::redirect("/school/details?done=contact_removed");
            Ok(())
        }
        .await,
    )
}

/// The teachers of the caller's budget-holder locations, and who is Docent+.
#[server(endpoint = "school/teachers")]
pub async fn school_teachers(page: u32) -> Result<domain::Page<domain::records::TeacherRow>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::{PageRequest, Role};
    use services::accounts::staff;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            staff::teachers(&state()?, &user.locations_with(&[Role::BudgetHolder]), PageRequest::new(page, 25)).await
        }
        .await,
    )
}

/// Designates a teacher of one of the caller's locations as Docent+ there.
#[server(endpoint = "school/grant_teacher_plus")]
pub async fn grant_teacher_plus(location_id: i64, person_id: i64) -> Result<(), AppError> {
    set_teacher_plus(location_id, person_id, true).await
}

/// Withdraws a teacher's Docent+ designation at one of the caller's locations.
#[server(endpoint = "school/revoke_teacher_plus")]
pub async fn revoke_teacher_plus(location_id: i64, person_id: i64) -> Result<(), AppError> {
    set_teacher_plus(location_id, person_id, false).await
}

#[cfg(feature = "ssr")]
async fn set_teacher_plus(location_id: i64, person_id: i64, grant: bool) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::{LocationId, PersonId, Role};
    use services::accounts::staff;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            let mine = user.locations_with(&[Role::BudgetHolder]);
            staff::set_teacher_plus(&state()?, user.person_id, &mine, LocationId(location_id), PersonId(person_id), grant)
                .await?;
            leptos_axum::redirect(if grant { "/school/teachers?done=granted" } else { "/school/teachers?done=revoked" });
            Ok(())
        }
        .await,
    )
}
