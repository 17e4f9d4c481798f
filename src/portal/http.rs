//! The REST transport: JSON POST over `fetch` to `<scheme>://<DOMAIN>/rest/<method>.json`,
//! with the token as the body's top-level `auth` key (the portal's CORS allows no
//! `Authorization` header, bitrix24-rest.md §7). On `expired_token` / `invalid_token` it
//! refreshes once through `BX24.refreshAuth` — one refresh shared by all concurrent calls —
//! and retries once. Every failure is an [`ApiError`] before anything decides on it.
//! <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/index.html>

use super::bx24::{self, Auth};
use super::error::{local, ApiError};
use super::{normalise, rest_url, Portal, Scheme};
use futures::future::{select, Either};
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use js_sys::Promise;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// No REST answer after this long counts as a network failure (the portal's own cap is 60 s).
pub const REQUEST_TIMEOUT_MS: u32 = 65_000;

/// The browser's [`Portal`]. Cheap to clone; clones share the pending token refresh.
#[derive(Clone)]
pub struct HttpPortal {
    scheme: Scheme,
    refresh: Rc<RefCell<Option<Promise>>>,
}

impl HttpPortal {
    /// The scheme comes from the frame URL's `PROTOCOL` (or `window.name`), as the portal set it.
    pub fn from_frame() -> Self {
        let window = web_sys::window();
        let protocol = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
            .and_then(|p| p.get("PROTOCOL"));
        let name = window.as_ref().and_then(|w| w.name().ok());
        Self {
            scheme: Scheme::detect(protocol.as_deref(), name.as_deref()),
            refresh: Rc::default(),
        }
    }

    /// One method with its params object.
    pub async fn post(&self, method: &str, params: &Map<String, Value>) -> Result<Value, ApiError> {
        let auth = match bx24::auth() {
            Some(a) => a,
            None => self.refreshed(method).await?,
        };
        match self.send(&auth, method, params).await {
            Err(e) if e.is_stale_token() => {
                let auth = self.refreshed(method).await?;
                self.send(&auth, method, params).await
            }
            other => other,
        }
    }

    /// A fresh token: joins the refresh in flight, or starts one.
    async fn refreshed(&self, method: &str) -> Result<Auth, ApiError> {
        let promise = {
            let mut slot = self.refresh.borrow_mut();
            slot.get_or_insert_with(bx24::refresh_auth).clone()
        };
        let auth = bx24::await_refresh(&promise).await;
        {
            let mut slot = self.refresh.borrow_mut();
            if slot
                .as_ref()
                .is_some_and(|p| JsValue::from(p).loose_eq(&JsValue::from(&promise)))
            {
                *slot = None;
            }
        }
        auth.ok_or_else(|| {
            ApiError::new(
                method,
                None,
                local::NO_TOKEN,
                "BX24.refreshAuth gave no token",
            )
        })
    }

    async fn send(
        &self,
        auth: &Auth,
        method: &str,
        params: &Map<String, Value>,
    ) -> Result<Value, ApiError> {
        let url = rest_url(self.scheme, &auth.domain, method).ok_or_else(|| {
            ApiError::new(
                method,
                None,
                local::SDK,
                "the portal domain or method is not valid",
            )
        })?;
        // The token first, then the params in their order (a batch's commands keep theirs).
        let mut body = Map::new();
        body.insert("auth".into(), Value::String(auth.access_token.clone()));
        for (k, v) in params {
            body.insert(k.clone(), v.clone());
        }
        let request = Request::post(&url)
            .header("Content-Type", "application/json")
            .body(crate::json::to_string(&Value::Object(body)))
            .map_err(|_| ApiError::new(method, None, local::BAD_RESPONSE, "params not JSON"))?;
        let exchange = async {
            let response = request
                .send()
                .await
                .map_err(|_| ApiError::network(method, "the request failed"))?;
            let status = response.status();
            let text = response
                .text()
                .await
                .map_err(|_| ApiError::network(method, "the answer was cut off"))?;
            normalise(method, status, &text)
        };
        let exchange = pin!(exchange);
        let timeout = TimeoutFuture::new(REQUEST_TIMEOUT_MS);
        match select(exchange, timeout).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => Err(ApiError::new(method, None, local::TIMEOUT, "no answer")),
        }
    }
}

impl Portal for HttpPortal {
    // `batch` is the trait's: its params map keeps the commands in their order.
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        let this = self.clone();
        let method = method.to_owned();
        async move {
            let params = match params {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            this.post(&method, &params).await
        }
    }
}
