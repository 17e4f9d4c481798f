//! A settings button: an Air button (outline, plain or filled) with its own hook class.

use super::button::ButtonStyle;
use super::class_list;
use super::icon::glyph;
use crate::icon::Icon;
use yew::prelude::*;

/// What a settings button shows; build it with [`ToolButtonProps::new`] and struct update.
#[derive(Clone, PartialEq)]
pub struct ToolButtonProps {
    /// The hook class (`settings-open`, `rule-add`…).
    pub hook: &'static str,
    pub label: AttrValue,
    pub style: ButtonStyle,
    pub icon: Option<Icon>,
    pub disabled: bool,
    pub busy: bool,
    /// `submit` inside a form.
    pub submit: bool,
    pub on_click: Callback<()>,
}

impl ToolButtonProps {
    /// An enabled outline button without an icon.
    pub fn new(hook: &'static str, label: impl Into<AttrValue>) -> Self {
        ToolButtonProps {
            hook,
            label: label.into(),
            style: ButtonStyle::Outline,
            icon: None,
            disabled: false,
            busy: false,
            submit: false,
            on_click: Callback::default(),
        }
    }
}

pub fn tool_button(props: ToolButtonProps) -> Html {
    let style = match props.style {
        ButtonStyle::Filled => "--style-filled",
        ButtonStyle::Outline => "--style-outline",
        ButtonStyle::Plain => "--style-plain",
    };
    let class = class_list(&[
        "ui-btn --air ui-btn-sm",
        style,
        props.hook,
        if props.busy { "--wait" } else { "" },
    ]);
    let onclick = props.on_click.reform(|_: MouseEvent| ());
    let kind = if props.submit { "submit" } else { "button" };
    html! {
        <button type={kind} {class} disabled={props.disabled || props.busy}
                aria-busy={props.busy.then_some("true")} {onclick}>
            if let Some(icon) = props.icon {
                { glyph(icon, "") }
            }
            <span>{ props.label.clone() }</span>
        </button>
    }
}
