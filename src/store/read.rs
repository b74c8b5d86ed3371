//! Reads: the `Reader` trait, one body for read and write transactions alike.

use super::*;
use crate::domain::purchase::PoReceipt;

pub(super) fn get_rec<R: Record>(v: Option<kv::Guard<'_, &[u8]>>) -> StoreResult<Option<R>> {
    match v {
        Some(g) => Ok(Some(decode::<R>(g.value())?)),
        None => Ok(None),
    }
}

/// What the code and barcode indexes say of one SKU: the SKU found under its code and
/// under each of its barcodes, and under its code read as a barcode and each barcode read
/// as a code (a clash when that is another SKU).
#[derive(Debug, Clone, Default)]
pub struct SkuIndexed {
    pub by_code: Option<SkuId>,
    pub by_barcode: Vec<Option<SkuId>>,
    pub code_as_barcode: Option<SkuId>,
    pub barcode_as_code: Vec<Option<SkuId>>,
}

/// As `sku_id_by_code` and `sku_id_by_barcode` over open tables: the exact value, else
/// its folded key.
fn find_id(
    exact: &kv::Tbl<'_, &'static str, SkuId>,
    folded: &kv::Tbl<'_, &'static str, SkuId>,
    v: &str,
) -> StoreResult<Option<SkuId>> {
    if let Some(g) = exact.get(v)? {
        return Ok(Some(g.value()));
    }
    Ok(folded.get(fold(v).as_str())?.map(|g| g.value()))
}

/// Reads shared by read and write transactions: one body, both kinds of table.
macro_rules! reader_impl {
    ($tx:ty) => {
        impl Reader for $tx {
            fn schema_version(&self) -> StoreResult<Option<u32>> {
                let t = match self.txn.open_table(META) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(e.into()),
                };
                let v = t.get("schema")?;
                Ok(v.and_then(|g| g.value().try_into().ok().map(u32::from_le_bytes)))
            }
            fn meta(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
                if let Some(v) = self.memo.meta.lock().get(key) {
                    return Ok(v.clone());
                }
                let t = self.txn.open_table(META)?;
                let v = t.get(key)?.map(|g| g.value().to_vec());
                self.memo.meta.lock().insert(key.to_string(), v.clone());
                Ok(v)
            }
            fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>> {
                get_rec(self.txn.open_table(SKUS)?.get(id)?)
            }
            fn sku_id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>> {
                if let Some(g) = self.txn.open_table(SKU_BY_CODE)?.get(code)? {
                    return Ok(Some(g.value()));
                }
                Ok(self
                    .txn
                    .open_table(SKU_BY_CODE_KEY)?
                    .get(fold(code).as_str())?
                    .map(|g| g.value()))
            }
            fn sku_id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>> {
                if let Some(g) = self.txn.open_table(SKU_BY_BARCODE)?.get(barcode)? {
                    return Ok(Some(g.value()));
                }
                Ok(self
                    .txn
                    .open_table(SKU_BY_BARCODE_KEY)?
                    .get(fold(barcode).as_str())?
                    .map(|g| g.value()))
            }
            fn skus(&self) -> StoreResult<Vec<Sku>> {
                let t = self.txn.open_table(SKUS)?;
                let mut out = Vec::with_capacity(t.len()? as usize);
                for row in t.iter()? {
                    let (_, v) = row?;
                    out.push(decode::<Sku>(v.value())?);
                }
                Ok(out)
            }
            fn skus_by_code(&self, after: Option<&str>, limit: usize) -> StoreResult<Vec<Sku>> {
                let codes = self.txn.open_table(SKU_BY_CODE)?;
                let skus = self.txn.open_table(SKUS)?;
                let range = match after {
                    Some(a) => codes.range::<&str>((Bound::Excluded(a), Bound::Unbounded))?,
                    None => codes.range::<&str>(..)?,
                };
                let mut out = Vec::with_capacity(limit.min(4096));
                for row in range.take(limit) {
                    let id = row?.1.value();
                    if let Some(s) = get_rec(skus.get(id)?)? {
                        out.push(s);
                    }
                }
                Ok(out)
            }
            fn skus_by_key_prefix(&self, prefix: &str, limit: usize) -> StoreResult<Vec<Sku>> {
                let key = fold(prefix);
                let mut ids: Vec<SkuId> = Vec::new();
                for table in [SKU_BY_CODE_KEY, SKU_BY_BARCODE_KEY] {
                    let t = self.txn.open_table(table)?;
                    for row in t.range::<&str>(key.as_str()..)?.take(limit) {
                        let (k, id) = row?;
                        if !k.value().starts_with(key.as_str()) {
                            break;
                        }
                        ids.push(id.value());
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                let skus = self.txn.open_table(SKUS)?;
                let mut out = Vec::with_capacity(ids.len());
                for id in ids {
                    if let Some(s) = get_rec::<Sku>(skus.get(id)?)? {
                        out.push(s);
                    }
                }
                out.sort_unstable_by(|a, b| a.code.cmp(&b.code));
                out.truncate(limit);
                Ok(out)
            }
            fn sku_count(&self) -> StoreResult<u64> {
                Ok(self.txn.open_table(SKUS)?.len()?)
            }
            fn last_sku_id(&self) -> StoreResult<Option<SkuId>> {
                Ok(self.txn.open_table(SKUS)?.last()?.map(|(k, _)| k.value()))
            }
            fn levels(&self, sku: SkuId, loc: LocationId) -> StoreResult<Levels> {
                Ok(get_rec(self.txn.open_table(LEVELS)?.get((sku, loc))?)?.unwrap_or_default())
            }
            fn levels_of_sku(&self, sku: SkuId) -> StoreResult<Vec<(LocationId, Levels)>> {
                let t = self.txn.open_table(LEVELS)?;
                let mut out = Vec::new();
                for row in t.range((sku, 0u16)..=(sku, u16::MAX))? {
                    let (k, v) = row?;
                    out.push((k.value().1, decode::<Levels>(v.value())?));
                }
                Ok(out)
            }
            fn skus_after_id(&self, after: Option<SkuId>, limit: usize) -> StoreResult<Vec<Sku>> {
                let t = self.txn.open_table(SKUS)?;
                let range = match after {
                    Some(a) => t.range((Bound::Excluded(a), Bound::Unbounded))?,
                    None => t.range::<SkuId>(..)?,
                };
                let mut out = Vec::with_capacity(limit.min(4096));
                for row in range.take(limit) {
                    out.push(decode::<Sku>(row?.1.value())?);
                }
                Ok(out)
            }
            fn levels_of_skus(
                &self,
                first: SkuId,
                last: SkuId,
            ) -> StoreResult<Vec<(SkuId, LocationId, Levels)>> {
                let t = self.txn.open_table(LEVELS)?;
                let mut out = Vec::new();
                for row in t.range((first, 0u16)..=(last, u16::MAX))? {
                    let (k, v) = row?;
                    let (s, l) = k.value();
                    out.push((s, l, decode::<Levels>(v.value())?));
                }
                Ok(out)
            }
            fn all_levels(&self) -> StoreResult<Vec<(SkuId, LocationId, Levels)>> {
                let t = self.txn.open_table(LEVELS)?;
                let mut out = Vec::with_capacity(t.len()? as usize);
                for row in t.iter()? {
                    let (k, v) = row?;
                    let (s, l) = k.value();
                    out.push((s, l, decode::<Levels>(v.value())?));
                }
                Ok(out)
            }
            fn locations(&self) -> StoreResult<Vec<Location>> {
                if let Some(v) = self.memo.locations.lock().as_ref() {
                    return Ok(v.clone());
                }
                let t = self.txn.open_table(LOCATIONS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Location>(row?.1.value())?);
                }
                *self.memo.locations.lock() = Some(out.clone());
                Ok(out)
            }
            fn channels(&self) -> StoreResult<Vec<Channel>> {
                if let Some(v) = self.memo.channels.lock().as_ref() {
                    return Ok(v.clone());
                }
                let t = self.txn.open_table(CHANNELS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Channel>(row?.1.value())?);
                }
                *self.memo.channels.lock() = Some(out.clone());
                Ok(out)
            }
            fn reservation(&self, id: ReservationId) -> StoreResult<Option<Reservation>> {
                get_rec(self.txn.open_table(RESERVATIONS)?.get(id)?)
            }
            fn last_reservation_id(&self) -> StoreResult<Option<ReservationId>> {
                Ok(self
                    .txn
                    .open_table(RESERVATIONS)?
                    .last()?
                    .map(|(k, _)| k.value()))
            }
            fn open_reservation_count(&self) -> StoreResult<u64> {
                Ok(self.txn.open_table(OPEN_RESERVATIONS)?.len()?)
            }
            fn open_reservations(&self) -> StoreResult<Vec<Reservation>> {
                let open = self.txn.open_table(OPEN_RESERVATIONS)?;
                let all = self.txn.open_table(RESERVATIONS)?;
                let mut out = Vec::new();
                for row in open.iter()? {
                    let id = row?.0.value();
                    match get_rec::<Reservation>(all.get(id)?)? {
                        Some(r) => out.push(r),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "open reservation {id} has no record"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn open_reservation_ids(&self) -> StoreResult<Vec<ReservationId>> {
                let t = self.txn.open_table(OPEN_RESERVATIONS)?;
                let mut out = Vec::with_capacity(t.len()?.min(1 << 20) as usize);
                for row in t.iter()? {
                    out.push(row?.0.value());
                }
                Ok(out)
            }
            fn for_each_reservation(&self, f: &mut dyn FnMut(Reservation)) -> StoreResult<()> {
                for row in self.txn.open_table(RESERVATIONS)?.iter()? {
                    f(decode::<Reservation>(row?.1.value())?);
                }
                Ok(())
            }
            fn levels_count(&self) -> StoreResult<u64> {
                Ok(self.txn.open_table(LEVELS)?.len()?)
            }
            fn reservations(&self) -> StoreResult<Vec<Reservation>> {
                let t = self.txn.open_table(RESERVATIONS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Reservation>(row?.1.value())?);
                }
                Ok(out)
            }
            fn order(
                &self,
                ch: ChannelId,
                order_ref: &str,
                sku: SkuId,
            ) -> StoreResult<Option<ReservationId>> {
                Ok(self
                    .txn
                    .open_table(ORDERS)?
                    .get((ch, order_ref, sku))?
                    .map(|g| g.value()))
            }
            fn movement(&self, seq: Seq) -> StoreResult<Option<Movement>> {
                get_rec(self.txn.open_table(LEDGER)?.get(seq)?)
            }
            fn last_seq(&self) -> StoreResult<Seq> {
                Ok(self
                    .txn
                    .open_table(LEDGER)?
                    .last()?
                    .map(|(k, _)| k.value())
                    .unwrap_or(0))
            }
            fn ledger_len(&self) -> StoreResult<u64> {
                Ok(self.txn.open_table(LEDGER)?.len()?)
            }
            fn first_seq_at(&self, at: Millis) -> StoreResult<Seq> {
                let t = self.txn.open_table(LEDGER)?;
                let last = t.last()?.map(|(k, _)| k.value()).unwrap_or(0);
                // Seqs run 1..=last without gaps (`check` holds it); entries are written in
                // time order, so "at or after" holds from some seq on.
                let (mut lo, mut hi) = (1u64, last.saturating_add(1));
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let m: Option<Movement> = get_rec(t.get(mid)?)?;
                    match m {
                        Some(m) if m.at < at => lo = mid + 1,
                        _ => hi = mid,
                    }
                }
                Ok(lo)
            }
            fn movements_of_sku_from(&self, sku: SkuId, from: Seq) -> StoreResult<Vec<Movement>> {
                let idx = self.txn.open_table(LEDGER_BY_SKU)?;
                let led = self.txn.open_table(LEDGER)?;
                let seqs = idx
                    .range((sku, from)..=(sku, u64::MAX))?
                    .map(|row| row.map(|(k, _)| k.value().1))
                    .collect::<Result<Vec<Seq>, _>>()?;
                led.prefetch(seqs.iter().copied())?;
                let mut out = Vec::with_capacity(seqs.len());
                for seq in seqs {
                    match get_rec::<Movement>(led.get(seq)?)? {
                        Some(m) => out.push(m),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "ledger index names missing entry {seq}"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn for_each_movement_from(
                &self,
                from: Seq,
                f: &mut dyn FnMut(Movement) -> bool,
            ) -> StoreResult<()> {
                let t = self.txn.open_table(LEDGER)?;
                for row in t.range(from..)? {
                    let (_, v) = row?;
                    if !f(decode::<Movement>(v.value())?) {
                        break;
                    }
                }
                Ok(())
            }
            fn for_each_sku(&self, f: &mut dyn FnMut(Sku)) -> StoreResult<()> {
                for row in self.txn.open_table(SKUS)?.iter()? {
                    f(decode::<Sku>(row?.1.value())?);
                }
                Ok(())
            }
            fn for_each_sku_indexed(
                &self,
                first: SkuId,
                last: SkuId,
                f: &mut dyn FnMut(Sku, SkuIndexed) -> bool,
            ) -> StoreResult<()> {
                let codes = self.txn.open_table(SKU_BY_CODE)?;
                let code_keys = self.txn.open_table(SKU_BY_CODE_KEY)?;
                let barcodes = self.txn.open_table(SKU_BY_BARCODE)?;
                let barcode_keys = self.txn.open_table(SKU_BY_BARCODE_KEY)?;
                let find = find_id;
                for row in self.txn.open_table(SKUS)?.range(first..=last)? {
                    let s = decode::<Sku>(row?.1.value())?;
                    let mut ix = SkuIndexed {
                        by_code: find(&codes, &code_keys, &s.code)?,
                        code_as_barcode: find(&barcodes, &barcode_keys, &s.code)?,
                        by_barcode: Vec::with_capacity(s.barcodes.len()),
                        barcode_as_code: Vec::with_capacity(s.barcodes.len()),
                    };
                    for b in &s.barcodes {
                        ix.by_barcode.push(find(&barcodes, &barcode_keys, b)?);
                        ix.barcode_as_code.push(find(&codes, &code_keys, b)?);
                    }
                    if !f(s, ix) {
                        break;
                    }
                }
                Ok(())
            }
            fn for_each_levels(
                &self,
                f: &mut dyn FnMut(SkuId, LocationId, Levels),
            ) -> StoreResult<()> {
                for row in self.txn.open_table(LEVELS)?.iter()? {
                    let (k, v) = row?;
                    let (s, l) = k.value();
                    f(s, l, decode::<Levels>(v.value())?);
                }
                Ok(())
            }
            fn for_each_movement(&self, f: &mut dyn FnMut(Movement) -> bool) -> StoreResult<()> {
                let t = self.txn.open_table(LEDGER)?;
                for row in t.iter()? {
                    let (_, v) = row?;
                    if !f(decode::<Movement>(v.value())?) {
                        break;
                    }
                }
                Ok(())
            }
            fn recent_movements(&self, limit: usize) -> StoreResult<Vec<Movement>> {
                let t = self.txn.open_table(LEDGER)?;
                let mut out = Vec::new();
                for row in t.iter()?.rev().take(limit) {
                    out.push(decode::<Movement>(row?.1.value())?);
                }
                Ok(out)
            }
            fn movements_of_sku(
                &self,
                sku: SkuId,
                before: Seq,
                limit: usize,
            ) -> StoreResult<Vec<Movement>> {
                let idx = self.txn.open_table(LEDGER_BY_SKU)?;
                let led = self.txn.open_table(LEDGER)?;
                let seqs = idx
                    .range((sku, 0u64)..(sku, before))?
                    .rev()
                    .take(limit)
                    .map(|row| row.map(|(k, _)| k.value().1))
                    .collect::<Result<Vec<Seq>, _>>()?;
                led.prefetch(seqs.iter().copied())?;
                let mut out = Vec::with_capacity(seqs.len());
                for seq in seqs {
                    match get_rec::<Movement>(led.get(seq)?)? {
                        Some(m) => out.push(m),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "ledger index names missing entry {seq}"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn users(&self) -> StoreResult<Vec<User>> {
                if let Some(v) = self.memo.users.lock().as_ref() {
                    return Ok(v.clone());
                }
                let t = self.txn.open_table(USERS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<User>(row?.1.value())?);
                }
                *self.memo.users.lock() = Some(out.clone());
                Ok(out)
            }
            fn user(&self, name: &str) -> StoreResult<Option<User>> {
                if let Some(v) = self.memo.users.lock().as_ref() {
                    return Ok(v.iter().find(|u| u.name == name).cloned());
                }
                Ok(self.users()?.into_iter().find(|u| u.name == name))
            }
            fn backorders_of(&self, sku: SkuId) -> StoreResult<Vec<ReservationId>> {
                let t = self.txn.open_table(BACKORDERS)?;
                let mut out = Vec::new();
                for row in t.range((sku, 0u64)..=(sku, u64::MAX))? {
                    out.push(row?.0.value().1);
                }
                Ok(out)
            }
            fn all_backorders(&self) -> StoreResult<Vec<(SkuId, ReservationId)>> {
                let t = self.txn.open_table(BACKORDERS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(row?.0.value());
                }
                Ok(out)
            }
            fn all_holds(&self) -> StoreResult<Vec<(Millis, ReservationId)>> {
                let t = self.txn.open_table(HOLD_DEADLINES)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(row?.0.value());
                }
                Ok(out)
            }
            fn due_holds(&self, now: Millis) -> StoreResult<Vec<ReservationId>> {
                let t = self.txn.open_table(HOLD_DEADLINES)?;
                let mut out = Vec::new();
                for row in t.range((i64::MIN, 0u64)..=(now, u64::MAX))? {
                    out.push(row?.0.value().1);
                }
                Ok(out)
            }
            fn listed(&self, ch: ChannelId) -> StoreResult<std::collections::HashMap<SkuId, u64>> {
                let t = self.txn.open_table(LISTED)?;
                let mut out = std::collections::HashMap::new();
                for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
                    let (k, v) = row?;
                    out.insert(k.value().1, v.value());
                }
                Ok(out)
            }
            fn feed_sent(
                &self,
                ch: ChannelId,
            ) -> StoreResult<std::collections::HashMap<SkuId, u64>> {
                let t = self.txn.open_table(FEED_SENT)?;
                let mut out = std::collections::HashMap::new();
                for row in t.range((ch, 0u32)..=(ch, u32::MAX))? {
                    let (k, v) = row?;
                    out.insert(k.value().1, v.value());
                }
                Ok(out)
            }
            fn count_session(&self, id: SessionId) -> StoreResult<Option<CountSession>> {
                get_rec(self.txn.open_table(COUNT_SESSIONS)?.get(id)?)
            }
            fn count_sessions(&self) -> StoreResult<Vec<CountSession>> {
                let t = self.txn.open_table(COUNT_SESSIONS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<CountSession>(row?.1.value())?);
                }
                Ok(out)
            }
            fn count_entries(&self, session: SessionId) -> StoreResult<Vec<CountEntry>> {
                let t = self.txn.open_table(COUNT_ENTRIES)?;
                let mut out = Vec::new();
                for row in t.range((session, 0u64)..=(session, u64::MAX))? {
                    out.push(decode::<CountEntry>(row?.1.value())?);
                }
                Ok(out)
            }
            fn purchase_order(&self, id: PoId) -> StoreResult<Option<PurchaseOrder>> {
                get_rec(self.txn.open_table(PURCHASE_ORDERS)?.get(id)?)
            }
            fn last_purchase_order_id(&self) -> StoreResult<Option<PoId>> {
                Ok(self
                    .txn
                    .open_table(PURCHASE_ORDERS)?
                    .last()?
                    .map(|(k, _)| k.value()))
            }
            fn purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>> {
                let t = self.txn.open_table(PURCHASE_ORDERS)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<PurchaseOrder>(row?.1.value())?);
                }
                Ok(out)
            }
            fn all_po_receipts(&self) -> StoreResult<Vec<(PoId, PoReceipt)>> {
                let t = match self.txn.open_table(super::purchase_dates::PO_RECEIPTS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                    Err(e) => return Err(e.into()),
                };
                let mut out = Vec::new();
                for row in t.iter()? {
                    let (k, v) = row?;
                    out.push((k.value().0, decode::<PoReceipt>(v.value())?));
                }
                Ok(out)
            }
            fn open_purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>> {
                let open = self.txn.open_table(OPEN_PURCHASE_ORDERS)?;
                let all = self.txn.open_table(PURCHASE_ORDERS)?;
                let mut out = Vec::new();
                for row in open.iter()? {
                    let id = row?.0.value();
                    match get_rec::<PurchaseOrder>(all.get(id)?)? {
                        Some(p) => out.push(p),
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "open purchase order {id} has no record"
                            )));
                        }
                    }
                }
                Ok(out)
            }
            fn snoozes(&self) -> StoreResult<Vec<Snooze>> {
                let t = self.txn.open_table(SNOOZES)?;
                let mut out = Vec::new();
                for row in t.iter()? {
                    out.push(decode::<Snooze>(row?.1.value())?);
                }
                Ok(out)
            }
        }
    };
}

/// Everything that can be read in a transaction. `Sync`: one transaction (one moment of
/// the file) may be read from several threads at once (`check` reads its parts side by side).
pub trait Reader: super::kits::KitReader + super::plan::PlanReader + Sync {
    fn schema_version(&self) -> StoreResult<Option<u32>>;
    fn meta(&self, key: &str) -> StoreResult<Option<Vec<u8>>>;
    fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>>;
    fn sku_id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>>;
    fn sku_id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>>;
    fn skus(&self) -> StoreResult<Vec<Sku>>;
    /// Up to `limit` SKUs in code order, starting after the code `after`.
    fn skus_by_code(&self, after: Option<&str>, limit: usize) -> StoreResult<Vec<Sku>>;
    /// Up to `limit` SKUs whose folded code or barcode begins with the folded `prefix`,
    /// in code order, through the folded key indexes (no pass over every SKU).
    fn skus_by_key_prefix(&self, prefix: &str, limit: usize) -> StoreResult<Vec<Sku>>;
    /// How many SKUs: the SKU table's length, which the store keeps in the table's header
    /// and updates in the same write transaction as the SKUs (no pass over them).
    fn sku_count(&self) -> StoreResult<u64>;
    fn last_sku_id(&self) -> StoreResult<Option<SkuId>>;
    fn levels(&self, sku: SkuId, loc: LocationId) -> StoreResult<Levels>;
    fn levels_of_sku(&self, sku: SkuId) -> StoreResult<Vec<(LocationId, Levels)>>;
    /// Up to `limit` SKUs in id order after `after` (from the first without it).
    fn skus_after_id(&self, after: Option<SkuId>, limit: usize) -> StoreResult<Vec<Sku>>;
    /// The levels of the SKUs with ids `first..=last`, in (SKU, location) order: one range
    /// read beside `skus_after_id`'s page.
    fn levels_of_skus(
        &self,
        first: SkuId,
        last: SkuId,
    ) -> StoreResult<Vec<(SkuId, LocationId, Levels)>>;
    fn all_levels(&self) -> StoreResult<Vec<(SkuId, LocationId, Levels)>>;
    fn locations(&self) -> StoreResult<Vec<Location>>;
    fn channels(&self) -> StoreResult<Vec<Channel>>;
    fn reservation(&self, id: ReservationId) -> StoreResult<Option<Reservation>>;
    fn last_reservation_id(&self) -> StoreResult<Option<ReservationId>>;
    /// How many reservations are open, from the open queue's stored length.
    fn open_reservation_count(&self) -> StoreResult<u64>;
    fn open_reservations(&self) -> StoreResult<Vec<Reservation>>;
    /// The ids in the open-reservation index, in order (the queue, oldest first).
    fn open_reservation_ids(&self) -> StoreResult<Vec<ReservationId>>;
    /// Visits every reservation in id order, one record in memory at a time.
    fn for_each_reservation(&self, f: &mut dyn FnMut(Reservation)) -> StoreResult<()>;
    /// How many levels rows (SKU, location) are stored.
    fn levels_count(&self) -> StoreResult<u64>;
    fn reservations(&self) -> StoreResult<Vec<Reservation>>;
    fn order(
        &self,
        ch: ChannelId,
        order_ref: &str,
        sku: SkuId,
    ) -> StoreResult<Option<ReservationId>>;
    fn movement(&self, seq: Seq) -> StoreResult<Option<Movement>>;
    fn last_seq(&self) -> StoreResult<Seq>;
    fn ledger_len(&self) -> StoreResult<u64>;
    /// The first ledger entry stamped at `at` or later, by binary search over the ledger
    /// (entries are written in time order); last seq + 1 when there is none.
    fn first_seq_at(&self, at: Millis) -> StoreResult<Seq>;
    /// One SKU's movements with seq `from` or later, oldest first, through the per-SKU index.
    fn movements_of_sku_from(&self, sku: SkuId, from: Seq) -> StoreResult<Vec<Movement>>;
    /// Visits the ledger from seq `from` on, oldest first, until `f` returns false.
    fn for_each_movement_from(
        &self,
        from: Seq,
        f: &mut dyn FnMut(Movement) -> bool,
    ) -> StoreResult<()>;
    /// Visits every SKU in id order, one record in memory at a time.
    fn for_each_sku(&self, f: &mut dyn FnMut(Sku)) -> StoreResult<()>;
    /// Visits every levels record in (SKU, location) order.
    fn for_each_levels(&self, f: &mut dyn FnMut(SkuId, LocationId, Levels)) -> StoreResult<()>;
    /// Visits the SKUs with ids `first..=last` in id order with what the code and barcode
    /// indexes say of each, the index tables opened once, until `f` returns false (`check`
    /// at a million SKUs, a range of ids on each core).
    fn for_each_sku_indexed(
        &self,
        first: SkuId,
        last: SkuId,
        f: &mut dyn FnMut(Sku, SkuIndexed) -> bool,
    ) -> StoreResult<()>;
    /// Visits the ledger oldest first until `f` returns false.
    fn for_each_movement(&self, f: &mut dyn FnMut(Movement) -> bool) -> StoreResult<()>;
    /// Newest first.
    fn recent_movements(&self, limit: usize) -> StoreResult<Vec<Movement>>;
    /// Newest first, entries with seq < before (`Seq::MAX` for the newest).
    fn movements_of_sku(&self, sku: SkuId, before: Seq, limit: usize)
    -> StoreResult<Vec<Movement>>;
    fn users(&self) -> StoreResult<Vec<User>>;
    fn user(&self, name: &str) -> StoreResult<Option<User>>;
    /// The backorders of one SKU waiting for stock.
    fn backorders_of(&self, sku: SkuId) -> StoreResult<Vec<ReservationId>>;
    /// Every backorder index entry (SKU, reservation).
    fn all_backorders(&self) -> StoreResult<Vec<(SkuId, ReservationId)>>;
    /// Every hold-deadline index entry (deadline, reservation).
    fn all_holds(&self) -> StoreResult<Vec<(Millis, ReservationId)>>;
    /// Open holds whose deadline is at or before `now`, soonest first.
    fn due_holds(&self, now: Millis) -> StoreResult<Vec<ReservationId>>;
    /// What a channel last said it shows, per SKU.
    fn listed(&self, ch: ChannelId) -> StoreResult<std::collections::HashMap<SkuId, u64>>;
    /// The quantities in a channel's last exported feed, per SKU.
    fn feed_sent(&self, ch: ChannelId) -> StoreResult<std::collections::HashMap<SkuId, u64>>;
    fn count_session(&self, id: SessionId) -> StoreResult<Option<CountSession>>;
    fn count_sessions(&self) -> StoreResult<Vec<CountSession>>;
    /// A session's entries in the order they were made.
    fn count_entries(&self, session: SessionId) -> StoreResult<Vec<CountEntry>>;
    fn purchase_order(&self, id: PoId) -> StoreResult<Option<PurchaseOrder>>;
    fn last_purchase_order_id(&self) -> StoreResult<Option<PoId>>;
    /// Every purchase order, oldest first.
    fn purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>>;
    /// Orders still expecting units, oldest first.
    fn open_purchase_orders(&self) -> StoreResult<Vec<PurchaseOrder>>;
    /// Every receipt against every purchase order, by order id (the table of
    /// `purchase_dates`; none before its first write). Here rather than beside the
    /// expected dates: every status reads the suppliers' measured lead times.
    fn all_po_receipts(&self) -> StoreResult<Vec<(PoId, PoReceipt)>>;
    /// Every stored snooze, ended ones included (they are replaced, not swept).
    fn snoozes(&self) -> StoreResult<Vec<Snooze>>;
}

reader_impl!(ReadTx);
reader_impl!(WriteTx);
