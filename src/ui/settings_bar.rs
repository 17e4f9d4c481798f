//! The admin's «Настройки» button above the tab. In the lean build it hands the tab over to the
//! admin build (which carries the editor); in the admin build it opens the editor.

use super::tool_button::{tool_button, ToolButtonProps};
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::settings::words::{w, W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsBarProps {
    pub lang: Lang,
    pub on_open: Callback<()>,
}

#[component]
pub fn SettingsBar(props: &SettingsBarProps) -> Html {
    html! {
        <div class="settings-bar">
            { tool_button(ToolButtonProps {
                icon: Some(Icon::ChangeFunnel),
                on_click: props.on_open.clone(),
                ..ToolButtonProps::new("settings-open", w(props.lang, W::Open))
            }) }
        </div>
    }
}
