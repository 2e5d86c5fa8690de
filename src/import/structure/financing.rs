//! Section 3.2 for the structure reader: the financing table, a source per row, its total row
//! checked against the sources.

use super::Reader;
use super::draft::{Section, Source, sum};
use super::tables::{by_column, column, header, header_word, is_admin};
use super::words::{lower_aligned, money, placeholder, sum_label};
use crate::import::amount::{self, Stated};
use crate::import::docx::{Cell, Table};
use crate::import::text;
use rust_decimal::Decimal;

/// The columns of a financing table, and the unit its figures are in.
struct FinancingColumns {
    share: Option<usize>,
    explanation: Option<usize>,
    sum: Option<usize>,
    /// The unit of the table's bare figures (1000 under «(1000 kr)»).
    unit: Decimal,
}

impl Reader<'_> {
    /// The financing table (3.2). `unit`: the unit its figures are in, by the text above it
    /// («tall i millioner», «(1000 kr)»).
    pub(super) fn financing(&mut self, t: &Table, unit: Decimal) {
        if !self.draft.financing_from_table {
            // A list of sources in the text before the table: the table gives them.
            self.draft.financing.retain(|s| !s.listed);
            self.draft.financing_from_table = true;
        }
        let h = header(t);
        let explanation = column(&h, &["forklaring", "merknad", "kommentar"]);
        let columns = FinancingColumns {
            share: column(&h, &["andel"]).or_else(|| h.iter().position(|c| c == "del" || c == "%")),
            explanation,
            sum: self
                .year_column(&h, "finansieringstabellen")
                .unwrap_or_else(|| {
                    column(&h, &["sum", "beløp"])
                        .or_else(|| header_word(&h, "kr"))
                        .or_else(|| {
                            (0..h.len())
                                .rev()
                                .find(|c| Some(*c) != explanation && *c > 0)
                        })
                }),
            unit,
        };
        let mut stated_total = None;
        for (r, row) in t.rows.iter().enumerate().skip(1) {
            let cells = by_column(row);
            let source = source_row(&cells, &columns);
            let lower = source.name.to_lowercase();
            if sum_label(&lower) {
                stated_total = source.amount;
                self.draft.financing_total_note = source.explanation;
                continue;
            }
            if let Some(source) = self.named_source(source, r) {
                self.draft.financing.push(source);
            }
        }
        self.check_financing_total(stated_total);
        if self.section < Section::Financing {
            self.close_chapter();
            self.section = Section::Financing;
        }
    }

    /// A note under the financing table that gives a source's exact amount («1) Tilsagn fra
    /// Nordland fylkeskommune for 2022: kr 2.940.000,-.») where the table rounds it («2,9»
    /// under «tall i millioner»): the exact amount is the source's, when it rounds to the
    /// table's figure.
    pub(super) fn financing_footnote(&mut self, t: &str) {
        let Some((marker, _)) = t.split_once(')') else {
            return;
        };
        if marker.is_empty() || marker.len() > 2 || !marker.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        let [exact] = amount::in_text(t)[..] else {
            return;
        };
        let Some(source) = self
            .draft
            .financing
            .iter_mut()
            .find(|s| s.marker.as_deref() == Some(marker))
        else {
            return;
        };
        let Some(rounded) = source.amount else { return };
        let step = Decimal::from(100_000);
        if (exact - rounded).abs() >= step {
            return;
        }
        source.amount = Some(exact);
        source.comment.push(format!(
            "tabellen viser {} avrundet; det eksakte beløpet står i note {marker}) under tabellen",
            money(rounded)
        ));
    }

    /// A source row without a name gets one the user is told to change; an empty row is none.
    fn named_source(&mut self, mut source: Source, r: usize) -> Option<Source> {
        if !source.name.is_empty() {
            return Some(source);
        }
        if source.amount.is_none() && source.unknown.is_none() && source.explanation.is_none() {
            return None;
        }
        source.name = format!("Uten navn (rad {})", r + 1);
        source
            .comment
            .push("raden har ikke noe navn i dokumentet; gi kilden et navn".into());
        self.draft.notes.push(format!(
            "rad {} i finansieringstabellen har beløp, men ikke navn; den heter «{}» i planen — gi den et navn",
            r + 1,
            source.name
        ));
        Some(source)
    }

    /// A financing source written as a list item in the budget section, when the document has
    /// no financing table: «Møre og Romsdal fylkeskommune: kr 1.800.000 (50 %)». True when the
    /// item was taken as a source.
    pub(super) fn listed_source(&mut self, t: &str) -> bool {
        if self.draft.financing_from_table || self.lead.other_year {
            return false;
        }
        // A dash typed before the line, as a list without Word's list.
        let t = t.trim_start_matches(['–', '-', '•', '·']).trim_start();
        let Some((name, rest)) = t.split_once([':', '–']) else {
            return false;
        };
        let name = name.trim();
        let lower = name.to_lowercase();
        let mut amounts = amount::in_text(rest);
        // «Tydal kommune: 420 (20 %)» under «… (beløp i 1000 kr):».
        if amounts.is_empty()
            && let Some(unit) = self.lead.unit
            && let Some(Stated::Amount(a)) =
                amount::read_in(rest.split(" (").next().unwrap_or(rest).trim(), unit)
        {
            amounts.push(a);
        }
        if name.is_empty() || name.split_whitespace().count() > 8 || amounts.len() != 1 {
            return false;
        }
        // Under «Finansiering» any «Navn: beløp»; elsewhere in section 3 only what names a
        // financing source (not an area, the administration or a sum).
        let source_word = [
            "fylkeskommun",
            "kommune",
            "innovasjon norge",
            "staten",
            "departement",
            "næringsliv",
            "bedrift",
            "fond",
            "sparebank",
            "egenfinansiering",
            "eigenfinansiering",
            "kdd",
            "kmd",
        ]
        .iter()
        .any(|w| lower.contains(w));
        let area = self
            .draft
            .areas
            .iter()
            .any(|a| lower.contains(&a.name.to_lowercase()));
        if sum_label(&lower)
            || is_admin(&lower)
            || area
            || self.section != Section::Financing && !source_word
        {
            return false;
        }
        let share = share_in(rest);
        self.draft.financing.push(Source {
            name: name.to_string(),
            share,
            amount: amounts.first().copied(),
            comment: vec![format!("fra punktlisten «{t}»")],
            listed: true,
            ..Source::default()
        });
        true
    }

    /// The sources in a sentence of the financing section, when the document has no table
    /// or list of them: «Programmet vert finansiert med 2,5 mill. kroner (50 %) frå KDD, 1,5
    /// mill. kroner (30 %) frå Vestland fylkeskommune og 1 mill. kroner (20 %) frå Vassbygda
    /// kommune, til saman 5 mill. kroner.» — each «beløp (andel) fra kilde». Two or more, else
    /// none.
    pub(super) fn sources_in_sentence(&mut self, t: &str) {
        if self.draft.financing_from_table || !self.draft.financing.is_empty() {
            return;
        }
        let mut sources = Vec::new();
        for part in source_clauses(t) {
            let part = part.as_str();
            let lower = lower_aligned(part);
            if ["til saman", "til sammen", "totalt", "i alt"]
                .iter()
                .any(|w| lower.contains(w))
            {
                continue;
            }
            let Some(at) = lower.find(" frå ").or_else(|| lower.find(" fra ")) else {
                continue;
            };
            let name = part[at + 5..].trim().trim_end_matches('.').trim();
            // «… frå Sunnvoll kommune (25 %)»: the share after the name.
            let (name, share_after) = match name.rsplit_once(" (") {
                Some((n, after)) => match share_in(after) {
                    Some(share) => (n.trim(), Some(share)),
                    None => (name, None),
                },
                None => (name, None),
            };
            let amounts = amount::in_text(&part[..at]);
            let (Some(&amount), false) = (amounts.last(), name.is_empty()) else {
                continue;
            };
            let share = share_in(&part[..at]).or(share_after);
            sources.push(Source {
                name: name.to_string(),
                share,
                amount: Some(amount),
                comment: vec![format!("fra teksten «{}»", part.trim())],
                listed: true,
                ..Source::default()
            });
        }
        if sources.len() >= 2 {
            self.draft.financing.extend(sources);
        }
    }

    /// The total row against the sources above it: a difference is told.
    fn check_financing_total(&mut self, stated_total: Option<Decimal>) {
        let computed = sum(self.draft.financing.iter().filter_map(|s| s.amount));
        if let Some(total) = stated_total
            && total != computed
        {
            self.draft.notes.push(format!(
                "raden «Totalt» i finansieringstabellen sier {}, men kildene over summerer til {}; planen bruker kildene — se over",
                money(total),
                money(computed)
            ));
        }
        self.draft.found.push(format!(
            "finansieringstabellen: {} kilder",
            self.draft.financing.len()
        ));
    }
}

/// One row of a financing table as a source: its name, amount (or the words in its place),
/// share and explanation.
/// What a lead-in line («Budsjettet for 2026 er finansiert slik (beløp i 1000 kr):»,
/// «Finansieringen for 2027 forutsettes med samme fordeling:») says of the lines after it.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Lead {
    /// The unit of their bare figures («beløp i 1000 kr»).
    pub(super) unit: Option<Decimal>,
    /// They are for another year than the plan's: not its sources.
    pub(super) other_year: bool,
}

impl Lead {
    /// What the line `t` says of the lines after it; nothing unless it ends in «:».
    pub(super) fn of(t: &str, plan_year: Option<i32>) -> Lead {
        let t = t.trim_end_matches('.').trim_end();
        if !t.ends_with(':') {
            return Lead::default();
        }
        let lower = t.to_lowercase();
        let unit = [
            "1000 kr",
            "1 000 kr",
            "tusen kr",
            "1000 kroner",
            "tusen kroner",
        ]
        .iter()
        .any(|w| lower.contains(w))
        .then(|| Decimal::from(1000));
        let other_year = matches!(super::words::years(t)[..], [y] if Some(y) != plan_year);
        Lead { unit, other_year }
    }
}

/// Whether a line has a listed source's shape: a name, «:» and an amount.
pub(super) fn source_shaped(t: &str) -> bool {
    t.split_once(':')
        .is_some_and(|(_, rest)| !amount::in_text(rest).is_empty())
}

fn source_row(cells: &[&Cell], columns: &FinancingColumns) -> Source {
    let get = |c: Option<usize>| {
        c.and_then(|c| cells.get(c))
            .map(|c| text::normalize(&c.text()))
            .filter(|t| !t.is_empty() && !placeholder(t))
    };
    let (name, marker) = without_marker(&get(Some(0)).unwrap_or_default());
    let mut source = Source {
        name,
        marker,
        explanation: get(columns.explanation),
        ..Source::default()
    };
    let amount_text = get(columns.sum);
    match amount_text
        .as_deref()
        .map(|t| amount::read_in(t, columns.unit))
    {
        Some(Some(Stated::Amount(a))) => {
            source.amount = Some(a);
            let written = amount_text.as_deref().unwrap_or_default();
            if columns.unit == Decimal::from(1_000_000) {
                source.comment.push(format!(
                    "«{written}» millioner kroner (teksten over tabellen sier «tall i millioner»)"
                ));
            } else if columns.unit > Decimal::ONE {
                source
                    .comment
                    .push(format!("«{written}» tusen kroner (tabellen er i 1000 kr)"));
            }
            if written.contains('*') {
                source.comment.push(format!(
                    "beløpet er merket med * i dokumentet («{written}»)"
                ));
            }
        }
        Some(_) => source.unknown = amount_text.clone(),
        None => {}
    }
    if let Some(u) = &source.unknown {
        source.comment.push(format!(
            "«{u}» står i dokumentet: beløpet er ikke kjent ennå"
        ));
    }
    source.share = get(columns.share).filter(|s| s.contains('%') || s.parse::<Decimal>().is_ok());
    source
}

/// The share a text gives beside an amount or a name: «(50 %)», «, 50 %».
fn share_in(text: &str) -> Option<String> {
    text.split(['(', ')', ','])
        .map(str::trim)
        .find(|p| p.ends_with('%') && p.len() <= 8)
        .map(str::to_string)
}

/// A sentence's clauses that may each name a source: cut at «, » and «; » (not at a decimal
/// comma) and at « og » where an amount follows («… frå KDD og 1 mill. kroner frå …»; not
/// «Kommunal- og distriktsdepartementet»).
fn source_clauses(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in t.split(", ").flat_map(|p| p.split("; ")) {
        let mut rest = piece;
        let mut from = 0;
        while let Some(i) = rest[from..].find(" og ").map(|i| i + from) {
            let after = rest[i + 4..].trim_start();
            let amount_follows = after.starts_with(|c: char| c.is_ascii_digit())
                || ["kr", "nok"]
                    .iter()
                    .any(|w| after.to_lowercase().starts_with(w));
            if amount_follows {
                out.push(rest[..i].to_string());
                rest = after;
                from = 0;
            } else {
                // «Møre og Romsdal»: part of a name; look on.
                from = i + 4;
            }
        }
        out.push(rest.to_string());
    }
    out
}

/// A source's name without the number of the note it points to («Nordland fylkeskommune
/// 1)»), and that number.
fn without_marker(name: &str) -> (String, Option<String>) {
    let trimmed = name.trim_end();
    if let Some(rest) = trimmed.strip_suffix(')')
        && let Some((before, number)) = rest.rsplit_once(' ')
        && !number.is_empty()
        && number.len() <= 2
        && number.chars().all(|c| c.is_ascii_digit())
    {
        return (before.trim_end().to_string(), Some(number.to_string()));
    }
    (trimmed.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_cut_where_a_source_begins_not_inside_a_name() {
        let clauses = source_clauses(
            "Programmet vert finansiert med 2,25 mill. kr frå KDD (50 %), 1,125 mill. kr frå Møre og Romsdal fylkeskommune (25 %) og 1,125 mill. kr frå Sunnvoll kommune (25 %).",
        );
        assert_eq!(clauses.len(), 3, "{clauses:?}");
        assert!(
            clauses[1].contains("Møre og Romsdal fylkeskommune"),
            "{clauses:?}"
        );
        assert!(
            clauses[2].starts_with("1,125 mill. kr frå Sunnvoll"),
            "{clauses:?}"
        );
    }
}
