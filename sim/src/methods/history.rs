//! `imopenlines.session.history.get` (§3).

use serde_json::{json, Map, Value};

use super::Outcome;
use crate::auth::Caller;
use crate::clock::atom;
use crate::error::SimError;
use crate::state::{Chat, Portal};
use crate::wire::{get_ci, php_empty, php_int, Params};

/// `api-reference/imopenlines/openlines/sessions/imopenlines-session-history-get.md`:
/// `CHAT_ID` or `SESSION_ID`; with only `CHAT_ID` a non-member gets `ACCESS_DENIED`.
pub fn session_history_get(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let chat_param = get_ci(params, "CHAT_ID").filter(|v| !php_empty(Some(v)));
    let session_param = get_ci(params, "SESSION_ID").filter(|v| !php_empty(Some(v)));
    let chat = match (session_param, chat_param) {
        (Some(session), _) => {
            let id = php_int(session);
            portal
                .data
                .chats
                .iter()
                .find(|c| i64::from(c.session_id) == id)
        }
        (None, Some(chat)) => {
            let id = php_int(chat);
            let chat = portal
                .data
                .chats
                .iter()
                .find(|c| i64::from(c.chat_id) == id);
            if let Some(c) = chat {
                if !portal.can_read_chat(caller.user_id, c) {
                    return Err(SimError::bad(
                        "ACCESS_DENIED",
                        "You cannot open this conversation because you do not have sufficient rights.",
                    ));
                }
            }
            chat
        }
        (None, None) => {
            return Err(SimError::bad(
                "MISSING_REQUIRED_PARAM",
                "Required parameter CHAT_ID or SESSION_ID is missing",
            ))
        }
    };
    let chat = chat.ok_or_else(|| SimError::bad("CHAT_ID", "Incorrect chat ID"))?;
    Ok(history_json(portal, chat, caller.user_id).into())
}

fn history_json(portal: &Portal, chat: &Chat, viewer: u32) -> Value {
    let dialog = format!("chat{}", chat.chat_id);
    let mut messages = Map::new();
    for m in chat.log.iter().rev() {
        let params = if m.system {
            json!({ "class": "bx-messenger-content-item-system" })
        } else {
            json!([])
        };
        messages.insert(
            m.id.to_string(),
            json!({
                "id": m.id.to_string(),
                "chatid": chat.chat_id.to_string(),
                "senderid": m.author_id.to_string(),
                "recipientid": dialog,
                "date": atom(m.date),
                "text": m.text,
                "textlegacy": m.text,
                "params": params,
            }),
        );
    }
    let ids: Vec<String> = chat.log.iter().rev().map(|m| m.id.to_string()).collect();
    let mut users = Map::new();
    users.insert(
        chat.client.id.to_string(),
        im_user(chat.client.id, &chat.client.name, true),
    );
    for id in chat
        .log
        .iter()
        .map(|m| m.author_id)
        .chain(chat.members.iter().copied())
    {
        if let Some(u) = portal.data.user(id) {
            users.insert(u.id.to_string(), im_user(u.id, &u.full_name(), false));
        }
    }
    json!({
        "chatId": chat.chat_id,
        "canJoin": if portal.can_join(viewer, chat.line_id) { "Y" } else { "N" },
        "canVoteHead": "N",
        "sessionId": chat.session_id,
        "sessionVoteHead": 0,
        "sessionCommentHead": null,
        "userId": dialog,
        "message": messages,
        "usersMessage": { dialog.clone(): ids },
        "users": users,
        "openlines": { "canvoteashead": {} },
        "userInGroup": [],
        "woUserInGroup": [],
        "chat": { chat.chat_id.to_string(): {
            "id": chat.chat_id.to_string(),
            "name": chat.client.name,
            "owner": chat.owner.to_string(),
            "color": "#4ba984",
            "extranet": false,
            "avatar": "/bitrix/js/im/images/blank.gif",
            "call": "0",
            "callNumber": "",
            "entityType": "LINES",
            "entityId": chat.entity_id(),
            "entityData1": chat.entity_data_1(),
            "entityData2": format!("DEAL|{}", chat.deal_id),
            "entityData3": "N",
            "public": "",
            "muteList": {},
            "managerList": if chat.owner > 0 { json!([chat.owner.to_string()]) } else { Value::Null },
            "dateCreate": atom(chat.created),
            "type": "lines",
            "messageType": "L",
        }},
        "userBlockChat": { chat.chat_id.to_string(): {} },
        "userInChat": { chat.chat_id.to_string(): chat.members },
        "files": [],
    })
}

fn im_user(id: u32, name: &str, connector: bool) -> Value {
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    json!({
        "id": id.to_string(),
        "name": name,
        "active": true,
        "firstName": first,
        "lastName": last,
        "workPosition": null,
        "color": "#ab7761",
        "avatar": "/bitrix/js/im/images/blank.gif",
        "extranet": connector,
        "bot": false,
        "connector": connector,
        "profile": format!("/company/personal/user/{id}/"),
        "externalAuthId": if connector { "imconnector" } else { "default" },
        "departments": [],
    })
}
