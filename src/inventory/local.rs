//! The Inventory API on an embedded store: this process holds the database.

use std::path::Path;
use std::sync::Arc;

use crate::domain::Millis;
use crate::store::{Store, StoreError};

use super::engine::{self, Ctx};
use super::{Answer, Applied, Command, Error, Inventory, Query, Result, StoreErrorWire, queries};

/// A source of "now"; tests inject a fixed or stepping clock.
pub type Clock = Arc<dyn Fn() -> Millis + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(super::clock::now_ms)
}

pub struct LocalInventory {
    store: Store,
    actor: String,
    clock: Clock,
}

impl LocalInventory {
    /// Opens an existing database for `actor`.
    pub fn open(path: &Path, actor: &str) -> Result<Self> {
        guarded(|| Ok(Self::new(Store::open(path)?, actor)))?
    }

    /// Opens or creates the database; a new one gets `actor` as its owner.
    pub fn open_or_init(path: &Path, actor: &str) -> Result<(Self, bool)> {
        let inv = guarded(|| Ok(Self::new(Store::open_or_create(path)?, actor)))??;
        let created = inv.init()?;
        Ok((inv, created))
    }

    /// As [`Self::open_or_init`], naming the default location of a new database.
    pub fn open_or_init_with(
        path: &Path,
        actor: &str,
        location_name: &str,
    ) -> Result<(Self, bool)> {
        let inv = guarded(|| Ok(Self::new(Store::open_or_create(path)?, actor)))??;
        let created = inv.init_with(location_name)?;
        Ok((inv, created))
    }

    pub fn new(store: Store, actor: &str) -> Self {
        LocalInventory {
            store,
            actor: actor.to_string(),
            clock: system_clock(),
        }
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn into_store(self) -> Store {
        self.store
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor: self.actor.clone(),
            now: (self.clock)(),
        }
    }

    /// Makes the database usable (first owner, default location). True when it was new.
    pub fn init(&self) -> Result<bool> {
        self.init_with(engine::DEFAULT_LOCATION_NAME)
    }

    /// As [`Self::init`], naming the default location of a new database.
    pub fn init_with(&self, location_name: &str) -> Result<bool> {
        let tx = self.store.begin_write()?;
        let created = engine::initialize_with(&tx, &self.ctx(), location_name)?;
        if created {
            tx.commit()?;
        } else {
            tx.abort()?;
        }
        Ok(created)
    }

    /// Applies many commands in one durable transaction (group commit).
    /// Each is validated on its own; a refused one writes nothing and does not stop the others.
    pub fn execute_batch(
        &self,
        cmds: Vec<(Ctx, Command)>,
    ) -> std::result::Result<Vec<Result<Applied>>, StoreError> {
        let tx = self.store.begin_write()?;
        let results: Vec<Result<Applied>> = cmds
            .iter()
            .map(|(ctx, cmd)| engine::apply(&tx, ctx, cmd))
            .collect();
        tx.commit()?;
        Ok(results)
    }
}

thread_local! {
    /// True while `guarded` runs on this thread.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a read or a command on the store, catching a panic. redb may panic on a page the
/// disk damaged (a length that points past its page) instead of returning an error; the
/// user gets a storage error (exit 3) that says what to run, never a crash. `Err` is the
/// panic, already as that error.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> std::result::Result<Result<T>, Error> {
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
        Error::Store(StoreErrorWire::Io(format!(
            "a read stopped on data it could not handle ({what}); run `stockroom check` to see whether the file is damaged"
        )))
    })
}

impl Inventory for LocalInventory {
    fn execute(&self, cmd: Command) -> Result<Applied> {
        let tx = self.store.begin_write()?;
        let applied = match guarded(|| engine::apply(&tx, &self.ctx(), &cmd)) {
            Ok(applied) => applied,
            Err(e) => {
                // Dropping the transaction discards whatever the command had begun.
                drop(tx);
                return Err(e);
            }
        };
        match applied {
            Ok(applied) if cmd.is_dry_run() => {
                tx.abort()?;
                Ok(applied)
            }
            Ok(applied) => {
                tx.commit()?;
                Ok(applied)
            }
            Err(e) => {
                tx.abort()?;
                Err(e)
            }
        }
    }

    fn query(&self, q: Query) -> Result<Answer> {
        if let Query::Backup { path, overwrite } = &q {
            let to = Path::new(path);
            return super::backup::backup(&self.store, &self.actor, to, *overwrite)
                .map(Answer::Backup);
        }
        let tx = self.store.begin_read()?;
        guarded(|| {
            let needed = crate::domain::Role::Viewer;
            if !matches!(q, Query::WhoAmI) {
                engine::authorize(&tx, &self.actor, needed, "view")?;
            }
            queries::answer(&tx, &self.actor, (self.clock)(), &q)
        })?
    }
}
