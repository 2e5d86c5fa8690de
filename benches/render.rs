//! Benchmark: the Drangedal plan from YAML to DOCX + PDF + HTML in memory (load, check,
//! template, IR, three writers). Budget: 150 ms wall on the 2-core development machine.

use criterion::{Criterion, criterion_group, criterion_main};
use handlingsplan::plan::Plan;
use handlingsplan::plan::load::load_yaml;
use std::path::Path;

fn render_drangedal(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/drangedal-2024.yaml");
    let templates = handlingsplan::render::Templates::load(None).unwrap();
    let formats = handlingsplan::Formats {
        docx: true,
        pdf: true,
        html: true,
    };
    c.bench_function(
        "drangedal-2024 → plan + kommunikasjonsplan, docx+pdf+html",
        |b| {
            b.iter(|| {
                let (_, plan) = load_yaml::<Plan>(&path).unwrap();
                let checked = handlingsplan::validate::check(&plan);
                let files = handlingsplan::render_files(
                    &plan,
                    &checked.figures,
                    None,
                    path.parent().unwrap(),
                    &templates,
                    formats,
                )
                .unwrap();
                assert_eq!(
                    files.len(),
                    6,
                    "plan and communication plan, three formats each"
                );
                files
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = render_drangedal
}
criterion_main!(benches);
