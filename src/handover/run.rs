//! Runs a [`Plan`] through the portal: at most two batch round trips, each with halt = 1.
//!
//! 1. [`commands::round_trip_1`]: fresh reads of the deal and the dialog, the transfer, and the
//!    dialog again; read back by [`verify::read_round_trip_1`]. Without a transfer step it still
//!    does the fresh reads (the chat must still be at the target).
//! 2. Only when round trip 1 proved the transfer and the deal has not moved meanwhile:
//!    [`commands::round_trip_2`] (the move, the timeline note, then the moved deal read again).
//!
//! After a success the run also hands back the deal and the chat as its round trips read them
//! last ([`Settled`]): the screen after the hand-over needs no third request.
//!
//! Progress goes out through `on_progress` before each round trip, never into UI state; the end
//! is returned, and the caller decides what to do with it. What is done is read from the portal;
//! a run never trusts an earlier run (a resume plans again from a fresh load).

use super::commands;
use super::note::{note_text, NoteFacts};
use super::plan::Plan;
use super::verify::{self, Report, RoundTrip1, Settled, TransferOutcome};
use crate::i18n::Lang;
use crate::model;
use crate::portal::{ApiError, BatchOutcome, Portal};

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Round trip 1 (reads and the transfer) is on its way.
    RoundTrip1,
    /// Round trip 2 (the move and the note) is on its way.
    RoundTrip2,
    /// Nothing more will be sent.
    Ended,
}

/// The report so far and where the run is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub report: Report,
    pub phase: Phase,
}

impl Progress {
    /// Ended with every step done.
    pub fn succeeded(&self) -> bool {
        self.phase == Phase::Ended && self.report.complete()
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct End {
    /// The final report (phase [`Phase::Ended`]).
    pub progress: Progress,
    /// After a success, the deal and the chat as the round trips read them last; `None` after a
    /// failure, or when the read that gives the deal failed after the writes.
    pub settled: Option<Settled>,
}

/// Runs `plan`; `facts` name the people and places for the note (`lang` words it).
/// `on_progress` hears of each round trip as it starts; the end is returned.
pub async fn run<P: Portal>(
    portal: &P,
    plan: &Plan,
    lang: Lang,
    facts: &NoteFacts,
    on_progress: impl Fn(Progress),
) -> End {
    let mut report = Report::new(plan);
    let emit = |report: &Report, phase| {
        on_progress(Progress {
            report: report.clone(),
            phase,
        })
    };
    emit(&report, Phase::RoundTrip1);

    let rt1 = match portal.batch(&commands::round_trip_1(plan), true).await {
        Ok(out) => verify::read_round_trip_1(plan, &out),
        Err(e) => RoundTrip1 {
            deal: Err(e.clone()),
            transfer: TransferOutcome::Failed(e),
            chat: None,
        },
    };
    let go = report.record_round_trip_1(plan, &rt1);
    // The deal as read last: round trip 1's fresh read, or, when the plan moves it, round trip
    // 2's read after the writes (the portal's automation runs after the save and may change the
    // deal again, bitrix24-rest.md §4: the update's own answer is not the last word).
    let mut deal = rt1.deal;
    if go {
        emit(&report, Phase::RoundTrip2);
        let text = note_text(lang, &note_facts(plan, facts));
        let cmds = commands::round_trip_2(plan, Some(&text));
        let out = match portal.batch(&cmds, true).await {
            Ok(out) => out,
            Err(e) => failed_batch(&cmds, e),
        };
        report.record_round_trip_2(plan, &out);
        if plan.move_step().is_some() {
            deal = out.read(commands::SETTLED, model::read_deal);
        }
    }
    let settled = match deal {
        Ok(deal) if report.complete() && deal.id == plan.deal_id => Some(Settled {
            deal,
            chat: rt1.chat,
        }),
        _ => None,
    };
    End {
        progress: Progress {
            report,
            phase: Phase::Ended,
        },
        settled,
    }
}

/// The note tells what this run does: the chat only when it transfers it, the deal only when it
/// moves it (see [`NoteFacts`]).
pub fn note_facts(plan: &Plan, facts: &NoteFacts) -> NoteFacts {
    NoteFacts {
        chat: facts.chat.clone().filter(|_| plan.transfer().is_some()),
        deal: facts.deal.clone().filter(|_| plan.move_step().is_some()),
        ..facts.clone()
    }
}

/// A round trip whose request failed as a whole: its first command carries the error, the rest
/// did not run (as after a halt).
pub fn failed_batch(cmds: &[crate::portal::BatchCommand], e: ApiError) -> BatchOutcome {
    let mut out = BatchOutcome::default();
    if let Some(first) = cmds.first() {
        let mut e = e;
        e.command = Some(first.key.clone());
        out.errors.push(e);
    }
    out
}

#[cfg(test)]
mod tests;
