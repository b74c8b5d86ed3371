//! Input checks (quantities, texts, codes) and lookups by name or id (SKUs, locations,
//! channels, reservations), shared by every command family and query.

use crate::domain::{
    self, Channel, ChannelKind, Levels, Location, LocationId, Refusal, Reservation, Sku, SkuId,
};
use crate::store::{Reader, StoreError, WriteTx};

use super::engine::META_DEFAULT_LOCATION;
use super::{Error, InputError, Result, views};

/// A SKU's levels over every location (a kit's from its components).
pub fn sku_totals(r: &impl Reader, sku: SkuId) -> Result<Levels> {
    super::kits::totals(r, sku)
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

pub(crate) fn check_name(field: &str, s: &str, max: usize) -> Result<String> {
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

pub(crate) fn not_archived(s: &Sku) -> Result<()> {
    if s.archived {
        return Err(Refusal::SkuArchived {
            code: s.code.clone(),
        }
        .into());
    }
    Ok(())
}

/// Delivery details: the address is free text.
pub(crate) fn check_delivery(d: &domain::Delivery) -> Result<domain::Delivery> {
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
    let key = crate::domain::limits::name_key(name);
    Ok(r.locations()?
        .into_iter()
        .find(|l| crate::domain::limits::name_key(&l.name) == key))
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
    let key = crate::domain::limits::name_key(name);
    Ok(r.channels()?
        .into_iter()
        .find(|c| crate::domain::limits::name_key(&c.name) == key))
}

pub fn resolve_channel(r: &impl Reader, name: &str) -> Result<Channel> {
    find_channel(r, name)?.ok_or_else(|| InputError::UnknownChannel(name.to_string()).into())
}

pub(crate) fn sku_at(tx: &WriteTx, sku: &str, at: Option<&str>) -> Result<(Sku, Location)> {
    Ok((resolve_sku(tx, sku)?, resolve_location(tx, at)?))
}

pub(crate) fn open_reservation(tx: &WriteTx, id: u64) -> Result<Reservation> {
    let r = tx
        .reservation(id)?
        .ok_or(InputError::UnknownReservation(id))?;
    if !r.status.is_open() {
        return Err(Refusal::ReservationNotOpen {
            id,
            status: r.status,
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
    let mut v = super::queries::reservation_view_with(res, &s, &loc, &ch);
    if res.remaining > 0 {
        v.parts = super::kits_pick::pick_lines(r, res, None)?;
    }
    Ok(v)
}

// ---- SKUs ------------------------------------------------------------------------------

/// Finding SKUs by code, barcode and id: through the transaction (one lookup), or through
/// tables held open (`SkuIndex`, many lookups in an import).
pub(crate) trait SkuLookup {
    fn id_by_code(&self, code: &str) -> Result<Option<SkuId>>;
    fn id_by_barcode(&self, barcode: &str) -> Result<Option<SkuId>>;
    fn sku_of(&self, id: SkuId) -> Result<Sku>;
    /// Reads ahead what looking up `names` will read (see `store::SkuRead::prefetch`).
    fn prefetch(&self, _names: &[&str]) -> Result<()> {
        Ok(())
    }
    /// A SKU by its code or else by a barcode.
    fn resolve(&self, key: &str) -> Result<Sku> {
        let key = key.trim();
        let id = match self.id_by_code(key)? {
            Some(id) => Some(id),
            None => self.id_by_barcode(key)?,
        };
        match id {
            Some(id) => self.sku_of(id),
            None => {
                // Never taken as meant (a scan must find what it says), but said.
                for to_latin in [true, false] {
                    let Some(other) = crate::domain::limits::other_alphabet(key, to_latin) else {
                        continue;
                    };
                    let id = match self.id_by_code(&other)? {
                        Some(id) => Some(id),
                        None => self.id_by_barcode(&other)?,
                    };
                    if let Some(id) = id {
                        return Err(InputError::LookAlikeSku {
                            typed: key.to_string(),
                            code: self.sku_of(id)?.code,
                        }
                        .into());
                    }
                }
                Err(InputError::UnknownSku(key.to_string()).into())
            }
        }
    }
}

/// Whether `typed` is `s`'s code or one of its barcodes spelt with the look-alike letters
/// of the other alphabet (and not as it is).
pub(crate) fn spelt_in_other_alphabet(typed: &str, s: &Sku) -> bool {
    let names = || std::iter::once(&s.code).chain(&s.barcodes);
    [true, false].into_iter().any(|to_latin| {
        crate::domain::limits::other_alphabet(typed, to_latin)
            .map(|o| crate::domain::limits::code_key(&o))
            .is_some_and(|other| names().any(|n| crate::domain::limits::code_key(n) == other))
    })
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

/// The SKU tables held open, in a write transaction or a snapshot of its start.
impl<S, C> SkuLookup for crate::store::SkuTables<S, C>
where
    crate::store::SkuTables<S, C>: crate::store::SkuRead,
{
    fn id_by_code(&self, code: &str) -> Result<Option<SkuId>> {
        Ok(crate::store::SkuRead::id_by_code(self, code)?)
    }
    fn id_by_barcode(&self, barcode: &str) -> Result<Option<SkuId>> {
        Ok(crate::store::SkuRead::id_by_barcode(self, barcode)?)
    }
    fn sku_of(&self, id: SkuId) -> Result<Sku> {
        crate::store::SkuRead::sku(self, id)?
            .ok_or_else(|| StoreError::Corrupt(format!("SKU {id} is named but not stored")).into())
    }
    fn prefetch(&self, names: &[&str]) -> Result<()> {
        Ok(crate::store::SkuRead::prefetch(self, names)?)
    }
}

pub(crate) fn next_sku_id(tx: &WriteTx) -> Result<SkuId> {
    Ok(tx
        .last_sku_id()?
        .unwrap_or(0)
        .checked_add(1)
        .ok_or(Refusal::Overflow)?)
}

/// The default channel kinds' names, for messages.
pub fn channel_kinds() -> Vec<String> {
    ChannelKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}
