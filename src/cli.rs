//! Command-line arguments (clap types only; `main` does the work).

use clap::{Parser, Subcommand, ValueEnum};
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
    Check {
        /// Planfilene (YAML).
        #[arg(required = true, value_name = "PLAN.yaml")]
        plans: Vec<PathBuf>,
        /// Vis bare feil og advarsler, ikke sammendraget.
        #[arg(short, long)]
        quiet: bool,
        /// Godkjent regnskap for året før, som flettes inn i planen (bare med én plan).
        #[arg(long, value_name = "REGNSKAP.yaml")]
        regnskap: Option<PathBuf>,
    },
    /// Lag dokumentene: DOCX til styret, PDF (PDF/A-2a og PDF/UA-1) til kommunestyret og
    /// arkivet, og HTML til nettsiden.
    ///
    /// Skriver DIR/<filnavn>.docx, .pdf og .html for hver plan. En plan med feil gir ingen filer.
    Render {
        /// Planfilene (YAML).
        #[arg(required = true, value_name = "PLAN.yaml")]
        plans: Vec<PathBuf>,
        /// Mappen dokumentene skrives til.
        #[arg(short, long, value_name = "DIR", default_value = "output")]
        output: PathBuf,
        /// Formatene, skilt med komma.
        #[arg(long, value_delimiter = ',', default_value = "docx,pdf")]
        format: Vec<Format>,
        /// Bruk malene i denne mappen i stedet for de innebygde (samme filnavn som i templates/).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Godkjent regnskap for året før (bare med én plan): planen lages som revidert, med
        /// regnskapets tall og en liste over tallene som endret seg. Planfilen endres ikke.
        #[arg(long, value_name = "REGNSKAP.yaml")]
        regnskap: Option<PathBuf>,
        /// Word-dokument (.docx) med stilene DOCX-en skal ha (skrifter, farger, overskrifter,
        /// tabellstil); går foran `referansedokument:` i planen.
        #[arg(long, value_name = "FIL.docx")]
        reference_docx: Option<PathBuf>,
    },
    /// Vis hvilke tall som er endret mellom to versjoner av en plan (f.eks. styrets versjon og
    /// den reviderte, eller fjorårets og årets), tall for tall.
    ///
    /// Avslutter med 0 når ingen tall er endret, 1 når noe er endret, 2 ved feil.
    Diff {
        /// Den eldre planen.
        #[arg(value_name = "GAMMEL.yaml")]
        old: PathBuf,
        /// Den nyere planen.
        #[arg(value_name = "NY.yaml")]
        new: PathBuf,
        /// Godkjent regnskap som flettes inn i den eldre planen.
        #[arg(long, value_name = "REGNSKAP.yaml")]
        old_regnskap: Option<PathBuf>,
        /// Godkjent regnskap som flettes inn i den nyere planen.
        #[arg(long, value_name = "REGNSKAP.yaml")]
        new_regnskap: Option<PathBuf>,
        /// `text` for terminalen, `md` for en tabell til saksframlegget.
        #[arg(long, default_value = "text")]
        format: DiffFormat,
    },
    /// Lag en ny plan: neste års plan fra årets (`--from`), eller en tom mal med et vanlig
    /// årshjul for et omstillingsprogram.
    New {
        /// Planen som rulles fram. Kommentarene i filen beholdes.
        #[arg(long, value_name = "PLAN.yaml")]
        from: Option<PathBuf>,
        /// Godkjent regnskap som flettes inn i `--from`-planen først (oppnådde arbeidsplasser
        /// følger med til den nye planen).
        #[arg(long, value_name = "REGNSKAP.yaml", requires = "from")]
        regnskap: Option<PathBuf>,
        /// Året den nye planen gjelder (standard: året etter `--from`-planen, eller neste år).
        #[arg(long = "år", alias = "aar", value_name = "ÅR")]
        year: Option<i32>,
        /// Filen den nye planen skrives til; en fil som finnes fra før, overskrives ikke.
        #[arg(short, long, value_name = "NY.yaml")]
        output: PathBuf,
    },
    /// Skriv JSON Schema for planformatet (for autofullføring i redigeringsprogrammet).
    Schema {
        /// Skjemaet for regnskapsfilen (`--regnskap`) i stedet for planen.
        #[arg(long)]
        regnskap: bool,
        /// Skriv til fil i stedet for standard ut.
        #[arg(short, long, value_name = "FIL")]
        output: Option<PathBuf>,
    },
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
