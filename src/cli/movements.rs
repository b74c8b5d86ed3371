//! The stock movements and reservations as lists: `reservations` (the queue) and
//! `history` (the ledger). The movements themselves are Commands: `to_command.rs`.

use std::path::Path;

use super::args::{HistoryArgs, ReservationsArgs};
use super::open;
use super::table::{Col, print_list};
use super::values::{limited, local_days, movement_kind};
use crate::domain::limits;
use crate::i18n::{self, fill, text};
use crate::inventory::reports::history::HistoryFilter;
use crate::inventory::{Error, InventoryExt, MovementView, ReservationView};

pub fn reservations(db: &Path, a: ReservationsArgs, json: bool) -> Result<i32, Error> {
    let rows = open(db)?.reservations(a.channel, a.all)?;
    let status = |r: &ReservationView| {
        if r.short > 0 {
            fill(
                "cli.res_short_fix",
                &[
                    &i18n::status_text(r.status),
                    &r.short,
                    &r.reservation,
                    &r.reservation,
                ],
            )
        } else {
            i18n::status_text(r.status).to_string()
        }
    };
    print_list(
        &rows,
        json,
        &[
            Col::right(text("col.id"), |r: &ReservationView| {
                r.reservation.to_string()
            }),
            Col::left(text("col.channel"), |r: &ReservationView| r.channel.clone()),
            Col::left(text("col.order"), |r: &ReservationView| r.order.clone()),
            Col::left(text("col.code"), |r: &ReservationView| r.code.clone()),
            Col::right(text("col.remaining"), |r: &ReservationView| {
                r.remaining.to_string()
            }),
            Col::left(text("col.location"), |r: &ReservationView| {
                r.location.clone()
            }),
            Col::left(text("col.delivery"), |r: &ReservationView| {
                r.delivery
                    .map(i18n::delivery_text)
                    .unwrap_or_default()
                    .to_string()
            }),
            Col::left(text("col.status"), status),
            Col::left(text("col.when"), |r: &ReservationView| r.created.clone()),
        ],
    );
    Ok(0)
}

pub fn history(db: &Path, a: HistoryArgs, json: bool) -> Result<i32, Error> {
    limited("limit", &a.limit.to_string(), limits::MAX_HISTORY)?;
    let (from, to) = local_days(a.from.as_deref(), a.to.as_deref())?;
    let filter = HistoryFilter {
        sku: a.sku,
        from,
        to,
        kind: a.kind.as_deref().map(movement_kind).transpose()?,
        channel: a.channel,
        actor: a.actor,
        limit: a.limit,
    };
    let rows = open(db)?.history_find(filter)?;
    if rows.is_empty() && !json {
        println!("{}", text("cli.history_none"));
        return Ok(0);
    }
    let mut cols = vec![
        Col::right(text("col.id"), |m: &MovementView| m.seq.to_string()),
        Col::left(text("col.when"), |m: &MovementView| m.at.clone()),
        Col::left(text("col.who"), |m: &MovementView| m.actor.clone()),
        Col::left(text("col.kind"), |m: &MovementView| i18n::kind_text(m.kind)),
        Col::left(text("col.code"), |m: &MovementView| m.code.clone()),
        Col::right(text("col.qty"), |m: &MovementView| m.qty.to_string()),
        Col::left(text("col.location"), |m: &MovementView| m.location.clone()),
        Col::left(text("col.reference"), |m: &MovementView| {
            i18n::source_text(m.kind, m.channel.as_deref(), m.reference.as_deref())
        }),
        Col::right(text("col.on_hand"), |m: &MovementView| {
            m.on_hand.to_string()
        }),
        Col::right(text("col.reserved"), |m: &MovementView| {
            m.reserved.to_string()
        }),
    ];
    // Entries written for a kit name it: "GIFT-01 ×2 → TEA-001 ×2, CUP-01 ×4".
    if rows.iter().any(|m| m.kit.is_some()) {
        cols.push(Col::left(text("col.kit"), |m: &MovementView| {
            m.kit.clone().unwrap_or_default()
        }));
    }
    print_list(&rows, json, &cols);
    Ok(0)
}
