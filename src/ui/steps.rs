//! The run's report: each step with its label and status, and why a failed step failed.

use super::class_list;
use super::icon::glyph;
use crate::icon::Icon;
use crate::panel::StepView;
use yew::prelude::*;

/// The badge style and icon of a status hook.
fn look(status: &str) -> (&'static str, Icon) {
    match status {
        "done" => ("style-tinted-success", Icon::CircleCheck),
        "failed" => ("style-tinted-alert", Icon::Alert),
        "running" => ("style-tinted", Icon::Refresh),
        _ => ("style-tinted-no-accent-1", Icon::InfoCircle),
    }
}

pub fn steps(steps: &[StepView]) -> Html {
    html! {
        <ol class="steps">
            { for steps.iter().map(|s| {
                let (badge, icon) = look(s.status);
                html! {
                    <li class="step" data-step={s.step} data-status={s.status}>
                        <div class="step-head">
                            { glyph(icon, "step-icon") }
                            <span class="step-label">{ s.label.clone() }</span>
                            <span class={class_list(&["b24-badge step-status", badge])}>
                                { s.status_text.clone() }
                            </span>
                        </div>
                        if let Some((reason, text)) = &s.error {
                            <p class="step-error" data-reason={*reason}>{ text.clone() }</p>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}
