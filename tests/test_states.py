"""The one state-machine helper: moves as data, one ``transition``, one ``InvalidTransition``."""
from __future__ import annotations

import enum
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from lms.errors import DomainError
from lms.states import InvalidTransition, StateMachine, transition


class Light(enum.StrEnum):
    RED = "red"
    RED_AMBER = "red_amber"
    GREEN = "green"
    BROKEN = "broken"


class LightError(InvalidTransition):
    pass


LIGHT = StateMachine(
    noun="light", plural="lights", labels={Light.RED_AMBER: "red and amber"},
    transitions={None: {Light.RED}, Light.RED: {Light.RED_AMBER, Light.BROKEN},
                 Light.RED_AMBER: {Light.GREEN}, Light.GREEN: {Light.RED, Light.BROKEN}, Light.BROKEN: set()},
    stamps={Light.BROKEN: "broken_at"}, error=LightError)

MOMENT = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)


def _light(status=None):
    return SimpleNamespace(status=status, broken_at=None)


def test_invalid_transition_is_a_domain_error():
    assert issubclass(InvalidTransition, DomainError)


def test_an_allowed_move_sets_the_status_and_returns_the_old_one():
    light = _light(Light.RED)
    assert transition(light, Light.RED_AMBER, machine=LIGHT) == Light.RED
    assert light.status == Light.RED_AMBER and light.broken_at is None


def test_a_new_object_starts_only_in_a_starting_state():
    light = _light()
    transition(light, Light.RED, machine=LIGHT)
    assert light.status == Light.RED
    with pytest.raises(InvalidTransition, match="A new light cannot start as green."):
        transition(_light(), Light.GREEN, machine=LIGHT)


def test_a_refused_move_says_where_it_can_go_and_changes_nothing():
    light = _light(Light.RED)
    with pytest.raises(LightError) as caught:
        transition(light, Light.GREEN, machine=LIGHT)
    assert str(caught.value) == "This light is red and cannot become green; it can only become red and amber or broken."
    assert light.status == Light.RED


def test_a_final_state_says_it_does_not_change():
    with pytest.raises(InvalidTransition,
                       match="This light is broken and cannot become red; broken lights do not change."):
        transition(_light(Light.BROKEN), Light.RED, machine=LIGHT)


def test_the_moment_is_recorded_where_the_machine_says():
    light = _light(Light.GREEN)
    transition(light, Light.BROKEN, machine=LIGHT, now=MOMENT)
    assert light.broken_at == MOMENT
    other = _light(Light.RED)
    transition(other, Light.BROKEN, machine=LIGHT)
    assert other.broken_at is not None


def test_next_states_follow_the_declaration_order():
    assert LIGHT.next_states(Light.GREEN) == (Light.RED, Light.BROKEN)
    assert LIGHT.next_states(Light.BROKEN) == ()
    assert LIGHT.allows(Light.RED, Light.BROKEN) and not LIGHT.allows(Light.BROKEN, Light.RED)


def test_a_machine_naming_an_undeclared_state_is_refused_when_defined():
    with pytest.raises(ValueError):
        StateMachine(noun="light", plural="lights", transitions={Light.RED: {Light.GREEN}})


def test_a_machine_can_use_another_attribute():
    machine = StateMachine(noun="lamp", plural="lamps", attribute="phase",
                           transitions={Light.RED: {Light.GREEN}, Light.GREEN: set()})
    lamp = SimpleNamespace(phase=Light.RED)
    transition(lamp, Light.GREEN, machine=machine)
    assert lamp.phase == Light.GREEN


def test_a_refusal_is_written_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        with pytest.raises(LightError) as caught:
            transition(_light(Light.RED), Light.GREEN, machine=LIGHT)
    assert str(caught.value) == ("Este elemento (light) está en el estado «red» y no puede pasar a «green»; "
                                 "solo puede pasar a red and amber o broken.")
