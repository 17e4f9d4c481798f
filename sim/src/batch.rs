//! `batch` (`settings/how-to-call-rest-api/batch.md`; rest `CRestProvider::methodsBatch`, §8):
//! `cmd` an object or a list of query strings (`"crm.item.get?entityTypeId=2&id=101"`) or
//! `{method, params}`; `halt` a PHP truthiness cast; at most 50 commands, each extra one its own
//! `ERROR_BATCH_LENGTH_EXCEEDED`; no nested batch; after a halt the later commands are absent
//! from every map; references `$result[key][a][0][b]` (and `$error`, `$total`, `$next`, `$time`).

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

impl Maps {
    fn lookup(&self, kind: &str, key: &str) -> Option<&Value> {
        let list = match kind {
            "result" => &self.result,
            "error" => &self.error,
            "total" => &self.total,
            "next" => &self.next,
            "time" => &self.time,
            _ => return None,
        };
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
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
            FaultKind::Drop | FaultKind::Malformed | FaultKind::ServerErrorHtml => {
                run.spoil = Some(hit.kind)
            }
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

/// Replaces references in every string of `value`: a string that is exactly one reference
/// gets the raw value; inside a longer string only scalars are substituted.
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

fn substitute_text(text: &str, maps: &Maps) -> Value {
    if let Some((len, kind, path)) = parse_reference(text) {
        if len == text.len() {
            return resolve(maps, kind, &path)
                .cloned()
                .unwrap_or_else(|| json!(text));
        }
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match parse_reference(tail) {
            Some((len, kind, path)) => {
                let scalar = resolve(maps, kind, &path)
                    .filter(|v| !v.is_array() && !v.is_object())
                    .and_then(php_string);
                out.push_str(scalar.as_deref().unwrap_or(&tail[..len]));
                rest = &tail[len..];
            }
            None => {
                out.push('$');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Value::String(out)
}

/// `$kind[key][a][b]…` at the start of `text`: its length, kind and segments.
fn parse_reference(text: &str) -> Option<(usize, &str, Vec<&str>)> {
    let body = text.strip_prefix('$')?;
    let kind = ["result", "error", "total", "next", "time"]
        .into_iter()
        .find(|k| body.starts_with(k))?;
    let mut rest = &body[kind.len()..];
    let mut segments = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let end = inner.find(']')?;
        segments.push(&inner[..end]);
        rest = &inner[end + 1..];
    }
    if segments.is_empty() {
        return None;
    }
    Some((text.len() - rest.len(), kind, segments))
}

fn resolve<'a>(maps: &'a Maps, kind: &str, path: &[&str]) -> Option<&'a Value> {
    let (key, rest) = path.split_first()?;
    let mut node = maps.lookup(kind, key)?;
    for segment in rest {
        node = match node {
            Value::Object(map) => map.get(*segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maps() -> Maps {
        Maps {
            result: vec![(
                "a".into(),
                json!({"item": {"id": 7, "tags": ["x", {"b": "deep"}]}}),
            )],
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

    #[test]
    fn inline_references_substitute_scalars_only() {
        let m = maps();
        assert_eq!(
            substitute_text("id=$result[a][item][id];t=$result[a][item][tags]", &m),
            json!("id=7;t=$result[a][item][tags]")
        );
        assert_eq!(
            substitute_text("$5 and $resultx", &m),
            json!("$5 and $resultx")
        );
    }
}
