use super::*;
use crate::portal::testing::{block_on, query_limit_exceeded, FakeTimer, ScriptedPortal};
use crate::portal::PatientPortal;
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;

/// Records when each request reached the portal (by the fake clock) and answers from a script.
struct Stamped {
    inner: ScriptedPortal,
    clock: FakeTimer,
    at: Rc<RefCell<Vec<f64>>>,
}

impl Portal for Stamped {
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        self.at.borrow_mut().push(self.clock.now_ms());
        self.inner.call(method, params)
    }
}

/// The portal's own bucket over the send times: its highest level (each request +1, draining
/// at the standard plan's 2/s).
fn peak(at: &[f64]) -> f64 {
    let (mut level, mut last, mut peak) = (0.0f64, 0.0f64, 0.0f64);
    for &t in at {
        level = (level - (t - last) / 1000.0 * DRAIN_PER_S).max(0.0) + 1.0;
        last = t;
        peak = peak.max(level);
    }
    peak
}

fn paced(
    answers: usize,
) -> (
    PacedPortal<Stamped, FakeTimer>,
    FakeTimer,
    Rc<RefCell<Vec<f64>>>,
) {
    let clock = FakeTimer::default();
    let at = Rc::new(RefCell::new(Vec::new()));
    let inner = Stamped {
        inner: ScriptedPortal::new((0..answers).map(|_| Ok(json!(true))).collect()),
        clock: clock.clone(),
        at: at.clone(),
    };
    (PacedPortal::new(inner, clock.clone()), clock, at)
}

#[test]
fn a_burst_never_fills_the_bucket_past_its_headroom() {
    // Pins: 120 requests sent as fast as the caller can never push the portal's bucket (as the
    // portal counts it) past 40 of 50; the first 40 go at once, the rest at the drain rate.
    let (portal, clock, at) = paced(120);
    for _ in 0..120 {
        block_on(portal.call("user.current", json!({}))).expect("answered");
    }
    let at = at.borrow();
    assert_eq!(at.len(), 120);
    assert!(peak(&at) <= CAPACITY - HEADROOM, "peak {}", peak(&at));
    assert_eq!(at.iter().filter(|t| **t == 0.0).count(), 40);
    // 80 more at 2/s: about 40 s in all.
    let total = clock.now_ms();
    assert!((39_000.0..=41_000.0).contains(&total), "{total}");
}

#[test]
fn a_drained_bucket_sends_at_once() {
    let (portal, clock, at) = paced(41);
    for _ in 0..40 {
        block_on(portal.call("user.current", json!({}))).expect("answered");
    }
    // 20 s later the estimate has drained to 0.
    clock.elapsed.set(20_000.0);
    block_on(portal.call("user.current", json!({}))).expect("answered");
    assert_eq!(*at.borrow().last().expect("sent"), 20_000.0);
    assert!(clock.sleeps.borrow().is_empty());
}

#[test]
fn a_refusal_fills_the_estimate_and_the_resend_waits_for_it() {
    // Pins: a 503 whatever the estimate said (another tab filled the bucket) → the resend by the
    // patient portal waits its backoff, then the paced portal lets the bucket drain a step.
    let clock = FakeTimer::default();
    let at = Rc::new(RefCell::new(Vec::new()));
    let inner = Stamped {
        inner: ScriptedPortal::new(vec![Err(query_limit_exceeded()), Ok(json!("ok"))]),
        clock: clock.clone(),
        at: at.clone(),
    };
    let portal = PatientPortal::new(
        PacedPortal::new(inner, clock.clone()),
        clock.clone(),
        |_| {},
    );
    let answer = block_on(portal.call("batch", json!({})));
    assert_eq!(answer, Ok(json!("ok")));
    assert_eq!(at.borrow().len(), 2);
    let b = portal.inner().bucket();
    // Full (40) at the refusal, drained 2 during the 1 s backoff, +1 for the resend.
    assert!((b.level(clock.now_ms()) - 39.0).abs() < 1e-9, "{b:?}");
    // The next request waits for the estimate to drain below the line.
    assert!(b.wait_ms(clock.now_ms()) == 0);
    let mut full = Bucket::new();
    full.full(0.0);
    assert_eq!(full.wait_ms(0.0), 500);
}

#[test]
fn the_estimate_drains_at_two_per_second() {
    let mut b = Bucket::new();
    for _ in 0..10 {
        b.sent(0.0);
    }
    assert_eq!(b.level(0.0), 10.0);
    assert_eq!(b.level(1_000.0), 8.0);
    assert_eq!(b.level(10_000.0), 0.0);
    assert_eq!(b.wait_ms(0.0), 0);
}
