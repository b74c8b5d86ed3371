//! Applying commands: role check, rules, levels, ledger, all inside one write transaction.
//!
//! Every command validates everything before it writes anything, so several commands can
//! share one transaction (group commit) and a refused one leaves no trace.

use crate::domain::{
    self, Delta, Location, LocationId, Millis, Movement, MovementKind, Refusal, Reservation,
    ReservationStatus, Role, Seq, Sku, SkuId, User,
};
use crate::store::{Reader, WriteTx};

use super::{Applied, Command, Error, Outcome, Result, role_allows};

/// Who runs a command, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: String,
    pub now: Millis,
}

pub(crate) use super::reservations::*;
// Input checks and lookups by name live beside the engine; every command family uses them.
pub use super::lookup::*;

pub(crate) const META_DEFAULT_LOCATION: &str = "default_location";
pub const DEFAULT_LOCATION_NAME: &str = "Main warehouse";

/// Makes a new database usable: the creator becomes its first owner and
/// "Main warehouse" its default location. Does nothing on an initialized database.
pub fn initialize(tx: &WriteTx, ctx: &Ctx) -> Result<bool> {
    initialize_with(tx, ctx, DEFAULT_LOCATION_NAME)
}

/// As [`initialize`], naming the default location (`init` names it in the user's language;
/// the name is stored once, so an existing database keeps its own).
pub fn initialize_with(tx: &WriteTx, ctx: &Ctx, location_name: &str) -> Result<bool> {
    if !tx.users()?.is_empty() {
        return Ok(false);
    }
    tx.put_user(&User {
        name: ctx.actor.clone(),
        role: Role::Owner,
    })?;
    if tx.locations()?.is_empty() {
        let loc = Location {
            id: 1,
            name: location_name.to_string(),
        };
        tx.put_location(&loc)?;
        tx.set_meta(META_DEFAULT_LOCATION, &loc.id.to_le_bytes())?;
    }
    Ok(true)
}

/// The role of the actor, or a refusal naming the role needed.
pub fn authorize(r: &impl Reader, actor: &str, needed: Role, action: &str) -> Result<Role> {
    let role = r.user(actor)?.map(|u| u.role);
    if role.is_none() && r.users()?.is_empty() {
        return Err(Refusal::NoOwnerYet.into());
    }
    match role {
        Some(role) if role_allows(role, needed) => Ok(role),
        _ => Err(Error::Forbidden {
            actor: actor.to_string(),
            role,
            needs: needed,
            action: action.to_string(),
        }),
    }
}

/// Applies one command. On error nothing has been written by this command.
pub fn apply(tx: &WriteTx, ctx: &Ctx, cmd: &Command) -> Result<Applied> {
    authorize(tx, &ctx.actor, cmd.required_role(), cmd.name())?;
    // Stale holds never hide sellable stock: expired ones are released before anything else.
    let expired = super::channels::expire_due(tx, ctx.now)?;
    // `Expire` reports the SKUs whose holds were just released.
    let mut own = if matches!(cmd, Command::Expire) {
        expired.clone()
    } else {
        Vec::new()
    };
    let outcome = run(tx, ctx, cmd, &mut own)?;
    // A file from before codes and barcodes were one namespace may hold a code that is
    // another SKU's barcode: such SKUs take no change until one of them is renamed (the
    // rename passes, because afterwards the clash is gone). Expiry is the clock's, not a change.
    // A file marked clean has no clash, and the catalog's commands refuse to make one.
    if !matches!(cmd, Command::Expire) && tx.meta(crate::store::NAMESPACE_CLEAN)?.is_none() {
        let mut ids = own.clone();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if let Some(s) = tx.sku(id)?
                && let Some(c) = super::check::clashes_of(tx, &s)?.into_iter().next()
            {
                return Err(Refusal::CodeClash {
                    code_of: c.code_of,
                    barcode_of: c.barcode_of,
                    value: c.value,
                }
                .into());
            }
        }
    }
    let mut touched = expired.clone();
    if !matches!(cmd, Command::Expire) {
        touched.extend(own);
    }
    super::kits::with_kin(tx, &mut touched)?;
    // Units freed by this command, or by holds that just expired, go to waiting backorders.
    // Reservations made from here on are this command's (a backorder filled in parts).
    let last_before = if matches!(cmd, Command::ReservationBackorder { .. }) {
        tx.last_reservation_id()?.unwrap_or(0)
    } else {
        0
    };
    let mut freed = if frees_stock(cmd) {
        touched.clone()
    } else {
        expired
    };
    fill_freed(tx, ctx, &mut freed)?;
    touched.sort_unstable();
    touched.dedup();
    // Totals as they stand after any backorders took their units.
    let outcome = match outcome {
        Outcome::Moved {
            seq,
            kind,
            sku,
            qty,
            ..
        } => {
            let totals = sku_totals(tx, resolve_sku(tx, &sku)?.id)?.into();
            Outcome::Moved {
                seq,
                kind,
                sku,
                qty,
                totals,
            }
        }
        // A reservation made a backorder may have taken its units again at once.
        // Filled from several locations, it answers with every part, as a reserve does.
        Outcome::Backordered(v) if matches!(cmd, Command::ReservationBackorder { .. }) => {
            match tx.reservation(v.reservation)? {
                Some(r) if r.status != ReservationStatus::Backorder => {
                    let mut parts = vec![reservation_view(tx, &r)?];
                    for id in (last_before + 1)..=tx.last_reservation_id()?.unwrap_or(0) {
                        if let Some(p) = tx.reservation(id)?
                            && p.status.is_open()
                            && p.sku == r.sku
                            && p.channel == r.channel
                            && p.order_ref == r.order_ref
                        {
                            parts.push(reservation_view(tx, &p)?);
                        }
                    }
                    if parts.len() == 1 {
                        Outcome::Reserved(parts.remove(0))
                    } else {
                        Outcome::ReservedSplit(parts)
                    }
                }
                _ => Outcome::Backordered(v),
            }
        }
        other => other,
    };
    Ok(Applied {
        outcome,
        seq: tx.last_seq()?,
        skus: touched,
    })
}

/// Units freed of these SKUs go to their waiting backorders, SKU by SKU in id order (each
/// once), oldest backorder first (see `channels::fill_backorders`). After every command
/// that frees stock and after the holds released before it, and on the server's timer
/// after the holds it releases: one function, so they fill alike.
pub fn fill_freed(tx: &WriteTx, ctx: &Ctx, skus: &mut Vec<SkuId>) -> Result<()> {
    skus.sort_unstable();
    skus.dedup();
    if !skus.is_empty() && tx.any_backorders()? {
        super::kits::with_kin(tx, skus)?;
        for &sku in skus.iter() {
            super::channels::fill_backorders(tx, ctx, sku)?;
        }
    }
    Ok(())
}

/// Commands after which waiting backorders may fit.
pub(crate) fn frees_stock(cmd: &Command) -> bool {
    cmd.meta().frees_stock
}

/// Runs a command inside another one (order import), without a second role check.
pub(crate) fn apply_inner(tx: &WriteTx, ctx: &Ctx, cmd: &Command) -> Result<Outcome> {
    let mut touched = Vec::new();
    run(tx, ctx, cmd, &mut touched)
}

pub(crate) fn run(
    tx: &WriteTx,
    ctx: &Ctx,
    cmd: &Command,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    use Command as C;
    match cmd {
        C::AddSku(spec) => super::catalog::run_add_sku(tx, spec, touched),
        C::EditSku(spec) => super::catalog::run_edit_sku(tx, spec, touched),
        C::RenameSku {
            spec,
            code,
            remove_barcodes,
        } => super::catalog::run_rename_sku(tx, spec, code, remove_barcodes, touched),
        C::ArchiveSku { sku } => super::catalog::run_archive_sku(tx, sku, true, touched),
        C::UnarchiveSku { sku } => super::catalog::run_archive_sku(tx, sku, false, touched),
        C::AddLocation { name, default } => super::catalog::run_add_location(tx, name, default),
        C::AddChannel {
            name,
            kind,
            priority,
        } => super::catalog::run_add_channel(tx, name, kind, priority),
        C::Receive {
            sku,
            qty,
            at,
            reference,
        } => super::movements::run_receive(tx, ctx, sku, qty, at, reference, touched),
        C::Reserve { .. } | C::Sell { .. } => sell_or_reserve(tx, ctx, cmd, None, touched),
        C::Release { id, reason } => super::reservations::run_release(tx, ctx, id, reason, touched),
        C::Pick { id, barcode } => super::reservations::run_pick(tx, id, barcode, touched),
        C::Ship { id, qty, tracking } => {
            super::money::ship_with_default_delivery(tx, ctx, (id, qty, tracking), touched)
        }
        C::ShipWithDelivery {
            id,
            qty,
            tracking,
            delivery,
        } => super::money::ship_with_delivery(tx, ctx, (id, qty, tracking), *delivery, touched),
        C::ReservationMove { id, to } => move_reservation(tx, ctx, *id, to, touched),
        C::ReservationBackorder { id } => backorder_reservation(tx, ctx, *id, touched),
        C::Force { cmd, reason } => {
            let reason = check_text("reason", reason, domain::limits::MAX_NOTE)?;
            sell_or_reserve(tx, ctx, cmd, Some(&reason), touched)
        }
        C::Return {
            sku,
            qty,
            channel,
            defect,
            at,
            order,
            note,
        } => super::movements::run_return(
            tx,
            ctx,
            sku,
            qty,
            channel,
            defect,
            at,
            order,
            note,
            &[],
            touched,
        ),
        C::ReturnKit {
            sku,
            qty,
            channel,
            at,
            order,
            note,
            defective,
        } => super::movements::run_return(
            tx, ctx, sku, qty, channel, &None, at, order, note, defective, touched,
        ),
        C::SetKit {
            sku,
            edit,
            new,
            components,
        } => super::kits::run_set_kit(
            tx,
            edit.as_ref().map(|e| (e, *new)),
            sku,
            components,
            touched,
        ),
        C::Defect {
            sku,
            qty,
            reason,
            at,
            note,
        } => super::movements::run_defect(tx, ctx, sku, qty, reason, at, note, touched),
        C::Writeoff {
            sku,
            qty,
            reason,
            defective,
            at,
        } => super::movements::run_writeoff(tx, ctx, sku, qty, reason, defective, at, touched),
        C::KitAssemble {
            sku,
            kits,
            at,
            apart,
        } => super::kits_made::run_assemble(tx, ctx, sku, *kits, at.as_deref(), *apart, touched),
        C::Transfer { sku, qty, from, to } => {
            super::movements::run_transfer(tx, ctx, sku, qty, from, to, touched)
        }
        C::Adjust {
            sku,
            how,
            reason,
            at,
            reference,
        } => super::movements::run_adjust(tx, ctx, sku, how, reason, at, reference, touched),
        C::AddUser { name, role } => super::catalog::run_add_user(tx, name, role),
        C::RemoveUser { name } => super::catalog::run_remove_user(tx, name),
        C::ChannelRules { channel, rules } => super::channels::set_rules(tx, channel, rules),
        C::PromoAdd(spec) => super::plan::run_promo_add(tx, spec, ctx.now),
        C::PromoRemove { id } => super::plan::run_promo_remove(tx, *id, ctx.now),
        C::SetChannelPrice {
            sku,
            channel,
            price,
        } => super::money::set_channel_price(tx, sku, channel, *price),
        C::ImportOrders {
            channel,
            file,
            rows,
        } => super::channels::import_orders(tx, ctx, channel, file, rows, touched),
        C::ImportListed {
            channel,
            file,
            rows,
        } => super::channels::import_listed(tx, ctx, channel, file, rows),
        C::MarkFeed { channel, rows } => super::channels::mark_feed(tx, channel, rows),
        C::ChannelProfile { channel, profile } => super::market::set_profile(tx, channel, *profile),
        C::ChannelMap {
            channel,
            file,
            rows,
        } => super::market::map_items(tx, channel, file, rows),
        C::ChannelListing {
            channel,
            file,
            change,
        } => super::market::set_listing(tx, channel, file, change),
        C::ImportMarketOrders {
            channel,
            file,
            rows,
        } => super::market::import_orders(tx, ctx, channel, file, rows, touched),
        C::MarkSynced { channel, rows } => super::sync::mark_synced(tx, ctx, channel, rows),
        C::Expire => Ok(Outcome::Expired {
            skus: touched.len(),
        }),
        C::Order {
            sku,
            qty,
            channel,
            order,
            delivery,
        } => super::reservations::run_order(tx, ctx, sku, qty, channel, order, delivery, touched),
        C::CountStart { at, filter, blind } => {
            super::stocktake::start(tx, ctx, at.as_deref(), filter.as_deref(), *blind)
        }
        C::CountAdd { session, sku, qty } => {
            let o = super::stocktake::add(tx, ctx, *session, sku, *qty)?;
            Ok(o)
        }
        C::CountUndo { session } => super::stocktake::undo(tx, ctx, *session),
        C::CountRecount { session, sku } => super::stocktake::recount(tx, *session, sku),
        C::CountImport {
            session,
            file,
            rows,
        } => super::stocktake::import(tx, ctx, *session, file, rows),
        C::CountApply {
            session,
            only,
            zero_uncounted,
        } => {
            let o = super::stocktake::apply(tx, ctx, *session, only, *zero_uncounted)?;
            if let Outcome::CountApplied(sum) = &o {
                for code in sum.applied.iter().map(|(c, _)| c).chain(sum.zeroed.iter()) {
                    if let Ok(s) = resolve_sku(tx, code) {
                        touched.push(s.id);
                    }
                }
            }
            Ok(o)
        }
        C::CountCancel { session } => super::stocktake::cancel(tx, *session),
        C::CountResolve {
            session,
            sku,
            choice,
        } => {
            let o = super::stocktake::resolve(tx, ctx, *session, sku, *choice)?;
            if let Ok(s) = resolve_sku(tx, sku) {
                touched.push(s.id);
            }
            Ok(o)
        }
        C::PoCreate {
            supplier,
            lines,
            from_alerts,
            only,
            window,
            expected,
        } => super::purchasing::create(
            tx,
            ctx,
            &super::purchasing::NewOrders {
                supplier: supplier.as_deref(),
                lines,
                from_alerts: *from_alerts,
                only,
                window: *window,
                expected: *expected,
            },
        ),
        C::PoReceive { id, lines, at } => {
            super::purchasing::receive(tx, ctx, *id, lines, at.as_deref(), touched)
        }
        C::PoCancel { id } => super::purchasing::cancel(tx, ctx, *id),
        C::Snooze { sku, days } => super::purchasing::snooze(tx, ctx, sku, *days),
        C::ImportSkus { .. } => super::kits_import::run_import_skus(tx, ctx, cmd, touched),
        C::ImportStock {
            file,
            rows,
            dry_run,
        } => super::catalog::run_import_stock(tx, ctx, file, rows, dry_run, touched),
    }
}

/// A made-up order reference that no typed one already took: R17, else R17-2, ...
/// (sku, qty, channel, order, at, delivery) of a reserve.
pub(crate) type ReserveArgs<'a> = (
    &'a str,
    u64,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a domain::Delivery,
);

/// The ledger note of a forced sale or reservation.
pub(crate) fn forced_note(reason: &str) -> String {
    format!("forced during shortage: {reason}")
}

/// Set once an order line has more than one reservation, so order imports know to look
/// for the other parts (a file that never had one is spared the search).
pub(crate) const META_SPLIT_LINES: &str = "split_lines";

/// Saves a reservation that is a further part of an order line: same channel, order
/// reference and SKU as the one the order reference finds, another location (or the
/// backorder for the rest of a line partly shipped).
pub(crate) fn put_part(tx: &WriteTx, r: &Reservation) -> Result<()> {
    tx.put_reservation(r)?;
    if tx.meta(META_SPLIT_LINES)?.is_none() {
        tx.set_meta(META_SPLIT_LINES, &[1])?;
    }
    Ok(())
}

pub(crate) fn location_name(r: &impl Reader, id: LocationId) -> Result<String> {
    Ok(r.locations()?
        .into_iter()
        .find(|l| l.id == id)
        .map(|l| l.name)
        .unwrap_or_default())
}

pub(crate) fn free_order_ref(
    tx: &WriteTx,
    ch: domain::ChannelId,
    sku: SkuId,
    id: u64,
) -> Result<String> {
    let mut candidate = format!("R{id}");
    let mut n = 1;
    while tx.order(ch, &candidate, sku)?.is_some() {
        n += 1;
        candidate = format!("R{id}-{n}");
    }
    Ok(candidate)
}

/// A movement about to be written.
pub(crate) struct Entry {
    pub(crate) sku: SkuId,
    pub(crate) location: LocationId,
    pub(crate) kind: MovementKind,
    pub(crate) qty: u64,
    pub(crate) delta: Delta,
    pub(crate) channel: Option<domain::ChannelId>,
    pub(crate) reservation: Option<u64>,
    pub(crate) reference: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) to: Option<(LocationId, Delta)>,
}

impl Entry {
    pub(crate) fn new(
        s: &Sku,
        location: LocationId,
        kind: MovementKind,
        qty: u64,
        delta: Delta,
    ) -> Entry {
        Entry {
            sku: s.id,
            location,
            kind,
            qty,
            delta,
            channel: None,
            reservation: None,
            reference: None,
            note: None,
            to: None,
        }
    }
    pub(crate) fn channel(mut self, c: domain::ChannelId) -> Self {
        self.channel = Some(c);
        self
    }
    pub(crate) fn reservation(mut self, r: u64) -> Self {
        self.reservation = Some(r);
        self
    }
    pub(crate) fn reference(mut self, r: Option<String>) -> Self {
        self.reference = r;
        self
    }
    pub(crate) fn note(mut self, n: Option<String>) -> Self {
        self.note = n;
        self
    }
    pub(crate) fn with_channel(self, c: domain::ChannelId) -> Self {
        self.channel(c)
    }
    pub(crate) fn with_reservation(self, r: u64) -> Self {
        self.reservation(r)
    }
    pub(crate) fn with_reference(self, r: Option<String>) -> Self {
        self.reference(r)
    }
    pub(crate) fn with_note(self, n: Option<String>) -> Self {
        self.note(n)
    }
}

/// Writes the levels and appends the ledger entry. The delta was checked by the rules.
pub(crate) fn write_entry(tx: &WriteTx, ctx: &Ctx, e: Entry) -> Result<Seq> {
    if let Some(k) = crate::store::kits::KitReader::kit(tx, e.sku)? {
        return super::kits::write_kit_entry(tx, ctx, &k, e, &[]);
    }
    let sale = e.channel.filter(|_| e.kind.is_sale()).map(|ch| (e.sku, ch));
    let seq = record(&mut tx.ledger_writer()?, ctx, e)?;
    super::money::record_sale(tx, seq, sale)?;
    Ok(seq)
}

/// Writes one entry through tables already open: the levels after it and the ledger line.
pub(crate) fn record(w: &mut crate::store::LedgerWriter<'_>, ctx: &Ctx, e: Entry) -> Result<Seq> {
    let before = w.levels(e.sku, e.location)?;
    let after = e.delta.apply(&before).ok_or(Refusal::Overflow)?;
    let after_to = match e.to {
        Some((loc, d)) => {
            let b = w.levels(e.sku, loc)?;
            Some((loc, d.apply(&b).ok_or(Refusal::Overflow)?))
        }
        None => None,
    };
    let seq = w.last_seq() + 1;
    w.put_levels(e.sku, e.location, &after)?;
    if let Some((loc, l)) = after_to {
        w.put_levels(e.sku, loc, &l)?;
    }
    w.append(&Movement {
        seq,
        at: ctx.now,
        actor: ctx.actor.clone(),
        sku: e.sku,
        location: e.location,
        kind: e.kind,
        qty: e.qty,
        delta: e.delta,
        channel: e.channel,
        reservation: e.reservation,
        reference: e.reference,
        note: e.note,
        after,
        after_to: after_to.map(|(_, l)| l),
    })?;
    Ok(seq)
}

pub(crate) fn moved(
    tx: &WriteTx,
    ctx: &Ctx,
    e: Entry,
    s: &Sku,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let kind = e.kind.name();
    let qty = e.qty;
    let seq = write_entry(tx, ctx, e)?;
    touched.push(s.id);
    Ok(Outcome::Moved {
        seq,
        kind,
        sku: s.code.clone(),
        qty,
        totals: sku_totals(tx, s.id)?.into(),
    })
}
