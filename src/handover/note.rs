//! The timeline comment of a hand-over: who handed what over, from whom, to whom, when, which
//! chat. Built from names the caller already resolved (the view's job) in the portal's language.

use crate::i18n::{t, Key, Lang};

/// What the comment says. `chat` is present when the run transferred the chat, `deal` when it
/// moved the deal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteFacts {
    /// The current user's name.
    pub by: String,
    /// The time of the hand-over as shown to people (e.g. `25.11.2026 14:05`).
    pub when: String,
    pub chat: Option<ChatNote>,
    pub deal: Option<DealNote>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatNote {
    pub chat_id: u64,
    /// The connector's title (`WhatsApp`, `Telegram`…).
    pub channel: String,
    pub client: String,
    /// The operator (or "queue of line X") before and after.
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealNote {
    pub from_pipeline: String,
    pub from_stage: String,
    pub to_pipeline: String,
    pub to_stage: String,
}

/// Names from the portal (a client's name is whatever the messenger sent) may hold BB-code,
/// which the timeline renders; brackets are turned into parentheses so a name stays text.
fn plain(s: &str) -> String {
    let paren = |c| match c {
        '[' => '(',
        ']' => ')',
        c => c,
    };
    s.trim().chars().map(paren).collect()
}

/// The comment's text, one fact per line.
pub fn note_text(lang: Lang, f: &NoteFacts) -> String {
    let mut lines = vec![t(lang, Key::NoteTitle)];
    if let Some(c) = &f.chat {
        lines.push(t(
            lang,
            Key::NoteChat {
                channel: plain(&c.channel),
                client: plain(&c.client),
                chat_id: c.chat_id,
                from: plain(&c.from),
                to: plain(&c.to),
            },
        ));
    }
    if let Some(d) = &f.deal {
        lines.push(t(
            lang,
            Key::NoteDeal {
                from: format!("{} / {}", plain(&d.from_pipeline), plain(&d.from_stage)),
                to: format!("{} / {}", plain(&d.to_pipeline), plain(&d.to_stage)),
            },
        ));
    }
    lines.push(t(
        lang,
        Key::NoteBy {
            by: plain(&f.by),
            when: f.when.trim().to_owned(),
        },
    ));
    lines.join("\n")
}
