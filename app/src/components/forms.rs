//! Showing what went wrong with a form: a summary at the top (announced to screen readers)
//! and the problem beside each field.

use crate::i18n::{problem_text, t, T};
use domain::error::Problem;
use domain::AppError;
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

/// The alert a page shows when its data could not be loaded: the error in the page's words.
pub fn load_error(err: &AppError) -> AnyView {
    view! { <div class="alert alert-error" role="alert">{error_text(err)}</div> }.into_any()
}

/// What a page shows while its data loads: `<Suspense fallback=loading>`.
pub fn loading() -> impl IntoView {
    view! { <p class="loading">{t(T::Loading)}</p> }
}

/// The text a `<textarea>` starts with, as its `inner_html`: `<textarea inner_html=textarea_text(&v)>`.
///
/// Leptos writes the children of a `<textarea>` into the page without escaping them (it
/// treats the element like `<script>`), so a stored `</textarea>` followed by markup would end
/// the field and become part of the page. Escaped here and set as inner HTML, the same text
/// is right on the server and in the browser. A test refuses `<textarea>` with children.
pub fn textarea_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Today (`YYYY-MM-DD`, in the platform's time zone, by the server's clock) as the `min` or
/// `max` of a date field, so the browser's date picker offers only the days the server
/// accepts. Pages render on the server; elsewhere there is no limit (the server still checks).
pub fn today() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        crate::request::state().ok().map(|s| domain::time::local_date(s.clock.now_ms()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
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

#[cfg(test)]
mod tests {
    use super::textarea_text;

    #[test]
    fn textarea_text_cannot_end_the_field() {
        assert_eq!(textarea_text("a </textarea><b>x</b> & y"), "a &lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt; &amp; y");
        assert_eq!(textarea_text("regel 1\nregel 2 \"quote\""), "regel 1\nregel 2 \"quote\"");
    }

    /// Every `<textarea>` in the views starts from `textarea_text` (its `inner_html`), never
    /// from children, which Leptos would write unescaped.
    #[test]
    fn no_textarea_is_given_children() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("components/forms.rs") {
                    let code = std::fs::read_to_string(&path).unwrap();
                    for (i, _) in code.match_indices("<textarea") {
                        let rest = &code[i..];
                        let open_end = rest.find('>').unwrap();
                        let closes_itself = rest[..open_end].ends_with('/');
                        let children = rest[open_end + 1..].split("</textarea>").next().unwrap_or("");
                        if !closes_itself && !children.trim().is_empty() {
                            found.push(format!("{}: {}", path.display(), &rest[..open_end + 1]));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(found.is_empty(), "textareas with children: {found:#?}");
    }
}
