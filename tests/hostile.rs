//! What a received file can do (issue 29): a DOCX or reference document built to fill the
//! memory, overflow the stack or allocate without end; `import --onto` pointed at something that
//! is not a plan file, a link or a read-only plan; a plan rendered over itself or twice at once;
//! a plan whose text would steer the terminal; YAML built to make the reading quadratic. Each
//! case is a small input built here, run through the binary, and must end at once with exit 0,
//! 1 or 2 and a Norwegian message, leaving no file changed that the user did not name.

mod common;

use common::{data, render_to, run};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).replace('\u{a0}', " ")
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("hostile")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

/// A zip of the parts, each deflated.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A WordprocessingML document part with `body` as its body.
fn document(body: &str) -> Vec<u8> {
    format!("<w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>").into_bytes()
}

fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// `import DOCX -o DIR/ny.yaml`, the DOCX written to `dir` first, and how long it took.
fn import_new(dir: &Path, docx: &[u8]) -> (Output, Duration) {
    let path = dir.join("mottatt.docx");
    std::fs::write(&path, docx).unwrap();
    let target = dir.join("ny.yaml");
    let _ = std::fs::remove_file(&target);
    let started = Instant::now();
    let out = run(&[
        "import",
        path.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    (out, started.elapsed())
}

/// Exit 0, 1 or 2 (never a signal or a panic's 101), with what it said.
fn assert_ended_well(out: &Output) {
    assert!(
        matches!(code(out), Some(0..=2)),
        "exit {:?}: {}",
        out.status,
        stderr(out)
    );
}

#[test]
fn custom_xml_parts_are_looked_at_no_further_than_their_start() {
    let dir = temp_dir();
    // One 32 MB part of elements, packed once and copied under 40 names: 1.3 GB to unpack and
    // 300 million elements to parse, in a file of about 1.5 MB.
    let one = package(&[("customXml/item1.xml", &b"<a/>".repeat(8 * 1024 * 1024))]);
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(&one)).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(&document(&paragraph("Innledning"))).unwrap();
    for i in 2..42 {
        let item = source.by_index_raw(0).unwrap();
        zip.raw_copy_file_rename(item, format!("customXml/item{i}.xml"))
            .unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let (out, took) = import_new(dir.path(), &bytes);
    // Read (and found to be no plan), not refused for its size.
    assert!(
        stderr(&out).contains("ser ikke ut som en handlingsplan"),
        "{}",
        stderr(&out)
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");

    // Parts that all claim to carry the plan are unpacked, but not past the total.
    let claim = format!(
        "<plan xmlns=\"urn:handlingsplan:plan\">{}",
        " ".repeat(31 << 20)
    );
    let bomb = package(&[
        ("word/document.xml", &document(&paragraph("Innledning"))),
        ("customXml/item1.xml", claim.as_bytes()),
        ("customXml/item2.xml", claim.as_bytes()),
        ("customXml/item3.xml", claim.as_bytes()),
        ("customXml/item4.xml", claim.as_bytes()),
    ]);
    let (out, _) = import_new(dir.path(), &bomb);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("delene er til sammen større enn 96 MB utpakket"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("ny.yaml").exists());
}

#[test]
fn a_damaged_part_is_named_in_norwegian() {
    let dir = temp_dir();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", stored).unwrap();
    zip.write_all(&document(&paragraph("Innledning"))).unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    let at = bytes.windows(10).position(|w| w == b"Innledning").unwrap();
    bytes[at] = b'X';
    let (out, _) = import_new(dir.path(), &bytes);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains(
            "er skadet: delen word/document.xml kan ikke pakkes ut (kontrollsummen stemmer ikke)"
        ),
        "{}",
        stderr(&out)
    );

    let latin1 = package(&[("word/document.xml", b"<w:document>bl\xe5</w:document>")]);
    let (out, _) = import_new(dir.path(), &latin1);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("delen word/document.xml er ikke tekst i UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn elements_nested_ten_thousands_deep_are_refused_not_walked() {
    let dir = temp_dir();
    let n = 50_000;
    let insertions = format!(
        "{}{}{}",
        "<w:ins>".repeat(n),
        paragraph("dypt"),
        "</w:ins>".repeat(n)
    );
    let links = format!(
        "<w:p>{}<w:r><w:t>dypt</w:t></w:r>{}</w:p>",
        "<w:hyperlink>".repeat(n),
        "</w:hyperlink>".repeat(n)
    );
    let tables = "<w:tbl><w:tr><w:tc>".repeat(n / 3) + &"</w:tc></w:tr></w:tbl>".repeat(n / 3);
    for body in [insertions, links, tables] {
        let (out, took) = import_new(
            dir.path(),
            &package(&[("word/document.xml", &document(&body))]),
        );
        assert_eq!(code(&out), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out)
                .contains("delen word/document.xml har elementer nøstet mer enn 100 nivåer"),
            "{}",
            stderr(&out)
        );
        assert!(took < Duration::from_secs(10));
    }
}

#[test]
fn a_cell_spanning_more_columns_than_memory_is_clamped_to_the_grid() {
    let dir = temp_dir();
    let row = |span: &str| {
        format!(
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr>{}</w:tc></w:tr>",
            paragraph("Strategi")
        )
    };
    let table = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{}{}{}</w:tbl>",
        row("18446744073709551615"),
        row("1000000000"),
        row("-3")
    );
    let body = paragraph("Innledning") + &table;
    let (out, took) = import_new(
        dir.path(),
        &package(&[("word/document.xml", &document(&body))]),
    );
    assert!(matches!(code(&out), Some(0 | 1)), "{}", stderr(&out));
    assert!(took < Duration::from_secs(10));
}

/// A reference document whose only part is `styles`.
fn reference_with(dir: &Path, styles: &[u8]) -> PathBuf {
    let path = dir.join("referanse.docx");
    std::fs::write(&path, package(&[("word/styles.xml", styles)])).unwrap();
    path
}

/// `check` of the Hallingdal example with `referansedokument: referanse.docx`.
fn check_with_reference(dir: &Path) -> Output {
    let text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let plan = dir.join("plan.yaml");
    let text = text.replacen(
        "program:\n",
        "program:\n  referansedokument: referanse.docx\n",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    run(&["check", plan.to_str().unwrap()])
}

#[test]
fn a_reference_document_is_read_within_limits_on_every_part() {
    let dir = temp_dir();
    // Valid XML that unpacks past 32 MB.
    let big = format!(
        "<w:styles xmlns:w=\"{W_NS}\">{}</w:styles>",
        " ".repeat(33 << 20)
    );
    reference_with(dir.path(), big.as_bytes());
    let out = check_with_reference(dir.path());
    assert_ended_well(&out);
    assert_ne!(code(&out), Some(0));
    assert!(
        stderr(&out).contains("delen word/styles.xml er større enn 32 MB utpakket"),
        "{}",
        stderr(&out)
    );

    // Styles nested 100 000 deep: refused before the copy walks them.
    let n = 100_000;
    let deep = format!(
        "<w:styles xmlns:w=\"{W_NS}\"><w:style w:styleId=\"Dyp\">{}{}</w:style></w:styles>",
        "<w:rPr>".repeat(n),
        "</w:rPr>".repeat(n)
    );
    reference_with(dir.path(), deep.as_bytes());
    let out = check_with_reference(dir.path());
    assert_ended_well(&out);
    assert!(
        stderr(&out).contains("delen word/styles.xml har elementer nøstet mer enn 100 nivåer"),
        "{}",
        stderr(&out)
    );
}

/// `import DOCX --onto PLAN`, given up on (and failed) after 20 seconds.
fn import_onto(docx: &Path, plan: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args([
            "import",
            docx.to_str().unwrap(),
            "--onto",
            plan.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > until {
            let _ = child.kill();
            panic!("import --onto {} did not end", plan.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn onto_takes_only_a_regular_plan_file_within_the_size_limit() {
    let dir = temp_dir();
    let docx = dir.path().join("mottatt.docx");
    std::fs::write(
        &docx,
        package(&[("word/document.xml", &document(&paragraph("x")))]),
    )
    .unwrap();
    let fifo = dir.path().join("rør.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let huge = dir.path().join("stor.yaml");
    std::fs::write(&huge, "# stor\n".repeat(1_000_000)).unwrap();
    for (plan, said) in [
        (Path::new("/dev/zero"), "er ikke en vanlig fil"),
        (fifo.as_path(), "er ikke en vanlig fil"),
        (huge.as_path(), "er større enn 4 MB"),
    ] {
        let out = import_onto(&docx, plan);
        assert_eq!(code(&out), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
}

/// The Hallingdal example copied into `dir` and rendered there as DOCX, and that DOCX with
/// the vision edited: (plan, edited docx).
fn plan_and_edited_docx(dir: &Path) -> (PathBuf, PathBuf) {
    let plan = dir.join("plan.yaml");
    std::fs::copy(data("hallingdal-2022.yaml"), &plan).unwrap();
    let out = render_to(&plan, dir, "docx");
    assert!(out.status.success(), "{}", stderr(&out));
    let edited = dir.join("styrets.docx");
    rewrite_part(
        &dir.join("plan.docx"),
        &edited,
        "word/document.xml",
        |xml| xml.replacen("200 nye arbeidsplasser", "250 nye arbeidsplasser", 1),
    );
    (plan, edited)
}

/// `docx` with `edit` applied to the part `name`, written to `out`.
fn rewrite_part(docx: &Path, out: &Path, name: &str, edit: impl Fn(String) -> String) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let part = file.name().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if part == name {
            let text = String::from_utf8(bytes).unwrap();
            let edited = edit(text.clone());
            assert_ne!(edited, text, "the edit of {name} found its place");
            bytes = edited.into_bytes();
        }
        writer
            .start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn onto_edits_the_file_a_link_points_to_keeps_its_mode_and_cleans_up_a_killed_run() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let real = dir.path().join("ekte");
    std::fs::create_dir(&real).unwrap();
    let (plan, edited) = plan_and_edited_docx(&real);
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("lenke.yaml");
    std::os::unix::fs::symlink(&plan, &link).unwrap();
    // What a killed run left beside the plan: its full temporary copy.
    let leftover = real.join(format!(
        ".plan.yaml.new.{}.abcdefgh.handlingsplan-tmp",
        u32::MAX - 1
    ));
    std::fs::copy(&plan, &leftover).unwrap();

    let out = import_onto(&edited, &link);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("250 nye arbeidsplasser"),
        "the plan the link names is edited"
    );
    let mode = plan.metadata().unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(!leftover.exists(), "the killed run's copy is removed");
    let hidden: Vec<_> = std::fs::read_dir(&real)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");

    // A read-only plan is refused, before any work, and left as it is.
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read_to_string(&plan).unwrap();
    let out = import_onto(&edited, &plan);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("er skrivebeskyttet"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
}

#[test]
fn the_plan_a_docx_carries_is_named_as_such_in_its_messages() {
    let dir = temp_dir();
    let (plan, edited) = plan_and_edited_docx(dir.path());
    let broken = dir.path().join("ødelagt.docx");
    rewrite_part(&edited, &broken, "customXml/item1.xml", |xml| {
        xml.replacen("arbeidsplassmål: 200", "arbeidsplassmål: mange", 1)
    });
    let out = import_onto(&broken, &plan);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("--> planen som ligger i Word-dokumentet:"),
        "{said}"
    );
    assert!(!said.contains(&format!("--> {}", plan.display())), "{said}");
}

#[test]
fn an_input_is_never_an_output() {
    let dir = temp_dir();
    let plan_text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let sub = dir.path().join("under");
    std::fs::create_dir(&sub).unwrap();
    let plan = dir.path().join("p.html");
    std::fs::write(&plan, &plan_text).unwrap();
    let via_link = dir.path().join("lenke");
    std::os::unix::fs::symlink(dir.path(), &via_link).unwrap();
    for (given, out_dir) in [
        (plan.clone(), dir.path().to_path_buf()),
        (sub.join("../p.html"), sub.join("..")),
        (via_link.join("p.html"), dir.path().to_path_buf()),
        (plan.clone(), via_link.clone()),
    ] {
        let out = render_to(&given, &out_dir, "html");
        assert_eq!(code(&out), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("er en fil denne kjøringen leser"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), plan_text);
    }
}

#[test]
fn a_second_render_into_the_same_folder_waits_for_the_first_to_finish() {
    let dir = temp_dir();
    let plan = dir.path().join("plan.yaml");
    std::fs::copy(data("hallingdal-2022.yaml"), &plan).unwrap();
    let out_dir = dir.path().join("ut");
    std::fs::create_dir(&out_dir).unwrap();
    // How long a render takes here, unhindered.
    let started = Instant::now();
    assert!(render_to(&plan, &out_dir, "html").status.success());
    let alone = started.elapsed();
    std::fs::remove_file(out_dir.join("plan.html")).unwrap();
    // Another run holds the folder while it puts its set in place.
    let held = std::fs::File::open(&out_dir).unwrap();
    held.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handlingsplan"))
        .args(["render", plan.to_str().unwrap(), "-o"])
        .arg(&out_dir)
        .args(["--format", "html"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(alone * 3 + Duration::from_secs(1));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the render waits its turn"
    );
    assert!(!out_dir.join("plan.html").exists());
    held.unlock().unwrap();
    assert!(child.wait().unwrap().success());
    assert!(out_dir.join("plan.html").exists());
}

#[test]
fn control_characters_in_a_plan_never_reach_the_terminal() {
    let dir = temp_dir();
    let text = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let plan = dir.path().join("plan.yaml");
    // An area's name, which `check`'s summary shows: it clears the screen, sets the window's
    // title and turns the rest of the line around.
    std::fs::write(
        &plan,
        text.replacen(
            "- navn: Kompetanse og rekruttering",
            "- navn: \"Kompe\\e[2J\\e]0;tittel\\atanse \\u202eog rekruttering\"",
            1,
        ),
    )
    .unwrap();
    let out = run(&["check", plan.to_str().unwrap()]);
    assert_ended_well(&out);
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    assert!(!all.contains(&0x1b), "{}", String::from_utf8_lossy(&all));
    assert!(!all.contains(&0x07));
    let shown = String::from_utf8_lossy(&all);
    assert!(!shown.contains('\u{202e}'));
    assert!(shown.contains("\\u{1b}[2J"), "{shown}");
}

/// The time `check` takes on `text` as a plan (its exit code must be 0, 1 or 2).
fn check_time(dir: &Path, text: &str) -> Duration {
    let plan = dir.join("plan.yaml");
    std::fs::write(&plan, text).unwrap();
    let started = Instant::now();
    let out = run(&["check", plan.to_str().unwrap()]);
    assert_ended_well(&out);
    started.elapsed()
}

#[test]
fn duplicate_keys_and_unused_anchors_are_found_in_linear_time() {
    let dir = temp_dir();
    let plan = std::fs::read_to_string(data("hallingdal-2022.yaml")).unwrap();
    let duplicates: String = (0..95_000).map(|_| "a: 1\n").collect();
    let took = check_time(
        dir.path(),
        &plan.replacen(
            "program:\n",
            &format!("program:\n{}", indent(&duplicates)),
            1,
        ),
    );
    assert!(took < Duration::from_secs(10), "duplicate keys: {took:?}");
    let anchors: String = (0..40_000).map(|i| format!("- &a{i} x\n")).collect();
    let took = check_time(dir.path(), &format!("{plan}ekstra:\n{}", indent(&anchors)));
    assert!(took < Duration::from_secs(10), "unused anchors: {took:?}");
}

fn indent(lines: &str) -> String {
    lines.lines().map(|l| format!("  {l}\n")).collect()
}
