//! The queue's buttons: hand over the ticked deals, then confirm or cancel; Stop while the run
//! is on its way; Resume after a run that left chosen deals.

use super::button::{Button, ButtonStyle};
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::queue::view::ActionView;
use crate::queue::words::{t, Key};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QueueActionsProps {
    pub lang: Lang,
    pub action: ActionView,
    pub on_start: Callback<()>,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_stop: Callback<()>,
    pub on_resume: Callback<()>,
}

#[component]
pub fn QueueActions(props: &QueueActionsProps) -> Html {
    let lang = props.lang;
    match &props.action {
        ActionView::Start { label, enabled } => html! {
            <div class="handover-actions">
                <Button hook="queue-start" icon={Icon::ArrowRight} label={label.clone()}
                        disabled={!enabled} on_click={props.on_start.clone()} />
            </div>
        },
        ActionView::Confirm { title, body } => html! {
            <div class="handover-confirm-box" role="group">
                <p class="confirm-text"><b>{ title.clone() }</b><span>{ body.clone() }</span></p>
                <div class="handover-actions">
                    <Button hook="queue-confirm" label={t(lang, Key::Confirm)}
                            on_click={props.on_confirm.clone()} />
                    <Button hook="queue-cancel" style={ButtonStyle::Outline}
                            label={t(lang, Key::Cancel)} on_click={props.on_cancel.clone()} />
                </div>
            </div>
        },
        ActionView::Running { stopping } => html! {
            <div class="handover-actions">
                <Button hook="queue-stop" style={ButtonStyle::Outline} busy={*stopping}
                        label={t(lang, if *stopping { Key::Stopping } else { Key::Stop })}
                        on_click={props.on_stop.clone()} />
            </div>
        },
        ActionView::Ended { resume: true } => html! {
            <div class="handover-actions">
                <Button hook="queue-resume" icon={Icon::ArrowRight} resume=true
                        label={t(lang, Key::Resume)} on_click={props.on_resume.clone()} />
            </div>
        },
        ActionView::Ended { resume: false } => Html::default(),
    }
}
