//! An app option's value as the frame hands it over, read with bounds: what a portal can hold,
//! and JSON no deeper than serde_json's parser allows. The one reader for the browser's frame
//! (`bx24.rs`) and the fakes, so the native tests exercise the same contract.

use super::error::{local, ApiError};
use serde_json::Value;

/// The most an app option can hold, in bytes of its text (a string's own bytes; any other
/// value's JSON). A portal keeps all of an app's options, PHP-serialized, in one
/// `b_option.VALUE` column, a MySQL `TEXT` of at most 65,535 bytes (the `app.layout`
/// component's `set_option` stores them under `rest` / `options_<CLIENT_ID>`:
/// avshatalov48/bitrix-core-business `modules/rest/install/components/bitrix/app.layout/component.php`;
/// the column: main's install SQL). A larger value cannot come from a real portal.
pub const OPTION_MAX_BYTES: usize = 65_535;

/// A value over the size allowed (an app option's: [`OPTION_MAX_BYTES`]) ([`local::TOO_LARGE`]).
pub fn too_large(what: &str) -> ApiError {
    ApiError::new(
        what,
        None,
        local::TOO_LARGE,
        "over the size a portal option holds",
    )
}

/// An app option's text as the frame holds it, before it is read as JSON data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionText<'a> {
    /// A string value: its own text.
    Text(&'a str),
    /// Any other value: its JSON.
    Json(&'a str),
}

/// The one reader of an app option's text (`Frame::app_option`'s contract, for the browser's
/// frame and the fakes alike): over `max` bytes it is [`local::TOO_LARGE`] and read no further;
/// JSON goes through serde_json's parser, whose nesting limit (128) refuses a hostile depth
/// before anything recurses into it.
pub fn read_option(what: &str, text: OptionText<'_>, max: usize) -> Result<Value, ApiError> {
    let (OptionText::Text(s) | OptionText::Json(s)) = text;
    if s.len() > max {
        return Err(too_large(what));
    }
    match text {
        OptionText::Text(s) => Ok(Value::String(s.to_owned())),
        OptionText::Json(s) => {
            serde_json::from_str(s).map_err(|e| ApiError::sdk(what, format!("not JSON data: {e}")))
        }
    }
}
