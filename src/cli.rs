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
    },
    /// Skriv JSON Schema for planformatet (for autofullføring i redigeringsprogrammet).
    Schema {
        /// Skriv til fil i stedet for standard ut.
        #[arg(short, long, value_name = "FIL")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Docx,
    Pdf,
    Html,
}
