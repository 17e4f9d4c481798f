//! `<svg class="icon"><use href="#icon-…"/></svg>`: one icon of the inlined sprite, in the
//! current text colour. Named `Glyph` because [`Icon`] is the enum of sprite ids.

use crate::icon::Icon;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GlyphProps {
    pub icon: Icon,
    /// Extra classes (`--em` sizes it to the text).
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub fn Glyph(props: &GlyphProps) -> Html {
    html! {
        <svg class={classes!("icon", props.class.clone())} data-icon={props.icon.id()}
             aria-hidden="true" focusable="false">
            <use href={props.icon.href()} />
        </svg>
    }
}
