//! A failure, translated: what happened and what to do.

use crate::i18n::{t, Key, Lang};
use crate::load::{Failure, Part};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AlertProps {
    pub lang: Lang,
    pub failure: Failure,
    pub on_retry: Callback<()>,
}

#[component]
pub fn Alert(props: &AlertProps) -> Html {
    let lang = props.lang;
    let (title, body, code, retry) = match &props.failure {
        Failure::NotADeal => (Key::NotADealTitle, Key::NotADealBody, None, false),
        Failure::NoPlacementId => (Key::NoPlacementTitle, Key::NoPlacementBody, None, false),
        Failure::NoAccess => (Key::NoAccessTitle, Key::NoAccessBody, None, false),
        Failure::Network => (Key::NetworkTitle, Key::NetworkBody, None, true),
        Failure::Portal { part, code } => (
            Key::PortalTitle,
            Key::PortalBody(*part),
            Some(code.clone()).filter(|c| !c.is_empty()),
            *part != Part::Sdk,
        ),
    };
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class="alert" role="alert" data-error={props.failure.hook()}>
            <p class="alert-title">{ t(lang, title) }</p>
            <p class="alert-text">{ t(lang, body) }</p>
            if let Some(code) = code {
                <p class="alert-code">{ t(lang, Key::ErrorCode(code)) }</p>
            }
            if retry {
                <button type="button" class="ui-btn" {onclick}>{ t(lang, Key::Retry) }</button>
            }
        </div>
    }
}
