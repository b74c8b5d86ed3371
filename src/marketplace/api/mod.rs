//! What the marketplace APIs have in common: a request as data (so `--dry-run` can show it
//! and tests can check it), one blocking HTTP client with a timeout, and the retry rule:
//! 429 and 5xx are tried again after `Retry-After` (or a doubling pause), capped; any
//! other answer, or a timeout, is final.

pub mod ozon;
pub mod wildberries;

use std::time::Duration;

use crate::i18n::fill;
use crate::inventory::channels::OrderStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One header; a secret one is never shown, only sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: &'static str,
    pub value: String,
    pub secret: bool,
}

/// Which of a marketplace's hosts a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// The seller or marketplace API proper.
    Main,
    /// Wildberries' content API (product cards).
    Content,
}

/// A request as data: what `--dry-run` prints and what the client sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    pub host: Host,
    /// The path with its query, from the first `/`.
    pub path: String,
    pub headers: Vec<Header>,
    pub body: Option<serde_json::Value>,
}

impl Request {
    /// The request as a person reads it, secrets masked: method and URL, headers, body.
    pub fn shown(&self, base: &str) -> String {
        let mut out = format!(
            "{} {}{}\n",
            self.method.as_str(),
            masked_url(base.trim_end_matches('/')),
            self.path
        );
        for h in &self.headers {
            let v = if h.secret { "***" } else { h.value.as_str() };
            out.push_str(&format!("{}: {v}\n", h.name));
        }
        if let Some(b) = &self.body {
            out.push_str(&serde_json::to_string_pretty(b).unwrap_or_default());
            out.push('\n');
        }
        out
    }

    /// The values of the secret headers, to scrub from anything shown.
    pub fn secrets(&self) -> Vec<String> {
        self.headers
            .iter()
            .filter(|h| h.secret)
            .map(|h| h.value.clone())
            .collect()
    }
}

/// An answer, read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// `Retry-After` (or Wildberries' `X-Ratelimit-Retry`), in seconds.
    pub retry_after: Option<u64>,
    /// Where a 3xx answer points; never followed.
    pub location: Option<String>,
    pub body: String,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// No whole answer within the timeout: it may or may not have been applied.
    Timeout,
    /// No connection, or it broke.
    Network(String),
    /// An answer that is not UTF-8 text.
    Unreadable,
    /// An answer longer than the most that is read.
    TooLarge,
}

/// Sends requests. The real one is `Http`; tests may bring their own.
pub trait Transport {
    fn send(&self, base: &str, req: &Request) -> Result<Response, SendError>;
}

/// Timeouts and the retry rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The whole of one request, connection to last byte.
    pub timeout: Duration,
    /// Tries after the first, on 429 and 5xx.
    pub retries: u32,
    /// The first pause when the server names none; doubled each time.
    pub backoff: Duration,
    /// No pause is longer, whatever the server asks.
    pub backoff_cap: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(30),
            retries: 5,
            backoff: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
        }
    }
}

impl Settings {
    /// The pause before try `n` (0-based retry count) after an answer with `retry_after`.
    pub fn pause(&self, n: u32, retry_after: Option<u64>) -> Duration {
        let wanted = match retry_after {
            Some(s) => Duration::from_secs(s),
            None => self
                .backoff
                .checked_mul(1u32.checked_shl(n.min(16)).unwrap_or(u32::MAX))
                .unwrap_or(self.backoff_cap),
        };
        wanted.min(self.backoff_cap)
    }
}

/// A request that failed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    Timeout {
        what: String,
    },
    Network {
        what: String,
        message: String,
    },
    /// An answer that is not a success and not worth another try (400, 401, 403, ...).
    Status {
        what: String,
        status: u16,
        message: String,
    },
    /// 429 or 5xx every time.
    GaveUp {
        what: String,
        status: u16,
        tries: u32,
    },
    /// A success whose body is not the documented shape.
    BadAnswer {
        what: String,
        message: String,
    },
    /// An answer that is not UTF-8 text.
    Unreadable {
        what: String,
    },
    /// An answer longer than the most that is read.
    TooLarge {
        what: String,
    },
    /// A 3xx answer: never followed, so the keys never go to another host.
    Redirect {
        what: String,
        location: String,
    },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            ApiError::Timeout { what } => fill("sync.err_timeout", &[what]),
            ApiError::Network { what, message } => fill("sync.err_network", &[what, message]),
            ApiError::Status {
                what,
                status,
                message,
            } => fill("sync.err_status", &[what, status, message]),
            ApiError::GaveUp {
                what,
                status,
                tries,
            } => fill("sync.err_gave_up", &[what, status, tries]),
            ApiError::BadAnswer { what, message } => fill("sync.err_bad_answer", &[what, message]),
            ApiError::Unreadable { what } => fill("sync.err_unreadable", &[what]),
            ApiError::TooLarge { what } => {
                fill("sync.err_too_large", &[what, &(MAX_BODY / (1024 * 1024))])
            }
            ApiError::Redirect { what, location } => fill("sync.err_redirect", &[what, location]),
        };
        f.write_str(&s)
    }
}

/// `url` with a user name and password in it (`https://user:pw@host`) masked as `***`.
pub fn masked_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://***@{}{tail}", &authority[at + 1..]),
        None => url.to_string(),
    }
}

/// `text` with every secret replaced by `***` and cut to a readable length.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    // Only the start is ever shown: a body of megabytes is not worked through whole.
    let mut out: String = text.chars().take(4000).collect();
    for s in secrets {
        if s.len() >= 4 {
            out = out.replace(s.as_str(), "***");
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = crate::present::safe::clean(&out);
    if out.chars().count() > 300 {
        let mut cut: String = out.chars().take(300).collect();
        cut.push('…');
        cut
    } else {
        out
    }
}

/// Sends `req`, trying again on 429 and 5xx as the settings say; `what` names the request
/// in errors. `sleep` is the pause (tests count the pauses instead of waiting). Any other
/// answer is an error unless it is a success.
pub fn call(
    t: &dyn Transport,
    base: &str,
    settings: &Settings,
    req: &Request,
    what: &str,
    sleep: &dyn Fn(Duration),
) -> Result<Response, ApiError> {
    let r = call_final(t, base, settings, req, what, sleep)?;
    if (200..300).contains(&r.status) {
        return Ok(r);
    }
    Err(ApiError::Status {
        what: what.to_string(),
        status: r.status,
        message: scrub(&r.body, &req.secrets()),
    })
}

/// As `call`, but the first answer that is not 429 or 5xx comes back whatever it is.
pub fn call_final(
    t: &dyn Transport,
    base: &str,
    settings: &Settings,
    req: &Request,
    what: &str,
    sleep: &dyn Fn(Duration),
) -> Result<Response, ApiError> {
    let secrets = req.secrets();
    let what = what.to_string();
    let mut n = 0u32;
    loop {
        let r = match t.send(base, req) {
            Ok(r) => r,
            Err(SendError::Timeout) => return Err(ApiError::Timeout { what }),
            Err(SendError::Unreadable) => return Err(ApiError::Unreadable { what }),
            Err(SendError::TooLarge) => return Err(ApiError::TooLarge { what }),
            Err(SendError::Network(m)) => {
                return Err(ApiError::Network {
                    what,
                    message: scrub(&m, &secrets),
                });
            }
        };
        if (300..400).contains(&r.status) {
            return Err(ApiError::Redirect {
                what,
                location: scrub(&masked_url(r.location.as_deref().unwrap_or("?")), &secrets),
            });
        }
        if !(r.status == 429 || (500..600).contains(&r.status)) {
            return Ok(r);
        }
        if n >= settings.retries {
            return Err(ApiError::GaveUp {
                what,
                status: r.status,
                tries: n + 1,
            });
        }
        sleep(settings.pause(n, r.retry_after));
        n += 1;
    }
}

/// The blocking HTTP client: ureq over rustls, one timeout for the whole request.
pub struct Http {
    agent: ureq::Agent,
}

/// The most of an answer that is read.
const MAX_BODY: u64 = 32 * 1024 * 1024;

impl Http {
    pub fn new(settings: &Settings) -> Http {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("stockroom/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

fn send_error(e: ureq::Error) -> SendError {
    match e {
        ureq::Error::Timeout(_) => SendError::Timeout,
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            SendError::Timeout
        }
        other => SendError::Network(other.to_string()),
    }
}

impl Transport for Http {
    fn send(&self, base: &str, req: &Request) -> Result<Response, SendError> {
        let url = format!("{}{}", base.trim_end_matches('/'), req.path);
        let body = req
            .body
            .as_ref()
            .map(|b| serde_json::to_vec(b).unwrap_or_default());
        let result = match req.method {
            Method::Get => {
                let mut b = self.agent.get(&url);
                for h in &req.headers {
                    b = b.header(h.name, &h.value);
                }
                b.call()
            }
            Method::Post | Method::Put => {
                let mut b = if req.method == Method::Post {
                    self.agent.post(&url)
                } else {
                    self.agent.put(&url)
                };
                for h in &req.headers {
                    b = b.header(h.name, &h.value);
                }
                b.send(body.as_deref().unwrap_or(b"{}"))
            }
        };
        let mut resp = result.map_err(send_error)?;
        let status = resp.status().as_u16();
        let retry_after = ["retry-after", "x-ratelimit-retry"].iter().find_map(|h| {
            resp.headers()
                .get(*h)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok())
        });
        let location = resp
            .headers()
            .get("location")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => SendError::TooLarge,
                other => send_error(other),
            })?;
        let body = String::from_utf8(bytes).map_err(|_| SendError::Unreadable)?;
        Ok(Response {
            status,
            retry_after,
            location,
            body,
        })
    }
}

/// One order line as a marketplace's API gives it: the item is the marketplace's own id
/// (Ozon: offer id; Wildberries: barcode), `status` None means "leave the order as it is".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub order_ref: String,
    pub item: String,
    pub qty: u64,
    pub status: Option<OrderStatus>,
    pub created: Option<i64>,
}

/// An RFC 3339 time as milliseconds.
pub(crate) fn millis(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// Milliseconds as the RFC 3339 UTC time the APIs take.
pub(crate) fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    struct Canned(RefCell<Vec<Result<Response, SendError>>>);

    impl Transport for Canned {
        fn send(&self, _base: &str, _req: &Request) -> Result<Response, SendError> {
            self.0.borrow_mut().remove(0)
        }
    }

    fn answer(status: u16, retry_after: Option<u64>) -> Result<Response, SendError> {
        Ok(Response {
            status,
            retry_after,
            location: None,
            body: "{}".into(),
        })
    }

    fn req() -> Request {
        Request {
            method: Method::Get,
            host: Host::Main,
            path: "/x".into(),
            headers: vec![Header {
                name: "Api-Key",
                value: "sekret-123".into(),
                secret: true,
            }],
            body: None,
        }
    }

    fn settings() -> Settings {
        Settings {
            timeout: Duration::from_secs(1),
            retries: 3,
            backoff: Duration::from_millis(100),
            backoff_cap: Duration::from_secs(5),
        }
    }

    #[test]
    fn pauses_double_honour_retry_after_and_stop_at_the_cap() {
        let s = settings();
        assert_eq!(s.pause(0, None), Duration::from_millis(100));
        assert_eq!(s.pause(2, None), Duration::from_millis(400));
        assert_eq!(s.pause(0, Some(2)), Duration::from_secs(2));
        assert_eq!(s.pause(0, Some(3600)), Duration::from_secs(5));
        assert_eq!(s.pause(40, None), Duration::from_secs(5));
    }

    #[test]
    fn busy_answers_are_tried_again_and_others_are_final() {
        let t = Canned(RefCell::new(vec![
            answer(429, Some(2)),
            answer(502, None),
            answer(200, None),
        ]));
        let waits = RefCell::new(Vec::new());
        let r = call(&t, "http://h", &settings(), &req(), "x", &|d| {
            waits.borrow_mut().push(d)
        });
        assert_eq!(r.map(|r| r.status), Ok(200));
        assert_eq!(
            *waits.borrow(),
            vec![Duration::from_secs(2), Duration::from_millis(200)]
        );
        let t = Canned(RefCell::new(vec![answer(401, None)]));
        let e = call(&t, "http://h", &settings(), &req(), "x", &|_| {}).unwrap_err();
        assert!(matches!(e, ApiError::Status { status: 401, .. }));
        let t = Canned(RefCell::new(vec![Err(SendError::Timeout)]));
        let e = call(&t, "http://h", &settings(), &req(), "x", &|_| {}).unwrap_err();
        assert!(matches!(e, ApiError::Timeout { .. }));
    }

    #[test]
    fn user_and_password_in_an_address_are_masked() {
        assert_eq!(
            masked_url("https://u:p@h.example:8/x?a=b@c"),
            "https://***@h.example:8/x?a=b@c"
        );
        assert_eq!(masked_url("https://h.example/x"), "https://h.example/x");
        assert!(!req().shown("https://me:pw@h").contains("pw"));
    }

    #[test]
    fn secrets_are_scrubbed_from_what_is_shown() {
        let r = req();
        assert!(r.shown("http://h").contains("Api-Key: ***"));
        assert!(!r.shown("http://h").contains("sekret-123"));
        assert_eq!(
            scrub("bad key sekret-123 given", &r.secrets()),
            "bad key *** given"
        );
    }
}
