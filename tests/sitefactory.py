"""Build small temporary projects from a dict of files, on top of a valid minimal site."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
VOCABULARIES = (REPO / "content" / "vocabularies.yaml").read_text(encoding="utf-8")
PROFILE = (REPO / "content" / "profile.yaml").read_text(encoding="utf-8")

BASE: dict[str, str] = {
    "mkdocs.yml": MKDOCS_YML,
    "content/profile.yaml": PROFILE,
    "content/vocabularies.yaml": VOCABULARIES,
    "content/index.md": """\
        ---
        title: Test review
        summary: A tiny site for tests.
        ---
        Intro text citing a review [@heo2018mesenchymal].
        """,
    "content/diseases/kidney/cisplatin-nephrotoxicity.md": """\
        ---
        title: Cisplatin nephrotoxicity
        organ_system: kidney
        aliases: [cisplatin AKI]
        summary: Kidney injury caused by the anticancer drug cisplatin.
        last_reviewed: 2026-01-10
        ---
        ## Overview

        Umbilical cord MSC exosomes reduced injury [@zhou2013exosomes; @heo2018mesenchymal, p. 3].

        <!-- evidence-table -->

        ## What is not known

        Dose and timing.
        """,
    "content/studies/zhou-2013-cisplatin-aki.md": """\
        ---
        id: zhou-2013-cisplatin-aki
        title: Umbilical cord MSC exosomes in cisplatin kidney injury
        conditions: [cisplatin-nephrotoxicity]
        agent: msc-ev
        ev_type: exosomes
        msc_source:
          tissue: umbilical cord
          species: human
        models:
          - species: rat
            model: cisplatin-induced acute kidney injury
          - cell_line: NRK-52E
            model: cisplatin exposure
        study_type: [animal, in vitro]
        route: [renal subcapsular]
        outcomes:
          - lower serum creatinine and BUN
        first_author: Zhou
        year: 2013
        reference: zhou2013exosomes
        reported_in:
          - review: heo2018mesenchymal
            ref: "52"
        ---
        Exosomes from human umbilical cord MSCs protected rat kidneys from cisplatin [@zhou2013exosomes].
        """,
    "references.bib": """\
        @article{heo2018mesenchymal,
          author = {Heo, June Seok and Kim, Jinkwan},
          title = {Mesenchymal stem cell-derived exosomes: applications in cell-free therapy},
          journal = {Korean Journal of Clinical Laboratory Science},
          year = {2018},
          volume = {50},
          pages = {391--398}
        }

        @article{zhou2013exosomes,
          author = {Zhou, Ying and Xu, Huitao and Xu, Wenrong and others},
          title = {Exosomes released by human umbilical cord mesenchymal stem cells protect against
                   cisplatin-induced renal oxidative stress and apoptosis in vivo and in vitro},
          journal = {Stem Cell Research {\\&} Therapy},
          year = {2013},
          volume = {4},
          number = {2},
          pages = {34},
          doi = {10.1186/scrt194},
          pmid = {23618405}
        }
        """,
}


def base(rel: str) -> str:
    """A file of the base site, dedented, ready to be edited by a test."""
    return textwrap.dedent(BASE[rel])


def make_site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the base site plus ``files`` (None deletes a base file) under ``root``; return root."""
    merged: dict[str, str | bytes | None] = {**BASE, **(files or {})}
    for rel, content in merged.items():
        path = root / rel
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    if (REPO / "assets").is_dir():
        shutil.copytree(REPO / "assets", root / "assets", dirs_exist_ok=True)
    return root


GOLDEN_EXTRA: dict[str, str | bytes | None] = {
    "content/topics/history.md": """\
        ---
        title: A short history
        summary: How the field began, with a table of dated firsts.
        last_reviewed: 2026-01-10
        ---
        The first reviews date the field's beginnings [@heo2018mesenchymal].

        <!-- data-table: firsts -->

        The table's last source is cited nowhere else.
        """,
    "content/data/firsts.yaml": """\
        title: Dated firsts
        caption: Events the sources date.
        columns:
          - {key: year, label: Year}
          - {key: event, label: Event}
          - {key: sources, label: Sources, type: citations}
        rows:
          - {year: '1995', event: first clinical trial of MSCs, sources: [heo2018mesenchymal]}
          - {year: '2010', event: first isolation of MSC exosomes, sources: [lai2010exosome]}
        """,
    "references.bib": BASE["references.bib"]
    + """\

        @article{lai2010exosome,
          author = {Lai, Ruenn Chai and Arslan, Fatih and Lee, May May and others},
          title = {Exosome secreted by MSC reduces myocardial ischemia/reperfusion injury},
          journal = {Stem Cell Research},
          year = {2010},
          volume = {4},
          number = {3},
          pages = {214--222}
        }
        """,
}
"""The golden site's additions to the base site: a topic page showing a data table whose citations
column holds a reference cited nowhere else (``lai2010exosome``)."""
