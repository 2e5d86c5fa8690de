//! Every computed figure of the plan, computed once, exactly, from the input model: the job
//! table, each area's strategy table, the resource table, the financing table and the
//! municipalities' split. Validation cross-checks these; the views only format them.

use crate::money::{Figure, apportion};
use crate::plan::{Amount, At, EffortKey, JobRowKind, Plan, TargetUnit};
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub jobs: JobFigures,
    pub areas: Vec<AreaFigures>,
    pub subtotal: ResourceRow,
    /// The plan's other cost lines (`andre_kostnader`), by name, in the plan's order.
    pub other_costs: Vec<(String, Figure)>,
    pub administration: Figure,
    pub total_cost: Figure,
    pub financing: Vec<FundingFigure>,
    pub financing_total: Figure,
    /// The sum of the Andel column, when the column is filled.
    pub financing_share_total: Option<Decimal>,
    pub municipalities: Option<MunicipalityFigures>,
    /// Whether any strategy records granted amounts (then the Innvilget/Gjenstående columns show).
    pub tracks_grants: bool,
    /// The programme's other quantitative targets (`andre_mål`), in the plan's order.
    pub other_targets: Vec<OtherTargetFigures>,
}

/// Another target's figures over the period's years (`JobFigures::years`).
#[derive(Debug, Clone, PartialEq)]
pub struct OtherTargetFigures {
    pub name: String,
    pub unit: TargetUnit,
    /// The target per year of the period, `None` where the plan gives none.
    pub per_year: Vec<Option<Decimal>>,
    /// The target for the period, as given.
    pub period: Option<Decimal>,
    /// The yearly targets added up, when the unit adds up (antall, kroner) and every year
    /// has one; `None` also when the sum would overflow.
    pub per_year_sum: Option<Decimal>,
}

impl OtherTargetFigures {
    /// The target a cumulative figure up to and including `year` is measured by: the yearly
    /// targets from the period's start added up (antall, kroner), or the year's own target
    /// (prosent). `None` when a year on the way has no target.
    pub fn cumulative_to(&self, years: &[i32], year: i32) -> Option<Decimal> {
        let upto: Vec<Option<Decimal>> = years
            .iter()
            .zip(&self.per_year)
            .filter(|(y, _)| **y <= year)
            .map(|(_, t)| *t)
            .collect();
        if upto.is_empty() || !years.contains(&year) {
            return None;
        }
        match self.unit {
            TargetUnit::Prosent => *upto.last()?,
            _ => upto
                .into_iter()
                .try_fold(Decimal::ZERO, |acc, t| acc.checked_add(t?)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobFigures {
    pub years: Vec<i32>,
    pub rows: Vec<JobRowFigures>,
    pub year_sums: Vec<u32>,
    /// Whether any row gives a target for the year (else the sum is shown as «–»).
    pub year_given: Vec<bool>,
    pub total: u32,
    /// Areas without a job target, shown as "-" rows (only when rows are innsatsområder).
    pub without_target: Vec<String>,
    /// The plan year and its target as the plan states it without a table (`årets_mål`).
    pub stated: Option<(i32, u32)>,
}

impl JobFigures {
    /// Whether the targets carry anything a chart could show: some year with a target above 0.
    pub fn worth_a_chart(&self) -> bool {
        !self.rows.is_empty() && !self.years.is_empty() && self.year_sums.iter().any(|s| *s > 0)
    }

    /// The yearly targets from the period's start to and including `year`, added up: what a
    /// cumulative result is measured by. `None` for a year outside the period.
    pub fn cumulative_to(&self, year: i32) -> Option<u32> {
        if self.rows.is_empty() {
            return None;
        }
        let i = self.years.iter().position(|y| *y == year)?;
        Some(jobs_sum(self.year_sums.iter().take(i + 1).copied()))
    }

    /// The target for `year`: the table's sum for the year, or, in a plan without a table,
    /// the plan year's stated target (other years have none).
    pub fn for_year(&self, year: i32) -> Option<u32> {
        if self.rows.is_empty() {
            return self.stated.filter(|(y, _)| *y == year).map(|(_, t)| t);
        }
        self.years
            .iter()
            .position(|y| *y == year)
            .and_then(|i| self.year_sums.get(i).copied())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobRowFigures {
    pub name: String,
    /// The target per year of the period; 0 where none is given (see `given`).
    pub per_year: Vec<u32>,
    /// Whether the plan gives a target for the year (a year left out is shown as «–»).
    pub given: Vec<bool>,
    pub sum: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StrategyFigures {
    /// The strategy's letter or number as written; `None` for a strategy listed without one.
    pub letter: Option<String>,
    pub budget: Option<Figure>,
    /// The part of the budget set aside for applications (søkbare midler), when given.
    pub applicable: Option<Figure>,
    pub granted: Option<Figure>,
    pub remaining: Option<Figure>,
}

/// One row of the resource table, and the totals under an area's strategy table.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceRow {
    pub project_costs: Figure,
    pub applicable_funds: Figure,
    pub programme_effort: Figure,
    pub sum: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    pub name: String,
    pub strategies: Vec<StrategyFigures>,
    pub resources: ResourceRow,
    /// Prosjektkostnader + søkbare midler: «Sum innsatsområde» in the area's table.
    pub area_sum: Figure,
    /// Whether the plan gives the area's søkbare midler: when not, they are not given (shown
    /// as «–»), and `resources.applicable_funds` is 0 only so that the sums add up.
    pub applicable_funds_given: bool,
    /// Whether the plan gives the programme's effort in the area (its own `ressursinnsats`,
    /// or a share of `programmets_ressursinnsats`); when not, it is not given («–»).
    pub effort_given: bool,
    pub granted: Option<Figure>,
    pub remaining: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FundingFigure {
    pub name: String,
    /// The share shown in the Andel column, in percent.
    pub share: Option<Decimal>,
    /// True when the share was computed from the amounts rather than given.
    pub share_computed: bool,
    pub amount: Figure,
    /// The amount the share implies, when the plan also gives a fixed amount.
    pub amount_from_share: Option<Figure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalityFigures {
    pub source: String,
    pub amount: Figure,
    pub equal_percent: Decimal,
    pub population_percent: Decimal,
    pub rows: Vec<MunicipalityRow>,
    pub population_total: u64,
    pub equal_total: Figure,
    pub population_part_total: Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalityRow {
    pub name: String,
    pub population: u64,
    pub equal_part: Figure,
    pub population_part: Figure,
    pub sum: Figure,
}

fn amount(a: &Option<At<Amount>>) -> Option<Figure> {
    a.as_ref().map(|a| a.value.0)
}

const KRONE: Decimal = Decimal::ONE;

/// Apportions a figure by weights with the largest-remainder method, keeping its state.
fn apportion_figure(total: Figure, weights: &[Decimal]) -> Vec<Figure> {
    match total.value().and_then(|v| apportion(v, weights, KRONE)) {
        Some(parts) => parts.into_iter().map(|p| total.with_value(p)).collect(),
        None if total == Figure::Unknown => vec![Figure::Unknown; weights.len()],
        None => vec![Figure::ZERO; weights.len()],
    }
}

pub fn compute(plan: &Plan) -> Figures {
    let jobs = job_figures(plan);
    let mut areas: Vec<AreaFigures> = plan.innsatsområder.iter().map(area_figures).collect();
    if let Some(effort) = &plan.programmets_ressursinnsats {
        let weights: Vec<Decimal> = match effort.fordeling {
            EffortKey::Likt => vec![Decimal::ONE; areas.len()],
            EffortKey::EtterBudsjett => areas
                .iter()
                .map(|a| a.resources.project_costs.value().unwrap_or_default())
                .collect(),
        };
        for (area, part) in areas
            .iter_mut()
            .zip(apportion_figure(effort.beløp.value.0, &weights))
        {
            area.resources.programme_effort = area.resources.programme_effort + part;
            area.effort_given = true;
            area.resources.sum = area.area_sum + area.resources.programme_effort;
        }
    }
    let subtotal = ResourceRow {
        project_costs: Figure::sum(areas.iter().map(|a| a.resources.project_costs)),
        applicable_funds: Figure::sum(areas.iter().map(|a| a.resources.applicable_funds)),
        programme_effort: Figure::sum(areas.iter().map(|a| a.resources.programme_effort)),
        sum: Figure::sum(areas.iter().map(|a| a.resources.sum)),
    };
    let other_costs: Vec<(String, Figure)> = plan
        .andre_kostnader
        .iter()
        .map(|c| (c.navn.value.clone(), c.beløp.value.0))
        .collect();
    let administration = plan.administrasjon.beløp.value.0;
    let total_cost =
        subtotal.sum + Figure::sum(other_costs.iter().map(|(_, f)| *f)) + administration;
    let (financing, financing_total, financing_share_total) = funding_figures(plan, total_cost);
    let municipalities = municipality_figures(plan, &financing);
    let tracks_grants = plan
        .innsatsområder
        .iter()
        .any(|a| a.strategier.iter().any(|s| s.innvilget.is_some()));
    Figures {
        jobs,
        areas,
        subtotal,
        other_costs,
        administration,
        total_cost,
        financing,
        financing_total,
        financing_share_total,
        municipalities,
        tracks_grants,
        other_targets: other_target_figures(plan, &jobs_years(plan)),
    }
}

fn other_target_figures(plan: &Plan, years: &[i32]) -> Vec<OtherTargetFigures> {
    plan.andre_mål
        .iter()
        .map(|t| {
            let per_year: Vec<Option<Decimal>> = years
                .iter()
                .map(|y| t.mål.get(y).map(|q| q.value.value))
                .collect();
            let per_year_sum = match t.unit_adds_up() {
                true if !per_year.is_empty() => per_year
                    .iter()
                    .try_fold(Decimal::ZERO, |acc, v| acc.checked_add((*v)?)),
                _ => None,
            };
            OtherTargetFigures {
                name: t.navn.value.clone(),
                unit: t.enhet,
                per_year,
                period: t.periodemål.as_ref().map(|q| q.value.value),
                per_year_sum,
            }
        })
        .collect()
}

/// The period's years (empty when the period is reversed or absurd, which validation reports).
fn jobs_years(plan: &Plan) -> Vec<i32> {
    let (from, to) = (
        plan.program.periode.fra.value,
        plan.program.periode.til.value,
    );
    if to >= from && to - from < 50 {
        (from..=to).collect()
    } else {
        vec![]
    }
}

/// A sum of job counts that saturates instead of wrapping: every count is at most
/// `plan::scalar::MAX_JOBS`, and validation reports a total beyond [`MAX_JOBS_TOTAL`].
fn jobs_sum(items: impl Iterator<Item = u32>) -> u32 {
    items.fold(0u32, u32::saturating_add)
}

/// The largest job total a plan may show; a saturated sum is always beyond it.
pub const MAX_JOBS_TOTAL: u32 = 1_000_000;

fn job_figures(plan: &Plan) -> JobFigures {
    // A reversed or absurd period is reported by validation; keep the table bounded here.
    let years: Vec<i32> = jobs_years(plan);
    let rows: Vec<JobRowFigures> = plan
        .arbeidsplasser
        .rader
        .iter()
        .map(|row| {
            let per_year: Vec<u32> = years
                .iter()
                .map(|y| row.mål.get(y).map(|j| j.value.0).unwrap_or(0))
                .collect();
            JobRowFigures {
                name: row.navn.value.clone(),
                sum: jobs_sum(per_year.iter().copied()),
                given: years.iter().map(|y| row.mål.contains_key(y)).collect(),
                per_year,
            }
        })
        .collect();
    let year_sums: Vec<u32> = (0..years.len())
        .map(|i| jobs_sum(rows.iter().filter_map(|r| r.per_year.get(i).copied())))
        .collect();
    let year_given: Vec<bool> = (0..years.len())
        .map(|i| {
            rows.iter()
                .any(|r| r.given.get(i).copied().unwrap_or(false))
        })
        .collect();
    let without_target = if plan.arbeidsplasser.fordelt_på == JobRowKind::Innsatsområder {
        plan.innsatsområder
            .iter()
            .filter(|a| a.uten_arbeidsplassmål)
            .map(|a| a.navn.value.clone())
            .collect()
    } else {
        vec![]
    };
    JobFigures {
        total: jobs_sum(year_sums.iter().copied()),
        years,
        rows,
        year_sums,
        year_given,
        without_target,
        stated: plan
            .arbeidsplasser
            .årets_mål
            .as_ref()
            .map(|t| (plan.program.år.value, t.value.0)),
    }
}

fn area_figures(area: &crate::plan::FocusArea) -> AreaFigures {
    let strategies: Vec<StrategyFigures> = area
        .strategier
        .iter()
        .map(|s| {
            let budget = amount(&s.budsjett);
            let granted = amount(&s.innvilget);
            let remaining = match (budget, granted) {
                (Some(b), Some(g)) => Some(b - g),
                (Some(b), None) => Some(b),
                _ => None,
            };
            StrategyFigures {
                letter: s.bokstav.as_ref().map(|l| l.value.trim().to_string()),
                budget,
                applicable: amount(&s.søkbare_midler),
                granted,
                remaining,
            }
        })
        .collect();
    let (project_costs, applicable_funds) = area_costs(area, &strategies);
    let programme_effort = amount(&area.ressursinnsats).unwrap_or(Figure::ZERO);
    let area_sum = project_costs + applicable_funds;
    let grants: Vec<Figure> = strategies.iter().filter_map(|s| s.granted).collect();
    let granted = (!grants.is_empty()).then(|| Figure::sum(grants));
    let remaining = granted.map(|g| project_costs - g);
    AreaFigures {
        name: area.navn.value.clone(),
        strategies,
        resources: ResourceRow {
            project_costs,
            applicable_funds,
            programme_effort,
            sum: area_sum + programme_effort,
        },
        area_sum,
        applicable_funds_given: self::applicable_funds(area).is_some(),
        effort_given: area.ressursinnsats.is_some(),
        granted,
        remaining,
    }
}

/// An area's strategies' søkbare midler added up, when some strategy gives them.
pub fn strategies_funds(area: &crate::plan::FocusArea) -> Option<Figure> {
    let within: Vec<Figure> = area
        .strategier
        .iter()
        .filter_map(|s| amount(&s.søkbare_midler))
        .collect();
    (!within.is_empty()).then(|| Figure::sum(within))
}

/// An area's søkbare midler: its own, or its strategies' added up; `None` when the plan
/// gives neither.
pub fn applicable_funds(area: &crate::plan::FocusArea) -> Option<Figure> {
    amount(&area.søkbare_midler).or_else(|| strategies_funds(area))
}

/// An area's project costs and applicable funds (søkbare midler). The funds are the area's
/// own, or its strategies' added up. The costs are the area's `budsjett` when given (its
/// strategies' budgets add up to it, or to it and the funds: validation says which); else the
/// strategies' budgets, less the funds their budgets hold («herav søkbare midler»).
fn area_costs(area: &crate::plan::FocusArea, strategies: &[StrategyFigures]) -> (Figure, Figure) {
    let applicable = applicable_funds(area).unwrap_or(Figure::ZERO);
    let budgets = Figure::sum(strategies.iter().filter_map(|s| s.budget));
    let costs = match amount(&area.budsjett) {
        Some(area_budget) => area_budget,
        None => budgets - strategies_funds(area).unwrap_or(Figure::ZERO),
    };
    (costs, applicable)
}

/// The financing table. Sources with a fixed amount and no share are taken first; what is
/// left of the total cost is split between the sources that have a share, by the largest-
/// remainder method. When no source has a share, the shares are computed from the amounts
/// (to a tenth of a percent, adding up to exactly 100).
fn funding_figures(
    plan: &Plan,
    total_cost: Figure,
) -> (Vec<FundingFigure>, Figure, Option<Decimal>) {
    let sources = &plan.finansiering;
    let fixed_total = Figure::sum(
        sources
            .iter()
            .filter(|s| s.andel.is_none())
            .map(|s| amount(&s.beløp).unwrap_or(Figure::ZERO)),
    );
    let pool = total_cost - fixed_total;
    let share_weights: Vec<Decimal> = sources
        .iter()
        .filter_map(|s| s.andel.as_ref().map(|a| a.value.0))
        .collect();
    let shares_sum: Decimal = share_weights
        .iter()
        .fold(Decimal::ZERO, |a, b| crate::money::add(a, *b));
    // Split the pool over shares as given (normalised when they do not add up to 100, which
    // validation reports).
    let pool_for_shares = if shares_sum == Decimal::ONE_HUNDRED || shares_sum.is_zero() {
        pool
    } else {
        pool.value()
            .and_then(|v| v.checked_mul(shares_sum)?.checked_div(Decimal::ONE_HUNDRED))
            .map(|v| pool.with_value(v))
            .unwrap_or(pool)
    };
    let mut from_share = apportion_figure(pool_for_shares, &share_weights).into_iter();
    let mut rows: Vec<FundingFigure> = sources
        .iter()
        .map(|s| {
            let implied = s.andel.as_ref().and_then(|_| from_share.next());
            let given = amount(&s.beløp);
            FundingFigure {
                name: s.kilde.value.clone(),
                share: s.andel.as_ref().map(|a| a.value.0),
                share_computed: false,
                amount: given.or(implied).unwrap_or(Figure::ZERO),
                amount_from_share: if given.is_some() { implied } else { None },
            }
        })
        .collect();
    let total = Figure::sum(rows.iter().map(|r| r.amount));
    let share_total = if share_weights.is_empty() {
        let amounts: Option<Vec<Decimal>> = rows.iter().map(|r| r.amount.value()).collect();
        match amounts.and_then(|a| apportion(Decimal::ONE_HUNDRED, &a, Decimal::new(1, 1))) {
            Some(shares) => {
                for (row, share) in rows.iter_mut().zip(shares) {
                    row.share = Some(share.normalize());
                    row.share_computed = true;
                }
                Some(Decimal::ONE_HUNDRED)
            }
            None => None,
        }
    } else {
        Some(shares_sum)
    };
    (rows, total, share_total)
}

fn municipality_figures(plan: &Plan, financing: &[FundingFigure]) -> Option<MunicipalityFigures> {
    let split = plan.kommunefordeling.as_ref()?;
    let amount = financing
        .iter()
        .find(|f| f.name == split.kilde.value)?
        .amount;
    let (equal_percent, population_percent) = split.nøkkel.percents();
    let n = split.kommuner.len();
    if n == 0 {
        return None;
    }
    // First the two halves (or whatever the key says), in whole kroner, then each half over
    // the municipalities: both columns and the sum column add up exactly.
    let halves = apportion_figure(amount, &[equal_percent, population_percent]);
    let (equal_total, population_part_total) = (halves[0], halves[1]);
    let equal = apportion_figure(equal_total, &vec![Decimal::ONE; n]);
    let populations: Vec<Decimal> = split
        .kommuner
        .iter()
        .map(|k| Decimal::from(k.innbyggere.value))
        .collect();
    let by_population = apportion_figure(population_part_total, &populations);
    let rows = split
        .kommuner
        .iter()
        .zip(equal.into_iter().zip(by_population))
        .map(|(k, (e, p))| MunicipalityRow {
            name: k.navn.clone(),
            population: k.innbyggere.value,
            equal_part: e,
            population_part: p,
            sum: e + p,
        })
        .collect();
    Some(MunicipalityFigures {
        source: split.kilde.value.clone(),
        amount,
        equal_percent,
        population_percent,
        rows,
        population_total: split
            .kommuner
            .iter()
            .fold(0u64, |a, k| a.saturating_add(k.innbyggere.value)),
        equal_total,
        population_part_total,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::load::parse_yaml;
    use rust_decimal_macros::dec;
    use std::path::Path;

    /// A small valid plan; `extra` is appended (top-level keys) and `finansiering` replaced when given.
    pub(crate) fn plan_from(yaml: &str) -> Plan {
        match parse_yaml::<Plan>(Path::new("test.yaml"), yaml.as_bytes()) {
            Ok((_, plan)) => plan,
            Err(crate::plan::load::LoadError::Invalid { diagnostics, .. }) => {
                panic!("{diagnostics:?}")
            }
            Err(e) => panic!("{e:?}"),
        }
    }

    pub(crate) const BASE: &str = r#"
program: { navn: P, område: Testdal, år: 2024, periode: { fra: 2024, til: 2025 }, arbeidsplassmål: 10 }
arbeidsplasser:
  rader:
    - { navn: Industri, mål: { 2024: 4, 2025: 6 } }
innsatsområder:
  - navn: Industri
    strategier:
      - { bokstav: A, navn: En, budsjett: 300000, innvilget: 100000 }
      - { bokstav: B, navn: To, budsjett: "200 000" }
    søkbare_midler: 100000
    ressursinnsats: 50000
  - navn: Støtte
    uten_arbeidsplassmål: true
    strategier:
      - { bokstav: C, navn: Tre }
    budsjett: 150000
administrasjon: { beløp: 200000 }
"#;

    fn with_financing(financing: &str) -> Plan {
        plan_from(&format!("{BASE}{financing}"))
    }

    #[test]
    fn area_tables_and_resource_table_add_up() {
        let f = compute(&with_financing(
            "finansiering:\n  - { kilde: KDD, beløp: 1000000 }\n",
        ));
        let a = &f.areas[0];
        assert_eq!(a.resources.project_costs, Figure::Final(dec!(500000)));
        assert_eq!(a.area_sum, Figure::Final(dec!(600000)));
        assert_eq!(a.resources.sum, Figure::Final(dec!(650000)));
        assert_eq!(a.granted, Some(Figure::Final(dec!(100000))));
        assert_eq!(a.remaining, Some(Figure::Final(dec!(400000))));
        assert_eq!(a.strategies[1].remaining, Some(Figure::Final(dec!(200000))));
        // An area budget without strategy budgets is the area's project costs.
        assert_eq!(
            f.areas[1].resources.project_costs,
            Figure::Final(dec!(150000))
        );
        assert_eq!(f.subtotal.sum, Figure::Final(dec!(800000)));
        assert_eq!(f.subtotal.applicable_funds, Figure::Final(dec!(100000)));
        assert_eq!(f.total_cost, Figure::Final(dec!(1000000)));
        assert!(f.tracks_grants);
    }

    #[test]
    fn job_table_sums_rows_and_years() {
        let f = compute(&with_financing(
            "finansiering:\n  - { kilde: KDD, beløp: 1000000 }\n",
        ));
        assert_eq!(f.jobs.years, vec![2024, 2025]);
        assert_eq!(f.jobs.rows[0].sum, 10);
        assert_eq!(f.jobs.year_sums, vec![4, 6]);
        assert_eq!(f.jobs.total, 10);
        assert_eq!(f.jobs.without_target, vec!["Støtte".to_string()]);
        assert_eq!(f.jobs.for_year(2025), Some(6));
    }

    #[test]
    fn amounts_from_shares_after_fixed_sources() {
        // 1 000 000 in all; 100 001 is carried over, the rest 899 999 split 50/25/25:
        // quotas 449 999,5 / 224 999,75 / 224 999,75, so the two largest remainders win.
        let f = compute(&with_financing(
            "finansiering:\n  - { kilde: KDD, andel: 50 }\n  - { kilde: Fylket, andel: 25 }\n  - { kilde: Kommunen, andel: \"25 %\" }\n  - { kilde: Overføring, beløp: 100001 }\n",
        ));
        let amounts: Vec<Decimal> = f
            .financing
            .iter()
            .map(|r| r.amount.value().unwrap())
            .collect();
        assert_eq!(
            amounts,
            vec![dec!(449999), dec!(225000), dec!(225000), dec!(100001)]
        );
        assert_eq!(f.financing_total, f.total_cost);
        assert_eq!(f.financing_share_total, Some(dec!(100)));
    }

    #[test]
    fn shares_from_amounts_add_to_exactly_100() {
        let f = compute(&with_financing(
            "finansiering:\n  - { kilde: A, beløp: 333333 }\n  - { kilde: B, beløp: 333333 }\n  - { kilde: C, beløp: 333334 }\n",
        ));
        let shares: Vec<Decimal> = f.financing.iter().map(|r| r.share.unwrap()).collect();
        assert_eq!(shares.iter().sum::<Decimal>(), dec!(100));
        assert!(f.financing.iter().all(|r| r.share_computed));
        // 33,3333 / 33,3333 / 33,3334: the last has the largest remainder.
        assert_eq!(shares, vec![dec!(33.3), dec!(33.3), dec!(33.4)]);
    }

    #[test]
    fn unknown_carry_over_makes_the_total_unknown_and_provisional_marks_it() {
        let f = compute(&with_financing(
            "finansiering:\n  - { kilde: KDD, beløp: 900000 }\n  - { kilde: Overføring, beløp: { foreløpig: ukjent } }\n",
        ));
        assert_eq!(f.financing_total, Figure::Unknown);
        let f = compute(&with_financing(
            "finansiering:\n  - { kilde: KDD, beløp: 900000 }\n  - { kilde: Overføring, beløp: { foreløpig: 100000 } }\n",
        ));
        assert_eq!(f.financing_total, Figure::Provisional(dec!(1000000)));
    }

    #[test]
    fn seven_municipalities_half_equal_half_by_population_add_up() {
        let plan = with_financing(
            "finansiering:\n  - { kilde: Stat, beløp: 500000 }\n  - { kilde: Kommunene, beløp: 500000 }\nkommunefordeling:\n  kilde: Kommunene\n  nøkkel: { likt: 50, innbyggere: 50 }\n  kommuner:\n    - { navn: K1, innbyggere: 1036 }\n    - { navn: K2, innbyggere: 3276 }\n    - { navn: K3, innbyggere: 4585 }\n    - { navn: K4, innbyggere: 2535 }\n    - { navn: K5, innbyggere: 4664 }\n    - { navn: K6, innbyggere: 4439 }\n    - { navn: K7, innbyggere: 777 }\n",
        );
        let m = compute(&plan).municipalities.unwrap();
        let col = |g: fn(&MunicipalityRow) -> Figure| -> Decimal {
            m.rows.iter().map(|r| g(r).value().unwrap()).sum()
        };
        assert_eq!(col(|r| r.equal_part), dec!(250000));
        assert_eq!(col(|r| r.population_part), dec!(250000));
        assert_eq!(col(|r| r.sum), dec!(500000));
        for r in &m.rows {
            let (e, p, s) = (
                r.equal_part.value().unwrap(),
                r.population_part.value().unwrap(),
                r.sum.value().unwrap(),
            );
            assert_eq!(e + p, s);
            assert_eq!(e.fract(), Decimal::ZERO, "whole kroner");
            // 250 000 / 7 = 35 714,28…: every equal part is 35 714 or 35 715.
            assert!(e == dec!(35714) || e == dec!(35715));
        }
        // Naive rounding of the equal part would lose two kroner: 7 × 35 714 = 249 998.
        assert_ne!((dec!(250000) / dec!(7)).round() * dec!(7), dec!(250000));
    }

    #[test]
    fn programme_effort_is_apportioned_by_budget() {
        let plan = plan_from(&format!(
            "{}programmets_ressursinnsats: {{ beløp: 100000 }}\nfinansiering:\n  - {{ kilde: KDD, beløp: 1100000 }}\n",
            BASE
        ));
        let f = compute(&plan);
        // Project costs 500 000 and 150 000: 76 923,08 and 23 076,92 → 76 923 + 23 077.
        let effort: Vec<Decimal> = f
            .areas
            .iter()
            .map(|a| a.resources.programme_effort.value().unwrap())
            .collect();
        assert_eq!(effort, vec![dec!(50000) + dec!(76923), dec!(23077)]);
        assert_eq!(f.subtotal.programme_effort, Figure::Final(dec!(150000)));
        assert_eq!(f.total_cost, Figure::Final(dec!(1100000)));
    }

    #[test]
    fn applicable_funds_within_the_strategies_budgets_are_the_areas_and_not_its_costs() {
        // «Herav søkbare midler» per strategy: part of its budget.
        let within = BASE.replace(
            "      - { bokstav: B, navn: To, budsjett: \"200 000\" }\n    søkbare_midler: 100000\n",
            "      - { bokstav: B, navn: To, budsjett: \"200 000\", søkbare_midler: 150000 }\n",
        );
        let funding = "finansiering:\n  - { kilde: KDD, andel: 100 }\n";
        let f = compute(&plan_from(&format!("{within}{funding}")));
        let a = &f.areas[0];
        assert!(a.applicable_funds_given);
        assert_eq!(a.resources.applicable_funds, Figure::Final(dec!(150000)));
        assert_eq!(a.resources.project_costs, Figure::Final(dec!(350000)));
        assert_eq!(a.area_sum, Figure::Final(dec!(500000)));
        assert_eq!(
            a.strategies[1].applicable,
            Some(Figure::Final(dec!(150000)))
        );
        // The area's own søkbare midler held by its strategies' budgets (Prosjektkostnader +
        // Søkbare midler = the strategies' sum): the area's budget is its project costs.
        let area_wide = BASE.replace(
            "    søkbare_midler: 100000\n",
            "    budsjett: 400000\n    søkbare_midler: 100000\n",
        );
        let a = &compute(&plan_from(&format!("{area_wide}{funding}"))).areas[0];
        assert_eq!(a.resources.project_costs, Figure::Final(dec!(400000)));
        assert_eq!(a.area_sum, Figure::Final(dec!(500000)));
    }

    #[test]
    fn other_cost_lines_are_in_the_total_cost() {
        let f = compute(&plan_from(&format!(
            "{BASE}andre_kostnader:\n  - {{ navn: Kommunikasjon og forankring, beløp: 150000 }}\n  - {{ navn: Uforutsett, beløp: 50000 }}\nfinansiering:\n  - {{ kilde: KDD, andel: 100 }}\n"
        )));
        assert_eq!(
            f.other_costs,
            [
                (
                    "Kommunikasjon og forankring".to_string(),
                    Figure::Final(dec!(150000))
                ),
                ("Uforutsett".to_string(), Figure::Final(dec!(50000)))
            ]
        );
        assert_eq!(f.subtotal.sum, Figure::Final(dec!(800000)));
        assert_eq!(f.total_cost, Figure::Final(dec!(1200000)));
    }
}
