//! Where the widget was opened: `BX24.placement.info()` → [`Opened`], the one reading of the
//! placement every screen starts from.
//! <https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-info.html>
//!
//! The codes the app binds and what their `PLACEMENT_OPTIONS` carry (bitrix24-rest.md §2, §9):
//! `CRM_DEAL_DETAIL_TAB` `{"ID":"8061","URI":…}`; `IM_TEXTAREA` / `IM_SIDEBAR`
//! `{"dialogId":"chat1001","URI":"/online/"}`; `CRM_DEAL_LIST_TOOLBAR` `{"URI":"/crm/deal/list/"}`;
//! `CRM_DEAL_LIST_MENU` `{"ID":"8061","URI":"/crm/deal/list/"}`.

use super::quirks::{parse_id, value_to_id};
use super::wire::PlacementInfoWire;
use serde_json::Value;

/// The deal card's tab.
pub const DEAL_TAB: &str = "CRM_DEAL_DETAIL_TAB";
/// The open-line chat's text-area button (a popup over the message box).
pub const CHAT_TEXTAREA: &str = "IM_TEXTAREA";
/// The open-line chat's sidebar.
pub const CHAT_SIDEBAR: &str = "IM_SIDEBAR";
/// The deal list's toolbar item (no deal).
pub const LIST_TOOLBAR: &str = "CRM_DEAL_LIST_TOOLBAR";
/// A deal list row's menu item (one deal).
pub const LIST_MENU: &str = "CRM_DEAL_LIST_MENU";

/// Where the frame was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// A deal's own placement (the card's tab; any other `CRM_DEAL_*` code that passes an `ID`).
    Deal { id: u64 },
    /// Inside an open-line chat (`IM_TEXTAREA` / `IM_SIDEBAR`): the chat's id, from `dialogId`
    /// `chat<ID>`; its deal comes from the dialog ([`super::chat_deal`]).
    Chat { chat_id: u64 },
    /// The deal list: its toolbar (`row: None`) or one row's menu (`row: Some(deal id)`). Served
    /// by the admin build (the queue and the bulk hand-over).
    DealList { row: Option<u64> },
    /// The app's own page (`DEFAULT`) or a placement the app does not bind.
    App,
}

impl Opened {
    /// `chat<ID>`, the `DIALOG_ID` of the chat this frame was opened in.
    pub fn dialog_id(chat_id: u64) -> String {
        format!("chat{chat_id}")
    }
}

/// Why the placement cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementError {
    /// A deal placement without a usable `ID` (missing, empty, non-numeric, zero).
    NoDealId,
    /// A chat placement without a `dialogId` of an open-line chat (`chat<ID>`).
    NoDialogId,
}

/// Reads the placement once.
pub fn opened(info: &PlacementInfoWire) -> Result<Opened, PlacementError> {
    let placement = info.placement.as_deref().unwrap_or_default();
    let options = match &info.options {
        // Bitrix24 POSTs PLACEMENT_OPTIONS as a JSON string; the SDK hands an object on.
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    let id = || {
        options
            .get("ID")
            .and_then(value_to_id)
            .filter(|id| *id > 0)
            .ok_or(PlacementError::NoDealId)
    };
    match placement {
        CHAT_TEXTAREA | CHAT_SIDEBAR => options
            .get("dialogId")
            .and_then(Value::as_str)
            .and_then(|d| d.strip_prefix("chat"))
            .and_then(parse_id)
            .filter(|id| *id > 0)
            .map(|chat_id| Opened::Chat { chat_id })
            .ok_or(PlacementError::NoDialogId),
        LIST_TOOLBAR => Ok(Opened::DealList { row: None }),
        LIST_MENU => id().map(|id| Opened::DealList { row: Some(id) }),
        p if p.starts_with("CRM_DEAL_") => id().map(|id| Opened::Deal { id }),
        _ => Ok(Opened::App),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(v: Value) -> PlacementInfoWire {
        serde_json::from_value(v).expect("placement info")
    }

    fn read(placement: &str, options: Value) -> Result<Opened, PlacementError> {
        opened(&info(json!({"placement": placement, "options": options})))
    }

    #[test]
    fn deal_tab_gives_the_string_id() {
        let r = read(
            DEAL_TAB,
            json!({"ID":"8061","URI":"/crm/deal/details/8061/"}),
        );
        assert_eq!(r, Ok(Opened::Deal { id: 8061 }));
    }

    #[test]
    fn options_as_a_json_string_and_numeric_ids_are_read() {
        assert_eq!(
            read(DEAL_TAB, json!("{\"ID\":\"101\"}")),
            Ok(Opened::Deal { id: 101 })
        );
        assert_eq!(read(DEAL_TAB, json!({"ID":7})), Ok(Opened::Deal { id: 7 }));
        assert_eq!(
            read(
                CHAT_SIDEBAR,
                json!("{\"dialogId\":\"chat1001\",\"URI\":\"/online/\"}")
            ),
            Ok(Opened::Chat { chat_id: 1001 })
        );
    }

    #[test]
    fn default_and_other_entities_are_the_apps_own_page() {
        assert_eq!(read("DEFAULT", json!([])), Ok(Opened::App));
        assert_eq!(
            read("CRM_LEAD_DETAIL_TAB", json!({"ID":"1348"})),
            Ok(Opened::App)
        );
        assert_eq!(opened(&PlacementInfoWire::default()), Ok(Opened::App));
    }

    #[test]
    fn missing_or_bad_deal_ids_are_refused() {
        for options in [
            json!({}),
            json!([]),
            json!({"ID":""}),
            json!({"ID":"abc"}),
            json!({"ID":"12abc"}),
            json!({"ID":"-5"}),
            json!({"ID":"0"}),
            json!({"ID":null}),
            json!("not json"),
            Value::Null,
        ] {
            assert_eq!(
                read(DEAL_TAB, options.clone()),
                Err(PlacementError::NoDealId),
                "{options}"
            );
            assert_eq!(
                read(LIST_MENU, options.clone()),
                Err(PlacementError::NoDealId),
                "{options}"
            );
        }
    }

    #[test]
    fn both_chat_placements_give_the_chat_of_their_dialog() {
        for code in [CHAT_TEXTAREA, CHAT_SIDEBAR] {
            let r = read(code, json!({"dialogId":"chat1001","URI":"/online/"}));
            assert_eq!(r, Ok(Opened::Chat { chat_id: 1001 }));
        }
        assert_eq!(Opened::dialog_id(1001), "chat1001");
    }

    #[test]
    fn a_chat_placement_without_an_open_line_dialog_is_refused() {
        // A private dialog's id is the other user's number; open lines are always `chat<ID>`.
        for options in [
            json!({}),
            json!({"dialogId":"15"}),
            json!({"dialogId":"chat"}),
            json!({"dialogId":"chat0"}),
            json!({"dialogId":"chatabc"}),
            json!({"dialogId":"chat-5"}),
            json!({"dialogId":"CHAT12"}),
            json!({"dialogId":1001}),
            json!({"dialogId":null}),
            json!({"ID":"101"}),
            json!("not json"),
        ] {
            assert_eq!(
                read(CHAT_TEXTAREA, options.clone()),
                Err(PlacementError::NoDialogId),
                "{options}"
            );
        }
    }

    #[test]
    fn the_deal_list_toolbar_has_no_deal_and_the_row_menu_one() {
        assert_eq!(
            read(LIST_TOOLBAR, json!({"URI":"/crm/deal/list/"})),
            Ok(Opened::DealList { row: None })
        );
        assert_eq!(
            read(LIST_TOOLBAR, json!([])),
            Ok(Opened::DealList { row: None })
        );
        assert_eq!(
            read(LIST_MENU, json!({"ID":"8061","URI":"/crm/deal/list/"})),
            Ok(Opened::DealList { row: Some(8061) })
        );
    }
}
