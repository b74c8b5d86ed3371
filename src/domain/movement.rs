//! Movements: the append-only ledger's entries, and the level changes they carry.

use serde::{Deserialize, Serialize};

use super::types::{ChannelId, Levels, LocationId, Millis, ReservationId, Seq, SkuId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum DefectReason {
    ShippingDamage,
    Manufacturing,
    Packaging,
    Other,
}

impl DefectReason {
    pub const ALL: [DefectReason; 4] = [
        DefectReason::ShippingDamage,
        DefectReason::Manufacturing,
        DefectReason::Packaging,
        DefectReason::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DefectReason::ShippingDamage => "shipping_damage",
            DefectReason::Manufacturing => "manufacturing",
            DefectReason::Packaging => "packaging",
            DefectReason::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum MovementKind {
    Receive,
    Reserve,
    Release,
    Expire,
    Ship,
    Sell,
    ReturnRestock,
    ReturnDefect(DefectReason),
    Defect(DefectReason),
    Writeoff,
    WriteoffDefective,
    /// Leaves the movement's location for `to`.
    Transfer {
        to: LocationId,
    },
    Adjust,
}

impl MovementKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            MovementKind::Receive => "receive",
            MovementKind::Reserve => "reserve",
            MovementKind::Release => "release",
            MovementKind::Expire => "expire",
            MovementKind::Ship => "ship",
            MovementKind::Sell => "sell",
            MovementKind::ReturnRestock => "return_restock",
            MovementKind::ReturnDefect(_) => "return_defect",
            MovementKind::Defect(_) => "defect",
            MovementKind::Writeoff => "writeoff",
            MovementKind::WriteoffDefective => "writeoff_defective",
            MovementKind::Transfer { .. } => "transfer",
            MovementKind::Adjust => "adjust",
        }
    }
    /// Sales count towards velocity.
    pub fn is_sale(&self) -> bool {
        matches!(self, MovementKind::Ship | MovementKind::Sell)
    }
}

/// A change of levels at one (SKU, location), as signed deltas.
/// Replaying the ledger applies these; `check` compares the result with what is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    pub on_hand: i64,
    pub reserved: i64,
    pub defective: i64,
}

impl Delta {
    /// Applies the delta; `None` when a level would go below zero or overflow.
    pub fn apply(&self, l: &Levels) -> Option<Levels> {
        Some(Levels {
            on_hand: l.on_hand.checked_add_signed(self.on_hand)?,
            reserved: l.reserved.checked_add_signed(self.reserved)?,
            defective: l.defective.checked_add_signed(self.defective)?,
        })
    }
    pub fn negate(&self) -> Delta {
        Delta {
            on_hand: -self.on_hand,
            reserved: -self.reserved,
            defective: -self.defective,
        }
    }
}

/// One ledger entry. Never edited, never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub seq: Seq,
    pub at: Millis,
    pub actor: String,
    pub sku: SkuId,
    pub location: LocationId,
    pub kind: MovementKind,
    pub qty: u64,
    pub delta: Delta,
    pub channel: Option<ChannelId>,
    pub reservation: Option<ReservationId>,
    pub reference: Option<String>,
    pub note: Option<String>,
    /// Levels at `location` after this movement.
    pub after: Levels,
    /// For a transfer: levels at the destination after it.
    pub after_to: Option<Levels>,
}
