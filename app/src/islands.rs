//! The islands: the only parts of the app that run in the browser. Every page is rendered on
//! the server and works as plain HTML (links, and forms that post and redirect); an island
//! adds what only code in the browser can do, while the person types or chooses.
//!
//! The rules that keep the browser's download small:
//! - a page without an island loads no WASM at all (the loader in `shell` looks for one);
//! - an island gets its texts as props, rendered on the server in the person's language, so
//!   the message table never ships to the browser;
//! - what an island wraps comes in as `children`, rendered on the server; the island adds
//!   event handlers around it and reads the fields from the page, so a field filled in before
//!   the WASM arrived counts too;
//! - an island calls no server function: the forms around it post as they do without
//!   JavaScript.

use domain::budget::{OrderCounts, Rates};
use leptos::prelude::*;

/// Submits the form it wraps whenever one of its fields changes (the catalogue's filters),
/// so a choice shows its results without pressing the search button.
#[island]
pub fn SubmitOnChange(children: Children) -> impl IntoView {
    view! { <div class="submit-on-change" on:change=submit_form_of>{children()}</div> }
}

/// Submits the form the event's field belongs to, as pressing its submit button would.
fn submit_form_of(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// The amounts a budget order releases, shown below its two count fields (named
/// `collective` and `individual`, inside `children`) as they are typed: the invoice, the
/// collective budget and the individual credit. Shows nothing while a count is missing or
/// invalid; the server checks the order again when it is sent.
#[island]
pub fn OrderPreview(
    rates: Rates,
    duo_count: i64,
    /// The three amounts' names, in the person's language: invoice, collective, individual.
    labels: [String; 3],
    children: Children,
) -> impl IntoView {
    let fields = NodeRef::<leptos::html::Div>::new();
    let counts = RwSignal::new((String::new(), String::new()));
    let read = move || {
        if let Some(div) = fields.get_untracked() {
            counts.set((field_value(&div, "collective"), field_value(&div, "individual")));
        }
    };
    // Counts typed before the WASM arrived are shown as soon as it runs.
    Effect::new(move |_| {
        if fields.get().is_some() {
            read();
        }
    });
    let preview = move || {
        let (collective, individual) = counts.get();
        OrderCounts::parse(&collective, &individual, duo_count).ok().and_then(|c| c.amounts(rates))
    };
    let [invoice, collective, individual] = labels;
    view! {
        <div node_ref=fields on:input=move |_| read()>{children()}</div>
        <div class="preview" aria-live="polite">
            {move || preview().map(|a| view! {
                <dl class="facts">
                    <dt>{invoice.clone()}</dt><dd><strong>{a.invoice.display_nl()}</strong></dd>
                    <dt>{collective.clone()}</dt><dd>{a.collective_budget.display_nl()}</dd>
                    <dt>{individual.clone()}</dt><dd>{a.individual_credit.display_nl()}</dd>
                </dl>
            })}
        </div>
    }
}

/// The value of the input named `name` inside `container`; empty on the server and when
/// there is no such input.
fn field_value(container: &leptos::web_sys::HtmlDivElement, name: &str) -> String {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        container
            .query_selector(&format!("input[name={name}]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (container, name);
        String::new()
    }
}
