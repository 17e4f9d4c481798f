//! The app's flow as plain Rust over the two traits, [`Portal`] (REST) and [`Frame`] (the parent
//! window): placement → deal id → rules → one load → (the reducer plans) → the run of the plan →
//! `reloadData` and the screen after the hand-over, built from what the run's two round trips
//! read (a fresh load only when they could not read the deal). Each step ends in a reducer
//! [`Action`]; `ui/` only wires the browser's implementations in and dispatches what comes back,
//! and the native tests drive the whole flow with scripted fakes.

use crate::basis::Basis;
use crate::failure::{Failure, Part};
use crate::handover::plan::Plan;
use crate::handover::rules::{self, Rules, RulesError};
use crate::handover::run::run;
use crate::i18n::Lang;
use crate::load;
use crate::model::placement;
use crate::panel::note_facts;
use crate::portal::error::local;
use crate::portal::{Frame, Portal};
use crate::settings::state::SaveFailure;
use crate::state::Action;
use crate::view::{deal_tab, settled_tab};
use serde_json::Value;
use std::rc::Rc;

/// The deal the frame was opened for (`BX24.placement.info()`), or why there is none.
pub fn deal_id(frame: &impl Frame) -> Result<u64, Failure> {
    let info = frame.placement_info().map_err(|e| Failure::Portal {
        part: Part::Sdk,
        code: e.code,
    })?;
    placement::deal_id(&info).map_err(Failure::from)
}

/// The stored rules (`BX24.appOption.get`, no request), read by [`rules::parse`]; a value the
/// frame refuses to read (too large, not JSON data) is unreadable rules, reported as such.
pub fn read_rules(frame: &impl Frame) -> Result<Rules, RulesError> {
    let raw = frame.app_option(rules::OPTION_NAME).map_err(|e| {
        if e.code == local::TOO_LARGE {
            RulesError::TooLarge
        } else {
            RulesError::Malformed(format!("not a JSON value: {}", e.description))
        }
    })?;
    rules::parse(&raw.unwrap_or(Value::Null))
}

/// Whether an admin's tab opens the settings by itself: outside a deal (the app's own page
/// explains the app and shows the rules) or with no rules yet (the first run). An unreadable
/// rules value is not opened by itself: the tab offers to repair it.
pub fn settings_at_start(not_a_deal: bool, rules: &Result<Rules, RulesError>) -> bool {
    not_a_deal || rules.as_ref().is_ok_and(|r| r.rules.is_empty())
}

/// The first screen: placement → deal id → rules → one batch; one action back.
pub async fn load(frame: &impl Frame, portal: &impl Portal) -> Action {
    let id = match deal_id(frame) {
        Ok(id) => id,
        Err(failure) => return Action::Failed(failure),
    };
    let rules = read_rules(frame);
    let wanted = rules.as_ref().cloned().unwrap_or_default();
    match load::load(portal, id, &wanted).await {
        Ok(loaded) => Action::Loaded(deal_tab(&loaded), Rc::new(Basis { loaded, rules })),
        Err(failure) => Action::Failed(failure),
    }
}

/// Runs the plan; each report goes to `dispatch` as an action, the last one ending the run:
/// after a success, [`Action::Settled`] with the screen after the hand-over, built from what
/// the round trips read ([`settled_tab`]), or, when they could not read the deal after the
/// writes, [`Action::Progress`] (the reducer then loads afresh). After a success the card
/// reloads too (without waiting: some users get no answer). `now` is the local time for the
/// timeline note.
pub async fn hand_over(
    frame: &impl Frame,
    portal: &impl Portal,
    plan: &Plan,
    basis: &Basis,
    lang: Lang,
    now: String,
    dispatch: impl Fn(Action),
) {
    let facts = note_facts(basis, plan, lang, now);
    let end = run(portal, plan, lang, &facts, |p| {
        dispatch(Action::Progress(p))
    })
    .await;
    if end.progress.succeeded() {
        frame.reload_data();
    }
    let settled = end
        .settled
        .and_then(|s| settled_tab(&basis.loaded, plan, s));
    dispatch(match settled {
        Some(tab) => Action::Settled(end.progress, tab),
        None => Action::Progress(end.progress),
    });
}

/// Saves `value`, the stored form of `new` that the settings' state built with
/// [`rules::to_value`]: saved when the options the portal answers with hold our rules.
pub async fn save_rules(frame: &impl Frame, new: &Rules, value: &Value) -> Result<(), SaveFailure> {
    let text = serde_json::to_string(value).map_err(|_| SaveFailure::Unstorable)?;
    let options = frame
        .set_app_option(rules::OPTION_NAME, &Value::String(text))
        .await
        .map_err(|_| SaveFailure::NoAnswer)?;
    let stored = options
        .get(rules::OPTION_NAME)
        .cloned()
        .unwrap_or(Value::Null);
    match rules::parse(&stored) {
        Ok(r) if r == *new => Ok(()),
        _ => Err(SaveFailure::NotStored),
    }
}

#[cfg(test)]
mod retry_tests;
#[cfg(test)]
mod tests;
