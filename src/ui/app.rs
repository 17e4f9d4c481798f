//! The root: owns the reducer and the effects (load, fitWindow), renders [`Screen`].

use super::screen::Screen;
use crate::i18n::Lang;
use crate::load::{self, Failure, Part};
use crate::model::placement;
use crate::portal::bx24;
use crate::portal::error::local;
use crate::portal::http::HttpPortal;
use crate::state::{Action, LoadState, State};
use crate::view::deal_tab;
use std::rc::Rc;
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
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(State::default);
    let attempt = use_state(|| 0u32);

    {
        let dispatcher = state.dispatcher();
        let sdk_ready = props.sdk_ready;
        use_effect_with(*attempt, move |_| {
            start_load(sdk_ready, dispatcher);
        });
    }
    // The frame follows the content's height after every state change.
    use_effect_with(state.load.clone(), |load| {
        bx24::fit_window();
        if !matches!(load, LoadState::Loading) {
            super::mark(super::MARK_READY);
        }
    });

    let on_retry = {
        let dispatcher = state.dispatcher();
        let attempt = attempt.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Reload);
            attempt.set(*attempt + 1);
        })
    };
    let on_layout = Callback::from(|()| bx24::fit_window());

    html! {
        <Screen lang={props.lang} load={state.load.clone()} {on_retry} {on_layout} />
    }
}

/// Placement → deal id → one batch; the outcome comes back as one action.
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
        Ok(id) => wasm_bindgen_futures::spawn_local(async move {
            let portal = HttpPortal::from_frame();
            let action = match load::load(&portal, id).await {
                Ok(ctx) => Action::Loaded(deal_tab(&ctx)),
                Err(failure) => Action::Failed(failure),
            };
            dispatcher.dispatch(action);
        }),
    }
}
