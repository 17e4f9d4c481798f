//! The deal's chats, newest first, or a notice that it has none.

use super::chat_item::chat_item;
use super::icon::glyph;
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::view::ChatCard;
use yew::prelude::*;

/// `on_layout`: something changed the height after the render (a photo loaded).
pub fn chat_list(lang: Lang, chats: &[ChatCard], on_layout: &Callback<()>) -> Html {
    html! {
        <section class="chats">
            <h2 class="section-title">{ t(lang, Key::Chats) }</h2>
            if chats.is_empty() {
                <p class="notice" data-notice="no-chat">
                    { glyph(Icon::OpenChannels, "") }
                    { t(lang, Key::NoChat) }
                </p>
            } else {
                { for chats.iter().map(|card| chat_item(lang, card, on_layout)) }
            }
        </section>
    }
}
