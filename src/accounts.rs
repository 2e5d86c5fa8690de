//! The approved accounts (regnskap) for the year before the plan year, as their own small YAML
//! file, and their merge into a loaded plan: between `plan::load` and `validate`. Provisional
//! figures become final; whatever in the accounts does not fit the plan is reported against
//! the accounts file. The user's plan file is never touched: the merge works on the model.

use crate::changes::{Revised, Revision, changes, labelled_figures};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::best_match;
use crate::figures::compute;
use crate::format::kr;
use crate::money::Figure;
use crate::plan::{Amount, At, Date, EarlierResults, Jobs, Plan};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Godkjent regnskap for året før planåret. Tallene her erstatter de foreløpige tallene i
/// handlingsplanen når den lages på nytt (`render PLAN --regnskap REGNSKAP`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    /// Regnskapsåret: året før planåret.
    #[serde(deserialize_with = "crate::plan::scalar::year")]
    #[schemars(with = "crate::plan::scalar_schema::Year")]
    pub år: At<i32>,
    /// Datoen regnskapet ble godkjent (ÅÅÅÅ-MM-DD).
    pub godkjent: At<Date>,
    /// Datoen planen revideres; forsiden sier «Revidert [dato] …». Uten denne brukes datoen
    /// regnskapet ble godkjent.
    #[serde(default)]
    pub revidert: Option<At<Date>>,
    /// Overføring (bundet fond), status 31.12: beløpet til finansieringskilden i planen som
    /// heter «Overføring …» eller nevner «bundet fond».
    #[serde(default)]
    pub overføring: Option<At<Amount>>,
    /// Andre beløp fra regnskapet, for eksempel refusjoner: `- { kilde: Refusjoner, beløp: 185000 }`.
    /// Kilden skrives som i planens `finansiering`.
    #[serde(default)]
    pub finansiering: Vec<FundingActual>,
    /// Innvilget (tilsagn gitt) per strategi.
    #[serde(default)]
    #[serde(alias = "innvilga")]
    pub innvilget: Vec<GrantActual>,
    /// Oppnådde arbeidsplasser per år, der de er kjent: `{ 2022: 14, 2023: 19 }`.
    #[serde(default)]
    #[serde(alias = "oppnådde_arbeidsplassar")]
    pub oppnådde_arbeidsplasser: BTreeMap<i32, At<Jobs>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingActual {
    /// Finansieringskilden, med samme navn som i planen.
    #[serde(alias = "kjelde")]
    pub kilde: At<String>,
    pub beløp: At<Amount>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantActual {
    /// Strategiens bokstav.
    pub bokstav: At<String>,
    /// Innsatsområdet, når samme bokstav står i flere innsatsområder.
    #[serde(default)]
    pub innsatsområde: Option<At<String>>,
    pub beløp: At<Amount>,
}

/// Collects the diagnostics of a merge, all about the accounts file.
struct Merge<'p> {
    plan: &'p mut Plan,
    out: Vec<Diagnostic>,
}

fn at<T>(d: Diagnostic, place: &At<T>, path: String) -> Diagnostic {
    d.at(place.line, place.column).within(place.file).path(path)
}

impl Merge<'_> {
    /// Replaces one amount in the plan with the accounts' final figure, warning when the plan's
    /// figure was never provisional.
    fn replace(&mut self, target: &mut At<Amount>, actual: &At<Amount>, what: &str, path: String) {
        match target.value.0 {
            Figure::Final(before) => {
                let message = match actual.value.0.value() {
                    Some(after) if after == before => format!(
                        "{what} var ikke foreløpig i planen; regnskapet gir samme beløp ({})",
                        kr(before)
                    ),
                    Some(after) => format!(
                        "{what} var ikke foreløpig i planen ({}); regnskapet endrer det til {}",
                        kr(before),
                        kr(after)
                    ),
                    None => String::new(),
                };
                if !message.is_empty() {
                    self.out.push(at(Diagnostic::warning(message), actual, path).help(
                        "kontroller at tallet hører til denne planen; endringen står i endringslisten",
                    ));
                }
            }
            Figure::Provisional(_) | Figure::Unknown => {}
        }
        target.value = actual.value;
    }

    fn year(&mut self, accounts: &Accounts) -> bool {
        let plan_year = self.plan.program.år.value;
        if accounts.år.value != plan_year - 1 {
            self.out.push(at(
                Diagnostic::error(format!(
                    "Regnskapet gjelder {}, men handlingsplanen for {plan_year} skal revideres etter regnskapet for {}",
                    accounts.år.value,
                    plan_year - 1
                )),
                &accounts.år,
                "år".into(),
            ).help("bruk regnskapet for året før planåret, eller kontroller `år:` i begge filene"));
            return false;
        }
        true
    }

    fn final_only(&mut self, amount: &At<Amount>, path: String) -> bool {
        if matches!(amount.value.0, Figure::Final(_)) {
            return true;
        }
        self.out.push(
            at(
                Diagnostic::error("Et tall i godkjent regnskap kan ikke være foreløpig"),
                amount,
                path,
            )
            .help("skriv beløpet fra det godkjente regnskapet, f.eks. `beløp: 185000`"),
        );
        false
    }

    fn carry_over(&mut self, amount: &At<Amount>) {
        if !self.final_only(amount, "overføring".into()) {
            return;
        }
        let matching: Vec<usize> = self
            .plan
            .finansiering
            .iter()
            .enumerate()
            .filter(|(_, f)| is_carry_over(&f.kilde.value))
            .map(|(i, _)| i)
            .collect();
        match matching.as_slice() {
            [i] => {
                let source = &mut self.plan.finansiering[*i];
                let what = format!("«{}»", source.kilde.value);
                self.set_funding(*i, amount, &what, "overføring".into());
            }
            [] => self.out.push(at(
                Diagnostic::error("Planen har ingen finansieringskilde for overføringen"),
                amount,
                "overføring".into(),
            ).help("legg til en kilde i planen, f.eks. `- { kilde: Overføring (bundet fond), beløp: { foreløpig: ukjent } }`")),
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|i| format!("«{}»", self.plan.finansiering[*i].kilde.value))
                    .collect();
                self.out.push(at(
                    Diagnostic::error(format!("Flere kilder i planen kan være overføringen: {}", names.join(", "))),
                    amount,
                    "overføring".into(),
                ).help("skriv beløpet under `finansiering:` med kildens navn i stedet"));
            }
        }
    }

    fn set_funding(&mut self, index: usize, amount: &At<Amount>, what: &str, path: String) {
        let source = &mut self.plan.finansiering[index];
        match source.beløp.take() {
            Some(mut target) => {
                self.replace(&mut target, amount, what, path);
                self.plan.finansiering[index].beløp = Some(target);
            }
            None => {
                // A source given by share alone: its amount was computed, never provisional.
                source.beløp = Some(amount.clone());
                self.out.push(at(
                    Diagnostic::warning(format!(
                        "{what} har bare andel i planen; regnskapet gir et fast beløp"
                    )),
                    amount,
                    path,
                ));
            }
        }
    }

    fn funding(&mut self, i: usize, actual: &FundingActual) {
        let path = format!("finansiering[{i}]");
        if !self.final_only(&actual.beløp, format!("{path}.beløp")) {
            return;
        }
        let name = &actual.kilde.value;
        match self
            .plan
            .finansiering
            .iter()
            .position(|f| &f.kilde.value == name)
        {
            Some(index) => self.set_funding(
                index,
                &actual.beløp,
                &format!("«{name}»"),
                format!("{path}.beløp"),
            ),
            None => {
                let names: Vec<&str> = self
                    .plan
                    .finansiering
                    .iter()
                    .map(|f| f.kilde.value.as_str())
                    .collect();
                let help = match best_match(name, &names) {
                    Some(m) => format!("mente du «{m}»?"),
                    None => format!("kildene i planen: {}", names.join(", ")),
                };
                self.out.push(
                    at(
                        Diagnostic::error(format!(
                            "Planen har ingen finansieringskilde som heter «{name}»"
                        )),
                        &actual.kilde,
                        format!("{path}.kilde"),
                    )
                    .help(help),
                );
            }
        }
    }

    fn grant(&mut self, i: usize, actual: &GrantActual) {
        let path = format!("innvilget[{i}]");
        if !self.final_only(&actual.beløp, format!("{path}.beløp")) {
            return;
        }
        let letter = actual.bokstav.value.trim();
        let key = crate::plan::strategy_key(letter);
        if let Some(area) = &actual.innsatsområde
            && !self
                .plan
                .innsatsområder
                .iter()
                .any(|a| a.navn.value == area.value)
        {
            let names: Vec<&str> = self
                .plan
                .innsatsområder
                .iter()
                .map(|a| a.navn.value.as_str())
                .collect();
            let help = match best_match(&area.value, &names) {
                Some(m) => format!("mente du «{m}»?"),
                None => format!("innsatsområdene i planen: {}", names.join(", ")),
            };
            self.out.push(
                at(
                    Diagnostic::error(format!("Planen har ikke innsatsområdet «{}»", area.value)),
                    area,
                    format!("{path}.innsatsområde"),
                )
                .help(help),
            );
            return;
        }
        let candidates: Vec<(usize, usize)> = self
            .plan
            .innsatsområder
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                actual
                    .innsatsområde
                    .as_ref()
                    .is_none_or(|n| n.value == a.navn.value)
            })
            .flat_map(|(ai, a)| {
                a.strategier
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.bokstav
                            .as_ref()
                            .is_some_and(|id| crate::plan::strategy_key(&id.value) == key)
                    })
                    .map(move |(si, _)| (ai, si))
            })
            .collect();
        match candidates.as_slice() {
            [(ai, si)] => {
                let area = &self.plan.innsatsområder[*ai];
                let what = format!(
                    "Innvilget for strategi {letter} ({}) i «{}»",
                    area.strategier[*si].navn, area.navn.value
                );
                let mut target = self.plan.innsatsområder[*ai].strategier[*si]
                    .innvilget
                    .take()
                    .unwrap_or_else(|| At::new(Amount(Figure::Unknown)));
                self.replace(&mut target, &actual.beløp, &what, format!("{path}.beløp"));
                self.plan.innsatsområder[*ai].strategier[*si].innvilget = Some(target);
            }
            [] => {
                let letters: Vec<&str> = self
                    .plan
                    .innsatsområder
                    .iter()
                    .filter(|a| {
                        actual
                            .innsatsområde
                            .as_ref()
                            .is_none_or(|n| n.value == a.navn.value)
                    })
                    .flat_map(|a| {
                        a.strategier
                            .iter()
                            .filter_map(|s| s.bokstav.as_ref().map(|id| id.value.as_str()))
                    })
                    .collect();
                let mut unique = letters.clone();
                unique.dedup();
                self.out.push(
                    at(
                        Diagnostic::error(format!(
                            "Planen har ingen strategi med bokstaven «{letter}»{}",
                            actual
                                .innsatsområde
                                .as_ref()
                                .map(|a| format!(" i «{}»", a.value))
                                .unwrap_or_default()
                        )),
                        &actual.bokstav,
                        format!("{path}.bokstav"),
                    )
                    .help(format!("strategiene i planen: {}", unique.join(", "))),
                );
            }
            several => {
                let areas: Vec<String> = several
                    .iter()
                    .map(|(ai, _)| format!("«{}»", self.plan.innsatsområder[*ai].navn.value))
                    .collect();
                self.out.push(
                    at(
                        Diagnostic::error(format!(
                            "Strategi {letter} står i {} innsatsområder: {}",
                            several.len(),
                            areas.join(", ")
                        )),
                        &actual.bokstav,
                        format!("{path}.bokstav"),
                    )
                    .help("skriv hvilket med `innsatsområde:`"),
                );
            }
        }
    }

    fn achieved(&mut self, accounts: &Accounts) {
        let plan_year = self.plan.program.år.value;
        for (year, jobs) in &accounts.oppnådde_arbeidsplasser {
            if *year >= plan_year {
                self.out.push(at(
                    Diagnostic::error(format!("Oppnådde arbeidsplasser for {year} kan ikke stå i regnskapet før planåret {plan_year} er omme")),
                    jobs,
                    format!("oppnådde_arbeidsplasser.{year}"),
                ));
                continue;
            }
            let results = self.plan.resultater.get_or_insert_with(|| EarlierResults {
                tekst: None,
                oppnådde_arbeidsplasser: BTreeMap::new(),
                oppnådd_samlet: None,
            });
            results
                .oppnådde_arbeidsplasser
                .insert(*year, At::new(jobs.value));
        }
    }
}

/// Whether a financing source is the carry-over from the year before.
pub fn is_carry_over(name: &str) -> bool {
    let name = name.to_lowercase();
    name.starts_with("overføring") || name.contains("bundet fond")
}

/// Merges the accounts into the plan. Gives the revision (when the accounts are for the right
/// year) and every problem found, as diagnostics about the accounts file.
pub fn apply(plan: &mut Plan, accounts: &Accounts) -> (Option<Revision>, Vec<Diagnostic>) {
    let mut merge = Merge {
        plan,
        out: Vec::new(),
    };
    if !merge.year(accounts) {
        return (None, merge.out);
    }
    if let Some(amount) = &accounts.overføring {
        merge.carry_over(amount);
    }
    for (i, actual) in accounts.finansiering.iter().enumerate() {
        merge.funding(i, actual);
    }
    for (i, actual) in accounts.innvilget.iter().enumerate() {
        merge.grant(i, actual);
    }
    merge.achieved(accounts);
    let approved = accounts.godkjent.value.0;
    let revised = accounts.revidert.as_ref().map_or(approved, |d| d.value.0);
    if revised < approved {
        merge.out.push(at(
            Diagnostic::error("Planen kan ikke revideres før regnskapet er godkjent"),
            accounts.revidert.as_ref().unwrap_or(&accounts.godkjent),
            "revidert".into(),
        ));
    }
    let revision = Revision {
        accounts_year: accounts.år.value,
        approved,
        revised,
    };
    (Some(revision), merge.out)
}

/// Merges the accounts into the plan and lists the figures that changed, totals included.
/// Gives no revision when the accounts are for the wrong year; the diagnostics are about the
/// accounts file.
pub fn revise(plan: &mut Plan, accounts: &Accounts) -> (Option<Revised>, Vec<Diagnostic>) {
    let before = labelled_figures(plan, &compute(plan));
    let (revision, diagnostics) = apply(plan, accounts);
    let revised = revision.map(|revision| Revised {
        revision,
        changes: changes(&before, &labelled_figures(plan, &compute(plan))),
    });
    (revised, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::tests::plan_from;
    use crate::plan::load::parse_yaml;

    fn accounts(yaml: &str) -> Accounts {
        parse_yaml::<Accounts>(std::path::Path::new("regnskap.yaml"), yaml.as_bytes())
            .map(|(_, a)| a)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    const DRANGEDAL: &str = include_str!("../data/drangedal-2024.yaml");

    fn drangedal() -> Plan {
        parse_yaml::<Plan>(std::path::Path::new("d.yaml"), DRANGEDAL.as_bytes())
            .map(|(_, p)| p)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_total_stays_provisional_while_any_part_is() {
        let mut plan = drangedal();
        assert_eq!(
            crate::figures::compute(&plan).financing_total,
            Figure::Unknown
        );
        let (_, diagnostics) = apply(
            &mut plan,
            &accounts("år: 2023\ngodkjent: 2024-04-18\noverføring: 450000\n"),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let after = crate::figures::compute(&plan);
        assert_eq!(
            after.financing_total,
            Figure::Provisional(rust_decimal::Decimal::from(5_815_000)),
            "the refunds are still provisional"
        );
    }

    #[test]
    fn the_example_accounts_make_every_figure_final_and_the_totals_meet() {
        let mut plan = drangedal();
        let (revision, diagnostics) = apply(
            &mut plan,
            &accounts(include_str!("../data/regnskap-2023.yaml")),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(revision.map(|r| r.accounts_year), Some(2023));
        let after = crate::figures::compute(&plan);
        assert_eq!(after.financing_total, after.total_cost);
        assert!(matches!(after.financing_total, Figure::Final(_)));
        let achieved = &plan.resultater.as_ref().unwrap().oppnådde_arbeidsplasser;
        assert_eq!(achieved.keys().copied().collect::<Vec<_>>(), [2022, 2023]);
    }

    #[test]
    fn accounts_for_the_wrong_year_are_refused() {
        let mut plan = drangedal();
        let (revision, diagnostics) =
            apply(&mut plan, &accounts("år: 2022\ngodkjent: 2023-04-18\n"));
        assert!(revision.is_none());
        assert!(diagnostics[0].is_error());
        assert!(
            diagnostics[0]
                .message
                .contains("skal revideres etter regnskapet for 2023")
        );
        assert_eq!(diagnostics[0].line, 1);
    }

    #[test]
    fn unknown_source_and_strategy_are_errors_with_suggestions() {
        let mut plan = drangedal();
        let (_, d) = apply(
            &mut plan,
            &accounts(
                "år: 2023\ngodkjent: 2024-04-18\nfinansiering:\n  - { kilde: Refusjon, beløp: 1 }\ninnvilget:\n  - { bokstav: Q, beløp: 1 }\n  - { bokstav: A, beløp: 1 }\n",
            ),
        );
        let messages: Vec<String> = d
            .iter()
            .map(|d| format!("{} | {:?}", d.message, d.help))
            .collect();
        assert_eq!(d.len(), 3, "{messages:#?}");
        assert!(
            messages[0].contains("ingen finansieringskilde som heter «Refusjon»")
                && messages[0].contains("mente du «Refusjoner»")
        );
        assert!(messages[1].contains("ingen strategi med bokstaven «Q»"));
        assert!(messages[2].contains("Strategi A står i 4 innsatsområder"));
        assert!(d.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn a_figure_that_was_never_provisional_is_a_warning_and_still_replaced() {
        let mut plan = drangedal();
        let (_, d) = apply(
            &mut plan,
            &accounts(
                "år: 2023\ngodkjent: 2024-04-18\ninnvilget:\n  - { bokstav: F, beløp: 200000 }\n",
            ),
        );
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert!(
            d[0].message.replace('\u{a0}', " ").contains(
                "var ikke foreløpig i planen (150 000 kr); regnskapet endrer det til 200 000 kr"
            ),
            "{}",
            d[0].message
        );
        let granted = plan.innsatsområder[4].strategier[0]
            .innvilget
            .as_ref()
            .map(|a| a.value.0);
        assert_eq!(
            granted,
            Some(Figure::Final(rust_decimal::Decimal::from(200_000)))
        );
    }

    #[test]
    fn provisional_figures_in_the_accounts_are_refused() {
        let mut plan = plan_from(&format!(
            "{}finansiering:\n  - {{ kilde: Overføring, beløp: 1 }}\n",
            crate::figures::tests::BASE
        ));
        let (_, d) = apply(
            &mut plan,
            &accounts("år: 2023\ngodkjent: 2024-04-18\noverføring: { foreløpig: 5 }\n"),
        );
        assert!(d[0].message.contains("kan ikke være foreløpig"));
    }
}
