//! The browser's entry point. Pages are rendered on the server; the loader in the page (see
//! `app::shell`) fetches this WASM only for a page with an island, calls `hydrate`, then
//! hydrates each island through the function the `#[island]` macro exported for it.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The islands are exported from the app crate; naming it links them into this module.
    #[allow(unused_imports)]
    use app::islands::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
