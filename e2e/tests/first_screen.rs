//! The first screen in a real browser: the built widget inside the simulator's deal card, loaded by
//! POST into a named iframe, talking to the portal over the BX24 postMessage protocol and REST.
//! Seed ids: sim/README.md.

use handover_e2e::serde_json::{json, Value};
use handover_e2e::Harness;

/// Pins: the seeded WhatsApp deal shows its channel, line, client and current operator, the deal's
/// pipeline and stage, in ONE REST round trip, with no console errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whatsapp_deal_shows_operator_and_channel_in_one_round_trip() {
    let h = Harness::start().await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("ready")
    );
    assert_eq!(h.text(".deal-pipeline").await, "Предпродажа");
    assert_eq!(h.text(".deal-stage").await, "Сделка успешна");
    assert_eq!(h.count("article.chat").await, 1);
    let chat = "article.chat[data-chat-id='1001']";
    assert_eq!(h.text(&format!("{chat} .chat-channel")).await, "WhatsApp");
    assert!(h
        .text(&format!("{chat} .chat-line"))
        .await
        .contains("WhatsApp — предпродажа"));
    assert!(h
        .text(&format!("{chat} .chat-client"))
        .await
        .contains("Ирина Белова"));
    assert!(h
        .text(&format!("{chat} .chat-operator"))
        .await
        .contains("Ольга Смирнова"));
    assert_eq!(
        h.attr(&format!("{chat} .chat-session"), "data-session")
            .await
            .as_deref(),
        Some("active")
    );
    assert!(!h
        .text(&format!("{chat} .chat-last-message"))
        .await
        .is_empty());

    let rest = h.rest_requests().await;
    assert_eq!(
        rest.len(),
        1,
        "the initial load is one REST request: {rest:?}"
    );
    assert_eq!(rest[0]["method"], "batch");

    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.finish().await;
}

/// Pins: the wasm and the scripts arrive as the build precompressed them. With a `FILE.gz` in
/// dist (a release build), the bytes on the wire are exactly that file, as a host with
/// `gzip_static on;` sends it (the size the bench counts); without one (a quick build), gzipped
/// on the fly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_arrives_as_its_precompressed_files() {
    let h = Harness::start().await;
    h.open_deal(101, 2, "ru").await;
    h.wait_css("#handover[data-state='ready']").await;
    let dist = handover_e2e::dist_dir();
    for name in ["handover_bg.wasm", "handover.js", "app.js", "app.css"] {
        let sizes = h
            .js(&format!(
                "const e = performance.getEntriesByType('resource') \
                   .find(e => e.name.endsWith('/{name}')); \
                 return e ? [e.encodedBodySize, e.decodedBodySize] : null;"
            ))
            .await;
        let [wire, file]: [u64; 2] = handover_e2e::serde_json::from_value(sizes)
            .unwrap_or_else(|e| panic!("{name} fetched: {e}"));
        let raw = std::fs::metadata(dist.join(name)).expect("in dist").len();
        assert_eq!(file, raw, "{name}: the browser got the whole file");
        match std::fs::metadata(dist.join(format!("{name}.gz"))) {
            Ok(gz) => assert_eq!(wire, gz.len(), "{name}: the shipped .gz, as it is"),
            Err(_) => assert!(wire < raw, "{name}: gzipped on the fly ({wire} of {raw} B)"),
        }
    }
    h.finish().await;
}

/// Pins: the host page frames the widget as Bitrix24 does and renders the card beside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deal_card_host_page_shows_the_deal_and_its_chat_log() {
    let h = Harness::start().await;
    h.open_deal(101, 2, "ru").await;
    h.leave_widget().await;
    assert!(h.text("#deal-title").await.contains("Кухня на заказ"));
    assert_eq!(h.text("#deal-pipeline").await, "Предпродажа");
    assert!(h.text("#deal-stage").await.contains("Сделка успешна"));
    assert!(h
        .text(".chat-log[data-chat-id='1001']")
        .await
        .contains("Ирина"));
    let name = h
        .attr("#handover-frame", "name")
        .await
        .expect("the frame is named");
    let parts: Vec<&str> = name.split('|').collect();
    assert_eq!(parts.len(), 3, "name is DOMAIN|PROTOCOL|APP_SID: {name}");
    assert_eq!(parts[0], h.sim.domain);
    assert_eq!(parts[1], "0");
    // The widget asked for its init data and sized its frame.
    let log = h
        .js("return (window.__simHostLog || []).map(e => e.command);")
        .await;
    let commands: Vec<&str> = log
        .as_array()
        .expect("host log")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(commands.contains(&"getInitData"), "{commands:?}");
    assert!(commands.contains(&"resizeWindow"), "{commands:?}");
    h.finish().await;
}

/// Pins: a deal without an open-line chat says so instead of showing an empty tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deal_without_chat_says_so() {
    let h = Harness::start().await;
    h.open_deal(102, 3, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("ready")
    );
    assert_eq!(h.count("article.chat").await, 0);
    assert_eq!(h.count(".notice[data-notice='no-chat']").await, 1);
    assert!(h
        .text(".notice[data-notice='no-chat']")
        .await
        .contains("чат"));
    h.finish().await;
}

/// Pins: a deal with two chats lists both, newest session first. (As the admin: under the
/// default join policy user 2 may not read chat 1004, which another operator holds.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deal_with_two_chats_lists_both_newest_first() {
    let h = Harness::start().await;
    h.open_deal(104, 1, "ru").await;
    let ids = h
        .js("return [...document.querySelectorAll('article.chat')].map(e => e.dataset.chatId);")
        .await;
    assert_eq!(ids, json!(["1005", "1004"]));
    assert_eq!(
        h.text("article.chat[data-chat-id='1005'] .chat-channel")
            .await,
        "Telegram"
    );
    assert!(h
        .text("article.chat[data-chat-id='1004'] .chat-operator")
        .await
        .contains("Иван Петров"));
    assert_eq!(h.rest_requests().await.len(), 1);
    h.finish().await;
}

/// Pins the card's line after a transfer to another line's queue: the portal writes the new line
/// as the 8th field of `entity_data_1` and keeps the one in `entity_id` (imopenlines
/// `Chat::transferToQueue`); the card names the line the chat is on now, not the one it was
/// opened on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_transferred_to_another_lines_queue_shows_that_line() {
    let h = Harness::start().await;
    let moved = h
        .rest_as(
            2,
            "imopenlines.operator.transfer",
            json!({"CHAT_ID": 1001, "TRANSFER_ID": "queue3"}),
        )
        .await;
    assert_eq!(moved["result"], json!(true), "{moved}");
    let state = h.state().await;
    let sim_chat = state["chats"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["chatId"] == 1001))
        .expect("chat 1001");
    assert_eq!(
        (&sim_chat["lineId"], &sim_chat["sessionLineId"]),
        (&json!(1), &json!(3))
    );
    h.sim_post("/__sim/requests/clear", json!({})).await;
    // The admin may read a dialog waiting in any line's queue.
    h.open_deal(101, 1, "ru").await;
    let chat = "article.chat[data-chat-id='1001']";
    let line = h.text(&format!("{chat} .chat-line")).await;
    assert!(line.contains("Отдел продаж"), "{line}");
    assert!(!line.contains("WhatsApp — предпродажа"), "{line}");
    assert_eq!(
        h.attr(&format!("{chat} .chat-session"), "data-session")
            .await
            .as_deref(),
        Some("queued")
    );
    assert_eq!(h.rest_requests().await.len(), 1);
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.finish().await;
}

/// Pins: a chat whose session is closed is shown as closed — to its former operator, who left
/// the chat when it closed and may no longer read it, and to the admin, who reads owner 0 and
/// session 0 (not a dialog waiting in the queue).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_session_is_shown_as_closed() {
    let h = Harness::start().await;
    for user in [3, 1] {
        h.open_deal(103, user, "ru").await;
        assert_eq!(
            h.attr(
                "article.chat[data-chat-id='1003'] .chat-session",
                "data-session"
            )
            .await
            .as_deref(),
            Some("closed"),
            "as user {user}"
        );
    }
    h.finish().await;
}

/// Pins: the UI language follows the portal (BX24.getLang) — English labels, CRM data untouched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_portal_gets_english_labels() {
    let h = Harness::start().await;
    h.open_deal(102, 3, "en").await;
    let notice = h.text(".notice[data-notice='no-chat']").await;
    assert!(notice.to_lowercase().contains("chat"), "{notice}");
    assert!(
        !notice
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_ascii_lowercase())),
        "no Russian in the English notice: {notice}"
    );
    assert_eq!(h.text(".deal-pipeline").await, "Предпродажа");
    h.finish().await;
}

/// Pins: CRM text full of HTML is rendered literally and runs nothing (deal f, operator 7).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_in_crm_names_is_shown_literally() {
    let h = Harness::start().await;
    h.open_deal(106, 1, "ru").await;
    let chat = "article.chat[data-chat-id='1007']";
    assert!(h
        .text(&format!("{chat} .chat-operator"))
        .await
        .contains("<img src=x onerror=alert(1)>"));
    assert!(h
        .text(&format!("{chat} .chat-client"))
        .await
        .contains("<img src=x onerror=alert(\"client\")>"));
    assert_eq!(
        h.js("return document.querySelectorAll('img[src=\"x\"], script:not([src])').length;")
            .await,
        json!(0)
    );
    h.leave_widget().await;
    assert!(h.text("#deal-title").await.contains("<script>"));
    assert_eq!(
        h.js("return document.querySelectorAll('img[src=\"x\"]').length;")
            .await,
        json!(0)
    );
    h.finish().await;
}

/// Pins: a user who may not read the deal gets a clear message, not a blank tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deal_without_access_says_so() {
    let h = Harness::start().await;
    h.open_deal(107, 2, "ru").await;
    assert_eq!(h.count(".alert[data-error='no-access']").await, 1);
    assert!(!h.text(".alert[data-error='no-access']").await.is_empty());
    h.finish().await;
}

/// Pins: a 500 from the portal is reported as a portal error naming what failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_is_reported() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "server_error", "count": 1}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("failed")
    );
    assert_eq!(h.count(".alert[data-error='portal']").await, 1);
    h.finish().await;
}

/// Pins: one 503 `QUERY_LIMIT_EXCEEDED` on the first load is ridden out: the batch goes again
/// after the backoff and the screen loads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_rate_limit_on_the_first_load_still_loads() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "rate_limit", "count": 1}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("ready")
    );
    assert_eq!(
        h.attr("#handover", "data-waiting").await.as_deref(),
        Some("false")
    );
    let log = h.rest_requests().await;
    let statuses: Vec<&Value> = log.iter().map(|r| &r["status"]).collect();
    assert_eq!(statuses, [503, 200], "{log:#?}");
    h.finish().await;
}

/// Pins: a dropped connection is a network error, not an endless spinner. (Chromium itself
/// re-sends a POST whose connection closed without an answer, so the portal drops three.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connection_is_a_network_error() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "drop", "count": 3}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(h.count(".alert[data-error='network']").await, 1);
    h.finish().await;
}

/// Pins: an expired token is renewed once through BX24.refreshAuth and the load goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_token_is_refreshed_once() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "expired_token", "count": 1}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("ready")
    );
    let rest = h.rest_requests().await;
    assert_eq!(rest.len(), 2, "one refused, one retried: {rest:?}");
    assert_eq!(rest[0]["status"], 401);
    assert_eq!(rest[1]["status"], 200);
    h.leave_widget().await;
    let log = h
        .js("return (window.__simHostLog || []).map(e => e.command);")
        .await;
    assert!(
        log.as_array()
            .expect("host log")
            .iter()
            .any(|c| c == "refreshAuth"),
        "{log}"
    );
    h.finish().await;
}

/// Pins: a malformed response body is reported, never a panic or a blank tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_response_is_reported() {
    let h = Harness::start().await;
    h.sim_post(
        "/__sim/faults",
        json!({"method": "batch", "kind": "malformed", "count": 1}),
    )
    .await;
    h.open_deal(101, 2, "ru").await;
    assert_eq!(
        h.attr("#handover", "data-state").await.as_deref(),
        Some("failed")
    );
    assert_eq!(h.count(".alert").await, 1);
    h.finish().await;
}
