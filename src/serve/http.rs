//! The HTTP layer of `serve`: a small blocking HTTP/1.1 server on std's `TcpListener` (GET and
//! HEAD only, one short-lived thread per connection, a bounded number at a time), answering
//! with what the routes in `mod.rs` give. No keep-alive: every answer closes its connection,
//! except the event stream, which stays open until the browser goes away.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Requests with a larger head are refused; ours are a few hundred bytes.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Connections served at once; more get 503 at once (a page needs about six).
const MAX_CONNECTIONS: usize = 64;

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path, without the query, percent-decoding not applied (we serve ASCII paths only).
    pub path: String,
    pub host: Option<String>,
}

/// A streaming answer: given the connection after the head has been written; returns when
/// the stream ends (the browser left, or the server stops).
pub type Stream = Box<dyn FnOnce(&mut dyn Write) + Send>;

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

/// Accepts connections for ever (until the process ends), each on its own thread.
pub fn serve(listener: TcpListener, handler: Handler) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors and the like: wait a little instead of spinning.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = write_reply(
                &mut stream,
                false,
                Reply::new(
                    503,
                    "text/plain; charset=utf-8",
                    "for mange samtidige forbindelser",
                ),
            );
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let handler = handler.clone();
        let active_here = active.clone();
        let spawned = std::thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                connection(stream, &handler);
                active_here.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn connection(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut stream = stream;
    let request = match read_head(read_half) {
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
    let head_only = request.method == "HEAD";
    let reply = if request.method == "GET" || head_only {
        handler(&request)
    } else {
        Reply::new(405, "text/plain; charset=utf-8", "bare GET og HEAD")
            .header("Allow", "GET, HEAD")
    };
    let _ = write_reply(&mut stream, head_only, reply);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Reads the request line and headers (the body of a GET is ignored).
fn read_head(stream: TcpStream) -> Result<Request, u16> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD_BYTES as u64));
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

fn write_reply(stream: &mut dyn Write, head_only: bool, reply: Reply) -> std::io::Result<()> {
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
                write_events(stream);
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
