//! `plan`: what the hand-over of one deal needs, decided from what the load read. Pure.
//!
//! A plan carries ids only; names are the view's job. It is computed again from a fresh read
//! after every round trip and on every click, so "already done" always comes from the portal:
//! a chat whose owner is already the target gets no second transfer, a deal already in the
//! target pipeline no second move.

use super::rules::{self, Field, Finding, PortalFacts, Problem, Rule, Rules, RulesError, Target};
use crate::model::{
    ChatContext, Deal, Dialog, OpenLine, Pipeline, PipelineStages, SessionState, Stage, User,
};

/// The chosen chat, as the load saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatFacts {
    pub chat_id: u64,
    pub connector_title: String,
    /// Listed by `imopenlines.crm.chat.get ACTIVE_ONLY=Y` (session status 10–49).
    pub active: bool,
    /// The dialog as `imopenlines.dialog.get` gave it; `None` when the read failed. A user who may
    /// read the dialog may also transfer it (both need membership or `Config::canJoin`,
    /// bitrix24-rest.md §8 and open point 2), so an unreadable dialog is one we may not transfer.
    pub dialog: Option<Dialog>,
}

impl ChatFacts {
    pub fn from_load(c: &ChatContext) -> ChatFacts {
        ChatFacts {
            chat_id: c.chat.chat_id,
            connector_title: c.chat.connector_title.clone(),
            active: c.active,
            dialog: c.dialog.clone(),
        }
    }

    /// Whether the session is still open, as [`SessionState`] decides it for the card too.
    pub fn session_open(&self) -> bool {
        SessionState::of(self.active, self.dialog.as_ref()).is_open()
    }
}

/// Everything `plan` looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct Context {
    pub deal: Deal,
    /// The chat to hand over; `None` when the deal has none.
    pub chat: Option<ChatFacts>,
    /// The current user.
    pub me: u64,
    /// The rule's target user as `user.get` read it (`None` if not read or not found).
    pub target_user: Option<User>,
    pub lines: Vec<OpenLine>,
    pub pipelines: Vec<Pipeline>,
    /// Stages of the rule's target pipeline, when read; `None` falls back to the `C<id>:`
    /// naming convention.
    pub target_stages: Option<Vec<Stage>>,
}

impl Context {
    /// What the load read about the things `rule` refers to, for [`rules::validate`]: the
    /// pipelines, the target pipeline's stages (when read), the target user (when read) and
    /// the lines.
    fn facts(&self, rule: &Rule) -> PortalFacts {
        PortalFacts {
            pipelines: self.pipelines.clone(),
            stages: self
                .target_stages
                .iter()
                .map(|s| PipelineStages {
                    category_id: rule.to_category_id,
                    stages: s.clone(),
                })
                .collect(),
            users: self.target_user.iter().cloned().collect(),
            lines: self.lines.clone(),
        }
    }
}

/// The chat a hand-over is about: the newest one whose session is open, else the newest one
/// (so that a closed session is reported as such rather than as "no chat").
pub fn choose_chat(chats: &[ChatContext]) -> Option<&ChatContext> {
    chats
        .iter()
        .find(|c| c.session().is_open())
        .or_else(|| chats.first())
}

/// One write the hand-over makes, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// `imopenlines.operator.transfer`.
    Transfer { chat_id: u64, to: Target },
    /// `crm.item.update` of the deal into the target pipeline and stage.
    Move {
        deal_id: u64,
        category_id: u64,
        stage_id: String,
        /// `Some` when the responsible follows a user target and is not already that user.
        assigned_by_id: Option<u64>,
    },
    /// `crm.timeline.comment.add` on the deal (its text is built at run time, [`super::note`]).
    Note { deal_id: u64 },
}

/// What the preview shows (ids; the view resolves names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub chat_id: u64,
    pub connector_title: String,
    /// The chat's operator now (`None`: in a queue).
    pub from_operator: Option<u64>,
    pub from_line: Option<u64>,
    pub to: Target,
    pub from_category_id: u64,
    pub from_stage_id: String,
    pub to_category_id: u64,
    pub to_stage_id: String,
}

/// Something the user should know but that does not stop the hand-over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The target user is not in the queue of the chat's line. The server does not check this
    /// (`Chat::transferToOperator` only refuses bots, extranet and connector users), so the
    /// transfer works; the operator may just not see the line's other dialogs.
    TargetNotInChatLineQueue { user_id: u64, line_id: u64 },
    /// The target line is switched off; its queue still receives the dialog.
    TargetLineInactive { line_id: u64 },
}

/// A hand-over ready to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub deal_id: u64,
    pub rule: Rule,
    pub steps: Vec<Step>,
    pub preview: Preview,
    pub warnings: Vec<Warning>,
    /// For a line target, that line's queue (see [`chat_at_target`]); empty otherwise.
    pub target_queue: Vec<u64>,
}

impl Plan {
    pub fn transfer(&self) -> Option<(u64, Target)> {
        self.steps.iter().find_map(|s| match s {
            Step::Transfer { chat_id, to } => Some((*chat_id, *to)),
            _ => None,
        })
    }

    pub fn move_step(&self) -> Option<&Step> {
        self.steps.iter().find(|s| matches!(s, Step::Move { .. }))
    }

    pub fn has_note(&self) -> bool {
        self.steps.iter().any(|s| matches!(s, Step::Note { .. }))
    }
}

/// Who can remove a blocker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixer {
    /// A portal administrator (the app's settings).
    Admin,
    /// The user themself (e.g. by moving the deal to another stage).
    Me,
    /// A named person (e.g. the chat's operator); `None` when nobody can be named.
    Person(Option<u64>),
}

/// Why no hand-over is offered; each variant carries what the message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// The stored rules cannot be read.
    RulesUnreadable(RulesError),
    NoRules,
    NoRuleForPipeline {
        category_id: u64,
    },
    /// The rule that applies is wrong (e.g. its target stage is not in its target pipeline).
    RuleInvalid {
        rule_id: String,
        problems: Vec<Problem>,
    },
    /// The deal is in a stage where the rule does not offer the hand-over.
    StageNotOffered {
        stage_id: String,
        allowed: Vec<String>,
    },
    NoChat,
    SessionClosed {
        chat_id: u64,
    },
    /// The current user may not read, and so may not transfer, this chat; `ask` is the deal's
    /// responsible, the best guess at who can (the dialog's owner cannot be read either).
    MayNotTransfer {
        chat_id: u64,
        ask: Option<u64>,
    },
    /// The rule hands the chat to the current user: a transfer to yourself is refused
    /// (`OPERATOR_WRONG`); the chat's operator can transfer it.
    TargetIsMe {
        user_id: u64,
        operator: Option<u64>,
    },
    TargetUserUnknown {
        user_id: u64,
    },
    TargetUserInactive {
        user_id: u64,
    },
    TargetUserNotEmployee {
        user_id: u64,
    },
    TargetLineMissing {
        line_id: u64,
    },
    /// The deal is in the target pipeline and the chat is with the target.
    NothingToDo,
}

impl Blocker {
    pub fn fixer(&self) -> Fixer {
        match self {
            Blocker::RulesUnreadable(_)
            | Blocker::NoRules
            | Blocker::NoRuleForPipeline { .. }
            | Blocker::RuleInvalid { .. }
            | Blocker::TargetUserUnknown { .. }
            | Blocker::TargetUserInactive { .. }
            | Blocker::TargetUserNotEmployee { .. }
            | Blocker::TargetLineMissing { .. } => Fixer::Admin,
            Blocker::StageNotOffered { .. } | Blocker::NothingToDo => Fixer::Me,
            Blocker::NoChat | Blocker::SessionClosed { .. } => Fixer::Person(None),
            Blocker::MayNotTransfer { ask, .. } => Fixer::Person(*ask),
            Blocker::TargetIsMe { operator, .. } => Fixer::Person(*operator),
        }
    }
}

impl From<RulesError> for Blocker {
    fn from(e: RulesError) -> Self {
        Blocker::RulesUnreadable(e)
    }
}

/// Whether the dialog is already where `target` says: with the target user; or on the target
/// line (the one it is on now, [`Dialog::line_id`]), waiting with no operator (owner 0) or
/// already taken by one of that line's queue (`queue`; a queue transfer ends with
/// `Session::transferToNextInQueue`, which may hand the dialog to the next free operator at once).
pub fn chat_at_target(dialog: &Dialog, target: Target, queue: &[u64]) -> bool {
    match target {
        Target::User(id) => dialog.operator_id == Some(id),
        Target::Line(id) => {
            dialog.line_id() == Some(id) && dialog.operator_id.is_none_or(|op| queue.contains(&op))
        }
    }
}

/// The rule for this deal: the first whose source pipeline is the deal's; failing that, the
/// first whose target pipeline it is (a deal already moved, whose chat may still need its
/// transfer: the resume case).
pub fn rule_for<'a>(rules: &'a Rules, deal: &Deal) -> Option<&'a Rule> {
    rules.for_pipeline(deal.category_id).or_else(|| {
        rules
            .rules
            .iter()
            .find(|r| r.to_category_id == deal.category_id)
    })
}

/// Decides the hand-over. Checks run from the admin's configuration to the deal to the chat, so
/// the first blocker named is the one to fix first.
pub fn plan(ctx: &Context, rules: &Rules) -> Result<Plan, Blocker> {
    if rules.rules.is_empty() {
        return Err(Blocker::NoRules);
    }
    let deal = &ctx.deal;
    let rule = rule_for(rules, deal).ok_or(Blocker::NoRuleForPipeline {
        category_id: deal.category_id,
    })?;
    let index = rules
        .rules
        .iter()
        .position(|r| std::ptr::eq(r, rule))
        .unwrap_or(0);
    let findings = rules::validate(rule, index, &rules.rules, &ctx.facts(rule));
    let problems = rule_problems(&findings);
    if !problems.is_empty() {
        return Err(Blocker::RuleInvalid {
            rule_id: rule.id.clone(),
            problems,
        });
    }

    let deal_done = deal.category_id == rule.to_category_id;
    let target_queue = match rule.target {
        Target::Line(id) => ctx
            .lines
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.queue.clone())
            .unwrap_or_default(),
        Target::User(_) => Vec::new(),
    };
    let chat = ctx.chat.as_ref();
    let chat_done = chat
        .and_then(|c| c.dialog.as_ref())
        .is_some_and(|d| chat_at_target(d, rule.target, &target_queue));
    if deal_done && chat_done {
        return Err(Blocker::NothingToDo);
    }
    if !deal_done && !rule.from_stages.contains(&deal.stage_id) {
        return Err(Blocker::StageNotOffered {
            stage_id: deal.stage_id.clone(),
            allowed: match &rule.from_stages {
                rules::StageSet::Only(ids) => ids.clone(),
                rules::StageSet::Any => Vec::new(),
            },
        });
    }
    let chat = chat.ok_or(Blocker::NoChat)?;
    let mut warnings = Vec::new();
    if !chat_done {
        check_chat(ctx, rule, &findings, chat, &mut warnings)?;
    }
    let dialog = chat.dialog.as_ref();

    let mut steps = Vec::new();
    if !chat_done {
        steps.push(Step::Transfer {
            chat_id: chat.chat_id,
            to: rule.target,
        });
    }
    if !deal_done {
        let assigned_by_id = rule
            .target
            .user()
            .filter(|_| rule.responsible_follows)
            .filter(|u| deal.assigned_by_id != Some(*u));
        steps.push(Step::Move {
            deal_id: deal.id,
            category_id: rule.to_category_id,
            stage_id: rule.to_stage_id.clone(),
            assigned_by_id,
        });
    }
    if rule.timeline_note {
        steps.push(Step::Note { deal_id: deal.id });
    }
    Ok(Plan {
        deal_id: deal.id,
        rule: rule.clone(),
        steps,
        preview: Preview {
            chat_id: chat.chat_id,
            connector_title: chat.connector_title.clone(),
            from_operator: dialog.and_then(|d| d.operator_id),
            from_line: dialog.and_then(Dialog::line_id),
            to: rule.target,
            from_category_id: deal.category_id,
            from_stage_id: deal.stage_id.clone(),
            to_category_id: rule.to_category_id,
            to_stage_id: rule.to_stage_id.clone(),
        },
        warnings,
        target_queue,
    })
}

/// The rule's own errors that would make the run do something else than it says: the
/// validation's errors about where the deal goes (the target's are the chat's checks, below).
fn rule_problems(findings: &[Finding]) -> Vec<Problem> {
    findings
        .iter()
        .filter(|f| matches!(f.field, Field::ToPipeline | Field::ToStage))
        .map(|f| f.problem.clone())
        .collect()
}

/// The validation's finding about the rule's target, turned into the plan's terms: a blocker
/// for a target that cannot take the dialog, a warning for a line that is off.
fn target_check(findings: &[Finding], warnings: &mut Vec<Warning>) -> Result<(), Blocker> {
    for f in findings.iter().filter(|f| f.field == Field::Target) {
        match f.problem {
            Problem::TargetUserUnknown { user_id } => {
                return Err(Blocker::TargetUserUnknown { user_id })
            }
            Problem::TargetUserInactive { user_id } => {
                return Err(Blocker::TargetUserInactive { user_id })
            }
            Problem::TargetUserNotEmployee { user_id } => {
                return Err(Blocker::TargetUserNotEmployee { user_id })
            }
            Problem::TargetLineUnknown { line_id } => {
                return Err(Blocker::TargetLineMissing { line_id })
            }
            Problem::TargetLineInactive { line_id } => {
                warnings.push(Warning::TargetLineInactive { line_id })
            }
            // Any open line's queue: the plan warns about the chat's own line instead.
            _ => {}
        }
    }
    Ok(())
}

/// The chat can be transferred to the rule's target by the current user.
fn check_chat(
    ctx: &Context,
    rule: &Rule,
    findings: &[Finding],
    chat: &ChatFacts,
    warnings: &mut Vec<Warning>,
) -> Result<(), Blocker> {
    if !chat.session_open() {
        return Err(Blocker::SessionClosed {
            chat_id: chat.chat_id,
        });
    }
    let Some(dialog) = &chat.dialog else {
        return Err(Blocker::MayNotTransfer {
            chat_id: chat.chat_id,
            ask: ctx.deal.assigned_by_id.filter(|id| *id != ctx.me),
        });
    };
    if rule.target == Target::User(ctx.me) {
        return Err(Blocker::TargetIsMe {
            user_id: ctx.me,
            operator: dialog.operator_id.filter(|id| *id != ctx.me),
        });
    }
    target_check(findings, warnings)?;
    if let Target::User(user_id) = rule.target {
        if let Some(line) = dialog
            .line_id()
            .and_then(|id| ctx.lines.iter().find(|l| l.id == id))
        {
            if !line.queue.contains(&user_id) {
                warnings.push(Warning::TargetNotInChatLineQueue {
                    user_id,
                    line_id: line.id,
                });
            }
        }
    }
    Ok(())
}
