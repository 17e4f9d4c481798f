//! Users (§5) and placements (§2).

use serde_json::json;

use crate::common::{Reply, Sim};

async fn bind(sim: &Sim, token: &str, params: serde_json::Value) -> Reply {
    sim.call(token, "placement.bind", params).await
}

#[tokio::test]
async fn user_get_fields_filters_and_top_level_id() {
    let sim = Sim::new();
    let t = sim.token(2).await;
    let all = sim.call(&t, "user.get", json!({})).await;
    let users = all.result().as_array().unwrap();
    assert_eq!(users.len(), 7);
    assert_eq!(all.json["total"], 7);
    let olga = &users[1];
    assert_eq!(olga["ID"], "2");
    assert_eq!(olga["ACTIVE"], true);
    assert_eq!(olga["NAME"], "Ольга");
    assert_eq!(olga["LAST_NAME"], "Смирнова");
    assert!(olga["PERSONAL_PHOTO"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:9/"));
    assert!(users[0].get("PERSONAL_PHOTO").is_none());
    assert!(users[0].get("IS_ADMIN").is_none());
    assert!(olga["UF_DEPARTMENT"].is_array());
    assert_eq!(users[6]["NAME"], "<img src=x onerror=alert(1)>");

    let active = sim
        .call(&t, "user.get", json!({ "FILTER": { "ACTIVE": "Y" } }))
        .await;
    assert_eq!(active.result().as_array().unwrap().len(), 6);
    let inactive = sim
        .call(&t, "user.get", json!({ "filter": { "ACTIVE": false } }))
        .await;
    assert_eq!(inactive.result()[0]["ID"], "6");
    assert_eq!(inactive.result()[0]["ACTIVE"], false);
    let some = sim
        .call(&t, "user.get", json!({ "FILTER": { "ID": [4, "5"] } }))
        .await;
    assert_eq!(some.result().as_array().unwrap().len(), 2);
    let top = sim.call(&t, "user.get", json!({ "ID": 3 })).await;
    assert_eq!(top.result()[0]["NAME"], "Иван");
    let form = sim
        .get(&format!("/rest/user.get.json?auth={t}&FILTER[ID]=5"))
        .await;
    assert_eq!(form.result()[0]["LAST_NAME"], "Соколов");
}

#[tokio::test]
async fn placement_bind_get_unbind_for_an_admin_app() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    let handler = "http://127.0.0.1:8081/index.html";
    let r = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": handler, "TITLE": "Передача", "OPTIONS": { "x": 1 } }),
    )
    .await;
    assert_eq!(r.result(), &json!(true));
    // The same handler twice: the REST module's answer (the docs list none), nothing added.
    let twice = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": handler }),
    )
    .await;
    assert_eq!(twice.error(400), "ERROR_CORE");
    assert!(twice.json["error_description"]
        .as_str()
        .is_some_and(|d| d.contains("already binded")));
    let list = sim.call(&admin, "placement.get", json!({})).await;
    assert_eq!(list.result()[0]["placement"], "CRM_DEAL_DETAIL_TAB");
    assert_eq!(list.result()[0]["handler"], handler);
    assert_eq!(list.result()[0]["title"], "Передача");
    assert_eq!(list.result()[0]["options"], json!([]));
    let state = sim.state_json().await;
    assert_eq!(state["placements"].as_array().unwrap().len(), 1);
    let gone = sim
        .call(
            &admin,
            "placement.unbind",
            json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB" }),
        )
        .await;
    assert_eq!(gone.result(), &json!({ "count": 1 }));
}

#[tokio::test]
async fn placement_errors() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    let olga = sim.token(2).await;
    let denied = bind(
        &sim,
        &olga,
        json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": "http://x/" }),
    )
    .await;
    assert_eq!(denied.error(403), "ACCESS_DENIED");
    let denied = sim.call(&olga, "placement.get", json!({})).await;
    assert_eq!(denied.error(403), "ACCESS_DENIED");
    let no_handler = bind(&sim, &admin, json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB" })).await;
    assert_eq!(no_handler.error(400), "ERROR_ARGUMENT");
    assert_eq!(no_handler.json["argument"], "HANDLER");
    let no_placement = sim.call(&admin, "placement.unbind", json!({})).await;
    assert_eq!(no_placement.error(400), "ERROR_ARGUMENT");
    let unknown = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "CRM_DEAL_NOWHERE", "HANDLER": "http://x/" }),
    )
    .await;
    assert_eq!(unknown.error(400), "ERROR_PLACEMENT_NOT_FOUND");
}

/// Pins `Placement::bind`'s documented errors as the REST module sends them: `ERROR_ARGUMENT`
/// (with `argument`) and `ERROR_PLACEMENT_MAX_COUNT` are `RestException`s without a status, so
/// HTTP 400 (`lib/restexception.php`; the doc's table says 200) — and HTTP 200 inside a batch,
/// in `result_error`. Nothing is bound by a refused call.
#[tokio::test]
async fn placement_bind_documented_errors() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    let no_placement = bind(&sim, &admin, json!({ "HANDLER": "http://x/" })).await;
    assert_eq!(no_placement.error(400), "ERROR_ARGUMENT");
    assert_eq!(no_placement.json["argument"], "PLACEMENT");
    assert_eq!(
        no_placement.json["error_description"],
        "Argument 'PLACEMENT' is null or empty"
    );
    let default = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "default", "HANDLER": "http://x/" }),
    )
    .await;
    assert_eq!(default.error(400), "ERROR_ARGUMENT");
    assert_eq!(default.json["argument"], "PLACEMENT");
    assert_eq!(default.json["error_description"], "Wrong value");
    let user_mode = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": "http://x/", "USER_ID": 2 }),
    )
    .await;
    assert_eq!(user_mode.error(400), "ERROR_PLACEMENT_USER_MODE");

    let worker = json!({ "PLACEMENT": "PAGE_BACKGROUND_WORKER", "HANDLER": "http://x/w" });
    let first = bind(&sim, &admin, worker.clone()).await;
    assert_eq!(first.result(), &json!(true));
    let mut other = worker.clone();
    other["HANDLER"] = json!("http://x/other");
    let twice = bind(&sim, &admin, other.clone()).await;
    assert_eq!(twice.error(400), "ERROR_PLACEMENT_MAX_COUNT");
    assert_eq!(twice.json["error_description"], "Placement max count: 1");
    other["USER_ID"] = json!(3);
    let for_a_user = bind(&sim, &admin, other).await;
    assert_eq!(
        for_a_user.error(400),
        "ERROR_PLACEMENT_MAX_COUNT",
        "the app-wide handler counts for every user"
    );
    let state = sim.state_json().await;
    assert_eq!(state["placements"].as_array().unwrap().len(), 1);

    let batch = sim
        .call(
            &admin,
            "batch",
            json!({ "cmd": { "again": { "method": "placement.bind", "params": worker } } }),
        )
        .await;
    assert_eq!(batch.status, 200);
    assert_eq!(
        batch.result()["result_error"]["again"]["error"],
        "ERROR_PLACEMENT_MAX_COUNT"
    );

    let webhook = sim
        .control("/__sim/auth", json!({ "userId": 1, "webhook": true }))
        .await;
    let code = webhook.json["access_token"].as_str().unwrap().to_string();
    let r = bind(
        &sim,
        &code,
        json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": "http://x/" }),
    )
    .await;
    assert_eq!(r.error(403), "WRONG_AUTH_TYPE");
    assert_eq!(
        r.json["error_description"],
        "Current authorization type is denied for this method Application context required"
    );
    let olga = sim.token(2).await;
    let r = sim.call(&olga, "placement.get", json!({})).await;
    assert_eq!(r.error(403), "ACCESS_DENIED");
    assert_eq!(r.json["error_description"], "Access denied!");
}

/// Pins the messenger placements as im's `V2\Marketplace\Placement` describes them and rest's
/// `Placement::bind` stores them: every described option from OPTIONS or its default, cast to
/// its type (`width` an int), anything else dropped; `placement.get` gives them back. The deal
/// list's toolbar and row menu bind with no options.
#[tokio::test]
async fn chat_and_deal_list_placements_bind_with_their_options() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    let textarea = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "IM_TEXTAREA", "HANDLER": "http://x/index.html",
                "TITLE": "Передать в продажи",
                "OPTIONS": { "iconName": "fa-handshake-o", "context": "LINES", "width": "420",
                             "height": 560, "color": "GREEN", "junk": 1 } }),
    )
    .await;
    assert_eq!(textarea.result(), &json!(true));
    let sidebar = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "im_sidebar", "HANDLER": "http://x/index.html",
                "OPTIONS": { "iconName": "fa-handshake-o" } }),
    )
    .await;
    assert_eq!(sidebar.result(), &json!(true));
    for code in ["CRM_DEAL_LIST_TOOLBAR", "CRM_DEAL_LIST_MENU"] {
        let r = bind(
            &sim,
            &admin,
            json!({ "PLACEMENT": code, "HANDLER": "http://x/index.html", "OPTIONS": { "a": 1 } }),
        )
        .await;
        assert_eq!(r.result(), &json!(true), "{code}");
    }
    let list = sim.call(&admin, "placement.get", json!({})).await;
    let list = list.result().as_array().unwrap().clone();
    let by = |code: &str| {
        list.iter()
            .find(|p| p["placement"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(
        by("IM_TEXTAREA")["options"],
        json!({ "iconName": "fa-handshake-o", "extranet": "N", "context": "LINES",
                "role": "USER", "color": "GREEN", "width": 420, "height": 560 })
    );
    assert_eq!(
        by("IM_SIDEBAR")["options"],
        json!({ "iconName": "fa-handshake-o", "extranet": "N", "context": "ALL",
                "role": "USER", "color": "" })
    );
    assert_eq!(by("CRM_DEAL_LIST_TOOLBAR")["options"], json!([]));
    assert_eq!(by("CRM_DEAL_LIST_MENU")["options"], json!([]));
}

/// Pins what happens to a chat placement without `iconName` or with bad options: a missing
/// required option is rest's `ArgumentNullException` (ERROR_ARGUMENT, HTTP 400, `argument`), a
/// non-array OPTIONS an `ArgumentTypeException`; a value im's `RegistrationValidator` refuses
/// comes back as the method's *result* `{error, error_description}` with HTTP 200 (`bind`
/// returns the `registerCallback` answer), the last failing check winning. Nothing is bound.
#[tokio::test]
async fn chat_placement_option_errors() {
    let sim = Sim::new();
    let admin = sim.token(1).await;
    let r = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "IM_TEXTAREA", "HANDLER": "http://x/", "OPTIONS": { "context": "LINES" } }),
    )
    .await;
    assert_eq!(r.error(400), "ERROR_ARGUMENT");
    assert_eq!(r.json["argument"], "iconName");
    assert_eq!(
        r.json["error_description"],
        "Argument 'iconName' is null or empty"
    );
    let r = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "IM_SIDEBAR", "HANDLER": "http://x/" }),
    )
    .await;
    assert_eq!(r.json["argument"], "iconName", "no OPTIONS at all");
    let r = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "IM_SIDEBAR", "HANDLER": "http://x/", "OPTIONS": "fa-x" }),
    )
    .await;
    assert_eq!(r.error(400), "ERROR_ARGUMENT");
    assert_eq!(r.json["argument"], "options");
    let refused = [
        (
            json!({ "iconName": "fa-x", "context": "lines" }),
            "INVALID_ERROR_CONTEXT",
        ),
        (
            json!({ "iconName": "fa-x", "context": "LINES;BOTS" }),
            "INVALID_ERROR_CONTEXT",
        ),
        (json!({ "iconName": "123" }), "INVALID_ERROR_ICON_NAME"),
        (
            json!({ "iconName": "fa-x", "extranet": "yes" }),
            "INVALID_ERROR_EXTRANET",
        ),
        (
            json!({ "iconName": "fa-x", "role": "BOSS" }),
            "INVALID_ERROR_ROLE",
        ),
        (
            json!({ "iconName": "fa-x", "color": "teal" }),
            "INVALID_ERROR_COLOR",
        ),
        (
            json!({ "iconName": "fa-x", "width": -5 }),
            "INVALID_ERROR_WIDTH",
        ),
        (
            json!({ "iconName": "fa-x", "role": "BOSS", "color": "teal" }),
            "INVALID_ERROR_COLOR",
        ),
    ];
    for (options, code) in refused {
        let r = bind(
            &sim,
            &admin,
            json!({ "PLACEMENT": "IM_TEXTAREA", "HANDLER": "http://x/", "OPTIONS": options.clone() }),
        )
        .await;
        assert_eq!(r.result()["error"], code, "{options}");
        assert!(r.result()["error_description"].is_string());
    }
    let ok = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "IM_TEXTAREA", "HANDLER": "http://x/",
                "OPTIONS": { "iconName": "fa-x", "context": "LINES;CRM", "role": "ADMIN" } }),
    )
    .await;
    assert_eq!(ok.result(), &json!(true));
    let state = sim.state_json().await;
    assert_eq!(state["placements"].as_array().unwrap().len(), 1);
}

/// Pins which scope brings which placement (`Placement::getPlacementList` over the app's
/// scopes): the CRM ones need `crm`; im describes its placements in the global scope, so they
/// bind without `im`. The token's `scope` is the app's.
#[tokio::test]
async fn placements_follow_the_apps_scopes() {
    let sim = Sim::new();
    let answer = sim.control("/__sim/auth", json!({ "userId": 1 })).await;
    assert_eq!(answer.json["scope"], "crm,imopenlines,im,placement,user");
    sim.control(
        "/__sim/config",
        json!({ "scope": "imopenlines,placement,user" }),
    )
    .await;
    let admin = sim.token(1).await;
    let r = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "CRM_DEAL_LIST_TOOLBAR", "HANDLER": "http://x/" }),
    )
    .await;
    assert_eq!(r.error(400), "ERROR_PLACEMENT_NOT_FOUND");
    let r = bind(
        &sim,
        &admin,
        json!({ "PLACEMENT": "IM_SIDEBAR", "HANDLER": "http://x/", "OPTIONS": { "iconName": "fa-x" } }),
    )
    .await;
    assert_eq!(r.result(), &json!(true));
    let answer = sim.control("/__sim/auth", json!({ "userId": 1 })).await;
    assert_eq!(answer.json["scope"], "imopenlines,placement,user");
}

/// Pins the demo's installed app and the fresh install: a portal started with the widget has
/// every Handover placement bound to its `index.html`; `/__sim/install/fresh` forgets those but
/// keeps what an installer bound; a reset brings the demo's back.
#[tokio::test]
async fn the_demo_seed_binds_every_placement_and_a_fresh_install_forgets_them() {
    let sim = Sim::with_widget();
    let admin = sim.token(1).await;
    let list = sim.call(&admin, "placement.get", json!({})).await;
    let codes: Vec<&str> = list
        .result()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["placement"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "CRM_DEAL_DETAIL_TAB",
            "IM_TEXTAREA",
            "IM_SIDEBAR",
            "CRM_DEAL_LIST_TOOLBAR",
            "CRM_DEAL_LIST_MENU"
        ]
    );
    for p in list.result().as_array().unwrap() {
        assert_eq!(p["handler"], "http://127.0.0.1:10/index.html");
        assert!(p["langAll"]["ru"]["TITLE"].is_string() && p["langAll"]["en"]["TITLE"].is_string());
    }
    assert_eq!(list.result()[1]["options"]["context"], "LINES");
    assert_eq!(
        list.result()[3]["langAll"]["ru"]["TITLE"],
        "Передать в продажи…"
    );
    // The installer's bind of the tab is a duplicate until the fresh install.
    let tab =
        json!({ "PLACEMENT": "CRM_DEAL_DETAIL_TAB", "HANDLER": "http://127.0.0.1:10/index.html" });
    assert_eq!(
        bind(&sim, &admin, tab.clone()).await.error(400),
        "ERROR_CORE"
    );
    let fresh = sim.control("/__sim/install/fresh", json!({})).await;
    assert_eq!(fresh.json["placements"], json!([]));
    assert_eq!(bind(&sim, &admin, tab).await.result(), &json!(true));
    let fresh = sim.control("/__sim/install/fresh", json!({})).await;
    assert_eq!(
        fresh.json["placements"].as_array().unwrap().len(),
        1,
        "what an installer bound stays"
    );
    sim.control("/__sim/reset", json!({})).await;
    assert_eq!(
        sim.state_json().await["placements"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}
