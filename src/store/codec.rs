//! How records are stored: postcard inside a version envelope.
//!
//! Each stored record type has an envelope enum (`V1(..)`, later `V2(..)`), so a
//! file written by an older version still decodes. Decoding never panics: corrupt or
//! trailing bytes give an error naming the record kind.

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::domain::purchase::{PurchaseOrder, Snooze};
use crate::domain::stocktake::{CountEntry, CountSession};
use crate::domain::{Channel, Levels, Location, Millis, Movement, Reservation, Sku, User};

/// What the server remembers of an applied request: when, and the answer it gave, as the
/// server encoded it (the store does not look inside). An answer a later version cannot
/// decode is reported as such, never taken as "not applied".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub at: Millis,
    pub reply: Vec<u8>,
}

/// A stored record that failed to decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub record: &'static str,
    pub detail: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "corrupt {} record: {}", self.record, self.detail)
    }
}

/// A record type with a versioned envelope.
pub trait Record: Sized + Clone {
    const NAME: &'static str;
    type Envelope: Serialize + DeserializeOwned;
    fn wrap(&self) -> Self::Envelope;
    fn unwrap(env: Self::Envelope) -> Self;
    /// The record in its newest envelope, as bytes. The hot records (SKUs, levels, the
    /// ledger) write it without copying the record first.
    fn encoded(&self) -> Vec<u8> {
        // Serializing plain structs into a Vec cannot fail.
        postcard::to_allocvec(&self.wrap()).unwrap_or_default()
    }
}

pub fn encode<R: Record>(r: &R) -> Vec<u8> {
    r.encoded()
}

pub fn decode<R: Record>(bytes: &[u8]) -> Result<R, DecodeError> {
    match postcard::take_from_bytes::<R::Envelope>(bytes) {
        Ok((env, [])) => Ok(R::unwrap(env)),
        Ok((_, rest)) => Err(DecodeError {
            record: R::NAME,
            detail: format!("{} trailing bytes", rest.len()),
        }),
        Err(e) => Err(DecodeError {
            record: R::NAME,
            detail: e.to_string(),
        }),
    }
}

macro_rules! versioned {
    ($ty:ty, $env:ident, $name:literal) => {
        #[derive(Serialize, Deserialize)]
        pub enum $env {
            V1($ty),
        }
        impl Record for $ty {
            const NAME: &'static str = $name;
            type Envelope = $env;
            fn wrap(&self) -> $env {
                $env::V1(self.clone())
            }
            fn unwrap(env: $env) -> Self {
                match env {
                    $env::V1(v) => v,
                }
            }
            fn encoded(&self) -> Vec<u8> {
                // The envelope by reference: serde writes a reference as the value, so
                // the bytes are those of `$env::V1(value)` (the golden files check it).
                #[derive(Serialize)]
                #[serde(rename = $name)]
                enum Borrowed<'a> {
                    V1(&'a $ty),
                }
                // Serializing plain structs into a Vec cannot fail. Most records fit in
                // 128 bytes: one allocation, not a growing buffer.
                postcard::to_extend(&Borrowed::V1(self), Vec::with_capacity(128))
                    .unwrap_or_default()
            }
        }
    };
}

versioned!(Sku, SkuRecord, "sku");
versioned!(Location, LocationRecord, "location");
versioned!(Channel, ChannelRecord, "channel");
versioned!(Levels, LevelsRecord, "levels");
versioned!(Movement, MovementRecord, "movement");
versioned!(Reservation, ReservationRecord, "reservation");
versioned!(User, UserRecord, "user");
versioned!(CountSession, CountSessionRecord, "count session");
versioned!(CountEntry, CountEntryRecord, "count entry");
versioned!(PurchaseOrder, PurchaseOrderRecord, "purchase order");
versioned!(Snooze, SnoozeRecord, "snooze");
versioned!(RequestRecord, RequestEnvelope, "request");
