//! Stored record bytes -> every record type (what a damaged file feeds the decoder).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stockroom::domain::purchase::{PurchaseOrder, Snooze};
use stockroom::domain::stocktake::{CountEntry, CountSession};
use stockroom::domain::{Channel, Levels, Location, Movement, Reservation, Sku, User};
use stockroom::store::codec::decode;

fuzz_target!(|data: &[u8]| {
    let _ = decode::<Sku>(data);
    let _ = decode::<Location>(data);
    let _ = decode::<Channel>(data);
    let _ = decode::<Levels>(data);
    let _ = decode::<Movement>(data);
    let _ = decode::<Reservation>(data);
    let _ = decode::<User>(data);
    let _ = decode::<CountSession>(data);
    let _ = decode::<CountEntry>(data);
    let _ = decode::<PurchaseOrder>(data);
    let _ = decode::<Snooze>(data);
});
