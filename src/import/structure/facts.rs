//! The programme's facts as a person reads them wherever the plan states them, for the
//! structure reader: the area, the name, the period and the job target from the sentences of
//! the text and the headings («Utviklingsarbeidet i Drangedal skal bidra til: Å sikre og skape
//! 150 arbeidsplasser», «omstillingsplanen 2022–27», «Hemnes fikk omstillingsstatus …»), each
//! with the words it was found in. What the cover gave stays; what no sentence states stays
//! empty.

use super::draft::Draft;
use super::words::{lower_aligned, numbers};
use crate::import::docx::Block;
use crate::import::text;

/// The programme's and the areas' names that the document writes in capitals only (a cover's
/// «RAMSUND OMSTILLING», a heading «2.1 FORSVARSRELATERT NÆRING») as its own text writes them
/// elsewhere («Ramsund omstilling skal …», the budget's row «Forsvarsrelatert næring»), each
/// with a guess. A name the text never writes otherwise stays as it is.
pub(super) fn capitals_as_written(d: &mut Draft, blocks: &[Block]) {
    let text = all_text(blocks);
    let mut found = Vec::new();
    if let Some(name) = d.name.as_mut()
        && let Some(written) = as_written(name, &text)
    {
        found.push(("program.navn".to_string(), written.clone()));
        *name = written;
    }
    for (i, area) in d.areas.iter_mut().enumerate() {
        if let Some(written) = as_written(&area.name, &text) {
            found.push((format!("innsatsområder[{i}].navn"), written.clone()));
            // The job table's row for the area keeps its name.
            for (row, _) in &mut d.job_rows {
                if *row == area.name {
                    row.clone_from(&written);
                }
            }
            area.name = written;
        }
    }
    for (path, written) in found {
        d.guess(
            &path,
            format!("står med store bokstaver i dokumentet; skrevet slik i teksten («{written}»)"),
        );
    }
}

/// The text of every paragraph and table cell, a line each.
fn all_text(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => lines.push(text::normalize(&p.text())),
            Block::Table(t) => {
                lines.extend(t.rows.iter().flatten().map(|c| text::normalize(&c.text())))
            }
        }
    }
    lines.join("\n")
}

/// `name`, written in capitals only, as `text` writes it with small letters as a whole word
/// («Forsvarsrelatert næring» for «FORSVARSRELATERT NÆRING»).
fn as_written(name: &str, text: &str) -> Option<String> {
    let name = name.trim();
    if name.chars().any(char::is_lowercase) || !name.chars().any(char::is_uppercase) {
        return None;
    }
    let needle = lower_aligned(name);
    let lower = lower_aligned(text);
    lower.match_indices(&needle).find_map(|(at, _)| {
        let found = text.get(at..at + needle.len())?;
        let whole_word = !text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !text[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        let written = found.chars().any(char::is_lowercase)
            && found.chars().next().is_some_and(char::is_uppercase);
        (whole_word && written).then(|| found.to_string())
    })
}

/// Fills the programme's facts the cover and section 1 did not give from the document's
/// headings and paragraphs, in the document's order; each with a guess saying where.
pub(super) fn complete(d: &mut Draft, blocks: &[Block]) {
    let sentences = sentences(blocks);
    if d.region.is_none()
        && let Some((region, s)) = first(&sentences, region_in)
    {
        d.region = Some(region);
        d.guess("program.område", found_in(&s));
    }
    if d.period.is_none()
        && let Some((period, s)) = first(&sentences, period_in)
    {
        d.period = Some(period);
        d.guess("program.periode", found_in(&s));
    }
    if d.total_jobs.is_none()
        && let Some((jobs, s)) = first(&sentences, jobs_in)
    {
        d.total_jobs = Some(jobs);
        d.guess("program.arbeidsplassmål", found_in(&s));
    }
    if d.year_jobs.is_none()
        && d.job_rows.is_empty()
        && let Some(year) = d.year
        && let Some((jobs, s)) = first(&sentences, |s| year_jobs_in(s, year))
    {
        d.year_jobs = Some(jobs);
        d.guess("arbeidsplasser.årets_mål", found_in(&s));
    }
    if d.name.is_none()
        && let Some((name, s)) = first(&sentences, name_in)
    {
        d.name = Some(name);
        d.guess("program.navn", found_in(&s));
    }
    if d.region.is_none() {
        region_from_sources_or_name(d);
    }
}

/// The area when no line names it: the one municipality among the financing sources
/// («Kvernlia kommune»), else the place in the programme's name («Nordfjord Vekst»,
/// «Surnadal 2030»); said so, to be checked.
fn region_from_sources_or_name(d: &mut Draft) {
    let municipalities: Vec<&str> = d
        .financing
        .iter()
        .filter_map(|s| s.name.strip_suffix(" kommune"))
        .collect();
    if let [one] = municipalities[..] {
        d.region = Some(one.trim().to_string());
        d.guess(
            "program.område",
            format!("fra finansieringskilden «{one} kommune»; rett om området er et annet"),
        );
        return;
    }
    let Some(name) = &d.name else {
        return;
    };
    const GENERIC: [&str; 10] = [
        "omstilling",
        "vekst",
        "utvikling",
        "framtid",
        "framover",
        "næring",
        "næringsomstilling",
        "pluss",
        "neste",
        "vidare",
    ];
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while let Some(last) = words.last() {
        let lower = last.to_lowercase();
        let generic = GENERIC.contains(&lower.as_str())
            || ["–", "-"].contains(&lower.as_str())
            || lower
                .chars()
                .all(|c| c.is_ascii_digit() || c == '–' || c == '-');
        if generic && words.len() > 1 {
            words.pop();
        } else {
            break;
        }
    }
    let place = words.join(" ");
    let guess = format!("fra programmets navn («{name}»); rett om området heter noe annet");
    d.region = Some(place);
    d.guess("program.område", guess);
}

/// Where a value was found, for its `# importert:` comment.
pub(super) fn found_in(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    let quoted = if words.len() > 16 {
        format!("{} …", words[..16].join(" "))
    } else {
        sentence.to_string()
    };
    format!("fra teksten «{quoted}»")
}

/// The first sentence a reader finds a value in, and the value.
fn first<T>(sentences: &[String], read: impl Fn(&str) -> Option<T>) -> Option<(T, String)> {
    sentences
        .iter()
        .find_map(|s| read(s).map(|v| (v, s.clone())))
}

/// The sentences of the document's headings and paragraphs (not its tables), in order. A
/// paragraph that ends with a colon is read together with the next («… skal bidra til:» over
/// «Å sikre og skape 150 arbeidsplasser»).
fn sentences(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    let mut lead = String::new();
    for b in blocks {
        let Block::Para(p) = b else { continue };
        let t = text::normalize(&p.text());
        if t.is_empty() {
            continue;
        }
        let t = if lead.is_empty() {
            t
        } else {
            format!("{} {t}", std::mem::take(&mut lead))
        };
        if t.ends_with(':') {
            lead = t;
            continue;
        }
        out.extend(split_sentences(&t));
    }
    out
}

/// A paragraph's sentences: cut after «.», «!» or «?» where the next word starts with a capital
/// letter («8. desember» and «pr. år» stay whole).
pub(super) fn split_sentences(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = t.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w);
        let next_capital = words
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_some_and(char::is_uppercase);
        if w.ends_with(['.', '!', '?']) && next_capital && w.chars().count() > 2 {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A programme period in a sentence about the programme or its plan: «i perioden 2023 til
/// 2028», «omstillingsplanen 2022–27», «programperioden 2024–2029».
fn period_in(s: &str) -> Option<(i32, i32)> {
    let lower = s.to_lowercase();
    let about = [
        "period",
        "omstillingsplan",
        "utviklingsplan",
        "omstillingsprogram",
        "utviklingsprogram",
    ];
    if !about.iter().any(|w| lower.contains(w)) {
        return None;
    }
    year_range(&lower)
}

/// The first range of years in a text that is as long as a programme (three to ten years):
/// «2022–2027», «2022-27», «2023 til 2028».
pub(super) fn year_range(t: &str) -> Option<(i32, i32)> {
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i + 4 <= chars.len() {
        if let Some(from) = year_at(&chars, i) {
            let mut j = i + 4;
            let rest: String = chars[j..].iter().take(6).collect();
            let sep = [" til ", "–", "-", "—", " – ", " - "]
                .iter()
                .filter(|s| rest.starts_with(**s))
                .map(|s| s.chars().count())
                .max();
            if let Some(n) = sep {
                j += n;
                let to = year_at(&chars, j).or_else(|| short_year(&chars, j, from));
                if let Some(to) = to
                    && (3..=10).contains(&(to - from))
                {
                    return Some((from, to));
                }
            }
        }
        i += 1;
    }
    None
}

/// A year of four digits standing alone at `i`.
fn year_at(chars: &[char], i: usize) -> Option<i32> {
    let digits: String = chars.get(i..i + 4)?.iter().collect();
    let alone_before = i == 0 || !chars[i - 1].is_ascii_digit();
    let alone_after = chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
    let y: i32 = digits.parse().ok()?;
    (alone_before && alone_after && (2000..2100).contains(&y)).then_some(y)
}

/// A year of two digits at `i`, after `from` in its century («2022-27»).
fn short_year(chars: &[char], i: usize, from: i32) -> Option<i32> {
    let digits: String = chars.get(i..i + 2)?.iter().collect();
    if chars.get(i + 2).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = digits.parse().ok()?;
    let full = from - from % 100 + y;
    (full > from).then_some(full)
}

/// The programme's job target in a sentence that sets it: «skal bidra til å sikre og skape 150
/// arbeidsplasser», «Målet er 120 nye og trygga arbeidsplassar i perioden 2024–2029», «til sammen
/// 180 i perioden». Sentences that count what was lost or reached are not targets.
pub(super) fn jobs_in(s: &str) -> Option<u32> {
    let lower = s.to_lowercase();
    let jobs = lower.find("arbeidsplass")?;
    let target = ["mål", "skal", "bidra"].iter().any(|w| lower.contains(w));
    let whole = [
        "period",
        "i løpet av",
        "sikre og skape",
        "skape og",
        "til sammen",
    ]
    .iter()
    .any(|w| lower.contains(w));
    let lost = [
        "registr", "tapt", "mistet", "mista", "tap av", "oppnådd", "nådd",
    ];
    let per_year = lower.contains("pr. år") || lower.contains("per år");
    let year_goal = lower.starts_with("for ") && lower.contains("er målet");
    if !target || !whole || year_goal || lost.iter().any(|w| lower.contains(w)) {
        return None;
    }
    if let Some(i) = lower.find("til sammen") {
        return numbers(&lower[i..])
            .into_iter()
            .find(|n| *n < 2000 || *n > 2100);
    }
    if per_year {
        return None;
    }
    count_before(&lower[..jobs], 2000..2100)
}

/// The number just before «arbeidsplasser», a few words («nye og sikrede») away at most, when
/// it is not a year (`years`).
fn count_before(text: &str, years: std::ops::Range<u32>) -> Option<u32> {
    let before: Vec<&str> = text.split_whitespace().collect();
    before
        .iter()
        .rev()
        .take(5)
        .find_map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_digit())
                .parse::<u32>()
                .ok()
        })
        .filter(|n| !years.contains(n))
}

/// The plan year's job target in the sentence that sets it: «For 2016 er målet 30 nye og
/// sikrede arbeidsplasser», «For oppstartsåret 2022 er målet 20 nye arbeidsplasser», «I 2026 er
/// målet 22 nye arbeidsplassar»: the number just before «arbeidsplass», in a sentence that names
/// the year and says «målet».
pub(super) fn year_jobs_in(s: &str, year: i32) -> Option<u32> {
    let lower = s.to_lowercase();
    // «… 100 arbeidsplasser i perioden 2023–2028, hvorav 12 i 2026».
    for of_which in ["hvorav ", "herav ", "av dei ", "av dem "] {
        if let Some(rest) = lower.split(of_which).nth(1)
            && let Some((n, after)) = rest.split_once(' ')
            && after.trim_start().starts_with(&format!("i {year}"))
            && let Ok(n) = n.parse::<u32>()
        {
            return Some(n);
        }
    }
    let jobs = lower.find("arbeidsplass")?;
    // «Målet er 20 arbeidsplasser i 2025»: the year after the jobs.
    let names_year =
        lower[..jobs].contains(&year.to_string()) || lower[jobs..].contains(&format!(" i {year}"));
    let sets = lower[..jobs].contains("målet") || lower[..jobs].contains("mål om");
    if !names_year || !sets || lower.contains("periode") {
        return None;
    }
    count_before(&lower[..jobs], 1900..2200)
}

/// The programme's area in a sentence: «Omstillingsarbeidet i Tinn skal …», «Andøy kommune
/// fikk status som omstillingskommune», «Hemnes fikk omstillingsstatus».
fn region_in(s: &str) -> Option<String> {
    let lower = lower_aligned(s);
    for work in ["omstillingsarbeidet i ", "utviklingsarbeidet i "] {
        if let Some(i) = lower.find(work) {
            let after = &s[i + work.len()..];
            if let Some(place) = capitalised_words(after, true) {
                return Some(place);
            }
        }
    }
    if !lower.contains("status") {
        return None;
    }
    for marker in [
        " kommune fikk",
        " kommune fekk",
        " fikk omstillingsstatus",
        " fekk omstillingsstatus",
    ] {
        if let Some(i) = lower.find(marker) {
            return capitalised_words(&s[..i], false);
        }
    }
    None
}

/// The programme's name in a sentence that gives it: «… har fått navnet Vinje Vidare»,
/// «styret for Namdalsløftet 27. november 2018», «omstillingsprogrammet Driv bidrar til …».
fn name_in(s: &str) -> Option<String> {
    let lower = lower_aligned(s);
    // «Utviklingsarbeidet i Hallingdal – Sats på Hallingdal – skal …»: the name between dashes.
    for work in ["utviklingsarbeidet i ", "omstillingsarbeidet i "] {
        if let Some(i) = lower.find(work)
            && let [_, name, _, ..] = s[i..].split(" – ").collect::<Vec<_>>()[..]
            && name.chars().next().is_some_and(char::is_uppercase)
            && name.split(' ').count() <= 6
        {
            return Some(name.trim().to_string());
        }
    }
    let markers = [
        "fått navnet ",
        "fått namnet ",
        "styret for ",
        "styret i ",
        "omstillingsprogrammet ",
        "utviklingsprogrammet ",
    ];
    for marker in markers {
        if let Some(i) = lower.find(marker)
            && let Some(name) = capitalised_words(&s[i + marker.len()..], true)
        {
            return Some(name);
        }
    }
    None
}

/// The words that start with a capital letter (a place or a name, up to three words), at the
/// start of `t` (`forward`) or at its end.
pub(super) fn capitalised_words(t: &str, forward: bool) -> Option<String> {
    let words: Vec<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
    let capital = |w: &&&str| w.chars().next().is_some_and(char::is_uppercase);
    let clean = |w: &str| w.trim_end_matches([',', '.', ':', ';']).to_string();
    let taken: Vec<String> = if forward {
        let mut out = Vec::new();
        for w in words.iter().take_while(capital).take(3) {
            out.push(clean(w));
            if w.ends_with([',', '.', ':', ';']) {
                break;
            }
        }
        out
    } else {
        let mut out: Vec<String> = words
            .iter()
            .rev()
            .take_while(capital)
            .take(3)
            .map(|w| clean(w))
            .collect();
        out.reverse();
        out
    };
    let name = taken.join(" ");
    (!name.is_empty() && !name.chars().any(|c| c.is_ascii_digit())).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_in_every_way_plans_write_them() {
        assert_eq!(
            period_in("Mål og innsatsområder fra omstillingsplanen 2022-27"),
            Some((2022, 2027))
        );
        assert_eq!(
            period_in("… 150 arbeidsplasser i perioden 2023 til 2028."),
            Some((2023, 2028))
        );
        assert_eq!(
            period_in("Dette er den andre planen i programperioden 2017–2022."),
            Some((2017, 2022))
        );
        // Two years are no programme period; a sentence not about the programme gives none.
        assert_eq!(period_in("Ubrukte midler fra perioden 2014–2015"), None);
        assert_eq!(period_in("Bedriftene vokste 2015–2019."), None);
    }

    #[test]
    fn the_job_target_is_read_from_the_sentence_that_sets_it() {
        assert_eq!(
            jobs_in(
                "Utviklingsarbeidet i Drangedal skal bidra til: Å sikre og skape 150 arbeidsplasser i Drangedal"
            ),
            Some(150)
        );
        assert_eq!(
            jobs_in(
                "Omstillingsplanen har et mål på 30 nye og sikrede arbeidsplasser pr. år, til sammen 180 i perioden 2014–2019."
            ),
            Some(180)
        );
        assert_eq!(
            jobs_in("Målet er 120 nye og trygga arbeidsplassar i Vinje i perioden 2024–2029."),
            Some(120)
        );
        assert_eq!(
            jobs_in(
                "Utviklingsarbeidet i Andøy skal bidra til å utvikle 200 nye arbeidsplasser i løpet av seks år."
            ),
            Some(200)
        );
        // What was lost or reached is no target.
        assert_eq!(
            jobs_in(
                "Etter to års drift kan vi registrere 41 nye og sikrede arbeidsplasser, mot et mål på 60 i perioden."
            ),
            None
        );
        assert_eq!(
            jobs_in("For 2025 er målet 30 arbeidsplasser i perioden."),
            None
        );
    }

    #[test]
    fn the_years_job_target_is_read_from_the_sentence_that_sets_it() {
        for (sentence, want) in [
            (
                "For 2016 er målet 30 nye og sikrede arbeidsplasser.",
                Some(30),
            ),
            (
                "For oppstartsåret 2022 er målet 20 nye arbeidsplasser.",
                Some(20),
            ),
            ("For 2026 er målet 22 nye arbeidsplassar.", Some(22)),
            ("Målet er 20 arbeidsplasser i 2026.", Some(20)),
            (
                "Programmet skal bidra til 100 arbeidsplasser i perioden 2023–2028, hvorav 12 i 2026.",
                Some(12),
            ),
            // Another year, the period, or a count of what was reached: no target for the year.
            ("For 2015 er målet 30 nye arbeidsplasser.", None),
            (
                "Målet er 120 nye arbeidsplassar i perioden 2024–2029.",
                None,
            ),
            ("I 2016 ble det registrert 41 nye arbeidsplasser.", None),
        ] {
            let year = if sentence.contains("2022") {
                2022
            } else if sentence.contains("2026") {
                2026
            } else {
                2016
            };
            assert_eq!(year_jobs_in(sentence, year), want, "{sentence}");
        }
    }

    #[test]
    fn the_area_is_read_from_what_the_text_says_of_the_programme() {
        assert_eq!(
            region_in(
                "Utviklingsarbeidet i Andøy skal bidra til å utvikle 200 nye arbeidsplasser."
            ),
            Some("Andøy".into())
        );
        assert_eq!(
            region_in("Høyanger kommune fekk status som omstillingskommune frå 1. januar 2017."),
            Some("Høyanger".into())
        );
        assert_eq!(
            region_in("Hemnes fikk omstillingsstatus med virkning fra og med 2014."),
            Some("Hemnes".into())
        );
        assert_eq!(region_in("Kommunen fikk hjelp."), None);
    }

    #[test]
    fn the_name_is_read_where_the_text_names_the_programme() {
        assert_eq!(
            name_in("Utforske hvordan omstillingsprogrammet Driv bidrar til økt utviklingsevne"),
            Some("Driv".into())
        );
        assert_eq!(
            name_in(
                "Omstillingsprogrammet har fått namnet Vinje Vidare og er organisert som eit føretak."
            ),
            Some("Vinje Vidare".into())
        );
        assert_eq!(
            name_in(
                "Utviklingsarbeidet i Hallingdal – Sats på Hallingdal – skal forstås som et utviklingsarbeid."
            ),
            Some("Sats på Hallingdal".into())
        );
        assert_eq!(name_in("Omstillingsprogrammet har eit styre."), None);
    }

    #[test]
    fn sentences_are_cut_where_a_new_one_starts() {
        assert_eq!(
            split_sentences("Vedtatt 8. desember 2015. Planen gjelder pr. år. Slutt"),
            vec![
                "Vedtatt 8. desember 2015.",
                "Planen gjelder pr. år.",
                "Slutt"
            ]
        );
    }
}
