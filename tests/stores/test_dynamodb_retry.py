"""The retry rules of the DynamoDB store (`functions.stores.dynamodb.retry`): which failures are tried again, and how
long the waits are. No server: the failures are botocore's own error objects, the clock and sleep are fakes."""

import pytest
from botocore.exceptions import ClientError

from functions.stores.dynamodb.retry import LOCAL_READ_TIMEOUT, Backoff, RetryingClient, client_config, transient
from tests.support.clock import SleepingClock


def error(code: str, *reasons: str) -> ClientError:
    response: dict = {"Error": {"Code": code, "Message": "..."}}
    if reasons:
        response["CancellationReasons"] = [{"Code": reason} for reason in reasons]
    return ClientError(response, "TransactWriteItems")


@pytest.mark.parametrize(
    "failure",
    [
        error("ProvisionedThroughputExceededException"),
        error("ThrottlingException"),
        error("RequestLimitExceeded"),
        error("TransactionConflictException"),
        error("TransactionInProgressException"),
        error("TransactionCanceledException", "ThrottlingError", "None"),
        error("TransactionCanceledException", "None", "TransactionConflict"),
        error("TransactionCanceledException", "ProvisionedThroughputExceeded", "TransactionConflict"),
    ],
)
def test_throttles_and_conflicts_are_tried_again(failure):
    assert transient(failure)


@pytest.mark.parametrize(
    "failure",
    [
        error("ConditionalCheckFailedException"),
        error("TransactionCanceledException", "ConditionalCheckFailed", "None"),
        error("TransactionCanceledException", "TransactionConflict", "ConditionalCheckFailed"),
        error("TransactionCanceledException", "ValidationError"),
        error("TransactionCanceledException"),
        error("IdempotentParameterMismatchException"),
        error("ValidationException"),
        ValueError("not DynamoDB's"),
    ],
)
def test_a_failed_condition_or_a_wrong_request_is_an_answer(failure):
    assert not transient(failure)


def test_waits_grow_exponentially_up_to_the_cap():
    longest = Backoff(base=0.025, cap=1.0, draw=lambda: 1.0)
    assert [longest.delay(n) for n in range(8)] == [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    assert Backoff(draw=lambda: 0.0).delay(5) == 0.0


def test_full_jitter_draws_each_wait_between_zero_and_its_bound():
    draws = iter([0.5, 0.25, 0.999])
    backoff = Backoff(base=0.1, cap=0.3, draw=lambda: next(draws))
    assert [backoff.delay(n) for n in range(3)] == [0.05, 0.05, pytest.approx(0.2997)]
    real = Backoff()
    assert all(0 <= real.delay(n) < min(1.0, 0.025 * 2**n) for n in range(12) for _ in range(50))


def test_waits_stop_before_the_budget_is_spent():
    time = SleepingClock()
    waits = list(Backoff(base=0.5, cap=1.0, budget=3.0, clock=time, sleep=time.sleep, draw=lambda: 1.0).waits())
    assert time.slept == [0.5, 1.0, 1.0] and waits == [1, 2, 3]  # a fourth second would end past 3


def test_a_call_is_retried_while_transient_and_within_budget():
    time = SleepingClock()
    answers = iter([error("ThrottlingException"), error("TransactionCanceledException", "TransactionConflict"), "ok"])

    def operation():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    backoff = Backoff(clock=time, sleep=time.sleep, draw=lambda: 1.0)
    assert backoff.call(operation) == "ok"
    assert time.slept == [0.025, 0.05]


def test_the_budget_counts_from_the_first_try():
    time = SleepingClock()
    backoff = Backoff(budget=5.0, clock=time, sleep=time.sleep, draw=lambda: 1.0)

    def slow_then_throttled():
        time.now += 4.99  # a first try that hung until botocore gave up
        raise error("ThrottlingException")

    with pytest.raises(ClientError):
        backoff.call(slow_then_throttled)
    assert time.slept == []


def test_a_failed_condition_is_not_retried():
    time = SleepingClock()
    backoff = Backoff(clock=time, sleep=time.sleep)
    calls = []

    def operation():
        calls.append(1)
        raise error("TransactionCanceledException", "ConditionalCheckFailed")

    with pytest.raises(ClientError):
        backoff.call(operation)
    assert calls == [1] and time.slept == []


def test_every_try_of_a_transaction_carries_the_same_token():
    seen = []

    class Client:
        def transact_write_items(self, **request):
            seen.append(request["ClientRequestToken"])
            if len(seen) < 3:
                raise error("TransactionCanceledException", "ThrottlingError")

    time = SleepingClock()
    client = RetryingClient(Client(), Backoff(clock=time, sleep=time.sleep))
    client.transact_write_items(TransactItems=[])
    client.transact_write_items(TransactItems=[])
    assert len(seen) == 4 and seen[0] == seen[1] == seen[2] != seen[3]


def test_the_client_config_bounds_time_and_botocores_own_retries():
    config = client_config()
    assert (config.connect_timeout, config.read_timeout) == (2, 5)
    assert config.retries == {"mode": "standard", "max_attempts": 3}
    local = client_config("http://127.0.0.1:8000")  # a DynamoDB-API server of our own answers slowly, not never
    assert (local.connect_timeout, local.read_timeout) == (2, LOCAL_READ_TIMEOUT)
    assert local.retries == config.retries
