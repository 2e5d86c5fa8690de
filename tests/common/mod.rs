//! Helpers shared by the integration tests: the example data, the binary, the kept output
//! directories that CI validates, and reading a PDF back as text.
#![allow(dead_code)] // each test binary uses a part of these

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn data(name: &str) -> PathBuf {
    root().join("data").join(name)
}

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// The blank template (`data/mal.yaml`) with every «…» filled in (a figure with 10, the
/// period's job target 60, a text with «Eksempel»), as `mal.yaml` in a folder of its own:
/// `check` refuses the template as it stands, but its layout is worth rendering.
pub fn filled_template() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("filled-template");
    std::fs::create_dir_all(&dir).unwrap();
    // A figure's «…» becomes a number, a text's a word.
    let figures = [
        "arbeidsplassmål:",
        "budsjett:",
        "søkbare_midler:",
        "ressursinnsats:",
        "beløp:",
        "mål: {",
    ];
    let text: String = std::fs::read_to_string(data("mal.yaml"))
        .unwrap()
        .lines()
        .map(|line| {
            let figure = figures.iter().any(|f| line.trim_start().starts_with(f));
            // The period's target: the six years' 10 each.
            let line = if line.starts_with("  arbeidsplassmål:") {
                line.replace("\"…\"", "60")
            } else if figure {
                line.replace("\"…\"", "10")
            } else {
                line.to_string()
            };
            line.replace("\"…\"", "Eksempel").replace('…', "Eksempel") + "\n"
        })
        .collect();
    let path = dir.join("mal.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `render PLAN -o OUT --format FORMATS`.
pub fn render_to(plan: &Path, out: &Path, formats: &str) -> Output {
    render_with(plan, out, formats, &[])
}

/// `render PLAN -o OUT --format FORMATS` and the further arguments (`--regnskap FILE`).
pub fn render_with(plan: &Path, out: &Path, formats: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "render",
        plan.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        formats,
    ];
    args.extend(extra);
    run(&args)
}

/// Documents from the tests are kept here (emptied first), so that CI can run the
/// independent validators (../shared/tools/check-outputs) on them too.
pub fn kept_output(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("documents")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Documents the tool did not write (a DOCX saved again by LibreOffice, a hand-made Word
/// plan) are kept here (emptied first), outside what CI validates as the tool's output.
pub fn foreign_documents(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("foreign-documents")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text of a PDF page by page, no-break spaces as spaces (pdftotext must be installed:
/// poppler-utils). `-layout` keeps table rows on one line; `-raw` keeps each cell together.
pub fn pdf_text(pdf: &Path, mode: &str) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args([mode, pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for these tests");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(|p| p.replace('\u{a0}', " "))
        .collect()
}

/// Text with every run of whitespace (line breaks too) as one space.
pub fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a DOCX's main part: its runs joined by spaces, no-break spaces as spaces,
/// whitespace squeezed.
pub fn docx_words(docx: &Path) -> String {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let runs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect();
    squeezed(&runs.join(" ").replace('\u{a0}', " "))
}

/// One part of a DOCX package as text, e.g. `word/document.xml`.
pub fn docx_part(docx: &Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The headless browser the HTML tests use (Debian's `chromium`; CI installs it).
pub fn chromium() -> &'static str {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(candidate).arg("--version").output().is_ok() {
            return candidate;
        }
    }
    panic!("this test needs Chromium: apt-get install chromium (CI installs it)");
}

/// Every `href` and `src` value of an HTML page, entities decoded (the writer quotes every
/// attribute with `"`).
pub fn addresses(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').expect("attribute closes");
            found.push(
                rest[..end]
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
            rest = &rest[end..];
        }
    }
    found
}

/// The addresses of a page that lead to another file: neither within the page (`#…`), nor
/// data, nor a web or mail address.
pub fn file_addresses(html: &str) -> Vec<String> {
    addresses(html)
        .into_iter()
        .filter(|a| {
            let lower = a.to_ascii_lowercase();
            !["#", "data:", "https://", "http://", "mailto:"]
                .iter()
                .any(|p| lower.starts_with(p))
        })
        .collect()
}
