//! Drives `sim::app` in-process with `oneshot`.

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sim::AppState;
use tower::ServiceExt;

pub struct Sim {
    pub app: Router,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// `Null` when the body is not JSON.
    pub json: Value,
}

impl Reply {
    pub fn result(&self) -> &Value {
        assert_eq!(self.status, 200, "not a success: {}", self.text);
        &self.json["result"]
    }

    /// Asserts an error answer and returns its code.
    pub fn error(&self, status: u16) -> &str {
        assert_eq!(self.status, status, "unexpected answer: {}", self.text);
        assert!(
            self.json["error_description"].is_string(),
            "no error_description: {}",
            self.text
        );
        self.json["error"].as_str().unwrap_or("<no code>")
    }
}

impl Sim {
    pub fn new() -> Self {
        Sim {
            app: sim::app(AppState::new("127.0.0.1:9")),
        }
    }

    /// A portal as `sim::spawn` starts it: the demo's seed binds the app's placements to the
    /// widget at `http://127.0.0.1:10`.
    pub fn with_widget() -> Self {
        Sim {
            app: sim::app(AppState::with_widget(
                "127.0.0.1:9",
                Some("http://127.0.0.1:10"),
            )),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn control(&self, path: &str, body: Value) -> Reply {
        let request = Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn token(&self, user_id: u32) -> String {
        let reply = self
            .control("/__sim/auth", json!({ "userId": user_id }))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json["access_token"].as_str().unwrap().to_string()
    }

    /// POST JSON with `auth` as a top-level key, as b24jssdk and Handover's transport do.
    pub async fn call(&self, token: &str, method: &str, params: Value) -> Reply {
        let mut body = params;
        body["auth"] = json!(token);
        let request = Request::post(format!("/rest/{method}.json"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// A raw POST with an optional Content-Type.
    pub async fn post(&self, uri: &str, content_type: Option<&str>, body: &str) -> Reply {
        let mut request = Request::post(uri);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn state_json(&self) -> Value {
        self.get("/__sim/state").await.json
    }

    pub async fn requests(&self) -> Vec<Value> {
        self.get("/__sim/requests")
            .await
            .json
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

pub fn deal(state: &Value, id: u64) -> &Value {
    state["deals"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id))
        .expect("deal in state")
}

pub fn chat(state: &Value, id: u64) -> &Value {
    state["chats"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["chatId"] == id))
        .expect("chat in state")
}
