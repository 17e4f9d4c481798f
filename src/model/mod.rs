//! Bitrix24 data: [`wire`] mirrors what the portal sends, [`domain`] is what the rest of the
//! widget works with, `TryFrom`/`From` in between. No browser, no I/O: tested natively.

pub mod de;
pub mod domain;
pub mod names;
pub mod placement;
pub mod session;
pub mod table;
pub mod wire;

pub use domain::*;
pub use names::{Label, Names, Person, Unnamed};
pub use session::{ChatContext, SessionState};

#[cfg(test)]
mod tests;
