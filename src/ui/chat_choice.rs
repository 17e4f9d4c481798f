//! Which of the deal's chats to hand over, when it has several: radio buttons, the most recent
//! active one chosen at first. A change re-plans (no request).

use crate::i18n::{t, Key, Lang};
use crate::panel::ChatOption;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChatChoiceProps {
    pub lang: Lang,
    pub options: Vec<ChatOption>,
    /// The chat id picked.
    pub on_choose: Callback<u64>,
}

#[component]
pub fn ChatChoice(props: &ChatChoiceProps) -> Html {
    let onchange = |chat_id: u64| props.on_choose.reform(move |_: Event| chat_id);
    html! {
        <fieldset class="chat-choices">
            <legend class="field-label">{ t(props.lang, Key::ChatChoice) }</legend>
            for o in props.options.iter() {
                <label class="chat-choice-option" key={o.chat_id.to_string()}>
                    <input class="chat-choice" type="radio" name="chat"
                           value={o.chat_id.to_string()} checked={o.checked}
                           onchange={onchange(o.chat_id)} />
                    <span>{ o.label.clone() }</span>
                </label>
            }
        </fieldset>
    }
}
