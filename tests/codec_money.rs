//! Golden bytes for the money kept per channel (`money_channel_economics`, a table of its
//! own so the channel record keeps its shape): a change to `ChannelEconomics` changes these
//! bytes and needs a record version `V2` in src/store/economics.rs, with `V1` still decoding.

use stockroom::store::codec::{decode, encode};
use stockroom::store::economics::ChannelEconomics;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn channel_economics_golden() {
    let cases = [
        // V1, commission 0, fee 0.
        (0, 0, "000000"),
        // 20 % = 2000 (varint d0 0f); 30.00 ₽ = 3000 kopecks (zigzag 6000: f0 2e).
        (2000, 3000, "00d00ff02e"),
        // 100 %, 12.50 ₽.
        (10_000, 1250, "00904ec413"),
    ];
    for (commission_bp, order_fee, want) in cases {
        let v = ChannelEconomics {
            commission_bp,
            order_fee,
        };
        let bytes = encode(&v);
        assert_eq!(hex(&bytes), want, "{v:?}: the encoding moved");
        assert_eq!(decode::<ChannelEconomics>(&bytes), Ok(v));
        for n in 0..bytes.len() {
            assert!(
                decode::<ChannelEconomics>(&bytes[..n]).is_err(),
                "{n} bytes decode"
            );
        }
    }
    // Garbage is an error naming the record, never a panic.
    for bad in [
        &[1u8, 0, 0][..],
        &[0, 0, 0, 0],
        &[0, 0xff, 0xff, 0xff, 0xff, 0xff, 0],
    ] {
        let e = decode::<ChannelEconomics>(bad).expect_err("garbage");
        assert_eq!(e.record, "channel economics");
    }
}
