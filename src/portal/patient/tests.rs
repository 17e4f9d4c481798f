use super::*;
use crate::portal::testing::{block_on, query_limit_exceeded, FakeTimer, ScriptedPortal};
use crate::portal::BatchCommand;
use serde_json::json;
use std::cell::RefCell;
use std::pin::Pin;
use std::task::{Context, Waker};

/// A patient portal over `inner` (jitter 500: an eighth off), its timer, and what it said about waiting.
fn patient<P: Portal>(
    inner: P,
) -> (
    PatientPortal<P, FakeTimer>,
    FakeTimer,
    Rc<RefCell<Vec<bool>>>,
) {
    let timer = FakeTimer {
        jitter: 500,
        ..FakeTimer::default()
    };
    let heard = Rc::new(RefCell::new(Vec::new()));
    let log = heard.clone();
    let portal = PatientPortal::new(inner, timer.clone(), move |w| log.borrow_mut().push(w));
    (portal, timer, heard)
}

/// [`patient`] over scripted answers.
fn scripted(
    answers: Vec<Result<Value, ApiError>>,
) -> (
    PatientPortal<ScriptedPortal, FakeTimer>,
    FakeTimer,
    Rc<RefCell<Vec<bool>>>,
) {
    patient(ScriptedPortal::new(answers))
}

fn operation_limit() -> ApiError {
    ApiError::new(
        "batch",
        Some(429),
        "OPERATION_TIME_LIMIT",
        "Method is blocked due to operation time limit.",
    )
}

fn batch_result(results: Value, errors: Value) -> Value {
    json!({"result": results, "result_error": errors, "result_total": [],
           "result_next": [], "result_time": []})
}

fn round_trip_1() -> Vec<BatchCommand> {
    vec![
        BatchCommand::new("deal", "crm.item.get", json!({})),
        BatchCommand::new("transfer", "imopenlines.operator.transfer", json!({})),
        BatchCommand::new("after", "imopenlines.dialog.get", json!({})),
    ]
}

#[test]
fn a_rate_limited_call_goes_again_after_a_second_and_the_tab_waits_meanwhile() {
    let (portal, timer, heard) =
        scripted(vec![Err(query_limit_exceeded()), Ok(json!({"ID": "2"}))]);
    let answer = block_on(portal.call("user.current", json!({})));
    assert_eq!(answer, Ok(json!({"ID": "2"})));
    assert_eq!(portal.inner().methods(), ["user.current", "user.current"]);
    assert_eq!(
        *timer.sleeps.borrow(),
        [875],
        "1 s less an eighth (jitter 500)"
    );
    assert_eq!(*heard.borrow(), [true, false]);
}

#[test]
fn a_lasting_limit_is_given_up_after_four_resends_within_the_budget() {
    let (portal, timer, heard) = scripted(vec![
        Err(operation_limit()),
        Err(query_limit_exceeded()),
        Err(query_limit_exceeded()),
        Err(query_limit_exceeded()),
        Err(query_limit_exceeded()),
    ]);
    let answer = block_on(portal.call("crm.item.get", json!({})));
    assert_eq!(
        answer,
        Err(query_limit_exceeded()),
        "the last rejection is the answer"
    );
    assert_eq!(portal.inner().calls.borrow().len(), 5);
    let waited: u32 = timer.sleeps.borrow().iter().sum();
    assert_eq!(*timer.sleeps.borrow(), [875, 1_750, 3_500, 7_000]);
    assert!(waited <= retry::BUDGET_MS);
    assert_eq!(
        *heard.borrow(),
        [true, false],
        "one wait, however many resends"
    );
}

#[test]
fn other_failures_are_answered_at_once() {
    for e in [
        ApiError::network("batch", "the request failed"),
        ApiError::new("batch", None, "TIMEOUT", "no answer"),
        ApiError::new("batch", Some(500), "INTERNAL_SERVER_ERROR", ""),
        ApiError::new("batch", Some(503), "HTTP_503", "not JSON"),
    ] {
        let (portal, timer, heard) = scripted(vec![Err(e.clone())]);
        let answer = block_on(portal.batch(&round_trip_1(), true));
        assert_eq!(answer, Err(e.clone()));
        assert_eq!(portal.inner().calls.borrow().len(), 1, "{e}: sent once");
        assert!(timer.sleeps.borrow().is_empty());
        assert!(heard.borrow().is_empty(), "{e}: no waiting");
    }
}

#[test]
fn a_batch_refused_as_a_whole_goes_again() {
    let done = batch_result(
        json!({"deal": {}, "transfer": true, "after": {}}),
        json!([]),
    );
    let (portal, _, heard) = scripted(vec![Err(query_limit_exceeded()), Ok(done)]);
    let out = block_on(portal.batch(&round_trip_1(), true)).expect("the second answer");
    assert_eq!(out.get("transfer"), Ok(&json!(true)));
    assert_eq!(portal.inner().methods(), ["batch", "batch"]);
    assert_eq!(
        portal.inner().calls.borrow()[0].1,
        portal.inner().calls.borrow()[1].1,
        "the same batch"
    );
    assert_eq!(*heard.borrow(), [true, false]);
}

#[test]
fn a_batch_whose_write_was_blocked_unrun_goes_again() {
    let blocked = batch_result(
        json!({"deal": {}}),
        json!({"transfer": {"error": "OPERATION_TIME_LIMIT",
                            "error_description": "Method is blocked due to operation time limit."}}),
    );
    let done = batch_result(
        json!({"deal": {}, "transfer": true, "after": {}}),
        json!([]),
    );
    let (portal, timer, _) = scripted(vec![Ok(blocked), Ok(done)]);
    let out = block_on(portal.batch(&round_trip_1(), true)).expect("an answer");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(portal.inner().calls.borrow().len(), 2);
    assert_eq!(timer.sleeps.borrow().len(), 1);
}

#[test]
fn a_batch_whose_write_ran_is_never_sent_again() {
    let after_blocked = batch_result(
        json!({"deal": {}, "transfer": true}),
        json!({"after": {"error": "OPERATION_TIME_LIMIT", "error_description": ""}}),
    );
    let (portal, timer, heard) = scripted(vec![Ok(after_blocked)]);
    let out = block_on(portal.batch(&round_trip_1(), true)).expect("an answer");
    assert_eq!(
        out.get("after").expect_err("blocked").code,
        "OPERATION_TIME_LIMIT"
    );
    assert_eq!(portal.inner().calls.borrow().len(), 1);
    assert!(timer.sleeps.borrow().is_empty() && heard.borrow().is_empty());
}

/// A portal whose answer takes `polls` polls to come (a request in flight).
struct InFlight {
    polls: u32,
}

impl Portal for InFlight {
    fn call(&self, _: &str, _: Value) -> impl Future<Output = Result<Value, ApiError>> {
        let mut left = self.polls;
        poll_fn(move |cx| {
            if left == 0 {
                return Poll::Ready(Ok(json!(true)));
            }
            left -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        })
    }
}

/// Polls `f` up to `max` times; its output and how many polls it took.
fn run<F: Future>(f: F, max: u32) -> (F::Output, u32) {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for n in 1..=max {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return (v, n);
        }
    }
    panic!("not ready after {max} polls")
}

#[test]
fn a_slow_answer_makes_the_tab_wait_until_it_comes() {
    let (portal, timer, heard) = patient(InFlight { polls: 3 });
    let mut call = pin!(portal.call("crm.item.get", json!({})));
    let mut cx = Context::from_waker(Waker::noop());
    assert!(call.as_mut().poll(&mut cx).is_pending());
    // The fake timer's SLOW_MS is over at once: the tab waits while the answer is out.
    assert_eq!(*timer.sleeps.borrow(), [retry::SLOW_MS]);
    assert_eq!(*heard.borrow(), [true]);
    let (answer, _) = run(call, 10);
    assert_eq!(answer, Ok(json!(true)));
    assert_eq!(*heard.borrow(), [true, false]);
    assert_eq!(timer.sleeps.borrow().len(), 1, "one slow timer per request");
}

#[test]
fn an_answer_at_once_starts_no_timer() {
    let (portal, timer, heard) = patient(InFlight { polls: 0 });
    assert_eq!(run(portal.call("m", json!({})), 1).0, Ok(json!(true)));
    assert!(timer.sleeps.borrow().is_empty() && heard.borrow().is_empty());
}

#[test]
fn requests_waiting_together_are_one_wait() {
    let (portal, _, heard) = patient(InFlight { polls: 2 });
    let mut a: Pin<Box<dyn Future<Output = _>>> = Box::pin(portal.call("a", json!({})));
    let mut b: Pin<Box<dyn Future<Output = _>>> = Box::pin(portal.call("b", json!({})));
    let mut cx = Context::from_waker(Waker::noop());
    assert!(a.as_mut().poll(&mut cx).is_pending());
    assert!(b.as_mut().poll(&mut cx).is_pending());
    assert_eq!(*heard.borrow(), [true], "the second wait adds nothing");
    let _ = run(a, 5);
    assert_eq!(*heard.borrow(), [true], "b still waits");
    let _ = run(b, 5);
    assert_eq!(*heard.borrow(), [true, false]);
}

#[test]
fn a_request_given_up_ends_its_wait() {
    let (portal, _, heard) = patient(InFlight { polls: 5 });
    let mut call = Box::pin(portal.call("m", json!({})));
    assert!(call
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending());
    drop(call);
    assert_eq!(*heard.borrow(), [true, false]);
}
