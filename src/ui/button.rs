//! The one button: an Air button (`ui-btn --air ui-btn-md|sm --style-…`) — primary (filled),
//! secondary (outline) or tertiary (plain) — with its hook class, an optional icon, disabled, or
//! busy (`.--wait`: a spinner in place of the label, `aria-busy`, no clicks).

use super::class_list;
use super::icon::Glyph;
use crate::icon::Icon;
use yew::prelude::*;

/// The button's weight in its group: one primary action, the rest secondary or tertiary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonStyle {
    #[default]
    Filled,
    Outline,
    Plain,
}

impl ButtonStyle {
    fn class(self) -> &'static str {
        match self {
            ButtonStyle::Filled => "--style-filled",
            ButtonStyle::Outline => "--style-outline",
            ButtonStyle::Plain => "--style-plain",
        }
    }
}

/// Medium for the tab's own actions, small for the settings' tools.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonSize {
    #[default]
    Md,
    Sm,
}

impl ButtonSize {
    fn class(self) -> &'static str {
        match self {
            ButtonSize::Md => "ui-btn-md",
            ButtonSize::Sm => "ui-btn-sm",
        }
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct ButtonProps {
    pub label: AttrValue,
    #[prop_or_default]
    pub style: ButtonStyle,
    #[prop_or_default]
    pub size: ButtonSize,
    /// The hook class the tests select on (`handover-start`, `rule-add`…).
    #[prop_or_default]
    pub hook: AttrValue,
    #[prop_or_default]
    pub icon: Option<Icon>,
    #[prop_or_default]
    pub disabled: bool,
    /// Working on it: shows the spinner and ignores clicks.
    #[prop_or_default]
    pub busy: bool,
    /// `type="submit"` inside a form.
    #[prop_or_default]
    pub submit: bool,
    /// `data-resume="true"`: the start button finishes a partial hand-over.
    #[prop_or_default]
    pub resume: bool,
    #[prop_or_default]
    pub on_click: Callback<()>,
}

#[component]
pub fn Button(props: &ButtonProps) -> Html {
    let inert = props.disabled || props.busy;
    let onclick = {
        let on_click = props.on_click.clone();
        Callback::from(move |_: MouseEvent| {
            if !inert {
                on_click.emit(());
            }
        })
    };
    let class = class_list(&[
        "ui-btn --air",
        props.size.class(),
        props.style.class(),
        &props.hook,
        if props.busy { "--wait" } else { "" },
    ]);
    html! {
        <button type={if props.submit { "submit" } else { "button" }} {class} disabled={inert}
                aria-busy={props.busy.then_some("true")}
                data-resume={props.resume.then_some("true")} {onclick}>
            if let Some(icon) = props.icon {
                <Glyph {icon} />
            }
            <span>{ props.label.clone() }</span>
        </button>
    }
}
