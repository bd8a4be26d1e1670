"""WSGI entry point: ``gunicorn wsgi:app``."""
import gc

from lms import create_app

app = create_app()

# What building the app made (modules, routes, templates, the ORM's mappings: ~280,000 objects)
# lives as long as the process. Moved out of the collector's reach, a full collection no longer
# walks it: a pause of ~160 ms every few hundred requests, ~1 ms per request on average, gone
# (docs/performance.md, "gc.freeze()").
gc.collect()
gc.freeze()
