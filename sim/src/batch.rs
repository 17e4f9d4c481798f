//! `batch` (`settings/how-to-call-rest-api/batch.md`; rest `CRestProvider::methodsBatch`, §8):
//! `cmd` an object or a list of query strings (`"crm.item.get?entityTypeId=2&id=101"`) or
//! `{method, params}`; `halt` a PHP truthiness cast; at most 50 commands, each extra one its own
//! `ERROR_BATCH_LENGTH_EXCEEDED`; no nested batch; after a halt the later commands are absent
//! from every map; references `$result[key][a][0][b]` (and `$error`, `$total`, `$next`, `$time`)
//! resolved as `CRestUtil::processBatchElement` does, a missing key included.

use serde_json::{json, Map, Value};

use crate::auth::Caller;
use crate::clock::{now_f64, time_block};
use crate::error::SimError;
use crate::faults::FaultKind;
use crate::methods::{self, Outcome};
use crate::state::Portal;
use crate::wire::{entries, get_ci, parse_form, php_array, php_string, php_truthy, Params};

pub const MAX_COMMANDS: usize = 50;

/// What a batch did: the `result` object, the sub-commands' methods (for the request log),
/// latency injected into sub-commands, and a fault that spoils the whole HTTP answer.
pub struct BatchRun {
    pub result: Value,
    pub commands: Vec<String>,
    pub delay_ms: u64,
    pub spoil: Option<FaultKind>,
}

/// The five maps as they fill up; also what references resolve against.
#[derive(Default)]
struct Maps {
    result: Vec<(String, Value)>,
    error: Vec<(String, Value)>,
    total: Vec<(String, Value)>,
    next: Vec<(String, Value)>,
    time: Vec<(String, Value)>,
}

pub fn run(portal: &mut Portal, caller: &Caller, params: &Params) -> BatchRun {
    let halt = get_ci(params, "halt").is_some_and(php_truthy);
    let list = get_ci(params, "cmd").map(entries).unwrap_or_default();
    let mut maps = Maps::default();
    let mut run = BatchRun {
        result: Value::Null,
        commands: Vec::new(),
        delay_ms: 0,
        spoil: None,
    };
    for (index, (key, spec)) in list.into_iter().enumerate() {
        let started = now_f64();
        let (outcome, executed) = if index >= MAX_COMMANDS {
            let error = SimError::bad("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
            (Err(error), false)
        } else {
            (one(portal, caller, spec, &maps, &mut run), true)
        };
        let failed = outcome.is_err();
        match outcome {
            Ok(reply) => {
                maps.result.push((key.clone(), reply.result));
                if let Some(total) = reply.total {
                    maps.total.push((key.clone(), json!(total)));
                }
                if let Some(next) = reply.next {
                    maps.next.push((key.clone(), json!(next)));
                }
            }
            Err(error) => maps.error.push((key.clone(), error.body())),
        }
        if executed {
            maps.time.push((key, time_block(started, now_f64())));
        }
        if failed && halt {
            break;
        }
    }
    run.result = json!({
        "result": php_array(maps.result),
        "result_error": php_array(maps.error),
        "result_total": php_array(maps.total),
        "result_next": php_array(maps.next),
        "result_time": php_array(maps.time),
    });
    run
}

/// Runs one sub-command with the batch's caller.
fn one(
    portal: &mut Portal,
    caller: &Caller,
    spec: &Value,
    maps: &Maps,
    run: &mut BatchRun,
) -> Outcome {
    let (method, mut params) = command(spec).ok_or_else(SimError::method_not_found)?;
    run.commands.push(method.clone());
    let method = method.to_ascii_lowercase();
    let method = method.strip_suffix(".json").unwrap_or(&method).to_string();
    params.remove("auth");
    params.remove("access_token");
    let params = match substitute(&Value::Object(params), maps) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if method == "batch" {
        return Err(SimError::new(
            405,
            "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "Method is not allowed for batch usage",
        ));
    }
    if let Some(hit) = portal.faults.take(&method, false) {
        match hit.kind {
            FaultKind::Latency => run.delay_ms = run.delay_ms.saturating_add(hit.ms),
            FaultKind::Drop | FaultKind::Malformed => run.spoil = Some(hit.kind),
            kind => {
                if let Some(error) = kind.error() {
                    return Err(error);
                }
            }
        }
    }
    let handler = methods::find(&method).ok_or_else(SimError::method_not_found)?;
    handler(portal, caller, &params)
}

/// A command: `"method?query"`, `{method, params}` or `[method, params]`.
fn command(spec: &Value) -> Option<(String, Params)> {
    match spec {
        Value::String(text) => {
            let (method, query) = text.split_once('?').unwrap_or((text, ""));
            let method = method.trim();
            (!method.is_empty()).then(|| (method.to_string(), parse_form(query)))
        }
        Value::Object(map) => {
            let method = get_ci(map, "method").and_then(php_string)?;
            let params = get_ci(map, "params").and_then(Value::as_object).cloned();
            Some((method, params.unwrap_or_default()))
        }
        Value::Array(items) => {
            let method = items.first().and_then(php_string)?;
            let params = items.get(1).and_then(Value::as_object).cloned();
            Some((method, params.unwrap_or_default()))
        }
        _ => None,
    }
}

/// Replaces references in every string of `value`, as `CRestUtil::processBatchStructure`
/// does for each parameter value (keys are left alone).
fn substitute(value: &Value, maps: &Maps) -> Value {
    match value {
        Value::String(text) => substitute_text(text, maps),
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, maps)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, maps)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `CRestUtil::processBatchElement` (rest `classes/general/rest_util.php`): a string that is
/// exactly one reference becomes the value it reaches, raw (arrays too); inside a longer string
/// a number or a string replaces the reference's whole run, anything else leaves it as text.
fn substitute_text(text: &str, maps: &Maps) -> Value {
    let found = references(text);
    if let [only] = found.as_slice() {
        if only.text.len() == text.len() && !only.path.is_empty() {
            return maps.resolve(only.kind, &only.path);
        }
    }
    let mut out = text.to_string();
    for reference in found.iter().filter(|r| !r.path.is_empty()) {
        let scalar = match maps.resolve(reference.kind, &reference.path) {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        out = out.replace(reference.text, &scalar);
    }
    Value::String(out)
}

/// The map names a reference may start with, in the order of `methodsBatch`'s `$arResult`
/// (matched case-insensitively, as the portal's `/…/i` pattern does).
const KINDS: [&str; 5] = ["result", "next", "total", "time", "error"];

/// One match of the portal's pattern `\$(result|next|total|time|error)([^\s]*)`.
struct Reference<'a> {
    /// The whole match: `$`, the name and everything up to the next whitespace.
    text: &'a str,
    /// The name as written.
    kind: &'a str,
    /// Every `[…]` of the run, in order (`\[([^\]]+)\]`), also those after other text.
    path: Vec<&'a str>,
}

fn references(text: &str) -> Vec<Reference<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find('$') {
        let start = from + pos;
        let after = &text[start + 1..];
        let kind = KINDS.into_iter().find_map(|k| {
            after
                .get(..k.len())
                .filter(|head| head.eq_ignore_ascii_case(k))
        });
        let Some(kind) = kind else {
            from = start + 1;
            continue;
        };
        let run = &after[kind.len()..];
        let run = &run[..run.find(is_pcre_space).unwrap_or(run.len())];
        let end = start + 1 + kind.len() + run.len();
        found.push(Reference {
            text: &text[start..end],
            kind,
            path: brackets(run),
        });
        from = end;
    }
    found
}

/// PCRE's `\s` without the UTF flag: space, tab, LF, VT, FF, CR.
fn is_pcre_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
}

/// The contents of every non-empty `[…]` in `run`.
fn brackets(run: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut from = 0;
    while let Some(open) = run[from..].find('[').map(|i| from + i) {
        match run[open + 1..].find(']') {
            Some(0) => from = open + 1,
            Some(len) => {
                segments.push(&run[open + 1..open + 1 + len]);
                from = open + 2 + len;
            }
            None => break,
        }
    }
    segments
}

impl Maps {
    /// The portal's walk: from the whole map, one key at a time while `isset` holds; at the
    /// first missing key it stops with the value reached so far (the whole map when the
    /// command key itself is missing). A name in another case reaches nothing (`null`).
    fn resolve(&self, kind: &str, path: &[&str]) -> Value {
        let Some(list) = self.list(kind) else {
            return Value::Null;
        };
        let (first, rest) = path.split_first().map_or(("", &[][..]), |(f, r)| (*f, r));
        let Some(mut node) = list
            .iter()
            .find(|(k, v)| k == first && !v.is_null())
            .map(|(_, v)| v)
        else {
            return php_array(list.to_vec());
        };
        // `isset($string[$i])` holds for an integer offset inside the string (counted from the
        // end when negative): the walk goes on in that one-byte string.
        let mut byte: Option<String> = None;
        for segment in rest {
            let next = match (&byte, node) {
                (Some(text), _) | (None, Value::String(text)) => {
                    match php_index(segment).and_then(|i| byte_at(text, i)) {
                        Some(b) => {
                            byte = Some(b);
                            continue;
                        }
                        None => break,
                    }
                }
                (None, Value::Object(map)) => map.get(*segment),
                (None, Value::Array(items)) => php_index(segment)
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| items.get(i)),
                (None, _) => None,
            };
            match next.filter(|v| !v.is_null()) {
                Some(next) => node = next,
                None => break,
            }
        }
        byte.map_or_else(|| node.clone(), Value::String)
    }

    fn list(&self, kind: &str) -> Option<&Vec<(String, Value)>> {
        Some(match kind {
            "result" => &self.result,
            "error" => &self.error,
            "total" => &self.total,
            "next" => &self.next,
            "time" => &self.time,
            _ => return None,
        })
    }
}

/// A PHP integer array key: a canonical decimal (`"1"`, `"-2"`, not `"01"` or `"+1"`).
fn php_index(key: &str) -> Option<i64> {
    let n: i64 = key.parse().ok()?;
    (n.to_string() == key).then_some(n)
}

fn byte_at(s: &str, i: i64) -> Option<String> {
    let len = i64::try_from(s.len()).ok()?;
    let i = if i < 0 { len + i } else { i };
    let byte = *s.as_bytes().get(usize::try_from(i).ok()?)?;
    Some(String::from_utf8_lossy(&[byte]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maps() -> Maps {
        Maps {
            result: vec![
                (
                    "a".into(),
                    json!({"item": {"id": 7, "title": "Кухня", "tags": ["x", {"b": "deep"}], "none": null}}),
                ),
                ("chats".into(), json!([{"CHAT_ID": "1001"}])),
            ],
            ..Maps::default()
        }
    }

    #[test]
    fn exact_reference_gets_the_raw_value() {
        let m = maps();
        assert_eq!(substitute_text("$result[a][item][id]", &m), json!(7));
        assert_eq!(
            substitute_text("$result[a][item][tags]", &m),
            json!(["x", {"b": "deep"}])
        );
        assert_eq!(
            substitute_text("$result[a][item][tags][1][b]", &m),
            json!("deep")
        );
    }

    /// Pins `CRestUtil::processBatchElement`: at the first key that is not set the walk stops
    /// and the value reached so far is used — the enclosing array, or the whole map when the
    /// command itself is missing — never the reference's own text.
    #[test]
    fn a_missing_key_gives_the_deepest_value_that_exists() {
        let m = maps();
        assert_eq!(
            substitute_text("$result[chats][1][CHAT_ID]", &m),
            json!([{"CHAT_ID": "1001"}]),
            "a list index past the end: the list"
        );
        assert_eq!(
            substitute_text("$result[a][item][nope][id]", &m),
            m.result[0].1["item"],
            "a missing field: the object holding it"
        );
        assert_eq!(
            substitute_text("$result[a][item][none]", &m),
            m.result[0].1["item"],
            "null is not set"
        );
        assert_eq!(
            substitute_text("$result[dialog1][owner]", &m),
            json!({"a": m.result[0].1, "chats": [{"CHAT_ID": "1001"}]}),
            "a command that gave no result: the whole result map"
        );
        assert_eq!(
            substitute_text("$error[x][error]", &m),
            json!([]),
            "an empty map is PHP's empty array"
        );
        assert_eq!(
            substitute_text("$RESULT[a][item][id]", &m),
            Value::Null,
            "matched, but `$arResult['RESULT']` is not set"
        );
    }

    #[test]
    fn a_string_is_indexed_by_byte() {
        let m = maps();
        assert_eq!(
            substitute_text("$result[chats][0][CHAT_ID][0]", &m),
            json!("1")
        );
        assert_eq!(
            substitute_text("$result[chats][0][CHAT_ID][-1]", &m),
            json!("1")
        );
        assert_eq!(
            substitute_text("$result[chats][0][CHAT_ID][9]", &m),
            json!("1001"),
            "past the end: the string"
        );
        assert_eq!(
            substitute_text("$result[chats][0][CHAT_ID][-1][0][x]", &m),
            json!("1"),
            "the walk goes on in the byte, and stops there"
        );
    }

    /// Pins the inline form: the match runs to the next whitespace and all of it is replaced by a
    /// number or a string; an array, null or a boolean leaves the text as it was.
    #[test]
    fn inline_references_replace_their_whole_run_with_scalars_only() {
        let m = maps();
        assert_eq!(
            substitute_text("id=$result[a][item][id];t=$result[a][item][tags]", &m),
            json!("id=7"),
            "one run: its path walks id, then stops at a key of 7"
        );
        assert_eq!(
            substitute_text("id $result[a][item][id] t $result[a][item][tags] x", &m),
            json!("id 7 t $result[a][item][tags] x")
        );
        assert_eq!(
            substitute_text(
                "DEAL_STAGE_$result[a][item][title] $result[chats][1][CHAT_ID]",
                &m
            ),
            json!("DEAL_STAGE_Кухня $result[chats][1][CHAT_ID]"),
            "a missing index reaches the list: left as text"
        );
        assert_eq!(
            substitute_text("$5 and $resultx and $result[] and $result", &m),
            json!("$5 and $resultx and $result[] and $result"),
            "no [key]: nothing to substitute"
        );
    }

    #[test]
    fn brackets_are_read_as_the_portal_pattern_reads_them() {
        assert_eq!(brackets("[a][b]"), ["a", "b"]);
        assert_eq!(brackets("[][a]x[b"), ["a"]);
        assert_eq!(brackets("x[a[b]]"), ["a[b"]);
    }
}
