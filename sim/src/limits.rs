//! The leaky bucket (`settings/how-to-call-rest-api/limits.md`): each request adds one; the
//! counter drains `drain_per_sec` per second; above `burst` requests get 503
//! `QUERY_LIMIT_EXCEEDED`. Counted per portal; a batch is one request.
//!
//! The bucket reads no clock: the caller passes the time of each request. The REST handler passes
//! `tokio::time::Instant::now()`, so tests on a paused runtime clock (`start_paused`, then
//! `tokio::time::advance`) drive the drain without sleeping.

use tokio::time::Instant;

#[derive(Debug, Default)]
pub struct Bucket {
    level: f64,
    /// When the last request was counted or refused; `None` before the first one.
    last: Option<Instant>,
}

impl Bucket {
    /// Drains what has leaked since the last call (at `now`), then admits the request if the
    /// counter is below `burst` (and counts it), or refuses it (and does not count it).
    pub fn admit(&mut self, now: Instant, drain_per_sec: f64, burst: f64) -> bool {
        let elapsed = self.last.map_or(0.0, |last| {
            now.saturating_duration_since(last).as_secs_f64()
        });
        self.last = Some(now);
        self.level = (self.level - elapsed * drain_per_sec).max(0.0);
        if self.level + 1.0 > burst {
            return false;
        }
        self.level += 1.0;
        true
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    use super::Bucket;

    #[test]
    fn blocks_above_burst_without_drain() {
        let (mut b, t) = (Bucket::default(), Instant::now());
        assert!((0..3).all(|_| b.admit(t, 0.0, 3.0)));
        assert!(!b.admit(t, 0.0, 3.0));
    }

    // Pins the drain: 2/s empties one request per 500 ms, never below zero, and a refused
    // request is not counted.
    #[test]
    fn drains_with_the_time_passed_in() {
        let (mut b, t) = (Bucket::default(), Instant::now());
        assert!(b.admit(t, 2.0, 2.0) && b.admit(t, 2.0, 2.0));
        assert!(!b.admit(t + Duration::from_millis(499), 2.0, 2.0));
        assert!(b.admit(t + Duration::from_millis(500), 2.0, 2.0));
        assert!(!b.admit(t + Duration::from_millis(500), 2.0, 2.0));
        // Ten idle seconds drain to zero, not below: exactly `burst` more fit.
        let later = t + Duration::from_secs(10);
        assert!(b.admit(later, 2.0, 2.0) && b.admit(later, 2.0, 2.0));
        assert!(!b.admit(later, 2.0, 2.0));
    }
}
