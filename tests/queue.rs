//! The deal list queue's components in a real browser: a row (its tick, its cells as text, its
//! verdict and report line), the progress bar, the buttons.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{attr, click, count, fresh_root, mount, text};
use handover::i18n::Lang;
use handover::queue::view::{ActionView, OutcomeView, ProgressView, RowView};
use handover::ui::queue_actions::QueueActions;
use handover::ui::queue_progress::QueueProgress;
use handover::ui::queue_row::QueueRow;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::{html, scheduler, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const HTML_CLIENT: &str = "<img src=x onerror=alert(1)> Павел";

fn row(ready: bool, outcome: Option<OutcomeView>) -> RowView {
    RowView {
        deal_id: 201,
        title: "Кухня угловая".into(),
        channel: "WhatsApp".into(),
        client: HTML_CLIENT.into(),
        operator: "Ольга Смирнова".into(),
        ready,
        ticked: false,
        verdict: if ready {
            "Готова"
        } else {
            "Нет чата"
        }
        .into(),
        verdict_hook: if ready { "ready" } else { "no-chat" },
        outcome,
    }
}

fn table(root: &web_sys::Element, r: RowView, busy: bool, on_tick: Callback<u64>) {
    mount(root, move || {
        html! { <table><tbody><QueueRow row={r.clone()} {busy} on_tick={on_tick.clone()} /></tbody></table> }
    });
}

#[wasm_bindgen_test]
async fn a_ready_row_ticks_and_shows_portal_text_as_text() {
    let root = fresh_root();
    let ticked = Rc::new(Cell::new(0));
    let seen = ticked.clone();
    table(
        &root,
        row(true, None),
        false,
        Callback::from(move |id| seen.set(id)),
    );
    scheduler::flush().await;
    assert_eq!(
        attr(&root, "tr.queue-row", "data-verdict").as_deref(),
        Some("ready")
    );
    assert_eq!(text(&root, ".queue-client"), HTML_CLIENT);
    assert_eq!(count(&root, ".queue-client img"), 0);
    click(&root, "input.queue-tick-box");
    assert_eq!(ticked.get(), 201);
}

#[wasm_bindgen_test]
async fn a_blocked_or_busy_row_does_not_tick_and_a_report_line_shows() {
    let root = fresh_root();
    let failed = OutcomeView {
        hook: "failed",
        text: "Не передана: OPERATOR_WRONG".into(),
    };
    table(&root, row(false, Some(failed)), false, Callback::noop());
    scheduler::flush().await;
    assert!(attr(&root, "input.queue-tick-box", "disabled").is_some());
    assert_eq!(
        attr(&root, "tr.queue-row", "data-outcome").as_deref(),
        Some("failed")
    );
    assert!(text(&root, ".queue-outcome").contains("OPERATOR_WRONG"));
    let root = fresh_root();
    table(&root, row(true, None), true, Callback::noop());
    scheduler::flush().await;
    assert!(attr(&root, "input.queue-tick-box", "disabled").is_some());
}

#[wasm_bindgen_test]
async fn the_bar_counts_and_names_the_step() {
    let root = fresh_root();
    let progress = ProgressView {
        done: 12,
        total: 25,
        settled: 13,
        text: "Передано 12 из 25".into(),
        step: Some("Пакет 2 из 3: передаём чаты".into()),
        summary: None,
    };
    mount(
        &root,
        move || html! { <QueueProgress progress={progress.clone()} /> },
    );
    scheduler::flush().await;
    assert_eq!(
        attr(&root, "progress.queue-bar", "value").as_deref(),
        Some("13")
    );
    assert_eq!(
        attr(&root, "progress.queue-bar", "max").as_deref(),
        Some("25")
    );
    assert_eq!(
        attr(&root, ".queue-progress", "data-done").as_deref(),
        Some("12")
    );
    assert_eq!(text(&root, ".queue-step"), "Пакет 2 из 3: передаём чаты");
}

#[wasm_bindgen_test]
async fn the_buttons_follow_the_run() {
    let clicks = Rc::new(Cell::new(""));
    let cb = |name: &'static str| {
        let c = clicks.clone();
        Callback::from(move |()| c.set(name))
    };
    for (action, hook, name) in [
        (
            ActionView::Start {
                label: "Передать в продажи (2)".into(),
                enabled: true,
            },
            "button.queue-start",
            "start",
        ),
        (
            ActionView::Running { stopping: false },
            "button.queue-stop",
            "stop",
        ),
        (
            ActionView::Ended { resume: true },
            "button.queue-resume",
            "resume",
        ),
    ] {
        let root = fresh_root();
        let (s, c, x, st, r) = (
            cb("start"),
            cb("confirm"),
            cb("cancel"),
            cb("stop"),
            cb("resume"),
        );
        mount(&root, move || {
            html! {
                <QueueActions lang={Lang::Ru} action={action.clone()} on_start={s.clone()}
                              on_confirm={c.clone()} on_cancel={x.clone()} on_stop={st.clone()}
                              on_resume={r.clone()} />
            }
        });
        scheduler::flush().await;
        click(&root, hook);
        assert_eq!(clicks.get(), name);
    }
    // Nothing ticked: the start button is there but does nothing.
    let root = fresh_root();
    let start = cb("disabled start");
    clicks.set("");
    mount(&root, move || {
        html! {
            <QueueActions lang={Lang::En} action={ActionView::Start { label: "Hand over (0)".into(), enabled: false }}
                          on_start={start.clone()} on_confirm={Callback::noop()}
                          on_cancel={Callback::noop()} on_stop={Callback::noop()}
                          on_resume={Callback::noop()} />
        }
    });
    scheduler::flush().await;
    click(&root, "button.queue-start");
    assert_eq!(clicks.get(), "");
}
