"""Whether a KMS request on the stage's DataKey would be allowed, read from infra/template.yaml the way AWS reads it:
the key's policy, and for a statement whose principal is the account, the role's own IAM policies as well (inline,
and the managed policies that name the role). No AWS service checks IAM or key policies offline (moto checks none),
so the template tests ask this reader instead, with the requests that DynamoDB, S3, Lambda and Secrets Manager really
make on a role's behalf: `kms:ViaService` and the encryption context each service binds.

The template is resolved for one stage in one account (`PLACES`); only what the policies use is resolved. Conditions
are read as IAM reads them: every operator must hold, a list is any of its values, a missing request key fails every
operator but the negated ones, `*` and `?` are wildcards in the -Like operators (`fnmatchcase`, as the patterns hold
no `[`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

ACCOUNT = "111122223333"
REGION = "ap-southeast-1"
STAGE = "prod"
PLACES = {
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "Stage": STAGE,
    "Table": f"hocso-{STAGE}",
    "Table.Arn": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/hocso-{STAGE}",
    "DataBucket.Arn": "arn:aws:s3:::hocso-prod-databucket-1x2y3z",
    "DataKey.Arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0d5b7e6c-1111-2222-3333-444455556666",
}
KEY_ARN = PLACES["DataKey.Arn"]
BUCKET_ARN = PLACES["DataBucket.Arn"]
ROOT = f"arn:aws:iam::{ACCOUNT}:root"


def role_arn(name: str) -> str:
    """The ARN of the stage's role `hocso-<stage>-<name>` (a function's, or `backup`)."""
    return f"arn:aws:iam::{ACCOUNT}:role/hocso-{STAGE}-{name}"


def via(service: str) -> str:
    """The `kms:ViaService` value of a request a service makes in this region."""
    return f"{service}.{REGION}.amazonaws.com"


def secret_arn(name: str) -> str:
    """The ARN of the stage's secret `hocso/<stage>/<name>` (Secrets Manager adds six random characters)."""
    return f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:hocso/{STAGE}/{name}-AbC123"


def function_arn(name: str) -> str:
    """The ARN of the stage's function `hocso-<stage>-<name>`."""
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:hocso-{STAGE}-{name}"


@dataclass(frozen=True)
class Request:
    """One call to KMS: who makes it (a role's ARN, or a service principal), through which service, what context."""

    action: str
    principal: str
    via: str | None = None
    context: dict[str, str] = field(default_factory=dict)
    service_principal: bool = False
    grant_for_resource: bool = False

    def value(self, key: str) -> str | None:
        if key == "kms:ViaService":
            return self.via
        if key == "aws:PrincipalArn":
            return None if self.service_principal else self.principal
        if key == "aws:SourceAccount":
            return ACCOUNT
        if key == "kms:GrantIsForAWSResource":
            return "true" if self.grant_for_resource else None
        if key.startswith("kms:EncryptionContext:"):
            return self.context.get(key.removeprefix("kms:EncryptionContext:"))
        raise AssertionError(f"the template uses a condition key this reader does not know: {key}")


def resolve(value: Any) -> Any:
    """A template value with the intrinsics the policies use resolved for `PLACES`."""
    if isinstance(value, list):
        return [resolve(item) for item in value]
    if isinstance(value, dict) and len(value) == 1:
        ((kind, argument),) = value.items()
        if kind == "Fn::Sub":
            return re.sub(r"\$\{([^}]+)\}", lambda match: PLACES[match[1]], argument)
        if kind == "Fn::GetAtt":
            return PLACES[".".join(argument)]
        if kind == "Ref":
            return PLACES[argument]
    return value


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


_OPERATORS = {
    "StringEquals": lambda have, want: have == want,
    "ArnEquals": lambda have, want: have == want,
    "StringLike": fnmatchcase,
    "ArnLike": fnmatchcase,
    "Bool": lambda have, want: have == want,
}


def _holds(condition: dict, request: Request) -> bool:
    for operator, tests in condition.items():
        for key, wanted in tests.items():
            have, wanted = request.value(key), [str(item) for item in _listed(resolve(wanted))]
            if operator in ("ArnNotLike", "StringNotLike"):
                if have is not None and any(fnmatchcase(have, want) for want in wanted):
                    return False
                continue
            if have is None or not any(_OPERATORS[operator](have, want) for want in wanted):
                return False
    return True


def _matches(statement: dict, request: Request) -> bool:
    actions = _listed(statement["Action"])
    return (
        statement["Effect"] == "Allow"
        and any(fnmatchcase(request.action, action) for action in actions)
        and _holds(statement.get("Condition", {}), request)
    )


def key_statements(template: dict) -> list[dict]:
    """The statements of DataKey's policy."""
    return template["Resources"]["DataKey"]["Properties"]["KeyPolicy"]["Statement"]


def role_statements(template: dict, role: str) -> list[dict]:
    """Every statement of the role resource `role`'s own IAM policies: inline, and managed policies that name it."""
    resources = template["Resources"]
    found = [
        statement
        for policy in resources[role]["Properties"].get("Policies", [])
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    for body in resources.values():
        if body["Type"] in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy") and {"Ref": role} in body["Properties"].get(
            "Roles", []
        ):
            found += body["Properties"]["PolicyDocument"]["Statement"]
    return found


def _principal_matches(statement: dict, request: Request) -> bool:
    principal = statement["Principal"]
    if request.service_principal:
        return request.principal in _listed(resolve(principal.get("Service", [])))
    return ROOT in _listed(resolve(principal.get("AWS", [])))


def key_allows(template: dict, request: Request) -> list[str]:
    """The Sids of the key policy's statements that allow `request` (for the account's principals, IAM must too)."""
    return [
        statement["Sid"]
        for statement in key_statements(template)
        if _principal_matches(statement, request) and _matches(statement, request)
    ]


def allowed(template: dict, request: Request, role: str | None = None) -> bool:
    """Whether KMS allows `request` on DataKey. `role` is the role resource making it (its IAM policies must allow it
    too, as the key's policy grants roles through the account); a service principal needs only the key's policy."""
    by_key = bool(key_allows(template, request))
    if request.service_principal or not by_key:
        return by_key
    assert role is not None, "a role's request needs the role resource, whose IAM policies must allow it too"
    return any(
        _matches(statement, request)
        and any(fnmatchcase(KEY_ARN, resource) for resource in _listed(resolve(statement["Resource"])))
        for statement in role_statements(template, role)
    )
