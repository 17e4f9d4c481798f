//! `crm.item.list` (scope `crm`) over the portal's deals: `select`, `filter`, `order`, `start`.
//!
//! Written from `api-reference/crm/universal/crm-item-list.md` (b24restdocs) and the server
//! source (avshatalov48/bitrix24-core-corp `modules/crm/lib/controller/item.php`
//! `Item::listAction`, avshatalov48/bitrix-core-business `modules/rest/lib/engine/restmanager.php`
//! `RestManager`):
//! - keys of `select`, `filter` and `order` are camelCase or UPPER_CASE (the controller converts
//!   them to upper case); `select` defaults to `['*']`, unknown names are dropped silently
//!   (`prepareSelect` keeps only existing fields) and each item keeps only the selected fields
//!   (`getJsonForItems`);
//! - items the caller may not read are left out, of the page and of `total` alike
//!   (`getItemsFilteredByPermissions`, `getItemsCountFilteredByPermissions`);
//! - pages of 50: `start` is cast to int and rounded down to a page (`RestManager::initialize`:
//!   page `start / 50 + 1`); `next` = offset + the page's size while that is below `total`;
//!   `start = -1` (`DONT_CALCULATE_COUNT`) gives the first page with neither `total` nor `next`
//!   (`api-reference/performance/huge-data.md`);
//! - errors, HTTP 400: `NOT_FOUND` "Smart process not found" for an unknown `entityTypeId`,
//!   `INVALID_ARG_VALUE` for a field not allowed in the filter or the order, a filter value the
//!   field cannot take, or a sort direction other than ASC/DESC (the doc's error table).
//!
//! The filter keys take the documented prefixes: `=` (default), `!`/`!=`, `>`, `>=`, `<`, `<=`,
//! `@` and `!@` (a list), `><` and `!><` (a pair: between), `%`, `!%` (substring), `=%`/`%=` and
//! `!=%`/`!%=` (a LIKE pattern with `%`); an array under a key with no list operator means "one
//! of"; numbered keys hold sub-filters whose `logic` is `AND` (default) or `OR`.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use super::crm::{deal_item, deal_item_keys, missing_param, DEAL};
use super::{Outcome, Reply, PAGE};
use crate::auth::Caller;
use crate::error::SimError;
use crate::state::Portal;
use crate::wire::{entries, get, get_ci, is_numeric, php_int, php_string, Params};

/// `RestManager::DONT_CALCULATE_COUNT`.
const NO_COUNT: i64 = -1;

/// The other CRM types a portal always has (lead, contact, company, quote, smart invoice): a
/// real factory exists for each, and this portal holds no items of them.
const EMPTY_TYPES: [i64; 5] = [1, 3, 4, 7, 31];

/// `api-reference/crm/universal/crm-item-list.md`: `{items: […]}` with `total` and `next`.
pub fn item_list(portal: &mut Portal, caller: &Caller, params: &Params) -> Outcome {
    let type_id = get(params, "entityTypeId").ok_or_else(|| missing_param("entityTypeId"))?;
    let type_id = php_int(type_id);
    if type_id != DEAL && !EMPTY_TYPES.contains(&type_id) {
        return Err(SimError::bad("NOT_FOUND", "Smart process not found"));
    }
    let fields = Fields::of_deals();
    let select = select(&fields, get(params, "select"));
    let filter = match get(params, "filter") {
        None | Some(Value::Null) => Group::default(),
        Some(value) => Group::parse(&fields, value)?,
    };
    let order = order(&fields, get(params, "order"))?;
    let start = get_ci(params, "start").map_or(0, php_int);

    let mut items: Vec<Map<String, Value>> = if type_id == DEAL {
        portal
            .data
            .deals
            .iter()
            .filter(|d| portal.data.can_access_deal(caller.user_id, d))
            .filter_map(|d| match deal_item(d) {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .filter(|item| filter.matches(item))
            .collect()
    } else {
        Vec::new()
    };
    items.sort_by(|a, b| compare_items(&order, a, b));

    let total = items.len();
    let offset = if start > 0 {
        usize::try_from(start).unwrap_or(usize::MAX) / PAGE * PAGE
    } else {
        0
    };
    let page: Vec<Value> = items
        .into_iter()
        .skip(offset)
        .take(PAGE)
        .map(|item| select.apply(item))
        .collect();
    let shown = page.len();
    let result = json!({ "items": page });
    if start == NO_COUNT {
        return Ok(result.into());
    }
    let next = (offset + shown < total).then_some((offset + shown) as u64);
    Ok(Reply::list(result, total as u64, next))
}

/// A field name as the controller sees it: camelCase → UPPER_SNAKE_CASE, UPPER_CASE kept
/// (`OrmObjectConverter::convertFieldNameFromCamelCaseToUpperCase`).
pub fn upper_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
            out.push('_');
        }
        out.extend(c.to_uppercase());
        previous = Some(c);
    }
    out
}

/// The item's fields: UPPER_CASE name → the camelCase key of the item JSON.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn of_deals() -> Self {
        Fields(
            deal_item_keys()
                .into_iter()
                .map(|k| (upper_name(&k), k))
                .collect(),
        )
    }

    /// The item key for a name in either case, if the item has that field.
    fn key(&self, name: &str) -> Option<&str> {
        let upper = upper_name(name);
        self.0
            .iter()
            .find(|(u, _)| *u == upper)
            .map(|(_, camel)| camel.as_str())
    }
}

/// What `select` keeps: everything (`*`), or the named fields that exist.
enum Select {
    All,
    Only(Vec<String>),
}

impl Select {
    fn apply(&self, mut item: Map<String, Value>) -> Value {
        if let Select::Only(keys) = self {
            item.retain(|k, _| keys.contains(k));
        }
        crate::wire::php_array(item.into_iter().collect())
    }
}

/// `array $select = ['*']`; a scalar is read as a list of one (unverified: the engine's binding
/// of a scalar to an array parameter).
fn select(fields: &Fields, value: Option<&Value>) -> Select {
    let names: Vec<String> = match value {
        None | Some(Value::Null) => return Select::All,
        Some(v @ (Value::Array(_) | Value::Object(_))) => entries(v)
            .into_iter()
            .filter_map(|(_, v)| php_string(v))
            .collect(),
        Some(v) => php_string(v).into_iter().collect(),
    };
    if names.iter().any(|n| n == "*") {
        return Select::All;
    }
    Select::Only(
        names
            .iter()
            .filter_map(|n| fields.key(n).map(str::to_string))
            .collect(),
    )
}

fn invalid(what: &str) -> SimError {
    SimError::bad("INVALID_ARG_VALUE", what)
}

fn not_allowed_in_filter(field: &str) -> SimError {
    invalid(&format!(
        "Invalid filter: field '{}' is not allowed in filter",
        upper_name(field)
    ))
}

fn invalid_filter_value(field: &str) -> SimError {
    invalid(&format!(
        "Invalid filter: field '{}' has invalid value",
        upper_name(field)
    ))
}

/// A filter operation, from a key's prefix.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    NotEq,
    Gt,
    Ge,
    Lt,
    Le,
    In,
    NotIn,
    Between,
    NotBetween,
    Contains,
    NotContains,
    Like,
    NotLike,
}

/// The documented prefixes, longest first so that `!=%` is not read as `!=`.
const PREFIXES: [(&str, Op); 18] = [
    ("!><", Op::NotBetween),
    ("!=%", Op::NotLike),
    ("!%=", Op::NotLike),
    ("><", Op::Between),
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("=%", Op::Like),
    ("%=", Op::Like),
    ("!=", Op::NotEq),
    ("!%", Op::NotContains),
    ("!@", Op::NotIn),
    ("@", Op::In),
    ("%", Op::Contains),
    ("=", Op::Eq),
    ("!", Op::NotEq),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("", Op::Eq),
];

fn split_prefix(key: &str) -> (Op, &str) {
    PREFIXES
        .iter()
        .find_map(|(p, op)| key.strip_prefix(p).map(|rest| (*op, rest)))
        .unwrap_or((Op::Eq, key))
}

/// One condition on one field of the item.
struct Cond {
    key: String,
    op: Op,
    value: Value,
}

/// Conditions joined by AND (or OR), with sub-filters under numbered keys.
#[derive(Default)]
struct Group {
    any: bool,
    conds: Vec<Cond>,
    groups: Vec<Group>,
}

impl Group {
    fn parse(fields: &Fields, value: &Value) -> Result<Self, SimError> {
        let mut group = Group::default();
        for (key, value) in entries(value) {
            if key.eq_ignore_ascii_case("logic") {
                group.any = php_string(value).is_some_and(|l| l.eq_ignore_ascii_case("OR"));
                continue;
            }
            if key.parse::<u64>().is_ok() && (value.is_object() || value.is_array()) {
                group.groups.push(Group::parse(fields, value)?);
                continue;
            }
            let (op, name) = split_prefix(&key);
            let field = fields
                .key(name)
                .ok_or_else(|| not_allowed_in_filter(name))?;
            let list = value.is_array() || value.is_object();
            let wants_list = matches!(op, Op::In | Op::NotIn | Op::Between | Op::NotBetween);
            let takes_list = wants_list || matches!(op, Op::Eq | Op::NotEq);
            let pair_ok = !matches!(op, Op::Between | Op::NotBetween) || entries(value).len() == 2;
            if (wants_list && !list) || (list && !takes_list) || !pair_ok {
                return Err(invalid_filter_value(name));
            }
            group.conds.push(Cond {
                key: field.to_string(),
                op,
                value: value.clone(),
            });
        }
        Ok(group)
    }

    fn matches(&self, item: &Map<String, Value>) -> bool {
        let results: Vec<bool> = self
            .conds
            .iter()
            .map(|c| c.matches(item))
            .chain(self.groups.iter().map(|g| g.matches(item)))
            .collect();
        if self.any {
            // An empty OR group filters nothing out, as an empty AND group does.
            results.is_empty() || results.contains(&true)
        } else {
            !results.contains(&false)
        }
    }
}

impl Cond {
    fn matches(&self, item: &Map<String, Value>) -> bool {
        let have = item.get(&self.key).unwrap_or(&Value::Null);
        let wanted: Vec<&Value> = match &self.value {
            v @ (Value::Array(_) | Value::Object(_)) => {
                entries(v).into_iter().map(|(_, v)| v).collect()
            }
            v => vec![v],
        };
        let any_equal = || wanted.iter().any(|w| equal(have, w));
        match self.op {
            Op::Eq | Op::In => any_equal(),
            Op::NotEq | Op::NotIn => !any_equal(),
            Op::Gt => compare(have, &self.value) == Some(Ordering::Greater),
            Op::Ge => matches!(
                compare(have, &self.value),
                Some(Ordering::Greater | Ordering::Equal)
            ),
            Op::Lt => compare(have, &self.value) == Some(Ordering::Less),
            Op::Le => matches!(
                compare(have, &self.value),
                Some(Ordering::Less | Ordering::Equal)
            ),
            Op::Between | Op::NotBetween => {
                let inside = matches!(
                    (wanted.first(), wanted.get(1)),
                    (Some(lo), Some(hi))
                        if compare(have, lo).is_some_and(Ordering::is_ge)
                            && compare(have, hi).is_some_and(Ordering::is_le)
                );
                inside == (self.op == Op::Between)
            }
            Op::Contains | Op::NotContains => {
                let hit = text(have).is_some_and(|h| {
                    text(&self.value).is_some_and(|w| h.to_lowercase().contains(&w.to_lowercase()))
                });
                hit == (self.op == Op::Contains)
            }
            Op::Like | Op::NotLike => {
                let hit = text(have).is_some_and(|h| {
                    text(&self.value).is_some_and(|w| like(&h.to_lowercase(), &w.to_lowercase()))
                });
                hit == (self.op == Op::Like)
            }
        }
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        v => php_string(v),
    }
}

/// SQL equality as the portal's database runs it: numbers as numbers when both sides are
/// numeric, otherwise text; an empty value matches an empty or missing field; a list field
/// matches when one of its values does.
fn equal(have: &Value, wanted: &Value) -> bool {
    if let Value::Array(list) = have {
        return list.iter().any(|h| equal(h, wanted));
    }
    match (text(have), text(wanted)) {
        (None, None) => true,
        (None, Some(w)) | (Some(w), None) => w.is_empty(),
        (Some(h), Some(w)) => {
            if is_numeric(have) && is_numeric(wanted) {
                h.trim().parse::<f64>().ok() == w.trim().parse::<f64>().ok()
            } else {
                h == w
            }
        }
    }
}

/// SQL ordering: numbers as numbers, otherwise text; nothing compares with a missing value.
fn compare(have: &Value, wanted: &Value) -> Option<Ordering> {
    let (h, w) = (text(have)?, text(wanted)?);
    if is_numeric(have) && is_numeric(wanted) {
        let (h, w): (f64, f64) = (h.trim().parse().ok()?, w.trim().parse().ok()?);
        return h.partial_cmp(&w);
    }
    Some(h.cmp(&w))
}

/// SQL LIKE with `%` (any run) and `_` (one character).
fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // matched[j]: the pattern's first j characters match a prefix of the text read so far.
    let mut matched = vec![false; p.len() + 1];
    matched[0] = true;
    for j in 1..=p.len() {
        matched[j] = matched[j - 1] && p[j - 1] == '%';
    }
    for c in &t {
        let mut next = vec![false; p.len() + 1];
        for j in 1..=p.len() {
            next[j] = match p[j - 1] {
                '%' => next[j - 1] || matched[j],
                '_' => matched[j - 1],
                pc => matched[j - 1] && pc == *c,
            };
        }
        matched = next;
    }
    matched[p.len()]
}

/// `order`: `{field: "ASC"|"DESC"}` in either case; none → by ID ascending.
fn order(fields: &Fields, value: Option<&Value>) -> Result<Vec<(String, bool)>, SimError> {
    let mut keys = Vec::new();
    if let Some(value @ (Value::Array(_) | Value::Object(_))) = value {
        for (name, dir) in entries(value) {
            let field = fields.key(&name).ok_or_else(|| {
                invalid(&format!(
                    "Invalid order: field '{}' is not allowed in order",
                    upper_name(&name)
                ))
            })?;
            let dir_text = php_string(dir).unwrap_or_default();
            let ascending = match dir_text.to_ascii_uppercase().as_str() {
                "ASC" => true,
                "DESC" => false,
                _ => {
                    return Err(invalid(&format!(
                        "Invalid order: allowed sort directions are ASC, DESC. But got '{dir_text}' for field '{}'",
                        upper_name(&name)
                    )))
                }
            };
            keys.push((field.to_string(), ascending));
        }
    }
    keys.push(("id".to_string(), true));
    Ok(keys)
}

fn compare_items(
    order: &[(String, bool)],
    a: &Map<String, Value>,
    b: &Map<String, Value>,
) -> Ordering {
    order
        .iter()
        .map(|(key, ascending)| {
            let (x, y) = (
                a.get(key).unwrap_or(&Value::Null),
                b.get(key).unwrap_or(&Value::Null),
            );
            // A missing value sorts first ascending, as NULL does in the portal's database.
            let o = match (text(x), text(y)) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                _ => compare(x, y).unwrap_or(Ordering::Equal),
            };
            if *ascending {
                o
            } else {
                o.reverse()
            }
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert_to_upper_case_as_the_controller_does() {
        assert_eq!(upper_name("stageId"), "STAGE_ID");
        assert_eq!(upper_name("STAGE_ID"), "STAGE_ID");
        assert_eq!(upper_name("stageSemanticId"), "STAGE_SEMANTIC_ID");
        assert_eq!(upper_name("contactIds"), "CONTACT_IDS");
        assert_eq!(upper_name("id"), "ID");
    }

    #[test]
    fn prefixes_are_read_longest_first() {
        assert_eq!(split_prefix("@stageId"), (Op::In, "stageId"));
        assert_eq!(split_prefix("!@stageId"), (Op::NotIn, "stageId"));
        assert_eq!(split_prefix("!=%title"), (Op::NotLike, "title"));
        assert_eq!(split_prefix("!=title"), (Op::NotEq, "title"));
        assert_eq!(split_prefix(">=id"), (Op::Ge, "id"));
        assert_eq!(split_prefix("><id"), (Op::Between, "id"));
        assert_eq!(split_prefix("categoryId"), (Op::Eq, "categoryId"));
    }

    #[test]
    fn like_patterns() {
        assert!(like("кухня на заказ", "кух%"));
        assert!(like("кухня на заказ", "%заказ"));
        assert!(like("кухня на заказ", "%на%"));
        assert!(!like("кухня на заказ", "на%"));
        assert!(like("abc", "a_c"));
        assert!(!like("abc", "a_"));
    }

    /// Pins the paging of `RestManager`: pages of 50, `start` rounded down to a page, `next`
    /// only while more remain, `total` the whole count; `-1` neither.
    #[test]
    fn pages_of_fifty() {
        let mut portal = Portal::new("127.0.0.1:9");
        let template = portal.data.deals[0].clone();
        portal.data.deals = (1..=120)
            .map(|id| crate::state::Deal {
                id,
                ..template.clone()
            })
            .collect();
        let caller = Caller {
            user_id: 1,
            is_admin: true,
            kind: crate::auth::TokenKind::App,
        };
        let mut page = |start: Value| {
            let params = json!({ "entityTypeId": 2, "select": ["id"], "start": start });
            let reply = item_list(&mut portal, &caller, params.as_object().unwrap()).unwrap();
            let ids: Vec<u64> = reply.result["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_u64().unwrap())
                .collect();
            (ids.first().copied(), ids.len(), reply.total, reply.next)
        };
        assert_eq!(page(json!(0)), (Some(1), 50, Some(120), Some(50)));
        assert_eq!(page(json!("50")), (Some(51), 50, Some(120), Some(100)));
        assert_eq!(
            page(json!(75)),
            (Some(51), 50, Some(120), Some(100)),
            "rounded down"
        );
        assert_eq!(page(json!(100)), (Some(101), 20, Some(120), None));
        assert_eq!(page(json!(500)), (None, 0, Some(120), None));
        assert_eq!(page(json!(-1)), (Some(1), 50, None, None));
        assert_eq!(page(json!("x")), (Some(1), 50, Some(120), Some(50)));
    }

    #[test]
    fn equality_is_numeric_when_both_sides_are_numbers() {
        assert!(equal(&json!(0), &json!("0")));
        assert!(equal(&json!(101), &json!("101.0")));
        assert!(!equal(&json!("WON"), &json!("won")));
        assert!(equal(&json!([201, 202]), &json!(202)));
        assert!(equal(&Value::Null, &json!("")));
    }
}
