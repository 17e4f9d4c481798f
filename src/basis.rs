//! What one load gives the hand-over: the deal's context and the stored rules. Planning from it
//! is pure, so choosing another chat re-plans without a request, and every click plans again
//! from the newest load (never from an earlier run's memory).

use crate::handover::plan::{self, choose_chat, Blocker, ChatFacts, Plan};
use crate::handover::rules::{Rules, RulesError};
use crate::load::Context as Loaded;
use crate::model::ChatContext;

#[derive(Clone, Debug, PartialEq)]
pub struct Basis {
    pub loaded: Loaded,
    /// The app option read by [`crate::handover::rules::parse`]; an error blocks the hand-over, never the
    /// first screen.
    pub rules: Result<Rules, RulesError>,
    /// Opened inside this open-line chat (`IM_TEXTAREA` / `IM_SIDEBAR`): the load holds only
    /// this chat of the deal (pinned by the flow's load), the layout is compact, and no
    /// `reloadData` (a CRM card's command) is sent.
    pub in_chat: Option<u64>,
}

impl Basis {
    /// The chat the hand-over is about: `chosen` when the deal has it, else [`choose_chat`]'s.
    pub fn chat(&self, chosen: Option<u64>) -> Option<&ChatContext> {
        let chats = &self.loaded.chats;
        chosen
            .and_then(|id| chats.iter().find(|c| c.chat.chat_id == id))
            .or_else(|| choose_chat(chats))
    }

    /// The plan's inputs, with the rule's target user and target stages from the load's extra
    /// reads.
    pub fn context(&self, chosen: Option<u64>) -> plan::Context {
        let l = &self.loaded;
        let rule = self
            .rules
            .as_ref()
            .ok()
            .and_then(|r| plan::rule_for(r, &l.deal));
        let (target_user, target_stages) = rule.map(|r| l.targets.for_rule(r)).unwrap_or_default();
        plan::Context {
            deal: l.deal.clone(),
            chat: self.chat(chosen).map(ChatFacts::from_load),
            me: l.me.as_ref().map_or(0, |u| u.id),
            target_user,
            lines: l.lines.clone(),
            pipelines: l.pipelines.clone(),
            target_stages,
        }
    }

    pub fn plan(&self, chosen: Option<u64>) -> Result<Plan, Blocker> {
        let rules = self.rules.as_ref().map_err(|e| Blocker::from(e.clone()))?;
        plan::plan(&self.context(chosen), rules)
    }
}

/// A plan that finishes an earlier, partial hand-over: the portal shows one of its two parts
/// (the chat at the target, the deal in the target pipeline) already done.
pub fn is_resume(plan: &Plan) -> bool {
    plan.transfer().is_none() || plan.move_step().is_none()
}
