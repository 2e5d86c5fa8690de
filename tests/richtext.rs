//! Rich text and the plan's own chapters, end to end: each structure as a reader meets it in
//! the PDF, the DOCX and the HTML page, and what `check` refuses in it.

mod common;

use common::{data, docx_part, kept_output, pdf_text, render_to, run};
use std::path::Path;

/// The Hallingdal example with rich text in its own chapters and template texts.
fn rich_plan(dir: &Path) -> std::path::PathBuf {
    std::fs::copy(
        common::root().join("tests/fixtures/logo.png"),
        dir.join("kart.png"),
    )
    .unwrap();
    // The template's numbers and headings (Hallingdal's own numbering is tested in content.rs).
    let plan = std::fs::read_to_string(data("hallingdal-2022.yaml"))
        .unwrap()
        .replace("  nummerering: sammenhengende\n", "")
        .replace("  mål: Mål\n", "");
    // The example's own chapters and texts are replaced by these.
    let plan = plan[..plan.find("\ntekster:").expect("the example has tekster")].replacen(
        "innhold: Sikre næringslivet",
        "innhold: _Sikre_ næringslivet",
        1,
    );
    let extra = r#"
tekster:
  mål_innsatsområder: ""
  strategier_innledning: |
    Vår egen innledning til strategiene.
kapitler:
  - overskrift: Vårt eget forord
    plassering: før_1
    tekst: |
      Forordet står før seksjon 1.

      3. Tredje punkt
      4. Fjerde punkt
         - Underpunkt i nivå to
           - Underpunkt i nivå tre

      # Underoverskrift i forordet

      Les mer på [regionalomstilling.no](https://www.regionalomstilling.no).

      ![Kart over regionen](kart.png "Figur 1. Kart over regionen")
  - overskrift: Effektmål og indikatorer
    plassering: etter_3.2
    tekst: |
      | Indikator | Mål 2024 |
      |---|--:|
      | Nyetableringer | 12 |
      | Sysselsetting | 150 |

      1) Målt av SSB.
"#;
    let path = dir.join("plan.yaml");
    std::fs::write(&path, format!("{plan}{extra}")).unwrap();
    path
}

fn html(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("plan.html")).unwrap()
}

#[test]
fn chapters_lists_headings_tables_links_and_images_reach_every_format() {
    let dir = kept_output("rik-tekst");
    let plan = rich_plan(&dir);
    let out = render_to(&plan, &dir, "docx,pdf,html");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // PDF: the chapter before section 1, in the contents; the numbered list from 3; the table
    // with its note; the link text; the figure caption.
    let pages = pdf_text(&dir.join("plan.pdf"), "-raw");
    let pdf = pages.join("\n");
    let contents = &pages[1];
    assert!(contents.contains("Vårt eget forord"), "{contents}");
    assert!(
        !contents.contains("Underoverskrift i forordet"),
        "a sub-heading stays out of the contents"
    );
    let forord = pdf.find("Forordet står før seksjon 1.").unwrap();
    let section_1 = pdf
        .find("1. Mål og innsatsområder fra utviklingsplanen")
        .unwrap();
    let last = pdf.rfind("1. Mål og innsatsområder").unwrap();
    assert!(
        forord < last && section_1 <= last,
        "the chapter comes before «1.»"
    );
    assert!(pdf.contains("3. Tredje punkt") && pdf.contains("4. Fjerde punkt"));
    assert!(pdf.contains("Underpunkt i nivå tre"));
    assert!(pdf.contains("Nyetableringer 12"));
    assert!(pdf.contains("1) Målt av SSB."));
    assert!(pdf.contains("Figur 1. Kart over regionen"));
    assert!(pdf.contains("Vår egen innledning til strategiene."));
    assert!(!pdf.contains("For hvert innsatsområde er det utviklet strategier"));
    // An empty template text leaves its paragraph out.
    assert!(!pdf.contains("prioriterte innsatsområder med potensial"));

    // DOCX: a numbered list starting at 3, nested bullets at level 2 and 3, a hyperlink, the
    // chapter heading as Heading 1 with a bookmark for the contents.
    let xml = docx_part(&dir.join("plan.docx"), "word/document.xml");
    let numbering = docx_part(&dir.join("plan.docx"), "word/numbering.xml");
    assert!(numbering.contains(r#"<w:startOverride w:val="3"/>"#));
    assert!(xml.contains(r#"<w:ilvl w:val="2"/>"#), "third list level");
    assert!(xml.contains("<w:hyperlink r:id="));
    let rels = docx_part(&dir.join("plan.docx"), "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Target="https://www.regionalomstilling.no" TargetMode="External""#));
    assert!(xml.contains("Vårt eget forord"));
    assert!(xml.contains("Figur 1. Kart over regionen"));
    assert!(xml.contains("1) Målt av SSB."));

    // HTML: <ol start="3">, nested lists, a link, a table with a right-aligned figure column,
    // a figure with its caption, the chapter in the contents.
    // The table cells' soft hyphens (where a phone may break a long word) are not text.
    let page = html(&dir).replace('\u{ad}', "");
    assert!(page.contains("<ol start=\"3\">"));
    assert!(
        page.contains("<a href=\"https://www.regionalomstilling.no\">regionalomstilling.no</a>")
    );
    assert!(page.contains("<figcaption>Figur 1. Kart over regionen</figcaption>"));
    assert!(page.contains("alt=\"Kart over regionen\""));
    assert!(
        page.contains("Vårt eget forord</a></li>"),
        "in the contents"
    );
    assert!(page.contains("<p class=\"note\">1) Målt av SSB.</p>"));
    // A strategy's content is rich text too, inside the strategy cell.
    assert!(page.contains("<em>Sikre</em> næringslivet"));
    let nested = page.find("Underpunkt i nivå to").unwrap();
    assert!(page[nested..].find("<ul>").unwrap() < page[nested..].find("</li>").unwrap());
}

#[test]
fn an_image_that_is_not_there_is_refused_by_check_with_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let plan = rich_plan(dir.path());
    std::fs::remove_file(dir.path().join("kart.png")).unwrap();
    let out = run(&["check", plan.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    // A file that cannot be read: exit code 2, as the README says.
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("Bildet «kart.png» filen finnes ikke"), "{err}");
    assert!(err.contains("kapitler[0].tekst"), "{err}");
}

#[test]
fn a_chapter_at_an_unknown_place_names_the_places() {
    let dir = tempfile::tempdir().unwrap();
    let plan = rich_plan(dir.path());
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("plassering: etter_3.2", "plassering: etter_5");
    std::fs::write(&plan, text).unwrap();
    let out = run(&["check", plan.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("etter_5") && err.contains("etter_3.2"),
        "{err}"
    );
}

#[test]
fn images_are_given_relative_to_the_plan_and_bounded_in_number() {
    let dir = tempfile::tempdir().unwrap();
    let plan = rich_plan(dir.path());
    let text = std::fs::read_to_string(&plan).unwrap();
    let absolute = dir.path().join("kart.png");
    std::fs::write(
        &plan,
        text.replace("](kart.png ", &format!("]({} ", absolute.display())),
    )
    .unwrap();
    let out = run(&["check", plan.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("absolutt sti"), "{err}");

    let many = "![Kart](kart.png)\n\n".repeat(101);
    let indented = many.replace('\n', "\n      ");
    std::fs::write(
        &plan,
        text.replace(
            "      Forordet står før seksjon 1.\n",
            &format!("      Forordet står før seksjon 1.\n\n      {indented}\n"),
        ),
    )
    .unwrap();
    let out = run(&["check", plan.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("høyst 100 bilder"), "{err}");
}
