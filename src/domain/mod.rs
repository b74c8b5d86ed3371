//! The pure domain core: types, quantities, the stock rules and the math of
//! allocation, stocktake and replenishment. No I/O, no database, no terminal.

pub mod allocation;
pub mod choice;
pub mod forecast;
pub mod kit;
pub mod limits;
pub mod movement;
pub mod profile;
pub mod purchase;
pub mod quantity;
pub mod replenishment;
pub mod rules;
pub mod status;
pub mod stocktake;
pub mod types;

pub use choice::{Choice, NotOneOf};
pub use movement::{DefectReason, Delta, EntryKind, KindName, Movement, MovementKind};
pub use quantity::{Money, NumberError, parse_count, parse_delta, parse_money, parse_qty};
pub use rules::{AdjustTo, Refusal};
pub use status::StockStatus;
pub use types::*;
