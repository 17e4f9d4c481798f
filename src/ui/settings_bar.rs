//! The admin's «Настройки» button above the tab. In the lean build it hands the tab over to the
//! admin build (which carries the editor); in the admin build it opens the editor.

use super::button::{Button, ButtonSize, ButtonStyle};
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::settings::words::{entry, Entry};
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
            <Button hook="settings-open" size={ButtonSize::Sm} style={ButtonStyle::Outline}
                    icon={Icon::ChangeFunnel} label={entry(props.lang, Entry::Open)}
                    on_click={props.on_open.clone()} />
        </div>
    }
}
