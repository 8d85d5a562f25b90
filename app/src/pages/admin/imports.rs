//! The operator's registry of institutions and locations (a form and a CSV import) and the
//! DUO student-count import with its column mapping, preview and history.

use super::AdminNav;
use crate::api::imports::{duo_history, preview_duo_file, preview_registry_file, CommitDuo, CommitRegistry, RegisterLocation};
use crate::components::forms::{action_error, load_error, loading, url_error};
use crate::components::pager::{page_param, paged, ListAt};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{counted, t, Noun, T};
use domain::imports::{DuoColumns, DuoPreview, RegistryPreview, RowChange, RowIssue};
use domain::time::format_local;
use domain::{AppError, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Issues(issues: Vec<RowIssue>) -> impl IntoView {
    view! {
        <div class="alert alert-error" role="alert">
            <p>{format!("{} ({})", t(T::FileHasProblems), issues.len())}</p>
            <ul class="plain-list small">
                {issues.into_iter().take(200).map(|i| view! {
                    <li>{if i.line > 0 { format!("{} {}, {}: {}", t(T::Line), i.line, i.column, i.message) } else { i.message }}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn UploadForm(kind: &'static str, label: T, accept: &'static str) -> impl IntoView {
    view! {
        <form class="form" method="post" enctype="multipart/form-data" action="/api/admin/stage_upload">
            <input type="hidden" name="kind" value=kind/>
            <label for=format!("{kind}-file")>{t(label)}</label>
            <input id=format!("{kind}-file") name="file" type="file" accept=accept required/>
            <button type="submit" class="button">{t(T::CheckFile)}</button>
        </form>
    }
}

/// Institutions and locations: one by form, or many from a CSV file.
#[component]
pub fn AdminRegistry() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let register = ServerAction::<RegisterLocation>::new();
    let commit = ServerAction::<CommitRegistry>::new();
    let staged = move || query.with(|q| q.get("staged").and_then(|v| v.parse::<i64>().ok()));
    let preview = Resource::new(staged, |s| async move {
        match s {
            Some(id) => preview_registry_file(id).await.map(Some),
            None => Ok(None),
        }
    });
    let form_error = Signal::derive(move || action_error(register.value().get()));
    let upload_error = url_error(query);
    let commit_error = Signal::derive(move || action_error(commit.value().get()));
    let num = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let done = move || {
        query.with(|q| q.get("done")).map(|d| match d.as_str() {
            "imported" => format!("{} {}: {}, {}: {}", t(T::RegistryImported), "", num("new"), t(T::New), num("changed")),
            _ => t(T::LocationRegistered).to_owned(),
        })
    };
    view! {
        <Title text=t(T::Registry)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/registry"/>
            <h1>{t(T::Registry)}</h1>
            <p class="lead">{t(T::RegistryIntro)}</p>
            {move || done().map(|text| view! { <div class="alert alert-success" role="status">{text}</div> })}
            <section class="card" aria-labelledby="registry-import">
                <h2 id="registry-import">{t(T::ImportFile)}</h2>
                <p class="hint">{t(T::RegistryColumns)}</p>
                <ErrorSummary error=upload_error/>
                <UploadForm kind="registry" label=T::CsvFile accept=".csv,text/csv"/>
                <ErrorSummary error=commit_error/>
                <Suspense fallback=loading>
                    {move || Suspend::new(async move {
                        match preview.await {
                            Err(AppError::NotFound) => view! { <p class="empty">{t(T::UploadExpired)}</p> }.into_any(),
                            Err(e) => load_error(&e),
                            Ok(None) => ().into_any(),
                            Ok(Some(p)) => view! { <RegistryPreviewView preview=p commit=commit/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="card" aria-labelledby="new-location">
                <h2 id="new-location">{t(T::RegisterLocation)}</h2>
                <p class="hint">{t(T::RegisterLocationHint)}</p>
                <ErrorSummary error=form_error/>
                <ActionForm action=register attr:class="form">
                    {[
                        ("brin", T::Brin, "25XA"),
                        ("institution", T::Institution, ""),
                        ("kvk", T::KvkOptional, ""),
                        ("vestiging_number", T::VestigingNumber, "00"),
                        ("name", T::LocationName, ""),
                        ("street", T::StreetAndNumber, ""),
                        ("postcode", T::Postcode, "1234 AB"),
                        ("city", T::City, ""),
                        ("cjp_school_number", T::CjpSchoolNumber, "CJP-250001"),
                    ].into_iter().map(|(field, label, placeholder)| view! {
                        <label for=format!("loc-{field}")>{t(label)}</label>
                        <input id=format!("loc-{field}") name=format!("location[{field}]") required=field != "kvk" maxlength="200" placeholder=placeholder/>
                        <FieldProblem error=form_error field=field/>
                    }).collect_view()}
                    <button type="submit" class="button" disabled=move || register.pending().get()>{t(T::SaveLocation)}</button>
                </ActionForm>
            </section>
        </PortalLayout>
    }
}

#[component]
fn RegistryPreviewView(preview: RegistryPreview, commit: ServerAction<CommitRegistry>) -> AnyView {
    if !preview.problems.is_empty() {
        return view! {
            <h3>{preview.filename.clone()}</h3>
            <Issues issues=preview.problems/>
            <p>{t(T::NothingImported)}</p>
        }
        .into_any();
    }
    let (new, changed, same) =
        (preview.count(RowChange::New), preview.count(RowChange::Changed), preview.count(RowChange::Unchanged));
    view! {
        <h3>{preview.filename.clone()}</h3>
        <p>{format!("{new} {} · {changed} {} · {same} {}", t(T::New), t(T::Changed), t(T::Unchanged))}</p>
        <ul class="rows">
            {preview.lines.into_iter().filter(|l| l.change != RowChange::Unchanged).take(500).map(|l| view! {
                <li class="row-card">
                    <div class="row-main">
                        <strong>{format!("{} {} · {}", l.brin, l.vestiging_number, l.name)}</strong>
                        <span>{format!("{} · {} · {}", l.institution_name, l.city, l.cjp_school_number)}</span>
                        <span class="badge">{t(if l.change == RowChange::New { T::New } else { T::Changed })}</span>
                    </div>
                </li>
            }).collect_view()}
        </ul>
        <ActionForm action=commit attr:class="inline-form">
            <input type="hidden" name="staged_id" value=preview.staged_id.to_string()/>
            <button type="submit" class="button" disabled=new + changed == 0>{t(T::ConfirmImport)}</button>
        </ActionForm>
        <a href="/admin/registry" class="button-link">{t(T::GoBack)}</a>
    }
    .into_any()
}

/// DUO student counts: upload, map the columns, check, confirm; and the imports so far.
#[component]
pub fn AdminDuo() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let commit = ServerAction::<CommitDuo>::new();
    let staged = move || query.with(|q| q.get("staged").and_then(|v| v.parse::<i64>().ok()));
    let columns = move || {
        query.with(|q| DuoColumns {
            brin: q.get("brin").unwrap_or_default(),
            vestiging: q.get("vestiging").unwrap_or_default(),
            count: q.get("count").unwrap_or_default(),
            masked: q.get("masked").unwrap_or_default(),
        })
    };
    let preview = Resource::new(
        move || (staged(), columns()),
        |(s, c)| async move {
            match s {
                Some(id) => preview_duo_file(id, c).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let page = move || page_param(query.with(|q| q.get("page")));
    let history = Resource::new(move || (page(), query.with(|q| q.get("done"))), |(p, _)| duo_history(p));
    let upload_error = url_error(query);
    let commit_error = Signal::derive(move || action_error(commit.value().get()));
    let done = move || {
        query
            .with(|q| q.get("done"))
            .map(|_| format!("{} {}", t(T::DuoImported), query.with(|q| q.get("changed")).unwrap_or_default()))
    };
    view! {
        <Title text=t(T::DuoCounts)/>
        <PortalLayout portal=Portal::Admin>
            <AdminNav current="/admin/duo"/>
            <h1>{t(T::DuoCounts)}</h1>
            <p class="lead">{t(T::DuoIntro)}</p>
            {move || done().map(|text| view! { <div class="alert alert-success" role="status">{text}</div> })}
            <ErrorSummary error=upload_error/>
            <UploadForm kind="duo" label=T::DuoFile accept=".csv,text/csv"/>
            <ErrorSummary error=commit_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match preview.await {
                        Err(AppError::NotFound) => view! { <p class="empty">{t(T::UploadExpired)}</p> }.into_any(),
                        Err(e) => load_error(&e),
                        Ok(None) => ().into_any(),
                        Ok(Some(p)) => view! { <DuoPreviewView preview=p commit=commit error=commit_error/> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>{t(T::DuoHistory)}</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged(history.await, T::DuoHistoryEmpty, ListAt::new("/admin/duo", String::new()), |_, rows| view! {
                        <ul class="rows">
                            {rows.into_iter().map(|d| view! {
                                <li class="row-card">
                                    <div class="row-main">
                                        <strong>{format!("{} · {}", d.school_year, d.filename)}</strong>
                                        <span>{format!("{} · {} · {}", counted(d.locations, Noun::Location), counted(d.rows_read, Noun::RowRead), counted(d.masked_rows, Noun::MaskedRow))}</span>
                                        <span class="muted">{format!("{} · {}", format_local(d.created_at_ms), d.created_by)}</span>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any())
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn DuoPreviewView(preview: DuoPreview, commit: ServerAction<CommitDuo>, error: Signal<Option<AppError>>) -> AnyView {
    let DuoPreview { staged_id, filename, headers, columns, problems, rows_read, masked_rows, lines, not_registered, ambiguous } =
        preview;
    let c = columns.clone().unwrap_or_default();
    let select = move |name: &'static str, label: T, current: String, optional: bool| {
        let headers = headers.clone();
        view! {
            <label for=format!("map-{name}")>{t(label)}</label>
            <select id=format!("map-{name}") name=name>
                {optional.then(|| view! { <option value="">{t(T::NoSuchColumn)}</option> })}
                {headers.into_iter().map(|h| {
                    let selected = h == current;
                    view! { <option value=h.clone() selected=selected>{h.clone()}</option> }
                }).collect_view()}
            </select>
        }
    };
    let can_commit = problems.is_empty() && !lines.is_empty() && columns.is_some();
    view! {
        <section class="card" aria-labelledby="duo-preview">
            <h2 id="duo-preview">{filename}</h2>
            <form class="form" method="get" action="/admin/duo">
                <p class="hint">{t(T::MappingHint)}</p>
                <input type="hidden" name="staged" value=staged_id.to_string()/>
                {select("brin", T::ColumnBrin, c.brin.clone(), false)}
                {select("vestiging", T::ColumnVestiging, c.vestiging.clone(), true)}
                {select("count", T::ColumnCount, c.count.clone(), false)}
                {select("masked", T::ColumnMasked, c.masked.clone(), true)}
                <button type="submit" class="button">{t(T::ApplyMapping)}</button>
            </form>
            {(!problems.is_empty()).then(|| view! { <Issues issues=problems/><p>{t(T::NothingImported)}</p> })}
            {columns.is_none().then(|| view! { <div class="alert alert-warning" role="status"><p>{t(T::MappingNeeded)}</p></div> })}
            <p>{format!("{} · {} · {}", counted(rows_read, Noun::RowRead), counted(masked_rows, Noun::MaskedRow), counted(not_registered, Noun::Unregistered))}</p>
            {(masked_rows > 0).then(|| view! { <p class="hint">{t(T::MaskedHint)}</p> })}
            {(!ambiguous.is_empty()).then(|| view! {
                <div class="alert alert-warning" role="status"><p>{format!("{} {}", t(T::AmbiguousBrin), ambiguous.join(", "))}</p></div>
            })}
            {(!lines.is_empty()).then(|| view! {
                <ul class="rows">
                    {lines.into_iter().map(|l| {
                        let current = l.current.clone().map(|(n, y)| format!("{n} ({y})")).unwrap_or_else(|| "—".to_owned());
                        view! {
                            <li class="row-card">
                                <div class="row-main">
                                    <strong>{format!("{} {} · {}", l.brin, l.vestiging_number, l.location_name)}</strong>
                                    <span>{format!("{}: {current} → {}: {}", t(T::CurrentCount), t(T::NewCount), l.students)}</span>
                                    {(l.masked_rows > 0).then(|| view! { <span class="muted">{counted(l.masked_rows, Noun::MaskedRow)}</span> })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {can_commit.then(|| view! {
                <ActionForm action=commit attr:class="form">
                    <input type="hidden" name="staged_id" value=staged_id.to_string()/>
                    <input type="hidden" name="columns[brin]" value=c.brin.clone()/>
                    <input type="hidden" name="columns[vestiging]" value=c.vestiging.clone()/>
                    <input type="hidden" name="columns[count]" value=c.count.clone()/>
                    <input type="hidden" name="columns[masked]" value=c.masked.clone()/>
                    <label for="school_year">{t(T::SchoolYear)}</label>
                    <input id="school_year" name="school_year" required pattern="\\d{4}-\\d{4}" placeholder="2026-2027" value="2026-2027"/>
                    <FieldProblem error=error field="school_year"/>
                    <button type="submit" class="button">{t(T::ConfirmImport)}</button>
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}
