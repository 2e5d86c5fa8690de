//! Benchmarks of the whole job through the library's pipeline (load, check, template, IR, the
//! three writers), for the Drangedal plan and its communication plan:
//! - a fresh render: Typst's layout cache and the font caches (in memory and on disk) are
//!   emptied before each iteration, as for a plan rendered the first time on a machine (budget: 250 ms on the 2-core development machine);
//! - the plan revised after the approved accounts, fresh;
//! - a warm re-render after a small change (one sentence edited), what a live preview
//!   does on each save (budget: 100 ms).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use handlingsplan::pipeline::{self, Formats, RenderOptions};
use handlingsplan::render::Templates;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn render(plan: &Path, accounts: Option<&Path>, templates: &Templates) -> usize {
    let valid = pipeline::load_and_check(plan, accounts).unwrap().output;
    let options = RenderOptions {
        formats: Formats::ALL,
        templates,
        reference_docx: None,
        stem: Some("plan"),
    };
    let rendered = pipeline::render(&valid, &options).unwrap();
    assert_eq!(
        rendered.files.len(),
        6,
        "plan and communication plan, three formats each"
    );
    rendered.files.iter().map(|f| f.bytes.len()).sum()
}

/// Before each iteration: Typst's memo and the fonts kept in memory emptied, and an empty font
/// cache on disk (given back so that it outlives the iteration): a first render on a machine.
fn first_render() -> tempfile::TempDir {
    let empty = tempfile::tempdir().unwrap();
    pipeline::use_font_cache(Some(empty.path()));
    pipeline::clear_caches();
    empty
}

fn fresh(c: &mut Criterion) {
    let templates = Templates::load(None).unwrap();
    let plan = data("drangedal-2024.yaml");
    let accounts = data("regnskap-2023.yaml");
    c.bench_function("fresh: drangedal-2024, docx+pdf+html", |b| {
        b.iter_batched(
            first_render,
            |empty| (render(&plan, None, &templates), empty),
            BatchSize::PerIteration,
        )
    });
    c.bench_function("fresh: drangedal-2024 revised after the accounts", |b| {
        b.iter_batched(
            first_render,
            |empty| (render(&plan, Some(&accounts), &templates), empty),
            BatchSize::PerIteration,
        )
    });
}

fn warm_after_a_change(c: &mut Criterion) {
    let templates = Templates::load(None).unwrap();
    let original = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("drangedal-2024.yaml");
    std::fs::write(&plan, &original).unwrap();
    render(&plan, None, &templates);
    let mut edit = 0u32;
    c.bench_function("warm: re-render after one sentence changed", |b| {
        b.iter_batched(
            || {
                edit += 1;
                let edited = original.replacen(
                    "Drangedal er en typisk",
                    &format!("Drangedal ({edit}) er en typisk"),
                    1,
                );
                std::fs::write(&plan, edited).unwrap();
            },
            |()| render(&plan, None, &templates),
            BatchSize::PerIteration,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = fresh, warm_after_a_change
}
criterion_main!(benches);
