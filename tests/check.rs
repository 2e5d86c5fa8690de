//! Integration tests of `handlingsplan check` and `schema`: the binary run on the example
//! plans and on broken and hostile files, asserting what the user sees and the exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).replace('\u{a0}', " ")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).replace('\u{a0}', " ")
}

/// Writes `content` to a file in a fresh temporary directory and runs `check` on it.
fn check_bytes(content: &[u8]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, content).unwrap();
    run(&["check", path.to_str().unwrap()])
}

fn hallingdal() -> String {
    std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap()
}

/// A variant of the Hallingdal plan with one text replaced (which must be there).
fn hallingdal_with(from: &str, to: &str) -> Vec<u8> {
    let text = hallingdal();
    assert!(text.contains(from), "test fixture lost: {from}");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn all_example_plans_are_valid() {
    let out = run(&[
        "check",
        data("drangedal-2024.yaml").to_str().unwrap(),
        data("hallingdal-2022.yaml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("feil:"));
}

#[test]
fn the_blank_template_is_refused_only_for_what_it_leaves_to_fill_in() {
    let out = run(&["check", data("mal.yaml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    let errors: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("feil: "))
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|e| e.contains("er ikke fylt ut")),
        "{text}"
    );
}

#[test]
fn a_figure_left_as_three_dots_is_to_fill_in_not_zero_or_unknown() {
    let out = run(&["check", data("mal.yaml").to_str().unwrap()]);
    let text = stderr(&out);
    for field in [
        "program.arbeidsplassmål",
        "arbeidsplasser.rader[0].mål.2025",
        "innsatsområder[0].strategier[0].budsjett",
        "innsatsområder[0].søkbare_midler",
        "administrasjon.beløp",
    ] {
        assert!(
            text.contains(&format!("= felt: {field}\n")),
            "{field}: {text}"
        );
    }
    // Said once, as what to fill in: not also as a target of 0 or a figure not known yet.
    assert!(
        !text.contains("Arbeidsplassmålet for perioden er 0"),
        "{text}"
    );
    assert!(!text.contains("Tallet er ikke kjent ennå"), "{text}");
}

#[test]
fn a_chapter_before_an_area_the_plan_does_not_have_is_refused_with_the_name_to_write() {
    let out = check_bytes(&hallingdal_with(
        "før_innsatsområde: Attraktivitet for næringsliv",
        "før_innsatsområde: Attraktivitet for næringslivet",
    ));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(
        text.contains("Planen har ikke noe innsatsområde «Attraktivitet for næringslivet»"),
        "{text}"
    );
    assert!(
        text.contains("mente du «Attraktivitet for næringsliv»?"),
        "{text}"
    );
    assert!(text.contains("= felt: kapitler["), "{text}");
    // Only in section 2.
    let out = check_bytes(&hallingdal_with(
        "    plassering: i_2\n    før_innsatsområde:",
        "    plassering: etter_2\n    før_innsatsområde:",
    ));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skriv `plassering: i_2`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hallingdal_summary_matches_the_reference() {
    let out = run(&["check", data("hallingdal-2022.yaml").to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(text.contains("40 / 60 / 100 = 200"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("Delsum")
            && l.contains("3 600 000")
            && l.contains("500 000")
            && l.trim_end().ends_with("4 100 000")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("Administrative kostnader") && l.trim_end().ends_with("500 000")), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("Samlet kostnad") && l.trim_end().ends_with("4 600 000")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("Totalt")
            && l.contains("100 %")
            && l.trim_end().ends_with("4 600 000")),
        "{text}"
    );
    // The municipalities' split adds up to their 600 000.
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("Sum")
            && l.contains("300 000")
            && l.trim_end().ends_with("600 000")),
        "{text}"
    );
}

#[test]
fn drangedal_warns_about_the_unknown_carry_over() {
    let out = run(&["check", data("drangedal-2024.yaml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("advarsel: Tallet er ikke kjent ennå"), "{err}");
    assert!(err.contains("finansiering[2].beløp"), "{err}");
    assert!(stdout(&out).contains("28 arbeidsplasser"));
}

#[test]
fn float_amount_is_refused_with_how_to_write_it() {
    let out = check_bytes(&hallingdal_with("budsjett: 400000", "budsjett: 500.000"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("desimaltall"), "{err}");
    assert!(err.contains("`500000`"), "{err}");
    assert!(err.contains("plan.yaml:"), "{err}");
    assert!(
        err.contains("= felt: innsatsområder[0].strategier[0].budsjett\n"),
        "{err}"
    );
    assert!(
        err.contains("budsjett: 500.000"),
        "the line is shown: {err}"
    );
}

#[test]
fn no_for_a_yes_no_setting_says_write_false() {
    let out = check_bytes(&hallingdal_with(
        "uten_arbeidsplassmål: true",
        "uten_arbeidsplassmål: no",
    ));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("`false`"), "{err}");
    assert!(
        err.contains("innsatsområder[4].uten_arbeidsplassmål"),
        "{err}"
    );
}

#[test]
fn no_in_a_text_field_stays_text() {
    let out = check_bytes(&hallingdal_with(
        "tiltak: Etablere prosjekter",
        "tiltak: no",
    ));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unknown_key_gets_a_did_you_mean() {
    let out = check_bytes(&hallingdal_with("  visjon:", "  visjonen:"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Ukjent nøkkel «visjonen»"), "{err}");
    assert!(err.contains("mente du «visjon»?"), "{err}");
    assert!(err.contains("= felt: program.visjonen"), "{err}");
}

#[test]
fn duplicate_keys_are_errors() {
    let out = check_bytes(&hallingdal_with(
        "  område: Hallingdal\n",
        "  område: Hallingdal\n  område: Gol\n",
    ));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("to ganger"), "{}", stderr(&out));
}

#[test]
fn tabs_as_indentation_are_named() {
    let out = check_bytes(&hallingdal_with(
        "  navn: Sats på Hallingdal",
        "\tnavn: Sats på Hallingdal",
    ));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Tabulator brukt som innrykk"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn invalid_utf8_points_at_the_byte() {
    let bytes = hallingdal_with("navn: Flå", "navn: Fl\u{fffd}");
    let mut broken = Vec::new();
    let marker = "\u{fffd}".as_bytes();
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker)
        .unwrap();
    broken.extend_from_slice(&bytes[..at]);
    broken.push(0xE5); // "å" in Latin-1
    broken.extend_from_slice(&bytes[at + marker.len()..]);
    let out = check_bytes(&broken);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("ugyldig UTF-8"), "{err}");
    assert!(err.contains("plan.yaml:"), "{err}");
}

#[test]
fn a_bom_is_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(hallingdal().as_bytes());
    let out = check_bytes(&bytes);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn hostile_files_fail_fast() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..9u8 {
        let (n, p) = ((b'b' + i) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_in_field = format!(
        "program:\n  navn: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let huge = format!("program:\n  navn: \"{}\"\n", "x".repeat(50 * 1024 * 1024));
    for (name, content, expected) in [
        ("alias bomb", bomb.into_bytes(), "feil:"),
        ("100 000-deep nesting", deep.into_bytes(), "for dypt nestet"),
        (
            "100 000-deep nesting in a text field",
            deep_in_field.into_bytes(),
            "for dypt nestet",
        ),
        ("50 MB scalar", huge.into_bytes(), "større enn 4 MB"),
    ] {
        let out = check_bytes(&content);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
    }
}

#[test]
fn missing_file_is_exit_2() {
    let out = run(&["check", "finnes-ikke.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("filen finnes ikke"));
}

#[test]
fn usage_error_is_exit_2() {
    let out = run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plan_errors_exit_1_and_name_the_difference() {
    let out = check_bytes(&hallingdal_with("beløp: 600000", "beløp: 650000"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Finansieringen (4 650 000 kr) er ikke lik samlet kostnad (4 600 000 kr): differanse 50 000 kr"), "{err}");
}

#[test]
fn schema_describes_the_format() {
    let out = run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let props = &schema["properties"];
    for key in [
        "program",
        "arbeidsplasser",
        "innsatsområder",
        "administrasjon",
        "finansiering",
        "kommunikasjonsplan",
    ] {
        assert!(props.get(key).is_some(), "schema lacks {key}");
    }
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}

#[test]
fn committed_schemas_are_up_to_date() {
    for (args, file) in [
        (&["schema"][..], "handlingsplan.schema.json"),
        (&["schema", "--regnskap"][..], "regnskap.schema.json"),
    ] {
        let out = run(args);
        let committed =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim_end(),
            committed.trim_end(),
            "{file} is stale: run `cargo run -- {} -o {file}`",
            args.join(" ")
        );
    }
}
