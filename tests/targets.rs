//! Goals at more than one level, the programme's other targets, results over time, figures
//! the plan does not give, and notes on rows and tables: each shown in PDF, DOCX and HTML,
//! and bad input refused by `check` with the field and what to write.

mod common;

use common::{docx_part, kept_output, pdf_text, render_to, run};
use std::path::Path;

/// A plan in its third year with every new structure: a period goal and a dated impact goal,
/// other targets with reported figures, jobs reported for one of two years and cumulatively,
/// an area budgeted only as a whole, and notes on a strategy, a job row, a funding source and
/// the financing table.
const PLAN: &str = include_str!("fixtures/maal-og-merknader.yaml");

struct Rendered {
    pdf: String,
    html: String,
    docx: String,
}

fn render(name: &str, yaml: &str) -> Rendered {
    let dir = kept_output(name);
    let plan = dir.join(format!("{name}.yaml"));
    std::fs::write(&plan, yaml).unwrap();
    let out = render_to(&plan, &dir, "pdf,docx,html");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = pdf_text(&dir.join(format!("{name}.pdf")), "-raw").join("\n");
    Rendered {
        pdf: pdf.split_whitespace().collect::<Vec<_>>().join(" "),
        // The table cells' soft hyphens (where a phone may break a long word) are not text.
        html: std::fs::read_to_string(dir.join(format!("{name}.html")))
            .unwrap()
            .replace('\u{a0}', " ")
            .replace('\u{ad}', ""),
        docx: docx_part(&dir.join(format!("{name}.docx")), "word/document.xml")
            .replace('\u{a0}', " "),
    }
}

/// The text of the DOCX body without its markup: runs joined as they are, paragraphs (and so
/// table cells) separated by a space.
fn docx_text(xml: &str) -> String {
    let xml = xml.replace("</w:p>", "<w:t> </w:t></w:p>");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest
        .find("<w:t>")
        .into_iter()
        .chain(rest.find("<w:t "))
        .min()
    {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let Some(close) = after.find("</w:t>") else {
            break;
        };
        if open_end < close && !after[..open_end].ends_with('/') {
            out.push_str(&after[open_end + 1..close]);
        }
        rest = &after[close + 6..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the HTML: block tags become spaces, inline ones (b, i) nothing.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' => {
                in_tag = false;
                let name = tag.trim_start_matches('/');
                if !matches!(name, "b" | "i" | "strong" | "em") {
                    out.push(' ');
                }
            }
            c if in_tag => tag.push(c),
            c => out.push(c),
        }
    }
    out.replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn all_formats(r: &Rendered) -> [(&'static str, String); 3] {
    [
        ("PDF", r.pdf.clone()),
        ("HTML", html_text(&r.html)),
        ("DOCX", docx_text(&r.docx)),
    ]
}

#[test]
fn goals_targets_results_and_notes_reach_every_format() {
    let r = render("maal-og-merknader", PLAN);
    for (format, text) in all_formats(&r) {
        for want in [
            // Goals at three levels.
            "Periodemål 2022–2023: Femti nye arbeidsplasser i industrien.",
            "Effektmål 2030: En mer robust industri.",
            "Resultatmål 2024: 50 nye arbeidsplasser.",
            // Other targets beside the jobs, in their units; a target not given is «–».
            "Andre tallfestede mål",
            "Nye bedrifter 3 4 4 4 15",
            "Utløste midler¹ – – – – 2 000 000 kr",
            "Prosjekter med kompetanseheving – – 40 % – –",
            "¹ Midler fra andre kilder i prosjektene programmet støtter.",
            // 1.1: a year not reported is not 0; the cumulative figure against the years' target.
            "2022 40 45",
            "2023 60 ikke rapportert",
            "2022–2023 samlet 100 ca. 70",
            "Nye bedrifter 2023 4 ikke rapportert",
            "Nye bedrifter 2022–2023 samlet 7 5",
            // Row notes numbered after the table's own ¹ (areas without a target) and ¹ ².
            "Industri² 40 60 50 50 200",
            "² Inkluderer sikrede arbeidsplasser i verkstedindustrien.",
            "B: Nettverk¹",
            "¹ NB! Utestående tilsagn per 31.12.23",
            "C: Stedsutvikling¹",
            "¹ Delfinansiert av fylket.",
            // The financing table: a row note, the note on the sum row, the table's note.
            "Fylket¹",
            "¹ (IN: 175’)",
            "NB! Utestående tilsagn per 31.12.23",
            "Medfinansiering er IKKE TATT MED I INNTEKTER.",
            // An area budgeted as a whole: its total once, and søkbare midler not given.
            "Budsjett for hele innsatsområdet: 800 000 kr (prosjektkostnader; søkbare midler er ikke oppgitt).",
        ] {
            assert!(text.contains(want), "{format} lacks «{want}»:\n{text}");
        }
        assert!(
            !text.contains("2023 60 –"),
            "{format}: a year not reported reads as –"
        );
        assert!(
            !text.contains("Søkbare midler 0"),
            "{format} claims 0 søkbare midler"
        );
    }
    // The area budgeted as a whole has no empty budget column in its strategy table, and
    // 800 000 stands once, under it.
    let area = &r.html
        [r.html.find(">2.1 Industri</h2>").unwrap()..r.html.find(">2.2 Kultur</h2>").unwrap()];
    let strategy_table = &area[area.find("<table").unwrap()..area.find("</table>").unwrap()];
    assert!(!strategy_table.contains(">Budsjett<"), "{strategy_table}");
    assert!(!strategy_table.contains("800 000"), "{strategy_table}");
    assert_eq!(html_text(area).matches("800 000").count(), 1, "{area}");
}

#[test]
fn a_plan_that_states_only_the_years_job_target_shows_no_table_and_no_invented_figure() {
    let plan = PLAN.replace(
        "  rader:\n    - navn: Industri\n      mål: { 2022: 40, 2023: 60, 2024: 50, 2025: 50 }\n      merknad: Inkluderer sikrede arbeidsplasser i verkstedindustrien.\n",
        "  årets_mål: 50\n",
    );
    assert_ne!(plan, PLAN);
    let r = render("uten-arbeidsplasstabell", &plan);
    for (format, text) in all_formats(&r) {
        for want in [
            "200 arbeidsplasser i perioden 2022 til 2025",
            "For 2024 er målet 50 arbeidsplasser",
        ] {
            assert!(text.contains(want), "{format} lacks «{want}»:\n{text}");
        }
        // No table, and no year's target the plan does not give (as 0 or otherwise).
        for unwanted in [
            "Sum arbeidsplasser pr år",
            "Årlig periodiserte",
            "2022 0",
            "2023 0",
        ] {
            assert!(
                !text.contains(unwanted),
                "{format} has «{unwanted}»:\n{text}"
            );
        }
    }
}

#[test]
fn nynorsk_says_not_reported_in_nynorsk() {
    let nn = PLAN.replace(
        "kommunestyregodkjent: 2023-12-14 }",
        "kommunestyregodkjent: 2023-12-14, målform: nynorsk }",
    );
    let r = render("maal-nynorsk", &nn);
    for (format, text) in all_formats(&r) {
        for want in [
            "2023 60 ikkje rapportert",
            "2022–2023 samla 100 ca. 70",
            "Andre talfesta mål",
            "Budsjett for heile innsatsområdet: 800 000 kr (prosjektkostnader; søkbare midlar er ikkje oppgitt).",
        ] {
            assert!(text.contains(want), "{format} lacks «{want}»");
        }
    }
}

#[test]
fn the_old_shapes_still_work() {
    // effektmål as a plain text and finansiering as a plain list, as before.
    let old = PLAN
        .replace(
            "effektmål: { tekst: En mer robust industri., år: 2030 }",
            "effektmål: En mer robust industri.",
        )
        .replace(
            "finansiering:\n  merknad: Medfinansiering er IKKE TATT MED I INNTEKTER.\n  sum_forklaring: NB! Utestående tilsagn per 31.12.23\n  kilder:\n",
            "finansiering:\n",
        );
    let r = render("gamle-former", &old);
    let html = html_text(&r.html);
    assert!(
        html.contains("Effektmål: En mer robust industri."),
        "{html}"
    );
    assert!(!html.contains("IKKE TATT MED"));
}

/// `check` on a variant of [`PLAN`]: exit code and stderr.
fn check_variant(from: &str, to: &str) -> (Option<i32>, String) {
    assert!(PLAN.contains(from), "fixture lost: {from}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, PLAN.replacen(from, to, 1)).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).replace('\u{a0}', " "),
    )
}

#[test]
fn the_plan_is_valid_and_check_says_what_is_wrong_with_bad_targets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, PLAN).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (from, to, wants) in [
        (
            "oppnådd: { 2022: 2 }",
            "oppnådd: { 2022: \"2,5\" }",
            &[
                "2,5 er ikke et helt antall",
                "andre_mål[0].oppnådd.2022",
                "plan.yaml:",
            ][..],
        ),
        (
            "mål: { 2024: 40 }",
            "mål: { 2024: 140 }",
            &["140 % er mer enn 100 %", "andre_mål[2].mål.2024"][..],
        ),
        (
            "periodemål: \"2 000 000\"",
            "periodemål: 2000000.5",
            &["desimaltall", "`500000`"][..],
        ),
        (
            "mål: { 2022: 3, 2023: 4, 2024: 4, 2025: 4 }",
            "mål: { 2022: 3, 2023: 4, 2024: 4, 2026: 4 }",
            &[
                "Året 2026 ligger utenfor perioden 2022–2025",
                "andre_mål[0].mål.2026",
            ][..],
        ),
        (
            "enhet: antall",
            "enhet: stykk",
            &["stykk", "antall", "kroner", "prosent"][..],
        ),
        (
            "periode: { fra: 2022, til: 2023 } }",
            "periode: { fra: 2023, til: 2022 } }",
            &[
                "Perioden for periodemålet slutter (2022) før den begynner (2023)",
                "innsatsområder[0].periodemål.periode.til",
            ][..],
        ),
        (
            "år: 2030 }",
            "år: 20300 }",
            &["Året 20300 er ikke mulig"][..],
        ),
        (
            "effektmål: { tekst: En mer robust industri., år: 2030 }",
            "effektmål: { tekst: En mer robust industri., innen: 2030 }",
            &["innen"][..],
        ),
        (
            "oppnådd_samlet: { til: 2023, verdi: 70, omtrent: true }",
            "oppnådd_samlet: { til: 2024, verdi: 70, omtrent: true }",
            &[
                "Et samlet resultat til og med 2024 kan ikke være kjent i handlingsplanen for 2024",
                "resultater.oppnådd_samlet.til",
                "til: 2023",
            ][..],
        ),
        (
            "merknad: Delfinansiert av fylket.",
            "merknad: \"> Et sitat\"",
            &["innsatsområder[1].strategier[0].merknad"][..],
        ),
    ] {
        let (code, err) = check_variant(from, to);
        assert_eq!(code, Some(1), "{to}: {err}");
        for want in wants {
            assert!(err.contains(want), "{to}: lacks «{want}» in\n{err}");
        }
    }
    // A period target that the yearly targets do not add up to is a warning, with both.
    let (code, err) = check_variant("periodemål: 15", "periodemål: 16");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("Målene per år for «Nye bedrifter» summerer til 15, men periodemålet er 16"),
        "{err}"
    );
}

#[test]
fn drangedal_says_what_its_plan_says() {
    let dir = kept_output("drangedal-merknader");
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/drangedal-2024.yaml");
    assert!(render_to(&plan, &dir, "pdf,html").status.success());
    let html = html_text(&std::fs::read_to_string(dir.join("drangedal-2024.html")).unwrap())
        .replace('\u{a0}', " ")
        .replace('\u{ad}', "");
    for want in [
        "G. Næringsvennlig kommune¹",
        "¹ (IN: 175’)",
        "Medfinansiering er IKKE TATT MED I INNTEKTER.",
        "NB! Utestående tilsagn per 31.12.23",
        // The four areas budgeted as a whole show their 500 000 once, under the strategies.
        "Budsjett for hele innsatsområdet: 500 000 kr (prosjektkostnader; søkbare midler er ikke oppgitt).",
        "Budsjett for hele innsatsområdet: prosjektkostnader 500 000 kr og søkbare midler 450 000 kr, sum innsatsområde 950 000 kr.",
    ] {
        assert!(html.contains(want), "lacks «{want}»:\n{html}");
    }
    // The source reports no results: no table of years «ikke rapportert».
    assert!(!html.contains("ikke rapportert"), "{html}");
}
