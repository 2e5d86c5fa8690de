//! A nynorsk plan (`målform: nynorsk`, its keys in nynorsk too) gives documents in nynorsk:
//! every fixed text of the PDF, the DOCX and the HTML, and of the communication plan beside
//! them, is scanned for words that only bokmål has. The plan's own texts are nynorsk, so any
//! bokmål word found is the program's.

mod common;

use common::{docx_part, kept_output, pdf_text, render_to, root};
use std::path::Path;

/// Words that are bokmål and not nynorsk (nynorsk in the comment where it helps), chosen so
/// that none is also a nynorsk word: «ikke» (ikkje), «fra» (frå), «samlet» (samla), «mangler»
/// (manglar), but not «godkjent», «kostnad» or «andel», which nynorsk has as well.
const BOKMÅL_ONLY: &[&str] = &[
    // small words
    "ikke",
    "hva",
    "hvem",
    "hvor",
    "hvordan",
    "hvis",
    "hver",
    "hvert",
    "hvilke",
    "hvilken",
    "hvilket",
    "fra",
    "uten",
    "noen",
    "noe",
    "mye",
    "mer",
    "være",
    "ble",
    "blitt",
    "dere",
    "disse",
    "egen",
    "eget",
    "egne",
    "selv",
    "bare",
    "sammen",
    "siden",
    "en",
    "et",
    "ett",
    "hele",
    "annet",
    "annen",
    // adjectives and participles
    "samlet",
    "samlede",
    "manglende",
    "foreløpig",
    "foreløpige",
    "gjenstående",
    "innvilget",
    "løpende",
    "behandlet",
    "tidligere",
    "videre",
    "endret",
    "årlig",
    "årlige",
    "merket",
    "utarbeidet",
    "vedtatt",
    "nevnt",
    "kjente",
    "ukjente",
    // verbs
    "mangler",
    "gjelder",
    "inneholder",
    "vises",
    "regnes",
    "merkes",
    "fordeles",
    "dekkes",
    "kvalitetssikres",
    "utbetales",
    "beregnes",
    "trekkes",
    "brukes",
    "skrives",
    // nouns
    "hendelse",
    "hendelser",
    "hendelsene",
    "aktiviteter",
    "aktivitetene",
    "måned",
    "måneder",
    "måneden",
    "månedene",
    "strategier",
    "strategiene",
    "resultater",
    "resultatene",
    "arbeidsplasser",
    "arbeidsplassene",
    "kilde",
    "kilder",
    "kildene",
    "beskrivelse",
    "tall",
    "tallene",
    "innsatsområder",
    "innsatsområdene",
    "regnskap",
    "regnskapet",
    "innbyggere",
    "innbyggertall",
    "kommuner",
    "kommunene",
    "midler",
    "midlene",
    "innhold",
    "innholdsfortegnelse",
    "programledelse",
    "ledelse",
    "endringer",
    "endringene",
    "næringer",
    "tiltakene",
    "merknader",
];

/// The words of a text, lower case, split at anything but a letter.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Each bokmål-only word in `text`, with the words around it.
fn bokmål_in(text: &str) -> Vec<String> {
    let words = words(text);
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if BOKMÅL_ONLY.contains(&word.as_str()) {
            let context = words[i.saturating_sub(4)..(i + 5).min(words.len())].join(" ");
            found.push(format!("«{word}» in «… {context} …»"));
        }
    }
    found.dedup();
    found
}

/// The text a DOCX shows: every run of its parts under word/ (body, headers, footers), the
/// images' descriptions, and its title.
fn docx_text(docx: &Path) -> String {
    let mut text = String::new();
    let file = std::fs::File::open(docx).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    for name in names {
        if !(name.starts_with("word/") || name == "docProps/core.xml") || !name.ends_with(".xml") {
            continue;
        }
        let xml = docx_part(docx, &name);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for node in doc.descendants() {
            if matches!(node.tag_name().name(), "t" | "title") {
                text.push_str(node.text().unwrap_or_default());
                text.push(' ');
            }
            for attribute in ["descr", "title"] {
                if let Some(v) = node.attribute(attribute) {
                    text.push_str(v);
                    text.push(' ');
                }
            }
        }
    }
    text
}

/// The text an HTML page shows or reads aloud: its text, and alt, title and aria-label.
fn html_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        if tag.starts_with("<style") || tag.starts_with("<script") {
            let close = if tag.starts_with("<style") {
                "</style>"
            } else {
                "</script>"
            };
            rest = rest[end..].find(close).map_or("", |e| &rest[end + e..]);
            continue;
        }
        for attribute in ["alt=\"", "title=\"", "aria-label=\""] {
            if let Some(a) = tag.find(attribute) {
                let value = &tag[a + attribute.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(0)]);
                text.push(' ');
            }
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    text.replace("&nbsp;", " ").replace("&#160;", " ")
}

#[test]
fn a_nynorsk_plan_has_nynorsk_documents() {
    let plan = root().join("tests/fixtures/nynorsk.yaml");
    let plan_text = std::fs::read_to_string(&plan).unwrap();
    // The plan's own words (not its comments): `førebels: ukjend` for a figure not known yet.
    let own_words: Vec<&str> = plan_text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    let own = bokmål_in(&own_words.join("\n"));
    assert!(own.is_empty(), "the test plan itself has bokmål: {own:?}");

    let out = kept_output("nynorsk");
    let rendered = render_to(&plan, &out, "docx,pdf,html");
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    // The same plan revised after its accounts: the list of changed figures, «Revidert …».
    let revised_out = kept_output("nynorsk-revidert");
    let accounts = root().join("tests/fixtures/nynorsk-rekneskap.yaml");
    let revised = common::run(&[
        "render",
        plan.to_str().unwrap(),
        "--regnskap",
        accounts.to_str().unwrap(),
        "-o",
        revised_out.to_str().unwrap(),
        "--format",
        "docx,pdf,html",
    ]);
    assert!(
        revised.status.success(),
        "{}",
        String::from_utf8_lossy(&revised.stderr)
    );
    let mut problems = Vec::new();
    for (out, stem) in [
        (&out, "nynorsk"),
        (&out, "nynorsk-kommunikasjonsplan"),
        (&revised_out, "nynorsk"),
    ] {
        let pdf = out.join(format!("{stem}.pdf"));
        let docx = out.join(format!("{stem}.docx"));
        let html = out.join(format!("{stem}.html"));
        for (name, text) in [
            (
                pdf.clone(),
                pdf_text(&pdf, "-raw").join("\n").replace("-\n", ""),
            ),
            (docx.clone(), docx_text(&docx)),
            (
                html.clone(),
                html_text(&std::fs::read_to_string(&html).unwrap()),
            ),
        ] {
            assert!(
                words(&text).len() > 100,
                "{} has too little text to tell",
                name.display()
            );
            for found in bokmål_in(&text) {
                problems.push(format!(
                    "{}: {found}",
                    name.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "bokmål in a nynorsk plan's documents:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scan_finds_bokmål() {
    assert_eq!(
        bokmål_in("Samlet kostnad: ikke kjent*").len(),
        2,
        "«Samlet» and «ikke»"
    );
    assert!(bokmål_in("Samla kostnad: ikkje kjent*").is_empty());
    assert!(html_text("<p title=\"Hendelser i 2025\">x</p>").contains("Hendelser"));
}

#[test]
fn every_nynorsk_key_is_accepted_and_documented() {
    // The test plan, with its accounts named in it (`rekneskap:`), is valid: every key form
    // it uses is read.
    let dir = kept_output("nynorsk-nokler");
    let fixtures = root().join("tests/fixtures");
    let plan = std::fs::read_to_string(fixtures.join("nynorsk.yaml")).unwrap()
        + "\nrekneskap: nynorsk-rekneskap.yaml\n";
    let accounts = std::fs::read_to_string(fixtures.join("nynorsk-rekneskap.yaml")).unwrap();
    std::fs::write(dir.join("nynorsk.yaml"), &plan).unwrap();
    std::fs::write(dir.join("nynorsk-rekneskap.yaml"), &accounts).unwrap();
    let checked = common::run(&[
        "check",
        "--quiet",
        dir.join("nynorsk.yaml").to_str().unwrap(),
    ]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (bokmål, nynorsk) in handlingsplan::schema::NYNORSK_KEYS {
        let key = format!("{nynorsk}:");
        assert!(
            plan.contains(&key) || accounts.contains(&key),
            "the test plan does not use «{key}», so nothing shows it is read"
        );
        assert!(
            readme.contains(&format!("| `{bokmål}` | `{nynorsk}` |")),
            "README.md does not list «{nynorsk}» for «{bokmål}»"
        );
    }
}
