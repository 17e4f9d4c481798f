//! The hand-over's batch commands, as data. Keys are fixed (the verification reads them back).
//!
//! - Round trip 1 ([`round_trip_1`], halt = 1): `deal` (fresh), `before` (the dialog), then, when
//!   the plan transfers, `transfer` and `after` (the dialog again, to prove the owner changed).
//! - Round trip 2 ([`round_trip_2`], halt = 1): `move`, then `note` when the plan writes one,
//!   then, after the writes, `settled` (the moved deal read again) for the screen after the
//!   hand-over.

use super::plan::{Plan, Step};
use crate::portal::BatchCommand;
use serde_json::json;
use serde_json::{Map, Value};

pub const DEAL: &str = "deal";
pub const BEFORE: &str = "before";
pub const TRANSFER: &str = "transfer";
pub const AFTER: &str = "after";
pub const MOVE: &str = "move";
pub const NOTE: &str = "note";
pub const SETTLED: &str = "settled";

/// The deal under `key`: the one builder of the deal's read, for the load and both round trips.
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-get.html>
pub fn deal_get(key: &str, deal_id: u64) -> BatchCommand {
    BatchCommand::new(
        key,
        "crm.item.get",
        json!({"entityTypeId": 2, "id": deal_id}),
    )
}

/// <https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.html>
fn dialog_get(key: &str, chat_id: u64) -> BatchCommand {
    BatchCommand::new(key, "imopenlines.dialog.get", json!({"CHAT_ID": chat_id}))
}

/// Round trip 1: fresh reads, and the transfer between two reads of the dialog.
/// Keys are case-sensitive for the transfer (`CHAT_ID`, `TRANSFER_ID`; bitrix24-rest.md §8).
/// <https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/operators/imopenlines-operator-transfer.html>
pub fn round_trip_1(plan: &Plan) -> Vec<BatchCommand> {
    let chat_id = plan.preview.chat_id;
    let deal_id = plan.deal_id;
    let mut c = vec![deal_get(DEAL, deal_id), dialog_get(BEFORE, chat_id)];
    if let Some((chat_id, to)) = plan.transfer() {
        c.push(BatchCommand::new(
            TRANSFER,
            "imopenlines.operator.transfer",
            json!({"CHAT_ID": chat_id, "TRANSFER_ID": to.transfer_id()}),
        ));
        c.push(dialog_get(AFTER, chat_id));
    }
    c
}

/// Round trip 2: the move (and the note, whose text the caller built from the note facts), then
/// the moved deal read again. The read comes last: with halt = 1 it runs only after both writes
/// succeeded and can stop none of them; should it fail (say, the caller may not read deals in
/// the new pipeline), the tab loads afresh. The chat is not read again: its former operator has
/// just lost access to it, and round trip 1 already proved its new owner.
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-update.html>,
/// <https://apidocs.bitrix24.com/api-reference/crm/timeline/comments/crm-timeline-comment-add.html>
pub fn round_trip_2(plan: &Plan, note: Option<&str>) -> Vec<BatchCommand> {
    let mut c = Vec::new();
    if let Some(Step::Move {
        deal_id,
        category_id,
        stage_id,
        assigned_by_id,
    }) = plan.move_step()
    {
        let mut fields = Map::new();
        fields.insert("categoryId".into(), Value::from(*category_id));
        fields.insert("stageId".into(), Value::from(stage_id.as_str()));
        if let Some(id) = assigned_by_id {
            fields.insert("assignedById".into(), Value::from(*id));
        }
        c.push(BatchCommand::new(
            MOVE,
            "crm.item.update",
            json!({"entityTypeId": 2, "id": *deal_id, "fields": Value::Object(fields)}),
        ));
    }
    if let (true, Some(text)) = (plan.has_note(), note) {
        c.push(BatchCommand::new(
            NOTE,
            "crm.timeline.comment.add",
            json!({"fields": {"ENTITY_ID": plan.deal_id, "ENTITY_TYPE": "deal", "COMMENT": text}}),
        ));
    }
    if plan.move_step().is_some() {
        c.push(deal_get(SETTLED, plan.deal_id));
    }
    c
}
