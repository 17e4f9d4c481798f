//! The stored format of the rules: one app option, [`OPTION_NAME`], holding one versioned JSON
//! value (`BX24.appOption.get` answers it either as a JSON string or as an already-parsed object,
//! depending on how it was stored; [`parse`] accepts both). The shape, version 1:
//!
//! ```json
//! {"version": 1,
//!  "rules": [{
//!    "id": "presale-to-sales",
//!    "from": {"categoryId": 0, "stages": ["WON"]},
//!    "to": {"categoryId": 3, "stageId": "C3:NEW"},
//!    "target": {"user": 4},
//!    "responsibleFollows": true,
//!    "timelineNote": true
//!  }]}
//! ```
//!
//! - `id`: a non-empty string, unique among the rules (the editor's key; reports name it).
//! - `from.categoryId`: the source pipeline (0 = the default one). `from.stages`: the stages
//!   (`STATUS_ID`s) where the hand-over is offered, or the string `"any"`.
//! - `to.categoryId` + `to.stageId`: where the deal goes; the stage must belong to that pipeline
//!   (`crm.item.update` silently replaces a foreign stage, bitrix24-rest.md §8).
//! - `target`: `{"user": <id>}` (the chat goes to that operator) or `{"line": <id>}` (to that open
//!   line's queue, `TRANSFER_ID=queue<id>`). Ids may be numbers or digit strings.
//! - `responsibleFollows` (default `true`): the move also sets the deal's `assignedById` to the
//!   target user (no effect for a line target: there is no user yet).
//! - `timelineNote` (default `true`): write a comment on the deal's timeline.
//!
//! Unknown keys are ignored (room for additions within version 1). An absent or empty option
//! means "no rules"; anything else that does not read as this shape is a [`RulesError`], shown as
//! such and never silently replaced by defaults. Writing ([`to_value`]) yields a version-1 value
//! that reads back as the same rules, or an error: never anything else.
//!
//! The value is data from outside (any admin of the portal may have stored anything in it,
//! through this app's frame or a script running there), so reading is bounded before it is
//! interpreted: at most
//! [`OPTION_MAX_BYTES`] of text (more cannot come from a real portal), JSON nested no deeper
//! than serde_json's limit (128), at most [`MAX_RULES`] rules of at most [`MAX_STAGES`] stages,
//! ids at most [`MAX_ID_CHARS`] characters, and every key of the shape above of its type (an
//! id that is not a string is an error, not a guess). Nothing in it is ever run or rendered as
//! markup: its strings are ids, compared and shown as text.

use super::{Rule, Rules, StageSet, Target};
use crate::portal::option::OPTION_MAX_BYTES;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

/// The app option that holds the rules.
pub const OPTION_NAME: &str = "handover_rules";
/// The one version this build reads and writes.
pub const VERSION: u64 = 1;
/// The most rules a stored value may hold: one per source pipeline is all that applies (the
/// first of a pipeline wins), and no portal has near this many pipelines.
pub const MAX_RULES: usize = 100;
/// The most source stages one rule may list (a pipeline's stages).
pub const MAX_STAGES: usize = 100;
/// The longest id (a rule's, a stage's) read, in characters: the editor writes `rule-N`, stage
/// ids are `STATUS_ID`s such as `C3:UC_A1B2C3`.
pub const MAX_ID_CHARS: usize = 100;

/// Why the stored option could not be read, or the rules could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesError {
    /// Not JSON, or not the documented shape; the detail is for logs, not for the screen.
    Malformed(String),
    /// A `version` this build does not know (a newer editor wrote it).
    UnknownVersion(u64),
    /// More than [`OPTION_MAX_BYTES`] of text: not read at all.
    TooLarge,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesError::Malformed(d) => write!(f, "{OPTION_NAME}: malformed ({d})"),
            RulesError::UnknownVersion(v) => write!(f, "{OPTION_NAME}: unknown version {v}"),
            RulesError::TooLarge => write!(f, "{OPTION_NAME}: over {OPTION_MAX_BYTES} bytes"),
        }
    }
}

impl std::error::Error for RulesError {}

// ---- the stored shape (private: the rest of the crate sees only `Rules`) ----

#[derive(Serialize, Deserialize)]
struct RulesWire {
    version: u64,
    rules: Vec<RuleWire>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleWire {
    id: String,
    from: FromWire,
    to: ToWire,
    target: TargetWire,
    #[serde(default = "yes")]
    responsible_follows: bool,
    #[serde(default = "yes")]
    timeline_note: bool,
}

fn yes() -> bool {
    true
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FromWire {
    #[serde(deserialize_with = "id")]
    category_id: u64,
    #[serde(deserialize_with = "stages")]
    stages: StagesWire,
}

/// A list of stage ids, or one word (`"any"`); written untagged.
#[derive(Serialize)]
#[serde(untagged)]
enum StagesWire {
    List(Vec<String>),
    Word(String),
}

/// Reads [`StagesWire`] as serde's untagged enum would (a list of strings, else a string), from
/// a JSON [`Value`]: no buffered second deserializer in the wasm for one field.
fn stages<'de, D: Deserializer<'de>>(d: D) -> Result<StagesWire, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(StagesWire::Word(s)),
        Value::Array(items) => items
            .into_iter()
            .map(|i| match i {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect::<Option<Vec<String>>>()
            .map(StagesWire::List)
            .ok_or_else(no_variant),
        _ => Err(no_variant()),
    }
}

fn no_variant<E: de::Error>() -> E {
    E::custom("data did not match any variant of untagged enum StagesWire")
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToWire {
    #[serde(deserialize_with = "id")]
    category_id: u64,
    stage_id: String,
}

/// `{"user": <id>}` or `{"line": <id>}`: a map with exactly one key.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum TargetWire {
    User(#[serde(deserialize_with = "id")] u64),
    Line(#[serde(deserialize_with = "id")] u64),
}

/// An id stored as a JSON number or as a string of digits (surrounding blanks allowed): the
/// wire's one id reader.
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    crate::model::quirks::id(d)
}

/// A string of ASCII digits (surrounding blanks allowed) as an id.
pub(super) fn parse_id(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The `version` key as an id: a number or a digit string.
fn version_of(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => parse_id(s),
        _ => None,
    }
}

/// Reads the option's value as `BX24.appOption.get` gave it: `null`/absent, `""` or `[]`
/// → no rules; a JSON string → parsed, then read; an object → read. A string over
/// [`OPTION_MAX_BYTES`] is [`RulesError::TooLarge`] (an object came through the frame's
/// bounded reader already).
pub fn parse(raw: &Value) -> Result<Rules, RulesError> {
    let parsed;
    let value = match raw {
        Value::Null => return Ok(Rules::default()),
        Value::Array(a) if a.is_empty() => return Ok(Rules::default()),
        Value::String(s) if s.len() > OPTION_MAX_BYTES => return Err(RulesError::TooLarge),
        Value::String(s) if s.trim().is_empty() => return Ok(Rules::default()),
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s)
                .map_err(|e| RulesError::Malformed(format!("not JSON: {e}")))?;
            &parsed
        }
        other => other,
    };
    if !value.is_object() {
        return Err(RulesError::Malformed("not an object".into()));
    }
    match value
        .get("version")
        .filter(|v| !v.is_null())
        .map(version_of)
    {
        None => return Err(RulesError::Malformed("no version".into())),
        Some(None) => return Err(RulesError::Malformed("version is not a number".into())),
        Some(Some(VERSION)) => {}
        Some(Some(v)) => return Err(RulesError::UnknownVersion(v)),
    }
    if value
        .get("rules")
        .and_then(Value::as_array)
        .is_some_and(|r| r.len() > MAX_RULES)
    {
        return Err(RulesError::Malformed("too many rules".into()));
    }
    let wire = RulesWire::deserialize(value).map_err(|e| RulesError::Malformed(e.to_string()))?;
    let mut rules = Vec::with_capacity(wire.rules.len());
    for w in wire.rules {
        rules.push(Rule::try_from(w)?);
    }
    Ok(Rules { rules })
}

/// The option's value for `BX24.appOption.set`, as an object (version [`VERSION`]). Only a
/// valid version-1 value comes out: every id non-empty and unique, and the value reads back
/// ([`parse`]) as exactly `rules`; anything else is an error, and nothing is to be written.
pub fn to_value(rules: &Rules) -> Result<Value, RulesError> {
    let mut seen = HashSet::new();
    for r in &rules.rules {
        if r.id.trim().is_empty() {
            return Err(RulesError::Malformed("a rule without id".into()));
        }
        if !seen.insert(r.id.as_str()) {
            return Err(RulesError::Malformed(format!("two rules with id {}", r.id)));
        }
    }
    let wire = RulesWire {
        version: VERSION,
        rules: rules.rules.iter().map(RuleWire::from).collect(),
    };
    let value = serde_json::to_value(wire).map_err(|e| RulesError::Malformed(e.to_string()))?;
    // What is stored is this value's JSON text (flow::save_rules): it must fit the option.
    if value.to_string().len() > OPTION_MAX_BYTES {
        return Err(RulesError::TooLarge);
    }
    match parse(&value) {
        Ok(back) if back == *rules => Ok(value),
        Ok(_) => Err(RulesError::Malformed(
            "the rules do not read back as written".into(),
        )),
        Err(e) => Err(e),
    }
}

impl TryFrom<RuleWire> for Rule {
    type Error = RulesError;
    fn try_from(w: RuleWire) -> Result<Rule, RulesError> {
        let id = w.id.trim().to_owned();
        if id.is_empty() {
            return Err(RulesError::Malformed("a rule without id".into()));
        }
        let too_long = |s: &str| s.chars().count() > MAX_ID_CHARS;
        let long_id = || RulesError::Malformed("an id too long".into());
        if too_long(&id) {
            return Err(long_id());
        }
        let from_stages = match w.from.stages {
            StagesWire::Word(s) if s.eq_ignore_ascii_case("any") => StageSet::Any,
            StagesWire::Word(s) => {
                return Err(RulesError::Malformed(format!(
                    "rule {id}: stages must be a list or \"any\", not \"{s}\""
                )))
            }
            StagesWire::List(ids) if ids.len() > MAX_STAGES => {
                return Err(RulesError::Malformed("too many stages".into()))
            }
            StagesWire::List(ids) => {
                StageSet::Only(ids.into_iter().map(|s| s.trim().to_owned()).collect())
            }
        };
        let to_stage_id = w.to.stage_id.trim().to_owned();
        let stages = match &from_stages {
            StageSet::Only(ids) => ids.as_slice(),
            StageSet::Any => &[],
        };
        if stages.iter().chain([&to_stage_id]).any(|s| too_long(s)) {
            return Err(long_id());
        }
        Ok(Rule {
            id,
            from_category_id: w.from.category_id,
            from_stages,
            to_category_id: w.to.category_id,
            to_stage_id,
            target: match w.target {
                TargetWire::User(id) => Target::User(id),
                TargetWire::Line(id) => Target::Line(id),
            },
            responsible_follows: w.responsible_follows,
            timeline_note: w.timeline_note,
        })
    }
}

impl From<&Rule> for RuleWire {
    fn from(r: &Rule) -> RuleWire {
        RuleWire {
            id: r.id.clone(),
            from: FromWire {
                category_id: r.from_category_id,
                stages: match &r.from_stages {
                    StageSet::Any => StagesWire::Word("any".into()),
                    StageSet::Only(ids) => StagesWire::List(ids.clone()),
                },
            },
            to: ToWire {
                category_id: r.to_category_id,
                stage_id: r.to_stage_id.clone(),
            },
            target: match r.target {
                Target::User(id) => TargetWire::User(id),
                Target::Line(id) => TargetWire::Line(id),
            },
            responsible_follows: r.responsible_follows,
            timeline_note: r.timeline_note,
        }
    }
}
