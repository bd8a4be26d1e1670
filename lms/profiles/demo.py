"""Demo data: the skills every demo account states (``lms.demo.DEMO_ACCOUNTS``)."""
from __future__ import annotations

from flask import Flask

from lms.demo import DEMO_ACCOUNTS, register_demo_step
from lms.profiles.skills import set_skills


def register(app: Flask) -> None:
    register_demo_step(app, demo_skills)


def demo_skills(accounts: dict) -> None:
    for spec in DEMO_ACCOUNTS:
        set_skills(accounts[spec.handle].id, spec.skills)
