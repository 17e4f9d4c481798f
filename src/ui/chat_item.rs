//! One chat, as an Air card: the channel's glyph and name, the session badge, then line, client,
//! operator (avatar and name) and the last message.
//! Every portal string is a text node: names full of HTML show literally.

use super::avatar::Avatar;
use super::class_list;
use super::icon::Glyph;
use crate::i18n::{label, t, Key, Lang};
use crate::icon::Icon;
use crate::view::{ChatCard, HandedOver, Label, Operator, SessionState, Unnamed};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChatItemProps {
    pub lang: Lang,
    pub card: ChatCard,
    /// The operator's photo loaded (the height may have changed).
    pub on_layout: Callback<()>,
}

#[component]
pub fn ChatItem(props: &ChatItemProps) -> Html {
    let (lang, card) = (props.lang, &props.card);
    let or_na = |s: Option<String>| s.unwrap_or_else(|| t(lang, Key::NotAvailable));
    let channel = or_na(Some(card.channel.clone()).filter(|c| !c.trim().is_empty()));
    let line = card
        .line
        .as_ref()
        .map_or_else(|| t(lang, Key::NotAvailable), |l| label(lang, l));
    let client = or_na(card.client.clone());
    // The badge: the session's state, or that this tab handed the chat over.
    let (session_key, session_class, session_hook) = match (&card.handed_over, card.session) {
        (Some(_), _) => (
            Key::SessionHandedOver,
            "style-tinted-success",
            "handed-over",
        ),
        (None, s @ SessionState::Active) => (Key::SessionActive, "style-tinted-success", s.hook()),
        (None, s @ SessionState::Closed) => {
            (Key::SessionClosed, "style-tinted-no-accent-1", s.hook())
        }
        (None, s @ SessionState::Queued) => (Key::SessionQueued, "style-tinted-warning", s.hook()),
        (None, s @ SessionState::WaitingForClient) => {
            (Key::SessionWaiting, "style-tinted-success", s.hook())
        }
    };
    let operator = match &card.operator {
        Operator::Person {
            name,
            photo,
            initials,
        } => html! {
            <>
                <Avatar photo={photo.clone().map(AttrValue::from)}
                        initials={AttrValue::from(initials.clone())}
                        on_load={props.on_layout.clone()} />
                <span class="chat-operator">{ name.clone() }</span>
            </>
        },
        Operator::Id(id) => {
            let unnamed = Label::Unnamed(Unnamed::User(*id));
            html! { <span class="chat-operator">{ label(lang, &unnamed) }</span> }
        }
        Operator::Queue => {
            html! { <span class="chat-operator muted">{ t(lang, Key::InQueue) }</span> }
        }
        Operator::Unknown => {
            html! { <span class="chat-operator muted">{ t(lang, Key::NotAvailable) }</span> }
        }
    };
    let last = match &card.last_message {
        Some(stamp) => {
            html! { <time datetime={stamp.iso.clone()}>{ stamp.display.clone() }</time> }
        }
        None => html! { <span class="muted">{ t(lang, Key::NoMessages) }</span> },
    };
    let fields = match &card.handed_over {
        Some(to) => {
            let to = match to {
                HandedOver::User(name) => label(lang, name),
                HandedOver::Line(name) => t(lang, Key::LineQueue(label(lang, name))),
            };
            html! {
                <div class="b24-card__body chat-handed-over">
                    <p class="chat-handed-over-to">{ t(lang, Key::HandedOverTo(to)) }</p>
                    <p class="muted">{ t(lang, Key::HandedOverNote) }</p>
                </div>
            }
        }
        None => html! {
            <dl class="b24-card__body chat-fields">
                <div class="field">
                    <dt class="field-label">{ t(lang, Key::Line) }</dt>
                    <dd class="field-value chat-line">{ line }</dd>
                </div>
                <div class="field">
                    <dt class="field-label">{ t(lang, Key::Client) }</dt>
                    <dd class="field-value chat-client">{ client }</dd>
                </div>
                <div class="field">
                    <dt class="field-label">{ t(lang, Key::Operator) }</dt>
                    <dd class="field-value operator">{ operator }</dd>
                </div>
                <div class="field">
                    <dt class="field-label">{ t(lang, Key::LastMessage) }</dt>
                    <dd class="field-value chat-last-message">{ last }</dd>
                </div>
            </dl>
        },
    };
    html! {
        <article class="chat b24-card" data-chat-id={card.chat_id.to_string()}>
            <header class="b24-card__header chat-head">
                <span class="chat-title">
                    <Glyph icon={Icon::from(card.channel_kind)} class="chat-glyph" />
                    <span class="chat-channel">{ channel }</span>
                </span>
                <span class={class_list(&["chat-session b24-badge", session_class])}
                      data-session={session_hook}>{ t(lang, session_key) }</span>
            </header>
            { fields }
        </article>
    }
}
