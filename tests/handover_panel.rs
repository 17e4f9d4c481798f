//! The hand-over panel in a real browser: names full of HTML stay text in the preview and the
//! steps report, and each hook carries what the e2e tests read.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{attr, count, fresh_root, mount, text};
use handover::handover::verify::StepKind;
use handover::i18n::Lang;
use handover::panel::{
    ActionView, PanelView, PreviewView, Reason, RunPhase, StepError, StepState, StepView,
};
use handover::ui::handover_panel::HandoverPanel;
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::{html, scheduler, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const HTML_NAME: &str = "<img src=x onerror=alert(1)> <b>Хакеров</b>";

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
    mount(&root, move || {
        html! {
            <HandoverPanel lang={Lang::Ru} view={view.clone()} on_start={Callback::noop()}
                           on_confirm={Callback::noop()} on_cancel={Callback::noop()}
                           on_choose_chat={Callback::noop()} />
        }
    });
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
