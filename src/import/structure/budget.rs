//! Section 3.1 for the structure reader: the resource table, or a budget table by focus area
//! in its place.

use super::Reader;
use super::draft::{Area, Source, Strategy, area_budget, funds_beside, strategies_applicable, sum};
use super::facts::{found_in, split_sentences};
use super::tables::{by_column, column, header, header_word, is_admin};
use super::words::{bare, money, strategy_label, sum_label};
use crate::import::amount;
use crate::import::amount::Stated;
use crate::import::docx::{Block, Cell, Table};
use crate::import::text;
use rust_decimal::Decimal;

impl Reader<'_> {
    /// A sentence of the budget section that states the administration's budget
    /// («Administrasjon: 1 100 000», «Administrasjon og programledelse er budsjettert med NOK
    /// 1 mill.»), when no table gave it: the amount, with where it was found.
    pub(super) fn stated_administration(&mut self, t: &str) {
        if self.draft.administration.is_some() {
            return;
        }
        for sentence in split_sentences(t) {
            let lower = sentence.to_lowercase();
            // «Administrasjon:», «Administrasjon og programledelse er budsjettert med …», not
            // «Administrasjonskommunen bidrar med …».
            let about = [
                "administrasjon",
                "administrative kostnader",
                "drift av programmet",
                "programledelse",
            ]
            .iter()
            .any(|w| {
                lower
                    .strip_prefix(w)
                    .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
            });
            // «Administrasjon: 1 100 000»: a label's whole value is an amount without its unit.
            let amounts = amount::after_label(&sentence)
                .map_or_else(|| amount::in_text(&sentence), |a| vec![a]);
            if about && amounts.len() == 1 {
                self.draft.administration = amounts.first().copied();
                self.draft
                    .guess("administrasjon.beløp", found_in(&sentence));
                return;
            }
        }
    }

    pub(super) fn effort(&mut self, t: &Table, unit: Decimal) {
        let h = header(t);
        let effort = column(&h, &["ressursinnsats"]);
        let costs = column(&h, &["prosjektkostnader"]);
        let funds = column(&h, &["søkbar"]);
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let label = cells
                .first()
                .map(|c| text::normalize(&c.text()))
                .unwrap_or_default();
            let lower = label.to_lowercase();
            if is_admin(&lower) {
                let value = cells.iter().rev().find_map(|c| figure(c, unit));
                self.draft.administration = value;
                self.draft.guesses.remove("administrasjon.beløp");
                continue;
            }
            let figure_in =
                |c: Option<usize>| c.and_then(|c| cells.get(c)).and_then(|c| figure(c, unit));
            let key = bare(&label).to_lowercase();
            let Some(i) = self
                .draft
                .areas
                .iter()
                .position(|a| bare(&a.name).to_lowercase() == key)
            else {
                continue;
            };
            // The area's project costs and søkbare midler, against what its strategies give.
            if let Some(costs) = figure_in(costs) {
                let applicable = figure_in(funds).filter(|a| !a.is_zero());
                if let Some(total) = costs.checked_add(applicable.unwrap_or_default()) {
                    self.stated_area_budget(&label, total, applicable);
                }
            }
            if let Some(a) = figure_in(effort)
                && !a.is_zero()
            {
                self.draft.areas[i].effort = Some(a);
            }
        }
        self.draft
            .found
            .push("tabell 3.1: ressursinnsats og administrasjon".into());
    }

    /// The unit of a table's bare figures, by what its header or the two paragraphs (or
    /// headings) above it say: «(1000 kr)», «tal i heile tusen kroner» → 1000; «tall i
    /// millioner» → 1 000 000; else kroner.
    pub(super) fn table_unit(&self, t: &Table, i: usize) -> Decimal {
        // The text above the table up to its heading («3.1 Ressursinnsats (i 1000 kr)»).
        let mut above = Vec::new();
        for b in self.blocks[..i].iter().rev().take(6) {
            match b {
                Block::Para(p) => {
                    above.push(p.text());
                    if p.heading.is_some() && above.len() >= 2 {
                        break;
                    }
                }
                // A unit stated over another table is that table's («tall i millioner» over
                // one table of Hallingdal's, kroner in the next).
                Block::Table(_) => break,
            }
        }
        let above = above.into_iter();
        let texts: Vec<String> = above.chain(header(t)).map(|t| t.to_lowercase()).collect();
        let says = |words: &[&str]| texts.iter().any(|t| words.iter().any(|w| t.contains(w)));
        if says(&[
            "1000 kr",
            "1 000 kr",
            "tusen kr",
            "i tusen",
            "heile tusen",
            "hele tusen",
        ]) {
            Decimal::from(1000)
        } else if says(&[
            "i millioner",
            "i millionar",
            "millionar kroner",
            "mill. kroner",
            "i mill.",
            "mill. kr",
            "mill kr",
            "millioner kroner",
            "mnok",
        ]) {
            Decimal::from(1_000_000)
        } else {
            Decimal::ONE
        }
    }

    /// A budget table in place of table 3.1: rows by focus area (or by area and strategy,
    /// the area's cell merged down over its strategies), the administration and the
    /// programme's own work; a section of income rows («Inntekter») is the financing when
    /// the plan has no financing table. Sum rows are checked. `unit`: its figures' unit.
    pub(super) fn budget(&mut self, t: &Table, unit: Decimal) {
        let h = header(t);
        let year = self.year_column(&h, "budsjettabellen");
        if year == Some(None) {
            // Kept as the document has it: its figures are for other years.
            let place = self.section.place();
            self.open_text(place).push(super::tables::table_markdown(t));
            return;
        }
        let columns = BudgetColumns::of(&h, year.flatten());
        // The areas whose strategies this table is the first to give: its rows are them.
        let listed_here: Vec<bool> = self
            .draft
            .areas
            .iter()
            .map(|a| a.strategies.is_empty())
            .collect();
        let mut income = false;
        let mut area_label = String::new();
        for row in t.rows.iter().skip(1) {
            let cells = by_column(row);
            let label = cell_text(&cells, Some(0));
            let lower = label.to_lowercase();
            let Some(value) = columns.amount(&cells, unit) else {
                // A section row («Inntekter», «Ressursbruk») or a row without a figure.
                if ["inntekt", "finansiering"]
                    .iter()
                    .any(|w| lower.starts_with(w))
                {
                    income = true;
                } else if ["ressursbruk", "kostnad", "utgift"]
                    .iter()
                    .any(|w| lower.starts_with(w))
                {
                    income = false;
                }
                continue;
            };
            if !label.is_empty() {
                area_label = label.clone();
            }
            let applicable = columns.applicable(&cells, unit);
            // The strategy's own cell, not the label's merged over it.
            let strategy = columns
                .strategy
                .filter(|c| cells.get(*c).is_some_and(|s| !std::ptr::eq(*s, cells[0])))
                .map(|c| cell_text(&cells, Some(c)));
            // «– av dette søkbare midlar», «herav søkbare»: a part of the row above, no cost
            // of its own.
            let part = lower.trim_start_matches(['–', '-', ' ']);
            if ["herav", "derav", "av dette", "av det "]
                .iter()
                .any(|w| part.starts_with(w))
            {
                self.draft.notes.push(format!(
                    "raden «{label}» ({}) i budsjettabellen er en del av raden over, ikke en kostnad i tillegg; den står ikke i planen — se over",
                    money(value)
                ));
            } else if sum_label(&lower) {
                self.budget_sum(&label, value);
            } else if income {
                self.income_row(&label, value);
            } else if is_admin(&lower) {
                // «Administrasjon | Programleder, styre, kontor | 1,1 mill.»
                self.cost_row(&label, value, applicable);
            } else if let Some(strategy) = strategy.filter(|s| !s.is_empty()) {
                if sum_label(&strategy.to_lowercase()) {
                    // «Landbruk | Sum landbruk og foredling | 0,7 mill. | 0,35 mill.»
                    self.area_sum_row(&area_label, &strategy, (value, applicable));
                } else {
                    self.stated_strategy_budget(
                        &area_label,
                        &strategy,
                        (value, applicable),
                        &listed_here,
                    );
                }
            } else {
                self.cost_row(&label, value, applicable);
            }
        }
        self.draft
            .found
            .push("budsjettabellen: innsatsområdene, administrasjonen og prosjektarbeidet".into());
    }

    /// A cost row of a budget table: the administration, the programme's own work, or a
    /// focus area's figure.
    fn cost_row(&mut self, label: &str, value: Decimal, applicable: Option<Decimal>) {
        let lower = label.to_lowercase();
        if is_admin(&lower) {
            self.draft.administration = Some(value);
            self.draft.guesses.remove("administrasjon.beløp");
        } else if lower.starts_with("prosjektledelse")
            || lower.starts_with("prosjektarbeid")
            || lower.starts_with("programmets ressursinnsats")
        {
            self.draft.programme_effort = Some((label.to_string(), value));
        } else if self.area_index(label).is_some() {
            self.stated_area_budget(label, value, applicable);
        } else {
            // A cost of the budget beside the areas («Kommunikasjon og forankring»).
            self.draft.other_costs.push((label.to_string(), value));
            self.draft.notes.push(format!(
                "raden «{label}» ({}) i budsjettabellen er verken et innsatsområde eller administrasjonen og står i `andre_kostnader`; se over",
                money(value)
            ));
        }
    }

    /// A sum row of a budget table: «Sum innsatsområde(r)» against the areas' sums.
    fn budget_sum(&mut self, label: &str, value: Decimal) {
        if !label.to_lowercase().contains("innsatsområd") {
            return;
        }
        let computed = sum(self.draft.areas.iter().filter_map(area_sum));
        if computed != value {
            self.draft.notes.push(format!(
                "raden «{label}» i budsjettabellen sier {}, men innsatsområdene summerer til {}; planen bruker innsatsområdene — se over",
                money(value),
                money(computed)
            ));
        }
    }

    /// An income row of a budget table: a financing source, when the plan has no financing
    /// table of its own.
    fn income_row(&mut self, label: &str, value: Decimal) {
        if self.draft.financing.iter().any(|s| s.name == label) {
            return;
        }
        self.draft.financing.push(Source {
            name: label.to_string(),
            amount: Some(value),
            comment: vec!["fra inntektene i budsjettabellen".into()],
            ..Source::default()
        });
    }

    /// A strategy's figures in a budget table by area and strategy (its budget, and the
    /// søkbare midler of it when the table has a column for them): each when its own table
    /// gave none, else checked against it.
    fn stated_strategy_budget(
        &mut self,
        area_label: &str,
        strategy: &str,
        (value, applicable): (Decimal, Option<Decimal>),
        listed_here: &[bool],
    ) {
        let Some(i) = self.area_index(area_label) else {
            self.draft.notes.push(format!(
                "raden «{strategy}» ({}) i budsjettabellen står under «{area_label}», som ikke er et innsatsområde i planen; se over",
                money(value)
            ));
            return;
        };
        let key = |id: &str| id.trim_end_matches(['.', ':', ')']).to_lowercase();
        let (id, name) = match strategy_label(strategy) {
            Some((id, name, _)) => (key(&id), name.to_lowercase()),
            None => (String::new(), strategy.to_lowercase()),
        };
        let area = &mut self.draft.areas[i];
        let found = area
            .strategies
            .iter()
            .position(|s| !id.is_empty() && key(&s.id) == id || s.name.to_lowercase() == name);
        let Some(j) = found else {
            // An area whose strategies stand only in this table: the row is one of them.
            if listed_here.get(i) == Some(&true) {
                area.strategies.push(Strategy {
                    name: strategy.to_string(),
                    budget: Some(value),
                    applicable,
                    ..Strategy::default()
                });
                let j = area.strategies.len() - 1;
                self.draft.guess(
                    &format!("innsatsområder[{i}].strategier[{j}].navn"),
                    format!("fra budsjettabellen, der strategiene står under «{area_label}»"),
                );
                return;
            }
            let note = format!(
                "strategien «{strategy}» ({}) i budsjettabellen finnes ikke under «{}»; se over",
                money(value),
                area.name
            );
            self.draft.notes.push(note);
            return;
        };
        if area.strategies[j].applicable.is_none() {
            area.strategies[j].applicable = applicable;
        }
        match area.strategies[j].budget {
            None => {
                area.strategies[j].budget = Some(value);
                self.draft.guess(
                    &format!("innsatsområder[{i}].strategier[{j}].innhold"),
                    format!("budsjettet fra budsjettabellen («{strategy}»)"),
                );
            }
            Some(own) if own != value => self.draft.notes.push(format!(
                "budsjettabellen sier {} for «{strategy}», men strategitabellen gir {}; planen bruker strategitabellen — se over",
                money(value),
                money(own)
            )),
            Some(_) => {}
        }
    }

    /// An area's sum row in a budget table by area and strategy («Sum landbruk og foredling |
    /// 0,7 mill. | herav søkbare 0,35 mill.»): checked against the area's strategies; søkbare
    /// midler that the strategies' budgets hold, but that the table gives for the area only,
    /// stay in the area's text, said so (the plan cannot tell which strategy holds them).
    fn area_sum_row(
        &mut self,
        area_label: &str,
        row: &str,
        (value, applicable): (Decimal, Option<Decimal>),
    ) {
        let Some(i) = self.area_index(area_label) else {
            return;
        };
        let area = &mut self.draft.areas[i];
        let own = area_sum(area);
        if own != Some(value) {
            self.draft.notes.push(format!(
                "raden «{row}» i budsjettabellen sier {}, men strategiene i «{}» er til sammen {}; se over",
                money(value),
                area.name,
                own.map_or("ikke oppgitt".to_string(), money)
            ));
        }
        if let Some(funds) = applicable
            && area.applicable.is_none()
            && strategies_applicable(area).is_none()
        {
            super::areas::funds_within_strategies(&mut self.draft, i, funds);
        }
    }

    /// The focus area a table's label names: by its name, or by its number («Prosjektmidler
    /// innsatsområde 1»).
    pub(super) fn area_index(&self, label: &str) -> Option<usize> {
        let key = bare(label).to_lowercase();
        let key = key
            .trim_end_matches(|c: char| c == '*' || c == ')' || c.is_ascii_digit())
            .trim();
        // «A Marin næring», «B: Industri»: the area's letter before its name.
        let lettered = key
            .split_once([' ', ':', '.'])
            .filter(|(id, _)| id.chars().count() == 1 && id.chars().all(char::is_alphabetic))
            .map(|(_, name)| name.trim_start_matches([':', '.', ' ']));
        let by_name = self.draft.areas.iter().position(|a| {
            let name = bare(&a.name).to_lowercase();
            name == key || lettered == Some(name.as_str())
        });
        if by_name.is_some() {
            return by_name;
        }
        let lower = label.to_lowercase();
        let rest = lower.split("innsatsområde ").nth(1)?;
        let n: usize = rest
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        (1..=self.draft.areas.len()).contains(&n).then(|| n - 1)
    }

    /// A focus area's figure in a budget table (its sum, and its applicable funds when the
    /// table has them): its budget when the area has none, else checked against its sum; a
    /// row that names no area of the plan is told.
    fn stated_area_budget(&mut self, label: &str, value: Decimal, applicable: Option<Decimal>) {
        let Some(i) = self.area_index(label) else {
            self.draft.notes.push(format!(
                "raden «{label}» ({}) i budsjettabellen er ikke et innsatsområde i planen og er ikke tatt med; se over",
                money(value)
            ));
            return;
        };
        let area = &mut self.draft.areas[i];
        match area_sum(area) {
            // The strategies make the project costs; the table adds the søkbare midler beside
            // them.
            Some(own)
                if own != value
                    && area.applicable.is_none()
                    && applicable.is_some_and(|a| own.checked_add(a) == Some(value)) =>
            {
                area.applicable = applicable;
                self.draft.guess(
                    &format!("innsatsområder[{i}].søkbare_midler"),
                    format!("fra budsjettabellen, raden «{label}»"),
                );
            }
            None => {
                area.budget = value.checked_sub(applicable.unwrap_or_default());
                area.applicable = applicable;
                self.draft.guess(
                    &format!("innsatsområder[{i}].budsjett"),
                    format!("fra budsjettabellen, raden «{label}»"),
                );
            }
            Some(own) if own != value => self.draft.notes.push(format!(
                "budsjettabellen sier {} for «{label}», men innsatsområdet har {} fra teksten eller tabellen over; planen bruker den — se over",
                money(value),
                money(own)
            )),
            // The same sum as the area's frame in the text, now with its søkbare midler: the
            // frame's split.
            Some(_)
                if applicable.is_some()
                    && area.applicable.is_none()
                    && area.strategies.iter().all(|s| s.budget.is_none()) =>
            {
                area.budget = value.checked_sub(applicable.unwrap_or_default());
                area.applicable = applicable;
                self.draft.guess(
                    &format!("innsatsområder[{i}].budsjett"),
                    format!(
                        "budsjettabellen deler rammen {} for «{label}» i prosjektkostnader og {} i søkbare midler",
                        money(value),
                        money(applicable.unwrap_or_default())
                    ),
                );
            }
            Some(_) => {}
        }
    }
}

/// An area's sum as the plan gives it: its budget (or its strategies') and its applicable
/// funds, unless its strategies' budgets hold them («herav søkbare midler»).
fn area_sum(a: &Area) -> Option<Decimal> {
    area_budget(a).map(|b| b.saturating_add(funds_beside(a)))
}

/// The columns of a budget table: the strategy column when rows are by strategy, the
/// amount column and the applicable funds' column.
struct BudgetColumns {
    strategy: Option<usize>,
    amount: Option<usize>,
    applicable: Option<usize>,
    /// The amount column is the project costs beside the søkbare midler («Prosjektkostnader
    /// | Søkbare midler»), not the total that holds them («Totalt | Herav søkbare»).
    beside: bool,
}

impl BudgetColumns {
    /// The columns of a budget table with header `h`; `year`: the plan's year's column of a
    /// table with a column per year, which is the amount column.
    fn of(h: &[String], year: Option<usize>) -> BudgetColumns {
        let applicable = column(h, &["søkbar"]);
        let keyed = |words: &[&str]| {
            (1..h.len()).find(|c| {
                Some(*c) != applicable
                    && (words.iter().any(|k| h[*c].contains(k))
                        || words.contains(&"kr") && header_word(&h[*c..=*c], "kr").is_some())
            })
        };
        // A total column holds the søkbare midler; else the first amount column.
        let amount = year
            .or_else(|| keyed(&["sum", "total"]))
            .or_else(|| keyed(&["budsjett", "ramme", "beløp", "kostnad", "kr"]));
        // «Sum kostnader» holds them: a total, not the project costs.
        let beside = applicable.is_some()
            && amount.is_some_and(|c| {
                (h[c].contains("prosjekt") || h[c].contains("kostnad")) && !sum_label(&h[c])
            });
        BudgetColumns {
            strategy: column(h, &["strategi"]).filter(|c| *c > 0),
            amount,
            applicable,
            beside,
        }
    }

    /// A row's amount, with its søkbare midler: in the amount column (and the søkbare
    /// midler's beside it), or else the last amount in the row.
    fn amount(&self, cells: &[&Cell], unit: Decimal) -> Option<Decimal> {
        match self.amount {
            Some(col) => {
                let value = cells.get(col).and_then(|c| figure(c, unit));
                match (
                    value,
                    self.beside.then(|| self.applicable(cells, unit)).flatten(),
                ) {
                    (Some(v), Some(a)) => v.checked_add(a),
                    (value, _) => value,
                }
            }
            None => cells.iter().skip(1).rev().find_map(|c| figure(c, unit)),
        }
    }

    /// A row's applicable funds, when the table has a column for them.
    fn applicable(&self, cells: &[&Cell], unit: Decimal) -> Option<Decimal> {
        cells.get(self.applicable?).and_then(|c| figure(c, unit))
    }
}

/// A cell's amount in `unit`, when it states one.
fn figure(cell: &Cell, unit: Decimal) -> Option<Decimal> {
    match amount::read_in(&cell.text(), unit) {
        Some(Stated::Amount(a)) => Some(a),
        _ => None,
    }
}

/// A cell's text, normalised.
fn cell_text(cells: &[&Cell], col: Option<usize>) -> String {
    col.and_then(|c| cells.get(c))
        .map(|c| text::normalize(&c.text()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::BudgetColumns;

    fn columns(h: &[&str]) -> BudgetColumns {
        BudgetColumns::of(&h.iter().map(|c| c.to_string()).collect::<Vec<_>>(), None)
    }

    #[test]
    fn project_costs_beside_the_funds_are_added_to_them_and_a_total_is_not() {
        // «Prosjektkostnader | Søkbare midler»: the row's sum is both.
        assert!(columns(&["innsatsområde", "prosjektkostnader", "søkbare midler"]).beside);
        // «Sum kostnader» (table 3.1 turned) already holds the søkbare midler.
        let turned = columns(&["", "prosjektkostnader", "søkbare midler", "sum kostnader"]);
        assert_eq!(turned.amount, Some(3));
        assert!(!turned.beside);
    }
}
