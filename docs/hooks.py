"""MkDocs hook (mkdocs.yml ``hooks:``): links from a page to a file of the repository outside
docs/ — a test, a module, bench/README.md — work on the site as they do in the repository.

A page links such a file as the repository has it, relative to the page:
``[tests/test_hostile.py](../tests/test_hostile.py)``. This hook publishes each linked file
with the site at its path in the repository (``tests/test_hostile.py``; a Markdown file is
rendered as a page outside the navigation, and its own links are followed the same way), and
rewrites the link to it. A link to a file that does not exist is left alone, so that
``mkdocs build --strict`` fails on it like on any broken link.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.structure.files import File, Files, InclusionLevel

#: A Markdown link or image target: ``](target#anchor "title")``.
LINK = re.compile(r'\]\((?P<target>[^)\s#]+)(?P<rest>(?:#[^)\s]*)?(?:\s+"[^"]*")?\))')
DOCS = "docs"


def _root(config: Any) -> Path:
    return Path(config["docs_dir"]).resolve().parent


def _repo_path(file: File, root: Path) -> str:
    """A file's path in the repository, with ``/``."""
    return Path(file.abs_src_path or "").resolve().relative_to(root).as_posix()


def _site_uri(repo_path: str) -> str:
    """Where a repository file sits on the site: pages of docs/ at their path under docs/,
    other files at their path in the repository."""
    prefix = DOCS + "/"
    return repo_path[len(prefix):] if repo_path.startswith(prefix) else repo_path


def _target(page_repo_path: str, target: str) -> str | None:
    """The repository path a relative link points to; None for a URL or a path outside the
    repository."""
    if "://" in target or target.startswith(("/", "mailto:")):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_repo_path),
                                               unquote(target)))
    return None if joined == ".." or joined.startswith("../") else joined


def on_files(files: Files, config: Any) -> Files:
    """Add every repository file outside docs/ that a page links to (and, for a Markdown file
    added, the files it links to)."""
    root = _root(config)
    queue = list(files.documentation_pages())
    while queue:
        page = queue.pop()
        page_path = _repo_path(page, root)
        text = Path(page.abs_src_path or "").read_text(encoding="utf-8")
        for match in LINK.finditer(text):
            path = _target(page_path, match.group("target"))
            if (path is None or path.startswith(DOCS + "/") or not (root / path).is_file()
                    or files.get_file_from_path(path) is not None):
                continue
            added = File(path, src_dir=str(root), dest_dir=config["site_dir"],
                         use_directory_urls=config["use_directory_urls"],
                         inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(added)
            if added.is_documentation_page():
                queue.append(added)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Point each link to a published repository file at its place on the site."""
    root = _root(config)
    page_path = _repo_path(page.file, root)
    here = posixpath.dirname(_site_uri(page_path))

    def rewrite(match: re.Match[str]) -> str:
        path = _target(page_path, match.group("target"))
        if path is None or files.get_file_from_path(_site_uri(path)) is None:
            return match.group(0)
        new = posixpath.relpath(_site_uri(path), here or ".")
        return f"]({new}{match.group('rest')}"

    return LINK.sub(rewrite, markdown)
