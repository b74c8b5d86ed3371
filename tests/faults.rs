//! Fault injection: the disk fills up (ENOSPC) or fails (EIO) in the middle of a commit.
//!
//! `Store::open_with_faults` puts `store::faulty::FaultyBackend` under redb; it counts
//! the calls to `write` and `sync_data` and fails the chosen one and every later one.
//! What must hold, at every point a commit can fail:
//! - the command fails with a storage error (exit class 3) whose message names the cause;
//! - after the failure redb refuses further work in that process ("previous I/O error"):
//!   the database must be closed and opened again, which is what the server and the CLI
//!   do by restarting; in-process recovery is not possible with redb 4;
//! - reopened without faults, the file passes `check`, the command is either wholly there
//!   or wholly absent (never partial), and the database takes new writes.

use std::path::Path;
use std::sync::Arc;

use stockroom::inventory::{
    Applied, Command, Error, Inventory, InventoryExt, LocalInventory, Located, SkuSpec, StockRow,
    StoreErrorWire,
};
use stockroom::store::Store;
use stockroom::store::faulty::{Fault, Faults};

const OWNER: &str = "owner";

fn receive(code: &str, qty: u64) -> Command {
    Command::Receive {
        sku: code.into(),
        qty,
        at: None,
        reference: None,
    }
}

/// A database with a few SKUs and some stock, closed cleanly.
fn make_db(path: &Path) {
    let (inv, _) = LocalInventory::open_or_init(path, OWNER).unwrap();
    for i in 0..5 {
        inv.execute(Command::AddSku(SkuSpec {
            code: format!("F-{i}"),
            name: Some(format!("Товар {i}")),
            ..SkuSpec::default()
        }))
        .unwrap();
        inv.execute(receive(&format!("F-{i}"), 10)).unwrap();
    }
}

fn open_faulty(path: &Path) -> (LocalInventory, Arc<Faults>) {
    let faults = Faults::new();
    let store = Store::open_with_faults(path, faults.clone()).expect("open with faults");
    (LocalInventory::new(store, OWNER), faults)
}

/// How many writes and syncs one receive commit makes.
fn calls_per_commit(path: &Path) -> (u64, u64) {
    let (inv, f) = open_faulty(path);
    let (w, s) = (f.writes(), f.syncs());
    inv.execute(receive("F-0", 1)).unwrap();
    (f.writes() - w, f.syncs() - s)
}

/// The state that matters: ledger length and the on-hand of every SKU.
fn state(path: &Path) -> (u64, Vec<u64>) {
    let inv = LocalInventory::open(path, OWNER).expect("reopen without faults");
    let report = inv.check().unwrap();
    assert!(report.ok(), "check after a fault: {:?}", report.problems);
    let on_hand = inv.sku_list(None, false).unwrap();
    (report.entries, on_hand.iter().map(|r| r.on_hand).collect())
}

/// A failure in the commit: exit class 3, the cause named, and no promise that nothing
/// was changed (a failed flush can leave the change in the file).
fn expect_storage_error(r: Result<Applied, Error>, cause: &str) -> String {
    let e = r.expect_err("the command must fail on a failing disk");
    assert_eq!(e.exit_code(), 3, "{e:?}");
    assert!(
        matches!(e, Error::Store(StoreErrorWire::Unconfirmed(_))),
        "{e:?}"
    );
    let msg = e.to_string();
    assert!(
        msg.contains(cause),
        "message {msg:?} does not name {cause:?}"
    );
    assert!(msg.contains("stockroom history"), "says what to do: {msg}");
    msg
}

#[derive(Default, Debug)]
struct Tally {
    injected: u64,
    faults: u64,
    absent: u64,
    present: u64,
}

/// Fails the `n`-th write or sync of one receive; then checks everything the file says.
fn one_fault(dir: &Path, base: &Path, on_sync: bool, n: u64, fault: Fault, tally: &mut Tally) {
    let path = dir.join(format!("f-{on_sync}-{n}-{fault:?}.redb"));
    std::fs::copy(base, &path).unwrap();
    let before = state(&path);
    let (inv, faults) = open_faulty(&path);
    if on_sync {
        faults.fail_sync_after(n, fault);
    } else {
        faults.fail_write_after(n, fault);
    }
    let cause = match fault {
        Fault::NoSpace => "No space left on device",
        Fault::Io => "Input/output error",
    };
    expect_storage_error(inv.execute(receive("F-3", 7)), cause);
    // The disk works again, but this handle stays failed: redb wants a reopen.
    faults.clear();
    let again = inv.execute(receive("F-4", 1));
    let e = again.expect_err("redb refuses work after an I/O error until reopened");
    assert_eq!(e.exit_code(), 3);
    assert!(e.to_string().contains("re-open"), "{e}");
    tally.injected += faults.injected();
    tally.faults += 1;
    drop(inv);

    let after = state(&path);
    let mut applied = before.1.clone();
    applied[3] += 7;
    if after == before {
        tally.absent += 1;
    } else if after == (before.0 + 1, applied) {
        // The failure came after the commit point (the final flush): the command is whole.
        assert!(
            on_sync,
            "only a failed flush may leave the change: write {n}"
        );
        tally.present += 1;
    } else {
        panic!("partial state after a fault at {on_sync}/{n}: {before:?} -> {after:?}");
    }
    // Usable again: a write after the reopen goes through and check still passes.
    let inv = LocalInventory::open(&path, OWNER).unwrap();
    inv.execute(receive("F-1", 2)).unwrap();
    assert!(inv.check().unwrap().ok());
}

#[test]
fn a_failing_write_or_sync_at_every_point_of_a_commit_leaves_a_whole_database() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.redb");
    make_db(&base);
    let probe = dir.path().join("probe.redb");
    std::fs::copy(&base, &probe).unwrap();
    let (writes, syncs) = calls_per_commit(&probe);
    assert!(writes > 0 && syncs > 0, "{writes} writes, {syncs} syncs");
    let mut tally = Tally::default();
    for fault in [Fault::NoSpace, Fault::Io] {
        for n in 0..writes {
            one_fault(dir.path(), &base, false, n, fault, &mut tally);
        }
        for n in 0..syncs {
            one_fault(dir.path(), &base, true, n, fault, &mut tally);
        }
    }
    eprintln!("a commit makes {writes} writes and {syncs} syncs; {tally:?}");
    assert_eq!(tally.faults, 2 * (writes + syncs));
    assert!(tally.absent > 0);
}

/// An import of many rows is one transaction: a full disk anywhere in its commit leaves
/// all of it or none of it, never some rows.
#[test]
fn a_full_disk_during_a_big_import_leaves_all_rows_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.redb");
    make_db(&base);
    let rows = 300u64;
    let import = || Command::ImportSkus {
        file: "big.csv".into(),
        rows: (0..rows)
            .map(|i| Located {
                line: i + 2,
                columns: vec![("code".into(), 1), ("name".into(), 2)],
                row: SkuSpec {
                    code: format!("BIG-{i:04}"),
                    name: Some(format!("Большой импорт; строка \"{i}\"")),
                    ..SkuSpec::default()
                },
            })
            .collect(),
        stock: (0..rows)
            .map(|i| Located {
                line: i + 2,
                columns: vec![("code".into(), 1), ("qty".into(), 3)],
                row: StockRow {
                    sku: format!("BIG-{i:04}"),
                    location: None,
                    on_hand: i + 1,
                },
            })
            .collect(),
        kits: Vec::new(),
        dry_run: false,
    };
    let probe = dir.path().join("probe.redb");
    std::fs::copy(&base, &probe).unwrap();
    let writes = {
        let (inv, f) = open_faulty(&probe);
        let w = f.writes();
        inv.execute(import()).unwrap();
        f.writes() - w
    };
    assert!(writes > 10, "a big commit makes many writes: {writes}");
    let (skus_before, entries_before) = {
        let (entries, on_hand) = state(&base);
        (on_hand.len(), entries)
    };
    let mut injected = 0;
    let points: Vec<u64> = (0..writes).step_by((writes as usize / 12).max(1)).collect();
    for (k, &n) in points.iter().enumerate() {
        let path = dir.path().join(format!("import-{k}.redb"));
        std::fs::copy(&base, &path).unwrap();
        let (inv, faults) = open_faulty(&path);
        faults.fail_write_after(n, Fault::NoSpace);
        expect_storage_error(inv.execute(import()), "No space left on device");
        injected += faults.injected();
        drop(inv);
        let (entries, on_hand) = state(&path);
        assert_eq!(
            on_hand.len(),
            skus_before,
            "fault at write {n}: SKUs half imported"
        );
        assert_eq!(
            entries, entries_before,
            "fault at write {n}: ledger half written"
        );
        let inv = LocalInventory::open(&path, OWNER).unwrap();
        inv.execute(import())
            .expect("the import goes through once the disk has room");
        assert_eq!(
            inv.sku_list(None, false).unwrap().len(),
            skus_before + rows as usize
        );
        assert!(inv.check().unwrap().ok());
    }
    eprintln!(
        "import of {rows} rows: {writes} writes per commit, {} fault points, {injected} failed calls",
        points.len()
    );
}

// ---- bad bytes in the file, through the real binary ---------------------------------

fn cli(db: &Path, args: &[&str]) -> (i32, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .env("STOCKROOM_LANG", "en")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    let code = o
        .status
        .code()
        .unwrap_or_else(|| panic!("{args:?} was killed: {:?}", o.status));
    (code, String::from_utf8_lossy(&o.stderr).into_owned())
}

const CANARY: &str = "CANARY-NAME-0123456789-ABCDEFGHIJKLMN";

/// A real database (owned by this user, so the CLI may read it) with a findable name.
fn make_cli_db(path: &Path) {
    let (inv, _) =
        LocalInventory::open_or_init(path, &stockroom::identity::current_user()).unwrap();
    for i in 0..30 {
        let name = if i == 11 {
            CANARY.into()
        } else {
            format!("Товар {i}")
        };
        inv.execute(Command::AddSku(SkuSpec {
            code: format!("C-{i:02}"),
            name: Some(name),
            ..SkuSpec::default()
        }))
        .unwrap();
        inv.execute(receive(&format!("C-{i:02}"), 5 + i)).unwrap();
    }
}

#[test]
fn flipped_bytes_in_a_record_exit_3_naming_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("flipped.redb");
    make_cli_db(&db);
    let mut bytes = std::fs::read(&db).unwrap();
    let needle = CANARY.as_bytes();
    let hits: Vec<usize> = (0..bytes.len() - needle.len())
        .filter(|&i| &bytes[i..i + needle.len()] == needle)
        .collect();
    assert!(!hits.is_empty());
    for i in hits {
        for b in &mut bytes[i + 8..i + 24] {
            *b ^= 0xff;
        }
    }
    std::fs::write(&db, &bytes).unwrap();
    for args in [
        &["sku", "list"][..],
        &["sku", "show", "C-11"],
        &["check"],
        &["export", "skus", "--format", "json"],
        &["backup", "copy.redb"],
    ] {
        let (code, stderr) = cli(&db, args);
        assert_eq!(code, 3, "{args:?}: {stderr}");
        assert!(stderr.contains("corrupt"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// Flips a run of bytes at evenly spread places; whatever is hit, `check` and `sku list`
/// end with 0 (the flip hit free space), 1 (check found problems) or 3 naming the
/// damage, never with a panic.
#[test]
fn flipped_bytes_anywhere_never_panic_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.redb");
    make_cli_db(&clean);
    let original = std::fs::read(&clean).unwrap();
    let db = dir.path().join("damaged.redb");
    let steps = 16;
    let mut noticed = 0;
    for k in 0..steps {
        let at = k * original.len() / steps;
        let mut bytes = original.clone();
        for b in &mut bytes[at..(at + 48).min(original.len())] {
            *b ^= 0xa5;
        }
        std::fs::write(&db, &bytes).unwrap();
        for args in [&["check"][..], &["sku", "list"]] {
            let (code, stderr) = cli(&db, args);
            assert!(
                matches!(code, 0 | 1 | 3),
                "offset {at} {args:?}: exit {code}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "offset {at}: {stderr}");
            if code == 3 {
                assert!(
                    stderr.contains("corrupt") || stderr.contains("storage error"),
                    "offset {at}: {stderr}"
                );
                noticed += 1;
            }
        }
    }
    assert!(noticed > 0, "some damage was noticed");
}

// ---- a failing disk under the real binary and under `stockroom serve` ----------------
//
// `STOCKROOM_FAULTS_FILE` names a file that arms faults in the binary's storage backend:
// while it reads `write nospace` every write fails with ENOSPC; empty, the disk is healthy.

fn cli_env(db: &Path, faults: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"));
    cmd.env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_SOCKET")
        .env_remove("STOCKROOM_FAULTS_FILE")
        .arg("--db")
        .arg(db)
        .args(args);
    if let Some(f) = faults {
        cmd.env("STOCKROOM_FAULTS_FILE", f);
    }
    let o = cmd.output().unwrap();
    let code = o
        .status
        .code()
        .unwrap_or_else(|| panic!("{args:?} was killed: {:?}", o.status));
    (
        code,
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// On-hand of one SKU, read by the CLI (through the server when one serves the file).
fn on_hand(db: &Path, code: &str) -> u64 {
    let (c, out, err) = cli_env(db, None, &["--json", "sku", "show", code]);
    assert_eq!(c, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["on_hand"].as_u64().unwrap_or_else(|| panic!("{out}"))
}

#[test]
fn the_cli_on_a_full_disk_exits_3_and_the_file_stays_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.redb");
    make_cli_db(&db);
    let control = dir.path().join("faults");
    for (arm, cause) in [
        ("write nospace", "No space left on device"),
        ("sync io", "Input/output error"),
    ] {
        let before = on_hand(&db, "C-04");
        std::fs::write(&control, arm).unwrap();
        let (code, _, stderr) = cli_env(&db, Some(&control), &["receive", "C-04", "6"]);
        assert_eq!(code, 3, "{arm}: {stderr}");
        assert!(stderr.contains(cause), "{arm}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // The disk recovers: the file opens, passes check, and holds no part of the receive.
        std::fs::write(&control, "").unwrap();
        let (code, _, stderr) = cli_env(&db, Some(&control), &["check"]);
        assert_eq!(code, 0, "check after {arm}: {stderr}");
        assert_eq!(
            on_hand(&db, "C-04"),
            before,
            "{arm}: the failed receive is absent"
        );
        let (code, _, stderr) = cli_env(&db, Some(&control), &["receive", "C-04", "1"]);
        assert_eq!(code, 0, "a write after {arm}: {stderr}");
        assert_eq!(on_hand(&db, "C-04"), before + 1);
    }
}

#[test]
fn the_server_answers_a_storage_error_and_keeps_serving_once_the_disk_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("served.redb");
    make_cli_db(&db);
    let control = dir.path().join("faults");
    std::fs::write(&control, "").unwrap();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .env("STOCKROOM_LANG", "en")
        .env("STOCKROOM_FAULTS_FILE", &control)
        .env_remove("STOCKROOM_SOCKET")
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let socket = stockroom::inventory::connect::socket_for(&db);
    let start = std::time::Instant::now();
    while stockroom::inventory::remote::RemoteInventory::connect(&socket)
        .ok()
        .flatten()
        .is_none()
    {
        assert!(server.try_wait().unwrap().is_none(), "serve ended early");
        assert!(start.elapsed().as_secs() < 20, "server never came up");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut expected = on_hand(&db, "C-07");
    for (round, (arm, cause)) in [
        ("write nospace", "No space left on device"),
        ("sync io", "Input/output error"),
        ("write io", "Input/output error"),
    ]
    .into_iter()
    .enumerate()
    {
        let (code, _, stderr) = cli_env(&db, None, &["receive", "C-07", "2"]);
        assert_eq!(code, 0, "round {round}, healthy disk: {stderr}");
        expected += 2;
        std::fs::write(&control, arm).unwrap();
        // Every client gets the error; none is left hanging.
        for _ in 0..3 {
            let (code, _, stderr) = cli_env(&db, None, &["receive", "C-07", "5"]);
            assert_eq!(code, 3, "{arm}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(
                stderr.contains(cause) && !stderr.contains("panicked"),
                "{arm}: {stderr}"
            );
        }
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server keeps running"
        );
        // The disk recovers: the very next command goes through, with nothing of the
        // failed ones in the stock.
        std::fs::write(&control, "").unwrap();
        let (code, _, stderr) = cli_env(&db, None, &["receive", "C-07", "1"]);
        assert_eq!(code, 0, "after {arm} cleared: {stderr}");
        expected += 1;
        let now = on_hand(&db, "C-07");
        if arm.starts_with("sync") && now == expected + 5 {
            // The flush that failed came after redb's commit point: that one receive is
            // whole on disk, as its "not confirmed, look in history" answer allowed.
            expected += 5;
        }
        assert_eq!(now, expected, "after {arm}: nothing partial, nothing extra");
        let (code, out, stderr) = cli_env(&db, None, &["check"]);
        assert_eq!(
            code, 0,
            "check through the server after {arm}: {out}{stderr}"
        );
    }
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let out = server.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("reopened after a storage error"), "{log}");
    // Stopped, the file is whole on its own.
    assert_eq!(on_hand(&db, "C-07"), expected);
    let (code, _, stderr) = cli_env(&db, None, &["check"]);
    assert_eq!(code, 0, "{stderr}");
}
