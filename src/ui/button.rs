//! An Air button (`ui-btn --air ui-btn-md --style-…`): primary (filled), secondary (outline) or
//! tertiary (plain); disabled, or busy (`.--wait`: a spinner in place of the label).

use super::class_list;
use super::icon::glyph;
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

#[derive(Clone, Default, PartialEq)]
pub struct ButtonProps {
    pub label: AttrValue,
    pub style: ButtonStyle,
    pub icon: Option<Icon>,
    pub disabled: bool,
    /// Working on it: shows the spinner and ignores clicks.
    pub busy: bool,
    pub on_click: Callback<()>,
}

pub fn button(props: ButtonProps) -> Html {
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
        "ui-btn --air ui-btn-md",
        props.style.class(),
        if props.busy { "--wait" } else { "" },
    ]);
    html! {
        <button type="button" {class} disabled={props.disabled}
                aria-busy={props.busy.then_some("true")} {onclick}>
            if let Some(icon) = props.icon {
                { glyph(icon, "") }
            }
            <span>{ props.label.clone() }</span>
        </button>
    }
}
