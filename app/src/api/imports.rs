//! The operator's imports: institutions and locations (a form, or a CSV file), and DUO student
//! counts. Files are held for a preview first; only a confirmation changes anything.

use domain::imports::{DuoColumns, DuoImportRow, DuoPreview, RegistryPreview};
use domain::{AppError, Page};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Largest import file accepted (the request as a whole is limited to 1 MiB).
pub const MAX_IMPORT_BYTES: usize = 1_000_000;

/// Receives a file (`kind` = `registry` or `duo`) and holds it for its preview.
#[server(input = server_fn::codec::MultipartFormData, endpoint = "admin/stage_upload")]
pub async fn stage_upload(data: server_fn::codec::MultipartData) -> Result<i64, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::Problem;
    use domain::Role;
    use services::registry::imports::{self, ImportKind};
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let mut data = data.into_inner().ok_or(AppError::BadRequest)?;
            let mut kind = None;
            let mut filename = String::new();
            let mut bytes = Vec::new();
            while let Ok(Some(mut field)) = data.next_field().await {
                match field.name() {
                    Some("kind") => {
                        let value = field.text().await.unwrap_or_default();
                        kind = match value.trim() {
                            "registry" => Some(ImportKind::Registry),
                            "duo" => Some(ImportKind::Duo),
                            _ => return Err(AppError::field("kind", Problem::InvalidChoice)),
                        };
                    }
                    Some("file") => {
                        filename = field.file_name().unwrap_or_default().to_owned();
                        while let Ok(Some(chunk)) = field.chunk().await {
                            if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
                                return Err(AppError::field("file", Problem::FileTooLarge));
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                    }
                    _ => {}
                }
            }
            let kind = kind.ok_or_else(|| AppError::field("kind", Problem::Required))?;
            if bytes.is_empty() {
                return Err(AppError::field("file", Problem::Required));
            }
            let id = imports::stage(&state()?, actor.person_id, kind, &filename, &bytes).await?;
            let page = if kind == ImportKind::Duo { "/admin/duo" } else { "/admin/registry" };
            leptos_axum::redirect(&format!("{page}?staged={id}"));
            Ok(id)
        }
        .await,
    )
}

/// The preview of a held registry file.
#[server(endpoint = "admin/registry_preview")]
pub async fn preview_registry_file(staged_id: i64) -> Result<RegistryPreview, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::registry::imports;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            imports::registry_preview(&state()?, staged_id).await
        }
        .await,
    )
}

/// Confirms a held registry file: all of it, or nothing when anything is wrong.
#[server(endpoint = "admin/commit_registry")]
pub async fn commit_registry(staged_id: i64) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::registry::imports;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let (new, changed) = imports::commit_registry(&state()?, actor.person_id, staged_id).await?;
            leptos_axum::redirect(&format!("/admin/registry?done=imported&new={new}&changed={changed}"));
            Ok(())
        }
        .await,
    )
}

/// The location form; fields arrive as `location[...]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationForm {
    pub brin: String,
    pub institution: String,
    #[serde(default)]
    pub kvk: String,
    pub vestiging_number: String,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub cjp_school_number: String,
}

/// Registers a location (and its institution when new) or updates it, with the same checks
/// as the file import; each problem is reported beside its field.
#[server(endpoint = "admin/register_location")]
pub async fn register_location(location: LocationForm) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::error::{FieldError, Problem};
    use domain::Role;
    use services::registry::imports;
    let LocationForm { brin, institution, kvk, vestiging_number, name, street, postcode, city, cjp_school_number } = location;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let cells = [brin, institution, kvk, vestiging_number, name, street, postcode, city, cjp_school_number]
                .into_iter()
                .map(|c| c.trim().to_owned())
                .collect();
            match imports::register_location(&state()?, actor.person_id, cells).await? {
                Ok(_) => {
                    leptos_axum::redirect("/admin/registry?done=registered");
                    Ok(())
                }
                Err(problems) => Err(AppError::Invalid(
                    problems
                        .iter()
                        .map(|p| {
                            let (field, problem) = match p.column.as_str() {
                                "BRIN" => ("brin", Problem::InvalidValue),
                                "Instelling" => ("institution", Problem::InvalidValue),
                                "KvK" => ("kvk", Problem::InvalidValue),
                                "Vestigingsnummer" => ("vestiging_number", Problem::InvalidValue),
                                "Vestiging" => ("name", Problem::InvalidValue),
                                "Straat" => ("street", Problem::InvalidValue),
                                "Postcode" => ("postcode", Problem::InvalidPostcode),
                                "Plaats" => ("city", Problem::InvalidValue),
                                _ if p.message.contains("hoort al bij") => ("cjp_school_number", Problem::CjpNumberTaken),
                                _ => ("cjp_school_number", Problem::InvalidValue),
                            };
                            FieldError { field: field.to_owned(), problem }
                        })
                        .collect(),
                )),
            }
        }
        .await,
    )
}

/// The preview of a held DUO file with a column mapping (empty fields: the last confirmed
/// mapping, or a guess).
#[server(endpoint = "admin/duo_preview")]
pub async fn preview_duo_file(staged_id: i64, columns: DuoColumns) -> Result<DuoPreview, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::registry::imports;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            imports::duo_preview(&state()?, staged_id, &columns).await
        }
        .await,
    )
}

/// Confirms a held DUO file for a school year with the mapping shown.
#[server(endpoint = "admin/commit_duo")]
pub async fn commit_duo(staged_id: i64, school_year: String, columns: DuoColumns) -> Result<(), AppError> {
    use crate::request::{require_role, respond, state};
    use domain::Role;
    use services::registry::imports;
    respond(
        async move {
            let actor = require_role(&[Role::PlatformAdmin]).await?;
            let changed = imports::commit_duo(&state()?, actor.person_id, staged_id, &school_year, &columns).await?;
            leptos_axum::redirect(&format!("/admin/duo?done=imported&changed={changed}"));
            Ok(())
        }
        .await,
    )
}

/// The confirmed DUO imports, newest first.
#[server(endpoint = "admin/duo_history")]
pub async fn duo_history(page: u32) -> Result<Page<DuoImportRow>, AppError> {
    use crate::request::{require_role, respond, state};
    use domain::{PageRequest, Role};
    use services::registry::imports;
    respond(
        async move {
            require_role(&[Role::PlatformAdmin]).await?;
            imports::duo_history(&state()?.db, PageRequest::new(page, 20)).await
        }
        .await,
    )
}
