"""Per-question sums in the DynamoDB table (item kinds and keys in `functions.stores.dynamodb.table`).

A cell (unit, course, month) is one item `QSTATS#<top unit code>` / `<course id>#<unit path>#<month>` holding five
number attributes per question drawn there, named `<sum>|<question id>` (`n|attt-01-q01`, `right|...`, ...), with
`unit_code`, `unit_path`, `course_id` and `month`. A submission adds to its cell with one UpdateItem: `ADD` on every
question's sums at once (a zero is left out), atomic, so racing submissions both count, and never conditional, so
they never conflict. A course's subtree is one `begins_with` query on the province's partition.

Only an expression longer than DynamoDB's 4 KB would take a second update: about 80 questions drawn at once; the
programme's tests draw 20 (about 1.4 KB). Unlike the report counters, the update carries no token against a lost
answer tried again (`RetryingClient.update_once`): that would make every submission's write larger, and one
submission counted twice among hundreds moves no figure. Sums replayed from the log (`add_once`) go in a transaction
with a guard `QSTATS#<top unit code>` / `ONCE#<attempt id>[#<part>]` that needs a new key (a part per update when it
is split), so a replay run twice adds once.
"""

from __future__ import annotations

from typing import Any

from functions.questions.sums import FIELDS, Cell, Sums
from functions.stores.dynamodb.table import DynamoDBTable

PARTITION = "QSTATS#"
EXPRESSION = 4000
"""Characters an update expression may hold: DynamoDB's 4 KB, less room for the fixed part."""


def _key(cell: Cell) -> dict:
    top = cell.unit_path.split("/", 1)[0]
    return {"pk": {"S": PARTITION + top}, "sk": {"S": f"{cell.course_id}#{cell.unit_path}#{cell.month}"}}


def updates(cell: Cell, limit: int = EXPRESSION) -> list[dict[str, Any]]:
    """The UpdateItem requests (without the table) adding a cell's sums: one unless the expression would pass `limit`
    characters (DynamoDB's 4 KB)."""
    fixed = "SET unit_path = :path, unit_code = :code, course_id = :course, #month = :month"
    requests: list[dict[str, Any]] = []
    names: dict[str, str] = {}
    values: dict[str, dict] = {}
    terms: list[str] = []

    def flush() -> None:
        requests.append(
            {
                "UpdateExpression": f"{fixed} ADD {', '.join(terms)}",
                "ExpressionAttributeNames": {"#month": "month", **names},
                "ExpressionAttributeValues": {
                    ":path": {"S": cell.unit_path},
                    ":code": {"S": cell.unit_code},
                    ":course": {"S": cell.course_id},
                    ":month": {"S": cell.month},
                    **values,
                },
            }
        )

    for question_id, sums in cell.questions.items():
        for name, value in zip(FIELDS, sums.astuple(), strict=True):
            if not value:
                continue
            if terms and len(fixed) + sum(len(term) + 2 for term in terms) + 20 > limit:
                flush()
                names, values, terms = {}, {}, []
            placeholder = f"#q{len(names):x}"
            names[placeholder] = f"{name}|{question_id}"
            # Values repeat (every draw adds n = 1): one placeholder per distinct value keeps the expression short.
            values[f":v{value}"] = {"N": str(value)}
            terms.append(f"{placeholder} :v{value}")
    if terms:
        flush()
    return requests


class DynamoDBQuestionSums(DynamoDBTable):
    """Question sums, an item per unit, course and month, in the shared DynamoDB table."""

    expression = EXPRESSION
    """The longest update expression written (a test lowers it to split a small cell's update)."""

    def add(self, cell: Cell) -> None:
        key = _key(cell)
        for request in updates(cell, self.expression):
            self._client.update_item(TableName=self._table, Key=key, **request)

    def add_once(self, cell: Cell, token: str) -> bool:
        # A transaction may touch an item once: a split update goes as one transaction a part, each with its guard.
        key, added = _key(cell), False
        for part, request in enumerate(updates(cell, self.expression)):
            guard = {"pk": key["pk"], "sk": {"S": f"ONCE#{token}" + (f"#{part}" if part else "")}}
            try:
                self._transact([self._put_new(guard), {"Update": {"TableName": self._table, "Key": key, **request}}])
            except self._errors.TransactionCanceledException as cancelled:
                reasons = cancelled.response.get("CancellationReasons", [])
                if not reasons or reasons[0].get("Code") != "ConditionalCheckFailed":
                    raise
            else:
                added = True
        return added

    def cells(self, unit_path: str, course_id: str) -> list[Cell]:
        top = unit_path.split("/", 1)[0]
        if not top:
            # A scan would pass every role's key condition: the country is read a province at a time by the caller.
            raise ValueError("question sums are read a province's subtree at a time")
        items = self._items(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :sk)",
            ExpressionAttributeValues={":pk": {"S": PARTITION + top}, ":sk": {"S": f"{course_id}#{unit_path}"}},
        )
        found = [_cell(item) for item in items]
        return sorted(found, key=lambda cell: (cell.unit_path, cell.month))


def _cell(item: dict) -> Cell:
    """The cell an item holds: its `<sum>|<question id>` attributes gathered by question."""
    sums: dict[str, dict[str, int]] = {}
    for attribute, value in item.items():
        name, bar, question_id = attribute.partition("|")
        if bar and name in FIELDS:
            sums.setdefault(question_id, {})[name] = int(value["N"])
    return Cell(
        item["unit_path"]["S"],
        item["unit_code"]["S"],
        item["course_id"]["S"],
        item["month"]["S"],
        {question_id: Sums(**found) for question_id, found in sorted(sums.items())},
    )
