"""A living review website generator: structured Markdown + BibTeX -> checked MkDocs Material site."""
