"""The register of legal texts (`content/laws.yml`): each text the content cites, with its dates and what replaced it,
so a citation can be checked against the date a page is read on.

```yaml
13/2023/NĐ-CP:
  kind: nghị định
  title: Nghị định về bảo vệ dữ liệu cá nhân
  issued: 2023-04-17
  in_force: 2023-07-01
  replaced_by: 356/2025/NĐ-CP
  replaced_on: 2026-01-01
  aliases: [Nghị định 13/2023, Nghị định 13]
  checked: where and when the dates were verified
```

An absent file is an empty register: then any citation in the content is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from site_builder import yamlsource
from site_builder.problems import Problem, field_problems, problem

FILE = "laws.yml"
NUMBER = re.compile(
    r"(?<![\w/-])(?:\d{1,5}(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*"
    r"|\d{1,5}-[A-ZĐ]{1,6}/[A-ZĐ][A-Za-zĐđ0-9]*)(?![\w/])"
)
"""A Vietnamese document number as written: `749/QĐ-TTg`, `13/2023/NĐ-CP`, `91/2025/QH15`, `57-NQ/TW`,
`01-KH/BCĐTW`, `4509/BTTTT-CĐSQG`. Dates (`1/7/2024`) never match: a number's issuer part starts with a capital."""

Kind = Literal["luật", "nghị định", "quyết định", "nghị quyết", "kế hoạch", "chỉ thị", "thông tư", "văn bản"]
Name = Annotated[str, Field(min_length=3, max_length=120)]


def canonical(text: str) -> str:
    """`text` in one Unicode form (NFC), so a number typed with combining accents matches the register's."""
    return unicodedata.normalize("NFC", text)


class LawSource(BaseModel):
    """One text of the register as an editor writes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Kind
    title: Annotated[str, Field(min_length=1, max_length=300)]
    issued: date
    in_force: date
    replaced_by: str | None = None
    replaced_on: date | None = None
    aliases: list[Name] = []
    checked: Annotated[str, Field(min_length=1, max_length=500)]

    @model_validator(mode="after")
    def _dates_in_order(self) -> LawSource:
        if (self.replaced_by is None) != (self.replaced_on is None):
            raise ValueError("replaced_by và replaced_on phải ghi cùng nhau")
        if self.in_force < self.issued:
            raise ValueError("in_force không được trước issued")
        if self.replaced_on is not None and self.replaced_on < self.in_force:
            raise ValueError("replaced_on không được trước in_force")
        return self


@dataclass(frozen=True)
class Law:
    """A registered text: its number and what the register says of it."""

    number: str
    source: LawSource

    def in_force_on(self, day: date) -> bool:
        """Whether the text has effect on `day`."""
        return self.source.in_force <= day and not self.ended_on(day)

    def ended_on(self, day: date) -> bool:
        """Whether the text has lost effect by `day` (replaced)."""
        return self.source.replaced_on is not None and self.source.replaced_on <= day

    def status(self, day: date) -> str:
        """The text's status on `day`, in Vietnamese, for messages and the register page."""
        if self.ended_on(day):
            return f"hết hiệu lực từ {self.source.replaced_on:%d/%m/%Y}, thay bằng {self.source.replaced_by}"
        if day < self.source.in_force:
            return f"chưa có hiệu lực (có hiệu lực từ {self.source.in_force:%d/%m/%Y})"
        return f"có hiệu lực từ {self.source.in_force:%d/%m/%Y}"


@dataclass
class Register:
    """The register's texts by number, and the short names that point to them."""

    laws: dict[str, Law] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    """Short name, folded (`fold`), to the number it names."""

    def find(self, cited: str) -> Law | None:
        """The text a citation (a number or a short name) points to, or None."""
        cited = canonical(cited)
        return self.laws.get(cited) or self.laws.get(self.aliases.get(fold(cited), ""))


def fold(name: str) -> str:
    """A short name compared without case or extra spaces."""
    return " ".join(canonical(name).casefold().split())


def load(content_dir: Path) -> tuple[Register, list[Problem]]:
    """The register of `content_dir/laws.yml` and every problem in it with its line."""
    path = content_dir / FILE
    register = Register()
    if not path.is_file():
        return register, []
    try:
        located = yamlsource.parse(path.read_text(encoding="utf-8"))
    except yamlsource.SourceError as exc:
        return register, [problem(path, exc.line, "", "yaml_invalid", detail=exc)]
    problems = [
        problem(path, line, str(where[-1]), "law_duplicate", detail=where[-1]) for where, line in located.duplicates
    ]
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        return register, problems + [problem(path, 1, "", "field_invalid", detail="phải là một bảng số hiệu: văn bản")]
    for number, entry in data.items():
        number = canonical(str(number))
        where = (number,)
        if not NUMBER.fullmatch(number):
            problems.append(problem(path, located.line_of(where), number, "law_number_invalid", detail=number))
            continue
        try:
            source = LawSource.model_validate(entry if entry is not None else {})
        except ValidationError as exc:
            problems.extend(field_problems(exc.errors(), path, located.line_of, prefix=where))
            continue
        register.laws[number] = Law(number, source)
    for number, law in register.laws.items():
        for index, alias in enumerate(law.source.aliases):
            key = fold(alias)
            if key in register.aliases:
                line = located.line_of((number, "aliases", index))
                other = register.aliases[key]
                field_name = f"{number}.aliases.{index}"
                problems.append(problem(path, line, field_name, "law_alias_duplicate", detail=alias, other=other))
                continue
            register.aliases[key] = number
        replaced_by = law.source.replaced_by
        # an entry refused above is still written in the file: its number is not reported twice
        if replaced_by is not None and canonical(replaced_by) not in {canonical(str(key)) for key in data}:
            line = located.line_of((number, "replaced_by"))
            problems.append(problem(path, line, f"{number}.replaced_by", "law_replaced_unknown", detail=replaced_by))
    return register, problems
