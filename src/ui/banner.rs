//! A tinted Air alert (`b24-alert style-tinted-…`) with its icon: a title, the body (children)
//! and optional actions on the right.

use super::class_list;
use super::icon::Glyph;
use crate::icon::Icon;
use yew::prelude::*;

/// What the banner tells: something failed, needs a look, or went well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warning,
    Success,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Error => "style-tinted-alert",
            Tone::Warning => "style-tinted-warning",
            Tone::Success => "style-tinted-success",
        }
    }

    fn icon(self) -> Icon {
        match self {
            Tone::Error => Icon::Alert,
            Tone::Warning => Icon::InfoCircle,
            Tone::Success => Icon::CircleCheck,
        }
    }

    /// Errors interrupt a screen reader; the rest wait their turn.
    fn role(self) -> &'static str {
        match self {
            Tone::Error => "alert",
            Tone::Warning | Tone::Success => "status",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub tone: Tone,
    pub title: AttrValue,
    /// The explanation under the title.
    #[prop_or_default]
    pub children: Html,
    /// Buttons on the right.
    #[prop_or_default]
    pub actions: Option<Html>,
}

#[component]
pub fn Banner(props: &BannerProps) -> Html {
    let tone = props.tone;
    html! {
        <div class={class_list(&["b24-alert", tone.class()])} role={tone.role()}>
            <Glyph icon={tone.icon()} />
            <div class="b24-alert__body">
                <b class="b24-alert__title alert-title">{ props.title.clone() }</b>
                { props.children.clone() }
            </div>
            if let Some(actions) = props.actions.clone() {
                <div class="b24-alert__actions">{ actions }</div>
            }
        </div>
    }
}
