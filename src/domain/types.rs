//! The things stock is about: SKUs, locations, channels, users, reservations.

use serde::{Deserialize, Serialize};

use super::quantity::Money;

pub type SkuId = u32;
pub type LocationId = u16;
pub type ChannelId = u16;
pub type ReservationId = u64;
pub type Seq = u64;
/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sku {
    pub id: SkuId,
    pub code: String,
    pub name: String,
    pub barcodes: Vec<String>,
    pub supplier: Option<String>,
    pub lead_days: u32,
    /// Set by hand; when `None` the replenishment rule of thumb computes it.
    pub min_stock: Option<u64>,
    pub safety_stock: Option<u64>,
    pub pack_size: u64,
    pub cost: Option<Money>,
    pub price: Option<Money>,
    pub archived: bool,
}

impl Sku {
    pub fn new(id: SkuId, code: &str, name: &str) -> Self {
        Sku {
            id,
            code: code.to_string(),
            name: name.to_string(),
            barcodes: Vec::new(),
            supplier: None,
            lead_days: 14,
            min_stock: None,
            safety_stock: None,
            pack_size: 1,
            cost: None,
            price: None,
            archived: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: LocationId,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Marketplace,
    Retail,
    Website,
    Social,
    Messenger,
    Wholesale,
    Other,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 7] = [
        ChannelKind::Marketplace,
        ChannelKind::Retail,
        ChannelKind::Website,
        ChannelKind::Social,
        ChannelKind::Messenger,
        ChannelKind::Wholesale,
        ChannelKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Marketplace => "marketplace",
            ChannelKind::Retail => "retail",
            ChannelKind::Website => "website",
            ChannelKind::Social => "social",
            ChannelKind::Messenger => "messenger",
            ChannelKind::Wholesale => "wholesale",
            ChannelKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// A sales window onto the one stock pool, with its allocation rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    pub id: ChannelId,
    pub name: String,
    pub kind: ChannelKind,
    /// 1 is the highest.
    pub priority: u32,
    pub paused: bool,
    pub keep_when_low: bool,
    pub share_pct: u32,
    pub buffer: u64,
    pub max_listed: Option<u64>,
    /// Empty means every location.
    pub sources: Vec<LocationId>,
    /// How long an unpaid hold lasts, in seconds.
    pub hold_ttl_secs: Option<u64>,
}

impl Channel {
    pub fn new(id: ChannelId, name: &str, kind: ChannelKind, priority: u32) -> Self {
        Channel {
            id,
            name: name.to_string(),
            kind,
            priority,
            paused: false,
            keep_when_low: false,
            share_pct: 100,
            buffer: 0,
            max_listed: None,
            sources: Vec::new(),
            hold_ttl_secs: None,
        }
    }

    /// When a hold this channel makes at `now` lapses: its hold time after `now`; none
    /// when the channel has no hold time (or the sum is past the clock's range).
    pub fn hold_deadline(&self, now: Millis) -> Option<Millis> {
        self.hold_ttl_secs
            .and_then(|t| super::limits::deadline(now, t))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Packer,
    Counter,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Packer, Role::Counter, Role::Viewer];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Packer => "packer",
            Role::Counter => "counter",
            Role::Viewer => "viewer",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub role: Role,
}

/// Stock levels at one (SKU, location).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Levels {
    pub on_hand: u64,
    pub reserved: u64,
    pub defective: u64,
}

impl Levels {
    /// What may be promised to a new order. Negative in shortage.
    pub fn available(&self) -> i64 {
        self.on_hand as i64 - self.reserved as i64
    }
    pub fn add(&self, other: &Levels) -> Levels {
        Levels {
            on_hand: self.on_hand.saturating_add(other.on_hand),
            reserved: self.reserved.saturating_add(other.reserved),
            defective: self.defective.saturating_add(other.defective),
        }
    }
    pub fn is_zero(&self) -> bool {
        *self == Levels::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    Cdek,
    Regional,
    Courier,
    Pickup,
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 4] = [
        DeliveryMethod::Cdek,
        DeliveryMethod::Regional,
        DeliveryMethod::Courier,
        DeliveryMethod::Pickup,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMethod::Cdek => "cdek",
            DeliveryMethod::Regional => "regional",
            DeliveryMethod::Courier => "courier",
            DeliveryMethod::Pickup => "pickup",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    Door,
    PickupPoint,
}

impl Destination {
    pub const ALL: [Destination; 2] = [Destination::Door, Destination::PickupPoint];
    pub fn as_str(self) -> &'static str {
        match self {
            Destination::Door => "door",
            Destination::PickupPoint => "pickup_point",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "door" => Some(Destination::Door),
            "pickup_point" | "pvz" => Some(Destination::PickupPoint),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Delivery {
    pub method: Option<DeliveryMethod>,
    pub destination: Option<Destination>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    Open,
    Picked,
    Shipped,
    Cancelled,
    Expired,
    /// Ordered when too little was available: recorded, reserving nothing, reserved
    /// automatically (oldest first) when stock arrives.
    Backorder,
}

impl ReservationStatus {
    pub const ALL: [ReservationStatus; 6] = [
        ReservationStatus::Open,
        ReservationStatus::Picked,
        ReservationStatus::Shipped,
        ReservationStatus::Cancelled,
        ReservationStatus::Expired,
        ReservationStatus::Backorder,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ReservationStatus::Open => "open",
            ReservationStatus::Picked => "picked",
            ReservationStatus::Shipped => "shipped",
            ReservationStatus::Cancelled => "cancelled",
            ReservationStatus::Expired => "expired",
            ReservationStatus::Backorder => "backorder",
        }
    }
    /// Open and picked reservations still hold units.
    pub fn is_open(self) -> bool {
        matches!(self, ReservationStatus::Open | ReservationStatus::Picked)
    }
    /// In the packer's queue: holding units, or waiting for them (backorder).
    pub fn in_queue(self) -> bool {
        self.is_open() || self == ReservationStatus::Backorder
    }
}

/// A promise of units to one order line: a two-phase hold (pending, then ship or release).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub id: ReservationId,
    pub channel: ChannelId,
    pub order_ref: String,
    pub sku: SkuId,
    pub location: LocationId,
    pub qty: u64,
    pub remaining: u64,
    pub picked: u64,
    pub delivery: Delivery,
    pub created: Millis,
    pub deadline: Option<Millis>,
    pub status: ReservationStatus,
    pub tracking: Option<String>,
}
