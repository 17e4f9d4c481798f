//! Yew function components (wasm32 only). The root [`app::App`] owns the state and every
//! effect; the rest are small views that get data and `on_*` callbacks as props.

pub mod alert;
pub mod app;
pub mod avatar;
pub mod banner;
pub mod button;
pub mod chat_choice;
pub mod chat_item;
pub mod chat_list;
pub mod deal_header;
pub mod field_error;
pub mod form_value;
pub mod handover_actions;
pub mod handover_panel;
pub mod icon;
pub mod installer;
pub mod preview;
pub mod rule_editor;
pub mod rule_list;
pub mod rule_target;
pub mod screen;
pub mod settings_alert;
pub mod settings_area;
pub mod settings_effects;
pub mod stage_bar;
pub mod steps;
pub mod tool_button;

use crate::i18n::Lang;
use crate::portal::bx24;
use app::{App, AppProps};

/// The element the app mounts into.
pub const ROOT_ID: &str = "handover-root";

/// Waits for `BX24.init` (with a deadline), reads the language once, then mounts the app.
/// Without the library the app still mounts, to say so.
pub async fn boot() {
    let sdk_ready = bx24::init().await;
    mark(MARK_INIT);
    let lang = if sdk_ready {
        Lang::from_code(bx24::lang().as_deref())
    } else {
        Lang::default()
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", lang.tag());
    }
    let root = document
        .get_element_by_id(ROOT_ID)
        .or_else(|| document.body().map(Into::into));
    let Some(root) = root else {
        return;
    };
    // Drop the static placeholder of index.html.
    root.set_text_content(None);
    let is_admin = sdk_ready && bx24::is_admin();
    // install.html says `<body data-page="install">`: the installer, not the deal tab.
    let page = document.body().and_then(|b| b.get_attribute("data-page"));
    if page.as_deref() == Some("install") {
        yew::Renderer::<installer::Installer>::with_root_and_props(
            root,
            installer::InstallerProps {
                lang,
                sdk_ready,
                is_admin,
            },
        )
        .render();
        return;
    }
    yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            lang,
            sdk_ready,
            is_admin,
        },
    )
    .render();
}

/// `performance.mark` names that `./build.sh bench` reads: the `BX24.init` callback, and the
/// first render of the panel in a settled state (ready or failed).
pub const MARK_INIT: &str = "handover:init";
pub const MARK_READY: &str = "handover:ready";

/// Sets a `performance.mark` (timings are measured by the bench, never asserted).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}
