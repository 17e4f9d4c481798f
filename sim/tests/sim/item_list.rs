//! crm.item.list (`api-reference/crm/universal/crm-item-list.md`, crm `Controller\Item::
//! listAction`, rest `Engine\RestManager`): filter, select, order, pages, errors, and in a batch
//! with `$result` references. Expectations are read from `/__sim/state`, so they hold for any
//! seed.

use serde_json::{json, Value};

use crate::common::Sim;

/// The ids of the seed's deals that match `keep`, readable by `user`, ascending.
async fn deal_ids(sim: &Sim, user: u64, keep: impl Fn(&Value) -> bool) -> Vec<u64> {
    let state = sim.state_json().await;
    let mut ids: Vec<u64> = state["deals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["readers"].is_null() || d["readers"].as_array().unwrap().iter().any(|r| r == user)
        })
        .filter(|d| keep(d))
        .map(|d| d["id"].as_u64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

/// crm.item.list as `token`'s user.
async fn list(sim: &Sim, token: &str, params: Value) -> crate::common::Reply {
    sim.call(token, "crm.item.list", params).await
}

fn ids(result: &Value) -> Vec<u64> {
    result["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {result}"))
        .iter()
        .map(|i| i["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn filter_on_pipeline_and_a_list_of_stages_as_the_queue_reads_it() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = list(
        &sim,
        &t,
        json!({
            "entityTypeId": 2,
            "select": ["id", "title", "categoryId", "stageId", "assignedById"],
            "filter": { "=categoryId": 0, "@stageId": ["WON"] },
            "order": { "id": "ASC" },
        }),
    )
    .await;
    let want = deal_ids(&sim, 2, |d| d["categoryId"] == 0 && d["stageId"] == "WON").await;
    assert!(!want.is_empty());
    let page: Vec<u64> = want.iter().copied().take(50).collect();
    assert_eq!(ids(r.result()), page);
    assert_eq!(r.json["total"], want.len());
    assert!(
        !ids(r.result()).contains(&107),
        "a deal the caller may not read is left out"
    );
    let first = &r.result()["items"][0];
    // Only the selected fields, camelCase, in the item's own order (`array_intersect_key`).
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["id", "assignedById", "title", "categoryId", "stageId"]
    );
    assert!(first["id"].is_number() && first["categoryId"].is_number());
    // The owner of 107 sees it.
    let five = sim.token(5).await;
    let r = list(
        &sim,
        &five,
        json!({ "entityTypeId": 2, "filter": { "@stageId": ["WON"], "categoryId": "0" } }),
    )
    .await;
    assert!(ids(r.result()).contains(&107));
}

#[tokio::test]
async fn select_star_gives_the_item_exactly_as_item_get() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let got = sim
        .call(&t, "crm.item.get", json!({ "entityTypeId": 2, "id": 105 }))
        .await;
    for select in [json!(["*"]), Value::Null] {
        let mut params = json!({ "entityTypeId": 2, "filter": { "id": 105 } });
        if !select.is_null() {
            params["select"] = select.clone();
        }
        let r = list(&sim, &t, params).await;
        assert_eq!(
            r.result()["items"][0],
            got.result()["item"],
            "select {select}"
        );
        assert_eq!(r.json["total"], 1);
        assert!(r.json.get("next").is_none());
    }
    // Upper-case names select too; unknown ones are dropped.
    let r = list(
        &sim,
        &t,
        json!({ "entityTypeId": 2, "select": ["ID", "STAGE_ID", "noSuchField"],
                    "filter": { "ID": 105 } }),
    )
    .await;
    assert_eq!(
        r.result()["items"][0],
        json!({ "id": 105, "stageId": "C3:NEW" })
    );
}

#[tokio::test]
async fn filter_prefixes_and_logic() {
    let sim = Sim::new();
    let t = sim.token(1).await;
    let matching = |filter: Value| {
        let sim = &sim;
        let t = t.clone();
        async move {
            let r = list(
                sim,
                &t,
                json!({ "entityTypeId": 2, "select": ["id"], "filter": filter }),
            )
            .await;
            ids(r.result())
        }
    };
    let all = deal_ids(&sim, 1, |_| true).await;
    let won = deal_ids(&sim, 1, |d| d["stageId"] == "WON").await;
    let not_won = deal_ids(&sim, 1, |d| d["stageId"] != "WON").await;
    assert_eq!(
        matching(json!({ "!stageId": "WON" })).await[..],
        not_won[..not_won.len().min(50)]
    );
    assert_eq!(
        matching(json!({ "!=stageId": "WON" })).await,
        matching(json!({ "!stageId": "WON" })).await
    );
    assert_eq!(
        matching(json!({ "!@stageId": ["WON"] })).await,
        matching(json!({ "!stageId": "WON" })).await
    );
    assert_eq!(
        matching(json!({ "stageId": ["WON"] })).await[..],
        won[..won.len().min(50)],
        "a list under a plain key is IN"
    );
    assert_eq!(
        matching(json!({ ">=id": 103, "<=id": 105 })).await,
        [103, 104, 105]
    );
    assert_eq!(matching(json!({ ">id": 103, "<id": 105 })).await, [104]);
    assert_eq!(
        matching(json!({ "><id": [102, 104] })).await,
        [102, 103, 104]
    );
    assert_eq!(matching(json!({ "%title": "лебедева" })).await, [104]);
    assert_eq!(matching(json!({ "=%title": "Кухня на%" })).await, [101]);
    assert_eq!(
        matching(json!({ "!%title": "а" })).await,
        [106],
        "the one title with no Cyrillic «а»"
    );
    assert_eq!(matching(json!({ "@id": [] })).await, Vec::<u64>::new());
    assert_eq!(
        matching(json!({ "0": { "logic": "OR", "0": { "id": 101 }, "1": { "id": 105 } } })).await,
        [101, 105]
    );
    assert_eq!(matching(json!({})).await[..], all[..all.len().min(50)]);
}

#[tokio::test]
async fn order_by_any_field_either_direction() {
    let sim = Sim::new();
    let t = sim.token(1).await;
    let r = list(
        &sim,
        &t,
        json!({ "entityTypeId": 2, "select": ["id"], "filter": { "@id": [101, 104, 105] },
                    "order": { "ID": "desc" } }),
    )
    .await;
    assert_eq!(ids(r.result()), [105, 104, 101]);
    let r = list(
        &sim,
        &t,
        json!({ "entityTypeId": 2, "select": ["id"], "filter": { "@id": [101, 104, 105] },
                    "order": { "categoryId": "DESC", "opportunity": "ASC" } }),
    )
    .await;
    // 105 is in pipeline 3; 104 (95 000) before 101 (350 000).
    assert_eq!(ids(r.result()), [105, 104, 101]);
}

#[tokio::test]
async fn documented_errors() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let cases = [
        (
            json!({ "entityTypeId": 999 }),
            "NOT_FOUND",
            "Smart process not found",
        ),
        (
            json!({ "select": ["id"] }),
            "INVALID_ARG_VALUE",
            "Could not find value for parameter {entityTypeId}",
        ),
        (
            json!({ "entityTypeId": 2, "filter": { "@noSuchField": [1] } }),
            "INVALID_ARG_VALUE",
            "Invalid filter: field 'NO_SUCH_FIELD' is not allowed in filter",
        ),
        (
            json!({ "entityTypeId": 2, "filter": { "@stageId": "WON" } }),
            "INVALID_ARG_VALUE",
            "Invalid filter: field 'STAGE_ID' has invalid value",
        ),
        (
            json!({ "entityTypeId": 2, "filter": { ">id": [1, 2] } }),
            "INVALID_ARG_VALUE",
            "Invalid filter: field 'ID' has invalid value",
        ),
        (
            json!({ "entityTypeId": 2, "order": { "noSuchField": "ASC" } }),
            "INVALID_ARG_VALUE",
            "Invalid order: field 'NO_SUCH_FIELD' is not allowed in order",
        ),
        (
            json!({ "entityTypeId": 2, "order": { "id": "UP" } }),
            "INVALID_ARG_VALUE",
            "Invalid order: allowed sort directions are ASC, DESC. But got 'UP' for field 'ID'",
        ),
    ];
    for (params, code, text) in cases {
        let r = list(&sim, &t, params.clone()).await;
        assert_eq!(r.error(400), code, "{params}");
        assert_eq!(r.json["error_description"], text, "{params}");
    }
    // Another CRM type exists but holds no items here.
    let leads = list(&sim, &t, json!({ "entityTypeId": 1 })).await;
    assert_eq!(leads.result(), &json!({ "items": [] }));
    assert_eq!(leads.json["total"], 0);
}

/// Pins the references the deal-list queue uses: per page, the deals, then each deal's chats
/// by `$result[page][items][i][id]` — a reference to an item past the page's end reaches the
/// items list (the deepest value that exists), as `CRestUtil::processBatchElement` walks it.
#[tokio::test]
async fn in_a_batch_the_items_feed_later_commands_by_reference() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim
        .call(
            &t,
            "batch",
            json!({ "halt": 0, "cmd": {
                "page": "crm.item.list?entityTypeId=2&select[]=id&select[]=title&filter[categoryId]=0&filter[@stageId][]=WON&order[id]=ASC&start=0",
                "chats0": "imopenlines.crm.chat.get?CRM_ENTITY_TYPE=deal&CRM_ENTITY=$result[page][items][0][id]&ACTIVE_ONLY=N",
                "deal0": { "method": "crm.item.get",
                           "params": { "entityTypeId": 2, "id": "$result[page][items][0][id]" } },
                "dialog0": "imopenlines.dialog.get?CHAT_ID=$result[chats0][0][CHAT_ID]",
                "past": { "method": "user.get",
                          "params": { "FILTER": { "ID": "$result[page][items][999][id]" } } },
            }}),
        )
        .await;
    let body = r.result();
    let result = &body["result"];
    let first = result["page"]["items"][0]["id"].as_u64().unwrap();
    assert_eq!(first, 101);
    assert_eq!(result["chats0"][0]["CHAT_ID"], "1001");
    assert_eq!(result["deal0"]["item"]["id"], first);
    assert_eq!(result["dialog0"]["id"], 1001);
    assert!(result["dialog0"]["entity_data_2"]
        .as_str()
        .unwrap()
        .ends_with("|DEAL|101"));
    // The list's total and next land in the batch's maps.
    let want = deal_ids(&sim, 2, |d| d["categoryId"] == 0 && d["stageId"] == "WON").await;
    assert_eq!(body["result_total"]["page"], want.len());
    assert_eq!(body["result_error"], json!([]), "{}", r.text);
    // Past the end: the whole items list reached user.get's filter, which matched nobody.
    assert_eq!(result["past"], json!([]));
}

#[tokio::test]
async fn start_minus_one_counts_nothing() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = list(
        &sim,
        &t,
        json!({ "entityTypeId": 2, "select": ["id"], "start": -1 }),
    )
    .await;
    assert!(!ids(r.result()).is_empty());
    assert!(r.json.get("total").is_none(), "{}", r.text);
    assert!(r.json.get("next").is_none(), "{}", r.text);
}
