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
    /// Forhåndsvis planen i nettleseren mens du skriver: siden oppdateres når du lagrer planen,
    /// regnskapet, logoen eller en mal, med feil og advarsler over dokumentet og tallene ved siden av.
    ///
    /// Lytter bare på denne maskinen (127.0.0.1) med mindre `--adresse` er gitt. Skriver ingen filer.
    Serve {
        /// Planfilen (YAML).
        #[arg(value_name = "PLAN.yaml")]
        plan: PathBuf,
        /// Godkjent regnskap for året før, som flettes inn i planen.
        #[arg(long, value_name = "REGNSKAP.yaml")]
        regnskap: Option<PathBuf>,
        /// Bruk malene i denne mappen i stedet for de innebygde (samme filnavn som i templates/).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Porten siden vises på (0 velger en ledig port).
        #[arg(long, default_value_t = 8024)]
        port: u16,
        /// Adressen serveren lytter på, f.eks. 0.0.0.0 for å vise siden til andre på nettet.
        #[arg(long = "adresse", alias = "host", value_name = "IP")]
        address: Option<std::net::IpAddr>,
        /// Åpne siden i nettleseren.
        #[arg(long)]
        open: bool,
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
