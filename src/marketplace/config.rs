//! Where a channel's API keys come from: `marketplaces.toml` in the config folder (owner
//! read/write only, 0600, or it is refused) and environment variables, which win. Keys are
//! kept here and in the requests, never in the database, the ledger or any message.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::api::{Settings, ozon, wildberries};
use crate::i18n::fill;

pub const FILE_NAME: &str = "marketplaces.toml";

/// Which marketplace API a channel talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ApiKind {
    Ozon,
    Wildberries,
}

impl ApiKind {
    pub fn parse(s: &str) -> Option<ApiKind> {
        match s.trim().to_lowercase().as_str() {
            "ozon" => Some(ApiKind::Ozon),
            "wildberries" | "wb" => Some(ApiKind::Wildberries),
            _ => None,
        }
    }

    /// A channel named after its marketplace ("Ozon", "Ozon FBS", "WB", "Wildberries").
    pub fn guess(channel: &str) -> Option<ApiKind> {
        let n = channel.to_lowercase();
        if n.contains("ozon") || n.contains("озон") {
            Some(ApiKind::Ozon)
        } else if n.contains("wildberries")
            || n == "wb"
            || n.starts_with("wb ")
            || n.contains("вайлдберриз")
        {
            Some(ApiKind::Wildberries)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Ozon => "ozon",
            ApiKind::Wildberries => "wildberries",
        }
    }
}

/// The keys of one marketplace account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keys {
    Ozon(ozon::Keys),
    Wildberries(wildberries::Token),
}

/// Everything a sync of one channel needs to reach its API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelApi {
    pub kind: ApiKind,
    pub keys: Keys,
    pub warehouse: u64,
    pub url: String,
    /// Wildberries' content API (size ids of barcodes).
    pub content_url: String,
    pub settings: Settings,
    /// How many days back order lists are read each time.
    pub days: u32,
}

/// A setting that is wrong or missing: the file (or variable) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub place: String,
    pub message: String,
    /// The channel simply has no keys (or no known API): not a refusal to report.
    pub missing: bool,
}

fn err(place: impl Into<String>, message: String) -> ConfigError {
    ConfigError {
        place: place.into(),
        message,
        missing: false,
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Whether the keys file in `config_dir` may be used at all: its mode, that it reads and
/// that it is TOML. No file is fine (no channel has keys there).
pub fn check_file(config_dir: Option<&Path>) -> Result<(), ConfigError> {
    match config_dir {
        Some(d) => read_file(&d.join(FILE_NAME), "").map(|_| ()),
        None => Ok(()),
    }
}

/// Values as read from the file's section or the environment, before checking.
#[derive(Default)]
struct Raw {
    api: Option<String>,
    client_id: Option<String>,
    api_key: Option<String>,
    token: Option<String>,
    warehouse_id: Option<String>,
    url: Option<String>,
    content_url: Option<String>,
    timeout_ms: Option<String>,
    retries: Option<String>,
    backoff_ms: Option<String>,
    backoff_cap_ms: Option<String>,
    days: Option<String>,
}

const KEYS: &[&str] = &[
    "api",
    "client_id",
    "api_key",
    "token",
    "warehouse_id",
    "url",
    "content_url",
    "timeout_ms",
    "retries",
    "backoff_ms",
    "backoff_cap_ms",
    "days",
];

impl Raw {
    fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "api" => &mut self.api,
            "client_id" => &mut self.client_id,
            "api_key" => &mut self.api_key,
            "token" => &mut self.token,
            "warehouse_id" => &mut self.warehouse_id,
            "url" => &mut self.url,
            "content_url" => &mut self.content_url,
            "timeout_ms" => &mut self.timeout_ms,
            "retries" => &mut self.retries,
            "backoff_ms" => &mut self.backoff_ms,
            "backoff_cap_ms" => &mut self.backoff_cap_ms,
            "days" => &mut self.days,
            _ => return None,
        })
    }
}

/// The environment variable that sets `key` for an API.
pub fn env_name(kind: ApiKind, key: &str) -> String {
    let common = matches!(
        key,
        "timeout_ms" | "retries" | "backoff_ms" | "backoff_cap_ms" | "days"
    );
    if common {
        return format!("STOCKROOM_SYNC_{}", key.to_uppercase());
    }
    let p = match kind {
        ApiKind::Ozon => "OZON",
        ApiKind::Wildberries => "WB",
    };
    format!("STOCKROOM_{p}_{}", key.to_uppercase())
}

/// Refuses a keys file that anybody but its owner may read or write.
#[cfg(unix)]
fn check_mode(path: &Path) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let meta =
        std::fs::metadata(path).map_err(|e| err(path.display().to_string(), e.to_string()))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(err(
            path.display().to_string(),
            fill("sync.cfg_mode", &[&format!("{mode:o}"), &path.display()]),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_mode(_path: &Path) -> Result<(), ConfigError> {
    Ok(())
}

/// The channel's section of the file, if the file has one (names match in any case).
fn read_file(path: &Path, channel: &str) -> Result<Raw, ConfigError> {
    let mut raw = Raw::default();
    if !path.exists() {
        return Ok(raw);
    }
    check_mode(path)?;
    let place = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| err(&place, e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| err(&place, fill("sync.cfg_not_utf8", &[])))?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| err(&place, e.message().to_string()))?;
    let Some((name, section)) = table
        .iter()
        .find(|(k, _)| k.to_lowercase() == channel.to_lowercase())
    else {
        return Ok(raw);
    };
    let Some(section) = section.as_table() else {
        return Err(err(&place, fill("sync.cfg_not_section", &[name])));
    };
    for (k, v) in section {
        let value = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            _ => {
                return Err(err(
                    &place,
                    fill("sync.cfg_bad_value", &[&format!("{name}.{k}")]),
                ));
            }
        };
        match raw.slot(k) {
            Some(slot) => *slot = Some(value),
            None => {
                return Err(err(
                    &place,
                    fill(
                        "sync.cfg_unknown_key",
                        &[&format!("{name}.{k}"), &KEYS.join(", ")],
                    ),
                ));
            }
        }
    }
    Ok(raw)
}

/// The allowed values of a numeric setting, both ends included.
fn range(key: &str) -> (u64, u64) {
    match key {
        "timeout_ms" => (100, 600_000),
        "retries" => (0, 20),
        "backoff_ms" => (0, 600_000),
        "backoff_cap_ms" => (0, 3_600_000),
        "days" => (1, 90),
        _ => (0, u64::MAX),
    }
}

/// A numeric setting within `min..=max`, or a refusal naming it, its value and the range.
fn ranged(
    raw: &Raw,
    key: &str,
    place: &str,
    min: u64,
    max: u64,
) -> Result<Option<u64>, ConfigError> {
    let v = match key {
        "timeout_ms" => &raw.timeout_ms,
        "retries" => &raw.retries,
        "backoff_ms" => &raw.backoff_ms,
        "backoff_cap_ms" => &raw.backoff_cap_ms,
        _ => &raw.days,
    };
    let Some(n) = number::<u64>(v, key, place)? else {
        return Ok(None);
    };
    if n < min || n > max {
        return Err(err(place, fill("sync.cfg_range", &[&key, &n, &min, &max])));
    }
    Ok(Some(n))
}

fn number<T: std::str::FromStr>(
    v: &Option<String>,
    key: &str,
    place: &str,
) -> Result<Option<T>, ConfigError> {
    match v {
        None => Ok(None),
        Some(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| err(place, fill("sync.cfg_not_number", &[&key]))),
    }
}

/// The channel's API settings: the file in `config_dir`, then the environment (`env`
/// reads a variable: `std::env::var` in the program, a map in tests). `api` is the
/// `--api` flag, which wins over the file and over a guess from the channel's name.
pub fn load(
    config_dir: Option<&Path>,
    channel: &str,
    api: Option<ApiKind>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ChannelApi, ConfigError> {
    let path: Option<PathBuf> = config_dir.map(|d| d.join(FILE_NAME));
    let place = path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| FILE_NAME.to_string());
    let mut raw = match &path {
        Some(p) => read_file(p, channel)?,
        None => Raw::default(),
    };
    let kind = match (api, &raw.api) {
        (Some(k), _) => k,
        (None, Some(s)) => {
            ApiKind::parse(s).ok_or_else(|| err(&place, fill("sync.cfg_bad_api", &[s])))?
        }
        (None, None) => ApiKind::guess(channel).ok_or_else(|| ConfigError {
            missing: true,
            ..err(
                format!("--channel {channel}"),
                fill("sync.cfg_which_api", &[&channel]),
            )
        })?,
    };
    for key in KEYS.iter().filter(|k| **k != "api") {
        if let Some(v) = env(&env_name(kind, key)).filter(|v| !v.trim().is_empty())
            && let Some(slot) = raw.slot(key)
        {
            *slot = Some(v);
        }
    }
    let missing = |key: &str| ConfigError {
        missing: true,
        ..err(
            format!("--channel {channel}"),
            fill(
                "sync.cfg_missing",
                &[&key, &place, &channel, &env_name(kind, key)],
            ),
        )
    };
    let keys = match kind {
        ApiKind::Ozon => Keys::Ozon(ozon::Keys {
            client_id: raw.client_id.clone().ok_or_else(|| missing("client_id"))?,
            api_key: raw.api_key.clone().ok_or_else(|| missing("api_key"))?,
        }),
        ApiKind::Wildberries => Keys::Wildberries(wildberries::Token(
            raw.token.clone().ok_or_else(|| missing("token"))?,
        )),
    };
    // A key pasted with its line break would be refused by the HTTP client as an
    // unreachable marketplace; say what it is.
    for (key, v) in [
        ("client_id", &raw.client_id),
        ("api_key", &raw.api_key),
        ("token", &raw.token),
    ] {
        if v.as_deref()
            .is_some_and(|v| v.chars().any(char::is_control))
        {
            return Err(err(
                format!("--channel {channel}"),
                fill("sync.cfg_key_control", &[&key]),
            ));
        }
    }
    let warehouse = number::<u64>(&raw.warehouse_id, "warehouse_id", &place)?
        .ok_or_else(|| missing("warehouse_id"))?;
    let d = Settings::default();
    let ms = |key: &str, dflt: Duration| -> Result<Duration, ConfigError> {
        let (min, max) = range(key);
        Ok(ranged(&raw, key, &place, min, max)?
            .map(Duration::from_millis)
            .unwrap_or(dflt))
    };
    let settings = Settings {
        timeout: ms("timeout_ms", d.timeout)?,
        retries: ranged(&raw, "retries", &place, 0, range("retries").1)?
            .map_or(d.retries, |v| v as u32),
        backoff: ms("backoff_ms", d.backoff)?,
        backoff_cap: ms("backoff_cap_ms", d.backoff_cap)?,
    };
    let (min_days, max_days) = range("days");
    let days = ranged(&raw, "days", &place, min_days, max_days)?.map_or(14, |v| v as u32);
    let (url, content) = match kind {
        ApiKind::Ozon => (ozon::DEFAULT_URL, ozon::DEFAULT_URL),
        ApiKind::Wildberries => (wildberries::DEFAULT_URL, wildberries::DEFAULT_CONTENT_URL),
    };
    let url = raw.url.clone().unwrap_or_else(|| url.to_string());
    for u in [&url, raw.content_url.as_ref().unwrap_or(&url)] {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            return Err(err(&place, fill("sync.cfg_bad_url", &[u])));
        }
        if u.starts_with("http://") && !loopback(u) {
            return Err(err(&place, fill("sync.cfg_plain_http", &[u])));
        }
    }
    Ok(ChannelApi {
        kind,
        keys,
        warehouse,
        content_url: raw
            .content_url
            .clone()
            .unwrap_or_else(|| content.to_string()),
        url,
        settings,
        days,
    })
}

/// Whether an `http://` address names this computer (127.0.0.0/8, ::1 or localhost).
fn loopback(url: &str) -> bool {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_http_only_to_this_computer() {
        for u in [
            "http://127.0.0.1:8080",
            "http://127.5.0.1/x",
            "http://[::1]:80/",
            "http://localhost",
            "http://a:b@LOCALHOST:1/",
        ] {
            assert!(super::loopback(u), "{u}");
        }
        for u in [
            "http://example.com",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example/",
            "http://127.0.0.1@evil.example/",
            "http://10.0.0.1",
        ] {
            assert!(!super::loopback(u), "{u}");
        }
    }

    use super::*;

    #[test]
    fn numbers_out_of_range_are_refused_naming_the_field_and_the_range() {
        for (key, value, range) in [
            ("STOCKROOM_SYNC_TIMEOUT_MS", "0", "from 100 to 600000"),
            (
                "STOCKROOM_SYNC_TIMEOUT_MS",
                "99999999",
                "from 100 to 600000",
            ),
            ("STOCKROOM_SYNC_RETRIES", "999", "from 0 to 20"),
            ("STOCKROOM_SYNC_DAYS", "100000", "from 1 to 90"),
            ("STOCKROOM_SYNC_DAYS", "0", "from 1 to 90"),
            (
                "STOCKROOM_SYNC_BACKOFF_CAP_MS",
                "99999999999",
                "from 0 to 3600000",
            ),
            (
                "STOCKROOM_SYNC_BACKOFF_MS",
                "99999999999",
                "from 0 to 600000",
            ),
        ] {
            let env = |k: &str| match k {
                "STOCKROOM_OZON_CLIENT_ID" => Some("1".to_string()),
                "STOCKROOM_OZON_API_KEY" => Some("key-1".to_string()),
                "STOCKROOM_OZON_WAREHOUSE_ID" => Some("2".to_string()),
                k if k == key => Some(value.to_string()),
                _ => None,
            };
            let e = load(None, "Ozon", None, &env).unwrap_err();
            let field = key.trim_start_matches("STOCKROOM_SYNC_").to_lowercase();
            assert!(
                e.message.contains(&format!("{field} = {value}")),
                "{}",
                e.message
            );
            assert!(e.message.contains(range), "{}", e.message);
        }
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn keys_from_the_environment_and_a_guess_from_the_name() {
        let env = |k: &str| match k {
            "STOCKROOM_OZON_CLIENT_ID" => Some("42".to_string()),
            "STOCKROOM_OZON_API_KEY" => Some("k".to_string()),
            "STOCKROOM_OZON_WAREHOUSE_ID" => Some("7".to_string()),
            _ => None,
        };
        let c = load(None, "Ozon FBS", None, &env).unwrap();
        assert_eq!(c.kind, ApiKind::Ozon);
        assert_eq!(c.warehouse, 7);
        assert_eq!(c.url, ozon::DEFAULT_URL);
        assert!(!format!("{c:?}").contains("\"k\""));
        let e = load(None, "Shop", None, &no_env).unwrap_err();
        assert!(e.message.contains("--api"), "{}", e.message);
        let e = load(None, "WB", None, &no_env).unwrap_err();
        assert!(e.message.contains("STOCKROOM_WB_TOKEN"), "{}", e.message);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(
            &p,
            "[Ozon]\nclient_id = \"1\"\napi_key = \"zz-secret\"\nwarehouse_id = 3\n",
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = load(Some(dir.path()), "ozon", None, &no_env).unwrap_err();
        assert!(e.message.contains("chmod 600"), "{}", e.message);
        assert!(!e.message.contains("zz-secret"));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = load(Some(dir.path()), "ozon", None, &no_env).unwrap();
        assert_eq!(c.warehouse, 3);
        std::fs::write(&p, "[Ozon]\napi_kee = \"x\"\n").unwrap();
        let e = load(Some(dir.path()), "Ozon", None, &no_env).unwrap_err();
        assert!(e.message.contains("api_kee"), "{}", e.message);
    }
}
