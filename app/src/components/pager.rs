//! Links to the previous and next page of a list; plain links, so they work without
//! JavaScript.

use super::encode_query;
use crate::i18n::{noun_for, t, Noun, T};
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
    /// More results exist than `total` says (a capped count): shown as "1000+".
    #[prop(default = false)]
    more: bool,
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
            <span>{format!("{} {page} {} {page_count} · {total}{} {}", t(T::PageOf), t(T::Of), if more { "+" } else { "" }, noun_for(if more { 0 } else { total }, Noun::Result))}</span>
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

/// Where a paged list lives: the path its pager links to, the query they keep (e.g. `q=anna`,
/// made with [`query_pair`]) and whether its total is capped (shown as "1000+").
pub struct ListAt {
    pub path: &'static str,
    pub extra: String,
    pub capped: bool,
}

impl ListAt {
    /// A list at `path` whose pager links keep `extra`.
    pub fn new(path: &'static str, extra: String) -> ListAt {
        ListAt { path, extra, capped: false }
    }
}

/// A page of results: the error, the empty-state text, or the rows followed by the pager.
/// `rows` makes the markup of this page's rows from the page number and the rows. The one
/// way every paged list in the portals is shown (its loading state is the `Suspense` around
/// it, with [`super::forms::loading`]).
pub fn paged<R: 'static>(
    result: Result<domain::Page<R>, domain::AppError>,
    empty: T,
    at: ListAt,
    rows: impl FnOnce(u32, Vec<R>) -> AnyView,
) -> AnyView {
    match result {
        Err(e) => super::forms::load_error(&e),
        Ok(list) if list.rows.is_empty() => view! { <p class="empty">{t(empty)}</p> }.into_any(),
        Ok(list) => {
            let count = list.page_count();
            let (page, total) = (list.page, list.total);
            let ListAt { path, extra, capped } = at;
            view! {
                {rows(page, list.rows)}
                <Pager page=page page_count=count total=total path=path extra=extra more=capped/>
            }
            .into_any()
        }
    }
}

/// [`paged`] for the common shape: each row a card in a `<ul class="rows">`.
pub fn paged_list<R: 'static>(
    result: Result<domain::Page<R>, domain::AppError>,
    empty: T,
    path: &'static str,
    extra: String,
    row: impl Fn(R) -> AnyView,
) -> AnyView {
    paged(result, empty, ListAt::new(path, extra), |_, rows| {
        view! { <ul class="rows">{rows.into_iter().map(|r| view! { <li class="row-card">{row(r)}</li> }).collect_view()}</ul> }
            .into_any()
    })
}
