//! The [`Portal`] that rides out the portal's limits: it wraps another `Portal` (the browser's
//! [`super::http::HttpPortal`], or a fake in native tests) and sends a request again when the
//! portal refused it unrun, after the backoff [`retry`] decides, for single calls and batches
//! alike. It says when the tab is waiting for the portal — while a resend waits, or once a
//! request has gone [`retry::SLOW_MS`] without an answer — through one callback that turns
//! `true` when the first such wait starts and `false` when the last one ends. Time comes from a
//! [`Timer`], so native tests run without real waits.

use super::retry;
use super::{ApiError, BatchCommand, BatchOutcome, Portal};
use serde_json::Value;
use std::cell::Cell;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;

/// Waiting, as the patient portal needs it.
pub trait Timer {
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u32) -> impl Future<Output = ()>;

    /// The backoff's jitter: thousandths in `[0, 1000]`.
    fn jitter(&self) -> u32;
}

/// See the module's note. Cheap to clone; clones share the waiting state.
#[derive(Clone)]
pub struct PatientPortal<P, T> {
    inner: P,
    timer: T,
    waiting: Rc<Waiting>,
}

/// How many requests are waiting now, and whom to tell when that count leaves or reaches 0.
struct Waiting {
    count: Cell<u32>,
    on_change: Box<dyn Fn(bool)>,
}

/// One request's share of the waiting; dropping it (the answer came, or the request was given
/// up) ends the share.
struct Share(Rc<Waiting>);

impl Share {
    fn new(waiting: &Rc<Waiting>) -> Share {
        waiting.count.set(waiting.count.get() + 1);
        if waiting.count.get() == 1 {
            (waiting.on_change)(true);
        }
        Share(waiting.clone())
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let w = &self.0;
        w.count.set(w.count.get() - 1);
        if w.count.get() == 0 {
            (w.on_change)(false);
        }
    }
}

impl<P: Portal, T: Timer> PatientPortal<P, T> {
    /// `inner` with the backoff; `on_waiting` hears when the tab starts and stops waiting.
    pub fn new(inner: P, timer: T, on_waiting: impl Fn(bool) + 'static) -> Self {
        Self {
            inner,
            timer,
            waiting: Rc::new(Waiting {
                count: Cell::new(0),
                on_change: Box::new(on_waiting),
            }),
        }
    }

    /// The portal it wraps.
    pub fn inner(&self) -> &P {
        &self.inner
    }

    /// Sends (`send`) until the answer is final (`again` says no) or no resend is left; the
    /// last answer is the result.
    async fn patiently<R, F: Future<Output = R>>(
        &self,
        mut send: impl FnMut() -> F,
        again: impl Fn(&R) -> bool,
    ) -> R {
        let mut share = None;
        let mut attempt = 0;
        loop {
            let answer = self.watched(send(), &mut share).await;
            if !again(&answer) {
                return answer;
            }
            let Some(ms) = retry::delay_ms(attempt, self.timer.jitter()) else {
                return answer;
            };
            attempt += 1;
            share.get_or_insert_with(|| Share::new(&self.waiting));
            self.timer.sleep(ms).await;
        }
    }

    /// `request`'s answer; once it has gone [`retry::SLOW_MS`] without one, the tab is waiting
    /// (`share`). The timer starts only if the answer is not there at once.
    async fn watched<R>(&self, request: impl Future<Output = R>, share: &mut Option<Share>) -> R {
        let mut request = pin!(request);
        let mut slow = None;
        poll_fn(|cx| {
            if let Poll::Ready(answer) = request.as_mut().poll(cx) {
                return Poll::Ready(answer);
            }
            if share.is_none() {
                let timer = slow.get_or_insert_with(|| Box::pin(self.timer.sleep(retry::SLOW_MS)));
                if timer.as_mut().poll(cx).is_ready() {
                    *share = Some(Share::new(&self.waiting));
                }
            }
            Poll::Pending
        })
        .await
    }
}

impl<P: Portal, T: Timer> Portal for PatientPortal<P, T> {
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        self.patiently(
            move || self.inner.call(method, params.clone()),
            |answer: &Result<Value, ApiError>| matches!(answer, Err(e) if retry::refused_unrun(e)),
        )
    }

    fn batch(
        &self,
        commands: &[BatchCommand],
        halt: bool,
    ) -> impl Future<Output = Result<BatchOutcome, ApiError>> {
        self.patiently(
            move || self.inner.batch(commands, halt),
            move |answer: &Result<BatchOutcome, ApiError>| match answer {
                Ok(out) => retry::batch_again(commands, out),
                Err(e) => retry::refused_unrun(e),
            },
        )
    }
}

#[cfg(test)]
mod tests;
