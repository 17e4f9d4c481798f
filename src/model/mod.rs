//! Bitrix24 data: [`wire`] mirrors what the portal sends, [`domain`] is what the rest of the
//! widget works with, `TryFrom`/`From` in between, and [`read_deal`] / [`read_dialog`] the one
//! way a deal or a dialog answer becomes a domain value. No browser, no I/O: tested natively.

pub mod domain;
pub mod names;
pub mod placement;
pub mod quirks;
pub mod session;
pub mod wire;

pub use domain::*;
pub use names::{Label, Names, Person, Unnamed};
pub use session::{ChatContext, SessionState};

use serde::Deserialize;
use serde_json::Value;

/// A `crm.item.get` (or `crm.item.update`) result, `{item: {...}}`, as a [`Deal`].
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-get.html>
pub fn read_deal(result: &Value) -> Result<Deal, WireError> {
    let wire = wire::CrmItemGetWire::deserialize(result).map_err(|e| WireError(e.to_string()))?;
    Deal::try_from(wire.item)
}

/// A `crm.item.list` result, `{items: [...]}`, as [`Deal`]s; one item that does not read fails
/// the whole list (a page is read as the portal sent it, or not at all).
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-list.html>
pub fn read_deals(result: &Value) -> Result<Vec<Deal>, WireError> {
    let wire = wire::CrmItemListWire::deserialize(result).map_err(|e| WireError(e.to_string()))?;
    wire.items.into_iter().map(Deal::try_from).collect()
}

/// An `imopenlines.dialog.get` result as a [`Dialog`].
/// <https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.html>
pub fn read_dialog(result: &Value) -> Result<Dialog, WireError> {
    wire::DialogWire::deserialize(result)
        .map(Dialog::from)
        .map_err(|e| WireError(e.to_string()))
}

#[cfg(test)]
mod tests;
