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

/// Talc instead of the default dlmalloc: ~1.9 KB gzip less wasm (measured), and faster.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// Called by `app.js` once the module is instantiated: waits for `BX24.init`, then mounts
    /// the app. When this lean build stops for an admin or the installer it calls `need_admin`,
    /// and `app.js` loads the admin build (`handover_admin.js`) instead.
    #[wasm_bindgen]
    pub fn boot(need_admin: js_sys::Function) {
        wasm_bindgen_futures::spawn_local(async move {
            if crate::ui::boot().await == crate::ui::Booted::NeedsAdmin {
                let _ = need_admin.call0(&JsValue::NULL);
            }
        });
    }
}
