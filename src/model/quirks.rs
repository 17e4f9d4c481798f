//! Bitrix24's wire quirks, as `#[serde(deserialize_with = "…")]` helpers for the wire types:
//! ids that are strings in one method and numbers in the next, `"Y"/"N"` flags, `null` where a
//! text is expected, and PHP's empty array `[]` where a map is expected.
//!
//! Each helper reads the field as a JSON [`Value`] first and then decides, so the tolerance is
//! written once, in plain `match`es, whatever the deserializer (serde_json, serde-wasm-bindgen).
//! An absent field is the wire type's business (`#[serde(default)]` or a required field).

use serde::de::{DeserializeOwned, Deserializer, Error};
use serde::Deserialize;
use serde_json::Value;

/// An id sent as a JSON number or as a string of digits.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = Value::deserialize(d)?;
    value_to_id(&v).ok_or_else(|| D::Error::custom("not an id"))
}

/// Like [`id`], but `null`, `""` and `false` read as `None`.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null | Value::Bool(false) => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        v => value_to_id(&v)
            .map(Some)
            .ok_or_else(|| D::Error::custom("not an id")),
    }
}

/// A list of ids, each a number or a string (an item that is no id is skipped); `null` is
/// an empty list.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items.iter().filter_map(value_to_id).collect()),
        _ => Err(D::Error::custom("not a list of ids")),
    }
}

/// A `"Y"`/`"N"` flag (JSON booleans tolerated); anything else is `false`.
pub fn yes<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s.eq_ignore_ascii_case("Y"),
        Value::Bool(b) => b,
        _ => false,
    })
}

/// A flag that may arrive as `true`, `"Y"`, `"1"` or `1`; `null` (like an absent field, with
/// `#[serde(default = "quirks::on")]`) is `true` (user.get's `ACTIVE`).
pub fn active<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::String(s) => matches!(s.as_str(), "Y" | "y" | "1" | "true"),
        Value::Number(n) => n.as_u64() != Some(0),
        _ => true,
    })
}

/// The default of a flag that is on unless the wire says otherwise.
pub fn on() -> bool {
    true
}

/// A text that may be `null` or (in some methods) a number; anything else is empty.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    })
}

/// A map that PHP sends as `[]` when it is empty (and, rarely, as a list when its keys are
/// 0..n); `null` is an empty map. Into any map type (a later equal key wins), or a list of
/// `(key, value)` pairs in the wire's order (its keys are unique: a JSON object's are).
pub fn map<'de, D, T, M>(d: D) -> Result<M, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
    M: Default + Extend<(String, T)>,
{
    let entries: Vec<(String, Value)> = match Value::deserialize(d)? {
        Value::Null => Vec::new(),
        Value::Object(m) => m.into_iter().collect(),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return Err(D::Error::custom("not a map")),
    };
    let mut out = M::default();
    for (k, v) in entries {
        let item = T::deserialize(&v).map_err(D::Error::custom)?;
        out.extend(std::iter::once((k, item)));
    }
    Ok(out)
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
