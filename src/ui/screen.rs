//! `<main id="handover">`: loading, the deal and its chats, or why not.

use super::alert::Alert;
use super::chat_list::ChatList;
use super::deal_header::DealHeader;
use crate::i18n::{t, Key, Lang};
use crate::state::LoadState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScreenProps {
    pub lang: Lang,
    pub load: LoadState,
    pub on_retry: Callback<()>,
    /// Something changed the height after the render (an image loaded).
    pub on_layout: Callback<()>,
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
                <ChatList {lang} chats={tab.chats.clone()} on_layout={props.on_layout.clone()} />
            </>
        },
        LoadState::Failed(failure) => html! {
            <Alert {lang} failure={failure.clone()} on_retry={props.on_retry.clone()} />
        },
    };
    html! {
        <main id="handover" class="handover" data-state={props.load.hook()}
              aria-busy={(props.load == LoadState::Loading).to_string()}>
            { body }
        </main>
    }
}
