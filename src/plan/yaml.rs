//! The first step of loading: YAML text to a tree of nodes that remember where and how they were
//! written (line, column, bytes, plain or quoted). `de` then reads the typed plan from the tree,
//! going on past every bad value. A syntax error is told in Norwegian at the line where the
//! user can fix it (`syntax`), and parsing goes on past it (`recover`). Guards against hostile
//! input: nesting depth, node count and alias expansion are bounded; duplicate keys and unused
//! anchors or tags are reported.

use super::recover::{self, Mend, Mending};
use crate::diagnostic::Diagnostic;
use granit_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The deepest nesting a plan may have (a plan needs about eight levels).
pub const MAX_DEPTH: usize = 48;
/// The most nodes a file may hold, aliases expanded (a large plan has a few thousand).
pub const MAX_NODES: usize = 200_000;
/// The most aliases (`*name`) a file may use.
pub const MAX_ALIASES: usize = 1_000;

/// One node of the YAML tree and where it was written.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its number in the tree, in document order (set by [`Tree::new`]).
    pub id: usize,
    pub kind: Kind,
    /// 1-based line and column (in characters) of the node's start.
    pub line: u64,
    pub column: u64,
    /// The node's bytes in the source text.
    pub bytes: Range<usize>,
    /// The line the node ends on.
    pub end_line: u64,
    /// The node is written once and read in more places: it is anchored (`&name`), stands
    /// where an alias (`*name`) was written, or is inside either. A change to its text is a
    /// change in every place.
    pub shared: bool,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Without quotes: YAML reads it as a number, truth value or null where it looks like one.
    Plain,
    /// In quotes or as a block (`|`, `>`): always text.
    Quoted,
}

#[derive(Debug, Clone)]
pub struct Scalar {
    pub text: String,
    pub style: Style,
    /// How it was written exactly (plain, '…', "…", `|` or `>`).
    pub written: ScalarStyle,
    /// A YAML core tag (`!!str`, `!!int` …) when one was written.
    pub core_tag: Option<String>,
}

/// What a scalar means, by YAML 1.2's core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str,
}

impl Scalar {
    pub fn resolve(&self) -> Resolved {
        match (self.style, self.core_tag.as_deref()) {
            (_, Some("str")) | (Style::Quoted, None) => return Resolved::Str,
            (_, Some("null")) => return Resolved::Null,
            _ => {}
        }
        let t = self.text.as_str();
        match t {
            "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
            "true" | "True" | "TRUE" => return Resolved::Bool(true),
            "false" | "False" | "FALSE" => return Resolved::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                return Resolved::Float(f64::INFINITY);
            }
            "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
            _ => {}
        }
        let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
        if !unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = t.parse::<i128>() {
                return Resolved::Int(n);
            }
            return Resolved::Float(t.parse().unwrap_or(f64::INFINITY));
        }
        if let Some(hex) = t.strip_prefix("0x")
            && let Ok(n) = i128::from_str_radix(hex, 16)
        {
            return Resolved::Int(n);
        }
        if let Some(oct) = t.strip_prefix("0o")
            && let Ok(n) = i128::from_str_radix(oct, 8)
        {
            return Resolved::Int(n);
        }
        if is_float(t) {
            return Resolved::Float(t.parse().unwrap_or(f64::NAN));
        }
        Resolved::Str
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float.
fn is_float(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(f) => digits(whole) && digits(f) && !(whole.is_empty() && f.is_empty()),
        None => !whole.is_empty() && digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (fraction.is_some() || exponent.is_some())
}

impl Node {
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.scalar().is_some_and(|s| s.resolve() == Resolved::Null)
    }

    /// A key as text, for paths and messages.
    pub fn key_text(&self) -> String {
        match &self.kind {
            Kind::Scalar(s) => s.text.clone(),
            Kind::Seq(_) => "[…]".into(),
            Kind::Map(_) => "{…}".into(),
        }
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Node, Option<usize>, bool)) {
        self.walk(None, false, f);
    }

    fn walk<'a>(
        &'a self,
        parent: Option<usize>,
        is_key: bool,
        f: &mut impl FnMut(&'a Node, Option<usize>, bool),
    ) {
        f(self, parent, is_key);
        match &self.kind {
            Kind::Scalar(_) => {}
            Kind::Seq(items) => items.iter().for_each(|n| n.walk(Some(self.id), false, f)),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    k.walk(Some(self.id), true, f);
                    v.walk(Some(self.id), false, f);
                }
            }
        }
    }

    /// Marks the node and all inside it as shared.
    fn share(&mut self) {
        self.shared = true;
        match &mut self.kind {
            Kind::Scalar(_) => {}
            Kind::Seq(items) => items.iter_mut().for_each(Node::share),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    k.share();
                    v.share();
                }
            }
        }
    }

    fn number(&mut self, next: &mut usize) {
        self.id = *next;
        *next += 1;
        match &mut self.kind {
            Kind::Scalar(_) => {}
            Kind::Seq(items) => items.iter_mut().for_each(|n| n.number(next)),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    k.number(next);
                    v.number(next);
                }
            }
        }
    }
}

/// A parsed file: its root node, and for every node its parent and whether it is a key.
#[derive(Debug)]
pub struct Tree {
    pub root: Node,
    parents: Vec<Option<usize>>,
    keys: Vec<bool>,
}

impl Tree {
    fn new(mut root: Node) -> Tree {
        let mut next = 0;
        root.number(&mut next);
        let mut parents = vec![None; next];
        let mut keys = vec![false; next];
        root.visit(&mut |n, parent, is_key| {
            parents[n.id] = parent;
            keys[n.id] = is_key;
        });
        Tree {
            root,
            parents,
            keys,
        }
    }

    /// The node numbered `id`: found by going down from the root (numbers are in document
    /// order, so a node's number lies between its own and its next sibling's).
    pub fn node(&self, id: usize) -> Option<&Node> {
        let mut node = &self.root;
        loop {
            if node.id == id {
                return Some(node);
            }
            let children: Vec<&Node> = match &node.kind {
                Kind::Scalar(_) => return None,
                Kind::Seq(items) => items.iter().collect(),
                Kind::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
            };
            node = children.into_iter().take_while(|c| c.id <= id).last()?;
        }
    }

    pub fn parent(&self, id: usize) -> Option<usize> {
        self.parents.get(id).copied().flatten()
    }

    pub fn is_key(&self, id: usize) -> bool {
        self.keys.get(id).copied().unwrap_or(false)
    }

    /// Every node, in document order, with whether it is a key.
    pub fn nodes(&self) -> Vec<(&Node, bool)> {
        let mut out = Vec::new();
        self.root.visit(&mut |n, _, is_key| out.push((n, is_key)));
        out
    }

    /// Every value node (not keys) with its YAML path.
    pub fn paths(&self) -> Vec<(&Node, String)> {
        fn walk<'a>(node: &'a Node, path: String, out: &mut Vec<(&'a Node, String)>) {
            match &node.kind {
                Kind::Scalar(_) => {}
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, format!("{path}[{i}]"), out);
                    }
                }
                Kind::Map(entries) => {
                    for (k, v) in entries {
                        walk(v, join(&path, &k.key_text()), out);
                    }
                }
            }
            out.push((node, path));
        }
        let mut out = Vec::new();
        walk(&self.root, String::new(), &mut out);
        out
    }

    /// Where each YAML path is written (the key's line and column for a map's entry), so that
    /// a message about a path can name its line.
    pub fn positions(&self) -> HashMap<String, (u64, u64)> {
        let mut out = HashMap::new();
        fn walk(node: &Node, path: &str, out: &mut HashMap<String, (u64, u64)>) {
            match &node.kind {
                Kind::Scalar(_) => {}
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        out.entry(p.clone()).or_insert((item.line, item.column));
                        walk(item, &p, out);
                    }
                }
                Kind::Map(entries) => {
                    for (k, v) in entries {
                        let p = join(path, &k.key_text());
                        out.entry(p.clone()).or_insert((k.line, k.column));
                        walk(v, &p, out);
                    }
                }
            }
        }
        walk(&self.root, "", &mut out);
        out
    }
}

impl Tree {
    /// What the lines left out after a syntax error (line, key, the key's 0-based column)
    /// touched: the map each key belonged to (its keys stand in the same column, nearest to
    /// the line), whose missing keys are not told (they are not missing from what the user
    /// wrote), and the paths of the keys left out (what is said of those follows from the
    /// syntax error).
    pub fn around(&self, dropped: &[(u64, String, usize)]) -> (HashSet<usize>, Vec<String>) {
        let mut maps = HashSet::new();
        let mut paths = Vec::new();
        if dropped.is_empty() {
            return (maps, paths);
        }
        let all = self.paths();
        for (line, key, column) in dropped {
            let distance = |n: &Node| {
                if *line < n.line {
                    n.line - line
                } else {
                    line.saturating_sub(n.end_line)
                }
            };
            let map = all
                .iter()
                .filter(|(n, _)| matches!(&n.kind, Kind::Map(e) if e.first().is_some_and(|(k, _)| k.column == *column as u64 + 1)))
                .min_by_key(|(n, _)| (distance(n), std::cmp::Reverse(n.id)));
            match map {
                Some((map, path)) => {
                    maps.insert(map.id);
                    paths.push(join(path, key));
                }
                // The file's only top-level line was left out: the keys missing from the
                // empty file around it are not told either.
                None if *column == 0 => {
                    maps.insert(self.root.id);
                    paths.push(join("", key));
                }
                None => {}
            }
        }
        (maps, paths)
    }
}

/// `a.b` from `a` and `b` (and `b` alone at the top), the key in its bokmål form
/// (`strategiar` → `strategier`), as validation names it.
pub fn join(path: &str, key: &str) -> String {
    let key = super::bokmål_key(key);
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A node being built: a collection waits for its children.
enum Open {
    Seq(Node, Vec<Node>, usize),
    Map(Node, Vec<Node>, usize),
}

/// The most syntax errors told for one file; past them the file is hardly a plan.
pub const MAX_SYNTAX_ERRORS: usize = 40;
/// How many bytes all the passes over a broken file may parse together (each syntax error
/// costs one pass over the whole text), so that a large broken file is still read quickly.
const MAX_PASS_BYTES: usize = 40 * 1024 * 1024;

/// A file parsed as far as it can be read.
#[derive(Debug)]
pub struct Parsed {
    pub tree: Tree,
    /// Every syntax error, each at the line to fix, and what leaves the tree usable (a
    /// duplicate key, an anchor or tag that ate part of a text).
    pub problems: Vec<Diagnostic>,
    /// The text the tree was read from: the file's own, or a copy with the lines of its
    /// syntax errors mended (`recover`), every line where it was.
    pub text: String,
    /// The lines that were mended (1-based).
    pub mended: Vec<u64>,
    /// The lines left out after a syntax error, each with the key written on it and its
    /// column (0-based).
    pub dropped: Vec<(u64, String, usize)>,
}

/// Why one pass stopped.
enum Stop {
    /// A syntax error: what to tell, how to mend the line, and the line the parser noticed it.
    Syntax(Diagnostic, Mend, u64),
    /// Nothing more can be read (too big, more than one document).
    Fatal(Vec<Diagnostic>),
}

/// Parses `text` into a tree, reading on past every syntax error: each is told at the line to
/// fix, that line is mended in a copy of the text, and the copy is parsed again. Only a file
/// that cannot be a plan at all (too big or too deep, several documents, more syntax errors
/// than [`MAX_SYNTAX_ERRORS`]) is the `Err`, with everything told until then.
pub fn parse(text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let mut mending = Mending::new(text);
    let mut told = recover::tabs(&mut mending);
    told.extend(recover::dashes_without_space(&mut mending));
    told.extend(recover::hard_spaces_after_keys(&mut mending));
    let mut mended: Vec<u64> = told.iter().map(|d| d.line).collect();
    let mut dropped = Vec::new();
    let mut work = mending.text();
    let passes = (MAX_PASS_BYTES / text.len().max(1)).clamp(4, 3 * MAX_SYNTAX_ERRORS);
    for _ in 0..passes {
        let (diagnostic, mend, noticed) = match parse_once(&work) {
            Ok((tree, problems)) => {
                told.extend(problems);
                return Ok(Parsed {
                    tree,
                    problems: told,
                    text: work,
                    mended,
                    dropped,
                });
            }
            Err(Stop::Fatal(fatal)) => {
                told.extend(fatal);
                return Err(told);
            }
            Err(Stop::Syntax(d, mend, noticed)) => (d, mend, noticed),
        };
        let line = if diagnostic.line == 0 {
            noticed
        } else {
            diagnostic.line
        };
        // A line told once is mended harder, silently: left out; then the line the parser
        // noticed the error at.
        let (line, mend) = match mended.iter().filter(|l| **l == line).count() {
            0 => {
                told.push(diagnostic);
                (line, mend)
            }
            1 => (line, Mend::Drop),
            _ if !mended.contains(&noticed) => (noticed, Mend::Drop),
            _ => break,
        };
        if mend == Mend::Drop {
            let (key, column) = mending.key_on(line);
            dropped.push((line, key, column));
        }
        if told.len() > MAX_SYNTAX_ERRORS || !mending.apply(line, mend) {
            break;
        }
        mended.push(line);
        work = mending.text();
    }
    told.push(
        Diagnostic::error("Filen har flere YAML-feil enn dem som er nevnt her; lesingen stoppet")
            .help("rett feilene over og kjør på nytt"),
    );
    Err(told)
}

/// One pass of the parser over `text`.
fn parse_once(text: &str) -> Result<(Tree, Vec<Diagnostic>), Stop> {
    let options = granit_parser::options! { emit_anchor_events: true };
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder {
        text,
        stack: Vec::new(),
        anchors: HashMap::new(),
        anchor_names: HashMap::new(),
        aliased: Vec::new(),
        nodes: 0,
        aliases: 0,
        root: None,
        documents: 0,
        problems: Vec::new(),
        last_scalar: None,
        new_item: None,
    };
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => builder.event(event, span).map_err(Stop::Fatal)?,
            Err(e) => {
                let (d, mend) = super::syntax::explain(&e, text, builder.last_scalar);
                return Err(Stop::Syntax(d, mend, e.marker().line() as u64));
            }
        }
    }
    if let Some(d) = builder.new_item.take() {
        let line = d.line;
        return Err(Stop::Syntax(d, Mend::NewItem, line));
    }
    builder.unused_anchors();
    let root = builder.root.take().unwrap_or_else(|| Node {
        id: 0,
        kind: Kind::Map(Vec::new()),
        line: 1,
        column: 1,
        bytes: 0..0,
        end_line: 1,
        shared: false,
    });
    // An empty file, or one of comments only, is read as an empty plan.
    let root = if root.is_null() {
        Node {
            kind: Kind::Map(Vec::new()),
            ..root
        }
    } else {
        root
    };
    Ok((Tree::new(root), builder.problems))
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Open>,
    /// Anchored nodes by the parser's anchor id, to copy where an alias names them.
    anchors: HashMap<usize, Node>,
    /// Anchor names and where they were written, by id.
    anchor_names: HashMap<usize, (String, u64, u64)>,
    aliased: Vec<usize>,
    nodes: usize,
    aliases: usize,
    root: Option<Node>,
    documents: usize,
    problems: Vec<Diagnostic>,
    /// Where the last scalar began (line, column, 1-based), for placing syntax errors.
    last_scalar: Option<(u64, u64)>,
    /// The first item of a list found without its `- `, told as a syntax error.
    new_item: Option<Diagnostic>,
}

fn position(span: &Span) -> (u64, u64) {
    (span.start.line() as u64, span.start.col() as u64 + 1)
}

fn bytes(span: &Span) -> Range<usize> {
    let start = span.start.byte_offset().unwrap_or(0);
    start..span.end.byte_offset().unwrap_or(start).max(start)
}

fn too_big() -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(
            "Filen er for stor, for dypt nestet eller bruker for mange YAML-aliaser (&/*) til å \
             være en handlingsplan",
        )
        .help("lesingen ble avbrutt for å beskytte maskinen; kontroller at det er riktig fil"),
    ]
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Vec<Diagnostic>> {
        let (line, column) = position(&span);
        let node = |kind| Node {
            id: 0,
            kind,
            line,
            column,
            bytes: bytes(&span),
            end_line: span.end.line() as u64,
            shared: false,
        };
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(vec![
                        Diagnostic::error("Filen har mer enn ett YAML-dokument (en linje med «---»)")
                            .at(line, column)
                            .help("en plan er ett dokument: fjern «---» og det som står etter, eller flytt det inn i planen"),
                    ]);
                }
                Ok(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.last_scalar = Some((line, column));
                let core_tag = match tag.as_deref() {
                    None => None,
                    Some(t) if t.is_yaml_core_schema() => Some(t.suffix().to_string()),
                    Some(t) => {
                        let (written, at) = self.written(&span, t);
                        self.problems.push(trap(
                            at.0,
                            at.1,
                            &written,
                            "YAML leser «!» først i en verdi som en merkelapp (tag), og den blir \
                             borte fra teksten",
                        ));
                        None
                    }
                };
                let n = node(Kind::Scalar(Scalar {
                    text: text.into_owned(),
                    style: match style {
                        ScalarStyle::Plain => Style::Plain,
                        _ => Style::Quoted,
                    },
                    written: style,
                    core_tag,
                }));
                self.add(n, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                self.open(Open::Seq(node(Kind::Seq(Vec::new())), Vec::new(), anchor))
            }
            Event::MappingStart(_, anchor, _) => {
                self.open(Open::Map(node(Kind::Map(Vec::new())), Vec::new(), anchor))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else {
                    return Ok(());
                };
                let (mut n, anchor) = match open {
                    Open::Seq(mut n, items, anchor) => {
                        n.kind = Kind::Seq(items);
                        (n, anchor)
                    }
                    Open::Map(mut n, items, anchor) => {
                        let in_list = matches!(self.stack.last(), Some(Open::Seq(..)));
                        n.kind = Kind::Map(self.entries(items, in_list));
                        (n, anchor)
                    }
                };
                n.end_line = span.end.line() as u64;
                n.bytes.end = span
                    .end
                    .byte_offset()
                    .unwrap_or(n.bytes.end)
                    .max(n.bytes.start);
                self.add(n, anchor)
            }
            Event::Alias(id) => {
                self.aliases += 1;
                self.aliased.push(id);
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Ok(());
                };
                let count = count_nodes(&target);
                self.nodes += count;
                if self.aliases > MAX_ALIASES || self.nodes > MAX_NODES {
                    return Err(too_big());
                }
                // The copy stands where the alias was written.
                let copy = Node {
                    line,
                    column,
                    bytes: bytes(&span),
                    end_line: span.end.line() as u64,
                    ..target
                };
                self.place(copy)
            }
            Event::Anchor(id, name) => {
                self.anchor_names
                    .insert(id, (name.into_owned(), line, column));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The tag as it was written in the file, and where (line, column).
    fn written(&self, span: &Span, tag: &granit_parser::Tag) -> (String, (u64, u64)) {
        let Some(start) = span.tag_start.as_ref() else {
            return (tag.original(), position(span));
        };
        let from = start.byte_offset().unwrap_or(0);
        let written = self
            .text
            .get(from..)
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_string)
            .unwrap_or_else(|| tag.original());
        (written, (start.line() as u64, start.col() as u64 + 1))
    }

    fn open(&mut self, open: Open) -> Result<(), Vec<Diagnostic>> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_big());
        }
        self.stack.push(open);
        Ok(())
    }

    fn add(&mut self, node: Node, anchor: usize) -> Result<(), Vec<Diagnostic>> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(too_big());
        }
        let mut node = node;
        if anchor != 0 {
            node.share();
            self.anchors.insert(anchor, node.clone());
        }
        self.place(node)
    }

    fn place(&mut self, node: Node) -> Result<(), Vec<Diagnostic>> {
        match self.stack.last_mut() {
            Some(Open::Seq(_, items, _)) | Some(Open::Map(_, items, _)) => items.push(node),
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
        }
        Ok(())
    }

    /// A map's children in pairs; a key written twice is reported and its second value left
    /// out. In an item of a list, the item's first key written again is most likely the next
    /// item without its `- `: told once so, and the keys after it not again.
    fn entries(&mut self, items: Vec<Node>, in_list: bool) -> Vec<(Node, Node)> {
        let mut out: Vec<(Node, Node)> = Vec::new();
        // The line of each scalar key's first entry, by its text: one look-up per key.
        let mut first_line: HashMap<String, u64> = HashMap::new();
        let mut next_item = false;
        let mut items = items.into_iter();
        while let (Some(k), Some(v)) = (items.next(), items.next()) {
            let text = k.key_text();
            if let Some(first) = first_line.get(&text) {
                if next_item {
                    continue;
                }
                if in_list && out.first().is_some_and(|(f, _)| f.key_text() == text) {
                    next_item = true;
                    self.new_item.get_or_insert(
                        Diagnostic::error(format!(
                            "«{text}» står igjen i samme punkt i listen (første gang på linje {first}); her begynner trolig et nytt punkt, men «- » mangler"
                        ))
                        .at(k.line, k.column)
                        .help(format!(
                            "skriv «- » foran «{text}:» (og rykk inn nøklene under like langt som «{text}»), så blir det et nytt punkt"
                        )),
                    );
                    continue;
                }
                self.problems.push(
                    Diagnostic::error(format!(
                        "Nøkkelen «{text}» står to ganger i samme del av filen (første gang på linje {first})"
                    ))
                    .at(k.line, k.column)
                    .help("fjern eller slå sammen den ene; bare den første blir lest"),
                );
                continue;
            }
            if k.scalar().is_some() {
                first_line.insert(text, k.line);
            }
            out.push((k, v));
        }
        out
    }

    /// An anchor that no alias uses is a `&` that ate the start of a text.
    fn unused_anchors(&mut self) {
        let aliased: std::collections::HashSet<&usize> = self.aliased.iter().collect();
        let mut unused: Vec<(String, u64, u64)> = self
            .anchor_names
            .iter()
            .filter(|(id, _)| !aliased.contains(id))
            .map(|(_, v)| v.clone())
            .collect();
        unused.sort_by_key(|(_, l, c)| (*l, *c));
        for (name, line, column) in unused {
            self.problems.push(trap(
                line,
                column,
                &format!("&{name}"),
                "YAML leser «&» først i en verdi som et anker, og det blir borte fra teksten",
            ));
        }
    }
}

/// A text whose start YAML took for something else.
fn trap(line: u64, column: u64, written: &str, why: &str) -> Diagnostic {
    Diagnostic::error(format!("«{written}» blir borte fra teksten: {why}"))
        .at(line, column)
        .help(format!(
            "sett hele teksten i anførselstegn, f.eks. \"{written} …\", så blir den stående som \
             skrevet"
        ))
}

fn count_nodes(node: &Node) -> usize {
    let mut n = 0;
    node.visit(&mut |_, _, _| n += 1);
    n
}
