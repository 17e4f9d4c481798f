//! The hand-over panel: the run's result, a blocker, the preview, the chat choice, the steps and
//! the buttons, as [`PanelView`] says.

use super::banner::{banner, Tone};
use super::chat_choice::chat_choice;
use super::handover_actions::handover_actions;
use super::preview::preview;
use super::steps::steps;
use super::tool_button::{tool_button, ToolButtonProps};
use crate::i18n::Lang;
use crate::panel::PanelView;
use yew::prelude::*;

/// What the panel's controls do; the root owns them.
#[derive(Clone, Default, PartialEq)]
pub struct PanelCallbacks {
    pub start: Callback<()>,
    pub confirm: Callback<()>,
    pub cancel: Callback<()>,
    pub choose_chat: Callback<u64>,
    /// For an admin: opens the settings, offered where the rules are unreadable.
    pub settings: Option<Callback<()>>,
}

/// The repair button of the unreadable-rules blocker, for an admin.
fn repair(lang: Lang, kind: &str, on_settings: &Option<Callback<()>>) -> Option<Html> {
    let on_click = on_settings.clone().filter(|_| kind == "rules-unreadable")?;
    let label = crate::settings::words::w(lang, crate::settings::words::W::Repair);
    Some(tool_button(ToolButtonProps {
        on_click,
        ..ToolButtonProps::new("settings-open", label)
    }))
}

pub fn handover_panel(lang: Lang, v: &PanelView, on: &PanelCallbacks) -> Html {
    let result = v.result.as_ref().map(|r| {
        let tone = if r.hook == "done" {
            Tone::Success
        } else {
            Tone::Error
        };
        let body = html! { <p class="alert-text">{ r.body.clone() }</p> };
        html! {
            <div class="alert" data-run-result={r.hook}>
                { banner(tone, r.title.clone(), body, None) }
            </div>
        }
    });
    let blocker = v.blocker.as_ref().map(|b| {
        let body = html! {
            <>
                <p class="alert-text">{ b.body.clone() }</p>
                if let Some(fix) = &b.fix {
                    <p class="alert-fix">{ fix.clone() }</p>
                }
            </>
        };
        let actions = repair(lang, b.kind, &on.settings);
        html! {
            <div class="alert" data-blocker={b.kind}>
                { banner(Tone::Warning, b.title.clone(), body, actions) }
            </div>
        }
    });
    html! {
        <section class="handover-panel" aria-live="polite">
            { result }
            { blocker }
            if !v.chats.is_empty() {
                { chat_choice(lang, &v.chats, &on.choose_chat) }
            }
            if let Some(p) = &v.preview {
                { preview(lang, p) }
            }
            if !v.steps.is_empty() {
                { steps(&v.steps) }
            }
            { handover_actions(lang, v.action, on) }
        </section>
    }
}
