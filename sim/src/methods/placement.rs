//! Placements (scope `placement`): bind, get, unbind (§2). Admin only, application context only.

use serde_json::{json, Value};

use super::{Handler, Outcome};
use crate::auth::{Caller, TokenKind};
use crate::error::SimError;
use crate::state::{Placement, Portal};
use crate::wire::{get_ci, php_empty, php_int, php_string, Params};

pub fn find(method: &str) -> Option<Handler> {
    match method {
        "placement.bind" => Some(bind),
        "placement.get" => Some(list),
        "placement.unbind" => Some(unbind),
        _ => None,
    }
}

/// `Placement::checkPermission` (rest `lib/api/placement.php`): `AuthTypeException`
/// (`WRONG_AUTH_TYPE`) outside an application context, `AccessException` (`ACCESS_DENIED`) for a
/// non-admin — both HTTP 403, with the exceptions' own wording (`lib/authtypeexception.php`,
/// `lib/accessexception.php`).
fn admin_app(caller: &Caller) -> Result<(), SimError> {
    if caller.kind != TokenKind::App {
        return Err(SimError::new(
            403,
            "WRONG_AUTH_TYPE",
            "Current authorization type is denied for this method Application context required",
        ));
    }
    if !caller.is_admin {
        return Err(SimError::new(403, "ACCESS_DENIED", "Access denied!"));
    }
    Ok(())
}

/// The placement codes this portal knows (the CRM ones of `api-reference/widgets/crm/` and a
/// few general ones).
fn known(code: &str) -> bool {
    const GENERAL: [&str; 5] = [
        "DEFAULT",
        "LEFT_MENU",
        "IM_CONTEXT_MENU",
        "PAGE_BACKGROUND_WORKER",
        "TASK_VIEW_TAB",
    ];
    const ENTITIES: [&str; 7] = [
        "LEAD",
        "DEAL",
        "CONTACT",
        "COMPANY",
        "QUOTE",
        "SMART_INVOICE",
        "ORDER",
    ];
    const PLACES: [&str; 5] = [
        "DETAIL_TAB",
        "LIST_MENU",
        "DETAIL_TOOLBAR",
        "DETAIL_ACTIVITY",
        "LIST_TOOLBAR",
    ];
    GENERAL.contains(&code)
        || code.strip_prefix("CRM_").is_some_and(|rest| {
            ENTITIES.iter().any(|e| {
                rest.strip_prefix(e)
                    .and_then(|p| p.strip_prefix('_'))
                    .is_some_and(|p| PLACES.contains(&p))
            })
        })
}

fn required(params: &Params, key: &str) -> Result<String, SimError> {
    let value = get_ci(params, key);
    if php_empty(value) {
        return Err(SimError::argument_null(key));
    }
    value
        .and_then(php_string)
        .ok_or_else(|| SimError::argument_type(key))
}

/// How many handlers one app may bind to a placement, where the portal caps it: the background
/// worker is "registered in a single copy" (`widgets/universal/background-worker.md`).
fn max_count(placement: &str) -> Option<usize> {
    (placement == "PAGE_BACKGROUND_WORKER").then_some(1)
}

/// `api-reference/widgets/placement-bind.md`, as `Placement::bind` runs it (rest
/// `lib/api/placement.php`): `PLACEMENT`*, `HANDLER`*, `TITLE`, `DESCRIPTION`, `GROUP_NAME`,
/// `LANG_ALL`; CRM_DEAL_DETAIL_TAB keeps no OPTIONS; `USER_ID` only for PAGE_BACKGROUND_WORKER.
///
/// Errors: an empty PLACEMENT or HANDLER is `ArgumentNullException`, PLACEMENT `DEFAULT` an
/// `ArgumentException` ("Wrong value") — both `ERROR_ARGUMENT` with `argument`; then
/// `ERROR_PLACEMENT_USER_MODE`, `ERROR_PLACEMENT_MAX_COUNT`, `ERROR_CORE`,
/// `ERROR_PLACEMENT_NOT_FOUND`. Every one is HTTP **400**: the doc's table says 200 for
/// `ERROR_ARGUMENT` and `ERROR_PLACEMENT_MAX_COUNT`, but they are `RestException`s with no status
/// (`lib/restexception.php` `getStatus`: 0 → `400 Bad Request`, also for an `ArgumentException`
/// via `initFromException`), and `CRestServer::sendHeaders` sends that status. Inside a batch they
/// come with the batch's HTTP 200, in `result_error`.
fn bind(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    admin_app(caller)?;
    let placement = required(params, "PLACEMENT")?.to_ascii_uppercase();
    if placement == "DEFAULT" {
        return Err(
            SimError::bad("ERROR_ARGUMENT", "Wrong value").with("argument", json!("PLACEMENT"))
        );
    }
    let handler = required(params, "HANDLER")?;
    if !known(&placement) {
        return Err(SimError::bad(
            "ERROR_PLACEMENT_NOT_FOUND",
            "Placement not found",
        ));
    }
    let user_id = u32::try_from(get_ci(params, "USER_ID").map_or(0, php_int)).unwrap_or(0);
    if user_id > 0 && placement != "PAGE_BACKGROUND_WORKER" {
        return Err(SimError::bad(
            "ERROR_PLACEMENT_USER_MODE",
            "User mode is not available.",
        ));
    }
    let placements = &mut portal.data.placements;
    if let Some(max) = max_count(&placement) {
        let bound = placements
            .iter()
            .filter(|p| p.placement == placement && (p.user_id == 0 || p.user_id == user_id))
            .count();
        if bound >= max {
            return Err(SimError::bad(
                "ERROR_PLACEMENT_MAX_COUNT",
                &format!("Placement max count: {max}"),
            ));
        }
    }
    if placements
        .iter()
        .any(|p| p.placement == placement && p.handler == handler)
    {
        return Err(SimError::bad(
            "ERROR_CORE",
            "Unable to set placement handler: Handler already binded",
        ));
    }
    let text = |key: &str| get_ci(params, key).and_then(php_string).unwrap_or_default();
    placements.push(Placement {
        title: text("TITLE"),
        description: text("DESCRIPTION"),
        group_name: text("GROUP_NAME"),
        lang_all: get_ci(params, "LANG_ALL").cloned().unwrap_or(json!([])),
        placement,
        handler,
        user_id,
    });
    Ok(json!(true).into())
}

/// `api-reference/widgets/placement-get.md`: the app's handlers; OPTIONS `[]` for the deal tab.
fn list(portal: &mut Portal, caller: &Caller, _: &Params) -> Outcome {
    admin_app(caller)?;
    let items: Vec<Value> = portal
        .data
        .placements
        .iter()
        .map(|p| {
            json!({
                "placement": p.placement,
                "userId": p.user_id,
                "handler": p.handler,
                "options": [],
                "title": p.title,
                "description": p.description,
                "groupName": p.group_name,
                "langAll": p.lang_all,
            })
        })
        .collect();
    Ok(Value::Array(items).into())
}

/// `api-reference/widgets/placement-unbind.md`: `PLACEMENT`*, `HANDLER` → `{count}`.
fn unbind(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    admin_app(caller)?;
    let placement = required(params, "PLACEMENT")?.to_ascii_uppercase();
    let handler = get_ci(params, "HANDLER")
        .and_then(php_string)
        .filter(|h| !h.is_empty());
    let before = portal.data.placements.len();
    portal.data.placements.retain(|p| {
        !(p.placement == placement && handler.as_ref().is_none_or(|h| h == &p.handler))
    });
    let count = before - portal.data.placements.len();
    Ok(json!({ "count": count }).into())
}
