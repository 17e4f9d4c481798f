//! The deal's pipeline and stage, as the Bitrix24 card shows them: the pipeline's name, the
//! stage as a badge coloured by what it means, and the stage bar.

use super::class_list;
use super::icon::glyph;
use super::stage_bar::{stage_bar, tone_class};
use crate::i18n::{label, t, Key, Lang};
use crate::icon::Icon;
use crate::view::{Label, StageProgress};
use yew::prelude::*;

pub fn deal_header(lang: Lang, pipeline: &Label, stage: &Label, progress: &StageProgress) -> Html {
    let badge = class_list(&["b24-badge deal-stage", tone_class(progress.tone)]);
    html! {
        <section class="b24-card deal">
            <div class="b24-card__body deal-body">
                <div class="deal-row">
                    <span class="deal-item">
                        { glyph(Icon::ChangeFunnel, "deal-icon") }
                        <span class="field-label">{ t(lang, Key::Pipeline) }</span>
                        <span class="deal-pipeline">{ label(lang, pipeline) }</span>
                    </span>
                    <span class="deal-item">
                        <span class="field-label">{ t(lang, Key::Stage) }</span>
                        <span class={badge}>{ label(lang, stage) }</span>
                    </span>
                </div>
                { stage_bar(progress) }
            </div>
        </section>
    }
}
