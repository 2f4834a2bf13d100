"""What an administrator may write: the one rule every administrator write (reset, revocation, import) checks.

An administrator acts on learners of their unit's subtree, and on administrators and units only strictly below their
own unit. A colleague of the same unit is not theirs to act on: resetting the colleague's password would let them
activate the account with a password of their own and act under the colleague's name in the audit trail. A unit is
treated as its administrators are: renaming one's own unit, or a unit above, changes what colleagues and superiors
administer. Plain Python, no framework: the import checks use it row by row, the routes through `require_authority`.
"""

from __future__ import annotations

from typing import Literal

from functions.errors import ApiError

Target = Literal["learner", "admin", "unit"]


def refusal(scope: str, target: Target, path: str) -> str | None:
    """Why an administrator of the unit at `scope` (a unit path) may not write on a `target` at unit path `path`:
    `outside_scope` outside their subtree, `admin_not_below` for an administrator or unit of their own unit; None
    when they may."""
    if not path.startswith(scope):
        return "outside_scope"
    if target != "learner" and path == scope:
        return "admin_not_below"
    return None


def require_authority(scope: str, target: Target, path: str) -> None:
    """403 with the code of `refusal` unless the administrator of `scope` may write on this target."""
    code = refusal(scope, target, path)
    if code is not None:
        raise ApiError(code)
