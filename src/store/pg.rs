//! The store's tables in a PostgreSQL database (`--db postgres://…`).
//!
//! Every table of the store is a key range of one SQL table, `stockroom.kv (t, k, kr, v)`:
//! `t` the table's name, `k` the key in bytes that sort as the key does (`kv::OrdKey`),
//! `kr` and `v` the key and value exactly as redb stores them, so the records and their
//! decoding are the same on both backends. Records people read with their own tools
//! (SKUs, locations, channels, levels, the ledger, reservations) also carry `doc`, the
//! record as JSON, which the reporting views (`schema_sql`) read.
//!
//! A write transaction is one SERIALIZABLE transaction; a read transaction one REPEATABLE
//! READ READ ONLY snapshot. A failed statement is carried as redb's I/O error holding a
//! `PgFail`, so the store's `?` stays as it is; the transaction remembers the first
//! failure, and a serialization failure makes the executor run the command again.

use std::collections::{HashMap, VecDeque};
use std::ops::Bound;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use redb::StorageError;

use super::kv::SResult;

/// Whether `db` names a PostgreSQL database rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Whether `db`, not a URL `is_url` takes, was still meant as a PostgreSQL database: the
/// scheme in other case or after spaces (`Postgres://`, ` postgres://`), `postgres:` without
/// the slashes, or libpq's `host=… dbname=…` form. Taken as a file name, any of these would
/// quietly make a shop of its own on this machine.
pub fn misspelled(db: &str) -> bool {
    if is_url(db) {
        return false;
    }
    let t = db.trim_start().to_ascii_lowercase();
    if t.starts_with("postgres:") || t.starts_with("postgresql:") {
        return true;
    }
    const KEYS: [&str; 8] = [
        "host", "hostaddr", "dbname", "user", "password", "port", "sslmode", "passfile",
    ];
    db.split_whitespace().any(|w| {
        w.split_once('=')
            .is_some_and(|(k, _)| KEYS.contains(&k.to_ascii_lowercase().as_str()))
    })
}

/// `text` with the password of every PostgreSQL URL in it hidden (`shown`), for messages
/// that quote what was typed: a URL given where a file was expected is named back.
pub fn mask_urls(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        let space = &piece[word.len()..];
        let lower = word.to_ascii_lowercase();
        match lower.find("postgres") {
            Some(at)
                if lower[at..].starts_with("postgres://")
                    || lower[at..].starts_with("postgresql://") =>
            {
                out.push_str(&word[..at]);
                out.push_str(&shown(&word[at..]));
            }
            _ => out.push_str(word),
        }
        out.push_str(space);
    }
    out
}

/// The URL without its password (in the user part, which ends at the first `@` as the
/// driver reads it, or as a query parameter however spelled) and without control
/// characters, for messages.
pub fn shown(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or("");
            format!("{user}@{host}")
        }
        None => rest.to_string(),
    };
    let (head, query) = match rest.split_once('?') {
        Some((h, q)) => (h.to_string(), Some(q)),
        None => (rest, None),
    };
    let mut out = if scheme.is_empty() {
        head
    } else {
        format!("{scheme}://{head}")
    };
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                let key = super::pg_tls::decode(p.split('=').next().unwrap_or(""));
                !key.to_lowercase().contains("pass")
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// What went wrong with PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailKind {
    /// Another transaction's writes overlap this one's (SQLSTATE 40001, or a deadlock):
    /// nothing of this one is kept, and running it again is right.
    Conflict,
    /// The connection is gone, or the server refuses work: the database is unavailable.
    Lost,
    /// The schema is missing: `stockroom init` was not run on this database.
    NoSchema,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgFail {
    pub kind: FailKind,
    pub text: String,
}

impl std::fmt::Display for PgFail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PostgreSQL: {}", self.text)
    }
}

impl std::error::Error for PgFail {}

pub fn fail_of(e: &postgres::Error) -> PgFail {
    let code = e.code();
    let kind = if code == Some(&SqlState::T_R_SERIALIZATION_FAILURE)
        || code == Some(&SqlState::T_R_DEADLOCK_DETECTED)
    {
        FailKind::Conflict
    } else if code == Some(&SqlState::UNDEFINED_TABLE) {
        FailKind::NoSchema
    } else if e.is_closed()
        || code.is_none()
        || code.is_some_and(|c| {
            let c = c.code();
            // Connection exceptions, insufficient resources, operator intervention.
            c.starts_with("08") || c.starts_with("53") || c.starts_with("57")
        })
    {
        FailKind::Lost
    } else {
        FailKind::Other
    };
    let text = match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut t = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                let more = c.to_string();
                if !t.contains(&more) {
                    t.push_str(": ");
                    t.push_str(&more);
                }
                cause = c.source();
            }
            t
        }
    };
    PgFail { kind, text }
}

/// The PostgreSQL failure inside a storage error, if it is one.
pub fn fail_in(e: &std::io::Error) -> Option<&PgFail> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<PgFail>())
}

fn storage(f: PgFail) -> StorageError {
    StorageError::Io(std::io::Error::other(f))
}

/// Connects to `url`; a URL without a password takes `PGPASSWORD`, so the password need
/// not be in the URL (which stockroom shows in its messages, without the password, and
/// which a process list shows whole). `sslmode` and `sslrootcert` are read as libpq reads
/// them (`pg_tls`).
pub fn connect(url: &str) -> Result<Client, PgFail> {
    let (config, tls) = config(url).map_err(|text| PgFail {
        kind: FailKind::Lost,
        text: format!("{} is not a URL stockroom can read: {text}", shown(url)),
    })?;
    let connected = match tls {
        None => config.connect(NoTls),
        Some(tls) => config.connect(tls),
    };
    connected.map_err(|e| {
        let mut f = fail_of(&e);
        f.kind = FailKind::Lost;
        f.text = format!("cannot connect to {}: {}", shown(url), f.text);
        f
    })
}

/// How long a connection may take to open when the URL does not say (`connect_timeout`):
/// a host that does not answer is reported, not waited for as long as TCP would.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

type Target = (
    postgres::Config,
    Option<tokio_postgres_rustls::MakeRustlsConnect>,
);

fn config(url: &str) -> Result<Target, String> {
    let (url, wish) = super::pg_tls::split(url)?;
    let mut config: postgres::Config = url.parse().map_err(|e: postgres::Error| {
        let mut t = e.to_string();
        if let Some(c) = std::error::Error::source(&e) {
            t = format!("{t}: {c}");
        }
        t
    })?;
    config.ssl_mode(wish.mode);
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_password().is_none()
        && let Ok(p) = std::env::var("PGPASSWORD")
        && !p.is_empty()
    {
        config.password(p);
    }
    let tls = super::pg_tls::connector(&wish)?;
    Ok((config, tls))
}

/// One connection and the statements prepared on it.
pub struct Conn {
    client: Client,
    prepared: HashMap<String, Statement>,
}

impl Conn {
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.prepared.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// The connections of one process to one database, reused from transaction to transaction.
pub struct Pool {
    url: String,
    idle: Mutex<Vec<Conn>>,
}

/// Connections kept open while idle.
const IDLE_MAX: usize = 8;

impl Pool {
    pub fn new(url: &str) -> Arc<Pool> {
        Arc::new(Pool {
            url: url.to_string(),
            idle: Mutex::new(Vec::new()),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Conn>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn take(&self) -> Result<Conn, PgFail> {
        if let Some(c) = self.idle().pop()
            && !c.client.is_closed()
        {
            return Ok(c);
        }
        self.fresh()
    }

    /// A new connection, not one kept idle.
    fn fresh(&self) -> Result<Conn, PgFail> {
        let client = connect(&self.url)?;
        Ok(Conn {
            client,
            prepared: HashMap::new(),
        })
    }

    fn give(&self, c: Conn) {
        if c.client.is_closed() {
            return;
        }
        let mut idle = self.idle();
        if idle.len() < IDLE_MAX {
            idle.push(c);
        }
    }

    /// Forgets every idle connection (after the server went away).
    pub fn drop_idle(&self) {
        self.idle().clear();
    }

    /// Runs SQL outside any store transaction (the schema, advisory locks).
    pub fn execute(&self, sql: &str) -> Result<(), PgFail> {
        let mut c = self.take()?;
        c.client.batch_execute(sql).map_err(|e| fail_of(&e))?;
        self.give(c);
        Ok(())
    }

    /// Whether the store's table is in the database: Some(true) when it is ours, Some(false)
    /// when a table of that name has other columns (another program's), None when there is
    /// none.
    pub fn has_schema(&self) -> Result<Option<bool>, PgFail> {
        let mut c = self.take()?;
        let row = c
            .client
            .query_one(
                "SELECT to_regclass('stockroom.kv') IS NOT NULL, \
                   (SELECT count(*) FROM information_schema.columns \
                    WHERE table_schema = 'stockroom' AND table_name = 'kv' \
                      AND column_name IN ('t', 'k', 'kr', 'v', 'doc'))",
                &[],
            )
            .map_err(|e| fail_of(&e))?;
        self.give(c);
        let (exists, ours): (bool, i64) = (row.get(0), row.get(1));
        Ok(exists.then_some(ours == 5))
    }
}

/// A transaction on one connection of the pool.
pub struct Tx {
    pool: Arc<Pool>,
    conn: Mutex<Option<Conn>>,
    failed: Mutex<Option<PgFail>>,
    /// What this transaction knows of single entries: read from the database (clean) or
    /// written by it and not yet sent (dirty). Writes go to the database in one statement
    /// a batch (`flush`): before a range, a count or the commit reads or needs them, or
    /// when many are held. Every read of one key after the first is answered from here.
    known: Mutex<Known>,
}

/// See `Tx::known`: per (table, key bytes), the entry (None: absent) and whether it is
/// still to be written.
#[derive(Default)]
struct Known {
    entries: std::collections::BTreeMap<EntryId, (Option<Entry>, bool)>,
    /// How many entries are dirty.
    dirty: usize,
}

/// A table's name and a key's sorting bytes.
type EntryId = (String, Vec<u8>);

/// The key as redb stores it, and the value.
type Entry = (Vec<u8>, Vec<u8>);

/// Writes held before they are sent on their own.
const HELD_MAX: usize = 4096;
/// Entries known before the clean ones are forgotten: enough for an import of some 30,000
/// rows (a SKU is five entries, its stock three) to find again what it wrote.
const KNOWN_MAX: usize = 262_144;

impl Tx {
    pub fn begin(pool: &Arc<Pool>, write: bool) -> Result<Tx, PgFail> {
        let mut c = pool.take()?;
        let begin = if write {
            "BEGIN ISOLATION LEVEL SERIALIZABLE"
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        };
        if let Err(e) = c.client.batch_execute(begin) {
            // An idle connection whose server restarted meanwhile shows it only now:
            // nothing was begun, so the others kept idle are dropped too and a new one
            // tries once more.
            let f = fail_of(&e);
            if f.kind != FailKind::Lost {
                return Err(f);
            }
            pool.drop_idle();
            c = pool.fresh()?;
            c.client.batch_execute(begin).map_err(|e| fail_of(&e))?;
        }
        Ok(Tx {
            pool: pool.clone(),
            conn: Mutex::new(Some(c)),
            failed: Mutex::new(None),
            known: Mutex::new(Known::default()),
        })
    }

    fn known(&self) -> MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The entry at `key` of `table` as this transaction sees it.
    fn get(&self, table: &str, key: &[u8]) -> SResult<Option<Entry>> {
        let id = (table.to_string(), key.to_vec());
        if let Some((e, _)) = self.known().entries.get(&id) {
            return Ok(e.clone());
        }
        let rows = self.query(GET, &[&table, &key])?;
        let found: Option<Entry> = rows.into_iter().next().map(|r| (r.get(0), r.get(1)));
        let mut known = self.known();
        if known.entries.len() >= KNOWN_MAX {
            known.entries.retain(|_, (_, dirty)| *dirty);
        }
        known.entries.insert(id, (found.clone(), false));
        Ok(found)
    }

    /// Reads the entries at `keys` of `table` in one statement a chunk, so that the gets
    /// that follow are answered here: what a file import is about to look up, one round
    /// trip instead of one a row. Keys already known are not asked again.
    fn prefetch(&self, table: &str, keys: Vec<Vec<u8>>) -> SResult<()> {
        let wanted: Vec<Vec<u8>> = {
            let known = self.known();
            let mut seen = std::collections::HashSet::new();
            keys.into_iter()
                .filter(|k| {
                    !known.entries.contains_key(&(table.to_string(), k.clone()))
                        && seen.insert(k.clone())
                })
                .collect()
        };
        // Keeps the clean entries within bounds: what does not fit is read when it is needed.
        let room = KNOWN_MAX.saturating_sub(self.known().entries.len());
        for chunk in wanted[..wanted.len().min(room)].chunks(4096) {
            let list: Vec<&[u8]> = chunk.iter().map(Vec::as_slice).collect();
            let rows = self.query(GET_MANY, &[&table, &list])?;
            let mut found: HashMap<Vec<u8>, Entry> = rows
                .into_iter()
                .map(|r| (r.get::<_, Vec<u8>>(0), (r.get(1), r.get(2))))
                .collect();
            let mut known = self.known();
            for k in chunk {
                let e = found.remove(k);
                known
                    .entries
                    .entry((table.to_string(), k.clone()))
                    .or_insert((e, false));
            }
        }
        Ok(())
    }

    /// Holds a write of `key` (None: a removal) to send later.
    fn put(&self, table: &str, key: &[u8], entry: Option<Entry>) -> SResult<()> {
        let held = {
            let mut known = self.known();
            let was = known
                .entries
                .insert((table.to_string(), key.to_vec()), (entry, true));
            if !was.is_some_and(|(_, dirty)| dirty) {
                known.dirty += 1;
            }
            known.dirty >= HELD_MAX
        };
        if held {
            self.flush()?;
        }
        Ok(())
    }

    /// Sends every held write: the upserts in one statement a chunk, the removals in
    /// another.
    fn flush(&self) -> SResult<()> {
        let dirty: Vec<(EntryId, Option<Entry>)> = {
            let known = self.known();
            if known.dirty == 0 {
                return Ok(());
            }
            known
                .entries
                .iter()
                .filter(|(_, (_, d))| *d)
                .map(|(id, (e, _))| (id.clone(), e.clone()))
                .collect()
        };
        if dirty.is_empty() {
            return Ok(());
        }
        for chunk in dirty.chunks(2048) {
            let (mut t, mut k, mut kr, mut v, mut doc) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            let (mut dt, mut dk) = (Vec::new(), Vec::new());
            for ((table, key), entry) in chunk {
                match entry {
                    Some((key_bytes, value)) => {
                        doc.push(super::report::doc(table, key_bytes, value));
                        t.push(table.as_str());
                        k.push(key.as_slice());
                        kr.push(key_bytes.as_slice());
                        v.push(value.as_slice());
                    }
                    None => {
                        dt.push(table.as_str());
                        dk.push(key.as_slice());
                    }
                }
            }
            if !t.is_empty() {
                self.query(PUT_MANY, &[&t, &k, &kr, &v, &doc])?;
            }
            if !dt.is_empty() {
                self.query(DEL_MANY, &[&dt, &dk])?;
            }
        }
        let mut known = self.known();
        for (_, (_, d)) in known.entries.iter_mut() {
            *d = false;
        }
        known.dirty = 0;
        if known.entries.len() >= KNOWN_MAX {
            known.entries.clear();
        }
        Ok(())
    }

    fn failed(&self) -> MutexGuard<'_, Option<PgFail>> {
        self.failed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The first statement of this transaction that failed, if one did.
    pub fn failure(&self) -> Option<PgFail> {
        self.failed().clone()
    }

    fn run<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T, postgres::Error>) -> SResult<T> {
        let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(conn) = guard.as_mut() else {
            return Err(storage(PgFail {
                kind: FailKind::Lost,
                text: "the transaction is over".into(),
            }));
        };
        f(conn).map_err(|e| {
            let mut first = self.failed();
            let fail = first.get_or_insert_with(|| fail_of(&e)).clone();
            storage(fail)
        })
    }

    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> SResult<Vec<postgres::Row>> {
        self.run(|c| {
            let st = c.statement(sql)?;
            c.client.query(&st, params)
        })
    }

    /// Tells every listener on the channel `stockroom` (the other servers) `payload`
    /// when, and only if, this transaction commits.
    pub fn notify(&self, payload: &str) -> SResult<()> {
        self.query("SELECT pg_notify('stockroom', $1)::text", &[&payload])?;
        Ok(())
    }

    /// Takes the advisory lock `key` until this transaction ends; false when another
    /// transaction holds it.
    pub fn try_lock(&self, key: i64) -> SResult<bool> {
        let rows = self.query("SELECT pg_try_advisory_xact_lock($1)", &[&key])?;
        Ok(rows.first().is_some_and(|r| r.get::<_, bool>(0)))
    }

    /// Commits. A statement that failed before, or a commit the server refuses, gives
    /// the failure and keeps nothing.
    pub fn commit(self) -> Result<(), PgFail> {
        if let Err(e) = self.flush() {
            return Err(match self.failure() {
                Some(f) => f,
                None => PgFail {
                    kind: FailKind::Other,
                    text: e.to_string(),
                },
            });
        }
        if let Some(f) = self.failure() {
            return Err(f);
        }
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(mut conn) = conn else {
            return Err(PgFail {
                kind: FailKind::Lost,
                text: "the transaction is over".into(),
            });
        };
        conn.client
            .batch_execute("COMMIT")
            .map_err(|e| fail_of(&e))?;
        self.pool.give(conn);
        Ok(())
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(mut conn) = conn
            && conn.client.batch_execute("ROLLBACK").is_ok()
        {
            self.pool.give(conn);
        }
    }
}

/// One of the store's tables: a key range of `stockroom.kv`.
pub struct Table<'t> {
    tx: &'t Tx,
    name: String,
}

const GET: &str = "SELECT kr, v FROM stockroom.kv WHERE t = $1 AND k = $2";
const GET_MANY: &str = "SELECT k, kr, v FROM stockroom.kv WHERE t = $1 AND k = ANY($2::bytea[])";
const PUT_MANY: &str = "INSERT INTO stockroom.kv (t, k, kr, v, doc) \
     SELECT t, k, kr, v, CAST(d AS jsonb) \
     FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::bytea[], $5::text[]) AS u(t, k, kr, v, d) \
     ON CONFLICT (t, k) DO UPDATE SET kr = EXCLUDED.kr, v = EXCLUDED.v, doc = EXCLUDED.doc";
const DEL_MANY: &str = "DELETE FROM stockroom.kv USING unnest($1::text[], $2::bytea[]) AS u(t, k) \
     WHERE kv.t = u.t AND kv.k = u.k";
const COUNT: &str = "SELECT count(*) FROM stockroom.kv WHERE t = $1";

impl<'t> Table<'t> {
    pub fn new(tx: &'t Tx, name: &str) -> Table<'t> {
        Table {
            tx,
            name: name.to_string(),
        }
    }

    pub fn get(&self, k: &[u8]) -> SResult<Option<Vec<u8>>> {
        Ok(self.tx.get(&self.name, k)?.map(|(_, v)| v))
    }

    /// See `Tx::prefetch`.
    pub fn prefetch(&self, keys: Vec<Vec<u8>>) -> SResult<()> {
        self.tx.prefetch(&self.name, keys)
    }

    /// Writes `v` at `k`, giving the value it replaces.
    pub fn insert(&mut self, k: &[u8], kr: &[u8], v: &[u8]) -> SResult<Option<Vec<u8>>> {
        let old = self.get(k)?;
        self.put(k, kr, v)?;
        Ok(old)
    }

    /// Writes `v` at `k` without reading what was there.
    pub fn put(&mut self, k: &[u8], kr: &[u8], v: &[u8]) -> SResult<()> {
        self.tx.put(&self.name, k, Some((kr.to_vec(), v.to_vec())))
    }

    pub fn remove(&mut self, k: &[u8]) -> SResult<Option<Vec<u8>>> {
        let old = self.get(k)?;
        if old.is_some() {
            self.tx.put(&self.name, k, None)?;
        }
        Ok(old)
    }

    pub fn remove_all(&mut self, keys: &[Vec<u8>]) -> SResult<()> {
        for k in keys {
            self.tx.put(&self.name, k, None)?;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> SResult<bool> {
        Ok(self
            .range(Bound::Unbounded, Bound::Unbounded)
            .next()
            .is_none())
    }

    pub fn len(&self) -> SResult<u64> {
        self.tx.flush()?;
        let rows = self.tx.query(COUNT, &[&self.name])?;
        let n: i64 = rows.first().map(|r| r.get(0)).unwrap_or(0);
        Ok(n.max(0) as u64)
    }

    pub fn range(&self, lo: Bound<Vec<u8>>, hi: Bound<Vec<u8>>) -> Rows<'t> {
        Rows {
            tx: self.tx,
            name: self.name.clone(),
            lo,
            hi,
            front: VecDeque::new(),
            back: VecDeque::new(),
            page: FIRST_PAGE,
            exhausted: false,
        }
    }
}

/// One entry: the key's sorting bytes, the key and the value as redb stores them.
pub type Row = (Vec<u8>, Vec<u8>, Vec<u8>);

const FIRST_PAGE: i64 = 16;
const LAST_PAGE: i64 = 2048;

/// The entries of a range, fetched a page at a time from either end: a page at the
/// front moves the lower bound past it and one at the back the upper bound, so the two
/// never fetch an entry twice.
pub struct Rows<'t> {
    tx: &'t Tx,
    name: String,
    lo: Bound<Vec<u8>>,
    hi: Bound<Vec<u8>>,
    /// Fetched from the front, in key order.
    front: VecDeque<Row>,
    /// Fetched from the back, last key first.
    back: VecDeque<Row>,
    page: i64,
    /// Nothing is left between the bounds: only what is fetched remains.
    exhausted: bool,
}

impl Rows<'_> {
    fn fetch(&mut self, ascending: bool) -> SResult<Vec<Row>> {
        // The database answers ranges: it must hold this transaction's writes first.
        self.tx.flush()?;
        let mut sql = String::from("SELECT k, kr, v FROM stockroom.kv WHERE t = $1");
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&self.name];
        let mut n = 1;
        for (bound, incl, excl) in [(&self.lo, ">=", ">"), (&self.hi, "<=", "<")] {
            let (op, key) = match bound {
                Bound::Included(k) => (incl, k),
                Bound::Excluded(k) => (excl, k),
                Bound::Unbounded => continue,
            };
            n += 1;
            sql.push_str(&format!(" AND k {op} ${n}"));
            params.push(key);
        }
        n += 1;
        sql.push_str(if ascending {
            " ORDER BY k ASC"
        } else {
            " ORDER BY k DESC"
        });
        sql.push_str(&format!(" LIMIT ${n}"));
        let page = self.page;
        params.push(&page);
        let rows = self.tx.query(&sql, &params)?;
        let got: Vec<Row> = rows
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        if (got.len() as i64) < page {
            self.exhausted = true;
        }
        self.page = (self.page * 2).min(LAST_PAGE);
        Ok(got)
    }

    fn pull(&mut self, ascending: bool) -> Option<SResult<Row>> {
        let buffered = if ascending {
            self.front.pop_front()
        } else {
            self.back.pop_front()
        };
        if let Some(r) = buffered {
            return Some(Ok(r));
        }
        if !self.exhausted {
            match self.fetch(ascending) {
                Ok(got) => {
                    if let Some(last) = got.last() {
                        let past = Bound::Excluded(last.0.clone());
                        if ascending {
                            self.lo = past;
                            self.front.extend(got);
                        } else {
                            self.hi = past;
                            self.back.extend(got);
                        }
                    }
                }
                Err(e) => {
                    self.exhausted = true;
                    self.front.clear();
                    self.back.clear();
                    return Some(Err(e));
                }
            }
            let fetched = if ascending {
                self.front.pop_front()
            } else {
                self.back.pop_front()
            };
            if let Some(r) = fetched {
                return Some(Ok(r));
            }
        }
        // Nothing between the bounds: what the other end fetched is all that is left.
        if ascending {
            self.back.pop_back().map(Ok)
        } else {
            self.front.pop_back().map(Ok)
        }
    }
}

impl Iterator for Rows<'_> {
    type Item = SResult<Row>;
    fn next(&mut self) -> Option<Self::Item> {
        self.pull(true)
    }
}

impl DoubleEndedIterator for Rows<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.pull(false)
    }
}

/// Follows the notifications other servers send at their commits (`Tx::notify`) on a
/// connection of its own, reconnecting when it breaks, until `stop` says so. Each payload
/// goes to `heard`.
pub fn listen(url: &str, stop: impl Fn() -> bool, heard: impl Fn(&str)) {
    let mut pause = std::time::Duration::from_millis(100);
    let mut first = true;
    while !stop() {
        let Ok(mut client) = connect(url) else {
            first = false;
            std::thread::sleep(pause);
            pause = (pause * 2).min(std::time::Duration::from_secs(5));
            continue;
        };
        if client.batch_execute("LISTEN stockroom").is_err() {
            continue;
        }
        if !first {
            // Back after a break: whatever was committed meanwhile was not heard, so
            // everything is to be read again (a commit of no process, naming no SKU).
            heard("0 0");
        }
        first = false;
        pause = std::time::Duration::from_millis(100);
        while !stop() && !client.is_closed() {
            let mut notes = client.notifications();
            let mut it = notes.timeout_iter(std::time::Duration::from_millis(500));
            loop {
                match postgres::fallible_iterator::FallibleIterator::next(&mut it) {
                    Ok(Some(n)) => heard(n.payload()),
                    Ok(None) => break,
                    Err(_) => break,
                }
            }
            drop(it);
            drop(notes);
            // A closed connection shows only when used.
            if client.is_valid(std::time::Duration::from_secs(2)).is_err() {
                break;
            }
        }
    }
}

/// The schema `stockroom init` creates: the table of every record and the views for
/// reporting. Run by a role with the right to create; the program at run time needs only
/// SELECT, INSERT, UPDATE and DELETE on `stockroom.kv` (`grants_sql`).
pub fn schema_sql() -> String {
    format!(
        "CREATE SCHEMA IF NOT EXISTS stockroom;
CREATE TABLE IF NOT EXISTS stockroom.kv (
    t text NOT NULL,
    k bytea NOT NULL,
    kr bytea NOT NULL,
    v bytea NOT NULL,
    doc jsonb,
    PRIMARY KEY (t, k)
);
{}",
        super::report::views_sql()
    )
}

/// The rights a run-time role needs, for `role`.
pub fn grants_sql(role: &str) -> String {
    format!(
        "GRANT USAGE ON SCHEMA stockroom TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON stockroom.kv TO {role};
GRANT SELECT ON ALL TABLES IN SCHEMA stockroom TO {role};"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_hides_the_password_however_it_is_spelled() {
        for url in [
            "postgres://u:Se?cret@localhost/db?host=/tmp/x",
            "postgres://u:Se@cret@localhost/db",
            "postgres://u@localhost/db?%70assword=Secret",
            "postgres://u@localhost/db?password%20=Secret&port=5",
            "postgres://u@localhost/db?PassWord=Secret",
        ] {
            let s = shown(url);
            assert!(!s.contains("ecret"), "{url} -> {s}");
            assert!(s.starts_with("postgres://u@"), "{url} -> {s}");
        }
        assert_eq!(
            shown("postgres://u:pw@h/db?port=5&sslmode=require"),
            "postgres://u@h/db?port=5&sslmode=require"
        );
        assert_eq!(shown("postgres://h/db\u{1b}[2J"), "postgres://h/db?[2J");
    }

    #[test]
    fn urls_quoted_in_a_message_lose_their_passwords() {
        assert_eq!(
            mask_urls(
                "/tmp/x/postgres://u:SECRET@h/db: the folder /tmp/x/postgres://u:SECRET@h does not exist"
            ),
            "/tmp/x/postgres://u@h/db: the folder /tmp/x/postgres://u@h does not exist"
        );
        assert_eq!(
            mask_urls("cannot read PostgreSQL://u:SECRET@h/db?password=X: no such file\nnext"),
            "cannot read PostgreSQL://u@h/db no such file\nnext"
        );
        assert_eq!(mask_urls("no url here: a:b@c"), "no url here: a:b@c");
    }

    #[test]
    fn a_url_meant_for_postgresql_but_misspelled_is_not_a_file_name() {
        for db in [
            "Postgres://u@h/db",
            " postgres://u@h/db",
            "postgres:shop",
            "POSTGRESQL://h/db",
            "host=localhost password=x dbname=shop",
            "dbname=shop",
        ] {
            assert!(misspelled(db), "{db}");
        }
        for db in [
            "postgres://u@h/db",
            "shop.redb",
            "/srv/stockroom/stockroom.redb",
            "postgres-shop.redb",
        ] {
            assert!(!misspelled(db), "{db}");
        }
    }
}
