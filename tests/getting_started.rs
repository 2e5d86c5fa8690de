//! README's «Kom i gang» as a new user runs it: every `handlingsplan` command in its code
//! blocks, as written, in an empty folder, with a copy of the binary outside the source tree
//! (what `cargo install` leaves), and what each command promises is there afterwards.

mod common;

use common::root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `handlingsplan` command lines of README's «Kom i gang», in order.
fn getting_started_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("## Kom i gang")
        .expect("README has «Kom i gang»");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut commands = Vec::new();
    let mut in_code = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if in_code && line.starts_with("handlingsplan ") {
            commands.push(line.to_string());
        }
    }
    commands
}

/// An empty folder, and the binary copied to a folder of its own beside it; `name`: the test's.
fn fresh_folder(name: &str) -> (PathBuf, PathBuf) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&base);
    let work = base.join("mappe");
    let bin = base.join("bin");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    let binary = bin.join("handlingsplan");
    // Linked, not copied: a copy is open for writing while the other test's thread may fork,
    // and the child holding it makes running the copy fail («Text file busy»), now and then.
    let built = env!("CARGO_BIN_EXE_handlingsplan");
    if std::fs::hard_link(built, &binary).is_err() {
        let copy = bin.join("handlingsplan.kopi");
        std::fs::copy(built, &copy).unwrap();
        std::fs::rename(&copy, &binary).unwrap();
    }
    (work, binary)
}

#[test]
fn getting_started_runs_as_written_in_an_empty_folder() {
    let commands = getting_started_commands();
    assert!(
        commands.iter().any(|c| c.contains("--eksempler"))
            && commands
                .iter()
                .any(|c| c.starts_with("handlingsplan check")),
        "{commands:#?}"
    );
    let (work, binary) = fresh_folder("kom-i-gang");
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(&binary)
            .args(&args)
            .current_dir(&work)
            .env("PATH", binary.parent().unwrap())
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if args[0] == "check" {
            // A new plan is checked to see what to fill in: only the «…», and exit 1 until
            // they are filled in, as the README says.
            assert_eq!(out.status.code(), Some(1), "{command}:\n{said}");
            let errors: Vec<&str> = said.lines().filter(|l| l.starts_with("feil:")).collect();
            assert!(!errors.is_empty(), "{command}:\n{said}");
            assert!(
                errors.iter().all(|e| e.contains("er ikke fylt ut")),
                "{command}: an error other than a «…» to fill in:\n{said}"
            );
        } else {
            assert_eq!(out.status.code(), Some(0), "{command}:\n{said}");
        }
    }
    for file in [
        "eksempler/drangedal-2024.yaml",
        "eksempler/hallingdal-2022.yaml",
        "eksempler/regnskap-2023.yaml",
        "eksempler/handlingsplan.schema.json",
        "eksempler/regnskap.schema.json",
        "output/drangedal-2024.docx",
        "output/drangedal-2024.pdf",
        "output/drangedal-2024.html",
        "output/hallingdal-2022.pdf",
        "output/revidert/drangedal-2024.pdf",
        "min-plan/plan.yaml",
        "min-plan/handlingsplan.schema.json",
    ] {
        assert!(work.join(file).is_file(), "{file} was not written");
    }
}

#[test]
fn the_examples_point_to_the_schemas_beside_them_and_are_never_written_over() {
    let (work, binary) = fresh_folder("eksempler");
    let new = |dir: &str| {
        Command::new(&binary)
            .args(["new", "--eksempler", "-o", dir])
            .current_dir(&work)
            .output()
            .unwrap()
    };
    assert!(new("eksempler").status.success());
    let plan = std::fs::read_to_string(work.join("eksempler/drangedal-2024.yaml")).unwrap();
    assert!(plan.starts_with("# yaml-language-server: $schema=handlingsplan.schema.json\n"));
    let accounts = std::fs::read_to_string(work.join("eksempler/regnskap-2023.yaml")).unwrap();
    assert!(accounts.starts_with("# yaml-language-server: $schema=regnskap.schema.json\n"));
    // The plans are the source's, but for the line that finds the schema.
    let source = std::fs::read_to_string(root().join("data/drangedal-2024.yaml")).unwrap();
    assert_eq!(
        plan.lines().skip(1).collect::<Vec<_>>(),
        source.lines().skip(1).collect::<Vec<_>>()
    );

    std::fs::write(work.join("eksempler/drangedal-2024.yaml"), "mine endringer").unwrap();
    let again = new("eksempler");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("finnes fra før"));
    assert_eq!(
        std::fs::read_to_string(work.join("eksempler/drangedal-2024.yaml")).unwrap(),
        "mine endringer"
    );
}
