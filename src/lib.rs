//! handlingsplan: the annual Handlingsplan of a Norwegian regional restructuring programme,
//! from YAML plan data to checked figures and documents.
//!
//! The pipeline: `plan::load` (YAML → `Plan`) → `validate` (diagnostics, using `figures`) →
//! `figures` (exact sums and apportionments) → views and writers.

pub mod diagnostic;
pub mod figures;
pub mod money;
pub mod plan;
pub mod summary;
pub mod validate;

/// The JSON Schema of the plan format, for editors (yaml-language-server).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(plan::Plan);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Writes a file through a temporary file beside it and a rename, so a reader never sees a
/// half-written file and a failure leaves nothing behind.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
