//! `handlingsplan serve`: a live preview beside the editor. Sits on top of the whole pipeline
//! (through the one seam, `build`): the plan's HTML document in a local page that updates
//! over server-sent events when the plan, its accounts, its logo or a user template is saved,
//! with the diagnostics above it, the figures summary beside it, and DOCX/PDF downloads.
//!
//! Threads: `watch` polls the inputs and builds; `http` answers requests from the routes here;
//! the main thread waits for Ctrl-C. Nothing is written to disk.

pub mod build;
mod http;
mod page;
mod state;
mod watch;

use build::{Doc, Format};
use http::{Reply, Request};
use state::Shared;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub plan: PathBuf,
    pub accounts: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    /// The address to listen on; loopback (127.0.0.1) unless given.
    pub address: Option<IpAddr>,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the page in the default browser.
    pub open: bool,
}

/// Why `serve` could not start (a message for the user, in Norwegian).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("kunne ikke lytte på {address}: {message}")]
    Bind { address: String, message: String },
    #[error("{0}")]
    Other(String),
}

const HTML: &str = "text/html; charset=utf-8";
/// The document pages: no script, images and fonts only as data URIs, the page's own styles.
const DOCUMENT_CSP: &str = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";
const SHELL_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Runs the preview server until Ctrl-C.
pub fn run(options: Options) -> Result<(), ServeError> {
    let address = options.address.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let listener = TcpListener::bind(SocketAddr::new(address, options.port)).map_err(|e| {
        ServeError::Bind {
            address: SocketAddr::new(address, options.port).to_string(),
            message: match e.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "porten er i bruk; velg en annen med --port (0 velger en ledig)".into()
                }
                _ => e.to_string(),
            },
        }
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| ServeError::Other(e.to_string()))?;

    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| ServeError::Other(format!("kunne ikke fange Ctrl-C: {e}")))?;

    let shared = Arc::new(Shared::new());
    let inputs = watch::Inputs {
        plan: options.plan.clone(),
        accounts: options.accounts.clone(),
        templates: options.templates.clone(),
    };
    let start = watch::first_build(&inputs, &shared);
    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("serve-watch".into())
            .spawn(move || watch::watch(inputs, shared, start))
            .map_err(|e| ServeError::Other(e.to_string()))?;
    }
    let stem = options
        .plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let handler: http::Handler = {
        let shared = shared.clone();
        Arc::new(move |request: &Request| {
            if !http::host_allowed(request.host.as_deref(), bound) {
                return Reply::new(403, "text/plain; charset=utf-8", "ukjent vertsnavn");
            }
            route(request, &shared, &stem)
        })
    };
    std::thread::Builder::new()
        .name("serve-http".into())
        .spawn(move || http::serve(listener, handler))
        .map_err(|e| ServeError::Other(e.to_string()))?;

    let host = match bound.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", bound.port());
    // The preview goes on when nobody reads what it says (`serve … | head -1`): a closed
    // output is not a reason to stop, so what cannot be written is let go.
    let say = |line: String| {
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), "{line}");
    };
    say(format!(
        "Forhåndsvisning av {} på {url}",
        options.plan.display()
    ));
    if !bound.ip().is_loopback() {
        say(format!(
            "Merk: lytter på {}, ikke bare på denne maskinen; andre på nettet kan se planen.",
            bound.ip()
        ));
    }
    say("Siden oppdateres når du lagrer. Ctrl-C avslutter.".into());
    if options.open {
        open_browser(&url);
    }

    let _ = stop_rx.recv();
    shared
        .stopping
        .store(true, std::sync::atomic::Ordering::SeqCst);
    say("Stoppet.".into());
    Ok(())
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("kunne ikke åpne nettleseren; åpne {url} selv");
    }
}

fn download(shared: &Shared, doc: Doc, format: Format, name: &str) -> Reply {
    let content_type = match format {
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Pdf => "application/pdf",
    };
    match shared.download(doc, format) {
        None => not_found("/last-ned"),
        Some(Err(message)) => Reply::new(
            500,
            "text/plain; charset=utf-8",
            format!("kunne ikke lage filen: {message}"),
        ),
        Some(Ok(bytes)) => Reply::Full {
            status: 200,
            content_type,
            headers: vec![(
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", name.replace('"', "")),
            )],
            body: bytes,
        },
    }
}

fn not_found(path: &str) -> Reply {
    Reply::new(404, HTML, page::not_found(path))
}

fn document(shared: &Shared, doc: Doc) -> Reply {
    let (_, _, notes, _, good) = shared.current();
    let html = match (&good, doc) {
        (Some(g), Doc::Plan) => g.plan_html.clone(),
        (Some(g), Doc::Communication) => match &g.communication_html {
            Some(h) => h.clone(),
            None => return not_found("/dokument/kommunikasjonsplan"),
        },
        (None, _) => page::no_document(&notes),
    };
    Reply::new(200, HTML, html).header("Content-Security-Policy", DOCUMENT_CSP)
}

/// The page's view of the current state (the shell page and `/tilstand` show the same).
fn with_view<R>(shared: &Shared, stem: &str, show: impl FnOnce(&page::View) -> R) -> R {
    let (version, doc_version, notes, valid, good) = shared.current();
    show(&page::View {
        version,
        doc_version,
        notes: &notes,
        valid,
        good: good.as_deref(),
        stem,
    })
}

fn route(request: &Request, shared: &Arc<Shared>, stem: &str) -> Reply {
    match request.path.as_str() {
        "/" => with_view(shared, stem, |view| {
            Reply::new(200, HTML, view.index()).header("Content-Security-Policy", SHELL_CSP)
        }),
        "/app.js" => Reply::new(200, "text/javascript; charset=utf-8", page::SCRIPT),
        "/app.css" => Reply::new(200, "text/css; charset=utf-8", page::STYLE),
        "/tilstand" => with_view(shared, stem, |view| {
            Reply::new(200, "application/json", view.json())
        }),
        "/hendelser" => {
            let shared = shared.clone();
            Reply::Events(Box::new(
                move |out: &mut dyn std::io::Write, gone: &dyn Fn() -> bool| {
                    events(&shared, out, gone)
                },
            ))
        }
        "/dokument/plan" => document(shared, Doc::Plan),
        "/dokument/kommunikasjonsplan" => document(shared, Doc::Communication),
        "/last-ned/plan.docx" => download(shared, Doc::Plan, Format::Docx, &format!("{stem}.docx")),
        "/last-ned/plan.pdf" => download(shared, Doc::Plan, Format::Pdf, &format!("{stem}.pdf")),
        "/last-ned/kommunikasjonsplan.docx" => download(
            shared,
            Doc::Communication,
            Format::Docx,
            &format!("{stem}-kommunikasjonsplan.docx"),
        ),
        "/last-ned/kommunikasjonsplan.pdf" => download(
            shared,
            Doc::Communication,
            Format::Pdf,
            &format!("{stem}-kommunikasjonsplan.pdf"),
        ),
        other => not_found(other),
    }
}

/// The event stream: the version now, then every new version, and a comment now and then.
/// Whether the browser went away is looked at every second, so its slot is freed at once.
fn events(shared: &Shared, out: &mut dyn std::io::Write, gone: &dyn Fn() -> bool) {
    const PING: Duration = Duration::from_secs(15);
    let mut seen = shared.version();
    if write!(out, "retry: 500\ndata: {seen}\n\n")
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    let mut last_sent = std::time::Instant::now();
    loop {
        let now = shared.wait_change(seen, Duration::from_secs(1));
        if shared.stopping.load(std::sync::atomic::Ordering::SeqCst) || gone() {
            return;
        }
        let message = if now != seen {
            format!("data: {now}\n\n")
        } else if last_sent.elapsed() >= PING {
            ": ping\n\n".to_string()
        } else {
            continue;
        };
        seen = now;
        last_sent = std::time::Instant::now();
        if out
            .write_all(message.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}
