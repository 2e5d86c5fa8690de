//! The JSON Schema of the plan and the accounts file, beside the pipeline: what an editor
//! (yaml-language-server, the engine of VS Code's YAML extension) completes, explains and marks
//! while the user writes. schemars derives it from the input model (`plan`, `accounts`); this
//! module finishes it so that the editor completes at every level and accepts what `check`
//! accepts: no `"default": null` (yaml-language-server offers no completion in an object
//! whose properties carry one), the fixed texts' names under `tekster`, and the nynorsk forms
//! of the keys and values, accepted but not offered twice; and, last, a Norwegian message for
//! every place that can fail (`messages`).

mod messages;

use serde_json::{Map, Value, json};

pub use crate::plan::NYNORSK_KEYS;

/// The nynorsk form of the names under `tekster` and of the fixed values (`fordelt_på`,
/// `type`, `enhet`) whose bokmål form differs.
pub const NYNORSK_VALUES: &[(&str, &str)] = &[
    ("mål_innledning", "mål_innleiing"),
    ("mål_innsatsområder", "mål_innsatsområde"),
    ("arbeidsplasser_innledning", "arbeidsplassar_innleiing"),
    ("arbeidsplasser_sum", "arbeidsplassar_sum"),
    ("strategier_innledning", "strategiar_innleiing"),
    (
        "merknad_uten_arbeidsplassmål",
        "merknad_utan_arbeidsplassmål",
    ),
    ("innsatsområder", "innsatsområde"),
    ("næringer", "næringar"),
    ("annet", "anna"),
    ("antall", "antal"),
];

/// The plan format's schema as pretty JSON.
pub fn plan() -> String {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(crate::plan::Plan)).unwrap_or(Value::Null);
    let texts = serde_json::to_value(schemars::schema_for!(crate::plan::TemplateText))
        .unwrap_or(Value::Null);
    if let Some(tekster) = schema.pointer_mut("/properties/tekster") {
        name_the_texts(tekster, &texts);
    }
    finish(&mut schema, true);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The accounts file's schema as pretty JSON.
pub fn accounts() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(crate::accounts::Accounts))
        .unwrap_or(Value::Null);
    finish(&mut schema, false);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// What every schema gets: no null defaults, the nynorsk keys and values, and the messages.
/// `plan`: the plan's schema (not the accounts').
fn finish(schema: &mut Value, plan: bool) {
    walk(schema, &mut |node| {
        if node.get("default") == Some(&Value::Null) {
            node.remove("default");
        }
        nynorsk_keys(node);
        nynorsk_values(node);
    });
    let aliases: Vec<&str> = NYNORSK_KEYS
        .iter()
        .chain(NYNORSK_VALUES)
        .map(|(_, nynorsk)| *nynorsk)
        .collect();
    messages::norwegian(schema, plan, &aliases);
}

/// Every object in the schema, depth first.
fn walk(value: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            f(map);
            for v in map.values_mut() {
                walk(v, f);
            }
        }
        Value::Array(list) => {
            for v in list {
                walk(v, f);
            }
        }
        _ => {}
    }
}

/// `tekster:` with each fixed text's name as a property (its description from the variant's
/// documentation), so the editor offers them, and nothing else.
fn name_the_texts(tekster: &mut Value, texts: &Value) {
    let Some(object) = tekster.as_object_mut() else {
        return;
    };
    let mut properties = Map::new();
    for variant in texts
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = variant
            .get("const")
            .or_else(|| variant.pointer("/enum/0"))
            .and_then(Value::as_str);
        if let Some(name) = name {
            let description = variant
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            properties.insert(
                name.to_string(),
                json!({ "type": "string", "description": description }),
            );
        }
    }
    for name in texts
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        properties
            .entry(name.to_string())
            .or_insert_with(|| json!({ "type": "string" }));
    }
    object.insert("properties".into(), Value::Object(properties));
    object.insert("additionalProperties".into(), Value::Bool(false));
}

/// Each bokmål key with a nynorsk form gets that form beside it: accepted, described, not
/// offered (`doNotSuggest`, yaml-language-server's own keyword), and a required key may be
/// written either way.
fn nynorsk_keys(node: &mut Map<String, Value>) {
    let Some(properties) = node.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    let mut either = Vec::new();
    for (bokmål, nynorsk) in NYNORSK_KEYS {
        let Some(property) = properties.get_mut(*bokmål) else {
            continue;
        };
        let mut alias = property.clone();
        if let Some(p) = property.as_object_mut() {
            let text = p
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!("{d}\n\nPå nynorsk: `{nynorsk}`."))
                .unwrap_or_else(|| format!("På nynorsk: `{nynorsk}`."));
            p.insert("description".into(), Value::String(text));
        }
        if let Some(a) = alias.as_object_mut() {
            let text = a
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!("{d}\n\n(Nynorsk for `{bokmål}`.)"))
                .unwrap_or_else(|| format!("Nynorsk for `{bokmål}`."));
            a.insert("description".into(), Value::String(text));
            a.insert("doNotSuggest".into(), Value::Bool(true));
            // yaml-language-server reads a `$ref` in place of its siblings, `doNotSuggest`
            // among them; under `allOf` the reference keeps them.
            if let Some(reference) = a.remove("$ref") {
                a.insert("allOf".into(), json!([{ "$ref": reference }]));
            }
        }
        properties.insert((*nynorsk).to_string(), alias);
        either.push((*bokmål, *nynorsk));
    }
    let Some(required) = node.get_mut("required").and_then(Value::as_array_mut) else {
        return;
    };
    let mut rules = Vec::new();
    for (bokmål, nynorsk) in either {
        if required.iter().any(|r| r == bokmål) {
            required.retain(|r| r != bokmål);
            rules.push(json!({ "anyOf": [ { "required": [bokmål] }, { "required": [nynorsk] } ] }));
        }
    }
    if required.is_empty() {
        node.remove("required");
    }
    if !rules.is_empty() {
        let all = node
            .entry("allOf")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Some(all) = all.as_array_mut() {
            all.extend(rules);
        }
    }
}

/// The nynorsk forms of fixed values, beside the bokmål ones in an enumeration; and in the
/// `tekster` properties, the nynorsk names accepted but not offered.
fn nynorsk_values(node: &mut Map<String, Value>) {
    if let Some(variants) = node.get_mut("oneOf").and_then(Value::as_array_mut) {
        for (bokmål, nynorsk) in NYNORSK_VALUES {
            let variant = variants
                .iter()
                .find(|v| v.get("const").is_some_and(|c| c == bokmål))
                .cloned();
            if let Some(mut variant) = variant {
                variant["const"] = Value::String((*nynorsk).to_string());
                variant["description"] = Value::String(format!("Nynorsk for `{bokmål}`."));
                variant["doNotSuggest"] = Value::Bool(true);
                variants.push(variant);
            }
        }
    }
    if let Some(values) = node.get_mut("enum").and_then(Value::as_array_mut) {
        for (bokmål, nynorsk) in NYNORSK_VALUES {
            if values.iter().any(|v| v == bokmål) && !values.iter().any(|v| v == nynorsk) {
                values.push(Value::String((*nynorsk).to_string()));
            }
        }
    }
    if node.get("const").is_some() {
        return;
    }
    let Some(properties) = node.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (bokmål, nynorsk) in NYNORSK_VALUES {
        if let Some(property) = properties.get(*bokmål)
            && !properties.contains_key(*nynorsk)
            && bokmål.contains('_')
        {
            let mut alias = property.clone();
            if let Some(a) = alias.as_object_mut() {
                a.insert("doNotSuggest".into(), Value::Bool(true));
                a.insert(
                    "description".into(),
                    Value::String(format!("Nynorsk for `{bokmål}`.")),
                );
            }
            properties.insert((*nynorsk).to_string(), alias);
        }
    }
}
