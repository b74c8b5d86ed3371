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
        "thr.min_forecast",
        "min {} from sales and the forecast: {}/day × {} days",
        "мин. {} по продажам и прогнозу: {} в день × {} дн.",
    ),
    ("fc.line", "forecast: {}", "прогноз: {}"),
    ("fc.trailing", "trailing {} days", "по последним {} дн."),
    (
        "fc.season",
        "last year's season ×{}",
        "сезон прошлого года ×{}",
    ),
    ("fc.trend", "trend ×{} over {} days", "тренд ×{} за {} дн."),
    (
        "fc.promo",
        "promotion {} {} – {} ×{} on {} % of sales",
        "акция {} {} – {} ×{} на {} % продаж",
    ),
    (
        "tui.chart",
        "Sold by week (−8…−1): {} · forecast (+1…+8): {}",
        "Продано по неделям (−8…−1): {} · прогноз (+1…+8): {}",
    ),
    (
        "promo.none",
        "No promotions planned.",
        "Акций не запланировано.",
    ),
];
