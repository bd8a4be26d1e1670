"""The process gunicorn serves (``wsgi.py``) keeps what start-up made out of the collector's reach."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_served_app_freezes_what_start_up_made_so_full_collections_do_not_walk_it(tmp_path):
    environment = {**os.environ, "LMS_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "test",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'lms.db'}"}
    environment.pop("REDIS_URL", None)
    shown = subprocess.run(
        [sys.executable, "-c", "import gc, wsgi; print(gc.get_freeze_count(), len(gc.get_objects()), wsgi.app.name)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=True, timeout=120).stdout.split()
    frozen, tracked, name = int(shown[0]), int(shown[1]), shown[2]
    assert name == "lms"
    assert frozen > 50_000            # the app's modules, routes, templates and mappings
    assert tracked < frozen // 100    # what a full collection still walks
