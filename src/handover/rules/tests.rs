//! The stored format, version 1: what earlier builds wrote keeps reading, what this build writes
//! is exactly that shape and reads back as the same rules, and rules that cannot be stored give
//! an error instead of a value.

use super::*;
use serde_json::{json, Value};

/// Exactly what the previous writer (and this one) stores for [`both_kinds`].
const WRITTEN: &str = concat!(
    r#"{"version":1,"rules":["#,
    r#"{"id":"presale-to-sales","from":{"categoryId":0,"stages":["WON","C0:X"]},"#,
    r#""to":{"categoryId":3,"stageId":"C3:NEW"},"target":{"user":4},"#,
    r#""responsibleFollows":true,"timelineNote":false},"#,
    r#"{"id":"leads","from":{"categoryId":5,"stages":"any"},"#,
    r#""to":{"categoryId":3,"stageId":"C3:NEW"},"target":{"line":3},"#,
    r#""responsibleFollows":false,"timelineNote":true}]}"#
);

fn both_kinds() -> Rules {
    Rules {
        rules: vec![
            Rule {
                id: "presale-to-sales".into(),
                from_category_id: 0,
                from_stages: StageSet::Only(vec!["WON".into(), "C0:X".into()]),
                to_category_id: 3,
                to_stage_id: "C3:NEW".into(),
                target: Target::User(4),
                responsible_follows: true,
                timeline_note: false,
            },
            Rule {
                id: "leads".into(),
                from_category_id: 5,
                from_stages: StageSet::Any,
                to_category_id: 3,
                to_stage_id: "C3:NEW".into(),
                target: Target::Line(3),
                responsible_follows: false,
                timeline_note: true,
            },
        ],
    }
}

#[test]
fn the_written_value_is_version_1_unchanged() {
    let v = to_value(&both_kinds()).unwrap();
    assert_eq!(serde_json::to_string(&v).unwrap(), WRITTEN);
}

#[test]
fn stored_values_keep_reading_as_strings_and_objects() {
    let object: Value = serde_json::from_str(WRITTEN).unwrap();
    assert_eq!(parse(&object), Ok(both_kinds()));
    assert_eq!(parse(&Value::String(WRITTEN.into())), Ok(both_kinds()));
}

#[test]
fn digit_string_ids_defaults_unknown_keys_and_any_in_capitals_read() {
    let v = json!({"version": 1, "someFutureKey": [1], "rules": [{
        "id": " presale-to-sales ",
        "from": {"categoryId": "0", "stages": [" WON", "C0:X"], "extra": 1},
        "to": {"categoryId": " 3 ", "stageId": "C3:NEW "},
        "target": {"user": "4"},
        "timelineNote": false
    }, {
        "id": "leads",
        "from": {"categoryId": 5, "stages": "ANY"},
        "to": {"categoryId": "3", "stageId": "C3:NEW"},
        "target": {"line": "3"},
        "responsibleFollows": false
    }]});
    assert_eq!(parse(&v), Ok(both_kinds()));
    assert_eq!(parse(&Value::String(v.to_string())), Ok(both_kinds()));
}

#[test]
fn structs_read_by_position_too() {
    // serde's derive reads a struct from an array by field position, as the old reader did.
    let v = json!({"version": 1, "rules": [[
        "r", [0, "any"], [3, "C3:NEW"], {"user": 4}
    ]]});
    let r = parse(&v).unwrap();
    assert_eq!(r.rules[0].target, Target::User(4));
    assert!(r.rules[0].responsible_follows && r.rules[0].timeline_note);
}

#[test]
fn read_edit_save_read_keeps_every_field() {
    let mut rules = parse(&Value::String(WRITTEN.into())).unwrap();
    rules.rules[0].target = Target::Line(7);
    rules.rules[0].from_stages = StageSet::Any;
    rules.rules[0].timeline_note = true;
    rules.rules[1].target = Target::User(12);
    rules.rules[1].from_stages = StageSet::Only(vec!["NEW".into()]);
    rules.rules[1].responsible_follows = true;
    rules.rules[1].timeline_note = false;
    rules.rules[1].to_category_id = 9;
    rules.rules[1].to_stage_id = "C9:NEW".into();
    let stored = to_value(&rules).unwrap();
    assert_eq!(parse(&stored), Ok(rules.clone()));
    // As the option comes back from the portal: a JSON string.
    let text = serde_json::to_string(&stored).unwrap();
    assert_eq!(parse(&Value::String(text)), Ok(rules));
}

#[test]
fn rules_that_cannot_be_stored_are_an_error_not_a_value() {
    let mut empty = both_kinds();
    empty.rules[1].id = "  ".into();
    let mut twins = both_kinds();
    twins.rules[1].id = "presale-to-sales".into();
    // Would read back as another id ("r") or stage ("WON").
    let mut blank_id = both_kinds();
    blank_id.rules[0].id = " r".into();
    let mut blank_stage = both_kinds();
    blank_stage.rules[0].from_stages = StageSet::Only(vec!["WON ".into()]);
    for r in [empty, twins, blank_id, blank_stage] {
        assert!(
            matches!(to_value(&r), Err(RulesError::Malformed(_))),
            "{r:?} → {:?}",
            to_value(&r)
        );
    }
    assert_eq!(
        to_value(&Rules::default()),
        Ok(json!({"version": 1, "rules": []}))
    );
}
