//! What the editor's pickers list, read from the portal when the settings open (never part of
//! the tab's first load).
//!
//! One batch: `pipelines` crm.category.list · `stages_<id>` crm.status.list (filter `ENTITY_ID`
//! `DEAL_STAGE` for pipeline 0, `DEAL_STAGE_<id>` otherwise) for every pipeline the tab already
//! knows (the first load read crm.category.list) · `lines` imopenlines.config.list.get with
//! QUEUE · `users` user.get for the users the rules name. crm.status.list, not
//! crm.status.entity.items: only it gives `SEMANTICS`, which the first run needs to find the
//! success stage. A pipeline the batch's own crm.category.list names but the tab did not know
//! (opened outside a deal: no first load) gets its stages in a second, small batch.

use crate::handover::rules::{PortalFacts, Rule};
use crate::model::wire::{CategoryListWire, LineWire, StageWire, UserWire};
use crate::model::{stages_of, OpenLine, Pipeline, PipelineStages, Stage, User};
use crate::portal::{ApiError, BatchCommand, BatchOutcome, Portal, MAX_BATCH};
use serde_json::json;

/// The `ENTITY_ID` of a deal pipeline's stages.
pub fn entity_id(category_id: u64) -> String {
    match category_id {
        0 => "DEAL_STAGE".to_owned(),
        id => format!("DEAL_STAGE_{id}"),
    }
}

fn stages_command(category_id: u64) -> BatchCommand {
    // https://apidocs.bitrix24.com/api-reference/crm/status/crm-status-list.html
    BatchCommand::new(
        format!("stages_{category_id}"),
        "crm.status.list",
        json!({"order": {"SORT": "ASC"}, "filter": {"ENTITY_ID": entity_id(category_id)}}),
    )
}

/// The users the rules name.
pub fn rule_users(rules: &[Rule]) -> Vec<u64> {
    let mut ids: Vec<u64> = rules.iter().filter_map(|r| r.target.user()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The first batch: `known` pipelines' stages (0 always), lines, and `users`.
pub fn commands(known: &[u64], users: &[u64]) -> Vec<BatchCommand> {
    // https://apidocs.bitrix24.com/api-reference/crm/universal/category/crm-category-list.html
    let mut c = vec![BatchCommand::new(
        "pipelines",
        "crm.category.list",
        json!({"entityTypeId": 2}),
    )];
    let mut ids = known.to_vec();
    ids.push(0);
    ids.sort_unstable();
    ids.dedup();
    c.extend(ids.into_iter().take(MAX_BATCH - 3).map(stages_command));
    // https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/imopenlines-config-list-get.html
    c.push(BatchCommand::new(
        "lines",
        "imopenlines.config.list.get",
        json!({"OPTIONS": {"QUEUE": "Y"}}),
    ));
    if !users.is_empty() {
        // https://apidocs.bitrix24.com/api-reference/user/user-get.html
        c.push(BatchCommand::new(
            "users",
            "user.get",
            json!({"FILTER": {"ID": users}}),
        ));
    }
    c
}

/// The facts from the first batch; the pipelines are required, the rest may be missing.
pub fn assemble(out: &BatchOutcome) -> Result<PortalFacts, ApiError> {
    let pipelines: Vec<Pipeline> = out
        .parse::<CategoryListWire>("pipelines")?
        .categories
        .into_iter()
        .map(Pipeline::from)
        .collect();
    let mut facts = PortalFacts {
        pipelines,
        ..PortalFacts::default()
    };
    add_stages(&mut facts, out);
    facts.lines = out
        .list::<LineWire>("lines")
        .map(|w| w.into_iter().map(OpenLine::from).collect())
        .unwrap_or_default();
    if let Ok(list) = out.list::<UserWire>("users") {
        facts.users.extend(list.into_iter().map(User::from));
    }
    Ok(facts)
}

fn add_stages(facts: &mut PortalFacts, out: &BatchOutcome) {
    for key in out.results.keys() {
        let Some(id) = key.strip_prefix("stages_").and_then(|k| k.parse().ok()) else {
            continue;
        };
        if let Ok(list) = out.list::<StageWire>(key) {
            let stages: Vec<Stage> = list
                .into_iter()
                .filter_map(|s| Stage::try_from(s).ok())
                .collect();
            facts.stages.push(PipelineStages {
                category_id: id,
                stages,
            });
        }
    }
}

/// Pipelines whose stages are still unread.
pub fn missing(facts: &PortalFacts) -> Vec<u64> {
    facts
        .pipelines
        .iter()
        .map(|p| p.id)
        .filter(|id| stages_of(&facts.stages, *id).is_none())
        .collect()
}

/// Reads the pickers' facts: one batch, a second only for pipelines the tab did not know.
pub async fn read<P: Portal>(
    portal: &P,
    known: &[u64],
    users: &[u64],
) -> Result<PortalFacts, ApiError> {
    let out = portal.batch(&commands(known, users), false).await?;
    let mut facts = assemble(&out)?;
    let rest: Vec<BatchCommand> = missing(&facts)
        .into_iter()
        .take(MAX_BATCH)
        .map(stages_command)
        .collect();
    if !rest.is_empty() {
        let out = portal.batch(&rest, false).await?;
        add_stages(&mut facts, &out);
    }
    Ok(facts)
}
