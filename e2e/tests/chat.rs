//! "Hand over to sales" from inside the open-line chat, in a real browser against the simulated
//! portal: the chat page (`/online/?IM_DIALOG=chat<id>`) opens the app in its sidebar
//! (`IM_SIDEBAR`, PLACEMENT_OPTIONS `{"dialogId": "chat<id>", "URI": "/online/"}`); the widget
//! reads the chat's dialog, its deal from the CRM bindings, then the deal as the tab does.
//! Seed ids: sim/README.md (chat 1001 of deal 101 held by user 2; the rule hands it to user 4).

use handover_e2e::serde_json::{json, Value};
use handover_e2e::{portal_state, Harness};

const TARGET: u64 = 4;

/// The REST requests of the log that are the widget's (the dialog's read and batches).
fn widget_requests(log: &[Value]) -> Vec<&Value> {
    log.iter()
        .filter(|r| r["method"] == "batch" || r["method"] == "imopenlines.dialog.get")
        .collect()
}

/// Pins the chat's hand-over end to end: 2 requests to show (the dialog, then the deal's load),
/// 2 to hand over; the chat goes to the target, the deal to «Продажа / Новая», a system message
/// in the chat and a timeline note that says the outcome; no reloadData (a CRM card's command);
/// the compact layout fits the sidebar's width.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_hands_over_from_the_chat() {
    let h = Harness::start().await;
    h.sim_post("/__sim/requests/clear", json!({})).await;
    h.open_chat(1001, 2, "ru").await;
    h.wait_css("section.preview").await;
    assert_eq!(
        h.attr("#handover", "data-layout").await.as_deref(),
        Some("compact")
    );
    assert!(h.text(".preview-chat").await.contains("Ирина Белова"));
    assert!(h
        .text(".preview-operator-to")
        .await
        .contains("Анна Кузнецова"));
    assert!(h.text(".preview-deal-to").await.contains("Продажа"));
    // Only the chat it was opened in: no choice among the deal's chats.
    assert_eq!(h.count("article.chat").await, 1);
    assert_eq!(h.count("article.chat[data-chat-id='1001']").await, 1);
    let log = h.rest_requests().await;
    let shown = widget_requests(&log);
    assert_eq!(
        shown.len(),
        2,
        "the dialog, then the deal's load: {shown:#?}"
    );
    assert_eq!(shown[0]["method"], "imopenlines.dialog.get");
    assert_eq!(shown[1]["method"], "batch");

    h.sim_post("/__sim/requests/clear", json!({})).await;
    assert_eq!(h.hand_over().await, "done");
    h.wait_settled("Продажа", "Новая").await;
    let log = h.rest_requests().await;
    assert_eq!(
        widget_requests(&log).len(),
        2,
        "the hand-over is its two round trips: {log:#?}"
    );

    let state = h.state().await;
    let deal = portal_state::deal(&state, 101);
    assert_eq!(deal["categoryId"], 3);
    assert_eq!(deal["stageId"], "C3:NEW");
    let chat = portal_state::chat(&state, 1001);
    assert_eq!(chat["owner"], TARGET);
    assert_eq!(
        portal_state::transfers(chat),
        1,
        "one system message: {chat}"
    );
    let notes = portal_state::notes(&state, 101);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let note = notes[0]["comment"].as_str().unwrap_or_default();
    for said in ["Анна Кузнецова", "Продажа", "Ольга Смирнова"] {
        assert!(note.contains(said), "the note says {said}: {note}");
    }

    h.leave_widget().await;
    let log = h
        .js("return (window.__simHostLog || []).map(e => e.command);")
        .await;
    assert!(
        !log.as_array()
            .is_some_and(|l| l.iter().any(|c| c == "reloadData")),
        "no reloadData from the chat: {log}"
    );
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.finish().await;
}

/// How far the widget's page overflows its frame sideways (0: it fits).
async fn overflow(h: &Harness) -> Value {
    h.js("const d = document.documentElement; return d.scrollWidth - d.clientWidth;")
        .await
}

/// The compact layout at the sidebar's width: nothing overflows sideways, in the preview (both
/// languages) and in the report after the hand-over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_compact_layout_fits_the_sidebar() {
    let h = Harness::start().await;
    for lang in ["en", "ru"] {
        h.open_chat(1001, 2, lang).await;
        h.wait_css("section.preview").await;
        h.leave_widget().await;
        let width = h
            .js("const f = document.getElementById('handover-frame'); \
                 return f ? f.getBoundingClientRect().width : 0;")
            .await
            .as_f64()
            .unwrap_or_default();
        assert!(
            (300.0..=420.0).contains(&width),
            "the sidebar frame is the placement's width: {width}"
        );
        h.enter_widget().await;
        assert_eq!(overflow(&h).await, 0, "no horizontal overflow ({lang})");
    }
    assert_eq!(h.hand_over().await, "done");
    h.wait_settled("Продажа", "Новая").await;
    assert_eq!(h.count("li.step").await, 3, "the report's steps");
    assert_eq!(
        overflow(&h).await,
        0,
        "no horizontal overflow in the report"
    );
    h.finish().await;
}

/// The same screen in the text area's popup (`IM_TEXTAREA`, which the demo binds at
/// 420 × 560): the placement's options name the chat the same way, the layout is compact and
/// fits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_text_area_popup_shows_the_same_preview() {
    let h = Harness::start().await;
    let url = h
        .chat_url(1001, 2, "en")
        .replace("placement=IM_SIDEBAR", "placement=IM_TEXTAREA");
    h.browser.goto(&url).await.expect("the chat opens");
    h.enter_widget().await;
    h.wait_css("section.preview").await;
    assert_eq!(
        h.attr("#handover", "data-layout").await.as_deref(),
        Some("compact")
    );
    assert_eq!(h.count("article.chat[data-chat-id='1001']").await, 1);
    assert_eq!(overflow(&h).await, 0, "no horizontal overflow");
    h.finish().await;
}

/// A chat whose deal is in another stage: the plan's blocker, in words, and no button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_whose_deal_is_in_another_stage_shows_the_blocker() {
    let h = Harness::start().await;
    let state = h.state().await;
    let chat = state["chats"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["dealId"] == 203))
        .map(|c| c["chatId"].as_u64().unwrap_or_default())
        .expect("deal 203's chat");
    let owner = portal_state::chat(&state, chat)["owner"]
        .as_u64()
        .unwrap_or(2) as u32;
    h.open_chat(chat, owner, "en").await;
    h.wait_css("[data-blocker]").await;
    assert!(!h.text("[data-blocker]").await.trim().is_empty());
    assert_eq!(h.count("button.handover-start").await, 0);
    assert_eq!(portal_state::deal(&h.state().await, 203)["categoryId"], 0);
    h.finish().await;
}

/// A user who is not in the chat (and whom the line does not let in): dialog.get answers
/// ACCESS_ERROR, the widget says so, and reads nothing more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_is_not_in_the_chat_is_told_so() {
    let h = Harness::start().await;
    h.sim_post("/__sim/requests/clear", json!({})).await;
    h.open_chat(1001, 3, "en").await;
    assert_eq!(
        h.attr(".alert", "data-error").await.as_deref(),
        Some("no-chat-access")
    );
    assert_eq!(h.text(".alert-title").await, "No access to this chat");
    let log = h.rest_requests().await;
    assert_eq!(widget_requests(&log).len(), 1, "{log:#?}");
    h.finish().await;
}
