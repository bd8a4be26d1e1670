"""Verification codes (pure)."""
from lms.certificates.codes import ALPHABET, CODE_LENGTH, codes_match, format_code, hash_code, new_code, normalise_code


def test_new_codes_carry_160_random_bits_in_crockford_base32():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == CODE_LENGTH == 32 and set(code) <= set(ALPHABET) for code in codes)
    assert len(ALPHABET) ** CODE_LENGTH == 2 ** 160
    assert not set("ILOU") & set(ALPHABET)


def test_codes_are_shown_in_dash_separated_groups_of_four():
    code = "7K3M9QXD" * 4
    assert format_code(code) == "7K3M-9QXD-7K3M-9QXD-7K3M-9QXD-7K3M-9QXD"


def test_typed_codes_are_normalised_case_dashes_spaces_and_confusable_letters():
    code = new_code()
    typed = " " + format_code(code).lower().replace("-", " - ") + "\n"
    assert normalise_code(typed) == code
    assert normalise_code("iLoO" + "0" * 28) == "1100" + "0" * 28


def test_what_cannot_be_a_code_normalises_to_none():
    code = new_code()
    assert normalise_code(code[:-1]) is None
    assert normalise_code(code + "0") is None
    assert normalise_code("U" * 32) is None
    assert normalise_code("") is None
    assert normalise_code("../../etc/passwd") is None


def test_code_hash_is_the_sha256_of_the_canonical_code():
    code = new_code()
    assert hash_code(code) == hash_code(normalise_code(format_code(code).lower()))
    assert len(hash_code(code)) == 64
    assert codes_match(code, code) and not codes_match(code, new_code())
