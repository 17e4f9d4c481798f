use super::*;
use crate::fixtures::seed_rules;
use crate::portal::testing::block_on;
use crate::queue::bulk::Progress;
use crate::queue::fake::FakePortal;

/// A queue of deals 201–203, 202 without a chat (blocked).
fn queue() -> Rc<Queue> {
    let portal = FakePortal::seeded(3);
    portal.state.borrow_mut().chats.retain(|c| c.deal != 202);
    let mut q = Queue::new(seed_rules());
    while block_on(q.read_page(&portal)).expect("a page") {}
    Rc::new(q)
}

fn loaded() -> QueueState {
    QueueState::default()
        .next(QueueAction::Page(queue(), false))
        .expect("loaded")
}

fn go(s: &QueueState, a: QueueAction) -> QueueState {
    s.next(a.clone())
        .unwrap_or_else(|| panic!("{a:?} changed nothing"))
}

fn ended(outcomes: Vec<(u64, Option<Outcome>)>) -> Progress {
    Progress {
        outcomes,
        phase: Phase::Ended,
    }
}

#[test]
fn only_ready_deals_tick_and_all_ready_toggles() {
    let s = loaded();
    assert_eq!(s.load.hook(), "ready");
    assert_eq!(s.next(QueueAction::Tick(202)), None, "a blocked deal");
    let s = go(&s, QueueAction::Tick(203));
    assert_eq!(s.ticked, [203]);
    let s = go(&s, QueueAction::TickAllReady);
    assert_eq!(s.ticked, [201, 203]);
    let s = go(&s, QueueAction::TickAllReady);
    assert!(s.ticked.is_empty());
}

#[test]
fn the_hand_over_asks_once_more_and_runs_once() {
    let s = loaded();
    assert_eq!(s.next(QueueAction::Start), None, "nothing ticked");
    let s = go(&go(&s, QueueAction::TickAllReady), QueueAction::Start);
    assert_eq!(s.run.hook(), "confirming");
    let cancelled = go(&s, QueueAction::Cancel);
    assert_eq!(cancelled.run, BulkRun::Idle);
    let s = go(&s, QueueAction::Confirm);
    assert_eq!((s.run.hook(), s.run_seq), ("running", 1));
    // Busy: no ticking, no second start.
    assert_eq!(s.next(QueueAction::Tick(201)), None);
    assert_eq!(s.next(QueueAction::Start), None);
    let s = go(&s, QueueAction::Stop);
    assert!(matches!(s.run, BulkRun::Running { stopping: true, .. }));
    let s = go(
        &s,
        QueueAction::Progress(ended(vec![
            (201, Some(Outcome::Done)),
            (203, Some(Outcome::NotStarted)),
        ])),
    );
    assert_eq!(s.run.hook(), "ended");
    assert_eq!(s.ticked, [203], "the done deal is no longer ticked");
}

#[test]
fn resume_reads_again_and_continues_with_what_is_still_ready() {
    let s = go(&loaded(), QueueAction::TickAllReady);
    let s = go(&go(&s, QueueAction::Start), QueueAction::Confirm);
    let s = go(
        &s,
        QueueAction::Progress(ended(vec![
            (201, Some(Outcome::Done)),
            (203, Some(Outcome::NotStarted)),
        ])),
    );
    let s = go(&s, QueueAction::Resume);
    assert_eq!((s.load.hook(), s.load_seq), ("loading", 1));
    // The fresh read no longer lists 201 (moved); 203 is still ready: it runs.
    let s = go(&s, QueueAction::Page(queue(), false));
    assert_eq!(s.ticked, [203]);
    assert_eq!((s.run.hook(), s.run_seq), ("running", 2));
}

#[test]
fn the_row_menu_ticks_its_deal_when_ready() {
    let portal = FakePortal::seeded(1);
    let mut q = Queue::for_deal(seed_rules(), 201);
    while block_on(q.read_page(&portal)).expect("a page") {}
    let s = go(&QueueState::default(), QueueAction::Page(Rc::new(q), false));
    assert_eq!(s.ticked, [201]);
}

#[test]
fn a_failed_read_is_failed_not_loading() {
    let s = go(
        &QueueState::default(),
        QueueAction::Failed(Failure::Network),
    );
    assert_eq!(s.load.hook(), "failed");
    let s = go(&s, QueueAction::Reload);
    assert_eq!((s.load.hook(), s.load_seq), ("loading", 1));
    assert_eq!(s.next(QueueAction::Waiting(false)), None);
    assert!(go(&s, QueueAction::Waiting(true)).waiting);
}
