//! The pipeline's stages as a bar of steps, filled up to the deal's stage in the colour of what
//! the stage means (in progress: accent, won: success, lost: alert). Stage colours set in the CRM
//! would need a `style` attribute, which the CSP forbids; the semantics carry the meaning.

use super::class_list;
use crate::view::{StageProgress, StageTone};
use yew::prelude::*;

/// The badge style for a stage of this tone (classes listed in `assets/classes.json`).
pub fn tone_class(tone: StageTone) -> &'static str {
    match tone {
        StageTone::Progress => "style-tinted",
        StageTone::Won => "style-tinted-success",
        StageTone::Lost => "style-tinted-alert",
    }
}

#[derive(Properties, PartialEq)]
pub struct StageBarProps {
    pub progress: StageProgress,
}

#[component]
pub fn StageBar(props: &StageBarProps) -> Html {
    let p = &props.progress;
    // Without the deal's place among the stages there is nothing to draw; the badge says it.
    let Some(current) = p.current.filter(|_| !p.steps.is_empty()) else {
        return Html::default();
    };
    let tone = match p.tone {
        StageTone::Progress => "is-progress",
        StageTone::Won => "is-won",
        StageTone::Lost => "is-lost",
    };
    html! {
        <ol class={class_list(&["stage-bar", tone])} aria-hidden="true">
            { for p.steps.iter().enumerate().map(|(i, name)| html! {
                <li class={if i <= current { "stage-step is-done" } else { "stage-step" }}
                    title={name.clone()}></li>
            }) }
        </ol>
    }
}
