//! The REST methods, one module per family; `find` is the one place they are merged.
//! Each handler runs under the portal's lock: check and write under one guard.

mod crm;
mod history;
mod item_list;
mod openlines;
mod placement;
mod transfer;
mod user;

use serde_json::Value;

use crate::auth::Caller;
use crate::error::SimError;
use crate::state::Portal;
use crate::wire::Params;

/// A method's success: `result`, plus `total` / `next` for list methods.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub result: Value,
    pub total: Option<u64>,
    pub next: Option<u64>,
}

impl Reply {
    pub fn list(result: Value, total: u64, next: Option<u64>) -> Self {
        Reply {
            result,
            total: Some(total),
            next,
        }
    }
}

impl From<Value> for Reply {
    fn from(result: Value) -> Self {
        Reply {
            result,
            total: None,
            next: None,
        }
    }
}

pub type Outcome = Result<Reply, SimError>;

/// A REST method: the portal, who calls, the parameters (auth keys already taken out).
pub type Handler = fn(&mut Portal, &Caller, &Params) -> Outcome;

/// The handler for a method name (already lower-cased), if the portal has it.
pub fn find(method: &str) -> Option<Handler> {
    crm::find(method)
        .or_else(|| openlines::find(method))
        .or_else(|| user::find(method))
        .or_else(|| placement::find(method))
}

/// Page size of list methods (`start` / `next`).
pub const PAGE: usize = 50;

/// One page of a list: the items from `start`, the total and the next `start`, if any.
pub fn page(items: Vec<Value>, start: usize) -> Reply {
    let total = items.len();
    let next = start
        .checked_add(PAGE)
        .filter(|next| *next < total)
        .map(|next| next as u64);
    let page: Vec<Value> = items.into_iter().skip(start).take(PAGE).collect();
    Reply::list(Value::Array(page), total as u64, next)
}
