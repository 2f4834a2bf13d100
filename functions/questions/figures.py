"""The figures editors read from the running sums: difficulty, discrimination, and the flags that say which
questions to look at (docs/editors.md explains each and what to do).

- Difficulty `p`: the share of draws answered right.
- Discrimination: the point-biserial correlation between the question right (0/1) and the rest-score (the attempt's
  other questions right), from the sums alone: r = cov(x, s) / sqrt(var x · var s). Near +1 the learners who know
  the rest get it right and the others not; near 0 it tells nothing; below 0 the stronger learners get it wrong more
  often than the weaker (a wrong key, or a trap).
- Flags, each only from `ENOUGH` draws on: `too_easy` (p above `TOO_EASY`), `too_hard` (p below `TOO_HARD`),
  `misleading` (discrimination below 0), `leak` (some unit in some month answers it right far more often than the
  question's history: `leaks`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from functions.questions.sums import Cell, Sums

ENOUGH = 30
"""Draws a question needs before it is flagged too easy, too hard or misleading: fewer, and one room's luck decides."""
TOO_EASY = 0.95
"""Above this share right, a question no longer tells who learnt the lesson."""
TOO_HARD = 0.3
"""Below this share right, a four-choice question is answered about as well as by guessing (0.25)."""
LEAK_DRAWS = 10
"""Draws a unit needs in a month before its success on a question can be called a leak."""
LEAK_HISTORY = 30
"""Draws the question needs elsewhere (other units, other months) to have a history to compare with."""
LEAK_GAP = 0.2
"""How far, at least, the unit's share right must stand above the history's: a real jump, not a fine difference."""
LEAK_CHANCE = 0.001
"""The leak rule's test: were the unit's learners answering as the history does (each right with the history's
share), the chance of at least as many right would be below this (one-sided exact binomial test). One in a thousand
keeps false alarms rare when a province has hundreds of communes, each a few months a year."""


def difficulty(sums: Sums) -> float | None:
    """The share of draws answered right; None before any draw."""
    return sums.right / sums.n if sums.n else None


def discrimination(sums: Sums) -> float | None:
    """The point-biserial correlation of the question right with the rest-score; None while either never varies."""
    if sums.n < 2:
        return None
    n = sums.n
    mean_x, mean_s = sums.right / n, sums.rest / n
    var_x = mean_x * (1 - mean_x)
    var_s = sums.rest2 / n - mean_s * mean_s
    if var_x <= 0 or var_s <= 1e-12:
        return None
    return (sums.right_rest / n - mean_x * mean_s) / math.sqrt(var_x * var_s)


def chance_at_least(right: int, n: int, p: float) -> float:
    """P(X ≥ right) for X binomial(n, p): how likely `right` or more in `n` draws, each right with chance `p`."""
    if right <= 0:
        return 1.0
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    for k in range(right, n + 1):
        log_term = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q
        total += math.exp(log_term)
    return min(total, 1.0)


@dataclass(frozen=True)
class Leak:
    """A unit and month whose learners answered a question right far more often than its history."""

    unit_path: str
    unit_code: str
    month: str
    draws: int
    right: int
    history_draws: int
    history_p: float
    chance: float


def leak(cell_sums: Sums, history: Sums) -> float | None:
    """The chance (`chance_at_least`) of the cell's successes under the history's share, when the leak rule calls
    them a leak; None otherwise (too few draws here or in the history, too small a jump, or chance enough)."""
    if cell_sums.n < LEAK_DRAWS or history.n < LEAK_HISTORY:
        return None
    base = history.right / history.n
    if cell_sums.right / cell_sums.n - base < LEAK_GAP:
        return None
    chance = chance_at_least(cell_sums.right, cell_sums.n, base)
    return chance if chance < LEAK_CHANCE else None


@dataclass
class QuestionFigures:
    """One question's figures over the cells read, and the flags they raise."""

    question_id: str
    sums: Sums = field(default_factory=Sums)
    leaks: list[Leak] = field(default_factory=list)

    @property
    def p(self) -> float | None:
        return difficulty(self.sums)

    @property
    def discrimination(self) -> float | None:
        return discrimination(self.sums)

    @property
    def flags(self) -> list[str]:
        """`too_easy`, `too_hard`, `misleading`, `leak`, in that order, those that apply."""
        found = []
        p, r = self.p, self.discrimination
        if self.sums.n >= ENOUGH and p is not None:
            if p > TOO_EASY:
                found.append("too_easy")
            if p < TOO_HARD:
                found.append("too_hard")
            if r is not None and r < 0:
                found.append("misleading")
        if self.leaks:
            found.append("leak")
        return found


def figures(cells: list[Cell], month: str | None = None) -> dict[str, QuestionFigures]:
    """Each question's figures over `cells` (one course, a subtree), by question id: its sums over the cells of
    `month` (all months when None), and the cells of that month that leak, each against the question's history in
    every other cell read (other units, other months)."""
    total: dict[str, Sums] = defaultdict(Sums)
    for cell in cells:
        for question_id, sums in cell.questions.items():
            total[question_id] += sums
    found: dict[str, QuestionFigures] = {}
    for cell in cells:
        if month is not None and cell.month != month:
            continue
        for question_id, sums in cell.questions.items():
            figure = found.setdefault(question_id, QuestionFigures(question_id))
            figure.sums += sums
            history = total[question_id] - sums
            chance = leak(sums, history)
            if chance is not None:
                p = history.right / history.n
                figure.leaks.append(
                    Leak(cell.unit_path, cell.unit_code, cell.month, sums.n, sums.right, history.n, p, chance)
                )
    return found
