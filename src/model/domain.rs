//! Clean domain types: numeric ids parsed once, flags as `bool`, no wire names.

use super::quirks::parse_id;
use super::wire::*;
use std::fmt;

/// A wire value that could not become a domain value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError(pub String);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

/// A deal (`crm.item.get`, entityTypeId 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deal {
    pub id: u64,
    pub title: String,
    /// The pipeline; 0 is the default one.
    pub category_id: u64,
    /// `NEW`, `C3:NEW`, … — compare this, never a stage's name.
    pub stage_id: String,
    /// What the current stage means (`stageSemanticId`: P, S, F).
    pub stage_semantics: Semantics,
    pub assigned_by_id: Option<u64>,
}

impl TryFrom<CrmItemWire> for Deal {
    type Error = WireError;
    fn try_from(w: CrmItemWire) -> Result<Self, WireError> {
        if w.stage_id.is_empty() {
            return Err(WireError(format!("deal {} has no stageId", w.id)));
        }
        Ok(Deal {
            id: w.id,
            title: w.title,
            category_id: w.category_id.unwrap_or(0),
            stage_id: w.stage_id,
            stage_semantics: Semantics::from_code(&w.stage_semantic_id),
            assigned_by_id: w.assigned_by_id.filter(|id| *id > 0),
        })
    }
}

/// A deal pipeline (category).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub id: u64,
    pub name: String,
    pub is_default: bool,
}

impl From<CategoryWire> for Pipeline {
    fn from(w: CategoryWire) -> Self {
        Pipeline {
            id: w.id,
            name: w.name,
            is_default: w.is_default,
        }
    }
}

/// What reaching a stage means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Semantics {
    InProgress,
    Success,
    Failure,
}

impl Semantics {
    /// Bitrix24's one-letter code: `S` success, `F` failure, anything else (`P`, empty) in
    /// progress.
    pub fn from_code(code: &str) -> Semantics {
        match code {
            "S" => Semantics::Success,
            "F" => Semantics::Failure,
            _ => Semantics::InProgress,
        }
    }
}

/// A stage of one pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub status_id: String,
    pub name: String,
    pub semantics: Semantics,
}

impl TryFrom<StageWire> for Stage {
    type Error = WireError;
    fn try_from(w: StageWire) -> Result<Self, WireError> {
        if w.status_id.is_empty() {
            return Err(WireError("stage without STATUS_ID".into()));
        }
        Ok(Stage {
            semantics: Semantics::from_code(&w.semantics),
            status_id: w.status_id,
            name: w.name,
        })
    }
}

/// The stages of one pipeline, in the pipeline's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineStages {
    pub category_id: u64,
    pub stages: Vec<Stage>,
}

/// The stages of pipeline `category_id` among `read`, when they were read.
pub fn stages_of(read: &[PipelineStages], category_id: u64) -> Option<&Vec<Stage>> {
    read.iter()
        .find(|p| p.category_id == category_id)
        .map(|p| &p.stages)
}

/// An open-line chat bound to a CRM object (`imopenlines.crm.chat.get`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chat {
    pub chat_id: u64,
    /// Opaque: the WhatsApp id is undocumented. Show [`Chat::connector_title`].
    pub connector_id: String,
    pub connector_title: String,
}

impl From<CrmChatWire> for Chat {
    fn from(w: CrmChatWire) -> Self {
        Chat {
            chat_id: w.chat_id,
            connector_id: w.connector_id,
            connector_title: w.connector_title,
        }
    }
}

/// `entity_id` of an open-line dialog: `connector|LINE_ID|connector chat|connector user`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRef {
    pub connector_id: String,
    pub line_id: u64,
}

/// Parses `entity_id` (e.g. `livechat|22|1775|599` → connector `livechat`, line 22).
pub fn parse_entity_id(entity_id: &str) -> Option<LineRef> {
    let mut parts = entity_id.split('|');
    let connector_id = parts.next().filter(|c| !c.is_empty())?;
    let line_id = parts.next().and_then(parse_id)?;
    Some(LineRef {
        connector_id: connector_id.to_owned(),
        line_id,
    })
}

/// Parses the session id, the 6th field of `entity_data_1`
/// (e.g. `Y|LEAD|1209|N|N|343|1773682918|0|0|0` → 343).
pub fn parse_session_id(entity_data_1: &str) -> Option<u64> {
    entity_data_1
        .split('|')
        .nth(5)
        .and_then(parse_id)
        .filter(|id| *id > 0)
}

/// Parses the session's line, the 8th field of `entity_data_1` (`LINE_ID`); `None` when it is 0
/// or absent. imopenlines `lib/chat.php`: `Chat::getFieldData` reads the field as
/// `CRM|CRM_ENTITY_TYPE|CRM_ENTITY_ID|PAUSE|WAIT_ACTION|ID|DATE_CREATE|LINE_ID|BLOCK_DATE|BLOCK_REASON`
/// and keeps `LINE_ID` only when > 0; `Chat::transferToQueue` writes the new line there, while the
/// chat's `entity_id` keeps the line it was opened on.
pub fn parse_session_line_id(entity_data_1: &str) -> Option<u64> {
    entity_data_1
        .split('|')
        .nth(7)
        .and_then(parse_id)
        .filter(|id| *id > 0)
}

/// Parses the deal the chat is bound to from `entity_data_2`, the chat's CRM bindings as
/// `type|id` pairs (e.g. `LEAD|0|COMPANY|0|CONTACT|5|DEAL|101` → 101); `None` for `DEAL|0`, no
/// `DEAL` pair or an id that does not read (bitrix24-rest.md §3, §9; imopenlines `lib/chat.php`
/// writes the pairs). Read pair by pair: a `DEAL` in an id's place is no binding.
pub fn parse_deal_binding(entity_data_2: &str) -> Option<u64> {
    let mut parts = entity_data_2.split('|');
    while let (Some(kind), Some(id)) = (parts.next(), parts.next()) {
        if kind == "DEAL" {
            return parse_id(id).filter(|id| *id > 0);
        }
    }
    None
}

/// An open-line dialog (`imopenlines.dialog.get`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialog {
    pub chat_id: u64,
    /// The chat's title: the client's name as the connector gave it.
    pub client_name: String,
    /// The current operator; `None` while the dialog waits in a queue (owner 0).
    pub operator_id: Option<u64>,
    /// From `entity_id`: the connector and the line the chat was opened on.
    pub line: Option<LineRef>,
    pub session_id: Option<u64>,
    /// The session's line as `entity_data_1` records it (see [`parse_session_line_id`]).
    pub session_line_id: Option<u64>,
    /// The deal the chat is bound to, from `entity_data_2` ([`parse_deal_binding`]).
    pub deal_id: Option<u64>,
}

impl Dialog {
    /// The one decision of the line a dialog is on now: the session's line (the 8th field of
    /// `entity_data_1`) when it is set, else `entity_id`'s — a transfer to another line's queue
    /// changes the former and never the latter (`Chat::transferToQueue`). The card, the preview's
    /// "from line", the queue warning and the transfer's proof all ask here.
    pub fn line_id(&self) -> Option<u64> {
        self.session_line_id
            .or_else(|| self.line.as_ref().map(|l| l.line_id))
    }
}

impl From<DialogWire> for Dialog {
    fn from(w: DialogWire) -> Self {
        Dialog {
            chat_id: w.id,
            client_name: w.name,
            operator_id: w.owner.filter(|id| *id > 0),
            line: parse_entity_id(&w.entity_id),
            session_id: parse_session_id(&w.entity_data_1),
            session_line_id: parse_session_line_id(&w.entity_data_1),
            deal_id: parse_deal_binding(&w.entity_data_2),
        }
    }
}

/// An operator in a line's queue, as `QUEUE_USERS_FIELDS` names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueUser {
    pub id: u64,
    pub name: String,
    pub avatar: Option<String>,
}

/// An open line (`imopenlines.config.list.get`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenLine {
    pub id: u64,
    pub name: String,
    pub active: bool,
    pub queue: Vec<u64>,
    pub queue_users: Vec<QueueUser>,
}

impl From<LineWire> for OpenLine {
    fn from(w: LineWire) -> Self {
        let queue_users = w
            .queue_users_fields
            .into_iter()
            .filter_map(|(id, u)| {
                Some(QueueUser {
                    id: parse_id(&id)?,
                    name: u.user_name,
                    avatar: photo_url(&u.user_avatar),
                })
            })
            .collect();
        OpenLine {
            id: w.id,
            name: w.line_name,
            active: w.active,
            queue: w.queue,
            queue_users,
        }
    }
}

/// What kind of account a user is (`USER_TYPE` of `user.get`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserType {
    /// An intranet employee: the only kind an open-line dialog can be transferred to.
    Employee,
    Extranet,
    /// Any other value the portal sends (`email`, connector and bot accounts…).
    Other(String),
    /// The portal did not say (the field is absent for some scopes).
    Unknown,
}

impl UserType {
    pub fn from_wire(s: &str) -> UserType {
        match s.trim().to_ascii_lowercase().as_str() {
            "" => UserType::Unknown,
            "employee" => UserType::Employee,
            "extranet" => UserType::Extranet,
            other => UserType::Other(other.to_owned()),
        }
    }
}

/// A portal user (`user.get`, `user.current`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub active: bool,
    pub first_name: String,
    pub last_name: String,
    pub photo: Option<String>,
    pub user_type: UserType,
}

impl From<UserWire> for User {
    fn from(w: UserWire) -> Self {
        User {
            id: w.id,
            active: w.active,
            first_name: w.name.trim().to_owned(),
            last_name: w.last_name.trim().to_owned(),
            photo: photo_url(&w.personal_photo),
            user_type: UserType::from_wire(&w.user_type),
        }
    }
}

impl User {
    /// "First Last", or whichever part exists; empty when the portal sent no name.
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (false, false) => format!("{} {}", self.first_name, self.last_name),
            (false, true) => self.first_name.clone(),
            (true, false) => self.last_name.clone(),
            (true, true) => String::new(),
        }
    }
}

/// Up to two initials from a name, for an avatar without a photo: each word's first letter or
/// digit, as written. The avatar capitalises them with the browser's `toUpperCase` (Rust's
/// `char::to_uppercase` would ship Unicode's case tables in the wasm, ~6 KB gzip).
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| initial_char(*c)))
        .take(2)
        .collect()
}

/// Whether `c` can start a name's initials: ASCII letters and digits; beyond ASCII, anything
/// outside the punctuation, symbol, emoji and private-use blocks. Names are letters, so this
/// agrees with `char::is_alphanumeric` on them (tested), without Unicode's Alphabetic table
/// in the wasm (~1.9 KB gzip).
pub(crate) fn initial_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(
        c as u32,
        0x80..=0xBF // Latin-1 controls and punctuation: « » ¡ ¿ § © …
            | 0xD7 | 0xF7 // × ÷
            | 0x0300..=0x036F // combining diacritics (a mark cannot start a word)
            | 0x2000..=0x2BFF // general punctuation, currency, arrows, maths, shapes, dingbats
            | 0x3000..=0x303F // CJK punctuation
            | 0xE000..=0xF8FF // private use
            | 0xFE00..=0xFE0F | 0xFEFF // variation selectors, the byte-order mark
            | 0xFE30..=0xFE4F // CJK compatibility forms
            | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punctuation
            | 0x1F000..=0x1FAFF // emoji and pictographs
    )
}

/// Keeps only absolute http(s) photo URLs: anything else (relative, `javascript:`…) is dropped.
pub fn photo_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let lower = raw.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| raw.to_owned())
}

/// The time of a chat's last message, from `imopenlines.session.history.get`.
pub fn last_message_date(history: &HistoryWire) -> Option<String> {
    history
        .message
        .iter()
        .map(|(_, m)| m)
        .filter(|m| !m.date.is_empty())
        .max_by_key(|m| m.id)
        .map(|m| m.date.clone())
}

/// Formats an ISO 8601 date-time as the portal sent it (its own offset) into `DD.MM.YYYY HH:MM`.
/// Anything else is returned unchanged rather than lost.
pub fn display_time(iso: &str) -> String {
    let b = iso.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let well_formed = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T') | Some(b' '))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16);
    if !well_formed {
        return iso.to_owned();
    }
    format!(
        "{}.{}.{} {}:{}",
        &iso[8..10],
        &iso[5..7],
        &iso[0..4],
        &iso[11..13],
        &iso[14..16]
    )
}
