//! The parent window, beside [`super::Portal`] (REST): what the widget asks of the portal page
//! that frames it, as b24jssdk's `frame/` managers split it from the transport. Implemented
//! once over the BX24 library (`super::browser::BrowserFrame`, wasm32) and by fakes in native
//! tests, so the app's flow (`flow.rs`) is plain Rust.

use super::ApiError;
use crate::model::wire::PlacementInfoWire;
use serde_json::Value;
use std::future::Future;

pub trait Frame {
    /// `BX24.placement.info()`: where the app was opened, and its options.
    /// <https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-info.html>
    fn placement_info(&self) -> Result<PlacementInfoWire, ApiError>;

    /// `BX24.appOption.get(name)` as the library holds it (a JSON string or an object);
    /// `None` when never set. Read only through [`super::option::read_option`]: a value over
    /// [`super::option::OPTION_MAX_BYTES`] is an error (code `TOO_LARGE`), and so is one that
    /// is not JSON data (a cycle, a nesting too deep).
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/options/bx24-app-option-get.html>
    fn app_option(&self, name: &str) -> Result<Option<Value>, ApiError>;

    /// `BX24.appOption.set(name, value)`: all the app's options as the portal answers them.
    /// The portal ignores a non-admin's call (no answer: the future ends in an error).
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/options/bx24-app-option-set.html>
    fn set_app_option(
        &self,
        name: &str,
        value: &Value,
    ) -> impl Future<Output = Result<Value, ApiError>>;

    /// `BX24.placement.call('reloadData')`: the CRM card shows the deal afresh. Fire and
    /// forget: only users who may change CRM settings get an answer (bitrix24-rest.md §9).
    /// <https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-call.html>
    fn reload_data(&self);

    /// `BX24.fitWindow()`: the frame follows the content's height.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/additional-functions/bx24-fit-window.html>
    fn fit_window(&self);

    /// `BX24.selectUser`: the picked user's id and name. Never answers when the picker is closed
    /// without a choice; drop the future to give up.
    /// <https://apidocs.bitrix24.com/sdk/bx24-js-sdk/system-dialogues/bx24-select-user.html>
    fn select_user(&self) -> impl Future<Output = Result<(u64, String), ApiError>>;
}
