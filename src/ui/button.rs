//! An Air button (`ui-btn --air ui-btn-md --style-…`): primary (filled), secondary (outline) or
//! tertiary (plain); disabled, or busy (`.--wait`: a spinner in place of the label).

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

#[derive(Properties, PartialEq)]
pub struct ButtonProps {
    pub label: AttrValue,
    #[prop_or_default]
    pub style: ButtonStyle,
    #[prop_or_default]
    pub icon: Option<Icon>,
    #[prop_or_default]
    pub disabled: bool,
    /// Working on it: shows the spinner and ignores clicks.
    #[prop_or_default]
    pub busy: bool,
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
    let class = classes!(
        "ui-btn",
        "--air",
        "ui-btn-md",
        props.style.class(),
        props.busy.then_some("--wait")
    );
    html! {
        <button type="button" {class} disabled={props.disabled}
                aria-busy={props.busy.then_some("true")} {onclick}>
            if let Some(icon) = props.icon {
                <Glyph {icon} />
            }
            <span>{ props.label.clone() }</span>
        </button>
    }
}
