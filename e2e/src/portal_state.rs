//! Readers of the simulator's state (`/__sim/state`, [`crate::Harness::state`]) shared by the
//! end-to-end tests: a deal and a chat by id, the transfers a chat went through, a deal's
//! timeline notes.

use serde_json::Value;

/// The deal `id` of the portal's state; panics when there is none.
pub fn deal(state: &Value, id: u64) -> &Value {
    state["deals"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id))
        .unwrap_or_else(|| panic!("no deal {id}"))
}

/// The chat `id` of the portal's state; panics when there is none.
pub fn chat(state: &Value, id: u64) -> &Value {
    state["chats"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["chatId"] == id))
        .unwrap_or_else(|| panic!("no chat {id}"))
}

/// The transfers the portal ran on a chat: its system messages saying it was handed over
/// (to a user or to a line's queue; sim/src/methods/transfer.rs writes one per transfer).
pub fn transfers(chat: &Value) -> usize {
    chat["log"].as_array().map_or(0, |log| {
        log.iter()
            .filter(|m| {
                m["system"] == true && m["text"].as_str().is_some_and(|t| t.contains("передан"))
            })
            .count()
    })
}

/// The timeline notes on deal `id`, oldest first.
pub fn notes(state: &Value, id: u64) -> Vec<&Value> {
    state["timeline"]
        .as_array()
        .map(|t| t.iter().filter(|n| n["entityId"] == id).collect())
        .unwrap_or_default()
}
