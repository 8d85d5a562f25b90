//! Rosters and passes: the budget holder's field choice, roster upload, preview and commit,
//! classes and invitations; a Docent+'s own classes; a pass holder's own pass.

use domain::roster::{ClassSummary, PassCard, PassRow, RosterFieldChoice, RosterOutcome, RosterPreview};
use domain::{AppError, Page};
use leptos::prelude::*;

/// Largest roster upload (the file itself may be 5 MiB; the form around it is small).
pub const MAX_ROSTER_UPLOAD_BYTES: usize = 6 * 1024 * 1024;

/// The field choice of each of the caller's budget-holder locations.
#[server(endpoint = "school/roster_fields")]
pub async fn roster_fields() -> Result<Vec<RosterFieldChoice>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::passes::roster;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            roster::field_choices(&state()?.db, &user.locations_with(&[Role::BudgetHolder])).await
        }
        .await,
    )
}

/// Records which personal fields a location delivers beyond the minimum (a checkbox each;
/// an unticked box is absent).
#[server(endpoint = "school/set_roster_fields")]
pub async fn set_roster_fields(
    location_id: i64,
    #[server(default)] student_number: Option<String>,
    #[server(default)] date_of_birth: Option<String>,
    #[server(default)] phone: Option<String>,
    #[server(default)] programme: Option<String>,
) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::roster::RosterField;
    use domain::{LocationId, Role};
    use services::passes::roster;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            let ticked = [student_number, date_of_birth, phone, programme];
            let fields: Vec<RosterField> =
                RosterField::ALL.into_iter().zip(ticked).filter(|(_, v)| v.is_some()).map(|(f, _)| f).collect();
            roster::set_fields(
                &state()?,
                user.person_id,
                &user.locations_with(&[Role::BudgetHolder]),
                LocationId(location_id),
                &fields,
            )
            .await?;
            leptos_axum::redirect("/school/roster?done=fields_saved");
            Ok(())
        }
        .await,
    )
}

/// Receives a roster file (CSV or Excel) for a location and holds it for its preview.
#[server(input = server_fn::codec::MultipartFormData, endpoint = "school/stage_roster")]
pub async fn stage_roster(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::Problem;
    use domain::{LocationId, Role};
    use services::passes::roster;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            let mut data = data.into_inner().ok_or(AppError::BadRequest)?;
            let mut location = None;
            let mut filename = String::new();
            let mut bytes = Vec::new();
            while let Ok(Some(mut field)) = data.next_field().await {
                match field.name() {
                    Some("location_id") => {
                        let value = field.text().await.unwrap_or_default();
                        location = Some(
                            value.trim().parse::<i64>().map_err(|_| AppError::field("location_id", Problem::InvalidChoice))?,
                        );
                    }
                    Some("file") => {
                        filename = field.file_name().unwrap_or_default().to_owned();
                        while let Ok(Some(chunk)) = field.chunk().await {
                            if bytes.len() + chunk.len() > services::files::tabular::MAX_BYTES {
                                return Err(AppError::field("file", Problem::FileTooLarge));
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                    }
                    _ => {}
                }
            }
            let location = location.ok_or_else(|| AppError::field("location_id", Problem::Required))?;
            if bytes.is_empty() {
                return Err(AppError::field("file", Problem::Required));
            }
            let mine = user.locations_with(&[Role::BudgetHolder]);
            let id = roster::stage(&state()?, user.person_id, &mine, LocationId(location), &filename, &bytes).await?;
            leptos_axum::redirect(&format!("/school/roster?upload={id}"));
            Ok(id)
        }
        .await,
    )
}

/// The preview of a held roster file.
#[server(endpoint = "school/roster_preview")]
pub async fn preview_roster(upload_id: i64) -> Result<RosterPreview, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::passes::roster;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            roster::preview(&state()?, &user.locations_with(&[Role::BudgetHolder]), upload_id).await
        }
        .await,
    )
}

/// Confirms a held roster file: all of it, or nothing when anything is wrong. With `full`
/// ticked, people who are not in the file leave.
#[server(endpoint = "school/commit_roster")]
pub async fn commit_roster(upload_id: i64, #[server(default)] full: Option<String>) -> Result<RosterOutcome, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::passes::roster;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            let mine = user.locations_with(&[Role::BudgetHolder]);
            let o = roster::commit(&state()?, user.person_id, &mine, upload_id, full.is_some()).await?;
            leptos_axum::redirect(&format!(
                "/school/roster?done=imported&created={}&updated={}&left={}",
                o.created, o.updated, o.left
            ));
            Ok(o)
        }
        .await,
    )
}

/// The classes of the caller's budget-holder locations, with pass statuses.
#[server(endpoint = "school/classes")]
pub async fn school_classes() -> Result<Vec<ClassSummary>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::passes;
    respond(
        async move {
            let user = require_role(&[Role::BudgetHolder]).await?;
            passes::classes(&state()?, &user.locations_with(&[Role::BudgetHolder]), None).await
        }
        .await,
    )
}

/// The people of one class at one of the caller's budget-holder locations.
#[server(endpoint = "school/class_people")]
pub async fn school_class_people(location_id: i64, class: String, page: u32) -> Result<Page<PassRow>, AppError> {
    use crate::request::{require_location, respond, state};
    use domain::{PageRequest, Role};
    use services::passes;
    respond(
        async move {
            let (_, location) = require_location(&[Role::BudgetHolder], location_id).await?;
            passes::class_people(&state()?, location, &class, PageRequest::new(page, 50)).await
        }
        .await,
    )
}

/// Reads an invitation form: `to` is `everyone`, `class`, `class_again` or `pass`.
#[cfg(feature = "ssr")]
fn target(to: &str, class: Option<String>, pass_id: Option<i64>) -> Result<domain::roster::InviteTarget, AppError> {
    use domain::error::Problem;
    use domain::roster::InviteTarget;
    let class = || class.clone().filter(|c| !c.trim().is_empty()).ok_or_else(|| AppError::field("class", Problem::Required));
    match to {
        "everyone" => Ok(InviteTarget::Location),
        "class" => Ok(InviteTarget::Class(class()?)),
        "class_again" => Ok(InviteTarget::ClassAgain(class()?)),
        "pass" => Ok(InviteTarget::Pass(pass_id.ok_or_else(|| AppError::field("pass_id", Problem::Required))?)),
        _ => Err(AppError::field("to", Problem::InvalidChoice)),
    }
}

/// Where an invitation form returns to, with how many were invited.
#[cfg(feature = "ssr")]
fn after_invite(page: &str, location_id: i64, class: Option<&str>, count: i64) {
    let back = match class {
        Some(c) => {
            format!("{page}?location={location_id}&class={}&done=invited&count={count}", crate::components::encode_query(c))
        }
        None => format!("{page}?done=invited&count={count}"),
    };
    leptos_axum::redirect(&back);
}

/// Sends invitations at one of the caller's budget-holder locations.
#[server(endpoint = "school/invite_passes")]
pub async fn invite_passes(
    location_id: i64,
    to: String,
    #[server(default)] class: Option<String>,
    #[server(default)] pass_id: Option<i64>,
) -> Result<i64, AppError> {
    use crate::request::{require_location, respond, state};
    use domain::Role;
    use services::passes;
    respond(
        async move {
            let (user, location) = require_location(&[Role::BudgetHolder], location_id).await?;
            let t = target(&to, class.clone(), pass_id)?;
            let count = passes::invite(&state()?, user.person_id, location, &t, None).await?;
            after_invite("/school/classes", location_id, class.as_deref().filter(|_| to != "class"), count);
            Ok(count)
        }
        .await,
    )
}

/// Blocks a pass at one of the caller's budget-holder locations (after confirmation).
#[server(endpoint = "school/block_pass")]
pub async fn block_pass(location_id: i64, pass_id: i64, class: String) -> Result<(), AppError> {
    set_blocked(location_id, pass_id, class, true).await
}

/// Lifts the block of a pass.
#[server(endpoint = "school/unblock_pass")]
pub async fn unblock_pass(location_id: i64, pass_id: i64, class: String) -> Result<(), AppError> {
    set_blocked(location_id, pass_id, class, false).await
}

#[cfg(feature = "ssr")]
async fn set_blocked(location_id: i64, pass_id: i64, class: String, block: bool) -> Result<(), AppError> {
    use crate::request::{require_location, respond, state};
    use domain::Role;
    use services::passes;
    respond(
        async move {
            let (user, location) = require_location(&[Role::BudgetHolder], location_id).await?;
            passes::set_blocked(&state()?, user.person_id, location, &class, pass_id, block).await?;
            leptos_axum::redirect(&format!(
                "/school/classes?location={location_id}&class={}&done={}",
                crate::components::encode_query(&class),
                if block { "blocked" } else { "unblocked" }
            ));
            Ok(())
        }
        .await,
    )
}

/// A Docent+'s own classes (those they teach by the roster) at their Docent+ locations.
#[server(endpoint = "teacher/classes")]
pub async fn teacher_classes() -> Result<Vec<ClassSummary>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::passes;
    respond(
        async move {
            let user = require_role(&[Role::TeacherPlus]).await?;
            let state = state()?;
            let locations = user.locations_with(&[Role::TeacherPlus]);
            let own = passes::own_classes(&state, user.person_id, &locations).await?;
            passes::classes(&state, &locations, Some(&own)).await
        }
        .await,
    )
}

/// The students of one of a Docent+'s own classes.
#[server(endpoint = "teacher/class_people")]
pub async fn teacher_class_people(location_id: i64, class: String, page: u32) -> Result<Page<PassRow>, AppError> {
    use crate::request::{require_location, respond, state};
    use domain::{PageRequest, Role};
    use services::passes;
    respond(
        async move {
            let (user, location) = require_location(&[Role::TeacherPlus], location_id).await?;
            let state = state()?;
            if !passes::own_classes(&state, user.person_id, &[location]).await?.contains(&class) {
                return Err(AppError::NotFound);
            }
            passes::class_people(&state, location, &class, PageRequest::new(page, 50)).await
        }
        .await,
    )
}

/// A Docent+ sends invitations again: to one student of their classes, or to a class's
/// students who have not activated yet.
#[server(endpoint = "teacher/invite_again")]
pub async fn teacher_invite_again(
    location_id: i64,
    to: String,
    #[server(default)] class: Option<String>,
    #[server(default)] pass_id: Option<i64>,
) -> Result<i64, AppError> {
    use crate::request::{require_location, respond, state};
    use domain::error::Problem;
    use domain::Role;
    use services::passes;
    respond(
        async move {
            let (user, location) = require_location(&[Role::TeacherPlus], location_id).await?;
            let state = state()?;
            if to != "class_again" && to != "pass" {
                return Err(AppError::field("to", Problem::InvalidChoice));
            }
            let own = passes::own_classes(&state, user.person_id, &[location]).await?;
            let t = target(&to, class.clone(), pass_id)?;
            let count = passes::invite(&state, user.person_id, location, &t, Some(&own)).await?;
            after_invite("/teacher/classes", location_id, class.as_deref(), count);
            Ok(count)
        }
        .await,
    )
}

/// The caller's own passes (usually one).
#[server(endpoint = "pass/mine")]
pub async fn my_passes() -> Result<Vec<PassCard>, AppError> {
    use crate::request::{caller, respond, state};
    use services::passes;
    respond(
        async move {
            let user = caller().await?;
            passes::my_passes(&state()?, user.person_id).await
        }
        .await,
    )
}
