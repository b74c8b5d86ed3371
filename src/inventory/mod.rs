//! The Inventory API: the one way the CLI, the TUI and the server read and change stock.
//!
//! A change is a `Command` (data, serde-serializable) applied for an actor in one write
//! transaction: check the role, check the rules, write the levels, append the ledger, commit.
//! A read is a `Query`. `LocalInventory` runs them on an embedded store; the server's
//! client runs them over a socket; callers cannot tell which.

pub mod backup;
mod catalog;
pub mod channels;
pub mod check;
pub mod clock;
pub mod connect;
pub mod engine;
mod error;
pub mod executor;
pub mod facts;
pub mod kits;
mod kits_check;
mod kits_import;
mod kits_made;
mod kits_pick;
mod kits_view;
pub mod local;
mod lookup;
pub mod market;
pub mod migrate;
pub mod money;
pub mod movements;
pub mod plan;
pub mod purchasing;
pub mod queries;
#[cfg(unix)]
pub mod remote;
pub mod replenish;
pub mod reports;
mod reservations;
mod shared;
pub mod stocktake;
pub mod sync;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::{
    AdjustTo, ChannelKind, DefectReason, Delivery, Millis, Money, ReservationId, Role, Seq, SkuId,
};
mod answer;
mod command;

pub use answer::*;
pub use command::*;
pub use engine::Ctx;
pub use error::*;
pub use local::LocalInventory;
pub use views::*;

/// The fields of a SKU as given on the command line or in an import row.
/// `None` leaves a field as it is (edit) or at its default (add).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkuSpec {
    pub code: String,
    pub name: Option<String>,
    pub barcodes: Vec<String>,
    pub supplier: Option<String>,
    pub lead_days: Option<u32>,
    pub min_stock: Option<u64>,
    pub safety_stock: Option<u64>,
    pub pack_size: Option<u64>,
    pub cost: Option<Money>,
    pub price: Option<Money>,
    /// Archived (true) or back in use (false): an import's `archived` column, so that an
    /// export read back keeps what was archived.
    #[serde(default)]
    pub archived: Option<bool>,
}

impl SkuSpec {
    /// `min_stock` or `safety_stock` set to this: the value set by hand is dropped and the
    /// rule computes it again (`sku edit --min auto`). No real quantity is this large (they
    /// stop at `limits::MAX_QTY`).
    pub const AUTO: u64 = u64::MAX;
}

/// One row of a stock import: set on_hand of a SKU at a location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRow {
    pub sku: String,
    pub location: Option<String>,
    pub on_hand: u64,
}

/// One kit of a SKU import: the SKU's code and its components (code, quantity per kit),
/// from the file's `kit` column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitRow {
    pub sku: String,
    pub components: Vec<(String, u64)>,
}

/// An imported row with where it came from, so errors can say FILE:LINE:COLUMN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located<T> {
    pub line: u64,
    /// Field name -> 1-based column in the file. In SKU and stock imports only the first
    /// row carries the file's layout and later rows leave this empty (a hundred thousand
    /// copies of the same header cost more than the rows): see `column_in`.
    pub columns: Vec<(String, u64)>,
    pub row: T,
}

impl<T> Located<T> {
    pub fn column_of(&self, field: &str) -> u64 {
        self.column_in(&[], field)
    }

    /// The column of `field`, from this row's own entries or else the layout its file
    /// shares.
    pub fn column_in(&self, shared: &[(String, u64)], field: &str) -> u64 {
        self.columns
            .iter()
            .chain(shared)
            .find(|(f, _)| f == field)
            .map(|(_, c)| *c)
            .unwrap_or(1)
    }

    /// The column a barcode of this row was read from, when it was not the file's first
    /// barcode column (`barcode=VALUE` entries, see `io::import::sku_rows`).
    pub fn barcode_column(&self, barcode: &str) -> Option<u64> {
        self.columns
            .iter()
            .find(|(f, _)| f.strip_prefix("barcode=") == Some(barcode))
            .map(|(_, c)| *c)
    }
}

/// The layout the first row of an import carries for all of them.
pub fn shared_layout<T>(rows: &[Located<T>]) -> &[(String, u64)] {
    rows.first().map(|r| r.columns.as_slice()).unwrap_or(&[])
}

/// The one API. `LocalInventory` and the socket client implement it.
pub trait Inventory: Send + Sync {
    fn execute(&self, cmd: Command) -> Result<Applied>;
    fn query(&self, q: Query) -> Result<Answer>;
}

/// Typed helpers over `query`, for callers that want one shape back.
pub trait InventoryExt: Inventory {
    fn sku_list(&self, filter: Option<String>, low: bool) -> Result<Vec<SkuRow>> {
        match self.query(Query::SkuList { filter, low })? {
            Answer::Skus(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn code_clashes(&self) -> Result<Vec<check::CodeClash>> {
        match self.query(Query::CodeClashes)? {
            Answer::CodeClashes(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_page(&self, after: Option<String>, limit: u32) -> Result<Vec<SkuRow>> {
        match self.query(Query::SkuPage { after, limit })? {
            Answer::Skus(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_keys(&self, after: Option<String>, limit: u32) -> Result<Vec<SkuKey>> {
        match self.query(Query::SkuKeys { after, limit })? {
            Answer::SkuKeys(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    /// Up to `limit` SKU keys in id order after the id `after` (see `Query::SkuKeysById`).
    fn sku_keys_by_id(&self, after: Option<u32>, limit: u32) -> Result<Vec<SkuKey>> {
        match self.query(Query::SkuKeysById { after, limit })? {
            Answer::SkuKeys(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_keys_by_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<SkuKey>> {
        match self.query(Query::SkuKeysByPrefix {
            prefix: prefix.to_string(),
            limit,
        })? {
            Answer::SkuKeys(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_rows_by_id(&self, ids: Vec<u32>) -> Result<Vec<(u32, SkuRow)>> {
        match self.query(Query::SkuRows { ids })? {
            Answer::SkuRows(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_by_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<SkuRow>> {
        match self.query(Query::SkuByPrefix {
            prefix: prefix.to_string(),
            limit,
        })? {
            Answer::Skus(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sku_detail(&self, sku: &str, history: usize) -> Result<SkuDetail> {
        match self.query(Query::SkuDetail {
            sku: sku.to_string(),
            history,
        })? {
            Answer::SkuDetail(v) => Ok(*v),
            other => Err(unexpected(other)),
        }
    }
    fn locations(&self) -> Result<Vec<LocationView>> {
        match self.query(Query::Locations)? {
            Answer::Locations(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn channels(&self) -> Result<Vec<ChannelView>> {
        match self.query(Query::Channels)? {
            Answer::Channels(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn reservation_queue(&self, limit: u32) -> Result<Vec<ReservationView>> {
        match self.query(Query::ReservationQueue { limit })? {
            Answer::Reservations(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn reservations(&self, channel: Option<String>, all: bool) -> Result<Vec<ReservationView>> {
        match self.query(Query::Reservations { channel, all })? {
            Answer::Reservations(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn history(&self, sku: Option<String>, limit: usize) -> Result<Vec<MovementView>> {
        match self.query(Query::History { sku, limit })? {
            Answer::History(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn history_find(&self, filter: reports::history::HistoryFilter) -> Result<Vec<MovementView>> {
        match self.query(Query::HistoryFind(filter))? {
            Answer::History(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn stock_value(&self) -> Result<reports::value::StockValue> {
        match self.query(Query::StockValue)? {
            Answer::StockValue(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn lead_times(&self) -> Result<reports::lead::LeadTimeReport> {
        match self.query(Query::LeadTimes)? {
            Answer::LeadTimes(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn slow_report(&self, dead_days: u32) -> Result<reports::slow::SlowReport> {
        match self.query(Query::SlowReport { dead_days })? {
            Answer::SlowReport(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn day_report(&self, from: Millis, to: Millis) -> Result<reports::day::DayReport> {
        match self.query(Query::DayReport { from, to })? {
            Answer::DayReport(v) => Ok(*v),
            other => Err(unexpected(other)),
        }
    }
    fn margin_report(
        &self,
        from: Option<Millis>,
        to: Option<Millis>,
        by: &str,
    ) -> Result<reports::margin::MarginReport> {
        match self.query(Query::MarginReport {
            from,
            to,
            by: by.to_string(),
        })? {
            Answer::MarginReport(v) => Ok(*v),
            other => Err(unexpected(other)),
        }
    }
    fn promos(&self) -> Result<Vec<plan::PromoView>> {
        match self.query(Query::Promos)? {
            Answer::Promos(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn users(&self) -> Result<Vec<UserView>> {
        match self.query(Query::Users)? {
            Answer::Users(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn whoami(&self) -> Result<UserView> {
        match self.query(Query::WhoAmI)? {
            Answer::WhoAmI(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn check(&self) -> Result<check::CheckReport> {
        match self.query(Query::Check)? {
            Answer::Check(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn catalog(&self) -> Result<Vec<CatalogRow>> {
        match self.query(Query::Catalog)? {
            Answer::Catalog(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn stock(&self) -> Result<Vec<StockLine>> {
        match self.query(Query::Stock)? {
            Answer::Stock(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn ledger(&self) -> Result<Vec<MovementView>> {
        match self.query(Query::Ledger)? {
            Answer::History(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn count_sessions(&self) -> Result<Vec<stocktake::SessionView>> {
        match self.query(Query::CountList)? {
            Answer::CountSessions(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn count_report(&self, session: u64) -> Result<stocktake::CountReport> {
        match self.query(Query::CountDiff { session })? {
            Answer::CountReport(v) => Ok(*v),
            other => Err(unexpected(other)),
        }
    }
    fn matrix(&self) -> Result<(Vec<channels::RulesView>, Vec<channels::MatrixRow>)> {
        match self.query(Query::Matrix)? {
            Answer::Matrix { channels, rows } => Ok((channels, rows)),
            other => Err(unexpected(other)),
        }
    }
    fn channel_setup(&self, channel: &str) -> Result<market::SetupView> {
        match self.query(Query::ChannelSetup {
            channel: channel.to_string(),
        })? {
            Answer::ChannelSetup(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn feed(&self, channel: &str, changed_only: bool) -> Result<Vec<channels::FeedRow>> {
        match self.query(Query::Feed {
            channel: channel.to_string(),
            changed_only,
        })? {
            Answer::Feed(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn sync_feed(&self, channel: &str) -> Result<Vec<channels::FeedRow>> {
        match self.query(Query::SyncFeed {
            channel: channel.to_string(),
        })? {
            Answer::Feed(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn stats(&self) -> Result<Stats> {
        match self.query(Query::Stats)? {
            Answer::Stats(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn alerts(&self, days: u32, all: bool) -> Result<Vec<replenish::AlertRow>> {
        match self.query(Query::Alerts { days, all })? {
            Answer::Alerts(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    /// The channels, each with how many SKUs drift (left unknown for one who may not
    /// see stock levels, as during a blind count).
    fn channels_with_drift(&self) -> Result<Vec<ChannelView>> {
        let mut chans = self.channels()?;
        let rows = match self.matrix() {
            Ok((_, rows)) => rows,
            Err(Error::Forbidden { .. }) => return Ok(chans),
            Err(e) => return Err(e),
        };
        let counts = channels::drift_counts(&rows);
        for c in &mut chans {
            c.drift = Some(counts.get(&c.name).copied().unwrap_or(0));
        }
        Ok(chans)
    }
    /// The alerts for the SKUs a channel lists, each with what that channel shows and
    /// sells; an unknown channel is refused.
    fn channel_alerts(
        &self,
        days: u32,
        all: bool,
        channel: &str,
    ) -> Result<Vec<replenish::AlertRow>> {
        let setup = self.channel_setup(channel)?;
        let rows = self.alerts(days, all)?;
        let (_, matrix) = self.matrix()?;
        let sales = self.velocity_report(days)?;
        Ok(replenish::for_channel(rows, &setup, &matrix, &sales))
    }
    fn purchase_orders(&self, all: bool) -> Result<Vec<purchasing::PoView>> {
        match self.query(Query::PurchaseOrders { all })? {
            Answer::PurchaseOrders(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn purchase_order(&self, id: u64) -> Result<purchasing::PoView> {
        match self.query(Query::PurchaseOrder { id })? {
            Answer::PurchaseOrders(mut v) if v.len() == 1 => Ok(v.remove(0)),
            other => Err(unexpected(other)),
        }
    }
    fn velocity_report(&self, days: u32) -> Result<Vec<replenish::VelocityRow>> {
        match self.query(Query::VelocityReport { days })? {
            Answer::VelocityReport(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
    fn defect_report(&self, days: u32) -> Result<replenish::DefectReport> {
        match self.query(Query::DefectReport { days })? {
            Answer::DefectReport(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    }
}

impl<T: Inventory + ?Sized> InventoryExt for T {}

fn unexpected(a: Answer) -> Error {
    Error::Store(StoreErrorWire::Connection(
        format!("unexpected answer: {a:?}")
            .chars()
            .take(200)
            .collect(),
    ))
}
