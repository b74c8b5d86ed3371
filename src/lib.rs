//! stockroom: one honest count of a small business's stock across every sales channel.
//!
//! Layers, arrows pointing inwards:
//! `cli`, `tui`, `server` -> `inventory` (the one API) -> `domain` (pure rules) and `store` (redb).

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod identity;
pub mod inventory;
pub mod io;
pub mod marketplace;
pub mod present;
#[cfg(unix)]
pub mod server;
pub mod store;
pub mod tui;
