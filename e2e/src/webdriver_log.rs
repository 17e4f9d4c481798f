//! Chromedriver's browser log (`goog:loggingPrefs`), read through its `se/log` endpoint, which
//! fantoccini has no method for.

use crate::session_post::post;
use fantoccini::Client;
use serde_json::{json, Value};

/// Entries `{level, message, timestamp}` logged since the last call (chromedriver drains them).
pub async fn browser_log(client: &Client) -> Vec<Value> {
    match post(client, "se/log", &json!({ "type": "browser" })).await {
        Ok(Value::Array(entries)) => entries,
        Ok(other) => panic!("unexpected se/log answer: {other}"),
        Err(e) => panic!("se/log failed: {e}"),
    }
}
