//! What the first screen shows, derived from a [`Context`]: plain data, ready to render,
//! with no wire or domain types left for the components to interpret.

use crate::handover::rules::Target;
use crate::load::Context;
pub use crate::model::SessionState;
use crate::model::{display_time, initials, ChatContext, Names, Semantics};
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
    let deal = &ctx.deal;
    let names = ctx.names();
    let current = ctx.stages.iter().position(|s| s.status_id == deal.stage_id);
    // The deal's own semantics first; the stage list's when the deal says "in progress".
    let semantics = match (deal.stage_semantics, current) {
        (Semantics::InProgress, Some(i)) => ctx.stages[i].semantics,
        (s, _) => s,
    };
    DealTab {
        deal_title: deal.title.clone(),
        pipeline: names.pipeline(deal.category_id),
        stage: names.stage(&deal.stage_id),
        progress: StageProgress {
            tone: semantics.into(),
            steps: ctx.stages.iter().map(|s| s.name.clone()).collect(),
            current,
        },
        chats: ctx.chats.iter().map(|c| chat_card(&names, c)).collect(),
    }
}

fn chat_card(names: &Names, c: &ChatContext) -> ChatCard {
    let dialog = c.dialog.as_ref();
    let line = dialog
        .and_then(|d| d.line.as_ref())
        .map(|l| names.line(l.line_id));
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
