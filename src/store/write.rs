//! Writes of a `WriteTx`: records, their indexes, and the ledger.

use super::*;

/// The SKUs and their four code and barcode indexes, held open for many lookups.
pub struct SkuTables<S, C> {
    skus: S,
    by_code: C,
    by_barcode: C,
    by_code_key: C,
    by_barcode_key: C,
}

/// See `WriteTx::sku_index`.
pub type SkuIndex<'a> =
    SkuTables<kv::Tbl<'a, SkuId, &'static [u8]>, kv::Tbl<'a, &'static str, SkuId>>;

/// See `WriteTx::sku_snapshot`.
pub type SkuSnapshot = SkuIndex<'static>;

/// Lookups in `SkuTables`, open for writing or read from a snapshot.
pub trait SkuRead {
    /// By the exact code, else by its folded key (X, x and Ｘ are one code).
    fn id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>>;
    fn id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>>;
    fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>>;
    /// Reads ahead what the lookups of `names` (codes and barcodes) will read, and the
    /// records of the SKUs they find: on PostgreSQL one round trip for a whole file
    /// instead of several a row; on redb nothing.
    fn prefetch(&self, names: &[&str]) -> StoreResult<()>;
}

impl SkuRead for SkuIndex<'_> {
    fn id_by_code(&self, code: &str) -> StoreResult<Option<SkuId>> {
        if let Some(g) = self.by_code.get(code)? {
            return Ok(Some(g.value()));
        }
        Ok(self
            .by_code_key
            .get(fold(code).as_str())?
            .map(|g| g.value()))
    }
    fn id_by_barcode(&self, barcode: &str) -> StoreResult<Option<SkuId>> {
        if let Some(g) = self.by_barcode.get(barcode)? {
            return Ok(Some(g.value()));
        }
        Ok(self
            .by_barcode_key
            .get(fold(barcode).as_str())?
            .map(|g| g.value()))
    }
    fn sku(&self, id: SkuId) -> StoreResult<Option<Sku>> {
        get_rec(self.skus.get(id)?)
    }
    fn prefetch(&self, names: &[&str]) -> StoreResult<()> {
        if !self.skus.prefetches() {
            return Ok(());
        }
        let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
        let folded: Vec<&str> = folded.iter().map(String::as_str).collect();
        self.by_code.prefetch(names.iter().copied())?;
        self.by_barcode.prefetch(names.iter().copied())?;
        self.by_code_key.prefetch(folded.iter().copied())?;
        self.by_barcode_key.prefetch(folded.iter().copied())?;
        let mut ids = Vec::new();
        for name in names {
            if let Some(id) = self.id_by_code(name)? {
                ids.push(id);
            }
        }
        self.skus.prefetch(ids)?;
        Ok(())
    }
}

/// See `WriteTx::ledger_writer`.
pub struct LedgerWriter<'a> {
    levels: kv::Tbl<'a, (SkuId, LocationId), &'static [u8]>,
    ledger: kv::Tbl<'a, Seq, &'static [u8]>,
    /// None: the per-SKU index entries are kept in `held` for another thread to write
    /// (`WriteTx::ledger_writer_holding_index`).
    by_sku: Option<kv::Tbl<'a, (SkuId, Seq), ()>>,
    held: Vec<(SkuId, Seq)>,
    last: Seq,
}

impl LedgerWriter<'_> {
    pub fn levels(&self, sku: SkuId, loc: LocationId) -> StoreResult<Levels> {
        Ok(get_rec(self.levels.get((sku, loc))?)?.unwrap_or_default())
    }
    /// Reads the levels at `keys` ahead (see `kv::Tbl::prefetch`).
    pub fn prefetch_levels(&self, keys: &[(SkuId, LocationId)]) -> StoreResult<()> {
        Ok(self.levels.prefetch(keys.iter().copied())?)
    }
    pub fn put_levels(&mut self, sku: SkuId, loc: LocationId, l: &Levels) -> StoreResult<()> {
        self.levels.put((sku, loc), encode(l).as_slice())?;
        Ok(())
    }
    pub fn last_seq(&self) -> Seq {
        self.last
    }
    /// Appends a movement; its `seq` must be the next one.
    pub fn append(&mut self, m: &Movement) -> StoreResult<()> {
        // The ledger's own invariants, checked on every entry in debug builds (every test
        // run): entries are gapless and in order, the levels the entry records are the
        // levels stored for it, and its delta leads from the levels before to those after.
        debug_assert_eq!(m.seq, self.last + 1, "ledger entries are gapless");
        debug_assert!(
            self.levels(m.sku, m.location).ok() == Some(m.after),
            "the entry's levels after are the stored levels of sku {} at location {}",
            m.sku,
            m.location
        );
        debug_assert!(
            m.after.reserved <= crate::domain::limits::MAX_LEVEL
                && m.after.on_hand <= crate::domain::limits::MAX_LEVEL
                && m.after.defective <= crate::domain::limits::MAX_LEVEL,
            "levels stay within their limit"
        );
        self.ledger.put(m.seq, encode(m).as_slice())?;
        match &mut self.by_sku {
            Some(t) => {
                t.put((m.sku, m.seq), ())?;
            }
            None => self.held.push((m.sku, m.seq)),
        }
        self.last = self.last.max(m.seq);
        Ok(())
    }
    pub fn held_index_len(&self) -> usize {
        self.held.len()
    }
    /// The per-SKU index entries held since the last call, for `WriteTx::put_ledger_index`.
    pub fn take_held_index(&mut self) -> Vec<(SkuId, Seq)> {
        std::mem::take(&mut self.held)
    }
}

impl WriteTx {
    pub fn set_meta(&self, key: &str, value: &[u8]) -> StoreResult<()> {
        self.memo.meta.lock().remove(key);
        self.txn.open_table(META)?.put(key, value)?;
        Ok(())
    }

    /// Stores a SKU and keeps the code and barcode indexes in step with it.
    pub fn put_sku(&self, sku: &Sku) -> StoreResult<()> {
        self.put_skus(std::slice::from_ref(sku))
    }

    pub fn put_location(&self, loc: &Location) -> StoreResult<()> {
        self.memo.locations.take();
        self.txn
            .open_table(LOCATIONS)?
            .put(loc.id, encode(loc).as_slice())?;
        Ok(())
    }

    pub fn put_channel(&self, ch: &Channel) -> StoreResult<()> {
        self.memo.channels.take();
        self.txn
            .open_table(CHANNELS)?
            .put(ch.id, encode(ch).as_slice())?;
        Ok(())
    }

    /// Saves many SKUs with their code and barcode indexes, each table opened once.
    pub fn put_skus(&self, list: &[Sku]) -> StoreResult<()> {
        self.write_skus(list, true)
    }

    fn write_skus(&self, list: &[Sku], may_exist: bool) -> StoreResult<()> {
        self.skus_opened
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let mut skus = self.txn.open_table(SKUS)?;
        let mut by_code = self.txn.open_table(SKU_BY_CODE)?;
        let mut by_barcode = self.txn.open_table(SKU_BY_BARCODE)?;
        let mut by_code_key = self.txn.open_table(SKU_BY_CODE_KEY)?;
        let mut by_barcode_key = self.txn.open_table(SKU_BY_BARCODE_KEY)?;
        for sku in list {
            let old = if may_exist {
                get_rec::<Sku>(skus.get(sku.id)?)?
            } else {
                None
            };
            skus.put(sku.id, encode(sku).as_slice())?;
            if let Some(old) = &old {
                if old.code != sku.code {
                    by_code.remove(old.code.as_str())?;
                    let key = fold(&old.code);
                    if by_code_key.get(key.as_str())?.map(|g| g.value()) == Some(sku.id) {
                        by_code_key.remove(key.as_str())?;
                    }
                }
                for b in old.barcodes.iter().filter(|b| !sku.barcodes.contains(b)) {
                    by_barcode.remove(b.as_str())?;
                    let key = fold(b);
                    if by_barcode_key.get(key.as_str())?.map(|g| g.value()) == Some(sku.id) {
                        by_barcode_key.remove(key.as_str())?;
                    }
                }
            }
            // A new SKU's keys were checked free (`put_new_skus`): written without a look.
            by_code.insert(sku.code.as_str(), sku.id)?;
            let key = fold(&sku.code);
            if !may_exist || by_code_key.get(key.as_str())?.is_none() {
                by_code_key.insert(key.as_str(), sku.id)?;
            }
            for b in &sku.barcodes {
                by_barcode.insert(b.as_str(), sku.id)?;
                let key = fold(b);
                if !may_exist || by_barcode_key.get(key.as_str())?.is_none() {
                    by_barcode_key.insert(key.as_str(), sku.id)?;
                }
            }
        }
        Ok(())
    }

    /// The SKUs and their code and barcode indexes held open for many lookups in a row
    /// (imports). While it lives, those tables must not be written.
    pub fn sku_index(&self) -> StoreResult<SkuIndex<'_>> {
        self.skus_opened
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(SkuTables {
            skus: self.txn.open_table(SKUS)?,
            by_code: self.txn.open_table(SKU_BY_CODE)?,
            by_barcode: self.txn.open_table(SKU_BY_BARCODE)?,
            by_code_key: self.txn.open_table(SKU_BY_CODE_KEY)?,
            by_barcode_key: self.txn.open_table(SKU_BY_BARCODE_KEY)?,
        })
    }

    /// The SKU tables as this transaction found them, read through a snapshot of their
    /// own, so another thread may write them meanwhile. None once this transaction has
    /// opened them for writing: the snapshot would no longer show what it sees.
    pub fn sku_snapshot(&self) -> StoreResult<Option<SkuSnapshot>> {
        if self.skus_opened.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(None);
        }
        // Begun while this write transaction holds the write lock: it reads the last
        // commit, which is where this transaction started.
        // On PostgreSQL there is no snapshot of where this transaction began to share.
        let Some(db) = &self.db else {
            return Ok(None);
        };
        let rtx = db.begin_read()?;
        Ok(Some(SkuTables {
            skus: kv::Tbl::Read(rtx.open_table(SKUS)?),
            by_code: kv::Tbl::Read(rtx.open_table(SKU_BY_CODE)?),
            by_barcode: kv::Tbl::Read(rtx.open_table(SKU_BY_BARCODE)?),
            by_code_key: kv::Tbl::Read(rtx.open_table(SKU_BY_CODE_KEY)?),
            by_barcode_key: kv::Tbl::Read(rtx.open_table(SKU_BY_BARCODE_KEY)?),
        }))
    }

    /// Saves SKUs that are new (no earlier record, codes and barcodes checked free):
    /// as `put_skus` without looking for old index entries to remove.
    pub fn put_new_skus(&self, list: &[Sku]) -> StoreResult<()> {
        self.write_skus(list, false)
    }

    /// The levels and the ledger held open for many entries in a row (imports). While it
    /// lives, other calls on this transaction must not touch those three tables.
    pub fn ledger_writer(&self) -> StoreResult<LedgerWriter<'_>> {
        let ledger = self.txn.open_table(LEDGER)?;
        let last = ledger.last()?.map(|(k, _)| k.value()).unwrap_or(0);
        Ok(LedgerWriter {
            levels: self.txn.open_table(LEVELS)?,
            by_sku: Some(self.txn.open_table(LEDGER_BY_SKU)?),
            held: Vec::new(),
            ledger,
            last,
        })
    }

    /// As `ledger_writer`, but the per-SKU ledger index is not opened: its entries are
    /// held (`LedgerWriter::take_held_index`) for `put_ledger_index`, which another thread
    /// may run meanwhile. Whoever holds them must write them before the commit.
    pub fn ledger_writer_holding_index(&self) -> StoreResult<LedgerWriter<'_>> {
        let ledger = self.txn.open_table(LEDGER)?;
        let last = ledger.last()?.map(|(k, _)| k.value()).unwrap_or(0);
        Ok(LedgerWriter {
            levels: self.txn.open_table(LEVELS)?,
            by_sku: None,
            held: Vec::new(),
            ledger,
            last,
        })
    }

    /// Writes per-SKU ledger index entries held by a `ledger_writer_holding_index`.
    pub fn put_ledger_index(&self, held: &[(SkuId, Seq)]) -> StoreResult<()> {
        let mut t = self.txn.open_table(LEDGER_BY_SKU)?;
        for k in held {
            t.put(*k, ())?;
        }
        Ok(())
    }

    /// True when some order waits as a backorder (then freed stock goes to it first).
    pub fn any_backorders(&self) -> StoreResult<bool> {
        Ok(!self.txn.open_table(BACKORDERS)?.is_empty()?)
    }

    pub fn put_levels(&self, sku: SkuId, loc: LocationId, l: &Levels) -> StoreResult<()> {
        self.txn
            .open_table(LEVELS)?
            .put((sku, loc), encode(l).as_slice())?;
        Ok(())
    }

    /// Appends a movement; its `seq` must be the next one.
    pub fn append_movement(&self, m: &Movement) -> StoreResult<()> {
        self.txn
            .open_table(LEDGER)?
            .put(m.seq, encode(m).as_slice())?;
        self.txn
            .open_table(LEDGER_BY_SKU)?
            .put((m.sku, m.seq), ())?;
        Ok(())
    }

    /// Saves a reservation and keeps its indexes (queue, backorders, hold deadlines) in step
    /// with it, touching only the indexes whose entry changes.
    pub fn put_reservation(&self, r: &Reservation) -> StoreResult<()> {
        use crate::domain::ReservationStatus::Backorder;
        let old: Option<Reservation> = {
            let mut t = self.txn.open_table(RESERVATIONS)?;
            let prev = t.insert(r.id, encode(r).as_slice())?;
            match prev {
                Some(g) => Some(decode::<Reservation>(g.value())?),
                None => None,
            }
        };
        let was_queued = old.as_ref().is_some_and(|o| o.status.in_queue());
        if was_queued != r.status.in_queue() {
            let mut open = self.txn.open_table(OPEN_RESERVATIONS)?;
            if r.status.in_queue() {
                open.put(r.id, ())?;
            } else {
                open.remove(r.id)?;
            }
        }
        let old_back = old
            .as_ref()
            .filter(|o| o.status == Backorder)
            .map(|o| (o.sku, o.id));
        let new_back = (r.status == Backorder).then_some((r.sku, r.id));
        if old_back != new_back {
            let mut backorders = self.txn.open_table(BACKORDERS)?;
            if let Some(k) = old_back {
                backorders.remove(k)?;
            }
            if let Some(k) = new_back {
                backorders.put(k, ())?;
            }
        }
        let old_hold = old
            .as_ref()
            .and_then(|o| o.deadline.filter(|_| o.status.is_open()));
        let new_hold = r.deadline.filter(|_| r.status.is_open());
        if old_hold != new_hold {
            let mut deadlines = self.txn.open_table(HOLD_DEADLINES)?;
            if let Some(d) = old_hold {
                deadlines.remove((d, r.id))?;
            }
            if let Some(d) = new_hold {
                deadlines.put((d, r.id), ())?;
            }
        }
        Ok(())
    }

    pub fn set_listed(&self, ch: ChannelId, sku: SkuId, qty: u64) -> StoreResult<()> {
        self.txn.open_table(LISTED)?.put((ch, sku), qty)?;
        Ok(())
    }

    pub fn set_feed_sent(&self, ch: ChannelId, sku: SkuId, qty: u64) -> StoreResult<()> {
        self.txn.open_table(FEED_SENT)?.put((ch, sku), qty)?;
        Ok(())
    }

    pub fn put_order(
        &self,
        ch: ChannelId,
        order_ref: &str,
        sku: SkuId,
        id: ReservationId,
    ) -> StoreResult<()> {
        self.txn.open_table(ORDERS)?.put((ch, order_ref, sku), id)?;
        Ok(())
    }

    pub fn put_user(&self, u: &User) -> StoreResult<()> {
        self.memo.users.take();
        self.txn
            .open_table(USERS)?
            .put(u.name.as_str(), encode(u).as_slice())?;
        Ok(())
    }

    pub fn put_count_session(&self, c: &CountSession) -> StoreResult<()> {
        self.txn
            .open_table(COUNT_SESSIONS)?
            .put(c.id, encode(c).as_slice())?;
        Ok(())
    }

    pub fn put_count_entry(&self, e: &CountEntry) -> StoreResult<()> {
        self.txn
            .open_table(COUNT_ENTRIES)?
            .put((e.session, e.n), encode(e).as_slice())?;
        Ok(())
    }

    /// Stores a purchase order and keeps the open-order index in step with it.
    pub fn put_purchase_order(&self, p: &PurchaseOrder) -> StoreResult<()> {
        self.txn
            .open_table(PURCHASE_ORDERS)?
            .put(p.id, encode(p).as_slice())?;
        let mut open = self.txn.open_table(OPEN_PURCHASE_ORDERS)?;
        if p.status == PoStatus::Open {
            open.put(p.id, ())?;
        } else {
            open.remove(p.id)?;
        }
        Ok(())
    }

    pub fn put_snooze(&self, s: &Snooze) -> StoreResult<()> {
        self.txn
            .open_table(SNOOZES)?
            .put(s.sku, encode(s).as_slice())?;
        Ok(())
    }

    pub fn remove_snooze(&self, sku: SkuId) -> StoreResult<()> {
        self.txn.open_table(SNOOZES)?.remove(sku)?;
        Ok(())
    }

    pub fn remove_user(&self, name: &str) -> StoreResult<()> {
        self.memo.users.take();
        self.txn.open_table(USERS)?.remove(name)?;
        Ok(())
    }

    /// The answer remembered for a server request id, when that request was applied.
    pub fn remembered_request(&self, id: u128) -> StoreResult<Option<RequestRecord>> {
        get_rec(self.txn.open_table(REQUESTS)?.get(id)?)
    }

    /// Remembers the answer of an applied request, in the transaction that applied it.
    pub fn remember_request(&self, id: u128, rec: &RequestRecord) -> StoreResult<()> {
        let old = self
            .txn
            .open_table(REQUESTS)?
            .insert(id, encode(rec).as_slice())?
            .map(|g| decode::<RequestRecord>(g.value()))
            .transpose()?;
        let mut by_time = self.txn.open_table(REQUESTS_BY_TIME)?;
        if let Some(old) = old {
            by_time.remove((old.at, id))?;
        }
        by_time.insert((rec.at, id), ())?;
        Ok(())
    }

    /// Forgets remembered requests applied before `before`, and the oldest beyond `keep`.
    /// Removes at most `budget` in one call, so one transaction never does much of it.
    pub fn forget_requests(&self, before: Millis, keep: u64, budget: usize) -> StoreResult<usize> {
        let mut by_time = self.txn.open_table(REQUESTS_BY_TIME)?;
        let mut requests = self.txn.open_table(REQUESTS)?;
        let over = by_time.len()?.saturating_sub(keep);
        let mut doomed = Vec::new();
        for (n, row) in by_time.iter()?.enumerate() {
            if doomed.len() >= budget {
                break;
            }
            let (at, id) = row?.0.value();
            if at >= before && (n as u64) >= over {
                break;
            }
            doomed.push((at, id));
        }
        for (at, id) in &doomed {
            by_time.remove((*at, *id))?;
            requests.remove(*id)?;
        }
        Ok(doomed.len())
    }

    /// How many requests are remembered.
    pub fn remembered_requests(&self) -> StoreResult<u64> {
        Ok(self.txn.open_table(REQUESTS)?.len()?)
    }
}
