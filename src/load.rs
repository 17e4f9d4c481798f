//! The first screen's data: ONE batch round trip builds the [`Context`] of a deal.
//!
//! Commands (halt = 0), in order, with `$result[...]` references to earlier ones:
//! `deal` crm.item.get · `pipelines` crm.category.list · `stages` crm.dealcategory.stage.list
//! (id = the deal's categoryId) · `chats` / `active` imopenlines.crm.chat.get (ACTIVE_ONLY N / Y)
//! · `dialog0..2` imopenlines.dialog.get · `history0..2` imopenlines.session.history.get
//! (CHAT_ID = `chats[i]`) · `lines` imopenlines.config.list.get · `operator0..2` user.get
//! (ID = `dialog{i}.owner`) · `responsible` user.get · `me` user.current; then, for the hand-over,
//! [`reads::commands`]: each rule's target user and target pipeline's stages, so the plan needs
//! no second request.
//!
//! A reference to a command that failed or to a list index past the end resolves (on the
//! portal, `CRestUtil::processBatchElement`) to the deepest value that exists — the list of
//! chats, or the whole result map — so every dependent answer is matched by id (a dialog and a
//! history to their chat, an operator to their dialog's owner, the responsible to the deal) and
//! anything that does not match is dropped.

use crate::failure::{Failure, Part};
use crate::handover::commands::deal_get;
use crate::handover::reads::{self, TargetReads};
use crate::handover::rules::Rules;
use crate::model::wire::*;
use crate::model::{self, Chat, ChatContext, Deal, OpenLine, Pipeline, Stage, User};
use crate::portal::{ApiError, BatchCommand, BatchOutcome, Portal};
use serde_json::{json, Value};

/// How many of a deal's chats get their dialog, history and operator read in the load batch.
pub const MAX_DIALOGS: usize = 3;

/// Everything the first screen knows about the deal, in domain types.
#[derive(Clone, Debug, PartialEq)]
pub struct Context {
    pub deal: Deal,
    pub pipelines: Vec<Pipeline>,
    /// Stages of the deal's pipeline.
    pub stages: Vec<Stage>,
    /// Newest first, as the portal lists them.
    pub chats: Vec<ChatContext>,
    pub lines: Vec<OpenLine>,
    /// The users read (operators, the responsible, me), each once.
    pub users: Vec<User>,
    pub me: Option<User>,
    /// The rules' target users and target pipelines' stages (read for the hand-over's plan).
    pub targets: TargetReads,
    /// Optional reads that failed; the screen still shows what it has.
    pub problems: Vec<ApiError>,
}

impl Context {
    /// Everything this load can name: its users (and the rules' target users), lines,
    /// pipelines, and the stages of the deal's and the target pipelines.
    pub fn names(&self) -> model::Names<'_> {
        model::Names::new(
            self.users.iter().chain(&self.targets.users),
            &self.lines,
            &self.pipelines,
            self.stages
                .iter()
                .chain(self.targets.stages.iter().flat_map(|p| &p.stages)),
        )
    }
}

/// The load batch for a deal.
pub fn commands(deal_id: u64) -> Vec<BatchCommand> {
    let mut c = vec![
        deal_get("deal", deal_id),
        pipelines_get(),
        // id 0 = the default pipeline (crm/outdated/category-old/crm-deal-category-stage-list.md)
        BatchCommand::new(
            "stages",
            "crm.dealcategory.stage.list",
            json!({"id": "$result[deal][item][categoryId]"}),
        ),
    ];
    c.extend(chat_reads("", json!(deal_id), MAX_DIALOGS, true));
    c.push(lines_get());
    for i in 0..MAX_DIALOGS {
        c.push(operator_get("", i));
    }
    c.push(BatchCommand::new(
        "responsible",
        "user.get",
        json!({"FILTER": {"ID": "$result[deal][item][assignedById]"}}),
    ));
    c.push(me_get());
    c
}

/// A deal's chats (`{prefix}chats`, `{prefix}active`) and the dialog of each of the first
/// `dialogs` (`{prefix}dialog<i>`, with `{prefix}history<i>` when `history`), as
/// [`assemble_from`] reads them under the keys without `prefix`. `deal` is the deal's id or a
/// `$result[...]` reference to it.
pub fn chat_reads(prefix: &str, deal: Value, dialogs: usize, history: bool) -> Vec<BatchCommand> {
    let chats = |active: &str| json!({"CRM_ENTITY_TYPE": "DEAL", "CRM_ENTITY": deal, "ACTIVE_ONLY": active});
    // https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.html
    let mut c = vec![
        BatchCommand::new(
            format!("{prefix}chats"),
            "imopenlines.crm.chat.get",
            chats("N"),
        ),
        BatchCommand::new(
            format!("{prefix}active"),
            "imopenlines.crm.chat.get",
            chats("Y"),
        ),
    ];
    for i in 0..dialogs {
        let chat = format!("$result[{prefix}chats][{i}][CHAT_ID]");
        // .../sessions/imopenlines-dialog-get.html
        c.push(BatchCommand::new(
            format!("{prefix}dialog{i}"),
            "imopenlines.dialog.get",
            json!({"CHAT_ID": chat.as_str()}),
        ));
        if history {
            // .../sessions/imopenlines-session-history-get.html
            c.push(BatchCommand::new(
                format!("{prefix}history{i}"),
                "imopenlines.session.history.get",
                json!({"CHAT_ID": chat.as_str()}),
            ));
        }
    }
    c
}

/// The operator of dialog `i` (`{prefix}operator<i>`, the owner of `{prefix}dialog<i>`).
/// <https://apidocs.bitrix24.com/api-reference/user/user-get.html>
pub fn operator_get(prefix: &str, i: usize) -> BatchCommand {
    BatchCommand::new(
        format!("{prefix}operator{i}"),
        "user.get",
        json!({"FILTER": {"ID": format!("$result[{prefix}dialog{i}][owner]")}}),
    )
}

/// The open lines with their queues (`lines`).
/// <https://apidocs.bitrix24.com/api-reference/imopenlines/openlines/imopenlines-config-list-get.html>
pub fn lines_get() -> BatchCommand {
    BatchCommand::new(
        "lines",
        "imopenlines.config.list.get",
        json!({"OPTIONS": {"QUEUE": "Y"}}),
    )
}

/// The current user (`me`).
/// <https://apidocs.bitrix24.com/api-reference/user/user-current.html>
pub fn me_get() -> BatchCommand {
    BatchCommand::new("me", "user.current", json!({}))
}

/// The pipelines (`pipelines`).
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/category/crm-category-list.html>
pub fn pipelines_get() -> BatchCommand {
    BatchCommand::new("pipelines", "crm.category.list", json!({"entityTypeId": 2}))
}

/// Reads the deal's context, with what the hand-over's `rules` need, in one round trip.
pub async fn load<P: Portal>(portal: &P, deal_id: u64, rules: &Rules) -> Result<Context, Failure> {
    let mut cmds = commands(deal_id);
    cmds.extend(reads::commands(rules));
    let outcome = portal
        .batch(&cmds, false)
        .await
        .map_err(|e| Failure::from_api(Part::Batch, &e))?;
    assemble(deal_id, &outcome)
}

/// Builds the context from the batch outcome: `deal` and `chats` are required, the rest degrades.
pub fn assemble(deal_id: u64, out: &BatchOutcome) -> Result<Context, Failure> {
    let deal = out
        .read("deal", model::read_deal)
        .map_err(|e| Failure::from_api(Part::Deal, &e))?;
    if deal.id != deal_id {
        return Err(Failure::Portal {
            part: Part::Deal,
            code: crate::portal::error::local::BAD_RESPONSE.into(),
        });
    }
    assemble_from(deal, out, out)
}

/// Builds the context of `deal` (read already) from the answers about it, `own` (`chats`,
/// `active`, `stages`, `dialog<i>`, `history<i>`, `operator<i>`, `responsible`), and the answers
/// every deal shares, `shared` (`pipelines`, `lines`, `me`, the rules' reads). The load passes
/// its one batch as both; the hand-over queue passes one deal's share of a page batch
/// ([`BatchOutcome::scoped`]) and the page's shared reads.
pub fn assemble_from(
    deal: Deal,
    own: &BatchOutcome,
    shared: &BatchOutcome,
) -> Result<Context, Failure> {
    let mut problems = Vec::new();
    let out = own;
    let chats: Vec<Chat> = out
        .list::<CrmChatWire>("chats")
        .map_err(|e| Failure::from_api(Part::Chats, &e))?
        .into_iter()
        .map(Chat::from)
        .collect();
    let mut active = Vec::new();
    for c in out
        .list::<CrmChatWire>("active")
        .map_err(|e| Failure::from_api(Part::Chats, &e))?
    {
        active.push(c.chat_id);
    }

    let pipelines = optional(shared.parse::<CategoryListWire>("pipelines"), &mut problems)
        .map(|w| w.categories.into_iter().map(Pipeline::from).collect())
        .unwrap_or_default();
    let stages = optional(out.list::<StageWire>("stages"), &mut problems)
        .map(|w| {
            w.into_iter()
                .filter_map(|s| Stage::try_from(s).ok())
                .collect()
        })
        .unwrap_or_default();
    let lines = optional(shared.list::<LineWire>("lines"), &mut problems)
        .map(|w| w.into_iter().map(OpenLine::from).collect())
        .unwrap_or_default();

    let mut chat_contexts = Vec::with_capacity(chats.len());
    for (i, chat) in chats.into_iter().enumerate() {
        let (mut dialog, mut last_message) = (None, None);
        if i < MAX_DIALOGS {
            // Errors here are expected (no access to a dialog, fewer chats than slots).
            dialog = out
                .read(&format!("dialog{i}"), model::read_dialog)
                .ok()
                .filter(|d| d.chat_id == chat.chat_id);
            last_message = out
                .parse::<HistoryWire>(&format!("history{i}"))
                .ok()
                .filter(|h| h.chat_id == Some(chat.chat_id))
                .and_then(|h| model::last_message_date(&h));
        }
        chat_contexts.push(ChatContext {
            active: active.contains(&chat.chat_id),
            chat,
            dialog,
            last_message,
        });
    }

    // Each user read is kept only when it is the user its reference named: the owner of a dialog
    // matched to its chat, the deal's responsible. A reference the portal could not follow
    // passes on an enclosing value (the whole result map, for a dialog that failed), and
    // user.get may answer that with anyone.
    let mut users: Vec<User> = Vec::new();
    for (i, c) in chat_contexts.iter().take(MAX_DIALOGS).enumerate() {
        let owner = c.dialog.as_ref().and_then(|d| d.operator_id);
        keep_user(&mut users, out, &format!("operator{i}"), owner);
    }
    keep_user(&mut users, out, "responsible", deal.assigned_by_id);
    let targets = TargetReads::read(shared);
    let me = optional(shared.parse::<UserWire>("me"), &mut problems).map(User::from);
    if let Some(me) = &me {
        if !users.iter().any(|u| u.id == me.id) {
            users.push(me.clone());
        }
    }

    Ok(Context {
        deal,
        pipelines,
        stages,
        chats: chat_contexts,
        lines,
        users,
        me,
        targets,
        problems,
    })
}

/// Adds user `id` from the user.get answer under `key`, once; anyone else it lists is dropped.
fn keep_user(users: &mut Vec<User>, out: &BatchOutcome, key: &str, id: Option<u64>) {
    let Some(id) = id else { return };
    if users.iter().any(|known| known.id == id) {
        return;
    }
    if let Some(u) = out
        .list::<UserWire>(key)
        .ok()
        .and_then(|list| list.into_iter().find(|u| u.id == id))
    {
        users.push(User::from(u));
    }
}

/// Keeps an optional read's value, or records why it is missing.
fn optional<T>(r: Result<T, ApiError>, problems: &mut Vec<ApiError>) -> Option<T> {
    r.map_err(|e| problems.push(e)).ok()
}

#[cfg(test)]
mod tests;
