//! When a request is sent again, and after how long: the one decision, pure and tested natively.
//! The patient portal (`patient.rs`) applies it to every request.
//!
//! A request is sent again only when the portal refused it **before running it**:
//! - 503 `QUERY_LIMIT_EXCEEDED`: the leaky bucket, counted per request and refused before any
//!   method runs (<https://apidocs.bitrix24.com/limits.html>);
//! - 429 `OPERATION_TIME_LIMIT`: the method's operating-time block, thrown by
//!   `CRestServer::processCall` before the method's callback is called
//!   (`avshatalov48/bitrix-core-business` `modules/rest/classes/general/rest.php`); inside a batch
//!   it is that command's error and, with halt, the commands after it do not run.
//!
//! Nothing else is resent: after a timeout or a dropped connection the portal may have run the
//! request, and a refused connection cannot be told from a dropped one in the browser (`fetch`
//! rejects both with the same `TypeError`), so they stay failures; after a failed write, resume
//! reads what is done from the portal.

use super::{ApiError, BatchCommand, BatchOutcome};

/// The waits before each resend: 1, 2, 4 and 8 s (no `Retry-After` or other hint comes with
/// either rejection). Each is shortened by up to a quarter at random, so tabs that met the limit
/// together do not come back together, and all of them add up to at most 15 s: then the last
/// rejection is the answer.
pub const DELAYS_MS: [u32; 4] = [1_000, 2_000, 4_000, 8_000];

/// The most the waits may add up to.
pub const BUDGET_MS: u32 = 15_000;

/// After this long without an answer the tab says it is waiting for the portal.
pub const SLOW_MS: u32 = 3_000;

/// Whether the portal refused `e` without running it (see the module's note).
pub fn refused_unrun(e: &ApiError) -> bool {
    matches!(
        e.code.as_str(),
        "QUERY_LIMIT_EXCEEDED" | "OPERATION_TIME_LIMIT"
    )
}

/// The wait before resend number `attempt` (0 for the first), shortened by `jitter` thousandths
/// of a quarter (at most 1000: a quarter); `None` when no resend is left.
pub fn delay_ms(attempt: usize, jitter: u32) -> Option<u32> {
    let base = *DELAYS_MS.get(attempt)?;
    Some(base - base / 4 * jitter.min(1000) / 1000)
}

/// Whether a method only reads, by Bitrix24's naming (`*.get`, `*.list`, `*.current`,
/// `*.fields`). Anything else counts as a write, so an unknown method is never resent after
/// it may have run.
pub fn reads_only(method: &str) -> bool {
    [".get", ".list", ".current", ".fields"]
        .iter()
        .any(|suffix| method.ends_with(suffix))
}

/// Whether a batch that came back may be sent again as a whole: a command was refused unrun,
/// and no write can have run — each write command was refused unrun or not reached (after a
/// halt). A write with a result or any other error may have changed the portal.
pub fn batch_again(commands: &[BatchCommand], out: &BatchOutcome) -> bool {
    let error = |key: &str| {
        out.errors
            .iter()
            .find(|e| e.command.as_deref() == Some(key))
    };
    let unrun = |c: &BatchCommand| match error(&c.key) {
        Some(e) => refused_unrun(e),
        None => !out.results.contains_key(c.key.as_str()),
    };
    out.errors.iter().any(refused_unrun)
        && commands.iter().filter(|c| !reads_only(c.method)).all(unrun)
}

#[cfg(test)]
mod tests;
