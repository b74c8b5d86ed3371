//! The Inventory API over the socket: what the CLI and the TUI use when a server serves
//! the database. The caller cannot tell it from the embedded store.

use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use super::protocol::{ClientMsg, MAX_REPLY, PROTOCOL_VERSION, ServerMsg, read_frame, write_frame};
use crate::domain::{Role, Seq, SkuId};
use crate::inventory::{Answer, Applied, Command, Error, Inventory, Query, Result, StoreErrorWire};

struct Conn {
    reader: BufReader<UnixStream>,
    writer: UnixStream,
}

pub struct RemoteInventory {
    socket: PathBuf,
    conn: Mutex<Option<Conn>>,
    /// How long a command whose answer was lost waits for the server to come back before
    /// its one retry.
    retry_wait: Duration,
    pub user: String,
    pub role: Option<Role>,
}

/// The default of `RemoteInventory::with_retry_wait`.
pub const RETRY_WAIT: Duration = Duration::from_secs(10);

/// A fresh id for one command: random, so two clients never share one in practice.
fn request_id() -> u128 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    fastrand::u128(..) ^ (t << 32) ^ u128::from(std::process::id())
}

fn conn_err(socket: &Path, e: impl std::fmt::Display) -> Error {
    Error::Store(StoreErrorWire::Connection(format!(
        "{}: {e}",
        socket.display()
    )))
}

fn server_gone(socket: &Path) -> Error {
    Error::Store(StoreErrorWire::ServerGone {
        socket: socket.display().to_string(),
    })
}

/// True when the server has closed this request connection: it never sends anything
/// unasked there, so anything readable before a request is the end of the stream.
fn closed_by_peer(stream: &UnixStream) -> bool {
    use std::os::unix::io::AsRawFd;
    let mut fd = libc::pollfd {
        fd: stream.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call; a zero timeout never blocks.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0
}

/// How long a client that finds a server hanging up during the greeting (it is stopping)
/// waits for it to be gone, so that it can open the database itself.
const STOPPING_WAIT: Duration = Duration::from_secs(3);

/// Connects and says hello; `Ok(None)` when nobody serves this socket. A server that
/// hangs up during the greeting is stopping: wait for it to be gone (then `Ok(None)`, and
/// the caller opens the file), rather than report a broken pipe.
fn handshake(socket: &Path) -> Result<Option<(Conn, String, Option<Role>)>> {
    let start = std::time::Instant::now();
    loop {
        match greet(socket) {
            Greeting::Stopping if start.elapsed() < STOPPING_WAIT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Greeting::Stopping => {
                return Err(Error::Store(StoreErrorWire::ServerStopping {
                    socket: socket.display().to_string(),
                }));
            }
            Greeting::Done(r) => return r,
        }
    }
}

enum Greeting {
    Done(Result<Option<(Conn, String, Option<Role>)>>),
    /// The server accepted and then closed the connection before answering.
    Stopping,
}

fn greet(socket: &Path) -> Greeting {
    let stream = match UnixStream::connect(socket) {
        Ok(s) => s,
        Err(_) => return Greeting::Done(Ok(None)),
    };
    let hung_up = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::UnexpectedEof
        )
    };
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(e) => return Greeting::Done(Err(conn_err(socket, e))),
    };
    let mut reader = BufReader::new(stream);
    let hello = ClientMsg::Hello {
        protocol: PROTOCOL_VERSION,
        client: format!("stockroom {}", env!("CARGO_PKG_VERSION")),
    };
    if let Err(e) = write_frame(&mut writer, &hello) {
        if hung_up(&e) {
            return Greeting::Stopping;
        }
        return Greeting::Done(Err(conn_err(socket, e)));
    }
    Greeting::Done(match read_frame::<_, ServerMsg>(&mut reader, MAX_REPLY) {
        Ok(ServerMsg::Welcome { user, role, .. }) => {
            Ok(Some((Conn { reader, writer }, user, role)))
        }
        Ok(ServerMsg::Refused { reason }) => Err(conn_err(socket, reason)),
        Ok(_) => Err(conn_err(socket, "unexpected greeting")),
        Err(super::protocol::FrameError::Closed) => return Greeting::Stopping,
        Err(super::protocol::FrameError::Io(e)) if hung_up(&e) => return Greeting::Stopping,
        Err(e) => Err(conn_err(socket, e)),
    })
}

impl RemoteInventory {
    /// Connects to the server on `socket`, or `Ok(None)` when none answers there.
    pub fn connect(socket: &Path) -> Result<Option<RemoteInventory>> {
        Ok(
            handshake(socket)?.map(|(conn, user, role)| RemoteInventory {
                socket: socket.to_path_buf(),
                conn: Mutex::new(Some(conn)),
                retry_wait: RETRY_WAIT,
                user,
                role,
            }),
        )
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// How long a command whose answer was lost waits for the server to come back
    /// before it is sent once more (default `RETRY_WAIT`).
    pub fn with_retry_wait(mut self, wait: Duration) -> Self {
        self.retry_wait = wait;
        self
    }

    /// Sends a command under a fresh request id. When the connection breaks before the
    /// answer, waits up to `retry_wait` for the server and sends the same id once more:
    /// the server answers an id it applied with its first answer, so nothing is applied
    /// twice. When that fails too, the command may have been applied, and the error says so.
    fn request(&self, cmd: Command) -> Result<ServerMsg> {
        let msg = ClientMsg::Request {
            id: request_id(),
            cmd,
        };
        let mut guard = self
            .conn
            .lock()
            .map_err(|_| conn_err(&self.socket, "poisoned"))?;
        // A connection the server closed while idle (it stopped or restarted since): drop
        // it before sending, so a command that never left is not reported as unsure.
        if guard
            .as_ref()
            .is_some_and(|c| closed_by_peer(c.reader.get_ref()))
        {
            *guard = None;
        }
        let mut broke = String::new();
        for attempt in 0..2 {
            if guard.is_none() {
                if attempt == 0 {
                    // Nothing was sent yet: no server is a plain "server gone".
                    match handshake(&self.socket)? {
                        Some((c, _, _)) => *guard = Some(c),
                        None => {
                            return Err(server_gone(&self.socket));
                        }
                    }
                } else {
                    match self.reconnect() {
                        Some(c) => *guard = Some(c),
                        None => break,
                    }
                }
            }
            let Some(conn) = guard.as_mut() else { break };
            let sent = write_frame(&mut conn.writer, &msg);
            let got = sent.map_err(|e| e.to_string()).and_then(|_| {
                read_frame::<_, ServerMsg>(&mut conn.reader, MAX_REPLY).map_err(|e| e.to_string())
            });
            match got {
                Ok(reply) => return Ok(reply),
                Err(e) => {
                    *guard = None;
                    broke = e;
                }
            }
        }
        Err(Error::Store(StoreErrorWire::MaybeApplied(format!(
            "{}: {broke}",
            self.socket.display()
        ))))
    }

    /// Connects again, trying until `retry_wait` has passed.
    fn reconnect(&self) -> Option<Conn> {
        let until = std::time::Instant::now() + self.retry_wait;
        loop {
            if let Ok(Some((c, _, _))) = handshake(&self.socket) {
                return Some(c);
            }
            if std::time::Instant::now() >= until {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends one message and reads its reply, reconnecting once if the server restarted.
    fn call(&self, msg: &ClientMsg) -> Result<ServerMsg> {
        let mut guard = self
            .conn
            .lock()
            .map_err(|_| conn_err(&self.socket, "poisoned"))?;
        for attempt in 0..2 {
            if guard.is_none() {
                match handshake(&self.socket)? {
                    Some((c, _, _)) => *guard = Some(c),
                    None => {
                        return Err(server_gone(&self.socket));
                    }
                }
            }
            let Some(conn) = guard.as_mut() else { continue };
            let sent = write_frame(&mut conn.writer, msg);
            let got = sent.map_err(|e| e.to_string()).and_then(|_| {
                read_frame::<_, ServerMsg>(&mut conn.reader, MAX_REPLY).map_err(|e| e.to_string())
            });
            match got {
                Ok(reply) => return Ok(reply),
                Err(e) => {
                    *guard = None;
                    // A command without an id that was sent may have been applied: never
                    // resend it (commands go through `request`, which has one).
                    if attempt == 1
                        || matches!(msg, ClientMsg::Execute(_) | ClientMsg::Request { .. })
                    {
                        return Err(conn_err(&self.socket, e));
                    }
                }
            }
        }
        Err(server_gone(&self.socket))
    }
}

impl Inventory for RemoteInventory {
    fn execute(&self, cmd: Command) -> Result<Applied> {
        match self.request(cmd)? {
            ServerMsg::Applied(r) => r,
            _ => Err(conn_err(&self.socket, "unexpected reply")),
        }
    }

    fn query(&self, q: Query) -> Result<Answer> {
        match self.call(&ClientMsg::Query(q))? {
            ServerMsg::Answer(r) => r,
            _ => Err(conn_err(&self.socket, "unexpected reply")),
        }
    }
}

/// What a subscription reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Committed { seq: Seq, skus: Vec<SkuId> },
    ServerGone,
    ServerBack,
}

/// Follows the server's commits on a thread of its own; `on_change` returns false to stop.
/// When the server goes away it reports so and keeps trying to reconnect.
pub fn subscribe(socket: PathBuf, on_change: impl Fn(Change) -> bool + Send + 'static) {
    std::thread::spawn(move || {
        let mut was_gone = false;
        loop {
            if let Ok(Some((mut conn, _, _))) = handshake(&socket) {
                if was_gone && !on_change(Change::ServerBack) {
                    return;
                }
                was_gone = false;
                if write_frame(&mut conn.writer, &ClientMsg::Subscribe).is_ok() {
                    while let Ok(msg) = read_frame::<_, ServerMsg>(&mut conn.reader, MAX_REPLY) {
                        if let ServerMsg::Changed { seq, skus } = msg
                            && !on_change(Change::Committed { seq, skus })
                        {
                            return;
                        }
                    }
                }
            }
            if !was_gone {
                was_gone = true;
                if !on_change(Change::ServerGone) {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
}
