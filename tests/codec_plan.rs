//! Golden bytes for the planned promotions (`plan_promos`): a change to `Promo` changes
//! these bytes and needs a record version `V2` in src/store/plan.rs, with `V1` still
//! decoding.

use stockroom::domain::forecast::Promo;
use stockroom::store::codec::{decode, encode};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn promo_golden() {
    let cases = [
        // V1; id 1, channel 3, days 20513..=20526 (zigzag varints), ×2.00, every SKU.
        (
            Promo {
                id: 1,
                channel: 3,
                from_day: 20_513,
                to_day: 20_526,
                uplift_pct: 200,
                skus: vec![],
            },
            "000103c2c002dcc002c80100",
        ),
        // Two SKUs, ×0.10, a day before 1970.
        (
            Promo {
                id: 300,
                channel: 1,
                from_day: -1,
                to_day: 0,
                uplift_pct: 10,
                skus: vec![7, 130],
            },
            "00ac020101000a02078201",
        ),
    ];
    for (v, want) in cases {
        let bytes = encode(&v);
        assert_eq!(hex(&bytes), want, "{v:?}: the encoding moved");
        assert_eq!(decode::<Promo>(&bytes), Ok(v.clone()));
        for n in 0..bytes.len() {
            assert!(decode::<Promo>(&bytes[..n]).is_err(), "{n} bytes decode");
        }
    }
    // Garbage is an error naming the record, never a panic.
    for bad in [
        &[1u8, 0, 0, 0, 0, 0, 0][..],
        &[0, 1, 1, 0, 0, 200, 1, 0xff, 0xff, 0xff, 0xff, 0xff],
        &[0, 1, 1, 0, 0, 200, 1, 0, 0],
    ] {
        let e = decode::<Promo>(bad).expect_err("garbage");
        assert_eq!(e.record, "promotion");
    }
}
