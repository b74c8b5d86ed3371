//! Real-terminal end-to-end tests (design/testing.md, "Real terminal"): the real `stockroom`
//! binary runs inside a detached tmux session of a fixed size, keys are typed with
//! `tmux send-keys`, and the screen is read back with `tmux capture-pane`.
//!
//! Every test has its own tmux server (`tmux -L <unique socket>`), killed by a guard on drop
//! even when the test fails. The program runs as
//! `/bin/sh -c '<env> stockroom --db X; echo $? > status; echo MARKER; exec sleep 600'`
//! so its exit code is captured and the shell's line after it shows whether the terminal was
//! given back. Databases are prepared with the CLI first. Nothing waits a fixed long time: the
//! screen is polled until the expected text appears, with a deadline.
//!
//! When `tmux` is not on PATH each test prints "skipped: tmux not found" and returns.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

/// How long to wait for something to appear on the screen.
const DEADLINE: Duration = Duration::from_secs(10);

/// Every run of the binary sees this "now" (the clock test hook), so a demo shop and the
/// screens that show it read the same on any day the suite runs.
const NOW: &str = "2026-03-04T10:00:00Z";

/// Printed by the shell once stockroom has exited.
const MARKER: &str = "== shell after stockroom ==";

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

macro_rules! require_tmux {
    () => {
        if !have_tmux() {
            eprintln!("skipped: tmux not found");
            return;
        }
    };
}

/// Single-quotes a word for /bin/sh.
fn sq(s: impl AsRef<str>) -> String {
    format!("'{}'", s.as_ref().replace('\'', r"'\''"))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// A temp dir that is HOME and the XDG dirs, with a database path in it.
struct Shop {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Shop {
    /// No database file yet.
    fn bare() -> Shop {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("shop.redb");
        for sub in ["config", "data"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("xdg dir");
        }
        Shop { dir, db }
    }

    /// A demo shop made by `stockroom demo`.
    fn demo(skus: u32, days: u32) -> Shop {
        let shop = Shop::bare();
        let out = shop.ok(&[
            "demo",
            "--skus",
            &skus.to_string(),
            "--days",
            &days.to_string(),
        ]);
        assert!(out.contains("Demo data"), "demo says what it made: {out}");
        shop
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the CLI on this shop's database.
    fn cli(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .current_dir(self.home())
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join("config"))
            .env("XDG_DATA_HOME", self.home().join("data"))
            .env("STOCKROOM_LANG", "en")
            .env("STOCKROOM_TEST_NOW", NOW)
            .env_remove("STOCKROOM_DB")
            .env_remove("STOCKROOM_CONFIG_DIR")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .output()
            .expect("run stockroom")
    }

    /// Runs the CLI and insists on exit code 0; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.cli(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "stockroom {args:?} failed:\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("stdout is UTF-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok(&a);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("stockroom {args:?} --json is not JSON ({e}):\n{out}"))
    }

    /// `stockroom check` replays the ledger: it must pass, and the database must open (not locked).
    fn assert_check_passes(&self) {
        let o = self.cli(&["check"]);
        let stdout = String::from_utf8_lossy(&o.stdout);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(0),
            "stockroom check after the TUI:\nstdout: {stdout}\nstderr: {stderr}"
        );
        assert!(stdout.contains("check passed"), "check output: {stdout}");
    }
}

/// One tmux server with one session running stockroom. Dropping it kills the server.
struct Term {
    socket: String,
    /// The socket file tmux made for `-L socket`; removed on drop (kill-server leaves it).
    socket_path: Option<PathBuf>,
    status: PathBuf,
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

impl Term {
    /// Starts `stockroom --db <shop.db>` in a detached `width`x`height` session.
    fn start(shop: &Shop, name: &str, (width, height): (u16, u16), env: &[(&str, &str)]) -> Term {
        let n = SESSIONS.fetch_add(1, Ordering::SeqCst);
        let socket = format!("stockroom-test-{}-{n}-{name}", std::process::id());
        let status = shop.home().join(format!("exit-status-{n}"));
        let conf = shop.home().join(format!("tmux-{n}.conf"));
        std::fs::write(
            &conf,
            "set -g status off\nset -g default-shell /bin/sh\nset -g history-limit 0\n",
        )
        .expect("write tmux.conf");
        let home = shop.home();
        let mut vars = vec![
            "TERM=xterm-256color".to_string(),
            "STOCKROOM_LANG=en".to_string(),
            format!("STOCKROOM_TEST_NOW={NOW}"),
            format!("HOME={}", sq(path_str(home))),
            format!("XDG_CONFIG_HOME={}", sq(path_str(&home.join("config")))),
            format!("XDG_DATA_HOME={}", sq(path_str(&home.join("data")))),
        ];
        vars.extend(env.iter().map(|(k, v)| format!("{k}={}", sq(v))));
        let script = format!(
            "cd {home} && env -u NO_COLOR -u COLORTERM -u STOCKROOM_DB -u STOCKROOM_CONFIG_DIR \
             {vars} {bin} --db {db}; echo $? > {status}; echo {marker}; exec sleep 600",
            home = sq(path_str(home)),
            vars = vars.join(" "),
            bin = sq(BIN),
            db = sq(path_str(&shop.db)),
            status = sq(path_str(&status)),
            marker = sq(MARKER),
        );
        let mut term = Term {
            socket,
            socket_path: None,
            status,
        };
        let out = Command::new("tmux")
            .arg("-u")
            .args(["-L", &term.socket, "-f", path_str(&conf)])
            .args(["new-session", "-d", "-s", "t"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .arg(&script)
            .env_remove("TMUX")
            .current_dir(home)
            .stdin(Stdio::null())
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = term.pane("#{socket_path}");
        if !path.is_empty() {
            term.socket_path = Some(PathBuf::from(path));
        }
        term
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen as text.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// The screen with its attributes as escape sequences.
    fn screen_escaped(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", "t"])
    }

    /// A tmux format for the pane, e.g. `#{alternate_on}`.
    fn pane(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_string()
    }

    /// Sends tmux key names (`Enter`, `Escape`, `q`, ...) in one `send-keys`.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types text literally.
    fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Polls the screen until `pred` holds; panics with the last screen after `deadline`.
    fn wait_until_within(
        &self,
        deadline: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            // A match counts once the screen holds still: a slow machine can be caught halfway
            // through a redraw, with the new title written and the rows below not yet.
            if pred(&screen) {
                std::thread::sleep(Duration::from_millis(80));
                let again = self.screen();
                if again == screen {
                    return screen;
                }
            }
            if start.elapsed() > deadline {
                panic!(
                    "waited {deadline:?} for {what}; exit status: {:?}; the screen:\n{screen}",
                    self.exit_status()
                );
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_until_within(DEADLINE, what, pred)
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} on the screen"), |s| s.contains(needle))
    }

    /// The program's exit code, once the shell has written it.
    fn exit_status(&self) -> Option<i32> {
        let s = std::fs::read_to_string(&self.status).ok()?;
        s.trim().parse().ok()
    }

    /// Waits for the program to exit and returns its exit code.
    fn wait_exit_within(&self, deadline: Duration) -> i32 {
        let start = Instant::now();
        loop {
            if let Some(code) = self.exit_status() {
                return code;
            }
            if start.elapsed() > deadline {
                panic!(
                    "stockroom did not exit within {deadline:?}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn wait_exit(&self) -> i32 {
        self.wait_exit_within(DEADLINE)
    }

    /// After the program exited: the shell's line is on the normal screen, the alternate screen
    /// is off, the cursor is visible and the tty is back in cooked mode with echo.
    fn assert_restored(&self) {
        let screen = self.wait_for(MARKER);
        assert_eq!(
            self.pane("#{alternate_on}"),
            "0",
            "the alternate screen is left on after exit:\n{screen}"
        );
        assert_eq!(
            self.pane("#{cursor_flag}"),
            "1",
            "the cursor is left hidden after exit:\n{screen}"
        );
        let tty = self.pane("#{pane_tty}");
        match Command::new("stty").args(["-a", "-F", &tty]).output() {
            Ok(o) if o.status.success() => {
                let modes = String::from_utf8_lossy(&o.stdout);
                let words: Vec<&str> = modes
                    .split(|c: char| c.is_whitespace() || c == ';')
                    .collect();
                for mode in ["icanon", "echo", "isig"] {
                    assert!(
                        words.contains(&mode),
                        "the tty is left in raw mode ({mode} is off) after exit:\n{modes}"
                    );
                }
            }
            _ => eprintln!("note: `stty -a -F {tty}` did not run; raw mode not checked"),
        }
    }

    /// The pid of the stockroom process under the pane's shell.
    fn program_pid(&self) -> u32 {
        let pane: u32 = self
            .pane("#{pane_pid}")
            .parse()
            .expect("pane_pid is a number");
        let mut frontier = vec![pane];
        for _ in 0..4 {
            let mut next = Vec::new();
            for pid in frontier {
                let comm = Command::new("ps")
                    .args(["-o", "comm=", "-p", &pid.to_string()])
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                    .unwrap_or_default();
                if comm.ends_with("stockroom") {
                    return pid;
                }
                let kids = Command::new("pgrep")
                    .args(["-P", &pid.to_string()])
                    .output()
                    .expect("run pgrep");
                next.extend(
                    String::from_utf8_lossy(&kids.stdout)
                        .split_whitespace()
                        .filter_map(|p| p.parse::<u32>().ok()),
                );
            }
            frontier = next;
        }
        panic!("no stockroom process under the pane (pid {pane})");
    }
}

/// The SGR sequences on a captured screen (`capture-pane -e`) that set a color.
fn color_sequences(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = screen;
    while let Some(i) = rest.find("\x1b[") {
        let after = &rest[i + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(after.len());
        let (params, tail) = after.split_at(end);
        if tail.starts_with('m') {
            let colored = params.split(';').any(|p| {
                let n: u32 = p.split(':').next().unwrap_or("").parse().unwrap_or(0);
                matches!(n, 30..=37 | 38 | 40..=47 | 48 | 58 | 90..=97 | 100..=107)
            });
            if colored {
                found.push(format!("\\x1b[{params}m"));
            }
        }
        rest = tail;
    }
    found
}

/// The one line of the screen that holds `needle`.
fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} on the screen:\n{screen}"))
}

/// Filter, open a SKU, receive 3 in the form, quit: the receive is in the ledger, `check`
/// passes, and the terminal is given back.
#[test]
fn filter_open_receive_quit() {
    require_tmux!();
    let shop = Shop::demo(40, 10);
    let t = Term::start(&shop, "receive", (100, 30), &[]);
    t.wait_for("SKUs (40)");

    t.keys(&["/"]);
    t.text("чай");
    t.wait_for("matching \"чай\"");
    t.keys(&["Enter"]); // ends the filter
    t.keys(&["Enter"]); // opens the SKU under the cursor
    let detail = t.wait_for("Sold by week");
    assert!(
        detail.contains("on hand"),
        "the detail shows levels:\n{detail}"
    );

    t.keys(&["r"]);
    t.wait_for("Receive: ");
    t.text("3");
    t.keys(&["Enter"]);
    let screen = t.wait_for("receive 3 x ");
    let status = line_with(&screen, "receive 3 x ");
    let code = status
        .split("receive 3 x ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("the status line names the SKU")
        .to_string();

    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0, "q exits 0");
    t.assert_restored();

    let last = shop.json(&["history", "--limit", "1"]);
    let last = &last.as_array().expect("history is an array")[0];
    assert_eq!(last["kind"], "receive", "the last movement: {last}");
    assert_eq!(last["qty"], 3, "the last movement: {last}");
    assert_eq!(last["on_hand_change"], 3, "the last movement: {last}");
    assert_eq!(last["code"], code.as_str(), "the last movement: {last}");
    let name = shop.json(&["sku", "show", &code])["name"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        name.contains("чай"),
        "the filter picked a tea, not {code} {name}"
    );
    shop.assert_check_passes();
}

/// A barcode scanner types 20 x (barcode + Enter) in one burst: every scan counts, none is
/// dropped or glued to the next.
#[test]
fn scan_burst_picks_every_unit() {
    require_tmux!();
    let shop = Shop::bare();
    shop.ok(&["init"]);
    shop.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    shop.ok(&[
        "sku",
        "add",
        "TEA-001",
        "--name",
        "Чай зелёный",
        "--barcode",
        "4600000000017",
    ]);
    shop.ok(&["receive", "TEA-001", "30"]);
    shop.ok(&[
        "reserve",
        "TEA-001",
        "20",
        "--channel",
        "ozon",
        "--order",
        "OZ-1",
    ]);

    let t = Term::start(&shop, "scan", (100, 30), &[]);
    t.wait_for("SKUs (1)");
    t.keys(&["2"]);
    t.wait_for("Reservation queue (1)");
    t.keys(&["Enter"]);
    t.wait_for("Scan the barcodes for reservation #1");

    let mut burst = Vec::new();
    for _ in 0..20 {
        burst.push("4600000000017");
        burst.push("Enter");
    }
    t.keys(&burst);
    let screen = t.wait_for("Picked 20 of 20");
    assert!(!screen.contains('✗'), "a scan was refused:\n{screen}");

    // Escape and q in separate writes: "\x1b" "q" in one read is Alt-q to the terminal.
    t.keys(&["Escape"]);
    t.wait_until("the status line to clear after Escape", |s| {
        !s.contains("Picked 20 of 20")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0, "q exits 0");
    t.assert_restored();

    let all = shop.json(&["reservations", "--all"]);
    let all = all.as_array().expect("reservations is an array");
    assert_eq!(all.len(), 1, "one reservation: {all:?}");
    assert_eq!(all[0]["picked"], 20, "every scan counted: {}", all[0]);
    assert_eq!(all[0]["status"], "picked", "fully picked: {}", all[0]);
    shop.assert_check_passes();
}

/// Sends `signal` to the running TUI: it must exit promptly, give the terminal back, and leave
/// the database whole and unlocked.
fn exits_cleanly_on(signal: &str, signo: i32) {
    let shop = Shop::demo(40, 10);
    let t = Term::start(&shop, &signal.to_lowercase(), (100, 30), &[]);
    t.wait_for("SKUs (40)");
    let pid = t.program_pid();
    let killed = Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success(), "kill -s {signal} {pid}");

    let code = t.wait_exit_within(Duration::from_secs(5));
    assert!(
        code == 0 || code == 128 + signo,
        "after SIG{signal} stockroom exited {code}"
    );
    t.assert_restored();

    shop.assert_check_passes();
    // Not locked: a write goes through.
    let out = shop.ok(&["receive", "TEA-BLK-01", "1"]);
    assert!(out.contains("receive 1 x TEA-BLK-01"), "{out}");
}

#[test]
fn sighup_exits_and_leaves_the_database_whole() {
    require_tmux!();
    exits_cleanly_on("HUP", 1);
}

#[test]
fn sigterm_exits_and_leaves_the_database_whole() {
    require_tmux!();
    exits_cleanly_on("TERM", 15);
}

/// With NO_COLOR the screen has no color at all and stock states are words; without it the
/// theme colors them.
#[test]
fn no_color_shows_state_as_words() {
    require_tmux!();
    let shop = Shop::demo(40, 10);
    for no_color in [true, false] {
        let env: &[(&str, &str)] = if no_color { &[("NO_COLOR", "1")] } else { &[] };
        let name = if no_color { "nocolor" } else { "color" };
        let t = Term::start(&shop, name, (100, 30), env);
        t.wait_for("SKUs (40)");
        t.keys(&["/"]);
        t.text("TSHIRT-01");
        let screen = t.wait_for("matching \"TSHIRT-01\"");
        // Critical: it runs out before an order could arrive (stock-model.md, "Stock status").
        let critical = line_with(&screen, "TSHIRT-01 ");
        assert!(
            critical
                .split(|c: char| c.is_whitespace() || c == '│')
                .any(|w| w == "critical"),
            "TSHIRT-01 reads \"critical\" (no_color: {no_color}): {critical}"
        );
        let ok = line_with(&screen, "TSHIRT-02 ");
        assert!(
            ok.split_whitespace().any(|w| w == "ok"),
            "TSHIRT-02 reads \"ok\" (no_color: {no_color}): {ok}"
        );

        let colors = color_sequences(&t.screen_escaped());
        if no_color {
            assert!(
                colors.is_empty(),
                "NO_COLOR=1 but the screen has colors: {colors:?}"
            );
        } else {
            assert!(
                !colors.is_empty(),
                "without NO_COLOR the theme shows colors, but the screen has none"
            );
        }
        t.keys(&["Enter"]); // ends the filter
        t.keys(&["q"]);
        assert_eq!(t.wait_exit(), 0, "q exits 0 (no_color: {no_color})");
        t.assert_restored();
    }
}

/// Below 40x12 the TUI says so instead of drawing, and q still quits.
#[test]
fn too_small_terminal_says_so_and_q_quits() {
    require_tmux!();
    let shop = Shop::demo(40, 10);
    let t = Term::start(&shop, "small", (30, 10), &[]);
    let screen = t.wait_for("terminal too small");
    assert!(
        !screen.contains("SKUs"),
        "nothing else is drawn when too small:\n{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0, "q exits 0");
    t.assert_restored();
}

/// The too-small message must be readable whole, with the size it needs, on the very terminals
/// it is shown on (wrapped onto two lines would do).
#[test]

fn too_small_message_names_the_needed_size() {
    require_tmux!();
    let shop = Shop::demo(40, 10);
    let t = Term::start(&shop, "small-msg", (30, 10), &[]);
    t.wait_for("terminal too small");
    t.wait_until(
        "the whole message \"terminal too small (need 40x12)\"",
        |s| {
            let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
            flat.contains("terminal too small (need 40x12)")
        },
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0, "q exits 0");
}

/// A new database: the TUI offers demo data, `y` loads it and the SKU list fills.
#[test]
fn empty_database_offers_the_demo() {
    require_tmux!();
    let shop = Shop::bare();
    assert!(!shop.db.exists());
    let t = Term::start(&shop, "empty", (100, 30), &[]);
    t.wait_for("Load demo data");
    t.keys(&["y"]);
    // The offer loads 300 SKUs and 90 days of history; a debug build takes several seconds.
    // A slow terminal may be caught halfway through the redraw that follows the load, so wait
    // for the whole of it: the count, the rows and the status line that says what was loaded.
    // The bound is generous: on a busy two-core machine a debug build has taken over a minute.
    let rows = |s: &str| {
        s.lines()
            .filter(|l| {
                l.split_whitespace()
                    .any(|w| matches!(w, "ok" | "low" | "out" | "SHORTAGE"))
            })
            .count()
    };
    let screen = t.wait_until_within(
        Duration::from_secs(240),
        "the demo to load and the status line to say so",
        |s| s.contains("SKUs (300)") && s.contains("Demo loaded: 300 SKUs") && rows(s) >= 10,
    );
    assert!(
        !screen.contains("tui.demo_"),
        "no bare catalog key on screen:\n{screen}"
    );

    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0, "q exits 0");
    t.assert_restored();

    let skus = shop.json(&["sku", "list"]);
    assert_eq!(
        skus.as_array().map(Vec::len),
        Some(300),
        "the demo is in the database"
    );
    shop.assert_check_passes();
}

/// Thirty scans typed as one burst into the count pane are all counted.
#[test]
fn count_burst_counts_every_scan() {
    require_tmux!();
    let shop = Shop::bare();
    shop.ok(&["init"]);
    shop.ok(&[
        "sku",
        "add",
        "CUP-1",
        "--name",
        "Чашка белая",
        "--barcode",
        "4601234000031",
    ]);
    shop.ok(&[
        "sku",
        "add",
        "CUP-2",
        "--name",
        "Чашка синяя",
        "--barcode",
        "4601234000048",
    ]);
    shop.ok(&["receive", "CUP-1", "25"]);
    shop.ok(&["count", "start"]);

    let t = Term::start(&shop, "count", (100, 30), &[]);
    t.wait_for("SKUs (2)");
    t.keys(&["5"]);
    t.wait_for("Stocktake #1 at Main warehouse");
    let mut burst = Vec::new();
    for i in 0..30 {
        burst.push(if i % 3 == 0 {
            "4601234000048"
        } else {
            "4601234000031"
        });
        burst.push("Enter");
    }
    t.keys(&burst);
    let screen = t.wait_for("30 entries");
    assert!(!screen.contains('✗'), "a scan was refused:\n{screen}");
    t.keys(&["Tab"]);
    t.wait_for("History");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);

    let rows = shop.json(&["count", "diff", "1"]);
    let rows = rows.as_array().expect("rows");
    let counted = |code: &str| {
        rows.iter()
            .find(|r| r["code"] == code)
            .map(|r| r["counted"].clone())
    };
    assert_eq!(counted("CUP-1"), Some(serde_json::json!(20)));
    assert_eq!(counted("CUP-2"), Some(serde_json::json!(10)));
    shop.assert_check_passes();
}

/// A TUI connected to `stockroom serve` shows a reservation made by the CLI within a second,
/// without a key being pressed.
#[test]
fn a_served_tui_sees_a_cli_reservation_within_a_second() {
    require_tmux!();
    let shop = Shop::bare();
    shop.ok(&["init"]);
    shop.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    shop.ok(&[
        "sku",
        "add",
        "HONEY-1",
        "--name",
        "Мёд липовый",
        "--barcode",
        "4600000000055",
    ]);
    shop.ok(&["receive", "HONEY-1", "10"]);
    let mut server = std::process::Command::new(BIN)
        .args(["--db", path_str(&shop.db), "serve"])
        .env("STOCKROOM_LANG", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let sock = PathBuf::from(format!("{}.sock", path_str(&shop.db)));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !sock.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let t = Term::start(&shop, "served", (100, 30), &[]);
    t.keys(&["2"]);
    t.wait_for("Reservation queue (0)");
    // The CLI goes through the same server.
    shop.ok(&[
        "reserve",
        "HONEY-1",
        "2",
        "--channel",
        "ozon",
        "--order",
        "OZ-777",
    ]);
    let seen = t.wait_until_within(Duration::from_secs(1), "the new order in the queue", |s| {
        s.contains("OZ-777") && s.contains("Reservation queue (1)")
    });
    assert!(seen.contains("HONEY-1"), "{seen}");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    shop.assert_check_passes();
}

impl Term {
    /// Types a barcode as a scanner does: one key at a time about 2 ms apart, then Enter.
    /// The keys go through one tmux control-mode client, so starting a `tmux` process
    /// per key (slow on a busy machine) does not stretch the gaps.
    fn scanner(&self, code: &str) {
        self.scanner_enter_after(code, 0)
    }

    /// As [`Term::scanner`], with the Enter `late_ms` after the last digit (a slow or
    /// wireless scanner: the burst is settled as a scan before its Enter comes).
    fn scanner_enter_after(&self, code: &str, late_ms: u64) {
        use std::io::Write;
        let mut client = Command::new("tmux")
            .args(["-L", &self.socket, "-C", "attach-session", "-t", "t"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .env_remove("TMUX")
            .spawn()
            .expect("tmux control client");
        let mut input = client.stdin.take().expect("control stdin");
        for c in code.chars() {
            writeln!(input, "send-keys -t t -l {c}").expect("send a key");
            input.flush().expect("flush a key");
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(late_ms));
        writeln!(input, "send-keys -t t Enter").expect("send Enter");
        writeln!(input, "detach-client").expect("detach");
        drop(input);
        let _ = client.wait();
    }
}

/// A scanner replayed in every pane: no digit of a barcode is read as a hotkey (the
/// pane stays, no form opens), and nothing is written but the stocktake's count.
#[test]
fn a_scanner_in_every_pane_never_types_hotkeys() {
    require_tmux!();
    let shop = Shop::bare();
    shop.ok(&["init"]);
    shop.ok(&["channel", "add", "Ozon", "--kind", "marketplace"]);
    for (code, name, barcode) in [
        ("TEA-001", "Чай зелёный", "4600010000199"),
        ("CUP-1", "Чашка белая", "4601234000031"),
    ] {
        shop.ok(&["sku", "add", code, "--name", name, "--barcode", barcode]);
        shop.ok(&["receive", code, "10"]);
    }
    shop.ok(&[
        "reserve",
        "TEA-001",
        "2",
        "--channel",
        "ozon",
        "--order",
        "OZ-1",
    ]);
    shop.ok(&["count", "start"]);
    let ledger = shop.json(&["history"]).as_array().expect("history").len();

    let t = Term::start(&shop, "scanner", (100, 30), &[]);
    t.wait_for("SKUs (2)");

    // The SKU list: the scan opens the scanned SKU (not "4" Channels, not "1").
    t.scanner("4601234000031");
    let s = t.wait_for("Чашка белая");
    assert!(s.contains("SKUs"), "still on the SKU list:\n{s}");
    t.keys(&["Escape"]);

    // The queue: an item nobody waits for says so; the ordered one opens its pick.
    t.keys(&["2"]);
    t.wait_for("Reservation queue (1)");
    t.scanner("4601234000031");
    let s = t.wait_for("CUP-1: nothing to pick");
    assert!(s.contains("Reservation queue (1)"), "still the queue:\n{s}");
    assert!(!s.contains("scan for #"), "no pick opened:\n{s}");
    // An unknown barcode, and a scan whose Enter comes late: nothing opens either.
    t.scanner("4600099999994");
    let s = t.wait_for("Unknown barcode or code 4600099999994");
    assert!(!s.contains("scan for #"), "no pick opened:\n{s}");
    assert!(!s.contains("stockroom sku"), "no shell command:\n{s}");
    t.scanner_enter_after("4601234000031", 300);
    let s = t.wait_for("CUP-1: nothing to pick");
    std::thread::sleep(Duration::from_millis(300));
    let s2 = t.screen();
    assert!(
        !s.contains("scan for #") && !s2.contains("scan for #"),
        "the late Enter opened no pick:\n{s2}"
    );
    // The scan that finds the order opens its pick and is its first unit.
    t.scanner("4600010000199");
    let s = t.wait_for("Picked 1 of 2");
    assert!(s.contains("scan for #1"), "the pick of #1 is open:\n{s}");
    // One more scan picks the rest and picking ends by itself.
    t.scanner("4600010000199");
    t.wait_for("Picked 2 of 2");
    // One more scan after the pick is complete: not "4" (channels) and so on, but a
    // search that finds nothing left to pick.
    t.scanner("4600010000199");
    let s = t.wait_for("TEA-001: nothing to pick");
    assert!(s.contains("Reservation queue (1)"), "still the queue:\n{s}");

    // Alerts, channels, history: the scan says what it is and nothing moves.
    // (In the channel matrix `h` is the previous channel: the history is opened before it.)
    for (key, title) in [("3", "Alerts"), ("h", "Ledger"), ("4", "Channel matrix")] {
        t.keys(&[key]);
        t.wait_until(&format!("the {title} pane"), |s| {
            s.lines().nth(1).is_some_and(|l| l.contains(title))
        });
        t.scanner("4601234000031");
        let s = t.wait_for("CUP-1 Чашка белая (scanned 4601234000031");
        let line = s.lines().nth(1).unwrap_or("");
        assert!(line.contains(title), "still on {title}:\n{s}");
        assert!(!s.contains("Channel rules"), "no form opened:\n{s}");
    }

    // The stocktake counts it.
    t.keys(&["5"]);
    t.wait_for("Stocktake #1");
    t.scanner("4601234000031");
    t.wait_for("1 entries");
    t.keys(&["Tab"]);
    t.wait_for("History");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);

    let after = shop.json(&["history"]).as_array().expect("history").len();
    assert_eq!(after, ledger, "no scan wrote to the ledger");
    let all = shop.json(&["reservations", "--all"]);
    assert_eq!(
        all[0]["picked"], 2,
        "the finding scan and the next picked one each: {all}"
    );
    let rows = shop.json(&["count", "diff", "1"]);
    let counted = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "CUP-1")
        .map(|r| r["counted"].clone());
    assert_eq!(counted, Some(serde_json::json!(1)));
    shop.assert_check_passes();
}
