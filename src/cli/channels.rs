//! The channel commands: rules, the matrix, feeds, order and listed imports.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::ImportWhat;
use super::table::{Align, render};
use super::{delimiter_byte, print_json, rows_error, write_atomically};
use crate::domain::limits;
use crate::i18n::{fill, text};
use crate::inventory::channels::{FeedRow, RulesSpec};
use crate::inventory::{Command, Error, FieldProblem, Inventory, InventoryExt, RowError};
use crate::io;

pub struct RulesArgs {
    pub priority: Option<String>,
    pub keep_when_low: Option<bool>,
    pub buffer: Option<String>,
    pub max: Option<String>,
    pub share: Option<String>,
    pub from: Option<String>,
    pub hold_ttl: Option<String>,
    pub pause: bool,
    pub resume: bool,
}

fn num(field: &str, v: &Option<String>, max: u64) -> Result<Option<u64>, Error> {
    super::limited_opt(field, v, max)
}

/// "48h", "2d", "90m", "3600s", "3600" (seconds). `None` when it is not a duration;
/// `Some(u64::MAX)` when it is one too long to count (the caller refuses it by its limit).
pub fn parse_duration(s: &str) -> Option<u64> {
    let t = s.trim().to_lowercase();
    let (digits, mult) = match t.chars().last()? {
        'd' => (&t[..t.len() - 1], 86_400),
        'h' => (&t[..t.len() - 1], 3_600),
        'm' => (&t[..t.len() - 1], 60),
        's' => (&t[..t.len() - 1], 1),
        _ => (t.as_str(), 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = match digits.parse::<u64>() {
        Ok(n) => n,
        Err(_) => return Some(u64::MAX),
    };
    if n == 0 {
        return None;
    }
    Some(n.saturating_mul(mult))
}

pub fn rules_command(channel: String, a: RulesArgs) -> Result<Command, Error> {
    let none = |v: &Option<String>| v.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("none"));
    let rules = RulesSpec {
        priority: num("priority", &a.priority, limits::MAX_PRIORITY)?.map(|n| n as u32),
        keep_when_low: a.keep_when_low,
        buffer: num("buffer", &a.buffer, limits::MAX_QTY)?,
        max_listed: if none(&a.max) {
            Some(None)
        } else {
            num("max", &a.max, limits::MAX_QTY)?.map(Some)
        },
        share_pct: num("share", &a.share, limits::MAX_SHARE)?.map(|n| n as u32),
        sources: a.from.map(|f| {
            if f.trim().eq_ignore_ascii_case("all") {
                Vec::new()
            } else {
                f.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            }
        }),
        hold_ttl_secs: match a.hold_ttl.as_deref() {
            None => None,
            Some(v) if v.eq_ignore_ascii_case("none") => Some(None),
            Some(v) => Some(Some(match parse_duration(v) {
                Some(secs) if secs > limits::MAX_HOLD_TTL_SECS => {
                    return Err(Error::at_most(
                        "hold_ttl",
                        v,
                        format!("{}d", limits::MAX_HOLD_TTL_SECS / 86_400),
                    ));
                }
                Some(secs) => secs,
                None => {
                    return Err(Error::field(
                        "hold_ttl",
                        v,
                        FieldProblem::OneOf(vec![
                            "48h".into(),
                            "2d".into(),
                            "90m".into(),
                            "none".into(),
                        ]),
                    ));
                }
            })),
        },
        paused: match (a.pause, a.resume) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    Ok(Command::ChannelRules { channel, rules })
}

pub fn import_command(
    what: ImportWhat,
    file: &Path,
    channel: Option<String>,
    sheet: Option<&str>,
) -> Result<Command, Error> {
    let channel = channel.ok_or_else(|| Error::field("channel", "", FieldProblem::Empty))?;
    if !file.is_file() {
        return Err(Error::Input(crate::inventory::InputError::File {
            file: file.display().to_string(),
            message: text("cli.not_a_file").to_string(),
        }));
    }
    let t = io::xlsx::read_any(file, sheet).map_err(|e| {
        rows_error(vec![RowError {
            file: e.file,
            line: e.line.max(1),
            column: 1,
            message: e.message,
        }])
    })?;
    let name = file.display().to_string();
    match what {
        ImportWhat::Orders => {
            let parsed = io::orders::order_rows(&t);
            if !parsed.errors.is_empty() {
                return Err(rows_error(parsed.errors));
            }
            Ok(Command::ImportOrders {
                channel,
                file: name,
                rows: parsed.rows,
            })
        }
        _ => {
            let parsed = io::import::stock_rows(&t);
            if !parsed.errors.is_empty() {
                return Err(rows_error(parsed.errors));
            }
            Ok(Command::ImportListed {
                channel,
                file: name,
                rows: parsed.rows,
            })
        }
    }
}

pub fn print_matrix(inv: &dyn Inventory, json: bool) -> Result<i32, Error> {
    let (channels, rows) = inv.matrix()?;
    if json {
        print_json(&rows);
        return Ok(0);
    }
    let mut heads: Vec<(&str, Align)> = vec![
        (text("col.code"), Align::Left),
        (text("col.available"), Align::Right),
    ];
    for c in &channels {
        heads.push((c.name.as_str(), Align::Right));
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut v = vec![r.code.clone(), r.available.to_string()];
            for c in &r.channels {
                v.push(match c.drift {
                    Some(d) if d > 0 => format!("{} ({}!)", c.published, c.listed.unwrap_or(0)),
                    Some(d) if d < 0 => format!("{} ({}?)", c.published, c.listed.unwrap_or(0)),
                    _ => c.published.to_string(),
                });
            }
            v
        })
        .collect();
    print!("{}", render(&heads, &body));
    println!("{}", text("cli.matrix_legend"));
    Ok(0)
}

pub struct FeedOpts {
    pub out: Option<PathBuf>,
    pub delimiter: String,
    pub channel: Option<String>,
    pub changed_only: bool,
    pub all: bool,
    pub out_dir: Option<PathBuf>,
}

fn feed_csv(rows: &[FeedRow], delim: u8) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    {
        let mut w = io::export::csv_writer(&mut buf, delim);
        let io_err =
            |e: csv::Error| Error::Store(crate::inventory::StoreErrorWire::Io(e.to_string()));
        w.write_record(["code", "barcode", "qty"]).map_err(io_err)?;
        for r in rows {
            w.write_record([r.code.as_str(), r.barcode.as_str(), &r.qty.to_string()])
                .map_err(io_err)?;
        }
        w.flush()
            .map_err(|e| Error::Store(crate::inventory::StoreErrorWire::Io(e.to_string())))?;
    }
    Ok(buf)
}

/// Writes a channel's feed; once the file is written, the channel remembers it.
pub fn export_feed(inv: &dyn Inventory, o: &FeedOpts, json: bool) -> Result<i32, Error> {
    let delim = delimiter_byte(&o.delimiter)?;
    let channels: Vec<String> = if o.all {
        inv.channels()?.into_iter().map(|c| c.name).collect()
    } else {
        vec![
            o.channel
                .clone()
                .ok_or_else(|| Error::field("channel", "", FieldProblem::Empty))?,
        ]
    };
    if o.all && o.out_dir.is_none() {
        return Err(Error::field("out_dir", "", FieldProblem::Empty));
    }
    for ch in channels {
        let rows = inv.feed(&ch, o.changed_only)?;
        let bytes = if json {
            serde_json::to_vec_pretty(&rows).unwrap_or_default()
        } else {
            feed_csv(&rows, delim)?
        };
        let target = match (&o.out_dir, &o.out) {
            (Some(dir), _) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::Store(crate::inventory::StoreErrorWire::Io(format!(
                        "{}: {e}",
                        dir.display()
                    )))
                })?;
                let safe: String = ch
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                Some(dir.join(format!("feed-{safe}.csv")))
            }
            (None, Some(out)) => Some(out.clone()),
            (None, None) => None,
        };
        match &target {
            Some(path) => {
                write_atomically(path, &bytes)?;
                eprintln!("{}", fill("cli.exported", &[&rows.len(), &path.display()]));
            }
            None => {
                let _ = std::io::stdout().write_all(&super::table::for_stdout(&bytes));
            }
        }
        inv.execute(Command::MarkFeed { channel: ch, rows })?;
    }
    Ok(0)
}
