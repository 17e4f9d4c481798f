//! Lenient field readers for Bitrix24's wire quirks: ids that are strings in one method and
//! numbers in the next, `"Y"/"N"` flags, and PHP's empty array `[]` where a map is expected.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// An id sent as a JSON number or as a string of digits.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = Value::deserialize(d)?;
    value_to_id(&v).ok_or_else(|| de::Error::custom(format!("not an id: {v}")))
}

/// Like [`id`], but `null`, absent, `""` and `false` read as `None`.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(v) => value_to_id(&v)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("not an id: {v}"))),
    }
}

/// A list of ids, each a number or a string.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.iter().filter_map(value_to_id).collect()),
        Some(other) => Err(de::Error::custom(format!("not a list of ids: {other}"))),
    }
}

/// Reads an id out of a JSON value: a non-negative integer or a string of digits.
pub fn value_to_id(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => parse_id(s),
        _ => None,
    }
}

/// Parses a string of ASCII digits (surrounding blanks allowed) into an id.
pub fn parse_id(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A `"Y"`/`"N"` flag (also tolerating JSON booleans); absent or anything else is `false`.
pub fn yes<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => s.eq_ignore_ascii_case("Y"),
        Some(Value::Bool(b)) => b,
        _ => false,
    })
}

/// A boolean that may arrive as `true`, `"Y"`, `"1"` or `1`; absent is `true` (user.get's `ACTIVE`).
pub fn active<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => b,
        Some(Value::String(s)) => matches!(s.as_str(), "Y" | "y" | "1" | "true"),
        Some(Value::Number(n)) => n.as_u64() != Some(0),
        Some(_) => true,
    })
}

/// A string that may be `null`, absent, or (in some methods) a number.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    })
}

/// A map that PHP sends as `[]` when it is empty (and, rarely, as a list when keys are 0..n).
pub fn map<'de, D, T>(d: D) -> Result<BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m
            .into_iter()
            .map(|(k, v)| serde_json::from_value(v).map(|t| (k, t)))
            .collect::<Result<_, _>>()
            .map_err(de::Error::custom),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| serde_json::from_value(v).map(|t| (i.to_string(), t)))
            .collect::<Result<_, _>>()
            .map_err(de::Error::custom),
        Some(other) => Err(de::Error::custom(format!("not a map: {other}"))),
    }
}
