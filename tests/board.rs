//! The board review: every example plan in `data/` and the plans written from the Word corpus
//! (`tests/fixtures/corpus/`: a prose plan with its own numbering, a nynorsk plan, a
//! first-year plan with its strategies as table columns in the source, a regional plan with an
//! årshjul), and three Word plans as `import` reads them today (Tinn 2025, Andøy 2022, Indre
//! Namdal 2019: plans no one shaped for the tool), rendered as a board, a council secretary
//! and a web editor read them, and each of the documents' promises asserted on the pages:
//!
//! - only what the plan says: no template guidance, a «[mangler …]» only where `check` warned
//!   of it, the NB note on provisional figures at most once, no list of main activities the
//!   plan did not write, no section 4 without a communication plan, no 1.1 in a first-year plan
//!   without results, no label of one plan on another's heading;
//! - the DOCX as LibreOffice lays it out without Carlito has the PDF's pages: every heading on
//!   the page the contents give, as many pages;
//! - no header cell wrapped inside a word; no table's tail, lead-in, or first or last list
//!   item alone at a page's foot or head, in the PDF or the DOCX; no near-empty last page when
//!   the page before had room for it;
//! - the HTML on a 390 px phone: nothing wider than the screen, and a word broken across lines
//!   only at a hyphen.
//!
//! Needs pdftotext, soffice, python3 and chromium (installed by `.ci/test`).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{chromium, data, foreign_documents, kept_output, pdf_text, render_to, root};

/// The plans under review, by file stem, and where each is.
fn plans() -> Vec<(String, PathBuf)> {
    let corpus = root().join("tests/fixtures/corpus");
    let mut plans: Vec<(String, PathBuf)> = ["drangedal-2024", "hallingdal-2022"]
        .iter()
        .map(|s| (s.to_string(), data(&format!("{s}.yaml"))))
        .collect();
    let mut written: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    written.sort();
    assert!(written.len() >= 4, "the plans written from the corpus");
    for p in written {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        plans.push((stem, p));
    }
    plans.extend(imported());
    plans
}

/// The Word plans `import` reads into plans that pass `check`, as the programme would get
/// them (named `importert-…`): plans the project has not shaped by hand.
const IMPORTED: [&str; 6] = [
    "tinn-2025",
    "andoy-2022",
    "indre-namdal-2019",
    "vinje-2026",
    "hemnes-2016",
    "hoyanger-2018",
];

/// Each of [`IMPORTED`] imported afresh, by stem, and where its plan is.
fn imported() -> Vec<(String, PathBuf)> {
    let dir = kept_output("board-imported");
    IMPORTED
        .iter()
        .map(|name| {
            let stem = format!("importert-{name}");
            let plan = dir.join(format!("{stem}.yaml"));
            let word = root().join(format!("../shared/corpus/word/{name}.docx"));
            let out = common::run(&[
                "import",
                word.to_str().unwrap(),
                "-o",
                plan.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "import {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (stem, plan)
        })
        .collect()
}

/// Words a plan never writes: the blank template's guidance, the template's own note for a
/// first-year 1.1, and the main-activities list the tool once added.
const NOT_THE_PLANS_WORDS: [&str; 7] = [
    "Hva innsatsområdet omfatter",
    "Kort oppsummering av oppnådde resultater",
    "Konkrete kommunikasjonstiltak",
    "Beskrivelse av tiltak for omstillingsåret",
    "Ved utarbeidelse av første års handlingsplan",
    "Hovedaktiviteter i",
    "Hovudaktivitetar i",
];

/// One of the shared tools (`../shared/tools/NAME ARGS`): its exit status and output.
fn tool(name: &str, args: &[&Path]) -> (bool, String) {
    let out = Command::new("python3")
        .arg(root().join("../shared/tools").join(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 runs ../shared/tools/{name}: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// LibreOffice's PDF of each DOCX, in `dir`, without Carlito or Calibri on the machine (only
/// the fonts the DOCX embeds).
fn libreoffice_to_pdf(dir: &Path, docx: &[PathBuf]) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let fonts_conf = tmp.join("board-fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\
             <selectfont><rejectfont>\
             <pattern><patelt name=\"family\"><string>Carlito</string></patelt></pattern>\
             <pattern><patelt name=\"family\"><string>Calibri</string></patelt></pattern>\
             </rejectfont></selectfont>\
             <cachedir>{}</cachedir></fontconfig>\n",
            tmp.join("fontconfig-cache").display()
        ),
    )
    .unwrap();
    let profile = tmp.join("board-libreoffice-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docx)
        .env("FONTCONFIG_FILE", &fonts_conf)
        .output()
        .expect("soffice (libreoffice-writer) is needed for this test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A line of text on a page, where it stands (points from the page's top left).
#[derive(Debug, Clone)]
struct Line {
    left: f64,
    top: f64,
    bottom: f64,
    text: String,
}

/// The A4 page's text area, in both PDFs: 22 mm at the sides and foot, 25 mm at the top.
const BODY_LEFT: f64 = 62.36;
const BODY_TOP: f64 = 70.87;
const BODY_BOTTOM: f64 = 779.53;

/// Each page's body lines as laid out (pdftotext's boxes): without the running header above
/// the text area and the page number below it.
fn page_lines(pdf: &Path) -> Vec<Vec<Line>> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    let xml = String::from_utf8_lossy(&out.stdout);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).unwrap();
    let number = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            page.descendants()
                .filter(|n| n.has_tag_name("line"))
                .map(|l| Line {
                    left: number(l, "xMin"),
                    top: number(l, "yMin"),
                    bottom: number(l, "yMax"),
                    text: l
                        .children()
                        .filter_map(|w| w.text())
                        .filter(|w| !w.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                })
                .filter(|l| l.top >= BODY_TOP - 8.0 && l.bottom <= BODY_BOTTOM + 8.0)
                .collect()
        })
        .collect()
}

/// A list item's first line: «1. …», «a) …» or a bullet.
fn starts_item(line: &str) -> bool {
    let first = line.split(' ').next().unwrap_or("");
    first == "•"
        || first == "–"
        || (first.ends_with('.')
            && first.len() <= 3
            && first[..first.len() - 1].chars().all(|c| c.is_ascii_digit()))
}

/// What a line is in a list: an item's first line, a line of an item's text under it
/// (indented past the margin), or no part of a list. A heading («3. Mål», in larger type) is
/// not an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InList {
    Item,
    Continued,
    Outside,
}

fn in_list(line: &Line, body_size: f64) -> InList {
    let heading = line.bottom - line.top > body_size * 1.15;
    // A table's note in smaller type («– Tallet er ikke oppgitt i planen.») is no list.
    let note = line.bottom - line.top < body_size * 0.95;
    if heading || note {
        InList::Outside
    } else if starts_item(&line.text) {
        InList::Item
    } else if line.left > BODY_LEFT + 8.0 {
        InList::Continued
    } else {
        InList::Outside
    }
}

/// What is stranded on the pages of `pdf` (after the cover and contents), by rule:
/// - a lead-in («…:») as the last line of a page, its list or table on the next;
/// - a list's first item alone at a page's foot, the rest of its list on the next page;
/// - a list's last item alone at a page's head, the rest of its list on the page before;
/// - a near-empty last page (under a quarter of the text area) whose lines would have fitted
///   in the room left at the foot of the page before.
fn stranded_lines(pdf: &Path) -> Vec<String> {
    stranded(&page_lines(pdf))
}

/// [`stranded_lines`] on pages already read.
fn stranded(pages: &[Vec<Line>]) -> Vec<String> {
    let count = pages
        .iter()
        .rposition(|p| !p.is_empty())
        .map_or(0, |i| i + 1);
    let mut heights: Vec<f64> = pages.iter().flatten().map(|l| l.bottom - l.top).collect();
    heights.sort_by(f64::total_cmp);
    let body_size = heights.get(heights.len() / 2).copied().unwrap_or(11.0);
    let kinds: Vec<Vec<InList>> = pages
        .iter()
        .map(|p| p.iter().map(|l| in_list(l, body_size)).collect())
        .collect();
    let mut out = Vec::new();
    for i in 2..count.saturating_sub(1) {
        let (lines, next) = (&pages[i], &kinds[i + 1]);
        let Some(last) = lines.last() else { continue };
        let page = i + 1;
        if last.text.ends_with(':') {
            out.push(format!(
                "page {page}: ends with the lead-in «{}»",
                last.text
            ));
        }
        let continues = next.first().is_some_and(|k| *k != InList::Outside);
        // The list lines at the page's foot: one item, with no list line above it.
        let foot = kinds[i]
            .iter()
            .rev()
            .take_while(|k| **k != InList::Outside)
            .count();
        let foot_kinds = &kinds[i][kinds[i].len() - foot..];
        let items = foot_kinds.iter().filter(|k| **k == InList::Item).count();
        if continues && items == 1 && foot_kinds[0] == InList::Item && foot < kinds[i].len() {
            let first = &lines[lines.len() - foot].text;
            out.push(format!(
                "page {page}: a list's first item alone at the foot «{first}»"
            ));
        }
        // The list lines at the next page's head: one item, and the list went on above.
        let ends_in_list = kinds[i].last().is_some_and(|k| *k != InList::Outside);
        let head = next.iter().take_while(|k| **k != InList::Outside).count();
        let items = next[..head].iter().filter(|k| **k == InList::Item).count();
        if ends_in_list && items == 1 && next[0] == InList::Item && head < next.len() {
            let only = &pages[i + 1][0].text;
            out.push(format!(
                "page {}: a list's last item alone at the head «{only}»",
                page + 1
            ));
        }
    }
    out.extend(near_empty_last_page(&pages[..count]));
    out
}

/// A last page using under a quarter of the text area, when its lines would have fitted in
/// the room at the foot of the page before (not counting a cover and contents).
fn near_empty_last_page(pages: &[Vec<Line>]) -> Option<String> {
    let [.., before, last] = pages else {
        return None;
    };
    if pages.len() <= 2 || before.is_empty() || last.is_empty() {
        return None;
    }
    let used = last.iter().map(|l| l.bottom).fold(0.0, f64::max)
        - last.iter().map(|l| l.top).fold(f64::MAX, f64::min);
    let room = BODY_BOTTOM - before.iter().map(|l| l.bottom).fold(0.0, f64::max);
    (used < (BODY_BOTTOM - BODY_TOP) / 4.0 && used <= room).then(|| {
        format!(
            "last page {}: {} lines ({used:.0} pt) that would fit in the {room:.0} pt left on the page before",
            pages.len(),
            last.len()
        )
    })
}

/// The words of the table headers in a DOCX.
fn header_words(docx: &Path) -> Vec<String> {
    let xml = common::docx_part(docx, "word/document.xml");
    let mut words = Vec::new();
    for row in xml.split("<w:tr>").skip(1) {
        let row = row.split("</w:tr>").next().unwrap_or("");
        if !row.contains("<w:tblHeader/>") {
            continue;
        }
        for t in row.split("<w:t xml:space=\"preserve\">").skip(1) {
            let text = t.split("</w:t>").next().unwrap_or("");
            words.extend(
                text.split_whitespace()
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_string),
            );
        }
    }
    words.sort();
    words.dedup();
    words
}

/// Header words that LibreOffice's PDF shows broken over two lines inside the word.
fn wrapped_header_words(docx: &Path, office_pdf: &Path) -> Vec<String> {
    let text = pdf_text(office_pdf, "-raw").join("\n");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut out = Vec::new();
    for word in header_words(docx) {
        let chars: Vec<char> = word.chars().collect();
        for k in 1..chars.len() {
            let (a, b): (String, String) =
                (chars[..k].iter().collect(), chars[k..].iter().collect());
            let broken = lines.windows(2).any(|w| {
                (w[0] == a || w[0].ends_with(&format!(" {a}")))
                    && (w[1] == b || w[1].starts_with(&format!("{b} ")))
            });
            if broken {
                out.push(format!("«{word}» as «{a}|{b}»"));
            }
        }
    }
    out
}

/// Reports what on a 390 px page is wider than the screen, and each word broken across two
/// lines without a hyphen (a word with a soft hyphen breaks there, showing the hyphen).
const PROBE: &str = r#"<!DOCTYPE html><html><body>
<iframe id="phone" src="PAGE" style="width:390px;height:900px;border:0"></iframe>
<script>
document.getElementById('phone').addEventListener('load', async (event) => {
  const d = event.target.contentDocument;
  const w = event.target.contentWindow;
  await d.fonts.ready;
  const width = d.documentElement.clientWidth;
  const report = { width, page: d.documentElement.scrollWidth, wide: [], broken: [] };
  for (const e of d.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !e.closest('thead')) {
      report.wide.push(e.tagName + '.' + e.className + ' ' + Math.round(r.left) + '–' + Math.round(r.right));
    }
    if (e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(w.getComputedStyle(e).overflowX)) {
      report.wide.push('scrolls: ' + e.tagName + '.' + e.className);
    }
  }
  const walker = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /[^\s\u00a0\u2013\u2014\-\/]+/g;
    for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
      if (m[0].length < 2 || m[0].includes('\u00ad')) continue;
      const range = d.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) report.broken.push(m[0]);
    }
  }
  report.wide = report.wide.slice(0, 20);
  document.body.setAttribute('data-probe', JSON.stringify(report));
});
</script></body></html>"#;

fn phone_report(html: &Path) -> serde_json::Value {
    let probed = html.with_extension("probe.html");
    let page = html.file_name().unwrap().to_str().unwrap();
    std::fs::write(&probed, PROBE.replace("PAGE", page)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
            "--allow-file-access-from-files",
            &format!("--user-data-dir={}", profile.path().display()),
            "--window-size=800,1000",
            "--dump-dom",
            &format!("file://{}", probed.display()),
        ])
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_file(&probed);
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("data-probe=\"")
        .unwrap_or_else(|| panic!("no probe result: {}", String::from_utf8_lossy(&out.stderr)))
        + "data-probe=\"".len();
    let end = dom[start..].find('"').unwrap() + start;
    serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).unwrap()
}

/// What the plan is like, as the rules depend on it.
struct Shape {
    /// It reports results (1.1).
    results: bool,
    first_year: bool,
    communication: bool,
    /// How many gaps `check` says the documents mark («… viser en tydelig markert tom
    /// plass der»): a plan `import` read from Word may lack what the template asks for.
    gaps_warned: usize,
}

fn shape(plan: &Path) -> Shape {
    let checked = handlingsplan::load_and_check(plan, None).unwrap();
    let gaps_warned = checked
        .warnings
        .iter()
        .filter(|w| w.message.contains("viser en tydelig markert tom plass der"))
        .count();
    let p = checked.output.plan();
    let communication = p.kommunikasjonsplan.is_some()
        || p.tekster
            .get(&handlingsplan::plan::TemplateText::Kommunikasjon)
            .is_some_and(|t| !t.trim().is_empty());
    Shape {
        results: p.resultater.is_some(),
        first_year: p.program.år.value == p.program.periode.fra.value,
        communication,
        gaps_warned,
    }
}

#[test]
fn every_plan_reads_as_the_board_approves_it() {
    let started = std::time::Instant::now();
    let dir = kept_output("board");
    let converted = foreign_documents("board-libreoffice");
    let plans = plans();
    let mut problems: Vec<String> = Vec::new();
    let mut docx = Vec::new();
    for (stem, plan) in &plans {
        let out = render_to(plan, &dir, "docx,pdf,html");
        assert!(
            out.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        docx.push(dir.join(format!("{stem}.docx")));
    }
    libreoffice_to_pdf(&converted, &docx);
    for (stem, plan) in &plans {
        let pdf = dir.join(format!("{stem}.pdf"));
        let office = converted.join(format!("{stem}.pdf"));
        let mut say = |what: String| problems.push(format!("{stem}: {what}"));
        // Only what the plan says.
        let text = common::squeezed(&pdf_text(&pdf, "-raw").join("\n"));
        for words in NOT_THE_PLANS_WORDS {
            if text.contains(words) {
                say(format!("prints «{words}»"));
            }
        }
        let notes = text.matches("NB! Oppgitte tall i forslaget").count()
            + text.matches("NB! Tala i framlegget").count();
        if notes > 1 {
            say(format!("the NB note {notes} times"));
        }
        let Shape {
            results,
            first_year,
            communication,
            gaps_warned,
        } = shape(plan);
        // A gap is marked only where check has said so.
        let gaps = text.matches("[mangler").count() + text.matches("[manglar").count();
        if gaps > gaps_warned {
            say(format!(
                "{gaps} marked gaps, of which check warned of {gaps_warned}"
            ));
        }
        let has_results_heading = text.contains("Resultater fra tidligere omstillingsår")
            || text.contains("Resultat frå tidlegare omstillingsår");
        if first_year && !results && has_results_heading {
            say("a first-year plan without results has 1.1".into());
        }
        if !communication && text.contains("For hvert omstillingsår utarbeides") {
            say("the template's communication section, which the plan does not have".into());
        }
        if text.contains("Kommentar til budsjettforslaget: 3.") {
            say("a label on the plan's own numbered heading".into());
        }
        // The DOCX laid out as the PDF.
        let (_, verdict) = tool("toc-pages", &[&pdf, &office]);
        let summary = verdict
            .lines()
            .find_map(|l| l.strip_prefix("toc-pages: "))
            .unwrap_or_else(|| panic!("{stem}: {verdict}"))
            .to_string();
        let numbers: Vec<usize> = summary
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        match numbers[..] {
            [right, headings, pages, pdf_pages] if right == headings && pages == pdf_pages => {}
            _ => say(format!("DOCX in LibreOffice: {verdict}")),
        }
        for wrapped in wrapped_header_words(&dir.join(format!("{stem}.docx")), &office) {
            say(format!("DOCX header cell wrapped inside a word: {wrapped}"));
        }
        // Nothing stranded.
        for (name, file) in [("PDF", &pdf), ("DOCX", &office)] {
            for s in stranded_lines(file) {
                say(format!("{name} {s}"));
            }
        }
        let (none, tails) = tool("stranded", &[&pdf, &office]);
        if !none {
            say(format!("a table's tail alone: {tails}"));
        }
        // The phone.
        for page in std::iter::once(format!("{stem}.html"))
            .chain(Some(format!("{stem}-kommunikasjonsplan.html")))
        {
            let html = dir.join(&page);
            if !html.exists() {
                continue;
            }
            let report = phone_report(&html);
            if report["width"] != 390 {
                say(format!("{page}: not laid out at 390 px: {report}"));
            }
            if report["wide"] != serde_json::json!([]) || report["page"].as_u64() > Some(390) {
                say(format!("{page}: wider than a 390 px screen: {report}"));
            }
            if report["broken"] != serde_json::json!([]) {
                say(format!(
                    "{page}: words broken without a hyphen: {}",
                    report["broken"]
                ));
            }
        }
    }
    eprintln!(
        "board review: {} plans in {:.0} s",
        plans.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A page of body lines: (indent from the margin, text), 11 pt lines from the text area's top.
fn page(lines: &[(f64, &str)]) -> Vec<Line> {
    lines
        .iter()
        .enumerate()
        .map(|(n, (indent, text))| Line {
            left: BODY_LEFT + indent,
            top: BODY_TOP + n as f64 * 13.7,
            bottom: BODY_TOP + n as f64 * 13.7 + 11.0,
            text: text.to_string(),
        })
        .collect()
}

#[test]
fn the_stranding_rules_catch_what_they_name_and_pass_what_they_do_not() {
    let cover = page(&[(0.0, "Handlingsplan 2025")]);
    let contents = page(&[(0.0, "Innhold")]);
    let text: Vec<(f64, &str)> = vec![(0.0, "Tekst"); 50];
    let with = |end: &[(f64, &'static str)]| {
        let mut lines = text.clone();
        lines.extend_from_slice(end);
        page(&lines)
    };
    // The first item alone at a page's foot (its text on two lines), the list going on.
    let pages = [
        cover.clone(),
        contents.clone(),
        with(&[(0.0, "Tiltakene:"), (0.0, "1. Første"), (14.0, "punkt")]),
        page(&[(0.0, "2. Andre"), (0.0, "3. Tredje"), (0.0, "Mer tekst")]),
        with(&[]),
    ];
    let found = stranded(&pages);
    assert!(
        found
            .iter()
            .any(|s| s.contains("first item alone at the foot «1. Første»")),
        "{found:?}"
    );
    // The last item alone at the next page's head.
    let pages = [
        cover.clone(),
        contents.clone(),
        with(&[(0.0, "• Én"), (0.0, "• To")]),
        page(&[(0.0, "• Tre"), (14.0, "over to linjer"), (0.0, "Mer tekst")]),
        with(&[]),
    ];
    let found = stranded(&pages);
    assert!(
        found
            .iter()
            .any(|s| s.contains("last item alone at the head «• Tre»")),
        "{found:?}"
    );
    // Two items on each side of the break, and a heading («3. Mål», larger) after a list,
    // are not stranded.
    let mut heading = page(&[(0.0, "3. Mål"), (0.0, "Tekst")]);
    heading[0].bottom += 6.0;
    let pages = [
        cover.clone(),
        contents.clone(),
        with(&[(0.0, "• Én"), (0.0, "• To")]),
        page(&[(0.0, "• Tre"), (0.0, "• Fire"), (0.0, "Tekst")]),
        with(&[(0.0, "• Fem"), (0.0, "• Seks")]),
        heading,
        with(&[]),
    ];
    assert_eq!(stranded(&pages), Vec::<String>::new());
    // A table's note in smaller type that begins with a dash, at a page's foot, is no list.
    let mut note = with(&[(0.0, "– Tallet er ikke oppgitt i planen.")]);
    if let Some(last) = note.last_mut() {
        last.bottom -= 2.5;
    }
    let pages = [cover.clone(), contents.clone(), note, with(&[])];
    assert_eq!(stranded(&pages), Vec::<String>::new());
    // A near-empty last page whose lines would have fitted on the page before.
    let pages = [
        cover,
        contents,
        page(&vec![(0.0, "Tekst"); 20]),
        page(&[(0.0, "Siste linje")]),
    ];
    let found = stranded(&pages);
    assert!(
        found.iter().any(|s| s.starts_with("last page 4: 1 lines")),
        "{found:?}"
    );
}
