//! The hand-over's preview: which chat goes from whom to whom, where the deal goes, who becomes
//! responsible, and what to know first. Every name is a text node.

use super::banner::{banner, Tone};
use super::class_list;
use crate::i18n::{t, Key, Lang};
use crate::panel::PreviewView;
use yew::prelude::*;

pub fn preview(lang: Lang, v: &PreviewView) -> Html {
    let field = |label: Key, class: &'static str, value: &String| {
        html! {
            <div class="field">
                <dt class="field-label">{ t(lang, label) }</dt>
                <dd class={class_list(&["field-value", class])}>{ value.clone() }</dd>
            </div>
        }
    };
    html! {
        <section class="preview b24-card">
            <header class="b24-card__header">
                <h2 class="b24-card__title">{ t(lang, Key::PreviewTitle) }</h2>
            </header>
            <div class="b24-card__body preview-body">
                <dl class="preview-fields">
                    { field(Key::PreviewChat, "preview-chat", &v.chat) }
                    { field(Key::OperatorFrom, "preview-operator-from", &v.operator_from) }
                    { field(Key::OperatorTo, "preview-operator-to", &v.operator_to) }
                    { field(Key::DealFrom, "preview-deal-from", &v.deal_from) }
                    { field(Key::DealTo, "preview-deal-to", &v.deal_to) }
                    if let Some(r) = &v.responsible {
                        { field(Key::Responsible, "preview-responsible", r) }
                    }
                </dl>
                { for v.warnings.iter().map(|(kind, text)| html! {
                    <div class="alert" data-warning={*kind}>
                        { banner(Tone::Warning, text.clone(), Html::default(), None) }
                    </div>
                }) }
            </div>
        </section>
    }
}
