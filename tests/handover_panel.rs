//! The hand-over panel in a real browser: names full of HTML stay text in the preview and the
//! steps report, and each hook carries what the e2e tests read.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{attr, click, count, fresh_root, mount, text};
use handover::handover::verify::StepKind;
use handover::i18n::Lang;
use handover::panel::{
    ActionView, BlockerKind, BlockerView, PanelView, PreviewView, Reason, RunPhase, StepError,
    StepState, StepView,
};
use handover::ui::handover_panel::HandoverPanel;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::{html, scheduler, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const HTML_NAME: &str = "<img src=x onerror=alert(1)> <b>Хакеров</b>";

/// Mounts the panel in Russian with callbacks that do nothing.
fn mount_panel(root: &web_sys::Element, view: Rc<PanelView>) {
    mount(root, move || {
        html! {
            <HandoverPanel lang={Lang::Ru} view={view.clone()} on_start={Callback::noop()}
                           on_confirm={Callback::noop()} on_cancel={Callback::noop()}
                           on_choose_chat={Callback::noop()} />
        }
    });
}

#[wasm_bindgen_test]
async fn preview_and_steps_show_html_names_as_text() {
    let root = fresh_root();
    let view = PanelView {
        run: RunPhase::Failed,
        result: None,
        blocker: None,
        preview: Some(PreviewView {
            chat: format!("Telegram · {HTML_NAME}"),
            operator_from: HTML_NAME.into(),
            operator_to: "Анна Кузнецова".into(),
            deal_from: "Предпродажа · Сделка успешна".into(),
            deal_to: "Продажа · Новая".into(),
            responsible: Some(format!("{HTML_NAME} → Анна Кузнецова")),
            warnings: vec![],
        }),
        chats: vec![],
        steps: vec![StepView {
            step: StepKind::Transfer,
            status: StepState::Failed,
            label: "Передать чат: Анна Кузнецова".into(),
            status_text: "Ошибка".into(),
            error: Some(StepError {
                reason: Reason::NotMoved,
                text: format!("оператор по-прежнему {HTML_NAME}"),
            }),
        }],
        action: ActionView::Start {
            resume: true,
            busy: false,
        },
    };
    let view = Rc::new(view);
    mount_panel(&root, view);
    scheduler::flush().await;

    assert_eq!(text(&root, ".preview-operator-from"), HTML_NAME);
    assert!(text(&root, ".preview-chat").ends_with(HTML_NAME));
    assert!(text(&root, ".preview-responsible").starts_with(HTML_NAME));
    assert_eq!(
        attr(&root, "li.step", "data-status").as_deref(),
        Some("failed")
    );
    assert_eq!(
        attr(&root, ".step-error", "data-reason").as_deref(),
        Some("not-moved")
    );
    assert!(text(&root, ".step-error").ends_with(HTML_NAME));
    assert_eq!(
        attr(&root, "button.handover-start", "data-resume").as_deref(),
        Some("true")
    );
    // The markup in the names never became elements.
    assert_eq!(count(&root, "img"), 0);
    assert_eq!(count(&root, "b:not(.b24-alert__title)"), 0);
}

fn blocked(action: ActionView) -> PanelView {
    PanelView {
        run: RunPhase::Idle,
        result: None,
        blocker: Some(BlockerView {
            kind: BlockerKind::RulesUnreadable,
            title: "Правила не читаются".into(),
            body: "…".into(),
            fix: None,
            repair: true,
        }),
        preview: None,
        chats: vec![],
        steps: vec![],
        action,
    }
}

#[wasm_bindgen_test]
async fn confirm_and_repair_call_their_own_callbacks() {
    // Pins the on_<verb> wiring: each button calls its own callback, and the repair button
    // shows only where the panel has a way to open the settings.
    let (confirms, cancels, repairs) = (
        Rc::new(Cell::new(0)),
        Rc::new(Cell::new(0)),
        Rc::new(Cell::new(0)),
    );
    let count_on = |c: &Rc<Cell<u32>>| {
        let c = c.clone();
        Callback::from(move |()| c.set(c.get() + 1))
    };
    let root = fresh_root();
    let view = Rc::new(blocked(ActionView::Confirm));
    let (on_confirm, on_cancel, on_settings) =
        (count_on(&confirms), count_on(&cancels), count_on(&repairs));
    mount(&root, move || {
        html! {
            <HandoverPanel lang={Lang::Ru} view={view.clone()} on_start={Callback::noop()}
                           on_confirm={on_confirm.clone()} on_cancel={on_cancel.clone()}
                           on_choose_chat={Callback::noop()}
                           on_settings={Some(on_settings.clone())} />
        }
    });
    scheduler::flush().await;
    assert_eq!(
        attr(&root, ".alert", "data-blocker").as_deref(),
        Some("rules-unreadable")
    );
    let confirm = "button.ui-btn.--air.ui-btn-md.--style-filled.handover-confirm";
    assert_eq!(count(&root, confirm), 1);
    assert_eq!(
        count(&root, "button.ui-btn-md.--style-outline.handover-cancel"),
        1
    );
    assert_eq!(
        count(&root, "button.ui-btn-sm.--style-outline.settings-open"),
        1
    );
    click(&root, ".handover-confirm");
    click(&root, ".handover-cancel");
    click(&root, ".settings-open");
    assert_eq!((confirms.get(), cancels.get(), repairs.get()), (1, 1, 1));

    let root = fresh_root();
    let view = Rc::new(blocked(ActionView::Start {
        resume: false,
        busy: true,
    }));
    mount_panel(&root, view);
    scheduler::flush().await;
    assert_eq!(count(&root, ".settings-open"), 0, "no settings, no repair");
    let busy = "button.handover-start.--wait[disabled][aria-busy='true']:not([data-resume])";
    assert_eq!(count(&root, busy), 1);
}
