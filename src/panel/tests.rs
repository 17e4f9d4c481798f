use super::*;
use crate::fixtures::{basis, loaded};
use crate::handover::verify::Report;
use crate::state::{Action, State};

fn state(owner: u64) -> State {
    State::default().next(loaded(owner)).unwrap()
}

fn view(s: &State, lang: Lang) -> PanelView {
    panel(s.basis.as_ref().unwrap(), s.chat, &s.run, lang, false)
}

#[test]
fn the_preview_names_people_pipelines_and_stages() {
    let s = state(2);
    let v = view(&s, Lang::Ru);
    assert_eq!(v.run.hook(), "idle");
    let p = v.preview.expect("a preview");
    assert_eq!(p.chat, "WhatsApp · Ирина Белова");
    assert_eq!(p.operator_from, "Ольга Смирнова");
    assert_eq!(p.operator_to, "Анна Кузнецова");
    assert_eq!(p.deal_from, "Предпродажа · Сделка успешна");
    assert_eq!(p.deal_to, "Продажа · Новая");
    assert_eq!(
        p.responsible.as_deref(),
        Some("Ольга Смирнова → Анна Кузнецова")
    );
    assert_eq!(
        v.action,
        ActionView::Start {
            resume: false,
            busy: false
        }
    );
    assert_eq!(v.chats.len(), 2);
    assert!(v.chats[0].checked && !v.chats[1].checked);
}

#[test]
fn a_partial_hand_over_offers_to_finish() {
    let v = view(&state(4), Lang::En);
    assert_eq!(
        v.action,
        ActionView::Start {
            resume: true,
            busy: false
        }
    );
}

#[test]
fn steps_report_running_then_failed_with_reasons() {
    let s = state(2)
        .next(Action::Start)
        .and_then(|s| s.next(Action::Confirm))
        .unwrap();
    let v = view(&s, Lang::En);
    assert_eq!(v.run.hook(), "running");
    let hooks: Vec<(&str, &str)> = v
        .steps
        .iter()
        .map(|s| (s.step.hook(), s.status.hook()))
        .collect();
    assert_eq!(
        hooks,
        [
            ("transfer", "running"),
            ("move", "pending"),
            ("note", "pending")
        ]
    );
    assert_eq!(
        v.action,
        ActionView::Start {
            resume: false,
            busy: true
        }
    );
    let Run::Running(plan, _) = &s.run else {
        unreachable!()
    };
    let mut report = Report::new(plan);
    report.steps[0].1 = StepStatus::Failed(StepFailure::NotMoved { owner: Some(2) });
    let failed = s
        .next(Action::Progress(Progress {
            report,
            phase: Phase::Ended,
        }))
        .unwrap();
    let v = view(&failed, Lang::En);
    assert_eq!(v.run.hook(), "failed");
    assert_eq!(v.result.as_ref().map(|r| r.outcome.hook()), Some("failed"));
    assert_eq!(v.steps[0].status.hook(), "failed");
    let StepError { reason, text } = v.steps[0].error.clone().unwrap();
    assert_eq!(reason.hook(), "not-moved");
    assert!(text.contains("Ольга Смирнова"), "{text}");
    assert_eq!(v.steps[1].status.hook(), "not-run");
    assert_eq!(
        v.action,
        ActionView::Start {
            resume: true,
            busy: false
        }
    );
}

#[test]
fn blockers_say_who_can_fix_them() {
    let b = basis(2);
    let blocked = |blocker: Blocker, admin: bool| {
        panel(&b, None, &Run::Blocked(blocker), Lang::Ru, admin)
            .blocker
            .unwrap()
    };
    let broken = crate::handover::rules::parse(&serde_json::json!("{x")).unwrap_err();
    let admin = blocked(Blocker::RulesUnreadable(broken.clone()), true);
    let user = blocked(Blocker::RulesUnreadable(broken), false);
    assert_eq!(admin.kind.hook(), "rules-unreadable");
    assert!(admin.repair && !user.repair);
    assert_ne!(admin.fix, user.fix);
    let me = blocked(
        Blocker::TargetIsMe {
            user_id: 4,
            operator: Some(4),
        },
        false,
    );
    assert_eq!(me.fix.as_deref(), Some("Обратитесь к: Анна Кузнецова."));
    let inactive = blocked(Blocker::TargetUserInactive { user_id: 9 }, false);
    assert_eq!(inactive.kind.hook(), "target-inactive");
    assert!(inactive.body.contains("Пользователь #9"));
    assert_eq!(blocked(Blocker::NothingToDo, false).fix, None);
}

#[test]
fn hooks_keep_the_values_the_e2e_suite_reads() {
    // Pins every data-* value the view-model enums write: the e2e tests select on them.
    let runs = [
        RunPhase::Idle,
        RunPhase::Confirming,
        RunPhase::Running,
        RunPhase::Done,
        RunPhase::Failed,
    ];
    let runs: Vec<&str> = runs.iter().map(|r| r.hook()).collect();
    assert_eq!(runs, ["idle", "confirming", "running", "done", "failed"]);
    assert_eq!(
        [Outcome::Done.hook(), Outcome::Failed.hook()],
        ["done", "failed"]
    );
    let states = [
        StepState::Pending,
        StepState::Running,
        StepState::Done,
        StepState::Failed,
        StepState::NotRun,
    ];
    let states: Vec<&str> = states.iter().map(|s| s.hook()).collect();
    assert_eq!(states, ["pending", "running", "done", "failed", "not-run"]);
    let steps = [StepKind::Transfer, StepKind::Move, StepKind::Note];
    let steps: Vec<&str> = steps.iter().map(|s| s.hook()).collect();
    assert_eq!(steps, ["transfer", "move", "note"]);
    let reasons = [
        Reason::Api,
        Reason::NotMoved,
        Reason::ConcurrentChange,
        Reason::ChatChanged,
        Reason::StageReplaced,
        Reason::WrongCategory,
    ];
    let reasons: Vec<&str> = reasons.iter().map(|r| r.hook()).collect();
    assert_eq!(
        reasons,
        [
            "api",
            "not-moved",
            "concurrent-change",
            "chat-changed",
            "stage-replaced",
            "wrong-category"
        ]
    );
    assert_eq!(
        [
            WarningKind::TargetNotInQueue.hook(),
            WarningKind::TargetLineInactive.hook()
        ],
        ["target-not-in-queue", "target-line-inactive"]
    );
    let blockers = [
        BlockerKind::RulesUnreadable,
        BlockerKind::NoRules,
        BlockerKind::NoRule,
        BlockerKind::RuleInvalid,
        BlockerKind::StageNotOffered,
        BlockerKind::NoChat,
        BlockerKind::SessionClosed,
        BlockerKind::MayNotTransfer,
        BlockerKind::TargetIsMe,
        BlockerKind::TargetUnknown,
        BlockerKind::TargetInactive,
        BlockerKind::TargetNotEmployee,
        BlockerKind::TargetLineMissing,
        BlockerKind::NothingToDo,
    ];
    let blockers: Vec<&str> = blockers.iter().map(|b| b.hook()).collect();
    assert_eq!(
        blockers,
        [
            "rules-unreadable",
            "no-rules",
            "no-rule",
            "rule-invalid",
            "stage-not-offered",
            "no-chat",
            "session-closed",
            "may-not-transfer",
            "target-is-me",
            "target-unknown",
            "target-inactive",
            "target-not-employee",
            "target-line-missing",
            "nothing-to-do"
        ]
    );
}
