//! What the documents say, read back as a board member reads them, in every format: only the
//! figures and notes the plan gives (no 0 for a figure not given, no instruction to the author
//! printed as a note, one dash with one meaning), a cover with the programme's picture and logo
//! that says what is true before the council's date is known, and the plan's own numbering.

use std::path::{Path, PathBuf};

mod common;
use common::{data, docx_part, docx_words, kept_output, pdf_text, render_to, root, run, squeezed};

/// The three documents of a plan, as the text a reader sees.
struct Texts {
    /// The PDF, page by page (`-layout`: a table row on one line).
    pdf: Vec<String>,
    /// The DOCX's runs, whitespace squeezed.
    docx: String,
    /// The HTML page's text (tags removed), whitespace squeezed.
    html: String,
    /// The HTML page as written.
    html_source: String,
}

impl Texts {
    fn pdf_all(&self) -> String {
        self.pdf.join("\n")
    }

    /// The three formats' text, each squeezed, with its name.
    fn each(&self) -> [(&'static str, String); 3] {
        [
            ("PDF", squeezed(&self.pdf_all())),
            ("DOCX", self.docx.clone()),
            ("HTML", self.html.clone()),
        ]
    }
}

/// Text of an HTML page: the tags dropped, entities for the few characters the writer escapes
/// turned back, whitespace squeezed.
fn html_text(html: &str) -> String {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    squeezed(
        &out.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace('\u{a0}', " ")
            // Soft hyphens (where a phone may break a long word in a table) are not text.
            .replace('\u{ad}', ""),
    )
}

/// Renders `plan` into `dir` in every format and reads the three documents back.
fn render(plan: &Path, dir: &Path) -> Texts {
    let out = render_to(plan, dir, "pdf,docx,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = plan.file_stem().unwrap().to_str().unwrap();
    let html_source = std::fs::read_to_string(dir.join(format!("{stem}.html"))).unwrap();
    Texts {
        pdf: pdf_text(&dir.join(format!("{stem}.pdf")), "-layout"),
        docx: docx_words(&dir.join(format!("{stem}.docx"))),
        html: html_text(&html_source),
        html_source,
    }
}

/// A copy of an example plan in `dir` with `edit` applied to its text.
fn variant(dir: &Path, example: &str, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(data(example)).unwrap();
    let plan = dir.join(name);
    std::fs::write(&plan, edit(text)).unwrap();
    plan
}

#[test]
fn drangedal_shows_no_figure_and_no_note_the_plan_does_not_give() {
    let dir = kept_output("kun-planens-tall");
    let texts = render(&data("drangedal-2024.yaml"), &dir);
    for (format, text) in texts.each() {
        // Drangedal gives no programme effort: table 3.1 has no column of zeros for it.
        assert!(
            !text.contains("Programmets ressursinnsats"),
            "{format}: a column the plan gives no figure for: {text}"
        );
        // The plan reports no results: no table of «ikke rapportert» in 1.1.
        assert!(
            !text.contains("ikke rapportert"),
            "{format}: 1.1 says results were not reported though the plan reports none"
        );
        // The template's instructions to the author are not printed.
        for instruction in [
            "Alle strategiene fra omstillingsplanen er listet opp i kolonne 1",
            "er spesifisert i (1) prosjektkostnader",
        ] {
            assert!(
                !text.contains(instruction),
                "{format}: prints the template's instruction «{instruction}»"
            );
        }
        // The notes that are the template's own (not instructions) stay.
        assert!(
            text.contains("Administrative kostnader knyttet til programledelse omfatter"),
            "{format}: the administration note is gone"
        );
    }
    // Table 3.1 in the PDF: Delsum has its four figures, the Administrative and Samlet rows
    // only their sum, and no cell is a hyphen-minus.
    let pdf = texts.pdf_all();
    let row = |label: &str| -> String {
        pdf.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}: {pdf}"))
            .to_string()
    };
    assert_eq!(
        row("Delsum")
            .split_whitespace()
            .filter(|w| *w == "0")
            .count(),
        0,
        "{}",
        row("Delsum")
    );
    for label in ["Administrative kostnader", "Samlet kostnad"] {
        let r = row(label);
        assert!(
            !r.split_whitespace().any(|w| w == "-" || w == "–"),
            "{label} has dashes for the split it does not have: {r}"
        );
    }
    // The support areas' job rows: «–» (not «-») with their note.
    let support = row("Attraktivitet for næringsliv¹");
    assert_eq!(support.matches('–').count(), 7, "{support}");
    assert!(
        !pdf.lines().any(|l| l.split_whitespace().any(|w| w == "-")),
        "a hyphen-minus stands for a figure: {pdf}"
    );
}

#[test]
fn hallingdal_shows_its_programme_effort_and_dashes_with_one_meaning() {
    let dir = kept_output("ett-tankestrek");
    let texts = render(&data("hallingdal-2022.yaml"), &dir);
    for (format, text) in texts.each() {
        // Hallingdal gives the programme's effort (programmets_ressursinnsats): the column
        // stands, with its note (its heading may wrap between the words in a narrow column).
        assert!(
            text.contains("Programmets ressursinnsats¹")
                || (text.contains("Programmets") && text.contains("ressursinnsats¹")),
            "{format}: {text}"
        );
        assert!(
            text.contains("¹ Programmets egen innsats i prosjektarbeid"),
            "{format}: {text}"
        );
        // Its søkbare midler are not given: «–», and a note says what «–» means.
        assert!(
            text.contains("– Tallet er ikke oppgitt i planen."),
            "{format}: {text}"
        );
    }
}

#[test]
fn a_plan_writes_or_removes_any_template_note() {
    let dir = kept_output("merknader");
    let plan = variant(&dir, "drangedal-2024.yaml", "merknader.yaml", |text| {
        text.replacen(
            "\ntekster:\n",
            "\ntekster:\n  merknad_strategi: Strategiene er de samme i alle innsatsområder.\n  merknad_administrasjon: \"\"\n",
            1,
        )
    });
    let texts = render(&plan, &dir);
    for (format, text) in texts.each() {
        // The plan's own note under each strategy table, marked ¹ on the column it is about.
        assert!(text.contains("Strategi¹"), "{format}: {text}");
        assert!(
            text.contains("¹ Strategiene er de samme i alle innsatsområder."),
            "{format}: {text}"
        );
        assert!(!text.contains("Søkbare midler²"), "{format}: {text}");
        // The administration note removed, marker and all.
        assert!(
            !text.contains("Administrative kostnader knyttet til programledelse omfatter"),
            "{format}: {text}"
        );
        assert!(
            !text.contains("programledelse¹") && !text.contains("programledelse²"),
            "{format}: a marker without its note: {text}"
        );
    }
    // A strategy's own note is numbered after the table's one note: ², not ³.
    let pdf = texts.pdf_all();
    assert!(pdf.contains("² (IN: 175’)"), "{pdf}");
}

#[test]
fn results_reported_get_their_table_and_years_not_reported_say_so() {
    let dir = kept_output("resultater");
    let plan = variant(&dir, "drangedal-2024.yaml", "resultater.yaml", |text| {
        text.replacen(
            "\nresultater:\n",
            "\nresultater:\n  oppnådde_arbeidsplasser: { 2022: 12 }\n",
            1,
        )
    });
    for (format, text) in render(&plan, &dir).each() {
        assert!(text.contains("2022 20 12"), "{format}: {text}");
        assert!(text.contains("2023 25 ikke rapportert"), "{format}: {text}");
    }
}

/// The Drangedal plan with a cover picture and a logo, no vision and no dates.
fn cover_plan(dir: &Path) -> PathBuf {
    for f in ["forside.svg", "logo.png"] {
        std::fs::copy(root().join("tests/fixtures").join(f), dir.join(f)).unwrap();
    }
    variant(dir, "drangedal-2024.yaml", "forside.yaml", |text| {
        let mut lines: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with("  visjon:"))
            .map(|l| {
                if l.starts_with("  styrebehandlet:") {
                    "  styrebehandlet:".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        let at = lines.iter().position(|l| l == "program:").unwrap();
        lines.insert(
            at + 1,
            "  forsidebilde: { fil: forside.svg, tekst: Åser og vann i morgenlys over Toke }\n  logo: logo.png"
                .into(),
        );
        lines.join("\n") + "\n"
    })
}

#[test]
fn the_cover_has_the_programmes_picture_and_logo_and_says_what_is_true() {
    let dir = kept_output("forside");
    let plan = cover_plan(&dir);
    // check warns that the vision is missing, and names the field.
    let out = run(&["check", plan.to_str().unwrap()]);
    let stderr =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "Visjonen mangler; forsiden på dokumentene handlingsplan lager, står uten visjon"
        ) && stderr.contains("program.visjon"),
        "{stderr}"
    );
    let texts = render(&plan, &dir);
    // The cover is one page, and says the plan is on its way to the board and the council.
    let cover = squeezed(&texts.pdf[0]);
    assert!(
        cover.contains("Til behandling i styret i Driv")
            && cover.contains("Legges fram for kommunestyret"),
        "{cover}"
    );
    assert!(
        !cover.contains("mangler") && !cover.contains("visjon"),
        "{cover}"
    );
    assert!(
        squeezed(&texts.pdf[1]).contains("Innhold"),
        "the cover runs onto page 2"
    );
    for (format, text) in texts.each() {
        assert!(!text.contains("[mangler"), "{format}: a gap marker: {text}");
        assert!(
            text.contains("Legges fram for kommunestyret"),
            "{format}: {text}"
        );
    }
    let alt = "Åser og vann i morgenlys over Toke";
    // HTML: the picture and the logo, with their alt texts, the picture first.
    let html = &texts.html_source;
    let picture = html
        .find(&format!("alt=\"{alt}\""))
        .expect("the cover picture's alt text");
    let logo = html.find("alt=\"Logoen til Driv").expect("the logo");
    assert!(picture < logo, "the logo is at the foot of the cover");
    assert!(
        logo < html.find("Innhold").unwrap(),
        "the logo is on the cover"
    );
    // DOCX: both pictures embedded, the cover's with its description.
    let stem = dir.join("forside.docx");
    let xml = docx_part(&stem, "word/document.xml");
    assert!(xml.contains(&format!("descr=\"{alt}\"")), "DOCX alt text");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&stem).unwrap()).unwrap();
    let media = (0..zip.len())
        .filter(|i| zip.by_index(*i).unwrap().name().starts_with("word/media/"))
        .count();
    assert!(media >= 2, "DOCX has {media} images");
    // PDF: the picture is a tagged figure with its alt text (PDF/UA), on page 1.
    let qdf = dir.join("forside-qdf.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(dir.join("forside.pdf"))
        .arg(&qdf)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let raw = std::fs::read(&qdf).unwrap();
    std::fs::remove_file(&qdf).unwrap();
    let utf16: Vec<u8> = std::iter::once([0xFEu8, 0xFF])
        .flatten()
        .chain(alt.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let hex: String = utf16.iter().map(|b| format!("{b:02x}")).collect();
    let raw_text = String::from_utf8_lossy(&raw).to_lowercase();
    assert!(
        raw_text.contains(&hex) || raw_text.contains(&alt.to_lowercase()),
        "the PDF has the picture's alt text"
    );
}

#[test]
fn a_cover_picture_outside_the_plans_folder_is_refused_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("plan");
    std::fs::create_dir(&inner).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/forside.svg"),
        dir.path().join("forside.svg"),
    )
    .unwrap();
    let plan = variant(&inner, "drangedal-2024.yaml", "plan.yaml", |text| {
        text.replacen(
            "program:\n",
            "program:\n  forsidebilde: { fil: ../forside.svg, tekst: \"\" }\n",
            1,
        )
    });
    let out = run(&["check", plan.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ligger utenfor mappen planen ligger i")
            && stderr.contains("program.forsidebilde.fil"),
        "{stderr}"
    );
    assert!(
        stderr.contains("program.forsidebilde.tekst"),
        "an empty alt text is refused: {stderr}"
    );
}

/// The headings of the HTML page's contents, in order.
fn html_contents(html: &str) -> Vec<String> {
    html.split("<li class=\"toc")
        .skip(1)
        .map(|item| html_text(&item[item.find('>').unwrap() + 1..item.find("</li>").unwrap()]))
        .collect()
}

/// The PDF's bookmarks (outline), in order, from qpdf's JSON.
fn pdf_outline(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fn walk(items: &serde_json::Value, out: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            if let Some(title) = item["title"].as_str() {
                out.push(title.to_string());
            }
            walk(&item["kids"], out);
        }
    }
    let mut titles = Vec::new();
    walk(&json["outlines"], &mut titles);
    titles
}

#[test]
fn hallingdal_is_numbered_as_its_own_plan_in_every_contents() {
    let dir = kept_output("nummerering");
    let texts = render(&data("hallingdal-2022.yaml"), &dir);
    // The source's own numbers: 1, 1.1, 1.2, 2, 2.1–2.4; then the template's sections go on
    // in sequence, with the plan's own headings where it gives them (a first-year plan: no
    // 1.1 of the template; no communication section, as in the source).
    let expected = [
        "1. Innledning",
        "1.1 Hva sier utviklingsplanen?",
        "1.2 Om handlingsplanen",
        "2. Mål",
        "2.1 Hovedmål for utviklingsarbeidet",
        "2.2 Tematiske innsatsområder",
        "2.3 Strategier",
        "2.4 Effektmål",
        "3. Strategier og tiltak for innsatsområdene",
        "3.1 Tematiske innsatsområder – aktivitet, budsjett og delmål/mål",
        "3.2 Kompetanse og rekruttering",
        // The chapter placed before the first support area (`før_innsatsområde:`).
        "3.6 Støtteområder - aktivitet, budsjett og delmål/mål",
        "3.7 Attraktivitet for næringsliv",
        "3.8 Kultur og samfunn",
        "4. Budsjett og finansiering",
        "4.1 Ramme og finansiering 2022",
        "4.2 Budsjett 2022",
        "4.3 Finansiering",
        "4.4 Forutsetninger for budsjettet",
    ];
    let in_order = |what: &str, list: &[String]| {
        let mut at = 0;
        for heading in expected {
            at += list[at..]
                .iter()
                .position(|h| squeezed(h) == heading)
                .unwrap_or_else(|| panic!("{what}: «{heading}» not in order in {list:#?}"))
                + 1;
        }
    };
    in_order(
        "PDF outline",
        &pdf_outline(&dir.join("hallingdal-2022.pdf")),
    );
    in_order("HTML contents", &html_contents(&texts.html_source));
    // The DOCX's table of contents: its entries are paragraphs in the TOC styles.
    let xml = docx_part(&dir.join("hallingdal-2022.docx"), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "p")
        .filter(|p| {
            p.descendants().any(|s| {
                s.tag_name().name() == "pStyle"
                    && s.attributes().any(|a| {
                        a.value().starts_with("TOC") || a.value().starts_with("Innholdsfortegnelse")
                    })
            })
        })
        .map(|p| {
            // The entry's text before the tab that leads to its page number.
            p.descendants()
                .filter(|r| r.tag_name().name() == "r")
                .take_while(|r| !r.children().any(|c| c.tag_name().name() == "tab"))
                .flat_map(|r| r.children().filter(|t| t.tag_name().name() == "t"))
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect();
    in_order("DOCX table of contents", &entries);
    // The body's headings carry the same numbers.
    for (format, text) in texts.each() {
        assert!(text.contains("2.4 Effektmål"), "{format}");
        assert!(text.contains("4.2 Budsjett 2022"), "{format}");
    }
}

#[test]
fn by_default_the_template_numbers_its_sections_and_chapters_go_unnumbered() {
    let dir = tempfile::tempdir().unwrap();
    let plan = variant(dir.path(), "hallingdal-2022.yaml", "malen.yaml", |text| {
        text.replace("  nummerering: sammenhengende\n", "")
    });
    let out = render_to(&plan, dir.path(), "pdf");
    assert!(out.status.success());
    let outline = pdf_outline(&dir.path().join("malen.pdf"));
    for heading in [
        "Innledning",
        "1. Mål",
        "Hovedmål for utviklingsarbeidet",
        "2.1 Kompetanse og rekruttering",
        "3. Budsjett og finansiering",
        "3.1 Budsjett 2022",
    ] {
        assert!(
            outline.iter().any(|h| squeezed(h) == heading),
            "«{heading}» not in {outline:#?}"
        );
    }
}
