//! An operator's photo, or their initials when there is none (or it fails to load), in the Air
//! outline circle (`.b24-avatar`).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AvatarProps {
    pub photo: Option<AttrValue>,
    pub initials: AttrValue,
    /// The photo loaded (the height may have changed).
    pub on_load: Callback<()>,
}

#[component]
pub fn Avatar(props: &AvatarProps) -> Html {
    let broken = use_state(|| false);
    match props.photo.as_ref().filter(|_| !*broken) {
        Some(src) => {
            let onload = props.on_load.reform(|_: Event| ());
            let onerror = {
                let broken = broken.clone();
                Callback::from(move |_: Event| broken.set(true))
            };
            html! {
                <span class="b24-avatar avatar">
                    <img src={src.clone()} alt="" referrerpolicy="no-referrer" {onload} {onerror} />
                </span>
            }
        }
        None => html! {
            <span class="b24-avatar avatar avatar-initials" aria-hidden="true">
                { String::from(js_sys::JsString::from(props.initials.as_str()).to_upper_case()) }
            </span>
        },
    }
}
