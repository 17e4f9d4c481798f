//! A tinted Air alert (`b24-alert style-tinted-…`) with its icon: a title, a body and optional
//! actions on the right.

use super::class_list;
use super::icon::glyph;
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

/// The banner: `body` (the explanation) under the title, `actions` (buttons) on the right.
/// A plain function, like the other stateless views: a component costs its own glue in the wasm.
pub fn banner(tone: Tone, title: impl Into<AttrValue>, body: Html, actions: Option<Html>) -> Html {
    html! {
        <div class={class_list(&["b24-alert", tone.class()])} role={tone.role()}>
            { glyph(tone.icon(), "") }
            <div class="b24-alert__body">
                <b class="b24-alert__title alert-title">{ title.into() }</b>
                { body }
            </div>
            if let Some(actions) = actions {
                <div class="b24-alert__actions">{ actions }</div>
            }
        </div>
    }
}
