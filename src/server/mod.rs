//! `stockroom serve`: one process holds the database; everyone else talks to it over a
//! Unix socket beside the file.
//!
//! Writes funnel into one writer thread that applies every command waiting at that moment
//! inside one durable transaction (group commit). Each command is validated on its own; a
//! refused one writes nothing; each is acknowledged only after the commit is on disk.

pub mod client;
pub mod peer;
pub mod protocol;
mod shared;

use std::collections::HashMap;
use std::io::BufReader;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use crate::domain::Role;
use crate::inventory::engine::{self, Ctx};
use crate::inventory::{Applied, Command, Error, LocalInventory, Result, queries};
use crate::store::{Reader, StoreError};
use protocol::{ClientMsg, MAX_REQUEST, PROTOCOL_VERSION, ServerMsg, read_frame, write_frame};
use shared::SharedStore;

/// The socket clients look for: `STOCKROOM_SOCKET` when set (for `serve --socket`),
/// else the one beside the database.
pub fn client_socket(db: &Path) -> PathBuf {
    match std::env::var_os("STOCKROOM_SOCKET") {
        Some(s) if !s.is_empty() => PathBuf::from(s),
        _ => socket_for(db),
    }
}

/// The socket that serves a database: `stockroom.redb.sock` beside `stockroom.redb`.
pub fn socket_for(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".sock");
    PathBuf::from(s)
}

/// The most commands one transaction carries.
const MAX_BATCH: usize = 512;

struct Job {
    ctx: Ctx,
    cmd: Command,
    reply: Sender<Result<Applied>>,
}

enum WriterMsg {
    Job(Box<Job>),
    /// The timer: release holds past their deadline.
    Expire,
    /// Everything queued before this is committed; then the writer ends.
    Stop,
}

type Clients = Arc<Mutex<HashMap<u64, UnixStream>>>;

type Subscribers = Arc<Mutex<HashMap<u64, Sender<ServerMsg>>>>;

/// A running server, for `serve` and for tests.
pub struct Server {
    store: Arc<SharedStore>,
    socket: PathBuf,
    jobs: Sender<WriterMsg>,
    writer: Option<std::thread::JoinHandle<()>>,
    subscribers: Subscribers,
    clients: Clients,
    stopping: Arc<AtomicBool>,
    listener: UnixListener,
}

impl Server {
    /// Opens the database (creating it with the caller as owner if new) and binds the socket.
    pub fn bind(db: &Path, socket: Option<&Path>, group: Option<&str>) -> Result<Server> {
        let socket = socket
            .map(Path::to_path_buf)
            .unwrap_or_else(|| socket_for(db));
        let owner = crate::identity::current_user();
        let (local, _) = LocalInventory::open_or_init(db, &owner)?;
        let store = Arc::new(SharedStore::new(local.into_store()));
        if socket.exists() {
            // A live server answers; a stale file from a crashed one does not.
            if UnixStream::connect(&socket).is_ok() {
                return Err(io_err(format!(
                    "{} is already served by another process",
                    socket.display()
                )));
            }
            std::fs::remove_file(&socket)
                .map_err(|e| io_err(format!("{}: {e}", socket.display())))?;
        }
        let listener = UnixListener::bind(&socket)
            .map_err(|e| io_err(format!("{}: {e}", socket.display())))?;
        peer::share_with_group(&socket, group)
            .map_err(|e| io_err(format!("{}: {e}", socket.display())))?;
        // The database stays 0600, the service's own: members reach it only through the socket.
        let subscribers: Subscribers = Arc::new(Mutex::new(HashMap::new()));
        let (jobs, rx) = mpsc::channel::<WriterMsg>();
        let writer = {
            let store = store.clone();
            let subs = subscribers.clone();
            std::thread::spawn(move || writer_loop(&store, rx, &subs))
        };
        {
            // Holds expire on time even when nobody writes.
            let jobs = jobs.clone();
            std::thread::spawn(move || {
                while jobs.send(WriterMsg::Expire).is_ok() {
                    std::thread::sleep(std::time::Duration::from_secs(30));
                }
            });
        }
        Ok(Server {
            store,
            socket,
            jobs,
            writer: Some(writer),
            subscribers,
            clients: Arc::new(Mutex::new(HashMap::new())),
            stopping: Arc::new(AtomicBool::new(false)),
            listener,
        })
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// A handle that makes `run` return (used by signal handlers and tests).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            flag: self.stopping.clone(),
            socket: self.socket.clone(),
        }
    }

    /// Accepts clients until stopped; then finishes the commands in flight, closes the
    /// database and removes the socket.
    pub fn run(mut self) -> Result<()> {
        let next_id = AtomicU64::new(1);
        let mut threads: Vec<std::thread::JoinHandle<()>> = Vec::new();
        for conn in self.listener.incoming() {
            if self.stopping.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = conn else { continue };
            let id = next_id.fetch_add(1, Ordering::Relaxed);
            if let (Ok(mut c), Ok(dup)) = (self.clients.lock(), stream.try_clone()) {
                c.insert(id, dup);
            }
            let store = self.store.clone();
            let jobs = self.jobs.clone();
            let subs = self.subscribers.clone();
            let clients = self.clients.clone();
            threads.retain(|t| !t.is_finished());
            threads.push(std::thread::spawn(move || {
                if let Err(e) = serve_client(id, stream, &store, &jobs, &subs) {
                    eprintln!("stockroom serve: client {id}: {e}");
                }
                if let Ok(mut s) = subs.lock() {
                    s.remove(&id);
                }
                if let Ok(mut c) = clients.lock() {
                    c.remove(&id);
                }
            }));
        }
        let _ = std::fs::remove_file(&self.socket);
        // The commands already queued are committed and answered; then the writer ends.
        let _ = self.jobs.send(WriterMsg::Stop);
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
        // Hang up on every client so their threads let go of the database.
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.clear();
        }
        if let Ok(mut c) = self.clients.lock() {
            for (_, s) in c.drain() {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
        }
        // Once every client thread is gone, the last handle on the database closes it.
        for t in threads {
            let _ = t.join();
        }
        Ok(())
    }
}

#[derive(Clone)]
pub struct Stopper {
    flag: Arc<AtomicBool>,
    socket: PathBuf,
}

impl Stopper {
    pub fn stop(&self) {
        self.flag.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = UnixStream::connect(&self.socket);
    }
}

fn io_err(s: String) -> Error {
    Error::from(StoreError::Io(s))
}

fn writer_loop(store: &SharedStore, rx: Receiver<WriterMsg>, subs: &Subscribers) {
    let mut stop = false;
    while !stop {
        let first = match rx.recv() {
            Ok(WriterMsg::Job(j)) => j,
            Ok(WriterMsg::Expire) => {
                expire_now(store, subs);
                continue;
            }
            Ok(WriterMsg::Stop) | Err(_) => break,
        };
        let mut batch = vec![*first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(WriterMsg::Job(j)) => batch.push(*j),
                Ok(WriterMsg::Expire) => expire_now(store, subs),
                Ok(WriterMsg::Stop) => {
                    stop = true;
                    break;
                }
                Err(_) => break,
            }
        }
        // Imports write in steps and dry runs roll back: they get a transaction of their own.
        let (alone, shared): (Vec<Job>, Vec<Job>) =
            batch.into_iter().partition(|j| j.cmd.writes_in_steps());
        if !shared.is_empty() {
            commit_batch(store, shared, subs);
        }
        for j in alone {
            commit_batch(store, vec![j], subs);
        }
    }
}

/// Releases expired holds in a transaction of their own and tells the subscribers.
fn expire_now(shared: &SharedStore, subs: &Subscribers) {
    let Ok(store) = shared.get() else { return };
    let Ok(tx) = store.begin_write() else {
        drop(store);
        shared.reopen();
        return;
    };
    let now = crate::inventory::clock::now_ms();
    match crate::inventory::channels::expire_due(&tx, now) {
        Ok(skus) if !skus.is_empty() => {
            // The freed units go to waiting backorders, as after any other release.
            let ctx = crate::inventory::engine::Ctx {
                actor: "system".into(),
                now,
            };
            for sku in &skus {
                if crate::inventory::channels::fill_backorders(&tx, &ctx, *sku).is_err() {
                    let _ = tx.abort();
                    return;
                }
            }
            let seq = tx.last_seq().unwrap_or(0);
            if tx.commit().is_ok() {
                broadcast(subs, ServerMsg::Changed { seq, skus });
            } else {
                drop(store);
                shared.reopen();
            }
        }
        _ => {
            let _ = tx.abort();
        }
    }
}

fn commit_batch(shared: &SharedStore, jobs: Vec<Job>, subs: &Subscribers) {
    let failed = |jobs: Vec<Job>, e: StoreError| {
        for j in jobs {
            let _ = j.reply.send(Err(e.clone().into()));
        }
    };
    let store = match shared.get() {
        Ok(s) => s,
        Err(e) => return failed(jobs, e),
    };
    let tx = match store.begin_write() {
        Ok(tx) => tx,
        Err(e) => {
            failed(jobs, e);
            drop(store);
            shared.reopen();
            return;
        }
    };
    let results: Vec<Result<Applied>> = jobs
        .iter()
        .map(|j| engine::apply(&tx, &j.ctx, &j.cmd))
        .collect();
    let dry = jobs.len() == 1 && jobs[0].cmd.is_dry_run();
    let wrote = results.iter().any(|r| r.is_ok()) && !dry;
    let done = if wrote { tx.commit() } else { tx.abort() };
    match done {
        Ok(()) => {
            let mut skus: Vec<u32> = results
                .iter()
                .flatten()
                .flat_map(|a| a.skus.iter().copied())
                .collect();
            let seq = results.iter().flatten().map(|a| a.seq).max().unwrap_or(0);
            for (j, r) in jobs.into_iter().zip(results) {
                let _ = j.reply.send(r);
            }
            if wrote {
                skus.sort_unstable();
                skus.dedup();
                broadcast(subs, ServerMsg::Changed { seq, skus });
            }
        }
        Err(e) => {
            // No command of this batch is confirmed: each gets the storage error. redb
            // refuses all work after a failed write until the file is opened again.
            failed(jobs, e);
            drop(store);
            shared.reopen();
        }
    }
}

fn broadcast(subs: &Subscribers, msg: ServerMsg) {
    if let Ok(mut s) = subs.lock() {
        s.retain(|_, tx| tx.send(msg.clone()).is_ok());
    }
}

fn serve_client(
    id: u64,
    stream: UnixStream,
    store: &SharedStore,
    jobs: &Sender<WriterMsg>,
    subs: &Subscribers,
) -> std::io::Result<()> {
    let user = peer::peer_user(&stream)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    match read_frame::<_, ClientMsg>(&mut reader, MAX_REQUEST) {
        Ok(ClientMsg::Hello { protocol, .. }) if protocol == PROTOCOL_VERSION => {
            let role = store
                .get()
                .ok()
                .and_then(|s| s.begin_read().ok())
                .and_then(|r| r.user(&user).ok().flatten())
                .map(|u| u.role);
            write_frame(
                &mut writer,
                &ServerMsg::Welcome {
                    protocol: PROTOCOL_VERSION,
                    user: user.clone(),
                    role,
                },
            )?;
        }
        Ok(ClientMsg::Hello { protocol, .. }) => {
            let reason = format!(
                "protocol {protocol} is not spoken here (server speaks {PROTOCOL_VERSION}); use the same stockroom version"
            );
            write_frame(
                &mut writer,
                &ServerMsg::Refused {
                    reason: reason.clone(),
                },
            )?;
            return Err(std::io::Error::other(reason));
        }
        Ok(_) => return Err(std::io::Error::other("no hello")),
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    }
    loop {
        let msg = match read_frame::<_, ClientMsg>(&mut reader, MAX_REQUEST) {
            Ok(m) => m,
            Err(protocol::FrameError::Closed) => return Ok(()),
            Err(e) => return Err(std::io::Error::other(e.to_string())),
        };
        match msg {
            ClientMsg::Hello { .. } => return Err(std::io::Error::other("hello twice")),
            ClientMsg::Execute(cmd) => {
                let (tx, rx) = mpsc::channel();
                let ctx = Ctx {
                    actor: user.clone(),
                    now: crate::inventory::clock::now_ms(),
                };
                if jobs
                    .send(WriterMsg::Job(Box::new(Job {
                        ctx,
                        cmd,
                        reply: tx,
                    })))
                    .is_err()
                {
                    return Err(std::io::Error::other("server is stopping"));
                }
                let r = rx
                    .recv()
                    .unwrap_or_else(|_| Err(io_err("server is stopping".into())));
                write_frame(&mut writer, &ServerMsg::Applied(r))?;
            }
            ClientMsg::Query(q) => {
                let r = answer(store, &user, &q);
                write_frame(&mut writer, &ServerMsg::Answer(r))?;
            }
            ClientMsg::Subscribe => {
                let (tx, rx) = mpsc::channel::<ServerMsg>();
                if let Ok(mut s) = subs.lock() {
                    s.insert(id, tx);
                }
                // This connection now only carries pushes; stop when the client goes.
                let mut w = writer.try_clone()?;
                for m in rx {
                    if write_frame(&mut w, &m).is_err() {
                        break;
                    }
                }
                return Ok(());
            }
        }
    }
}

fn answer(
    shared: &SharedStore,
    user: &str,
    q: &crate::inventory::Query,
) -> Result<crate::inventory::Answer> {
    if let crate::inventory::Query::Backup { path, overwrite } = q {
        let to = Path::new(path);
        if !to.is_absolute() {
            return Err(Error::Input(crate::inventory::InputError::Path {
                path: path.clone(),
                message: "must be an absolute path when a server writes it".into(),
            }));
        }
        let store = shared.get()?;
        return crate::inventory::backup::backup(&store, user, to, *overwrite)
            .map(crate::inventory::Answer::Backup);
    }
    let store = shared.get()?;
    let tx = store.begin_read()?;
    if !matches!(q, crate::inventory::Query::WhoAmI) {
        engine::authorize(&tx, user, Role::Viewer, "view")?;
    }
    queries::answer(&tx, user, crate::inventory::clock::now_ms(), q)
}

/// `stockroom serve`: runs until SIGTERM or SIGINT.
pub fn serve(db: &Path, socket: Option<&Path>, group: Option<&str>) -> Result<i32> {
    let server = Server::bind(db, socket, group)?;
    let stopper = server.stopper();
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ]) {
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                stopper.stop();
            }
        });
    }
    eprintln!(
        "{}",
        crate::i18n::fill("cli.serving", &[&db.display(), &server.socket().display()])
    );
    server.run()?;
    eprintln!("{}", crate::i18n::text("cli.served"));
    Ok(0)
}
