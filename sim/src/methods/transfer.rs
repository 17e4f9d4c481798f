//! `imopenlines.operator.transfer` (§3, §8: `Rest::operatorTransfer` → `Operator::transfer` →
//! `Chat::transfer`).

use serde_json::json;

use super::Outcome;
use crate::auth::Caller;
use crate::clock::now;
use crate::error::SimError;
use crate::seed::SESSION_CLOSED;
use crate::state::{Chat, Message, Portal};
use crate::wire::{get, php_int, php_string, Params};

/// Where a transfer goes.
enum Target {
    User(i64),
    Queue(i64),
}

/// `api-reference/imopenlines/openlines/operators/imopenlines-operator-transfer.md`, with §8
/// (`Rest::operatorTransfer` → `Operator::transfer` → `Chat::transfer`): keys case-sensitive;
/// every error 400; `OPERATOR_WRONG` for a caller without access and for a transfer to
/// yourself; `true` with no effect for an inactive or unknown user, a missing line or a
/// closed session; to a user at once (others and the caller leave); to `queue<N>` owner 0.
pub fn operator_transfer(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let chat_id = get(params, "CHAT_ID").map_or(0, php_int);
    if chat_id <= 0 {
        return Err(SimError::bad("CHAT_ID_EMPTY", "Chat ID can't be empty"));
    }
    let mut user_id = get(params, "USER_ID").cloned();
    let mut queue_id = get(params, "QUEUE_ID").cloned();
    if let Some(t) =
        get(params, "TRANSFER_ID").filter(|t| t.is_string() || t.is_i64() || t.is_u64())
    {
        let text = php_string(t).unwrap_or_default();
        match text.strip_prefix("queue") {
            Some(rest) => queue_id = Some(json!(rest)),
            None => user_id = Some(t.clone()),
        }
    }
    let target = match (
        user_id.filter(|v| !v.is_null()),
        queue_id.filter(|v| !v.is_null()),
    ) {
        (Some(u), _) => {
            let id = php_int(&u);
            if id <= 0 {
                return Err(SimError::bad("USER_ID_EMPTY", "User ID can't be empty"));
            }
            Target::User(id)
        }
        (None, Some(q)) => {
            let id = php_int(&q);
            if id <= 0 {
                return Err(SimError::bad("QUEUE_ID_EMPTY", "QUEUE ID can't be empty"));
            }
            Target::Queue(id)
        }
        (None, None) => {
            return Err(SimError::bad(
                "TRANSFER_ID_EMPTY",
                "Queue ID or User ID can't be empty",
            ))
        }
    };
    let wrong = || SimError::bad("OPERATOR_WRONG", "You can not redirect to this operator");
    let chat = portal
        .data
        .chats
        .iter()
        .find(|c| i64::from(c.chat_id) == chat_id)
        .ok_or_else(wrong)?;
    if !portal.can_read_chat(caller.user_id, chat) {
        return Err(wrong());
    }
    if matches!(target, Target::User(id) if id == i64::from(caller.user_id)) {
        return Err(wrong());
    }
    // `Chat::transfer` loads the chat's session with `SKIP_CREATE` (`Session::start`: the
    // newest row with `CLOSED = N`); a closed session (60 and above) gives nothing to transfer.
    // A session waiting for the client's reply (50) is not closed: it is transferred
    // (bitrix24-rest.md §9; imopenlines `lib/session.php`, `lib/chat.php`).
    if chat.session_status >= SESSION_CLOSED {
        return Ok(json!(true).into());
    }
    let chat_id = chat.chat_id;
    match target {
        Target::User(id) => transfer_to_user(portal, caller, chat_id, id),
        Target::Queue(id) => transfer_to_line(portal, caller, chat_id, id),
    }
    Ok(json!(true).into())
}

fn transfer_to_user(portal: &mut Portal, caller: &Caller, chat_id: u32, target: i64) {
    let Some(user) = u32::try_from(target)
        .ok()
        .and_then(|id| portal.data.user(id))
    else {
        return;
    };
    if !user.active {
        return;
    }
    let (target, target_name) = (user.id, user.full_name());
    let caller_name = portal.data.user_name(caller.user_id);
    let text = format!("Диалог передан: {caller_name} → {target_name}");
    let id = portal.data.next_id();
    if let Some(chat) = portal.data.chat_mut(chat_id) {
        chat.owner = target;
        chat.members = vec![target, chat.client.id];
        chat.log.push(system_message(id, text));
    }
}

/// `Chat::transferToQueue` (imopenlines `lib/chat.php`): owner 0, everyone but the client
/// leaves, the session's line (`CONFIG_ID`) becomes N and N is written as `LINE_ID`, the 8th
/// field of `entity_data_1`; `entity_id` keeps the line the chat was opened on. The system
/// message names the session's line before and after (`IMOL_CHAT_TRANSFER_LINE`), or says the
/// dialog went back to its own line's queue (`IMOL_CHAT_SKIP`).
fn transfer_to_line(portal: &mut Portal, caller: &Caller, chat_id: u32, line_id: i64) {
    let Some(line) = u32::try_from(line_id)
        .ok()
        .and_then(|id| portal.data.line(id))
    else {
        return;
    };
    let (line_id, to_name) = (line.id, line.name.clone());
    let from = portal.data.chat(chat_id).map(Chat::current_line_id);
    let from_name = from
        .and_then(|id| portal.data.line(id))
        .map(|l| l.name.clone())
        .unwrap_or_default();
    let caller_name = portal.data.user_name(caller.user_id);
    let text = if from == Some(line_id) {
        format!("{caller_name} вернул диалог в очередь линии «{to_name}»")
    } else {
        format!("{caller_name}: диалог передан из линии «{from_name}» в линию «{to_name}»")
    };
    let id = portal.data.next_id();
    if let Some(chat) = portal.data.chat_mut(chat_id) {
        chat.owner = 0;
        chat.session_line_id = line_id;
        chat.session_status = 0;
        chat.members = vec![chat.client.id];
        chat.log.push(system_message(id, text));
    }
}

fn system_message(id: u64, text: String) -> Message {
    Message {
        id,
        author_id: 0,
        author_name: String::new(),
        text,
        date: now(),
        system: true,
    }
}
