//! The JSON Schema in the editor most users have: yaml-language-server (the engine of VS Code's
//! YAML extension), installed by `.ci/test` into tools/lsp/, driven over stdio as an editor
//! drives it (LSP: initialize, the `yaml.schemas` setting, didOpen, publishDiagnostics,
//! completion). The example plans show no problem, completion offers the keys at every level
//! with Norwegian explanations, and on a table of inputs the editor and `check` agree.

mod common;

use common::{data, root, run};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The language server as installed by `.ci/test` (`npm ci` in tools/lsp/).
fn server_script() -> PathBuf {
    let script =
        root().join("tools/lsp/node_modules/yaml-language-server/bin/yaml-language-server");
    assert!(
        script.exists(),
        "yaml-language-server is not installed: run `bash .ci/test` (or `npm ci` in tools/lsp/)"
    );
    script
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A running yaml-language-server with the plan schema set for every `*.yaml` without a
/// `$schema` line of its own.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    settings: Value,
}

impl Server {
    fn start() -> Server {
        let schema = uri(&root().join("handlingsplan.schema.json"));
        Server::start_with(json!({ schema: "*.yaml" }))
    }

    /// A server with these `yaml.schemas` (file patterns by schema).
    fn start_with(schemas: Value) -> Server {
        let mut child = Command::new("node")
            .arg(server_script())
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs (Node.js is installed by .ci/test)");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let settings = json!({ "yaml": {
            "validate": true, "completion": true, "hover": true,
            "schemas": schemas
        }});
        let mut server = Server {
            child,
            stdin,
            messages,
            next_id: 0,
            settings,
        };
        server.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(root()), "capabilities": {
                "workspace": { "configuration": true },
                "textDocument": { "completion": { "completionItem": {
                    "documentationFormat": ["markdown", "plaintext"] } } }
            }}),
        );
        server.notify("initialized", json!({}));
        let settings = server.settings.clone();
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": settings }),
        );
        server
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message from the server; requests from it (its settings, registrations) are
    /// answered on the way.
    fn next(&mut self) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("yaml-language-server answers within a minute");
            if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                let result = match method.as_str() {
                    Some("workspace/configuration") => {
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        let yaml = self.settings["yaml"].clone();
                        Value::Array(vec![yaml; items])
                    }
                    _ => Value::Null,
                };
                let id = id.clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                continue;
            }
            return message;
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message.get("id") == Some(&json!(id)) {
                return message["result"].clone();
            }
        }
    }

    /// Opens a document and waits until the editor has checked it; its diagnostics.
    fn open(&mut self, path: &Path, text: &str) -> Vec<Value> {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn close(&mut self, path: &Path) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri(path) } }),
        );
    }

    /// Opens a document and returns everything the editor marks in it, as (line, source,
    /// message); the source is `yaml-schema: …` for what the schema says and `YAML` for what
    /// the server's YAML parser says.
    fn marks(&mut self, path: &Path, text: &str) -> Vec<(u64, String, String)> {
        let diagnostics = self.open(path, text);
        self.close(path);
        diagnostics
            .iter()
            .map(|d| {
                (
                    d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
                    d["source"].as_str().unwrap_or_default().to_string(),
                    d["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Opens a document and returns the errors the editor marks in it (not warnings).
    fn errors(&mut self, path: &Path, text: &str) -> Vec<String> {
        let diagnostics = self.open(path, text);
        self.close(path);
        diagnostics
            .iter()
            .filter(|d| d["severity"] == 1)
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
                    d["range"]["start"]["character"].as_u64().unwrap_or(0) + 1,
                    d["message"].as_str().unwrap_or_default()
                )
            })
            .collect()
    }

    /// What the editor offers where `‸` stands in `text`, as (label, explanation).
    fn completion(&mut self, name: &str, text: &str) -> Vec<(String, String)> {
        let (line, character) = caret(text);
        let text = text.replace('‸', "");
        let path = scratch().join(name);
        // Asked once the document is checked, as a user types into an open file.
        self.open(&path, &text);
        let result = self.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": line, "character": character } }),
        );
        self.close(&path);
        let items = result
            .get("items")
            .cloned()
            .unwrap_or(result)
            .as_array()
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .map(|item| {
                let doc = &item["documentation"];
                let doc = doc
                    .get("value")
                    .or(Some(doc))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                (
                    item["label"].as_str().unwrap_or_default().to_string(),
                    doc.to_string(),
                )
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Line and column (UTF-16 units, as LSP counts) of the caret `‸`.
fn caret(text: &str) -> (usize, usize) {
    let before = &text[..text.find('‸').expect("a caret in the text")];
    let line = before.matches('\n').count();
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .encode_utf16()
        .count();
    (line, column)
}

/// Where the test's own documents are said to be (they are sent, not written, except for
/// `check`).
fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("editor");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn example_plans_show_no_problem_in_the_editor() {
    let mut server = Server::start();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("data"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // The blank template's «…» are to be filled in: a_new_plan_finds_its_schema_beside_it.
        .filter(|p| !p.ends_with("mal.yaml"))
        .collect();
    files.push(root().join("tests/fixtures/nynorsk.yaml"));
    files.push(root().join("tests/fixtures/nynorsk-rekneskap.yaml"));
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{} names its schema on the first line",
            file.display()
        );
        let errors = server.errors(&file, &text);
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn a_new_plan_finds_its_schema_beside_it() {
    let dir = scratch().join("ny-plan");
    let _ = std::fs::remove_dir_all(&dir);
    let plan = dir.join("plan.yaml");
    let made = run(&["new", "-o", plan.to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let schema = dir.join("handlingsplan.schema.json");
    assert_eq!(
        std::fs::read_to_string(&schema).unwrap(),
        String::from_utf8(run(&["schema"]).stdout)
            .unwrap()
            .trim_end(),
        "the schema beside the plan is this version's"
    );
    // No schema from the settings: only the plan's own first line leads to one.
    let mut server = Server::start_with(json!({}));
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=handlingsplan.schema.json\n"));
    // What the editor marks in a new plan is the «…» left to fill in, each where it stands,
    // as `check` says.
    let errors = server.errors(&plan, &text);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!errors.is_empty(), "the «…» of a new plan are marked");
    for error in &errors {
        let line: usize = error.split(':').next().unwrap().parse().unwrap();
        assert!(
            error.contains("«…» er ikke fylt ut") && lines[line - 1].contains('…'),
            "{error}"
        );
    }
    let wrong = text.replacen("målform: bokmål", "målform: svensk", 1);
    // (Another name in the same folder: the editor has just closed the first.)
    let errors = server.errors(&dir.join("plan-med-feil.yaml"), &wrong);
    assert!(
        errors.iter().any(|e| e.contains("bokmål")),
        "the editor checks the new plan against its schema: {errors:?}"
    );

    // A schema already there is kept, and the user is told when it differs.
    std::fs::write(&schema, "{}").unwrap();
    let second = dir.join("plan-2.yaml");
    let made = run(&["new", "-o", second.to_str().unwrap()]);
    assert!(made.status.success());
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), "{}");
    let said = String::from_utf8_lossy(&made.stdout);
    assert!(
        said.contains("finnes fra før") && said.contains("handlingsplan schema -o"),
        "{said}"
    );
}

/// The labels offered, after checking that each has an explanation in Norwegian.
fn offered(server: &mut Server, name: &str, text: &str) -> Vec<String> {
    let items = server.completion(name, text);
    items.iter().map(|(label, _)| label.clone()).collect()
}

fn assert_offers(offered: &[String], expected: &[&str], not: &[&str], place: &str) {
    for key in expected {
        assert!(
            offered.iter().any(|o| o == key),
            "{place}: the editor does not offer «{key}»; it offers {offered:?}"
        );
    }
    for key in not {
        assert!(
            !offered.iter().any(|o| o == key),
            "{place}: the editor offers «{key}» twice over (a nynorsk form): {offered:?}"
        );
    }
}

#[test]
fn the_editor_completes_at_every_level() {
    let mut server = Server::start();

    let top = offered(&mut server, "top.yaml", "program:\n  navn: Driv\n‸\n");
    assert_offers(
        &top,
        &[
            "arbeidsplasser",
            "innsatsområder",
            "administrasjon",
            "finansiering",
            "kommunikasjonsplan",
            "tekster",
            "kapitler",
            "resultater",
            "andre_mål",
        ],
        &["arbeidsplassar", "innsatsområde", "tekstar"],
        "top level",
    );

    let program = offered(&mut server, "program.yaml", "program:\n  navn: Driv\n  ‸\n");
    assert_offers(
        &program,
        &[
            "område",
            "år",
            "periode",
            "arbeidsplassmål",
            "styrebehandlet",
            "målform",
            "aksentfarge",
        ],
        &["styrebehandla", "namn"],
        "program",
    );

    let area = offered(
        &mut server,
        "area.yaml",
        "innsatsområder:\n  - navn: Industri\n    ‸\n",
    );
    assert_offers(
        &area,
        &[
            "strategier",
            "beskrivelse",
            "effektmål",
            "resultatmål",
            "arbeidsplassmål",
            "budsjett",
            "søkbare_midler",
            "uten_arbeidsplassmål",
        ],
        &["strategiar", "skildring"],
        "an innsatsområde",
    );

    let strategy = offered(
        &mut server,
        "strategy.yaml",
        "innsatsområder:\n  - navn: Industri\n    strategier:\n      - bokstav: A\n        ‸\n",
    );
    assert_offers(
        &strategy,
        &["navn", "tiltak", "prosjektmål", "budsjett", "innvilget"],
        &["namn", "innvilga"],
        "a strategy",
    );

    let communication = offered(
        &mut server,
        "communication.yaml",
        "kommunikasjonsplan:\n  ‸\n",
    );
    assert_offers(
        &communication,
        &["tekst", "målgrupper", "aktiviteter", "hendelser"],
        &["aktivitetar", "hendingar"],
        "kommunikasjonsplan",
    );

    let texts = offered(&mut server, "texts.yaml", "tekster:\n  ‸\n");
    assert_offers(
        &texts,
        &[
            "mål_innledning",
            "mål_innsatsområder",
            "arbeidsplasser_innledning",
            "arbeidsplasser_sum",
            "strategier_innledning",
            "kommunikasjon",
            "kommunikasjon_vedlegg",
            "merknad_uten_arbeidsplassmål",
            "merknad_strategi",
            "merknad_sum_innsatsområde",
            "merknad_ressursinnsats",
            "merknad_administrasjon",
        ],
        &["mål_innleiing"],
        "tekster",
    );

    let form = offered(&mut server, "form.yaml", "program:\n  målform: ‸\n");
    assert_offers(&form, &["bokmål", "nynorsk"], &[], "målform");
}

#[test]
fn completions_explain_themselves_in_norwegian() {
    let mut server = Server::start();
    for (name, text) in [
        ("top.yaml", "program:\n  navn: Driv\n‸\n"),
        ("area.yaml", "innsatsområder:\n  - navn: Industri\n    ‸\n"),
        ("texts.yaml", "tekster:\n  ‸\n"),
    ] {
        let items = server.completion(name, text);
        assert!(!items.is_empty(), "{name}: nothing offered");
        let unexplained: Vec<&String> = items
            .iter()
            .filter(|(_, doc)| doc.trim().is_empty())
            .map(|(label, _)| label)
            .collect();
        assert!(
            unexplained.is_empty(),
            "{name}: offered without an explanation: {unexplained:?}"
        );
    }
}

/// A copy of the Drangedal plan with one line replaced: (the line as it stands, the new line).
fn variant(replace: &str, with: &str) -> String {
    let plan = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    assert_eq!(plan.matches(replace).count(), 1, "«{replace}» is one line");
    let schema = uri(&root().join("handlingsplan.schema.json"));
    plan.replacen(replace, with, 1).replacen(
        "$schema=../handlingsplan.schema.json",
        &format!("$schema={schema}"),
        1,
    )
}

#[test]
fn the_editor_and_check_agree() {
    // (line in data/drangedal-2024.yaml, replacement, accepted by both)
    let program_year = "  år: 2024\n";
    let board = "  styrebehandlet: 2023-12-12\n";
    let form = "  målform: bokmål\n";
    let budget = "        budsjett: 250000\n";
    let share = "      andel: 75\n";
    let event = "    - { hendelse: Drivkraft 2024, måned: 11, type: kommunikasjon }\n";
    let council = "  kommunestyregodkjent:\n";
    let table: &[(&str, &str, bool)] = &[
        (budget, "        budsjett: \"250 000 kr\"\n", true),
        (budget, "        budsjett: \"kr 250 000,-\"\n", true),
        (budget, "        budsjett: \"250 000,50\"\n", true),
        (budget, "        budsjett: { foreløpig: 250000 }\n", true),
        (budget, "        budsjett: { foreløpig: ukjent }\n", true),
        (budget, "        budsjett: -250000\n", false),
        (budget, "        budsjett: \"-250 000\"\n", false),
        (budget, "        budsjett: 250 tusen\n", false),
        (budget, "        budsjett: { foreløpig: kanskje }\n", false),
        (program_year, "  år: \"2024\"\n", true),
        (program_year, "  år: tjuefjortan\n", false),
        (board, "  styrebehandlet: 12.12.2023\n", true),
        (board, "  styrebehandlet: 2023-13-09\n", false),
        (board, "  styrebehandlet: 2023-12-32\n", false),
        (board, "  styrebehandlet: i desember\n", false),
        (council, "  kommunestyregodkjent: 2023-12-19\n", true),
        (form, "  målform: nynorsk\n", true),
        (form, "  målform: svensk\n", false),
        (
            form,
            "  målform: bokmål\n  aksentfarge: \"#1F4E79\"\n",
            true,
        ),
        (form, "  målform: bokmål\n  aksentfarge: blå\n", false),
        (
            form,
            "  målform: bokmål\n  aksentfarge: \"#12345\"\n",
            false,
        ),
        (share, "      andel: \"75 %\"\n", true),
        (share, "      andel: \"75,0 %\"\n", true),
        (share, "      andel: 150\n", false),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: heile året, type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: Hele året, type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: løpande, type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: sept., type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: nov–des, type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: \"9-12\", type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: [jan, mars, sep–des], type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: 13, type: kommunikasjon }\n",
            false,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: novembar, type: kommunikasjon }\n",
            false,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: \"jan, løpende\", type: kommunikasjon }\n",
            false,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: 11, type: anna }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: 11, type: møte }\n",
            false,
        ),
        (
            event,
            "    - { hending: Drivkraft 2024, månad: 11, type: kommunikasjon }\n",
            true,
        ),
        (
            event,
            "    - { hendelse: Drivkraft 2024, måned: 11, typ: kommunikasjon }\n",
            false,
        ),
    ];
    let mut server = Server::start();
    let dir = scratch();
    let mut disagreements = Vec::new();
    for (i, (replace, with, accepted)) in table.iter().enumerate() {
        let text = variant(replace, with);
        let path = dir.join(format!("agree-{i}.yaml"));
        std::fs::write(&path, &text).unwrap();
        let checked = run(&["check", "--quiet", path.to_str().unwrap()]);
        let check_accepts = checked.status.code() == Some(0);
        let errors = server.errors(&path, &text);
        let editor_accepts = errors.is_empty();
        for error in &errors {
            let message = error.splitn(3, ':').nth(2).unwrap_or_default();
            if let Some(why) = foreign(message) {
                disagreements.push(format!(
                    "{}: the editor says, in {why}: {error}",
                    with.trim()
                ));
            }
        }
        if check_accepts != *accepted || editor_accepts != *accepted {
            disagreements.push(format!(
                "{}: expected {}, check {} ({}), editor {} {errors:?}",
                with.trim(),
                if *accepted { "accepted" } else { "refused" },
                if check_accepts { "accepts" } else { "refuses" },
                String::from_utf8_lossy(&checked.stderr)
                    .lines()
                    .next()
                    .unwrap_or_default(),
                if editor_accepts { "accepts" } else { "refuses" },
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "editor and check disagree:\n{}",
        disagreements.join("\n")
    );
}

/// Words of yaml-language-server's own English messages, none of which a message of ours has.
const ENGLISH: &[&str] = &[
    "incorrect",
    "expected",
    "matches",
    "multiple",
    "property",
    "missing",
    "allowed",
    "value",
    "string",
    "pattern",
    "must",
    "the",
    "schema",
    "array",
    "object",
    "below",
    "above",
    "items",
    "not",
    "is",
];

/// Why a message is not one for a programme leader: English words, or a regular expression.
fn foreign(message: &str) -> Option<String> {
    let english: Vec<String> = message
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect();
    if !english.is_empty() {
        return Some(format!("English {english:?}"));
    }
    ["^", "\\", "[0-9", "(?", "$\""]
        .iter()
        .find(|p| message.contains(*p))
        .map(|p| format!("a pattern ({p})"))
}

#[test]
fn the_common_mistakes_are_told_in_norwegian() {
    let path = root().join("tests/fixtures/editor-vanlige-feil.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut server = Server::start();
    let marks = server.marks(&path, &text);
    let schema: Vec<&(u64, String, String)> = marks
        .iter()
        .filter(|(_, source, _)| source.starts_with("yaml-schema"))
        .collect();
    let foreign: Vec<String> = schema
        .iter()
        .filter_map(|(line, _, m)| foreign(m).map(|why| format!("{line}: {why}: {m}")))
        .collect();
    assert!(foreign.is_empty(), "{foreign:#?}");
    // Each mistake the schema can see is marked at its own line, saying what to write.
    for (line, says) in [
        (8, "«…» er ikke fylt ut"),
        (13, "ÅÅÅÅ-MM-DD"),
        (26, "«: » i seg, skrives den i anførselstegn"),
        (31, "En annen nøkkel er feilstavet"),
        (36, "true eller false"),
        (38, "ikke begge"),
        (41, "hele kroner"),
        (47, "hver på sin linje med kolon etter"),
    ] {
        assert!(
            schema
                .iter()
                .any(|(l, _, m)| *l == line && m.contains(says)),
            "line {line} is not marked with «{says}»: {marks:#?}"
        );
    }
}

#[test]
fn a_strategy_is_offered_bokstav_or_id_and_never_both() {
    let mut server = Server::start();
    let head = "innsatsområder:\n  - navn: Industri\n    strategier:\n";
    for (i, (written, offered_too)) in [
        ("      - navn: Vertskap\n        ‸\n", Some("bokstav")),
        ("      - bokstav: A\n        ‸\n", None),
        ("      - id: A\n        ‸\n", None),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("strategy-{i}.yaml");
        let labels = offered(&mut server, &name, &format!("{head}{written}"));
        assert!(labels.iter().any(|l| l == "tiltak"), "{labels:?}");
        let identifiers: Vec<&String> = labels
            .iter()
            .filter(|l| *l == "bokstav" || *l == "id")
            .collect();
        assert_eq!(
            identifiers.first().map(|l| l.as_str()),
            offered_too,
            "after «{}»: {labels:?}",
            written.trim()
        );
        assert!(identifiers.len() <= 1, "{labels:?}");
    }
}
