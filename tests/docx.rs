//! Integration tests of the DOCX as a reader gets it without Word: LibreOffice turns it into
//! PDF (soffice must be installed: libreoffice-writer) on a machine without Carlito or
//! Calibri, and with only the fonts the DOCX embeds it must lay each example out as the Typst
//! PDF (every heading on the page the contents give, as many pages, no table's tail alone at
//! the top of a page); and a programme's own reference.docx must dress the output. The documents are kept under
//! target/tmp/documents/ for CI's validators.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{
    data, docx_part, filled_template, foreign_documents, kept_output, pdf_text, render_to,
    render_with, root, run,
};

/// The headings the table of contents lists and the page each has in the Typst PDF.
fn toc_of(plan_file: &Path) -> Vec<(String, u32)> {
    let valid = handlingsplan::load_and_check(plan_file, None)
        .unwrap()
        .output;
    let templates = handlingsplan::render::Templates::load(None).unwrap();
    let docs = handlingsplan::pipeline::documents(&valid, &templates).unwrap();
    let entries = handlingsplan::write::docx::toc_entries(&docs.plan);
    let layout = handlingsplan::write::pdf::lay_out(&docs.plan, valid.document_date()).unwrap();
    let pages = handlingsplan::write::pdf::heading_pages(&layout).unwrap();
    assert_eq!(entries.len(), pages.len());
    entries.into_iter().map(|(_, t)| t).zip(pages).collect()
}

/// LibreOffice, converting the DOCX files to PDF in `dir`, on a machine as most readers' are
/// without Word: neither Carlito nor Calibri installed (a fontconfig setup that rejects both,
/// should the machine have them), so that only the fonts the DOCX embeds can stand in.
fn libreoffice_to_pdf(dir: &Path, docx: &[PathBuf]) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let fonts_conf = tmp.join("docx-fonts.conf");
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
    let listed = Command::new("fc-list")
        .env("FONTCONFIG_FILE", &fonts_conf)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_lowercase())
        .unwrap_or_default();
    assert!(
        !listed.contains("carlito") && !listed.contains("calibri"),
        "the fonts are hidden: {listed}"
    );
    let profile = tmp.join("libreoffice-profile");
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

#[test]
fn without_carlito_libreoffice_lays_each_example_out_as_the_pdf() {
    let dir = kept_output("docx-libreoffice");
    let stems = ["drangedal-2024", "hallingdal-2022", "mal"];
    let plan = |stem: &str| match stem {
        "mal" => filled_template(),
        _ => data(&format!("{stem}.yaml")),
    };
    for stem in stems {
        let out = render_to(&plan(stem), &dir, "docx,pdf");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The plan revised after the accounts: its tables are longer.
    let revised = dir.join("revidert");
    let accounts = data("regnskap-2023.yaml");
    let out = render_with(
        &data("drangedal-2024.yaml"),
        &revised,
        "docx,pdf",
        &["--regnskap", accounts.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // LibreOffice's PDFs are not PDF/A: kept outside the documents CI validates.
    let converted = Path::new(env!("CARGO_TARGET_TMPDIR")).join("libreoffice-pdf");
    let _ = std::fs::remove_dir_all(&converted);
    std::fs::create_dir_all(converted.join("revidert")).unwrap();
    let mut docx: Vec<PathBuf> = stems
        .iter()
        .map(|s| dir.join(format!("{s}.docx")))
        .collect();
    // The blank plan's communication plan ends in a table.
    docx.push(dir.join("mal-kommunikasjonsplan.docx"));
    libreoffice_to_pdf(&converted, &docx);
    libreoffice_to_pdf(
        &converted.join("revidert"),
        &[revised.join("drangedal-2024.docx")],
    );
    let mut report = String::new();
    let mut pairs: Vec<(String, PathBuf, PathBuf)> = stems
        .iter()
        .map(|s| {
            (
                s.to_string(),
                dir.join(format!("{s}.pdf")),
                converted.join(format!("{s}.pdf")),
            )
        })
        .collect();
    pairs.push((
        "drangedal-2024 revidert".into(),
        revised.join("drangedal-2024.pdf"),
        converted.join("revidert/drangedal-2024.pdf"),
    ));
    for (name, typst_pdf, office_pdf) in &pairs {
        let office = pdf_text(office_pdf, "-layout");
        let all = office.join("\n");
        for code in ["TOC \\o", "PAGEREF", "_Toc"] {
            assert!(
                !all.contains(code),
                "{name}: field code {code} shown:\n{all}"
            );
        }
        // LibreOffice's table of contents shows the PDF's page numbers (its stored result).
        if let Some(stem) = stems.iter().find(|s| **s == name.as_str()) {
            let toc_page = office
                .iter()
                .position(|p| p.contains("Innhold"))
                .expect("a table of contents page");
            for (heading, page) in toc_of(&plan(stem)) {
                let prefix: String = heading.chars().take(28).collect();
                let line = office[toc_page]
                    .lines()
                    .find(|l| l.trim_start().starts_with(&prefix))
                    .unwrap_or_else(|| {
                        panic!("{name}: «{heading}» not in the TOC:\n{}", office[toc_page])
                    });
                let trimmed = line.trim_end();
                let digits =
                    trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                let shown: u32 = trimmed[trimmed.len() - digits..]
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}: no page number in {line:?}"));
                assert_eq!(shown, page, "{name}: TOC line {line:?}");
            }
        }
        // As many pages as the PDF, and every heading on the page the contents give. (Measured
        // without Carlito: 13 of 13, 24 of 24, 9 of 9 and, revised, 14 of 14; with the table
        // text at 11 pt instead of the PDF's 10 and the figure columns by share, 12, 20, 8 and
        // 13, and Hallingdal and the revised plan a page longer; without the embedded fonts 3,
        // 8, 8 and 4.)
        let (_, verdict) = tool("toc-pages", &[typst_pdf, office_pdf]);
        report.push_str(&format!("{name}: {verdict}"));
        let summary = verdict
            .lines()
            .find_map(|l| l.strip_prefix("toc-pages: "))
            .unwrap_or_else(|| panic!("{name}: {verdict}"));
        let numbers: Vec<usize> = summary
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let [right, headings, pages, pdf_pages] = numbers[..] else {
            panic!("{name}: {summary}");
        };
        assert_eq!(pages, pdf_pages, "{name}: {verdict}");
        assert_eq!(right, headings, "{name}: {verdict}");
    }
    // The communication plan as many pages as its PDF: no empty last page.
    let pages = |pdf: &Path| {
        pdf_text(pdf, "-layout")
            .iter()
            .filter(|p| !p.trim().is_empty())
            .count()
    };
    let comm_typst = pdf_text(&dir.join("mal-kommunikasjonsplan.pdf"), "-layout");
    let comm_office = pdf_text(&converted.join("mal-kommunikasjonsplan.pdf"), "-layout");
    assert_eq!(
        comm_office.len(),
        comm_typst.len(),
        "the blank plan's communication plan: {} pages in LibreOffice, {} in the PDF",
        pages(&converted.join("mal-kommunikasjonsplan.pdf")),
        pages(&dir.join("mal-kommunikasjonsplan.pdf"))
    );
    // No page of the DOCX (nor of the PDF) begins with a table's sum rows or notes alone.
    let mut pdfs: Vec<&Path> = Vec::new();
    for (_, typst_pdf, office_pdf) in &pairs {
        pdfs.push(typst_pdf);
        pdfs.push(office_pdf);
    }
    let (none, stranded) = tool("stranded", &pdfs);
    assert!(none, "{stranded}");
    std::fs::write(converted.join("sidetall.txt"), &report).unwrap();
    eprintln!("{report}");
}

/// A reference.docx as Word saves one: Word's own style ids («Overskrift1»), theme fonts, a
/// heading 1 in Georgia and dark red, and no numbering part.
fn users_reference() -> Vec<u8> {
    use std::io::Write;
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Cambria" w:hAnsi="Cambria" w:eastAsia="Cambria" w:cs="Cambria"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:color w:val="8B0000"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
</w:styles>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#).unwrap();
    zip.start_file("word/styles.xml", options).unwrap();
    zip.write_all(styles.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_programmes_reference_docx_dresses_the_plan() {
    // The programme's reference (styles only, not a document the tool wrote) beside the plan,
    // outside the documents CI validates as the tool's output; the DOCX is written apart.
    let input = foreign_documents("referansedokument");
    let dir = kept_output("referansedokument");
    std::fs::write(input.join("referanse.docx"), users_reference()).unwrap();
    // The plan key, relative to the plan file.
    let plan = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let plan = plan.replacen(
        "program:\n",
        "program:\n  referansedokument: referanse.docx\n",
        1,
    );
    assert!(plan.contains("referansedokument"));
    std::fs::write(input.join("profil.yaml"), plan).unwrap();
    let out = run(&[
        "render",
        input.join("profil.yaml").to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docx = dir.join("profil.docx");
    let styles = docx_part(&docx, "word/styles.xml");
    let parsed = roxmltree::Document::parse(&styles).unwrap();
    let h1 = parsed
        .descendants()
        .find(|n| {
            n.tag_name().name() == "style"
                && n.attribute((
                    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    "styleId",
                )) == Some("Overskrift1")
        })
        .expect("the reference's heading 1");
    let h1_xml = &styles[h1.range()];
    assert!(
        h1_xml.contains("Georgia") && h1_xml.contains("8B0000"),
        "{h1_xml}"
    );
    assert!(styles.contains("Cambria"), "the reference's body font");
    assert!(
        styles.contains(r#"<w:lang w:val="nb-NO""#),
        "the plan's language"
    );
    // The headings use it; the styles it lacks came from the default.
    let document = docx_part(&docx, "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="Overskrift1"/>"#));
    assert!(!document.contains(r#"<w:pStyle w:val="Heading1"/>"#));
    assert!(styles.contains(r#"w:styleId="Handlingsplantabell""#));
    assert!(styles.contains(r#"w:styleId="ListBullet""#));
    // The command-line flag does the same, and wins over the plan.
    let flag_dir = kept_output("referansedokument-flagg");
    let out = run(&[
        "render",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "-o",
        flag_dir.to_str().unwrap(),
        "--format",
        "docx",
        "--reference-docx",
        dir.join("profil.docx").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let styles = docx_part(&flag_dir.join("drangedal-2024.docx"), "word/styles.xml");
    assert!(styles.contains("Georgia"));
}

#[test]
fn a_reference_that_is_not_a_word_document_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("profil.docx");
    std::fs::write(&fake, "dette er tekst").unwrap();
    let out = run(&[
        "render",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "-o",
        dir.path().join("ut").to_str().unwrap(),
        "--format",
        "docx,pdf",
        "--reference-docx",
        fake.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("profil.docx") && stderr.contains("ikke et Word-dokument"),
        "{stderr}"
    );
    assert!(!dir.path().join("ut").exists(), "nothing written");
    // The same document named in the plan is refused already by `check`, naming the field.
    let plan = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    std::fs::write(
        &plan,
        text.replacen(
            "program:\n",
            "program:\n  referansedokument: profil.docx\n",
            1,
        ),
    )
    .unwrap();
    let checked = run(&["check", plan.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(
        stderr.contains("felt: program.referansedokument")
            && stderr.contains("ikke et Word-dokument"),
        "{stderr}"
    );
}
