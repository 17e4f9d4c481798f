//! `<main id="handover">`: loading, the deal and its chats, or why not.

use super::alert::alert;
use super::chat_list::chat_list;
use super::deal_header::deal_header;
use super::handover_panel::{handover_panel, PanelCallbacks};
use crate::i18n::{t, Key, Lang};
use crate::panel::PanelView;
use crate::state::LoadState;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct ScreenProps {
    pub lang: Lang,
    pub load: LoadState,
    pub on_retry: Callback<()>,
    /// Something changed the height after the render (an image loaded).
    pub on_layout: Callback<()>,
    /// The hand-over panel, once the deal is loaded.
    pub panel: Option<Rc<PanelView>>,
    pub on: PanelCallbacks,
    /// The admin's settings (button, editor, first run); empty for others.
    pub settings: Html,
}

pub fn screen(props: &ScreenProps) -> Html {
    let lang = props.lang;
    let body = match &props.load {
        LoadState::Loading => html! {
            <div class="notice" data-notice="loading" role="status">
                <span class="spinner" aria-hidden="true"></span>
                { t(lang, Key::Loading) }
            </div>
        },
        LoadState::Ready(tab) => html! {
            <>
                { deal_header(lang, &tab.pipeline, &tab.stage, &tab.progress) }
                if let Some(view) = &props.panel {
                    { handover_panel(lang, view, &props.on) }
                }
                { chat_list(lang, &tab.chats, &props.on_layout) }
            </>
        },
        LoadState::Failed(failure) => alert(lang, failure, &props.on_retry),
    };
    let run = props.panel.as_ref().map_or("idle", |p| p.run);
    html! {
        <main id="handover" class="handover" data-state={props.load.hook()} data-run={run}
              aria-busy={(props.load == LoadState::Loading).to_string()}>
            { props.settings.clone() }
            { body }
        </main>
    }
}
