use super::*;
use crate::fixtures::seed_rules;
use crate::i18n::tests::assert_translated;
use crate::portal::testing::block_on;
use crate::queue::fake::FakePortal;
use crate::queue::page::Queue;
use crate::queue::state::QueueAction;
use crate::queue::words;
use std::rc::Rc;

/// Deals 201–203 (202 without a chat), read.
fn state() -> QueueState {
    let portal = FakePortal::seeded(3);
    portal.state.borrow_mut().chats.retain(|c| c.deal != 202);
    let mut q = Queue::new(seed_rules());
    while block_on(q.read_page(&portal)).expect("a page") {}
    QueueState::default()
        .next(QueueAction::Page(Rc::new(q), false))
        .expect("loaded")
}

#[test]
fn each_line_names_the_deal_channel_client_operator_and_verdict() {
    let v = queue_view(&state(), Lang::Ru, false);
    assert_eq!(v.title, "Передача в продажи: очередь");
    assert_eq!((v.ready, v.ticked), (2, 0));
    let first = &v.rows[0];
    assert_eq!(first.title, "Сделка 201");
    assert_eq!(first.channel, "WhatsApp");
    assert_eq!(first.client, "Клиент 201");
    assert_eq!(first.operator, "Ольга Смирнова");
    assert_eq!(
        (first.verdict.as_str(), first.verdict_hook),
        ("Готова", "ready")
    );
    let blocked = &v.rows[1];
    assert!(!blocked.ready);
    assert_eq!(blocked.verdict_hook, "no-chat");
    assert_eq!(blocked.channel, "—");
    assert_eq!(
        v.action,
        ActionView::Start {
            label: "Передать в продажи (0)".into(),
            enabled: false
        }
    );
}

#[test]
fn the_run_shows_a_bar_a_step_and_a_line_per_deal() {
    let s = state();
    let s = s.next(QueueAction::TickAllReady).unwrap();
    let s = s.next(QueueAction::Start).unwrap();
    let v = queue_view(&s, Lang::En, false);
    assert!(
        matches!(v.action, ActionView::Confirm { ref title, .. } if title == "Hand 2 deal(s) over to sales?")
    );
    let s = s.next(QueueAction::Confirm).unwrap();
    let running = Progress {
        outcomes: vec![(201, Some(Outcome::Done)), (203, None)],
        phase: Phase::RoundTrip2 {
            group: 1,
            groups: 1,
        },
    };
    let s = s.next(QueueAction::Progress(running)).unwrap();
    let v = queue_view(&s, Lang::En, false);
    let p = v.progress.expect("a bar");
    assert_eq!((p.done, p.total, p.settled), (1, 2, 1));
    assert_eq!(p.text, "1 of 2 handed over");
    assert_eq!(p.step.as_deref(), Some("Batch 1 of 1: moving the deals"));
    assert_eq!(v.action, ActionView::Running { stopping: false });
    assert_eq!(v.rows[0].outcome.as_ref().unwrap().hook, "done");
    assert_eq!(v.rows[2].outcome.as_ref().unwrap().hook, "pending");

    let ended = Progress {
        outcomes: vec![(201, Some(Outcome::Done)), (203, Some(Outcome::NotStarted))],
        phase: Phase::Ended,
    };
    let s = s.next(QueueAction::Progress(ended)).unwrap();
    let v = queue_view(&s, Lang::En, false);
    assert_eq!(v.action, ActionView::Ended { resume: true });
    let p = v.progress.expect("the report");
    assert_eq!(
        p.summary.as_deref(),
        Some("Handed over: 1. Failed: 0. Skipped: 0. Not started: 1.")
    );
    assert_eq!(
        v.rows[2].outcome.as_ref().unwrap().text,
        "Not started: the run was stopped"
    );
}

#[test]
fn every_word_in_both_languages() {
    let keys = [
        words::Key::Title,
        words::Key::TitleOne,
        words::Key::Loading,
        words::Key::Reading,
        words::Key::Empty,
        words::Key::NoRules,
        words::Key::Deal,
        words::Key::Channel,
        words::Key::Client,
        words::Key::Operator,
        words::Key::Verdict,
        words::Key::Ready,
        words::Key::AllReady,
        words::Key::Ticked {
            ticked: 1,
            ready: 2,
        },
        words::Key::HandOver(3),
        words::Key::ConfirmTitle(3),
        words::Key::ConfirmBody,
        words::Key::Confirm,
        words::Key::Cancel,
        words::Key::Stop,
        words::Key::Stopping,
        words::Key::Resume,
        words::Key::Progress { done: 1, total: 2 },
        words::Key::StepChats {
            group: 1,
            groups: 2,
        },
        words::Key::StepDeals {
            group: 1,
            groups: 2,
        },
        words::Key::Done,
        words::Key::Failed("x".into()),
        words::Key::Skipped("x".into()),
        words::Key::NotStarted,
        words::Key::Summary {
            done: 1,
            failed: 2,
            skipped: 3,
            not_started: 4,
        },
        words::Key::Unread,
        words::Key::Retry,
        words::Key::Unknown,
    ];
    for k in keys {
        // Exhaustive: a new word does not compile until it is listed above.
        match &k {
            words::Key::Title
            | words::Key::TitleOne
            | words::Key::Loading
            | words::Key::Reading
            | words::Key::Empty
            | words::Key::NoRules
            | words::Key::Deal
            | words::Key::Channel
            | words::Key::Client
            | words::Key::Operator
            | words::Key::Verdict
            | words::Key::Ready
            | words::Key::AllReady
            | words::Key::Ticked { .. }
            | words::Key::HandOver(_)
            | words::Key::ConfirmTitle(_)
            | words::Key::ConfirmBody
            | words::Key::Confirm
            | words::Key::Cancel
            | words::Key::Stop
            | words::Key::Stopping
            | words::Key::Resume
            | words::Key::Progress { .. }
            | words::Key::StepChats { .. }
            | words::Key::StepDeals { .. }
            | words::Key::Done
            | words::Key::Failed(_)
            | words::Key::Skipped(_)
            | words::Key::NotStarted
            | words::Key::Summary { .. }
            | words::Key::Unread
            | words::Key::Retry
            | words::Key::Unknown => {}
        }
        assert_translated(
            &k,
            &words::t(Lang::Ru, k.clone()),
            &words::t(Lang::En, k.clone()),
        );
    }
}
