//! A page of the hand-over queue: the deals waiting in a rule's source pipeline at one of its
//! source stages, with what the list and the verdict need about each, in ONE batch.
//!
//! The batch (halt = 0; at most [`MAX_BATCH`] commands):
//! - `list`: `crm.item.list` (`entityTypeId` 2, `filter` `{"=categoryId", "@stageId"}`, `select`
//!   what [`crate::model::read_deals`] reads, `order {"id": "ASC"}`, `start`);
//! - on the queue's first page only, what every verdict shares, read once: `pipelines`, `lines`,
//!   `me` and the rules' target reads ([`reads::commands`]);
//! - per deal slot `j` (keys prefixed `d<j>_`), the deal being `$result[list][items][<skip+j>][id]`:
//!   its chats and active chats, the dialog of its newest chat and that dialog's operator
//!   ([`load::chat_reads`], [`load::operator_get`]) — [`PER_DEAL`] commands. Each deal's share is
//!   read back by the load's own reader ([`load::assemble_from`] over
//!   [`BatchOutcome::scoped`]) and planned by the tab's own plan ([`Basis::plan`]), so a row's
//!   verdict is the one the deal's tab would show.
//!
//! So a page holds `(50 − 1 − shared) / 4` deals: 12 without the shared reads, 11 on the first
//! page of a portal with one rule (2 target reads + 3 shared). The portal lists 50 items per
//! `start` and rounds `start` down to a multiple of 50 (`rest/lib/engine/restmanager.php`,
//! `setCurrentPage((int)($start / LIST_LIMIT) + 1)`, `avshatalov48/bitrix-core-business`), so a
//! page of the queue is a slice of a portal page: the [`Cursor`] keeps the portal's `start` (from
//! its `next`) and how many of that page's items are read (`skip`); the next slice lists the same
//! portal page again and reads the next items. One request per page of the queue.
//!
//! Several rules: one source per distinct source pipeline (the plan applies the first rule of a
//! pipeline, [`crate::handover::plan::rule_for`]), read one after the other; the queue merges
//! rows by deal id ([`merge`]).

use crate::basis::Basis;
use crate::failure::{Failure, Part};
use crate::handover::plan::{Blocker, Plan};
use crate::handover::reads;
use crate::handover::rules::{Rules, StageSet};
use crate::load;
use crate::model::{self, Deal};
use crate::portal::{BatchCommand, BatchOutcome, MAX_BATCH};
use serde_json::{json, Value};

/// The list command's key.
pub const LIST: &str = "list";

/// Commands per deal slot: chats, active chats, the newest chat's dialog, its operator.
pub const PER_DEAL: usize = 4;

/// How many items the portal lists per `start`.
pub const PORTAL_PAGE: u64 = 50;

/// Where the source pipeline and stages of a rule are: what `crm.item.list` filters on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub category_id: u64,
    pub stages: StageSet,
    /// One deal alone (the row menu's `ID`), wherever it is: the filter is its id only, so a
    /// deal that is not waiting still shows why.
    pub deal: Option<u64>,
}

/// The sources of `rules`: the first rule of each source pipeline (the one the plan applies).
pub fn sources(rules: &Rules) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for r in &rules.rules {
        if !out.iter().any(|s| s.category_id == r.from_category_id) {
            out.push(Source {
                category_id: r.from_category_id,
                stages: r.from_stages.clone(),
                deal: None,
            });
        }
    }
    out
}

/// Where the next page of the queue starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index into [`sources`].
    pub source: usize,
    /// The portal's `start` (a multiple of 50, the last `next`).
    pub start: u64,
    /// How many of that portal page's items earlier pages read.
    pub skip: usize,
    /// How many items that portal page holds, once a page has listed it.
    pub items: Option<usize>,
}

/// `crm.item.list` of `source` from `start`.
/// <https://apidocs.bitrix24.com/api-reference/crm/universal/crm-item-list.html>
pub fn list_command(source: &Source, start: u64) -> BatchCommand {
    let mut filter = serde_json::Map::new();
    if let Some(id) = source.deal {
        filter.insert("=id".into(), json!(id));
    } else {
        filter.insert("=categoryId".into(), json!(source.category_id));
        if let StageSet::Only(ids) = &source.stages {
            filter.insert("@stageId".into(), json!(ids));
        }
    }
    BatchCommand::new(
        LIST,
        "crm.item.list",
        json!({
            "entityTypeId": 2,
            "select": ["id", "title", "categoryId", "stageId", "stageSemanticId", "assignedById"],
            "filter": Value::Object(filter),
            "order": {"id": "ASC"},
            "start": start,
        }),
    )
}

/// The key prefix of deal slot `j`.
pub fn slot_prefix(j: usize) -> String {
    format!("d{j}_")
}

/// The page batch at `cursor`, with the shared reads when `first`; and how many deal slots it
/// carries.
pub fn commands(
    rules: &Rules,
    sources: &[Source],
    cursor: &Cursor,
    first: bool,
) -> (Vec<BatchCommand>, usize) {
    let Some(source) = sources.get(cursor.source) else {
        return (Vec::new(), 0);
    };
    let mut c = vec![list_command(source, cursor.start)];
    if first {
        c.push(load::pipelines_get());
        c.push(load::lines_get());
        c.push(load::me_get());
        c.extend(reads::commands(rules));
    }
    let mut slots = (MAX_BATCH - c.len()) / PER_DEAL;
    if let Some(items) = cursor.items {
        slots = slots.min(items.saturating_sub(cursor.skip));
    }
    for j in 0..slots {
        let prefix = slot_prefix(j);
        let deal = json!(format!("$result[{LIST}][items][{}][id]", cursor.skip + j));
        c.extend(load::chat_reads(&prefix, deal, 1, false));
        c.push(load::operator_get(&prefix, 0));
    }
    (c, slots)
}

/// A deal's verdict: the plan's, or why it could not be planned.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Ready(Box<Plan>),
    Blocked(Blocker),
    /// A required read about the deal failed (its chats): the tab would fail the same way.
    Unread(Failure),
}

/// One deal of the queue: what its tab's load would know about it (the shared reads and its own
/// share of the page batch) and the verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub deal: Deal,
    /// The deal's context as its tab's load would read it; `None` when it did not read.
    pub basis: Option<Basis>,
    pub verdict: Verdict,
}

impl Row {
    /// The row of `deal` from its share of a page batch.
    pub fn read(deal: Deal, rules: &Rules, own: &BatchOutcome, shared: &BatchOutcome) -> Row {
        match load::assemble_from(deal.clone(), own, shared) {
            Ok(loaded) => {
                let basis = Basis {
                    loaded,
                    rules: Ok(rules.clone()),
                    in_chat: None,
                };
                let verdict = match basis.plan(None) {
                    Ok(plan) => Verdict::Ready(Box::new(plan)),
                    Err(b) => Verdict::Blocked(b),
                };
                Row {
                    deal,
                    basis: Some(basis),
                    verdict,
                }
            }
            Err(f) => Row {
                deal,
                basis: None,
                verdict: Verdict::Unread(f),
            },
        }
    }

    pub fn deal_id(&self) -> u64 {
        self.deal.id
    }

    /// The plan, when the deal is ready.
    pub fn plan(&self) -> Option<&Plan> {
        match &self.verdict {
            Verdict::Ready(p) => Some(p),
            _ => None,
        }
    }
}

/// What a page batch brought.
#[derive(Clone, Debug, PartialEq)]
pub struct PageRead {
    pub rows: Vec<Row>,
    /// Where the next page starts; `None` after the last.
    pub next: Option<Cursor>,
    /// How many deals the current source lists in all (the portal's `total`).
    pub total: u64,
}

/// Reads the page batch sent by [`commands`] at `cursor` with `slots` deal slots, of `sources`
/// sources in all. `shared` holds
/// the first page's shared reads (`None`: this is the first page, `out` holds them).
pub fn read(
    rules: &Rules,
    sources: usize,
    cursor: &Cursor,
    slots: usize,
    out: &BatchOutcome,
    shared: Option<&BatchOutcome>,
) -> Result<PageRead, Failure> {
    let shared = shared.unwrap_or(out);
    let deals = out
        .read(LIST, model::read_deals)
        .map_err(|e| Failure::from_api(Part::Deals, &e))?;
    let paging = out.paging(LIST).unwrap_or_default();
    let mut rows = Vec::new();
    for (j, deal) in deals.iter().skip(cursor.skip).take(slots).enumerate() {
        rows.push(Row::read(
            deal.clone(),
            rules,
            &out.scoped(&slot_prefix(j)),
            shared,
        ));
    }
    let read_now = cursor.skip + slots.min(deals.len().saturating_sub(cursor.skip));
    let next = if read_now < deals.len() {
        Some(Cursor {
            skip: read_now,
            items: Some(deals.len()),
            ..*cursor
        })
    } else if let Some(start) = paging.next.filter(|n| *n > cursor.start) {
        Some(Cursor {
            source: cursor.source,
            start,
            skip: 0,
            items: None,
        })
    } else if cursor.source + 1 < sources {
        Some(Cursor {
            source: cursor.source + 1,
            ..Cursor::default()
        })
    } else {
        None
    };
    Ok(PageRead {
        rows,
        next,
        total: paging.total,
    })
}

/// Adds `new` rows to `rows`, a deal listed already replaced by its newer read (two sources or
/// a re-read list may name it twice).
pub fn merge(rows: &mut Vec<Row>, new: Vec<Row>) {
    for row in new {
        match rows.iter_mut().find(|r| r.deal_id() == row.deal_id()) {
            Some(old) => *old = row,
            None => rows.push(row),
        }
    }
}

/// The queue as read so far: its rows (merged by deal id), where the next page starts, and the
/// first page's shared reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queue {
    pub rules: Rules,
    /// What the pages list: [`sources`] of the rules, or one deal.
    pub sources: Vec<Source>,
    pub rows: Vec<Row>,
    /// `None` once the last page is read.
    pub next: Option<Cursor>,
    shared: Option<BatchOutcome>,
    /// The current source's `total` as the portal last said it.
    pub total: u64,
}

impl Queue {
    /// A queue of `rules`' deals, nothing read yet.
    pub fn new(rules: Rules) -> Queue {
        let sources = sources(&rules);
        Queue::of(rules, sources)
    }

    /// The queue of one deal (the row menu): read by its id wherever it is.
    pub fn for_deal(rules: Rules, deal_id: u64) -> Queue {
        let source = Source {
            category_id: 0,
            stages: StageSet::Any,
            deal: Some(deal_id),
        };
        Queue::of(rules, vec![source])
    }

    fn of(rules: Rules, sources: Vec<Source>) -> Queue {
        let next = (!sources.is_empty()).then(Cursor::default);
        Queue {
            rules,
            sources,
            next,
            ..Queue::default()
        }
    }

    /// The next page's batch and its deal slots; `None` after the last page.
    pub fn request(&self) -> Option<(Vec<BatchCommand>, usize)> {
        let cursor = self.next?;
        Some(commands(
            &self.rules,
            &self.sources,
            &cursor,
            self.shared.is_none(),
        ))
    }

    /// Takes in the answer to [`Self::request`]'s batch.
    pub fn receive(&mut self, slots: usize, out: BatchOutcome) -> Result<(), Failure> {
        let Some(cursor) = self.next else {
            return Ok(());
        };
        let page = read(
            &self.rules,
            self.sources.len(),
            &cursor,
            slots,
            &out,
            self.shared.as_ref(),
        )?;
        merge(&mut self.rows, page.rows);
        self.next = page.next;
        self.total = page.total;
        if self.shared.is_none() {
            self.shared = Some(out);
        }
        Ok(())
    }

    /// Reads the next page (one request); `false` when there was none.
    pub async fn read_page<P: crate::portal::Portal>(
        &mut self,
        portal: &P,
    ) -> Result<bool, Failure> {
        let Some((cmds, slots)) = self.request() else {
            return Ok(false);
        };
        let out = portal
            .batch(&cmds, false)
            .await
            .map_err(|e| Failure::from_api(Part::Deals, &e))?;
        self.receive(slots, out)?;
        Ok(true)
    }

    /// The ready rows.
    pub fn ready(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.plan().is_some())
    }
}
