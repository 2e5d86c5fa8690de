//! Integration tests of `handlingsplan render`: the documents a user gets, read back with
//! pdftotext and by unzipping the DOCX; golden files pin the IR and the DOCX XML.
//! Set UPDATE_GOLDEN=1 to rewrite the goldens after an intended change, and review the diff.

use std::io::Read;
use std::path::{Path, PathBuf};

mod common;
use common::{
    data, docx_part, docx_words, filled_template, kept_output, pdf_text, render_to, root, run,
};

/// The text of a PDF, page by page (pdftotext must be installed: poppler-utils).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    pdf_text(pdf, "-layout")
}

/// XML with one element per line, indented, for reviewable goldens.
fn pretty_xml(xml: &str) -> String {
    fn walk(n: roxmltree::Node, depth: usize, out: &mut String) {
        for c in n.children() {
            if c.is_element() {
                let name = match c.tag_name().namespace() {
                    Some(ns) => format!(
                        "{}:{}",
                        c.lookup_prefix(ns).unwrap_or(""),
                        c.tag_name().name()
                    ),
                    None => c.tag_name().name().to_string(),
                };
                let attrs: Vec<String> = c
                    .attributes()
                    .map(|a| {
                        let prefix = a
                            .namespace()
                            .and_then(|ns| c.lookup_prefix(ns))
                            .map(|p| format!("{p}:"))
                            .unwrap_or_default();
                        format!(" {prefix}{}=\"{}\"", a.name(), a.value())
                    })
                    .collect();
                let text: String = c
                    .children()
                    .filter(|t| t.is_text())
                    .map(|t| t.text().unwrap_or(""))
                    .collect();
                out.push_str(&format!("{}<{name}{}>", "  ".repeat(depth), attrs.join("")));
                if !text.is_empty() {
                    out.push_str(&text.replace('\u{a0}', "␣"));
                }
                out.push('\n');
                walk(c, depth + 1, out);
            }
        }
    }
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = String::new();
    walk(doc.root(), 0, &mut out);
    out
}

/// The path of a temporary or kept output directory.
fn dir_path<P: AsRef<Path>>(dir: &P) -> &Path {
    dir.as_ref()
}

fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden {name}: run with UPDATE_GOLDEN=1"));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name} differs from the golden at line {}:\n  golden: {:?}\n  now:    {:?}\nrun with UPDATE_GOLDEN=1 if intended",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// The IR of a plan's documents, as the renderer builds them.
fn documents(plan_file: &str) -> handlingsplan::render::Documents {
    let valid = handlingsplan::load_and_check(&data(plan_file), None)
        .unwrap()
        .output;
    let templates = handlingsplan::render::Templates::load(None).unwrap();
    handlingsplan::pipeline::documents(&valid, &templates).unwrap()
}

fn ir_dump(plan_file: &str) -> String {
    handlingsplan::doc::dump::dump(&documents(plan_file).plan)
}

#[test]
fn golden_ir_of_the_example_plans() {
    golden("drangedal-2024.ir.txt", &ir_dump("drangedal-2024.yaml"));
    golden("hallingdal-2022.ir.txt", &ir_dump("hallingdal-2022.yaml"));
}

#[test]
fn golden_ir_of_the_communication_plan() {
    let doc = documents("drangedal-2024.yaml")
        .communication
        .expect("Drangedal has a communication plan");
    golden(
        "drangedal-2024-kommunikasjonsplan.ir.txt",
        &handlingsplan::doc::dump::dump(&doc),
    );
}

#[test]
fn golden_docx_xml_of_the_example_plans() {
    let dir = tempfile::tempdir().unwrap();
    for stem in ["drangedal-2024", "hallingdal-2022"] {
        let out = render_to(&data(&format!("{stem}.yaml")), dir_path(&dir), "docx");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let docx = dir_path(&dir).join(format!("{stem}.docx"));
        golden(
            &format!("{stem}.document.xml.txt"),
            &pretty_xml(&docx_part(&docx, "word/document.xml")),
        );
        golden(
            &format!("{stem}.styles.xml.txt"),
            &pretty_xml(&docx_part(&docx, "word/styles.xml")),
        );
    }
}

#[test]
fn hallingdal_pdf_shows_the_template_sections_in_order_and_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = render_to(
        &data("hallingdal-2022.yaml"),
        dir_path(&dir),
        "pdf,docx,html",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ext in ["pdf", "docx", "html"] {
        assert!(
            dir_path(&dir)
                .join(format!("hallingdal-2022.{ext}"))
                .is_file(),
            "{ext} written"
        );
    }
    let text = pdf_pages(&dir_path(&dir).join("hallingdal-2022.pdf")).join("\n");
    let mut at = 0;
    // Skip the table of contents: find the headings after it, in the template's order.
    let body = &text[text.find("Side 2 av").unwrap_or(0)..];
    for heading in [
        // Hallingdal numbers its chapters and the template's sections in sequence, with its
        // own headings on some (see `nummerering:` and `overskrifter:` in the plan).
        "2. Mål",
        "3. Strategier og tiltak for innsatsområdene",
        "3.2 Kompetanse og rekruttering",
        "4. Budsjett og finansiering",
        "4.2 Budsjett 2022",
        "4.3 Finansiering",
    ] {
        let found = body[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("heading {heading:?} not found after position {at}"));
        at += found + heading.len();
    }
    for figure in [
        "4 600 000",
        "3 600 000",
        "200",
        "Sum arbeidsplasser pr år",
        "Handlingsplan 2022",
        "Omstilling i Hallingdal",
    ] {
        assert!(text.contains(figure), "PDF lacks {figure}");
    }
    assert!(text.lines().any(|l| l.contains("Sum arbeidsplasser pr år")
        && l.contains("40")
        && l.contains("60")
        && l.contains("100")
        && l.contains("200")));
    assert!(text.contains("Side 3 av"), "page numbers «Side X av Y»");
    // Hallingdal gives no søkbare midler: not given, not 0.
    assert!(
        text.lines()
            .any(|l| l.contains("Søkbare midler") && l.trim_end().ends_with('–')),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.contains("Søkbare midler") && l.trim_end().ends_with(" 0"))
    );
    // The cover has no footer.
    assert!(!pdf_pages(&dir_path(&dir).join("hallingdal-2022.pdf"))[0].contains("Side 1 av"));
}

#[test]
fn strategies_are_headed_by_their_identifier_as_the_programme_writes_it_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    // Hallingdal writes «A. Rekruttering»; a plan numbered as «1.1», «1.2» … shows «1.1: …».
    let mut numbered = source.clone();
    for (i, letter) in ('A'..='M').enumerate() {
        numbered = numbered.replace(
            &format!("bokstav: {letter}.\n"),
            &format!("bokstav: \"{}.{}\"\n", i / 2 + 1, i % 2 + 1),
        );
    }
    assert!(!numbered.contains("bokstav: A."));
    let numbered_plan = dir_path(&dir).join("nummerert.yaml");
    std::fs::write(&numbered_plan, numbered).unwrap();
    for (plan, stem, heads) in [
        (
            data("hallingdal-2022.yaml"),
            "hallingdal-2022",
            ["A. Rekruttering", "H. Logistikk"],
        ),
        (
            numbered_plan.clone(),
            "nummerert",
            ["1.1: Rekruttering", "4.2: Logistikk"],
        ),
    ] {
        let out = render_to(&plan, dir_path(&dir), "pdf,docx,html");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pdf = pdf_text(&dir_path(&dir).join(format!("{stem}.pdf")), "-raw")
            .join("\n")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // The page's soft hyphens (where a phone may break a long word) are not text.
        let html = std::fs::read_to_string(dir_path(&dir).join(format!("{stem}.html")))
            .unwrap()
            .replace('\u{ad}', "");
        let docx = docx_words(&dir_path(&dir).join(format!("{stem}.docx")));
        for head in heads {
            assert!(pdf.contains(head), "PDF of {stem} lacks «{head}»");
            assert!(html.contains(head), "HTML of {stem} lacks «{head}»");
            assert!(docx.contains(head), "DOCX of {stem} lacks «{head}»");
        }
        assert!(!html.contains("A.: ") && !html.contains("1.1.: "), "{stem}");
    }
    // Letters and numbers in one plan are refused, naming the line, the field and what to write.
    let mixed = std::fs::read_to_string(data("hallingdal-2022.yaml"))
        .unwrap()
        .replace("bokstav: B.\n", "bokstav: 2\n");
    let mixed_plan = dir_path(&dir).join("blandet.yaml");
    std::fs::write(&mixed_plan, mixed).unwrap();
    let out = run(&["check", mixed_plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Strategi «2» har et nummer, men planen bruker bokstaver (som «A.»)"),
        "{err}"
    );
    assert!(err.contains("blandet.yaml:"), "{err}");
    assert!(
        err.contains("innsatsområder[0].strategier[1].bokstav"),
        "{err}"
    );
    assert!(err.contains("bruk én måte gjennom hele planen"), "{err}");
}

/// A plan in the shapes real plans take beyond the template: letters that begin again in each
/// area, a strategy listed without a letter, «herav søkbare midler» per strategy, and a cost
/// line that is neither an area nor the administration, and text of its own after table 3.1
/// under no heading of its own.
const PLAN_IN_ITS_OWN_SHAPE: &str = r#"
program: { navn: Testdal Vekst, område: Testdal, år: 2024, periode: { fra: 2024, til: 2025 }, arbeidsplassmål: 10, styrebehandlet: 2023-12-01, kommunestyregodkjent: 2023-12-14 }
arbeidsplasser:
  rader:
    - { navn: Industri, mål: { 2024: 4, 2025: 6 } }
innsatsområder:
  - navn: Industri
    beskrivelse: Industrien i Testdal.
    effektmål: Flere arbeidsplasser.
    resultatmål: Fire nye arbeidsplasser.
    arbeidsplassmål: 4
    strategier:
      - { bokstav: A, navn: Leverandørutvikling, budsjett: 400000, søkbare_midler: 300000 }
      - { bokstav: B, navn: Kompetansebygging, budsjett: 200000 }
  - navn: Reiseliv
    uten_arbeidsplassmål: true
    beskrivelse: Reiselivet.
    effektmål: Flere gjester.
    resultatmål: Ingen arbeidsplassmål.
    strategier:
      - { bokstav: A, navn: Helårsturisme, budsjett: 250000 }
      - { bokstav: B, navn: Vertskapsrolle, budsjett: 150000 }
  - navn: Samfunn
    uten_arbeidsplassmål: true
    beskrivelse: Kommunen.
    effektmål: En næringsvennlig kommune.
    resultatmål: Ingen arbeidsplassmål.
    strategier:
      - { navn: Næringsvennlig kommune, budsjett: 100000 }
andre_kostnader:
  - { navn: Kommunikasjon og forankring, beløp: 150000, forklaring: Nettside og nyhetsbrev. }
administrasjon: { beløp: 500000 }
finansiering:
  - { kilde: KDD, andel: 50 }
  - { kilde: Testdal kommune, andel: 50 }
kapitler:
  - { plassering: etter_3.1, tekst: Rammene er vedtatt av styret i desember. }
"#;

#[test]
fn a_plan_in_its_own_shape_shows_its_strategies_funds_and_cost_lines_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir_path(&dir).join("egen.yaml");
    std::fs::write(&plan, PLAN_IN_ITS_OWN_SHAPE).unwrap();
    let out = render_to(&plan, dir_path(&dir), "pdf,docx,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = pdf_text(&dir_path(&dir).join("egen.pdf"), "-raw").join("\n");
    let pdf = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    let html = std::fs::read_to_string(dir_path(&dir).join("egen.html"))
        .unwrap()
        .replace('\u{ad}', "")
        .replace('\u{a0}', " ");
    let docx = docx_words(&dir_path(&dir).join("egen.docx"));
    for (format, text) in [("PDF", &pdf), ("HTML", &html), ("DOCX", &docx)] {
        // Letters that begin again: each area's table heads its own «A».
        for head in [
            "A: Leverandørutvikling",
            "A: Helårsturisme",
            "B: Vertskapsrolle",
        ] {
            assert!(text.contains(head), "{format} lacks «{head}»");
        }
        // A strategy without a letter is headed by its name alone.
        assert!(text.contains("Næringsvennlig kommune"), "{format}");
        assert!(!text.contains(": Næringsvennlig kommune"), "{format}");
        // «Herav søkbare midler»: the column, and the area's sum of them (300 000 of the
        // strategies' 600 000; project costs 300 000).
        assert!(text.contains("Herav søkbare midler"), "{format}");
        // The cost line between Delsum and the administration, in the total 1 750 000.
        for figure in ["Kommunikasjon og forankring", "150 000", "1 750 000"] {
            assert!(text.contains(figure), "{format} lacks «{figure}»");
        }
        assert!(text.contains("Nettside og nyhetsbrev."), "{format}");
        assert!(
            text.contains("Rammene er vedtatt av styret i desember."),
            "{format}"
        );
    }
    // The text without a heading stands as a paragraph after table 3.1, before 3.2, and adds
    // no heading (nor an entry in the contents).
    assert!(html.contains("<p>Rammene er vedtatt av styret i desember.</p>"));

    let headings = html.matches("<h2").count();
    let without = dir_path(&dir).join("uten.yaml");
    let plain = PLAN_IN_ITS_OWN_SHAPE.split("kapitler:").next().unwrap();
    std::fs::write(&without, plain).unwrap();
    assert!(render_to(&without, dir_path(&dir), "html").status.success());
    let html_without = std::fs::read_to_string(dir_path(&dir).join("uten.html")).unwrap();
    assert_eq!(headings, html_without.matches("<h2").count());
    // In the HTML, the rows in order: the area's søkbare midler 300 000 and its sum 600 000,
    // and the cost line after Delsum and before the administration.
    let row = |label: &str| html.find(label).unwrap_or(usize::MAX);
    assert!(row("Delsum") < row("Kommunikasjon og forankring"));
    assert!(row("Kommunikasjon og forankring") < row("Administrative kostnader"));
    assert!(row("Samlet kostnad") < row("Rammene er vedtatt"));
    // (the heading's last mention: the first is the contents')
    assert!(row("Rammene er vedtatt") < html.rfind("3.2 Finansiering").unwrap_or(0));
    assert!(html.contains("<td class=\"num\">300 000</td>"), "{html}");
}

#[test]
fn an_invalid_plan_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(data("hallingdal-2022.yaml"))
        .unwrap()
        .replace("beløp: 600000", "beløp: 650000");
    let plan = dir_path(&dir).join("ugyldig.yaml");
    std::fs::write(&plan, text).unwrap();
    let out_dir = dir_path(&dir).join("out");
    let out = render_to(&plan, &out_dir, "docx,pdf,html");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ingen dokumenter skrevet"));
    assert!(!out_dir.exists() || std::fs::read_dir(&out_dir).unwrap().next().is_none());
}

#[test]
fn many_plans_in_one_run_report_in_the_order_given_and_a_bad_one_stops_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir_path(&dir).join("ugyldig.yaml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(data("hallingdal-2022.yaml"))
            .unwrap()
            .replace("beløp: 600000", "beløp: 650000"),
    )
    .unwrap();
    let out_dir = dir_path(&dir).join("ut");
    let plans = [
        data("drangedal-2024.yaml"),
        bad.clone(),
        data("hallingdal-2022.yaml"),
        filled_template(),
    ];
    let mut args = vec!["render".to_string()];
    args.extend(plans.iter().map(|p| p.to_str().unwrap().to_string()));
    args.extend(["-o", out_dir.to_str().unwrap(), "--format", "pdf"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let first = run(&args);
    assert_eq!(first.status.code(), Some(1), "one plan has errors");
    let written: Vec<String> = String::from_utf8_lossy(&first.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("skrev "))
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        written,
        [
            "drangedal-2024.pdf",
            "drangedal-2024-kommunikasjonsplan.pdf",
            "hallingdal-2022.pdf",
            "mal.pdf",
            "mal-kommunikasjonsplan.pdf"
        ]
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("ugyldig.yaml"));
    assert!(!out_dir.join("ugyldig.pdf").exists());
    // The same run again says the same, in the same order, whatever thread finished first.
    let second = run(&args);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.stderr, second.stderr);
}

#[test]
fn the_financing_table_says_why_shares_and_amounts_differ_and_a_chart_of_zeros_is_left_out() {
    let dir = kept_output("financing-note");
    // The blank template filled with zeros: every job target 0.
    let zeros = dir.join("nuller");
    std::fs::create_dir_all(&zeros).unwrap();
    let text: String = std::fs::read_to_string(filled_template())
        .unwrap()
        .lines()
        .map(|l| match l.trim_start() {
            t if t.starts_with("mål: {") || t.starts_with("arbeidsplassmål:") => {
                l.replace(": 10", ": 0").replace(": 60", ": 0") + "\n"
            }
            _ => format!("{l}\n"),
        })
        .collect();
    std::fs::write(zeros.join("mal.yaml"), text).unwrap();
    for (plan, accounts) in [
        (data("drangedal-2024.yaml"), true),
        (zeros.join("mal.yaml"), false),
    ] {
        let mut args = vec!["render".to_string(), plan.to_str().unwrap().to_string()];
        if accounts {
            args.push("--regnskap".into());
            args.push(data("regnskap-2023.yaml").to_str().unwrap().into());
        }
        args.extend(["-o", dir.to_str().unwrap(), "--format", "pdf,html"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(run(&args).status.success());
    }
    let text = pdf_pages(&dir.join("drangedal-2024.pdf")).join("\n");
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squeezed.contains("Telemark fylkeskommune: 75 % i modellen, 4 000 000 kr, 69 % av totalen"),
        "{squeezed}"
    );
    let drangedal = std::fs::read_to_string(dir.join("drangedal-2024.html")).unwrap();
    assert!(drangedal.contains("<figure class=\"chart\">"));
    // The blank template's targets are all 0: no empty chart on a 0–1 axis.
    let blank = std::fs::read_to_string(dir.join("mal.html")).unwrap();
    assert!(!blank.contains("<figure"), "a chart of zeros");
}

#[test]
fn a_plan_replaces_the_templates_fixed_texts_in_its_own_words_and_nothing_is_said_twice() {
    let dir = kept_output("own-texts");
    let plan = dir.join("egne-tekster.yaml");
    let text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    // The example's own texts and chapters are left out: this plan gives others.
    let text = &text[..text
        .find("\ntekster:")
        .expect("the example has its own texts")];
    assert!(
        !text.contains("kommunikasjonsplan:"),
        "the fixture has no communication plan"
    );
    std::fs::write(
        &plan,
        format!(
            "{text}\ntekster:\n  strategier_innledning: Strategiene står i *Utviklingsplan for Hallingdal 2022–2024*.\n  merknad_strategi: Strategiene er nummerert som i utviklingsplanen.\n  kommunikasjon: Kommunikasjonsarbeidet følger regionrådets strategi.\n"
        ),
    )
    .unwrap();
    let out = render_to(&plan, &dir, "pdf,docx,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = pdf_pages(&dir.join("egne-tekster.pdf")).join("\n");
    let squeezed = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    let html = std::fs::read_to_string(dir.join("egne-tekster.html")).unwrap();
    let docx = docx_part(&dir.join("egne-tekster.docx"), "word/document.xml");
    for own in [
        "Strategiene står i",
        "Strategiene er nummerert som i utviklingsplanen.",
        "Kommunikasjonsarbeidet følger regionrådets strategi.",
    ] {
        assert!(squeezed.contains(own), "PDF: {own}");
        assert!(html.contains(own), "HTML: {own}");
        assert!(docx.contains(own), "DOCX: {own}");
    }
    // The template's words they replace are gone, and no attachment is promised that is not
    // written (Hallingdal has no communication plan).
    for gone in [
        "For hvert innsatsområde er det utviklet strategier",
        "Alle strategiene fra omstillingsplanen er listet opp",
        "For hvert omstillingsår utarbeides det en kommunikasjonsplan",
        "vedlagt i et eget dokument",
    ] {
        assert!(!squeezed.contains(gone), "PDF still says: {gone}");
    }
    assert!(!dir.join("egne-tekster-kommunikasjonsplan.pdf").exists());
    // An unknown name is refused with the names there are.
    let wrong = dir.join("feil-navn.yaml");
    std::fs::write(&wrong, format!("{text}\ntekster:\n  innledning: Hei\n")).unwrap();
    let refused = run(&["check", wrong.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("strategier_innledning"), "{err}");
    // Markdown the documents cannot show is refused by `check`, not by `render`.
    let quote = dir.join("sitat.yaml");
    std::fs::write(
        &quote,
        format!("{text}\ntekster:\n  kommunikasjon: \"> Et sitat\"\n"),
    )
    .unwrap();
    let refused = run(&["check", quote.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("felt: tekster.kommunikasjon"), "{err}");
}

/// A plan with one area of 40 strategies (A–Z, AA–AN), each with a long measure text.
pub fn long_table_plan() -> String {
    let letters: Vec<String> = (0..40)
        .map(|i| {
            if i < 26 {
                ((b'A' + i as u8) as char).to_string()
            } else {
                format!("A{}", (b'A' + (i - 26) as u8) as char)
            }
        })
        .collect();
    let mut s = String::from(
        "program: { navn: Langt program, område: Testdal, visjon: Lange tabeller, år: 2024, periode: { fra: 2024, til: 2024 }, arbeidsplassmål: 5, styrebehandlet: 2023-12-01, kommunestyregodkjent: 2023-12-14 }\narbeidsplasser:\n  rader:\n    - { navn: Alt, mål: { 2024: 5 } }\nresultater: { tekst: Første år. }\ninnsatsområder:\n  - navn: Alt\n    beskrivelse: Mange strategier.\n    effektmål: Mange effekter.\n    resultatmål: Fem arbeidsplasser.\n    strategier:\n",
    );
    for l in &letters {
        s.push_str(&format!("      - {{ bokstav: {l}, navn: Strategi {l}, tiltak: \"Tiltak for strategi {l}, beskrevet med nok ord til at cellen går over to linjer i tabellen\", prosjektmål: Mål {l}, budsjett: 10000 }}\n"));
    }
    s.push_str("administrasjon: { beløp: 100000 }\nfinansiering:\n  - { kilde: KDD, andel: 50 }\n  - { kilde: Fylket, andel: 50 }\n");
    s
}

#[test]
fn a_40_row_strategy_table_repeats_its_header_on_every_page() {
    let dir = kept_output("lang-tabell");
    let plan = dir_path(&dir).join("lang.yaml");
    std::fs::write(&plan, long_table_plan()).unwrap();
    let out = render_to(&plan, dir_path(&dir), "pdf,docx");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = pdf_pages(&dir_path(&dir).join("lang.pdf"));
    let with_rows: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Tiltak for strategi"))
        .collect();
    assert!(with_rows.len() >= 2, "the table spans pages");
    for p in &with_rows {
        assert!(
            p.contains("Prosjekter og tiltak") && p.contains("Budsjett"),
            "header repeated on every page of the table:\n{p}"
        );
    }
    let xml = docx_part(&dir_path(&dir).join("lang.docx"), "word/document.xml");
    let table_start = xml
        .find("Strategi AN")
        .map(|p| xml[..p].rfind("<w:tbl>").unwrap())
        .unwrap();
    let table = &xml[table_start..];
    let first_row = &table[..table.find("</w:tr>").unwrap()];
    assert!(
        first_row.contains("<w:tblHeader/>"),
        "DOCX header row repeats"
    );
    assert!(first_row.contains("<w:cantSplit/>"));
    assert_eq!(
        xml.matches("<w:tblHeader/>").count(),
        xml.matches("<w:tbl>").count(),
        "every table's header row repeats"
    );
}

/// The same hostile text in every free-text field kind.
pub const HOSTILE: &str =
    "{{ 7*7 }} <w:t>x</w:t> & \\\"sitat\\\" 'enkel' #set text(red) \\u0007\\u001b[31m";

pub fn hostile_plan() -> String {
    let h = HOSTILE;
    format!(
        "program: {{ navn: \"P {h}\", område: \"Område {h}\", visjon: \"Visjon {h}\", år: 2024, periode: {{ fra: 2024, til: 2024 }}, arbeidsplassmål: 1, styrebehandlet: 2023-12-01, kommunestyregodkjent: 2023-12-14 }}\narbeidsplasser:\n  rader:\n    - {{ navn: \"Rad {h}\", mål: {{ 2024: 1 }} }}\nresultater: {{ tekst: \"Resultat {h}\" }}\ninnsatsområder:\n  - navn: \"Rad {h}\"\n    beskrivelse: \"Beskrivelse {h}\"\n    effektmål: \"Effekt {h}\"\n    resultatmål: \"Resultat {h}\"\n    strategier:\n      - {{ bokstav: A, navn: \"Strategi {h}\", tiltak: \"Tiltak {h}\", prosjektmål: \"Mål {h}\", budsjett: 100 }}\nadministrasjon: {{ beløp: 0 }}\nfinansiering:\n  - {{ kilde: \"Kilde {h}\", beløp: 100, forklaring: \"Forklaring {h}\" }}\n"
    )
}

#[test]
fn hostile_text_comes_out_literally_in_all_formats() {
    let dir = kept_output("fiendtlig");
    let plan = dir_path(&dir).join("fiendtlig.yaml");
    std::fs::write(&plan, hostile_plan()).unwrap();
    let out = render_to(&plan, dir_path(&dir), "pdf,docx,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let literal = "{{ 7*7 }} <w:t>x</w:t> & \"sitat\" 'enkel' #set text(red)";
    let pdf = pdf_text(&dir_path(&dir).join("fiendtlig.pdf"), "-raw").join("\n");
    // Table cells wrap: compare with the line breaks as spaces.
    // Table cells wrap and Norwegian hyphenation splits words (a soft hyphen at the line end):
    // compare with both undone.
    let flat = pdf
        .replace("\u{ad}\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains(&format!("Tiltak {literal}")),
        "PDF shows the text literally:\n{pdf}"
    );
    assert!(!pdf.contains("49"), "no template evaluation");
    let docx = docx_part(&dir_path(&dir).join("fiendtlig.docx"), "word/document.xml");
    let docx_text: String = roxmltree::Document::parse(&docx)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("t"))
        .map(|n| n.text().unwrap_or(""))
        .collect();
    assert!(
        docx_text.contains(&format!("Tiltak {literal}")),
        "DOCX shows the text literally"
    );
    let html = std::fs::read_to_string(dir_path(&dir).join("fiendtlig.html")).unwrap();
    assert!(html.contains("Tiltak {{ 7*7 }} &lt;w:t&gt;x&lt;/w:t&gt; &amp; &quot;sitat&quot; &#39;enkel&#39; #set text(red)"), "HTML escapes it");
    for text in [&pdf, &docx_text, &html] {
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{1b}'),
            "control characters removed"
        );
    }
}

#[test]
fn no_pdf_stream_ends_in_a_line_break() {
    // The blank template plan produces a font stream whose compressed data ends in 0x0A
    // before padding; PDF/A checkers then misreport its /Length.
    let dir = tempfile::tempdir().unwrap();
    for stem in ["mal", "drangedal-2024", "hallingdal-2022"] {
        let plan = match stem {
            "mal" => filled_template(),
            _ => data(&format!("{stem}.yaml")),
        };
        let out = render_to(&plan, dir_path(&dir), "pdf");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = lopdf::Document::load(dir_path(&dir).join(format!("{stem}.pdf"))).unwrap();
        for (id, object) in &doc.objects {
            if let lopdf::Object::Stream(s) = object {
                assert!(
                    !matches!(s.content.last(), Some(b'\n' | b'\r')),
                    "{stem}: stream {id:?} ends in a line break"
                );
                if let Ok(len) = s.dict.get(b"Length1").and_then(|l| l.as_i64()) {
                    assert_eq!(
                        len as usize,
                        s.decompressed_content().unwrap().len(),
                        "{stem}: font /Length1"
                    );
                }
            }
        }
    }
}

/// The Hallingdal plan with a logo, an accent colour and (optionally) nynorsk.
fn variant(dir: &Path, logo: &str, nynorsk: bool) -> PathBuf {
    std::fs::copy(root().join("tests/fixtures").join(logo), dir.join(logo)).unwrap();
    let mut text = std::fs::read_to_string(data("hallingdal-2022.yaml"))
        .unwrap()
        .replace(
            "  forfatter: Sats på Hallingdal",
            &format!("  forfatter: Sats på Hallingdal\n  logo: {logo}\n  aksentfarge: \"#5B2C6F\""),
        );
    if nynorsk {
        // The template's own headings and numbers, in nynorsk.
        text = text
            .replace("målform: bokmål", "målform: nynorsk")
            .replace("  nummerering: sammenhengende\n", "")
            .replace("  mål: Mål\n", "");
    }
    let plan = dir.join(if nynorsk { "nynorsk.yaml" } else { "logo.yaml" });
    std::fs::write(&plan, text).unwrap();
    plan
}

#[test]
fn logo_and_accent_colour_reach_every_format() {
    let dir = kept_output("profil");
    let plan = variant(&dir, "logo.png", false);
    let out = render_to(&plan, &dir, "pdf,docx,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.join("logo.docx")).unwrap()).unwrap();
    assert!(
        zip.file_names().any(|n| n.starts_with("word/media/")),
        "DOCX embeds the logo"
    );
    let mut styles = String::new();
    zip.by_name("word/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("5B2C6F"), "headings in the accent colour");
    let html = std::fs::read_to_string(dir.join("logo.html")).unwrap();
    assert!(
        html.contains("data:image/png;base64,")
            && html.contains("alt=\"Logoen til Sats på Hallingdal\"")
    );
    assert!(html.contains("--accent: #5B2C6F"));
    let pdf = std::fs::read(dir.join("logo.pdf")).unwrap();
    assert!(
        pdf.windows(13)
            .any(|w| w == b"/Subtype/Imag" || w == b"/Subtype /Ima"),
        "PDF has an image"
    );
    // An SVG logo: vector in the PDF.
    let dir = kept_output("profil-svg");
    let plan = variant(&dir, "logo.svg", false);
    let out = render_to(&plan, &dir, "pdf,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(dir.join("logo.html"))
            .unwrap()
            .contains("data:image/svg+xml;base64,")
    );
}

#[test]
fn nynorsk_plans_get_nynorsk_fixed_texts() {
    let dir = kept_output("nynorsk");
    let plan = variant(&dir, "logo.png", true);
    let out = render_to(&plan, &dir, "pdf,docx");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_pages(&dir.join("nynorsk.pdf")).join("\n");
    assert!(
        text.contains("1. Mål og innsatsområde frå utviklingsplanen"),
        "{text}"
    );
    assert!(text.contains("Strategiar og tiltak for innsatsområda"));
    assert!(text.contains("Innhald"));
    // The municipalities' split key is a fixed text too.
    assert!(text.contains("etter innbyggjartal"), "{text}");
    assert!(
        !text.contains("innbyggertall"),
        "bokmål in a nynorsk plan: {text}"
    );
    assert!(docx_part(&dir.join("nynorsk.docx"), "word/styles.xml").contains("w:val=\"nn-NO\""));
}

#[test]
fn a_users_template_replaces_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir_path(&dir).join("maler");
    std::fs::create_dir(&templates).unwrap();
    let original = std::fs::read_to_string(root().join("templates/kommunikasjon.html")).unwrap();
    std::fs::write(
        templates.join("kommunikasjon.html"),
        original.replace(
            "{% else %}Kommunikasjonsplan{% endif %}</h1>",
            "{% else %}Vår kommunikasjon{% endif %}</h1>",
        ),
    )
    .unwrap();
    let out = run(&[
        "render",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "-o",
        dir_path(&dir).to_str().unwrap(),
        "--format",
        "html",
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir_path(&dir).join("drangedal-2024.html")).unwrap();
    assert!(html.contains("4. Vår kommunikasjon") && !html.contains("4. Kommunikasjonsplan"));

    // An element outside the vocabulary is an error that names the template, not a silent drop.
    std::fs::write(
        templates.join("kommunikasjon.html"),
        "<h1>4.</h1>\n<blink>ny</blink>\n",
    )
    .unwrap();
    let out = run(&[
        "render",
        data("hallingdal-2022.yaml").to_str().unwrap(),
        "-o",
        dir_path(&dir).join("x").to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ukjent element <blink>") && err.contains("linje"),
        "{err}"
    );
    assert!(!dir_path(&dir).join("x").exists());
}

/// `render PLAN -o OUT --format docx,html` with the font cache as `setting` says
/// (`HANDLINGSPLAN_CACHE`): the bytes of each file written, by name.
fn render_with_font_cache(plan: &Path, out: &Path, setting: &Path) -> Vec<(String, Vec<u8>)> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args([
            "render",
            plan.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--format", "docx,html"])
        .env("HANDLINGSPLAN_CACHE", setting)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_font_cache_saves_work_outside_the_plans_folder_and_never_changes_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let plan_dir = dir_path(&dir).join("plan");
    std::fs::create_dir(&plan_dir).unwrap();
    let plan = plan_dir.join("drangedal-2024.yaml");
    std::fs::copy(data("drangedal-2024.yaml"), &plan).unwrap();
    let cache = dir_path(&dir).join("lager");
    let out = |name: &str| dir_path(&dir).join(name);
    let without = render_with_font_cache(&plan, &out("av"), Path::new("av"));
    assert!(!cache.exists());
    let cold = render_with_font_cache(&plan, &out("kald"), &cache);
    let entries: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(entries.len() >= 2, "subsets and WOFF2 kept: {entries:?}");
    let plan_folder: Vec<_> = std::fs::read_dir(&plan_dir).unwrap().collect();
    assert_eq!(plan_folder.len(), 1, "nothing written beside the plan");
    let warm = render_with_font_cache(&plan, &out("varm"), &cache);
    // Every entry damaged (a byte changed in the middle): read as a miss, made again.
    for entry in &entries {
        let mut bytes = std::fs::read(entry).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        std::fs::write(entry, bytes).unwrap();
    }
    let damaged = render_with_font_cache(&plan, &out("skadet"), &cache);
    assert_eq!(cold, without);
    assert_eq!(warm, without);
    assert_eq!(damaged, without);
}

#[test]
fn a_chart_changed_since_the_last_render_is_drawn_anew_not_read_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir_path(&dir).join("drangedal-2024.yaml");
    let original = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    std::fs::write(&plan, &original).unwrap();
    let cache = dir_path(&dir).join("lager");
    let out = |name: &str| dir_path(&dir).join(name);
    let before = render_with_font_cache(&plan, &out("før"), &cache);
    // The årshjul's November event renamed: the attachment's chart is another picture.
    let renamed = original.replace(
        "{ hendelse: Drivkraft 2024, måned: 11",
        "{ hendelse: Næringsdag i Tokestua, måned: 11",
    );
    assert_ne!(renamed, original);
    std::fs::write(&plan, &renamed).unwrap();
    let cached = render_with_font_cache(&plan, &out("etter"), &cache);
    let uncached = render_with_font_cache(&plan, &out("uten"), Path::new("av"));
    let picture = |files: &[(String, Vec<u8>)]| {
        let (_, docx) = files
            .iter()
            .find(|(name, _)| name.ends_with("kommunikasjonsplan.docx"))
            .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut png = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name("word/media/image1.png").unwrap(), &mut png)
            .unwrap();
        png
    };
    assert_ne!(picture(&cached), picture(&before), "the old årshjul shown");
    assert_eq!(picture(&cached), picture(&uncached));
    assert_eq!(cached, uncached);
    // Both årshjul are kept: entries whose payload (after the 80 bytes of header) is a PNG.
    let pictures = std::fs::read_dir(&cache)
        .unwrap()
        .filter(|e| {
            let bytes = std::fs::read(e.as_ref().unwrap().path()).unwrap();
            bytes.get(80..88) == Some(b"\x89PNG\r\n\x1a\n".as_slice())
        })
        .count();
    assert!(
        pictures >= 3,
        "the plan's chart and both årshjul kept: {pictures}"
    );
}
