//! Open lines (§3, §8): chats of a deal, dialogs, lines, the transfer, history.

use serde_json::{json, Value};

use crate::common::{chat, deal, Sim};

async fn crm_chats(sim: &Sim, t: &str, params: Value) -> Value {
    sim.call(t, "imopenlines.crm.chat.get", params)
        .await
        .result()
        .clone()
}

#[tokio::test]
async fn crm_chat_get_lists_active_chats_newest_first() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = crm_chats(
        &sim,
        &t,
        json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 104 }),
    )
    .await;
    assert_eq!(
        r,
        json!([
            {"CHAT_ID": "1005", "CONNECTOR_ID": "telegrambot", "CONNECTOR_TITLE": "Telegram"},
            {"CHAT_ID": "1004", "CONNECTOR_ID": "whatsappbyedna", "CONNECTOR_TITLE": "WhatsApp"},
        ])
    );
    // Closed (status 60) is listed only with ACTIVE_ONLY exactly "N".
    let closed = crm_chats(
        &sim,
        &t,
        json!({ "CRM_ENTITY_TYPE": "DEAL", "CRM_ENTITY": "103" }),
    )
    .await;
    assert_eq!(closed, json!([]));
    let all = crm_chats(
        &sim,
        &t,
        json!({ "CRM_ENTITY_TYPE": "Deal", "CRM_ENTITY": 103, "ACTIVE_ONLY": "N" }),
    )
    .await;
    assert_eq!(all[0]["CHAT_ID"], "1003");
    let lower_n = crm_chats(
        &sim,
        &t,
        json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 103, "ACTIVE_ONLY": "n" }),
    )
    .await;
    assert_eq!(lower_n, json!([]));
    let none = crm_chats(
        &sim,
        &t,
        json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 102 }),
    )
    .await;
    assert_eq!(none, json!([]));
    let lead = crm_chats(
        &sim,
        &t,
        json!({ "CRM_ENTITY_TYPE": "lead", "CRM_ENTITY": 101 }),
    )
    .await;
    assert_eq!(lead, json!([]));
}

#[tokio::test]
async fn crm_chat_get_errors() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let denied = sim
        .call(
            &t,
            "imopenlines.crm.chat.get",
            json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 107 }),
        )
        .await;
    assert_eq!(denied.error(403), "ACCESS_DENIED");
    let cases = [
        (json!({ "CRM_ENTITY": 101 }), "CRM_ENTITY_TYPE"),
        (json!({ "CRM_ENTITY_TYPE": "deal" }), "CRM_ENTITY"),
        (
            json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": "abc" }),
            "CRM_ENTITY",
        ),
        // Keys are case-sensitive.
        (
            json!({ "crm_entity_type": "deal", "CRM_ENTITY": 101 }),
            "CRM_ENTITY_TYPE",
        ),
    ];
    for (params, argument) in cases {
        let r = sim
            .call(&t, "imopenlines.crm.chat.get", params.clone())
            .await;
        assert_eq!(r.error(400), "ERROR_ARGUMENT", "{params}");
        assert_eq!(r.json["argument"], argument);
    }
    let five = sim.token(5).await;
    let ok = crm_chats(
        &sim,
        &five,
        json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 107 }),
    )
    .await;
    assert_eq!(ok[0]["CHAT_ID"], "1008");
}

#[tokio::test]
async fn get_last_id() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "imopenlines.crm.chat.getLastId",
            json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 104 }),
        )
        .await;
    assert_eq!(r.result(), &json!(1005));
    let none = sim
        .call(
            &t,
            "imopenlines.crm.chat.getLastId",
            json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 102 }),
        )
        .await;
    assert_eq!(none.error(400), "CRM_CHAT_EMPTY_CRM_DATA");
    let empty = sim
        .call(&t, "imopenlines.crm.chat.getLastId", json!({}))
        .await;
    assert_eq!(empty.error(400), "CRM_CHAT_EMPTY_CRM_DATA");
}

#[tokio::test]
async fn dialog_get_fields_and_types() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let by_chat = sim
        .call(&t, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    let d = by_chat.result();
    assert_eq!(d["id"], 1001);
    assert_eq!(d["owner"], 2);
    assert_eq!(d["manager_list"], json!([2]));
    assert_eq!(d["name"], "Ирина Белова");
    assert_eq!(d["type"], "lines");
    assert_eq!(d["entity_type"], "LINES");
    assert_eq!(d["extranet"], false);
    assert_eq!(d["dialog_id"], "chat1001");
    let entity: Vec<&str> = d["entity_id"].as_str().unwrap().split('|').collect();
    assert_eq!(entity[0], "whatsappbyedna");
    assert_eq!(entity[1], "1");
    let data1: Vec<&str> = d["entity_data_1"].as_str().unwrap().split('|').collect();
    assert_eq!(data1[1], "DEAL");
    assert_eq!(data1[2], "101");
    assert_eq!(data1[5], "2001", "part 6 is the session id");
    assert!(d["entity_data_2"].as_str().unwrap().ends_with("DEAL|101"));
    for key in [
        "parent_chat_id",
        "parent_message_id",
        "description",
        "avatar",
        "color",
        "counter",
        "user_counter",
        "message_count",
        "unread_id",
        "restrictions",
        "last_message_id",
        "last_id",
        "marked_id",
        "disk_folder_id",
        "entity_data_3",
        "mute_list",
        "date_create",
        "message_type",
        "public",
        "role",
        "entity_link",
        "text_field_enabled",
        "background_id",
        "permissions",
        "is_new",
        "readed_list",
        "last_message_views",
    ] {
        assert!(d.get(key).is_some(), "{key} missing");
    }
    let by_dialog = sim
        .call(
            &t,
            "imopenlines.dialog.get",
            json!({ "DIALOG_ID": "chat1001" }),
        )
        .await;
    assert_eq!(by_dialog.result()["id"], 1001);
    let by_session = sim
        .call(&t, "imopenlines.dialog.get", json!({ "session_id": 2001 }))
        .await;
    assert_eq!(by_session.result()["id"], 1001);
}

#[tokio::test]
async fn dialog_get_access_follows_membership_and_join_policy() {
    let sim = Sim::new();
    // 3 is in line 1's queue but not a member of chat 1001.
    let three = sim.token(3).await;
    let r = sim
        .call(&three, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    assert_eq!(r.error(400), "ACCESS_ERROR");
    let admin = sim.token(1).await;
    let r = sim
        .call(&admin, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    assert_eq!(r.status, 200);
    sim.control("/__sim/config", json!({ "joinPolicy": "queue" }))
        .await;
    let r = sim
        .call(&three, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    assert_eq!(r.result()["role"], "NONE");
    // 5 is not in line 1's queue: still refused.
    let five = sim.token(5).await;
    let r = sim
        .call(&five, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    assert_eq!(r.error(400), "ACCESS_ERROR");
    let unknown = sim
        .call(&admin, "imopenlines.dialog.get", json!({ "CHAT_ID": 4242 }))
        .await;
    assert_eq!(unknown.error(400), "ACCESS_ERROR");
}

/// Pins `Rest::getChatId` for `DIALOG_ID` (the chat placements' `dialogId`): `chat<digits>` in
/// any case names the chat, with the same access rules as `CHAT_ID`; anything else names none
/// (`ACCESS_ERROR`); a `CHAT_ID` that is set wins, even one that casts to 0.
#[tokio::test]
async fn dialog_get_by_dialog_id_names_the_chat_with_the_same_access_rules() {
    let sim = Sim::new();
    let two = sim.token(2).await;
    let three = sim.token(3).await;
    let admin = sim.token(1).await;
    let get = |t: String, params: Value| {
        let sim = &sim;
        async move { sim.call(&t, "imopenlines.dialog.get", params).await }
    };
    for id in ["chat1001", "CHAT1001", "Chat1001"] {
        let r = get(two.clone(), json!({ "DIALOG_ID": id })).await;
        assert_eq!(r.result()["id"], 1001, "{id}");
        assert_eq!(r.result()["dialog_id"], "chat1001");
    }
    let r = get(two.clone(), json!({ "dialog_id": "chat1001" })).await;
    assert_eq!(r.result()["id"], 1001, "keys in any case");
    for id in [
        "1001",
        "chat",
        "chat1001x",
        "chat+1001",
        "sg1001",
        "",
        "chat4242",
    ] {
        let r = get(admin.clone(), json!({ "DIALOG_ID": id })).await;
        assert_eq!(r.error(400), "ACCESS_ERROR", "{id}");
    }
    // Not a member, not allowed to join: refused, as by CHAT_ID; allowed once the line lets
    // its queue join.
    let r = get(three.clone(), json!({ "DIALOG_ID": "chat1001" })).await;
    assert_eq!(r.error(400), "ACCESS_ERROR");
    sim.control("/__sim/config", json!({ "joinPolicy": "queue" }))
        .await;
    let r = get(three.clone(), json!({ "DIALOG_ID": "chat1001" })).await;
    assert_eq!(r.result()["role"], "NONE");
    // A CHAT_ID that is set is read first.
    let r = get(
        two.clone(),
        json!({ "CHAT_ID": "0", "DIALOG_ID": "chat1001" }),
    )
    .await;
    assert_eq!(r.error(400), "ACCESS_ERROR");
    let r = get(
        two.clone(),
        json!({ "CHAT_ID": 1001, "DIALOG_ID": "chat9" }),
    )
    .await;
    assert_eq!(r.result()["id"], 1001);
}

/// The research question for the chat placement: dialog.get carries the chat's deal only inside
/// pipe-joined strings (`entity_data_1` field 3, `entity_data_2` after `DEAL|`); `entity_link`
/// of an open-line chat names the line, not the deal (im `V2\Chat\EntityLink::getInstance`:
/// type `LINES` falls to the base class, no URL). So a batch reference cannot pass the deal id
/// on: the chat placement needs a second round trip.
#[tokio::test]
async fn dialog_get_gives_the_deal_only_inside_strings() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "imopenlines.dialog.get",
            json!({ "DIALOG_ID": "chat1001" }),
        )
        .await;
    let d = r.result();
    assert_eq!(d["entity_link"]["type"], "LINES");
    assert_eq!(d["entity_link"]["url"], "");
    assert!(d["entity_link"]["id"] != 101 && d["entity_link"]["id"] != "101");
    assert!(d["entity_data_2"].as_str().unwrap().ends_with("|DEAL|101"));
}

#[tokio::test]
async fn config_list_get_queue_only_when_asked() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let plain = sim.call(&t, "imopenlines.config.list.get", json!({})).await;
    let lines = plain.result().as_array().unwrap();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[4]["ACTIVE"], "N", "line 5 is switched off");
    assert_eq!(lines[0]["ID"], "1");
    assert_eq!(lines[0]["LINE_NAME"], "WhatsApp — предпродажа");
    assert_eq!(lines[1]["CRM_TRANSFER_CHANGE"], "N");
    assert!(lines[0].get("QUEUE").is_none());
    assert!(lines[0].get("QUEUE_USERS_FIELDS").is_none());
    let queued = sim
        .call(
            &t,
            "imopenlines.config.list.get",
            json!({ "PARAMS": { "select": ["ID", "LINE_NAME"], "filter": { "ID": 3 } }, "OPTIONS": { "QUEUE": "Y" } }),
        )
        .await;
    let line = &queued.result()[0];
    assert_eq!(queued.result().as_array().unwrap().len(), 1);
    assert_eq!(line["QUEUE"], json!(["4", "5"]));
    assert_eq!(
        line["QUEUE_USERS_FIELDS"]["4"]["USER_NAME"],
        "Анна Кузнецова"
    );
    assert!(line.get("ACTIVE").is_none(), "select limits the fields");
    let one = sim
        .call(&t, "imopenlines.config.get", json!({ "CONFIG_ID": 2 }))
        .await;
    assert_eq!(one.result()["QUEUE"], json!(["2", "4"]));
    let empty = sim.call(&t, "imopenlines.config.get", json!({})).await;
    assert_eq!(empty.error(400), "CONFIG_ID_EMPTY");
}

async fn transfer(sim: &Sim, t: &str, params: Value) -> crate::common::Reply {
    sim.call(t, "imopenlines.operator.transfer", params).await
}

#[tokio::test]
async fn transfer_to_a_user_changes_owner_at_once_and_the_caller_leaves() {
    let sim = Sim::new();
    let olga = sim.token(2).await;
    let r = transfer(&sim, &olga, json!({ "CHAT_ID": 1001, "TRANSFER_ID": 4 })).await;
    assert_eq!(r.result(), &json!(true));
    let state = sim.state_json().await;
    let c = chat(&state, 1001);
    assert_eq!(c["owner"], 4);
    assert_eq!(c["members"], json!([4, 501]));
    let last = c["log"].as_array().unwrap().last().unwrap();
    assert_eq!(last["system"], true);
    assert!(last["text"].as_str().unwrap().contains("Анна Кузнецова"));
    // The deal's responsible does not follow the chat.
    assert_eq!(deal(&state, 101)["assignedById"], 2);
    // Olga left the chat: under the default "admins" policy she can no longer read it.
    let r = sim
        .call(&olga, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    assert_eq!(r.error(400), "ACCESS_ERROR");
    let anna = sim.token(4).await;
    let r = sim
        .call(&anna, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    assert_eq!(r.result()["owner"], 4);
    assert_eq!(r.result()["manager_list"], json!([4]));
}

#[tokio::test]
async fn transfer_true_without_effect_for_inactive_or_unknown_targets_and_missing_lines() {
    let sim = Sim::new();
    let olga = sim.token(2).await;
    for params in [
        json!({ "CHAT_ID": 1001, "USER_ID": 6 }),
        json!({ "CHAT_ID": 1001, "USER_ID": 999 }),
        json!({ "CHAT_ID": 1001, "TRANSFER_ID": "queue9" }),
        json!({ "CHAT_ID": 1001, "QUEUE_ID": 9 }),
    ] {
        let r = transfer(&sim, &olga, params.clone()).await;
        assert_eq!(r.result(), &json!(true), "{params}");
    }
    let state = sim.state_json().await;
    let c = chat(&state, 1001);
    assert_eq!(c["owner"], 2);
    assert_eq!(c["log"].as_array().unwrap().len(), 4, "no system message");
}

#[tokio::test]
async fn transfer_operator_wrong_to_yourself_and_without_access() {
    let sim = Sim::new();
    let olga = sim.token(2).await;
    let me = transfer(&sim, &olga, json!({ "CHAT_ID": 1001, "USER_ID": 2 })).await;
    assert_eq!(me.error(400), "OPERATOR_WRONG");
    let five = sim.token(5).await;
    let stranger = transfer(&sim, &five, json!({ "CHAT_ID": 1001, "USER_ID": 4 })).await;
    assert_eq!(stranger.error(400), "OPERATOR_WRONG");
    // Under the "queue" policy a queue member of the line may transfer a chat not theirs.
    sim.control("/__sim/config", json!({ "joinPolicy": "queue" }))
        .await;
    let ivan = sim.token(3).await;
    let r = transfer(&sim, &ivan, json!({ "CHAT_ID": 1001, "USER_ID": 4 })).await;
    assert_eq!(r.result(), &json!(true));
    // The admin may under both policies.
    let admin = sim.token(1).await;
    sim.control("/__sim/config", json!({ "joinPolicy": "admins" }))
        .await;
    let r = transfer(&sim, &admin, json!({ "CHAT_ID": 1005, "USER_ID": 5 })).await;
    assert_eq!(r.result(), &json!(true));
    assert_eq!(chat(&sim.state_json().await, 1005)["owner"], 5);
}

#[tokio::test]
async fn transfer_parameter_errors_are_400_and_keys_case_sensitive() {
    let sim = Sim::new();
    let olga = sim.token(2).await;
    let cases = [
        (json!({ "USER_ID": 4 }), "CHAT_ID_EMPTY"),
        (json!({ "chat_id": 1001, "USER_ID": 4 }), "CHAT_ID_EMPTY"),
        (json!({ "CHAT_ID": 1001 }), "TRANSFER_ID_EMPTY"),
        (
            json!({ "CHAT_ID": 1001, "user_id": 4 }),
            "TRANSFER_ID_EMPTY",
        ),
        (json!({ "CHAT_ID": 1001, "USER_ID": 0 }), "USER_ID_EMPTY"),
        (
            json!({ "CHAT_ID": 1001, "QUEUE_ID": "x" }),
            "QUEUE_ID_EMPTY",
        ),
        (
            json!({ "CHAT_ID": 1001, "TRANSFER_ID": "queue#3#" }),
            "QUEUE_ID_EMPTY",
        ),
    ];
    for (params, code) in cases {
        let r = transfer(&sim, &olga, params.clone()).await;
        assert_eq!(r.error(400), code, "{params}");
    }
    // USER_ID wins over QUEUE_ID.
    let r = transfer(
        &sim,
        &olga,
        json!({ "CHAT_ID": 1001, "USER_ID": 3, "QUEUE_ID": 3 }),
    )
    .await;
    assert_eq!(r.result(), &json!(true));
    assert_eq!(chat(&sim.state_json().await, 1001)["owner"], 3);
}

/// Pins `Chat::transferToQueue` (imopenlines `lib/chat.php`): the session moves to line N and N
/// is written as the 8th field of `entity_data_1`, while `entity_id` keeps the line the chat was
/// opened on; owner 0, only the client stays, and a queued dialog is not active.
#[tokio::test]
async fn transfer_to_a_queue_moves_the_session_line_and_keeps_entity_id() {
    let sim = Sim::new();
    let olga = sim.token(2).await;
    let r = transfer(
        &sim,
        &olga,
        json!({ "CHAT_ID": 1001, "TRANSFER_ID": "queue3" }),
    )
    .await;
    assert_eq!(r.result(), &json!(true));
    let state = sim.state_json().await;
    let c = chat(&state, 1001);
    assert_eq!(c["owner"], 0);
    assert_eq!(c["lineId"], 1, "the line it was opened on");
    assert_eq!(c["sessionLineId"], 3);
    assert_eq!(c["members"], json!([501]));
    let text = c["log"].as_array().unwrap().last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("«WhatsApp — предпродажа» в линию «Отдел продаж»"),
        "{text}"
    );
    let admin = sim.token(1).await;
    let d = sim
        .call(&admin, "imopenlines.dialog.get", json!({ "CHAT_ID": 1001 }))
        .await;
    let d = d.result();
    assert_eq!(d["owner"], 0);
    assert_eq!(d["manager_list"], json!([]));
    assert!(
        d["entity_id"]
            .as_str()
            .unwrap()
            .starts_with("whatsappbyedna|1|"),
        "{d}"
    );
    let data_1 = entity_data_1(&sim, &admin, 1001).await;
    let fields: Vec<&str> = data_1.split('|').collect();
    assert_eq!(fields.len(), 10);
    assert_eq!(fields[5], "2001", "the session stays");
    assert_eq!(fields[7], "3", "LINE_ID, the 8th field");
    // Waiting in the queue is not active.
    let chats = crm_chats(
        &sim,
        &admin,
        json!({ "CRM_ENTITY_TYPE": "deal", "CRM_ENTITY": 101 }),
    )
    .await;
    assert_eq!(chats, json!([]));

    // On to another line: the message names the session's line, not the one in entity_id; and
    // back to the line it is already on is a return to its queue.
    for (to, line, words) in [
        (
            "queue2",
            2,
            "«Отдел продаж» в линию «Telegram — предпродажа»",
        ),
        (
            "queue2",
            2,
            "вернул диалог в очередь линии «Telegram — предпродажа»",
        ),
    ] {
        let r = transfer(&sim, &admin, json!({ "CHAT_ID": 1001, "TRANSFER_ID": to })).await;
        assert_eq!(r.result(), &json!(true));
        let state = sim.state_json().await;
        let c = chat(&state, 1001);
        assert_eq!(
            (c["lineId"].clone(), c["sessionLineId"].clone()),
            (json!(1), json!(line))
        );
        let text = c["log"].as_array().unwrap().last().unwrap()["text"].to_string();
        assert!(text.contains(words), "{text}");
    }
}

/// `entity_data_1` of a chat as dialog.get gives it, the same as session.history.get's.
async fn entity_data_1(sim: &Sim, token: &str, chat_id: u64) -> String {
    let d = sim
        .call(
            token,
            "imopenlines.dialog.get",
            json!({ "CHAT_ID": chat_id }),
        )
        .await;
    let data_1 = d.result()["entity_data_1"].as_str().unwrap().to_string();
    let h = sim
        .call(
            token,
            "imopenlines.session.history.get",
            json!({ "CHAT_ID": chat_id }),
        )
        .await;
    assert_eq!(
        h.result()["chat"][chat_id.to_string()]["entityData1"],
        json!(data_1)
    );
    data_1
}

/// Pins: a chat never transferred to a line has 0 as `entity_data_1`'s 8th field, and a closed
/// session 0 as its 6th (`Chat::close`), in dialog.get and session.history.get alike.
#[tokio::test]
async fn entity_data_1_fields_before_any_transfer_and_when_closed() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    for (chat_id, session) in [(1001, "2001"), (1003, "0")] {
        let data_1 = entity_data_1(&sim, &admin, chat_id).await;
        let fields: Vec<&str> = data_1.split('|').collect();
        assert_eq!((fields[5], fields[7]), (session, "0"), "{data_1}");
    }
}

#[tokio::test]
async fn session_history_get() {
    let sim = Sim::new();
    let olga = sim.token(2).await;
    let r = sim
        .call(
            &olga,
            "imopenlines.session.history.get",
            json!({ "CHAT_ID": 1001 }),
        )
        .await;
    let h = r.result();
    assert_eq!(h["chatId"], 1001);
    assert_eq!(h["sessionId"], 2001);
    let messages = h["message"].as_object().unwrap();
    assert_eq!(messages.len(), 4);
    let first = messages.values().next_back().unwrap();
    assert_eq!(first["senderid"], "501");
    assert_eq!(first["recipientid"], "chat1001");
    assert!(first["text"].as_str().unwrap().starts_with("Здравствуйте"));
    assert_eq!(h["users"]["501"]["connector"], true);
    assert_eq!(h["users"]["2"]["name"], "Ольга Смирнова");
    assert_eq!(h["usersMessage"]["chat1001"].as_array().unwrap().len(), 4);
    let five = sim.token(5).await;
    let denied = sim
        .call(
            &five,
            "imopenlines.session.history.get",
            json!({ "CHAT_ID": 1001 }),
        )
        .await;
    assert_eq!(denied.error(400), "ACCESS_DENIED");
    let by_session = sim
        .call(
            &five,
            "imopenlines.session.history.get",
            json!({ "SESSION_ID": 2001 }),
        )
        .await;
    assert_eq!(by_session.result()["chatId"], 1001);
    let missing = sim
        .call(&five, "imopenlines.session.history.get", json!({}))
        .await;
    assert_eq!(missing.error(400), "MISSING_REQUIRED_PARAM");
}
