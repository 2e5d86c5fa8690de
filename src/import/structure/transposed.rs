//! Strategy tables of the plan's own shape for the structure reader: strategies as columns
//! under their focus areas, and tables that describe strategies read elsewhere.

use super::Reader;
use super::draft::{Area, Draft, Strategy, sum};
use super::tables::{
    area_groups, by_column, cell_markdown, header, money_cell, row_label, table_markdown,
};
use super::words::{money, strategy_label, sum_label};
use crate::import::amount;
use crate::import::amount::Stated;
use crate::import::docx::{Cell, Table};
use crate::import::text;

impl Reader<'_> {
    /// A table of the plan's own with a «Strategi» column whose cells name and describe
    /// strategies («A. **Rekruttering.** Sikre næringslivet …»): remembered, so the strategies
    /// read later get their content. The table itself stays where it is.
    pub(super) fn described_strategies(&mut self, t: &Table) {
        let h = header(t);
        let Some(col) = h.iter().position(|c| c == "strategi" || c == "strategiar") else {
            return;
        };
        for row in t.rows.iter().skip(1) {
            let Some(cell) = by_column(row).get(col).copied() else {
                continue;
            };
            let Some((id, rest, _)) = strategy_label(&cell.text()) else {
                continue;
            };
            if let Some((name, content)) = rest.split_once(". ")
                && !content.trim().is_empty()
            {
                let content = content.trim();
                let content = if content.ends_with(['.', '!', '?']) {
                    content.to_string()
                } else {
                    format!("{content}.")
                };
                self.draft
                    .described
                    .push((id, name.trim().to_string(), content));
            }
        }
    }

    /// The row of a transposed strategy table that names the strategies: at least two of its
    /// cells after the first are strategy labels, and the table has a budget row.
    pub(super) fn transposed(&mut self, t: &Table, strategy_row: usize) {
        let grid: Vec<Vec<&Cell>> = t.rows.iter().map(|r| by_column(r)).collect();
        let groups = area_groups(&t.rows[..strategy_row]);
        let columns = self.strategy_columns(&grid[strategy_row], &groups);
        let mut label = String::new();
        let mut budget_seen = false;
        let mut rest_from = None;
        for (r, row) in t.rows.iter().enumerate().skip(strategy_row + 1) {
            let own = row_label(row);
            if !own.is_empty() {
                label = own; // a row merged down (vMerge) keeps the label above
            }
            if label.starts_with("resultat") {
                rest_from = Some(r);
                break;
            }
            if sum_label(&label) && budget_seen {
                self.transposed_sums(&grid[r], &columns);
                budget_seen = false;
                continue;
            }
            for &(col, area, index) in &columns {
                if let Some(cell) = grid[r].get(col) {
                    let strategy = &mut self.draft.areas[area].strategies[index];
                    budget_seen |= strategy_cell(strategy, &label, cell);
                }
            }
        }
        if let Some(from) = rest_from {
            self.keep_rows(t, strategy_row, from);
        }
        let mut areas: Vec<usize> = columns.iter().map(|c| c.1).collect();
        areas.dedup();
        let names: Vec<String> = areas
            .iter()
            .map(|a| {
                let a = &self.draft.areas[*a];
                format!("«{}» ({})", a.name, a.strategies.len())
            })
            .collect();
        self.draft.found.push(format!(
            "strategitabell med strategiene som kolonner: {}",
            names.join(", ")
        ));
    }

    /// The strategies named in a transposed table's strategy row, each added to the focus area
    /// whose group of columns it stands in: (grid column, area, strategy) for each.
    pub(super) fn strategy_columns(
        &mut self,
        row: &[&Cell],
        groups: &[(std::ops::Range<usize>, String)],
    ) -> Vec<(usize, usize, usize)> {
        let mut columns: Vec<(usize, usize, usize)> = Vec::new();
        for (col, cell) in row.iter().enumerate().skip(1) {
            if col > 0 && std::ptr::eq(row[col - 1], *cell) {
                continue; // the same cell, spanning
            }
            let Some((id, name, content)) = strategy_label(&cell.text()) else {
                continue;
            };
            let Some((_, area_name)) = groups.iter().find(|(range, _)| range.contains(&col)) else {
                self.draft.notes.push(format!(
                    "strategien «{id} {name}» står ikke under noe innsatsområde i tabellen og er ikke tatt med; se over"
                ));
                continue;
            };
            let area = match self.draft.areas.iter().position(|a| &a.name == area_name) {
                Some(a) => a,
                None => {
                    self.draft.areas.push(Area {
                        name: area_name.clone(),
                        ..Area::default()
                    });
                    self.draft.areas.len() - 1
                }
            };
            let strategies = &mut self.draft.areas[area].strategies;
            strategies.push(Strategy {
                id,
                name,
                content,
                ..Strategy::default()
            });
            columns.push((col, area, strategies.len() - 1));
        }
        columns
    }

    /// The rows of a table from `from` on, under its strategy row, as a Markdown table in the
    /// chapter open here: nothing the plan has no field for is lost.
    pub(super) fn keep_rows(&mut self, t: &Table, strategy_row: usize, from: usize) {
        let mut rest = Table {
            rows: vec![t.rows[strategy_row].clone()],
        };
        rest.rows.extend(t.rows[from..].iter().cloned());
        let place = self.section.place();
        self.open_text(place).push(table_markdown(&rest));
        self.draft.notes.push(format!(
            "radene fra «{}» i strategitabellen passer ikke i noe felt og står som tabell i kapittelet ({place})",
            text::normalize(&t.rows[from].first().map(Cell::text).unwrap_or_default())
        ));
    }

    /// The sum row under a transposed table's budgets: each area's cell is checked against
    /// its strategies' budgets.
    pub(super) fn transposed_sums(&mut self, cells: &[&Cell], columns: &[(usize, usize, usize)]) {
        let mut seen = Vec::new();
        for (col, area, _) in columns {
            if seen.contains(area) {
                continue;
            }
            seen.push(*area);
            let Some(Stated::Amount(stated)) =
                cells.get(*col).and_then(|c| amount::read(&c.text()))
            else {
                continue;
            };
            let a = &self.draft.areas[*area];
            let sum = sum(a.strategies.iter().filter_map(|s| s.budget));
            if a.strategies.iter().any(|s| s.budget.is_some()) && sum != stated {
                let note = format!(
                    "summen for «{}» i strategitabellen sier {}, men strategiene summerer til {}; planen bruker strategiene — se over",
                    a.name,
                    money(stated),
                    money(sum)
                );
                self.draft.notes.push(note);
            }
        }
    }
}

/// One cell of a transposed strategy table into its strategy, by the row's label: measures
/// (several rows become a list), goal, or budget. True when it was the budget row.
pub(super) fn strategy_cell(strategy: &mut Strategy, label: &str, cell: &Cell) -> bool {
    if label.starts_with("tiltak") || label.starts_with("prosjekter") {
        if let Some(md) = cell_markdown(cell) {
            strategy.measures = Some(match strategy.measures.take() {
                Some(m) if m.starts_with("- ") => format!("{m}\n- {md}"),
                Some(m) => format!("- {m}\n- {md}"),
                None => md,
            });
        }
    } else if label.starts_with("delmål") || label.contains("prosjektmål") {
        strategy.goal = cell_markdown(cell);
    } else if label.starts_with("buds") || label.starts_with("ramme") {
        let (stated, note) = money_cell(&cell.text());
        if let Some(Stated::Amount(a)) = stated {
            strategy.budget = Some(a);
        }
        strategy.note = note;
        return true;
    }
    false
}

/// Strategies without content get it from a table of the plan's own that describes them, by
/// their id (unique in a plan); a different name there is told.
pub(super) fn describe_strategies(d: &mut Draft) {
    let key = |id: &str| id.trim_end_matches(['.', ':', ')']).to_lowercase();
    let mut guesses = Vec::new();
    for (i, area) in d.areas.iter_mut().enumerate() {
        for (j, s) in area.strategies.iter_mut().enumerate() {
            if s.content.is_some() {
                continue;
            }
            let Some((id, name, content)) =
                d.described.iter().find(|(id, _, _)| key(id) == key(&s.id))
            else {
                continue;
            };
            s.content = Some(content.clone());
            let same = name.to_lowercase() == s.name.to_lowercase();
            guesses.push((
                format!("innsatsområder[{i}].strategier[{j}].innhold"),
                if same {
                    format!("fra tabellen som beskriver strategiene («{id} {name}»)")
                } else {
                    format!(
                        "fra tabellen som beskriver strategiene, der strategien {id} heter «{name}»; se at det er den samme"
                    )
                },
            ));
        }
    }
    for (path, text) in guesses {
        d.guess(&path, text);
    }
}
