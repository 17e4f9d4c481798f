//! batch (§6, §8): command forms, references, halt, the 50 limit, nesting, the maps.

use serde_json::{json, Value};

use crate::common::Sim;

#[tokio::test]
async fn object_cmd_with_query_strings_and_references() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "cmd": {
                "deal": "crm.item.get?entityTypeId=2&id=101",
                "stages": "crm.status.list?filter[ENTITY_ID]=DEAL_STAGE_$result[deal][item][categoryId]",
                "who": "user.get?ID=$result[deal][item][assignedById]",
                "me": { "method": "user.current", "params": {} },
            }}),
        )
        .await;
    let result = &r.result()["result"];
    assert_eq!(result["deal"]["item"]["id"], 101);
    // Inline reference: scalar substituted inside a longer string. Pipeline 0 has no
    // DEAL_STAGE_0 entity, so that list is empty, but it ran.
    assert_eq!(result["stages"], json!([]));
    assert_eq!(result["who"][0]["ID"], "2");
    assert_eq!(result["me"]["ID"], "2");
    assert_eq!(r.result()["result_error"], json!([]));
    assert_eq!(r.result()["result_total"]["who"], 1);
    assert!(r.result()["result_time"]["deal"]["duration"].is_number());
    assert_eq!(r.result()["result_next"], json!([]));
}

#[tokio::test]
async fn exact_reference_passes_raw_values_even_arrays() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "cmd": [
                { "method": "crm.item.get", "params": { "entityTypeId": 2, "id": 105 } },
                { "method": "user.get", "params": { "FILTER": { "ID": "$result[0][item][assignedById]" } } },
                { "method": "user.get", "params": { "FILTER": { "ID": "$result[0][item][contactIds]" } } },
            ]}),
        )
        .await;
    let result = &r.result()["result"];
    assert!(result.is_array(), "a list cmd gives list maps: {}", r.text);
    assert_eq!(result[1][0]["ID"], "4");
    // contactIds is [205]: the raw array reached the filter (no user 205).
    assert_eq!(result[2], json!([]));
}

/// Pins `CRestUtil::processBatchElement` on a missing key: the deepest value that exists is
/// passed on (an enclosing array, or the whole result map), never the reference's text. The
/// widget's load asks for a second and third chat of every deal this way.
#[tokio::test]
async fn a_reference_to_a_missing_key_passes_the_deepest_value_that_exists() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "cmd": {
                "me": "user.current",
                "chats": "imopenlines.crm.chat.get?CRM_ENTITY_TYPE=DEAL&CRM_ENTITY=101&ACTIVE_ONLY=N",
                "dialog0": "imopenlines.dialog.get?CHAT_ID=$result[chats][0][CHAT_ID]",
                "dialog1": "imopenlines.dialog.get?CHAT_ID=$result[chats][1][CHAT_ID]",
                "operator1": "user.get?FILTER[ID]=$result[dialog1][owner]",
                "mine": "user.get?FILTER[ID]=$result[me][NO_SUCH_FIELD]",
                "inline": "user.get?FILTER[NAME]=x$result[chats][1][CHAT_ID]",
            }}),
        )
        .await;
    let b = r.result();
    assert_eq!(b["result"]["dialog0"]["id"], 1001);
    // CHAT_ID got the one-chat list, which PHP's (int) reads as 1: no such dialog.
    assert_eq!(b["result_error"]["dialog1"]["error"], "ACCESS_ERROR");
    // FILTER[ID] got the whole result map: no user has such an id.
    assert_eq!(b["result"]["operator1"], json!([]));
    // FILTER[ID] got the user.current object: its values are the ids asked for, its ID 2 among
    // them (and ACTIVE, true, reads as "1"); the reference's text would have matched no one.
    let ids: Vec<&Value> = b["result"]["mine"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["ID"])
        .collect();
    assert_eq!(ids, [&json!("1"), &json!("2")]);
    // Inside a longer string an array is not substituted: the text stays.
    assert_eq!(b["result"]["inline"], json!([]));
}

#[tokio::test]
async fn halt_stops_after_the_first_error_and_later_commands_are_absent() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let cmd = json!({
        "a": "user.current",
        "b": "crm.item.get?entityTypeId=2&id=999",
        "c": "user.current",
    });
    // PHP truthiness: the string "false" is true.
    let r = sim
        .call(&t, "batch", json!({ "cmd": cmd, "halt": "false" }))
        .await;
    let b = r.result();
    assert_eq!(b["result"]["a"]["ID"], "2");
    assert_eq!(b["result_error"]["b"]["error"], "NOT_FOUND");
    for map in [
        "result",
        "result_error",
        "result_time",
        "result_total",
        "result_next",
    ] {
        assert!(b[map].get("c").is_none(), "{map} has c: {}", r.text);
    }
    // "0" is false: everything runs.
    let r = sim
        .call(&t, "batch", json!({ "cmd": cmd, "halt": "0" }))
        .await;
    assert_eq!(r.result()["result"]["c"]["ID"], "2");
}

#[tokio::test]
async fn more_than_fifty_commands_each_extra_gets_its_own_error() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let cmd: serde_json::Map<String, Value> = (0..53)
        .map(|i| (format!("k{i}"), json!("user.current")))
        .collect();
    let r = sim.call(&t, "batch", json!({ "cmd": cmd })).await;
    assert_eq!(r.status, 200);
    let b = r.result();
    assert_eq!(b["result"].as_object().unwrap().len(), 50);
    let errors = b["result_error"].as_object().unwrap();
    assert_eq!(errors.len(), 3);
    for key in ["k50", "k51", "k52"] {
        assert_eq!(errors[key]["error"], "ERROR_BATCH_LENGTH_EXCEEDED");
    }
}

#[tokio::test]
async fn nested_batch_is_refused_and_http_stays_200() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "cmd": { "inner": "batch?cmd[x]=user.current", "bad": "no.such" } }),
        )
        .await;
    assert_eq!(r.status, 200);
    let errors = &r.result()["result_error"];
    assert_eq!(errors["inner"]["error"], "ERROR_BATCH_METHOD_NOT_ALLOWED");
    assert_eq!(errors["bad"]["error"], "ERROR_METHOD_NOT_FOUND");
    assert_eq!(r.result()["result"], json!([]));
}

#[tokio::test]
async fn form_encoded_batch_with_nested_keys_as_the_classic_sdk_sends() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    // cmd values are URL-encoded twice in a query-string batch.
    let inner = "crm.item.update?entityTypeId=2&id=104&fields%5BcategoryId%5D=3&fields%5BstageId%5D=C3%3ANEW";
    let body = format!(
        "auth={t}&halt=0&cmd%5Bmove%5D={}&cmd%5Bcheck%5D={}",
        urlencode(inner),
        urlencode("crm.item.get?entityTypeId=2&id=104")
    );
    let r = sim
        .post("/rest/batch.json", Some("text/plain"), &body)
        .await;
    let b = &r.result()["result"];
    assert_eq!(b["move"]["item"]["stageId"], "C3:NEW");
    assert_eq!(b["check"]["item"]["categoryId"], 3);
    let keys: Vec<&String> = b.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["move", "check"], "commands run in the order given");
}

#[tokio::test]
async fn batch_is_one_log_entry_with_its_commands_and_keys_are_case_insensitive() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.call(
        &t,
        "batch",
        json!({ "CMD": { "a": "user.current", "b": "crm.deal.get?id=101" } }),
    )
    .await;
    let log = sim.requests().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["method"], "batch");
    assert_eq!(log[0]["commands"], json!(["user.current", "crm.deal.get"]));
}

#[tokio::test]
async fn empty_batch_has_empty_maps() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim.call(&t, "batch", json!({})).await;
    assert_eq!(
        r.result(),
        &json!({"result": [], "result_error": [], "result_total": [], "result_next": [], "result_time": []})
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
