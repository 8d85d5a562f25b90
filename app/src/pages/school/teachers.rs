//! The budget holder's teachers: who is Docent+ at which location, designate and withdraw
//! (withdrawing after a confirmation).

use super::SchoolNav;
use crate::api::school::{school_teachers, GrantTeacherPlus, RevokeTeacherPlus};
use crate::components::forms::{action_error, done_notice, loading};
use crate::components::pager::{page_param, paged_list};
use crate::components::{ErrorSummary, PortalLayout};
use crate::i18n::{t, T};
use domain::records::TeacherRow;
use domain::Portal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/school/teachers`.
#[component]
pub fn SchoolTeachersPage() -> impl IntoView {
    // Made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    // "person-location" of a withdrawal waiting for confirmation.
    let confirm = move || {
        query.with(|q| q.get("confirm")).and_then(|v| {
            let (person, location) = v.split_once('-')?;
            Some((person.parse::<i64>().ok()?, location.parse::<i64>().ok()?))
        })
    };
    let grant = ServerAction::<GrantTeacherPlus>::new();
    let revoke = ServerAction::<RevokeTeacherPlus>::new();
    let teachers = Resource::new(
        move || (page(), query.with(|q| q.get("done")), grant.version().get(), revoke.version().get()),
        |(page, _, _, _)| school_teachers(page),
    );
    let error = Signal::derive(move || action_error(grant.value().get()).or_else(|| action_error(revoke.value().get())));
    view! {
        <Title text=t(T::Teachers)/>
        <PortalLayout portal=Portal::School>
            <SchoolNav current="/school/teachers"/>
            <h1>{t(T::Teachers)}</h1>
            <p class="lead">{t(T::TeachersIntro)}</p>
            {move || done_notice(query.with(|q| q.get("done")), &[("granted", T::TeacherPlusGranted), ("revoked", T::TeacherPlusRevoked)])}
            {move || confirm().map(|(person, location)| view! {
                <div class="alert alert-warning" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text">{t(T::RevokeTeacherPlusConfirm)}</p>
                    <ActionForm action=revoke attr:class="inline-form">
                        <input type="hidden" name="location_id" value=location.to_string()/>
                        <input type="hidden" name="person_id" value=person.to_string()/>
                        <button type="submit" class="button button-danger">{t(T::YesRevoke)}</button>
                    </ActionForm>
                    <a href=format!("/school/teachers?page={}", page()) class="button-link">{t(T::GoBack)}</a>
                </div>
            })}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let current = page();
                    paged_list(teachers.await, T::TeachersEmpty, "/school/teachers", String::new(), move |row| teacher_row(row, grant, current))
                })}
            </Suspense>
        </PortalLayout>
    }
}

fn teacher_row(row: TeacherRow, grant: ServerAction<GrantTeacherPlus>, page: u32) -> AnyView {
    let TeacherRow { person_id, display_name, email, location_id, location_name, teacher_plus } = row;
    let label = format!("{} — {display_name}", t(if teacher_plus { T::RevokeTeacherPlus } else { T::GrantTeacherPlus }));
    let action = if teacher_plus {
        view! {
            <a class="button-link danger-link" href=format!("/school/teachers?page={page}&confirm={}-{}", person_id.0, location_id.0)
                aria-label=label>
                {t(T::RevokeTeacherPlus)}
            </a>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=grant attr:class="inline-form">
                <input type="hidden" name="location_id" value=location_id.0.to_string()/>
                <input type="hidden" name="person_id" value=person_id.0.to_string()/>
                <button type="submit" class="button" aria-label=label>{t(T::GrantTeacherPlus)}</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <div class="row-main">
            <strong>{display_name}</strong>
            <span class="muted">{email}</span>
            <span>{location_name}</span>
            {teacher_plus.then(|| view! { <span class="badge badge-active">{t(T::RoleTeacherPlus)}</span> })}
        </div>
        {action}
    }
    .into_any()
}
