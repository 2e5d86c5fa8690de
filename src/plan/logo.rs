//! The programme's logo, read and checked once, the same way for `check` and `render`: a
//! regular file within byte and pixel limits that decodes, and an SVG drawn without any
//! access to the file system or the network. `validate` reports what is wrong with it;
//! `render` reads it through here, so a logo that passed `check` always renders.

use std::io::Read;
use std::path::Path;

/// A logo file is a few hundred kilobytes at most.
pub const MAX_LOGO_BYTES: u64 = 5 * 1024 * 1024;
/// The widest or tallest logo, in pixels.
pub const MAX_LOGO_SIDE: u32 = 8_000;
/// The most pixels a logo may have (decoded, four bytes each: 64 MB).
pub const MAX_LOGO_PIXELS: u64 = 16_000_000;

/// A logo ready for the documents: its bytes and kind (`png` or `svg`).
#[derive(Debug, Clone)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub kind: &'static str,
}

impl Logo {
    /// The image's width over its height (`None` when the file gives no size).
    pub fn aspect(&self) -> Option<f64> {
        let (w, h) = match self.kind {
            "png" => png_size(&self.bytes).map(|(w, h)| (f64::from(w), f64::from(h)))?,
            _ => {
                let tree = resvg::usvg::Tree::from_data(&self.bytes, &safe_svg_options()).ok()?;
                let size = tree.size();
                (f64::from(size.width()), f64::from(size.height()))
            }
        };
        (w > 0.0 && h > 0.0).then_some(w / h)
    }
}

/// Reads a regular file of at most `limit` bytes; a FIFO, a device or a folder is refused
/// before it is opened, so reading never blocks or runs on without end.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
        std::io::ErrorKind::PermissionDenied => "mangler tilgang til å lese filen".to_string(),
        _ => format!("kunne ikke lese filen ({e})"),
    })?;
    if meta.is_dir() {
        return Err("er en mappe, ikke en fil".into());
    }
    if !meta.is_file() {
        return Err(
            "er ikke en vanlig fil (men f.eks. en rørledning eller en enhet); oppgi en vanlig fil"
                .into(),
        );
    }
    if meta.len() > limit {
        return Err(format!("er større enn {} MB", limit.div_ceil(1024 * 1024)));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("kunne ikke lese filen ({e})"))?;
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err("er ikke en vanlig fil".into());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("kunne ikke lese filen ({e})"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("er større enn {} MB", limit.div_ceil(1024 * 1024)));
    }
    Ok(bytes)
}

pub use crate::write::raster::png_size;

/// Whether a raster of this size is within the limits.
fn size_ok(w: u32, h: u32) -> bool {
    w > 0
        && h > 0
        && w <= MAX_LOGO_SIDE
        && h <= MAX_LOGO_SIDE
        && u64::from(w) * u64::from(h) <= MAX_LOGO_PIXELS
}

/// Checks a PNG: header, size limits before decoding, then a full decode.
fn check_png(bytes: &[u8]) -> Result<(), String> {
    let (w, h) = png_size(bytes).ok_or("er ikke en PNG-fil (feil innhold for endelsen .png)")?;
    if !size_ok(w, h) {
        return Err(format!(
            "er {w} × {h} piksler; en logo kan være høyst {MAX_LOGO_SIDE} × {MAX_LOGO_SIDE} og \
             16 millioner piksler. Lagre den i mindre størrelse"
        ));
    }
    resvg::tiny_skia::Pixmap::decode_png(bytes)
        .map(|_| ())
        .map_err(|_| "er en ødelagt PNG-fil som ikke kan leses".to_string())
}

pub use crate::write::raster::safe_svg_options;

/// Checks an SVG: it parses, it names no other file, and its size is sensible.
fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let mut options = safe_svg_options();
    let outside = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let seen = outside.clone();
    options.image_href_resolver.resolve_string = Box::new(move |href, _| {
        if let Ok(mut s) = seen.lock() {
            s.get_or_insert_with(|| href.chars().take(80).collect());
        }
        None
    });
    let tree = resvg::usvg::Tree::from_data(bytes, &options)
        .map_err(|e| format!("er ikke en gyldig SVG-fil ({e})"))?;
    let size = tree.size();
    if !(size.width() >= 1.0 && size.height() >= 1.0) {
        return Err("har ingen størrelse (bredde og høyde mangler)".into());
    }
    if let Some(href) = outside.lock().ok().and_then(|s| s.clone()) {
        return Err(format!(
            "viser til en annen fil («{href}»), som ikke leses av sikkerhetsgrunner; bygg \
             bildet inn i SVG-filen, eller bruk en PNG-logo"
        ));
    }
    Ok(())
}

/// Reads and checks the logo `rel` (relative to `dir`); the message says what is wrong, in
/// words for the user.
pub fn read(dir: &Path, rel: &str) -> Result<Logo, String> {
    let lower = rel.to_lowercase();
    let kind = if lower.ends_with(".png") {
        "png"
    } else if lower.ends_with(".svg") {
        "svg"
    } else {
        return Err("må være en PNG- eller SVG-fil (endelsen .png eller .svg)".into());
    };
    let bytes = read_regular(&dir.join(rel), MAX_LOGO_BYTES)?;
    match kind {
        "png" => check_png(&bytes)?,
        _ => check_svg(&bytes)?,
    }
    Ok(Logo { bytes, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_the_header_only() {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((100_000, 100_000)));
        assert!(check_png(&png).unwrap_err().contains("piksler"));
        assert!(check_png(b"GIF89a").unwrap_err().contains("ikke en PNG"));
    }
}
