//! The server's handle on its database, and how it recovers from a failing disk.
//!
//! After a failed write or flush redb refuses every further transaction of that open
//! database ("previous I/O error"); only closing and opening the file again recovers it
//! (the open repairs it when needed). So the server keeps its `Store` here: every command
//! and query takes the current one, and when a commit fails the writer calls `reopen`,
//! which waits for the queries in flight, closes the store and opens the file anew. If
//! the disk still fails the slot stays empty, each request tries the open again and gets
//! the reason meanwhile; once the fault clears the next request finds a working database.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::store::{Store, StoreError};

/// How long a reopen waits for queries in flight to let go of the old store.
const DRAIN: Duration = Duration::from_secs(10);

pub struct SharedStore {
    path: PathBuf,
    slot: RwLock<Option<Arc<Store>>>,
}

impl SharedStore {
    pub fn new(store: Store) -> SharedStore {
        SharedStore {
            path: store.path().to_path_buf(),
            slot: RwLock::new(Some(Arc::new(store))),
        }
    }

    /// The working store, opening the file again if the last one failed.
    pub fn get(&self) -> Result<Arc<Store>, StoreError> {
        if let Some(s) = self.slot.read().ok().and_then(|s| s.clone()) {
            return Ok(s);
        }
        let mut slot = self.slot.write().map_err(|_| poisoned())?;
        if let Some(s) = slot.as_ref() {
            return Ok(s.clone());
        }
        let store = Arc::new(Store::open(&self.path).map_err(unavailable)?);
        eprintln!("stockroom serve: database reopened after a storage error");
        *slot = Some(store.clone());
        Ok(store)
    }

    /// Closes the store after a storage error and opens the file again. The caller must
    /// have dropped its own handle. Returns whether the database works again.
    pub fn reopen(&self) -> bool {
        let Ok(mut slot) = self.slot.write() else {
            return false;
        };
        if let Some(mut old) = slot.take() {
            // Queries in flight hold the old store for a moment; redb will not open a
            // file this process still has open.
            let until = Instant::now() + DRAIN;
            loop {
                match Arc::try_unwrap(old) {
                    Ok(store) => {
                        drop(store);
                        break;
                    }
                    Err(back) if Instant::now() < until => {
                        old = back;
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    Err(back) => {
                        // Still in use: keep it; the next failure tries again.
                        *slot = Some(back);
                        return false;
                    }
                }
            }
        }
        match Store::open(&self.path) {
            Ok(store) => {
                eprintln!("stockroom serve: database reopened after a storage error");
                *slot = Some(Arc::new(store));
                true
            }
            Err(e) => {
                eprintln!("stockroom serve: database not reopened yet: {e}");
                false
            }
        }
    }
}

fn unavailable(e: StoreError) -> StoreError {
    match e {
        StoreError::Io(d) => StoreError::Unavailable(d),
        other => other,
    }
}

fn poisoned() -> StoreError {
    StoreError::Io("the server's database handle is broken; restart stockroom serve".into())
}
