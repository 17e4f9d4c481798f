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
#[cfg(feature = "admin")]
pub mod field_error;
#[cfg(feature = "admin")]
pub mod form_value;
pub mod handover_actions;
pub mod handover_panel;
pub mod icon;
#[cfg(feature = "admin")]
pub mod installer;
pub mod loading;
pub mod preview;
#[cfg(feature = "admin")]
pub mod queue_actions;
#[cfg(feature = "admin")]
pub mod queue_progress;
#[cfg(feature = "admin")]
pub mod queue_row;
#[cfg(feature = "admin")]
pub mod queue_screen;
#[cfg(feature = "admin")]
pub mod rule_editor;
#[cfg(feature = "admin")]
pub mod rule_list;
#[cfg(feature = "admin")]
pub mod rule_target;
pub mod screen;
#[cfg(feature = "admin")]
pub mod settings_alert;
#[cfg(feature = "admin")]
pub mod settings_area;
pub mod settings_bar;
#[cfg(feature = "admin")]
pub mod settings_effects;
pub mod stage_bar;
pub mod steps;

use crate::i18n::Lang;
use crate::portal::bx24;
use app::{App, AppProps};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;
use yew::AppHandle;

/// Class names joined by spaces, empty ones left out: what `classes!` renders, without the
/// hash set behind `Classes` in the wasm.
pub fn class_list(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The element the app mounts into.
pub const ROOT_ID: &str = "handover-root";

/// What [`boot`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Booted {
    Mounted,
    /// This (lean) build has no admin parts and the page needs them at once (the installer, or
    /// an admin's first run or the app's own page): load the admin build.
    NeedsAdmin,
}

/// Waits for `BX24.init` (with a deadline), reads the language once, then mounts the app.
/// Without the library the app still mounts, to say so.
///
/// The lean build mounts the tab for everyone, admins included; an admin who opens the settings
/// gets `to_admin` called (after this app is taken down), and the loader brings the admin
/// build, which boots with `open_settings`.
pub async fn boot(open_settings: bool, to_admin: Callback<()>) -> Booted {
    let sdk_ready = bx24::init().await;
    mark(MARK_INIT);
    let lang = if sdk_ready {
        Lang::from_code(bx24::lang().as_deref())
    } else {
        Lang::default()
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Booted::Mounted;
    };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", lang.tag());
    }
    let root = document
        .get_element_by_id(ROOT_ID)
        .or_else(|| document.body().map(Into::into));
    let Some(root) = root else {
        return Booted::Mounted;
    };
    let is_admin = sdk_ready && bx24::is_admin();
    // install.html says `<body data-page="install">`: the installer, not the deal tab.
    let install = document
        .body()
        .and_then(|b| b.get_attribute("data-page"))
        .is_some_and(|page| page == "install");
    if !cfg!(feature = "admin")
        && (install
            || (sdk_ready
                && crate::flow::needs_admin_build(&crate::portal::browser::BrowserFrame, is_admin)))
    {
        return Booted::NeedsAdmin;
    }
    // Drop the static placeholder of index.html.
    root.set_text_content(None);
    #[cfg(feature = "admin")]
    if install {
        yew::Renderer::<installer::Installer>::with_root_and_props(
            root,
            installer::InstallerProps {
                lang,
                sdk_ready,
                is_admin,
            },
        )
        .render();
        return Booted::Mounted;
    }
    // The deal list's slider (toolbar or row menu), for every user: the hand-over queue.
    #[cfg(feature = "admin")]
    if let Some(row) = sdk_ready
        .then(|| queue_screen::row_of(&crate::portal::browser::BrowserFrame))
        .flatten()
    {
        yew::Renderer::<queue_screen::QueueScreen>::with_root_and_props(
            root,
            queue_screen::QueueScreenProps {
                lang,
                is_admin,
                row,
            },
        )
        .render();
        return Booted::Mounted;
    }
    let mounted: Rc<RefCell<Option<AppHandle<App>>>> = Rc::default();
    let on_admin = (!cfg!(feature = "admin") && is_admin).then(|| {
        let mounted = mounted.clone();
        let root = root.clone();
        Callback::from(move |()| {
            // After the click's own handling: take this app down, show the loading state, and
            // let the loader bring the admin build.
            let (mounted, root, to_admin) = (mounted.clone(), root.clone(), to_admin.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(app) = mounted.borrow_mut().take() {
                    app.destroy();
                }
                yew::Renderer::<loading::Loading>::with_root(root).render();
                to_admin.emit(());
            });
        })
    });
    let app = yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            lang,
            sdk_ready,
            is_admin,
            open_settings,
            compact: sdk_ready && crate::flow::in_chat(&crate::portal::browser::BrowserFrame),
            on_admin,
        },
    )
    .render();
    *mounted.borrow_mut() = Some(app);
    Booted::Mounted
}

/// `performance.mark` names that `./build.sh bench` reads: the `BX24.init` callback, and the
/// first render of the panel in a settled state (ready or failed).
pub const MARK_INIT: &str = "handover:init";
pub const MARK_READY: &str = "handover:ready";
/// The deal list's queue: its first page shown, and a bulk run's start (the confirm) and end.
pub const MARK_QUEUE_PAGE: &str = "handover:queue-page";
pub const MARK_BULK_START: &str = "handover:bulk-start";
pub const MARK_BULK_END: &str = "handover:bulk-end";

/// Sets a `performance.mark` (timings are measured by the bench, never asserted).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}
