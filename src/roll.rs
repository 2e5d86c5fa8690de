//! `handlingsplan new`: next year's plan from this year's, or the blank template plan. Beside
//! the pipeline: it reads a plan with `plan::load`, edits the YAML *text* at the byte spans
//! the loader recorded (so the user's comments, order and layout survive), and the result is
//! loaded and checked like any other plan before it is written.

use crate::accounts::is_carry_over;
use crate::diagnostic::SourceFile;
use crate::plan::yaml::{Kind, Node};
use crate::plan::{At, JobRowKind, Målform, Plan};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

/// The blank template plan (data/mal.yaml), written for [`BLANK_TEMPLATE_YEAR`].
pub const BLANK_TEMPLATE: &str = include_str!("../data/mal.yaml");
/// The plan year the blank template is written for; `new --år` shifts every year in it.
pub const BLANK_TEMPLATE_YEAR: i32 = 2025;

/// The new plan's text, and what the user must still look at, one line each.
#[derive(Debug)]
pub struct Rolled {
    pub text: String,
    pub notes: Vec<String>,
}

/// The blank template plan for `year`: every year in it (plan year, period, table columns,
/// event names) moved by the same number of years.
pub fn blank(year: i32) -> String {
    shift_years_in(BLANK_TEMPLATE, year - BLANK_TEMPLATE_YEAR, |y| {
        (2000..2100).contains(&y)
    })
}

/// Rolls `plan` (read from `source`, merged with its accounts when it had any) forward to
/// `year`. Errors are whole sentences for the user.
pub fn roll_forward(source: &str, plan: &Plan, year: i32) -> Result<Rolled, String> {
    let old_year = plan.program.år.value;
    let (from, to) = (
        plan.program.periode.fra.value,
        plan.program.periode.til.value,
    );
    if year <= old_year {
        return Err(format!(
            "Den nye planen må gjelde et senere år enn {old_year}, ikke {year}"
        ));
    }
    if year > to {
        return Err(format!(
            "Omstillingsperioden er {from}–{to}; det blir ingen handlingsplan for {year}"
        ));
    }
    let mut edits = Edits::new(source);

    edits.replace(&plan.program.år, &year.to_string(), "program.år");
    if let Some(date) = &plan.program.styrebehandlet {
        edits.clear(date, "program.styrebehandlet");
    }
    if let Some(date) = &plan.program.kommunestyregodkjent {
        edits.clear(date, "program.kommunestyregodkjent");
    }

    for (i, area) in plan.innsatsområder.iter().enumerate() {
        for (j, strategy) in area.strategier.iter().enumerate() {
            if let Some(granted) = &strategy.innvilget {
                edits.clear(
                    granted,
                    &format!("innsatsområder[{i}].strategier[{j}].innvilget"),
                );
            }
        }
        let Some(target) = &area.arbeidsplassmål else {
            continue;
        };
        let path = format!("innsatsområder[{i}].arbeidsplassmål");
        let row = (plan.arbeidsplasser.fordelt_på == JobRowKind::Innsatsområder)
            .then(|| {
                plan.arbeidsplasser
                    .rader
                    .iter()
                    .find(|r| r.navn.value == area.navn.value)
            })
            .flatten();
        match row.and_then(|r| r.mål.get(&year)) {
            Some(new_target) => edits.replace(target, &new_target.value.0.to_string(), &path),
            None => edits.notes.push(format!(
                "{path}: målet for {year} står ikke i tabellen; fyll det inn for hånd"
            )),
        }
    }

    for (i, source_of_funds) in plan.finansiering.iter().enumerate() {
        if is_carry_over(&source_of_funds.kilde.value)
            && let Some(amount) = &source_of_funds.beløp
        {
            edits.replace(
                amount,
                if plan.program.målform == Målform::Nynorsk {
                    "{ førebels: ukjend }"
                } else {
                    "{ foreløpig: ukjent }"
                },
                &format!("finansiering[{i}].beløp"),
            );
        }
    }

    edits.shift_event_years(old_year, year - old_year);
    edits.replace_results(plan, year);
    if let Some(block) = edits.block("regnskap") {
        edits.push(block, String::new());
        edits.notes.push(format!(
            "regnskap: fjernet; regnskapet for {} hører til planen for {}",
            old_year - 1,
            old_year
        ));
    }
    let text = edits.apply()?;
    let mut notes = edits.notes;
    notes.push(
        "fritekst (beskrivelser, resultatmål, tiltak, kommentarer) er uendret; oppdater tall og år i den"
            .into(),
    );
    notes.extend(year_mentions(&text, old_year));
    Ok(Rolled { text, notes })
}

/// Text edits at byte ranges of the source, applied together at the end.
struct Edits<'s> {
    source: &'s str,
    /// The source's top-level blocks ([`top_level_blocks`]).
    blocks: Vec<(String, Range<usize>)>,
    edits: Vec<(Range<usize>, String)>,
    notes: Vec<String>,
}

impl<'s> Edits<'s> {
    fn new(source: &'s str) -> Self {
        Edits {
            source,
            blocks: top_level_blocks(source),
            edits: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The block of the top-level key `key` (bokmål).
    fn block(&self, key: &str) -> Option<Range<usize>> {
        self.blocks
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, block)| block.clone())
    }

    fn push(&mut self, range: Range<usize>, text: String) {
        self.edits.push((range, text));
    }

    /// The source range of a value: a scalar's own span; a flow map from `{` to its `}`.
    fn value_range<T>(&self, at: &At<T>) -> Option<Range<usize>> {
        // A position taken from another file (the accounts) says nothing about this text.
        if at.file != SourceFile::Plan {
            return None;
        }
        let range = at.bytes.clone()?;
        let text = self.source.get(range.clone())?;
        if text == "{" {
            let close = self.source[range.start..].find('}')?;
            return Some(range.start..range.start + close + 1);
        }
        (!text.trim().is_empty()).then_some(range)
    }

    fn replace<T>(&mut self, at: &At<T>, text: &str, path: &str) {
        match self.value_range(at) {
            Some(range) => self.push(range, text.to_string()),
            None => self.notes.push(format!(
                "{path} (linje {}): kunne ikke endres automatisk; sett den til {text}",
                at.line
            )),
        }
    }

    /// Removes a value, leaving its key empty (`styrebehandlet:`); `null` inside a flow map.
    fn clear<T>(&mut self, at: &At<T>, path: &str) {
        let Some(range) = self.value_range(at) else {
            self.notes.push(format!(
                "{path} (linje {}): kunne ikke tømmes automatisk; fjern verdien",
                at.line
            ));
            return;
        };
        let rest = self.source[range.end..].trim_start_matches([' ', '\t']);
        if rest.starts_with([',', '}']) {
            self.push(range, "null".into());
        } else {
            let before = self.source[..range.start].trim_end_matches([' ', '\t']);
            self.push(before.len()..range.end, String::new());
        }
    }

    /// Event and activity names in the communication plan: «Årsrapport 2023» → «Årsrapport 2024».
    fn shift_event_years(&mut self, old_year: i32, delta: i32) {
        let Some(block) = self.block("kommunikasjonsplan") else {
            return;
        };
        let mut offset = block.start;
        for line in self.source[block].split_inclusive('\n') {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            let is_name = ["hendelse:", "aktivitet:", "{ hendelse:", "{ aktivitet:"]
                .iter()
                .any(|key| trimmed.starts_with(key));
            if is_name && !line.trim_start().starts_with('#') {
                for (range, y) in year_tokens(line) {
                    if (old_year - 1..=old_year + 1).contains(&y) {
                        let at = offset + range.start..offset + range.end;
                        self.push(at, (y + delta).to_string());
                    }
                }
            }
            offset += line.len();
        }
    }

    /// Section 1.1 started from the previous plan: its targets per year beside what was
    /// achieved, and its text kept as comments for the user to rewrite.
    fn replace_results(&mut self, plan: &Plan, year: i32) {
        let old_year = plan.program.år.value;
        let achieved: BTreeMap<i32, u32> = plan
            .resultater
            .iter()
            .flat_map(|r| r.oppnådde_arbeidsplasser.iter())
            .map(|(y, j)| (*y, j.value.0))
            .collect();
        let target_of = |y: i32| -> u32 {
            plan.arbeidsplasser
                .rader
                .iter()
                .filter_map(|r| r.mål.get(&y))
                .map(|j| j.value.0)
                .sum()
        };
        // The keys in the form the plan writes.
        let (results, achieved_key) = match plan.program.målform {
            Målform::Nynorsk => ("resultat", "oppnådde_arbeidsplassar"),
            Målform::Bokmål => ("resultater", "oppnådde_arbeidsplasser"),
        };
        let mut block = format!("{results}:\n");
        let _ = writeln!(
            block,
            "  # Startet av `handlingsplan new` fra Handlingsplan {old_year}. Skriv en kort oppsummering av\n  # resultatene til og med {old_year} i `tekst:`, og fyll inn oppnådde arbeidsplasser for hvert år."
        );
        if let Some(text) = plan.resultater.as_ref().and_then(|r| r.tekst.as_deref()) {
            let _ = writeln!(block, "  # Teksten i Handlingsplan {old_year}:");
            for line in text.trim_end().lines() {
                let _ = writeln!(block, "  #   {line}");
            }
        }
        let _ = writeln!(block, "  {achieved_key}:");
        for y in plan.program.periode.fra.value..year {
            match achieved.get(&y) {
                Some(jobs) => {
                    let _ = writeln!(block, "    {y}: {jobs}  # mål {}", target_of(y));
                }
                None => {
                    let _ = writeln!(block, "    # {y}:    # mål {}", target_of(y));
                }
            }
        }
        match self.block("resultater") {
            Some(range) => self.push(range, block),
            None => {
                let at = ["særskilte_satsinger", "innsatsområder"]
                    .iter()
                    .find_map(|key| self.block(key).map(|block| block.start))
                    .unwrap_or(self.source.len());
                self.push(at..at, format!("{block}\n"));
            }
        }
    }

    /// The edited text. Edits at the same range (an anchored value seen through its aliases)
    /// count once; overlapping edits mean a fault here, reported rather than applied.
    fn apply(&mut self) -> Result<String, String> {
        self.edits
            .sort_by_key(|(range, _)| (range.start, range.end));
        self.edits.dedup_by(|b, a| a.0 == b.0);
        let mut out = String::with_capacity(self.source.len() + 512);
        let mut done = 0;
        for (range, text) in &self.edits {
            if range.start < done {
                return Err(format!(
                    "intern feil: to endringer overlapper ved byte {}",
                    range.start
                ));
            }
            out.push_str(&self.source[done..range.start]);
            out.push_str(text);
            done = range.end;
        }
        out.push_str(&self.source[done..]);
        Ok(out)
    }
}

/// Four-digit numbers standing alone in a line, with their byte ranges.
fn year_tokens(line: &str) -> Vec<(Range<usize>, i32)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4
                && let Ok(y) = line[start..i].parse()
            {
                out.push((start..i, y));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Every year in `text` for which `is_year` holds, moved by `delta`; the end of a span written
/// with two digits («2025–30») moves with it.
fn shift_years_in(text: &str, delta: i32, is_year: impl Fn(i32) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut done = 0;
        for (range, y) in year_tokens(line) {
            if is_year(y) {
                out.push_str(&line[done..range.start]);
                out.push_str(&(y + delta).to_string());
                done = range.end;
                if let Some((end, short)) = two_digit_span_end(line, range.end) {
                    let century = y - y % 100;
                    let mut last = century + short;
                    if last < y {
                        last += 100;
                    }
                    out.push_str(&line[done..end.start]);
                    out.push_str(&format!("{:02}", (last + delta).rem_euclid(100)));
                    done = end.end;
                }
            }
        }
        out.push_str(&line[done..]);
    }
    out
}

/// The two digits that end a span of years begun just before `at` («2025–30», «2022-27»): their
/// place in `line` and their value. Not the start of a longer number («2025-2030», «2025-300»).
fn two_digit_span_end(line: &str, at: usize) -> Option<(Range<usize>, i32)> {
    let rest = &line[at..];
    let dash = rest.chars().next().filter(|c| matches!(c, '–' | '-'))?;
    let start = at + dash.len_utf8();
    let digits = line[start..].bytes().take_while(u8::is_ascii_digit).count();
    (digits == 2).then(|| {
        (
            start..start + 2,
            line[start..start + 2].parse().unwrap_or(0),
        )
    })
}

/// The blocks of the plan's top-level keys, by the key's bokmål form (so `rekneskap:` is
/// `regnskap`), read once from the plan's own YAML tree: each from its key's line to the end
/// of its value's last line (the comments and blank lines after it belong to the next key).
fn top_level_blocks(source: &str) -> Vec<(String, Range<usize>)> {
    let Ok(parsed) = crate::plan::yaml::parse(source) else {
        return Vec::new();
    };
    let Kind::Map(entries) = &parsed.tree.root.kind else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|(k, v)| {
            let start = source[..k.bytes.start].rfind('\n').map_or(0, |i| i + 1);
            let last = source[..last_byte(v).max(k.bytes.end).min(source.len())]
                .trim_end()
                .len();
            let end = source[last..]
                .find('\n')
                .map_or(source.len(), |i| last + i + 1);
            (
                crate::plan::bokmål_key(&k.key_text()).to_string(),
                start..end,
            )
        })
        .collect()
}

/// Where the last value written under `node` ends.
fn last_byte(node: &Node) -> usize {
    match &node.kind {
        Kind::Scalar(_) => node.bytes.end,
        Kind::Seq(items) => items.last().map_or(node.bytes.start, last_byte),
        Kind::Map(entries) => entries
            .last()
            .map_or(node.bytes.start, |(k, v)| last_byte(v).max(k.bytes.end)),
    }
}

/// Lines of the new plan that still mention the old plan year in free text, for the user to
/// review (a year in prose may be right or wrong; only a person can tell).
fn year_mentions(text: &str, old_year: i32) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let already_moved = ["hendelse:", "aktivitet:"].iter().any(|k| line.contains(k));
        if trimmed.starts_with('#') || already_moved {
            continue;
        }
        let is_key = |range: &Range<usize>| {
            let before = line[..range.start].trim_end();
            line[range.end..].starts_with(':')
                && (before.is_empty() || before.ends_with(['{', ',']))
        };
        let in_prose = |(range, y): &(Range<usize>, i32)| *y == old_year && !is_key(range);
        if year_tokens(line).iter().any(in_prose) {
            let shown: String = trimmed.chars().take(70).collect();
            out.push(format!("linje {}: nevner {old_year}: {shown}", n + 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load::parse_yaml;

    const DRANGEDAL: &str = include_str!("../data/drangedal-2024.yaml");

    fn parse(text: &str) -> Plan {
        parse_yaml::<Plan>(std::path::Path::new("ny.yaml"), text.as_bytes())
            .map(|(_, p)| p)
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
    }

    fn rolled_drangedal() -> (Rolled, Plan) {
        let rolled = roll_forward(DRANGEDAL, &parse(DRANGEDAL), 2025).unwrap();
        let plan = parse(&rolled.text);
        (rolled, plan)
    }

    #[test]
    fn the_blank_template_moves_a_span_written_with_two_digits() {
        let text = blank(2027);
        assert!(text.contains("omstillingsplanen 2027–32"), "{text}");
        assert_eq!(
            shift_years_in("2098-99, 2099–00, 2025-2030, 2025-300", 1, |_| true),
            "2099-00, 2100–01, 2026-2031, 2026-300"
        );
    }

    #[test]
    fn year_dates_and_grants_are_moved_on_and_cleared() {
        let (_, plan) = rolled_drangedal();
        assert_eq!(plan.program.år.value, 2025);
        assert!(plan.program.styrebehandlet.is_none());
        let granted: Vec<_> = plan
            .innsatsområder
            .iter()
            .flat_map(|a| &a.strategier)
            .filter_map(|s| s.innvilget.as_ref())
            .collect();
        assert!(granted.is_empty(), "{granted:?}");
    }

    #[test]
    fn area_targets_follow_the_table_and_the_carry_over_is_unknown() {
        let (_, plan) = rolled_drangedal();
        let targets: Vec<u32> = plan
            .innsatsområder
            .iter()
            .filter_map(|a| a.arbeidsplassmål.as_ref().map(|j| j.value.0))
            .collect();
        assert_eq!(targets, [4, 4, 8, 11]);
        let carry_over = plan
            .finansiering
            .iter()
            .find(|f| is_carry_over(&f.kilde.value))
            .and_then(|f| f.beløp.as_ref())
            .map(|b| b.value.0);
        assert_eq!(carry_over, Some(crate::money::Figure::Unknown));
    }

    #[test]
    fn a_position_from_the_accounts_file_is_never_edited_in_the_plan() {
        let mut plan = parse(DRANGEDAL);
        let index = plan
            .finansiering
            .iter()
            .position(|f| is_carry_over(&f.kilde.value))
            .unwrap();
        // As after a merge: the carry-over's amount, and its position, came from the accounts
        // file; the position's bytes mean nothing in the plan's text.
        let amount = plan.finansiering[index].beløp.as_mut().unwrap();
        amount.file = SourceFile::Accounts;
        amount.bytes = Some(0..10);
        let rolled = roll_forward(DRANGEDAL, &plan, 2025).unwrap();
        assert_eq!(&rolled.text[..10], &DRANGEDAL[..10]);
        assert!(
            rolled
                .notes
                .iter()
                .any(|n| n.contains(&format!("finansiering[{index}].beløp"))),
            "{:?}",
            rolled.notes
        );
    }

    #[test]
    fn comments_survive_and_event_names_move_a_year() {
        let (rolled, plan) = rolled_drangedal();
        for comment in [
            "# Kilden har ikke visjonen med",
            "# Budsjettet er satt for innsatsområdet samlet",
            "# Kilden merker refusjonene med *",
        ] {
            assert!(rolled.text.contains(comment), "lost: {comment}");
        }
        let events: Vec<&str> = plan
            .kommunikasjonsplan
            .as_ref()
            .unwrap()
            .hendelser
            .iter()
            .map(|e| e.hendelse.as_str())
            .collect();
        assert!(events.contains(&"Årsrapport 2024"), "{events:?}");
        assert!(
            events.contains(&"Handlingsplan 2026 i styret"),
            "{events:?}"
        );
    }

    #[test]
    fn results_start_from_the_previous_targets_and_keep_the_old_text_as_comments() {
        let (rolled, plan) = rolled_drangedal();
        let results = plan.resultater.unwrap();
        assert!(results.tekst.is_none());
        assert!(rolled.text.contains("    # 2024:    # mål 28\n"));
        assert!(
            rolled
                .text
                .contains("  #   Økt utviklingsevne i næringsliv")
        );
        assert!(
            rolled
                .notes
                .iter()
                .any(|n| n.contains("nevner 2024") && n.contains("Drivkraft 2024"))
        );
    }

    #[test]
    fn a_year_past_the_period_or_not_ahead_is_refused() {
        let plan = parse(DRANGEDAL);
        let past = roll_forward(DRANGEDAL, &plan, 2028).unwrap_err();
        assert!(past.contains("2022–2027"), "{past}");
        assert!(roll_forward(DRANGEDAL, &plan, 2024).is_err());
    }

    #[test]
    fn the_blank_template_moves_every_year() {
        let plan = parse(&blank(2031));
        assert_eq!(plan.program.år.value, 2031);
        assert_eq!(plan.program.periode.fra.value, 2031);
        assert_eq!(plan.program.periode.til.value, 2036);
        assert!(plan.arbeidsplasser.rader[0].mål.contains_key(&2036));
    }

    #[test]
    fn a_nynorsk_plan_is_rolled_forward_in_nynorsk() {
        let source = include_str!("../tests/fixtures/nynorsk.yaml")
            .replace("beløp: { førebels: ukjend }", "beløp: 300000");
        let plan = parse(&source);
        let rolled = roll_forward(&source, &plan, 2026).unwrap();
        assert!(
            rolled.text.contains("beløp: { førebels: ukjend }"),
            "{}",
            rolled.text
        );
        assert!(!rolled.text.contains("foreløpig"), "{}", rolled.text);
        assert!(rolled.text.contains("\nresultat:\n"), "{}", rolled.text);
        assert!(
            rolled.text.contains("  oppnådde_arbeidsplassar:\n"),
            "{}",
            rolled.text
        );
        assert!(!rolled.text.contains("\nresultater:"), "{}", rolled.text);
        parse(&rolled.text);
    }

    #[test]
    fn top_level_block_leaves_the_next_keys_comments() {
        let text = "a: 1\nresultater:\n  tekst: x\n\n# om b\nb: 2\n";
        let block = Edits::new(text).block("resultater").unwrap();
        assert_eq!(&text[block], "resultater:\n  tekst: x\n");
    }
}
