//! Handover: a Bitrix24 deal-card tab that shows the deal's pipeline and stage and its
//! open-line chats, ready to hand the customer over from pre-sale to sales.
//!
//! Layers: [`model`] (wire ↔ domain) → [`load`] (one batch → [`load::Context`]) → [`view`]
//! (what the screen shows) → `ui` (Yew components, wasm32). [`portal`] is the only I/O.

pub mod basis;
pub mod failure;
pub mod flow;
pub mod handover;
pub mod i18n;
pub mod icon;
pub mod install;
pub mod load;
pub mod model;
pub mod panel;
pub mod portal;
/// The deal list's queue: the admin build's (see README, "How it is built").
#[cfg(feature = "admin")]
pub mod queue;
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
    /// the app. The lean build calls `need_admin(open_settings)` when the page needs the admin
    /// build (`false`: at once, for the installer or an admin's first run; `true`: an admin opened
    /// the settings), and `app.js` loads `handover_admin.js`, booted with that `open_settings`.
    #[wasm_bindgen]
    pub fn boot(need_admin: js_sys::Function, open_settings: bool) {
        let call = move |open: bool| {
            let _ = need_admin.call1(&JsValue::NULL, &JsValue::from_bool(open));
        };
        let to_admin = {
            let call = call.clone();
            yew::Callback::from(move |()| call(true))
        };
        wasm_bindgen_futures::spawn_local(async move {
            if crate::ui::boot(open_settings, to_admin).await == crate::ui::Booted::NeedsAdmin {
                call(false);
            }
        });
    }
}
