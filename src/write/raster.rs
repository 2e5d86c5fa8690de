//! SVG to PNG for the DOCX writer (Word and LibreOffice need a raster image), drawn with resvg
//! and the embedded fonts, so charts look the same as in the PDF.

/// The SVG rasterised to PNG at `dpi` for a printed width of `width_mm` (DOCX cannot show SVG
/// everywhere; Word's own SVG support needs a PNG fallback anyway).
pub fn to_png(svg: &str, width_mm: u32, dpi: u32) -> Result<Vec<u8>, String> {
    let mut options = resvg::usvg::Options::default();
    for font in crate::fonts::ALL {
        options.fontdb_mut().load_font_data(font.to_vec());
    }
    options.font_family = crate::fonts::FAMILY.to_string();
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let pixels_wide = (f64::from(width_mm) / 25.4 * f64::from(dpi)).round() as u32;
    let scale = pixels_wide as f32 / size.width();
    let pixels_high = (size.height() * scale).ceil() as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pixels_wide.max(1), pixels_high.max(1))
        .ok_or("tomt bilde")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
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
}
