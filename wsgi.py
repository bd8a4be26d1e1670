"""WSGI entry point: ``gunicorn wsgi:app``."""
from lms import create_app, freeze_start_up_objects

app = create_app()
freeze_start_up_objects()
