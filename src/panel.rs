//! What the hand-over panel shows, derived from the load ([`Basis`]) and the run ([`Run`]):
//! translated text and `data-*` hooks, ready to render. Names come from the load; an id that
//! could not be named is worded by `i18n::label` ("User #4" / "Line #3").

use crate::basis::{is_resume, Basis};
use crate::handover::note::{ChatNote, DealNote, NoteFacts};
use crate::handover::plan::{Blocker, Fixer, Plan, Step, Warning};
use crate::handover::rules::Target;
use crate::handover::run::{Phase, Progress};
use crate::handover::verify::{StepFailure, StepKind, StepStatus};
use crate::i18n::{label, t, Key, Lang};
use crate::model;
use crate::state::Run;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelView {
    pub run: RunPhase,
    pub result: Option<ResultView>,
    pub blocker: Option<BlockerView>,
    pub preview: Option<PreviewView>,
    /// Radio choices, when the deal has several chats and nothing runs.
    pub chats: Vec<ChatOption>,
    pub steps: Vec<StepView>,
    pub action: ActionView,
}

/// Where the hand-over is, as `<main id="handover" data-run>` says it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunPhase {
    /// Nothing runs: a preview, a blocker, or nothing loaded.
    #[default]
    Idle,
    Confirming,
    Running,
    Done,
    Failed,
}

impl RunPhase {
    pub fn of(run: &Run) -> RunPhase {
        match run {
            Run::Idle | Run::Preview(_) | Run::Blocked(_) => RunPhase::Idle,
            Run::Confirming(_) => RunPhase::Confirming,
            Run::Resuming(..) | Run::Running(..) => RunPhase::Running,
            Run::Finished(..) => RunPhase::Done,
            Run::Failed(..) => RunPhase::Failed,
        }
    }

    /// `data-run`.
    pub fn hook(self) -> &'static str {
        match self {
            RunPhase::Idle => "idle",
            RunPhase::Confirming => "confirming",
            RunPhase::Running => "running",
            RunPhase::Done => "done",
            RunPhase::Failed => "failed",
        }
    }
}

/// How the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Failed,
}

impl Outcome {
    /// `data-run-result`.
    pub fn hook(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultView {
    pub outcome: Outcome,
    pub title: String,
    pub body: String,
}

/// What stops the hand-over, one arm per [`Blocker`] arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockerKind {
    RulesUnreadable,
    NoRules,
    NoRule,
    RuleInvalid,
    StageNotOffered,
    NoChat,
    SessionClosed,
    MayNotTransfer,
    TargetIsMe,
    TargetUnknown,
    TargetInactive,
    TargetNotEmployee,
    TargetLineMissing,
    NothingToDo,
}

impl BlockerKind {
    pub fn of(b: &Blocker) -> BlockerKind {
        match b {
            Blocker::RulesUnreadable(_) => BlockerKind::RulesUnreadable,
            Blocker::NoRules => BlockerKind::NoRules,
            Blocker::NoRuleForPipeline { .. } => BlockerKind::NoRule,
            Blocker::RuleInvalid { .. } => BlockerKind::RuleInvalid,
            Blocker::StageNotOffered { .. } => BlockerKind::StageNotOffered,
            Blocker::NoChat => BlockerKind::NoChat,
            Blocker::SessionClosed { .. } => BlockerKind::SessionClosed,
            Blocker::MayNotTransfer { .. } => BlockerKind::MayNotTransfer,
            Blocker::TargetIsMe { .. } => BlockerKind::TargetIsMe,
            Blocker::TargetUserUnknown { .. } => BlockerKind::TargetUnknown,
            Blocker::TargetUserInactive { .. } => BlockerKind::TargetInactive,
            Blocker::TargetUserNotEmployee { .. } => BlockerKind::TargetNotEmployee,
            Blocker::TargetLineMissing { .. } => BlockerKind::TargetLineMissing,
            Blocker::NothingToDo => BlockerKind::NothingToDo,
        }
    }

    /// `data-blocker`.
    pub fn hook(self) -> &'static str {
        match self {
            BlockerKind::RulesUnreadable => "rules-unreadable",
            BlockerKind::NoRules => "no-rules",
            BlockerKind::NoRule => "no-rule",
            BlockerKind::RuleInvalid => "rule-invalid",
            BlockerKind::StageNotOffered => "stage-not-offered",
            BlockerKind::NoChat => "no-chat",
            BlockerKind::SessionClosed => "session-closed",
            BlockerKind::MayNotTransfer => "may-not-transfer",
            BlockerKind::TargetIsMe => "target-is-me",
            BlockerKind::TargetUnknown => "target-unknown",
            BlockerKind::TargetInactive => "target-inactive",
            BlockerKind::TargetNotEmployee => "target-not-employee",
            BlockerKind::TargetLineMissing => "target-line-missing",
            BlockerKind::NothingToDo => "nothing-to-do",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockerView {
    pub kind: BlockerKind,
    pub title: String,
    pub body: String,
    /// Who can fix it, when someone can.
    pub fix: Option<String>,
    /// An admin can repair it in the settings (the rules are unreadable).
    pub repair: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewView {
    pub chat: String,
    pub operator_from: String,
    pub operator_to: String,
    pub deal_from: String,
    pub deal_to: String,
    /// "A → B", only when the responsible changes.
    pub responsible: Option<String>,
    pub warnings: Vec<WarningView>,
}

/// What to know before handing over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningKind {
    TargetNotInQueue,
    TargetLineInactive,
}

impl WarningKind {
    /// `data-warning`.
    pub fn hook(self) -> &'static str {
        match self {
            WarningKind::TargetNotInQueue => "target-not-in-queue",
            WarningKind::TargetLineInactive => "target-line-inactive",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningView {
    pub kind: WarningKind,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatOption {
    pub chat_id: u64,
    pub label: String,
    pub checked: bool,
}

/// The `data-step` hook of a report line (the view's word for a step).
impl StepKind {
    pub fn hook(self) -> &'static str {
        match self {
            StepKind::Transfer => "transfer",
            StepKind::Move => "move",
            StepKind::Note => "note",
        }
    }
}

/// Where a step of the run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    Pending,
    Running,
    Done,
    Failed,
    /// The run ended before it.
    NotRun,
}

impl StepState {
    /// `data-status`.
    pub fn hook(self) -> &'static str {
        match self {
            StepState::Pending => "pending",
            StepState::Running => "running",
            StepState::Done => "done",
            StepState::Failed => "failed",
            StepState::NotRun => "not-run",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepView {
    pub step: StepKind,
    pub status: StepState,
    pub label: String,
    pub status_text: String,
    /// Why a failed step failed.
    pub error: Option<StepError>,
}

/// Why a step failed, one arm per [`StepFailure`] arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Api,
    NotMoved,
    ConcurrentChange,
    ChatChanged,
    StageReplaced,
    WrongCategory,
}

impl Reason {
    /// `data-reason`.
    pub fn hook(self) -> &'static str {
        match self {
            Reason::Api => "api",
            Reason::NotMoved => "not-moved",
            Reason::ConcurrentChange => "concurrent-change",
            Reason::ChatChanged => "chat-changed",
            Reason::StageReplaced => "stage-replaced",
            Reason::WrongCategory => "wrong-category",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepError {
    pub reason: Reason,
    pub text: String,
}

/// The button row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionView {
    None,
    /// `button.handover-start`; `resume` finishes a partial hand-over; `busy` while running.
    Start {
        resume: bool,
        busy: bool,
    },
    /// `button.handover-confirm` and `button.handover-cancel`.
    Confirm,
}

/// Names from the load, worded for `lang` (model::Names decides, i18n::label words).
pub struct Names<'a> {
    pub basis: &'a Basis,
    pub names: model::Names<'a>,
    pub lang: Lang,
}

impl<'a> Names<'a> {
    /// What the load can name ([`crate::load::Context::names`]).
    pub fn new(basis: &'a Basis, lang: Lang) -> Self {
        Names {
            basis,
            names: basis.loaded.names(),
            lang,
        }
    }

    pub fn user(&self, id: u64) -> String {
        label(self.lang, &self.names.user(id))
    }

    pub fn line(&self, id: u64) -> String {
        label(self.lang, &self.names.line(id))
    }

    pub fn pipeline(&self, id: u64) -> String {
        label(self.lang, &self.names.pipeline(id))
    }

    pub fn stage(&self, id: &str) -> String {
        label(self.lang, &self.names.stage(id))
    }

    /// "Pipeline · Stage".
    pub fn place(&self, category_id: u64, stage_id: &str) -> String {
        format!("{} · {}", self.pipeline(category_id), self.stage(stage_id))
    }

    /// Who has the chat: an operator, or a line's queue.
    pub fn holder(&self, operator: Option<u64>, line: Option<u64>) -> String {
        match (operator, line) {
            (Some(id), _) => self.user(id),
            (None, Some(line)) => t(self.lang, Key::LineQueue(self.line(line))),
            (None, None) => t(self.lang, Key::InQueue),
        }
    }

    pub fn target(&self, target: Target) -> String {
        match target {
            Target::User(id) => self.user(id),
            Target::Line(id) => t(self.lang, Key::LineQueue(self.line(id))),
        }
    }
}

/// The panel for `run`, with names from `basis`. `is_admin` words who can repair the rules.
pub fn panel(
    basis: &Basis,
    chosen: Option<u64>,
    run: &Run,
    lang: Lang,
    is_admin: bool,
) -> PanelView {
    let n = Names::new(basis, lang);
    let idle = matches!(run, Run::Preview(_) | Run::Blocked(_));
    let chats = if idle && basis.loaded.chats.len() > 1 {
        let current = basis.chat(chosen).map(|c| c.chat.chat_id);
        basis
            .loaded
            .chats
            .iter()
            .map(|c| ChatOption {
                chat_id: c.chat.chat_id,
                label: chat_label(&n, c.chat.chat_id, &c.chat.connector_title),
                checked: current == Some(c.chat.chat_id),
            })
            .collect()
    } else {
        Vec::new()
    };
    let (plan, progress) = match run {
        Run::Preview(p) | Run::Confirming(p) => (Some(p), None),
        Run::Resuming(p, pr) | Run::Running(p, pr) | Run::Finished(p, pr) | Run::Failed(p, pr) => {
            (Some(p), Some(pr))
        }
        Run::Idle | Run::Blocked(_) => (None, None),
    };
    let preview = match run {
        Run::Preview(p) | Run::Confirming(p) | Run::Running(p, _) => Some(preview(&n, p)),
        _ => None,
    };
    let steps = match (plan, progress) {
        (Some(p), Some(pr)) => steps(&n, p, pr),
        _ => Vec::new(),
    };
    let result = match run {
        Run::Finished(..) => Some(ResultView {
            outcome: Outcome::Done,
            title: t(lang, Key::DoneTitle),
            body: t(lang, Key::DoneBody),
        }),
        Run::Failed(..) | Run::Resuming(..) => Some(ResultView {
            outcome: Outcome::Failed,
            title: t(lang, Key::FailedTitle),
            body: t(lang, Key::FailedBody),
        }),
        _ => None,
    };
    let action = match run {
        Run::Preview(p) => ActionView::Start {
            resume: is_resume(p),
            busy: false,
        },
        Run::Confirming(_) => ActionView::Confirm,
        Run::Running(p, _) => ActionView::Start {
            resume: is_resume(p),
            busy: true,
        },
        Run::Resuming(..) => ActionView::Start {
            resume: true,
            busy: true,
        },
        Run::Failed(..) => ActionView::Start {
            resume: true,
            busy: false,
        },
        Run::Idle | Run::Blocked(_) | Run::Finished(..) => ActionView::None,
    };
    PanelView {
        run: RunPhase::of(run),
        result,
        blocker: match run {
            Run::Blocked(b) => Some(blocker(&n, b, is_admin)),
            _ => None,
        },
        preview,
        chats,
        steps,
        action,
    }
}

fn chat_label(n: &Names, chat_id: u64, channel: &str) -> String {
    let client = n
        .basis
        .loaded
        .chats
        .iter()
        .find(|c| c.chat.chat_id == chat_id)
        .and_then(|c| c.client_name())
        .unwrap_or_else(|| t(n.lang, Key::NotAvailable));
    t(
        n.lang,
        Key::ChatOf {
            channel: channel.trim().to_owned(),
            client,
        },
    )
}

fn preview(n: &Names, plan: &Plan) -> PreviewView {
    let p = &plan.preview;
    let lang = n.lang;
    let responsible = plan.steps.iter().find_map(|s| match s {
        Step::Move {
            assigned_by_id: Some(to),
            ..
        } => {
            let from = n
                .basis
                .loaded
                .deal
                .assigned_by_id
                .map_or_else(|| t(lang, Key::NotAvailable), |id| n.user(id));
            Some(format!("{from} → {}", n.user(*to)))
        }
        _ => None,
    });
    let warnings = plan
        .warnings
        .iter()
        .map(|w| match w {
            Warning::TargetNotInChatLineQueue { user_id, line_id } => WarningView {
                kind: WarningKind::TargetNotInQueue,
                text: t(
                    lang,
                    Key::WarnNotInQueue {
                        user: n.user(*user_id),
                        line: n.line(*line_id),
                    },
                ),
            },
            Warning::TargetLineInactive { line_id } => WarningView {
                kind: WarningKind::TargetLineInactive,
                text: t(lang, Key::WarnLineInactive(n.line(*line_id))),
            },
        })
        .collect();
    PreviewView {
        chat: chat_label(n, p.chat_id, &p.connector_title),
        operator_from: n.holder(p.from_operator, p.from_line),
        operator_to: n.target(p.to),
        deal_from: n.place(p.from_category_id, &p.from_stage_id),
        deal_to: n.place(p.to_category_id, &p.to_stage_id),
        responsible,
        warnings,
    }
}

fn steps(n: &Names, plan: &Plan, pr: &Progress) -> Vec<StepView> {
    let lang = n.lang;
    pr.report
        .steps
        .iter()
        .map(|(kind, status)| {
            let in_flight = match kind {
                StepKind::Transfer => pr.phase == Phase::RoundTrip1,
                StepKind::Move | StepKind::Note => pr.phase == Phase::RoundTrip2,
            };
            let (state, word) = match status {
                StepStatus::Done => (StepState::Done, Key::StatusDone),
                StepStatus::Failed(_) => (StepState::Failed, Key::StatusFailed),
                StepStatus::NotRun if pr.phase == Phase::Ended => {
                    (StepState::NotRun, Key::StatusNotRun)
                }
                StepStatus::NotRun if in_flight => (StepState::Running, Key::StatusRunning),
                StepStatus::NotRun => (StepState::Pending, Key::StatusPending),
            };
            let label = match kind {
                StepKind::Transfer => Key::StepTransfer(n.target(plan.rule.target)),
                StepKind::Move => {
                    Key::StepMove(n.place(plan.rule.to_category_id, &plan.rule.to_stage_id))
                }
                StepKind::Note => Key::StepNote,
            };
            StepView {
                step: *kind,
                status: state,
                label: t(lang, label),
                status_text: t(lang, word),
                error: match status {
                    StepStatus::Failed(f) => Some(failure(n, f)),
                    _ => None,
                },
            }
        })
        .collect()
}

pub fn failure(n: &Names, f: &StepFailure) -> StepError {
    let lang = n.lang;
    let (reason, text) = match f {
        StepFailure::Api { kind, code } => {
            let mut text = t(lang, Key::ErrKind(*kind));
            if !code.is_empty() {
                text = format!("{text} {}", t(lang, Key::ErrorCode(code.clone())));
            }
            (Reason::Api, text)
        }
        StepFailure::NotMoved { owner } => (
            Reason::NotMoved,
            t(lang, Key::ErrNotMoved(n.holder(*owner, None))),
        ),
        StepFailure::ConcurrentChange {
            category_id,
            stage_id,
        } => (
            Reason::ConcurrentChange,
            t(
                lang,
                Key::ErrConcurrentChange(n.place(*category_id, stage_id)),
            ),
        ),
        StepFailure::ChatChanged { owner } => (
            Reason::ChatChanged,
            t(lang, Key::ErrChatChanged(n.holder(*owner, None))),
        ),
        StepFailure::StageReplaced { got } => (
            Reason::StageReplaced,
            t(lang, Key::ErrStageReplaced(n.stage(got))),
        ),
        StepFailure::WrongCategory { got } => (
            Reason::WrongCategory,
            t(lang, Key::ErrWrongCategory(n.pipeline(*got))),
        ),
    };
    StepError { reason, text }
}

/// What the timeline note says about `plan` (the runner keeps the parts this run does).
/// `when` is the time as people read it.
pub fn note_facts(basis: &Basis, plan: &Plan, lang: Lang, when: String) -> NoteFacts {
    let n = Names::new(basis, lang);
    let p = &plan.preview;
    let client = basis
        .chat(Some(p.chat_id))
        .and_then(|c| c.client_name())
        .unwrap_or_else(|| t(lang, Key::NotAvailable));
    NoteFacts {
        by: basis
            .loaded
            .me
            .as_ref()
            .map_or_else(|| t(lang, Key::NotAvailable), |me| n.user(me.id)),
        when,
        chat: Some(ChatNote {
            chat_id: p.chat_id,
            channel: p.connector_title.clone(),
            client,
            from: n.holder(p.from_operator, p.from_line),
            to: n.target(p.to),
        }),
        deal: Some(DealNote {
            from_pipeline: n.pipeline(p.from_category_id),
            from_stage: n.stage(&p.from_stage_id),
            to_pipeline: n.pipeline(p.to_category_id),
            to_stage: n.stage(&p.to_stage_id),
        }),
    }
}

pub fn blocker(n: &Names, b: &Blocker, is_admin: bool) -> BlockerView {
    let lang = n.lang;
    let (title, body) = match b {
        Blocker::RulesUnreadable(_) => (Key::BlockRulesUnreadable, Key::BlockRulesUnreadableBody),
        Blocker::NoRules => (Key::BlockNoRules, Key::BlockNoRulesBody),
        Blocker::NoRuleForPipeline { category_id } => (
            Key::BlockNoRule,
            Key::BlockNoRuleBody(n.pipeline(*category_id)),
        ),
        Blocker::RuleInvalid { rule_id, .. } => (
            Key::BlockRuleInvalid,
            Key::BlockRuleInvalidBody(rule_id.clone()),
        ),
        Blocker::StageNotOffered { stage_id, allowed } => (
            Key::BlockStageNotOffered,
            Key::BlockStageNotOfferedBody {
                stage: n.stage(stage_id),
                allowed: allowed
                    .iter()
                    .map(|s| format!("«{}»", n.stage(s)))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        ),
        Blocker::NoChat => (Key::BlockNoChat, Key::BlockNoChatBody),
        Blocker::SessionClosed { .. } => (Key::BlockSessionClosed, Key::BlockSessionClosedBody),
        Blocker::MayNotTransfer { .. } => (Key::BlockMayNotTransfer, Key::BlockMayNotTransferBody),
        Blocker::TargetIsMe { .. } => (Key::BlockTargetIsMe, Key::BlockTargetIsMeBody),
        Blocker::TargetUserUnknown { user_id } => (
            Key::BlockTargetUnknown,
            Key::BlockTargetUnknownBody(n.user(*user_id)),
        ),
        Blocker::TargetUserInactive { user_id } => (
            Key::BlockTargetInactive,
            Key::BlockTargetInactiveBody(n.user(*user_id)),
        ),
        Blocker::TargetUserNotEmployee { user_id } => (
            Key::BlockTargetNotEmployee,
            Key::BlockTargetNotEmployeeBody(n.user(*user_id)),
        ),
        Blocker::TargetLineMissing { line_id } => (
            Key::BlockTargetLineMissing,
            Key::BlockTargetLineMissingBody(n.line(*line_id)),
        ),
        Blocker::NothingToDo => (Key::BlockNothingToDo, Key::BlockNothingToDoBody),
    };
    let fix = match (b.fixer(), b) {
        (Fixer::Admin, _) if is_admin => Some(Key::FixInSettings),
        (Fixer::Admin, _) => Some(Key::FixAskAdmin),
        (Fixer::Person(Some(id)), _) => Some(Key::FixAskPerson(n.user(id))),
        (_, Blocker::StageNotOffered { .. }) => Some(Key::FixStage),
        (_, Blocker::SessionClosed { .. }) => Some(Key::FixWaitClient),
        (_, Blocker::MayNotTransfer { .. } | Blocker::TargetIsMe { .. }) => {
            Some(Key::FixAskOperator)
        }
        _ => None,
    };
    let kind = BlockerKind::of(b);
    BlockerView {
        kind,
        repair: is_admin && kind == BlockerKind::RulesUnreadable,
        title: t(lang, title),
        body: t(lang, body),
        fix: fix.map(|k| t(lang, k)),
    }
}

#[cfg(test)]
mod tests;
