//! The HTTP layer of `serve`: a small blocking HTTP/1.1 server on std's `TcpListener` (GET and
//! HEAD only, one short-lived thread per connection, a bounded number at a time), answering
//! with what the routes in `mod.rs` give. No keep-alive: every answer closes its connection,
//! except the event stream, which stays open until the browser goes away.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Requests with a larger head are refused; ours are a few hundred bytes.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Requests answered at once (after their head has come); more get 503 at once. A page needs
/// about six, each answered in milliseconds (a download in seconds).
const MAX_CONNECTIONS: usize = 64;
/// Connections still sending their request head. A browser sends it in one packet; a client
/// that dribbles it byte by byte would hold a slot, so when this many wait, the one waiting
/// longest is closed to make room: slow clients can never shut out a quick one.
const MAX_READING: usize = 32;
/// The whole request head must arrive within this time (not per read: a byte every second
/// would keep a per-read timeout waiting for ever).
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Event streams open at once, and per client address; a page holds one.
const MAX_STREAMS: usize = 32;
const MAX_STREAMS_PER_CLIENT: usize = 8;
/// Connections open at once, whatever they are doing: reading their head, being answered
/// (a client that never reads its answer holds one until the write times out), or holding
/// an event stream. More are answered 503 from the accepting thread and closed at once, so
/// threads and the answers' memory stay bounded however many connect.
const MAX_OPEN: usize = MAX_CONNECTIONS + MAX_STREAMS;
/// How long an answer may take to be taken by the client.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path, without the query, percent-decoding not applied (we serve ASCII paths only).
    pub path: String,
    pub host: Option<String>,
}

/// A streaming answer: given the connection after the head has been written, and a test of
/// whether the client is still there (it closed its end); returns when the stream ends (the
/// browser left, or the server stops).
pub type Stream = Box<dyn FnOnce(&mut dyn Write, &dyn Fn() -> bool) + Send>;

pub enum Reply {
    Full {
        status: u16,
        content_type: &'static str,
        headers: Vec<(&'static str, String)>,
        body: Arc<Vec<u8>>,
    },
    /// `text/event-stream`, written by the closure.
    Events(Stream),
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            content_type,
            headers: Vec::new(),
            body: Arc::new(body.into()),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// The connections of the server, counted by what they are doing.
#[derive(Default)]
struct Slots {
    /// Still sending their head: an id, a handle to close it, and the client's address.
    reading: Mutex<VecDeque<(u64, TcpStream)>>,
    answering: AtomicUsize,
    /// Open event streams, by client address.
    streams: Mutex<HashMap<IpAddr, usize>>,
    /// Connections open, from their acceptance to their end.
    open: Arc<AtomicUsize>,
    next_id: AtomicUsize,
}

impl Slots {
    /// Registers a connection that is about to send its head; closes the one that has waited
    /// longest when [`MAX_READING`] wait already.
    fn start_reading(&self, stream: &TcpStream) -> Option<u64> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) as u64;
        let handle = stream.try_clone().ok()?;
        let mut reading = lock(&self.reading);
        while reading.len() >= MAX_READING {
            if let Some((_, oldest)) = reading.pop_front() {
                let _ = oldest.shutdown(std::net::Shutdown::Both);
            }
        }
        reading.push_back((id, handle));
        Some(id)
    }

    fn done_reading(&self, id: u64) {
        lock(&self.reading).retain(|(i, _)| *i != id);
    }

    /// Takes an event-stream slot for `client`, when one is free.
    fn open_stream(&self, client: IpAddr) -> bool {
        let mut streams = lock(&self.streams);
        let total: usize = streams.values().sum();
        let here = streams.entry(client).or_insert(0);
        if total >= MAX_STREAMS || *here >= MAX_STREAMS_PER_CLIENT {
            return false;
        }
        *here += 1;
        true
    }

    fn close_stream(&self, client: IpAddr) {
        let mut streams = lock(&self.streams);
        if let Some(n) = streams.get_mut(&client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                streams.remove(&client);
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn busy(what: &str) -> Reply {
    Reply::new(503, "text/plain; charset=utf-8", what.to_string()).header("Retry-After", "1")
}

/// Accepts connections for ever (until the process ends), each on its own thread, at most
/// [`MAX_OPEN`] at once.
pub fn serve(listener: TcpListener, handler: Handler) {
    serve_within(listener, handler, MAX_OPEN);
}

/// [`serve`] with at most `max_open` connections open at once.
fn serve_within(listener: TcpListener, handler: Handler, max_open: usize) {
    let slots = Arc::new(Slots::default());
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors and the like: wait a little instead of spinning.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let Some(open) = Open::take(&slots.open, max_open) else {
            refuse(stream);
            continue;
        };
        let handler = handler.clone();
        let slots_here = slots.clone();
        let _ = std::thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                connection(stream, &handler, &slots_here);
                drop(open);
            });
    }
}

/// One of the open connections, given back when dropped (also when its thread could not
/// start, or ended in a panic).
struct Open(Arc<AtomicUsize>);

impl Open {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Open> {
        count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Open(count.clone()))
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a connection past the open ones allowed with a short 503 without waiting for it (the
/// answer fits in the socket's buffer; a client that reads nothing loses it), and closes it.
fn refuse(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_ok() {
        let _ = write_reply(&mut stream, false, busy("for mange åpne forbindelser"));
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn connection(stream: TcpStream, handler: &Handler, slots: &Slots) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let client = stream
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let Some(id) = slots.start_reading(&stream) else {
        return;
    };
    let head = read_head(&stream);
    slots.done_reading(id);
    let mut stream = stream;
    let request = match head {
        Ok(r) => r,
        Err(status) => {
            let _ = write_reply(
                &mut stream,
                false,
                Reply::new(status, "text/plain; charset=utf-8", reason(status)),
            );
            return;
        }
    };
    if slots.answering.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        slots.answering.fetch_sub(1, Ordering::SeqCst);
        let _ = write_reply(&mut stream, false, busy("for mange samtidige forespørsler"));
        return;
    }
    let head_only = request.method == "HEAD";
    let reply = if request.method == "GET" || head_only {
        handler(&request)
    } else {
        Reply::new(405, "text/plain; charset=utf-8", "bare GET og HEAD")
            .header("Allow", "GET, HEAD")
    };
    slots.answering.fetch_sub(1, Ordering::SeqCst);
    if let Reply::Events(_) = reply {
        if !slots.open_stream(client) {
            let _ = write_reply(&mut stream, false, busy("for mange åpne hendelsesstrømmer"));
            return;
        }
        let _ = write_reply(&mut stream, head_only, reply);
        slots.close_stream(client);
    } else {
        let _ = write_reply(&mut stream, head_only, reply);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The connection as a reader that gives up when [`HEAD_DEADLINE`] has passed since the
/// first byte was awaited, however the bytes trickle in.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

/// Whether the client has closed its end (or the connection broke): a peek that finds the end
/// of the stream. Bytes the client sent are left for nobody; an event stream reads nothing.
fn client_gone(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    gone
}

/// Reads the request line and headers (the body of a GET is ignored), all within
/// [`HEAD_DEADLINE`].
fn read_head(stream: &TcpStream) -> Result<Request, u16> {
    let deadline = Deadline {
        stream,
        until: Instant::now() + HEAD_DEADLINE,
    };
    let mut reader = BufReader::new(deadline.take(MAX_HEAD_BYTES as u64));
    let mut line = String::new();
    let mut total = 0;
    let mut first = None;
    let mut host = None;
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(|_| 400u16)?;
        if n == 0 {
            // The connection ended before the head did (or the head is too large).
            return Err(if total >= MAX_HEAD_BYTES { 413 } else { 400 });
        }
        total += n;
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if first.is_none() {
                continue; // tolerate blank lines before the request line
            }
            break;
        }
        if first.is_none() {
            first = Some(trimmed.to_string());
        } else if let Some((name, value)) = trimmed.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    let first = first.unwrap_or_default();
    let mut parts = first.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(400);
    }
    let path = target.split(['?', '#']).next().unwrap_or("").to_string();
    Ok(Request {
        method: method.to_string(),
        path,
        host,
    })
}

fn write_reply(stream: &mut TcpStream, head_only: bool, reply: Reply) -> std::io::Result<()> {
    const COMMON: &str = "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-store\r\n";
    match reply {
        Reply::Full {
            status,
            content_type,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n{COMMON}",
                reason(status),
                body.len()
            );
            for (name, value) in headers {
                // Values are ours; still, never let a line break into the head.
                let value: String = value.chars().filter(|c| !c.is_control()).collect();
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes())?;
            if !head_only {
                stream.write_all(&body)?;
            }
            stream.flush()
        }
        Reply::Events(write_events) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nConnection: close\r\n{COMMON}\r\n"
            );
            stream.write_all(head.as_bytes())?;
            stream.flush()?;
            if !head_only {
                let watched = stream.try_clone()?;
                write_events(stream, &move || client_gone(&watched));
            }
            Ok(())
        }
    }
}

/// Whether the Host header names this server as the browser reached it (loopback by name or
/// number): protects a loopback-only server against DNS rebinding from a web page.
pub fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    if !bound.ip().is_loopback() {
        return true;
    }
    let Some(host) = host else {
        return true; // HTTP/1.0 clients send none; nothing to rebind
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) && !name.ends_with(':') => {
            name
        }
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Connects and sends a request for `/`, reading nothing.
    fn request(addr: SocketAddr) -> TcpStream {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        s
    }

    #[test]
    fn clients_that_never_read_hold_no_more_than_the_open_connections() {
        assert_eq!(MAX_OPEN, 96);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        // An answer far larger than the socket buffers: its writer waits for the client.
        let body = Arc::new(vec![b'x'; 64 << 20]);
        let answers = Arc::new(AtomicUsize::new(0));
        let counted = answers.clone();
        let handler: Handler = Arc::new(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
            Reply::Full {
                status: 200,
                content_type: "text/plain",
                headers: Vec::new(),
                body: body.clone(),
            }
        });
        std::thread::spawn(move || serve_within(listener, handler, 4));
        let held: Vec<TcpStream> = (0..4).map(|_| request(addr)).collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        while answers.load(Ordering::SeqCst) < 4 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        // The fifth is refused at once, while the four still wait to be read.
        for _ in 0..3 {
            let mut extra = request(addr);
            extra
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut head = [0u8; 12];
            extra.read_exact(&mut head).unwrap();
            assert_eq!(&head, b"HTTP/1.1 503");
        }
        assert_eq!(answers.load(Ordering::SeqCst), 4);
        // A connection that ends gives its place back.
        drop(held);
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            let mut again = request(addr);
            again
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut head = [0u8; 12];
            if again.read_exact(&mut head).is_ok() && &head == b"HTTP/1.1 200" {
                break;
            }
            assert!(Instant::now() < deadline, "a place is given back");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    #[test]
    fn only_loopback_hosts_reach_a_loopback_server() {
        let bound: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert!(host_allowed(Some("127.0.0.1:8080"), bound));
        assert!(host_allowed(Some("localhost:8080"), bound));
        assert!(host_allowed(Some("[::1]:8080"), bound));
        assert!(!host_allowed(Some("evil.example:8080"), bound));
        assert!(!host_allowed(Some("192.168.1.4:8080"), bound));
        let open: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.4:8080"), open));
    }
}
