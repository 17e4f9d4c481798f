//! Lenient field readers for Bitrix24's wire quirks: ids that are strings in one method and
//! numbers in the next, `"Y"/"N"` flags, and PHP's empty array `[]` where a map is expected.
//!
//! The wire types are read straight from a [`Value`] ([`FromValue`]) rather than through derived
//! serde visitors: the same rules serde's derive applies (an object by field name, or an array
//! by field position; an absent field takes its default or is an error), at a fraction of the
//! wasm size. [`deserialize_via_value!`] gives them a `Deserialize` for tests and tools.

use super::table::Table;
use serde_json::{Map, Value};

/// A wire type read from a JSON value. The error is a detail for logs.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self, String>;
}

/// `Deserialize` through [`FromValue`] (a `Value` first, then the reader).
#[macro_export]
macro_rules! deserialize_via_value {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = serde_json::Value::deserialize(d)?;
                <$t as $crate::model::de::FromValue>::from_value(&v)
                    .map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    )*};
}

/// A list: a JSON array whose every item reads as `T`.
impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            // A loop, not `collect::<Result<_, _>>()`: one adapter less per item type.
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(T::from_value(item)?);
                }
                Ok(out)
            }
            other => Err(format!("not a list: {}", crate::json::to_string(other))),
        }
    }
}

/// A JSON string.
impl FromValue for String {
    fn from_value(v: &Value) -> Result<Self, String> {
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("not a string: {}", crate::json::to_string(v)))
    }
}

/// A non-negative integer.
impl FromValue for u64 {
    fn from_value(v: &Value) -> Result<Self, String> {
        v.as_u64()
            .ok_or_else(|| format!("not a u64: {}", crate::json::to_string(v)))
    }
}

/// The fields of a struct as serde's derive reads them: from an object by name, or from an
/// array by position (no more items than fields).
pub struct Fields<'a> {
    object: Option<&'a Map<String, Value>>,
    items: &'a [Value],
}

impl<'a> Fields<'a> {
    /// `v` as a struct `name` of `count` fields.
    pub fn of(v: &'a Value, name: &str, count: usize) -> Result<Self, String> {
        match v {
            Value::Object(m) => Ok(Fields {
                object: Some(m),
                items: &[],
            }),
            Value::Array(a) if a.len() <= count => Ok(Fields {
                object: None,
                items: a,
            }),
            other => Err(format!(
                "{name}: not a struct: {}",
                crate::json::to_string(other)
            )),
        }
    }

    /// Field number `i`, named `name`; `None` when absent.
    pub fn get(&self, i: usize, name: &str) -> Option<&'a Value> {
        match self.object {
            Some(m) => m.get(name),
            None => self.items.get(i),
        }
    }

    /// Like [`Fields::get`], also under `alias` (both present: an error, as serde has it).
    pub fn get_or(&self, i: usize, name: &str, alias: &str) -> Result<Option<&'a Value>, String> {
        match self.object {
            Some(m) => match (m.get(name), m.get(alias)) {
                (Some(_), Some(_)) => Err(format!("duplicate field `{name}`")),
                (a, b) => Ok(a.or(b)),
            },
            None => Ok(self.items.get(i)),
        }
    }
}

/// A required field.
pub fn required<'a>(v: Option<&'a Value>, name: &str) -> Result<&'a Value, String> {
    v.ok_or_else(|| format!("missing field `{name}`"))
}

/// `null` and absent alike (serde's `Option<Value>` reads `null` as `None`).
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// An id sent as a JSON number or as a string of digits; required.
pub fn id(v: Option<&Value>, name: &str) -> Result<u64, String> {
    let v = required(v, name)?;
    value_to_id(v).ok_or_else(|| format!("not an id: {}", crate::json::to_string(v)))
}

/// Like [`id`], but `null`, absent, `""` and `false` read as `None`.
pub fn opt_id(v: Option<&Value>) -> Result<Option<u64>, String> {
    match present(v) {
        None | Some(Value::Bool(false)) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(v) => value_to_id(v)
            .map(Some)
            .ok_or_else(|| format!("not an id: {}", crate::json::to_string(v))),
    }
}

/// A list of ids, each a number or a string.
pub fn ids(v: Option<&Value>) -> Result<Vec<u64>, String> {
    match present(v) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items.iter().filter_map(value_to_id).collect()),
        Some(other) => Err(format!(
            "not a list of ids: {}",
            crate::json::to_string(other)
        )),
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
pub fn yes(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => s.eq_ignore_ascii_case("Y"),
        Some(Value::Bool(b)) => *b,
        _ => false,
    }
}

/// A boolean that may arrive as `true`, `"Y"`, `"1"` or `1`; absent is `true` (user.get's `ACTIVE`).
pub fn active(v: Option<&Value>) -> bool {
    match present(v) {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.as_str(), "Y" | "y" | "1" | "true"),
        Some(Value::Number(n)) => n.as_u64() != Some(0),
        Some(_) => true,
    }
}

/// A string that may be `null`, absent, or (in some methods) a number.
pub fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A required JSON string.
pub fn string(v: Option<&Value>, name: &str) -> Result<String, String> {
    match required(v, name)? {
        Value::String(s) => Ok(s.clone()),
        other => Err(format!(
            "`{name}` is not a string: {}",
            crate::json::to_string(other)
        )),
    }
}

/// An optional JSON string: `null` or absent is `None`.
pub fn opt_string(v: Option<&Value>, name: &str) -> Result<Option<String>, String> {
    match present(v) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!(
            "`{name}` is not a string: {}",
            crate::json::to_string(other)
        )),
    }
}

/// An optional JSON boolean with a default for absent (`null` is an error, as for serde's `bool`).
pub fn bool_or(v: Option<&Value>, default: bool, name: &str) -> Result<bool, String> {
    match v {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!(
            "`{name}` is not a boolean: {}",
            crate::json::to_string(other)
        )),
    }
}

/// Any JSON value; `null` or absent is `None`.
pub fn opt_value(v: Option<&Value>) -> Option<Value> {
    present(v).cloned()
}

/// A list that may be absent (empty then); `null` is an error, as for serde's `Vec`.
pub fn list<T: FromValue>(v: Option<&Value>) -> Result<Vec<T>, String> {
    v.map_or_else(|| Ok(Vec::new()), Vec::from_value)
}

/// A map that PHP sends as `[]` when it is empty (and, rarely, as a list when keys are 0..n).
pub fn map<T: FromValue>(v: Option<&Value>) -> Result<Table<String, T>, String> {
    // Inserted one by one: the same map as `collect` (a later equal key wins), without a sort
    // and a bulk build per value type in the wasm.
    let mut out = Table::new();
    match present(v) {
        None => {}
        Some(Value::Object(m)) => {
            for (k, v) in m {
                out.insert(k.clone(), T::from_value(v)?);
            }
        }
        Some(Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                out.insert(i.to_string(), T::from_value(v)?);
            }
        }
        Some(other) => return Err(format!("not a map: {}", crate::json::to_string(other))),
    }
    Ok(out)
}

/// `Table<String, Value>` entries: any value.
impl FromValue for Value {
    fn from_value(v: &Value) -> Result<Self, String> {
        Ok(v.clone())
    }
}
