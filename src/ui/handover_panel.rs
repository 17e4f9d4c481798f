//! The hand-over panel: the run's result, a blocker, the preview, the chat choice, the steps and
//! the buttons, as [`PanelView`] says.

use super::banner::{Banner, Tone};
use super::chat_choice::ChatChoice;
use super::handover_actions::HandoverActions;
use super::preview::Preview;
use super::steps::Steps;
use super::tool_button::ToolButton;
use crate::i18n::Lang;
use crate::panel::PanelView;
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
    /// For an admin: opens the settings, offered where the rules are unreadable.
    #[prop_or_default]
    pub on_settings: Option<Callback<()>>,
}

/// The repair button of the unreadable-rules blocker, for an admin.
fn repair(lang: Lang, kind: &str, on_settings: &Option<Callback<()>>) -> Option<Html> {
    let on_click = on_settings.clone().filter(|_| kind == "rules-unreadable")?;
    let label = crate::settings::words::w(lang, crate::settings::words::W::Repair);
    Some(html! { <ToolButton hook="settings-open" {label} {on_click} /> })
}

#[component]
pub fn HandoverPanel(props: &HandoverPanelProps) -> Html {
    let lang = props.lang;
    let v = &*props.view;
    html! {
        <section class="handover-panel" aria-live="polite">
            if let Some(r) = &v.result {
                <div class="alert" data-run-result={r.hook}>
                    <Banner tone={if r.hook == "done" { Tone::Success } else { Tone::Error }}
                            title={AttrValue::from(r.title.clone())}>
                        <p class="alert-text">{ r.body.clone() }</p>
                    </Banner>
                </div>
            }
            if let Some(b) = &v.blocker {
                <div class="alert" data-blocker={b.kind}>
                    <Banner tone={Tone::Warning} title={AttrValue::from(b.title.clone())}
                            actions={repair(lang, b.kind, &props.on_settings)}>
                        <p class="alert-text">{ b.body.clone() }</p>
                        if let Some(fix) = &b.fix {
                            <p class="alert-fix">{ fix.clone() }</p>
                        }
                    </Banner>
                </div>
            }
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
            <HandoverActions {lang} action={v.action}
                             on_start={props.on_start.clone()}
                             on_confirm={props.on_confirm.clone()}
                             on_cancel={props.on_cancel.clone()} />
        </section>
    }
}
