//! What `serve` currently shows: the newest build's diagnostics and the last good documents,
//! a version number the page follows over server-sent events, and the downloads rendered on
//! demand (cached by the documents' content key).

use super::build::{Built, Doc, Format, Good, Note};
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// The state after the newest build.
pub struct Snapshot {
    /// Goes up with every build, so the page knows to refresh.
    pub version: u64,
    /// Goes up with every good build, so the page knows to load the document again.
    pub doc_version: u64,
    /// The newest build's diagnostics.
    pub notes: Arc<Vec<Note>>,
    /// Whether the newest build gave documents.
    pub valid: bool,
    /// The last good build (kept when a newer build has errors).
    pub good: Option<Arc<Good>>,
}

pub struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
    downloads: Mutex<Downloads>,
    pub stopping: std::sync::atomic::AtomicBool,
}

/// Rendered downloads for one content key; emptied when the key changes, so memory holds at
/// most one set.
#[derive(Default)]
struct Downloads {
    key: u64,
    files: HashMap<(Doc, Format), Arc<Vec<u8>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave these plain values half-updated.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new() -> Shared {
        Shared {
            snapshot: Mutex::new(Snapshot {
                version: 0,
                doc_version: 0,
                notes: Arc::new(Vec::new()),
                valid: false,
                good: None,
            }),
            changed: Condvar::new(),
            downloads: Mutex::new(Downloads::default()),
            stopping: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Takes a new build: its diagnostics always, its documents when it has them.
    pub fn publish(&self, built: Built) {
        let mut s = lock(&self.snapshot);
        s.version += 1;
        s.notes = Arc::new(built.notes);
        s.valid = built.good.is_some();
        if let Some(good) = built.good {
            let same = s.good.as_ref().is_some_and(|g| g.key == good.key);
            if !same {
                s.doc_version += 1;
            }
            s.good = Some(Arc::new(good));
        }
        drop(s);
        self.changed.notify_all();
    }

    /// A cheap copy of the current state.
    pub fn current(&self) -> (u64, u64, Arc<Vec<Note>>, bool, Option<Arc<Good>>) {
        let s = lock(&self.snapshot);
        (
            s.version,
            s.doc_version,
            s.notes.clone(),
            s.valid,
            s.good.clone(),
        )
    }

    pub fn version(&self) -> u64 {
        lock(&self.snapshot).version
    }

    /// Waits until the version differs from `seen`, or the timeout passes; gives the version.
    pub fn wait_change(&self, seen: u64, timeout: Duration) -> u64 {
        let s = lock(&self.snapshot);
        let (s, _) = self
            .changed
            .wait_timeout_while(s, timeout, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        s.version
    }

    /// The DOCX or PDF of the last good build, rendered once per content.
    pub fn download(&self, doc: Doc, format: Format) -> Option<Result<Arc<Vec<u8>>, String>> {
        let good = lock(&self.snapshot).good.clone()?;
        if doc == Doc::Communication && good.communication_html.is_none() {
            return None;
        }
        // One render at a time: a second request for the same file waits and gets the cache.
        let mut d = lock(&self.downloads);
        if d.key != good.key {
            d.key = good.key;
            d.files.clear();
        }
        if let Some(bytes) = d.files.get(&(doc, format)) {
            return Some(Ok(bytes.clone()));
        }
        let rendered = super::build::render_download(&good, doc, format).map(Arc::new);
        if let Ok(bytes) = &rendered {
            d.files.insert((doc, format), bytes.clone());
        }
        Some(rendered)
    }
}
