//! `serve` never deletes what it did not create and always stops; a command whose answer
//! was lost is retried under its request id and applied once; without a server a second
//! process waits for the file instead of failing.
//!
//! Every test runs the real binary in its own temp dir and bounds its waits in time.

use std::io::BufReader;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Proc, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use stockroom::inventory::connect::socket_for;
use stockroom::inventory::remote::RemoteInventory;
use stockroom::inventory::remote::protocol::{
    ClientMsg, MAX_REPLY, ServerMsg, read_frame, write_frame,
};
use stockroom::inventory::{
    Command, Error, Inventory, InventoryExt, LocalInventory, SkuSpec, StoreErrorWire,
};
use stockroom::server::Server;

/// Tests that measure time (a stop within 2 s, 32 processes racing for the file, waits)
/// take turns: on a 2-core machine one of them beside another measures the other.
static TIMED: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn timed() -> std::sync::MutexGuard<'static, ()> {
    TIMED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stockroom")
}

/// The binary in `dir`, in English, with the given arguments.
fn cli(dir: &Path, args: &[&str]) -> Proc {
    let mut p = Proc::new(bin());
    p.current_dir(dir)
        .args(args)
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .env_remove("STOCKROOM_SOCKET")
        .env_remove("STOCKROOM_TEST_CRASH_AFTER_COMMIT")
        .stdin(Stdio::null());
    p
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cli(dir, args).output().expect("run stockroom")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A child process that is killed if the test ends early.
struct Kid(Option<Child>);

impl Kid {
    fn spawn(mut p: Proc) -> Kid {
        Kid(Some(
            p.stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn stockroom"),
        ))
    }
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("child")
    }
    fn signal(&mut self, sig: i32) {
        let pid = self.child().id() as libc::pid_t;
        // SAFETY: kill(2) on a child not yet waited for.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
    }
    /// Waits up to `limit` for the child to end; None if it is still running.
    fn wait_for(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + limit;
        loop {
            if let Some(st) = self.child().try_wait().expect("try_wait") {
                return Some(st);
            }
            if Instant::now() >= until {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    fn stderr_text(&mut self) -> String {
        use std::io::Read;
        let mut s = String::new();
        if let Some(mut e) = self.child().stderr.take() {
            let _ = e.read_to_string(&mut s);
        }
        s
    }
}

impl Drop for Kid {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take()
            && c.try_wait().ok().flatten().is_none()
        {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// `stockroom serve` on `db`, up and answering.
fn serve(dir: &Path, db: &Path, extra_env: &[(&str, &Path)]) -> Kid {
    let mut p = cli(dir, &["--db", db.to_str().unwrap(), "serve"]);
    for (k, v) in extra_env {
        p.env(k, v);
    }
    let mut kid = Kid::spawn(p);
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(Some(_)) = RemoteInventory::connect(&socket_for(db)) {
            return kid;
        }
        if let Some(st) = kid.child().try_wait().unwrap() {
            panic!("stockroom serve ended: {st:?}: {}", kid.stderr_text());
        }
        assert!(Instant::now() < until, "server never came up");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn client(db: &Path) -> RemoteInventory {
    RemoteInventory::connect(&socket_for(db))
        .expect("connect")
        .expect("a server answers")
        .with_retry_wait(Duration::from_millis(200))
}

fn add_sku(inv: &dyn Inventory, code: &str, qty: u64) {
    inv.execute(Command::AddSku(SkuSpec {
        code: code.into(),
        name: Some(format!("Товар {code}")),
        ..SkuSpec::default()
    }))
    .unwrap();
    if qty > 0 {
        inv.execute(receive(code, qty)).unwrap();
    }
}

fn receive(code: &str, qty: u64) -> Command {
    Command::Receive {
        sku: code.into(),
        qty,
        at: None,
        reference: None,
    }
}

/// The file opened here after the server stopped: `check` passes; returns the ledger's
/// receives of `code` as (seq, qty).
fn receives_after(db: &Path, code: &str) -> Vec<(u64, u64)> {
    let inv = LocalInventory::open(db, &stockroom::identity::current_user()).expect("reopen");
    let report = inv.check().expect("check runs");
    assert!(report.ok(), "check: {:?}", report.problems);
    inv.ledger()
        .unwrap()
        .into_iter()
        .filter(|m| m.code == code && m.kind.to_string() == "receive")
        .map(|m| (m.seq, m.qty))
        .collect()
}

/// The quantities of those receives, oldest first.
fn qtys(db: &Path, code: &str) -> Vec<u64> {
    receives_after(db, code).iter().map(|r| r.1).collect()
}

// ---- the socket path -------------------------------------------------------------------

#[test]
fn serve_refuses_a_socket_in_a_missing_folder_or_too_long_as_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(d, &["--db", "shop.redb", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let db_before = std::fs::read(d.join("shop.redb")).unwrap();
    let long = format!("{}/{}", d.display(), "s".repeat(120));
    let cases: &[(&str, &str, &str)] = &[
        ("nofolder/x.sock", "does not exist", "папки"),
        (&long, "a socket path holds at most 107", "не больше 107"),
    ];
    for (socket, says, ru) in cases {
        let out = run(d, &["--db", "shop.redb", "serve", "--socket", socket]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--socket {socket}: {err}");
        assert!(err.contains(says), "--socket {socket}: {err}");
        assert!(!err.contains("storage error"), "--socket {socket}: {err}");
        let out = cli(d, &["--db", "shop.redb", "serve", "--socket", socket])
            .env("STOCKROOM_LANG", "ru")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(ru), "{}", stderr(&out));
        assert_eq!(std::fs::read(d.join("shop.redb")).unwrap(), db_before);
    }
    assert!(!d.join("nofolder").exists());
}

#[test]
fn serve_refuses_a_socket_path_that_is_a_file_a_folder_or_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(d, &["--db", "shop.redb", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("notes.txt"), "keep me\n").unwrap();
    std::fs::create_dir(d.join("folder")).unwrap();
    std::fs::write(d.join("folder/inside"), "x").unwrap();
    std::os::unix::fs::symlink(d.join("shop.redb"), d.join("link.redb")).unwrap();
    std::fs::hard_link(d.join("shop.redb"), d.join("hard.redb")).unwrap();
    std::os::unix::fs::symlink(d.join("elsewhere.sock"), d.join("dangling")).unwrap();
    let db_before = std::fs::read(d.join("shop.redb")).unwrap();
    let cases: &[(&str, &str)] = &[
        ("shop.redb", "is the database"),
        ("./shop.redb", "is the database"),
        ("sub/../shop.redb", "is the database"),
        ("link.redb", "is the database"),
        ("hard.redb", "is the database"),
        ("notes.txt", "is a regular file"),
        ("folder", "is a folder"),
        ("dangling", "symbolic link"),
    ];
    for (socket, says) in cases {
        let out = run(d, &["--db", "shop.redb", "serve", "--socket", socket]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "--socket {socket}: {err}");
        assert!(err.contains(socket), "--socket {socket} named: {err}");
        assert!(err.contains(says), "--socket {socket}: {err}");
        assert_eq!(
            std::fs::read(d.join("shop.redb")).unwrap(),
            db_before,
            "--socket {socket}: the database is byte-identical"
        );
    }
    assert_eq!(
        std::fs::read_to_string(d.join("notes.txt")).unwrap(),
        "keep me\n"
    );
    assert!(d.join("folder/inside").exists());
    assert!(d.join("dangling").symlink_metadata().is_ok());
    assert!(!d.join("elsewhere.sock").exists());
    // In Russian too.
    let out = cli(d, &["--db", "shop.redb", "serve", "--socket", "shop.redb"])
        .env("STOCKROOM_LANG", "ru")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("это сама база"), "{}", stderr(&out));
    let out = run(d, &["--db", "shop.redb", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn serve_replaces_a_stale_socket_and_refuses_a_live_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("s.redb");
    let sock = socket_for(&db);
    // A socket file nobody listens on, as a crashed server leaves it.
    drop(UnixListener::bind(&sock).unwrap());
    let mut server = serve(d, &db, &[]);
    add_sku(&client(&db), "LIVE", 2);
    // A second server on another database may not take the live socket.
    let out = run(
        d,
        &[
            "--db",
            "other.redb",
            "serve",
            "--socket",
            sock.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("already served"), "{}", stderr(&out));
    // The first one still answers.
    assert_eq!(client(&db).sku_detail("LIVE", 0).unwrap().on_hand, 2);
    server.signal(libc::SIGTERM);
    let st = server.wait_for(Duration::from_secs(2)).expect("stops");
    assert_eq!(st.code(), Some(0));
    assert!(!sock.exists(), "its own socket is removed on stop");
}

#[test]
fn a_removed_socket_is_made_again_and_a_replaced_one_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("s.redb");
    let sock = socket_for(&db);
    let mut server = serve(d, &db, &[]);
    add_sku(&client(&db), "BACK", 1);
    std::fs::remove_file(&sock).unwrap();
    let until = Instant::now() + Duration::from_secs(5);
    let c = loop {
        if let Ok(Some(c)) = RemoteInventory::connect(&sock) {
            break c;
        }
        assert!(Instant::now() < until, "socket not made again in 5 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    c.execute(receive("BACK", 2)).unwrap();
    // Something else takes the path: the server leaves it alone, also when it stops.
    std::fs::remove_file(&sock).unwrap();
    std::fs::write(&sock, "not yours").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(std::fs::read_to_string(&sock).unwrap(), "not yours");
    server.signal(libc::SIGTERM);
    let st = server.wait_for(Duration::from_secs(2)).expect("stops");
    assert_eq!(st.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&sock).unwrap(), "not yours");
    let err = server.stderr_text();
    assert!(err.contains("made it again"), "{err}");
    assert!(err.contains("leaving it alone"), "{err}");
    assert_eq!(receives_after(&db, "BACK").len(), 2);
}

// ---- signals ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum State {
    IdleClients,
    SocketRemoved,
    MidBatch,
}

/// Starts a server, puts it in `state`, sends `sig`: the process ends within 2 s with
/// exit 0, and every acknowledged receive is in the ledger of a file that passes `check`.
fn stop_in(state: State, sig: i32) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("s.redb");
    let mut server = serve(d, &db, &[]);
    let owner = client(&db);
    let codes: Vec<String> = (0..6).map(|i| format!("SIG-{i}")).collect();
    for c in &codes {
        add_sku(&owner, c, 0);
    }
    let acked = Arc::new(Mutex::new(Vec::<(String, u64)>::new()));
    let maybe = Arc::new(Mutex::new(0usize));
    let mut idle = Vec::new();
    let mut raw = Vec::new();
    let mut writers = Vec::new();
    let halt = Arc::new(AtomicBool::new(false));
    match state {
        State::IdleClients => {
            // Connected and silent: handshaken clients, a subscriber, a half-open one.
            for _ in 0..3 {
                let c = client(&db);
                c.stats().unwrap();
                idle.push(c);
            }
            stockroom::inventory::remote::subscribe(socket_for(&db), |c| {
                !matches!(c, stockroom::inventory::remote::Change::ServerGone)
            });
            raw.push(UnixStream::connect(socket_for(&db)).unwrap());
            std::thread::sleep(Duration::from_millis(200));
            owner.execute(receive(&codes[0], 4)).unwrap();
            acked.lock().unwrap().push((codes[0].clone(), 4));
        }
        State::SocketRemoved => {
            owner.execute(receive(&codes[0], 3)).unwrap();
            acked.lock().unwrap().push((codes[0].clone(), 3));
            std::fs::remove_file(socket_for(&db)).unwrap();
        }
        State::MidBatch => {
            for code in &codes {
                let c = client(&db);
                let (code, acked, maybe, halt) =
                    (code.clone(), acked.clone(), maybe.clone(), halt.clone());
                writers.push(std::thread::spawn(move || {
                    for _ in 0..100_000 {
                        if halt.load(Ordering::Relaxed) {
                            return;
                        }
                        match c.execute(receive(&code, 1)) {
                            Ok(_) => acked.lock().unwrap().push((code.clone(), 1)),
                            Err(Error::Store(StoreErrorWire::MaybeApplied(_))) => {
                                *maybe.lock().unwrap() += 1;
                                return;
                            }
                            Err(_) => return,
                        }
                    }
                }));
            }
            // Let the batches flow.
            let until = Instant::now() + Duration::from_secs(10);
            while acked.lock().unwrap().len() < 30 && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
    let sent = Instant::now();
    server.signal(sig);
    let st = server.wait_for(Duration::from_secs(2));
    let took = sent.elapsed();
    let st = st.unwrap_or_else(|| panic!("{state:?}, signal {sig}: still running after 2 s"));
    assert_eq!(
        st.code(),
        Some(0),
        "{state:?}, signal {sig}: {}",
        server.stderr_text()
    );
    halt.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    drop((idle, raw));
    let acked = acked.lock().unwrap().clone();
    let maybe = *maybe.lock().unwrap();
    let mut in_ledger = 0;
    for code in &codes {
        let want: u64 = acked
            .iter()
            .filter(|(c, _)| c == code)
            .map(|(_, q)| q)
            .sum();
        let got: u64 = receives_after(&db, code).iter().map(|(_, q)| q).sum();
        assert!(
            got >= want && got <= want + maybe as u64,
            "{state:?}, signal {sig}, {code}: {want} acknowledged, {got} in the ledger, {maybe} unsure"
        );
        in_ledger += got;
    }
    assert!(in_ledger > 0);
    assert!(
        !socket_for(&db).exists(),
        "{state:?}: socket removed on stop"
    );
    eprintln!(
        "{state:?} signal {sig}: stopped in {took:?}, {} acknowledged",
        acked.len()
    );
}

#[test]
fn sigterm_sigint_and_sighup_stop_the_server_within_two_seconds_in_every_state() {
    let _turn = timed();
    for state in [State::IdleClients, State::SocketRemoved, State::MidBatch] {
        for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            stop_in(state, sig);
        }
    }
}

// ---- request ids -----------------------------------------------------------------------

/// Says hello with `protocol` on a raw connection.
fn raw_client(sock: &Path, protocol: u32) -> (BufReader<UnixStream>, UnixStream) {
    let s = UnixStream::connect(sock).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut w = s.try_clone().unwrap();
    let mut r = BufReader::new(s);
    write_frame(
        &mut w,
        &ClientMsg::Hello {
            protocol,
            client: "test".into(),
        },
    )
    .unwrap();
    match read_frame::<_, ServerMsg>(&mut r, MAX_REPLY).unwrap() {
        ServerMsg::Welcome { protocol: p, .. } => assert_eq!(p, protocol),
        other => panic!("{other:?}"),
    }
    (r, w)
}

fn send(conn: &mut (BufReader<UnixStream>, UnixStream), msg: &ClientMsg) -> ServerMsg {
    write_frame(&mut conn.1, msg).unwrap();
    read_frame::<_, ServerMsg>(&mut conn.0, MAX_REPLY).unwrap()
}

#[test]
fn the_same_request_id_is_applied_once_and_gets_the_first_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.redb");
    let server = Server::bind(&db, None, None).unwrap();
    let stopper = server.stopper();
    let t = std::thread::spawn(move || server.run().unwrap());
    let sock = socket_for(&db);
    let mut a = raw_client(&sock, 2);
    let add = ClientMsg::Request {
        id: 7,
        cmd: Command::AddSku(SkuSpec {
            code: "ID".into(),
            name: Some("Товар ID".into()),
            ..SkuSpec::default()
        }),
    };
    let added = send(&mut a, &add);
    assert!(matches!(added, ServerMsg::Applied(Ok(_))), "{added:?}");
    let id = 0x5eed_0000_0000_0000_0000_0000_0000_0001u128;
    let first = send(
        &mut a,
        &ClientMsg::Request {
            id,
            cmd: receive("ID", 5),
        },
    );
    // The same id again, on another connection as after a reconnect: the first answer,
    // and nothing applied twice.
    let mut b = raw_client(&sock, 2);
    let again = send(
        &mut b,
        &ClientMsg::Request {
            id,
            cmd: receive("ID", 5),
        },
    );
    match (&first, &again) {
        (ServerMsg::Applied(Ok(x)), ServerMsg::Applied(Ok(y))) => assert_eq!(x, y),
        other => panic!("{other:?}"),
    }
    // Another id is another command.
    let other = send(
        &mut b,
        &ClientMsg::Request {
            id: id + 1,
            cmd: receive("ID", 5),
        },
    );
    assert!(matches!(other, ServerMsg::Applied(Ok(_))));
    // A protocol 1 client (no ids) is still served.
    let mut old = raw_client(&sock, 1);
    assert!(matches!(
        send(&mut old, &ClientMsg::Execute(receive("ID", 1))),
        ServerMsg::Applied(Ok(_))
    ));
    drop((a, b, old));
    stopper.stop();
    t.join().unwrap();
    assert_eq!(qtys(&db, "ID"), vec![5, 5, 1]);
}

#[test]
fn a_command_whose_answer_was_lost_is_retried_and_applied_once() {
    let _turn = timed();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("crash.redb");
    let trigger = d.join("crash-after-commit");
    let mut server = serve(
        d,
        &db,
        &[("STOCKROOM_TEST_CRASH_AFTER_COMMIT", trigger.as_path())],
    );
    add_sku(&client(&db), "ONCE", 0);
    // The next commit kills the server before it answers.
    std::fs::write(&trigger, "").unwrap();
    let mut waiting = Kid::spawn(cli(
        d,
        &[
            "--db",
            db.to_str().unwrap(),
            "--wait",
            "20",
            "receive",
            "ONCE",
            "3",
        ],
    ));
    let st = server
        .wait_for(Duration::from_secs(10))
        .expect("the server kills itself after the commit");
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&st),
        Some(libc::SIGKILL)
    );
    assert!(!trigger.exists(), "the fault fired");
    assert!(
        waiting.child().try_wait().unwrap().is_none(),
        "the client waits"
    );
    // Back up: the client's retry finds its command already applied.
    let mut server = serve(d, &db, &[]);
    let st = waiting
        .wait_for(Duration::from_secs(20))
        .expect("client ends");
    assert_eq!(st.code(), Some(0), "{}", waiting.stderr_text());
    server.signal(libc::SIGTERM);
    assert_eq!(
        server
            .wait_for(Duration::from_secs(2))
            .and_then(|s| s.code()),
        Some(0)
    );
    assert_eq!(qtys(&db, "ONCE"), vec![3], "applied once");

    // No server comes back: the client says plainly that it may have been applied.
    let mut server = serve(
        d,
        &db,
        &[("STOCKROOM_TEST_CRASH_AFTER_COMMIT", trigger.as_path())],
    );
    for (lang, says) in [
        ("en", "may have been applied: check `stockroom history`"),
        (
            "ru",
            "команда могла быть выполнена: посмотрите `stockroom history`",
        ),
    ] {
        std::fs::write(&trigger, "").unwrap();
        let out = cli(
            d,
            &[
                "--db",
                db.to_str().unwrap(),
                "--wait",
                "1",
                "receive",
                "ONCE",
                "1",
            ],
        )
        .env("STOCKROOM_LANG", lang)
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).contains(says), "{lang}: {}", stderr(&out));
        assert!(server.wait_for(Duration::from_secs(5)).is_some());
        if lang == "en" {
            server = serve(
                d,
                &db,
                &[("STOCKROOM_TEST_CRASH_AFTER_COMMIT", trigger.as_path())],
            );
        }
    }
    // It was applied each time, once.
    assert_eq!(qtys(&db, "ONCE"), vec![3, 1, 1]);
}

#[test]
fn remembered_requests_are_forgotten_after_a_day_and_beyond_the_cap() {
    use stockroom::store::{RequestRecord, Store};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(&dir.path().join("m.redb")).unwrap();
    let day = 24 * 3600 * 1000;
    let now = 10 * day;
    let tx = store.begin_write().unwrap();
    for i in 0..10u128 {
        let rec = RequestRecord {
            at: now - 2 * day + i as i64 * 1000,
            reply: vec![i as u8],
        };
        tx.remember_request(i, &rec).unwrap();
    }
    for i in 10..20u128 {
        let rec = RequestRecord {
            at: now - 1000 + i as i64,
            reply: vec![i as u8],
        };
        tx.remember_request(i, &rec).unwrap();
    }
    assert_eq!(tx.remembered_requests().unwrap(), 20);
    // Older than a day: they go, at most `budget` per call.
    assert_eq!(tx.forget_requests(now - day, 1000, 3).unwrap(), 3);
    assert!(tx.remembered_request(2).unwrap().is_none());
    assert!(tx.remembered_request(3).unwrap().is_some());
    assert_eq!(tx.forget_requests(now - day, 1000, 100).unwrap(), 7);
    assert!(tx.remembered_request(9).unwrap().is_none());
    assert_eq!(tx.forget_requests(now - day, 1000, 100).unwrap(), 0);
    // Beyond the cap the oldest go, however young.
    assert_eq!(tx.forget_requests(now - day, 5, 100).unwrap(), 5);
    assert_eq!(tx.remembered_requests().unwrap(), 5);
    assert!(tx.remembered_request(14).unwrap().is_none());
    assert_eq!(tx.remembered_request(19).unwrap().unwrap().reply, vec![19]);
    tx.commit().unwrap();
}

// ---- without a server: waiting for the file --------------------------------------------

#[test]
fn thirty_two_processes_without_a_server_wait_for_the_file() {
    let _turn = timed();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        &["--db", "w.redb", "init"][..],
        &[
            "--db",
            "w.redb",
            "channel",
            "add",
            "Ozon",
            "--kind",
            "marketplace",
        ],
        &["--db", "w.redb", "sku", "add", "W-1", "--name", "w"],
        &["--db", "w.redb", "receive", "W-1", "5"],
    ] {
        let out = run(d, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let started = Instant::now();
    let mut kids: Vec<Kid> = (0..32)
        .map(|_| {
            Kid::spawn(cli(
                d,
                &["--db", "w.redb", "reserve", "W-1", "1", "--channel", "ozon"],
            ))
        })
        .collect();
    let mut codes = Vec::new();
    for k in &mut kids {
        let left = Duration::from_secs(60).saturating_sub(started.elapsed());
        let st = k.wait_for(left).expect("every process ends within 60 s");
        let err = k.stderr_text();
        if st.code() == Some(1) {
            assert!(err.contains("insufficient"), "{err}");
        }
        codes.push(st.code());
    }
    let count = |c: i32| codes.iter().filter(|x| **x == Some(c)).count();
    assert_eq!(
        (count(0), count(1), count(3)),
        (5, 27, 0),
        "exit codes: {codes:?}"
    );
    eprintln!("32 reserves without a server in {:?}", started.elapsed());
    let out = run(d, &["--db", "w.redb", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn wait_zero_fails_fast_and_a_wait_outlasts_a_short_hold() {
    let _turn = timed();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("h.redb");
    let out = run(d, &["--db", "h.redb", "init"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(d, &["--db", "h.redb", "sku", "add", "H-1", "--name", "h"]);
    assert_eq!(out.status.code(), Some(0));
    let held = LocalInventory::open(&db, "holder").unwrap();
    let t = Instant::now();
    let out = run(d, &["--db", "h.redb", "--wait", "0", "receive", "H-1", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        t.elapsed() < Duration::from_secs(3),
        "fast: {:?}",
        t.elapsed()
    );
    let err = stderr(&out);
    assert!(
        err.contains("h.redb") && err.contains("in use by another stockroom process"),
        "{err}"
    );
    // --wait 1 waits about a second, then gives up the same way.
    let t = Instant::now();
    let out = run(d, &["--db", "h.redb", "--wait", "1", "receive", "H-1", "1"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "{:?}",
        t.elapsed()
    );
    // Held for half a second: the default wait sees it through.
    let k = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        drop(held);
    });
    let out = run(d, &["--db", "h.redb", "receive", "H-1", "2"]);
    k.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(d, &["--db", "h.redb", "--wait", "3601", "check"]);
    assert_eq!(out.status.code(), Some(2), "--wait has a limit");
    assert_eq!(qtys(&db, "H-1"), vec![2]);
}

#[test]
fn a_crashed_servers_socket_says_the_server_is_not_running() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db: PathBuf = d.join("gone.redb");
    // A crashed server's socket beside a database that is not there (moved, or on a
    // disk not mounted yet).
    drop(UnixListener::bind(socket_for(&db)).unwrap());
    for (lang, says) in [
        ("en", "the server is not running"),
        ("ru", "сервер не запущен"),
    ] {
        let out = cli(d, &["--db", "gone.redb", "sku", "list"])
            .env("STOCKROOM_LANG", lang)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(says), "{lang}: {err}");
        assert!(err.contains("gone.redb.sock"), "{err}");
        assert!(!err.contains("Permission denied"), "{err}");
    }
    // A database this user may not read (the server ran as another user): the same news.
    // Root reads any file, so this half needs a normal user.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped the unreadable-database half: running as root");
        return;
    }
    let out = run(d, &["--db", "gone.redb", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = run(d, &["--db", "gone.redb", "sku", "list"]);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the server is not running"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_command_on_an_idle_connection_to_a_stopped_server_fails_at_once_as_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("idle.redb");
    let start = || {
        let server = Server::bind(&db, None, None).unwrap();
        let stopper = server.stopper();
        (stopper, std::thread::spawn(move || server.run().unwrap()))
    };
    let (stopper, t) = start();
    let c = RemoteInventory::connect(&socket_for(&db))
        .unwrap()
        .unwrap()
        .with_retry_wait(Duration::from_secs(5));
    add_sku(&c, "IDLE", 1);
    stopper.stop();
    t.join().unwrap();
    // The connection was closed by the stop: nothing is sent, so nothing is unsure.
    let t0 = Instant::now();
    match c.execute(receive("IDLE", 1)) {
        Err(Error::Store(StoreErrorWire::ServerGone { .. })) => {}
        other => panic!("{other:?}"),
    }
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
    // Back up: the same client carries on.
    let (stopper, t) = start();
    c.execute(receive("IDLE", 2)).unwrap();
    stopper.stop();
    t.join().unwrap();
    assert_eq!(qtys(&db, "IDLE"), vec![1, 2]);
}

#[test]
fn a_wait_longer_than_a_second_is_announced_on_a_terminal_only() {
    let _turn = timed();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("t.redb");
    assert_eq!(run(d, &["--db", "t.redb", "init"]).status.code(), Some(0));
    let _held = LocalInventory::open(&db, "holder").unwrap();
    // Not a terminal: quiet until the final error.
    let out = run(d, &["--db", "t.redb", "--wait", "2", "sku", "list"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(!stderr(&out).contains("waiting for"), "{}", stderr(&out));
    // On a terminal (util-linux `script` gives the command one): said once, after 1 s.
    let line = format!(
        "'{}' --db t.redb --wait 2 sku list",
        bin().replace('\'', r"'\''")
    );
    let out = match Proc::new("script")
        .current_dir(d)
        .args(["-qec", &line, "/dev/null"])
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped the terminal half: no `script` ({e})");
            return;
        }
    };
    let seen = String::from_utf8_lossy(&out.stdout);
    if !seen.contains("stockroom") {
        eprintln!("skipped the terminal half: `script` could not run it here: {seen}");
        return;
    }
    assert_eq!(out.status.code(), Some(3), "{seen}");
    assert_eq!(seen.matches("waiting for t.redb").count(), 1, "{seen}");
    assert!(
        seen.contains("in use by another stockroom process"),
        "{seen}"
    );
}

#[test]
fn a_client_that_names_the_database_through_a_link_reaches_its_server() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("shop.redb");
    let _server = serve(d, &db, &[]);
    add_sku(&client(&db), "LINK", 5);
    std::os::unix::fs::symlink(&db, d.join("ln.redb")).unwrap();
    // Through the link: the command goes to the server (the file itself is held by it).
    let o = run(
        d,
        &["--db", "ln.redb", "--wait", "0", "receive", "LINK", "2"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let h = client(&db).history(Some("LINK".into()), 1).unwrap();
    assert_eq!((h[0].kind.to_string().as_str(), h[0].qty), ("receive", 2));
    // And the socket beside the real file is protected when named through the link.
    let o = run(
        d,
        &[
            "--db",
            "ln.redb",
            "export",
            "ledger",
            "--out",
            "shop.redb.sock",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("socket"), "{}", stderr(&o));
}

/// `serve` started while another process has the database open waits for it (up to
/// `--wait`), as every other command does, instead of failing at once; with `--wait 0` it
/// says the file is in use and exits 3.
#[test]
fn serve_waits_for_a_database_another_process_holds() {
    let _t = timed();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.redb");
    assert!(
        run(dir.path(), &["--db", db.to_str().unwrap(), "init"])
            .status
            .success()
    );

    // Held here: `serve --wait 0` gives up at once, with the reason.
    let holder = LocalInventory::open(&db, &stockroom::identity::current_user()).unwrap();
    let o = run(
        dir.path(),
        &["--db", db.to_str().unwrap(), "--wait", "0", "serve"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("in use"), "{}", stderr(&o));
    assert!(!socket_for(&db).exists(), "no socket is left behind");

    // Held for half a second, then let go: the server comes up and answers.
    let kid = Kid::spawn(cli(dir.path(), &["--db", db.to_str().unwrap(), "serve"]));
    std::thread::sleep(Duration::from_millis(500));
    drop(holder);
    let until = Instant::now() + Duration::from_secs(15);
    let remote = loop {
        if let Ok(Some(r)) = RemoteInventory::connect(&socket_for(&db)) {
            break r;
        }
        assert!(
            Instant::now() < until,
            "the server never came up after the file was free"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    add_sku(&remote, "WAITED-1", 3);
    drop(remote);
    drop(kid);
}
