//! `stockroom serve`: one process holds the database; everyone else talks to it over a
//! Unix socket beside the file.
//!
//! Writes funnel into one writer thread that applies every command waiting at that moment
//! inside one durable transaction (group commit). Each command is validated on its own; a
//! refused one writes nothing; each is acknowledged only after the commit is on disk.

pub mod peer;

use std::collections::HashMap;
use std::io::BufReader;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::os::unix::io::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::i18n::{fill, text};
use crate::inventory::connect::socket_for;
use crate::inventory::executor::{Changed, Executor, Job};
use crate::inventory::remote::protocol::{
    self, ClientMsg, MAX_REQUEST, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, ServerMsg, read_frame,
    write_frame,
};
use crate::inventory::{Applied, Command, Ctx, Error, InputError, Result, StoreErrorWire};

/// The most commands one transaction carries.
const MAX_BATCH: usize = 512;

/// How often the accept loop looks at the stop flag, and at its socket.
const POLL: Duration = Duration::from_millis(100);
const SOCKET_CHECK: Duration = Duration::from_secs(1);
/// How long a stop may take before the process ends at once (what was committed is on
/// disk either way; a command still running is not applied).
const STOP_GRACE: Duration = Duration::from_millis(1500);

/// A command on its way to the writer, and where its answer goes.
struct Queued {
    /// The command; its request id is the client's (protocol 2), None from protocol 1 clients.
    job: Job,
    reply: Sender<Result<Applied>>,
}

enum WriterMsg {
    Job(Box<Queued>),
    /// The timer: release holds past their deadline.
    Expire,
    /// Everything queued before this is committed; then the writer ends.
    Stop,
}

type Clients = Arc<Mutex<HashMap<u64, UnixStream>>>;

type Subscribers = Arc<Mutex<HashMap<u64, Sender<ServerMsg>>>>;

/// A running server, for `serve` and for tests.
pub struct Server {
    store: Arc<Executor>,
    socket: PathBuf,
    /// Device and inode of the socket this server made: the only file it ever removes.
    socket_id: (u64, u64),
    group: Option<String>,
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
        claim_socket(db, &socket)?;
        let owner = crate::identity::current_user();
        // A CLI command or a TUI that has the file right now lets go of it soon: wait for it
        // (up to `--wait`), as every other opener does.
        // A service's log is no terminal: the wait is said there too.
        let notice = |db: &Path, limit: Duration| {
            eprintln!(
                "{}",
                fill("serve.waiting_for_db", &[&db.display(), &limit.as_secs()])
            );
        };
        let store = match crate::inventory::connect::wait_for_db(db, &notice, || {
            Executor::open_or_init(db, &owner)
        }) {
            Ok(s) => Arc::new(s),
            Err(Error::Store(StoreErrorWire::Locked(_))) => {
                return Err(io_err(fill(
                    "serve.db_in_use",
                    &[
                        &db.display(),
                        &crate::inventory::connect::wait_limit().as_secs(),
                    ],
                )));
            }
            Err(e) => return Err(e),
        };
        let (listener, socket_id) =
            listen(&socket, group).map_err(|e| io_err(format!("{}: {e}", socket.display())))?;
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
        let stopping = Arc::new(AtomicBool::new(false));
        {
            // On PostgreSQL other servers commit too: their commits reach this server's
            // subscribers as its own do.
            let subs = subscribers.clone();
            let stop = stopping.clone();
            store.follow_other_servers(
                move || stop.load(Ordering::SeqCst),
                move |Changed { seq, skus }| broadcast(&subs, ServerMsg::Changed { seq, skus }),
            );
        }
        Ok(Server {
            store,
            socket,
            socket_id,
            group: group.map(str::to_string),
            jobs,
            writer: Some(writer),
            subscribers,
            clients: Arc::new(Mutex::new(HashMap::new())),
            stopping,
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
        }
    }

    /// Makes the socket again when it was removed while the server runs; leaves alone
    /// whatever else took its path. `said` keeps the warning about the latter to once.
    fn keep_socket(&mut self, said: &mut bool) {
        match std::fs::symlink_metadata(&self.socket) {
            Ok(m) if (m.dev(), m.ino()) == self.socket_id => *said = false,
            Ok(_) => {
                if !*said {
                    eprintln!("{}", fill("serve.socket_taken", &[&self.socket.display()]));
                    *said = true;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match listen(&self.socket, self.group.as_deref()) {
                    Ok((listener, id)) => {
                        self.listener = listener;
                        self.socket_id = id;
                        eprintln!(
                            "{}",
                            fill("serve.socket_recreated", &[&self.socket.display()])
                        );
                    }
                    Err(e) => eprintln!("stockroom serve: {}: {e}", self.socket.display()),
                }
            }
            Err(_) => {}
        }
    }

    /// Removes the socket if it is still the one this server made.
    fn remove_socket(&self) {
        if let Ok(m) = std::fs::symlink_metadata(&self.socket)
            && (m.dev(), m.ino()) == self.socket_id
        {
            let _ = std::fs::remove_file(&self.socket);
        }
    }

    /// Accepts clients until stopped; then finishes the commands in flight, closes the
    /// database and removes the socket.
    pub fn run(mut self) -> Result<()> {
        let next_id = AtomicU64::new(1);
        let mut threads: Vec<std::thread::JoinHandle<()>> = Vec::new();
        let mut checked = Instant::now();
        let mut said = false;
        loop {
            if self.stopping.load(Ordering::SeqCst) {
                break;
            }
            if checked.elapsed() >= SOCKET_CHECK {
                checked = Instant::now();
                self.keep_socket(&mut said);
            }
            wait_readable(&self.listener, POLL);
            let stream = match self.listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(_) => {
                    // Out of descriptors and the like: let the clients in flight finish.
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            if stream.set_nonblocking(false).is_err() {
                continue;
            }
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
        self.remove_socket();
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
}

impl Stopper {
    /// The accept loop sees this within `POLL`, whatever state the socket is in.
    pub fn stop(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }
}

fn io_err(s: String) -> Error {
    Error::Store(StoreErrorWire::Io(s))
}

/// Waits until a client is waiting to be accepted, or `timeout` passes.
fn wait_readable(listener: &UnixListener, timeout: Duration) {
    let mut fd = libc::pollfd {
        fd: listener.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd, alive for the duration of the call.
    unsafe {
        libc::poll(&mut fd, 1, ms);
    }
}

/// Binds a listening socket at `socket` (nothing may be there), shares it as asked and
/// returns it with the device and inode it got.
fn listen(socket: &Path, group: Option<&str>) -> std::io::Result<(UnixListener, (u64, u64))> {
    let listener = UnixListener::bind(socket)?;
    let made = std::fs::symlink_metadata(socket)?;
    let id = (made.dev(), made.ino());
    let shared = peer::share_with_group(socket, group).and_then(|_| listener.set_nonblocking(true));
    if let Err(e) = shared {
        let _ = std::fs::remove_file(socket);
        return Err(e);
    }
    Ok((listener, id))
}

/// Makes sure `socket` may be bound: nothing there, or a socket nobody answers on (left by
/// a server that crashed), which is removed. Anything else is refused and left as it is:
/// a regular file, a folder, a link, the database itself (exit 2), a live server (exit 3).
/// The longest socket path a Unix socket address holds, in bytes (108 with its final NUL).
const MAX_SOCKET_PATH: usize = 107;

fn claim_socket(db: &Path, socket: &Path) -> Result<()> {
    let refuse = |message: String| {
        Err(Error::Input(InputError::Path {
            path: socket.display().to_string(),
            message,
        }))
    };
    let meta = match std::fs::symlink_metadata(socket) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A path the kernel cannot bind is bad input, not a storage error.
            let dir = match socket.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            if !dir.is_dir() {
                return refuse(fill("path.no_folder", &[&dir.display()]));
            }
            if socket.as_os_str().len() > MAX_SOCKET_PATH {
                return refuse(fill(
                    "serve.socket_too_long",
                    &[&socket.as_os_str().len(), &MAX_SOCKET_PATH],
                ));
            }
            return Ok(());
        }
        Err(e) => return Err(io_err(format!("{}: {e}", socket.display()))),
    };
    // The database under any spelling: relative, `..`, a link, a hard link.
    if let (Ok(s), Ok(d)) = (std::fs::metadata(socket), std::fs::metadata(db))
        && (s.dev(), s.ino()) == (d.dev(), d.ino())
    {
        return refuse(fill(
            "serve.socket_is_db",
            &[&db.display(), &socket_for(db).display()],
        ));
    }
    let kind = meta.file_type();
    if kind.is_symlink() {
        return refuse(text("serve.socket_is_link").into());
    }
    if kind.is_dir() {
        return refuse(text("serve.socket_is_dir").into());
    }
    if kind.is_file() {
        return refuse(text("serve.socket_is_file").into());
    }
    if !kind.is_socket() {
        return refuse(text("serve.socket_is_other").into());
    }
    match UnixStream::connect(socket) {
        Ok(_) => Err(io_err(fill("serve.already_served", &[&socket.display()]))),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            // Stale: a socket file that nothing listens on.
            std::fs::remove_file(socket).map_err(|e| io_err(format!("{}: {e}", socket.display())))
        }
        Err(e) => Err(io_err(format!("{}: {e}", socket.display()))),
    }
}

/// Test-only fault: with `STOCKROOM_TEST_CRASH_AFTER_COMMIT` naming a file, the server
/// kills itself (SIGKILL) right after a commit and before answering, whenever that file
/// exists (it is removed first, so once per file). For tests of retried requests; the
/// program never sets it, and without it this does nothing. Only a build with the
/// `faults` feature looks.
#[cfg(feature = "faults")]
fn crash_after_commit_if_asked() {
    static TRIGGER: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let trigger = TRIGGER.get_or_init(|| {
        std::env::var_os("STOCKROOM_TEST_CRASH_AFTER_COMMIT")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    });
    if let Some(p) = trigger
        && std::fs::remove_file(p).is_ok()
    {
        // SAFETY: kill(2) on this very process.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

#[cfg(not(feature = "faults"))]
fn crash_after_commit_if_asked() {}

fn writer_loop(store: &Executor, rx: Receiver<WriterMsg>, subs: &Subscribers) {
    let expire = |store: &Executor| {
        if let Some(Changed { seq, skus }) = store.expire() {
            broadcast(subs, ServerMsg::Changed { seq, skus });
        }
    };
    let mut stop = false;
    while !stop {
        let first = match rx.recv() {
            Ok(WriterMsg::Job(j)) => j,
            Ok(WriterMsg::Expire) => {
                expire(store);
                continue;
            }
            Ok(WriterMsg::Stop) | Err(_) => break,
        };
        let mut batch = vec![*first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(WriterMsg::Job(j)) => batch.push(*j),
                Ok(WriterMsg::Expire) => expire(store),
                Ok(WriterMsg::Stop) => {
                    stop = true;
                    break;
                }
                Err(_) => break,
            }
        }
        // Imports write in steps and dry runs roll back: they get a transaction of their own.
        let (alone, shared): (Vec<Queued>, Vec<Queued>) =
            batch.into_iter().partition(|q| q.job.cmd.writes_in_steps());
        if !shared.is_empty() {
            commit_batch(store, shared, subs);
        }
        for q in alone {
            commit_batch(store, vec![q], subs);
        }
    }
}

/// Commits a batch, answers each command once the commit is on disk, then tells the
/// subscribers what changed.
fn commit_batch(store: &Executor, queued: Vec<Queued>, subs: &Subscribers) {
    let (jobs, replies): (Vec<Job>, Vec<Sender<Result<Applied>>>) =
        queued.into_iter().map(|q| (q.job, q.reply)).unzip();
    let batch = store.commit(&jobs);
    if batch.changed.is_some() {
        crash_after_commit_if_asked();
    }
    for (reply, r) in replies.into_iter().zip(batch.results) {
        let _ = reply.send(r);
    }
    if let Some(Changed { seq, skus }) = batch.changed {
        broadcast(subs, ServerMsg::Changed { seq, skus });
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
    store: &Executor,
    jobs: &Sender<WriterMsg>,
    subs: &Subscribers,
) -> std::io::Result<()> {
    let user = peer::peer_user(&stream)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let client_protocol;
    match read_frame::<_, ClientMsg>(&mut reader, MAX_REQUEST) {
        Ok(ClientMsg::Hello { protocol, .. })
            if (MIN_PROTOCOL_VERSION..=PROTOCOL_VERSION).contains(&protocol) =>
        {
            client_protocol = protocol;
            let role = store.role_of(&user);
            write_frame(
                &mut writer,
                &ServerMsg::Welcome {
                    protocol,
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
                let r = execute(jobs, &user, cmd, None);
                let r = protocol::for_protocol(r, client_protocol);
                write_frame(&mut writer, &ServerMsg::Applied(r))?;
            }
            ClientMsg::Request { id, cmd } => {
                let r = execute(jobs, &user, cmd, Some(id));
                let r = protocol::for_protocol(r, client_protocol);
                write_frame(&mut writer, &ServerMsg::Applied(r))?;
            }
            ClientMsg::Query(q) => {
                let r = store.answer(&user, &q);
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

/// Hands a command to the writer and waits for its answer. A server that is stopping
/// says so: then the command was not applied.
fn execute(
    jobs: &Sender<WriterMsg>,
    user: &str,
    cmd: Command,
    request: Option<u128>,
) -> Result<Applied> {
    let stopping = || io_err(text("serve.stopping").into());
    let (tx, rx) = mpsc::channel();
    let ctx = Ctx {
        actor: user.to_string(),
        now: crate::inventory::clock::now_ms(),
    };
    let job = Queued {
        job: Job { ctx, cmd, request },
        reply: tx,
    };
    if jobs.send(WriterMsg::Job(Box::new(job))).is_err() {
        return Err(stopping());
    }
    rx.recv().unwrap_or_else(|_| Err(stopping()))
}

/// `stockroom serve`: runs until SIGTERM, SIGINT or SIGHUP. A stop finishes the batch
/// being committed and answers it; one that takes longer than `STOP_GRACE`, or a second
/// signal, ends the process at once (exit 3): what was committed is on disk either way.
pub fn serve(db: &Path, socket: Option<&Path>, group: Option<&str>) -> Result<i32> {
    let server = Server::bind(db, socket, group)?;
    let stopper = server.stopper();
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ]) {
        std::thread::spawn(move || {
            let mut seen = 0;
            for _ in signals.forever() {
                seen += 1;
                if seen == 1 {
                    stopper.stop();
                    std::thread::spawn(|| {
                        std::thread::sleep(STOP_GRACE);
                        eprintln!("{}", text("serve.stop_timeout"));
                        std::process::exit(3);
                    });
                } else {
                    eprintln!("{}", text("serve.second_signal"));
                    std::process::exit(3);
                }
            }
        });
    }
    eprintln!(
        "{}",
        crate::i18n::fill(
            "cli.serving",
            &[
                &crate::inventory::migrate::shown(db),
                &server.socket().display()
            ],
        )
    );
    server.run()?;
    eprintln!("{}", crate::i18n::text("cli.served"));
    Ok(0)
}
