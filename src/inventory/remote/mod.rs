//! The Inventory API over a Unix socket: the wire form both ends speak (`protocol`) and
//! the client that sends commands and queries to `stockroom serve` (`client`).

pub mod client;
pub mod protocol;

pub use client::{Change, RemoteInventory, subscribe};
