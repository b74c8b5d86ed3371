//! The wire: length-prefixed postcard frames over a Unix socket.
//!
//! A frame is a little-endian u32 length and that many bytes of postcard. The client speaks
//! first with `Hello`; the server answers `Welcome` (or `Refused`) and then one reply per
//! message, in order (`Applied` for `Request` and `Execute`, `Answer` for `Query`).
//! A subscribed connection also receives `Changed` after every commit.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::domain::{Role, Seq, SkuId};
use crate::inventory::{Answer, Applied, Command, Error, Query};

/// 2 added `Request`: a command with an id, so a retry after a lost answer is not
/// applied twice. A server still answers version 1 clients (they send `Execute`).
/// 3 added `Outcome::OrdersChanged` (an order import that changed quantities); an older
/// client gets it as `OrdersImported` (see `for_protocol`).
/// 4 added `Outcome::ReservedSplit` (a reservation taken from several locations) and the
/// commands `ReservationMove` and `ReservationBackorder`; an older client gets the split
/// as `Reserved` with its first part.
/// 5: the SKU rows, the detail, the alerts and the matrix carry the one stock status and
/// where each threshold comes from. Commands of older clients are still answered; their
/// reads of those answers are not readable to them: run the same stockroom version.
/// 6: errors cross as data, never as words, so each client words them in its own
/// language: a bad row carries the engine's error (`RowMessage`), a refused path its
/// reason (`InputError::BadPath`), and a lost stored answer, a stopping or gone server and
/// a refused restore have their own `StoreErrorWire` variants (added at the end). Every
/// other error and every answer is encoded as in 5, so a client of 1 to 5 is still served
/// (`MIN_PROTOCOL_VERSION` stays 1); only those errors are not readable to it (it reports
/// a malformed reply): run the same stockroom version.
/// 7: answers carry typed values where they carried words: a reservation's status, its
/// delivery method and destination, a channel's kind, a count session's and a purchase
/// order's status, a reconciliation row's marks, a defect row's reason, a moved outcome's
/// kind and the status in `Refusal::ReservationNotOpen` are enums (postcard writes their
/// index, not their word); a history row's kind still crosses as its word. Commands of
/// older clients are still answered; their reads of those answers are not readable to
/// them: run the same stockroom version.
/// 8 added the queries `SkuByPrefix` (SKUs by the beginning of a code or barcode) and
/// `ReservationQueue` (the head of the queue), at the end; everything else is as in 7.
/// 9: a reservation's row carries its kit's pick list (`parts`: each component, the units
/// needed and scanned) at its end, and a kit's detail its locations (`places`, each with
/// its limit) and where each component limits it (`limits_at`). Commands of older
/// clients are still answered; their reads of reservations and kits are not readable to
/// them: run the same stockroom version.
pub const PROTOCOL_VERSION: u32 = 9;
/// The oldest client protocol a server still speaks.
pub const MIN_PROTOCOL_VERSION: u32 = 1;

/// A command's answer as a client of `protocol` can read it.
pub fn for_protocol(r: Result<Applied, Error>, protocol: u32) -> Result<Applied, Error> {
    match r {
        Ok(mut a) if protocol < 4 => {
            if let crate::inventory::Outcome::ReservedSplit(parts) = &a.outcome
                && let Some(first) = parts.first()
            {
                a.outcome = crate::inventory::Outcome::Reserved(first.clone());
            }
            if protocol < 3
                && let crate::inventory::Outcome::OrdersChanged { summary, .. } = a.outcome
            {
                a.outcome = crate::inventory::Outcome::OrdersImported(summary);
            }
            Ok(a)
        }
        other => other,
    }
}
/// The largest request a server reads; a bigger one closes the connection.
pub const MAX_REQUEST: usize = 64 << 20;
/// The largest reply a client reads (a whole ledger export can be large).
pub const MAX_REPLY: usize = 2 << 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ClientMsg {
    Hello {
        protocol: u32,
        client: String,
    },
    Execute(Command),
    Query(Query),
    /// From now on, send `Changed` after every commit.
    Subscribe,
    /// A command with the client's id for it (protocol 2). The server remembers the
    /// answers of applied ids for a while; the same id again gets the first answer and
    /// is not applied twice. New variants go at the end: postcard numbers them in order.
    Request {
        id: u128,
        cmd: Command,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)] // one message at a time; boxing buys nothing here
pub enum ServerMsg {
    Welcome {
        protocol: u32,
        user: String,
        role: Option<Role>,
    },
    Refused {
        reason: String,
    },
    Applied(Result<Applied, Error>),
    Answer(Result<Answer, Error>),
    Changed {
        seq: Seq,
        skus: Vec<SkuId>,
    },
}

#[derive(Debug)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    Closed,
    TooLarge(usize),
    Io(std::io::Error),
    Decode(String),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Closed => write!(f, "connection closed"),
            FrameError::TooLarge(n) => write!(f, "frame of {n} bytes is over the limit"),
            FrameError::Io(e) => write!(f, "{e}"),
            FrameError::Decode(e) => write!(f, "malformed frame: {e}"),
        }
    }
}

pub fn write_frame<W: Write, T: Serialize>(w: &mut W, msg: &T) -> std::io::Result<()> {
    let body = postcard::to_allocvec(msg).map_err(std::io::Error::other)?;
    let len = u32::try_from(body.len()).map_err(std::io::Error::other)?;
    let mut buf = Vec::with_capacity(body.len() + 4);
    buf.extend_from_slice(&len.to_le_bytes());
    buf.extend_from_slice(&body);
    w.write_all(&buf)?;
    w.flush()
}

pub fn read_frame<R: Read, T: DeserializeOwned>(r: &mut R, max: usize) -> Result<T, FrameError> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(FrameError::Io(e)),
    }
    let n = u32::from_le_bytes(len) as usize;
    if n > max {
        return Err(FrameError::TooLarge(n));
    }
    let mut body = vec![0u8; n];
    r.read_exact(&mut body).map_err(FrameError::Io)?;
    decode(&body)
}

/// Decodes one frame body; trailing bytes are an error.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    match postcard::take_from_bytes::<T>(body) {
        Ok((v, [])) => Ok(v),
        Ok((_, rest)) => Err(FrameError::Decode(format!("{} trailing bytes", rest.len()))),
        Err(e) => Err(FrameError::Decode(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_client_gets_changed_orders_as_an_import_it_can_read() {
        use crate::inventory::Outcome;
        use crate::inventory::channels::OrdersSummary;
        let summary = OrdersSummary {
            rows: 2,
            reserved: 1,
            ..OrdersSummary::default()
        };
        let applied = |outcome| {
            Ok(Applied {
                outcome,
                seq: 4,
                skus: vec![1],
            })
        };
        let changed = applied(Outcome::OrdersChanged {
            summary: summary.clone(),
            changed: 1,
        });
        assert_eq!(
            for_protocol(changed.clone(), 2),
            applied(Outcome::OrdersImported(summary))
        );
        assert_eq!(for_protocol(changed.clone(), 3), changed);
    }

    #[test]
    fn an_older_client_gets_a_split_reservation_as_its_first_part() {
        use crate::inventory::{Outcome, ReservationView};
        let part = |id: u64, location: &str, qty: u64| ReservationView {
            reservation: id,
            status: crate::domain::ReservationStatus::Open,
            channel: "WB".into(),
            order: "WB-1".into(),
            code: "MUG-01".into(),
            name: "Кружка".into(),
            barcodes: Vec::new(),
            location: location.into(),
            qty,
            remaining: qty,
            picked: 0,
            delivery: None,
            destination: None,
            address: None,
            created: "2026-03-04T10:00:00Z".into(),
            created_ms: 0,
            deadline: None,
            deadline_ms: None,
            tracking: None,
            short: 0,
            parts: Vec::new(),
        };
        let applied = |outcome| {
            Ok(Applied {
                outcome,
                seq: 2,
                skus: vec![1],
            })
        };
        let split = applied(Outcome::ReservedSplit(vec![
            part(1, "Main warehouse", 3),
            part(2, "Shop", 1),
        ]));
        let first = applied(Outcome::Reserved(part(1, "Main warehouse", 3)));
        assert_eq!(for_protocol(split.clone(), 3), first);
        assert_eq!(for_protocol(split.clone(), 1), first);
        assert_eq!(for_protocol(split.clone(), 4), split);
    }

    #[test]
    fn frames_round_trip_and_garbage_is_an_error() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &ClientMsg::Query(Query::Stats)).unwrap();
        let back: ClientMsg = read_frame(&mut buf.as_slice(), MAX_REQUEST).unwrap();
        assert!(matches!(back, ClientMsg::Query(Query::Stats)));
        let garbage = [3u8, 0, 0, 0, 0xff, 0xff, 0xff];
        assert!(read_frame::<_, ClientMsg>(&mut garbage.as_slice(), MAX_REQUEST).is_err());
        let huge = (u32::MAX).to_le_bytes();
        assert!(matches!(
            read_frame::<_, ClientMsg>(&mut huge.as_slice(), MAX_REQUEST),
            Err(FrameError::TooLarge(_))
        ));
        assert!(matches!(
            read_frame::<_, ClientMsg>(&mut [].as_slice(), MAX_REQUEST),
            Err(FrameError::Closed)
        ));
    }
}
