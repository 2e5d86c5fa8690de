//! `import`: the tool's own DOCX back into the plan exactly (also after LibreOffice saved it),
//! and the board's edits in the DOCX carried into the plan file with `--onto`.

mod common;

use common::{data, docx_words, foreign_documents, kept_output, render_to, root, run};
use handlingsplan::plan::edit;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const PLANS: [&str; 2] = ["drangedal-2024", "hallingdal-2022"];

/// The plan copied into `dir` and rendered there as DOCX: (plan, docx).
fn rendered(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let plan = dir.join(format!("{name}.yaml"));
    std::fs::copy(data(&format!("{name}.yaml")), &plan).unwrap();
    let out = render_to(&plan, dir, "docx");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (plan, dir.join(format!("{name}.docx")))
}

fn import(args: &[&str]) -> String {
    let out = run(&[&["import"], args].concat());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// `check`'s figures summary of a plan (the lines naming the file left out).
fn summary(plan: &Path) -> String {
    let out = run(&["check", plan.to_str().unwrap()]);
    assert!(out.status.success());
    let name = plan.to_str().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.contains(name))
        .collect::<Vec<_>>()
        .join("\n")
}

/// LibreOffice opens the DOCX and saves it again as DOCX into `out`.
fn libreoffice_save(docx: &Path, out: &Path) -> PathBuf {
    std::fs::create_dir_all(out).unwrap();
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join("libreoffice-profile-import");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(out)
        .arg(docx)
        .output()
        .expect("soffice (libreoffice-writer) is needed for this test");
    assert!(status.status.success());
    out.join(docx.file_name().unwrap())
}

/// Imports `docx` to a new plan beside `plan` and checks it gives the same plan, figures and
/// document as `plan`.
fn assert_round_trip(plan: &Path, docx: &Path, dir: &Path, name: &str) {
    let imported = dir.join(format!("{name}-importert.yaml"));
    let said = import(&[docx.to_str().unwrap(), "-o", imported.to_str().unwrap()]);
    assert!(said.contains("Ingen endringer"), "{said}");
    assert_eq!(
        std::fs::read_to_string(&imported).unwrap(),
        std::fs::read_to_string(plan).unwrap(),
        "{name}: the imported plan differs from the plan the DOCX was made from"
    );
    assert_eq!(summary(&imported), summary(plan));
    let again = dir.join("igjen");
    assert!(render_to(&imported, &again, "docx").status.success());
    assert_eq!(
        docx_words(&again.join(format!("{name}-importert.docx"))),
        docx_words(&dir.join(format!("{name}.docx")))
    );
}

#[test]
fn the_tools_own_docx_comes_back_as_the_same_plan() {
    let dir = kept_output("import-round-trip");
    for name in PLANS {
        let (plan, docx) = rendered(&dir, name);
        assert_round_trip(&plan, &docx, &dir, name);
    }
}

#[test]
fn the_tools_own_docx_saved_by_libreoffice_comes_back_as_the_same_plan() {
    let dir = kept_output("import-libreoffice");
    // LibreOffice's DOCX is not ours to validate.
    let saved_dir = foreign_documents("import-libreoffice");
    for name in PLANS {
        let (plan, docx) = rendered(&dir, name);
        let saved = libreoffice_save(&docx, &saved_dir);
        assert_round_trip(&plan, &saved, &dir, name);
    }
}

/// `docx` with `edit` applied to its word/document.xml, written to `out`.
fn edited_docx(docx: &Path, out: &Path, edit: impl Fn(String) -> String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// Every value of a plan text by its path.
fn values(text: &str) -> BTreeMap<String, String> {
    edit::values(text)
        .into_iter()
        .map(|s| (s.path, s.value))
        .collect()
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

#[test]
fn the_boards_edits_in_the_docx_go_into_the_plan_file_and_nothing_else() {
    let dir = kept_output("import-onto");
    let (plan, docx) = rendered(&dir, "drangedal-2024");
    let before = std::fs::read_to_string(&plan).unwrap();

    // Unchanged: nothing to carry over, and the plan file is not written.
    let said = import(&[docx.to_str().unwrap(), "--onto", plan.to_str().unwrap()]);
    assert!(said.contains("Ingen endringer"), "{said}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);

    // The board rewrites a sentence of a description and raises strategy G's budget.
    let edited = dir.join("styrets-versjon.docx");
    edited_docx(&docx, &edited, |xml| {
        let xml = xml.replacen(
            "landbruk og matproduksjon står sterkt",
            "landbruk og matproduksjon står svært sterkt",
            1,
        );
        let row = xml
            .find("G. Næringsvennlig kommune")
            .expect("strategy G's row");
        let end = row + xml[row..].find("</w:tr>").unwrap();
        let cell = row + xml[row..end].find("500\u{a0}000").expect("G's budget");
        format!(
            "{}650\u{a0}000{}",
            &xml[..cell],
            &xml[cell + "500\u{a0}000".len()..]
        )
    });
    let said = import(&[edited.to_str().unwrap(), "--onto", plan.to_str().unwrap()]);
    let after = std::fs::read_to_string(&plan).unwrap();
    let (old, new) = (values(&before), values(&after));
    let changed: Vec<&String> = old.keys().filter(|k| old[*k] != new[*k]).collect();
    assert_eq!(
        changed,
        [
            "innsatsområder[0].beskrivelse",
            "innsatsområder[4].strategier[1].budsjett"
        ],
        "{said}"
    );
    assert!(new["innsatsområder[0].beskrivelse"].contains("står svært sterkt"));
    assert_eq!(new["innsatsområder[4].strategier[1].budsjett"], "650000");
    assert_eq!(comments(&after), comments(&before));
    assert!(
        said.contains("innsatsområder[4].strategier[1].budsjett"),
        "{said}"
    );
    assert!(said.contains("500 000 → 650 000"), "{said}");
    assert!(said.contains("matproduksjon står sterkt."), "{said}");
    assert!(said.contains("står svært sterkt"), "{said}");
    // The plan file is still a valid plan.
    assert!(run(&["check", plan.to_str().unwrap()]).status.success());
}

#[test]
fn import_refuses_to_overwrite_a_file_with_o() {
    let dir = kept_output("import-exists");
    let (plan, docx) = rendered(&dir, "hallingdal-2022");
    let out = run(&[
        "import",
        docx.to_str().unwrap(),
        "-o",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--onto"));
    let _ = root();
}

#[test]
fn a_plan_written_by_hand_in_word_is_read_by_its_structure() {
    let dir = kept_output("import-handlaget");
    // The hand-made plan is made as a user's Word would, not by the tool: not validated.
    let docx = foreign_documents("import-handlaget").join("handlaget.docx");
    let made = Command::new("python3")
        .arg(root().join("tests/fixtures/handlaget-docx.py"))
        .arg(&docx)
        .status()
        .expect("python3 is needed for this test");
    assert!(made.success());
    // Into a folder that is not there yet: made, with the schema the editor's line names.
    let plan = dir.join("ny-plan").join("handlaget.yaml");
    let said = import(&[docx.to_str().unwrap(), "-o", plan.to_str().unwrap()]);
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=handlingsplan.schema.json"),
        "{text}"
    );
    assert!(
        plan.with_file_name("handlingsplan.schema.json").is_file(),
        "{said}"
    );
    let v = values(&text);
    // Amounts written «kr 300 000,-», «200.000 kr» and «250 000», read exactly.
    assert_eq!(v["innsatsområder[0].strategier[0].budsjett"], "300000");
    assert_eq!(v["innsatsområder[0].strategier[1].budsjett"], "200000");
    assert_eq!(v["innsatsområder[1].strategier[0].budsjett"], "250000");
    assert_eq!(v["innsatsområder[0].søkbare_midler"], "100000");
    assert_eq!(v["administrasjon.beløp"], "1000000");
    assert_eq!(v["finansiering[0].beløp"], "1387500");
    assert_eq!(v["finansiering[1].beløp"], "462500");
    assert_eq!(
        v["innsatsområder[0].beskrivelse"],
        "Drangedal er en typisk primærproduksjonskommune."
    );
    // The sum row that disagrees is reported, and the figures above it are used.
    assert!(
        said.contains("sier 650 000, men tallene over summerer til 600 000"),
        "{said}"
    );
    // Nothing invented: the goals the document does not state are left empty, with a word.
    assert!(text.contains("# importert: «effektmål» står ikke i dokumentet\n    effektmål:\n"));
    // A heading that is not the template's becomes a chapter at its place.
    assert!(text.contains("overskrift: \"Vedlegg: budsjettnotat\"\n    plassering: etter_4"));
    assert!(said.contains("gyldig"), "{said}");
    assert!(run(&["check", plan.to_str().unwrap()]).status.success());
}

/// A reference plan written in Word by its programme leader (a fixture made by a generator in
/// tests/fixtures), and the figures its text states.
struct WordPlan {
    name: &'static str,
    reference: &'static str,
    /// Every amount the imported plan holds, by path: what the reference states, and for a
    /// figure it leaves open (`xxx`, or a table it does not have) `foreløpig: ukjent`, never 0.
    amounts: &'static [(&'static str, &'static str)],
    /// What the import must tell (in its summary or the plan's comments) where it chose.
    tells: &'static [&'static str],
}

const WORD_PLANS: [WordPlan; 2] = [
    WordPlan {
        name: "drangedal",
        reference: "drangedal-handlingsplan-2024.txt",
        amounts: &[
            // The areas' budgets stand in the strategy tables' header rows («Budsjett 500.000»).
            ("innsatsområder[0].budsjett", "500000"),
            ("innsatsområder[1].budsjett", "500000"),
            ("innsatsområder[2].budsjett", "500000"),
            ("innsatsområder[3].budsjett", "500000"),
            ("innsatsområder[4].budsjett", "750000"),
            // «500.000* (IN: 175’)» in the Innvilget column.
            ("innsatsområder[4].strategier[1].innvilget", "500000"),
            ("innsatsområder[5].budsjett", "125000"),
            // «Ungt entreprenørskap (U-skolen) 50.000» in the Innvilget column.
            ("innsatsområder[5].strategier[1].innvilget", "50000"),
            // The source has no table 3.1: the administration is not stated.
            ("administrasjon.beløp.foreløpig", "ukjent"),
            ("finansiering.kilder[0].beløp", "4000000"),
            ("finansiering.kilder[1].beløp", "1170000"),
            // «xxx»: the transfer is not known until the accounts are approved.
            ("finansiering.kilder[2].beløp.foreløpig", "ukjent"),
            ("finansiering.kilder[3].beløp", "185000"),
            // A row with «10.000*» and no name.
            ("finansiering.kilder[4].beløp", "10000"),
        ],
        tells: &[
            // The header's granted amount is not what the rows give.
            "tabellens overskrift sier innvilget 650 000 for «Attraktivitet for næringsliv», men strategiene har innvilget 500 000",
            "«xxx» står i dokumentet: beløpet er ikke kjent ennå",
            "rad 7 i finansieringstabellen har beløp, men ikke navn",
        ],
    },
    WordPlan {
        name: "hallingdal",
        reference: "hallingdal-handlingsplan-2022.txt",
        amounts: &[
            // The transposed strategy tables' «Buds. 2022» row, strategy by strategy.
            ("innsatsområder[0].strategier[0].budsjett", "400000"),
            ("innsatsområder[0].strategier[1].budsjett", "400000"),
            ("innsatsområder[1].strategier[0].budsjett", "400000"),
            ("innsatsområder[1].strategier[1].budsjett", "200000"),
            ("innsatsområder[1].strategier[2].budsjett", "200000"),
            ("innsatsområder[1].strategier[3].budsjett", "400000"),
            ("innsatsområder[2].strategier[0].budsjett", "200000"),
            ("innsatsområder[2].strategier[1].budsjett", "200000"),
            ("innsatsområder[3].strategier[0].budsjett", "400000"),
            ("innsatsområder[3].strategier[1].budsjett", "400000"),
            ("innsatsområder[4].strategier[0].budsjett", "100000"),
            ("innsatsområder[4].strategier[1].budsjett", "100000"),
            ("innsatsområder[5].strategier[0].budsjett", "200000"),
            // «Budsjett 2022»: «Administrasjon 1)» and «Prosjektledelse/prosjektarbeid 2)».
            ("programmets_ressursinnsats.beløp", "500000"),
            ("administrasjon.beløp", "500000"),
            // «4,0» and «0,6» under «(tall i millioner)».
            ("finansiering[0].beløp", "4000000"),
            ("finansiering[1].beløp", "600000"),
        ],
        tells: &[
            "«4,0» millioner kroner (teksten over tabellen sier «tall i millioner»)",
            "raden «Prosjektledelse/prosjektarbeid 2)» i budsjettabellen",
            // The strategies' content from the 2.3 table, under another name there.
            "fra tabellen som beskriver strategiene, der strategien E. heter «Gründere og nyetablerere»",
        ],
    },
];

/// The plan's PDF and its communication plan's PDF, when it has one, as one page of text (the
/// activities a Word plan lists in its section on communication are the attachment's): an HTML
/// file beside them, from pdftotext.
fn plan_and_attachment(dir: &Path, slug: &str) -> PathBuf {
    let mut html = String::from("<!DOCTYPE html><html><body>\n");
    for name in [
        format!("{slug}.pdf"),
        format!("{slug}-kommunikasjonsplan.pdf"),
    ] {
        let pdf = dir.join(name);
        if !pdf.exists() {
            continue;
        }
        let out = Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        for paragraph in String::from_utf8_lossy(&out.stdout).split("\n\n") {
            let text = paragraph
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            html.push_str(&format!("<p>{text}</p>\n"));
        }
    }
    html.push_str("</body></html>\n");
    let path = dir.join(format!("{slug}-med-vedlegg.html"));
    std::fs::write(&path, html).unwrap();
    path
}

/// The share of the reference's sentences a document keeps, by `../shared/tools/coverage`.
fn coverage(reference: &Path, document: &Path) -> (f64, String) {
    let out = Command::new("python3")
        .arg(root().join("../shared/tools/coverage"))
        .arg(reference)
        .arg(document)
        .output()
        .expect("python3 runs ../shared/tools/coverage");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let share = said
        .lines()
        .find_map(|l| l.strip_prefix("coverage: "))
        .and_then(|l| l.split('(').nth(1))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("coverage said: {said}"));
    (share, said)
}

#[test]
fn the_reference_plans_written_in_word_come_in_with_their_figures_and_sentences() {
    let dir = kept_output("import-word-plans");
    // The Word plans are made as a user's Word would, not by the tool: not validated.
    let word = foreign_documents("import-word-plans");
    for plan in WORD_PLANS {
        let docx = word.join(format!("{}.docx", plan.name));
        let made = Command::new("python3")
            .arg(root().join(format!("tests/fixtures/{}-docx.py", plan.name)))
            .arg(&docx)
            .status()
            .expect("python3 is needed for this test");
        assert!(made.success());
        let imported = dir.join(format!("{}.yaml", plan.name));
        let said = import(&[docx.to_str().unwrap(), "-o", imported.to_str().unwrap()]);
        assert!(said.contains("gyldig"), "{}: {said}", plan.name);
        let check = run(&["check", imported.to_str().unwrap()]);
        assert!(
            check.status.success(),
            "{}: {}",
            plan.name,
            String::from_utf8_lossy(&check.stdout)
        );

        // Every amount is the source's, and there is no other: nothing invented, no 0.
        let text = std::fs::read_to_string(&imported).unwrap();
        let amounts: BTreeMap<String, String> = values(&text)
            .into_iter()
            .filter(|(path, _)| {
                // The field a value belongs to (an amount's `foreløpig:` is the amount's).
                let field = path.trim_end_matches(".foreløpig").rsplit('.').next();
                !path.starts_with("overskrifter.")
                    && field.is_some_and(|f| {
                        [
                            "budsjett",
                            "innvilget",
                            "beløp",
                            "søkbare_midler",
                            "ressursinnsats",
                        ]
                        .contains(&f.split('[').next().unwrap_or(f))
                    })
            })
            .collect();
        let expected: BTreeMap<String, String> = plan
            .amounts
            .iter()
            .map(|(p, v)| (p.to_string(), v.to_string()))
            .collect();
        assert_eq!(amounts, expected, "{}: the amounts of\n{text}", plan.name);
        for told in plan.tells {
            assert!(
                said.contains(told) || text.contains(told),
                "{}: «{told}» is not told:\n{said}",
                plan.name
            );
        }

        // The rendered plan keeps at least 90 % of the reference's sentences, in each format.
        let out = render_to(&imported, &dir, "pdf,docx,html");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let reference = root().join("../shared/reference").join(plan.reference);
        for format in ["pdf", "docx", "html"] {
            let document = dir.join(format!("{}.{format}", plan.name));
            let (share, said) = coverage(&reference, &document);
            assert!(share >= 90.0, "{}.{format}: {said}", plan.name);
        }
    }
}

#[test]
fn a_plan_typed_without_heading_styles_comes_in_as_the_same_plan() {
    // Many plans are written without Word's heading styles: each heading a bold line of its
    // own. A reader sees the same plan; so must import.
    let dir = kept_output("import-bold-headings");
    let word = foreign_documents("import-bold-headings");
    for plan in WORD_PLANS {
        let read = |variant: &str, bold: bool| {
            let docx = word.join(format!("{}-{variant}.docx", plan.name));
            let mut script = Command::new("python3");
            script
                .arg(root().join(format!("tests/fixtures/{}-docx.py", plan.name)))
                .arg(&docx);
            if bold {
                script.env("WORDPLAN_BOLD_HEADINGS", "1");
            }
            assert!(script.status().expect("python3 runs").success());
            let imported = dir.join(format!("{}-{variant}.yaml", plan.name));
            let said = import(&[docx.to_str().unwrap(), "-o", imported.to_str().unwrap()]);
            assert!(said.contains("gyldig"), "{} {variant}: {said}", plan.name);
            // The plan's data: the programme, the areas with their strategies and amounts, the
            // administration and the financing (where the text goes may differ).
            values(&std::fs::read_to_string(&imported).unwrap())
                .into_iter()
                .filter(|(path, _)| {
                    [
                        "program.",
                        "arbeidsplasser.",
                        "innsatsområder",
                        "administrasjon.",
                        "finansiering",
                    ]
                    .iter()
                    .any(|p| path.starts_with(p))
                })
                .collect::<BTreeMap<_, _>>()
        };
        let styled = read("stiler", false);
        let typed = read("fet-skrift", true);
        assert!(styled.len() > 20, "{}: {styled:?}", plan.name);
        assert_eq!(typed, styled, "{}", plan.name);
    }
}

/// Word plans in shapes the corpus lacks, made by the fixtures' scripts: each imports to a plan
/// that passes `check`, with these values as plan data (and no other amount), and renders with
/// the document's headings.
struct ShapedPlan {
    name: &'static str,
    values: &'static [(&'static str, &'static str)],
    /// Paths the plan must not have (a letter the document does not give).
    absent: &'static [&'static str],
    /// The document's headings, as it writes them: each stands in the rendered plan.
    headings: &'static [&'static str],
}

const SHAPED_PLANS: [ShapedPlan; 6] = [
    ShapedPlan {
        // Headings typed as bold numbered paragraphs, strategies as bullets with a bold lead-in,
        // «NOK 1,2 mill.», a budget table with a merged header, a cost line «Uforutsett».
        name: "fjellbygd",
        values: &[
            ("program.år", "2025"),
            ("program.arbeidsplassmål", "60"),
            ("innsatsområder[0].navn", "Reiseliv"),
            ("innsatsområder[0].budsjett", "700000"),
            ("innsatsområder[0].søkbare_midler", "500000"),
            ("innsatsområder[0].strategier[0].navn", "Helårsturisme"),
            ("innsatsområder[1].navn", "Industri"),
            ("innsatsområder[1].budsjett", "450000"),
            ("innsatsområder[1].søkbare_midler", "350000"),
            ("innsatsområder[1].strategier[1].navn", "Automatisering"),
            ("andre_kostnader[0].navn", "Uforutsett"),
            ("andre_kostnader[0].beløp", "100000"),
            ("administrasjon.beløp", "900000"),
            ("finansiering[0].beløp", "1500000"),
            ("finansiering[1].beløp", "1500000"),
        ],
        absent: &[
            "innsatsområder[0].strategier[0].bokstav",
            "innsatsområder[2].søkbare_midler",
            "kapitler[1]",
        ],
        headings: &[
            "1 Mål og innsatsområder fra omstillingsplanen",
            "2 Strategier og tiltak for innsatsområdene",
            "2.1 Reiseliv",
            "2.2 Industri",
            "3 Budsjett og finansiering",
            "3.1 Budsjett 2025",
            "3.2 Finansiering",
            "4 Kommunikasjonsplan",
        ],
    },
    ShapedPlan {
        // pandoc from Markdown: strategies as lettered sub-headings, letters beginning again
        // in each area, each with labelled lines for its measures and budget («herav …
        // søkbare midler»), and a cost line «Kommunikasjon og forankring».
        name: "elvedal-2025",
        values: &[
            ("program.navn", "Elvedal i Vekst"),
            ("innsatsområder[0].strategier[0].bokstav", "A."),
            ("innsatsområder[0].strategier[0].navn", "Lokal foredling"),
            (
                "innsatsområder[0].strategier[0].tiltak",
                "Forprosjekt for et felles foredlingskjøkken.",
            ),
            ("innsatsområder[0].strategier[0].budsjett", "300000"),
            ("innsatsområder[0].strategier[0].søkbare_midler", "200000"),
            ("innsatsområder[0].strategier[1].budsjett", "150000"),
            ("innsatsområder[1].strategier[0].bokstav", "A."),
            ("innsatsområder[1].strategier[0].budsjett", "250000"),
            ("innsatsområder[1].strategier[1].søkbare_midler", "100000"),
            ("andre_kostnader[0].navn", "Kommunikasjon og forankring"),
            ("andre_kostnader[0].beløp", "100000"),
            ("administrasjon.beløp", "800000"),
        ],
        absent: &["innsatsområder[0].budsjett"],
        headings: &[
            "Mål og innsatsområder fra omstillingsplanen",
            "Strategier og tiltak for innsatsområdene",
            "Mat og landbruk",
            "Teknologi",
            "Ressursinnsats og finansiering",
            "Budsjett 2025",
            "Finansiering",
            "Kommunikasjonsplan",
        ],
    },
    ShapedPlan {
        // A two-year plan in capitals: the name after the years in the title, a job table's
        // header in two rows, labels in one paragraph, bullets with both years' amounts,
        // strategies numbered by hand with «(300')», a budget table with a column per year,
        // sources typed with a dash under a lead-in in 1000 kr, and the next year's after them;
        // the board's date only in the footer.
        name: "brekke",
        values: &[
            ("program.navn", "Brekke næringsløft"),
            ("program.år", "2026"),
            ("program.styrebehandlet", "2025-12-02"),
            ("arbeidsplasser.rader[0].navn", "Havbruk"),
            ("arbeidsplasser.rader[1].mål.2026", "6"),
            ("innsatsområder[0].navn", "Havbruk"),
            ("innsatsområder[0].effektmål", "Flere lokale leverandører."),
            ("innsatsområder[0].søkbare_midler", "600000"),
            ("innsatsområder[0].strategier[0].budsjett", "400000"),
            (
                "innsatsområder[0].strategier[0].merknad",
                "2027: 450 000 kr",
            ),
            ("innsatsområder[1].navn", "Industri"),
            ("innsatsområder[1].strategier[0].navn", "Automatisering"),
            ("innsatsområder[1].strategier[1].budsjett", "200000"),
            ("administrasjon.beløp", "1000000"),
            (
                "finansiering[0].kilde",
                "Kommunal- og distriktsdepartementet",
            ),
            ("finansiering[1].beløp", "1250000"),
        ],
        absent: &[
            "program.visjon",
            "innsatsområder[1].søkbare_midler",
            "arbeidsplasser.rader[2].navn",
            "finansiering[2].kilde",
        ],
        headings: &[
            "1. MÅL OG INNSATSOMRÅDER",
            "2.1 HAVBRUK",
            "2.2 INDUSTRI",
            "3.1 BUDSJETT",
            "3.2 FINANSIERING",
            "4. KOMMUNIKASJON",
        ],
    },
    ShapedPlan {
        // Written freely: a cover laid out as a table, the programme's own job targets by year,
        // areas headed «Innsatsområde: Navn», strategies headed «Strategi A – Navn» with their
        // fields in one paragraph, a table numbering «a)» with a column «Ansvarlig» and a row
        // «Totalt for innsatsområdet», the administration in a sentence, sources as bullets.
        name: "tindvik",
        values: &[
            ("program.navn", "Tindvik Vekst"),
            ("program.år", "2026"),
            ("program.styrebehandlet", "2025-11-25"),
            ("arbeidsplasser.fordelt_på", "ingen"),
            ("arbeidsplasser.rader[0].mål.2026", "9"),
            ("innsatsområder[0].navn", "Sjømat"),
            (
                "innsatsområder[0].beskrivelse",
                "Fiskeindustrien i Tindvik trenger flere ben å stå på.",
            ),
            ("innsatsområder[0].strategier[0].bokstav", "A"),
            ("innsatsområder[0].strategier[0].budsjett", "300000"),
            (
                "innsatsområder[0].strategier[1].tiltak",
                "Lærlingeprogram i fiskeindustrien.",
            ),
            ("innsatsområder[1].navn", "Bolyst"),
            ("innsatsområder[1].strategier[0].bokstav", "a)"),
            ("innsatsområder[1].strategier[0].budsjett", "250000"),
            (
                "innsatsområder[1].strategier[1].merknad",
                "Ansvarlig: Programleder",
            ),
            ("administrasjon.beløp", "600000"),
            ("finansiering[0].kilde", "Nordland fylkeskommune"),
            ("finansiering[1].beløp", "750000"),
        ],
        absent: &[
            "innsatsområder[0].kommentar",
            "innsatsområder[0].uten_arbeidsplassmål",
            "innsatsområder[1].strategier[2].navn",
        ],
        headings: &[
            "1. Mål og innsatsområder",
            "Sjømat",
            "Bolyst",
            "3. Budsjett og finansiering",
            "4. Kommunikasjon",
        ],
    },
    ShapedPlan {
        // Nynorsk, written freely: the job table with the years as rows, areas with «Mål for
        // innsatsområdet:», «Strategiar:» over a numbered list and «Budsjett:» / «Herav
        // søkbare midlar:» lines, «Administrasjon: 1 100 000», sources headed «Kjelde».
        name: "nesbygd",
        values: &[
            ("program.målform", "nynorsk"),
            ("arbeidsplasser.rader[0].mål.2024", "8"),
            ("innsatsområder[0].navn", "Treindustri"),
            (
                "innsatsområder[0].effektmål",
                "Fleire arbeidsplassar i treindustrien.",
            ),
            ("innsatsområder[0].budsjett", "700000"),
            ("innsatsområder[0].søkbare_midler", "500000"),
            (
                "innsatsområder[0].strategier[1].navn",
                "Automatisering i sagbruka",
            ),
            // The budget table with the areas as columns splits the frame «0,5 mill. kr».
            ("innsatsområder[1].budsjett", "300000"),
            ("innsatsområder[1].søkbare_midler", "200000"),
            ("innsatsområder[2].budsjett", "800000"),
            ("administrasjon.beløp", "1100000"),
            ("finansiering[0].kilde", "Vestland fylkeskommune"),
            ("finansiering[1].beløp", "1800000"),
        ],
        absent: &[
            "innsatsområder[0].strategier[0].bokstav",
            "innsatsområder[2].søkbare_midler",
            "kapitler[1]",
        ],
        headings: &[
            "1. Mål og innsatsområde frå omstillingsplanen",
            "2. Innsatsområda",
            "Treindustri",
            "Landbruk",
            "Stadutvikling",
            "3. Budsjett og finansiering",
            "4. Kommunikasjon",
        ],
    },
    ShapedPlan {
        // HTML made a Word document with LibreOffice: no heading styles and no numbers, every
        // heading a bold paragraph (an area's known by its «Skildring:» after it).
        name: "nordvik-2026",
        values: &[
            ("program.navn", "Nordvik Næring"),
            ("program.målform", "nynorsk"),
            ("innsatsområder[0].navn", "Fiskeri og havbruk"),
            ("innsatsområder[0].strategier[0].bokstav", "A"),
            ("innsatsområder[0].strategier[0].budsjett", "300000"),
            ("innsatsområder[1].navn", "Reiseliv"),
            ("innsatsområder[1].strategier[1].budsjett", "100000"),
            ("administrasjon.beløp", "600000"),
            ("finansiering[1].beløp", "800000"),
        ],
        absent: &["kapitler[1]"],
        headings: &[
            "Mål og innsatsområde frå omstillingsplanen",
            "Strategiar og tiltak for innsatsområda",
            "Fiskeri og havbruk",
            "Reiseliv",
            "Budsjett og finansiering",
            "Finansiering",
            "Kommunikasjonsplan",
        ],
    },
];

#[test]
fn word_plans_in_shapes_the_corpus_lacks_come_in_as_plan_data() {
    let dir = kept_output("import-shaped-plans");
    let word = foreign_documents("import-shaped-plans");
    for plan in SHAPED_PLANS {
        // Made by its script, or (made by another program) kept as it was made.
        let script = root().join(format!("tests/fixtures/{}-docx.py", plan.name));
        let docx = if script.exists() {
            let docx = word.join(format!("{}.docx", plan.name));
            let made = Command::new("python3")
                .arg(&script)
                .arg(&docx)
                .status()
                .expect("python3 is needed for this test");
            assert!(made.success());
            docx
        } else {
            root().join(format!("tests/fixtures/{}.docx", plan.name))
        };
        let imported = dir.join(format!("{}.yaml", plan.name));
        let _ = std::fs::remove_file(&imported);
        let said = import(&[docx.to_str().unwrap(), "-o", imported.to_str().unwrap()]);
        assert!(said.contains("gyldig"), "{}: {said}", plan.name);
        let text = std::fs::read_to_string(&imported).unwrap();
        let got = values(&text);
        for (path, want) in plan.values {
            assert_eq!(
                got.get(*path).map(String::as_str),
                Some(*want),
                "{}: {path} in\n{text}",
                plan.name
            );
        }
        for path in plan.absent {
            assert!(!got.contains_key(*path), "{}: {path} in\n{text}", plan.name);
        }
        let out = render_to(&imported, &dir, "html");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let html = std::fs::read_to_string(dir.join(format!("{}.html", plan.name))).unwrap();
        let rendered = html_headings(&html);
        for h in plan.headings {
            assert!(
                rendered.iter().any(|r| heading_key(r) == heading_key(h)),
                "{}: «{h}» in {rendered:?}",
                plan.name
            );
        }
        let known: Vec<String> = plan.headings.iter().map(|h| h.to_string()).collect();
        headings_kept(plan.name, &known, &rendered);
    }
}

/// A plan's values by path, read from its YAML text, and each area's «Sum innsatsområde» as
/// `check` computes it (`None` where the plan cannot be read).
struct Values(BTreeMap<String, String>, Vec<Option<i64>>);

impl Values {
    fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }

    /// An amount at `path` (`foreløpig: ukjent` and text are no amount).
    fn amount(&self, path: &str) -> Option<i64> {
        self.get(path)?.replace([' ', '\u{a0}'], "").parse().ok()
    }

    /// The financing sources' path prefix: a list, or `kilder:` under `finansiering:`.
    fn source(&self, k: usize) -> String {
        if self.0.keys().any(|p| p.starts_with("finansiering.kilder[")) {
            format!("finansiering.kilder[{k}]")
        } else {
            format!("finansiering[{k}]")
        }
    }

    /// The area's sum as the plan's documents show it: «Prosjektkostnader» and «Søkbare
    /// midler» of the area as `check` computes them.
    fn area_sum(&self, i: usize) -> Option<i64> {
        self.1.get(i).copied().flatten()
    }
}

/// The names and amounts of an entry of the corpus's expected.json, each with whether the
/// imported plan holds it as data: (what, found).
fn corpus_findings(expected: &serde_json::Value, v: &Values) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let same = |a: &str, b: &str| {
        let (a, b) = (a.to_lowercase(), b.to_lowercase());
        !a.is_empty() && (a.contains(&b) || b.contains(&a))
    };
    let p = &expected["program"];
    for (key, path) in [("navn", "program.navn"), ("område", "program.område")] {
        let want = p[key].as_str().unwrap_or_default();
        out.push((
            format!("{path} «{want}»"),
            same(v.get(path).unwrap_or(""), want),
        ));
    }
    // The written form: nynorsk when the plan says so, else bokmål (the default).
    let form = p["målform"].as_str().unwrap_or_default();
    out.push((
        format!("program.målform {form}"),
        v.get("program.målform").unwrap_or("bokmål") == form,
    ));
    for (want, path) in [
        (&p["år"], "program.år"),
        (&p["periode"]["fra"], "program.periode.fra"),
        (&p["periode"]["til"], "program.periode.til"),
        (&p["arbeidsplassmål_periode"], "program.arbeidsplassmål"),
    ] {
        let got = v.amount(path);
        out.push((format!("{path} {want}"), got == want.as_i64()));
    }
    let amount = |out: &mut Vec<(String, bool)>, what: String, want: &serde_json::Value, got| {
        if let Some(want) = want.as_i64() {
            out.push((format!("{what} {want}"), got == Some(want)));
        }
    };
    let areas = expected["innsatsområder"].as_array().unwrap();
    for (i, a) in areas.iter().enumerate() {
        let area = format!("innsatsområder[{i}]");
        let want = a["navn"].as_str().unwrap_or_default();
        out.push((
            format!("{area}.navn «{want}»"),
            same(v.get(&format!("{area}.navn")).unwrap_or(""), want),
        ));
        amount(
            &mut out,
            format!("{area} sum"),
            &a["budsjett_kroner"],
            v.area_sum(i),
        );
        let applicable = v.amount(&format!("{area}.søkbare_midler"));
        amount(
            &mut out,
            format!("{area}.søkbare_midler"),
            &a["søkbare_kroner"],
            applicable,
        );
        for (j, s) in a["strategier"].as_array().unwrap().iter().enumerate() {
            let path = format!("{area}.strategier[{j}]");
            if let Some(id) = s["id"].as_str() {
                let got = v.get(&format!("{path}.bokstav")).unwrap_or("");
                out.push((
                    format!("{path}.bokstav {id}"),
                    got.trim_end_matches(['.', ':', ')']) == id,
                ));
            }
            let got = v.amount(&format!("{path}.budsjett"));
            amount(
                &mut out,
                format!("{path}.budsjett"),
                &s["budsjett_kroner"],
                got,
            );
            let got = v.amount(&format!("{path}.søkbare_midler"));
            amount(
                &mut out,
                format!("{path}.søkbare_midler"),
                &s["søkbare_kroner"],
                got,
            );
        }
    }
    let admin = v.amount("administrasjon.beløp");
    amount(
        &mut out,
        "administrasjon".into(),
        &expected["administrasjon_kroner"],
        admin,
    );
    let sources = expected["finansiering"].as_array().unwrap();
    for (k, s) in sources.iter().enumerate() {
        let path = v.source(k);
        let want = s["kilde"].as_str().unwrap_or_default();
        out.push((
            format!("{path}.kilde «{want}»"),
            same(v.get(&format!("{path}.kilde")).unwrap_or(""), want),
        ));
        let got = v.amount(&format!("{path}.beløp"));
        amount(&mut out, format!("{path}.beløp"), &s["beløp_kroner"], got);
    }
    let total: i64 = (0..sources.len())
        .filter_map(|k| v.amount(&format!("{}.beløp", v.source(k))))
        .sum();
    amount(
        &mut out,
        "finansiering i alt".into(),
        &expected["total_kroner"],
        Some(total),
    );
    out
}

/// The corpus's reference text without its first line (the note that the plan is made for
/// testing, which the DOCX does not carry).
fn corpus_reference(txt: &Path, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(txt).unwrap();
    let body = text.split_once('\n').map(|(_, b)| b).unwrap_or("");
    let out = dir.join(txt.file_name().unwrap());
    std::fs::write(&out, body).unwrap();
    out
}

/// Each area's «Sum innsatsområde» (project costs and søkbare midler) as the tool computes it
/// from the plan, also when `check` finds errors elsewhere in it.
fn area_sums(plan: &Path) -> Vec<Option<i64>> {
    use rust_decimal::prelude::ToPrimitive;
    let text = std::fs::read(plan).unwrap();
    let Ok((_, plan)) =
        handlingsplan::plan::load::parse_yaml::<handlingsplan::plan::Plan>(plan, &text)
    else {
        return Vec::new();
    };
    handlingsplan::figures::compute(&plan)
        .areas
        .iter()
        .map(|a| a.area_sum.value().and_then(|v| v.to_i64()))
        .collect()
}

/// The headings of a Word document (paragraphs in a heading style), as written.
fn document_headings(docx: &Path) -> Vec<String> {
    use handlingsplan::import::docx::{Block, read};
    let package = read(&std::fs::read(docx).unwrap()).unwrap();
    package
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) if p.heading.is_some() => Some(p.text().trim().to_string()),
            _ => None,
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The headings (h1–h3) of an HTML page, as text.
fn html_headings(html: &str) -> Vec<String> {
    let html = html.replace('\u{ad}', "");
    let mut out = Vec::new();
    for level in ["<h1", "<h2", "<h3"] {
        for part in html.split(level).skip(1) {
            let Some((_, rest)) = part.split_once('>') else {
                continue;
            };
            let close = format!("</{}>", &level[1..]);
            let inner = rest.split(close.as_str()).next().unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(text.replace("&amp;", "&").replace('\u{a0}', " "));
        }
    }
    out
}

/// A heading without its number, in lower case: «3.1 Industri» and «2.1 Industri» are one.
fn heading_key(h: &str) -> String {
    let words: Vec<&str> = h.split_whitespace().collect();
    let start = usize::from(
        words
            .first()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.')),
    );
    words[start..].join(" ").to_lowercase()
}

/// The document's headings in the re-rendered plan: none made up (each heading of the plan is
/// the document's, an area's name or one of the template's sections), and none twice. A
/// heading's unit («Budsjett 2018 (1000 kr)») may be gone: the documents give kroner.
fn headings_kept(slug: &str, document: &[String], rendered: &[String]) {
    let known: Vec<String> = document
        .iter()
        .map(|h| {
            let key = heading_key(h);
            match key.rfind(" (") {
                Some(i) if key.ends_with("kr)") => key[..i].to_string(),
                _ => key,
            }
        })
        .collect();
    let template = [
        "innhold",
        "innhald",
        "mål og innsatsområde",
        "resultater fra tidligere",
        "resultat frå tidlegare",
        "strategier og tiltak",
        "strategiar og tiltak",
        "ressursinnsats",
        "finansiering",
        "kommunikasjonsplan",
    ];
    for h in rendered {
        let key = heading_key(h);
        let own = known
            .iter()
            .filter(|k| !k.is_empty())
            .any(|k| *k == key || key.starts_with(k.as_str()) || k.ends_with(key.as_str()));
        assert!(
            own || template.iter().any(|t| key.starts_with(t)),
            "{slug}: the plan has the heading «{h}», which the document does not"
        );
        let times = rendered.iter().filter(|r| heading_key(r) == key).count();
        assert!(times == 1, "{slug}: «{h}» stands {times} times");
    }
}

/// What `check` says is wrong with a plan: its error lines.
fn check_errors(plan: &Path) -> Vec<String> {
    let out = run(&["check", plan.to_str().unwrap()]);
    if out.status.success() {
        return Vec::new();
    }
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    said.lines()
        .filter(|l| l.contains("feil"))
        .map(str::to_string)
        .collect()
}

/// The Word plans of `../shared/corpus/word` (six programmes, made outside the project in six
/// shapes: the template, a prose plan with its own numbering, strategies as table columns, a
/// transposed job table, pandoc, LibreOffice from HTML) each imported, checked, compared with
/// the names and amounts of `expected.json`, and rendered to measure the sentences kept. The
/// figures per plan are printed.
#[test]
fn the_corpus_of_word_plans_comes_in_as_plan_data() {
    let corpus = root().join("../shared/corpus/word");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("expected.json")).unwrap())
            .unwrap();
    let dir = kept_output("import-corpus");
    let mut report = Vec::new();
    let mut results = Vec::new();
    for (slug, want) in expected.as_object().unwrap() {
        let docx = corpus.join(format!("{slug}.docx"));
        let imported = dir.join(format!("{slug}.yaml"));
        // The plan is written also when `check` finds errors in it (the import then fails).
        let out = run(&[
            "import",
            docx.to_str().unwrap(),
            "-o",
            imported.to_str().unwrap(),
        ]);
        let text = std::fs::read_to_string(&imported).unwrap();
        // The summary says, in the one run, where each programme fact was found and what is
        // left empty.
        let said = String::from_utf8_lossy(&out.stdout);
        // Each with the line where it stands in the plan written.
        let lines: Vec<&str> = text.lines().collect();
        for key in ["navn", "område", "år", "periode", "arbeidsplassmål"] {
            let guessed = format!(", program.{key}: gjettet ");
            let told = said
                .lines()
                .find(|l| l.contains(&guessed))
                .unwrap_or_else(|| panic!("{slug}: «{guessed}» is not told:\n{said}"));
            let line: usize = told
                .strip_prefix("- linje ")
                .and_then(|rest| rest.split(',').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{slug}: no line in «{told}»"));
            assert!(
                lines[line - 1].trim_start().starts_with(&format!("{key}:")),
                "{slug}: line {line} of the plan is not `{key}:` but «{}»",
                lines[line - 1]
            );
        }
        // A plan without a table of targets per year states the year's target in a sentence:
        // it comes in as `årets_mål`, and no table is asked for.
        if want["arbeidsplasser_per_år"].is_null() {
            let year_target = format!("årets_mål: {}", want["program"]["arbeidsplassmål_år"]);
            assert!(
                text.contains(&year_target),
                "{slug}: no «{year_target}»:\n{text}"
            );
            assert!(!said.contains("arbeidsplasser.rader"), "{slug}: {said}");
        }
        let findings = corpus_findings(want, &Values(values(&text), area_sums(&imported)));
        let missing: Vec<&str> = findings
            .iter()
            .filter(|(_, found)| !found)
            .map(|(what, _)| what.as_str())
            .collect();
        let errors = check_errors(&imported);
        let out = render_to(&imported, &dir, "pdf,html");
        let share = if out.status.success() {
            let reference = corpus_reference(&corpus.join(format!("{slug}.txt")), &dir);
            let html = std::fs::read_to_string(dir.join(format!("{slug}.html"))).unwrap();
            let mut known = document_headings(&docx);
            // The areas' headings are the areas' names, as the document names them.
            known.extend(
                values(&text)
                    .into_iter()
                    .filter(|(p, _)| p.starts_with("innsatsområder[") && p.ends_with("].navn"))
                    .map(|(_, name)| name),
            );
            headings_kept(slug, &known, &html_headings(&html));
            coverage(&reference, &plan_and_attachment(&dir, slug)).0
        } else {
            0.0
        };
        report.push(format!(
            "{slug}: check {} ({} feil), {} av {} som data, dekning {share:.1} %\n  mangler: {}\n  {}",
            if errors.is_empty() { "ok" } else { "feiler" },
            errors.len(),
            findings.len() - missing.len(),
            findings.len(),
            missing.join("; "),
            errors.join("\n  ")
        ));
        // Every plan of the corpus passes `check` as imported.
        assert!(errors.is_empty(), "{slug}: {errors:?}");
        results.push((slug.clone(), findings.clone(), share, errors.is_empty()));
    }
    println!("{}", report.join("\n"));
    // Every name and amount the corpus expects is plan data, in every plan; and every plan
    // keeps 95 % of its sentences.
    for (slug, findings, share, passes) in &results {
        let lost: Vec<&String> = findings
            .iter()
            .filter(|(_, found)| !found)
            .map(|(what, _)| what)
            .collect();
        assert!(
            lost.is_empty(),
            "{slug}: not plan data: {lost:?}\n{}",
            report.join("\n")
        );
        assert!(
            !passes || *share >= 95.0,
            "{slug}: {share} %\n{}",
            report.join("\n")
        );
    }
    assert_eq!(
        results.iter().filter(|r| r.3).count(),
        results.len(),
        "{}",
        report.join("\n")
    );
}

/// A Word document imported afresh as `dir/name.yaml`, and its values by path.
fn imported_values(source: &Path, dir: &Path, name: &str) -> BTreeMap<String, String> {
    let yaml = dir.join(format!("{name}.yaml"));
    let _ = std::fs::remove_file(&yaml);
    run(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        yaml.to_str().unwrap(),
    ]);
    values(&std::fs::read_to_string(&yaml).unwrap())
}

/// The paths whose values two imported plans do not share.
fn differing_keys<'a>(
    first: &'a BTreeMap<String, String>,
    again: &'a BTreeMap<String, String>,
) -> Vec<&'a String> {
    first
        .keys()
        .chain(again.keys())
        .filter(|k| first.get(*k) != again.get(*k))
        .collect()
}

/// The corpus's Word plans saved again by LibreOffice (which writes a heading's outline
/// numbering on the paragraph itself, and its own styles) come in as the plans themselves.
#[test]
fn the_corpus_saved_again_by_libreoffice_comes_in_the_same() {
    let corpus = root().join("../shared/corpus/word");
    let dir = kept_output("import-corpus-libreoffice");
    let saved = foreign_documents("import-corpus-libreoffice");
    let mut docx: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    docx.sort();
    let profile = std::env::temp_dir().join(format!("lo-profile-{}", std::process::id()));
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&saved)
        .args(&docx)
        .output()
        .expect("soffice (libreoffice-writer) is needed for this test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&profile);
    for original in &docx {
        let name = original.file_name().unwrap().to_str().unwrap();
        let stem = name.trim_end_matches(".docx");
        let (again, first) = (
            imported_values(&saved.join(name), &dir, &format!("{stem}-libreoffice")),
            imported_values(original, &dir, stem),
        );
        let differ = differing_keys(&first, &again);
        assert!(differ.is_empty(), "{name}: {differ:?} differ");
    }
}

/// The corpus's Word plans as a programme that keeps its plan in Markdown has them: written as
/// Markdown by pandoc and made a Word document again (its contents as links, its title block,
/// its own styles) import to the same plan data. Andøy is left out: its tables rely on merged
/// cells, which pandoc's Markdown cannot hold, so its Markdown is another plan.
#[test]
fn the_corpus_through_markdown_and_pandoc_comes_in_the_same() {
    let corpus = root().join("../shared/corpus/word");
    let dir = kept_output("import-corpus-pandoc");
    let made = foreign_documents("import-corpus-pandoc");
    for stem in [
        "tinn-2025",
        "hemnes-2016",
        "indre-namdal-2019",
        "vinje-2026",
        "hoyanger-2018",
    ] {
        let original = corpus.join(format!("{stem}.docx"));
        let markdown = made.join(format!("{stem}.md"));
        let again = made.join(format!("{stem}.docx"));
        for (from, to, input, output) in [
            ("docx", "markdown", &original, &markdown),
            ("markdown", "docx", &markdown, &again),
        ] {
            let out = Command::new("pandoc")
                .args(["-s", "-f", from, "-t", to, "-o"])
                .arg(output)
                .arg(input)
                .output()
                .expect("pandoc is needed for this test");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let (first, through) = (
            imported_values(&original, &dir, stem),
            imported_values(&again, &dir, &format!("{stem}-pandoc")),
        );
        let differ = differing_keys(&first, &through);
        assert!(differ.is_empty(), "{stem}: {differ:?} differ");
    }
}

#[test]
fn check_on_a_word_document_says_how_to_make_a_plan_file_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("Handlingsplan 2025.docx");
    std::fs::write(&docx, b"PK\x03\x04 not really a package").unwrap();
    let out = run(&["check", docx.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("Filen er et Word-dokument"), "{said}");
    assert!(
        said.contains(&format!("handlingsplan import {}", docx.display())),
        "{said}"
    );
}

#[test]
fn a_documents_text_pasted_into_a_plan_file_is_told_first_to_use_import() {
    let dir = tempfile::tempdir().unwrap();
    let pasted = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(
        root().join("../shared/reference/drangedal-handlingsplan-2024.txt"),
    )
    .unwrap();
    let start: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
    std::fs::write(&pasted, start).unwrap();
    let out = run(&["check", pasted.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let first = said.lines().next().unwrap_or("");
    assert!(first.contains("ser ut som tekst fra et dokument"), "{said}");
    assert!(said.contains("handlingsplan import PLAN.docx"), "{said}");
    // A plan with mistakes is not told so.
    let plan = root().join("tests/fixtures/sytten-feil.yaml");
    let out = run(&["check", plan.to_str().unwrap()]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("ser ut som tekst fra et dokument"));
}
