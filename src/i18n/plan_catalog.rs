//! Fixed strings of planning: promotions and the demand forecast (key, English, Russian).

pub static PLAN: &[(&str, &str, &str)] = &[
    (
        "cli.promo_added",
        "Promotion planned: {}",
        "Акция запланирована: {}",
    ),
    (
        "cli.promo_removed",
        "Promotion removed: {}",
        "Акция удалена: {}",
    ),
    (
        "promo.line",
        "#{} {} {} – {} ×{}, {}",
        "№{} {} {} – {} ×{}, {}",
    ),
    ("promo.every_sku", "every SKU", "все товары"),
    ("promo.past", "past", "прошла"),
    ("promo.running", "running", "идёт"),
    ("promo.planned", "planned", "впереди"),
    ("col.promo_days", "Days", "Дни"),
    ("col.uplift", "Uplift", "Рост"),
    ("col.promo_skus", "SKUs", "Товары"),
    (
        "promo.none",
        "No promotions planned.",
        "Акций не запланировано.",
    ),
];
