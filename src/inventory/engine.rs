//! Applying commands: role check, rules, levels, ledger, all inside one write transaction.
//!
//! Every command validates everything before it writes anything, so several commands can
//! share one transaction (group commit) and a refused one leaves no trace.

use crate::domain::{
    self, AdjustTo, Channel, ChannelKind, Delta, Levels, Location, LocationId, Millis, Movement,
    MovementKind, Refusal, Reservation, ReservationStatus, Role, Seq, Sku, SkuId, User, rules,
};
use crate::store::{Reader, StoreError, WriteTx};

use super::{
    Applied, Command, Error, FieldProblem, ImportSummary, InputError, Located, Outcome, Result,
    RowError, SkuSpec, StockRow, role_allows, views,
};

/// Who runs a command, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: String,
    pub now: Millis,
}

const META_DEFAULT_LOCATION: &str = "default_location";
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
    if !matches!(cmd, Command::Expire) {
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
    // Units freed by this command, or by holds that just expired, go to waiting backorders.
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
        Outcome::Backordered(v) if matches!(cmd, Command::ReservationBackorder { .. }) => {
            match tx.reservation(v.reservation)? {
                Some(r) if r.status != ReservationStatus::Backorder => {
                    Outcome::Reserved(reservation_view(tx, &r)?)
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
        for &sku in skus.iter() {
            super::channels::fill_backorders(tx, ctx, sku)?;
        }
    }
    Ok(())
}

/// Commands after which waiting backorders may fit.
fn frees_stock(cmd: &Command) -> bool {
    cmd.meta().frees_stock
}

/// Runs a command inside another one (order import), without a second role check.
pub(crate) fn apply_inner(tx: &WriteTx, ctx: &Ctx, cmd: &Command) -> Result<Outcome> {
    let mut touched = Vec::new();
    run(tx, ctx, cmd, &mut touched)
}

fn run(tx: &WriteTx, ctx: &Ctx, cmd: &Command, touched: &mut Vec<SkuId>) -> Result<Outcome> {
    use Command as C;
    match cmd {
        C::AddSku(spec) => {
            let sku = new_sku(tx, spec, next_sku_id(tx)?)?;
            tx.put_sku(&sku)?;
            touched.push(sku.id);
            Ok(Outcome::SkuSaved {
                code: sku.code,
                created: true,
            })
        }
        C::EditSku(spec) => {
            let old = resolve_sku(tx, &spec.code)?;
            let sku = edit_sku(tx, &old, spec)?;
            tx.put_sku(&sku)?;
            touched.push(sku.id);
            Ok(Outcome::SkuSaved {
                code: sku.code,
                created: false,
            })
        }
        C::RenameSku {
            spec,
            code,
            remove_barcodes,
        } => {
            let old = resolve_sku(tx, &spec.code)?;
            let mut s = old.clone();
            if let Some(c) = code {
                let c = check_code("code", c)?;
                if let Some(o) = tx.sku_id_by_code(&c)?.filter(|o| *o != s.id) {
                    return Err(InputError::DuplicateCode(sku_by_id(tx, o)?.code).into());
                }
                if let Some(o) = tx.sku_id_by_barcode(&c)?.filter(|o| *o != s.id) {
                    return Err(InputError::CodeIsBarcode {
                        code: c,
                        owner: sku_by_id(tx, o)?.code,
                    }
                    .into());
                }
                s.code = c;
            }
            for b in remove_barcodes {
                let key = domain::limits::code_key(b);
                let before = s.barcodes.len();
                s.barcodes.retain(|o| domain::limits::code_key(o) != key);
                if s.barcodes.len() == before {
                    return Err(Error::field(
                        "barcode",
                        b,
                        FieldProblem::OneOf(old.barcodes.clone()),
                    ));
                }
            }
            let sku = edit_sku(tx, &s, spec)?;
            tx.put_sku(&sku)?;
            touched.push(sku.id);
            // The last clash of an older file renamed away: mark the file clean, so
            // nothing looks for clashes again.
            if tx.meta(crate::store::NAMESPACE_CLEAN)?.is_none()
                && super::check::all_clashes(tx)?.is_empty()
            {
                tx.set_meta(crate::store::NAMESPACE_CLEAN, &[1])?;
            }
            Ok(Outcome::SkuSaved {
                code: sku.code,
                created: false,
            })
        }
        C::ArchiveSku { sku } => {
            let mut s = resolve_sku(tx, sku)?;
            s.archived = true;
            tx.put_sku(&s)?;
            touched.push(s.id);
            Ok(Outcome::SkuSaved {
                code: s.code,
                created: false,
            })
        }
        C::AddLocation { name, default } => {
            let name = check_name("location", name, domain::limits::MAX_NAME)?;
            if find_location(tx, &name)?.is_some() {
                return Err(InputError::DuplicateLocation(name).into());
            }
            let id = next_location_id(tx)?;
            tx.put_location(&Location {
                id,
                name: name.clone(),
            })?;
            if *default {
                tx.set_meta(META_DEFAULT_LOCATION, &id.to_le_bytes())?;
            }
            Ok(Outcome::LocationAdded { name })
        }
        C::AddChannel {
            name,
            kind,
            priority,
        } => {
            let name = check_name("channel", name, domain::limits::MAX_NAME)?;
            if find_channel(tx, &name)?.is_some() {
                return Err(InputError::DuplicateChannel(name).into());
            }
            if *priority == 0 {
                return Err(Error::field("priority", "0", domain::NumberError::Zero));
            }
            check_at_most(
                "priority",
                u64::from(*priority),
                domain::limits::MAX_PRIORITY,
            )?;
            let id = tx
                .channels()?
                .iter()
                .map(|c| c.id)
                .max()
                .unwrap_or(0)
                .checked_add(1)
                .ok_or_else(|| {
                    Error::field(
                        "channel",
                        &name,
                        FieldProblem::TooMany {
                            max: u64::from(u16::MAX),
                        },
                    )
                })?;
            tx.put_channel(&Channel::new(id, &name, *kind, *priority))?;
            Ok(Outcome::ChannelAdded { name })
        }
        C::Receive {
            sku,
            qty,
            at,
            reference,
        } => {
            let reference = check_opt_text("ref", reference.as_deref(), domain::limits::MAX_NOTE)?;
            let (s, loc) = sku_at(tx, sku, at.as_deref())?;
            let l = tx.levels(s.id, loc.id)?;
            let d = rules::receive(&l, check_qty(*qty)?)?;
            let m = Entry::new(&s, loc.id, MovementKind::Receive, *qty, d).reference(reference);
            moved(tx, ctx, m, &s, touched)
        }
        C::Reserve { .. } | C::Sell { .. } => sell_or_reserve(tx, ctx, cmd, None, touched),
        C::Release { id, reason } => {
            let reason = check_opt_text("reason", reason.as_deref(), domain::limits::MAX_NOTE)?;
            if let Some(mut b) = tx
                .reservation(*id)?
                .filter(|r| r.status == ReservationStatus::Backorder)
            {
                // A backorder holds nothing: cancelling it moves no stock.
                b.status = ReservationStatus::Cancelled;
                tx.put_reservation(&b)?;
                touched.push(b.sku);
                return Ok(Outcome::Released(reservation_view(tx, &b)?));
            }
            let mut r = open_reservation(tx, *id)?;
            let s = sku_by_id(tx, r.sku)?;
            let l = tx.levels(s.id, r.location)?;
            let d = rules::release(&l, r.remaining)?;
            let e = Entry::new(&s, r.location, MovementKind::Release, r.remaining, d)
                .channel(r.channel)
                .reservation(r.id)
                .reference(Some(r.order_ref.clone()))
                .note(reason);
            write_entry(tx, ctx, e)?;
            let released = r.remaining;
            r.remaining = 0;
            r.status = ReservationStatus::Cancelled;
            tx.put_reservation(&r)?;
            touched.push(s.id);
            // The answer says how many units were let go (after a partial ship, only the rest).
            let mut view = reservation_view(tx, &r)?;
            view.qty = released;
            Ok(Outcome::Released(view))
        }
        C::Pick { id, barcode } => {
            let mut r = open_reservation(tx, *id)?;
            let s = sku_by_id(tx, r.sku)?;
            let scanned = check_code("barcode", barcode)?;
            let scanned = scanned.as_str();
            let key = domain::limits::code_key(scanned);
            if domain::limits::code_key(&s.code) != key
                && !s
                    .barcodes
                    .iter()
                    .any(|b| domain::limits::code_key(b) == key)
            {
                return Err(Refusal::WrongBarcode {
                    id: r.id,
                    expected: s.code.clone(),
                    scanned: scanned.to_string(),
                }
                .into());
            }
            if r.picked >= r.remaining {
                return Err(Refusal::PickMoreThanRemaining {
                    id: r.id,
                    remaining: r.remaining,
                    picked: r.picked,
                }
                .into());
            }
            r.picked += 1;
            if r.picked == r.remaining {
                r.status = ReservationStatus::Picked;
            }
            tx.put_reservation(&r)?;
            touched.push(s.id);
            Ok(Outcome::Picked(reservation_view(tx, &r)?))
        }
        C::Ship { id, qty, tracking } => {
            let mut r = open_reservation(tx, *id)?;
            let s = sku_by_id(tx, r.sku)?;
            let q = match qty {
                Some(q) => check_qty(*q)?,
                None => r.remaining,
            };
            let l = tx.levels(s.id, r.location)?;
            let d = rules::ship(&l, r.id, r.remaining, q)?;
            let tracking = tracking
                .as_deref()
                .map(|t| check_text("tracking", t, domain::limits::MAX_NAME))
                .transpose()?;
            let e = Entry::new(&s, r.location, MovementKind::Ship, q, d)
                .channel(r.channel)
                .reservation(r.id)
                .reference(Some(r.order_ref.clone()))
                .note(tracking.clone());
            let seq = write_entry(tx, ctx, e)?;
            r.remaining -= q;
            r.picked = r.picked.saturating_sub(q);
            if tracking.is_some() {
                r.tracking = tracking;
            }
            r.status = if r.remaining == 0 {
                ReservationStatus::Shipped
            } else if r.picked >= r.remaining {
                ReservationStatus::Picked
            } else {
                ReservationStatus::Open
            };
            tx.put_reservation(&r)?;
            touched.push(s.id);
            Ok(Outcome::Shipped {
                reservation: reservation_view(tx, &r)?,
                qty: q,
                seq,
            })
        }
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
        } => {
            let (s, loc) = sku_at(tx, sku, at.as_deref())?;
            let ch = resolve_channel(tx, channel)?;
            let l = tx.levels(s.id, loc.id)?;
            let q = check_qty(*qty)?;
            let (kind, d) = match defect {
                Some(reason) => (
                    MovementKind::ReturnDefect(*reason),
                    rules::return_defect(&l, q)?,
                ),
                None => (MovementKind::ReturnRestock, rules::return_restock(&l, q)?),
            };
            let order = order
                .as_deref()
                .map(|o| check_text("order", o, domain::limits::MAX_NAME))
                .transpose()?;
            if let Some(o) = &order {
                let (shipped, returned) = order_shipped_and_returned(tx, s.id, ch.id, o)?;
                if q > shipped.saturating_sub(returned) {
                    return Err(Refusal::ReturnMoreThanShipped {
                        order_ref: o.clone(),
                        channel: ch.name.clone(),
                        shipped,
                        returned,
                        requested: q,
                    }
                    .into());
                }
            }
            let note = note
                .as_deref()
                .map(|o| check_text("note", o, domain::limits::MAX_NOTE))
                .transpose()?;
            let e = Entry::new(&s, loc.id, kind, q, d)
                .channel(ch.id)
                .reference(order)
                .note(note);
            moved(tx, ctx, e, &s, touched)
        }
        C::Defect {
            sku,
            qty,
            reason,
            at,
            note,
        } => {
            let (s, loc) = sku_at(tx, sku, at.as_deref())?;
            let l = tx.levels(s.id, loc.id)?;
            let d = rules::defect(&l, check_qty(*qty)?)?;
            let note = note
                .as_deref()
                .map(|o| check_text("note", o, domain::limits::MAX_NOTE))
                .transpose()?;
            let e = Entry::new(&s, loc.id, MovementKind::Defect(*reason), *qty, d).note(note);
            moved(tx, ctx, e, &s, touched)
        }
        C::Writeoff {
            sku,
            qty,
            reason,
            defective,
            at,
        } => {
            let (s, loc) = sku_at(tx, sku, at.as_deref())?;
            let reason = check_text("reason", reason, domain::limits::MAX_NOTE)?;
            let l = tx.levels(s.id, loc.id)?;
            let q = check_qty(*qty)?;
            let (kind, d) = if *defective {
                (
                    MovementKind::WriteoffDefective,
                    rules::writeoff_defective(&l, q)?,
                )
            } else {
                (MovementKind::Writeoff, rules::writeoff(&l, q)?)
            };
            let e = Entry::new(&s, loc.id, kind, q, d).note(Some(reason));
            moved(tx, ctx, e, &s, touched)
        }
        C::Transfer { sku, qty, from, to } => {
            let s = resolve_sku(tx, sku)?;
            let a = resolve_location(tx, Some(from))?;
            let b = resolve_location(tx, Some(to))?;
            if a.id == b.id {
                return Err(Refusal::SameLocation.into());
            }
            let la = tx.levels(s.id, a.id)?;
            let lb = tx.levels(s.id, b.id)?;
            let (out, inn) = rules::transfer(&la, &lb, check_qty(*qty)?)?;
            let mut e = Entry::new(&s, a.id, MovementKind::Transfer { to: b.id }, *qty, out);
            e.to = Some((b.id, inn));
            moved(tx, ctx, e, &s, touched)
        }
        C::Adjust {
            sku,
            how,
            reason,
            at,
            reference,
        } => {
            let reason = check_text("reason", reason, domain::limits::MAX_NOTE)?;
            let reference = check_opt_text("ref", reference.as_deref(), domain::limits::MAX_NOTE)?;
            let (s, loc) = sku_at(tx, sku, at.as_deref())?;
            if let AdjustTo::By(d) = how {
                check_qty(d.unsigned_abs())?;
            }
            if let AdjustTo::Set(n) = how {
                check_at_most("quantity", *n, domain::limits::MAX_QTY)?;
            }
            let l = tx.levels(s.id, loc.id)?;
            let d = rules::adjust(&l, *how)?;
            let q = d.on_hand.unsigned_abs();
            let e = Entry::new(&s, loc.id, MovementKind::Adjust, q, d)
                .note(Some(reason))
                .reference(reference);
            moved(tx, ctx, e, &s, touched)
        }
        C::AddUser { name, role } => {
            let name = check_code("user", name)?;
            if tx.user(&name)?.is_some_and(|u| u.role == Role::Owner) && *role != Role::Owner {
                ensure_other_owner(tx, &name)?;
            }
            tx.put_user(&User {
                name: name.clone(),
                role: *role,
            })?;
            Ok(Outcome::UserSaved { name, role: *role })
        }
        C::RemoveUser { name } => {
            let u = tx
                .user(name)?
                .ok_or_else(|| InputError::UnknownUser(name.clone()))?;
            if u.role == Role::Owner {
                ensure_other_owner(tx, name)?;
            }
            tx.remove_user(name)?;
            Ok(Outcome::UserRemoved { name: u.name })
        }
        C::ChannelRules { channel, rules } => super::channels::set_rules(tx, channel, rules),
        C::ImportOrders {
            channel,
            file,
            rows,
        } => super::channels::import_orders(tx, ctx, channel, file, rows, touched),
        C::ImportListed {
            channel,
            file,
            rows,
        } => super::channels::import_listed(tx, channel, file, rows),
        C::MarkFeed { channel, rows } => super::channels::mark_feed(tx, channel, rows),
        C::Expire => Ok(Outcome::Expired {
            skus: touched.len(),
        }),
        C::Order {
            sku,
            qty,
            channel,
            order,
            delivery,
        } => {
            let reserve = Command::Reserve {
                sku: sku.clone(),
                qty: *qty,
                channel: channel.clone(),
                order: order.clone(),
                at: None,
                delivery: delivery.clone(),
            };
            match run(tx, ctx, &reserve, touched) {
                Err(Error::Refused(
                    Refusal::InsufficientAvailable { .. }
                    | Refusal::Shortage { .. }
                    | Refusal::NoLocationWithStock { .. },
                )) => {
                    let s = resolve_sku(tx, sku)?;
                    let ch = resolve_channel(tx, channel)?;
                    let q = check_qty(*qty)?;
                    let id = tx.last_reservation_id()?.unwrap_or(0) + 1;
                    let order_ref = match order {
                        Some(o) => check_text("order", o, domain::limits::MAX_NAME)?,
                        None => free_order_ref(tx, ch.id, s.id, id)?,
                    };
                    if tx.order(ch.id, &order_ref, s.id)?.is_some() {
                        return Err(Refusal::DuplicateOrder {
                            channel: ch.name,
                            order_ref,
                        }
                        .into());
                    }
                    let r = super::channels::backorder(
                        tx,
                        &s,
                        &ch,
                        &order_ref,
                        q,
                        check_delivery(delivery)?,
                        ctx.now,
                    )?;
                    touched.push(s.id);
                    Ok(Outcome::Backordered(reservation_view(tx, &r)?))
                }
                other => other,
            }
        }
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
        C::PoCreate { .. } => super::purchasing::create(tx, ctx, cmd),
        C::PoReceive { id, lines, at } => {
            super::purchasing::receive(tx, ctx, *id, lines, at.as_deref(), touched)
        }
        C::PoCancel { id } => super::purchasing::cancel(tx, ctx, *id),
        C::Snooze { sku, days } => super::purchasing::snooze(tx, ctx, sku, *days),
        C::ImportSkus {
            file,
            rows,
            stock,
            dry_run,
        } => {
            let mut saved = std::collections::HashMap::new();
            let Outcome::Imported(mut sum) = import_skus(tx, file, rows, touched, &mut saved)?
            else {
                unreachable!("import_skus answers Imported")
            };
            if !stock.is_empty() {
                let Outcome::Imported(st) = import_stock(tx, ctx, file, stock, touched, &saved)?
                else {
                    unreachable!("import_stock answers Imported")
                };
                sum.movements = st.movements;
                sum.created_locations = st.created_locations;
            }
            sum.dry_run = *dry_run;
            Ok(Outcome::Imported(sum))
        }
        C::ImportStock {
            file,
            rows,
            dry_run,
        } => {
            let none = std::collections::HashMap::new();
            let Outcome::Imported(mut sum) = import_stock(tx, ctx, file, rows, touched, &none)?
            else {
                unreachable!("import_stock answers Imported")
            };
            sum.dry_run = *dry_run;
            Ok(Outcome::Imported(sum))
        }
    }
}

/// A made-up order reference that no typed one already took: R17, else R17-2, ...
/// (sku, qty, channel, order, at, delivery) of a reserve.
type ReserveArgs<'a> = (
    &'a str,
    u64,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a domain::Delivery,
);

/// The ledger note of a forced sale or reservation.
fn forced_note(reason: &str) -> String {
    format!("forced during shortage: {reason}")
}

/// A reserve; `force` (the owner's reason) lets it pass a shortage.
fn reserve(
    tx: &WriteTx,
    ctx: &Ctx,
    (sku, qty, channel, order, at, delivery): ReserveArgs<'_>,
    force: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let delivery = check_delivery(delivery)?;
    let s = resolve_sku(tx, sku)?;
    not_archived(&s)?;
    let ch = resolve_channel(tx, channel)?;
    if ch.paused {
        return Err(Refusal::ChannelPaused { channel: ch.name }.into());
    }
    let q = check_qty(qty)?;
    let named = at.map(|n| resolve_location(tx, Some(n))).transpose()?;
    // A SKU in shortage has promised more than it has: nothing new until it is fixed.
    if force.is_none() && sku_totals(tx, s.id)?.available() < 0 {
        return Err(Refusal::Shortage {
            code: s.code.clone(),
        }
        .into());
    }
    let parts = match named {
        Some(l) => vec![(l, q)],
        None => plan_locations(tx, &s, &ch, q)?,
    };
    // Every part is checked before anything is written.
    for (loc, n) in &parts {
        rules::reserve(&tx.levels(s.id, loc.id)?, *n)?;
    }
    let id = tx.last_reservation_id()?.unwrap_or(0) + 1;
    let order_ref = match order {
        Some(o) => check_text("order", o, domain::limits::MAX_NAME)?,
        None => free_order_ref(tx, ch.id, s.id, id)?,
    };
    if tx.order(ch.id, &order_ref, s.id)?.is_some() {
        return Err(Refusal::DuplicateOrder {
            channel: ch.name,
            order_ref,
        }
        .into());
    }
    let head = Reservation {
        id,
        channel: ch.id,
        order_ref: order_ref.clone(),
        sku: s.id,
        location: parts[0].0.id,
        qty: q,
        remaining: q,
        picked: 0,
        delivery,
        created: ctx.now,
        deadline: ch
            .hold_ttl_secs
            .and_then(|t| domain::limits::deadline(ctx.now, t)),
        status: ReservationStatus::Open,
        tracking: None,
    };
    let note = force.map(forced_note);
    let mut views = Vec::with_capacity(parts.len());
    for (i, (loc, n)) in parts.iter().enumerate() {
        let r = if i == 0 {
            Reservation {
                qty: *n,
                remaining: *n,
                ..head.clone()
            }
        } else {
            Reservation {
                id: tx.last_reservation_id()?.unwrap_or(0) + 1,
                location: loc.id,
                qty: *n,
                remaining: *n,
                ..head.clone()
            }
        };
        hold(tx, ctx, &s, &r, loc.id, *n, note.clone())?;
        if i == 0 {
            tx.put_reservation(&r)?;
            tx.put_order(ch.id, &order_ref, s.id, id)?;
        } else {
            put_part(tx, &r)?;
        }
        // Everything the view names is at hand: no second lookup.
        views.push(super::queries::reservation_view_with(
            &r, &s, &loc.name, &ch.name,
        ));
    }
    touched.push(s.id);
    Ok(if views.len() == 1 {
        Outcome::Reserved(views.remove(0))
    } else {
        Outcome::ReservedSplit(views)
    })
}

/// Writes the reserve entry of `n` units at `loc` for reservation `r` (its channel, id and
/// order reference). The caller saves the reservation.
pub(crate) fn hold(
    tx: &WriteTx,
    ctx: &Ctx,
    s: &Sku,
    r: &Reservation,
    loc: LocationId,
    n: u64,
    note: Option<String>,
) -> Result<Seq> {
    let d = rules::reserve(&tx.levels(s.id, loc)?, n)?;
    let e = Entry::new(s, loc, MovementKind::Reserve, n, d)
        .channel(r.channel)
        .reservation(r.id)
        .reference(Some(r.order_ref.clone()))
        .note(note);
    write_entry(tx, ctx, e)
}

/// Writes the release entry of what reservation `r` holds at its location. The caller
/// changes and saves the reservation.
fn let_go(tx: &WriteTx, ctx: &Ctx, s: &Sku, r: &Reservation, note: Option<String>) -> Result<Seq> {
    let d = rules::release(&tx.levels(s.id, r.location)?, r.remaining)?;
    let e = Entry::new(s, r.location, MovementKind::Release, r.remaining, d)
        .channel(r.channel)
        .reservation(r.id)
        .reference(Some(r.order_ref.clone()))
        .note(note);
    write_entry(tx, ctx, e)
}

/// `reservation move ID --to LOC`: what an open reservation holds goes to another
/// location, as a release where it was and a reserve where it goes (one transaction).
/// The target must have the units available; picked units were picked at the old place,
/// so the picked count starts again. Allowed while the SKU is in shortage: it promises
/// nothing new.
fn move_reservation(
    tx: &WriteTx,
    ctx: &Ctx,
    id: u64,
    to: &str,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut r = open_reservation(tx, id)?;
    let s = sku_by_id(tx, r.sku)?;
    let dest = resolve_location(tx, Some(to))?;
    if dest.id == r.location {
        return Err(Refusal::AlreadyAt {
            id,
            location: dest.name,
        }
        .into());
    }
    let from = location_name(tx, r.location)?;
    // Both halves are checked before either is written.
    rules::release(&tx.levels(s.id, r.location)?, r.remaining)?;
    let there = tx.levels(s.id, dest.id)?;
    if there.available() < r.remaining as i64 {
        return Err(Refusal::MoveShort {
            id,
            location: dest.name,
            available: there.available(),
            requested: r.remaining,
        }
        .into());
    }
    let_go(tx, ctx, &s, &r, Some(format!("moved to {}", dest.name)))?;
    hold(
        tx,
        ctx,
        &s,
        &r,
        dest.id,
        r.remaining,
        Some(format!("moved from {from}")),
    )?;
    r.location = dest.id;
    r.picked = 0;
    r.status = ReservationStatus::Open;
    tx.put_reservation(&r)?;
    touched.push(s.id);
    Ok(Outcome::Reserved(reservation_view(tx, &r)?))
}

/// `reservation backorder ID`: an open reservation lets its units go and waits as a
/// backorder, filled (from several locations if need be) as soon as stock covers it.
/// When part of it already shipped, that part stays shipped and the rest becomes a new
/// backorder of the same order line.
fn backorder_reservation(
    tx: &WriteTx,
    ctx: &Ctx,
    id: u64,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let mut r = open_reservation(tx, id)?;
    let s = sku_by_id(tx, r.sku)?;
    let_go(tx, ctx, &s, &r, Some("back to backorder".into()))?;
    let shipped = r.qty - r.remaining;
    let rest = r.remaining;
    let waiting = if shipped > 0 {
        let b = Reservation {
            id: tx.last_reservation_id()?.unwrap_or(0) + 1,
            qty: rest,
            remaining: 0,
            picked: 0,
            deadline: None,
            status: ReservationStatus::Backorder,
            tracking: None,
            ..r.clone()
        };
        r.qty = shipped;
        r.remaining = 0;
        r.picked = 0;
        r.status = ReservationStatus::Shipped;
        tx.put_reservation(&r)?;
        put_part(tx, &b)?;
        b
    } else {
        r.remaining = 0;
        r.picked = 0;
        r.deadline = None;
        r.status = ReservationStatus::Backorder;
        tx.put_reservation(&r)?;
        r
    };
    touched.push(s.id);
    Ok(Outcome::Backordered(reservation_view(tx, &waiting)?))
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

fn location_name(r: &impl Reader, id: LocationId) -> Result<String> {
    Ok(r.locations()?
        .into_iter()
        .find(|l| l.id == id)
        .map(|l| l.name)
        .unwrap_or_default())
}

/// A sale without a reservation. A SKU in shortage (more promised than on hand) sells
/// nothing, as it reserves nothing, unless the owner forces it with a reason.
#[allow(clippy::too_many_arguments)]
fn sell(
    tx: &WriteTx,
    ctx: &Ctx,
    sku: &str,
    qty: u64,
    channel: &str,
    at: Option<&str>,
    force: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    let (s, loc) = sku_at(tx, sku, at)?;
    not_archived(&s)?;
    let ch = resolve_channel(tx, channel)?;
    if force.is_none() && sku_totals(tx, s.id)?.available() < 0 {
        return Err(Refusal::Shortage { code: s.code }.into());
    }
    let l = tx.levels(s.id, loc.id)?;
    let d = rules::sell(&l, check_qty(qty)?)?;
    let e = Entry::new(&s, loc.id, MovementKind::Sell, qty, d)
        .channel(ch.id)
        .note(force.map(forced_note));
    moved(tx, ctx, e, &s, touched)
}

fn free_order_ref(tx: &WriteTx, ch: domain::ChannelId, sku: SkuId, id: u64) -> Result<String> {
    let mut candidate = format!("R{id}");
    let mut n = 1;
    while tx.order(ch, &candidate, sku)?.is_some() {
        n += 1;
        candidate = format!("R{id}-{n}");
    }
    Ok(candidate)
}

fn ensure_other_owner(tx: &WriteTx, name: &str) -> Result<()> {
    if tx
        .users()?
        .iter()
        .any(|u| u.role == Role::Owner && u.name != name)
    {
        Ok(())
    } else {
        Err(Refusal::LastOwner.into())
    }
}

/// A movement about to be written.
pub(crate) struct Entry {
    sku: SkuId,
    location: LocationId,
    kind: MovementKind,
    qty: u64,
    delta: Delta,
    channel: Option<domain::ChannelId>,
    reservation: Option<u64>,
    reference: Option<String>,
    note: Option<String>,
    to: Option<(LocationId, Delta)>,
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
    fn channel(mut self, c: domain::ChannelId) -> Self {
        self.channel = Some(c);
        self
    }
    fn reservation(mut self, r: u64) -> Self {
        self.reservation = Some(r);
        self
    }
    fn reference(mut self, r: Option<String>) -> Self {
        self.reference = r;
        self
    }
    fn note(mut self, n: Option<String>) -> Self {
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
    record(&mut tx.ledger_writer()?, ctx, e)
}

/// Writes one entry through tables already open: the levels after it and the ledger line.
fn record(w: &mut crate::store::LedgerWriter<'_>, ctx: &Ctx, e: Entry) -> Result<Seq> {
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

fn moved(tx: &WriteTx, ctx: &Ctx, e: Entry, s: &Sku, touched: &mut Vec<SkuId>) -> Result<Outcome> {
    let kind = e.kind.as_str().to_string();
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

pub fn sku_totals(r: &impl Reader, sku: SkuId) -> Result<Levels> {
    Ok(r.levels_of_sku(sku)?
        .iter()
        .fold(Levels::default(), |a, (_, l)| a.add(l)))
}

// ---- validation of what people type -------------------------------------------------

pub(crate) fn check_qty(q: u64) -> Result<u64> {
    if q == 0 {
        return Err(Error::field("quantity", "0", domain::NumberError::Zero));
    }
    if q > domain::quantity::MAX_QTY {
        return Err(Error::field(
            "quantity",
            &q.to_string(),
            domain::NumberError::TooLarge,
        ));
    }
    Ok(q)
}

/// Free text (names, reasons, references, notes, addresses): the one rule of
/// `domain::limits::text` (no control characters, no text-direction overrides, bounded).
pub fn check_text(field: &str, s: &str, max: usize) -> Result<String> {
    domain::limits::text(s, max).map_err(|e| Error::field(field, s, e))
}

/// Optional free text: `None` stays `None`.
pub fn check_opt_text(field: &str, s: Option<&str>, max: usize) -> Result<Option<String>> {
    s.map(|t| check_text(field, t, max)).transpose()
}

fn check_name(field: &str, s: &str, max: usize) -> Result<String> {
    check_text(field, s, max)
}

/// Codes, barcodes and user names: `domain::limits::code` (NFC, 1-64 printable
/// characters, no spaces, nothing invisible).
pub fn check_code(field: &str, s: &str) -> Result<String> {
    domain::limits::code(s).map_err(|e| Error::field(field, s, e))
}

/// A whole number within `0..=max` (lead days, thresholds, buffers).
pub fn check_at_most(field: &str, v: u64, max: u64) -> Result<u64> {
    if v > max {
        return Err(Error::at_most(field, &v.to_string(), max));
    }
    Ok(v)
}

fn not_archived(s: &Sku) -> Result<()> {
    if s.archived {
        return Err(Refusal::SkuArchived {
            code: s.code.clone(),
        }
        .into());
    }
    Ok(())
}

/// Delivery details: the address is free text.
fn check_delivery(d: &domain::Delivery) -> Result<domain::Delivery> {
    Ok(domain::Delivery {
        address: check_opt_text("address", d.address.as_deref(), domain::limits::MAX_NOTE)?,
        ..d.clone()
    })
}

// ---- name resolution ---------------------------------------------------------------

/// A SKU by code, else by barcode.
pub fn resolve_sku(r: &impl Reader, key: &str) -> Result<Sku> {
    r.resolve(key)
}

pub fn sku_by_id(r: &impl Reader, id: SkuId) -> Result<Sku> {
    r.sku(id)?
        .ok_or_else(|| StoreError::Corrupt(format!("SKU {id} is named but not stored")).into())
}

pub fn find_location(r: &impl Reader, name: &str) -> Result<Option<Location>> {
    let name = name.trim();
    Ok(r.locations()?
        .into_iter()
        .find(|l| l.name.to_lowercase() == name.to_lowercase()))
}

pub fn default_location_id(r: &impl Reader) -> Result<Option<LocationId>> {
    Ok(r.meta(META_DEFAULT_LOCATION)?
        .and_then(|b| b.as_slice().try_into().ok().map(u16::from_le_bytes)))
}

/// The named location, or the default one.
pub fn resolve_location(r: &impl Reader, name: Option<&str>) -> Result<Location> {
    match name {
        Some(n) => {
            find_location(r, n)?.ok_or_else(|| InputError::UnknownLocation(n.to_string()).into())
        }
        None => {
            let id = default_location_id(r)?.ok_or(InputError::NoDefaultLocation)?;
            r.locations()?
                .into_iter()
                .find(|l| l.id == id)
                .ok_or_else(|| InputError::NoDefaultLocation.into())
        }
    }
}

pub fn find_channel(r: &impl Reader, name: &str) -> Result<Option<Channel>> {
    let name = name.trim().to_lowercase();
    Ok(r.channels()?
        .into_iter()
        .find(|c| c.name.to_lowercase() == name))
}

pub fn resolve_channel(r: &impl Reader, name: &str) -> Result<Channel> {
    find_channel(r, name)?.ok_or_else(|| InputError::UnknownChannel(name.to_string()).into())
}

fn sku_at(tx: &WriteTx, sku: &str, at: Option<&str>) -> Result<(Sku, Location)> {
    Ok((resolve_sku(tx, sku)?, resolve_location(tx, at)?))
}

fn next_location_id(tx: &WriteTx) -> Result<LocationId> {
    let max = tx.locations()?.iter().map(|l| l.id).max().unwrap_or(0);
    max.checked_add(1).ok_or_else(|| {
        Error::field(
            "location",
            "",
            FieldProblem::TooMany {
                max: u16::MAX as u64,
            },
        )
    })
}

/// Where `q` units for the channel come from (see [`plan_locations`]), or None when its
/// source locations do not hold them together.
pub(crate) fn parts_for(
    tx: &WriteTx,
    s: &Sku,
    ch: &Channel,
    q: u64,
) -> Result<Option<Vec<(Location, u64)>>> {
    match plan_locations(tx, s, ch, q) {
        Ok(p) => Ok(Some(p)),
        Err(Error::Refused(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where a reservation of `q` units takes them, among the channel's source locations
/// (every location when it names none): the first location with all `q` available (the
/// default first, then in the order the locations were made), so an order is picked in
/// one place when it can be. When none has them all, several locations give what they
/// have, the most available first (ties: the same order), so the order is split over as
/// few places as possible; one part per location. Together they may not take more than
/// the SKU's total available, so a location short elsewhere is not promised twice.
pub(crate) fn plan_locations(
    tx: &WriteTx,
    s: &Sku,
    ch: &Channel,
    q: u64,
) -> Result<Vec<(Location, u64)>> {
    let mut locs = tx.locations()?;
    let default = default_location_id(tx)?;
    locs.sort_by_key(|l| (Some(l.id) != default, l.id));
    if !ch.sources.is_empty() {
        locs.retain(|l| ch.sources.contains(&l.id));
    }
    if locs.is_empty() {
        return Err(Refusal::NoLocationWithStock { requested: q }.into());
    }
    let mut with: Vec<(Location, u64)> = Vec::new();
    for loc in locs {
        let avail = tx.levels(s.id, loc.id)?.available();
        if avail >= q as i64 {
            return Ok(vec![(loc, q)]);
        }
        if avail > 0 {
            with.push((loc, avail as u64));
        }
    }
    let in_sources = with.iter().fold(0u64, |a, (_, n)| a.saturating_add(*n));
    let pool = u64::try_from(sku_totals(tx, s.id)?.available().max(0)).unwrap_or(0);
    let can = in_sources.min(pool);
    if can < q {
        return Err(Refusal::InsufficientAvailable {
            available: i64::try_from(can).unwrap_or(i64::MAX),
            requested: q,
        }
        .into());
    }
    // A stable sort: equal amounts keep the default-first order.
    with.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let mut left = q;
    let mut out = Vec::new();
    for (loc, n) in with {
        if left == 0 {
            break;
        }
        let take = n.min(left);
        out.push((loc, take));
        left -= take;
    }
    Ok(out)
}

fn open_reservation(tx: &WriteTx, id: u64) -> Result<Reservation> {
    let r = tx
        .reservation(id)?
        .ok_or(InputError::UnknownReservation(id))?;
    if !r.status.is_open() {
        return Err(Refusal::ReservationNotOpen {
            id,
            status: r.status.as_str().to_string(),
        }
        .into());
    }
    Ok(r)
}

pub fn reservation_view(r: &impl Reader, res: &Reservation) -> Result<views::ReservationView> {
    let s = sku_by_id(r, res.sku)?;
    let loc = r
        .locations()?
        .into_iter()
        .find(|l| l.id == res.location)
        .map(|l| l.name)
        .unwrap_or_default();
    let ch = r
        .channels()?
        .into_iter()
        .find(|c| c.id == res.channel)
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(super::queries::reservation_view_with(res, &s, &loc, &ch))
}

// ---- SKUs ------------------------------------------------------------------------------

/// Finding SKUs by code, barcode and id: through the transaction (one lookup), or through
/// tables held open (`SkuIndex`, many lookups in an import).
trait SkuLookup {
    fn id_by_code(&self, code: &str) -> Result<Option<SkuId>>;
    fn id_by_barcode(&self, barcode: &str) -> Result<Option<SkuId>>;
    fn sku_of(&self, id: SkuId) -> Result<Sku>;
    /// A SKU by its code or else by a barcode.
    fn resolve(&self, key: &str) -> Result<Sku> {
        let key = key.trim();
        let id = match self.id_by_code(key)? {
            Some(id) => Some(id),
            None => self.id_by_barcode(key)?,
        };
        match id {
            Some(id) => self.sku_of(id),
            None => Err(InputError::UnknownSku(key.to_string()).into()),
        }
    }
}

impl<R: Reader> SkuLookup for R {
    fn id_by_code(&self, code: &str) -> Result<Option<SkuId>> {
        Ok(self.sku_id_by_code(code)?)
    }
    fn id_by_barcode(&self, barcode: &str) -> Result<Option<SkuId>> {
        Ok(self.sku_id_by_barcode(barcode)?)
    }
    fn sku_of(&self, id: SkuId) -> Result<Sku> {
        sku_by_id(self, id)
    }
}

impl SkuLookup for crate::store::SkuIndex<'_> {
    fn id_by_code(&self, code: &str) -> Result<Option<SkuId>> {
        Ok(crate::store::SkuIndex::id_by_code(self, code)?)
    }
    fn id_by_barcode(&self, barcode: &str) -> Result<Option<SkuId>> {
        Ok(crate::store::SkuIndex::id_by_barcode(self, barcode)?)
    }
    fn sku_of(&self, id: SkuId) -> Result<Sku> {
        self.sku(id)?
            .ok_or_else(|| StoreError::Corrupt(format!("SKU {id} is named but not stored")).into())
    }
}

fn next_sku_id(tx: &WriteTx) -> Result<SkuId> {
    Ok(tx
        .last_sku_id()?
        .unwrap_or(0)
        .checked_add(1)
        .ok_or(Refusal::Overflow)?)
}

fn new_sku(tx: &impl SkuLookup, spec: &SkuSpec, id: SkuId) -> Result<Sku> {
    let code = check_code("code", &spec.code)?;
    if let Some(id) = tx.id_by_code(&code)? {
        // Name the code as it is stored: "x" is refused because "X" exists.
        return Err(InputError::DuplicateCode(tx.sku_of(id)?.code).into());
    }
    // Codes and barcodes are one namespace: a scan must find one SKU.
    if let Some(id) = tx.id_by_barcode(&code)? {
        return Err(InputError::CodeIsBarcode {
            code,
            owner: tx.sku_of(id)?.code,
        }
        .into());
    }
    let name = match &spec.name {
        Some(n) => check_text("name", n, domain::limits::MAX_LONG_NAME)?,
        None => return Err(Error::field("name", "", FieldProblem::Empty)),
    };
    let base = Sku::new(id, &code, &name);
    fill_sku(tx, base, spec)
}

fn edit_sku(tx: &impl SkuLookup, old: &Sku, spec: &SkuSpec) -> Result<Sku> {
    let mut s = old.clone();
    if let Some(n) = &spec.name {
        s.name = check_text("name", n, domain::limits::MAX_LONG_NAME)?;
    }
    fill_sku(tx, s, spec)
}

fn fill_sku(tx: &impl SkuLookup, mut s: Sku, spec: &SkuSpec) -> Result<Sku> {
    for b in &spec.barcodes {
        let b = check_code("barcode", b)?;
        if let Some(owner) = tx.id_by_barcode(&b)?.filter(|o| *o != s.id) {
            let owner = tx.sku_of(owner)?.code;
            return Err(InputError::DuplicateBarcode { barcode: b, owner }.into());
        }
        if let Some(o) = tx.id_by_code(&b)?.filter(|o| *o != s.id) {
            return Err(InputError::BarcodeIsCode {
                barcode: b,
                owner: tx.sku_of(o)?.code,
            }
            .into());
        }
        let key = domain::limits::code_key(&b);
        if !s
            .barcodes
            .iter()
            .any(|o| domain::limits::code_key(o) == key)
        {
            s.barcodes.push(b);
        }
    }
    if let Some(v) = &spec.supplier {
        s.supplier = Some(check_text("supplier", v, domain::limits::MAX_LONG_NAME)?);
    }
    if let Some(v) = spec.lead_days {
        s.lead_days =
            check_at_most("lead_days", u64::from(v), domain::limits::MAX_LEAD_DAYS)? as u32;
    }
    if let Some(v) = spec.min_stock {
        s.min_stock = Some(check_at_most("min", v, domain::limits::MAX_QTY)?);
    }
    if let Some(v) = spec.safety_stock {
        s.safety_stock = Some(check_at_most("safety", v, domain::limits::MAX_QTY)?);
    }
    if let Some(v) = spec.pack_size {
        if v == 0 {
            return Err(Error::field("pack", "0", domain::NumberError::Zero));
        }
        s.pack_size = check_at_most("pack", v, domain::limits::MAX_PACK)?;
    }
    for (field, v) in [("cost", spec.cost), ("price", spec.price)] {
        if let Some(m) = v {
            if m < 0 {
                return Err(Error::field(
                    field,
                    &m.to_string(),
                    domain::NumberError::Negative,
                ));
            }
            if m > domain::limits::MAX_MONEY {
                return Err(Error::at_most(
                    field,
                    &domain::quantity::format_money(m),
                    domain::quantity::format_money(domain::limits::MAX_MONEY),
                ));
            }
        }
    }
    if spec.cost.is_some() {
        s.cost = spec.cost;
    }
    if spec.price.is_some() {
        s.price = spec.price;
    }
    Ok(s)
}

/// Turns one row's error into FILE:LINE:COLUMN: message.
fn row_error<T>(file: &str, shared: &[(String, u64)], row: &Located<T>, e: &Error) -> RowError {
    let field = match e {
        Error::Input(InputError::Field { field, .. }) => field.as_str(),
        Error::Input(InputError::DuplicateBarcode { .. } | InputError::BarcodeIsCode { .. }) => {
            "barcode"
        }
        Error::Input(InputError::UnknownLocation(_)) => "location",
        _ => "code",
    };
    RowError {
        file: file.to_string(),
        line: row.line,
        column: row.column_in(shared, field),
        message: e.to_string(),
    }
}

/// `saved` gets every SKU written, by code, for the stock rows of the same import.
fn import_skus(
    tx: &WriteTx,
    file: &str,
    rows: &[Located<SkuSpec>],
    touched: &mut Vec<SkuId>,
    saved: &mut std::collections::HashMap<String, Sku>,
) -> Result<Outcome> {
    let mut sum = ImportSummary {
        rows: rows.len(),
        ..Default::default()
    };
    let mut next = tx.last_sku_id()?.unwrap_or(0);
    let mut seen_codes = std::collections::HashMap::new();
    let mut seen_bars: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut seen_code_names: std::collections::HashMap<String, String> =
        std::collections::HashMap::new();
    let mut planned = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let index = tx.sku_index()?;
    let mut updated: Vec<SkuId> = Vec::new();
    for row in rows {
        let spec = &row.row;
        let res = (|| -> Result<Option<Sku>> {
            let code = check_code("code", &spec.code)?;
            if let Some(first) = seen_codes.insert(domain::limits::code_key(&code), row.line) {
                return Err(Error::field(
                    "code",
                    &code,
                    FieldProblem::Repeats { line: first },
                ));
            }
            // One namespace within the file too: a code may not be a barcode of an earlier row.
            if let Some(owner) = seen_bars.get(&domain::limits::code_key(&code)) {
                return Err(InputError::CodeIsBarcode {
                    code,
                    owner: owner.clone(),
                }
                .into());
            }
            seen_code_names.insert(domain::limits::code_key(&code), code.clone());
            let sku = match index.id_by_code(&code)? {
                Some(id) => {
                    let old = index.sku_of(id)?;
                    let new = edit_sku(&index, &old, spec)?;
                    if new == old {
                        sum.unchanged += 1;
                        return Ok(None);
                    }
                    sum.updated += 1;
                    updated.push(id);
                    new
                }
                None => {
                    let s = new_sku(&index, spec, next.checked_add(1).ok_or(Refusal::Overflow)?)?;
                    next += 1;
                    sum.created += 1;
                    s
                }
            };
            for b in &sku.barcodes {
                if let Some(owner) = seen_code_names
                    .get(&domain::limits::code_key(b))
                    .filter(|o| domain::limits::code_key(o) != domain::limits::code_key(&sku.code))
                {
                    return Err(InputError::BarcodeIsCode {
                        barcode: b.clone(),
                        owner: owner.clone(),
                    }
                    .into());
                }
                if let Some(other) = seen_bars
                    .insert(domain::limits::code_key(b), sku.code.clone())
                    .filter(|o| *o != sku.code)
                {
                    return Err(InputError::DuplicateBarcode {
                        barcode: b.clone(),
                        owner: other,
                    }
                    .into());
                }
            }
            Ok(Some(sku))
        })();
        match res {
            Ok(Some(s)) => planned.push(s),
            Ok(None) => {}
            Err(e @ Error::Store(_)) => return Err(e),
            Err(e) => errors.push(row_error(file, super::shared_layout(rows), row, &e)),
        }
    }
    drop(index);
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    let updated: std::collections::HashSet<SkuId> = updated.into_iter().collect();
    let (old, new): (Vec<Sku>, Vec<Sku>) =
        planned.into_iter().partition(|s| updated.contains(&s.id));
    tx.put_skus(&old)?;
    tx.put_new_skus(&new)?;
    for s in old.into_iter().chain(new) {
        touched.push(s.id);
        saved.insert(s.code.clone(), s);
    }
    Ok(Outcome::Imported(sum))
}

/// `saved`: SKUs this same import just wrote, found by code without a lookup.
fn import_stock(
    tx: &WriteTx,
    ctx: &Ctx,
    file: &str,
    rows: &[Located<StockRow>],
    touched: &mut Vec<SkuId>,
    saved: &std::collections::HashMap<String, Sku>,
) -> Result<Outcome> {
    let mut sum = ImportSummary {
        rows: rows.len(),
        ..Default::default()
    };
    // Location: Ok(existing) or Err(name of one to create).
    type Planned<'a> = (
        std::borrow::Cow<'a, Sku>,
        std::result::Result<Location, String>,
        u64,
    );
    let mut plan: Vec<Planned<'_>> = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    // Read once for all rows.
    let locations = tx.locations()?;
    let default = default_location_id(tx)?.and_then(|id| locations.iter().find(|l| l.id == id));
    let by_name = |name: &str| {
        let name = name.trim().to_lowercase();
        locations
            .iter()
            .find(|l| l.name.to_lowercase() == name)
            .cloned()
    };
    let index = tx.sku_index()?;
    for row in rows {
        let r = &row.row;
        let res = (|| -> Result<Planned<'_>> {
            let s = match saved.get(r.sku.trim()) {
                Some(s) => std::borrow::Cow::Borrowed(s),
                None => std::borrow::Cow::Owned(index.resolve(&r.sku)?),
            };
            let loc = match &r.location {
                Some(name) => match by_name(name) {
                    Some(l) => Ok(l),
                    None => Err(check_name("location", name, domain::limits::MAX_NAME)?),
                },
                None => Ok(default.cloned().ok_or(InputError::NoDefaultLocation)?),
            };
            check_at_most("quantity", r.on_hand, domain::limits::MAX_QTY)?;
            let key = (
                s.id,
                match &loc {
                    Ok(l) => l.name.to_lowercase(),
                    Err(n) => n.to_lowercase(),
                },
            );
            if let Some(first) = seen.insert(key, row.line) {
                return Err(Error::field(
                    "code",
                    &r.sku,
                    FieldProblem::Repeats { line: first },
                ));
            }
            Ok((s, loc, r.on_hand))
        })();
        match res {
            Ok(p) => plan.push(p),
            Err(e @ Error::Store(_)) => return Err(e),
            Err(e) => errors.push(row_error(file, super::shared_layout(rows), row, &e)),
        }
    }
    drop(index);
    if !errors.is_empty() {
        return Err(InputError::Rows(errors).into());
    }
    let mut new_locs: Vec<String> = Vec::new();
    for (_, loc, _) in &plan {
        if let Err(name) = loc
            && !new_locs
                .iter()
                .any(|n| n.to_lowercase() == name.to_lowercase())
        {
            new_locs.push(name.clone());
        }
    }
    sum.created_locations = new_locs.clone();
    for name in &new_locs {
        let id = next_location_id(tx)?;
        tx.put_location(&Location {
            id,
            name: name.clone(),
        })?;
    }
    let plan = plan
        .into_iter()
        .map(|(s, loc, n)| {
            let loc = match loc {
                Ok(l) => l,
                Err(name) => resolve_location(tx, Some(&name))?,
            };
            Ok((s, loc, n))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut w = tx.ledger_writer()?;
    for (s, loc, n) in plan {
        let l = w.levels(s.id, loc.id)?;
        if l.on_hand == n {
            sum.unchanged += 1;
            continue;
        }
        let d = rules::adjust(&l, AdjustTo::Set(n))?;
        let e = Entry::new(
            &s,
            loc.id,
            MovementKind::Adjust,
            d.on_hand.unsigned_abs(),
            d,
        )
        .note(Some("import".to_string()));
        record(&mut w, ctx, e)?;
        sum.movements += 1;
        touched.push(s.id);
    }
    Ok(Outcome::Imported(sum))
}

/// The default channel kinds' names, for messages.
pub fn channel_kinds() -> Vec<String> {
    ChannelKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}

/// A sale or a reservation, plain or forced past a shortage with the owner's reason; any
/// other command cannot be forced.
fn sell_or_reserve(
    tx: &WriteTx,
    ctx: &Ctx,
    cmd: &Command,
    forced: Option<&str>,
    touched: &mut Vec<SkuId>,
) -> Result<Outcome> {
    match cmd {
        Command::Sell {
            sku,
            qty,
            channel,
            at,
        } => sell(tx, ctx, sku, *qty, channel, at.as_deref(), forced, touched),
        Command::Reserve {
            sku,
            qty,
            channel,
            order,
            at,
            delivery,
        } => reserve(
            tx,
            ctx,
            (
                sku,
                *qty,
                channel,
                order.as_deref(),
                at.as_deref(),
                delivery,
            ),
            forced,
            touched,
        ),
        other => Err(Error::field(
            "force",
            other.name(),
            FieldProblem::OneOf(vec!["sell".into(), "reserve".into()]),
        )),
    }
}

/// Units of one SKU an order shipped, and units of it already returned, from the SKU's
/// ledger: ship entries and return entries carry the channel and the order reference.
fn order_shipped_and_returned(
    tx: &WriteTx,
    sku: SkuId,
    channel: crate::domain::ChannelId,
    order: &str,
) -> Result<(u64, u64)> {
    let (mut shipped, mut returned) = (0u64, 0u64);
    for m in tx.movements_of_sku(sku, Seq::MAX, usize::MAX)? {
        if m.channel != Some(channel) || m.reference.as_deref() != Some(order) {
            continue;
        }
        match m.kind {
            MovementKind::Ship => shipped = shipped.saturating_add(m.qty),
            MovementKind::ReturnRestock | MovementKind::ReturnDefect(_) => {
                returned = returned.saturating_add(m.qty)
            }
            _ => {}
        }
    }
    Ok((shipped, returned))
}
