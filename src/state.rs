//! The app state and its reducer: a pure `match`, no I/O (the Yew `Reducible` impl in
//! `ui/app.rs` only delegates here, so this is tested natively).

use crate::load::Failure;
use crate::view::DealTab;
use std::rc::Rc;

/// The first screen's one async value.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
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

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub load: LoadState,
}

impl Default for State {
    fn default() -> Self {
        State {
            load: LoadState::Loading,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A (re)load started.
    Reload,
    Loaded(DealTab),
    Failed(Failure),
}

impl State {
    /// The next state, or `None` when the action changes nothing.
    pub fn next(&self, action: Action) -> Option<State> {
        let load = match action {
            Action::Reload if self.load == LoadState::Loading => return None,
            Action::Reload => LoadState::Loading,
            Action::Loaded(tab) => {
                if matches!(&self.load, LoadState::Ready(old) if **old == tab) {
                    return None;
                }
                LoadState::Ready(Rc::new(tab))
            }
            Action::Failed(f) => {
                if matches!(&self.load, LoadState::Failed(old) if *old == f) {
                    return None;
                }
                LoadState::Failed(f)
            }
        };
        Some(State { load })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{DealTab, Label};

    fn tab() -> DealTab {
        DealTab {
            deal_title: "d".into(),
            pipeline: Label::Name("p".into()),
            stage: Label::Name("s".into()),
            progress: Default::default(),
            chats: vec![],
        }
    }

    #[test]
    fn transitions() {
        let s = State::default();
        assert_eq!(s.load.hook(), "loading");
        assert_eq!(s.next(Action::Reload), None);
        let ready = s.next(Action::Loaded(tab())).expect("ready");
        assert_eq!(ready.load.hook(), "ready");
        assert_eq!(ready.next(Action::Loaded(tab())), None);
        let failed = ready
            .next(Action::Failed(Failure::Network))
            .expect("failed");
        assert_eq!(failed.load.hook(), "failed");
        assert_eq!(failed.next(Action::Failed(Failure::Network)), None);
        assert_eq!(
            failed.next(Action::Reload).map(|s| s.load),
            Some(LoadState::Loading)
        );
    }
}
