//! Fixed strings of kits as the packer and the owner see them: (key, English, Russian).

pub static KITS: &[(&str, &str, &str)] = &[
    (
        "kit.part_scanned",
        "{}: {} of {} scanned; left: {}",
        "{}: отсканировано {} из {}; осталось: {}",
    ),
    (
        "kit.part_scanned_all",
        "{}: {} of {} scanned; reservation #{} ({}) is picked in full",
        "{}: отсканировано {} из {}; резерв #{} ({}) собран полностью",
    ),
    (
        "kit.picked_all",
        "{} of {} kits scanned; reservation #{} ({}) is picked in full",
        "отсканировано наборов: {} из {}; резерв #{} ({}) собран полностью",
    ),
    (
        "tui.scan_for_kit",
        "Scan the components of reservation #{} ({}) listed below; Enter after each, Esc when done",
        "Сканируйте компоненты резерва #{} ({}) по списку ниже; Enter после каждого, Esc в конце",
    ),
    (
        "tui.pick_list",
        "To pick: #{} {} ×{}",
        "Собрать: #{} {} ×{}",
    ),
    ("col.need", "need", "нужно"),
    ("kit.limits_short", "<-", "<-"),
    ("kit.limit_at", "{} at {}", "{} на складе {}"),
    ("kit.limits_at", "<- limits at {}", "<- ограничивает: {}"),
    ("col.scanned", "scanned", "отскан."),
];
