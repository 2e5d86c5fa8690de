//! Robustness (issue 11): each case that once panicked, wrapped, hung, or was accepted by
//! `check` and refused by `render`, as a minimal input run through the binary. Asserted is
//! what a user sees: the exit code, a Norwegian message naming the field, and documents that
//! are written (and kept for the independent validators) when `check` accepted the plan.

mod common;

use common::{data, kept_output, pdf_text, render_to, run};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).replace('\u{a0}', " ")
}

fn hallingdal() -> String {
    std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap()
}

/// The Hallingdal plan with one text replaced (which must be there).
fn hallingdal_with(from: &str, to: &str) -> String {
    let text = hallingdal();
    assert!(text.contains(from), "test fixture lost: {from}");
    text.replacen(from, to, 1)
}

/// Writes `plan` as plan.yaml in `dir`.
fn write_plan(dir: &Path, plan: &str) -> PathBuf {
    let path = dir.join("plan.yaml");
    std::fs::write(&path, plan).unwrap();
    path
}

fn check(plan: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = write_plan(dir.path(), plan);
    run(&["check", path.to_str().unwrap()])
}

/// Asserts exit code 1 (the plan has errors) and that every `needle` is in the message.
fn refused(out: &Output, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for n in needles {
        assert!(err.contains(n), "missing «{n}» in: {err}");
    }
}

// --- Figures the plan does not give are never taken as given ---------------------------

#[test]
fn a_budget_written_empty_is_an_error_not_a_budget_left_out_of_the_sums() {
    let out = check(&hallingdal_with("budsjett: 400000", "budsjett:"));
    refused(
        &out,
        &[
            "«budsjett» står tomt",
            "innsatsområder[0].strategier[0].budsjett",
            "fjern linjen",
        ],
    );
    // A source given by its share with an empty amount beside it.
    let out = check(&hallingdal_with(
        "  - kilde: Kommunene\n    beløp: 600000",
        "  - kilde: Kommunene\n    beløp:",
    ));
    refused(&out, &["«beløp» står tomt", "finansiering[1].beløp"]);
}

#[test]
fn a_name_in_a_word_processors_curly_quotes_is_told_since_the_documents_print_them() {
    let out = check(&hallingdal_with("{ navn: Nesbyen,", "{ navn: ”Nesbyen”,"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("«”Nesbyen”» står i typografiske anførselstegn")
            && err.contains("kommunefordeling.kommuner[1].navn")
            && err.contains("\"Nesbyen\""),
        "{err}"
    );
}

#[test]
fn a_municipality_copied_over_another_is_an_error_not_two_shares() {
    let out = check(&hallingdal_with(
        "{ navn: Nesbyen, kommunenummer: \"3040\", innbyggere: 3276 }",
        "{ navn: Gol, kommunenummer: \"3041\", innbyggere: 4585 }",
    ));
    refused(
        &out,
        &[
            "Kommunen «Gol» står to ganger",
            "kommunefordeling.kommuner[2].navn",
        ],
    );
    let out = check(&hallingdal_with(
        "{ navn: Nesbyen, kommunenummer: \"3040\"",
        "{ navn: Nesbyen, kommunenummer: \"3041\"",
    ));
    refused(
        &out,
        &["Kommunenummeret 3041 står både ved «Nesbyen» og «Gol»"],
    );
}

// --- Bounded arithmetic -------------------------------------------------------------------

#[test]
fn an_amount_beyond_decimal_range_is_a_diagnostic_with_its_field() {
    let out = check(&hallingdal_with(
        "budsjett: 400000",
        "budsjett: \"79228162514264337593543950335\"",
    ));
    refused(
        &out,
        &["urimelig stort", "innsatsområder[0].strategier[0].budsjett"],
    );
}

#[test]
fn plain_yaml_integers_of_u64_max_are_refused_not_summed() {
    let out = check(&hallingdal_with(
        "budsjett: 400000",
        "budsjett: 18446744073709551615",
    ));
    refused(&out, &["urimelig stort", "budsjett"]);
    let out = check(&hallingdal_with(
        "programmets_ressursinnsats:\n  beløp: 500000",
        "programmets_ressursinnsats:\n  beløp: 18446744073709551615",
    ));
    refused(
        &out,
        &["urimelig stort", "programmets_ressursinnsats.beløp"],
    );
}

#[test]
fn a_huge_carry_over_in_the_accounts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = std::fs::read_to_string(data("regnskap-2023.yaml"))
        .unwrap()
        .replace(
            "overføring: 447500",
            "overføring: \"79228162514264337593543950335\"",
        );
    let path = dir.path().join("regnskap.yaml");
    std::fs::write(&path, accounts).unwrap();
    let plan = data("drangedal-2024.yaml");
    let (plan, accounts, out) = (
        plan.to_str().unwrap(),
        path.to_str().unwrap(),
        dir.path().join("ut"),
    );
    let check = run(&["check", plan, "--regnskap", accounts]);
    refused(&check, &["urimelig stort", "overføring"]);
    let render = run(&[
        "render",
        plan,
        "--regnskap",
        accounts,
        "-o",
        out.to_str().unwrap(),
    ]);
    refused(&render, &["urimelig stort", "overføring"]);
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn job_targets_cannot_wrap() {
    // 4 294 967 295 beside a 4 once summed to 3.
    let out = check(&hallingdal_with("2022: 10", "2022: 4294967295"));
    refused(
        &out,
        &["urimelig mange", "arbeidsplasser.rader[1].mål.2022"],
    );
}

#[test]
fn populations_cannot_wrap() {
    let text = hallingdal();
    let line = text
        .lines()
        .find(|l| l.contains("innbyggere:") && l.contains("navn:"))
        .expect("a municipality line");
    let n: String = line
        .split("innbyggere:")
        .nth(1)
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let out = check(&hallingdal_with(
        &format!("innbyggere: {n}"),
        "innbyggere: 18446744073709551615",
    ));
    refused(
        &out,
        &["innbyggere", "kommunefordeling.kommuner[0].innbyggere"],
    );
}

#[test]
fn a_year_of_minus_one_is_refused_with_how_to_write_it() {
    let out = check(&hallingdal_with("år: 2022", "år: -1"));
    refused(&out, &["Året -1", "fra 1900 til 2200", "program.år"]);
}

// --- Messages -----------------------------------------------------------------------------

#[test]
fn a_month_range_is_accepted_and_a_bad_one_says_how_months_are_written() {
    let plan = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let event = plan.replacen("måned: 4", "måned: 1-6", 1);
    assert_ne!(event, plan);
    assert_eq!(check(&event).status.code(), Some(0));
    let event = plan.replacen("måned: 4", "måned: 1-6-9", 1);
    refused(
        &check(&event),
        &[
            "et spenn har én strek",
            "`sep–des`",
            "kommunikasjonsplan.hendelser",
        ],
    );
    let start = plan.find("måneder: [").expect("an activity");
    let end = start + plan[start..].find(']').unwrap() + 1;
    let activity = format!("{}måneder: 0-6{}", &plan[..start], &plan[end..]);
    refused(
        &check(&activity),
        &["Måned 0 finnes ikke", "kommunikasjonsplan.aktiviteter"],
    );
}

#[test]
fn parser_messages_are_norwegian() {
    let out = check(&hallingdal_with("navn: Sats på Hallingdal", "navn: ~"));
    refused(&out, &["«navn» står tom", "program.navn"]);
    assert!(!stderr(&out).contains("not allowed"));
    let out = check(&hallingdal_with("navn: Sats på Hallingdal", "navn: [a]"));
    refused(&out, &["her skal stå en tekst", "program.navn"]);
    assert!(!stderr(&out).contains("scalar"));
}

// --- Text that check accepts renders --------------------------------------------------------

#[test]
fn markdown_the_documents_cannot_show_is_refused_by_check_naming_the_field() {
    for (text, needle) in [
        (
            "\"- a\\n  - b\\n    - c\\n      - fjerde nivå\"",
            "liste mer enn tre nivåer",
        ),
        ("\"# Overskrift i en celle\"", "overskrift"),
        ("\"| a |\\n|---|\\n| b |\"", "tabell"),
        ("\"[lenke](javascript:x)\"", "lenke"),
        ("\"> sitat\"", "sitat"),
        ("\"<div>\\nhtml\\n</div>\"", "HTML"),
    ] {
        let out = check(&hallingdal_with(
            "tiltak: Etablere prosjekter",
            &format!("tiltak: {text}"),
        ));
        refused(&out, &[needle, "innsatsområder[1].strategier[3].tiltak"]);
    }
}

#[test]
fn characters_beyond_carlito_render_in_every_format() {
    let text = "Ferdig ✓ 🎉 中文 مرحبا שלום Привет Sámi Ŋŋ ikke\u{2011}brytende 5′";
    let dir = kept_output("robust-skrifter");
    let plan = write_plan(
        &dir,
        &hallingdal_with(
            "tiltak: Etablere prosjekter",
            &format!("tiltak: \"{text} Etablere prosjekter\""),
        ),
    );
    let out = render_to(&plan, &dir, "docx,pdf,html");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("finnes ikke i skriftene"));
    let pdf = pdf_text(&dir.join("plan.pdf"), "-raw").join("\n");
    for word in ["✓", "中文", "Привет", "Ŋŋ"] {
        assert!(pdf.contains(word), "{word} missing from the PDF");
    }
    assert!(dir.join("plan.docx").is_file() && dir.join("plan.html").is_file());
}

#[test]
fn a_character_no_font_has_is_a_warning_and_shows_as_a_square() {
    let dir = kept_output("robust-ukjent-tegn");
    let plan = write_plan(
        &dir,
        &hallingdal_with(
            "tiltak: Etablere prosjekter",
            "tiltak: \"Privat \\uE000 tegn \\uFFFF.\\uFEFF Etablere prosjekter\"",
        ),
    );
    let out = run(&["check", plan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("finnes ikke i skriftene"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("innsatsområder[1].strategier[3].tiltak"));
    let out = render_to(&plan, &dir, "docx,pdf");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = pdf_text(&dir.join("plan.pdf"), "-raw").join("\n");
    assert!(pdf.contains("Privat □ tegn □."), "{pdf}");
}

#[test]
fn a_word_of_32768_characters_is_refused_by_check() {
    let word = "x".repeat(32_768);
    let out = check(&hallingdal_with(
        "tiltak: Etablere prosjekter",
        &format!("tiltak: {word}"),
    ));
    refused(
        &out,
        &["uten mellomrom", "innsatsområder[1].strategier[3].tiltak"],
    );
}

#[test]
fn a_wheel_of_300_long_events_keeps_its_alt_text_within_pdfa() {
    let plan = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let start = plan.find("  hendelser:\n").expect("events");
    let mut events = String::from("  hendelser:\n");
    for i in 0..300 {
        events.push_str(&format!(
            "    - {{ hendelse: \"Hendelse nummer {i} med en lang forklaring av hva som skjer på møtet\", måned: {} }}\n",
            i % 12 + 1
        ));
    }
    // The events are the last list in the plan.
    let tail = &plan[start..];
    let end = tail
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("    ") || l.trim().is_empty())
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + "  hendelser:\n".len();
    let text = format!(
        "{}{}{}",
        &plan[..start],
        events,
        &tail[end.min(tail.len())..]
    );
    let dir = kept_output("robust-hjul");
    let path = write_plan(&dir, &text);
    let out = render_to(&path, &dir, "pdf");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("plan-kommunikasjonsplan.pdf").is_file());
}

// --- Inputs read safely -------------------------------------------------------------------

/// Runs the binary with a time limit: a hang is a failure, not a stuck test.
fn run_within(args: &[&str], limit: Duration) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn a_fifo_a_device_or_a_folder_as_the_plan_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.yaml");
    mkfifo(&fifo);
    for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
        let out = run_within(&["check", path.to_str().unwrap()], Duration::from_secs(10));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("ikke en vanlig fil") || err.contains("er en mappe"),
            "{err}"
        );
    }
}

/// The Hallingdal plan in `dir` with `logo: <name>`.
fn with_logo(dir: &Path, name: &str) -> PathBuf {
    write_plan(
        dir,
        &hallingdal_with("program:\n", &format!("program:\n  logo: {name}\n")),
    )
}

fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn logos_that_cannot_render_are_refused_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("tekst.png"), "dette er ikke en PNG").unwrap();
    std::fs::write(d.join("stor.png"), png_header(100_000, 100_000)).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("null.png")).unwrap();
    mkfifo(&d.join("fifo.png"));
    std::fs::write(
        d.join("lenke.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="/etc/hosts.png" width="10" height="10"/></svg>"#,
    )
    .unwrap();
    std::fs::write(d.join("ødelagt.svg"), "<svg").unwrap();
    for (name, needle) in [
        ("tekst.png", "ikke en PNG"),
        ("stor.png", "100000 × 100000"),
        ("null.png", "ligger utenfor mappen"),
        ("fifo.png", "ikke en vanlig fil"),
        ("lenke.svg", "viser til en annen fil"),
        ("ødelagt.svg", "ikke en gyldig SVG"),
        ("mangler.png", "finnes ikke"),
        ("logo.gif", "PNG- eller SVG"),
    ] {
        let plan = with_logo(d, name);
        let out = run_within(&["check", plan.to_str().unwrap()], Duration::from_secs(20));
        if name == "mangler.png" {
            // A file that cannot be read: exit code 2, as the README says.
            assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
            assert!(stderr(&out).contains(needle), "{}", stderr(&out));
        } else {
            refused(&out, &[needle, "program.logo"]);
        }
    }
}

#[test]
fn the_fixture_logos_still_render() {
    let dir = kept_output("robust-logo");
    for name in ["logo.png", "logo.svg"] {
        std::fs::copy(
            common::root().join("tests/fixtures").join(name),
            dir.join(name),
        )
        .unwrap();
        let plan = with_logo(&dir, name);
        let out = render_to(&plan, &dir, "docx,pdf");
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    }
}

// --- User templates -------------------------------------------------------------------------

fn render_with_template(name: &str, text: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("maler");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join(name), text).unwrap();
    let out_dir = dir.path().join("ut");
    run_within(
        &[
            "render",
            data("hallingdal-2022.yaml").to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    )
}

#[test]
fn a_template_that_includes_itself_is_refused_with_a_message() {
    let out = render_with_template("mål.html", "{% include \"mål.html\" %}");
    assert_ne!(out.status.code(), Some(0));
    assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
    assert!(
        stderr(&out).contains("tar med seg selv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_macro_that_calls_itself_is_refused_with_a_message() {
    let out = render_with_template(
        "mål.html",
        "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}{{ self::m(n=1) }}",
    );
    assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
    assert!(stderr(&out).contains("kaller seg selv"), "{}", stderr(&out));
}

#[test]
fn an_image_wider_than_a_page_is_refused() {
    let plan = std::fs::read_to_string(common::root().join("templates/mål.html")).unwrap();
    let wide = plan.replace("width=\"150\"", "width=\"10000\"");
    assert_ne!(wide, plan);
    let out = render_with_template("mål.html", &wide);
    assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
    assert!(
        stderr(&out).contains("bredden skal være"),
        "{}",
        stderr(&out)
    );
}

// --- Outputs --------------------------------------------------------------------------------

#[test]
fn a_render_that_cannot_write_every_file_leaves_the_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), &hallingdal());
    let out_dir = dir.path().join("ut");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("plan.docx"), "gammel").unwrap();
    // A folder where the PDF should go: the PDF cannot be written.
    std::fs::create_dir(out_dir.join("plan.pdf")).unwrap();
    std::fs::write(out_dir.join("plan.pdf").join("x"), "").unwrap();
    let out = render_to(&plan, &out_dir, "docx,pdf");
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("plan.docx")).unwrap(),
        "gammel",
        "the DOCX must not be replaced when the PDF cannot be written"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
