//! What the TUI says in its own words: errors name keys, never commands to type (the CLI's
//! wording stays the CLI's), and each key as the keymap in force shows it.

use super::action::Action;
use super::app::App;
use super::keymap::Context;
use crate::i18n::fill;
use crate::inventory::{Error, InputError};

/// Something the status line can show as an error.
pub trait OnScreen {
    fn on_screen(&self, app: &App) -> String;
    /// The database did not answer (PostgreSQL down or out of reach).
    fn unreachable(&self) -> bool {
        false
    }
}

impl OnScreen for Error {
    fn on_screen(&self, app: &App) -> String {
        app.screen_error(self)
    }
    fn unreachable(&self) -> bool {
        matches!(
            self,
            Error::Store(crate::inventory::StoreErrorWire::Unreachable(_))
        )
    }
}

impl OnScreen for String {
    fn on_screen(&self, _: &App) -> String {
        self.clone()
    }
}

impl App {
    /// The key that runs the keymap action named `name` wherever it is bound, as the footer
    /// shows it; the action's description when no key is bound to it.
    pub fn key_of(&self, name: &str) -> String {
        match Action::from_name(name) {
            Some(a) => self
                .keymap
                .hint(&Context::ALL, a)
                .unwrap_or_else(|| a.describe().to_string()),
            None => name.to_string(),
        }
    }

    /// An error as the screen says it: a key where the CLI names a command.
    pub fn screen_error(&self, e: &Error) -> String {
        crate::i18n::screen::screen_error_text(e, &|name| self.key_of(name))
    }

    /// What a scan that matched nothing says: the barcode named as unknown, in the TUI's
    /// words; any other refusal as the screen says it.
    pub(crate) fn scan_error(&self, code: &str, e: &Error) -> String {
        match e {
            Error::Input(InputError::UnknownSku(_)) => {
                format!("✗ {}", fill("tui.scan_unknown", &[&code]))
            }
            e => format!("✗ {}", self.screen_error(e)),
        }
    }
}
