//! The reads the hand-over's rules need besides the first screen's, riding in the load's one
//! batch: each rule's target user (`ACTIVE`, `USER_TYPE`: may the chat go to them?) and its
//! target pipeline's stages (is the target stage one of them?). Which rule applies is known only
//! once the deal is read, so every rule's reads go, without repeats.
//!
//! Built and read back here only: the load appends [`commands`] and keeps [`TargetReads`]; the
//! plan's basis picks the applying rule's part with [`TargetReads::for_rule`].

use super::rules::{Rule, Rules};
use crate::model::wire::{StageWire, UserWire};
use crate::model::{stages_of, PipelineStages, Stage, User};
use crate::portal::{BatchCommand, BatchOutcome};
use serde_json::json;

/// Key prefixes: `target_user_<user id>`, `target_stages_<pipeline id>`.
const TARGET_USER: &str = "target_user_";
const TARGET_STAGES: &str = "target_stages_";

/// At most this many distinct target users and as many target pipelines (the batch holds 50).
pub const MAX_TARGET_READS: usize = 8;

/// The reads for every rule, without repeats.
pub fn commands(rules: &Rules) -> Vec<BatchCommand> {
    let mut users = Vec::new();
    let mut pipelines = Vec::new();
    for rule in &rules.rules {
        if let Some(id) = rule.target.user() {
            if !users.contains(&id) && users.len() < MAX_TARGET_READS {
                users.push(id);
            }
        }
        let id = rule.to_category_id;
        if !pipelines.contains(&id) && pipelines.len() < MAX_TARGET_READS {
            pipelines.push(id);
        }
    }
    let mut c = Vec::new();
    for id in users {
        // https://apidocs.bitrix24.com/api-reference/user/user-get.html
        c.push(BatchCommand::new(
            format!("{TARGET_USER}{id}"),
            "user.get",
            json!({"FILTER": {"ID": id}}),
        ));
    }
    for id in pipelines {
        // crm/outdated/category-old/crm-deal-category-stage-list.md (id 0 = the default pipeline)
        c.push(BatchCommand::new(
            format!("{TARGET_STAGES}{id}"),
            "crm.dealcategory.stage.list",
            json!({"id": id}),
        ));
    }
    c
}

/// What the reads brought back. A read that failed is simply absent: the plan then says what it
/// could not check.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetReads {
    pub users: Vec<User>,
    /// Stages by pipeline id.
    pub stages: Vec<PipelineStages>,
}

impl TargetReads {
    /// The answers of [`commands`] in a batch outcome.
    pub fn read(out: &BatchOutcome) -> TargetReads {
        let mut reads = TargetReads::default();
        for key in out.results.keys() {
            if let Some(id) = key
                .strip_prefix(TARGET_USER)
                .and_then(|id| id.parse::<u64>().ok())
            {
                if let Ok(list) = out.list::<UserWire>(key) {
                    // Only the user asked for: a reference gone wrong cannot name someone else.
                    let found = list.into_iter().map(User::from).find(|u| u.id == id);
                    reads.users.extend(found);
                }
            } else if let Some(id) = key
                .strip_prefix(TARGET_STAGES)
                .and_then(|id| id.parse::<u64>().ok())
            {
                if let Ok(list) = out.list::<StageWire>(key) {
                    let stages = list
                        .into_iter()
                        .filter_map(|s| Stage::try_from(s).ok())
                        .collect();
                    reads.stages.push(PipelineStages {
                        category_id: id,
                        stages,
                    });
                }
            }
        }
        reads
    }

    /// The applying rule's target user and target stages, when they were read.
    pub fn for_rule(&self, rule: &Rule) -> (Option<User>, Option<Vec<Stage>>) {
        (
            rule.target
                .user()
                .and_then(|id| self.users.iter().find(|u| u.id == id))
                .cloned(),
            stages_of(&self.stages, rule.to_category_id).cloned(),
        )
    }
}
