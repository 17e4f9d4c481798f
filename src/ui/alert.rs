//! A failure, translated: what happened and what to do, as a tinted banner; the retry, when
//! retrying can help, is the primary button.

use super::banner::{Banner, Tone};
use super::button::Button;
use crate::failure::{Failure, Part};
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::portal::ErrorKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AlertProps {
    pub lang: Lang,
    pub failure: Failure,
    pub on_retry: Callback<()>,
}

#[component]
pub fn Alert(props: &AlertProps) -> Html {
    let (lang, failure) = (props.lang, &props.failure);
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
        // Once the deal is created from the chat, a retry reads it.
        Failure::NoDealInChat => (
            Tone::Warning,
            Key::NoDealInChatTitle,
            Key::NoDealInChatBody,
            None,
            true,
        ),
        Failure::NoChatAccess => (
            Tone::Warning,
            Key::NoChatAccessTitle,
            Key::NoChatAccessBody,
            None,
            false,
        ),
        Failure::Network => (Tone::Error, Key::NetworkTitle, Key::NetworkBody, None, true),
        Failure::Busy { code } => (
            Tone::Error,
            Key::PortalTitle,
            Key::ErrKind(ErrorKind::RateLimit),
            Some(code.clone()),
            true,
        ),
        Failure::Portal { part, code } => (
            Tone::Error,
            Key::PortalTitle,
            Key::PortalBody(*part),
            Some(code.clone()).filter(|c| !c.is_empty()),
            *part != Part::Sdk,
        ),
    };
    let actions = retry.then(|| {
        html! {
            <Button label={t(lang, Key::Retry)} icon={Icon::Refresh}
                    on_click={props.on_retry.clone()} />
        }
    });
    html! {
        <div class="alert" data-error={failure.hook()}>
            <Banner {tone} title={t(lang, title)} {actions}>
                <p class="alert-text">{ t(lang, body) }</p>
                if let Some(code) = code {
                    <p class="alert-code">{ t(lang, Key::ErrorCode(code)) }</p>
                }
            </Banner>
        </div>
    }
}
