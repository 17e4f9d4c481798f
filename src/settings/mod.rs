//! The admin's rule editor, pure: the editor's form and how it becomes a [`Rule`], the first
//! run's prefill, the findings shown next to the fields, and the settings' own state
//! ([`state`]). The portal reads behind the pickers are in [`catalog`]; the words in [`words`].

pub mod catalog;
pub mod state;
pub mod words;

use crate::handover::rules::{self, Field, Finding, PortalFacts, Rule, Severity, StageSet, Target};
use crate::model::{stages_of, Semantics, User, UserType};

/// Which kind of target the form edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    User,
    Line,
}

/// What the editor's fields hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub from_category: u64,
    pub any_stage: bool,
    pub from_stages: Vec<String>,
    pub to_category: u64,
    /// Empty until a stage of the target pipeline is chosen.
    pub to_stage: String,
    pub kind: TargetKind,
    pub user: Option<u64>,
    pub line: Option<u64>,
    pub responsible_follows: bool,
    pub timeline_note: bool,
}

/// One change of one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    FromCategory(u64),
    AnyStage(bool),
    Stage(String, bool),
    ToCategory(u64),
    ToStage(String),
    Kind(TargetKind),
    User(u64),
    Line(u64),
    ResponsibleFollows(bool),
    TimelineNote(bool),
}

impl Form {
    pub fn from_rule(r: &Rule) -> Form {
        let (any_stage, from_stages) = match &r.from_stages {
            StageSet::Any => (true, Vec::new()),
            StageSet::Only(ids) => (false, ids.clone()),
        };
        let (kind, user, line) = match r.target {
            Target::User(id) => (TargetKind::User, Some(id), None),
            Target::Line(id) => (TargetKind::Line, None, Some(id)),
        };
        Form {
            from_category: r.from_category_id,
            any_stage,
            from_stages,
            to_category: r.to_category_id,
            to_stage: r.to_stage_id.clone(),
            kind,
            user,
            line,
            responsible_follows: r.responsible_follows,
            timeline_note: r.timeline_note,
        }
    }

    /// Applies one change; a new pipeline clears the stages chosen in the old one.
    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::FromCategory(id) if id != self.from_category => {
                self.from_category = id;
                self.from_stages.clear();
            }
            Edit::FromCategory(_) => {}
            Edit::AnyStage(any) => self.any_stage = any,
            Edit::Stage(id, on) => {
                self.from_stages.retain(|s| *s != id);
                if on {
                    self.from_stages.push(id);
                }
            }
            Edit::ToCategory(id) if id != self.to_category => {
                self.to_category = id;
                self.to_stage.clear();
            }
            Edit::ToCategory(_) => {}
            Edit::ToStage(id) => self.to_stage = id,
            Edit::Kind(k) => self.kind = k,
            Edit::User(id) => {
                self.kind = TargetKind::User;
                self.user = Some(id);
            }
            Edit::Line(id) => {
                self.kind = TargetKind::Line;
                self.line = Some(id);
            }
            Edit::ResponsibleFollows(on) => self.responsible_follows = on,
            Edit::TimelineNote(on) => self.timeline_note = on,
        }
    }

    pub fn target(&self) -> Option<Target> {
        match self.kind {
            TargetKind::User => self.user.map(Target::User),
            TargetKind::Line => self.line.map(Target::Line),
        }
    }

    /// The rule the form describes, under `id`; `None` while no target is chosen.
    pub fn to_rule(&self, id: &str) -> Option<Rule> {
        Some(Rule {
            id: id.to_owned(),
            from_category_id: self.from_category,
            from_stages: if self.any_stage {
                StageSet::Any
            } else {
                StageSet::Only(self.from_stages.clone())
            },
            to_category_id: self.to_category,
            to_stage_id: self.to_stage.clone(),
            target: self.target()?,
            responsible_follows: self.responsible_follows,
            timeline_note: self.timeline_note,
        })
    }
}

/// The first run's form: from the default pipeline (if it has a success stage; else the first
/// that has one) at its success stage, to another pipeline's first stage; the target is left to
/// the admin.
pub fn prefill(facts: &PortalFacts) -> Form {
    let success = |id: u64| {
        stages_of(&facts.stages, id).and_then(|s| {
            s.iter()
                .find(|s| s.semantics == Semantics::Success)
                .map(|s| s.status_id.clone())
        })
    };
    let mut sources: Vec<_> = facts.pipelines.iter().collect();
    sources.sort_by_key(|p| !p.is_default);
    let from = sources
        .iter()
        .find_map(|p| success(p.id).map(|s| (p.id, s)))
        .or_else(|| sources.first().map(|p| (p.id, String::new())));
    let (from_category, won) = from.unwrap_or((0, String::new()));
    let to_category = facts
        .pipelines
        .iter()
        .map(|p| p.id)
        .find(|id| *id != from_category)
        .unwrap_or(from_category);
    let to_stage = stages_of(&facts.stages, to_category)
        .and_then(|s| s.first())
        .map(|s| s.status_id.clone())
        .unwrap_or_default();
    Form {
        from_category,
        any_stage: false,
        from_stages: if won.is_empty() {
            Vec::new()
        } else {
            vec![won]
        },
        to_category,
        to_stage,
        kind: TargetKind::User,
        user: None,
        line: None,
        responsible_follows: true,
        timeline_note: true,
    }
}

/// What the editor shows next to a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    Rule(Finding),
    /// No target user or line chosen yet.
    NoTarget,
}

impl Issue {
    pub fn is_error(&self) -> bool {
        match self {
            Issue::Rule(f) => f.severity() == Severity::Error,
            Issue::NoTarget => true,
        }
    }

    /// The field the editor shows it next to (a missing target is the target's).
    pub fn about(&self) -> Field {
        match self {
            Issue::Rule(f) => f.field,
            Issue::NoTarget => Field::Target,
        }
    }

    /// The `data-field` hook.
    pub fn field(&self) -> &'static str {
        match self.about() {
            Field::Id => "rule",
            Field::FromPipeline => "from-category",
            Field::FromStages => "from-stage",
            Field::ToPipeline => "to-category",
            Field::ToStage => "to-stage",
            Field::Target => "target",
        }
    }

    /// The `data-problem` hook.
    pub fn problem(&self) -> &'static str {
        use rules::Problem as P;
        match self {
            Issue::NoTarget => "no-target",
            Issue::Rule(f) => match &f.problem {
                P::EmptyId => "empty-id",
                P::DuplicateId => "duplicate-id",
                P::SameAs { .. } => "duplicate",
                P::ShadowedBy { .. } => "shadowed",
                P::UnknownPipeline { .. } => "unknown-pipeline",
                P::NoStages => "no-stages",
                P::UnknownStage { .. } => "unknown-stage",
                P::SamePipeline => "same-pipeline",
                P::StageNotInPipeline { .. } => "stage-not-in-pipeline",
                P::TargetUserUnknown { .. } => "user-unknown",
                P::TargetUserInactive { .. } => "user-inactive",
                P::TargetUserNotEmployee { .. } => "user-not-employee",
                P::TargetUserInNoQueue { .. } => "user-in-no-queue",
                P::TargetLineUnknown { .. } => "line-unknown",
                P::TargetLineInactive { .. } => "line-inactive",
            },
        }
    }
}

/// The findings for `form` saved as rule `index` of `rules` (`None`: a new rule at the end):
/// the one rule validation ([`rules::validate`]), and whether a target is chosen at all.
pub fn check(form: &Form, index: Option<usize>, rules: &[Rule], facts: &PortalFacts) -> Vec<Issue> {
    let index = index.filter(|i| *i < rules.len());
    let id = index.map_or_else(|| new_id(rules), |i| rules[i].id.clone());
    let Some(rule) = form.to_rule(&id) else {
        let mut probe = form.clone();
        probe.kind = TargetKind::Line;
        probe.line = Some(u64::MAX);
        let rest = check(&probe, index, rules, facts)
            .into_iter()
            .filter(|i| i.field() != "target");
        return std::iter::once(Issue::NoTarget).chain(rest).collect();
    };
    let mut all = rules.to_vec();
    let at = match index {
        Some(i) => {
            all[i] = rule.clone();
            i
        }
        None => {
            all.push(rule.clone());
            all.len() - 1
        }
    };
    rules::validate(&rule, at, &all, facts)
        .into_iter()
        .map(Issue::Rule)
        .collect()
}

/// An id no rule has: `rule-1`, `rule-2`…
pub fn new_id(rules: &[Rule]) -> String {
    (1..)
        .map(|n| format!("rule-{n}"))
        .find(|id| rules.iter().all(|r| r.id != *id))
        .unwrap_or_default()
}

/// A user the picker gave: it lists active employees only.
pub fn picked_user(id: u64, name: &str) -> User {
    User {
        id,
        active: true,
        first_name: name.trim().to_owned(),
        last_name: String::new(),
        photo: None,
        user_type: UserType::Employee,
    }
}

#[cfg(test)]
mod tests;
