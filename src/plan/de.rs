//! The second step of loading: the typed plan (or accounts) read from the YAML tree that `yaml`
//! made, going on past every bad value so that one run of `check` shows every problem.
//!
//! serde stops at the first error, so reading is repeated: each error is recorded once, with
//! its line and YAML path, and the tree is mended where it occurred before the next pass. An
//! unknown key is left out; a key that is missing gets a stand-in; a value that cannot be read
//! is *poisoned*: an optional field reads it as absent, a required one gets a stand-in (an empty
//! text, an unknown amount, the first choice of a list). A stand-in that does not fit either
//! poisons the part around it. The paths that hold stand-ins are returned as *tainted*, so that
//! validation does not report what follows from them.

use super::yaml::{Kind, Node, Resolved, Style, Tree, join};
use crate::diagnostic::Diagnostic;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;

/// The name `At<T>` asks for, so that the reader hands it the node's place.
pub const AT: &str = "$handlingsplan::At";

/// The most problems one file is read past; a file with more is not a plan.
const MAX_PASSES: usize = 300;

/// Where a value was written: line, column and bytes.
#[derive(Debug, Clone, Default)]
pub struct Position {
    pub line: u64,
    pub column: u64,
    pub bytes: Option<Range<usize>>,
}

thread_local! {
    static POSITION: RefCell<Option<Position>> = const { RefCell::new(None) };
    static PLACEHOLDER: Cell<bool> = const { Cell::new(false) };
    /// This reading gives the other stand-ins (see [`stand_in`]).
    static OTHER: Cell<bool> = const { Cell::new(false) };
    /// The stand-in just given was one of two (see [`stand_in`]).
    static VARIED: Cell<bool> = const { Cell::new(false) };
}

/// The stand-in a type gives for a value that could not be read: `neutral`, or on a second
/// reading `other`. What validation says with either stand-in does not follow from it; what it
/// says with only one does, and is not told (`pipeline`).
pub fn stand_in<T>(neutral: T, other: T) -> T {
    VARIED.with(|v| v.set(true));
    if OTHER.with(Cell::get) {
        other
    } else {
        neutral
    }
}

/// The place of the value `At<T>` is about to read (none outside this reader).
pub fn take_position() -> Option<Position> {
    POSITION.with(|p| p.borrow_mut().take())
}

/// Whether the value being read is a stand-in for one that could not be read: a scalar type
/// asked for a unit value then gives its neutral value (an unknown amount, 0 jobs).
pub fn placeholder() -> bool {
    PLACEHOLDER.with(Cell::get)
}

/// What reading a tree gave: the value when one could be made, every problem, and the paths
/// that hold stand-ins.
pub struct Outcome<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
    pub tainted: Vec<String>,
    /// The plain (unquoted) scalars read as text, for the checks of what YAML cut from them.
    pub texts: HashSet<usize>,
    /// Misspelt keys read as the key they most likely mean: the path written, the path meant.
    pub renamed: Vec<(String, String)>,
    /// The paths whose stand-in is one of two (see [`stand_in`]).
    pub varied: HashSet<String>,
}

/// Reads `T` from the tree as [`read`] does, with the other stand-ins (see [`stand_in`]).
pub fn read_other<T: DeserializeOwned>(tree: &Tree, quiet: &HashSet<usize>) -> Option<T> {
    let previous = OTHER.with(|o| o.replace(true));
    let outcome = read::<T>(tree, quiet);
    OTHER.with(|o| o.set(previous));
    outcome.value
}

/// Reads `T` from the tree, past every problem. A key missing from a map in `quiet` gets its
/// stand-in without a word (a line of that map was left out after a syntax error, told already).
pub fn read<T: DeserializeOwned>(tree: &Tree, quiet: &HashSet<usize>) -> Outcome<T> {
    let mut repairs = Repairs {
        quiet: quiet.clone(),
        ..Repairs::default()
    };
    let mut diagnostics = Vec::new();
    for _ in 0..MAX_PASSES {
        let (result, texts, varied) = {
            let ctx = Ctx {
                repairs: &repairs,
                texts: RefCell::new(HashSet::new()),
                varied: RefCell::new(HashSet::new()),
            };
            let root = NodeDe {
                ctx: &ctx,
                node: &tree.root,
                path: String::new(),
                poisoned: repairs.poisoned.contains(&tree.root.id),
                synthetic: false,
                written_key: None,
            };
            let result = T::deserialize(root);
            (result, ctx.texts.into_inner(), ctx.varied.into_inner())
        };
        match result {
            Ok(value) => {
                return Outcome {
                    value: Some(value),
                    diagnostics,
                    tainted: repairs.tainted,
                    texts,
                    renamed: repairs.renamed_paths,
                    varied,
                };
            }
            Err(e) => {
                if !repairs.mend(e, tree, &mut diagnostics) {
                    return Outcome {
                        value: None,
                        diagnostics,
                        tainted: repairs.tainted,
                        texts,
                        renamed: repairs.renamed_paths,
                        varied,
                    };
                }
            }
        }
    }
    diagnostics.push(
        Diagnostic::error(format!(
            "Filen har over {MAX_PASSES} feil; lesingen stoppet her"
        ))
        .help("rett de første feilene og kjør på nytt"),
    );
    Outcome {
        value: None,
        diagnostics,
        tainted: repairs.tainted,
        texts: HashSet::new(),
        renamed: repairs.renamed_paths,
        varied: HashSet::new(),
    }
}

/// How the tree is mended between passes.
#[derive(Default)]
struct Repairs {
    /// Values that could not be read (and the parts around stand-ins that did not fit).
    poisoned: HashSet<usize>,
    /// Keys (with their values) and list items left out.
    removed: HashSet<usize>,
    /// Keys a map lacks, given stand-ins, by the map's node.
    added: HashMap<usize, Vec<&'static str>>,
    /// Optional values that could not be read and have no stand-in: read as absent.
    absent: HashSet<usize>,
    /// Keys suggested for a map's unknown keys («mente du …»), whose absence is not said twice.
    suggested: HashMap<usize, Vec<&'static str>>,
    tainted: Vec<String>,
    /// Maps whose missing keys are not told (see [`read`]).
    quiet: HashSet<usize>,
    /// Misspelt keys read as the key they most likely mean, by the key's node.
    renamed: HashMap<usize, &'static str>,
    /// A stand-in struct's keys that name a field already given under another of its names
    /// (`frå` beside `fra`), by the struct's node: left out of the stand-in.
    other_names: HashMap<usize, Vec<&'static str>>,
    /// The paths of the misspelt keys and of the keys they are read as.
    renamed_paths: Vec<(String, String)>,
}

impl Repairs {
    /// An unknown key: said, with the key it most likely means. Read as that key when the map
    /// lacks it, so that what is under it is checked too; else left out.
    fn unknown_key(
        &mut self,
        tree: &Tree,
        place: &Place,
        field: &str,
        expected: &'static [&'static str],
    ) -> Diagnostic {
        let map = tree.parent(place.id);
        let suggestion = crate::diagnostic::best_match(field, expected)
            .map(|s| in_the_maps_form(tree, map, s, expected));
        let meant = suggestion.filter(|s| map.is_some_and(|m| !self.has_key(tree, m, s)));
        match meant {
            Some(s) => {
                self.renamed.insert(place.id, s);
                self.renamed_paths
                    .push((place.path.clone(), join(parent_path(&place.path), s)));
            }
            None => {
                self.removed.insert(place.id);
            }
        }
        if let (Some(s), Some(map)) = (suggestion, map) {
            self.suggested.entry(map).or_default().push(s);
        }
        let d = Diagnostic::error(format!("Ukjent nøkkel «{field}»"));
        match (meant, suggestion) {
            (Some(s), _) => d.help(format!(
                "mente du «{s}»? Skriv «{s}:»; det som står under, er kontrollert som «{s}»"
            )),
            (None, Some(s)) => d.help(format!("mente du «{s}»?")),
            (None, None) if !expected.is_empty() => {
                d.help(format!("gyldige nøkler her: {}", expected.join(", ")))
            }
            (None, None) => d,
        }
    }

    /// Whether `map` has the key `key`, as written or as a misspelt key read as it.
    fn has_key(&self, tree: &Tree, map: usize, key: &str) -> bool {
        let Some(Kind::Map(entries)) = tree.node(map).map(|n| &n.kind) else {
            return false;
        };
        entries.iter().any(|(k, _)| {
            super::bokmål_key(&k.key_text()) == super::bokmål_key(key)
                || self.renamed.get(&k.id) == Some(&key)
        })
    }

    /// Records the error and mends the tree; false when nothing more can be read.
    fn mend(&mut self, e: Error, tree: &Tree, diagnostics: &mut Vec<Diagnostic>) -> bool {
        if let Some(id) = e.absent {
            return self.absent.insert(id);
        }
        let Some(place) = e.place else {
            diagnostics.push(describe(e.kind));
            return false;
        };
        if place.poisoned
            && let ErrorKind::DuplicateField(field) = e.kind
        {
            // A stand-in struct named one field twice (serde lists a field's other names
            // among its fields): leave that name out of the stand-in.
            let names = self.other_names.entry(place.id).or_default();
            if !names.contains(&field) {
                names.push(field);
                return true;
            }
        }
        if place.poisoned {
            // A stand-in did not fit: leave out the part around it as well, silently (its
            // problem is already told).
            let target = if place.synthetic && !self.poisoned.contains(&place.id) {
                Some(place.id)
            } else {
                tree.parent(place.id)
            };
            return match target {
                Some(t) if self.poisoned.insert(t) => {
                    self.tainted.push(parent_path(&place.path).to_string());
                    true
                }
                _ => false,
            };
        }
        let at = |d: Diagnostic| {
            let d = d.at(place.line, place.column);
            if place.path.is_empty() {
                d
            } else {
                d.path(place.path.clone())
            }
        };
        match e.kind {
            ErrorKind::UnknownField { field, expected } if tree.is_key(place.id) => {
                diagnostics.push(at(self.unknown_key(tree, &place, &field, expected)));
            }
            ErrorKind::MissingField(field) => {
                let already = self
                    .suggested
                    .get(&place.id)
                    .is_some_and(|s| s.contains(&field));
                if !already && !self.quiet.contains(&place.id) {
                    let d = Diagnostic::error(format!("Mangler «{field}»"))
                        .at(place.line, place.column)
                        .path(join(&place.path, field))
                        .help(format!(
                            "legg til «{field}:» med en verdi i denne delen (samme innrykk som \
                             nøklene rundt); `handlingsplan new` lager en plan med alle nøklene"
                        ));
                    diagnostics.push(d);
                }
                let added = self.added.entry(place.id).or_default();
                if added.contains(&field) {
                    return false;
                }
                added.push(field);
                self.tainted.push(join(&place.path, field));
            }
            kind => {
                diagnostics.push(at(describe(kind)));
                if tree.is_key(place.id) {
                    self.removed.insert(place.id);
                } else if !self.poisoned.insert(place.id) {
                    return false;
                }
                self.tainted.push(place.path.clone());
            }
        }
        true
    }
}

/// `a.b` of `a.b.c`, `a.b` of `a.b[2]`.
fn parent_path(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// A reading error: what, and the node it was found at (the innermost).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    place: Option<Place>,
    /// The optional value, poisoned, whose stand-in did not fit: next time it is absent.
    absent: Option<usize>,
}

#[derive(Debug, Clone)]
struct Place {
    id: usize,
    line: u64,
    column: u64,
    path: String,
    /// Found in a stand-in.
    poisoned: bool,
    /// Found in a stand-in for a key the map lacks (`id` is the map).
    synthetic: bool,
}

#[derive(Debug)]
enum ErrorKind {
    /// A message of the plan's own types (already Norwegian).
    Message(String),
    Described(Box<Diagnostic>),
    UnknownField {
        field: String,
        expected: &'static [&'static str],
    },
    MissingField(&'static str),
    /// A key written twice, or under two of its names (`id` and `bokstav`, `fra` and `frå`).
    DuplicateField(&'static str),
    UnknownVariant {
        variant: String,
        expected: &'static [&'static str],
    },
    InvalidType {
        found: String,
        expected: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&describe_ref(&self.kind).message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(ErrorKind::Message(msg.to_string()))
    }
    fn invalid_type(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        Error::new(ErrorKind::InvalidType {
            found: found(&unexpected),
            expected: expected_text(&expected.to_string()),
        })
    }
    fn invalid_value(unexpected: Unexpected, expected: &dyn de::Expected) -> Self {
        Error::new(ErrorKind::Message(format!(
            "Verdien {} passer ikke her: skriv {}",
            found(&unexpected),
            expected_text(&expected.to_string())
        )))
    }
    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Self {
        Error::new(ErrorKind::Message(format!(
            "Listen har {len} punkter, men skal ha {}",
            expected_text(&expected.to_string())
        )))
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::new(ErrorKind::UnknownVariant {
            variant: variant.to_string(),
            expected,
        })
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(ErrorKind::UnknownField {
            field: field.to_string(),
            expected,
        })
    }
    fn missing_field(field: &'static str) -> Self {
        Error::new(ErrorKind::MissingField(field))
    }
    fn duplicate_field(field: &'static str) -> Self {
        Error::new(ErrorKind::DuplicateField(field))
    }
}

impl Error {
    /// The error, at `place` unless it was found further in.
    fn or_at(mut self, place: Place) -> Error {
        self.place.get_or_insert(place);
        self
    }

    fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            place: None,
            absent: None,
        }
    }
}

fn describe(kind: ErrorKind) -> Diagnostic {
    match kind {
        ErrorKind::Described(d) => *d,
        other => describe_ref(&other),
    }
}

fn describe_ref(kind: &ErrorKind) -> Diagnostic {
    match kind {
        ErrorKind::Message(m) => Diagnostic::error(m.clone()),
        ErrorKind::Described(d) => (**d).clone(),
        ErrorKind::UnknownField { field, .. } => {
            Diagnostic::error(format!("Ukjent nøkkel «{field}»"))
        }
        ErrorKind::MissingField(field) => Diagnostic::error(format!("Mangler «{field}»")),
        ErrorKind::DuplicateField(field) => Diagnostic::error(format!(
            "Nøkkelen «{field}» står to ganger (kanskje også under et annet navn, som `id` for `bokstav`)"
        )),
        ErrorKind::UnknownVariant { variant, expected } => {
            let d = Diagnostic::error(format!("Ukjent verdi «{variant}»"));
            match crate::diagnostic::best_match(variant, expected) {
                Some(c) => d.help(format!(
                    "mente du «{c}»? Gyldige verdier: {}",
                    expected.join(", ")
                )),
                None => d.help(format!("gyldige verdier: {}", expected.join(", "))),
            }
        }
        ErrorKind::InvalidType { found, expected } => Diagnostic::error(format!(
            "Feil slags verdi: her står {found}, men her skal stå {expected}"
        )),
    }
}

/// What was found, in Norwegian.
fn found(u: &Unexpected) -> String {
    match u {
        Unexpected::Bool(b) => format!("sannhetsverdien `{b}`"),
        Unexpected::Unsigned(n) => format!("tallet {n}"),
        Unexpected::Signed(n) => format!("tallet {n}"),
        Unexpected::Float(f) => format!("desimaltallet {f}"),
        Unexpected::Char(c) => format!("tegnet «{c}»"),
        Unexpected::Str(s) => format!("teksten «{s}»"),
        Unexpected::Unit | Unexpected::Option => "ingenting".into(),
        Unexpected::Seq => "en liste".into(),
        Unexpected::Map => "nøkler med verdier".into(),
        _ => "en annen slags verdi".into(),
    }
}

/// What serde's own types expect, in Norwegian; the plan's types say it themselves.
fn expected_text(e: &str) -> String {
    let known = [
        ("a string", "en tekst"),
        ("a boolean", "`true` eller `false`"),
        ("a sequence", "en liste"),
        ("a map", "nøkler med verdier"),
        ("struct ", "nøkler med verdier"),
        ("i32", "et helt tall"),
        ("i64", "et helt tall"),
        ("u8", "et helt tall"),
        ("u16", "et helt tall"),
        ("u32", "et helt tall"),
        ("u64", "et helt tall"),
        ("a character", "ett tegn"),
        ("unit", "ingenting"),
        ("enum ", "en av de gyldige verdiene"),
    ];
    known
        .iter()
        .find(|(en, _)| e.starts_with(en))
        .map(|(_, nb)| nb.to_string())
        .unwrap_or_else(|| e.to_string())
}

struct Ctx<'r> {
    repairs: &'r Repairs,
    texts: RefCell<HashSet<usize>>,
    varied: RefCell<HashSet<String>>,
}

/// A node as a serde `Deserializer`.
struct NodeDe<'a> {
    ctx: &'a Ctx<'a>,
    node: &'a Node,
    path: String,
    /// A stand-in: the node could not be read, or is inside such a node.
    poisoned: bool,
    /// A stand-in for a missing key (`node` is its map).
    synthetic: bool,
    /// The key as the plan writes it (`namn`), when its path names it in bokmål (`navn`).
    written_key: Option<String>,
}

impl<'a> NodeDe<'a> {
    fn child(&self, node: &'a Node, path: String) -> NodeDe<'a> {
        NodeDe {
            ctx: self.ctx,
            node,
            path,
            poisoned: self.poisoned || self.ctx.repairs.poisoned.contains(&node.id),
            synthetic: false,
            written_key: None,
        }
    }

    fn place(&self) -> Place {
        Place {
            id: self.node.id,
            line: self.node.line,
            column: self.node.column,
            path: self.path.clone(),
            poisoned: self.poisoned,
            synthetic: self.synthetic,
        }
    }

    /// The error, at this node unless it was found further in.
    fn at<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|mut e| {
            if e.place.is_none() {
                e.place = Some(self.place());
            }
            e
        })
    }

    fn problem(&self, d: Diagnostic) -> Error {
        Error {
            kind: ErrorKind::Described(Box::new(d)),
            place: Some(self.place()),
            absent: None,
        }
    }

    fn field(&self) -> String {
        if let Some(written) = &self.written_key {
            return written.clone();
        }
        let p = parent_path(&self.path);
        let last = self.path[p.len()..].trim_start_matches('.');
        last.to_string()
    }

    /// A value that is missing: `key:` with nothing after it.
    fn empty(&self, what: &str) -> Error {
        let field = self.field();
        self.problem(
            Diagnostic::error(format!("«{field}» står tom: her skal stå {what}"))
                .help("skriv verdien etter kolon, eller fjern linjen om den ikke trengs"),
        )
    }

    /// A list or a map where a single value belongs, or the other way round.
    fn shape(&self, what: &str) -> Error {
        let found = match &self.node.kind {
            Kind::Seq(_) => "en liste".to_string(),
            Kind::Map(_) => "nøkler med verdier".to_string(),
            Kind::Scalar(s) => format!("«{}»", s.text),
        };
        let help = match &self.node.kind {
            Kind::Map(_) | Kind::Seq(_) if what == "en tekst" => {
                "er dette én tekst, sett den i anførselstegn; en tekst som begynner med «-», «[» \
                 eller «{», eller har «: » inne i seg, må stå i anførselstegn"
            }
            _ => "se `handlingsplan new` eller README for hvordan denne delen skrives",
        };
        self.problem(
            Diagnostic::error(format!("Her står {found}, men her skal stå {what}")).help(help),
        )
    }

    fn scalar_text(&self) -> Option<&'a str> {
        self.node.scalar().map(|s| s.text.as_str())
    }

    fn any<V: Visitor<'a>>(&self, visitor: V) -> Result<V::Value, Error> {
        match &self.node.kind {
            Kind::Scalar(s) => match s.resolve() {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(n) => match (i64::try_from(n), u64::try_from(n)) {
                    (Ok(i), _) => visitor.visit_i64(i),
                    (_, Ok(u)) => visitor.visit_u64(u),
                    _ => visitor.visit_i128(n),
                },
                Resolved::Float(f) => visitor.visit_f64(f),
                Resolved::Str => visitor.visit_str(&s.text),
            },
            Kind::Seq(items) => visitor.visit_seq(Items::new(self, items)),
            Kind::Map(entries) => visitor.visit_map(Entries::new(self, entries, true)),
        }
    }

    /// One of two stand-ins for this value (see [`stand_in`]), its path noted as varied.
    fn stand_in<T>(&self, neutral: T, other: T) -> T {
        self.ctx.varied.borrow_mut().insert(self.path.clone());
        stand_in(neutral, other)
    }

    fn stand_in_any<V: Visitor<'a>>(&self, visitor: V) -> Result<V::Value, Error> {
        PLACEHOLDER.with(|p| p.set(true));
        VARIED.with(|v| v.set(false));
        let result = visitor.visit_unit();
        PLACEHOLDER.with(|p| p.set(false));
        if VARIED.with(|v| v.replace(false)) {
            self.ctx.varied.borrow_mut().insert(self.path.clone());
        }
        result
    }
}

macro_rules! forward_to_any {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
                if self.poisoned {
                    return self.at(visitor.visit_u64(self.stand_in(0, 1)));
                }
                self.at(self.any(visitor))
            }
        )*
    };
}

/// A key suggested for a misspelt one, in the form of the keys around it: its bokmål form
/// unless the map already has a nynorsk key (`name` is «navn» in a bokmål plan, though «namn»
/// is as close).
fn in_the_maps_form(
    tree: &Tree,
    map: Option<usize>,
    suggestion: &'static str,
    expected: &'static [&'static str],
) -> &'static str {
    let bokmål = super::bokmål_key(suggestion);
    if bokmål == suggestion {
        return suggestion;
    }
    let nynorsk_beside = map
        .and_then(|m| tree.node(m))
        .is_some_and(|n| match &n.kind {
            Kind::Map(entries) => entries.iter().any(|(k, _)| {
                let written = k.key_text();
                super::bokmål_key(&written) != written
            }),
            _ => false,
        });
    match expected.iter().find(|e| **e == bokmål) {
        Some(b) if !nynorsk_beside => b,
        _ => suggestion,
    }
}

/// How a value written as a scalar is written as the struct the plan has there, when it
/// plainly means one: a period «2022-2027» or «2022–27» as `{ fra: 2022, til: 2027 }`, an
/// amount «2490000» as `{ beløp: 2490000 }`.
fn struct_written_as(text: &str, fields: &[&str]) -> Option<String> {
    let t = text.trim();
    if fields.contains(&"fra") && fields.contains(&"til") {
        let (from, to) = t.split_once(['-', '–'])?;
        let from: i32 = from.trim().parse().ok()?;
        let to_text = to.trim();
        let to: i32 = match to_text.len() {
            4 => to_text.parse().ok()?,
            2 => from - from % 100 + to_text.parse::<i32>().ok()?,
            _ => return None,
        };
        return (1900..2200)
            .contains(&from)
            .then(|| format!("{{ fra: {from}, til: {to} }}"));
    }
    let amount = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '.'))
        && t.chars().any(|c| c.is_ascii_digit());
    (fields.contains(&"beløp") && amount).then(|| {
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        format!("{{ beløp: {digits} }}")
    })
}

impl<'a> de::Deserializer<'a> for NodeDe<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.poisoned {
            return self.at(self.stand_in_any(visitor));
        }
        self.at(self.any(visitor))
    }

    forward_to_any! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.poisoned {
            return self.at(visitor.visit_bool(self.stand_in(false, true)));
        }
        match self.node.scalar().map(|s| (s.resolve(), s.text.as_str())) {
            Some((Resolved::Bool(b), _)) => self.at(visitor.visit_bool(b)),
            Some((Resolved::Null, _)) => Err(self.empty("`true` eller `false`")),
            Some((_, text)) => Err(self.problem(
                Diagnostic::error(format!(
                    "«{text}» er ikke en ja/nei-verdi: skriv `true` (ja) eller `false` (nei)"
                ))
                .help("YAML kjenner bare `true` og `false`; `ja`, `nei`, `yes`, `no`, `on` og `off` godtas ikke"),
            )),
            None => Err(self.shape("`true` eller `false`")),
        }
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.poisoned {
            return self.at(visitor.visit_str(self.stand_in("", "x")));
        }
        match self.node.scalar() {
            Some(s) if s.resolve() == Resolved::Null => Err(self.empty("en tekst")),
            // A plain scalar is text as written, also where YAML would read a number or a
            // truth value: `kommunenummer: 0301` stays «0301».
            Some(s) => {
                if s.style == Style::Plain {
                    self.ctx.texts.borrow_mut().insert(self.node.id);
                }
                self.at(visitor.visit_str(&s.text))
            }
            None => Err(self.shape("en tekst")),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        let absent = self.ctx.repairs.absent.contains(&self.node.id);
        if (self.poisoned && (absent || self.synthetic)) || (!self.poisoned && self.node.is_null())
        {
            return self.at(visitor.visit_none());
        }
        // An optional value that could not be read gets its type's stand-in (an unknown
        // amount) when it has one, else it is absent.
        let (at, id, poisoned) = (self.place(), self.node.id, self.poisoned);
        visitor.visit_some(self).map_err(|mut e| {
            e.place.get_or_insert(at);
            if poisoned && e.place.as_ref().is_some_and(|p| p.poisoned) {
                e.absent.get_or_insert(id);
            }
            e
        })
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.poisoned || self.node.is_null() {
            return self.at(visitor.visit_unit());
        }
        self.at(self.any(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == AT {
            POSITION.with(|p| {
                *p.borrow_mut() = Some(Position {
                    line: self.node.line,
                    column: self.node.column,
                    bytes: (!self.synthetic).then(|| self.node.bytes.clone()),
                })
            });
        }
        let at = self.place();
        visitor.visit_newtype_struct(self).map_err(|mut e| {
            e.place.get_or_insert(at);
            e
        })
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.poisoned {
            return self.at(visitor.visit_seq(Items::empty(&self)));
        }
        match &self.node.kind {
            Kind::Seq(items) => self.at(visitor.visit_seq(Items::new(&self, items))),
            Kind::Scalar(_) if self.node.is_null() => Err(self.empty("en liste")),
            _ => Err(self.shape("en liste (punkter som begynner med «- »)")),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.poisoned {
            return self.at(visitor.visit_map(Entries::new(&self, &[], false)));
        }
        match &self.node.kind {
            Kind::Map(entries) => self.at(visitor.visit_map(Entries::new(&self, entries, false))),
            Kind::Scalar(_) if self.node.is_null() => Err(self.empty("nøkler med verdier")),
            _ => Err(self.shape("nøkler med verdier (f.eks. `2025: 10`)")),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.poisoned {
            return self.at(visitor.visit_map(Entries::stand_in(&self, fields)));
        }
        match &self.node.kind {
            Kind::Map(entries) => self.at(visitor.visit_map(Entries::new(&self, entries, true))),
            Kind::Scalar(_) if self.node.is_null() => {
                Err(self.empty("nøkler med verdier på linjene under, rykket inn"))
            }
            _ => {
                let example: Vec<String> = fields
                    .iter()
                    .filter(|f| super::bokmål_key(f) == **f)
                    .take(2)
                    .map(|f| format!("`{f}: …`"))
                    .collect();
                let what = format!(
                    "nøkler med verdier (som {}) på linjene under, rykket inn",
                    example.join(" og ")
                );
                match self
                    .scalar_text()
                    .and_then(|t| struct_written_as(t, fields))
                {
                    Some(written) => Err(self.problem(
                        Diagnostic::error(format!(
                            "Her står «{}», men her skal stå {what}",
                            self.scalar_text().unwrap_or_default()
                        ))
                        .help(format!("skriv den slik: `{written}`")),
                    )),
                    None => Err(self.shape(&what)),
                }
            }
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.poisoned {
            let first = variants.first().copied().unwrap_or("");
            let last = variants.last().copied().unwrap_or("");
            let chosen = self.stand_in(first, last);
            return self
                .at(visitor.visit_enum(IntoDeserializer::<'a, Error>::into_deserializer(chosen)));
        }
        match self.scalar_text() {
            Some(_) if self.node.is_null() => {
                Err(self.empty(&format!("en av {}", variants.join(", "))))
            }
            Some(text) => {
                self.at(visitor.visit_enum(IntoDeserializer::<'a, Error>::into_deserializer(text)))
            }
            None => Err(self.shape(&format!("en av {}", variants.join(", ")))),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar_text() {
            Some(text) if !self.poisoned => self.at(visitor.visit_str(text)),
            _ => self.at(visitor.visit_str("")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A list's items, without those left out.
struct Items<'a> {
    parent: NodeDe<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'a> Items<'a> {
    fn new(parent: &NodeDe<'a>, items: &'a [Node]) -> Items<'a> {
        Items {
            parent: parent.child(parent.node, parent.path.clone()),
            items,
            next: 0,
        }
    }

    fn empty(parent: &NodeDe<'a>) -> Items<'a> {
        Items::new(parent, &[])
    }
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let repairs = self.parent.ctx.repairs;
        while let Some(item) = self.items.get(self.next) {
            let index = self.next;
            self.next += 1;
            if repairs.removed.contains(&item.id) || repairs.poisoned.contains(&item.id) {
                continue;
            }
            let de = self
                .parent
                .child(item, format!("{}[{index}]", self.parent.path));
            let place = de.place();
            return seed.deserialize(de).map(Some).map_err(|e| e.or_at(place));
        }
        Ok(None)
    }
}

/// A map's entries, without those left out, and stand-ins for the keys it lacks.
struct Entries<'a> {
    parent: NodeDe<'a>,
    entries: &'a [(Node, Node)],
    next: usize,
    /// Read as a struct: a value that cannot be read gets a stand-in instead of being left out.
    is_struct: bool,
    /// Keys to stand in for after the entries.
    stand_ins: Vec<&'static str>,
    value: Option<NodeDe<'a>>,
}

impl<'a> Entries<'a> {
    fn new(parent: &NodeDe<'a>, entries: &'a [(Node, Node)], is_struct: bool) -> Entries<'a> {
        let present: Vec<&str> = entries
            .iter()
            .filter_map(|(k, _)| k.scalar())
            .map(|s| s.text.as_str())
            .collect();
        let stand_ins = if is_struct {
            parent
                .ctx
                .repairs
                .added
                .get(&parent.node.id)
                .map(|a| a.iter().copied().filter(|f| !present.contains(f)).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Entries {
            parent: NodeDe {
                ctx: parent.ctx,
                node: parent.node,
                path: parent.path.clone(),
                poisoned: parent.poisoned,
                synthetic: parent.synthetic,
                written_key: parent.written_key.clone(),
            },
            entries,
            next: 0,
            is_struct,
            stand_ins,
            value: None,
        }
    }

    /// A stand-in struct: every field a stand-in.
    fn stand_in(parent: &NodeDe<'a>, fields: &'static [&'static str]) -> Entries<'a> {
        let mut e = Entries::new(parent, &[], true);
        let other_names = parent.ctx.repairs.other_names.get(&parent.node.id);
        e.stand_ins = fields
            .iter()
            .filter(|f| other_names.is_none_or(|names| !names.contains(f)))
            .copied()
            .collect();
        e
    }
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let repairs = self.parent.ctx.repairs;
        while let Some((key, value)) = self.entries.get(self.next) {
            self.next += 1;
            if repairs.removed.contains(&key.id)
                || (!self.is_struct && repairs.poisoned.contains(&value.id))
            {
                continue;
            }
            if let Some(meant) = repairs.renamed.get(&key.id) {
                let path = join(&self.parent.path, meant);
                let k =
                    seed.deserialize(IntoDeserializer::<'a, Error>::into_deserializer(*meant))?;
                let mut value_de = self.parent.child(value, path);
                value_de.written_key = Some(meant.to_string());
                self.value = Some(value_de);
                return Ok(Some(k));
            }
            let written = key.key_text();
            let path = join(&self.parent.path, &written);
            let key_de = self.parent.child(key, path.clone());
            let k = seed.deserialize(key_de)?;
            let mut value_de = self.parent.child(value, path);
            value_de.written_key = Some(written);
            self.value = Some(value_de);
            return Ok(Some(k));
        }
        if let Some(field) = self.stand_ins.pop() {
            let k = seed.deserialize(IntoDeserializer::<'a, Error>::into_deserializer(field))?;
            self.value = Some(NodeDe {
                ctx: self.parent.ctx,
                node: self.parent.node,
                path: join(&self.parent.path, field),
                poisoned: true,
                synthetic: true,
                written_key: None,
            });
            return Ok(Some(k));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            // A check after reading (a year's range, in `deserialize_with`) is about this value.
            Some(de) => {
                let place = de.place();
                seed.deserialize(de).map_err(|e| e.or_at(place))
            }
            None => Err(Error::new(ErrorKind::Message(
                "intern feil: verdi uten nøkkel".into(),
            ))),
        }
    }
}
