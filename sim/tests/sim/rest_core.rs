//! Envelope, CORS, parameters, auth, rate limit, request log (§6, §7, §8 "REST core").

use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::common::Sim;

#[tokio::test]
async fn success_envelope_has_result_and_time() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(r.result()["ID"], "2");
    let time = &r.json["time"];
    for key in [
        "start",
        "finish",
        "duration",
        "processing",
        "date_start",
        "date_finish",
        "operating_reset_at",
        "operating",
    ] {
        assert!(!time[key].is_null(), "time.{key} missing: {}", r.text);
    }
    assert!(time["date_start"].as_str().unwrap().ends_with("+03:00"));
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}

#[tokio::test]
async fn every_answer_carries_cors_headers_and_preflight_is_200() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let ok = sim.call(&t, "user.current", json!({})).await;
    let not_found = sim.call(&t, "no.such.method", json!({})).await;
    let no_auth = sim.post("/rest/user.current.json", None, "").await;
    let preflight = sim
        .send(
            Request::options("/rest/crm.item.get.json")
                .header("origin", "http://127.0.0.1:1")
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(preflight.status, 200);
    for r in [&ok, &not_found, &no_auth, &preflight] {
        assert_eq!(r.headers["access-control-allow-origin"], "*", "{r:?}");
        assert_eq!(
            r.headers["access-control-allow-headers"],
            "origin, content-type, accept"
        );
    }
    // Preflights are not requests in the log.
    assert_eq!(sim.requests().await.len(), 3);
}

#[tokio::test]
async fn unknown_method_is_404_method_not_found() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let r = sim.call(&t, "crm.deal.fly", json!({})).await;
    assert_eq!(r.error(404), "ERROR_METHOD_NOT_FOUND");
    assert_eq!(r.json["error_description"], "Method not found!");
}

#[tokio::test]
async fn method_names_are_case_insensitive_with_or_without_json() {
    let sim = Sim::new();
    let t = sim.token(3).await;
    for uri in [
        format!("/rest/USER.Current.json?auth={t}"),
        format!("/rest/user.current?auth={t}"),
        format!("/rest/user.current.JSON?auth={t}"),
    ] {
        let r = sim.get(&uri).await;
        assert_eq!(r.result()["ID"], "3", "{uri}");
    }
}

#[tokio::test]
async fn auth_errors() {
    let sim = Sim::new();
    let missing = sim.post("/rest/user.current.json", None, "").await;
    assert_eq!(missing.error(401), "NO_AUTH_FOUND");
    assert_eq!(
        missing.json["error_description"],
        "Wrong authorization data"
    );

    let unknown = sim.call("nope", "user.current", json!({})).await;
    assert_eq!(unknown.error(401), "NO_AUTH_FOUND");

    let t = sim.token(2).await;
    sim.control("/__sim/auth/expire", json!({ "access_token": t }))
        .await;
    let expired = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(expired.error(401), "expired_token");
    assert_eq!(
        expired.json["error_description"],
        "The access token provided has expired"
    );
    // Another user's token is untouched.
    let other = sim.token(3).await;
    assert_eq!(
        sim.call(&other, "user.current", json!({})).await.status,
        200
    );
}

#[tokio::test]
async fn token_from_bearer_auth_or_access_token() {
    let sim = Sim::new();
    let t = sim.token(4).await;
    let bearer = sim
        .send(
            Request::post("/rest/user.current.json")
                .header("authorization", format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bearer.result()["ID"], "4");
    let access = sim
        .get(&format!("/rest/user.current.json?access_token={t}"))
        .await;
    assert_eq!(access.result()["ID"], "4");
    // A bearer header wins over a wrong `auth`.
    let both = sim
        .send(
            Request::post("/rest/user.current.json?auth=wrong")
                .header("authorization", format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(both.status, 200);
}

#[tokio::test]
async fn refresh_gives_a_working_pair_and_rejects_unknown_tokens() {
    let sim = Sim::new();
    let first = sim.control("/__sim/auth", json!({ "userId": 1 })).await;
    assert_eq!(first.json["expires_in"], 3600);
    assert_eq!(first.json["domain"], "127.0.0.1:9");
    assert!(first.json["member_id"].is_string());
    let refreshed = sim
        .control(
            "/__sim/auth/refresh",
            json!({ "refresh_token": first.json["refresh_token"] }),
        )
        .await;
    let t = refreshed.json["access_token"].as_str().unwrap();
    assert_eq!(
        sim.call(t, "user.current", json!({})).await.result()["ID"],
        "1"
    );
    let bad = sim
        .control("/__sim/auth/refresh", json!({ "refresh_token": "x" }))
        .await;
    assert_eq!(bad.error(400), "invalid_grant");
}

#[tokio::test]
async fn form_json_and_text_plain_bodies_are_all_read() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let form = format!("auth={t}&entityTypeId=2&id=101");
    for ct in [
        Some("application/x-www-form-urlencoded"),
        Some("text/plain;charset=UTF-8"),
        None,
    ] {
        let r = sim.post("/rest/crm.item.get.json", ct, &form).await;
        assert_eq!(r.result()["item"]["id"], 101, "content-type {ct:?}");
    }
    let json_body = json!({ "auth": t, "entityTypeId": 2, "id": 101 }).to_string();
    let r = sim
        .post(
            "/rest/crm.item.get.json",
            Some("application/json"),
            &json_body,
        )
        .await;
    assert_eq!(r.result()["item"]["id"], 101);
}

#[tokio::test]
async fn php_nested_form_keys_reach_the_method() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let body = format!(
        "auth={t}&entityTypeId=2&id=102&fields%5BcategoryId%5D=3&fields[stageId]=C3%3APREPARATION"
    );
    let r = sim
        .post("/rest/crm.item.update.json", Some("text/plain"), &body)
        .await;
    assert_eq!(r.result()["item"]["categoryId"], 3);
    assert_eq!(r.result()["item"]["stageId"], "C3:PREPARATION");
}

#[tokio::test]
async fn query_and_body_merge_with_the_body_winning() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let uri = format!("/rest/crm.item.get.json?auth={t}&entityTypeId=2&id=999");
    let r = sim.post(&uri, Some("text/plain"), "id=103").await;
    assert_eq!(r.result()["item"]["id"], 103);
}

#[tokio::test]
async fn malformed_json_gets_the_portal_error_shape() {
    let sim = Sim::new();
    let r = sim
        .post(
            "/rest/user.current.json",
            Some("application/json"),
            "{not json",
        )
        .await;
    assert_eq!(r.error(400), "INVALID_REQUEST");
    assert_eq!(r.headers["access-control-allow-origin"], "*");
    let control = sim
        .post("/__sim/auth", Some("application/json"), "[oops")
        .await;
    assert_eq!(control.error(400), "INVALID_REQUEST");
    let wrong_type = sim.control("/__sim/auth", json!({ "userId": "x" })).await;
    assert_eq!(wrong_type.error(400), "INVALID_REQUEST");
}

#[tokio::test]
async fn leaky_bucket_blocks_above_burst_and_batch_counts_once() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control(
        "/__sim/config",
        json!({ "rateLimit": { "drainPerSec": 0, "burst": 3 } }),
    )
    .await;
    let cmd: Vec<String> = (0..10).map(|_| "user.current".to_string()).collect();
    let batch = sim.call(&t, "batch", json!({ "cmd": cmd })).await;
    assert_eq!(batch.status, 200);
    for _ in 0..2 {
        assert_eq!(sim.call(&t, "user.current", json!({})).await.status, 200);
    }
    let over = sim.call(&t, "user.current", json!({})).await;
    assert_eq!(over.error(503), "QUERY_LIMIT_EXCEEDED");
    assert_eq!(over.json["error_description"], "Too many requests");
}

// Pins the bucket's drain over time, on the runtime's paused clock: advancing it 1/50 s lets one
// more request in, with no real sleep.
#[tokio::test(start_paused = true)]
async fn bucket_drains_over_time() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    sim.control(
        "/__sim/config",
        json!({ "rateLimit": { "drainPerSec": 50, "burst": 1 } }),
    )
    .await;
    assert_eq!(sim.call(&t, "user.current", json!({})).await.status, 200);
    assert_eq!(sim.call(&t, "user.current", json!({})).await.status, 503);
    // Not a moment has passed: still full.
    assert_eq!(sim.call(&t, "user.current", json!({})).await.status, 503);
    // 1 / 50 s drains one request.
    tokio::time::advance(std::time::Duration::from_millis(20)).await;
    assert_eq!(sim.call(&t, "user.current", json!({})).await.status, 200);
}

#[tokio::test]
async fn request_log_has_one_entry_per_request() {
    let sim = Sim::new();
    let t = sim.token(5).await;
    sim.call(&t, "user.current", json!({})).await;
    sim.call(&t, "crm.deal.get", json!({ "id": 101 })).await;
    sim.call(&t, "nope", json!({})).await;
    let log = sim.requests().await;
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["method"], "user.current");
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[0]["userId"], 5);
    assert_eq!(log[2]["error"], "ERROR_METHOD_NOT_FOUND");
    assert_eq!(log[2]["seq"], 3);
    sim.control("/__sim/requests/clear", json!({})).await;
    assert!(sim.requests().await.is_empty());
}

#[tokio::test]
async fn webhook_url_and_wrong_auth_type() {
    let sim = Sim::new();
    let hook = sim
        .control("/__sim/auth", json!({ "userId": 1, "webhook": true }))
        .await;
    let code = hook.json["access_token"].as_str().unwrap();
    let r = sim.get(&format!("/rest/1/{code}/user.current.json")).await;
    assert_eq!(r.result()["ID"], "1");
    let wrong_user = sim.get(&format!("/rest/2/{code}/user.current.json")).await;
    assert_eq!(wrong_user.error(401), "NO_AUTH_FOUND");
    let bind = sim
        .get(&format!(
            "/rest/1/{code}/placement.bind?PLACEMENT=CRM_DEAL_DETAIL_TAB&HANDLER=http://x/"
        ))
        .await;
    assert_eq!(bind.error(403), "WRONG_AUTH_TYPE");
}

/// Regression: odd parameter types and sizes get the portal's answer shape, never a panic.
#[tokio::test]
async fn garbage_parameters_never_crash_any_method() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    sim.control(
        "/__sim/config",
        json!({ "rateLimit": { "drainPerSec": 0, "burst": 10000 } }),
    )
    .await;
    let methods = [
        "batch",
        "user.current",
        "user.get",
        "crm.deal.get",
        "crm.item.get",
        "crm.item.update",
        "crm.category.list",
        "crm.status.list",
        "crm.status.entity.items",
        "crm.dealcategory.stage.list",
        "crm.timeline.comment.add",
        "imopenlines.crm.chat.get",
        "imopenlines.crm.chat.getLastId",
        "imopenlines.dialog.get",
        "imopenlines.config.list.get",
        "imopenlines.config.get",
        "imopenlines.operator.transfer",
        "imopenlines.session.history.get",
        "placement.bind",
        "placement.get",
        "placement.unbind",
    ];
    let big = json!(i64::MAX);
    let params = [
        json!({}),
        json!({ "id": [], "ID": {"a": 1}, "entityTypeId": "2", "fields": "x", "cmd": "x" }),
        json!({ "id": big, "entityTypeId": 2, "fields": { "categoryId": [], "stageId": {}, "assignedById": -1 } }),
        json!({ "CHAT_ID": big, "TRANSFER_ID": 1.5, "USER_ID": [1], "QUEUE_ID": null, "DIALOG_ID": "chatx" }),
        json!({ "CRM_ENTITY_TYPE": ["deal"], "CRM_ENTITY": "1e400", "ACTIVE_ONLY": [] }),
        json!({ "FILTER": 5, "filter": [1, 2], "order": "x", "start": big, "sort": [] }),
        json!({ "PARAMS": [1], "OPTIONS": "Y", "CONFIG_ID": "-3", "SESSION_ID": "x" }),
        json!({ "PLACEMENT": {"x": 1}, "HANDLER": [], "LANG_ALL": "x", "USER_ID": 5 }),
        json!({ "cmd": [ {"method": 5}, [null], "?", "user.get?FILTER[ID][]=$result[0][a]" ], "halt": {} }),
        json!({ "cmd": { "a": "crm.item.get?entityTypeId=2&id=$result[a][item][id]$$$[" } }),
    ];
    for method in methods {
        for p in &params {
            let r = sim.call(&admin, method, p.clone()).await;
            assert!(r.status < 500, "{method} {p}: {}", r.text);
            assert!(r.json.is_object(), "{method} {p}: not JSON: {}", r.text);
            assert!(
                r.json.get("result").is_some() || r.json.get("error").is_some(),
                "{method} {p}: {}",
                r.text
            );
        }
    }
}
