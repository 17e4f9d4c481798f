//! The settings' effects, owned by the root: read the pickers' facts when `catalog_seq`
//! changes, save when `save_seq` changes, open the first run (or, outside a deal, the settings)
//! by itself for an admin, and the portal's user picker. Each ends in an [`Action`].

use super::settings_area::SettingsArea;
use crate::handover::rules::{self, Rules};
use crate::i18n::Lang;
use crate::load::Failure;
use crate::portal::bx24;
use crate::portal::http::HttpPortal;
use crate::settings::catalog;
use crate::settings::state::{Msg, SaveFailure};
use crate::state::{Action, LoadState, State};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// The admin's part of the root: runs the settings' effects and gives the settings area (empty
/// for others) and the callback that opens it from a blocker an admin repairs there.
#[hook]
pub fn use_settings_area(
    state: &UseReducerHandle<State>,
    lang: Lang,
    is_admin: bool,
    read: fn() -> Result<Rules, rules::RulesError>,
) -> (Html, Option<Callback<()>>) {
    use_settings_effects(state, is_admin, read);
    // The frame follows the editor's height as well.
    use_effect_with(state.settings.clone(), |_| bx24::fit_window());
    let on_open = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| {
            let rules = read().map(|r| r.rules).map_err(|_| ());
            dispatcher.dispatch(Action::Settings(Msg::Open { rules, auto: false }));
        })
    };
    if !is_admin {
        return (Html::default(), None);
    }
    let dispatcher = state.dispatcher();
    let area = html! {
        <SettingsArea {lang} settings={state.settings.clone()}
                      explain={state.load == LoadState::Failed(Failure::NotADeal)}
                      on_open={on_open.clone()}
                      on_pick={Callback::from(move |()| pick_user(dispatcher.clone()))}
                      on_msg={state.dispatcher().to_callback().reform(Action::Settings)} />
    };
    (area, Some(on_open))
}

/// Runs the settings' effects for `state`; `read` reads the stored rules.
#[hook]
fn use_settings_effects(
    state: &UseReducerHandle<State>,
    is_admin: bool,
    read: fn() -> Result<Rules, rules::RulesError>,
) {
    let s = &state.settings;
    {
        let dispatcher = state.dispatcher();
        let known: Vec<u64> = state
            .basis
            .as_ref()
            .map(|b| b.loaded.pipelines.iter().map(|p| p.id).collect())
            .unwrap_or_default();
        let users = catalog::rule_users(&s.rules);
        use_effect_with(s.catalog_seq, move |seq| {
            if *seq > 0 {
                spawn_local(async move {
                    let portal = HttpPortal::from_frame();
                    let msg = match catalog::read(&portal, &known, &users).await {
                        Ok(facts) => Msg::CatalogLoaded(facts.into()),
                        Err(e) => Msg::CatalogFailed(e.code),
                    };
                    dispatcher.dispatch(Action::Settings(msg));
                });
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        let pending = s.pending.clone();
        use_effect_with(s.save_seq, move |_| {
            if let Some(pending) = pending {
                spawn_local(async move {
                    let result = save(Rules { rules: pending }).await;
                    dispatcher.dispatch(Action::Settings(Msg::Saved(result)));
                });
            }
        });
    }
    // An admin with no rules gets the first run; outside a deal, the settings.
    let auto = match (&state.load, &state.basis) {
        _ if !is_admin => false,
        (LoadState::Failed(Failure::NotADeal), _) => true,
        (LoadState::Ready(_), Some(b)) => b.rules.as_ref().is_ok_and(|r| r.rules.is_empty()),
        _ => false,
    };
    let dispatcher = state.dispatcher();
    use_effect_with(auto, move |auto| {
        if *auto {
            let rules = read().map(|r| r.rules).map_err(|_| ());
            dispatcher.dispatch(Action::Settings(Msg::Open { rules, auto: true }));
        }
    });
}

/// `BX24.appOption.set`: saved when the options it answers with hold our value.
async fn save(new: Rules) -> Result<(), SaveFailure> {
    // Stored as JSON text, as before: the portal keeps a string as it is.
    let text = rules::to_value(&new).to_string();
    let options = bx24::set_app_option(rules::OPTION_NAME, &text)
        .await
        .map_err(|_| SaveFailure::NoAnswer)?;
    let stored = options
        .get(rules::OPTION_NAME)
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    match rules::parse(&stored) {
        Ok(r) if r == new => Ok(()),
        _ => Err(SaveFailure::NotStored),
    }
}

/// Opens the portal's user picker; the choice comes back as [`Msg::Picked`]. A cancelled
/// picker never answers: nothing waits for it, and the next click opens a new one.
fn pick_user(dispatcher: UseReducerDispatcher<State>) {
    spawn_local(async move {
        if let Ok((id, name)) = bx24::select_user().await {
            dispatcher.dispatch(Action::Settings(Msg::Picked(id, name)));
        }
    });
}
