//! The control API of sim/README.md.

use serde_json::json;

use crate::common::{chat, deal, Sim};

#[tokio::test]
async fn reset_restores_the_seed_and_clears_everything() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.call(
        &t,
        "crm.item.update",
        json!({ "entityTypeId": 2, "id": 101, "fields": { "categoryId": 3 } }),
    )
    .await;
    sim.control(
        "/__sim/faults",
        json!({ "method": "*", "kind": "drop", "count": 5 }),
    )
    .await;
    sim.control(
        "/__sim/config",
        json!({ "joinPolicy": "queue", "latencyMs": 5 }),
    )
    .await;
    sim.control("/__sim/reset", json!({})).await;
    let state = sim.state_json().await;
    assert_eq!(deal(&state, 101)["categoryId"], 0);
    assert_eq!(state["faults"], json!([]));
    assert_eq!(state["config"]["joinPolicy"], "admins");
    assert!(sim.requests().await.is_empty());
    let stale = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(stale.error(401), "NO_AUTH_FOUND", "tokens are cleared");
}

#[tokio::test]
async fn state_has_the_seed() {
    let sim = Sim::new();
    let state = sim.state_json().await;
    assert_eq!(state["deals"].as_array().unwrap().len(), 43);
    assert_eq!(state["users"].as_array().unwrap().len(), 7);
    assert_eq!(state["lines"].as_array().unwrap().len(), 5);
    assert_eq!(state["categories"].as_array().unwrap().len(), 3);
    assert_eq!(state["stages"].as_array().unwrap().len(), 14);
    assert!(state["appOptions"]["handover_rules"]
        .as_str()
        .is_some_and(|r| r.contains("\"version\":1")));
    let c = chat(&state, 1005);
    assert_eq!(c["dealId"], 104);
    assert_eq!(c["connectorId"], "telegrambot");
    assert_eq!(c["sessionStatus"], 20);
    assert!(c["log"][0]["date"].is_i64());
    assert_eq!(c["log"][0]["authorName"], "Ксения Лебедева");
}

/// Pins the deal list's scenario (sim/README.md, seed): 38 deals wait in «Предпродажа» at
/// «Сделка успешна» (32 of them new, 201–236), with chats in four channels, and the cases a
/// hand-over cannot take as they are.
#[tokio::test]
async fn the_seed_holds_the_deal_lists_scenario() {
    let sim = Sim::new();
    let state = sim.state_json().await;
    let deals = state["deals"].as_array().unwrap();
    let waiting: Vec<u64> = deals
        .iter()
        .filter(|d| d["categoryId"] == 0 && d["stageId"] == "WON")
        .map(|d| d["id"].as_u64().unwrap())
        .collect();
    assert_eq!(waiting.len(), 38);
    assert_eq!(waiting.iter().filter(|id| **id > 200).count(), 32);
    let chats = state["chats"].as_array().unwrap();
    let of = |deal: u64| -> Vec<&serde_json::Value> {
        chats.iter().filter(|c| c["dealId"] == deal).collect()
    };
    let mut channels: Vec<&str> = chats
        .iter()
        .map(|c| c["connectorTitle"].as_str().unwrap())
        .collect();
    channels.sort_unstable();
    channels.dedup();
    assert_eq!(channels, ["Telegram", "WhatsApp", "Авито", "ВКонтакте"]);
    assert!(of(205).is_empty() && of(219).is_empty(), "no chat");
    assert_eq!(of(208)[0]["sessionStatus"], 60, "closed");
    assert_eq!(of(208)[0]["owner"], 0);
    assert_eq!(deal(&state, 211)["assignedById"], 2);
    assert_eq!(of(211)[0]["owner"], 3, "another operator's chat");
    assert_eq!(of(214)[0]["sessionStatus"], 50, "waiting for the client");
    assert_eq!(of(214)[0]["owner"], 2);
    assert_eq!(of(217)[0]["owner"], 0, "still in the queue");
    assert_eq!(of(217)[0]["members"], json!([617]));
    assert_eq!(deal(&state, 203)["stageId"], "EXECUTING", "another stage");
    assert_eq!(of(224).len(), 2, "two chats");
    let chat_2001 = chat(&state, 2001);
    assert_eq!(chat_2001["dealId"], 201);
    assert_eq!(chat_2001["sessionId"], 3001);
    assert_eq!(chat_2001["client"]["id"], 601);
    assert_eq!(deal(&state, 201)["contactId"], 301);
    assert_eq!(state["lines"][4]["active"], false);
}

/// Pins `/__sim/deals/generate`: N deals with open chats above the seeded ids, in the asked
/// pipeline and stage; bad requests in the portal's error shape.
#[tokio::test]
async fn generated_deals_with_chats() {
    let sim = Sim::new();
    let r = sim
        .control("/__sim/deals/generate", json!({ "count": 20 }))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["deals"].as_array().unwrap().len(), 20);
    assert_eq!(r.json["deals"][0], 1001);
    assert_eq!(r.json["chats"][19], 5020);
    let t = sim.token(2).await;
    let listed = sim
        .call(
            &t,
            "crm.item.list",
            json!({ "entityTypeId": 2, "select": ["id"],
                    "filter": { "categoryId": 0, "@stageId": ["WON"] } }),
        )
        .await;
    assert_eq!(listed.json["total"], 37 + 20, "{}", listed.text);
    assert_eq!(listed.json["next"], 50);
    let chats = sim
        .call(
            &t,
            "imopenlines.crm.chat.get",
            json!({ "CRM_ENTITY_TYPE": "DEAL", "CRM_ENTITY": 1001 }),
        )
        .await;
    assert_eq!(chats.result()[0]["CHAT_ID"], "5001");
    let r = sim
        .control(
            "/__sim/deals/generate",
            json!({ "count": 2, "categoryId": 3, "stageId": "C3:NEW", "assignedById": 4, "chats": false }),
        )
        .await;
    assert_eq!(r.json, json!({ "deals": [1021, 1022], "chats": [] }));
    for bad in [
        json!({ "count": 0 }),
        json!({ "count": 1, "stageId": "C3:NEW" }),
        json!({}),
    ] {
        let r = sim.control("/__sim/deals/generate", bad.clone()).await;
        assert_eq!(r.error(400), "INVALID_REQUEST", "{bad}");
    }
}

#[tokio::test]
async fn app_options_only_for_an_admin() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    let olga = sim.token(2).await;
    let r = sim
        .control(
            "/__sim/app-options",
            json!({ "access_token": admin, "name": "rules", "value": { "from": 0, "to": 3 } }),
        )
        .await;
    assert_eq!(r.json["rules"], json!({ "from": 0, "to": 3 }));
    assert!(
        r.json["handover_rules"].is_string(),
        "the seeded option stays"
    );
    let r = sim
        .control(
            "/__sim/app-options",
            json!({ "access_token": olga, "name": "x", "value": 1 }),
        )
        .await;
    // As the portal's set_option action answers a non-admin: HTTP 200, nothing stored.
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({ "error": "access_denied" }));
    let options = &sim.state_json().await["appOptions"];
    assert_eq!(options["rules"]["to"], 3);
    assert!(options.get("x").is_none(), "{options}");
}

#[tokio::test]
async fn every_issued_token_is_listed_until_reset() {
    let sim = Sim::new();
    let minted = sim.control("/__sim/auth", json!({ "userId": 2 })).await;
    let refreshed = sim
        .control(
            "/__sim/auth/refresh",
            json!({ "refresh_token": minted.json["refresh_token"] }),
        )
        .await;
    let listed = sim.get("/__sim/tokens").await.json;
    for answer in [&minted.json, &refreshed.json] {
        let access = &answer["access_token"];
        let refresh = &answer["refresh_token"];
        assert!(
            listed["access"].as_array().unwrap().contains(access),
            "{listed}"
        );
        assert!(
            listed["refresh"].as_array().unwrap().contains(refresh),
            "{listed}"
        );
    }
    assert_eq!(listed["access"].as_array().map(Vec::len), Some(2));
    sim.control("/__sim/reset", json!({})).await;
    assert_eq!(
        sim.get("/__sim/tokens").await.json,
        json!({ "access": [], "refresh": [] })
    );
}

#[tokio::test]
async fn chat_message_appends_to_the_log() {
    let sim = Sim::new();
    let r = sim
        .control(
            "/__sim/chat/message",
            json!({ "chatId": 1006, "text": "Когда доставка?" }),
        )
        .await;
    assert_eq!(r.json["authorId"], 506);
    let state = sim.state_json().await;
    let log = chat(&state, 1006)["log"].as_array().unwrap().clone();
    assert_eq!(log.last().unwrap()["text"], "Когда доставка?");
    let bad = sim
        .control("/__sim/chat/message", json!({ "chatId": 1, "text": "x" }))
        .await;
    assert_eq!(bad.error(404), "NOT_FOUND");
}

// The latency is measured on the runtime's paused clock: the simulator's sleep advances it, so
// the test waits for nothing real.
#[tokio::test(start_paused = true)]
async fn config_latency_delays_every_rest_request() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control("/__sim/config", json!({ "latencyMs": 120 }))
        .await;
    let started = tokio::time::Instant::now();
    assert_eq!(sim.call(&t, "user.current", json!({})).await.status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(120));
}

#[tokio::test]
async fn users_can_be_deactivated_and_user_get_says_so() {
    let sim = Sim::new();
    let r = sim
        .control("/__sim/users/4", json!({ "active": false }))
        .await;
    assert_eq!(r.json, json!({ "id": 4, "active": false }));
    let t = sim.token(1).await;
    let users = sim.call(&t, "user.get", json!({ "ID": 4 })).await;
    assert_eq!(users.json["result"][0]["ACTIVE"], false);
    let missing = sim
        .control("/__sim/users/999", json!({ "active": false }))
        .await;
    assert_eq!(missing.error(404), "NOT_FOUND");
}

/// Pins: a session set to 50 (waiting for the client) keeps its owner and session and drops out
/// of `ACTIVE_ONLY=Y` but can still be transferred, as bitrix24-rest.md §9 says; closing through
/// the control API leaves the chat as `Chat::close` does.
#[tokio::test]
async fn an_open_session_waits_for_the_client() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let set = sim
        .control(
            "/__sim/chat/session",
            json!({ "chatId": 1001, "status": 50 }),
        )
        .await;
    assert_eq!(set.json["sessionStatus"], 50);
    let state = sim.state_json().await;
    let c = chat(&state, 1001);
    assert_eq!(c["owner"], 2);
    assert_eq!(c["sessionId"], 2001);
    let active = sim
        .call(
            &t,
            "imopenlines.crm.chat.get",
            json!({ "CRM_ENTITY_TYPE": "DEAL", "CRM_ENTITY": 101, "ACTIVE_ONLY": "Y" }),
        )
        .await;
    assert_eq!(active.result(), &json!([]));
    let all = sim
        .call(
            &t,
            "imopenlines.crm.chat.get",
            json!({ "CRM_ENTITY_TYPE": "DEAL", "CRM_ENTITY": 101, "ACTIVE_ONLY": "N" }),
        )
        .await;
    assert_eq!(all.result()[0]["CHAT_ID"], "1001");
    // Still open: a transfer takes effect (a closed session's would not).
    let moved = sim
        .call(
            &t,
            "imopenlines.operator.transfer",
            json!({ "CHAT_ID": 1001, "TRANSFER_ID": 4 }),
        )
        .await;
    assert_eq!(moved.result(), &json!(true));
    assert_eq!(chat(&sim.state_json().await, 1001)["owner"], 4);

    let closing = sim
        .control(
            "/__sim/chat/session",
            json!({ "chatId": 1001, "status": 60 }),
        )
        .await;
    assert_eq!(closing.json["sessionStatus"], 60);
    // Closed as `Chat::close` leaves it: no owner, no operator among the members, and a
    // transfer answers true and changes nothing (bitrix24-rest.md §8).
    let c = chat(&sim.state_json().await, 1001).clone();
    assert_eq!(c["owner"], 0);
    assert_eq!(c["members"], json!([501]));
    let admin = sim.token(1).await;
    let moved = sim
        .call(
            &admin,
            "imopenlines.operator.transfer",
            json!({ "CHAT_ID": 1001, "TRANSFER_ID": 5 }),
        )
        .await;
    assert_eq!(moved.result(), &json!(true));
    assert_eq!(chat(&sim.state_json().await, 1001)["owner"], 0);
}
