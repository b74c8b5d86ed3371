//! Golden bytes for the purchasing records (schema 4): purchase orders and snoozes.
//! As in codec_golden.rs, a change to their shape changes these bytes and needs a new
//! record version (`V2`) in src/store/codec.rs, with `V1` still decoding.

use proptest::prelude::*;
use stockroom::domain::StockStatus;
use stockroom::domain::purchase::{PoLine, PoReceipt, PoStatus, PurchaseOrder, Snooze};
use stockroom::store::codec::{Record, decode, encode};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn order(status: PoStatus, closed: Option<i64>) -> PurchaseOrder {
    PurchaseOrder {
        id: 300,
        supplier: "ООО Чайный двор".into(),
        status,
        created: 1_700_000_000_000,
        created_by: "owner".into(),
        closed,
        lines: vec![
            PoLine {
                sku: 7,
                ordered: 24,
                received: 6,
            },
            PoLine {
                sku: 70_000,
                ordered: 1,
                received: 0,
            },
        ],
    }
}

fn snooze(status: StockStatus) -> Snooze {
    Snooze {
        sku: 7,
        until: 1_700_604_800_000,
        by: "owner".into(),
        status,
    }
}

fn golden<R: Record + PartialEq + std::fmt::Debug>(what: &str, value: &R, want: &str) {
    assert_eq!(hex(&encode(value)), want, "{what}: the encoding moved");
    let bytes = unhex(want);
    assert_eq!(decode::<R>(&bytes).as_ref(), Ok(value), "{what}");
    for n in 0..bytes.len() {
        assert!(
            decode::<R>(&bytes[..n]).is_err(),
            "{what}: {n} bytes decode"
        );
    }
    let mut long = bytes.clone();
    long.push(0);
    assert!(
        decode::<R>(&long).is_err(),
        "{what}: a trailing byte decodes"
    );
    let mut v2 = bytes;
    v2[0] = 1;
    assert!(decode::<R>(&v2).is_err(), "{what}: envelope V2 decodes");
}

const ORDER_OPEN: &str = "00ac021cd09ed09ed09e20d0a7d0b0d0b9d0bdd18bd0b920d0b4d0b2d0bed1800080a0abfef962056f776e65720002071806f0a2040100";
const ORDER_CANCELLED: &str = "00ac021cd09ed09ed09e20d0a7d0b0d0b9d0bdd18bd0b920d0b4d0b2d0bed1800280a0abfef962056f776e65720180a4daddfa6202071806f0a2040100";
const ORDER_RECEIVED: &str = "00ac021cd09ed09ed09e20d0a7d0b0d0b9d0bdd18bd0b920d0b4d0b2d0bed1800180a0abfef962056f776e65720180a4daddfa6202071806f0a2040100";
const SNOOZE_CRITICAL: &str = "000780b08fbffe62056f776e657202";
const SNOOZE_REORDER: &str = "000780b08fbffe62056f776e657203";

#[test]
fn purchase_order_golden() {
    golden("open order", &order(PoStatus::Open, None), ORDER_OPEN);
    golden(
        "cancelled order",
        &order(PoStatus::Cancelled, Some(1_700_100_000_000)),
        ORDER_CANCELLED,
    );
    golden(
        "received order",
        &order(PoStatus::Received, Some(1_700_100_000_000)),
        ORDER_RECEIVED,
    );
}

#[test]
fn snooze_golden() {
    golden(
        "critical snooze",
        &snooze(StockStatus::Critical),
        SNOOZE_CRITICAL,
    );
    // `low` is the `reorder` of schema 4, at the same position.
    golden("low snooze", &snooze(StockStatus::Low), SNOOZE_REORDER);
}

/// A receipt against an order, kept in its own table beside the order (whose bytes above
/// stay as they were).
const RECEIPT_LATE: &str = "0080b08fbffe62180c01";

#[test]
fn receipt_golden() {
    let r = PoReceipt {
        at: 1_700_604_800_000,
        units: 24,
        lead_days: 12,
        late: true,
    };
    golden("late receipt", &r, RECEIPT_LATE);
}

proptest! {
    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode::<PurchaseOrder>(&bytes);
        let _ = decode::<Snooze>(&bytes);
        let _ = decode::<PoReceipt>(&bytes);
    }
}
