//! Integration tests of the communication plan: the attachment `render` writes beside the plan
//! (`<stem>-kommunikasjonsplan.{docx,pdf,html}`), its årshjul as a described figure in every
//! format, a crowded year, an event without a month, and months as ranges, lists and the whole
//! year in every format.

use std::io::Read;
use std::path::Path;

mod common;
use common::{data, docx_part, docx_words, kept_output, pdf_text, render_to, run, squeezed};

fn render_all(plan: &Path, out: &Path) {
    let result = render_to(plan, out, "docx,pdf,html");
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The alt texts of the figures in a PDF's structure tree.
fn figure_alts(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Figure"))
        .filter_map(|d| d.get(b"Alt").ok())
        .filter_map(|a| lopdf::decode_text_string(a).ok())
        .collect()
}

/// Drangedal with `events` as its communication plan's events.
fn drangedal_with_events(dir: &Path, events: &str) -> std::path::PathBuf {
    let source = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let start = source.find("  hendelser:\n").unwrap();
    let plan = dir.join("hendelser.yaml");
    std::fs::write(&plan, format!("{}  hendelser:\n{events}", &source[..start])).unwrap();
    plan
}

#[test]
fn drangedal_gets_its_communication_plan_in_three_formats() {
    let out = kept_output("kommunikasjonsplan");
    render_all(&data("drangedal-2024.yaml"), &out);
    for ext in ["docx", "pdf", "html"] {
        assert!(
            out.join(format!("drangedal-2024-kommunikasjonsplan.{ext}"))
                .is_file(),
            "{ext}"
        );
    }
    let pages = pdf_text(
        &out.join("drangedal-2024-kommunikasjonsplan.pdf"),
        "-layout",
    );
    let text = squeezed(&pages.join("\n"));
    assert!(text.contains("Kommunikasjonsplan 2024 Omstilling i Drangedal"));
    for heading in ["1. Formål og målgrupper", "2. Årshjul", "3. Aktivitetsplan"] {
        assert!(text.contains(heading), "{heading}");
    }
    // The activity table is ordered by month: January's activity before November's.
    let january = text.find("Forankrings-").unwrap();
    let november = text.find("Drivkraft 2024 – festaften").unwrap();
    assert!(january < november);
    assert!(text.contains("Aktivitet Målgruppe Kanal Ansvar Når"));
    // The main plan names the attachment in section 4.
    let plan_text = squeezed(&pdf_text(&out.join("drangedal-2024.pdf"), "-layout").join("\n"));
    assert!(plan_text.contains(
        "vedlagt i et eget dokument, «Kommunikasjonsplan 2024 – Omstilling i Drangedal»"
    ));
}

#[test]
fn the_wheel_is_a_described_figure_in_every_format_with_a_table_beside_it() {
    let out = kept_output("kommunikasjonsplan-alt");
    render_all(&data("drangedal-2024.yaml"), &out);
    let alt_start = "Årshjul for 2024 med 7 hendelser: februar: Styremøte (styret), Årsrapport 2023 (rapportering); april: Godkjent regnskap 2023 (rapportering); september–desember: Regionalt samarbeid med Nissedal og Kviteseid (annet)";

    let html = std::fs::read_to_string(out.join("drangedal-2024-kommunikasjonsplan.html")).unwrap();
    assert!(
        html.contains(&format!("role=\"img\" aria-label=\"{alt_start}")),
        "HTML: the inline drawing's accessible name"
    );
    assert!(
        html.contains("<figcaption>Figur 1: Årshjul med viktige hendelser i 2024</figcaption>")
    );
    assert!(
        html.contains("<figure class=\"chart\"><svg "),
        "vector in HTML, inline"
    );

    let docx = docx_part(
        &out.join("drangedal-2024-kommunikasjonsplan.docx"),
        "word/document.xml",
    );
    assert!(
        docx.contains(&format!("descr=\"{alt_start}")),
        "DOCX alt text"
    );
    let mut zip = zip::ZipArchive::new(
        std::fs::File::open(out.join("drangedal-2024-kommunikasjonsplan.docx")).unwrap(),
    )
    .unwrap();
    let media: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .map(String::from)
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let mut png = Vec::new();
    zip.by_name(&media[0])
        .unwrap()
        .read_to_end(&mut png)
        .unwrap();
    let width_px = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let printed_inches = 166.0 / 25.4;
    assert!(
        f64::from(width_px) / printed_inches >= 200.0,
        "{width_px} px over 166 mm is under 200 dpi"
    );

    // PDF/UA: the figure carries its alt text in the structure tree.
    let alts = figure_alts(&out.join("drangedal-2024-kommunikasjonsplan.pdf"));
    assert!(
        alts.iter().any(|a| a.starts_with(alt_start)),
        "PDF figure alt texts: {alts:?}"
    );

    // The same events in a table, for screen readers.
    let text = squeezed(
        &pdf_text(
            &out.join("drangedal-2024-kommunikasjonsplan.pdf"),
            "-layout",
        )
        .join("\n"),
    );
    assert!(text.contains("Måned Hendelse Type"));
    assert!(text.contains("oktober Programstatusvurdering Rapportering"));
}

#[test]
fn a_crowded_year_renders_and_passes_through_every_writer() {
    let dir = kept_output("kommunikasjonsplan-trangt");
    let mut events = String::new();
    for month in 1..=12 {
        if month != 7 && month != 10 {
            events.push_str(&format!(
                "    - {{ hendelse: Styremøte, måned: {month}, type: styre }}\n"
            ));
        }
    }
    for (name, month, kind) in [
        ("Årsrapport 2023 til Innovasjon Norge", 2, "rapportering"),
        ("Godkjent regnskap 2023", 4, "rapportering"),
        ("Programstatusvurdering", 10, "rapportering"),
        (
            "Næringsforum med lokale bedrifter og kommunens administrasjon",
            10,
            "kommunikasjon",
        ),
        ("Gründeruka", 10, "kommunikasjon"),
        ("Nyhetsbrev til næringslivet", 10, "kommunikasjon"),
        ("Drivkraft 2024 – festaften", 11, "kommunikasjon"),
        ("Handlingsplan 2025 i styret", 12, "styre"),
        (
            "Handlingsplan 2025 godkjent i kommunestyret",
            12,
            "kommunestyre",
        ),
        ("Budsjettmøte", 9, "annet"),
        ("Sommeråpent kontor", 6, "kommunikasjon"),
        ("Kommunestyret orienteres", 3, "kommunestyre"),
        ("Bedriftsbesøk", 5, "kommunikasjon"),
        ("Strategisamling", 1, "styre"),
    ] {
        events.push_str(&format!(
            "    - {{ hendelse: {name}, måned: {month}, type: {kind} }}\n"
        ));
    }
    let plan = drangedal_with_events(&dir, &events);
    render_all(&plan, &dir);
    let text =
        squeezed(&pdf_text(&dir.join("hendelser-kommunikasjonsplan.pdf"), "-layout").join("\n"));
    assert_eq!(
        text.matches("oktober ").count(),
        4,
        "four October rows in the table"
    );
    let alts = figure_alts(&dir.join("hendelser-kommunikasjonsplan.pdf"));
    let wheel = alts.iter().find(|a| a.starts_with("Årshjul")).unwrap();
    assert!(wheel.contains("med 24 hendelser"), "{wheel}");
    assert!(
        wheel.contains("oktober: Programstatusvurdering (rapportering), Næringsforum med lokale bedrifter og kommunens administrasjon (kommunikasjon), Gründeruka (kommunikasjon), Nyhetsbrev til næringslivet (kommunikasjon);"),
        "{wheel}"
    );
}

#[test]
fn an_event_without_a_month_is_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = drangedal_with_events(dir.path(), "    - { hendelse: Styremøte, type: styre }\n");
    let out = dir.path().join("ut");
    let result = run(&[
        "render",
        plan.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("Mangler «måned»"), "{err}");
    assert!(
        err.contains("felt: kommunikasjonsplan.hendelser[0]"),
        "{err}"
    );
    assert!(!out.exists());

    let plan = drangedal_with_events(dir.path(), "    - { hendelse: Styremøte, måned: 13 }\n");
    let result = run(&[
        "render",
        plan.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("Måned 13 finnes ikke"));
    assert!(!out.exists());
}

/// Drangedal with `activities` and `events` as its communication plan's.
fn drangedal_with_plan(dir: &Path, activities: &str, events: &str) -> std::path::PathBuf {
    let source = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let start = source.find("  aktiviteter:\n").unwrap();
    let plan = dir.join("spenn.yaml");
    std::fs::write(
        &plan,
        format!(
            "{}  aktiviteter:\n{activities}  hendelser:\n{events}",
            &source[..start]
        ),
    )
    .unwrap();
    plan
}

/// The SVG of the årshjul, as the HTML shows it (inline).
fn html_wheel_svg(html: &str) -> String {
    let start = html.find("<figure class=\"chart\"><svg ").unwrap();
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    html[start + "<figure class=\"chart\">".len()..end].to_string()
}

#[test]
fn month_ranges_lists_and_the_whole_year_show_in_every_format() {
    let dir = kept_output("kommunikasjonsplan-spenn");
    let activities = "    - { aktivitet: Høstkampanje, målgruppe: Næringslivet, måneder: sep–des }\n\
                      \x20   - { aktivitet: Julehilsen og nyttårsbrev, måneder: \"12-1\" }\n\
                      \x20   - { aktivitet: Nyhetsbrev, måneder: løpende }\n\
                      \x20   - { aktivitet: Bedriftsbesøk, måneder: [jan, mars, sep–des] }\n\
                      \x20   - { aktivitet: Styresak, måneder: [4] }\n";
    let events = "    - { hendelse: Regionalt samarbeid, måned: \"9–12\", type: annet }\n\
                  \x20   - { hendelse: Juleavslutning og årsstart, måned: des–jan, type: kommunikasjon }\n\
                  \x20   - { hendelse: Nyheter på nettsiden, måned: hele året, type: kommunikasjon }\n\
                  \x20   - { hendelse: Styremøte, måned: mars, type: styre }\n";
    let plan = drangedal_with_plan(&dir, activities, events);
    render_all(&plan, &dir);
    let pdf = dir.join("spenn-kommunikasjonsplan.pdf");
    // The table cells' soft hyphens (where a phone may break a long word) are not text.
    let html = std::fs::read_to_string(dir.join("spenn-kommunikasjonsplan.html"))
        .unwrap()
        .replace('\u{ad}', "");
    let docx = docx_words(&dir.join("spenn-kommunikasjonsplan.docx"));
    let pdf_raw = squeezed(&pdf_text(&pdf, "-raw").join("\n"));

    // The activity plan: ranges with short names, a wrap across the year end, the whole year,
    // a list; the whole year first, then by first month.
    for (format, text) in [("PDF", &pdf_raw), ("HTML", &html), ("DOCX", &docx)] {
        for when in [
            "sep.–des.",
            "des.–jan.",
            "hele året",
            "jan., mars, sep.–des.",
        ] {
            assert!(text.contains(when), "{format} lacks «{when}»");
        }
        // The events' table says the range in words.
        for when in ["september–desember", "desember–januar", "hele året", "mars"] {
            assert!(text.contains(when), "{format} lacks «{when}»");
        }
        let ongoing = text.find("Nyhetsbrev").unwrap();
        let january = text.find("Bedriftsbesøk").unwrap();
        let april = text.find("Styresak").unwrap();
        let autumn = text.find("Høstkampanje").unwrap();
        let december = text.find("Julehilsen").unwrap();
        assert!(
            ongoing < january && january < april && april < autumn && autumn < december,
            "{format}: activities out of month order"
        );
    }

    // The wheel: an arc along each range (September–December; December–January across the year
    // end) and a ring for the whole year, in the vector drawing; its alt text says them in words.
    let svg = html_wheel_svg(&html);
    let arcs: Vec<&str> = svg
        .split("<path ")
        .filter(|p| p.contains("stroke-linecap=\"round\""))
        .collect();
    assert_eq!(arcs.len(), 2, "{svg}");
    assert!(
        svg.contains("<circle cx=\"0\" cy=\"0\" r=\"")
            && svg.contains("stroke-width=\"5\" stroke-opacity"),
        "a ring for the whole year: {svg}"
    );
    let alt = "Årshjul for 2024 med 4 hendelser: hele året: Nyheter på nettsiden (kommunikasjon); mars: Styremøte (styret); september–desember: Regionalt samarbeid (annet); desember–januar: Juleavslutning og årsstart (kommunikasjon).";
    assert!(
        html.contains(&format!("aria-label=\"{alt}\"")),
        "HTML: the inline drawing's accessible name"
    );
    let docx_xml = docx_part(
        &dir.join("spenn-kommunikasjonsplan.docx"),
        "word/document.xml",
    );
    assert!(
        docx_xml.contains(&format!("descr=\"{alt}\"")),
        "DOCX alt text"
    );
    let alts = figure_alts(&pdf);
    assert!(alts.iter().any(|a| a == alt), "PDF alt texts: {alts:?}");

    // The main plan's section 4 names the attachment, which carries the activities: no list of
    // main activities the plan did not write.
    let main_pdf = squeezed(&pdf_text(&dir.join("spenn.pdf"), "-raw").join("\n"));
    let main_html = std::fs::read_to_string(dir.join("spenn.html")).unwrap();
    let main_docx = docx_words(&dir.join("spenn.docx"));
    for (format, text) in [
        ("PDF", &main_pdf),
        ("HTML", &main_html),
        ("DOCX", &main_docx),
    ] {
        assert!(text.contains("Kommunikasjonsplan 2024"), "{format}");
        for item in ["Hovedaktiviteter i", "Høstkampanje (sep.–des.)"] {
            assert!(!text.contains(item), "{format} main plan has «{item}»");
        }
    }
}

#[test]
fn months_that_are_not_months_are_refused_with_line_field_and_how_to_write_them() {
    let dir = tempfile::tempdir().unwrap();
    for (events, expected) in [
        (
            "    - { hendelse: Styremøte, måned: sep-, type: styre }\n",
            "En måned mangler",
        ),
        (
            "    - { hendelse: Styremøte, måned: hver uke, type: styre }\n",
            "«hver uke» er ikke en måned",
        ),
        (
            "    - { hendelse: Styremøte, måned: \"9-13\", type: styre }\n",
            "Måned 13 finnes ikke",
        ),
        (
            "    - { hendelse: Styremøte, måned: [jan, løpende], type: styre }\n",
            "kan ikke ha «løpende»",
        ),
        (
            "    - { hendelse: Styremøte, måned: sep–okt–nov, type: styre }\n",
            "et spenn har én strek",
        ),
        (
            "    - { hendelse: Styremøte, måned: 9.5, type: styre }\n",
            "er ikke en måned",
        ),
    ] {
        let plan = drangedal_with_events(dir.path(), events);
        let out = run(&["check", plan.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{events}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{events}: {err}");
        assert!(
            err.contains("kommunikasjonsplan.hendelser[0].måned"),
            "{events}: {err}"
        );
        assert!(err.contains("hendelser.yaml:"), "a line: {err}");
        assert!(!err.contains("invalid"), "{err}");
    }
    // What to write is said where a month is not a month.
    let plan = drangedal_with_events(
        dir.path(),
        "    - { hendelse: Styremøte, måned: \"sep til des\" }\n",
    );
    let err = String::from_utf8_lossy(&run(&["check", plan.to_str().unwrap()]).stderr).to_string();
    assert!(err.contains("«sep til des» er ikke en måned"), "{err}");
    assert!(
        err.contains("`sep–des`") && err.contains("`løpende`"),
        "{err}"
    );
}

#[test]
fn a_communication_plan_without_events_has_no_empty_wheel_and_section_4_says_what_it_holds() {
    let out = kept_output("kommunikasjonsplan-uten-hendelser");
    let source = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    // No events, and the template's own sentence on the attachment (not the plan's).
    let events = source.find("  hendelser:\n").unwrap();
    let after_events = events + source[events..].find("\n\n").unwrap() + 1;
    let attachment = source.find("  kommunikasjon_vedlegg: >-\n").unwrap();
    let after_attachment = attachment + source[attachment..].find("».\n").unwrap() + "».\n".len();
    let plan = out.join("uten-hendelser.yaml");
    std::fs::write(
        &plan,
        format!(
            "{}{}{}",
            &source[..events],
            &source[after_events..attachment],
            &source[after_attachment..]
        ),
    )
    .unwrap();
    let result = render_to(&plan, &out, "pdf");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let main = squeezed(&pdf_text(&out.join("uten-hendelser.pdf"), "-raw").join("\n"));
    assert!(
        main.contains("Denne inneholder en konkret aktivitetsplan."),
        "{main}"
    );
    assert!(!main.contains("årshjul"), "{main}");
    let attached =
        squeezed(&pdf_text(&out.join("uten-hendelser-kommunikasjonsplan.pdf"), "-raw").join("\n"));
    assert!(!attached.contains("Årshjul"), "{attached}");
    assert!(attached.contains("2. Aktivitetsplan"), "{attached}");
}
