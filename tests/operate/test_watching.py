"""Watching the AWS stack, proven offline: the alarms and what they read, the budget, the table's warm throughput and
cap, the roles held to their stores' item kinds (dynamodb:LeadingKeys, checked against the keys the stores really
send, since moto checks no IAM), slips that expire, and the weekly backup of the table."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from functions.audit import AuditEntry
from functions.enrolment.batches import blob_key
from functions.reports.tally import Mark
from functions.stores.dynamodb import table as table_module
from functions.stores.dynamodb.accounts import DynamoDBAccounts
from functions.stores.dynamodb.audit import DynamoDBAudit
from functions.stores.dynamodb.reach import DynamoDBReach
from functions.stores.dynamodb.table import TABLE
from functions.stores.dynamodb.tally import DynamoDBTally
from infra import package
from tests.support.leading_keys import TABLE_ARN, KeyRecorder, allowed, leading_keys, statements
from tests.support.paths import ROOT
from tests.support.world import PROVINCE, UNITS, VINH, XEN, issue

FUNCTIONS = ["quiz", "progress", "accounts", "certificates", "admin", "jobs", "events"]
TABLE_DOC = table_module.__doc__ or ""


def named(template: dict, name: str) -> package.Function:
    return next(function for function in package.functions(template) if function.name == name)


# ---------------------------------------------------------------- the table


def test_the_table_is_warm_for_a_national_peak_minute_and_capped_above_it(template):
    table = template["Resources"]["Table"]["Properties"]
    assert table["WarmThroughput"] == {
        "WriteUnitsPerSecond": {"Ref": "TableWarmWrites"},
        "ReadUnitsPerSecond": {"Ref": "TableWarmReads"},
    }
    assert table["OnDemandThroughput"] == {
        "MaxWriteRequestUnits": {"Ref": "TableMaxWrites"},
        "MaxReadRequestUnits": {"Ref": "TableMaxReads"},
    }
    default = {name: body.get("Default") for name, body in template["Parameters"].items() if name.startswith("Table")}
    assert default == {
        "TableWarmWrites": 8000,
        "TableWarmReads": 12000,
        "TableMaxWrites": 16000,
        "TableMaxReads": 24000,
    }
    # docs/scale.md 7.1: 1,673 WRU/s and 692 RRU/s over the national peak hour, its busiest minute about 2.4 times.
    peak_minute_writes, peak_minute_reads = 2.4 * 1673, 2.4 * 692
    assert round(2 * peak_minute_writes, -3) == default["TableWarmWrites"]  # twice the peak minute
    assert default["TableWarmReads"] == 12000 > 7 * peak_minute_reads  # a new table's own, already ample
    assert default["TableMaxWrites"] == 2 * default["TableWarmWrites"] and default["TableMaxReads"] == 2 * 12000


# ---------------------------------------------------------------- the roles, held to their stores' item kinds


# What each function's table statements allow by partition key (dynamodb:LeadingKeys). Quiz and progress hold the
# accounts store only for the identity check, which reads the account's token version and nothing else, and the quiz
# for the province's training rounds too (its attempt limit counts the current round's attempts).
TALLY_KINDS = {"LEARNER#*", "TALLY", "TALLY#*", "PARKED#*"}

ACCOUNT_KINDS = {"UNITS", "ROUNDS#*", "ACCOUNT#*", "USERNAME#*", "IDENTITY#*", "STRIKE#*"}

ATTEMPT_KINDS = {"ATTEMPT#*", "LC#*", "GUESTS#*"}

CERTIFICATE_KINDS = {"CERT#*", "LEARNER#*", "STATUS#*"}

AUDIT_KINDS = {"AUDIT", "AUDIT#*"}

FOCAL_KINDS = {"FOCAL#*", "LEARNER#*"}

CLASS_KINDS = {"CLASS#*"}
QUESTION_KINDS = {"QSTATS#*"}

LEADING_KEYS = {
    "quiz": {"ACCOUNT#*", "ROUNDS#*"} | ATTEMPT_KINDS | TALLY_KINDS | QUESTION_KINDS,
    "progress": {"ACCOUNT#*"} | ATTEMPT_KINDS | TALLY_KINDS,
    "accounts": ACCOUNT_KINDS | AUDIT_KINDS | TALLY_KINDS,
    "certificates": ACCOUNT_KINDS | ATTEMPT_KINDS | AUDIT_KINDS | CERTIFICATE_KINDS | TALLY_KINDS,
    "admin": ACCOUNT_KINDS
    | ATTEMPT_KINDS
    | AUDIT_KINDS
    | CERTIFICATE_KINDS
    | TALLY_KINDS
    | FOCAL_KINDS
    | CLASS_KINDS
    | QUESTION_KINDS,
    "jobs": ACCOUNT_KINDS - {"STRIKE#*"} | AUDIT_KINDS | CERTIFICATE_KINDS | TALLY_KINDS,
    "events": {"REACH#*"},
}

STORE_KINDS = {
    "accountitems": ACCOUNT_KINDS - {"STRIKE#*", "ROUNDS#*"},  # the accounts store's item keys (and a merge's)
    "strikes": {"STRIKE#*"},
    "rounds": {"ROUNDS#*"},
    "attempts": ATTEMPT_KINDS,
    "audit": AUDIT_KINDS,
    "certificates": CERTIFICATE_KINDS,
    "tally": TALLY_KINDS - {"PARKED#*", "TALLY#*"},
    "shards": {"TALLY#*"},  # a step's guard, and the counters' partitions (`TALLY#<top>`, built from `REGISTRY`)
    "parking": {"PARKED#*"},
    "reach": {"REACH#*"},
    "focal": FOCAL_KINDS,
    "classes": CLASS_KINDS,
    "questions": QUESTION_KINDS,
}
"""The item kinds (partition key prefixes) each DynamoDB store module writes or reads by key."""


def test_each_role_is_held_to_the_item_kinds_of_its_stores(template):
    assert {name: leading_keys(template, name) for name in FUNCTIONS} == LEADING_KEYS


def test_the_item_kinds_of_the_policies_are_the_tables_and_each_function_may_touch_its_stores_kinds(template, tmp_path):
    documented = set(re.findall(r"^    ([A-Z]+)(#?)", TABLE_DOC.split("index gsi1")[0], re.MULTILINE))
    assert {kind + ("#*" if hash_ else "") for kind, hash_ in documented} == set().union(*STORE_KINDS.values())
    for module, kinds in STORE_KINDS.items():
        source = (ROOT / "functions" / "stores" / "dynamodb" / f"{module}.py").read_text()
        assert all(f'"{kind.removesuffix("*")}' in source for kind in kinds), module
    (tmp_path / "cds.json").write_text("{}")
    (tmp_path / "ids.txt").write_text("cds\n")
    for name in FUNCTIONS:
        held = {
            Path(entry).stem
            for _, entry in package.files(named(template, name), tmp_path)
            if entry.startswith("functions/stores/dynamodb/") and Path(entry).stem in STORE_KINDS
        }
        wanted = set().union(*(STORE_KINDS[store] for store in held))
        if name == "quiz":
            wanted -= ACCOUNT_KINDS - {"ACCOUNT#*", "ROUNDS#*"}
        if name == "progress":
            wanted -= ACCOUNT_KINDS - {"ACCOUNT#*"}
        if name == "jobs":
            wanted -= {"STRIKE#*"}  # a job signs no one in: sign-in failures are not its to count
        assert leading_keys(template, name) == wanted, name


def test_the_events_function_touches_only_keys_its_policy_allows(template, dynamodb_endpoint, aws_env):
    import boto3

    name = f"hocso-{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    client.create_table(TableName=name, **TABLE)
    recorder = KeyRecorder()
    recorder.register(client.meta.events)
    reach = DynamoDBReach(name, client=client)
    reach.add("cds-01", "scan", "xa-nghi-loc", date(2026, 11, 30))
    reach.add("cds-01", "open", None, date(2026, 12, 1))
    assert reach.summary(date(2026, 11, 1), date(2026, 12, 31)).scans == 1
    patterns = leading_keys(template, "events")
    assert patterns and {operation for _, operation, _ in recorder.keys} == {"UpdateItem", "Query"}
    assert [key for _, _, key in recorder.keys if not allowed(key, patterns)] == []
    assert not allowed("ACCOUNT#hv.0001", patterns) and not allowed("TALLY#NA", patterns)


def test_the_administrators_stores_touch_only_keys_its_policy_allows(template, dynamodb_endpoint, aws_env):
    """Units, accounts issued one by one and as an import's batch, the audit trail of a province and of the country:
    the administrators' function's store calls, their keys held to its role's patterns: every call names a key, the
    country's trail too."""
    import boto3

    name = f"hocso-{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    client.create_table(TableName=name, **TABLE)
    recorder = KeyRecorder()
    recorder.register(client.meta.events)
    accounts, audit = DynamoDBAccounts(name, client=client), DynamoDBAudit(name, client=client)
    accounts.put_units(list(UNITS))
    first, _ = issue(accounts, "Nguyễn Văn An", XEN)
    second, _ = issue(accounts, "Trần Thị Bình", VINH)
    assert [created for _, created in filter(None, accounts.add_accounts([first, second]))] == [False, False]
    assert accounts.unit(XEN.code) == XEN and accounts.by_username(second.username) == second
    at = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    audit.record(AuditEntry(at=at, admin_id="u.admin", admin_unit_path=XEN.path, action="slips.download", target="b1"))
    assert len(audit.entries(PROVINCE.path)) == len(audit.entries("")) == 1
    patterns = leading_keys(template, "admin")
    sent = {key.split("#")[0] for _, _, key in recorder.keys}
    assert patterns and sent >= {"UNITS", "ACCOUNT", "USERNAME", "IDENTITY", "AUDIT"}
    assert {"AUDIT", f"AUDIT#{PROVINCE.code}"} <= {key for _, _, key in recorder.keys}
    assert [key for _, _, key in recorder.keys if not allowed(key, patterns)] == []
    assert not allowed("REACH#2026-11", patterns)


def test_focal_officials_lists_touch_only_keys_the_administrators_role_allows(template, dynamodb_endpoint, aws_env):
    """A list given, replaced, refused for a learner another follows, and a province's lists read: every key the
    focal store sends is one the administrators' role may touch, through actions it holds (none deletes)."""
    import boto3

    from functions.accounts.focal import FollowedElsewhere
    from functions.stores.dynamodb.focal import DynamoDBFocal

    name = f"hocso-{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    client.create_table(TableName=name, **TABLE)
    recorder = KeyRecorder()
    recorder.register(client.meta.events)
    focal = DynamoDBFocal(name, client=client)
    focal.assign("u.an", XEN.path, ["u.a", "u.b"])
    focal.assign("u.an", XEN.path, ["u.b", "u.c"])
    try:
        focal.assign("u.binh", XEN.path, ["u.c"])
    except FollowedElsewhere:
        pass
    assert [a.focal_id for a in focal.under(PROVINCE.path)] == ["u.an"] and focal.followed("u.binh") == []
    patterns = leading_keys(template, "admin") or set()
    assert {key.split("#")[0] for _, _, key in recorder.keys} == {"FOCAL", "LEARNER"}
    assert [key for _, _, key in recorder.keys if not allowed(key, patterns)] == []
    actions = {
        action
        for statement in statements(template, "admin").values()
        if statement["Resource"] == TABLE_ARN
        for action in statement["Action"]
    }
    sent = {f"dynamodb:{op}" for _, op, _ in recorder.keys if not op.startswith("Transact")}
    assert sent <= actions and "dynamodb:DeleteItem" not in actions


def test_sign_in_counters_and_parked_counts_use_only_what_their_roles_allow(template, dynamodb_endpoint, aws_env):
    """A try struck, pardoned and forgiven (the accounts function signs in), a learner's count parked and its step
    taken back (the certificates function revokes), an import's counts parked (the administrators'): each request's
    operation and partition key held to the function's role, which grants no DeleteItem."""
    import boto3

    name = f"hocso-{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint)
    client.create_table(TableName=name, **TABLE)
    recorder = KeyRecorder()
    recorder.register(client.meta.events)
    accounts, tally = DynamoDBAccounts(name, client=client), DynamoDBTally(name, client=client)
    at = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

    def certified(learner: str) -> Mark:
        return Mark(learner, XEN.code, XEN.path, None, "cds", "certified", date(2026, 11, 23), None)

    recorder.function = "accounts"
    for key in ("address#10.0.0.0#1", "user#hocvien1#1"):
        assert accounts.strike(key, at, [0], at + timedelta(days=1)) == 1
    accounts.pardon("address#10.0.0.0#1")
    accounts.forgive("user#hocvien1#1")
    assert accounts.strikes("user#hocvien1#1") is None
    assert accounts.strike("user#hocvien1#1", at, [0], at + timedelta(days=1)) == 1  # counts again from one
    tally.park([certified("u.a")])
    recorder.function = "certificates"
    tally.park([certified("u.b")])
    assert tally.unmark(certified("u.b")) is False
    recorder.function = "admin"
    tally.park([certified("u.c"), certified("u.d")])
    for function in ("accounts", "certificates", "admin"):
        table_statements = [s for s in statements(template, function).values() if s["Resource"] == TABLE_ARN]
        actions = {action for statement in table_statements for action in statement["Action"]}
        sent = [(operation, key) for by, operation, key in recorder.keys if by == function]
        # A transaction is authorised item by item, by the action each names (Put, Update, ConditionCheck).
        assert {f"dynamodb:{op}" for op, _ in sent if not op.startswith("Transact")} <= actions, function
        assert "dynamodb:DeleteItem" not in actions
        assert [key for _, key in sent if not allowed(key, leading_keys(template, function) or set())] == []
    assert {learner.learner_id for learner in tally.parked()} == {"u.a", "u.c", "u.d"}


# ---------------------------------------------------------------- alarms, budget, expiry, backups


def resources(template: dict, kind: str) -> dict[str, dict]:
    return {name: body for name, body in template["Resources"].items() if body["Type"] == kind}


def alarms(template: dict) -> dict[str, dict]:
    return {name: body["Properties"] for name, body in resources(template, "AWS::CloudWatch::Alarm").items()}


def metrics(alarm: dict) -> set[tuple[str, str, tuple]]:
    """(namespace, metric, dimensions) of an alarm, whether it watches one metric or a formula over several."""
    stats = [query["MetricStat"]["Metric"] for query in alarm.get("Metrics", []) if "MetricStat" in query]
    stats += [alarm] if "MetricName" in alarm else []
    return {
        (
            metric["Namespace"],
            metric["MetricName"],
            tuple((d["Name"], json.dumps(d["Value"])) for d in metric.get("Dimensions", [])),
        )
        for metric in stats
    }


def test_every_alarm_mails_the_topic_when_it_fires_and_when_it_ends(template):
    for name, alarm in alarms(template).items():
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}] == alarm["OKActions"], name
        assert alarm["TreatMissingData"] == "notBreaching", name
        assert alarm["AlarmName"]["Fn::Sub"].startswith("hocso-${Stage}-"), name


def test_the_api_alarm_is_a_rate_of_server_errors_from_api_gateway(template):
    alarm = alarms(template)["ApiServerErrorsAlarm"]
    stage = (("ApiId", json.dumps({"Ref": "Api"})), ("Stage", '"$default"'))
    assert metrics(alarm) == {("AWS/ApiGateway", "5xx", stage), ("AWS/ApiGateway", "Count", stage)}
    (formula,) = [query for query in alarm["Metrics"] if query["ReturnData"]]
    assert formula["Expression"] == "IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)"
    assert (
        alarm["Threshold"] == {"Ref": "ApiErrorPercent"} and template["Parameters"]["ApiErrorPercent"]["Default"] == 1
    )


def test_throttles_of_the_table_and_its_index_the_cap_and_conflicts_are_watched(template):
    table = ("TableName", json.dumps({"Ref": "Table"}))
    index = (table, ("GlobalSecondaryIndexName", '"gsi1"'))
    watched = {
        name: metrics(alarm)
        for name, alarm in alarms(template).items()
        if name.startswith(("Table", "Index", "Transaction"))
    }
    assert watched == {
        "TableReadThrottlesAlarm": {("AWS/DynamoDB", "ReadThrottleEvents", (table,))},
        "TableWriteThrottlesAlarm": {("AWS/DynamoDB", "WriteThrottleEvents", (table,))},
        "IndexReadThrottlesAlarm": {("AWS/DynamoDB", "ReadThrottleEvents", index)},
        "IndexWriteThrottlesAlarm": {
            ("AWS/DynamoDB", "WriteThrottleEvents", index),
            ("AWS/DynamoDB", "WriteKeyRangeThroughputThrottleEvents", index),
        },
        "TableCapAlarm": {
            ("AWS/DynamoDB", "WriteMaxOnDemandThroughputThrottleEvents", (table,)),
            ("AWS/DynamoDB", "ReadMaxOnDemandThroughputThrottleEvents", (table,)),
        },
        "TransactionConflictsAlarm": {("AWS/DynamoDB", "TransactionConflict", (table,))},
    }
    assert alarms(template)["TransactionConflictsAlarm"]["Threshold"] == {"Ref": "ConflictsPerFiveMinutes"}


def test_the_budget_mails_the_topic_which_budgets_may_publish_to_and_encrypt_for(template):
    budget = template["Resources"]["Budget"]["Properties"]
    assert budget["Budget"]["BudgetLimit"] == {"Amount": {"Ref": "BudgetMonthlyUsd"}, "Unit": "USD"}
    assert budget["Budget"]["TimeUnit"] == "MONTHLY" and budget["Budget"]["BudgetType"] == "COST"
    assert [
        (entry["Notification"]["NotificationType"], entry["Notification"]["Threshold"], entry["Subscribers"])
        for entry in budget["NotificationsWithSubscribers"]
    ] == [
        ("ACTUAL", 80, [{"SubscriptionType": "SNS", "Address": {"Ref": "AlarmTopic"}}]),
        ("FORECASTED", 100, [{"SubscriptionType": "SNS", "Address": {"Ref": "AlarmTopic"}}]),
    ]
    topic_policy = template["Resources"]["AlarmTopicPolicy"]["Properties"]
    publish = topic_policy["PolicyDocument"]["Statement"][0]
    assert topic_policy["Topics"] == [{"Ref": "AlarmTopic"}] and publish["Action"] == "sns:Publish"
    assert publish["Principal"]["Service"] == ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]
    assert publish["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    key = template["Resources"]["DataKey"]["Properties"]["KeyPolicy"]["Statement"]
    (encrypting,) = [statement for statement in key if statement["Sid"] == "AlarmsPublishToTheEncryptedTopic"]
    assert "budgets.amazonaws.com" in encrypting["Principal"]["Service"]
    assert template["Resources"]["AlarmTopic"]["Properties"]["KmsMasterKeyId"] == {"Ref": "DataKey"}


def test_slips_exports_uploads_and_job_records_expire_and_certificates_stay(template):
    rules = {
        rule.get("Prefix", ""): rule
        for rule in template["Resources"]["DataBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    }
    slips = blob_key("b-1", "pdf").split("/")[0] + "/"  # where an import's slips, CSV and manifest are kept
    assert (rules[slips]["Status"], rules[slips]["ExpirationInDays"]) == ("Enabled", 60)
    assert rules[slips]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 1}  # the codes do not linger as versions
    assert (rules["exports/"]["ExpirationInDays"], rules["exports/"]["NoncurrentVersionExpiration"]) == (
        7,
        {"NoncurrentDays": 1},
    )
    # An uploaded list (names, identity numbers) a day, a job's record a month; neither lingers as old versions.
    assert (rules["uploads/"]["ExpirationInDays"], rules["jobs/"]["ExpirationInDays"]) == (1, 30)
    assert rules["uploads/"]["NoncurrentVersionExpiration"] == rules["jobs/"]["NoncurrentVersionExpiration"]
    assert rules["jobs/"]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 1}
    assert set(rules) == {"", slips, "exports/", "uploads/", "jobs/"}  # nothing expires certificates/
    assert "ExpirationInDays" not in rules[""] and rules[""]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 90}


def test_a_weekly_backup_of_the_table_is_kept_for_the_parameters_days_in_an_encrypted_vault(template):
    found = template["Resources"]
    assert found["BackupVault"]["Properties"]["EncryptionKeyArn"] == {"Fn::GetAtt": ["DataKey", "Arn"]}
    assert found["BackupVault"]["DeletionPolicy"] == "Retain"
    (rule,) = found["BackupPlan"]["Properties"]["BackupPlan"]["BackupPlanRule"]
    assert rule["TargetBackupVault"] == {"Ref": "BackupVault"} and rule["ScheduleExpression"] == "cron(0 19 ? * SAT *)"
    assert rule["Lifecycle"] == {"DeleteAfterDays": {"Ref": "BackupRetentionDays"}}
    selection = found["BackupSelection"]["Properties"]
    assert selection["BackupPlanId"] == {"Ref": "BackupPlan"}
    assert selection["BackupSelection"]["Resources"] == [{"Fn::GetAtt": ["Table", "Arn"]}]
    role = found["BackupRole"]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "backup.amazonaws.com"}
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"}
    ]
    assert template["Parameters"]["BackupRetentionDays"]["Default"] == 91  # a quarter, past PITR's 35 days
