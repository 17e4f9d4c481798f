//! Which of the deal's chats to hand over, when it has several: radio buttons, the most recent
//! active one chosen at first. A change re-plans (no request).

use crate::i18n::{t, Key, Lang};
use crate::panel::ChatOption;
use yew::prelude::*;

pub fn chat_choice(lang: Lang, options: &[ChatOption], on_choose: &Callback<u64>) -> Html {
    let onchange = |chat_id: u64| on_choose.reform(move |_: Event| chat_id);
    html! {
        <fieldset class="chat-choices">
            <legend class="field-label">{ t(lang, Key::ChatChoice) }</legend>
            { for options.iter().map(|o| html! {
                <label class="chat-choice-option" key={o.chat_id.to_string()}>
                    <input class="chat-choice" type="radio" name="chat"
                           value={o.chat_id.to_string()} checked={o.checked}
                           onchange={onchange(o.chat_id)} />
                    <span>{ o.label.clone() }</span>
                </label>
            }) }
        </fieldset>
    }
}
