//! The deal's chats, newest first, or a notice that it has none.

use super::chat_item::ChatItem;
use super::icon::Glyph;
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::view::ChatCard;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChatListProps {
    pub lang: Lang,
    pub chats: Vec<ChatCard>,
    /// Something changed the height after the render (a photo loaded).
    pub on_layout: Callback<()>,
}

#[component]
pub fn ChatList(props: &ChatListProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="chats">
            <h2 class="section-title">{ t(lang, Key::Chats) }</h2>
            if props.chats.is_empty() {
                <p class="notice" data-notice="no-chat">
                    <Glyph icon={Icon::OpenChannels} />
                    { t(lang, Key::NoChat) }
                </p>
            } else {
                for card in props.chats.iter() {
                    <ChatItem key={card.chat_id} {lang} card={card.clone()}
                              on_layout={props.on_layout.clone()} />
                }
            }
        </section>
    }
}
