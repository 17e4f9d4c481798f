//! `<main id="handover">`: loading, the deal and its chats, or why not.

use super::alert::Alert;
use super::chat_list::ChatList;
use super::deal_header::DealHeader;
use super::handover_panel::HandoverPanel;
use crate::i18n::{t, Key, Lang};
use crate::panel::{PanelView, RunPhase};
use crate::state::LoadState;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScreenProps {
    pub lang: Lang,
    pub load: LoadState,
    /// Opened inside an open-line chat: the narrow panel's layout (`data-layout="compact"`).
    #[prop_or_default]
    pub compact: bool,
    /// A request waits for the portal: the tab says so above whatever it shows.
    #[prop_or_default]
    pub waiting: bool,
    pub on_retry: Callback<()>,
    /// Something changed the height after the render (an image loaded).
    pub on_layout: Callback<()>,
    /// The hand-over panel, once the deal is loaded.
    #[prop_or_default]
    pub panel: Option<Rc<PanelView>>,
    #[prop_or_default]
    pub on_start: Callback<()>,
    #[prop_or_default]
    pub on_confirm: Callback<()>,
    #[prop_or_default]
    pub on_cancel: Callback<()>,
    #[prop_or_default]
    pub on_choose_chat: Callback<u64>,
    /// Opens the settings from a blocker an admin repairs there.
    #[prop_or_default]
    pub on_settings: Option<Callback<()>>,
    /// The admin's settings (button, editor, first run); empty for others.
    #[prop_or_default]
    pub settings: Html,
}

#[component]
pub fn Screen(props: &ScreenProps) -> Html {
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
                <DealHeader {lang} pipeline={tab.pipeline.clone()} stage={tab.stage.clone()}
                            progress={tab.progress.clone()} />
                if let Some(view) = props.panel.clone() {
                    <HandoverPanel {lang} {view} on_start={props.on_start.clone()}
                                   on_confirm={props.on_confirm.clone()}
                                   on_cancel={props.on_cancel.clone()}
                                   on_choose_chat={props.on_choose_chat.clone()}
                                   on_settings={props.on_settings.clone()} />
                }
                <ChatList {lang} chats={tab.chats.clone()} on_layout={props.on_layout.clone()} />
            </>
        },
        LoadState::Failed(failure) => html! {
            <Alert {lang} failure={failure.clone()} on_retry={props.on_retry.clone()} />
        },
    };
    let run = props.panel.as_ref().map_or(RunPhase::Idle, |p| p.run);
    html! {
        <main id="handover" class="handover" data-state={props.load.hook()} data-run={run.hook()}
              data-layout={if props.compact { "compact" } else { "tab" }}
              data-waiting={props.waiting.to_string()}
              aria-busy={(props.load == LoadState::Loading).to_string()}>
            { props.settings.clone() }
            if props.waiting {
                <div class="notice" data-notice="waiting" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    { t(lang, Key::Waiting) }
                </div>
            }
            { body }
        </main>
    }
}
