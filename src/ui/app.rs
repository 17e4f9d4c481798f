//! The root: owns the reducer and the effects (load, run, fitWindow), renders [`Screen`].

use super::handover_panel::PanelCallbacks;
use super::screen::{screen, ScreenProps};
#[cfg(feature = "admin")]
use super::settings_effects::use_settings_area;
use crate::handover::basis::Basis;
use crate::handover::rules::{self, Rules, RulesError};
use crate::handover::run::run;
use crate::i18n::Lang;
use crate::load::{self, Failure, Part};
use crate::model::placement;
use crate::panel::{note_facts, panel};
use crate::portal::bx24::{self, ParentCommand};
use crate::portal::error::local;
use crate::portal::http::HttpPortal;
use crate::state::{Action, LoadState, Run, State};
use crate::view::deal_tab;
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
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(State::default);
    let lang = props.lang;

    {
        let dispatcher = state.dispatcher();
        let sdk_ready = props.sdk_ready;
        use_effect_with(state.load_seq, move |_| start_load(sdk_ready, dispatcher));
    }
    {
        // A new `run_seq` comes with `Run::Running`: run that plan, once.
        let dispatcher = state.dispatcher();
        let job = match (&state.run, &state.basis) {
            (Run::Running(plan, _), Some(basis)) => Some((plan.clone(), basis.clone())),
            _ => None,
        };
        use_effect_with(state.run_seq, move |_| {
            if let Some((plan, basis)) = job {
                start_run(lang, plan, basis, dispatcher);
            }
        });
    }
    #[cfg(feature = "admin")]
    let (settings, on_settings) = use_settings_area(&state, lang, props.is_admin, read_rules);
    // The lean build has no settings: the loader gives admins the admin build.
    #[cfg(not(feature = "admin"))]
    let (settings, on_settings): (Html, Option<Callback<()>>) = (Html::default(), None);
    // The frame follows the content's height after every state change.
    let watched = (state.load.clone(), state.run.clone());
    use_effect_with(watched, |(load, _)| {
        bx24::fit_window();
        if !matches!(load, LoadState::Loading) {
            super::mark(super::MARK_READY);
        }
    });

    let send = |action: Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(action.clone()))
    };
    let on_choose_chat = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(Action::ChooseChat(id)))
    };
    let view = state
        .basis
        .as_ref()
        .map(|b| Rc::new(panel(b, state.chat, &state.run, lang, props.is_admin)));

    screen(&ScreenProps {
        lang,
        load: state.load.clone(),
        on_retry: send(Action::Reload),
        on_layout: Callback::from(|()| bx24::fit_window()),
        panel: view,
        on: PanelCallbacks {
            start: send(Action::Start),
            confirm: send(Action::Confirm),
            cancel: send(Action::Cancel),
            choose_chat: on_choose_chat,
            settings: on_settings,
        },
        settings,
    })
}

/// Placement → deal id → rules (app option, no request) → one batch; one action back.
fn start_load(sdk_ready: bool, dispatcher: UseReducerDispatcher<State>) {
    if !sdk_ready {
        dispatcher.dispatch(Action::Failed(Failure::Portal {
            part: Part::Sdk,
            code: local::SDK.into(),
        }));
        return;
    }
    let deal_id = bx24::placement_info()
        .map_err(|e| Failure::Portal {
            part: Part::Sdk,
            code: e.code,
        })
        .and_then(|info| placement::deal_id(&info).map_err(Failure::from));
    match deal_id {
        Err(failure) => dispatcher.dispatch(Action::Failed(failure)),
        Ok(id) => spawn_local(async move {
            let rules = read_rules();
            let portal = HttpPortal::from_frame();
            let wanted = rules.as_ref().cloned().unwrap_or_else(|_| Rules::default());
            let action = match load::load(&portal, id, &wanted).await {
                Ok(loaded) => Action::Loaded(deal_tab(&loaded), Rc::new(Basis { loaded, rules })),
                Err(failure) => Action::Failed(failure),
            };
            dispatcher.dispatch(action);
        }),
    }
}

/// `BX24.appOption.get("handover_rules")`, read by [`rules::parse`].
fn read_rules() -> Result<Rules, RulesError> {
    let raw =
        bx24::app_option(rules::OPTION_NAME).map_err(|e| RulesError::Malformed(e.description))?;
    rules::parse(&raw)
}

/// Runs the plan; progress comes back as actions. After a success the card reloads (without
/// waiting: some users get no answer to `reloadData`), and the reducer asks for a fresh load.
fn start_run(
    lang: Lang,
    plan: Rc<crate::handover::plan::Plan>,
    basis: Rc<Basis>,
    dispatcher: UseReducerDispatcher<State>,
) {
    let facts = note_facts(&basis, &plan, lang, now());
    spawn_local(async move {
        let portal = HttpPortal::from_frame();
        let progress = dispatcher.clone();
        let end = run(&portal, &plan, lang, &facts, move |p| {
            progress.dispatch(Action::Progress(p))
        })
        .await;
        if end.succeeded() {
            spawn_local(async {
                let _ = bx24::placement_call(ParentCommand::ReloadData).await;
            });
        }
    });
}

/// The local time as people read it: `25.11.2026 14:05`.
fn now() -> String {
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
