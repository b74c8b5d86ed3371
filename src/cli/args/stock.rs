//! The arguments of the stock movements: receive, reserve, release, pick, ship, sell,
//! return, defect, write-off, transfer and adjust.

use clap::Args;

use crate::domain::{DefectReason, DeliveryMethod, Destination};

#[derive(Args, Debug)]
pub struct ReceiveArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
    /// A reference kept in the ledger (a delivery note, an invoice number)
    #[arg(long = "ref")]
    pub reference: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReserveArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    /// The sales channel, by name
    #[arg(long)]
    pub channel: String,
    /// The channel's order number [default: none]
    #[arg(long)]
    pub order: Option<String>,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
    #[arg(long, help = format!("How the order is delivered: {}", super::words::<DeliveryMethod>()))]
    pub delivery: Option<String>,
    #[arg(long, help = format!("Where it is delivered: {}", super::words::<Destination>()))]
    pub dest: Option<String>,
    /// A free note on the address
    #[arg(long)]
    pub address: Option<String>,
    /// When too little is available, record a backorder instead of refusing
    #[arg(long, conflicts_with = "force")]
    pub backorder: bool,
    /// Owner: reserve even though the SKU is in shortage (needs --reason)
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the shortage is passed; written in the ledger note
    #[arg(long, requires = "force")]
    pub reason: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReleaseArgs {
    /// The reservation number (#12 or 12)
    pub id: String,
    /// Why it is cancelled; kept in the ledger
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Args, Debug)]
pub struct PickArgs {
    /// The reservation number (#12 or 12)
    pub id: String,
    /// The scanned barcode (or code) of one unit
    pub barcode: String,
}

#[derive(Args, Debug)]
pub struct ShipArgs {
    /// The reservation number (#12 or 12)
    pub id: String,
    /// Units to ship [default: all still reserved]
    #[arg(long, allow_negative_numbers = true)]
    pub qty: Option<String>,
    /// The carrier's tracking number
    #[arg(long)]
    pub tracking: Option<String>,
    /// What delivering this shipment cost, in roubles (counted in the margin report)
    #[arg(long, value_name = "RUB", allow_negative_numbers = true)]
    pub delivery_cost: Option<String>,
}

#[derive(Args, Debug)]
pub struct SellArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    /// The sales channel, by name
    #[arg(long)]
    pub channel: String,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
    /// Owner: sell even though the SKU is in shortage (needs --reason)
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the shortage is passed; written in the ledger note
    #[arg(long, requires = "force")]
    pub reason: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReturnArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    /// The sales channel, by name
    #[arg(long)]
    pub channel: String,
    /// The units are fit to sell: back to stock
    #[arg(long, conflicts_with = "defect", required_unless_present = "defect")]
    pub restock: bool,
    #[arg(long, value_name = "REASON", help = super::words::<DefectReason>())]
    pub defect: Option<String>,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
    /// The order the units were shipped on: at most what it shipped, less earlier returns
    #[arg(long, required_unless_present = "no_order")]
    pub order: Option<String>,
    /// A walk-in return that names no order (owner only)
    #[arg(long, conflicts_with = "order")]
    pub no_order: bool,
    /// Of a kit: this component comes back defective, CODE:REASON (repeatable; the rest restock)
    #[arg(
        long = "defective-part",
        value_name = "CODE:REASON",
        conflicts_with = "defect"
    )]
    pub defective_parts: Vec<String>,
    /// A free note kept in the ledger
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct DefectArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    #[arg(long, help = super::words::<DefectReason>())]
    pub reason: String,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
    /// A free note kept in the ledger
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Args, Debug)]
pub struct WriteoffArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    /// Why the units are written off; kept in the ledger
    #[arg(long)]
    pub reason: String,
    /// Take the units from defective, not from sellable stock
    #[arg(long)]
    pub defective: bool,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Args, Debug)]
pub struct TransferArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// A whole number of units, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub qty: String,
    /// The location the units leave
    #[arg(long)]
    pub from: String,
    /// The location the units go to
    #[arg(long)]
    pub to: String,
}

#[derive(Args, Debug)]
pub struct AdjustArgs {
    /// The SKU's code or one of its barcodes
    pub sku: String,
    /// Set on hand to N
    #[arg(
        long,
        conflicts_with = "by",
        required_unless_present = "by",
        allow_negative_numbers = true,
        value_name = "N"
    )]
    pub set: Option<String>,
    /// Change on hand by +N or -N
    #[arg(long, allow_hyphen_values = true, value_name = "+-N")]
    pub by: Option<String>,
    /// Why on hand is corrected; kept in the ledger
    #[arg(long)]
    pub reason: String,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(clap::Subcommand, Debug)]
pub enum KitCmd {
    /// Take components off the shelf into N made kits (kept as the kit's own stock)
    Assemble(KitAssembleArgs),
    /// Take N made kits apart: their components go back on the shelf
    Disassemble(KitAssembleArgs),
}

#[derive(Args, Debug)]
pub struct KitAssembleArgs {
    /// The kit's code or one of its barcodes
    pub sku: String,
    /// How many kits, 1..=1000000000
    #[arg(allow_negative_numbers = true)]
    pub kits: String,
    /// The location [default: the default location]
    #[arg(long)]
    pub at: Option<String>,
}
