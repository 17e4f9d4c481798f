use super::*;
use serde_json::json;

#[test]
fn writes_what_serde_json_writes() {
    let cases = [
        json!(null),
        json!({"auth": "tok", "halt": 0, "cmd": {"b": "crm.item.get?id=1", "a": "user.current"}}),
        json!([1, -2, 3.5, 1e300, true, false, null, "", {}]),
        json!({"quote\"": "back\\slash / \n\r\t\u{8}\u{c} \u{1} \u{1f} \u{7f} Ж 😀 <b>"}),
        json!({"nested": {"list": [[], [{}], {"x": [1, {"y": "z"}]}]}}),
        json!(u64::MAX),
        json!(i64::MIN),
    ];
    for v in cases {
        assert_eq!(to_string(&v), serde_json::to_string(&v).unwrap(), "{v}");
        assert_eq!(parse(&to_string(&v)).unwrap(), v);
    }
}

#[test]
fn keeps_the_order_maps_were_built_in() {
    let mut m = serde_json::Map::new();
    m.insert("z".into(), json!(1));
    m.insert("a".into(), json!(2));
    assert_eq!(to_string(&Value::Object(m)), r#"{"z":1,"a":2}"#);
}

#[test]
fn numbers_read_as_serde_json_reads_their_text() {
    assert_eq!(number(0.0), json!(0));
    assert!(number(0.0).is_u64());
    assert_eq!(number(42.0), json!(42));
    assert_eq!(number(-7.0), json!(-7));
    assert!(number(-7.0).is_i64());
    assert_eq!(number(1.5), json!(1.5));
    assert_eq!(
        number(9_007_199_254_740_991.0),
        json!(9_007_199_254_740_991_u64)
    );
    // Past 2^53 a JavaScript number is no exact integer: it stays a float.
    assert!(number(1e20).is_f64());
    assert_eq!(number(f64::NAN), Value::Null);
}

#[test]
fn bad_text_is_an_error() {
    for bad in ["", "{", "{'a':1}", "[1,]", "nul", "<html>"] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}
