//! Loading: bytes on disk to a typed `Plan`, or diagnostics that name file, line, column and
//! YAML path. Guards against hostile input before and while parsing: a size cap, UTF-8 and
//! BOM handling, tabs as indentation, and serde-saphyr's budgets against alias bombs and deep
//! nesting. Duplicate keys and yes/no booleans are errors.

use crate::diagnostic::{Diagnostic, SourceFile};
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A plan file is a few tens of kilobytes; anything over this is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A loaded source file, kept for pointing into it.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

impl Source {
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
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
            _ => format!("kunne ikke lese filen: {e}"),
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
    file.take(MAX_FILE_BYTES + 1)
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
/// being in `file`.
pub fn parse_yaml_as<T: DeserializeOwned>(
    file: SourceFile,
    path: &Path,
    bytes: &[u8],
) -> Result<(Source, T), LoadError> {
    let previous = READING.with(|r| r.replace(file));
    let result = parse_yaml_unmarked(path, bytes);
    READING.with(|r| r.set(previous));
    result.map_err(|e| match e {
        LoadError::Invalid {
            source,
            diagnostics,
        } => LoadError::Invalid {
            source,
            diagnostics: diagnostics.into_iter().map(|d| d.within(file)).collect(),
        },
        io => io,
    })
}

fn parse_yaml_unmarked<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
) -> Result<(Source, T), LoadError> {
    let invalid = |text: String, diagnostics: Vec<Diagnostic>| LoadError::Invalid {
        source: Source {
            path: path.to_path_buf(),
            text,
        },
        diagnostics,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(invalid(
            String::new(),
            vec![
                Diagnostic::error(format!(
                    "Filen er større enn {} MB; en handlingsplan er vanligvis under 100 kB",
                    MAX_FILE_BYTES / 1024 / 1024
                ))
                .help(
                    "Kontroller at det er riktig fil; store vedlegg hører ikke hjemme i planfilen",
                ),
            ],
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(invalid(
            String::new(),
            vec![Diagnostic::error("Filen er lagret som UTF-16")
                .help("Lagre filen som UTF-8 (i de fleste redigeringsprogram: «Lagre som» → koding UTF-8)")],
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
            let shown = String::from_utf8_lossy(bytes).into_owned();
            return Err(invalid(
                shown,
                vec![
                    Diagnostic::error("Filen inneholder ugyldig UTF-8 (feil tegnkoding)")
                        .at(line, column)
                        .help("Lagre filen som UTF-8; tegn som æ, ø og å blir da riktige"),
                ],
            ));
        }
    };
    let tabs = tab_indentation(&text);
    if !tabs.is_empty() {
        return Err(invalid(text, tabs));
    }
    match deserialize_with_path::<T>(&text) {
        Ok(value) => Ok((
            Source {
                path: path.to_path_buf(),
                text,
            },
            value,
        )),
        Err(d) => Err(invalid(text, vec![d])),
    }
}

/// YAML forbids tabs in indentation; say so for every such line, in Norwegian.
fn tab_indentation(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(pos) = indent.find('\t') {
            out.push(
                Diagnostic::error("Tabulator brukt som innrykk")
                    .at(i as u64 + 1, pos as u64 + 1)
                    .help("YAML tillater bare mellomrom som innrykk; bytt tabulatoren ut med mellomrom"),
            );
            if out.len() >= 20 {
                break;
            }
        }
    }
    out
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 48;
    budget.max_nodes = 200_000;
    budget.max_events = 400_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES as usize;
    budget.max_reader_input_bytes = Some(MAX_FILE_BYTES as usize);
    budget.max_documents = 1;
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 20_000;
    options.alias_limits.max_alias_expansions_per_anchor = 200;
    options
}

fn deserialize_with_path<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    let path = RefCell::new(None::<String>);
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options(), |de| {
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            *path.borrow_mut() = Some(yaml_path(e.path()));
            e.into_inner()
        })
    });
    result.map_err(|e| {
        let mut d = translate(&e);
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), loc.column());
        }
        match path.into_inner() {
            Some(p) if !p.is_empty() => d.path(p),
            _ => d,
        }
    })
}

/// The path as the user wrote it: `innsatsområder[2].strategier[0].budsjett`, without the
/// internal segments of the position-tracking wrapper.
fn yaml_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            // `value` is the field of the span wrapper (`At`); no key of the plan is called so.
            Segment::Map { key } if key.starts_with("__") || key.is_empty() || key == "value" => {}
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Turns serde-saphyr's (English) error into a Norwegian diagnostic that says what to do.
fn translate(e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::{Error, MessageFormatter};
    match e {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = Diagnostic::error(format!("Ukjent nøkkel «{field}»"));
            return match best_match(field, expected) {
                Some(c) => d.help(format!("mente du «{c}»?")),
                None if !expected.is_empty() => {
                    d.help(format!("gyldige nøkler her: {}", expected.join(", ")))
                }
                None => d,
            };
        }
        Error::SerdeMissingField { field, .. } => {
            return Diagnostic::error(format!("Mangler «{field}»")).help(format!(
                "legg til «{field}:» her; `handlingsplan new -o mal.yaml` skriver en tom plan med alle feltene og forklaringer"
            ));
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let d = Diagnostic::error(format!("Ukjent verdi «{variant}»"));
            return match best_match(variant, expected) {
                Some(c) => d.help(format!(
                    "mente du «{c}»? Gyldige verdier: {}",
                    expected.join(", ")
                )),
                None => d.help(format!("gyldige verdier: {}", expected.join(", "))),
            };
        }
        Error::DuplicateMappingKey { key, .. } => {
            let what = key
                .as_deref()
                .map(|k| format!("Nøkkelen «{k}»"))
                .unwrap_or_else(|| "Samme nøkkel".into());
            return Diagnostic::error(format!("{what} står to ganger i samme del av filen"))
                .help("fjern eller slå sammen den ene; YAML godtar bare én verdi per nøkkel");
        }
        Error::InvalidBooleanStrict { .. } => {
            return Diagnostic::error("Ja/nei-verdier må skrives `true` eller `false`").help(
                "skriv `false` for nei og `true` for ja; `no`, `yes`, `on` og `off` godtas ikke",
            );
        }
        _ => {}
    }
    let raw = serde_saphyr::UserMessageFormatter
        .format_message(e)
        .into_owned();
    let text = raw.as_str();
    let lower = text.to_lowercase();
    if [
        "budget",
        "limit",
        "depth",
        "alias",
        "too large",
        "too complex",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return Diagnostic::error(
            "Filen er for stor, for dypt nestet eller bruker for mange YAML-aliaser (&/*) til å være en handlingsplan",
        )
        .help(format!("avbrutt for å beskytte maskinen ({text})"));
    }
    if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return Diagnostic::error(format!(
            "Feil type verdi: fant {}, ventet {}",
            norwegian_kind(found),
            norwegian_kind(expected)
        ));
    }
    if text.contains("null") && text.to_lowercase().contains("string") {
        return Diagnostic::error("Verdien mangler (tom)")
            .help("skriv en tekst, eller fjern nøkkelen");
    }
    if lower.contains("null is not allowed") {
        return Diagnostic::error("Verdien mangler: det står ingenting etter kolon")
            .help("skriv en verdi etter kolon, eller fjern hele linjen om den ikke trengs");
    }
    if lower.contains("expected string scalar") || lower.contains("expected a string") {
        return Diagnostic::error("Her skal det stå en tekst, ikke en liste eller et kart").help(
            "sett teksten i anførselstegn om den begynner med [, {, -, # eller inneholder «: »",
        );
    }
    if let Some(kind) = [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize",
    ]
    .iter()
    .find(|k| lower.contains(&format!("invalid {k}")) || lower.ends_with(&format!(" {k}")))
    {
        let what = if kind.starts_with('i') {
            "et årstall (fire sifre, f.eks. 2024)"
        } else {
            "et helt tall som ikke er negativt"
        };
        return Diagnostic::error(format!("Tallet er ikke gyldig her: skriv {what}"))
            .help("kontroller tallet; tall med bindestrek (1-6), punktum eller mellomrom er ikke gyldige her");
    }
    // Our own messages (amounts, dates, shares) are already Norwegian; anything else is shown
    // as the YAML parser said it.
    if text.is_ascii() && !text.contains("kroner") {
        return Diagnostic::error(format!("Ugyldig YAML: {text}"))
            .help("kontroller innrykk, kolon og anførselstegn rundt linjen");
    }
    Diagnostic::error(text.to_string())
}

fn norwegian_kind(s: &str) -> String {
    let s = s.trim();
    let map = [
        ("a string", "tekst"),
        ("string", "tekst"),
        ("a sequence", "en liste"),
        ("sequence", "en liste"),
        ("a map", "et kart (nøkler med verdier)"),
        ("map", "et kart (nøkler med verdier)"),
        ("struct", "et kart (nøkler med verdier)"),
        ("a boolean", "true/false"),
        ("boolean", "true/false"),
        ("integer", "et heltall"),
        ("unit value", "ingenting (tom verdi)"),
        ("null", "ingenting (tom verdi)"),
    ];
    for (en, nb) in map {
        if s == en || s.starts_with(&format!("{en} ")) || s.contains(en) {
            return format!("{nb} ({s})");
        }
    }
    s.to_string()
}

/// The candidate closest to `word` (Jaro–Winkler above 0.8), for «mente du …?» hints.
pub fn best_match<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
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
