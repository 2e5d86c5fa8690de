//! Hostile and careless use (issue 19): each case that once redirected a write, mixed a set of
//! documents, read a file outside the plan's folder, passed `check` and failed `render`, shut
//! the preview server out, or ended with the wrong exit code, as a minimal input run through
//! the binary. Documents written are kept for the independent validators.

mod common;

use common::{data, kept_output, pdf_text, render_to, run};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).replace('\u{a0}', " ")
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The Hallingdal example in `dir` as plan.yaml, with `from` replaced by `to` (which must be
/// there).
fn hallingdal_in(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    assert!(text.contains(from), "test fixture lost: {from}");
    let path = dir.join("plan.yaml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// The Drangedal example (it has a communication plan) in `dir`, with `from` replaced by `to`.
fn drangedal_in(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(data("drangedal-2024.yaml")).unwrap();
    assert!(text.contains(from), "test fixture lost: {from}");
    let path = dir.join("plan.yaml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// The Hallingdal example with a chapter of its own whose text is `markdown`.
fn with_chapter(dir: &Path, markdown: &str) -> PathBuf {
    let body: String = markdown.lines().map(|l| format!("      {l}\n")).collect();
    hallingdal_in(
        dir,
        "kapitler:\n",
        &format!("kapitler:\n  - overskrift: Bilde\n    plassering: før_1\n    tekst: |\n{body}"),
    )
}

fn check(plan: &Path) -> Output {
    run(&["check", "-q", plan.to_str().unwrap()])
}

// --- Files written --------------------------------------------------------------------------

/// The next process ids the system will hand out (Linux), for links under the names the old
/// temporary files had.
fn next_pids() -> std::ops::Range<u32> {
    let last = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .unwrap_or(1000);
    last + 1..last + 400
}

#[test]
fn a_planted_link_never_redirects_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("offer.txt");
    std::fs::write(&victim, "urørt").unwrap();
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    for pid in next_pids() {
        for name in ["plan.pdf", "plan.html", "ny.yaml", "skjema.json"] {
            let link = out.join(format!(".{name}.new.{pid}.handlingsplan-tmp"));
            std::os::unix::fs::symlink(&victim, link).unwrap();
        }
    }
    let plan = hallingdal_in(dir.path(), "år: 2022", "år: 2022");
    let rendered = render_to(&plan, &out, "pdf,html");
    assert_eq!(code(&rendered), Some(0), "{}", stderr(&rendered));
    let new = run(&["new", "-o", out.join("ny.yaml").to_str().unwrap()]);
    assert_eq!(code(&new), Some(0), "{}", stderr(&new));
    let schema = run(&["schema", "-o", out.join("skjema.json").to_str().unwrap()]);
    assert_eq!(code(&schema), Some(0), "{}", stderr(&schema));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "urørt");
    for name in ["plan.pdf", "plan.html", "ny.yaml", "skjema.json"] {
        let meta = out.join(name).symlink_metadata().unwrap();
        assert!(meta.is_file() && meta.len() > 100, "{name}");
    }
    // `new` never writes through a link at its own name either.
    let link = out.join("lenke.yaml");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let refused = run(&["new", "-o", link.to_str().unwrap()]);
    assert_eq!(code(&refused), Some(2));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "urørt");
}

#[test]
fn two_plans_that_would_write_one_file_name_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    let plan_a = hallingdal_in(&a, "år: 2022", "år: 2022");
    let plan_b = hallingdal_in(&b, "navn: Sats på Hallingdal", "navn: Sats på Hallingdal B");
    let out = dir.path().join("ut");
    let both = run(&[
        "render",
        plan_a.to_str().unwrap(),
        plan_b.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&both);
    assert_eq!(code(&both), Some(2), "{err}");
    assert!(
        err.contains("a/plan.yaml") && err.contains("b/plan.yaml"),
        "{err}"
    );
    assert!(err.contains("plan.docx"), "{err}");
    assert!(!out.exists() || names(&out).is_empty());
    // The same plan twice.
    let twice = run(&[
        "render",
        plan_a.to_str().unwrap(),
        plan_a.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&twice), Some(2));
    assert!(
        stderr(&twice).contains("gitt to ganger"),
        "{}",
        stderr(&twice)
    );
}

#[test]
fn a_replace_killed_during_the_renames_is_completed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    // What `kill -9` between the first and the second rename leaves: plan.pdf already new,
    // plan.docx still old, the new DOCX and the kept old PDF under temporary names, and the
    // journal. The process (an id no process has) is gone.
    let dead = 4_000_000u32;
    std::fs::write(out.join("plan.pdf"), "ny pdf").unwrap();
    std::fs::write(out.join("plan.docx"), "gammel docx").unwrap();
    let new_docx = format!(".plan.docx.new.{dead}.Ab12Cd34.handlingsplan-tmp");
    let old_pdf = format!(".plan.pdf.old.{dead}.Ef56Gh78.handlingsplan-tmp");
    std::fs::write(out.join(&new_docx), "ny docx").unwrap();
    std::fs::write(out.join(&old_pdf), "gammel pdf").unwrap();
    let journal = serde_json::json!({
        "pid": dead, "forward": true,
        "files": [
            { "target": "plan.pdf", "new": format!(".plan.pdf.new.{dead}.Ij90Kl12.handlingsplan-tmp"), "old": old_pdf, "existed": true },
            { "target": "plan.docx", "new": new_docx, "old": null, "existed": true }
        ]
    });
    std::fs::write(
        out.join(format!(
            ".plan.pdf.journal.{dead}.Mn34Op56.handlingsplan-journal"
        )),
        journal.to_string(),
    )
    .unwrap();
    // The next run, of another plan into the same folder, finishes the replace first.
    let other = dir.path().join("annen");
    std::fs::create_dir(&other).unwrap();
    let plan = hallingdal_in(&other, "år: 2022", "år: 2022");
    let rendered = render_to(&plan, &out, "html");
    assert_eq!(code(&rendered), Some(0), "{}", stderr(&rendered));
    assert!(
        stderr(&rendered).contains("avbrutt"),
        "{}",
        stderr(&rendered)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("plan.pdf")).unwrap(),
        "ny pdf"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("plan.docx")).unwrap(),
        "ny docx"
    );
    assert_eq!(names(&out), ["plan.docx", "plan.html", "plan.pdf"]);
}

// --- Files read -----------------------------------------------------------------------------

#[test]
fn a_plan_reads_no_file_outside_its_folder_and_never_shows_one() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "HEMMELIG_VERDI_9d1f";
    let plan = hallingdal_in(
        dir.path(),
        "program:\n",
        "regnskap: /proc/self/environ\nprogram:\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args(["check", plan.to_str().unwrap()])
        .env("HANDLINGSPLAN_TEST_SECRET", secret)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    assert!(err.contains("= felt: regnskap"), "{err}");
    assert!(!err.contains(secret) && !err.contains("PATH="), "{err}");

    // An image by `../` or through a link out of the folder.
    let outside = dir.path().join("utenfor.png");
    std::fs::copy(common::root().join("tests/fixtures/logo.png"), &outside).unwrap();
    let inner = dir.path().join("plan");
    std::fs::create_dir(&inner).unwrap();
    std::os::unix::fs::symlink(&outside, inner.join("lenke.png")).unwrap();
    for image in ["../utenfor.png", "lenke.png"] {
        let plan = with_chapter(&inner, &format!("![Kart]({image})"));
        let out = check(&plan);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(1), "{image}: {err}");
        assert!(
            err.contains("ligger utenfor mappen planen ligger i"),
            "{err}"
        );
    }
    // A logo the same way.
    let plan = hallingdal_in(&inner, "program:\n", "program:\n  logo: ../utenfor.png\n");
    let err = stderr(&check(&plan));
    assert!(
        err.contains("Logoen «../utenfor.png» ligger utenfor"),
        "{err}"
    );
}

#[test]
fn a_file_given_on_the_command_line_may_lie_anywhere_but_is_not_quoted_unless_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let plan = drangedal_in(dir.path(), "år: 2024", "år: 2024");
    // The example accounts, outside the plan's folder: read.
    let ok = run(&[
        "check",
        "-q",
        plan.to_str().unwrap(),
        "--regnskap",
        data("regnskap-2023.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code(&ok), Some(0), "{}", stderr(&ok));
    // Any other file: refused without a line of it.
    let other = dir.path().join("notater.txt");
    std::fs::write(&other, "passord: hemmelig-7731\nmer: tekst\n").unwrap();
    let refused = run(&[
        "check",
        plan.to_str().unwrap(),
        "--regnskap",
        other.to_str().unwrap(),
    ]);
    let err = stderr(&refused);
    assert_eq!(code(&refused), Some(1), "{err}");
    assert!(err.contains("innholdet vises ikke"), "{err}");
    assert!(
        !err.contains("hemmelig-7731") && !err.contains("passord"),
        "{err}"
    );
}

// --- What check accepts renders -------------------------------------------------------------

fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn svg_images_that_cost_too_much_to_draw_are_refused_by_check_at_once() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let huge = base64::engine::general_purpose::STANDARD.encode(png_header(100_000, 100_000));
    let shapes: String = (0..50)
        .map(|i| format!(r#"<rect x="{i}" y="{i}" width="50" height="50" filter="url(#f)"/>"#))
        .collect();
    let cases = [
        (
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><image href="data:image/png;base64,{huge}" width="100" height="100"/></svg>"#
            ),
            "innebygd bilde som er for stort",
        ),
        (
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f" x="-1000%" y="-1000%" width="3000%" height="3000%"><feGaussianBlur stdDeviation="500"/></filter>{shapes}</svg>"#
            ),
            "filtereffekter",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="400"><rect width="1" height="400"/></svg>"#.to_string(),
            "400 ganger så høyt som bredt",
        ),
    ];
    for (svg, needle) in cases {
        std::fs::write(dir.path().join("bilde.svg"), svg).unwrap();
        let plan = with_chapter(dir.path(), "![Bilde](bilde.svg)");
        let started = Instant::now();
        let out = check(&plan);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(1), "{err}");
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}

/// Renders the plan into a kept folder in every format and asserts that `check` accepted it
/// with a warning containing `warning` (when given).
fn renders_everywhere(plan: &Path, kept: &str, warning: Option<&str>) -> PathBuf {
    let checked = check(plan);
    assert_eq!(code(&checked), Some(0), "{}", stderr(&checked));
    if let Some(w) = warning {
        assert!(stderr(&checked).contains(w), "{w}: {}", stderr(&checked));
    }
    let out = kept_output(kept);
    let rendered = render_to(plan, &out, "docx,pdf,html");
    assert_eq!(code(&rendered), Some(0), "{}", stderr(&rendered));
    out
}

#[test]
fn characters_beyond_the_glyph_check_render_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // Private use in a text: replaced visibly and warned about.
    let plan = drangedal_in(
        dir.path(),
        "hendelse: Styremøte,",
        "hendelse: \"Styremøte \u{F000}\u{F8FF}\",",
    );
    let out = renders_everywhere(&plan, "safety-privat-bruk", Some("U+F000"));
    let text = pdf_text(&out.join("plan-kommunikasjonsplan.pdf"), "-raw").join("\n");
    assert!(text.contains("Styremøte □□"), "{text}");
    // A line separator in an area's name, a joined emoji in an event (the årshjul).
    let plan = drangedal_in(
        dir.path(),
        "hendelse: Styremøte,",
        "hendelse: \"Styremøte 👨\u{200D}👩\u{200D}👧\u{200D}👦\",",
    );
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("navn: Matproduksjon", "navn: \"Mat\u{2028}produksjon\"");
    std::fs::write(&plan, text).unwrap();
    let out = renders_everywhere(&plan, "safety-skilletegn", None);
    let text = common::squeezed(&pdf_text(&out.join("plan.pdf"), "-raw").join("\n"));
    assert!(text.contains("Mat produksjon"), "{text}");
    // Hangul in an SVG image's text: drawn as squares, warned about.
    std::fs::write(
        dir.path().join("bilde.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="5" y="20" font-size="12">한국어</text></svg>"#,
    )
    .unwrap();
    let plan = with_chapter(dir.path(), "![Tekst på koreansk](bilde.svg)");
    renders_everywhere(
        &plan,
        "safety-svg-tekst",
        Some("SVG-bildet har tekst med tegn"),
    );
}

#[test]
fn a_tall_image_is_fitted_into_the_page_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("høy.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="900"><rect width="10" height="900" fill="navy"/></svg>"#,
    )
    .unwrap();
    let plan = with_chapter(dir.path(), "![En høy stolpe](høy.svg)");
    let out = renders_everywhere(&plan, "safety-hoyt-bilde", None);
    // The DOCX's extent: within the page's text height (215 mm = 7 740 000 EMU).
    let xml = common::docx_part(&out.join("plan.docx"), "word/document.xml");
    let heights: Vec<u64> = xml
        .split("<wp:extent ")
        .skip(1)
        .filter_map(|e| e.split("cy=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect();
    assert!(!heights.is_empty());
    assert!(heights.iter().all(|h| *h <= 7_740_000), "{heights:?}");
    // The HTML draws it narrower.
    let html = std::fs::read_to_string(out.join("plan.html")).unwrap();
    assert!(
        html.contains("style=\"width:2mm\""),
        "the image keeps its width"
    );
}

#[test]
fn a_table_of_more_than_1024_rows_gives_a_pdf_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (1..=1100).map(|i| format!("| Rad {i} | {i} |\n")).collect();
    let plan = with_chapter(
        dir.path(),
        &format!("| Tiltak | Nummer |\n|---|--:|\n{rows}"),
    );
    let out = renders_everywhere(&plan, "safety-lang-tabell", None);
    let text = common::squeezed(&pdf_text(&out.join("plan.pdf"), "-raw").join("\n"));
    assert!(text.contains("Rad 1 1") && text.contains("Rad 1100 1100"));
}

#[test]
fn a_word_longer_than_a_column_is_broken_not_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let word = format!("{}{}{}", "A".repeat(60), "b".repeat(60), "c".repeat(60));
    let plan = hallingdal_in(
        dir.path(),
        "navn: Rekruttering",
        &format!("navn: Rekruttering {word}"),
    );
    let out = renders_everywhere(&plan, "safety-langt-ord", None);
    let text: String = pdf_text(&out.join("plan.pdf"), "-raw")
        .join("")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect();
    assert!(text.contains(&word), "the whole word is on the page");
}

// --- Exit codes and small rules -------------------------------------------------------------

#[test]
fn exit_codes_are_as_the_readme_says() {
    let dir = tempfile::tempdir().unwrap();
    let bad = hallingdal_in(dir.path(), "år: 2022", "år: tjue");
    let diff = run(&[
        "diff",
        bad.to_str().unwrap(),
        data("hallingdal-2022.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code(&diff), Some(2), "diff: {}", stderr(&diff));
    let new = run(&[
        "new",
        "--år",
        "99999",
        "-o",
        dir.path().join("ny.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code(&new), Some(2));
    assert!(stderr(&new).contains("--år 99999"), "{}", stderr(&new));
    assert!(!dir.path().join("ny.yaml").exists());
    let missing = with_chapter(dir.path(), "![Kart](finnes-ikke.png)");
    let out = check(&missing);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("filen finnes ikke"));
}

#[test]
fn empty_and_repeated_months_and_one_number_written_twice_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to, needle) in [
        (
            "måned: 2, type: styre",
            "måned: [], type: styre",
            "Lista av måneder er tom",
        ),
        (
            "måned: 2, type: styre",
            "måned: [3, 3, mars, mar], type: styre",
            "Måneden mars står mer enn én gang",
        ),
        (
            "måneder: sep–des",
            "måneder: \"sep–des, okt\"",
            "Måneden oktober står mer enn én gang",
        ),
    ] {
        let plan = drangedal_in(dir.path(), from, to);
        let out = check(&plan);
        assert_eq!(code(&out), Some(1), "{to}: {}", stderr(&out));
        assert!(stderr(&out).contains(needle), "{needle}: {}", stderr(&out));
    }
    let text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let numbered = text
        .replace("bokstav: A.", "bokstav: \"1.\"")
        .replace("bokstav: B.", "bokstav: \"01.\"");
    let plan = dir.path().join("tall.yaml");
    std::fs::write(&plan, numbered).unwrap();
    let out = check(&plan);
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("har samme nummer som «1.»"),
        "{}",
        stderr(&out)
    );
}

// --- The preview server ---------------------------------------------------------------------

struct Server {
    child: Child,
    addr: String,
    /// Kept open: the server prints more after its address.
    _stdout: std::process::ChildStdout,
}

impl Server {
    fn start(plan: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
            .args(["serve", plan.to_str().unwrap(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut seen = String::new();
        let mut buf = [0u8; 256];
        let addr = loop {
            let n = stdout.read(&mut buf).unwrap();
            assert!(n > 0, "serve printed no address: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            if let Some(at) = seen.find("http://")
                && let Some(end) = seen[at + 7..].find('/')
            {
                break seen[at + 7..at + 7 + end].to_string();
            }
        };
        Server {
            child,
            addr,
            _stdout: stdout,
        }
    }

    /// The status line of a GET, or why none came within `limit`.
    fn status(&self, path: &str, limit: Duration) -> String {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(limit)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let mut head = [0u8; 64];
        match s.read(&mut head) {
            Ok(n) => String::from_utf8_lossy(&head[..n])
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
            Err(e) => format!("intet svar: {e}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn seventy_slow_clients_do_not_shut_out_a_quick_one() {
    let server = Server::start(&data("hallingdal-2022.yaml"));
    // Each sends its request head a byte at a time, for longer than any per-read timeout.
    let mut slow: Vec<TcpStream> = (0..70)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    let until = Instant::now() + Duration::from_secs(4);
    while Instant::now() < until {
        for s in &mut slow {
            let _ = s.write_all(b"G");
        }
        assert!(
            server
                .status("/tilstand", Duration::from_secs(5))
                .contains("200"),
            "a normal request is answered"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn event_streams_are_capped_per_client_and_freed_when_it_goes() {
    let server = Server::start(&data("hallingdal-2022.yaml"));
    let open = |server: &Server| -> (TcpStream, String) {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            s,
            "GET /hendelser HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        )
        .unwrap();
        let mut head = [0u8; 32];
        let n = s.read(&mut head).unwrap_or(0);
        let status = String::from_utf8_lossy(&head[..n]).to_string();
        (s, status)
    };
    let streams: Vec<(TcpStream, String)> = (0..8).map(|_| open(&server)).collect();
    assert!(streams.iter().all(|(_, s)| s.contains("200")));
    let (_, ninth) = open(&server);
    assert!(ninth.contains("503"), "{ninth}");
    // Ordinary requests are answered all the while.
    assert!(server.status("/", Duration::from_secs(5)).contains("200"));
    drop(streams);
    std::thread::sleep(Duration::from_millis(1500));
    let (_, again) = open(&server);
    assert!(
        again.contains("200"),
        "a slot is free a moment after its client left: {again}"
    );
}
