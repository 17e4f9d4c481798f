//! The [`Portal`] that paces its requests inside the portal's leaky bucket: each request fills
//! the bucket by one, the bucket drains at a steady rate, and a request that would overflow it
//! waits until it would not. Bitrix24 blocks above 50 with a drain of 2 per second (5/s and 250
//! on Enterprise; <https://apidocs.bitrix24.com/limits.html>, bitrix24-rest.md §6 and §9). The
//! plan is not known to the app, so the estimate takes the standard plan's figures, which keep
//! an Enterprise portal inside its larger bucket too, and keeps [`HEADROOM`] free for the other
//! tabs and apps that share the bucket (it is counted per portal and source IP). A 503
//! `QUERY_LIMIT_EXCEEDED` says the real bucket is full whatever the estimate said: the estimate
//! becomes full, so what follows goes at the drain rate, while the [`super::PatientPortal`] wrapped
//! around this one resends the refused request after its backoff.
//!
//! Wrap order: `PatientPortal<PacedPortal<HttpPortal>>`, so every send, resends included, is
//! paced. Time comes from a [`Clock`], so native tests are instant.

use super::{ApiError, BatchCommand, BatchOutcome, Portal, Timer};
use serde_json::Value;
use std::cell::RefCell;
use std::future::Future;

/// The standard plan's drain, requests per second.
pub const DRAIN_PER_S: f64 = 2.0;
/// The standard plan's block level.
pub const CAPACITY: f64 = 50.0;
/// Left free for other tabs and apps on the same portal and IP.
pub const HEADROOM: f64 = 10.0;

/// A [`Timer`] that also tells the time.
pub trait Clock: Timer {
    /// Milliseconds since some fixed instant.
    fn now_ms(&self) -> f64;
}

/// The client's estimate of the portal's bucket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    level: f64,
    at_ms: f64,
}

impl Bucket {
    pub fn new() -> Bucket {
        Bucket {
            level: 0.0,
            at_ms: 0.0,
        }
    }

    /// The estimated level at `now`.
    pub fn level(&self, now: f64) -> f64 {
        let drained = (now - self.at_ms).max(0.0) / 1000.0 * DRAIN_PER_S;
        (self.level - drained).max(0.0)
    }

    /// How long a request must wait at `now` so that it does not fill the bucket past
    /// `CAPACITY − HEADROOM`.
    pub fn wait_ms(&self, now: f64) -> u32 {
        let over = self.level(now) + 1.0 - (CAPACITY - HEADROOM);
        if over <= 0.0 {
            0
        } else {
            (over / DRAIN_PER_S * 1000.0).ceil() as u32
        }
    }

    /// A request went at `now`.
    pub fn sent(&mut self, now: f64) {
        self.level = self.level(now) + 1.0;
        self.at_ms = now;
    }

    /// The portal said its bucket is full at `now`: the estimate is full too (at the level it
    /// keeps the bucket under), so the next request waits one drain step and the ones after it
    /// go at the drain rate.
    pub fn full(&mut self, now: f64) {
        self.level = CAPACITY - HEADROOM;
        self.at_ms = now;
    }
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket::new()
    }
}

/// See the module's note.
pub struct PacedPortal<P, C> {
    inner: P,
    clock: C,
    bucket: RefCell<Bucket>,
}

impl<P: Portal, C: Clock> PacedPortal<P, C> {
    pub fn new(inner: P, clock: C) -> Self {
        PacedPortal {
            inner,
            clock,
            bucket: RefCell::new(Bucket::new()),
        }
    }

    /// The estimate now.
    pub fn bucket(&self) -> Bucket {
        *self.bucket.borrow()
    }
}

impl<P: Portal, C: Clock> PacedPortal<P, C> {
    /// Sends `request` once the bucket has room, and keeps the estimate.
    async fn paced<R>(&self, request: impl FnOnce() -> R) -> <R as Future>::Output
    where
        R: Future,
        R::Output: Limited,
    {
        let wait = self.bucket.borrow().wait_ms(self.clock.now_ms());
        if wait > 0 {
            self.clock.sleep(wait).await;
        }
        self.bucket.borrow_mut().sent(self.clock.now_ms());
        let answer = request().await;
        if answer.bucket_full() {
            self.bucket.borrow_mut().full(self.clock.now_ms());
        }
        answer
    }
}

/// An answer that may be the leaky bucket's refusal.
trait Limited {
    fn bucket_full(&self) -> bool;
}

impl<T> Limited for Result<T, ApiError> {
    fn bucket_full(&self) -> bool {
        matches!(self, Err(e) if e.code == "QUERY_LIMIT_EXCEEDED")
    }
}

impl<P: Portal, C: Clock> Portal for PacedPortal<P, C> {
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        self.paced(move || self.inner.call(method, params))
    }

    fn batch(
        &self,
        commands: &[BatchCommand],
        halt: bool,
    ) -> impl Future<Output = Result<BatchOutcome, ApiError>> {
        self.paced(move || self.inner.batch(commands, halt))
    }
}

#[cfg(test)]
mod tests;
