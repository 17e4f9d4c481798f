//! The admin's part of the tab: the settings button, the save's result, and when open the
//! rule list with its editor (`section.settings`) or the first run's guided setup
//! (`section.first-run`). Only admins get this component.

use super::button::ButtonStyle;
use super::rule_editor::RuleEditor;
use super::rule_list::RuleList;
use super::settings_alert::{CatalogNotice, SaveAlert};
use super::settings_bar::SettingsBar;
use super::tool_button::{tool_button, ToolButtonProps};
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::settings::state::{Mode, Msg, Settings};
use crate::settings::words::{w, W};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsAreaProps {
    pub lang: Lang,
    pub settings: Settings,
    /// Opened outside a deal (the app's own page): say what the app does.
    #[prop_or_default]
    pub explain: bool,
    /// Opens the settings with what is stored now.
    pub on_open: Callback<()>,
    /// Opens the portal's user picker.
    pub on_pick: Callback<()>,
    pub on_msg: Callback<Msg>,
}

#[component]
pub fn SettingsArea(props: &SettingsAreaProps) -> Html {
    let (lang, s) = (props.lang, &props.settings);
    let send = |msg: Msg| props.on_msg.reform(move |()| msg.clone());
    let facts = s.facts().map(Rc::new);
    let editor = match (&s.editor, &facts) {
        (Some(e), Some(facts)) => html! {
            <RuleEditor {lang} form={e.form.clone()} facts={facts.clone()}
                        issues={Rc::new(s.issues())} busy={s.busy()}
                        on_change={props.on_msg.reform(Msg::Change)}
                        on_pick={props.on_pick.clone()} on_save={send(Msg::SaveEditor)}
                        on_cancel={(s.mode == Mode::List).then(|| send(Msg::CancelEdit))} />
        },
        _ => Html::default(),
    };
    let catalog = html! { <CatalogNotice {lang} catalog={s.catalog.clone()} /> };
    let intro = props
        .explain
        .then(|| html! { <p class="settings-intro">{ w(lang, W::Intro) }</p> });
    let body = match s.mode {
        Mode::Closed => html! { <SettingsBar {lang} on_open={props.on_open.clone()} /> },
        Mode::FirstRun => html! {
            <section class="first-run" aria-labelledby="first-run-title">
                <h2 id="first-run-title" class="settings-title">{ w(lang, W::FirstRunTitle) }</h2>
                { intro }
                <p class="settings-intro">{ w(lang, W::FirstRunIntro) }</p>
                { catalog }
                { editor }
            </section>
        },
        Mode::List => html! {
            <section class="settings" aria-labelledby="settings-title">
                <div class="settings-head">
                    <h2 id="settings-title" class="settings-title">{ w(lang, W::Title) }</h2>
                    { tool_button(ToolButtonProps {
                        style: ButtonStyle::Plain,
                        icon: Some(Icon::Cross),
                        on_click: send(Msg::Close),
                        ..ToolButtonProps::new("settings-close", w(lang, W::Close))
                    }) }
                </div>
                { intro }
                if s.unreadable {
                    <p class="settings-unreadable" role="status">{ w(lang, W::Unreadable) }</p>
                }
                { catalog }
                if let Some(facts) = facts.clone() {
                    <RuleList {lang} rules={Rc::new(s.rules.clone())} {facts} busy={s.busy()}
                              editing={s.editor.as_ref().and_then(|e| e.index)}
                              on_msg={props.on_msg.clone()} />
                    if s.editor.is_none() {
                        { tool_button(ToolButtonProps {
                            disabled: s.busy(),
                            on_click: send(Msg::Add),
                            ..ToolButtonProps::new("rule-add", w(lang, W::Add))
                        }) }
                    }
                }
                { editor }
            </section>
        },
    };
    html! {
        <div class="settings-area">
            <SaveAlert {lang} save={s.save.clone()} />
            { body }
        </div>
    }
}
