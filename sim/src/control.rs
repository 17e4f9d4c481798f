//! The control API `/__sim/…` of `sim/README.md`, for tests and the demo: JSON in and out,
//! errors in the portal's `{error, error_description}` shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::auth::{TokenKind, ACCESS_TTL};
use crate::clock::now;
use crate::error::SimError;
use crate::faults::FaultKind;
use crate::seed::{generate, SESSION_CLOSED};
use crate::state::{AppState, JoinPolicy, Message, Portal};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/__sim/reset", post(reset))
        .route("/__sim/state", get(state))
        .route("/__sim/auth", post(auth))
        .route("/__sim/auth/refresh", post(refresh))
        .route("/__sim/auth/expire", post(expire))
        .route("/__sim/tokens", get(tokens))
        .route("/__sim/app-options", post(app_options))
        .route("/__sim/requests", get(requests))
        .route("/__sim/requests/clear", post(requests_clear))
        .route("/__sim/faults", post(add_fault).get(faults))
        .route("/__sim/faults/clear", post(faults_clear))
        .route("/__sim/config", post(config).get(config_get))
        .route("/__sim/chat/message", post(chat_message))
        .route("/__sim/chat/session", post(chat_session))
        .route("/__sim/users/{id}", post(user_update))
        .route("/__sim/install/fresh", post(install_fresh))
        .route("/__sim/deals/generate", post(deals_generate))
        .route("/__sim/avatar/{file}", get(avatar))
}

/// A JSON body whatever its Content-Type (an empty body reads as `{}`); malformed input is
/// answered in the portal's error shape, never with axum's default rejection.
pub struct SimJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for SimJson<T> {
    type Rejection = SimError;

    async fn from_request(request: Request, state: &S) -> Result<Self, SimError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| SimError::bad("INVALID_REQUEST", "Unreadable request body"))?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(bytes)
            .map(SimJson)
            .map_err(|e| SimError::bad("INVALID_REQUEST", &format!("Invalid JSON body: {e}")))
    }
}

/// PHP-style: an empty options array is `[]`.
fn options_json(options: &Map<String, Value>) -> Value {
    if options.is_empty() {
        json!([])
    } else {
        Value::Object(options.clone())
    }
}

async fn reset(State(app): State<AppState>) -> Json<Value> {
    app.lock().reset();
    Json(json!({ "ok": true }))
}

async fn state(State(app): State<AppState>) -> Json<Value> {
    let portal = app.lock();
    let d = &portal.data;
    Json(json!({
        "domain": portal.domain,
        "memberId": portal.member_id,
        "deals": d.deals,
        "chats": d.chats,
        "timeline": d.timeline,
        "appOptions": options_json(&d.app_options),
        "placements": d.placements,
        "users": d.users,
        "categories": d.categories,
        "stages": d.stages,
        "lines": d.lines,
        "config": portal.config,
        "faults": portal.faults.pending(),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthRequest {
    user_id: u32,
    #[serde(default)]
    webhook: bool,
}

fn token_answer(portal: &Portal, user_id: u32, access: String, refresh: String) -> Value {
    json!({
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": ACCESS_TTL.as_secs(),
        "expires": now() + ACCESS_TTL.as_secs() as i64,
        "member_id": portal.member_id,
        "domain": portal.domain,
        "user_id": user_id,
        "is_admin": portal.is_admin(user_id),
        "scope": portal.config.app_scope.join(","),
        "status": "L",
        "client_endpoint": format!("http://{}/rest/", portal.domain),
    })
}

/// Mints a token pair for a user (an application token; `webhook: true` for a webhook code).
async fn auth(
    State(app): State<AppState>,
    SimJson(body): SimJson<AuthRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    if portal.data.user(body.user_id).is_none() {
        return Err(SimError::new(404, "NOT_FOUND", "No such user"));
    }
    let kind = if body.webhook {
        TokenKind::Webhook
    } else {
        TokenKind::App
    };
    let pair = portal.auth.mint(body.user_id, kind);
    Ok(Json(token_answer(
        &portal,
        body.user_id,
        pair.access_token,
        pair.refresh_token,
    )))
}

#[derive(Deserialize)]
struct RefreshRequest {
    #[serde(default)]
    refresh_token: String,
}

async fn refresh(
    State(app): State<AppState>,
    SimJson(body): SimJson<RefreshRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    let (user_id, pair) = portal
        .auth
        .refresh(&body.refresh_token)
        .ok_or_else(|| SimError::bad("invalid_grant", "Invalid refresh token"))?;
    Ok(Json(token_answer(
        &portal,
        user_id,
        pair.access_token,
        pair.refresh_token,
    )))
}

#[derive(Deserialize)]
struct ExpireRequest {
    access_token: Option<String>,
}

async fn expire(State(app): State<AppState>, SimJson(body): SimJson<ExpireRequest>) -> Json<Value> {
    let count = app.lock().auth.expire(body.access_token.as_deref());
    Json(json!({ "expired": count }))
}

/// Every token minted since the last reset: what a test searches the widget's page for.
async fn tokens(State(app): State<AppState>) -> Json<Value> {
    let portal = app.lock();
    let (access, refresh) = portal.auth.issued();
    Json(json!({ "access": access, "refresh": refresh }))
}

#[derive(Deserialize)]
struct AppOptionRequest {
    #[serde(default)]
    access_token: String,
    name: String,
    #[serde(default)]
    value: Value,
}

/// `setAppOption` as the portal stores it (the `app.layout` component's `set_option` action,
/// avshatalov48/bitrix-core-business `modules/rest/install/components/bitrix/app.layout/component.php`):
/// for an admin it stores the value and answers all options; for anyone else it stores nothing
/// and answers `{"error":"access_denied"}` with HTTP 200, as that action echoes it.
async fn app_options(
    State(app): State<AppState>,
    SimJson(body): SimJson<AppOptionRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    let (user_id, _) = portal.auth.check(&body.access_token)?;
    if !portal.is_admin(user_id) {
        return Ok(Json(json!({ "error": "access_denied" })));
    }
    portal.data.app_options.insert(body.name, body.value);
    Ok(Json(options_json(&portal.data.app_options)))
}

async fn requests(State(app): State<AppState>) -> Json<Value> {
    Json(json!(app.lock().log.entries()))
}

async fn requests_clear(State(app): State<AppState>) -> Json<Value> {
    app.lock().log.clear();
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
struct FaultRequest {
    method: String,
    kind: FaultKind,
    count: Option<u32>,
    ms: Option<u64>,
    after: Option<u32>,
}

async fn add_fault(
    State(app): State<AppState>,
    SimJson(body): SimJson<FaultRequest>,
) -> Json<Value> {
    let mut portal = app.lock();
    let method = body.method.trim().to_ascii_lowercase();
    let method = method.strip_suffix(".json").unwrap_or(&method).to_string();
    portal.faults.add_after(
        &method,
        body.kind,
        body.count.unwrap_or(1),
        body.ms.unwrap_or(0),
        body.after.unwrap_or(0),
    );
    Json(json!(portal.faults.pending()))
}

async fn faults(State(app): State<AppState>) -> Json<Value> {
    Json(json!(app.lock().faults.pending()))
}

async fn faults_clear(State(app): State<AppState>) -> Json<Value> {
    app.lock().faults.clear();
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RateLimit {
    drain_per_sec: f64,
    burst: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfigRequest {
    join_policy: Option<JoinPolicy>,
    /// The app's scopes, comma-separated as `APPLICATION_SCOPE`.
    scope: Option<String>,
    rate_limit: Option<RateLimit>,
    latency_ms: Option<u64>,
}

/// The switches: open point 2's join policy, the leaky bucket (which starts empty again),
/// latency added to every REST request.
async fn config(
    State(app): State<AppState>,
    SimJson(body): SimJson<ConfigRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    if let Some(policy) = body.join_policy {
        portal.config.join_policy = policy;
    }
    if let Some(scope) = body.scope {
        portal.config.app_scope = scope
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
    }
    if let Some(limit) = body.rate_limit {
        if !(limit.drain_per_sec >= 0.0 && limit.burst >= 0.0) {
            return Err(SimError::bad(
                "INVALID_REQUEST",
                "rateLimit must be non-negative",
            ));
        }
        portal.config.drain_per_sec = limit.drain_per_sec;
        portal.config.burst = limit.burst;
        portal.bucket = Default::default();
    }
    if let Some(ms) = body.latency_ms {
        portal.config.latency_ms = ms;
    }
    Ok(Json(json!(portal.config)))
}

async fn config_get(State(app): State<AppState>) -> Json<Value> {
    Json(json!(app.lock().config))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChatMessageRequest {
    chat_id: u32,
    text: String,
    author_id: Option<u32>,
}

/// Appends a message to a chat's log: from the client, or from `authorId`.
async fn chat_message(
    State(app): State<AppState>,
    SimJson(body): SimJson<ChatMessageRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    let data = &mut portal.data;
    let chat = data
        .chat(body.chat_id)
        .ok_or_else(|| SimError::new(404, "NOT_FOUND", "No such chat"))?;
    let (author_id, author_name) = match body.author_id {
        None => (chat.client.id, chat.client.name.clone()),
        Some(id) => {
            let user = data
                .user(id)
                .ok_or_else(|| SimError::new(404, "NOT_FOUND", "No such user"))?;
            (user.id, user.full_name())
        }
    };
    let message = Message {
        id: data.next_id(),
        author_id,
        author_name,
        text: body.text,
        date: now(),
        system: false,
    };
    let answer = json!(message);
    if let Some(chat) = data.chat_mut(body.chat_id) {
        chat.log.push(message);
    }
    Ok(Json(answer))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChatSessionRequest {
    chat_id: u32,
    status: u32,
}

/// Sets an open session's status, as the portal moves it while operator and client write
/// (bitrix24-rest.md §8: NEW 0, SKIP 5, ANSWER 10, CLIENT 20, CLIENT_AFTER_OPERATOR 25,
/// OPERATOR 40, WAIT_CLIENT 50): owner and session kept (a dialog waiting for the client's reply
/// is not in the active list). Closing (60 and above) does what `Chat::close` does (imopenlines
/// lib/chat.php, as the seed's closed chat 1003 shows it): the owner 0, every operator gone.
async fn chat_session(
    State(app): State<AppState>,
    SimJson(body): SimJson<ChatSessionRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    let chat = portal
        .data
        .chat_mut(body.chat_id)
        .ok_or_else(|| SimError::new(404, "NOT_FOUND", "No such chat"))?;
    if chat.session_id == 0 {
        return Err(SimError::new(
            400,
            "INVALID_REQUEST",
            "The session is closed",
        ));
    }
    chat.session_status = body.status;
    if body.status >= SESSION_CLOSED {
        chat.owner = 0;
        chat.members = vec![chat.client.id];
    }
    Ok(Json(
        json!({ "chatId": chat.chat_id, "sessionStatus": chat.session_status }),
    ))
}

/// A user's avatar (`PERSONAL_PHOTO` points here): initials on a coloured circle.
async fn avatar(State(app): State<AppState>, Path(file): Path<String>) -> Response {
    let id: Option<u32> = file.strip_suffix(".svg").and_then(|s| s.parse().ok());
    let initials = id.and_then(|id| {
        let portal = app.lock();
        portal.data.user(id).map(|u| {
            u.name
                .chars()
                .take(1)
                .chain(u.last_name.chars().take(1))
                .collect::<String>()
        })
    });
    let Some(initials) = initials else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let escaped: String = initials.chars().filter(|c| c.is_alphanumeric()).collect();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"><circle cx=\"32\" cy=\"32\" r=\"32\" fill=\"#2fc6f6\"/><text x=\"32\" y=\"40\" font-size=\"24\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">{escaped}</text></svg>"
    );
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}

#[derive(Deserialize)]
struct UserUpdateRequest {
    active: bool,
}

/// Activates or deactivates an employee, as an admin does in the portal's user list (no REST
/// method does this): tests use it to change a hand-over target between load and click.
async fn user_update(
    State(app): State<AppState>,
    Path(id): Path<u32>,
    SimJson(body): SimJson<UserUpdateRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    let user = portal
        .data
        .users
        .iter_mut()
        .find(|u| u.id == id)
        .ok_or_else(|| SimError::new(404, "NOT_FOUND", "No such user"))?;
    user.active = body.active;
    Ok(Json(json!({ "id": id, "active": user.active })))
}

/// The app's first open after a fresh install (the host page's `install=1`): the placements the
/// demo's seed bound are forgotten, so the installer finds nothing bound; placements an
/// installer bound stay (a second install finds them). Answers what is left.
async fn install_fresh(State(app): State<AppState>) -> Json<Value> {
    let mut portal = app.lock();
    portal.data.placements.retain(|p| !p.demo);
    Json(json!({ "placements": portal.data.placements }))
}

fn zero() -> u32 {
    0
}

fn won() -> String {
    "WON".into()
}

fn two() -> u32 {
    2
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenerateRequest {
    count: u32,
    #[serde(default = "zero")]
    category_id: u32,
    #[serde(default = "won")]
    stage_id: String,
    #[serde(default = "two")]
    assigned_by_id: u32,
    #[serde(default = "yes")]
    chats: bool,
}

/// Adds `count` generated deals (default: «Предпродажа» / WON, responsible 2), each with an open
/// chat that the responsible holds (`chats: false` for none): more than the seed holds, for a
/// queue over several pages or a bulk hand-over of 100. Answers `{deals: [ids], chats: [ids]}`.
async fn deals_generate(
    State(app): State<AppState>,
    SimJson(body): SimJson<GenerateRequest>,
) -> Result<Json<Value>, SimError> {
    let mut portal = app.lock();
    let request = generate::Request {
        count: body.count,
        category_id: body.category_id,
        stage_id: body.stage_id,
        assigned_by_id: body.assigned_by_id,
        chats: body.chats,
    };
    let out = generate::generate(&mut portal.data, &request)?;
    Ok(Json(json!(out)))
}
