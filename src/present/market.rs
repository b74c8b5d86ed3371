//! The sentences for what the marketplace commands did.

use crate::i18n::fill;
use crate::inventory::Outcome;

pub fn market_outcome_text(o: &Outcome) -> Option<String> {
    Some(match o {
        Outcome::ChannelProfileSet { channel, profile } => {
            fill("market.profile_set", &[channel, &profile.as_str()])
        }
        Outcome::ChannelMapped {
            channel,
            set,
            removed,
        } => fill("market.mapped", &[channel, set, removed]),
        Outcome::ChannelListingSet {
            channel,
            listed: None,
        } => fill("market.listing_all", &[channel]),
        Outcome::ChannelListingSet {
            channel,
            listed: Some(n),
        } => fill("market.listing_some", &[channel, n]),
        Outcome::MarketOrdersImported(s) => {
            let o = &s.orders;
            fill(
                "market.orders_imported",
                &[
                    &o.rows,
                    &o.reserved,
                    &o.backordered,
                    &o.released,
                    &o.shipped,
                    &s.returned,
                    &s.changed,
                    &o.unchanged,
                ],
            )
        }
        _ => return None,
    })
}
