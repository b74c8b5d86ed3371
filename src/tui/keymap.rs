//! keymap.toml: the embedded defaults, merged key by key with the user's file.
//!
//! A bad user file stops start-up with `keymap.toml:LINE: what is wrong`; nothing is
//! silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::i18n::{Lang, lang};
use crate::inventory::{Error, InputError};

/// The default keymap, built into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymap.toml");

/// Where a binding applies. Panes look in their own table, then `list`, then `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    List,
    Skus,
    Alerts,
    Reservations,
    Channels,
    Stocktake,
    History,
    Form,
    /// The margin view (`M`): its own keys; the [input] ones step and scroll it.
    Margin,
    /// Typing text (a filter, a form field, the scan and count fields) and reading the help.
    Input,
}

impl Context {
    pub const ALL: [Context; 11] = [
        Context::Global,
        Context::List,
        Context::Skus,
        Context::Alerts,
        Context::Reservations,
        Context::Channels,
        Context::Stocktake,
        Context::History,
        Context::Form,
        Context::Margin,
        Context::Input,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Skus => "skus",
            Context::Alerts => "alerts",
            Context::Reservations => "reservations",
            Context::Channels => "channels",
            Context::Stocktake => "stocktake",
            Context::History => "history",
            Context::Form => "form",
            Context::Margin => "margin",
            Context::Input => "input",
        }
    }
    fn from_name(s: &str) -> Option<Context> {
        Self::ALL.into_iter().find(|c| c.name() == s)
    }
    /// The catalog key of the help's section for this context.
    pub fn help_key(self) -> &'static str {
        match self {
            Context::Global => "help.global",
            Context::List => "help.list",
            Context::Skus => "help.skus",
            Context::Alerts => "help.alerts",
            Context::Reservations => "help.reservations",
            Context::Channels => "help.channels",
            Context::Stocktake => "help.stocktake",
            Context::History => "help.history",
            Context::Form => "help.form",
            Context::Margin => "help.margin",
            Context::Input => "help.input",
        }
    }
}

/// One key press, normalized so that "G" and "shift-g" are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` with an order, for stable listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCodeOrd::BackTab,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            _ => return None,
        };
        let code = match code {
            // Ctrl-letter arrives lower case; keep letters as typed otherwise.
            KeyCodeOrd::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCodeOrd::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Some(Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// Parses "ctrl-c", "G", "shift-tab", "pgdn", "?".
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.len() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if rest.len() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let named = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => Some(KeyCodeOrd::Enter),
            "esc" | "escape" => Some(KeyCodeOrd::Esc),
            "tab" if shift => Some(KeyCodeOrd::BackTab),
            "tab" => Some(KeyCodeOrd::Tab),
            "backtab" => Some(KeyCodeOrd::BackTab),
            "backspace" => Some(KeyCodeOrd::Backspace),
            "delete" | "del" => Some(KeyCodeOrd::Delete),
            "up" => Some(KeyCodeOrd::Up),
            "down" => Some(KeyCodeOrd::Down),
            "left" => Some(KeyCodeOrd::Left),
            "right" => Some(KeyCodeOrd::Right),
            "pgup" | "pageup" => Some(KeyCodeOrd::PageUp),
            "pgdn" | "pagedown" => Some(KeyCodeOrd::PageDown),
            "home" => Some(KeyCodeOrd::Home),
            "end" => Some(KeyCodeOrd::End),
            "space" => Some(KeyCodeOrd::Char(' ')),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                Some(KeyCodeOrd::F(f[1..].parse().unwrap_or(1)))
            }
            _ => None,
        };
        let code = match named {
            Some(c) => c,
            None => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() && c != ' ' => {
                        let c = if ctrl { c.to_ascii_lowercase() } else { c };
                        KeyCodeOrd::Char(if shift && !ctrl {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        })
                    }
                    _ => return Err(format!("{s:?} is not a key")),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// The terminal event this key arrives as (for tests and scripted input).
    pub fn to_event(&self) -> KeyEvent {
        let code = match self.code {
            KeyCodeOrd::Char(c) => KeyCode::Char(c),
            KeyCodeOrd::F(n) => KeyCode::F(n),
            KeyCodeOrd::Enter => KeyCode::Enter,
            KeyCodeOrd::Esc => KeyCode::Esc,
            KeyCodeOrd::Tab => KeyCode::Tab,
            KeyCodeOrd::BackTab => KeyCode::BackTab,
            KeyCodeOrd::Backspace => KeyCode::Backspace,
            KeyCodeOrd::Delete => KeyCode::Delete,
            KeyCodeOrd::Up => KeyCode::Up,
            KeyCodeOrd::Down => KeyCode::Down,
            KeyCodeOrd::Left => KeyCode::Left,
            KeyCodeOrd::Right => KeyCode::Right,
            KeyCodeOrd::PageUp => KeyCode::PageUp,
            KeyCodeOrd::PageDown => KeyCode::PageDown,
            KeyCodeOrd::Home => KeyCode::Home,
            KeyCodeOrd::End => KeyCode::End,
        };
        let mut mods = KeyModifiers::NONE;
        if self.ctrl {
            mods |= KeyModifiers::CONTROL;
        }
        if self.alt {
            mods |= KeyModifiers::ALT;
        }
        if self.code == KeyCodeOrd::BackTab {
            mods |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(code, mods)
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCodeOrd::Char(' ') => "space".to_string(),
            KeyCodeOrd::Char(c) => c.to_string(),
            KeyCodeOrd::F(n) => format!("f{n}"),
            KeyCodeOrd::Enter => "enter".into(),
            KeyCodeOrd::Esc => "esc".into(),
            KeyCodeOrd::Tab => "tab".into(),
            KeyCodeOrd::BackTab => "shift-tab".into(),
            KeyCodeOrd::Backspace => "backspace".into(),
            KeyCodeOrd::Delete => "delete".into(),
            KeyCodeOrd::Up => "up".into(),
            KeyCodeOrd::Down => "down".into(),
            KeyCodeOrd::Left => "left".into(),
            KeyCodeOrd::Right => "right".into(),
            KeyCodeOrd::PageUp => "pgup".into(),
            KeyCodeOrd::PageDown => "pgdn".into(),
            KeyCodeOrd::Home => "home".into(),
            KeyCodeOrd::End => "end".into(),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("ctrl-");
        }
        if self.alt {
            s.push_str("alt-");
        }
        s.push_str(&base);
        s
    }
}

pub type Sequence = Vec<Key>;

fn parse_sequence(s: &str) -> Result<Sequence, String> {
    let parts: Vec<&str> = s.split(' ').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err(format!("{s:?} is not a key"));
    }
    parts.into_iter().map(Key::parse).collect()
}

/// A key as the screen shows it: arrows as arrows, named keys capitalised as on the keyboard
/// (`PgDn`, `Enter`), the space bar in the interface language. `keymap.toml` and
/// `stockroom keys` keep the plain names (`left`, `pgdn`), which are what the file reads.
pub fn shown(label: &str) -> String {
    label
        .split(' ')
        .map(|key| {
            let (mods, base) = match key.rfind('-') {
                Some(i) if i + 1 < key.len() => key.split_at(i + 1),
                _ => ("", key),
            };
            let base = match base {
                "up" => "↑",
                "down" => "↓",
                "left" => "←",
                "right" => "→",
                "pgup" => "PgUp",
                "pgdn" => "PgDn",
                "home" => "Home",
                "end" => "End",
                "enter" => "Enter",
                "esc" => "Esc",
                "tab" => "Tab",
                "backspace" => "Backspace",
                "delete" => "Del",
                "space" => crate::i18n::pick("Space", "Пробел"),
                other => other,
            };
            format!("{mods}{base}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn sequence_label(seq: &[Key]) -> String {
    seq.iter().map(Key::label).collect::<Vec<_>>().join(" ")
}

/// What the keys mean, per context.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    tables: BTreeMap<Context, BTreeMap<Sequence, Vec<Action>>>,
}

/// The result of looking up keys typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Run(Vec<Action>),
    /// The keys so far begin a longer sequence: wait for the next key.
    Pending,
    None,
}

fn err(file: &str, line: usize, message: String) -> Error {
    Error::Input(InputError::Keymap {
        file: file.to_string(),
        line: line as u64,
        message,
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where `key` is written inside `[table]`, for messages.
fn find_line(text: &str, table: &str, key: &str) -> usize {
    let mut in_table = false;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.starts_with('[') {
            in_table = l.trim_matches(|c| c == '[' || c == ']').trim() == table;
            continue;
        }
        if in_table {
            let k = l
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(|c| c == '"' || c == '\'');
            if k == key {
                return i + 1;
            }
        }
    }
    1
}

impl Keymap {
    /// The defaults merged with `keymap.toml` in the config dir, if there is one.
    pub fn load(config_dir: Option<&Path>) -> Result<Keymap, Error> {
        let mut km = Keymap::default();
        km.merge_text("keymap.toml (built in)", DEFAULT_KEYMAP)?;
        if let Some(dir) = config_dir {
            let path = dir.join("keymap.toml");
            if path.exists() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| err(&path.display().to_string(), 0, e.to_string()))?;
                km.merge_text(&path.display().to_string(), &text)?;
            }
        }
        Ok(km)
    }

    pub fn defaults() -> Keymap {
        let mut km = Keymap::default();
        // The built-in file is tested to parse.
        let _ = km.merge_text("keymap.toml", DEFAULT_KEYMAP);
        km
    }

    /// Merges a keymap file over this one, key by key.
    pub fn merge_text(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let doc: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            err(file, line, e.message().trim().to_string())
        })?;
        for (table, value) in &doc {
            let Some(ctx) = Context::from_name(table) else {
                let names: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
                let line = text
                    .lines()
                    .position(|l| l.trim().trim_matches(|c| c == '[' || c == ']') == table)
                    .map(|i| i + 1)
                    .unwrap_or(1);
                return Err(err(
                    file,
                    line,
                    format!("unknown table [{table}]; tables are {}", names.join(", ")),
                ));
            };
            let toml::Value::Table(entries) = value else {
                return Err(err(
                    file,
                    find_line(text, "", table),
                    format!("{table} must be a table like [{table}]"),
                ));
            };
            let mut seen: BTreeMap<Sequence, String> = BTreeMap::new();
            for (key, v) in entries {
                let line = find_line(text, table, key);
                let seq = parse_sequence(key).map_err(|m| err(file, line, m))?;
                if let Some(first) = seen.insert(seq.clone(), key.clone()) {
                    return Err(err(
                        file,
                        line,
                        format!("{key:?} is bound twice in [{table}] (also as {first:?})"),
                    ));
                }
                let names: Vec<String> = match v {
                    toml::Value::String(s) => vec![s.clone()],
                    toml::Value::Array(a) => {
                        let mut out = Vec::new();
                        for item in a {
                            match item {
                                toml::Value::String(s) => out.push(s.clone()),
                                _ => {
                                    return Err(err(
                                        file,
                                        line,
                                        format!("{key:?}: actions are names in quotes"),
                                    ));
                                }
                            }
                        }
                        out
                    }
                    _ => {
                        return Err(err(
                            file,
                            line,
                            format!("{key:?}: give an action name in quotes or a list of them"),
                        ));
                    }
                };
                let mut actions = Vec::new();
                for n in &names {
                    match Action::from_name(n) {
                        Some(a) => actions.push(a),
                        None => {
                            return Err(err(
                                file,
                                line,
                                format!("unknown action {n:?}; `stockroom keys` lists them"),
                            ));
                        }
                    }
                }
                let t = self.tables.entry(ctx).or_default();
                if actions.is_empty() || actions == [Action::NoOp] {
                    t.remove(&seq);
                } else {
                    t.insert(seq, actions);
                }
            }
        }
        Ok(())
    }

    /// Looks up typed keys in the contexts, most specific first.
    pub fn lookup(&self, contexts: &[Context], keys: &[Key]) -> Lookup {
        for ctx in contexts {
            if let Some(t) = self.tables.get(ctx)
                && let Some(a) = t.get(keys)
            {
                return Lookup::Run(a.clone());
            }
        }
        for ctx in contexts {
            if let Some(t) = self.tables.get(ctx)
                && t.keys()
                    .any(|k| k.len() > keys.len() && k.starts_with(keys))
            {
                return Lookup::Pending;
            }
        }
        Lookup::None
    }

    /// The keys bound to an action in these contexts, for hints.
    pub fn keys_for(&self, contexts: &[Context], action: Action) -> Vec<String> {
        let mut out = Vec::new();
        for ctx in contexts {
            if let Some(t) = self.tables.get(ctx) {
                for (seq, acts) in t {
                    if acts.first() == Some(&action) {
                        let l = sequence_label(seq);
                        if !out.contains(&l) {
                            out.push(l);
                        }
                    }
                }
            }
        }
        out
    }

    /// A short hint: the plainest key for the action (no modifier, one key), or None.
    pub fn hint(&self, contexts: &[Context], action: Action) -> Option<String> {
        let mut keys = self.keys_for(contexts, action);
        keys.sort_by_key(|k| {
            (
                k.contains("ctrl-") || k.contains("alt-"),
                k.contains(' '),
                k.len(),
            )
        });
        keys.into_iter().next().map(|k| shown(&k))
    }

    /// Every binding in a context.
    pub fn bindings(&self, ctx: Context) -> Vec<(String, Vec<Action>)> {
        self.tables
            .get(&ctx)
            .map(|t| {
                t.iter()
                    .map(|(k, a)| (sequence_label(k), a.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The effective keymap as text (`stockroom keys`).
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for ctx in Context::ALL {
            out.push_str(&format!("[{}]\n", ctx.name()));
            for (k, acts) in self.bindings(ctx) {
                let names: Vec<&str> = acts.iter().map(|a| a.name()).collect();
                let desc: Vec<&str> = acts.iter().map(|a| a.describe()).collect();
                let lhs = format!(
                    "{k:?} = {}",
                    if names.len() == 1 {
                        format!("{:?}", names[0])
                    } else {
                        format!("{names:?}")
                    }
                );
                out.push_str(&format!("{lhs:<40} # {}\n", desc.join("; ")));
            }
            out.push('\n');
        }
        if lang() == Lang::Ru {
            out.push_str("# Свои клавиши: keymap.toml в каталоге настроек (--config-dir).\n");
        } else {
            out.push_str("# Your own keys: keymap.toml in the config dir (--config-dir).\n");
        }
        out
    }
}
