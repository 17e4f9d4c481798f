//! Where the widget was opened: `BX24.placement.info()` → the deal to show, or why not.
//! <https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-info.html>

use super::quirks::value_to_id;
use super::wire::PlacementInfoWire;
use serde_json::Value;

/// Why the placement gives no deal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacementError {
    /// Opened from the app's main link (`DEFAULT`) or from a placement that is not a deal's.
    NotADeal { placement: String },
    /// A deal placement without a usable `ID` (missing, empty, non-numeric, zero).
    NoDealId,
}

/// The deal id from a deal placement's options (`{"ID":"8061", ...}`).
pub fn deal_id(info: &PlacementInfoWire) -> Result<u64, PlacementError> {
    let placement = info.placement.clone().unwrap_or_default();
    if !placement.starts_with("CRM_DEAL_") {
        return Err(PlacementError::NotADeal { placement });
    }
    let options = match &info.options {
        // Bitrix24 POSTs PLACEMENT_OPTIONS as a JSON string; the SDK hands an object on.
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    options
        .get("ID")
        .and_then(value_to_id)
        .filter(|id| *id > 0)
        .ok_or(PlacementError::NoDealId)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(v: Value) -> PlacementInfoWire {
        serde_json::from_value(v).expect("placement info")
    }

    #[test]
    fn deal_tab_gives_the_string_id() {
        let i = info(
            json!({"placement":"CRM_DEAL_DETAIL_TAB","options":{"ID":"8061","URI":"/crm/deal/details/8061/"}}),
        );
        assert_eq!(deal_id(&i), Ok(8061));
    }

    #[test]
    fn options_as_a_json_string_and_numeric_ids_are_read() {
        let i = info(json!({"placement":"CRM_DEAL_DETAIL_TAB","options":"{\"ID\":\"101\"}"}));
        assert_eq!(deal_id(&i), Ok(101));
        let i = info(json!({"placement":"CRM_DEAL_DETAIL_TAB","options":{"ID":7}}));
        assert_eq!(deal_id(&i), Ok(7));
    }

    #[test]
    fn default_placement_is_not_a_deal() {
        let i = info(json!({"placement":"DEFAULT","options":[]}));
        assert_eq!(
            deal_id(&i),
            Err(PlacementError::NotADeal {
                placement: "DEFAULT".into()
            })
        );
        let i = info(json!({"placement":"CRM_LEAD_DETAIL_TAB","options":{"ID":"1348"}}));
        assert!(matches!(deal_id(&i), Err(PlacementError::NotADeal { .. })));
        assert!(matches!(
            deal_id(&PlacementInfoWire::default()),
            Err(PlacementError::NotADeal { .. })
        ));
    }

    #[test]
    fn missing_or_bad_ids_are_refused() {
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
            let i = info(json!({"placement":"CRM_DEAL_DETAIL_TAB","options":options}));
            assert_eq!(deal_id(&i), Err(PlacementError::NoDealId), "{options}");
        }
    }
}
