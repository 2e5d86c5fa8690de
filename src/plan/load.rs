//! Loading: bytes on disk to a typed `Plan` (or accounts), with every problem found on the way,
//! each naming file, line, column and YAML path. Guards against hostile input before parsing (a
//! size cap, UTF-8 and BOM handling); then `yaml` parses the text into a tree (reading on past
//! syntax errors), `de` reads the typed value from it past every bad value, and the texts YAML
//! cut short (` #`) are reported here.

use super::de;
use super::yaml;
pub use crate::diagnostic::best_match;
use crate::diagnostic::{Diagnostic, SourceFile};
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A plan file is a few tens of kilobytes; anything over this is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A loaded source file, kept for pointing into it.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// Where each YAML path is written (line, column), so that a message about a path can
    /// name its line.
    pub positions: Arc<HashMap<String, (u64, u64)>>,
}

impl Source {
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// The line and column a YAML path is written at, when it is in the file.
    pub fn position(&self, path: &str) -> Option<(u64, u64)> {
        self.positions.get(path).copied()
    }
}

/// A file read as far as it could be: the value when one could be made, every problem found
/// while reading, and the paths that hold stand-ins for values that could not be read (what
/// validation says about them would follow from the problem already told).
#[derive(Debug)]
pub struct Reading<T> {
    pub source: Source,
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
    pub tainted: Vec<String>,
    /// The value read with the other stand-ins (`de::stand_in`), when any value had one: what
    /// validation says of only one of the two follows from a value that could not be read.
    pub other: Option<T>,
    /// The tainted paths whose stand-in is one of two.
    pub varied: HashSet<String>,
}

#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all (exit code 2).
    Io { path: PathBuf, message: String },
    /// The file was read but is not a valid plan (exit code 1).
    Invalid {
        source: Source,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Reads a file with the size cap applied while reading, so a huge file is never held whole.
pub fn read_source(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |e: std::io::Error| LoadError::Io {
        path: path.to_path_buf(),
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
            std::io::ErrorKind::PermissionDenied => "mangler tilgang til å lese filen".to_string(),
            _ => format!("kunne ikke lese filen: {}", crate::diagnostic::io_cause(&e)),
        },
    };
    // A FIFO, a device or a folder is refused before it is opened: opening a FIFO waits for
    // a writer, and a device may never end.
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            message: "er en mappe, ikke en fil".into(),
        });
    }
    if !meta.is_file() {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            message: "er ikke en vanlig fil (men f.eks. en rørledning eller en enhet); oppgi en \
                      vanlig fil"
                .into(),
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    // The size cap applies while reading, so a huge file is never held whole.
    std::io::Read::take(file, MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}

thread_local! {
    /// The file being deserialized on this thread, recorded in every `At` read from it.
    static READING: Cell<SourceFile> = const { Cell::new(SourceFile::Plan) };
}

/// The file being deserialized on this thread (the plan unless told).
pub fn reading() -> SourceFile {
    READING.with(Cell::get)
}

/// Loads and deserializes a YAML file into `T`: a plan's file.
pub fn load_yaml<T: DeserializeOwned>(path: &Path) -> Result<(Source, T), LoadError> {
    load_yaml_as(SourceFile::Plan, path)
}

/// Loads and deserializes a YAML file into `T`, its positions marked as being in `file`.
pub fn load_yaml_as<T: DeserializeOwned>(
    file: SourceFile,
    path: &Path,
) -> Result<(Source, T), LoadError> {
    let bytes = read_source(path)?;
    parse_yaml_as(file, path, &bytes)
}

/// Parses bytes (already read) as a plan's YAML into `T`; `path` is used for messages only.
pub fn parse_yaml<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
) -> Result<(Source, T), LoadError> {
    parse_yaml_as(SourceFile::Plan, path, bytes)
}

/// Parses bytes (already read) as YAML into `T`, its positions and diagnostics marked as
/// being in `file`: the value, or every problem found.
pub fn parse_yaml_as<T: DeserializeOwned>(
    file: SourceFile,
    path: &Path,
    bytes: &[u8],
) -> Result<(Source, T), LoadError> {
    let reading = read_yaml_as::<T>(file, path, bytes)?;
    match reading.value {
        Some(value) if !reading.diagnostics.iter().any(Diagnostic::is_error) => {
            Ok((reading.source, value))
        }
        _ => Err(LoadError::Invalid {
            source: reading.source,
            diagnostics: reading.diagnostics,
        }),
    }
}

/// Reads a file as YAML into `T` as far as it can be read: see [`read_yaml_as`].
pub fn read_file_as<T: DeserializeOwned>(
    file: SourceFile,
    path: &Path,
) -> Result<Reading<T>, LoadError> {
    let bytes = read_source(path)?;
    read_yaml_as(file, path, &bytes)
}

/// Reads bytes as YAML into `T`, going on past every bad value: the value (with stand-ins
/// where values could not be read) and every problem. Only a file that is not YAML at all (too
/// large, not UTF-8, tabs as indentation, a syntax error) is an `Err`.
pub fn read_yaml_as<T: DeserializeOwned>(
    file: SourceFile,
    path: &Path,
    bytes: &[u8],
) -> Result<Reading<T>, LoadError> {
    let previous = READING.with(|r| r.replace(file));
    let result = read_unmarked(path, bytes);
    READING.with(|r| r.set(previous));
    let within = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.within(file)).collect();
    match result {
        Ok(reading) => Ok(Reading {
            diagnostics: within(reading.diagnostics),
            ..reading
        }),
        Err(LoadError::Invalid {
            source,
            diagnostics,
        }) => Err(LoadError::Invalid {
            source,
            diagnostics: within(diagnostics),
        }),
        Err(io) => Err(io),
    }
}

fn read_unmarked<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<Reading<T>, LoadError> {
    let invalid = |text: String, diagnostics: Vec<Diagnostic>| LoadError::Invalid {
        source: Source {
            path: path.to_path_buf(),
            text,
            positions: Arc::default(),
        },
        diagnostics,
    };
    let text = decoded(bytes).map_err(|(text, d)| invalid(text, vec![d]))?;
    let parsed = match yaml::parse(&text) {
        Ok(parsed) => parsed,
        Err(diagnostics) => return Err(invalid(text, diagnostics)),
    };
    let (quiet, left_out) = parsed.tree.around(&parsed.dropped);
    let outcome = de::read::<T>(&parsed.tree, &quiet);
    let mut diagnostics = parsed.problems;
    diagnostics.extend(outcome.diagnostics);
    // Each value with its path, walked once for the checks on how values are written.
    let paths = parsed.tree.paths();
    diagnostics.extend(cut_by_comments(&paths, &outcome.texts, &parsed.text));
    diagnostics.extend(empty_amounts(&paths, &parsed.mended));
    diagnostics.extend(curly_quoted(&paths, &outcome.texts));
    diagnostics.sort_by_key(|d| (d.line, d.column));
    // A value written once and used in several places (a YAML anchor) is told once.
    let mut told = HashSet::new();
    diagnostics.retain(|d| told.insert((d.line, d.column, d.message.clone())));
    let mut tainted = outcome.tainted;
    let mut varied = outcome.varied;
    // A key left out with its line names no stand-in: what is said of it is not told.
    varied.extend(left_out.iter().cloned());
    tainted.extend(left_out);
    let other = if varied.is_empty() {
        None
    } else {
        de::read_other::<T>(&parsed.tree, &quiet)
    };
    Ok(Reading {
        source: Source {
            path: path.to_path_buf(),
            positions: Arc::new(positions(&parsed.tree, &outcome.renamed)),
            text,
        },
        value: outcome.value,
        diagnostics,
        tainted,
        other,
        varied,
    })
}

/// The file's bytes as text: UTF-8 (a byte-order mark dropped) under the size cap, with some
/// content; else what is wrong, with the text to show it against.
fn decoded(bytes: &[u8]) -> Result<String, (String, Diagnostic)> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            String::new(),
            Diagnostic::error(format!(
                "Filen er større enn {} MB; en handlingsplan er vanligvis under 100 kB",
                MAX_FILE_BYTES / 1024 / 1024
            ))
            .help("Kontroller at det er riktig fil; store vedlegg hører ikke hjemme i planfilen"),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            String::new(),
            Diagnostic::error("Filen er lagret som UTF-16")
                .help("Lagre filen som UTF-8 (i de fleste redigeringsprogram: «Lagre som» → koding UTF-8)"),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let line = valid.matches('\n').count() as u64 + 1;
            let column = valid
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0) as u64
                + 1;
            return Err((
                String::from_utf8_lossy(bytes).into_owned(),
                Diagnostic::error("Filen inneholder ugyldig UTF-8 (feil tegnkoding)")
                    .at(line, column)
                    .help("Lagre filen som UTF-8; tegn som æ, ø og å blir da riktige"),
            ));
        }
    };
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    if text.lines().all(blank) {
        return Err((
            text,
            Diagnostic::error("Filen er tom").help(
                "skriv planen i filen, eller lag en ny plan med alle nøklene med \
                 `handlingsplan new -o plan.yaml`; kontroller at det er riktig fil",
            ),
        ));
    }
    Ok(text)
}

/// Where each path is written; a misspelt key read as another makes its values' paths under
/// the key meant point at the key written.
fn positions(tree: &yaml::Tree, renamed: &[(String, String)]) -> HashMap<String, (u64, u64)> {
    let mut positions = tree.positions();
    for (written, meant) in renamed {
        let under: Vec<(String, (u64, u64))> = positions
            .iter()
            .filter_map(|(p, at)| {
                let rest = p.strip_prefix(written.as_str())?;
                (rest.is_empty() || rest.starts_with(['.', '[']))
                    .then(|| (format!("{meant}{rest}"), *at))
            })
            .collect();
        positions.extend(under);
    }
    positions
}

/// The keys of amounts a plan may leave out (a strategy without a budget of its own, a source
/// given by its share), and the lists whose `beløp` may be left out. Not `innvilget`: a plan
/// rolled on to a new year (`new --fra`) clears its grants to `innvilget:`, nothing granted yet.
const OPTIONAL_AMOUNTS: [&str; 4] = [
    "budsjett",
    "søkbare_midler",
    "søkbare_midlar",
    "ressursinnsats",
];

/// Amounts that may be left out but are written empty (`budsjett:` with nothing after it): an
/// error, not an amount left out, which would drop it from every sum without a word. (An empty
/// amount that must be there is told by the reading itself.) Lines mended after a syntax error
/// are left to what was said of them.
fn empty_amounts(paths: &[(&yaml::Node, String)], mended: &[u64]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (node, path) in paths {
        let key = path.rsplit('.').next().unwrap_or("");
        let optional =
            OPTIONAL_AMOUNTS.contains(&key) || key == "beløp" && path.starts_with("finansiering[");
        if !optional || !node.is_null() || mended.contains(&node.line) {
            continue;
        }
        let what = if key == "beløp" {
            "kilden ikke har et fast beløp (bare `andel:`)"
        } else {
            "det ikke er et eget beløp her"
        };
        out.push(
            Diagnostic::error(format!(
                "«{key}» står tomt, og regnes da ikke med i summene"
            ))
            .at(node.line, node.column)
            .path(path.clone())
            .help(format!(
                "skriv beløpet, f.eks. `{key}: 400000`, eller `{key}: {{ foreløpig: ukjent }}` \
                 når det ikke er kjent ennå; fjern linjen når {what}"
            )),
        );
    }
    out
}

/// Texts written without quotes but inside a word processor's curly quotes (`navn:
/// ”Næringsattraktivitet”`, typed as "…" and turned by the editor): YAML keeps the quotes as
/// part of the text, so the documents print them. Told as a warning, since a text may mean
/// them; «…» (the Norwegian quotes) are the plan's own and not told.
fn curly_quoted(paths: &[(&yaml::Node, String)], texts: &HashSet<usize>) -> Vec<Diagnostic> {
    const OPENING: [char; 4] = ['”', '“', '„', '‘'];
    const CLOSING: [char; 3] = ['”', '“', '’'];
    let mut out = Vec::new();
    for (node, path) in paths {
        let Some(scalar) = node.scalar() else {
            continue;
        };
        let value = scalar.text.trim();
        let quoted =
            value.chars().count() > 2 && value.starts_with(OPENING) && value.ends_with(CLOSING);
        if !texts.contains(&node.id) || scalar.style != yaml::Style::Plain || !quoted {
            continue;
        }
        let inside: String = {
            let mut chars = value.chars();
            chars.next();
            chars.next_back();
            chars.collect()
        };
        out.push(
            Diagnostic::warning(format!(
                "«{value}» står i typografiske anførselstegn, som blir en del av teksten og vises i dokumentene"
            ))
            .at(node.line, node.column)
            .path(path.clone())
            .help(format!(
                "var de ment som YAML-anførselstegn, skriv vanlige: \"{inside}\" (eller ingen); \
                 skal de vises, la dem stå"
            )),
        );
    }
    out
}

/// Texts written without quotes that YAML cut at « #»: `visjon: Vi skal bli nr #1 i regionen`
/// is «Vi skal bli nr» to YAML. A comment after two or more spaces is taken as meant (the
/// convention of YAML's style checkers, and of the example plans); one space before `#` is
/// how a sentence goes on, so it is an error that says how to keep the text.
fn cut_by_comments(
    paths: &[(&yaml::Node, String)],
    texts: &HashSet<usize>,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (node, path) in paths {
        if !texts.contains(&node.id) {
            continue;
        }
        let Some(rest) = text.get(node.bytes.end..) else {
            continue;
        };
        let line_rest = rest.split('\n').next().unwrap_or("");
        if !line_rest.starts_with(" #") {
            continue;
        }
        let Some(value) = node.scalar().map(|s| s.text.as_str()) else {
            continue;
        };
        let cut = line_rest[1..].trim_end();
        let line = node.end_line;
        let line_start = text[..node.bytes.end].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..node.bytes.end].chars().count() as u64 + 2;
        let key = path.rsplit('.').next().unwrap_or("tekst");
        let whole = format!("{value} {cut}").replace('"', "\\\"");
        out.push(
            Diagnostic::error(format!(
                "Teksten blir kuttet ved «#»: YAML leser «{cut}» som en kommentar, så \
                 dokumentene viser bare «{value}»"
            ))
            .at(line, column)
            .path(path.clone())
            .help(format!(
                "sett hele teksten i anførselstegn: `{key}: \"{whole}\"` (eller skriv den som \
                 blokk med `|`); er det ment som en kommentar, sett minst to mellomrom foran #"
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_value(text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
        match parse_yaml::<serde_json::Value>(Path::new("x.yaml"), text.as_bytes()) {
            Ok((_, v)) => Ok(v),
            Err(LoadError::Invalid { diagnostics, .. }) => Err(diagnostics),
            Err(LoadError::Io { message, .. }) => panic!("{message}"),
        }
    }

    #[test]
    fn alias_bomb_is_stopped_by_the_budget() {
        // Nine levels of nine aliases each: 9^9 ≈ 387 million nodes if expanded.
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 0..9u8 {
            let (n, p) = ((b'b' + i) as char, (b'a' + i) as char);
            bomb.push_str(&format!(
                "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        let errors = parse_value(&bomb).unwrap_err();
        assert!(errors[0].message.contains("YAML-aliaser"), "{errors:?}");
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let v = parse_value("a: &a [1, 2]\nb: *a\nc: *a\n").unwrap();
        assert_eq!(v["c"], serde_json::json!([1, 2]));
    }

    #[test]
    fn yaml_paths_read_like_the_file() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            liste: Vec<Inner>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            tall: crate::plan::At<u32>,
        }
        let err =
            match parse_yaml::<Outer>(Path::new("x.yaml"), b"liste:\n  - tall: 1\n  - tall: x\n") {
                Err(LoadError::Invalid { diagnostics, .. }) => diagnostics,
                _ => panic!("should fail"),
            };
        assert_eq!(err[0].path.as_deref(), Some("liste[1].tall"));
        assert_eq!((err[0].line, err[0].column), (3, 11));
    }
}
