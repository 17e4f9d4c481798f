//! The simulator's REST core against `shared/bitrix24-rest.md`, in-process.

mod batch;
mod common;
mod control;
mod crm;
mod faults;
mod item_list;
mod openlines;
mod rest_core;
mod users_placements;
