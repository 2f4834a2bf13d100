import os

import pytest

from functions.bank import Bank, BankShelf, write_bank
from tests.support.banks import make_bank


def test_version_is_stable_for_the_same_content():
    assert make_bank().version == make_bank().version


def test_version_changes_when_a_key_or_a_rule_changes():
    bank = make_bank()
    changed = bank.model_dump()
    changed["questions"][0]["answer"] = [2]
    changed.pop("version")
    assert Bank.model_validate(changed).version != bank.version
    assert make_bank(pass_percent=90).version != bank.version


def test_shelf_reads_a_written_bank_and_rereads_it_when_the_file_changes(tmp_path):
    shelf = BankShelf(tmp_path)
    assert shelf.get("mini") is None
    path = write_bank(make_bank(), tmp_path)
    assert shelf.get("mini").version == make_bank().version
    write_bank(make_bank(pass_percent=90), tmp_path)
    os.utime(path, (1, 1))
    assert shelf.get("mini").rules.pass_percent == 90


def test_shelf_refuses_course_ids_that_could_escape_the_folder(tmp_path):
    assert BankShelf(tmp_path).get("../secret") is None


def test_a_bank_refuses_a_practice_question_that_is_also_certified():
    bank = make_bank(practice_per_lesson=1)
    data = bank.model_dump()
    data["practice"][0]["id"] = data["questions"][0]["id"]
    data["version"] = ""
    with pytest.raises(ValueError, match="also in the certified pool"):
        Bank.model_validate(data)


def test_practice_is_offered_only_with_rules_and_questions_and_changes_the_version():
    plain, practising = make_bank(), make_bank(practice_per_lesson=1)
    assert (plain.offers_practice, practising.offers_practice) == (False, True)
    assert plain.version != practising.version
    assert practising.by_id.keys() == {question.id for question in practising.questions}  # the pool alone
