//! A stand-in for a marketplace API on 127.0.0.1: each request's method, path, headers and
//! JSON body are kept, and a script of the test answers it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Value,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// Sent instead of `body` when set (bytes that are not text).
    pub bytes: Option<Vec<u8>>,
    pub delay: Duration,
}

pub fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: if body.is_null() {
            String::new()
        } else {
            body.to_string()
        },
        bytes: None,
        delay: Duration::ZERO,
    }
}

pub type Script = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

pub struct StandIn {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl StandIn {
    /// Answers each request with `script(request, how many came to that path before)`.
    pub fn start(script: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
        let script: Arc<Script> = Arc::new(script);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = log.clone();
                let script = script.clone();
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &log, &*script);
                });
            }
        });
        StandIn { url, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log").clone()
    }

    pub fn to(&self, path: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path == path).collect()
    }
}

fn serve_one(
    stream: std::net::TcpStream,
    log: &Mutex<Vec<Seen>>,
    script: &Script,
) -> std::io::Result<()> {
    let mut r = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    r.read_line(&mut first)?;
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::String("<not JSON>".into()))
    };
    let seen = Seen {
        method,
        path,
        headers,
        body,
    };
    let n = {
        let mut l = log.lock().expect("log");
        let n = l.iter().filter(|s| s.path == seen.path).count();
        l.push(seen.clone());
        n
    };
    let rep = script(&seen, n);
    std::thread::sleep(rep.delay);
    let body: Vec<u8> = rep
        .bytes
        .clone()
        .unwrap_or_else(|| rep.body.clone().into_bytes());
    let mut out = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        rep.status,
        body.len()
    );
    if !body.is_empty() {
        out.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in &rep.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut s = stream;
    s.write_all(out.as_bytes())?;
    s.write_all(&body)?;
    s.flush()
}
