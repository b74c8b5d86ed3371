//! Every `stockroom ...` command shown in README.md and docs/*.md exists: its subcommand
//! words, run with `--help`, exit 0. Also the shell completions and the man page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::CommandFactory;
use stockroom::cli::args::Cli;

const BIN: &str = env!("CARGO_BIN_EXE_stockroom");

/// README.md and every docs/*.md.
fn doc_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    if let Ok(dir) = std::fs::read_dir(root.join("docs")) {
        let mut docs: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        docs.sort();
        files.extend(docs);
    }
    files
}

/// Lines of shell-ish fenced blocks (```sh, ```text, plain ```), with their line
/// numbers; a line ending in `\` is joined with the next.
fn block_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<(String, bool)> = None;
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let ticks = t.chars().take_while(|c| *c == '`').count();
        if ticks >= 3 {
            let marker = "`".repeat(ticks);
            match &fence {
                None => {
                    let info = t[ticks..].trim().to_lowercase();
                    let lang = info.split([' ', ',', '{']).next().unwrap_or("");
                    let shell = matches!(lang, "" | "sh" | "shell" | "bash" | "console" | "text");
                    fence = Some((marker, shell));
                }
                Some((open, _)) if t.trim_end() == open.as_str() => fence = None,
                Some(_) => {}
            }
            continue;
        }
        let Some((_, true)) = &fence else { continue };
        let (start, mut joined) = pending.take().unwrap_or((i + 1, String::new()));
        match line.strip_suffix('\\') {
            Some(head) => {
                joined.push_str(head);
                joined.push(' ');
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(line);
                out.push((start, joined));
            }
        }
    }
    out
}

/// Shell words up to a comment, pipe, redirection or `;`; None when the line has a
/// substitution or a variable this test cannot know.
fn shell_words(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let has_var = line.char_indices().any(|(i, c)| {
        c == '$'
            && line[i + 1..]
                .starts_with(|n: char| n == '(' || n == '{' || n == '_' || n.is_ascii_alphabetic())
    });
    if has_var || line.contains('`') {
        return None;
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                cur.extend(chars.by_ref().take_while(|c| *c != '\''));
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => cur.extend(chars.next()),
                        c => cur.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.extend(chars.next());
            }
            '#' if !in_word => break,
            '|' | ';' | '&' | '>' | '<' => break,
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Some(words)
}

/// The subcommand words of `stockroom ARGS...`: global options are stepped over; the
/// walk stops at any other option or at an argument of a command without subcommands.
/// A word where a subcommand is due is kept even when unknown, so `--help` fails on it.
fn subcommand_words(args: &[String]) -> Vec<String> {
    let root = Cli::command();
    let mut cmd = &root;
    let mut words = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with('-') {
            let name = a.trim_start_matches('-');
            let name = name.split('=').next().unwrap_or(name);
            let global = root.get_arguments().find(|g| {
                g.is_global_set()
                    && (g.get_long() == Some(name)
                        || (a.len() == 2 && g.get_short().is_some_and(|s| name == s.to_string())))
            });
            match global {
                Some(g) => {
                    let takes = g.get_action().takes_values() && !a.contains('=');
                    i += if takes { 2 } else { 1 };
                    continue;
                }
                None => break,
            }
        }
        if !cmd.has_subcommands() {
            break;
        }
        match cmd.find_subcommand(a) {
            Some(sub) => {
                words.push(a.clone());
                cmd = sub;
            }
            None => {
                let looks_like_one = a
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && a.starts_with(|c: char| c.is_ascii_lowercase());
                if looks_like_one && cmd.get_positionals().next().is_none() {
                    words.push(a.clone());
                }
                break;
            }
        }
        i += 1;
    }
    words
}

/// Every documented `stockroom` command line: (where, its subcommand words).
fn documented() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).expect("read the doc");
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (line, content) in block_lines(&text) {
            let Some(mut words) = shell_words(&content) else {
                continue;
            };
            // `STOCKROOM_DB=x stockroom ...`
            while words
                .first()
                .is_some_and(|w| w.contains('=') && !w.starts_with('-'))
            {
                words.remove(0);
            }
            if words.first().map(String::as_str) != Some("stockroom") {
                continue;
            }
            out.push((format!("{name}:{line}"), subcommand_words(&words[1..])));
        }
    }
    out
}

fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("temp dir");
    Command::new(BIN)
        .args(args)
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("STOCKROOM_LANG", "en")
        .env_remove("STOCKROOM_DB")
        .output()
        .expect("run stockroom")
}

#[test]
fn every_documented_command_exists() {
    let found = documented();
    assert!(
        found.len() >= 10,
        "the README's CLI tour alone has more commands: {found:?}"
    );
    let mut checked: Vec<&Vec<String>> = Vec::new();
    let mut failures = Vec::new();
    for (place, words) in &found {
        if checked.contains(&words) {
            continue;
        }
        checked.push(words);
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let o = run(&args);
        if !o.status.success() {
            failures.push(format!(
                "{place}: `stockroom {}` -> {:?}\n{}",
                args.join(" "),
                o.status.code(),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    eprintln!(
        "{} documented command lines, {} distinct subcommands",
        found.len(),
        checked.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_walk_finds_subcommands_and_keeps_unknown_ones() {
    let w = |line: &str| {
        let words = shell_words(line).unwrap();
        subcommand_words(&words[1..])
    };
    assert_eq!(
        w("stockroom sku add TEA-001 --name \"Чай\""),
        ["sku", "add"]
    );
    assert_eq!(
        w("$ stockroom --db x.redb count import 3 f.xlsx"),
        ["count", "import"]
    );
    assert_eq!(
        w("stockroom alerts snooze TEA-001 7  # a week"),
        ["alerts", "snooze"]
    );
    assert_eq!(w("stockroom receive TEA-001 12 --ref PO-1"), ["receive"]);
    assert_eq!(w("stockroom completions bash > f"), ["completions"]);
    assert_eq!(w("stockroom frobnicate --now"), ["frobnicate"]);
    assert_eq!(w("stockroom sku frob"), ["sku", "frob"]);
    assert_eq!(shell_words("stockroom import skus \"$(ls *.csv)\""), None);
    assert_eq!(shell_words("stockroom backup $HOME/b.redb"), None);
    assert!(!run(&["frobnicate", "--help"]).status.success());
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, mark) in [
        ("bash", "_stockroom"),
        ("zsh", "#compdef stockroom"),
        ("fish", "complete -c stockroom"),
    ] {
        let o = run(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {o:?}");
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains(mark), "{shell} script lacks {mark:?}");
        assert!(text.contains("receive"), "{shell} completes subcommands");
    }
    assert!(!run(&["completions", "tcsh"]).status.success());
}

#[test]
fn man_prints_a_roff_page() {
    let o = run(&["man"]);
    assert!(o.status.success(), "{o:?}");
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.contains(".TH"), "{page}");
    assert!(page.contains("stockroom"));
    assert!(page.contains("completions"), "lists the subcommands");
}
