//! The leaky bucket (`settings/how-to-call-rest-api/limits.md`): each request adds one; the
//! counter drains `drain_per_sec` per second; above `burst` requests get 503
//! `QUERY_LIMIT_EXCEEDED`. Counted per portal; a batch is one request.

use std::time::Instant;

#[derive(Debug)]
pub struct Bucket {
    level: f64,
    last: Instant,
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket {
            level: 0.0,
            last: Instant::now(),
        }
    }
}

impl Bucket {
    /// Drains what has leaked since the last call, then admits the request if the counter is
    /// below `burst` (and counts it), or refuses it (and does not count it).
    pub fn admit(&mut self, drain_per_sec: f64, burst: f64) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
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
    #[test]
    fn blocks_above_burst_without_drain() {
        let mut b = super::Bucket::default();
        assert!((0..3).all(|_| b.admit(0.0, 3.0)));
        assert!(!b.admit(0.0, 3.0));
    }
}
