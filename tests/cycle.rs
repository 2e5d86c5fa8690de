//! Integration tests of the yearly cycle: the December plan with provisional figures, the
//! same plan revised with the approved accounts (`render --regnskap`), `diff` between them,
//! and `new`, which rolls a plan into next year's. The binary is run as a user runs it, and
//! the PDFs are read back with pdftotext.

use std::path::Path;
use std::process::Output;

mod common;
use common::{data, kept_output, run, squeezed};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\u{a0}', " ")
}

/// The line of `page` that starts (after indentation) with `label`, squeezed to single spaces.
fn row<'a>(page: &'a str, label: &str) -> Vec<&'a str> {
    page.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no row «{label}» in\n{page}"))
        .split_whitespace()
        .collect()
}

fn render_pdf(plan: &Path, accounts: Option<&Path>, out: &Path) -> (Output, String) {
    let mut args = vec![
        "render",
        plan.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf,docx",
    ];
    if let Some(a) = accounts {
        args.extend(["--regnskap", a.to_str().unwrap()]);
    }
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stem = plan.file_stem().unwrap().to_str().unwrap();
    let pdf = common::pdf_text(&out.join(format!("{stem}.pdf")), "-layout").join("\u{c}");
    (output, pdf)
}

#[test]
fn the_december_plan_shows_placeholders_marked_totals_and_the_nb_note() {
    let out = kept_output("cycle-december");
    let (_, pdf) = render_pdf(&data("drangedal-2024.yaml"), None, &out);
    assert!(squeezed(&pdf).contains(
        "NB! Oppgitte tall i forslaget til handlingsplan er midlertidige og må kvalitetssikres etter godkjent regnskap for 2023."
    ));
    assert_eq!(
        row(&pdf, "Overføring (bundet fond)")[3..5],
        ["ikke", "kjent*"],
        "the unknown carry-over has a clear placeholder"
    );
    assert_eq!(row(&pdf, "Refusjoner")[1..3], ["185", "000*"]);
    // (The Forklaring column of the row has the plan's own «NB! Utestående tilsagn …».)
    assert!(
        row(&pdf, "Totalt").contains(&"kjent*"),
        "the total that depends on them is marked"
    );
    assert!(!pdf.contains("Revidert"));
}

#[test]
fn the_revised_plan_lists_what_changed_drops_the_nb_note_and_adds_up() {
    let out = kept_output("cycle-revised");
    let (_, pdf) = render_pdf(
        &data("drangedal-2024.yaml"),
        Some(&data("regnskap-2023.yaml")),
        &out,
    );
    assert!(pdf.contains("Revidert 18. april 2024 etter godkjent regnskap for 2023"));
    assert!(
        !pdf.contains("NB! Oppgitte tall"),
        "no provisional figure is left"
    );
    let body = pdf
        .rsplit_once("1. Mål og innsatsområder fra omstillingsplan")
        .unwrap()
        .1;
    assert!(!body.contains("ikke kjent"), "every placeholder is filled");
    assert!(
        !body.contains("Foreløpig tall"),
        "no provisional marker left"
    );
    assert!(pdf.contains("Endringer etter godkjent regnskap for 2023"));
    assert_eq!(
        row(&pdf, "Finansiering fra Overføring (bundet fond)")[5..],
        ["ikke", "kjent*", "447", "500"]
    );
    assert_eq!(
        row(&pdf, "Finansiering totalt")[2..],
        ["ikke", "kjent*", "5", "815", "000"]
    );
    // The financing table's total is the cost total, both final.
    let cost = row(&pdf, "Samlet kostnad");
    assert_eq!(cost[cost.len() - 3..], ["5", "815", "000"]);
    assert_eq!(row(&pdf, "Totalt")[1..6], ["100", "%", "5", "815", "000"]);
    // Achieved jobs from the accounts reach section 1.1, beside the targets.
    assert_eq!(row(&pdf, "2023 "), ["2023", "25", "19"]);
}

/// Renders Drangedal with `accounts` as its accounts file; the exit code and stderr, and
/// whether any output was written.
fn render_with_accounts(accounts: &str) -> (Option<i32>, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("regnskap.yaml");
    std::fs::write(&path, accounts).unwrap();
    let out = dir.path().join("ut");
    let result = run(&[
        "render",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "--regnskap",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    (result.status.code(), text(&result.stderr), out.exists())
}

#[test]
fn accounts_for_another_year_are_refused_and_nothing_is_written() {
    let (code, err, written) = render_with_accounts("år: 2022\ngodkjent: 2023-04-18\n");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("Regnskapet gjelder 2022, men handlingsplanen for 2024 skal revideres etter regnskapet for 2023"),
        "{err}"
    );
    assert!(
        err.contains("regnskap.yaml:1:5"),
        "points at the accounts file: {err}"
    );
    assert!(
        err.contains("1 | år: 2022"),
        "shows the accounts file's own line, not the plan's: {err}"
    );
    assert!(
        !written,
        "no document from a plan whose accounts do not fit"
    );
}

#[test]
fn accounts_naming_an_unknown_strategy_or_source_are_refused() {
    let (code, err, written) = render_with_accounts(
        "år: 2023\ngodkjent: 2024-04-18\nfinansiering:\n  - { kilde: Refusjon, beløp: 1 }\ninnvilget:\n  - { bokstav: Q, beløp: 1000 }\n",
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("ingen strategi med bokstaven «Q»"), "{err}");
    assert!(err.contains("mente du «Refusjoner»"), "{err}");
    assert!(err.contains("regnskap.yaml:6:"), "{err}");
    assert!(!written);
}

#[test]
fn a_figure_that_was_never_provisional_is_a_warning_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let accounts = dir.path().join("regnskap.yaml");
    std::fs::write(
        &accounts,
        "år: 2023\ngodkjent: 2024-04-18\ninnvilget:\n  - { bokstav: G, beløp: 450000 }\n",
    )
    .unwrap();
    let result = run(&[
        "check",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "--regnskap",
        accounts.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let err = text(&result.stderr);
    assert!(
        err.contains("Innvilget for strategi G (Næringsvennlig kommune) i «Attraktivitet for næringsliv» var ikke foreløpig i planen (500 000 kr); regnskapet endrer det til 450 000 kr"),
        "{err}"
    );
}

#[test]
fn diff_prints_every_changed_figure_and_nothing_else() {
    let plan = data("drangedal-2024.yaml");
    let args = |format: &'static str| {
        run(&[
            "diff",
            plan.to_str().unwrap(),
            plan.to_str().unwrap(),
            "--new-regnskap",
            data("regnskap-2023.yaml").to_str().unwrap(),
            "--format",
            format,
        ])
    };
    let terminal = args("text");
    assert_eq!(terminal.status.code(), Some(1), "exit 1: something changed");
    let shown = text(&terminal.stdout);
    let labels: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains('→'))
        .map(|l| l.split("  ").next().unwrap().trim())
        .collect();
    assert_eq!(
        labels,
        [
            "Oppnådde arbeidsplasser 2022",
            "Oppnådde arbeidsplasser 2023",
            "Finansiering fra Overføring (bundet fond)",
            "Finansiering fra Refusjoner",
            "Finansiering fra Andre refusjoner",
            "Finansiering totalt",
        ],
        "{shown}"
    );
    assert!(shown.contains("6 tall endret."));

    let markdown = text(&args("md").stdout);
    assert!(markdown.starts_with("| Tall | Før | Etter |\n|---|---:|---:|\n"));
    assert!(markdown.contains("| Finansiering fra Andre refusjoner | 10 000* | 12 500 |"));
    assert_eq!(markdown.lines().count(), 2 + 6);

    let same = run(&["diff", plan.to_str().unwrap(), plan.to_str().unwrap()]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(text(&same.stdout).trim(), "Ingen tall er endret.");
}

#[test]
fn new_rolls_drangedal_into_2025_and_the_result_checks_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("drangedal-2025.yaml");
    let made = run(&[
        "new",
        "--from",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "--år",
        "2025",
        "-o",
        next.to_str().unwrap(),
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let said = text(&made.stdout);
    assert!(said.contains("Handlingsplan 2025"), "{said}");
    assert!(
        said.contains("Drivkraft 2024"),
        "prose naming last year is listed: {said}"
    );
    let yaml = std::fs::read_to_string(&next).unwrap();
    assert!(yaml.contains("# Budsjettet er satt for innsatsområdet samlet"));

    let checked = run(&["check", next.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    let warnings = text(&checked.stderr);
    for must_fill_in in [
        "program.styrebehandlet",
        "resultater.tekst",
        "finansiering[2].beløp",
    ] {
        assert!(
            warnings.contains(must_fill_in),
            "{must_fill_in}: {warnings}"
        );
    }

    let out = kept_output("cycle-new-2025");
    let (_, pdf) = render_pdf(&next, None, &out);
    assert!(pdf.contains("Handlingsplan 2025"));
    // Drangedal says its goals in its own words (`tekster: mål_innledning`); the year's job
    // target is the table's 2025 column, and `new` listed the prose that names 2024.
    assert!(
        said.contains("For 2024 er målet 28 nye/sikrede arbeidsplasser"),
        "{said}"
    );
    assert!(squeezed(&pdf).contains("Sum arbeidsplasser pr år 20 25 28 27 25 25 150"));
    assert!(
        squeezed(&pdf).contains("etter godkjent regnskap for 2024."),
        "the NB note names 2024"
    );
    // No job results are reported yet: 1.1 has no table saying «ikke rapportert».
    assert!(!pdf.contains("ikke rapportert"), "{pdf}");
}

#[test]
fn new_never_overwrites_and_refuses_a_year_outside_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("plan.yaml");
    std::fs::write(&existing, "mine\n").unwrap();
    let refused = run(&["new", "-o", existing.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("finnes fra før"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine\n");

    let late = dir.path().join("sen.yaml");
    let past = run(&[
        "new",
        "--from",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "--år",
        "2028",
        "-o",
        late.to_str().unwrap(),
    ]);
    assert_eq!(past.status.code(), Some(1));
    assert!(text(&past.stderr).contains("Omstillingsperioden er 2022–2027"));
    assert!(!late.exists());
}

#[test]
fn new_without_a_plan_writes_the_template_with_the_yearly_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("mal-2030.yaml");
    let made = run(&["new", "--år", "2030", "-o", blank.to_str().unwrap()]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let yaml = std::fs::read_to_string(&blank).unwrap();
    assert!(yaml.contains("år: 2030"));
    for event in [
        "Årsrapport 2029",
        "Godkjent regnskap 2029",
        "Programstatusvurdering",
        "Handlingsplan 2031 i styret",
        "Handlingsplan 2031 godkjent i kommunestyret",
    ] {
        assert!(yaml.contains(event), "{event} missing from\n{yaml}");
    }
    // `check` names every «…» left to fill in, and nothing else.
    let checked = run(&["check", blank.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1), "{}", text(&checked.stderr));
    let report = text(&checked.stderr);
    assert!(
        report
            .lines()
            .filter_map(|l| l.strip_prefix("feil: "))
            .all(|e| e.contains("er ikke fylt ut")),
        "{report}"
    );
}
