//! The one place that decides a chat's session state, from `imopenlines.dialog.get` and
//! `imopenlines.crm.chat.get`'s active list (bitrix24-rest.md §8, §9). The card shows it and the
//! plan offers the hand-over from it: they cannot disagree.
//!
//! Session statuses (imopenlines `Session`): NEW 0, SKIP 5 (in a queue, no operator); ANSWER 10 …
//! OPERATOR 40 (listed by `ACTIVE_ONLY=Y`, statuses 10–49); WAIT_CLIENT 50 (owner and session
//! kept, not listed as active); CLOSE 60 and above (`Chat::close`: owner 0, session 0).

use super::{Chat, Dialog};

/// Where a chat's session stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// An operator works it (status 10–49).
    Active,
    /// The operator answered and waits for the client's reply (status 50): still open.
    WaitingForClient,
    /// Waiting in a line's queue with no operator (status 0–5).
    Queued,
    /// Closed (status 60+), or the dialog could not be read and the chat is not listed as active.
    Closed,
}

impl SessionState {
    /// From the chat's place in the active list and its dialog (`None`: unreadable).
    pub fn of(listed_active: bool, dialog: Option<&Dialog>) -> SessionState {
        match dialog {
            _ if listed_active => SessionState::Active,
            // `Chat::close` writes session 0 (and owner 0).
            Some(d) if d.session_id.is_none() => SessionState::Closed,
            Some(d) if d.operator_id.is_none() => SessionState::Queued,
            Some(_) => SessionState::WaitingForClient,
            None => SessionState::Closed,
        }
    }

    /// Whether the session is open: the chat can still be handed over.
    pub fn is_open(self) -> bool {
        self != SessionState::Closed
    }

    /// The `data-session` hook.
    pub fn hook(self) -> &'static str {
        match self {
            SessionState::Active => "active",
            SessionState::WaitingForClient => "waiting",
            SessionState::Queued => "queued",
            SessionState::Closed => "closed",
        }
    }
}

/// One chat of a deal with what was read about it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatContext {
    pub chat: Chat,
    /// Whether `imopenlines.crm.chat.get ACTIVE_ONLY=Y` lists it (session status 10–49).
    pub active: bool,
    /// The dialog as `imopenlines.dialog.get` gave it; `None` when the read failed.
    pub dialog: Option<Dialog>,
    /// ISO 8601 time of the last message of its last session.
    pub last_message: Option<String>,
}

impl ChatContext {
    pub fn session(&self) -> SessionState {
        SessionState::of(self.active, self.dialog.as_ref())
    }

    /// The client's name as the connector gave it (the dialog's title), when the dialog was read
    /// and the name is not blank.
    pub fn client_name(&self) -> Option<String> {
        self.dialog
            .as_ref()
            .map(|d| d.client_name.trim())
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineRef;

    fn dialog(operator: Option<u64>, session: Option<u64>) -> Dialog {
        Dialog {
            chat_id: 1,
            client_name: "Client".into(),
            operator_id: operator,
            line: Some(LineRef {
                connector_id: "telegrambot".into(),
                line_id: 1,
            }),
            session_id: session,
            session_line_id: None,
            deal_id: None,
        }
    }

    #[test]
    fn every_state_from_the_active_list_and_the_dialog() {
        let of = SessionState::of;
        assert_eq!(
            of(true, Some(&dialog(Some(3), Some(7)))),
            SessionState::Active
        );
        assert_eq!(of(true, None), SessionState::Active);
        // Pins: status 50 (an operator, a session, not in the active list) is open.
        assert_eq!(
            of(false, Some(&dialog(Some(3), Some(7)))),
            SessionState::WaitingForClient
        );
        assert_eq!(
            of(false, Some(&dialog(None, Some(7)))),
            SessionState::Queued
        );
        assert_eq!(of(false, Some(&dialog(None, None))), SessionState::Closed);
        assert_eq!(of(false, None), SessionState::Closed);
    }

    #[test]
    fn only_closed_is_not_open() {
        for s in [
            SessionState::Active,
            SessionState::WaitingForClient,
            SessionState::Queued,
        ] {
            assert!(s.is_open(), "{s:?}");
        }
        assert!(!SessionState::Closed.is_open());
    }
}
