//! The deal's pipeline and stage, as the Bitrix24 card shows them: the pipeline's name, the
//! stage as a badge coloured by what it means, and the stage bar.

use super::icon::Glyph;
use super::stage_bar::{tone_class, StageBar};
use crate::i18n::{t, Key, Lang};
use crate::icon::Icon;
use crate::view::{Label, StageProgress};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DealHeaderProps {
    pub lang: Lang,
    pub pipeline: Label,
    pub stage: Label,
    #[prop_or_default]
    pub progress: StageProgress,
}

/// A name, or the raw id when the name could not be read.
pub fn label_text(label: &Label) -> AttrValue {
    match label {
        Label::Name(name) | Label::Id(name) => AttrValue::from(name.clone()),
    }
}

#[component]
pub fn DealHeader(props: &DealHeaderProps) -> Html {
    let lang = props.lang;
    let badge = classes!("b24-badge", "deal-stage", tone_class(props.progress.tone));
    html! {
        <section class="b24-card deal">
            <div class="b24-card__body deal-body">
                <div class="deal-row">
                    <span class="deal-item">
                        <Glyph icon={Icon::ChangeFunnel} class="deal-icon" />
                        <span class="field-label">{ t(lang, Key::Pipeline) }</span>
                        <span class="deal-pipeline">{ label_text(&props.pipeline) }</span>
                    </span>
                    <span class="deal-item">
                        <span class="field-label">{ t(lang, Key::Stage) }</span>
                        <span class={badge}>{ label_text(&props.stage) }</span>
                    </span>
                </div>
                <StageBar progress={props.progress.clone()} />
            </div>
        </section>
    }
}
