//! The JSON Schema of the input model's scalars (amounts, shares, counts, years, dates,
//! months), for the editor: each accepts what its reader in `scalar` and `months` accepts, as
//! far as a JSON Schema pattern can say it, and refuses what `check` refuses there (negative
//! amounts, month 13, «blå» for a colour). The whole schema is finished in the top-level
//! `schema` module.

use super::months::Months;
use super::scalar::{
    Amount, Date, Jobs, MAX_JOBS, MAX_POPULATION, MAX_YEAR, MIN_YEAR, Quantity, Share,
};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::json;
use std::borrow::Cow;

/// Spaces a Norwegian number may have between its digits: space, no-break space, narrow
/// no-break space (as `parse_norwegian_amount` removes them).
const GAP: &str = "[ \u{a0}\u{202f}]*";

/// A non-negative amount as text, as `parse_norwegian_amount` reads it: digits with spaces
/// between them, at most two decimals after a comma, «kr» before or after, «,-» at the end.
fn amount_text() -> String {
    format!("\\s*(kr)?{GAP}([0-9]{GAP})+(,{GAP}([0-9]{GAP}){{0,2}})?(kr)?(,-)?\\s*")
}

/// The largest amount, as JSON.
const MAX_AMOUNT: u64 = 1_000_000_000_000;

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Beløp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let text = format!("^{}$", amount_text());
        let provisional = json!({
            "description": "Det foreløpige beløpet, eller `ukjent` når det ikke er kjent før regnskapet er godkjent. På nynorsk: `førebels`, `ukjend`.",
            "errorMessage": "Det foreløpige beløpet skrives i hele kroner, 500000 eller \"500 000\", eller `ukjent` når det ikke er kjent før regnskapet er godkjent.",
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": MAX_AMOUNT },
                { "type": "string", "pattern": text.clone() },
                { "type": "string", "pattern": "^\\s*[uU][kK][jJ][eE][nN][tTdD]\\s*$", "examples": ["ukjent"] }
            ]
        });
        json_schema!({
            "description": "Beløp i hele kroner, ikke negativt: heltall (500000), tekst med mellomrom (\"500 000\", \"500 000 kr\", \"12 500,50\"), eller foreløpig: { foreløpig: 500000 } / { foreløpig: ukjent }. Aldri 500.000 (YAML leser det som 500).",
            "errorMessage": "Et beløp skrives i hele kroner uten punktum, ikke negativt: 500000, eller i anførselstegn med mellomrom: \"500 000\" (øre: \"12 500,50\"). Er det ikke kjent ennå: { foreløpig: ukjent }.",
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": MAX_AMOUNT },
                { "type": "string", "pattern": text.clone() },
                { "type": "object", "additionalProperties": false, "required": ["foreløpig"],
                  "properties": { "foreløpig": provisional.clone() } },
                { "type": "object", "additionalProperties": false, "required": ["førebels"],
                  "doNotSuggest": true,
                  "properties": { "førebels": provisional } },
                { "const": "…", "doNotSuggest": true }
            ],
            "allOf": [unfilled()]
        })
    }
}

impl JsonSchema for Share {
    fn schema_name() -> Cow<'static, str> {
        "Andel".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Andel i prosent, 0–100: 50, 12.5 eller \"12,5 %\".",
            "errorMessage": "En andel er prosent fra 0 til 100: 50, 12.5 eller \"12,5 %\".",
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 100 },
                { "type": "string", "pattern": "^\\s*0*(100([.,]0{0,4})?|[0-9]{1,2}([.,][0-9]{0,4})?|[.,][0-9]{1,4})\\s*%*\\s*$" }
            ]
        })
    }
}

impl JsonSchema for Jobs {
    fn schema_name() -> Cow<'static, str> {
        "Arbeidsplasser".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Antall arbeidsplasser: et helt tall fra 0, f.eks. 40.",
            "errorMessage": "Antall arbeidsplasser skrives som et helt tall fra 0, f.eks. 40.",
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": MAX_JOBS },
                { "type": "string", "pattern": "^\\s*\\+?[0-9]+\\s*$" },
                { "const": "…", "doNotSuggest": true }
            ],
            "allOf": [unfilled()]
        })
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Tall".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Et tall i målets enhet, ikke negativt: heltall (12, 500000) eller tekst (\"500 000\", \"12,5 %\"). Aldri 500.000.",
            "errorMessage": "Et tall i målets enhet, ikke negativt: 12 eller 500000, eller i anførselstegn: \"500 000\", \"12,5 %\". Aldri med punktum som 500.000.",
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": MAX_AMOUNT },
                { "type": "string", "pattern": format!("^{}(%\\s*)?$", amount_text()) }
            ]
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Dato".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let month = "(0?[1-9]|1[0-2])";
        let day = "(0?[1-9]|[12][0-9]|3[01])";
        json_schema!({
            "type": "string",
            "description": "Dato, ÅÅÅÅ-MM-DD (2025-12-09) eller DD.MM.ÅÅÅÅ (9.12.2025), med årstallet i fire sifre.",
            "errorMessage": "En dato skrives ÅÅÅÅ-MM-DD (2025-12-09) eller DD.MM.ÅÅÅÅ (9.12.2025), med årstallet i fire sifre og en måned og dag som finnes.",
            "pattern": format!("^\\s*([0-9]{{4}}-{month}-{day}|{day}\\.{month}\\.[0-9]{{4}})\\s*$"),
            "examples": ["2025-12-09"]
        })
    }
}

/// A year (`år`, `periode`, `til`): 1900–2200, as a number or as digits in quotes.
pub struct Year;

impl JsonSchema for Year {
    fn schema_name() -> Cow<'static, str> {
        "År".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Et årstall med fire sifre, f.eks. 2025.",
            "errorMessage": "Skriv et årstall fra 1900 til 2200 med fire sifre, f.eks. 2025.",
            "anyOf": [
                { "type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR },
                { "type": "string", "pattern": "^\\s*\\+?(19[0-9]{2}|2[01][0-9]{2}|2200)\\s*$" }
            ]
        })
    }
}

/// A municipality's inhabitants: a whole number, or digits in quotes.
pub struct Population;

impl JsonSchema for Population {
    fn schema_name() -> Cow<'static, str> {
        "Innbyggere".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Antall innbyggere, et helt tall, f.eks. 4585.",
            "errorMessage": "Antall innbyggere skrives som et helt tall uten mellomrom, f.eks. 4585.",
            "anyOf": [
                { "type": "integer", "minimum": 0, "maximum": MAX_POPULATION },
                { "type": "string", "pattern": "^\\s*\\+?[0-9]+\\s*$" },
                { "const": "…", "doNotSuggest": true }
            ],
            "allOf": [unfilled()]
        })
    }
}

/// A colour as `check` reads it: `#` and six hexadecimal digits.
pub struct Colour;

impl JsonSchema for Colour {
    fn schema_name() -> Cow<'static, str> {
        "Farge".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "Aksentfarge i programmets grafiske profil, heksadesimal i anførselstegn, f.eks. \"#1F4E79\" (mørk nok til hvit tekst: kontrast minst 4,5:1).",
            "errorMessage": "En farge skrives som # og seks heksadesimale sifre, i anførselstegn, f.eks. \"#1F4E79\".",
            "pattern": "^\\s*#[0-9A-Fa-f]{6}\\s*$",
            "examples": ["#1F4E79"]
        })
    }
}

/// Letters in either case, for a pattern without flags: «Mar» → `[mM][aA][rR]`.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            let (lower, upper): (String, String) =
                (c.to_lowercase().collect(), c.to_uppercase().collect());
            if lower == upper {
                regex_literal(c)
            } else {
                format!("[{lower}{upper}]")
            }
        })
        .collect()
}

fn regex_literal(c: char) -> String {
    if c.is_alphanumeric() || c == ' ' {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// A month's name or a prefix of it of at least three letters, in any case, with dots after:
/// `mar`, `Mars`, `sept.`.
fn month_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let head: String = chars[..3].iter().collect();
    let mut tail = String::new();
    for c in chars[3..].iter().rev() {
        tail = format!("({}{tail})?", any_case(&c.to_string()));
    }
    format!("{}{tail}\\.*", any_case(&head))
}

/// One month: its number (1–12, leading zeros allowed) or its name.
fn month() -> String {
    let names: Vec<String> = crate::format::MONTHS
        .iter()
        .map(|n| month_name(n))
        .collect();
    format!("(0*([1-9]|1[0-2])|{})", names.join("|"))
}

/// A month or a span of months (`sep–des`, `9-12`), spaces allowed around the dash.
fn month_span() -> String {
    let m = month();
    format!("\\s*{m}\\s*([-–—]\\s*{m}\\s*)?")
}

/// «løpende», «hele året» and their other spellings, in any case, as `months` reads them.
fn ongoing() -> String {
    let words = [
        "løpende",
        "løpande",
        "hele året",
        "heile året",
        "hele år",
        "helårs",
        "heilårs",
    ];
    let words: Vec<String> = words
        .iter()
        .map(|w| any_case(w).replace(' ', "\\s+"))
        .collect();
    format!("^\\s*({})\\s*$", words.join("|"))
}

impl JsonSchema for Months {
    fn schema_name() -> Cow<'static, str> {
        "Måneder".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let span = month_span();
        let list = format!("^{span}([,/;]{span})*$");
        json_schema!({
            "description": "Når i året: en måned (`3` eller `mars`), et spenn (`\"9-12\"`, `sep–des`, over nyttår `des–jan`), en liste av dem (`[jan, mars, sep–des]`), eller `løpende` / `hele året` (nynorsk `løpande` / `heile året`).",
            "errorMessage": "Skriv en måned (3 eller mars), et spenn (sep–des eller \"9-12\"), en liste av dem ([jan, mars, sep–des]) eller løpende / hele året.",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 12 },
                { "type": "string", "enum": ["løpende", "hele året", "løpande", "heile året"] },
                { "type": "string", "pattern": ongoing() },
                { "type": "string", "pattern": list, "examples": ["mars", "sep–des", "des–jan", "9-12"] },
                { "type": "array", "minItems": 1, "items": {
                    "errorMessage": "En måned i listen skrives som tallet (3), navnet (mars) eller et spenn (sep–des).",
                    "anyOf": [
                    { "type": "integer", "minimum": 1, "maximum": 12 },
                    { "type": "string", "pattern": format!("^{span}$") }
                ] } }
            ]
        })
    }
}

/// The blank template's «…» in a figure: read, but marked as still to fill in, in `check`'s
/// words (the editor shows the message of the `else` that fails).
fn unfilled() -> serde_json::Value {
    serde_json::json!({
        "if": { "not": { "const": "…" } },
        "else": { "type": ["null"], "errorMessage": UNFILLED }
    })
}

/// What the editor says of a «…» left from `handlingsplan new`, in `check`'s words.
pub const UNFILLED: &str = "«…» er ikke fylt ut: skriv inn det som skal stå der «…» står (fra `handlingsplan new`), eller fjern det planen ikke trenger.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_match_as_months_reads_them() {
        let re = format!("^{}$", month_span());
        // A pattern is checked here by its shape; tests/editor.rs runs it in the editor.
        assert!(re.contains("[sS][eE][pP]([tT]([eE]([mM]([bB]([eE]([rR])?)?)?)?)?)?\\.*"));
        assert!(ongoing().contains("[hH][eE][iI][lL][eE]\\s+[åÅ][rR][eE][tT]"));
    }
}
