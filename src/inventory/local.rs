//! The Inventory API on an embedded store: this process holds the database.

use std::path::Path;
use std::sync::Arc;

use crate::domain::Millis;
use crate::store::{Store, StoreError};

use super::engine::{self, Ctx};
use super::executor::{self, Job};
use super::{Answer, Applied, Command, Inventory, Query, Result};

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
        executor::guarded(|| Ok(Self::new(Store::open(path)?, actor)))?
    }

    /// Opens or creates the database; a new one gets `actor` as its owner.
    pub fn open_or_init(path: &Path, actor: &str) -> Result<(Self, bool)> {
        let inv = executor::guarded(|| Ok(Self::new(Store::open_or_create(path)?, actor)))??;
        let created = inv.init()?;
        Ok((inv, created))
    }

    /// As [`Self::open_or_init`], naming the default location of a new database.
    pub fn open_or_init_with(
        path: &Path,
        actor: &str,
        location_name: &str,
    ) -> Result<(Self, bool)> {
        let inv = executor::guarded(|| Ok(Self::new(Store::open_or_create(path)?, actor)))??;
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

    /// On PostgreSQL, calls `heard` on a thread of its own whenever another process commits
    /// to the same database, until `stop` says so (a TUI redraws then). Never on redb.
    pub fn follow_other_writers(
        &self,
        stop: impl Fn() -> bool + Send + 'static,
        heard: impl Fn() + Send + 'static,
    ) {
        executor::follow_other_writers(&self.store, stop, move |_| heard());
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
        executor::again(|| {
            let tx = self.store.begin_write()?;
            let created = engine::initialize_with(&tx, &self.ctx(), location_name);
            if tx.conflicted() {
                return Err(StoreError::Conflict("serialization failure".into()));
            }
            match created {
                Ok(true) => tx.commit().map(|()| Ok(true)),
                other => tx.abort().map(|()| other),
            }
        })?
    }

    /// Applies many commands in one durable transaction (group commit), as a server does.
    /// Each is validated on its own; a refused one writes nothing and does not stop the others.
    /// A command that writes in steps (an import) gets a transaction of its own, as on the
    /// server: refused halfway, it is dropped whole without taking the others with it.
    pub fn execute_batch(
        &self,
        cmds: Vec<(Ctx, Command)>,
    ) -> std::result::Result<Vec<Result<Applied>>, StoreError> {
        let mut results = Vec::with_capacity(cmds.len());
        let mut shared: Vec<Job> = Vec::new();
        for (ctx, cmd) in cmds {
            let alone = cmd.writes_in_steps();
            let job = Job {
                ctx,
                cmd,
                request: None,
            };
            if alone {
                if !shared.is_empty() {
                    let jobs = std::mem::take(&mut shared);
                    results
                        .extend(executor::apply_batch(&self.store, &jobs, (self.clock)())?.results);
                }
                results.extend(executor::apply_batch(&self.store, &[job], (self.clock)())?.results);
            } else {
                shared.push(job);
            }
        }
        if !shared.is_empty() {
            results.extend(executor::apply_batch(&self.store, &shared, (self.clock)())?.results);
        }
        Ok(results)
    }
}

impl Inventory for LocalInventory {
    fn execute(&self, cmd: Command) -> Result<Applied> {
        executor::apply_one(&self.store, &self.ctx(), &cmd)
    }

    fn query(&self, q: Query) -> Result<Answer> {
        executor::answer(&self.store, &self.actor, (self.clock)(), &q, false)
    }
}
