//! The HTML page on a phone, in a real browser: headless Chromium (Debian's `chromium`) lays
//! the page out in a 390 px frame (headless windows are at least 500 px wide), and a script
//! reports every amount of the resource and financing tables that is not wholly inside it.

use std::path::Path;
use std::process::Command;

mod common;
use common::{data, kept_output, run};

/// Finds the cells of the tables whose caption starts with one of `captions`, and lists the
/// ones that stick out of the viewport (or are hidden), with the viewport's width.
const PROBE: &str = r#"<!DOCTYPE html><html><body>
<iframe id="phone" src="PAGE" style="width:WIDTHpx;height:900px;border:0"></iframe>
<script>
document.getElementById('phone').addEventListener('load', (event) => {
  const document_ = event.target.contentDocument;
  const captions = ['Ressursinnsats', 'Finansiering'];
  const width = document_.documentElement.clientWidth;
  const report = { width, checked: 0, outside: [] };
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
  document.body.setAttribute('data-probe', JSON.stringify(report));
});
</script></body></html>"#;

fn chromium() -> &'static str {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(candidate).arg("--version").output().is_ok() {
            return candidate;
        }
    }
    panic!("this test needs Chromium: apt-get install chromium (CI installs it)");
}

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
fn every_amount_of_the_resource_and_financing_tables_is_on_a_390_px_phone_screen() {
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
        let report = probe(&html, 390);
        assert!(report.contains("\"width\":390"), "{plan}: {report}");
        assert!(
            !report.contains("\"checked\":0"),
            "{plan}: no amounts found: {report}"
        );
        assert!(report.contains("\"outside\":[]"), "{plan}: {report}");
    }
}
