//! JSON text ↔ [`Value`], the one way in and out of JSON for the widget.
//!
//! In the browser, text is parsed by the engine's own `JSON.parse` and the result walked into a
//! [`Value`]; natively (tests), by serde_json. Text is written by [`to_string`], the compact form
//! serde_json writes. serde_json's own parser and writer would cost ~10 KB gzip of wasm (number
//! parsing tables, the Serializer) for what the browser already does.

use serde_json::{Number, Value};

/// A JSON object from `"key" => value` pairs, in their order; a value is anything
/// `Value::from` takes (numbers, strings, bools, another `obj!`). Unlike `serde_json::json!`, no
/// value goes through `Serialize` (and an `unwrap` of its error) in the wasm.
#[macro_export]
macro_rules! obj {
    ($($k:literal => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = serde_json::Map::new();
        $( m.insert(String::from($k), serde_json::Value::from($v)); )*
        serde_json::Value::Object(m)
    }};
}

/// Parses JSON text. The error says what was wrong, for the developer's message.
pub fn parse(text: &str) -> Result<Value, String> {
    #[cfg(target_arch = "wasm32")]
    {
        let v = js_sys::JSON::parse(text).map_err(|e| {
            js_sys::Error::from(e)
                .message()
                .as_string()
                .unwrap_or_else(|| "not JSON".to_owned())
        })?;
        Ok(from_js(&v))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// A parsed JavaScript value (plain data: what `JSON.parse` gives) as a [`Value`]; anything
/// else (`undefined`, a function) is null.
#[cfg(target_arch = "wasm32")]
pub fn from_js(v: &wasm_bindgen::JsValue) -> Value {
    use js_sys::{Array, Object};
    use wasm_bindgen::JsCast;
    if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        number(n)
    } else if let Some(s) = v.as_string() {
        Value::String(s)
    } else if Array::is_array(v) {
        let items: &Array = v.unchecked_ref();
        let mut out = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            out.push(from_js(&item));
        }
        Value::Array(out)
    } else if v.is_object() {
        let mut out = serde_json::Map::new();
        for entry in Object::entries(v.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            if let Some(key) = entry.get(0).as_string() {
                out.insert(key, from_js(&entry.get(1)));
            }
        }
        Value::Object(out)
    } else {
        Value::Null
    }
}

/// A JavaScript number as serde_json would have read its text: an integer within ±2⁵³ as an
/// integer (unsigned when ≥ 0), anything else as a float. Limits of going through `JSON.parse`
/// (none matters for Bitrix24's ids, which are small or strings): an integer beyond 2⁵³ arrives
/// rounded, as a float; and an object's integer-like keys (`"0"`, `"17"`) come first, in
/// ascending order, before the others in document order (maps keyed so are read into sorted
/// tables anyway).
pub fn number(n: f64) -> Value {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        if n >= 0.0 {
            Value::from(n as u64)
        } else {
            Value::from(n as i64)
        }
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// The compact JSON text of `v`, byte for byte what `serde_json::to_string` writes (maps in
/// their order, `\uXXXX` for other control characters, everything else as is).
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write(&mut out, v);
    out
}

fn write(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => quote(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(out, k);
                out.push(':');
                write(out, item);
            }
            out.push('}');
        }
    }
}

fn quote(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
