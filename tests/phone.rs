//! The HTML page on a phone, in a real browser: headless Chromium (Debian's `chromium`) lays
//! the page out in a 390 px frame (headless windows are at least 500 px wide), and a script
//! reports every amount of the resource and financing tables that is not wholly inside it,
//! every card whose value runs into its label, how the job targets table is shown, how large
//! each chart's smallest text is, and whether the page's embedded fonts were loaded.

use std::path::Path;
use std::process::Command;

mod common;
use common::{chromium, data, kept_output, run};

/// Finds the cells of the tables whose caption starts with one of `captions`, and lists the
/// ones that stick out of the viewport (or are hidden), with the viewport's width.
const PROBE: &str = r#"<!DOCTYPE html><html><body>
<iframe id="phone" src="PAGE" style="width:WIDTHpx;height:900px;border:0"></iframe>
<script>
document.getElementById('phone').addEventListener('load', async (event) => {
  const document_ = event.target.contentDocument;
  const window_ = event.target.contentWindow;
  await document_.fonts.ready;
  const captions = ['Ressursinnsats', 'Finansiering'];
  const width = document_.documentElement.clientWidth;
  const report = { width, checked: 0, outside: [], overlaps: [], labelled: 0, jobs: null, charts: [], drawings: [], fonts: 0 };
  for (const table of document_.querySelectorAll('table')) {
    const caption = table.querySelector('caption');
    if (!caption || !captions.some(c => caption.textContent.startsWith(c))) continue;
    for (const cell of table.querySelectorAll('td.num, th.num')) {
      if (cell.closest('thead') || !cell.textContent.trim()) continue;
      const r = cell.getBoundingClientRect();
      report.checked += 1;
      if (r.width === 0 || r.left < -0.5 || r.right > width + 0.5) {
        report.outside.push(cell.textContent.trim() + ' @ ' + Math.round(r.left) + '–' + Math.round(r.right));
      }
    }
  }
  // A card's value starts after its label (the label's own width, or its share of the card).
  const canvas = document_.createElement('canvas').getContext('2d');
  for (const cell of document_.querySelectorAll('table.stack td[data-label]')) {
    const value = cell.querySelector(':scope > .value');
    if (!value || window_.getComputedStyle(cell).display === 'none') continue;
    const style = window_.getComputedStyle(cell, '::before');
    canvas.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    const box = cell.getBoundingClientRect();
    const inner = box.width - parseFloat(window_.getComputedStyle(cell).paddingLeft) * 2;
    const label = Math.min(canvas.measureText(cell.dataset.label).width, 0.4 * inner);
    report.labelled += 1;
    if (value.getBoundingClientRect().left < box.left + label) {
      report.overlaps.push(cell.dataset.label + ': ' + value.textContent.trim().slice(0, 30));
    }
  }
  // The job targets: a table on the screen, not a card per row.
  for (const table of document_.querySelectorAll('table')) {
    const caption = table.querySelector('caption');
    if (!caption || !caption.textContent.startsWith('Arbeidsplassmål per år')) continue;
    const cells = [...table.querySelectorAll('td, th')];
    const size = parseFloat(window_.getComputedStyle(table.querySelector('td')).fontSize);
    report.jobs = {
      stacked: table.classList.contains('stack'),
      rows: table.getBoundingClientRect().height,
      size,
      outside: cells.filter(c => c.getBoundingClientRect().right > width + 0.5).map(c => c.textContent.trim()),
    };
  }
  // Each chart's smallest text, as shown, and which drawing of it is shown.
  for (const svg of document_.querySelectorAll('figure.chart svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    const view = svg.getAttribute('viewBox').split(/[\s,]+/).map(Number);
    const smallest = Math.min(...[...svg.querySelectorAll('[font-size]')].map(t => parseFloat(t.getAttribute('font-size'))));
    report.charts.push(Math.round(smallest * box.width / view[2] * 10) / 10);
    report.drawings.push(svg.getAttribute('class') + ' ' + Math.round(box.width));
  }
  report.fonts = [...document_.fonts].filter(f => f.family.replace(/"/g, '') === 'Carlito' && f.status === 'loaded').length;
  document.body.setAttribute('data-probe', JSON.stringify(report));
});
</script></body></html>"#;

/// The probe's report for `html` laid out `width` pixels wide.
fn probe(html: &Path, width: u32) -> String {
    let probed = html.with_extension("probe.html");
    let page = html.file_name().unwrap().to_str().unwrap();
    std::fs::write(
        &probed,
        PROBE
            .replace("PAGE", page)
            .replace("WIDTH", &width.to_string()),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
            "--allow-file-access-from-files",
            &format!("--user-data-dir={}", profile.path().display()),
            "--window-size=800,1000",
            "--dump-dom",
            &format!("file://{}", probed.display()),
        ])
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_file(&probed);
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("data-probe=\"")
        .unwrap_or_else(|| panic!("no probe result: {}", String::from_utf8_lossy(&out.stderr)))
        + "data-probe=\"".len();
    let end = dom[start..].find('"').unwrap() + start;
    dom[start..end].replace("&quot;", "\"")
}

#[test]
fn on_a_390_px_phone_every_amount_shows_cards_do_not_overlap_and_charts_fit_the_screen() {
    let out = kept_output("phone");
    for plan in ["drangedal-2024.yaml", "hallingdal-2022.yaml"] {
        let rendered = run(&[
            "render",
            data(plan).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "html",
        ]);
        assert!(rendered.status.success());
        let html = out.join(plan.replace(".yaml", ".html"));
        let report: serde_json::Value = serde_json::from_str(&probe(&html, 390)).unwrap();
        assert_eq!(report["width"], 390, "{plan}: {report}");
        assert!(
            report["checked"].as_u64() > Some(0),
            "{plan}: no amounts found: {report}"
        );
        assert_eq!(report["outside"], serde_json::json!([]), "{plan}: {report}");
        // Cards: each value beside its label, never under it («Prosjekter og tiltak•»).
        assert!(report["labelled"].as_u64() > Some(0), "{plan}: {report}");
        assert_eq!(
            report["overlaps"],
            serde_json::json!([]),
            "{plan}: {report}"
        );
        // The job targets read as a table, whole on the screen, figures at a readable size.
        let jobs = &report["jobs"];
        assert_eq!(jobs["stacked"], false, "{plan}: {report}");
        assert_eq!(jobs["outside"], serde_json::json!([]), "{plan}: {report}");
        assert!(jobs["size"].as_f64() >= Some(13.0), "{plan}: {report}");
        charts_legible_and_fonts_loaded(plan, &report);
    }
    // The årshjul of the communication plan, whose labels are the smallest.
    let html = out.join("drangedal-2024-kommunikasjonsplan.html");
    let report: serde_json::Value = serde_json::from_str(&probe(&html, 390)).unwrap();
    charts_legible_and_fonts_loaded("kommunikasjonsplan", &report);
    // On a wide screen, the drawing a page prints (labels beside the wheel), at its own size.
    let wide: serde_json::Value = serde_json::from_str(&probe(&html, 1280)).unwrap();
    let drawings = wide["drawings"].as_array().unwrap();
    assert_eq!(drawings.len(), 1, "{wide}");
    assert!(drawings[0].as_str().unwrap().starts_with("page "), "{wide}");
}

/// Every chart shown once, in its drawing for a phone, within the screen (nothing scrolls
/// sideways; tests/board.rs holds every element inside 390 px) with its smallest text at
/// least 10.5 px high as shown, as the page's own small print; and the page's text in its
/// own embedded Carlito (the machine has none): regular and bold loaded.
fn charts_legible_and_fonts_loaded(page: &str, report: &serde_json::Value) {
    let charts = report["charts"].as_array().unwrap();
    assert!(!charts.is_empty(), "{page}: {report}");
    for px in charts {
        assert!(
            px.as_f64() >= Some(10.5),
            "{page}: chart text {px} px: {report}"
        );
    }
    for drawing in report["drawings"].as_array().unwrap() {
        let (class, width) = drawing.as_str().unwrap().split_once(' ').unwrap();
        assert_eq!(class, "phone", "{page}: {report}");
        assert!(width.parse::<u32>().unwrap() <= 390, "{page}: {report}");
    }
    assert!(report["fonts"].as_u64() >= Some(2), "{page}: {report}");
}

/// The `data:` URLs of the WOFF2 fonts in `css`, decoded to TrueType.
fn embedded_fonts(css: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    css.split("url(data:font/woff2;base64,")
        .skip(1)
        .map(|rest| {
            let data = &rest[..rest.find(')').unwrap()];
            let woff2 = base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap();
            woofwoof::decompress(&woff2).expect("a WOFF2 font")
        })
        .collect()
}

/// The characters outside markup (`<…>`) as shown, entities left as written: a soft hyphen
/// (U+00AD) shows as a hyphen where the line breaks, and not at all elsewhere.
fn text_chars(markup: &str) -> std::collections::BTreeSet<char> {
    let mut inside = false;
    let mut out = std::collections::BTreeSet::new();
    for c in markup.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            '\u{ad}' if !inside => {
                out.insert('-');
            }
            c if !inside && !c.is_whitespace() => {
                out.insert(c);
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_page_carries_subsets_of_its_font_with_every_character_it_and_its_charts_show() {
    let out = kept_output("phone-fonts");
    let rendered = run(&[
        "render",
        data("drangedal-2024.yaml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert!(rendered.status.success());
    for page in [
        "drangedal-2024.html",
        "drangedal-2024-kommunikasjonsplan.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let head_end = html.find("</head>").unwrap();
        let fonts = embedded_fonts(&html[..head_end]);
        assert!(fonts.len() >= 2, "{page}: regular and bold");
        let body = &html[head_end..];
        let shown: String = text_chars(body).into_iter().collect();
        for font in &fonts {
            let face = ttf_parser::Face::parse(font, 0).unwrap();
            let missing: String = shown
                .chars()
                .filter(|c| face.glyph_index(*c).is_none())
                .collect();
            assert!(missing.is_empty(), "{page}: no glyph for {missing:?}");
            // A subset: the whole face has about 2 800 glyphs.
            assert!(
                face.number_of_glyphs() < 400,
                "{page}: {}",
                face.number_of_glyphs()
            );
        }
        // Each chart stands inline, its labels set in the page's fonts (checked above with
        // the rest of the page's text), carrying no fonts of its own.
        let mut charts = 0;
        for rest in body.split("<figure class=\"chart\"><svg ").skip(1) {
            let svg = &rest[..rest.find("</svg>").unwrap()];
            assert!(
                !svg.contains("@font-face"),
                "{page}: a chart with fonts again"
            );
            charts += 1;
        }
        assert!(!body.contains("data:image/svg+xml"), "{page}");
        assert_eq!(charts, 1, "{page}");
    }
}
