//! The findings about one field of the rule editor, next to it:
//! `.field-error[data-field][data-problem]` (errors block the save, warnings only inform).

use crate::handover::rules::{Field, PortalFacts};
use crate::i18n::Lang;
use crate::settings::words::{issue, Names};
use crate::settings::Issue;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldErrorsProps {
    pub lang: Lang,
    /// The field whose findings these are.
    pub field: Field,
    pub issues: Rc<Vec<Issue>>,
    pub facts: Rc<PortalFacts>,
}

#[component]
pub fn FieldErrors(props: &FieldErrorsProps) -> Html {
    let names = Names::new(&props.facts, props.lang);
    let mine = props.issues.iter().filter(|i| i.about() == props.field);
    html! {
        for i in mine {
            <p class={classes!("field-error", (!i.is_error()).then_some("is-warning"))}
               data-field={i.field()} data-problem={i.problem()}
               data-severity={if i.is_error() { "error" } else { "warning" }}
               role={if i.is_error() { "alert" } else { "status" }}>
                { issue(props.lang, &names, i) }
            </p>
        }
    }
}
