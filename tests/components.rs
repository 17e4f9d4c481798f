//! Component tests in a real browser: render with fixed props, flush, read the DOM.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{attr, click, count, fresh_root, mount, text};
use handover::failure::{Failure, Part};
use handover::i18n::Lang;
use handover::state::LoadState;
use handover::ui::chat_list::ChatList;
use handover::ui::screen::Screen;
use handover::view::{
    Channel, ChatCard, DealTab, HandedOver, Label, Operator, SessionState, Stamp, Unnamed,
};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::{html, scheduler, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const HTML_NAME: &str = "<img src=x onerror=alert(1)> <b>Хакеров</b>";
const HTML_CLIENT: &str = "<img src=x onerror=alert(\"client\")> Павел";

fn card(chat_id: u64, session: SessionState, operator: Operator) -> ChatCard {
    ChatCard {
        chat_id,
        channel: "Telegram".into(),
        channel_kind: Channel::Telegram,
        line: Some(Label::Name("Telegram — предпродажа".into())),
        client: Some(HTML_CLIENT.into()),
        operator,
        session,
        last_message: Some(Stamp {
            iso: "2026-03-11T12:30:00+03:00".into(),
            display: "11.03.2026 12:30".into(),
        }),
        handed_over: None,
    }
}

fn person(name: &str) -> Operator {
    Operator::Person {
        name: name.into(),
        photo: None,
        initials: handover::model::initials(name),
    }
}

fn screen(root: &web_sys::Element, lang: Lang, load: LoadState, on_retry: Callback<()>) {
    mount(root, move || {
        html! {
            <Screen {lang} load={load.clone()} on_retry={on_retry.clone()}
                    on_layout={Callback::noop()} />
        }
    });
}

#[wasm_bindgen_test]
async fn a_chat_with_html_names_shows_them_as_text() {
    let root = fresh_root();
    let tab = DealTab {
        deal_title: "<script>alert(\"deal\")</script> Кухня".into(),
        pipeline: Label::Name("Предпродажа".into()),
        stage: Label::Name("Сделка успешна".into()),
        progress: Default::default(),
        chats: vec![card(1007, SessionState::Active, person(HTML_NAME))],
    };
    screen(
        &root,
        Lang::Ru,
        LoadState::Ready(Rc::new(tab)),
        Callback::noop(),
    );
    scheduler::flush().await;

    assert_eq!(
        attr(&root, "main#handover", "data-state").as_deref(),
        Some("ready")
    );
    assert_eq!(text(&root, ".deal-pipeline"), "Предпродажа");
    assert_eq!(text(&root, ".deal-stage"), "Сделка успешна");
    assert_eq!(count(&root, "article.chat"), 1);
    assert_eq!(
        attr(&root, "article.chat", "data-chat-id").as_deref(),
        Some("1007")
    );
    assert_eq!(text(&root, ".chat-operator"), HTML_NAME);
    assert_eq!(text(&root, ".chat-client"), HTML_CLIENT);
    assert_eq!(text(&root, ".chat-channel"), "Telegram");
    assert_eq!(text(&root, ".chat-line"), "Telegram — предпродажа");
    assert_eq!(text(&root, ".chat-last-message"), "11.03.2026 12:30");
    assert_eq!(
        attr(&root, ".chat-session", "data-session").as_deref(),
        Some("active")
    );
    assert_eq!(text(&root, ".chat-session"), "Диалог активен");
    // The markup in the names never became elements.
    assert_eq!(count(&root, "img"), 0);
    assert_eq!(count(&root, "b"), 0);
    assert_eq!(count(&root, "script"), 0);
    assert_eq!(text(&root, ".avatar-initials"), "IS");
}

#[wasm_bindgen_test]
async fn sessions_queue_and_unknowns_are_translated() {
    let root = fresh_root();
    let mut unknown = card(1004, SessionState::Closed, Operator::Unknown);
    unknown.line = None;
    unknown.client = None;
    unknown.last_message = None;
    let chats = vec![
        card(1005, SessionState::Queued, Operator::Queue),
        unknown,
        card(1003, SessionState::Closed, Operator::Id(5)),
    ];
    mount(&root, move || {
        html! { <ChatList lang={Lang::En} chats={chats.clone()} on_layout={Callback::noop()} /> }
    });
    scheduler::flush().await;

    assert_eq!(count(&root, "article.chat"), 3);
    let sessions: Vec<String> = (1..=3)
        .map(|i| {
            attr(
                &root,
                &format!("article.chat:nth-of-type({i}) .chat-session"),
                "data-session",
            )
            .unwrap_or_default()
        })
        .collect();
    assert_eq!(sessions, ["queued", "closed", "closed"]);
    assert_eq!(
        text(&root, "article[data-chat-id=\"1005\"] .chat-operator"),
        "No operator: the dialog is in the queue"
    );
    assert_eq!(
        text(&root, "article[data-chat-id=\"1004\"] .chat-line"),
        "Not available"
    );
    assert_eq!(
        text(&root, "article[data-chat-id=\"1004\"] .chat-last-message"),
        "No messages"
    );
    assert_eq!(
        text(&root, "article[data-chat-id=\"1003\"] .chat-operator"),
        "User #5"
    );
}

/// Pins: after a hand-over the former operator can no longer read the dialog; the card says
/// the chat was handed over and to whom, instead of «Нет данных» in every field.
#[wasm_bindgen_test]
async fn a_handed_over_chat_says_to_whom() {
    let root = fresh_root();
    let mut user = card(1001, SessionState::Active, Operator::Unknown);
    user.handed_over = Some(HandedOver::User(Label::Name(HTML_NAME.into())));
    let mut line = card(1002, SessionState::Active, Operator::Unknown);
    line.handed_over = Some(HandedOver::Line(Label::Unnamed(Unnamed::Line(3))));
    let chats = vec![user, line];
    mount(&root, move || {
        html! { <ChatList lang={Lang::Ru} chats={chats.clone()} on_layout={Callback::noop()} /> }
    });
    scheduler::flush().await;
    assert_eq!(count(&root, ".chat-fields"), 0);
    assert_eq!(
        text(&root, "article[data-chat-id=\"1001\"] .chat-session"),
        "Передан"
    );
    assert_eq!(
        attr(
            &root,
            "article[data-chat-id=\"1001\"] .chat-session",
            "data-session"
        )
        .as_deref(),
        Some("handed-over")
    );
    assert_eq!(
        text(&root, "article[data-chat-id=\"1001\"] .chat-handed-over-to"),
        format!("Чат передан: {HTML_NAME}.")
    );
    assert_eq!(count(&root, "img"), 0, "names stay text");
    assert_eq!(
        text(&root, "article[data-chat-id=\"1002\"] .chat-handed-over-to"),
        "Чат передан: Очередь линии «Линия #3»."
    );
}

#[wasm_bindgen_test]
async fn a_deal_without_chats_is_ready_with_a_notice() {
    let root = fresh_root();
    let tab = DealTab {
        deal_title: "Шкаф-купе".into(),
        pipeline: Label::Name("Предпродажа".into()),
        stage: Label::Unnamed(Unnamed::Stage("C9:UC_X".into())),
        progress: Default::default(),
        chats: vec![],
    };
    screen(
        &root,
        Lang::En,
        LoadState::Ready(Rc::new(tab)),
        Callback::noop(),
    );
    scheduler::flush().await;
    assert_eq!(
        attr(&root, "main#handover", "data-state").as_deref(),
        Some("ready")
    );
    assert_eq!(count(&root, ".notice[data-notice=\"no-chat\"]"), 1);
    assert_eq!(text(&root, ".deal-stage"), "C9:UC_X");
    assert_eq!(count(&root, "article.chat"), 0);
}

#[wasm_bindgen_test]
async fn loading_then_failures_show_their_alerts() {
    let root = fresh_root();
    screen(&root, Lang::Ru, LoadState::Loading, Callback::noop());
    scheduler::flush().await;
    assert_eq!(
        attr(&root, "main#handover", "data-state").as_deref(),
        Some("loading")
    );
    assert!(!text(&root, ".notice[data-notice=\"loading\"]")
        .trim()
        .is_empty());

    let cases = [
        (Failure::NoAccess, "no-access"),
        (Failure::Network, "network"),
        (Failure::NoPlacementId, "no-placement"),
        (Failure::NotADeal, "not-a-deal"),
        (Failure::NoDealInChat, "no-deal"),
        (Failure::NoChatAccess, "no-chat-access"),
        (
            Failure::Portal {
                part: Part::Dialog,
                code: "ACCESS_DENIED".into(),
            },
            "portal",
        ),
        (
            Failure::Portal {
                part: Part::Chats,
                code: "INTERNAL_SERVER_ERROR".into(),
            },
            "portal",
        ),
    ];
    for (failure, hook) in cases {
        let root = fresh_root();
        screen(
            &root,
            Lang::Ru,
            LoadState::Failed(failure),
            Callback::noop(),
        );
        scheduler::flush().await;
        assert_eq!(
            attr(&root, "main#handover", "data-state").as_deref(),
            Some("failed")
        );
        assert_eq!(attr(&root, ".alert", "data-error").as_deref(), Some(hook));
        assert!(!text(&root, ".alert-title").trim().is_empty(), "{hook}");
    }
}

#[wasm_bindgen_test]
async fn a_chat_with_no_deal_says_what_to_do_and_offers_a_retry() {
    let root = retried_failure(Failure::NoDealInChat).await;
    assert_eq!(text(&root, ".alert-title"), "No deal is bound to this chat");
    assert!(text(&root, ".alert-text").contains("chat's CRM form"));
}

#[wasm_bindgen_test]
async fn a_user_outside_the_chat_is_told_so_without_a_retry() {
    let root = fresh_root();
    screen(
        &root,
        Lang::Ru,
        LoadState::Failed(Failure::NoChatAccess),
        Callback::noop(),
    );
    scheduler::flush().await;
    assert_eq!(text(&root, ".alert-title"), "Нет доступа к чату");
    assert_eq!(
        count(&root, ".alert button"),
        0,
        "the same answer would come again"
    );
}

#[wasm_bindgen_test]
async fn the_chat_placement_lays_the_screen_out_compact() {
    for (compact, layout) in [(true, "compact"), (false, "tab")] {
        let root = fresh_root();
        mount(&root, move || {
            html! {
                <Screen lang={Lang::Ru} {compact} load={LoadState::Loading}
                        on_retry={Callback::noop()} on_layout={Callback::noop()} />
            }
        });
        scheduler::flush().await;
        assert_eq!(
            attr(&root, "main#handover", "data-layout").as_deref(),
            Some(layout)
        );
    }
}

#[wasm_bindgen_test]
async fn a_portal_error_names_what_failed_and_offers_a_retry() {
    let root = retried_failure(Failure::Portal {
        part: Part::Deal,
        code: "NOT_FOUND".into(),
    })
    .await;
    assert_eq!(text(&root, ".alert-text"), "The deal could not be read.");
    assert_eq!(text(&root, ".alert-code"), "Error code: NOT_FOUND");
}

/// The screen failed with `failure` (in English), after its retry button was clicked once and
/// asked for exactly one retry.
async fn retried_failure(failure: Failure) -> web_sys::Element {
    let root = fresh_root();
    let clicks = Rc::new(Cell::new(0));
    let on_retry = {
        let clicks = clicks.clone();
        Callback::from(move |()| clicks.set(clicks.get() + 1))
    };
    screen(&root, Lang::En, LoadState::Failed(failure), on_retry);
    scheduler::flush().await;
    click(&root, ".alert button");
    scheduler::flush().await;
    assert_eq!(clicks.get(), 1);
    root
}

#[wasm_bindgen_test]
async fn waiting_for_the_portal_is_a_notice_above_the_screen_not_a_failure() {
    for (lang, words) in [
        (Lang::Ru, "Ждём ответа Битрикс24"),
        (Lang::En, "Waiting for Bitrix24"),
    ] {
        let root = fresh_root();
        mount(&root, move || {
            html! {
                <Screen {lang} load={LoadState::Loading} waiting={true}
                        on_retry={Callback::noop()} on_layout={Callback::noop()} />
            }
        });
        scheduler::flush().await;
        assert_eq!(
            attr(&root, "main#handover", "data-waiting").as_deref(),
            Some("true")
        );
        assert_eq!(
            attr(&root, "main#handover", "data-state").as_deref(),
            Some("loading")
        );
        assert!(text(&root, ".notice[data-notice=\"waiting\"]").starts_with(words));
        assert_eq!(count(&root, ".alert"), 0);
    }
    let root = fresh_root();
    screen(&root, Lang::Ru, LoadState::Loading, Callback::noop());
    scheduler::flush().await;
    assert_eq!(
        attr(&root, "main#handover", "data-waiting").as_deref(),
        Some("false")
    );
    assert_eq!(count(&root, ".notice[data-notice=\"waiting\"]"), 0);
}

#[wasm_bindgen_test]
async fn a_load_given_up_for_the_portals_limit_says_it_is_busy_and_offers_a_retry() {
    let root = retried_failure(Failure::Busy {
        code: "QUERY_LIMIT_EXCEEDED".into(),
    })
    .await;
    assert_eq!(attr(&root, ".alert", "data-error").as_deref(), Some("busy"));
    assert_eq!(text(&root, ".alert-title"), "Bitrix24 returned an error");
    assert_eq!(
        text(&root, ".alert-text"),
        "The portal is busy with requests. Try again in a minute."
    );
    assert_eq!(
        text(&root, ".alert-code"),
        "Error code: QUERY_LIMIT_EXCEEDED"
    );
}
