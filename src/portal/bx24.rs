//! Bindings to the classic BX24 library (`//api.bitrix24.com/api/v1/`), the frame's side of
//! the portal. Every extern lives here, each with `catch` so that a missing `window.BX24`
//! (the library throws and sets it to null outside a portal frame) is an error, not a trap.
//! Callback-style calls are wrapped as futures with a deadline: some parent commands never
//! answer (bitrix24-rest.md §7), and nothing here may wait forever.
//!
//! Values cross the boundary through serde-wasm-bindgen: JS objects are read into a JSON
//! [`Value`] with `from_value`, and a wire type is then read from that `Value` ([`read`]), the
//! one path every wire type takes (one deserializer per type in the wasm, not two); Rust values
//! go out with the JSON-compatible serializer (plain objects, not `Map`s).

use super::error::{local, ApiError};
use super::option::{read_option, too_large, OptionText, OPTION_MAX_BYTES};
use crate::model::wire::{AuthWire, PlacementInfoWire, SelectedUserWire};
use js_sys::{Function, JsString, Promise, Reflect, JSON};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `BX24.init(cb)`: cb runs once the parent frame sent the init data.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/bx24-init.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = init)]
    fn bx24_init(cb: &Function) -> Result<(), JsValue>;

    /// `BX24.placement.info()` → `{placement, options}`.
    /// <https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-info.html>
    #[wasm_bindgen(catch, js_namespace = ["BX24", "placement"], js_name = info)]
    fn bx24_placement_info() -> Result<JsValue, JsValue>;

    /// `BX24.placement.call(command, params, cb)`.
    /// <https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-call.html>
    #[wasm_bindgen(catch, js_namespace = ["BX24", "placement"], js_name = call)]
    fn bx24_placement_call(command: &str, params: &JsValue, cb: &Function) -> Result<(), JsValue>;

    /// `BX24.getAuth()` → `{access_token, refresh_token, expires_in, domain, member_id}` or `false`.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/bx24-get-auth.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = getAuth)]
    fn bx24_get_auth() -> Result<JsValue, JsValue>;

    /// `BX24.refreshAuth(cb)`: cb gets the new `getAuth()` object.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/bx24-refresh-auth.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = refreshAuth)]
    fn bx24_refresh_auth(cb: &Function) -> Result<(), JsValue>;

    /// `BX24.appOption.get(name)`.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/options/bx24-app-option-get.html>
    #[wasm_bindgen(catch, js_namespace = ["BX24", "appOption"], js_name = get)]
    fn bx24_app_option_get(name: &str) -> Result<JsValue, JsValue>;

    /// `BX24.appOption.set(name, value, cb)`: admins only; a silent no-op for others.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/options/bx24-app-option-set.html>
    #[wasm_bindgen(catch, js_namespace = ["BX24", "appOption"], js_name = set)]
    fn bx24_app_option_set(name: &str, value: &JsValue, cb: &Function) -> Result<(), JsValue>;

    /// `BX24.selectUser(cb)`: cb gets `{id, name, …}` when the user confirms.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-dialogues/bx24-select-user.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = selectUser)]
    fn bx24_select_user(cb: &Function) -> Result<(), JsValue>;

    /// `BX24.fitWindow()`: frame height = content height.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/additional-functions/bx24-fit-window.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = fitWindow)]
    fn bx24_fit_window() -> Result<(), JsValue>;

    /// `BX24.getLang()` → `ru`, `en`, `de`…
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/index.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = getLang)]
    fn bx24_get_lang() -> Result<JsValue, JsValue>;

    /// `BX24.installFinish()`: ends the installation; the app's widgets become visible.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-functions/bx24-install-finish.html>
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = installFinish)]
    fn bx24_install_finish() -> Result<(), JsValue>;

    /// `BX24.isAdmin()`.
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = isAdmin)]
    fn bx24_is_admin() -> Result<JsValue, JsValue>;

    /// `BX24.getDomain()` → the portal host (and port).
    #[wasm_bindgen(catch, js_namespace = BX24, js_name = getDomain)]
    fn bx24_get_domain() -> Result<JsValue, JsValue>;
}

/// How long to wait for `BX24.init`.
pub const INIT_TIMEOUT_MS: i32 = 15_000;
/// How long to wait for the parent's answer to `refreshAuth` (it never answers on failure).
pub const REFRESH_TIMEOUT_MS: i32 = 15_000;
/// How long to wait for a placement command's answer.
pub const COMMAND_TIMEOUT_MS: i32 = 10_000;

/// Commands the deal tab's parent frame registers for `BX24.placement.call`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentCommand {
    /// Refreshes the CRM card (after the deal moved).
    ReloadData,
}

impl ParentCommand {
    fn name(self) -> &'static str {
        match self {
            ParentCommand::ReloadData => "reloadData",
        }
    }
}

/// A token and the portal it is for, as `BX24.getAuth()` gives them. Not `Debug`: never logged.
pub struct Auth {
    pub access_token: String,
    pub domain: String,
}

/// Whether the BX24 library loaded and initialised its globals.
pub fn available() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    Reflect::get(&window, &JsValue::from_str("BX24"))
        .map(|v| v.is_object())
        .unwrap_or(false)
}

/// Waits for `BX24.init`; `false` when the library is absent or init did not come in time.
pub async fn init() -> bool {
    if !available() {
        return false;
    }
    let mut failed = false;
    let promise = Promise::new(&mut |resolve, _reject| {
        failed = bx24_init(&resolve).is_err();
    });
    !failed && with_deadline(promise, INIT_TIMEOUT_MS).await.is_ok()
}

/// `BX24.placement.info()`, read into its wire type.
pub fn placement_info() -> Result<PlacementInfoWire, ApiError> {
    let v = bx24_placement_info().map_err(|_| ApiError::sdk("placement.info", "BX24 threw"))?;
    read(v).map_err(|e| ApiError::sdk("placement.info", format!("unexpected shape: {e}")))
}

/// A JS value as wire type `T`: into a JSON [`Value`] with serde-wasm-bindgen, then `T` from it.
fn read<T: DeserializeOwned>(v: JsValue) -> Result<T, String> {
    let value: Value = serde_wasm_bindgen::from_value(v).map_err(|e| e.to_string())?;
    T::deserialize(&value).map_err(|e| e.to_string())
}

/// `BX24.placement.call(command)`, resolved when the parent answers (or after a deadline:
/// some portals never answer `reloadData`).
pub async fn placement_call(command: ParentCommand) -> Result<(), ApiError> {
    let mut failed = false;
    let params = js_sys::Object::new();
    let promise = Promise::new(&mut |resolve, _reject| {
        failed = bx24_placement_call(command.name(), &params, &resolve).is_err();
    });
    if failed {
        return Err(ApiError::sdk("placement.call", "BX24 threw"));
    }
    with_deadline(promise, COMMAND_TIMEOUT_MS)
        .await
        .map(|_| ())
        .map_err(|_| ApiError::new("placement.call", None, local::TIMEOUT, "no answer"))
}

/// The current token, or `None` when the library has none (expired, or before init).
pub fn auth() -> Option<Auth> {
    read_auth(&bx24_get_auth().ok()?)
}

/// The token and domain of a `getAuth()`-shaped object; `None` for `false` or no token.
fn read_auth(v: &JsValue) -> Option<Auth> {
    let wire: AuthWire = read(v.clone()).ok()?;
    let filled = |s: Option<String>| s.filter(|s| !s.is_empty());
    Some(Auth {
        access_token: filled(wire.access_token)?,
        domain: filled(wire.domain).or_else(domain)?,
    })
}

/// Starts `BX24.refreshAuth` and returns a promise of the new auth object (rejected after a
/// deadline). The transport shares one such promise among concurrent callers.
pub fn refresh_auth() -> Promise {
    let mut failed = false;
    let promise = Promise::new(&mut |resolve, _reject| {
        failed = bx24_refresh_auth(&resolve).is_err();
    });
    if failed {
        return Promise::reject(&JsValue::from_str("BX24.refreshAuth threw"));
    }
    deadline(promise, REFRESH_TIMEOUT_MS)
}

/// Waits for a shared refresh and reads the token it brought.
pub async fn await_refresh(promise: &Promise) -> Option<Auth> {
    let v = JsFuture::from(promise.clone()).await.ok()?;
    read_auth(&v).or_else(auth)
}

/// `BX24.appOption.get(name)` as JSON data: a string or an object, as it was stored; `Null`
/// when unset (or when the library is missing). Bounded ([`bounded_json`]): an option over
/// [`OPTION_MAX_BYTES`] or nested too deep is an error, never a crash.
pub fn app_option(name: &str) -> Result<Value, ApiError> {
    match bx24_app_option_get(name) {
        Ok(v) => bounded_json("appOption.get", v, OPTION_MAX_BYTES),
        Err(_) => Ok(Value::Null),
    }
}

/// A JS value as JSON data through the frame's one bounded reader ([`read_option`]): a string
/// as its text, anything else as its `JSON.stringify` (which throws on a cycle or on a depth
/// beyond the engine's stack, caught here); the size checked before any copy into the wasm.
/// Never serde-wasm-bindgen, whose `from_value` recurses as deep as the value goes.
fn bounded_json(what: &str, v: JsValue, max: usize) -> Result<Value, ApiError> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    let (text, is_string) = match v.dyn_into::<JsString>() {
        Ok(s) => (s, true),
        Err(v) => {
            let json = JSON::stringify(&v)
                .map_err(|_| ApiError::sdk(what, "not JSON data"))?
                .dyn_into::<JsString>()
                .map_err(|_| ApiError::sdk(what, "not JSON data"))?;
            (json, false)
        }
    };
    // A UTF-16 unit is at least one UTF-8 byte: over in units is over in bytes, and nothing
    // that long is copied into the wasm.
    if text.length() as usize > max {
        return Err(too_large(what));
    }
    let text = String::from(text);
    let text = if is_string {
        OptionText::Text(&text)
    } else {
        OptionText::Json(&text)
    };
    read_option(what, text, max)
}

/// `BX24.appOption.set(name, value)`; resolves with all app options (as JSON data). Check
/// [`is_admin`] first: for others the library does nothing and the future ends at the deadline
/// with an error.
pub async fn set_app_option<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<Value, ApiError> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::sdk("appOption.set", format!("not a JSON value: {e}")))?;
    let mut failed = false;
    let promise = Promise::new(&mut |resolve, _reject| {
        failed = bx24_app_option_set(name, &value, &resolve).is_err();
    });
    if failed {
        return Err(ApiError::sdk("appOption.set", "BX24 threw"));
    }
    let options = with_deadline(promise, COMMAND_TIMEOUT_MS)
        .await
        .map_err(|_| ApiError::new("appOption.set", None, local::TIMEOUT, "no answer"))?;
    // All of the app's options: they share the one column, each JSON-escaped once more here.
    bounded_json("appOption.set", options, 2 * OPTION_MAX_BYTES)
}

/// `BX24.selectUser`: the chosen user's `(id, name)`. Never resolves if the picker is closed
/// without a choice, as the library never calls back then; drop the future to give up.
pub async fn select_user() -> Result<(u64, String), ApiError> {
    let mut failed = false;
    let promise = Promise::new(&mut |resolve, _reject| {
        failed = bx24_select_user(&resolve).is_err();
    });
    if failed {
        return Err(ApiError::sdk("selectUser", "BX24 threw"));
    }
    let v = JsFuture::from(promise)
        .await
        .map_err(|_| ApiError::sdk("selectUser", "rejected"))?;
    let user: SelectedUserWire =
        read(v).map_err(|e| ApiError::sdk("selectUser", format!("no id: {e}")))?;
    Ok((user.id, user.name))
}

/// `BX24.fitWindow()`; ignored outside a portal frame.
pub fn fit_window() {
    if available() {
        let _ = bx24_fit_window();
    }
}

/// `BX24.getLang()`.
pub fn lang() -> Option<String> {
    bx24_get_lang().ok().and_then(|v| v.as_string())
}

/// `BX24.isAdmin()`.
pub fn is_admin() -> bool {
    bx24_is_admin()
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// `BX24.installFinish()`, once the installer is done (bitrix24-rest.md §2).
pub fn install_finish() -> Result<(), ApiError> {
    bx24_install_finish().map_err(|_| ApiError::sdk("installFinish", "BX24 threw"))
}

/// `BX24.getDomain()`.
pub fn domain() -> Option<String> {
    bx24_get_domain()
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.is_empty())
}

/// Resolves after `ms`: the timer of [`deadline`] on a promise that never settles
/// (`Promise.race([])`); at once when the page has no timer.
pub async fn sleep(ms: u32) {
    let never = Promise::race(&js_sys::Array::new());
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let _ = JsFuture::from(deadline(never, ms)).await;
}

/// `promise`, or a rejection with `undefined` after `ms`.
fn deadline(promise: Promise, ms: i32) -> Promise {
    race_timer(promise, ms).0
}

/// The race of `promise` against a timer, and the timer's handle (to clear it once settled).
fn race_timer(promise: Promise, ms: i32) -> (Promise, Option<i32>) {
    let mut timer = None;
    let timeout = Promise::new(&mut |_resolve, reject| {
        timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, ms)
                .ok()
        });
        if timer.is_none() {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("no timer"));
        }
    });
    let race = js_sys::Array::of2(&promise, &timeout);
    (Promise::race(&race), timer)
}

/// Awaits `promise` for at most `ms`; on the deadline the error is `undefined`. The timer is
/// cleared once the race is settled.
async fn with_deadline(promise: Promise, ms: i32) -> Result<JsValue, JsValue> {
    let (race, timer) = race_timer(promise, ms);
    let result = JsFuture::from(race).await;
    if let (Some(handle), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(handle);
    }
    result
}
