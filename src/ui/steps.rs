//! The run's report: each step with its label and status, and why a failed step failed.

use super::class_list;
use super::icon::Glyph;
use crate::icon::Icon;
use crate::panel::{StepState, StepView};
use yew::prelude::*;

/// The badge style and icon of a step's state.
fn look(state: StepState) -> (&'static str, Icon) {
    match state {
        StepState::Done => ("style-tinted-success", Icon::CircleCheck),
        StepState::Failed => ("style-tinted-alert", Icon::Alert),
        StepState::Running => ("style-tinted", Icon::Refresh),
        StepState::Pending | StepState::NotRun => ("style-tinted-no-accent-1", Icon::InfoCircle),
    }
}

#[derive(Properties, PartialEq)]
pub struct StepsProps {
    pub steps: Vec<StepView>,
}

#[component]
pub fn Steps(props: &StepsProps) -> Html {
    html! {
        <ol class="steps">
            for s in props.steps.iter() {
                <li class="step" data-step={s.step.hook()} data-status={s.status.hook()}>
                    <div class="step-head">
                        <Glyph icon={look(s.status).1} class="step-icon" />
                        <span class="step-label">{ s.label.clone() }</span>
                        <span class={class_list(&["b24-badge step-status", look(s.status).0])}>
                            { s.status_text.clone() }
                        </span>
                    </div>
                    if let Some(e) = &s.error {
                        <p class="step-error" data-reason={e.reason.hook()}>{ e.text.clone() }</p>
                    }
                </li>
            }
        </ol>
    }
}
