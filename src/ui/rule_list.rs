//! The rules in the order they apply (`li.rule[data-rule-id]`): each with edit, up, down and
//! delete.

use super::button::ButtonStyle;
use super::tool_button::{tool_button, ToolButtonProps};
use crate::handover::rules::{PortalFacts, Rule, Target};
use crate::i18n::Lang;
use crate::settings::state::Msg;
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
    pub on_msg: Callback<Msg>,
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
    let send = |msg: Msg| props.on_msg.reform(move |()| msg.clone());
    let plain = |hook, word, disabled, on_click| {
        tool_button(ToolButtonProps {
            style: ButtonStyle::Plain,
            disabled,
            on_click,
            ..ToolButtonProps::new(hook, w(lang, word))
        })
    };
    html! {
        <ol class="rules">
            for (i, r) in props.rules.iter().enumerate() {
                <li class={classes!("rule", (props.editing == Some(i)).then_some("is-editing"))}
                    data-rule-id={r.id.clone()}>
                    <span class="rule-summary">{ summary(lang, &names, r) }</span>
                    <span class="rule-actions">
                        { plain("rule-edit", W::Edit, props.busy, send(Msg::Edit(i))) }
                        { plain("rule-up", W::Up, props.busy || i == 0, send(Msg::Move(i, true))) }
                        { plain("rule-down", W::Down, props.busy || i == last,
                                send(Msg::Move(i, false))) }
                        { plain("rule-delete", W::Delete, props.busy, send(Msg::Delete(i))) }
                    </span>
                </li>
            }
        </ol>
    }
}
