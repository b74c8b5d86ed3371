//! The one place commands are applied and queries answered on a store, for this process
//! (`LocalInventory`) and for a server's clients (`Executor`) alike: role checks, dry runs,
//! group commit, remembered request ids, the expiry of holds, and the answer to a panic
//! redb raises on a damaged page.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::domain::{Millis, Role, Seq, SkuId};
use crate::store::{Reader, RequestRecord, Store, StoreError};

use super::engine::{self, Ctx};
use super::shared::SharedStore;
use super::{
    Answer, Applied, Command, Error, LocalInventory, PathProblem, Query, Result, StoreErrorWire,
    queries,
};

/// How long an applied request id's answer is remembered, and how many at most.
pub const REQUEST_MEMORY: Duration = Duration::from_secs(24 * 3600);
const REQUEST_MEMORY_MAX: u64 = 50_000;
/// The most remembered requests one commit forgets (the rest go with later commits).
const REQUEST_FORGET_BUDGET: usize = 1024;

/// One command of a batch: who, when, what, and the client's id for it (if any).
pub struct Job {
    pub ctx: Ctx,
    pub cmd: Command,
    /// Seen before, the first answer is given again and nothing is applied twice.
    pub request: Option<u128>,
}

/// What a committed batch changed: the newest ledger entry and the SKUs touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub seq: Seq,
    pub skus: Vec<SkuId>,
}

/// The answers of a batch, in order, and what the commit changed (None: nothing written).
pub struct Batch {
    pub results: Vec<Result<Applied>>,
    pub changed: Option<Changed>,
}

/// How many times a transaction PostgreSQL gave up for overlapping another is run again
/// before the user is told the database is busy.
const CONFLICT_RETRIES: u32 = 30;

/// Runs `attempt` again while it ends in a serialization conflict (PostgreSQL's SQLSTATE
/// 40001: another machine's transaction overlapped this one and nothing of it was kept),
/// with backoff. A redb store never conflicts: its writers take turns.
pub(crate) fn again<T>(
    mut attempt: impl FnMut() -> std::result::Result<T, StoreError>,
) -> std::result::Result<T, StoreError> {
    let mut pause = Duration::from_millis(1);
    let mut tries = 0;
    loop {
        match attempt() {
            Err(StoreError::Conflict(_)) if tries < CONFLICT_RETRIES => {
                tries += 1;
                // Half to all of the pause, so conflicting clients do not retry in step.
                std::thread::sleep(pause / 2 + pause.mul_f64(fastrand::f64() / 2.0));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

/// A transaction that PostgreSQL gave up is `Err(Conflict)`, for `again`.
fn conflict_of(tx: &crate::store::WriteTx) -> std::result::Result<(), StoreError> {
    if tx.conflicted() {
        return Err(StoreError::Conflict("serialization failure".into()));
    }
    Ok(())
}

/// Applies one command in a transaction of its own: a dry run or a refusal writes nothing.
pub fn apply_one(store: &Store, ctx: &Ctx, cmd: &Command) -> Result<Applied> {
    match again(|| apply_one_once(store, ctx, cmd)) {
        Ok(r) => r,
        Err(e) => Err(e.into()),
    }
}

/// One try of `apply_one`: `Err` only for a conflict, which `again` runs again.
fn apply_one_once(
    store: &Store,
    ctx: &Ctx,
    cmd: &Command,
) -> std::result::Result<Result<Applied>, StoreError> {
    let tx = match store.begin_write() {
        Ok(tx) => tx,
        Err(e @ StoreError::Conflict(_)) => return Err(e),
        Err(e) => return Ok(Err(e.into())),
    };
    let applied = match guarded(|| engine::apply(&tx, ctx, cmd)) {
        Ok(applied) => applied,
        Err(e) => {
            // Dropping the transaction discards whatever the command had begun.
            drop(tx);
            return Ok(Err(e));
        }
    };
    conflict_of(&tx)?;
    let done = match applied {
        Ok(applied) if cmd.is_dry_run() => tx.abort().map(|()| Ok(applied)),
        Ok(applied) => {
            // Servers and TUIs on the same PostgreSQL hear of it (nothing to do on redb).
            let changed = Changed {
                seq: applied.seq,
                skus: applied.skus.clone(),
            };
            tx.notify(&changed.payload())
                .and_then(|()| tx.commit())
                .map(|()| Ok(applied))
        }
        Err(e) => tx.abort().map(|()| Err(e)),
    };
    match done {
        Err(e @ StoreError::Conflict(_)) => Err(e),
        Err(e) => Ok(Err(e.into())),
        Ok(r) => Ok(r),
    }
}

/// Applies many commands in one durable transaction (group commit). Each is validated on
/// its own; a refused one writes nothing and does not stop the others. A request id seen
/// before gets its first answer again. `Err` is a storage failure: nothing of the batch is
/// confirmed.
pub fn apply_batch(
    store: &Store,
    jobs: &[Job],
    now: Millis,
) -> std::result::Result<Batch, StoreError> {
    again(|| apply_batch_once(store, jobs, now))
}

fn apply_batch_once(
    store: &Store,
    jobs: &[Job],
    now: Millis,
) -> std::result::Result<Batch, StoreError> {
    let tx = store.begin_write()?;
    // One at a time, so a request id seen twice in one batch is applied once too.
    let mut results: Vec<Result<Applied>> = Vec::with_capacity(jobs.len());
    let mut fresh: Vec<bool> = Vec::with_capacity(jobs.len());
    for j in jobs {
        if let Some(rec) = j
            .request
            .map(|id| tx.remembered_request(id))
            .transpose()?
            .flatten()
        {
            results.push(stored_reply(&rec));
            fresh.push(false);
            continue;
        }
        let r = match guarded(|| engine::apply(&tx, &j.ctx, &j.cmd)) {
            Ok(r) => r,
            Err(e) => {
                // A panic inside a command leaves its transaction unknown: give it up whole.
                drop(tx);
                return Err(match e {
                    Error::Store(StoreErrorWire::Io(d)) => StoreError::Io(d),
                    other => StoreError::Io(format!("{other:?}")),
                });
            }
        };
        if let (Ok(a), Some(id)) = (&r, j.request) {
            let rec = RequestRecord {
                at: j.ctx.now,
                reply: postcard::to_allocvec(a).unwrap_or_default(),
            };
            tx.remember_request(id, &rec)?;
        }
        fresh.push(r.is_ok());
        results.push(r);
    }
    conflict_of(&tx)?;
    let dry = jobs.len() == 1 && jobs[0].cmd.is_dry_run();
    let wrote = fresh.iter().any(|f| *f) && !dry;
    if wrote && jobs.iter().any(|j| j.request.is_some()) {
        let before = now.saturating_sub(REQUEST_MEMORY.as_millis() as i64);
        tx.forget_requests(before, REQUEST_MEMORY_MAX, REQUEST_FORGET_BUDGET)?;
    }
    if !wrote {
        tx.abort()?;
        return Ok(Batch {
            results,
            changed: None,
        });
    }
    let new = || {
        results
            .iter()
            .zip(&fresh)
            .filter(|(_, f)| **f)
            .filter_map(|(r, _)| r.as_ref().ok())
    };
    let mut skus: Vec<SkuId> = new().flat_map(|a| a.skus.iter().copied()).collect();
    skus.sort_unstable();
    skus.dedup();
    let seq = new().map(|a| a.seq).max().unwrap_or(0);
    let changed = Changed { seq, skus };
    tx.notify(&changed.payload())?;
    tx.commit()?;
    Ok(Batch {
        changed: Some(changed),
        results,
    })
}

/// On PostgreSQL, follows the commits other processes make on the same database (servers,
/// CLI commands, TUIs) on a thread of its own until `stop` says so; each reaches `heard`.
/// Nothing to follow on a redb file, which one process holds.
pub fn follow_other_writers(
    store: &Store,
    stop: impl Fn() -> bool + Send + 'static,
    heard: impl Fn(Changed) + Send + 'static,
) {
    let Some(url) = store.pg_pool().map(|p| p.url().to_string()) else {
        return;
    };
    std::thread::spawn(move || {
        crate::store::pg::listen(&url, stop, |payload| {
            if let Some(c) = Changed::heard(payload) {
                heard(c);
            }
        })
    });
}

/// This process among the servers of one PostgreSQL database: its own notifications are
/// not news to it.
fn instance() -> u64 {
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| fastrand::u64(1..))
}

/// The advisory lock the expiry of holds runs under: one server at a time releases them.
pub const EXPIRY_LOCK: i64 = 0x5354_4f43_4b45_5850; // "STOCKEXP"

impl Changed {
    /// What other servers are told of a commit: who, the newest entry, and the SKUs (all
    /// of them when they fit in a notification, else none, which means "reread").
    fn payload(&self) -> String {
        let mut p = format!("{} {}", instance(), self.seq);
        if self.skus.len() <= 500 {
            for s in &self.skus {
                p.push_str(&format!(" {s}"));
            }
        }
        p
    }

    /// A commit another server announced; None for this process's own, or for a payload
    /// that is not one.
    pub fn heard(payload: &str) -> Option<Changed> {
        let mut words = payload.split(' ');
        let from: u64 = words.next()?.parse().ok()?;
        if from == instance() {
            return None;
        }
        let seq = words.next()?.parse().ok()?;
        let skus = words
            .map(str::parse)
            .collect::<std::result::Result<_, _>>()
            .ok()?;
        Some(Changed { seq, skus })
    }
}

/// The first answer to a request applied before.
fn stored_reply(rec: &RequestRecord) -> Result<Applied> {
    postcard::from_bytes::<Applied>(&rec.reply).map_err(|_| Error::Store(StoreErrorWire::ReplyLost))
}

/// Answers a query for `actor`. `served`: the answer is for a server's client, so a backup
/// path must be absolute (a relative one would mean the server's folder, not the user's).
pub fn answer(store: &Store, actor: &str, now: Millis, q: &Query, served: bool) -> Result<Answer> {
    if let Query::Backup { path, overwrite } = q {
        let to = Path::new(path);
        if served && !to.is_absolute() {
            return Err(Error::bad_path(to, PathProblem::RelativeOnServer));
        }
        // A damaged page the copy meets is an answer (the file is damaged), never a
        // panic: a served client waits for its answer.
        return guarded(|| {
            super::backup::backup(store, actor, to, *overwrite).map(Answer::Backup)
        })?;
    }
    let tx = store.begin_read()?;
    guarded(|| {
        if !matches!(q, Query::WhoAmI) {
            engine::authorize(&tx, actor, Role::Viewer, "view")?;
        }
        queries::answer(&tx, actor, now, q)
    })?
}

/// Releases the holds past their deadline and gives the freed units to waiting backorders,
/// in a transaction of its own. None: nothing was due.
pub fn expire(store: &Store, now: Millis) -> std::result::Result<Option<Changed>, StoreError> {
    again(|| expire_once(store, now))
}

fn expire_once(store: &Store, now: Millis) -> std::result::Result<Option<Changed>, StoreError> {
    let tx = store.begin_write()?;
    if !tx.try_lock(EXPIRY_LOCK)? {
        // Another server is releasing holds right now.
        tx.abort()?;
        return Ok(None);
    }
    let mut skus = match super::channels::expire_due(&tx, now) {
        Ok(skus) if !skus.is_empty() => skus,
        _ => {
            conflict_of(&tx)?;
            tx.abort()?;
            return Ok(None);
        }
    };
    let ctx = Ctx {
        actor: "system".into(),
        now,
    };
    // The freed units go to waiting backorders exactly as after a command: the engine's
    // own function, in this transaction (from one location or several).
    if engine::fill_freed(&tx, &ctx, &mut skus).is_err() {
        conflict_of(&tx)?;
        tx.abort()?;
        return Ok(None);
    }
    conflict_of(&tx)?;
    let changed = Changed {
        seq: tx.last_seq()?,
        skus,
    };
    tx.notify(&changed.payload())?;
    tx.commit()?;
    Ok(Some(changed))
}

/// The store a server holds for all its clients: every command and query goes through here,
/// and a storage failure closes and reopens the file (redb refuses all work after one).
pub struct Executor {
    store: Arc<SharedStore>,
}

impl Executor {
    /// Opens the database, creating it with `owner` as its first owner when new.
    pub fn open_or_init(db: &Path, owner: &str) -> Result<Executor> {
        let (local, _) = LocalInventory::open_or_init(db, owner)?;
        Ok(Executor {
            store: Arc::new(SharedStore::new(local.into_store())),
        })
    }

    /// The role `user` holds here, if any.
    pub fn role_of(&self, user: &str) -> Option<Role> {
        let store = self.store.get().ok()?;
        let tx = store.begin_read().ok()?;
        tx.user(user).ok().flatten().map(|u| u.role)
    }

    pub fn answer(&self, user: &str, q: &Query) -> Result<Answer> {
        let store = self.store.get()?;
        answer(&store, user, super::clock::now_ms(), q, true)
    }

    /// Applies a batch; a storage failure answers every job with it and reopens the file.
    pub fn commit(&self, jobs: &[Job]) -> Batch {
        let failed = |e: StoreError| Batch {
            results: jobs.iter().map(|_| Err(e.clone().into())).collect(),
            changed: None,
        };
        let store = match self.store.get() {
            Ok(s) => s,
            Err(e) => return failed(e),
        };
        match apply_batch(&store, jobs, super::clock::now_ms()) {
            Ok(b) => b,
            Err(e) => {
                drop(store);
                self.store.reopen();
                failed(e)
            }
        }
    }

    /// On PostgreSQL, follows the commits of the other servers on the same database on a
    /// thread of its own until `stop` says so; each reaches `heard`. Nothing to follow on a
    /// redb file, which one server holds.
    pub fn follow_other_servers(
        &self,
        stop: impl Fn() -> bool + Send + 'static,
        heard: impl Fn(Changed) + Send + 'static,
    ) {
        if let Ok(store) = self.store.get() {
            follow_other_writers(&store, stop, heard);
        }
    }

    /// The timer's turn: releases expired holds. None when nothing was due or the disk failed.
    pub fn expire(&self) -> Option<Changed> {
        let store = self.store.get().ok()?;
        match expire(&store, super::clock::now_ms()) {
            Ok(c) => c,
            Err(_) => {
                drop(store);
                self.store.reopen();
                None
            }
        }
    }
}

thread_local! {
    /// True while `guarded` runs on this thread.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a read or a command on the store, catching a panic. redb may panic on a page the
/// disk damaged (a length that points past its page) instead of returning an error; the
/// user gets the damaged-file error (exit 3, restore from a backup), never a crash. `Err` is the
/// panic, already as that error.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T>) -> std::result::Result<Result<T>, Error> {
    // The panic is answered as an error, so the hook in force (a crash report) stays quiet
    // for it; any other panic is reported as before.
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    caught.map_err(|p| {
        let what = p
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| p.downcast_ref::<&str>().copied())
            .unwrap_or("unknown cause");
        // What redb stops on is a page that does not hold what it should: the file is
        // damaged, and the answer is the same as for a record that does not decode.
        Error::Store(StoreErrorWire::Corrupt(format!("redb: {what}")))
    })
}
