//! The arguments of a channel's marketplace setup: its profile, item ids and listing.

use std::path::PathBuf;

use clap::Args;

#[derive(Args, Debug)]
pub struct ChannelEditArgs {
    /// The sales channel, by name
    pub channel: String,
    /// generic, ozon, wildberries, yandex-market, latorga
    #[arg(long)]
    pub profile: String,
}

#[derive(Args, Debug)]
pub struct ChannelMapArgs {
    /// The sales channel, by name
    pub channel: String,
    /// Our SKU code
    pub sku: Option<String>,
    /// The marketplace's id for it
    #[arg(long, conflicts_with = "remove")]
    pub item: Option<String>,
    /// Forget the SKU's id on this channel
    #[arg(long)]
    pub remove: bool,
    /// A CSV or .xlsx file of code and item id (an empty item id forgets it)
    #[arg(long, conflicts_with_all = ["sku", "item", "remove"])]
    pub file: Option<PathBuf>,
    /// The sheet of an .xlsx file to read [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Args, Debug)]
pub struct ListSkusArgs {
    /// The sales channel, by name
    pub channel: String,
    /// List these SKUs too (a channel that listed everything lists only these)
    #[arg(long, num_args = 1.., value_name = "CODE")]
    pub add: Vec<String>,
    /// Stop listing these SKUs
    #[arg(long, num_args = 1.., value_name = "CODE", conflicts_with = "add")]
    pub remove: Vec<String>,
    /// List exactly the SKUs of this CSV or .xlsx file (a code column)
    #[arg(long, conflicts_with_all = ["add", "remove"])]
    pub file: Option<PathBuf>,
    /// Back to listing every SKU (the default)
    #[arg(long, conflicts_with_all = ["add", "remove", "file"])]
    pub all: bool,
}
