//! A kit as the SKU detail shows it: its components, what each allows, and, per location,
//! the kits available there and the component that limits them. A kit is packed from the
//! components at one place (a reservation takes it from one location), so the limit is
//! read per location, never from totals over all of them.

use serde::{Deserialize, Serialize};

use crate::domain::kit;
use crate::domain::{LocationId, SkuId};
use crate::store::Reader;

use super::Result;
use super::engine::sku_by_id;

/// One component as the SKU detail shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitComponentView {
    pub code: String,
    pub name: String,
    /// Units of it in one kit.
    pub qty: u64,
    /// Its own available over every location.
    pub available: i64,
    /// Kits it alone would allow: floor(available / qty) at each location, summed.
    pub kits: i64,
    /// It limits the kit at one of the kit's locations at least.
    pub limiting: bool,
    /// The locations where it limits the kit.
    #[serde(default)]
    pub limits_at: Vec<String>,
}

/// One location of a kit: the kits available there and the component that limits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitPlaceView {
    pub location: String,
    /// Kits available there: made kits and what the components there allow.
    pub available: i64,
    /// The component with the fewest kits there (the first when several have as few).
    pub limited_by: String,
}

/// A kit's components and what they allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitView {
    pub components: Vec<KitComponentView>,
    /// Kits available over every location.
    pub available: i64,
    /// Each location that holds its components or made kits (the default location when
    /// none does), with its limit.
    #[serde(default)]
    pub places: Vec<KitPlaceView>,
}

impl KitComponentView {
    /// Its mark in the components' table: where it limits the kit (nothing when it does
    /// not; the mark alone when the kit has one location).
    pub fn limit_mark(&self, places: usize) -> String {
        match (self.limiting, places > 1) {
            (false, _) => String::new(),
            (true, false) => crate::i18n::text("cli.kit_limits").to_string(),
            (true, true) => crate::i18n::fill("kit.limits_at", &[&self.limits_at.join(", ")]),
        }
    }
}

impl KitView {
    /// The limit as one line says it: the component alone when the kit has one location,
    /// else "CODE at LOCATION" for each.
    pub fn limit_text(&self) -> String {
        match self.places.as_slice() {
            [] => String::new(),
            [one] => one.limited_by.clone(),
            many => many
                .iter()
                .map(|p| crate::i18n::fill("kit.limit_at", &[&p.limited_by, &p.location]))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// A kit's components with what each allows, for the SKU detail; `None` for a plain SKU.
pub fn kit_view(r: &impl Reader, sku: SkuId) -> Result<Option<KitView>> {
    let Some(k) = r.kit(sku)? else {
        return Ok(None);
    };
    let mut comps = Vec::with_capacity(k.parts.len());
    for p in &k.parts {
        let c = sku_by_id(r, p.sku)?;
        comps.push(KitComponentView {
            code: c.code,
            name: c.name,
            qty: p.qty,
            available: 0,
            kits: 0,
            limiting: false,
            limits_at: Vec::new(),
        });
    }
    let mut places = Vec::new();
    let mut total = 0i64;
    for (loc, name) in kit_locations(r, &k)? {
        let mut avail = Vec::with_capacity(k.parts.len());
        for (p, c) in k.parts.iter().zip(comps.iter_mut()) {
            let a = r.levels(p.sku, loc)?.available();
            let per = i64::try_from(p.qty.max(1)).unwrap_or(i64::MAX);
            c.available = c.available.saturating_add(a);
            c.kits = c.kits.saturating_add(a.div_euclid(per));
            avail.push(a);
        }
        let available = super::kits::kit_levels(r, &k, loc)?.available();
        total = total.saturating_add(available);
        if let Some((_, i)) = kit::kit_available(&k.parts, &avail)
            && let Some(c) = comps.get_mut(i)
        {
            c.limiting = true;
            c.limits_at.push(name.clone());
            places.push(KitPlaceView {
                location: name,
                available,
                limited_by: c.code.clone(),
            });
        }
    }
    // Components at locations the kit is not read at still count in their own available.
    for (p, c) in k.parts.iter().zip(comps.iter_mut()) {
        c.available = super::kits::totals(r, p.sku)?.available();
    }
    Ok(Some(KitView {
        components: comps,
        available: total,
        places,
    }))
}

/// The locations a kit is read at: each holding any of its components or its made kits,
/// in the order the locations were made; the default location when none does.
fn kit_locations(r: &impl Reader, k: &kit::Kit) -> Result<Vec<(LocationId, String)>> {
    let locs = r.locations()?;
    let mut out = Vec::new();
    for l in &locs {
        let mut held = !r.levels(k.kit, l.id)?.is_zero();
        for p in &k.parts {
            held = held || !r.levels(p.sku, l.id)?.is_zero();
        }
        if held {
            out.push((l.id, l.name.clone()));
        }
    }
    if out.is_empty() {
        let default = super::lookup::default_location_id(r)?;
        if let Some(l) = locs.iter().find(|l| Some(l.id) == default).or(locs.first()) {
            out.push((l.id, l.name.clone()));
        }
    }
    Ok(out)
}
