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
    assert_eq!(done.load_seq, mid.load_seq + 1, "a refresh is due");
    // The refresh keeps the result on screen.
    let refreshed = done.next(loaded(4)).unwrap();
    assert_eq!(refreshed.run.hook(), "done");
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
