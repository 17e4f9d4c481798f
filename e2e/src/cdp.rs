//! Chrome DevTools protocol commands through chromedriver's `goog/cdp/execute` endpoint
//! (`{cmd, params}` → the command's result), which fantoccini has no method for.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

#[derive(Debug)]
struct Execute {
    body: String,
}

impl WebDriverCompatibleCommand for Execute {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// Runs `cmd` with `params` in the session's page target; panics when chromedriver refuses it.
pub async fn execute(client: &Client, cmd: &str, params: Value) -> Value {
    let body = json!({ "cmd": cmd, "params": params }).to_string();
    client
        .issue_cmd(Execute { body })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
}
