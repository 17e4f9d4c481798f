//! Handover: a Bitrix24 deal-card tab that shows the deal's pipeline and stage and its
//! open-line chats, ready to hand the customer over from pre-sale to sales.
//!
//! Layers: [`model`] (wire ↔ domain) → [`load`] (one batch → [`load::Context`]) → [`view`]
//! (what the screen shows) → `ui` (Yew components, wasm32). [`portal`] is the only I/O.

pub mod handover;
pub mod i18n;
pub mod icon;
pub mod install;
pub mod load;
pub mod model;
pub mod panel;
pub mod portal;
pub mod settings;
pub mod state;

#[cfg(test)]
mod fixtures;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// Runs when the module is instantiated: waits for `BX24.init`, then mounts the app.
    #[wasm_bindgen(start)]
    pub fn start() {
        wasm_bindgen_futures::spawn_local(crate::ui::boot());
    }
}
