//! Test doubles for the [`Portal`] and [`Frame`] traits, shared by the native tests of
//! everything that talks to the portal through them (the load, the hand-over runner, the
//! installer, the app's flow).

use super::option::{read_option, OptionText, OPTION_MAX_BYTES};
use super::{ApiError, Frame, Portal, Timer};
use crate::model::wire::PlacementInfoWire;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Answers each call with the next scripted answer, recording the calls (method, params).
pub struct ScriptedPortal {
    answers: RefCell<VecDeque<Result<Value, ApiError>>>,
    pub calls: RefCell<Vec<(String, Value)>>,
}

impl ScriptedPortal {
    pub fn new(answers: Vec<Result<Value, ApiError>>) -> Self {
        ScriptedPortal {
            answers: RefCell::new(answers.into()),
            calls: RefCell::new(vec![]),
        }
    }

    /// The methods called, in order.
    pub fn methods(&self) -> Vec<String> {
        self.calls.borrow().iter().map(|c| c.0.clone()).collect()
    }

    /// The command keys of the `i`-th call (a batch), in order.
    pub fn commands(&self, i: usize) -> Vec<String> {
        self.calls.borrow()[i].1["cmd"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
}

impl Portal for ScriptedPortal {
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        self.calls.borrow_mut().push((method.to_owned(), params));
        let answer = self.answers.borrow_mut().pop_front();
        async move { answer.expect("an unscripted request") }
    }
}

/// Runs a future that never waits (the scripted portal answers at once) to its end.
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the scripted portal never waits"),
    }
}

/// Time for the tests of [`super::PatientPortal`] and [`super::paced::PacedPortal`]: every
/// sleep is over at once, and is recorded; the clock is the sum of the sleeps plus what a test
/// adds to `elapsed` (time spent elsewhere).
#[derive(Clone, Default)]
pub struct FakeTimer {
    pub sleeps: Rc<RefCell<Vec<u32>>>,
    pub jitter: u32,
    pub elapsed: Rc<Cell<f64>>,
}

impl super::paced::Clock for FakeTimer {
    fn now_ms(&self) -> f64 {
        self.sleeps
            .borrow()
            .iter()
            .map(|ms| f64::from(*ms))
            .sum::<f64>()
            + self.elapsed.get()
    }
}

impl Timer for FakeTimer {
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        self.sleeps.borrow_mut().push(ms);
        std::future::ready(())
    }

    fn jitter(&self) -> u32 {
        self.jitter
    }
}

/// The leaky bucket's refusal, as `normalise` reads the portal's 503 to a batch.
pub fn query_limit_exceeded() -> ApiError {
    ApiError::new(
        "batch",
        Some(503),
        "QUERY_LIMIT_EXCEEDED",
        "Too many requests",
    )
}

/// A parent window for native tests: a placement, app options in memory, and counts of what
/// the widget asked of the frame.
#[derive(Default)]
pub struct FakeFrame {
    pub placement: PlacementInfoWire,
    pub options: RefCell<serde_json::Map<String, Value>>,
    /// Whether `appOption.set` answers (the portal ignores a non-admin's call).
    pub answers_set: bool,
    pub reloads: Cell<u32>,
    pub fits: Cell<u32>,
    /// The user the picker hands back.
    pub picked: Option<(u64, String)>,
}

impl FakeFrame {
    /// The deal card's tab of deal `id`, as the portal opens it.
    pub fn deal_tab(id: u64) -> Self {
        FakeFrame {
            placement: PlacementInfoWire {
                placement: Some("CRM_DEAL_DETAIL_TAB".into()),
                options: Some(serde_json::json!({"ID": id.to_string()})),
            },
            answers_set: true,
            ..FakeFrame::default()
        }
    }
}

impl FakeFrame {
    /// A placement `code` with `options`, as the portal opens it.
    pub fn opened(code: &str, options: Value) -> Self {
        FakeFrame {
            placement: PlacementInfoWire {
                placement: Some(code.into()),
                options: Some(options),
            },
            answers_set: true,
            ..FakeFrame::default()
        }
    }
}

impl Frame for FakeFrame {
    fn placement_info(&self) -> Result<PlacementInfoWire, ApiError> {
        Ok(self.placement.clone())
    }

    /// As the browser's frame reads it: a string as its text, anything else as its JSON, both
    /// through [`read_option`] (the size cap, the parser's nesting limit).
    fn app_option(&self, name: &str) -> Result<Option<Value>, ApiError> {
        let what = "appOption.get";
        match self.options.borrow().get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                read_option(what, OptionText::Text(s), OPTION_MAX_BYTES).map(Some)
            }
            Some(v) => {
                let json =
                    serde_json::to_string(v).map_err(|e| ApiError::sdk(what, e.to_string()))?;
                read_option(what, OptionText::Json(&json), OPTION_MAX_BYTES).map(Some)
            }
        }
    }

    fn set_app_option(
        &self,
        name: &str,
        value: &Value,
    ) -> impl Future<Output = Result<Value, ApiError>> {
        let answer = if self.answers_set {
            self.options
                .borrow_mut()
                .insert(name.to_owned(), value.clone());
            Ok(Value::Object(self.options.borrow().clone()))
        } else {
            Err(ApiError::new("appOption.set", None, "TIMEOUT", "no answer"))
        };
        async move { answer }
    }

    fn reload_data(&self) {
        self.reloads.set(self.reloads.get() + 1);
    }

    fn fit_window(&self) {
        self.fits.set(self.fits.get() + 1);
    }

    fn select_user(&self) -> impl Future<Output = Result<(u64, String), ApiError>> {
        let picked = self.picked.clone();
        async move { picked.ok_or_else(|| ApiError::new("selectUser", None, "SDK", "cancelled")) }
    }
}
