//! The whole flow over a fake frame and a scripted portal, through the reducer: what the user
//! sees after each step, how many requests each step takes, and what happens when a round trip
//! fails.

use super::*;
use crate::fixtures::{
    deal_json, envelope, load_answer, refreshed_answer, rt2_ok, rt2_unsettled, seed_rt1,
    seed_rt1_refused, seed_rules, stage_json, DEAL, ME, SALES, SALES_PIPELINE,
};
use crate::handover::rules::to_value;
use crate::model::Label;
use crate::portal::testing::{block_on, FakeFrame, ScriptedPortal};
use crate::portal::ApiError;
use crate::state::{LoadState, Run, State};
use crate::view::Operator;
use serde_json::{json, Value};
use std::cell::RefCell;

/// The deal tab of deal 101 with the seed's rules stored as the admin saved them (a JSON string).
pub(super) fn frame() -> FakeFrame {
    with_rules(FakeFrame::deal_tab(101))
}

/// `frame` with the seed's rules stored as the admin saved them (a JSON string).
pub(super) fn with_rules(frame: FakeFrame) -> FakeFrame {
    let stored = to_value(&seed_rules()).expect("storable");
    frame
        .options
        .borrow_mut()
        .insert(rules::OPTION_NAME.into(), Value::String(stored.to_string()));
    frame
}

/// Feeds an action to the reducer, as `use_reducer` does.
fn apply(state: &mut State, action: Action) {
    if let Some(next) = state.next(action) {
        *state = next;
    }
}

/// Load → preview → confirm: the state ready to run, and the requests so far.
fn ready_to_run(frame: &FakeFrame, portal: &ScriptedPortal) -> State {
    let mut state = State::default();
    apply(&mut state, block_on(load(frame, portal, None)));
    assert!(matches!(state.run, Run::Preview(_)), "{:?}", state.run);
    apply(&mut state, Action::Start);
    apply(&mut state, Action::Confirm);
    assert!(matches!(state.run, Run::Running(..)));
    state
}

/// Runs the plan in `Run::Running` of `state`; every action to `sink`.
pub(super) fn run_plan(
    state: &State,
    frame: &FakeFrame,
    portal: &impl crate::portal::Portal,
    sink: impl Fn(Action),
) {
    let (plan, basis) = match (&state.run, &state.basis) {
        (Run::Running(p, _), Some(b)) => (p.clone(), b.clone()),
        other => panic!("not running: {other:?}"),
    };
    block_on(hand_over(
        frame,
        portal,
        &plan,
        &basis,
        Lang::Ru,
        "02.12.2026 10:00".into(),
        sink,
    ));
}

/// Runs the plan in `Run::Running`, feeding every progress action to the reducer.
fn run_it(state: &mut State, frame: &FakeFrame, portal: &ScriptedPortal) {
    let seen = RefCell::new(Vec::new());
    run_plan(state, frame, portal, |a| seen.borrow_mut().push(a));
    for a in seen.into_inner() {
        apply(state, a);
    }
}

/// The person the `i`-th chat card of `tab` shows as its operator.
fn operator_of(tab: &crate::view::DealTab, i: usize) -> Option<&str> {
    match &tab.chats[i].operator {
        Operator::Person { name, .. } => Some(name),
        _ => None,
    }
}

/// The tab on screen.
fn tab(state: &State) -> &crate::view::DealTab {
    match &state.load {
        LoadState::Ready(tab) => tab,
        other => panic!("{other:?}"),
    }
}

#[test]
fn load_hand_over_and_the_settled_screen_in_two_requests() {
    let frame = frame();
    // No third answer: a third request would find none and fail the test.
    let portal = ScriptedPortal::new(vec![Ok(load_answer(ME)), Ok(seed_rt1(SALES)), Ok(rt2_ok())]);
    let mut state = ready_to_run(&frame, &portal);
    assert_eq!(tab(&state).pipeline, Label::Name("Предпродажа".into()));
    assert_eq!(
        portal.methods(),
        ["batch"],
        "the first screen is one request"
    );

    let seq = state.load_seq;
    run_it(&mut state, &frame, &portal);
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert_eq!(frame.reloads.get(), 1, "the card reloads after a success");
    assert_eq!(state.load_seq, seq, "no fresh load");
    assert_eq!(
        portal.calls.borrow().len(),
        3,
        "the hand-over, settled screen included, is two requests"
    );

    // The settled screen: the new pipeline and stage, the chat with its new owner.
    let tab = tab(&state);
    assert_eq!(tab.pipeline, Label::Name("Продажа".into()));
    assert_eq!(tab.stage, Label::Name("Новая".into()));
    assert_eq!(tab.progress.steps, ["Новая"]);
    assert_eq!(tab.progress.current, Some(0));
    assert_eq!(operator_of(tab, 0), Some("Анна Кузнецова"));
    assert!(matches!(state.run, Run::Finished(..)), "the report stays");
}

#[test]
fn a_failed_read_after_the_writes_falls_back_to_a_fresh_load() {
    let frame = frame();
    let portal = ScriptedPortal::new(vec![
        Ok(load_answer(ME)),
        Ok(seed_rt1(SALES)),
        Ok(rt2_unsettled()),
        Ok(refreshed_answer()),
    ]);
    let mut state = ready_to_run(&frame, &portal);
    let seq = state.load_seq;
    run_it(&mut state, &frame, &portal);
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert_eq!(frame.reloads.get(), 1, "the writes succeeded");
    assert_eq!(state.load_seq, seq + 1, "a fresh load is due");
    assert_eq!(
        tab(&state).pipeline,
        Label::Name("Предпродажа".into()),
        "until it comes, the screen before"
    );
    apply(&mut state, block_on(load(&frame, &portal, None)));
    assert_eq!(
        portal.calls.borrow().len(),
        4,
        "the third request, only here"
    );
    assert_eq!(tab(&state).pipeline, Label::Name("Продажа".into()));
    assert!(matches!(state.run, Run::Finished(..)), "the report stays");
}

#[test]
fn a_hand_over_without_a_move_settles_on_round_trip_1s_deal() {
    // An earlier run moved the deal but not the chat: this one transfers it and writes the note.
    let moved = deal_json(DEAL, SALES_PIPELINE, "C3:NEW", SALES);
    let mut loaded = load_answer(ME);
    loaded["result"]["deal"] = moved.clone();
    loaded["result"]["stages"] = json!([stage_json("C3:NEW")]);
    let mut rt1 = seed_rt1(SALES);
    rt1["result"]["deal"] = moved;
    let frame = frame();
    let portal = ScriptedPortal::new(vec![
        Ok(loaded),
        Ok(rt1),
        Ok(envelope(json!({"note": 78}), json!([]))),
    ]);
    let mut state = ready_to_run(&frame, &portal);
    let Run::Running(plan, _) = &state.run else {
        unreachable!()
    };
    assert!(plan.move_step().is_none());
    let seq = state.load_seq;
    run_it(&mut state, &frame, &portal);
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert_eq!(state.load_seq, seq, "no fresh load");
    assert_eq!(portal.calls.borrow().len(), 3);
    assert_eq!(portal.commands(2), ["note"]);
    let tab = tab(&state);
    assert_eq!(tab.pipeline, Label::Name("Продажа".into()));
    assert_eq!(operator_of(tab, 0), Some("Анна Кузнецова"));
}

#[test]
fn a_failed_first_load_is_shown_and_nothing_runs() {
    let frame = frame();
    let portal = ScriptedPortal::new(vec![Err(ApiError::network("batch", "refused"))]);
    let mut state = State::default();
    apply(&mut state, block_on(load(&frame, &portal, None)));
    assert_eq!(state.load, LoadState::Failed(Failure::Network));
    assert_eq!(state.run, Run::Idle);
    assert_eq!(frame.reloads.get(), 0);
}

#[test]
fn a_failed_round_trip_1_moves_nothing_and_reloads_nothing() {
    let frame = frame();
    let portal = ScriptedPortal::new(vec![Ok(load_answer(ME)), Ok(seed_rt1_refused())]);
    let mut state = ready_to_run(&frame, &portal);
    run_it(&mut state, &frame, &portal);
    assert!(matches!(state.run, Run::Failed(..)), "{:?}", state.run);
    assert_eq!(portal.calls.borrow().len(), 2, "no second round trip");
    assert_eq!(frame.reloads.get(), 0);
}

#[test]
fn a_failed_round_trip_2_is_reported_and_resume_reads_afresh() {
    let frame = frame();
    let portal = ScriptedPortal::new(vec![
        Ok(load_answer(ME)),
        Ok(seed_rt1(SALES)),
        Err(ApiError::network("batch", "dropped")),
        // Resume: a fresh load shows the chat already with the target; only the move is left.
        Ok(load_answer(SALES)),
    ]);
    let mut state = ready_to_run(&frame, &portal);
    run_it(&mut state, &frame, &portal);
    assert!(matches!(state.run, Run::Failed(..)), "{:?}", state.run);
    assert_eq!(frame.reloads.get(), 0);
    let seq = state.load_seq;
    apply(&mut state, Action::Start);
    assert_eq!(state.load_seq, seq + 1, "resume reads the portal first");
    apply(&mut state, block_on(load(&frame, &portal, None)));
    let Run::Confirming(plan) = &state.run else {
        panic!("{:?}", state.run)
    };
    assert!(plan.transfer().is_none(), "never a second transfer");
    assert!(plan.move_step().is_some());
}

#[test]
fn rules_are_read_from_the_frame_and_saved_through_it() {
    let frame = FakeFrame::deal_tab(101);
    assert_eq!(
        read_rules(&frame),
        Ok(Rules::default()),
        "never set: no rules"
    );
    let rules = seed_rules();
    let value = to_value(&rules).expect("storable");
    assert_eq!(block_on(save_rules(&frame, &rules, &value)), Ok(()));
    assert_eq!(read_rules(&frame), Ok(rules.clone()));
    // A portal that ignores the call (a non-admin): no answer, and it says so.
    let deaf = FakeFrame {
        answers_set: false,
        ..FakeFrame::deal_tab(101)
    };
    assert_eq!(
        block_on(save_rules(&deaf, &rules, &value)),
        Err(SaveFailure::NoAnswer)
    );
}

#[test]
fn a_frame_that_is_not_a_deal_gives_no_load() {
    let frame = FakeFrame {
        placement: crate::model::wire::PlacementInfoWire {
            placement: Some("DEFAULT".into()),
            options: None,
        },
        ..FakeFrame::default()
    };
    let portal = ScriptedPortal::new(vec![]);
    assert_eq!(
        block_on(load(&frame, &portal, None)),
        Action::Failed(Failure::NotADeal)
    );
    assert!(portal.calls.borrow().is_empty());
}

#[test]
fn after_a_hand_over_the_card_says_the_chat_went_to_the_target() {
    // The former operator can no longer read the dialog (the transfer removed them): the read
    // after the transfer answers ACCESS_ERROR, which proves it, and the card says so.
    let mut rt1 = seed_rt1(SALES);
    rt1["result"].as_object_mut().expect("map").remove("after");
    rt1["result_error"] =
        json!({"after": {"error": "ACCESS_ERROR", "error_description": "no access"}});
    let frame = frame();
    let portal = ScriptedPortal::new(vec![Ok(load_answer(ME)), Ok(rt1), Ok(rt2_ok())]);
    let mut state = ready_to_run(&frame, &portal);
    run_it(&mut state, &frame, &portal);
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert_eq!(portal.calls.borrow().len(), 3, "no fresh load");
    let tab = tab(&state);
    let card = &tab.chats[0];
    assert_eq!(card.chat_id, 1001);
    assert_eq!(card.operator, Operator::Unknown);
    assert_eq!(
        card.handed_over,
        Some(crate::view::HandedOver::User(Label::Name(
            "Анна Кузнецова".into()
        )))
    );
    // The other chat, untouched, is shown as the load read it.
    assert_eq!(tab.chats[1].handed_over, None);
    assert!(matches!(tab.chats[1].operator, Operator::Person { .. }));
}

#[test]
fn an_admin_tab_opens_the_settings_outside_a_deal_or_with_no_rules() {
    let none = Ok(Rules::default());
    let some = Ok(seed_rules());
    let unreadable = Err(RulesError::Malformed("x".into()));
    assert!(settings_at_start(true, &some));
    assert!(settings_at_start(false, &none));
    assert!(!settings_at_start(false, &some));
    // An unreadable value is repaired on request, never opened over the tab.
    assert!(!settings_at_start(false, &unreadable));
    assert!(settings_at_start(true, &unreadable));
}

/// Pins: the frame's option is read bounded whatever its form; too large or nested too deep is
/// unreadable rules, reported, and the tab goes on (no panic, no stack overflow).
#[test]
fn a_hostile_option_is_unreadable_rules_not_a_crash() {
    let with = |v: Value| {
        let frame = FakeFrame::deal_tab(101);
        frame
            .options
            .borrow_mut()
            .insert(crate::handover::rules::OPTION_NAME.into(), v);
        read_rules(&frame)
    };
    let big = crate::portal::option::OPTION_MAX_BYTES + 1;
    assert_eq!(
        with(Value::String(" ".repeat(big))),
        Err(RulesError::TooLarge)
    );
    // An object whose JSON is over the size: never handed to the reader.
    let wide = json!({"version": 1, "rules": [], "pad": "x".repeat(big)});
    assert_eq!(with(wide), Err(RulesError::TooLarge));
    // An object nested deeper than the parser allows (as `JSON.stringify` gives it).
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!({ "x": deep });
    }
    assert!(matches!(with(deep), Err(RulesError::Malformed(_))));
    // The same shape within bounds reads.
    let fine = to_value(&seed_rules()).expect("storable");
    assert_eq!(with(fine), Ok(seed_rules()));
}
