"""Load vetted articles from disk and decide which of them may be served.

An article is one Markdown file, ``<id>.md``: a YAML front matter block (see
:mod:`corpus.schema`) and a body whose headings are the article's own. Sentences a
reviewer marked as promotional are wrapped in :data:`PROMO_OPEN` ... :data:`PROMO_CLOSE`;
they stay visible in the file but :func:`strip_promotional` removes them before serving.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import ValidationError

from corpus.schema import FrontMatter, Status, describe_errors

PROMO_OPEN = "<!-- promo -->"
PROMO_CLOSE = "<!-- /promo -->"

_PROMO_SPAN = re.compile(re.escape(PROMO_OPEN) + r".*?" + re.escape(PROMO_CLOSE), re.DOTALL)
_PROMO_MARKER = re.compile(f"{re.escape(PROMO_OPEN)}|{re.escape(PROMO_CLOSE)}")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = "---"
_BARE_MARKER = re.compile(r"(?:[-*+]|\d+[.)]|#{1,6})?")
_CUT = "\x00"  # stands in for a removed promo span while tidying


class CorpusError(Exception):
    """One or more articles are unusable; each line of the message is one problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Article:
    """A parsed article file. ``digest`` is the sha256 of the file's bytes."""

    meta: FrontMatter
    body: str
    path: Path
    digest: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def publisher(self) -> str:
        return self.meta.publisher

    @property
    def status(self) -> Status:
        return self.meta.status

    def is_overdue(self, today: date) -> bool:
        """True when the review due date has passed (due today is not yet overdue)."""
        return self.meta.review_due is not None and self.meta.review_due < today


def display_path(path: Path) -> str:
    """The path as a reader would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_article(path: Path | str) -> Article:
    """Parse one article file; raises :class:`CorpusError` naming the file and the field."""
    path = Path(path)
    where = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CorpusError([f"{where}: cannot read file ({error.strerror})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorpusError([f"{where}: not UTF-8 text (bad byte at {error.start})"]) from None
    data, body = _split_front_matter(text, where)
    try:
        meta = FrontMatter.model_validate(data)
    except ValidationError as error:
        raise CorpusError(f"{where}: {problem}" for problem in describe_errors(error)) from None
    problems = promo_problems(body)
    if problems:
        raise CorpusError(f"{where}: {problem}" for problem in problems)
    return Article(meta=meta, body=body, path=path, digest=hashlib.sha256(raw).hexdigest())


def load_articles(directory: Path | str) -> list[Article]:
    """Every ``*.md`` article in ``directory``, sorted by id.

    Raises :class:`CorpusError` listing all problems at once (one per line): unreadable
    files, bad front matter, ids that differ from the file name, duplicate ids.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise CorpusError([f"{display_path(directory)}: articles folder not found"])
    problems: list[str] = []
    articles: list[Article] = []
    for path in sorted(directory.glob("*.md")):
        try:
            article = load_article(path)
        except CorpusError as error:
            problems.extend(error.problems)
            continue
        if article.id != path.stem:
            problems.append(
                f"{display_path(path)}: front matter field 'id' must match the file name "
                f"'{path.stem}' (got '{article.id}')"
            )
        articles.append(article)
    for article_id in sorted({a.id for a in articles}):
        paths = [display_path(a.path) for a in articles if a.id == article_id]
        if len(paths) > 1:
            problems.append(
                f"{', '.join(paths)}: front matter field 'id' is the same in {len(paths)} "
                f"files (got '{article_id}')"
            )
    if problems:
        raise CorpusError(problems)
    return sorted(articles, key=lambda article: article.id)


def select_servable(
    articles: Iterable[Article], today: date, serve_overdue: bool
) -> tuple[list[Article], list[str]]:
    """The approved articles that may be served today, and warnings about the rest.

    Drafts and retired articles are left out silently. An approved article whose review
    is overdue is left out with a warning, or kept (still with a warning) when
    ``serve_overdue`` is on.
    """
    servable: list[Article] = []
    warnings: list[str] = []
    for article in articles:
        if article.status is not Status.APPROVED:
            continue
        if article.is_overdue(today):
            action = "served anyway (serve_overdue is on)" if serve_overdue else "not served"
            warnings.append(
                f"{display_path(article.path)}: review was due {article.meta.review_due}; {action}"
            )
            if not serve_overdue:
                continue
        servable.append(article)
    return servable, warnings


def promo_problems(text: str) -> list[str]:
    """Unbalanced or nested promo markers, by line number (empty list when all is well)."""
    problems: list[str] = []
    open_line: int | None = None
    for match in _PROMO_MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group() == PROMO_OPEN:
            if open_line is not None:
                problems.append(
                    f"line {line}: '{PROMO_OPEN}' inside the one opened on line {open_line}"
                )
            open_line = line
        elif open_line is None:
            problems.append(f"line {line}: '{PROMO_CLOSE}' without a matching '{PROMO_OPEN}'")
        else:
            open_line = None
    if open_line is not None:
        problems.append(f"line {open_line}: '{PROMO_OPEN}' is never closed with '{PROMO_CLOSE}'")
    return problems


def strip_promotional(text: str) -> str:
    """Remove every promo span (markers included) and tidy the spaces left behind.

    Raises ``ValueError`` on unbalanced markers rather than risk serving promotion.
    """
    problems = promo_problems(text)
    if problems:
        raise ValueError("; ".join(problems))
    if not _PROMO_SPAN.search(text):
        return text
    lines: list[str] = []
    for line in _PROMO_SPAN.sub(_CUT, text).split("\n"):
        if _CUT in line:
            indent = line[: len(line) - len(line.lstrip())]
            rest = re.sub(r"[ \t]{2,}", " ", line.replace(_CUT, "")).strip()
            if _BARE_MARKER.fullmatch(rest):
                continue  # the whole line was promotion (maybe behind a list or heading mark)
            line = indent + rest
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def headings(body: str) -> list[tuple[int, str]]:
    """The Markdown headings of a body as ``(level, text)`` pairs, in order."""
    found: list[tuple[int, str]] = []
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def corpus_version(articles: Iterable[Article]) -> str:
    """A short fingerprint of exactly these articles' files (order does not matter)."""
    digest = hashlib.sha256()
    for article_id, file_digest in sorted((a.id, a.digest) for a in articles):
        digest.update(f"{article_id}\0{file_digest}\n".encode())
    return digest.hexdigest()[:16]


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so pydantic can say what is wrong with them."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _split_front_matter(text: str, where: str) -> tuple[dict[str, object], str]:
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise CorpusError([f"{where}: must start with a '---' line opening the front matter"])
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == _FENCE:
            block, body = "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
            break
    else:
        raise CorpusError([f"{where}: front matter is never closed with a '---' line"])
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise CorpusError([f"{where}: front matter is not valid YAML{at}: {problem}"]) from None
    if not isinstance(data, dict):
        raise CorpusError([f"{where}: front matter must be a mapping of field: value"])
    return data, body.lstrip("\n")
