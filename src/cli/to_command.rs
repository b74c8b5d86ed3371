//! Where the command line's subcommands become inventory `Command`s: every argument is
//! read and checked here, before the database is opened. Reading files into commands
//! (imports) lives with its family; listing and showing need no Command.

use crate::domain::{AdjustTo, Delivery, limits, parse_count, parse_delta};
use crate::inventory::channels::RulesSpec;
use crate::inventory::stocktake::Resolution;
use crate::inventory::{Command, Error, FieldProblem, SkuSpec};

use super::args::{
    AdjustArgs, ChannelAddArgs, ChannelEditArgs, CountAddArgs, CountApplyArgs, CountCancelArgs,
    CountRecountArgs, CountResolveArgs, CountStartArgs, CountUndoArgs, DefectArgs, KitAssembleArgs,
    LocationAddArgs, PickArgs, ReceiveArgs, ReleaseArgs, ReservationCmd, ReserveArgs,
    ResolveChoice, ReturnArgs, RulesArgs, SellArgs, ShipArgs, SkuAddArgs, SkuArchiveArgs,
    SkuEditArgs, SkuFields, TransferArgs, UserAddArgs, UserRemoveArgs, WriteoffArgs,
};
use super::purchasing::{PoCancelArgs, PoCreateArgs, PoReceiveArgs, SnoozeArgs};
use super::values::{
    choice, defect_reason, id_of, limited, limited_opt, money, qty, reservation, window,
};

/// `--force --reason TEXT`: the command passes a shortage, the reason goes to the ledger.
fn forced(cmd: Command, force: bool, reason: Option<String>) -> Command {
    match (force, reason) {
        (true, Some(reason)) => Command::Force {
            cmd: Box::new(cmd),
            reason,
        },
        _ => cmd,
    }
}

fn sku_spec(code: String, name: Option<String>, f: SkuFields) -> Result<SkuSpec, Error> {
    Ok(SkuSpec {
        code,
        name,
        barcodes: f.barcodes,
        supplier: f.supplier,
        lead_days: limited_opt("lead_days", &f.lead_days, limits::MAX_LEAD_DAYS)?.map(|n| n as u32),
        min_stock: threshold("min", &f.min)?,
        safety_stock: threshold("safety", &f.safety)?,
        pack_size: limited_opt("pack", &f.pack, limits::MAX_PACK)?,
        cost: money("cost", &f.cost)?,
        price: money("price", &f.price)?,
        archived: None,
    })
}

impl TryFrom<SkuAddArgs> for Command {
    type Error = Error;
    fn try_from(a: SkuAddArgs) -> Result<Command, Error> {
        let spec = sku_spec(a.code, Some(a.name), a.fields)?;
        Ok(match a.kit {
            Some(k) => Command::SetKit {
                sku: spec.code.clone(),
                edit: Some(spec),
                new: true,
                components: crate::inventory::kits::parse_components(&k)?,
            },
            None => Command::AddSku(spec),
        })
    }
}

impl TryFrom<SkuEditArgs> for Command {
    type Error = Error;
    fn try_from(a: SkuEditArgs) -> Result<Command, Error> {
        let spec = sku_spec(a.code, a.name, a.fields)?;
        if a.kit.is_some() || a.no_kit {
            let components = match &a.kit {
                Some(k) => crate::inventory::kits::parse_components(k)?,
                None => Vec::new(),
            };
            return Ok(Command::SetKit {
                sku: spec.code.clone(),
                edit: Some(spec),
                new: false,
                components,
            });
        }
        Ok(if a.new_code.is_none() && a.remove_barcodes.is_empty() {
            Command::EditSku(spec)
        } else {
            Command::RenameSku {
                spec,
                code: a.new_code,
                remove_barcodes: a.remove_barcodes,
            }
        })
    }
}

impl From<SkuArchiveArgs> for Command {
    fn from(a: SkuArchiveArgs) -> Command {
        Command::ArchiveSku { sku: a.code }
    }
}

impl From<LocationAddArgs> for Command {
    fn from(a: LocationAddArgs) -> Command {
        Command::AddLocation {
            name: a.name,
            default: a.default,
        }
    }
}

impl TryFrom<ChannelAddArgs> for Command {
    type Error = Error;
    fn try_from(a: ChannelAddArgs) -> Result<Command, Error> {
        Ok(Command::AddChannel {
            kind: choice("kind", &a.kind)?,
            priority: limited("priority", &a.priority, limits::MAX_PRIORITY)? as u32,
            name: a.name,
        })
    }
}

impl TryFrom<ChannelEditArgs> for Command {
    type Error = Error;
    fn try_from(a: ChannelEditArgs) -> Result<Command, Error> {
        Ok(Command::ChannelProfile {
            profile: super::market::profile_of(&a.profile)?,
            channel: a.channel,
        })
    }
}

impl TryFrom<UserAddArgs> for Command {
    type Error = Error;
    fn try_from(a: UserAddArgs) -> Result<Command, Error> {
        Ok(Command::AddUser {
            role: choice("role", &a.role)?,
            name: a.name,
        })
    }
}

impl From<UserRemoveArgs> for Command {
    fn from(a: UserRemoveArgs) -> Command {
        Command::RemoveUser { name: a.name }
    }
}

impl TryFrom<ReceiveArgs> for Command {
    type Error = Error;
    fn try_from(a: ReceiveArgs) -> Result<Command, Error> {
        Ok(Command::Receive {
            qty: qty("quantity", &a.qty)?,
            sku: a.sku,
            at: a.at,
            reference: a.reference,
        })
    }
}

impl TryFrom<ReserveArgs> for Command {
    type Error = Error;
    fn try_from(a: ReserveArgs) -> Result<Command, Error> {
        let delivery = Delivery {
            method: a
                .delivery
                .as_deref()
                .map(|d| choice("delivery", d))
                .transpose()?,
            destination: a.dest.as_deref().map(|d| choice("dest", d)).transpose()?,
            address: a.address,
        };
        let qty = qty("quantity", &a.qty)?;
        Ok(if a.backorder {
            Command::Order {
                sku: a.sku,
                qty,
                channel: a.channel,
                order: a.order,
                delivery,
            }
        } else {
            forced(
                Command::Reserve {
                    qty,
                    sku: a.sku,
                    channel: a.channel,
                    order: a.order,
                    at: a.at,
                    delivery,
                },
                a.force,
                a.reason,
            )
        })
    }
}

impl TryFrom<ReservationCmd> for Command {
    type Error = Error;
    fn try_from(c: ReservationCmd) -> Result<Command, Error> {
        Ok(match c {
            ReservationCmd::Move { id, to } => Command::ReservationMove {
                id: reservation(&id)?,
                to,
            },
            ReservationCmd::Backorder { id } => Command::ReservationBackorder {
                id: reservation(&id)?,
            },
        })
    }
}

impl TryFrom<ReleaseArgs> for Command {
    type Error = Error;
    fn try_from(a: ReleaseArgs) -> Result<Command, Error> {
        Ok(Command::Release {
            id: reservation(&a.id)?,
            reason: a.reason,
        })
    }
}

impl TryFrom<PickArgs> for Command {
    type Error = Error;
    fn try_from(a: PickArgs) -> Result<Command, Error> {
        Ok(Command::Pick {
            id: reservation(&a.id)?,
            barcode: a.barcode,
        })
    }
}

impl TryFrom<ShipArgs> for Command {
    type Error = Error;
    fn try_from(a: ShipArgs) -> Result<Command, Error> {
        let id = reservation(&a.id)?;
        let qty = a.qty.as_deref().map(|q| qty("quantity", q)).transpose()?;
        Ok(
            match super::values::money("delivery_cost", &a.delivery_cost)? {
                Some(delivery) => Command::ShipWithDelivery {
                    id,
                    qty,
                    tracking: a.tracking,
                    delivery,
                },
                None => Command::Ship {
                    id,
                    qty,
                    tracking: a.tracking,
                },
            },
        )
    }
}

impl TryFrom<SellArgs> for Command {
    type Error = Error;
    fn try_from(a: SellArgs) -> Result<Command, Error> {
        Ok(forced(
            Command::Sell {
                qty: qty("quantity", &a.qty)?,
                sku: a.sku,
                channel: a.channel,
                at: a.at,
            },
            a.force,
            a.reason,
        ))
    }
}

impl TryFrom<ReturnArgs> for Command {
    type Error = Error;
    fn try_from(a: ReturnArgs) -> Result<Command, Error> {
        // `--restock` and `--no-order` are there for clap to check: restock is the
        // return without a defect, a walk-in return the one without an order.
        if !a.defective_parts.is_empty() {
            let mut defective = Vec::with_capacity(a.defective_parts.len());
            for p in &a.defective_parts {
                let Some((code, reason)) = p.rsplit_once(':') else {
                    return Err(Error::field(
                        "defective-part",
                        p,
                        FieldProblem::OneOf(vec!["CODE:REASON".into()]),
                    ));
                };
                defective.push((code.trim().to_string(), defect_reason(reason)?));
            }
            return Ok(Command::ReturnKit {
                qty: qty("quantity", &a.qty)?,
                sku: a.sku,
                channel: a.channel,
                at: a.at,
                order: a.order,
                note: a.note,
                defective,
            });
        }
        Ok(Command::Return {
            qty: qty("quantity", &a.qty)?,
            defect: a.defect.as_deref().map(defect_reason).transpose()?,
            sku: a.sku,
            channel: a.channel,
            at: a.at,
            order: a.order,
            note: a.note,
        })
    }
}

impl TryFrom<DefectArgs> for Command {
    type Error = Error;
    fn try_from(a: DefectArgs) -> Result<Command, Error> {
        Ok(Command::Defect {
            qty: qty("quantity", &a.qty)?,
            reason: defect_reason(&a.reason)?,
            sku: a.sku,
            at: a.at,
            note: a.note,
        })
    }
}

impl TryFrom<WriteoffArgs> for Command {
    type Error = Error;
    fn try_from(a: WriteoffArgs) -> Result<Command, Error> {
        Ok(Command::Writeoff {
            qty: qty("quantity", &a.qty)?,
            sku: a.sku,
            reason: a.reason,
            defective: a.defective,
            at: a.at,
        })
    }
}

impl TryFrom<TransferArgs> for Command {
    type Error = Error;
    fn try_from(a: TransferArgs) -> Result<Command, Error> {
        Ok(Command::Transfer {
            qty: qty("quantity", &a.qty)?,
            sku: a.sku,
            from: a.from,
            to: a.to,
        })
    }
}

impl TryFrom<AdjustArgs> for Command {
    type Error = Error;
    fn try_from(a: AdjustArgs) -> Result<Command, Error> {
        let how = match (a.set, a.by) {
            (Some(n), _) => {
                AdjustTo::Set(parse_count(&n).map_err(|e| Error::field("quantity", &n, e))?)
            }
            (None, Some(d)) => {
                AdjustTo::By(parse_delta(&d).map_err(|e| Error::field("quantity", &d, e))?)
            }
            (None, None) => return Err(Error::field("quantity", "", FieldProblem::Empty)),
        };
        Ok(Command::Adjust {
            sku: a.sku,
            how,
            reason: a.reason,
            at: a.at,
            reference: None,
        })
    }
}

fn session(v: &str) -> Result<u64, Error> {
    id_of("session", v)
}

impl From<CountStartArgs> for Command {
    fn from(a: CountStartArgs) -> Command {
        Command::CountStart {
            at: a.at,
            filter: a.filter,
            blind: a.blind,
        }
    }
}

impl TryFrom<CountAddArgs> for Command {
    type Error = Error;
    fn try_from(a: CountAddArgs) -> Result<Command, Error> {
        Ok(Command::CountAdd {
            session: session(&a.session)?,
            sku: a.sku,
            qty: limited("quantity", &a.qty, limits::MAX_QTY)?,
        })
    }
}

impl TryFrom<CountUndoArgs> for Command {
    type Error = Error;
    fn try_from(a: CountUndoArgs) -> Result<Command, Error> {
        Ok(Command::CountUndo {
            session: session(&a.session)?,
        })
    }
}

impl TryFrom<CountRecountArgs> for Command {
    type Error = Error;
    fn try_from(a: CountRecountArgs) -> Result<Command, Error> {
        Ok(Command::CountRecount {
            session: session(&a.session)?,
            sku: a.sku,
        })
    }
}

impl TryFrom<CountApplyArgs> for Command {
    type Error = Error;
    fn try_from(a: CountApplyArgs) -> Result<Command, Error> {
        Ok(Command::CountApply {
            session: session(&a.session)?,
            only: a.only,
            zero_uncounted: a.zero_uncounted,
        })
    }
}

impl TryFrom<CountCancelArgs> for Command {
    type Error = Error;
    fn try_from(a: CountCancelArgs) -> Result<Command, Error> {
        Ok(Command::CountCancel {
            session: session(&a.session)?,
        })
    }
}

impl TryFrom<CountResolveArgs> for Command {
    type Error = Error;
    fn try_from(a: CountResolveArgs) -> Result<Command, Error> {
        Ok(Command::CountResolve {
            session: session(&a.session)?,
            sku: a.sku,
            choice: match a.choice {
                ResolveChoice::CountStands => Resolution::CountStands,
                ResolveChoice::MovementAfter => Resolution::MovementAfter,
            },
        })
    }
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

/// `--from LOC,...` or `all`: the source locations of a channel (empty: every one).
fn sources(from: Option<String>) -> Result<Option<Vec<String>>, Error> {
    let Some(f) = from else {
        return Ok(None);
    };
    if f.trim().eq_ignore_ascii_case("all") {
        return Ok(Some(Vec::new()));
    }
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
    Ok(Some(names))
}

/// `--hold-ttl 48h` or `none`: `Some(None)` removes the hold's limit.
fn hold_ttl(v: Option<&str>) -> Result<Option<Option<u64>>, Error> {
    let Some(v) = v else {
        return Ok(None);
    };
    if v.eq_ignore_ascii_case("none") {
        return Ok(Some(None));
    }
    match parse_duration(v) {
        Some(secs) if secs > limits::MAX_HOLD_TTL_SECS => Err(Error::at_most(
            "hold_ttl",
            v,
            format!("{}d", limits::MAX_HOLD_TTL_SECS / 86_400),
        )),
        Some(secs) => Ok(Some(Some(secs))),
        // A zero length is the right form with a value too small: say that.
        None if v
            .trim()
            .trim_end_matches(['d', 'h', 'm', 's', 'D', 'H', 'M', 'S'])
            .bytes()
            .all(|b| b == b'0')
            && v.trim().bytes().any(|b| b == b'0') =>
        {
            Err(Error::field(
                "hold_ttl",
                v,
                crate::domain::NumberError::Zero,
            ))
        }
        None => Err(Error::field(
            "hold_ttl",
            v,
            FieldProblem::OneOf(vec!["48h".into(), "2d".into(), "90m".into(), "none".into()]),
        )),
    }
}

impl TryFrom<super::args::SkuPriceArgs> for Command {
    type Error = Error;
    fn try_from(a: super::args::SkuPriceArgs) -> Result<Command, Error> {
        let price = if a.price.trim().eq_ignore_ascii_case("none") {
            None
        } else {
            super::values::money("price", &Some(a.price))?
        };
        Ok(Command::SetChannelPrice {
            sku: a.sku,
            channel: a.channel,
            price,
        })
    }
}

impl TryFrom<RulesArgs> for Command {
    type Error = Error;
    fn try_from(a: RulesArgs) -> Result<Command, Error> {
        let none =
            |v: &Option<String>| v.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("none"));
        let rules = RulesSpec {
            priority: limited_opt("priority", &a.priority, limits::MAX_PRIORITY)?.map(|n| n as u32),
            keep_when_low: a.keep_when_low,
            buffer: limited_opt("buffer", &a.buffer, limits::MAX_QTY)?,
            max_listed: if none(&a.max) {
                Some(None)
            } else {
                limited_opt("max", &a.max, limits::MAX_QTY)?.map(Some)
            },
            share_pct: limited_opt("share", &a.share, limits::MAX_SHARE)?.map(|n| n as u32),
            sources: sources(a.from)?,
            hold_ttl_secs: hold_ttl(a.hold_ttl.as_deref())?,
            paused: match (a.pause, a.resume) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            commission_bp: commission(a.commission.as_deref())?,
            order_fee: super::values::money("order_fee", &a.order_fee)?,
            delivery_costs: a
                .delivery_cost
                .iter()
                .map(|v| delivery_cost(v))
                .collect::<Result<_, _>>()?,
        };
        Ok(Command::ChannelRules {
            channel: a.channel,
            rules,
        })
    }
}

/// `METHOD=RUB` of `channel rules --delivery-cost`: a delivery method and its default cost
/// per shipment, `METHOD=none` to remove it.
fn delivery_cost(
    v: &str,
) -> Result<(crate::domain::DeliveryMethod, Option<crate::domain::Money>), Error> {
    let methods = || {
        FieldProblem::OneOf(
            crate::domain::DeliveryMethod::ALL
                .iter()
                .map(|m| format!("{}=RUB", m.as_str()))
                .collect(),
        )
    };
    let (m, cost) = v
        .split_once('=')
        .ok_or_else(|| Error::field("delivery_cost", v, methods()))?;
    let m = crate::domain::DeliveryMethod::parse(m)
        .ok_or_else(|| Error::field("delivery_cost", v, methods()))?;
    if cost.trim().eq_ignore_ascii_case("none") {
        return Ok((m, None));
    }
    let cost = super::values::money("delivery_cost", &Some(cost.to_string()))?
        .ok_or_else(|| Error::field("delivery_cost", v, FieldProblem::Empty))?;
    Ok((m, Some(cost)))
}

/// A commission in percent (`20`, `12.5`, `12,5`), in hundredths of a percent, 0 to 100 %.
fn commission(v: Option<&str>) -> Result<Option<u32>, Error> {
    v.map(|v| {
        crate::inventory::money::parse_commission(v).map_err(|p| Error::field("commission", v, p))
    })
    .transpose()
}

/// `SKU QTY SKU QTY ...` as pairs.
/// A min or safety: a quantity, or `auto` (`авто`) to let the rule compute it again.
fn threshold(field: &str, v: &Option<String>) -> Result<Option<u64>, Error> {
    match v.as_deref().map(str::trim) {
        Some(a) if a.eq_ignore_ascii_case("auto") || a.to_lowercase() == "авто" => {
            Ok(Some(SkuSpec::AUTO))
        }
        _ => limited_opt(field, v, limits::MAX_QTY),
    }
}

fn pairs(items: &[String]) -> Result<Vec<(String, u64)>, Error> {
    if items.len() % 2 == 1 {
        let code = items.last().cloned().unwrap_or_default();
        return Err(Error::field(
            "quantity",
            "",
            FieldProblem::MissingAfter { code },
        ));
    }
    items
        .chunks(2)
        .map(|p| Ok((p[0].clone(), qty("quantity", &p[1])?)))
        .collect()
}

impl TryFrom<PoCreateArgs> for Command {
    type Error = Error;
    fn try_from(a: PoCreateArgs) -> Result<Command, Error> {
        Ok(Command::PoCreate {
            lines: pairs(&a.items)?,
            window: window(&a.days)?,
            supplier: a.supplier,
            from_alerts: a.from_alerts,
            only: Vec::new(),
            // Expected by the end of that day, in the user's time zone.
            expected: a
                .expected
                .as_deref()
                .map(|v| super::values::date("expected", v))
                .transpose()?
                .map(|d| super::values::local_day_start(d.succ_opt().unwrap_or(d))),
        })
    }
}

impl TryFrom<PoReceiveArgs> for Command {
    type Error = Error;
    fn try_from(a: PoReceiveArgs) -> Result<Command, Error> {
        Ok(Command::PoReceive {
            id: id_of("purchase order", &a.id)?,
            lines: pairs(&a.items)?,
            at: a.at,
        })
    }
}

impl TryFrom<PoCancelArgs> for Command {
    type Error = Error;
    fn try_from(a: PoCancelArgs) -> Result<Command, Error> {
        Ok(Command::PoCancel {
            id: id_of("purchase order", &a.id)?,
        })
    }
}

impl TryFrom<SnoozeArgs> for Command {
    type Error = Error;
    fn try_from(a: SnoozeArgs) -> Result<Command, Error> {
        let days = limited(
            "days",
            &a.days,
            u64::from(crate::inventory::purchasing::MAX_SNOOZE_DAYS),
        )? as u32;
        Ok(Command::Snooze { sku: a.sku, days })
    }
}

/// `kit assemble` (or `kit disassemble` with `apart`).
pub(super) fn kit_assemble(a: KitAssembleArgs, apart: bool) -> Result<Command, Error> {
    Ok(Command::KitAssemble {
        kits: qty("quantity", &a.kits)?,
        sku: a.sku,
        at: a.at,
        apart,
    })
}
