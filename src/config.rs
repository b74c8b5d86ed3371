//! Where stockroom keeps its files when nobody says: the database in the platform data
//! folder, keymap.toml in the platform config folder.

use std::path::{Path, PathBuf};

/// The default database: `stockroom.redb` in the platform data dir.
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "stockroom")
        .map(|d| d.data_dir().join("stockroom.redb"))
        .unwrap_or_else(|| PathBuf::from("stockroom.redb"))
}

/// The config dir: `--config-dir`, else the platform config dir.
pub fn config_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit.map(Path::to_path_buf).or_else(|| {
        directories::ProjectDirs::from("", "", "stockroom").map(|d| d.config_dir().to_path_buf())
    })
}
