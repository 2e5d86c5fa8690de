//! The input model: a whole Handlingsplan as the user writes it in YAML, keys in the
//! template's own words. `load` turns a file into this; `validate` and `figures` read it.

pub mod de;
pub mod edit;
pub mod load;
pub mod logo;
pub mod months;
pub mod recover;
pub mod scalar;
pub mod scalar_schema;
pub mod syntax;
pub mod yaml;

use schemars::JsonSchema;
use serde::Deserialize;

pub use months::{MonthSpan, Months};
pub use scalar::{Amount, At, Date, Jobs, Quantity, Share};

/// The nynorsk form of each key whose bokmål form differs, as the plan and the accounts file
/// accept them (`#[serde(alias)]` in `plan` and `accounts`).
pub const NYNORSK_KEYS: &[(&str, &str)] = &[
    ("aktiviteter", "aktivitetar"),
    ("arbeidsplasser", "arbeidsplassar"),
    ("beskrivelse", "skildring"),
    ("enhet", "eining"),
    ("fra", "frå"),
    ("hendelse", "hending"),
    ("hendelser", "hendingar"),
    ("innbyggere", "innbyggjarar"),
    ("innhold", "innhald"),
    ("innsatsområder", "innsatsområde"),
    ("innvilget", "innvilga"),
    ("kapitler", "kapittel"),
    ("kilde", "kjelde"),
    ("kilder", "kjelder"),
    ("kommuner", "kommunar"),
    ("måned", "månad"),
    ("måneder", "månader"),
    ("navn", "namn"),
    ("oppnådd_samlet", "oppnådd_samla"),
    ("oppnådde_arbeidsplasser", "oppnådde_arbeidsplassar"),
    ("regnskap", "rekneskap"),
    ("resultater", "resultat"),
    ("søkbare_midler", "søkbare_midlar"),
    ("strategier", "strategiar"),
    ("styrebehandlet", "styrebehandla"),
    ("særskilte_satsinger", "særskilde_satsingar"),
    ("tekster", "tekstar"),
    ("uten_arbeidsplassmål", "utan_arbeidsplassmål"),
];

/// A key as its bokmål form: paths of the plan are named so, whichever form the plan writes,
/// so that what reading and validation say of one value meets.
pub fn bokmål_key(key: &str) -> &str {
    NYNORSK_KEYS
        .iter()
        .find(|(_, nynorsk)| *nynorsk == key)
        .map_or(key, |(bokmål, _)| bokmål)
}

/// En hel handlingsplan (Innovasjon Norges mal for årlig handlingsplan i regional omstilling).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Omstillingsprogrammet: navn, område, visjon, år, periode og godkjenning.
    pub program: Program,
    /// Årlig periodiserte arbeidsplassmål (seksjon 1).
    #[serde(alias = "arbeidsplassar")]
    pub arbeidsplasser: JobTable,
    /// Programmets andre tallfestede mål ved siden av arbeidsplassene (seksjon 1), f.eks. nye
    /// bedrifter per år, utløste midler i kroner eller andel prosjekter med kompetanseheving.
    #[serde(default, deserialize_with = "empty_list_when_null")]
    pub andre_mål: Vec<OtherTarget>,
    /// Resultater fra tidligere omstillingsår (seksjon 1.1).
    #[serde(default)]
    #[serde(alias = "resultat")]
    pub resultater: Option<EarlierResults>,
    /// Innleiende tekst under «Strategier og tiltak for innsatsområdene» (seksjon 2), for
    /// eksempel særskilte satsinger i året.
    #[serde(default)]
    #[serde(alias = "særskilde_satsingar")]
    pub særskilte_satsinger: Option<String>,
    /// Innsatsområdene med strategier og budsjett (seksjon 2).
    #[serde(alias = "innsatsområde")]
    #[schemars(length(min = 1))]
    pub innsatsområder: Vec<FocusArea>,
    /// Programmets ressursinnsats fordelt på innsatsområdene (seksjon 3.1), når den er oppgitt
    /// samlet for programmet og ikke per innsatsområde.
    #[serde(default)]
    pub programmets_ressursinnsats: Option<ProgrammeEffort>,
    /// Administrative kostnader til programledelse (seksjon 3.1).
    pub administrasjon: Administration,
    /// Andre kostnader i budsjettet som verken er et innsatsområde eller administrasjon
    /// (seksjon 3.1), f.eks. `- { navn: Kommunikasjon og forankring, beløp: 150000 }`: hver står
    /// som egen rad i ressurstabellen mellom Delsum og administrasjonen, og er med i samlet
    /// kostnad.
    #[serde(default, deserialize_with = "empty_list_when_null")]
    pub andre_kostnader: Vec<OtherCost>,
    /// Finansieringskildene (seksjon 3.2): en liste med kilder, eller
    /// `{ kilder: [...], merknad: ..., sum_forklaring: ... }` når tabellen skal ha en merknad
    /// under seg eller en forklaring på sumraden.
    pub finansiering: Financing,
    /// Fordeling av kommunenes andel mellom medlemskommunene (regionale program).
    #[serde(default)]
    pub kommunefordeling: Option<MunicipalitySplit>,
    /// Kommunikasjonsplanen (seksjon 4).
    #[serde(default)]
    pub kommunikasjonsplan: Option<CommunicationPlan>,
    /// Godkjent regnskap for året før (sti relativ til planfilen, f.eks. `regnskap-2023.yaml`):
    /// planen lages da som revidert, med regnskapets tall.
    #[serde(default)]
    #[serde(alias = "rekneskap")]
    pub regnskap: Option<At<String>>,
    /// Programmets egen tekst i stedet for en av malens faste tekster (på bokmål eller
    /// nynorsk, Markdown-delsett), f.eks. `kommunikasjon: …` for første avsnitt i seksjon 4.
    /// En tom tekst (`""`) tar avsnittet bort.
    #[serde(default)]
    #[serde(alias = "tekstar")]
    pub tekster: std::collections::BTreeMap<TemplateText, String>,
    /// Programmets egne kapitler (innledning, effektmål, bærekraftsmål, budsjettkommentarer …),
    /// hvert med overskrift og tekst, på faste steder i malens rekkefølge. Malens egne
    /// seksjoner beholder rekkefølge og overskrifter.
    #[serde(default)]
    #[serde(alias = "kapittel")]
    pub kapitler: Vec<Chapter>,
    /// Programmets egne overskrifter på malens seksjoner, ved seksjonens navn (`mål`,
    /// `resultater`, `strategier`, `ressurser`, `ressursinnsats`, `finansiering`,
    /// `kommunikasjon`), f.eks. `mål: Mål`. Seksjonen står på sin plass i malens rekkefølge
    /// med sitt nummer; bare overskriften er programmets.
    #[serde(default)]
    pub overskrifter: std::collections::BTreeMap<Section, String>,
}

impl Plan {
    /// Whether the documents have section 1.1: the plan reports results, or its year is not
    /// the first of the period (a first-year plan without `resultater` leaves 1.1 out).
    pub fn has_results_section(&self) -> bool {
        self.resultater.is_some() || self.program.år.value > self.program.periode.fra.value
    }
}

/// Et eget kapittel: overskrift og tekst på et fast sted.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// Overskriften som programmet skriver den, gjerne med eget nummer
    /// («1.1 Hva sier utviklingsplanen?»). Uten overskrift står teksten på sin plass uten egen
    /// overskrift, og kapittelet står ikke i innholdsfortegnelsen.
    #[serde(default)]
    pub overskrift: Option<At<String>>,
    /// Hvor kapittelet står: `før_1` (før «1.»), `først_i_1` (rett under overskriften «1.»,
    /// før malens tekst), `i_1` (i «1.», etter arbeidsplasstabellen, før «1.1»), `etter_1.1`,
    /// `i_2` (etter innledningen til «2.», før første innsatsområde), `etter_2` (etter siste
    /// innsatsområde), `i_3` (før «3.1»), `etter_3.1`, `etter_3.2` eller `etter_4` (til slutt).
    pub plassering: ChapterPlace,
    /// Med `plassering: i_2`: navnet på innsatsområdet kapittelet står rett foran (f.eks.
    /// «Støtteområder» foran det første støtteområdet), i stedet for foran det første.
    #[serde(default)]
    pub før_innsatsområde: Option<At<String>>,
    /// Overskriftsnivå: 1 (som «1.») eller 2 (som «1.1»); begge står i innholdsfortegnelsen.
    /// Uten nivå: 1 for `før_1` og `etter_4`, ellers 2.
    #[serde(default)]
    #[schemars(range(min = 1, max = 2))]
    pub nivå: Option<At<u8>>,
    /// Teksten i Markdown: avsnitt, punktlister og nummererte lister (tre nivåer),
    /// underoverskrifter (`#`), **fet**, *kursiv*, lenker, tabeller og bilder.
    #[serde(default)]
    pub tekst: Option<String>,
}

/// Stedene i malens rekkefølge der en plan kan sette inn egne kapitler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
pub enum ChapterPlace {
    #[serde(rename = "før_1")]
    Before1,
    #[serde(rename = "først_i_1")]
    Start1,
    #[serde(rename = "i_1")]
    In1,
    #[serde(rename = "etter_1.1")]
    After1_1,
    #[serde(rename = "i_2")]
    In2,
    #[serde(rename = "etter_2")]
    After2,
    #[serde(rename = "i_3")]
    In3,
    #[serde(rename = "etter_3.1")]
    After3_1,
    #[serde(rename = "etter_3.2")]
    After3_2,
    #[serde(rename = "etter_4")]
    After4,
}

impl ChapterPlace {
    pub const ALL: [ChapterPlace; 10] = [
        ChapterPlace::Before1,
        ChapterPlace::Start1,
        ChapterPlace::In1,
        ChapterPlace::After1_1,
        ChapterPlace::In2,
        ChapterPlace::After2,
        ChapterPlace::In3,
        ChapterPlace::After3_1,
        ChapterPlace::After3_2,
        ChapterPlace::After4,
    ];

    /// The name the templates know the place by.
    pub fn key(self) -> &'static str {
        match self {
            ChapterPlace::Before1 => "before_1",
            ChapterPlace::Start1 => "start_1",
            ChapterPlace::In1 => "in_1",
            ChapterPlace::After1_1 => "after_1_1",
            ChapterPlace::In2 => "in_2",
            ChapterPlace::After2 => "after_2",
            ChapterPlace::In3 => "in_3",
            ChapterPlace::After3_1 => "after_3_1",
            ChapterPlace::After3_2 => "after_3_2",
            ChapterPlace::After4 => "after_4",
        }
    }

    /// The heading level a chapter has here unless the plan says otherwise: a chapter of its
    /// own between the template's sections, or a sub-section inside one.
    pub fn default_level(self) -> u8 {
        match self {
            ChapterPlace::Before1 | ChapterPlace::After4 => 1,
            _ => 2,
        }
    }
}

impl Chapter {
    /// The heading level: the plan's `nivå`, or the place's.
    /// Whether the chapter stands right before the area named `area`.
    pub fn before_area(&self, area: &str) -> bool {
        self.før_innsatsområde
            .as_ref()
            .is_some_and(|a| a.value.trim() == area.trim())
    }

    pub fn level(&self) -> u8 {
        self.nivå
            .as_ref()
            .map(|l| l.value.clamp(1, 2))
            .unwrap_or_else(|| self.plassering.default_level())
    }
}

/// Malens faste tekster som en plan kan erstatte med sin egen, med faste navn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateText {
    /// Første avsnitt i seksjon 1 (arbeidsplassmålet for perioden og året).
    #[serde(rename = "mål_innledning", alias = "mål_innleiing")]
    MalInnledning,
    /// Avsnittet i seksjon 1 som leder inn til listen over innsatsområdene.
    #[serde(rename = "mål_innsatsområder", alias = "mål_innsatsområde")]
    MalInnsatsomrader,
    /// Linjen over arbeidsplasstabellen («Årlig periodiserte arbeidsplassmål fordelt på …:»).
    #[serde(alias = "arbeidsplassar_innleiing")]
    ArbeidsplasserInnledning,
    /// Navnet på summeraden i arbeidsplasstabellen («Sum arbeidsplasser pr år»).
    #[serde(alias = "arbeidsplassar_sum")]
    ArbeidsplasserSum,
    /// Innledningen til seksjon 2 (to avsnitt om strategier og prioriteringer).
    #[serde(alias = "strategiar_innleiing")]
    StrategierInnledning,
    /// Første avsnitt i seksjon 4 om kommunikasjonsplanen.
    Kommunikasjon,
    /// Avsnittet i seksjon 4 om vedlegget (bare når kommunikasjonsplanen skrives som vedlegg).
    KommunikasjonVedlegg,
    /// Merknaden under arbeidsplasstabellen om innsatsområder uten arbeidsplassmål.
    #[serde(
        rename = "merknad_uten_arbeidsplassmål",
        alias = "merknad_utan_arbeidsplassmål"
    )]
    MerknadUtenArbeidsplassmal,
    /// Merknaden under strategitabellene om kolonnen Strategi.
    MerknadStrategi,
    /// Merknaden under strategitabellene om «Sum innsatsområde».
    #[serde(rename = "merknad_sum_innsatsområde")]
    MerknadSumInnsatsomrade,
    /// Merknaden under ressurstabellen om programmets ressursinnsats.
    MerknadRessursinnsats,
    /// Merknaden under ressurstabellen om administrative kostnader.
    MerknadAdministrasjon,
}

impl TemplateText {
    /// The name as the plan writes it in YAML (for messages).
    pub fn yaml_name(self) -> &'static str {
        match self {
            TemplateText::MalInnledning => "mål_innledning",
            TemplateText::MalInnsatsomrader => "mål_innsatsområder",
            TemplateText::MerknadUtenArbeidsplassmal => "merknad_uten_arbeidsplassmål",
            TemplateText::MerknadSumInnsatsomrade => "merknad_sum_innsatsområde",
            other => other.key(),
        }
    }

    /// Where the text stands: a note inside the template's paragraph after its marker, or
    /// paragraphs of their own under a section heading.
    pub fn place(self) -> crate::markdown::Place {
        if self.key().starts_with("merknad") || self == TemplateText::ArbeidsplasserSum {
            crate::markdown::Place::Line
        } else {
            crate::markdown::Place::Section { level: 1 }
        }
    }

    /// The name the templates know the text by (ASCII; the YAML name without æøå).
    pub fn key(self) -> &'static str {
        match self {
            TemplateText::MalInnledning => "mal_innledning",
            TemplateText::MalInnsatsomrader => "mal_innsatsomrader",
            TemplateText::ArbeidsplasserInnledning => "arbeidsplasser_innledning",
            TemplateText::ArbeidsplasserSum => "arbeidsplasser_sum",
            TemplateText::StrategierInnledning => "strategier_innledning",
            TemplateText::Kommunikasjon => "kommunikasjon",
            TemplateText::KommunikasjonVedlegg => "kommunikasjon_vedlegg",
            TemplateText::MerknadUtenArbeidsplassmal => "merknad_uten_arbeidsplassmal",
            TemplateText::MerknadStrategi => "merknad_strategi",
            TemplateText::MerknadSumInnsatsomrade => "merknad_sum_innsatsomrade",
            TemplateText::MerknadRessursinnsats => "merknad_ressursinnsats",
            TemplateText::MerknadAdministrasjon => "merknad_administrasjon",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Programmets navn, f.eks. «Driv – omstillingsprogram for Drangedal».
    #[serde(alias = "namn")]
    pub navn: String,
    /// Kommunen eller regionen: brukes i «Omstilling i [område]».
    pub område: String,
    /// Omstillingsprogrammets visjon.
    #[serde(default)]
    pub visjon: Option<String>,
    /// Hva programmet kaller omstillingsplanen, slik det står i overskriften til seksjon 1
    /// («Mål og innsatsområder fra …»), f.eks. «omstillingsplanen 2022–27» eller
    /// «utviklingsplanen». Uten dette: malens «omstillingsplan».
    #[serde(default)]
    pub omstillingsplan: Option<String>,
    /// Året handlingsplanen gjelder.
    #[serde(deserialize_with = "scalar::year")]
    #[schemars(with = "scalar_schema::Year")]
    pub år: At<i32>,
    /// Omstillingsperioden, f.eks. `{ fra: 2022, til: 2027 }`.
    pub periode: Period,
    /// Samlet arbeidsplassmål for hele perioden.
    pub arbeidsplassmål: At<Jobs>,
    /// Dato for behandling i styret (ÅÅÅÅ-MM-DD); tom til styret har behandlet planen.
    #[serde(default)]
    #[serde(alias = "styrebehandla")]
    pub styrebehandlet: Option<At<Date>>,
    /// Dato for godkjenning i kommunestyret (ÅÅÅÅ-MM-DD); tom til den er godkjent.
    #[serde(default)]
    pub kommunestyregodkjent: Option<At<Date>>,
    /// Hvem som godkjenner planen, når det ikke er «kommunestyret» (f.eks. «kommunestyrene»).
    #[serde(default)]
    pub godkjent_av: Option<String>,
    /// Målform for de faste tekstene.
    #[serde(default)]
    pub målform: Målform,
    /// Sti til logo (PNG eller SVG), relativ til planfilen.
    #[serde(default)]
    pub logo: Option<String>,
    /// Aksentfarge i programmets grafiske profil, f.eks. "#1F4E79".
    #[serde(default)]
    #[schemars(with = "Option<scalar_schema::Colour>")]
    pub aksentfarge: Option<String>,
    /// Sti til et Word-dokument (.docx) med programmets stiler (skrifter, farger, overskrifter,
    /// tabellstil), relativ til planfilen: DOCX-en får disse stilene i stedet for de innebygde.
    #[serde(default)]
    pub referansedokument: Option<String>,
    /// Forfatter (programleder eller rådgiver), til dokumentegenskapene.
    #[serde(default)]
    pub forfatter: Option<String>,
    /// Bilde på forsiden (PNG eller SVG, relativt til planfilen og i samme mappe eller under
    /// den), med en tekst som sier hva bildet viser (for skjermlesere):
    /// `{ fil: forside.png, tekst: Utsikt over Drangedal sentrum }`.
    #[serde(default)]
    pub forsidebilde: Option<CoverPicture>,
    /// Hvordan overskriftene nummereres: `malen` (standard: malens seksjoner 1–4 har malens
    /// numre, egne kapitler er unummererte) eller `sammenhengende` (egne kapitler og malens
    /// seksjoner nummereres fortløpende i rekkefølgen de står i, som 1, 1.1, 2, 2.1 …).
    #[serde(default)]
    pub nummerering: Numbering,
}

/// Forsidebildet: filen og hva bildet viser.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverPicture {
    /// Sti til bildet (PNG eller SVG), relativ til planfilen.
    pub fil: String,
    /// Hva bildet viser, med ord (alternativ tekst for skjermlesere), f.eks. «Utsikt over
    /// Toke med Drangedal sentrum i bakgrunnen».
    pub tekst: String,
}

/// Hvordan overskriftene nummereres.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// Malens numre (1, 1.1, 2, 2.1 …, 3, 3.1, 3.2, 4); egne kapitler er unummererte.
    #[default]
    Malen,
    /// Alle overskrifter på nivå 1 og 2 nummereres fortløpende, egne kapitler og malens
    /// seksjoner om hverandre, i malens rekkefølge.
    Sammenhengende,
}

/// Malens seksjoner, ved navn, for planens egne overskrifter (`overskrifter:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
pub enum Section {
    /// Seksjon 1, «Mål og innsatsområder fra omstillingsplan».
    #[serde(rename = "mål")]
    Goals,
    /// Seksjon 1.1, «Resultater fra tidligere omstillingsår».
    #[serde(rename = "resultater")]
    Results,
    /// Seksjon 2, «Strategier og tiltak for innsatsområdene».
    #[serde(rename = "strategier")]
    Strategies,
    /// Seksjon 3, «Ressursinnsats og finansiering».
    #[serde(rename = "ressurser")]
    Resources,
    /// Seksjon 3.1, «Ressursinnsats fordelt på innsatsområdene».
    #[serde(rename = "ressursinnsats")]
    Effort,
    /// Seksjon 3.2, «Finansiering».
    #[serde(rename = "finansiering")]
    Financing,
    /// Seksjon 4, «Kommunikasjonsplan».
    #[serde(rename = "kommunikasjon")]
    Communication,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Goals,
        Section::Results,
        Section::Strategies,
        Section::Resources,
        Section::Effort,
        Section::Financing,
        Section::Communication,
    ];

    /// The name the templates know the section by (ASCII).
    pub fn key(self) -> &'static str {
        match self {
            Section::Goals => "mal",
            Section::Results => "resultater",
            Section::Strategies => "strategier",
            Section::Resources => "ressurser",
            Section::Effort => "ressursinnsats",
            Section::Financing => "finansiering",
            Section::Communication => "kommunikasjon",
        }
    }

    /// The name as the plan writes it in YAML (for messages).
    pub fn yaml_name(self) -> &'static str {
        match self {
            Section::Goals => "mål",
            other => other.key(),
        }
    }

    /// The heading level the section has in the template.
    pub fn level(self) -> u8 {
        match self {
            Section::Results | Section::Effort | Section::Financing => 2,
            _ => 1,
        }
    }

    /// The section's number in the template.
    pub fn template_number(self) -> &'static str {
        match self {
            Section::Goals => "1.",
            Section::Results => "1.1",
            Section::Strategies => "2.",
            Section::Resources => "3.",
            Section::Effort => "3.1",
            Section::Financing => "3.2",
            Section::Communication => "4.",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Målform {
    #[default]
    Bokmål,
    Nynorsk,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Første år i omstillingsperioden.
    #[serde(deserialize_with = "scalar::year")]
    #[schemars(with = "scalar_schema::Year")]
    #[serde(alias = "frå")]
    pub fra: At<i32>,
    /// Siste år i omstillingsperioden.
    #[serde(deserialize_with = "scalar::year")]
    #[schemars(with = "scalar_schema::Year")]
    pub til: At<i32>,
}

/// The job table: one row per innsatsområde (the template) or per næring (as Hallingdal does).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobTable {
    /// Hva radene er: `innsatsområder` (malen), `næringer`, eller `ingen` når tabellen ikke er
    /// fordelt, men gir programmets egne mål per år (en rad «Nye og sikrede arbeidsplasser»).
    #[serde(default)]
    pub fordelt_på: JobRowKind,
    /// Radene med mål per år, f.eks. `{ navn: Industri, mål: { 2022: 10, 2023: 15 } }`.
    /// Kan utelates når planen bare oppgir årets mål i teksten (se `årets_mål`).
    #[serde(default, deserialize_with = "empty_list_when_null")]
    pub rader: Vec<JobRow>,
    /// Arbeidsplassmålet for planåret, når planen ikke har en tabell med mål per år (eldre
    /// planer skriver bare «For 2016 er målet 30 nye arbeidsplasser»). Med tabell regnes årets
    /// mål ut av tabellen, og et tall her må stemme med den.
    #[serde(default)]
    pub årets_mål: Option<At<Jobs>>,
    /// Merknad under tabellen (f.eks. hvordan arbeidsplasser telles).
    #[serde(default)]
    pub merknad: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum JobRowKind {
    #[default]
    #[serde(alias = "innsatsområde")]
    Innsatsområder,
    #[serde(alias = "næringar")]
    Næringer,
    /// Ikke fordelt: radene er programmets egne mål per år.
    #[serde(alias = "ingenting")]
    Ingen,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobRow {
    /// Innsatsområdet (eller næringen) raden gjelder.
    #[serde(alias = "namn")]
    pub navn: At<String>,
    /// Mål per år: årstall som nøkkel, antall arbeidsplasser som verdi. Et år uten mål kan
    /// utelates eller stå tomt (`2022:` eller `2022: null`); tabellen viser det som «–».
    #[serde(deserialize_with = "without_nulls")]
    #[schemars(with = "std::collections::BTreeMap<i32, Option<Jobs>>")]
    pub mål: std::collections::BTreeMap<i32, At<Jobs>>,
    /// Merknad til raden: raden får et tall (², ³ …) og merknaden står under tabellen.
    #[serde(default)]
    pub merknad: Option<String>,
}

/// Et tallfestet mål ved siden av arbeidsplassmålet (seksjon 1), med oppnådde tall (1.1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherTarget {
    /// Hva som måles, f.eks. «Nye bedrifter» eller «Utløste midler».
    #[serde(alias = "namn")]
    pub navn: At<String>,
    /// Enheten: `antall`, `kroner` eller `prosent`.
    #[serde(alias = "eining")]
    pub enhet: TargetUnit,
    /// Mål per år: årstall som nøkkel, f.eks. `{ 2022: 3, 2023: 5 }`.
    #[serde(default, deserialize_with = "empty_when_null")]
    pub mål: std::collections::BTreeMap<i32, At<Quantity>>,
    /// Mål for hele perioden, når det er satt.
    #[serde(default)]
    pub periodemål: Option<At<Quantity>>,
    /// Oppnådd per år (seksjon 1.1); et år som ikke står her, vises som «ikke rapportert».
    #[serde(default, deserialize_with = "empty_when_null")]
    pub oppnådd: std::collections::BTreeMap<i32, At<Quantity>>,
    /// Oppnådd samlet fra periodens start, f.eks. `{ til: 2023, verdi: 12 }`.
    #[serde(default)]
    #[serde(alias = "oppnådd_samla")]
    pub oppnådd_samlet: Option<Cumulative<Quantity>>,
    /// Merknad til raden, vist med tall under tabellen.
    #[serde(default)]
    pub merknad: Option<String>,
}

impl OtherTarget {
    /// Whether yearly figures in this unit add up to a period's (antall, kroner; not prosent).
    pub fn unit_adds_up(&self) -> bool {
        self.enhet != TargetUnit::Prosent
    }
}

impl TargetUnit {
    /// The unit its figures are spelled in.
    pub fn unit(self) -> crate::format::Unit {
        match self {
            TargetUnit::Antall => crate::format::Unit::Count,
            TargetUnit::Kroner => crate::format::Unit::Kroner,
            TargetUnit::Prosent => crate::format::Unit::Percent,
        }
    }
}

/// Enheten for et annet mål: `antall`, `kroner` eller `prosent`.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TargetUnit {
    /// Et helt antall (bedrifter, prosjekter).
    #[serde(alias = "antal")]
    Antall,
    /// Et beløp i hele kroner.
    Kroner,
    /// En andel i prosent, 0–100.
    Prosent,
}

/// Et oppnådd tall samlet fra periodens start til og med et år, f.eks.
/// `{ til: 2023, verdi: 70, omtrent: true }` («ca. 70 mot et mål på 100 etter to år»).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cumulative<V> {
    /// Til og med hvilket år tallet gjelder.
    #[serde(deserialize_with = "scalar::year")]
    #[schemars(with = "scalar_schema::Year")]
    pub til: At<i32>,
    /// Oppnådd samlet.
    pub verdi: At<V>,
    /// `true` når tallet er et anslag (vises som «ca.»).
    #[serde(default)]
    pub omtrent: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlierResults {
    /// Kort oppsummering av oppnådde resultater (Markdown: avsnitt, punktlister, **fet**, *kursiv*).
    #[serde(default)]
    pub tekst: Option<String>,
    /// Oppnådde arbeidsplasser per år, der de er kjent. Kan stå tom (`oppnådde_arbeidsplasser:`)
    /// til det første tallet er kjent.
    #[serde(default, deserialize_with = "empty_when_null")]
    #[serde(alias = "oppnådde_arbeidsplassar")]
    pub oppnådde_arbeidsplasser: std::collections::BTreeMap<i32, At<Jobs>>,
    /// Oppnådde arbeidsplasser samlet fra periodens start, når bare summen er kjent, f.eks.
    /// `{ til: 2023, verdi: 70, omtrent: true }`: vises mot det samlede målet for de årene.
    #[serde(default)]
    #[serde(alias = "oppnådd_samla")]
    pub oppnådd_samlet: Option<Cumulative<Jobs>>,
}

/// An empty key (`key:` with nothing after it) read as an empty list.
fn empty_list_when_null<'de, D, V>(d: D) -> Result<Vec<V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    Ok(Option::deserialize(d)?.unwrap_or_default())
}

/// A map whose empty values (`2022:` or `2022: null`) are left out: a year without a figure.
fn without_nulls<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    let map: std::collections::BTreeMap<K, Option<V>> = Deserialize::deserialize(d)?;
    Ok(map.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}

/// An empty key (`key:` with nothing after it) read as an empty map.
fn empty_when_null<'de, D, K, V>(d: D) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    Ok(Option::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FocusArea {
    /// Innsatsområdets navn, som i omstillingsplanen (og i arbeidsplasstabellen).
    #[serde(alias = "namn")]
    pub navn: At<String>,
    /// `true` for støtteområder: innsatsområder uten arbeidsplassmål, vist med «-» i tabellen.
    #[serde(default)]
    #[serde(alias = "utan_arbeidsplassmål")]
    pub uten_arbeidsplassmål: bool,
    /// Hva innsatsområdet omfatter, som definert i omstillingsplanen.
    #[serde(alias = "skildring")]
    pub beskrivelse: Option<String>,
    /// Mål for perioden (eller en del av den) fra omstillingsplanen: en tekst, eller
    /// `{ tekst: …, periode: { fra: 2013, til: 2015 } }`.
    #[serde(default)]
    pub periodemål: Option<PeriodGoal>,
    /// Effekten av å lykkes med innsatsområdet: en tekst, eller `{ tekst: …, år: 2030 }` når
    /// målet gjelder et bestemt år.
    #[serde(default)]
    pub effektmål: Option<ImpactGoal>,
    /// Resultatmål for året (tekst).
    pub resultatmål: Option<String>,
    /// Arbeidsplassmålet for planåret i dette innsatsområdet, kontrolleres mot tabellen.
    #[serde(default)]
    pub arbeidsplassmål: Option<At<Jobs>>,
    /// Strategiene i innsatsområdet, med tiltak, prosjektmål og budsjett.
    #[serde(alias = "strategiar")]
    #[schemars(length(min = 1))]
    pub strategier: Vec<Strategy>,
    /// Prosjektkostnadene for hele innsatsområdet, når de ikke er fordelt på strategiene. Har
    /// strategiene budsjett, summerer de til dette, eller til dette og `søkbare_midler` sammen
    /// når strategienes budsjett også holder de søkbare midlene.
    #[serde(default)]
    pub budsjett: Option<At<Amount>>,
    /// Avsatte midler til søknader fra næringsliv og andre. Har strategiene `søkbare_midler`,
    /// er dette summen av dem (og kan utelates).
    #[serde(default)]
    #[serde(alias = "søkbare_midlar")]
    pub søkbare_midler: Option<At<Amount>>,
    /// Programmets egen ressursinnsats i innsatsområdet.
    #[serde(default)]
    pub ressursinnsats: Option<At<Amount>>,
    /// Kommentar til budsjettforslaget, vist under tabellen.
    #[serde(default)]
    pub kommentar: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = letter_or_id)]
pub struct Strategy {
    /// Strategiens bokstav eller nummer slik omstillingsplanen skriver det: bokstaver `A`, `B`,
    /// `C` … (i rekkefølge), eller nummer `1`, `2`, `3.1.1` eller `A1` (innsatsområdets
    /// bokstav og et nummer), gjerne med punktum eller
    /// parentes etter (`A.`, `1.`, `a)`), som vises slik det er skrevet. Entydig i planen, og samme slag (bokstaver
    /// eller nummer) gjennom hele planen; begynner hvert innsatsområde på `A` (eller `1`) igjen,
    /// er de entydige innenfor innsatsområdet. Kan også skrives `id:`. Uten bokstav eller
    /// nummer (planen lister strategiene som punkter) vises strategien med navnet alene.
    #[serde(default, alias = "id")]
    pub bokstav: Option<At<String>>,
    /// Strategiens navn, som i omstillingsplanen.
    #[serde(alias = "namn")]
    pub navn: String,
    /// Innholdet i strategien, som i omstillingsplanen.
    #[serde(default)]
    #[serde(alias = "innhald")]
    pub innhold: Option<String>,
    /// Prosjekter og tiltak i året.
    #[serde(default)]
    pub tiltak: Option<String>,
    /// Prosjektmål (eller delmål).
    #[serde(default)]
    pub prosjektmål: Option<String>,
    #[serde(default)]
    pub budsjett: Option<At<Amount>>,
    /// Herav søkbare midler: den delen av strategiens budsjett som er avsatt til søknader fra
    /// næringsliv og andre. Summen for strategiene er innsatsområdets søkbare midler, og resten
    /// av budsjettene prosjektkostnadene.
    #[serde(default)]
    #[serde(alias = "søkbare_midlar")]
    pub søkbare_midler: Option<At<Amount>>,
    /// Innvilget av budsjettet (tilsagn gitt).
    #[serde(default)]
    #[serde(alias = "innvilga")]
    pub innvilget: Option<At<Amount>>,
    /// Merknad til raden, f.eks. «NB! Utestående tilsagn per 31.12.23»: strategien får et
    /// tall (³, ⁴ …) og merknaden står under tabellen.
    #[serde(default)]
    pub merknad: Option<String>,
}

/// The schema of a strategy names its identifier both ways, `bokstav:` and `id:`, and
/// accepts at most one. The editor offers `bokstav:` until one of them is written, and
/// neither after: both are accepted everywhere but offered only in the `else` of «is `id:`
/// written?», and the `then` refuses a `bokstav:` beside an `id:`, with a message at it.
fn letter_or_id(schema: &mut schemars::Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let Some(properties) = object.get_mut("properties").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let Some(mut letter) = properties.remove("bokstav") else {
        return;
    };
    let description = letter.get("description").cloned().unwrap_or_default();
    if let Some(letter) = letter.as_object_mut() {
        // `bokstav: 1` and `bokstav: 2.1` are numbers to YAML, and read as written.
        letter.insert(
            "type".into(),
            serde_json::json!(["string", "integer", "number"]),
        );
        letter.insert(
            "errorMessage".into(),
            "Skriv strategiens bokstav eller nummer slik omstillingsplanen skriver det, f.eks. A, 2 eller \"3.1.1\".".into(),
        );
    }
    let accepted = serde_json::json!({ "description": description, "doNotSuggest": true });
    properties.insert("bokstav".into(), accepted.clone());
    properties.insert("id".into(), accepted);
    if let Some(required) = object.get_mut("required").and_then(|r| r.as_array_mut()) {
        required.retain(|r| r != "bokstav");
    }
    object.insert("if".into(), serde_json::json!({ "required": ["id"] }));
    object.insert(
        "then".into(),
        serde_json::json!({
            "properties": { "id": letter.clone(), "bokstav": false },
            "errorMessage": "Skriv enten «bokstav:» eller «id:», ikke begge: de er to navn på samme nøkkel."
        }),
    );
    // Neither is required: a plan that lists its strategies as bullets gives them no letter.
    object.insert(
        "else".into(),
        serde_json::json!({ "properties": { "bokstav": letter } }),
    );
}

/// The two ways a plan may name its strategies; one way per plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrategyIdStyle {
    /// A, B, C … Z, then AA, AB …
    Letters,
    /// 1, 2 … or dotted, 2.1, 3.1.1.
    Numbers,
}

/// A strategy's identifier as compared: without spaces around it or a trailing «.» or «)», in
/// upper case («a.», «a)» and «A» are the same strategy).
pub fn strategy_key(id: &str) -> String {
    let t = id.trim();
    let key = t
        .strip_suffix(['.', ')'])
        .unwrap_or(t)
        .trim()
        .to_uppercase();
    // «01» and «1» (and «3.01» and «3.1») are one number.
    if !key.is_empty()
        && key
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return key
            .split('.')
            .map(|p| match p.trim_start_matches('0') {
                "" => "0",
                n => n,
            })
            .collect::<Vec<_>>()
            .join(".");
    }
    key
}

/// Whether the plan begins its strategy identifiers again in every area («A», «B» in the
/// first, «A», «B» in the second; or «1», «2» in each): an identifier is then unique within
/// its area only, and the documents name a strategy by its area's table.
pub fn restarts_per_area(plan: &Plan) -> bool {
    let firsts: Vec<String> = plan
        .innsatsområder
        .iter()
        .filter_map(|a| a.strategier.iter().find_map(|s| s.bokstav.as_ref()))
        .map(|id| strategy_key(&id.value))
        .collect();
    firsts.len() >= 2 && firsts.iter().all(|k| k == "A" || k == "1")
}

/// The style of a strategy identifier, when it is one: one or two letters, or numbers joined
/// by «.» (at most six parts of at most four digits), each with an optional trailing «.».
pub fn strategy_id_style(id: &str) -> Option<StrategyIdStyle> {
    let key = strategy_key(id);
    let letters = key.chars().count();
    if (1..=2).contains(&letters) && key.chars().all(char::is_alphabetic) {
        return Some(StrategyIdStyle::Letters);
    }
    // «A1», «B2.1»: the area's letter and the strategy's number within it.
    let key = match key.find(|c: char| c.is_ascii_digit()) {
        Some(i) if (1..=2).contains(&i) && key[..i].chars().all(char::is_alphabetic) => &key[i..],
        _ => key.as_str(),
    };
    let parts: Vec<&str> = key.split('.').collect();
    (parts.len() <= 6
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit())))
    .then_some(StrategyIdStyle::Numbers)
}

/// A strategy as the table heads it, its identifier as written: «A: Navn», «3.1.1: Navn», and
/// «A. Navn» or «a) Navn» when the identifier ends with «.» or «)»; the name alone when it has
/// none.
pub fn strategy_label(id: Option<&str>, name: &str) -> String {
    let id = id.unwrap_or_default().trim();
    if id.is_empty() {
        name.to_string()
    } else if id.ends_with(['.', ')']) {
        format!("{id} {name}")
    } else {
        format!("{id}: {name}")
    }
}

/// Programmets ressursinnsats oppgitt samlet og fordelt på innsatsområdene.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeEffort {
    pub beløp: At<Amount>,
    /// Fordeling: `etter_budsjett` (forholdsmessig etter prosjektkostnadene) eller `likt`.
    #[serde(default)]
    pub fordeling: EffortKey,
    /// Forklaring i tabellens egen kolonne.
    #[serde(default)]
    pub forklaring: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum EffortKey {
    #[default]
    EtterBudsjett,
    Likt,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Administration {
    pub beløp: At<Amount>,
    /// Forklaring i tabellens egen kolonne.
    #[serde(default)]
    pub forklaring: Option<String>,
}

/// En kostnad i budsjettet ved siden av innsatsområdene og administrasjonen, f.eks.
/// «Kommunikasjon og forankring» eller «Uforutsett».
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherCost {
    /// Kostnaden slik planen kaller den, f.eks. «Kommunikasjon og forankring».
    #[serde(alias = "namn")]
    pub navn: At<String>,
    pub beløp: At<Amount>,
    /// Forklaring, vist med tall under ressurstabellen.
    #[serde(default)]
    pub forklaring: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    /// Navnet på kilden, f.eks. «KDD», «Telemark fylkeskommune», «Overføring (bundet fond)».
    #[serde(alias = "kjelde")]
    pub kilde: At<String>,
    /// Andel i prosent (f.eks. `50` eller `"50 %"`) av det som ikke dekkes av faste beløp.
    #[serde(default)]
    pub andel: Option<At<Share>>,
    /// Fast beløp; når bare andel er oppgitt, regnes beløpet ut.
    #[serde(default)]
    pub beløp: Option<At<Amount>>,
    /// Forklaring i tabellens egen kolonne.
    #[serde(default)]
    pub forklaring: Option<String>,
    /// Merknad til raden, f.eks. «(IN: 175')»: kilden får et tall (¹, ² …) og merknaden står
    /// under tabellen.
    #[serde(default)]
    pub merknad: Option<String>,
}

/// The financing table: its sources, and a note under it.
#[derive(Debug, Default)]
pub struct Financing {
    pub kilder: Vec<FundingSource>,
    pub merknad: Option<String>,
    pub sum_forklaring: Option<String>,
}

/// Finansieringen som kart: kildene, en merknad under tabellen og en forklaring på sumraden.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct FinancingTable {
    /// Finansieringskildene.
    #[serde(alias = "kjelder")]
    #[schemars(length(min = 1))]
    kilder: Vec<FundingSource>,
    /// Merknad under tabellen, f.eks. «Medfinansiering er ikke tatt med i inntekter».
    #[serde(default)]
    merknad: Option<String>,
    /// Forklaring på sumraden (Totalt), f.eks. «NB! Utestående tilsagn per 31.12.23».
    #[serde(default)]
    sum_forklaring: Option<String>,
}

impl<'de> Deserialize<'de> for Financing {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Financing;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "en liste med finansieringskilder, eller { kilder: [...], merknad: ... }",
                )
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Financing, E> {
                // A stand-in for a financing that could not be read (said already).
                if de::placeholder() {
                    return Ok(Financing::default());
                }
                Err(E::custom(
                    "«finansiering» står tom: skriv finansieringskildene som en liste, f.eks. \
                     `- { kilde: KDD, andel: 50 }`",
                ))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Financing, A::Error> {
                let kilder = Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Financing {
                    kilder,
                    merknad: None,
                    sum_forklaring: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Financing, A::Error> {
                let t =
                    FinancingTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Financing {
                    kilder: t.kilder,
                    merknad: t.merknad,
                    sum_forklaring: t.sum_forklaring,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Financing {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Finansiering".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut list = generator.subschema_for::<Vec<FundingSource>>();
        list.insert("minItems".into(), 1.into());
        let table = generator.subschema_for::<FinancingTable>();
        schemars::json_schema!({
            "description": "Finansieringskildene: en liste, eller { kilder: [...], merknad: ..., sum_forklaring: ... }.",
            "anyOf": [list, table]
        })
    }
}

impl std::ops::Deref for Financing {
    type Target = Vec<FundingSource>;
    fn deref(&self) -> &Vec<FundingSource> {
        &self.kilder
    }
}

impl std::ops::DerefMut for Financing {
    fn deref_mut(&mut self) -> &mut Vec<FundingSource> {
        &mut self.kilder
    }
}

impl<'a> IntoIterator for &'a Financing {
    type Item = &'a FundingSource;
    type IntoIter = std::slice::Iter<'a, FundingSource>;
    fn into_iter(self) -> Self::IntoIter {
        self.kilder.iter()
    }
}

/// A goal written as a text, or as a map with the text and when it applies.
macro_rules! text_or_map {
    ($name:ident, $full:ident, $expecting:literal) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::Text(v.to_string()))
                    }
                    // A plain scalar YAML reads as a number or a truth value is text here.
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name::Text(v.to_string()))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok($name::Text(v.to_string()))
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$name, E> {
                        Ok($name::Text(v.to_string()))
                    }
                    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<$name, E> {
                        Ok($name::Text(v.to_string()))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$name, A::Error> {
                        $full::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                            .map($name::Full)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

/// Periodemål: en tekst, eller `{ tekst: …, periode: { fra: 2013, til: 2015 } }`.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum PeriodGoal {
    Text(String),
    Full(PeriodGoalFull),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodGoalFull {
    /// Målet (Markdown-delsett).
    pub tekst: String,
    /// Perioden målet gjelder, f.eks. `{ fra: 2013, til: 2015 }`.
    #[serde(default)]
    pub periode: Option<Period>,
}

text_or_map!(
    PeriodGoal,
    PeriodGoalFull,
    "en tekst, eller { tekst: …, periode: { fra: 2013, til: 2015 } }"
);

impl PeriodGoal {
    pub fn text(&self) -> &str {
        match self {
            PeriodGoal::Text(t) => t,
            PeriodGoal::Full(f) => &f.tekst,
        }
    }
    pub fn period(&self) -> Option<&Period> {
        match self {
            PeriodGoal::Text(_) => None,
            PeriodGoal::Full(f) => f.periode.as_ref(),
        }
    }
}

/// Effektmål: en tekst, eller `{ tekst: …, år: 2030 }`.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
pub enum ImpactGoal {
    Text(String),
    Full(ImpactGoalFull),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactGoalFull {
    /// Målet (Markdown-delsett).
    pub tekst: String,
    /// Året effekten skal være nådd, f.eks. 2030.
    #[serde(default, deserialize_with = "scalar::optional_year")]
    #[schemars(with = "Option<scalar_schema::Year>")]
    pub år: Option<At<i32>>,
}

text_or_map!(
    ImpactGoal,
    ImpactGoalFull,
    "en tekst, eller { tekst: …, år: 2030 }"
);

impl ImpactGoal {
    pub fn text(&self) -> &str {
        match self {
            ImpactGoal::Text(t) => t,
            ImpactGoal::Full(f) => &f.tekst,
        }
    }
    pub fn year(&self) -> Option<&At<i32>> {
        match self {
            ImpactGoal::Text(_) => None,
            ImpactGoal::Full(f) => f.år.as_ref(),
        }
    }
}

/// How the municipalities' share is split between member municipalities.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MunicipalitySplit {
    /// Hvilken finansieringskilde som fordeles (navnet i `finansiering`).
    #[serde(alias = "kjelde")]
    pub kilde: At<String>,
    /// Fordelingsnøkkel i prosent: `{ likt: 50, innbyggere: 50 }`.
    pub nøkkel: SplitKey,
    /// Medlemskommunene med innbyggertall.
    #[serde(alias = "kommunar")]
    #[schemars(length(min = 1))]
    pub kommuner: Vec<Municipality>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitKey {
    /// Andel i prosent som fordeles likt mellom kommunene.
    #[serde(default)]
    pub likt: Option<At<Share>>,
    /// Andel i prosent som fordeles etter innbyggertall.
    #[serde(default)]
    #[serde(alias = "innbyggjarar")]
    pub innbyggere: Option<At<Share>>,
}

impl SplitKey {
    /// The (equal, by population) percentages; a part not given is 0.
    pub fn percents(&self) -> (rust_decimal::Decimal, rust_decimal::Decimal) {
        let part = |s: &Option<At<Share>>| s.as_ref().map(|s| s.value.0).unwrap_or_default();
        (part(&self.likt), part(&self.innbyggere))
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    /// Kommunens navn.
    #[serde(alias = "namn")]
    pub navn: String,
    /// Kommunenummer (tekst, f.eks. "3324").
    #[serde(default)]
    pub kommunenummer: Option<String>,
    /// Antall innbyggere, til fordelingen etter innbyggertall.
    #[serde(deserialize_with = "scalar::population")]
    #[schemars(with = "scalar_schema::Population")]
    #[serde(alias = "innbyggjarar")]
    pub innbyggere: At<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunicationPlan {
    /// Tekst om kommunikasjonsarbeidet i året (Markdown-delsett).
    #[serde(default)]
    pub tekst: Option<String>,
    /// Formål og målgrupper.
    #[serde(default)]
    pub målgrupper: Option<String>,
    /// Aktivitetsplanen: hva som gjøres, for hvem, i hvilken kanal, av hvem og når.
    #[serde(default)]
    #[serde(alias = "aktivitetar")]
    pub aktiviteter: Vec<Activity>,
    /// Viktige hendelser i året, til årshjulet.
    #[serde(default)]
    #[serde(alias = "hendingar")]
    pub hendelser: Vec<Event>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Aktiviteten, f.eks. «Nyhetsbrev».
    pub aktivitet: String,
    /// Hvem aktiviteten er for.
    #[serde(default)]
    pub målgruppe: Option<String>,
    /// Kanalen, f.eks. nettside, e-post, møte.
    #[serde(default)]
    pub kanal: Option<String>,
    /// Hvem som har ansvaret.
    #[serde(default)]
    pub ansvar: Option<String>,
    /// Når i året: en måned (`3` eller `mars`), et spenn (`sep–des`, `"9-12"`, over nyttår
    /// `des–jan`), en liste av dem (`[1, 2]`, `[jan, mars, sep–des]`) eller `løpende` /
    /// `hele året`.
    #[serde(alias = "månader")]
    pub måneder: At<Months>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Hendelsen slik den står i årshjulet, f.eks. «Årsrapport 2024».
    #[serde(alias = "hending")]
    pub hendelse: String,
    /// Når i året: en måned (`2` eller `feb`), et spenn (`sep–des`, over nyttår `des–jan`),
    /// en liste av dem (`[2, 6, 9]`) eller `løpende` / `hele året`. Et spenn tegnes som en bue
    /// i årshjulet, hele året som en hel ring.
    #[serde(alias = "månad")]
    pub måned: At<Months>,
    /// Slag hendelse, for gruppering og tegnforklaring i årshjulet.
    #[serde(default, rename = "type")]
    pub kind: Option<EventKind>,
}

#[derive(Debug, Deserialize, JsonSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Styre,
    Kommunestyre,
    Rapportering,
    Kommunikasjon,
    #[serde(alias = "anna")]
    Annet,
}
