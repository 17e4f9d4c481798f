//! The rules in the order they apply (`li.rule[data-rule-id]`): each with edit, up, down and
//! delete.

use super::button::{Button, ButtonSize, ButtonStyle};
use crate::handover::rules::{PortalFacts, Rule, Target};
use crate::i18n::Lang;
use crate::settings::words::{w, Names, W};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RuleListProps {
    pub lang: Lang,
    pub rules: Rc<Vec<Rule>>,
    pub facts: Rc<PortalFacts>,
    /// The rule open in the editor.
    #[prop_or_default]
    pub editing: Option<usize>,
    #[prop_or_default]
    pub busy: bool,
    /// Opens rule `index` in the editor.
    pub on_edit: Callback<usize>,
    /// Moves rule `index` one place up (`true`) or down.
    pub on_move: Callback<(usize, bool)>,
    pub on_delete: Callback<usize>,
}

fn summary(lang: Lang, n: &Names, r: &Rule) -> String {
    let route = w(
        lang,
        W::Summary(
            n.pipeline(r.from_category_id),
            n.pipeline(r.to_category_id),
            n.stage(&r.to_stage_id),
        ),
    );
    let target = match r.target {
        Target::User(id) => W::ToUser(n.user(id)),
        Target::Line(id) => W::ToLine(n.line(id)),
    };
    format!("{route}, {}", w(lang, target))
}

#[component]
pub fn RuleList(props: &RuleListProps) -> Html {
    let lang = props.lang;
    let names = Names::new(&props.facts, props.lang);
    if props.rules.is_empty() {
        return html! { <p class="muted rules-empty">{ w(lang, W::NoRules) }</p> };
    }
    let last = props.rules.len() - 1;
    let plain = |hook: &'static str, word, disabled, on_click: Callback<()>| {
        html! {
            <Button {hook} size={ButtonSize::Sm} style={ButtonStyle::Plain} {disabled}
                    label={w(lang, word)} {on_click} />
        }
    };
    let at = |cb: &Callback<usize>, i: usize| cb.reform(move |()| i);
    html! {
        <ol class="rules">
            for (i, r) in props.rules.iter().enumerate() {
                <li class={classes!("rule", (props.editing == Some(i)).then_some("is-editing"))}
                    data-rule-id={r.id.clone()}>
                    <span class="rule-summary">{ summary(lang, &names, r) }</span>
                    <span class="rule-actions">
                        { plain("rule-edit", W::Edit, props.busy, at(&props.on_edit, i)) }
                        { plain("rule-up", W::Up, props.busy || i == 0,
                                props.on_move.reform(move |()| (i, true))) }
                        { plain("rule-down", W::Down, props.busy || i == last,
                                props.on_move.reform(move |()| (i, false))) }
                        { plain("rule-delete", W::Delete, props.busy, at(&props.on_delete, i)) }
                    </span>
                </li>
            }
        </ol>
    }
}
