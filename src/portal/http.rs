//! The REST transport: JSON POST through gloo-net (`gloo_net::http::Request`) to
//! `<scheme>://<DOMAIN>/rest/<method>.json`, with the token as the body's top-level `auth` key
//! (the portal's CORS allows no `Authorization` header, bitrix24-rest.md §7). One deadline covers
//! the whole exchange: an `AbortController` whose signal the request carries, aborted by a
//! timer. On `expired_token` / `invalid_token` it refreshes once through `BX24.refreshAuth` —
//! one refresh shared by all concurrent calls — and retries once. Every failure is an
//! [`ApiError`] before anything decides on it.
//! <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/index.html>

use super::bx24::{self, Auth};
use super::error::{local, ApiError};
use super::{normalise, rest_url, Portal, Scheme};
use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use js_sys::Promise;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

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
        // One deadline for the whole exchange: the answer's head, then its body. Dropping the
        // timer (at the end of this call) cancels it.
        let controller =
            AbortController::new().map_err(|_| ApiError::network(method, "no AbortController"))?;
        let signal = controller.signal();
        let _deadline = Timeout::new(REQUEST_TIMEOUT_MS, move || controller.abort());
        let failed = |what: &str| {
            if signal.aborted() {
                ApiError::new(method, None, local::TIMEOUT, "no answer")
            } else {
                ApiError::network(method, what)
            }
        };
        // https://docs.rs/gloo-net/0.5.0/gloo_net/http/struct.RequestBuilder.html
        let response = Request::post(&url)
            .abort_signal(Some(&signal))
            .json(&body)
            .map_err(|_| failed("the request could not be built"))?
            .send()
            .await
            .map_err(|_| failed("the request failed"))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|_| failed("the answer was cut off"))?;
        normalise(method, status, &text)
    }
}

impl Portal for HttpPortal {
    // `batch` is the trait's: its params map keeps the commands in their order.
    fn call(&self, method: &str, params: Value) -> impl Future<Output = Result<Value, ApiError>> {
        let this = self.clone();
        let method = method.to_owned();
        async move {
            let Value::Object(params) = params else {
                return Err(ApiError::sdk(&method, "the parameters are not an object"));
            };
            this.post(&method, &params).await
        }
    }
}
