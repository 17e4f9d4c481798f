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
use crate::model::placement::{self, Opened};
use crate::model::{self, Dialog};
use crate::panel::note_facts;
use crate::portal::error::local;
use crate::portal::{ApiError, ErrorKind, Frame, Portal};
use crate::settings::state::SaveFailure;
use crate::state::Action;
use crate::view::{deal_tab, settled_tab};
use serde_json::{json, Value};
use std::rc::Rc;

/// Where the frame was opened (`BX24.placement.info()`), read once by [`placement::opened`].
pub fn opened(frame: &impl Frame) -> Result<Opened, Failure> {
    let info = frame.placement_info().map_err(|e| Failure::Portal {
        part: Part::Sdk,
        code: e.code,
    })?;
    placement::opened(&info).map_err(Failure::from)
}

/// Whether the frame was opened inside an open-line chat: the compact layout, from the first
/// screen on (loading and failures included).
pub fn in_chat(frame: &impl Frame) -> bool {
    matches!(opened(frame), Ok(Opened::Chat { .. }))
}

/// Whether the lean build steps aside for the admin build at once (the hook of
/// `ui::boot`): the deal list's placements for everyone (the queue is for team leads, not only
/// admins; the admin build serves them), and for an admin the app's own page or the first run
/// ([`settings_at_start`]). No request.
pub fn needs_admin_build(frame: &impl Frame, is_admin: bool) -> bool {
    match opened(frame) {
        Ok(Opened::DealList { .. }) => true,
        opened => {
            is_admin && settings_at_start(matches!(opened, Ok(Opened::App)), &read_rules(frame))
        }
    }
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

/// The first screen: placement → deal id → rules → one batch; one action back. Inside an
/// open-line chat the deal comes first from the chat's dialog ([`chat_deal`]): two round
/// trips, as a batch reference cannot split the `|`-joined bindings that name the deal.
/// `known` is the deal of the last load: a reload (a retry, a resume, after a hand-over) reads
/// it again without the dialog, which a transfer may have closed to the caller.
pub async fn load(frame: &impl Frame, portal: &impl Portal, known: Option<u64>) -> Action {
    let (id, in_chat) = match opened(frame) {
        Ok(Opened::Deal { id }) => (id, None),
        Ok(Opened::Chat { chat_id }) => match known {
            Some(id) => (id, Some((chat_id, None))),
            None => match chat_deal(portal, chat_id).await {
                Ok((id, dialog)) => (id, Some((chat_id, Some(dialog)))),
                Err(failure) => return Action::Failed(failure),
            },
        },
        // The deal list is the admin build's (the queue); the app's own page is the settings'.
        Ok(Opened::DealList { .. } | Opened::App) => return Action::Failed(Failure::NotADeal),
        Err(failure) => return Action::Failed(failure),
    };
    let rules = read_rules(frame);
    let wanted = rules.as_ref().cloned().unwrap_or_default();
    match load::load(portal, id, &wanted).await {
        Ok(mut loaded) => {
            let in_chat = in_chat.map(|(chat_id, dialog)| {
                pin_chat(&mut loaded, chat_id, dialog);
                chat_id
            });
            let basis = Basis {
                loaded,
                rules,
                in_chat,
            };
            Action::Loaded(deal_tab(&basis.loaded), Rc::new(basis))
        }
        Err(failure) => Action::Failed(failure),
    }
}

/// The deal of open-line chat `chat_id` and its dialog: `imopenlines.dialog.get` by
/// `DIALOG_ID`, the deal from the dialog's CRM bindings ([`model::Dialog::deal_id`]).
/// <https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.html>
pub async fn chat_deal(portal: &impl Portal, chat_id: u64) -> Result<(u64, Dialog), Failure> {
    let params = json!({"DIALOG_ID": Opened::dialog_id(chat_id)});
    chat_deal_of(chat_id, portal.call("imopenlines.dialog.get", params).await)
}

/// The code `imopenlines.dialog.get` answers a user who is not in the chat and may not join it.
const ACCESS_ERROR: &str = "ACCESS_ERROR";

/// [`chat_deal`]'s reading of the answer (apart from the request: one copy in the wasm).
fn chat_deal_of(chat_id: u64, answer: Result<Value, ApiError>) -> Result<(u64, Dialog), Failure> {
    let result = answer.map_err(|e| match e.kind() {
        // ACCESS_ERROR: not in the chat, and the line does not let the user in. Every other
        // refusal (a scope not granted, an unpaid plan, a 403) keeps its code on the screen.
        ErrorKind::Denied if e.code == ACCESS_ERROR => Failure::NoChatAccess,
        _ => Failure::from_api(Part::Dialog, &e),
    })?;
    let dialog = model::read_dialog(&result)
        .ok()
        .filter(|d| d.chat_id == chat_id)
        .ok_or_else(|| Failure::Portal {
            part: Part::Dialog,
            code: local::BAD_RESPONSE.into(),
        })?;
    let deal = dialog.deal_id.ok_or(Failure::NoDealInChat)?;
    Ok((deal, dialog))
}

/// Keeps only chat `chat_id` of the deal's chats: in the chat the hand-over is about that chat,
/// never a choice among the deal's. When the load could not read its dialog (the deal's first
/// [`load::MAX_DIALOGS`] chats get one), the dialog just read in the chat stands in. A deal
/// that does not list the chat keeps none, and the plan says there is no chat.
fn pin_chat(loaded: &mut load::Context, chat_id: u64, dialog: Option<Dialog>) {
    let chats = &mut loaded.chats;
    let pinned = chats
        .iter()
        .position(|c| c.chat.chat_id == chat_id)
        .map(|i| chats.swap_remove(i));
    chats.clear();
    if let Some(mut c) = pinned {
        if c.dialog.is_none() {
            c.dialog = dialog;
        }
        chats.push(c);
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
    // `reloadData` is the CRM card's command: not sent from a chat (bitrix24-rest.md §9).
    if end.progress.succeeded() && basis.in_chat.is_none() {
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
mod chat_tests;
#[cfg(test)]
mod retry_tests;
#[cfg(test)]
mod tests;
