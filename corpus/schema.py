"""The front matter of a vetted article: parsed strictly, explained plainly.

Unknown keys are rejected so that a typo (``reviewd_on``) fails loudly instead of being
ignored. :func:`describe_errors` turns pydantic's errors into one plain sentence per
problem, each naming the field and the bad value.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Status(StrEnum):
    """Where an article is in review. Only ``approved`` articles are ever served."""

    APPROVED = "approved"
    DRAFT = "draft"
    RETIRED = "retired"


class FrontMatter(BaseModel):
    """The YAML block at the top of ``corpus/articles/<id>.md``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: Text
    publisher: Text
    source_file: Text
    status: Status
    reviewed_by: Text | None = None
    reviewed_on: date | None = None
    review_due: date | None = None
    notes: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _review_dates_make_sense(self) -> FrontMatter:
        if self.status is Status.APPROVED:
            missing = [
                name
                for name in ("reviewed_by", "reviewed_on", "review_due")
                if getattr(self, name) is None
            ]
            if missing:
                fields = ", ".join(f"'{name}'" for name in missing)
                which = f"fields {fields} are" if len(missing) > 1 else f"field {fields} is"
                raise ValueError(f"front matter {which} required when status is 'approved'")
        if self.reviewed_on and self.review_due and self.review_due < self.reviewed_on:
            raise ValueError(
                f"front matter field 'review_due' ({self.review_due}) is before "
                f"'reviewed_on' ({self.reviewed_on})"
            )
        return self


FIELDS = tuple(FrontMatter.model_fields)


def describe_errors(error: ValidationError) -> list[str]:
    """One plain sentence per problem, naming the field and the value it got."""
    return [_describe(detail) for detail in error.errors()]


def _describe(detail: Any) -> str:
    kind = detail["type"]
    loc = detail["loc"]
    field = ".".join(str(part) for part in loc)
    got = _shown(detail.get("input"))
    if not loc:  # raised by the model validator: the message already names its fields
        return str(detail["ctx"]["error"]) if "ctx" in detail else detail["msg"]
    if kind == "extra_forbidden":
        return f"unknown front matter field '{field}' (allowed: {', '.join(FIELDS)})"
    if kind == "missing":
        return f"front matter field '{field}' is missing"
    if kind.startswith("date"):
        return f"front matter field '{field}' is not a date (got {got}); use YYYY-MM-DD"
    if kind == "enum":
        choices = ", ".join(status.value for status in Status)
        return f"front matter field '{field}' must be one of {choices} (got {got})"
    if kind == "string_pattern_mismatch":
        return (
            f"front matter field '{field}' must be a slug of lowercase letters, digits and "
            f"hyphens (got {got})"
        )
    if kind in ("string_too_short", "string_type") and detail.get("input") in ("", None):
        return f"front matter field '{field}' must not be empty"
    return f"front matter field '{field}' is invalid: {detail['msg']} (got {got})"


def _shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    return f"'{text}'" if len(text) <= 80 else f"'{text[:77]}...'"
