//! handlingsplan: the annual Handlingsplan of a Norwegian regional restructuring programme,
//! from YAML plan data to checked figures and documents.
//!
//! The pipeline, whose API is [`pipeline`]: `plan::load` (YAML → `Plan`) → `accounts` (the
//! approved accounts merged in, when given; `changes` records what they changed) → `validate`
//! (diagnostics, using `figures`: exact sums and apportionments) → `view` (the figures as text
//! through `format`) → `render` (templates to the IR in `doc`, charts from `chart`) → `write`
//! (DOCX, PDF, HTML) → `output` (files on disk). Beside it: `diff` shows the changes between
//! two plans, `roll` writes next year's plan, `summary` is what `check` prints, `schema` is the
//! JSON Schema an editor completes from, `import` reads a Word plan back into plan data.

pub mod accounts;
pub mod cache;
pub mod changes;
pub mod chart;
pub mod diagnostic;
pub mod diff;
pub mod doc;
pub mod figures;
pub mod fonts;
pub mod format;
pub mod import;
pub mod markdown;
pub mod money;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod roll;
pub mod schema;
pub mod serve;
pub mod summary;
pub mod validate;
pub mod view;
pub mod write;

pub use pipeline::{
    Failure, Formats, Loaded, RenderOptions, Rendered, RenderedFile, ValidPlan, Warned, load,
    load_and_check, render,
};
