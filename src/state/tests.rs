use super::*;
use crate::fixtures::{basis, loaded};
use crate::handover::rules;
use crate::handover::verify::{StepKind, StepStatus};
use crate::view::deal_tab;
use serde_json::json;

#[test]
fn first_screen_transitions() {
    let s = State::default();
    assert_eq!(s.load.hook(), "loading");
    assert_eq!(s.next(Action::Reload), None);
    let ready = s.next(loaded(2)).expect("ready");
    assert_eq!(ready.load.hook(), "ready");
    assert_eq!(ready.next(loaded(2)), None);
    let failed = ready
        .next(Action::Failed(Failure::Network))
        .expect("failed");
    assert_eq!(failed.load.hook(), "failed");
    assert_eq!(failed.run, Run::Idle);
    assert_eq!(failed.next(Action::Failed(Failure::Network)), None);
    let again = failed.next(Action::Reload).expect("reload");
    assert_eq!(again.load, LoadState::Loading);
    assert_eq!(again.load_seq, failed.load_seq + 1);
}

#[test]
fn preview_confirm_run_done() {
    let s = State::default().next(loaded(2)).unwrap();
    assert!(matches!(s.run, Run::Preview(_)), "{:?}", s.run);
    assert_eq!(s.run.hook(), "idle");
    let c = s.next(Action::Start).unwrap();
    assert_eq!(c.run.hook(), "confirming");
    assert_eq!(c.next(Action::Cancel).unwrap().run, s.run);
    let r = c.next(Action::Confirm).unwrap();
    assert_eq!(r.run.hook(), "running");
    assert_eq!(r.run_seq, c.run_seq + 1);
    // A second click while running changes nothing: no second run.
    assert_eq!(r.next(Action::Confirm), None);
    assert_eq!(r.next(Action::Start), None);
    assert_eq!(r.next(Action::ChooseChat(1009)), None);

    let Run::Running(plan, _) = &r.run else {
        unreachable!()
    };
    let mut report = Report::new(plan);
    for (_, st) in report.steps.iter_mut() {
        *st = StepStatus::Done;
    }
    let mid = r
        .next(Action::Progress(Progress {
            report: report.clone(),
            phase: Phase::RoundTrip2,
        }))
        .unwrap();
    assert_eq!(mid.run.hook(), "running");
    let done = mid
        .next(Action::Progress(Progress {
            report,
            phase: Phase::Ended,
        }))
        .unwrap();
    assert_eq!(done.run.hook(), "done");
    // A success without the screen after it (the deal's read after the writes failed).
    assert_eq!(done.load_seq, mid.load_seq + 1, "a fresh load is due");
    // It keeps the result on screen.
    let refreshed = done.next(loaded(4)).unwrap();
    assert_eq!(refreshed.run.hook(), "done");
}

/// The running state of the seed's hand-over and its report with every step done.
fn running_and_done() -> (State, Progress) {
    let r = State::default()
        .next(loaded(2))
        .and_then(|s| s.next(Action::Start))
        .and_then(|s| s.next(Action::Confirm))
        .unwrap();
    let Run::Running(plan, _) = &r.run else {
        unreachable!()
    };
    let mut report = Report::new(plan);
    for (_, st) in report.steps.iter_mut() {
        *st = StepStatus::Done;
    }
    let done = Progress {
        report,
        phase: Phase::Ended,
    };
    (r, done)
}

/// The screen after the seed's hand-over as a settled run brings it: the deal in «Продажа»,
/// the chat with `owner` (0: unreadable).
fn settled(pr: Progress, owner: u64) -> Action {
    let b = basis(2);
    let plan = b.plan(None).expect("a plan");
    let read = crate::handover::verify::Settled {
        deal: crate::fixtures::deal(3, "C3:NEW", 4),
        chat: (owner != 0).then(|| crate::fixtures::seed_dialog(owner)),
    };
    let tab = crate::view::settled_tab(&b.loaded, &plan, read).expect("settled");
    Action::Settled(pr, tab)
}

#[test]
fn a_settled_run_shows_the_screen_after_it_with_no_load() {
    let (r, done) = running_and_done();
    let s = r.next(settled(done.clone(), 0)).expect("settled");
    assert_eq!(s.run.hook(), "done");
    assert_eq!(s.load_seq, r.load_seq, "no request");
    let LoadState::Ready(tab) = &s.load else {
        panic!("{:?}", s.load)
    };
    assert_eq!(tab.pipeline, crate::model::Label::Name("Продажа".into()));
    // The chat the caller can no longer read says where it went.
    assert_eq!(
        tab.chats[0].handed_over,
        Some(HandedOver::User(crate::model::Label::Name(
            "Анна Кузнецова".into()
        )))
    );
    assert_eq!(tab.chats[1].handed_over, None);
    assert_eq!(s.basis, r.basis, "the names and the rules stay the load's");
    // A chat still readable shows its new owner itself.
    let s = r.next(settled(done, 4)).expect("settled");
    let LoadState::Ready(tab) = &s.load else {
        panic!("{:?}", s.load)
    };
    assert_eq!(tab.chats[0].handed_over, None);
}

#[test]
fn a_settled_screen_is_taken_only_from_a_successful_run() {
    let (r, done) = running_and_done();
    // Not running (nothing was confirmed): ignored.
    let idle = State::default().next(loaded(2)).unwrap();
    assert_eq!(idle.next(settled(done.clone(), 0)), None);
    // A report with a failed step is not settled.
    let mut failed = done.clone();
    failed.report.steps[1].1 = StepStatus::NotRun;
    assert_eq!(r.next(settled(failed, 0)), None);
    // Still in flight.
    let in_flight = Progress {
        phase: Phase::RoundTrip2,
        ..done
    };
    assert_eq!(r.next(settled(in_flight, 0)), None);
}

#[test]
fn failure_then_resume_reloads_and_plans_only_what_is_left() {
    let s = State::default().next(loaded(2)).unwrap();
    let r = s
        .next(Action::Start)
        .and_then(|s| s.next(Action::Confirm))
        .unwrap();
    let Run::Running(plan, _) = &r.run else {
        unreachable!()
    };
    let mut report = Report::new(plan);
    report.steps[0].1 = StepStatus::Done;
    let failed = r
        .next(Action::Progress(Progress {
            report,
            phase: Phase::Ended,
        }))
        .unwrap();
    assert_eq!(failed.run.hook(), "failed");
    assert_eq!(failed.load_seq, r.load_seq, "no request after a failure");

    let resuming = failed.next(Action::Start).unwrap();
    assert_eq!(resuming.run.hook(), "running");
    assert_eq!(
        resuming.load_seq,
        failed.load_seq + 1,
        "reads the portal first"
    );
    assert_eq!(resuming.next(Action::Start), None);
    // The portal shows the chat with the target: only the move and the note are left.
    let confirming = resuming.next(loaded(4)).unwrap();
    let Run::Confirming(left) = &confirming.run else {
        panic!("{:?}", confirming.run)
    };
    assert!(left.transfer().is_none());
    assert!(crate::basis::is_resume(left));
    assert_eq!(
        Report::new(left).steps.first().map(|s| s.0),
        Some(StepKind::Move)
    );

    // A resume whose load fails goes back to the failure.
    let back = resuming.next(Action::Failed(Failure::Network)).unwrap();
    assert_eq!(back.run.hook(), "failed");
}

#[test]
fn choosing_another_chat_re_plans() {
    let s = State::default().next(loaded(2)).unwrap();
    let Run::Preview(p) = &s.run else {
        unreachable!()
    };
    assert_eq!(p.preview.chat_id, 1001);
    let other = s.next(Action::ChooseChat(1009)).unwrap();
    let Run::Preview(p) = &other.run else {
        panic!("{:?}", other.run)
    };
    assert_eq!(p.preview.chat_id, 1009);
    assert_eq!(other.load_seq, s.load_seq, "no request");
    assert_eq!(other.next(Action::ChooseChat(1009)), None);
}

#[test]
fn unreadable_rules_block_but_keep_the_first_screen() {
    let mut b = (*basis(2)).clone();
    b.rules = rules::parse(&json!("{not json"));
    let s = State::default()
        .next(Action::Loaded(deal_tab(&b.loaded), Rc::new(b)))
        .unwrap();
    assert_eq!(s.load.hook(), "ready");
    assert!(matches!(s.run, Run::Blocked(Blocker::RulesUnreadable(_))));
    assert_eq!(s.next(Action::Start), None);
}

#[test]
fn waiting_for_the_portal_is_shown_and_cleared_without_touching_the_run() {
    let running = State::default()
        .next(loaded(2))
        .and_then(|s| s.next(Action::Start))
        .and_then(|s| s.next(Action::Confirm))
        .unwrap();
    let waiting = running.next(Action::Waiting(true)).unwrap();
    assert!(waiting.waiting);
    assert_eq!(waiting.run, running.run, "not an error: the run goes on");
    assert_eq!(
        (waiting.load_seq, waiting.run_seq),
        (running.load_seq, running.run_seq)
    );
    assert_eq!(waiting.next(Action::Waiting(true)), None, "already waiting");
    let done = waiting.next(Action::Waiting(false)).unwrap();
    assert_eq!(done, running);
    assert_eq!(running.next(Action::Waiting(false)), None);
    // While the first screen loads, too.
    let loading = State::default().next(Action::Waiting(true)).unwrap();
    assert!(loading.waiting && loading.load == LoadState::Loading);
}
