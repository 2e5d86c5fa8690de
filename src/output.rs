//! Writing files, after the pipeline: through temporary files beside the targets and renames,
//! so a reader never sees a half-written file, a plan's files are replaced all together or not
//! at all, and a file that must not be replaced (`new`) never is.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The ending of our temporary files; a leftover from a killed run is recognised by it.
const TEMP_ENDING: &str = "handlingsplan-tmp";

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The name of a temporary file beside `target` (`kind` tells new content from a kept old
/// file); it ends with the process id and [`TEMP_ENDING`], so leftovers are recognised.
fn temp_name(target: &Path, kind: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(target).join(format!(
        ".{name}.{kind}.{}.{TEMP_ENDING}",
        std::process::id()
    ))
}

/// A temporary file beside `target`, written and synced.
fn write_temp(target: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let temp = temp_name(target, "new");
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Writes a file through a temporary file beside it and a rename, so a reader never sees a
/// half-written file and a failure leaves nothing behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Writes several files so that either all are replaced or none: every file is written to a
/// temporary file first (a full disk fails here, leaving the old files as they were), and
/// only then are they renamed into place.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    for (target, bytes) in files {
        match write_temp(target, bytes) {
            Ok(temp) => temps.push(temp),
            Err(e) => {
                for t in &temps {
                    let _ = std::fs::remove_file(t);
                }
                return Err((target.clone(), e));
            }
        }
    }
    // The old files are kept (hard links beside them) until every rename has succeeded, so a
    // rename that fails (a folder in the way, a file system gone read-only) puts back the
    // files already replaced: the plan's files change all together or not at all.
    let backups: Vec<Option<PathBuf>> = files
        .iter()
        .map(|(target, _)| {
            let backup = temp_name(target, "old");
            std::fs::hard_link(target, &backup).ok().map(|()| backup)
        })
        .collect();
    let discard = |list: &[Option<PathBuf>]| {
        for b in list.iter().flatten() {
            let _ = std::fs::remove_file(b);
        }
    };
    for (i, (temp, (target, _))) in temps.iter().zip(files).enumerate() {
        if let Err(e) = std::fs::rename(temp, target) {
            for t in &temps[i..] {
                let _ = std::fs::remove_file(t);
            }
            for ((done, _), backup) in files[..i].iter().zip(&backups) {
                match backup {
                    Some(b) => {
                        let _ = std::fs::rename(b, done);
                    }
                    None => {
                        let _ = std::fs::remove_file(done);
                    }
                }
            }
            discard(&backups[i..]);
            return Err((target.clone(), e));
        }
    }
    discard(&backups);
    Ok(())
}

/// Writes a new file that must not replace anything: the content goes to a temporary file,
/// which is then linked to the target name; the link fails if the name exists, even when
/// another process created it a moment ago (no check-then-write race).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: create-new, which never replaces either.
        Err(_) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(bytes)?;
            f.sync_all()
        }
    }
}

/// Removes our temporary files left in `folder` by runs that were killed (their process is
/// gone); files of runs still going are left alone.
pub fn remove_leftovers(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(&format!(".{TEMP_ENDING}")))
        else {
            continue;
        };
        let Some(pid) = rest.rsplit('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without a cheap way to ask, assume it runs: leaving a leftover is the safe mistake.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_never_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ny.yaml");
        std::fs::write(&path, "gammel").unwrap();
        let e = write_new(&path, b"ny").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "gammel");
        // A dangling symlink is a name that exists, too.
        let link = dir.path().join("lenke.yaml");
        std::os::unix::fs::symlink(dir.path().join("borte"), &link).unwrap();
        assert!(write_new(&link, b"ny").is_err());
        assert!(!dir.path().join("borte").exists());
        // Nothing is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir
            .path()
            .join(format!(".plan.pdf.{}.{TEMP_ENDING}", u32::MAX - 1));
        let ours = dir
            .path()
            .join(format!(".plan.pdf.{}.{TEMP_ENDING}", std::process::id()));
        let other = dir.path().join(".plan.pdf.123.tmp");
        for p in [&dead, &ours, &other] {
            std::fs::write(p, "x").unwrap();
        }
        remove_leftovers(dir.path());
        assert!(!dead.exists());
        assert!(ours.exists());
        assert!(other.exists());
    }

    #[test]
    fn all_or_none_leaves_the_old_files_when_one_cannot_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("plan.pdf");
        std::fs::write(&a, "gammel").unwrap();
        let missing = dir.path().join("mangler").join("plan.docx");
        let result = write_all(&[(a.clone(), b"ny".as_slice()), (missing, b"ny".as_slice())]);
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "gammel");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
