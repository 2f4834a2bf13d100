"""CloudFormation through boto3: a stack created or updated by a change set, its outputs, its failure explained.

A change set rather than a direct update: the SAM transform is expanded by CloudFormation into the change set, an
update with nothing to change is recognised (and skipped) instead of failing, and the admin sees what failed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError, WaiterError

CAPABILITIES = ["CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]  # the roles are named: the key's policy lists them
_WAIT = {"Delay": 15, "MaxAttempts": 240}  # creating a CloudFront distribution alone takes up to 15 minutes
_STUCK = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED"}


class StackError(RuntimeError):
    """The stack could not be deployed; the message says why, in the admin's words."""


def check_parameters(template: dict, parameters: dict[str, str]) -> None:
    """ValueError unless `parameters` are what CloudFormation will accept for `template`: each one known, each
    without a default given, each within its AllowedValues and AllowedPattern (checked here, before any upload)."""
    declared = template["Parameters"]
    problems = [f"{name}: tham số lạ" for name in parameters if name not in declared]
    for name, spec in declared.items():
        if name not in parameters:
            if "Default" not in spec:
                problems.append(f"{name}: thiếu")
            continue
        value = parameters[name]
        if "AllowedValues" in spec and value not in spec["AllowedValues"]:
            problems.append(f"{name}: {value!r} không thuộc {spec['AllowedValues']}")
        if "AllowedPattern" in spec and not re.fullmatch(spec["AllowedPattern"], value):
            problems.append(f"{name}: {value!r} không khớp {spec['AllowedPattern']}")
    if problems:
        raise ValueError("Tham số của stack không hợp lệ:\n  " + "\n  ".join(problems))


def status(cf: Any, name: str) -> str | None:
    """The stack's status, None when there is no such stack."""
    try:
        return cf.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise


def outputs(cf: Any, name: str) -> dict[str, str]:
    """The stack's outputs by key; empty when there is no stack yet."""
    if status(cf, name) is None:
        return {}
    stack = cf.describe_stacks(StackName=name)["Stacks"][0]
    return {item["OutputKey"]: item["OutputValue"] for item in stack.get("Outputs", [])}


def _failures(cf: Any, name: str, since: float) -> str:
    events = cf.describe_stack_events(StackName=name)["StackEvents"]
    failed = [
        f"  {event['LogicalResourceId']}: {event.get('ResourceStatusReason', '')}"
        for event in events
        if event["ResourceStatus"].endswith("_FAILED") and event["Timestamp"].timestamp() >= since
    ]
    return "\n".join(reversed(failed[:10]))


def deploy(
    cf: Any,
    name: str,
    template: dict[str, str],
    parameters: dict[str, str],
    tags: dict[str, str],
    say: Callable[[str], None] = print,
) -> dict[str, str]:
    """Create or update the stack `name`; `template` is {"TemplateURL": ...} or {"TemplateBody": ...}. Its outputs."""
    current = status(cf, name)
    if current in _STUCK:
        raise StackError(
            f"Stack {name} đang ở trạng thái {current} (lần tạo đầu bị lỗi). Xóa nó trong CloudFormation rồi chạy lại; "
            "bảng dữ liệu và các bucket có chính sách Retain nên không bị xóa theo."
        )
    if current is not None and current.endswith("_IN_PROGRESS"):
        raise StackError(f"Stack {name} đang được cập nhật ({current}); chờ xong rồi chạy lại.")
    kind = "CREATE" if current is None else "UPDATE"
    change_set = f"hocso-{int(time.time())}"
    started = time.time()
    cf.create_change_set(
        StackName=name,
        ChangeSetName=change_set,
        ChangeSetType=kind,
        **template,
        Parameters=[{"ParameterKey": key, "ParameterValue": value} for key, value in sorted(parameters.items())],
        Capabilities=CAPABILITIES,
        Tags=[{"Key": key, "Value": value} for key, value in sorted(tags.items())],
    )
    try:
        cf.get_waiter("change_set_create_complete").wait(
            StackName=name, ChangeSetName=change_set, WaiterConfig={"Delay": 5}
        )
    except WaiterError:
        reason = cf.describe_change_set(StackName=name, ChangeSetName=change_set).get("StatusReason", "")
        if "didn't contain changes" in reason or "No updates" in reason:
            cf.delete_change_set(StackName=name, ChangeSetName=change_set)
            say(f"  {name}: không có gì thay đổi")
            return outputs(cf, name)
        raise StackError(f"Không tạo được change set cho {name}: {reason}") from None
    say(f"  {name}: {'tạo mới' if kind == 'CREATE' else 'cập nhật'} (có thể mất 5-20 phút khi tạo CloudFront)...")
    cf.execute_change_set(StackName=name, ChangeSetName=change_set)
    waiter = "stack_create_complete" if kind == "CREATE" else "stack_update_complete"
    try:
        cf.get_waiter(waiter).wait(StackName=name, WaiterConfig=_WAIT)
    except WaiterError:
        raise StackError(f"Triển khai {name} thất bại ({status(cf, name)}):\n{_failures(cf, name, started)}") from None
    return outputs(cf, name)


def protect(cf: Any, name: str) -> None:
    """Turn on termination protection: deleting the production stack takes a deliberate second step."""
    cf.update_termination_protection(StackName=name, EnableTerminationProtection=True)
