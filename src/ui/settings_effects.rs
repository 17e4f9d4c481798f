//! The settings' effects, owned by the root: read the pickers' facts when `catalog_seq`
//! changes, save when `save_seq` changes, open the first run (or, outside a deal, the settings)
//! by itself for an admin, and the portal's user picker. Each ends in an [`Action`].

use super::settings_area::SettingsArea;
use crate::failure::Failure;
use crate::flow;
use crate::handover::rules::{self, Rules};
use crate::i18n::Lang;
use crate::portal::browser::{BrowserFrame, BrowserPortal};
use crate::portal::Frame;
use crate::settings::catalog;
use crate::settings::state::Msg;
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
    portal: &BrowserPortal,
    read: fn() -> Result<Rules, rules::RulesError>,
) -> (Html, Option<Callback<()>>) {
    use_settings_effects(state, is_admin, portal, read);
    // The frame follows the editor's height as well.
    use_effect_with(state.settings.clone(), |_| BrowserFrame.fit_window());
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
    let settings = state.dispatcher().to_callback().reform(Action::Settings);
    let send = |msg: Msg| settings.reform(move |()| msg.clone());
    let area = html! {
        <SettingsArea {lang} settings={state.settings.clone()}
                      explain={state.load == LoadState::Failed(Failure::NotADeal)}
                      on_open={on_open.clone()} on_close={send(Msg::Close)}
                      on_pick={Callback::from(move |()| pick_user(dispatcher.clone()))}
                      on_add={send(Msg::Add)} on_edit={settings.reform(Msg::Edit)}
                      on_move={settings.reform(|(i, up)| Msg::Move(i, up))}
                      on_delete={settings.reform(Msg::Delete)}
                      on_change={settings.reform(Msg::Change)}
                      on_save={send(Msg::SaveEditor)} on_cancel={send(Msg::CancelEdit)} />
    };
    (area, Some(on_open))
}

/// Runs the settings' effects for `state`; `read` reads the stored rules.
#[hook]
fn use_settings_effects(
    state: &UseReducerHandle<State>,
    is_admin: bool,
    portal: &BrowserPortal,
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
        let portal = portal.clone();
        use_effect_with(s.catalog_seq, move |seq| {
            if *seq > 0 {
                spawn_local(async move {
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
        let pending = s.pending.clone().zip(s.pending_value.clone());
        use_effect_with(s.save_seq, move |_| {
            if let Some((pending, value)) = pending {
                spawn_local(async move {
                    let new = Rules { rules: pending };
                    let result = flow::save_rules(&BrowserFrame, &new, &value).await;
                    dispatcher.dispatch(Action::Settings(Msg::Saved(result)));
                });
            }
        });
    }
    // An admin with no rules gets the first run; outside a deal, the settings.
    let auto = match (&state.load, &state.basis) {
        _ if !is_admin => false,
        (LoadState::Failed(Failure::NotADeal), _) => flow::settings_at_start(true, &read()),
        (LoadState::Ready(_), Some(b)) => flow::settings_at_start(false, &b.rules),
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

/// Opens the portal's user picker; the choice comes back as [`Msg::Picked`]. A cancelled
/// picker never answers: nothing waits for it, and the next click opens a new one.
fn pick_user(dispatcher: UseReducerDispatcher<State>) {
    spawn_local(async move {
        if let Ok((id, name)) = BrowserFrame.select_user().await {
            dispatcher.dispatch(Action::Settings(Msg::Picked(id, name)));
        }
    });
}
