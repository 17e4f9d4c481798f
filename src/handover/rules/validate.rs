//! Whether a rule is valid: the one check, against the other rules and what the portal says.
//! The editor (`settings::check`, also on the first run's prefilled rule) shows its findings next
//! to the fields; the plan (`plan::plan`) turns them into its blockers and warnings.

use super::stored::parse_id;
use super::{Rule, StageSet, Target};
use crate::model::{stages_of, OpenLine, Pipeline, PipelineStages, User, UserType};

/// What the portal says about the things rules refer to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortalFacts {
    /// The pipelines; empty: not read (no pipeline is judged unknown).
    pub pipelines: Vec<Pipeline>,
    /// Stages by pipeline id; a pipeline missing here was not read (its stages are judged by
    /// the `C<id>:` naming convention).
    pub stages: Vec<PipelineStages>,
    /// Users read so far; a target user missing here is reported as unknown.
    pub users: Vec<User>,
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
    /// Another rule says exactly the same, under another id.
    SameAs {
        rule_id: String,
    },
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
        .and_then(parse_id);
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
    let others = || all.iter().enumerate().filter(move |(i, _)| *i != index);
    if rule.id.trim().is_empty() {
        push(Field::Id, Problem::EmptyId);
    } else if others().any(|(_, r)| r.id == rule.id) {
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
        Target::User(user_id) => match facts.users.iter().find(|u| u.id == user_id) {
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
    if let Some((_, twin)) = others().find(|(_, r)| same_but_id(r, rule)) {
        push(
            Field::Id,
            Problem::SameAs {
                rule_id: twin.id.clone(),
            },
        );
    }
    out
}

/// Why a user cannot receive a dialog, if they cannot: `Chat::transferToOperator` skips bots,
/// extranet and connector users, and an inactive user cannot answer (bitrix24-rest.md §8).
fn user_problem(u: &User) -> Option<Problem> {
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

/// Two rules that say the same, whatever their ids (every field named: a new one joins here).
fn same_but_id(a: &Rule, b: &Rule) -> bool {
    let Rule {
        id: _,
        from_category_id,
        from_stages,
        to_category_id,
        to_stage_id,
        target,
        responsible_follows,
        timeline_note,
    } = a;
    *from_category_id == b.from_category_id
        && *from_stages == b.from_stages
        && *to_category_id == b.to_category_id
        && *to_stage_id == b.to_stage_id
        && *target == b.target
        && *responsible_follows == b.responsible_follows
        && *timeline_note == b.timeline_note
}

/// A stage belongs to a pipeline: by the pipeline's stage list when it was read, else by the
/// `C<id>:` naming convention.
fn stage_known(facts: &PortalFacts, category_id: u64, stage_id: &str) -> bool {
    match stages_of(&facts.stages, category_id) {
        Some(stages) => stages.iter().any(|s| s.status_id == stage_id),
        None => stage_id_fits_pipeline(stage_id, category_id),
    }
}
