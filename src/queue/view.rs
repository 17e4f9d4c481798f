//! What the queue screen shows, as plain data: one line per deal (the deal, its chat's channel
//! and client, its operator, the verdict in words, the tick, the run's outcome), the progress
//! bar and the button row. Names and the blockers' and failures' words come from the tab's own
//! ([`crate::panel::Names`], [`crate::panel::blocker`], [`crate::panel::failure`]).

use super::bulk::{Outcome, Phase, Progress};
use super::page::{Row, Verdict};
use super::state::{BulkRun, QueueLoad, QueueState};
use super::words::{t, Key};
use crate::handover::verify::StepStatus;
use crate::i18n::Lang;
use crate::panel::{blocker, failure, Names};

/// One deal's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowView {
    pub deal_id: u64,
    pub title: String,
    pub channel: String,
    pub client: String,
    pub operator: String,
    pub ready: bool,
    pub ticked: bool,
    /// «Готова», or the blocker's title.
    pub verdict: String,
    /// The `data-verdict` hook: `ready`, the blocker's kind, or `unread`.
    pub verdict_hook: &'static str,
    /// After a run: its line in the report.
    pub outcome: Option<OutcomeView>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeView {
    /// `data-outcome`: `done`, `failed`, `skipped`, `not-started`, `pending`.
    pub hook: &'static str,
    pub text: String,
}

/// The progress bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgressView {
    pub done: usize,
    pub total: usize,
    /// Deals with an outcome (done, failed, skipped): how far the bar is.
    pub settled: usize,
    pub text: String,
    /// The current step; `None` once ended.
    pub step: Option<String>,
    pub summary: Option<String>,
}

/// The button row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionView {
    /// `button.queue-start` (disabled while nothing is ticked or pages are still read).
    Start {
        label: String,
        enabled: bool,
    },
    Confirm {
        title: String,
        body: String,
    },
    /// `button.queue-stop`.
    Running {
        stopping: bool,
    },
    /// `button.queue-resume` when something chosen is not done.
    Ended {
        resume: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueView {
    pub title: String,
    pub rows: Vec<RowView>,
    pub ready: usize,
    pub ticked: usize,
    pub all_ready_ticked: bool,
    pub progress: Option<ProgressView>,
    pub action: ActionView,
}

/// The screen for `s` in `lang`; `is_admin` words who can fix a blocker.
pub fn queue_view(s: &QueueState, lang: Lang, is_admin: bool) -> QueueView {
    let progress = match &s.run {
        BulkRun::Running { progress, .. } => progress.as_ref(),
        BulkRun::Ended(p) => Some(p),
        _ => None,
    };
    let rows: Vec<RowView> = s
        .queue
        .rows
        .iter()
        .map(|r| row(r, s.ticked.contains(&r.deal_id()), progress, lang, is_admin))
        .collect();
    let ready = rows.iter().filter(|r| r.ready).count();
    let one = s.queue.sources.iter().any(|src| src.deal.is_some());
    QueueView {
        title: t(lang, if one { Key::TitleOne } else { Key::Title }),
        ready,
        ticked: s.ticked.len(),
        all_ready_ticked: ready > 0 && rows.iter().filter(|r| r.ready).all(|r| r.ticked),
        rows,
        progress: progress.map(|p| progress_view(p, lang)),
        action: match &s.run {
            BulkRun::Idle => ActionView::Start {
                label: t(lang, Key::HandOver(s.ticked.len())),
                enabled: !s.ticked.is_empty() && s.load == (QueueLoad::Ready { more: false }),
            },
            BulkRun::Confirming => ActionView::Confirm {
                title: t(lang, Key::ConfirmTitle(s.ticked.len())),
                body: t(lang, Key::ConfirmBody),
            },
            BulkRun::Running { stopping, .. } => ActionView::Running {
                stopping: *stopping,
            },
            BulkRun::Ended(p) => ActionView::Ended {
                resume: p.done() + skipped(p) < p.total(),
            },
        },
    }
}

fn skipped(p: &Progress) -> usize {
    p.outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Some(Outcome::Skipped(_))))
        .count()
}

fn progress_view(p: &Progress, lang: Lang) -> ProgressView {
    let step = match p.phase {
        Phase::RoundTrip1 { group, groups } => Some(t(lang, Key::StepChats { group, groups })),
        Phase::RoundTrip2 { group, groups } => Some(t(lang, Key::StepDeals { group, groups })),
        Phase::Ended => None,
    };
    let summary = (p.phase == Phase::Ended).then(|| {
        let not_started = p
            .outcomes
            .iter()
            .filter(|(_, o)| *o == Some(Outcome::NotStarted))
            .count();
        t(
            lang,
            Key::Summary {
                done: p.done(),
                failed: p.failed(),
                skipped: skipped(p),
                not_started,
            },
        )
    });
    ProgressView {
        done: p.done(),
        total: p.total(),
        settled: p.settled(),
        text: t(
            lang,
            Key::Progress {
                done: p.done(),
                total: p.total(),
            },
        ),
        step,
        summary,
    }
}

fn row(r: &Row, ticked: bool, progress: Option<&Progress>, lang: Lang, is_admin: bool) -> RowView {
    let unknown = || t(lang, Key::Unknown);
    let names = r.basis.as_ref().map(|b| Names::new(b, lang));
    let chat = r.basis.as_ref().and_then(|b| b.chat(None));
    let dialog = chat.and_then(|c| c.dialog.as_ref());
    let (verdict, verdict_hook) = match (&r.verdict, &names) {
        (Verdict::Ready(_), _) => (t(lang, Key::Ready), "ready"),
        (Verdict::Blocked(b), Some(n)) => {
            let v = blocker(n, b, is_admin);
            (v.title, v.kind.hook())
        }
        _ => (t(lang, Key::Unread), "unread"),
    };
    let outcome = progress.and_then(|p| {
        let o = p.outcomes.iter().find(|(id, _)| *id == r.deal_id())?;
        Some(match (&o.1, &names) {
            (None, _) => OutcomeView {
                hook: "pending",
                text: String::new(),
            },
            (Some(Outcome::Done), _) => OutcomeView {
                hook: "done",
                text: t(lang, Key::Done),
            },
            (Some(Outcome::Failed(report)), Some(n)) => {
                let why = report
                    .steps
                    .iter()
                    .find_map(|(_, s)| match s {
                        StepStatus::Failed(f) => Some(failure(n, f).text),
                        _ => None,
                    })
                    .unwrap_or_else(unknown);
                OutcomeView {
                    hook: "failed",
                    text: t(lang, Key::Failed(why)),
                }
            }
            (Some(Outcome::Skipped(b)), Some(n)) => OutcomeView {
                hook: "skipped",
                text: t(lang, Key::Skipped(blocker(n, b, is_admin).title)),
            },
            (Some(Outcome::NotStarted), _) => OutcomeView {
                hook: "not-started",
                text: t(lang, Key::NotStarted),
            },
            (Some(_), None) => OutcomeView {
                hook: "failed",
                text: t(lang, Key::Unread),
            },
        })
    });
    RowView {
        deal_id: r.deal_id(),
        title: r.deal.title.clone(),
        channel: chat.map_or_else(unknown, |c| c.chat.connector_title.clone()),
        client: chat.and_then(|c| c.client_name()).unwrap_or_else(unknown),
        operator: match (dialog, &names) {
            (Some(d), Some(n)) => n.holder(d.operator_id, d.line_id()),
            _ => unknown(),
        },
        ready: matches!(r.verdict, Verdict::Ready(_)),
        ticked,
        verdict,
        verdict_hook,
        outcome,
    }
}

#[cfg(test)]
mod tests;
