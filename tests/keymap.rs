//! keymap.toml: the built-in defaults, merging, no_op, and line-numbered errors.

use stockroom::tui::action::Action;
use stockroom::tui::keymap::{Context, DEFAULT_KEYMAP, Key, Keymap, Lookup};

fn key(s: &str) -> Vec<Key> {
    s.split(' ').map(|k| Key::parse(k).unwrap()).collect()
}

#[test]
fn the_default_keymap_parses_and_has_the_documented_keys() {
    let mut km = Keymap::default();
    km.merge_text("keymap.toml", DEFAULT_KEYMAP).unwrap();
    let g = [Context::List, Context::Global];
    for (k, a) in [
        ("?", Action::Help),
        ("q", Action::Quit),
        ("ctrl-c", Action::Quit),
        ("1", Action::ShowSkus),
        ("5", Action::ShowStocktake),
        ("tab", Action::FocusNextPane),
        ("shift-tab", Action::FocusPrevPane),
        ("/", Action::Filter),
        ("esc", Action::Back),
        ("enter", Action::Open),
        ("j", Action::CursorDown),
        ("down", Action::CursorDown),
        ("k", Action::CursorUp),
        ("pgdn", Action::PageDown),
        ("pgup", Action::PageUp),
        ("g g", Action::CursorTop),
        ("G", Action::CursorBottom),
    ] {
        assert_eq!(km.lookup(&g, &key(k)), Lookup::Run(vec![a]), "{k}");
    }
    assert_eq!(km.lookup(&g, &key("g")), Lookup::Pending);
}

#[test]
fn user_file_merges_key_by_key_and_no_op_unbinds() {
    let mut km = Keymap::defaults();
    km.merge_text(
        "keymap.toml",
        "[list]\nn = \"cursor_down\"\nj = \"no_op\"\nx = [\"cursor_down\", \"open\"]\n",
    )
    .unwrap();
    let c = [Context::List, Context::Global];
    assert_eq!(
        km.lookup(&c, &key("n")),
        Lookup::Run(vec![Action::CursorDown])
    );
    assert_eq!(km.lookup(&c, &key("j")), Lookup::None);
    assert_eq!(
        km.lookup(&c, &key("k")),
        Lookup::Run(vec![Action::CursorUp]),
        "untouched keys stay"
    );
    assert_eq!(
        km.lookup(&c, &key("x")),
        Lookup::Run(vec![Action::CursorDown, Action::Open])
    );
    assert!(km.describe().contains("\"n\" = \"cursor_down\""));
    assert!(
        km.keys_for(&c, Action::CursorDown)
            .contains(&"n".to_string())
    );
}

fn error_of(text: &str) -> String {
    let mut km = Keymap::defaults();
    km.merge_text("keymap.toml", text).unwrap_err().to_string()
}

#[test]
fn bad_files_name_the_line() {
    assert_eq!(
        error_of("[list]\nj = \"cursor_down\"\nk = \"fly_away\"\n"),
        "keymap.toml:3: unknown action \"fly_away\"; `stockroom keys` lists them"
    );
    assert_eq!(
        error_of("[global]\n\"ctrl-\" = \"quit\"\n"),
        "keymap.toml:2: \"ctrl-\" is not a key"
    );
    assert!(error_of("[global]\nhyper-x = \"quit\"\n").starts_with("keymap.toml:2: "));
    assert!(
        error_of("[list]\nctrl-c = \"quit\"\nctrl-C = \"help\"\n").starts_with("keymap.toml:3: "),
        "{}",
        error_of("[list]\nctrl-c = \"quit\"\nctrl-C = \"help\"\n")
    );
    // TOML itself refuses the same key twice; the line is still named.
    assert!(
        error_of("[list]\nj = \"cursor_down\"\nj = \"cursor_up\"\n").starts_with("keymap.toml:3: ")
    );
    assert!(
        error_of("[nowhere]\nj = \"cursor_down\"\n")
            .starts_with("keymap.toml:1: unknown table [nowhere]")
    );
    assert!(error_of("[list]\nj = 5\n").starts_with("keymap.toml:2: "));
    assert!(error_of("[list\nj = 1").starts_with("keymap.toml:1: "));
}

#[test]
fn a_bad_user_keymap_stops_start_up_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[global]\nq = \"quit\"\nw = \"wobble\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .args(["--config-dir", dir.path().to_str().unwrap(), "keys"])
        .env("STOCKROOM_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("keymap.toml:3: unknown action \"wobble\""),
        "{err}"
    );
}

#[test]
fn stockroom_keys_shows_the_merged_map() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[list]\nn = \"cursor_down\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockroom"))
        .args(["--config-dir", dir.path().to_str().unwrap(), "keys"])
        .env("STOCKROOM_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("\"n\" = \"cursor_down\""), "{s}");
    assert!(s.contains("\"g g\" = \"cursor_top\""), "{s}");
    assert!(s.contains("# Quit"), "{s}");
}
