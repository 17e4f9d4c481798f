//! A settings button: an Air button (outline, plain or filled) with its own hook class.

use super::button::ButtonStyle;
use super::icon::Glyph;
use crate::icon::Icon;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolButtonProps {
    /// The hook class (`settings-open`, `rule-add`…).
    pub hook: AttrValue,
    pub label: AttrValue,
    #[prop_or(ButtonStyle::Outline)]
    pub style: ButtonStyle,
    #[prop_or_default]
    pub icon: Option<Icon>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub busy: bool,
    /// `submit` inside a form.
    #[prop_or_default]
    pub submit: bool,
    #[prop_or_default]
    pub on_click: Callback<()>,
}

#[component]
pub fn ToolButton(props: &ToolButtonProps) -> Html {
    let style = match props.style {
        ButtonStyle::Filled => "--style-filled",
        ButtonStyle::Outline => "--style-outline",
        ButtonStyle::Plain => "--style-plain",
    };
    let class = classes!(
        "ui-btn",
        "--air",
        "ui-btn-sm",
        style,
        props.hook.to_string(),
        props.busy.then_some("--wait")
    );
    let onclick = props.on_click.reform(|_: MouseEvent| ());
    let kind = if props.submit { "submit" } else { "button" };
    html! {
        <button type={kind} {class} disabled={props.disabled || props.busy}
                aria-busy={props.busy.then_some("true")} {onclick}>
            if let Some(icon) = props.icon {
                <Glyph {icon} />
            }
            <span>{ props.label.clone() }</span>
        </button>
    }
}
