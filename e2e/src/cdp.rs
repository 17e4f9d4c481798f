//! Chrome DevTools protocol commands through chromedriver's `goog/cdp/execute` endpoint
//! (`{cmd, params}` → the command's result), which fantoccini has no method for.

use crate::session_post::post;
use fantoccini::Client;
use serde_json::{json, Value};

/// Runs `cmd` with `params` in the session's page target; panics when chromedriver refuses it.
pub async fn execute(client: &Client, cmd: &str, params: Value) -> Value {
    post(
        client,
        "goog/cdp/execute",
        &json!({ "cmd": cmd, "params": params }),
    )
    .await
    .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
}
