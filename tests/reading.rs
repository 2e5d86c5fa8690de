//! The front door: `check` run on plans with the mistakes a new user makes, asserting that one
//! run names every mistake at its line, that nothing YAML drops from a text goes unsaid, and
//! that the parser's syntax errors come in Norwegian at the line to fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Runs `check` on `text` written to a fresh file: the exit code and standard error.
fn check(text: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, text).unwrap();
    let out: Output = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args(["check", path.to_str().unwrap()])
        .output()
        .expect("binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).replace('\u{a0}', " "),
    )
}

/// The Hallingdal plan with each `(from, to)` replaced once (each `from` must be there).
fn hallingdal_with(changes: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    for (from, to) in changes {
        assert!(text.contains(from), "test fixture lost: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The 1-based line that is `needle` (trimmed), else the first that holds it.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.trim() == needle)
        .or_else(|| text.lines().position(|l| l.contains(needle)))
        .unwrap_or_else(|| panic!("not in the plan: {needle}")) as u64
        + 1
}

/// Each error the report gives: its message and the line its `-->` names.
fn errors(report: &str) -> Vec<(String, u64)> {
    let lines: Vec<&str> = report.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(message) = l.strip_prefix("feil: ") {
            let line = lines
                .get(i + 1)
                .and_then(|n| n.trim().strip_prefix("--> "))
                .and_then(|at| at.rsplit(':').nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            out.push((message.to_string(), line));
        }
    }
    out
}

#[test]
fn ten_independent_mistakes_give_ten_errors_in_one_run_each_at_its_line() {
    let mistakes: [(&str, &str, &str); 10] = [
        // (what was there, the mistake, what the message says)
        (
            "  styrebehandlet:\n",
            "  styrebehandlet: 12/12/2025\n",
            "skråstrek",
        ),
        (
            "  - navn: Kommunikasjon og samferdsel\n",
            "  - navn:\n",
            "står tom",
        ),
        (
            "    arbeidsplassmål: 6\n    strategier:\n",
            "    arbeidsplassmål: 6\n    stratgier:\n",
            "Ukjent nøkkel «stratgier»",
        ),
        (
            "        budsjett: 200000\n      - bokstav: E.",
            "        budsjett: 200.000\n      - bokstav: E.",
            "desimaltall",
        ),
        (
            "  - navn: Attraktivitet for næringsliv\n    uten_arbeidsplassmål: true",
            "  - navn: Attraktivitet for næringsliv\n    uten_arbeidsplassmål: ja",
            "«ja» er ikke en ja/nei-verdi",
        ),
        (
            "  år: 2022\n",
            "  år: 2026\n",
            "Planåret 2026 ligger utenfor perioden 2022–2024",
        ),
        (
            "{ likt: 50, innbyggere: 50 }",
            "{ likt: 50, innbyggere: 40 }",
            "summerer til 90",
        ),
        (
            "    plassering: før_1\n",
            "    plassering: før_en\n",
            "Ukjent verdi «før_en»",
        ),
        (
            "  forfatter: Sats på Hallingdal\n",
            "  forfater: Sats på Hallingdal\n",
            "Ukjent nøkkel «forfater»",
        ),
        (
            "  målform: bokmål\n",
            "  målform: bokmål\n  aksentfarge: blå\n",
            "Aksentfargen «blå» er ikke en farge",
        ),
    ];
    let changes: Vec<(&str, &str)> = mistakes.iter().map(|(a, b, _)| (*a, *b)).collect();
    let plan = hallingdal_with(&changes);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(1), "{report}");
    let found = errors(&report);
    assert_eq!(found.len(), 10, "ten mistakes, ten errors:\n{report}");
    for (original, mistake, says) in mistakes {
        let written = mistake
            .lines()
            .find(|l| !original.lines().any(|o| o == *l))
            .unwrap()
            .trim();
        let line = line_of(&plan, written);
        assert!(
            found.iter().any(|(m, l)| m.contains(says) && *l == line),
            "no error «{says}» at line {line} ({written}):\n{report}"
        );
    }
    assert!(report.contains("(10 feil)"), "{report}");
    assert!(report.contains("mente du «strategier»?"), "{report}");
}

#[test]
fn a_text_cut_by_a_comment_is_an_error_that_says_what_was_cut() {
    let plan = hallingdal_with(&[
        (
            "  visjon: Hallingdal skal utvikle 200 nye arbeidsplasser og et mer robust og variert næringsliv.",
            "  visjon: Vi skal bli nr #1 i regionen",
        ),
        (
            "        tiltak: Etablere prosjekter\n",
            "        tiltak: Samarbeid med skule #2 om lærlingar.\n",
        ),
    ]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(1), "{report}");
    let found = errors(&report);
    for (shown, cut, needle) in [
        ("Vi skal bli nr", "#1 i regionen", "visjon: Vi skal"),
        (
            "Samarbeid med skule",
            "#2 om lærlingar.",
            "tiltak: Samarbeid",
        ),
    ] {
        let line = line_of(&plan, needle);
        assert!(
            found.iter().any(|(m, l)| *l == line
                && m.contains(&format!("«{cut}» som en kommentar"))
                && m.contains(&format!("viser bare «{shown}»"))),
            "line {line}:\n{report}"
        );
    }
    assert!(
        report.contains("`visjon: \"Vi skal bli nr #1 i regionen\"`"),
        "the fix, ready to copy:\n{report}"
    );
    // A comment after two or more spaces is meant, as in the example plans.
    let plan = hallingdal_with(&[(
        "  område: Hallingdal\n",
        "  område: Hallingdal   # «Omstilling i Hallingdal»\n",
    )]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn texts_yaml_would_take_for_something_else_are_kept_or_reported() {
    // A number-like text stays as written (a municipality number keeps its leading 0).
    let plan = hallingdal_with(&[("kommunenummer: \"3039\"", "kommunenummer: 0301")]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(0), "{report}");
    // An anchor or tag eats the start of the text: said, with the fix.
    for (mistake, says) in [
        ("  område: &Co Hallingdal\n", "«&Co» blir borte fra teksten"),
        (
            "  område: !viktig Hallingdal\n",
            "«!viktig» blir borte fra teksten",
        ),
    ] {
        let plan = hallingdal_with(&[("  område: Hallingdal\n", mistake)]);
        let (code, report) = check(&plan);
        assert_eq!(code, Some(1), "{report}");
        let line = line_of(&plan, mistake.trim());
        assert!(
            errors(&report)
                .iter()
                .any(|(m, l)| m.contains(says) && *l == line),
            "{mistake}:\n{report}"
        );
        assert!(report.contains("anførselstegn"), "{report}");
    }
}

/// Syntax mistakes, the line the message must name, and words it must say.
const SYNTAX: &[(&str, &str, u64, &[&str])] = &[
    (
        "a colon in a text",
        "program:\n  navn: Sats\n  visjon: Mål: eitt nytt firma i året\n",
        3,
        &[
            "«Mål: eitt nytt firma i året»",
            "kolon og mellomrom",
            "anførselstegn",
        ],
    ),
    (
        // The fix offered keeps the comment `new` wrote out of the quotes (in them, it would
        // be printed on the cover).
        "a colon in a text followed by a comment",
        "program:\n  navn: Sats\n  visjon: Ei levande bygd: for alle      # programmets visjon\n",
        3,
        &["`visjon: \"Ei levande bygd: for alle\"  # programmets visjon`"],
    ),
    (
        "a line indented deeper than its neighbours",
        "program:\n  navn: Sats\n   område: Hallingdal\n",
        3,
        &["Linje 3 står lenger inn", "rykk inn linjen"],
    ),
    (
        "a line indented less than its neighbours",
        "program:\n  navn: Sats\n område: Hallingdal\n",
        3,
        &["Innrykket på linje 3 passer ikke"],
    ),
    (
        "a key without its colon",
        "program:\n  navn Sats\n  område: Hallingdal\n",
        2,
        &["Linje 2 mangler kolon", "«navn Sats»"],
    ),
    (
        "an unclosed brace noticed two lines later",
        "program:\n  periode: { fra: 2022, til: 2024\n  år: 2022\n  navn: Sats\n",
        2,
        &["«{» på linje 2 blir ikke lukket med «}»"],
    ),
    (
        "an unclosed bracket",
        "kommunikasjonsplan:\n  aktiviteter:\n    - { aktivitet: Nyhetsbrev, måneder: [jan, feb }\n",
        3,
        &["«[»", "blir ikke lukket"],
    ),
    (
        "a list item where a key belongs",
        "program:\n  navn: Sats\n- område: Hallingdal\n",
        3,
        &["begynner med «-»"],
    ),
    (
        "a list begun on the key's line",
        "innsatsområder: - navn: Industri\n",
        1,
        &["kan ikke begynne på samme linje som nøkkelen"],
    ),
    (
        "a text beginning with @",
        "program:\n  navn: @Hallingdal\n",
        2,
        &["begynner med «@»", "anførselstegn"],
    ),
    (
        "a text beginning with a backtick",
        "program:\n  navn: `Sats`\n",
        2,
        &["begynner med «`»", "anførselstegn"],
    ),
    (
        "a text beginning with %",
        "program:\n  navn: %50 vekst\n",
        2,
        &["begynner med «%»", "anførselstegn"],
    ),
    (
        "a text beginning with *",
        "program:\n  navn: *viktig* satsing\n",
        2,
        &["begynner med «*»", "anførselstegn"],
    ),
    (
        "an unclosed quote",
        "program:\n  navn: \"Sats på Hallingdal\n  område: Hallingdal\n",
        2,
        &["Anførselstegnet på linje 2 blir aldri lukket"],
    ),
    (
        "text after the closing quote",
        "program:\n  navn: \"Sats\" på Hallingdal\n",
        2,
        &["tekst etter det avsluttende anførselstegnet"],
    ),
    (
        "a brace left open in a list, the items after it as they should be",
        "kommunikasjonsplan:\n  hendelser:\n    - { hendelse: Styremøte, måned: 2, type: styre\n    - { hendelse: Årsrapport, måned: 3, type: styre }\n    - { hendelse: Regnskap, måned: 4, type: styre }\n",
        3,
        &["«{» på linje 3 blir ikke lukket med «}»"],
    ),
    (
        "a quote left open on a list item, the next item quoted as it should be",
        "finansiering:\n  - kilde: \"Kviteseid kommune\n    andel: 25\n  - kilde: \"KDD\"\n    andel: 75\n",
        2,
        &["Anførselstegnet på linje 2 blir aldri lukket"],
    ),
    (
        "the first key indented",
        " program:\n  navn: Sats\nfinansiering:\n  - { kilde: KDD, andel: 100 }\n",
        1,
        &["Linje 1 står rykket inn"],
    ),
    (
        "a colon without the space after it",
        "program:\n  navn:Sats\n  område: Hallingdal\n",
        2,
        &["Linje 2 mangler mellomrom etter kolon"],
    ),
    (
        "an item of a list without its dash",
        "innsatsområder:\n  - navn: Industri\n    strategier:\n      - bokstav: A\n        navn: Nettverk\n        bokstav: B\n        navn: Kompetanse\n",
        6,
        &[
            "her begynner trolig et nytt punkt, men «- » mangler",
            "skriv «- » foran «bokstav:»",
        ],
    ),
    (
        "a second document",
        "program:\n  navn: Sats\n---\nprogram:\n  navn: Sats\n",
        3,
        &["mer enn ett YAML-dokument"],
    ),
];

#[test]
fn syntax_mistakes_are_told_in_norwegian_at_the_line_to_fix() {
    let english = [
        "mapping values",
        "simple key",
        "expected",
        "while parsing",
        "not allowed",
        "only valid",
        "unexpected",
        "found",
        "invalid",
    ];
    for (what, text, line, says) in SYNTAX {
        let (code, report) = check(text);
        assert_eq!(code, Some(1), "{what}:\n{report}");
        // Reading goes on past the syntax error: a key the short plan never writes is missing
        // from it, but a key it writes is not (whatever the syntax error cost).
        let found: Vec<(String, u64)> = errors(&report)
            .into_iter()
            .filter(|(m, _)| {
                let missing = m
                    .strip_prefix("Mangler «")
                    .and_then(|k| k.strip_suffix('»'));
                missing.is_none_or(|key| text.contains(&format!("{key}:")))
            })
            .collect();
        assert_eq!(found.len(), 1, "{what}: one error\n{report}");
        let (message, at) = &found[0];
        assert_eq!(at, line, "{what}: at line {line}\n{report}");
        for word in *says {
            assert!(report.contains(word), "{what}: says «{word}»\n{report}");
        }
        for word in english {
            assert!(
                !message.contains(word),
                "{what}: English «{word}»\n{report}"
            );
        }
    }
}

#[test]
fn an_untouched_new_plan_and_empty_names_are_errors() {
    let (code, report) = check(&std::fs::read_to_string(data("mal.yaml")).unwrap());
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("«…» er ikke fylt ut"), "{report}");
    let plan = hallingdal_with(&[("  område: Hallingdal\n", "  område: \"\"\n")]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(1), "{report}");
    let line = line_of(&plan, "område: \"\"");
    assert!(
        errors(&report)
            .iter()
            .any(|(m, l)| m.contains("«område» står tom") && *l == line),
        "{report}"
    );
}

#[test]
fn two_digit_years_are_refused_with_the_date_to_write() {
    let plan = hallingdal_with(&[("  styrebehandlet:\n", "  styrebehandlet: 9.12.25\n")]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("9.12.2025"), "{report}");
}

#[test]
fn missing_dates_name_the_line_of_their_empty_key() {
    let plan = hallingdal_with(&[]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(0), "{report}");
    let line = line_of(&plan, "  styrebehandlet:");
    assert!(
        report.contains(&format!("plan.yaml:{line}:")),
        "the warning names line {line}:\n{report}"
    );
}

#[test]
fn years_without_a_job_target_may_be_left_out_and_show_as_not_given() {
    // Hallingdal's first year without targets for one row: the sum still matches the period.
    let plan = hallingdal_with(&[(
        "mål: { 2022: 5, 2023: 10, 2024: 15 }",
        "mål: { 2022: 5, 2023: 25, 2024: null }",
    )]);
    let (code, report) = check(&plan);
    assert_eq!(code, Some(0), "{report}");
    assert!(!report.contains("skriv 0"), "{report}");
}

#[test]
fn the_accounts_file_is_read_past_its_mistakes_too() {
    let accounts = std::fs::read_to_string(data("regnskap-2023.yaml"))
        .unwrap()
        .replacen("godkjent: 2024-04-18", "godkjent: 18/4/24", 1)
        .replacen("overføring: 447500", "overføring: 447.500", 1)
        .replacen("kilde: Refusjoner, beløp", "kilde: Refusjoner, belop", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regnskap.yaml");
    std::fs::write(&path, accounts).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args(["check", data("drangedal-2024.yaml").to_str().unwrap()])
        .args(["--regnskap", path.to_str().unwrap()])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let found = errors(&report);
    assert_eq!(found.len(), 3, "three mistakes, three errors:\n{report}");
    for says in ["18.4.2024", "desimaltall", "mente du «beløp»?"] {
        assert!(report.contains(says), "{says}:\n{report}");
    }
}

#[test]
fn a_nynorsk_plans_mistakes_are_told_once_by_the_keys_it_writes_and_nothing_follows_from_them() {
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nynorsk.yaml"),
    )
    .unwrap();
    for (from, to) in [
        ("  styrebehandla:\n", "  styrebehandla: 12/12/2026\n"),
        ("    - namn: Havbruk\n", "    - namn:\n"),
        ("        budsjett: 600000\n", "        budsjett: 500.000\n"),
    ] {
        assert!(text.contains(from), "test fixture lost: {from}");
        text = text.replacen(from, to, 1);
    }
    let (code, report) = check(&text);
    assert_eq!(code, Some(1), "{report}");
    let errors = errors(&report);
    assert_eq!(errors.len(), 3, "{report}");
    assert!(errors.iter().all(|(_, line)| *line > 0), "{report}");
    // The empty name by the key the plan writes, once.
    assert!(report.contains("«namn» står tom"), "{report}");
    assert!(!report.contains("«navn»"), "{report}");
    // Nothing said of the stand-ins: no date from before the year 0, no unknown budget.
    assert!(!report.contains("-9999"), "{report}");
    assert!(
        !report
            .split("advarsel: ")
            .any(|w| w.contains("Tallet er ikke kjent") && w.contains("budsjett")),
        "{report}"
    );
}

/// A whole plan written from the template with the seventeen mistakes real users make
/// (tests/fixtures/sytten-feil.yaml: a tab, a missing colon, «: » in a text, a quote left open,
/// ` #` in a text, a date with slashes, `600.000`, `1,5 mill`, `stratgier:`, `ja`, shares of
/// 95 %, «…» left, a job target against the table, a letter used twice, results for a year
/// before the period, a budget of 0, an approval date to come): one run of `check` names every
/// one at its own line, blames no line without one, and says nothing that follows from a value
/// it could not read.
#[test]
fn seventeen_mistakes_are_all_told_in_one_run_each_at_its_line() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sytten-feil.yaml"),
    )
    .unwrap();
    let (code, report) = check(&text);
    assert_eq!(code, Some(1), "{report}");
    let nth_line = |needle: &str, nth: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .nth(nth)
            .unwrap_or_else(|| panic!("not in the plan: {needle}"))
            .0 as u64
            + 1
    };
    let expected: [(&str, usize, &str); 16] = [
        ("visjon: Vi skal bli nr #1", 0, "som en kommentar"),
        ("styrebehandlet: 17/11/2025", 0, "skråstrek"),
        ("kommunestyregodkjent: 2090", 0, "ikke kommet ennå"),
        (
            "oppnådde_arbeidsplasser: { 2022",
            0,
            "utenfor perioden 2024–2029",
        ),
        ("arbeidsplassmål: 7", 0, "men tabellen har 5"),
        ("\tprosjektmål", 0, "Tabulator"),
        ("budsjett: 600.000", 0, "desimaltall"),
        ("prosjektmål 20 nye", 0, "mangler kolon"),
        ("resultatmål: Mål: fem", 0, "kolon og mellomrom"),
        ("stratgier:", 0, "Ukjent nøkkel «stratgier»"),
        ("- bokstav: B", 1, "Bokstaven B er allerede brukt"),
        ("navn: \"Nettverk", 0, "blir aldri lukket"),
        ("budsjett: 1,5 mill", 0, "ikke et beløp"),
        ("tiltak: \"…\"", 0, "ikke fylt ut"),
        ("uten_arbeidsplassmål: ja", 0, "ja/nei-verdi"),
        ("kilde: Vestfold", 0, "Andelene summerer til 95 %"),
    ];
    let found = errors(&report);
    for (needle, nth, says) in expected {
        let line = nth_line(needle, nth);
        assert!(
            found.iter().any(|(m, l)| *l == line && m.contains(says)),
            "no error «{says}» at line {line} ({needle}):\n{report}"
        );
    }
    // One error a mistake, none on a line without one.
    assert_eq!(found.len(), expected.len(), "{report}");
    // The misspelt key is read as the key it means: what is under it was checked.
    assert!(
        report.contains("det som står under, er kontrollert som «strategier»"),
        "{report}"
    );
    // The budget of 0 is asked about, and the financing table's missing public figures said.
    let warnings: Vec<&str> = report.split("advarsel: ").skip(1).collect();
    let budget_line = format!("plan.yaml:{}:", nth_line("budsjett: 0", 0));
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Budsjettet er 0 kr") && w.contains(&budget_line)),
        "{report}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Ingen kilde med andel får et beløp")),
        "{report}"
    );
    // Nothing from a stand-in: no sum or comparison of the budgets that could not be read.
    assert!(!report.contains("kan ikke kontrolleres"), "{report}");
    assert!(!report.contains("summerer til 12"), "{report}");
}

#[test]
fn an_empty_file_is_said_to_be_empty() {
    for text in ["", "\n\n", "# bare en kommentar\n"] {
        let (code, report) = check(text);
        assert_eq!(code, Some(1), "{report}");
        assert!(report.contains("feil: Filen er tom"), "{report}");
        assert!(!report.contains("Mangler «program»"), "{report}");
    }
}

/// Mistakes in the shape of a value (a period, an amount or an administration written as one
/// scalar, a date in words, a misspelt value, an English key in a strategy used twice by an
/// anchor, a word for a number, a month span in words): all told in one run, each once, and a
/// period or an amount written on one line is given back in the form the plan wants.
#[test]
fn mistakes_of_shape_are_all_told_in_one_run_once_each() {
    let mut text = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let changes = [
        ("periode: { fra: 2022, til: 2027 }", "periode: 2022-2027"),
        ("arbeidsplassmål: 150", "arbeidsplassmål: ca. 150"),
        (
            "styrebehandlet: 2023-12-12",
            "styrebehandlet: 12. desember 2023",
        ),
        ("målform: bokmål", "målform: bokmal"),
        ("2024: 4, 2025: 4", "2024: fire, 2025: 4"),
        ("navn: Proaktivt arbeid", "name: Proaktivt arbeid"),
        (
            "administrasjon:\n  beløp: 2490000",
            "administrasjon: 2490000",
        ),
        ("måneder: jan–feb", "måneder: januar til februar"),
    ];
    for (from, to) in changes {
        assert!(text.contains(from), "test fixture lost: {from}");
        text = text.replacen(from, to, 1);
    }
    let (code, report) = check(&text);
    assert_eq!(code, Some(1), "{report}");
    let expected = [
        (
            "periode: 2022-2027",
            "skriv den slik: `{ fra: 2022, til: 2027 }`",
        ),
        ("arbeidsplassmål: ca. 150", "«ca. 150» er ikke et antall"),
        ("styrebehandlet: 12. desember 2023", "er ikke en dato"),
        ("målform: bokmal", "Ukjent verdi «bokmal»"),
        ("2024: fire", "«fire» er ikke et antall"),
        ("name: Proaktivt arbeid", "Ukjent nøkkel «name»"),
        (
            "administrasjon: 2490000",
            "skriv den slik: `{ beløp: 2490000 }`",
        ),
        ("måneder: januar til februar", "er ikke en måned"),
    ];
    let found = errors(&report);
    for (needle, says) in expected {
        let line = line_of(&text, needle);
        let at = format!("plan.yaml:{line}:");
        assert!(
            report
                .split("\n\n")
                .any(|block| block.contains(&at) && block.contains(says)),
            "no «{says}» at line {line}:\n{report}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{report}");
    // The period's example keys are the bokmål ones, and the English key is told once with
    // the plan's own word for it, though the anchor uses the strategy more than once.
    assert!(!report.contains("`frå: …`"), "{report}");
    assert_eq!(
        report.matches("Ukjent nøkkel «name»").count(),
        1,
        "{report}"
    );
    assert!(report.contains("mente du «navn»?"), "{report}");
}
