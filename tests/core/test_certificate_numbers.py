"""Certificate numbers: readable, typeable, and a typo is caught rather than looked up."""

import random

from functions.certificates.numbers import ALPHABET, new_number, normalise


def test_a_new_number_has_the_printed_shape_and_is_its_own_normal_form():
    rng = random.Random(5)
    for _ in range(200):
        number = new_number(rng)
        assert len(number) == 14 and number.startswith("HS-") and number[7] == "-" and number[12] == "-"
        assert normalise(number) == number


def test_typing_in_any_case_with_spaces_or_look_alike_letters_is_accepted():
    number = new_number(random.Random(9))
    assert normalise(number.lower().replace("-", " ")) == number
    body = number[3:7] + number[8:12]
    if "0" in body or "1" in body:
        typed = number.replace("0", "O").replace("1", "l")
        assert normalise(typed) == number


def test_any_single_mistyped_character_is_caught():
    rng = random.Random(11)
    for _ in range(50):
        number = new_number(rng)
        positions = [3, 4, 5, 6, 8, 9, 10, 11]
        for position in positions:
            for char in ALPHABET:
                if char != number[position]:
                    typo = number[:position] + char + number[position + 1 :]
                    assert normalise(typo) is None, (number, typo)


def test_swapping_two_neighbouring_characters_is_caught():
    rng = random.Random(13)
    for _ in range(200):
        number = new_number(rng)
        body = number[3:7] + number[8:12]
        for i in range(7):
            if body[i] != body[i + 1]:
                swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
                assert normalise(f"HS-{swapped[:4]}-{swapped[4:]}-{number[-1]}") is None


def test_garbage_is_not_a_number():
    for text in ("", "HS-", "HS-1234-5678", "HS-1234-5678-90", "HS-UUUU-UUUU-0", "xin chào"):
        assert normalise(text) is None


def test_look_alikes_are_forgiven_in_the_check_character_too():
    for n in range(200):
        number = new_number(random.Random(n))
        typed = number[:-1] + {"0": "o", "1": "l"}.get(number[-1], number[-1])
        assert normalise(typed) == number
