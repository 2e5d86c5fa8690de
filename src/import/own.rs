//! A DOCX this tool wrote, for `import`: the plan it carries (or the plan file given with
//! `--onto`) is rendered again and compared with the document paragraph by paragraph; each
//! paragraph or figure the user changed is traced to the one plan value it was made from and
//! changed there, in the value's own style, so the rest of the file stays as it was.

use super::amount::{self, Stated};
use super::docx::{Block, Para, Run};
use super::text::{self, Piece};
use crate::plan::edit::{self, Value};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;

/// A paragraph of the document, where it stands.
#[derive(Debug, Clone)]
pub struct Unit {
    pub runs: Vec<Run>,
    /// The text as compared ([`text::normalize`]).
    pub norm: String,
    /// In a table: the row's first cell and the column's heading.
    pub cell: Option<CellAt>,
}

#[derive(Debug, Clone)]
pub struct CellAt {
    pub row: String,
    pub column: String,
}

/// The document's paragraphs in order, table cells included.
pub fn units(blocks: &[Block]) -> Vec<Unit> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => push(&mut out, p, None),
            Block::Table(t) => {
                let header = t.rows.first().map(|r| grid(r)).unwrap_or_default();
                for row in &t.rows {
                    let label = row.first().map(|c| text::normalize(&c.text()));
                    let mut column = 0;
                    for cell in row {
                        let at = CellAt {
                            row: label.clone().unwrap_or_default(),
                            column: header.get(column).cloned().unwrap_or_default(),
                        };
                        for p in &cell.paras {
                            push(&mut out, p, Some(at.clone()));
                        }
                        column += cell.span;
                    }
                }
            }
        }
    }
    out
}

/// A row's text per grid column (a spanning cell stands in each column it spans).
fn grid(row: &[super::docx::Cell]) -> Vec<String> {
    row.iter()
        .flat_map(|c| std::iter::repeat_n(text::normalize(&c.text()), c.span))
        .collect()
}

fn push(out: &mut Vec<Unit>, p: &Para, cell: Option<CellAt>) {
    let runs = normalized_runs(&p.runs);
    let norm: String = runs.iter().map(|r| r.text.as_str()).collect();
    if !norm.is_empty() {
        out.push(Unit { runs, norm, cell });
    }
}

/// The runs with their text normalised as [`text::normalize`] does to the whole paragraph,
/// each character keeping its run's look.
fn normalized_runs(runs: &[Run]) -> Vec<Run> {
    let chars = text::normalize_marked(
        runs.iter()
            .enumerate()
            .flat_map(|(i, r)| r.text.chars().map(move |c| (c, i))),
    );
    let mut out: Vec<Run> = Vec::new();
    let mut last = usize::MAX;
    for (c, i) in chars {
        if i != last {
            out.push(Run {
                text: String::new(),
                ..runs[i].clone()
            });
            last = i;
        }
        if let Some(r) = out.last_mut() {
            r.text.push(c);
        }
    }
    out
}

/// How the edited document's paragraphs line up with the rendered ones.
#[derive(Debug, PartialEq)]
enum Op {
    Same,
    /// Paragraphs of the rendered document that stand as other paragraphs in the edited one.
    Changed(Range<usize>, Range<usize>),
}

/// How many items at the start and, after those, at the end the two lists have alike.
pub(super) fn same_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// The longest common subsequence of the two lists of texts, as the runs between matches.
fn align(a: &[String], b: &[String]) -> Vec<Op> {
    let (prefix, suffix) = same_ends(a, b);
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let (n, m) = (a_mid.len(), b_mid.len());
    let mut ops = Vec::new();
    if n == 0 && m == 0 {
        return vec![Op::Same];
    }
    if n.saturating_mul(m) > 16_000_000 {
        // Too different to line up paragraph by paragraph: one change.
        ops.push(Op::Changed(prefix..prefix + n, prefix..prefix + m));
        return ops;
    }
    // lcs[i][j]: the common length of a_mid[i..] and b_mid[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a_mid[i] == b_mid[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut from_i, mut from_j) = (0, 0);
    let flush = |i: usize, j: usize, from_i: usize, from_j: usize, ops: &mut Vec<Op>| {
        if i > from_i || j > from_j {
            ops.push(Op::Changed(
                prefix + from_i..prefix + i,
                prefix + from_j..prefix + j,
            ));
        }
    };
    while i < n || j < m {
        if i < n && j < m && a_mid[i] == b_mid[j] {
            flush(i, j, from_i, from_j, &mut ops);
            i += 1;
            j += 1;
            from_i = i;
            from_j = j;
        } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    flush(i, j, from_i, from_j, &mut ops);
    ops
}

/// One plan value to change: the whole value before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueEdit {
    pub path: String,
    pub before: String,
    pub after: String,
    /// The figure before and after, when the value is an amount.
    pub figure: Option<(Decimal, Decimal)>,
}

/// What the comparison found: the values to change, and the changes it could not trace to
/// one value (each a sentence for the user).
#[derive(Debug, Default)]
pub struct Found {
    pub edits: Vec<ValueEdit>,
    pub untraced: Vec<String>,
}

const AMOUNT_KEYS: [&str; 4] = ["budsjett", "innvilget", "beløp", "foreløpig"];

/// A short quotation of a paragraph for messages.
pub fn quote(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 70 {
        format!("«{text}»")
    } else {
        format!("«{}…»", chars[..67].iter().collect::<String>())
    }
}

/// Compares the rendered plan's paragraphs with the edited document's and traces each change
/// to a value of the plan text `base`.
pub fn compare(base: &str, rendered: &[Unit], edited: &[Unit]) -> Found {
    let scalars = edit::values(base);
    let pieces: Vec<Vec<Piece>> = scalars.iter().map(|s| text::pieces(&s.value)).collect();
    let a: Vec<String> = rendered.iter().map(|u| u.norm.clone()).collect();
    let b: Vec<String> = edited.iter().map(|u| u.norm.clone()).collect();
    let mut found = Found::default();
    let mut traced = Traced::default();
    for op in align(&a, &b) {
        let Op::Changed(old, new) = op else { continue };
        let pairs = old.len().min(new.len());
        for k in 0..pairs {
            let (o, n) = (&rendered[old.start + k], &edited[new.start + k]);
            if let Err(why) = traced.trace(&scalars, &pieces, o, n) {
                found.untraced.push(why);
            }
        }
        for u in &rendered[old.start + pairs..old.end] {
            found.untraced.push(format!(
                "avsnittet {} er tatt bort i dokumentet; ta det bort i planfilen om det skal bort",
                quote(&u.norm)
            ));
        }
        for u in &edited[new.start + pairs..new.end] {
            found.untraced.push(format!(
                "avsnittet {} er lagt til i dokumentet; skriv det inn i planfilen der det hører hjemme",
                quote(&u.norm)
            ));
        }
    }
    found.edits = traced.edits(&scalars);
    found
}

/// The changes traced to values so far: per value, the pieces of its text replaced (range in
/// the value, new Markdown), or its new figure.
#[derive(Default)]
struct Traced {
    texts: BTreeMap<usize, Vec<(Range<usize>, String)>>,
    figures: BTreeMap<usize, Decimal>,
}

impl Traced {
    /// Traces one changed paragraph (a figure cell or a text) to the value it was made from.
    fn trace(
        &mut self,
        scalars: &[Value],
        pieces: &[Vec<Piece>],
        old: &Unit,
        new: &Unit,
    ) -> Result<(), String> {
        if let Some((index, amount)) = trace_figure(scalars, old, new) {
            self.figures.insert(index?, amount);
            return Ok(());
        }
        let (i, range, markdown) = trace_text(scalars, pieces, old, new)?;
        self.texts.entry(i).or_default().push((range, markdown));
        Ok(())
    }

    /// Each traced value's edit.
    fn edits(self, scalars: &[Value]) -> Vec<ValueEdit> {
        let mut out = Vec::new();
        for (i, mut replaced) in self.texts {
            let s = &scalars[i];
            replaced.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            let mut after = s.value.clone();
            for (range, markdown) in replaced {
                after.replace_range(range, &markdown);
            }
            out.push(ValueEdit {
                path: s.path.clone(),
                before: s.value.clone(),
                after,
                figure: None,
            });
        }
        for (i, amount) in self.figures {
            let s = &scalars[i];
            let before = crate::plan::scalar::parse_norwegian_amount(&s.value).unwrap_or_default();
            out.push(ValueEdit {
                path: s.path.clone(),
                before: s.value.clone(),
                after: figure_text(amount),
                figure: Some((before, amount)),
            });
        }
        out
    }
}

/// An amount as a plan writes it: `500000`, or `"12 500,50"` with øre.
fn figure_text(amount: Decimal) -> String {
    let n = amount.normalize();
    if n.scale() == 0 {
        n.to_string()
    } else {
        crate::format::amount(amount).replace(['\u{a0}', '\u{202f}'], " ")
    }
}

/// The amount value a changed figure cell was made from: among the plan's amounts equal to the
/// old figure, the one whose owner (strategy, source, administration) names the row and
/// whose key the column heading names. `None` when the cells are not figures.
#[allow(clippy::type_complexity)]
fn trace_figure(
    scalars: &[Value],
    old: &Unit,
    new: &Unit,
) -> Option<(Result<usize, String>, Decimal)> {
    let cell = old.cell.as_ref()?;
    let (Some(Stated::Amount(before)), Some(after)) =
        (amount::read(&old.norm), amount::read(&new.norm))
    else {
        return None;
    };
    let change = format!("{} → {}", quote(&old.norm), quote(&new.norm));
    let Stated::Amount(after) = after else {
        return Some((
            Err(format!(
                "{change} i raden {}: et tall som ikke er oppgitt, skrives ved å ta verdien bort i planfilen",
                quote(&cell.row)
            )),
            before,
        ));
    };
    let row = cell.row.to_lowercase();
    let candidates: Vec<usize> = scalars
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let key = s.path.rsplit('.').next().unwrap_or("");
            AMOUNT_KEYS.contains(&key)
                && crate::plan::scalar::parse_norwegian_amount(&s.value).ok() == Some(before)
                && owns_row(scalars, s, &row)
        })
        .map(|(i, _)| i)
        .collect();
    let granted_column = cell.column.to_lowercase().contains("innvilg");
    let place = format!("{change} i raden {}", quote(&cell.row));
    Some((one_of(scalars, &candidates, granted_column, &place), after))
}

/// Whether the value `s` belongs to the table row `row` (in lower case): the row names its
/// item (by name, source or identifier) or its section (administration, the programme's own
/// effort).
fn owns_row(scalars: &[Value], s: &Value, row: &str) -> bool {
    let mut parent = s.path.rsplit_once('.').map_or("", |(p, _)| p);
    if s.path.ends_with(".foreløpig") {
        parent = parent.rsplit_once('.').map_or("", |(p, _)| p);
    }
    let named = |key: &str| {
        scalars
            .iter()
            .find(|o| o.path == format!("{parent}.{key}"))
            .map(|o| o.value.to_lowercase())
    };
    let by_name = ["navn", "kilde"]
        .iter()
        .filter_map(|k| named(k))
        .any(|n| n.chars().count() >= 2 && row.contains(&n));
    let by_id = ["bokstav", "id"].iter().filter_map(|k| named(k)).any(|id| {
        let id = id.trim_end_matches('.');
        row.starts_with(&format!("{id}:")) || row.starts_with(&format!("{id}."))
    });
    let by_key = (parent == "administrasjon" && row.contains("administr"))
        || (parent == "programmets_ressursinnsats" && row.contains("ressursinnsats"));
    by_name || by_id || by_key
}

/// The one value among `candidates` a cell was made from: a granted amount in the granted
/// column, another elsewhere; none (the cell is computed) or several, said with `place`.
fn one_of(
    scalars: &[Value],
    candidates: &[usize],
    granted_column: bool,
    place: &str,
) -> Result<usize, String> {
    let fitting: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| scalars[i].path.ends_with(".innvilget") == granted_column)
        .collect();
    match (fitting.as_slice(), candidates) {
        ([one], _) | ([], [one]) => Ok(*one),
        (_, []) => Err(format!(
            "{place}: tallet er regnet ut av planen (en sum eller en andel), ikke skrevet i den; endre tallene det er regnet av"
        )),
        _ => Err(format!(
            "{place}: flere tall i planen kan ha gitt denne cellen; endre det riktige i planfilen"
        )),
    }
}

/// The text value a changed paragraph was made from: the value with a paragraph that reads as
/// the old one, whole or inside a label around it that the edit kept.
fn trace_text(
    scalars: &[Value],
    pieces: &[Vec<Piece>],
    old: &Unit,
    new: &Unit,
) -> Result<(usize, Range<usize>, String), String> {
    let change = format!("{} → {}", quote(&old.norm), quote(&new.norm));
    let mut best: Vec<(usize, usize, usize, usize)> = Vec::new(); // (value, piece, prefix, suffix)
    let mut best_len = 0;
    for (i, ps) in pieces.iter().enumerate() {
        for (j, p) in ps.iter().enumerate() {
            let len = p.plain.chars().count();
            if len < best_len || (len < 3 && p.plain != old.norm) {
                continue;
            }
            let Some(at) = old.norm.find(&p.plain) else {
                continue;
            };
            let (before, after) = (&old.norm[..at], &old.norm[at + p.plain.len()..]);
            if !(new.norm.starts_with(before)
                && new.norm.ends_with(after)
                && new.norm.len() >= before.len() + after.len())
            {
                continue;
            }
            if len > best_len {
                best.clear();
                best_len = len;
            }
            best.push((i, j, before.chars().count(), after.chars().count()));
        }
    }
    let values: std::collections::BTreeSet<&str> =
        best.iter().map(|b| scalars[b.0].path.as_str()).collect();
    match (best.first(), values.len()) {
        (None, _) => Err(format!(
            "{change}: teksten kommer fra malen, ikke fra en verdi i planen; skriv den inn i planfilen (f.eks. under `tekster:`) om den skal stå"
        )),
        (Some(&(i, j, prefix, suffix)), 1) => {
            let runs = text::cut(&new.runs, prefix, suffix);
            let markdown = text::markdown(&runs).trim().to_string();
            Ok((i, pieces[i][j].range.clone(), markdown))
        }
        _ => Err(format!(
            "{change}: teksten står i flere verdier i planen ({}); endre den riktige i planfilen",
            values.into_iter().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A value edit carried out in a plan text.
#[derive(Debug, Clone)]
pub struct Applied {
    pub path: String,
    pub line: usize,
    pub before: String,
    pub after: String,
    pub figure: Option<(Decimal, Decimal)>,
}

/// Makes the edits in `target` (the plan file's text): each value found by its path and
/// changed when it still reads as it did in the document's plan. Gives the new text, what
/// was changed, and why an edit was left out.
pub fn apply(target: &str, edits: &[ValueEdit]) -> (String, Vec<Applied>, Vec<String>) {
    let scalars = edit::values(target);
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    let mut applied = Vec::new();
    let mut notes = Vec::new();
    for e in edits {
        let s = match value_to_change(&scalars, e) {
            Ok(s) => s,
            Err(note) => {
                notes.push(note);
                continue;
            }
        };
        let written = match e.figure {
            // A figure keeps its spelling: `500000` plain, `"500 000"` quoted.
            Some((_, after)) if s.style != edit::Style::Plain => {
                format!(
                    "\"{}\"",
                    crate::format::plain(&crate::format::amount(after))
                )
            }
            Some(_) => e.after.clone(),
            None => edit::written(target, s, &e.after),
        };
        replacements.push((s.range.clone(), written));
        applied.push(Applied {
            path: e.path.clone(),
            line: s.line,
            before: e.before.clone(),
            after: e.after.clone(),
            figure: e.figure,
        });
    }
    replacements.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut text = target.to_string();
    for (range, new) in replacements {
        text.replace_range(range, &new);
    }
    (text, applied, notes)
}

/// The value of the plan file an edit changes: there, read as it was in the document's plan,
/// and written in one place only; else why the edit is left out.
fn value_to_change<'v>(scalars: &'v [Value], e: &ValueEdit) -> Result<&'v Value, String> {
    let Some(s) = scalars.iter().find(|s| s.path == e.path) else {
        return Err(format!(
            "{}: står ikke i planfilen; endringen {} → {} er ikke ført inn",
            e.path,
            quote(&e.before),
            quote(&e.after)
        ));
    };
    if s.shared {
        return Err(format!(
            "{} (linje {}): verdien står én gang i planfilen, men brukes flere steder (et \
             YAML-anker, «&navn» og «*navn»), så endringen til {} ville gjelde alle stedene; \
             den er ikke ført inn: gjør endringen i planfilen der den skal gjelde",
            e.path,
            s.line,
            quote(&e.after)
        ));
    }
    if s.value != e.before {
        return Err(format!(
            "{} (linje {}): er endret i planfilen siden dokumentet ble laget; dokumentets endring til {} er ikke ført inn",
            e.path,
            s.line,
            quote(&e.after)
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str, cell: Option<(&str, &str)>) -> Unit {
        let runs = vec![Run {
            text: text.into(),
            ..Run::default()
        }];
        Unit {
            norm: text::normalize(text),
            runs,
            cell: cell.map(|(row, column)| CellAt {
                row: row.into(),
                column: column.into(),
            }),
        }
    }

    const PLAN: &str = "# Planen\ninnsatsområder:\n  - navn: Mat   # område\n    beskrivelse: |\n      Første avsnitt.\n\n      Andre **fete** avsnitt.\n    resultatmål: Fire nye\n    strategier:\n      - { bokstav: A, navn: Proaktivt, budsjett: 500000 }\n      - { bokstav: B, navn: Kultur, budsjett: 500000 }\nadministrasjon: { beløp: \"2 490 000\" }\n";

    fn rendered() -> Vec<Unit> {
        vec![
            unit("Mat", None),
            unit("Første avsnitt.", None),
            unit("Andre fete avsnitt.", None),
            unit("Resultatmål: Fire nye", None),
            unit("A: Proaktivt", Some(("A: Proaktivt", "Strategi"))),
            unit("500 000", Some(("A: Proaktivt", "Budsjett"))),
            unit("B: Kultur", Some(("B: Kultur", "Strategi"))),
            unit("500 000", Some(("B: Kultur", "Budsjett"))),
            unit("1 000 000", Some(("Sum innsatsområde", "Budsjett"))),
        ]
    }

    #[test]
    fn an_edited_paragraph_and_an_edited_budget_change_those_two_values_only() {
        let mut edited = rendered();
        edited[2] = unit("Andre fete avsnitt, skrevet om.", None);
        edited[2].runs = vec![
            Run {
                text: "Andre ".into(),
                ..Run::default()
            },
            Run {
                text: "fete".into(),
                bold: true,
                ..Run::default()
            },
            Run {
                text: " avsnitt, skrevet om.".into(),
                ..Run::default()
            },
        ];
        edited[3] = unit("Resultatmål: Fem nye", None);
        edited[7] = unit("kr 650 000,-", Some(("B: Kultur", "Budsjett")));
        let found = compare(PLAN, &rendered(), &edited);
        assert!(found.untraced.is_empty(), "{:?}", found.untraced);
        let (text, applied, notes) = apply(PLAN, &found.edits);
        assert!(notes.is_empty());
        assert_eq!(applied.len(), 3);
        assert!(text.contains("      Andre **fete** avsnitt, skrevet om.\n"));
        assert!(text.contains("    resultatmål: Fem nye\n"));
        assert!(text.contains("{ bokstav: B, navn: Kultur, budsjett: 650000 }"));
        assert!(text.contains("{ bokstav: A, navn: Proaktivt, budsjett: 500000 }"));
        assert!(text.contains("# Planen\n") && text.contains("navn: Mat   # område"));
    }

    #[test]
    fn a_changed_sum_or_template_text_is_reported_not_taken() {
        let mut edited = rendered();
        edited[8] = unit("1 100 000", Some(("Sum innsatsområde", "Budsjett")));
        edited.insert(0, unit("Et nytt avsnitt fra styret.", None));
        let found = compare(PLAN, &rendered(), &edited);
        assert!(found.edits.is_empty());
        assert_eq!(found.untraced.len(), 2, "{:?}", found.untraced);
        assert!(found.untraced[0].contains("lagt til"));
        assert!(found.untraced[1].contains("regnet ut"));
    }

    #[test]
    fn nothing_changed_is_no_edit() {
        let found = compare(PLAN, &rendered(), &rendered());
        assert!(found.edits.is_empty() && found.untraced.is_empty());
    }

    #[test]
    fn a_value_written_once_and_used_in_several_places_is_not_changed_through_one_of_them() {
        let plan = "strategier: &felles\n  - { bokstav: A, budsjett: 500000 }\nandre: *felles\n";
        let edit = ValueEdit {
            path: "andre[0].budsjett".into(),
            before: "500000".into(),
            after: "600000".into(),
            figure: Some((Decimal::from(500000), Decimal::from(600000))),
        };
        let (text, applied, notes) = apply(plan, &[edit]);
        assert_eq!(text, plan);
        assert!(applied.is_empty());
        assert!(notes[0].contains("brukes flere steder"), "{notes:?}");
        // The anchored value itself is shared too.
        let edit = ValueEdit {
            path: "strategier[0].budsjett".into(),
            before: "500000".into(),
            after: "600000".into(),
            figure: Some((Decimal::from(500000), Decimal::from(600000))),
        };
        let (text, _, notes) = apply(plan, &[edit]);
        assert_eq!(text, plan);
        assert!(notes[0].contains("YAML-anker"), "{notes:?}");
    }
}
