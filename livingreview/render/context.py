"""What every page renderer shares: the site, its page model, templates, citations and tables."""

from __future__ import annotations

from livingreview import history, pages
from livingreview.model import Site, Study
from livingreview.render.citations import Citations
from livingreview.render.counts import Counts
from livingreview.render.datatables import DataTables
from livingreview.render.environment import Templates
from livingreview.render.evidence import Evidence
from livingreview.render.fields import Fields


class Context:
    def __init__(self, site: Site, build_date: str, git_history: history.Pending | None = None) -> None:
        from livingreview.render.living import Living

        # first, so that git walks the history while everything else gets ready (see Living.changed)
        self.history = git_history or history.start(site.config.root)
        self.site = site
        self.build_date = build_date
        self.map = pages.gather(site)
        self.vocab = site.vocab
        self.templates = Templates(site.config.templates_dir, site.config.root / ".cache" / "jinja")
        self.cites = Citations(site, self.templates)
        self.fields = Fields(site.profile, site.vocab, self.cites)
        self.counts = Counts(self.fields, self.cites)
        self.evidence = Evidence(site, self.cites, self.templates, self.fields, self.counts)
        self.tables = DataTables(site.tables, self.cites, self.templates)
        self.disease_by_slug = {d.slug: d for d in site.diseases}
        self.living = Living(self)

    def studies_of(self, condition: str) -> list[Study]:
        return self.map.by_condition.get(condition, [])

    def organ_system_name(self, slug: str) -> str:
        return self.vocab.organ_systems.get(slug, "") if self.vocab else ""


__all__ = ["Context"]
