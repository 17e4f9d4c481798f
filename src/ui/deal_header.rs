//! The deal's pipeline and stage, as the Bitrix24 card shows them: the pipeline's name, the
//! stage as a badge coloured by what it means, and the stage bar.

use super::class_list;
use super::icon::Glyph;
use super::stage_bar::{tone_class, StageBar};
use crate::i18n::{label, t, Key, Lang};
use crate::icon::Icon;
use crate::view::{Label, StageProgress};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DealHeaderProps {
    pub lang: Lang,
    pub pipeline: Label,
    pub stage: Label,
    pub progress: StageProgress,
}

#[component]
pub fn DealHeader(props: &DealHeaderProps) -> Html {
    let lang = props.lang;
    let badge = class_list(&["b24-badge deal-stage", tone_class(props.progress.tone)]);
    html! {
        <section class="b24-card deal">
            <div class="b24-card__body deal-body">
                <div class="deal-row">
                    <span class="deal-item">
                        <Glyph icon={Icon::ChangeFunnel} class="deal-icon" />
                        <span class="field-label">{ t(lang, Key::Pipeline) }</span>
                        <span class="deal-pipeline">{ label(lang, &props.pipeline) }</span>
                    </span>
                    <span class="deal-item">
                        <span class="field-label">{ t(lang, Key::Stage) }</span>
                        <span class={badge}>{ label(lang, &props.stage) }</span>
                    </span>
                </div>
                <StageBar progress={props.progress.clone()} />
            </div>
        </section>
    }
}
