//! Golden bytes for a channel's marketplace setup (its own table, so the channel record
//! keeps its shape): a change to `ChannelSetup` or to the order of the profiles changes
//! these bytes and needs a record version `V2` in src/store/market.rs, with `V1` still
//! decoding.

use stockroom::domain::profile::Profile;
use stockroom::store::codec::{decode, encode};
use stockroom::store::market::ChannelSetup;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn channel_setup_golden() {
    let cases = [
        (Profile::Generic, false, "000000"),
        (Profile::Ozon, true, "000101"),
        (Profile::Wildberries, false, "000200"),
        (Profile::YandexMarket, true, "000301"),
        (Profile::Latorga, false, "000400"),
    ];
    assert_eq!(
        cases.len(),
        Profile::ALL.len(),
        "a golden for every profile"
    );
    for (profile, listed_only, want) in cases {
        let v = ChannelSetup {
            profile,
            listed_only,
        };
        let bytes = encode(&v);
        assert_eq!(hex(&bytes), want, "{profile:?}: the encoding moved");
        assert_eq!(decode::<ChannelSetup>(&bytes), Ok(v));
        for n in 0..bytes.len() {
            assert!(
                decode::<ChannelSetup>(&bytes[..n]).is_err(),
                "{n} bytes decode"
            );
        }
    }
    // Garbage is an error naming the record, never a panic.
    for bad in [&[1u8, 0, 0][..], &[0, 9, 0], &[0, 0, 2], &[0, 0, 0, 0]] {
        let e = decode::<ChannelSetup>(bad).expect_err("garbage");
        assert_eq!(e.record, "channel setup");
    }
}
