//! Watching the inputs of `serve` (plan, accounts, logo, user templates): the system tells of
//! every change in their folders (inotify, FSEvents, ReadDirectoryChanges, through `notify`,
//! as Typst's own watch mode does); once a burst of events has settled, the files the last
//! build read are compared with how they were, and a change builds again and publishes.
//!
//! Watching the folders (not the files) and then comparing the named files is what makes every
//! way an editor saves look the same: a write in place, a write to a temporary file and a
//! rename over the plan, a delete and create; swap and backup files beside it are never
//! looked at. Where the system cannot watch (no inotify watches left, a network share), the
//! folders are polled instead, by the same code.

use super::build::{Built, build};
use super::state::Shared;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

/// A change counts as finished when no event came for this long after a file was closed or
/// renamed into place (an editor's save is a burst of events within a millisecond or two)…
const QUIET: Duration = Duration::from_millis(5);
/// …or this long after a write to a file still open (a program writing it in pieces)…
const UNDER_WAY: Duration = Duration::from_millis(60);
/// …or, during a steady stream of saves, this long after the first change.
const MAX_WAIT: Duration = Duration::from_millis(300);
/// How often the watcher looks whether the server is stopping.
const STOP_CHECK: Duration = Duration::from_millis(250);
/// How often the folders are looked at where the system cannot tell of changes.
const POLL: Duration = Duration::from_millis(40);

/// What a file looks like from outside: absent, or its size, time and identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stamp {
    Absent,
    Present {
        len: u64,
        modified: Option<SystemTime>,
        id: (u64, u64),
    },
}

fn stamp(path: &Path) -> Stamp {
    match std::fs::metadata(path) {
        Err(_) => Stamp::Absent,
        Ok(m) => Stamp::Present {
            len: m.len(),
            modified: m.modified().ok(),
            id: identity(&m),
        },
    }
}

#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

fn stamps(paths: &[PathBuf]) -> Vec<Stamp> {
    paths.iter().map(|p| stamp(p)).collect()
}

/// What to build from.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub plan: PathBuf,
    pub accounts: Option<PathBuf>,
    pub templates: Option<PathBuf>,
}

/// Builds once, publishes, and gives the files to watch with how they looked before the build.
/// `since` is when the change that called for the build was seen (`None` for the first).
fn build_and_publish(
    inputs: &Inputs,
    shared: &Shared,
    watched: &[PathBuf],
    since: Option<Instant>,
) -> (Vec<PathBuf>, Vec<Stamp>) {
    let before = stamps(watched);
    let started = Instant::now();
    let built = build(
        &inputs.plan,
        inputs.accounts.as_deref(),
        inputs.templates.as_deref(),
    );
    let files = built.inputs.clone();
    let line = report(&built, started, since, &inputs.plan);
    shared.publish(built);
    // The build's temporary memory (the plan's text, the markup, the previous pages) is free
    // now; hand it back.
    super::build::release_freed_memory();
    say(line);
    // A file that joined the inputs (a logo, an accounts file) is stamped as it is now.
    let seen = if files == watched {
        before
    } else {
        stamps(&files)
    };
    (files, seen)
}

/// The line serve prints after a build: how it went, the time from the save to the new page
/// (the plan file's modification time to now, as the server sees it), and each step's time.
fn report(built: &Built, started: Instant, since: Option<Instant>, plan: &Path) -> String {
    let errors = built.notes.iter().filter(|n| n.error).count();
    let warnings = built.notes.len() - errors;
    let outcome = if built.good.is_some() {
        format!("gyldig ({warnings} advarsler)")
    } else {
        format!("{errors} feil, {warnings} advarsler; siden viser siste gyldige versjon")
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let build = started.elapsed();
    let mut steps: Vec<String> = Vec::new();
    if let Some(seen) = since {
        steps.push(format!(
            "venting {:.0}",
            ms(started.saturating_duration_since(seen))
        ));
    }
    steps.extend(
        built
            .steps
            .iter()
            .map(|(name, took)| format!("{name} {:.0}", ms(*took))),
    );
    let saved = since.and_then(|_| {
        let modified = std::fs::metadata(plan).ok()?.modified().ok()?;
        SystemTime::now().duration_since(modified).ok()
    });
    match saved {
        // A save long ago (another input changed) says nothing about this build.
        Some(saved) if saved < Duration::from_secs(60) => format!(
            "oppdatert {:.0} ms etter lagringen: {outcome} (bygget på {:.0} ms; {})",
            ms(saved),
            ms(build),
            steps.join(", ")
        ),
        _ => format!(
            "oppdatert på {:.0} ms: {outcome} ({})",
            ms(build),
            steps.join(", ")
        ),
    }
}

/// The first build, before the server answers: the first page shows the plan at once.
pub fn first_build(inputs: &Inputs, shared: &Shared) -> (Vec<PathBuf>, Vec<Stamp>) {
    let watched = vec![inputs.plan.clone()];
    build_and_publish(inputs, shared, &watched, None)
}

/// The folders the files lie in, each once (`.` for a bare file name).
fn folders(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for file in files {
        let folder = match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !out.contains(&folder) {
            out.push(folder);
        }
    }
    out
}

/// Watches the folders of the files it is given, and says on its channel when one of those
/// files changed: `true` when the change is complete (the file closed after writing, renamed
/// into place, created or removed), `false` while it may still be under way (a write).
struct FolderWatch {
    /// The system's watcher, or one that polls the folders where the system has none to give;
    /// `None` where neither could be made: then every [`POLL`] counts as a possible change.
    watcher: Option<Box<dyn notify::Watcher + Send>>,
    folders: Vec<PathBuf>,
    /// The names of the files watched, which the handler looks for in each event.
    names: Arc<std::sync::Mutex<Vec<std::ffi::OsString>>>,
    events: Receiver<bool>,
}

impl FolderWatch {
    fn new() -> FolderWatch {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode, ModifyKind};
        let (tx, events) = std::sync::mpsc::channel();
        let names: Arc<std::sync::Mutex<Vec<std::ffi::OsString>>> = Arc::default();
        let wanted = names.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else {
                // An error may hide a change: look.
                let _ = tx.send(true);
                return;
            };
            let complete = match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Name(_)) => true,
                EventKind::Access(_) => return,
                _ => false,
            };
            let ours = wanted.lock().is_ok_and(|names| {
                event
                    .paths
                    .iter()
                    .filter_map(|p| p.file_name())
                    .any(|n| names.iter().any(|w| w == n))
            });
            if ours || event.need_rescan() {
                let _ = tx.send(complete);
            }
        };
        let polling = notify::Config::default().with_poll_interval(POLL);
        let watcher: Option<Box<dyn notify::Watcher + Send>> =
            match notify::recommended_watcher(handler.clone()) {
                Ok(w) => Some(Box::new(w)),
                Err(_) => notify::PollWatcher::new(handler, polling)
                    .ok()
                    .map(|w| Box::new(w) as Box<dyn notify::Watcher + Send>),
            };
        FolderWatch {
            watcher,
            folders: Vec::new(),
            names,
            events,
        }
    }

    /// Watches exactly `files`, through their folders (a folder that cannot be watched yet is
    /// tried again after the next build).
    fn follow(&mut self, files: &[PathBuf]) {
        if let Ok(mut names) = self.names.lock() {
            *names = files
                .iter()
                .filter_map(|f| f.file_name().map(|n| n.to_os_string()))
                .collect();
        }
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        let wanted = folders(files);
        for gone in self.folders.iter().filter(|f| !wanted.contains(f)) {
            let _ = watcher.unwatch(gone);
        }
        self.folders.retain(|f| wanted.contains(f));
        for folder in wanted {
            if !self.folders.contains(&folder)
                && watcher
                    .watch(&folder, notify::RecursiveMode::NonRecursive)
                    .is_ok()
            {
                self.folders.push(folder);
            }
        }
    }

    /// Waits until a watched file may have changed and the burst of events settled: [`QUIET`]
    /// after a complete change, [`UNDER_WAY`] after a write not yet closed, at most
    /// [`MAX_WAIT`] in all. Gives when the first event came, or `None` when [`STOP_CHECK`]
    /// passed without one.
    fn changed(&self) -> Option<Instant> {
        if self.watcher.is_none() {
            std::thread::sleep(POLL);
            return Some(Instant::now());
        }
        let mut complete = self.events.recv_timeout(STOP_CHECK).ok()?;
        let first = Instant::now();
        loop {
            let wait = if complete { QUIET } else { UNDER_WAY };
            let left = MAX_WAIT.saturating_sub(first.elapsed());
            match self.events.recv_timeout(wait.min(left)) {
                Ok(c) if !left.is_zero() => complete = c,
                _ => return Some(first),
            }
        }
    }
}

/// Watches for ever (until the process ends).
pub fn watch(inputs: Inputs, shared: Arc<Shared>, start: (Vec<PathBuf>, Vec<Stamp>)) {
    let (mut watched, mut built_from) = start;
    let mut folders = FolderWatch::new();
    folders.follow(&watched);
    // A change between the first build and the watch starting is not missed.
    let mut pending = (stamps(&watched) != built_from).then(Instant::now);
    loop {
        if shared.stopping.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let Some(seen) = pending.take().or_else(|| folders.changed()) else {
            continue;
        };
        if stamps(&watched) == built_from {
            // Another file in the folder (a swap file, a backup) changed.
            continue;
        }
        (watched, built_from) = build_and_publish(&inputs, &shared, &watched, Some(seen));
        folders.follow(&watched);
    }
}

/// A line on stderr; a closed stderr does not stop the preview.
fn say(line: String) {
    use std::io::Write;
    // A file name may hold anything: a control character in it is shown, never obeyed.
    let _ = writeln!(std::io::stderr(), "{}", crate::diagnostic::sanitize(&line));
}
