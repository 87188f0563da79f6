"""The app's settings, with every provider pointed at the benchmark's local stand-in
(bench/boards.py sets BENCH_STANDIN to its "127.0.0.1:port"), as the tests do: production never
sets these two."""

import os

from config.settings import *  # noqa: F403

STANDIN = os.environ["BENCH_STANDIN"]
WATCHING_PROVIDER_BASE_URLS = dict.fromkeys(
    ("greenhouse", "lever", "ashby", "workable"), f"http://{STANDIN}"
)
SAFE_FETCH_TEST_HOSTS = [STANDIN]
