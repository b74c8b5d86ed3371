//! The PostgreSQL server the backend tests run against: `STOCKROOM_TEST_PG`, the URL of a
//! database whose user may create databases (`.ci/run` starts a throwaway server with
//! `scripts/pg-throwaway` and sets it). Without it these tests say they were skipped and
//! check nothing; with it, a server that does not answer fails them.

#![allow(dead_code)]

/// A new, empty database named after `name` (and this process) on the test server, as a
/// URL; None, said on stderr, when no server is configured.
pub fn database(name: &str) -> Option<String> {
    let Some(base) = std::env::var("STOCKROOM_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!("SKIPPED {name}: STOCKROOM_TEST_PG is not set (no PostgreSQL to test against)");
        return None;
    };
    let db = format!("{}_{}", name, std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls)
        .unwrap_or_else(|e| panic!("STOCKROOM_TEST_PG={base} does not answer: {e}"));
    // One statement a call: neither may run inside the transaction a batch makes.
    for sql in [
        format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        format!("CREATE DATABASE {db}"),
    ] {
        admin
            .batch_execute(&sql)
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    }
    Some(with_database(&base, &db))
}

/// `base` with its database name replaced by `db`.
pub fn with_database(base: &str, db: &str) -> String {
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (base, None),
    };
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = head[scheme_end..]
        .find('/')
        .map(|i| scheme_end + i)
        .unwrap_or(head.len());
    let mut url = format!("{}/{}", &head[..path_start], db);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

/// Empties the stockroom in the database at `url` (its whole schema).
pub fn reset(url: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.batch_execute("DROP SCHEMA IF EXISTS stockroom CASCADE")
        .expect("drop schema");
}

/// Runs SQL on the database at `url` and gives the first column of every row as text.
pub fn column(url: &str, sql: &str) -> Vec<String> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.simple_query(sql)
        .expect("query")
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_string()),
            _ => None,
        })
        .collect()
}

/// Every stored byte of the stockroom at `url` (each table, key and value in order): what
/// the bytes of a redb file are for a test that a refusal wrote nothing.
pub fn dump(url: &str) -> Vec<u8> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let mut out = Vec::new();
    for row in c
        .query("SELECT t, k, v FROM stockroom.kv ORDER BY t, k", &[])
        .expect("dump")
    {
        let t: String = row.get(0);
        let k: Vec<u8> = row.get(1);
        let v: Vec<u8> = row.get(2);
        for part in [t.as_bytes(), &k, &v] {
            out.extend_from_slice(&(part.len() as u64).to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The stored bytes of the database at `path`: the file, or the rows on PostgreSQL.
pub fn stored_bytes(path: &std::path::Path) -> Vec<u8> {
    match path.to_str().filter(|s| s.starts_with("postgres")) {
        Some(url) => dump(url),
        None => std::fs::read(path).expect("read db file"),
    }
}

/// `url` with its user replaced by `user` (and no password).
pub fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let host = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
    format!("{scheme}://{user}@{host}")
}

/// A PostgreSQL server of one test's own, which it may crash and start again: made by
/// `scripts/pg-throwaway` in a folder of its own, and deleted when dropped. Started only
/// where `STOCKROOM_TEST_PG` says PostgreSQL can run here.
pub struct Private {
    dir: std::path::PathBuf,
    pub url: String,
}

fn script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-throwaway")
}

fn run_script(cmd: &str, dir: &std::path::Path) -> String {
    run_script_with(cmd, dir, &[])
}

fn run_script_with(cmd: &str, dir: &std::path::Path, more: &[&str]) -> String {
    let out = std::process::Command::new(script())
        .arg(cmd)
        .arg(dir)
        .args(more)
        .output()
        .expect("run pg-throwaway");
    assert!(
        out.status.success(),
        "pg-throwaway {cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Private {
    pub fn start(name: &str) -> Option<Private> {
        Self::start_with(name, &[])
    }

    /// A server that also listens on 127.0.0.1 (at `port()`) and takes only TLS there, with
    /// the certificate of `tests/fixtures/tls/server.pem` (for `localhost`).
    pub fn start_tls(name: &str) -> Option<Private> {
        Self::start_with(name, &["tls"])
    }

    /// The TCP port (the same number as the socket's).
    pub fn port(&self) -> u16 {
        std::fs::read_to_string(self.dir.join("port"))
            .expect("the port file")
            .trim()
            .parse()
            .expect("a port")
    }

    fn start_with(name: &str, more: &[&str]) -> Option<Private> {
        if std::env::var("STOCKROOM_TEST_PG").map_or(true, |s| s.is_empty()) {
            eprintln!(
                "SKIPPED {name}: STOCKROOM_TEST_PG is not set (no PostgreSQL to test against)"
            );
            return None;
        }
        // Not under a private temp folder: as root the server runs as `postgres`, which
        // must reach its folder.
        let dir =
            std::env::temp_dir().join(format!("stockroom-test-pg-{name}-{}", std::process::id()));
        let url = run_script_with("start", &dir, more);
        Some(Private { dir, url })
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m immediate`).
    pub fn kill(&self) {
        run_script("kill", &self.dir);
    }

    /// Starts it again on the same socket.
    pub fn resume(&self) {
        run_script("resume", &self.dir);
    }
}

impl Drop for Private {
    fn drop(&mut self) {
        let _ = std::process::Command::new(script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}
