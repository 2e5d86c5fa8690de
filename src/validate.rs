//! Validation: every problem in a loaded plan, in one run, each pointing at its line and YAML
//! path. Structural rules read the input model; arithmetic rules cross-check `figures`. A plan
//! with errors produces no document; warnings (provisional figures, missing approval dates)
//! let it through.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::best_match;
use crate::figures::{Figures, compute};
use crate::format::{self, figure_kr as kr};
use crate::markdown::Place;
use crate::money::Figure;
use crate::plan::{
    Amount, At, JobRowKind, Plan, Quantity, StrategyIdStyle, TargetUnit, strategy_id_style,
    strategy_key,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The outcome of checking a plan: its figures and every diagnostic.
pub struct Checked {
    pub figures: Figures,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The most images the texts of a plan may show (each time an image is shown counts).
pub const MAX_TEXT_IMAGES: usize = 100;
/// The most bytes of images the texts of a plan may show, counted each time one is shown.
pub const MAX_TEXT_IMAGE_BYTES: u64 = 60 * 1024 * 1024;

/// An image a text shows, read as `render` reads it: a PNG or SVG file given relative to the
/// plan (an absolute path would not follow the plan to another machine).
pub fn read_text_image(
    dir: &std::path::Path,
    file: &str,
) -> Result<crate::plan::logo::Logo, String> {
    // An absolute path always has a root (and `\\x` on Windows has one without being absolute).
    if std::path::Path::new(file).has_root() {
        return Err("er en absolutt sti; oppgi stien relativt til planfilen".into());
    }
    // A path out of the plan's folder (`..`, a link) is refused by `logo::read`.
    crate::plan::logo::read(dir, file)
}

/// The images the plan's texts show (`![…](fil.png)`): the field and the file, as written.
pub fn text_images(plan: &Plan) -> Vec<(String, String)> {
    texts(plan)
        .into_iter()
        .filter(|t| t.markdown.is_some())
        .flat_map(|t| {
            crate::markdown::images(t.text)
                .into_iter()
                .map(move |file| (t.path.clone(), file))
        })
        .collect()
}

/// Checks what the plan names on disk (the logo, the images in its texts, the reference
/// document), relative to the plan's folder `dir`: the same reading `render` does, so what
/// passes here renders.
pub fn check_files(plan: &Plan, dir: &std::path::Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each file is read once, however often the texts show it.
    let mut read: HashMap<String, Result<u64, String>> = HashMap::new();
    let (mut references, mut bytes, mut over) = (0usize, 0u64, false);
    for (path, file) in text_images(plan) {
        references += 1;
        let size = read
            .entry(file.clone())
            .or_insert_with(|| {
                read_text_image(dir, &file).map(|image| {
                    out.extend(replaced_warning(&image.replaced, &path));
                    image.bytes.len() as u64
                })
            })
            .clone();
        match size {
            Ok(size) => {
                bytes = bytes.saturating_add(size);
                let beyond = references > MAX_TEXT_IMAGES || bytes > MAX_TEXT_IMAGE_BYTES;
                // Said once, at the first image beyond a bound.
                if beyond && !over {
                    over = true;
                    out.push(
                        Diagnostic::error(format!(
                            "Tekstene viser flere bilder enn dokumentene kan bære (høyst {MAX_TEXT_IMAGES} bilder og {} MB til sammen)",
                            MAX_TEXT_IMAGE_BYTES / 1024 / 1024
                        ))
                        .path(path)
                        .help("ta med færre eller mindre bilder; et bilde på en side trenger sjelden mer enn noen hundre kilobyte"),
                    );
                }
            }
            Err(message) => out.push(
                Diagnostic::error(format!("Bildet «{file}» {message}"))
                    .unreadable(crate::plan::logo::unreadable(dir, &file))
                    .path(path)
                    .help("oppgi stien til en PNG- eller SVG-fil, relativt til planfilen: ![hva bildet viser](bilde.png \"Figur 1. Bildetekst\")"),
            ),
        }
    }
    if let Some(rel) = &plan.program.logo {
        match crate::plan::logo::read(dir, rel) {
            Ok(logo) => out.extend(replaced_warning(&logo.replaced, "program.logo")),
            Err(message) => out.push(
                Diagnostic::error(format!("Logoen «{rel}» {message}"))
                    .unreadable(crate::plan::logo::unreadable(dir, rel))
                    .path("program.logo")
                    .help("oppgi stien til en PNG- eller SVG-fil, relativt til planfilen, eller fjern `logo:`"),
            ),
        }
    }
    if let Some(c) = &plan.program.forsidebilde {
        if let Err(message) = read_text_image(dir, &c.fil) {
            out.push(
                Diagnostic::error(format!("Forsidebildet «{}» {message}", c.fil))
                    .path("program.forsidebilde.fil")
                    .help("oppgi stien til en PNG- eller SVG-fil, relativt til planfilen, eller fjern `forsidebilde:`"),
            );
        }
        if c.tekst.trim().is_empty() {
            out.push(
                Diagnostic::error("Forsidebildet har ingen tekst som sier hva det viser")
                    .path("program.forsidebilde.tekst")
                    .help("skriv med noen ord hva bildet viser, f.eks. `tekst: Utsikt over Toke med sentrum i bakgrunnen`; teksten leses opp av skjermlesere"),
            );
        }
    }
    if let Some(rel) = &plan.program.referansedokument
        && let Err(message) =
            crate::plan::logo::inside(dir, rel).and_then(|path| reference_document(&path))
    {
        out.push(
            Diagnostic::error(format!("Referansedokumentet «{rel}»: {message}"))
                .unreadable(crate::plan::logo::unreadable(dir, rel))
                .path("program.referansedokument")
                .help("oppgi stien til et Word-dokument (.docx), relativt til planfilen, eller fjern `referansedokument:`"),
        );
    }
    out
}

/// The warning for the characters of an SVG's texts that no font has (drawn as □).
fn replaced_warning(replaced: &[char], path: &str) -> Option<Diagnostic> {
    if replaced.is_empty() {
        return None;
    }
    let shown: Vec<String> = replaced
        .iter()
        .take(5)
        .map(|c| format!("«{c}» (U+{:04X})", u32::from(*c)))
        .collect();
    Some(
        Diagnostic::warning(format!(
            "SVG-bildet har tekst med tegn som ingen av skriftene har ({}); de vises som «{}»",
            shown.join(", "),
            crate::fonts::REPLACEMENT
        ))
        .path(path)
        .help("gjør teksten i bildet om til streker (i Inkscape: Sti → Objekt til sti), eller lagre bildet som PNG"),
    )
}

/// Reads and parses a reference document for the DOCX (a regular file of at most 32 MB that
/// is a Word document): the same reading for `check` and `render`, so what `check` accepts
/// `render` can use.
pub fn reference_document(path: &std::path::Path) -> Result<crate::write::docx::Reference, String> {
    // A Word document with a logo or embedded fonts is a few megabytes; a regular file only.
    const MAX_REFERENCE_BYTES: u64 = 32 * 1024 * 1024;
    let meta =
        std::fs::metadata(path).map_err(|e| format!("referansedokumentet kan ikke leses: {e}"))?;
    if !meta.is_file() {
        return Err("referansedokumentet er ikke en vanlig fil".into());
    }
    if meta.len() > MAX_REFERENCE_BYTES {
        return Err(format!(
            "referansedokumentet er større enn {} MB",
            MAX_REFERENCE_BYTES / 1024 / 1024
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("referansedokumentet kan ikke leses: {e}"))?;
    crate::write::docx::Reference::from_docx(&bytes).map_err(|e| e.to_string())
}

/// A user's text as the documents use it: where it stands, and whether it is Markdown (and
/// at which place, which decides what it may hold).
struct Text<'a> {
    path: String,
    text: &'a str,
    markdown: Option<Place>,
    /// A name (heading, table cell, document title): kept short.
    name: bool,
    /// A text the plan must give: empty, the documents would show a gap.
    required: bool,
}

/// The texts of a plan, gathered section by section.
#[derive(Default)]
struct Texts<'a>(Vec<Text<'a>>);

impl<'a> Texts<'a> {
    /// A name the plan must give (a heading, a row of a table).
    fn name(&mut self, path: String, text: &'a str) {
        self.push(path, text, None, true, true);
    }

    /// A name the plan may leave out.
    fn optional_name(&mut self, path: String, text: Option<&'a str>) {
        if let Some(text) = text {
            self.push(path, text, None, true, false);
        }
    }

    /// A free text, Markdown at `place` (or plain when `None`).
    fn text(&mut self, path: String, text: Option<&'a str>, markdown: Option<Place>) {
        if let Some(text) = text {
            self.push(path, text, markdown, false, false);
        }
    }

    fn push(
        &mut self,
        path: String,
        text: &'a str,
        markdown: Option<Place>,
        name: bool,
        required: bool,
    ) {
        self.0.push(Text {
            path,
            text,
            markdown,
            name,
            required,
        });
    }

    fn programme(&mut self, plan: &'a Plan) {
        let p = &plan.program;
        self.name("program.navn".into(), &p.navn);
        self.name("program.område".into(), &p.område);
        self.text("program.visjon".into(), p.visjon.as_deref(), None);
        self.optional_name(
            "program.omstillingsplan".into(),
            p.omstillingsplan.as_deref(),
        );
        self.optional_name("program.godkjent_av".into(), p.godkjent_av.as_deref());
        self.optional_name("program.forfatter".into(), p.forfatter.as_deref());
        if let Some(c) = &p.forsidebilde {
            self.text("program.forsidebilde.tekst".into(), Some(&c.tekst), None);
        }
    }

    fn targets(&mut self, plan: &'a Plan) {
        for (i, r) in plan.arbeidsplasser.rader.iter().enumerate() {
            self.name(format!("arbeidsplasser.rader[{i}].navn"), &r.navn.value);
            let path = format!("arbeidsplasser.rader[{i}].merknad");
            self.text(path, r.merknad.as_deref(), Some(Place::Line));
        }
        for (i, t) in plan.andre_mål.iter().enumerate() {
            self.name(format!("andre_mål[{i}].navn"), &t.navn.value);
            let path = format!("andre_mål[{i}].merknad");
            self.text(path, t.merknad.as_deref(), Some(Place::Line));
        }
        let section = Some(Place::Section { level: 1 });
        self.text(
            "arbeidsplasser.merknad".into(),
            plan.arbeidsplasser.merknad.as_deref(),
            section,
        );
        if let Some(r) = &plan.resultater {
            let place = Some(Place::Section { level: 2 });
            self.text("resultater.tekst".into(), r.tekst.as_deref(), place);
        }
        self.text(
            "særskilte_satsinger".into(),
            plan.særskilte_satsinger.as_deref(),
            section,
        );
    }

    fn chapters(&mut self, plan: &'a Plan) {
        for (i, c) in plan.kapitler.iter().enumerate() {
            if let Some(heading) = &c.overskrift {
                self.name(format!("kapitler[{i}].overskrift"), &heading.value);
            }
            let place = Some(Place::Section { level: c.level() });
            self.text(format!("kapitler[{i}].tekst"), c.tekst.as_deref(), place);
        }
        // The plan's own headings on the template's sections are names like a chapter's.
        for (section, heading) in &plan.overskrifter {
            let path = format!("overskrifter.{}", section.yaml_name());
            self.name(path, heading.as_str());
        }
        // The plan's own texts in place of the template's are free text like any other.
        for (name, text) in &plan.tekster {
            let path = format!("tekster.{}", name.yaml_name());
            self.text(path, Some(text.as_str()), Some(name.place()));
        }
    }

    fn areas(&mut self, plan: &'a Plan) {
        let section = Some(Place::Section { level: 2 });
        for (i, a) in plan.innsatsområder.iter().enumerate() {
            let at = |k: &str| format!("innsatsområder[{i}].{k}");
            self.name(at("navn"), &a.navn.value);
            self.text(at("beskrivelse"), a.beskrivelse.as_deref(), section);
            let period_goal = a.periodemål.as_ref().map(|g| g.text());
            self.text(at("periodemål"), period_goal, Some(Place::Line));
            self.text(
                at("effektmål"),
                a.effektmål.as_ref().map(|g| g.text()),
                section,
            );
            self.text(at("resultatmål"), a.resultatmål.as_deref(), section);
            self.text(at("kommentar"), a.kommentar.as_deref(), section);
            for (j, s) in a.strategier.iter().enumerate() {
                let at = |k: &str| format!("innsatsområder[{i}].strategier[{j}].{k}");
                self.name(at("navn"), &s.navn);
                self.text(at("innhold"), s.innhold.as_deref(), Some(Place::Line));
                self.text(at("tiltak"), s.tiltak.as_deref(), Some(Place::Cell));
                self.text(
                    at("prosjektmål"),
                    s.prosjektmål.as_deref(),
                    Some(Place::Cell),
                );
                self.text(at("merknad"), s.merknad.as_deref(), Some(Place::Line));
            }
        }
    }

    fn resources(&mut self, plan: &'a Plan) {
        let line = Some(Place::Line);
        if let Some(e) = &plan.programmets_ressursinnsats {
            let path = "programmets_ressursinnsats.forklaring".into();
            self.text(path, e.forklaring.as_deref(), line);
        }
        let path = "administrasjon.forklaring".into();
        self.text(path, plan.administrasjon.forklaring.as_deref(), line);
        for (i, c) in plan.andre_kostnader.iter().enumerate() {
            self.name(format!("andre_kostnader[{i}].navn"), &c.navn.value);
            let path = format!("andre_kostnader[{i}].forklaring");
            self.text(path, c.forklaring.as_deref(), line);
        }
        for (i, f) in plan.finansiering.iter().enumerate() {
            self.name(format!("finansiering[{i}].kilde"), &f.kilde.value);
            let path = format!("finansiering[{i}].forklaring");
            self.text(path, f.forklaring.as_deref(), Some(Place::Cell));
            self.text(
                format!("finansiering[{i}].merknad"),
                f.merknad.as_deref(),
                line,
            );
        }
        let f = &plan.finansiering;
        self.text("finansiering.merknad".into(), f.merknad.as_deref(), line);
        self.text(
            "finansiering.sum_forklaring".into(),
            f.sum_forklaring.as_deref(),
            None,
        );
        if let Some(k) = &plan.kommunefordeling {
            for (i, m) in k.kommuner.iter().enumerate() {
                let at = |k: &str| format!("kommunefordeling.kommuner[{i}].{k}");
                self.name(at("navn"), &m.navn);
                self.optional_name(at("kommunenummer"), m.kommunenummer.as_deref());
            }
        }
    }

    fn communication(&mut self, plan: &'a Plan) {
        let Some(c) = &plan.kommunikasjonsplan else {
            return;
        };
        let place = |level| Some(Place::Section { level });
        self.text(
            "kommunikasjonsplan.tekst".into(),
            c.tekst.as_deref(),
            place(1),
        );
        self.text(
            "kommunikasjonsplan.målgrupper".into(),
            c.målgrupper.as_deref(),
            place(2),
        );
        for (i, a) in c.aktiviteter.iter().enumerate() {
            let at = |k: &str| format!("kommunikasjonsplan.aktiviteter[{i}].{k}");
            self.push(at("aktivitet"), &a.aktivitet, None, false, true);
            self.text(at("målgruppe"), a.målgruppe.as_deref(), None);
            self.text(at("kanal"), a.kanal.as_deref(), None);
            self.text(at("ansvar"), a.ansvar.as_deref(), None);
        }
        for (i, e) in c.hendelser.iter().enumerate() {
            let path = format!("kommunikasjonsplan.hendelser[{i}].hendelse");
            self.push(path, &e.hendelse, None, false, true);
        }
    }
}

/// Every text of the plan that reaches a document.
fn texts(plan: &Plan) -> Vec<Text<'_>> {
    let mut t = Texts::default();
    t.programme(plan);
    t.targets(plan);
    t.chapters(plan);
    t.areas(plan);
    t.resources(plan);
    t.communication(plan);
    t.0
}

/// What the message about a «…» left from `handlingsplan new` says.
const UNFILLED: &str = "er ikke fylt ut";

/// Whether the diagnostic is about a «…» a new plan leaves to fill in.
pub fn is_unfilled(d: &Diagnostic) -> bool {
    d.message.ends_with(UNFILLED)
}

/// The longest word (a run without spaces) a text may have: the PDF library cannot lay out
/// a single word of tens of thousands of characters, and no real word or address is near.
pub const MAX_WORD_CHARS: usize = 1_000;
/// The longest name (headings, table cells, the document title).
pub const MAX_NAME_CHARS: usize = 500;

pub fn check(plan: &Plan) -> Checked {
    let figures = compute(plan);
    let mut v = Validator { out: Vec::new() };
    v.programme(plan);
    // A period that ends before it begins (or lasts decades) is told once by `programme`; the
    // checks of each year in it would only repeat it.
    let period = &plan.program.periode;
    let period_readable =
        period.til.value >= period.fra.value && period.til.value - period.fra.value < 20;
    if period_readable {
        v.jobs(plan, &figures);
    }
    v.areas(plan);
    v.goals(plan);
    if period_readable {
        v.other_targets(plan, &figures);
        v.results(plan, &figures);
    }
    v.amounts(plan);
    v.financing(plan, &figures);
    v.municipalities(plan);
    v.communication(plan);
    v.provisional(plan);
    v.totals(&figures);
    v.texts(plan);
    v.chapters(plan);
    let mut diagnostics = v.out;
    // Errors first, then in file order.
    diagnostics.sort_by_key(|d| (d.severity, d.line, d.column));
    Checked {
        figures,
        diagnostics,
    }
}

struct Validator {
    out: Vec<Diagnostic>,
}

impl Validator {
    /// Every text: characters no embedded font has (a warning: they show as □), words too
    /// long to lay out, names too long for a heading, Markdown the documents cannot show.
    /// The plan's own chapters: a heading, at a level the contents can show.
    fn chapters(&mut self, plan: &Plan) {
        for (i, c) in plan.kapitler.iter().enumerate() {
            if let Some(level) = &c.nivå
                && !(1..=2).contains(&level.value)
            {
                let message = match &c.overskrift {
                    Some(h) => format!("Kapittelet «{}» har nivå {}", h.value, level.value),
                    None => format!("Kapittelet har nivå {}", level.value),
                };
                self.error(level, format!("kapitler[{i}].nivå"), message)
                    .help = Some(
                    "skriv `nivå: 1` (som «1.») eller `nivå: 2` (som «1.1»), eller fjern `nivå:`"
                        .into(),
                );
            }
            if let Some(area) = &c.før_innsatsområde {
                self.chapter_before_area(plan, i, c.plassering, area);
            }
            if let Some(heading) = c.overskrift.as_ref().filter(|h| h.value.trim().is_empty()) {
                self.error(
                    heading,
                    format!("kapitler[{i}].overskrift"),
                    "Kapittelet har en tom overskrift".into(),
                )
                .help = Some("skriv overskriften kapittelet skal ha i innholdsfortegnelsen, eller fjern `overskrift:` når teksten skal stå uten overskrift".into());
            }
            if c.overskrift.is_none() && c.tekst.as_deref().is_none_or(|t| t.trim().is_empty()) {
                self.out.push(
                    Diagnostic::warning(format!(
                        "Kapittel {} har verken overskrift eller tekst, og dokumentene viser ingenting av det",
                        i + 1
                    ))
                    .path(format!("kapitler[{i}]"))
                    .help("skriv `overskrift:` eller `tekst:`, eller fjern kapittelet"),
                );
            }
        }
    }

    /// A chapter placed before a named area: in section 2, before an area the plan has.
    fn chapter_before_area(
        &mut self,
        plan: &Plan,
        i: usize,
        place: crate::plan::ChapterPlace,
        area: &At<String>,
    ) {
        let path = format!("kapitler[{i}].før_innsatsområde");
        if place != crate::plan::ChapterPlace::In2 {
            self.error(
                area,
                path,
                "Et kapittel foran et innsatsområde må stå i seksjon 2".into(),
            )
            .help = Some("skriv `plassering: i_2`, eller fjern `før_innsatsområde:`".into());
            return;
        }
        let names: Vec<&str> = plan
            .innsatsområder
            .iter()
            .map(|a| a.navn.value.as_str())
            .collect();
        if !names.iter().any(|n| n.trim() == area.value.trim()) {
            let message = format!("Planen har ikke noe innsatsområde «{}»", area.value);
            self.error(area, path, message).help = Some(match best_match(&area.value, &names) {
                Some(m) => format!("mente du «{m}»? Skriv navnet som under `innsatsområder:`"),
                None => format!("innsatsområdene er: {}", names.join(", ")),
            });
        }
    }

    fn texts(&mut self, plan: &Plan) {
        let mut unseen = 0usize;
        for t in texts(plan) {
            self.unfilled(&t);
            let missing = crate::fonts::uncovered(t.text);
            if !missing.is_empty() {
                let shown: Vec<String> = missing
                    .iter()
                    .take(5)
                    .map(|c| {
                        if c.is_control() {
                            format!("U+{:04X}", u32::from(*c))
                        } else {
                            format!("«{c}» (U+{:04X})", u32::from(*c))
                        }
                    })
                    .collect();
                unseen += 1;
                if unseen <= 20 {
                    self.out.push(
                        Diagnostic::warning(format!(
                            "Tegnet {} finnes ikke i skriftene og vises som «{}» i dokumentene",
                            shown.join(", "),
                            crate::fonts::REPLACEMENT
                        ))
                        .path(t.path.clone())
                        .help("bytt tegnet ut med et vanlig tegn, eller fjern det"),
                    );
                }
            }
            if let Some(word) = t
                .text
                .split_whitespace()
                .find(|w| w.chars().count() > MAX_WORD_CHARS)
            {
                let start: String = word.chars().take(20).collect();
                self.out.push(
                    Diagnostic::error(format!(
                        "Teksten har et ord på {} tegn uten mellomrom («{start}…»); dokumentene kan ikke bryte det",
                        word.chars().count()
                    ))
                    .path(t.path.clone())
                    .help(format!("del opp ordet; ord og nettadresser kan være høyst {MAX_WORD_CHARS} tegn")),
                );
            }
            if t.name && t.text.chars().count() > MAX_NAME_CHARS {
                self.out.push(
                    Diagnostic::error(format!(
                        "Navnet er {} tegn langt; det brukes i overskrifter og tabeller",
                        t.text.chars().count()
                    ))
                    .path(t.path.clone())
                    .help(format!("skriv et kortere navn (høyst {MAX_NAME_CHARS} tegn), og legg forklaringen i en beskrivelse")),
                );
            }
            if let Some(place) = t.markdown
                && let Some(problem) = crate::markdown::problem(t.text, place)
            {
                self.out.push(
                    Diagnostic::error(format!(
                        "Teksten har {}",
                        problem.split(';').next().unwrap_or(problem)
                    ))
                    .path(t.path.clone())
                    .help(
                        problem
                            .split_once("; ")
                            .map(|(_, h)| h)
                            .unwrap_or(problem)
                            .to_string(),
                    ),
                );
            }
        }
    }

    /// A text the plan must give left empty, or a «…» from `handlingsplan new` not filled in:
    /// the documents would show «Omstilling i » or «…».
    fn unfilled(&mut self, t: &Text) {
        let text = t.text.trim();
        if t.required && text.is_empty() {
            let field = t.path.rsplit('.').next().unwrap_or(&t.path);
            self.out.push(
                Diagnostic::error(format!(
                    "«{field}» står tom; dokumentene ville vist et hull der teksten skal stå"
                ))
                .path(t.path.clone())
                .help(format!("skriv teksten etter `{field}:`")),
            );
        } else if text.starts_with('…') {
            self.out.push(
                Diagnostic::error(format!("«{text}» {UNFILLED}"))
                    .path(t.path.clone())
                    .help("skriv inn det som skal stå der «…» står (fra `handlingsplan new`), eller fjern det planen ikke trenger"),
            );
        }
    }

    /// Totals beyond what a plan's tables can hold. Every amount is bounded when read, so this
    /// takes tens of thousands of the largest amounts; it makes an overflow a diagnostic by
    /// construction (sums saturate, and a saturated sum is always out of range).
    fn totals(&mut self, figures: &Figures) {
        let mut named: Vec<(&str, Figure)> = vec![
            ("Samlet kostnad", figures.total_cost),
            ("Delsum kostnader", figures.subtotal.sum),
            ("Sum finansiering", figures.financing_total),
        ];
        for a in &figures.areas {
            named.push(("Sum for et innsatsområde", a.resources.sum));
        }
        if let Some((what, f)) = named.into_iter().find(|(_, f)| f.out_of_range()) {
            self.out.push(
                Diagnostic::error(format!(
                    "{what} blir {}, som er urimelig stort for en handlingsplan",
                    format::figure_kr(f)
                ))
                .help("kontroller beløpene; en handlingsplan har beløp på noen hundre millioner kroner"),
            );
        }
        if figures.jobs.total > crate::figures::MAX_JOBS_TOTAL {
            self.out.push(
                Diagnostic::error(
                    "Arbeidsplassmålene summerer til over en million, som er urimelig mange",
                )
                .path("arbeidsplasser.rader")
                .help("kontroller tallene i tabellen over arbeidsplassmål"),
            );
        }
    }

    fn error<T>(&mut self, at: &At<T>, path: String, message: String) -> &mut Diagnostic {
        self.out.push(
            Diagnostic::error(message)
                .at(at.line, at.column)
                .within(at.file)
                .path(path),
        );
        self.out.last_mut().expect("just pushed")
    }

    fn warning<T>(&mut self, at: &At<T>, path: String, message: String) -> &mut Diagnostic {
        self.out.push(
            Diagnostic::warning(message)
                .at(at.line, at.column)
                .within(at.file)
                .path(path),
        );
        self.out.last_mut().expect("just pushed")
    }

    fn programme(&mut self, plan: &Plan) {
        let p = &plan.program;
        let (from, to, year) = (p.periode.fra.value, p.periode.til.value, p.år.value);
        if to < from {
            self.error(
                &p.periode.til,
                "program.periode.til".into(),
                format!("Perioden slutter ({to}) før den begynner ({from})"),
            );
        } else if to - from >= 20 {
            self.error(
                &p.periode.til,
                "program.periode.til".into(),
                format!("Perioden {from}–{to} er urimelig lang"),
            )
            .help = Some("et omstillingsprogram varer vanligvis seks år".into());
        } else if year < from || year > to {
            self.error(
                &p.år,
                "program.år".into(),
                format!("Planåret {year} ligger utenfor perioden {from}–{to}"),
            )
            .help = Some("rett opp året eller perioden".into());
        }
        let today = time::OffsetDateTime::now_utc().date();
        for (date, path, who) in [
            (&p.styrebehandlet, "program.styrebehandlet", "styret"),
            (
                &p.kommunestyregodkjent,
                "program.kommunestyregodkjent",
                "kommunestyret",
            ),
        ] {
            if let Some(d) = date
                && d.value.0 > today
            {
                self.error(
                    d,
                    path.into(),
                    format!(
                        "Datoen {} er ikke kommet ennå; forsiden ville si at {who} har behandlet planen",
                        format::date_in_words(d.value.0)
                    ),
                )
                .help = Some(format!(
                    "la feltet stå tomt til {who} har behandlet planen; forsiden sier da at den \
                     skal behandles"
                ));
            }
        }
        match &p.styrebehandlet {
            None => self.out.push(
                Diagnostic::warning("Datoen for styrebehandling mangler; forsiden på dokumentene handlingsplan lager, sier «Til behandling i styret i …» til datoen er lagt inn")
                    .path("program.styrebehandlet")
                    .help("legg inn `styrebehandlet: ÅÅÅÅ-MM-DD` når styret har behandlet planen"),
            ),
            Some(d) if d.value.0.year() < from - 1 || d.value.0.year() > year => {
                self.warning(d, "program.styrebehandlet".into(), format!("Styret behandlet planen i {}, som er uventet for planåret {year}", d.value.0.year()));
            }
            _ => {}
        }
        if p.kommunestyregodkjent.is_none() {
            self.out.push(
                Diagnostic::warning("Datoen for godkjenning i kommunestyret mangler; forsiden på dokumentene handlingsplan lager, sier «Legges fram for …» til datoen er lagt inn")
                    .path("program.kommunestyregodkjent")
                    .help("legg inn `kommunestyregodkjent: ÅÅÅÅ-MM-DD` når planen er godkjent"),
            );
        }
        if let (Some(board), Some(council)) = (&p.styrebehandlet, &p.kommunestyregodkjent)
            && council.value < board.value
        {
            self.warning(
                council,
                "program.kommunestyregodkjent".into(),
                "Kommunestyret godkjente planen før styret behandlet den".into(),
            );
        }
        if let Some(colour) = &p.aksentfarge {
            match format::parse_hex_colour(colour) {
                None => self.out.push(
                    Diagnostic::error(format!("Aksentfargen «{colour}» er ikke en farge"))
                        .path("program.aksentfarge")
                        .help("skriv den som heksadesimal, f.eks. \"#1F4E79\" (husk anførselstegn)"),
                ),
                Some(rgb) if contrast_with_white(rgb) < 4.5 => self.out.push(
                    Diagnostic::error(format!(
                        "Aksentfargen «{colour}» har for lav kontrast mot hvitt ({:.1}:1); overskrifter og hvit tekst i tabelloverskrifter blir vanskelige å lese",
                        contrast_with_white(rgb)
                    ))
                    .path("program.aksentfarge")
                    .help("velg en mørkere farge (kontrast minst 4,5:1, krav i WCAG og PDF/UA), f.eks. \"#1F4E79\""),
                ),
                Some(_) => {}
            }
        }
        if p.visjon.as_deref().is_none_or(|v| v.trim().is_empty()) {
            self.out.push(
                Diagnostic::warning("Visjonen mangler; forsiden på dokumentene handlingsplan lager, står uten visjon")
                    .path("program.visjon")
                    .help("legg inn omstillingsprogrammets visjon i `visjon:`"),
            );
        }
        if plan_results_missing(plan) {
            self.out.push(
                Diagnostic::warning("Resultater fra tidligere omstillingsår (1.1) mangler; dokumentene handlingsplan lager, viser en tydelig markert tom plass der")
                    .path("resultater.tekst")
                    .help("skriv en kort oppsummering, eller «Ikke aktuelt det første året»"),
            );
        }
        if p.arbeidsplassmål.value.0 == 0 && !p.arbeidsplassmål.unfilled {
            self.warning(
                &p.arbeidsplassmål,
                "program.arbeidsplassmål".into(),
                "Arbeidsplassmålet for perioden er 0".into(),
            );
        }
    }

    fn jobs(&mut self, plan: &Plan, figures: &Figures) {
        let p = &plan.program;
        let (from, to) = (p.periode.fra.value, p.periode.til.value);
        let table = &plan.arbeidsplasser;
        if table.rader.is_empty() {
            self.jobs_without_table(plan, figures);
            return;
        }
        self.stated_year_target(plan, figures);
        let mut names = HashMap::new();
        for (i, row) in table.rader.iter().enumerate() {
            let path = format!("arbeidsplasser.rader[{i}]");
            if names.insert(row.navn.value.clone(), i).is_some() {
                self.error(
                    &row.navn,
                    format!("{path}.navn"),
                    format!("Raden «{}» står to ganger", row.navn.value),
                );
            }
            for (year, jobs) in &row.mål {
                if *year < from || *year > to {
                    self.error(
                        jobs,
                        format!("{path}.mål.{year}"),
                        format!("Året {year} ligger utenfor perioden {from}–{to}"),
                    );
                }
            }
            // A year without a target may be left out (or written empty): the table shows it
            // as «–»; the period's target is still checked against the sum below.
            if table.fordelt_på == JobRowKind::Innsatsområder {
                match plan
                    .innsatsområder
                    .iter()
                    .find(|a| a.navn.value == row.navn.value)
                {
                    None => {
                        let names: Vec<&str> = plan
                            .innsatsområder
                            .iter()
                            .map(|a| a.navn.value.as_str())
                            .collect();
                        self.error(&row.navn, format!("{path}.navn"), format!("«{}» er ikke et av innsatsområdene", row.navn.value))
                            .help = Some(match best_match(&row.navn.value, &names) {
                            Some(m) => format!("mente du «{m}»? Ellers: skriv `fordelt_på: næringer` om radene er næringer"),
                            None => "skriv navnet som i `innsatsområder`, eller `fordelt_på: næringer` om radene er næringer".into(),
                        });
                    }
                    Some(area) if area.uten_arbeidsplassmål => {
                        self.error(
                            &row.navn,
                            format!("{path}.navn"),
                            format!(
                                "«{}» er merket uten arbeidsplassmål, men har en rad i tabellen",
                                row.navn.value
                            ),
                        );
                    }
                    _ => {}
                }
            }
        }
        let target = p.arbeidsplassmål.value.0;
        if figures.jobs.total != target {
            let years: Vec<String> = figures.jobs.year_sums.iter().map(u32::to_string).collect();
            self.error(&p.arbeidsplassmål, "program.arbeidsplassmål".into(), format!(
                "Arbeidsplassmålene per år summerer til {} ({}), men målet for perioden er {target}",
                figures.jobs.total,
                years.join(" + ")
            ))
            .help = Some(format!(
                "tabellen gir {} {} arbeidsplasser enn målet for perioden. Kontroller tallene per år i \
                 `arbeidsplasser.rader` (fra linje {}) og målet for perioden mot omstillingsplanen, og rett \
                 det som er skrevet feil; ikke endre et tall bare for at summen skal stemme",
                i64::from(figures.jobs.total).abs_diff(i64::from(target)),
                if figures.jobs.total > target { "flere" } else { "færre" },
                table.rader.first().map_or(0, |r| r.navn.line)
            ));
        }
        // The plan year's target in the table against the areas' own targets.
        let year = p.år.value;
        if figures.jobs.for_year(year).is_none() {
            return;
        }
        // Each area's target against its row; what those differences explain of the sum is
        // not told again for the sum.
        let mut explained: i64 = 0;
        if table.fordelt_på == JobRowKind::Innsatsområder {
            for (i, area) in plan.innsatsområder.iter().enumerate() {
                let row = table.rader.iter().find(|r| r.navn.value == area.navn.value);
                if let (Some(target), Some(row)) = (&area.arbeidsplassmål, row)
                    && let Some(in_table) = row.mål.get(&year)
                    && in_table.value != target.value
                {
                    explained += i64::from(target.value.0) - i64::from(in_table.value.0);
                    self.error(
                        target,
                        format!("innsatsområder[{i}].arbeidsplassmål"),
                        format!(
                            "«{}» har mål om {} arbeidsplasser i {year}, men tabellen har {}",
                            area.navn.value, target.value.0, in_table.value.0
                        ),
                    );
                }
                if row.is_none() && !area.uten_arbeidsplassmål {
                    self.error(&area.navn, format!("innsatsområder[{i}].navn"), format!("«{}» har ingen rad i tabellen over arbeidsplassmål", area.navn.value))
                        .help = Some("legg til en rad i `arbeidsplasser.rader`, eller sett `uten_arbeidsplassmål: true` for et støtteområde".into());
                }
            }
        }
        self.area_targets_against(plan, figures, explained, "tabellen har");
    }

    /// The areas' own targets for the plan year added up, against the year's target (`whose`
    /// says where that target stands); `explained` is what row-by-row messages already told.
    fn area_targets_against(
        &mut self,
        plan: &Plan,
        figures: &Figures,
        explained: i64,
        whose: &str,
    ) {
        let year = plan.program.år.value;
        let Some(year_sum) = figures.jobs.for_year(year) else {
            return;
        };
        let area_targets: Vec<(usize, &At<crate::plan::Jobs>)> = plan
            .innsatsområder
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.arbeidsplassmål.as_ref().map(|j| (i, j)))
            .collect();
        if !area_targets.is_empty() {
            let sum: u64 = area_targets.iter().map(|(_, j)| u64::from(j.value.0)).sum();
            let difference = i128::from(sum) - i128::from(year_sum);
            if difference != 0 && difference != i128::from(explained) {
                let (i, first) = area_targets[0];
                self.error(first, format!("innsatsområder[{i}].arbeidsplassmål"), format!(
                    "Innsatsområdenes arbeidsplassmål for {year} summerer til {sum}, men {whose} {year_sum} for {year}"
                ));
            }
        }
    }

    /// A plan without a table of targets per year (older plans state them in a sentence): the
    /// plan year's target must be given instead, and the areas' own targets add up to it.
    fn jobs_without_table(&mut self, plan: &Plan, figures: &Figures) {
        let p = &plan.program;
        let year = p.år.value;
        let Some(stated) = &plan.arbeidsplasser.årets_mål else {
            self.out.push(
                Diagnostic::error(format!(
                    "Planen har ingen arbeidsplassmål for {year}: verken en tabell med mål per år eller årets mål"
                ))
                .path("arbeidsplasser.rader")
                .help(format!(
                    "fyll inn `rader:` med mål per år for hvert innsatsområde, eller skriv `årets_mål:` under `arbeidsplasser:` om planen bare oppgir målet for {year}"
                )),
            );
            return;
        };
        self.warning(
            stated,
            "arbeidsplasser.rader".into(),
            format!(
                "Planen har ingen tabell over arbeidsplassmål per år, som malen har: dokumentene viser målet for perioden ({}) og for {year} ({}) uten tabell",
                p.arbeidsplassmål.value.0, stated.value.0
            ),
        )
        .help = Some(
            "har omstillingsplanen mål per år og innsatsområde, skriv dem i `arbeidsplasser.rader`"
                .into(),
        );
        if stated.value.0 > p.arbeidsplassmål.value.0 {
            self.error(
                stated,
                "arbeidsplasser.årets_mål".into(),
                format!(
                    "Årets mål ({}) er større enn målet for hele perioden ({})",
                    stated.value.0, p.arbeidsplassmål.value.0
                ),
            );
        }
        self.area_targets_against(plan, figures, 0, "årets mål er");
    }

    /// `årets_mål` beside a table: the table's sum for the plan year is the year's target.
    fn stated_year_target(&mut self, plan: &Plan, figures: &Figures) {
        let year = plan.program.år.value;
        if let Some(stated) = &plan.arbeidsplasser.årets_mål
            && let Some(in_table) = figures.jobs.for_year(year)
            && in_table != stated.value.0
        {
            self.error(
                stated,
                "arbeidsplasser.årets_mål".into(),
                format!(
                    "Årets mål er {}, men tabellen over arbeidsplassmål har {in_table} for {year}",
                    stated.value.0
                ),
            )
            .help = Some(
                "årets mål regnes ut av tabellen: skriv samme tall, eller ta linjen bort".into(),
            );
        }
    }

    fn areas(&mut self, plan: &Plan) {
        if plan.innsatsområder.is_empty() {
            self.out
                .push(Diagnostic::error("Planen har ingen innsatsområder").path("innsatsområder"));
        }
        self.strategy_ids(plan);
        for (i, area) in plan.innsatsområder.iter().enumerate() {
            if area.strategier.is_empty() {
                self.error(
                    &area.navn,
                    format!("innsatsområder[{i}].strategier"),
                    format!("«{}» har ingen strategier", area.navn.value),
                )
                .help = Some(
                    "malen krever at alle strategiene fra omstillingsplanen listes opp".into(),
                );
            }
            self.area_budget(i, area);
            self.strategy_figures(i, area);
            for (field, text) in [
                ("beskrivelse", area.beskrivelse.as_deref()),
                ("effektmål", area.effektmål.as_ref().map(|g| g.text())),
                ("resultatmål", area.resultatmål.as_deref()),
            ] {
                if text.is_none_or(|t| t.trim().is_empty()) {
                    self.warning(
                        &area.navn,
                        format!("innsatsområder[{i}].{field}"),
                        format!(
                            "«{}» mangler {field}; dokumentene handlingsplan lager, viser en tydelig markert tom plass der",
                            area.navn.value
                        ),
                    );
                }
            }
        }
    }

    /// The strategies' letters or numbers: each a letter or a number, one style per plan,
    /// letters in order within an area, and each identifier used once. A plan that begins
    /// every area at «A» (or «1») again has identifiers unique within each area; otherwise
    /// an identifier may recur in another area only for the same strategy (strategies that
    /// run through several areas, as in Drangedal). A strategy without one is not counted.
    fn strategy_ids(&mut self, plan: &Plan) {
        let per_area = crate::plan::restarts_per_area(plan);
        let mut plan_wide: HashMap<String, (String, String)> = HashMap::new();
        let mut style: Option<(StrategyIdStyle, String)> = None;
        for (i, area) in plan.innsatsområder.iter().enumerate() {
            let mut previous: Option<String> = None;
            let mut numbers_here: HashMap<String, String> = HashMap::new();
            if per_area {
                plan_wide.clear();
            }
            for (j, s) in area.strategier.iter().enumerate() {
                let Some(id) = &s.bokstav else {
                    continue;
                };
                let path = format!("innsatsområder[{i}].strategier[{j}].bokstav");
                let Some(this_style) = self.id_style(id, &s.navn, &path, &mut style) else {
                    continue;
                };
                let written = id.value.trim();
                let letter = strategy_key(written);
                if this_style == StrategyIdStyle::Letters {
                    // A < … < Z < AA < AB …
                    let order_key = |l: &str| (l.chars().count(), l.to_string());
                    if let Some(p) = &previous
                        && order_key(&letter) <= order_key(p)
                    {
                        self.error(id, path.clone(), format!("Strategi {letter} kommer etter {p} i «{}»: bokstavene skal være entydige og i rekkefølge", area.navn.value));
                    }
                    previous = Some(letter.clone());
                } else if let Some(first) = numbers_here.insert(letter.clone(), written.to_string())
                {
                    self.error(
                        id,
                        path.clone(),
                        format!(
                            "Strategi «{written}» har samme nummer som «{first}» i «{}»",
                            area.navn.value
                        ),
                    )
                    .help = Some("gi hver strategi i innsatsområdet sitt eget nummer".into());
                }
                match plan_wide.get(&letter) {
                    Some((name, area_name)) if *name != s.navn => {
                        let what = match this_style {
                            StrategyIdStyle::Letters => "Bokstaven",
                            StrategyIdStyle::Numbers => "Nummeret",
                        };
                        self.error(id, path, format!(
                            "{what} {written} er allerede brukt for strategien «{name}» i «{area_name}»"
                        ))
                        .help = Some(match this_style {
                            StrategyIdStyle::Letters => "bruk neste ledige bokstav, eller samme navn om det er den samme gjennomgående strategien; begynner omstillingsplanen på A i hvert innsatsområde, gjør det samme i alle innsatsområdene",
                            StrategyIdStyle::Numbers => "bruk et nummer som ikke er brukt, eller samme navn om det er den samme gjennomgående strategien; begynner omstillingsplanen på 1 i hvert innsatsområde, gjør det samme i alle innsatsområdene",
                        }.into());
                    }
                    Some(_) => {}
                    None => {
                        plan_wide.insert(letter, (s.navn.clone(), area.navn.value.clone()));
                    }
                }
            }
        }
    }

    /// A strategy identifier's style, when it is a letter or a number of the plan's one style
    /// (the first identifier's); else the error, and `None`.
    fn id_style(
        &mut self,
        id: &At<String>,
        name: &str,
        path: &str,
        style: &mut Option<(StrategyIdStyle, String)>,
    ) -> Option<StrategyIdStyle> {
        let written = id.value.trim();
        let Some(this_style) = strategy_id_style(written) else {
            self.error(
                id,
                path.to_string(),
                format!(
                    "Strategien «{name}» har «{written}» som bokstav eller nummer; det er ingen av delene"
                ),
            )
            .help = Some("skriv en bokstav (A, B, C …, deretter AA, AB …) eller et nummer (1, 2, 3.1.1 eller A1 med innsatsområdets bokstav), gjerne med punktum eller parentes etter: «A.», «1.», «a)», eller fjern `bokstav:` når planen ikke gir strategien noen".into());
            return None;
        };
        match style {
            Some((first, example)) if *first != this_style => {
                let (this, other) = match this_style {
                    StrategyIdStyle::Letters => ("en bokstav", "nummer"),
                    StrategyIdStyle::Numbers => ("et nummer", "bokstaver"),
                };
                let message = format!(
                    "Strategi «{written}» har {this}, men planen bruker {other} (som «{example}»)"
                );
                self.error(id, path.to_string(), message).help = Some("bruk én måte gjennom hele planen: alle strategiene med bokstaver (A, B, C …) eller alle med nummer (1, 2 eller 3.1.1)".into());
                None
            }
            Some(_) => Some(this_style),
            None => {
                *style = Some((this_style, written.to_string()));
                Some(this_style)
            }
        }
    }

    /// An area's own budget against its strategies': they add up to it, or (when their
    /// budgets also hold the søkbare midler) to it and the søkbare midler together. An area
    /// with no budget anywhere is told.
    fn area_budget(&mut self, i: usize, area: &crate::plan::FocusArea) {
        let strategy_budgets: Vec<&At<Amount>> = area
            .strategier
            .iter()
            .filter_map(|s| s.budsjett.as_ref())
            .collect();
        let within = crate::figures::strategies_funds(area).is_some();
        if let Some(area_budget) = &area.budsjett {
            let sum = Figure::sum(strategy_budgets.iter().map(|b| b.value.0));
            let applicable = crate::figures::applicable_funds(area).unwrap_or(Figure::ZERO);
            let (Some(a), Some(b)) = (area_budget.value.0.value(), sum.value()) else {
                return;
            };
            let with_funds = applicable.value().and_then(|f| a.checked_add(f));
            let adds_up = if within {
                with_funds == Some(b)
            } else {
                a == b || with_funds == Some(b)
            };
            if !strategy_budgets.is_empty() && !adds_up {
                self.error(area_budget, format!("innsatsområder[{i}].budsjett"), format!(
                    "Budsjettet for «{}» er {}, men strategiene summerer til {} (differanse {})",
                    area.navn.value, kr(area_budget.value.0), kr(sum), format::amount(a - b)
                ))
                .help = Some("strategienes budsjett skal summere til innsatsområdets `budsjett` (prosjektkostnadene), eller til `budsjett` og `søkbare_midler` sammen når strategienes budsjett også holder de søkbare midlene".into());
            }
        } else if strategy_budgets.is_empty() && area.søkbare_midler.is_none() {
            self.warning(
                &area.navn,
                format!("innsatsområder[{i}]"),
                format!("«{}» har ikke noe budsjett", area.navn.value),
            )
            .help = Some(
                "gi strategiene `budsjett:`, eller innsatsområdet et samlet `budsjett:`".into(),
            );
        }
    }

    /// Each strategy's granted amount and søkbare midler against its budget, and the area's
    /// søkbare midler against its strategies'.
    fn strategy_figures(&mut self, i: usize, area: &crate::plan::FocusArea) {
        for (j, s) in area.strategier.iter().enumerate() {
            let label =
                crate::plan::strategy_label(s.bokstav.as_ref().map(|l| l.value.as_str()), &s.navn);
            if let (Some(b), Some(g)) = (&s.budsjett, &s.innvilget)
                && let (Some(bv), Some(gv)) = (b.value.0.value(), g.value.0.value())
                && gv > bv
            {
                self.warning(
                    g,
                    format!("innsatsområder[{i}].strategier[{j}].innvilget"),
                    format!(
                        "Innvilget ({}) er mer enn budsjettet ({}) for strategi {label}",
                        kr(g.value.0),
                        kr(b.value.0),
                    ),
                );
            }
            let Some(funds) = &s.søkbare_midler else {
                continue;
            };
            let path = format!("innsatsområder[{i}].strategier[{j}].søkbare_midler");
            match &s.budsjett {
                None => {
                    self.error(funds, path, format!("Strategi {label} har søkbare midler, men ikke noe budsjett å ta dem av"))
                        .help = Some("søkbare midler på en strategi er en del av budsjettet: skriv strategiens `budsjett:` (hele beløpet, søkbare midler medregnet)".into());
                }
                Some(b) => {
                    if let (Some(bv), Some(fv)) = (b.value.0.value(), funds.value.0.value())
                        && fv > bv
                    {
                        self.error(funds, path, format!(
                            "Søkbare midler ({}) er mer enn budsjettet ({}) for strategi {label}",
                            kr(funds.value.0),
                            kr(b.value.0)
                        ))
                        .help = Some("søkbare midler på en strategi er den delen av budsjettet som er avsatt til søknader; budsjettet er hele beløpet".into());
                    }
                }
            }
        }
        self.area_funds_against_strategies(i, area);
    }

    /// An area that gives its søkbare midler beside its strategies' has their sum.
    fn area_funds_against_strategies(&mut self, i: usize, area: &crate::plan::FocusArea) {
        let (Some(area_funds), Some(sum)) =
            (&area.søkbare_midler, crate::figures::strategies_funds(area))
        else {
            return;
        };
        if let (Some(a), Some(b)) = (area_funds.value.0.value(), sum.value())
            && a != b
        {
            self.error(area_funds, format!("innsatsområder[{i}].søkbare_midler"), format!(
                "Søkbare midler for «{}» er {}, men strategiene har {} til sammen (differanse {})",
                area.navn.value, kr(area_funds.value.0), kr(sum), format::amount(a - b)
            ))
            .help = Some("rett beløpet, eller fjern innsatsområdets `søkbare_midler:`: summen av strategienes brukes da".into());
        }
    }

    /// The areas' period goals and impact goals: a period that runs forwards.
    fn goals(&mut self, plan: &Plan) {
        for (i, area) in plan.innsatsområder.iter().enumerate() {
            if let Some(p) = area.periodemål.as_ref().and_then(|g| g.period())
                && p.til.value < p.fra.value
            {
                self.error(
                    &p.til,
                    format!("innsatsområder[{i}].periodemål.periode.til"),
                    format!(
                        "Perioden for periodemålet slutter ({}) før den begynner ({})",
                        p.til.value, p.fra.value
                    ),
                )
                .help = Some("skriv perioden som `{ fra: 2013, til: 2015 }`".into());
            }
        }
    }

    /// One figure of another target against its unit.
    fn quantity(&mut self, unit: TargetUnit, q: &At<Quantity>, path: String) {
        let v = q.value.value;
        let problem = match unit {
            TargetUnit::Antall if !v.fract().is_zero() => Some((
                format!(
                    "{} er ikke et helt antall",
                    v.normalize().to_string().replace('.', ",")
                ),
                "skriv et helt tall, f.eks. `12`".to_string(),
            )),
            TargetUnit::Prosent if v > Decimal::ONE_HUNDRED => Some((
                format!("{} er mer enn 100 %", format::percent(v)),
                "skriv en prosent fra 0 til 100, f.eks. `40` eller `\"12,5 %\"`".to_string(),
            )),
            TargetUnit::Antall | TargetUnit::Kroner if q.value.percent_sign => Some((
                format!(
                    "Tallet er skrevet med %, men enheten er {}",
                    if unit == TargetUnit::Antall {
                        "antall"
                    } else {
                        "kroner"
                    }
                ),
                "skriv tallet uten %, eller `enhet: prosent` om målet er en andel".to_string(),
            )),
            _ => None,
        };
        if let Some((message, help)) = problem {
            self.error(q, path, message).help = Some(help);
        }
    }

    /// The programme's other targets: years in the period, figures in their unit, and yearly
    /// targets that add up to the period's when both are given.
    fn other_targets(&mut self, plan: &Plan, figures: &Figures) {
        let p = &plan.program;
        let (from, to) = (p.periode.fra.value, p.periode.til.value);
        let mut names = HashMap::new();
        for (i, t) in plan.andre_mål.iter().enumerate() {
            let path = format!("andre_mål[{i}]");
            if t.navn.value.trim().is_empty() {
                self.error(
                    &t.navn,
                    format!("{path}.navn"),
                    "Målet har ikke noe navn".into(),
                )
                .help = Some("skriv hva som måles, f.eks. `navn: Nye bedrifter`".into());
            }
            if names.insert(t.navn.value.clone(), i).is_some() {
                self.error(
                    &t.navn,
                    format!("{path}.navn"),
                    format!("Målet «{}» står to ganger i `andre_mål`", t.navn.value),
                );
            }
            if t.mål.is_empty() && t.periodemål.is_none() {
                self.error(
                    &t.navn,
                    path.clone(),
                    format!(
                        "Målet «{}» har verken mål per år eller for perioden",
                        t.navn.value
                    ),
                )
                .help = Some(
                    "skriv `mål: { 2024: 5 }` (per år) og/eller `periodemål: 15` (for perioden)"
                        .into(),
                );
            }
            for (key, map) in [("mål", &t.mål), ("oppnådd", &t.oppnådd)] {
                for (year, q) in map {
                    if *year < from || *year > to {
                        self.error(
                            q,
                            format!("{path}.{key}.{year}"),
                            format!("Året {year} ligger utenfor perioden {from}–{to}"),
                        );
                    }
                    self.quantity(t.enhet, q, format!("{path}.{key}.{year}"));
                }
            }
            if let Some(q) = &t.periodemål {
                self.quantity(t.enhet, q, format!("{path}.periodemål"));
            }
            if let Some(c) = &t.oppnådd_samlet {
                self.quantity(t.enhet, &c.verdi, format!("{path}.oppnådd_samlet.verdi"));
                self.cumulative_year(&c.til, format!("{path}.oppnådd_samlet.til"), plan);
            }
            if let (Some(f), Some(period)) = (figures.other_targets.get(i), &t.periodemål)
                && let Some(sum) = f.per_year_sum
                && sum != period.value.value
            {
                self.warning(
                    period,
                    format!("{path}.periodemål"),
                    format!(
                        "Målene per år for «{}» summerer til {}, men periodemålet er {}",
                        t.navn.value,
                        format::amount(sum),
                        format::amount(period.value.value)
                    ),
                )
                .help = Some("kontroller tallene; begge vises i tabellen".into());
            }
        }
    }

    /// The year a cumulative result runs to: within the period, and before the plan year
    /// (the plan year's results are not known when its plan is made).
    fn cumulative_year(&mut self, til: &At<i32>, path: String, plan: &Plan) {
        let p = &plan.program;
        let (from, to, year) = (p.periode.fra.value, p.periode.til.value, p.år.value);
        if til.value < from || til.value > to {
            self.error(
                til,
                path,
                format!(
                    "Året {} ligger utenfor perioden {from}–{to}; et samlet resultat gjelder fra periodens start til og med et år i perioden",
                    til.value
                ),
            )
            .help = Some(format!("skriv f.eks. `til: {}`", (year - 1).max(from)));
        } else if til.value >= year {
            self.error(
                til,
                path,
                format!(
                    "Et samlet resultat til og med {} kan ikke være kjent i handlingsplanen for {year}",
                    til.value
                ),
            )
            .help = Some(format!(
                "skriv et år før {year}, f.eks. `til: {}`",
                (year - 1).max(from)
            ));
        }
    }

    /// Section 1.1's reported jobs: a cumulative figure within the period, and the yearly
    /// figures, when every year is reported, adding up to it.
    fn results(&mut self, plan: &Plan, _figures: &Figures) {
        let Some(r) = &plan.resultater else {
            return;
        };
        let from = plan.program.periode.fra.value;
        let to = plan.program.periode.til.value;
        for (year, jobs) in &r.oppnådde_arbeidsplasser {
            if *year < from || *year > to {
                self.error(
                    jobs,
                    format!("resultater.oppnådde_arbeidsplasser.{year}"),
                    format!(
                        "Oppnådde arbeidsplasser for {year}, som ligger utenfor perioden {from}–{to}"
                    ),
                )
                .help = Some(format!(
                    "rett årstallet til et år i perioden, eller fjern tallet (tabellen i 1.1 \
                     viser årene {from}–{to})"
                ));
            }
        }
        if let Some(c) = &r.oppnådd_samlet {
            self.cumulative_year(&c.til, "resultater.oppnådd_samlet.til".into(), plan);
            let yearly: Option<u32> = (from..=c.til.value)
                .map(|y| r.oppnådde_arbeidsplasser.get(&y).map(|j| j.value.0))
                .try_fold(0u32, |acc, j| acc.checked_add(j?));
            if let Some(sum) = yearly
                && c.til.value >= from
                && sum != c.verdi.value.0
            {
                self.warning(
                    &c.verdi,
                    "resultater.oppnådd_samlet.verdi".into(),
                    format!(
                        "Oppnådde arbeidsplasser per år {from}–{} summerer til {sum}, men det samlede tallet er {}",
                        c.til.value, c.verdi.value.0
                    ),
                )
                .help = Some("kontroller tallene; begge vises i tabellen i 1.1".into());
            }
        }
    }

    /// Every amount in the plan, with its path: no negative amounts, and a budget of 0 asked
    /// about (it drops out of every sum, and is seldom what was meant).
    fn amounts(&mut self, plan: &Plan) {
        let figures =
            all_amounts(plan)
                .into_iter()
                .map(|(path, at)| (path, at.place(), "beløpet i hele kroner, f.eks. 500000"))
                .chain(all_jobs(plan).into_iter().map(|(path, at)| {
                    (path, at.place(), "et helt antall arbeidsplasser, f.eks. 40")
                }));
        for (path, at, what) in figures.filter(|(_, at, _)| at.unfilled) {
            self.error(&at, path, format!("«…» {UNFILLED}")).help = Some(format!(
                "skriv {what} der «…» står (fra `handlingsplan new`)"
            ));
        }
        for (path, at) in all_amounts(plan) {
            if path.ends_with(".budsjett") && at.value.0.value().is_some_and(|v| v.is_zero()) {
                self.warning(at, path.clone(), "Budsjettet er 0 kr".into())
                    .help = Some(
                    "skriv budsjettet i kroner; har den ingen midler i år, kan du fjerne \
                     `budsjett:`, så viser tabellen «–» i stedet for 0"
                        .into(),
                );
            }
            if let Some(v) = at.value.0.value()
                && v.is_sign_negative()
                && !v.is_zero()
            {
                self.error(
                    at,
                    path,
                    format!("Beløpet {} er negativt", format::amount(v)),
                )
                .help = Some(
                    "beløp i handlingsplanen skal være positive; et fratrekk føres som egen linje"
                        .into(),
                );
            }
        }
    }

    fn financing(&mut self, plan: &Plan, figures: &Figures) {
        if plan.finansiering.is_empty() {
            self.out.push(
                Diagnostic::error("Planen har ingen finansieringskilder").path("finansiering"),
            );
            return;
        }
        let shares: Vec<(usize, &At<crate::plan::Share>)> = plan
            .finansiering
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.andel.as_ref().map(|a| (i, a)))
            .collect();
        for (i, share) in &shares {
            if share.value.0 < Decimal::ZERO || share.value.0 > Decimal::ONE_HUNDRED {
                self.error(
                    share,
                    format!("finansiering[{i}].andel"),
                    format!(
                        "Andelen {} må ligge mellom 0 og 100 %",
                        format::percent(share.value.0)
                    ),
                );
            }
        }
        if let Some((i, first)) = shares.first() {
            let sum: Decimal = shares.iter().map(|(_, s)| s.value.0).sum();
            if sum != Decimal::ONE_HUNDRED {
                let parts: Vec<String> = shares
                    .iter()
                    .map(|(_, s)| format::percent(s.value.0))
                    .collect();
                self.error(
                    *first,
                    format!("finansiering[{i}].andel"),
                    format!(
                        "Andelene summerer til {} ({}), ikke 100 %",
                        format::percent(sum),
                        parts.join(" + ")
                    ),
                );
            }
        }
        for (i, (source, row)) in plan.finansiering.iter().zip(&figures.financing).enumerate() {
            if source.andel.is_none() && source.beløp.is_none() {
                self.error(&source.kilde, format!("finansiering[{i}]"), format!("«{}» har verken andel eller beløp", source.kilde.value))
                    .help = Some("gi `andel:` (prosent) eller `beløp:`; et beløp som ikke er kjent ennå skrives `beløp: { foreløpig: ukjent }`".into());
            }
            if let (Some(given), Some(implied)) = (
                row.amount.value(),
                row.amount_from_share.and_then(Figure::value),
            ) && (given - implied).abs() >= Decimal::ONE
                && let Some(share) = &source.andel
            {
                self.warning(share, format!("finansiering[{i}].andel"), format!(
                    "«{}» har beløp {} kr, men andelen {} av det som gjenstår etter faste beløp gir {} kr",
                    source.kilde.value, format::amount(given), format::percent(share.value.0), format::amount(implied)
                ))
                .help = Some("tabellen viser beløpet; kontroller andelen eller fjern beløpet så det regnes ut".into());
            }
        }
        self.shares_without_amounts(plan, figures);
        let mut names = HashMap::new();
        for (i, s) in plan.finansiering.iter().enumerate() {
            if names.insert(s.kilde.value.clone(), i).is_some() {
                self.error(
                    &s.kilde,
                    format!("finansiering[{i}].kilde"),
                    format!("Finansieringskilden «{}» står to ganger", s.kilde.value),
                );
            }
        }
        match (figures.total_cost.value(), figures.financing_total.value()) {
            (Some(cost), Some(funding)) if cost != funding => {
                self.out.push(
                    Diagnostic::error(format!(
                        "Finansieringen ({} kr) er ikke lik samlet kostnad ({} kr): differanse {} kr",
                        format::amount(funding), format::amount(cost), format::amount(funding - cost)
                    ))
                    .at(plan.finansiering[0].kilde.line, plan.finansiering[0].kilde.column).within(plan.finansiering[0].kilde.file)
                    .path("finansiering")
                    .help(if funding > cost {
                        "finansieringen er større enn kostnadene: øk budsjettet eller reduser en kilde"
                    } else {
                        "kostnadene er større enn finansieringen: reduser budsjettet eller finn mer finansiering"
                    }),
                );
            }
            (None, _) | (_, None) => self.out.push(
                Diagnostic::warning(format!(
                    "Finansiering ({}) og samlet kostnad ({}) kan ikke kontrolleres mot hverandre før alle tall er kjent",
                    kr(figures.financing_total), kr(figures.total_cost)
                ))
                .path("finansiering"),
            ),
            _ => {}
        }
    }

    /// Sources given as shares get their amounts from what remains after the fixed amounts:
    /// when one of those is not known, no source with a share has a figure, and the table
    /// shows none for the public funders. Said once, with the key that gives one.
    fn shares_without_amounts(&mut self, plan: &Plan, figures: &Figures) {
        let with_share: Vec<&str> = plan
            .finansiering
            .iter()
            .zip(&figures.financing)
            .filter(|(s, _)| s.andel.is_some())
            .map(|(_, row)| row)
            .filter(|row| row.amount.value().is_none())
            .map(|row| row.name.as_str())
            .collect();
        let shares = plan
            .finansiering
            .iter()
            .filter(|s| s.andel.is_some())
            .count();
        if with_share.is_empty() || with_share.len() < shares {
            return;
        }
        let unknown: Vec<&str> = plan
            .finansiering
            .iter()
            .filter(|s| s.andel.is_none())
            .filter(|s| {
                s.beløp
                    .as_ref()
                    .is_some_and(|b| b.value.0.value().is_none())
            })
            .map(|s| s.kilde.value.as_str())
            .collect();
        let first = plan.finansiering.iter().find(|s| s.andel.is_some());
        let Some(first) = first else {
            return;
        };
        let why = match unknown.as_slice() {
            [] => "samlet kostnad er ikke kjent".to_string(),
            names => format!("{} er ikke kjent", names.join(" og ")),
        };
        self.warning(
            &first.kilde,
            "finansiering".into(),
            format!(
                "Ingen kilde med andel får et beløp i finansieringstabellen ({}): andelene fordeler \
                 det som gjenstår etter de faste beløpene, og {why}",
                with_share.join(", ")
            ),
        )
        .help = Some(
            "skriv `beløp:` ved siden av `andel:` for kildene der beløpet er kjent (f.eks. fra \
             tilsagnet), så står beløpet i tabellen; ellers står kildene uten beløp til \
             regnskapet er godkjent"
                .into(),
        );
    }

    fn municipalities(&mut self, plan: &Plan) {
        let Some(split) = &plan.kommunefordeling else {
            return;
        };
        if !plan
            .finansiering
            .iter()
            .any(|f| f.kilde.value == split.kilde.value)
        {
            let names: Vec<&str> = plan
                .finansiering
                .iter()
                .map(|f| f.kilde.value.as_str())
                .collect();
            self.error(
                &split.kilde,
                "kommunefordeling.kilde".into(),
                format!("«{}» er ikke en av finansieringskildene", split.kilde.value),
            )
            .help = Some(match best_match(&split.kilde.value, &names) {
                Some(m) => format!("mente du «{m}»?"),
                None => format!("kildene er: {}", names.join(", ")),
            });
        }
        let (equal, population) = split.nøkkel.percents();
        // The key's own line, where its first part is written (else the source's).
        let key_at = match (&split.nøkkel.likt, &split.nøkkel.innbyggere) {
            (Some(s), _) | (None, Some(s)) => (s.line, s.column, s.file),
            (None, None) => (split.kilde.line, split.kilde.column, split.kilde.file),
        };
        let key_at = At {
            value: (),
            line: key_at.0,
            column: key_at.1,
            file: key_at.2,
            bytes: None,
            unfilled: false,
        };
        if equal + population != Decimal::ONE_HUNDRED {
            self.out.push(
                Diagnostic::error(format!(
                    "Fordelingsnøkkelen summerer til {} (likt {} + innbyggere {}), ikke 100 %",
                    format::percent(equal + population),
                    format::percent(equal),
                    format::percent(population)
                ))
                .at(key_at.line, key_at.column)
                .within(key_at.file)
                .path("kommunefordeling.nøkkel"),
            );
        }
        if split.kommuner.is_empty() {
            self.error(
                &split.kilde,
                "kommunefordeling.kommuner".into(),
                "Fordelingen har ingen kommuner".into(),
            );
        }
        // A row copied over another municipality's: one gets two shares, the other none.
        let mut names: HashMap<String, &str> = HashMap::new();
        let mut numbers: HashMap<&str, &str> = HashMap::new();
        for (i, k) in split.kommuner.iter().enumerate() {
            let name = k.navn.trim();
            if names.insert(name.to_lowercase(), name).is_some() {
                self.error(
                    &k.innbyggere,
                    format!("kommunefordeling.kommuner[{i}].navn"),
                    format!(
                        "Kommunen «{name}» står to ganger i fordelingen, og ville fått to andeler"
                    ),
                )
                .help = Some(
                    "hver kommune skal stå én gang: er raden kopiert, skriv inn kommunen som \
                     mangler i stedet"
                        .into(),
                );
            } else if let Some(number) = k.kommunenummer.as_deref().map(str::trim)
                && let Some(other) = numbers.insert(number, name)
            {
                self.error(
                    &k.innbyggere,
                    format!("kommunefordeling.kommuner[{i}].kommunenummer"),
                    format!("Kommunenummeret {number} står både ved «{other}» og «{name}»"),
                )
                .help = Some("kontroller kommunenummeret til hver av dem".into());
            }
        }
        for (i, k) in split.kommuner.iter().enumerate() {
            if k.innbyggere.value == 0 && population > Decimal::ZERO {
                self.error(
                    &k.innbyggere,
                    format!("kommunefordeling.kommuner[{i}].innbyggere"),
                    format!("{} har 0 innbyggere", k.navn),
                );
            }
        }
    }

    /// The months are whole when read (1–12, ranges, the whole year); an empty list says
    /// nothing about when, so the document would show an empty cell and the wheel nothing.
    fn communication(&mut self, plan: &Plan) {
        let Some(c) = &plan.kommunikasjonsplan else {
            return;
        };
        // The communication plan's first section says why and to whom; what the plan leaves
        // out is a marked gap there.
        for (key, what) in [
            ("tekst", "Formålet med kommunikasjonsarbeidet"),
            ("målgrupper", "Målgruppene for kommunikasjonsarbeidet"),
        ] {
            let given = match key {
                "tekst" => c.tekst.as_deref(),
                _ => c.målgrupper.as_deref(),
            };
            if given.is_none_or(|t| t.trim().is_empty()) {
                self.out.push(
                    Diagnostic::warning(format!(
                        "{what} mangler; kommunikasjonsplanen viser en markert tom plass der"
                    ))
                    .path("kommunikasjonsplan")
                    .help(format!(
                        "skriv dem under `kommunikasjonsplan:` som `{key}: …` (tekst, gjerne en liste med «- »)"
                    )),
                );
            }
        }
        let empty =
            |m: &crate::plan::Months| matches!(m, crate::plan::Months::Spans(s) if s.is_empty());
        for (i, a) in c.aktiviteter.iter().enumerate() {
            if empty(&a.måneder.value) {
                self.warning(
                    &a.måneder,
                    format!("kommunikasjonsplan.aktiviteter[{i}].måneder"),
                    format!(
                        "Aktiviteten «{}» har ingen måned; «Når» blir tom i aktivitetsplanen",
                        a.aktivitet
                    ),
                )
                .help = Some(
                    "skriv f.eks. `måneder: [1, 2]`, `måneder: sep–des` eller `måneder: løpende`"
                        .into(),
                );
            }
        }
        for (i, e) in c.hendelser.iter().enumerate() {
            if empty(&e.måned.value) {
                self.warning(
                    &e.måned,
                    format!("kommunikasjonsplan.hendelser[{i}].måned"),
                    format!(
                        "Hendelsen «{}» har ingen måned og vises ikke i årshjulet",
                        e.hendelse
                    ),
                )
                .help =
                    Some("skriv f.eks. `måned: 6`, `måned: sep–des` eller `måned: løpende`".into());
            }
        }
    }

    fn provisional(&mut self, plan: &Plan) {
        for (path, at) in all_amounts(plan) {
            match at.value.0 {
                Figure::Provisional(v) => {
                    self.warning(
                        at,
                        path,
                        format!(
                            "Foreløpig tall: {} kr, kvalitetssikres etter godkjent regnskap",
                            format::amount(v)
                        ),
                    );
                }
                // A «…» still to fill in is an error of its own (`amounts`).
                Figure::Unknown if at.unfilled => {}
                Figure::Unknown => {
                    self.warning(at, path, "Tallet er ikke kjent ennå (foreløpig); summene som avhenger av det vises som ukjente".to_string());
                }
                Figure::Final(_) => {}
            }
        }
    }
}

fn plan_results_missing(plan: &Plan) -> bool {
    plan.has_results_section()
        && plan
            .resultater
            .as_ref()
            .and_then(|r| r.tekst.as_deref())
            .is_none_or(|t| t.trim().is_empty())
}

/// Every amount in the plan with its YAML path, in file order.
fn all_amounts(plan: &Plan) -> Vec<(String, &At<Amount>)> {
    let mut out = Vec::new();
    for (i, area) in plan.innsatsområder.iter().enumerate() {
        for (field, a) in [
            ("budsjett", &area.budsjett),
            ("søkbare_midler", &area.søkbare_midler),
            ("ressursinnsats", &area.ressursinnsats),
        ] {
            if let Some(a) = a {
                out.push((format!("innsatsområder[{i}].{field}"), a));
            }
        }
        for (j, s) in area.strategier.iter().enumerate() {
            for (field, a) in [
                ("budsjett", &s.budsjett),
                ("søkbare_midler", &s.søkbare_midler),
                ("innvilget", &s.innvilget),
            ] {
                if let Some(a) = a {
                    out.push((format!("innsatsområder[{i}].strategier[{j}].{field}"), a));
                }
            }
        }
    }
    if let Some(e) = &plan.programmets_ressursinnsats {
        out.push(("programmets_ressursinnsats.beløp".into(), &e.beløp));
    }
    for (i, c) in plan.andre_kostnader.iter().enumerate() {
        out.push((format!("andre_kostnader[{i}].beløp"), &c.beløp));
    }
    out.push(("administrasjon.beløp".into(), &plan.administrasjon.beløp));
    for (i, f) in plan.finansiering.iter().enumerate() {
        if let Some(a) = &f.beløp {
            out.push((format!("finansiering[{i}].beløp"), a));
        }
    }
    out.sort_by_key(|(_, a)| (a.line, a.column));
    out
}

/// Every job count the plan writes, with its path.
fn all_jobs(plan: &Plan) -> Vec<(String, &At<crate::plan::Jobs>)> {
    let mut out = vec![(
        "program.arbeidsplassmål".to_string(),
        &plan.program.arbeidsplassmål,
    )];
    for (i, row) in plan.arbeidsplasser.rader.iter().enumerate() {
        for (year, at) in &row.mål {
            out.push((format!("arbeidsplasser.rader[{i}].mål.{year}"), at));
        }
    }
    for (i, area) in plan.innsatsområder.iter().enumerate() {
        if let Some(at) = &area.arbeidsplassmål {
            out.push((format!("innsatsområder[{i}].arbeidsplassmål"), at));
        }
    }
    if let Some(r) = &plan.resultater {
        for (year, at) in &r.oppnådde_arbeidsplasser {
            out.push((format!("resultater.oppnådde_arbeidsplasser.{year}"), at));
        }
    }
    out
}

/// The WCAG contrast ratio of a colour against white (1 to 21).
pub fn contrast_with_white((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    1.05 / (luminance + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::tests::{BASE, plan_from};

    fn messages(yaml: &str) -> Vec<String> {
        check(&plan_from(yaml))
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect()
    }

    const OK_FUNDING: &str =
        "finansiering:\n  - { kilde: KDD, andel: 50 }\n  - { kilde: Fylket, andel: 50 }\n";

    #[test]
    fn the_base_plan_is_valid() {
        assert!(messages(&format!("{BASE}{OK_FUNDING}")).is_empty());
    }

    #[test]
    fn shares_must_add_up_to_100() {
        let m = messages(&format!(
            "{BASE}finansiering:\n  - {{ kilde: KDD, andel: 50 }}\n  - {{ kilde: Fylket, andel: 40 }}\n"
        ));
        assert!(
            m.iter()
                .any(|m| m.contains("Andelene summerer til 90") && m.contains("ikke 100")),
            "{m:?}"
        );
    }

    #[test]
    fn financing_must_equal_total_cost_with_both_and_the_difference() {
        let m = messages(&format!(
            "{BASE}finansiering:\n  - {{ kilde: KDD, beløp: 900000 }}\n"
        ));
        let expected = "Finansieringen (900\u{a0}000 kr) er ikke lik samlet kostnad (1\u{a0}000\u{a0}000 kr): differanse -100\u{a0}000 kr";
        assert!(m.iter().any(|m| m == expected), "{m:?}");
    }

    #[test]
    fn a_period_that_ends_before_it_begins_is_told_once() {
        let m = messages(&format!(
            "{}{OK_FUNDING}",
            BASE.replace(
                "periode: { fra: 2024, til: 2025 }",
                "periode: { fra: 2030, til: 2025 }"
            )
        ));
        assert_eq!(
            m,
            ["Perioden slutter (2025) før den begynner (2030)"],
            "{m:?}"
        );
    }

    #[test]
    fn plan_year_outside_period() {
        let m = messages(&format!(
            "{}{OK_FUNDING}",
            BASE.replace("år: 2024", "år: 2027")
        ));
        assert!(
            m.iter()
                .any(|m| m.contains("Planåret 2027 ligger utenfor perioden 2024–2025")),
            "{m:?}"
        );
    }

    /// The base plan with its job table replaced by `jobs` (the lines under `arbeidsplasser:`).
    fn without_job_table(jobs: &str) -> String {
        format!(
            "{}{OK_FUNDING}",
            BASE.replace(
                "  rader:\n    - { navn: Industri, mål: { 2024: 4, 2025: 6 } }\n",
                jobs
            )
        )
    }

    #[test]
    fn a_plan_that_states_only_the_years_target_is_valid_and_told_the_table_is_missing() {
        let plan = plan_from(&without_job_table("  årets_mål: 4\n"));
        let all = check(&plan).diagnostics;
        let errors: Vec<&str> = all
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(
            all.iter().any(|d| !d.is_error()
                && d.message
                    .contains("ingen tabell over arbeidsplassmål per år")
                && d.message.contains("for 2024 (4)")),
            "{all:?}"
        );
        assert_eq!(crate::figures::compute(&plan).jobs.for_year(2024), Some(4));
        assert_eq!(crate::figures::compute(&plan).jobs.for_year(2025), None);
    }

    #[test]
    fn a_plan_without_any_job_target_for_the_year_is_told_what_to_write() {
        let plan = plan_from(&without_job_table("  merknad: Ingen tabell\n"));
        let errors: Vec<_> = check(&plan)
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("ingen arbeidsplassmål for 2024"));
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("årets_mål:")
        );
    }

    #[test]
    fn the_years_target_beside_a_table_must_agree_with_it() {
        let m = messages(&format!(
            "{}{OK_FUNDING}",
            BASE.replace("arbeidsplasser:\n", "arbeidsplasser:\n  årets_mål: 5\n")
        ));
        assert_eq!(
            m,
            ["Årets mål er 5, men tabellen over arbeidsplassmål har 4 for 2024"]
        );
    }

    #[test]
    fn area_targets_add_up_to_the_stated_years_target() {
        let m = messages(&without_job_table("  årets_mål: 4\n").replace(
            "  - navn: Industri\n",
            "  - navn: Industri\n    arbeidsplassmål: 3\n",
        ));
        assert_eq!(
            m,
            [
                "Innsatsområdenes arbeidsplassmål for 2024 summerer til 3, men årets mål er 4 for 2024"
            ]
        );
    }

    #[test]
    fn yearly_targets_must_sum_to_period_target() {
        let m = messages(&format!(
            "{}{OK_FUNDING}",
            BASE.replace("arbeidsplassmål: 10", "arbeidsplassmål: 12")
        ));
        assert!(
            m.iter()
                .any(|m| m.contains("summerer til 10 (4 + 6), men målet for perioden er 12")),
            "{m:?}"
        );
        // The help names both places and proposes no figure to write.
        let plan = plan_from(&format!(
            "{}{OK_FUNDING}",
            BASE.replace("arbeidsplassmål: 10", "arbeidsplassmål: 12")
        ));
        let help = check(&plan)
            .diagnostics
            .into_iter()
            .find(|d| d.message.starts_with("Arbeidsplassmålene per år"))
            .and_then(|d| d.help)
            .unwrap();
        assert!(
            help.starts_with("tabellen gir 2 færre arbeidsplasser enn målet for perioden")
                && help.contains("`arbeidsplasser.rader` (fra linje ")
                && help.contains("ikke endre et tall bare for at summen skal stemme"),
            "{help}"
        );
    }

    #[test]
    fn area_target_must_match_the_table() {
        let yaml = BASE.replace(
            "  - navn: Industri\n    strategier",
            "  - navn: Industri\n    arbeidsplassmål: 5\n    strategier",
        );
        let m = messages(&format!("{yaml}{OK_FUNDING}"));
        assert!(
            m.iter()
                .any(|m| m
                    .contains("«Industri» har mål om 5 arbeidsplasser i 2024, men tabellen har 4")),
            "{m:?}"
        );
    }

    #[test]
    fn strategy_letters_unique_and_in_order() {
        let yaml = BASE.replace("{ bokstav: B, navn: To", "{ bokstav: A, navn: Annen");
        let m = messages(&format!("{yaml}{OK_FUNDING}"));
        assert!(
            m.iter().any(|m| m.contains("Strategi A kommer etter A")),
            "{m:?}"
        );
        let yaml = BASE.replace("{ bokstav: C, navn: Tre }", "{ bokstav: B, navn: Tre }");
        let m = messages(&format!("{yaml}{OK_FUNDING}"));
        assert!(
            m.iter()
                .any(|m| m.contains("Bokstaven B er allerede brukt for strategien «To»")),
            "{m:?}"
        );
    }

    #[test]
    fn letters_that_begin_again_in_every_area_are_unique_within_the_area() {
        // A, B in the first area and A again in the second: the plan restarts its letters.
        let restarts = BASE.replace("{ bokstav: C, navn: Tre }", "{ bokstav: A, navn: Tre }");
        assert!(messages(&format!("{restarts}{OK_FUNDING}")).is_empty());
        // Within an area they are still unique and in order.
        let twice = restarts.replace("{ bokstav: B, navn: To", "{ bokstav: A, navn: To");
        let m = messages(&format!("{twice}{OK_FUNDING}"));
        assert!(
            m.iter().any(|m| m.contains("Strategi A kommer etter A")),
            "{m:?}"
        );
    }

    #[test]
    fn a_strategy_may_have_no_identifier_and_the_others_stay_unique() {
        let unnamed = BASE.replace("{ bokstav: C, navn: Tre }", "{ navn: Tre }");
        assert!(messages(&format!("{unnamed}{OK_FUNDING}")).is_empty());
        let plan = plan_from(&format!("{unnamed}{OK_FUNDING}"));
        assert!(plan.innsatsområder[1].strategier[0].bokstav.is_none());
        let clash = unnamed.replace("{ bokstav: B, navn: To", "{ bokstav: A, navn: To");
        assert!(!messages(&format!("{clash}{OK_FUNDING}")).is_empty());
    }

    #[test]
    fn a_strategys_applicable_funds_are_part_of_its_budget_and_the_areas_their_sum() {
        let with = |a: &str, b: &str| {
            let yaml = BASE
                .replace("budsjett: 300000, innvilget: 100000", a)
                .replace("    søkbare_midler: 100000\n", b);
            messages(&format!("{yaml}{OK_FUNDING}"))
        };
        let ok = with("budsjett: 300000, søkbare_midler: 200000", "");
        assert!(ok.is_empty(), "{ok:?}");
        let over = with("budsjett: 300000, søkbare_midler: 400000", "");
        assert!(
            over.iter().any(|m| m
                == "Søkbare midler (400\u{a0}000 kr) er mer enn budsjettet (300\u{a0}000 kr) for strategi A: En"),
            "{over:?}"
        );
        let no_budget = with("søkbare_midler: 200000", "");
        assert!(
            no_budget
                .iter()
                .any(|m| m.contains("har søkbare midler, men ikke noe budsjett")),
            "{no_budget:?}"
        );
        let area_differs = with(
            "budsjett: 300000, søkbare_midler: 200000",
            "    søkbare_midler: 100000\n",
        );
        assert!(
            area_differs
                .iter()
                .any(|m| m.contains("Søkbare midler for «Industri» er 100")),
            "{area_differs:?}"
        );
    }

    #[test]
    fn an_areas_budget_is_its_strategies_with_or_without_the_applicable_funds() {
        // Strategies 500 000: the area's project costs 400 000 and søkbare midler 100 000.
        let within = BASE.replace(
            "    søkbare_midler: 100000\n",
            "    budsjett: 400000\n    søkbare_midler: 100000\n",
        );
        assert!(messages(&format!("{within}{OK_FUNDING}")).is_empty());
        let neither = within.replace("budsjett: 400000", "budsjett: 450000");
        let m = messages(&format!("{neither}{OK_FUNDING}"));
        assert!(
            m.iter()
                .any(|m| m.contains("Budsjettet for «Industri» er 450")),
            "{m:?}"
        );
    }

    #[test]
    fn a_chapter_may_have_no_heading_but_not_be_empty() {
        let chapter = |c: &str| {
            let plan = plan_from(&format!("{BASE}{OK_FUNDING}kapitler:\n  - {c}\n"));
            check(&plan)
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        let text_alone = chapter("{ plassering: etter_3.1, tekst: Rammene er vedtatt. }");
        assert!(
            !text_alone.iter().any(|m| m.contains("Kapittel")),
            "{text_alone:?}"
        );
        let nothing = chapter("{ plassering: etter_3.1 }");
        assert!(
            nothing
                .iter()
                .any(|m| m.contains("Kapittel 1 har verken overskrift eller tekst")),
            "{nothing:?}"
        );
        let empty = chapter("{ overskrift: \"\", plassering: etter_3.1 }");
        assert!(
            empty
                .iter()
                .any(|m| m == "Kapittelet har en tom overskrift"),
            "{empty:?}"
        );
    }

    #[test]
    fn another_cost_line_is_checked_and_counted_against_the_financing() {
        let costs = "andre_kostnader:\n  - { navn: Uforutsett, beløp: 100000 }\n";
        // The base plan costs 1 000 000; the line makes it 1 100 000.
        let m = messages(&format!(
            "{BASE}{costs}finansiering:\n  - {{ kilde: KDD, beløp: 1000000 }}\n"
        ));
        assert!(
            m.iter().any(|m| m.contains("differanse -100\u{a0}000 kr")),
            "{m:?}"
        );
    }

    #[test]
    fn strategies_may_be_numbered_as_the_programme_writes_them() {
        let numbered = BASE
            .replace("bokstav: A,", "bokstav: \"3.1.1\",")
            .replace("bokstav: B,", "id: 3.1.2,")
            .replace("bokstav: C,", "bokstav: \"4.\",");
        assert!(messages(&format!("{numbered}{OK_FUNDING}")).is_empty());
        let plan = plan_from(&format!("{numbered}{OK_FUNDING}"));
        let ids: Vec<&str> = plan
            .innsatsområder
            .iter()
            .flat_map(|a| {
                a.strategier
                    .iter()
                    .map(|s| s.bokstav.as_ref().map_or("", |l| l.value.as_str()))
            })
            .collect();
        assert_eq!(ids, ["3.1.1", "3.1.2", "4."]);
        // Letters with a trailing dot, as Hallingdal writes them, are letters in order.
        let dotted = BASE.replace("bokstav: A,", "bokstav: A.,");
        assert!(messages(&format!("{dotted}{OK_FUNDING}")).is_empty());
    }

    #[test]
    fn one_style_of_strategy_identifiers_per_plan_and_each_once() {
        let mixed = BASE.replace("bokstav: B,", "bokstav: 2,");
        let m = messages(&format!("{mixed}{OK_FUNDING}"));
        assert!(
            m.iter()
                .any(|m| m == "Strategi «2» har et nummer, men planen bruker bokstaver (som «A»)"),
            "{m:?}"
        );
        let twice = BASE
            .replace("bokstav: A,", "bokstav: 1,")
            .replace("bokstav: B,", "bokstav: 2,")
            .replace("bokstav: C,", "bokstav: \"2.\",");
        let m = messages(&format!("{twice}{OK_FUNDING}"));
        assert!(
            m.iter()
                .any(|m| m.contains("Nummeret 2. er allerede brukt for strategien «To»")),
            "{m:?}"
        );
        for bad in ["\"A-1\"", "\"1..2\"", "ABC", "\"\""] {
            let yaml = BASE.replace("bokstav: C,", &format!("bokstav: {bad},"));
            let checked = check(&plan_from(&format!("{yaml}{OK_FUNDING}")));
            let d = checked
                .diagnostics
                .iter()
                .find(|d| d.message.contains("det er ingen av delene"))
                .unwrap_or_else(|| panic!("{bad}: {:?}", checked.diagnostics));
            assert_eq!(
                d.path.as_deref(),
                Some("innsatsområder[1].strategier[0].bokstav")
            );
            assert!(d.line > 0);
            assert!(d.help.as_deref().unwrap().contains("3.1.1"));
        }
    }

    #[test]
    fn negative_amounts_are_refused() {
        let yaml = BASE.replace("søkbare_midler: 100000", "søkbare_midler: -100000");
        let m = messages(&format!("{yaml}{OK_FUNDING}"));
        assert!(m.iter().any(|m| m.contains("negativt")), "{m:?}");
    }

    #[test]
    fn area_budget_must_match_its_strategies() {
        let yaml = BASE.replace(
            "    søkbare_midler: 100000",
            "    budsjett: 450000\n    søkbare_midler: 100000",
        );
        let m = messages(&format!("{yaml}{OK_FUNDING}"));
        assert!(
            m.iter()
                .any(|m| m.contains("strategiene summerer til 500\u{a0}000 kr")),
            "{m:?}"
        );
    }

    #[test]
    fn provisional_figures_and_missing_dates_are_warnings() {
        let plan = plan_from(&format!(
            "{BASE}finansiering:\n  - {{ kilde: KDD, beløp: 900000 }}\n  - {{ kilde: Overføring, beløp: {{ foreløpig: ukjent }} }}\n"
        ));
        let checked = check(&plan);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let warnings: Vec<&Diagnostic> = checked
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .collect();
        assert!(
            warnings
                .iter()
                .any(|d| d.path.as_deref() == Some("finansiering[1].beløp")
                    && d.message.contains("ikke kjent"))
        );
        assert!(
            warnings
                .iter()
                .any(|d| d.message.contains("styrebehandling mangler"))
        );
        assert!(
            warnings
                .iter()
                .any(|d| d.message.contains("kan ikke kontrolleres"))
        );
    }

    #[test]
    fn errors_point_at_line_and_path() {
        let plan = plan_from(&format!(
            "{BASE}finansiering:\n  - {{ kilde: KDD, andel: 50 }}\n  - {{ kilde: Fylket, andel: 40 }}\n"
        ));
        let d = check(&plan)
            .diagnostics
            .into_iter()
            .find(|d| d.message.starts_with("Andelene"))
            .unwrap();
        assert_eq!(d.path.as_deref(), Some("finansiering[0].andel"));
        let line = format!("{BASE}finansiering:\n").lines().count() as u64 + 1;
        assert_eq!(d.line, line);
    }

    #[test]
    fn accent_colour_needs_contrast_with_white() {
        assert!(contrast_with_white((0x1f, 0x4e, 0x79)) > 8.0);
        assert!((contrast_with_white((0, 0, 0)) - 21.0).abs() < 0.01);
        assert!(contrast_with_white((0xff, 0xd7, 0x00)) < 4.5);
        let yaml = BASE.replace(
            "arbeidsplassmål: 10 }",
            "arbeidsplassmål: 10, aksentfarge: \"#FFD700\" }",
        );
        let m = messages(&format!("{yaml}{OK_FUNDING}"));
        assert!(m.iter().any(|m| m.contains("for lav kontrast")), "{m:?}");
    }

    #[test]
    fn hex_colours() {
        assert_eq!(
            format::parse_hex_colour("#1F4E79"),
            Some((0x1f, 0x4e, 0x79))
        );
        assert_eq!(format::parse_hex_colour("blå"), None);
        assert_eq!(format::parse_hex_colour("#12345"), None);
    }
}
