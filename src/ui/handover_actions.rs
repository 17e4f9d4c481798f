//! The hand-over's buttons: start (or finish a partial hand-over), then confirm or cancel.
//! While the run is on its way the start button is disabled and busy.

use super::button::{Button, ButtonStyle};
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::panel::ActionView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HandoverActionsProps {
    pub lang: Lang,
    pub action: ActionView,
    pub on_start: Callback<()>,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn HandoverActions(props: &HandoverActionsProps) -> Html {
    let lang = props.lang;
    match props.action {
        ActionView::None => Html::default(),
        ActionView::Start { resume, busy } => html! {
            <div class="handover-actions">
                <Button hook="handover-start" icon={Icon::ArrowRight} {busy} {resume}
                        label={t(lang, if resume { Key::Resume } else { Key::Start })}
                        on_click={props.on_start.clone()} />
            </div>
        },
        ActionView::Confirm => html! {
            <div class="handover-confirm-box" role="group">
                <p class="confirm-text">
                    <b>{ t(lang, Key::ConfirmTitle) }</b>
                    <span>{ t(lang, Key::ConfirmBody) }</span>
                </p>
                <div class="handover-actions">
                    <Button hook="handover-confirm" label={t(lang, Key::Confirm)}
                            on_click={props.on_confirm.clone()} />
                    <Button hook="handover-cancel" style={ButtonStyle::Outline}
                            label={t(lang, Key::Cancel)} on_click={props.on_cancel.clone()} />
                </div>
            </div>
        },
    }
}
