//! Chromedriver's browser log (`goog:loggingPrefs`), read through its `se/log` endpoint, which
//! fantoccini has no method for.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::Value;

#[derive(Debug)]
struct GetLog;

impl WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// Entries `{level, message, timestamp}` logged since the last call (chromedriver drains them).
pub async fn browser_log(client: &Client) -> Vec<Value> {
    match client.issue_cmd(GetLog).await {
        Ok(Value::Array(entries)) => entries,
        Ok(other) => panic!("unexpected se/log answer: {other}"),
        Err(e) => panic!("se/log failed: {e}"),
    }
}
