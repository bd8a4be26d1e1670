"""Extension objects, created unbound and initialised in ``create_app``."""
from __future__ import annotations

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


def _constraint_name(constraint, table) -> str:
    """The name given in the model or, for an unnamed CHECK (an enum column's), its column's.

    Replaces SQLAlchemy's own ``%(constraint_name)s`` token, which refuses unnamed
    constraints: ``enum_column_type`` leaves its CHECK unnamed, as a type cannot know
    the column it is used for.
    """
    if isinstance(constraint.name, str):
        return constraint.name
    columns = [column.name for column in constraint.columns]
    if not columns:
        raise ValueError(f"Name the CHECK constraint on {table.name}: it names no column.")
    return "_".join(columns)


# Stable constraint names, so migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "constraint_name": _constraint_name,
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
