"""Shared by the page benchmark and the load test: a gunicorn server and signed-in HTTP clients."""
