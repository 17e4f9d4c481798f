//! Bitrix24 data exactly as it comes over the wire: field names as documented (camelCase for
//! `crm.item.*` and `crm.category.*`, UPPER_CASE for the older methods, lower_case for
//! `imopenlines.dialog.get`), ids as strings or numbers, flags as `"Y"/"N"`.
//! Nothing outside `model/` and `portal/` sees these types.

use super::de::{self, Fields, FromValue};
use super::table::Table;
use serde_json::Value;

/// The error envelope `{error, error_description}` (also a batch `result_error` entry).
/// <https://apidocs.bitrix24.com/api-reference/_includes/error-info.html>
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorWire {
    /// A code string; some methods send a number (`100`) or `""`.
    pub error: String,
    pub error_description: String,
}

/// A whole REST answer: `{result, time}` on success, `{error, error_description}` on failure.
#[derive(Clone, Debug)]
pub struct Envelope {
    pub result: Option<Value>,
    pub error: Option<Value>,
    pub error_description: String,
    pub total: Option<Value>,
    pub next: Option<Value>,
    pub time: Option<Value>,
}

/// The `result` of `batch`: five maps keyed by command key, each `[]` when empty.
/// <https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html>
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchWire {
    pub result: Table<String, Value>,
    pub result_error: Table<String, ErrorWire>,
    pub result_total: Table<String, Value>,
    pub result_next: Table<String, Value>,
    pub result_time: Table<String, Value>,
}

/// `BX24.placement.info()`: `{placement, options}`; `options` is an object of strings (or `[]`,
/// or the raw JSON string Bitrix24 POSTs as `PLACEMENT_OPTIONS`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlacementInfoWire {
    pub placement: Option<String>,
    pub options: Option<Value>,
}

/// `crm.item.get` result: `{item: {...}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CrmItemGetWire {
    pub item: CrmItemWire,
}

/// A deal as `crm.item.*` sends it (camelCase; ids are numbers there, strings tolerated).
#[derive(Clone, Debug, PartialEq)]
pub struct CrmItemWire {
    pub id: u64,
    pub title: String,
    /// `null`/absent = the default pipeline (0).
    pub category_id: Option<u64>,
    pub stage_id: String,
    pub stage_semantic_id: String,
    pub assigned_by_id: Option<u64>,
}

/// `crm.category.list` result: `{categories: [...]}`.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryListWire {
    pub categories: Vec<CategoryWire>,
}

/// One pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryWire {
    pub id: u64,
    pub name: String,
    pub sort: Option<Value>,
    pub is_default: bool,
}

/// One stage, as `crm.dealcategory.stage.list` / `crm.status.list` send it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageWire {
    pub status_id: String,
    pub name: String,
    pub sort: Option<Value>,
    /// `"S"`, `"F"`, or empty/null for in progress (crm.status.list only).
    pub semantics: String,
}

/// One entry of `imopenlines.crm.chat.get`.
#[derive(Clone, Debug, PartialEq)]
pub struct CrmChatWire {
    pub chat_id: u64,
    pub connector_id: String,
    pub connector_title: String,
}

/// `imopenlines.dialog.get` result (documented lower_case; upper-case keys tolerated).
#[derive(Clone, Debug, PartialEq)]
pub struct DialogWire {
    pub id: u64,
    pub name: String,
    /// The current operator; 0 while the dialog waits in a queue.
    pub owner: Option<u64>,
    pub entity_type: String,
    /// `connector|LINE_ID|connector chat|connector user`.
    pub entity_id: String,
    /// `saved|CRM type|CRM id|?|?|SESSION_ID|...`.
    pub entity_data_1: String,
    pub last_message_id: Option<u64>,
    pub date_create: String,
}

/// One open line of `imopenlines.config.list.get` (with `OPTIONS[QUEUE]=Y`).
#[derive(Clone, Debug, PartialEq)]
pub struct LineWire {
    pub id: u64,
    pub line_name: String,
    pub active: bool,
    pub queue: Vec<u64>,
    pub queue_users_fields: Table<String, QueueUserWire>,
}

/// `QUEUE_USERS_FIELDS` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueUserWire {
    pub user_name: String,
    pub user_avatar: String,
}

/// One user of `user.get` / `user.current` (`ACTIVE` a bool there).
#[derive(Clone, Debug, PartialEq)]
pub struct UserWire {
    pub id: u64,
    pub active: bool,
    pub name: String,
    pub last_name: String,
    pub personal_photo: String,
    pub work_position: String,
    /// `employee`, `extranet`, `email`, …; absent when the scope does not return it.
    pub user_type: String,
}

/// `imopenlines.session.history.get` result: only what the widget reads.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryWire {
    pub chat_id: Option<u64>,
    pub session_id: Option<u64>,
    pub message: Table<String, MessageWire>,
}

/// One message of the history.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageWire {
    pub id: u64,
    pub date: String,
    pub senderid: Option<u64>,
}

// ---- readers: field names exactly as on the wire, in declaration order ----

impl FromValue for ErrorWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "ErrorWire", 2)?;
        Ok(ErrorWire {
            error: de::text(f.get(0, "error")),
            error_description: de::text(f.get(1, "error_description")),
        })
    }
}

impl FromValue for Envelope {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "Envelope", 6)?;
        Ok(Envelope {
            result: de::opt_value(f.get(0, "result")),
            error: de::opt_value(f.get(1, "error")),
            error_description: de::text(f.get(2, "error_description")),
            total: de::opt_value(f.get(3, "total")),
            next: de::opt_value(f.get(4, "next")),
            time: de::opt_value(f.get(5, "time")),
        })
    }
}

impl FromValue for BatchWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "BatchWire", 5)?;
        Ok(BatchWire {
            result: de::map(f.get(0, "result"))?,
            result_error: de::map(f.get(1, "result_error"))?,
            result_total: de::map(f.get(2, "result_total"))?,
            result_next: de::map(f.get(3, "result_next"))?,
            result_time: de::map(f.get(4, "result_time"))?,
        })
    }
}

impl FromValue for PlacementInfoWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "PlacementInfoWire", 2)?;
        Ok(PlacementInfoWire {
            placement: de::opt_string(f.get(0, "placement"), "placement")?,
            options: de::opt_value(f.get(1, "options")),
        })
    }
}

impl FromValue for CrmItemGetWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "CrmItemGetWire", 1)?;
        Ok(CrmItemGetWire {
            item: CrmItemWire::from_value(de::required(f.get(0, "item"), "item")?)?,
        })
    }
}

impl FromValue for CrmItemWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "CrmItemWire", 6)?;
        Ok(CrmItemWire {
            id: de::id(f.get(0, "id"), "id")?,
            title: de::text(f.get(1, "title")),
            category_id: de::opt_id(f.get(2, "categoryId"))?,
            stage_id: de::text(f.get(3, "stageId")),
            stage_semantic_id: de::text(f.get(4, "stageSemanticId")),
            assigned_by_id: de::opt_id(f.get(5, "assignedById"))?,
        })
    }
}

impl FromValue for CategoryListWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "CategoryListWire", 1)?;
        Ok(CategoryListWire {
            categories: de::list(f.get(0, "categories"))?,
        })
    }
}

impl FromValue for CategoryWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "CategoryWire", 4)?;
        Ok(CategoryWire {
            id: de::id(f.get(0, "id"), "id")?,
            name: de::text(f.get(1, "name")),
            sort: de::opt_value(f.get(2, "sort")),
            is_default: de::yes(f.get(3, "isDefault")),
        })
    }
}

impl FromValue for StageWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "StageWire", 4)?;
        Ok(StageWire {
            status_id: de::text(Some(de::required(f.get(0, "STATUS_ID"), "STATUS_ID")?)),
            name: de::text(f.get(1, "NAME")),
            sort: de::opt_value(f.get(2, "SORT")),
            semantics: de::text(f.get(3, "SEMANTICS")),
        })
    }
}

impl FromValue for CrmChatWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "CrmChatWire", 3)?;
        Ok(CrmChatWire {
            chat_id: de::id(f.get(0, "CHAT_ID"), "CHAT_ID")?,
            connector_id: de::text(f.get(1, "CONNECTOR_ID")),
            connector_title: de::text(f.get(2, "CONNECTOR_TITLE")),
        })
    }
}

impl FromValue for DialogWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "DialogWire", 8)?;
        Ok(DialogWire {
            id: de::id(f.get_or(0, "id", "ID")?, "id")?,
            name: de::text(f.get_or(1, "name", "NAME")?),
            owner: de::opt_id(f.get_or(2, "owner", "OWNER")?)?,
            entity_type: de::text(f.get_or(3, "entity_type", "ENTITY_TYPE")?),
            entity_id: de::text(f.get_or(4, "entity_id", "ENTITY_ID")?),
            entity_data_1: de::text(f.get_or(5, "entity_data_1", "ENTITY_DATA_1")?),
            last_message_id: de::opt_id(f.get_or(6, "last_message_id", "LAST_MESSAGE_ID")?)?,
            date_create: de::text(f.get_or(7, "date_create", "DATE_CREATE")?),
        })
    }
}

impl FromValue for LineWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "LineWire", 5)?;
        Ok(LineWire {
            id: de::id(f.get(0, "ID"), "ID")?,
            line_name: de::text(f.get(1, "LINE_NAME")),
            active: de::yes(f.get(2, "ACTIVE")),
            queue: de::ids(f.get(3, "QUEUE"))?,
            queue_users_fields: de::map(f.get(4, "QUEUE_USERS_FIELDS"))?,
        })
    }
}

impl FromValue for QueueUserWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "QueueUserWire", 2)?;
        Ok(QueueUserWire {
            user_name: de::text(f.get(0, "USER_NAME")),
            user_avatar: de::text(f.get(1, "USER_AVATAR")),
        })
    }
}

impl FromValue for UserWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "UserWire", 7)?;
        Ok(UserWire {
            id: de::id(f.get(0, "ID"), "ID")?,
            active: de::active(f.get(1, "ACTIVE")),
            name: de::text(f.get(2, "NAME")),
            last_name: de::text(f.get(3, "LAST_NAME")),
            personal_photo: de::text(f.get(4, "PERSONAL_PHOTO")),
            work_position: de::text(f.get(5, "WORK_POSITION")),
            user_type: de::text(f.get(6, "USER_TYPE")),
        })
    }
}

impl FromValue for HistoryWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "HistoryWire", 3)?;
        Ok(HistoryWire {
            chat_id: de::opt_id(f.get(0, "chatId"))?,
            session_id: de::opt_id(f.get(1, "sessionId"))?,
            message: de::map(f.get(2, "message"))?,
        })
    }
}

impl FromValue for MessageWire {
    fn from_value(v: &Value) -> Result<Self, String> {
        let f = Fields::of(v, "MessageWire", 3)?;
        Ok(MessageWire {
            id: de::id(f.get(0, "id"), "id")?,
            date: de::text(f.get(1, "date")),
            senderid: de::opt_id(f.get(2, "senderid"))?,
        })
    }
}

crate::deserialize_via_value!(
    ErrorWire,
    Envelope,
    BatchWire,
    PlacementInfoWire,
    CrmItemGetWire,
    CrmItemWire,
    CategoryListWire,
    CategoryWire,
    StageWire,
    CrmChatWire,
    DialogWire,
    LineWire,
    QueueUserWire,
    UserWire,
    HistoryWire,
    MessageWire,
);
