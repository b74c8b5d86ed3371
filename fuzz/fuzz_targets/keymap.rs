//! keymap.toml text -> the keymap, merged over the defaults.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stockroom::tui::keymap::Keymap;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Keymap::defaults().merge_text("fuzz.toml", text);
    }
});
