//! The installer page (`install.html`, `<body data-page="install">`): runs
//! [`crate::install::install`] once on mount and shows each step and, when it stops, why —
//! in words the admin can act on. Retrying runs the steps again (the check makes that safe).

use super::banner::{Banner, Tone};
use super::button::Button;
use super::icon::Glyph;
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::install::{self, t, Key, Progress, Status, Step};
use crate::portal::browser::{BrowserFrame, BrowserPortal};
use crate::portal::bx24;
use crate::portal::Frame;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InstallerProps {
    pub lang: Lang,
    /// Whether `BX24.init` came.
    pub sdk_ready: bool,
    /// `BX24.isAdmin()`.
    pub is_admin: bool,
}

/// The badge style and icon of a step status.
fn look(status: Status) -> (&'static str, Icon) {
    match status {
        Status::Done => ("style-tinted-success", Icon::CircleCheck),
        Status::Failed => ("style-tinted-alert", Icon::Alert),
        Status::Running => ("style-tinted", Icon::Refresh),
        Status::Pending => ("style-tinted-no-accent-1", Icon::InfoCircle),
    }
}

#[component]
pub fn Installer(props: &InstallerProps) -> Html {
    let lang = props.lang;
    let progress = use_state(Progress::default);
    let attempt = use_state(|| 0u32);
    {
        let progress = progress.setter();
        let (sdk_ready, is_admin) = (props.sdk_ready, props.is_admin);
        use_effect_with(*attempt, move |_| {
            spawn_local(async move {
                let handler = web_sys::window()
                    .and_then(|w| w.location().href().ok())
                    .and_then(|href| install::handler_url(&href));
                // The installer shows its own progress: no waiting notice of its own.
                let portal = BrowserPortal::of_frame(|_| {});
                if !sdk_ready {
                    let mut p = Progress::default();
                    p.fail(Step::Check, install::Problem::NotInApp);
                    progress.set(p);
                    return;
                }
                let report = progress.clone();
                let end = install::install(
                    &portal,
                    is_admin,
                    handler.as_deref(),
                    bx24::install_finish,
                    move |p| report.set(p.clone()),
                )
                .await;
                progress.set(end);
            });
        });
    }
    use_effect_with((*progress).clone(), |_| BrowserFrame.fit_window());

    // The whole install as one status: `data-state`.
    let state = if progress.succeeded() {
        Status::Done
    } else if progress.failed() {
        Status::Failed
    } else {
        Status::Running
    };
    let on_retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    // Not for a non-admin or a page without an address: the same answer would come again.
    let retry_helps =
        props.sdk_ready && props.is_admin && progress.problem != Some(install::Problem::NoHandler);
    let retry = retry_helps.then(|| {
        html! {
            <Button label={t(lang, Key::Retry)} icon={Icon::Refresh} on_click={on_retry.clone()} />
        }
    });

    html! {
        <main id="handover" class="handover installer" data-state={state.hook()}
              aria-busy={(state == Status::Running).to_string()}>
            <h1 class="installer-title">{ t(lang, Key::Title) }</h1>
            <p class="installer-intro">{ t(lang, Key::Intro) }</p>
            <ol class="steps install-steps">
                { for Step::ALL.iter().map(|step| {
                    let status = progress.status(*step);
                    let (badge, icon) = look(status);
                    let already = matches!(step, Step::Bind(place) if progress.already.contains(place));
                    html! {
                        <li class="step install-step" data-step={step.hook()} data-status={status.hook()}
                            data-already={already.to_string()}>
                            <div class="step-head">
                                <Glyph {icon} class="step-icon" />
                                <span class="step-label">{ t(lang, Key::Step(*step)) }</span>
                                <span class={classes!("b24-badge", "step-status", badge)}>
                                    { t(lang, if already { Key::Already } else { Key::Status(status) }) }
                                </span>
                            </div>
                            if let Some(problem) = progress.problem_of(*step) {
                                <p class="step-error" data-problem={problem.hook()}>
                                    { t(lang, Key::Problem(problem.clone())) }
                                </p>
                            }
                        </li>
                    }
                }) }
            </ol>
            if progress.succeeded() {
                <div class="install-result" data-result="done">
                    <Banner tone={Tone::Success} title={t(lang, Key::DoneTitle)}>
                        <p class="alert-text">{ t(lang, Key::DoneBody) }</p>
                        if progress.already_bound() {
                            <p class="alert-text">{ t(lang, Key::AlreadyBody) }</p>
                        }
                    </Banner>
                </div>
            }
            if let Some(problem) = &progress.problem {
                <div class="install-result alert" data-result="failed" data-problem={problem.hook()}>
                    <Banner tone={Tone::Error} title={t(lang, Key::FailedTitle)} actions={retry}>
                        <p class="alert-text install-problem">{ t(lang, Key::Problem(problem.clone())) }</p>
                    </Banner>
                </div>
            }
        </main>
    }
}
