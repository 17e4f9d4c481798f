//! The hand-over's preview: which chat goes from whom to whom, where the deal goes, who becomes
//! responsible, and what to know first. Every name is a text node.

use super::banner::{Banner, Tone};
use super::class_list;
use crate::i18n::{t, Key, Lang};
use crate::panel::PreviewView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub lang: Lang,
    pub view: PreviewView,
}

#[component]
pub fn Preview(props: &PreviewProps) -> Html {
    let (lang, v) = (props.lang, &props.view);
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
                for w in v.warnings.iter() {
                    <div class="alert" data-warning={w.kind.hook()}>
                        <Banner tone={Tone::Warning} title={w.text.clone()} />
                    </div>
                }
            </div>
        </section>
    }
}
