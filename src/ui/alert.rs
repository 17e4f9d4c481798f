//! A failure, translated: what happened and what to do, as a tinted banner; the retry, when
//! retrying can help, is the primary button.

use super::banner::{banner, Tone};
use super::button::{button, ButtonProps};
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::load::{Failure, Part};
use yew::prelude::*;

pub fn alert(lang: Lang, failure: &Failure, on_retry: &Callback<()>) -> Html {
    // Where the tab does not apply or may not look, a warning; a failed read, an error.
    let (tone, title, body, code, retry) = match failure {
        Failure::NotADeal => (
            Tone::Warning,
            Key::NotADealTitle,
            Key::NotADealBody,
            None,
            false,
        ),
        Failure::NoPlacementId => (
            Tone::Warning,
            Key::NoPlacementTitle,
            Key::NoPlacementBody,
            None,
            false,
        ),
        Failure::NoAccess => (
            Tone::Warning,
            Key::NoAccessTitle,
            Key::NoAccessBody,
            None,
            false,
        ),
        Failure::Network => (Tone::Error, Key::NetworkTitle, Key::NetworkBody, None, true),
        Failure::Portal { part, code } => (
            Tone::Error,
            Key::PortalTitle,
            Key::PortalBody(*part),
            Some(code.clone()).filter(|c| !c.is_empty()),
            *part != Part::Sdk,
        ),
    };
    let actions = retry.then(|| {
        button(ButtonProps {
            label: t(lang, Key::Retry).into(),
            icon: Some(Icon::Refresh),
            on_click: on_retry.clone(),
            ..ButtonProps::default()
        })
    });
    let body = html! {
        <>
            <p class="alert-text">{ t(lang, body) }</p>
            if let Some(code) = code {
                <p class="alert-code">{ t(lang, Key::ErrorCode(code)) }</p>
            }
        </>
    };
    html! {
        <div class="alert" data-error={failure.hook()}>
            { banner(tone, t(lang, title), body, actions) }
        </div>
    }
}
