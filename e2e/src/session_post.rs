//! A POST of a JSON body to one of chromedriver's own session endpoints
//! (`session/{id}/<path>`), which fantoccini has no methods for: the DevTools bridge
//! (`goog/cdp/execute`) and the browser log (`se/log`).

use fantoccini::error::CmdError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::Value;

#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: String,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// POSTs `body` to `session/{id}/<path>` and returns chromedriver's answer.
pub async fn post(client: &Client, path: &'static str, body: &Value) -> Result<Value, CmdError> {
    client
        .issue_cmd(SessionPost {
            path,
            body: body.to_string(),
        })
        .await
}
