//! Bitrix24 data exactly as it comes over the wire: field names as documented (camelCase for
//! `crm.item.*` and `crm.category.*`, UPPER_CASE for the older methods, lower_case for
//! `imopenlines.dialog.get`), ids as strings or numbers, flags as `"Y"/"N"`.
//! Nothing outside `model/` and `portal/` sees these types.
//!
//! Read with serde's derive; the quirks are the [`quirks`] helpers. As serde reads a struct, an
//! object by field name or an array by field position; a field the portal may leave out has a
//! default, the others are required.

use super::quirks;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The error envelope `{error, error_description}` (also a batch `result_error` entry).
/// <https://apidocs.bitrix24.com/api-reference/_includes/error-info.html>
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ErrorWire {
    /// A code string; some methods send a number (`100`) or `""`.
    #[serde(default, deserialize_with = "quirks::text")]
    pub error: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub error_description: String,
}

/// A whole REST answer: `{result, time}` on success, `{error, error_description}` on failure
/// (`time`, `total` and `next` are not read).
#[derive(Clone, Debug, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub result: Option<Value>,
    #[serde(default)]
    pub error: Option<Value>,
    #[serde(default, deserialize_with = "quirks::text")]
    pub error_description: String,
}

/// The `result` of `batch`: maps keyed by command key, each `[]` when empty (of the five, the
/// widget reads `result` and `result_error` here; the admin build's queue takes `result_total`
/// and `result_next` as sent, `BatchOutcome::paging`; `result_time` not).
/// <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html>
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct BatchWire {
    #[serde(default, deserialize_with = "quirks::map")]
    pub result: Map<String, Value>,
    /// `(key, error)` in the envelope's order.
    #[serde(default, deserialize_with = "quirks::map")]
    pub result_error: Vec<(String, ErrorWire)>,
}

/// `BX24.placement.info()`: `{placement, options}`; `options` is an object of strings (or `[]`,
/// or the raw JSON string Bitrix24 POSTs as `PLACEMENT_OPTIONS`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PlacementInfoWire {
    #[serde(default)]
    pub placement: Option<String>,
    #[serde(default)]
    pub options: Option<Value>,
}

/// `crm.item.get` result: `{item: {...}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CrmItemGetWire {
    pub item: CrmItemWire,
}

/// `crm.item.list` result: `{items: [...]}` (the paging comes in the envelope, `total`/`next`).
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-list.html>
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CrmItemListWire {
    pub items: Vec<CrmItemWire>,
}

/// A deal as `crm.item.*` sends it (camelCase; ids are numbers there, strings tolerated).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrmItemWire {
    #[serde(deserialize_with = "quirks::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "quirks::text")]
    pub title: String,
    /// `null`/absent = the default pipeline (0).
    #[serde(default, deserialize_with = "quirks::opt_id")]
    pub category_id: Option<u64>,
    #[serde(default, deserialize_with = "quirks::text")]
    pub stage_id: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub stage_semantic_id: String,
    #[serde(default, deserialize_with = "quirks::opt_id")]
    pub assigned_by_id: Option<u64>,
}

/// `crm.category.list` result: `{categories: [...]}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CategoryListWire {
    #[serde(default)]
    pub categories: Vec<CategoryWire>,
}

/// One pipeline.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryWire {
    #[serde(deserialize_with = "quirks::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "quirks::text")]
    pub name: String,
    #[serde(default, deserialize_with = "quirks::yes")]
    pub is_default: bool,
}

/// One stage, as `crm.dealcategory.stage.list` / `crm.status.list` send it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct StageWire {
    /// Required (`null` reads as empty, which the domain refuses).
    #[serde(deserialize_with = "quirks::text")]
    pub status_id: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub name: String,
    /// `"S"`, `"F"`, or empty/null for in progress (crm.status.list only).
    #[serde(default, deserialize_with = "quirks::text")]
    pub semantics: String,
}

/// One entry of `imopenlines.crm.chat.get`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct CrmChatWire {
    #[serde(deserialize_with = "quirks::id")]
    pub chat_id: u64,
    #[serde(default, deserialize_with = "quirks::text")]
    pub connector_id: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub connector_title: String,
}

/// `imopenlines.dialog.get` result (documented lower_case; upper-case keys tolerated).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DialogWire {
    #[serde(alias = "ID", deserialize_with = "quirks::id")]
    pub id: u64,
    #[serde(default, alias = "NAME", deserialize_with = "quirks::text")]
    pub name: String,
    /// The current operator; 0 while the dialog waits in a queue.
    #[serde(default, alias = "OWNER", deserialize_with = "quirks::opt_id")]
    pub owner: Option<u64>,
    /// `connector|LINE_ID|connector chat|connector user`.
    #[serde(default, alias = "ENTITY_ID", deserialize_with = "quirks::text")]
    pub entity_id: String,
    /// `saved|CRM type|CRM id|?|?|SESSION_ID|...`.
    #[serde(default, alias = "ENTITY_DATA_1", deserialize_with = "quirks::text")]
    pub entity_data_1: String,
    /// The CRM bindings: `LEAD|<id>|COMPANY|<id>|CONTACT|<id>|DEAL|<id>`.
    #[serde(default, alias = "ENTITY_DATA_2", deserialize_with = "quirks::text")]
    pub entity_data_2: String,
}

/// One open line of `imopenlines.config.list.get` (with `OPTIONS[QUEUE]=Y`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct LineWire {
    #[serde(deserialize_with = "quirks::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "quirks::text")]
    pub line_name: String,
    #[serde(default, deserialize_with = "quirks::yes")]
    pub active: bool,
    #[serde(default, deserialize_with = "quirks::ids")]
    pub queue: Vec<u64>,
    /// By user id, in the portal's order (a list: the widget only looks users up in it).
    #[serde(default, deserialize_with = "quirks::map")]
    pub queue_users_fields: Vec<(String, QueueUserWire)>,
}

/// `QUEUE_USERS_FIELDS` entry.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct QueueUserWire {
    #[serde(default, deserialize_with = "quirks::text")]
    pub user_name: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub user_avatar: String,
}

/// One user of `user.get` / `user.current` (`ACTIVE` a bool there).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct UserWire {
    #[serde(deserialize_with = "quirks::id")]
    pub id: u64,
    /// Absent or `null`: active.
    #[serde(default = "quirks::on", deserialize_with = "quirks::active")]
    pub active: bool,
    #[serde(default, deserialize_with = "quirks::text")]
    pub name: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub last_name: String,
    #[serde(default, deserialize_with = "quirks::text")]
    pub personal_photo: String,
    /// `employee`, `extranet`, `email`, …; absent when the scope does not return it.
    #[serde(default, deserialize_with = "quirks::text")]
    pub user_type: String,
}

/// `imopenlines.session.history.get` result: only what the widget reads.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryWire {
    #[serde(default, deserialize_with = "quirks::opt_id")]
    pub chat_id: Option<u64>,
    #[serde(default, deserialize_with = "quirks::opt_id")]
    pub session_id: Option<u64>,
    /// By message id, in the portal's order (a list: the widget only scans it).
    #[serde(default, deserialize_with = "quirks::map")]
    pub message: Vec<(String, MessageWire)>,
}

/// One message of the history.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct MessageWire {
    #[serde(deserialize_with = "quirks::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "quirks::text")]
    pub date: String,
}

/// `BX24.getAuth()` (or the object `BX24.refreshAuth` calls back with): only what the transport
/// reads. Not `Debug`: a token is never logged.
/// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/bx24-get-auth.html>
#[derive(Clone, Default, Deserialize)]
pub struct AuthWire {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
}

/// The reply of `BX24.selectUser`: `{id, name, sub, sup, position, photo, url}`.
/// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-dialogues/bx24-select-user.html>
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SelectedUserWire {
    #[serde(deserialize_with = "quirks::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "quirks::text")]
    pub name: String,
}
