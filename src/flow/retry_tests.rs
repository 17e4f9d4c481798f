//! The flow over a [`PatientPortal`]: what the user sees when the portal refuses for its limits
//! (the tab waits, the request goes again, the run completes) or keeps refusing (the run ends
//! with the portal's limit named, and nothing is written after a refused round trip).

use super::tests::{frame, run_plan};
use super::*;
use crate::fixtures::{envelope, load_answer, rt2_ok, seed_rt1, ME, SALES};
use crate::handover::verify::{StepFailure, StepKind, StepStatus};
use crate::portal::testing::{
    block_on, query_limit_exceeded, FakeFrame, FakeTimer, ScriptedPortal,
};
use crate::portal::{ApiError, ErrorKind, PatientPortal};
use crate::state::{LoadState, Run, State};
use serde_json::{json, Value};
use std::cell::RefCell;

/// What the root's effects hand the reducer, in order: the portal's waiting and the run's
/// progress alike.
type Heard = Rc<RefCell<Vec<Action>>>;

/// A patient portal over `answers` that tells `heard` when it waits, as the root wires it.
fn portal(
    answers: Vec<Result<Value, ApiError>>,
) -> (PatientPortal<ScriptedPortal, FakeTimer>, FakeTimer, Heard) {
    let heard = Heard::default();
    let to = heard.clone();
    let timer = FakeTimer::default();
    let portal = PatientPortal::new(ScriptedPortal::new(answers), timer.clone(), move |w| {
        to.borrow_mut().push(Action::Waiting(w))
    });
    (portal, timer, heard)
}

/// Feeds what was heard to the reducer; the states seen after each action.
fn apply_all(state: &mut State, heard: &Heard) -> Vec<State> {
    let mut seen = Vec::new();
    for action in heard.borrow_mut().drain(..) {
        if let Some(next) = state.next(action) {
            *state = next;
        }
        seen.push(state.clone());
    }
    seen
}

/// Load → preview → confirm → run, every action through the reducer; the states along the run.
fn load_and_run(
    frame: &FakeFrame,
    portal: &PatientPortal<ScriptedPortal, FakeTimer>,
    heard: &Heard,
) -> (State, Vec<State>) {
    let mut state = State::default();
    let loaded = block_on(load(frame, portal, None));
    heard.borrow_mut().push(loaded);
    apply_all(&mut state, heard);
    for a in [Action::Start, Action::Confirm] {
        state = state.next(a).expect("a step towards the run");
    }
    let to = heard.clone();
    run_plan(&state, frame, portal, move |a| to.borrow_mut().push(a));
    let seen = apply_all(&mut state, heard);
    (state, seen)
}

/// How many requests carried the transfer.
fn transfers(portal: &PatientPortal<ScriptedPortal, FakeTimer>) -> usize {
    (0..portal.inner().calls.borrow().len())
        .filter(|&i| portal.inner().commands(i).iter().any(|k| k == "transfer"))
        .count()
}

#[test]
fn one_503_on_the_first_round_trip_waits_then_completes_with_one_transfer() {
    let frame = frame();
    let (portal, timer, heard) = portal(vec![
        Ok(load_answer(ME)),
        Err(query_limit_exceeded()),
        Ok(seed_rt1(SALES)),
        Ok(rt2_ok()),
    ]);
    let (state, seen) = load_and_run(&frame, &portal, &heard);
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert!(!state.waiting, "the wait ended");
    // The tab said it was waiting while the run was on, never as a failure.
    let waited: Vec<&State> = seen.iter().filter(|s| s.waiting).collect();
    assert!(!waited.is_empty(), "the tab waited");
    assert!(waited.iter().all(|s| s.run.hook() == "running"));
    assert_eq!(timer.sleeps.borrow().len(), 1, "one backoff");
    assert!(timer.sleeps.borrow()[0] <= 1_000);
    // The refused request, the same batch again, then round trip 2.
    assert_eq!(
        portal.inner().methods(),
        ["batch", "batch", "batch", "batch"]
    );
    assert_eq!(
        portal.inner().calls.borrow()[1].1,
        portal.inner().calls.borrow()[2].1
    );
    assert_eq!(
        transfers(&portal),
        2,
        "sent twice, run once: the first was refused"
    );
    assert_eq!(frame.reloads.get(), 1);
}

#[test]
fn one_503_on_the_first_load_still_loads_the_screen() {
    let frame = frame();
    let (portal, _, heard) = portal(vec![Err(query_limit_exceeded()), Ok(load_answer(ME))]);
    let loaded = block_on(load(&frame, &portal, None));
    heard.borrow_mut().push(loaded);
    let mut state = State::default();
    let seen = apply_all(&mut state, &heard);
    assert_eq!(state.load.hook(), "ready");
    assert!(!state.waiting);
    assert!(seen
        .iter()
        .any(|s| s.waiting && s.load == LoadState::Loading));
}

#[test]
fn a_lasting_503_gives_up_within_the_budget_and_moves_nothing() {
    let frame = frame();
    let mut answers = vec![Ok(load_answer(ME))];
    answers.extend((0..5).map(|_| Err(query_limit_exceeded())));
    let (portal, timer, heard) = portal(answers);
    let (state, _) = load_and_run(&frame, &portal, &heard);
    let Run::Failed(_, progress) = &state.run else {
        panic!("{:?}", state.run)
    };
    assert!(!state.waiting);
    let waited: u32 = timer.sleeps.borrow().iter().sum();
    assert!(waited <= crate::portal::retry::BUDGET_MS, "{waited} ms");
    assert_eq!(timer.sleeps.borrow().len(), 4);
    // The first request and four resends of round trip 1; round trip 2 never went.
    assert_eq!(portal.inner().calls.borrow().len(), 1 + 5);
    assert_eq!(
        progress.report.steps[0],
        (
            StepKind::Transfer,
            StepStatus::Failed(StepFailure::Api {
                kind: ErrorKind::RateLimit,
                code: "QUERY_LIMIT_EXCEEDED".into()
            })
        )
    );
    assert!(progress.report.steps[1..]
        .iter()
        .all(|(_, s)| *s == StepStatus::NotRun));
    assert_eq!(frame.reloads.get(), 0);
}

#[test]
fn a_transfer_blocked_for_its_operating_time_goes_again_and_completes() {
    let frame = frame();
    let blocked = envelope(
        json!({"deal": crate::fixtures::deal_json(101, 0, "WON", ME),
               "before": crate::fixtures::seed_dialog_json(ME)}),
        json!({"transfer": {"error": "OPERATION_TIME_LIMIT",
                            "error_description": "Method is blocked due to operation time limit."}}),
    );
    let (portal, timer, heard) = portal(vec![
        Ok(load_answer(ME)),
        Ok(blocked),
        Ok(seed_rt1(SALES)),
        Ok(rt2_ok()),
    ]);
    let (state, _) = load_and_run(&frame, &portal, &heard);
    assert!(matches!(state.run, Run::Finished(..)), "{:?}", state.run);
    assert_eq!(timer.sleeps.borrow().len(), 1);
    assert_eq!(portal.inner().calls.borrow().len(), 4);
}

#[test]
fn a_dropped_write_round_trip_is_not_sent_again() {
    let frame = frame();
    let (portal, timer, heard) = portal(vec![
        Ok(load_answer(ME)),
        Ok(seed_rt1(SALES)),
        Err(ApiError::network("batch", "the request failed")),
    ]);
    let (state, _) = load_and_run(&frame, &portal, &heard);
    assert!(matches!(state.run, Run::Failed(..)), "{:?}", state.run);
    assert_eq!(
        portal.inner().calls.borrow().len(),
        3,
        "round trip 2 went once"
    );
    assert!(timer.sleeps.borrow().is_empty());
    assert!(!state.waiting);
}

#[test]
fn a_load_refused_past_the_budget_says_the_portal_is_busy() {
    let frame = frame();
    let (portal, timer, heard) = portal((0..5).map(|_| Err(query_limit_exceeded())).collect());
    let loaded = block_on(load(&frame, &portal, None));
    assert_eq!(
        loaded,
        Action::Failed(crate::failure::Failure::Busy {
            code: "QUERY_LIMIT_EXCEEDED".into()
        })
    );
    assert_eq!(timer.sleeps.borrow().len(), 4);
    heard.borrow_mut().push(loaded);
    let mut state = State::default();
    apply_all(&mut state, &heard);
    assert_eq!(state.load.hook(), "failed");
    assert!(!state.waiting, "the wait ended with the failure");
}
