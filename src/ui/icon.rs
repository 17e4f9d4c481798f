//! `<svg class="icon"><use href="#icon-…"/></svg>`: one icon of the inlined sprite, in the
//! current text colour. A plain function, not a component: it has no state, and a component
//! costs its own mount/diff glue in the wasm.

use crate::icon::Icon;
use yew::prelude::*;

/// The icon; `class` adds classes (`--em` sizes it to the text).
pub fn glyph(icon: Icon, class: &'static str) -> Html {
    html! {
        <svg class={super::class_list(&["icon", class])} data-icon={icon.id()}
             aria-hidden="true" focusable="false">
            <use href={icon.href()} />
        </svg>
    }
}
