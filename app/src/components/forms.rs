//! Showing what went wrong with a form: a summary at the top (announced to screen readers)
//! and the problem beside each field.

use crate::domain::error::Problem;
use crate::domain::AppError;
use crate::i18n::{problem_text, t, T};
use leptos::prelude::*;

/// The text for an error as a whole.
pub fn error_text(err: &AppError) -> String {
    match err {
        AppError::Unauthenticated => t(T::ErrUnauthenticated).to_owned(),
        AppError::Forbidden => t(T::ErrForbidden).to_owned(),
        AppError::NotFound => t(T::ErrNotFound).to_owned(),
        AppError::Invalid(fields) => fields.iter().map(|f| t(problem_text(f.problem))).collect::<Vec<_>>().join(" "),
        AppError::Conflict(p) => t(problem_text(*p)).to_owned(),
        AppError::RateLimited => t(T::ErrRateLimited).to_owned(),
        AppError::BadRequest => t(T::ErrBadRequest).to_owned(),
        AppError::Internal { request_id } => format!("{} {request_id}", t(T::ErrInternal)),
        AppError::Network => t(T::ErrNetwork).to_owned(),
    }
}

/// The error of a server action's last result, if it failed.
pub fn action_error<T: Clone + Send + Sync + 'static>(value: Option<Result<T, AppError>>) -> Option<AppError> {
    value.and_then(|r| r.err())
}

/// A box above a form that says what went wrong; empty when nothing did.
#[component]
pub fn ErrorSummary(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div class="alert alert-error" role="alert">
                    <p>{error_text(&e)}</p>
                </div>
            }
        })
    }
}

/// The problem with one field, shown under it; empty when there is none.
#[component]
pub fn FieldProblem(#[prop(into)] error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    move || {
        let problem: Option<Problem> = error.get().and_then(|e| e.problem_for(field));
        problem.map(|p| {
            view! { <p class="field-error" id=format!("{field}-error")>{t(problem_text(p))}</p> }
        })
    }
}

/// The success notice for a `?done=` code a form redirected with, if the page knows the code.
pub fn done_notice(done: Option<String>, known: &[(&str, T)]) -> Option<AnyView> {
    let code = done?;
    let key = known.iter().find(|(c, _)| *c == code)?.1;
    Some(view! { <div class="alert alert-success" role="status">{t(key)}</div> }.into_any())
}

/// The error of a plain form post (a file upload, which has no server action) that came back
/// in the address.
pub fn url_error(query: Memo<leptos_router::params::ParamsMap>) -> Signal<Option<AppError>> {
    Signal::derive(move || {
        use leptos::server_fn::error::ServerFnUrlError;
        query.with(|q| q.get("__err")).map(|e| ServerFnUrlError::<AppError>::decode_err(&e))
    })
}
