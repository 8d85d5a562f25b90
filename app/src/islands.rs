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
/// `collective` and `individual`, inside `children`) as they are typed: the students together
/// against the DUO count, the invoice, the collective budget and the individual credit. Over
/// the DUO count it says so instead; while a count is missing or not a number it shows
/// nothing. The review step and the server check the counts again.
#[island]
pub fn OrderPreview(
    rates: Rates,
    duo_count: i64,
    /// In the person's language: the names of the invoice, the collective budget, the
    /// individual credit and the students together, and the message for more than the DUO count.
    labels: [String; 5],
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
    let whole = |text: &str| text.trim().parse::<i64>().ok().filter(|n| *n >= 0);
    let together = move || {
        let (collective, individual) = counts.get();
        whole(&collective)?.checked_add(whole(&individual)?)
    };
    let preview = move || {
        let (collective, individual) = counts.get();
        OrderCounts::parse(&collective, &individual, duo_count).ok().and_then(|c| c.amounts(rates))
    };
    let [invoice, collective, individual, students, too_many] = labels;
    view! {
        <div node_ref=fields on:input=move |_| read()>{children()}</div>
        <div class="preview" aria-live="polite">
            {move || match together() {
                Some(n) if n > duo_count => Some(view! { <p class="field-error">{too_many.clone()}</p> }.into_any()),
                Some(n) => preview().map(|a| view! {
                    <dl class="facts">
                        <dt>{students.clone()}</dt><dd>{format!("{n} / {duo_count}")}</dd>
                        <dt>{invoice.clone()}</dt><dd><strong>{a.invoice.display_nl()}</strong></dd>
                        <dt>{collective.clone()}</dt><dd>{a.collective_budget.display_nl()}</dd>
                        <dt>{individual.clone()}</dt><dd>{a.individual_credit.display_nl()}</dd>
                    </dl>
                }.into_any()),
                None => None,
            }}
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

/// Reads the counter's payment code from the student's QR code with the phone's camera,
/// around the code form it wraps (`children`, with its `code` field): a found code is put in
/// the field and the form is sent, as if it had been typed. The button shows only where the
/// browser can read QR codes (`BarcodeDetector`) and has cameras; everywhere else the code is
/// typed, as without JavaScript. The camera is closed when a code is found or on "stop".
#[island]
pub fn CodeScanner(
    /// In the person's language: the scan button, the stop button, and what to say when the
    /// camera cannot be used.
    labels: [String; 3],
    children: Children,
) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let video = NodeRef::<leptos::html::Video>::new();
    let available = RwSignal::new(false);
    let scanning = RwSignal::new(false);
    let failed = RwSignal::new(false);
    Effect::new(move |_| available.set(camera::can_scan()));
    let start = move |_| {
        failed.set(false);
        scanning.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let (Some(video), Some(root)) = (video.get_untracked(), root.get_untracked()) else { return };
            match camera::scan(&video, move || scanning.get_untracked()).await {
                Ok(Some(code)) => {
                    scanning.set(false);
                    camera::send_code(&root, &code);
                }
                Ok(None) => {}
                Err(_) => {
                    scanning.set(false);
                    failed.set(true);
                }
            }
        });
    };
    let [scan, stop, refused] = labels;
    view! {
        <div node_ref=root>{children()}</div>
        <div class="scanner" hidden=move || !available.get()>
            <button type="button" class="button button-secondary" hidden=move || scanning.get() on:click=start>{scan}</button>
            <video node_ref=video class="scanner-video" hidden=move || !scanning.get() playsinline=true muted=true></video>
            <button type="button" class="button-link" hidden=move || !scanning.get() on:click=move |_| scanning.set(false)>{stop}</button>
            <p class="field-error" role="alert" hidden=move || !failed.get()>{refused}</p>
        </div>
    }
}

/// The payment code in what a QR code holds: `CK` and six digits, as the student's pass shows it.
pub fn payment_code_in(scanned: &str) -> Option<String> {
    let digits = scanned.trim().strip_prefix("CK")?;
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| format!("CK{digits}"))
}

/// The camera and the browser's QR reader (only in the browser; on the server nothing scans).
mod camera {
    #[cfg(feature = "hydrate")]
    use leptos::wasm_bindgen::{JsCast, JsValue};

    /// The browser's `BarcodeDetector` class, where it has one.
    #[cfg(feature = "hydrate")]
    fn detector_class() -> Option<js_sys::Function> {
        let window = web_sys::window()?;
        js_sys::Reflect::get(&window, &"BarcodeDetector".into()).ok()?.dyn_into::<js_sys::Function>().ok()
    }

    /// True where QR codes can be read from a camera.
    pub fn can_scan() -> bool {
        #[cfg(feature = "hydrate")]
        {
            let cameras = web_sys::window().and_then(|w| w.navigator().media_devices().ok());
            detector_class().is_some() && cameras.is_some()
        }
        #[cfg(not(feature = "hydrate"))]
        false
    }

    #[cfg(feature = "hydrate")]
    async fn pause(ms: i32) {
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
    }

    /// Shows the back camera in `video` and reads QR codes five times a second until one holds
    /// a payment code, or `go_on` says to stop; the camera is closed either way.
    #[cfg(feature = "hydrate")]
    pub async fn scan(video: &web_sys::HtmlVideoElement, go_on: impl Fn() -> bool) -> Result<Option<String>, JsValue> {
        use js_sys::{Array, Object, Reflect};
        use wasm_bindgen_futures::JsFuture;
        let class = detector_class().ok_or(JsValue::NULL)?;
        let options = Object::new();
        Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()))?;
        let detector = Reflect::construct(&class, &Array::of1(&options))?;
        let detect: js_sys::Function = Reflect::get(&detector, &"detect".into())?.dyn_into()?;
        let wanted = Object::new();
        Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
        let constraints = web_sys::MediaStreamConstraints::new();
        constraints.set_video(&wanted);
        let devices = web_sys::window().ok_or(JsValue::NULL)?.navigator().media_devices()?;
        let stream: web_sys::MediaStream =
            JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?.dyn_into()?;
        video.set_src_object(Some(&stream));
        if let Ok(playing) = video.play() {
            let _ = JsFuture::from(playing).await;
        }
        let found = loop {
            if !go_on() {
                break None;
            }
            let seen = detect.call1(&detector, video).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
            if let Some(seen) = seen {
                if let Ok(codes) = JsFuture::from(seen).await {
                    let code = Array::from(&codes)
                        .iter()
                        .filter_map(|c| Reflect::get(&c, &"rawValue".into()).ok()?.as_string())
                        .find_map(|raw| super::payment_code_in(&raw));
                    if code.is_some() {
                        break code;
                    }
                }
            }
            pause(200).await;
        };
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
        video.set_src_object(None);
        Ok(found)
    }

    /// Puts `code` in the `code` field inside `root` and sends its form.
    #[cfg(feature = "hydrate")]
    pub fn send_code(root: &web_sys::HtmlDivElement, code: &str) {
        let field =
            root.query_selector("input[name=code]").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(field) = field {
            field.set_value(code);
            if let Some(form) = field.form() {
                let _ = form.request_submit();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::payment_code_in;

    #[test]
    fn only_a_payment_code_is_taken_from_a_qr_code() {
        assert_eq!(payment_code_in("CK123456").as_deref(), Some("CK123456"));
        assert_eq!(payment_code_in(" CK000001\n").as_deref(), Some("CK000001"));
        for other in ["123456", "CK12345", "CK1234567", "CK12345a", "https://example.org/CK123456", "ck123456", ""] {
            assert_eq!(payment_code_in(other), None, "{other:?}");
        }
    }
}
