//! Socket bytes -> frames, both directions (what a hostile client or server sends).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stockroom::server::protocol::{self, ClientMsg, ServerMsg};

/// Small enough that a fuzzer-made length cannot allocate much.
const MAX: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let _ = protocol::decode::<ClientMsg>(data);
    let _ = protocol::decode::<ServerMsg>(data);
    let _ = protocol::read_frame::<_, ClientMsg>(&mut &data[..], MAX);
    let _ = protocol::read_frame::<_, ServerMsg>(&mut &data[..], MAX);
});
