//! `stockroom backup` and `stockroom restore` through the real binary: embedded, while a
//! server serves the database and clients write, restore of a good and of a damaged file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Proc, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use stockroom::domain::{Delivery, Levels};
use stockroom::inventory::connect::socket_for;
use stockroom::inventory::remote::RemoteInventory;
use stockroom::inventory::{
    Command, Inventory, InventoryExt, LocalInventory, MovementView, SkuSpec,
};
use stockroom::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` (also HOME) on `db`, in English.
fn run(dir: &Path, db: &Path, args: &[&str]) -> Run {
    let o = Proc::new(BIN)
        .current_dir(dir)
        .env("HOME", dir)
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run stockroom");
    Run {
        code: o.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn me() -> String {
    stockroom::identity::current_user()
}

fn add_sku(inv: &dyn Inventory, code: &str, qty: u64) {
    inv.execute(Command::AddSku(SkuSpec {
        code: code.into(),
        name: Some(format!("Товар {code}")),
        ..SkuSpec::default()
    }))
    .unwrap();
    inv.execute(Command::Receive {
        sku: code.into(),
        qty,
        at: None,
        reference: None,
    })
    .unwrap();
}

/// A database owned by this process's user, with some stock.
fn make_db(db: &Path, skus: usize) {
    let (inv, _) = LocalInventory::open_or_init(db, &me()).unwrap();
    for i in 0..skus {
        add_sku(&inv, &format!("B-{i}"), 10 + i as u64);
    }
}

fn ledger_of(db: &Path) -> BTreeMap<u64, MovementView> {
    let inv = LocalInventory::open(db, &me()).unwrap();
    assert!(inv.check().unwrap().ok(), "{} passes check", db.display());
    inv.ledger()
        .unwrap()
        .into_iter()
        .map(|m| (m.seq, m))
        .collect()
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn embedded_backup_is_a_checked_copy_and_never_overwrites_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.redb");
    make_db(&db, 20);
    let r = run(dir.path(), &db, &["backup", "copy.redb"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("passes check"), "{r:?}");
    let copy = dir.path().join("copy.redb");
    assert_eq!(mode(&copy), 0o600, "a backup holds everything: owner only");
    assert!(!dir.path().join("copy.redb.tmp").exists());
    assert_eq!(ledger_of(&copy), ledger_of(&db));

    let again = run(dir.path(), &db, &["backup", "copy.redb"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.contains("--force"), "{again:?}");
    let forced = run(
        dir.path(),
        &db,
        &["--json", "backup", "copy.redb", "--force"],
    );
    assert_eq!(forced.code, 0, "{forced:?}");
    let v: serde_json::Value = serde_json::from_str(&forced.stdout).unwrap();
    assert_eq!(v["ledger_entries"], 20);
    assert_eq!(v["problems"], 0);

    let onto_itself = run(dir.path(), &db, &["backup", "stock.redb", "--force"]);
    assert_eq!(onto_itself.code, 2, "{onto_itself:?}");
    assert!(onto_itself.stderr.contains("the database itself"));
    assert_eq!(ledger_of(&db).len(), 20, "the database is untouched");
}

fn start_server(dir: &Path, db: &Path) -> Child {
    let child = Proc::new(BIN)
        .current_dir(dir)
        .env("HOME", dir)
        .arg("--db")
        .arg(db)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start stockroom serve");
    let t = Instant::now();
    while RemoteInventory::connect(&socket_for(db))
        .ok()
        .flatten()
        .is_none()
    {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "server never came up"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn stop_server(mut child: Child) {
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let st = child.wait().unwrap();
    assert!(st.success(), "serve stops cleanly on SIGTERM: {st:?}");
}

#[test]
fn backup_while_clients_write_through_a_running_server_is_one_consistent_moment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("served.redb");
    make_db(&db, 4);
    let server = start_server(dir.path(), &db);
    let owner = RemoteInventory::connect(&socket_for(&db)).unwrap().unwrap();
    owner
        .execute(Command::AddChannel {
            name: "Ozon".into(),
            kind: stockroom::domain::ChannelKind::Marketplace,
            priority: 1,
        })
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let c = RemoteInventory::connect(&socket_for(&db)).unwrap().unwrap();
            let (stop, done) = (stop.clone(), done.clone());
            std::thread::spawn(move || {
                let code = format!("B-{w}");
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let cmd = if i % 3 == 2 {
                        Command::Reserve {
                            sku: code.clone(),
                            qty: 1,
                            channel: "Ozon".into(),
                            order: Some(format!("W{w}-{i}")),
                            at: None,
                            delivery: Delivery::default(),
                        }
                    } else {
                        Command::Receive {
                            sku: code.clone(),
                            qty: 1,
                            at: None,
                            reference: None,
                        }
                    };
                    c.execute(cmd).expect("writes go on during the backup");
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
        })
        .collect();
    let mut copies: Vec<PathBuf> = Vec::new();
    for k in 0..3 {
        let before = done.load(Ordering::Relaxed);
        while done.load(Ordering::Relaxed) < before + 30 {
            std::thread::sleep(Duration::from_millis(5));
        }
        let name = format!("during-{k}.redb");
        let r = run(dir.path(), &db, &["backup", &name]);
        assert_eq!(r.code, 0, "backup through the server: {r:?}");
        copies.push(dir.path().join(name));
    }
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    // A relative path would be resolved in the server's directory: the server refuses it.
    let rel = owner.query(stockroom::inventory::Query::Backup {
        path: "relative.redb".into(),
        overwrite: false,
    });
    assert_eq!(rel.unwrap_err().exit_code(), 2);
    drop(owner);
    stop_server(server);

    let live = ledger_of(&db);
    let mut sizes = Vec::new();
    for copy in &copies {
        let snap = ledger_of(copy);
        assert!(!snap.is_empty());
        // One moment: the copy's ledger is exactly a prefix of the live one.
        for (seq, m) in &snap {
            assert_eq!(live.get(seq), Some(m), "{}: seq {seq}", copy.display());
        }
        let last = *snap.keys().next_back().unwrap();
        assert_eq!(snap.len() as u64, last, "no holes");
        sizes.push(snap.len());
    }
    assert!(sizes.windows(2).all(|w| w[0] < w[1]), "{sizes:?}");
    assert!(live.len() > *sizes.last().unwrap());
}

#[test]
fn restore_of_a_good_backup_keeps_the_old_database_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.redb");
    make_db(&db, 5);
    assert_eq!(run(dir.path(), &db, &["backup", "monday.redb"]).code, 0);
    {
        let inv = LocalInventory::open(&db, &me()).unwrap();
        add_sku(&inv, "AFTER-BACKUP", 3);
    }
    let tuesday = ledger_of(&db);
    let r = run(dir.path(), &db, &["restore", "monday.redb"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("before-restore"), "{r:?}");
    assert_eq!(ledger_of(&db), ledger_of(&dir.path().join("monday.redb")));
    let kept = dir.path().join("stock.redb.before-restore");
    assert_eq!(
        ledger_of(&kept),
        tuesday,
        "the replaced database is kept whole"
    );
    assert_eq!(mode(&db), 0o600);
    // A second restore keeps the first kept file too.
    assert_eq!(run(dir.path(), &db, &["restore", "monday.redb"]).code, 0);
    assert_eq!(ledger_of(&kept), tuesday);
    let kept_files = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let e = e.as_ref().unwrap();
            e.file_name().to_string_lossy().contains("before-restore")
        })
        .count();
    assert_eq!(kept_files, 2);
}

/// The ledger as `actor` sees it, after a passing check.
fn ledger_as(db: &Path, actor: &str) -> BTreeMap<u64, MovementView> {
    let inv = LocalInventory::open(db, actor).unwrap();
    assert!(inv.check().unwrap().ok(), "{} passes check", db.display());
    inv.ledger()
        .unwrap()
        .into_iter()
        .map(|m| (m.seq, m))
        .collect()
}

/// Restore refuses; the database holds what it held and nothing is left beside it.
/// (Not byte for byte: opening a redb file to ask who may restore writes its header.)
fn assert_refused(dir: &Path, db: &Path, owner: &str, from: &str, code: i32, says: &str) {
    let before = ledger_as(db, owner);
    let r = run(dir, db, &["restore", from]);
    assert_eq!(r.code, code, "{r:?}");
    assert!(r.stderr.contains(says), "{says:?} in {r:?}");
    assert!(ledger_as(db, owner) == before, "the database is unchanged");
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains("restore.tmp") && !name.contains("before-restore"),
            "{name} left behind"
        );
    }
}

#[test]
fn restore_refuses_a_damaged_file_a_file_that_fails_check_and_a_served_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.redb");
    make_db(&db, 5);
    // Random bytes: not a database at all.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let junk: Vec<u8> = (0..40_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(dir.path().join("junk.redb"), &junk).unwrap();
    assert_refused(dir.path(), &db, &me(), "junk.redb", 3, "corrupt");
    assert!(
        std::fs::read(dir.path().join("junk.redb")).unwrap() == junk,
        "the backup file itself is never written to"
    );

    // A real database whose stored levels disagree with its ledger.
    let bad = dir.path().join("bad.redb");
    make_db(&bad, 3);
    {
        let store = Store::open(&bad).unwrap();
        let w = store.begin_write().unwrap();
        let wrong = Levels {
            on_hand: 999,
            ..Levels::default()
        };
        w.put_levels(1, 1, &wrong).unwrap();
        w.commit().unwrap();
    }
    assert_refused(dir.path(), &db, &me(), "bad.redb", 3, "check found");
    assert_refused(dir.path(), &db, &me(), "missing.redb", 2, "no such file");

    assert_eq!(run(dir.path(), &db, &["backup", "good.redb"]).code, 0);
    let before = ledger_as(&db, &me());
    let server = start_server(dir.path(), &db);
    let r = run(dir.path(), &db, &["restore", "good.redb"]);
    assert_eq!(r.code, 3, "{r:?}");
    assert!(r.stderr.contains("stop the server"), "{r:?}");
    stop_server(server);
    assert!(ledger_as(&db, &me()) == before, "the database is unchanged");
    assert!(!dir.path().join("stock.redb.before-restore").exists());
}

#[test]
fn only_an_owner_may_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("theirs.redb");
    // Somebody else's database: this user is not even a user of it.
    let (inv, _) = LocalInventory::open_or_init(&db, "somebody-else").unwrap();
    add_sku(&inv, "X-1", 1);
    drop(inv);
    let mine = dir.path().join("mine.redb");
    make_db(&mine, 1);
    assert_refused(
        dir.path(),
        &db,
        "somebody-else",
        "mine.redb",
        1,
        "not a user",
    );
    // Nor back it up.
    let r = run(dir.path(), &db, &["backup", "stolen.redb"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!dir.path().join("stolen.redb").exists());
}

#[test]
fn a_backup_never_replaces_a_database_a_server_serves_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.redb");
    let other = dir.path().join("other.redb");
    make_db(&live, 3);
    make_db(&other, 1);
    let before = ledger_of(&live);
    let mut server = start_server(dir.path(), &live);
    let r = run(
        dir.path(),
        &other,
        &["backup", live.to_str().unwrap(), "--force"],
    );
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("a backup never replaces it"),
        "{}",
        r.stderr
    );
    assert_eq!(ledger_of(&live), before, "the served database changed");
}
