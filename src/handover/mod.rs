//! The hand-over's pure core: rules, the plan, the batch commands of its two write round trips,
//! and the reading of their answers. No browser and no I/O: the runner ([`run`]) feeds it
//! what the portal said and sends what it built.
//!
//! The flow the runner follows (`../shared/design.md`, "What happens, end to end"):
//! 1. load (+ [`reads::commands`]) → the basis's plan context (`Basis::context`, at the crate root);
//!    rules from the app option [`rules::OPTION_NAME`] via [`rules::parse`];
//!    [`plan::plan`] → [`plan::Plan`] (preview) or [`plan::Blocker`] (why, and who can fix it).
//! 2. click → round trip 1 ([`commands::round_trip_1`], halt = 1) →
//!    [`verify::read_round_trip_1`] → [`verify::Report::record_round_trip_1`], which says whether
//!    round trip 2 may run (the transfer is proven and the deal has not moved meanwhile).
//! 3. round trip 2 ([`commands::round_trip_2`] with the text of [`note::note_text`], halt = 1,
//!    the moved deal read again after the writes) → [`verify::Report::record_round_trip_2`]
//!    (catches a silently replaced stage).
//! 4. After a success, [`verify::Settled`]: the deal and the chat as the round trips read
//!    them last, from which the screen after the hand-over is built (`view::settled_tab`, at the
//!    crate root) with no third request; and `reloadData` for the card. After a partial failure a
//!    click loads and plans again: the new plan holds only what is left (never a second transfer
//!    when the owner already is the target).

pub mod commands;
pub mod note;
pub mod plan;
pub mod reads;
pub mod rules;
pub mod run;
pub mod verify;

#[cfg(test)]
mod tests;
