//! The channel commands: rules, the matrix, feeds, order and listed imports.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::{Format, ImportWhat};
use super::table::{Align, render};
use super::{delimiter_byte, print_json, rows_error};
use crate::domain::{Role, limits};
use crate::i18n::{fill, text};
use crate::inventory::channels::{FeedRow, RulesSpec};
use crate::inventory::{
    Command, Error, FieldProblem, Inventory, InventoryExt, RowError, role_allows,
};
use crate::io;
use crate::io::paths::{self, Protected, Replace};

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
        sources: match a.from {
            None => None,
            Some(f) if f.trim().eq_ignore_ascii_case("all") => Some(Vec::new()),
            Some(f) => {
                let names: Vec<String> = f
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect();
                // An empty list is a slip, not "every location": that one is spelled `all`.
                if names.is_empty() {
                    return Err(Error::field(
                        "from",
                        &f,
                        FieldProblem::OneOf(vec!["all".into(), "LOC,...".into()]),
                    ));
                }
                Some(names)
            }
        },
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
                // A zero length is the right form with a value too small: say that.
                None if v
                    .trim()
                    .trim_end_matches(['d', 'h', 'm', 's', 'D', 'H', 'M', 'S'])
                    .bytes()
                    .all(|b| b == b'0')
                    && v.trim().bytes().any(|b| b == b'0') =>
                {
                    return Err(Error::field(
                        "hold_ttl",
                        v,
                        crate::domain::NumberError::Zero,
                    ));
                }
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
                    _ if c.withheld.as_deref() == Some(crate::inventory::market::NOT_LISTED) => {
                        text("market.not_listed").to_string()
                    }
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
    pub format: Option<Format>,
    pub force: bool,
    /// Ozon's stock file: the warehouse as the Ozon cabinet names it.
    pub warehouse: Option<String>,
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

/// A channel name as a file name: letters, digits and `-` stay, the rest becomes `_`.
fn safe_name(channel: &str) -> String {
    channel
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// FNV-1a of the exact name: the same suffix on every machine and in every version.
fn name_hash(channel: &str) -> u32 {
    channel.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The feed file name of every channel (`feed-NAME.EXT`). Two channels whose names map to
/// one file name (`Ozon FBS`, `Ozon.FBS`; or differ only in case) both get a suffix made
/// from their exact names, so neither overwrites the other's feed.
pub fn feed_file_names(channels: &[String], ext: &str) -> Result<Vec<String>, Error> {
    let folded: Vec<String> = channels
        .iter()
        .map(|c| safe_name(c).to_lowercase())
        .collect();
    let names: Vec<String> = channels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let clash = folded
                .iter()
                .enumerate()
                .any(|(j, f)| j != i && *f == folded[i]);
            if clash {
                format!("feed-{}-{:08x}.{ext}", safe_name(c), name_hash(c))
            } else {
                format!("feed-{}.{ext}", safe_name(c))
            }
        })
        .collect();
    for (i, a) in names.iter().enumerate() {
        if let Some(j) = (0..i).find(|&j| names[j].to_lowercase() == a.to_lowercase()) {
            return Err(Error::Input(crate::inventory::InputError::Path {
                path: a.clone(),
                message: fill("export.feed_names_clash", &[&channels[j], &channels[i], a]),
            }));
        }
    }
    Ok(names)
}

/// Writes a channel's feed; once it is written to a file, the channel remembers it as sent
/// (a feed shown on stdout is not marked). Paths and the role are checked before anything
/// is read or shown.
pub fn export_feed(db: &Path, o: &FeedOpts, json: bool) -> Result<i32, Error> {
    let delim = delimiter_byte(&o.delimiter)?;
    if o.all && o.out_dir.is_none() {
        return Err(Error::field("out_dir", "", FieldProblem::Empty));
    }
    let requested = if json { Some(Format::Json) } else { o.format };
    let format = match &o.out {
        Some(out) if o.out_dir.is_none() => super::output_format(out, requested)?,
        _ => requested.unwrap_or(Format::Csv),
    };
    // A marketplace's own template is .xlsx: allowed for a channel whose profile has one
    // (checked once the channel is known).
    let refuse_xlsx = || {
        Error::Input(crate::inventory::InputError::Path {
            path: o
                .out
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "--format xlsx".into()),
            message: text("export.feed_no_xlsx").to_string(),
        })
    };
    if format == Format::Xlsx && (o.all || o.channel.is_none()) {
        return Err(refuse_xlsx());
    }
    let replace = Replace::forced(o.force);
    let protected = Protected::of(db);
    match (&o.out_dir, &o.out) {
        (Some(dir), _) => protected.check_folder(dir)?,
        (None, Some(out)) => protected.check_target(out, replace)?,
        (None, None) => {}
    }
    let inv = super::open(db)?;
    let me = inv.whoami()?;
    if !me.role.is_some_and(|r| role_allows(r, Role::Owner)) {
        return Err(Error::Forbidden {
            actor: me.name,
            role: me.role,
            needs: Role::Owner,
            action: "export_feed".into(),
        });
    }
    if format == Format::Xlsx
        && let Some(ch) = &o.channel
        && super::market::has_template(inv.as_ref(), ch)?.is_none()
    {
        return Err(refuse_xlsx());
    }
    let all_channels: Vec<String> = inv.channels()?.into_iter().map(|c| c.name).collect();
    let channels: Vec<String> = if o.all {
        all_channels.clone()
    } else {
        vec![
            o.channel
                .clone()
                .ok_or_else(|| Error::field("channel", "", FieldProblem::Empty))?,
        ]
    };
    // Every file is checked before the first is written.
    let mut targets: Vec<Option<PathBuf>> = Vec::new();
    if let Some(dir) = &o.out_dir {
        let ext = if format == Format::Json {
            "json"
        } else {
            "csv"
        };
        let names = feed_file_names(&all_channels, ext)?;
        // A folder made here holds nothing to protect; one that was there is checked file
        // by file.
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Store(crate::inventory::StoreErrorWire::Io(format!(
                "{}: {e}",
                dir.display()
            )))
        })?;
        for ch in &channels {
            let at = all_channels
                .iter()
                .position(|c| c == ch)
                .or_else(|| {
                    all_channels
                        .iter()
                        .position(|c| c.to_lowercase() == ch.to_lowercase())
                })
                .ok_or_else(|| crate::inventory::InputError::UnknownChannel(ch.clone()))?;
            let path = dir.join(&names[at]);
            protected.check_target(&path, replace)?;
            targets.push(Some(path));
        }
    } else {
        targets.push(o.out.clone());
    }
    for (ch, target) in channels.into_iter().zip(targets) {
        if super::market::has_template(inv.as_ref(), &ch)?.is_some() {
            // The marketplace's own template; in a folder, as FEED-NAME.xlsx.
            let target = match (&o.out_dir, target) {
                (Some(_), Some(p)) => {
                    let p = p.with_extension("xlsx");
                    protected.check_target(&p, replace)?;
                    Some(p)
                }
                (_, t) => t,
            };
            super::market::write_template(
                inv.as_ref(),
                &ch,
                target.as_ref(),
                o.changed_only,
                o.warehouse.as_deref(),
                replace,
            )?;
            continue;
        }
        let rows = inv.feed(&ch, o.changed_only)?;
        let bytes = if format == Format::Json {
            serde_json::to_vec_pretty(&rows).unwrap_or_default()
        } else {
            feed_csv(&rows, delim)?
        };
        match &target {
            Some(path) => {
                paths::write_file(path, &bytes, replace)?;
                eprintln!("{}", fill("cli.exported", &[&rows.len(), &path.display()]));
                inv.execute(Command::MarkFeed { channel: ch, rows })?;
            }
            None => {
                let _ = std::io::stdout().write_all(&super::table::for_stdout(&bytes));
                if std::io::stderr().is_terminal() {
                    eprintln!("{}", text("export.feed_not_marked"));
                }
            }
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_whose_names_map_to_one_file_get_distinct_names() {
        let ch = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let names = feed_file_names(&ch(&["Ozon", "Shop till"]), "csv").unwrap();
        assert_eq!(names, ["feed-Ozon.csv", "feed-Shop_till.csv"]);
        let names = feed_file_names(&ch(&["Ozon FBS", "Ozon.FBS", "Wildberries"]), "csv").unwrap();
        assert_ne!(names[0], names[1]);
        assert!(names[0].starts_with("feed-Ozon_FBS-"), "{names:?}");
        assert!(names[1].starts_with("feed-Ozon_FBS-"), "{names:?}");
        assert_eq!(names[2], "feed-Wildberries.csv");
        // The suffix depends on the name alone, not on the other channels.
        let again = feed_file_names(&ch(&["Ozon.FBS", "ozon fbs", "Ozon FBS"]), "csv").unwrap();
        assert_eq!(again[2], names[0]);
        assert_eq!(again[0], names[1]);
        let lower: Vec<String> = again.iter().map(|n| n.to_lowercase()).collect();
        assert!(lower[1] != lower[0] && lower[1] != lower[2], "{again:?}");
    }
}
