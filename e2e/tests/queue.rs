//! The deal list's hand-over queue in a real browser against the simulated portal: the slider of
//! `CRM_DEAL_LIST_TOOLBAR` (and `CRM_DEAL_LIST_MENU`) on `/crm/deal/list/`, the queue's pages,
//! the verdicts, the bulk hand-over and its failure paths, every invariant checked in the
//! simulator's state. Seed ids: sim/README.md (deals 201–236; `POST /__sim/deals/generate`).

use std::collections::BTreeSet;
use std::time::Duration;

use handover_e2e::serde_json::{json, Value};
use handover_e2e::{portal_state, Harness};

/// The rule's target operator (Анна Кузнецова).
const TARGET: u64 = 4;
/// «Продажа».
const SALES: u64 = 3;

/// Opens the deal list as `user` with the app's slider open (`open=toolbar`, or the row menu of
/// `deal`), enters the app's frame and waits until every page of the queue is read.
async fn open_queue(h: &Harness, user: u32, deal: Option<u64>) {
    let open = match deal {
        Some(id) => format!("open=menu&deal={id}"),
        None => "open=toolbar".into(),
    };
    h.open_list(user, "ru", &open).await;
    wait_read(h).await;
}

/// Waits until the queue has read its last page (or failed).
async fn wait_read(h: &Harness) {
    h.wait_js_within(
        "const m = document.querySelector('#handover.queue'); \
         return !!m && (m.dataset.state === 'ready' || m.dataset.state === 'failed');",
        "the queue to be read",
        Duration::from_secs(30),
    )
    .await;
}

/// The deal ids the queue lists, in order.
async fn rows(h: &Harness) -> Vec<u64> {
    h.js("return [...document.querySelectorAll('tr.queue-row')].map(r => +r.dataset.deal);")
        .await
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(Value::as_u64)
        .collect()
}

/// The verdict hook of deal `id`'s row.
async fn verdict(h: &Harness, id: u64) -> Option<String> {
    h.attr(&format!("tr.queue-row[data-deal='{id}']"), "data-verdict")
        .await
}

/// The report line's hook of deal `id`'s row after a run.
async fn outcome(h: &Harness, id: u64) -> Option<String> {
    h.attr(&format!("tr.queue-row[data-deal='{id}']"), "data-outcome")
        .await
}

/// The deals the portal has waiting: in «Предпродажа» at «Сделка успешна».
fn waiting(state: &Value) -> BTreeSet<u64> {
    state["deals"]
        .as_array()
        .expect("deals")
        .iter()
        .filter(|d| d["categoryId"] == 0 && d["stageId"] == "WON")
        .filter_map(|d| d["id"].as_u64())
        .collect()
}

/// How many page batches a queue of `n` deals takes: slices of the portal's pages of 50, the
/// first slice 11 deals (it carries the shared reads), the others 12.
fn page_requests(n: usize) -> usize {
    let (mut requests, mut first) = (0, true);
    for portal_page in 0..n.div_ceil(50) {
        let mut left = (n - portal_page * 50).min(50);
        while left > 0 {
            left = left.saturating_sub(if std::mem::take(&mut first) { 11 } else { 12 });
            requests += 1;
        }
    }
    requests
}

/// Ticks the rows of `ids` (by clicking their boxes).
async fn tick(h: &Harness, ids: &[u64]) {
    for id in ids {
        h.click(&format!(
            "tr.queue-row[data-deal='{id}'] input.queue-tick-box"
        ))
        .await;
    }
}

/// `count` more waiting deals (each with an open chat held by its pre-sale manager), the queue
/// opened by an administrator with them ticked; their ids and their chats' ids.
async fn ticked_queue(h: &Harness, count: u32) -> (Vec<u64>, Vec<u64>) {
    let made = h
        .sim_post("/__sim/deals/generate", json!({ "count": count }))
        .await;
    let (ids, chats) = generated(&made);
    open_queue(h, 1, None).await;
    tick(h, &ids).await;
    (ids, chats)
}

/// Starts the hand-over of the ticked deals and confirms.
async fn start(h: &Harness) {
    h.wait_css("button.queue-start:not([disabled])").await;
    h.click("button.queue-start").await;
    h.wait_css("button.queue-confirm").await;
    h.click("button.queue-confirm").await;
}

/// Waits until the run has ended.
async fn wait_ended(h: &Harness) {
    h.wait_js_within(
        "return document.querySelector('#handover.queue').dataset.run === 'ended';",
        "the bulk hand-over to end",
        Duration::from_secs(60),
    )
    .await;
}

/// Every invariant of the hand-over in the portal's state for deal `id` handed over: in
/// «Продажа», its chat with the target, transferred once.
fn assert_handed_over(state: &Value, id: u64, chat: u64) {
    let d = portal_state::deal(state, id);
    assert_eq!(d["categoryId"], SALES, "deal {id} moved");
    let c = portal_state::chat(state, chat);
    assert_eq!(
        c["owner"], TARGET,
        "chat {chat} of deal {id} with the target"
    );
    assert_eq!(
        portal_state::transfers(c),
        1,
        "chat {chat} transferred once"
    );
}

/// The open chat (session status below 60) of deal `id`.
fn open_chat(state: &Value, id: u64) -> u64 {
    state["chats"]
        .as_array()
        .expect("chats")
        .iter()
        .filter(|c| c["dealId"] == id)
        .filter(|c| c["sessionStatus"].as_u64().is_some_and(|s| s < 60))
        .filter_map(|c| c["chatId"].as_u64())
        .max()
        .unwrap_or_else(|| panic!("deal {id} has an open chat"))
}

/// The deal ids and chat ids `POST /__sim/deals/generate` answered with.
fn generated(made: &Value) -> (Vec<u64>, Vec<u64>) {
    let ids = |k: &str| -> Vec<u64> {
        made[k]
            .as_array()
            .unwrap_or_else(|| panic!("{k} in {made}"))
            .iter()
            .filter_map(Value::as_u64)
            .collect()
    };
    (ids("deals"), ids("chats"))
}

#[tokio::test]
async fn the_queue_lists_exactly_the_waiting_deals_with_their_verdicts_across_pages() {
    // Pins: with 30 more deals the queue runs over two portal pages; it lists every deal at
    // «Сделка успешна» in «Предпродажа» once and nothing else, one request per page, each
    // row with the tab's verdict.
    let h = Harness::start().await;
    h.sim_post("/__sim/deals/generate", json!({"count": 30}))
        .await;
    h.sim_post("/__sim/requests/clear", json!({})).await;
    open_queue(&h, 1, None).await;
    let state = h.state().await;
    let listed = rows(&h).await;
    let expected = waiting(&state);
    assert!(expected.len() > 50, "two portal pages: {}", expected.len());
    assert_eq!(listed.len(), expected.len(), "no deal twice");
    assert_eq!(listed.iter().copied().collect::<BTreeSet<_>>(), expected);
    let requests = h.rest_requests().await;
    let pages = requests
        .iter()
        .filter(|r| {
            r["commands"]
                .as_array()
                .is_some_and(|c| c.iter().any(|m| m == "crm.item.list"))
        })
        .count();
    assert_eq!(
        pages,
        page_requests(expected.len()),
        "one request per page of deals"
    );
    assert_eq!(pages, requests.len(), "nothing but the pages");
    assert!(requests
        .iter()
        .all(|r| r["commands"].as_array().is_some_and(|c| c.len() <= 50)));
    // The seed's cases, with an administrator's eyes.
    assert_eq!(verdict(&h, 201).await.as_deref(), Some("ready"));
    assert_eq!(verdict(&h, 205).await.as_deref(), Some("no-chat"));
    assert_eq!(verdict(&h, 208).await.as_deref(), Some("session-closed"));
    assert_eq!(
        verdict(&h, 214).await.as_deref(),
        Some("ready"),
        "waiting for the client"
    );
    assert!(!listed.contains(&203), "another stage");
    // A row names the channel, the client and the operator.
    let row = "tr.queue-row[data-deal='201']";
    assert_eq!(h.text(&format!("{row} .queue-channel")).await, "WhatsApp");
    assert!(h
        .text(&format!("{row} .queue-client"))
        .await
        .contains("Анна Морозова"));
    assert!(h
        .text(&format!("{row} .queue-operator"))
        .await
        .contains("Ольга"));
    assert!(h.console_errors().await.is_empty());
    h.finish().await;
}

#[tokio::test]
async fn a_bulk_hand_over_of_25_deals_keeps_every_invariant() {
    let h = Harness::start().await;
    let (ids, chats) = ticked_queue(&h, 25).await;
    h.sim_post("/__sim/requests/clear", json!({})).await;
    start(&h).await;
    wait_ended(&h).await;
    assert_eq!(
        h.attr(".queue-progress", "data-done").await.as_deref(),
        Some("25")
    );
    let state = h.state().await;
    for (id, chat) in ids.iter().zip(&chats) {
        assert_handed_over(&state, *id, *chat);
        assert_eq!(outcome(&h, *id).await.as_deref(), Some("done"));
    }
    // Two requests per 12 deals: 3 groups.
    let requests = h.rest_requests().await;
    assert_eq!(requests.len(), 6, "{requests:#?}");
    assert!(requests.iter().all(|r| r["status"] == 200));
    assert!(h.console_errors().await.is_empty());
    h.finish().await;
}

#[tokio::test]
async fn one_refused_transfer_mid_batch_stops_that_deal_only() {
    let h = Harness::start().await;
    let (ids, chats) = ticked_queue(&h, 6).await;
    // The portal refuses the third transfer of the batch (OPERATOR_WRONG), in the middle of
    // the first group.
    h.sim_post(
        "/__sim/faults",
        json!({"method": "imopenlines.operator.transfer", "kind": "operator_wrong",
               "count": 1, "after": 2}),
    )
    .await;
    start(&h).await;
    wait_ended(&h).await;
    let state = h.state().await;
    for (i, (id, chat)) in ids.iter().zip(&chats).enumerate() {
        if i == 2 {
            continue;
        }
        assert_handed_over(&state, *id, *chat);
    }
    // The third: reported with the portal's reason, not moved, its chat where it was.
    assert_eq!(portal_state::deal(&state, ids[2])["categoryId"], 0);
    assert_eq!(portal_state::chat(&state, chats[2])["owner"], 2);
    assert_eq!(outcome(&h, ids[2]).await.as_deref(), Some("failed"));
    assert!(h
        .text(&format!(
            "tr.queue-row[data-deal='{}'] .queue-outcome",
            ids[2]
        ))
        .await
        .contains("OPERATOR_WRONG"));
    h.finish().await;
}

#[tokio::test]
async fn a_503_mid_run_waits_and_completes() {
    let h = Harness::start().await;
    let (ids, chats) = ticked_queue(&h, 14).await;
    h.sim_post("/__sim/requests/clear", json!({})).await;
    h.fault("batch", "rate_limit", 1).await;
    start(&h).await;
    h.wait_js_within(
        "return document.querySelector('#handover.queue').dataset.waiting === 'true';",
        "the waiting notice",
        Duration::from_secs(10),
    )
    .await;
    wait_ended(&h).await;
    let state = h.state().await;
    for (id, chat) in ids.iter().zip(&chats) {
        assert_handed_over(&state, *id, *chat);
    }
    let requests = h.rest_requests().await;
    assert_eq!(requests[0]["status"], 503);
    h.finish().await;
}

#[tokio::test]
async fn stop_then_resume_hands_over_nothing_twice() {
    let h = Harness::start().await;
    let (ids, chats) = ticked_queue(&h, 25).await;
    // Slow requests, so Stop comes while the first group is on its way.
    h.sim_post("/__sim/config", json!({"latencyMs": 400})).await;
    start(&h).await;
    h.wait_css("button.queue-stop").await;
    h.click("button.queue-stop").await;
    wait_ended(&h).await;
    h.sim_post("/__sim/config", json!({"latencyMs": 0})).await;
    let done: usize = h
        .attr(".queue-progress", "data-done")
        .await
        .and_then(|d| d.parse().ok())
        .expect("a count");
    assert!(
        done > 0 && done < 25,
        "stopped after the group in flight: {done}"
    );
    h.click("button.queue-resume").await;
    wait_ended(&h).await;
    let state = h.state().await;
    for (id, chat) in ids.iter().zip(&chats) {
        assert_handed_over(&state, *id, *chat);
    }
    h.finish().await;
}

#[tokio::test]
async fn the_row_menu_opens_its_deal_alone() {
    let h = Harness::start().await;
    open_queue(&h, 1, Some(201)).await;
    assert_eq!(rows(&h).await, [201]);
    assert_eq!(verdict(&h, 201).await.as_deref(), Some("ready"));
    // A deal that is not waiting says why.
    open_queue(&h, 1, Some(203)).await;
    assert_eq!(rows(&h).await, [203]);
    assert_eq!(verdict(&h, 203).await.as_deref(), Some("stage-not-offered"));
    // The ready deal is ticked: one click and a confirmation hand it over.
    let chat = open_chat(&h.state().await, 201);
    open_queue(&h, 1, Some(201)).await;
    start(&h).await;
    wait_ended(&h).await;
    assert_handed_over(&h.state().await, 201, chat);
    h.finish().await;
}
