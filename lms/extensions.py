"""Extension objects, created unbound and initialised in ``create_app``."""
from __future__ import annotations

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


def _constraint_name(constraint, table) -> str:
    """The name given in the model; for an enum column's CHECK, the column's name.

    Replaces SQLAlchemy's own ``%(constraint_name)s`` token. An ``Enum`` names its CHECK
    after the enum class, which a copy of the type (``Table.to_metadata``, alembic's
    rendering) may change; ``ck_<table>_<column>`` stays put and tells which column was
    refused. ``_type_bound`` marks a CHECK created by its column's type; alembic reads
    the same flag.
    """
    if getattr(constraint, "_type_bound", False):
        return "_".join(column.name for column in constraint.columns)
    if not isinstance(constraint.name, str):
        raise ValueError(f"Name the {type(constraint).__name__} on {table.name}: "
                         "its naming convention needs a name.")
    return constraint.name


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
