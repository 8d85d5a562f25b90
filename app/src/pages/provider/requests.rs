//! Requests from teachers: the list and one conversation with its replies.

use super::ProviderNav;
use crate::api::provider::{provider_request, provider_requests, ProviderReply};
use crate::components::encode_query;
use crate::components::forms::{action_error, done_notice, load_error, loading};
use crate::components::pager::{page_param, paged_list};
use crate::components::{ErrorSummary, FieldProblem, PortalLayout};
use crate::i18n::{request_status_name, t, T};
use domain::offer_request::{RequestRow, RequestStatus, RequestThread, MAX_MESSAGE_CHARS};
use domain::time::format_local;
use domain::{AppError, Portal};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The requests teachers sent the provider, most recently active first.
#[component]
pub fn ProviderRequests() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let query = use_query_map();
    let page = move || page_param(query.with(|q| q.get("page")));
    let requests = Resource::new(page, provider_requests);
    view! {
        <Title text=t(T::Requests)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/requests"/>
            <h1>{t(T::Requests)}</h1>
            <p class="lead">{t(T::RequestsIntro)}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    paged_list(requests.await, T::RequestsEmpty, "/provider/requests", String::new(), request_row)
                })}
            </Suspense>
        </PortalLayout>
    }
}

/// One request in the provider's list.
fn request_row(r: RequestRow) -> AnyView {
    view! {
        <div class="row-main">
            <strong><a href=format!("/provider/requests/{}", r.id)>{r.offer_title.clone()}</a></strong>
            <span class=format!("badge badge-request-{}", r.status.code())>{t(request_status_name(r.status))}</span>
            <span>{format!("{}: {}", t(T::RoleTeacher), r.teacher_name)}</span>
            <span>{format!("{} · {}: {}", r.location_name, t(T::CjpSchoolNumber), r.cjp_school_number)}</span>
            <span>{format!("{}: {} · {}: {}", t(T::Students), r.students, t(T::PreferredDates), r.preferred_dates)}</span>
            <span class="muted">{format!("{}: {}", t(T::LastChanged), format_local(r.updated_at_ms))}</span>
        </div>
    }
    .into_any()
}

/// One request thread (`/provider/requests/:id`): messages, a reply, closing it, and making a
/// weborder from it.
#[component]
pub fn ProviderRequestPage() -> impl IntoView {
    // Resources are made here, once, outside the portal guard's Suspense (see `PortalLayout`).
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let reply = ServerAction::<ProviderReply>::new();
    // Refetch after a successful reply only: a failed one must not wipe the typed message.
    let replied = move || reply.value().with(|v| matches!(v, Some(Ok(())))).then(|| reply.version().get());
    let thread = Resource::new(move || (id(), query.with(|q| q.get("done")), replied()), |(id, ..)| provider_request(id));
    let error = Signal::derive(move || action_error(reply.value().get()));
    view! {
        <Title text=t(T::Request)/>
        <PortalLayout portal=Portal::Provider>
            <ProviderNav current="/provider/requests"/>
            <p><a href="/provider/requests" class="button-link">{t(T::BackToList)}</a></p>
            {move || done_notice(query.with(|q| q.get("done")), &[("sent", T::ReplyDone)])}
            <ErrorSummary error=error/>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match thread.await {
                        Err(e) => load_error(&e),
                        Ok(th) => view! { <RequestThreadView thread=th reply=reply error=error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PortalLayout>
    }
}

#[component]
fn RequestThreadView(thread: RequestThread, reply: ServerAction<ProviderReply>, error: Signal<Option<AppError>>) -> AnyView {
    let RequestThread { request: r, messages, bookings } = thread;
    let id = r.id;
    let closed = r.status == RequestStatus::Closed;
    let can_convert = !matches!(r.status, RequestStatus::Closed | RequestStatus::Converted);
    let weborder_href =
        format!("/provider/weborders/new?cjp={}&request={id}&offer={}", encode_query(&r.cjp_school_number), r.offer_id);
    view! {
        <section class="card" aria-labelledby="request-title">
            <h1 id="request-title">{format!("{}: {}", t(T::Request), r.offer_title)}</h1>
            <p><span class=format!("badge badge-request-{}", r.status.code())>{t(request_status_name(r.status))}</span></p>
            <dl class="facts">
                <dt>{t(T::RoleTeacher)}</dt><dd>{format!("{} ({})", r.teacher_name, r.teacher_email)}</dd>
                <dt>{t(T::Location)}</dt><dd>{format!("{} ({}: {})", r.location_name, t(T::CjpSchoolNumber), r.cjp_school_number)}</dd>
                <dt>{t(T::Students)}</dt><dd>{r.students}</dd>
                <dt>{t(T::PreferredDates)}</dt><dd>{r.preferred_dates.clone()}</dd>
                <dt>{t(T::LastChanged)}</dt><dd>{format_local(r.updated_at_ms)}</dd>
            </dl>
            {can_convert.then(|| view! { <p><a class="button" href=weborder_href>{t(T::MakeWeborderFromRequest)}</a></p> })}
        </section>
        {crate::pages::teacher::catalogue::bookings_view(bookings, Some("/provider/weborders"))}
        <section class="card" aria-labelledby="messages-title">
            <h2 id="messages-title">{t(T::Messages)}</h2>
            {if messages.is_empty() {
                view! { <p class="empty">{t(T::NoMessages)}</p> }.into_any()
            } else {
                view! {
                    <ul class="messages">
                        {messages.into_iter().map(|m| {
                            let class = if m.from_provider { "message message-provider" } else { "message" };
                            view! {
                                <li class=class>
                                    <p class="message-meta"><strong>{m.author}</strong>" · "<span class="muted">{format_local(m.at_ms)}</span></p>
                                    <p class="message-body">{m.body}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!closed).then(|| view! { <RequestReplyForms id=id reply=reply error=error/> })}
    }
    .into_any()
}

#[component]
fn RequestReplyForms(id: i64, reply: ServerAction<ProviderReply>, error: Signal<Option<AppError>>) -> AnyView {
    view! {
        <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title">{t(T::Reply)}</h2>
            <ActionForm action=reply attr:class="form">
                <input type="hidden" name="request_id" value=id.to_string()/>
                <input type="hidden" name="close" value=""/>
                <label for="reply-message">{t(T::YourMessage)}</label>
                <textarea id="reply-message" name="message" required maxlength=MAX_MESSAGE_CHARS.to_string() rows="5"
                    aria-describedby="message-error"></textarea>
                <FieldProblem error=error field="message"/>
                <button type="submit" class="button" disabled=move || reply.pending().get()>{t(T::SendReply)}</button>
            </ActionForm>
            <p class="hint">{t(T::CloseRequestHint)}</p>
            <ActionForm action=reply attr:class="inline-form">
                <input type="hidden" name="request_id" value=id.to_string()/>
                <input type="hidden" name="message" value=""/>
                <input type="hidden" name="close" value="1"/>
                <button type="submit" class="button-link danger-link" disabled=move || reply.pending().get()>{t(T::CloseRequest)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
