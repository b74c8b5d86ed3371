//! The sentence for what a command did, in the user's language: one wording for the CLI
//! and the TUI alike.

use crate::i18n::{fill, text};
use crate::inventory::Outcome;

/// Short reservations as one line: "#3 TEA-001 order WB-1 (2 of 4 missing at Main warehouse)".
pub fn short_list(v: &[crate::inventory::stocktake::ShortReservation]) -> String {
    v.iter()
        .map(|x| {
            fill(
                "cli.count_short_item",
                &[
                    &x.reservation,
                    &x.code,
                    &x.order,
                    &x.short,
                    &x.remaining,
                    &x.location,
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A promotion in words: `#1 Ozon 2026-03-01 – 2026-03-14 ×2.00, every SKU`.
pub fn promo_text(p: &crate::inventory::plan::PromoView) -> String {
    let skus = if p.skus.is_empty() {
        crate::i18n::text("promo.every_sku").to_string()
    } else {
        p.skus.join(", ")
    };
    fill(
        "promo.line",
        &[
            &p.id,
            &p.channel,
            &p.from,
            &p.to,
            &crate::i18n::point(&p.uplift),
            &skus,
        ],
    )
}

/// The human sentence for what a command did: every outcome has its words.
pub fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Moved {
            seq,
            kind,
            sku,
            qty,
            totals,
        } => fill(
            "cli.moved",
            &[
                &crate::i18n::kind_word(*kind),
                &crate::i18n::number(*qty),
                sku,
                seq,
                &crate::i18n::number(totals.on_hand),
                &crate::i18n::number(totals.reserved),
                &signed(totals.available),
                &crate::i18n::number(totals.defective),
            ],
        ),
        Outcome::Reserved(r) => fill(
            "cli.reserved",
            &[
                &r.qty,
                &r.code,
                &r.channel,
                &r.reservation,
                &r.order,
                &r.location,
            ],
        ),
        Outcome::ReservedSplit(parts) => reserved_split_text(parts),
        Outcome::Released(r) => fill("cli.released", &[&r.reservation, &r.qty, &r.code]),
        Outcome::Picked(r) => picked_text(r),
        Outcome::Shipped {
            reservation, qty, ..
        } => fill(
            "cli.shipped",
            &[
                qty,
                &reservation.code,
                &reservation.reservation,
                &reservation.remaining,
            ],
        ),
        Outcome::SkuSaved {
            code,
            created: true,
        } => fill("cli.sku_created", &[code]),
        Outcome::SkuSaved {
            code,
            created: false,
        } => fill("cli.sku_saved", &[code]),
        Outcome::SkuArchived {
            code,
            archived,
            changed,
        } => fill(
            match (archived, changed) {
                (true, true) => "cli.sku_archived",
                (true, false) => "cli.sku_was_archived",
                (false, true) => "cli.sku_unarchived",
                (false, false) => "cli.sku_was_not_archived",
            },
            &[code],
        ),
        Outcome::LocationAdded { name } => fill("cli.location_added", &[name]),
        Outcome::ChannelAdded { name } => fill("cli.channel_added", &[name]),
        Outcome::UserSaved { name, role } => {
            fill("cli.user_saved", &[name, &crate::i18n::role_text(*role)])
        }
        Outcome::UserRemoved { name } => fill("cli.user_removed", &[name]),
        Outcome::Imported(s) => imported_text(s),
        Outcome::PromoAdded(p) => fill("cli.promo_added", &[&promo_text(p)]),
        Outcome::PromoRemoved(p) => fill("cli.promo_removed", &[&promo_text(p)]),
        Outcome::ChannelPriceSet {
            code,
            channel,
            price,
            sku_price,
        } => match price {
            Some(p) => fill(
                "cli.channel_price_set",
                &[code, channel, &crate::i18n::money(p)],
            ),
            None => fill(
                "cli.channel_price_cleared",
                &[
                    code,
                    channel,
                    &sku_price
                        .as_deref()
                        .map(crate::i18n::money)
                        .unwrap_or_else(|| crate::i18n::text("cli.no_price").to_string()),
                ],
            ),
        },
        Outcome::ChannelSaved(c) => {
            let mut out = fill(
                "cli.channel_saved",
                &[
                    &c.name,
                    &c.priority,
                    &c.share_pct,
                    &c.buffer,
                    &c.max_listed
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| "-".into()),
                    &crate::i18n::yes_no(c.keep_when_low),
                    &crate::i18n::yes_no(c.paused),
                ],
            );
            if c.commission_pct != "0.00" || c.order_fee != "0.00" {
                out.push_str(&fill(
                    "cli.channel_money",
                    &[&c.commission_pct, &crate::i18n::money(&c.order_fee)],
                ));
            }
            if !c.delivery_costs.is_empty() {
                let costs: Vec<String> = c
                    .delivery_costs
                    .iter()
                    .map(|(m, cost)| {
                        let word = crate::domain::DeliveryMethod::parse(m)
                            .map_or_else(|| m.clone(), |d| crate::i18n::delivery_text(d).into());
                        format!("{word} {}", crate::i18n::money(cost))
                    })
                    .collect();
                out.push_str("; ");
                out.push_str(&fill("cli.channel_delivery_costs", &[&costs.join(", ")]));
            }
            out
        }
        Outcome::OrdersImported(s) => orders_text(s, 0),
        Outcome::OrdersChanged { summary, changed } => orders_text(summary, *changed),
        Outcome::ListedImported { channel, rows } => fill("cli.listed_imported", &[rows, channel]),
        Outcome::FeedMarked { channel, rows } => fill("cli.feed_marked", &[rows, channel]),
        Outcome::Expired { skus } => fill("cli.expired", &[skus]),
        Outcome::Backordered(r) => fill(
            "cli.backordered",
            &[&r.qty, &r.code, &r.channel, &r.reservation],
        ),
        Outcome::CountStarted { session, location } => {
            fill("cli.count_started", &[session, location])
        }
        Outcome::Counted {
            code, qty, counted, ..
        } if *qty > 0 && *counted > *qty => fill("cli.counted_more", &[qty, code, counted]),
        Outcome::Counted {
            code, qty, counted, ..
        } => fill("cli.counted", &[qty, code, counted]),
        Outcome::CountUndone { code, qty, .. } => fill("cli.count_undone", &[qty, code]),
        Outcome::MarkedForRecount { code, .. } => fill("cli.count_recount", &[code]),
        Outcome::CountRestarted {
            code,
            qty,
            set_aside,
            ..
        } => fill("cli.count_restarted", &[code, set_aside, qty, code, qty]),
        Outcome::CountImported { rows, units, .. } => fill("cli.count_imported", &[rows, units]),
        Outcome::CountCancelled { session } => fill("cli.count_cancelled", &[session]),
        Outcome::CountApplied(s) => count_applied_text(s),
        Outcome::PoCreated { orders, skipped } => po_created_text(orders, skipped),
        Outcome::PoReceived { order, units } => po_received_text(order, units),
        Outcome::PoCancelled(p) => fill("cli.po_cancelled", &[&p.id, &p.outstanding]),
        Outcome::Snoozed {
            code,
            until: Some(until),
        } => fill("cli.snoozed", &[code, until]),
        Outcome::Snoozed { code, until: None } => fill("cli.unsnoozed", &[code]),
        o @ (Outcome::ChannelProfileSet { .. }
        | Outcome::ChannelMapped { .. }
        | Outcome::ChannelListingSet { .. }
        | Outcome::MarketOrdersImported(_)) => {
            super::market::market_outcome_text(o).unwrap_or_default()
        }
    }
}

fn orders_text(s: &crate::inventory::channels::OrdersSummary, changed: usize) -> String {
    fill(
        "cli.orders_imported",
        &[
            &s.rows,
            &s.reserved,
            &s.backordered,
            &s.released,
            &s.shipped,
            &changed,
            &s.unchanged,
        ],
    )
}

/// A whole number that may be below zero, grouped as the interface language writes it.
fn signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", crate::i18n::number(n.unsigned_abs()))
    } else {
        crate::i18n::number(n.unsigned_abs())
    }
}

fn reserved_split_text(parts: &[crate::inventory::ReservationView]) -> String {
    let list = parts
        .iter()
        .map(|r| fill("cli.reserved_part", &[&r.reservation, &r.qty, &r.location]))
        .collect::<Vec<_>>()
        .join(", ");
    let total: u64 = parts.iter().map(|r| r.qty).sum();
    match parts.first() {
        Some(first) => fill(
            "cli.reserved_split",
            &[&total, &first.code, &first.channel, &first.order, &list],
        ),
        None => fill("cli.reserved_split", &[&total, &"-", &"-", &"-", &"-"]),
    }
}

fn imported_text(s: &crate::inventory::ImportSummary) -> String {
    let mut t = fill(
        "cli.imported",
        &[&s.rows, &s.created, &s.updated, &s.unchanged, &s.movements],
    );
    if !s.created_locations.is_empty() {
        t.push('\n');
        t.push_str(&fill(
            "cli.created_locations",
            &[&s.created_locations.join(", ")],
        ));
    }
    if s.dry_run {
        t.push('\n');
        t.push_str(text("cli.dry_run"));
    }
    t
}

fn count_applied_text(s: &crate::inventory::stocktake::ApplySummary) -> String {
    let mut t = fill("cli.count_applied", &[&s.session, &s.applied.len()]);
    if !s.conflicts.is_empty() {
        t.push('\n');
        t.push_str(&fill("cli.count_conflicts", &[&s.conflicts.join(", ")]));
        for c in &s.conflicts {
            t.push('\n');
            t.push_str(&fill(
                "cli.count_conflict_todo",
                &[c, &s.session, c, &s.session, c],
            ));
        }
    }
    if !s.short.is_empty() {
        t.push('\n');
        t.push_str(&fill("cli.count_short", &[&short_list(&s.short)]));
    }
    t.push('\n');
    t.push_str(&if s.closed {
        text("cli.count_closed").to_string()
    } else {
        text("cli.count_still_open").to_string()
    });
    if !s.zeroed.is_empty() {
        t.push('\n');
        t.push_str(&fill("cli.count_zeroed", &[&s.zeroed.join(", ")]));
    } else if !s.uncounted.is_empty() {
        t.push('\n');
        t.push_str(&fill(
            "cli.count_uncounted",
            &[&s.uncounted.len(), &s.uncounted.join(", ")],
        ));
    }
    t
}

fn po_created_text(orders: &[crate::inventory::purchasing::PoView], skipped: &[String]) -> String {
    let mut lines: Vec<String> = orders
        .iter()
        .map(|p| {
            let made = fill(
                "cli.po_created",
                &[&p.id, &p.supplier, &p.ordered, &p.lines.len()],
            );
            let due = fill("po.expected_by", &[&super::due_day(&p.expected)]);
            format!("{made} · {due}")
        })
        .collect();
    if orders.is_empty() {
        lines.push(text("cli.po_nothing").to_string());
    }
    if !skipped.is_empty() {
        lines.push(fill("cli.po_skipped", &[&skipped.join(", ")]));
    }
    lines.join("\n")
}

fn po_received_text(order: &crate::inventory::purchasing::PoView, units: &u64) -> String {
    let mut t = fill(
        "cli.po_received",
        &[units, &order.id, &order.supplier, &order.outstanding],
    );
    if order.status == crate::domain::purchase::PoStatus::Received {
        t.push('\n');
        t.push_str(&fill("cli.po_closed", &[&order.id]));
    }
    t
}

/// A pick: the units of the reservation picked, or, for a scan of a kit's component, that
/// component's units scanned and what is still to scan ("CUP-01: 1 of 2 scanned; left:
/// TEA-001 ×1").
fn picked_text(r: &crate::inventory::ReservationView) -> String {
    let Some(part) = r.parts.iter().find(|p| p.just) else {
        // A kit picked in full by its own code says so in the words its parts' scans use.
        if !r.parts.is_empty() && r.picked >= r.remaining {
            return fill(
                "kit.picked_all",
                &[&r.picked, &r.remaining, &r.reservation, &r.code],
            );
        }
        return fill(
            "cli.picked",
            &[&r.picked, &r.remaining, &r.reservation, &r.code],
        );
    };
    let left: Vec<String> = r
        .parts
        .iter()
        .filter(|p| p.scanned < p.need)
        .map(|p| format!("{} ×{}", p.code, p.need - p.scanned))
        .collect();
    if left.is_empty() {
        fill(
            "kit.part_scanned_all",
            &[
                &part.code,
                &part.scanned,
                &part.need,
                &r.reservation,
                &r.code,
            ],
        )
    } else {
        fill(
            "kit.part_scanned",
            &[&part.code, &part.scanned, &part.need, &left.join(", ")],
        )
    }
}
