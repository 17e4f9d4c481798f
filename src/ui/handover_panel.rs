//! The hand-over panel: the run's result, a blocker, the preview, the chat choice, the steps and
//! the buttons, as [`PanelView`] says.

use super::banner::{Banner, Tone};
use super::button::{Button, ButtonSize, ButtonStyle};
use super::chat_choice::ChatChoice;
use super::handover_actions::HandoverActions;
use super::preview::Preview;
use super::steps::Steps;
use crate::i18n::Lang;
use crate::panel::{Outcome, PanelView};
use crate::settings::words::{entry, Entry};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HandoverPanelProps {
    pub lang: Lang,
    pub view: Rc<PanelView>,
    pub on_start: Callback<()>,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_choose_chat: Callback<u64>,
    /// Opens the settings, where an admin repairs unreadable rules; `None` without settings.
    #[prop_or_default]
    pub on_settings: Option<Callback<()>>,
}

#[component]
pub fn HandoverPanel(props: &HandoverPanelProps) -> Html {
    let (lang, v) = (props.lang, &*props.view);
    let result = v.result.as_ref().map(|r| {
        let tone = match r.outcome {
            Outcome::Done => Tone::Success,
            Outcome::Failed => Tone::Error,
        };
        html! {
            <div class="alert" data-run-result={r.outcome.hook()}>
                <Banner {tone} title={r.title.clone()}>
                    <p class="alert-text">{ r.body.clone() }</p>
                </Banner>
            </div>
        }
    });
    let blocker =
        v.blocker.as_ref().map(|b| {
            let repair = props.on_settings.clone().filter(|_| b.repair).map(|on_click| {
            html! {
                <Button hook="settings-open" size={ButtonSize::Sm} style={ButtonStyle::Outline}
                        label={entry(lang, Entry::Repair)} {on_click} />
            }
        });
            html! {
                <div class="alert" data-blocker={b.kind.hook()}>
                    <Banner tone={Tone::Warning} title={b.title.clone()} actions={repair}>
                        <p class="alert-text">{ b.body.clone() }</p>
                        if let Some(fix) = &b.fix {
                            <p class="alert-fix">{ fix.clone() }</p>
                        }
                    </Banner>
                </div>
            }
        });
    html! {
        <section class="handover-panel" aria-live="polite">
            { result }
            { blocker }
            if !v.chats.is_empty() {
                <ChatChoice {lang} options={v.chats.clone()}
                            on_choose={props.on_choose_chat.clone()} />
            }
            if let Some(p) = &v.preview {
                <Preview {lang} view={p.clone()} />
            }
            if !v.steps.is_empty() {
                <Steps steps={v.steps.clone()} />
            }
            <HandoverActions {lang} action={v.action} on_start={props.on_start.clone()}
                             on_confirm={props.on_confirm.clone()}
                             on_cancel={props.on_cancel.clone()} />
        </section>
    }
}
