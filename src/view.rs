//! What the first screen shows, derived from a [`Context`] (and, after a hand-over, from the
//! same context with what the run read last, [`settled_tab`]): plain data, ready to render,
//! with no wire or domain types left for the components to interpret.

use crate::handover::plan::Plan;
use crate::handover::rules::Target;
use crate::handover::verify::Settled;
use crate::load::Context;
pub use crate::model::SessionState;
use crate::model::{
    display_time, initials, stages_of, ChatContext, Deal, Dialog, Names, Semantics, Stage,
};
pub use crate::model::{Label, Unnamed};

/// The current operator of a chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operator {
    Person {
        name: String,
        photo: Option<String>,
        initials: String,
    },
    /// An operator whose name could not be read.
    Id(u64),
    /// Nobody: the dialog waits in a queue.
    Queue,
    /// The dialog itself could not be read.
    Unknown,
}

/// A point in time as the portal sent it, and as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub iso: String,
    pub display: String,
}

/// The messenger behind an open-line chat, for its glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    WhatsApp,
    Telegram,
    /// Any other connector (live chat, e-mail, VK…): the generic open-channels glyph.
    Other,
}

impl Channel {
    /// From `CONNECTOR_ID` / `CONNECTOR_TITLE`, ignoring ASCII case (the names sought are ASCII):
    /// the WhatsApp connector's id is undocumented (`whatsappbyedna`, `wz_whatsapp_…`), so any
    /// mention of the name counts.
    pub fn of(connector_id: &str, connector_title: &str) -> Channel {
        let said = |name: &str| mentions(connector_id, name) || mentions(connector_title, name);
        if said("whatsapp") {
            Channel::WhatsApp
        } else if said("telegram") {
            Channel::Telegram
        } else {
            Channel::Other
        }
    }
}

/// Whether `text` holds `name` (ASCII, lower case), ignoring ASCII case. A window over the bytes,
/// not `str::contains`: the lean build carries no substring searcher for this one use (−1 KB).
fn mentions(text: &str, name: &str) -> bool {
    text.as_bytes()
        .windows(name.len())
        .any(|w| w.eq_ignore_ascii_case(name.as_bytes()))
}

/// What the deal's stage means, for colour: in progress (accent), won (success), lost (alert).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StageTone {
    #[default]
    Progress,
    Won,
    Lost,
}

impl From<Semantics> for StageTone {
    fn from(s: Semantics) -> Self {
        match s {
            Semantics::InProgress => StageTone::Progress,
            Semantics::Success => StageTone::Won,
            Semantics::Failure => StageTone::Lost,
        }
    }
}

/// The pipeline's stages in order and how far the deal is along them, as the card's stage bar
/// shows it. Empty when the stage list could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageProgress {
    pub tone: StageTone,
    /// Stage names, in the pipeline's order.
    pub steps: Vec<String>,
    /// The deal's stage among `steps`.
    pub current: Option<usize>,
}

/// One chat card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatCard {
    pub chat_id: u64,
    pub channel: String,
    pub channel_kind: Channel,
    /// `None` when the dialog (and so its line) could not be read.
    pub line: Option<Label>,
    pub client: Option<String>,
    pub operator: Operator,
    pub session: SessionState,
    pub last_message: Option<Stamp>,
    /// Set after this tab handed the chat over and can no longer read its dialog (a transfer
    /// removes the former operator from the chat): the card says so instead of «Нет данных».
    pub handed_over: Option<HandedOver>,
}

/// Whom a chat was handed over to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandedOver {
    User(Label),
    /// A line's queue.
    Line(Label),
}

impl HandedOver {
    pub fn of(target: Target, names: &Names) -> HandedOver {
        match target {
            Target::User(id) => HandedOver::User(names.user(id)),
            Target::Line(id) => HandedOver::Line(names.line(id)),
        }
    }
}

/// The tab after a hand-over of `chat_id` to `to`: the chat's card says it was handed over when
/// its dialog can no longer be read (a card that still reads it shows its new owner itself).
pub fn mark_handed_over(tab: &DealTab, chat_id: u64, to: HandedOver) -> DealTab {
    let mut tab = tab.clone();
    for card in &mut tab.chats {
        if card.chat_id == chat_id && card.operator == Operator::Unknown {
            card.handed_over = Some(to.clone());
        }
    }
    tab
}

/// The whole first screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealTab {
    pub deal_title: String,
    pub pipeline: Label,
    pub stage: Label,
    pub progress: StageProgress,
    pub chats: Vec<ChatCard>,
}

/// Derives the screen from the context.
pub fn deal_tab(ctx: &Context) -> DealTab {
    tab(ctx, &ctx.deal, &ctx.stages, None)
}

/// The screen after the hand-over of `plan`, from `ctx` (the load it was planned from) and what
/// its round trips read last ([`Settled`]), as a fresh load would show it but with no request:
/// the deal as read after the writes; its pipeline's stages the load's own, or, after a move,
/// the target pipeline's from the load's rule reads ([`crate::handover::reads::TargetReads`]);
/// the handed-over chat's dialog as round trip 1 read it last (none once the caller lost access
/// to it, as a fresh load would find). The rest is what the load read: the hand-over changes no
/// line, pipeline or user, and [`Context::names`] names the new owner and the new responsible
/// (the rule's target user, or an operator of the target line's queue). `None` when the deal
/// ended in a pipeline whose stages the load did not read.
pub fn settled_tab(ctx: &Context, plan: &Plan, settled: Settled) -> Option<DealTab> {
    let Settled { deal, chat: dialog } = settled;
    let stages = if deal.category_id == ctx.deal.category_id {
        &ctx.stages
    } else {
        stages_of(&ctx.targets.stages, deal.category_id)?
    };
    // Read after a transfer with no operator: the dialog waits in the target line's queue
    // (status NEW), which the active list (statuses 10–49) leaves out (bitrix24-rest.md §8,
    // imopenlines.operator.transfer to `queue<N>`, imopenlines.crm.chat.get).
    let queued =
        plan.transfer().is_some() && dialog.as_ref().is_some_and(|d| d.operator_id.is_none());
    let chat = ctx
        .chats
        .iter()
        .find(|c| c.chat.chat_id == plan.preview.chat_id)
        .map(|c| ChatContext {
            chat: c.chat.clone(),
            active: c.active && !queued,
            dialog,
            last_message: c.last_message.clone(),
        });
    Some(tab(ctx, &deal, stages, chat.as_ref()))
}

/// The screen of `ctx` with `deal`, in a pipeline of `stages`, and `chat` in place of the chat
/// with its id.
fn tab(ctx: &Context, deal: &Deal, stages: &[Stage], chat: Option<&ChatContext>) -> DealTab {
    let names = ctx.names();
    let current = stages.iter().position(|s| s.status_id == deal.stage_id);
    // The deal's own semantics first; the stage list's when the deal says "in progress".
    let semantics = match (deal.stage_semantics, current) {
        (Semantics::InProgress, Some(i)) => stages[i].semantics,
        (s, _) => s,
    };
    DealTab {
        deal_title: deal.title.clone(),
        pipeline: names.pipeline(deal.category_id),
        stage: names.stage(&deal.stage_id),
        progress: StageProgress {
            tone: semantics.into(),
            steps: stages.iter().map(|s| s.name.clone()).collect(),
            current,
        },
        chats: ctx
            .chats
            .iter()
            .map(|c| {
                let c = chat
                    .filter(|r| r.chat.chat_id == c.chat.chat_id)
                    .unwrap_or(c);
                chat_card(&names, c)
            })
            .collect(),
    }
}

fn chat_card(names: &Names, c: &ChatContext) -> ChatCard {
    let dialog = c.dialog.as_ref();
    let line = dialog.and_then(Dialog::line_id).map(|id| names.line(id));
    let operator = match dialog {
        None => Operator::Unknown,
        Some(d) => match d.operator_id {
            None => Operator::Queue,
            Some(id) => names
                .person(id)
                .map_or(Operator::Id(id), |p| Operator::Person {
                    initials: initials(&p.name),
                    name: p.name,
                    photo: p.photo,
                }),
        },
    };
    ChatCard {
        chat_id: c.chat.chat_id,
        channel: c.chat.connector_title.clone(),
        channel_kind: Channel::of(&c.chat.connector_id, &c.chat.connector_title),
        line,
        client: c.client_name(),
        operator,
        session: c.session(),
        last_message: c.last_message.as_ref().map(|iso| Stamp {
            iso: iso.clone(),
            display: display_time(iso),
        }),
        handed_over: None,
    }
}
