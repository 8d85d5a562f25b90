//! Links to the previous and next page of a list; plain links, so they work without
//! JavaScript.

use super::encode_query;
use crate::i18n::{t, T};
use leptos::prelude::*;

/// "Previous · Page 2 of 7 · Next" for a list at `path` with extra query `extra` (e.g.
/// `q=anna`).
#[component]
pub fn Pager(
    page: u32,
    page_count: u32,
    total: i64,
    path: &'static str,
    #[prop(default = String::new())] extra: String,
) -> impl IntoView {
    let href = move |p: u32| {
        if extra.is_empty() {
            format!("{path}?page={p}")
        } else {
            format!("{path}?page={p}&{extra}")
        }
    };
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < page_count).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label=t(T::PageOf)>
            {prev.map(|h| view! { <a href=h rel="prev">{t(T::Previous)}</a> })}
            <span>{format!("{} {page} {} {page_count} · {total} {}", t(T::PageOf), t(T::Of), t(T::Results))}</span>
            {next.map(|h| view! { <a href=h rel="next">{t(T::Next)}</a> })}
        </nav>
    }
}

/// The `page` query parameter as a number (1 when absent or nonsense).
pub fn page_param(value: Option<String>) -> u32 {
    value.and_then(|v| v.parse().ok()).filter(|p| *p >= 1).unwrap_or(1)
}

/// Encodes a query parameter for use in `Pager`'s `extra`.
pub fn query_pair(name: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!("{name}={}", encode_query(value))
    }
}
