//! The speed budgets of each format against the PDF, measured side by side in one run (the
//! ratios are what hold on a busy machine):
//! - fresh renders of the Drangedal plan (Typst's layout cache and the fonts kept in memory
//!   emptied before each iteration, as a plan rendered once from the command line): the PDF
//!   alone, the HTML alone (budget: 0.3 × the PDF), the DOCX alone (budget: the PDF) and all
//!   three (budget: 1.5 × the PDF); each with the font cache on disk empty (cold: the first
//!   render on a machine) and holding the plan's subsets and its charts' pictures (warm: every
//!   later render);
//! - a batch of plans in one process, DOCX + PDF against all three (budget: 1.3 ×), the font
//!   cache cold;
//! - the live preview's build after a save (one sentence edited), for the Drangedal plan
//!   (budget with the watcher's delay: 100 ms) and a 3.4 MB plan (budget: 1 s);
//! - the HTML alone of the 3.4 MB plan, fresh, the font cache cold.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use handlingsplan::pipeline::{self, Formats, RenderOptions};
use handlingsplan::render::Templates;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

const PDF: Formats = Formats {
    docx: false,
    pdf: true,
    html: false,
};
const HTML: Formats = Formats {
    docx: false,
    pdf: false,
    html: true,
};
const DOCX: Formats = Formats {
    docx: true,
    pdf: false,
    html: false,
};
const DOCX_PDF: Formats = Formats {
    docx: true,
    pdf: true,
    html: false,
};

/// Loads, checks and renders one plan as the command line does; the bytes made.
fn render(plan: &Path, formats: Formats, templates: &Templates) -> usize {
    let valid = pipeline::load_and_check(plan, None).unwrap().output;
    let options = RenderOptions {
        formats,
        templates,
        reference_docx: None,
        stem: Some("plan"),
    };
    let rendered = pipeline::render(&valid, &options).unwrap();
    rendered.files.iter().map(|f| f.bytes.len()).sum()
}

/// The Drangedal plan grown to about 3.4 MB: its special efforts' text repeated as further
/// paragraphs and lists.
pub fn large_plan(dir: &Path) -> PathBuf {
    let original = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    let (head, rest) = original.split_once("særskilte_satsinger: |\n").unwrap();
    let (text, tail) = rest.split_once("\ninnsatsområder:").unwrap();
    let body: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let mut grown = String::from(text);
    let mut n = 0;
    while head.len() + grown.len() + tail.len() < 3_400_000 {
        n += 1;
        grown.push_str(&format!("\n  Runde {n}: {}", body.trim_start()));
    }
    let plan = dir.join("stor.yaml");
    std::fs::write(
        &plan,
        format!("{head}særskilte_satsinger: |\n{grown}\ninnsatsområder:{tail}"),
    )
    .unwrap();
    plan
}

/// The font cache on disk at the start of each iteration.
#[derive(Clone, Copy)]
enum FontCache {
    /// Empty: the first render on a machine.
    Cold,
    /// Holding what an earlier render of the same plan kept: every later render from the
    /// command line.
    Warm,
}

/// Before each iteration: Typst's memo and the in-memory font caches emptied (a new process),
/// and the font cache on disk as `cache` says. The folder is given back so that it outlives
/// the iteration.
fn fresh_start(cache: FontCache, warm: &Path) -> Option<tempfile::TempDir> {
    pipeline::clear_caches();
    match cache {
        FontCache::Cold => {
            let empty = tempfile::tempdir().unwrap();
            pipeline::use_font_cache(Some(empty.path()));
            Some(empty)
        }
        FontCache::Warm => {
            pipeline::use_font_cache(Some(warm));
            None
        }
    }
}

fn fresh_formats(c: &mut Criterion) {
    let templates = Templates::load(None).unwrap();
    let plan = data("drangedal-2024.yaml");
    let warm = tempfile::tempdir().unwrap();
    pipeline::use_font_cache(Some(warm.path()));
    render(&plan, Formats::ALL, &templates);
    for (group, cache) in [
        ("fresh drangedal-2024, font cache cold", FontCache::Cold),
        ("fresh drangedal-2024, font cache warm", FontCache::Warm),
    ] {
        let mut group = c.benchmark_group(group);
        for (name, formats) in [
            ("pdf", PDF),
            ("html", HTML),
            ("docx", DOCX),
            ("docx+pdf+html", Formats::ALL),
        ] {
            group.bench_function(name, |b| {
                b.iter_batched(
                    || fresh_start(cache, warm.path()),
                    |dir| (render(&plan, formats, &templates), dir),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();
    }
}

fn batch(c: &mut Criterion) {
    let templates = Templates::load(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    // Ten plans, each of another municipality.
    let plans: Vec<PathBuf> = (1..=10)
        .map(|i| {
            let plan = dir.path().join(format!("plan-{i}.yaml"));
            std::fs::write(
                &plan,
                original.replace("Drangedal", &format!("Kommune {i}")),
            )
            .unwrap();
            plan
        })
        .collect();
    let mut group = c.benchmark_group("batch of 10 plans");
    group.sample_size(10);
    for (name, formats) in [("docx+pdf", DOCX_PDF), ("docx+pdf+html", Formats::ALL)] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || fresh_start(FontCache::Cold, dir.path()),
                |empty| {
                    let bytes = plans
                        .iter()
                        .map(|p| {
                            let bytes = render(p, formats, &templates);
                            pipeline::evict_layout_cache();
                            bytes
                        })
                        .sum::<usize>();
                    (bytes, empty)
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn serve_save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("serve: build after a save");
    group.sample_size(10);
    let drangedal = dir.path().join("drangedal-2024.yaml");
    std::fs::copy(data("drangedal-2024.yaml"), &drangedal).unwrap();
    for (name, plan) in [
        ("drangedal-2024", drangedal),
        ("3.4 MB plan", large_plan(dir.path())),
    ] {
        let original = std::fs::read_to_string(&plan).unwrap();
        handlingsplan::serve::build::build(&plan, None, None);
        let mut edit = 0u32;
        group.bench_function(name, |b| {
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
                |()| {
                    let built = handlingsplan::serve::build::build(&plan, None, None);
                    assert!(built.good.is_some());
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn large_html(c: &mut Criterion) {
    let templates = Templates::load(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = large_plan(dir.path());
    let mut group = c.benchmark_group("fresh 3.4 MB plan");
    group.sample_size(10);
    group.bench_function("html", |b| {
        b.iter_batched(
            || fresh_start(FontCache::Cold, dir.path()),
            |empty| (render(&plan, HTML, &templates), empty),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = fresh_formats, batch, serve_save, large_html
}
criterion_main!(benches);
