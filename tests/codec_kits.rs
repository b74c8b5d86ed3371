//! Golden bytes for the kit records (tables of their own, so SKU, level and movement
//! records keep their shape): a change to `Kit` or `KitMark` changes these bytes and needs a
//! record version `V2` in src/store/kits.rs, with `V1` still decoding.

use stockroom::domain::kit::{Kit, KitMark, KitPart};
use stockroom::store::codec::{decode, encode};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn kit_golden() {
    let k = Kit {
        kit: 4,
        parts: vec![
            KitPart { sku: 1, qty: 1 },
            KitPart { sku: 2, qty: 1 },
            KitPart { sku: 300, qty: 2 },
        ],
    };
    let bytes = encode(&k);
    assert_eq!(hex(&bytes), "00040301010201ac0202", "the encoding moved");
    assert_eq!(decode::<Kit>(&bytes), Ok(k));
    for n in 0..bytes.len() {
        assert!(decode::<Kit>(&bytes[..n]).is_err(), "{n} bytes decode");
    }
    for bad in [&[1u8, 4, 0][..], &[0, 4, 1, 1], &[0, 4, 0, 0]] {
        let e = decode::<Kit>(bad).expect_err("garbage");
        assert_eq!(e.record, "kit");
    }
}

#[test]
fn kit_mark_golden() {
    let m = KitMark {
        kit: 4,
        kits: 2,
        per: 300,
    };
    let bytes = encode(&m);
    assert_eq!(hex(&bytes), "000402ac02", "the encoding moved");
    assert_eq!(decode::<KitMark>(&bytes), Ok(m));
    for n in 0..bytes.len() {
        assert!(decode::<KitMark>(&bytes[..n]).is_err(), "{n} bytes decode");
    }
    for bad in [&[1u8, 4, 2, 1][..], &[0, 4, 2, 1, 0]] {
        let e = decode::<KitMark>(bad).expect_err("garbage");
        assert_eq!(e.record, "kit mark");
    }
}
