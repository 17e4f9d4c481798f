//! Placements (scope `placement`): bind, get, unbind (§2). Admin only, application context only.

use serde_json::{json, Map, Value};

use super::{Handler, Outcome};
use crate::auth::{Caller, TokenKind};
use crate::error::SimError;
use crate::state::{Placement, Portal};
use crate::wire::{get_ci, php_array, php_empty, php_int, php_string, Params};

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

/// One option of a placement, as its module describes it for `Placement::bind`.
struct OptionSpec {
    name: &'static str,
    kind: OptionKind,
    default: Option<Value>,
    required: bool,
}

#[derive(Clone, Copy)]
enum OptionKind {
    Str,
    Int,
}

const fn opt(name: &'static str, kind: OptionKind, required: bool) -> OptionSpec {
    OptionSpec {
        name,
        kind,
        default: None,
        required,
    }
}

/// A `registerCallback` answer: `(error, error_description)`.
type Refusal = Option<(&'static str, &'static str)>;

/// A module's check of a placement's options.
type Check = fn(&Map<String, Value>) -> Refusal;

/// What the portal knows of a placement code: the scope that brings it (`None`: the global
/// scope, always there), its options and the module's check of them.
struct PlacementInfo {
    scope: Option<&'static str>,
    options: Vec<OptionSpec>,
    check: Option<Check>,
}

/// The placement codes this portal knows: the CRM ones of `api-reference/widgets/crm/` (scope
/// `crm`), the messenger's (im `V2\Marketplace\Placement::onRestServiceBuildDescription`: the
/// **global** scope, with their options and `registerCallback` checks) and a few general ones.
fn info(code: &str) -> Option<PlacementInfo> {
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
    let crm = code.strip_prefix("CRM_").is_some_and(|rest| {
        ENTITIES.iter().any(|e| {
            rest.strip_prefix(e)
                .and_then(|p| p.strip_prefix('_'))
                .is_some_and(|p| PLACES.contains(&p))
        })
    });
    let plain = |scope| PlacementInfo {
        scope,
        options: Vec::new(),
        check: None,
    };
    if crm {
        return Some(plain(Some("crm")));
    }
    use OptionKind::{Int, Str};
    let with_default = |mut spec: OptionSpec, value: Value| {
        spec.default = Some(value);
        spec
    };
    let extranet = || with_default(opt("extranet", Str, false), json!("N"));
    let context = || with_default(opt("context", Str, false), json!("ALL"));
    let role = || with_default(opt("role", Str, false), json!("USER"));
    let icon = || opt("iconName", Str, true);
    let color = || opt("color", Str, false);
    let im = |options, check| PlacementInfo {
        scope: None,
        options,
        check: Some(check),
    };
    Some(match code {
        "DEFAULT" | "LEFT_MENU" => plain(None),
        "TASK_VIEW_TAB" => plain(Some("task")),
        "PAGE_BACKGROUND_WORKER" => PlacementInfo {
            scope: None,
            options: vec![opt("errorHandlerUrl", Str, false)],
            check: None,
        },
        "IM_CONTEXT_MENU" | "IM_SMILES_SELECTOR" => {
            im(vec![extranet(), context(), role()], check_context_menu)
        }
        "IM_NAVIGATION" => im(vec![icon(), extranet(), role()], check_navigation),
        "IM_TEXTAREA" => im(
            vec![
                icon(),
                extranet(),
                context(),
                role(),
                color(),
                with_default(opt("width", Int, false), json!(100)),
                with_default(opt("height", Int, false), json!(100)),
            ],
            check_textarea,
        ),
        "IM_SIDEBAR" => im(
            vec![icon(), extranet(), context(), role(), color()],
            check_sidebar,
        ),
        _ => return None,
    })
}

/// im `V2\Marketplace\RegistrationValidator`: each check overwrites the answer, so the last
/// failing one is what the portal says.
fn validate(options: &Map<String, Value>, checks: &[Check]) -> Refusal {
    checks.iter().rev().find_map(|check| check(options))
}

fn text_of(options: &Map<String, Value>, key: &str) -> String {
    options.get(key).and_then(php_string).unwrap_or_default()
}

fn icon_name(o: &Map<String, Value>) -> Refusal {
    let name = text_of(o, "iconName");
    let ok = name.chars().count() <= 50
        && name
            .chars()
            .any(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-');
    (!ok).then_some(("INVALID_ERROR_ICON_NAME", "Field iconName is invalid."))
}

fn extranet_yn(o: &Map<String, Value>) -> Refusal {
    let v = text_of(o, "extranet");
    (v != "N" && v != "Y").then_some(("INVALID_ERROR_EXTRANET", "Field extranet is invalid."))
}

/// `Types\Context`: `;`-joined `ALL`, `USER`, `CHAT`, `LINES`, `CRM`, case-sensitive.
fn context_types(o: &Map<String, Value>) -> Refusal {
    const TYPES: [&str; 5] = ["ALL", "USER", "CHAT", "LINES", "CRM"];
    let raw = text_of(o, "context");
    let ok = raw.trim().split(';').all(|c| TYPES.contains(&c));
    (!ok).then_some(("INVALID_ERROR_CONTEXT", "Field context is invalid."))
}

fn role_type(o: &Map<String, Value>) -> Refusal {
    let v = text_of(o, "role");
    (v != "USER" && v != "ADMIN").then_some(("INVALID_ERROR_ROLE", "Field role is invalid."))
}

/// `Bitrix\Im\Color::getColors()` codes, or none.
fn color_code(o: &Map<String, Value>) -> Refusal {
    const COLORS: [&str; 17] = [
        "RED",
        "GREEN",
        "MINT",
        "LIGHT_BLUE",
        "DARK_BLUE",
        "PURPLE",
        "AQUA",
        "PINK",
        "LIME",
        "BROWN",
        "AZURE",
        "KHAKI",
        "SAND",
        "ORANGE",
        "MARENGO",
        "GRAY",
        "GRAPHITE",
    ];
    let v = text_of(o, "color");
    (!v.is_empty() && !COLORS.contains(&v.as_str()))
        .then_some(("INVALID_ERROR_COLOR", "Field color is invalid."))
}

fn height(o: &Map<String, Value>) -> Refusal {
    (o.get("height").map_or(0, php_int) < 0)
        .then_some(("INVALID_ERROR_HEIGHT", "Field height is invalid."))
}

fn width(o: &Map<String, Value>) -> Refusal {
    (o.get("width").map_or(0, php_int) < 0)
        .then_some(("INVALID_ERROR_WIDTH", "Field width is invalid."))
}

fn check_context_menu(o: &Map<String, Value>) -> Refusal {
    validate(o, &[extranet_yn, context_types, role_type])
}

fn check_navigation(o: &Map<String, Value>) -> Refusal {
    validate(o, &[icon_name, extranet_yn, role_type])
}

fn check_textarea(o: &Map<String, Value>) -> Refusal {
    validate(
        o,
        &[
            icon_name,
            extranet_yn,
            context_types,
            role_type,
            color_code,
            height,
            width,
        ],
    )
}

fn check_sidebar(o: &Map<String, Value>) -> Refusal {
    validate(
        o,
        &[icon_name, extranet_yn, context_types, role_type, color_code],
    )
}

/// `Placement::prepareOptions` (rest `lib/api/placement.php`): every option the placement
/// describes, from OPTIONS or its default, cast to its type; anything else dropped. A required
/// one missing is `ArgumentNullException` (`ERROR_ARGUMENT`, `argument` its name); OPTIONS that
/// is not an array where one is required, `ArgumentTypeException('options')`.
fn prepare_options(
    given: Option<&Value>,
    specs: &[OptionSpec],
) -> Result<Map<String, Value>, SimError> {
    let mut out = Map::new();
    if specs.is_empty() {
        return Ok(out);
    }
    let given = match given {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v.clone()))
            .collect(),
        Some(_) if specs.iter().any(|s| s.required) => {
            return Err(SimError::argument_type("options"))
        }
        Some(_) => Map::new(),
    };
    if let Some(missing) = specs
        .iter()
        .find(|s| s.required && !given.contains_key(s.name))
    {
        return Err(SimError::argument_null(missing.name));
    }
    for spec in specs {
        let value = given
            .get(spec.name)
            .filter(|v| !v.is_null())
            .or(spec.default.as_ref());
        let value = match spec.kind {
            OptionKind::Int => json!(value.map_or(0, php_int)),
            OptionKind::Str => json!(value
                .map(|v| php_string(v).unwrap_or_else(|| "Array".into()))
                .unwrap_or_default()),
        };
        out.insert(spec.name.to_string(), value);
    }
    Ok(out)
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
    let not_found = || SimError::bad("ERROR_PLACEMENT_NOT_FOUND", "Placement not found");
    let info = info(&placement).ok_or_else(not_found)?;
    if info
        .scope
        .is_some_and(|scope| !portal.config.app_scope.iter().any(|s| s == scope))
    {
        return Err(not_found());
    }
    let options = prepare_options(get_ci(params, "OPTIONS"), &info.options)?;
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
    // The module's `registerCallback` refuses with an answer, not an exception: `bind` returns
    // it as its result (HTTP 200) and binds nothing.
    if let Some((error, description)) = info.check.and_then(|check| check(&options)) {
        return Ok(json!({ "error": error, "error_description": description }).into());
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
        options,
        demo: false,
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
                "options": php_array(p.options.clone().into_iter().collect()),
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
