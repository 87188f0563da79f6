"""Settings of the floor server of bench/pages.py: the production settings (config.settings,
its full middleware stack) with bench/floor_urls.py in front of the project's URLs, and
bench/templates for the floor's one layout template."""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.floor_urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
