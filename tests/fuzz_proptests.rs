//! Bounded fuzzing with proptest: every parser that reads bytes from outside must answer
//! with a value or an error, never a panic. The entry points (the same as fuzz/):
//! - CSV: `io::table::parse`, then `io::import::{sku_rows, stock_rows, count_rows}` and
//!   `io::orders::order_rows` on whatever table came out;
//! - the keymap: `Keymap::merge_text`;
//! - stored records: `store::codec::decode` for every record type;
//! - the socket: `server::protocol::decode` and `read_frame`.
//!
//! Each property gets random bytes and also inputs shaped like the real thing (CSV with
//! known headers, TOML with known sections, valid frames with flipped bytes), so the
//! search gets past the first line of each parser. The number of cases is fixed, so the
//! run time is bounded (a few seconds); `PROPTEST_CASES=100000` runs longer.

use proptest::prelude::*;

use stockroom::domain::purchase::{PurchaseOrder, Snooze};
use stockroom::domain::stocktake::{CountEntry, CountSession};
use stockroom::domain::{Channel, Levels, Location, Movement, Reservation, Sku, User};
use stockroom::inventory::remote::protocol::{self, ClientMsg, MAX_REQUEST, ServerMsg};
use stockroom::inventory::{Command, Query};
use stockroom::io::{import, orders, table};
use stockroom::store::codec::{Record, decode, encode};
use stockroom::tui::keymap::Keymap;

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(n),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Everything the CSV side does with one file's bytes.
fn csv_everything(bytes: &[u8]) {
    let _ = table::decode(bytes);
    if let Ok(t) = table::parse("fuzz.csv", bytes) {
        let _ = import::sku_rows(&t);
        let _ = import::stock_rows(&t);
        let _ = import::count_rows(&t);
        let _ = orders::order_rows(&t);
    }
}

const HEADERS: &[&str] = &[
    "code",
    "sku",
    "артикул",
    "name",
    "наименование",
    "barcode",
    "штрихкод",
    "qty",
    "quantity",
    "остаток",
    "количество",
    "location",
    "склад",
    "min",
    "safety",
    "cost",
    "цена",
    "price",
    "supplier",
    "lead_days",
    "pack",
    "order_id",
    "status",
    "delivery",
    "dest",
    "created_at",
    "unknown",
];

/// A field: numbers in many spellings, names with quotes and separators, control bytes.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{0,12}",
        "[0-9]{1,4}[,.][0-9]{0,3}",
        "[0-9 ]{1,9}",
        "[A-Za-z0-9-]{0,20}",
        "[а-яА-ЯёЁ ]{0,20}",
        "[\"';,\t\r\n]{0,4}[a-z]{0,5}[\"';,]{0,3}",
        "\\PC{0,30}",
        "[\u{0}-\u{1f}\u{7f}\u{1b}]{0,5}",
        Just("1e9".to_string()),
        Just("18446744073709551616".to_string()),
        Just("ready_to_ship".to_string()),
        Just("cancelled".to_string()),
    ]
}

/// A CSV file: a header of known names, rows of fields, one of the usual delimiters,
/// maybe quoted, maybe with a BOM, as UTF-8 or Windows-1251.
fn csv_file() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::subsequence(HEADERS, 1..7),
        proptest::collection::vec(proptest::collection::vec(field(), 0..8), 0..12),
        prop_oneof![Just(','), Just(';'), Just('\t')],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(headers, rows, delim, quote, bom, cp1251)| {
            let q = |s: &str| {
                if quote {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_string()
                }
            };
            let d = delim.to_string();
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str(&headers.iter().map(|h| q(h)).collect::<Vec<_>>().join(&d));
            for r in rows {
                text.push_str("\r\n");
                text.push_str(&r.iter().map(|f| q(f)).collect::<Vec<_>>().join(&d));
            }
            if cp1251 {
                encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            }
        })
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn csv_random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        csv_everything(&bytes);
    }

    #[test]
    fn csv_shaped_files_never_panic(bytes in csv_file()) {
        csv_everything(&bytes);
    }
}

// ---- keymap ------------------------------------------------------------------------

fn toml_line() -> impl Strategy<Value = String> {
    let section = prop_oneof![
        Just("global"),
        Just("list"),
        Just("form"),
        Just("detail"),
        Just("scan"),
        Just("nowhere"),
    ];
    let key = prop_oneof![
        "[a-z0-9]",
        Just("ctrl-c".to_string()),
        Just("g g".to_string()),
        Just("shift-tab".to_string()),
        Just("f13".to_string()),
        Just("alt-".to_string()),
        "\\PC{0,6}",
    ];
    let action = prop_oneof![
        Just("\"cursor_down\"".to_string()),
        Just("\"quit\"".to_string()),
        Just("\"no_op\"".to_string()),
        Just("[\"cursor_down\", \"open\"]".to_string()),
        Just("[]".to_string()),
        Just("42".to_string()),
        Just("{ a = 1 }".to_string()),
        "\"\\PC{0,10}\"",
    ];
    prop_oneof![
        section.prop_map(|s| format!("[{s}]")),
        (key, action).prop_map(|(k, a)| format!("{k:?} = {a}")),
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn keymap_random_text_never_panics(text in "\\PC{0,400}") {
        let _ = Keymap::defaults().merge_text("fuzz.toml", &text);
    }

    #[test]
    fn keymap_shaped_text_never_panics(lines in proptest::collection::vec(toml_line(), 0..20)) {
        let _ = Keymap::defaults().merge_text("fuzz.toml", &lines.join("\n"));
    }
}

// ---- stored records ----------------------------------------------------------------

fn decode_all(bytes: &[u8]) {
    let _ = decode::<Sku>(bytes);
    let _ = decode::<Location>(bytes);
    let _ = decode::<Channel>(bytes);
    let _ = decode::<Levels>(bytes);
    let _ = decode::<Movement>(bytes);
    let _ = decode::<Reservation>(bytes);
    let _ = decode::<User>(bytes);
    let _ = decode::<CountSession>(bytes);
    let _ = decode::<CountEntry>(bytes);
    let _ = decode::<PurchaseOrder>(bytes);
    let _ = decode::<Snooze>(bytes);
}

/// Real records to damage: levels and a user, encoded by the program itself.
fn real_records() -> Vec<Vec<u8>> {
    fn enc<R: Record>(r: &R) -> Vec<u8> {
        encode(r)
    }
    vec![
        enc(&Levels {
            on_hand: 12,
            reserved: 3,
            defective: 1,
        }),
        enc(&User {
            name: "Мария".into(),
            role: stockroom::domain::Role::Packer,
        }),
    ]
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn records_random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        decode_all(&bytes);
    }

    #[test]
    fn records_with_flipped_bytes_never_panic(
        which in 0usize..2,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = real_records()[which].clone();
        for (i, x) in flips {
            let at = i.index(bytes.len());
            bytes[at] ^= x;
        }
        decode_all(&bytes);
        decode_all(&bytes[..cut.index(bytes.len() + 1)]);
    }
}

// ---- the socket ----------------------------------------------------------------------

fn frames(bytes: &[u8]) {
    let _ = protocol::decode::<ClientMsg>(bytes);
    let _ = protocol::decode::<ServerMsg>(bytes);
    let _ = protocol::read_frame::<_, ClientMsg>(&mut &bytes[..], MAX_REQUEST);
    let _ = protocol::read_frame::<_, ServerMsg>(&mut &bytes[..], MAX_REQUEST);
}

/// Valid client frames to damage.
fn real_frames() -> Vec<Vec<u8>> {
    let msgs = [
        ClientMsg::Hello {
            protocol: protocol::PROTOCOL_VERSION,
            client: "fuzz".into(),
        },
        ClientMsg::Query(Query::SkuList {
            filter: Some("чай".into()),
            low: true,
        }),
        ClientMsg::Execute(Command::Receive {
            sku: "TEA-001".into(),
            qty: 5,
            at: Some("Shop".into()),
            reference: None,
        }),
        ClientMsg::Query(Query::Backup {
            path: "/tmp/b.redb".into(),
            overwrite: false,
        }),
        ClientMsg::Request {
            id: u128::MAX - 7,
            cmd: Command::Receive {
                sku: "TEA-001".into(),
                qty: 2,
                at: None,
                reference: Some("ref".into()),
            },
        },
    ];
    msgs.iter()
        .map(|m| {
            let mut buf = Vec::new();
            protocol::write_frame(&mut buf, m).unwrap();
            buf
        })
        .collect()
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn frames_random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        frames(&bytes);
    }

    #[test]
    fn frames_with_flipped_bytes_never_panic(
        which in 0usize..4,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = real_frames()[which].clone();
        for (i, x) in flips {
            let at = i.index(bytes.len());
            bytes[at] ^= x;
        }
        frames(&bytes);
        frames(&bytes[4..]);
    }
}
