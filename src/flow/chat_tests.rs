//! The flow inside an open-line chat (`IM_TEXTAREA` / `IM_SIDEBAR`): the chat's dialog names the
//! deal, then the deal's load; the hand-over of that chat; every way the first screen can fail.

use super::*;
use crate::fixtures::{
    dialog_json, load_answer, rt2_ok, seed_dialog_json, seed_rt1, CHAT, DEAL, ME, OTHER_CHAT,
    PRESALE_LINE, SALES,
};
use crate::model::placement::{CHAT_SIDEBAR, CHAT_TEXTAREA, DEAL_TAB, LIST_MENU, LIST_TOOLBAR};
use crate::portal::testing::{block_on, FakeFrame, ScriptedPortal};
use crate::portal::ApiError;
use crate::state::{LoadState, Run, State};
use serde_json::{json, Value};

/// `code` opened with `options`, with the seed's rules stored (or none).
fn frame_with(code: &str, options: Value, rules: bool) -> FakeFrame {
    let frame = FakeFrame::opened(code, options);
    if rules {
        super::tests::with_rules(frame)
    } else {
        frame
    }
}

/// The text-area button of chat `chat_id`, as the portal opens it.
fn chat_frame(chat_id: u64) -> FakeFrame {
    let dialog = format!("chat{chat_id}");
    frame_with(
        CHAT_TEXTAREA,
        json!({"dialogId": dialog, "URI": "/online/"}),
        true,
    )
}

/// The seed chat's dialog with its CRM bindings set to `bindings`.
fn bound(bindings: &str) -> Value {
    let mut d = seed_dialog_json(ME);
    d["entity_data_2"] = json!(bindings);
    d
}

fn apply(state: &mut State, action: Action) {
    if let Some(next) = state.next(action) {
        *state = next;
    }
}

fn loaded(frame: &FakeFrame, portal: &ScriptedPortal) -> State {
    let mut state = State::default();
    apply(&mut state, block_on(load(frame, portal, None)));
    state
}

fn failure(state: &State) -> &Failure {
    match &state.load {
        LoadState::Failed(f) => f,
        other => panic!("not failed: {other:?}"),
    }
}

#[test]
fn the_chat_shows_its_deals_preview_in_two_requests() {
    let frame = chat_frame(CHAT);
    let portal = ScriptedPortal::new(vec![Ok(seed_dialog_json(ME)), Ok(load_answer(ME))]);
    let state = loaded(&frame, &portal);
    assert!(matches!(state.run, Run::Preview(_)), "{:?}", state.run);
    // The deal's id is inside a `|`-joined string: one request for the dialog, one for the load.
    assert_eq!(portal.methods(), ["imopenlines.dialog.get", "batch"]);
    let calls = portal.calls.borrow();
    assert_eq!(calls[0].1, json!({"DIALOG_ID": "chat1001"}));
    assert_eq!(
        calls[1].1["cmd"]["deal"],
        json!("crm.item.get?entityTypeId=2&id=101")
    );
    let basis = state.basis.as_ref().expect("loaded");
    assert_eq!(basis.in_chat, Some(CHAT));
    assert_eq!(basis.loaded.deal.id, DEAL);
    // Only this chat, though the deal has two: no choice among the deal's chats.
    let LoadState::Ready(tab) = &state.load else {
        panic!("{:?}", state.load)
    };
    assert_eq!(tab.chats.len(), 1);
    assert_eq!(tab.chats[0].chat_id, CHAT);
}

#[test]
fn the_chat_the_placement_names_is_the_one_handed_over() {
    // The deal's default chat is 1001; the frame was opened in 1009.
    let frame = chat_frame(OTHER_CHAT);
    let other = dialog_json(OTHER_CHAT, ME, PRESALE_LINE, 2009);
    let portal = ScriptedPortal::new(vec![Ok(other), Ok(load_answer(ME))]);
    let state = loaded(&frame, &portal);
    let Run::Preview(plan) = &state.run else {
        panic!("{:?}", state.run)
    };
    assert_eq!(plan.preview.chat_id, OTHER_CHAT);
}

#[test]
fn the_chats_own_dialog_stands_in_when_the_load_could_not_read_it() {
    let frame = chat_frame(OTHER_CHAT);
    let mut answer = load_answer(ME);
    // Past the load's dialogs (or refused there): no `dialog1`.
    answer["result"].as_object_mut().unwrap().remove("dialog1");
    let other = dialog_json(OTHER_CHAT, ME, PRESALE_LINE, 2009);
    let portal = ScriptedPortal::new(vec![Ok(other), Ok(answer)]);
    let state = loaded(&frame, &portal);
    let basis = state.basis.as_ref().expect("loaded");
    let dialog = basis.loaded.chats[0]
        .dialog
        .as_ref()
        .expect("the chat's dialog");
    assert_eq!(dialog.chat_id, OTHER_CHAT);
    assert_eq!(dialog.operator_id, Some(ME));
    assert!(matches!(state.run, Run::Preview(_)), "{:?}", state.run);
}

#[test]
fn a_deal_that_does_not_list_the_chat_hands_over_nothing() {
    // The dialog names deal 101, whose chats do not hold chat 1500: never another chat.
    let frame = chat_frame(1500);
    let portal = ScriptedPortal::new(vec![
        Ok(dialog_json(1500, ME, PRESALE_LINE, 77)),
        Ok(load_answer(ME)),
    ]);
    let state = loaded(&frame, &portal);
    assert!(matches!(state.run, Run::Blocked(_)), "{:?}", state.run);
    assert!(state.basis.as_ref().unwrap().loaded.chats.is_empty());
}

#[test]
fn the_hand_over_from_the_chat_sends_no_reload_data() {
    let frame = chat_frame(CHAT);
    let portal = ScriptedPortal::new(vec![
        Ok(seed_dialog_json(ME)),
        Ok(load_answer(ME)),
        Ok(seed_rt1(SALES)),
        Ok(rt2_ok()),
    ]);
    let mut state = loaded(&frame, &portal);
    apply(&mut state, Action::Start);
    apply(&mut state, Action::Confirm);
    let seen = std::cell::RefCell::new(Vec::new());
    super::tests::run_plan(&state, &frame, &portal, |a| seen.borrow_mut().push(a));
    for a in seen.into_inner() {
        apply(&mut state, a);
    }
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert_eq!(
        frame.reloads.get(),
        0,
        "reloadData is the CRM card's, not the chat's"
    );
    assert_eq!(
        portal.calls.borrow().len(),
        4,
        "two to show, two to hand over"
    );
    let LoadState::Ready(tab) = &state.load else {
        panic!("{:?}", state.load)
    };
    assert_eq!(tab.pipeline, crate::model::Label::Name("Продажа".into()));
}

#[test]
fn a_chat_with_no_deal_says_so_after_one_request() {
    for bindings in [
        "LEAD|0|COMPANY|0|CONTACT|5|DEAL|0",
        "LEAD|12|COMPANY|0|CONTACT|5",
        "",
    ] {
        let frame = chat_frame(CHAT);
        let portal = ScriptedPortal::new(vec![Ok(bound(bindings))]);
        let state = loaded(&frame, &portal);
        assert_eq!(failure(&state), &Failure::NoDealInChat, "{bindings:?}");
        assert_eq!(failure(&state).hook(), "no-deal");
        assert_eq!(portal.methods(), ["imopenlines.dialog.get"]);
    }
}

#[test]
fn once_the_deal_is_created_a_retry_shows_it() {
    let frame = chat_frame(CHAT);
    let portal = ScriptedPortal::new(vec![
        Ok(bound("LEAD|0|COMPANY|0|CONTACT|5|DEAL|0")),
        Ok(seed_dialog_json(ME)),
        Ok(load_answer(ME)),
    ]);
    let mut state = loaded(&frame, &portal);
    assert_eq!(failure(&state), &Failure::NoDealInChat);
    apply(&mut state, Action::Reload);
    let known = state.basis.as_ref().map(|b| b.loaded.deal.id);
    apply(&mut state, block_on(load(&frame, &portal, known)));
    assert!(matches!(state.run, Run::Preview(_)), "{:?}", state.run);
}

#[test]
fn a_user_who_may_not_read_the_chat_is_told_so() {
    let frame = chat_frame(CHAT);
    let denied = ApiError::new(
        "imopenlines.dialog.get",
        Some(400),
        "ACCESS_ERROR",
        "You do not have access to the specified dialog",
    );
    let portal = ScriptedPortal::new(vec![Err(denied)]);
    let state = loaded(&frame, &portal);
    assert_eq!(failure(&state), &Failure::NoChatAccess);
    assert_eq!(failure(&state).hook(), "no-chat-access");
    assert_eq!(
        portal.methods(),
        ["imopenlines.dialog.get"],
        "no load after it"
    );
}

#[test]
fn each_failure_of_the_dialogs_read_is_reported() {
    let err = |status, code: &str| ApiError::new("imopenlines.dialog.get", status, code, "x");
    for (answer, want) in [
        (
            Err(err(Some(500), "ERROR_CORE")),
            Failure::Portal {
                part: Part::Dialog,
                code: "ERROR_CORE".into(),
            },
        ),
        (
            Err(err(Some(400), "IM_NOT_INSTALLED")),
            Failure::Portal {
                part: Part::Dialog,
                code: "IM_NOT_INSTALLED".into(),
            },
        ),
        (
            Err(err(Some(503), "QUERY_LIMIT_EXCEEDED")),
            Failure::Busy {
                code: "QUERY_LIMIT_EXCEEDED".into(),
            },
        ),
        (Err(err(None, "NETWORK_ERROR")), Failure::Network),
        // Another chat's dialog, or no dialog at all: nonsense, never a deal.
        (
            Ok(dialog_json(OTHER_CHAT, ME, PRESALE_LINE, 1)),
            Failure::Portal {
                part: Part::Dialog,
                code: local::BAD_RESPONSE.into(),
            },
        ),
        (
            Ok(json!([])),
            Failure::Portal {
                part: Part::Dialog,
                code: local::BAD_RESPONSE.into(),
            },
        ),
    ] {
        let frame = chat_frame(CHAT);
        let portal = ScriptedPortal::new(vec![answer]);
        let state = loaded(&frame, &portal);
        assert_eq!(failure(&state), &want);
        assert_eq!(portal.calls.borrow().len(), 1);
    }
}

#[test]
fn a_failed_load_after_the_dialog_is_reported_as_the_deal_tabs_is() {
    let frame = chat_frame(CHAT);
    let portal = ScriptedPortal::new(vec![
        Ok(seed_dialog_json(ME)),
        Err(ApiError::new("batch", Some(500), "ERROR_CORE", "x")),
    ]);
    let state = loaded(&frame, &portal);
    assert!(
        matches!(failure(&state), Failure::Portal { part: Part::Batch, code } if code == "ERROR_CORE"),
        "{:?}",
        state.load
    );
}

#[test]
fn a_reload_in_the_chat_reads_the_known_deal_without_the_dialog() {
    // After a transfer the caller may no longer read the chat: a resume reads the deal.
    let frame = chat_frame(CHAT);
    let portal = ScriptedPortal::new(vec![Ok(load_answer(ME))]);
    let action = block_on(load(&frame, &portal, Some(DEAL)));
    assert_eq!(portal.methods(), ["batch"]);
    let Action::Loaded(tab, basis) = action else {
        panic!("{action:?}")
    };
    assert_eq!(basis.in_chat, Some(CHAT));
    assert_eq!(tab.chats.len(), 1);
}

#[test]
fn a_chat_placement_without_a_dialog_asks_nothing() {
    let frame = frame_with(CHAT_SIDEBAR, json!({"URI": "/online/"}), true);
    let portal = ScriptedPortal::new(vec![]);
    let state = loaded(&frame, &portal);
    assert_eq!(failure(&state), &Failure::NoPlacementId);
    assert_eq!(portal.calls.borrow().len(), 0);
}

#[test]
fn the_deal_list_goes_to_the_admin_build_for_everyone() {
    for (code, options) in [
        (LIST_TOOLBAR, json!({"URI": "/crm/deal/list/"})),
        (LIST_MENU, json!({"ID": "101"})),
    ] {
        let frame = frame_with(code, options, true);
        assert!(needs_admin_build(&frame, false), "{code}");
        assert!(needs_admin_build(&frame, true), "{code}");
        // The lean build's own flow shows nothing there.
        let portal = ScriptedPortal::new(vec![]);
        assert_eq!(failure(&loaded(&frame, &portal)), &Failure::NotADeal);
    }
    // The app's own page and the first run, for an admin only, as before.
    let page = frame_with("DEFAULT", json!([]), true);
    assert!(needs_admin_build(&page, true));
    assert!(!needs_admin_build(&page, false));
    for code in [DEAL_TAB, CHAT_TEXTAREA] {
        let options = json!({"ID": "101", "dialogId": "chat1001"});
        let with_rules = frame_with(code, options.clone(), true);
        assert!(!needs_admin_build(&with_rules, true), "{code}");
        let first_run = frame_with(code, options, false);
        assert!(needs_admin_build(&first_run, true), "{code}");
        assert!(!needs_admin_build(&first_run, false), "{code}");
    }
}

#[test]
fn only_a_chat_placement_takes_the_compact_layout() {
    assert!(in_chat(&chat_frame(CHAT)));
    assert!(in_chat(&frame_with(
        CHAT_SIDEBAR,
        json!({"dialogId": "chat7"}),
        false
    )));
    assert!(!in_chat(&frame_with(DEAL_TAB, json!({"ID": "101"}), true)));
    assert!(!in_chat(&frame_with(LIST_TOOLBAR, json!({}), true)));
    // A chat placement that names no chat is not laid out as one: it only shows the failure.
    assert!(!in_chat(&frame_with(CHAT_TEXTAREA, json!({}), true)));
}

#[test]
fn a_chat_whose_deal_is_in_another_stage_shows_the_blocker() {
    let frame = chat_frame(CHAT);
    let mut answer = load_answer(ME);
    answer["result"]["deal"] = crate::fixtures::deal_json(DEAL, 0, "NEW", ME);
    let portal = ScriptedPortal::new(vec![Ok(seed_dialog_json(ME)), Ok(answer)]);
    let state = loaded(&frame, &portal);
    assert!(matches!(state.run, Run::Blocked(_)), "{:?}", state.run);
}

/// Only `ACCESS_ERROR` means "not in this chat": a scope the app was not granted, an unpaid
/// plan or a bare 403 on the dialog's read is the portal's refusal, shown with its code.
#[test]
fn other_refusals_of_the_dialog_keep_their_code() {
    for (status, code) in [
        (401, "insufficient_scope"),
        (402, "PAYMENT_REQUIRED"),
        (403, "ACCESS_DENIED"),
    ] {
        let frame = chat_frame(CHAT);
        let refused = ApiError::new("imopenlines.dialog.get", Some(status), code, "refused");
        let portal = ScriptedPortal::new(vec![Err(refused)]);
        let state = loaded(&frame, &portal);
        let shown = failure(&state);
        assert_ne!(shown, &Failure::NoChatAccess, "{code}");
        assert_eq!(
            shown,
            &Failure::from_api(
                Part::Dialog,
                &ApiError::new("imopenlines.dialog.get", Some(status), code, "refused")
            ),
            "{code}"
        );
    }
}
