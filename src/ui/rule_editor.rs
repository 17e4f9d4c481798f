//! `form.rule-editor`: one rule's source pipeline and stages, target pipeline and stage, then
//! [`RuleTarget`]; each field with its findings. Nothing is saved while an error stands.

use super::button::{Button, ButtonSize, ButtonStyle};
use super::field_error::FieldErrors;
use super::form_value::{checked, id, value};
use super::rule_target::RuleTarget;
use crate::handover::rules::{Field, PortalFacts};
use crate::i18n::Lang;
use crate::model::stages_of;
use crate::settings::words::{w, W};
use crate::settings::{Edit, Form, Issue};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RuleEditorProps {
    pub lang: Lang,
    pub form: Form,
    pub facts: Rc<PortalFacts>,
    pub issues: Rc<Vec<Issue>>,
    #[prop_or_default]
    pub busy: bool,
    pub on_change: Callback<Edit>,
    pub on_pick: Callback<()>,
    pub on_save: Callback<()>,
    /// `None`: no cancel (the first run).
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

#[component]
pub fn RuleEditor(props: &RuleEditorProps) -> Html {
    let (lang, f, facts) = (props.lang, &props.form, &props.facts);
    let errs = |field: Field| {
        html! { <FieldErrors {lang} {field} issues={props.issues.clone()} facts={facts.clone()} /> }
    };
    let edit = |make: fn(&Event) -> Option<Edit>| {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(edit) = make(&e) {
                cb.emit(edit);
            }
        })
    };
    let pipelines = |selected: u64| {
        html! { for p in facts.pipelines.iter() {
            <option value={p.id.to_string()} selected={p.id == selected}>{ p.name.clone() }</option>
        } }
    };
    let from_stages = stages_of(&facts.stages, f.from_category)
        .cloned()
        .unwrap_or_default();
    let to_stages = stages_of(&facts.stages, f.to_category)
        .cloned()
        .unwrap_or_default();
    let has_error = props.issues.iter().any(Issue::is_error);
    let onsubmit = {
        let save = props.on_save.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save.emit(());
        })
    };
    html! {
        <form class="rule-editor" {onsubmit} novalidate=true>
            { errs(Field::Id) }
            <label class="field">
                <span class="field-label">{ w(lang, W::FromPipeline) }</span>
                <select name="from-category" key={format!("f{}", f.from_category)} onchange={edit(|e| id(e).map(Edit::FromCategory))}>
                    { pipelines(f.from_category) }
                </select>
                { errs(Field::FromPipeline) }
            </label>
            <fieldset class="field stage-choice">
                <legend class="field-label">{ w(lang, W::FromStages) }</legend>
                <label class="check">
                    <input type="checkbox" name="from-stage" value="any" checked={f.any_stage}
                           onchange={edit(|e| Some(Edit::AnyStage(checked(e))))} />
                    <span>{ w(lang, W::AnyStage) }</span>
                </label>
                for s in from_stages.iter() {
                    <label class="check">
                        <input type="checkbox" name="from-stage" value={s.status_id.clone()}
                               disabled={f.any_stage}
                               checked={!f.any_stage && f.from_stages.contains(&s.status_id)}
                               onchange={edit(|e| Some(Edit::Stage(value(e), checked(e))))} />
                        <span>{ s.name.clone() }</span>
                    </label>
                }
                { errs(Field::FromStages) }
            </fieldset>
            <label class="field">
                <span class="field-label">{ w(lang, W::ToPipeline) }</span>
                <select name="to-category" key={format!("t{}", f.to_category)} onchange={edit(|e| id(e).map(Edit::ToCategory))}>
                    { pipelines(f.to_category) }
                </select>
                { errs(Field::ToPipeline) }
            </label>
            <label class="field">
                <span class="field-label">{ w(lang, W::ToStage) }</span>
                <select name="to-stage" key={format!("s{}:{}", f.to_category, f.to_stage)} onchange={edit(|e| Some(Edit::ToStage(value(e))))}>
                    <option value="" selected={f.to_stage.is_empty()}>{ w(lang, W::ChooseStage) }</option>
                    for s in to_stages.iter() {
                        <option value={s.status_id.clone()} selected={s.status_id == f.to_stage}>
                            { s.name.clone() }
                        </option>
                    }
                </select>
                { errs(Field::ToStage) }
            </label>
            <RuleTarget {lang} form={f.clone()} facts={facts.clone()}
                        on_change={props.on_change.clone()} on_pick={props.on_pick.clone()} />
            { errs(Field::Target) }
            <div class="settings-actions">
                <Button hook="rule-save" size={ButtonSize::Sm} submit=true disabled={has_error}
                        busy={props.busy} label={w(lang, W::Save)} />
                if let Some(on_click) = props.on_cancel.clone() {
                    <Button hook="rule-cancel" size={ButtonSize::Sm} style={ButtonStyle::Plain}
                            label={w(lang, W::Cancel)} {on_click} />
                }
            </div>
        </form>
    }
}
