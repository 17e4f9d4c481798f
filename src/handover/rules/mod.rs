//! Hand-over rules: what the admin configured, split by job.
//!
//! - this module: the domain types ([`Rules`], [`Rule`], [`StageSet`], [`Target`]);
//! - [`stored`]: the stored format, one versioned JSON value in the app option
//!   [`OPTION_NAME`] ([`parse`] reads it, [`to_value`] writes only a valid version-1 value);
//! - [`validate`](mod@validate): whether a rule is valid against the other rules and the
//!   portal ([`PortalFacts`]), the one check the editor, the first run and the plan share.
//!
//! Several rules may exist; the first whose source pipeline is the deal's applies.

pub mod stored;
pub mod validate;

pub use stored::{
    parse, to_value, RulesError, MAX_ID_CHARS, MAX_RULES, MAX_STAGES, OPTION_NAME, VERSION,
};
pub use validate::{
    stage_id_fits_pipeline, validate, Field, Finding, PortalFacts, Problem, Severity,
};

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

#[cfg(test)]
mod tests;
