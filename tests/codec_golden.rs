//! Golden bytes for every stored record version, and garbage that must not panic.
//!
//! The hex strings below were computed once from the values beside them and are pinned:
//! a change to the shape of a stored struct or enum (a field added, removed or reordered,
//! a variant moved) changes the bytes and fails here. Such a change needs a new record
//! version (`V2`) in src/store/codec.rs, with `V1` still decoding, and new goldens.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use stockroom::domain::{
    Channel, ChannelKind, DefectReason, Delivery, DeliveryMethod, Delta, Destination, Levels,
    Location, Movement, MovementKind, Reservation, ReservationStatus, Role, Sku, User,
};
use stockroom::inventory::{
    Command, Error, Inventory, InventoryExt, LocalInventory, SkuSpec, StoreErrorWire,
};
use stockroom::store::codec::{Record, decode, encode};
use stockroom::store::{RequestRecord, Store, StoreError};

const NOW: i64 = 1_700_000_000_000;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

// ---- the fixed values ----------------------------------------------------------------

fn sku_full() -> Sku {
    Sku {
        id: 7,
        code: "TSHIRT-RED-M".into(),
        name: "Футболка красная, M".into(),
        barcodes: vec!["4600000000011".into(), "2000000000015".into()],
        supplier: Some("ООО Текстиль".into()),
        lead_days: 21,
        min_stock: Some(20),
        safety_stock: Some(5),
        pack_size: 6,
        cost: Some(45_050),
        price: Some(129_900),
        archived: true,
    }
}

fn sku_min() -> Sku {
    Sku::new(1, "A", "a")
}

fn location() -> Location {
    Location {
        id: 3,
        name: "Гараж, полка 2".into(),
    }
}

fn channel(kind: ChannelKind) -> Channel {
    Channel::new(2, "Wildberries", kind, 1)
}

fn channel_full() -> Channel {
    Channel {
        id: 300,
        name: "Telegram".into(),
        kind: ChannelKind::Messenger,
        priority: 3,
        paused: true,
        keep_when_low: true,
        share_pct: 50,
        buffer: 2,
        max_listed: Some(100),
        sources: vec![1, 3],
        hold_ttl_secs: Some(86_400),
    }
}

fn levels() -> Levels {
    Levels {
        on_hand: 300,
        reserved: 5,
        defective: 1,
    }
}

fn movement(kind: MovementKind) -> Movement {
    Movement {
        seq: 1,
        at: 0,
        actor: "o".into(),
        sku: 1,
        location: 1,
        kind,
        qty: 1,
        delta: Delta::default(),
        channel: None,
        reservation: None,
        reference: None,
        note: None,
        after: Levels::default(),
        after_to: None,
    }
}

fn movement_full() -> Movement {
    Movement {
        seq: 42,
        at: NOW,
        actor: "owner".into(),
        sku: 70_000,
        location: 2,
        kind: MovementKind::Transfer { to: 3 },
        qty: 3,
        delta: Delta {
            on_hand: -3,
            reserved: 0,
            defective: 0,
        },
        channel: Some(1),
        reservation: Some(9),
        reference: Some("PO-17".into()),
        note: Some("заметка".into()),
        after: Levels {
            on_hand: 7,
            reserved: 2,
            defective: 0,
        },
        after_to: Some(Levels {
            on_hand: 3,
            reserved: 0,
            defective: 1,
        }),
    }
}

fn reservation(status: ReservationStatus) -> Reservation {
    Reservation {
        id: 1,
        channel: 1,
        order_ref: "R1".into(),
        sku: 1,
        location: 1,
        qty: 1,
        remaining: 1,
        picked: 0,
        delivery: Delivery::default(),
        created: 0,
        deadline: None,
        status,
        tracking: None,
    }
}

fn reservation_full() -> Reservation {
    Reservation {
        id: 123_456,
        channel: 2,
        order_ref: "WB-1001".into(),
        sku: 7,
        location: 3,
        qty: 5,
        remaining: 3,
        picked: 2,
        delivery: Delivery {
            method: Some(DeliveryMethod::Cdek),
            destination: Some(Destination::PickupPoint),
            address: Some("Москва, ул. Ленина, 1".into()),
        },
        created: NOW,
        deadline: Some(NOW + 3_600_000),
        status: ReservationStatus::Picked,
        tracking: Some("1234567890".into()),
    }
}

fn user(role: Role) -> User {
    User {
        name: "ольга".into(),
        role,
    }
}

// ---- the goldens -----------------------------------------------------------------------

/// encode(value) == golden, decode(golden) == value, and the damaged forms of the
/// golden bytes are errors naming the record kind.
fn golden<R: Record + PartialEq + std::fmt::Debug>(
    what: &str,
    value: &R,
    want: &str,
    bad: &mut Vec<String>,
) {
    let got = hex(&encode(value));
    if got != want {
        bad.push(format!(
            "{what}: encode gives\n    \"{got}\"\n  pinned\n    \"{want}\""
        ));
        return;
    }
    let bytes = unhex(want);
    match decode::<R>(&bytes) {
        Ok(v) if &v == value => {}
        other => bad.push(format!("{what}: decode(golden) = {other:?}")),
    }
    for n in 0..bytes.len() {
        match decode::<R>(&bytes[..n]) {
            Err(e) if e.record == R::NAME => {}
            other => bad.push(format!("{what}: decode of the first {n} bytes = {other:?}")),
        }
    }
    for extra in [0u8, 1, 0xff] {
        let mut long = bytes.clone();
        long.push(extra);
        match decode::<R>(&long) {
            Err(e) if e.record == R::NAME && e.detail.contains("trailing") => {}
            other => bad.push(format!(
                "{what}: decode with a trailing {extra:#04x} = {other:?}"
            )),
        }
    }
    // Envelope versions that do not exist (V2.. before they are written).
    for version in [1u8, 2, 0x7f] {
        let mut other_version = bytes.clone();
        other_version[0] = version;
        if let Ok(v) = decode::<R>(&other_version) {
            bad.push(format!(
                "{what}: envelope version {version} decoded as {v:?}"
            ));
        }
    }
}

fn report(bad: Vec<String>) {
    assert!(
        bad.is_empty(),
        "{} golden mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn sku_golden() {
    let mut bad = Vec::new();
    golden(
        "sku full",
        &sku_full(),
        "00070c5453484952542d5245442d4d22d0a4d183d182d0b1d0bed0bbd0bad0b020d0bad180d0b0d181d0bdd0b0d18f2c204d020d343630303030303030303031310d323030303030303030303031350117d09ed09ed09e20d0a2d0b5d0bad181d182d0b8d0bbd18c15011401050601f4bf0501d8ed0f01",
        &mut bad,
    );
    golden(
        "sku minimal",
        &sku_min(),
        "00010141016100000e000001000000",
        &mut bad,
    );
    report(bad);
}

#[test]
fn location_golden() {
    let mut bad = Vec::new();
    golden(
        "location",
        &location(),
        "000318d093d0b0d180d0b0d0b62c20d0bfd0bed0bbd0bad0b02032",
        &mut bad,
    );
    report(bad);
}

#[test]
fn channel_golden() {
    let mut bad = Vec::new();
    golden(
        "channel full",
        &channel_full(),
        "00ac020854656c656772616d04030101320201640201030180a305",
        &mut bad,
    );
    let kinds = [
        (
            ChannelKind::Marketplace,
            "00020b57696c6462657272696573000100006400000000",
        ),
        (
            ChannelKind::Retail,
            "00020b57696c6462657272696573010100006400000000",
        ),
        (
            ChannelKind::Website,
            "00020b57696c6462657272696573020100006400000000",
        ),
        (
            ChannelKind::Social,
            "00020b57696c6462657272696573030100006400000000",
        ),
        (
            ChannelKind::Messenger,
            "00020b57696c6462657272696573040100006400000000",
        ),
        (
            ChannelKind::Wholesale,
            "00020b57696c6462657272696573050100006400000000",
        ),
        (
            ChannelKind::Other,
            "00020b57696c6462657272696573060100006400000000",
        ),
    ];
    assert_eq!(
        kinds.len(),
        ChannelKind::ALL.len(),
        "a golden for every channel kind"
    );
    for (kind, want) in kinds {
        golden(
            &format!("channel {}", kind.as_str()),
            &channel(kind),
            want,
            &mut bad,
        );
    }
    report(bad);
}

#[test]
fn levels_golden() {
    let mut bad = Vec::new();
    golden("levels", &levels(), "00ac020501", &mut bad);
    golden("levels zero", &Levels::default(), "00000000", &mut bad);
    golden(
        "levels max",
        &Levels {
            on_hand: u64::MAX,
            reserved: u64::MAX,
            defective: u64::MAX,
        },
        "00ffffffffffffffffff01ffffffffffffffffff01ffffffffffffffffff01",
        &mut bad,
    );
    report(bad);
}

#[test]
fn movement_golden() {
    let mut bad = Vec::new();
    golden(
        "movement full",
        &movement_full(),
        "002a80a0abfef962056f776e6572f0a204020b0303050000010101090105504f2d3137010ed0b7d0b0d0bcd0b5d182d0bad0b007020001030001",
        &mut bad,
    );
    let kinds = [
        (
            MovementKind::Receive,
            "000100016f010100010000000000000000000000",
        ),
        (
            MovementKind::Reserve,
            "000100016f010101010000000000000000000000",
        ),
        (
            MovementKind::Release,
            "000100016f010102010000000000000000000000",
        ),
        (
            MovementKind::Expire,
            "000100016f010103010000000000000000000000",
        ),
        (
            MovementKind::Ship,
            "000100016f010104010000000000000000000000",
        ),
        (
            MovementKind::Sell,
            "000100016f010105010000000000000000000000",
        ),
        (
            MovementKind::ReturnRestock,
            "000100016f010106010000000000000000000000",
        ),
        (
            MovementKind::ReturnDefect(DefectReason::ShippingDamage),
            "000100016f01010700010000000000000000000000",
        ),
        (
            MovementKind::ReturnDefect(DefectReason::Manufacturing),
            "000100016f01010701010000000000000000000000",
        ),
        (
            MovementKind::ReturnDefect(DefectReason::Packaging),
            "000100016f01010702010000000000000000000000",
        ),
        (
            MovementKind::ReturnDefect(DefectReason::Other),
            "000100016f01010703010000000000000000000000",
        ),
        (
            MovementKind::Defect(DefectReason::ShippingDamage),
            "000100016f01010800010000000000000000000000",
        ),
        (
            MovementKind::Defect(DefectReason::Other),
            "000100016f01010803010000000000000000000000",
        ),
        (
            MovementKind::Writeoff,
            "000100016f010109010000000000000000000000",
        ),
        (
            MovementKind::WriteoffDefective,
            "000100016f01010a010000000000000000000000",
        ),
        (
            MovementKind::Transfer { to: 2 },
            "000100016f01010b02010000000000000000000000",
        ),
        (
            MovementKind::Adjust,
            "000100016f01010c010000000000000000000000",
        ),
    ];
    for (kind, want) in kinds {
        golden(
            &format!("movement {kind:?}"),
            &movement(kind),
            want,
            &mut bad,
        );
    }
    report(bad);
}

#[test]
fn reservation_golden() {
    let mut bad = Vec::new();
    golden(
        "reservation full",
        &reservation_full(),
        "00c0c407020757422d313030310703050302010001010123d09cd0bed181d0bad0b2d0b02c20d183d0bb2e20d09bd0b5d0bdd0b8d0bdd0b02c203180a0abfef9620180dae281fa6201010a31323334353637383930",
        &mut bad,
    );
    let statuses = [
        (
            ReservationStatus::Open,
            "000101025231010101010000000000000000",
        ),
        (
            ReservationStatus::Picked,
            "000101025231010101010000000000000100",
        ),
        (
            ReservationStatus::Shipped,
            "000101025231010101010000000000000200",
        ),
        (
            ReservationStatus::Cancelled,
            "000101025231010101010000000000000300",
        ),
        (
            ReservationStatus::Expired,
            "000101025231010101010000000000000400",
        ),
    ];
    for (status, want) in statuses {
        golden(
            &format!("reservation {}", status.as_str()),
            &reservation(status),
            want,
            &mut bad,
        );
    }
    let methods = [
        (
            DeliveryMethod::Cdek,
            Destination::Door,
            "0001010252310101010100010001000000000000",
        ),
        (
            DeliveryMethod::Regional,
            Destination::PickupPoint,
            "0001010252310101010100010101010000000000",
        ),
        (
            DeliveryMethod::Courier,
            Destination::Door,
            "0001010252310101010100010201000000000000",
        ),
        (
            DeliveryMethod::Pickup,
            Destination::PickupPoint,
            "0001010252310101010100010301010000000000",
        ),
    ];
    assert_eq!(
        methods.len(),
        DeliveryMethod::ALL.len(),
        "a golden for every delivery method"
    );
    for (method, destination, want) in methods {
        let mut r = reservation(ReservationStatus::Open);
        r.delivery = Delivery {
            method: Some(method),
            destination: Some(destination),
            address: None,
        };
        golden(
            &format!("reservation {}/{}", method.as_str(), destination.as_str()),
            &r,
            want,
            &mut bad,
        );
    }
    report(bad);
}

#[test]
fn user_golden() {
    let mut bad = Vec::new();
    let roles = [
        (Role::Owner, "000ad0bed0bbd18cd0b3d0b000"),
        (Role::Packer, "000ad0bed0bbd18cd0b3d0b001"),
        (Role::Counter, "000ad0bed0bbd18cd0b3d0b002"),
        (Role::Viewer, "000ad0bed0bbd18cd0b3d0b003"),
    ];
    assert_eq!(roles.len(), Role::ALL.len(), "a golden for every role");
    for (role, want) in roles {
        golden(
            &format!("user {}", role.as_str()),
            &user(role),
            want,
            &mut bad,
        );
    }
    report(bad);
}

#[test]
fn request_golden() {
    let mut bad = Vec::new();
    let rec = RequestRecord {
        at: NOW,
        reply: vec![1, 2, 3],
    };
    golden("request", &rec, "0080a0abfef96203010203", &mut bad);
    report(bad);
}

// ---- garbage ---------------------------------------------------------------------------

/// Decoding must not panic; whatever decodes must encode and decode to the same value.
fn no_panic<R: Record + PartialEq + std::fmt::Debug>(bytes: &[u8]) -> Result<(), TestCaseError> {
    let r = catch_unwind(AssertUnwindSafe(|| decode::<R>(bytes)));
    let Ok(r) = r else {
        return Err(TestCaseError::fail(format!(
            "decode::<{}> panicked on {}",
            R::NAME,
            hex(bytes)
        )));
    };
    match r {
        Ok(v) => {
            let again = decode::<R>(&encode(&v));
            prop_assert_eq!(again.as_ref(), Ok(&v), "{} re-encoded", R::NAME);
        }
        Err(e) => prop_assert_eq!(e.record, R::NAME),
    }
    Ok(())
}

fn every_record(bytes: &[u8]) -> Result<(), TestCaseError> {
    no_panic::<Sku>(bytes)?;
    no_panic::<Location>(bytes)?;
    no_panic::<Channel>(bytes)?;
    no_panic::<Levels>(bytes)?;
    no_panic::<Movement>(bytes)?;
    no_panic::<Reservation>(bytes)?;
    no_panic::<User>(bytes)?;
    no_panic::<RequestRecord>(bytes)?;
    Ok(())
}

fn golden_bytes() -> Vec<Vec<u8>> {
    vec![
        encode(&sku_full()),
        encode(&location()),
        encode(&channel_full()),
        encode(&levels()),
        encode(&movement_full()),
        encode(&reservation_full()),
        encode(&user(Role::Packer)),
        encode(&RequestRecord {
            at: NOW,
            reply: vec![1, 2, 3],
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        every_record(&bytes)?;
    }

    /// Bytes that start as a real record: a valid envelope, then damage.
    #[test]
    fn damaged_records_never_panic(
        which in 0..7usize,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6),
    ) {
        let mut bytes = golden_bytes()[which].clone();
        for (at, value, how) in edits {
            let i = at.index(bytes.len().max(1));
            match how {
                0 if !bytes.is_empty() => bytes[i] ^= value.max(1),
                1 => bytes.insert(i.min(bytes.len()), value),
                _ if !bytes.is_empty() => {
                    bytes.remove(i);
                }
                _ => bytes.push(value),
            }
        }
        every_record(&bytes)?;
    }

    /// A huge length prefix must be an error, not an allocation of that size.
    #[test]
    fn huge_lengths_are_errors(prefix in proptest::collection::vec(any::<u8>(), 0..8)) {
        let mut bytes = vec![0u8];
        bytes.extend_from_slice(&prefix);
        bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
        every_record(&bytes)?;
    }
}

#[test]
fn empty_and_tiny_inputs_are_errors() {
    assert_eq!(decode::<Sku>(&[]).unwrap_err().record, "sku");
    assert_eq!(decode::<Location>(&[]).unwrap_err().record, "location");
    assert_eq!(decode::<Channel>(&[]).unwrap_err().record, "channel");
    assert_eq!(decode::<Levels>(&[]).unwrap_err().record, "levels");
    assert_eq!(decode::<Movement>(&[]).unwrap_err().record, "movement");
    assert_eq!(
        decode::<Reservation>(&[]).unwrap_err().record,
        "reservation"
    );
    assert_eq!(decode::<User>(&[]).unwrap_err().record, "user");
    assert!(decode::<Levels>(&[0]).is_err());
    assert!(decode::<Levels>(&[0x80]).is_err());
    assert!(
        decode::<User>(&[0, 1, 0xff, 0]).is_err(),
        "invalid UTF-8 in a name"
    );
}

// ---- a damaged database file -----------------------------------------------------------

/// A SKU name that is easy to find in the file.
const CANARY: &str = "CANARY-SKU-NAME-0123456789-ABCDEFGHIJ";

/// A database with some of everything, closed cleanly.
fn make_db(path: &Path) {
    let (inv, _) = LocalInventory::open_or_init(path, "owner").expect("create");
    let inv = inv.with_clock(Arc::new(|| NOW));
    let ok = |c: Command| {
        inv.execute(c.clone())
            .unwrap_or_else(|e| panic!("{c:?}: {e:?}"));
    };
    ok(Command::AddLocation {
        name: "Shop".into(),
        default: false,
    });
    ok(Command::AddChannel {
        name: "Wildberries".into(),
        kind: ChannelKind::Marketplace,
        priority: 1,
    });
    for i in 0..40 {
        let name = if i == 17 {
            CANARY.to_string()
        } else {
            format!("Товар номер {i}")
        };
        ok(Command::AddSku(SkuSpec {
            code: format!("SKU-{i:03}"),
            name: Some(name),
            barcodes: vec![format!("46000000{i:05}")],
            ..SkuSpec::default()
        }));
        ok(Command::Receive {
            sku: format!("SKU-{i:03}"),
            qty: 10 + i,
            at: None,
            reference: Some("PO-1".into()),
        });
        if i % 3 == 0 {
            ok(Command::Reserve {
                sku: format!("SKU-{i:03}"),
                qty: 2,
                channel: "Wildberries".into(),
                order: Some(format!("WB-{i}")),
                at: None,
                delivery: Delivery::default(),
            });
        }
    }
    assert!(inv.check().expect("check").ok());
}

/// Everything a person could ask of a damaged database; Err is fine, a panic is not.
fn poke(path: &Path) -> Vec<Result<(), String>> {
    let mut out = Vec::new();
    match Store::open(path) {
        Err(e) => {
            out.push(Err(format!("open: {e:?}")));
            return out;
        }
        Ok(store) => drop(store),
    }
    let inv = match LocalInventory::open(path, "owner") {
        Ok(inv) => inv.with_clock(Arc::new(|| NOW)),
        Err(e) => {
            out.push(Err(format!("open: {e:?}")));
            return out;
        }
    };
    let s = |r: Result<String, Error>| r.map(|_| ()).map_err(|e| format!("{e:?}"));
    out.push(s(inv.stock().map(|v| format!("{v:?}"))));
    out.push(s(inv.catalog().map(|v| format!("{v:?}"))));
    out.push(s(inv.sku_list(None, false).map(|v| format!("{v:?}"))));
    out.push(s(inv.sku_detail("SKU-017", 50).map(|v| format!("{v:?}"))));
    out.push(s(inv.reservations(None, true).map(|v| format!("{v:?}"))));
    out.push(s(inv.ledger().map(|v| format!("{v:?}"))));
    out.push(s(inv.history(None, 1000).map(|v| format!("{v:?}"))));
    out.push(s(inv.stats().map(|v| format!("{v:?}"))));
    out.push(s(inv.users().map(|v| format!("{v:?}"))));
    out.push(s(inv.check().map(|v| format!("{v:?}"))));
    out.push(s(inv
        .execute(Command::Receive {
            sku: "SKU-017".into(),
            qty: 1,
            at: None,
            reference: None,
        })
        .map(|v| format!("{v:?}"))));
    out
}

thread_local! {
    /// When set, a panic on this thread is recorded here (with its backtrace), not printed.
    static CAUGHT: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f`, catching a panic; on panic, the message with its backtrace.
fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let caught = CAUGHT.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(list) => {
                        let bt = std::backtrace::Backtrace::force_capture();
                        list.push(format!("{info}\n{bt}"));
                        true
                    }
                    None => false,
                }
            });
            if !caught {
                previous(info);
            }
        }));
    });
    CAUGHT.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let r = catch_unwind(AssertUnwindSafe(f));
    let caught = CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_default();
    r.map_err(|_| caught.join("\n---\n"))
}

/// redb checks "no file redb wrote can fail" with `StorageError::unreachable`, which is a
/// `debug_assert!` in debug builds and a `Corrupted` error in release builds (redb's own
/// words: "Debug builds panic, so a test gets a backtrace to the site; release builds return
/// Corrupted"). A damaged file reaches those checks, so in a debug build only, a panic
/// from there is what the release build reports as StoreError::Corrupt. Any other panic fails.
fn is_redb_debug_only_check(panic: &str) -> bool {
    cfg!(debug_assertions) && panic.contains("StorageError::unreachable")
}

fn is_storage_error(e: &str) -> bool {
    // Unconfirmed: a commit's write failed part way (the file ends early).
    e.contains("Corrupt") || e.contains("Io") || e.contains("Unconfirmed")
}

#[test]
fn damaged_record_in_the_file_is_a_corrupt_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stock.redb");
    make_db(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = CANARY.as_bytes();
    let hits: Vec<usize> = (0..bytes.len() - needle.len())
        .filter(|&i| &bytes[i..i + needle.len()] == needle)
        .collect();
    assert!(!hits.is_empty(), "the canary is in the file");
    for &i in &hits {
        // Flip the middle of the name: ASCII becomes bytes that are not UTF-8.
        for b in &mut bytes[i + 8..i + 24] {
            *b ^= 0xff;
        }
    }
    std::fs::write(&path, &bytes).unwrap();

    let catalog = catch_unwind(AssertUnwindSafe(|| {
        let inv = LocalInventory::open(&path, "owner").expect("the header is intact");
        (
            inv.catalog(),
            inv.sku_detail("SKU-017", 5),
            inv.check(),
            inv.stock(),
        )
    }))
    .expect("no panic on a damaged record");
    for (what, r) in [
        ("catalog", catalog.0.map(|_| ())),
        ("sku_detail", catalog.1.map(|_| ())),
        ("check", catalog.2.map(|_| ())),
        ("stock", catalog.3.map(|_| ())),
    ] {
        match r {
            Err(Error::Store(StoreErrorWire::Corrupt(d))) => {
                assert!(d.contains("sku"), "{what}: {d}")
            }
            other => panic!("{what}: expected Corrupt naming the sku record, got {other:?}"),
        }
    }
    // The damage is in one record; the rest of the database still answers.
    let inv = LocalInventory::open(&path, "owner").unwrap();
    assert_eq!(inv.stats().unwrap().skus, 40);
    assert_eq!(inv.sku_detail("SKU-016", 0).unwrap().on_hand, 26);
}

#[test]
fn damaged_header_is_an_error_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stock.redb");
    make_db(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[0..16] {
        *b ^= 0xff;
    }
    std::fs::write(&path, &bytes).unwrap();
    let r = catch_unwind(AssertUnwindSafe(|| Store::open(&path).map(drop))).expect("no panic");
    match r {
        Err(StoreError::Corrupt(_) | StoreError::Io(_)) => {}
        other => panic!("expected Corrupt or Io, got {other:?}"),
    }
    let r = catch_unwind(AssertUnwindSafe(|| {
        LocalInventory::open(&path, "owner").map(drop)
    }))
    .expect("no panic");
    assert!(
        matches!(
            r,
            Err(Error::Store(
                StoreErrorWire::Corrupt(_) | StoreErrorWire::Io(_)
            ))
        ),
        "got {r:?}"
    );
}

/// Flips a run of bytes at many places in the middle of the file; whatever is hit,
/// every answer is a value or an error, never a panic.
#[test]
fn flipped_bytes_anywhere_in_the_middle_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.redb");
    make_db(&clean);
    let original = std::fs::read(&clean).unwrap();
    let len = original.len();
    let path = dir.path().join("damaged.redb");
    let mut panics = Vec::new();
    let mut debug_only = Vec::new();
    let mut errors = 0;
    let mut other_errors = Vec::new();
    let steps = 48;
    for k in 0..steps {
        let at = len / 8 + k * (len * 3 / 4) / steps;
        for (run, pattern) in [(32usize, 0xffu8), (3, 0x55)] {
            let mut bytes = original.clone();
            for b in &mut bytes[at..(at + run).min(len)] {
                *b ^= pattern;
            }
            std::fs::write(&path, &bytes).unwrap();
            match catch_quietly(|| poke(&path)) {
                Err(p) if is_redb_debug_only_check(&p) => {
                    let first = p.lines().take(2).collect::<Vec<_>>().join(" ");
                    debug_only.push(format!("offset {at} (+{run}, ^{pattern:#x}): {first}"));
                }
                Err(p) => panics.push(format!("offset {at} (+{run}, ^{pattern:#x}): {p}")),
                Ok(results) => {
                    for e in results.into_iter().filter_map(Result::err) {
                        errors += 1;
                        if !is_storage_error(&e)
                            && !e.contains("Forbidden")
                            && !e.contains("Unknown")
                        {
                            other_errors.push(format!("offset {at}: {e}"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        panics.is_empty(),
        "{} panics on a damaged file:\n{}",
        panics.len(),
        panics.join("\n")
    );
    if !debug_only.is_empty() {
        eprintln!(
            "note: {} damaged files tripped redb's debug-only consistency checks (Corrupt in release):\n{}",
            debug_only.len(),
            debug_only.join("\n")
        );
    }
    assert!(
        other_errors.is_empty(),
        "unexpected kinds of error:\n{}",
        other_errors.join("\n")
    );
    assert!(
        errors > 0,
        "some damage was noticed ({len} bytes, {steps} places)"
    );
}
