//! `<svg class="icon"><use href="#icon-…"/></svg>`: one icon of the inlined sprite, in the
//! current text colour.

use super::class_list;
use crate::icon::Icon;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GlyphProps {
    pub icon: Icon,
    /// More classes (`--em` sizes it to the text).
    #[prop_or_default]
    pub class: AttrValue,
}

#[component]
pub fn Glyph(props: &GlyphProps) -> Html {
    html! {
        <svg class={class_list(&["icon", &props.class])} data-icon={props.icon.id()}
             aria-hidden="true" focusable="false">
            <use href={props.icon.href()} />
        </svg>
    }
}
