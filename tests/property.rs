//! The property behind `check`: whatever a user (or a slip of the keyboard) writes, the tool
//! never panics, exits 0, 1 or 2, and a plan that `check` accepts renders in every format.
//! A deterministic mutator (fixed seed) makes thousands of variants of the example plans and
//! the accounts file: numbers replaced by extremes, text by hostile strings (emoji, CJK, RTL,
//! U+2011, very long words, Markdown constructs), lines deleted, duplicated and swapped.
//!
//! CI runs a few thousand mutants and renders a sample of the accepted ones. The big local run:
//! `HANDLINGSPLAN_MUTANTS=20000 HANDLINGSPLAN_RENDER_ALL=1 cargo test --test property`.

mod common;

use handlingsplan::pipeline::{self, Formats, RenderOptions};
use handlingsplan::render::Templates;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set while the library runs on a mutant: its panics are counted, not printed. A panic
/// anywhere else (the test itself) is printed as usual.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Runs `f` catching a panic, quietly.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    QUIET.store(true, Ordering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.store(false, Ordering::SeqCst);
    result
}
use std::path::Path;

/// splitmix64: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "13",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "-9223372036854775808",
    "9223372036854775807",
    "\"79228162514264337593543950335\"",
    "\"-79228162514264337593543950335\"",
    "79228162514264337593543950335",
    "\"999 999 999 999,99\"",
    "\"1 000 000 000 001\"",
    "1e308",
    "500.000",
    "1-6",
    "\"1-6\"",
    "-2147483648",
    "2147483647",
    "{ foreløpig: 18446744073709551615 }",
    "{ foreløpig: ukjent }",
    "\"0,01\"",
    "\"12,5 %\"",
    "~",
    "[]",
    // Months and strategy identifiers as programmes write them.
    "sep–des",
    "\"12-1\"",
    "des–jan",
    "løpende",
    "hele året",
    "[jan, mars, sep–des]",
    "[jan, løpende]",
    "\"0-13\"",
    "feb–",
    "\"3.1.1\"",
    "\"1.\"",
    "A.",
];

fn hostile_texts() -> Vec<String> {
    vec![
        "🎉 Jubileum 🚀".into(),
        "✓ ferdig ✔ ✗".into(),
        "中文字 日本語 한국어".into(),
        "שלום עולם".into(),
        "مرحبا بالعالم".into(),
        "Привет, мир".into(),
        "Sámi: Áŋŋel Čáhppes Đ ŧ ŋ".into(),
        "ikke\u{2011}brytende bindestrek 5′ 3″".into(),
        "x".repeat(40_000),
        "ord ".repeat(3_000),
        "\"- a\\n  - nestet\\n    - dypere\"".into(),
        "\"> sitat\\n> mer\"".into(),
        "\"<div>html</div>\\n\\n<script>alert(1)</script>\"".into(),
        "\"# Overskrift\\n\\n```\\nkode\\n```\"".into(),
        "\"1. en\\n2. to\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\"".into(),
        "\"[lenke](http://x) ![bilde](/etc/passwd)\"".into(),
        "\"{{ 7*7 }} {% raw %} #set text(red) ]] <w:t> &amp; \\\\\"".into(),
        "\"\\u0000\\u0007\\u001b\\uFFFF\\uFEFF\"".into(),
        "\"\\U0001F600\\U0010FFFF\\uE000\"".into(),
        "\"a\\u0301\\u0308 ZWJ\\u200Dx RLO\\u202Ey\"".into(),
        "\"---\\n***\\n___\"".into(),
        "\"* * *\\n- [ ] oppgave\\n\\n    innrykket kode\"".into(),
        "".into(),
        "~".into(),
    ]
}

/// One mutant of `text`: a few random mutations.
fn mutate(text: &str, rng: &mut Rng, texts: &[String]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let count = 1 + rng.below(3);
    for _ in 0..count {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(10) {
            // A number replaced by an extreme.
            0..=3 => {
                let line = &lines[i];
                let digits: Vec<(usize, usize)> = number_spans(line);
                if let Some(&(a, b)) = digits.get(rng.below(digits.len().max(1))) {
                    let new = rng.pick(NUMBERS);
                    lines[i] = format!("{}{}{}", &line[..a], new, &line[b..]);
                }
            }
            // A text value replaced by a hostile string.
            4..=6 => {
                let line = &lines[i];
                if let Some(p) = line.find(": ") {
                    let t = rng.pick(texts);
                    lines[i] = format!("{}: {}", &line[..p], t);
                }
            }
            7 => {
                lines.remove(i);
            }
            8 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            _ => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Byte ranges of runs of ASCII digits (with a leading minus) in a line.
fn number_spans(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = if i > 0 && b[i - 1] == b'-' { i - 1 } else { i };
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Default, Debug)]
struct Tally {
    mutants: usize,
    accepted: usize,
    rendered: usize,
    panics: Vec<String>,
    not_rendered: Vec<String>,
    /// Where rendered mutants are kept (`tests/common::kept_output`).
    keep: Option<std::path::PathBuf>,
}

/// How many rendered mutants are kept for `check-outputs`.
const KEPT_MUTANTS: usize = 8;

/// Loads, checks and (when `render`) renders one plan, catching panics.
fn try_plan(
    plan: &Path,
    accounts: Option<&Path>,
    render_every: usize,
    templates: &Templates,
    tally: &mut Tally,
    label: &str,
) {
    tally.mutants += 1;
    let checked = quietly(|| pipeline::load_and_check(plan, accounts));
    let valid = match checked {
        Err(p) => {
            tally
                .panics
                .push(format!("{label}: check: {}", panic_text(&p)));
            return;
        }
        Ok(Err(_)) => return,
        Ok(Ok(v)) => v.output,
    };
    tally.accepted += 1;
    // Every n-th accepted plan is rendered (1: all), plans and accounts alike.
    if !(tally.accepted - 1).is_multiple_of(render_every.max(1)) {
        return;
    }
    let options = RenderOptions {
        reference_docx: None,
        formats: Formats::ALL,
        templates,
        stem: Some(label),
    };
    match quietly(|| pipeline::render(&valid, &options)) {
        Err(p) => tally
            .panics
            .push(format!("{label}: render: {}", panic_text(&p))),
        Ok(Err(e)) => tally.not_rendered.push(format!("{label}: {e}")),
        Ok(Ok(rendered)) => {
            tally.rendered += 1;
            // The first rendered mutants are kept for the independent validators.
            if let Some(keep) = &tally.keep
                && tally.rendered <= KEPT_MUTANTS
            {
                let stem = format!("mutant-{}", tally.mutants);
                for f in &rendered.files {
                    std::fs::write(keep.join(f.file_name(&stem)), &f.bytes).unwrap();
                }
            }
        }
    }
    pipeline::evict_layout_cache();
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn mutants_never_panic_and_accepted_plans_render() {
    let mutants = env_count("HANDLINGSPLAN_MUTANTS", 3_000);
    let render_all = std::env::var_os("HANDLINGSPLAN_RENDER_ALL").is_some();
    // In CI, every n-th accepted mutant is rendered (PDF layout is the slow part).
    let render_every = env_count("HANDLINGSPLAN_RENDER_EVERY", 20);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut sources: Vec<(String, String)> = ["drangedal-2024.yaml", "hallingdal-2022.yaml"]
        .iter()
        .map(|n| {
            (
                n.to_string(),
                std::fs::read_to_string(root.join(n)).unwrap(),
            )
        })
        .collect();
    // Goals, other targets, results over time and notes, which the example plans barely use.
    sources.push((
        "maal-og-merknader.yaml".into(),
        include_str!("fixtures/maal-og-merknader.yaml").into(),
    ));
    let accounts_text = std::fs::read_to_string(root.join("regnskap-2023.yaml")).unwrap();
    let drangedal = sources[0].1.clone();
    let texts = hostile_texts();
    let templates = Templates::load(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("plan.yaml");
    let accounts_path = dir.path().join("regnskap.yaml");
    let mut rng = Rng(0x4841_4E44_4C49_4E47);
    let mut tally = Tally {
        keep: Some(common::kept_output("property")),
        ..Tally::default()
    };
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.load(Ordering::SeqCst) {
            eprintln!("{info}");
        }
    }));
    for n in 0..mutants {
        // Every fourth mutant is of the accounts file, merged into the Drangedal plan.
        let with_accounts = n % 4 == 3;
        let label = if with_accounts {
            std::fs::write(&plan_path, &drangedal).unwrap();
            std::fs::write(&accounts_path, mutate(&accounts_text, &mut rng, &texts)).unwrap();
            format!("mutant {n} (regnskap)")
        } else {
            let (name, text) = rng.pick(&sources);
            std::fs::write(&plan_path, mutate(text, &mut rng, &texts)).unwrap();
            format!("mutant {n} ({name})")
        };
        try_plan(
            &plan_path,
            with_accounts.then_some(accounts_path.as_path()),
            if render_all { 1 } else { render_every },
            &templates,
            &mut tally,
            &label,
        );
        if !tally.panics.is_empty() || !tally.not_rendered.is_empty() {
            let keep = dir.path().join(format!("failed-{n}.yaml"));
            let _ = std::fs::copy(&plan_path, &keep);
        }
    }
    std::panic::set_hook(previous_hook);
    eprintln!(
        "mutants: {}, accepted: {}, rendered: {}, panics: {}, accepted but not rendered: {}",
        tally.mutants,
        tally.accepted,
        tally.rendered,
        tally.panics.len(),
        tally.not_rendered.len()
    );
    for p in tally.panics.iter().chain(&tally.not_rendered).take(40) {
        eprintln!("  {}", p.chars().take(300).collect::<String>());
    }
    assert!(tally.panics.is_empty(), "{} panics", tally.panics.len());
    assert!(
        tally.not_rendered.is_empty(),
        "{} accepted plans failed to render",
        tally.not_rendered.len()
    );
    assert!(
        tally.accepted > mutants / 10,
        "the mutator should leave many plans valid"
    );
}

#[test]
fn the_binary_exits_0_1_or_2_on_mutants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let text = std::fs::read_to_string(root.join("hallingdal-2022.yaml")).unwrap();
    let texts = hostile_texts();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(7);
    for n in 0..env_count("HANDLINGSPLAN_BINARY_MUTANTS", 40) {
        let path = dir.path().join(format!("plan-{n}.yaml"));
        std::fs::write(&path, mutate(&text, &mut rng, &texts)).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "mutant {n} exited {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Fragments a received Word document may hold where the reader expects ordinary content:
/// nesting without end, spans and levels past every grid, entities, broken markup.
const XML_FRAGMENTS: &[&str] = &[
    "<w:ins><w:ins><w:ins><w:sdt><w:sdtContent>",
    "</w:tc></w:tr></w:tbl>",
    "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"18446744073709551615\"/><w:vMerge/></w:tcPr>",
    "<w:gridSpan w:val=\"1000000000\"/>",
    "<w:gridSpan w:val=\"-1\"/>",
    "<w:ilvl w:val=\"255\"/><w:numId w:val=\"99999\"/>",
    "<w:basedOn w:val=\"Normal\"/>",
    "<w:outlineLvl w:val=\"200\"/>",
    "<w:hyperlink r:id=\"rId999999\"><w:hyperlink>",
    "<w:fldChar w:fldCharType=\"begin\"/><w:instrText>TOC</w:instrText>",
    "<w:fldChar w:fldCharType=\"end\"/><w:fldChar w:fldCharType=\"end\"/>",
    "<w:sym w:char=\"FFFFFFFF\"/><w:sym w:char=\"D800\"/>",
    "&amp;&lt;&#0;&#x1b;",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "\u{1b}[2J\u{0}",
    "<",
    "",
];

/// One mutant of an XML part: a fragment put in, a piece repeated, cut out or the rest cut off.
fn mutate_xml(text: &str, rng: &mut Rng) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let at = |rng: &mut Rng, s: &str| {
            let mut i = rng.below(s.len() + 1);
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let a = at(rng, &out);
        let b = at(rng, &out).max(a);
        let b = b.min(a + 2000);
        let b = (b..=out.len())
            .find(|i| out.is_char_boundary(*i))
            .unwrap_or(out.len());
        out = match rng.below(4) {
            0 => format!(
                "{}{}{}",
                &out[..a],
                rng.pick(XML_FRAGMENTS).repeat(1 + rng.below(300)),
                &out[a..]
            ),
            1 => format!(
                "{}{}{}",
                &out[..b],
                out[a..b].repeat(1 + rng.below(4)),
                &out[b..]
            ),
            2 => format!("{}{}", &out[..a], &out[b..]),
            _ => out[..a].to_string(),
        };
    }
    out
}

/// The parts of a package, by name.
fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (file.name().to_string(), out)
        })
        .collect()
}

fn packed(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Received Word documents, made from the tool's own DOCX with its document, styles,
/// numbering or relationships mutated (the carried plan left out, so the document is read by
/// its structure), or the package's bytes damaged: `import` and the reference document reader
/// never panic on one, and answer in Norwegian when they refuse it.
#[test]
fn mutated_docx_parts_and_reference_documents_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let plan = root.join("hallingdal-2022.yaml");
    let valid = pipeline::load_and_check(&plan, None).unwrap().output;
    let templates = Templates::load(None).unwrap();
    let options = RenderOptions {
        reference_docx: None,
        formats: Formats {
            docx: true,
            pdf: false,
            html: false,
        },
        templates: &templates,
        stem: Some("plan"),
    };
    let docx = pipeline::render(&valid, &options)
        .unwrap()
        .files
        .remove(0)
        .bytes;
    let parts: Vec<(String, Vec<u8>)> = parts_of(&docx)
        .into_iter()
        .filter(|(name, _)| !name.starts_with("customXml"))
        .collect();
    let targets = [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/_rels/document.xml.rels",
    ];
    let mut rng = Rng(29);
    let mut panics = Vec::new();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.load(Ordering::SeqCst) {
            eprintln!("{info}");
        }
    }));
    for n in 0..env_count("HANDLINGSPLAN_DOCX_MUTANTS", 150) {
        let mutant = if n % 5 == 4 {
            // Damaged bytes: a few flipped, or the package cut short.
            let mut bytes = packed(&parts);
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            if rng.below(2) == 0 {
                bytes.truncate(rng.below(bytes.len()));
            }
            bytes
        } else {
            let target = *rng.pick(&targets);
            let mut mutated = parts.clone();
            for (name, bytes) in &mut mutated {
                if name == target {
                    *bytes = mutate_xml(&String::from_utf8_lossy(bytes), &mut rng).into_bytes();
                }
            }
            packed(&mutated)
        };
        let context = Path::new("plan.yaml");
        match quietly(|| handlingsplan::import::import(&mutant, context, None)) {
            Err(p) => panics.push(format!("mutant {n}: import: {}", panic_text(&p))),
            Ok(Err(message)) => assert!(
                !message.contains("stream") && !message.contains("invalid"),
                "mutant {n}: {message}"
            ),
            Ok(Ok(_)) => {}
        }
        let reference = quietly(|| handlingsplan::write::docx::Reference::from_docx(&mutant));
        if let Err(p) = reference {
            panics.push(format!("mutant {n}: reference: {}", panic_text(&p)));
        }
    }
    std::panic::set_hook(previous_hook);
    assert!(panics.is_empty(), "{panics:#?}");
}
