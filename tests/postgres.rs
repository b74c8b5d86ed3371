//! The stockroom on PostgreSQL, on a real server (`STOCKROOM_TEST_PG`, see `pg_support`):
//! two `stockroom serve` processes on one database racing for the same units, commits of
//! one server reaching the other's subscribers, the reporting views, `migrate` both ways,
//! a run-time role without DDL rights, and the database stopped in the middle of work.
//! Without a server each test says it was skipped.

mod pg_support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command as Proc, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use stockroom::domain::{Delivery, Refusal};
use stockroom::inventory::remote::{Change, RemoteInventory, subscribe};
use stockroom::inventory::{Command, Error, Inventory, InventoryExt, SkuSpec};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stockroom")
}

/// Runs the CLI on `db`, in English, as the calling user.
fn cli(db: &str, args: &[&str]) -> Output {
    Proc::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_SOCKET")
        .env("STOCKROOM_TEST_NOW", "2026-03-04T10:00:00Z")
        .output()
        .expect("run stockroom")
}

fn ok(db: &str, args: &[&str]) -> String {
    let out = cli(db, args);
    assert!(
        out.status.success(),
        "stockroom {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A `stockroom serve` process on `db` at `socket`, killed when dropped.
struct Serve {
    child: Child,
    socket: PathBuf,
}

impl Serve {
    fn start(db: &str, socket: &Path) -> Serve {
        let child = Proc::new(bin())
            .args(["serve", "--db", db, "--socket"])
            .arg(socket)
            .env("STOCKROOM_LANG", "en")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let s = Serve {
            child,
            socket: socket.to_path_buf(),
        };
        let start = Instant::now();
        while RemoteInventory::connect(socket).ok().flatten().is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "serve did not answer"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    fn client(&self) -> RemoteInventory {
        RemoteInventory::connect(&self.socket)
            .expect("connect")
            .expect("server answers")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn add_sku(inv: &dyn Inventory, code: &str, qty: u64) {
    inv.execute(Command::AddSku(SkuSpec {
        code: code.into(),
        name: Some(format!("Товар {code}")),
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

fn reserve(code: &str, order: Option<String>) -> Command {
    Command::Reserve {
        sku: code.into(),
        qty: 1,
        channel: "Ozon".into(),
        order,
        at: None,
        delivery: Delivery::default(),
    }
}

/// A database with a stockroom in it (owner: this user) and the channel Ozon.
fn shop(name: &str) -> Option<String> {
    let url = pg_support::database(name)?;
    ok(&url, &["init"]);
    ok(&url, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    Some(url)
}

#[test]
fn thirty_two_clients_on_two_servers_race_for_five_units_every_round() {
    let Some(url) = shop("race_two_servers") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = Serve::start(&url, &dir.path().join("a.sock"));
    let b = Serve::start(&url, &dir.path().join("b.sock"));
    let owner = a.client();
    for round in 0..6 {
        let code = format!("ГОНКА-{round}");
        add_sku(&owner, &code, 5);
        let barrier = Arc::new(Barrier::new(32));
        let handles: Vec<_> = (0..32)
            .map(|i| {
                let c = if i % 2 == 0 { a.client() } else { b.client() };
                let bar = barrier.clone();
                let cmd = reserve(&code, None);
                std::thread::spawn(move || {
                    bar.wait();
                    c.execute(cmd)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let won = results.iter().filter(|r| r.is_ok()).count();
        let short = results
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Err(Error::Refused(Refusal::InsufficientAvailable { .. }))
                )
            })
            .count();
        assert_eq!((won, short), (5, 27), "round {round}: {results:?}");
        let d = b.client().sku_detail(&code, 0).unwrap();
        assert_eq!(
            (d.on_hand, d.reserved, d.available),
            (5, 5, 0),
            "round {round}"
        );
    }
    let report = owner.check().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.reservations, 30);
}

#[test]
fn a_commit_through_one_server_reaches_the_subscribers_of_the_other() {
    let Some(url) = shop("notify_two_servers") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = Serve::start(&url, &dir.path().join("a.sock"));
    let b = Serve::start(&url, &dir.path().join("b.sock"));
    let (tx, rx) = std::sync::mpsc::channel();
    subscribe(b.socket.clone(), move |c| tx.send(c).is_ok());
    // The subscription is made on its own thread: wait until it hears b's own commit.
    let start = Instant::now();
    loop {
        add_sku(
            &b.client(),
            &format!("B-{}", start.elapsed().as_millis()),
            1,
        );
        if let Ok(Change::Committed { .. }) = rx.recv_timeout(Duration::from_millis(500)) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "b's subscriber hears nothing"
        );
    }
    while rx.try_recv().is_ok() {}
    // Nothing else writes now: what b's subscriber hears next is a's commit.
    add_sku(&a.client(), "ЧАЙ-1", 7);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Change::Committed { skus, .. }) if !skus.is_empty() => break,
            Ok(_) => {}
            Err(_) => panic!("b's subscriber never heard of a's commit of ЧАЙ-1"),
        }
    }
    // A command run on the database directly (a sync job, a script), through no server.
    ok(&url, &["receive", "ЧАЙ-1", "2"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Change::Committed { skus, .. }) if !skus.is_empty() => break,
            Ok(_) => {}
            Err(_) => panic!("b's subscriber never heard of a direct command's commit"),
        }
    }
}

#[test]
fn the_reporting_views_give_the_figures_the_cli_gives() {
    let Some(url) = shop("views") else {
        return;
    };
    ok(
        &url,
        &["sku", "add", "ЧАЙ-1", "--name", "Чай «Утро», 100 г"],
    );
    ok(&url, &["receive", "ЧАЙ-1", "12"]);
    ok(
        &url,
        &[
            "reserve",
            "ЧАЙ-1",
            "5",
            "--channel",
            "Ozon",
            "--order",
            "OZ-77",
        ],
    );
    ok(&url, &["defect", "ЧАЙ-1", "2", "--reason", "packaging"]);
    ok(&url, &["location", "add", "Магазин"]);
    ok(
        &url,
        &[
            "transfer",
            "ЧАЙ-1",
            "3",
            "--from",
            "Main warehouse",
            "--to",
            "Магазин",
        ],
    );
    let row = pg_support::column(
        &url,
        "SELECT concat_ws('|', name, on_hand, reserved, defective, available) \
         FROM stockroom.available WHERE code = 'ЧАЙ-1'",
    );
    let json = ok(&url, &["sku", "show", "ЧАЙ-1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let n = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {json}"));
    assert_eq!(
        row,
        vec![format!(
            "Чай «Утро», 100 г|{}|{}|{}|{}",
            n("on_hand"),
            n("reserved"),
            n("defective"),
            n("available")
        )]
    );
    assert_eq!(
        pg_support::column(
            &url,
            "SELECT concat_ws('|', kind, kind_detail, qty, code, location) FROM stockroom.ledger \
             ORDER BY seq, on_hand_change"
        ),
        vec![
            "receive|12|ЧАЙ-1|Main warehouse",
            "reserve|5|ЧАЙ-1|Main warehouse",
            "defect|packaging|2|ЧАЙ-1|Main warehouse",
            "transfer|to Магазин|3|ЧАЙ-1|Main warehouse",
            "transfer|from Main warehouse|3|ЧАЙ-1|Магазин",
        ]
    );
    // The changes of each location add up to what it holds.
    assert_eq!(
        pg_support::column(
            &url,
            "SELECT concat_ws('|', l.location, l.on_hand, \
               (SELECT sum(on_hand_change) FROM stockroom.ledger g \
                WHERE g.code = l.code AND g.location = l.location)) \
             FROM stockroom.levels l WHERE l.code = 'ЧАЙ-1' ORDER BY l.location"
        ),
        vec!["Main warehouse|7|7", "Магазин|3|3"]
    );
    assert_eq!(
        pg_support::column(
            &url,
            "SELECT concat_ws('|', channel, order_ref, code, qty, status) FROM stockroom.reservations"
        ),
        vec!["Ozon|OZ-77|ЧАЙ-1|5|open"]
    );
}

#[test]
fn migrate_moves_a_shop_to_postgresql_and_back_and_check_agrees() {
    let Some(url) = pg_support::database("migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.redb");
    let file = file.to_str().unwrap();
    ok(
        file,
        &[
            "demo",
            "--skus",
            "40",
            "--days",
            "20",
            "--as-of",
            "2026-03-04",
        ],
    );
    let out = ok(file, &["migrate", "--from", file, "--to", &url]);
    assert!(
        out.contains("check gives the same figures on both"),
        "{out}"
    );
    let back = dir.path().join("back.redb");
    let back = back.to_str().unwrap();
    ok(&url, &["migrate", "--from", &url, "--to", back]);
    for args in [
        &["sku", "list", "--json"][..],
        &["reservations", "--json"][..],
        &["check", "--json"][..],
        &["history", "--json", "--limit", "100000"][..],
    ] {
        let original = ok(file, args);
        assert_eq!(ok(&url, args), original, "{args:?} on PostgreSQL");
        assert_eq!(ok(back, args), original, "{args:?} after the way back");
    }
    // Never into a database that already holds a stockroom, nor over a file.
    let again = cli(file, &["migrate", "--from", file, "--to", &url]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds a stockroom"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let over = cli(&url, &["migrate", "--from", &url, "--to", file]);
    assert_ne!(over.status.code(), Some(0));
    assert_eq!(
        ok(file, &["check", "--json"]),
        ok(back, &["check", "--json"])
    );
}

#[test]
fn a_role_without_ddl_rights_runs_the_shop_once_init_made_the_schema() {
    let Some(url) = shop("runtime_role") else {
        return;
    };
    let role = format!("stockroom_app_{}", std::process::id());
    pg_support::column(
        &url,
        &format!("DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN; SELECT 1"),
    );
    pg_support::column(
        &url,
        &format!("{} SELECT 1", stockroom::store::pg::grants_sql(&role)),
    );
    let app = pg_support::with_user(&url, &role);
    ok(&app, &["sku", "add", "КРУЖКА-1", "--name", "Кружка"]);
    ok(&app, &["receive", "КРУЖКА-1", "3"]);
    ok(&app, &["reserve", "КРУЖКА-1", "1", "--channel", "Ozon"]);
    let listed = ok(&app, &["sku", "list"]);
    assert!(listed.contains("КРУЖКА-1"), "{listed}");
    // And it may not change the schema.
    let mut c = postgres::Client::connect(&app, postgres::NoTls).unwrap();
    assert!(
        c.batch_execute("CREATE TABLE stockroom.mine (x int)")
            .is_err(),
        "the run-time role could create a table"
    );
    assert!(c.batch_execute("DROP VIEW stockroom.levels").is_err());
    drop(c);
    pg_support::column(
        &url,
        &format!(
            "REASSIGN OWNED BY {role} TO CURRENT_USER; DROP OWNED BY {role}; DROP ROLE {role}; SELECT 1"
        ),
    );
}

#[test]
fn postgresql_stopped_mid_work_loses_no_acknowledged_command() {
    let Some(server) = pg_support::Private::start("fault") else {
        return;
    };
    let url = server.url.clone();
    ok(&url, &["init"]);
    ok(&url, &["channel", "add", "Ozon", "--kind", "marketplace"]);
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(&url, &dir.path().join("s.sock"));
    add_sku(&serve.client(), "ВАЗА-1", 1_000_000);
    let acked = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let failed = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let c = serve.client();
            let (acked, failed, stop) = (acked.clone(), failed.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    n += 1;
                    let order = format!("W{w}-{n}");
                    match c.execute(reserve("ВАЗА-1", Some(order.clone()))) {
                        Ok(_) => acked.lock().unwrap().push(order),
                        Err(e) => {
                            assert_eq!(e.exit_code(), 3, "{order}: {e:?}");
                            failed.lock().unwrap().push(order);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    server.kill();
    std::thread::sleep(Duration::from_millis(700));
    server.resume();
    // The server reconnects by itself: commands succeed again.
    let start = Instant::now();
    let acked_at_resume = acked.lock().unwrap().len();
    while acked.lock().unwrap().len() < acked_at_resume + 20 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no command succeeded after PostgreSQL came back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    let failed = failed.lock().unwrap().clone();
    assert!(!failed.is_empty(), "the stop was never seen by a client");
    // Every acknowledged order is reserved; an order that failed is reserved at most once
    // (its commit may have landed before the connection broke), never half.
    let reserved: Vec<String> = pg_support::column(
        &url,
        "SELECT order_ref FROM stockroom.reservations ORDER BY order_ref",
    );
    let acked = acked.lock().unwrap().clone();
    for order in &acked {
        assert_eq!(
            reserved.iter().filter(|r| *r == order).count(),
            1,
            "acknowledged {order} is not reserved exactly once"
        );
    }
    for r in &reserved {
        assert!(
            acked.contains(r) || failed.contains(r),
            "{r} is reserved but was never sent"
        );
    }
    let report = serve.client().check().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(report.reservations, reserved.len() as u64);
}

#[test]
fn holds_past_their_deadline_are_released_by_one_server_at_a_time() {
    use stockroom::inventory::LocalInventory;
    use stockroom::inventory::channels::RulesSpec;
    use stockroom::inventory::executor::{EXPIRY_LOCK, expire};
    use stockroom::store::Store;
    let Some(url) = pg_support::database("expiry") else {
        return;
    };
    let db = Path::new(&url);
    // Everything happens two days ago, so the one-hour holds are long due now.
    let now = stockroom::inventory::clock::now_ms();
    let then = now - 2 * 86_400_000;
    {
        let (inv, _) =
            LocalInventory::open_or_init(db, &stockroom::identity::current_user()).unwrap();
        let inv = inv.with_clock(Arc::new(move || then));
        let run = |c: Command| inv.execute(c).unwrap();
        run(Command::AddChannel {
            name: "Hold".into(),
            kind: stockroom::domain::ChannelKind::Marketplace,
            priority: 1,
        });
        run(Command::ChannelRules {
            channel: "Hold".into(),
            rules: RulesSpec {
                hold_ttl_secs: Some(Some(3600)),
                ..RulesSpec::default()
            },
        });
        add_sku(&inv, "КРУЖКА", 10);
        for i in 0..5 {
            run(Command::Reserve {
                sku: "КРУЖКА".into(),
                qty: 1,
                channel: "Hold".into(),
                order: Some(format!("H-{i}")),
                at: None,
                delivery: Delivery::default(),
            });
        }
    }
    // While another server holds the expiry lock, this one releases nothing.
    let mut other = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    other
        .execute("SELECT pg_advisory_lock($1)", &[&EXPIRY_LOCK])
        .unwrap();
    let store = Store::open(db).unwrap();
    assert_eq!(expire(&store, now).unwrap(), None);
    let held = || {
        pg_support::column(
            &url,
            "SELECT count(*) FROM stockroom.reservations WHERE status = 'open'",
        )
    };
    assert_eq!(held(), vec!["5"]);
    other
        .execute("SELECT pg_advisory_unlock($1)", &[&EXPIRY_LOCK])
        .unwrap();
    // Two servers at the same moment: each hold is released once.
    let barrier = Arc::new(Barrier::new(2));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let url = url.clone();
            let b = barrier.clone();
            std::thread::spawn(move || {
                let store = Store::open(Path::new(&url)).unwrap();
                b.wait();
                expire(&store, now).unwrap()
            })
        })
        .collect();
    let freed: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(freed.iter().filter(|c| c.is_some()).count(), 1, "{freed:?}");
    assert_eq!(held(), vec!["0"]);
    assert_eq!(
        pg_support::column(
            &url,
            "SELECT count(*) FROM stockroom.ledger WHERE kind = 'expire'"
        ),
        vec!["5"]
    );
    let report = LocalInventory::open(db, &stockroom::identity::current_user()).map(|i| i.check());
    assert!(matches!(report, Ok(Ok(ref r)) if r.ok()), "{report:?}");
}

#[test]
fn a_database_without_a_stockroom_or_with_another_programs_table_is_refused_untouched() {
    let Some(url) = pg_support::database("foreign") else {
        return;
    };
    let empty = cli(&url, &["sku", "list"]);
    assert_eq!(empty.status.code(), Some(2));
    let said = String::from_utf8_lossy(&empty.stderr);
    assert!(said.contains("holds no stockroom yet"), "{said}");
    assert!(!said.contains(".redb"), "{said}");
    pg_support::column(
        &url,
        "CREATE SCHEMA stockroom; CREATE TABLE stockroom.kv (id int, note text); \
         INSERT INTO stockroom.kv VALUES (1, 'theirs'); SELECT 1",
    );
    for args in [&["check"][..], &["init"][..], &["receive", "X", "1"][..]] {
        let out = cli(&url, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
    assert_eq!(
        pg_support::column(&url, "SELECT note FROM stockroom.kv"),
        vec!["theirs"]
    );
}

/// The certificate files of `tests/fixtures/tls`.
fn tls_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn sslmode_and_sslrootcert_are_read_as_libpq_reads_them() {
    let Some(server) = pg_support::Private::start_tls("tls") else {
        return;
    };
    let port = server.port();
    let at = |host: &str, query: &str| {
        format!("postgres://stockroom_admin@{host}:{port}/stockroom?{query}")
    };
    let ca = tls_file("ca.pem");
    // The server takes no plain connection over TCP: whatever works below was encrypted.
    let plain = cli(&at("localhost", "sslmode=disable"), &["init"]);
    assert_eq!(plain.status.code(), Some(3), "{plain:?}");
    assert!(
        String::from_utf8_lossy(&plain.stderr).contains("no encryption"),
        "{plain:?}"
    );

    // verify-full: the right authority and the right name.
    let full = at(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    ok(&full, &["init"]);
    ok(&full, &["sku", "add", "TLS-1", "--name", "Чай"]);
    ok(&full, &["receive", "TLS-1", "4"]);

    // The certificate is for localhost, not for 127.0.0.1: verify-full refuses, verify-ca
    // (the authority only) takes it, and so does require with a root file.
    let wrong_name = cli(
        &at(
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={ca}"),
        ),
        &["sku", "show", "TLS-1"],
    );
    assert_eq!(wrong_name.status.code(), Some(3), "{wrong_name:?}");
    let said = String::from_utf8_lossy(&wrong_name.stderr);
    assert!(said.contains("not valid for name"), "{said}");
    assert!(
        said.contains("sslrootcert"),
        "the hint names the TLS settings: {said}"
    );
    for query in [
        format!("sslmode=verify-ca&sslrootcert={ca}"),
        format!("sslmode=require&sslrootcert={ca}"),
    ] {
        let shown = ok(
            &at("127.0.0.1", &query),
            &["sku", "show", "TLS-1", "--json"],
        );
        assert!(shown.contains("\"on_hand\": 4"), "{query}: {shown}");
    }

    // Another authority: refused, whichever mode checks the authority.
    let other = tls_file("other-ca.pem");
    for mode in ["verify-ca", "verify-full", "require"] {
        let out = cli(
            &at("localhost", &format!("sslmode={mode}&sslrootcert={other}")),
            &["receive", "TLS-1", "1"],
        );
        assert_eq!(out.status.code(), Some(3), "{mode}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("UnknownIssuer"),
            "{mode}: {out:?}"
        );
    }
    // No root file: verify-full checks against the public authorities, which did not sign
    // a test certificate; prefer (the default) and require encrypt without checking.
    let public = cli(
        &at("localhost", "sslmode=verify-full"),
        &["receive", "TLS-1", "1"],
    );
    assert_eq!(public.status.code(), Some(3), "{public:?}");
    ok(&at("localhost", ""), &["receive", "TLS-1", "1"]);
    ok(
        &at("localhost", "sslmode=require"),
        &["receive", "TLS-1", "1"],
    );

    // A root file that is not there, and a mode nobody knows: what is wrong, and nothing
    // changes.
    let missing = cli(
        &at(
            "localhost",
            "sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem",
        ),
        &["receive", "TLS-1", "1"],
    );
    assert_eq!(missing.status.code(), Some(3), "{missing:?}");
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("sslrootcert /nonexistent/ca.pem cannot be read"),
        "{missing:?}"
    );
    let unknown = cli(
        &at("localhost", "sslmode=strict"),
        &["receive", "TLS-1", "1"],
    );
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("use disable, prefer, require, verify-ca or verify-full"),
        "{unknown:?}"
    );
    let shown = ok(&full, &["sku", "show", "TLS-1", "--json"]);
    assert!(shown.contains("\"on_hand\": 6"), "{shown}");
    ok(&full, &["check"]);
}

/// A catalog file of `n` rows with stock: new SKUs, then (from `from`) the same codes again
/// with other names and quantities.
fn catalog(n: usize, name: &str) -> String {
    let mut s = String::from("code,name,barcode,location,quantity\n");
    for i in 0..n {
        let loc = if i % 3 == 0 {
            "Склад Б"
        } else {
            "Main warehouse"
        };
        s.push_str(&format!(
            "IMP-{i:05},{name} {i},{},{loc},{}\n",
            4_600_000_000_000u64 + i as u64 * 7,
            i % 41
        ));
    }
    s
}

#[test]
fn an_import_past_the_read_ahead_windows_gives_on_postgresql_what_it_gives_on_redb() {
    let Some(url) = pg_support::database("import_windows") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.redb").display().to_string();
    ok(&url, &["init"]);
    ok(&file, &["init"]);
    // 5,000 rows: more than one window of codes and levels read ahead at once.
    let first = dir.path().join("first.csv");
    std::fs::write(&first, catalog(5_000, "Чай")).unwrap();
    let again = dir.path().join("again.csv");
    std::fs::write(&again, catalog(5_000, "Кофе").replace(",0\n", ",5\n")).unwrap();
    // One bad row far past the first window: refused whole, nothing written.
    let mut bad = catalog(5_000, "Мёд");
    bad.push_str("IMP-99999,Мёд,4600000000007,Main warehouse,1\n");
    let bad_file = dir.path().join("bad.csv");
    std::fs::write(&bad_file, bad).unwrap();
    for db in [&url, &file] {
        for f in [&first, &again] {
            ok(db, &["import", "skus", f.to_str().unwrap()]);
        }
        let refused = cli(db, &["import", "skus", bad_file.to_str().unwrap()]);
        assert_eq!(refused.status.code(), Some(2), "{refused:?}");
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(said.contains("5002"), "the bad row's line is named: {said}");
        ok(db, &["check"]);
    }
    for what in ["skus", "stock"] {
        let pg = ok(&url, &["export", what]);
        let redb = ok(&file, &["export", what]);
        assert_eq!(pg, redb, "export {what}");
        assert!(pg.contains("Кофе 4999"), "{what}");
    }
    assert!(!ok(&url, &["export", "skus"]).contains("Мёд"));
}

#[test]
fn a_second_init_leaves_the_views_what_was_built_on_them_and_the_grants() {
    let Some(url) = pg_support::database("init_twice") else {
        return;
    };
    ok(&url, &["init"]);
    let role = format!("reports_{}", std::process::id());
    pg_support::column(
        &url,
        &format!(
            "CREATE VIEW public.my_report AS SELECT * FROM stockroom.available; \
             CREATE ROLE {role}; GRANT USAGE ON SCHEMA stockroom TO {role}; \
             GRANT SELECT ON stockroom.available TO {role}; SELECT 1"
        ),
    );
    let again = ok(&url, &["init"]);
    assert!(again.contains("already initialized"), "{again}");
    let still = pg_support::column(
        &url,
        &format!(
            "SELECT (to_regclass('public.my_report') IS NOT NULL)::text || ' ' || \
             has_table_privilege('{role}', 'stockroom.available', 'SELECT')::text"
        ),
    );
    pg_support::column(
        &url,
        &format!("DROP VIEW public.my_report; DROP OWNED BY {role}; DROP ROLE {role}; SELECT 1"),
    );
    assert_eq!(still, vec!["true true"]);
}

#[test]
fn a_misspelled_postgresql_url_is_refused_not_made_a_file_and_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    for db in [
        "Postgres://u:SECRET@localhost/shop",
        " postgres://u:SECRET@localhost/shop",
        "postgres:shop",
        "host=localhost password=SECRET dbname=shop",
    ] {
        let out = Proc::new(bin())
            .current_dir(dir.path())
            .args(["--db", db, "init"])
            .env("STOCKROOM_LANG", "en")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{db}: {out:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("postgres://user@host/dbname"), "{said}");
        assert!(!said.contains("SECRET"), "{said}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_socket_of_a_url_is_in_a_folder_of_this_user_alone() {
    use std::os::unix::fs::MetadataExt;
    let socket = stockroom::inventory::connect::socket_for(Path::new(
        "postgres://stockroom@db.example/shop",
    ));
    let folder = socket.parent().unwrap();
    let m = std::fs::metadata(folder).unwrap();
    // SAFETY: geteuid has no preconditions.
    assert_eq!(m.uid(), unsafe { libc::geteuid() }, "{}", folder.display());
    assert_eq!(m.mode() & 0o077, 0, "{}", folder.display());
}

#[test]
fn a_url_given_where_a_file_belongs_is_named_back_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.redb").display().to_string();
    ok(&db, &["init"]);
    let url = "postgres://u:SECRETPW@db.example/shop";
    for args in [
        &["backup", url][..],
        &["export", "skus", "--out", url][..],
        &["restore", url][..],
        &["import", "skus", url][..],
    ] {
        let out = cli(&db, args);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("postgres://u@db.example"), "{args:?}: {said}");
        assert!(!said.contains("SECRETPW"), "{args:?}: {said}");
    }
}
