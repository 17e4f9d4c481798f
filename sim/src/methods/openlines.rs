//! Open lines (scope `imopenlines`): chats of a CRM entity, dialogs, lines, transfer, history
//! (§3, §8; `imopenlines/lib/rest.php` in the server source).

use serde_json::{json, Map, Value};

use super::{Handler, Outcome};
use crate::auth::Caller;
use crate::clock::atom;
use crate::error::SimError;
use crate::state::{Chat, Line, Portal};
use crate::wire::{get, get_ci, is_numeric, object, php_empty, php_int, php_string, Params};

pub fn find(method: &str) -> Option<Handler> {
    match method {
        "imopenlines.crm.chat.get" => Some(crm_chat_get),
        "imopenlines.crm.chat.getlastid" => Some(crm_chat_get_last_id),
        "imopenlines.dialog.get" => Some(dialog_get),
        "imopenlines.config.list.get" => Some(config_list_get),
        "imopenlines.config.get" => Some(config_get),
        "imopenlines.operator.transfer" => Some(super::transfer::operator_transfer),
        "imopenlines.session.history.get" => Some(super::history::session_history_get),
        _ => None,
    }
}

/// The CRM entity of a crm.chat call; keys case-sensitive, the type's value not.
/// `Some(deal id)` for a deal, `None` for another CRM type (the portal has none of those).
fn crm_entity(params: &Params) -> Result<Option<u32>, SimError> {
    let entity_type = get(params, "CRM_ENTITY_TYPE");
    if php_empty(entity_type) {
        return Err(SimError::argument_null("CRM_ENTITY_TYPE"));
    }
    let entity = get(params, "CRM_ENTITY");
    if php_empty(entity) {
        return Err(SimError::argument_null("CRM_ENTITY"));
    }
    let id = entity.map_or(0, php_int);
    if !entity.is_some_and(is_numeric) || id <= 0 {
        return Err(SimError::argument_type("CRM_ENTITY"));
    }
    let is_deal = entity_type
        .and_then(php_string)
        .is_some_and(|t| t.eq_ignore_ascii_case("DEAL"));
    Ok(is_deal.then(|| u32::try_from(id).unwrap_or(0)))
}

/// The chats bound to a deal, newest session first.
fn deal_chats(portal: &Portal, deal_id: u32) -> Vec<&Chat> {
    let mut chats: Vec<&Chat> = portal
        .data
        .chats
        .iter()
        .filter(|c| c.deal_id == deal_id)
        .collect();
    chats.sort_by_key(|c| std::cmp::Reverse(c.session_id));
    chats
}

/// `api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md` (+ §8
/// `Rest::getCrmChats`): `[{CHAT_ID (string), CONNECTOR_ID, CONNECTOR_TITLE}]`, newest first;
/// `ACTIVE_ONLY` other than exactly `N` lists only sessions with status 10–49.
fn crm_chat_get(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let Some(deal_id) = crm_entity(params)? else {
        return Ok(json!([]).into());
    };
    if let Some(deal) = portal.data.deal(deal_id) {
        if !portal.data.can_access_deal(caller.user_id, deal) {
            return Err(SimError::new(
                403,
                "ACCESS_DENIED",
                "Access denied! You don't have access to this action",
            ));
        }
    }
    let active_only = get(params, "ACTIVE_ONLY").and_then(Value::as_str) != Some("N");
    let list: Vec<Value> = deal_chats(portal, deal_id)
        .into_iter()
        .filter(|c| !active_only || c.is_active())
        .map(|c| {
            json!({
                "CHAT_ID": c.chat_id.to_string(),
                "CONNECTOR_ID": c.connector_id,
                "CONNECTOR_TITLE": c.connector_title,
            })
        })
        .collect();
    Ok(Value::Array(list).into())
}

/// `api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get-last-id.md`
/// (`Rest::crmLastChatIdGet`): the newest chat's id as an int.
fn crm_chat_get_last_id(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    if php_empty(get(params, "CRM_ENTITY_TYPE")) || php_empty(get(params, "CRM_ENTITY")) {
        return Err(SimError::bad("CRM_CHAT_EMPTY_CRM_DATA", "Empty CRM data"));
    }
    let not_found = || SimError::bad("CRM_CHAT_EMPTY_CRM_DATA", "Could not find CRM entity");
    let deal_id = crm_entity(params)?.ok_or_else(not_found)?;
    let deal = portal.data.deal(deal_id).ok_or_else(not_found)?;
    if !portal.data.can_access_deal(caller.user_id, deal) {
        return Err(not_found());
    }
    let chat = deal_chats(portal, deal_id)
        .into_iter()
        .next()
        .ok_or_else(not_found)?;
    Ok(json!(chat.chat_id).into())
}

fn access_error() -> SimError {
    SimError::bad(
        "ACCESS_ERROR",
        "You do not have access to the specified dialog",
    )
}

/// The chat a dialog call names, as `Rest::getChatId` (imopenlines `lib/rest.php`) picks it:
/// the first of `CHAT_ID`, `DIALOG_ID`, `SESSION_ID`, `USER_CODE` that is set (keys
/// upper-cased; a set `CHAT_ID` wins even when it casts to 0). A `DIALOG_ID` counts only as
/// `chat<digits>` in any case (`Im\Common::isChatId`: `/^(chat|sg|crm)[0-9]+$/i`; this portal's
/// dialogs are all `chat` ones).
fn named_chat<'a>(portal: &'a Portal, params: &Params) -> Option<&'a Chat> {
    let chats = &portal.data.chats;
    let set = |key: &str| get_ci(params, key).filter(|v| !v.is_null());
    if let Some(v) = set("CHAT_ID") {
        let id = php_int(v);
        return chats.iter().find(|c| i64::from(c.chat_id) == id);
    }
    if let Some(v) = set("DIALOG_ID") {
        let id = php_string(v).and_then(|v| chat_number(&v))?;
        return chats.iter().find(|c| i64::from(c.chat_id) == id);
    }
    if let Some(v) = set("SESSION_ID") {
        let id = php_int(v);
        return chats.iter().find(|c| i64::from(c.session_id) == id);
    }
    let code = get_ci(params, "USER_CODE").and_then(php_string)?;
    let code = code.strip_prefix("imol|").unwrap_or(&code);
    chats.iter().find(|c| c.entity_id() == code)
}

/// The number of a `chat<digits>` dialog id, `chat` in any case.
fn chat_number(dialog_id: &str) -> Option<i64> {
    let head = dialog_id.get(..4)?;
    let digits = &dialog_id[4..];
    let valid = head.eq_ignore_ascii_case("chat")
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| digits.parse().ok()).flatten()
}

/// `api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.md` (`Rest::dialogGet`
/// → im `Chat::getById`): ids ints, `owner` 0 while queued, `manager_list` `[owner]` or `[]`.
/// A member, or a user allowed to join the line, may read it; others get `ACCESS_ERROR`.
fn dialog_get(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let chat = named_chat(portal, params).ok_or_else(access_error)?;
    if !portal.can_read_chat(caller.user_id, chat) {
        return Err(access_error());
    }
    Ok(dialog_json(portal, chat, caller.user_id).into())
}

fn dialog_json(portal: &Portal, chat: &Chat, viewer: u32) -> Value {
    let last_id = chat.log.last().map_or(0, |m| m.id);
    let contact = portal.data.deal(chat.deal_id).map_or(0, |d| d.contact_id);
    let entity_id = chat.entity_id();
    let role = if viewer == chat.owner {
        "OWNER"
    } else if chat.members.contains(&viewer) {
        "MEMBER"
    } else {
        "NONE"
    };
    json!({
        "id": chat.chat_id,
        "parent_chat_id": 0,
        "parent_message_id": 0,
        "name": chat.client.name,
        "description": "",
        "owner": chat.owner,
        "extranet": false,
        "avatar": "",
        "color": "#4ba984",
        "type": "lines",
        "counter": 0,
        "user_counter": chat.members.len(),
        "message_count": chat.log.len(),
        "unread_id": 0,
        "restrictions": {
            "avatar": true, "rename": true, "extend": true, "call": true, "mute": true,
            "leave": true, "leave_owner": true, "send": true, "user_list": true,
        },
        "last_message_id": last_id,
        "last_id": last_id,
        "marked_id": 0,
        "disk_folder_id": 0,
        "entity_type": "LINES",
        "entity_id": entity_id,
        "entity_data_1": chat.entity_data_1(),
        "entity_data_2": format!(
            "LEAD|0|COMPANY|0|CONTACT|{}|DEAL|{}",
            contact, chat.deal_id
        ),
        "entity_data_3": "",
        "mute_list": [],
        "date_create": atom(chat.created),
        "message_type": "L",
        "public": "",
        "role": role,
        "entity_link": { "type": "LINES", "url": "", "id": entity_id },
        "text_field_enabled": true,
        "background_id": null,
        "permissions": {
            "manage_users_add": "MEMBER",
            "manage_users_delete": "MANAGER",
            "manage_ui": "MEMBER",
            "manage_settings": "OWNER",
            "manage_messages": "MEMBER",
            "can_post": "MEMBER",
        },
        "is_new": false,
        "readed_list": [],
        "manager_list": if chat.owner > 0 { vec![chat.owner] } else { vec![] },
        "last_message_views": { "message_id": last_id, "first_viewers": [], "count_of_viewers": 0 },
        "dialog_id": format!("chat{}", chat.chat_id),
    })
}

/// A line as imopenlines.config.list.get / config.get return it (DB values: strings, Y/N).
fn line_json(portal: &Portal, line: &Line, queue: bool, config_queue: bool) -> Map<String, Value> {
    let yn = |b: bool| if b { "Y" } else { "N" };
    let mut v = json!({
        "ID": line.id.to_string(),
        "ACTIVE": yn(line.active),
        "LINE_NAME": line.name,
        "CRM": "Y",
        "CRM_CREATE": "deal",
        "CRM_FORWARD": "Y",
        "CRM_CHAT_TRACKER": "N",
        "CRM_TRANSFER_CHANGE": yn(line.crm_transfer_change),
        "CRM_SOURCE": "create",
        "QUEUE_TYPE": "evenly",
        "QUEUE_TIME": "60",
        "NO_ANSWER_TIME": "60",
        "CHECK_AVAILABLE": "N",
        "WELCOME_MESSAGE": "Y",
        "CLOSE_RULE": "none",
        "LANGUAGE_ID": "ru",
        "DATE_CREATE": atom(1_704_067_200),
        "MODIFY_USER_ID": "1",
    });
    if queue {
        v["QUEUE"] = json!(line.queue.iter().map(u32::to_string).collect::<Vec<_>>());
        let fields: Map<String, Value> = line
            .queue
            .iter()
            .filter_map(|id| portal.data.user(*id))
            .map(|u| {
                let avatar = if u.has_photo {
                    super::user::avatar_url(&portal.domain, u.id)
                } else {
                    String::new()
                };
                (
                    u.id.to_string(),
                    json!({
                        "USER_NAME": u.full_name(),
                        "USER_WORK_POSITION": u.work_position,
                        "USER_AVATAR": avatar,
                        "USER_AVATAR_ID": "0",
                    }),
                )
            })
            .collect();
        v["QUEUE_USERS_FIELDS"] = Value::Object(fields);
    }
    if config_queue {
        v["CONFIG_QUEUE"] = json!(line
            .queue
            .iter()
            .map(|id| json!({ "ENTITY_ID": id.to_string(), "ENTITY_TYPE": "user" }))
            .collect::<Vec<_>>());
    }
    match v {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn option_yes(options: Option<&Params>, key: &str) -> bool {
    options
        .and_then(|o| get_ci(o, key))
        .and_then(php_string)
        .is_some_and(|v| v.eq_ignore_ascii_case("Y"))
}

/// `api-reference/imopenlines/openlines/imopenlines-config-list-get.md`:
/// `PARAMS{select, order, filter, limit, offset}`, `OPTIONS{QUEUE, CONFIG_QUEUE}`; `QUEUE` and
/// `QUEUE_USERS_FIELDS` only when `OPTIONS.QUEUE` is `Y`. The page shows no response; items
/// carry the line's settings as in imopenlines.config.add.
fn config_list_get(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let query = object(get_ci(params, "PARAMS"));
    let options = object(get_ci(params, "OPTIONS"));
    let queue = option_yes(options, "QUEUE");
    let config_queue = option_yes(options, "CONFIG_QUEUE");
    let filter = query.and_then(|q| object(get_ci(q, "filter")));
    let select: Option<Vec<String>> = query
        .and_then(|q| get_ci(q, "select"))
        .map(|s| {
            crate::wire::entries(s)
                .into_iter()
                .filter_map(|(_, v)| php_string(v))
                .collect()
        })
        .filter(|s: &Vec<String>| !s.is_empty());
    let mut lines: Vec<Map<String, Value>> = portal
        .data
        .lines
        .iter()
        .map(|l| line_json(portal, l, queue, config_queue))
        .filter(|item| {
            filter.is_none_or(|f| {
                f.iter()
                    .all(|(k, want)| item.get(k.as_str()).and_then(php_string) == php_string(want))
            })
        })
        .collect();
    let descending = query
        .and_then(|q| object(get_ci(q, "order")))
        .and_then(|o| get_ci(o, "ID"))
        .and_then(php_string)
        .is_some_and(|d| d.eq_ignore_ascii_case("DESC"));
    if descending {
        lines.reverse();
    }
    let limit = query
        .and_then(|q| get_ci(q, "limit"))
        .map_or(50, php_int)
        .clamp(1, 200) as usize;
    let offset = query
        .and_then(|q| get_ci(q, "offset"))
        .map_or(0, php_int)
        .max(0) as usize;
    let items: Vec<Value> = lines
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|mut item| {
            if let Some(select) = &select {
                item.retain(|k, _| {
                    select.iter().any(|s| s == k) || k.starts_with("QUEUE") || k == "CONFIG_QUEUE"
                });
            }
            Value::Object(item)
        })
        .collect();
    Ok(Value::Array(items).into())
}

/// `api-reference/imopenlines/openlines/imopenlines-config-get.md`: `CONFIG_ID`*,
/// `WITH_QUEUE` (default Y); an unknown line → `false`.
fn config_get(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let id = get_ci(params, "CONFIG_ID").map_or(0, php_int);
    if id <= 0 {
        return Err(SimError::bad("CONFIG_ID_EMPTY", "Config ID can't be empty"));
    }
    let with_queue = get_ci(params, "WITH_QUEUE")
        .and_then(php_string)
        .is_none_or(|v| !v.eq_ignore_ascii_case("N"));
    let line = u32::try_from(id).ok().and_then(|id| portal.data.line(id));
    Ok(match line {
        Some(line) => Value::Object(line_json(portal, line, with_queue, with_queue)).into(),
        None => json!(false).into(),
    })
}
