//! The template's sections as the structure reader knows them by their headings, in bokmål
//! and nynorsk and in the plan's own words.

use super::draft::Section;
use super::words::{bare, lower_aligned, years};

/// The template section a heading opens, when it is one of the template's.
pub(super) fn template_section(heading: &str, level: u8, current: Section) -> Option<Section> {
    let h = section_title(&bare(heading)).to_lowercase();
    let starts = |w: &str| h.starts_with(w);
    if starts("veiledning til bruk av malen") || starts("rettleiing") {
        Some(Section::Guidance)
    } else if starts("mål og innsatsområde")
        || starts("mål og innsatsområda")
        || h == "mål"
        || level == 1 && starts("mål for ")
    {
        Some(Section::Goals)
    } else if starts("resultater fra tidligere")
        || starts("resultat frå tidlegare")
        // The plan's own words for 1.1 under its goals («Resultater fra 2025», «Resultat så
        // langt», «Oppnådde resultater»); not «Resultatmål».
        || current == Section::Goals
            && (starts("resultater") || starts("resultat ") || starts("oppnådde resultat"))
    {
        Some(Section::Results)
    } else if starts("strategier og tiltak")
        || starts("strategiar og tiltak")
        || level == 1 && starts("innsatsområd") && current < Section::Area
    {
        Some(Section::Strategies)
    } else if starts("ressursinnsats og finansiering")
        || starts("budsjett og finansiering")
        // «Ressursar og finansiering», «Ressurser og finansiering»
        || starts("ressurs") && h.contains("finansiering")
    {
        Some(Section::Resources)
    } else if starts("ressursinnsats fordelt")
        || (current == Section::Resources || current == Section::Financing)
            && starts("budsjett")
            && years(&h).len() == 1
        || current == Section::Resources
            && level == 2
            && (starts("kostnad") || starts("ressursinnsats") || starts("budsjett"))
    {
        Some(Section::Effort)
    } else if level == 1 && (starts("budsjett") || starts("rammebudsjett") || starts("økonomi")) {
        Some(Section::Resources)
    } else if h == "finansiering"
        || current >= Section::Resources
            && current < Section::Communication
            && h.contains("finansiering")
    {
        Some(Section::Financing)
    } else if starts("kommunikasjonsplan")
        || level == 1 && (starts("handlingsplan kommunikasjon") || starts("kommunikasjon"))
        || level == 2 && current == Section::Area && starts("kommunikasjon")
    {
        Some(Section::Communication)
    } else if level == 1 && current >= Section::Area && current < Section::Resources {
        Some(Section::AfterAreas)
    } else {
        None
    }
}

/// A heading's title without a plan's own chapter numbering before it: «KAPITTEL II – MÅL» →
/// «MÅL», «IV.1 Budsjett 2026» → «Budsjett 2026», «Del 3: Økonomi» → «Økonomi». A word that
/// only begins like a roman numeral («Vekst», «I samarbeid med …») stays.
pub(super) fn section_title(heading: &str) -> &str {
    let lower = lower_aligned(heading);
    let word = ["kapittel ", "kap. ", "del "]
        .iter()
        .find(|w| lower.starts_with(*w))
        .map_or(0, |w| w.len());
    let t = &heading[word..];
    let lower = &lower[word..];
    let id_end = lower
        .find(|c: char| !(c.is_ascii_digit() || "ivxl.".contains(c)))
        .unwrap_or(lower.len());
    let (id, rest) = lower.split_at(id_end);
    let roman = !id.is_empty() && id.trim_end_matches('.').chars().all(|c| "ivxl".contains(c));
    let separated = rest.trim_start().starts_with(['–', '-', ':']) || id.ends_with('.');
    let numbered = !id.is_empty() && !roman && rest.starts_with([' ', ':']);
    if (roman && separated && (word > 0 || id.len() > 1 || id.ends_with('.')))
        || numbered
        || word > 0 && id.is_empty() && rest.starts_with(char::is_alphabetic)
    {
        let title = t[id_end..].trim_start_matches(['–', '-', ':', ' ']);
        if !title.is_empty() {
            return title;
        }
    }
    t
}

/// The key of a template section in `overskrifter:`, when the document's heading for it is not
/// the template's own wording (`lower`: the heading without its number, lower case).
pub(super) fn own_heading(section: Section, lower: &str) -> Option<&'static str> {
    let (key, template): (&'static str, &[&str]) = match section {
        Section::Goals => ("mål", &["mål og innsatsområde"]),
        Section::Results => (
            "resultater",
            &["resultater fra tidligere", "resultat frå tidlegare"],
        ),
        Section::Strategies => (
            "strategier",
            &["strategier og tiltak", "strategiar og tiltak"],
        ),
        Section::Resources => ("ressurser", &["ressursinnsats og finansiering"]),
        Section::Effort => ("ressursinnsats", &["ressursinnsats fordelt"]),
        Section::Financing => ("finansiering", &["finansiering"]),
        Section::Communication => ("kommunikasjon", &["kommunikasjonsplan"]),
        _ => return None,
    };
    // A heading that only begins with the template's word says more of its own
    // («Kommunikasjonsplan 2019», «Finansiering 2022»): the plan's words are kept.
    let whole = ["finansiering", "kommunikasjon"].contains(&key);
    // The template's section 1 names the programme's plan («… fra omstillingsplanen 2022–27»);
    // a heading without it («Mål og innsatsområder») is the plan's own.
    let names_the_plan = key != "mål" || lower.contains(" fra ") || lower.contains(" frå ");
    let standard = template
        .iter()
        .any(|w| lower.starts_with(w) && (!whole || lower == *w))
        && names_the_plan;
    (!standard).then_some(key)
}

/// The template's own introduction to section 2, paragraph by paragraph, in both written
/// forms: a document that has exactly these needs no text of its own.
pub(super) const STRATEGIES_INTRO: [[&str; 2]; 2] = [
    [
        "For hvert innsatsområde er det utviklet strategier. Disse er beskrevet i omstillingsplan og konkretisert med mulige prosjekter og tiltak, prosjektmål og ressursinnsats i årlig handlingsplan.",
        "Prioriteringene av prosjekter og tiltak i årlig handlingsplan skal ivareta målet om å styrke utviklingsevnen i næringslivet og kommunen, i tillegg til de øvrige målene som er definert i omstillingsplan.",
    ],
    [
        "For kvart innsatsområde er det utvikla strategiar. Desse er skildra i omstillingsplanen og konkretiserte med moglege prosjekt og tiltak, prosjektmål og ressursinnsats i årleg handlingsplan.",
        "Prioriteringa av prosjekt og tiltak i årleg handlingsplan skal ta vare på målet om å styrkje utviklingsevna i næringslivet og kommunen, i tillegg til dei andre måla som er definerte i omstillingsplanen.",
    ],
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::structure::draft::Section;

    #[test]
    fn sections_are_known_by_the_templates_words_in_both_forms_and_by_the_plans_own() {
        let s = |h: &str, current| template_section(h, 1, current);
        assert_eq!(
            s("2. Strategiar og tiltak for innsatsområda", Section::Goals),
            Some(Section::Strategies)
        );
        assert_eq!(
            s("Mål og innsatsområde frå omstillingsplanen", Section::Cover),
            Some(Section::Goals)
        );
        assert_eq!(
            s(
                "3.1 Ressursinnsats fordelt på innsatsområda",
                Section::Resources
            ),
            Some(Section::Effort)
        );
        assert_eq!(s("2. Mål", Section::Cover), Some(Section::Goals));
        assert_eq!(
            s("Resultater fra 2025", Section::Goals),
            Some(Section::Results)
        );
        assert_eq!(
            s("Resultat så langt", Section::Goals),
            Some(Section::Results)
        );
        assert_eq!(s("Resultatmål 2026", Section::Goals), None);
        assert_ne!(
            s("Resultater fra 2025", Section::Area),
            Some(Section::Results)
        );
        assert_eq!(
            s("4. Budsjett og finansiering", Section::Goals),
            Some(Section::Resources)
        );
        assert_eq!(
            s("Budsjett 2022", Section::Financing),
            Some(Section::Effort)
        );
        assert_eq!(
            s("Ramme og finansiering 2022", Section::Resources),
            Some(Section::Financing)
        );
        assert_eq!(
            s("Kapittel 3 Ressursar og finansiering", Section::AfterAreas),
            Some(Section::Resources)
        );
        assert_eq!(
            s("Handlingsplan kommunikasjon", Section::AfterAreas),
            Some(Section::Communication)
        );
        // The plan's own words become `overskrifter:`; the template's do not.
        assert_eq!(own_heading(Section::Goals, "mål"), Some("mål"));
        assert_eq!(
            own_heading(
                Section::Strategies,
                "strategiar og tiltak for innsatsområda"
            ),
            None
        );
        assert_eq!(own_heading(Section::Financing, "finansiering"), None);
        assert_eq!(
            own_heading(Section::Communication, "kommunikasjonsplan 2019"),
            Some("kommunikasjon")
        );
        assert_eq!(
            own_heading(Section::Communication, "kommunikasjonsplan"),
            None
        );
        assert_eq!(
            own_heading(Section::Financing, "ramme og finansiering 2022"),
            Some("finansiering")
        );
    }

    #[test]
    fn a_plans_own_chapter_numbering_is_not_part_of_the_title() {
        for (heading, title) in [
            ("KAPITTEL II – MÅL", "MÅL"),
            ("Kapittel 3: Økonomi", "Økonomi"),
            ("IV.1 Budsjett 2026", "Budsjett 2026"),
            ("III – Innsatsområder", "Innsatsområder"),
            ("Del 4 Kommunikasjon", "Kommunikasjon"),
            ("Vekst i Vinje", "Vekst i Vinje"),
            ("I samarbeid med kommunen", "I samarbeid med kommunen"),
            ("Livskraftige lokalsamfunn", "Livskraftige lokalsamfunn"),
        ] {
            assert_eq!(section_title(heading), title, "{heading}");
        }
    }
}
