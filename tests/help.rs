//! The command line speaks Norwegian: the help pages, the usage line and every mistake on the
//! command line (an unknown command, a missing plan, a wrong value) have no English in them,
//! and a misspelt command gets a «mente du».

mod common;

use common::run;

/// English words clap writes on its own, matched as whole words (not «argument», which is
/// Norwegian too).
const ENGLISH: &[&str] = &[
    "usage",
    "commands",
    "command",
    "options",
    "arguments",
    "print",
    "error",
    "unrecognized",
    "unexpected",
    "required",
    "provided",
    "possible",
    "values",
    "value",
    "default",
    "tip",
    "information",
    "more",
    "try",
    "subcommand",
    "subcommands",
    "invalid",
    "found",
    "similar",
    "exists",
    "isn't",
    "the",
    "see",
    "with",
    "this",
    "message",
    "given",
    "version",
    "help",
];

/// The English words in `text`, the flags (`--help`, `-h`, `--version`) left out.
fn english_in(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| {
            !w.trim_start_matches(['«', '\'', '[', '(', '`'])
                .starts_with('-')
        })
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphanumeric() && c != '\'')
                .map(|p| p.trim_matches('\'').to_lowercase())
                .collect::<Vec<_>>()
        })
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

/// Runs the binary and returns what it wrote (both streams) and its exit code.
fn output(args: &[&str]) -> (String, Option<i32>) {
    let out = run(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (text, out.status.code())
}

#[test]
fn help_pages_are_norwegian() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["check", "--help"],
        &["render", "--help"],
        &["diff", "--help"],
        &["new", "--help"],
        &["schema", "--help"],
        &["serve", "--help"],
        &["import", "--help"],
        &[],
    ] {
        let (text, code) = output(args);
        let english = english_in(&text);
        assert!(
            english.is_empty(),
            "{args:?} has English {english:?}:\n{text}"
        );
        assert!(text.contains("Bruk: handlingsplan"), "{args:?}:\n{text}");
        assert!(text.contains("Skriv ut hjelp"), "{args:?}:\n{text}");
        if args.is_empty() {
            assert_eq!(code, Some(2), "no command is a usage error");
        } else {
            assert_eq!(code, Some(0), "{args:?}");
        }
    }
    let (top, _) = output(&["--help"]);
    assert!(top.contains("Kommandoer:"), "{top}");
    assert!(top.contains("Valg:"), "{top}");
    let (render, _) = output(&["render", "--help"]);
    assert!(render.contains("Argumenter:"), "{render}");
    assert!(render.contains("[standard: output]"), "{render}");
    assert!(
        render.contains("[mulige verdier: docx, pdf, html]"),
        "{render}"
    );
    assert!(render.contains("[VALG]"), "{render}");
    // A flag is given or not: no value to write is offered for it.
    let (check, _) = output(&["check", "--help"]);
    assert!(check.contains("-q"), "{check}");
    assert!(!check.contains("true, false"), "{check}");
}

#[test]
fn mistakes_on_the_command_line_are_told_in_norwegian() {
    let cases: &[(&[&str], &str)] = &[
        (&["sjekk", "plan.yaml"], "feil: ukjent kommando 'sjekk'"),
        (&["rendr", "plan.yaml"], "mente du kommandoen 'render'?"),
        (&["check"], "feil: dette må være med: '<PLAN.yaml>...'"),
        (&["new"], "feil: dette må være med: '--output <NY.yaml>'"),
        (
            &["render", "plan.yaml", "--format", "word"],
            "feil: ugyldig verdi 'word' for '--format <FORMAT>'",
        ),
        (
            &["render", "plan.yaml", "--fromat", "pdf"],
            "mente du valget '--format'?",
        ),
        (
            &["serve", "plan.yaml", "--port", "åtte"],
            "skriv et heltall",
        ),
        (&["check", "plan.yaml", "--quiet", "--quiet"], "feil:"),
        (&["new", "-o", "x.yaml", "--regnskap", "r.yaml"], "feil:"),
    ];
    for (args, expected) in cases {
        let (text, code) = output(args);
        assert_eq!(code, Some(2), "{args:?} is a usage error:\n{text}");
        assert!(
            text.contains(expected),
            "{args:?}: no «{expected}» in\n{text}"
        );
        assert!(
            text.contains("Skriv «--help» for mer hjelp"),
            "{args:?}:\n{text}"
        );
        let english = english_in(&text);
        assert!(
            english.is_empty(),
            "{args:?} has English {english:?}:\n{text}"
        );
    }
}

#[test]
fn the_scan_finds_english() {
    assert_eq!(
        english_in("error: unrecognized subcommand 'sjekk'\n\nUsage: handlingsplan <COMMAND>"),
        ["error", "unrecognized", "subcommand", "usage", "command"]
    );
    assert!(english_in("Skriv ut hjelp (--help, -h)").is_empty());
}

#[test]
fn a_file_that_cannot_be_written_is_told_in_norwegian() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notat.txt");
    std::fs::write(&file, "tekst").unwrap();
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/drangedal-2024.yaml");
    let (text, code) = output(&[
        "render",
        plan.to_str().unwrap(),
        "-o",
        file.join("ut").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("en del av stien er en fil"), "{text}");
    assert!(!text.contains("os error"), "{text}");
}

#[test]
fn help_lists_the_files_in_the_order_the_usage_line_takes_them() {
    for command in [
        "check", "render", "diff", "new", "schema", "serve", "import",
    ] {
        let (help, _) = output(&[command, "--help"]);
        let usage = help
            .lines()
            .find(|l| l.starts_with("Bruk:"))
            .unwrap_or_default();
        // The files, not the values of options (`-o <NY.yaml>`).
        let words: Vec<&str> = usage.split_whitespace().collect();
        let in_usage: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                w.starts_with('<')
                    && (*i == 0 || !words[i - 1].trim_start_matches('[').starts_with('-'))
            })
            .map(|(_, w)| w.trim_end_matches("..."))
            .collect();
        let listed: Vec<&str> = help
            .split("Argumenter:")
            .nth(1)
            .unwrap_or_default()
            .split("Valg:")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .filter(|w| w.starts_with('<'))
            .map(|w| w.trim_end_matches("..."))
            .collect();
        assert_eq!(listed, in_usage, "{command} --help:\n{help}");
    }
}
