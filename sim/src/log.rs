//! The request log (`GET /__sim/requests`): one entry per HTTP request to `/rest`, so tests can
//! count round trips. Preflights are not logged.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub seq: u64,
    pub method: String,
    /// For a batch: its sub-commands' methods, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commands: Option<Vec<String>>,
    pub status: u16,
    pub user_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Default, Debug)]
pub struct RequestLog {
    next_seq: u64,
    entries: Vec<Entry>,
}

impl RequestLog {
    pub fn push(&mut self, mut entry: Entry) {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        self.entries.push(entry);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
