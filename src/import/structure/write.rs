//! The last step of the structure reader: the draft written as plan YAML, with every guess as
//! a `# importert:` comment and the summary at the end.

use super::draft::{Area, Draft};
use super::sections::STRATEGIES_INTRO;
use super::words::{bare, join_markdown, money};
use crate::import::text;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// A scalar as YAML: plain where safe, else double-quoted; Markdown with several lines as a
/// literal block at `indent`.
/// Paragraphs as one Markdown text, written as a block scalar at `indent`.
pub(super) fn paragraphs(paras: &[String], indent: usize) -> String {
    scalar(&(join_markdown(paras) + "\n"), indent)
}

/// A scalar as YAML: plain where safe, else double-quoted; Markdown with several lines as a
/// literal block at `indent`.
pub(super) fn scalar(text: &str, indent: usize) -> String {
    if text.contains('\n') {
        let pad = " ".repeat(indent);
        let mut out = String::from("|");
        for line in text.trim_end().split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        out
    } else {
        crate::plan::edit::plain_or_quoted(text)
    }
}

pub(super) fn comment(out: &mut String, d: &Draft, path: &str, indent: usize) {
    for g in d.guesses.get(path).into_iter().flatten() {
        let _ = writeln!(out, "{}# importert: {g}", " ".repeat(indent));
    }
}

/// The plan as YAML text with comments.
pub(super) fn write(d: &mut Draft) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Importert fra et Word-dokument med `handlingsplan import`. Linjer merket «importert:»\n# er tolket av leseren; se over dem, og sammendraget nederst.\n"
    );
    record_empty(d);
    write_program(&mut o, d);
    write_jobs(&mut o, d);
    o.push_str("innsatsområder:\n");
    if d.areas.is_empty() {
        o.push_str("  # importert: ingen innsatsområder ble funnet (overskrift med «Beskrivelse:» eller en strategitabell under)\n");
    }
    for i in 0..d.areas.len() {
        write_area(&mut o, d, i);
    }
    write_resources(&mut o, d);
    write_financing(&mut o, d);
    write_communication(&mut o, d);
    write_texts(&mut o, d);
    write_chapters(&mut o, d);
    write_summary(&mut o, d);
    o
}

/// `program:`: the programme's facts, each with where it was found or what to fill in.
fn write_program(o: &mut String, d: &mut Draft) {
    let (name, period, total_jobs) = derived_facts(d);
    o.push_str("program:\n");
    let name = name.as_deref().map(|n| scalar(n, 4));
    let region = d.region.as_deref().map(|n| scalar(n, 4));
    program_field(
        o,
        d,
        "navn",
        name,
        "programmets navn står ikke i dokumentet; fyll det inn",
    );
    program_field(
        o,
        d,
        "område",
        region,
        "«Omstilling i …» står ikke på forsiden; fyll inn kommunen eller regionen",
    );
    if let Some(v) = d.vision.as_deref().map(|v| scalar(v, 4)) {
        program_field(o, d, "visjon", Some(v), "");
    }
    if let Some(w) = d.plan_word.as_deref().map(|w| scalar(w, 4)) {
        program_field(o, d, "omstillingsplan", Some(w), "");
    }
    let year = d.year.map(|y| y.to_string());
    program_field(
        o,
        d,
        "år",
        year,
        "året står ikke på forsiden («Handlingsplan ÅÅÅÅ»); fyll det inn",
    );
    program_field(
        o,
        d,
        "periode",
        period.map(|(a, b)| format!("{{ fra: {a}, til: {b} }}")),
        "perioden står ikke i dokumentet; skriv { fra: ÅÅÅÅ, til: ÅÅÅÅ }",
    );
    program_field(
        o,
        d,
        "arbeidsplassmål",
        total_jobs.map(|n| n.to_string()),
        "arbeidsplassmålet for perioden står ikke i dokumentet; fyll det inn",
    );
    let board = d.board_date.clone().unwrap_or_default();
    let council = d.council_date.clone().unwrap_or_default();
    let _ = writeln!(
        o,
        "  styrebehandlet: {board}\n  kommunestyregodkjent: {council}"
    );
    write_written_form(o, d);
    if d.continuous {
        o.push_str("  # importert: dokumentet nummererer sine egne kapitler og malens seksjoner i ett\n  nummerering: sammenhengende\n");
    }
    o.push('\n');
}

/// The programme's period and job target where the document does not state them in words but
/// its job table gives them (its years, its sum), each with its guess; the name as read (a
/// name the document does not give is left empty, not made up).
fn derived_facts(d: &mut Draft) -> (Option<String>, Option<(i32, i32)>, Option<u32>) {
    let name = d.name.clone();
    let years: Vec<i32> = d
        .job_rows
        .iter()
        .flat_map(|(_, g)| g.keys().copied())
        .collect();
    let period = d
        .period
        .or_else(|| Some((*years.iter().min()?, *years.iter().max()?)));
    if d.period.is_none() && period.is_some() {
        d.guess(
            "program.periode",
            "perioden er årene i arbeidsplasstabellen".into(),
        );
    }
    let total_jobs = d.total_jobs.or_else(|| {
        (!d.job_rows.is_empty()).then(|| {
            d.job_rows
                .iter()
                .flat_map(|(_, g)| g.values())
                .fold(0u32, |s, n| s.saturating_add(*n))
        })
    });
    if d.total_jobs.is_none() && total_jobs.is_some() {
        d.guess(
            "program.arbeidsplassmål",
            "målet for perioden er summen av arbeidsplasstabellen".into(),
        );
    }
    (name, period, total_jobs)
}

/// One field of `program:`, with its guesses above it, or empty with what to fill in.
/// `målform: nynorsk` when the document is in nynorsk, with what told it.
fn write_written_form(o: &mut String, d: &mut Draft) {
    if let Some((nn, nb)) = d.nynorsk {
        d.guess(
            "program.målform",
            format!("dokumentet har {nn} ord som bare nynorsk har («ikkje», «frå», «kva» …), og {nb} som bare bokmål har"),
        );
        program_field(o, d, "målform", Some("nynorsk".into()), "");
    }
}

fn program_field(o: &mut String, d: &mut Draft, key: &str, value: Option<String>, missing: &str) {
    comment(o, d, &format!("program.{key}"), 2);
    match value {
        Some(v) => {
            let _ = writeln!(o, "  {key}: {v}");
        }
        None => {
            let _ = writeln!(o, "  # importert: {missing}\n  {key}:");
            d.empty
                .push((format!("program.{key}"), missing.to_string()));
        }
    }
}

/// Section 1: the job table's rows and note, and the texts that stand before section 2.
fn write_jobs(o: &mut String, d: &Draft) {
    o.push_str("arbeidsplasser:\n");
    if d.job_kind_industries {
        o.push_str("  fordelt_på: næringer\n");
    } else if d.jobs_undivided {
        o.push_str("  # importert: radene er ingen av innsatsområdene, men programmets mål per år\n  fordelt_på: ingen\n");
    }
    if d.job_rows.is_empty() {
        match d.year_jobs {
            // A plan that states the year's target in a sentence has no table to fill in.
            Some(jobs) => {
                comment(o, d, "arbeidsplasser.årets_mål", 2);
                let _ = writeln!(
                    o,
                    "  # importert: dokumentet har ingen tabell over arbeidsplassmål per år\n  årets_mål: {jobs}"
                );
            }
            None => o.push_str(
                "  # importert: arbeidsplasstabellen ble ikke funnet; fyll inn radene\n  rader: []\n",
            ),
        }
    } else {
        o.push_str("  rader:\n");
        for (name, goals) in &d.job_rows {
            let goals: Vec<String> = goals.iter().map(|(y, n)| format!("{y}: {n}")).collect();
            let _ = writeln!(
                o,
                "    - navn: {}\n      mål: {{ {} }}",
                scalar(name, 8),
                goals.join(", ")
            );
        }
    }
    if !d.job_note.is_empty() {
        let _ = writeln!(o, "  merknad: {}", paragraphs(&d.job_note, 4));
    }
    o.push('\n');
    if !d.results.is_empty() {
        let _ = writeln!(o, "resultater:\n  tekst: {}\n", paragraphs(&d.results, 4));
    }
    if !d.special.is_empty() {
        let _ = writeln!(
            o,
            "# importert: teksten under «Strategier og tiltak» som ikke er malens egen\nsærskilte_satsinger: {}\n",
            paragraphs(&d.special, 2)
        );
    }
}

/// One focus area of section 2: its texts, job target, figures and strategies.
fn write_area(o: &mut String, d: &Draft, i: usize) {
    let a = &d.areas[i];
    let _ = writeln!(o, "  - navn: {}", scalar(&a.name, 6));
    if a.no_jobs {
        o.push_str("    # importert: ingen rad med mål i arbeidsplasstabellen\n    uten_arbeidsplassmål: true\n");
    }
    for (key, value) in [
        ("beskrivelse", &a.description),
        ("effektmål", &a.impact),
        ("resultatmål", &a.result),
    ] {
        match value {
            Some(v) => {
                let _ = writeln!(o, "    {key}: {}", scalar(v, 6));
            }
            None => {
                let _ = writeln!(
                    o,
                    "    # importert: «{key}» står ikke i dokumentet\n    {key}:"
                );
            }
        }
    }
    if let Some(n) = area_jobs(d, a) {
        let _ = writeln!(o, "    arbeidsplassmål: {n}");
    }
    write_area_figures(o, d, i);
    if a.strategies.is_empty() {
        o.push_str("    # importert: ingen strategitabell ble funnet under innsatsområdet\n    strategier: []\n");
    } else {
        o.push_str("    strategier:\n");
    }
    for j in 0..a.strategies.len() {
        write_strategy(o, d, i, j);
    }
    if !a.comment.is_empty() {
        let _ = writeln!(
            o,
            "    # importert: innsatsområdets tekst etter strategiene, som ikke passet i noe annet felt\n    kommentar: {}",
            paragraphs(&a.comment, 6)
        );
    }
    o.push('\n');
}

/// An area's job target for the plan year, from its row in the job table.
fn area_jobs(d: &Draft, a: &Area) -> Option<u32> {
    if a.no_jobs {
        return None;
    }
    let key = bare(&a.name).to_lowercase();
    let (_, goals) = d
        .job_rows
        .iter()
        .find(|(n, _)| bare(n).to_lowercase() == key)?;
    goals.get(&d.year?).copied()
}

/// An area's budget, applicable funds and the programme's effort on it.
fn write_area_figures(o: &mut String, d: &Draft, i: usize) {
    let a = &d.areas[i];
    comment(o, d, &format!("innsatsområder[{i}].budsjett"), 4);
    if let Some(b) = a.budget {
        let _ = writeln!(o, "    budsjett: {}", yaml_amount(b));
    }
    if let Some(b) = a.applicable {
        let _ = writeln!(o, "    søkbare_midler: {}", yaml_amount(b));
    }
    if let Some(b) = a.effort {
        let _ = writeln!(
            o,
            "    # importert: fra tabell 3.1, kolonnen Programmets ressursinnsats\n    ressursinnsats: {}",
            yaml_amount(b)
        );
    }
}

/// One strategy of an area.
fn write_strategy(o: &mut String, d: &Draft, i: usize, j: usize) {
    let s = &d.areas[i].strategies[j];
    if s.id.is_empty() {
        // A strategy the document lists without a letter or number.
        let _ = writeln!(o, "      - navn: {}", scalar(&s.name, 10));
    } else {
        let _ = writeln!(o, "      - bokstav: {}", scalar(&s.id, 10));
        let _ = writeln!(o, "        navn: {}", scalar(&s.name, 10));
    }
    comment(
        o,
        d,
        &format!("innsatsområder[{i}].strategier[{j}].innhold"),
        8,
    );
    for (key, value) in [
        ("innhold", &s.content),
        ("tiltak", &s.measures),
        ("prosjektmål", &s.goal),
    ] {
        if let Some(v) = value {
            let _ = writeln!(o, "        {key}: {}", scalar(v, 10));
        }
    }
    if let Some(b) = s.budget {
        let _ = writeln!(o, "        budsjett: {}", yaml_amount(b));
    }
    if let Some(b) = s.applicable {
        let _ = writeln!(o, "        søkbare_midler: {}", yaml_amount(b));
    }
    if let Some(b) = s.granted {
        let _ = writeln!(o, "        innvilget: {}", yaml_amount(b));
    }
    if let Some(n) = &s.note {
        let _ = writeln!(
            o,
            "        # importert: det dokumentet skriver ved strategien utenom malens felt (tekst ved beløpet, andre års beløp, egne kolonner)\n        merknad: {}",
            scalar(n, 10)
        );
    }
}

/// Section 3.1's figures outside the areas: the programme's own effort, the other cost lines
/// and the administration.
fn write_resources(o: &mut String, d: &Draft) {
    if let Some((label, amount)) = &d.programme_effort {
        let _ = writeln!(
            o,
            "# importert: raden «{label}» i budsjettabellen: programmets egen innsats, fordelt etter budsjettet\nprogrammets_ressursinnsats:\n  beløp: {}\n",
            yaml_amount(*amount)
        );
    }
    if !d.other_costs.is_empty() {
        o.push_str("# importert: budsjettets rader som verken er et innsatsområde eller administrasjonen\nandre_kostnader:\n");
        for (name, amount) in &d.other_costs {
            let _ = writeln!(
                o,
                "  - navn: {}\n    beløp: {}",
                scalar(name, 6),
                yaml_amount(*amount)
            );
        }
        o.push('\n');
    }
    match d.administration {
        Some(a) => {
            let _ = writeln!(o, "administrasjon:\n  beløp: {}\n", yaml_amount(a));
        }
        None => o.push_str("administrasjon:\n  # importert: dokumentet oppgir ikke administrasjonen (raden «Administrative kostnader» i tabell 3.1); fyll inn beløpet når det er kjent\n  beløp: { foreløpig: ukjent }\n\n"),
    }
}

/// Section 4: the communication plan's text and activities.
fn write_communication(o: &mut String, d: &Draft) {
    if d.communication.is_empty() && d.activities.is_empty() {
        return;
    }
    o.push_str("kommunikasjonsplan:\n");
    if !d.communication.is_empty() {
        let _ = writeln!(o, "  tekst: {}", paragraphs(&d.communication, 4));
    }
    if !d.activities.is_empty() {
        o.push_str("  aktiviteter:\n");
    }
    for a in &d.activities {
        let _ = writeln!(o, "    - aktivitet: {}", scalar(&a.name, 8));
        for (key, v) in [
            ("målgruppe", &a.audience),
            ("kanal", &a.channel),
            ("ansvar", &a.responsible),
        ] {
            if let Some(v) = v {
                let _ = writeln!(o, "      {key}: {}", scalar(v, 8));
            }
        }
        let _ = writeln!(
            o,
            "      måneder: {}",
            crate::plan::edit::plain_or_quoted(&a.months)
        );
    }
    o.push('\n');
}

/// The plan's own chapters, each at its place and level.
fn write_chapters(o: &mut String, d: &Draft) {
    if d.chapters.is_empty() {
        return;
    }
    o.push_str("kapitler:\n");
    for c in &d.chapters {
        match &c.heading {
            Some(h) => {
                let _ = writeln!(o, "  - overskrift: {}", scalar(h, 6));
                let _ = writeln!(o, "    plassering: {}", c.place);
            }
            None => {
                let _ = writeln!(o, "  - plassering: {}", c.place);
            }
        }
        if c.level != default_level(c.place) {
            let _ = writeln!(o, "    nivå: {}", c.level);
        }
        if !c.text.is_empty() {
            let _ = writeln!(o, "    tekst: {}", paragraphs(&c.text, 6));
        }
    }
    o.push('\n');
}

/// The values of the areas and of section 3 the document does not give, for the summary
/// (the programme's are recorded as they are written).
fn record_empty(d: &mut Draft) {
    let mut empty = Vec::new();
    for (i, a) in d.areas.iter().enumerate() {
        for (key, value) in [
            ("beskrivelse", &a.description),
            ("effektmål", &a.impact),
            ("resultatmål", &a.result),
        ] {
            if value.is_none() {
                empty.push((
                    format!("innsatsområder[{i}].{key}"),
                    format!("«{}»", a.name),
                ));
            }
        }
        if a.strategies.is_empty() {
            empty.push((
                format!("innsatsområder[{i}].strategier"),
                format!("«{}»", a.name),
            ));
        }
    }
    if d.areas.is_empty() {
        empty.push(("innsatsområder".into(), String::new()));
    }
    if d.job_rows.is_empty() && d.year_jobs.is_none() {
        empty.push(("arbeidsplasser.rader".into(), String::new()));
    }
    if d.administration.is_none() {
        empty.push(("administrasjon.beløp".into(), String::new()));
    }
    if d.financing.is_empty() {
        empty.push(("finansiering".into(), String::new()));
    }
    d.empty.extend(empty);
}

/// The summary's notes on what needs a look, each about its field: every value left empty
/// and every guess, each once.
pub(super) fn review(d: &Draft) -> Vec<crate::import::Note> {
    let empty = d.empty.iter().map(|(path, what)| {
        let text = if what.is_empty() {
            "tomt: ikke funnet i dokumentet".to_string()
        } else {
            format!("tomt: ikke funnet i dokumentet ({what})")
        };
        crate::import::Note::on(path, text)
    });
    let guessed = d.guesses.iter().map(|(path, texts)| {
        crate::import::Note::on(path, format!("gjettet {}", texts.join("; ")))
    });
    empty.chain(guessed).collect()
}

/// The summary at the end: what became what, then what needs a look.
fn write_summary(o: &mut String, d: &Draft) {
    o.push_str("# ── Sammendrag av importen ──\n");
    for f in &d.found {
        let _ = writeln!(o, "# - {f}");
    }
    for n in &d.notes {
        let _ = writeln!(o, "# - se over: {n}");
    }
    for r in review(d) {
        let _ = writeln!(o, "# - {r}");
    }
}

/// The plan's own words where the template has fixed texts and headings (`tekster:`,
/// `overskrifter:`), and its numbering.
pub(super) fn write_texts(o: &mut String, d: &Draft) {
    let mut texts: Vec<(&str, &str, String)> = Vec::new();
    if !d.goals_intro.is_empty() {
        texts.push((
            "mål_innledning",
            "teksten i seksjon 1 før arbeidsplasstabellen",
            join_markdown(&d.goals_intro) + "\n",
        ));
    }
    let standard = STRATEGIES_INTRO.iter().any(|form| {
        d.strategies_intro.len() == form.len()
            && d.strategies_intro
                .iter()
                .zip(form)
                .all(|(a, b)| text::normalize(a) == *b)
    });
    if !d.strategies_intro.is_empty() && !standard {
        texts.push((
            "strategier_innledning",
            "teksten under overskriften for seksjon 2, i stedet for malens",
            join_markdown(&d.strategies_intro) + "\n",
        ));
    }
    for (key, text) in &d.texts {
        let why = match *key {
            "arbeidsplasser_innledning" => "setningen over arbeidsplasstabellen",
            "arbeidsplasser_sum" => "sumraden i arbeidsplasstabellen",
            "mål_innsatsområder" => "setningen over listen over innsatsområdene",
            _ => "dokumentets egen tekst",
        };
        texts.push((key, why, text.clone()));
    }
    if !texts.is_empty() {
        o.push_str("tekster:\n");
        for (key, why, text) in &texts {
            let _ = writeln!(o, "  # importert: {why}\n  {key}: {}", scalar(text, 4));
        }
        o.push('\n');
    }
    if !d.headings.is_empty() {
        o.push_str(
            "# importert: dokumentets egne overskrifter på malens seksjoner\noverskrifter:\n",
        );
        for (key, heading) in &d.headings {
            let _ = writeln!(o, "  {key}: {}", scalar(heading, 4));
        }
        o.push('\n');
    }
}

/// Section 3.2: the sources, with the note under the table and the sum row's explanation
/// when the document has them.
pub(super) fn write_financing(o: &mut String, d: &Draft) {
    let table = !d.financing_note.is_empty() || d.financing_total_note.is_some();
    o.push_str("finansiering:\n");
    let pad = if table { "    " } else { "  " };
    if table {
        if !d.financing_note.is_empty() {
            let note = d.financing_note.join(" ");
            let note = note.trim_start_matches('*').trim();
            let _ = writeln!(o, "  merknad: {}", scalar(note, 4));
        }
        if let Some(n) = &d.financing_total_note {
            let _ = writeln!(o, "  sum_forklaring: {}", scalar(n, 4));
        }
        o.push_str("  kilder:\n");
    }
    if d.financing.is_empty() {
        let _ = writeln!(
            o,
            "{pad}# importert: finansieringstabellen (3.2) ble ikke funnet; fyll inn kildene\n{pad}[]"
        );
    }
    for s in &d.financing {
        let _ = writeln!(o, "{pad}- kilde: {}", scalar(&s.name, pad.len() + 4));
        let inner = format!("{pad}  ");
        for c in &s.comment {
            let _ = writeln!(o, "{inner}# importert: {c}");
        }
        match (s.amount, &s.share) {
            (Some(a), share) => {
                if let Some(share) = share {
                    let _ = writeln!(
                        o,
                        "{inner}# importert: andelen {share} står i dokumentet; beløpet brukes"
                    );
                }
                let _ = writeln!(o, "{inner}beløp: {}", yaml_amount(a));
            }
            (None, Some(share)) => {
                let _ = writeln!(
                    o,
                    "{inner}andel: {}",
                    crate::plan::edit::plain_or_quoted(share)
                );
            }
            (None, None) => {
                if s.unknown.is_none() {
                    let _ = writeln!(
                        o,
                        "{inner}# importert: verken andel eller beløp står i dokumentet"
                    );
                }
                let _ = writeln!(o, "{inner}beløp: {{ foreløpig: ukjent }}");
            }
        }
        if let Some(e) = &s.explanation {
            let _ = writeln!(o, "{inner}forklaring: {}", scalar(e, inner.len() + 2));
        }
    }
    o.push('\n');
}

/// The level a chapter at `place` has by default (as `ChapterPlace::default_level`).
pub(super) fn default_level(place: &str) -> u8 {
    if place == "før_1" || place == "etter_4" {
        1
    } else {
        2
    }
}

/// An amount as the plan writes it.
pub(super) fn yaml_amount(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() == 0 {
        n.to_string()
    } else {
        format!("\"{}\"", money(d))
    }
}
