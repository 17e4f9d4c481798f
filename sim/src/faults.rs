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
            FaultKind::Latency | FaultKind::Drop | FaultKind::Malformed => None,
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
        if count > 0 {
            self.0.push(Fault {
                method: method.to_ascii_lowercase(),
                kind,
                remaining: count,
                ms,
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
