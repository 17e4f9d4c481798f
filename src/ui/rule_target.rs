//! Who gets the chat: an employee through the portal's own picker (`BX24.selectUser`), or an
//! open line's queue; and the rule's two options.

use super::button::{Button, ButtonSize, ButtonStyle};
use super::form_value::{checked, id};
use crate::handover::rules::PortalFacts;
use crate::i18n::Lang;
use crate::icon::Icon;
use crate::model::OpenLine;
use crate::settings::words::{w, Names, W};
use crate::settings::{Edit, Form, TargetKind};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RuleTargetProps {
    pub lang: Lang,
    pub form: Form,
    pub facts: Rc<PortalFacts>,
    pub on_change: Callback<Edit>,
    /// Opens the picker; its answer comes back as an edit (or never, when cancelled).
    pub on_pick: Callback<()>,
}

/// `name (queue: A, B)`.
fn line_label(n: &Names, line: &OpenLine) -> String {
    let queue: Vec<String> = line
        .queue
        .iter()
        .map(|id| {
            line.queue_users
                .iter()
                .find(|u| u.id == *id && !u.name.trim().is_empty())
                .map_or_else(|| n.user(*id), |u| u.name.clone())
        })
        .collect();
    w(Lang::En, W::LineQueue(line.name.clone(), queue.join(", ")))
}

#[component]
pub fn RuleTarget(props: &RuleTargetProps) -> Html {
    let (lang, f) = (props.lang, &props.form);
    let names = Names::new(&props.facts, props.lang);
    let on = |make: fn(&Event) -> Option<Edit>| {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(edit) = make(&e) {
                cb.emit(edit);
            }
        })
    };
    let kind = |k: TargetKind, value: &'static str, label: W| {
        let cb = props.on_change.clone();
        html! {
            <label class="check">
                <input type="radio" name="target-kind" {value} checked={f.kind == k}
                       onchange={Callback::from(move |_: Event| cb.emit(Edit::Kind(k)))} />
                <span>{ w(lang, label) }</span>
            </label>
        }
    };
    let picked = f
        .user
        .map_or_else(|| w(lang, W::NobodyPicked), |id| names.user(id));
    html! {
        <fieldset class="field target-choice">
            <legend class="field-label">{ w(lang, W::Target) }</legend>
            { kind(TargetKind::User, "user", W::TargetUser) }
            { kind(TargetKind::Line, "line", W::TargetLine) }
            if f.kind == TargetKind::User {
                <div class="pick-row">
                    <Button hook="pick-user" size={ButtonSize::Sm} style={ButtonStyle::Outline}
                            icon={Icon::Person} label={w(lang, W::PickUser)}
                            on_click={props.on_pick.clone()} />
                    <span class="picked-user" data-user-id={f.user.map(|id| id.to_string())}>
                        { picked }
                    </span>
                </div>
            } else {
                <select name="to-line" key={format!("l{:?}", f.line)}
                        onchange={on(|e| id(e).map(Edit::Line))}>
                    <option value="" selected={f.line.is_none()}>{ w(lang, W::ChooseLine) }</option>
                    for l in props.facts.lines.iter() {
                        <option value={l.id.to_string()} selected={f.line == Some(l.id)}>
                            { line_label(&names, l) }
                        </option>
                    }
                </select>
            }
            <label class="check">
                <input type="checkbox" name="responsible-follows" checked={f.responsible_follows}
                       onchange={on(|e| Some(Edit::ResponsibleFollows(checked(e))))} />
                <span>{ w(lang, W::ResponsibleFollows) }</span>
            </label>
            <label class="check">
                <input type="checkbox" name="timeline-note" checked={f.timeline_note}
                       onchange={on(|e| Some(Edit::TimelineNote(checked(e))))} />
                <span>{ w(lang, W::TimelineNote) }</span>
            </label>
        </fieldset>
    }
}
