//! The commands, one module each: each resolves its arguments into options before any work,
//! runs the pipeline, and returns what to report.

pub mod check;
pub mod diff;
pub mod new;
pub mod render;
pub mod schema;

use std::path::{Path, PathBuf};

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
