//! Hand-over rules: what the admin configured, read from the app's options.
//!
//! The rules live in one app option, [`OPTION_NAME`], as one versioned JSON value
//! (`BX24.appOption.get` answers it either as a JSON string or as an already-parsed object,
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
//! Several rules may exist; the first whose `from.categoryId` is the deal's pipeline applies.
//! Unknown keys are ignored (room for additions within version 1). An absent or empty option
//! means "no rules"; anything else that does not read as this shape is a [`RulesError`], shown as
//! such and never silently replaced by defaults.

use crate::model::quirks;
use crate::model::{OpenLine, Pipeline, Stage, User, UserType};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// The app option that holds the rules.
pub const OPTION_NAME: &str = "handover_rules";
/// The one version this build reads and writes.
pub const VERSION: u64 = 1;

/// All configured rules, in the admin's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    pub rules: Vec<Rule>,
}

/// One hand-over rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    /// The source pipeline.
    pub from_category_id: u64,
    /// The source stages where the hand-over is offered.
    pub from_stages: StageSet,
    pub to_category_id: u64,
    /// A `STATUS_ID` of the target pipeline.
    pub to_stage_id: String,
    pub target: Target,
    pub responsible_follows: bool,
    pub timeline_note: bool,
}

/// Source stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageSet {
    Any,
    Only(Vec<String>),
}

impl StageSet {
    pub fn contains(&self, stage_id: &str) -> bool {
        match self {
            StageSet::Any => true,
            StageSet::Only(ids) => ids.iter().any(|s| s == stage_id),
        }
    }
}

/// Where the chat goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An operator (user id).
    User(u64),
    /// An open line's queue (line id).
    Line(u64),
}

impl Target {
    /// `TRANSFER_ID` of `imopenlines.operator.transfer`: the user id, or `queue<LINE_ID>`.
    pub fn transfer_id(self) -> String {
        match self {
            Target::User(id) => id.to_string(),
            Target::Line(id) => format!("queue{id}"),
        }
    }

    pub fn user(self) -> Option<u64> {
        match self {
            Target::User(id) => Some(id),
            Target::Line(_) => None,
        }
    }
}

impl Rules {
    /// The rule for a deal in pipeline `category_id`: the first whose source pipeline it is.
    pub fn for_pipeline(&self, category_id: u64) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.from_category_id == category_id)
    }
}

/// Why the stored option could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesError {
    /// Not JSON, or not the documented shape; the detail is for logs, not for the screen.
    Malformed(String),
    /// A `version` this build does not know (a newer editor wrote it).
    UnknownVersion(u64),
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RulesError::Malformed(d) => write!(f, "{OPTION_NAME}: malformed ({d})"),
            RulesError::UnknownVersion(v) => write!(f, "{OPTION_NAME}: unknown version {v}"),
        }
    }
}

impl std::error::Error for RulesError {}

// ---- wire shape (private: the rest of the crate sees only `Rules`) ----

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
    #[serde(default = "quirks::on")]
    responsible_follows: bool,
    #[serde(default = "quirks::on")]
    timeline_note: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FromWire {
    #[serde(deserialize_with = "quirks::id")]
    category_id: u64,
    stages: StagesWire,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StagesWire {
    List(Vec<String>),
    Word(String),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToWire {
    #[serde(deserialize_with = "quirks::id")]
    category_id: u64,
    stage_id: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum TargetWire {
    User(#[serde(deserialize_with = "quirks::id")] u64),
    Line(#[serde(deserialize_with = "quirks::id")] u64),
}

/// Reads the option's value as `BX24.appOption.get` gave it: `null`/absent, `""` or `[]`
/// → no rules; a JSON string → parsed, then read; an object → read.
pub fn parse(raw: &Value) -> Result<Rules, RulesError> {
    let value = match raw {
        Value::Null => return Ok(Rules::default()),
        Value::Array(a) if a.is_empty() => return Ok(Rules::default()),
        Value::String(s) if s.trim().is_empty() => return Ok(Rules::default()),
        Value::String(s) => {
            serde_json::from_str(s).map_err(|e| RulesError::Malformed(format!("not JSON: {e}")))?
        }
        other => other.clone(),
    };
    if !value.is_object() {
        return Err(RulesError::Malformed("not an object".into()));
    }
    let version = value.get("version").filter(|v| !v.is_null());
    match version.map(quirks::value_to_id) {
        None => return Err(RulesError::Malformed("no version".into())),
        Some(None) => return Err(RulesError::Malformed("version is not a number".into())),
        Some(Some(VERSION)) => {}
        Some(Some(v)) => return Err(RulesError::UnknownVersion(v)),
    }
    let wire = RulesWire::deserialize(&value).map_err(|e| RulesError::Malformed(e.to_string()))?;
    let mut rules = Vec::with_capacity(wire.rules.len());
    for w in wire.rules {
        rules.push(Rule::try_from(w)?);
    }
    Ok(Rules { rules })
}

/// The option's value for `BX24.appOption.set`, as an object (version [`VERSION`]).
pub fn to_value(rules: &Rules) -> Value {
    let wire = RulesWire {
        version: VERSION,
        rules: rules.rules.iter().map(RuleWire::from).collect(),
    };
    serde_json::to_value(wire).unwrap_or(Value::Null)
}

impl TryFrom<RuleWire> for Rule {
    type Error = RulesError;
    fn try_from(w: RuleWire) -> Result<Rule, RulesError> {
        let id = w.id.trim().to_owned();
        if id.is_empty() {
            return Err(RulesError::Malformed("a rule without id".into()));
        }
        let from_stages = match w.from.stages {
            StagesWire::Word(s) if s.eq_ignore_ascii_case("any") => StageSet::Any,
            StagesWire::Word(s) => {
                return Err(RulesError::Malformed(format!(
                    "rule {id}: stages must be a list or \"any\", not \"{s}\""
                )))
            }
            StagesWire::List(ids) => {
                StageSet::Only(ids.into_iter().map(|s| s.trim().to_owned()).collect())
            }
        };
        Ok(Rule {
            id,
            from_category_id: w.from.category_id,
            from_stages,
            to_category_id: w.to.category_id,
            to_stage_id: w.to.stage_id.trim().to_owned(),
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

// ---- validation, for the admin editor (and the plan's own sanity checks) ----

/// What the portal says about the things rules refer to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortalFacts {
    pub pipelines: Vec<Pipeline>,
    /// Stages by pipeline id; a pipeline missing here was not read (its stages are not judged).
    pub stages: HashMap<u64, Vec<Stage>>,
    /// Users read so far; a target user missing here is reported as unknown.
    pub users: HashMap<u64, User>,
    pub lines: Vec<OpenLine>,
}

/// The field of a rule a finding is about (the editor puts the message next to it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    FromPipeline,
    FromStages,
    ToPipeline,
    ToStage,
    Target,
}

/// Whether a finding stops the rule from being saved/used, or only informs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// What is wrong with a rule; the UI words each variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    EmptyId,
    /// Another rule has the same id.
    DuplicateId,
    /// Another (earlier) rule has the same source pipeline, so this one never applies.
    ShadowedBy {
        rule_id: String,
    },
    UnknownPipeline {
        category_id: u64,
    },
    /// The stage list is empty: the hand-over would never be offered.
    NoStages,
    UnknownStage {
        stage_id: String,
        category_id: u64,
    },
    /// Source and target pipeline are the same: nothing to move.
    SamePipeline,
    /// The target stage is not a stage of the target pipeline.
    StageNotInPipeline {
        stage_id: String,
        category_id: u64,
    },
    TargetUserUnknown {
        user_id: u64,
    },
    TargetUserInactive {
        user_id: u64,
    },
    TargetUserNotEmployee {
        user_id: u64,
    },
    /// The target user is in no open line's queue (not an open-lines operator).
    TargetUserInNoQueue {
        user_id: u64,
    },
    TargetLineUnknown {
        line_id: u64,
    },
    TargetLineInactive {
        line_id: u64,
    },
}

impl Problem {
    pub fn severity(&self) -> Severity {
        match self {
            Problem::ShadowedBy { .. }
            | Problem::TargetUserInNoQueue { .. }
            | Problem::TargetLineInactive { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One finding: a problem at a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub field: Field,
    pub problem: Problem,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }
}

/// Whether `stage_id` is named as a stage of pipeline `category_id` by Bitrix24's convention:
/// `C<id>:<CODE>` outside the default pipeline, a bare code (no `C<n>:` prefix) in pipeline 0.
pub fn stage_id_fits_pipeline(stage_id: &str, category_id: u64) -> bool {
    let prefix = stage_id
        .split_once(':')
        .and_then(|(p, _)| p.strip_prefix('C'))
        .and_then(quirks::parse_id);
    match (category_id, prefix) {
        (0, None) => !stage_id.is_empty(),
        (id, Some(p)) => p == id,
        _ => false,
    }
}

/// Checks `rule` (at position `index` of `all`) against the other rules and the portal.
pub fn validate(rule: &Rule, index: usize, all: &[Rule], facts: &PortalFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |field, problem| out.push(Finding { field, problem });
    if rule.id.trim().is_empty() {
        push(Field::Id, Problem::EmptyId);
    } else if all
        .iter()
        .enumerate()
        .any(|(i, r)| i != index && r.id == rule.id)
    {
        push(Field::Id, Problem::DuplicateId);
    }
    if let Some(earlier) = all[..index.min(all.len())]
        .iter()
        .find(|r| r.from_category_id == rule.from_category_id)
    {
        push(
            Field::FromPipeline,
            Problem::ShadowedBy {
                rule_id: earlier.id.clone(),
            },
        );
    }
    let known = |id: u64| facts.pipelines.iter().any(|p| p.id == id);
    if !facts.pipelines.is_empty() && !known(rule.from_category_id) {
        push(
            Field::FromPipeline,
            Problem::UnknownPipeline {
                category_id: rule.from_category_id,
            },
        );
    }
    match &rule.from_stages {
        StageSet::Only(ids) if ids.is_empty() => push(Field::FromStages, Problem::NoStages),
        StageSet::Only(ids) => {
            for id in ids {
                if !stage_known(facts, rule.from_category_id, id) {
                    push(
                        Field::FromStages,
                        Problem::UnknownStage {
                            stage_id: id.clone(),
                            category_id: rule.from_category_id,
                        },
                    );
                }
            }
        }
        StageSet::Any => {}
    }
    if rule.from_category_id == rule.to_category_id {
        push(Field::ToPipeline, Problem::SamePipeline);
    } else if !facts.pipelines.is_empty() && !known(rule.to_category_id) {
        push(
            Field::ToPipeline,
            Problem::UnknownPipeline {
                category_id: rule.to_category_id,
            },
        );
    }
    if !stage_known(facts, rule.to_category_id, &rule.to_stage_id) {
        push(
            Field::ToStage,
            Problem::StageNotInPipeline {
                stage_id: rule.to_stage_id.clone(),
                category_id: rule.to_category_id,
            },
        );
    }
    match rule.target {
        Target::User(user_id) => match facts.users.get(&user_id) {
            None => push(Field::Target, Problem::TargetUserUnknown { user_id }),
            Some(u) => {
                if let Some(p) = user_problem(u) {
                    push(Field::Target, p);
                }
                if !facts.lines.iter().any(|l| l.queue.contains(&user_id)) {
                    push(Field::Target, Problem::TargetUserInNoQueue { user_id });
                }
            }
        },
        Target::Line(line_id) => match facts.lines.iter().find(|l| l.id == line_id) {
            None => push(Field::Target, Problem::TargetLineUnknown { line_id }),
            Some(l) if !l.active => push(Field::Target, Problem::TargetLineInactive { line_id }),
            Some(_) => {}
        },
    }
    out
}

/// Why a user cannot receive a dialog, if they cannot: `Chat::transferToOperator` skips bots,
/// extranet and connector users, and an inactive user cannot answer (bitrix24-rest.md §8).
pub fn user_problem(u: &User) -> Option<Problem> {
    if !u.active {
        return Some(Problem::TargetUserInactive { user_id: u.id });
    }
    match u.user_type {
        UserType::Employee | UserType::Unknown => None,
        UserType::Extranet | UserType::Other(_) => {
            Some(Problem::TargetUserNotEmployee { user_id: u.id })
        }
    }
}

/// A stage belongs to a pipeline: by the pipeline's stage list when it was read, else by the
/// `C<id>:` naming convention.
fn stage_known(facts: &PortalFacts, category_id: u64, stage_id: &str) -> bool {
    match facts.stages.get(&category_id) {
        Some(stages) => stages.iter().any(|s| s.status_id == stage_id),
        None => stage_id_fits_pipeline(stage_id, category_id),
    }
}
