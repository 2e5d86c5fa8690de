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
    /// The characters of an SVG's texts that no embedded font has, replaced by □ (`check`
    /// warns about them).
    pub replaced: Vec<char>,
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

/// The file `rel` names, relative to the plan's folder `dir`, when it lies inside that folder
/// (or a folder under it) once every link is resolved: a plan received from someone else must
/// not pull other files of this machine into the documents (`../../`, an absolute path, or a
/// link out of the folder). A file that does not exist is given back as named, so reading it
/// says so.
pub fn inside(dir: &Path, rel: &str) -> Result<std::path::PathBuf, String> {
    let joined = dir.join(rel);
    let outside = || {
        "ligger utenfor mappen planen ligger i; planen kan bare lese filer i sin egen mappe \
         (eller mapper under den), så legg filen der og oppgi stien relativt til planfilen"
            .to_string()
    };
    let Ok(folder) = dir.canonicalize() else {
        return Ok(joined);
    };
    match joined.canonicalize() {
        Ok(resolved) if resolved.starts_with(&folder) => Ok(resolved),
        Ok(_) => Err(outside()),
        // Not there (or a dangling link): named as written, unless the name itself leaves
        // the folder.
        Err(_)
            if Path::new(rel).has_root()
                || Path::new(rel)
                    .components()
                    .any(|c| c == std::path::Component::ParentDir) =>
        {
            Err(outside())
        }
        Err(_) => Ok(joined),
    }
}

/// Whether a raster of this size is within the limits.
fn size_ok(w: u32, h: u32) -> bool {
    w > 0
        && h > 0
        && w <= MAX_LOGO_SIDE
        && h <= MAX_LOGO_SIDE
        && u64::from(w) * u64::from(h) <= MAX_LOGO_PIXELS
}

/// Whether the file `rel` (in the plan's folder `dir`) cannot be read at all: missing, a
/// dangling link, or no access. Such a file gives exit code 2, as any unreadable file does.
pub fn unreadable(dir: &Path, rel: &str) -> bool {
    // A name of the wrong kind is the plan's error, whether or not the file is there.
    let lower = rel.to_lowercase();
    if ![".png", ".svg", ".docx"].iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    match inside(dir, rel) {
        // Only a regular file is opened: opening a FIFO would wait for a writer.
        Ok(path) => match std::fs::metadata(&path) {
            Err(_) => true,
            Ok(meta) => meta.is_file() && std::fs::File::open(path).is_err(),
        },
        Err(_) => false,
    }
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
    aspect_ok(f64::from(w), f64::from(h))?;
    resvg::tiny_skia::Pixmap::decode_png(bytes)
        .map(|_| ())
        .map_err(|_| "er en ødelagt PNG-fil som ikke kan leses".to_string())
}

pub use crate::write::raster::safe_svg_options;

/// The most filter effects (blur, shadow, …) an SVG may use: each is drawn as a raster, in
/// the PDF as in the DOCX, and their cost grows with their number and reach.
pub const MAX_SVG_FILTERS: usize = 50;
/// The most area filter effects may cover, all together, in images of the SVG's own size:
/// each effect is drawn over its region (a region 30 times the image's width and height,
/// 50 times over, took minutes).
const MAX_FILTER_AREA: f32 = 25.0;
/// The farthest a blur, shadow or morphology may reach, as a share of the image's larger side.
const MAX_FILTER_REACH: f32 = 0.25;
/// The longest an SVG may take to draw once (for the DOCX's raster), measured by `check`:
/// beyond it, the PDF takes far longer still.
pub const MAX_SVG_DRAW: std::time::Duration = std::time::Duration::from_secs(4);
/// How many times taller than wide (or wider than tall) an image may be: drawn on one page, a
/// narrower image would be a line.
pub const MAX_ASPECT: f64 = 100.0;

/// What an SVG's filters add up to: their number, the area they cover (in images), and the
/// farthest reach of a blur (as a share of the image's larger side).
#[derive(Default)]
struct FilterCost {
    count: usize,
    area: f32,
    reach: f32,
}

/// Whether an SVG's filters can be drawn in reasonable time.
fn filters_within_bounds(tree: &resvg::usvg::Tree) -> Result<(), String> {
    use resvg::usvg::{Group, Node, filter::Kind};
    fn visit(group: &Group, side: f32, image_area: f32, cost: &mut FilterCost) {
        for filter in group.filters() {
            let region = filter.rect();
            let primitives = filter.primitives().len() as f32;
            cost.area += region.width() * region.height() / image_area * primitives;
            for primitive in filter.primitives() {
                cost.count += 1;
                let r = match primitive.kind() {
                    Kind::GaussianBlur(b) => b.std_dev_x().get().max(b.std_dev_y().get()) * 3.0,
                    Kind::DropShadow(d) => d.std_dev_x().get().max(d.std_dev_y().get()) * 3.0,
                    Kind::Morphology(m) => m.radius_x().get().max(m.radius_y().get()),
                    _ => 0.0,
                };
                cost.reach = cost.reach.max(r / side);
            }
        }
        for node in group.children() {
            if let Node::Group(g) = node {
                visit(g, side, image_area, cost);
            }
            node.subroots(|g| visit(g, side, image_area, cost));
        }
    }
    let size = tree.size();
    let side = size.width().max(size.height()).max(1.0);
    let image_area = (size.width() * size.height()).max(1.0);
    let mut cost = FilterCost::default();
    visit(tree.root(), side, image_area, &mut cost);
    if cost.count > MAX_SVG_FILTERS {
        return Err(format!(
            "bruker {} filtereffekter (uskarphet, skygge o.l.); høyst {MAX_SVG_FILTERS} kan \
             tegnes på rimelig tid. Lagre bildet som PNG, eller fjern effektene",
            cost.count
        ));
    }
    if cost.area > MAX_FILTER_AREA || cost.reach > MAX_FILTER_REACH {
        return Err(
            "har filtereffekter (uskarphet, skygge o.l.) som når langt ut over bildet og tar for \
             lang tid å tegne; lagre bildet som PNG, eller gjør effektene mindre"
                .into(),
        );
    }
    Ok(())
}

/// The characters of the SVG's texts that no embedded font has.
fn svg_text_uncovered(bytes: &[u8]) -> Vec<char> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    ) else {
        return Vec::new();
    };
    let mut out: Vec<char> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_text()) {
        let in_text = node.ancestors().any(|a| a.tag_name().name() == "text");
        if in_text {
            for c in crate::fonts::uncovered(node.text().unwrap_or("")) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Checks an SVG: it parses, it names no other file, embedded images keep a logo's pixel
/// limits, filters are bounded, its shape fits a page, and it draws within [`MAX_SVG_DRAW`].
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
    // An embedded image the safe options leave out would be drawn by the PDF's own reader.
    let refused = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let marked = refused.clone();
    let data = std::mem::replace(
        &mut options.image_href_resolver.resolve_data,
        Box::new(|_, _, _| None),
    );
    options.image_href_resolver.resolve_data = Box::new(move |mime, bytes, opts| {
        let image = data(mime, bytes, opts);
        if image.is_none() {
            marked.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        image
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
    if refused.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(format!(
            "har et innebygd bilde som er for stort (høyst {MAX_LOGO_SIDE} × {MAX_LOGO_SIDE} og \
             16 millioner piksler, 5 MB) eller ikke kan leses (PNG, JPEG, GIF eller WebP); \
             lagre det innebygde bildet mindre, eller bruk en PNG"
        ));
    }
    aspect_ok(size.width().into(), size.height().into())?;
    filters_within_bounds(&tree)?;
    let started = std::time::Instant::now();
    let drawn = crate::write::raster::to_png_tree(&tree, 166, 220);
    if started.elapsed() > MAX_SVG_DRAW {
        return Err(format!(
            "tar {} sekunder å tegne; lagre bildet som PNG, eller forenkle det",
            started.elapsed().as_secs()
        ));
    }
    drawn.map(|_| ())
}

/// Whether an image's shape can be drawn on a page (see [`MAX_ASPECT`]).
fn aspect_ok(width: f64, height: f64) -> Result<(), String> {
    let ratio = (height / width).max(width / height);
    if ratio > MAX_ASPECT {
        let how = if height > width {
            "høyt som bredt"
        } else {
            "bredt som høyt"
        };
        return Err(format!(
            "er {} ganger så {how}; et bilde kan være høyst {MAX_ASPECT} ganger så {how}, ellers \
             blir det en strek på siden. Beskjær bildet",
            ratio.round()
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
    let bytes = read_regular(&inside(dir, rel)?, MAX_LOGO_BYTES)?;
    match kind {
        "png" => {
            check_png(&bytes)?;
            Ok(Logo {
                bytes,
                kind,
                replaced: Vec::new(),
            })
        }
        _ => {
            check_svg(&bytes)?;
            // The SVG's texts as the documents' texts: what no font has becomes a visible □.
            let replaced = svg_text_uncovered(&bytes);
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(text) => match crate::fonts::for_drawing(text) {
                    std::borrow::Cow::Owned(drawn) => drawn.into_bytes(),
                    std::borrow::Cow::Borrowed(_) => bytes,
                },
                Err(_) => bytes,
            };
            Ok(Logo {
                bytes,
                kind,
                replaced,
            })
        }
    }
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
