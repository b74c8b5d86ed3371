//! Golden bytes for the money recorded beside each sale (`money_sales`, keyed by the ledger
//! seq, so movements keep their bytes): a change to `SaleMoney` changes these bytes and
//! needs a record version `V2` in src/store/economics.rs, with `V1` still decoding.

use stockroom::store::codec::{decode, encode};
use stockroom::store::economics::SaleMoney;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sale_money_golden() {
    let cases = [
        // V1, no price, no cost, nothing else.
        (SaleMoney::default(), "000000000000"),
        // Price 990.00 (99000 zigzag 198000: f0 8a 0c), cost 400.00 (40000 zigzag 80000:
        // 80 f1 04), 20 % (2000: d0 0f), fee 30.00 (3000 zigzag 6000: f0 2e), delivery 0.
        (
            SaleMoney {
                price: Some(99_000),
                cost: Some(40_000),
                commission_bp: 2000,
                order_fee: 3000,
                delivery: 0,
            },
            "0001f08a0c0180f104d00ff02e00",
        ),
    ];
    for (v, want) in cases {
        let bytes = encode(&v);
        assert_eq!(hex(&bytes), want, "{v:?}: the encoding moved");
        assert_eq!(decode::<SaleMoney>(&bytes), Ok(v));
        for n in 0..bytes.len() {
            assert!(
                decode::<SaleMoney>(&bytes[..n]).is_err(),
                "{n} bytes decode"
            );
        }
    }
    for bad in [
        &[1u8, 0, 0, 0, 0, 0][..],
        &[0, 2, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0],
    ] {
        let e = decode::<SaleMoney>(bad).expect_err("garbage");
        assert_eq!(e.record, "sale money");
    }
}
