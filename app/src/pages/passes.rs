//! Rosters and passes: the budget holder's roster page (field choice, template, upload,
//! preview, confirmation) and class overview with invitations; a Docent+'s own classes; and
//! the pass card a student opens at the counter.

use super::admin::imports::Issues;
use super::school::SchoolNav;
use crate::api::credit::NewCounterCode;
use crate::api::passes::{
    my_passes, preview_roster, roster_fields, school_class_people, school_classes, teacher_class_people, teacher_classes,
    BlockPass, CommitRoster, InvitePasses, SetRosterFields, TeacherInviteAgain, UnblockPass,
};
use crate::components::forms::{action_error, done_notice, load_error, loading, url_error};
use crate::components::pager::{page_param, paged_list, query_pair};
use crate::components::{ErrorSummary, PortalLayout};
use crate::i18n::{counted, t, Noun, T};
use domain::imports::RowChange;
use domain::roster::{ClassSummary, PassCard, PassKind, PassRow, PassStatus, RosterField, RosterFieldChoice, RosterPreview};
use domain::time::format_local;
use domain::{AppError, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn field_label(f: RosterField) -> T {
    match f {
        RosterField::StudentNumber => T::FieldStudentNumber,
        RosterField::DateOfBirth => T::FieldDateOfBirth,
        RosterField::Phone => T::FieldPhone,
        RosterField::Programme => T::FieldProgramme,
    }
}

/// The words for a pass status.
pub fn status_label(s: PassStatus) -> T {
    match s {
        PassStatus::NotInvited => T::PassNotInvited,
        PassStatus::Invited => T::PassInvited,
        PassStatus::Active => T::PassActive,
        PassStatus::Blocked => T::PassBlocked,
        PassStatus::Expired => T::PassExpired,
    }
}

/// `/school/roster`.
#[component]
pub fn SchoolRosterPage() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let save_fields = ServerAction::<SetRosterFields>::new();
    let commit = ServerAction::<CommitRoster>::new();
    let upload = move || query.with(|q| q.get("upload").and_then(|v| v.parse::<i64>().ok()));
    let choices = Resource::new(move || (query.with(|q| q.get("done")), save_fields.version().get()), |_| roster_fields());
    let preview = Resource::new(upload, |u| async move {
        match u {
            Some(id) => preview_roster(id).await.map(Some),
            None => Ok(None),
        }
    });
    let fields_error = Signal::derive(move || action_error(save_fields.value().get()));
    let upload_error = url_error(query);
    let commit_error = Signal::derive(move || action_error(commit.value().get()));
    let num = move |k: &str| query.with(|q| q.get(k)).unwrap_or_default();
    let done = move || {
        query.with(|q| q.get("done")).and_then(|d| match d.as_str() {
            "fields_saved" => Some(t(T::RosterFieldsSaved).to_owned()),
            "imported" => Some(format!(
                "{} {} {}, {} {}, {} {}.",
                t(T::RosterImported),
                num("created"),
                t(T::New),
                num("updated"),
                t(T::Changed),
                num("left"),
                t(T::Leavers)
            )),
            _ => None,
        })
    };
    view! {
        <Title text=t(T::Roster)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/roster"/>
            <h1>{t(T::Roster)}</h1>
            <p class="lead">{t(T::RosterIntro)}</p>
            {move || done().map(|text| view! { <div class="alert alert-success" role="status">{text}</div> })}
            <ErrorSummary error=fields_error/>
            <ErrorSummary error=upload_error/>
            <ErrorSummary error=commit_error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let preview = preview.await;
                    match choices.await {
                        Err(e) => load_error(&e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::NoLocations)}</p> }.into_any(),
                        Ok(list) => view! {
                            {match preview {
                                Err(AppError::NotFound) => view! { <p class="empty">{t(T::UploadExpired)}</p> }.into_any(),
                                Err(e) => load_error(&e),
                                Ok(None) => ().into_any(),
                                Ok(Some(p)) => view! { <PreviewView preview=p commit=commit/> }.into_any(),
                            }}
                            <UploadForm locations=list.clone()/>
                            {list.into_iter().map(|c| view! { <FieldChoiceCard choice=c save=save_fields/> }).collect_view()}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn UploadForm(locations: Vec<RosterFieldChoice>) -> impl IntoView {
    let single = locations.len() == 1;
    view! {
        <section class="card" aria-labelledby="roster-upload">
            <h2 id="roster-upload">{t(T::RosterUpload)}</h2>
            <p class="hint">{t(T::RosterUploadHint)}</p>
            <form class="form" method="post" enctype="multipart/form-data" action="/api/school/stage_roster">
                {if single {
                    let id = locations.first().map(|l| l.location_id.0).unwrap_or_default();
                    view! { <input type="hidden" name="location_id" value=id.to_string()/> }.into_any()
                } else {
                    view! {
                        <label for="roster-location">{t(T::Location)}</label>
                        <select id="roster-location" name="location_id" required>
                            {locations.iter().map(|l| view! { <option value=l.location_id.0.to_string()>{l.location_name.clone()}</option> }).collect_view()}
                        </select>
                    }.into_any()
                }}
                <label for="roster-file">{t(T::RosterFile)}</label>
                <input id="roster-file" name="file" type="file" required
                    accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
                <button type="submit" class="button">{t(T::CheckFile)}</button>
            </form>
        </section>
    }
}

#[component]
fn FieldChoiceCard(choice: RosterFieldChoice, save: ServerAction<SetRosterFields>) -> impl IntoView {
    let RosterFieldChoice { location_id, location_name, fields, updated_at_ms, updated_by } = choice;
    let id = location_id.0;
    let last = match (updated_at_ms, updated_by) {
        (Some(at), by) => format!("{}: {} ({})", t(T::LastChanged), format_local(at), by.unwrap_or_default()),
        (None, _) => t(T::RosterFieldsNotChosen).to_owned(),
    };
    view! {
        <section class="card" aria-labelledby=format!("fields-{id}")>
            <h2 id=format!("fields-{id}")>{format!("{} — {location_name}", t(T::RosterFields))}</h2>
            <p class="hint">{t(T::RosterFieldsIntro)}</p>
            <p class="muted small">{last}</p>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="location_id" value=id.to_string()/>
                <fieldset>
                    <legend>{t(T::RosterFieldsLegend)}</legend>
                    {RosterField::ALL.into_iter().map(|f| view! {
                        <label class="check">
                            <input type="checkbox" name=f.code() value="on" checked=fields.contains(&f)/>
                            {t(field_label(f))}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">{t(T::SaveFieldChoice)}</button>
            </ActionForm>
            <p>
                {t(T::DownloadTemplate)}": "
                <a href=format!("/school/roster/{id}/sjabloon.xlsx") download>{"Excel (.xlsx)"}</a>
                " · "
                <a href=format!("/school/roster/{id}/sjabloon.csv") download>{"CSV"}</a>
            </p>
        </section>
    }
}

#[component]
fn PreviewView(preview: RosterPreview, commit: ServerAction<CommitRoster>) -> AnyView {
    let RosterPreview {
        upload_id,
        location_name,
        filename,
        problems,
        ignored_columns,
        rows,
        creates,
        updates,
        unchanged,
        leavers,
        leaver_count,
        lines,
        committed,
        ..
    } = preview;
    let heading = view! { <h2 id="roster-preview">{format!("{} — {filename} ({location_name})", t(T::RosterPreview))}</h2> };
    if !problems.is_empty() {
        return view! {
            <section class="card" aria-labelledby="roster-preview">
                {heading}
                <Issues issues=problems/>
                <p>{t(T::NothingImported)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card" aria-labelledby="roster-preview">
            {heading}
            <p class="summary">{format!("{} · {creates} {} · {updates} {} · {unchanged} {}", counted(rows, Noun::RowRead), t(T::New), t(T::Changed), t(T::Unchanged))}</p>
            {(!ignored_columns.is_empty()).then(|| view! {
                <div class="alert alert-info" role="note">{format!("{} {}", t(T::ColumnsIgnored), ignored_columns.join(", "))}</div>
            })}
            {(!lines.is_empty()).then(|| view! {
                <ul class="rows">
                    {lines.into_iter().map(|l| view! {
                        <li class="row-card">
                            <div class="row-main">
                                <strong>{l.name}</strong>
                                <span class="muted">{l.email}</span>
                                <span>{format!("{} · {}", t(if l.kind == PassKind::Student { T::RoleStudent } else { T::RoleTeacher }), l.class_name)}</span>
                                <span class="badge">{t(if l.change == RowChange::New { T::New } else { T::Changed })}</span>
                            </div>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(leaver_count > 0).then(|| view! {
                <div class="alert alert-warning">
                    <p>{format!("{} {}", counted(leaver_count, Noun::Leaver), t(T::LeaversIntro))}</p>
                    <p class="small">{leavers.join(", ")}{(leaver_count > i64::try_from(leavers.len()).unwrap_or(0)).then_some(" …")}</p>
                </div>
            })}
            {if committed {
                view! { <p class="alert alert-success" role="status">{t(T::RosterAlreadyImported)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=commit attr:class="form">
                        <input type="hidden" name="upload_id" value=upload_id.to_string()/>
                        {(leaver_count > 0).then(|| view! {
                            <label class="check">
                                <input type="checkbox" name="full" value="on"/>
                                {format!("{} ({leaver_count})", t(T::ConfirmFullList))}
                            </label>
                        })}
                        <button type="submit" class="button" disabled=move || commit.pending().get()>{t(T::ImportRoster)}</button>
                        {move || commit.pending().get().then(|| view! {
                            <p class="loading" role="status">{format!("{} {} {}", t(T::ImportingRows), creates + updates, t(T::RowsInProgress))}</p>
                        })}
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn counts_line(c: &ClassSummary) -> String {
    format!(
        "{} {} · {} {} · {} {}{}",
        c.active,
        t(T::PassActive),
        c.invited,
        t(T::PassInvited),
        c.not_invited,
        t(T::PassNotInvited),
        if c.blocked > 0 { format!(" · {} {}", c.blocked, t(T::PassBlocked)) } else { String::new() }
    )
}

/// The class query of the address: (location, class) when both are there.
fn class_param(query: Memo<leptos_router::params::ParamsMap>) -> Option<(i64, String)> {
    query.with(|q| Some((q.get("location")?.parse::<i64>().ok()?, q.get("class").filter(|c| !c.is_empty())?)))
}

/// `/school/classes`: every class with its activations; invite everyone, a class, or one person.
#[component]
pub fn SchoolClassesPage() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let invite = ServerAction::<InvitePasses>::new();
    let block = ServerAction::<BlockPass>::new();
    let unblock = ServerAction::<UnblockPass>::new();
    let selected = move || class_param(query);
    let page = move || page_param(query.with(|q| q.get("page")));
    let confirm_block = move || query.with(|q| q.get("block").and_then(|v| v.parse::<i64>().ok()));
    let classes = Resource::new(move || (query.with(|q| q.get("done")), invite.version().get()), |_| school_classes());
    let people = Resource::new(
        move || {
            (
                selected(),
                page(),
                invite.version().get() + block.version().get() + unblock.version().get(),
                query.with(|q| q.get("done")),
            )
        },
        |(sel, page, _, _)| async move {
            match sel {
                Some((l, c)) => school_class_people(l, c, page).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let error = Signal::derive(move || {
        action_error(invite.value().get())
            .or_else(|| action_error(block.value().get()))
            .or_else(|| action_error(unblock.value().get()))
    });
    view! {
        <Title text=t(T::Classes)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/classes"/>
            <h1>{t(T::Classes)}</h1>
            <p class="lead">{t(T::ClassesIntro)}</p>
            {move || invited_notice(query)}
            {move || done_notice(query.with(|q| q.get("done")), &[("blocked", T::PassBlockedDone), ("unblocked", T::PassUnblockedDone)])}
            {move || confirm_block().zip(selected()).map(|(id, (location, class))| {
                let back = format!("/school/classes?location={location}&{}", query_pair("class", &class));
                view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="block-text">
                    <p id="block-text">{t(T::BlockConfirm)}</p>
                    <ActionForm action=block attr:class="inline-form">
                        <input type="hidden" name="location_id" value=location.to_string()/>
                        <input type="hidden" name="pass_id" value=id.to_string()/>
                        <input type="hidden" name="class" value=class.clone()/>
                        <button type="submit" class="button button-danger">{t(T::YesBlock)}</button>
                    </ActionForm>
                    <a href=back class="button-link">{t(T::GoBack)}</a>
                </div>
                }
            })}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let people = people.await;
                    let classes = classes.await;
                    view! {
                        {people_section(people, selected(), "/school/classes", ClassActions::School(invite), Some(unblock))}
                        {class_list(classes, "/school/classes", ClassActions::School(invite))}
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// `/teacher/classes`: a Docent+'s own classes with their activations; send invitations again.
#[component]
pub fn TeacherClassesPage() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let invite = ServerAction::<TeacherInviteAgain>::new();
    let selected = move || class_param(query);
    let page = move || page_param(query.with(|q| q.get("page")));
    let classes = Resource::new(move || (query.with(|q| q.get("done")), invite.version().get()), |_| teacher_classes());
    let people = Resource::new(
        move || (selected(), page(), invite.version().get(), query.with(|q| q.get("done"))),
        |(sel, page, _, _)| async move {
            match sel {
                Some((l, c)) => teacher_class_people(l, c, page).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let error = Signal::derive(move || action_error(invite.value().get()));
    view! {
        <Title text=t(T::MyClasses)/>
        <PortalLayout portal=Portal::Teacher>
            <super::teacher::TeacherNav current="/teacher/classes"/>
            <h1>{t(T::MyClasses)}</h1>
            <p class="lead">{t(T::MyClassesIntro)}</p>
            {move || invited_notice(query)}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let people = people.await;
                    let classes = classes.await;
                    view! {
                        {people_section(people, selected(), "/teacher/classes", ClassActions::Teacher(invite), None)}
                        {class_list(classes, "/teacher/classes", ClassActions::Teacher(invite))}
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

fn invited_notice(query: Memo<leptos_router::params::ParamsMap>) -> Option<AnyView> {
    let count = query.with(|q| (q.get("done").as_deref() == Some("invited")).then(|| q.get("count").unwrap_or_default()))?;
    Some(view! { <div class="alert alert-success" role="status">{format!("{} {count}", t(T::InvitationsSent))}</div> }.into_any())
}

#[derive(Clone, Copy)]
enum ClassActions {
    School(ServerAction<InvitePasses>),
    Teacher(ServerAction<TeacherInviteAgain>),
}

/// One invitation button: a form posting `to` (and a class or pass) to either action.
fn invite_button(
    action: ClassActions,
    location: i64,
    to: &'static str,
    class: Option<String>,
    pass: Option<i64>,
    label: String,
) -> AnyView {
    let fields = view! {
        <input type="hidden" name="location_id" value=location.to_string()/>
        <input type="hidden" name="to" value=to/>
        {class.map(|c| view! { <input type="hidden" name="class" value=c/> })}
        {pass.map(|p| view! { <input type="hidden" name="pass_id" value=p.to_string()/> })}
        <button type="submit" class="button button-small">{label}</button>
    };
    match action {
        ClassActions::School(a) => view! { <ActionForm action=a attr:class="inline-form">{fields}</ActionForm> }.into_any(),
        ClassActions::Teacher(a) => view! { <ActionForm action=a attr:class="inline-form">{fields}</ActionForm> }.into_any(),
    }
}

fn class_list(result: Result<Vec<ClassSummary>, AppError>, path: &'static str, actions: ClassActions) -> AnyView {
    let list = match result {
        Err(e) => return load_error(&e),
        Ok(list) if list.is_empty() => {
            let empty = if matches!(actions, ClassActions::School(_)) { T::ClassesEmpty } else { T::MyClassesEmpty };
            return view! { <p class="empty">{t(empty)}</p> }.into_any();
        }
        Ok(list) => list,
    };
    let mut locations: Vec<(i64, String, i64)> = Vec::new();
    for c in &list {
        match locations.iter_mut().find(|l| l.0 == c.location_id.0) {
            Some(l) => l.2 += c.not_invited,
            None => locations.push((c.location_id.0, c.location_name.clone(), c.not_invited)),
        }
    }
    let everyone = match actions {
        ClassActions::School(_) => locations
            .into_iter()
            .filter(|l| l.2 > 0)
            .map(|(id, name, n)| {
                invite_button(actions, id, "everyone", None, None, format!("{} — {name} ({n})", t(T::InviteEveryone)))
            })
            .collect_view()
            .into_any(),
        ClassActions::Teacher(_) => ().into_any(),
    };
    view! {
        <section aria-labelledby="class-list">
            <h2 id="class-list">{t(T::Classes)}</h2>
            <div class="actions">{everyone}</div>
            <ul class="rows">
                {list.into_iter().map(|c| {
                    let href = format!("{path}?location={}&{}", c.location_id.0, query_pair("class", &c.class_name));
                    let line = counts_line(&c);
                    let invite = (c.not_invited > 0 && matches!(actions, ClassActions::School(_))).then(|| {
                        invite_button(actions, c.location_id.0, "class", Some(c.class_name.clone()), None, format!("{} ({})", t(T::InviteClass), c.not_invited))
                    });
                    let again = (c.invited > 0).then(|| {
                        invite_button(actions, c.location_id.0, "class_again", Some(c.class_name.clone()), None, format!("{} ({})", t(T::InviteAgain), c.invited))
                    });
                    let sheet = (c.not_invited + c.invited > 0).then(|| view! {
                        <form method="post" action="/school/classes/sheet" class="inline-form">
                            <input type="hidden" name="location_id" value=c.location_id.0.to_string()/>
                            <input type="hidden" name="class" value=c.class_name.clone()/>
                            <button type="submit" class="button button-small button-secondary">{t(T::ActivationSheet)}</button>
                        </form>
                    });
                    view! {
                        <li class="row-card">
                            <div class="row-main">
                                <strong><a href=href>{format!("{} {}", t(T::Class), c.class_name)}</a></strong>
                                <span class="muted">{format!("{} · {} {}", c.location_name, c.total(), t(T::StudentsInClass))}</span>
                                <span>{line}</span>
                            </div>
                            <div class="actions">{invite}{again}{sheet}</div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

fn people_section(
    result: Result<Option<domain::Page<PassRow>>, AppError>,
    selected: Option<(i64, String)>,
    path: &'static str,
    actions: ClassActions,
    // The budget holder's: passes can be blocked (after confirming) and unblocked here.
    unblock: Option<ServerAction<UnblockPass>>,
) -> AnyView {
    let Some((location, class)) = selected else { return ().into_any() };
    let result = match result {
        Ok(None) => return ().into_any(),
        Ok(Some(page)) => Ok(page),
        Err(e) => Err(e),
    };
    let extra = format!("location={location}&{}", query_pair("class", &class));
    view! {
        <section class="card" aria-labelledby="class-people">
            <h2 id="class-people">{format!("{} {class}", t(T::Class))}</h2>
            <p><a href=path>{t(T::AllClasses)}</a></p>
            {paged_list(result, T::ClassEmpty, path, extra, move |p: PassRow| {
                let again = matches!(p.status, PassStatus::NotInvited | PassStatus::Invited) && p.kind == PassKind::Student;
                let label = if p.status == PassStatus::NotInvited { T::Invite } else { T::InviteAgain };
                let teacher_may = matches!(actions, ClassActions::School(_)) || p.status == PassStatus::Invited;
                let (name, class_field) = (p.name.clone(), class.clone());
                let block = match unblock {
                    Some(unblock) if p.status == PassStatus::Blocked => Some(view! {
                        <ActionForm action=unblock attr:class="inline-form">
                            <input type="hidden" name="location_id" value=location.to_string()/>
                            <input type="hidden" name="pass_id" value=p.pass_id.to_string()/>
                            <input type="hidden" name="class" value=class_field/>
                            <button type="submit" class="button button-small button-secondary" aria-label=format!("{} — {}", t(T::Unblock), name)>{t(T::Unblock)}</button>
                        </ActionForm>
                    }.into_any()),
                    Some(_) => Some(view! {
                        <a class="button-link danger-link" href=format!("{path}?location={location}&{}&block={}", query_pair("class", &class), p.pass_id)
                            aria-label=format!("{} — {}", t(T::Block), name)>{t(T::Block)}</a>
                    }.into_any()),
                    None => None,
                };
                view! {
                    <div class="row-main">
                        <strong>{p.name.clone()}</strong>
                        <span class="muted">{p.email}</span>
                        <span>{format!("{} · {}", t(if p.kind == PassKind::Student { T::RoleStudent } else { T::RoleTeacher }), p.pass_number)}</span>
                        <span class=format!("badge badge-{}", p.status.code())>{t(status_label(p.status))}</span>
                    </div>
                    <div class="actions">
                        {(again && teacher_may).then(|| invite_button(actions, location, "pass", Some(class.clone()), Some(p.pass_id), format!("{} — {}", t(label), p.name)))}
                        {block}
                    </div>
                }
                .into_any()
            })}
        </section>
    }
    .into_any()
}

/// The pass cards of the signed-in person (usually one): what a student shows at the counter,
/// with the credit, its latest movements and the payment code.
#[component]
pub fn PassCards(passes: Result<Vec<PassCard>, AppError>, new_code: ServerAction<NewCounterCode>) -> impl IntoView {
    match passes {
        Err(e) => load_error(&e),
        Ok(list) if list.is_empty() => view! { <p class="empty">{t(T::NoPassYet)}</p> }.into_any(),
        Ok(list) => list
            .into_iter()
            .map(|p| {
                let PassCard {
                    first_name, last_name, pass_number, status, kind, location_name, class_name, valid_until, qr_svg, credit,
                    credit_lines, counter_code,
                } = p;
                let spending = kind == PassKind::Student && status == PassStatus::Active;
                view! {
                    <section class="pass-card" aria-label=t(T::YourPass)>
                        <p class="pass-brand">{"MBO Cultuurkaart · CJP"}</p>
                        <p class="pass-name">{format!("{first_name} {last_name}")}</p>
                        <p class="pass-number" aria-label=t(T::PassNumber)>{pass_number.to_string()}</p>
                        <div class="pass-qr" inner_html=qr_svg></div>
                        <dl class="facts">
                            <dt>{t(T::PassStatusLabel)}</dt>
                            <dd><span class=format!("badge badge-{}", status.code())>{t(status_label(status))}</span></dd>
                            <dt>{t(T::Location)}</dt><dd>{location_name}</dd>
                            {(!class_name.is_empty()).then(|| view! { <dt>{t(T::Class)}</dt><dd>{class_name}</dd> })}
                            <dt>{t(T::ValidUntil)}</dt><dd>{valid_until.unwrap_or_else(|| "—".to_owned())}</dd>
                            {spending.then(|| view! { <dt>{t(T::Credit)}</dt><dd class="credit" aria-label=t(T::Credit)>{credit.display_nl()}</dd> })}
                        </dl>
                    </section>
                    {spending.then(|| view! {
                        <section class="card" id="code" aria-labelledby="code-heading">
                            <h2 id="code-heading">{t(T::PayAtCounter)}</h2>
                            {match counter_code {
                                Some(c) => view! {
                                    <p class="counter-code" aria-label=t(T::PaymentCode)>{c.code.clone()}</p>
                                    <div class="pass-qr" inner_html=c.qr_svg></div>
                                    <p class="hint">{format!("{} {}", t(T::CodeValidUntil), domain::time::format_local(c.expires_at_ms))}</p>
                                }.into_any(),
                                None => view! { <p class="hint">{t(T::PayAtCounterHint)}</p> }.into_any(),
                            }}
                            <ActionForm action=new_code attr:class="inline-form">
                                <button type="submit" class="button">{t(T::ShowPaymentCode)}</button>
                            </ActionForm>
                        </section>
                        <section class="card" aria-labelledby="credit-heading">
                            <h2 id="credit-heading">{t(T::RecentCredit)}</h2>
                            {if credit_lines.is_empty() {
                                view! { <p class="empty">{t(T::NoCreditYet)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="rows">
                                        {credit_lines.into_iter().map(|l| view! {
                                            <li class="row-card">
                                                <div class="row-main">
                                                    <strong>{l.amount.display_nl()}</strong>
                                                    <span>{credit_line_text(&l)}</span>
                                                    <span class="muted">{domain::time::format_local(l.at_ms)}</span>
                                                </div>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    })}
                }
            })
            .collect_view()
            .into_any(),
    }
}

/// What a credit movement was, in words.
fn credit_line_text(l: &domain::credit::CreditLine) -> String {
    match l.kind.as_str() {
        "credit_granted" => t(T::CreditGranted).to_owned(),
        "counter_payment" => l.what.clone(),
        "counter_refund" => format!("{}: {}", t(T::Refunded), l.what),
        "budget_expired" => t(T::CreditExpired).to_owned(),
        other => other.to_owned(),
    }
}

/// Loads the caller's passes again whenever `version` changes (a new payment code).
pub fn pass_resource(version: impl Fn() -> usize + Send + Sync + 'static) -> Resource<Result<Vec<PassCard>, AppError>> {
    Resource::new(version, |_| my_passes())
}
