//! Templating: the view model through the Tera templates (embedded defaults, or a user's copy
//! with `--templates DIR`) to markup, and the markup through the reader to the IR.

use crate::doc::{Block, Document, read};
use crate::figures::Figures;
use crate::plan::Plan;
use std::collections::HashMap;
use std::path::Path;

/// The default templates, embedded so that a fresh machine renders without the source tree.
pub const DEFAULT_TEMPLATES: [(&str, &str); 7] = [
    ("plan.html", include_str!("../templates/plan.html")),
    (
        "endringer.html",
        include_str!("../templates/endringer.html"),
    ),
    ("mål.html", include_str!("../templates/mål.html")),
    (
        "strategier.html",
        include_str!("../templates/strategier.html"),
    ),
    (
        "ressurser.html",
        include_str!("../templates/ressurser.html"),
    ),
    (
        "kommunikasjon.html",
        include_str!("../templates/kommunikasjon.html"),
    ),
    (
        "kommunikasjonsplan.html",
        include_str!("../templates/kommunikasjonsplan.html"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("malfeil: {0}")]
    Template(String),
    #[error("{0}")]
    Markup(#[from] read::ReadError),
    #[error("logoen {path}: {message}")]
    Logo { path: String, message: String },
    #[error("bildet {path}: {message}")]
    Image { path: String, message: String },
}

/// Tera's error with its whole chain (the line and column are in the inner errors).
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The most markup one template may produce (the example plans make about 100 kB).
pub const MAX_MARKUP_BYTES: usize = 32 * 1024 * 1024;

/// A user's templates may not include or call themselves: Tera has no depth limit, and a
/// template that includes itself (directly or through others), or a macro that calls
/// itself, would overflow the stack. Names each cycle found.
fn recursion(sources: &[(String, String)]) -> Option<String> {
    // `{% include "x" %}` / `{% extends "x" %}` / `{% import "x" as m %}` edges.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (i, (_, text)) in sources.iter().enumerate() {
        for tag in text.split("{%").skip(1) {
            let tag = tag.split("%}").next().unwrap_or("").trim();
            let tag = tag.trim_start_matches('-').trim();
            let Some(rest) = ["include", "extends", "import"]
                .iter()
                .find_map(|k| tag.strip_prefix(k))
            else {
                continue;
            };
            for (j, (name, _)) in sources.iter().enumerate() {
                if rest.contains(&format!("\"{name}\"")) || rest.contains(&format!("'{name}'")) {
                    edges.push((i, j));
                }
            }
        }
    }
    // Depth-first search for a cycle.
    fn visit(
        n: usize,
        edges: &[(usize, usize)],
        state: &mut Vec<u8>,
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[n] = 1;
        path.push(n);
        for &(_, m) in edges.iter().filter(|(a, _)| *a == n) {
            if state[m] == 1 {
                let start = path.iter().position(|p| *p == m).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(m);
                return Some(cycle);
            }
            if state[m] == 0
                && let Some(c) = visit(m, edges, state, path)
            {
                return Some(c);
            }
        }
        path.pop();
        state[n] = 2;
        None
    }
    let mut state = vec![0u8; sources.len()];
    for n in 0..sources.len() {
        if state[n] == 0
            && let Some(cycle) = visit(n, &edges, &mut state, &mut Vec::new())
        {
            let names: Vec<&str> = cycle
                .iter()
                .filter_map(|i| sources.get(*i).map(|s| s.0.as_str()))
                .collect();
            return Some(format!(
                "malene tar med seg selv i ring ({}); Tera har ingen grense for hvor dypt det går, \
                 så fjern include/extends/import som peker tilbake",
                names.join(" → ")
            ));
        }
    }
    // A macro whose body calls itself.
    for (name, text) in sources {
        for def in text
            .split("{% macro")
            .skip(1)
            .chain(text.split("{%- macro").skip(1))
        {
            let macro_name: String = def
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let body = def.split("endmacro").next().unwrap_or("");
            let body = body.split_once("%}").map(|(_, b)| b).unwrap_or("");
            if !macro_name.is_empty() && body.contains(&format!("::{macro_name}(")) {
                return Some(format!(
                    "makroen «{macro_name}» i {name} kaller seg selv; Tera har ingen grense for \
                     hvor dypt det går, så skriv den uten rekursjon"
                ));
            }
        }
    }
    None
}

pub struct Templates {
    tera: tera::Tera,
}

impl Templates {
    /// The embedded templates, each replaced by the user's file of the same name in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Templates, RenderError> {
        let mut sources: Vec<(String, String)> = Vec::new();
        for (name, text) in DEFAULT_TEMPLATES {
            let user = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let text = match user {
                Some(p) => std::fs::read_to_string(&p).map_err(|e| {
                    RenderError::Template(format!("kunne ikke lese {}: {e}", p.display()))
                })?,
                None => text.to_string(),
            };
            sources.push((name.to_string(), text));
        }
        if let Some(d) = dir
            && !d.is_dir()
        {
            return Err(RenderError::Template(format!(
                "malmappen {} finnes ikke",
                d.display()
            )));
        }
        if let Some(message) = recursion(&sources) {
            return Err(RenderError::Template(message));
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(sources)
            .map_err(|e| RenderError::Template(chain(&e)))?;
        Ok(Templates { tera })
    }

    /// Renders the plan through one template (`plan.html`, `kommunikasjonsplan.html`) to
    /// markup (the document vocabulary).
    pub fn markup(&self, template: &str, view: &crate::view::View) -> Result<String, RenderError> {
        let ctx =
            tera::Context::from_serialize(view).map_err(|e| RenderError::Template(chain(&e)))?;
        let markup = self
            .tera
            .render(template, &ctx)
            .map_err(|e| RenderError::Template(chain(&e)))?;
        if markup.len() > MAX_MARKUP_BYTES {
            return Err(RenderError::Template(format!(
                "malen {template} laget {} MB tekst; grensen er {} MB. Kontroller løkker i malen",
                markup.len() / 1024 / 1024,
                MAX_MARKUP_BYTES / 1024 / 1024
            )));
        }
        Ok(markup)
    }
}

/// The logo, read relative to the plan file and checked as `check` checks it.
fn logo(plan: &Plan, plan_dir: &Path) -> Result<Option<crate::plan::logo::Logo>, RenderError> {
    let Some(rel) = &plan.program.logo else {
        return Ok(None);
    };
    crate::plan::logo::read(plan_dir, rel)
        .map(Some)
        .map_err(|message| RenderError::Logo {
            path: rel.clone(),
            message,
        })
}

/// The cover's picture, read as the texts' images are (relative to the plan, inside its
/// folder) and checked as `check` checks it.
fn cover_picture(
    plan: &Plan,
    plan_dir: &Path,
) -> Result<Option<crate::plan::logo::Logo>, RenderError> {
    let Some(c) = &plan.program.forsidebilde else {
        return Ok(None);
    };
    crate::validate::read_text_image(plan_dir, &c.fil)
        .map(Some)
        .map_err(|message| RenderError::Image {
            path: c.fil.clone(),
            message,
        })
}

type Images = HashMap<String, (Vec<u8>, String)>;

/// The images a template may name: the logo, the cover's picture, the texts' images, and the
/// charts drawn from the plan; with the sizes of the cover's images.
fn images(
    plan: &Plan,
    figures: &Figures,
    plan_dir: &Path,
) -> Result<(Images, crate::view::CoverImages), RenderError> {
    let mut images = HashMap::new();
    let mut cover = crate::view::CoverImages::default();
    if let Some(l) = logo(plan, plan_dir)? {
        // A logo without a size of its own gets the widest box.
        cover.logo = Some(l.aspect().unwrap_or(f64::INFINITY));
        images.insert("logo".to_string(), (l.bytes, l.kind.to_string()));
    }
    if let Some(p) = cover_picture(plan, plan_dir)? {
        cover.picture = Some(p.aspect().unwrap_or(f64::INFINITY));
        images.insert("forsidebilde".to_string(), (p.bytes, p.kind.to_string()));
    }
    for (_, file) in crate::validate::text_images(plan) {
        if images.contains_key(&crate::markdown::image_key(&file)) {
            continue;
        }
        let image = crate::validate::read_text_image(plan_dir, &file).map_err(|message| {
            RenderError::Image {
                path: file.clone(),
                message,
            }
        })?;
        images.insert(
            crate::markdown::image_key(&file),
            (image.bytes, image.kind.to_string()),
        );
    }
    let jobs = &figures.jobs;
    if jobs.worth_a_chart() {
        let rows: Vec<(String, Vec<u32>)> = jobs
            .rows
            .iter()
            .map(|r| (r.name.clone(), r.per_year.clone()))
            .collect();
        charts(&mut images, "arbeidsplassmål", |width| {
            crate::chart::bars::job_targets(&jobs.years, &rows, "Arbeidsplassmål per år", width)
        });
    }
    if let Some(c) = &plan.kommunikasjonsplan {
        let year = plan.program.år.value;
        let events = crate::view::wheel_events(c);
        let title = format!("Årshjul {year}");
        charts(&mut images, "årshjul", |width| {
            crate::chart::wheel::wheel(&events, year, plan.program.målform, &title, width).svg
        });
    }
    Ok((images, cover))
}

/// A chart as image `name`, drawn for a page and, as the image for a phone, for a phone's
/// screen.
fn charts(images: &mut Images, name: &str, draw: impl Fn(crate::chart::Width) -> String) {
    use crate::chart::Width;
    for (key, width) in [
        (name.to_string(), Width::Page),
        (crate::doc::phone_drawing(name), Width::Phone),
    ] {
        let svg = crate::fonts::for_drawing(&draw(width)).into_owned();
        images.insert(key, (svg.into_bytes(), "svg".into()));
    }
}

/// The tallest an image is drawn, in millimetres: an A4 page's text height with room for a
/// caption. A taller image is drawn narrower, so it fits one page in every format (the PDF
/// cut it off, and the DOCX's extent passed what Word can hold).
pub const MAX_IMAGE_HEIGHT_MM: f64 = 215.0;

/// Narrows every image (table cells included) as far as needed to fit
/// [`MAX_IMAGE_HEIGHT_MM`].
fn fit_images<'a>(blocks: impl Iterator<Item = &'a mut Block>) {
    for block in blocks {
        match block {
            Block::Image(image) => image.width_mm = fitted_width(image),
            Block::Table(table) => {
                let rows = table
                    .head
                    .iter_mut()
                    .chain(&mut table.body)
                    .chain(&mut table.foot);
                for row in rows {
                    for cell in &mut row.cells {
                        fit_images(cell.content.iter_mut());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The image's width, narrowed so that its height fits [`MAX_IMAGE_HEIGHT_MM`].
fn fitted_width(image: &crate::doc::Image) -> u32 {
    let aspect = match image.kind.as_str() {
        "png" => crate::write::raster::png_size(&image.data)
            .map(|(w, h)| f64::from(h) / f64::from(w.max(1))),
        _ => crate::write::raster::svg_aspect(&image.data),
    };
    match aspect {
        Some(a) if a > 0.0 && f64::from(image.width_mm) * a > MAX_IMAGE_HEIGHT_MM => {
            ((MAX_IMAGE_HEIGHT_MM / a).floor() as u32).clamp(1, image.width_mm)
        }
        _ => image.width_mm,
    }
}

/// The documents of one plan: the Handlingsplan, and its communication plan when it has one.
#[derive(Debug)]
pub struct Documents {
    pub plan: Document,
    /// The attachment section 4 names.
    pub communication: Option<Document>,
}

/// Plan and figures to the IR of every document. The logo is read, the charts drawn and the
/// view built once, for both documents.
pub fn documents(
    plan: &Plan,
    figures: &Figures,
    revised: Option<&crate::changes::Revised>,
    plan_dir: &Path,
    templates: &Templates,
) -> Result<Documents, RenderError> {
    let (images, cover) = images(plan, figures, plan_dir)?;
    let view = crate::view::build(plan, figures, revised, cover);
    let read_template = |template: &str| -> Result<Document, RenderError> {
        let markup = templates.markup(template, &view)?;
        // A character no embedded font has becomes a visible □ (`check` warns about it).
        let markup = crate::fonts::replace_uncovered(&markup);
        let mut doc = read::read(&markup, template, &images)?;
        fit_images(doc.cover.iter_mut().chain(doc.body.iter_mut()));
        Ok(doc)
    };
    Ok(Documents {
        plan: read_template("plan.html")?,
        communication: match plan.kommunikasjonsplan {
            Some(_) => Some(read_template("kommunikasjonsplan.html")?),
            None => None,
        },
    })
}
