//! The performance figures of docs/performance.md, measured in one run so they compare as
//! ratios. `cargo bench --bench figures` (add `-- --quick` for a smaller fixture).
//!
//! The scale fixture (100,000 SKUs, 365 days, about a million ledger entries) is made once
//! with the real demo generator and kept in target/bench-fixture/.

/// The same allocator as the `stockroom` binary, so in-process figures match it.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use stockroom::demo::{DemoSpec, generate};
use stockroom::domain::Delivery;
use stockroom::inventory::{Command, Inventory, InventoryExt, LocalInventory, SkuSpec};
use stockroom::tui::app::App;
use stockroom::tui::keymap::Keymap;
use stockroom::tui::view;

const OWNER: &str = "bench";

fn fixture(skus: u32, days: u32) -> PathBuf {
    let dir = PathBuf::from("target/bench-fixture");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    let path = dir.join(format!("demo-{skus}x{days}.redb"));
    if !path.exists() {
        let tmp = dir.join("making.redb");
        let _ = std::fs::remove_file(&tmp);
        let (inv, _) = LocalInventory::open_or_init(&tmp, OWNER).expect("open");
        let t = Instant::now();
        let s = generate(
            &inv,
            &DemoSpec {
                skus,
                days,
                seed: 7,
                seasons: true,
            },
        )
        .expect("demo");
        eprintln!(
            "fixture: {} SKUs, {} ledger entries in {:.1} s",
            s.skus,
            s.ledger_entries,
            t.elapsed().as_secs_f64()
        );
        drop(inv);
        std::fs::rename(&tmp, &path).expect("rename");
    }
    path
}

fn copy_of(path: &Path, name: &str) -> PathBuf {
    let p = path.with_file_name(name);
    std::fs::copy(path, &p).expect("copy");
    p
}

/// The median of `n` runs of `f`, in seconds.
fn median(n: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

struct Counting(Arc<std::sync::atomic::AtomicUsize>);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The TUI's state on `db` as `stockroom` opens it, once the full SKU list is in.
fn app_on(db: &Path) -> App {
    let inv: Arc<dyn Inventory> = Arc::new(LocalInventory::open(db, OWNER).expect("open"));
    let mut app = App::new(inv, Keymap::defaults());
    let (tx, rx) = std::sync::mpsc::channel();
    app.wake = Some(tx);
    app.reload();
    while app.loading_skus() {
        let _ = rx.recv();
        app.take_loaded();
    }
    app
}

fn tui_figures(db: &Path, skus: u32, rows: &mut Vec<(String, String, String)>) {
    // The TUI opens its database with its small cache, as `stockroom` does.
    stockroom::store::set_cache_bytes(stockroom::store::TUI_CACHE_BYTES);
    // A keystroke's frame: 16 ms at 100,000 SKUs; 50 ms at a million (16 ms the goal).
    let frame = if skus > 200_000 {
        "<= 50 ms"
    } else {
        "<= 16 ms"
    };
    // 1. open the database and build the first frame, as `stockroom` does: the first page
    // of SKUs at once, the full list read on another thread and swapped in when ready.
    let (mut firsts, mut full) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t0 = Instant::now();
        let (tx, rx) = std::sync::mpsc::channel();
        let inv: Arc<dyn Inventory> = Arc::new(LocalInventory::open(db, OWNER).expect("open"));
        let mut app = App::new(inv, Keymap::defaults());
        app.wake = Some(tx);
        app.reload();
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        t.draw(|f| view::render(f, &mut app)).expect("draw");
        firsts.push(t0.elapsed().as_secs_f64());
        // Then the full list arrives and is drawn.
        while app.loading_skus() {
            let _ = rx.recv();
            app.take_loaded();
        }
        assert!(!app.skus.partial);
        t.draw(|f| view::render(f, &mut app)).expect("draw");
        full.push(t0.elapsed().as_secs_f64());
    }
    firsts.sort_by(|a, b| a.total_cmp(b));
    let first = firsts[firsts.len() / 2];
    full.sort_by(|a, b| a.total_cmp(b));
    rows.push((
        "open to first frame (120x40)".into(),
        format!("{:.0} ms", first * 1e3),
        "<= 200 ms".into(),
    ));
    rows.push((
        "open to the full SKU list on screen (read in the background)".into(),
        format!("{:.0} ms", full[full.len() / 2] * 1e3),
        "-".into(),
    ));

    {
        // 1a. every SKU's keys, the two ways the store can give them: pages in code order
        // (a lookup of each SKU and its levels by id) against pages in id order (the SKU
        // table and the levels read as two ranges side by side), in one run.
        let inv = LocalInventory::open(db, OWNER).expect("open");
        let by_code = median(3, || {
            let mut after = None;
            loop {
                let page = inv.sku_keys(after.clone(), 25_000).expect("keys");
                after = page.last().map(|k| k.code.clone());
                if page.len() < 25_000 {
                    break;
                }
            }
        });
        let by_id = median(3, || {
            let mut after = None;
            loop {
                let page = inv.sku_keys_by_id(after, 25_000).expect("keys");
                after = page.last().map(|k| k.id);
                if page.len() < 25_000 {
                    break;
                }
            }
        });
        rows.push((
            "all SKU keys: pages in code order / pages in id order (median of 3)".into(),
            format!(
                "{:.0} ms / {:.0} ms = {:.1}",
                by_code * 1e3,
                by_id * 1e3,
                by_code / by_id.max(1e-9)
            ),
            "-".into(),
        ));
    }
    {
        // 2. one filter keystroke over every SKU, to the next frame.
        let mut app = app_on(db);
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        t.draw(|f| view::render(f, &mut app)).expect("draw");
        app.type_keys("/");
        // The first letter scans all 100,000 SKUs; the next one narrows what it matched.
        let mut letters = "айзелёныйчёрныйпуэр".chars().cycle();
        let (mut first_key, mut next_key) = (Vec::new(), Vec::new());
        for _ in 0..21 {
            let (c, d) = (letters.next().unwrap_or('а'), letters.next().unwrap_or('й'));
            let t0 = Instant::now();
            app.type_keys(&format!("text:{c}"));
            t.draw(|f| view::render(f, &mut app)).expect("draw");
            first_key.push(t0.elapsed().as_secs_f64());
            let t0 = Instant::now();
            app.type_keys(&format!("text:{d}"));
            t.draw(|f| view::render(f, &mut app)).expect("draw");
            next_key.push(t0.elapsed().as_secs_f64());
            app.type_keys("backspace backspace");
        }
        first_key.sort_by(|a, b| a.total_cmp(b));
        next_key.sort_by(|a, b| a.total_cmp(b));
        rows.push((
            format!("filter keystroke to frame, first letter: all {skus} SKUs (median)"),
            format!("{:.1} ms", first_key[first_key.len() / 2] * 1e3),
            frame.into(),
        ));
        rows.push((
            "filter keystroke to frame, first letter (worst of 21)".into(),
            format!("{:.1} ms", first_key[first_key.len() - 1] * 1e3),
            frame.into(),
        ));
        rows.push((
            "filter keystroke to frame, second letter (median)".into(),
            format!("{:.1} ms", next_key[next_key.len() / 2] * 1e3),
            frame.into(),
        ));
        // "чай" typed on the loaded list, a letter at a time: each keystroke to its frame.
        app.type_keys("esc /");
        let mut each: [Vec<f64>; 3] = Default::default();
        for _ in 0..5 {
            for (k, c) in "чай".chars().enumerate() {
                let t0 = Instant::now();
                app.type_keys(&format!("text:{c}"));
                t.draw(|f| view::render(f, &mut app)).expect("draw");
                each[k].push(t0.elapsed().as_secs_f64());
            }
            app.type_keys("backspace backspace backspace");
        }
        let medians: Vec<f64> = each
            .iter_mut()
            .map(|v| {
                v.sort_by(|a, b| a.total_cmp(b));
                v[v.len() / 2] * 1e3
            })
            .collect();
        rows.push((
            "filter \"чай\" typed on the loaded list: ч / а / й, each keystroke to its frame (median of 5)"
                .into(),
            format!("{:.1} / {:.1} / {:.1} ms", medians[0], medians[1], medians[2]),
            frame.into(),
        ));
    }
    // 3. one scroll step: frame build time and bytes written to a real terminal backend.
    let mut app = app_on(db);
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let backend = CrosstermBackend::new(Counting(counter.clone()));
    let mut term = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
        },
    )
    .expect("terminal");
    term.draw(|f| view::render(f, &mut app)).expect("draw");
    let mut bytes = Vec::new();
    let scroll = median(41, || {
        counter.store(0, std::sync::atomic::Ordering::Relaxed);
        app.type_keys("j");
        term.draw(|f| view::render(f, &mut app)).expect("draw");
        bytes.push(counter.load(std::sync::atomic::Ordering::Relaxed));
    });
    bytes.sort_unstable();
    rows.push((
        "scroll frame build (120x40)".into(),
        format!("{:.2} ms", scroll * 1e3),
        "<= 4 ms".into(),
    ));
    rows.push((
        "bytes written per one-row scroll".into(),
        format!("{} B (median)", bytes[bytes.len() / 2]),
        "<= 2 KB".into(),
    ));
}

fn durable_reserve_vs_bare_commit(dir: &Path, rows: &mut Vec<(String, String, String)>) {
    let n = 300;
    let ours_path = dir.join("reserve.redb");
    let _ = std::fs::remove_file(&ours_path);
    let (inv, _) = LocalInventory::open_or_init(&ours_path, OWNER).expect("open");
    inv.execute(Command::AddChannel {
        name: "Ozon".into(),
        kind: stockroom::domain::ChannelKind::Marketplace,
        priority: 1,
    })
    .expect("channel");
    inv.execute(Command::AddSku(SkuSpec {
        code: "R".into(),
        name: Some("Резерв".into()),
        ..Default::default()
    }))
    .expect("sku");
    inv.execute(Command::Receive {
        sku: "R".into(),
        qty: 1_000_000,
        at: None,
        reference: None,
    })
    .expect("receive");
    // The bare commit, twice: in a fresh file of one table, and in the same kind of file as
    // ours (a copy of this stockroom database, all its tables), one row into one table.
    let fresh_path = dir.join("bare.redb");
    let _ = std::fs::remove_file(&fresh_path);
    let fresh = redb::Database::create(&fresh_path).expect("bare");
    let same_path = dir.join("bare-same-kind.redb");
    std::fs::copy(&ours_path, &same_path).expect("copy");
    let same = redb::Database::create(&same_path).expect("same kind");
    let table: redb::TableDefinition<u64, u64> = redb::TableDefinition::new("bare");
    let bare_commit = |db: &redb::Database, i: u64| {
        let t = Instant::now();
        let mut w = db.begin_write().expect("w");
        w.set_durability(redb::Durability::Immediate)
            .expect("durability");
        w.open_table(table)
            .expect("t")
            .insert(i, i)
            .expect("insert");
        w.commit().expect("commit");
        t.elapsed().as_secs_f64()
    };
    // The floor: the rows a reserve stores, written by bare redb with no engine, into tables
    // of the same shapes in another copy of our file (a level updated; a ledger entry, a
    // reservation and an open-queue entry appended; a per-SKU ledger entry and an order
    // line inserted), one durable commit each.
    let floor_path = dir.join("bare-six-tables.redb");
    std::fs::copy(&ours_path, &floor_path).expect("copy");
    let floor = redb::Database::create(&floor_path).expect("floor");
    let f_levels: redb::TableDefinition<(u32, u16), &[u8]> =
        redb::TableDefinition::new("floor_levels");
    let f_ledger: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("floor_ledger");
    let f_by_sku: redb::TableDefinition<(u32, u64), ()> =
        redb::TableDefinition::new("floor_by_sku");
    let f_res: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("floor_res");
    let f_open: redb::TableDefinition<u64, ()> = redb::TableDefinition::new("floor_open");
    let f_orders: redb::TableDefinition<(u16, &str, u32), u64> =
        redb::TableDefinition::new("floor_orders");
    let floor_commit = |i: u64| {
        let t = Instant::now();
        let mut w = floor.begin_write().expect("w");
        w.set_durability(redb::Durability::Immediate)
            .expect("durability");
        let (entry, level) = ([7u8; 80], [5u8; 24]);
        w.open_table(f_levels)
            .expect("t")
            .insert((1, 1), level.as_slice())
            .expect("insert");
        w.open_table(f_ledger)
            .expect("t")
            .insert(i, entry.as_slice())
            .expect("insert");
        w.open_table(f_by_sku)
            .expect("t")
            .insert((1, i), ())
            .expect("insert");
        w.open_table(f_res)
            .expect("t")
            .insert(i, entry.as_slice())
            .expect("insert");
        w.open_table(f_open)
            .expect("t")
            .insert(i, ())
            .expect("insert");
        w.open_table(f_orders)
            .expect("t")
            .insert((1, format!("OZ-{i:06}").as_str(), 1), i)
            .expect("insert");
        w.commit().expect("commit");
        t.elapsed().as_secs_f64()
    };
    // Interleave them so machine noise hits them alike.
    let (mut bare, mut bare_same, mut ours, mut floors) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        bare.push(bare_commit(&fresh, i as u64));
        bare_same.push(bare_commit(&same, i as u64));
        floors.push(floor_commit(i as u64));
        let t = Instant::now();
        inv.execute(Command::Reserve {
            sku: "R".into(),
            qty: 1,
            channel: "Ozon".into(),
            order: Some(format!("OZ-{i:06}")),
            at: None,
            delivery: Delivery::default(),
        })
        .expect("reserve");
        ours.push(t.elapsed().as_secs_f64());
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (b, bs, o) = (med(&mut bare), med(&mut bare_same), med(&mut ours));
    let fl = med(&mut floors);
    rows.push((
        "bare redb commit, one row, fresh one-table file (median)".into(),
        format!("{:.0} µs", b * 1e6),
        "-".into(),
    ));
    rows.push((
        "bare redb commit, one row, in a copy of the stockroom file (median)".into(),
        format!("{:.0} µs", bs * 1e6),
        "-".into(),
    ));
    rows.push((
        "durable reserve with an order number (median)".into(),
        format!("{:.0} µs", o * 1e6),
        "-".into(),
    ));
    rows.push((
        "durable reserve / bare commit in the same kind of file".into(),
        format!("{:.2}", o / bs),
        "<= 1.3".into(),
    ));
    rows.push((
        "durable reserve / bare commit in a fresh one-table file".into(),
        format!("{:.2}", o / b),
        "-".into(),
    ));
    rows.push((
        "bare redb commit of a reserve's six rows in six tables, no engine (median)".into(),
        format!("{:.0} µs", fl * 1e6),
        "-".into(),
    ));
    rows.push((
        "the same six rows / bare commit of one row (storage alone)".into(),
        format!("{:.2}", fl / bs),
        "-".into(),
    ));
    rows.push((
        "durable reserve / the same six rows without the engine".into(),
        format!("{:.2}", o / fl),
        "-".into(),
    ));
}

/// Reserves per second of 32 socket clients, 40 reserves each, through `stockroom serve`
/// processes (servers in this process) on `db`: a redb file, or a PostgreSQL URL. With
/// `servers` = 2 the clients are split over two servers on the one database.
fn served_reserves(db: &Path, dir: &Path, servers: usize) -> f64 {
    let clients = 32;
    let per_client = 40;
    let mut running = Vec::new();
    let mut sockets = Vec::new();
    for i in 0..servers {
        let sock = dir.join(format!("bench-{i}.sock"));
        let _ = std::fs::remove_file(&sock);
        let server = stockroom::server::Server::bind(db, Some(&sock), None).expect("bind");
        let stopper = server.stopper();
        running.push((
            stopper,
            std::thread::spawn(move || server.run().expect("run")),
        ));
        sockets.push(sock);
    }
    let connect = |i: usize| {
        stockroom::inventory::remote::RemoteInventory::connect(&sockets[i % servers])
            .expect("c")
            .expect("served")
    };
    let owner = connect(0);
    owner
        .execute(Command::AddChannel {
            name: "Ozon".into(),
            kind: stockroom::domain::ChannelKind::Marketplace,
            priority: 1,
        })
        .expect("channel");
    owner
        .execute(Command::AddSku(SkuSpec {
            code: "S".into(),
            name: Some("Сервер".into()),
            ..Default::default()
        }))
        .expect("sku");
    owner
        .execute(Command::Receive {
            sku: "S".into(),
            qty: 1_000_000,
            at: None,
            reference: None,
        })
        .expect("receive");
    let t = Instant::now();
    let hs: Vec<_> = (0..clients)
        .map(|i| {
            let c = connect(i);
            std::thread::spawn(move || {
                for _ in 0..per_client {
                    c.execute(Command::Reserve {
                        sku: "S".into(),
                        qty: 1,
                        channel: "Ozon".into(),
                        order: None,
                        at: None,
                        delivery: Delivery::default(),
                    })
                    .expect("reserve");
                }
            })
        })
        .collect();
    for h in hs {
        h.join().expect("join");
    }
    let rate = (clients * per_client) as f64 / t.elapsed().as_secs_f64();
    for (stopper, th) in running {
        stopper.stop();
        th.join().expect("server");
    }
    rate
}

/// The same 32 clients on PostgreSQL (`STOCKROOM_TEST_PG`, a database its user may create
/// databases on), one server and two, beside the redb server, in one run.
fn postgres_vs_redb(dir: &Path, rows: &mut Vec<(String, String, String)>) {
    let Some(base) = std::env::var("STOCKROOM_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        rows.push((
            "PostgreSQL figures".into(),
            "skipped: STOCKROOM_TEST_PG is not set".into(),
            "-".into(),
        ));
        return;
    };
    let fresh = |name: &str| {
        let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("admin");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create");
        let (head, query) = base.split_once('?').unwrap_or((&base, ""));
        let cut = head.rfind('/').expect("a database in the URL");
        format!("{}/{name}?{query}", &head[..cut])
    };
    let file = dir.join("serve-pg-side.redb");
    let _ = std::fs::remove_file(&file);
    let redb = served_reserves(&file, dir, 1);
    let one = served_reserves(Path::new(&fresh("bench_pg_one")), dir, 1);
    let two = served_reserves(Path::new(&fresh("bench_pg_two")), dir, 2);
    rows.push((
        "32 clients reserving, one server on redb".into(),
        format!("{redb:.0} reserves/s"),
        "-".into(),
    ));
    rows.push((
        "32 clients reserving, one server on PostgreSQL".into(),
        format!("{one:.0} reserves/s"),
        "-".into(),
    ));
    rows.push((
        "32 clients reserving, two servers on one PostgreSQL".into(),
        format!("{two:.0} reserves/s"),
        "-".into(),
    ));
    rows.push((
        "PostgreSQL (one server) / redb server".into(),
        format!("{:.2}", one / redb),
        "-".into(),
    ));
}

fn server_vs_sqlite(dir: &Path, rows: &mut Vec<(String, String, String)>) {
    let clients = 32;
    let per_client = 40;
    // Ours: `stockroom serve` in this process, 32 socket clients.
    let db = dir.join("serve.redb");
    let _ = std::fs::remove_file(&db);
    let ours = served_reserves(&db, dir, 1);

    // SQLite: the same reserve as one transaction per command, WAL, synchronous=FULL.
    let path = dir.join("sqlite.db");
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    {
        let c = rusqlite::Connection::open(&path).expect("sqlite");
        c.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
             CREATE TABLE levels(sku INTEGER, loc INTEGER, on_hand INTEGER, reserved INTEGER, PRIMARY KEY(sku, loc));
             CREATE TABLE ledger(seq INTEGER PRIMARY KEY, sku INTEGER, loc INTEGER, kind TEXT, qty INTEGER, on_hand INTEGER, reserved INTEGER);
             CREATE TABLE reservations(id INTEGER PRIMARY KEY, sku INTEGER, qty INTEGER, remaining INTEGER, status TEXT);
             INSERT INTO levels VALUES (1, 1, 1000000, 0);",
        )
        .expect("schema");
    }
    let t = Instant::now();
    let hs: Vec<_> = (0..clients)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut c = rusqlite::Connection::open(&path).expect("open");
                c.execute_batch("PRAGMA synchronous=FULL;").expect("pragma");
                c.busy_timeout(Duration::from_secs(60)).expect("busy");
                for _ in 0..per_client {
                    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).expect("begin");
                    let (on_hand, reserved): (i64, i64) = tx
                        .query_row("SELECT on_hand, reserved FROM levels WHERE sku=1 AND loc=1", [], |r| {
                            Ok((r.get(0)?, r.get(1)?))
                        })
                        .expect("select");
                    assert!(on_hand - reserved >= 1);
                    tx.execute("UPDATE levels SET reserved = reserved + 1 WHERE sku=1 AND loc=1", []).expect("update");
                    tx.execute(
                        "INSERT INTO ledger(sku, loc, kind, qty, on_hand, reserved) VALUES (1, 1, 'reserve', 1, ?1, ?2)",
                        [on_hand, reserved + 1],
                    )
                    .expect("ledger");
                    tx.execute("INSERT INTO reservations(sku, qty, remaining, status) VALUES (1, 1, 1, 'open')", [])
                        .expect("reservation");
                    tx.commit().expect("commit");
                }
            })
        })
        .collect();
    for h in hs {
        h.join().expect("join");
    }
    let sqlite = (clients * per_client) as f64 / t.elapsed().as_secs_f64();
    rows.push((
        "32 clients reserving, stockroom serve".into(),
        format!("{ours:.0} reserves/s"),
        "-".into(),
    ));
    rows.push((
        "32 threads reserving, SQLite WAL FULL".into(),
        format!("{sqlite:.0} reserves/s"),
        "-".into(),
    ));
    rows.push((
        "32-client throughput, ours / SQLite".into(),
        format!("{:.2}", ours / sqlite),
        ">= 3".into(),
    ));
}

fn import_and_check(big: &Path, dir: &Path, rows: &mut Vec<(String, String, String)>) {
    let n = 100_000;
    let csv = dir.join("import.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).expect("csv"));
        writeln!(f, "Артикул;Наименование;Штрихкод;Остаток;Цена").expect("w");
        for i in 0..n {
            writeln!(
                f,
                "IMP-{i:06};Товар импорта № {i};46{:011};{};1 234,50",
                50_000_000 + i,
                i % 50
            )
            .expect("w");
        }
    }
    // Three imports, each into a fresh database; the median (the first also pays for
    // loading the binary from disk).
    let bin = env!("CARGO_BIN_EXE_stockroom");
    let mut times = Vec::new();
    let mut failed = None;
    for k in 0..3 {
        let db = dir.join(format!("import-{k}.redb"));
        let _ = std::fs::remove_file(&db);
        // The import runs as this OS user, so the database is theirs.
        drop(
            LocalInventory::open_or_init(&db, &stockroom::identity::current_user()).expect("open"),
        );
        let t = Instant::now();
        let st = std::process::Command::new(bin)
            .args([
                "--db",
                db.to_str().expect("path"),
                "import",
                "skus",
                csv.to_str().expect("path"),
            ])
            .output()
            .expect("import");
        times.push(t.elapsed().as_secs_f64());
        if !st.status.success() {
            failed = Some(String::from_utf8_lossy(&st.stderr).into_owned());
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let ok = failed.is_none();
    rows.push((
        "CSV import, 100,000 rows with stock, all or nothing (median of 3)".into(),
        match failed {
            None => format!("{:.0} rows/s", n as f64 / times[1]),
            Some(e) => format!("failed: {e}"),
        },
        ">= 100,000 rows/s".into(),
    ));
    if ok {
        import_floor(dir, n, times[1], rows);
    }

    let inv = LocalInventory::open(big, OWNER).expect("open");
    let t = Instant::now();
    let report = inv.check().expect("check");
    let secs = t.elapsed().as_secs_f64();
    rows.push((
        format!("check replay ({} entries)", report.entries),
        format!("{:.0} entries/s", report.entries as f64 / secs),
        ">= 500,000 entries/s".into(),
    ));
}

/// The rows the import stored, read back from its file and written again by bare redb
/// into the same tables of a fresh stockroom file, in one durable commit: the floor of an
/// import in this store, whatever code writes it. Twice: in the order the import writes
/// them (each SKU's five rows together, then each stock row's three) and table by table.
fn import_floor(dir: &Path, n: usize, import_secs: f64, rows: &mut Vec<(String, String, String)>) {
    use redb::{ReadableDatabase, TableDefinition};
    type Bytes = Vec<u8>;
    let skus_t: TableDefinition<u32, &[u8]> = TableDefinition::new("skus");
    let str_tables: [TableDefinition<&str, u32>; 4] = [
        TableDefinition::new("sku_by_code"),
        TableDefinition::new("sku_by_barcode"),
        TableDefinition::new("sku_by_code_key"),
        TableDefinition::new("sku_by_barcode_key"),
    ];
    let levels_t: TableDefinition<(u32, u16), &[u8]> = TableDefinition::new("levels");
    let ledger_t: TableDefinition<u64, &[u8]> = TableDefinition::new("ledger");
    let by_sku_t: TableDefinition<(u32, u64), ()> = TableDefinition::new("ledger_by_sku");
    // What the import stored (its first run's file).
    let (skus, strs, levels, ledger, by_sku) = {
        let db = redb::Database::open(dir.join("import-0.redb")).expect("imported");
        let r = db.begin_read().expect("read");
        let skus: Vec<(u32, Bytes)> = read_all(&r, skus_t, |k, v| (k.value(), v.value().to_vec()));
        let strs: Vec<Vec<(String, u32)>> = str_tables
            .iter()
            .map(|t| read_all(&r, *t, |k, v| (k.value().to_string(), v.value())))
            .collect();
        let levels: Vec<((u32, u16), Bytes)> =
            read_all(&r, levels_t, |k, v| (k.value(), v.value().to_vec()));
        let ledger: Vec<(u64, Bytes)> =
            read_all(&r, ledger_t, |k, v| (k.value(), v.value().to_vec()));
        let by_sku: Vec<(u32, u64)> = read_all(&r, by_sku_t, |k, _| k.value());
        (skus, strs, levels, ledger, by_sku)
    };
    let write = |k: usize, by_table: bool| -> f64 {
        let path = dir.join(format!("import-floor-{k}.redb"));
        let _ = std::fs::remove_file(&path);
        drop(LocalInventory::open_or_init(&path, OWNER).expect("init"));
        let db = redb::Database::create(&path).expect("open");
        let t = Instant::now();
        let mut w = db.begin_write().expect("w");
        w.set_durability(redb::Durability::Immediate)
            .expect("durability");
        {
            let mut st = w.open_table(skus_t).expect("t");
            let mut ix: Vec<_> = str_tables
                .iter()
                .map(|t| w.open_table(*t).expect("t"))
                .collect();
            let mut lv = w.open_table(levels_t).expect("t");
            let mut lg = w.open_table(ledger_t).expect("t");
            let mut bs = w.open_table(by_sku_t).expect("t");
            if by_table {
                for (id, v) in &skus {
                    st.insert(id, v.as_slice()).expect("i");
                }
                for (t, list) in ix.iter_mut().zip(&strs) {
                    for (key, id) in list {
                        t.insert(key.as_str(), id).expect("i");
                    }
                }
                for (key, v) in &levels {
                    lv.insert(key, v.as_slice()).expect("i");
                }
                for (seq, v) in &ledger {
                    lg.insert(seq, v.as_slice()).expect("i");
                }
                for key in &by_sku {
                    bs.insert(key, ()).expect("i");
                }
            } else {
                // Codes and barcodes rise with the ids in this file: row i of each index
                // table is SKU i's.
                for (i, (id, v)) in skus.iter().enumerate() {
                    st.insert(id, v.as_slice()).expect("i");
                    for (t, list) in ix.iter_mut().zip(&strs) {
                        if let Some((key, id)) = list.get(i) {
                            t.insert(key.as_str(), id).expect("i");
                        }
                    }
                }
                for (i, (key, v)) in levels.iter().enumerate() {
                    lv.insert(key, v.as_slice()).expect("i");
                    if let Some((seq, v)) = ledger.get(i) {
                        lg.insert(seq, v.as_slice()).expect("i");
                    }
                    if let Some(key) = by_sku.get(i) {
                        bs.insert(key, ()).expect("i");
                    }
                }
            }
        }
        w.commit().expect("commit");
        t.elapsed().as_secs_f64()
    };
    let (mut row_order, mut table_order) = (Vec::new(), Vec::new());
    for k in 0..3 {
        row_order.push(write(k, false));
        table_order.push(write(k, true));
    }
    row_order.sort_by(|a, b| a.total_cmp(b));
    table_order.sort_by(|a, b| a.total_cmp(b));
    let written = skus.len() + strs.iter().map(Vec::len).sum::<usize>() + levels.len() * 3;
    rows.push((
        format!("bare redb: the import's {written} rows in its tables, one commit, row order (median of 3)"),
        format!("{:.0} rows/s ({:.0} ms)", n as f64 / row_order[1], row_order[1] * 1e3),
        "-".into(),
    ));
    rows.push((
        "the same, table by table (median of 3)".into(),
        format!(
            "{:.0} rows/s ({:.0} ms)",
            n as f64 / table_order[1],
            table_order[1] * 1e3
        ),
        "-".into(),
    ));
    rows.push((
        "import / bare redb in row order (process, file and checks included)".into(),
        format!("{:.2}", import_secs / row_order[1]),
        "-".into(),
    ));
}

/// Every row of a table, each made into a `T`.
fn read_all<K: redb::Key + 'static, V: redb::Value + 'static, T>(
    r: &redb::ReadTransaction,
    t: redb::TableDefinition<K, V>,
    f: impl Fn(redb::AccessGuard<'_, K>, redb::AccessGuard<'_, V>) -> T,
) -> Vec<T> {
    use redb::ReadableTable;
    r.open_table(t)
        .expect("table")
        .iter()
        .expect("iter")
        .map(|e| {
            let (k, v) = e.expect("row");
            f(k, v)
        })
        .collect()
}

/// A code typed at once after opening, to its row under the cursor on screen (the full
/// list still on its way); and `sku show` of that code, a process of its own.
fn typed_code_and_show(db: &Path, rows: &mut Vec<(String, String, String)>) {
    let code = {
        let inv = LocalInventory::open(db, OWNER).expect("open");
        // `sku show` runs as this OS user: a packer of the file (already one is fine).
        let _ = inv.execute(Command::AddUser {
            name: stockroom::identity::current_user(),
            role: stockroom::domain::Role::Packer,
        });
        // A code far from the first page.
        match inv.sku_page(Some("M".into()), 1) {
            Ok(p) if !p.is_empty() => p[0].code.clone(),
            _ => return,
        }
    };
    let mut typed = Vec::new();
    for _ in 0..5 {
        // The last run's background reader may still be letting go of the file.
        let mut tries = 0;
        while LocalInventory::open(db, OWNER).is_err() && tries < 500 {
            std::thread::sleep(Duration::from_millis(10));
            tries += 1;
        }
        let t0 = Instant::now();
        let (tx, rx) = std::sync::mpsc::channel();
        let inv: Arc<dyn Inventory> = Arc::new(LocalInventory::open(db, OWNER).expect("open"));
        let mut app = App::new(inv, Keymap::defaults());
        app.wake = Some(tx);
        app.reload();
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        app.type_keys(&format!("/ text:{code}"));
        t.draw(|f| view::render(f, &mut app)).expect("draw");
        assert_eq!(app.selected_sku().map(|s| s.code), Some(code.clone()));
        typed.push(t0.elapsed().as_secs_f64());
        // The list read in the background holds the file: let it finish before the next.
        while app.loading_skus() {
            let _ = rx.recv();
            app.take_loaded();
        }
    }
    typed.sort_by(|a, b| a.total_cmp(b));
    rows.push((
        format!("open, type /{code} at once, to its row on screen (median of 5)"),
        format!("{:.0} ms", typed[typed.len() / 2] * 1e3),
        "<= 200 ms".into(),
    ));
    let bin = env!("CARGO_BIN_EXE_stockroom");
    let path = db.to_str().expect("path");
    let once = std::process::Command::new(bin)
        .args(["--db", path, "sku", "show", code.as_str()])
        .output();
    if let Some(e) = once.as_ref().ok().filter(|o| !o.status.success()) {
        let why = String::from_utf8_lossy(&e.stderr).into_owned();
        rows.push((
            "`sku show`".into(),
            format!("failed: {why}"),
            "<= 20 ms".into(),
        ));
        return;
    }
    let mut shows: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ = std::process::Command::new(bin)
                .args(["--db", path, "sku", "show", code.as_str()])
                .output();
            t.elapsed().as_secs_f64()
        })
        .collect();
    shows.sort_by(|a, b| a.total_cmp(b));
    rows.push((
        "`sku show` (process start to exit, median of 5)".into(),
        format!("{:.0} ms", shows[shows.len() / 2] * 1e3),
        "<= 20 ms".into(),
    ));
}

/// Peak memory of the TUI's state and first frame, in a process of its own.
fn rss_probe(db: &Path) {
    stockroom::store::set_cache_bytes(stockroom::store::TUI_CACHE_BYTES);
    let mut app = app_on(db);
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    t.draw(|f| view::render(f, &mut app)).expect("draw");
    app.type_keys("j j j / text:чай");
    t.draw(|f| view::render(f, &mut app)).expect("draw");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ? kB");
    println!("{}", hwm.split_whitespace().nth(1).unwrap_or("?"));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--rss-probe") {
        rss_probe(Path::new(&args[i + 1]));
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    // `-- --scale 1000000`: that many SKUs over 60 days (the size of a large seller).
    let scale: Option<u32> = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.replace('_', "").parse().ok());
    let (skus, days) = match scale {
        Some(n) => (n, 60),
        None if quick => (5_000, 30),
        None => (100_000, 365),
    };
    let work = PathBuf::from("target/bench-fixture/work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let mut rows: Vec<(String, String, String)> = Vec::new();
    // `-- --only tui|reserve|server|import|postgres` runs one part while working on it.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let run = |part: &str| only.as_deref().is_none_or(|o| o == part);
    // The reserve and server parts make their own files: they need no fixture.
    let big = (run("tui") || run("import")).then(|| fixture(skus, days));
    let big = big.as_deref().unwrap_or(Path::new(""));
    let tui_db = if run("tui") {
        copy_of(big, "tui.redb")
    } else {
        PathBuf::new()
    };
    if run("tui") {
        tui_figures(&tui_db, skus, &mut rows);
        typed_code_and_show(&tui_db, &mut rows);
        stockroom::store::set_cache_bytes(stockroom::store::DEFAULT_CACHE_BYTES);
    }
    if run("reserve") {
        durable_reserve_vs_bare_commit(&work, &mut rows);
    }
    if run("server") {
        server_vs_sqlite(&work, &mut rows);
    }
    if run("import") {
        import_and_check(big, &work, &mut rows);
    }
    if run("postgres") {
        postgres_vs_redb(&work, &mut rows);
    }
    if only.is_some() {
        print_rows(&rows);
        return;
    }
    let me = std::env::current_exe().expect("exe");
    let out = std::process::Command::new(me)
        .args(["--rss-probe", tui_db.to_str().expect("path")])
        .output();
    let kb: Option<u64> = out
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok());
    rows.push((
        format!("TUI peak RSS at {skus} SKUs"),
        kb.map(|k| format!("{:.0} MB", k as f64 / 1024.0))
            .unwrap_or_else(|| "?".into()),
        if scale.is_some() {
            "<= 300 MB"
        } else {
            "<= 150 MB"
        }
        .into(),
    ));
    print_rows(&rows);
}

fn print_rows(rows: &[(String, String, String)]) {
    println!("\n| figure | measured | target |\n|---|---|---|");
    for (a, b, c) in rows {
        println!("| {a} | {b} | {c} |");
    }
}
