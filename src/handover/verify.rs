//! Reading the round trips' answers back: did the transfer really happen, may the deal move,
//! did the move land where planned, and what the report says about each step. Pure: the runner
//! passes the batch outcomes in.

use super::commands::{AFTER, BEFORE, DEAL, MOVE, NOTE, TRANSFER};
use super::plan::{chat_at_target, Plan, Step};
use super::rules::{Rule, Target};
use crate::model::{self, Deal, Dialog};
use crate::portal::{error::local, ApiError, BatchOutcome, ErrorKind};
use serde_json::Value;

/// What round trip 1 proved about the chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferOutcome {
    /// The read after the transfer shows the target (or, without a transfer step, the read
    /// before it already did).
    Done,
    /// The read after the transfer was refused (`ACCESS_ERROR`) right after a successful read
    /// before it: the transfer took the caller out of the chat, which only a transfer that
    /// happened does (bitrix24-rest.md §8, open point 2).
    DoneByLostAccess,
    /// The transfer answered without error but the owner did not change (`true` is not proof:
    /// an inactive, bot or extranet target, a missing line, a busy lock). Carries what the read
    /// after it showed.
    NotMoved {
        owner: Option<u64>,
        line: Option<u64>,
    },
    /// A read or the transfer itself failed.
    Failed(ApiError),
}

impl TransferOutcome {
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            TransferOutcome::Done | TransferOutcome::DoneByLostAccess
        )
    }
}

/// Judges the transfer from the three answers of round trip 1 (`before`, `transfer`, `after`).
/// `transfer` and `after` are `None` when the plan had no transfer step. `queue` is the target
/// line's queue ([`Plan::target_queue`]; see [`chat_at_target`]).
pub fn verify_transfer(
    before: Result<&Dialog, &ApiError>,
    transfer: Option<Result<&Value, &ApiError>>,
    after: Option<Result<&Dialog, &ApiError>>,
    target: Target,
    queue: &[u64],
) -> TransferOutcome {
    let before = match before {
        Ok(d) => d,
        Err(e) => return TransferOutcome::Failed(e.clone()),
    };
    let (Some(transfer), Some(after)) = (transfer, after) else {
        // No transfer was planned: the chat must still be with the target.
        return if chat_at_target(before, target, queue) {
            TransferOutcome::Done
        } else {
            not_moved(before)
        };
    };
    if let Err(e) = transfer {
        return TransferOutcome::Failed(e.clone());
    }
    match after {
        Ok(d) if chat_at_target(d, target, queue) => TransferOutcome::Done,
        Ok(d) => not_moved(d),
        // Only the dialog's own "you are not in this chat" proves it (bitrix24-rest.md, open
        // point 2): a whole request refused (a 403, a scope, a plan) proves nothing.
        Err(e) if e.code == "ACCESS_ERROR" => TransferOutcome::DoneByLostAccess,
        Err(e) => TransferOutcome::Failed(e.clone()),
    }
}

fn not_moved(d: &Dialog) -> TransferOutcome {
    TransferOutcome::NotMoved {
        owner: d.operator_id,
        line: d.line_id(),
    }
}

/// Round trip 1, read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundTrip1 {
    /// The deal as it is now (`Err` when the fresh read failed).
    pub deal: Result<Deal, ApiError>,
    pub transfer: TransferOutcome,
    /// The chat as the round trip last read it: `after` the transfer, or `before` when the plan
    /// has none; `None` when that read failed (after a transfer: the caller lost access).
    pub chat: Option<Dialog>,
}

/// Reads round trip 1's batch for `plan` (see [`super::commands::round_trip_1`]).
pub fn read_round_trip_1(plan: &Plan, out: &BatchOutcome) -> RoundTrip1 {
    let dialog = |key: &str| {
        out.read(key, model::read_dialog)
            .and_then(|d| same_chat(d, plan.preview.chat_id, key))
    };
    let deal = out.read(DEAL, model::read_deal);
    let before = dialog(BEFORE);
    let after = plan.transfer().map(|_| dialog(AFTER));
    let transfer = match (plan.transfer(), &deal) {
        // halt=1: a failed fresh deal read stops everything after it.
        (_, Err(e)) if before.is_err() => TransferOutcome::Failed(e.clone()),
        (Some((_, to)), _) => verify_transfer(
            before.as_ref(),
            Some(out.get(TRANSFER).as_deref()),
            after.as_ref().map(Result::as_ref),
            to,
            &plan.target_queue,
        ),
        (None, _) => verify_transfer(
            before.as_ref(),
            None,
            None,
            plan.rule.target,
            &plan.target_queue,
        ),
    };
    let chat = after.unwrap_or(before).ok();
    RoundTrip1 {
        deal,
        transfer,
        chat,
    }
}

/// What the two round trips read last about the deal and the chat once every step is done
/// (`run::run` takes it from their answers): the screen after the hand-over is built from it
/// (the view's `settled_tab`), with no third request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    /// The deal after the writes: round trip 2's `settled` read when the plan moved it, else
    /// round trip 1's fresh read.
    pub deal: Deal,
    /// The chat as round trip 1 last read it ([`RoundTrip1::chat`]).
    pub chat: Option<Dialog>,
}

fn same_chat(d: Dialog, chat_id: u64, key: &str) -> Result<Dialog, ApiError> {
    if d.chat_id == chat_id {
        Ok(d)
    } else {
        let mut e = ApiError::new(
            "imopenlines.dialog.get",
            None,
            local::BAD_RESPONSE,
            format!("dialog {} instead of {chat_id}", d.chat_id),
        );
        e.command = Some(key.to_owned());
        Err(e)
    }
}

/// The deal moved or changed stage between the load and the click.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcurrentChange {
    pub category_id: u64,
    pub stage_id: String,
}

/// Whether the deal, freshly read, is still where `rule` moves deals from.
pub fn may_move(fresh: &Deal, rule: &Rule) -> Result<(), ConcurrentChange> {
    if fresh.category_id == rule.from_category_id && rule.from_stages.contains(&fresh.stage_id) {
        Ok(())
    } else {
        Err(ConcurrentChange {
            category_id: fresh.category_id,
            stage_id: fresh.stage_id.clone(),
        })
    }
}

/// What the move's answer says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveCheck {
    Done,
    /// The portal put the deal in another stage than asked (a missing or foreign stage is
    /// silently replaced by the first stage with the same semantics, bitrix24-rest.md §8).
    StageReplaced {
        got: String,
    },
    /// The deal is not in the target pipeline after the update.
    WrongCategory {
        got: u64,
    },
    Failed(ApiError),
}

/// Checks `crm.item.update`'s answer (`{item: {...}}`) against the planned [`Step::Move`].
pub fn check_move(update: Result<&Value, &ApiError>, planned: &Step) -> MoveCheck {
    let Step::Move {
        category_id,
        stage_id,
        ..
    } = planned
    else {
        return MoveCheck::Done;
    };
    let value = match update {
        Ok(v) => v,
        Err(e) => return MoveCheck::Failed(e.clone()),
    };
    match model::read_deal(value) {
        Err(e) => {
            let mut err = ApiError::new("crm.item.update", None, local::BAD_RESPONSE, e.0);
            err.command = Some(MOVE.to_owned());
            MoveCheck::Failed(err)
        }
        Ok(d) if d.category_id != *category_id => MoveCheck::WrongCategory { got: d.category_id },
        Ok(d) if d.stage_id != *stage_id => MoveCheck::StageReplaced { got: d.stage_id },
        Ok(_) => MoveCheck::Done,
    }
}

// ---- the report ----

/// Which step a report line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Transfer,
    Move,
    Note,
}

impl StepKind {
    pub fn of(step: &Step) -> StepKind {
        match step {
            Step::Transfer { .. } => StepKind::Transfer,
            Step::Move { .. } => StepKind::Move,
            Step::Note { .. } => StepKind::Note,
        }
    }
}

/// Why a step failed, in terms the view can word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepFailure {
    /// The portal refused or could not answer.
    Api {
        kind: ErrorKind,
        code: String,
    },
    /// The transfer answered `true` but the chat's owner did not change.
    NotMoved {
        owner: Option<u64>,
    },
    /// The deal changed between the load and the click; nothing was moved.
    ConcurrentChange {
        category_id: u64,
        stage_id: String,
    },
    /// No transfer was planned (the chat was with the target), but the fresh read shows it is
    /// not any more; nothing was moved.
    ChatChanged {
        owner: Option<u64>,
    },
    StageReplaced {
        got: String,
    },
    WrongCategory {
        got: u64,
    },
}

impl From<&ApiError> for StepFailure {
    fn from(e: &ApiError) -> Self {
        StepFailure::Api {
            kind: e.kind(),
            code: e.code.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepStatus {
    NotRun,
    Done,
    Failed(StepFailure),
}

/// The run's report: each planned step and how it ended. A second click after a failure plans
/// again from a fresh load, which leaves out what the portal shows as done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub steps: Vec<(StepKind, StepStatus)>,
}

impl Report {
    pub fn new(plan: &Plan) -> Report {
        Report {
            steps: plan
                .steps
                .iter()
                .map(|s| (StepKind::of(s), StepStatus::NotRun))
                .collect(),
        }
    }

    pub fn status(&self, kind: StepKind) -> Option<&StepStatus> {
        self.steps.iter().find(|(k, _)| *k == kind).map(|(_, s)| s)
    }

    fn set(&mut self, kind: StepKind, status: StepStatus) {
        if let Some((_, s)) = self.steps.iter_mut().find(|(k, _)| *k == kind) {
            *s = status;
        }
    }

    /// Records round trip 1 and says whether round trip 2 may run: only when the chat is proven
    /// at the target and the fresh deal is still where the rule moves deals from. When it may not,
    /// the move is marked failed with the reason (so the report never shows a silent stop).
    pub fn record_round_trip_1(&mut self, plan: &Plan, rt1: &RoundTrip1) -> bool {
        if plan.transfer().is_some() {
            let status = match &rt1.transfer {
                TransferOutcome::Done | TransferOutcome::DoneByLostAccess => StepStatus::Done,
                TransferOutcome::NotMoved { owner, .. } => {
                    StepStatus::Failed(StepFailure::NotMoved { owner: *owner })
                }
                TransferOutcome::Failed(e) => StepStatus::Failed(e.into()),
            };
            self.set(StepKind::Transfer, status);
        }
        if plan.transfer().is_none() {
            // Nothing to transfer: the read before must still show the chat at the target.
            let why = match &rt1.transfer {
                TransferOutcome::Done | TransferOutcome::DoneByLostAccess => None,
                TransferOutcome::NotMoved { owner, .. } => {
                    Some(StepFailure::ChatChanged { owner: *owner })
                }
                TransferOutcome::Failed(e) => Some(e.into()),
            };
            if let (Some(why), Some(first)) = (why, plan.steps.first()) {
                self.set(StepKind::of(first), StepStatus::Failed(why));
                return false;
            }
        }
        if !rt1.transfer.is_done() {
            return false;
        }
        if plan.move_step().is_none() {
            return plan.has_note();
        }
        let blocked = match &rt1.deal {
            Err(e) => Some(StepFailure::from(e)),
            Ok(deal) => may_move(deal, &plan.rule)
                .err()
                .map(|c| StepFailure::ConcurrentChange {
                    category_id: c.category_id,
                    stage_id: c.stage_id,
                }),
        };
        match blocked {
            Some(f) => {
                self.set(StepKind::Move, StepStatus::Failed(f));
                false
            }
            None => true,
        }
    }

    /// Records round trip 2 (`move`, `note`).
    pub fn record_round_trip_2(&mut self, plan: &Plan, out: &BatchOutcome) {
        if let Some(step) = plan.move_step() {
            let update = out.get(MOVE);
            let status = match check_move(update.as_deref(), step) {
                MoveCheck::Done => StepStatus::Done,
                MoveCheck::StageReplaced { got } => {
                    StepStatus::Failed(StepFailure::StageReplaced { got })
                }
                MoveCheck::WrongCategory { got } => {
                    StepStatus::Failed(StepFailure::WrongCategory { got })
                }
                MoveCheck::Failed(e) if e.code == local::NOT_RUN => StepStatus::NotRun,
                MoveCheck::Failed(e) => StepStatus::Failed((&e).into()),
            };
            self.set(StepKind::Move, status);
        }
        if plan.has_note() {
            let status = match out.get(NOTE) {
                Ok(_) => StepStatus::Done,
                Err(e) if e.code == local::NOT_RUN => StepStatus::NotRun,
                Err(e) => StepStatus::Failed((&e).into()),
            };
            self.set(StepKind::Note, status);
        }
    }

    /// Every step done.
    pub fn complete(&self) -> bool {
        self.steps.iter().all(|(_, s)| *s == StepStatus::Done)
    }
}
