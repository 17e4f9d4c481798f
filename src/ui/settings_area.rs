//! The admin's part of the tab: the settings button, the save's result, and when open the
//! rule list with its editor (`section.settings`) or the first run's guided setup
//! (`section.first-run`). Only admins get this component.

use super::button::{Button, ButtonSize, ButtonStyle};
use super::rule_editor::RuleEditor;
use super::rule_list::RuleList;
use super::settings_alert::{CatalogNotice, SaveAlert};
use super::settings_bar::SettingsBar;
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::settings::state::{Mode, Settings};
use crate::settings::words::{w, W};
use crate::settings::Edit;
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
    pub on_close: Callback<()>,
    /// Opens the portal's user picker.
    pub on_pick: Callback<()>,
    /// A new rule in the editor.
    pub on_add: Callback<()>,
    /// Rule `index` in the editor.
    pub on_edit: Callback<usize>,
    /// Rule `index` one place up (`true`) or down.
    pub on_move: Callback<(usize, bool)>,
    pub on_delete: Callback<usize>,
    /// An edit of the form in the editor.
    pub on_change: Callback<Edit>,
    pub on_save: Callback<()>,
    /// Closes the editor without saving.
    pub on_cancel: Callback<()>,
}

#[component]
pub fn SettingsArea(props: &SettingsAreaProps) -> Html {
    let (lang, s) = (props.lang, &props.settings);
    let facts = s.facts().map(Rc::new);
    let editor = match (&s.editor, &facts) {
        (Some(e), Some(facts)) => html! {
            <RuleEditor {lang} form={e.form.clone()} facts={facts.clone()}
                        issues={Rc::new(s.issues())} busy={s.busy()}
                        on_change={props.on_change.clone()}
                        on_pick={props.on_pick.clone()} on_save={props.on_save.clone()}
                        on_cancel={(s.mode == Mode::List).then(|| props.on_cancel.clone())} />
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
                    <Button hook="settings-close" size={ButtonSize::Sm} style={ButtonStyle::Plain}
                            icon={Icon::Cross} label={w(lang, W::Close)}
                            on_click={props.on_close.clone()} />
                </div>
                { intro }
                if s.unreadable {
                    <p class="settings-unreadable" role="status">{ w(lang, W::Unreadable) }</p>
                }
                { catalog }
                if let Some(facts) = facts.clone() {
                    <RuleList {lang} rules={Rc::new(s.rules.clone())} {facts} busy={s.busy()}
                              editing={s.editor.as_ref().and_then(|e| e.index)}
                              on_edit={props.on_edit.clone()} on_move={props.on_move.clone()}
                              on_delete={props.on_delete.clone()} />
                    if s.editor.is_none() {
                        <Button hook="rule-add" size={ButtonSize::Sm} style={ButtonStyle::Outline}
                                disabled={s.busy()} label={w(lang, W::Add)}
                                on_click={props.on_add.clone()} />
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
