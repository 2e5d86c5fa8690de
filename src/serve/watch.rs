//! Watching the inputs of `serve` (plan, accounts, logo, user templates): polls the files the
//! last build read, waits until a burst of saves settles, then builds again and publishes.
//!
//! Polling the few named files (not the folder) is what makes every way an editor saves look
//! the same: a write in place, a write to a temporary file and a rename over the plan, a delete
//! and create, swap and backup files beside it (never looked at). Twenty checks a second of
//! three or four `stat` calls cost nothing measurable.

use super::build::build;
use super::state::Shared;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(40);
/// A change counts as finished when the files stayed the same this long…
const QUIET: Duration = Duration::from_millis(60);
/// …or, during a steady stream of saves, this long after the first change.
const MAX_WAIT: Duration = Duration::from_millis(300);

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
fn build_and_publish(
    inputs: &Inputs,
    shared: &Shared,
    watched: &[PathBuf],
) -> (Vec<PathBuf>, Vec<Stamp>) {
    let before = stamps(watched);
    let started = Instant::now();
    let built = build(
        &inputs.plan,
        inputs.accounts.as_deref(),
        inputs.templates.as_deref(),
    );
    let files = built.inputs.clone();
    let errors = built.notes.iter().filter(|n| n.error).count();
    let warnings = built.notes.len() - errors;
    let good = built.good.is_some();
    shared.publish(built);
    // The build's temporary memory (the plan's text, the markup, the previous pages) is free
    // now; hand it back.
    super::build::release_freed_memory();
    let ms = started.elapsed().as_millis();
    if good {
        say(format!(
            "oppdatert på {ms} ms: gyldig ({warnings} advarsler)"
        ));
    } else {
        say(format!(
            "oppdatert på {ms} ms: {errors} feil, {warnings} advarsler; siden viser siste gyldige versjon"
        ));
    }
    // A file that joined the inputs (a logo, an accounts file) is stamped as it is now.
    let seen = if files == watched {
        before
    } else {
        stamps(&files)
    };
    (files, seen)
}

/// The first build, before the server answers: the first page shows the plan at once.
pub fn first_build(inputs: &Inputs, shared: &Shared) -> (Vec<PathBuf>, Vec<Stamp>) {
    let watched = vec![inputs.plan.clone()];
    build_and_publish(inputs, shared, &watched)
}

/// Polls for ever (until the process ends).
pub fn watch(inputs: Inputs, shared: Arc<Shared>, start: (Vec<PathBuf>, Vec<Stamp>)) {
    let (mut watched, mut built_from) = start;
    loop {
        std::thread::sleep(POLL);
        if shared.stopping.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let mut now = stamps(&watched);
        if now == built_from {
            continue;
        }
        // Something changed: wait for the burst of saves to settle.
        let first = Instant::now();
        let mut last_change = Instant::now();
        loop {
            std::thread::sleep(POLL);
            let next = stamps(&watched);
            if next != now {
                now = next;
                last_change = Instant::now();
            }
            if last_change.elapsed() >= QUIET || first.elapsed() >= MAX_WAIT {
                break;
            }
        }
        (watched, built_from) = build_and_publish(&inputs, &shared, &watched);
    }
}

/// A line on stderr; a closed stderr does not stop the preview.
fn say(line: String) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}
