//! The tab while it waits: what index.html shows before the wasm runs, and what the lean build
//! leaves while the admin build loads.

use yew::prelude::*;

#[component]
pub fn Loading() -> Html {
    html! {
        <main id="handover" class="handover" data-state="loading" aria-busy="true">
            <div class="notice" data-notice="loading"><span class="spinner" aria-hidden="true"></span></div>
        </main>
    }
}
