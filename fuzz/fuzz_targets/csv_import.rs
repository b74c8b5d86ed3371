//! CSV bytes -> table -> the SKU, stock and count importers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stockroom::io::{import, table};

fuzz_target!(|data: &[u8]| {
    let _ = table::decode(data);
    if let Ok(t) = table::parse("fuzz.csv", data) {
        let _ = import::sku_rows(&t);
        let _ = import::stock_rows(&t);
        let _ = import::count_rows(&t);
    }
});
