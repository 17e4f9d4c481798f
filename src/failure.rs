//! Why the first screen cannot be shown: [`Failure`], and which required read failed
//! ([`Part`]). Its own module so that the words (`i18n`) and the load both use it without
//! importing each other.

use crate::model;
use crate::portal::{ApiError, ErrorKind};

/// Which required read failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The BX24 library (missing, or init never came).
    Sdk,
    /// The batch request as a whole.
    Batch,
    Deal,
    Chats,
    /// The open-line chat the frame was opened in (`imopenlines.dialog.get`).
    Dialog,
    /// The list of the deals waiting for a hand-over (`crm.item.list`).
    Deals,
}

/// Why the first screen cannot be shown; each maps to one `data-error` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Opened from the app's own link or from a placement that is not a deal's.
    NotADeal,
    /// A deal placement without a numeric deal ID, or a chat placement without the `chat<ID>`
    /// of an open-line chat.
    NoPlacementId,
    /// The open-line chat is bound to no deal yet (`DEAL|0` or none in `entity_data_2`).
    NoDealInChat,
    /// The user may not read the chat the frame was opened in (`ACCESS_ERROR`: not a member,
    /// and the line does not let them in).
    NoChatAccess,
    /// The user may not read this deal.
    NoAccess,
    /// No answer from the portal.
    Network,
    /// The portal still refused for its limits after the tab had waited and resent
    /// ([`crate::portal::retry`]).
    Busy { code: String },
    /// The portal answered with an error (or nonsense) for a required read.
    Portal { part: Part, code: String },
}

impl Failure {
    /// The `data-error` hook of the alert.
    pub fn hook(&self) -> &'static str {
        match self {
            Failure::NotADeal => "not-a-deal",
            Failure::NoPlacementId => "no-placement",
            Failure::NoDealInChat => "no-deal",
            Failure::NoChatAccess => "no-chat-access",
            Failure::NoAccess => "no-access",
            Failure::Network => "network",
            Failure::Busy { .. } => "busy",
            Failure::Portal { .. } => "portal",
        }
    }

    /// Classifies a failed required read.
    pub fn from_api(part: Part, e: &ApiError) -> Failure {
        match e.kind() {
            ErrorKind::Denied => Failure::NoAccess,
            ErrorKind::Network => Failure::Network,
            ErrorKind::RateLimit => Failure::Busy {
                code: e.code.clone(),
            },
            _ => Failure::Portal {
                part,
                code: e.code.clone(),
            },
        }
    }
}

impl From<model::placement::PlacementError> for Failure {
    fn from(e: model::placement::PlacementError) -> Self {
        match e {
            model::placement::PlacementError::NoDealId => Failure::NoPlacementId,
            model::placement::PlacementError::NoDialogId => Failure::NoPlacementId,
        }
    }
}
