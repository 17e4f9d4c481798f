//! The stored format, version 1: what earlier builds wrote keeps reading, what this build writes
//! is exactly that shape and reads back as the same rules, and rules that cannot be stored give
//! an error instead of a value.

use super::stored::{MAX_ID_CHARS, MAX_RULES, MAX_STAGES};
use super::*;
use crate::portal::option::OPTION_MAX_BYTES;
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

// ---- a hostile or oversized stored value: bounded, reported, never interpreted further ----

/// One valid stored rule with `id`, its source stages `stages`.
fn one_rule(id: &str, stages: Vec<String>) -> Value {
    json!({"id": id, "from": {"categoryId": 0, "stages": stages},
           "to": {"categoryId": 3, "stageId": "C3:NEW"}, "target": {"user": 4}})
}

#[test]
fn a_value_over_the_portals_option_size_is_not_read() {
    let v = json!({"version": 1, "rules": [one_rule("a", vec!["WON".into()])]}).to_string();
    // Padded with blanks to exactly the limit: still read.
    let at_limit = format!("{v}{}", " ".repeat(OPTION_MAX_BYTES - v.len()));
    assert_eq!(
        parse(&Value::String(at_limit.clone())).map(|r| r.rules.len()),
        Ok(1)
    );
    // One byte more, or ten megabytes: refused before parsing.
    assert_eq!(
        parse(&Value::String(format!("{at_limit} "))),
        Err(RulesError::TooLarge)
    );
    let huge = format!("[{}]", "0,".repeat(5_000_000));
    assert_eq!(parse(&Value::String(huge)), Err(RulesError::TooLarge));
}

#[test]
fn deep_nesting_is_malformed_not_a_stack_overflow() {
    // Each case within the size limit: the depth alone is refused.
    for depth in [129, 10_000, 30_000] {
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(deep.len() <= OPTION_MAX_BYTES);
        assert!(
            matches!(parse(&Value::String(deep)), Err(RulesError::Malformed(_))),
            "{depth}"
        );
        let in_rules = format!(
            r#"{{"version":1,"rules":[{{"id":"a","from":{}}}]}}"#,
            "[".repeat(depth) + &"]".repeat(depth)
        );
        assert!(in_rules.len() <= OPTION_MAX_BYTES);
        assert!(
            matches!(
                parse(&Value::String(in_rules)),
                Err(RulesError::Malformed(_))
            ),
            "{depth}"
        );
    }
}

#[test]
fn huge_arrays_are_refused_by_count() {
    let rules: Vec<Value> = (0..=MAX_RULES)
        .map(|i| one_rule(&format!("r{i}"), vec!["WON".into()]))
        .collect();
    assert_eq!(rules.len(), MAX_RULES + 1);
    let too_many = json!({"version": 1, "rules": rules});
    assert!(matches!(parse(&too_many), Err(RulesError::Malformed(m)) if m.contains("rules")));
    let stages: Vec<String> = (0..=MAX_STAGES).map(|i| format!("S{i}")).collect();
    let many_stages = json!({"version": 1, "rules": [one_rule("a", stages)]});
    assert!(matches!(parse(&many_stages), Err(RulesError::Malformed(m)) if m.contains("stages")));
    // Ten thousand numbers where rules belong: within the size, refused by count.
    let numbers = json!({"version": 1, "rules": vec![0; 10_000]});
    assert!(numbers.to_string().len() < OPTION_MAX_BYTES);
    assert!(matches!(parse(&numbers), Err(RulesError::Malformed(_))));
    // At the limits: read.
    let full: Vec<Value> = (0..MAX_RULES)
        .map(|i| one_rule(&format!("r{i}"), vec!["WON".into()]))
        .collect();
    assert_eq!(
        parse(&json!({"version": 1, "rules": full})).map(|r| r.rules.len()),
        Ok(MAX_RULES)
    );
}

#[test]
fn ids_of_the_wrong_type_or_length_are_refused() {
    let base = one_rule("a", vec!["WON".into()]);
    let with = |path: &[&str], v: Value| {
        let mut rule = base.clone();
        let (last, parents) = path.split_last().unwrap();
        let mut at = &mut rule;
        for p in parents {
            at = &mut at[*p];
        }
        at[*last] = v;
        json!({"version": 1, "rules": [rule]})
    };
    let long = "x".repeat(MAX_ID_CHARS + 1);
    let cases = [
        with(&["id"], json!(5)),
        with(&["id"], json!(null)),
        with(&["id"], json!(["a"])),
        with(&["id"], json!({"$gt": ""})),
        with(&["id"], json!(long.clone())),
        with(&["from", "stages"], json!([1, 2])),
        with(&["from", "stages"], json!([["WON"]])),
        with(&["from", "stages"], json!([long.clone()])),
        with(&["to", "stageId"], json!(3)),
        with(&["to", "stageId"], json!(long)),
        with(&["to", "categoryId"], json!("3x")),
        with(&["to", "categoryId"], json!(1.5)),
        with(&["target"], json!({"user": "4; DROP"})),
        with(&["target"], json!({"user": [4]})),
        with(&["target"], json!({"line": true})),
    ];
    for v in cases {
        assert!(
            matches!(parse(&v), Err(RulesError::Malformed(_))),
            "{v} → {:?}",
            parse(&v)
        );
    }
    // The longest id allowed, and markup in ids, read as the data they are.
    let longest = "я".repeat(MAX_ID_CHARS);
    let markup = "<img src=x onerror=alert(1)>";
    let v = json!({"version": 1, "rules": [one_rule(&longest, vec![markup.into()])]});
    let r = parse(&v).unwrap();
    assert_eq!(r.rules[0].id, longest);
    assert_eq!(r.rules[0].from_stages, StageSet::Only(vec![markup.into()]));
}

#[test]
fn rules_over_the_limits_are_not_written() {
    let rule = |i: usize, stages: usize| Rule {
        id: format!("rule-{i}"),
        from_stages: StageSet::Only((0..stages).map(|s| format!("C{i}:{s:0>90}")).collect()),
        ..both_kinds().rules[0].clone()
    };
    let too_many = Rules {
        rules: (0..=MAX_RULES).map(|i| rule(i, 1)).collect(),
    };
    assert!(matches!(to_value(&too_many), Err(RulesError::Malformed(_))));
    // Within every count, but more text than the option holds.
    let too_big = Rules {
        rules: (0..10).map(|i| rule(i, MAX_STAGES)).collect(),
    };
    assert_eq!(to_value(&too_big), Err(RulesError::TooLarge));
}
