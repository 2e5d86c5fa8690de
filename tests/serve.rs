//! `handlingsplan serve` end to end: the server on a free port, driven by headless Chromium
//! through chromedriver's WebDriver API (a tiny HTTP client over `TcpStream`), and plain HTTP
//! checks: unknown paths are 404, only loopback is bound, editors' ways of saving never crash
//! it, downloads are rendered on demand.
//!
//! The browser test needs Debian's `chromium` and `chromium-driver` (CI installs them); it
//! fails with a message saying so when they are missing. `CHROME_BIN` and `CHROMEDRIVER`
//! override where they are looked for.

mod common;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client (requests with `Connection: close`).

struct Response {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&body[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = &body[(start + size + 2).min(body.len())..];
    }
}

fn request(method: &str, addr: &str, path: &str, body: Option<&Value>) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(payload.as_bytes()).unwrap();
    // Read until the body is complete by its length (chromedriver keeps the connection open),
    // else until the server closes it.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|len| raw.len() >= split + 4 + len) {
                break;
            }
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head from {addr}{path}"));
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut body = raw[split + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn get(addr: &str, path: &str) -> Response {
    request("GET", addr, path, None)
}

// ---------------------------------------------------------------------------------------------
// The server under test.

struct Server {
    child: Child,
    /// host:port
    addr: String,
    started: Instant,
    /// Until the URL line was printed.
    ready_after: Duration,
}

impl Server {
    fn start(plan: &Path, extra: &[&str]) -> Server {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
            .arg("serve")
            .arg(plan)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                let _ = tx.send(line.clone());
                line.clear();
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let url = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve prints its address");
            if let Some(at) = line.find("http://") {
                break line[at..].trim().to_string();
            }
        };
        let ready_after = started.elapsed();
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            addr,
            started,
            ready_after,
        }
    }

    fn port(&self) -> u16 {
        self.addr.rsplit(':').next().unwrap().parse().unwrap()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the Drangedal plan in its own folder, so the test can edit it.
fn plan_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("drangedal-2024.yaml");
    std::fs::copy(common::data("drangedal-2024.yaml"), &plan).unwrap();
    (dir, plan)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Replaces the one occurrence of `from` in the plan, writing it as an editor does: to a
/// temporary file beside it, then renamed over the plan.
fn edit(plan: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(plan).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in the plan");
    let tmp = plan.with_extension("yaml.tmp~");
    std::fs::write(&tmp, text.replace(from, to)).unwrap();
    std::fs::rename(&tmp, plan).unwrap();
}

fn line_of(plan: &Path, needle: &str) -> usize {
    std::fs::read_to_string(plan)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .expect("line in plan")
        + 1
}

fn wait_for(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if check() {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    panic!("timed out after {timeout:?} waiting for {what}");
}

// ---------------------------------------------------------------------------------------------
// Plain HTTP tests.

#[test]
fn paths_outside_what_the_server_serves_are_404() {
    let (dir, plan) = plan_copy();
    let server = Server::start(&plan, &[]);
    for path in [
        "/drangedal-2024.yaml",
        "/../drangedal-2024.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/etc/passwd",
        "/Cargo.toml",
        "/static/app.js",
        "/dokument/",
        "/dokument/plan/../../drangedal-2024.yaml",
        "/last-ned/plan.html",
        "/last-ned/../drangedal-2024.yaml",
        "//etc/passwd",
        "/index.html",
    ] {
        let r = get(&server.addr, path);
        assert_eq!(r.status, 404, "{path} gives 404");
        assert!(!r.text().contains("program:"), "{path} shows no file");
    }
    for path in ["/", "/app.js", "/app.css", "/tilstand", "/dokument/plan"] {
        assert_eq!(get(&server.addr, path).status, 200, "{path} is served");
    }
    assert_eq!(request("POST", &server.addr, "/", None).status, 405);
    // A request that names another host (DNS rebinding) is refused.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");
    drop(dir);
}

#[cfg(target_os = "linux")]
#[test]
fn binds_loopback_only_unless_asked() {
    let (_dir, plan) = plan_copy();
    let server = Server::start(&plan, &[]);
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    // /proc/net/tcp lists listening sockets as hex address:port with state 0A.
    let port = format!("{:04X}", server.port());
    let listening: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            cols.len() > 3 && cols[1].ends_with(&format!(":{port}")) && cols[3] == "0A"
        })
        .collect();
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert!(
        listening[0].split_whitespace().nth(1).unwrap() == format!("0100007F:{port}"),
        "bound to 127.0.0.1 only: {listening:?}"
    );

    // Asked for explicitly, another address is used.
    let open = Server::start(&plan, &["--adresse", "0.0.0.0"]);
    assert_eq!(get(&format!("127.0.0.1:{}", open.port()), "/").status, 200);
}

#[test]
fn the_preview_names_the_other_document_without_a_dead_link() {
    let (_dir, plan) = plan_copy();
    let server = Server::start(&plan, &[]);
    for (page, words) in [
        (
            "/dokument/plan",
            "«Kommunikasjonsplan 2024 – Omstilling i Drangedal»",
        ),
        (
            "/dokument/kommunikasjonsplan",
            "Vedlegg til Handlingsplan 2024 for Driv",
        ),
    ] {
        let html = get(&server.addr, page).text();
        assert!(html.contains(words), "{page} names the other document");
        // The preview writes no files beside each other: the words are not a link to one,
        // and whatever the page links to, the server serves.
        for address in common::file_addresses(&html) {
            let target = format!("/dokument/{address}");
            assert_eq!(get(&server.addr, &target).status, 200, "{page} → {address}");
        }
    }
}

#[test]
fn editors_saves_never_crash_it_and_the_newest_state_shows() {
    let (dir, plan) = plan_copy();
    let before = listing(dir.path());
    let mut server = Server::start(&plan, &[]);
    let original = std::fs::read_to_string(&plan).unwrap();
    let with = |amount: u32| original.replace("beløp: 2490000", &format!("beløp: {amount}"));
    // Twenty saves in a second, in every way editors save.
    for i in 0..20u32 {
        let text = with(2_400_000 + i);
        match i % 5 {
            0 => std::fs::write(&plan, &text).unwrap(),
            1 => {
                // half-written, then finished
                std::fs::write(&plan, &text.as_bytes()[..text.len() / 2]).unwrap();
                std::thread::sleep(Duration::from_millis(5));
                std::fs::write(&plan, &text).unwrap();
            }
            2 => {
                let tmp = dir.path().join(".drangedal-2024.yaml.swp");
                std::fs::write(&tmp, "swap file noise").unwrap();
                let tmp2 = dir.path().join("drangedal-2024.yaml~");
                std::fs::write(&tmp2, &text).unwrap();
                std::fs::rename(&tmp2, &plan).unwrap();
                std::fs::remove_file(&tmp).unwrap();
            }
            3 => {
                std::fs::remove_file(&plan).unwrap();
                std::thread::sleep(Duration::from_millis(10));
                std::fs::write(&plan, &text).unwrap();
            }
            _ => std::fs::write(&plan, "program: [").unwrap(), // broken
        }
        std::thread::sleep(Duration::from_millis(40));
    }
    std::fs::write(&plan, with(2_424_242)).unwrap();
    wait_for("the newest amount", Duration::from_secs(10), || {
        get(&server.addr, "/dokument/plan")
            .text()
            .contains("2\u{a0}424\u{a0}242")
    });
    assert!(server.alive());
    let state: Value = serde_json::from_slice(&get(&server.addr, "/tilstand").body).unwrap();
    assert_eq!(state["gyldig"], true, "{state}");

    // Deleted for good: the last good document stays, with the error above it.
    std::fs::remove_file(&plan).unwrap();
    wait_for("the missing file reported", Duration::from_secs(10), || {
        let s: Value = serde_json::from_slice(&get(&server.addr, "/tilstand").body).unwrap();
        s["diagnostikk"]
            .as_str()
            .is_some_and(|d| d.contains("filen finnes ikke"))
    });
    assert!(
        get(&server.addr, "/dokument/plan")
            .text()
            .contains("2\u{a0}424\u{a0}242")
    );
    std::fs::write(&plan, &original).unwrap();
    assert!(server.alive());
    // It wrote nothing into the plan's folder.
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn downloads_are_rendered_on_demand_and_cached() {
    let (_dir, plan) = plan_copy();
    let server = Server::start(&plan, &[]);
    let docx = get(&server.addr, "/last-ned/plan.docx");
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"));
    assert!(
        docx.headers.contains("filename=\"drangedal-2024.docx\""),
        "{}",
        docx.headers
    );
    let started = Instant::now();
    let pdf = get(&server.addr, "/last-ned/kommunikasjonsplan.pdf");
    let first = started.elapsed();
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF"));
    let started = Instant::now();
    let again = get(&server.addr, "/last-ned/kommunikasjonsplan.pdf");
    let cached = started.elapsed();
    assert_eq!(again.body, pdf.body);
    eprintln!("PDF of the communication plan: first {first:?}, from the cache {cached:?}");
    assert!(cached < first);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let (_dir, plan) = plan_copy();
    let mut server = Server::start(&plan, &[]);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve stops on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(code.success(), "{code:?}");
}

#[test]
fn a_closed_output_does_not_stop_it() {
    // `handlingsplan serve plan.yaml | head -1`: the reader of its output goes away.
    let (_dir, plan) = plan_copy();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .arg("serve")
        .arg(&plan)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let addr = first[first.find("http://").expect("the address first") + 7..]
        .trim()
        .trim_end_matches('/')
        .to_string();
    assert_eq!(get(&addr, "/").status, 200);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve stops on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        code.success(),
        "it stops as asked, not by a panic: {code:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The browser test.

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

struct Browser {
    driver: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let missing = "the browser test needs Chromium and chromedriver: \
                       `apt-get install chromium chromium-driver` (Debian/Ubuntu), \
                       or set CHROME_BIN and CHROMEDRIVER";
        let chrome = find_program(
            "CHROME_BIN",
            &["chromium", "chromium-browser", "google-chrome"],
        )
        .unwrap_or_else(|| panic!("{missing}"));
        let chromedriver =
            find_program("CHROMEDRIVER", &["chromedriver"]).unwrap_or_else(|| panic!("{missing}"));
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{missing} ({}: {e})", chromedriver.display()));
        let addr = format!("127.0.0.1:{port}");
        wait_for("chromedriver", Duration::from_secs(20), || {
            TcpStream::connect(&addr).is_ok()
                && serde_json::from_slice::<Value>(&get(&addr, "/status").body)
                    .is_ok_and(|v| v["value"]["ready"] == true)
        });
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let r = request("POST", &addr, "/session", Some(&caps));
        let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver made no session: {}", r.text()))
            .to_string();
        Browser {
            driver,
            addr,
            session,
            _profile: profile,
        }
    }

    fn command(&self, path: &str, body: Value) -> Value {
        let r = request(
            "POST",
            &self.addr,
            &format!("/session/{}{path}", self.session),
            Some(&body),
        );
        let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        assert_eq!(r.status, 200, "WebDriver {path}: {}", r.text());
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.command("/url", json!({ "url": url }));
    }

    fn js(&self, script: &str) -> Value {
        self.command("/execute/sync", json!({ "script": script, "args": [] }))
    }

    fn text(&self, script: &str) -> String {
        self.js(script).as_str().unwrap_or_default().to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(
            "DELETE",
            &self.addr,
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The text of the document shown (the current frame).
const DOCUMENT_TEXT: &str = "var f = document.querySelector('#dokument iframe.current'); \
     return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.innerText : '';";
const DIAGNOSTICS_TEXT: &str = "var d = document.getElementById('diagnostikk'); \
     return d.hidden ? '' : d.innerText;";

#[test]
fn browser_shows_edits_without_reload_and_errors_above_the_last_good_document() {
    let browser = Browser::start();
    let (dir, plan) = plan_copy();
    let before = listing(dir.path());
    let server = Server::start(&plan, &[]);

    // The first page, and how soon after the start it shows the plan.
    browser.go(&server.url("/"));
    let first_page = server.started.elapsed();
    wait_for("the plan in the page", Duration::from_secs(20), || {
        browser.text(DOCUMENT_TEXT).contains("Handlingsplan 2024")
    });
    let shown = server.started.elapsed();
    eprintln!(
        "first page: address printed after {:?}, page loaded after {first_page:?}, document shown after {shown:?}",
        server.ready_after
    );
    assert!(browser.text(DOCUMENT_TEXT).contains("2\u{a0}490\u{a0}000"));
    // The summary beside it, as `check` prints it, and the download links.
    wait_for("the summary", Duration::from_secs(10), || {
        browser
            .text("return document.getElementById('sammendrag').textContent;")
            .contains("Samlet kostnad")
    });
    assert!(
        browser
            .text("return document.getElementById('nedlastinger').innerText;")
            .contains("PDF")
    );
    assert_eq!(browser.text("return document.documentElement.lang;"), "nb");

    // Scrolled down, marked: an update must neither reload the page nor lose the place.
    browser.js("window.notReloaded = true; \
         document.querySelector('#dokument iframe.current').contentWindow.scrollTo(0, 1500); \
         return null;");
    wait_for("the scroll", Duration::from_secs(5), || {
        browser
            .js("return document.querySelector('#dokument iframe.current').contentWindow.scrollY;")
            .as_f64()
            .unwrap_or(0.0)
            >= 1499.0
    });

    // A new figure: administration costs.
    let saved = Instant::now();
    edit(&plan, "beløp: 2490000", "beløp: 2491234");
    let latency = wait_for("the new figure", Duration::from_secs(10), || {
        browser.text(DOCUMENT_TEXT).contains("2\u{a0}491\u{a0}234")
    });
    eprintln!("update: the new figure in the browser {latency:?} after the save");
    assert_eq!(
        browser.js("return window.notReloaded === true;"),
        json!(true)
    );
    let y = browser
        .js("return document.querySelector('#dokument iframe.current').contentWindow.scrollY;")
        .as_f64()
        .unwrap_or(0.0);
    assert!((y - 1500.0).abs() < 2.0, "scroll position kept: {y}");
    assert!(saved.elapsed() < Duration::from_secs(10));

    // Broken YAML: the error with its line above the last good document.
    let line = line_of(&plan, "beløp: 2491234");
    edit(&plan, "  beløp: 2491234", "  beløp: 2491234: 5");
    let error_latency = wait_for("the error", Duration::from_secs(10), || {
        browser.text(DIAGNOSTICS_TEXT).contains("Feil:")
    });
    let diagnostics = browser.text(DIAGNOSTICS_TEXT);
    eprintln!("error shown {error_latency:?} after the save:\n{diagnostics}");
    assert!(
        diagnostics.contains(&format!("linje {line}")),
        "line {line} named: {diagnostics}"
    );
    assert!(diagnostics.contains("kolon og mellomrom"), "{diagnostics}");
    assert!(diagnostics.contains("drangedal-2024.yaml"));
    assert!(
        diagnostics.contains(&format!("{line} |")),
        "the YAML excerpt: {diagnostics}"
    );
    assert!(browser.text(DOCUMENT_TEXT).contains("2\u{a0}491\u{a0}234"));
    assert_eq!(
        browser.js("return window.notReloaded === true;"),
        json!(true)
    );

    // Fixed again, and an area's effektmål left out (a gap the document marks): the errors
    // go away, the warning about the gap comes.
    edit(&plan, "  beløp: 2491234: 5", "  beløp: 2495000");
    edit(&plan, "    effektmål: Økt næringsattraktivitet.\n", "");
    wait_for("the fixed plan", Duration::from_secs(10), || {
        browser.text(DOCUMENT_TEXT).contains("2\u{a0}495\u{a0}000")
            && !browser.text(DIAGNOSTICS_TEXT).contains("Feil:")
            && browser.js("return document.querySelector('#diagnostikk a[data-gap]') !== null;")
                == json!(true)
    });

    // A warning about a gap links to the gap in the document.
    browser.js(
        "document.querySelector('#diagnostikk details').open = true; \
         document.querySelector('#diagnostikk a[data-gap]').click(); return null;",
    );
    wait_for("the gap in view", Duration::from_secs(5), || {
        browser.js(
            "var f = document.querySelector('#dokument iframe.current'); \
             var id = document.querySelector('#diagnostikk a[data-gap]').dataset.gap; \
             var r = f.contentDocument.getElementById(id).getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= f.clientHeight \
                 && f.contentDocument.activeElement.id === id;",
        ) == json!(true)
    });

    // The communication plan is one click away.
    browser.js("document.getElementById('vis-kommunikasjonsplan').click(); return null;");
    wait_for("the communication plan", Duration::from_secs(10), || {
        browser.text(DOCUMENT_TEXT).contains("Kommunikasjonsplan")
            && browser
                .text("return document.querySelector('#dokument iframe.current').dataset.doc;")
                == "kommunikasjonsplan"
    });

    // Nothing written into the plan's folder (the editor's temporary file was renamed away).
    assert_eq!(listing(dir.path()), before);
}
