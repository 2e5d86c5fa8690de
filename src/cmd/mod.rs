//! The commands, one module each: each resolves its arguments into options before any work,
//! runs the pipeline, and returns what to report.

pub mod check;
pub mod diff;
pub mod import;
pub mod new;
pub mod render;
pub mod schema;
pub mod serve;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work` on every item, on as many threads as there are cores, and gives the results in
/// the items' order.
///
/// Plain threads, not a rayon pool, on purpose: Typst lays out pages on rayon's global pool,
/// and a rayon worker that waits for that work steals other tasks meanwhile, so a second plan
/// would start inside the first one's layout, both would grow Typst's cache at once, and each
/// plan's eviction would throw away the other's half-done work (measured: peak heap growing
/// with the number of plans and four times the CPU time). These threads never steal.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = work(item);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// `--regnskap` belongs to one plan: the accounts for the plans given, or why not.
pub fn accounts_for(
    plans: &[PathBuf],
    accounts: Option<PathBuf>,
) -> Result<Option<PathBuf>, String> {
    match accounts {
        Some(_) if plans.len() > 1 => Err(format!(
            "--regnskap gjelder én plan, men {} planer er gitt; gi planen en `regnskap:`-linje i stedet",
            plans.len()
        )),
        accounts => Ok(accounts),
    }
}

/// The plan file's name without its ending: the stem of every document made from it.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into())
}
