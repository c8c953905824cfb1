"""Remove personal data from text before the audit log stores it.

``redact(text)`` is a pure function: names after an introduction ("my name is ..."), e-mail
addresses, phone numbers, dates (of birth), and record numbers become typed placeholders
(``[NAME]``, ``[EMAIL]``, ``[PHONE]``, ``[DATE]``, ``[RECORD]``). Ordinary clinical text ("40
minutes", "the 1960s", "2 sprays", "NMDA", "PHQ-9", "56 mg") is left alone. Passes run until
nothing changes, so ``redact(redact(t)) == redact(t)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NAME, EMAIL, PHONE, DATE, RECORD = "[NAME]", "[EMAIL]", "[PHONE]", "[DATE]", "[RECORD]"

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]"
# The look-behind starts a match only where a run of local-part characters starts: linear time.
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# "March 3, 1980", "Mar. 3rd 1980", "3 March 1980", "3rd of March, 1980"
_NAMED_DATE = re.compile(
    rf"(?i)\b(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}})(?!\d)"
)
# After a birth label the year (or even the day) may be missing: "DOB 3/4", "born on March 3".
_DOB = re.compile(
    r"(?i)\b(?P<label>dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+(?:on|in))?"
    r"|fecha\s+de\s+nacimiento|n[ée]e?\s+le|geboren\s+am)\s*(?:is|was|[:=-])?\s*"
    rf"(?:the\s+)?(?P<date>{_MONTH}(?:\s+{_DAY})?(?:,?\s+\d{{4}})?(?![\w])|{_DAY}(?:\s+(?:of\s+)?{_MONTH})"
    r"(?:,?\s+\d{4})?|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?(?!\d))"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?:(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
    r"|(?P<Y>\d{4})(?P<t>[/.-])(?P<m>\d{1,2})(?P=t)(?P<d>\d{1,2}))(?![\d/-]|\.\d)"
)

_RECORD_LABEL = re.compile(
    r"(?i)\b(?:m\.?r\.?n|medical\s+record(?:\s+(?:number|no|id))?|record\s+(?:number|no|id)"
    r"|patient\s+(?:id|identifier|number|no)|chart(?:\s+(?:number|no|id))?"
    r"|member\s+(?:id|number|no)|(?:insurance|policy|subscriber|account|case|claim)\s+(?:id|number|no)"
    r"|ssn|social\s+security(?:\s+(?:number|no))?)\.?"
    r"(?P<gap>\s*(?:is|was|[:#=-])?\s*[:#]?\s*)"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9-]|\s(?=\d))*)"
)
_SSN = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")
_DIGIT_RUN = re.compile(r"\d{6,}")

_PHONE_LABEL = re.compile(
    r"(?i)\b(?P<label>phone|tel|telephone|cell|mobile|fax|call\s+me\s+(?:at|on)"
    r"|reach\s+me\s+(?:at|on)|text\s+me\s+(?:at|on)|my\s+number\s+is)(?P<gap>\s*[:#.]?\s*)"
    r"(?P<num>\+?\(?\d[\d\s().-]{5,}\d)"
)
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+|00)\d{1,3}(?:[\s.-]?(?:\(\d{1,4}\)|\d{1,5}+)){2,6}"  # +44 20 7946 0958
    r"|(?:1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}"  # (555) 123-4567
    r"|0\d{1,4}(?:[\s.-]\d{2,4}){2,4}"  # 020 7946 0958, 06 12 34 56 78
    r")(?!\d)"
)

_INTRO = re.compile(
    r"(?i)\b(?:my\s+name\s+is|my\s+name['’]s|i['’]m\s+called|i\s+am\s+called"
    r"|me\s+llamo|mi\s+nombre\s+es|je\s+m['’]appelle|ich\s+hei(?:ß|ss)e|mein\s+name\s+ist"
    r"|(?:(?<![^\n])|\b(?:patient|full|first|last)\s+)name\s*:)(?:\s+|(?<=:)\s*)"
)
# "this is <Name>" only where it opens a sentence or follows a greeting, and only capitalised.
_THIS_IS = re.compile(
    r"(?:^|(?<=[.!?,;:\n])|(?i:\b(?:hi|hello|hey|hola|bonjour|hallo|good\s+\w+)\b))"
    r"\s*(?i:this\s+is)\s+"
)
_TITLE = r"(?:(?:dr|mr|mrs|ms|miss|mx|prof)\.?\s+)?"
_GAP = re.compile(r"[ \t]+")
_TOKEN = re.compile(rf"(?i:{_TITLE})([^\W\d_]+(?:['’-][^\W\d_]+)*)")
# Words that end a name ("my name is John and ..."): never part of one.
_STOPWORDS = """
    a aber about also am an and are as asking at because been born but by calling can could
    did do does et for from got had has have hello here hi how i ich if im in is it its je
    just looking me mi my need needed no not of ok okay on or pero please question really so
    soy speaking started still taking thank thanks that the this to und wanted wanting was we
    what when where which who why will with wondering would writing y yes yo you
"""
_NOT_NAME = frozenset(_STOPWORDS.split())
_NOT_NAME_CAPITALISED = frozenset({"I", "It", "The", "A", "An", "My", "Not", "Is", "This", "That"})


def _name_end(text: str, start: int, capitalised: bool) -> int:
    """Where the (up to three word) name starting at ``start`` ends; ``start`` if there is none."""
    end = start
    for taken in range(3):
        at = end
        if taken:
            gap = _GAP.match(text, end)
            if not gap:
                break
            at = gap.end()
        token = _TOKEN.match(text, at)
        if not token:
            break
        word = token.group(1)
        if word.lower() in _NOT_NAME or word in _NOT_NAME_CAPITALISED:
            break
        if capitalised and (not word[0].isupper() or (len(word) > 1 and word.isupper())):
            break  # "this is ketamine", "this is NMDA": not a name
        end = token.end()
    return end


def _names(intro: re.Pattern[str], text: str, capitalised: bool) -> str:
    out: list[str] = []
    pos = 0
    for match in intro.finditer(text):
        if match.start() < pos:
            continue
        end = _name_end(text, match.end(), capitalised)
        if end > match.end():
            out.append(text[pos : match.end()] + NAME)
            pos = end
    out.append(text[pos:])
    return "".join(out)


def _checked(pattern: re.Pattern[str], check: Callable[[re.Match[str]], str | None]):
    """Like ``pattern.sub(check, text)``, but a match ``check`` turns down (None) is not skipped
    over: the search resumes one character later, so a number inside it can still match."""

    def sub(text: str) -> str:
        out: list[str] = []
        pos = done = 0
        while (match := pattern.search(text, pos)) is not None:
            new = check(match)
            if new is None:
                pos = match.start() + 1
                continue
            out.append(text[done : match.start()] + new)
            pos = done = max(match.end(), match.start() + 1)
        out.append(text[done:])
        return "".join(out)

    return sub


def _dob(match: re.Match[str]) -> str:
    return match.group(0)[: match.start("date") - match.start()] + DATE


def _numeric_date(match: re.Match[str]) -> str | None:
    if match.group("Y"):
        ok = 1 <= int(match.group("m")) <= 12 and 1 <= int(match.group("d")) <= 31
    else:
        a, b = int(match.group("a")), int(match.group("b"))
        ok = 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
    return DATE if ok else None


def _record(match: re.Match[str]) -> str | None:
    ident = match.group("id").rstrip("- ")
    if sum(c.isdigit() for c in ident) < 3:
        return None
    keep = match.group(0)[: match.start("id") - match.start()]
    return keep + RECORD + match.group("id")[len(ident) :]


def _phone_label(match: re.Match[str]) -> str | None:
    digits = sum(c.isdigit() for c in match.group("num"))
    if digits < 7:
        return None
    return match.group("label") + match.group("gap") + PHONE


def _phone(match: re.Match[str]) -> str | None:
    """The longest run of digit groups with a phone's digit count (7-15; 7-17 after + or 00)."""
    text = match.group(0)
    count = -2 if text.startswith("00") else 0
    top = 17 if text.startswith(("+", "00")) else 15
    cut = None
    for digits in re.finditer(r"\d+", text):
        count += len(digits.group())
        if count > top:
            break
        if count >= 7:
            cut = digits.end() + (text[digits.end() : digits.end() + 1] == ")")
    return None if cut is None else PHONE + text[cut:]


_PASSES: tuple[Callable[[str], str], ...] = (
    lambda t: _EMAIL.sub(EMAIL, t),
    lambda t: _DOB.sub(_dob, t),
    _checked(_RECORD_LABEL, _record),
    lambda t: _SSN.sub(RECORD, t),
    lambda t: _NAMED_DATE.sub(DATE, t),
    _checked(_NUMERIC_DATE, _numeric_date),
    _checked(_PHONE_LABEL, _phone_label),
    _checked(_PHONE, _phone),
    lambda t: _DIGIT_RUN.sub(RECORD, t),
    lambda t: _names(_INTRO, t, capitalised=False),
    lambda t: _names(_THIS_IS, t, capitalised=True),
)


def redact(text: str) -> str:
    """``text`` with personal data replaced by typed placeholders (idempotent)."""
    for _ in range(8):
        new = text
        for step in _PASSES:
            new = step(new)
        if new == text:
            break
        text = new
    return text


def redact_json(value: object) -> object:
    """Redact every string inside a JSON-like value, leaving ``id``/``*_id`` keys alone."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: v if _is_id(k) else redact_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_json(v) for v in value]
    return value


def _is_id(key: object) -> bool:
    key = str(key).lower()
    return key == "id" or key.endswith(("_id", "_ids"))
