//! Users (scope `user`): `user.current`, `user.get` (§5).

use serde_json::{json, Value};

use super::{page, Handler, Outcome};
use crate::auth::Caller;
use crate::clock::atom;
use crate::error::SimError;
use crate::state::{Portal, User};
use crate::wire::{entries, get_ci, php_int, php_string, php_truthy, Params};

pub fn find(method: &str) -> Option<Handler> {
    match method {
        "user.current" => Some(current),
        "user.get" => Some(get),
        _ => None,
    }
}

/// `api-reference/user/user-current.md`: the caller's own fields.
fn current(portal: &mut Portal, caller: &Caller, _: &Params) -> Outcome {
    let user = portal
        .data
        .user(caller.user_id)
        .ok_or_else(SimError::no_auth)?;
    Ok(user_json(&portal.domain, user).into())
}

/// Filter fields that `user.get` also takes at the top level of the parameters.
const TOP_LEVEL_FILTERS: [&str; 7] = [
    "ID",
    "ACTIVE",
    "NAME",
    "LAST_NAME",
    "EMAIL",
    "UF_DEPARTMENT",
    "USER_TYPE",
];

/// `api-reference/user/user-get.md`: `FILTER` (with `=`, `!`, `%` prefixes), `sort`/`order`,
/// `start`; filter fields also at the top level.
fn get(portal: &mut Portal, _: &Caller, params: &Params) -> Outcome {
    let mut filters: Vec<(String, Value)> = Vec::new();
    if let Some(filter) = get_ci(params, "FILTER") {
        filters.extend(entries(filter).into_iter().map(|(k, v)| (k, v.clone())));
    }
    for key in TOP_LEVEL_FILTERS {
        if let Some(v) = params.get(key) {
            filters.push((key.to_string(), v.clone()));
        }
    }
    let mut users: Vec<&User> = portal
        .data
        .users
        .iter()
        .filter(|u| filters.iter().all(|(k, v)| matches(u, k, v)))
        .collect();
    let sort = get_ci(params, "sort")
        .and_then(php_string)
        .unwrap_or_else(|| "ID".into())
        .to_ascii_uppercase();
    users.sort_by(|a, b| match sort.as_str() {
        "NAME" => a.name.cmp(&b.name),
        "LAST_NAME" => a.last_name.cmp(&b.last_name),
        _ => a.id.cmp(&b.id),
    });
    let descending = get_ci(params, "order")
        .and_then(php_string)
        .is_some_and(|o| o.eq_ignore_ascii_case("DESC"));
    if descending {
        users.reverse();
    }
    let start = get_ci(params, "start").map_or(0, php_int).max(0) as usize;
    let items = users
        .into_iter()
        .map(|u| user_json(&portal.domain, u))
        .collect();
    Ok(page(items, start))
}

fn matches(user: &User, key: &str, wanted: &Value) -> bool {
    let (op, field) = split_operator(key);
    let hit = match field.to_ascii_uppercase().as_str() {
        "ID" => any_of(wanted, |w| w == user.id.to_string()),
        "ACTIVE" => user.active == active_flag(wanted),
        "NAME" => text_match(op, &user.name, wanted),
        "LAST_NAME" => text_match(op, &user.last_name, wanted),
        "EMAIL" => text_match(op, &user.email, wanted),
        "WORK_POSITION" => text_match(op, &user.work_position, wanted),
        "UF_DEPARTMENT" => any_of(wanted, |w| {
            user.departments.iter().any(|d| d.to_string() == w)
        }),
        "USER_TYPE" => any_of(wanted, |w| w == "employee"),
        "NAME_SEARCH" | "FIND" => {
            let needle = php_string(wanted).unwrap_or_default().to_lowercase();
            user.full_name().to_lowercase().contains(needle.trim())
        }
        _ => true,
    };
    if op == "!" || op == "!=" {
        !hit
    } else {
        hit
    }
}

fn split_operator(key: &str) -> (&str, &str) {
    for op in [">=", "<=", "!=", "=%", "!%", "=", "!", "%", ">", "<", "@"] {
        if let Some(rest) = key.strip_prefix(op) {
            return (op, rest);
        }
    }
    ("", key)
}

fn any_of(wanted: &Value, hit: impl Fn(&str) -> bool) -> bool {
    match wanted {
        Value::Array(_) | Value::Object(_) => entries(wanted)
            .into_iter()
            .any(|(_, v)| php_string(v).is_some_and(|s| hit(&s))),
        other => php_string(other).is_some_and(|s| hit(&s)),
    }
}

fn active_flag(wanted: &Value) -> bool {
    match wanted {
        Value::String(s) => !matches!(s.to_ascii_uppercase().as_str(), "N" | "FALSE" | "0" | ""),
        other => php_truthy(other),
    }
}

fn text_match(op: &str, field: &str, wanted: &Value) -> bool {
    any_of(wanted, |w| {
        if op.contains('%') {
            field.to_lowercase().contains(&w.to_lowercase())
        } else {
            field == w
        }
    })
}

/// A user as `user.get` returns one: `ID` a string, `ACTIVE` a bool, `PERSONAL_PHOTO` a URL or
/// absent, `UF_DEPARTMENT` ints.
pub fn user_json(domain: &str, user: &User) -> Value {
    let mut v = json!({
        "ID": user.id.to_string(),
        "XML_ID": format!("user-{}", user.id),
        "ACTIVE": user.active,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "SECOND_NAME": "",
        "EMAIL": user.email,
        "LAST_LOGIN": atom(1_747_000_000),
        "DATE_REGISTER": atom(1_704_067_200),
        "IS_ONLINE": "N",
        "TIME_ZONE_OFFSET": "10800",
        "TIMESTAMP_X": atom(1_746_000_000),
        "LAST_ACTIVITY_DATE": atom(1_747_000_000),
        "PERSONAL_GENDER": "",
        "PERSONAL_BIRTHDAY": "",
        "WORK_POSITION": user.work_position,
        "UF_DEPARTMENT": user.departments,
        "USER_TYPE": "employee",
    });
    if user.has_photo {
        v["PERSONAL_PHOTO"] = json!(avatar_url(domain, user.id));
    }
    v
}

pub fn avatar_url(domain: &str, user_id: u32) -> String {
    format!("http://{domain}/__sim/avatar/{user_id}.svg")
}
