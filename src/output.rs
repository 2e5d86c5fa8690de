//! Writing files, after the pipeline: through temporary files beside the targets and renames,
//! so a reader never sees a half-written file, a plan's files are replaced all together or not
//! at all (a journal lets the next run finish or undo a replace that was killed half-way; two
//! runs writing into one folder take turns), a file that must not be replaced (`new`) never is,
//! a file the user edits in place (`import --onto`) keeps its identity and permissions, and no
//! output is one of the run's inputs.
//!
//! Temporary files are made by the `tempfile` crate: created exclusively (`O_EXCL`, so a link
//! planted under the name is never followed) under unpredictable names in the output folder.
//! Each name carries the process id, so leftovers of a killed run are told from the files of a
//! run still going.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The ending of our temporary files (new content, kept old files).
const TEMP_ENDING: &str = "handlingsplan-tmp";
/// The ending of a journal: the record of a replace in progress.
const JOURNAL_ENDING: &str = "handlingsplan-journal";

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Makes a file with an unpredictable name beside `target`, `.{name}.{kind}.{pid}.{random}.
/// {ending}`, by `make` (which must fail if the name exists: `create_new`, `hard_link`).
fn make_beside<R>(
    target: &Path,
    kind: &str,
    ending: &str,
    make: impl FnMut(&Path) -> std::io::Result<R>,
) -> std::io::Result<tempfile::NamedTempFile<R>> {
    let prefix = format!(".{}.{kind}.{}.", file_name(target), std::process::id());
    let suffix = format!(".{ending}");
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(&suffix)
        .rand_bytes(8)
        .make_in(folder_of(target), make)
}

/// Opens a new file exclusively (`create_new` is `O_CREAT | O_EXCL`, which fails on any
/// existing name and never follows a link), readable as the user's umask allows: documents
/// are shared, as a plan's YAML is.
fn create_exclusive(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    options.open(path)
}

/// A temporary file beside `target` holding `bytes`, written and synced; removed when dropped.
fn write_temp(target: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let mut temp = make_beside(target, "new", TEMP_ENDING, create_exclusive)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp.into_temp_path())
}

/// Makes a folder's entries durable (the renames and the journal), where the system allows.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Writes a file through a temporary file beside it and a rename, so a reader never sees a
/// half-written file and a failure leaves nothing behind. A link at `path` is replaced, not
/// followed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(folder_of(path));
    Ok(())
}

/// Whether the file at `path` may be edited in place: a regular file (a link is followed to
/// the file it points to) that is not read-only. The refusal is a phrase for after the name.
pub fn editable(path: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::diagnostic::io_cause(&e))?;
    if !meta.is_file() {
        return Err("er ikke en vanlig fil".into());
    }
    let writable = std::fs::OpenOptions::new().write(true).open(path).is_ok();
    if meta.permissions().readonly() || !writable {
        return Err(
            "er skrivebeskyttet, og blir ikke endret; gjør den skrivbar først (eller før \
             endringene inn i en kopi)"
                .into(),
        );
    }
    Ok(())
}

/// Replaces the content of a file the user edits in place (`import --onto`), through a
/// temporary file beside it and a rename, as every write: a link is followed, so the file it
/// points to is edited and the link stays; the file keeps its permissions; a read-only file
/// is refused; and leftovers of an earlier run that was killed are removed first.
pub fn write_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    editable(&real)
        .map_err(|why| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why))?;
    let permissions = std::fs::metadata(&real)?.permissions();
    prepare(folder_of(&real));
    let temp = write_temp(&real, bytes)?;
    std::fs::set_permissions(&temp, permissions)?;
    temp.persist(&real).map_err(|e| e.error)?;
    sync_folder(folder_of(&real));
    Ok(())
}

/// Writes a new file that must not replace anything: the content goes to a temporary file,
/// which is then moved to the target name only if no file (or link) has that name, even when
/// another process created it a moment ago (no check-then-write race).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    temp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_folder(folder_of(path));
    Ok(())
}

/// The record of one replace: for each target (by name, in the output folder), the new
/// content's temporary file and the kept old file (none when the target did not exist).
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    pid: u32,
    /// `true` while the new files go in; `false` once a failed rename turned the replace back.
    forward: bool,
    files: Vec<JournalEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct JournalEntry {
    target: String,
    new: String,
    old: Option<String>,
    /// Whether the target existed before (without a kept copy, when the file system has no
    /// hard links, it is left as it is when turning back: never removed).
    existed: bool,
}

impl Journal {
    /// Writes the journal, whole and synced, under a new unpredictable name.
    fn write(&self, first: &Path) -> std::io::Result<tempfile::TempPath> {
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let mut file = make_beside(first, "journal", JOURNAL_ENDING, create_exclusive)?;
        file.as_file_mut().write_all(&text)?;
        file.as_file().sync_all()?;
        sync_folder(folder_of(first));
        Ok(file.into_temp_path())
    }

    /// Completes the replace the journal records (or turns it back, when it says so): every
    /// target ends as all new or all old. Errors when a file could not be moved.
    fn finish(&self, folder: &Path) -> std::io::Result<()> {
        for entry in &self.files {
            let target = folder.join(&entry.target);
            let new = folder.join(&entry.new);
            let exists = |p: &Path| p.symlink_metadata().is_ok();
            if self.forward {
                if exists(&new) {
                    std::fs::rename(&new, &target)?;
                }
            } else {
                let _ = std::fs::remove_file(&new);
                match &entry.old {
                    Some(old) if exists(&folder.join(old)) => {
                        std::fs::rename(folder.join(old), &target)?
                    }
                    Some(_) => {}
                    // The target is ours only: it did not exist before the replace.
                    None if !entry.existed => {
                        let _ = std::fs::remove_file(&target);
                    }
                    None => {}
                }
            }
        }
        for old in self.files.iter().filter_map(|e| e.old.as_ref()) {
            let _ = std::fs::remove_file(folder.join(old));
        }
        sync_folder(folder);
        Ok(())
    }
}

/// What [`prepare`] did with a replace a killed run left half-done, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The files, by name.
    pub files: Vec<String>,
    /// Whether the new files were put in place (`true`) or the old ones back (`false`).
    pub completed: bool,
}

/// Prepares an output folder before a run writes to it: finishes (or turns back) every
/// replace that a killed run left half-done, by its journal, then removes the leftover
/// temporary files of runs that are gone. Files of runs still going are left alone.
pub fn prepare(folder: &Path) -> Vec<Recovered> {
    let mut recovered = Vec::new();
    let mut all_finished = true;
    for (path, name) in our_files(folder, JOURNAL_ENDING) {
        if !owner_gone(&name) {
            continue;
        }
        let journal = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Journal>(&bytes).ok());
        // A journal that is not whole was being written when the run was killed: no rename
        // had begun, so the targets are as they were.
        let Some(journal) = journal else {
            let _ = std::fs::remove_file(&path);
            continue;
        };
        match journal.finish(folder) {
            Ok(()) => {
                let _ = std::fs::remove_file(&path);
                recovered.push(Recovered {
                    files: journal.files.iter().map(|e| e.target.clone()).collect(),
                    completed: journal.forward,
                });
            }
            Err(_) => all_finished = false,
        }
    }
    // The files a journal still needs are kept until it can be finished.
    if all_finished {
        for (path, name) in our_files(folder, TEMP_ENDING) {
            if owner_gone(&name) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    recovered
}

/// Our files in `folder` with the `ending`, with their names.
fn our_files(folder: &Path, ending: &str) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let tail = format!(".{ending}");
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name.starts_with('.') && name.ends_with(&tail)).then(|| (entry.path(), name))
        })
        .collect()
}

/// Whether the run that made the file `name` (`.{…}.{pid}.{random}.{ending}`) has ended.
fn owner_gone(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let pid = parts.nth(2).and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) => pid != std::process::id() && !process_alive(pid),
        None => false,
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

/// Writes several files in one folder so that either all are replaced or none: every file is
/// written to a temporary file first (a full disk fails here, leaving the old files as they
/// were); a journal then records the replace, the old files are kept beside (hard links), and
/// only then are the new ones renamed into place. A rename that fails puts the old files back;
/// a run killed in between leaves the journal, and the next [`prepare`] completes the replace.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<(), (PathBuf, std::io::Error)> {
    let Some((first, _)) = files.first() else {
        return Ok(());
    };
    let folder = folder_of(first).to_path_buf();
    // Two runs writing into one folder at once take turns: each set goes in whole.
    let _turn = lock_folder(&folder);
    let mut temps = Vec::with_capacity(files.len());
    for (target, bytes) in files {
        if folder_of(target) != folder {
            let e = std::io::Error::other("alle filene må ligge i samme mappe");
            return Err((target.clone(), e));
        }
        temps.push(write_temp(target, bytes).map_err(|e| (target.clone(), e))?);
    }
    // The old files, kept under new names until every rename has succeeded.
    let olds: Vec<Option<tempfile::TempPath>> = files
        .iter()
        .map(|(target, _)| {
            make_beside(target, "old", TEMP_ENDING, |p| {
                std::fs::hard_link(target, p)
            })
            .ok()
            .map(tempfile::NamedTempFile::into_temp_path)
        })
        .collect();
    let name = |p: &Path| file_name(p);
    let mut journal = Journal {
        pid: std::process::id(),
        forward: true,
        files: files
            .iter()
            .zip(&temps)
            .zip(&olds)
            .map(|(((target, _), new), old)| JournalEntry {
                target: name(target),
                new: name(new),
                old: old.as_deref().map(name),
                existed: target.symlink_metadata().is_ok(),
            })
            .collect(),
    };
    let record = journal.write(first).map_err(|e| (first.clone(), e))?;
    for (temp, (target, _)) in temps.into_iter().zip(files) {
        if let Err(e) = temp.persist(target) {
            // Turned back: the journal says so first, so a kill now still ends all old.
            journal.forward = false;
            let back = journal.write(first);
            let _ = record.close();
            let undone = journal.finish(&folder);
            if let (Ok(back), Ok(())) = (back, undone) {
                let _ = back.close();
            }
            // The kept old files were moved back (or removed) by `finish`.
            for old in olds.into_iter().flatten() {
                let _ = old.keep();
            }
            return Err((target.clone(), e.error));
        }
    }
    sync_folder(&folder);
    // Every new file is in place: the journal goes first (a kill now leaves nothing to do),
    // then the old files.
    let _ = record.close();
    drop(olds);
    Ok(())
}

/// Holds `folder` for one run's replace until the returned handle is dropped: another run that
/// writes into the same folder waits for it (an advisory lock on the folder itself, so no file
/// is left behind). Where the system cannot lock a folder, the run goes on without.
fn lock_folder(folder: &Path) -> Option<std::fs::File> {
    let handle = std::fs::File::open(folder).ok()?;
    handle.lock().ok()?;
    Some(handle)
}

/// A file's identity on its device, whatever name it is reached by.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// The first of `targets` that is one of `inputs`, with that input: the same file by another
/// name (through `..`, a link or a second hard link), or the input's own name when it is a
/// link. Writing it would replace what the run reads, so it must be refused.
pub fn input_among<'a>(
    targets: &'a [PathBuf],
    inputs: &'a [PathBuf],
) -> Option<(&'a Path, &'a Path)> {
    #[cfg(unix)]
    {
        let of_inputs: Vec<((u64, u64), &Path)> = inputs
            .iter()
            .flat_map(|i| {
                [i.symlink_metadata(), i.metadata()]
                    .into_iter()
                    .flatten()
                    .map(move |m| (identity(&m), i.as_path()))
            })
            .collect();
        targets.iter().find_map(|t| {
            let at = identity(&t.symlink_metadata().ok()?);
            of_inputs
                .iter()
                .find(|(id, _)| *id == at)
                .map(|(_, input)| (t.as_path(), *input))
        })
    }
    #[cfg(not(unix))]
    {
        let real = |p: &Path| std::fs::canonicalize(p).ok();
        targets.iter().find_map(|t| {
            let at = real(t)?;
            inputs
                .iter()
                .find(|i| real(i).as_ref() == Some(&at))
                .map(|i| (t.as_path(), i.as_path()))
        })
    }
}

/// The first file two plans of one run would both write, if any, with the two plans:
/// `render a/plan.yaml b/plan.yaml -o ut` would have the second replace the first's
/// documents. Names are compared without regard to case, as Windows and macOS file systems
/// do; the same plan given twice clashes with itself.
pub fn clashing_names<'a>(
    plans: &[(&'a Path, Vec<String>)],
) -> Option<(&'a Path, &'a Path, String)> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, (plan, names)) in plans.iter().enumerate() {
        for name in names {
            match seen.get(&name.to_lowercase()) {
                Some(&j) if j != i => return Some((plans[j].0, plan, name.clone())),
                Some(_) => {}
                None => {
                    seen.insert(name.to_lowercase(), i);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

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
        assert_eq!(names(dir.path()), ["lenke.yaml", "ny.yaml"]);
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir
            .path()
            .join(format!(".plan.pdf.new.{}.abc.{TEMP_ENDING}", u32::MAX - 1));
        let ours = dir.path().join(format!(
            ".plan.pdf.new.{}.abc.{TEMP_ENDING}",
            std::process::id()
        ));
        let other = dir.path().join(".plan.pdf.123.tmp");
        for p in [&dead, &ours, &other] {
            std::fs::write(p, "x").unwrap();
        }
        prepare(dir.path());
        assert!(!dead.exists());
        assert!(ours.exists());
        assert!(other.exists());
    }

    #[test]
    fn all_or_none_leaves_the_old_files_when_one_cannot_be_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("plan.pdf");
        std::fs::write(&a, "gammel").unwrap();
        // A folder in the way of the second file: its rename fails after the first succeeded.
        let b = dir.path().join("plan.docx");
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("x"), "x").unwrap();
        let result = write_all(&[(a.clone(), b"ny".as_slice()), (b, b"ny".as_slice())]);
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "gammel");
        assert_eq!(names(dir.path()), ["plan.docx", "plan.pdf"]);
    }

    #[test]
    fn a_replace_killed_half_way_is_completed_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        for (n, text) in [("plan.pdf", "ny"), ("plan.docx", "gammel")] {
            std::fs::write(folder.join(n), text).unwrap();
        }
        // What a run killed after its first rename leaves: the second new file, both old
        // files kept, and the journal.
        let dead = u32::MAX - 1;
        let new_docx = format!(".plan.docx.new.{dead}.x1.{TEMP_ENDING}");
        std::fs::write(folder.join(&new_docx), "ny").unwrap();
        let old_pdf = format!(".plan.pdf.old.{dead}.x2.{TEMP_ENDING}");
        std::fs::write(folder.join(&old_pdf), "gammel").unwrap();
        let journal = Journal {
            pid: dead,
            forward: true,
            files: vec![
                JournalEntry {
                    target: "plan.pdf".into(),
                    new: format!(".plan.pdf.new.{dead}.x3.{TEMP_ENDING}"),
                    old: Some(old_pdf),
                    existed: true,
                },
                JournalEntry {
                    target: "plan.docx".into(),
                    new: new_docx,
                    old: None,
                    existed: false,
                },
            ],
        };
        std::fs::write(
            folder.join(format!(".plan.journal.{dead}.x4.{JOURNAL_ENDING}")),
            serde_json::to_vec(&journal).unwrap(),
        )
        .unwrap();
        let recovered = prepare(folder);
        assert_eq!(recovered.len(), 1);
        assert!(recovered[0].completed);
        for n in ["plan.pdf", "plan.docx"] {
            assert_eq!(
                std::fs::read_to_string(folder.join(n)).unwrap(),
                "ny",
                "{n}"
            );
        }
        assert_eq!(names(folder), ["plan.docx", "plan.pdf"]);
    }

    #[test]
    fn a_planted_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("offer.txt");
        std::fs::write(&victim, "urørt").unwrap();
        let out = dir.path().join("ut");
        std::fs::create_dir(&out).unwrap();
        // Links under every name the old scheme would have used next.
        let me = std::process::id();
        for pid in me..me + 50 {
            for n in ["plan.pdf", "plan.docx"] {
                let _ = std::os::unix::fs::symlink(
                    &victim,
                    out.join(format!(".{n}.new.{pid}.{TEMP_ENDING}")),
                );
            }
        }
        std::os::unix::fs::symlink(&victim, out.join("plan.docx")).unwrap();
        write_all(&[
            (out.join("plan.pdf"), b"pdf".as_slice()),
            (out.join("plan.docx"), b"docx".as_slice()),
        ])
        .unwrap();
        write_atomically(&out.join("skjema.json"), b"{}").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "urørt");
        // The link that stood at the target was replaced by the file, not written through.
        assert!(
            !out.join("plan.docx")
                .symlink_metadata()
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read_to_string(out.join("plan.docx")).unwrap(),
            "docx"
        );
    }

    #[test]
    fn two_plans_with_one_name_clash_whatever_the_case() {
        let (a, b) = (Path::new("a/plan.yaml"), Path::new("b/Plan.yaml"));
        let clash = clashing_names(&[(a, vec!["plan.pdf".into()]), (b, vec!["Plan.pdf".into()])]);
        assert_eq!(clash, Some((a, b, "Plan.pdf".to_string())));
        let c = Path::new("c.yaml");
        assert_eq!(
            clashing_names(&[(a, vec!["plan.pdf".into()]), (c, vec!["c.pdf".into()])]),
            None
        );
    }
}
