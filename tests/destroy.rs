//! Trying to destroy the database through the real binary: every command that writes a
//! file, given the database in every spelling, its socket, the copy restore keeps and an
//! existing backup. Each is refused with exit 2 naming both paths, and afterwards every one
//! of those files is byte for byte what it was. Then the rules around them: no overwrite
//! without --force, exports 0600, the format from the extension, feed file names that
//! never clash, feeds marked as sent only when written to a file, the role checked before
//! anything is shown, and the errors for a file of the wrong kind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use stockroom::domain::Role;
use stockroom::inventory::{Command, Inventory, LocalInventory, SkuSpec};

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn proc(home: &Path, cwd: &Path) -> Proc {
    let mut c = Proc::new(BIN);
    c.current_dir(cwd)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .env_remove("STOCKROOM_SOCKET")
        .env_remove("STOCKROOM_CONFIG_DIR");
    c
}

fn output(c: &mut Proc) -> Run {
    let o = c.output().expect("run stockroom");
    Run {
        code: o.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Runs the binary in `cwd` on the database `db` (HOME is `home`), in English.
fn run(home: &Path, cwd: &Path, db: &Path, args: &[&str]) -> Run {
    output(proc(home, cwd).arg("--db").arg(db).args(args))
}

fn me() -> String {
    stockroom::identity::current_user()
}

/// A database with a few SKUs, stock and two channels, owned by `owner`.
fn make_db(db: &Path, owner: &str) {
    let (inv, _) = LocalInventory::open_or_init(db, owner).unwrap();
    for (code, qty) in [("TEA-1", 10), ("MUG-2", 4), ("CUP-3", 7)] {
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
    for name in ["Ozon", "Wildberries"] {
        inv.execute(Command::AddChannel {
            name: name.into(),
            kind: stockroom::domain::ChannelKind::Marketplace,
            priority: 5,
        })
        .unwrap();
    }
}

/// Every file under `dir` (not following links) with its bytes, or its link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let m = std::fs::symlink_metadata(&p).unwrap();
        if m.file_type().is_symlink() {
            let to = std::fs::read_link(&p).unwrap();
            out.insert(p, to.as_os_str().as_encoded_bytes().to_vec());
        } else if m.is_dir() {
            out.extend(snapshot(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// `home/shop/stock.redb` with its socket (a plain file will do), the copy restore keeps,
/// a backup, a symlink and a hard link to it; `home/work` is a folder beside it.
struct Shop {
    home: tempfile::TempDir,
    db: PathBuf,
}

impl Shop {
    fn new() -> Shop {
        let home = tempfile::tempdir().unwrap();
        let shop = home.path().join("shop");
        std::fs::create_dir(&shop).unwrap();
        std::fs::create_dir(home.path().join("work")).unwrap();
        let db = shop.join("stock.redb");
        make_db(&db, &me());
        let s = Shop { home, db };
        let r = s.run(&s.shop(), &["backup", "monday.redb"]);
        assert_eq!(r.code, 0, "{r:?}");
        std::fs::copy(
            shop.join("monday.redb"),
            shop.join("stock.redb.before-restore"),
        )
        .unwrap();
        std::fs::write(shop.join("stock.redb.sock"), b"stands in for the socket").unwrap();
        std::os::unix::fs::symlink("stock.redb", shop.join("link.redb")).unwrap();
        std::fs::hard_link(&s.db, shop.join("hard.redb")).unwrap();
        s
    }

    fn shop(&self) -> PathBuf {
        self.home.path().join("shop")
    }

    fn run(&self, cwd: &Path, args: &[&str]) -> Run {
        run(self.home.path(), cwd, &self.db, args)
    }
}

/// Each way of naming a file the program must never write over, as seen from `shop/`, and
/// the words its refusal uses for the file it protects.
fn protected_spellings(s: &Shop) -> Vec<(String, String)> {
    let db = s.db.display().to_string();
    let sock = format!("{db}.sock");
    let kept = format!("{db}.before-restore");
    vec![
        (db.clone(), db.clone()),
        ("stock.redb".into(), db.clone()),
        ("./stock.redb".into(), db.clone()),
        ("../shop/stock.redb".into(), db.clone()),
        ("../work/../shop/stock.redb".into(), db.clone()),
        ("link.redb".into(), db.clone()),
        ("hard.redb".into(), db.clone()),
        ("stock.redb.sock".into(), sock.clone()),
        (sock.clone(), sock),
        ("./stock.redb.before-restore".into(), kept),
        ("monday.redb".into(), db.clone()),
        ("../shop/monday.redb".into(), db),
    ]
}

fn assert_refused(r: &Run, args: &[&str], target: &str, other: &str) {
    assert_eq!(r.code, 2, "{args:?}: {r:?}");
    assert!(r.stderr.contains(target), "{args:?} names {target}: {r:?}");
    assert!(r.stderr.contains(other), "{args:?} names {other}: {r:?}");
    assert!(r.stdout.is_empty(), "{args:?} printed nothing: {r:?}");
}

#[test]
fn no_command_that_writes_a_file_can_write_over_the_database_its_socket_or_a_backup() {
    let s = Shop::new();
    let shop = s.shop();
    let before = snapshot(s.home.path());
    let mut tried = 0;
    for (target, other) in protected_spellings(&s) {
        let t = target.as_str();
        let mut commands: Vec<Vec<&str>> = Vec::new();
        for what in ["skus", "stock", "ledger"] {
            commands.push(vec!["export", what, "--out", t]);
            commands.push(vec!["export", what, "--out", t, "--force"]);
            commands.push(vec![
                "export", what, "--out", t, "--format", "json", "--force",
            ]);
            commands.push(vec!["--json", "export", what, "--out", t, "--force"]);
            commands.push(vec![
                "export", what, "--out", t, "--format", "xlsx", "--force",
            ]);
        }
        commands.push(vec!["export", "feed", "--channel", "Ozon", "--out", t]);
        commands.push(vec![
            "export",
            "feed",
            "--channel",
            "Ozon",
            "--changed-only",
            "--out",
            t,
            "--force",
        ]);
        commands.push(vec!["export", "feed", "--all", "--out-dir", t]);
        commands.push(vec!["export", "feed", "--all", "--out-dir", t, "--force"]);
        commands.push(vec!["backup", t]);
        // `backup --force` may replace an older backup (that is what it is for), never the
        // database, its socket or the kept copy.
        if !t.contains("monday") {
            commands.push(vec!["backup", t, "--force"]);
        }
        // Restore reads FILE: never the database itself nor its socket. (A backup or the
        // kept copy is what it restores from.)
        if !t.contains("monday") && !t.contains("before-restore") {
            commands.push(vec!["restore", t]);
        }
        for args in commands {
            let r = s.run(&shop, &args);
            assert_refused(&r, &args, t.trim_start_matches("./"), &other);
            tried += 1;
        }
    }
    // From another folder, the database named through `..`.
    for args in [
        vec!["export", "ledger", "--out", "../shop/stock.redb", "--force"],
        vec!["backup", "../shop/./stock.redb", "--force"],
        vec!["restore", "../shop/hard.redb"],
    ] {
        let r = s.run(&s.home.path().join("work"), &args);
        assert_refused(&r, &args, "shop/", &s.db.display().to_string());
        tried += 1;
    }
    assert!(tried > 200, "{tried} attempts");
    assert!(
        snapshot(s.home.path()) == before,
        "the database, its socket, the kept copy and the backup are byte for byte as they were, \
         and nothing was left beside them"
    );
}

#[test]
fn feed_file_names_in_a_folder_are_checked_too() {
    // A database that happens to be named like a feed, and a backup named like another.
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("feed-Ozon.csv");
    make_db(&db, &me());
    let r = run(
        home.path(),
        home.path(),
        &db,
        &["backup", "feed-Wildberries.csv"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let before = snapshot(home.path());
    for args in [
        vec!["export", "feed", "--all", "--out-dir", "."],
        vec!["export", "feed", "--all", "--out-dir", ".", "--force"],
        vec![
            "export",
            "feed",
            "--channel",
            "Ozon",
            "--out-dir",
            "./",
            "--force",
        ],
    ] {
        let r = run(home.path(), home.path(), &db, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("feed-Ozon.csv"), "{r:?}");
        assert!(r.stderr.contains(&db.display().to_string()), "{r:?}");
    }
    let r = run(
        home.path(),
        home.path(),
        &db,
        &[
            "export",
            "feed",
            "--channel",
            "Wildberries",
            "--out-dir",
            ".",
            "--force",
        ],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("feed-Wildberries.csv"), "{r:?}");
    assert!(r.stderr.contains("stockroom database or backup"), "{r:?}");
    // Nothing was written, and no feed was marked as sent. (The database was opened to
    // read its channels, so it is compared by what it holds.)
    let after = snapshot(home.path());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert!(
        after[&home.path().join("feed-Wildberries.csv")]
            == before[&home.path().join("feed-Wildberries.csv")]
    );
    let r = run(
        home.path(),
        home.path(),
        &db,
        &["export", "feed", "--channel", "Ozon", "--changed-only"],
    );
    assert_eq!(
        r.stdout.lines().count(),
        4,
        "all three SKUs still unsent: {r:?}"
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_nothing_is_left_beside_it() {
    let s = Shop::new();
    let shop = s.shop();
    std::fs::write(shop.join("skus.csv"), "mine\n").unwrap();
    for args in [
        vec!["export", "skus", "--out", "skus.csv"],
        vec!["export", "ledger", "--out", "skus.csv"],
        vec!["export", "feed", "--channel", "Ozon", "--out", "skus.csv"],
        vec!["backup", "skus.csv"],
    ] {
        let r = s.run(&shop, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("--force"), "{args:?}: {r:?}");
        assert!(r.stderr.contains("skus.csv"), "{args:?}: {r:?}");
        assert_eq!(
            std::fs::read_to_string(shop.join("skus.csv")).unwrap(),
            "mine\n"
        );
    }
    let r = s.run(&shop, &["export", "skus", "--out", "skus.csv", "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        std::fs::read_to_string(shop.join("skus.csv"))
            .unwrap()
            .starts_with("code,")
    );
    // A folder that is not there is bad input, said before anything is read.
    let r = s.run(&shop, &["export", "skus", "--out", "nowhere/skus.csv"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("the folder nowhere does not exist"),
        "{r:?}"
    );
    // A folder is never a file to write.
    std::fs::create_dir(shop.join("out.csv")).unwrap();
    let r = s.run(&shop, &["export", "skus", "--out", "out.csv", "--force"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("folder"), "{r:?}");
    // `backup --force` replaces an older backup; a second restore keeps both kept copies.
    let r = s.run(&shop, &["backup", "monday.redb", "--force"]);
    assert_eq!(r.code, 0, "{r:?}");
    let names: Vec<String> = std::fs::read_dir(&shop)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(names.is_empty(), "temp files left: {names:?}");
}

#[test]
fn exports_are_private_whatever_the_umask() {
    let s = Shop::new();
    let shop = s.shop();
    for (out, extra) in [
        ("skus.csv", vec![]),
        ("stock.xlsx", vec![]),
        ("ledger.json", vec![]),
        ("feed.csv", vec!["--channel", "Ozon"]),
    ] {
        let what = if out.starts_with("feed") {
            "feed"
        } else {
            out.split('.').next().unwrap()
        };
        let mut sh = Proc::new("sh");
        sh.current_dir(&shop)
            .env("HOME", s.home.path())
            .env("STOCKROOM_LANG", "en")
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_SOCKET")
            .arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(BIN)
            .arg("--db")
            .arg(&s.db)
            .args(["export", what, "--out", out])
            .args(&extra);
        let r = output(&mut sh);
        assert_eq!(r.code, 0, "{out}: {r:?}");
        assert_eq!(mode(&shop.join(out)), 0o600, "{out}");
    }
    let r = s.run(&shop, &["backup", "tuesday.redb"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(mode(&shop.join("tuesday.redb")), 0o600);
}

#[test]
fn the_extension_sets_the_format_and_a_contradicting_format_is_refused() {
    let s = Shop::new();
    let shop = s.shop();
    let r = s.run(&shop, &["export", "stock", "--out", "stock.xlsx"]);
    assert_eq!(r.code, 0, "{r:?}");
    let bytes = std::fs::read(shop.join("stock.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "an .xlsx is a workbook");
    let r = s.run(&shop, &["export", "ledger", "--out", "ledger.json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shop.join("ledger.json")).unwrap()).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(3));
    let r = s.run(&shop, &["export", "skus", "--out", "skus.CSV"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        std::fs::read_to_string(shop.join("skus.CSV"))
            .unwrap()
            .starts_with("code,")
    );
    // Another extension takes --format.
    let r = s.run(
        &shop,
        &["export", "skus", "--out", "skus.txt", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        std::fs::read_to_string(shop.join("skus.txt"))
            .unwrap()
            .starts_with('[')
    );
    for (args, said, ext) in [
        (
            vec!["export", "stock", "--out", "s.xlsx", "--format", "csv"],
            "csv",
            "xlsx",
        ),
        (
            vec!["export", "stock", "--out", "s.csv", "--format", "json"],
            "json",
            "csv",
        ),
        (
            vec!["export", "stock", "--out", "s.json", "--format", "xlsx"],
            "xlsx",
            "json",
        ),
        (
            vec!["--json", "export", "skus", "--out", "s.csv"],
            "json",
            "csv",
        ),
    ] {
        let r = s.run(&shop, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains(&format!("--format {said}")), "{r:?}");
        assert!(r.stderr.contains(&format!("says {ext}")), "{r:?}");
    }
    let r = s.run(
        &shop,
        &["export", "feed", "--channel", "Ozon", "--out", "f.xlsx"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("CSV or JSON"), "{r:?}");
    let r = s.run(
        &shop,
        &["export", "feed", "--channel", "Ozon", "--out", "f.json"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shop.join("f.json")).unwrap()).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(3));
    for name in ["s.xlsx", "s.csv", "s.json", "f.xlsx"] {
        assert!(!shop.join(name).exists(), "{name} was not written");
    }
}

#[test]
fn channels_whose_names_make_one_file_name_keep_their_own_feeds() {
    let s = Shop::new();
    let shop = s.shop();
    for name in ["Ozon FBS", "Ozon.FBS"] {
        let r = s.run(&shop, &["channel", "add", name]);
        assert_eq!(r.code, 0, "{r:?}");
    }
    let r = s.run(&shop, &["channel", "rules", "Ozon FBS", "--max", "1"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = s.run(&shop, &["export", "feed", "--all", "--out-dir", "feeds"]);
    assert_eq!(r.code, 0, "{r:?}");
    let mut names: Vec<String> = std::fs::read_dir(shop.join("feeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "one file per channel: {names:?}");
    assert!(names.contains(&"feed-Ozon.csv".to_string()), "{names:?}");
    assert!(
        names.contains(&"feed-Wildberries.csv".to_string()),
        "{names:?}"
    );
    let fbs: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("feed-Ozon_FBS-"))
        .collect();
    assert_eq!(fbs.len(), 2, "{names:?}");
    let capped = fbs
        .iter()
        .filter(|n| {
            std::fs::read_to_string(shop.join("feeds").join(n))
                .unwrap()
                .lines()
                .any(|l| l == "TEA-1,,1")
        })
        .count();
    assert_eq!(capped, 1, "each channel's own feed is in its own file");
    // The same names the next time, and one channel alone gets the same name.
    let r = s.run(
        &shop,
        &[
            "export",
            "feed",
            "--channel",
            "Ozon.FBS",
            "--out-dir",
            "feeds",
            "--force",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(std::fs::read_dir(shop.join("feeds")).unwrap().count(), 4);
    // Without --force nothing is replaced.
    let r = s.run(&shop, &["export", "feed", "--all", "--out-dir", "feeds"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--force"), "{r:?}");
}

#[test]
fn a_feed_shown_on_stdout_is_not_marked_as_sent() {
    let s = Shop::new();
    let shop = s.shop();
    let feed = |args: &[&str]| {
        let mut a = vec!["export", "feed", "--channel", "Ozon"];
        a.extend_from_slice(args);
        let r = s.run(&shop, &a);
        assert_eq!(r.code, 0, "{r:?}");
        r
    };
    assert_eq!(feed(&[]).stdout.lines().count(), 4);
    assert_eq!(
        feed(&["--changed-only"]).stdout.lines().count(),
        4,
        "not sent"
    );
    assert_eq!(
        feed(&["--changed-only"]).stdout.lines().count(),
        4,
        "still not sent"
    );
    let r = feed(&["--changed-only", "--out", "sent.csv"]);
    assert!(r.stdout.is_empty(), "{r:?}");
    assert_eq!(
        std::fs::read_to_string(shop.join("sent.csv"))
            .unwrap()
            .lines()
            .count(),
        4
    );
    assert_eq!(
        feed(&["--changed-only"]).stdout.lines().count(),
        1,
        "sent now"
    );
}

#[test]
fn a_viewer_is_refused_before_any_feed_is_shown_or_written() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("theirs.redb");
    make_db(&db, "the-owner");
    {
        let inv = LocalInventory::open(&db, "the-owner").unwrap();
        inv.execute(Command::AddUser {
            name: me(),
            role: Role::Viewer,
        })
        .unwrap();
    }
    for args in [
        vec!["export", "feed", "--channel", "Ozon"],
        vec!["export", "feed", "--channel", "Ozon", "--changed-only"],
        vec!["--json", "export", "feed", "--channel", "Ozon"],
        vec!["export", "feed", "--channel", "Ozon", "--out", "f.csv"],
        vec!["export", "feed", "--all", "--out-dir", "feeds"],
        vec!["backup", "copy.redb"],
    ] {
        let r = run(home.path(), home.path(), &db, &args);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "nothing shown first: {args:?}: {r:?}");
        assert!(r.stderr.contains("owner"), "{r:?}");
    }
    for name in ["f.csv", "feeds", "copy.redb"] {
        assert!(!home.path().join(name).exists(), "{name} was not written");
    }
    // What a viewer may read, a viewer may export.
    let r = run(
        home.path(),
        home.path(),
        &db,
        &["export", "stock", "--out", "stock.csv"],
    );
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn a_file_of_the_wrong_kind_is_named_for_what_it_is() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let csv = dir.join("some.csv");
    std::fs::write(&csv, "code,name\nA-1,Apple\n").unwrap();
    for args in [
        vec!["sku", "list"],
        vec!["init"],
        vec!["receive", "A-1", "1"],
    ] {
        let r = run(dir, dir, &csv, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("not a stockroom database"), "{r:?}");
        assert!(r.stderr.contains("some.csv"), "{r:?}");
        assert!(!r.stderr.contains("corrupt"), "{r:?}");
    }
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        "code,name\nA-1,Apple\n",
        "the file is left alone"
    );
    // Nor is it a backup to restore.
    let db = dir.join("stock.redb");
    make_db(&db, &me());
    let r = run(dir, dir, &db, &["restore", "some.csv"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("some.csv: not a stockroom backup"),
        "{r:?}"
    );
    // A CSV named .xlsx.
    std::fs::write(dir.join("skus.xlsx"), "code,name\nA-1,Apple\n").unwrap();
    for args in [
        vec!["import", "skus", "skus.xlsx"],
        vec!["import", "stock", "skus.xlsx", "--dry-run"],
    ] {
        let r = run(dir, dir, &db, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("not an xlsx workbook"), "{r:?}");
        assert!(r.stderr.contains("skus.xlsx"), "{r:?}");
    }
    // And in Russian.
    let r = output(
        proc(dir, dir)
            .env("STOCKROOM_LANG", "ru")
            .arg("--db")
            .arg(&csv)
            .args(["sku", "list"]),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("это не база stockroom"), "{r:?}");
}

#[test]
fn temp_files_never_take_the_name_of_another_file() {
    // Temp names used to be the target's name plus a fixed suffix, made without looking:
    // a database called like that was deleted or truncated.
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    for (db_name, args) in [
        ("copy.redb.tmp", vec!["backup", "copy.redb"]),
        (
            "out.tmp-stockroom",
            vec!["export", "skus", "--out", "out.csv"],
        ),
        (
            "feed.tmp-stockroom",
            vec!["export", "feed", "--channel", "Ozon", "--out", "feed.csv"],
        ),
    ] {
        let db = dir.join(db_name);
        make_db(&db, &me());
        let before = std::fs::read(&db).unwrap();
        let r = run(dir, dir, &db, &args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        let r = run(dir, dir, &db, &["check"]);
        assert_eq!(r.code, 0, "{db_name} is whole: {r:?}");
        assert!(std::fs::read(&db).unwrap().len() >= before.len());
    }
}

#[test]
fn restores_in_one_second_keep_every_replaced_database() {
    let s = Shop::new();
    let shop = s.shop();
    std::fs::remove_file(shop.join("stock.redb.before-restore")).unwrap();
    for _ in 0..3 {
        let r = s.run(&shop, &["restore", "monday.redb"]);
        assert_eq!(r.code, 0, "{r:?}");
    }
    let kept = std::fs::read_dir(&shop)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-restore")
        })
        .count();
    assert_eq!(kept, 3, "no kept database was written over");
}

#[test]
fn a_served_database_is_as_safe_and_the_server_checks_the_backup_path_itself() {
    use stockroom::inventory::remote::RemoteInventory;
    use stockroom::inventory::{Answer, Query};
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let db = dir.join("served.redb");
    make_db(&db, &me());
    std::os::unix::fs::symlink("served.redb", dir.join("link.redb")).unwrap();
    let sock = stockroom::inventory::connect::socket_for(&db);
    let mut server = proc(dir, dir)
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start stockroom serve");
    let t = std::time::Instant::now();
    let remote = loop {
        if let Ok(Some(r)) = RemoteInventory::connect(&sock) {
            break r;
        }
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "server never came up"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let sock_name = sock.display().to_string();
    for args in [
        vec!["backup", "served.redb.sock", "--force"],
        vec!["backup", "./link.redb", "--force"],
        vec!["export", "skus", "--out", "served.redb.sock", "--force"],
        vec![
            "export",
            "feed",
            "--channel",
            "Ozon",
            "--out",
            "served.redb.sock",
            "--force",
        ],
        vec!["restore", "served.redb.sock"],
    ] {
        let r = run(dir, dir, &db, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("served.redb"), "{args:?}: {r:?}");
    }
    // A client that skips the check: the server refuses on its own.
    for path in [
        db.display().to_string(),
        sock_name.clone(),
        dir.join("link.redb").display().to_string(),
        dir.join("x/../served.redb").display().to_string(),
    ] {
        let answer = remote.query(Query::Backup {
            path: path.clone(),
            overwrite: true,
        });
        match answer {
            Err(e) => {
                assert_eq!(e.exit_code(), 2, "{path}: {e}");
                assert!(e.to_string().contains("served.redb"), "{path}: {e}");
            }
            Ok(a) => panic!(
                "{path}: the server wrote a backup over it: {:?}",
                matches!(a, Answer::Backup(_))
            ),
        }
    }
    drop(remote);
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(server.id() as libc::pid_t, libc::SIGTERM) };
    server.wait().unwrap();
    let r = run(dir, dir, &db, &["check"]);
    assert_eq!(r.code, 0, "the database is whole: {r:?}");
    let r = run(dir, dir, &db, &["--json", "export", "ledger"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(3), "{r:?}");
}

#[test]
fn restore_through_a_symlinked_database_replaces_the_file_it_leads_to() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    let real = data.join("shop.redb");
    make_db(&real, &me());
    let r = run(dir, dir, &real, &["backup", "monday.redb"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = run(
        dir,
        dir,
        &real,
        &["sku", "add", "LATE-9", "--name", "after monday"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    // A chain: shop.redb -> link1 -> data/shop.redb.
    std::os::unix::fs::symlink(&real, dir.join("link1")).unwrap();
    std::os::unix::fs::symlink("link1", dir.join("shop.redb")).unwrap();
    let link = dir.join("shop.redb");
    let r = run(dir, dir, &link, &["restore", "monday.redb"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains(&real.display().to_string()), "{r:?}");
    // The links are still links, and lead to the restored database.
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(
        dir.join("link1")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink()
    );
    for db in [&real, &link] {
        let r = run(dir, dir, db, &["sku", "show", "LATE-9"]);
        assert_ne!(
            r.code,
            0,
            "{} is the restored database: {r:?}",
            db.display()
        );
    }
    // The replaced database is kept, whole, beside the file it was.
    let kept = data.join("shop.redb.before-restore");
    assert!(kept.symlink_metadata().unwrap().file_type().is_file());
    let r = run(dir, dir, &kept, &["sku", "show", "LATE-9"]);
    assert_eq!(r.code, 0, "the kept copy is the replaced database: {r:?}");
    let r = run(dir, dir, &link, &["check"]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn a_folder_or_a_device_given_as_the_database_is_bad_input_that_says_so() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    std::fs::create_dir(dir.join("shop")).unwrap();
    std::fs::write(dir.join("shop/notes.txt"), "keep").unwrap();
    let cases: &[(&Path, &str, &str)] = &[
        (
            &dir.join("shop"),
            "is a folder, not a database file",
            "это папка",
        ),
        (
            Path::new("/dev/null"),
            "is a device, pipe or socket",
            "это устройство",
        ),
    ];
    for (db, en, ru) in cases {
        for args in [
            &["sku", "list"][..],
            &["init"],
            &["sku", "add", "A-1", "--name", "a"],
        ] {
            let r = run(dir, dir, db, args);
            assert_eq!(r.code, 2, "--db {} {args:?}: {r:?}", db.display());
            assert!(r.stderr.contains(en), "{r:?}");
            assert!(r.stderr.contains(&db.display().to_string()), "{r:?}");
            assert!(!r.stderr.contains("os error"), "{r:?}");
        }
        let r = output(
            proc(dir, dir)
                .env("STOCKROOM_LANG", "ru")
                .arg("--db")
                .arg(db)
                .args(["sku", "list"]),
        );
        assert_eq!(r.code, 2, "{r:?}");
        assert!(r.stderr.contains(ru), "{r:?}");
    }
    let names: Vec<_> = std::fs::read_dir(dir.join("shop")).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing was made in the folder");
}

#[test]
fn a_long_file_name_is_written_and_one_too_long_is_bad_input() {
    let s = Shop::new();
    let shop = s.shop();
    // 250 bytes: a valid name, though the temp file beside it could not have the whole name.
    let long_backup = format!("{}.redb", "b".repeat(245));
    let long_csv = format!("{}.csv", "я".repeat(123));
    let r = s.run(&shop, &["backup", &long_backup]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = s.run(&shop, &["export", "skus", "--out", &long_csv]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(shop.join(&long_backup).is_file() && shop.join(&long_csv).is_file());
    // 256 bytes and more: exit 2 naming the limit, nothing left behind.
    let before: Vec<_> = std::fs::read_dir(&shop).unwrap().collect();
    let too_long = format!("{}.csv", "a".repeat(300));
    for args in [
        vec!["export", "skus", "--out", &too_long],
        vec!["export", "ledger", "--out", &too_long, "--force"],
        vec!["backup", &too_long],
    ] {
        let r = s.run(&shop, &args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("a file name holds at most 255"), "{r:?}");
        assert!(!r.stderr.contains("os error"), "{r:?}");
    }
    let r = output(
        proc(s.home.path(), &shop)
            .env("STOCKROOM_LANG", "ru")
            .arg("--db")
            .arg(&s.db)
            .args(["backup", &too_long]),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("не больше 255"), "{r:?}");
    assert_eq!(std::fs::read_dir(&shop).unwrap().count(), before.len());
}
