//! The REST endpoint `/rest/<method>[.json]` (and a webhook's `/rest/<user>/<code>/<method>`):
//! parameters, faults, latency, the leaky bucket, auth, dispatch, the envelope and the request
//! log — in that order, the portal work under one lock guard.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use http_body::Frame;
use serde_json::{json, Map, Value};

use crate::auth::{take_token, Caller, TokenKind};
use crate::batch;
use crate::clock::{now_f64, time_block};
use crate::cors;
use crate::error::SimError;
use crate::faults::FaultKind;
use crate::log::Entry;
use crate::methods::{self, Reply};
use crate::state::{AppState, Portal};
use crate::wire::{merge_params, Params};

const BODY_LIMIT: usize = 8 << 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/rest", any(handle))
        .route("/rest/", any(handle))
        .route("/rest/{*path}", any(handle))
}

/// One parsed REST call.
struct Call {
    /// Lower case, no `.json`.
    method: String,
    params: Params,
    token: Option<String>,
    /// The user id of a webhook URL (`/rest/<user>/<code>/…`).
    webhook_user: Option<u32>,
}

/// What the portal answers.
enum Answer {
    Success(Value),
    Failure(SimError),
    Drop,
    Malformed,
    /// 500 with an HTML page.
    HtmlError,
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    if request.method() == Method::OPTIONS {
        return cors::preflight();
    }
    let started = now_f64();
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, BODY_LIMIT).await;
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    let call = body
        .map_err(|_| SimError::new(413, "INVALID_REQUEST", "Request body is too large"))
        .and_then(|body| parse_call(&path, &query, &parts.headers, &body));
    let call = match call {
        Ok(call) => call,
        Err(error) => {
            let method = method_of_path(&path).unwrap_or_default();
            state
                .lock()
                .log
                .push(entry(&method, None, &Answer::Failure(error.clone()), None));
            return respond(Answer::Failure(error));
        }
    };

    let (fault, latency) = {
        let mut portal = state.lock();
        (
            portal.faults.take(&call.method, true),
            portal.config.latency_ms,
        )
    };
    let fault_latency = fault
        .filter(|f| f.kind == FaultKind::Latency)
        .map_or(0, |f| f.ms);
    sleep_ms(latency.saturating_add(fault_latency)).await;
    let faulted = fault.and_then(|f| match f.kind {
        FaultKind::Latency => None,
        FaultKind::Drop => Some(Answer::Drop),
        FaultKind::Malformed => Some(Answer::Malformed),
        FaultKind::ServerErrorHtml => Some(Answer::HtmlError),
        kind => kind.error().map(Answer::Failure),
    });
    if let Some(answer) = faulted {
        state
            .lock()
            .log
            .push(entry(&call.method, None, &answer, None));
        return respond(answer);
    }

    let (answer, delay_ms) = {
        let mut portal = state.lock();
        let (answer, user, commands, delay) = serve(&mut portal, &call, started);
        portal
            .log
            .push(entry(&call.method, user, &answer, commands));
        (answer, delay)
    };
    sleep_ms(delay_ms).await;
    respond(answer)
}

async fn sleep_ms(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

/// The portal's work for one call, under the lock: bucket, auth, method.
/// Returns the answer, the caller's id, a batch's commands and latency to add afterwards.
fn serve(
    portal: &mut Portal,
    call: &Call,
    started: f64,
) -> (Answer, Option<u32>, Option<Vec<String>>, u64) {
    let (drain, burst) = (portal.config.drain_per_sec, portal.config.burst);
    if !portal
        .bucket
        .admit(tokio::time::Instant::now(), drain, burst)
    {
        return (Answer::Failure(SimError::query_limit()), None, None, 0);
    }
    let caller = match authenticate(portal, call) {
        Ok(caller) => caller,
        Err(error) => return (Answer::Failure(error), None, None, 0),
    };
    let user = Some(caller.user_id);
    if call.method == "batch" {
        let run = batch::run(portal, &caller, &call.params);
        let answer = match run.spoil {
            Some(FaultKind::Drop) => Answer::Drop,
            Some(FaultKind::ServerErrorHtml) => Answer::HtmlError,
            Some(_) => Answer::Malformed,
            None => Answer::Success(envelope(Reply::from(run.result), started)),
        };
        return (answer, user, Some(run.commands), run.delay_ms);
    }
    let Some(handler) = methods::find(&call.method) else {
        return (Answer::Failure(SimError::method_not_found()), user, None, 0);
    };
    let answer = match handler(portal, &caller, &call.params) {
        Ok(reply) => Answer::Success(envelope(reply, started)),
        Err(error) => Answer::Failure(error),
    };
    (answer, user, None, 0)
}

fn authenticate(portal: &Portal, call: &Call) -> Result<Caller, SimError> {
    let token = call.token.as_deref().ok_or_else(SimError::no_auth)?;
    let (user_id, kind) = portal.auth.check(token)?;
    if let Some(path_user) = call.webhook_user {
        if kind != TokenKind::Webhook || path_user != user_id {
            return Err(SimError::no_auth());
        }
    }
    Ok(Caller {
        user_id,
        is_admin: portal.is_admin(user_id),
        kind,
    })
}

/// `{"result": …, "total"?, "next"?, "time": {…}}`.
fn envelope(reply: Reply, started: f64) -> Value {
    let mut map = Map::new();
    map.insert("result".into(), reply.result);
    if let Some(next) = reply.next {
        map.insert("next".into(), json!(next));
    }
    if let Some(total) = reply.total {
        map.insert("total".into(), json!(total));
    }
    map.insert("time".into(), time_block(started, now_f64()));
    Value::Object(map)
}

/// The method named by a path: `/rest/<method>[.json]` or `/rest/<user>/<code>/<method>`.
fn method_of_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/rest")?.trim_start_matches('/');
    let last = rest.rsplit('/').next()?;
    let lower = last.to_ascii_lowercase();
    let method = lower.strip_suffix(".json").unwrap_or(&lower);
    Some(method.to_string())
}

fn parse_call(
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Call, SimError> {
    let rest = path
        .strip_prefix("/rest")
        .unwrap_or("")
        .trim_start_matches('/');
    let segments: Vec<&str> = rest.split('/').collect();
    let (method, webhook) = match segments.as_slice() {
        [method] if !method.is_empty() => (*method, None),
        [user, code, method] => {
            let user: u32 = user.parse().map_err(|_| SimError::method_not_found())?;
            (*method, Some((user, code.to_string())))
        }
        _ => return Err(SimError::method_not_found()),
    };
    let method = method_of_path(&format!("/rest/{method}")).unwrap_or_default();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut params = merge_params(query, content_type, body)?;
    let mut token = take_token(headers, &mut params);
    let webhook_user = webhook.map(|(user, code)| {
        token = Some(code);
        user
    });
    Ok(Call {
        method,
        params,
        token,
        webhook_user,
    })
}

fn entry(method: &str, user: Option<u32>, answer: &Answer, commands: Option<Vec<String>>) -> Entry {
    let (status, error) = match answer {
        Answer::Success(_) | Answer::Malformed => (200, None),
        Answer::Failure(e) => (e.status.as_u16(), Some(e.code.clone())),
        Answer::Drop => (0, Some("drop".to_string())),
        Answer::HtmlError => (500, Some("html".to_string())),
    };
    Entry {
        seq: 0,
        method: method.to_string(),
        commands,
        status,
        user_id: user,
        error,
    }
}

fn respond(answer: Answer) -> Response {
    match answer {
        Answer::Success(body) => {
            let mut response = (StatusCode::OK, axum::Json(body)).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            response
        }
        Answer::Failure(error) => error.into_response(),
        Answer::Malformed => {
            let mut response = (
                StatusCode::OK,
                "{\"result\":{\"item\":<!-- upstream reset -->",
            )
                .into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            response
        }
        Answer::Drop => Response::new(Body::new(Severed)),
        Answer::HtmlError => {
            let mut response = (
                StatusCode::INTERNAL_SERVER_ERROR,
                "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>\
                 <body><h1>Internal Server Error</h1></body></html>",
            )
                .into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
    }
}

/// A body that fails before its first byte: hyper then closes the connection without writing
/// the response head, so the client sees a network error and no HTTP answer.
struct Severed;

impl http_body::Body for Severed {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "simulated dropped connection",
        ))))
    }
}
