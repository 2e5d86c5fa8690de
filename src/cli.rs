//! Command-line arguments: clap types, one struct per command; `cmd` resolves them into
//! options and does the work, `norwegian` gives clap's own texts in Norwegian.

pub mod norwegian;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Årlig Handlingsplan for regionale omstillingsprogram: fra plandata i YAML til
/// kontrollerte tall og dokumenter i Innovasjon Norges mal.
#[derive(Debug, Parser)]
#[command(name = "handlingsplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kontroller en eller flere planer og vis de utregnede tallene.
    ///
    /// Avslutter med 0 når planene er gyldige (advarsler tillatt), 1 når en plan har feil,
    /// 2 ved feil bruk eller når en fil ikke kan leses.
    Check(CheckArgs),
    /// Lag dokumentene: DOCX til styret, PDF (PDF/A-2a og PDF/UA-1) til kommunestyret og
    /// arkivet, og HTML til nettsiden.
    ///
    /// Skriver DIR/<filnavn>.docx, .pdf og .html for hver plan. En plan med feil gir ingen filer.
    Render(RenderArgs),
    /// Vis hvilke tall som er endret mellom to versjoner av en plan (f.eks. styrets versjon og
    /// den reviderte, eller fjorårets og årets), tall for tall.
    ///
    /// Avslutter med 0 når ingen tall er endret, 1 når noe er endret, 2 ved feil.
    Diff(DiffArgs),
    /// Lag en ny plan: neste års plan fra årets (`--from`), eller en tom mal med et vanlig
    /// årshjul for et omstillingsprogram.
    New(NewArgs),
    /// Skriv JSON Schema for planformatet (for autofullføring i redigeringsprogrammet).
    Schema(SchemaArgs),
    /// Forhåndsvis planen i nettleseren mens du skriver: siden oppdateres når planen,
    /// regnskapet, logoen eller en mal lagres, og feil vises over dokumentet.
    Serve(ServeArgs),
    /// Les et Word-dokument (.docx) tilbake til plandata: en plan laget av handlingsplan
    /// (med endringene gjort i Word), eller fjorårets plan skrevet i Word etter malen.
    ///
    /// `-o NY.yaml` skriver en ny planfil; `--onto PLAN.yaml` fører endringene fra dokumentet
    /// inn i planfilen (kommentarene beholdes) og viser dem, før → etter.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Word-dokumentet.
    #[arg(value_name = "PLAN.docx")]
    pub docx: PathBuf,
    /// Den nye planfilen; en fil som finnes fra før, overskrives ikke.
    #[arg(short, long, value_name = "NY.yaml", conflicts_with = "onto")]
    pub output: Option<PathBuf>,
    /// Planfilen endringene fra dokumentet føres inn i; den skrives bare når noe er endret.
    #[arg(long, value_name = "PLAN.yaml")]
    pub onto: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Planfilene (YAML).
    #[arg(required = true, value_name = "PLAN.yaml")]
    pub plans: Vec<PathBuf>,
    /// Vis bare feil og advarsler, ikke sammendraget.
    #[arg(short, long)]
    pub quiet: bool,
    /// Godkjent regnskap for året før, som flettes inn i planen (bare med én plan).
    #[arg(long, value_name = "REGNSKAP.yaml")]
    pub regnskap: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Planfilene (YAML).
    #[arg(required = true, value_name = "PLAN.yaml")]
    pub plans: Vec<PathBuf>,
    /// Mappen dokumentene skrives til.
    #[arg(short, long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// Formatene, skilt med komma.
    #[arg(long, value_delimiter = ',', default_value = "docx,pdf")]
    pub format: Vec<Format>,
    /// Bruk malene i denne mappen i stedet for de innebygde (samme filnavn som i templates/).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Godkjent regnskap for året før (bare med én plan): planen lages som revidert, med
    /// regnskapets tall og en liste over tallene som endret seg. Planfilen endres ikke.
    #[arg(long, value_name = "REGNSKAP.yaml")]
    pub regnskap: Option<PathBuf>,
    /// Word-dokument (.docx) med stilene DOCX-en skal ha (skrifter, farger, overskrifter,
    /// tabellstil); går foran `referansedokument:` i planen.
    #[arg(long, value_name = "FIL.docx")]
    pub reference_docx: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Den eldre planen.
    #[arg(value_name = "GAMMEL.yaml")]
    pub old: PathBuf,
    /// Den nyere planen.
    #[arg(value_name = "NY.yaml")]
    pub new: PathBuf,
    /// Godkjent regnskap som flettes inn i den eldre planen.
    #[arg(long, value_name = "REGNSKAP.yaml")]
    pub old_regnskap: Option<PathBuf>,
    /// Godkjent regnskap som flettes inn i den nyere planen.
    #[arg(long, value_name = "REGNSKAP.yaml")]
    pub new_regnskap: Option<PathBuf>,
    /// `text` for terminalen, `md` for en tabell til saksframlegget.
    #[arg(long, default_value = "text")]
    pub format: DiffFormat,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Planen som rulles fram. Kommentarene i filen beholdes.
    #[arg(long, value_name = "PLAN.yaml")]
    pub from: Option<PathBuf>,
    /// Godkjent regnskap som flettes inn i `--from`-planen først (oppnådde arbeidsplasser
    /// følger med til den nye planen).
    #[arg(long, value_name = "REGNSKAP.yaml", requires = "from")]
    pub regnskap: Option<PathBuf>,
    /// Året den nye planen gjelder (standard: året etter `--from`-planen, eller neste år).
    #[arg(long = "år", alias = "aar", value_name = "ÅR")]
    pub year: Option<i32>,
    /// Filen den nye planen skrives til; en fil som finnes fra før, overskrives ikke. Med
    /// `--eksempler`: mappen eksemplene skrives til.
    #[arg(short, long, value_name = "NY.yaml")]
    pub output: PathBuf,
    /// Skriv eksempelplanene (Drangedal 2024 og Hallingdal 2022, transkribert fra ekte
    /// planer), regnskapet Drangedal-planen revideres med, og skjemaene, i mappen `-o`.
    #[arg(long = "eksempler", conflicts_with_all = ["from", "year"])]
    pub examples: bool,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Skjemaet for regnskapsfilen (`--regnskap`) i stedet for planen.
    #[arg(long)]
    pub regnskap: bool,
    /// Skriv til fil i stedet for standard ut.
    #[arg(short, long, value_name = "FIL")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Planfilen (YAML).
    #[arg(value_name = "PLAN.yaml")]
    pub plan: PathBuf,
    /// Godkjent regnskap for året før, som flettes inn i planen.
    #[arg(long, value_name = "REGNSKAP.yaml")]
    pub regnskap: Option<PathBuf>,
    /// Bruk malene i denne mappen i stedet for de innebygde (samme filnavn som i templates/).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Porten siden vises på (0 velger en ledig port).
    #[arg(long, default_value_t = 8024)]
    pub port: u16,
    /// Adressen serveren lytter på, f.eks. 0.0.0.0 for å vise siden til andre på nettet.
    #[arg(long = "adresse", alias = "host", value_name = "IP")]
    pub address: Option<std::net::IpAddr>,
    /// Åpne siden i nettleseren.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Docx,
    Pdf,
    Html,
}
