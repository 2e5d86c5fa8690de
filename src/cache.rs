//! The disk cache of what the writers make the same way again and again, beside the pipeline's
//! last step: the font subsets and their web forms that the DOCX and HTML embed
//! (`fonts::subset`, `write::webfont`), and the pictures the DOCX shows for SVG images (charts,
//! an SVG logo: `write::raster`). A subset of a face to a set of characters, or the picture of
//! an SVG at a size, is made once on a machine, and every later render (the next `render` from
//! the command line, each plan of a batch, `serve` started again) that needs the same reads it
//! instead of making it again.
//!
//! Where: the user's cache folder (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches`
//! on a Mac, `%LOCALAPPDATA%` on Windows, as the `dirs` crate finds it) under
//! `handlingsplan/skrifter` (named when it held fonts only), never beside the plan.
//! `HANDLINGSPLAN_CACHE=av` turns it off; `HANDLINGSPLAN_CACHE=FOLDER` puts it there.
//!
//! An entry is verified before use, never trusted: its file must be a plain file within
//! [`MAX_ENTRY`] bytes, in a folder that only its owner may write to (Unix); its header must
//! name the exact key asked for (as a SHA-256 digest of the kind of work and its settings, what
//! it was made from — a face and a set of characters, or an SVG's bytes — and this build of the
//! tool), its payload must match the SHA-256 the header gives, and the caller's check of the
//! payload itself must pass (a font subset must draw every character of its set with the face's
//! own outline and advance: `draws_as`; a picture must be a PNG within the raster's bounds).
//! Anything else is read as a miss, and the entry is made again and written over it. The
//! folder is kept under [`MAX_TOTAL`] bytes by removing the entries used least lately. Every
//! failure to read or write is silent: the cache only ever saves work, it never stops a render.

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

/// The largest entry read or written (a subset of a Carlito face is some tens of kilobytes, a
/// chart's picture about a hundred; a larger picture is made each time, not kept).
pub const MAX_ENTRY: u64 = 4 * 1024 * 1024;
/// The most the folder holds; past it, the entries used least lately are removed.
pub const MAX_TOTAL: u64 = 64 * 1024 * 1024;
/// The entries' file ending.
const ENDING: &str = "skrift";
/// The name of an entry being written begins so.
const NEW_PREFIX: &str = ".ny-";
/// An entry's first bytes, with the format's version.
const MAGIC: &[u8; 8] = b"HPFONT01";
/// magic, key digest, payload length, payload digest.
const HEADER: usize = 8 + 32 + 8 + 32;

/// The environment variable that turns the cache off (`av`, `off`, `0`, `nei` or empty) or
/// names its folder.
pub const VARIABLE: &str = "HANDLINGSPLAN_CACHE";

/// What an entry is the result of: a kind of work on a face for a set of characters, or on a
/// drawing.
pub struct Key {
    digest: [u8; 32],
}

impl Key {
    /// The key of `kind` (which names the work and its settings, e.g. `subset` or
    /// `woff2-q5`) of `face` for `chars`, for this build of the tool.
    pub fn new(kind: &str, face: &[u8], chars: &BTreeSet<char>) -> Key {
        Key::for_build(&BUILD, kind, face, chars)
    }

    /// The key of `kind` (the form made and its settings, e.g. `png-166mm-220dpi`) of the
    /// drawing `source` (an SVG's bytes), for this build of the tool.
    pub fn drawing(kind: &str, source: &[u8]) -> Key {
        let mut hash = Sha256::new();
        hash.update(&*BUILD);
        hash.update(b"\0drawing\0");
        hash.update(kind.as_bytes());
        hash.update([0]);
        hash.update(source);
        Key {
            digest: hash.finalize().into(),
        }
    }

    /// The key for the build `build` ([`BUILD`]).
    fn for_build(build: &[u8], kind: &str, face: &[u8], chars: &BTreeSet<char>) -> Key {
        let mut hash = Sha256::new();
        hash.update(build);
        hash.update([0]);
        hash.update(kind.as_bytes());
        hash.update([0]);
        hash.update(face_identity(face));
        for c in chars {
            hash.update(u32::from(*c).to_le_bytes());
        }
        Key {
            digest: hash.finalize().into(),
        }
    }

    pub(crate) fn file_name(&self) -> String {
        let hex: String = self.digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{hex}.{ENDING}")
    }
}

/// What tells this build of the tool from others: its version and the size and time of its
/// program file (a new build, or another branch's, has others). An entry made by another build
/// is never read: its subsetter may keep other tables than the glyphs `draws_as` compares.
static BUILD: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let mut build = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
    let program = std::env::current_exe().and_then(std::fs::metadata);
    if let Ok(meta) = program {
        build.extend_from_slice(&meta.len().to_le_bytes());
        if let Ok(since) = meta
            .modified()
            .map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
        {
            build.extend_from_slice(&since.as_nanos().to_le_bytes());
        }
    }
    build
});

/// What tells one face from another without reading all of it: its length and its table
/// directory, which holds a checksum of every table (any change to the font changes one).
fn face_identity(face: &[u8]) -> Vec<u8> {
    let tables = face
        .get(4..6)
        .map_or(0, |n| usize::from(u16::from_be_bytes([n[0], n[1]])));
    let directory = &face[..face.len().min(12 + 16 * tables)];
    let mut out = (face.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(directory);
    out
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// The folder in use: `None` before it is asked for, `Some(None)` when off.
static CURRENT: RwLock<Option<Option<Store>>> = RwLock::new(None);

/// The cache in use, as [`VARIABLE`] says, or `None` when it is off or no folder can be had.
pub fn current() -> Option<Store> {
    if let Ok(current) = CURRENT.read()
        && let Some(store) = current.as_ref()
    {
        return store.clone();
    }
    let store = from_environment();
    if let Ok(mut current) = CURRENT.write() {
        *current = Some(store.clone());
    }
    store
}

/// Uses the folder `dir` from now on in this process, or no cache (`None`): for the tests and
/// the benchmarks, which measure a cold and a warm cache apart.
pub fn use_folder(dir: Option<&Path>) {
    let store = dir.and_then(Store::at);
    if let Ok(mut current) = CURRENT.write() {
        *current = Some(store);
    }
}

fn from_environment() -> Option<Store> {
    from_setting(std::env::var_os(VARIABLE))
}

/// The cache [`VARIABLE`] names: none when it says «av» (or is empty), its folder when it
/// names one, else the user's cache folder.
fn from_setting(setting: Option<std::ffi::OsString>) -> Option<Store> {
    match setting {
        Some(value) => {
            let text = value.to_string_lossy().trim().to_lowercase();
            if ["", "av", "off", "0", "nei", "no", "false"].contains(&text.as_str()) {
                None
            } else {
                Store::at(Path::new(&value))
            }
        }
        None => Store::at(&dirs::cache_dir()?.join("handlingsplan").join("skrifter")),
    }
}

impl Store {
    /// The cache in `dir`, made when missing; `None` when it cannot be made, or may be written
    /// to by others than its owner.
    pub fn at(dir: &Path) -> Option<Store> {
        if std::fs::symlink_metadata(dir).is_err() {
            make_private_folder(dir).ok()?;
        }
        private(dir).then(|| Store {
            dir: dir.to_path_buf(),
        })
    }

    /// The payload kept for `key`, when there is one that passes `check`.
    pub fn get(&self, key: &Key, check: impl FnOnce(&[u8]) -> bool) -> Option<Vec<u8>> {
        let path = self.dir.join(key.file_name());
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY {
            return None;
        }
        let bytes = read_at_most(&path, MAX_ENTRY)?;
        let payload = payload_of(&bytes, key)?;
        if !check(payload) {
            return None;
        }
        // Used now: the last to be removed when the folder is full.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        Some(payload.to_vec())
    }

    /// Keeps `payload` for `key` (written beside and renamed into place, so a reader never
    /// sees half an entry), and keeps the folder within [`MAX_TOTAL`].
    pub fn put(&self, key: &Key, payload: &[u8]) {
        if payload.len() as u64 + HEADER as u64 > MAX_ENTRY {
            return;
        }
        let mut entry = Vec::with_capacity(HEADER + payload.len());
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(&key.digest);
        entry.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        entry.extend_from_slice(&Sha256::digest(payload));
        entry.extend_from_slice(payload);
        let written = tempfile::Builder::new()
            .prefix(NEW_PREFIX)
            .tempfile_in(&self.dir)
            .and_then(|mut file| {
                file.write_all(&entry)?;
                file.persist(self.dir.join(key.file_name()))
                    .map_err(|e| e.error)
            });
        if written.is_ok() {
            self.trim(MAX_TOTAL);
        }
    }

    /// Removes the entries used least lately until the folder holds at most `limit` bytes.
    fn trim(&self, limit: u64) {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut entries: Vec<(std::time::SystemTime, u64, PathBuf)> = read
            .flatten()
            // Entries, and entries half written by a program that stopped (counted too, so
            // that they cannot fill the folder beyond its bound).
            .filter(|e| {
                let path = e.path();
                path.extension()
                    .is_some_and(|x| x.to_string_lossy() == ENDING)
                    || e.file_name().to_string_lossy().starts_with(NEW_PREFIX)
            })
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        if total <= limit {
            return;
        }
        entries.sort();
        for (_, len, path) in entries {
            if total <= limit {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }
}

/// The payload of an entry, when its header names `key` and its digest matches.
fn payload_of<'a>(entry: &'a [u8], key: &Key) -> Option<&'a [u8]> {
    let (header, payload) = entry.split_at_checked(HEADER)?;
    let (magic, rest) = header.split_at(8);
    let (digest, rest) = rest.split_at(32);
    let (length, sum) = rest.split_at(8);
    let length = u64::from_le_bytes(length.try_into().ok()?);
    (magic == MAGIC
        && digest == key.digest
        && length == payload.len() as u64
        && Sha256::digest(payload).as_slice() == sum)
        .then_some(payload)
}

/// The file's bytes, when it has at most `limit` of them.
fn read_at_most(path: &Path, limit: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

#[cfg(unix)]
fn make_private_folder(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn make_private_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Whether `dir` is a folder (not a link to one) that only its owner, this user, may write to.
#[cfg(unix)]
fn private(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(dir).is_ok_and(|m| {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        m.is_dir() && m.uid() == me && m.mode() & 0o022 == 0
    })
}

#[cfg(not(unix))]
fn private(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
}

/// The result of `make` (a font: a subset of `face` for `chars`, or a form of one that
/// `decoded` turns back into the font), from the cache when it holds one that draws every
/// character as `face` does; made and kept there otherwise.
pub fn font(
    kind: &str,
    face: &[u8],
    chars: &BTreeSet<char>,
    decoded: impl Fn(&[u8]) -> Option<std::borrow::Cow<'_, [u8]>>,
    make: impl FnOnce() -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let verified = |payload: &[u8]| decoded(payload).is_some_and(|f| draws_as(&f, face, chars));
    kept(|| Key::new(kind, face, chars), verified, make)
}

/// The result of `make` for the key `key` gives, from the cache in use when it holds one that
/// passes `check`; made and kept there otherwise (made only, when the cache is off).
pub fn kept(
    key: impl FnOnce() -> Key,
    check: impl FnOnce(&[u8]) -> bool,
    make: impl FnOnce() -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let Some(store) = current() else {
        return make();
    };
    let key = key();
    if let Some(kept) = store.get(&key, check) {
        return Ok(kept);
    }
    let made = make()?;
    store.put(&key, &made);
    Ok(made)
}

/// Whether `font` draws each character of `chars` that `face` has as `face` draws it: the same
/// glyph outline (composite glyphs resolved) and the same advance, in the same units per em.
/// What a cached subset must do to be used.
pub fn draws_as(font: &[u8], face: &[u8], chars: &BTreeSet<char>) -> bool {
    let (Ok(font), Ok(face)) = (
        ttf_parser::Face::parse(font, 0),
        ttf_parser::Face::parse(face, 0),
    ) else {
        return false;
    };
    if font.units_per_em() != face.units_per_em() {
        return false;
    }
    chars.iter().all(|c| {
        let Some(original) = face.glyph_index(*c) else {
            return true;
        };
        let Some(kept) = font.glyph_index(*c) else {
            return false;
        };
        face.glyph_hor_advance(original) == font.glyph_hor_advance(kept)
            && outline(&face, original) == outline(&font, kept)
    })
}

/// A glyph's outline as a list of its drawing commands and points.
fn outline(face: &ttf_parser::Face, glyph: ttf_parser::GlyphId) -> Vec<(u8, [f32; 6])> {
    struct Path(Vec<(u8, [f32; 6])>);
    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push((0, [x, y, 0.0, 0.0, 0.0, 0.0]));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push((1, [x, y, 0.0, 0.0, 0.0, 0.0]));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push((2, [x1, y1, x, y, 0.0, 0.0]));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push((3, [x1, y1, x2, y2, x, y]));
        }
        fn close(&mut self) {
            self.0.push((4, [0.0; 6]));
        }
    }
    let mut path = Path(Vec::new());
    face.outline_glyph(glyph, &mut path);
    path.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> BTreeSet<char> {
        text.chars().collect()
    }

    fn subset(face: &'static [u8], chars: &BTreeSet<char>) -> Vec<u8> {
        crate::fonts::subset_uncached(face, chars).unwrap()
    }

    #[test]
    fn an_entry_is_read_back_only_for_its_own_key_and_while_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(&dir.path().join("skrifter")).unwrap();
        let set = chars("Årshjul");
        let key = Key::new("subset", crate::fonts::REGULAR, &set);
        let font = subset(crate::fonts::REGULAR, &set);
        store.put(&key, &font);
        let ok = |f: &[u8]| draws_as(f, crate::fonts::REGULAR, &set);
        assert_eq!(store.get(&key, ok), Some(font.clone()));
        // Another face, another set, another kind: other keys.
        for other in [
            Key::new("subset", crate::fonts::BOLD, &set),
            Key::new("subset", crate::fonts::REGULAR, &chars("Årshjul!")),
            Key::new("woff2", crate::fonts::REGULAR, &set),
        ] {
            assert_eq!(store.get(&other, |_| true), None);
        }
        // A byte changed anywhere in the file: not used.
        let path = store.dir.join(key.file_name());
        let whole = std::fs::read(&path).unwrap();
        for at in [0, 20, HEADER + 10, whole.len() - 1] {
            let mut damaged = whole.clone();
            damaged[at] ^= 1;
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(store.get(&key, |_| true), None, "byte {at}");
        }
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        assert_eq!(store.get(&key, |_| true), None, "cut short");
    }

    #[test]
    fn an_entry_another_build_made_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path()).unwrap();
        let set = chars("Årshjul");
        let font = subset(crate::fonts::REGULAR, &set);
        let other = Key::for_build(b"0.1.0 other", "subset", crate::fonts::REGULAR, &set);
        store.put(&other, &font);
        let this = Key::new("subset", crate::fonts::REGULAR, &set);
        assert_eq!(store.get(&this, |_| true), None);
        assert_eq!(store.get(&other, |_| true), Some(font));
    }

    #[test]
    fn a_well_formed_entry_with_another_font_is_refused() {
        let set = chars("Mål og innsatsområder");
        let regular = subset(crate::fonts::REGULAR, &set);
        let bold = subset(crate::fonts::BOLD, &set);
        assert!(draws_as(&regular, crate::fonts::REGULAR, &set));
        assert!(
            !draws_as(&bold, crate::fonts::REGULAR, &set),
            "another face"
        );
        let fewer = subset(crate::fonts::REGULAR, &chars("Mål"));
        assert!(
            !draws_as(&fewer, crate::fonts::REGULAR, &set),
            "characters missing"
        );
        assert!(!draws_as(b"not a font", crate::fonts::REGULAR, &set));
        // Written with a correct header and digest under the regular face's key: a miss.
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path()).unwrap();
        let key = Key::new("subset", crate::fonts::REGULAR, &set);
        store.put(&key, &bold);
        let ok = |f: &[u8]| draws_as(f, crate::fonts::REGULAR, &set);
        assert_eq!(store.get(&key, ok), None);
    }

    #[test]
    fn the_folder_keeps_within_its_bound_losing_what_was_used_least_lately() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path()).unwrap();
        let keys: Vec<Key> = (0..6)
            .map(|i| {
                Key::new(
                    &format!("test-{i}"),
                    crate::fonts::REGULAR,
                    &BTreeSet::new(),
                )
            })
            .collect();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for (i, key) in keys.iter().enumerate() {
            store.put(key, &vec![b'x'; 1000]);
            let file = std::fs::File::options()
                .append(true)
                .open(store.dir.join(key.file_name()))
                .unwrap();
            file.set_modified(old + std::time::Duration::from_secs(i as u64))
                .unwrap();
        }
        // The first entry used again: it stays.
        assert!(store.get(&keys[0], |_| true).is_some());
        store.trim(3 * (1000 + HEADER as u64));
        let kept: Vec<bool> = keys
            .iter()
            .map(|k| store.dir.join(k.file_name()).exists())
            .collect();
        assert_eq!(kept, [true, false, false, false, true, true]);
        // Half an entry a stopped program left counts, and goes first when it is the oldest.
        let half = store.dir.join(format!("{NEW_PREFIX}stoppet"));
        std::fs::write(&half, vec![b'x'; 1000]).unwrap();
        std::fs::File::options()
            .append(true)
            .open(&half)
            .unwrap()
            .set_modified(old - std::time::Duration::from_secs(1))
            .unwrap();
        store.trim(3 * (1000 + HEADER as u64));
        assert!(!half.exists());
    }

    #[test]
    fn it_can_be_turned_off_and_never_uses_a_folder_others_may_write_to() {
        for off in ["av", "off", "0", ""] {
            assert!(from_setting(Some(off.into())).is_none(), "{off}");
        }
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("egen");
        assert!(from_setting(Some(named.clone().into_os_string())).is_some());
        assert!(named.is_dir(), "made when missing");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&named, std::fs::Permissions::from_mode(0o777)).unwrap();
            assert!(Store::at(&named).is_none(), "writable by all");
            let link = dir.path().join("lenke");
            std::os::unix::fs::symlink(dir.path(), &link).unwrap();
            assert!(Store::at(&link).is_none(), "a link");
        }
    }
}
