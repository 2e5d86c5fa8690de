//! The cover of a plan for the structure reader: the year, the area, the programme's name and
//! the board's and council's dates.

use super::Reader;
use super::facts::year_range;
use super::tables::{Kind, kind};
use super::words::{lower_aligned, placeholder, years};
use crate::format::MONTHS;
use crate::import::docx::Block;

impl Reader<'_> {
    /// Reads a cover line: the plan's year, the area, the programme (its name, area and
    /// period), the board's or the council's date. False when it is none of these.
    pub(super) fn cover_line(&mut self, t: &str) -> bool {
        // «[LOGO] Tinnfjord Vekst»: a picture's placeholder before the cover's text.
        let t = match t.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((inside, rest)) if inside.len() <= 12 && !rest.trim().is_empty() => rest.trim(),
            _ => t,
        };
        // «Handsama av styret … 28. oktober 2024. Vedteke av kommunestyret 14. november 2024.»,
        // «Vedtatt av styret … 25. november 2025 og av kommunestyrene … i desember 2025»: the
        // board's and the council's treatment each by its own words.
        let clauses = board_and_council(t);
        if clauses.len() > 1 {
            // Every clause is read, whichever of them the cover keeps.
            let read: Vec<bool> = clauses.iter().map(|c| self.cover_clause(c)).collect();
            return read.contains(&true);
        }
        self.cover_clause(t)
    }

    /// One line or clause of the cover: see [`Reader::cover_line`].
    fn cover_clause(&mut self, t: &str) -> bool {
        let lower = t.to_lowercase();
        let title = lower
            .strip_prefix("årlig ")
            .or_else(|| lower.strip_prefix("årleg "))
            .unwrap_or(&lower);
        // The title again under a title that gave the year («Handlingsplan 2025–2026» under
        // «HANDLINGSPLAN 2025–2026 RAMSUND OMSTILLING»).
        if title.starts_with("handlingsplan")
            && self.draft.year.is_some()
            && years(t).first() == self.draft.year.as_ref()
            && t.split_whitespace().count() <= 3
        {
            return true;
        }
        // «Handlingsplan 2025–2026»: a plan for two years is the first year's, said so.
        if title.starts_with("handlingsplan")
            && self.draft.year.is_none()
            && let [from, to] = years(t)[..]
            && to - from == 1
        {
            self.draft.year = Some(from);
            self.draft.guess(
                "program.år",
                format!("fra forsiden («{t}»): planen gjelder {from}–{to}, og dokumentene lages for {from}"),
            );
            self.name_after_years(t);
            return true;
        }
        if title.starts_with("handlingsplan") && years(t).len() == 1 {
            self.draft.year = years(t).first().copied();
            self.draft
                .guess("program.år", format!("fra forsiden («{t}»)"));
            self.name_after_years(t);
            return true;
        }
        // «Omstillingsperiode 2025–2030», «Programperiode 2024–2029»: the period, no vision.
        if ["omstillingsperiode", "programperiode", "periode"]
            .iter()
            .any(|w| lower.starts_with(w))
            && let Some(period) = year_range(t)
        {
            if self.draft.period.is_none() {
                self.draft.period = Some(period);
                self.draft
                    .guess("program.periode", format!("fra forsiden («{t}»)"));
            }
            return true;
        }
        if let Some(region) = t.strip_prefix("Omstilling i ") {
            self.draft.region = Some(region.trim().to_string());
            self.draft
                .guess("program.område", format!("fra forsiden («{t}»)"));
            return true;
        }
        if is_board_line(&lower) {
            self.board_line(t);
            return true;
        }
        if is_council_line(&lower) {
            if lower.starts_with("godkjen") || lower.starts_with("vedt") {
                self.draft.council_date = date_in(t);
            }
            // A date to come («Legges fram for formannskapet …») is the cover's text.
            return self.draft.council_date.is_some() || lower.starts_with("godkjen");
        }
        self.programme_line(t)
    }

    /// «Behandlet av styret i Driv 12. desember 2023», «Vedtatt i styret 8. desember 2015, sak
    /// 41/15», «Handsama i styret for Vinje Vidare …»: the board's date, and the programme's
    /// name when the line gives it.
    fn board_line(&mut self, t: &str) {
        self.draft.board_date = date_in(t);
        let lower = lower_aligned(t);
        let rest = [" styret i ", " styret for ", " styret til "]
            .iter()
            .find_map(|m| lower.find(m).map(|i| &t[i + m.len()..]))
            .unwrap_or("");
        let rest = rest.split(',').next().unwrap_or("");
        let name = match &self.draft.board_date {
            Some(_) => strip_date(rest),
            None => rest.to_string(),
        };
        if self.draft.name.is_none() && !name.trim().is_empty() && !placeholder(name.trim()) {
            self.draft.name = Some(name.trim().to_string());
            self.draft
                .guess("program.navn", format!("fra forsiden («{t}»)"));
        }
    }

    /// A line that names the programme: «Omstillingsprogrammet Nye Høyanger»,
    /// «OMSTILLINGSPROGRAMMET I VESTRE TOTEN», «Utviklingsprogram for Andøy kommune 2022–2027»,
    /// «Namdalsløftet – omstillingsprogram for Grong, Høylandet og Namsskogan»; or, before the
    /// plan's title, a short title line that is the programme's name («Andøy Neste»).
    fn programme_line(&mut self, t: &str) -> bool {
        // The name again, under a title that gave it («HANDLINGSPLAN 2025 RAMSUND
        // OMSTILLING» over «RAMSUND OMSTILLING»).
        if self
            .draft
            .name
            .as_ref()
            .is_some_and(|name| name.to_lowercase() == without_period(t).to_lowercase())
        {
            return true;
        }
        let Some(programme) = programme_in(t) else {
            let short = t.split_whitespace().count() <= 4 && !t.ends_with(['.', '»', '"']);
            if short && self.draft.year.is_none() && self.draft.name.is_none() && !t.contains('«')
            {
                self.draft.name = Some(without_period(t));
                self.draft.guess(
                    "program.navn",
                    format!("fra forsidens tittel («{t}»), over «Handlingsplan»"),
                );
                return true;
            }
            return false;
        };
        let origin = format!("fra forsiden («{t}»)");
        if let Some(name) = programme.name
            && self.draft.name.is_none()
        {
            self.draft.name = Some(name);
            self.draft.guess("program.navn", origin.clone());
        }
        if let Some(region) = programme.region
            && self.draft.region.is_none()
        {
            self.draft.region = Some(region);
            self.draft.guess("program.område", origin.clone());
        }
        if let Some(period) = year_range(t)
            && self.draft.period.is_none()
        {
            self.draft.period = Some(period);
            self.draft.guess("program.periode", origin);
        }
        // A line with more than the programme's name is the cover's text as well.
        if programme.more {
            self.pending.push(t.to_string());
        }
        true
    }
}

impl Reader<'_> {
    /// The board's and the council's dates from the page headers and footers, when the
    /// document gives them nowhere else: «Reisa Vekst – Handlingsplan 2026 – godkjent av
    /// styret 25. november 2025», «Lesja Framtid · Handlingsplan 2026 · styregodkjent 2.
    /// desember 2025»; each part of a line between «–», «·» or «|» read on its own.
    pub(super) fn dates_in_page_lines(&mut self, lines: &[String]) {
        for line in lines {
            for part in line.split(['–', '·', '|']) {
                let part = part.trim();
                let lower = lower_aligned(part);
                let board = is_board_line(&lower)
                    || lower.contains("styregodkjen")
                    || lower.contains("styrevedt");
                let Some(date) = date_in(part) else {
                    continue;
                };
                if board && self.draft.board_date.is_none() {
                    self.draft.board_date = Some(date);
                    self.draft.guess(
                        "program.styrebehandlet",
                        format!("fra topp- eller bunnteksten på sidene («{line}»)"),
                    );
                } else if is_council_line(&lower)
                    && (lower.contains("godkjen") || lower.contains("vedt"))
                    && self.draft.council_date.is_none()
                {
                    self.draft.council_date = Some(date);
                    self.draft.guess(
                        "program.kommunestyregodkjent",
                        format!("fra topp- eller bunnteksten på sidene («{line}»)"),
                    );
                }
            }
        }
    }

    /// The board's date from a sentence of the text about the plan, when the cover and the
    /// pages' headers and footers gave none: «Handlingsplanen vart vedteken av styret i
    /// Gloppen Vekst 4. desember 2025 og skal handsamast i kommunestyret …» (what follows «og»
    /// about the council is not the board's).
    pub(super) fn board_date_in_text(&mut self) {
        if self.draft.board_date.is_some() {
            return;
        }
        let sentences = self.blocks.iter().filter_map(|b| match b {
            Block::Para(p) if p.heading.is_none() => {
                Some(crate::import::text::normalize(&p.text()))
            }
            _ => None,
        });
        for paragraph in sentences {
            for sentence in super::facts::split_sentences(&paragraph) {
                let lower = lower_aligned(&sentence);
                if !(lower.contains("handlingsplan") || lower.contains("planen")) {
                    continue;
                }
                let board = match lower
                    .find("kommunestyre")
                    .and_then(|k| lower[..k].rfind(" og "))
                {
                    Some(og) => &sentence[..og],
                    None => sentence.as_str(),
                };
                if is_board_line(&lower_aligned(board))
                    && let Some(date) = date_in(board)
                {
                    self.draft.board_date = Some(date);
                    self.draft
                        .guess("program.styrebehandlet", super::facts::found_in(&sentence));
                    return;
                }
            }
        }
    }

    /// The programme's name after the year in the plan's title: «Handlingsplan 2026 –
    /// Kystløft», «HANDLINGSPLAN 2025–2026 RAMSUND OMSTILLING».
    fn name_after_years(&mut self, t: &str) {
        let Some(last) = years(t).last().map(ToString::to_string) else {
            return;
        };
        let Some((_, rest)) = t.rsplit_once(last.as_str()) else {
            return;
        };
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "–-:,".contains(c));
        let words = rest.split_whitespace().count();
        if self.draft.name.is_none() && (1..=6).contains(&words) && !placeholder(rest) {
            self.draft.name = Some(without_period(rest));
            self.draft
                .guess("program.navn", format!("fra forsidens tittel («{t}»)"));
        }
    }
}

/// A cover line that tells both the board's and the council's treatment, in its clauses;
/// one clause when it tells only one.
fn board_and_council(t: &str) -> Vec<String> {
    let lower = lower_aligned(t);
    if !(is_council_line(&lower) && (lower.contains("styret") || lower.contains("styremøte"))) {
        return vec![t.to_string()];
    }
    let mut clauses = Vec::new();
    for sentence in super::facts::split_sentences(t) {
        let lower = lower_aligned(&sentence);
        match lower.find(" og av ").or_else(|| lower.find(" og i ")) {
            Some(i) if is_council_line(&lower[i..]) && !is_council_line(&lower[..i]) => {
                clauses.push(sentence[..i].to_string());
                clauses.push(sentence[i + 4..].trim().to_string());
            }
            _ => clauses.push(sentence),
        }
    }
    clauses
}

/// A line that says the board has treated the plan, with a date or a «sak».
fn is_board_line(lower: &str) -> bool {
    let verbs = ["behandl", "handsam", "vedt", "godkjen"];
    (lower.contains("styret") || lower.contains("styremøte"))
        && !lower.contains("kommunestyre")
        && verbs
            .iter()
            .any(|v| lower.starts_with(v) || lower.contains(&format!(" {v}")))
}

/// A line about the council's or the executive committee's treatment.
pub(super) fn is_council_line(lower: &str) -> bool {
    ["kommunestyre", "bystyre", "formannskap", "fylkesting"]
        .iter()
        .any(|w| lower.contains(w))
}

/// What a cover line says of the programme.
struct Programme {
    name: Option<String>,
    region: Option<String>,
    /// The line says more than the name (a description, a period).
    more: bool,
}

/// The programme a cover line names, when it does.
fn programme_in(t: &str) -> Option<Programme> {
    let lower = lower_aligned(t);
    for word in ["omstillingsprogrammet ", "utviklingsprogrammet "] {
        if let Some(rest) = lower.strip_prefix(word) {
            let rest = title_case(&without_period(&t[t.len() - rest.len()..]));
            return Some(
                match rest.strip_prefix("I ").or_else(|| rest.strip_prefix("i ")) {
                    Some(region) => Programme {
                        name: None,
                        region: Some(region.to_string()),
                        more: false,
                    },
                    None => Programme {
                        name: Some(rest),
                        region: None,
                        more: false,
                    },
                },
            );
        }
    }
    let i = [
        "omstillingsprogram for ",
        "omstillingsprogrammet for ",
        "utviklingsprogram for ",
        "utviklingsprogrammet for ",
    ]
    .iter()
    .find_map(|m| lower.find(m).map(|i| (i, m.len())))?;
    let (at, len) = i;
    let after = &t[at + len..];
    let region = after
        .split(" kommune")
        .next()
        .map(|r| {
            r.trim_end_matches(|c: char| c.is_ascii_digit() || "–- ".contains(c))
                .trim()
                .to_string()
        })
        .filter(|r| !r.is_empty());
    let name = t[..at]
        .trim_end_matches([' ', '–', '-', ','])
        .trim()
        .to_string();
    Some(Programme {
        name: (!name.is_empty()).then_some(name),
        region,
        more: true,
    })
}

/// A name without the period or remark written after it: «Vassbygda 2024–2029» → «Vassbygda»,
/// «Midt-Havøy (4. omstillingsår)» → «Midt-Havøy».
fn without_period(name: &str) -> String {
    let name = match name.find(" (") {
        Some(i) if name.trim_end().ends_with(')') => &name[..i],
        _ => name,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let end = match words.last() {
        Some(w) if year_range(w).is_some() && words.len() > 1 => words.len() - 1,
        _ => words.len(),
    };
    words[..end].join(" ")
}

/// A line written in capitals as a name is written («HEMNES FRAMTID» → «Hemnes Framtid»); a
/// line with small letters stays as written.
fn title_case(t: &str) -> String {
    if t.chars().any(char::is_lowercase) {
        return t.trim().to_string();
    }
    t.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| {
                    f.to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A date in a cover line («12. desember 2023», «12.12.2023», «2023-12-12») as YYYY-MM-DD.
pub(super) fn date_in(t: &str) -> Option<String> {
    let lower = t.to_lowercase();
    for word in lower.split_whitespace() {
        let w = word.trim_end_matches(['.', ',']);
        if let Ok(d) = crate::plan::scalar::parse_date(w)
            && w.len() >= 8
        {
            return Some(d.0.to_string());
        }
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    for i in 1..words.len().saturating_sub(1) {
        let Some(m) = MONTHS
            .iter()
            .position(|m| words[i].trim_end_matches(',') == *m)
        else {
            continue;
        };
        let day: Option<u32> = words[i - 1].trim_end_matches('.').parse().ok();
        let year: Option<i32> = words[i + 1].trim_end_matches(['.', ',']).parse().ok();
        if let (Some(day), Some(year)) = (day, year) {
            return Some(format!("{year:04}-{:02}-{day:02}", m + 1));
        }
    }
    None
}

/// A cover line's text with its date at the end taken away.
pub(super) fn strip_date(t: &str) -> String {
    let words: Vec<&str> = t.split_whitespace().collect();
    let clean = |w: &str| w.to_lowercase().trim_end_matches(['.', ',']).to_string();
    let numeric = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let mut end = words.len();
    match words.last().map(|w| clean(w)) {
        // «28.11.2023», «2023-11-28»: one word.
        Some(w)
            if w.contains(['.', '-'])
                && w.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-') =>
        {
            end -= 1;
        }
        // «28. november 2023»: the year, the month and the day before it; a number that is
        // part of the name («Surnadal 2030») stays.
        Some(w) if numeric(&w) && end >= 2 && MONTHS.contains(&clean(words[end - 2]).as_str()) => {
            end -= 2;
            if end > 0 && numeric(&clean(words[end - 1])) {
                end -= 1;
            }
        }
        _ => {}
    }
    words[..end].join(" ")
}

/// The document's blocks with a cover laid out as a table (a logo in one cell, the title, the
/// programme and the board's date in another) as the paragraphs of its cells, so the cover is
/// read as any other: a table of at most three rows before the first heading that is none of
/// the template's. `None` when there is no such table.
pub(super) fn cover_table_opened(blocks: &[Block]) -> Option<Vec<Block>> {
    let first_heading = blocks
        .iter()
        .position(|b| matches!(b, Block::Para(p) if p.heading.is_some()))?;
    // A cover's table names the plan («Handlingsplan 2026», «Omstilling i …»); a table of
    // versions or contents before the first heading stays a table.
    let layout = |b: &Block| {
        matches!(b, Block::Table(t) if t.rows.len() <= 3
        && matches!(kind(t), Kind::Other)
        && t.rows.iter().flatten().any(|c| {
            let text = c.text().to_lowercase();
            text.contains("handlingsplan") || text.contains("omstilling")
        }))
    };
    if !blocks[..first_heading].iter().any(layout) {
        return None;
    }
    let mut out = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Table(t) if i < first_heading && layout(b) => {
                let paras = t.rows.iter().flatten().flat_map(|c| c.paras.iter());
                out.extend(
                    paras
                        .filter(|p| !p.text().trim().is_empty())
                        .cloned()
                        .map(Block::Para),
                );
            }
            _ => out.push(b.clone()),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_dates_are_read_in_words_and_figures() {
        assert_eq!(
            date_in("Behandlet av styret i Driv 12. desember 2023").as_deref(),
            Some("2023-12-12")
        );
        assert_eq!(
            date_in("Godkjent av kommunestyret 14.02.2024").as_deref(),
            Some("2024-02-14")
        );
        assert_eq!(date_in("Godkjent av kommunestyret [dato]"), None);
        assert_eq!(strip_date("Driv 12. desember 2023"), "Driv");
        assert_eq!(
            strip_date("Surnadal 2030 28. november 2023"),
            "Surnadal 2030"
        );
        assert_eq!(strip_date("Sauda 2030 12.12.2023"), "Sauda 2030");
        assert_eq!(strip_date("Nye Høyanger"), "Nye Høyanger");
    }
}
