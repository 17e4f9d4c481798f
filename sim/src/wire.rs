//! Request parameters as the portal reads them (`CRestServer`, `CRestUtil`):
//! GET query and POST body merged into one PHP-style array; form bodies use PHP's nested keys
//! (`fields[categoryId]=3`, `cmd[a]=…`, `ids[]=1`). Values from forms are strings, from JSON
//! whatever JSON gave, so every accessor here accepts both.

use serde_json::{Map, Value};

use crate::error::SimError;

/// One request's parameters: a JSON object standing in for PHP's `$params` array.
pub type Params = Map<String, Value>;

/// Parses `application/x-www-form-urlencoded` text with PHP's `parse_str` nesting rules.
pub fn parse_form(text: &str) -> Params {
    let mut root = Value::Object(Map::new());
    for (key, value) in form_urlencoded::parse(text.as_bytes()) {
        if let Some(path) = php_key_path(&key) {
            insert_path(&mut root, &path, Value::String(value.into_owned()));
        }
    }
    match root {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Merges the query string and the body as §8 says: a body whose Content-Type is
/// `application/json` is JSON, any other body is a urlencoded form (text/plain included);
/// body keys replace query keys, shallowly.
pub fn merge_params(query: &str, content_type: &str, body: &[u8]) -> Result<Params, SimError> {
    let mut params = parse_form(query);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    let body_params = if is_json(content_type) {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => map,
            Ok(_) | Err(_) => {
                return Err(SimError::new(
                    400,
                    "INVALID_REQUEST",
                    "Request body is not a valid JSON object",
                ))
            }
        }
    } else {
        parse_form(&String::from_utf8_lossy(body))
    };
    for (key, value) in body_params {
        params.insert(key, value);
    }
    Ok(params)
}

fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

enum Segment {
    Key(String),
    Append,
}

/// `name[a][b][]` → `[name, a, b, <append>]`, as PHP splits a form key.
fn php_key_path(key: &str) -> Option<Vec<Segment>> {
    let (name, mut rest) = match key.find('[') {
        Some(i) if key[i..].contains(']') => (&key[..i], &key[i..]),
        _ => (key, ""),
    };
    if name.is_empty() {
        return None;
    }
    let mut path = vec![Segment::Key(name.to_string())];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(end) = inner.find(']') else { break };
        let segment = &inner[..end];
        path.push(if segment.is_empty() {
            Segment::Append
        } else {
            Segment::Key(segment.to_string())
        });
        rest = &inner[end + 1..];
    }
    Some(path)
}

fn insert_path(node: &mut Value, path: &[Segment], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    let Value::Object(map) = node else { return };
    let key = match first {
        Segment::Key(key) => key.clone(),
        Segment::Append => next_index(map).to_string(),
    };
    if rest.is_empty() {
        map.insert(key, value);
    } else {
        insert_path(map.entry(key).or_insert(Value::Null), rest, value);
    }
}

fn next_index(map: &Map<String, Value>) -> u64 {
    map.keys()
        .filter_map(|k| k.parse::<u64>().ok())
        .max()
        .map_or(0, |max| max + 1)
}

/// A key looked up exactly.
pub fn get<'a>(params: &'a Params, key: &str) -> Option<&'a Value> {
    params.get(key)
}

/// A key looked up as PHP code that upper-cases (or accepts either case of) its keys does.
pub fn get_ci<'a>(params: &'a Params, key: &str) -> Option<&'a Value> {
    params.get(key).or_else(|| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// An object parameter (a JSON object, or a form's nested keys).
pub fn object(value: Option<&Value>) -> Option<&Params> {
    value.and_then(Value::as_object)
}

/// PHP's `(int)` cast.
pub fn php_int(value: &Value) -> i64 {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .unwrap_or(0),
        Value::String(s) => leading_int(s),
        Value::Bool(b) => i64::from(*b),
        Value::Null => 0,
        Value::Array(a) => i64::from(!a.is_empty()),
        Value::Object(o) => i64::from(!o.is_empty()),
    }
}

fn leading_int(text: &str) -> i64 {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

/// PHP's `is_numeric`.
pub fn is_numeric(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::String(s) => {
            let t = s.trim();
            !t.is_empty() && t.parse::<f64>().is_ok_and(f64::is_finite)
        }
        _ => false,
    }
}

/// PHP's `empty()`.
pub fn php_empty(value: Option<&Value>) -> bool {
    value.is_none_or(|v| !php_truthy(v))
}

/// PHP's `(bool)` cast: `""`, `"0"`, `0`, `0.0`, `false`, `null` and `[]` are false, so is
/// nothing else (`"false"` is true).
pub fn php_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !(s.is_empty() || s == "0"),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// PHP's `(string)` cast for scalars; `None` for arrays.
pub fn php_string(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(true) => Some("1".into()),
        Value::Bool(false) => Some(String::new()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The entries of a PHP array: an object's pairs, or a list's items keyed "0", "1", ….
pub fn entries(value: &Value) -> Vec<(String, &Value)> {
    match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// Encodes ordered PHP-array entries as `json_encode` does: a list keyed 0..n-1 becomes a JSON
/// array (so an empty one is `[]`), anything else an object.
pub fn php_array(entries: Vec<(String, Value)>) -> Value {
    let is_list = entries
        .iter()
        .enumerate()
        .all(|(i, (k, _))| k == &i.to_string());
    if is_list {
        Value::Array(entries.into_iter().map(|(_, v)| v).collect())
    } else {
        Value::Object(entries.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_form_keys() {
        let p = parse_form("fields%5BcategoryId%5D=3&cmd[a]=x%3Fy&ids[]=1&ids[]=2&plain=%D0%AF");
        assert_eq!(
            Value::Object(p),
            json!({
                "fields": {"categoryId": "3"},
                "cmd": {"a": "x?y"},
                "ids": {"0": "1", "1": "2"},
                "plain": "Я"
            })
        );
    }

    #[test]
    fn php_casts() {
        assert_eq!(php_int(&json!("12abc")), 12);
        assert_eq!(php_int(&json!("queue")), 0);
        assert_eq!(php_int(&json!(" -7")), -7);
        assert!(php_truthy(&json!("false")));
        assert!(!php_truthy(&json!("0")));
        assert!(php_empty(Some(&json!(""))));
        assert!(is_numeric(&json!("12.5")));
        assert!(!is_numeric(&json!("12a")));
    }

    #[test]
    fn body_replaces_query_shallowly_and_text_plain_is_a_form() {
        let p = merge_params("a=1&b[x]=1", "text/plain;charset=UTF-8", b"b[y]=2&c=3").unwrap();
        assert_eq!(
            Value::Object(p),
            json!({"a": "1", "b": {"y": "2"}, "c": "3"})
        );
        let p = merge_params("a=1", "application/json", br#"{"a":2}"#).unwrap();
        assert_eq!(Value::Object(p), json!({"a": 2}));
        assert!(merge_params("", "application/json", b"[1]").is_err());
    }

    #[test]
    fn php_array_encoding() {
        assert_eq!(php_array(vec![]), json!([]));
        assert_eq!(php_array(vec![("0".into(), json!(1))]), json!([1]));
        assert_eq!(php_array(vec![("1".into(), json!(1))]), json!({"1": 1}));
    }
}
