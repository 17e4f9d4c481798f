//! The rules in the order they apply (`li.rule[data-rule-id]`): each with edit, up, down and
//! delete.

use super::button::ButtonStyle;
use super::tool_button::ToolButton;
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
            n.stage(r.to_category_id, &r.to_stage_id),
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
    let names = Names {
        facts: &props.facts,
    };
    if props.rules.is_empty() {
        return html! { <p class="muted rules-empty">{ w(lang, W::NoRules) }</p> };
    }
    let last = props.rules.len() - 1;
    let send = |msg: Msg| props.on_msg.reform(move |()| msg.clone());
    html! {
        <ol class="rules">
            for (i, r) in props.rules.iter().enumerate() {
                <li class={classes!("rule", (props.editing == Some(i)).then_some("is-editing"))}
                    data-rule-id={r.id.clone()}>
                    <span class="rule-summary">{ summary(lang, &names, r) }</span>
                    <span class="rule-actions">
                        <ToolButton hook="rule-edit" label={w(lang, W::Edit)}
                                    style={ButtonStyle::Plain} disabled={props.busy}
                                    on_click={send(Msg::Edit(i))} />
                        <ToolButton hook="rule-up" label={w(lang, W::Up)} style={ButtonStyle::Plain}
                                    disabled={props.busy || i == 0}
                                    on_click={send(Msg::Move(i, true))} />
                        <ToolButton hook="rule-down" label={w(lang, W::Down)}
                                    style={ButtonStyle::Plain} disabled={props.busy || i == last}
                                    on_click={send(Msg::Move(i, false))} />
                        <ToolButton hook="rule-delete" label={w(lang, W::Delete)}
                                    style={ButtonStyle::Plain} disabled={props.busy}
                                    on_click={send(Msg::Delete(i))} />
                    </span>
                </li>
            }
        </ol>
    }
}
