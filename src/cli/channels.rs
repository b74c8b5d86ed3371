//! The channels on the command line: the list, the matrix and the feeds. (`channel add`
//! and `channel rules` are Commands: `to_command.rs`; order and listed files: `imports.rs`.)

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::args::Format;
use super::print_json;
use super::table::{Col, print_list, table};
use super::values::delimiter_byte;
use crate::domain::Role;
use crate::i18n::{fill, text};
use crate::inventory::channels::{FeedRow, MatrixCell, MatrixRow};
use crate::inventory::{
    ChannelView, Command, Error, FieldProblem, Inventory, InventoryExt, role_allows,
};
use crate::io;
use crate::io::paths::{self, Protected, Replace};

pub fn list(db: &Path, json: bool) -> Result<i32, Error> {
    let rows = super::open(db)?.channels_with_drift()?;
    print_list(
        &rows,
        json,
        &[
            Col::left(text("col.channel"), |c: &ChannelView| c.name.clone()),
            Col::left(text("col.kind"), |c: &ChannelView| {
                crate::i18n::channel_kind_text(c.kind).to_string()
            }),
            Col::right(text("col.priority"), |c: &ChannelView| {
                c.priority.to_string()
            }),
            Col::left(text("col.last_synced"), |c: &ChannelView| {
                crate::present::last_synced(c.last_synced.as_deref())
            }),
            Col::right(text("col.drift"), |c: &ChannelView| {
                // Before the first sync nothing is known of what the channel shows.
                match (&c.last_synced, c.drift) {
                    (Some(_), Some(d)) => d.to_string(),
                    _ => "–".into(),
                }
            }),
        ],
    );
    Ok(0)
}

pub fn print_matrix(inv: &dyn Inventory, json: bool) -> Result<i32, Error> {
    let (channels, rows) = inv.matrix()?;
    if json {
        print_json(&rows);
        return Ok(0);
    }
    let mut cols = vec![
        Col::left(text("col.code"), |r: &MatrixRow| r.code.clone()),
        Col::right(text("col.available"), |r: &MatrixRow| {
            r.available.to_string()
        }),
    ];
    for (i, c) in channels.iter().enumerate() {
        cols.push(Col::right(c.name.as_str(), move |r: &MatrixRow| {
            r.channels.get(i).map(matrix_cell).unwrap_or_default()
        }));
    }
    print!("{}", table(&rows, &cols));
    println!("{}", text("cli.matrix_legend"));
    Ok(0)
}

/// Published, and what the channel lists when it differs: `5 (7!)` more, `5 (3?)` fewer.
fn matrix_cell(c: &MatrixCell) -> String {
    match c.drift {
        _ if c.withheld.as_deref() == Some(crate::inventory::market::NOT_LISTED) => {
            text("market.not_listed").to_string()
        }
        Some(d) if d > 0 => format!("{} ({}!)", c.published, c.listed.unwrap_or(0)),
        Some(d) if d < 0 => format!("{} ({}?)", c.published, c.listed.unwrap_or(0)),
        _ => c.published.to_string(),
    }
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
            let (code, barcode) = (
                io::export::text_field(&r.code),
                io::export::text_field(&r.barcode),
            );
            w.write_record([code, barcode, r.qty.to_string()])
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
        Some(out) if o.out_dir.is_none() => super::exports::output_format(out, requested)?,
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
