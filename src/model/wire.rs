//! Bitrix24 data exactly as it comes over the wire: field names as documented (camelCase for
//! `crm.item.*` and `crm.category.*`, UPPER_CASE for the older methods, lower_case for
//! `imopenlines.dialog.get`), ids as strings or numbers, flags as `"Y"/"N"`.
//! Nothing outside `model/` and `portal/` sees these types.

use super::de;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The error envelope `{error, error_description}` (also a batch `result_error` entry).
/// <https://apidocs.bitrix24.com/api-reference/_includes/error-info.html>
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ErrorWire {
    /// A code string; some methods send a number (`100`) or `""`.
    #[serde(default, deserialize_with = "de::text")]
    pub error: String,
    #[serde(default, deserialize_with = "de::text")]
    pub error_description: String,
}

/// A whole REST answer: `{result, time}` on success, `{error, error_description}` on failure.
#[derive(Clone, Debug, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub result: Option<Value>,
    #[serde(default)]
    pub error: Option<Value>,
    #[serde(default, deserialize_with = "de::text")]
    pub error_description: String,
    #[serde(default)]
    pub total: Option<Value>,
    #[serde(default)]
    pub next: Option<Value>,
    #[serde(default)]
    pub time: Option<Value>,
}

/// The `result` of `batch`: five maps keyed by command key, each `[]` when empty.
/// <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html>
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct BatchWire {
    #[serde(default, deserialize_with = "de::map")]
    pub result: BTreeMap<String, Value>,
    #[serde(default, deserialize_with = "de::map")]
    pub result_error: BTreeMap<String, ErrorWire>,
    #[serde(default, deserialize_with = "de::map")]
    pub result_total: BTreeMap<String, Value>,
    #[serde(default, deserialize_with = "de::map")]
    pub result_next: BTreeMap<String, Value>,
    #[serde(default, deserialize_with = "de::map")]
    pub result_time: BTreeMap<String, Value>,
}

/// `BX24.placement.info()`: `{placement, options}`; `options` is an object of strings (or `[]`,
/// or the raw JSON string Bitrix24 POSTs as `PLACEMENT_OPTIONS`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PlacementInfoWire {
    #[serde(default)]
    pub placement: Option<String>,
    #[serde(default)]
    pub options: Option<Value>,
}

/// `crm.item.get` result: `{item: {...}}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct CrmItemGetWire {
    pub item: CrmItemWire,
}

/// A deal as `crm.item.*` sends it (camelCase; ids are numbers there, strings tolerated).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CrmItemWire {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::text")]
    pub title: String,
    /// `null`/absent = the default pipeline (0).
    #[serde(default, deserialize_with = "de::opt_id")]
    pub category_id: Option<u64>,
    #[serde(default, deserialize_with = "de::text")]
    pub stage_id: String,
    #[serde(default, deserialize_with = "de::text")]
    pub stage_semantic_id: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub assigned_by_id: Option<u64>,
}

/// `crm.category.list` result: `{categories: [...]}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct CategoryListWire {
    #[serde(default)]
    pub categories: Vec<CategoryWire>,
}

/// One pipeline.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CategoryWire {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::text")]
    pub name: String,
    #[serde(default)]
    pub sort: Option<Value>,
    #[serde(default, deserialize_with = "de::yes")]
    pub is_default: bool,
}

/// One stage, as `crm.dealcategory.stage.list` / `crm.status.list` send it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct StageWire {
    #[serde(rename = "STATUS_ID", deserialize_with = "de::text")]
    pub status_id: String,
    #[serde(rename = "NAME", default, deserialize_with = "de::text")]
    pub name: String,
    #[serde(rename = "SORT", default)]
    pub sort: Option<Value>,
    /// `"S"`, `"F"`, or empty/null for in progress (crm.status.list only).
    #[serde(rename = "SEMANTICS", default, deserialize_with = "de::text")]
    pub semantics: String,
}

/// One entry of `imopenlines.crm.chat.get`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct CrmChatWire {
    #[serde(rename = "CHAT_ID", deserialize_with = "de::id")]
    pub chat_id: u64,
    #[serde(rename = "CONNECTOR_ID", default, deserialize_with = "de::text")]
    pub connector_id: String,
    #[serde(rename = "CONNECTOR_TITLE", default, deserialize_with = "de::text")]
    pub connector_title: String,
}

/// `imopenlines.dialog.get` result (documented lower_case; upper-case keys tolerated).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct DialogWire {
    #[serde(alias = "ID", deserialize_with = "de::id")]
    pub id: u64,
    #[serde(alias = "NAME", default, deserialize_with = "de::text")]
    pub name: String,
    /// The current operator; 0 while the dialog waits in a queue.
    #[serde(alias = "OWNER", default, deserialize_with = "de::opt_id")]
    pub owner: Option<u64>,
    #[serde(alias = "ENTITY_TYPE", default, deserialize_with = "de::text")]
    pub entity_type: String,
    /// `connector|LINE_ID|connector chat|connector user`.
    #[serde(alias = "ENTITY_ID", default, deserialize_with = "de::text")]
    pub entity_id: String,
    /// `saved|CRM type|CRM id|?|?|SESSION_ID|...`.
    #[serde(alias = "ENTITY_DATA_1", default, deserialize_with = "de::text")]
    pub entity_data_1: String,
    #[serde(alias = "LAST_MESSAGE_ID", default, deserialize_with = "de::opt_id")]
    pub last_message_id: Option<u64>,
    #[serde(alias = "DATE_CREATE", default, deserialize_with = "de::text")]
    pub date_create: String,
}

/// One open line of `imopenlines.config.list.get` (with `OPTIONS[QUEUE]=Y`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct LineWire {
    #[serde(rename = "ID", deserialize_with = "de::id")]
    pub id: u64,
    #[serde(rename = "LINE_NAME", default, deserialize_with = "de::text")]
    pub line_name: String,
    #[serde(rename = "ACTIVE", default, deserialize_with = "de::yes")]
    pub active: bool,
    #[serde(rename = "QUEUE", default, deserialize_with = "de::ids")]
    pub queue: Vec<u64>,
    #[serde(rename = "QUEUE_USERS_FIELDS", default, deserialize_with = "de::map")]
    pub queue_users_fields: BTreeMap<String, QueueUserWire>,
}

/// `QUEUE_USERS_FIELDS` entry.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct QueueUserWire {
    #[serde(rename = "USER_NAME", default, deserialize_with = "de::text")]
    pub user_name: String,
    #[serde(rename = "USER_AVATAR", default, deserialize_with = "de::text")]
    pub user_avatar: String,
}

/// One user of `user.get` / `user.current` (`ACTIVE` a bool there).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct UserWire {
    #[serde(rename = "ID", deserialize_with = "de::id")]
    pub id: u64,
    #[serde(rename = "ACTIVE", default = "yes", deserialize_with = "de::active")]
    pub active: bool,
    #[serde(rename = "NAME", default, deserialize_with = "de::text")]
    pub name: String,
    #[serde(rename = "LAST_NAME", default, deserialize_with = "de::text")]
    pub last_name: String,
    #[serde(rename = "PERSONAL_PHOTO", default, deserialize_with = "de::text")]
    pub personal_photo: String,
    #[serde(rename = "WORK_POSITION", default, deserialize_with = "de::text")]
    pub work_position: String,
    /// `employee`, `extranet`, `email`, …; absent when the scope does not return it.
    #[serde(rename = "USER_TYPE", default, deserialize_with = "de::text")]
    pub user_type: String,
}

fn yes() -> bool {
    true
}

/// `imopenlines.session.history.get` result: only what the widget reads.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryWire {
    #[serde(default, deserialize_with = "de::opt_id")]
    pub chat_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub session_id: Option<u64>,
    #[serde(default, deserialize_with = "de::map")]
    pub message: BTreeMap<String, MessageWire>,
}

/// One message of the history.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct MessageWire {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::text")]
    pub date: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub senderid: Option<u64>,
}
