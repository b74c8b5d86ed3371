//! `stockroom serve`: races on the last units, garbage on the socket, roles from peer
//! credentials, restart, and live updates.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Proc, Stdio};
use std::time::{Duration, Instant};

use stockroom::domain::{Delivery, Refusal};
use stockroom::inventory::connect::socket_for;
use stockroom::inventory::remote::{Change, RemoteInventory, subscribe};
use stockroom::inventory::{Command, Error, Inventory, InventoryExt, SkuSpec};
use stockroom::server::Server;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stockroom")
}

/// A server on a temp database, run on a thread of this process.
struct Running {
    _dir: tempfile::TempDir,
    db: PathBuf,
    stopper: stockroom::server::Stopper,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn start() -> Running {
        Running::start_in(tempfile::tempdir().unwrap())
    }

    /// A server on `dir/s.redb`; the folder goes when the server is dropped.
    fn start_in(dir: tempfile::TempDir) -> Running {
        let db = dir.path().join("s.redb");
        let server = Server::bind(&db, None, None).unwrap();
        let stopper = server.stopper();
        let thread = std::thread::spawn(move || server.run().unwrap());
        let r = Running {
            _dir: dir,
            db,
            stopper,
            thread: Some(thread),
        };
        let c = r.client();
        c.execute(Command::AddChannel {
            name: "Ozon".into(),
            kind: stockroom::domain::ChannelKind::Marketplace,
            priority: 1,
        })
        .unwrap();
        r
    }
    fn client(&self) -> RemoteInventory {
        RemoteInventory::connect(&socket_for(&self.db))
            .unwrap()
            .expect("server answers")
    }
    fn stop(&mut self) {
        self.stopper.stop();
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

fn add_sku(inv: &dyn Inventory, code: &str, qty: u64) {
    inv.execute(Command::AddSku(SkuSpec {
        code: code.into(),
        name: Some(format!("Товар {code}")),
        barcodes: vec![format!("bc-{code}")],
        ..Default::default()
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

fn reserve(code: &str) -> Command {
    Command::Reserve {
        sku: code.into(),
        qty: 1,
        channel: "Ozon".into(),
        order: None,
        at: None,
        delivery: Delivery::default(),
    }
}

#[test]
fn thirty_two_clients_race_for_five_units_fifty_times() {
    let r = Running::start();
    let owner = r.client();
    for round in 0..50 {
        let code = format!("RACE-{round}");
        add_sku(&owner, &code, 5);
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(32));
        let handles: Vec<_> = (0..32)
            .map(|_| {
                let c = r.client();
                let b = barrier.clone();
                let cmd = reserve(&code);
                std::thread::spawn(move || {
                    b.wait();
                    c.execute(cmd)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let ok = results.iter().filter(|r| r.is_ok()).count();
        let insufficient = results
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Err(Error::Refused(Refusal::InsufficientAvailable { .. }))
                )
            })
            .count();
        assert_eq!((ok, insufficient), (5, 27), "round {round}");
        assert!(
            results
                .iter()
                .filter_map(|r| r.as_ref().err())
                .all(|e| e.exit_code() == 1)
        );
        let d = owner.sku_detail(&code, 0).unwrap();
        assert_eq!((d.on_hand, d.reserved, d.available), (5, 5, 0));
    }
    let report = owner.check().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn the_cli_races_through_the_server_with_exit_codes() {
    let r = Running::start();
    add_sku(&r.client(), "CLI-1", 5);
    let children: Vec<Child> = (0..32)
        .map(|_| {
            Proc::new(bin())
                .args([
                    "--db",
                    r.db.to_str().unwrap(),
                    "reserve",
                    "CLI-1",
                    "1",
                    "--channel",
                    "ozon",
                ])
                .env("STOCKROOM_LANG", "en")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut codes = Vec::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let code = out.status.code().unwrap();
        if code == 1 {
            assert!(String::from_utf8_lossy(&out.stderr).contains("insufficient"));
        }
        codes.push(code);
    }
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 5);
    assert_eq!(codes.iter().filter(|c| **c == 1).count(), 27);
    let out = Proc::new(bin())
        .args(["--db", r.db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn garbage_truncated_and_oversized_frames_do_not_hurt_the_server() {
    let r = Running::start();
    let sock = socket_for(&r.db);
    let sends: Vec<Vec<u8>> = vec![
        b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        vec![0xff; 64],
        {
            let mut v = 100u32.to_le_bytes().to_vec();
            v.extend_from_slice(&[1, 2, 3]);
            v
        },
        u32::MAX.to_le_bytes().to_vec(),
        {
            let mut v = 4u32.to_le_bytes().to_vec();
            v.extend_from_slice(&[9, 9, 9, 9]);
            v
        },
        vec![],
    ];
    for bytes in sends {
        let mut s = UnixStream::connect(&sock).unwrap();
        let _ = s.write_all(&bytes);
        drop(s);
        // The next client is served as if nothing happened.
        let c = r.client();
        assert!(c.stats().is_ok());
    }
    // A good hello followed by garbage: that connection closes, others go on.
    let c = r.client();
    add_sku(&c, "AFTER", 2);
    assert_eq!(r.client().sku_detail("AFTER", 0).unwrap().on_hand, 2);
}

#[test]
fn restart_keeps_everything_acknowledged_and_clients_reconnect() {
    let mut r = Running::start();
    let c = r.client();
    add_sku(&c, "KEEP", 7);
    r.stop();
    assert!(!socket_for(&r.db).exists(), "the socket is removed on stop");
    // The file is free again: open it embedded and see the data.
    {
        let local =
            stockroom::inventory::LocalInventory::open(&r.db, &stockroom::identity::current_user())
                .unwrap();
        assert_eq!(local.sku_detail("KEEP", 0).unwrap().on_hand, 7);
    }
    let server = Server::bind(&r.db, None, None).unwrap();
    r.stopper = server.stopper();
    r.thread = Some(std::thread::spawn(move || server.run().unwrap()));
    // The old client reconnects on its next query.
    assert_eq!(c.sku_detail("KEEP", 0).unwrap().on_hand, 7);
}

#[test]
fn a_stale_socket_is_replaced_and_a_live_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.redb");
    let sock = socket_for(&db);
    // A socket file nobody listens on, as a crashed server leaves it.
    drop(std::os::unix::net::UnixListener::bind(&sock).unwrap());
    assert!(sock.exists());
    let server = Server::bind(&db, None, None).expect("stale socket replaced");
    let stopper = server.stopper();
    let t = std::thread::spawn(move || server.run().unwrap());
    let second = Server::bind(&dir.path().join("y.redb"), Some(&sock), None);
    assert!(second.is_err(), "a live socket is not stolen");
    stopper.stop();
    t.join().unwrap();
}

#[test]
fn subscribers_hear_of_every_commit() {
    let r = Running::start();
    let (tx, rx) = std::sync::mpsc::channel();
    subscribe(socket_for(&r.db), move |c| tx.send(c).is_ok());
    std::thread::sleep(Duration::from_millis(200));
    add_sku(&r.client(), "LIVE", 3);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut seen = Vec::new();
    while Instant::now() < deadline && seen.len() < 2 {
        if let Ok(Change::Committed { skus, .. }) = rx.recv_timeout(Duration::from_millis(100)) {
            seen.push(skus);
        }
    }
    assert_eq!(
        seen.len(),
        2,
        "sku add and receive both announced: {seen:?}"
    );
}

/// The variable that lets this suite create OS users (`.ci/run` sets it); without it the
/// machine the tests run on is left as it is and the role test over the socket is skipped.
const OS_USERS_OPT_IN: &str = "STOCKROOM_TEST_OS_USERS";

#[test]
fn roles_come_from_peer_credentials() {
    if std::env::var(OS_USERS_OPT_IN).as_deref() != Ok("1") {
        eprintln!(
            "skipped: roles from peer credentials need two OS users; set {OS_USERS_OPT_IN}=1 \
             (as root) to let the test create them and remove them afterwards"
        );
        return;
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: creating OS users for the role test needs root");
        return;
    }
    let Some(users) = OsUsers::create(&["srpacker", "srcounter"]) else {
        return;
    };
    // The test users run a copy of the binary from a folder they can enter, whatever the
    // modes of the checkout and target folders (a root home is 0700); the database and
    // its socket live in a 0755 folder under /tmp for the same reason.
    use std::os::unix::fs::PermissionsExt;
    let shared = tempfile::Builder::new()
        .prefix("stockroom-roles-")
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let exe = shared.path().join("stockroom");
    std::fs::copy(bin(), &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let r = Running::start_in(tempfile::tempdir_in(shared.path()).unwrap());
    std::fs::set_permissions(
        r.db.parent().unwrap(),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::set_permissions(socket_for(&r.db), std::fs::Permissions::from_mode(0o666)).unwrap();
    let owner = r.client();
    add_sku(&owner, "ROLE", 10);
    owner
        .execute(Command::AddUser {
            name: "srpacker".into(),
            role: stockroom::domain::Role::Packer,
        })
        .unwrap();
    owner
        .execute(Command::AddUser {
            name: "srcounter".into(),
            role: stockroom::domain::Role::Counter,
        })
        .unwrap();
    let id = match owner.execute(reserve("ROLE")).unwrap().outcome {
        stockroom::inventory::Outcome::Reserved(v) => v.reservation,
        other => panic!("{other:?}"),
    };

    let out = run_as(&exe, "srpacker", &r.db, &["ship", &id.to_string()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_as(
        &exe,
        "srpacker",
        &r.db,
        &["adjust", "ROLE", "--set", "3", "--reason", "x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("Adjusting stock needs the role «owner»; srpacker has the role «packer»"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_as(
        &exe,
        "srcounter",
        &r.db,
        &["reserve", "ROLE", "1", "--channel", "ozon"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "Reserving needs the role «packer» or «owner»; srcounter has the role «counter»"
    ));
    // The ledger names the peer, not anything the client said.
    let h = owner.history(Some("ROLE".into()), 1).unwrap();
    assert_eq!(
        (h[0].kind.to_string().as_str(), h[0].actor.as_str()),
        ("ship", "srpacker")
    );
    drop(r);
    drop(users);
}

fn run_as(exe: &Path, user: &str, db: &Path, args: &[&str]) -> std::process::Output {
    Proc::new("runuser")
        .args(["-u", user, "--"])
        .arg(exe)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("STOCKROOM_LANG", "en")
        .output()
        .unwrap()
}

/// OS users made for one test and removed when it ends, pass or fail. Users that were
/// there before are used and left alone.
struct OsUsers {
    made: Vec<String>,
}

impl OsUsers {
    /// None (with the reason printed) where they cannot be made.
    fn create(names: &[&str]) -> Option<OsUsers> {
        let mut users = OsUsers { made: Vec::new() };
        for name in names {
            let exists = Proc::new("id")
                .arg(name)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if exists {
                continue;
            }
            let ok = Proc::new("useradd")
                .args(["-M", "-N", "-s", "/bin/sh", name])
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                eprintln!("skipped: useradd {name} failed");
                return None; // the drop removes the ones made so far
            }
            users.made.push(name.to_string());
        }
        Some(users)
    }
}

impl Drop for OsUsers {
    fn drop(&mut self) {
        for name in &self.made {
            let _ = Proc::new("userdel").arg(name).status();
        }
    }
}

/// The server's hold-expiry timer fills backorders as a command does: the held units go to
/// the waiting order, from several locations when no single one has all of it, in the
/// timer's own transaction, before anybody writes.
#[test]
fn the_expiry_timer_fills_a_backorder_from_several_locations() {
    use std::sync::Arc;
    use stockroom::inventory::LocalInventory;
    use stockroom::inventory::channels::RulesSpec;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.redb");
    {
        // Everything happens two days ago, by the program's own clock, so the 1-hour hold
        // is long due when the server starts, on any date.
        let then = stockroom::inventory::clock::now_ms() - 2 * 86_400_000;
        let (inv, _) =
            LocalInventory::open_or_init(&db, &stockroom::identity::current_user()).unwrap();
        let inv = inv.with_clock(Arc::new(move || then));
        let ok = |c: Command| inv.execute(c).unwrap();
        ok(Command::AddLocation {
            name: "Shop".into(),
            default: false,
        });
        for (name, priority) in [("Hold", 1), ("WB", 2)] {
            ok(Command::AddChannel {
                name: name.into(),
                kind: stockroom::domain::ChannelKind::Marketplace,
                priority,
            });
        }
        ok(Command::ChannelRules {
            channel: "Hold".into(),
            rules: RulesSpec {
                hold_ttl_secs: Some(Some(3600)),
                ..RulesSpec::default()
            },
        });
        add_sku(&inv, "MUG", 3);
        ok(Command::Receive {
            sku: "MUG".into(),
            qty: 2,
            at: Some("Shop".into()),
            reference: None,
        });
        ok(Command::Reserve {
            sku: "MUG".into(),
            qty: 3,
            channel: "Hold".into(),
            order: Some("H-1".into()),
            at: None,
            delivery: Delivery::default(),
        });
        // 2 available of 5: it waits.
        ok(Command::Order {
            sku: "MUG".into(),
            qty: 5,
            channel: "WB".into(),
            order: Some("WB-1".into()),
            delivery: Delivery::default(),
        });
    }
    let server = Server::bind(&db, None, None).unwrap();
    let stopper = server.stopper();
    let thread = std::thread::spawn(move || server.run().unwrap());
    let c = RemoteInventory::connect(&socket_for(&db))
        .unwrap()
        .expect("server answers");
    // Only reads from here on: a write would expire the hold itself.
    let deadline = Instant::now() + Duration::from_secs(20);
    let wb = loop {
        let wb: Vec<_> = c
            .reservations(None, false)
            .unwrap()
            .into_iter()
            .filter(|r| r.order == "WB-1")
            .collect();
        if wb.iter().all(|r| r.status.as_str() == "open") || Instant::now() > deadline {
            break wb;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    stopper.stop();
    thread.join().unwrap();
    let mut at: Vec<(String, u64, String)> = wb
        .iter()
        .map(|r| {
            (
                r.location.clone(),
                r.remaining,
                r.status.as_str().to_string(),
            )
        })
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            ("Main warehouse".to_string(), 3, "open".to_string()),
            ("Shop".to_string(), 2, "open".to_string())
        ],
        "the timer released H-1 and WB-1 took 3 + 2"
    );
    let inv = LocalInventory::open(&db, &stockroom::identity::current_user()).unwrap();
    let all = inv.reservations(None, true).unwrap();
    let h = all.iter().find(|r| r.order == "H-1").unwrap();
    assert_eq!(h.status.as_str(), "expired");
    assert!(inv.check().unwrap().problems.is_empty());
}

/// A bad row crosses the socket as the engine's error, not as words: the client words it
/// in its own language, whatever the server's is.
#[test]
fn a_bad_row_reaches_the_client_as_data_and_is_worded_in_the_clients_language() {
    use stockroom::i18n::{Lang, set_lang};
    use stockroom::inventory::{InputError, Located, RowMessage, StockRow};
    let r = Running::start();
    let c = r.client();
    let err = c
        .execute(Command::ImportListed {
            channel: "Ozon".into(),
            file: "listed.csv".into(),
            rows: vec![Located {
                line: 2,
                columns: vec![("code".into(), 1)],
                row: StockRow {
                    sku: "NOPE-1".into(),
                    location: None,
                    on_hand: 3,
                },
            }],
        })
        .unwrap_err();
    let Error::Input(InputError::Rows(rows)) = &err else {
        panic!("a row error, got {err:?}")
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].message,
        RowMessage::Error(Box::new(Error::Input(InputError::UnknownSku(
            "NOPE-1".into()
        ))))
    );
    set_lang(Lang::Ru);
    let ru = err.to_string();
    set_lang(Lang::En);
    let en = err.to_string();
    assert!(
        ru.contains("listed.csv:2:1: неизвестный товар \"NOPE-1\""),
        "{ru}"
    );
    assert!(
        en.contains("listed.csv:2:1: unknown SKU \"NOPE-1\""),
        "{en}"
    );
}

/// Every read the CLI makes crosses the socket as postcard, which keeps no field names: a
/// view with a field left out when empty would not read back. Alerts (with and without a
/// channel), the matrix, the day's report and the margin answer through a server.
#[test]
fn reports_and_alerts_answer_through_the_server() {
    let r = Running::start();
    add_sku(&r.client(), "SRV-ALERT", 2);
    // A minimum above the stock: the SKU is an alert, so the rows cross the socket.
    let out = Proc::new(bin())
        .args([
            "--db",
            r.db.to_str().unwrap(),
            "sku",
            "edit",
            "SRV-ALERT",
            "--min",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for args in [
        &["alerts", "--all"][..],
        &["alerts", "--channel", "Ozon"],
        &["matrix"],
        &["channel", "list"],
        &["report", "margin"],
        &["report", "stock-value"],
        &["day", "2026-03-04"],
        &["history", "--kind", "receive"],
    ] {
        let out = Proc::new(bin())
            .args(["--db", r.db.to_str().unwrap(), "--json"])
            .args(args)
            .env("STOCKROOM_LANG", "en")
            .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        if args[0] == "alerts" {
            let rows = v.as_array().map(Vec::len).unwrap_or(0);
            assert_eq!(rows, 1, "{args:?}: {v}");
        }
    }
}
