//! The Air look in a real browser: buttons, banners, glyphs, badges and the stage bar render
//! the class hooks that static/air.css and the generated tokens style.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{attr, click, count, fresh_root, mount};
use handover::failure::Failure;
use handover::i18n::Lang;
use handover::icon::Icon;
use handover::ui::alert::Alert;
use handover::ui::button::{Button, ButtonSize, ButtonStyle};
use handover::ui::deal_header::DealHeader;
use handover::view::{Label, StageProgress, StageTone, Unnamed};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::{html, scheduler, Callback};

wasm_bindgen_test_configure!(run_in_browser);

fn counter() -> (Rc<Cell<u32>>, Callback<()>) {
    let clicks = Rc::new(Cell::new(0));
    let c = clicks.clone();
    (clicks, Callback::from(move |()| c.set(c.get() + 1)))
}

fn button(
    root: &web_sys::Element,
    style: ButtonStyle,
    disabled: bool,
    busy: bool,
    on_click: Callback<()>,
) {
    mount(root, move || {
        html! {
            <Button label="Go" {style} icon={Icon::Refresh} {disabled} {busy}
                    on_click={on_click.clone()} />
        }
    });
}

#[wasm_bindgen_test]
async fn buttons_carry_the_air_classes_and_states() {
    let (clicks, on_click) = counter();
    let root = fresh_root();
    button(&root, ButtonStyle::Filled, false, false, on_click.clone());
    scheduler::flush().await;
    assert_eq!(
        count(&root, "button.ui-btn.--air.ui-btn-md.--style-filled"),
        1
    );
    assert_eq!(count(&root, "button use[href='#icon-refresh']"), 1);
    click(&root, "button");
    assert_eq!(clicks.get(), 1);

    let root = fresh_root();
    button(&root, ButtonStyle::Outline, false, true, on_click.clone());
    scheduler::flush().await;
    assert_eq!(count(&root, "button.--style-outline.--wait"), 1);
    assert_eq!(attr(&root, "button", "aria-busy").as_deref(), Some("true"));
    click(&root, "button");
    assert_eq!(clicks.get(), 1, "a busy button ignores clicks");

    let root = fresh_root();
    button(&root, ButtonStyle::Plain, true, false, on_click);
    scheduler::flush().await;
    assert_eq!(count(&root, "button.--style-plain[disabled]"), 1);
    assert_eq!(count(&root, "button.--wait"), 0);
}

fn alert(root: &web_sys::Element, failure: Failure) {
    mount(root, move || {
        html! { <Alert lang={Lang::En} failure={failure.clone()} on_retry={Callback::noop()} /> }
    });
}

#[wasm_bindgen_test]
async fn errors_and_warnings_are_tinted_banners_with_their_icon() {
    let root = fresh_root();
    alert(&root, Failure::Network);
    scheduler::flush().await;
    let banner = ".alert[data-error='network'] .b24-alert.style-tinted-alert[role='alert']";
    assert_eq!(count(&root, banner), 1);
    assert_eq!(count(&root, "svg.icon use[href='#icon-alert']"), 1);
    assert_eq!(
        count(&root, ".b24-alert__actions button.ui-btn.--style-filled"),
        1
    );

    let root = fresh_root();
    alert(&root, Failure::NoAccess);
    scheduler::flush().await;
    assert_eq!(count(&root, ".b24-alert.style-tinted-warning"), 1);
    assert_eq!(count(&root, "use[href='#icon-info-circle']"), 1);
    assert_eq!(count(&root, "button"), 0, "nothing to retry");
}

#[wasm_bindgen_test]
async fn the_stage_badge_and_bar_follow_the_semantics() {
    let root = fresh_root();
    let progress = StageProgress {
        tone: StageTone::Won,
        steps: vec!["Новая".into(), "Сделка успешна".into(), "Провал".into()],
        current: Some(1),
    };
    mount(&root, move || {
        let (pipeline, stage) = (
            Label::Name("Предпродажа".into()),
            Label::Name("Сделка успешна".into()),
        );
        html! { <DealHeader lang={Lang::Ru} {pipeline} {stage} progress={progress.clone()} /> }
    });
    scheduler::flush().await;
    assert_eq!(
        count(&root, ".deal-stage.b24-badge.style-tinted-success"),
        1
    );
    assert_eq!(count(&root, ".stage-bar.is-won > .stage-step"), 3);
    assert_eq!(count(&root, ".stage-step.is-done"), 2);
    assert_eq!(count(&root, "use[href='#icon-change-funnel']"), 1);

    let root = fresh_root();
    let progress = StageProgress {
        tone: StageTone::Lost,
        ..Default::default()
    };
    mount(&root, move || {
        let (pipeline, stage) = (
            Label::Unnamed(Unnamed::Pipeline(9)),
            Label::Unnamed(Unnamed::Stage("C9:LOSE".into())),
        );
        html! { <DealHeader lang={Lang::Ru} {pipeline} {stage} progress={progress.clone()} /> }
    });
    scheduler::flush().await;
    assert_eq!(count(&root, ".deal-stage.style-tinted-alert"), 1);
    assert_eq!(count(&root, ".stage-bar"), 0, "no stage list, no bar");
}

#[wasm_bindgen_test]
async fn the_one_button_keeps_the_settings_and_hand_over_hooks() {
    // Pins the DOM of the former tool button and the hand-over's own buttons, now one Button.
    let root = fresh_root();
    mount(&root, || {
        html! {
            <form>
                <Button hook="rule-save" size={ButtonSize::Sm} submit=true busy=true label="Save" />
                <Button hook="handover-start" icon={Icon::ArrowRight} resume=true label="Go" />
                <Button hook="rule-add" size={ButtonSize::Sm} style={ButtonStyle::Outline}
                        label="Add" />
            </form>
        }
    });
    scheduler::flush().await;
    let save = "button[type='submit'].ui-btn.--air.ui-btn-sm.--style-filled.rule-save.--wait";
    assert_eq!(count(&root, save), 1);
    assert_eq!(count(&root, ".rule-save[disabled][aria-busy='true']"), 1);
    let start = "button[type='button'].ui-btn.ui-btn-md.--style-filled.handover-start";
    assert_eq!(count(&root, start), 1);
    assert_eq!(
        attr(&root, ".handover-start", "data-resume").as_deref(),
        Some("true")
    );
    assert_eq!(count(&root, ".handover-start[disabled]"), 0);
    assert_eq!(
        count(&root, ".handover-start use[href='#icon-arrow-right']"),
        1
    );
    assert_eq!(count(&root, ".rule-add.ui-btn-sm.--style-outline"), 1);
    assert_eq!(
        count(&root, ".rule-add[data-resume], .rule-add[aria-busy]"),
        0
    );
}
