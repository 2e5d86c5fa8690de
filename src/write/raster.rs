//! SVG to PNG for the DOCX writer (Word and LibreOffice need a raster image), drawn with resvg
//! and the embedded fonts (Carlito and its fallbacks), so charts look the same as in the PDF.
//! SVGs are read without access to the file system or the network, and a raster never exceeds
//! [`MAX_PIXELS`], so a tall årshjul of thousands of events costs memory and time in
//! proportion to its content, not to the square of it.

use std::sync::{Arc, LazyLock};

/// The most pixels a raster may have (12 MP, 48 MB decoded): a tall chart is drawn at a lower
/// resolution instead.
pub const MAX_PIXELS: f64 = 12_000_000.0;
/// The tallest raster, in pixels (a printed A4 page at 200 dpi is 2 300 px tall). Filling a
/// path costs in proportion to the rows it spans, so with the height bounded an årshjul's
/// raster costs time in proportion to its events, not to their square.
pub const MAX_HEIGHT: f64 = 6_000.0;

/// The limits an image embedded in an SVG (a data: URL) must keep: as a logo's.
const MAX_EMBEDDED_BYTES: usize = 5 * 1024 * 1024;
const MAX_EMBEDDED_SIDE: u32 = 8_000;
const MAX_EMBEDDED_PIXELS: u64 = 16_000_000;

/// The width and height a PNG's header states, without decoding it.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];
    if bytes.len() < 24 || bytes[..8] != SIGNATURE || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((w, h))
}

/// The width and height a GIF's header states.
fn gif_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 10 || !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
        return None;
    }
    let w = u16::from_le_bytes([b[6], b[7]]);
    let h = u16::from_le_bytes([b[8], b[9]]);
    Some((u32::from(w), u32::from(h)))
}

/// The width and height a JPEG's frame header (SOF) states, found by walking its segments.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let h = u16::from_be_bytes([*b.get(i + 5)?, *b.get(i + 6)?]);
            let w = u16::from_be_bytes([*b.get(i + 7)?, *b.get(i + 8)?]);
            return Some((u32::from(w), u32::from(h)));
        }
        i += 2 + length;
    }
    None
}

/// The width and height a WebP's header states (lossy, lossless or extended).
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 30 || &b[..4] != b"RIFF" || &b[8..12] != b"WEBP" {
        return None;
    }
    let le24 = |at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], 0]);
    match &b[12..16] {
        b"VP8X" => Some((le24(24) + 1, le24(27) + 1)),
        b"VP8 " => Some((
            u32::from(u16::from_le_bytes([b[26], b[27]]) & 0x3FFF),
            u32::from(u16::from_le_bytes([b[28], b[29]]) & 0x3FFF),
        )),
        b"VP8L" => {
            let bits = u32::from_le_bytes([b[21], b[22], b[23], b[24]]);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        _ => None,
    }
}

/// The width and height a raster image (PNG, JPEG, GIF or WebP) states, without decoding it.
pub fn raster_size(bytes: &[u8]) -> Option<(u32, u32)> {
    png_size(bytes)
        .or_else(|| jpeg_size(bytes))
        .or_else(|| gif_size(bytes))
        .or_else(|| webp_size(bytes))
}

/// The aspect ratio (height / width) of an SVG, as read without file or network access.
pub fn svg_aspect(bytes: &[u8]) -> Option<f64> {
    let tree = resvg::usvg::Tree::from_data(bytes, &safe_svg_options()).ok()?;
    let size = tree.size();
    (size.width() > 0.0).then(|| f64::from(size.height()) / f64::from(size.width()))
}

fn size_ok(w: u32, h: u32) -> bool {
    w > 0
        && h > 0
        && w <= MAX_EMBEDDED_SIDE
        && h <= MAX_EMBEDDED_SIDE
        && u64::from(w) * u64::from(h) <= MAX_EMBEDDED_PIXELS
}

/// SVG options with no access to the file system or the network: an `<image>` that points
/// to a file or an address is left out; an embedded (data:) raster is drawn only within the
/// logo's pixel limits.
pub fn safe_svg_options<'a>() -> resvg::usvg::Options<'a> {
    let mut options = resvg::usvg::Options {
        resources_dir: None,
        ..Default::default()
    };
    let default_data = resvg::usvg::ImageHrefResolver::default_data_resolver();
    options.image_href_resolver = resvg::usvg::ImageHrefResolver {
        resolve_data: Box::new(move |mime, data, opts| {
            if data.len() > MAX_EMBEDDED_BYTES {
                return None;
            }
            // A raster only within the limits its header states (Typst decodes every format
            // for the PDF: a 100 000 × 100 000 PNG took 10 GB); an SVG inside is read by
            // these same options.
            match raster_size(&data) {
                Some((w, h)) if !size_ok(w, h) => return None,
                None if !matches!(mime, "image/svg+xml" | "text/plain") => return None,
                _ => {}
            }
            default_data(mime, data, opts)
        }),
        resolve_string: Box::new(|_, _| None),
    };
    options
}

/// The embedded fonts, loaded once per process, read where they lie in the binary (not copied:
/// the fallback faces are some megabytes).
static FONTS: LazyLock<Arc<resvg::usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = resvg::usvg::fontdb::Database::new();
    for font in crate::fonts::ALL {
        db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(font)));
    }
    Arc::new(db)
});

/// The SVG rasterised to PNG at `dpi` for a printed width of `width_mm` (DOCX cannot show SVG
/// everywhere; Word's own SVG support needs a PNG fallback anyway).
pub fn to_png(svg: &str, width_mm: u32, dpi: u32) -> Result<Vec<u8>, String> {
    let mut options = safe_svg_options();
    options.fontdb = FONTS.clone();
    options.font_family = crate::fonts::FAMILY.to_string();
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    to_png_tree(&tree, width_mm, dpi)
}

/// [`to_png`] of an SVG image (a chart, an SVG logo), kept in the disk cache (`cache`) under
/// the SVG, the size asked and how it is drawn: an image that has not changed since an
/// earlier render is read, not drawn again. What is read must be a PNG within the raster's
/// bounds.
pub fn to_png_kept(svg: &str, width_mm: u32, dpi: u32) -> Result<Vec<u8>, String> {
    crate::cache::kept(
        || crate::cache::Key::drawing(&drawing_kind(width_mm, dpi), svg.as_bytes()),
        is_bounded_png,
        || to_png(svg, width_mm, dpi),
    )
}

/// The cache's name for a picture of `width_mm` at `dpi` drawn as [`to_png_tree`] draws it
/// (on white, rows filtered against the one above, zlib level 5): a change of how pictures
/// are drawn changes it, so no picture drawn otherwise is read back.
fn drawing_kind(width_mm: u32, dpi: u32) -> String {
    format!("png-{width_mm}mm-{dpi}dpi-white-up-z5")
}

/// Whether `bytes` begin as a PNG whose size is within what [`to_png_tree`] draws: at most
/// [`MAX_HEIGHT`] rows (and one for rounding) and about [`MAX_PIXELS`] pixels.
fn is_bounded_png(bytes: &[u8]) -> bool {
    png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .is_ok_and(|reader| {
            let (width, height) = (reader.info().width, reader.info().height);
            width > 0
                && height > 0
                && f64::from(height) <= MAX_HEIGHT + 1.0
                && f64::from(width) * f64::from(height) <= MAX_PIXELS * 1.01
        })
}

/// An SVG already parsed, rasterised as [`to_png`] does.
pub fn to_png_tree(tree: &resvg::usvg::Tree, width_mm: u32, dpi: u32) -> Result<Vec<u8>, String> {
    let size = tree.size();
    let mut wide = f64::from(width_mm) / 25.4 * f64::from(dpi);
    let aspect = f64::from(size.height()) / f64::from(size.width()).max(1e-3);
    let mut limited = false;
    if wide * wide * aspect > MAX_PIXELS {
        wide = (MAX_PIXELS / aspect).sqrt();
        limited = true;
    }
    if wide * aspect > MAX_HEIGHT {
        wide = MAX_HEIGHT / aspect;
        limited = true;
    }
    // Rounded down when a limit narrowed it, so the rows (rounded up) stay within the limit.
    let wide = if limited { wide.floor() } else { wide.round() };
    let pixels_wide = wide.clamp(1.0, 20_000.0) as u32;
    let scale = pixels_wide as f32 / size.width();
    let pixels_high = (size.height() * scale).ceil().clamp(1.0, MAX_PIXELS as f32) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pixels_wide.max(1), pixels_high.max(1))
        .ok_or("tomt bilde")?;
    // Drawn on white, as on the page: every pixel opaque, so the pixmap's premultiplied
    // colours are the PNG's own (no demultiplying), and a page shown dark (Word's dark mode)
    // keeps black labels on white.
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode_png(pixmap).map_err(|e| e.to_string())
}

/// The pixmap, drawn opaque, as a PNG with each row filtered against the one above (a chart
/// is mostly flat colour) and deflated at zlib level 5. Measured on Drangedal's two charts
/// (fresh, 8 renders each): level 6 took 14 to 17 ms a render, level 5 about 10 and level 4
/// about 9; level 5's DOCX files are as large as level 6's (within 0.2 kB), level 4's 0.5 and
/// 2.4 kB larger. Tiny-skia's own encoder, which tries all five filters on each row, took a
/// quarter of a DOCX render; the png crate's fast mode (fdeflate) made the files 2 to 6 times
/// larger.
/// The pixmap is taken, not copied: a chart's raster is megabytes.
fn encode_png(pixmap: resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    // Opaque (see `to_png_tree`): premultiplied and straight colours are the same.
    let data = pixmap.take();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_filter(png::Filter::Up);
    encoder.set_deflate_compression(png::DeflateCompression::Level(5));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_is_as_wide_as_asked_at_the_resolution_asked() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50"><text x="10" y="20" font-size="12">Årshjul</text></svg>"#;
        let png = to_png(svg, 254, 200).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (2000, 1000));
    }

    #[test]
    fn a_chart_is_drawn_opaque_on_white_with_its_half_transparent_colours_as_on_the_page() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10"><rect x="5" width="5" height="10" fill="#000" fill-opacity="0.5"/></svg>"##;
        let png = to_png(svg, 254, 10).unwrap();
        assert!(is_bounded_png(&png));
        let mut reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Rgba);
        let pixel = |x: usize, y: usize| {
            let at = (y * frame.width as usize + x) * 4;
            pixels[at..at + 4].to_vec()
        };
        // Nothing drawn: white, not transparent (a page shown dark keeps the chart legible).
        assert_eq!(pixel(10, 50), [255, 255, 255, 255]);
        // Half-transparent black over white: mid grey.
        let grey = pixel(80, 50);
        assert_eq!(grey[3], 255);
        assert!((120..=135).contains(&grey[0]), "{grey:?}");
    }

    #[test]
    fn only_a_png_within_the_raster_bounds_is_read_back_from_the_cache() {
        let png = to_png(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>"#,
            10,
            100,
        )
        .unwrap();
        assert!(is_bounded_png(&png));
        assert!(!is_bounded_png(&png[..20]));
        assert!(!is_bounded_png(b"<svg/>"));
        // The whole PNG with its header claiming another size (the header's checksum made
        // right): refused for its size alone.
        let sized = |width: u32, height: u32| {
            let mut other = png.clone();
            other[16..20].copy_from_slice(&width.to_be_bytes());
            other[20..24].copy_from_slice(&height.to_be_bytes());
            let crc = crc32(&other[12..29]);
            other[29..33].copy_from_slice(&crc.to_be_bytes());
            other
        };
        assert!(is_bounded_png(&sized(1_000, 1_000)));
        for (width, height) in [(1, 7_000), (4_000, 3_100), (100_000, 100_000)] {
            assert!(!is_bounded_png(&sized(width, height)), "{width} × {height}");
        }
    }

    #[test]
    fn a_tall_chart_limited_in_height_is_within_the_bounds_its_cache_reads_back() {
        for rows in [10_001, 12_345, 30_000] {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 {rows}" width="100" height="{rows}"><rect width="100" height="{rows}"/></svg>"#
            );
            assert!(is_bounded_png(&to_png(&svg, 166, 220).unwrap()), "{rows}");
        }
    }

    #[test]
    fn a_picture_is_kept_apart_for_each_svg_width_and_resolution() {
        let key =
            |kind: &str, svg: &str| crate::cache::Key::drawing(kind, svg.as_bytes()).file_name();
        let keys: std::collections::BTreeSet<String> = [
            key(&drawing_kind(166, 220), "<svg/>"),
            key(&drawing_kind(166, 220), "<svg />"),
            key(&drawing_kind(120, 220), "<svg/>"),
            key(&drawing_kind(166, 200), "<svg/>"),
        ]
        .into_iter()
        .collect();
        assert_eq!(keys.len(), 4);
    }

    /// The CRC-32 of a PNG chunk.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_very_tall_chart_is_drawn_within_the_pixel_limit() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10000" width="100" height="10000"><rect width="100" height="10000"/></svg>"#;
        let png = to_png(svg, 166, 200).unwrap();
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(f64::from(width) * f64::from(height) <= MAX_PIXELS * 1.01);
        assert!(f64::from(height) <= MAX_HEIGHT + 1.0);
        assert!(height > 10 * width);
    }

    #[test]
    fn an_svg_cannot_read_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("x.png");
        std::fs::write(&png, include_bytes!("../../tests/fixtures/logo.png")).unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="{}" width="10" height="10"/></svg>"#,
            png.display()
        );
        let out = to_png(&svg, 10, 100).unwrap();
        // Nothing drawn: every pixel is the white it is drawn on.
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&out).unwrap();
        assert!(
            pixmap
                .pixels()
                .iter()
                .all(|p| p.red() == 255 && p.green() == 255 && p.blue() == 255 && p.alpha() == 255)
        );
    }
}
