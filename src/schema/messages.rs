//! The editor's messages in Norwegian, the last step of finishing a schema (`schema`): every
//! place that can fail carries an `errorMessage` (or `patternErrorMessage`) that says what to
//! write, in the words `check` uses. yaml-language-server shows those instead of its English
//! defaults, but only for some keywords, and it rewrites some of them when alternatives tie.
//! So the schema is also reshaped where the server would otherwise speak English or show a
//! pattern (found by experiment with the server in tools/lsp/, see tests/editor.rs):
//!
//! - a `type` is written as a list (`["integer"]`): the server merges tied alternatives'
//!   messages about a single type into «Incorrect type. Expected "a | b"», but not a list's;
//! - `const` and alternatives of `const` become one `enum` (with the values' explanations in
//!   `enumDescriptions` and `markdownEnumDescriptions`), whose message is never merged;
//! - `oneOf` becomes `anyOf` («Matches multiple schemas when only one must validate» has no
//!   message of ours); the plan's alternatives do not overlap, and `check` has the last word;
//! - limits (`minimum`, `minItems` …) have no message of ours, so they move into an `if`, and
//!   the `else` fails with the place's message;
//! - an object's `required` keys move into `allOf`, one entry per key with a message naming
//!   it, so that the object's own message can speak of its keys.

use crate::plan::scalar_schema::UNFILLED;
use serde_json::{Map, Value, json};

/// The limits whose English message the server always shows.
const LIMITS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
];

/// A text left as the «…» `handlingsplan new` writes, as `check` finds it: the text begins with
/// «…» once spaces are trimmed.
const FILLED: &str = "^\\s*([^…\\s][\\s\\S]*)?$";

/// Gives every place in `schema` a Norwegian message and the shapes above. `plan`: the plan's
/// schema, whose texts must not be the «…» of a new plan (the accounts have no such texts).
/// `aliases`: keys that are another form of a key beside them, left out of the lists of keys.
pub fn norwegian(schema: &mut Value, plan: bool, aliases: &[&str]) {
    visit(schema, None, &Context { plan, aliases });
}

struct Context<'a> {
    plan: bool,
    aliases: &'a [&'a str],
}

fn visit(value: &mut Value, inherited: Option<&str>, context: &Context) {
    let Value::Object(node) = value else {
        if let Value::Array(list) = value {
            for v in list {
                visit(v, inherited, context);
            }
        }
        return;
    };
    reshape(node);
    let message = message(node, inherited, context);
    if let Some(m) = &message {
        node.entry("errorMessage")
            .or_insert_with(|| Value::String(m.clone()));
        if node.contains_key("pattern") {
            node.entry("patternErrorMessage")
                .or_insert_with(|| Value::String(m.clone()));
        }
    }
    let message = node
        .get("errorMessage")
        .and_then(Value::as_str)
        .map(str::to_string);
    if context.plan && is_text(node) {
        node.insert("pattern".into(), FILLED.into());
        node.insert("patternErrorMessage".into(), UNFILLED.into());
    }
    limits_in_an_if(node, message.as_deref());
    required_one_by_one(node);
    for (key, child) in node.iter_mut() {
        match key.as_str() {
            // Alternatives of one value say what the value may be, as the value does.
            "anyOf" => visit(child, message.as_deref(), context),
            "properties" | "$defs" | "patternProperties" => {
                if let Some(children) = child.as_object_mut() {
                    for c in children.values_mut() {
                        visit(c, None, context);
                    }
                }
            }
            "allOf" | "items" | "additionalProperties" | "then" | "else" => {
                visit(child, None, context)
            }
            _ => {}
        }
    }
}

/// The shapes whose messages the server keeps: `enum` for `const`, `anyOf` for `oneOf`, a
/// list for a single `type`.
fn reshape(node: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let constants: Option<Vec<(Value, Value)>> =
            node.get(key).and_then(Value::as_array).and_then(|list| {
                list.iter()
                    .map(|v| {
                        let c = v.get("const")?.clone();
                        Some((c, v.get("description").cloned().unwrap_or_default()))
                    })
                    .collect()
            });
        if let Some(constants) = constants.filter(|c| !c.is_empty()) {
            node.remove(key);
            let (values, descriptions): (Vec<Value>, Vec<Value>) = constants.into_iter().unzip();
            node.insert("enum".into(), Value::Array(values));
            node.insert(
                "enumDescriptions".into(),
                Value::Array(descriptions.clone()),
            );
            node.insert(
                "markdownEnumDescriptions".into(),
                Value::Array(descriptions),
            );
            node.entry("type").or_insert_with(|| "string".into());
        }
    }
    if let Some(alternatives) = node.remove("oneOf") {
        node.insert("anyOf".into(), alternatives);
    }
    if let Some(c) = node.remove("const") {
        node.insert("enum".into(), json!([c]));
    }
    if let Some(Value::String(t)) = node.get("type") {
        let t = t.clone();
        node.insert("type".into(), json!([t]));
    }
}

/// The message for this place: its own, the value's it is an alternative of, or one made
/// from what the place holds.
fn message(
    node: &Map<String, Value>,
    inherited: Option<&str>,
    context: &Context,
) -> Option<String> {
    if let Some(own) = node.get("errorMessage").and_then(Value::as_str) {
        return Some(own.to_string());
    }
    if let Some(required) = node.get("required").and_then(Value::as_array)
        && !node.contains_key("type")
    {
        return Some(missing(required));
    }
    if inherited.is_some() && !node.contains_key("$ref") {
        return inherited.map(str::to_string);
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return Some(format!("Skriv en av: {}.", list(values)));
    }
    let types: Vec<&str> = node
        .get("type")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|t| *t != "null")
        .collect();
    let Some(first) = types.first() else {
        // Only `null`: the alternative that lets a key stand empty.
        return (node.get("type").is_some()).then(|| {
            "Skriv verdien som forklaringen til nøkkelen sier, eller la den stå tom.".into()
        });
    };
    let message = match first {
        &"object" => keys(node, context),
        &"array" if node.contains_key("minItems") => {
            "Her skal det stå en liste med minst ett punkt: hvert punkt på sin linje, med «- » foran.".into()
        }
        &"array" => "Her skal det stå en liste: hvert punkt på sin linje, med «- » foran.".into(),
        &"boolean" => "Skriv true eller false (ikke ja/nei eller yes/no).".into(),
        &"integer" | &"number" => whole_number(node),
        _ => "Her skal det stå en tekst. Ser den ut som et tall, en dato eller true/false, eller har den «: » i seg, skrives den i anførselstegn.".into(),
    };
    Some(message)
}

/// What an object may hold: its keys (not the other forms of them), or years as keys.
fn keys(node: &Map<String, Value>, context: &Context) -> String {
    let names: Vec<&str> = node
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.keys())
        .map(String::as_str)
        .filter(|k| !context.aliases.contains(k))
        .collect();
    if names.is_empty() {
        return "Her står ett årstall per linje med verdien etter kolon, f.eks. «2025: 10».".into();
    }
    format!(
        "Her kan disse nøklene stå, hver på sin linje med kolon etter: {}. En annen nøkkel er feilstavet eller står på feil sted.",
        names.join(", ")
    )
}

fn whole_number(node: &Map<String, Value>) -> String {
    match (node.get("minimum"), node.get("maximum")) {
        (Some(min), Some(max)) => format!("Skriv et helt tall fra {min} til {max}."),
        _ => "Skriv et helt tall, f.eks. 2.".into(),
    }
}

fn missing(required: &[Value]) -> String {
    format!(
        "Her mangler «{}:»: skriv den på en egen linje her.",
        required
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(":», «")
    )
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A free text of the plan: a string without a pattern or fixed values of its own.
fn is_text(node: &Map<String, Value>) -> bool {
    let types = node.get("type").and_then(Value::as_array);
    types.is_some_and(|t| t.iter().any(|t| t == "string"))
        && types.is_some_and(|t| t.iter().all(|t| t == "string" || t == "null"))
        && !node.contains_key("pattern")
        && !node.contains_key("enum")
}

/// The limits, in an `if` whose `else` fails with the place's message.
fn limits_in_an_if(node: &mut Map<String, Value>, message: Option<&str>) {
    let mut limits = Map::new();
    for key in LIMITS {
        if let Some(v) = node.remove(*key) {
            limits.insert((*key).to_string(), v);
        }
    }
    if limits.is_empty() {
        return;
    }
    let message = message.unwrap_or("Verdien er utenfor det som er tillatt her.");
    push_all_of(
        node,
        json!({ "if": limits, "else": { "type": ["null"], "errorMessage": message } }),
    );
}

/// An object's required keys, each in an `allOf` entry whose message names it.
fn required_one_by_one(node: &mut Map<String, Value>) {
    if !node.contains_key("type") {
        return;
    }
    let Some(Value::Array(required)) = node.remove("required") else {
        return;
    };
    for key in required {
        let message = missing(std::slice::from_ref(&key));
        push_all_of(node, json!({ "required": [key], "errorMessage": message }));
    }
}

fn push_all_of(node: &mut Map<String, Value>, entry: Value) {
    let all = node
        .entry("allOf")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Some(all) = all.as_array_mut() {
        all.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Every place of `value` that can fail, as (JSON pointer, why it would speak English).
    fn english_places(value: &Value, at: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(node) => {
                let has = |k: &str| node.contains_key(k);
                let mut say = |why: &str| out.push(format!("{at}: {why}"));
                if (has("type") || has("enum")) && !has("errorMessage") {
                    say("a type or values without errorMessage");
                }
                if has("pattern") && !has("patternErrorMessage") {
                    say("a pattern without patternErrorMessage");
                }
                if has("required") && !has("errorMessage") {
                    say("required keys without errorMessage");
                }
                if node.get("type").is_some_and(Value::is_string) {
                    say("a single type (its message is merged into English)");
                }
                for keyword in ["const", "oneOf"].iter().chain(super::LIMITS) {
                    if has(keyword) {
                        say(&format!("`{keyword}` (its message is English)"));
                    }
                }
                for (k, v) in node {
                    match (k.as_str(), v) {
                        // Only decides which branch applies; never shown.
                        ("if", _) => {}
                        ("properties" | "patternProperties" | "$defs", Value::Object(named)) => {
                            for (name, v) in named {
                                english_places(v, &format!("{at}/{k}/{name}"), out);
                            }
                        }
                        _ => english_places(v, &format!("{at}/{k}"), out),
                    }
                }
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    english_places(v, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_place_that_can_fail_has_a_norwegian_message() {
        for (name, text) in [
            ("plan", crate::schema::plan()),
            ("accounts", crate::schema::accounts()),
        ] {
            let schema: Value = serde_json::from_str(&text).unwrap();
            let mut places = Vec::new();
            english_places(&schema, "", &mut places);
            assert!(places.is_empty(), "{name}: {places:#?}");
        }
    }
}
