//! Injected failures (`POST /__sim/faults`): the next `count` calls of a method (or of any
//! request, `*`) fail in the chosen way.

use serde::{Deserialize, Serialize};

use crate::error::SimError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// The answer comes `ms` later, otherwise normal.
    Latency,
    /// 503 `QUERY_LIMIT_EXCEEDED`.
    RateLimit,
    /// 429 `OPERATION_TIME_LIMIT`: the method is blocked for its operating time. Inside a batch
    /// it is that command's entry, as `CRestServer::processCall` throws it for each call
    /// (`modules/rest/classes/general/rest.php` in `avshatalov48/bitrix-core-business`).
    OperationTimeLimit,
    /// 401 `expired_token`.
    ExpiredToken,
    /// 403 `ACCESS_DENIED`.
    Forbidden,
    /// 500 `INTERNAL_SERVER_ERROR`.
    ServerError,
    /// The connection closes with no HTTP answer.
    Drop,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 401 `NO_AUTH_FOUND`: the token is not the portal's (e.g. still refused after a refresh).
    NoAuth,
    /// 401 `insufficient_scope`: the app lacks the method's scope (bitrix24-rest.md §8).
    InsufficientScope,
    /// 400 `OPERATOR_WRONG` (`imopenlines.operator.transfer`: the target may not take the chat).
    OperatorWrong,
    /// 500 with an HTML page for a body (a proxy's or PHP's error page, not the portal's JSON).
    /// As a batch sub-command's fault: the batch runs, then its answer is that page.
    ServerErrorHtml,
}

impl FaultKind {
    /// The portal error this fault answers with, for the kinds that are one.
    pub fn error(self) -> Option<SimError> {
        match self {
            FaultKind::RateLimit => Some(SimError::query_limit()),
            FaultKind::OperationTimeLimit => Some(SimError::operation_time_limit()),
            FaultKind::ExpiredToken => Some(SimError::expired_token()),
            FaultKind::Forbidden => Some(SimError::new(403, "ACCESS_DENIED", "Access denied")),
            FaultKind::ServerError => Some(SimError::new(
                500,
                "INTERNAL_SERVER_ERROR",
                "Internal server error",
            )),
            FaultKind::NoAuth => Some(SimError::no_auth()),
            FaultKind::InsufficientScope => Some(SimError::new(
                401,
                "insufficient_scope",
                "The request requires higher privileges than provided by the access token",
            )),
            FaultKind::OperatorWrong => Some(SimError::bad(
                "OPERATOR_WRONG",
                "You can not redirect to this operator",
            )),
            FaultKind::Latency
            | FaultKind::Drop
            | FaultKind::Malformed
            | FaultKind::ServerErrorHtml => None,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// A method name in lower case, or `*`.
    pub method: String,
    pub kind: FaultKind,
    pub remaining: u32,
    pub ms: u64,
    /// Matching calls let through untouched before this fault takes one (e.g. 1 on `batch`: the
    /// second batch fails, the first runs).
    pub after: u32,
}

/// A fault taken for one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: FaultKind,
    pub ms: u64,
}

#[derive(Default, Debug)]
pub struct Faults(Vec<Fault>);

impl Faults {
    pub fn add(&mut self, method: &str, kind: FaultKind, count: u32, ms: u64) {
        self.add_after(method, kind, count, ms, 0);
    }

    /// As [`Faults::add`], after `after` matching calls went through untouched.
    pub fn add_after(&mut self, method: &str, kind: FaultKind, count: u32, ms: u64, after: u32) {
        if count > 0 {
            self.0.push(Fault {
                method: method.to_ascii_lowercase(),
                kind,
                remaining: count,
                ms,
                after,
            });
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn pending(&self) -> &[Fault] {
        &self.0
    }

    /// Takes the first pending fault for `method` (lower case). `*` matches only when
    /// `wildcard` is set: a whole HTTP request, never a batch's sub-command.
    pub fn take(&mut self, method: &str, wildcard: bool) -> Option<Hit> {
        let index = self
            .0
            .iter()
            .position(|f| f.method == method || (wildcard && f.method == "*"))?;
        let fault = &mut self.0[index];
        if fault.after > 0 {
            fault.after -= 1;
            return None;
        }
        let hit = Hit {
            kind: fault.kind,
            ms: fault.ms,
        };
        fault.remaining -= 1;
        if fault.remaining == 0 {
            self.0.remove(index);
        }
        Some(hit)
    }
}
