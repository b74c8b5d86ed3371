//! Movements: the append-only ledger's entries, and the level changes they carry.

use serde::{Deserialize, Serialize};

use super::types::{ChannelId, Levels, LocationId, Millis, ReservationId, Seq, SkuId};

/// Why units are defective. The serde names are the JSON words (`report defects`); postcard
/// stores a variant by its position, so new variants go at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
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
    /// Components leave the shelf into made kits (on a component: its units; on the kit:
    /// the kits made).
    Assemble,
    /// Made kits go back to their components.
    Disassemble,
}

impl MovementKind {
    pub fn as_str(&self) -> &'static str {
        self.name().as_str()
    }
    /// The kind by name, without what it carries.
    pub fn name(&self) -> KindName {
        match self {
            MovementKind::Receive => KindName::Receive,
            MovementKind::Reserve => KindName::Reserve,
            MovementKind::Release => KindName::Release,
            MovementKind::Expire => KindName::Expire,
            MovementKind::Ship => KindName::Ship,
            MovementKind::Sell => KindName::Sell,
            MovementKind::ReturnRestock => KindName::ReturnRestock,
            MovementKind::ReturnDefect(_) => KindName::ReturnDefect,
            MovementKind::Defect(_) => KindName::Defect,
            MovementKind::Writeoff => KindName::Writeoff,
            MovementKind::WriteoffDefective => KindName::WriteoffDefective,
            MovementKind::Transfer { .. } => KindName::Transfer,
            MovementKind::Adjust => KindName::Adjust,
            MovementKind::Assemble => KindName::Assemble,
            MovementKind::Disassemble => KindName::Disassemble,
        }
    }
    /// Sales count towards velocity.
    pub fn is_sale(&self) -> bool {
        matches!(self, MovementKind::Ship | MovementKind::Sell)
    }
}

/// A movement's kind by name, without what it carries (a defect's reason, a transfer's
/// destination): what a command's outcome reports. The serde names are the JSON words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    Receive,
    Reserve,
    Release,
    Expire,
    Ship,
    Sell,
    ReturnRestock,
    ReturnDefect,
    Defect,
    Writeoff,
    WriteoffDefective,
    Transfer,
    Adjust,
    Assemble,
    Disassemble,
}

impl KindName {
    pub const ALL: [KindName; 15] = [
        KindName::Receive,
        KindName::Reserve,
        KindName::Release,
        KindName::Expire,
        KindName::Ship,
        KindName::Sell,
        KindName::ReturnRestock,
        KindName::ReturnDefect,
        KindName::Defect,
        KindName::Writeoff,
        KindName::WriteoffDefective,
        KindName::Transfer,
        KindName::Adjust,
        KindName::Assemble,
        KindName::Disassemble,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            KindName::Receive => "receive",
            KindName::Reserve => "reserve",
            KindName::Release => "release",
            KindName::Expire => "expire",
            KindName::Ship => "ship",
            KindName::Sell => "sell",
            KindName::ReturnRestock => "return_restock",
            KindName::ReturnDefect => "return_defect",
            KindName::Defect => "defect",
            KindName::Writeoff => "writeoff",
            KindName::WriteoffDefective => "writeoff_defective",
            KindName::Transfer => "transfer",
            KindName::Adjust => "adjust",
            KindName::Assemble => "assemble",
            KindName::Disassemble => "disassemble",
        }
    }
    pub fn parse(s: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// A customer's return, to the shelf or as defective.
    pub fn is_return(self) -> bool {
        matches!(self, KindName::ReturnRestock | KindName::ReturnDefect)
    }
}

/// What a ledger entry did, as lists show it: the kind with its defect reason where it has
/// one (a transfer's two locations are in the row's location). JSON and the exports write
/// it as one word, `ship`, or the kind and its reason, `return_defect:packaging`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryKind {
    name: KindName,
    reason: Option<DefectReason>,
}

impl EntryKind {
    pub fn name(self) -> KindName {
        self.name
    }
    /// The defect's reason, for a defect or a defective return.
    pub fn reason(self) -> Option<DefectReason> {
        self.reason
    }
    /// `ship` or `return_defect:packaging`, as written by [`std::fmt::Display`].
    pub fn parse(s: &str) -> Option<EntryKind> {
        let (name, reason) = match s.split_once(':') {
            Some((n, r)) => (KindName::parse(n)?, Some(DefectReason::parse(r)?)),
            None => (KindName::parse(s)?, None),
        };
        let carries_reason = matches!(name, KindName::ReturnDefect | KindName::Defect);
        (carries_reason == reason.is_some()).then_some(EntryKind { name, reason })
    }
}

impl From<MovementKind> for EntryKind {
    fn from(k: MovementKind) -> EntryKind {
        let reason = match k {
            MovementKind::ReturnDefect(r) | MovementKind::Defect(r) => Some(r),
            _ => None,
        };
        EntryKind {
            name: k.name(),
            reason,
        }
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason {
            Some(r) => write!(f, "{}:{}", self.name.as_str(), r.as_str()),
            None => f.write_str(self.name.as_str()),
        }
    }
}

impl Serialize for EntryKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EntryKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        EntryKind::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown movement kind {s:?}")))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_kinds_read_back_as_written() {
        let kinds = [
            MovementKind::Ship,
            MovementKind::ReturnDefect(DefectReason::Packaging),
            MovementKind::Defect(DefectReason::ShippingDamage),
            MovementKind::Transfer { to: 2 },
        ];
        let words: Vec<String> = kinds
            .iter()
            .map(|k| EntryKind::from(*k).to_string())
            .collect();
        assert_eq!(
            words,
            [
                "ship",
                "return_defect:packaging",
                "defect:shipping_damage",
                "transfer"
            ]
        );
        for (k, w) in kinds.iter().zip(&words) {
            let e = EntryKind::from(*k);
            assert_eq!(EntryKind::parse(w), Some(e));
            assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{w}\""));
            let bytes = postcard::to_allocvec(&e).unwrap();
            assert_eq!(postcard::from_bytes::<EntryKind>(&bytes).unwrap(), e);
        }
        for bad in ["ship:packaging", "defect", "teleport", "defect:lost"] {
            assert_eq!(EntryKind::parse(bad), None, "{bad}");
        }
        for r in DefectReason::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        for k in KindName::ALL {
            assert_eq!(KindName::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
