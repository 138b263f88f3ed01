"""One endpoint under load, chosen by the environment: run by bench/load.py, never alone.

It has no size of its own; `python bench/load.py --tiny` (which the test suite runs) exercises it.
"""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
HEADERS = {}
if os.environ.get("BENCH_TOKEN"):
    HEADERS["Authorization"] = f"Bearer {os.environ['BENCH_TOKEN']}"
if os.environ.get("BENCH_SESSION"):
    HEADERS["Cookie"] = f"sessionid={os.environ['BENCH_SESSION']}"


class Client(FastHttpUser):
    wait_time = constant(0)

    @task
    def hit(self) -> None:
        with self.client.get(PATH, headers=HEADERS, name=PATH, catch_response=True) as response:
            if response.status_code >= 500:
                response.failure(f"{response.status_code}")
            elif response.status_code != 200:
                response.failure(f"unexpected {response.status_code}")
            else:
                response.success()
