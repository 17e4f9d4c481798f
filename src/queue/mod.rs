//! The hand-over queue of the deal list (`CRM_DEAL_LIST_TOOLBAR` / `CRM_DEAL_LIST_MENU`): the
//! deals waiting for a hand-over, read a page per batch ([`page`]), and the bulk hand-over of the
//! chosen ready ones ([`bulk`]: each deal's two round trips of the single hand-over, several
//! deals per batch), paced inside the portal's leaky bucket ([`crate::portal::paced`]). Pure, or plain Rust over
//! the [`crate::portal::Portal`] trait: tested natively with the scripted portal.

pub mod bulk;
pub mod page;
pub mod state;
pub mod view;
pub mod words;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;
