//! The app state and its reducer: a pure `match`, no I/O (the Yew `Reducible` impl in
//! `ui/app.rs` only delegates here, so this is tested natively). Effects are due when a sequence
//! number changes: `load_seq` (a load), `run_seq` (a run of the plan in [`Run::Running`]).

use crate::basis::Basis;
use crate::failure::Failure;
use crate::handover::plan::{Blocker, Plan};
use crate::handover::run::{Phase, Progress};
use crate::handover::verify::Report;
#[cfg(feature = "admin")]
use crate::settings::state::{Msg as SettingsMsg, Settings};
use crate::view::{self, DealTab, HandedOver};
use std::rc::Rc;

/// The first screen's one async value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LoadState {
    #[default]
    Loading,
    Ready(Rc<DealTab>),
    Failed(Failure),
}

impl LoadState {
    /// The `data-state` hook of `<main id="handover">`.
    pub fn hook(&self) -> &'static str {
        match self {
            LoadState::Loading => "loading",
            LoadState::Ready(_) => "ready",
            LoadState::Failed(_) => "failed",
        }
    }
}

/// The hand-over, from preview to report.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Run {
    /// Nothing loaded yet (or the load failed).
    #[default]
    Idle,
    Preview(Rc<Plan>),
    Blocked(Blocker),
    /// The user clicked once; one more click (confirm) runs.
    Confirming(Rc<Plan>),
    /// After a failure the user asked to finish: a fresh load is on its way, then a new plan.
    Resuming(Rc<Plan>, Progress),
    Running(Rc<Plan>, Progress),
    Finished(Rc<Plan>, Progress),
    Failed(Rc<Plan>, Progress),
}

impl Run {
    /// The `data-run` hook of `<main id="handover">`.
    pub fn hook(&self) -> &'static str {
        match self {
            Run::Idle | Run::Preview(_) | Run::Blocked(_) => "idle",
            Run::Confirming(_) => "confirming",
            Run::Resuming(..) | Run::Running(..) => "running",
            Run::Finished(..) => "done",
            Run::Failed(..) => "failed",
        }
    }

    fn from_plan(plan: Result<Plan, Blocker>) -> Run {
        match plan {
            Ok(p) => Run::Preview(Rc::new(p)),
            Err(b) => Run::Blocked(b),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub load: LoadState,
    /// What the last successful load gave the hand-over. After a hand-over the screen shows
    /// what its round trips read ([`Action::Settled`]) while this stays the load's: names come
    /// from it, and nothing plans from it before the next load.
    pub basis: Option<Rc<Basis>>,
    /// The chat the user picked (`None`: the default one).
    pub chat: Option<u64>,
    pub run: Run,
    /// A request waits for the portal (a resend after its limit, or a slow answer): the tab says
    /// so. Not an error: the request goes on.
    pub waiting: bool,
    /// Changes when a load is due.
    pub load_seq: u32,
    /// Changes when the plan in [`Run::Running`] is to be run.
    pub run_seq: u32,
    /// The admin's settings (rule editor, first run).
    #[cfg(feature = "admin")]
    pub settings: Settings,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Retry a failed first screen.
    Reload,
    Loaded(DealTab, Rc<Basis>),
    Failed(Failure),
    /// Another chat of the deal is to be handed over (re-plans; no request).
    ChooseChat(u64),
    /// The hand-over button: preview → confirm; after a failure, reload and plan again.
    Start,
    Cancel,
    Confirm,
    /// The run reports: a round trip starts, or the run ended (a success ending here could not
    /// read the deal after its writes, so a fresh load shows it).
    Progress(Progress),
    /// The run ended with every step done, and the screen after it, built from what its round
    /// trips read (no request).
    Settled(Progress, DealTab),
    /// The portal layer starts (`true`) or stops (`false`) waiting for the portal
    /// ([`crate::portal::PatientPortal`]).
    Waiting(bool),
    /// The settings; a save that succeeded loads the tab again.
    #[cfg(feature = "admin")]
    Settings(SettingsMsg),
}

impl State {
    /// The next state, or `None` when the action changes nothing.
    pub fn next(&self, action: Action) -> Option<State> {
        let mut s = self.clone();
        match action {
            Action::Reload if self.load == LoadState::Loading => return None,
            Action::Reload => {
                s.load = LoadState::Loading;
                s.load_seq += 1;
            }
            Action::Loaded(tab, basis) => {
                if matches!(&self.load, LoadState::Ready(old) if **old == tab)
                    && self.basis.as_ref() == Some(&basis)
                {
                    return None;
                }
                s.chat = self
                    .chat
                    .filter(|id| basis.loaded.chats.iter().any(|c| c.chat.chat_id == *id));
                let plan = basis.plan(s.chat);
                s.run = match &self.run {
                    // What is left, from the fresh read; confirmed once more before it runs.
                    Run::Resuming(..) => match plan {
                        Ok(p) => Run::Confirming(Rc::new(p)),
                        Err(b) => Run::Blocked(b),
                    },
                    Run::Running(..) | Run::Finished(..) | Run::Failed(..) => self.run.clone(),
                    Run::Idle | Run::Preview(_) | Run::Blocked(_) | Run::Confirming(_) => {
                        Run::from_plan(plan)
                    }
                };
                let tab = match &s.run {
                    // The screen after a hand-over: the handed-over chat says so.
                    Run::Finished(p, _) => match p.transfer() {
                        Some((chat_id, to)) => {
                            let to = HandedOver::of(to, &basis.loaded.names());
                            view::mark_handed_over(&tab, chat_id, to)
                        }
                        None => tab,
                    },
                    _ => tab,
                };
                s.load = LoadState::Ready(Rc::new(tab));
                s.basis = Some(basis);
            }
            Action::Failed(f) => {
                if matches!(&self.load, LoadState::Failed(old) if *old == f) {
                    return None;
                }
                match &self.run {
                    // The resume could not read the portal: back to the failure, to try again.
                    Run::Resuming(p, pr) => s.run = Run::Failed(p.clone(), pr.clone()),
                    // The refresh after a success failed: the success still stands.
                    Run::Finished(..) => s.load = LoadState::Failed(f),
                    _ => {
                        s.load = LoadState::Failed(f);
                        s.run = Run::Idle;
                    }
                }
            }
            Action::ChooseChat(id) => {
                let basis = self.basis.as_ref()?;
                if !matches!(self.run, Run::Preview(_) | Run::Blocked(_)) || self.chat == Some(id) {
                    return None;
                }
                s.chat = Some(id);
                s.run = Run::from_plan(basis.plan(s.chat));
            }
            Action::Start => match &self.run {
                Run::Preview(p) => s.run = Run::Confirming(p.clone()),
                Run::Failed(p, pr) => {
                    s.run = Run::Resuming(p.clone(), pr.clone());
                    s.load_seq += 1;
                }
                _ => return None,
            },
            Action::Cancel => match &self.run {
                Run::Confirming(p) => s.run = Run::Preview(p.clone()),
                _ => return None,
            },
            Action::Confirm => match &self.run {
                Run::Confirming(p) => {
                    let progress = Progress {
                        report: Report::new(p),
                        phase: Phase::RoundTrip1,
                    };
                    s.run = Run::Running(p.clone(), progress);
                    s.run_seq += 1;
                }
                _ => return None,
            },
            Action::Progress(pr) => match &self.run {
                Run::Running(p, _) if pr.phase != Phase::Ended => {
                    s.run = Run::Running(p.clone(), pr);
                }
                Run::Running(p, _) if pr.succeeded() => {
                    s.run = Run::Finished(p.clone(), pr);
                    // The round trips could not read the deal after the writes: a fresh load
                    // shows the new state of the deal and the chat.
                    s.load_seq += 1;
                }
                Run::Running(p, _) => s.run = Run::Failed(p.clone(), pr),
                _ => return None,
            },
            Action::Settled(pr, tab) => match (&self.run, &self.basis) {
                (Run::Running(p, _), Some(basis)) if pr.succeeded() => {
                    s.run = Run::Finished(p.clone(), pr);
                    // Shown as a load after a hand-over is (the handed-over chat says so); the
                    // names and the rules stay the load's.
                    return s.next(Action::Loaded(tab, basis.clone())).or(Some(s));
                }
                _ => return None,
            },
            Action::Waiting(w) if w == self.waiting => return None,
            Action::Waiting(w) => s.waiting = w,
            #[cfg(feature = "admin")]
            Action::Settings(msg) => {
                let (settings, saved) = self.settings.next(msg)?;
                s.settings = settings;
                if saved && !matches!(self.run, Run::Running(..)) {
                    s.load = LoadState::Loading;
                    s.load_seq += 1;
                }
            }
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests;
