//! The plan and its communication plan name each other: in the HTML a link to the other's file
//! that the same `render` wrote beside it (and back), in the PDF and the DOCX the words alone.
//! No output has a dead link: every address in every HTML page is checked against the files
//! written, in a real browser too (headless Chromium follows each link and reads the page it
//! reaches).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{data, docx_part, docx_words, file_addresses, kept_output, pdf_text, squeezed};

/// `render PLAN -o OUT --format FORMATS [extra]`, which must succeed.
fn render(plan: &Path, out: &Path, formats: &str, extra: &[&str]) {
    let result = common::render_with(plan, out, formats, extra);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Asserts that every address in every HTML page of `dir` that leads to a file leads to a file
/// in `dir` (so one that this render wrote: each test renders into an empty folder), and
/// returns them as (page, file).
fn every_link_resolves(dir: &Path) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = path.file_name().unwrap().to_string_lossy().into_owned();
        let html = std::fs::read_to_string(&path).unwrap();
        for address in file_addresses(&html) {
            assert!(
                !address.contains('/') && !address.contains('\\') && !address.contains(':'),
                "{page}: {address} is not a file beside it"
            );
            let name = percent_encoding::percent_decode_str(&address)
                .decode_utf8()
                .unwrap()
                .into_owned();
            assert!(
                dir.join(&name).is_file(),
                "{page} links to {address}, which this render did not write"
            );
            links.push((page.clone(), name));
        }
    }
    links.sort();
    links
}

/// Drangedal as a plan file whose name has a space, «æ», «#» and «%» (each must be encoded in
/// an address), in a folder of its own.
fn drangedal_named_oddly(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join(format!("{name}.yaml"));
    std::fs::copy(data("drangedal-2024.yaml"), &plan).unwrap();
    (dir, plan)
}

const ODD: &str = "Drangedal æ #2 100%";

#[test]
fn the_plans_html_links_to_its_communication_plan_and_back_and_the_pdf_and_docx_name_it() {
    let (_plans, plan) = drangedal_named_oddly(ODD);
    let out = kept_output("lenker");
    render(&plan, &out, "docx,pdf,html", &[]);
    let plan_page = format!("{ODD}.html");
    let communication_page = format!("{ODD}-kommunikasjonsplan.html");
    assert_eq!(
        every_link_resolves(&out),
        vec![
            (communication_page.clone(), plan_page.clone()),
            (plan_page.clone(), communication_page.clone()),
        ],
        "one link each way"
    );
    // The link is on the attachment's title where section 4 names it, encoded as an address.
    let html = std::fs::read_to_string(out.join(&plan_page)).unwrap();
    assert!(
        html.contains(
            "«<a href=\"Drangedal%20%C3%A6%20%232%20100%25-kommunikasjonsplan.html\">Kommunikasjonsplan 2024 – Omstilling i Drangedal</a>»"
        ),
        "section 4's words link to the attachment"
    );
    let back = std::fs::read_to_string(out.join(&communication_page)).unwrap();
    assert!(
        back.contains("Vedlegg til <a href=\"Drangedal%20%C3%A6%20%232%20100%25.html\">Handlingsplan 2024 for Driv – omstillingsprogrammet i Drangedal</a>"),
        "the attachment's cover links to the plan"
    );
    // The PDF and the DOCX name it in words, with no link to a file that may not travel with
    // them.
    for (name, words) in [
        (
            format!("{ODD}.pdf"),
            "«Kommunikasjonsplan 2024 – Omstilling i Drangedal»",
        ),
        (
            format!("{ODD}-kommunikasjonsplan.pdf"),
            "Vedlegg til Handlingsplan 2024 for Driv",
        ),
    ] {
        let text = squeezed(&pdf_text(&out.join(&name), "-raw").join(" "));
        assert!(text.contains(words), "{name}: {words}");
        let bytes = std::fs::read(out.join(&name)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(".html"),
            "{name} names no file"
        );
    }
    let docx = out.join(format!("{ODD}.docx"));
    // (The words are in runs of their own, which `docx_words` joins with a space.)
    assert!(docx_words(&docx).contains("« Kommunikasjonsplan 2024 – Omstilling i Drangedal »"));
    for part in [
        "word/_rels/document.xml.rels".to_string(),
        "word/document.xml".to_string(),
    ] {
        for d in [&docx, &out.join(format!("{ODD}-kommunikasjonsplan.docx"))] {
            assert!(
                !docx_part(d, &part).contains(".html") && !docx_part(d, &part).contains(".docx"),
                "{}: {part} links no file",
                d.display()
            );
        }
    }
    check_outputs(&out);
}

#[test]
fn a_plan_without_a_communication_plan_or_without_its_files_links_nowhere() {
    // Hallingdal has no communication plan: nothing to link to.
    let out = kept_output("lenker-hallingdal");
    render(&data("hallingdal-2022.yaml"), &out, "html", &[]);
    assert_eq!(every_link_resolves(&out), vec![]);
    // HTML alone: both pages are still written, so the links still resolve.
    let out = kept_output("lenker-bare-html");
    render(&data("drangedal-2024.yaml"), &out, "html", &[]);
    assert_eq!(every_link_resolves(&out).len(), 2);
    // The revised plan and the filled-in template, in every format.
    let out = kept_output("lenker-revidert");
    render(
        &data("drangedal-2024.yaml"),
        &out,
        "docx,pdf,html",
        &["--regnskap", data("regnskap-2023.yaml").to_str().unwrap()],
    );
    assert_eq!(every_link_resolves(&out).len(), 2);
    let out = kept_output("lenker-mal");
    render(&common::filled_template(), &out, "html", &[]);
    assert_eq!(
        every_link_resolves(&out),
        vec![
            ("mal-kommunikasjonsplan.html".into(), "mal.html".into()),
            ("mal.html".into(), "mal-kommunikasjonsplan.html".into()),
        ]
    );
}

/// `../shared/tools/check-outputs DIR` passes (when the validators are installed here).
fn check_outputs(dir: &Path) {
    let tool = common::root().join("../shared/tools/check-outputs");
    if !tool.is_file() {
        eprintln!("check-outputs not found; CI runs it on the kept outputs");
        return;
    }
    let result = Command::new(&tool).arg(dir).output().unwrap();
    assert!(
        result.status.success(),
        "check-outputs: {}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Opens `PAGE` in a frame, then every page each page links to (a file, not a place in the
/// page or a web address), each in a frame of its own, and reports each page's title and
/// links as Chromium resolved them; a page that did not open reports an error instead.
const PROBE: &str = r#"<!DOCTYPE html><html><body><script>
async function visit(url) {
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  await new Promise(resolve => { frame.onload = resolve; frame.src = url; });
  try {
    const doc = frame.contentDocument;
    const links = [...doc.querySelectorAll('a[href]')]
      .filter(a => a.protocol === 'file:' && !a.getAttribute('href').startsWith('#'))
      .map(a => ({ href: a.getAttribute('href'), url: a.href.split('#')[0], text: a.textContent }));
    return { url, title: doc.title, links };
  } catch (e) {
    return { url, error: String(e), links: [] };
  }
}
(async () => {
  const pages = [];
  const queue = [new URL('PAGE', location.href).href];
  const seen = new Set(queue);
  while (queue.length) {
    const page = await visit(queue.shift());
    pages.push(page);
    for (const link of page.links) {
      if (!seen.has(link.url)) { seen.add(link.url); queue.push(link.url); }
    }
  }
  document.body.setAttribute('data-probe', JSON.stringify(pages));
})();
</script></body></html>"#;

#[test]
fn chromium_follows_each_link_to_the_other_document_and_back() {
    let (_plans, plan) = drangedal_named_oddly(ODD);
    let out = kept_output("lenker-chromium");
    render(&plan, &out, "html", &[]);
    let probe = out.join("probe.html");
    // Encoded as the writer encodes a file name, so that Chromium's address for the page the
    // link back leads to reads the same.
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let page = percent_encoding::utf8_percent_encode(&format!("{ODD}.html"), SEGMENT).to_string();
    std::fs::write(&probe, PROBE.replace("PAGE", &page)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let result = Command::new(common::chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
            "--allow-file-access-from-files",
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
            &format!("file://{}", probe.display()),
        ])
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_file(&probe);
    let dom = String::from_utf8_lossy(&result.stdout);
    let start = dom.find("data-probe=\"").unwrap_or_else(|| {
        panic!(
            "no probe result: {}",
            String::from_utf8_lossy(&result.stderr)
        )
    }) + "data-probe=\"".len();
    let end = dom[start..].find('"').unwrap() + start;
    let pages: serde_json::Value = serde_json::from_str(
        &dom[start..end]
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
    .unwrap();
    let pages = pages.as_array().unwrap();
    let titles: Vec<&str> = pages
        .iter()
        .map(|p| {
            p["title"]
                .as_str()
                .unwrap_or_else(|| panic!("a page did not open: {p}"))
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Handlingsplan 2024 – Omstilling i Drangedal",
            "Kommunikasjonsplan 2024 – Omstilling i Drangedal"
        ],
        "the plan opens its communication plan, and nothing else"
    );
    let links = |p: &serde_json::Value| -> Vec<String> {
        p["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        links(&pages[0]),
        ["Kommunikasjonsplan 2024 – Omstilling i Drangedal"]
    );
    assert_eq!(
        links(&pages[1]),
        ["Handlingsplan 2024 for Driv – omstillingsprogrammet i Drangedal"]
    );
    // The link back leads to the page the probe started from.
    assert_eq!(pages[1]["links"][0]["url"], pages[0]["url"]);
}
