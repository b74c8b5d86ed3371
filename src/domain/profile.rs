//! A channel's profile: which marketplace's files it speaks (order exports in, stock
//! uploads out) and how the marketplace names an item.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// The plain code/barcode/qty files stockroom has always read and written.
    #[default]
    Generic,
    Ozon,
    Wildberries,
    YandexMarket,
    Latorga,
}

/// What an order's status asks of the stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    /// Hold the units (awaiting packaging, awaiting shipment).
    Reserve,
    /// The units left (handed over, delivering, delivered); reserved first when new.
    Ship,
    /// Cancelled: the held units go back.
    Release,
    /// The buyer sent it back: a return against that order.
    Return,
}

impl OrderAction {
    pub const ALL: [OrderAction; 4] = [
        OrderAction::Reserve,
        OrderAction::Ship,
        OrderAction::Release,
        OrderAction::Return,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrderAction::Reserve => "reserve",
            OrderAction::Ship => "ship",
            OrderAction::Release => "release",
            OrderAction::Return => "return",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase();
        match s.as_str() {
            "cancel" | "cancelled" => Some(OrderAction::Release),
            _ => Self::ALL.into_iter().find(|a| a.as_str() == s),
        }
    }
}

impl Profile {
    pub const ALL: [Profile; 5] = [
        Profile::Generic,
        Profile::Ozon,
        Profile::Wildberries,
        Profile::YandexMarket,
        Profile::Latorga,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Generic => "generic",
            Profile::Ozon => "ozon",
            Profile::Wildberries => "wildberries",
            Profile::YandexMarket => "yandex-market",
            Profile::Latorga => "latorga",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase().replace('_', "-");
        match s.as_str() {
            "wb" => Some(Profile::Wildberries),
            "yandex" | "market" | "ym" => Some(Profile::YandexMarket),
            _ => Self::ALL.into_iter().find(|p| p.as_str() == s),
        }
    }
    /// Whether the marketplace names items by barcode, so an unmapped barcode in its files
    /// is looked up among the SKUs' barcodes.
    pub fn uses_barcodes(self) -> bool {
        matches!(
            self,
            Profile::Wildberries | Profile::Generic | Profile::Latorga
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_and_action_reads_back() {
        for p in Profile::ALL {
            assert_eq!(Profile::parse(p.as_str()), Some(p));
        }
        for a in OrderAction::ALL {
            assert_eq!(OrderAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(Profile::parse(" WB "), Some(Profile::Wildberries));
        assert_eq!(Profile::parse("yandex_market"), Some(Profile::YandexMarket));
        assert_eq!(Profile::parse("amazon"), None);
        assert_eq!(OrderAction::parse("Cancel"), Some(OrderAction::Release));
    }
}
