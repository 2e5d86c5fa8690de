//! The PDF's pages as a reader judges them, measured by `../shared/tools/page-fill`: no page
//! wasted by layout, and few words broken at line ends (at most 15 per 1 000 words), for every
//! example plan and for a plan whose strategies have long texts.

use std::path::Path;
use std::process::Command;

mod common;
use common::{data, filled_template, kept_output, root, run};

/// page-fill's verdict on a PDF: (wasted pages, hyphenated line ends per 1 000 words).
fn page_fill(pdf: &Path) -> (u32, f64, String) {
    let tool = root().join("../shared/tools/page-fill");
    let out = Command::new("python3")
        .arg(&tool)
        .arg(pdf)
        .output()
        .expect("python3 runs ../shared/tools/page-fill");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let per_1000 = text
        .lines()
        .find_map(|l| l.strip_prefix("hyphenated line ends: "))
        .and_then(|l| l.split('(').nth(1))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no hyphenation count: {text}"));
    let wasted = text
        .lines()
        .find_map(|l| l.strip_prefix("page-fill: "))
        .and_then(|l| l.split(", ").nth(1))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count: {text}"));
    (wasted, per_1000, text)
}

/// A plan whose eight strategies each carry a paragraph of measures and a project goal.
fn long_strategy_texts() -> String {
    let base = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let long = "Kartlegge behovet for kompetanse i bedriftene i regionen, etablere samarbeid med utdanningsinstitusjonene og næringshagene, og sette i gang opplæringsprogrammer som gir ansatte og ledere ny kunnskap om digitalisering, bærekraftige forretningsmodeller og internasjonalisering";
    assert!(
        base.contains("tiltak: |"),
        "the fixture has measures as blocks"
    );
    // Each `tiltak:` block is replaced by the long text (its indented lines dropped).
    let mut out = Vec::new();
    let mut skip_deeper_than: Option<usize> = None;
    for line in base.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(depth) = skip_deeper_than {
            if indent > depth && !line.trim().is_empty() {
                continue;
            }
            skip_deeper_than = None;
        }
        if line.trim_start() == "tiltak: |" {
            out.push(format!("{}tiltak: {long}", " ".repeat(indent)));
            skip_deeper_than = Some(indent);
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

#[test]
fn no_page_is_wasted_and_few_words_are_broken() {
    let out = kept_output("pages");
    let long = out.join("lange-tekster.yaml");
    std::fs::write(&long, long_strategy_texts()).unwrap();
    let plans = [
        data("drangedal-2024.yaml"),
        data("hallingdal-2022.yaml"),
        filled_template(),
        long.clone(),
    ];
    for plan in &plans {
        let rendered = run(&[
            "render",
            plan.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "pdf",
        ]);
        assert!(
            rendered.status.success(),
            "{}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        let pdf = out.join(format!(
            "{}.pdf",
            plan.file_stem().unwrap().to_str().unwrap()
        ));
        let (wasted, per_1000, report) = page_fill(&pdf);
        assert_eq!(wasted, 0, "{}: {report}", pdf.display());
        assert!(per_1000 <= 15.0, "{}: {report}", pdf.display());
    }
}

/// A page of text per variant: `lines` one-line paragraphs, then a numbered list of twelve
/// items, then a page break; each variant's items named by it («Tiltak 31.4»).
fn filler_then_long_list(
    variants: std::ops::RangeInclusive<usize>,
) -> handlingsplan::doc::Document {
    use handlingsplan::doc::{Block, Document, Inline, List, ListItem, ParaStyle};
    let text = |t: String| vec![Inline::Text(t)];
    let mut body = Vec::new();
    for lines in variants {
        for n in 0..lines {
            body.push(Block::Paragraph {
                style: ParaStyle::Normal,
                text: text(format!("Avsnitt {n} før listen")),
            });
        }
        body.push(Block::List(List {
            ordered: true,
            start: 1,
            items: (1..=12)
                .map(|i| ListItem {
                    text: text(format!("Tiltak {lines}.{i}")),
                    sub: None,
                })
                .collect(),
        }));
        body.push(Block::PageBreak);
    }
    Document {
        title: "Lister".into(),
        lang: "nb-NO".into(),
        author: "Test".into(),
        running_header: "Lister".into(),
        accent: "#1F4E79".into(),
        cover: Vec::new(),
        body,
    }
}

#[test]
fn a_long_lists_first_item_never_ends_a_page_alone_nor_its_last_item_begins_one() {
    // Wherever the list begins on its page (after 20 to 40 lines of text), the first item
    // shares its page with the second, and the last with the one before.
    let doc = filler_then_long_list(20..=40);
    let reference = handlingsplan::write::docx::Reference::builtin();
    let options = handlingsplan::write::WriteOptions {
        date: time::Date::from_calendar_date(2025, time::Month::January, 1).unwrap(),
        docx_reference: &reference,
        toc_pages: None,
        siblings: handlingsplan::write::Siblings::default(),
        docx_ahead: None,
        carried: None,
    };
    let pdf = handlingsplan::write::pdf::write(&doc, &options).unwrap();
    let path = kept_output("long-list").join("lister.pdf");
    std::fs::write(&path, pdf.bytes).unwrap();
    let pages = common::pdf_text(&path, "-layout");
    let page_of = |item: &str| {
        pages
            .iter()
            .position(|p| p.lines().any(|l| l.trim_end().ends_with(item)))
            .unwrap_or_else(|| panic!("{item} is not in the PDF"))
    };
    let mut split = 0;
    for lines in 20..=40 {
        let (first, second) = (
            page_of(&format!("Tiltak {lines}.1")),
            page_of(&format!("Tiltak {lines}.2")),
        );
        assert_eq!(
            first,
            second,
            "after {lines} lines, item 1 alone at the foot of page {}",
            first + 1
        );
        let (before, last) = (
            page_of(&format!("Tiltak {lines}.11")),
            page_of(&format!("Tiltak {lines}.12")),
        );
        assert_eq!(
            before,
            last,
            "after {lines} lines, item 12 alone at the head of page {}",
            last + 1
        );
        split += usize::from(first != last);
    }
    // The lists do break across pages, between other items.
    assert!(split > 5, "{split}");
}
