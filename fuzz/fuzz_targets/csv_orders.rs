//! CSV bytes -> table -> a marketplace's order export.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stockroom::io::{orders, table};

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = table::parse("orders.csv", data) {
        let _ = orders::order_rows(&t);
    }
});
