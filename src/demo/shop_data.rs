//! The demo shop's goods, channels and places: the data `stockroom demo` builds from.

use crate::domain::ChannelKind;
use crate::i18n::pick;

/// (code prefix, Russian name, variants, price range in roubles, supplier)
pub(super) type Product = (
    &'static str,
    &'static str,
    &'static [&'static str],
    (u32, u32),
    &'static str,
);

pub(super) const PRODUCTS: &[Product] = &[
    (
        "TEA-GRN",
        "Чай зелёный «Сенча»",
        &["50 г", "100 г", "250 г"],
        (190, 690),
        "ООО Чайный двор",
    ),
    (
        "TEA-BLK",
        "Чай чёрный цейлонский",
        &["100 г", "250 г", "500 г"],
        (150, 590),
        "ООО Чайный двор",
    ),
    (
        "TEA-PUER",
        "Пуэр шу, блин",
        &["100 г", "357 г"],
        (890, 2490),
        "ИП Ли Вэй",
    ),
    (
        "TEA-OOL",
        "Улун молочный",
        &["50 г", "100 г"],
        (320, 790),
        "ИП Ли Вэй",
    ),
    (
        "TEA-HERB",
        "Иван-чай ферментированный",
        &["50 г", "100 г", "200 г"],
        (180, 450),
        "Фермерское хозяйство «Вологда»",
    ),
    (
        "COF-ARB",
        "Кофе арабика в зёрнах",
        &["250 г", "1 кг"],
        (490, 1890),
        "ООО Кофейня Опт",
    ),
    (
        "HONEY",
        "Мёд липовый",
        &["250 г", "500 г", "1 кг"],
        (350, 1100),
        "Пасека Алтай",
    ),
    (
        "HONEY-BUCK",
        "Мёд гречишный",
        &["250 г", "500 г"],
        (320, 790),
        "Пасека Алтай",
    ),
    (
        "JAM",
        "Варенье из морошки",
        &["250 мл", "500 мл"],
        (450, 890),
        "Северные ягоды",
    ),
    (
        "CUP-CER",
        "Чашка керамическая",
        &["белая", "синяя", "зелёная"],
        (290, 490),
        "Гжель-Опт",
    ),
    (
        "TEAPOT",
        "Чайник заварочный стеклянный",
        &["600 мл", "1 л"],
        (690, 1290),
        "Гжель-Опт",
    ),
    (
        "SPOON-WOOD",
        "Ложка деревянная хохлома",
        &["S", "M", "L"],
        (150, 390),
        "Хохломская роспись",
    ),
    (
        "TRAY-KHOKH",
        "Поднос хохлома",
        &["30 см", "40 см"],
        (890, 1590),
        "Хохломская роспись",
    ),
    (
        "SCARF-PAVL",
        "Платок павлопосадский",
        &["01", "02", "03", "04"],
        (2900, 6900),
        "Павловопосадская мануфактура",
    ),
    (
        "TSHIRT",
        "Футболка «Самовар»",
        &["S", "M", "L", "XL"],
        (990, 1490),
        "ТексПринт",
    ),
    (
        "SAMOVAR",
        "Самовар электрический",
        &["3 л", "5 л"],
        (4900, 8900),
        "Тульский самовар",
    ),
    (
        "CANDLE",
        "Свеча ароматическая «Хвоя»",
        &["мал.", "бол."],
        (350, 790),
        "Свечной двор",
    ),
    (
        "GINGER",
        "Пряник тульский",
        &["140 г", "350 г"],
        (190, 420),
        "Тульский пряник",
    ),
    (
        "BAG-LINEN",
        "Сумка льняная",
        &["натуральная", "синяя"],
        (690, 1190),
        "Лён Костромы",
    ),
    (
        "NOTE",
        "Блокнот «Берёста»",
        &["A6", "A5"],
        (290, 590),
        "ТексПринт",
    ),
];

/// How a supplier the demo orders from by purchase order delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Delivers {
    /// Within a day of the lead time promised.
    Steady,
    /// Often 3 to 10 days late, else on time.
    Erratic,
}

/// The suppliers the demo sends purchase orders to: (name, lead days promised, how they
/// deliver). Every SKU of theirs has the promised lead time.
pub(super) const PO_SUPPLIERS: &[(&str, u32, Delivers)] = &[
    ("ООО Чайный двор", 7, Delivers::Steady),
    ("ИП Ли Вэй", 14, Delivers::Erratic),
];

/// The lead time a purchase-order supplier promises; none for the others.
pub(super) fn promised_lead(supplier: &str) -> Option<u32> {
    PO_SUPPLIERS
        .iter()
        .find(|(name, _, _)| *name == supplier)
        .map(|(_, days, _)| *days)
}

/// A demo channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chan {
    Latorga,
    Ozon,
    Wildberries,
    Till,
    Website,
    Telegram,
    Wholesale,
}

impl Chan {
    /// Its name: a marketplace or a messenger is called by its own; the shop's own channels
    /// in the interface language.
    pub(super) fn name(self) -> &'static str {
        match self {
            Chan::Latorga => "Latorga.ru",
            Chan::Ozon => "Ozon",
            Chan::Wildberries => "Wildberries",
            Chan::Telegram => "Telegram",
            Chan::Till => pick("Shop till", "Касса"),
            Chan::Website => pick("Website", "Сайт"),
            Chan::Wholesale => pick("Wholesale", "Опт"),
        }
    }

    /// How its order numbers begin.
    pub(super) fn order_prefix(self) -> &'static str {
        match self {
            Chan::Latorga => "LT",
            Chan::Ozon => "OZ",
            Chan::Wildberries => "WB",
            Chan::Website => "WEB",
            Chan::Telegram => "TG",
            Chan::Till | Chan::Wholesale => "OPT",
        }
    }
}

/// (channel, kind, priority, share of demand in per mille)
pub(super) const CHANNELS: &[(Chan, ChannelKind, u32, u32)] = &[
    (Chan::Latorga, ChannelKind::Marketplace, 1, 300),
    (Chan::Ozon, ChannelKind::Marketplace, 2, 250),
    (Chan::Wildberries, ChannelKind::Marketplace, 3, 200),
    (Chan::Till, ChannelKind::Retail, 1, 100),
    (Chan::Website, ChannelKind::Website, 4, 80),
    (Chan::Telegram, ChannelKind::Messenger, 5, 45),
    (Chan::Wholesale, ChannelKind::Wholesale, 6, 25),
];

/// The shop's second location, where the till sells from.
pub(super) fn shop_location() -> &'static str {
    pick("Shop", "Магазин")
}

/// The third location, which holds nothing at first.
pub(super) fn garage_location() -> &'static str {
    pick("Garage shelf", "Полка в гараже")
}
