//! The simulated portal's state: CRM, open lines, users, app data, plus the machinery around
//! REST (tokens, bucket, faults, log, switches). One `Arc<Mutex<Portal>>`; every handler checks
//! and writes under one guard.

use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::AuthStore;
use crate::faults::Faults;
use crate::limits::Bucket;
use crate::log::RequestLog;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: u32,
    pub active: bool,
    pub name: String,
    pub last_name: String,
    pub work_position: String,
    pub email: String,
    pub has_photo: bool,
    pub departments: Vec<u32>,
    pub is_admin: bool,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.name, self.last_name)
            .trim()
            .to_string()
    }
}

/// A stage's meaning: in progress, won, lost (`crm/status/index.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Semantics {
    #[serde(rename = "P")]
    Process,
    #[serde(rename = "S")]
    Success,
    #[serde(rename = "F")]
    Failure,
}

impl Semantics {
    /// The deal's `STAGE_SEMANTIC_ID`.
    pub fn code(self) -> &'static str {
        match self {
            Semantics::Process => "P",
            Semantics::Success => "S",
            Semantics::Failure => "F",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: u32,
    pub name: String,
    pub sort: u32,
    pub is_default: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    /// The row id (`ID` in crm.status.list).
    pub row_id: u32,
    pub category_id: u32,
    pub status_id: String,
    pub name: String,
    pub sort: u32,
    pub semantics: Semantics,
    pub color: String,
    pub system: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub id: u32,
    pub name: String,
    pub active: bool,
    pub queue: Vec<u32>,
    pub crm_transfer_change: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deal {
    pub id: u32,
    pub title: String,
    pub category_id: u32,
    pub stage_id: String,
    pub stage_semantic_id: &'static str,
    pub assigned_by_id: u32,
    pub contact_id: u32,
    pub created_by: u32,
    pub updated_by: u32,
    pub moved_by: u32,
    pub created_time: i64,
    pub updated_time: i64,
    pub moved_time: i64,
    pub opportunity: f64,
    pub currency_id: String,
    /// `None`: every user may read and change it; otherwise only these users.
    pub readers: Option<Vec<u32>>,
}

/// The customer on the other side of an open-line chat (a connector user in im).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub id: u32,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: u64,
    /// 0 for system messages.
    pub author_id: u32,
    pub author_name: String,
    pub text: String,
    pub date: i64,
    pub system: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chat {
    pub chat_id: u32,
    pub deal_id: u32,
    pub connector_id: String,
    pub connector_title: String,
    /// The line the chat was opened on: part 2 of `entity_id`, which a transfer never changes.
    pub line_id: u32,
    /// The line a transfer to a queue moved the session to: `LINE_ID`, the 8th field of
    /// `entity_data_1` (`Chat::transferToQueue` → `updateFieldData`, imopenlines
    /// `lib/chat.php`); 0 until such a transfer. `Chat::close` leaves it as it is.
    pub session_line_id: u32,
    /// The current operator; 0 while the dialog waits in a queue.
    pub owner: u32,
    pub session_id: u32,
    pub session_status: u32,
    pub members: Vec<u32>,
    pub client: Client,
    /// The chat id on the connector's side (part 3 of `entity_id`).
    pub connector_chat_id: u32,
    pub created: i64,
    pub log: Vec<Message>,
}

impl Chat {
    /// `<connector>|<LINE_ID>|<connector chat>|<connector user>`.
    pub fn entity_id(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.connector_id, self.line_id, self.connector_chat_id, self.client.id
        )
    }

    /// The line the session is on now: the 8th field of `entity_data_1` when non-zero, else
    /// the line of `entity_id` (`Chat::getFieldData` reads `LINE_ID` only when > 0).
    pub fn current_line_id(&self) -> u32 {
        if self.session_line_id > 0 {
            self.session_line_id
        } else {
            self.line_id
        }
    }

    /// `entity_data_1` as `Chat::updateFieldData` writes it (imopenlines `lib/chat.php`):
    /// `CRM|CRM_ENTITY_TYPE|CRM_ENTITY_ID|PAUSE|WAIT_ACTION|ID|DATE_CREATE|LINE_ID|BLOCK_DATE|BLOCK_REASON`.
    /// `Chat::close` writes session `ID` 0; `LINE_ID` is 0 until a transfer to another
    /// line's queue.
    pub fn entity_data_1(&self) -> String {
        let session = if self.session_status >= crate::seed::SESSION_CLOSED {
            0
        } else {
            self.session_id
        };
        format!(
            "Y|DEAL|{}|N|N|{}|{}|{}|0|0",
            self.deal_id, session, self.created, self.session_line_id
        )
    }

    /// An open session: status 10–49 (§8, `imopenlines.crm.chat.get`).
    pub fn is_active(&self) -> bool {
        (10..50).contains(&self.session_status)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub id: u64,
    pub entity_type: String,
    pub entity_id: u32,
    pub comment: String,
    pub author_id: u32,
    pub created: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    pub placement: String,
    pub handler: String,
    pub title: String,
    pub description: String,
    pub group_name: String,
    pub lang_all: Value,
    pub user_id: u32,
    /// The options as `prepareOptions` stored them (`placement.get` gives them back).
    pub options: Map<String, Value>,
    /// Bound by the demo's seed, not by an installer: a fresh install forgets it
    /// (`POST /__sim/install/fresh`).
    pub demo: bool,
}

/// Who may join a line's dialogs without being a member (open point 2, `Config::canJoin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JoinPolicy {
    /// Only portal admins.
    Admins,
    /// Admins and the members of the line's queue.
    Queue,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimConfig {
    pub join_policy: JoinPolicy,
    /// The app's scopes (`APPLICATION_SCOPE`, the token's `scope`): a placement of a scope the
    /// app lacks is not found (`Placement::getPlacementList` over the app's scopes).
    pub app_scope: Vec<String>,
    pub drain_per_sec: f64,
    pub burst: f64,
    pub latency_ms: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            join_policy: JoinPolicy::Admins,
            app_scope: ["crm", "imopenlines", "im", "placement", "user"]
                .map(String::from)
                .to_vec(),
            drain_per_sec: 2.0,
            burst: 50.0,
            latency_ms: 0,
        }
    }
}

/// The portal's CRM, open-line and app data (what `/__sim/reset` restores).
#[derive(Clone, Debug, Default)]
pub struct Data {
    pub users: Vec<User>,
    pub categories: Vec<Category>,
    pub stages: Vec<Stage>,
    pub lines: Vec<Line>,
    pub deals: Vec<Deal>,
    pub chats: Vec<Chat>,
    pub timeline: Vec<Comment>,
    pub placements: Vec<Placement>,
    pub app_options: Map<String, Value>,
    /// The next id for messages and comments.
    pub next_id: u64,
}

impl Data {
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn user(&self, id: u32) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_name(&self, id: u32) -> String {
        self.user(id).map(User::full_name).unwrap_or_default()
    }

    pub fn deal(&self, id: u32) -> Option<&Deal> {
        self.deals.iter().find(|d| d.id == id)
    }

    pub fn deal_mut(&mut self, id: u32) -> Option<&mut Deal> {
        self.deals.iter_mut().find(|d| d.id == id)
    }

    pub fn chat(&self, id: u32) -> Option<&Chat> {
        self.chats.iter().find(|c| c.chat_id == id)
    }

    pub fn chat_mut(&mut self, id: u32) -> Option<&mut Chat> {
        self.chats.iter_mut().find(|c| c.chat_id == id)
    }

    pub fn line(&self, id: u32) -> Option<&Line> {
        self.lines.iter().find(|l| l.id == id)
    }

    pub fn category(&self, id: u32) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// A pipeline's stages by SORT.
    pub fn stages_of(&self, category_id: u32) -> Vec<&Stage> {
        let mut stages: Vec<&Stage> = self
            .stages
            .iter()
            .filter(|s| s.category_id == category_id)
            .collect();
        stages.sort_by_key(|s| s.sort);
        stages
    }

    pub fn stage(&self, status_id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.status_id == status_id)
    }

    /// CRM read (and change) permission on a deal.
    pub fn can_access_deal(&self, user_id: u32, deal: &Deal) -> bool {
        deal.readers
            .as_ref()
            .is_none_or(|readers| readers.contains(&user_id))
    }
}

/// The whole portal behind the lock.
#[derive(Debug)]
pub struct Portal {
    /// Host and port, as Bitrix24 passes DOMAIN.
    pub domain: String,
    /// The widget's origin, when known: the seed binds the app's placements to its
    /// `index.html` (the demo's installed app).
    pub widget_origin: Option<String>,
    pub member_id: String,
    pub data: Data,
    pub auth: AuthStore,
    pub log: RequestLog,
    pub faults: Faults,
    pub config: SimConfig,
    pub bucket: Bucket,
}

impl Portal {
    pub fn new(domain: &str) -> Self {
        Self::with_widget(domain, None)
    }

    /// A portal whose seed has the app's placements bound to `<widget_origin>/index.html`.
    pub fn with_widget(domain: &str, widget_origin: Option<&str>) -> Self {
        let mut data = crate::seed::data();
        if let Some(origin) = widget_origin {
            data.placements = crate::seed::placements(origin);
        }
        Portal {
            domain: domain.to_string(),
            widget_origin: widget_origin.map(str::to_string),
            member_id: "5f3c0e2b9a7d4e1f8c6b2a0d9e7f1c3b".to_string(),
            data,
            auth: AuthStore::default(),
            log: RequestLog::default(),
            faults: Faults::default(),
            config: SimConfig::default(),
            bucket: Bucket::default(),
        }
    }

    /// Back to the seed: data, tokens, log, faults and switches.
    pub fn reset(&mut self) {
        *self = Portal::with_widget(&self.domain, self.widget_origin.as_deref());
    }

    pub fn is_admin(&self, user_id: u32) -> bool {
        self.data.user(user_id).is_some_and(|u| u.is_admin)
    }

    /// `Config::canJoin` under the current switch: admins always, the line's queue members
    /// too under [`JoinPolicy::Queue`].
    pub fn can_join(&self, user_id: u32, line_id: u32) -> bool {
        if self.is_admin(user_id) {
            return true;
        }
        self.config.join_policy == JoinPolicy::Queue
            && self
                .data
                .line(line_id)
                .is_some_and(|l| l.queue.contains(&user_id))
    }

    /// Dialog access (`Chat::hasAccess`): a member, or someone who may join the line.
    pub fn can_read_chat(&self, user_id: u32, chat: &Chat) -> bool {
        chat.members.contains(&user_id) || self.can_join(user_id, chat.line_id)
    }
}

/// Shared handle to the portal.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Mutex<Portal>>,
}

impl AppState {
    /// A portal seeded afresh; `domain` is `127.0.0.1:<port>`.
    pub fn new(domain: &str) -> Self {
        Self::with_widget(domain, None)
    }

    /// A portal seeded afresh whose app's placements are bound to the widget at
    /// `widget_origin` (what [`crate::spawn`] starts).
    pub fn with_widget(domain: &str, widget_origin: Option<&str>) -> Self {
        AppState {
            inner: Arc::new(Mutex::new(Portal::with_widget(domain, widget_origin))),
        }
    }

    /// The one lock. A panic elsewhere never wedges the simulator.
    pub fn lock(&self) -> MutexGuard<'_, Portal> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}
