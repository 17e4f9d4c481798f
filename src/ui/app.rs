//! The root: owns the reducer and the effects (load, run, fitWindow), renders [`Screen`].

use super::screen::Screen;
#[cfg(not(feature = "admin"))]
use super::settings_bar::SettingsBar;
#[cfg(feature = "admin")]
use super::settings_effects::use_settings_area;
use crate::basis::Basis;
use crate::failure::{Failure, Part};
use crate::flow;
#[cfg(feature = "admin")]
use crate::handover::rules::{Rules, RulesError};
use crate::i18n::Lang;
use crate::panel::panel;
use crate::portal::browser::{BrowserFrame, BrowserPortal};
use crate::portal::error::local;
use crate::portal::Frame;
use crate::state::{Action, LoadState, Run, State};
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.next(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub lang: Lang,
    /// Whether `BX24.init` came.
    pub sdk_ready: bool,
    /// `BX24.isAdmin()`: words who can repair the rules.
    #[prop_or_default]
    pub is_admin: bool,
    /// The admin build was loaded to open the settings: open them at once.
    #[prop_or_default]
    pub open_settings: bool,
    /// Opened inside an open-line chat: the compact layout.
    #[prop_or_default]
    pub compact: bool,
    /// The lean build, for an admin: hands the tab over to the admin build (the settings).
    #[prop_or_default]
    pub on_admin: Option<Callback<()>>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(State::default);
    let lang = props.lang;
    // One portal for the frame: concurrent calls share one token refresh and one "waiting".
    let portal = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| {
            BrowserPortal::of_frame(move |w| dispatcher.dispatch(Action::Waiting(w)))
        }))
        .clone()
    };

    {
        let dispatcher = state.dispatcher();
        let sdk_ready = props.sdk_ready;
        let portal = portal.clone();
        let known = state.basis.as_ref().map(|b| b.loaded.deal.id);
        use_effect_with(state.load_seq, move |_| {
            start_load(sdk_ready, portal, known, dispatcher)
        });
    }
    {
        // A new `run_seq` comes with `Run::Running`: run that plan, once.
        let dispatcher = state.dispatcher();
        let job = match (&state.run, &state.basis) {
            (Run::Running(plan, _), Some(basis)) => Some((plan.clone(), basis.clone())),
            _ => None,
        };
        let portal = portal.clone();
        use_effect_with(state.run_seq, move |_| {
            if let Some((plan, basis)) = job {
                start_run(lang, portal, plan, basis, dispatcher);
            }
        });
    }
    #[cfg(feature = "admin")]
    let (settings, on_settings) =
        use_settings_area(&state, lang, props.is_admin, &portal, read_rules);
    #[cfg(feature = "admin")]
    {
        let on_open = on_settings.clone().filter(|_| props.open_settings);
        use_effect_with((), move |()| {
            if let Some(open) = on_open {
                open.emit(());
            }
        });
    }
    // The lean build has no editor: its settings button hands the tab to the admin build.
    #[cfg(not(feature = "admin"))]
    let (settings, on_settings) = match &props.on_admin {
        Some(on_open) => (
            html! { <SettingsBar {lang} on_open={on_open.clone()} /> },
            Some(on_open.clone()),
        ),
        None => (Html::default(), None),
    };
    // The frame follows the content's height after every state change.
    let watched = (state.load.clone(), state.run.clone());
    use_effect_with(watched, |(load, _)| {
        BrowserFrame.fit_window();
        if !matches!(load, LoadState::Loading) {
            super::mark(super::MARK_READY);
        }
    });

    let dispatch = state.dispatcher().to_callback();
    let view = state
        .basis
        .as_ref()
        .map(|b| Rc::new(panel(b, state.chat, &state.run, lang, props.is_admin)));

    html! {
        <Screen {lang} compact={props.compact} load={state.load.clone()} waiting={state.waiting} panel={view}
                on_retry={dispatch.reform(|()| Action::Reload)}
                on_layout={Callback::from(|()| BrowserFrame.fit_window())}
                on_start={dispatch.reform(|()| Action::Start)}
                on_confirm={dispatch.reform(|()| Action::Confirm)}
                on_cancel={dispatch.reform(|()| Action::Cancel)}
                on_choose_chat={dispatch.reform(Action::ChooseChat)}
                {on_settings} {settings} />
    }
}

/// The first screen through [`flow::load`]; one action back.
fn start_load(
    sdk_ready: bool,
    portal: BrowserPortal,
    known: Option<u64>,
    dispatcher: UseReducerDispatcher<State>,
) {
    if !sdk_ready {
        dispatcher.dispatch(Action::Failed(Failure::Portal {
            part: Part::Sdk,
            code: local::SDK.into(),
        }));
        return;
    }
    spawn_local(
        async move { dispatcher.dispatch(flow::load(&BrowserFrame, &portal, known).await) },
    );
}

/// `BX24.appOption.get("handover_rules")`, read by [`flow::read_rules`].
#[cfg(feature = "admin")]
fn read_rules() -> Result<Rules, RulesError> {
    flow::read_rules(&BrowserFrame)
}

/// Runs the plan through [`flow::hand_over`]; progress comes back as actions.
fn start_run(
    lang: Lang,
    portal: BrowserPortal,
    plan: Rc<crate::handover::plan::Plan>,
    basis: Rc<Basis>,
    dispatcher: UseReducerDispatcher<State>,
) {
    spawn_local(async move {
        flow::hand_over(&BrowserFrame, &portal, &plan, &basis, lang, now(), |a| {
            dispatcher.dispatch(a)
        })
        .await;
    });
}

/// The local time as people read it: `25.11.2026 14:05`.
pub(crate) fn now() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:02}.{:02}.{} {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}
