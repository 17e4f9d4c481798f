//! What a form control's event carries: its `value` or `checked`, read off the event's target.

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use yew::prelude::*;

fn prop(e: &Event, name: &str) -> JsValue {
    e.target()
        .map(JsValue::from)
        .and_then(|t| Reflect::get(&t, &JsValue::from_str(name)).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

/// The control's `value`.
pub fn value(e: &Event) -> String {
    prop(e, "value").as_string().unwrap_or_default()
}

/// The control's `value` as an id.
pub fn id(e: &Event) -> Option<u64> {
    value(e).trim().parse().ok()
}

/// A checkbox's `checked`.
pub fn checked(e: &Event) -> bool {
    prop(e, "checked").as_bool().unwrap_or(false)
}
