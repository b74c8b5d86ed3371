//! A channel's stock upload in its marketplace's own template, filled from the matrix.

use rust_xlsxwriter::XlsxError;

use crate::domain::profile::Profile;
use crate::io::xlsx::{Cell, SheetWriter, book};

/// One SKU of a channel's stock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockLine {
    pub code: String,
    pub name: String,
    pub barcode: String,
    /// The marketplace's id of the item, when the channel has one for it.
    pub item: Option<String>,
    pub qty: u64,
}

/// How a profile's stock upload looks.
pub struct StockTemplate {
    pub title: &'static str,
    /// Which template (as docs/marketplaces.md names it).
    pub version: &'static str,
    pub sheet: &'static str,
    pub headers: &'static [&'static str],
}

/// Ozon: "Товары и цены → Остатки → Обновить остатки → Шаблон для загрузки"
/// (`stock-update-template.xlsx`): sheet «Остатки на складе», column A the warehouse as the
/// cabinet names it («Склад Москва (22086355777000)»), B the seller's article (offer id), C an
/// optional name, D the quantity; data from row 2. Public client code that fills the real
/// template writes exactly these cells.
pub const OZON: StockTemplate = StockTemplate {
    title: "Ozon",
    version: "Ozon stock-update-template.xlsx, sheet «Остатки на складе» (2023-2025)",
    sheet: "Остатки на складе",
    headers: &["Склад", "Артикул", "Имя (необязательно)", "Количество"],
};

/// Wildberries: "Остатки → Загрузить остатки из Excel" for the seller's warehouse (.xlsx):
/// barcode and quantity.
pub const WILDBERRIES: StockTemplate = StockTemplate {
    title: "Wildberries",
    version: "Wildberries seller-warehouse stocks upload, .xlsx, columns «Баркод», «Количество» (2025)",
    sheet: "Остатки",
    headers: &["Баркод", "Количество"],
};

/// Yandex Market: "Товары → Остатки → Загрузить из файла" (.xlsx): the seller's SKU (offer
/// id), the name, the available quantity.
pub const YANDEX_MARKET: StockTemplate = StockTemplate {
    title: "Yandex Market",
    version: "Yandex Market stocks upload, .xlsx, sheet «Остатки» (2025)",
    sheet: "Остатки",
    headers: &["Ваш SKU", "Название товара", "Доступно"],
};

/// The template a profile writes, when it has one of its own (generic and Latorga write
/// stockroom's own code/barcode/qty CSV).
pub fn template(p: Profile) -> Option<&'static StockTemplate> {
    match p {
        Profile::Ozon => Some(&OZON),
        Profile::Wildberries => Some(&WILDBERRIES),
        Profile::YandexMarket => Some(&YANDEX_MARKET),
        Profile::Generic | Profile::Latorga => None,
    }
}

/// What a line is called in a template: the mapped item id, else (for barcode templates)
/// the barcode, else our code.
pub fn line_id(p: Profile, l: &StockLine) -> String {
    if let Some(i) = &l.item {
        return i.clone();
    }
    match p {
        Profile::Wildberries => l.barcode.clone(),
        _ => l.code.clone(),
    }
}

/// The .xlsx bytes of a profile's stock file. `warehouse` fills Ozon's «Склад» column.
pub fn stock_book(p: Profile, warehouse: &str, lines: &[StockLine]) -> Result<Vec<u8>, XlsxError> {
    let Some(t) = template(p) else {
        return book(Vec::new());
    };
    let mut w = SheetWriter::new(t.sheet, t.headers)?;
    for l in lines {
        let id = line_id(p, l);
        let qty = Cell::Num(l.qty as f64);
        match p {
            Profile::Ozon => w.row(&[
                Cell::Text(warehouse),
                Cell::Text(&id),
                Cell::Text(&l.name),
                qty,
            ])?,
            Profile::Wildberries => w.row(&[Cell::Text(&id), qty])?,
            _ => w.row(&[Cell::Text(&id), Cell::Text(&l.name), qty])?,
        }
    }
    book(vec![w.finish()?])
}
