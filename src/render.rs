//! Templating: the view model through the Tera templates (embedded defaults, or a user's copy
//! with `--templates DIR`) to markup, and the markup through the reader to the IR.

use crate::doc::{Document, read};
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
        self.tera
            .render(template, &ctx)
            .map_err(|e| RenderError::Template(chain(&e)))
    }
}

/// The logo, read relative to the plan file.
fn logo(plan: &Plan, plan_dir: &Path) -> Result<Option<(Vec<u8>, String)>, RenderError> {
    let Some(rel) = &plan.program.logo else {
        return Ok(None);
    };
    let path = plan_dir.join(rel);
    let kind = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("png") => "png",
        Some("svg") => "svg",
        _ => {
            return Err(RenderError::Logo {
                path: rel.clone(),
                message: "må være PNG eller SVG".into(),
            });
        }
    };
    let bytes = std::fs::read(&path).map_err(|e| RenderError::Logo {
        path: rel.clone(),
        message: e.to_string(),
    })?;
    Ok(Some((bytes, kind.to_string())))
}

type Images = HashMap<String, (Vec<u8>, String)>;

/// The images a template may name: the logo, and the charts drawn from the plan.
fn images(plan: &Plan, figures: &Figures, plan_dir: &Path) -> Result<Images, RenderError> {
    let mut images = HashMap::new();
    if let Some(l) = logo(plan, plan_dir)? {
        images.insert("logo".to_string(), l);
    }
    let jobs = &figures.jobs;
    if jobs.worth_a_chart() {
        let rows: Vec<(String, Vec<u32>)> = jobs
            .rows
            .iter()
            .map(|r| (r.name.clone(), r.per_year.clone()))
            .collect();
        let svg = crate::chart::bars::job_targets(&jobs.years, &rows, "Arbeidsplassmål per år");
        images.insert(
            "arbeidsplassmål".to_string(),
            (svg.into_bytes(), "svg".into()),
        );
    }
    if let Some(c) = &plan.kommunikasjonsplan {
        let year = plan.program.år.value;
        let wheel = crate::chart::wheel::wheel(
            &crate::view::wheel_events(c),
            year,
            plan.program.målform,
            &format!("Årshjul {year}"),
        );
        images.insert(
            "årshjul".to_string(),
            (wheel.svg.into_bytes(), "svg".into()),
        );
    }
    Ok(images)
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
    let images = images(plan, figures, plan_dir)?;
    let view = crate::view::build(plan, figures, revised, images.contains_key("logo"));
    let read_template = |template: &str| -> Result<Document, RenderError> {
        let markup = templates.markup(template, &view)?;
        Ok(read::read(&markup, template, &images)?)
    };
    Ok(Documents {
        plan: read_template("plan.html")?,
        communication: match plan.kommunikasjonsplan {
            Some(_) => Some(read_template("kommunikasjonsplan.html")?),
            None => None,
        },
    })
}
