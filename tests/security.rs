//! Security: file and socket modes, hostile names, and escape sequences that must never
//! reach a terminal raw. (The role rules have their own file, tests/roles.rs.)

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command as Proc;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use stockroom::inventory::connect::socket_for;
use stockroom::inventory::{Command, Inventory, LocalInventory, SkuSpec};
use stockroom::server::Server;
use stockroom::store::{Reader, Store};

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let o = Proc::new(BIN)
        .current_dir(dir)
        .env("HOME", dir)
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .arg("--db")
        .arg(dir.join("stock.redb"))
        .args(args)
        .output()
        .expect("run stockroom");
    Run {
        code: o.status.code().expect("exited"),
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The name of this process's primary group.
fn my_group() -> String {
    // SAFETY: getgrgid returns a pointer into static storage, read at once.
    unsafe {
        let g = libc::getgrgid(libc::getgid());
        assert!(!g.is_null(), "no group for our gid");
        std::ffi::CStr::from_ptr((*g).gr_name)
            .to_string_lossy()
            .into_owned()
    }
}

#[test]
fn database_is_created_0600_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    // A permissive umask for the child: the file must still be owner-only.
    let r = Proc::new("sh")
        .arg("-c")
        .arg(format!("umask 000 && exec '{BIN}' --db stock.redb init"))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(r.status.success(), "{r:?}");
    assert_eq!(mode(&dir.path().join("stock.redb")), 0o600);
}

fn serve_and_look(group: Option<&str>) -> (u32, u32) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("served.redb");
    let server = Server::bind(&db, None, group).expect("bind");
    let modes = (mode(&socket_for(&db)), mode(&db));
    let stopper = server.stopper();
    let t = std::thread::spawn(move || server.run().unwrap());
    stopper.stop();
    t.join().unwrap();
    assert!(!socket_for(&db).exists(), "the socket is removed on stop");
    modes
}

#[test]
fn socket_is_0600_and_0660_with_a_group() {
    assert_eq!(serve_and_look(None), (0o600, 0o600));
    // The group reaches the socket; the database itself stays the service's own.
    assert_eq!(serve_and_look(Some(&my_group())), (0o660, 0o600));
}

#[test]
fn control_characters_in_names_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(run(d, &["init"]).code, 0);
    for (what, args) in [
        (
            "esc",
            vec!["sku", "add", "E-1", "--name", "Red\x1b[31m alert"],
        ),
        ("newline", vec!["sku", "add", "E-2", "--name", "two\nlines"]),
        ("bell", vec!["sku", "add", "E-3", "--name", "ding\x07"]),
        ("del", vec!["sku", "add", "E-4", "--name", "x\x7fy"]),
        ("c1 csi", vec!["sku", "add", "E-5", "--name", "a\u{9b}31mb"]),
        ("code", vec!["sku", "add", "E\x1b-6", "--name", "ok"]),
        ("location", vec!["location", "add", "Shop\x1b]0;pwned\x07"]),
        ("channel", vec!["channel", "add", "W\reb"]),
        ("user", vec!["user", "add", "eve\x1b", "--role", "viewer"]),
    ] {
        let r = run(d, &args);
        assert_eq!(r.code, 2, "{what}: {r:?}");
        assert!(r.stderr.contains("control characters"), "{what}: {r:?}");
        assert!(
            !r.stderr.contains('\x1b'),
            "{what}: the error echoes it raw"
        );
        assert!(!r.stdout.contains(&0x1b));
    }
    // A CSV row with one is refused with its place in the file.
    std::fs::write(
        d.join("bad.csv"),
        "code,name\nC-1,fine\nC-2,bad\x1b[2Jname\n",
    )
    .unwrap();
    let r = run(d, &["import", "skus", "bad.csv"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains(":3:2"), "line 3, column 2: {r:?}");
    assert!(!r.stderr.contains('\x1b'), "{r:?}");
    let list = run(d, &["--json", "sku", "list"]);
    assert_eq!(list.out().trim(), "[]", "nothing was stored");
}

/// A name with a zero-width space, a word joiner or a byte order mark looks like another
/// name and its words do not part where they seem to: refused, in words, nothing written.
/// The joiners emoji are written with stay (above).
#[test]
fn blank_invisible_characters_are_refused_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(run(d, &["init"]).code, 0);
    for bad in [
        "zero\u{200b}width",
        "word\u{2060}joiner",
        "\u{feff}bom",
        "a\u{2062}b",
        "soft\u{00ad}hyphen",
        "a\u{034f}b",
        "a\u{180e}b",
        "a\u{17b4}b",
        "a\u{1d173}b",
    ] {
        let r = run(d, &["sku", "add", "Z-1", "--name", bad]);
        assert_eq!(r.code, 2, "{bad:?}: {r:?}");
        assert!(r.stderr.contains("invisible"), "{bad:?}: {r:?}");
    }
    let list = run(d, &["sku", "list"]).out();
    assert!(!list.contains("Z-1"), "nothing written: {list}");
}

#[test]
fn quotes_semicolons_and_long_names_are_stored_and_shown_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(run(d, &["init"]).code, 0);
    let long: String = "Ж".repeat(200);
    let names = [
        ("Q-1", "Robert'); DROP TABLE skus;--"),
        ("Q-2", "Чай \"Эрл Грей\"; 100 г, в пакетиках"),
        ("Q-3", "back\\slash $(rm -rf ~) `id` <b>bold</b> %s %n"),
        ("Q-4", long.as_str()),
        ("Q-5", "emoji 🍵 👨\u{200d}👩\u{200d}👧 and RTL שלום"),
    ];
    for (code, name) in names {
        let r = run(d, &["sku", "add", code, "--name", name]);
        assert_eq!(r.code, 0, "{name}: {r:?}");
    }
    let too_long = "Ж".repeat(201);
    let r = run(d, &["sku", "add", "Q-6", "--name", &too_long]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("too long"), "{r:?}");
    let r = run(d, &["sku", "add", &"C".repeat(65), "--name", "x"]);
    assert_eq!(r.code, 2, "{r:?}");

    // JSON gives back exactly what was typed.
    let list: serde_json::Value =
        serde_json::from_slice(&run(d, &["--json", "sku", "list"]).stdout)
            .expect("one JSON document");
    for (code, name) in names {
        let row = list
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} listed"));
        assert_eq!(row["name"], name);
    }
    // The text table and `sku show` print it too.
    let table = run(d, &["sku", "list"]).out();
    assert!(table.contains("DROP TABLE skus;--"), "{table}");
    assert!(
        run(d, &["sku", "show", "Q-2"])
            .out()
            .contains("\"Эрл Грей\"; 100 г")
    );
    // CSV export quotes it, and importing the export into a new database gives it back.
    assert_eq!(run(d, &["export", "skus", "--out", "skus.csv"]).code, 0);
    let other = tempfile::tempdir().unwrap();
    std::fs::copy(d.join("skus.csv"), other.path().join("skus.csv")).unwrap();
    assert_eq!(run(other.path(), &["init"]).code, 0);
    let r = run(other.path(), &["import", "skus", "skus.csv"]);
    assert_eq!(r.code, 0, "{r:?}");
    let again: serde_json::Value =
        serde_json::from_slice(&run(other.path(), &["--json", "sku", "list"]).stdout).unwrap();
    for (code, name) in names {
        assert!(
            again
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["code"] == code && r["name"] == name),
            "{code} survives CSV"
        );
    }
}

/// A name with escape sequences that got in anyway (a file from an older version, a
/// hand-edited database): written below the input checks, straight into the store.
fn plant_hostile_name(db: &Path) -> String {
    let hostile = "Evil\x1b[2J\x1b]0;owned\x07\u{9b}31m\r\nname".to_string();
    let (inv, _) = LocalInventory::open_or_init(db, &stockroom::identity::current_user()).unwrap();
    inv.execute(Command::AddSku(SkuSpec {
        code: "EVIL-1".into(),
        name: Some("placeholder".into()),
        ..SkuSpec::default()
    }))
    .unwrap();
    inv.execute(Command::Receive {
        sku: "EVIL-1".into(),
        qty: 3,
        at: None,
        reference: None,
    })
    .unwrap();
    let store: &Store = inv.store();
    let id = store
        .begin_read()
        .unwrap()
        .sku_id_by_code("EVIL-1")
        .unwrap()
        .unwrap();
    let mut sku = store.begin_read().unwrap().sku(id).unwrap().unwrap();
    sku.name = hostile.clone();
    let w = store.begin_write().unwrap();
    w.put_sku(&sku).unwrap();
    w.commit().unwrap();
    hostile
}

#[test]
fn escape_sequences_never_reach_the_terminal_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plant_hostile_name(&d.join("stock.redb"));
    for args in [
        &["sku", "list"][..],
        &["sku", "show", "EVIL-1"],
        &["history"],
        &["history", "EVIL-1"],
        &["check"],
        &["alerts"],
    ] {
        let r = run(d, args);
        assert!(
            !r.stdout.contains(&0x1b),
            "{args:?} printed ESC: {:?}",
            r.out()
        );
        assert!(!r.stdout.contains(&0x07), "{args:?} printed BEL");
        assert!(!r.out().contains('\u{9b}'), "{args:?} printed a C1 CSI");
        assert!(!r.stderr.contains('\x1b'), "{args:?}: {r:?}");
    }
    let table = run(d, &["sku", "list"]).out();
    assert!(
        table.contains("Evil"),
        "the name is still shown, made harmless: {table}"
    );
    // JSON escapes it as \u001b: data for programs, never raw.
    let json = run(d, &["--json", "sku", "list"]);
    assert!(!json.stdout.contains(&0x1b));
    assert!(json.out().contains("\\u001b"), "{}", json.out());
}

#[test]
fn escape_sequences_never_reach_the_terminal_from_the_tui() {
    use stockroom::tui::{app::App, keymap::Keymap, view};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stock.redb");
    plant_hostile_name(&db);
    let inv = LocalInventory::open(&db, &stockroom::identity::current_user()).unwrap();
    let mut app = App::new(Arc::new(inv), Keymap::defaults());
    app.reload();
    for keys in ["", "enter", "esc h", "esc 2"] {
        if !keys.is_empty() {
            app.type_keys(keys);
        }
        for (w, h) in [(120, 40), (40, 16)] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| view::render(f, &mut app)).unwrap();
            let buf = t.backend().buffer();
            let bad: Vec<String> = buf
                .content()
                .iter()
                .filter(|c| c.symbol().chars().any(char::is_control))
                .map(|c| format!("{:?}", c.symbol()))
                .collect();
            assert!(bad.is_empty(), "keys {keys:?} at {w}x{h}: {bad:?}");
            if keys.is_empty() && w == 120 {
                let screen = t.backend().to_string();
                assert!(screen.contains("Evil"), "the SKU is on screen:\n{screen}");
            }
        }
    }
}
