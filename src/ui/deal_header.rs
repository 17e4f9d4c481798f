//! The deal's pipeline and stage.

use crate::i18n::{t, Key, Lang};
use crate::view::Label;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DealHeaderProps {
    pub lang: Lang,
    pub pipeline: Label,
    pub stage: Label,
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
    html! {
        <section class="card deal">
            <div class="field">
                <span class="field-label">{ t(lang, Key::Pipeline) }</span>
                <span class="field-value deal-pipeline">{ label_text(&props.pipeline) }</span>
            </div>
            <div class="field">
                <span class="field-label">{ t(lang, Key::Stage) }</span>
                <span class="field-value deal-stage">{ label_text(&props.stage) }</span>
            </div>
        </section>
    }
}
