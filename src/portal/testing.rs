//! Test doubles for the [`Portal`] trait, shared by the native tests of everything that talks
//! to the portal through it (the load, the hand-over runner, the installer).

use super::{ApiError, Portal};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
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
