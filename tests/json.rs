//! `json::parse` in a real browser: the engine's `JSON.parse`, walked into a `Value`, reads what
//! serde_json reads (the native tests pin serde_json's side).
#![cfg(target_arch = "wasm32")]

use handover::json::{parse, to_string};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn parses_the_shapes_the_portal_sends() {
    let text = r#"{"result":{"result":{"deal":{"ID":"101","TITLE":"<b>Кухня</b> 😀"},
        "chats":[{"CHAT_ID":1001,"ACTIVE":"Y"}],"empty":[]},"result_error":[],
        "result_total":{"chats":1},"result_time":{}},"time":{"start":1.5,"duration":-0.25},
        "n":[0,-7,9007199254740991,1e20,true,false,null,"a\"b\\c\n\u0001"]}"#;
    let v = parse(text).expect("valid JSON");
    let want = json!({
        "result": {
            "result": {
                "deal": {"ID": "101", "TITLE": "<b>Кухня</b> 😀"},
                "chats": [{"CHAT_ID": 1001, "ACTIVE": "Y"}],
                "empty": []
            },
            "result_error": [],
            "result_total": {"chats": 1},
            "result_time": {}
        },
        "time": {"start": 1.5, "duration": -0.25},
        "n": [0, -7, 9_007_199_254_740_991_u64, 1e20, true, false, null, "a\"b\\c\n\u{1}"]
    });
    assert_eq!(v, want);
    assert!(v["n"][0].is_u64() && v["n"][1].is_i64() && v["n"][3].is_f64());
    // Keys that are not integer-like stay in the document's order.
    let keys: Vec<&String> = v["result"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["result", "result_error", "result_total", "result_time"]
    );
    assert_eq!(parse(&to_string(&want)).unwrap(), want);
}

#[wasm_bindgen_test]
fn bad_text_is_an_error_that_says_so() {
    for bad in ["", "{", "{'a':1}", "[1,]", "nul", "<html>"] {
        let e = parse(bad).expect_err(bad);
        assert!(!e.is_empty(), "{bad}");
    }
}
