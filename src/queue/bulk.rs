//! The bulk hand-over: the chosen ready deals, each with the single hand-over's two round trips
//! ([`commands::round_trip_1`], [`commands::round_trip_2`], read back by [`verify`]), several
//! deals per batch.
//!
//! - A **group** is as many deals as fit in one batch ([`group`]): each deal costs the larger of
//!   its two round trips (4 commands with a transfer: the fresh deal, the dialog, the transfer,
//!   the dialog again), so 12 deals per group. Its round trip 1 goes in one batch, then the
//!   round trip 2 of the deals whose transfer it proved in another: 2 requests per 12 deals.
//! - Round trip 1 (**halt = 1**) holds each deal's fresh reads and transfer, consecutive, keyed
//!   `d<deal id>_<key>`, then every deal's verifying read. A failed read or transfer stops the
//!   batch right there: the deals before it ran, the deal it belongs to is reported with the
//!   portal's reason and goes no further (a chat whose transfer failed is never followed by a
//!   move), the deals after it did not start and go into the next group. The transfers that ran
//!   but whose verifying read the halt did not reach — or that a verifying read's own
//!   `ACCESS_ERROR` stopped, where the transfer takes the caller out of the chat (open point 2)
//!   — are verified by one more batch of those reads alone (reads only: halt = 0) before
//!   anything moves. So 2 requests per group where the caller keeps access to the chats it
//!   hands over (an administrator's view), 3 where it loses it.
//! - Round trip 2 (**halt = 1**, each deal's move and note consecutive; not the tab's read of
//!   the deal after the writes, which the queue does not show and which, refused, would halt the
//!   later moves) of the
//!   proven deals: a failed move stops the batch there; that deal is reported half-done with the
//!   reason (its chat is at the target, it did not move: the queue offers it again with the move
//!   alone), the deals after it are sent again at once (their transfers are proven). So one
//!   deal's failure never moves another deal and never leaves one half-done without a report
//!   line.
//! - Per deal, every invariant of the single hand-over holds: the move is sent only after the
//!   verifying read proved the chat at the target and the fresh read found the deal where the
//!   rule moves deals from ([`verify::Report::record_round_trip_1`]); nothing is transferred
//!   twice (plans come from a fresh page read, which leaves out a transfer the portal shows as
//!   done); a fresh read precedes each write (round trip 1 opens with them; halt = 1 stops the
//!   deal's writes if they fail).
//! - **Stop** is asked before each group: the group in flight finishes (both its round trips),
//!   the rest are reported as not started. Resume is a fresh page read and a new run of what it
//!   shows ready.
//! - A request that fails as a whole (no answer, or still refused after the patient portal's
//!   waits) ends the run after the group in flight (its proven deals still get round trip 2):
//!   whether the portal ran it is unknown, so its deals are reported failed and the rest not
//!   started; resume reads what is done first.

use crate::handover::commands;
use crate::handover::note::{note_text, NoteFacts};
use crate::handover::plan::{Blocker, Plan};
use crate::handover::run::{failed_batch, note_facts};
use crate::handover::verify::{self, Report};
use crate::i18n::Lang;
use crate::panel::note_facts as note_facts_of;
use crate::portal::{BatchCommand, BatchOutcome, Portal, MAX_BATCH};
use crate::queue::page::{Row, Verdict};

/// One deal to hand over: its plan (from the page read) and the names for its timeline note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub plan: Plan,
    pub facts: NoteFacts,
}

impl Job {
    pub fn deal_id(&self) -> u64 {
        self.plan.deal_id
    }

    fn prefix(&self) -> String {
        format!("d{}_", self.plan.deal_id)
    }

    fn round_trip_1(&self) -> Vec<BatchCommand> {
        prefixed(commands::round_trip_1(&self.plan), &self.prefix())
    }

    /// Round trip 1's writes and the reads before them (`deal`, `before`, `transfer`).
    fn reads_and_transfer(&self) -> Vec<BatchCommand> {
        let mut c = self.round_trip_1();
        c.retain(|c| !self.is_after(c));
        c
    }

    /// Round trip 1's verifying read (`after`), when the plan transfers.
    fn after(&self) -> Vec<BatchCommand> {
        let mut c = self.round_trip_1();
        c.retain(|c| self.is_after(c));
        c
    }

    fn is_after(&self, c: &BatchCommand) -> bool {
        c.key == format!("{}{}", self.prefix(), commands::AFTER)
    }

    /// Round trip 2 under the single hand-over's keys, without its read of the deal after the
    /// writes: the queue does not show it, and in a halt=1 batch of many deals a refused read
    /// there (a caller who may not read the target pipeline) would stop the later deals' moves,
    /// one request per deal.
    fn plain_round_trip_2(&self, lang: Lang) -> Vec<BatchCommand> {
        let text = note_text(lang, &note_facts(&self.plan, &self.facts));
        let mut cmds = commands::round_trip_2(&self.plan, Some(&text));
        cmds.retain(|c| c.key != commands::SETTLED);
        cmds
    }

    fn round_trip_2(&self, lang: Lang) -> Vec<BatchCommand> {
        prefixed(self.plain_round_trip_2(lang), &self.prefix())
    }

    /// The commands its larger round trip takes in a batch.
    pub fn cost(&self, lang: Lang) -> usize {
        self.round_trip_1().len().max(self.round_trip_2(lang).len())
    }
}

/// The jobs of the chosen `rows`, and the chosen ones that are not ready with their blockers (a
/// row whose reads failed has no verdict to run: it is left out). `when` is the local time for
/// the timeline notes.
pub fn jobs(rows: &[&Row], lang: Lang, when: &str) -> (Vec<Job>, Vec<(u64, Blocker)>) {
    let (mut jobs, mut skipped) = (Vec::new(), Vec::new());
    for row in rows {
        match (&row.verdict, &row.basis) {
            (Verdict::Ready(plan), Some(basis)) => jobs.push(Job {
                plan: (**plan).clone(),
                facts: note_facts_of(basis, plan, lang, when.to_owned()),
            }),
            (Verdict::Blocked(b), _) => skipped.push((row.deal_id(), b.clone())),
            _ => {}
        }
    }
    (jobs, skipped)
}

fn prefixed(cmds: Vec<BatchCommand>, prefix: &str) -> Vec<BatchCommand> {
    cmds.into_iter()
        .map(|mut c| {
            c.key = format!("{prefix}{}", c.key);
            c
        })
        .collect()
}

/// How many of `jobs`, from the first, fit one batch ([`MAX_BATCH`] commands in each round
/// trip); at least one.
pub fn group(jobs: &[Job], lang: Lang) -> usize {
    let mut used = 0;
    let mut n = 0;
    for job in jobs {
        used += job.cost(lang);
        if used > MAX_BATCH {
            break;
        }
        n += 1;
    }
    n.max(1).min(jobs.len())
}

/// How one deal ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every step done.
    Done,
    /// A step failed: the report says which, with the portal's reason; the steps after it were
    /// not sent.
    Failed(Report),
    /// Not ready: the plan's blocker.
    Skipped(Blocker),
    /// Not started: the run was stopped (or ended by a failed request) before its group.
    NotStarted,
}

/// Which request a run is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Round trip 1 of group `group` (from 1) of about `groups`.
    RoundTrip1 {
        group: usize,
        groups: usize,
    },
    /// Round trip 2 of group `group`.
    RoundTrip2 {
        group: usize,
        groups: usize,
    },
    Ended,
}

/// The run so far: each chosen deal's outcome (`None` while pending), and the phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub outcomes: Vec<(u64, Option<Outcome>)>,
    pub phase: Phase,
}

impl Progress {
    /// How many deals have an outcome.
    pub fn settled(&self) -> usize {
        self.outcomes.iter().filter(|(_, o)| o.is_some()).count()
    }

    pub fn done(&self) -> usize {
        self.count(|o| *o == Outcome::Done)
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    pub fn total(&self) -> usize {
        self.outcomes.len()
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes
            .iter()
            .filter(|(_, o)| o.as_ref().is_some_and(&f))
            .count()
    }

    fn set(&mut self, deal_id: u64, outcome: Outcome) {
        if let Some((_, o)) = self.outcomes.iter_mut().find(|(id, _)| *id == deal_id) {
            *o = Some(outcome);
        }
    }
}

/// Hands over `jobs` (the chosen ready deals) and reports `skipped` (the chosen ones that are
/// not, with their blockers). `on_progress` hears before each request and at the end; `stop`
/// is asked before each group.
pub async fn run<P: Portal>(
    portal: &P,
    jobs: Vec<Job>,
    skipped: Vec<(u64, Blocker)>,
    lang: Lang,
    stop: impl Fn() -> bool,
    on_progress: impl Fn(&Progress),
) -> Progress {
    let mut progress = Progress {
        outcomes: jobs
            .iter()
            .map(|j| (j.deal_id(), None))
            .chain(skipped.iter().map(|(id, _)| (*id, None)))
            .collect(),
        phase: Phase::RoundTrip1 {
            group: 1,
            groups: 1,
        },
    };
    for (id, b) in skipped {
        progress.set(id, Outcome::Skipped(b));
    }
    let mut pending = jobs;
    let mut group_no = 0;
    while !pending.is_empty() && !stop() {
        group_no += 1;
        let n = group(&pending, lang);
        let groups = group_no - 1 + pending.len().div_ceil(n);
        let rest = pending.split_off(n);
        let this: Vec<Job> = std::mem::replace(&mut pending, rest);
        progress.phase = Phase::RoundTrip1 {
            group: group_no,
            groups,
        };
        on_progress(&progress);
        let (go, unrun, go_on) = round_trip_1(portal, &this, &mut progress).await;
        // The deals a halt left unrun go first into the next group (no write of theirs ran).
        let mut next = unrun;
        next.append(&mut pending);
        pending = next;
        if !go.is_empty() {
            progress.phase = Phase::RoundTrip2 {
                group: group_no,
                groups,
            };
            on_progress(&progress);
            if !round_trip_2(portal, go, lang, &mut progress).await {
                break;
            }
        }
        // After a request that failed as a whole nothing more is sent (resume reads first).
        if !go_on {
            break;
        }
    }
    for (_, o) in progress.outcomes.iter_mut().filter(|(_, o)| o.is_none()) {
        *o = Some(Outcome::NotStarted);
    }
    progress.phase = Phase::Ended;
    on_progress(&progress);
    progress
}

/// Whether none of a deal's commands ran (a halt stopped the batch before them).
fn unrun(out: &BatchOutcome, cmds: &[BatchCommand]) -> bool {
    cmds.iter().all(|c| {
        !out.results.contains_key(c.key.as_str())
            && !out
                .errors
                .iter()
                .any(|e| e.command.as_deref() == Some(c.key.as_str()))
    })
}

/// Round trip 1 of a group: the deals whose transfer it proved (for round trip 2, with their
/// reports so far), those a halt left unrun, and whether the run may go on (`false` when a
/// request failed as a whole — its deals reported failed — or ran none of the group's commands;
/// the proven deals still get their round trip 2, so none is left half-done by the stop).
///
/// The batch (halt = 1) holds each deal's fresh reads and transfer, consecutive, then every
/// deal's verifying read. A failed read or transfer stops it there: that deal is reported, the
/// deals after it did not start (they go into the next group), and the verifying reads of the
/// deals before it did not run. A verifying read that the portal refuses because the transfer
/// took the caller out of the chat (`ACCESS_ERROR`, open point 2) stops the other verifying
/// reads too. Either way the transfers that ran unverified are verified by one more batch of
/// their verifying reads alone — reads only, so halt = 0 — before anything moves: 2 requests
/// per group when the caller keeps access to the chats it hands over, 3 when it loses it.
async fn round_trip_1<'a, P: Portal>(
    portal: &P,
    group: &'a [Job],
    progress: &mut Progress,
) -> (Vec<(&'a Job, Report)>, Vec<Job>, bool) {
    let cmds: Vec<BatchCommand> = group
        .iter()
        .flat_map(Job::reads_and_transfer)
        .chain(group.iter().flat_map(Job::after))
        .collect();
    let answer = portal.batch(&cmds, true).await;
    let mut left = Vec::new();
    let mut read: Vec<(&Job, BatchOutcome)> = Vec::new();
    let mut unverified: Vec<&Job> = Vec::new();
    for job in group {
        match &answer {
            Ok(out) if unrun(out, &job.reads_and_transfer()) => left.push(job.clone()),
            Ok(out) => {
                let transferred = job.reads_and_transfer().last().is_some_and(|c| {
                    c.method == "imopenlines.operator.transfer" && out.get(&c.key).is_ok()
                });
                if transferred && unrun(out, &job.after()) {
                    unverified.push(job);
                }
                read.push((job, out.scoped(&job.prefix())));
            }
            Err(e) => read.push((
                job,
                failed_batch(&commands::round_trip_1(&job.plan), e.clone()),
            )),
        }
    }
    let mut whole = answer.is_ok() && left.len() < group.len();
    if !unverified.is_empty() {
        let cmds: Vec<BatchCommand> = unverified.iter().flat_map(|j| j.after()).collect();
        let verified = portal.batch(&cmds, false).await;
        whole &= verified.is_ok();
        for (job, own) in read.iter_mut() {
            if !unverified.iter().any(|u| u.deal_id() == job.deal_id()) {
                continue;
            }
            let after = match &verified {
                Ok(out) => out.scoped(&job.prefix()),
                Err(e) => {
                    let mut plain = commands::round_trip_1(&job.plan);
                    plain.retain(|c| c.key == commands::AFTER);
                    failed_batch(&plain, e.clone())
                }
            };
            own.merge(after);
        }
    }
    let mut go = Vec::new();
    for (job, own) in read {
        let rt1 = verify::read_round_trip_1(&job.plan, &own);
        let mut report = Report::new(&job.plan);
        if report.record_round_trip_1(&job.plan, &rt1) {
            go.push((job, report));
        } else {
            progress.set(job.deal_id(), Outcome::Failed(report));
        }
    }
    (go, left, whole)
}

/// Round trip 2 of the deals whose transfer round trip 1 proved, sent again for those a halt
/// left unrun; `false` when a request failed as a whole (its deals reported failed) or ran none
/// of their commands.
async fn round_trip_2<P: Portal>(
    portal: &P,
    mut go: Vec<(&Job, Report)>,
    lang: Lang,
    progress: &mut Progress,
) -> bool {
    while !go.is_empty() {
        let cmds: Vec<BatchCommand> = go.iter().flat_map(|(j, _)| j.round_trip_2(lang)).collect();
        let answer = portal.batch(&cmds, true).await;
        let mut left = Vec::new();
        let before = go.len();
        for (job, mut report) in go {
            let own = match &answer {
                Ok(out) if unrun(out, &job.round_trip_2(lang)) => {
                    left.push((job, report));
                    continue;
                }
                Ok(out) => out.scoped(&job.prefix()),
                Err(e) => failed_batch(&job.plain_round_trip_2(lang), e.clone()),
            };
            report.record_round_trip_2(&job.plan, &own);
            let outcome = if report.complete() {
                Outcome::Done
            } else {
                Outcome::Failed(report)
            };
            progress.set(job.deal_id(), outcome);
        }
        if answer.is_err() || left.len() == before {
            // A halt stops at a deal's own failing command, so some deal always ran; should none
            // have, its deals stay unreported (not started) rather than be sent in a loop.
            return false;
        }
        go = left;
    }
    true
}
