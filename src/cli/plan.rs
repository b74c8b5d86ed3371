//! `stockroom promo ...`: the promotions the forecast plans for.

use std::path::Path;

use clap::{Args, Subcommand};

use super::open;
use super::table::{Col, print_list};
use super::values::{date, id_of};
use crate::domain::forecast::MAX_UPLIFT_PCT;
use crate::i18n::text;
use crate::inventory::plan::{PromoSpec, PromoView, day_number};
use crate::inventory::{Command, Error, FieldProblem, InventoryExt};

#[derive(Subcommand, Debug)]
pub enum PromoCmd {
    /// Plan a promotion on a channel: its sales there are expected to grow by --uplift on
    /// its days, and the forecast behind min, safety and the suggestions plans for it
    Add(PromoAddArgs),
    /// Every promotion, past, running and planned
    List,
    /// Remove a promotion (its number from `promo list`)
    Remove {
        /// The promotion's number
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct PromoAddArgs {
    /// The channel it runs on
    pub channel: String,
    /// Its first day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Its last day (YYYY-MM-DD), at most a year after the first
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// How many times the channel's usual sales (2.0 doubles them; 0.1 to 10)
    #[arg(long, value_name = "FACTOR")]
    pub uplift: String,
    /// Only this SKU (repeat for more); without it, every SKU
    #[arg(long = "sku", value_name = "CODE")]
    pub skus: Vec<String>,
}

/// An uplift as people write it (`2`, `2.0`, `1,5`, `×2`), in hundredths.
fn uplift(v: &str) -> Result<u32, Error> {
    let t = v.trim().trim_start_matches(['×', 'x', 'X', '*']).trim();
    let range = || FieldProblem::Between {
        min: "0.10".into(),
        max: crate::domain::quantity::format_money(i64::from(MAX_UPLIFT_PCT)),
    };
    let n = crate::domain::parse_money(t).map_err(|e| match e {
        crate::domain::NumberError::PastKopecks => Error::field(
            "uplift",
            v,
            FieldProblem::Hundredths {
                example: "1.25".into(),
            },
        ),
        crate::domain::NumberError::NotANumber | crate::domain::NumberError::Empty => Error::field(
            "uplift",
            v,
            FieldProblem::NotDecimal {
                example: "1.5".into(),
            },
        ),
        _ => Error::field("uplift", v, range()),
    })?;
    u32::try_from(n).map_err(|_| Error::field("uplift", v, range()))
}

impl TryFrom<PromoAddArgs> for Command {
    type Error = Error;
    fn try_from(a: PromoAddArgs) -> Result<Command, Error> {
        let from = date("from date", &a.from)?;
        let to = date("to date", &a.to)?;
        Ok(Command::PromoAdd(PromoSpec {
            channel: a.channel,
            from_day: day_number(from),
            to_day: day_number(to),
            uplift_pct: uplift(&a.uplift)?,
            skus: a.skus,
        }))
    }
}

pub fn remove(id: &str) -> Result<Command, Error> {
    let n = id_of("promotion", id)?;
    let id = u32::try_from(n).map_err(|_| Error::at_most("promotion", id, u64::from(u32::MAX)))?;
    Ok(Command::PromoRemove { id })
}

/// `promo list`.
pub fn list(db: &Path, json: bool) -> Result<i32, Error> {
    let rows = open(db)?.promos()?;
    if rows.is_empty() && !json {
        println!("{}", text("promo.none"));
        return Ok(0);
    }
    print_list(
        &rows,
        json,
        &[
            Col::right(text("col.id"), |p: &PromoView| format!("#{}", p.id)),
            Col::left(text("col.channel"), |p: &PromoView| p.channel.clone()),
            Col::left(text("col.promo_days"), |p: &PromoView| {
                format!("{} – {}", p.from, p.to)
            }),
            Col::right(text("col.uplift"), |p: &PromoView| {
                format!("×{}", crate::i18n::point(&p.uplift))
            }),
            Col::left(text("col.promo_skus"), |p: &PromoView| match p.skus.len() {
                0 => text("promo.every_sku").to_string(),
                1..=3 => p.skus.join(", "),
                n => format!("{} +{}", p.skus[..3].join(", "), n - 3),
            }),
            Col::left(text("col.status"), |p: &PromoView| {
                text(&format!("promo.{}", p.state)).to_string()
            }),
        ],
    );
    Ok(0)
}
