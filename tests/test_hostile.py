"""Hostile input: payloads in every kind of field never reach the site unescaped; unsafe prose fails."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import Run
from sitefactory import base

PAYLOADS = ("<script>alert(1)</script>", '<img src=x onerror="alert(2)">', '"><svg onload=alert(3)>')
STUDY = "content/studies/zhou-2013-cisplatin-aki.md"
DISEASE = "content/diseases/kidney/cisplatin-nephrotoxicity.md"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}

DANGEROUS = re.compile(r"<script>alert|<img src=x onerror|<svg onload|href=\"javascript:", re.IGNORECASE)


def hostile_files() -> dict[str, str | bytes | None]:
    payload = " ".join(PAYLOADS)
    study = base(STUDY).replace(
        "  - lower serum creatinine and BUN", f"  - 'lower creatinine {payload}'\nmechanism: '{payload} | *x* [y](z)'"
    )
    study = study.replace("title: Umbilical cord MSC exosomes in cisplatin kidney injury", "title: javascript:alert(4)")
    disease = base(DISEASE).replace("aliases: [cisplatin AKI]", f"aliases: ['cisplatin AKI {payload}']")
    bib = base("references.bib").replace(
        "title = {Mesenchymal stem cell-derived exosomes: applications in cell-free therapy}",
        'title = {<script>alert(1)</script> <img src=x onerror="alert(2)"> "><svg onload=alert(3)>}',
    )
    return {STUDY: study, DISEASE: disease, "references.bib": bib}


def site_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html")))


def test_payloads_in_fields_are_escaped_everywhere(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    root = site(hostile_files())
    done = cli(root, "build", env=ENV)
    assert done.returncode == 0, done.stdout
    html = site_text(root / "site")
    assert not DANGEROUS.search(html), DANGEROUS.search(html)
    # the text is still there, escaped, for readers
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:alert(4)" in html  # as text, not as a link


def test_unsafe_html_and_links_in_prose_fail_with_lines(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    prose = base(DISEASE).replace(
        "Dose and timing.",
        'Dose and timing.\n\n<script>alert(1)</script>\n\nSee <img src=x onerror="alert(2)"> and '
        "[click](javascript:alert(3)) or ![i](data:text/html;base64,AAAA).\n\n"
        '[ref]: vbscript:msgbox(1)\n\n<a href="jav&#x09;ascript:alert(5)">x</a>\n\n'
        "```\n<script>in code is fine</script> [x](javascript:fine)\n```\n",
    )
    root = site({DISEASE: prose})
    done = cli(root, "check")
    assert done.returncode == 1
    found = [line for line in done.stdout.splitlines() if "[E-UNSAFE-HTML]" in line]
    path = "content/diseases/kidney/cisplatin-nephrotoxicity.md"
    assert found == [
        f"{path}:18: [E-UNSAFE-HTML] raw HTML tag <script> is not allowed",
        f"{path}:20: [E-UNSAFE-HTML] attribute 'onerror' on <img> is not allowed",
        f"{path}:20: [E-UNSAFE-HTML] link target 'data:text/html;base64,AAAA' uses the scheme 'data:'",
        f"{path}:20: [E-UNSAFE-HTML] link target 'javascript:alert(3' uses the scheme 'javascript:'",
        f"{path}:22: [E-UNSAFE-HTML] link target 'vbscript:msgbox(1)' uses the scheme 'vbscript:'",
        f"{path}:24: [E-UNSAFE-HTML] link target 'jav\tascript:alert(5)' uses the scheme 'javascript:'",
    ]


def test_allowed_html_passes(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    prose = base(DISEASE).replace(
        "Dose and timing.",
        'Dose and <abbr title="timing">timing</abbr>.\n\n<details><summary>More</summary>\n\nx\n\n</details>',
    )
    done = cli(site({DISEASE: prose}), "check")
    assert done.returncode == 0, done.stdout


def test_downloads_escape_for_json_and_csv(site, cli: Run) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io
    import json

    text = base(STUDY).replace("  - lower serum creatinine and BUN", "  - '=HYPERLINK(\"http://evil\")'\n  - '@SUM(1)'")
    text = text.replace("first_author: Zhou", "first_author: '+Zhou \"quoted\", comma'")
    root = site({STUDY: text})
    assert cli(root, "build", env=ENV).returncode == 0
    data = json.loads((root / "site/downloads/studies.json").read_text())
    record = data["studies"][0]
    assert record["outcomes"] == ['=HYPERLINK("http://evil")', "@SUM(1)"]  # JSON keeps the exact text
    assert record["first_author"] == '+Zhou "quoted", comma'
    rows = list(csv.DictReader(io.StringIO((root / "site/downloads/studies.csv").read_text())))
    assert list(rows[0]) == data["columns"]
    assert rows[0]["outcomes"] == '\'=HYPERLINK("http://evil"); @SUM(1)'
    assert rows[0]["first_author"] == '\'+Zhou "quoted", comma'
    assert rows[0]["msc_source"] == "tissue: umbilical cord, species: human"
