//! The queue screen's state and its reducer: a pure `match`, no I/O (the Yew `Reducible` impl in
//! `ui/queue_screen.rs` only delegates here). Effects are due when a sequence number changes:
//! `load_seq` (read the queue's pages), `run_seq` (hand over the ticked deals).

use super::bulk::{Outcome, Phase, Progress};
use super::page::Queue;
use crate::failure::Failure;
use std::rc::Rc;

/// The queue's one async value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum QueueLoad {
    /// The first page is on its way.
    #[default]
    Loading,
    /// Some pages read (`more`: the next is on its way).
    Ready {
        more: bool,
    },
    Failed(Failure),
}

impl QueueLoad {
    /// The `data-state` hook.
    pub fn hook(&self) -> &'static str {
        match self {
            QueueLoad::Loading => "loading",
            QueueLoad::Ready { more: true } => "reading",
            QueueLoad::Ready { more: false } => "ready",
            QueueLoad::Failed(_) => "failed",
        }
    }
}

/// Where the bulk hand-over is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum BulkRun {
    #[default]
    Idle,
    /// One more click (confirm) hands the ticked deals over.
    Confirming,
    /// `stopping`: Stop was pressed; the group in flight finishes.
    Running {
        progress: Option<Progress>,
        stopping: bool,
    },
    /// The run's report.
    Ended(Progress),
}

impl BulkRun {
    /// The `data-run` hook.
    pub fn hook(&self) -> &'static str {
        match self {
            BulkRun::Idle => "idle",
            BulkRun::Confirming => "confirming",
            BulkRun::Running { .. } => "running",
            BulkRun::Ended(_) => "ended",
        }
    }

    pub fn busy(&self) -> bool {
        matches!(self, BulkRun::Running { .. })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueueState {
    pub load: QueueLoad,
    pub queue: Rc<Queue>,
    /// The ticked deals, in the list's order.
    pub ticked: Vec<u64>,
    pub run: BulkRun,
    /// A request waits for the portal (its limit, or a slow answer).
    pub waiting: bool,
    /// After a resume's re-read, hand over what is still ticked and ready.
    pub resuming: bool,
    pub load_seq: u32,
    pub run_seq: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QueueAction {
    /// The queue after one more page; `more`: another is on its way.
    Page(Rc<Queue>, bool),
    Failed(Failure),
    Tick(u64),
    /// Ticks every ready deal, or, when all are ticked, none.
    TickAllReady,
    Start,
    Confirm,
    Cancel,
    Progress(Progress),
    Stop,
    /// Reads the queue again and hands over what is still ticked and ready.
    Resume,
    Reload,
    Waiting(bool),
}

impl QueueState {
    fn ready(&self, id: u64) -> bool {
        self.queue
            .rows
            .iter()
            .any(|r| r.deal_id() == id && r.plan().is_some())
    }

    fn ready_ids(&self) -> Vec<u64> {
        self.queue.ready().map(|r| r.deal_id()).collect()
    }

    /// The next state, or `None` when the action changes nothing.
    pub fn next(&self, action: QueueAction) -> Option<QueueState> {
        let mut s = self.clone();
        let busy = self.run.busy();
        match action {
            QueueAction::Page(queue, more) => {
                s.queue = queue;
                s.load = QueueLoad::Ready { more };
                if !more {
                    let ready = s.ready_ids();
                    s.ticked.retain(|id| ready.contains(id));
                    // The row menu opens one deal: ticked when ready.
                    if s.queue.sources.iter().any(|src| src.deal.is_some()) && s.ticked.is_empty() {
                        s.ticked = ready;
                    }
                    if s.resuming {
                        s.resuming = false;
                        if !s.ticked.is_empty() {
                            s.run = BulkRun::Running {
                                progress: None,
                                stopping: false,
                            };
                            s.run_seq += 1;
                        }
                    }
                }
            }
            QueueAction::Failed(f) => {
                s.load = QueueLoad::Failed(f);
                s.resuming = false;
            }
            QueueAction::Tick(id) if !busy && self.ready(id) => {
                if let Some(i) = s.ticked.iter().position(|t| *t == id) {
                    s.ticked.remove(i);
                } else {
                    s.ticked.push(id);
                }
                s.run = match &self.run {
                    BulkRun::Confirming => BulkRun::Idle,
                    other => other.clone(),
                };
            }
            QueueAction::TickAllReady if !busy => {
                let ready = self.ready_ids();
                s.ticked = if !ready.is_empty() && ready.iter().all(|id| self.ticked.contains(id)) {
                    Vec::new()
                } else {
                    ready
                };
            }
            QueueAction::Start
                if !busy
                    && !self.ticked.is_empty()
                    && self.load == (QueueLoad::Ready { more: false }) =>
            {
                s.run = BulkRun::Confirming;
            }
            QueueAction::Confirm if self.run == BulkRun::Confirming => {
                s.run = BulkRun::Running {
                    progress: None,
                    stopping: false,
                };
                s.run_seq += 1;
            }
            QueueAction::Cancel if self.run == BulkRun::Confirming => s.run = BulkRun::Idle,
            QueueAction::Progress(p) if busy => {
                let stopping = matches!(self.run, BulkRun::Running { stopping: true, .. });
                s.run = if p.phase == Phase::Ended {
                    // Done deals are no longer waiting: untick them.
                    s.ticked.retain(|id| {
                        !p.outcomes
                            .iter()
                            .any(|(d, o)| d == id && *o == Some(Outcome::Done))
                    });
                    BulkRun::Ended(p)
                } else {
                    BulkRun::Running {
                        progress: Some(p),
                        stopping,
                    }
                };
            }
            QueueAction::Stop if busy => {
                if let BulkRun::Running { stopping, .. } = &mut s.run {
                    *stopping = true;
                }
            }
            QueueAction::Resume if matches!(self.run, BulkRun::Ended(_)) => {
                s.resuming = true;
                s.load = QueueLoad::Loading;
                s.load_seq += 1;
            }
            QueueAction::Reload if !busy => {
                s.load = QueueLoad::Loading;
                s.run = BulkRun::Idle;
                s.load_seq += 1;
            }
            QueueAction::Waiting(w) if w != self.waiting => s.waiting = w,
            _ => return None,
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests;
